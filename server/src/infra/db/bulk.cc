#include "infra/db/bulk.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <charconv>
#include <exception>
#include <memory>
#include <stdexcept>

namespace jj::db {

// soci-sqlite3.h includes sqlite3.h inside namespace sqlite_api.
using namespace sqlite_api;  // NOLINT

namespace {

sqlite3* SqliteHandle(Tx& tx) {
  return reinterpret_cast<sqlite3*>(static_cast<soci::sqlite3_session_backend*>(tx.session().get_backend())->conn_);
}
PGconn* PgHandle(Tx& tx) { return static_cast<soci::postgresql_session_backend*>(tx.session().get_backend())->conn_; }

void AppendCopyEscaped(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
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
  for (const auto& v : row) v ? Text(*v) : Null();
  EndRow();
}

BulkInserter& BulkInserter::Text(std::string_view v) {
  if (column_ >= columns_) throw std::logic_error("bulk row width");
  if (stmt_) {
    if (sqlite3_bind_text(static_cast<sqlite3_stmt*>(stmt_), static_cast<int>(column_ + 1), v.data(),
                          static_cast<int>(v.size()), SQLITE_STATIC) != SQLITE_OK)
      throw std::runtime_error("bulk bind");
  } else {
    if (column_) buffer_ += '\t';
    AppendCopyEscaped(buffer_, v);
  }
  ++column_;
  return *this;
}

BulkInserter& BulkInserter::Int(int64_t v) {
  if (column_ >= columns_) throw std::logic_error("bulk row width");
  if (stmt_) {
    if (sqlite3_bind_int64(static_cast<sqlite3_stmt*>(stmt_), static_cast<int>(column_ + 1), v) != SQLITE_OK)
      throw std::runtime_error("bulk bind");
  } else {
    if (column_) buffer_ += '\t';
    char digits[24];
    buffer_.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
  }
  ++column_;
  return *this;
}

BulkInserter& BulkInserter::Null() {
  if (column_ >= columns_) throw std::logic_error("bulk row width");
  if (stmt_) {
    if (sqlite3_bind_null(static_cast<sqlite3_stmt*>(stmt_), static_cast<int>(column_ + 1)) != SQLITE_OK)
      throw std::runtime_error("bulk bind");
  } else {
    buffer_ += column_ ? "\t\\N" : "\\N";
  }
  ++column_;
  return *this;
}

void BulkInserter::EndRow() {
  if (column_ != columns_) throw std::logic_error("bulk row width");
  column_ = 0;
  if (stmt_) {
    auto* stmt = static_cast<sqlite3_stmt*>(stmt_);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("bulk insert: ") + sqlite3_errmsg(SqliteHandle(tx_)));
  } else {
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

namespace {

// InsertRows on SQLite: an eponymous virtual table "jj_bulk_rows" (columns
// c0, c1, ...) whose rows come from the caller's `next`, registered on the
// connection for one INSERT ... SELECT and removed after it.
constexpr const char* kRowsModule = "jj_bulk_rows";

class RowFeed : public RowValues {
 public:
  RowFeed(size_t columns, const std::function<bool(RowValues&)>& next) : columns_(columns), next_(next) {
    values_.resize(columns);
  }
  RowFeed& Text(std::string_view v) override { return Set({Value::kText, 0, v}); }
  RowFeed& Int(int64_t v) override { return Set({Value::kInt, v, {}}); }
  RowFeed& Null() override { return Set({Value::kNull, 0, {}}); }

  // Fills the next row; false at the end or on an exception (kept for InsertRows).
  bool Pull() {
    filled_ = 0;
    try {
      if (!next_(*this)) return false;
    } catch (...) {
      error = std::current_exception();
      return false;
    }
    if (filled_ != columns_) {
      error = std::make_exception_ptr(std::logic_error("bulk row width"));
      return false;
    }
    ++rows;
    return true;
  }
  void Result(sqlite3_context* ctx, int i) const {
    const Value& v = values_[static_cast<size_t>(i)];
    if (v.type == Value::kText)
      sqlite3_result_text(ctx, v.text.data(), static_cast<int>(v.text.size()), SQLITE_STATIC);  // valid until Pull
    else if (v.type == Value::kInt)
      sqlite3_result_int64(ctx, v.number);
    else
      sqlite3_result_null(ctx);
  }
  size_t columns() const { return columns_; }

  int64_t rows = 0;
  std::exception_ptr error;

 private:
  struct Value {
    enum Type { kNull, kInt, kText } type = kNull;
    int64_t number = 0;
    std::string_view text;
  };
  RowFeed& Set(Value v) {
    if (filled_ >= columns_) throw std::logic_error("bulk row width");
    values_[filled_++] = v;
    return *this;
  }
  size_t columns_;
  const std::function<bool(RowValues&)>& next_;
  std::vector<Value> values_;
  size_t filled_ = 0;
};

struct FeedTable {
  sqlite3_vtab base{};
  RowFeed* feed;
};
struct FeedCursor {
  sqlite3_vtab_cursor base{};
  RowFeed* feed;
  bool eof = false;
};

int FeedConnect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  auto* feed = static_cast<RowFeed*>(aux);
  std::string schema = "CREATE TABLE x(";
  for (size_t i = 0; i < feed->columns(); ++i) schema += (i ? ", c" : "c") + std::to_string(i);
  schema += ")";
  int rc = sqlite3_declare_vtab(db, schema.c_str());
  if (rc != SQLITE_OK) return rc;
  auto* t = new FeedTable;
  t->feed = feed;
  *out = &t->base;
  return SQLITE_OK;
}
int FeedDisconnect(sqlite3_vtab* t) {
  delete reinterpret_cast<FeedTable*>(t);
  return SQLITE_OK;
}
int FeedBestIndex(sqlite3_vtab*, sqlite3_index_info* info) {
  info->estimatedCost = 1e9;  // a single full scan, in order
  return SQLITE_OK;
}
int FeedOpen(sqlite3_vtab* t, sqlite3_vtab_cursor** out) {
  auto* c = new FeedCursor;
  c->feed = reinterpret_cast<FeedTable*>(t)->feed;
  *out = &c->base;
  return SQLITE_OK;
}
int FeedClose(sqlite3_vtab_cursor* c) {
  delete reinterpret_cast<FeedCursor*>(c);
  return SQLITE_OK;
}
int FeedNext(sqlite3_vtab_cursor* base) {
  auto* c = reinterpret_cast<FeedCursor*>(base);
  c->eof = !c->feed->Pull();
  return c->feed->error ? SQLITE_ERROR : SQLITE_OK;
}
int FeedFilter(sqlite3_vtab_cursor* base, int, const char*, int, sqlite3_value**) { return FeedNext(base); }
int FeedEof(sqlite3_vtab_cursor* c) { return reinterpret_cast<FeedCursor*>(c)->eof ? 1 : 0; }
int FeedColumn(sqlite3_vtab_cursor* c, sqlite3_context* ctx, int i) {
  reinterpret_cast<FeedCursor*>(c)->feed->Result(ctx, i);
  return SQLITE_OK;
}
int FeedRowid(sqlite3_vtab_cursor* c, sqlite3_int64* rowid) {
  *rowid = reinterpret_cast<FeedCursor*>(c)->feed->rows;
  return SQLITE_OK;
}

sqlite3_module FeedModule() {
  sqlite3_module m{};
  m.iVersion = 1;
  m.xCreate = nullptr;  // eponymous-only: used as "FROM jj_bulk_rows", never created
  m.xConnect = FeedConnect;
  m.xBestIndex = FeedBestIndex;
  m.xDisconnect = FeedDisconnect;
  m.xDestroy = FeedDisconnect;
  m.xOpen = FeedOpen;
  m.xClose = FeedClose;
  m.xFilter = FeedFilter;
  m.xNext = FeedNext;
  m.xEof = FeedEof;
  m.xColumn = FeedColumn;
  m.xRowid = FeedRowid;
  return m;
}

}  // namespace

int64_t InsertRows(Tx& tx, const std::string& table, const std::vector<std::string>& columns,
                   const std::function<bool(RowValues&)>& next) {
  if (tx.dialect() == Dialect::kPostgres) {
    BulkInserter bulk(tx, table, columns);
    while (next(bulk)) bulk.EndRow();
    return bulk.Finish();
  }
  static const sqlite3_module module = FeedModule();
  sqlite3* db = SqliteHandle(tx);
  RowFeed feed(columns.size(), next);
  // Registered for this statement only (it points at `feed`); a registration
  // under the same name replaces the previous one.
  if (sqlite3_create_module_v2(db, kRowsModule, &module, &feed, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("bulk module: ") + sqlite3_errmsg(db));
  struct Unregister {
    sqlite3* db;
    ~Unregister() { sqlite3_create_module_v2(db, kRowsModule, nullptr, nullptr, nullptr); }
  } unregister{db};
  std::string cols, values;
  for (size_t i = 0; i < columns.size(); ++i) {
    cols += (i ? ", " : "") + columns[i];
    values += (i ? ", c" : "c") + std::to_string(i);
  }
  const std::string sql = "INSERT INTO " + table + " (" + cols + ") SELECT " + values + " FROM " + kRowsModule;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("bulk prepare: ") + sqlite3_errmsg(db));
  const int rc = sqlite3_step(stmt);
  const std::string message = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  if (feed.error) std::rethrow_exception(feed.error);
  if (rc != SQLITE_DONE) throw std::runtime_error("bulk insert: " + message);
  return feed.rows;
}

DeferredIndexes::DeferredIndexes(Tx& tx, const std::string& table, int64_t rows_to_add) : tx_(tx) {
  if (tx.dialect() != Dialect::kSqlite || rows_to_add < kMinRows) return;
  Row count;
  tx.QueryOne("SELECT COUNT(*) FROM \"" + table + "\"", {}, count);
  if (rows_to_add < count.Int(0)) return;
  // origin 'c': made by CREATE INDEX (not a UNIQUE or PRIMARY KEY constraint).
  for (const auto& r : tx.Query("SELECT s.name, s.sql FROM pragma_index_list(:t) l JOIN sqlite_schema s "
                                "ON s.type = 'index' AND s.name = l.name "
                                "WHERE l.\"unique\" = 0 AND l.origin = 'c' AND s.sql IS NOT NULL ORDER BY s.name",
                                {table})) {
    names_.push_back(r.Str(0));
    create_sql_.push_back(r.Str(1));
  }
  for (const auto& name : names_) {
    std::string quoted;
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    tx.Exec("DROP INDEX \"" + quoted + "\"");
  }
}

void DeferredIndexes::Rebuild() {
  for (const auto& sql : create_sql_) tx_.Exec(sql);
  names_.clear();
  create_sql_.clear();
}

int64_t RowView::Int(size_t i) const {
  std::string_view v = Str(i);
  int64_t out = 0;
  bool neg = !v.empty() && v[0] == '-';
  for (size_t k = neg ? 1 : 0; k < v.size(); ++k) {
    if (v[k] < '0' || v[k] > '9') break;
    out = out * 10 + (v[k] - '0');
  }
  return neg ? -out : out;
}

namespace {

class SqliteRow : public RowView {
 public:
  explicit SqliteRow(sqlite3_stmt* st) : st_(st), n_(static_cast<size_t>(sqlite3_column_count(st))) {}
  size_t size() const override { return n_; }
  bool IsNull(size_t i) const override { return sqlite3_column_type(st_, static_cast<int>(i)) == SQLITE_NULL; }
  std::string_view Str(size_t i) const override {
    const unsigned char* t = sqlite3_column_text(st_, static_cast<int>(i));
    if (!t) return {};
    return {reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st_, static_cast<int>(i)))};
  }
  // Integer columns without a round trip through text.
  int64_t Int(size_t i) const override { return sqlite3_column_int64(st_, static_cast<int>(i)); }

