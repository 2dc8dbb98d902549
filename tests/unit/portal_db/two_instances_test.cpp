// Two instances behind one PostgreSQL (two stores, each with its own connections, on one
// database) work as one: a nonce issued by one is taken by the other and is single-use across
// both, also when they race; a login code completes once; a newer schema is refused.

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "backends.hpp"
#include "pg_fixture.hpp"
#include "tools/mynaportal/portal_database.hpp"
#include "tools/mynaportal/postgres_schema.hpp"

namespace mynasim::portal::testing {

TEST_CASE("postgresql: a nonce issued by one instance is used once through either", "[portal]") {
  Backend backend("postgresql");
  auto a = backend.challenges();
  auto b = backend.challenges();
  const std::string nonce = a->issue("session", 1000);
  CHECK(b->live_count() == 1);
  CHECK_FALSE(b->take("session", nonce, 1001));
  const auto replay = a->take("session", nonce, 1002);
  REQUIRE(replay);
  CHECK(replay->error == LoginError::kNonceReused);
  // A session's nonce from A is replaced by its nonce from B.
  const std::string first = a->issue("other", 1000);
  const std::string second = b->issue("other", 1001);
  CHECK(a->live_count() == 1);
  REQUIRE(a->take("other", first, 1002));
  CHECK(a->take("other", first, 1002)->error == LoginError::kNonceReused);
  CHECK_FALSE(a->take("other", second, 1002));
}

TEST_CASE("postgresql: racing takes of one nonce, one winner", "[portal]") {
  Backend backend("postgresql");
  auto a = backend.challenges();
  auto b = backend.challenges();
  for (int round = 0; round < 20; ++round) {
    const std::string session = "s" + std::to_string(round);
    const std::string nonce = a->issue(session, 1000);
    std::atomic<int> passed{0}, reused{0};
    std::vector<std::thread> takers;
    for (int t = 0; t < 6; ++t)
      takers.emplace_back([&, t] {
        const auto r = (t % 2 ? *a : *b).take(session, nonce, 1001);
        if (!r)
          ++passed;
        else if (r->error == LoginError::kNonceReused)
          ++reused;
      });
    for (auto& t : takers) t.join();
    CHECK(passed == 1);
    CHECK(reused == 5);
  }
}

TEST_CASE("postgresql: racing issues for one session leave one live nonce", "[portal]") {
  Backend backend("postgresql");
  auto a = backend.challenges();
  auto b = backend.challenges();
  for (int round = 0; round < 10; ++round) {
    const std::string session = "s" + std::to_string(round);
    std::vector<std::string> nonces(4);
    std::vector<std::thread> issuers;
    for (std::size_t t = 0; t < nonces.size(); ++t)
      issuers.emplace_back([&, t] { nonces[t] = (t % 2 ? *a : *b).issue(session, 1000); });
    for (auto& t : issuers) t.join();
    int live = 0;
    for (const auto& nonce : nonces)
      if (!a->take(session, nonce, 1001)) ++live;
    CHECK(live == 1);
  }
}

TEST_CASE("postgresql: a login code completes once across instances", "[portal]") {
  Backend backend("postgresql");
  auto a = backend.portal_store();
  auto b = backend.portal_store();
  const std::string page = a->create_session(1000, 600, 0, "WXYZ-2345");
  const auto session = b->session_by_code("WXYZ-2345", 1001);
  REQUIRE(session);
  Account seen;
  seen.pseudonym = "holder";
  const Account account = b->record_login(seen, 1002, "mynaportal", "by code");
  std::atomic<int> completed{0};
  std::vector<std::thread> racers;
  for (int t = 0; t < 6; ++t)
    racers.emplace_back([&, t] {
      if ((t % 2 ? *a : *b).complete_code(session->id_hash, account.id)) ++completed;
    });
  for (auto& t : racers) t.join();
  CHECK(completed == 1);
  CHECK_FALSE(b->reopen_code(session->id_hash));
  CHECK(a->session(page, 1003)->state == "done");
  CHECK(a->session(page, 1003)->account_id == account.id);
  CHECK(a->access_log(account.id).at(0).detail == "by code");
}

TEST_CASE("postgresql: a schema newer than this mynaportal is refused", "[portal]") {
  const std::string url = fresh_schema_url();
  open_portal_database(url, "", 1, 300);
  const std::string newer = std::to_string(kPostgresSchemaVersion + 1);
  {
    pg::Connection c(url);
    c.script("INSERT INTO mynaportal_schema(version) VALUES(" + newer + ")", "a newer schema");
  }
  CHECK_THROWS_WITH(open_portal_database(url, "", 1, 300),
                    "PostgreSQL: the database's mynaportal schema is version " + newer +
                        ", this mynaportal knows " + std::to_string(kPostgresSchemaVersion) +
                        ": use a newer mynaportal");
}

TEST_CASE("postgresql: a version 3 schema gains the sign transactions' table", "[portal]") {
  const std::string url = fresh_schema_url();
  open_portal_database(url, "", 1, 300);
  {
    // As a version 3 database is: no oidc_sign_transactions.
    pg::Connection c(url);
    c.script("DROP TABLE oidc_sign_transactions; DELETE FROM mynaportal_schema; "
             "INSERT INTO mynaportal_schema(version) VALUES(3)",
             "a version 3 schema");
  }
  open_portal_database(url, "", 1, 300);
  pg::Connection c(url);
  CHECK(c.exec("SELECT max(version) FROM mynaportal_schema", {}, "the version").int64(0, 0) ==
        kPostgresSchemaVersion);
  CHECK(c.exec("SELECT count(*) FROM oidc_sign_transactions", {}, "the new table").int64(0, 0) ==
        0);
}

TEST_CASE("the --db option takes a PostgreSQL URL or nothing", "[portal]") {
  CHECK(check_database_option("").empty());
  CHECK(check_database_option("postgresql://u@127.0.0.1:5432/db").empty());
  CHECK(check_database_option("mysql://x") ==
        "--db: \"mysql://x\" is not a postgresql:// URL (without --db, the portal uses "
        "DATA/portal.db)");
}

}  // namespace mynasim::portal::testing
