// The OpenID Connect provider's store (tools/mynaportal/oidc/oidc_store.hpp) on a real SQLite
// file: clients and their hashed secrets, the life of a code (single use, expiry, a replay
// revoking the tokens it gave), access tokens, and signing keys kept published after rotation.

#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>

#include "tools/mynaportal/oidc/oidc_store.hpp"

namespace mynasim::portal::oidc {
namespace {

struct TempStore {
  std::string dir;
  std::unique_ptr<OidcStore> store;
  TempStore() {
    char name[] = "/tmp/oidc-store-test.XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    dir = name;
    store = std::make_unique<OidcStore>(dir + "/oidc.db");
  }
  ~TempStore() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

const std::string kSecret = "0123456789abcdef0123456789abcdef";

Grant grant_for(const std::string& client) {
  return {client, 7, "https://rp.example/cb", "openid", "n1", "challenge", "aal3", 100};
}

CodeProblem problem_of(const std::variant<Grant, CodeRefused>& r) {
  REQUIRE(std::holds_alternative<CodeRefused>(r));
  return std::get<CodeRefused>(r).problem;
}

}  // namespace

TEST_CASE("oidc store: clients, their secrets hashed and compared", "[portal][oidc]") {
  TempStore t;
  struct stat st {};
  REQUIRE(::stat((t.dir + "/oidc.db").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  t.store->add_client({"rp1", {"https://rp.example/cb"}, true, 5, {}}, kSecret);
  CHECK_THROWS_WITH(t.store->add_client({"rp1", {"https://rp.example/cb"}, true, 5, {}}, kSecret),
                    "a client rp1 is already registered");
  CHECK_THROWS_WITH(t.store->add_client({"rp2", {"https://rp.example/cb"}, true, 5, {}}, "short"),
                    "the client secret has 5 characters: at least 32 are needed");
  CHECK_THROWS(t.store->add_client({"rp2", {"http://rp.example/cb"}, true, 5, {}}, kSecret));
  CHECK_THROWS(t.store->add_client({"rp2", {"https://rp.example/cb#x"}, true, 5, {}}, kSecret));
  CHECK_THROWS(t.store->add_client({"rp 2", {"https://rp.example/cb"}, true, 5, {}}, kSecret));
  CHECK(t.store->client_secret_matches("rp1", kSecret));
  CHECK_FALSE(t.store->client_secret_matches("rp1", kSecret + "x"));
  CHECK_FALSE(t.store->client_secret_matches("rp2", kSecret));
  const auto client = t.store->client("rp1");
  REQUIRE(client);
  CHECK(client->redirect_uris == std::vector<std::string>{"https://rp.example/cb"});
  CHECK(client->created_at == 5);
  // The secret is not in the file.
  pki::sql::Database db(t.dir + "/oidc.db", false);
  auto q = db.prepare("SELECT COUNT(*) FROM clients WHERE secret_hash = ?1");
  q.bind(1, std::string_view(kSecret));
  q.step();
  CHECK(q.int64(0) == 0);
  CHECK(t.store->remove_client("rp1"));
  CHECK_FALSE(t.store->remove_client("rp1"));
  CHECK(t.store->clients().empty());
}

TEST_CASE("oidc store: a code is used once, expires, and a replay revokes its token",
          "[portal][oidc]") {
  TempStore t;
  t.store->add_client({"rp1", {"https://rp.example/cb"}, true, 0, {}}, kSecret);
  const std::string code = t.store->issue_code(grant_for("rp1"), 1000, 60);
  CHECK(code.size() == 43);
  const auto first = t.store->redeem_code(code, 1059);
  REQUIRE(std::holds_alternative<Grant>(first));
  CHECK(std::get<Grant>(first).nonce == "n1");
  const std::string token = t.store->issue_token(code, std::get<Grant>(first), 1059, 300);
  const auto live = t.store->token(token, 1060);
  REQUIRE(live);
  CHECK(live->client_id == "rp1");
  CHECK(live->account_id == 7);
  CHECK_FALSE(t.store->token(token, 1359));  // expired

  const auto replay = t.store->redeem_code(code, 1100);
  REQUIRE(problem_of(replay) == CodeProblem::kReplayed);
  CHECK(std::get<CodeRefused>(replay).revoked == 1);
  CHECK(std::get<CodeRefused>(replay).account_id == 7);
  CHECK_FALSE(t.store->token(token, 1101));  // revoked

  const std::string late = t.store->issue_code(grant_for("rp1"), 2000, 60);
  CHECK(problem_of(t.store->redeem_code(late, 2060)) == CodeProblem::kExpired);
  CHECK(problem_of(t.store->redeem_code("unknown", 2000)) == CodeProblem::kUnknown);

  // The sweep forgets an expired code after one more lifetime; a used one once its tokens expire.
  t.store->sweep(2119);
  CHECK(problem_of(t.store->redeem_code(late, 2119)) == CodeProblem::kExpired);
  t.store->sweep(2120);
  CHECK(problem_of(t.store->redeem_code(late, 2120)) == CodeProblem::kUnknown);
  CHECK(t.store->code_count() == 0);

  // Removing a client ends its tokens at once.
  const std::string code2 = t.store->issue_code(grant_for("rp1"), 3000, 60);
  const auto grant2 = std::get<Grant>(t.store->redeem_code(code2, 3000));
  const std::string token2 = t.store->issue_token(code2, grant2, 3000, 300);
  CHECK(t.store->token(token2, 3001));
  t.store->remove_client("rp1");
  CHECK_FALSE(t.store->token(token2, 3001));
}

TEST_CASE("oidc store: codes are bounded, the oldest going first", "[portal][oidc]") {
  TempStore t;
  const std::string oldest = t.store->issue_code(grant_for("rp1"), 0, 60);
  for (std::size_t i = 1; i < OidcStore::kMaxCodes; ++i)
    t.store->issue_code(grant_for("rp1"), static_cast<UnixTime>(i % 50 + 1), 60);
  CHECK(t.store->code_count() == OidcStore::kMaxCodes);
  t.store->issue_code(grant_for("rp1"), 51, 60);
  CHECK(t.store->code_count() == OidcStore::kMaxCodes);
  CHECK(problem_of(t.store->redeem_code(oldest, 52)) == CodeProblem::kUnknown);
}

TEST_CASE("oidc store: signing keys rotate; the retired one stays published while its tokens live",
          "[portal][oidc]") {
  TempStore t;
  const auto first = t.store->signing_key(1000, 86400, 300);
  CHECK(t.store->signing_key(1000 + 86399, 86400, 300)->kid() == first->kid());
  const auto second = t.store->signing_key(1000 + 86400, 86400, 300);
  CHECK(second->kid() != first->kid());
  auto published = t.store->published_keys(1000 + 86400 + 299);
  REQUIRE(published.size() == 2);
  CHECK(published[0]->kid() == second->kid());
  CHECK(published[1]->kid() == first->kid());
  CHECK(t.store->published_keys(1000 + 86400 + 300).size() == 1);
  t.store->rotate_key(90000, 300);
  CHECK(t.store->signing_key(90000, 86400, 300)->kid() != second->kid());
  CHECK(t.store->published_keys(90000).size() == 2);
  // Keys survive a restart (the same file, the same kid).
  const std::string kid = t.store->signing_key(90000, 86400, 300)->kid();
  t.store = std::make_unique<OidcStore>(t.dir + "/oidc.db");
  CHECK(t.store->signing_key(90001, 86400, 300)->kid() == kid);
}

}  // namespace mynasim::portal::oidc
