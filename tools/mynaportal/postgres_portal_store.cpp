#include "tools/mynaportal/postgres_portal_store.hpp"

namespace mynasim::portal {

using pg::param;
using pg::param_or_null;

std::string PostgresPortalStore::create_session(UnixTime now, UnixTime lifetime,
                                                std::int64_t account_id,
                                                const std::string& login_code) {
  const std::string raw = new_id();
  // Expired sessions go by index at most every 30 s per instance, as with SQLite.
  if (UnixTime due = next_sweep_.load();
      now >= due && next_sweep_.compare_exchange_strong(due, now + 30))
    sweep(now);
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    const pg::Result made = c.exec(
        "INSERT INTO sessions(id_hash, created_at, expires_at, account_id, login_code, anon_seq) "
        "VALUES($1, $2, $3, $4, $5, CASE WHEN $4::BIGINT IS NULL "
        "THEN nextval('sessions_anon_seq') END) RETURNING anon_seq",
        {param(hash_id(raw)), param(now), param(now + lifetime), param_or_null(account_id),
         param_or_null(login_code)},
        "a new session");
    if (account_id) return;
    const std::int64_t oldest_kept =
        made.int64(0, 0) - static_cast<std::int64_t>(anonymous_capacity_.load()) + 1;
    c.exec("DELETE FROM sessions WHERE account_id IS NULL AND anon_seq < $1", {param(oldest_kept)},
           "the anonymous sessions' bound");
  });
  return raw;
}

std::size_t PostgresPortalStore::sweep(UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return c
        .exec("DELETE FROM sessions WHERE expires_at <= $1", {param(now)}, "the sessions' sweep")
        .affected();
  });
}

void PostgresPortalStore::set_anonymous_capacity(std::size_t capacity) {
  anonymous_capacity_ = capacity ? capacity : 1;
}

std::size_t PostgresPortalStore::anonymous_count() {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return static_cast<std::size_t>(c.exec("SELECT count(*) FROM sessions WHERE account_id IS NULL",
                                           {}, "the anonymous sessions' count")
                                        .int64(0, 0));
  });
}

std::optional<Session> PostgresPortalStore::session_where(const char* column,
                                                          const std::string& key, UnixTime now) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<Session> {
    const pg::Result r = c.exec(std::string("SELECT id_hash, created_at, expires_at, account_id, "
                                            "login_code, state, error FROM sessions WHERE ") +
                                    column + " = $1",
                                {param(key)}, "a session");
    if (r.rows() == 0) return std::nullopt;
    Session out;
    out.id_hash = r.text(0, 0);
    out.created_at = r.int64(0, 1);
    out.expires_at = r.int64(0, 2);
    out.account_id = r.int64(0, 3);
    out.login_code = r.text(0, 4);
    out.state = r.text(0, 5);
    out.error = r.text(0, 6);
    if (out.expires_at <= now) return std::nullopt;
    return out;
  });
}

std::optional<Session> PostgresPortalStore::session(const std::string& raw_id, UnixTime now) {
  if (raw_id.empty()) return std::nullopt;
  return session_where("id_hash", hash_id(raw_id), now);
}

std::optional<Session> PostgresPortalStore::session_by_code(const std::string& code, UnixTime now) {
  return session_where("login_code", code, now);
}

void PostgresPortalStore::delete_session(const std::string& id_hash) {
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec("DELETE FROM sessions WHERE id_hash = $1", {param(id_hash)}, "a session's end");
  });
}

void PostgresPortalStore::set_session_state(const std::string& id_hash, const std::string& state,
                                            std::int64_t account_id, const std::string& error) {
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec("UPDATE sessions SET state = $2, account_id = $3, error = $4 WHERE id_hash = $1",
           {param(id_hash), param(state), param_or_null(account_id), param_or_null(error)},
           "a session's state");
  });
}

bool PostgresPortalStore::reopen_code(const std::string& id_hash) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return c.exec(
                "UPDATE sessions SET state = 'waiting', account_id = NULL, error = NULL "
                "WHERE id_hash = $1 AND state <> 'done'",
                {param(id_hash)}, "a login code's new challenge")
               .affected() == 1;
  });
}

bool PostgresPortalStore::complete_code(const std::string& id_hash, std::int64_t account_id) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    return c.exec(
                "UPDATE sessions SET state = 'done', account_id = $2, error = NULL "
                "WHERE id_hash = $1 AND state <> 'done'",
                {param(id_hash), param(account_id)}, "a login code's completion")
               .affected() == 1;
  });
}

