#include "tools/mynaportal/oidc/postgres_oidc_store.hpp"

#include <stdexcept>

#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal::oidc {
namespace {

using pg::param;

// pg_advisory_xact_lock's key for key rotation (any constant of ours, not the schema's).
constexpr std::int64_t kRotationLock = 7262431868469249;

std::int64_t bound(std::size_t n) {
  return static_cast<std::int64_t>(n);
}

Client client_of(const pg::Result& r, int row) {
  Client c;
  c.id = r.text(row, 0);
  c.redirect_uris = OidcStore::uris_of(r.text(row, 1));
  c.has_secret = !r.is_null(row, 2);
  c.created_at = r.int64(row, 3);
  if (!r.is_null(row, 4)) c.jwks = r.text(row, 4);
  return c;
}

constexpr const char* kClientColumns = "SELECT id, redirect_uris, secret_hash, created_at, jwks ";

}  // namespace

void PostgresOidcStore::insert_client(const Client& client,
                                      const std::optional<StoredSecret>& secret) {
  const std::size_t inserted = pg::with_connection(*pool_, [&](pg::Connection& c) {
    return c
        .exec(
            "INSERT INTO oidc_clients(id, redirect_uris, secret_salt, secret_hash, created_at, "
            "jwks) VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
            {param(client.id), param(uris_text(client.redirect_uris)),
             secret ? param(base64url_encode(secret->salt)) : std::nullopt,
             secret ? param(base64url_encode(secret->hash)) : std::nullopt,
             param(client.created_at), secret ? std::nullopt : param(client.jwks)},
            "a client's registration")
        .affected();
  });
  if (inserted == 0) throw std::runtime_error(already_registered(client.id));
}

bool PostgresOidcStore::remove_client(const std::string& id) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    // Its tokens stop working at once.
    return c.exec(
                "WITH gone AS (DELETE FROM oidc_clients WHERE id = $1 RETURNING 1), "
                "revoked AS (UPDATE oidc_tokens SET revoked = true WHERE client_id = $1) "
                "SELECT count(*) FROM gone",
                {param(id)}, "a client's removal")
               .int64(0, 0) > 0;
  });
}

std::vector<Client> PostgresOidcStore::clients() {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    const pg::Result r =
        c.exec(std::string(kClientColumns) + "FROM oidc_clients ORDER BY id", {}, "the clients");
    std::vector<Client> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(client_of(r, i));
    return out;
  });
}

std::optional<Client> PostgresOidcStore::client(const std::string& id) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<Client> {
    const pg::Result r = c.exec(std::string(kClientColumns) + "FROM oidc_clients WHERE id = $1",
                                {param(id)}, "a client");
    if (r.rows() == 0) return std::nullopt;
    return client_of(r, 0);
  });
}

std::optional<OidcStore::StoredSecret> PostgresOidcStore::stored_secret(const std::string& id) {
  const auto row = pg::with_connection(
      *pool_, [&](pg::Connection& c) -> std::optional<std::pair<std::string, std::string>> {
        const pg::Result r =
            c.exec("SELECT secret_salt, secret_hash FROM oidc_clients WHERE id = $1", {param(id)},
                   "a client's secret");
        if (r.rows() == 0 || r.is_null(0, 0) || r.is_null(0, 1)) return std::nullopt;
        return std::pair{r.text(0, 0), r.text(0, 1)};
      });
  if (!row) return std::nullopt;
  auto salt = base64url_decode(row->first);
  auto hash = base64url_decode(row->second);
  if (!salt || !hash)
    throw std::runtime_error("oidc_clients: client " + id + ": a bad secret hash");
  return StoredSecret{std::move(*salt), std::move(*hash)};
}

std::string PostgresOidcStore::issue_code(const Grant& grant, UnixTime now, UnixTime lifetime) {
  const std::string raw = PortalStore::new_id();
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    // An unused code is kept one more lifetime after it expires, to answer "expired" precisely.
    c.exec(
        "WITH made AS (INSERT INTO oidc_codes(hash, grant_json, issued_at, expires_at, "
        "keep_until) VALUES($1, $2, $3, $4, $5) RETURNING seq) "
        "DELETE FROM oidc_codes WHERE seq <= (SELECT seq FROM made) - $6",
        {param(PortalStore::hash_id(raw)), param(grant_text(grant)), param(now),
         param(now + lifetime), param(now + 2 * lifetime), param(bound(kMaxCodes))},
        "a new authorization code");
  });
  return raw;
}

