// The OpenID Connect provider's store (tools/mynaportal/oidc/oidc_store.hpp) answers the same
// with both backends (DATA/oidc.db, the oidc_* tables in PostgreSQL): clients and their hashed
// secrets, the life of a code (single use, expiry, a replay revoking the tokens it gave, even
// one recorded after the replay), access tokens, the jti cache, the bounds, the sweep, and
// signing keys kept published after rotation.

#include <sys/stat.h>
#include <catch2/catch.hpp>

#include "backends.hpp"
#include "pki/sqlite.hpp"
#include "tools/mynaportal/login_protocol.hpp"
#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal::testing {
namespace {

using namespace oidc;

const std::string& kSecret = kClientSecret;

CodeProblem problem_of(const std::variant<Grant, CodeRefused>& r) {
  REQUIRE(std::holds_alternative<CodeRefused>(r));
  return std::get<CodeRefused>(r).problem;
}

// How many clients rows hold `text` as their secret hash, as the backend stores a hash.
std::int64_t rows_with_hash(Backend& backend, const std::string& text) {
  if (backend.name() == "sqlite") {
    pki::sql::Database db(backend.oidc_sqlite_path(), false);
    auto q = db.prepare("SELECT COUNT(*) FROM clients WHERE secret_hash = ?1");
    q.bind(1, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
    q.step();
    return q.int64(0);
  }
  pg::Connection c(backend.postgres_url());
  return c
      .exec("SELECT count(*) FROM oidc_clients WHERE secret_hash = $1",
            {base64url_encode(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()),
                                       text.size()))},
            "the test's look at the hashes")
      .int64(0, 0);
}

}  // namespace

