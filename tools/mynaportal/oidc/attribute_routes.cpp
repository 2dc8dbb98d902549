#include "tools/mynaportal/oidc/attribute_routes.hpp"

#include "tools/common/http/server.hpp"
#include "tools/mynaportal/oidc/attribute_claims.hpp"
#include "tools/mynaportal/oidc/provider.hpp"
#include "tools/mynaportal/oidc/sign_routes.hpp"
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

// "sign SHA-256 <hex> (<text>)": for access records and refusals.
std::string signed_what(OidcStore& store, const CapturedSignature& signature, UnixTime now) {
  std::string what = "sign sign transaction " + signature.transaction_id;
  if (const auto tx = store.sign_transaction(signature.transaction_id, now)) {
    what = "sign SHA-256 " + digest_hex(tx->digest);
    if (!tx->display_text.empty()) what += " (" + tx->display_text + ")";
  }
  return what;
}

void consent(Portal::State& s, const std::string& origin, const http::Request& req,
             http::Response& res) {
  if (const auto rejection = check_state_changing(req.get_header_value("Origin"),
                                                  req.get_header_value("Content-Type"), origin))
    return send_portal_rejection(res, *rejection);
  const json body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("consent") ||
      !body["consent"].is_string() || !body.contains("decision") ||
      (body["decision"] != "allow" && body["decision"] != "deny"))
    return send_portal_json(res,
                            {{"error", "CONSENT_MALFORMED"},
                             {"message",
                              "consent (the screen's id) and decision (allow or deny) are "
                              "required"}},
                            400);
  Provider& p = *s.oidc;
  const UnixTime now = p.now();
  const auto who = logged_in_session(s, req);
  const auto pending =
      who ? p.attribute_logins().take_consent(body["consent"], who->first.id_hash, now)
          : std::nullopt;
  if (!pending)
    return send_portal_json(res,
                            {{"error", "CONSENT_UNKNOWN"},
                             {"message",
                              "This consent screen expired or was answered already: go back "
                              "to the service and start again."}},
                            400);
  const AuthorizationRequest& request = pending->request;
  // What was asked: "give name, address" and/or "sign SHA-256 <hex>".
  std::string list =
      pending->attributes.empty() ? "" : "give " + attribute_list(pending->attributes);
  if (pending->signature)
    list += (list.empty() ? "" : " and ") + signed_what(p.store(), *pending->signature, now);
  auto refuse = [&](const std::string& error, const std::string& description) {
    return send_portal_json(
        res, {{"redirect", with_query(request.redirect_uri, {{"error", error},
                                                             {"error_description", description},
                                                             {"state", request.state},
                                                             {"iss", origin}})}});
  };
  if (body["decision"] == "deny") {
    s.store->log_access(who->second.id, now, request.client_id, "consent declined",
                        "the holder declined to " + list);
    // A declined transaction is used: the client registers a new one to ask again.
    if (pending->signature)
      p.store().close_sign_transaction(pending->signature->transaction_id, request.client_id,
                                       SignTransaction{.declined = true}, now);
    return refuse("access_denied", "the holder declined to " + list);
  }
  if (pending->signature) {
    SignTransaction result;
    result.account_id = who->second.id;
    result.signature = pending->signature->signature;
    result.certificate = pending->signature->certificate;
    // Once: another consent for the same transaction (another browser, another instance)
    // finds it closed.
    if (!p.store().close_sign_transaction(pending->signature->transaction_id, request.client_id,
                                          result, now))
      return refuse("invalid_request", "the sign transaction expired or was used meanwhile");
  }
  const std::string code = p.store().issue_code(pending->grant, now, p.config().code_lifetime);
  s.store->log_access(who->second.id, now, request.client_id, "consent",
                      "the holder consented to " + list);
  send_portal_json(
      res, {{"redirect", with_query(request.redirect_uri,
                                    {{"code", code}, {"state", request.state}, {"iss", origin}})}});
}

}  // namespace