std::variant<Grant, CodeRefused> PostgresOidcStore::redeem_code(const std::string& code,
                                                                UnixTime now) {
  const std::string hash = PortalStore::hash_id(code);
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::variant<Grant, CodeRefused> {
    const pg::Result taken = c.exec(
        "UPDATE oidc_codes SET used_at = $2 "
        "WHERE hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING grant_json",
        {param(hash), param(now)}, "an authorization code's use");
    if (taken.rows() == 1) return grant_of(taken.text(0, 0));
    // Used before: marked replayed (so a token its first exchange has yet to record is born
    // revoked), then, in a statement that sees every token recorded so far, its tokens revoked.
    c.script("BEGIN", "a replayed code");
    const pg::Result replayed = c.exec(
        "UPDATE oidc_codes SET replayed = true WHERE hash = $1 AND used_at IS NOT NULL "
        "RETURNING grant_json",
        {param(hash)}, "a replayed code");
    if (replayed.rows() == 0) {
      c.script("COMMIT", "a replayed code");
      const bool kept =
          c.exec("SELECT 1 FROM oidc_codes WHERE hash = $1", {param(hash)}, "an expired code")
              .rows() == 1;
      return CodeRefused{kept ? CodeProblem::kExpired : CodeProblem::kUnknown, 0, {}, 0};
    }
    const std::size_t revoked =
        c.exec("UPDATE oidc_tokens SET revoked = true WHERE code_hash = $1 AND NOT revoked",
               {param(hash)}, "a replayed code's tokens")
            .affected();
    c.script("COMMIT", "a replayed code");
    const Grant grant = grant_of(replayed.text(0, 0));
    return CodeRefused{CodeProblem::kReplayed, grant.account_id, grant.client_id,
                       static_cast<int>(revoked)};
  });
}

std::string PostgresOidcStore::issue_token(const std::string& code, const Grant& grant,
                                           UnixTime now, UnixTime lifetime) {
  const std::string raw = PortalStore::new_id();
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec(
        "WITH code AS (UPDATE oidc_codes SET keep_until = GREATEST(keep_until, $7) "
        "  WHERE hash = $2 RETURNING replayed), "
        "made AS (INSERT INTO oidc_tokens(hash, code_hash, client_id, account_id, scope, "
        "  issued_at, expires_at, revoked) "
        "  VALUES($1, $2, $3, $4, $5, $6, $7, coalesce((SELECT replayed FROM code), false)) "
        "  RETURNING seq) "
        "DELETE FROM oidc_tokens WHERE seq <= (SELECT seq FROM made) - $8",
        {param(PortalStore::hash_id(raw)), param(PortalStore::hash_id(code)),
         param(grant.client_id), param(grant.account_id), param(grant.scope), param(now),
         param(now + lifetime), param(bound(kMaxTokens))},
        "a new access token");
  });
  return raw;
}

std::optional<AccessToken> PostgresOidcStore::token(const std::string& raw, UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<AccessToken> {
    const pg::Result r = c.exec(
        "SELECT client_id, account_id, scope, expires_at FROM oidc_tokens t "
        "WHERE hash = $1 AND NOT revoked AND expires_at > $2 "
        "AND EXISTS (SELECT 1 FROM oidc_clients WHERE id = t.client_id)",
        {param(PortalStore::hash_id(raw)), param(now)}, "an access token");
    if (r.rows() == 0) return std::nullopt;
    return AccessToken{r.text(0, 0), r.int64(0, 1), r.text(0, 2), r.int64(0, 3)};
  });
}

std::optional<Grant> PostgresOidcStore::token_grant(const std::string& raw) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<Grant> {
    const pg::Result r = c.exec(
        "SELECT c.grant_json FROM oidc_tokens t JOIN oidc_codes c ON c.hash = t.code_hash "
        "WHERE t.hash = $1",
        {param(PortalStore::hash_id(raw))}, "a token's grant");
    if (r.rows() == 0) return std::nullopt;
    return grant_of(r.text(0, 0));
  });
}

