// A thin RAII layer over SQLite 3 (libsqlite3): connections, prepared statements and
// transactions. Failures throw PkiError with SQLite's message and the statement's purpose.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "iso7816/bytes.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace mynasim::pki::sql {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are numbered from 1, as in SQL's ?1 ?2 ...
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, ByteView blob);
  Statement& bind_null(int index);

  // True when a row is available; false when the statement is done.
  bool step();
  // Steps to completion and requires that no row came back.
  void run();
  // Back to before the first step, every parameter unbound: ready for its next use.
  void reset() noexcept;

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  std::string text(int column) const;
  Bytes blob(int column) const;

 private:
  void fail(const char* what) const;
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

// A statement lent by Database::cached: reset when the lease ends, however it ends, so that no
// half-stepped statement keeps a read transaction open and no binding leaks into the next use.
class CachedStatement {
 public:
  CachedStatement(Statement& statement, bool& leased) : statement_(&statement), leased_(&leased) {}
  ~CachedStatement();
  CachedStatement(CachedStatement&& other) noexcept;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  CachedStatement& operator=(CachedStatement&&) = delete;

  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
  bool* leased_;
};

class Database {
 public:
  // Opens (creating it when `create`) the database file with foreign keys on, WAL journal,
  // synchronous=FULL (a commit survives a power cut) and a 10 s busy timeout. A new file is
  // made 0600; an existing one (or a side file) that group or others may read is refused.
  // `read_only`: a reader of another program's database (the portal reading mynaca.db): opened
  // SQLITE_OPEN_READONLY, its journal settings left as its owner made them.
  Database(const std::string& path, bool create, bool read_only = false);
  ~Database();
  Database(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  // The statement for `sql`, prepared on first use and kept for the connection's life: what a
  // store that runs the same few statements on every request uses instead of prepare(), whose
  // parsing and planning is a fifth of a portal login. Not thread safe (a caller that shares the
  // connection between threads holds its own lock, as it must for transactions anyway); one
  // lease of a given statement at a time (a second one throws).
  CachedStatement cached(std::string_view sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  const std::string& path() const { return path_; }

 private:
  struct Kept {
    Statement statement;
    bool leased = false;
  };
  sqlite3* db_ = nullptr;
  std::string path_;
  std::map<std::string, std::unique_ptr<Kept>, std::less<>> cache_;  // finalized before close
};

// BEGIN IMMEDIATE (takes the write lock at once, so two issuers never interleave); rolls back
// unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace mynasim::pki::sql
