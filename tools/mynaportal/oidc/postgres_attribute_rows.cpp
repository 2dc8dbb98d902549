// PostgresOidcStore's attribute logins and consent screens (oidc_store.hpp,
// attribute_logins.hpp; tables oidc_attribute_logins and oidc_consents of postgres_schema.cpp),
// shared by every instance: a login page shown by one is completed, and its consent screen
// answered, through any. Races are settled by the database:
//   - a capture and a consent are taken by one DELETE ... RETURNING: of two instances, the
//     second waits for the first's row lock and then finds no row;
//   - a write is one INSERT ... ON CONFLICT DO UPDATE that also trims the table: the row gets a
//     new seq (every write renews it for the same lifetime, so the lowest seq is the soonest to
//     expire) and rows more than the bound older go, without counting rows.
#include "tools/mynaportal/oidc/postgres_oidc_store.hpp"

namespace mynasim::portal::oidc {
namespace {

using pg::param;
using pg::param_or_null;

// Columns wish, captured_for, captured, expires_at (NULL reads as "").
AttributeLoginRow login_row(const pg::Result& r) {
  return {r.text(0, 0), r.text(0, 1), r.text(0, 2), r.int64(0, 3)};
}

}  // namespace

void PostgresOidcStore::put_attribute_login(const std::string& session,
                                            const AttributeLoginRow& row) {
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    // One number per write (a rewrite's old number becomes a gap, as SQLite's REPLACE leaves
    // one). The trim spares this session's row: one statement must not both update and delete it.
    c.exec(
        "WITH made AS (INSERT INTO oidc_attribute_logins(session, wish, captured_for, captured, "
        "  expires_at, seq) VALUES($1, $2, $3, $4, $5, nextval('oidc_attribute_logins_seq_seq')) "
        "  ON CONFLICT (session) DO UPDATE SET wish = EXCLUDED.wish, "
        "  captured_for = EXCLUDED.captured_for, captured = EXCLUDED.captured, "
        "  expires_at = EXCLUDED.expires_at, seq = EXCLUDED.seq RETURNING seq) "
        "DELETE FROM oidc_attribute_logins "
        "WHERE seq <= (SELECT seq FROM made) - $6 AND session <> $1",
        {param(session), param_or_null(row.wish), param_or_null(row.captured_for),
         param_or_null(row.captured), param(row.expires_at),
         param(static_cast<std::int64_t>(kMaxAttributeLogins))},
        "an attribute login");
  });
}

std::optional<AttributeLoginRow> PostgresOidcStore::attribute_login(const std::string& session,
                                                                    UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<AttributeLoginRow> {
    const pg::Result r = c.exec(
        "SELECT wish, captured_for, captured, expires_at FROM oidc_attribute_logins "
        "WHERE session = $1 AND expires_at > $2",
        {param(session), param(now)}, "an attribute login");
    if (r.rows() == 0) return std::nullopt;
    return login_row(r);
  });
}

std::optional<AttributeLoginRow> PostgresOidcStore::take_attribute_capture(
    const std::string& session) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<AttributeLoginRow> {
    const pg::Result r = c.exec(
        "DELETE FROM oidc_attribute_logins WHERE session = $1 AND captured IS NOT NULL "
        "RETURNING wish, captured_for, captured, expires_at",
        {param(session)}, "an attribute login's capture");
    if (r.rows() == 0) return std::nullopt;
    return login_row(r);
  });
}

void PostgresOidcStore::rekey_attribute_login(const std::string& old_session,
                                              const std::string& new_session) {
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec(
        "WITH gone AS (DELETE FROM oidc_attribute_logins WHERE session = $1 "
        "  RETURNING wish, captured_for, captured, expires_at) "
        "INSERT INTO oidc_attribute_logins(session, wish, captured_for, captured, expires_at) "
        "SELECT $2, wish, captured_for, captured, expires_at FROM gone "
        "ON CONFLICT (session) DO UPDATE SET wish = EXCLUDED.wish, "
        "captured_for = EXCLUDED.captured_for, captured = EXCLUDED.captured, "
        "expires_at = EXCLUDED.expires_at",
        {param(old_session), param(new_session)}, "an attribute login's new session");
  });
}

void PostgresOidcStore::put_consent(const std::string& id_hash, const ConsentRow& row) {
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec(
        "WITH made AS (INSERT INTO oidc_consents(hash, session, consent, expires_at) "
        "  VALUES($1, $2, $3, $4) RETURNING seq) "
        "DELETE FROM oidc_consents WHERE seq <= (SELECT seq FROM made) - $5",
        {param(id_hash), param(row.session), param(row.consent), param(row.expires_at),
         param(static_cast<std::int64_t>(kMaxAttributeLogins))},
        "a consent screen");
  });
}

std::optional<ConsentRow> PostgresOidcStore::take_consent(const std::string& id_hash) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<ConsentRow> {
    const pg::Result r =
        c.exec("DELETE FROM oidc_consents WHERE hash = $1 RETURNING session, consent, expires_at",
               {param(id_hash)}, "a consent screen's answer");
    if (r.rows() == 0) return std::nullopt;
    return ConsentRow{r.text(0, 0), r.text(0, 1), r.int64(0, 2)};
  });
}

std::size_t PostgresOidcStore::sweep_attribute_logins(UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return static_cast<std::size_t>(
        c.exec("WITH l AS (DELETE FROM oidc_attribute_logins WHERE expires_at <= $1 RETURNING 1), "
               "s AS (DELETE FROM oidc_consents WHERE expires_at <= $1 RETURNING 1) "
               "SELECT (SELECT count(*) FROM l) + (SELECT count(*) FROM s)",
               {param(now)}, "the attribute logins' sweep")
            .int64(0, 0));
  });
}

std::size_t PostgresOidcStore::attribute_login_count() {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return static_cast<std::size_t>(c.exec("SELECT (SELECT count(*) FROM oidc_attribute_logins) + "
                                           "(SELECT count(*) FROM oidc_consents)",
                                           {}, "the attribute logins' count")
                                        .int64(0, 0));
  });
}

}  // namespace mynasim::portal::oidc
