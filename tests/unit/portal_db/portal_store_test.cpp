// The PortalStore interface answers the same with both backends (SQLite, PostgreSQL): sessions
// and their login codes, rotation, accounts and the access log, the anonymous bound, the sweep.

#include <catch2/catch.hpp>

#include "backends.hpp"

namespace mynasim::portal::testing {

TEST_CASE("portal store: sessions, login codes, rotation", "[portal]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.portal_store();
  const std::string page = store->create_session(1000, 600, 0, "ABCD-EFGH");
  const auto session = store->session(page, 1001);
  REQUIRE(session);
  CHECK(session->id_hash == PortalStore::hash_id(page));
  CHECK(session->account_id == 0);
  CHECK(session->login_code == "ABCD-EFGH");
  CHECK(session->state == "waiting");
  CHECK(session->expires_at == 1600);
  CHECK(store->session_by_code("ABCD-EFGH", 1001)->id_hash == session->id_hash);
  CHECK_FALSE(store->session(page, 1600));  // expired
  CHECK_FALSE(store->session("", 1001));

  store->set_session_state(session->id_hash, "failed", 0, "PIN_WRONG");
  CHECK(store->session(page, 1002)->error == "PIN_WRONG");
  // A code is reopened by a new challenge and completed once; then neither moves it.
  CHECK(store->reopen_code(session->id_hash));
  CHECK(store->session(page, 1003)->state == "waiting");
  CHECK(store->session(page, 1003)->error.empty());
  Account seen;
  seen.pseudonym = "holder-1";
  seen.cert_serial = 77;
  seen.cert_not_after = 5000;
  seen.cert_status = "good";
  seen.status_source = "ocsp";
  const Account account = store->record_login(seen, 1004, "mynaportal", "logged in");
  CHECK(account.id > 0);
  CHECK(store->complete_code(session->id_hash, account.id));
  CHECK_FALSE(store->complete_code(session->id_hash, account.id));
  CHECK_FALSE(store->reopen_code(session->id_hash));
  CHECK(store->session(page, 1005)->state == "done");
  CHECK(store->session(page, 1005)->account_id == account.id);

  const std::string rotated = store->rotate(session->id_hash, account.id, 1006, 3600);
  CHECK_FALSE(store->session(page, 1006));
  CHECK_FALSE(store->session_by_code("ABCD-EFGH", 1006));
  const auto logged_in = store->session(rotated, 1006);
  REQUIRE(logged_in);
  CHECK(logged_in->state == "done");
  CHECK(logged_in->login_code.empty());
  CHECK(logged_in->account_id == account.id);
  store->delete_session(logged_in->id_hash);
  CHECK_FALSE(store->session(rotated, 1007));
}

TEST_CASE("portal store: accounts and the access log", "[portal]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.portal_store();
  Account seen;
  seen.pseudonym = "holder-1";
  seen.cert_serial = 77;
  seen.cert_not_after = 5000;
  seen.cert_status = "good";
  seen.status_source = "ocsp";
  const Account first = store->record_login(seen, 1000, "mynaportal", "first");
  seen.cert_serial = 78;
  seen.status_source = "crl";
  const Account second = store->record_login(seen, 2000, "mynaportal", "second");
  CHECK(second.id == first.id);
  CHECK(second.created_at == 1000);
  store->log_access(first.id, 2001, "mynaportal", "read", "my page");
  const auto account = store->account(first.id);
  REQUIRE(account);
  CHECK(account->pseudonym == "holder-1");
  CHECK(account->created_at == 1000);
  CHECK(account->last_login == 2000);
  CHECK(account->cert_serial == 78);
  CHECK(account->cert_not_after == 5000);
  CHECK(account->cert_status == "good");
  CHECK(account->status_source == "crl");
  CHECK(account->status_at == 2000);
  CHECK_FALSE(store->account(first.id + 1000));
  const auto log = store->access_log(first.id);
  REQUIRE(log.size() == 3);
  CHECK(log[0].detail == "my page");
  CHECK(log[0].purpose == "read");
  CHECK(log[1].detail == "second");
  CHECK(log[1].purpose == "login");
  CHECK(log[2].at == 1000);
  CHECK(store->access_log(first.id, 1).size() == 1);
}

TEST_CASE("portal store: anonymous sessions bounded and swept", "[portal]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  auto store = backend.portal_store();
  store->set_anonymous_capacity(5);
  Account seen;
  seen.pseudonym = "p";
  const Account account = store->record_login(seen, 1000, "mynaportal", "test");
  const std::string logged_in = store->create_session(1000, 3600, account.id, "");
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i)
    ids.push_back(store->create_session(1000 + i, 600, 0, "CODE-000" + std::to_string(i)));
  CHECK(store->anonymous_count() == 5);
  for (int i = 0; i < 3; ++i) CHECK_FALSE(store->session(ids[static_cast<std::size_t>(i)], 1010));
  for (int i = 3; i < 8; ++i) CHECK(store->session(ids[static_cast<std::size_t>(i)], 1010));
  CHECK(store->session(logged_in, 1010)->account_id == account.id);
  CHECK(store->sweep(1604) == 2);  // created at 1003 and 1004
  CHECK(store->anonymous_count() == 3);
  CHECK(store->sweep(1700) == 3);
  CHECK(store->session(logged_in, 1700));
  CHECK(store->sweep(4600) == 1);
}

}  // namespace mynasim::portal::testing

namespace mynasim::portal::testing {

TEST_CASE("portal store: one pseudonym secret per database", "[portal]") {
  Backend backend(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
  INFO(backend.name());
  const std::string mine = PortalStore::secret_fingerprint(Bytes(32, 0x11));
  const std::string other = PortalStore::secret_fingerprint(Bytes(32, 0x22));
  CHECK(mine.size() == 43);
  CHECK(mine != other);
  backend.portal_store()->check_secret(mine);
  auto again = backend.portal_store();
  CHECK_NOTHROW(again->check_secret(mine));
  const std::string where =
      backend.name() == "sqlite" ? backend.sqlite_path() : "the PostgreSQL database";
  CHECK_THROWS_WITH(again->check_secret(other),
                    where +
                        " belongs to instances with another pseudonym secret: copy their "
                        "DATA/secret.bin here (with this one every holder would get a new "
                        "account)");
}

}  // namespace mynasim::portal::testing
