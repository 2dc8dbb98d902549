#include "tools/mynaportal/postgres_schema.hpp"

#include <string>

namespace mynasim::portal {
namespace {

// Times are Unix seconds from the portal's clock (BIGINT), never the server's now(): every
// instance and the tests decide what "now" is, as with SQLite.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS accounts(
  id BIGSERIAL PRIMARY KEY,
  pseudonym TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_login BIGINT,
  cert_serial BIGINT, cert_not_after BIGINT, cert_status TEXT, status_source TEXT,
  status_at BIGINT);
-- anon_seq numbers anonymous sessions as they come: the bound keeps the newest `capacity` ones
-- (PostgresPortalStore::create_session), without counting rows on every login page.
CREATE SEQUENCE IF NOT EXISTS sessions_anon_seq;
CREATE TABLE IF NOT EXISTS sessions(
  id_hash TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  account_id BIGINT REFERENCES accounts(id),
  login_code TEXT UNIQUE,
  state TEXT NOT NULL DEFAULT 'waiting',
  error TEXT,
  anon_seq BIGINT);
CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions(expires_at);
CREATE INDEX IF NOT EXISTS sessions_anonymous ON sessions(anon_seq) WHERE account_id IS NULL;
CREATE TABLE IF NOT EXISTS access_log(
  id BIGSERIAL PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  at BIGINT NOT NULL,
  service TEXT NOT NULL,
  purpose TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS access_by_account ON access_log(account_id, id);
-- Challenge nonces, live and tombstones (state live, reused or expired) in one table: taking a
-- nonce is one UPDATE ... WHERE state = 'live' RETURNING, which only one instance can win. One
-- live nonce per session (the unique index); seq orders them for the bound.
CREATE TABLE IF NOT EXISTS challenges(
  nonce TEXT PRIMARY KEY,
  seq BIGSERIAL NOT NULL,
  session TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  state TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS challenges_live_by_session ON challenges(session)
  WHERE state = 'live';
CREATE INDEX IF NOT EXISTS challenges_by_seq ON challenges(seq);
CREATE INDEX IF NOT EXISTS challenges_by_expiry ON challenges(expires_at);
-- Version 2: the OpenID Connect provider's state (oidc/postgres_oidc_store.hpp), as in oidc.db.
-- seq numbers the rows of the bounded tables as they come: past the bound the oldest go by it.
CREATE TABLE IF NOT EXISTS oidc_clients(
  id TEXT PRIMARY KEY,
  redirect_uris TEXT NOT NULL,  -- JSON array, matched exactly
  secret_salt TEXT, secret_hash TEXT,  -- base64url; NULL for a client with keys
  created_at BIGINT NOT NULL,
  jwks TEXT);  -- private_key_jwt: the client's public keys
CREATE TABLE IF NOT EXISTS oidc_codes(
  hash TEXT PRIMARY KEY,
  seq BIGSERIAL NOT NULL,
  grant_json TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  keep_until BIGINT NOT NULL,  -- a used code stays while the tokens it issued live
  replayed BOOLEAN NOT NULL DEFAULT false);  -- presented again: its tokens are revoked
CREATE INDEX IF NOT EXISTS oidc_codes_by_seq ON oidc_codes(seq);
CREATE INDEX IF NOT EXISTS oidc_codes_by_keep ON oidc_codes(keep_until);
CREATE TABLE IF NOT EXISTS oidc_tokens(
  hash TEXT PRIMARY KEY,
  seq BIGSERIAL NOT NULL,
  code_hash TEXT NOT NULL,
  client_id TEXT NOT NULL,
  account_id BIGINT NOT NULL,
  scope TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT false);
CREATE INDEX IF NOT EXISTS oidc_tokens_by_code ON oidc_tokens(code_hash);
CREATE INDEX IF NOT EXISTS oidc_tokens_by_seq ON oidc_tokens(seq);
CREATE INDEX IF NOT EXISTS oidc_tokens_by_expiry ON oidc_tokens(expires_at);
CREATE TABLE IF NOT EXISTS oidc_assertions(
  key TEXT PRIMARY KEY,  -- client id and jti of a private_key_jwt assertion already used
  seq BIGSERIAL NOT NULL,
  expires_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS oidc_assertions_by_seq ON oidc_assertions(seq);
CREATE INDEX IF NOT EXISTS oidc_assertions_by_expiry ON oidc_assertions(expires_at);
CREATE TABLE IF NOT EXISTS oidc_signing_keys(
  kid TEXT PRIMARY KEY,
  pem TEXT NOT NULL,  -- PKCS#8: whoever may read this table may sign ID tokens
  created_at BIGINT NOT NULL,
  retired_at BIGINT,        -- NULL: the current key
  published_until BIGINT);  -- a retired key stays in the JWKS until then
-- One current key, whatever instances race to rotate it.
CREATE UNIQUE INDEX IF NOT EXISTS oidc_one_current_key ON oidc_signing_keys((true))
  WHERE retired_at IS NULL;
-- Version 3: attribute logins (oidc/attribute_logins.hpp), shared so that one started through
-- one instance finishes through another. seq orders them for the bound (a write renews the row
-- and its seq). The holder's attributes (captured, and inside consent) are deleted when taken or
-- at expiry.
CREATE TABLE IF NOT EXISTS oidc_attribute_logins(
  session TEXT PRIMARY KEY,  -- SHA-256 of the browser session's id
  seq BIGSERIAL NOT NULL,
  wish TEXT,
  captured_for TEXT,
  captured TEXT,
  expires_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS oidc_attribute_logins_by_seq ON oidc_attribute_logins(seq);
CREATE INDEX IF NOT EXISTS oidc_attribute_logins_by_expiry ON oidc_attribute_logins(expires_at);
CREATE TABLE IF NOT EXISTS oidc_consents(
  hash TEXT PRIMARY KEY,  -- SHA-256 of the consent screen's id
  seq BIGSERIAL NOT NULL,
  session TEXT NOT NULL,
  consent TEXT NOT NULL,
  expires_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS oidc_consents_by_seq ON oidc_consents(seq);
CREATE INDEX IF NOT EXISTS oidc_consents_by_expiry ON oidc_consents(expires_at);
-- Version 4: scope sign's transactions (digests a client registered for the holder to sign).
CREATE TABLE IF NOT EXISTS oidc_sign_transactions(
  id TEXT PRIMARY KEY,  -- a random UUID
  seq BIGSERIAL NOT NULL,
  client_id TEXT NOT NULL,
  digest TEXT NOT NULL,  -- base64url, as the other binary columns
  display_text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  closed BOOLEAN NOT NULL DEFAULT false,
  declined BOOLEAN NOT NULL DEFAULT false,
  account_id BIGINT,
  signature TEXT,
  certificate TEXT);
CREATE INDEX IF NOT EXISTS oidc_sign_transactions_by_client
  ON oidc_sign_transactions(client_id, expires_at);
CREATE INDEX IF NOT EXISTS oidc_sign_transactions_by_seq ON oidc_sign_transactions(seq);
CREATE INDEX IF NOT EXISTS oidc_sign_transactions_by_expiry ON oidc_sign_transactions(expires_at);
)sql";

}  // namespace

void ensure_postgres_schema(pg::Connection& connection) {
  connection.script("BEGIN", "the schema");
  try {
    // Any constant of ours: two instances starting at once create the tables one after the other.
    connection.script("SELECT pg_advisory_xact_lock(7262431868469248)", "the schema's lock");
    connection.script("CREATE TABLE IF NOT EXISTS mynaportal_schema(version INTEGER NOT NULL)",
                      "the schema's version table");
    const pg::Result found =
        connection.exec("SELECT max(version) FROM mynaportal_schema", {}, "the schema's version");
    const std::int64_t version = found.int64(0, 0);
    if (version > kPostgresSchemaVersion)
      throw pg::Error("PostgreSQL: the database's mynaportal schema is version " +
                          std::to_string(version) + ", this mynaportal knows " +
                          std::to_string(kPostgresSchemaVersion) + ": use a newer mynaportal",
                      "");
    if (version < kPostgresSchemaVersion) {
      connection.script(kSchema, "the schema");
      connection.exec("INSERT INTO mynaportal_schema(version) VALUES($1)",
                      {pg::param(std::int64_t{kPostgresSchemaVersion})}, "the schema's version");
    }
    connection.script("COMMIT", "the schema");
  } catch (...) {
    connection.recover();
    throw;
  }
}

}  // namespace mynasim::portal