json note_attribute_wish(Portal::State& s, const std::string& session, const std::string& next,
                         UnixTime now) {
  if (next.rfind(kAuthorizePrefix, 0) != 0) return json::object();
  Provider& p = *s.oidc;
  const auto checked = check_authorization_request(
      http::parse_query(next.substr(std::string(kAuthorizePrefix).size())),
      [&p](const std::string& id) { return p.store().client(id); });
  const auto* request = std::get_if<AuthorizationRequest>(&checked);
  if (!request) return json::object();
  const auto asked = asked_attributes(request->scope);
  std::optional<json> sign;
  if (!request->sign_transaction_id.empty()) {
    sign = sign_request_of(p.store(), request->client_id, request->sign_transaction_id, now);
    if (!sign) return json::object();  // /oidc/auth refuses it too
  }
  if (asked.empty() && !sign) return json::object();
  p.attribute_logins().want(session, {request->client_id, asked, request->sign_transaction_id},
                            now);
  json answer{{"client", request->client_id}, {"attributes", asked}};
  if (sign) answer["sign"] = *sign;
  return answer;
}

json attribute_wish_of(Portal::State& s, const std::string& session, UnixTime now) {
  const auto wish = s.oidc->attribute_logins().wish(session, now);
  if (!wish) return json::object();
  json answer{{"client", wish->client_id}, {"attributes", wish->attributes}};
  // scope sign: what the card is to sign (the client, its text and the digest).
  if (!wish->sign_transaction_id.empty()) {
    const auto sign =
        sign_request_of(s.oidc->store(), wish->client_id, wish->sign_transaction_id, now);
    if (sign) answer["sign"] = *sign;
  }
  return answer;
}

std::optional<Rejection> check_attribute_login(Portal::State& s, const std::string& session,
                                               const LoginRequest& request,
                                               std::uint64_t auth_serial, UnixTime now) {
  AttributeLogins& logins = s.oidc->attribute_logins();
  const auto wish = logins.wish(session, now);
  if (!wish) return std::nullopt;
  const std::string asked =
      wish->attributes.empty() ? std::string("a signature") : attribute_list(wish->attributes);
  if (!request.sign_token)
    return Rejection{LoginError::kSignCertMissing,
                     wish->client_id + " asks for " + asked +
                         ": send sign_token (mynatool login --sign-password-env or "
                         "--sign-password-fd)"};
  auto checked = s.sign_check->check(*request.sign_token, auth_serial, s.validator_config.origin,
                                     request.nonce, now);
  if (auto* rejection = std::get_if<Rejection>(&checked)) return *rejection;
  // scope sign: the card's signature over the client's digest, kept with the capture.
  std::optional<CapturedSignature> signature;
  if (auto rejection = check_document_signature(s, *wish, request, now, signature))
    return rejection;
  logins.capture(session, wish->client_id, std::get<pki::HolderAttributes>(checked), now,
                 std::move(signature));
  return std::nullopt;
}

void attribute_session_rotated(Portal::State& s, const std::string& old_session,
                               const std::string& new_session) {
  s.oidc->attribute_logins().rekey(old_session, new_session);
}

void show_consent(Portal::State& s, http::Response& res, const std::string& session,
                  const AuthorizationRequest& request, Grant grant,
                  const std::vector<std::string>& attributes, const pki::HolderAttributes& captured,
                  const std::optional<CapturedSignature>& signature) {
  std::optional<SignShown> sign;
  if (signature) {
    const auto tx = s.oidc->store().sign_transaction(signature->transaction_id, s.oidc->now());
    if (!tx)
      return send_portal_html(
          res, error_page("The signing request cannot go on", "the sign transaction expired"), 400);
    sign = SignShown{tx->display_text, digest_hex(tx->digest)};
    grant.sign_transaction_id = tx->id;
  }
  const auto claims = attribute_claims(captured, attributes);
  if (!claims)
    return send_portal_html(
        res,
        error_page("The sign-in request cannot go on",
                   "the signature certificate's birth date or sex is not in J-LIS's format"),
        500);
  if (!attributes.empty()) grant.claims = claims->dump();
  std::vector<ConsentItem> items;
  for (const std::string& attribute : attributes)
    items.push_back({attribute, attribute_label(attribute), shown_value(*claims, attribute)});
  const std::string id = s.oidc->attribute_logins().add_consent(
      {session, request, std::move(grant), attributes, signature}, s.oidc->now());
  send_portal_html(res, consent_page(request.client_id, items, id, sign), 200);
}

void route_consent(http::Server& server, Portal::State& s, const std::string& origin) {
  server.post("/oidc/consent", {kConsentBodyLimit},
              [&s, &origin](const http::Request& req, http::Response& res) {
                consent(s, origin, req, res);
              });
}

}  // namespace mynasim::portal
