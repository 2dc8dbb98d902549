#include "tools/mynaportal/login_validator.hpp"

#include <openssl/err.h>

#include "hostcrypto/der_pem.hpp"
#include "hostcrypto/errors.hpp"
#include "hostcrypto/openssl_handles.hpp"
#include "hostcrypto/sha256.hpp"
#include "pki/jpki_names.hpp"
#include "pki/pki_error.hpp"
#include "pki/unix_time.hpp"
#include "pki/x509_text.hpp"

namespace mynasim::portal {
namespace {

using pki::verify::Status;

Rejection reject(LoginError error, std::string detail) {
  return {error, std::move(detail)};
}

// Step 4: the certificate on its own, before any chain is built.
std::optional<Rejection> check_certificate(X509* cert, const ValidatorConfig& config,
                                           pki::UnixTime now) {
  const pki::UnixTime not_before = pki::unix_time_of(X509_get0_notBefore(cert));
  const pki::UnixTime not_after = pki::unix_time_of(X509_get0_notAfter(cert));
  if (now + config.clock_skew < not_before)
    return reject(LoginError::kCertNotYetValid, "valid from " + pki::iso8601(not_before));
  if (now - config.clock_skew > not_after)
    return reject(LoginError::kCertExpired, "expired at " + pki::iso8601(not_after));
  if (!(X509_get_key_usage(cert) & KU_DIGITAL_SIGNATURE))
    return reject(LoginError::kCertWrongPurpose, "keyUsage lacks digitalSignature");
  // Built once: every generation of a JPKI hierarchy has the same name.
  static const hostcrypto::X509NamePtr auth_ca = pki::ca_name(pki::Hierarchy::kAuth);
  static const hostcrypto::X509NamePtr sign_ca = pki::ca_name(pki::Hierarchy::kSign);
  const X509_NAME* issuer = X509_get_issuer_name(cert);
  if (X509_NAME_cmp(issuer, auth_ca.get()) == 0) return std::nullopt;
  if (X509_NAME_cmp(issuer, sign_ca.get()) == 0)
    return reject(LoginError::kCertWrongPurpose,
                  "issued by the JPKI signature CA: a signature certificate cannot log in");
  return reject(LoginError::kCertUntrusted,
                "issuer " + pki::name_to_string(issuer) + " is not the user-authentication CA");
}

std::optional<Rejection> check_signature(X509* cert, const LoginRequest& request,
                                         const std::string& origin) {
  if (request.origin != origin)
    return reject(LoginError::kOriginMismatch,
                  "signed for " + request.origin.substr(0, 100) + ", this site is " + origin);
  const bool ok = rs256_verifies(X509_get0_pubkey(cert), request.token.signature,
                                 signed_message(origin, request.nonce));
  if (!ok)
    return reject(LoginError::kSignatureInvalid,
                  "the signature does not verify over this origin and nonce");
  return std::nullopt;
}

LoginError error_of(Status status) {
  switch (status) {
    case Status::kMalformed:
      return LoginError::kCertMalformed;
    case Status::kUntrusted:
      return LoginError::kCertUntrusted;
    case Status::kExpired:
      return LoginError::kCertExpired;
    case Status::kNotYetValid:
      return LoginError::kCertNotYetValid;
    case Status::kWrongPurpose:
      return LoginError::kCertWrongPurpose;
    case Status::kRevoked:
      return LoginError::kCertRevoked;
    case Status::kOnHold:
      return LoginError::kCertOnHold;
    case Status::kOcspUnavailable:
      return LoginError::kOcspUnavailable;
    case Status::kOcspError:
      return LoginError::kOcspError;
    case Status::kOcspBadSignature:
      return LoginError::kOcspBadSignature;
    case Status::kOcspResponderNotAuthorized:
      return LoginError::kOcspResponderUnauthorized;
    case Status::kOcspNonceMismatch:
    case Status::kOcspNonceMissing:
      return LoginError::kOcspNonceMismatch;
    case Status::kOcspStale:
    case Status::kOcspNotYetValid:
      return LoginError::kOcspStale;
    case Status::kOcspUnknown:
      return LoginError::kOcspUnknown;
    case Status::kCrlMissing:
    case Status::kCrlBadSignature:
    case Status::kCrlExpired:
    case Status::kCrlNotYetValid:
      return LoginError::kCrlInvalid;
    case Status::kCrlOutdated:
      return LoginError::kRevocationUnavailable;
    case Status::kBadSignature:
    case Status::kChainInvalid:
      break;
  }
  return LoginError::kCertChainInvalid;
}

}  // namespace

bool rs256_verifies(EVP_PKEY* key, ByteView signature, ByteView message) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      key && ctx && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, signature.data(), signature.size(), message.data(), message.size()) ==
          1;
  EVP_MD_CTX_free(ctx);
  ERR_clear_error();
  return ok;
}

