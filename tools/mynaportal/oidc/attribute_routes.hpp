// The attribute scopes' part of the login and of the authorization (docs/oidc.md): the login
// page opened for an authorization request that asks for `name address birthdate gender` tells
// the card's client so (its challenge lists them), the client sends the signature certificate
// with the login (signature_certificate_check.hpp), and the authorization endpoint shows a
// consent screen naming the client and each attribute before a code goes to the client
// (POST /oidc/consent: allow, or deny -> access_denied). The portal's own routes call the
// hooks below at each step; the state between steps is oidc/attribute_logins.hpp.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/mynaportal/oidc/attribute_logins.hpp"
#include "tools/mynaportal/portal_state.hpp"

namespace mynasim::portal {

// POST /login/start with {"next": "/oidc/auth?..."}: when that request is valid and asks for
// attributes, the new login page's session (`session`: its id's hash) wants them. Returns
// {"client", "attributes"} for the page to say so, or an empty object.
nlohmann::json note_attribute_wish(Portal::State& s, const std::string& session,
                                   const std::string& next, UnixTime now);
// What GET /api/challenge adds for the session's card client: {"client", "attributes"}, or an
// empty object when no attributes are wanted.
nlohmann::json attribute_wish_of(Portal::State& s, const std::string& session, UnixTime now);
// After the login's own validation: when the session wants attributes, the request's
// sign_token is checked and its attributes kept for the consent screen. A refusal fails the
// login.
std::optional<Rejection> check_attribute_login(Portal::State& s, const std::string& session,
                                               const LoginRequest& request,
                                               std::uint64_t auth_serial, UnixTime now);
// The session's id rotated at the login: what it captured follows.
void attribute_session_rotated(Portal::State& s, const std::string& old_session,
                               const std::string& new_session);

// The consent screen for `grant` to the browser session `session`: the attributes with their
// values, and (scope sign) the text and digest the card signed, held back until allowed.
void show_consent(Portal::State& s, http::Response& res, const std::string& session,
                  const oidc::AuthorizationRequest& request, oidc::Grant grant,
                  const std::vector<std::string>& attributes,
                  const pki::HolderAttributes& captured,
                  const std::optional<oidc::CapturedSignature>& signature = std::nullopt);

// POST /oidc/consent.
void route_consent(http::Server& server, Portal::State& s, const std::string& origin);

}  // namespace mynasim::portal
