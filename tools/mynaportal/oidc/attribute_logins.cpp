#include "tools/mynaportal/oidc/attribute_logins.hpp"

#include <algorithm>

#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal::oidc {

template <typename Map>
void AttributeLogins::make_room(Map& map, UnixTime now) {
  for (auto it = map.begin(); it != map.end();)
    it = it->second.expires_at <= now ? map.erase(it) : std::next(it);
  while (map.size() >= kMaxEntries) {
    auto soonest = std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
      return a.second.expires_at < b.second.expires_at;
    });
    map.erase(soonest);
  }
}

void AttributeLogins::want(const std::string& session, AttributeWish wish, UnixTime now) {
  std::lock_guard lock(mutex_);
  logins_.erase(session);
  if (logins_.size() >= kMaxEntries) make_room(logins_, now);
  Login& login = logins_[session];
  login.wish = std::move(wish);
  login.expires_at = now + kLifetime;
}

std::optional<AttributeWish> AttributeLogins::wish(const std::string& session, UnixTime now) {
  std::lock_guard lock(mutex_);
  const auto it = logins_.find(session);
  if (it == logins_.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second.wish;
}

void AttributeLogins::capture(const std::string& session, const std::string& client_id,
                              pki::HolderAttributes attributes, UnixTime now) {
  std::lock_guard lock(mutex_);
  if (logins_.find(session) == logins_.end() && logins_.size() >= kMaxEntries)
    make_room(logins_, now);
  Login& login = logins_[session];
  login.wish.reset();
  login.captured_for = client_id;
  login.captured = std::move(attributes);
  login.signature.reset();
  login.expires_at = now + kLifetime;
}

void AttributeLogins::capture_signature(const std::string& session, CapturedSignature signature) {
  std::lock_guard lock(mutex_);
  const auto it = logins_.find(session);
  if (it != logins_.end() && it->second.captured) it->second.signature = std::move(signature);
}

std::optional<AttributeLogins::Captured> AttributeLogins::take_capture_with_signature(
    const std::string& session, const std::string& client_id, UnixTime now) {
  std::optional<CapturedSignature> signature;
  {
    std::lock_guard lock(mutex_);
    const auto it = logins_.find(session);
    if (it != logins_.end()) signature = it->second.signature;
  }
  auto attributes = take_capture(session, client_id, now);
  if (!attributes) return std::nullopt;
  return Captured{std::move(*attributes), std::move(signature)};
}

std::optional<pki::HolderAttributes> AttributeLogins::take_capture(const std::string& session,
                                                                   const std::string& client_id,
                                                                   UnixTime now) {
  std::lock_guard lock(mutex_);
  const auto it = logins_.find(session);
  if (it == logins_.end() || !it->second.captured) return std::nullopt;
  Login login = std::move(it->second);
  logins_.erase(it);
  if (login.expires_at <= now || login.captured_for != client_id) return std::nullopt;
  return login.captured;
}

void AttributeLogins::rekey(const std::string& old_session, const std::string& new_session) {
  std::lock_guard lock(mutex_);
  const auto it = logins_.find(old_session);
  if (it == logins_.end()) return;
  Login login = std::move(it->second);
  logins_.erase(it);
  logins_[new_session] = std::move(login);
}

std::string AttributeLogins::add_consent(PendingConsent consent, UnixTime now) {
  const std::string id = PortalStore::new_id();
  std::lock_guard lock(mutex_);
  if (consents_.size() >= kMaxEntries) make_room(consents_, now);
  consents_[PortalStore::hash_id(id)] = {std::move(consent), now + kLifetime};
  return id;
}

std::optional<PendingConsent> AttributeLogins::take_consent(const std::string& id,
                                                            const std::string& session,
                                                            UnixTime now) {
  std::lock_guard lock(mutex_);
  const auto it = consents_.find(PortalStore::hash_id(id));
  if (it == consents_.end()) return std::nullopt;
  Consent consent = std::move(it->second);
  consents_.erase(it);
  if (consent.expires_at <= now || consent.consent.session != session) return std::nullopt;
  return std::move(consent.consent);
}

std::size_t AttributeLogins::sweep(UnixTime now) {
  std::lock_guard lock(mutex_);
  const std::size_t before = logins_.size() + consents_.size();
  std::erase_if(logins_, [now](const auto& e) { return e.second.expires_at <= now; });
  std::erase_if(consents_, [now](const auto& e) { return e.second.expires_at <= now; });
  return before - logins_.size() - consents_.size();
}

std::size_t AttributeLogins::size() {
  std::lock_guard lock(mutex_);
  return logins_.size() + consents_.size();
}

}  // namespace mynasim::portal::oidc
