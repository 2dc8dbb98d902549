#include "tools/mynaportal/challenge_store.hpp"

namespace mynasim::portal {

template <typename Value>
const typename ChallengeStore::Aged<Value>::Entry* ChallengeStore::Aged<Value>::find(
    const std::string& key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

template <typename Value>
void ChallengeStore::Aged<Value>::put(const std::string& key, Value value, UnixTime deadline,
                                      std::uint64_t order) {
  erase(key);
  entries_.emplace(key, Entry{std::move(value), deadline, order});
  by_deadline_.emplace(std::make_pair(deadline, order), key);
}

template <typename Value>
void ChallengeStore::Aged<Value>::erase(const std::string& key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return;
  by_deadline_.erase({it->second.deadline, it->second.order});
  entries_.erase(it);
}

template <typename Value>
const std::string* ChallengeStore::Aged<Value>::oldest() const {
  return by_deadline_.empty() ? nullptr : &by_deadline_.begin()->second;
}

void ChallengeStore::insert(const std::string& session, const std::string& nonce,
                            UnixTime issued_at) {
  std::lock_guard lock(mutex_);
  sweep_locked(issued_at);
  if (const auto old = by_session_.find(session); old != by_session_.end()) {
    const std::string earlier = old->second;
    if (const auto* entry = live_.find(earlier))
      bury(earlier, LoginError::kNonceReused, entry->deadline);
    forget_live(earlier);
  }
  live_.put(nonce, {session}, issued_at + lifetime_, order_++);
  by_session_[session] = nonce;
  trim();
}

std::optional<Rejection> ChallengeStore::take(const std::string& session, const std::string& nonce,
                                              UnixTime now) {
  std::lock_guard lock(mutex_);
  sweep_locked(now);
  const auto* entry = live_.find(nonce);
  if (!entry) {
    const auto* tomb = tombstones_.find(nonce);
    if (!tomb)
      return Rejection{LoginError::kNonceUnknown, "no such nonce was issued (or it is long gone)"};
    if (tomb->value.why == LoginError::kNonceExpired)
      return Rejection{LoginError::kNonceExpired,
                       "the nonce expired " + std::to_string(now - tomb->value.expired) + " s ago"};
    return Rejection{LoginError::kNonceReused, "the nonce was used before"};
  }
  const std::string owner = entry->value.session;
  const UnixTime expires = entry->deadline;
  forget_live(nonce);
  bury(nonce, LoginError::kNonceReused, expires);
  trim();
  // Fail closed: a nonce presented from another session is burnt, so a stolen one is useless
  // to both.
  if (owner != session)
    return Rejection{LoginError::kNonceWrongSession, "the nonce was issued to another session"};
  if (now >= expires)
    return Rejection{LoginError::kNonceExpired,
                     "the nonce expired " + std::to_string(now - expires) + " s ago"};
  return std::nullopt;
}

void ChallengeStore::sweep(UnixTime now) {
  std::lock_guard lock(mutex_);
  sweep_locked(now);
}

void ChallengeStore::set_capacity(std::size_t capacity) {
  std::lock_guard lock(mutex_);
  capacity_ = capacity ? capacity : 1;
  trim();
}

std::size_t ChallengeStore::capacity() const {
  std::lock_guard lock(mutex_);
  return capacity_;
}

std::size_t ChallengeStore::live_count() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

std::size_t ChallengeStore::tombstone_count() const {
  std::lock_guard lock(mutex_);
  return tombstones_.size();
}

std::uint64_t ChallengeStore::evicted_count() const {
  std::lock_guard lock(mutex_);
  return evicted_;
}

// Both indexes are ordered by deadline, so this costs only what it removes.
void ChallengeStore::sweep_locked(UnixTime now) {
  while (const std::string* nonce = live_.oldest()) {
    const UnixTime expires = live_.find(*nonce)->deadline;
    if (expires > now) break;
    const std::string key = *nonce;
    forget_live(key);
    bury(key, LoginError::kNonceExpired, expires);
  }
  while (const std::string* nonce = tombstones_.oldest()) {
    if (tombstones_.find(*nonce)->deadline > now) break;
    tombstones_.erase(std::string(*nonce));
  }
  trim();
}

void ChallengeStore::bury(const std::string& nonce, LoginError why, UnixTime expired) {
  tombstones_.put(nonce, {why, expired}, expired + lifetime_, order_++);
}

void ChallengeStore::forget_live(const std::string& nonce) {
  const auto* entry = live_.find(nonce);
  if (!entry) return;
  if (const auto mine = by_session_.find(entry->value.session);
      mine != by_session_.end() && mine->second == nonce)
    by_session_.erase(mine);
  live_.erase(nonce);
}

// Over capacity, the oldest go: a live nonce without a tombstone (presented later it is
// NONCE_UNKNOWN), a tombstone simply forgotten (a late replay is NONCE_UNKNOWN, still refused).
void ChallengeStore::trim() {
  while (live_.size() > capacity_) {
    forget_live(std::string(*live_.oldest()));
    ++evicted_;
  }
  while (tombstones_.size() > capacity_) tombstones_.erase(std::string(*tombstones_.oldest()));
}

}  // namespace mynasim::portal
