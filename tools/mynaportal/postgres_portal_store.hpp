// PortalStore in PostgreSQL (`mynaportal serve --db postgresql://...`): every instance serving
// one public origin shares the accounts, sessions (with their login codes) and the access log,
// so a login page shown by one instance is completed through another. Each method is one
// statement (a CTE where SQLite needs a transaction), so it is atomic on its own; a login code
// moves to done once (complete_code's UPDATE ... WHERE state <> 'done': of two instances racing,
// the row lock lets one change it and the other then sees done and changes nothing).
// Anonymous sessions are bounded by number: each gets the next value of a sequence, and
// creating one deletes the anonymous sessions more than `capacity` numbers older (at most
// `capacity` remain, the oldest go first, whichever instance made them).
#pragma once

#include <atomic>
#include <memory>

#include "tools/mynaportal/portal_store.hpp"
#include "tools/mynaportal/postgres.hpp"

namespace mynasim::portal {

class PostgresPortalStore : public PortalStore {
 public:
  // The schema must exist (ensure_postgres_schema).
  explicit PostgresPortalStore(std::shared_ptr<pg::Pool> pool) : pool_(std::move(pool)) {}

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
  std::optional<Session> session_where(const char* column, const std::string& key, UnixTime now);
  std::shared_ptr<pg::Pool> pool_;
  std::atomic<std::size_t> anonymous_capacity_{kDefaultAnonymousCapacity};
  std::atomic<UnixTime> next_sweep_{0};
};

}  // namespace mynasim::portal
