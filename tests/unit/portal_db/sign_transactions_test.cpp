// Scope sign's transactions in the OpenID Connect provider's store (oidc_store.hpp), the same
// with both backends: added by a client (bounded per client and in all), found while unexpired,
// closed once with the holder's answer (only by their client), the signature and certificate
// kept byte for byte, forgotten at expiry; and the grant a token was issued for, carrying the
// transaction's id.

#include <catch2/catch.hpp>

#include "backends.hpp"
#include "pki/sqlite.hpp"

namespace mynasim::portal::testing {
namespace {

using namespace oidc;

SignTransaction transaction(const std::string& id, const std::string& client, UnixTime now) {
  SignTransaction tx;
  tx.id = id;
  tx.client_id = client;
  tx.digest = Bytes(32, 0xab);
  tx.display_text = "契約書 no. 42";
  tx.created_at = now;
  tx.expires_at = now + OidcStore::kSignTransactionLifetime;
  return tx;
}

SignTransaction signed_by(std::int64_t account) {
  SignTransaction result;
  result.account_id = account;
  result.signature = Bytes(256, 0x5a);
  result.certificate = Bytes{0x30, 0x82, 0x01, 0x00, 0xff};
  return result;
}

}  // namespace

TEST_CASE("oidc store: a sign transaction is found until it expires and closed once",
          "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  REQUIRE(store->add_sign_transaction(transaction("t1", "rp1", 1000), 1000));
  const auto found = store->sign_transaction("t1", 1599);
  REQUIRE(found);
  CHECK(found->client_id == "rp1");
  CHECK(found->digest == Bytes(32, 0xab));
  CHECK(found->display_text == "契約書 no. 42");
  CHECK(found->created_at == 1000);
  CHECK(found->expires_at == 1600);
  CHECK_FALSE(found->closed);
  CHECK_FALSE(store->sign_transaction("t1", 1600));  // expired
  CHECK_FALSE(store->sign_transaction("t2", 1000));  // unknown

  // Another client cannot close it; its own client can, once.
  CHECK_FALSE(store->close_sign_transaction("t1", "rp2", signed_by(7), 1100));
  CHECK(store->close_sign_transaction("t1", "rp1", signed_by(7), 1100));
  CHECK_FALSE(store->close_sign_transaction("t1", "rp1", signed_by(8), 1101));
  const auto closed = store->sign_transaction("t1", 1102);
  REQUIRE(closed);
  CHECK(closed->closed);
  CHECK_FALSE(closed->declined);
  CHECK(closed->account_id == 7);
  CHECK(closed->signature == Bytes(256, 0x5a));
  CHECK(closed->certificate == (Bytes{0x30, 0x82, 0x01, 0x00, 0xff}));

  // A declined one is closed too; an expired one cannot be closed.
  REQUIRE(store->add_sign_transaction(transaction("t3", "rp1", 1000), 1000));
  SignTransaction declined;
  declined.declined = true;
  CHECK(store->close_sign_transaction("t3", "rp1", declined, 1100));
  CHECK(store->sign_transaction("t3", 1100)->declined);
  REQUIRE(store->add_sign_transaction(transaction("t4", "rp1", 1000), 1000));
  CHECK_FALSE(store->close_sign_transaction("t4", "rp1", signed_by(7), 1600));

  // The sweep forgets the expired ones only.
  REQUIRE(store->add_sign_transaction(transaction("t5", "rp1", 1500), 1500));
  CHECK(store->sweep_sign_transactions(1600) == 3);
  CHECK(store->sign_transaction("t5", 1600));
}

TEST_CASE("oidc store: sign transactions are bounded per client", "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  for (std::size_t i = 0; i < OidcStore::kMaxSignTransactionsPerClient; ++i)
    REQUIRE(store->add_sign_transaction(transaction("a" + std::to_string(i), "rp1", 1000), 1000));
  CHECK_FALSE(store->add_sign_transaction(transaction("over", "rp1", 1000), 1000));
  CHECK_FALSE(store->sign_transaction("over", 1000));
  // Another client is not held back by rp1's; and rp1's expired ones no longer count.
  CHECK(store->add_sign_transaction(transaction("b0", "rp2", 1000), 1000));
  CHECK(store->add_sign_transaction(transaction("later", "rp1", 1600), 1600));
}

TEST_CASE("oidc store: a token's grant carries its sign transaction", "[portal][oidc]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.oidc_store();
  add_rp1(*store);
  Grant grant = grant_for("rp1");
  grant.scope = "openid sign";
  grant.sign_transaction_id = "t1";
  const std::string code = store->issue_code(grant, 1000, 60);
  REQUIRE(std::holds_alternative<Grant>(store->redeem_code(code, 1001)));
  const std::string token = store->issue_token(code, grant, 1001, 300);
  const auto back = store->token_grant(token);
  REQUIRE(back);
  CHECK(back->sign_transaction_id == "t1");
  CHECK(back->scope == "openid sign");
  // A client_credentials token comes from no code: no grant.
  const std::string credentials =
      store->issue_token("", Grant{"rp1", 0, "", "sign", "", "", "", 1001}, 1001, 300);
  CHECK_FALSE(store->token_grant(credentials));
  const auto live = store->token(credentials, 1002);
  REQUIRE(live);
  CHECK(live->account_id == 0);
  CHECK(live->scope == "sign");
}

TEST_CASE("oidc store: an oidc.db of version 2 gains the sign transactions' table",
          "[portal][oidc]") {
  Backend backend("sqlite");
  backend.oidc_store();
  {
    pki::sql::Database db(backend.oidc_sqlite_path(), false);
    db.exec("DROP TABLE sign_transactions; PRAGMA user_version = 2");
  }
  auto store = backend.oidc_store();
  CHECK(store->add_sign_transaction(transaction("t1", "rp1", 1000), 1000));
  pki::sql::Database db(backend.oidc_sqlite_path(), false);
  auto q = db.prepare("PRAGMA user_version");
  q.step();
  CHECK(q.int64(0) == 3);
}

}  // namespace mynasim::portal::testing
