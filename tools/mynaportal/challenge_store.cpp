#include "tools/mynaportal/challenge_store.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace mynasim::portal {

std::string ChallengeStore::issue(const std::string& session, UnixTime now) {
  Bytes random(kNonceBytes);
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1)
    throw std::runtime_error("no randomness for a challenge");
  const std::string nonce = base64url_encode(random);
  insert(session, nonce, now);
  return nonce;
}

void ChallengeStore::insert(const std::string& session, const std::string& nonce,
                            UnixTime issued_at) {
  std::lock_guard lock(mutex_);
  purge(issued_at);
  if (const auto old = by_session_.find(session); old != by_session_.end()) {
    if (const auto it = live_.find(old->second); it != live_.end()) {
      used_[old->second] = it->second.expires;
      live_.erase(it);
    }
  }
  live_[nonce] = {session, issued_at + lifetime_};
  by_session_[session] = nonce;
}

std::optional<Rejection> ChallengeStore::take(const std::string& session, const std::string& nonce,
                                              UnixTime now) {
  std::lock_guard lock(mutex_);
  const auto it = live_.find(nonce);
  if (it == live_.end()) {
    if (used_.count(nonce)) return Rejection{LoginError::kNonceReused, "the nonce was used before"};
    return Rejection{LoginError::kNonceUnknown, "no such nonce was issued (or it is long gone)"};
  }
  const Live owner = it->second;
  live_.erase(it);
  used_[nonce] = owner.expires;
  if (const auto mine = by_session_.find(owner.session);
      mine != by_session_.end() && mine->second == nonce)
    by_session_.erase(mine);
  // Fail closed: a nonce presented from another session is burnt, so a stolen one is useless
  // to both.
  if (owner.session != session)
    return Rejection{LoginError::kNonceWrongSession, "the nonce was issued to another session"};
  if (now >= owner.expires)
    return Rejection{LoginError::kNonceExpired,
                     "the nonce expired " + std::to_string(now - owner.expires) + " s ago"};
  return std::nullopt;
}

std::size_t ChallengeStore::live_count() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

void ChallengeStore::purge(UnixTime now) {
  if (now < next_purge_) return;
  next_purge_ = now + 30;
  for (auto it = used_.begin(); it != used_.end();)
    it = it->second + lifetime_ <= now ? used_.erase(it) : std::next(it);
  for (auto it = live_.begin(); it != live_.end();) {
    if (it->second.expires + lifetime_ > now) {
      ++it;
      continue;
    }
    // Long expired: keep only a tombstone-free forget (a replay that late is NONCE_UNKNOWN).
    if (const auto s = by_session_.find(it->second.session);
        s != by_session_.end() && s->second == it->first)
      by_session_.erase(s);
    it = live_.erase(it);
  }
}

}  // namespace mynasim::portal
