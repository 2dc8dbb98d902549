#include "tools/mynaportal/oidc/provider.hpp"

namespace mynasim::portal::oidc {

Provider::Provider(std::unique_ptr<OidcStore> store, ProviderConfig config,
                   std::function<UnixTime()> clock)
    : config_(config),
      clock_(std::move(clock)),
      store_(std::move(store)),
      attribute_logins_(*store_) {
  // The store's sweep includes the attribute logins.
  sweeper_ = std::make_unique<Sweeper>(config_.sweep_interval, [this] {
    store_->sweep(clock_());
    store_->sweep_sign_transactions(clock_());
  });
}

Provider::~Provider() = default;

std::shared_ptr<const SigningKey> Provider::signing_key() {
  // A retired key stays published as long as an ID token it signed may be checked.
  return store_->signing_key(now(), config_.key_rotation, config_.token_lifetime);
}

}  // namespace mynasim::portal::oidc
