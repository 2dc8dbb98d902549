// The challenge nonces of jpki-login:1: 32 random bytes, valid 5 minutes, bound to the session
// that asked, usable once (Web eID's session-bound getAndRemove). take() finds, checks and
// removes a nonce under one lock, so two logins racing with the same nonce cannot both pass.
// A used or expired nonce leaves a tombstone until one more lifetime has passed, so that a
// replay is reported as NONCE_REUSED (or NONCE_EXPIRED) rather than NONCE_UNKNOWN. In memory: a
// restart forgets every challenge, which only makes waiting logins start again.
//
// Bounded: at most `capacity` live nonces and as many tombstones. Past it the oldest goes (a
// flood then has to outrun a card login, a few seconds, to disturb one; refusing new challenges
// instead would let 10,000 requests per lifetime lock every holder out). What expired ends at
// every call and at sweep() (the portal's timer), whether or not anyone logs in.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "tools/mynaportal/challenges.hpp"

namespace mynasim::portal {

class ChallengeStore : public Challenges {
 public:
  static constexpr std::size_t kDefaultCapacity = 10000;

  explicit ChallengeStore(UnixTime lifetime_seconds = kChallengeSeconds,
                          std::size_t capacity = kDefaultCapacity)
      : lifetime_(lifetime_seconds), capacity_(capacity ? capacity : 1) {}

  std::optional<Rejection> take(const std::string& session, const std::string& nonce,
                                UnixTime now) override;
  void insert(const std::string& session, const std::string& nonce, UnixTime issued_at) override;
  // Live nonces past their lifetime become tombstones; tombstones past theirs are forgotten.
  void sweep(UnixTime now) override;
  void set_capacity(std::size_t capacity) override;

  UnixTime lifetime() const override { return lifetime_; }
  std::size_t capacity() const override;
  std::size_t live_count() const override;
  std::size_t tombstone_count() const override;
  std::uint64_t evicted_count() const override;

 private:
  // Entries with a deadline, oldest deadline first (ties: the order they came in).
  template <typename Value>
  class Aged {
   public:
    struct Entry {
      Value value;
      UnixTime deadline;
      std::uint64_t order;
    };
    const Entry* find(const std::string& key) const;
    void put(const std::string& key, Value value, UnixTime deadline, std::uint64_t order);
    void erase(const std::string& key);
    // The oldest entry's key, or nullptr when empty.
    const std::string* oldest() const;
    std::size_t size() const { return entries_.size(); }

   private:
    std::map<std::string, Entry> entries_;
    std::map<std::pair<UnixTime, std::uint64_t>, std::string> by_deadline_;
  };
  struct Live {
    std::string session;
  };
  struct Tombstone {
    LoginError why;    // kNonceReused or kNonceExpired
    UnixTime expired;  // when the nonce's lifetime ended
  };

  void sweep_locked(UnixTime now);
  void bury(const std::string& nonce, LoginError why, UnixTime expired);
  void forget_live(const std::string& nonce);
  void trim();

  UnixTime lifetime_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  Aged<Live> live_;                                // nonce -> owner, deadline = expiry
  std::map<std::string, std::string> by_session_;  // session -> its current nonce
  Aged<Tombstone> tombstones_;                     // deadline = when it is forgotten
  std::uint64_t order_ = 0;
  std::uint64_t evicted_ = 0;
};

}  // namespace mynasim::portal
