// The database layer: one API over SQLite (embedded, default) and PostgreSQL,
// built on SOCI with bind parameters only.
//
// A Database owns a pool of sessions. Query() and Exec() take the SQL text
// with `:name` placeholders, each appearing once, bound in order of
// appearance from `params`. Values cross as text or 64-bit integers; a Row
// hands them back typed.
//
// Thread safety: Database is thread-safe; a Tx (one leased session) must be
// used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace jj::db {

enum class Dialect { kSqlite, kPostgres };

using Param = std::variant<std::nullptr_t, int64_t, std::string>;
using Params = std::vector<Param>;

class Row {
 public:
  bool IsNull(size_t i) const { return null_[i]; }
  const std::string& Str(size_t i) const { return values_[i]; }
  int64_t Int(size_t i) const;
  size_t size() const { return values_.size(); }

 private:
  friend class Tx;
  std::vector<std::string> values_;
  std::vector<bool> null_;
};

// A leased session, optionally inside a transaction. Statements that fail
// throw (soci::soci_error) — broken SQL is a bug or broken infrastructure;
// Database::Transact turns them into Status at its boundary.
class Tx {
 public:
  Tx(soci::connection_pool& pool, Dialect dialect);
  ~Tx();
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  Dialect dialect() const { return dialect_; }
  std::vector<Row> Query(const std::string& sql, const Params& params = {});
  // Returns the first row, or nullopt-like empty vector semantics via bool.
  bool QueryOne(const std::string& sql, const Params& params, Row& out);
  // Returns the number of affected rows.
  int64_t Exec(const std::string& sql, const Params& params = {});
  // INSERT ... RETURNING id, on both dialects.
  int64_t InsertReturningId(const std::string& sql, const Params& params);
  soci::session& session();

 private:
  soci::connection_pool& pool_;
  size_t pos_;
  Dialect dialect_;
};

// A driver error message with bound values and long digit runs (ID and
// phone numbers) removed, safe to log.
std::string SafeForLog(const std::string& message);

class Database {
 public:
  // url: "sqlite:PATH" (or a bare path) or "postgresql://..." / "postgres://...".
  // Opens `pool_size` connections. Errors: InvalidArgument for a bad url,
  // Internal when the database cannot be opened. `read_only` (SQLite): the
  // file must exist and is opened for reading only, its journal mode left as
  // it is (checking a backup before a restore).
  static Result<std::unique_ptr<Database>> Open(const std::string& url, size_t pool_size, bool read_only = false);
  ~Database();

  Dialect dialect() const { return dialect_; }
  const std::string& url() const { return url_; }
  // True when `path` names this SQLite database's file or one of its
  // companions (-wal, -shm, -journal), by any spelling or link. Only SQLite
  // may open them: a second descriptor, once closed, drops SQLite's POSIX
  // locks on the file. Callers that open a file named by a user check this.
  bool IsOwnFile(const std::string& path) const;

  // Runs fn in one transaction: commits when fn returns OK, rolls back when it
  // returns an error or throws (a thrown database error becomes Internal).
  // On SQLite the transaction starts with BEGIN IMMEDIATE (writers queue on
  // the busy timeout instead of failing on lock upgrade).
  Status Transact(const std::function<Status(Tx&)>& fn);
  // Runs fn on a session without a transaction (reads; DDL helpers).
  Status Read(const std::function<Status(Tx&)>& fn);
  // Runs fn in a read-only transaction that sees one consistent state of the
  // database however long it takes, without blocking writers (SQLite: a
  // deferred transaction over WAL; PostgreSQL: REPEATABLE READ READ ONLY).
  // Nothing fn writes is kept.
  Status Snapshot(const std::function<Status(Tx&)>& fn);

 private:
  Database(Dialect dialect, std::string url, size_t pool_size);
  Dialect dialect_;
  std::string url_;
  std::unique_ptr<soci::connection_pool> pool_;
};

}  // namespace jj::db
