#include "tools/mynaportal/postgres_challenge_store.hpp"

namespace mynasim::portal {

using pg::param;

void PostgresChallengeStore::insert(const std::string& session, const std::string& nonce,
                                    UnixTime issued_at) {
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    std::int64_t seq = 0;
    // The session's earlier nonce is buried first (the count(*) makes the INSERT wait for it).
    for (int attempt = 0;; ++attempt) {
      try {
        seq = c.exec(
                   "WITH buried AS (UPDATE challenges SET state = 'reused' "
                   "  WHERE session = $2 AND state = 'live' RETURNING 1) "
                   "INSERT INTO challenges(nonce, session, expires_at, state) "
                   "SELECT $1, $2, $3, 'live' FROM (SELECT count(*) FROM buried) AS done "
                   "RETURNING seq",
                   {param(nonce), param(session), param(issued_at + lifetime_)}, "a new challenge")
                  .int64(0, 0);
        break;
      } catch (const pg::Error& e) {
        // Another instance issued for this session at the same moment: bury theirs, once more.
        if (e.sqlstate() != pg::kUniqueViolation || attempt == 3) throw;
      }
    }
    trim(c, seq - static_cast<std::int64_t>(capacity_.load()) + 1);
  });
}

void PostgresChallengeStore::trim(pg::Connection& c, std::int64_t oldest_kept) {
  const pg::Result r = c.exec(
      "WITH gone AS (DELETE FROM challenges WHERE seq < $1 RETURNING state) "
      "SELECT count(*) FROM gone WHERE state = 'live'",
      {param(oldest_kept)}, "the challenges' bound");
  evicted_ += static_cast<std::uint64_t>(r.int64(0, 0));
}

std::optional<Rejection> PostgresChallengeStore::take(const std::string& session,
                                                      const std::string& nonce, UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<Rejection> {
    const pg::Result taken = c.exec(
        "UPDATE challenges SET state = CASE WHEN expires_at <= $2 THEN 'expired' ELSE 'reused' END "
        "WHERE nonce = $1 AND state = 'live' RETURNING session, expires_at",
        {param(nonce), param(now)}, "a challenge's use");
    if (taken.rows() == 1) {
      const UnixTime expires = taken.int64(0, 1);
      if (now >= expires)
        return Rejection{LoginError::kNonceExpired,
                         "the nonce expired " + std::to_string(now - expires) + " s ago"};
      // Fail closed: a nonce presented from another session is burnt, so a stolen one is
      // useless to both.
      if (taken.text(0, 0) != session)
        return Rejection{LoginError::kNonceWrongSession, "the nonce was issued to another session"};
      return std::nullopt;
    }
    const pg::Result tomb = c.exec("SELECT state, expires_at FROM challenges WHERE nonce = $1",
                                   {param(nonce)}, "a used challenge");
    // A tombstone is forgotten one lifetime after the nonce expired, swept or not.
    if (tomb.rows() == 0 || tomb.int64(0, 1) + lifetime_ <= now)
      return Rejection{LoginError::kNonceUnknown, "no such nonce was issued (or it is long gone)"};
    if (tomb.text(0, 0) == "expired")
      return Rejection{LoginError::kNonceExpired,
                       "the nonce expired " + std::to_string(now - tomb.int64(0, 1)) + " s ago"};
    return Rejection{LoginError::kNonceReused, "the nonce was used before"};
  });
}

void PostgresChallengeStore::sweep(UnixTime now) {
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec("UPDATE challenges SET state = 'expired' WHERE state = 'live' AND expires_at <= $1",
           {param(now)}, "the challenges' expiry");
    c.exec("DELETE FROM challenges WHERE expires_at <= $1", {param(now - lifetime_)},
           "the tombstones' expiry");
  });
}

void PostgresChallengeStore::set_capacity(std::size_t capacity) {
  capacity_ = capacity ? capacity : 1;
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    const std::int64_t newest =
        c.exec("SELECT coalesce(max(seq), 0) FROM challenges", {}, "the newest challenge")
            .int64(0, 0);
    trim(c, newest - static_cast<std::int64_t>(capacity_.load()) + 1);
  });
}

std::size_t PostgresChallengeStore::count(const char* where) const {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return static_cast<std::size_t>(
        c.exec(std::string("SELECT count(*) FROM challenges WHERE ") + where, {},
               "the challenges' count")
            .int64(0, 0));
  });
}

std::size_t PostgresChallengeStore::live_count() const {
  return count("state = 'live'");
}

std::size_t PostgresChallengeStore::tombstone_count() const {
  return count("state <> 'live'");
}

}  // namespace mynasim::portal
