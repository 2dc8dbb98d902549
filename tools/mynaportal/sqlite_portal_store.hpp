// PortalStore in SQLite (DATA/portal.db): the embedded default, for one instance. One connection
// behind a mutex; WAL with synchronous=NORMAL (a power cut may lose the last logins' records,
// never corrupt the file: acceptable for a demo's sessions, and what lets it keep up with
// logins). The schema's version is the file's user_version; a newer one is refused.
#pragma once

#include <mutex>

#include "pki/sqlite.hpp"
#include "tools/mynaportal/portal_store.hpp"

namespace mynasim::portal {

// Throws, naming the file, when its user_version is above `known` (a newer mynaportal's file):
// portal.db's and oidc.db's check.
void refuse_newer_schema(pki::sql::Database& db, std::int64_t known);

class SqlitePortalStore : public PortalStore {
 public:
  explicit SqlitePortalStore(const std::string& path);

  std::string create_session(UnixTime now, UnixTime lifetime, std::int64_t account_id,
                             const std::string& login_code) override;
  std::optional<Session> session(const std::string& raw_id, UnixTime now) override;
  std::optional<Session> session_by_code(const std::string& code, UnixTime now) override;
  void delete_session(const std::string& id_hash) override;
  void set_session_state(const std::string& id_hash, const std::string& state,
                         std::int64_t account_id, const std::string& error) override;
  bool reopen_code(const std::string& id_hash) override;
  bool complete_code(const std::string& id_hash, std::int64_t account_id) override;
  std::string rotate(const std::string& old_hash, std::int64_t account_id, UnixTime now,
                     UnixTime lifetime) override;
  Account record_login(const Account& seen, UnixTime now, const std::string& service,
                       const std::string& detail) override;
  std::optional<Account> account(std::int64_t id) override;
  void log_access(std::int64_t account_id, UnixTime at, const std::string& service,
                  const std::string& purpose, const std::string& detail) override;
  std::vector<AccessRecord> access_log(std::int64_t account_id, std::size_t limit = 50) override;
  std::size_t sweep(UnixTime now) override;
  void set_anonymous_capacity(std::size_t capacity) override;
  std::size_t anonymous_count() override;
  void check_secret(const std::string& fingerprint) override;

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
