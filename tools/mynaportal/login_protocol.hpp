// jpki-login:1 (docs/jpki-login.md): what the card signs, the token and the login request, and
// step 1 of validation (size and schema). Shared by the portal and its tests; the client in
// mynatool builds the same bytes from the same document.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "hostcrypto/base64.hpp"
#include "iso7816/bytes.hpp"
#include "tools/mynaportal/login_error.hpp"

namespace mynasim::portal {

inline constexpr std::string_view kFormat = "jpki-login:1";        // the major version checked
inline constexpr std::string_view kFormatFull = "jpki-login:1.0";  // what clients send
inline constexpr std::string_view kAlgorithm = "RS256";
inline constexpr std::size_t kMaxRequestBytes = 10000;  // a 2 KB certificate fits 3 times over
inline constexpr std::size_t kNonceBytes = 32;
inline constexpr long kChallengeSeconds = 300;

// The four fields of the token; nothing in them is trusted before validation.
struct Token {
  std::string format;
  Bytes certificate;  // DER, from base64
  std::string algorithm;
  Bytes signature;  // from base64
};

// What a client POSTs to /api/login: the token, and the challenge and origin it answered (used
// to name the failure precisely; the signature is always checked against the server's own
// nonce and configured origin), and for a browser's login, the code shown on its page.
struct LoginRequest {
  Token token;
  std::string nonce;   // base64url, as the server issued it
  std::string origin;  // "https://host:port" the client signed for
  std::string code;    // empty for a direct login
  // The same four fields by the signature key over the same origin and nonce, with the
  // signature certificate: sent when an OpenID Connect client asked for the holder's attributes
  // (docs/oidc.md). Absent otherwise.
  std::optional<Token> sign_token = {};
  // scope sign (docs/oidc.md): the signature key's PKCS#1 v1.5 signature over
  // DigestInfo(SHA-256, the digest the client registered), sent with sign_token. Absent otherwise.
  std::optional<Bytes> document_signature = {};
};

struct Rejection {
  LoginError error;
  std::string detail;
  int reason = -1;  // CERT_REVOKED / CERT_ON_HOLD: the CRLReason code
};

// Step 1: size, JSON, field types, format major version, base64. Never throws.
std::variant<LoginRequest, Rejection> parse_login_request(std::string_view body);

// SHA-256(SHA-256(origin) || SHA-256(nonce)): origin and nonce as ASCII text. The card signs
// this as a SHA-256 DigestInfo (RSASSA-PKCS1-v1_5), i.e. an RS256 signature over the 64 bytes
// SHA-256(origin) || SHA-256(nonce).
Bytes signed_digest(std::string_view origin, std::string_view nonce);
Bytes signed_message(std::string_view origin, std::string_view nonce);  // the 64 bytes

// Standard base64 (with padding) and base64url (no padding), as the portal's code names them.
using hostcrypto::base64_decode;
using hostcrypto::base64_encode;
using hostcrypto::base64url_decode;
using hostcrypto::base64url_encode;

// "https://Host:443/path" -> "https://host"; "https://h:8443/x" -> "https://h:8443". nullopt
// when the URL is not http(s)://host[:port][/...].
std::optional<std::string> origin_of(std::string_view url);

}  // namespace mynasim::portal
