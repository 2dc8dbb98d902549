// The OpenID Connect provider inside mynaportal (docs/oidc.md): its lifetimes, its store
// (DATA/oidc.db or PostgreSQL: portal_database.hpp) and the timer that sweeps it. The HTTP side is oidc_routes.cpp; the pure checks are
// authorization_request.hpp, pkce.hpp, token_request.hpp and id_token.hpp.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "tools/mynaportal/oidc/attribute_logins.hpp"
#include "tools/mynaportal/oidc/oidc_store.hpp"
#include "tools/mynaportal/sweeper.hpp"

namespace mynasim::portal::oidc {

struct ProviderConfig {
  // Authorization codes: single use, 60 s (RFC 6749 §4.1.2 says at most 10 minutes; the
  // redirect and the client's exchange take well under a second, and a shorter window gives a
  // stolen code less time).
  UnixTime code_lifetime = 60;
  UnixTime token_lifetime = 300;  // access tokens and ID tokens: 5 minutes (Keycloak's default)
  UnixTime key_rotation = 30 * 86400;  // a new signing key every 30 days
  std::chrono::milliseconds sweep_interval{30000};
};

class Provider {
 public:
  Provider(std::unique_ptr<OidcStore> store, ProviderConfig config,
           std::function<UnixTime()> clock);
  ~Provider();

  const ProviderConfig& config() const { return config_; }
  OidcStore& store() { return *store_; }
  AttributeLogins& attribute_logins() { return attribute_logins_; }
  UnixTime now() const { return clock_(); }
  std::shared_ptr<const SigningKey> signing_key();

 private:
  ProviderConfig config_;
  std::function<UnixTime()> clock_;
  std::unique_ptr<OidcStore> store_;
  AttributeLogins attribute_logins_;  // in store_
  std::unique_ptr<Sweeper> sweeper_;  // last: stopped before the store goes
};

}  // namespace mynasim::portal::oidc
