// The CRL fallback's two inputs, both read from the authority's directory:
//   - the CRL files (DIR/crl/auth-g*.crl), read again only when one of them changed (another
//     inode, size or modification time: mynaca replaces them atomically at every revocation,
//     hold and release), so a fallback login costs a few stat() calls, not a parse of every CRL;
//   - J-LIS's record of the last revocation, hold or release of each CA generation
//     (pki/crl_requirement.hpp on DIR/mynaca.db, opened read only), which a CRL must be at least
//     as new as to count (pki::verify::CrlRequirement).
// Without the registry, or when it cannot be read, no CRL counts: only soft-fail lets a login
// through then.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/crl_requirement.hpp"
#include "pki/verify/validator.hpp"

namespace mynasim::portal {

class CrlSource {
 public:
  // Files of `crl_dir` whose names start with `prefix` and end in ".crl". `registry_path`: the
  // authority's mynaca.db; empty: no records.
  CrlSource(std::string crl_dir, std::string prefix, const std::string& registry_path);
  ~CrlSource();

  std::vector<Bytes> crls();
  pki::verify::CrlRequirement requirement(X509* issuer);
  std::size_t loads() const;  // how often the files were read (tests)

 private:
  struct Stamp {
    std::string path;
    ino_t inode = 0;
    off_t size = 0;
    timespec mtime{};
    bool operator==(const Stamp& o) const {
      return path == o.path && inode == o.inode && size == o.size &&
             mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
    }
  };
  std::vector<Stamp> stamps() const;

  std::string dir_, prefix_;
  pki::CrlRequirementFromRegistry records_;
  mutable std::mutex mutex_;
  std::vector<Stamp> stamps_;
  std::vector<Bytes> crls_;
  std::size_t loads_ = 0;
};

}  // namespace mynasim::portal
