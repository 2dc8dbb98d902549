// The token endpoint's request (RFC 6749 §4.1.3, §2.3.1; RFC 7636 §4.5), checked before any code
// is touched: client authentication by HTTP Basic (client_secret_basic) or by a signed JWT
// (private_key_jwt, client_assertion.hpp, whose signature the route checks), the form's fields, and
// the errors a client library expects (§5.2): invalid_request, invalid_client (401),
// unsupported_grant_type. What needs the store (the code, the client's secret, PKCE) is
// oidc_routes.cpp's.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "tools/mynaportal/oidc/authorization_request.hpp"

namespace mynasim::portal::oidc {

struct TokenError {
  int status = 400;
  std::string error;
  std::string description;
};

struct BasicCredentials {
  std::string client_id;
  std::string secret;
};

// "Basic base64(urlencode(id):urlencode(secret))"; nullopt when the header is not that.
std::optional<BasicCredentials> parse_basic_authorization(const std::string& header);

struct TokenRequest {
  BasicCredentials client;  // with an assertion: the client id only
  std::string assertion;    // private_key_jwt's client_assertion, else empty
  std::string code;
  std::string redirect_uri;
  std::string code_verifier;
  // client_credentials (scope `sign` only: a token good for registering sign transactions,
  // as the Digital Authentication App's signing process asks); else authorization_code.
  bool client_credentials = {};
  std::string scope = {};  // client_credentials: "sign"
};

// `content_type` and `body` as received, `authorization` the Authorization header.
std::variant<TokenRequest, TokenError> check_token_request(const std::string& content_type,
                                                           const std::string& body,
                                                           const std::string& authorization);

}  // namespace mynasim::portal::oidc
