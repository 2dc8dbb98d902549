// Attribute logins (tools/mynaportal/oidc/attribute_logins.hpp) kept in the provider's store, with
// both backends: the wish, the capture for one client, the consent screen read back exactly as
// written by another store object on the same database (another instance); each taken once, also
// when two store objects race for it; expiry; the bound (the soonest to expire goes, a rewrite
// renewing a row); the sweep, the store's own included; a database of the version before gets the
// tables.

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "backends.hpp"
#include "pki/sqlite.hpp"
#include "tools/mynaportal/oidc/attribute_logins.hpp"

namespace mynasim::portal::testing {
namespace {

using namespace oidc;

pki::HolderAttributes hanako() {
  return {"個人番号\u3000花子", "2", "319800217", "東京都千代田区霞が関２丁目１番２号"};
}

PendingConsent pending_for(const std::string& session) {
  PendingConsent p;
  p.session = session;
  p.request = {"rp1",   "https://rp.example/cb", "openid name gender", "st-a", "n-a",
               "chal",  {"aal3", "crl"},          "login",              std::optional<long>(90)};
  p.grant = grant_for("rp1");
  p.grant.scope = "openid name gender";
  p.grant.claims = R"({"gender":"female","name":"個人番号　花子"})";
  p.attributes = {"name", "gender"};
  return p;
}

// Runs `take` on six threads, alternately through the two stores; how many got something.
template <typename Take>
int racing_winners(OidcStore& a, OidcStore& b, Take take) {
  std::atomic<int> winners{0};
  std::vector<std::thread> racers;
  for (int t = 0; t < 6; ++t)
    racers.emplace_back([&, t] {
      AttributeLogins logins(t % 2 ? a : b);
      if (take(logins)) ++winners;
    });
  for (auto& t : racers) t.join();
  return winners;
}

// Two instances' attribute logins on one database, each with its own store (connections).
struct TwoInstances {
  explicit TwoInstances(Backend& backend)
      : store_a(backend.oidc_store()), store_b(backend.oidc_store()), a(*store_a), b(*store_b) {}
  std::unique_ptr<OidcStore> store_a, store_b;
  AttributeLogins a, b;
};

}  // namespace

TEST_CASE("attribute logins: a wish, then a capture for that client only, taken once",
          "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  TwoInstances two(backend);
  AttributeLogins &a = two.a, &b = two.b;

  a.want("s1", {"rp1", {"name", "gender"}}, 1000);
  const auto wish = b.wish("s1", 1000 + AttributeLogins::kLifetime - 1);
  REQUIRE(wish);
  CHECK(wish->client_id == "rp1");
  CHECK(wish->attributes == std::vector<std::string>{"name", "gender"});
  CHECK_FALSE(b.wish("s1", 1000 + AttributeLogins::kLifetime));  // expired
  CHECK_FALSE(b.wish("s2", 1000));

  // Captured through B (where the card's login arrived), the session rotated there, taken at A.
  b.capture("s1", "rp1", hanako(), 1000);
  CHECK_FALSE(a.wish("s1", 1001));  // the wish is answered
  b.rekey("s1", "s1-rotated");
  CHECK_FALSE(a.take_capture("s1", "rp1", 1001));
  const auto taken = a.take_capture("s1-rotated", "rp1", 1001);
  REQUIRE(taken);
  CHECK(taken->name == "個人番号\u3000花子");
  CHECK(taken->sex == "2");
  CHECK(taken->birth == "319800217");
  CHECK(taken->address == "東京都千代田区霞が関２丁目１番２号");
  CHECK_FALSE(b.take_capture("s1-rotated", "rp1", 1001));  // once, across both
  CHECK(a.size() == 0);  // the attributes are gone from the database

  a.capture("s3", "rp1", hanako(), 1000);
  CHECK_FALSE(b.take_capture("s3", "rp2", 1001));  // another client: gone for both
  CHECK_FALSE(a.take_capture("s3", "rp1", 1001));
  a.capture("s4", "rp1", hanako(), 1000);
  CHECK_FALSE(b.take_capture("s4", "rp1", 1000 + AttributeLogins::kLifetime));  // expired: gone
  CHECK(a.size() == 0);
}

TEST_CASE("attribute logins: a consent screen answers once, only to its session, exactly as shown",
          "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  TwoInstances two(backend);
  AttributeLogins &a = two.a, &b = two.b;

  const std::string id = a.add_consent(pending_for("s1"), 1000);
  CHECK(id.size() == 43);
  CHECK_FALSE(b.take_consent(id, "s2", 1001));  // another session burns it
  CHECK_FALSE(a.take_consent(id, "s1", 1001));

  const std::string again = a.add_consent(pending_for("s1"), 1000);
  const auto taken = b.take_consent(again, "s1", 1000 + AttributeLogins::kLifetime - 1);
  REQUIRE(taken);
  const PendingConsent want = pending_for("s1");
  CHECK(taken->session == "s1");
  CHECK(taken->request.client_id == want.request.client_id);
  CHECK(taken->request.redirect_uri == want.request.redirect_uri);
  CHECK(taken->request.scope == want.request.scope);
  CHECK(taken->request.state == want.request.state);
  CHECK(taken->request.nonce == want.request.nonce);
  CHECK(taken->request.code_challenge == want.request.code_challenge);
  CHECK(taken->request.acr_values == want.request.acr_values);
  CHECK(taken->request.prompt == want.request.prompt);
  CHECK(taken->request.max_age == std::optional<long>(90));
  CHECK(OidcStore::grant_text(taken->grant) == OidcStore::grant_text(want.grant));
  CHECK(taken->grant.claims == R"({"gender":"female","name":"個人番号　花子"})");
  CHECK(taken->attributes == want.attributes);
  CHECK_FALSE(a.take_consent(again, "s1", 1001));  // once, across both

  PendingConsent no_max_age = pending_for("s1");
  no_max_age.request.max_age.reset();
  const auto back = a.take_consent(b.add_consent(no_max_age, 1000), "s1", 1001);
  REQUIRE(back);
  CHECK_FALSE(back->request.max_age);

  const std::string late = a.add_consent(pending_for("s1"), 1000);
  CHECK_FALSE(b.take_consent(late, "s1", 1000 + AttributeLogins::kLifetime));  // expired
  CHECK(a.size() == 0);  // the grant's claims are gone from the database
}

TEST_CASE("attribute logins: two instances racing for a capture or a consent, one gets it",
          "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto a = backend.oidc_store();
  auto b = backend.oidc_store();
  AttributeLogins writer(*a);
  for (int round = 0; round < 10; ++round) {
    const std::string session = "s" + std::to_string(round);
    writer.capture(session, "rp1", hanako(), 1000);
    CHECK(racing_winners(*a, *b, [&](AttributeLogins& l) {
            return l.take_capture(session, "rp1", 1001).has_value();
          }) == 1);
    const std::string id = writer.add_consent(pending_for(session), 1000);
    CHECK(racing_winners(*a, *b, [&](AttributeLogins& l) {
            return l.take_consent(id, session, 1001).has_value();
          }) == 1);
  }
  CHECK(writer.size() == 0);
}

TEST_CASE("attribute logins: bounded, the soonest to expire going first", "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  AttributeLogins logins(*store);
  const auto want = [&](std::size_t i) {
    // Within one lifetime of each other, so that none has expired when the bound is reached.
    logins.want("s" + std::to_string(i), {"rp1", {"name"}}, 1000 + static_cast<UnixTime>(i / 20));
  };
  for (std::size_t i = 0; i < AttributeLogins::kMaxEntries; ++i) want(i);
  CHECK(logins.size() == AttributeLogins::kMaxEntries);
  want(AttributeLogins::kMaxEntries);
  CHECK(logins.size() == AttributeLogins::kMaxEntries);
  CHECK_FALSE(logins.wish("s0", 1000));  // the soonest to expire went
  CHECK(logins.wish("s1", 1000));
  // s1's login captured: a rewrite, nothing goes, and s1 now expires last.
  logins.capture("s1", "rp1", hanako(), 1600);
  CHECK(logins.size() == AttributeLogins::kMaxEntries);
  CHECK(logins.wish("s2", 1000));
  want(AttributeLogins::kMaxEntries + 1);
  CHECK(logins.size() == AttributeLogins::kMaxEntries);
  CHECK_FALSE(logins.wish("s2", 1000));  // s2, not s1, was the soonest to expire
  CHECK(logins.wish("s3", 1000));
  CHECK(logins.wish("s" + std::to_string(AttributeLogins::kMaxEntries + 1), 1000));
  CHECK(logins.take_capture("s1", "rp1", 1600));

  // Consent screens have their own bound.
  const std::string first = logins.add_consent(pending_for("c"), 1000);
  const std::string second = logins.add_consent(pending_for("c"), 1000);
  for (std::size_t i = 2; i < AttributeLogins::kMaxEntries; ++i)
    logins.add_consent(pending_for("c"), 1000);
  CHECK(logins.size() == 2 * AttributeLogins::kMaxEntries - 1);
  logins.add_consent(pending_for("c"), 1001);
  CHECK(logins.size() == 2 * AttributeLogins::kMaxEntries - 1);
  CHECK_FALSE(logins.take_consent(first, "c", 1002));
  CHECK(logins.take_consent(second, "c", 1002));
}

TEST_CASE("attribute logins: the provider's sweep deletes the expired ones, and only those",
          "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  AttributeLogins logins(*store);
  logins.want("s1", {"rp1", {"name"}}, 1000);
  logins.capture("s2", "rp1", hanako(), 1000);
  logins.add_consent(pending_for("s3"), 1000);
  logins.want("s4", {"rp1", {"name"}}, 1500);
  const std::string later = logins.add_consent(pending_for("s5"), 1500);
  CHECK(store->sweep(1000 + AttributeLogins::kLifetime - 1) == 0);
  CHECK(logins.size() == 5);
  CHECK(store->sweep(1000 + AttributeLogins::kLifetime) == 3);  // the store's own sweep
  CHECK(logins.size() == 2);
  CHECK(logins.wish("s4", 1600));
  CHECK(logins.sweep(1500 + AttributeLogins::kLifetime) == 2);
  CHECK(logins.size() == 0);
  CHECK_FALSE(logins.take_consent(later, "s5", 1600));
}

TEST_CASE("attribute logins: a database from before them gets their tables", "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  backend.oidc_store();
  // The previous version's database: without the tables, its version one lower.
  if (backend.name() == "sqlite") {
    pki::sql::Database db(backend.oidc_sqlite_path(), false);
    db.exec("DROP TABLE attribute_logins; DROP TABLE consents; PRAGMA user_version = 1");
  } else {
    pg::Connection c(backend.postgres_url());
    c.script("DROP TABLE oidc_attribute_logins; DROP TABLE oidc_consents; "
             "UPDATE mynaportal_schema SET version = 2",
             "the previous schema");
  }
  auto store = backend.oidc_store();
  AttributeLogins logins(*store);
  logins.want("s1", {"rp1", {"name"}}, 1000);
  CHECK(logins.wish("s1", 1000));
  CHECK(logins.size() == 1);
  if (backend.name() == "sqlite") {
    pki::sql::Database db(backend.oidc_sqlite_path(), false);
    auto q = db.prepare("PRAGMA user_version");
    REQUIRE(q.step());
    CHECK(q.int64(0) == 3);  // brought up to the current version (sign_transactions too)
  } else {
    pg::Connection c(backend.postgres_url());
    CHECK(c.exec("SELECT max(version) FROM mynaportal_schema", {}, "the version").int64(0, 0) == 4);
  }
}

}  // namespace mynasim::portal::testing
