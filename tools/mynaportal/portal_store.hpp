// The portal's records: accounts, sessions and the access log, behind one interface with two
// backends: SqlitePortalStore (DATA/portal.db, the embedded default, one instance) and
// PostgresPortalStore (`--db postgresql://...`, shared by every instance serving one public
// origin). Session ids are random 32 bytes in the cookie and only their SHA-256 in the store;
// accounts hold the holder's pseudonym and the last certificate status, never the certificate.
// Anonymous sessions (a login page's, account_id NULL) are bounded: past the capacity the oldest
// is deleted (see ChallengeStore for why eviction rather than refusal). Expired sessions go at
// sweep() (the portal's timer) and, at most every 30 s, when a session is created.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/mynaportal/challenges.hpp"

namespace mynasim::portal {

struct Account {
  std::int64_t id = 0;
  std::string pseudonym;
  UnixTime created_at = 0;
  UnixTime last_login = 0;
  std::uint64_t cert_serial = 0;
  UnixTime cert_not_after = 0;
  std::string cert_status;    // good, revoked, ...
  std::string status_source;  // ocsp, ocsp-cache, crl, none
  UnixTime status_at = 0;
};

struct Session {
  std::string id_hash;
  UnixTime created_at = 0;
  UnixTime expires_at = 0;
  std::int64_t account_id = 0;  // 0: anonymous
  std::string login_code;       // the code its login page shows
  std::string state;            // waiting, done (logged in by code, cookie not yet rotated), failed
  std::string error;            // with failed: the code
};

struct AccessRecord {
  UnixTime at = 0;
  std::string service;
  std::string purpose;
  std::string detail;
};

class PortalStore {
 public:
  static constexpr std::size_t kDefaultAnonymousCapacity = 10000;
  virtual ~PortalStore() = default;

  // A new session; returns the raw id for the cookie. An anonymous one (account_id 0) may evict
  // the oldest anonymous session.
  virtual std::string create_session(UnixTime now, UnixTime lifetime, std::int64_t account_id,
                                     const std::string& login_code) = 0;
  virtual std::optional<Session> session(const std::string& raw_id, UnixTime now) = 0;
  virtual std::optional<Session> session_by_code(const std::string& code, UnixTime now) = 0;
  virtual void delete_session(const std::string& id_hash) = 0;
  virtual void set_session_state(const std::string& id_hash, const std::string& state,
                                 std::int64_t account_id, const std::string& error) = 0;
  // A login code's two transitions that must happen once however many instances race: a new
  // challenge for it (back to waiting, the error cleared) and its completion (done, for
  // `account_id`). Each is refused (false) once the code's session is done, atomically.
  virtual bool reopen_code(const std::string& id_hash) = 0;
  virtual bool complete_code(const std::string& id_hash, std::int64_t account_id) = 0;
  // Rotation: the old session goes, a new one for `account_id` comes, in one transaction.
  virtual std::string rotate(const std::string& old_hash, std::int64_t account_id, UnixTime now,
                             UnixTime lifetime) = 0;

  // Finds or creates the account for `pseudonym`, updates its certificate status, and logs the
  // login: one transaction.
  virtual Account record_login(const Account& seen, UnixTime now, const std::string& service,
                               const std::string& detail) = 0;
  virtual std::optional<Account> account(std::int64_t id) = 0;
  virtual void log_access(std::int64_t account_id, UnixTime at, const std::string& service,
                          const std::string& purpose, const std::string& detail) = 0;
  virtual std::vector<AccessRecord> access_log(std::int64_t account_id, std::size_t limit = 50) = 0;

  // Deletes every session past its expiry; returns how many.
  virtual std::size_t sweep(UnixTime now) = 0;
  virtual void set_anonymous_capacity(std::size_t capacity) = 0;
  virtual std::size_t anonymous_count() = 0;

  // Instances behind one database must derive the same pseudonyms: the first to start records
  // the fingerprint of its pseudonym secret (DATA/secret.bin); one with another secret is
  // refused (throws, saying so) rather than splitting every holder's account in two.
  virtual void check_secret(const std::string& fingerprint) = 0;

  static std::string hash_id(const std::string& raw_id);
  // A random id for a cookie (base64url of 32 bytes).
  static std::string new_id();
  // What check_secret records: SHA-256 of a label and the secret, base64url (not the secret).
  static std::string secret_fingerprint(ByteView secret);

 protected:
  // check_secret's refusal, naming the store.
  static std::string secret_mismatch(const std::string& where);
};

}  // namespace mynasim::portal
