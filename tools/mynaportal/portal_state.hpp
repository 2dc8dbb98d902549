// What the portal's handlers share (internal to portal_server.cpp and portal_routes.cpp).
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "tools/mynaportal/holder_identity.hpp"
#include "tools/mynaportal/login_validator.hpp"
#include "tools/mynaportal/portal_server.hpp"
#include "tools/mynaportal/portal_store.hpp"
#include "tools/mynaportal/signature_certificate_check.hpp"
#include "tools/mynaportal/sweeper.hpp"

namespace mynasim::http {
class Server;
struct Request;
struct Response;
}  // namespace mynasim::http

namespace mynasim::portal::oidc {
class Provider;
}

namespace mynasim::portal {

inline constexpr UnixTime kAnonymousSessionSeconds = 600;
inline constexpr UnixTime kLoggedInSessionSeconds = 3600;
inline constexpr const char* kCookieName = "mynaportal_session";

struct Portal::State {
  std::function<UnixTime()> clock;
  std::unique_ptr<PortalStore> store;
  std::unique_ptr<HolderIdentity> identity;
  std::unique_ptr<Challenges> challenges;  // in memory (SQLite) or PostgreSQL
  ValidatorConfig validator_config;        // origin filled in by bind()
  std::unique_ptr<LoginValidator> validator;
  // The signature certificate an OpenID Connect client's attribute scopes need.
  std::unique_ptr<SignatureCertificateCheck> sign_check;
  std::unique_ptr<oidc::Provider> oidc;  // the OpenID Connect provider (oidc/provider.hpp)
  std::unique_ptr<Sweeper> sweeper;      // last: stopped before what it sweeps goes
};

// Applies the config's bounds to the stores and starts the timer that sweeps them
// (portal_housekeeping.cpp).
void start_housekeeping(Portal::State& state, const PortalConfig& config);

// The logged-in session of the request's cookie and its account (portal_routes.cpp), and the
// portal's way of answering (its security headers, no caching): shared with oidc/oidc_routes.cpp.
std::optional<std::pair<Session, Account>> logged_in_session(Portal::State& s,
                                                             const http::Request& req);
void send_portal_body(http::Response& res, int status, const std::string& body,
                      const std::string& type);
void send_portal_html(http::Response& res, const std::string& html, int status);
// A JSON answer as the portal sends every one (the provider's routes too).
void send_portal_json(http::Response& res, const nlohmann::json& body, int status = 200);
// A refused request (login_protocol.hpp's Rejection: the login's checks, the request guard's)
// as the portal answers it: {"error", "message", "detail"}, with "reason" and "reason_name" for
// a revoked or held certificate, and the error's status. The provider's consent route too.
void send_portal_rejection(http::Response& res, const Rejection& rejection);
// The OpenID Connect provider's routes (oidc/oidc_routes.cpp); `origin` is its issuer, known
// once the portal is bound.
void route_oidc(http::Server& server, Portal::State& state, const std::string& origin);

// A login code: 8 characters of Crockford's base32 (no I, L, O, U), shown as XXXX-XXXX.
std::string new_login_code();

}  // namespace mynasim::portal