TEST_CASE("oidc store: clients, their secrets hashed and compared", "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  if (backend.name() == "sqlite") {
    struct stat st {};
    REQUIRE(::stat(backend.oidc_sqlite_path().c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
  }
  store->add_client({"rp1", {"https://rp.example/cb"}, true, 5, {}}, kSecret);
  CHECK_THROWS_WITH(store->add_client({"rp1", {"https://rp.example/cb"}, true, 5, {}}, kSecret),
                    "a client rp1 is already registered");
  CHECK_THROWS_WITH(store->add_client({"rp2", {"https://rp.example/cb"}, true, 5, {}}, "short"),
                    "the client secret has 5 characters: at least 32 are needed");
  CHECK_THROWS(store->add_client({"rp2", {"http://rp.example/cb"}, true, 5, {}}, kSecret));
  CHECK_THROWS(store->add_client({"rp2", {"https://rp.example/cb#x"}, true, 5, {}}, kSecret));
  CHECK_THROWS(store->add_client({"rp 2", {"https://rp.example/cb"}, true, 5, {}}, kSecret));
  CHECK(store->client_secret_matches("rp1", kSecret));
  CHECK_FALSE(store->client_secret_matches("rp1", kSecret + "x"));
  CHECK_FALSE(store->client_secret_matches("rp2", kSecret));
  const auto client = store->client("rp1");
  REQUIRE(client);
  CHECK(client->redirect_uris == std::vector<std::string>{"https://rp.example/cb"});
  CHECK(client->created_at == 5);
  CHECK(client->has_secret);
  CHECK(client->jwks.empty());
  // Neither the secret nor its plain hash is stored.
  CHECK(rows_with_hash(backend, kSecret) == 0);
  // Another instance (or a restart) sees the same registry.
  auto again = backend.oidc_store();
  CHECK(again->client_secret_matches("rp1", kSecret));
  REQUIRE(again->clients().size() == 1);
  CHECK(again->clients()[0].id == "rp1");
  CHECK(store->remove_client("rp1"));
  CHECK_FALSE(again->remove_client("rp1"));
  CHECK(store->clients().empty());
}

TEST_CASE("oidc store: a code is used once, expires, and a replay revokes its token",
          "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  add_rp1(*store);
  const std::string code = store->issue_code(grant_for("rp1"), 1000, 60);
  CHECK(code.size() == 43);
  CHECK(store->code_count() == 1);
  const auto first = store->redeem_code(code, 1059);
  REQUIRE(std::holds_alternative<Grant>(first));
  const Grant& grant = std::get<Grant>(first);
  CHECK(grant.client_id == "rp1");
  CHECK(grant.account_id == 7);
  CHECK(grant.redirect_uri == "https://rp.example/cb");
  CHECK(grant.scope == "openid");
  CHECK(grant.nonce == "n1");
  CHECK(grant.code_challenge == "challenge");
  CHECK(grant.acr == "aal3");
  CHECK(grant.auth_time == 100);
  const std::string token = store->issue_token(code, grant, 1059, 300);
  CHECK(token.size() == 43);
  const auto live = store->token(token, 1060);
  REQUIRE(live);
  CHECK(live->client_id == "rp1");
  CHECK(live->account_id == 7);
  CHECK(live->scope == "openid");
  CHECK(live->expires_at == 1359);
  CHECK_FALSE(store->token(token, 1359));  // expired
  CHECK_FALSE(store->token("unknown", 1060));

  const auto replay = store->redeem_code(code, 1100);
  REQUIRE(problem_of(replay) == CodeProblem::kReplayed);
  CHECK(std::get<CodeRefused>(replay).revoked == 1);
  CHECK(std::get<CodeRefused>(replay).account_id == 7);
  CHECK(std::get<CodeRefused>(replay).client_id == "rp1");
  CHECK_FALSE(store->token(token, 1101));  // revoked
  CHECK(std::get<CodeRefused>(store->redeem_code(code, 1102)).revoked == 0);

  const std::string late = store->issue_code(grant_for("rp1"), 2000, 60);
  CHECK(problem_of(store->redeem_code(late, 2060)) == CodeProblem::kExpired);
  CHECK(problem_of(store->redeem_code("unknown", 2000)) == CodeProblem::kUnknown);

  // The sweep forgets an expired code after one more lifetime; a used one once its tokens expire.
  CHECK(store->sweep(2119) == 2);  // the first code (kept until 1359) and its token
  CHECK(problem_of(store->redeem_code(late, 2119)) == CodeProblem::kExpired);
  CHECK(store->sweep(2120) == 1);
  CHECK(problem_of(store->redeem_code(late, 2120)) == CodeProblem::kUnknown);
  CHECK(store->code_count() == 0);

  // Removing a client ends its tokens at once.
  const std::string code2 = store->issue_code(grant_for("rp1"), 3000, 60);
  const auto grant2 = std::get<Grant>(store->redeem_code(code2, 3000));
  const std::string token2 = store->issue_token(code2, grant2, 3000, 300);
  CHECK(store->token(token2, 3001));
  store->remove_client("rp1");
  CHECK_FALSE(store->token(token2, 3001));
}

TEST_CASE("oidc store: a token recorded after its code was replayed is born revoked",
          "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  add_rp1(*store);
  // The first exchange redeems the code; before it records its token, the code comes again.
  const std::string code = store->issue_code(grant_for("rp1"), 1000, 60);
  const auto grant = std::get<Grant>(store->redeem_code(code, 1001));
  const auto replay = store->redeem_code(code, 1002);
  REQUIRE(problem_of(replay) == CodeProblem::kReplayed);
  CHECK(std::get<CodeRefused>(replay).revoked == 0);
  const std::string token = store->issue_token(code, grant, 1003, 300);
  CHECK_FALSE(store->token(token, 1004));
  // Another code's token is not touched.
  const std::string other = store->issue_code(grant_for("rp1"), 1000, 60);
  const std::string fine =
      store->issue_token(other, std::get<Grant>(store->redeem_code(other, 1001)), 1003, 300);
  CHECK(store->token(fine, 1004));
}

TEST_CASE("oidc store: codes are bounded, the oldest going first", "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  const std::string oldest = store->issue_code(grant_for("rp1"), 0, 60);
  const std::string second = store->issue_code(grant_for("rp1"), 0, 60);
  for (std::size_t i = 2; i < OidcStore::kMaxCodes; ++i)
    store->issue_code(grant_for("rp1"), static_cast<UnixTime>(i % 50 + 1), 60);
  CHECK(store->code_count() == OidcStore::kMaxCodes);
  store->issue_code(grant_for("rp1"), 51, 60);
  CHECK(store->code_count() == OidcStore::kMaxCodes);
  CHECK(problem_of(store->redeem_code(oldest, 52)) == CodeProblem::kUnknown);
  CHECK(std::holds_alternative<Grant>(store->redeem_code(second, 52)));
}

TEST_CASE("oidc store: an assertion's jti is used once until it expires", "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  CHECK(store->first_use("rp3 jti-1", 1300, 1000));
  CHECK_FALSE(store->first_use("rp3 jti-1", 1300, 1001));
  CHECK_FALSE(store->first_use("rp3 jti-1", 1300, 1299));
  CHECK(store->first_use("rp4 jti-1", 1300, 1001));  // another client's
  // Past its exp, an assertion with that jti is refused for its exp anyway; the jti is free.
  CHECK(store->first_use("rp3 jti-1", 1600, 1300));
  CHECK_FALSE(store->first_use("rp3 jti-1", 1600, 1301));
  CHECK(store->sweep(1300) == 1);  // rp4's
  CHECK(store->first_use("rp4 jti-1", 1600, 1300));
}

TEST_CASE("oidc store: signing keys rotate; the retired one stays published while its tokens live",
          "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  CHECK(store->published_keys(1000).empty());
  const auto first = store->signing_key(1000, 86400, 300);
  CHECK(store->signing_key(1000 + 86399, 86400, 300)->kid() == first->kid());
  const auto second = store->signing_key(1000 + 86400, 86400, 300);
  CHECK(second->kid() != first->kid());
  auto published = store->published_keys(1000 + 86400 + 299);
  REQUIRE(published.size() == 2);
  CHECK(published[0]->kid() == second->kid());
  CHECK(published[1]->kid() == first->kid());
  CHECK(store->published_keys(1000 + 86400 + 300).size() == 1);
  // The operator's rotation, twice in one second: the newest signs, both older ones published.
  const std::string third = store->rotate_key(90000, 300);
  const std::string fourth = store->rotate_key(90000, 300);
  CHECK(third != second->kid());
  CHECK(fourth != third);
  CHECK(store->signing_key(90000, 86400, 300)->kid() == fourth);
  published = store->published_keys(90000);
  REQUIRE(published.size() == 3);
  CHECK(published[0]->kid() == fourth);
  CHECK(store->sweep(90300) == 3);  // first (retired until 87700), second and third
  // Keys survive a restart (the same database, the same kid).
  store = backend.oidc_store();
  CHECK(store->signing_key(90001, 86400, 300)->kid() == fourth);
  REQUIRE(store->published_keys(90301).size() == 1);
}

}  // namespace mynasim::portal::testing
