// What a CRL must be at least as new as, from J-LIS's records (pki::Registry, opened read only):
// the last revocation, hold or release of the CA generation whose key issued the certificate
// (pki::verify::CrlRequirement). Every relying party that falls back to CRLs holds them to it —
// the portal's login, `mynatool cms verify` and `pdf verify` — so that a CRL issued before a
// revocation cannot pass for current. Without the registry, or when it cannot be read, the
// requirement says why and no CRL counts.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "iso7816/bytes.hpp"
#include "pki/registry.hpp"
#include "pki/verify/validator.hpp"

namespace mynasim::pki {

class CrlRequirementFromRegistry {
 public:
  // `registry_path`: the authority's mynaca.db; empty: no records.
  explicit CrlRequirementFromRegistry(const std::string& registry_path);
  ~CrlRequirementFromRegistry();

  // For the issuing CA certificate; safe from several threads.
  verify::CrlRequirement requirement(X509* issuer);

 private:
  void load_ca_keys();

  std::unique_ptr<Registry> registry_;
  std::string registry_problem_;  // why there is no registry
  std::mutex mutex_;
  std::map<Bytes, std::int64_t> ca_by_key_;  // SubjectPublicKeyInfo DER -> CA id
};

// A CrlRequirementSource over a shared CrlRequirementFromRegistry, for verify::Options.
verify::CrlRequirementSource crl_requirement_from(const std::string& registry_path);

}  // namespace mynasim::pki
