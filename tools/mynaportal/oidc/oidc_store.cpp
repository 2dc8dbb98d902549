#include "tools/mynaportal/oidc/oidc_store.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "hostcrypto/sha256.hpp"
#include "tools/mynaportal/oidc/client_assertion.hpp"
#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal::oidc {
namespace {

using nlohmann::json;

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
  keep_until INTEGER NOT NULL);  -- a used code stays while the tokens it issued live
CREATE INDEX IF NOT EXISTS codes_by_age ON codes(issued_at);
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
CREATE INDEX IF NOT EXISTS tokens_by_age ON tokens(issued_at);
CREATE TABLE IF NOT EXISTS signing_keys(
  kid TEXT PRIMARY KEY,
  pem TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER,        -- NULL: the current key
  published_until INTEGER);  -- a retired key stays in the JWKS until then
)sql";

Bytes secret_hash(ByteView salt, const std::string& secret) {
  Bytes input(salt.begin(), salt.end());
  input.insert(input.end(), secret.begin(), secret.end());
  return hostcrypto::sha256(input);
}

json grant_json(const Grant& g) {
  json j{{"client_id", g.client_id},
          {"account_id", g.account_id},
          {"redirect_uri", g.redirect_uri},
          {"scope", g.scope},
          {"nonce", g.nonce},
          {"code_challenge", g.code_challenge},
          {"acr", g.acr},
          {"auth_time", g.auth_time}};
  if (!g.claims.empty()) j["claims"] = g.claims;
  return j;
}

Grant grant_of(const std::string& text) {
  const json j = json::parse(text);
  Grant g;
  g.client_id = j.at("client_id");
  g.account_id = j.at("account_id");
  g.redirect_uri = j.at("redirect_uri");
  g.scope = j.at("scope");
  g.nonce = j.at("nonce");
  g.code_challenge = j.at("code_challenge");
  g.acr = j.at("acr");
  g.auth_time = j.at("auth_time");
  g.claims = j.value("claims", "");
  return g;
}

Client client_of(pki::sql::Statement& row) {
  Client c;
  c.id = row.text(0);
  for (const auto& uri : json::parse(row.text(1))) c.redirect_uris.push_back(uri);
  c.has_secret = !row.is_null(2);
  c.created_at = row.int64(3);
  if (!row.is_null(4)) c.jwks = row.text(4);
  return c;
}

}  // namespace

OidcStore::OidcStore(const std::string& path) : db_(path, true) {
  db_.exec("PRAGMA synchronous=NORMAL");
  db_.exec(kSchema);
}

