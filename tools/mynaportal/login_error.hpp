// The stable error codes of jpki-login:1 validation (docs/jpki-login.md). One code per step and
// cause, so that a client, a test vector or an audit record names exactly what failed; the codes
// never change meaning (new causes get new codes).
#pragma once

#include <string>
#include <string_view>

namespace mynasim::portal {

enum class LoginError {
  // 1. size and schema
  kTokenTooLarge,
  kTokenMalformed,
  kFormatUnsupported,
  // 2. the challenge nonce
  kNonceUnknown,
  kNonceReused,
  kNonceExpired,
  kNonceWrongSession,
  // 3. algorithm
  kAlgorithmNotAllowed,
  // 4. the certificate itself
  kCertMalformed,
  kCertExpired,
  kCertNotYetValid,
  kCertWrongPurpose,
  // 5. chain
  kCertUntrusted,
  kCertChainInvalid,
  // 6. revocation
  kCertRevoked,
  kCertOnHold,
  kOcspUnavailable,
  kOcspError,
  kOcspStale,
  kOcspResponderUnauthorized,
  kOcspBadSignature,
  kOcspNonceMismatch,
  kOcspUnknown,
  kCrlInvalid,
  kRevocationUnavailable,  // OCSP did not answer and the CRL predates J-LIS's last change
  // 7. the signature over origin and nonce
  kOriginMismatch,
  kSignatureInvalid,
  // outside the validation: a login code that names no waiting browser, a card problem the
  // client reported for the browser to show
  kLoginCodeUnknown,
  kPinBlocked,
  kPinLastTry,
  kPinWrong,
  // outside the validation: a state-changing request a browser page of another site could have
  // sent (request_guard.hpp)
  kOriginRefused,
  kContentTypeUnsupported,
  // the signature certificate an OpenID Connect client's attribute scopes need
  // (docs/oidc.md): missing, or not the same card's; and the signature password's problems
  // the client reports (as the PIN's above)
  kSignCertMissing,
  kSignCertOtherCard,
  kSignPasswordBlocked,
  kSignPasswordLastTry,
  kSignPasswordWrong,
};
inline constexpr LoginError kLastLoginError = LoginError::kSignPasswordWrong;

// "NONCE_EXPIRED", "CERT_REVOKED", ...
std::string_view code_of(LoginError error);
// A sentence for people (the login page shows it).
std::string_view explain(LoginError error);
// The HTTP status the portal answers with: 400 malformed, 401 refused, 413 too large, 503 when
// revocation status could not be had, 403/415 for a request that is not the portal's own page's.
int http_status_of(LoginError error);

}  // namespace mynasim::portal
