#include "tools/mynaportal/oidc/authorization_request.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "tools/common/http/message.hpp"
#include "tools/mynaportal/oidc/pkce.hpp"

namespace mynasim::portal::oidc {
namespace {

// No value a client needs comes near this; the request stays small wherever it is kept.
constexpr std::size_t kMaxValue = 1024;

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

const std::vector<std::string>& supported_scopes() {
  // openid, the four basic attributes (attribute_claims.hpp) and sign (sign_routes.hpp).
  static const std::vector<std::string> scopes{"openid",    "name",   "address",
                                               "birthdate", "gender", "sign"};
  return scopes;
}

const std::vector<std::string>& supported_acr_values() {
  static const std::vector<std::string> values{"aal3", "crl"};
  return values;
}

bool redirect_uri_registered(const Client& client, const std::string& uri) {
  return contains(client.redirect_uris, uri);
}

std::string with_query(const std::string& redirect_uri, const Params& params) {
  std::string out = redirect_uri;
  char separator = redirect_uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    out += separator + http::percent_encode(name) + "=" + http::percent_encode(value);
    separator = '&';
  }
  return out;
}

std::variant<AuthorizationRequest, AuthorizationError> check_authorization_request(
    const Params& params, const ClientLookup& clients) {
  std::set<std::string> seen;
  bool repeated = false, oversized = false;
  for (const auto& [name, value] : params) {
    repeated |= !seen.insert(name).second;
    oversized |= value.size() > kMaxValue;
  }
  auto get = [&params](const char* name) {
    for (const auto& [key, value] : params)
      if (key == name) return value;
    return std::string();
  };
  auto page = [](std::string error, std::string description) {
    return AuthorizationError{false, std::move(error), std::move(description), {}, {}};
  };
  // 1. Who asks, and where the answer may go: failures here are shown, never redirected.
  const std::string client_id = get("client_id");
  if (client_id.empty()) return page("invalid_request", "client_id is missing");
  if (repeated || oversized)
    return page("invalid_request", "a parameter is repeated or longer than 1024 bytes");
  std::optional<Client> client;
  try {
    client = clients(client_id);
  } catch (const std::exception&) {
    return page("server_error", "the client registry cannot be read");
  }
  if (!client) return page("unauthorized_client", "no client is registered as " + client_id);
  const std::string redirect_uri = get("redirect_uri");
  if (redirect_uri.empty()) return page("invalid_request", "redirect_uri is missing");
  if (!redirect_uri_registered(*client, redirect_uri))
    return page("invalid_request",
                "redirect_uri is not one registered for " + client_id + " (exact match)");

  // 2. The rest goes back to the client, with its state.
  const std::string state = get("state");
  auto back = [&](std::string error, std::string description) {
    return AuthorizationError{true, std::move(error), std::move(description), redirect_uri, state};
  };
  if (!get("request").empty())
    return back("request_not_supported", "request objects are not supported");
  if (!get("request_uri").empty())
    return back("request_uri_not_supported", "request_uri is not supported");
  const std::string response_type = get("response_type");
  if (response_type.empty()) return back("invalid_request", "response_type is missing");
  if (response_type != "code")
    return back("unsupported_response_type", "only the authorization code flow (code)");
  if (const std::string mode = get("response_mode"); !mode.empty() && mode != "query")
    return back("invalid_request", "response_mode must be query");
  const std::vector<std::string> scopes = words(get("scope"));
  if (!contains(scopes, "openid")) return back("invalid_scope", "scope must contain openid");
  for (const std::string& scope : scopes)
    if (!contains(supported_scopes(), scope))
      return back("invalid_scope", "scope " + scope + " is not supported");
  // scope sign names the client's sign transaction (the Digital Authentication App's
  // authorization parameter); whether it exists and is this client's is the route's check.
  const std::string sign_transaction_id = get("sign_transaction_id");
  if (contains(scopes, "sign") != !sign_transaction_id.empty())
    return back("invalid_request", "scope sign and sign_transaction_id go together");
  if (state.empty()) return back("invalid_request", "state is required");
  const std::string nonce = get("nonce");
  if (nonce.empty()) return back("invalid_request", "nonce is required");
  const std::string challenge = get("code_challenge");
  if (challenge.empty()) return back("invalid_request", "code_challenge is required (PKCE)");
  if (get("code_challenge_method") != "S256")
    return back("invalid_request", "code_challenge_method must be S256");
  if (!is_valid_code_challenge(challenge))
    return back("invalid_request", "code_challenge is not 43 characters of base64url");

  AuthorizationRequest request;
  const std::vector<std::string> prompts = words(get("prompt"));
  for (const std::string& prompt : prompts)
    if (prompt != "none" && prompt != "login" && prompt != "consent")
      return back("invalid_request", "prompt " + prompt + " is not none, login or consent");
  if (contains(prompts, "none") && prompts.size() > 1)
    return back("invalid_request", "prompt none goes alone");
  request.prompt = contains(prompts, "none")    ? "none"
                   : contains(prompts, "login") ? "login"
                   : prompts.empty()            ? ""
                                                : "consent";
  if (const std::string max_age = get("max_age"); !max_age.empty()) {
    if (max_age.size() > 9 || !std::all_of(max_age.begin(), max_age.end(), ::isdigit))
      return back("invalid_request", "max_age is not a number of seconds");
    request.max_age = std::stol(max_age);
  }
  // acr_values are voluntary claims (OpenID Connect Core §5.5.1.1): unknown ones are ignored,
  // and the ID token's acr says which of the asked ones were met.
  for (const std::string& acr : words(get("acr_values")))
    if (contains(supported_acr_values(), acr) && !contains(request.acr_values, acr))
      request.acr_values.push_back(acr);
  request.client_id = client_id;
  request.redirect_uri = redirect_uri;
  request.scope = get("scope");
  request.state = state;
  request.nonce = nonce;
  request.code_challenge = challenge;
  request.sign_transaction_id = sign_transaction_id;
  return request;
}

}  // namespace mynasim::portal::oidc
