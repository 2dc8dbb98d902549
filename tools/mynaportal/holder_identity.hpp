// Who logged in, without keeping who they are: the holder's identity is the first certificate of
// their line of renewals ("jpki-auth:<serial>"), found by following mynaca's old->new linkage
// (pki::Registry::first_of_renewal_line: certificates.replaced_by read backwards), so a renewed
// card lands in the same account. Each service sees only HMAC-SHA256(service secret, identity):
// identifiers that two services cannot link, and that say nothing without the portal's master
// secret.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/registry.hpp"

namespace mynasim::portal {

struct Service {
  std::string id;    // "mynaportal"
  std::string name;  // for people
};

// The portal itself first; the others are demo services whose identifiers the page lists.
const std::vector<Service>& services();

class HolderIdentity {
 public:
  // `registry_path`: the authority's mynaca.db (read only); empty: no linkage (each certificate
  // is its own identity).
  HolderIdentity(Bytes master_secret, const std::string& registry_path);
  ~HolderIdentity();

  std::string identity(std::uint64_t serial);
  // 32 hex digits (128 bits of HMAC-SHA256).
  std::string pseudonym(const std::string& service_id, const std::string& identity) const;

  // DATA/secret.bin: 32 random bytes made on first use (mode 0600).
  static Bytes load_or_create_secret(const std::string& path);

 private:
  Bytes master_;
  std::unique_ptr<pki::Registry> registry_;
  std::mutex mutex_;
  std::map<std::uint64_t, std::uint64_t> first_of_;  // serial -> first of its line (cache)
};

}  // namespace mynasim::portal