void OidcStore::add_client(const Client& client, const std::string& secret) {
  if (client.id.empty() || client.id.size() > 128)
    throw std::runtime_error("client id: 1 to 128 characters");
  for (const char c : client.id)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      throw std::runtime_error("client id \"" + client.id + "\": no spaces or control characters");
  if (client.redirect_uris.empty()) throw std::runtime_error("a client needs a redirect URI");
  for (const std::string& uri : client.redirect_uris)
    if ((uri.rfind("https://", 0) != 0 && uri.rfind("http://127.0.0.1", 0) != 0 &&
         uri.rfind("http://localhost", 0) != 0) ||
        uri.find('#') != std::string::npos)
      throw std::runtime_error("redirect URI \"" + uri +
                               "\": https://, or http:// on 127.0.0.1 or localhost, and no "
                               "fragment (OpenID Connect Core §3.1.2.1)");
  if (!client.jwks.empty()) {
    if (!secret.empty()) throw std::runtime_error("a client has a secret or keys, not both");
    if (const auto bad = check_client_jwks(client.jwks))
      throw std::runtime_error("the client's JWKS: " + *bad);
  } else if (secret.empty()) {
    throw std::runtime_error("a client needs a secret or keys");
  } else if (secret.size() < kMinSecretBytes) {
    throw std::runtime_error("the client secret has " + std::to_string(secret.size()) +
                             " characters: at least 32 are needed");
  }
  Bytes salt(16);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    throw std::runtime_error("no randomness");
  std::lock_guard lock(mutex_);
  if (client_of_locked_exists(client.id))
    throw std::runtime_error("a client " + client.id + " is already registered");
  auto insert = db_.prepare("INSERT INTO clients VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, client.id).bind(2, json(client.redirect_uris).dump()).bind(5, client.created_at);
  if (client.jwks.empty())
    insert.bind(3, salt).bind(4, secret_hash(salt, secret)).bind_null(6);
  else
    insert.bind_null(3).bind_null(4).bind(6, client.jwks);
  insert.run();
}

bool OidcStore::client_of_locked_exists(const std::string& id) {
  auto q = db_.prepare("SELECT 1 FROM clients WHERE id = ?1");
  q.bind(1, id);
  return q.step();
}

bool OidcStore::remove_client(const std::string& id) {
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  db_.prepare("DELETE FROM clients WHERE id = ?1").bind(1, id).run();
  const bool removed = db_.changes() > 0;
  // Its tokens stop working at once.
  db_.prepare("UPDATE tokens SET revoked = 1 WHERE client_id = ?1").bind(1, id).run();
  t.commit();
  return removed;
}

std::vector<Client> OidcStore::clients() {
  std::lock_guard lock(mutex_);
  auto q = db_.prepare(
      "SELECT id, redirect_uris, secret_hash, created_at, jwks FROM clients ORDER BY id");
  std::vector<Client> out;
  while (q.step()) out.push_back(client_of(q));
  return out;
}

std::optional<Client> OidcStore::client(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto q = db_.prepare(
      "SELECT id, redirect_uris, secret_hash, created_at, jwks FROM clients WHERE id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return client_of(q);
}

bool OidcStore::client_secret_matches(const std::string& id, const std::string& secret) {
  Bytes salt, stored;
  {
    std::lock_guard lock(mutex_);
    auto q = db_.prepare("SELECT secret_salt, secret_hash FROM clients WHERE id = ?1");
    q.bind(1, id);
    if (!q.step() || q.is_null(0) || q.is_null(1)) return false;
    salt = q.blob(0);
    stored = q.blob(1);
  }
  const Bytes given = secret_hash(salt, secret);
  return given.size() == stored.size() &&
         CRYPTO_memcmp(given.data(), stored.data(), given.size()) == 0;
}

void OidcStore::trim_locked(const char* table, std::size_t bound) {
  const std::string t(table);
  auto count = db_.prepare("SELECT COUNT(*) FROM " + t);
  count.step();
  const std::int64_t over = count.int64(0) - static_cast<std::int64_t>(bound);
  if (over >= 0)
    db_.prepare("DELETE FROM " + t + " WHERE hash IN (SELECT hash FROM " + t +
                " ORDER BY issued_at LIMIT ?1)")
        .bind(1, over + 1)
        .run();
}

std::string OidcStore::issue_code(const Grant& grant, UnixTime now, UnixTime lifetime) {
  const std::string raw = PortalStore::new_id();
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  trim_locked("codes", kMaxCodes);
  // An unused code is kept one more lifetime after it expires, to answer "expired" precisely.
  db_.prepare("INSERT INTO codes VALUES(?1, ?2, ?3, ?4, NULL, ?5)")
      .bind(1, PortalStore::hash_id(raw))
      .bind(2, grant_json(grant).dump())
      .bind(3, now)
      .bind(4, now + lifetime)
      .bind(5, now + 2 * lifetime)
      .run();
  t.commit();
  return raw;
}

std::variant<Grant, CodeRefused> OidcStore::redeem_code(const std::string& code, UnixTime now) {
  const std::string hash = PortalStore::hash_id(code);
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  auto q = db_.prepare("SELECT grant_json, expires_at, used_at FROM codes WHERE hash = ?1");
  q.bind(1, hash);
  if (!q.step()) return CodeRefused{CodeProblem::kUnknown, 0, {}, 0};
  const Grant grant = grant_of(q.text(0));
  const UnixTime expires_at = q.int64(1);
  const bool used = !q.is_null(2);
  if (used) {
    db_.prepare("UPDATE tokens SET revoked = 1 WHERE code_hash = ?1 AND revoked = 0")
        .bind(1, hash)
        .run();
    const int revoked = db_.changes();
    t.commit();
    return CodeRefused{CodeProblem::kReplayed, grant.account_id, grant.client_id, revoked};
  }
  if (now >= expires_at) return CodeRefused{CodeProblem::kExpired, 0, {}, 0};
  db_.prepare("UPDATE codes SET used_at = ?2 WHERE hash = ?1").bind(1, hash).bind(2, now).run();
  t.commit();
  return grant;
}

std::string OidcStore::issue_token(const std::string& code, const Grant& grant, UnixTime now,
                                   UnixTime lifetime) {
  const std::string raw = PortalStore::new_id();
  const std::string code_hash = PortalStore::hash_id(code);
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  trim_locked("tokens", kMaxTokens);
  db_.prepare("INSERT INTO tokens VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)")
      .bind(1, PortalStore::hash_id(raw))
      .bind(2, code_hash)
      .bind(3, grant.client_id)
      .bind(4, grant.account_id)
      .bind(5, grant.scope)
      .bind(6, now)
      .bind(7, now + lifetime)
      .run();
  db_.prepare("UPDATE codes SET keep_until = MAX(keep_until, ?2) WHERE hash = ?1")
      .bind(1, code_hash)
      .bind(2, now + lifetime)
      .run();
  t.commit();
  return raw;
}

std::optional<AccessToken> OidcStore::token(const std::string& raw, UnixTime now) {
  std::lock_guard lock(mutex_);
  auto q = db_.prepare(
      "SELECT client_id, account_id, scope, expires_at FROM tokens "
      "WHERE hash = ?1 AND revoked = 0 AND expires_at > ?2 "
      "AND client_id IN (SELECT id FROM clients)");
  q.bind(1, PortalStore::hash_id(raw)).bind(2, now);
  if (!q.step()) return std::nullopt;
  return AccessToken{q.text(0), q.int64(1), q.text(2), q.int64(3)};
}

std::string OidcStore::token_claims(const std::string& raw) {
  std::lock_guard lock(mutex_);
  // A used code is kept while the tokens it issued live, so its grant is there.
  auto q = db_.prepare(
      "SELECT codes.grant_json FROM tokens JOIN codes ON codes.hash = tokens.code_hash "
      "WHERE tokens.hash = ?1");
  q.bind(1, PortalStore::hash_id(raw));
  if (!q.step()) return "";
  return grant_of(q.text(0)).claims;
}

bool OidcStore::first_use(const std::string& key, UnixTime expires_at, UnixTime now) {
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  db_.prepare("DELETE FROM assertions WHERE expires_at <= ?1").bind(1, now).run();
  auto count = db_.prepare("SELECT COUNT(*) FROM assertions");
  count.step();
  if (count.int64(0) >= static_cast<std::int64_t>(kMaxAssertions))
    db_.exec(
        "DELETE FROM assertions WHERE key IN "
        "(SELECT key FROM assertions ORDER BY expires_at LIMIT 1)");
  db_.prepare("INSERT OR IGNORE INTO assertions VALUES(?1, ?2)")
      .bind(1, key)
      .bind(2, expires_at)
      .run();
  const bool fresh = db_.changes() == 1;
  t.commit();
  return fresh;
}

std::shared_ptr<const SigningKey> OidcStore::key_of(const std::string& kid,
                                                    const std::string& pem) {
  auto& slot = keys_[kid];
  if (!slot) slot = std::make_shared<const SigningKey>(SigningKey::from_pem(pem));
  return slot;
}

void OidcStore::new_key_locked(UnixTime now, UnixTime keep_retired) {
  const SigningKey key = SigningKey::generate();
  pki::sql::Transaction t(db_);
  db_.prepare(
         "UPDATE signing_keys SET retired_at = ?1, published_until = ?2 WHERE retired_at IS NULL")
      .bind(1, now)
      .bind(2, now + keep_retired)
      .run();
  db_.prepare("INSERT INTO signing_keys VALUES(?1, ?2, ?3, NULL, NULL)")
      .bind(1, key.kid())
      .bind(2, key.private_pem())
      .bind(3, now)
      .run();
  t.commit();
}

std::shared_ptr<const SigningKey> OidcStore::signing_key(UnixTime now, UnixTime rotate_after,
                                                         UnixTime keep_retired) {
  std::lock_guard lock(mutex_);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto q = db_.prepare("SELECT kid, pem, created_at FROM signing_keys WHERE retired_at IS NULL");
    if (q.step() && now - q.int64(2) < rotate_after) return key_of(q.text(0), q.text(1));
    new_key_locked(now, keep_retired);
  }
  throw std::runtime_error("oidc.db: no current signing key after making one");
}

void OidcStore::rotate_key(UnixTime now, UnixTime keep_retired) {
  std::lock_guard lock(mutex_);
  new_key_locked(now, keep_retired);
}

std::vector<std::shared_ptr<const SigningKey>> OidcStore::published_keys(UnixTime now) {
  std::lock_guard lock(mutex_);
  auto q = db_.prepare(
      "SELECT kid, pem FROM signing_keys WHERE retired_at IS NULL OR published_until > ?1 "
      "ORDER BY created_at DESC");
  q.bind(1, now);
  std::vector<std::shared_ptr<const SigningKey>> out;
  while (q.step()) out.push_back(key_of(q.text(0), q.text(1)));
  return out;
}

std::size_t OidcStore::sweep(UnixTime now) {
  std::lock_guard lock(mutex_);
  std::size_t deleted = 0;
  db_.prepare("DELETE FROM codes WHERE keep_until <= ?1").bind(1, now).run();
  deleted += static_cast<std::size_t>(db_.changes());
  db_.prepare("DELETE FROM tokens WHERE expires_at <= ?1").bind(1, now).run();
  deleted += static_cast<std::size_t>(db_.changes());
  db_.prepare("DELETE FROM signing_keys WHERE published_until <= ?1").bind(1, now).run();
  deleted += static_cast<std::size_t>(db_.changes());
  db_.prepare("DELETE FROM assertions WHERE expires_at <= ?1").bind(1, now).run();
  deleted += static_cast<std::size_t>(db_.changes());
  return deleted;
}

std::size_t OidcStore::code_count() {
  std::lock_guard lock(mutex_);
  auto q = db_.prepare("SELECT COUNT(*) FROM codes");
  q.step();
  return static_cast<std::size_t>(q.int64(0));
}

}  // namespace mynasim::portal::oidc
