// Server-side validation of a jpki-login:1 login request (docs/jpki-login.md; Web eID's
// validation, shared/reference/anchors.md §C3), in order, stopping at the first failure with
// its stable code:
//   1. size and schema (login_protocol.hpp);
//   2. the nonce, taken and removed atomically from the session's challenges;
//   3. the algorithm, from an allow-list (RS256), never inferred from the certificate;
//   4. the certificate: parses, valid now (with a small skew), keyUsage digitalSignature, issued
//      by the configured user-authentication CA (a signature certificate is the wrong purpose);
//   5. the chain to that CA (pki/verify), with its policy;
//   6. revocation (revocation_checker.hpp): OCSP, CRL fallback, hard-fail by default;
//   7. the signature over SHA-256(origin) || SHA-256(nonce), with the configured origin and the
//      nonce the server issued.
// Nothing here throws on bad input; every refusal is a Rejection.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include "iso7816/bytes.hpp"
#include "pki/verify/validator.hpp"
#include "tools/mynaportal/challenges.hpp"
#include "tools/mynaportal/login_protocol.hpp"
#include "tools/mynaportal/revocation_checker.hpp"

namespace mynasim::portal {

struct ValidatorConfig {
  std::string origin;                 // "https://127.0.0.1:8443": what the card must have signed
  pki::verify::TrustAnchors anchors;  // the user-authentication CA generations (+ links)
  RevocationConfig revocation;
  pki::UnixTime clock_skew = 300;  // accepted before notBefore / after notAfter, seconds
};

struct ValidatedLogin {
  Bytes certificate;  // DER; the portal keeps only what it derives from it
  std::uint64_t serial = 0;
  std::string subject;
  pki::UnixTime not_after = 0;
  std::string revocation_source;  // ocsp, ocsp-cache, crl, none
};

using LoginOutcome = std::variant<ValidatedLogin, Rejection>;

class LoginValidator {
 public:
  LoginValidator(ValidatorConfig config, Challenges& challenges);

  // Steps 1-7 on the body of POST /api/login, for the session the request belongs to.
  LoginOutcome validate_body(std::string_view body, const std::string& session, pki::UnixTime now);
  // Steps 2-7 on a parsed request.
  LoginOutcome validate(const LoginRequest& request, const std::string& session, pki::UnixTime now);

  const ValidatorConfig& config() const { return config_; }
  RevocationChecker& revocation() { return revocation_; }

 private:
  // OpenSSL 3 spends most of a login decoding the certificate's key: the same card logs in
  // again and again, so parsed certificates are kept (by SHA-256 of their bytes).
  std::shared_ptr<X509> parse(const Bytes& der);

  ValidatorConfig config_;
  Challenges& challenges_;
  RevocationChecker revocation_;
  std::mutex parsed_mutex_;
  std::map<std::string, std::shared_ptr<X509>> parsed_;
};

// The first fatal finding of pki/verify as a login refusal (chain, then purpose, then
// revocation); nullopt when nothing is fatal.
std::optional<Rejection> rejection_of(const pki::verify::Result& result);

// RSASSA-PKCS1-v1_5 with SHA-256 (RS256) over `message` by `key`.
bool rs256_verifies(EVP_PKEY* key, ByteView signature, ByteView message);

}  // namespace mynasim::portal
