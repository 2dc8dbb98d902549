#include "pki/sqlite.hpp"

#include <sqlite3.h>

#include "hostcrypto/errors.hpp"
#include "pki/pki_error.hpp"
#include "pki/private_files.hpp"

namespace mynasim::pki::sql {

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db), sql_(sql) {
  if (sqlite3_prepare_v2(db_, sql_.c_str(), static_cast<int>(sql_.size()), &stmt_, nullptr) !=
      SQLITE_OK)
    fail("prepare");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), sql_(std::move(other.sql_)) {
  other.stmt_ = nullptr;
}

void Statement::fail(const char* what) const {
  std::string first_line = sql_.substr(0, sql_.find('\n'));
  throw PkiError(std::string("database: ") + what + " failed (" + sqlite3_errmsg(db_) +
                 ") in: " + first_line.substr(0, 80));
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail("bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    fail("bind");
  return *this;
}

Statement& Statement::bind(int index, ByteView blob) {
  if (sqlite3_bind_blob(stmt_, index, blob.data(), static_cast<int>(blob.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    fail("bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail("bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail("step");
  return false;
}

void Statement::run() {
  if (step()) throw PkiError("database: a statement returned rows where none were expected");
}

void Statement::reset() noexcept {
  // sqlite3_reset repeats the last step's error, which step() has already reported.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

CachedStatement::~CachedStatement() {
  if (!statement_) return;
  statement_->reset();
  *leased_ = false;
}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : statement_(other.statement_), leased_(other.leased_) {
  other.statement_ = nullptr;
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

Bytes Statement::blob(int column) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  return p ? Bytes(p, p + sqlite3_column_bytes(stmt_, column)) : Bytes();
}

Database::Database(const std::string& path, bool create, bool read_only) : path_(path) {
  // The file is made 0600 before SQLite sees it rather than by setting the umask around the open:
  // the umask is per process, and another thread may create files meanwhile. SQLite's unix VFS
  // gives the -wal, -shm and -journal files the database file's own mode, so they are 0600 too.
  if (create && !read_only) create_private_file(path);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) require_private(path + suffix);
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                    (create && !read_only ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw PkiError(path + ": cannot open the database: " + message);
  }
  sqlite3_busy_timeout(db_, 10000);
  exec("PRAGMA foreign_keys = ON");
  if (read_only) return;
  exec("PRAGMA journal_mode = WAL");
  exec("PRAGMA synchronous = FULL");
}

Database::~Database() {
  cache_.clear();  // sqlite3_close refuses a connection with unfinalized statements
  sqlite3_close(db_);
}

Database::Database(Database&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), cache_(std::move(other.cache_)) {
  other.db_ = nullptr;
}

CachedStatement Database::cached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(std::string(sql), std::make_unique<Kept>(Kept{Statement(db_, sql)})).first;
  Kept& kept = *it->second;
  if (kept.leased)
    throw PkiError("database: a cached statement used twice at once: " +
                   std::string(sql.substr(0, 80)));
  kept.leased = true;
  return CachedStatement(kept.statement, kept.leased);
}

void Database::exec(std::string_view sql) {
  const std::string text(sql);
  char* error = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw PkiError(path_ + ": database: " + message);
  }
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
  return sqlite3_changes(db_);
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (const hostcrypto::CryptoError&) {
      // Nothing more to do: SQLite rolls an unfinished transaction back on close.
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace mynasim::pki::sql