 private:
  sqlite3_stmt* st_;
  size_t n_;
};

class PgRow : public RowView {
 public:
  explicit PgRow(PGresult* r) : r_(r) {}
  size_t size() const override { return static_cast<size_t>(PQnfields(r_)); }
  bool IsNull(size_t i) const override { return PQgetisnull(r_, 0, static_cast<int>(i)) != 0; }
  std::string_view Str(size_t i) const override {
    return {PQgetvalue(r_, 0, static_cast<int>(i)), static_cast<size_t>(PQgetlength(r_, 0, static_cast<int>(i)))};
  }

 private:
  PGresult* r_;
};

std::string ParamText(const Param& p, bool& is_null) {
  is_null = std::holds_alternative<std::nullptr_t>(p);
  if (auto* i = std::get_if<int64_t>(&p)) return std::to_string(*i);
  if (auto* s = std::get_if<std::string>(&p)) return *s;
  return {};
}

// ":name" → "$1", "$2", ... in order (outside quotes; "::" casts kept).
std::string NumberedPlaceholders(const std::string& sql) {
  std::string out;
  int n = 0;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (!quoted && c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      out += "::";
      ++i;
      continue;
    }
    if (!quoted && c == ':' && i + 1 < sql.size() &&
        (std::isalpha(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) {
      out += "$" + std::to_string(++n);
      while (i + 1 < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) ++i;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void ForEachRow(Tx& tx, const std::string& sql, const Params& params, const std::function<void(const RowView&)>& fn) {
  if (tx.dialect() == Dialect::kSqlite) {
    sqlite3* h = SqliteHandle(tx);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("stream prepare: ") + sqlite3_errmsg(h));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(st, sqlite3_finalize);
    for (size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      if (auto* v = std::get_if<int64_t>(&params[i]))
        sqlite3_bind_int64(st, at, *v);
      else if (auto* s = std::get_if<std::string>(&params[i]))
        sqlite3_bind_text(st, at, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      else
        sqlite3_bind_null(st, at);
    }
    SqliteRow row(st);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) fn(row);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("stream step: ") + sqlite3_errmsg(h));
    return;
  }
  PGconn* c = PgHandle(tx);
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    bool is_null = false;
    texts[i] = ParamText(params[i], is_null);
    values[i] = is_null ? nullptr : texts[i].c_str();
  }
  const std::string numbered = NumberedPlaceholders(sql);
  if (!PQsendQueryParams(c, numbered.c_str(), static_cast<int>(params.size()), nullptr, values.data(), nullptr, nullptr,
                         0))
    throw std::runtime_error(std::string("stream send: ") + PQerrorMessage(c));
  PQsetSingleRowMode(c);
  std::string error;
  while (PGresult* r = PQgetResult(c)) {
    ExecStatusType status = PQresultStatus(r);
    if (status == PGRES_SINGLE_TUPLE && error.empty()) {
      try {
        fn(PgRow(r));
      } catch (const std::exception& e) {
        error = e.what();  // keep draining: the connection must end the query
      }
    } else if (status != PGRES_TUPLES_OK && status != PGRES_SINGLE_TUPLE && error.empty()) {
      error = PQresultErrorMessage(r);
    }
    PQclear(r);
  }
  if (!error.empty()) throw std::runtime_error("stream: " + error);
}

}  // namespace jj::db
