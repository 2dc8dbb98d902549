#include "pki/crl_requirement.hpp"

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"

namespace mynasim::pki {
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

CrlRequirementFromRegistry::CrlRequirementFromRegistry(const std::string& registry_path) {
  if (registry_path.empty()) {
    registry_problem_ = "no J-LIS registry (mynaca.db) in the authority's directory";
    return;
  }
  registry_ = std::make_unique<Registry>(Registry::open_read_only(registry_path));
}

CrlRequirementFromRegistry::~CrlRequirementFromRegistry() = default;

void CrlRequirementFromRegistry::load_ca_keys() {
  for (const CaRecord& ca : registry_->cas()) {
    const auto record = registry_->certificate(ca.serial);
    if (!record) continue;
    hostcrypto::X509Ptr certificate = hostcrypto::x509_from_der(record->der);
    if (certificate) ca_by_key_[key_of(certificate.get())] = ca.id;
  }
}

verify::CrlRequirement CrlRequirementFromRegistry::requirement(X509* issuer) {
  verify::CrlRequirement need;
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
    const StatusChange change = registry_->last_status_change(it->second);
    need.since = change.at;
    need.crl_number = change.crl_number;
  } catch (const hostcrypto::CryptoError& e) {
    need.unknown = std::string("J-LIS's registry cannot be read: ") + e.what();
  }
  return need;
}

verify::CrlRequirementSource crl_requirement_from(const std::string& registry_path) {
  auto records = std::make_shared<CrlRequirementFromRegistry>(registry_path);
  return [records](X509* issuer) { return records->requirement(issuer); };
}

}  // namespace mynasim::pki
