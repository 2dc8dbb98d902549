#include "tools/mynaportal/oidc/sqlite_oidc_store.hpp"

#include <stdexcept>

#include "tools/mynaportal/portal_store.hpp"
#include "tools/mynaportal/sqlite_portal_store.hpp"

namespace mynasim::portal::oidc {
namespace {

// PRAGMA user_version: 0 a file from before (without codes.replayed), 1 without the attribute
// logins' tables, 2 without sign_transactions, 3 this schema (CREATE ... IF NOT EXISTS adds what
// an older file lacks). A later version is refused.
constexpr std::int64_t kSchemaVersion = 3;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS clients(
  id TEXT PRIMARY KEY,
  redirect_uris TEXT NOT NULL,  -- JSON array, matched exactly
  secret_salt BLOB, secret_hash BLOB,
  created_at INTEGER NOT NULL,
  jwks TEXT);  -- private_key_jwt: the client's public keys
CREATE TABLE IF NOT EXISTS assertions(
  key TEXT PRIMARY KEY,  -- client id and jti of a private_key_jwt assertion already used
  expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS assertions_by_expiry ON assertions(expires_at);
CREATE TABLE IF NOT EXISTS codes(
  hash TEXT PRIMARY KEY,
  grant_json TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  keep_until INTEGER NOT NULL,  -- a used code stays while the tokens it issued live
  replayed INTEGER NOT NULL DEFAULT 0);  -- presented again: a token issued for it is born revoked
CREATE TABLE IF NOT EXISTS tokens(
  hash TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  client_id TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  scope TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS tokens_by_code ON tokens(code_hash);
CREATE TABLE IF NOT EXISTS signing_keys(
  kid TEXT PRIMARY KEY,
  pem TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER,        -- NULL: the current key
  published_until INTEGER);  -- a retired key stays in the JWKS until then
-- Version 2: attribute logins (attribute_logins.hpp), bounded by rowid (a write replaces the row,
-- so the oldest rowid is the soonest to expire). The holder's attributes (captured, and inside
-- consent) are deleted when taken or at expiry.
CREATE TABLE IF NOT EXISTS attribute_logins(
  session TEXT PRIMARY KEY,  -- SHA-256 of the browser session's id
  wish TEXT,
  captured_for TEXT,
  captured TEXT,
  expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS attribute_logins_by_expiry ON attribute_logins(expires_at);
CREATE TABLE IF NOT EXISTS consents(
  hash TEXT PRIMARY KEY,  -- SHA-256 of the consent screen's id
  session TEXT NOT NULL,
  consent TEXT NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS consents_by_expiry ON consents(expires_at);
CREATE TABLE IF NOT EXISTS sign_transactions(
  id TEXT PRIMARY KEY,  -- a random UUID
  client_id TEXT NOT NULL,
  digest BLOB NOT NULL,
  display_text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0,
  declined INTEGER NOT NULL DEFAULT 0,
  account_id INTEGER,
  signature BLOB,
  certificate BLOB);
CREATE INDEX IF NOT EXISTS sign_transactions_by_client ON sign_transactions(client_id, expires_at);
CREATE INDEX IF NOT EXISTS sign_transactions_by_expiry ON sign_transactions(expires_at);
)sql";

bool has_column(pki::sql::Database& db, const char* table, const std::string& column) {
  auto q = db.prepare(std::string("PRAGMA table_info(") + table + ")");
  while (q.step())
    if (q.text(1) == column) return true;
  return false;
}

Client client_of(const pki::sql::Statement& row) {
  Client c;
  c.id = row.text(0);
  c.redirect_uris = OidcStore::uris_of(row.text(1));
  c.has_secret = !row.is_null(2);
  c.created_at = row.int64(3);
  if (!row.is_null(4)) c.jwks = row.text(4);
  return c;
}

SignTransaction sign_transaction_of(const pki::sql::Statement& row) {
  SignTransaction tx{row.text(0),  row.text(1),  row.blob(2),       row.text(3),
                     row.int64(4), row.int64(5), row.int64(6) != 0, row.int64(7) != 0};
  if (!row.is_null(8)) tx.account_id = row.int64(8);
  if (!row.is_null(9)) tx.signature = row.blob(9);
  if (!row.is_null(10)) tx.certificate = row.blob(10);
  return tx;
}

}  // namespace

SqliteOidcStore::SqliteOidcStore(const std::string& path) : db_(path, true) {
  db_.exec("PRAGMA synchronous=NORMAL");
  // A deleted row's bytes are overwritten, not left in free pages: the holder's attributes of an
  // attribute login are deleted at consent or expiry and must not stay readable in the file.
  db_.exec("PRAGMA secure_delete=ON");
  refuse_newer_schema(db_, kSchemaVersion);
  pki::sql::Transaction t(db_);
  db_.exec(kSchema);
  // A file from before: codes learn of replays; the bounds no longer order by age.
  if (!has_column(db_, "codes", "replayed"))
    db_.exec("ALTER TABLE codes ADD COLUMN replayed INTEGER NOT NULL DEFAULT 0");
  db_.exec("DROP INDEX IF EXISTS codes_by_age; DROP INDEX IF EXISTS tokens_by_age");
  db_.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
  t.commit();
}

void SqliteOidcStore::insert_client(const Client& client,
                                    const std::optional<StoredSecret>& secret) {
  std::lock_guard lock(mutex_);
  auto insert = db_.cached("INSERT OR IGNORE INTO clients VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  insert->bind(1, client.id).bind(2, uris_text(client.redirect_uris)).bind(5, client.created_at);
  if (secret)
    insert->bind(3, secret->salt).bind(4, secret->hash).bind_null(6);
  else
    insert->bind_null(3).bind_null(4).bind(6, client.jwks);
  insert->run();
  if (db_.changes() == 0) throw std::runtime_error(already_registered(client.id));
}

bool SqliteOidcStore::remove_client(const std::string& id) {
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  db_.cached("DELETE FROM clients WHERE id = ?1")->bind(1, id).run();
  const bool removed = db_.changes() > 0;
  db_.cached("UPDATE tokens SET revoked = 1 WHERE client_id = ?1")->bind(1, id).run();
  t.commit();
  return removed;
}

std::vector<Client> SqliteOidcStore::clients() {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "SELECT id, redirect_uris, secret_hash, created_at, jwks FROM clients ORDER BY id");
  std::vector<Client> out;
  while (q->step()) out.push_back(client_of(*q));
  return out;
}

std::optional<Client> SqliteOidcStore::client(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "SELECT id, redirect_uris, secret_hash, created_at, jwks FROM clients WHERE id = ?1");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return client_of(*q);
}

std::optional<OidcStore::StoredSecret> SqliteOidcStore::stored_secret(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto q = db_.cached("SELECT secret_salt, secret_hash FROM clients WHERE id = ?1");
  q->bind(1, id);
  if (!q->step() || q->is_null(0) || q->is_null(1)) return std::nullopt;
  return StoredSecret{q->blob(0), q->blob(1)};
}

void SqliteOidcStore::trim_locked(const char* table, std::size_t bound) {
  db_.cached(std::string("DELETE FROM ") + table + " WHERE rowid <= ?1")
      ->bind(1, db_.last_insert_rowid() - static_cast<std::int64_t>(bound))
      .run();
}

std::string SqliteOidcStore::issue_code(const Grant& grant, UnixTime now, UnixTime lifetime) {
  const std::string raw = PortalStore::new_id();
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  // An unused code is kept one more lifetime after it expires, to answer "expired" precisely.
  db_.cached("INSERT INTO codes VALUES(?1, ?2, ?3, ?4, NULL, ?5, 0)")
      ->bind(1, PortalStore::hash_id(raw))
      .bind(2, grant_text(grant))
      .bind(3, now)
      .bind(4, now + lifetime)
      .bind(5, now + 2 * lifetime)
      .run();
  trim_locked("codes", kMaxCodes);
  t.commit();
  return raw;
}

std::variant<Grant, CodeRefused> SqliteOidcStore::redeem_code(const std::string& code,
                                                              UnixTime now) {
  const std::string hash = PortalStore::hash_id(code);
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  auto q = db_.cached("SELECT grant_json, expires_at, used_at FROM codes WHERE hash = ?1");
  q->bind(1, hash);
  if (!q->step()) return CodeRefused{CodeProblem::kUnknown, 0, {}, 0};
  const Grant grant = grant_of(q->text(0));
  const UnixTime expires_at = q->int64(1);
  const bool used = !q->is_null(2);
  if (used) {
    db_.cached("UPDATE codes SET replayed = 1 WHERE hash = ?1")->bind(1, hash).run();
    db_.cached("UPDATE tokens SET revoked = 1 WHERE code_hash = ?1 AND revoked = 0")
        ->bind(1, hash)
        .run();
    const int revoked = db_.changes();
    t.commit();
    return CodeRefused{CodeProblem::kReplayed, grant.account_id, grant.client_id, revoked};
  }
  if (now >= expires_at) return CodeRefused{CodeProblem::kExpired, 0, {}, 0};
  db_.cached("UPDATE codes SET used_at = ?2 WHERE hash = ?1")->bind(1, hash).bind(2, now).run();
  t.commit();
  return grant;
}

std::string SqliteOidcStore::issue_token(const std::string& code, const Grant& grant, UnixTime now,
                                         UnixTime lifetime) {
  const std::string raw = PortalStore::new_id();
  const std::string code_hash = PortalStore::hash_id(code);
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  db_.cached(
         "INSERT INTO tokens VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, "
         "coalesce((SELECT replayed FROM codes WHERE hash = ?2), 0))")
      ->bind(1, PortalStore::hash_id(raw))
      .bind(2, code_hash)
      .bind(3, grant.client_id)
      .bind(4, grant.account_id)
      .bind(5, grant.scope)
      .bind(6, now)
      .bind(7, now + lifetime)
      .run();
  trim_locked("tokens", kMaxTokens);
  db_.cached("UPDATE codes SET keep_until = MAX(keep_until, ?2) WHERE hash = ?1")
      ->bind(1, code_hash)
      .bind(2, now + lifetime)
      .run();
  t.commit();
  return raw;
}

std::optional<AccessToken> SqliteOidcStore::token(const std::string& raw, UnixTime now) {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "SELECT client_id, account_id, scope, expires_at FROM tokens "
      "WHERE hash = ?1 AND revoked = 0 AND expires_at > ?2 "
      "AND client_id IN (SELECT id FROM clients)");
  q->bind(1, PortalStore::hash_id(raw)).bind(2, now);
  if (!q->step()) return std::nullopt;
  return AccessToken{q->text(0), q->int64(1), q->text(2), q->int64(3)};
}

std::optional<Grant> SqliteOidcStore::token_grant(const std::string& raw) {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "SELECT codes.grant_json FROM tokens JOIN codes ON codes.hash = tokens.code_hash "
      "WHERE tokens.hash = ?1");
  q->bind(1, PortalStore::hash_id(raw));
  if (!q->step()) return std::nullopt;
  return grant_of(q->text(0));
}

