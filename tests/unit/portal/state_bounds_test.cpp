// What unauthenticated clients can make the portal keep: live challenges and anonymous sessions
// are bounded (the oldest evicted) and expire on the clock, whether or not anyone logs in.
// The clock is the `now` each call is given; the sweep timer's thread is tested on its own.

#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "tools/mynaportal/challenge_store.hpp"
#include "tools/mynaportal/sqlite_portal_store.hpp"
#include "tools/mynaportal/sweeper.hpp"

namespace mynasim::portal {
namespace {

struct TempDb {
  std::string dir;
  TempDb() {
    char name[] = "/tmp/portal-state-test.XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    dir = name;
  }
  ~TempDb() { std::filesystem::remove_all(dir); }
  std::string path() const { return dir + "/portal.db"; }
};

std::optional<LoginError> error_of(const std::optional<Rejection>& r) {
  if (!r) return std::nullopt;
  return r->error;
}

}  // namespace

TEST_CASE("challenge store: at most `capacity` live nonces, the oldest evicted", "[portal]") {
  ChallengeStore store(300, 3);
  std::vector<std::string> nonces;
  for (int i = 0; i < 5; ++i) nonces.push_back(store.issue("s" + std::to_string(i), 1000 + i));
  CHECK(store.live_count() == 3);
  CHECK(store.evicted_count() == 2);
  // The two oldest are gone without a trace; the three newest still log in.
  CHECK(error_of(store.take("s0", nonces[0], 1010)) == LoginError::kNonceUnknown);
  CHECK(error_of(store.take("s1", nonces[1], 1010)) == LoginError::kNonceUnknown);
  CHECK_FALSE(store.take("s2", nonces[2], 1010));
  CHECK_FALSE(store.take("s4", nonces[4], 1010));
  CHECK(store.live_count() == 1);
  // One session asking again and again: one live nonce, tombstones bounded too.
  for (int i = 0; i < 50; ++i) store.issue("flood", 1020);
  CHECK(store.live_count() == 2);
  CHECK(store.tombstone_count() == 3);
}

TEST_CASE("challenge store: expiry on the clock, without any login", "[portal]") {
  ChallengeStore store(300, 100);
  const std::string a = store.issue("s", 1000);
  const std::string b = store.issue("t", 1100);
  store.sweep(1299);
  CHECK(store.live_count() == 2);
  store.sweep(1300);  // a's five minutes are over: a tombstone says so for one more lifetime
  CHECK(store.live_count() == 1);
  CHECK(store.tombstone_count() == 1);
  store.sweep(1400);
  CHECK(store.live_count() == 0);
  CHECK(store.tombstone_count() == 2);
  store.sweep(1600);  // a's tombstone goes; b's stays until 1700
  CHECK(store.tombstone_count() == 1);
  CHECK(error_of(store.take("s", a, 1600)) == LoginError::kNonceUnknown);
  const auto late = store.take("t", b, 1600);
  REQUIRE(late);
  CHECK(late->error == LoginError::kNonceExpired);
  CHECK(late->detail == "the nonce expired 200 s ago");
  store.sweep(1700);
  CHECK(store.tombstone_count() == 0);
}

TEST_CASE("challenge store: a smaller capacity applies at once", "[portal]") {
  ChallengeStore store(300, 10);
  for (int i = 0; i < 10; ++i) store.issue("s" + std::to_string(i), 1000);
  store.set_capacity(4);
  CHECK(store.capacity() == 4);
  CHECK(store.live_count() == 4);
  CHECK(store.evicted_count() == 6);
}

TEST_CASE("portal store: anonymous sessions bounded, the oldest evicted", "[portal]") {
  TempDb db;
  SqlitePortalStore store(db.path());
  store.set_anonymous_capacity(5);
  // A logged-in session is not anonymous: never counted, never evicted.
  Account seen;
  seen.pseudonym = "p";
  const Account account = store.record_login(seen, 1000, "mynaportal", "test");
  const std::string logged_in = store.create_session(1000, 3600, account.id, "");
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i)
    ids.push_back(store.create_session(1000 + i, 600, 0, "CODE-000" + std::to_string(i)));
  CHECK(store.anonymous_count() == 5);
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(store.session(ids[static_cast<std::size_t>(i)], 1010));
    CHECK_FALSE(store.session_by_code("CODE-000" + std::to_string(i), 1010));
  }
  for (int i = 3; i < 8; ++i) CHECK(store.session(ids[static_cast<std::size_t>(i)], 1010));
  CHECK(store.session(logged_in, 1010)->account_id == account.id);
}

TEST_CASE("portal store: the anonymous count follows every change, and a restart", "[portal]") {
  TempDb db;
  std::string page, other;
  {
    SqlitePortalStore store(db.path());
    Account seen;
    seen.pseudonym = "p";
    const Account account = store.record_login(seen, 1000, "mynaportal", "test");
    page = store.create_session(1000, 600, 0, "CODE-0001");
    other = store.create_session(1000, 600, 0, "CODE-0002");
    store.create_session(1000, 600, 0, "CODE-0003");
    CHECK(store.anonymous_count() == 3);
    // Logged in by code: no longer anonymous; failed again (account cleared): anonymous.
    store.set_session_state(PortalStore::hash_id(page), "done", account.id, "");
    CHECK(store.anonymous_count() == 2);
    store.set_session_state(PortalStore::hash_id(page), "failed", 0, "PIN_WRONG");
    CHECK(store.anonymous_count() == 3);
    store.set_session_state(PortalStore::hash_id(page), "done", account.id, "");
    // Rotation replaces the page's session by a logged-in one.
    store.rotate(PortalStore::hash_id(page), account.id, 1001, 3600);
    CHECK(store.anonymous_count() == 2);
    store.delete_session(PortalStore::hash_id(other));
    CHECK(store.anonymous_count() == 1);
  }
  SqlitePortalStore reopened(db.path());
  CHECK(reopened.anonymous_count() == 1);
  CHECK(reopened.sweep(1600) == 1);
  CHECK(reopened.anonymous_count() == 0);
}

TEST_CASE("portal store: sweep deletes what expired, and only that", "[portal]") {
  TempDb db;
  SqlitePortalStore store(db.path());
  for (int i = 0; i < 4; ++i) store.create_session(1000, 600, 0, "CODE-100" + std::to_string(i));
  const std::string later = store.create_session(1300, 600, 0, "CODE-2000");
  CHECK(store.sweep(1599) == 0);
  CHECK(store.anonymous_count() == 5);
  CHECK(store.sweep(1600) == 4);
  CHECK(store.anonymous_count() == 1);
  CHECK(store.session(later, 1600));
  CHECK(store.sweep(1900) == 1);
  CHECK(store.anonymous_count() == 0);
}

TEST_CASE("sweeper: runs its job on the timer and stops when destroyed", "[portal]") {
  std::atomic<int> runs{0};
  {
    Sweeper sweeper(std::chrono::milliseconds(1), [&runs] {
      ++runs;
      if (runs == 2) throw std::runtime_error("a failed sweep is retried at the next tick");
    });
    for (int i = 0; i < 5000 && runs < 3; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const int seen = runs;
  CHECK(seen >= 3);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(runs == seen);  // joined: no run after destruction
  // A long interval does not hold up the destruction.
  const auto start = std::chrono::steady_clock::now();
  {
    Sweeper idle(std::chrono::hours(1), [] {});
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

}  // namespace mynasim::portal
