#include "tools/mynaportal/postgres.hpp"

#include <libpq-fe.h>

namespace mynasim::portal::pg {
namespace {

std::string message_of(PGconn* conn) {
  std::string message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// Throws unless the result is a success.
Result checked(PGconn* conn, PGresult* raw, const std::string& what) {
  Result result(raw);
  const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = raw ? PQresultErrorMessage(raw) : message_of(conn);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  throw Error("PostgreSQL: " + what + ": " + message, state ? state : "");
}

}  // namespace

Result::~Result() {
  if (result_) PQclear(result_);
}
int Result::rows() const {
  return PQntuples(result_);
}
std::size_t Result::affected() const {
  const char* n = PQcmdTuples(result_);
  return n && *n ? static_cast<std::size_t>(std::stoull(n)) : 0;
}
bool Result::is_null(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}
std::string Result::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<std::size_t>(PQgetlength(result_, row, column)));
}
std::int64_t Result::int64(int row, int column) const {
  return is_null(row, column) ? 0 : std::stoll(PQgetvalue(result_, row, column));
}

Connection::Connection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
  if (!conn_) throw Error("PostgreSQL: out of memory for a connection", "");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = message_of(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw Error("PostgreSQL: cannot connect: " + message, "");
  }
  // The durability SQLite's synchronous=NORMAL gives (portal_store.hpp): a commit does not wait
  // for its WAL flush; a crash may lose the last sessions, never corrupt the database.
  // Notices (CREATE ... IF NOT EXISTS skipping) would go to stderr.
  script("SET synchronous_commit = off; SET client_min_messages = warning",
         "the connection's settings");
}

Connection::~Connection() {
  if (conn_) PQfinish(conn_);
}

Result Connection::exec(const std::string& sql, const std::vector<Param>& params,
                        const char* what) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    const std::string name = "s" + std::to_string(prepared_.size());
    checked(conn_, PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), what);
    it = prepared_.emplace(sql, name).first;
  }
  std::vector<const char*> values;
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  return checked(conn_,
                 PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, 0),
                 what);
}

void Connection::script(const std::string& sql, const char* what) {
  checked(conn_, PQexec(conn_, sql.c_str()), what);
}

void Connection::recover() {
  if (PQstatus(conn_) == CONNECTION_OK) {
    // A failed statement inside a transaction leaves it aborted: end it.
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
    return;
  }
  PQreset(conn_);
  prepared_.clear();
  if (PQstatus(conn_) == CONNECTION_OK) PQclear(PQexec(conn_, "SET synchronous_commit = off"));
}

Pool::Pool(const std::string& url, std::size_t size) {
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i)
    idle_.push_back(std::make_unique<Connection>(url));
}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mutex_);
  freed_.wait(lock, [this] { return !idle_.empty(); });
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(connection));
}

Pool::Lease::~Lease() {
  {
    std::lock_guard lock(pool_.mutex_);
    pool_.idle_.push_back(std::move(connection_));
  }
  pool_.freed_.notify_one();
}

bool is_postgres_url(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

}  // namespace mynasim::portal::pg
