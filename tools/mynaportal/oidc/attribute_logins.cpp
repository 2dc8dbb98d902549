#include "tools/mynaportal/oidc/attribute_logins.hpp"

#include <nlohmann/json.hpp>

#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal::oidc {
namespace {

using nlohmann::json;

// The rows' JSON: every field of the structs, so that a step read back on another instance is
// the one written. A field added to one of them must be added here: these sizes (members of
// pointer alignment, so without padding) stop the build until it is.
static_assert(sizeof(AttributeWish) == 2 * sizeof(std::string) + sizeof(std::vector<std::string>),
              "AttributeWish changed: write and read the new field in wish_json/wish_of");
static_assert(sizeof(pki::HolderAttributes) == 4 * sizeof(std::string),
              "HolderAttributes changed: write and read it in attributes_text/attributes_of");
static_assert(sizeof(AuthorizationRequest) == 8 * sizeof(std::string) +
                                                  sizeof(std::vector<std::string>) +
                                                  sizeof(std::optional<long>),
              "AuthorizationRequest changed: write and read it in request_json/request_of");
static_assert(sizeof(PendingConsent) == sizeof(std::string) + sizeof(AuthorizationRequest) +
                                            sizeof(Grant) + sizeof(std::vector<std::string>) +
                                            sizeof(std::optional<CapturedSignature>),
              "PendingConsent changed: write and read the new field in consent_text/consent_of");
static_assert(sizeof(CapturedSignature) == sizeof(std::string) + 2 * sizeof(Bytes),
              "CapturedSignature changed: write and read it in signature_json/signature_of");

json wish_json(const AttributeWish& wish) {
  return {{"client_id", wish.client_id},
          {"attributes", wish.attributes},
          {"sign_transaction_id", wish.sign_transaction_id}};
}

AttributeWish wish_of(const std::string& text) {
  const json j = json::parse(text);
  return {j.at("client_id"), j.at("attributes").get<std::vector<std::string>>(),
          j.value("sign_transaction_id", "")};
}

json signature_json(const std::optional<CapturedSignature>& s) {
  if (!s) return nullptr;
  return {{"transaction_id", s->transaction_id},
          {"signature", base64url_encode(s->signature)},
          {"certificate", base64url_encode(s->certificate)}};
}

std::optional<CapturedSignature> signature_of(const json& j) {
  if (j.is_null()) return std::nullopt;
  return CapturedSignature{j.at("transaction_id"),
                           base64url_decode(j.at("signature").get<std::string>()).value(),
                           base64url_decode(j.at("certificate").get<std::string>()).value()};
}

// The captured attributes, and (scope sign) the signature made at the same login.
std::string attributes_text(const pki::HolderAttributes& a,
                            const std::optional<CapturedSignature>& signature) {
  return json{{"name", a.name},
              {"sex", a.sex},
              {"birth", a.birth},
              {"address", a.address},
              {"signature", signature_json(signature)}}
      .dump();
}

pki::HolderAttributes attributes_of(const json& j) {
  return {j.at("name"), j.at("sex"), j.at("birth"), j.at("address")};
}

json request_json(const AuthorizationRequest& r) {
  return {{"client_id", r.client_id},
          {"redirect_uri", r.redirect_uri},
          {"scope", r.scope},
          {"state", r.state},
          {"nonce", r.nonce},
          {"code_challenge", r.code_challenge},
          {"acr_values", r.acr_values},
          {"prompt", r.prompt},
          {"max_age", r.max_age ? json(*r.max_age) : json(nullptr)},
          {"sign_transaction_id", r.sign_transaction_id}};
}

AuthorizationRequest request_of(const json& j) {
  AuthorizationRequest r;
  r.client_id = j.at("client_id");
  r.redirect_uri = j.at("redirect_uri");
  r.scope = j.at("scope");
  r.state = j.at("state");
  r.nonce = j.at("nonce");
  r.code_challenge = j.at("code_challenge");
  r.acr_values = j.at("acr_values").get<std::vector<std::string>>();
  r.prompt = j.at("prompt");
  if (!j.at("max_age").is_null()) r.max_age = j.at("max_age").get<long>();
  r.sign_transaction_id = j.value("sign_transaction_id", "");
  return r;
}

std::string consent_text(const PendingConsent& c) {
  return json{{"request", request_json(c.request)},
              {"grant", OidcStore::grant_text(c.grant)},
              {"attributes", c.attributes},
              {"signature", signature_json(c.signature)}}
      .dump();
}

PendingConsent consent_of(const std::string& session, const std::string& text) {
  const json j = json::parse(text);
  return {session, request_of(j.at("request")), OidcStore::grant_of(j.at("grant")),
          j.at("attributes").get<std::vector<std::string>>(),
          signature_of(j.value("signature", json()))};
}

}  // namespace

void AttributeLogins::want(const std::string& session, AttributeWish wish, UnixTime now) {
  store_.put_attribute_login(session, {wish_json(wish).dump(), "", "", now + kLifetime});
}

std::optional<AttributeWish> AttributeLogins::wish(const std::string& session, UnixTime now) {
  const auto row = store_.attribute_login(session, now);
  if (!row || row->wish.empty()) return std::nullopt;
  return wish_of(row->wish);
}

void AttributeLogins::capture(const std::string& session, const std::string& client_id,
                              pki::HolderAttributes attributes, UnixTime now,
                              std::optional<CapturedSignature> signature) {
  store_.put_attribute_login(
      session, {"", client_id, attributes_text(attributes, signature), now + kLifetime});
}

std::optional<pki::HolderAttributes> AttributeLogins::take_capture(const std::string& session,
                                                                   const std::string& client_id,
                                                                   UnixTime now) {
  auto captured = take_capture_with_signature(session, client_id, now);
  if (!captured) return std::nullopt;
  return std::move(captured->attributes);
}

std::optional<AttributeLogins::Captured> AttributeLogins::take_capture_with_signature(
    const std::string& session, const std::string& client_id, UnixTime now) {
  // Taken whatever it is: a capture offered to another client, or too late, is gone for all.
  const auto row = store_.take_attribute_capture(session);
  if (!row || row->expires_at <= now || row->captured_for != client_id) return std::nullopt;
  const json captured = json::parse(row->captured);
  return Captured{attributes_of(captured), signature_of(captured.value("signature", json()))};
}

void AttributeLogins::rekey(const std::string& old_session, const std::string& new_session) {
  store_.rekey_attribute_login(old_session, new_session);
}

std::string AttributeLogins::add_consent(PendingConsent consent, UnixTime now) {
  const std::string id = PortalStore::new_id();
  store_.put_consent(PortalStore::hash_id(id),
                     {consent.session, consent_text(consent), now + kLifetime});
  return id;
}

std::optional<PendingConsent> AttributeLogins::take_consent(const std::string& id,
                                                            const std::string& session,
                                                            UnixTime now) {
  // Taken whoever asks: an answer from another browser session burns the screen.
  const auto row = store_.take_consent(PortalStore::hash_id(id));
  if (!row || row->expires_at <= now || row->session != session) return std::nullopt;
  return consent_of(row->session, row->consent);
}

std::size_t AttributeLogins::sweep(UnixTime now) {
  return store_.sweep_attribute_logins(now);
}

std::size_t AttributeLogins::size() {
  return store_.attribute_login_count();
}

}  // namespace mynasim::portal::oidc
