// SqliteOidcStore's attribute logins and consent screens (oidc_store.hpp, attribute_logins.hpp).
// A take is one DELETE ... RETURNING, as in the PostgreSQL backend: the row is read and gone in
// one statement, so nothing can use it between a read and a delete.
#include "tools/mynaportal/oidc/sqlite_oidc_store.hpp"

namespace mynasim::portal::oidc {
namespace {

// "" is kept as NULL (a login without a wish, or without captured attributes yet).
void bind_or_null(pki::sql::Statement& statement, int index, const std::string& text) {
  if (text.empty())
    statement.bind_null(index);
  else
    statement.bind(index, text);
}

std::string text_or_empty(const pki::sql::Statement& row, int column) {
  return row.is_null(column) ? std::string() : row.text(column);
}

// Columns wish, captured_for, captured, expires_at.
AttributeLoginRow login_row(const pki::sql::Statement& row) {
  return {text_or_empty(row, 0), text_or_empty(row, 1), text_or_empty(row, 2), row.int64(3)};
}

}  // namespace

void SqliteOidcStore::put_attribute_login(const std::string& session,
                                          const AttributeLoginRow& row) {
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  // REPLACE deletes the session's old row and inserts a new one with the highest rowid: the
  // bound's order stays the order of expiry.
  auto insert = db_.cached(
      "INSERT OR REPLACE INTO attribute_logins(session, wish, captured_for, captured, expires_at) "
      "VALUES(?1, ?2, ?3, ?4, ?5)");
  insert->bind(1, session).bind(5, row.expires_at);
  bind_or_null(*insert, 2, row.wish);
  bind_or_null(*insert, 3, row.captured_for);
  bind_or_null(*insert, 4, row.captured);
  insert->run();
  trim_locked("attribute_logins", kMaxAttributeLogins);
  t.commit();
}

std::optional<AttributeLoginRow> SqliteOidcStore::attribute_login(const std::string& session,
                                                                  UnixTime now) {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "SELECT wish, captured_for, captured, expires_at FROM attribute_logins "
      "WHERE session = ?1 AND expires_at > ?2");
  q->bind(1, session).bind(2, now);
  if (!q->step()) return std::nullopt;
  return login_row(*q);
}

std::optional<AttributeLoginRow> SqliteOidcStore::take_attribute_capture(
    const std::string& session) {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "DELETE FROM attribute_logins WHERE session = ?1 AND captured IS NOT NULL "
      "RETURNING wish, captured_for, captured, expires_at");
  q->bind(1, session);
  if (!q->step()) return std::nullopt;
  return login_row(*q);
}

void SqliteOidcStore::rekey_attribute_login(const std::string& old_session,
                                            const std::string& new_session) {
  std::lock_guard lock(mutex_);
  db_.cached("UPDATE OR REPLACE attribute_logins SET session = ?2 WHERE session = ?1")
      ->bind(1, old_session)
      .bind(2, new_session)
      .run();
}

void SqliteOidcStore::put_consent(const std::string& id_hash, const ConsentRow& row) {
  std::lock_guard lock(mutex_);
  pki::sql::Transaction t(db_);
  db_.cached(
         "INSERT OR REPLACE INTO consents(hash, session, consent, expires_at) "
         "VALUES(?1, ?2, ?3, ?4)")
      ->bind(1, id_hash)
      .bind(2, row.session)
      .bind(3, row.consent)
      .bind(4, row.expires_at)
      .run();
  trim_locked("consents", kMaxAttributeLogins);
  t.commit();
}

std::optional<ConsentRow> SqliteOidcStore::take_consent(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  auto q =
      db_.cached("DELETE FROM consents WHERE hash = ?1 RETURNING session, consent, expires_at");
  q->bind(1, id_hash);
  if (!q->step()) return std::nullopt;
  return ConsentRow{q->text(0), q->text(1), q->int64(2)};
}

std::size_t SqliteOidcStore::sweep_attribute_logins(UnixTime now) {
  std::lock_guard lock(mutex_);
  return sweep_attribute_logins_locked(now);
}

std::size_t SqliteOidcStore::sweep_attribute_logins_locked(UnixTime now) {
  return delete_expired_locked({"DELETE FROM attribute_logins WHERE expires_at <= ?1",
                                "DELETE FROM consents WHERE expires_at <= ?1"},
                               now);
}

std::size_t SqliteOidcStore::attribute_login_count() {
  std::lock_guard lock(mutex_);
  auto q = db_.cached(
      "SELECT (SELECT COUNT(*) FROM attribute_logins) + (SELECT COUNT(*) FROM consents)");
  q->step();
  return static_cast<std::size_t>(q->int64(0));
}

}  // namespace mynasim::portal::oidc
