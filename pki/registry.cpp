#include "pki/registry.hpp"

#include <filesystem>

#include "pki/pki_error.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {
namespace {

constexpr std::string_view kSchemaVersion = "1";

constexpr std::string_view kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE cas(
  id INTEGER PRIMARY KEY,
  hierarchy TEXT NOT NULL CHECK(hierarchy IN ('sign', 'auth')),
  generation INTEGER NOT NULL CHECK(generation > 0),
  serial INTEGER NOT NULL UNIQUE REFERENCES certificates(serial) DEFERRABLE INITIALLY DEFERRED,
  key_file TEXT NOT NULL,
  responder_serial INTEGER REFERENCES certificates(serial) DEFERRABLE INITIALLY DEFERRED,
  responder_key_file TEXT,
  crl_number INTEGER NOT NULL DEFAULT 0,
  UNIQUE(hierarchy, generation));
CREATE TABLE holders(
  id INTEGER PRIMARY KEY,
  my_number TEXT NOT NULL UNIQUE CHECK(length(my_number) = 12),
  resident_code TEXT UNIQUE,
  name TEXT NOT NULL, address TEXT NOT NULL, birth TEXT NOT NULL, sex TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE cards(
  id INTEGER PRIMARY KEY,
  holder_id INTEGER NOT NULL REFERENCES holders(id),
  image_path TEXT NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('issuing', 'certified', 'active', 'failed')),
  created_at INTEGER NOT NULL);
CREATE TABLE certificates(
  serial INTEGER PRIMARY KEY CHECK(serial > 0),
  ca_id INTEGER NOT NULL REFERENCES cas(id) DEFERRABLE INITIALLY DEFERRED,
  card_id INTEGER REFERENCES cards(id),
  kind TEXT NOT NULL CHECK(kind IN ('ca', 'link', 'responder', 'sign', 'auth')),
  subject TEXT NOT NULL,
  not_before INTEGER NOT NULL, not_after INTEGER NOT NULL,
  der BLOB NOT NULL,
  status TEXT NOT NULL DEFAULT 'good' CHECK(status IN ('good', 'revoked', 'hold')),
  reason INTEGER, revoked_at INTEGER,
  replaced_by INTEGER REFERENCES certificates(serial),
  CHECK((kind IN ('sign', 'auth')) = (card_id IS NOT NULL)),
  CHECK((status = 'good') = (revoked_at IS NULL)));
CREATE INDEX certificates_by_card ON certificates(card_id);
CREATE INDEX certificates_by_ca_status ON certificates(ca_id, status);
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  serial INTEGER NOT NULL REFERENCES certificates(serial),
  action TEXT NOT NULL CHECK(action IN ('revoke', 'hold', 'release')),
  reason INTEGER, at INTEGER NOT NULL);
INSERT INTO counters VALUES ('serial', 0);
)sql";

constexpr std::string_view kCertificateColumns =
    "serial, ca_id, card_id, kind, subject, not_before, not_after, der, status, reason, "
    "revoked_at, replaced_by";

CertificateKind kind_from(const std::string& text) {
  if (text == "ca") return CertificateKind::kCa;
  if (text == "link") return CertificateKind::kLink;
  if (text == "responder") return CertificateKind::kResponder;
  if (text == "sign") return CertificateKind::kSign;
  return CertificateKind::kAuth;
}

CertificateStatus status_from(const std::string& text) {
  if (text == "revoked") return CertificateStatus::kRevoked;
  if (text == "hold") return CertificateStatus::kHold;
  return CertificateStatus::kGood;
}

CertificateRecord certificate_from(const sql::Statement& s) {
  CertificateRecord r;
  r.serial = static_cast<std::uint64_t>(s.int64(0));
  r.ca_id = s.int64(1);
  r.card_id = s.is_null(2) ? 0 : s.int64(2);
  r.kind = kind_from(s.text(3));
  r.subject = s.text(4);
  r.not_before = s.int64(5);
  r.not_after = s.int64(6);
  r.der = s.blob(7);
  r.status = status_from(s.text(8));
  r.reason = s.is_null(9) ? -1 : static_cast<int>(s.int64(9));
  r.revoked_at = s.is_null(10) ? 0 : s.int64(10);
  r.replaced_by = s.is_null(11) ? 0 : static_cast<std::uint64_t>(s.int64(11));
  return r;
}

HolderRecord holder_from(const sql::Statement& s) {
  return {s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.int64(7)};
}

constexpr std::string_view kHolderColumns =
    "id, my_number, coalesce(resident_code, ''), name, address, birth, sex, created_at";