bool SqliteOidcStore::add_sign_transaction(const SignTransaction& tx, UnixTime now) {
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  auto live =
      db_.cached("SELECT COUNT(*) FROM sign_transactions WHERE client_id = ?1 AND expires_at > ?2");
  live->bind(1, tx.client_id).bind(2, now);
  live->step();
  if (live->int64(0) >= static_cast<std::int64_t>(kMaxSignTransactionsPerClient)) return false;
  db_.cached(
         "INSERT INTO sign_transactions(id, client_id, digest, display_text, created_at, "
         "expires_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6)")
      ->bind(1, tx.id)
      .bind(2, tx.client_id)
      .bind(3, ByteView(tx.digest))
      .bind(4, tx.display_text)
      .bind(5, tx.created_at)
      .bind(6, tx.expires_at)
      .run();
  trim_locked("sign_transactions", kMaxSignTransactions);
  t.commit();
  return true;
}

std::optional<SignTransaction> SqliteOidcStore::sign_transaction(const std::string& id,
                                                                 UnixTime now) {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "SELECT id, client_id, digest, display_text, created_at, expires_at, closed, declined, "
      "account_id, signature, certificate FROM sign_transactions WHERE id = ?1 AND "
      "expires_at > ?2");
  q->bind(1, id).bind(2, now);
  if (!q->step()) return std::nullopt;
  return sign_transaction_of(*q);
}

