// Database::cached: one prepared statement per SQL text, reused; every lease starts with no
// bindings and no pending row, however the previous one ended.

#include <sqlite3.h>

#include "pki/pki_error.hpp"
#include "pki/sqlite.hpp"
#include "pki_test_support.hpp"

namespace mynasim::pki {
namespace {

using test::TempDir;

TEST_CASE("sqlite: a cached statement is reused, its bindings cleared between leases") {
  TempDir dir;
  sql::Database db(dir / "t.db", true);
  db.exec("CREATE TABLE t(a INTEGER, b TEXT)");
  const char* insert = "INSERT INTO t(a, b) VALUES(?1, ?2)";
  const sql::Statement* first = nullptr;
  {
    auto s = db.cached(insert);
    first = &*s;
    s->bind(1, std::int64_t{1}).bind(2, std::string_view("one")).run();
  }
  {
    auto s = db.cached(insert);
    CHECK(&*s == first);  // the same statement, not prepared again
    s->bind(1, std::int64_t{2}).run();  // ?2 not bound this time: NULL, not "one"
  }
  auto q = db.cached("SELECT a, b FROM t ORDER BY a");
  REQUIRE(q->step());
  CHECK(q->int64(0) == 1);
  CHECK(q->text(1) == "one");
  REQUIRE(q->step());
  CHECK(q->int64(0) == 2);
  CHECK(q->is_null(1));
  CHECK_FALSE(q->step());
}

TEST_CASE("sqlite: a lease that ends mid-result leaves nothing pending") {
  TempDir dir;
  sql::Database db(dir / "t.db", true);
  db.exec("CREATE TABLE t(a INTEGER)");
  db.exec("INSERT INTO t VALUES(1), (2), (3)");
  const char* select = "SELECT a FROM t ORDER BY a";
  {
    auto q = db.cached(select);
    REQUIRE(q->step());
    CHECK(q->int64(0) == 1);
  }  // two rows never read
  {
    auto q = db.cached(select);
    REQUIRE(q->step());
    CHECK(q->int64(0) == 1);  // from the start again
  }
  // No statement of the connection is still running: DROP TABLE would be refused ("database
  // table is locked") while one read t.
  db.exec("DROP TABLE t");
  auto q = db.cached(select);
  CHECK_THROWS_AS(q->step(), PkiError);  // the kept statement notices the table is gone
}

TEST_CASE("sqlite: one lease of a cached statement at a time") {
  TempDir dir;
  sql::Database db(dir / "t.db", true);
  auto outer = db.cached("SELECT 1");
  try {
    auto inner = db.cached("SELECT 1");
    FAIL("a second lease was given");
  } catch (const PkiError& e) {
    CHECK(std::string(e.what()) == "database: a cached statement used twice at once: SELECT 1");
  }
  CHECK(outer->step());
  CHECK(outer->int64(0) == 1);
}

}  // namespace
}  // namespace mynasim::pki
