// The authority's database of everything it has issued (SQLite, one file): CA generations,
// holders, cards, certificates with their status, and the history of revocations.
//
// Crash consistency: every change that belongs together happens in one transaction (BEGIN
// IMMEDIATE ... COMMIT, WAL, synchronous=FULL). A serial comes from the counter inside the same
// transaction that stores the certificate; certificates.serial is the primary key; so a crash
// anywhere leaves either both or neither, never a serial used twice or a certificate without its
// record. Cards move through the states issuing -> certified -> active (or failed), each step one
// transaction, so an interrupted issuance is visible as such.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "iso7816/bytes.hpp"
#include "pki/jpki_names.hpp"
#include "pki/sqlite.hpp"
#include "pki/unix_time.hpp"

namespace mynasim::pki {

enum class CertificateKind { kCa, kLink, kResponder, kSign, kAuth };
enum class CertificateStatus { kGood, kRevoked, kHold };

std::string_view to_string(CertificateKind kind);
std::string_view to_string(CertificateStatus status);

struct CaRecord {
  std::int64_t id = 0;
  Hierarchy hierarchy = Hierarchy::kSign;
  int generation = 0;
  std::uint64_t serial = 0;  // of its self-signed certificate
  std::string key_file;      // relative to the authority directory
  std::uint64_t responder_serial = 0;
  std::string responder_key_file;
};

struct HolderRecord {
  std::int64_t id = 0;
  std::string my_number;
  std::string resident_code;  // empty if the number came from outside
  std::string name;
  std::string address;
  std::string birth;  // YYYY-MM-DD
  std::string sex;
  UnixTime created_at = 0;
};

struct CardRecord {
  std::int64_t id = 0;
  std::int64_t holder_id = 0;
  std::string image_path;
  std::string state;  // issuing, certified, active, failed
  UnixTime created_at = 0;
};

struct CertificateRecord {
  std::uint64_t serial = 0;
  std::int64_t ca_id = 0;    // the issuing CA generation
  std::int64_t card_id = 0;  // 0 for CA, link and responder certificates
  CertificateKind kind = CertificateKind::kAuth;
  std::string subject;
  UnixTime not_before = 0;
  UnixTime not_after = 0;
  Bytes der;
  CertificateStatus status = CertificateStatus::kGood;
  int reason = -1;  // RFC 5280 CRLReason when revoked or on hold; -1 none
  UnixTime revoked_at = 0;
  std::uint64_t replaced_by = 0;  // renewal: the serial that superseded this one
};

// The newest revocation, hold or release among the certificates of one CA generation, and the
// number of the newest CRL made for that generation: what a CRL must be at least as new as.
struct StatusChange {
  UnixTime at = 0;              // 0: no certificate of the generation ever changed status
  std::int64_t crl_number = 0;  // 0: no CRL made yet
};

struct EventRecord {
  std::int64_t id = 0;
  std::uint64_t serial = 0;
  std::string action;  // revoke, hold, release
  int reason = -1;
  UnixTime at = 0;
};

class Registry {
 public:
  static Registry create(const std::string& path);  // refuses an existing file
  static Registry open(const std::string& path);    // refuses a missing file or other schema
  // For a relying party that reads J-LIS's records (the portal): no write is possible.
  static Registry open_read_only(const std::string& path);

  sql::Database& database() { return db_; }
  sql::Transaction transaction() { return sql::Transaction(db_); }

  // A test seam: called at named points inside issuing and revoking transactions
  // ("serial-allocated", "certificate-stored", "status-changed"). A test may end the process
  // there to check that nothing half-done survives.
  void set_fault_hook(std::function<void(std::string_view)> hook) { fault_hook_ = std::move(hook); }
  void fault_point(std::string_view name) const {
    if (fault_hook_) fault_hook_(name);
  }

  std::string meta(const std::string& key) const;
  void set_meta(const std::string& key, const std::string& value);

  // Must run inside a transaction. Serials start at 1 and are unique across the authority.
  std::uint64_t allocate_serial();
  std::int64_t allocate_crl_number(std::int64_t ca_id);
  // The timestamp authority's next serial (1, 2, ...), a counter of its own that a database made
  // before the TSA existed gains on first use. Must run inside a transaction: once it commits,
  // the serial is never given again, a restart or kill -9 included (WAL, synchronous = FULL).
  std::uint64_t allocate_timestamp_serial();

  std::int64_t add_ca(const CaRecord& ca);
  void set_responder(std::int64_t ca_id, std::uint64_t serial, const std::string& key_file);
  std::vector<CaRecord> cas() const;  // ordered by hierarchy, generation

  std::optional<HolderRecord> holder_by_my_number(const std::string& my_number) const;
  std::optional<HolderRecord> holder_by_resident_code(const std::string& code) const;
  std::optional<HolderRecord> holder(std::int64_t id) const;
  std::int64_t add_holder(const HolderRecord& holder);
  void update_holder(const HolderRecord& holder);

  std::int64_t add_card(const CardRecord& card);
  void set_card_state(std::int64_t card_id, const std::string& state);
  std::optional<CardRecord> card(std::int64_t id) const;
  std::vector<CardRecord> cards() const;

  void add_certificate(const CertificateRecord& record);
  std::optional<CertificateRecord> certificate(std::uint64_t serial) const;
  // card_id 0: any card. Ordered by serial.
  std::vector<CertificateRecord> certificates_of_card(std::int64_t card_id) const;
  std::vector<CertificateRecord> certificates() const;
  // Revoked or held certificates issued by `ca_id` that have not expired at `at`.
  std::vector<CertificateRecord> revoked_by(std::int64_t ca_id, UnixTime at) const;

  // Changes the status and records the event; reason -1 for a release.
  void set_status(std::uint64_t serial, CertificateStatus status, int reason, UnixTime at,
                  const std::string& action);
  void set_replaced_by(std::uint64_t serial, std::uint64_t by);
  // The renewal line, read backwards: the certificate that `serial` replaced (nullopt for the
  // first of its line), and the first certificate of the line `serial` ends (itself when it
  // replaced none). A line is a handful of renewals; the walk stops after 100 steps all the same.
  std::optional<std::uint64_t> replaced(std::uint64_t serial) const;
  std::uint64_t first_of_renewal_line(std::uint64_t serial) const;
  std::vector<EventRecord> events(std::uint64_t serial) const;
  // The time of the latest event (revoke, hold, release) of any certificate `ca_id` issued.
  StatusChange last_status_change(std::int64_t ca_id) const;

 private:
  explicit Registry(sql::Database db) : db_(std::move(db)) {}
  // The counter's next value; fault point "<name>-allocated".
  std::uint64_t increment_counter(const std::string& name);
  static Registry open_checked(const std::string& path, bool read_only);
  mutable sql::Database db_;
  std::function<void(std::string_view)> fault_hook_;
};

}  // namespace mynasim::pki
