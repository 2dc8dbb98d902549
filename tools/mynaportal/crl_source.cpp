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
namespace {

// The certificate's public key (SubjectPublicKeyInfo), or nothing when it has none readable.
Bytes key_of(X509* certificate) {
  try {
    return hostcrypto::der_of(X509_get0_pubkey(certificate));
  } catch (const hostcrypto::CryptoError&) {
    return {};
  }
}

}  // namespace

CrlSource::CrlSource(std::string crl_dir, std::string prefix, const std::string& registry_path)
    : dir_(std::move(crl_dir)), prefix_(std::move(prefix)) {
  if (registry_path.empty()) {
    registry_problem_ = "no J-LIS registry (mynaca.db) in the authority's directory";
    return;
  }
  registry_ = std::make_unique<pki::Registry>(pki::Registry::open_read_only(registry_path));
}

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

void CrlSource::load_ca_keys() {
  for (const pki::CaRecord& ca : registry_->cas()) {
    const auto record = registry_->certificate(ca.serial);
    if (!record) continue;
    hostcrypto::X509Ptr certificate = hostcrypto::x509_from_der(record->der);
    if (certificate) ca_by_key_[key_of(certificate.get())] = ca.id;
  }
}

pki::verify::CrlRequirement CrlSource::requirement(X509* issuer) {
  pki::verify::CrlRequirement need;
  std::lock_guard lock(mutex_);
  if (!registry_) {
    need.unknown = registry_problem_;
    return need;
  }
  try {
    const Bytes key = key_of(issuer);
    auto it = ca_by_key_.find(key);
    if (it == ca_by_key_.end()) {  // a generation made since the last look
      load_ca_keys();
      it = ca_by_key_.find(key);
    }
    if (it == ca_by_key_.end()) {
      need.unknown = "J-LIS's registry has no CA generation with the issuer's key";
      return need;
    }
    const pki::StatusChange change = registry_->last_status_change(it->second);
    need.since = change.at;
    need.crl_number = change.crl_number;
  } catch (const hostcrypto::CryptoError& e) {
    need.unknown = std::string("J-LIS's registry cannot be read: ") + e.what();
  }
  return need;
}

}  // namespace mynasim::portal
