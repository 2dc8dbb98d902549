// Challenges in PostgreSQL, shared by every instance behind one database: a nonce issued by one
// instance is taken by another, and at most once across all of them. take() is one
// UPDATE ... SET state = 'reused' WHERE nonce = $1 AND state = 'live' RETURNING (the
// DELETE ... RETURNING pattern, the row kept as the tombstone that says NONCE_REUSED): under
// READ COMMITTED a second taker waits for the first's row lock, re-reads the row, finds it no
// longer live and gets no row back. One live nonce per session is a unique index; two instances
// issuing for one session at once collide on it, and the loser retries (burying the winner's).
//
// Bounded: each nonce gets the next number of a sequence, and issuing one deletes every row
// (live or tombstone) more than `capacity` numbers older, so at most `capacity` rows remain,
// the oldest going first (a live one is counted as evicted; presented later it is
// NONCE_UNKNOWN). Expiry as ChallengeStore: live past its lifetime becomes a tombstone
// ("expired"), a tombstone goes one lifetime later, at sweep() (the portal's timer).
#pragma once

#include <atomic>
#include <memory>

#include "tools/mynaportal/challenges.hpp"
#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal {

class PostgresChallengeStore : public Challenges {
 public:
  static constexpr std::size_t kDefaultCapacity = 10000;

  // The schema must exist (ensure_postgres_schema).
  PostgresChallengeStore(std::shared_ptr<pg::Pool> pool, UnixTime lifetime_seconds,
                         std::size_t capacity = kDefaultCapacity)
      : pool_(std::move(pool)), lifetime_(lifetime_seconds), capacity_(capacity ? capacity : 1) {}

  std::optional<Rejection> take(const std::string& session, const std::string& nonce,
                                UnixTime now) override;
  void insert(const std::string& session, const std::string& nonce, UnixTime issued_at) override;
  void sweep(UnixTime now) override;
  void set_capacity(std::size_t capacity) override;

  UnixTime lifetime() const override { return lifetime_; }
  std::size_t capacity() const override { return capacity_; }
  std::size_t live_count() const override;
  std::size_t tombstone_count() const override;
  std::uint64_t evicted_count() const override { return evicted_; }  // by this instance

 private:
  // Deletes the rows numbered `oldest_kept` - 1 and below; counts the live ones as evicted.
  void trim(pg::Connection& c, std::int64_t oldest_kept);
  std::size_t count(const char* where) const;

  std::shared_ptr<pg::Pool> pool_;
  UnixTime lifetime_;
  std::atomic<std::size_t> capacity_;
  std::atomic<std::uint64_t> evicted_{0};
};

}  // namespace mynasim::portal
