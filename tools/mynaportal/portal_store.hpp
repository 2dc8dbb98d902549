// The portal's SQLite database (DATA/portal.db): accounts, sessions and the access log. Session
// ids are random 32 bytes in the cookie and only their SHA-256 here; accounts hold the holder's
// pseudonym and the last certificate status, never the certificate. One connection behind a
// mutex; WAL with synchronous=NORMAL (a power cut may lose the last logins' records, never
// corrupt the file: acceptable for a demo's sessions, and what lets it keep up with logins).
// Anonymous sessions (a login page's, account_id NULL) are bounded: past the capacity the oldest
// is deleted (see ChallengeStore for why eviction rather than refusal). Expired sessions go at
// sweep() (the portal's timer) and, at most every 30 s, when a session is created.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pki/sqlite.hpp"
#include "tools/mynaportal/challenge_store.hpp"

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

  explicit PortalStore(const std::string& path);

  // A new session; returns the raw id for the cookie. An anonymous one (account_id 0) may evict
  // the oldest anonymous session.
  std::string create_session(UnixTime now, UnixTime lifetime, std::int64_t account_id,
                             const std::string& login_code);
  std::optional<Session> session(const std::string& raw_id, UnixTime now);
  std::optional<Session> session_by_code(const std::string& code, UnixTime now);
  void delete_session(const std::string& id_hash);
  void set_session_state(const std::string& id_hash, const std::string& state,
                         std::int64_t account_id, const std::string& error);
  // Rotation: the old session goes, a new one for `account_id` comes, in one transaction.
  std::string rotate(const std::string& old_hash, std::int64_t account_id, UnixTime now,
                     UnixTime lifetime);

  // Finds or creates the account for `pseudonym`, updates its certificate status, and logs the
  // login: one transaction.
  Account record_login(const Account& seen, UnixTime now, const std::string& service,
                       const std::string& detail);
  std::optional<Account> account(std::int64_t id);
  void log_access(std::int64_t account_id, UnixTime at, const std::string& service,
                  const std::string& purpose, const std::string& detail);
  std::vector<AccessRecord> access_log(std::int64_t account_id, std::size_t limit = 50);

  // Deletes every session past its expiry; returns how many.
  std::size_t sweep(UnixTime now);
  void set_anonymous_capacity(std::size_t capacity);
  std::size_t anonymous_count();

  static std::string hash_id(const std::string& raw_id);
  // A random id for a cookie (base64url of 32 bytes).
  static std::string new_id();

 private:
  std::optional<Session> session_where(const char* where, const std::string& key, UnixTime now);
  std::size_t sweep_locked(UnixTime now);
  std::size_t anonymous_count_locked();
  std::mutex mutex_;
  pki::sql::Database db_;
  std::size_t anonymous_capacity_ = kDefaultAnonymousCapacity;
  UnixTime next_sweep_ = 0;
};

}  // namespace mynasim::portal