CardRecord card_from(const sql::Statement& s) {
  return {s.int64(0), s.int64(1), s.text(2), s.text(3), s.int64(4)};
}

template <typename T, typename Read>
std::vector<T> all_rows(sql::Statement s, Read read) {
  std::vector<T> out;
  while (s.step()) out.push_back(read(s));
  return out;
}

template <typename T, typename Read>
std::optional<T> one_row(sql::Statement s, Read read) {
  if (!s.step()) return std::nullopt;
  return read(s);
}

std::string select_certificates(std::string_view where) {
  return "SELECT " + std::string(kCertificateColumns) + " FROM certificates " + std::string(where);
}

}  // namespace

std::string_view to_string(CertificateKind kind) {
  switch (kind) {
    case CertificateKind::kCa:
      return "ca";
    case CertificateKind::kLink:
      return "link";
    case CertificateKind::kResponder:
      return "responder";
    case CertificateKind::kSign:
      return "sign";
    case CertificateKind::kAuth:
      return "auth";
  }
  return "?";
}

std::string_view to_string(CertificateStatus status) {
  switch (status) {
    case CertificateStatus::kGood:
      return "good";
    case CertificateStatus::kRevoked:
      return "revoked";
    case CertificateStatus::kHold:
      return "hold";
  }
  return "?";
}

Registry Registry::create(const std::string& path) {
  if (std::filesystem::exists(path)) throw PkiError(path + ": already exists");
  Registry registry(sql::Database(path, true));
  sql::Transaction tx(registry.db_);
  registry.db_.exec(kSchema);
  registry.set_meta("schema", std::string(kSchemaVersion));
  tx.commit();
  return registry;
}

Registry Registry::open(const std::string& path) {
  return open_checked(path, false);
}

Registry Registry::open_read_only(const std::string& path) {
  return open_checked(path, true);
}

Registry Registry::open_checked(const std::string& path, bool read_only) {
  if (!std::filesystem::exists(path))
    throw PkiError(path + ": no authority database here (run `mynaca init` first)");
  Registry registry(sql::Database(path, false, read_only));
  if (registry.meta("schema") != kSchemaVersion)
    throw PkiError(path + ": not a mynaca database of schema version " +
                   std::string(kSchemaVersion));
  return registry;
}

std::string Registry::meta(const std::string& key) const {
  auto s = db_.prepare("SELECT value FROM meta WHERE key = ?1");
  s.bind(1, key);
  return s.step() ? s.text(0) : std::string();
}

