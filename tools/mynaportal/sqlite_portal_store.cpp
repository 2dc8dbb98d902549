#include "tools/mynaportal/sqlite_portal_store.hpp"

#include <stdexcept>

namespace mynasim::portal {
namespace {

// PRAGMA user_version: 0 a new file, 1 this schema. A later version is refused.
constexpr std::int64_t kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS accounts(
  id INTEGER PRIMARY KEY,
  pseudonym TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_login INTEGER,
  cert_serial INTEGER, cert_not_after INTEGER, cert_status TEXT, status_source TEXT,
  status_at INTEGER);
CREATE TABLE IF NOT EXISTS sessions(
  id_hash TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  account_id INTEGER REFERENCES accounts(id),
  login_code TEXT UNIQUE,
  state TEXT NOT NULL DEFAULT 'waiting',
  error TEXT);
CREATE TABLE IF NOT EXISTS access_log(
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  at INTEGER NOT NULL,
  service TEXT NOT NULL,
  purpose TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS access_by_account ON access_log(account_id, at);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions(expires_at);
CREATE INDEX IF NOT EXISTS sessions_anonymous ON sessions(created_at) WHERE account_id IS NULL;
-- The number of anonymous sessions, kept by triggers: the bound is checked at every login page,
-- and COUNT(*) over 10,000 index entries costs ~2 ms.
CREATE TABLE IF NOT EXISTS session_counts(anonymous INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS sessions_anonymous_insert AFTER INSERT ON sessions
  WHEN NEW.account_id IS NULL BEGIN UPDATE session_counts SET anonymous = anonymous + 1; END;
CREATE TRIGGER IF NOT EXISTS sessions_anonymous_delete AFTER DELETE ON sessions
  WHEN OLD.account_id IS NULL BEGIN UPDATE session_counts SET anonymous = anonymous - 1; END;
CREATE TRIGGER IF NOT EXISTS sessions_anonymous_update AFTER UPDATE OF account_id ON sessions
  WHEN (OLD.account_id IS NULL) IS NOT (NEW.account_id IS NULL) BEGIN
    UPDATE session_counts
      SET anonymous = anonymous + (NEW.account_id IS NULL) - (OLD.account_id IS NULL);
  END;
)sql";

}  // namespace

void refuse_newer_schema(pki::sql::Database& db, std::int64_t known) {
  auto q = db.prepare("PRAGMA user_version");
  q.step();
  if (const std::int64_t version = q.int64(0); version > known)
    throw std::runtime_error(db.path() + ": schema version " + std::to_string(version) +
                             ", this mynaportal knows " + std::to_string(known) +
                             ": use a newer mynaportal");
}

SqlitePortalStore::SqlitePortalStore(const std::string& path) : db_(path, true) {
  // WAL with synchronous=NORMAL: a commit is not fsynced, a checkpoint is. A crash of the process
  // loses nothing (the WAL is written before COMMIT returns); a power cut may lose the last
  // commits, never the file's consistency. What those commits can be: an account's last login,
  // an access record, a rotated session (its cookie stops working: log in again), a login code's
  // completion (its page waits again, and completing it needs a new challenge and a new card
  // signature). None of them re-enables a used challenge: with this store the challenges live in
  // memory only (ChallengeStore) and a restart forgets every one of them, spent or live.
  db_.exec("PRAGMA synchronous=NORMAL");
  refuse_newer_schema(db_, kSchemaVersion);
  db_.exec(kSchema);
  db_.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
  // Counted afresh at every start, so the triggers' count never drifts from the rows.
  pki::sql::Transaction t(db_);
  db_.exec("DELETE FROM session_counts");
  db_.exec("INSERT INTO session_counts SELECT COUNT(*) FROM sessions WHERE account_id IS NULL");
  t.commit();
}

std::string SqlitePortalStore::create_session(UnixTime now, UnixTime lifetime,
                                              std::int64_t account_id,
                                              const std::string& login_code) {
  const std::string raw = new_id();
  std::lock_guard lock(mutex_);
  if (now >= next_sweep_) {
    sweep_locked(now);
    next_sweep_ = now + 30;
  }
  pki::sql::Transaction t(db_);
  auto s = db_.cached(
      "INSERT INTO sessions(id_hash, created_at, expires_at, account_id, login_code) "
      "VALUES(?1, ?2, ?3, ?4, ?5)");
  s->bind(1, hash_id(raw)).bind(2, now).bind(3, now + lifetime);
  if (account_id)
    s->bind(4, account_id);
  else
    s->bind_null(4);
  if (!login_code.empty())
    s->bind(5, login_code);
  else
    s->bind_null(5);
  s->run();
  if (!account_id) {
    const std::size_t count = anonymous_count_locked();
    if (count > anonymous_capacity_)
      db_.cached(
             "DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE account_id "
             "IS NULL ORDER BY created_at, rowid LIMIT ?1)")
          ->bind(1, static_cast<std::int64_t>(count - anonymous_capacity_))
          .run();
  }
  t.commit();
  return raw;
}

std::size_t SqlitePortalStore::sweep(UnixTime now) {
  std::lock_guard lock(mutex_);
  return sweep_locked(now);
}

std::size_t SqlitePortalStore::sweep_locked(UnixTime now) {
  db_.cached("DELETE FROM sessions WHERE expires_at <= ?1")->bind(1, now).run();
  return static_cast<std::size_t>(db_.changes());
}

void SqlitePortalStore::set_anonymous_capacity(std::size_t capacity) {
  std::lock_guard lock(mutex_);
  anonymous_capacity_ = capacity ? capacity : 1;
}

std::size_t SqlitePortalStore::anonymous_count() {
  std::lock_guard lock(mutex_);
  return anonymous_count_locked();
}

std::size_t SqlitePortalStore::anonymous_count_locked() {
  auto q = db_.cached("SELECT anonymous FROM session_counts");
  q->step();
  return static_cast<std::size_t>(q->int64(0));
}

std::optional<Session> SqlitePortalStore::session_where(const char* where, const std::string& key,
                                                        UnixTime now) {
  std::lock_guard lock(mutex_);
  auto s = db_.cached(std::string("SELECT id_hash, created_at, expires_at, account_id, "
                                  "login_code, state, error FROM sessions WHERE ") +
                      where);
  s->bind(1, key);
  if (!s->step()) return std::nullopt;
  Session out;
  out.id_hash = s->text(0);
  out.created_at = s->int64(1);
  out.expires_at = s->int64(2);
  out.account_id = s->is_null(3) ? 0 : s->int64(3);
  out.login_code = s->is_null(4) ? "" : s->text(4);
  out.state = s->text(5);
  out.error = s->is_null(6) ? "" : s->text(6);
  if (out.expires_at <= now) return std::nullopt;
  return out;
}

std::optional<Session> SqlitePortalStore::session(const std::string& raw_id, UnixTime now) {
  if (raw_id.empty()) return std::nullopt;
  return session_where("id_hash = ?1", hash_id(raw_id), now);
}

std::optional<Session> SqlitePortalStore::session_by_code(const std::string& code, UnixTime now) {
  return session_where("login_code = ?1", code, now);
}

void SqlitePortalStore::delete_session(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  db_.cached("DELETE FROM sessions WHERE id_hash = ?1")->bind(1, id_hash).run();
}

void SqlitePortalStore::set_session_state(const std::string& id_hash, const std::string& state,
                                          std::int64_t account_id, const std::string& error) {
  std::lock_guard lock(mutex_);
  auto s = db_.cached(
      "UPDATE sessions SET state = ?2, account_id = ?3, error = ?4 "
      "WHERE id_hash = ?1");
  s->bind(1, id_hash).bind(2, state);
  if (account_id)
    s->bind(3, account_id);
  else
    s->bind_null(3);
  if (!error.empty())
    s->bind(4, error);
  else
    s->bind_null(4);
  s->run();
}

bool SqlitePortalStore::reopen_code(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  db_.cached(
         "UPDATE sessions SET state = 'waiting', account_id = NULL, error = NULL "
         "WHERE id_hash = ?1 AND state <> 'done'")
      ->bind(1, id_hash)
      .run();
  return db_.changes() == 1;
}

bool SqlitePortalStore::complete_code(const std::string& id_hash, std::int64_t account_id) {
  std::lock_guard lock(mutex_);
  db_.cached(
         "UPDATE sessions SET state = 'done', account_id = ?2, error = NULL "
         "WHERE id_hash = ?1 AND state <> 'done'")
      ->bind(1, id_hash)
      .bind(2, account_id)
      .run();
  return db_.changes() == 1;
}

std::string SqlitePortalStore::rotate(const std::string& old_hash, std::int64_t account_id,
                                      UnixTime now, UnixTime lifetime) {
  const std::string raw = new_id();
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  db_.cached("DELETE FROM sessions WHERE id_hash = ?1")->bind(1, old_hash).run();
  db_.cached(
         "INSERT INTO sessions(id_hash, created_at, expires_at, account_id, state) "
         "VALUES(?1, ?2, ?3, ?4, 'done')")
      ->bind(1, hash_id(raw))
      .bind(2, now)
      .bind(3, now + lifetime)
      .bind(4, account_id)
      .run();
  t.commit();
  return raw;
}

Account SqlitePortalStore::record_login(const Account& seen, UnixTime now,
                                        const std::string& service, const std::string& detail) {
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  db_.cached(
         "INSERT INTO accounts(pseudonym, created_at) VALUES(?1, ?2) "
         "ON CONFLICT(pseudonym) DO NOTHING")
      ->bind(1, seen.pseudonym)
      .bind(2, now)
      .run();
  db_.cached(
         "UPDATE accounts SET last_login = ?2, cert_serial = ?3, cert_not_after = ?4, "
         "cert_status = ?5, status_source = ?6, status_at = ?2 WHERE pseudonym = ?1")
      ->bind(1, seen.pseudonym)
      .bind(2, now)
      .bind(3, static_cast<std::int64_t>(seen.cert_serial))
      .bind(4, seen.cert_not_after)
      .bind(5, seen.cert_status)
      .bind(6, seen.status_source)
      .run();
  auto q = db_.cached("SELECT id, created_at FROM accounts WHERE pseudonym = ?1");
  q->bind(1, seen.pseudonym);
  q->step();
  Account out = seen;
  out.id = q->int64(0);
  out.created_at = q->int64(1);
  out.last_login = now;
  out.status_at = now;
  db_.cached(
         "INSERT INTO access_log(account_id, at, service, purpose, detail) "
         "VALUES(?1, ?2, ?3, 'login', ?4)")
      ->bind(1, out.id)
      .bind(2, now)
      .bind(3, service)
      .bind(4, detail)
      .run();
  t.commit();
  return out;
}

std::optional<Account> SqlitePortalStore::account(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto s = db_.cached(
      "SELECT id, pseudonym, created_at, last_login, cert_serial, "
      "cert_not_after, cert_status, status_source, status_at FROM accounts "
      "WHERE id = ?1");
  s->bind(1, id);
  if (!s->step()) return std::nullopt;
  Account a;
  a.id = s->int64(0);
  a.pseudonym = s->text(1);
  a.created_at = s->int64(2);
  a.last_login = s->is_null(3) ? 0 : s->int64(3);
  a.cert_serial = s->is_null(4) ? 0 : static_cast<std::uint64_t>(s->int64(4));
  a.cert_not_after = s->is_null(5) ? 0 : s->int64(5);
  a.cert_status = s->is_null(6) ? "" : s->text(6);
  a.status_source = s->is_null(7) ? "" : s->text(7);
  a.status_at = s->is_null(8) ? 0 : s->int64(8);
  return a;
}

void SqlitePortalStore::log_access(std::int64_t account_id, UnixTime at, const std::string& service,
                                   const std::string& purpose, const std::string& detail) {
  std::lock_guard lock(mutex_);
  db_.cached(
         "INSERT INTO access_log(account_id, at, service, purpose, detail) "
         "VALUES(?1, ?2, ?3, ?4, ?5)")
      ->bind(1, account_id)
      .bind(2, at)
      .bind(3, service)
      .bind(4, purpose)
      .bind(5, detail)
      .run();
}

std::vector<AccessRecord> SqlitePortalStore::access_log(std::int64_t account_id,
                                                        std::size_t limit) {
  std::lock_guard lock(mutex_);
  auto s = db_.cached(
      "SELECT at, service, purpose, detail FROM access_log WHERE account_id = ?1 "
      "ORDER BY id DESC LIMIT ?2");
  s->bind(1, account_id).bind(2, static_cast<std::int64_t>(limit));
  std::vector<AccessRecord> out;
  while (s->step()) out.push_back({s->int64(0), s->text(1), s->text(2), s->text(3)});
  return out;
}

void SqlitePortalStore::check_secret(const std::string& fingerprint) {
  std::lock_guard lock(mutex_);
  db_.cached("INSERT INTO settings(name, value) VALUES('secret', ?1) ON CONFLICT DO NOTHING")
      ->bind(1, fingerprint)
      .run();
  auto q = db_.cached("SELECT value FROM settings WHERE name = 'secret'");
  q->step();
  if (q->text(0) != fingerprint) throw std::runtime_error(secret_mismatch(db_.path()));
}

}  // namespace mynasim::portal
