// What the login needs from a store of challenge nonces (jpki-login:1 step 2), whichever keeps
// them: ChallengeStore in memory (one instance, the SQLite default) or PostgresChallengeStore (a
// table every instance behind one PostgreSQL shares). Both give the same answers: a nonce is
// issued for one session (replacing that session's earlier one, which counts as used), valid
// `lifetime()` seconds, taken at most once (NONCE_REUSED after, NONCE_EXPIRED past its lifetime,
// NONCE_UNKNOWN once forgotten, NONCE_WRONG_SESSION and burnt when another session presents it);
// their number is bounded by `capacity()` (the oldest evicted) and what expired goes at sweep().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "tools/mynaportal/login_protocol.hpp"

namespace mynasim::portal {

using UnixTime = std::int64_t;

class Challenges {
 public:
  virtual ~Challenges() = default;

  // A fresh nonce (base64url of 32 random bytes) for `session`.
  std::string issue(const std::string& session, UnixTime now);
  // Step 2: the nonce must exist, be the session's, be unexpired; it is used up in any case.
  virtual std::optional<Rejection> take(const std::string& session, const std::string& nonce,
                                        UnixTime now) = 0;
  // Records a nonce as issued at `issued_at` (issue(), and tests and benchmarks that replay a
  // scenario).
  virtual void insert(const std::string& session, const std::string& nonce, UnixTime issued_at) = 0;
  virtual void sweep(UnixTime now) = 0;
  virtual void set_capacity(std::size_t capacity) = 0;

  virtual UnixTime lifetime() const = 0;
  virtual std::size_t capacity() const = 0;
  virtual std::size_t live_count() const = 0;
  virtual std::size_t tombstone_count() const = 0;
  virtual std::uint64_t evicted_count() const = 0;  // live nonces dropped for room
};

}  // namespace mynasim::portal
