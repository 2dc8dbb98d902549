// The challenge nonces of jpki-login:1: 32 random bytes, valid 5 minutes, bound to the session
// that asked, usable once (Web eID's session-bound getAndRemove). take() finds, checks and
// removes a nonce under one lock, so two logins racing with the same nonce cannot both pass.
// A used or expired nonce leaves a tombstone until its lifetime ends, so that a replay is
// reported as NONCE_REUSED rather than NONCE_UNKNOWN. In memory: a restart forgets every
// challenge, which only makes waiting logins start again.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "tools/mynaportal/login_protocol.hpp"

namespace mynasim::portal {

using UnixTime = std::int64_t;

class ChallengeStore {
 public:
  explicit ChallengeStore(UnixTime lifetime_seconds = kChallengeSeconds)
      : lifetime_(lifetime_seconds) {}

  // A fresh nonce (base64url of 32 random bytes) for `session`; it replaces the session's
  // earlier nonce, which counts as used.
  std::string issue(const std::string& session, UnixTime now);
  // Step 2: the nonce must exist, be the session's, be unexpired; it is removed in any case.
  std::optional<Rejection> take(const std::string& session, const std::string& nonce, UnixTime now);
  // Records a nonce as issued at `issued_at` (tests and benchmarks that replay a scenario).
  void insert(const std::string& session, const std::string& nonce, UnixTime issued_at);

  UnixTime lifetime() const { return lifetime_; }
  std::size_t live_count() const;

 private:
  struct Live {
    std::string session;
    UnixTime expires;
  };
  void purge(UnixTime now);  // drops tombstones and live nonces past their lifetime

  UnixTime lifetime_;
  mutable std::mutex mutex_;
  std::map<std::string, Live> live_;               // nonce -> owner
  std::map<std::string, std::string> by_session_;  // session -> its current nonce
  std::map<std::string, UnixTime> used_;           // nonce -> when the tombstone goes
  UnixTime next_purge_ = 0;
};

}  // namespace mynasim::portal
