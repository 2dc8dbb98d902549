#include "tools/mynaportal/login_error.hpp"

namespace mynasim::portal {
namespace {

struct Entry {
  LoginError error;
  std::string_view code;
  int http_status;
  std::string_view text;
};

constexpr Entry kEntries[] = {
    {LoginError::kTokenTooLarge, "TOKEN_TOO_LARGE", 413, "The login request is too large."},
    {LoginError::kTokenMalformed, "TOKEN_MALFORMED", 400,
     "The login request is not a jpki-login token."},
    {LoginError::kFormatUnsupported, "FORMAT_UNSUPPORTED", 400,
     "The token's format is not jpki-login:1."},
    {LoginError::kNonceUnknown, "NONCE_UNKNOWN", 401, "The challenge was never issued here."},
    {LoginError::kNonceReused, "NONCE_REUSED", 401, "The challenge was already used."},
    {LoginError::kNonceExpired, "NONCE_EXPIRED", 401,
     "The challenge expired (5 minutes); start again."},
    {LoginError::kNonceWrongSession, "NONCE_WRONG_SESSION", 401,
     "The challenge belongs to another browser session."},
    {LoginError::kAlgorithmNotAllowed, "ALGORITHM_NOT_ALLOWED", 401,
     "The signature algorithm is not allowed (RS256 only)."},
    {LoginError::kCertMalformed, "CERT_MALFORMED", 401, "The certificate cannot be read."},
    {LoginError::kCertExpired, "CERT_EXPIRED", 401,
     "The card's certificate has expired: renew it at the municipal office."},
    {LoginError::kCertNotYetValid, "CERT_NOT_YET_VALID", 401,
     "The card's certificate is not valid yet."},
    {LoginError::kCertWrongPurpose, "CERT_WRONG_PURPOSE", 401,
     "That is not a user-authentication certificate (a signature certificate cannot log in)."},
    {LoginError::kCertUntrusted, "CERT_UNTRUSTED", 401,
     "The certificate was not issued by the JPKI user-authentication CA."},
    {LoginError::kCertChainInvalid, "CERT_CHAIN_INVALID", 401,
     "The certificate's chain does not verify."},
    {LoginError::kCertRevoked, "CERT_REVOKED", 401, "The card's certificate is revoked."},
    {LoginError::kCertOnHold, "CERT_ON_HOLD", 401,
     "The card's certificate is suspended (on hold)."},
    {LoginError::kOcspUnavailable, "OCSP_UNAVAILABLE", 503,
     "The certificate's revocation status cannot be had right now."},
    {LoginError::kOcspError, "OCSP_ERROR", 503, "The OCSP responder answered with an error."},
    {LoginError::kOcspStale, "OCSP_STALE", 503, "The OCSP answer is out of date."},
    {LoginError::kOcspResponderUnauthorized, "OCSP_RESPONDER_UNAUTHORIZED", 503,
     "The OCSP answer comes from a responder the CA did not authorise."},
    {LoginError::kOcspBadSignature, "OCSP_BAD_SIGNATURE", 503,
     "The OCSP answer's signature does not verify."},
    {LoginError::kOcspNonceMismatch, "OCSP_NONCE_MISMATCH", 503,
     "The OCSP answer does not answer this request (nonce)."},
    {LoginError::kOcspUnknown, "OCSP_UNKNOWN", 401,
     "The OCSP responder does not know this certificate."},
    {LoginError::kCrlInvalid, "CRL_INVALID", 503, "No current CRL signed by the CA."},
    {LoginError::kRevocationUnavailable, "REVOCATION_UNAVAILABLE", 503,
     "OCSP did not answer and the CRL predates the last revocation, hold or release J-LIS "
     "recorded: the certificate's status cannot be known right now."},
    {LoginError::kOriginMismatch, "ORIGIN_MISMATCH", 401,
     "The card signed for another site (origin)."},
    {LoginError::kSignatureInvalid, "SIGNATURE_INVALID", 401,
     "The signature does not verify with the certificate."},
    {LoginError::kLoginCodeUnknown, "LOGIN_CODE_UNKNOWN", 404,
     "No login page is waiting for that code (mistyped or expired)."},
    {LoginError::kPinBlocked, "PIN_BLOCKED", 403,
     "The card's user-authentication PIN is blocked: take the card to your municipal office to "
     "have it unblocked."},
    {LoginError::kPinLastTry, "PIN_LAST_TRY", 403,
     "One PIN try is left: the client stopped rather than risk blocking the card."},
    {LoginError::kPinWrong, "PIN_WRONG", 403, "A wrong PIN was entered."},
    {LoginError::kOriginRefused, "ORIGIN_REFUSED", 403,
     "The request does not come from the portal's own pages (Origin)."},
    {LoginError::kContentTypeUnsupported, "CONTENT_TYPE_UNSUPPORTED", 415,
     "The request's body must be JSON (Content-Type: application/json)."},
    {LoginError::kSignCertMissing, "SIGN_CERT_MISSING", 400,
     "The service asks for your name, address, birth date or gender: the login must include the "
     "card's signature certificate, read with the signature password."},
    {LoginError::kSignCertOtherCard, "SIGN_CERT_OTHER_CARD", 401,
     "The signature certificate is not from the card that logged in."},
    {LoginError::kSignPasswordBlocked, "SIGN_PASSWORD_BLOCKED", 403,
     "The card's signature password is blocked: take the card to your municipal office to have "
     "it unblocked."},
    {LoginError::kSignPasswordLastTry, "SIGN_PASSWORD_LAST_TRY", 403,
     "One signature password try is left: the client stopped rather than risk blocking it."},
    {LoginError::kSignPasswordWrong, "SIGN_PASSWORD_WRONG", 403,
     "A wrong signature password was entered."},
};

const Entry& entry(LoginError error) {
  for (const Entry& e : kEntries)
    if (e.error == error) return e;
  return kEntries[1];
}

}  // namespace

std::string_view code_of(LoginError error) {
  return entry(error).code;
}
std::string_view explain(LoginError error) {
  return entry(error).text;
}
int http_status_of(LoginError error) {
  return entry(error).http_status;
}

}  // namespace mynasim::portal
