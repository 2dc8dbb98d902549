// The Challenges interface answers the same with both backends (in memory for SQLite, the
// challenges table in PostgreSQL): single use, session binding, expiry, what a replay is told.

#include <catch2/catch.hpp>

#include "backends.hpp"

namespace mynasim::portal::testing {
namespace {

std::optional<LoginError> error_of(const std::optional<Rejection>& r) {
  if (!r) return std::nullopt;
  return r->error;
}

}  // namespace

TEST_CASE("challenges: a nonce is taken once, by its session, within its lifetime", "[portal]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.challenges();
  CHECK(store->lifetime() == kLifetime);

  const std::string a = store->issue("session-a", 1000);
  CHECK(a.size() == 43);  // base64url of 32 bytes
  CHECK(store->live_count() == 1);
  CHECK_FALSE(store->take("session-a", a, 1299));
  const auto replay = store->take("session-a", a, 1299);
  REQUIRE(replay);
  CHECK(replay->error == LoginError::kNonceReused);
  CHECK(replay->detail == "the nonce was used before");
  CHECK(store->live_count() == 0);
  CHECK(store->tombstone_count() == 1);

  // Presented by another session: refused and burnt for its owner too.
  const std::string b = store->issue("session-b", 1000);
  CHECK(error_of(store->take("thief", b, 1001)) == LoginError::kNonceWrongSession);
  CHECK(error_of(store->take("session-b", b, 1002)) == LoginError::kNonceReused);

  // A session's new nonce replaces its earlier one, which counts as used.
  const std::string c1 = store->issue("session-c", 1000);
  const std::string c2 = store->issue("session-c", 1001);
  CHECK(store->live_count() == 1);
  CHECK(error_of(store->take("session-c", c1, 1002)) == LoginError::kNonceReused);
  CHECK_FALSE(store->take("session-c", c2, 1002));

  CHECK(error_of(store->take("session-a", "never-issued", 1002)) == LoginError::kNonceUnknown);
}

TEST_CASE("challenges: expiry, with and without the sweep", "[portal]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.challenges();
  const std::string late = store->issue("s", 1000);
  const auto expired = store->take("s", late, 1300);  // not swept: found expired at use
  REQUIRE(expired);
  CHECK(expired->error == LoginError::kNonceExpired);
  CHECK(expired->detail == "the nonce expired 0 s ago");
  CHECK(error_of(store->take("s", late, 1310)) == LoginError::kNonceExpired);

  const std::string a = store->issue("t", 1000);
  const std::string b = store->issue("u", 1100);
  store->sweep(1299);
  CHECK(store->live_count() == 2);
  store->sweep(1300);  // a's five minutes are over: its tombstone says so for one lifetime more
  CHECK(store->live_count() == 1);
  const auto told = store->take("t", a, 1350);
  REQUIRE(told);
  CHECK(told->error == LoginError::kNonceExpired);
  CHECK(told->detail == "the nonce expired 50 s ago");
  store->sweep(1600);  // a's and late's tombstones go; b's stays until 1700
  CHECK(error_of(store->take("t", a, 1600)) == LoginError::kNonceUnknown);
  CHECK(store->live_count() == 0);
  CHECK(store->tombstone_count() == 1);
  CHECK(error_of(store->take("u", b, 1650)) == LoginError::kNonceExpired);
  store->sweep(1700);
  CHECK(store->tombstone_count() == 0);
}

TEST_CASE("challenges: bounded, the oldest evicted, a smaller capacity at once", "[portal]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.challenges(3);
  std::vector<std::string> nonces;
  for (int i = 0; i < 5; ++i) nonces.push_back(store->issue("s" + std::to_string(i), 1000 + i));
  CHECK(store->live_count() == 3);
  CHECK(store->evicted_count() == 2);
  CHECK(error_of(store->take("s0", nonces[0], 1010)) == LoginError::kNonceUnknown);
  CHECK(error_of(store->take("s1", nonces[1], 1010)) == LoginError::kNonceUnknown);
  CHECK_FALSE(store->take("s2", nonces[2], 1010));
  CHECK_FALSE(store->take("s4", nonces[4], 1010));
  // A flood from one session: one live nonce, and what it leaves behind stays bounded.
  for (int i = 0; i < 50; ++i) store->issue("flood", 1020);
  CHECK(store->live_count() <= 3);
  CHECK(store->live_count() + store->tombstone_count() <= 6);
  store->set_capacity(1);
  CHECK(store->capacity() == 1);
  CHECK(store->live_count() == 1);
}

}  // namespace mynasim::portal::testing
