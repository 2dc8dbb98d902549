#include "tools/mynaportal/signature_certificate_check.hpp"

#include <openssl/err.h>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "pki/jpki_names.hpp"
#include "pki/pki_error.hpp"
#include "pki/unix_time.hpp"
#include "pki/x509_text.hpp"
#include "tools/mynaportal/login_validator.hpp"

namespace mynasim::portal {
namespace {

// Every refusal says it is about the signature certificate: the codes are the login's.
Rejection reject(LoginError error, const std::string& detail) {
  return {error, "signature certificate: " + detail};
}

RevocationConfig for_signature(RevocationConfig config) {
  config.purpose = pki::verify::Purpose::kSignature;
  return config;
}

}  // namespace

SignatureCertificateCheck::SignatureCertificateCheck(pki::verify::TrustAnchors anchors,
                                                     RevocationConfig config,
                                                     const std::string& registry_path)
    : anchors_(std::move(anchors)), revocation_(for_signature(std::move(config))) {
  if (registry_path.empty()) {
    registry_problem_ = "no J-LIS records are configured";
    return;
  }
  try {
    registry_ = std::make_unique<pki::Registry>(pki::Registry::open_read_only(registry_path));
  } catch (const std::exception& e) {
    registry_problem_ = std::string("J-LIS's records cannot be read: ") + e.what();
  }
}

SignatureCertificateCheck::~SignatureCertificateCheck() = default;

std::optional<Rejection> SignatureCertificateCheck::same_card(std::uint64_t sign_serial,
                                                              std::uint64_t auth_serial) {
  std::lock_guard lock(registry_mutex_);
  if (!registry_)
    return reject(LoginError::kSignCertOtherCard,
                  "cannot be linked to the login: " + registry_problem_);
  std::optional<pki::CertificateRecord> sign, auth;
  try {
    sign = registry_->certificate(sign_serial);
    auth = registry_->certificate(auth_serial);
  } catch (const std::exception& e) {
    return reject(LoginError::kSignCertOtherCard,
                  std::string("cannot be linked to the login: J-LIS's records: ") + e.what());
  }
  if (!sign || sign->kind != pki::CertificateKind::kSign)
    return reject(LoginError::kSignCertOtherCard, "serial " + std::to_string(sign_serial) +
                                                      " is no signature certificate J-LIS issued");
  if (!auth || auth->card_id == 0 || auth->card_id != sign->card_id)
    return reject(LoginError::kSignCertOtherCard,
                  "serial " + std::to_string(sign_serial) +
                      " is not on the card of the user-authentication certificate (serial " +
                      std::to_string(auth_serial) + ")");
  return std::nullopt;
}

std::variant<pki::HolderAttributes, Rejection> SignatureCertificateCheck::check(
    const Token& token, std::uint64_t auth_serial, const std::string& origin,
    const std::string& nonce, pki::UnixTime now) {
  // 1.
  if (token.algorithm != kAlgorithm)
    return reject(LoginError::kAlgorithmNotAllowed,
                  "\"" + token.algorithm.substr(0, 20) + "\" (allowed: RS256)");
  const hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(token.certificate);
  ERR_clear_error();
  if (!cert) return reject(LoginError::kCertMalformed, "not one DER X.509 certificate");
  try {
    static const hostcrypto::X509NamePtr sign_ca = pki::ca_name(pki::Hierarchy::kSign);
    const X509_NAME* issuer = X509_get_issuer_name(cert.get());
    if (X509_NAME_cmp(issuer, sign_ca.get()) != 0)
      return reject(LoginError::kCertWrongPurpose,
                    "issuer " + pki::name_to_string(issuer) + " is not the JPKI signature CA");
    // 2. (validity included: pki/verify checks it at `now`)
    const ChainCheck chain = revocation_.check(token.certificate, anchors_, now);
    if (auto rejection = rejection_of(chain.result)) {
      rejection->detail = "signature certificate: " + rejection->detail;
      return *rejection;
    }
    // 3.
    if (!rs256_verifies(X509_get0_pubkey(cert.get()), token.signature,
                        signed_message(origin, nonce)))
      return reject(LoginError::kSignatureInvalid,
                    "the signature key's signature does not verify over this login's origin and "
                    "nonce");
    // 4.
    const std::uint64_t serial = pki::serial_to_u64(X509_get0_serialNumber(cert.get()));
    if (auto rejection = same_card(serial, auth_serial)) return *rejection;
    auto attributes = pki::holder_attributes(cert.get());
    if (!attributes)
      return reject(LoginError::kCertMalformed,
                    "its subjectAltName lacks the holder's name, sex, birth date or address");
    return *attributes;
  } catch (const hostcrypto::CryptoError& e) {
    return reject(LoginError::kCertMalformed, e.what());
  }
}

}  // namespace mynasim::portal
