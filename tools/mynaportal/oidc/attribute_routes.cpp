#include "tools/mynaportal/oidc/attribute_routes.hpp"

#include "tools/common/http/server.hpp"
#include "tools/mynaportal/oidc/attribute_claims.hpp"
#include "tools/mynaportal/oidc/provider.hpp"
#include "tools/mynaportal/pages.hpp"
#include "tools/mynaportal/request_guard.hpp"
#include "tools/mynaportal/signature_certificate_check.hpp"

namespace mynasim::portal {
namespace {

using nlohmann::json;
using namespace oidc;

constexpr const char* kAuthorizePrefix = "/oidc/auth?";
// {"consent": 43 characters, "decision": "allow"}
constexpr std::size_t kConsentBodyLimit = 1024;

void send_json(http::Response& res, const json& body, int status = 200) {
  send_portal_body(res, status, body.dump(), "application/json");
}

void send_rejection(http::Response& res, const Rejection& r) {
  send_json(res,
            {{"error", code_of(r.error)}, {"message", explain(r.error)}, {"detail", r.detail}},
            http_status_of(r.error));
}

void consent(Portal::State& s, const std::string& origin, const http::Request& req,
             http::Response& res) {
  if (const auto rejection = check_state_changing(req.get_header_value("Origin"),
                                                  req.get_header_value("Content-Type"), origin))
    return send_rejection(res, *rejection);
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("consent") ||
      !body["consent"].is_string() || !body.contains("decision") ||
      (body["decision"] != "allow" && body["decision"] != "deny"))
    return send_json(res,
                     {{"error", "CONSENT_MALFORMED"},
                      {"message", "consent (the screen's id) and decision (allow or deny) are "
                                  "required"}},
                     400);
  Provider& p = *s.oidc;
  const UnixTime now = p.now();
  const auto who = logged_in_session(s, req);
  const auto pending =
      who ? p.attribute_logins().take_consent(body["consent"], who->first.id_hash, now)
          : std::nullopt;
  if (!pending)
    return send_json(res,
                     {{"error", "CONSENT_UNKNOWN"},
                      {"message", "This consent screen expired or was answered already: go back "
                                  "to the service and start again."}},
                     400);
  const AuthorizationRequest& request = pending->request;
  const std::string list = attribute_list(pending->attributes);
  if (body["decision"] == "deny") {
    s.store->log_access(who->second.id, now, request.client_id, "consent declined",
                        "the holder declined to give " + list);
    return send_json(res, {{"redirect", with_query(request.redirect_uri,
                                                   {{"error", "access_denied"},
                                                    {"error_description",
                                                     "the holder declined to give " + list},
                                                    {"state", request.state},
                                                    {"iss", origin}})}});
  }
  const std::string code = p.store().issue_code(pending->grant, now, p.config().code_lifetime);
  s.store->log_access(who->second.id, now, request.client_id, "consent",
                      "the holder consented to give " + list);
  send_json(res, {{"redirect", with_query(request.redirect_uri, {{"code", code},
                                                                  {"state", request.state},
                                                                  {"iss", origin}})}});
}

}  // namespace

json note_attribute_wish(Portal::State& s, const std::string& session, const std::string& next,
                         UnixTime now) {
  if (next.rfind(kAuthorizePrefix, 0) != 0) return json::object();
  Provider& p = *s.oidc;
  const auto checked =
      check_authorization_request(http::parse_query(next.substr(std::string(kAuthorizePrefix).size())),
                                  [&p](const std::string& id) { return p.store().client(id); });
  const auto* request = std::get_if<AuthorizationRequest>(&checked);
  if (!request) return json::object();
  const auto asked = asked_attributes(request->scope);
  if (asked.empty()) return json::object();
  p.attribute_logins().want(session, {request->client_id, asked}, now);
  return {{"client", request->client_id}, {"attributes", asked}};
}

json attribute_wish_of(Portal::State& s, const std::string& session, UnixTime now) {
  const auto wish = s.oidc->attribute_logins().wish(session, now);
  if (!wish) return json::object();
  return {{"client", wish->client_id}, {"attributes", wish->attributes}};
}

std::optional<Rejection> check_attribute_login(Portal::State& s, const std::string& session,
                                               const LoginRequest& request,
                                               std::uint64_t auth_serial, UnixTime now) {
  AttributeLogins& logins = s.oidc->attribute_logins();
  const auto wish = logins.wish(session, now);
  if (!wish) return std::nullopt;
  if (!request.sign_token)
    return Rejection{LoginError::kSignCertMissing,
                     wish->client_id + " asks for " + attribute_list(wish->attributes) +
                         ": send sign_token (mynatool login --sign-password-env or "
                         "--sign-password-fd)"};
  auto checked = s.sign_check->check(*request.sign_token, auth_serial, s.validator_config.origin,
                                     request.nonce, now);
  if (auto* rejection = std::get_if<Rejection>(&checked)) return *rejection;
  logins.capture(session, wish->client_id, std::get<pki::HolderAttributes>(checked), now);
  return std::nullopt;
}

void attribute_session_rotated(Portal::State& s, const std::string& old_session,
                               const std::string& new_session) {
  s.oidc->attribute_logins().rekey(old_session, new_session);
}

void show_consent(Portal::State& s, http::Response& res, const std::string& session,
                  const AuthorizationRequest& request, Grant grant,
                  const std::vector<std::string>& attributes,
                  const pki::HolderAttributes& captured) {
  const auto claims = attribute_claims(captured, attributes);
  if (!claims)
    return send_portal_html(
        res,
        error_page("The sign-in request cannot go on",
                   "the signature certificate's birth date or sex is not in J-LIS's format"),
        500);
  grant.claims = claims->dump();
  std::vector<ConsentItem> items;
  for (const std::string& attribute : attributes)
    items.push_back({attribute, attribute_label(attribute), shown_value(*claims, attribute)});
  const std::string id = s.oidc->attribute_logins().add_consent(
      {session, request, std::move(grant), attributes}, s.oidc->now());
  send_portal_html(res, consent_page(request.client_id, items, id), 200);
}

void route_consent(http::Server& server, Portal::State& s, const std::string& origin) {
  server.post("/oidc/consent", {kConsentBodyLimit},
              [&s, &origin](const http::Request& req, http::Response& res) {
                consent(s, origin, req, res);
              });
}

}  // namespace mynasim::portal