std::string PostgresPortalStore::rotate(const std::string& old_hash, std::int64_t account_id,
                                        UnixTime now, UnixTime lifetime) {
  const std::string raw = new_id();
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec(
        "WITH gone AS (DELETE FROM sessions WHERE id_hash = $1) "
        "INSERT INTO sessions(id_hash, created_at, expires_at, account_id, state) "
        "VALUES($2, $3, $4, $5, 'done')",
        {param(old_hash), param(hash_id(raw)), param(now), param(now + lifetime),
         param(account_id)},
        "a session's rotation");
  });
  return raw;
}

Account PostgresPortalStore::record_login(const Account& seen, UnixTime now,
                                          const std::string& service, const std::string& detail) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    const pg::Result r = c.exec(
        "WITH account AS ("
        "  INSERT INTO accounts(pseudonym, created_at, last_login, cert_serial, cert_not_after, "
        "                       cert_status, status_source, status_at) "
        "  VALUES($1, $2, $2, $3, $4, $5, $6, $2) "
        "  ON CONFLICT (pseudonym) DO UPDATE SET last_login = EXCLUDED.last_login, "
        "    cert_serial = EXCLUDED.cert_serial, cert_not_after = EXCLUDED.cert_not_after, "
        "    cert_status = EXCLUDED.cert_status, status_source = EXCLUDED.status_source, "
        "    status_at = EXCLUDED.status_at "
        "  RETURNING id, created_at), "
        "logged AS (INSERT INTO access_log(account_id, at, service, purpose, detail) "
        "  SELECT id, $2, $7, 'login', $8 FROM account) "
        "SELECT id, created_at FROM account",
        {param(seen.pseudonym), param(now), param(static_cast<std::int64_t>(seen.cert_serial)),
         param(seen.cert_not_after), param(seen.cert_status), param(seen.status_source),
         param(service), param(detail)},
        "a login's account and access record");
    Account out = seen;
    out.id = r.int64(0, 0);
    out.created_at = r.int64(0, 1);
    out.last_login = now;
    out.status_at = now;
    return out;
  });
}

std::optional<Account> PostgresPortalStore::account(std::int64_t id) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) -> std::optional<Account> {
    const pg::Result r = c.exec(
        "SELECT id, pseudonym, created_at, last_login, cert_serial, cert_not_after, cert_status, "
        "status_source, status_at FROM accounts WHERE id = $1",
        {param(id)}, "an account");
    if (r.rows() == 0) return std::nullopt;
    Account a;
    a.id = r.int64(0, 0);
    a.pseudonym = r.text(0, 1);
    a.created_at = r.int64(0, 2);
    a.last_login = r.int64(0, 3);
    a.cert_serial = static_cast<std::uint64_t>(r.int64(0, 4));
    a.cert_not_after = r.int64(0, 5);
    a.cert_status = r.text(0, 6);
    a.status_source = r.text(0, 7);
    a.status_at = r.int64(0, 8);
    return a;
  });
}

void PostgresPortalStore::log_access(std::int64_t account_id, UnixTime at,
                                     const std::string& service, const std::string& purpose,
                                     const std::string& detail) {
  pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec(
        "INSERT INTO access_log(account_id, at, service, purpose, detail) "
        "VALUES($1, $2, $3, $4, $5)",
        {param(account_id), param(at), param(service), param(purpose), param(detail)},
        "an access record");
  });
}

std::vector<AccessRecord> PostgresPortalStore::access_log(std::int64_t account_id,
                                                          std::size_t limit) {
  return pg::with_connection(*pool_, [&](pg::Connection& c) {
    const pg::Result r = c.exec(
        "SELECT at, service, purpose, detail FROM access_log WHERE account_id = $1 "
        "ORDER BY id DESC LIMIT $2",
        {param(account_id), param(static_cast<std::int64_t>(limit))}, "the access records");
    std::vector<AccessRecord> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.int64(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)});
    return out;
  });
}

void PostgresPortalStore::check_secret(const std::string& fingerprint) {
  const std::string recorded = pg::with_connection(*pool_, [&](pg::Connection& c) {
    c.exec("INSERT INTO settings(name, value) VALUES('secret', $1) ON CONFLICT DO NOTHING",
           {param(fingerprint)}, "the pseudonym secret's fingerprint");
    return c
        .exec("SELECT value FROM settings WHERE name = 'secret'", {},
              "the pseudonym secret's fingerprint")
        .text(0, 0);
  });
  if (recorded != fingerprint) throw std::runtime_error(secret_mismatch("the PostgreSQL database"));
}

}  // namespace mynasim::portal