bool SqliteOidcStore::close_sign_transaction(const std::string& id, const std::string& client_id,
                                             const SignTransaction& result, UnixTime now) {
  std::lock_guard lock(mutex_);
  db_.cached(
         "UPDATE sign_transactions SET closed = 1, declined = ?4, account_id = ?5, "
         "signature = ?6, certificate = ?7 WHERE id = ?1 AND client_id = ?2 AND closed = 0 AND "
         "expires_at > ?3")
      ->bind(1, id)
      .bind(2, client_id)
      .bind(3, now)
      .bind(4, std::int64_t{result.declined ? 1 : 0})
      .bind(5, result.account_id)
      .bind(6, ByteView(result.signature))
      .bind(7, ByteView(result.certificate))
      .run();
  return db_.changes() == 1;
}

std::size_t SqliteOidcStore::sweep_sign_transactions(UnixTime now) {
  std::lock_guard lock(mutex_);
  return delete_expired_locked({"DELETE FROM sign_transactions WHERE expires_at <= ?1"}, now);
}

std::string SqliteOidcStore::token_claims(const std::string& raw) {
  // A used code is kept while the tokens it issued live, so its grant is there.
  const auto grant = token_grant(raw);
  return grant ? grant->claims : "";
}

bool SqliteOidcStore::first_use(const std::string& key, UnixTime expires_at, UnixTime now) {
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  db_.cached("DELETE FROM assertions WHERE key = ?1 AND expires_at <= ?2")
      ->bind(1, key)
      .bind(2, now)
      .run();
  db_.cached("INSERT OR IGNORE INTO assertions VALUES(?1, ?2)")
      ->bind(1, key)
      .bind(2, expires_at)
      .run();
  const bool fresh = db_.changes() == 1;
  if (fresh) trim_locked("assertions", kMaxAssertions);
  t.commit();
  return fresh;
}