bool PostgresOidcStore::add_sign_transaction(const SignTransaction& tx, UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    // The per-client count and the insert in one statement; two instances racing past the
    // bound by one row each is harmless (the global bound still holds).
    return c.exec(
                "WITH made AS (INSERT INTO oidc_sign_transactions(id, client_id, digest, "
                "  display_text, created_at, expires_at) "
                "  SELECT $1::text, $2::text, $3::text, $4::text, $5::bigint, $6::bigint "
                "  WHERE (SELECT count(*) FROM oidc_sign_transactions "
                "  WHERE client_id = $2::text AND expires_at > $5::bigint) < $7::bigint "
                "  RETURNING seq), "
                "trimmed AS (DELETE FROM oidc_sign_transactions "
                "  WHERE seq <= (SELECT seq FROM made) - $8::bigint) "
                "SELECT count(*) FROM made",
                {param(tx.id), param(tx.client_id), param(base64url_encode(tx.digest)),
                 param(tx.display_text), param(now), param(tx.expires_at),
                 param(bound(kMaxSignTransactionsPerClient)), param(bound(kMaxSignTransactions))},
                "a new sign transaction")
               .int64(0, 0) == 1;
  });
}

std::optional<SignTransaction> PostgresOidcStore::sign_transaction(const std::string& id,
                                                                   UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<SignTransaction> {
    const pg::Result r = c.exec(
        "SELECT id, client_id, digest, display_text, created_at, expires_at, closed, declined, "
        "account_id, signature, certificate FROM oidc_sign_transactions "
        "WHERE id = $1 AND expires_at > $2",
        {param(id), param(now)}, "a sign transaction");
    if (r.rows() == 0) return std::nullopt;
    auto bytes = [&r](int column) {
      return r.is_null(0, column) ? Bytes{} : base64url_decode(r.text(0, column)).value_or(Bytes{});
    };
    SignTransaction tx{r.text(0, 0),        r.text(0, 1),       bytes(2),
                       r.text(0, 3),        r.int64(0, 4),      r.int64(0, 5),
                       r.text(0, 6) == "t", r.text(0, 7) == "t"};
    tx.account_id = r.int64(0, 8);
    tx.signature = bytes(9);
    tx.certificate = bytes(10);
    return tx;
  });
}

bool PostgresOidcStore::close_sign_transaction(const std::string& id, const std::string& client_id,
                                               const SignTransaction& result, UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    // Of two instances closing one transaction, the second waits for the row lock, re-reads
    // the row, finds it closed and changes nothing.
    return c.exec(
                "UPDATE oidc_sign_transactions SET closed = true, declined = $4::boolean, "
                "account_id = $5, signature = $6, certificate = $7 "
                "WHERE id = $1 AND client_id = $2 AND NOT closed AND expires_at > $3",
                {param(id), param(client_id), param(now),
                 param(std::string(result.declined ? "true" : "false")),
                 pg::param_or_null(result.account_id), param(base64url_encode(result.signature)),
                 param(base64url_encode(result.certificate))},
                "a sign transaction's result")
               .affected() == 1;
  });
}

std::size_t PostgresOidcStore::sweep_sign_transactions(UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return c
        .exec("DELETE FROM oidc_sign_transactions WHERE expires_at <= $1", {param(now)},
              "the sign transactions' sweep")
        .affected();
  });
}

std::string PostgresOidcStore::token_claims(const std::string& raw) {
  // A used code is kept while the tokens it issued live, so its grant is there.
  const auto grant = token_grant(raw);
  return grant ? grant->claims : "";
}

bool PostgresOidcStore::first_use(const std::string& key, UnixTime expires_at, UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    // New, or seen before but expired since: fresh (with a new place in the bound's order).
    return c.exec(
                "WITH fresh AS (INSERT INTO oidc_assertions(key, expires_at) VALUES($1, $2) "
                "  ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at, "
                "  seq = DEFAULT WHERE oidc_assertions.expires_at <= $3 RETURNING seq), "
                "trimmed AS (DELETE FROM oidc_assertions "
                "  WHERE seq <= (SELECT seq FROM fresh) - $4) "
                "SELECT count(*) FROM fresh",
                {param(key), param(expires_at), param(now), param(bound(kMaxAssertions))},
                "an assertion's jti")
               .int64(0, 0) == 1;
  });
}

