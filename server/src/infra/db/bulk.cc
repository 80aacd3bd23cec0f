#include "infra/db/bulk.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

namespace jj::db {

// soci-sqlite3.h includes sqlite3.h inside namespace sqlite_api.
using namespace sqlite_api;  // NOLINT

namespace {

sqlite3* SqliteHandle(Tx& tx) {
  return reinterpret_cast<sqlite3*>(static_cast<soci::sqlite3_session_backend*>(tx.session().get_backend())->conn_);
}
PGconn* PgHandle(Tx& tx) {
  return static_cast<soci::postgresql_session_backend*>(tx.session().get_backend())->conn_;
}

void AppendCopyEscaped(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

}  // namespace

BulkInserter::BulkInserter(Tx& tx, const std::string& table, const std::vector<std::string>& columns)
    : tx_(tx), columns_(columns.size()) {
  std::string cols;
  for (const auto& c : columns) cols += (cols.empty() ? "" : ", ") + c;
  if (tx.dialect() == Dialect::kSqlite) {
    std::string sql = "INSERT INTO " + table + " (" + cols + ") VALUES (";
    for (size_t i = 0; i < columns.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(SqliteHandle(tx), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("bulk prepare: ") + sqlite3_errmsg(SqliteHandle(tx)));
    stmt_ = stmt;
  } else {
    std::string sql = "COPY " + table + " (" + cols + ") FROM STDIN";
    PGresult* res = PQexec(PgHandle(tx), sql.c_str());
    bool ok = PQresultStatus(res) == PGRES_COPY_IN;
    std::string err = ok ? "" : PQerrorMessage(PgHandle(tx));
    PQclear(res);
    if (!ok) throw std::runtime_error("bulk COPY: " + err);
    buffer_.reserve(1 << 20);
  }
}

BulkInserter::~BulkInserter() {
  if (stmt_) sqlite3_finalize(static_cast<sqlite3_stmt*>(stmt_));
  if (!finished_ && tx_.dialect() == Dialect::kPostgres) {
    // Abandoned (an exception is unwinding): end the COPY so the session stays usable.
    PQputCopyEnd(PgHandle(tx_), "aborted");
    while (PGresult* r = PQgetResult(PgHandle(tx_))) PQclear(r);
  }
}

void BulkInserter::Add(const std::vector<std::optional<std::string_view>>& row) {
  if (row.size() != columns_) throw std::logic_error("bulk row width");
  if (stmt_) {
    auto* stmt = static_cast<sqlite3_stmt*>(stmt_);
    for (size_t i = 0; i < row.size(); ++i) {
      int rc = row[i] ? sqlite3_bind_text(stmt, static_cast<int>(i + 1), row[i]->data(),
                                          static_cast<int>(row[i]->size()), SQLITE_STATIC)
                      : sqlite3_bind_null(stmt, static_cast<int>(i + 1));
      if (rc != SQLITE_OK) throw std::runtime_error("bulk bind");
    }
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("bulk insert: ") + sqlite3_errmsg(SqliteHandle(tx_)));
  } else {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i) buffer_ += '\t';
      if (row[i])
        AppendCopyEscaped(buffer_, *row[i]);
      else
        buffer_ += "\\N";
    }
    buffer_ += '\n';
    if (buffer_.size() >= (1 << 20)) Flush();
  }
  ++rows_;
}

void BulkInserter::Flush() {
  if (buffer_.empty()) return;
  if (PQputCopyData(PgHandle(tx_), buffer_.data(), static_cast<int>(buffer_.size())) != 1)
    throw std::runtime_error(std::string("bulk COPY data: ") + PQerrorMessage(PgHandle(tx_)));
  buffer_.clear();
}

int64_t BulkInserter::Finish() {
  if (finished_) return rows_;
  finished_ = true;
  if (tx_.dialect() == Dialect::kPostgres) {
    Flush();
    if (PQputCopyEnd(PgHandle(tx_), nullptr) != 1)
      throw std::runtime_error(std::string("bulk COPY end: ") + PQerrorMessage(PgHandle(tx_)));
    std::string err;
    while (PGresult* r = PQgetResult(PgHandle(tx_))) {
      if (PQresultStatus(r) != PGRES_COMMAND_OK) err = PQresultErrorMessage(r);
      PQclear(r);
    }
    if (!err.empty()) throw std::runtime_error("bulk COPY: " + err);
  }
  return rows_;
}

}  // namespace jj::db