std::string SqliteOidcStore::new_key_locked(UnixTime now, UnixTime keep_retired) {
  const SigningKey key = SigningKey::generate();
  pki::sql::Transaction t(db_);
  db_.cached(
         "UPDATE signing_keys SET retired_at = ?1, published_until = ?2 WHERE retired_at IS NULL")
      ->bind(1, now)
      .bind(2, now + keep_retired)
      .run();
  db_.cached("INSERT INTO signing_keys VALUES(?1, ?2, ?3, NULL, NULL)")
      ->bind(1, key.kid())
      .bind(2, key.private_pem())
      .bind(3, now)
      .run();
  t.commit();
  return key.kid();
}

std::shared_ptr<const SigningKey> SqliteOidcStore::signing_key(UnixTime now, UnixTime rotate_after,
                                                               UnixTime keep_retired) {
  std::lock_guard lock(mutex_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto q = db_.cached("SELECT kid, pem, created_at FROM signing_keys WHERE retired_at IS NULL");
    if (q->step() && now - q->int64(2) < rotate_after) return key_of(q->text(0), q->text(1));
    new_key_locked(now, keep_retired);
  }
  throw std::runtime_error("oidc.db: no current signing key after making one");
}

std::string SqliteOidcStore::rotate_key(UnixTime now, UnixTime keep_retired) {
  std::lock_guard lock(mutex_);
  return new_key_locked(now, keep_retired);
}

std::vector<std::shared_ptr<const SigningKey>> SqliteOidcStore::published_keys(UnixTime now) {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "SELECT kid, pem FROM signing_keys WHERE retired_at IS NULL OR published_until > ?1 "
      "ORDER BY retired_at IS NOT NULL, created_at DESC, published_until DESC");
  q->bind(1, now);
  std::vector<std::shared_ptr<const SigningKey>> out;
  while (q->step()) out.push_back(key_of(q->text(0), q->text(1)));
  return out;
}

std::size_t SqliteOidcStore::sweep(UnixTime now) {
  std::lock_guard lock(mutex_);
  return delete_expired_locked({"DELETE FROM codes WHERE keep_until <= ?1",
                                "DELETE FROM tokens WHERE expires_at <= ?1",
                                "DELETE FROM signing_keys WHERE published_until <= ?1",
                                "DELETE FROM assertions WHERE expires_at <= ?1"},
                               now) +
         sweep_attribute_logins_locked(now);
}

std::size_t SqliteOidcStore::delete_expired_locked(std::initializer_list<const char*> statements,
                                                   UnixTime now) {
  std::size_t deleted = 0;
  for (const char* sql : statements) {
    db_.cached(sql)->bind(1, now).run();
    deleted += static_cast<std::size_t>(db_.changes());
  }
  return deleted;
}

std::size_t SqliteOidcStore::code_count() {
  std::lock_guard lock(mutex_);
  auto q = db_.cached("SELECT COUNT(*) FROM codes");
  q->step();
  return static_cast<std::size_t>(q->int64(0));
}

}  // namespace mynasim::portal::oidc
