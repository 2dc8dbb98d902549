// A thin layer over libpq (PostgreSQL's C client, Debian's libpq-dev) for the portal's
// PostgreSQL backend: a fixed pool of connections, statements with $1 $2 ... parameters sent as
// text and prepared once per connection, results read as text. Failures throw pg::Error with
// the server's message, its SQLSTATE and what the statement was for; never the URL (it may hold
// a password).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace mynasim::portal::pg {

class Error : public std::runtime_error {
 public:
  Error(const std::string& message, std::string sqlstate)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }  // e.g. 23505, unique_violation

 private:
  std::string sqlstate_;
};
inline constexpr const char* kUniqueViolation = "23505";

// One parameter: text, or SQL NULL.
using Param = std::optional<std::string>;
inline Param param(std::int64_t value) {
  return std::to_string(value);
}
inline Param param(const std::string& value) {
  return value;
}
inline Param param_or_null(std::int64_t value) {  // 0 is NULL (an anonymous session's account)
  return value ? param(value) : std::nullopt;
}
inline Param param_or_null(const std::string& value) {  // "" is NULL
  return value.empty() ? std::nullopt : param(value);
}

class Result {
 public:
  explicit Result(pg_result* result) : result_(result) {}
  ~Result();
  Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;

  int rows() const;
  std::size_t affected() const;  // rows an INSERT, UPDATE or DELETE touched
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;  // 0 for NULL

 private:
  pg_result* result_;
};

class Connection {
 public:
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One statement; `what` names its purpose in errors.
  Result exec(const std::string& sql, const std::vector<Param>& params, const char* what);
  // Statements without parameters, separated by semicolons (the schema).
  void script(const std::string& sql, const char* what);
  // After a failure: reconnects if the connection broke (the prepared statements go with it).
  void recover();

 private:
  pg_conn* conn_ = nullptr;
  std::map<std::string, std::string> prepared_;  // SQL -> statement name
};

// `size` connections opened at once (an unreachable server fails the start, not the first
// login); acquire() waits for a free one.
class Pool {
 public:
  Pool(const std::string& url, std::size_t size);

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection* operator->() { return connection_.get(); }
    Connection& operator*() { return *connection_; }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };
  Lease acquire();

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// Runs `body` with a connection; a failure first lets the connection recover (so a restarted
// server costs one failed request, not a dead pool), then propagates.
template <typename Body>
auto with_connection(Pool& pool, Body&& body) {
  auto connection = pool.acquire();
  try {
    return body(*connection);
  } catch (...) {
    connection->recover();
    throw;
  }
}

// True for the URLs mynaportal serve --db hands to PostgreSQL.
bool is_postgres_url(const std::string& db);

}  // namespace mynasim::portal::pg
