// The OpenID Connect provider's HTTP routes (docs/oidc.md): discovery, JWKS, authorization,
// token and userinfo. Authorization code flow only; every failure answers with the OAuth error a
// client library expects.

#include <nlohmann/json.hpp>

#include "tools/common/http/server.hpp"
#include "tools/mynaportal/oidc/attribute_claims.hpp"
#include "tools/mynaportal/oidc/attribute_routes.hpp"
#include "tools/mynaportal/oidc/authorization_request.hpp"
#include "tools/mynaportal/oidc/bearer.hpp"
#include "tools/mynaportal/oidc/client_assertion.hpp"
#include "tools/mynaportal/oidc/id_token.hpp"
#include "tools/mynaportal/oidc/pkce.hpp"
#include "tools/mynaportal/oidc/provider.hpp"
#include "tools/mynaportal/oidc/sign_routes.hpp"
#include "tools/mynaportal/oidc/token_request.hpp"
#include "tools/mynaportal/pages.hpp"
#include "tools/mynaportal/portal_state.hpp"

namespace mynasim::portal {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using namespace oidc;

constexpr const char* kAuthorizePath = "/oidc/auth";
constexpr const char* kTokenPath = "/oidc/token";
constexpr const char* kUserinfoPath = "/oidc/userinfo";
constexpr const char* kJwksPath = "/oidc/certs";
// A token request is a short form (a 43-byte code, a 128-byte verifier at most, a URI).
constexpr std::size_t kTokenBodyLimit = 4096;

void send_oauth_error(Response& res, int status, const std::string& error,
                      const std::string& description) {
  if (status == 401) res.set_header("WWW-Authenticate", "Basic realm=\"mynaportal\"");
  res.set_header("Pragma", "no-cache");
  send_portal_json(res, {{"error", error}, {"error_description", description}}, status);
}

void redirect_to(Response& res, const std::string& location) {
  send_portal_body(res, 303, "", "text/plain");
  res.set_header("Location", location);
}

bool is_met(const std::string& acr, const Account& account) {
  if (acr == "aal3") return true;  // the card's key and its PIN, at every login
  return acr == "crl" && (account.status_source == "ocsp" ||
                          account.status_source == "ocsp-cache" || account.status_source == "crl");
}

std::string met_acr(const AuthorizationRequest& request, const Account& account) {
  if (request.acr_values.empty()) return "aal3";
  std::string acr;
  for (const std::string& value : request.acr_values)
    if (is_met(value, account)) acr += (acr.empty() ? "" : " ") + value;
  return acr;
}

// /oidc/auth?<the same request>, for the login page to come back to.
std::string authorize_target(const Request& req, bool drop_prompt) {
  Params kept;
  for (const auto& param : req.params)
    if (!(drop_prompt && (param.first == "prompt" || param.first == "max_age")))
      kept.push_back(param);
  return with_query(kAuthorizePath, kept);
}

std::string sub_of(Portal::State& s, const std::string& client_id, const Account& account) {
  return s.identity->pseudonym(pseudonym_service(client_id),
                               s.identity->identity(account.cert_serial));
}

void authorize(Portal::State& s, const std::string& origin, const Request& req, Response& res) {
  Provider& p = *s.oidc;
  const auto checked = check_authorization_request(
      req.params, [&p](const std::string& id) { return p.store().client(id); });
  if (const auto* e = std::get_if<AuthorizationError>(&checked)) {
    if (!e->redirect)
      return send_portal_html(
          res, error_page("The sign-in request was refused", e->error + ": " + e->description),
          400);
    Params back{{"error", e->error}, {"error_description", e->description}};
    if (!e->state.empty()) back.emplace_back("state", e->state);
    back.emplace_back("iss", origin);
    return redirect_to(res, with_query(e->redirect_uri, back));
  }
  const AuthorizationRequest& request = std::get<AuthorizationRequest>(checked);
  auto who = logged_in_session(s, req);
  // A browser sent here from a relying party's page (another site) does not send the
  // SameSite=Strict session cookie (Chromium: Sec-Fetch-Site cross-site, no cookie), so it would
  // look logged out: no single sign-on, prompt=none always login_required. A page that makes the
  // same request again from this origin brings the cookie (docs/oidc.md, "Browsers").
  if (!who && req.get_header_value("Sec-Fetch-Site") == "cross-site" &&
      req.get_header_value("Sec-Fetch-Mode") == "navigate")
    return send_portal_html(res, continue_page(authorize_target(req, false)), 200);
  const UnixTime now = p.now();
  const bool stale = who && request.max_age && now - who->first.created_at > *request.max_age;
  if (who && (request.prompt == "login" || stale)) {
    if (request.prompt == "none")
      return redirect_to(res, with_query(request.redirect_uri, {{"error", "login_required"},
                                                                {"state", request.state},
                                                                {"iss", origin}}));
    // A new login is asked for: the current session ends, so that only a login gets a code.
    s.store->delete_session(who->first.id_hash);
    who.reset();
  }
  // scope sign: the client's transaction must be open for it, before anyone logs in.
  const bool signing = !request.sign_transaction_id.empty();
  if (signing)
    if (const auto problem = sign_transaction_problem(p.store(), request.client_id,
                                                      request.sign_transaction_id, now))
      return redirect_to(res, with_query(request.redirect_uri, {{"error", "invalid_request"},
                                                                {"error_description", *problem},
                                                                {"state", request.state},
                                                                {"iss", origin}}));
  // The attributes are read from the card (the signature certificate, with the signature
  // password) at a login for this client's request: a session without them logs in again. So
  // is a signature (scope sign): made at a login for this very transaction, never from SSO.
  const std::vector<std::string> attributes = asked_attributes(request.scope);
  std::optional<AttributeLogins::Captured> captured;
  if (who && (!attributes.empty() || signing)) {
    captured = p.attribute_logins().take_capture_with_signature(who->first.id_hash,
                                                                request.client_id, now);
    if (captured && signing &&
        (!captured->signature ||
         captured->signature->transaction_id != request.sign_transaction_id))
      captured.reset();
    if (!captured) who.reset();
  }
  if (!who) {
    if (request.prompt == "none")
      return redirect_to(res, with_query(request.redirect_uri, {{"error", "login_required"},
                                                                {"state", request.state},
                                                                {"iss", origin}}));
    return redirect_to(res, "/login?next=" + http::percent_encode(authorize_target(req, true)));
  }
  const Account& account = who->second;
  Grant grant{request.client_id,
              account.id,
              request.redirect_uri,
              request.scope,
              request.nonce,
              request.code_challenge,
              met_acr(request, account),
              who->first.created_at};
  if (captured)
    return show_consent(s, res, who->first.id_hash, request, std::move(grant), attributes,
                        captured->attributes, captured->signature);
  const std::string code = p.store().issue_code(grant, now, p.config().code_lifetime);
  redirect_to(res, with_query(request.redirect_uri,
                              {{"code", code}, {"state", request.state}, {"iss", origin}}));
}

void token(Portal::State& s, const std::string& origin, const Request& req, Response& res) {
  Provider& p = *s.oidc;
  const auto checked = check_token_request(req.get_header_value("Content-Type"), req.body,
                                           req.get_header_value("Authorization"));
  if (const auto* e = std::get_if<TokenError>(&checked))
    return send_oauth_error(res, e->status, e->error, e->description);
  const TokenRequest& request = std::get<TokenRequest>(checked);
  const UnixTime now = p.now();
  if (!request.assertion.empty()) {
    const auto client = p.store().client(request.client.client_id);
    if (!client || client->jwks.empty())
      return send_oauth_error(res, 401, "invalid_client", "no client with keys is registered so");
    const auto bad =
        check_client_assertion(request.assertion, client->id, client->jwks, origin + kTokenPath,
                               origin, now, [&p, now](const std::string& key, UnixTime exp) {
                                 return p.store().first_use(key, exp, now);
                               });
    if (bad) return send_oauth_error(res, 401, "invalid_client", "client_assertion: " + *bad);
  } else if (!p.store().client_secret_matches(request.client.client_id, request.client.secret)) {
    return send_oauth_error(res, 401, "invalid_client", "unknown client or wrong secret");
  }
  if (request.client_credentials) {
    // A token with no holder behind it, good only for registering sign transactions
    // (sign_routes.hpp); it comes from no code, so no replay can revoke it.
    const UnixTime lifetime = p.config().token_lifetime;
    const std::string access_token = p.store().issue_token(
        "", Grant{request.client.client_id, 0, "", "sign", "", "", "", now}, now, lifetime);
    res.set_header("Pragma", "no-cache");
    return send_portal_json(res, {{"access_token", access_token},
                                  {"token_type", "Bearer"},
                                  {"expires_in", lifetime},
                                  {"scope", "sign"}});
  }
  const auto redeemed = p.store().redeem_code(request.code, now);
  if (const auto* refused = std::get_if<CodeRefused>(&redeemed)) {
    if (refused->problem == CodeProblem::kReplayed) {
      s.store->log_access(refused->account_id, now, refused->client_id, "token refused",
                          "an authorization code was presented again: the " +
                              std::to_string(refused->revoked) +
                              " access token(s) it had given were revoked");
      return send_oauth_error(res, 400, "invalid_grant",
                              "the code was already used; the tokens it gave are revoked");
    }
    return send_oauth_error(
        res, 400, "invalid_grant",
        refused->problem == CodeProblem::kExpired ? "the code has expired" : "unknown code");
  }
  const Grant& grant = std::get<Grant>(redeemed);
  if (grant.client_id != request.client.client_id)
    return send_oauth_error(res, 400, "invalid_grant", "the code was issued to another client");
  if (grant.redirect_uri != request.redirect_uri)
    return send_oauth_error(res, 400, "invalid_grant",
                            "redirect_uri differs from the authorization request's");
  // Without a verifier the code is burnt all the same (a stolen code is not tried again with
  // one), and the answer is Keycloak's and Spring's: the grant, not the request, is refused.
  if (request.code_verifier.empty())
    return send_oauth_error(res, 400, "invalid_grant",
                            "code_verifier is missing (PKCE is required)");
  if (!pkce_matches(request.code_verifier, grant.code_challenge))
    return send_oauth_error(res, 400, "invalid_grant",
                            "code_verifier does not match the code_challenge (PKCE S256)");
  const auto account = s.store->account(grant.account_id);
  if (!account) return send_oauth_error(res, 400, "invalid_grant", "the holder's account is gone");
  const UnixTime lifetime = p.config().token_lifetime;
  const std::string access_token = p.store().issue_token(request.code, grant, now, lifetime);
  const std::string id_token = p.signing_key()->sign_jwt(
      id_token_claims(origin, sub_of(s, grant.client_id, *account), grant, now, lifetime));
  const std::vector<std::string> attributes = asked_attributes(grant.scope);
  s.store->log_access(
      account->id, now, grant.client_id, "token",
      "the client received an ID token (scope " + grant.scope + "; acr " + grant.acr + ")" +
          (grant.claims.empty() ? "" : " with the holder's " + attribute_list(attributes)));
  res.set_header("Pragma", "no-cache");
  send_portal_json(res, {{"access_token", access_token},
                         {"token_type", "Bearer"},
                         {"expires_in", lifetime},
                         {"id_token", id_token},
                         {"scope", grant.scope}});
}

void userinfo(Portal::State& s, const Request& req, Response& res) {
  Provider& p = *s.oidc;
  auto bearer_error = [&res](const std::string& error, const std::string& description) {
    send_bearer_error(res, 401, error, description);
  };
  const auto raw = bearer_token_of(req);
  if (!raw) return bearer_error("", "an access token (Authorization: Bearer) is required");
  const UnixTime now = p.now();
  const auto token = p.store().token(*raw, now);
  if (!token)
    return bearer_error("invalid_token", "the access token is unknown, expired or revoked");
  if (token->account_id == 0)  // client_credentials: no holder to tell of
    return bearer_error("invalid_token", "a client_credentials token has no userinfo");
  const auto account = s.store->account(token->account_id);
  if (!account) return bearer_error("invalid_token", "the holder's account is gone");
  json info{{"sub", sub_of(s, token->client_id, *account)}};
  const std::string claims = p.store().token_claims(*raw);
  std::string detail = "the client read the holder's identifier (sub)";
  if (!claims.empty()) {
    info.update(json::parse(claims));
    detail += " and " + attribute_list(asked_attributes(token->scope));
  }
  s.store->log_access(account->id, now, token->client_id, "userinfo", detail);
  send_portal_json(res, info);
}

json discovery(const std::string& origin) {
  return {{"issuer", origin},
          {"authorization_endpoint", origin + kAuthorizePath},
          {"token_endpoint", origin + kTokenPath},
          {"userinfo_endpoint", origin + kUserinfoPath},
          {"jwks_uri", origin + kJwksPath},
          {"response_types_supported", {"code"}},
          {"response_modes_supported", {"query"}},
          {"grant_types_supported", {"authorization_code", "client_credentials"}},
          // Not a registered metadata name: where scope sign's transactions are registered
          // (docs/oidc.md); the result is at <this>/{id}/result.
          {"sign_transactions_endpoint", origin + "/oidc/sign-transactions"},
          {"subject_types_supported", {"pairwise"}},
          {"id_token_signing_alg_values_supported", {kSigningAlgorithm}},
          {"token_endpoint_auth_methods_supported", {"client_secret_basic"}},
          {"code_challenge_methods_supported", {"S256"}},
          {"scopes_supported", supported_scopes()},
          {"acr_values_supported", supported_acr_values()},
          {"claims_supported",
           {"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "name",
            "address", "birthdate", "gender"}},
          {"prompt_values_supported", {"none", "login", "consent"}},
          {"authorization_response_iss_parameter_supported", true},
          {"request_parameter_supported", false},
          {"request_uri_parameter_supported", false}};
}

}  // namespace

void route_oidc(http::Server& server, Portal::State& s, const std::string& origin) {
  server.get("/.well-known/openid-configuration", [&origin](const Request&, Response& res) {
    send_portal_json(res, discovery(origin));
  });
  server.get(kJwksPath, [&s](const Request&, Response& res) {
    s.oidc->signing_key();  // the first key is made before anyone needs to check one
    json keys = json::array();
    for (const auto& key : s.oidc->store().published_keys(s.oidc->now()))
      keys.push_back(key->public_jwk());
    send_portal_json(res, {{"keys", keys}});
  });
  server.get(kAuthorizePath,
             [&s, &origin](const Request& req, Response& res) { authorize(s, origin, req, res); });
  server.post(kTokenPath, {kTokenBodyLimit},
              [&s, &origin](const Request& req, Response& res) { token(s, origin, req, res); });
  server.get(kUserinfoPath, [&s](const Request& req, Response& res) { userinfo(s, req, res); });
  route_consent(server, s, origin);
  route_sign_transactions(server, s);
  server.post(kUserinfoPath, {1024},
              [&s](const Request& req, Response& res) { userinfo(s, req, res); });
}

}  // namespace mynasim::portal