void Registry::set_meta(const std::string& key, const std::string& value) {
  db_.prepare(
         "INSERT INTO meta(key, value) VALUES (?1, ?2) "
         "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .bind(1, key)
      .bind(2, value)
      .run();
}

std::uint64_t Registry::increment_counter(const std::string& name) {
  auto s = db_.prepare("UPDATE counters SET value = value + 1 WHERE name = ?1 RETURNING value");
  s.bind(1, name);
  if (!s.step()) throw PkiError("database: the counter " + name + " is missing");
  const auto value = static_cast<std::uint64_t>(s.int64(0));
  while (s.step()) {
  }
  fault_point(name + "-allocated");
  return value;
}

std::uint64_t Registry::allocate_serial() {
  return increment_counter("serial");
}

std::uint64_t Registry::allocate_timestamp_serial() {
  db_.prepare("INSERT OR IGNORE INTO counters(name, value) VALUES ('timestamp-serial', 0)").run();
  return increment_counter("timestamp-serial");
}

std::int64_t Registry::allocate_crl_number(std::int64_t ca_id) {
  auto s = db_.prepare(
      "UPDATE cas SET crl_number = crl_number + 1 WHERE id = ?1 "
      "RETURNING crl_number");
  s.bind(1, ca_id);
  if (!s.step()) throw PkiError("database: no CA with id " + std::to_string(ca_id));
  const std::int64_t number = s.int64(0);
  while (s.step()) {
  }
  return number;
}

std::int64_t Registry::add_ca(const CaRecord& ca) {
  db_.prepare("INSERT INTO cas(hierarchy, generation, serial, key_file) VALUES (?1, ?2, ?3, ?4)")
      .bind(1, hierarchy_tag(ca.hierarchy))
      .bind(2, ca.generation)
      .bind(3, static_cast<std::int64_t>(ca.serial))
      .bind(4, ca.key_file)
      .run();
  return db_.last_insert_rowid();
}

void Registry::set_responder(std::int64_t ca_id, std::uint64_t serial,
                             const std::string& key_file) {
  db_.prepare("UPDATE cas SET responder_serial = ?2, responder_key_file = ?3 WHERE id = ?1")
      .bind(1, ca_id)
      .bind(2, static_cast<std::int64_t>(serial))
      .bind(3, key_file)
      .run();
}

std::vector<CaRecord> Registry::cas() const {
  return all_rows<CaRecord>(
      db_.prepare("SELECT id, hierarchy, generation, serial, key_file, "
                  "coalesce(responder_serial, 0), coalesce(responder_key_file, '') FROM cas "
                  "ORDER BY hierarchy DESC, generation"),
      [](const sql::Statement& s) {
        return CaRecord{s.int64(0),
                        *parse_hierarchy(s.text(1)),
                        static_cast<int>(s.int64(2)),
                        static_cast<std::uint64_t>(s.int64(3)),
                        s.text(4),
                        static_cast<std::uint64_t>(s.int64(5)),
                        s.text(6)};
      });
}

std::optional<HolderRecord> Registry::holder_by_my_number(const std::string& my_number) const {
  auto s =
      db_.prepare("SELECT " + std::string(kHolderColumns) + " FROM holders WHERE my_number = ?1");
  s.bind(1, my_number);
  return one_row<HolderRecord>(std::move(s), holder_from);
}

std::optional<HolderRecord> Registry::holder_by_resident_code(const std::string& code) const {
  auto s = db_.prepare("SELECT " + std::string(kHolderColumns) +
                       " FROM holders WHERE resident_code = ?1");
  s.bind(1, code);
  return one_row<HolderRecord>(std::move(s), holder_from);
}

std::optional<HolderRecord> Registry::holder(std::int64_t id) const {
  auto s = db_.prepare("SELECT " + std::string(kHolderColumns) + " FROM holders WHERE id = ?1");
  s.bind(1, id);
  return one_row<HolderRecord>(std::move(s), holder_from);
}

std::int64_t Registry::add_holder(const HolderRecord& h) {
  auto s = db_.prepare(
      "INSERT INTO holders(my_number, resident_code, name, address, birth, sex, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  s.bind(1, h.my_number);
  if (h.resident_code.empty())
    s.bind_null(2);
  else
    s.bind(2, h.resident_code);
  s.bind(3, h.name).bind(4, h.address).bind(5, h.birth).bind(6, h.sex).bind(7, h.created_at);
  s.run();
  return db_.last_insert_rowid();
}

void Registry::update_holder(const HolderRecord& h) {
  db_.prepare("UPDATE holders SET name = ?2, address = ?3, birth = ?4, sex = ?5 WHERE id = ?1")
      .bind(1, h.id)
      .bind(2, h.name)
      .bind(3, h.address)
      .bind(4, h.birth)
      .bind(5, h.sex)
      .run();
}

std::int64_t Registry::add_card(const CardRecord& card) {
  db_.prepare(
         "INSERT INTO cards(holder_id, image_path, state, created_at) "
         "VALUES (?1, ?2, ?3, ?4)")
      .bind(1, card.holder_id)
      .bind(2, card.image_path)
      .bind(3, card.state)
      .bind(4, card.created_at)
      .run();
  return db_.last_insert_rowid();
}

void Registry::set_card_state(std::int64_t card_id, const std::string& state) {
  db_.prepare("UPDATE cards SET state = ?2 WHERE id = ?1").bind(1, card_id).bind(2, state).run();
}

std::optional<CardRecord> Registry::card(std::int64_t id) const {
  auto s =
      db_.prepare("SELECT id, holder_id, image_path, state, created_at FROM cards WHERE id = ?1");
  s.bind(1, id);
  return one_row<CardRecord>(std::move(s), card_from);
}

std::vector<CardRecord> Registry::cards() const {
  return all_rows<CardRecord>(
      db_.prepare("SELECT id, holder_id, image_path, state, created_at FROM cards ORDER BY id"),
      card_from);
}

void Registry::add_certificate(const CertificateRecord& r) {
  auto s = db_.prepare(
      "INSERT INTO certificates(serial, ca_id, card_id, kind, subject, "
      "not_before, not_after, der) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  s.bind(1, static_cast<std::int64_t>(r.serial)).bind(2, r.ca_id);
  if (r.card_id == 0)
    s.bind_null(3);
  else
    s.bind(3, r.card_id);
  s.bind(4, to_string(r.kind)).bind(5, r.subject).bind(6, r.not_before).bind(7, r.not_after);
  s.bind(8, ByteView(r.der));
  s.run();
  fault_point("certificate-stored");
}

std::optional<CertificateRecord> Registry::certificate(std::uint64_t serial) const {
  auto s = db_.prepare(select_certificates("WHERE serial = ?1"));
  s.bind(1, static_cast<std::int64_t>(serial));
  return one_row<CertificateRecord>(std::move(s), certificate_from);
}

std::optional<std::uint64_t> Registry::replaced(std::uint64_t serial) const {
  auto s = db_.prepare("SELECT serial FROM certificates WHERE replaced_by = ?1");
  s.bind(1, static_cast<std::int64_t>(serial));
  if (!s.step()) return std::nullopt;
  return static_cast<std::uint64_t>(s.int64(0));
}

std::uint64_t Registry::first_of_renewal_line(std::uint64_t serial) const {
  std::uint64_t first = serial;
  for (int i = 0; i < 100; ++i) {
    const auto previous = replaced(first);
    if (!previous) break;
    first = *previous;
  }
  return first;
}

std::vector<CertificateRecord> Registry::certificates_of_card(std::int64_t card_id) const {
  auto s = db_.prepare(select_certificates("WHERE card_id = ?1 ORDER BY serial"));
  s.bind(1, card_id);
  return all_rows<CertificateRecord>(std::move(s), certificate_from);
}

std::vector<CertificateRecord> Registry::certificates() const {
  return all_rows<CertificateRecord>(db_.prepare(select_certificates("ORDER BY serial")),
                                     certificate_from);
}

std::vector<CertificateRecord> Registry::revoked_by(std::int64_t ca_id, UnixTime at) const {
  auto s = db_.prepare(select_certificates(
      "WHERE ca_id = ?1 AND status != 'good' AND not_after >= ?2 ORDER BY serial"));
  s.bind(1, ca_id).bind(2, at);
  return all_rows<CertificateRecord>(std::move(s), certificate_from);
}

void Registry::set_status(std::uint64_t serial, CertificateStatus status, int reason, UnixTime at,
                          const std::string& action) {
  auto s = db_.prepare(
      "UPDATE certificates SET status = ?2, reason = ?3, revoked_at = ?4 "
      "WHERE serial = ?1");
  s.bind(1, static_cast<std::int64_t>(serial)).bind(2, to_string(status));
  if (status == CertificateStatus::kGood) {
    s.bind_null(3).bind_null(4);
  } else {
    s.bind(3, reason).bind(4, at);
  }
  s.run();
  if (db_.changes() != 1) throw PkiError("no certificate with serial " + std::to_string(serial));
  fault_point("status-changed");
  auto e = db_.prepare("INSERT INTO events(serial, action, reason, at) VALUES (?1, ?2, ?3, ?4)");
  e.bind(1, static_cast<std::int64_t>(serial)).bind(2, action);
  if (reason < 0)
    e.bind_null(3);
  else
    e.bind(3, reason);
  e.bind(4, at).run();
}

void Registry::set_replaced_by(std::uint64_t serial, std::uint64_t by) {
  db_.prepare("UPDATE certificates SET replaced_by = ?2 WHERE serial = ?1")
      .bind(1, static_cast<std::int64_t>(serial))
      .bind(2, static_cast<std::int64_t>(by))
      .run();
}

std::vector<EventRecord> Registry::events(std::uint64_t serial) const {
  auto s = db_.prepare(
      "SELECT id, serial, action, coalesce(reason, -1), at FROM events "
      "WHERE serial = ?1 ORDER BY id");
  s.bind(1, static_cast<std::int64_t>(serial));
  return all_rows<EventRecord>(std::move(s), [](const sql::Statement& r) {
    return EventRecord{r.int64(0), static_cast<std::uint64_t>(r.int64(1)), r.text(2),
                       static_cast<int>(r.int64(3)), r.int64(4)};
  });
}

StatusChange Registry::last_status_change(std::int64_t ca_id) const {
  auto s = db_.prepare(
      "SELECT coalesce((SELECT max(e.at) FROM events e JOIN certificates c ON c.serial = e.serial "
      "WHERE c.ca_id = ?1), 0), crl_number FROM cas WHERE id = ?1");
  s.bind(1, ca_id);
  if (!s.step()) throw PkiError("database: no CA with id " + std::to_string(ca_id));
  StatusChange out{s.int64(0), s.int64(1)};
  while (s.step()) {
  }
  return out;
}

}  // namespace mynasim::pki
