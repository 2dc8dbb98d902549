#include "tools/mynaportal/crl_source.hpp"

#include <openssl/err.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "pki/files.hpp"
#include "pki/pki_error.hpp"

namespace mynasim::portal {

CrlSource::CrlSource(std::string crl_dir, std::string prefix, const std::string& registry_path)
    : dir_(std::move(crl_dir)), prefix_(std::move(prefix)), records_(registry_path) {}

CrlSource::~CrlSource() = default;

std::vector<CrlSource::Stamp> CrlSource::stamps() const {
  std::vector<Stamp> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix_, 0) != 0 || name.size() < 4 ||
        name.compare(name.size() - 4, 4, ".crl") != 0)
      continue;
    struct stat st {};
    if (::stat(entry.path().c_str(), &st) != 0) continue;
    out.push_back({entry.path().string(), st.st_ino, st.st_size, st.st_mtim});
  }
  std::sort(out.begin(), out.end(), [](const Stamp& a, const Stamp& b) { return a.path < b.path; });
  return out;
}

std::vector<Bytes> CrlSource::crls() {
  std::vector<Stamp> now = stamps();
  std::lock_guard lock(mutex_);
  if (loads_ > 0 && now == stamps_) return crls_;
  std::vector<Bytes> fresh;
  for (const Stamp& s : now) {
    try {
      fresh.push_back(pki::read_file(s.path));
    } catch (const hostcrypto::CryptoError&) {
      // Removed between the listing and the read: a stamp no listing matches makes the next
      // fallback read the directory again.
      now = {Stamp{}};
      break;
    }
  }
  stamps_ = std::move(now);
  crls_ = std::move(fresh);
  ++loads_;
  return crls_;
}

std::size_t CrlSource::loads() const {
  std::lock_guard lock(mutex_);
  return loads_;
}

pki::verify::CrlRequirement CrlSource::requirement(X509* issuer) {
  return records_.requirement(issuer);
}

}  // namespace mynasim::portal