std::pair<std::string, std::string> PostgresOidcStore::rotate(UnixTime now, UnixTime rotate_after,
                                                              UnixTime keep_retired) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.script("BEGIN", "a key rotation");
    c.exec("SELECT pg_advisory_xact_lock($1)", {param(kRotationLock)}, "the key rotation's lock");
    if (rotate_after > 0) {
      const pg::Result current =
          c.exec("SELECT kid, pem, created_at FROM oidc_signing_keys WHERE retired_at IS NULL", {},
                 "the current signing key");
      if (current.rows() == 1 && now - current.int64(0, 2) < rotate_after) {
        c.script("COMMIT", "a key rotation");
        return std::pair{current.text(0, 0), current.text(0, 1)};
      }
    }
    const SigningKey key = SigningKey::generate();
    c.exec(
        "UPDATE oidc_signing_keys SET retired_at = $1, published_until = $2 "
        "WHERE retired_at IS NULL",
        {param(now), param(now + keep_retired)}, "the retired signing key");
    c.exec("INSERT INTO oidc_signing_keys(kid, pem, created_at) VALUES($1, $2, $3)",
           {param(key.kid()), param(key.private_pem()), param(now)}, "a new signing key");
    c.script("COMMIT", "a key rotation");
    return std::pair{key.kid(), key.private_pem()};
  });
}

std::shared_ptr<const SigningKey> PostgresOidcStore::signing_key(UnixTime now,
                                                                 UnixTime rotate_after,
                                                                 UnixTime keep_retired) {
  const auto current = pg::with_connection(
      *pool_, [&](pg::Connection& c) -> std::optional<std::pair<std::string, std::string>> {
        const pg::Result r =
            c.exec("SELECT kid, pem, created_at FROM oidc_signing_keys WHERE retired_at IS NULL",
                   {}, "the current signing key");
        if (r.rows() == 1 && now - r.int64(0, 2) < rotate_after)
          return std::pair{r.text(0, 0), r.text(0, 1)};
        return std::nullopt;
      });
  const auto [kid, pem] = current ? *current : rotate(now, rotate_after, keep_retired);
  return key_of(kid, pem);
}

std::string PostgresOidcStore::rotate_key(UnixTime now, UnixTime keep_retired) {
  return rotate(now, 0, keep_retired).first;
}

std::vector<std::shared_ptr<const SigningKey>> PostgresOidcStore::published_keys(UnixTime now) {
  const pg::Result r = pg::with_connection(*pool_, [&](pg::Connection& c) {
    return c.exec(
        "SELECT kid, pem FROM oidc_signing_keys WHERE retired_at IS NULL OR published_until > $1 "
        "ORDER BY retired_at IS NOT NULL, created_at DESC, published_until DESC",
        {param(now)}, "the published signing keys");
  });
  std::vector<std::shared_ptr<const SigningKey>> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(key_of(r.text(i, 0), r.text(i, 1)));
  return out;
}

std::size_t PostgresOidcStore::sweep(UnixTime now) {
  return sweep_attribute_logins(now) + pg::with_connection(*pool_, [&](pg::Connection& c) {
           return static_cast<std::size_t>(
               c.exec(
                    "WITH c AS (DELETE FROM oidc_codes WHERE keep_until <= $1 RETURNING 1), "
                    "t AS (DELETE FROM oidc_tokens WHERE expires_at <= $1 RETURNING 1), "
                    "k AS (DELETE FROM oidc_signing_keys WHERE published_until <= $1 RETURNING 1), "
                    "a AS (DELETE FROM oidc_assertions WHERE expires_at <= $1 RETURNING 1) "
                    "SELECT (SELECT count(*) FROM c) + (SELECT count(*) FROM t) + "
                    "(SELECT count(*) FROM k) + (SELECT count(*) FROM a)",
                    {param(now)}, "the OpenID Connect sweep")
                   .int64(0, 0));
         });
}

std::size_t PostgresOidcStore::code_count() {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return static_cast<std::size_t>(
        c.exec("SELECT count(*) FROM oidc_codes", {}, "the codes' count").int64(0, 0));
  });
}

}  // namespace mynasim::portal::oidc
