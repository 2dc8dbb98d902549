// Two instances' OpenID Connect stores on one PostgreSQL (each with its own connections) work as
// one: a code issued by one is redeemed once through either, also when they race, and a replay
// through one revokes the token the other issued; a jti is fresh once across both; instances
// that find the signing key old at the same moment make one new key and publish the same JWKS.

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "backends.hpp"

namespace mynasim::portal::testing {

using namespace oidc;

TEST_CASE("postgresql: a code from one instance is redeemed once through either",
          "[portal][oidc]") {
  Backend backend("postgresql");
  auto a = backend.oidc_store();
  auto b = backend.oidc_store();
  add_rp1(*a);
  CHECK(b->client_secret_matches("rp1", kClientSecret));
  const std::string code = a->issue_code(grant_for("rp1"), 1000, 60);
  const auto redeemed = b->redeem_code(code, 1001);
  REQUIRE(std::holds_alternative<Grant>(redeemed));
  const std::string token = b->issue_token(code, std::get<Grant>(redeemed), 1001, 300);
  REQUIRE(a->token(token, 1002));
  CHECK(a->token(token, 1002)->account_id == 7);
  const auto replay = a->redeem_code(code, 1003);
  REQUIRE(std::holds_alternative<CodeRefused>(replay));
  CHECK(std::get<CodeRefused>(replay).problem == CodeProblem::kReplayed);
  CHECK(std::get<CodeRefused>(replay).revoked == 1);
  CHECK_FALSE(a->token(token, 1004));
  CHECK_FALSE(b->token(token, 1004));
}

TEST_CASE("postgresql: racing exchanges of one code, one winner, its token revoked",
          "[portal][oidc]") {
  Backend backend("postgresql");
  auto a = backend.oidc_store();
  auto b = backend.oidc_store();
  add_rp1(*a);
  for (int round = 0; round < 10; ++round) {
    const std::string code = a->issue_code(grant_for("rp1"), 1000, 60);
    std::atomic<int> granted{0}, replayed{0};
    std::vector<std::string> tokens(6);
    std::vector<std::thread> racers;
    for (std::size_t t = 0; t < tokens.size(); ++t)
      racers.emplace_back([&, t] {
        OidcStore& store = t % 2 ? *a : *b;
        const auto r = store.redeem_code(code, 1001);
        if (const auto* grant = std::get_if<Grant>(&r)) {
          ++granted;
          tokens[t] = store.issue_token(code, *grant, 1001, 300);
        } else if (std::get<CodeRefused>(r).problem == CodeProblem::kReplayed) {
          ++replayed;
        }
      });
    for (auto& t : racers) t.join();
    CHECK(granted == 1);
    CHECK(replayed == 5);
    // However the replays and the winner's token interleaved, that token is revoked.
    for (const std::string& token : tokens)
      if (!token.empty()) CHECK_FALSE(b->token(token, 1002));
  }
}

TEST_CASE("postgresql: a jti is fresh once across instances", "[portal][oidc]") {
  Backend backend("postgresql");
  auto a = backend.oidc_store();
  auto b = backend.oidc_store();
  for (int round = 0; round < 10; ++round) {
    const std::string key = "rp3 jti-" + std::to_string(round);
    std::atomic<int> fresh{0};
    std::vector<std::thread> racers;
    for (int t = 0; t < 6; ++t)
      racers.emplace_back([&, t] {
        if ((t % 2 ? *a : *b).first_use(key, 1300, 1000)) ++fresh;
      });
    for (auto& t : racers) t.join();
    CHECK(fresh == 1);
  }
}

TEST_CASE("postgresql: instances rotating an old key at once make one, and publish the same",
          "[portal][oidc]") {
  Backend backend("postgresql");
  auto a = backend.oidc_store();
  auto b = backend.oidc_store();
  const std::string first = a->signing_key(1000, 86400, 300)->kid();
  CHECK(b->signing_key(1001, 86400, 300)->kid() == first);
  std::vector<std::string> kids(6);
  std::vector<std::thread> racers;
  for (std::size_t t = 0; t < kids.size(); ++t)
    racers.emplace_back(
        [&, t] { kids[t] = (t % 2 ? *a : *b).signing_key(1000 + 86400, 86400, 300)->kid(); });
  for (auto& t : racers) t.join();
  CHECK(std::set<std::string>(kids.begin(), kids.end()).size() == 1);
  CHECK(kids[0] != first);
  auto kids_of = [](const std::vector<std::shared_ptr<const SigningKey>>& keys) {
    std::vector<std::string> out;
    for (const auto& key : keys) out.push_back(key->kid());
    return out;
  };
  CHECK(kids_of(a->published_keys(87401)) == std::vector<std::string>{kids[0], first});
  CHECK(kids_of(b->published_keys(87401)) == kids_of(a->published_keys(87401)));
  // The operator's rotation through one: the other signs with the new key at once.
  const std::string rotated = b->rotate_key(87402, 300);
  CHECK(a->signing_key(87403, 86400, 300)->kid() == rotated);
  CHECK(kids_of(a->published_keys(87403)) == std::vector<std::string>{rotated, kids[0], first});
}

}  // namespace mynasim::portal::testing