std::optional<Rejection> rejection_of(const pki::verify::Result& result) {
  for (const auto& f : result.findings) {
    if (!f.fatal) continue;
    std::string detail = f.detail;
    if (f.reason >= 0) detail += " (reason " + std::to_string(f.reason) + ")";
    Rejection rejection =
        reject(error_of(f.status), std::string(pki::verify::to_string(f.status)) + ": " + detail);
    rejection.reason = f.reason;
    return rejection;
  }
  return std::nullopt;
}

LoginValidator::LoginValidator(ValidatorConfig config, Challenges& challenges)
    : config_(std::move(config)), challenges_(challenges), revocation_(config_.revocation) {}

std::shared_ptr<X509> LoginValidator::parse(const Bytes& der) {
  constexpr std::size_t kMaxParsed = 10000;
  const Bytes hash = hostcrypto::sha256(der);
  const std::string key(hash.begin(), hash.end());
  {
    std::lock_guard lock(parsed_mutex_);
    if (const auto it = parsed_.find(key); it != parsed_.end()) return it->second;
  }
  hostcrypto::X509Ptr cert = hostcrypto::x509_from_der(der);
  if (!cert) return nullptr;
  std::shared_ptr<X509> shared(cert.release(), X509_free);
  std::lock_guard lock(parsed_mutex_);
  if (parsed_.size() >= kMaxParsed) parsed_.clear();
  parsed_.emplace(key, shared);
  return shared;
}

LoginOutcome LoginValidator::validate_body(std::string_view body, const std::string& session,
                                           pki::UnixTime now) {
  auto parsed = parse_login_request(body);
  if (auto* rejection = std::get_if<Rejection>(&parsed)) return *rejection;
  return validate(std::get<LoginRequest>(parsed), session, now);
}

LoginOutcome LoginValidator::validate(const LoginRequest& request, const std::string& session,
                                      pki::UnixTime now) {
  // 2. The nonce is spent whatever happens next: a refused login must start again.
  if (auto rejection = challenges_.take(session, request.nonce, now)) return *rejection;
  // 3.
  if (request.token.algorithm != kAlgorithm)
    return reject(LoginError::kAlgorithmNotAllowed,
                  "\"" + request.token.algorithm.substr(0, 20) + "\" (allowed: RS256)");
  // 4.
  const std::shared_ptr<X509> cert = parse(request.token.certificate);
  if (!cert) {
    ERR_clear_error();
    return reject(LoginError::kCertMalformed, "not one DER X.509 certificate");
  }
  try {
    if (auto rejection = check_certificate(cert.get(), config_, now)) return *rejection;
    // 5 and 6.
    ChainCheck chain = revocation_.check(request.token.certificate, config_.anchors, now);
    if (auto rejection = rejection_of(chain.result)) return *rejection;
    // 7.
    if (auto rejection = check_signature(cert.get(), request, config_.origin)) return *rejection;
    ValidatedLogin ok;
    ok.certificate = request.token.certificate;
    ok.serial = pki::serial_to_u64(X509_get0_serialNumber(cert.get()));
    ok.subject = pki::name_to_string(X509_get_subject_name(cert.get()));
    ok.not_after = pki::unix_time_of(X509_get0_notAfter(cert.get()));
    ok.revocation_source = chain.revocation_source;
    return ok;
  } catch (const hostcrypto::CryptoError& e) {
    // A certificate OpenSSL parses but whose fields do not (a bad time, a huge serial).
    return reject(LoginError::kCertMalformed, e.what());
  }
}

}  // namespace mynasim::portal
