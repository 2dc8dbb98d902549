#include "tools/mynaportal/oidc/token_request.hpp"

#include <set>

#include "tools/common/http/message.hpp"
#include "tools/mynaportal/login_protocol.hpp"
#include "tools/mynaportal/oidc/client_assertion.hpp"

namespace mynasim::portal::oidc {
namespace {

bool is_form(const std::string& content_type) {
  const std::string type = content_type.substr(0, content_type.find(';'));
  std::string trimmed;
  for (const char c : type)
    if (c != ' ' && c != '\t') trimmed.push_back(c);
  return http::iequals(trimmed, "application/x-www-form-urlencoded");
}

}  // namespace

std::optional<BasicCredentials> parse_basic_authorization(const std::string& header) {
  if (header.size() < 6 || !http::iequals(header.substr(0, 6), "Basic ")) return std::nullopt;
  std::size_t start = 6;
  while (start < header.size() && header[start] == ' ') ++start;
  const auto decoded = base64_decode(header.substr(start));
  if (!decoded) return std::nullopt;
  const std::string text(decoded->begin(), decoded->end());
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) return std::nullopt;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
  BasicCredentials credentials{http::percent_decode(text.substr(0, colon), true),
                               http::percent_decode(text.substr(colon + 1), true)};
  if (credentials.client_id.empty()) return std::nullopt;
  return credentials;
}

std::variant<TokenRequest, TokenError> check_token_request(const std::string& content_type,
                                                           const std::string& body,
                                                           const std::string& authorization) {
  if (!is_form(content_type))
    return TokenError{400, "invalid_request", "the body must be application/x-www-form-urlencoded"};
  const auto params = http::parse_query(body);
  std::set<std::string> seen;
  for (const auto& param : params)
    if (!seen.insert(param.first).second)
      return TokenError{400, "invalid_request", param.first + " is repeated"};
  auto get = [&params](const char* name) {
    for (const auto& [key, value] : params)
      if (key == name) return value;
    return std::string();
  };
  if (seen.count("client_secret"))
    return TokenError{401, "invalid_client",
                      "client_secret_post is not supported: use HTTP Basic or private_key_jwt"};
  std::optional<BasicCredentials> client;
  std::string assertion;
  if (seen.count("client_assertion")) {
    if (!authorization.empty())
      return TokenError{400, "invalid_request", "one client authentication method, not two"};
    if (get("client_assertion_type") != kJwtBearer)
      return TokenError{400, "invalid_request",
                        std::string("client_assertion_type must be ") + kJwtBearer};
    assertion = get("client_assertion");
    const auto issuer = assertion_issuer(assertion);
    if (!issuer) return TokenError{401, "invalid_client", "client_assertion is not a JWT"};
    client = BasicCredentials{*issuer, {}};
  } else {
    if (authorization.empty())
      return TokenError{401, "invalid_client", "client authentication is required"};
    client = parse_basic_authorization(authorization);
    if (!client) return TokenError{401, "invalid_client", "the Authorization header is not Basic"};
  }
  if (seen.count("client_id") && get("client_id") != client->client_id)
    return TokenError{400, "invalid_request", "client_id differs from the authenticated client"};
  const std::string grant_type = get("grant_type");
  if (grant_type.empty()) return TokenError{400, "invalid_request", "grant_type is missing"};
  if (grant_type == "client_credentials") {
    // Only to register sign transactions (docs/oidc.md, scope sign): nothing else is granted
    // without the holder.
    if (get("scope") != "sign")
      return TokenError{400, "invalid_scope", "client_credentials grants scope sign only"};
    TokenRequest request{*client, assertion, {}, {}, {}};
    request.client_credentials = true;
    request.scope = "sign";
    return request;
  }
  if (grant_type != "authorization_code")
    return TokenError{400, "unsupported_grant_type",
                      "only authorization_code (and client_credentials for scope sign)"};
  TokenRequest request{*client, assertion, get("code"), get("redirect_uri"), get("code_verifier")};
  if (request.code.empty()) return TokenError{400, "invalid_request", "code is missing"};
  if (request.redirect_uri.empty())
    return TokenError{400, "invalid_request", "redirect_uri is missing"};
  // A missing code_verifier is not refused here: the code is redeemed first and the answer is
  // invalid_grant (oidc_routes.cpp), as for a wrong one.
  return request;
}

}  // namespace mynasim::portal::oidc
