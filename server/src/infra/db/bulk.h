// The native bulk paths: many rows into one table (imports) and many rows
// out of a query (audits, exports), inside the caller's transaction.
//   SQLite:      one prepared INSERT reused for every row (sqlite3 API);
//   PostgreSQL:  COPY table (columns) FROM STDIN in text format (libpq).
// Values are text, integers or NULL, given one by one (Text/Int/Null, then
// EndRow: no per-row allocation, integers bound as integers) or as a row of
// texts (Add).
// Failures throw (like Tx statements), so Database::Transact rolls back.
// Not thread-safe: one inserter, one transaction, one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infra/db/database.h"

namespace jj::db {

// The values of one row, column by column in order, then (for a
// BulkInserter) EndRow. Texts must stay valid until the row is taken.
class RowValues {
 public:
  virtual ~RowValues() = default;
  virtual RowValues& Text(std::string_view v) = 0;
  virtual RowValues& Int(int64_t v) = 0;
  virtual RowValues& Null() = 0;
};

class BulkInserter : public RowValues {
 public:
  BulkInserter(Tx& tx, const std::string& table, const std::vector<std::string>& columns);
  ~BulkInserter() override;
  BulkInserter(const BulkInserter&) = delete;
  BulkInserter& operator=(const BulkInserter&) = delete;

  // One row, one value per column in the constructor's order.
  void Add(const std::vector<std::optional<std::string_view>>& row);
  // The same value by value: each column's value in order, then EndRow.
  // Texts must stay valid until EndRow.
  BulkInserter& Text(std::string_view v) override;
  BulkInserter& Int(int64_t v) override;
  BulkInserter& Null() override;
  void EndRow();
  // Sends what is buffered and ends the COPY; returns the rows written.
  int64_t Finish();

 private:
  void Flush();
  Tx& tx_;
  size_t columns_;
  size_t column_ = 0;  // values given for the current row
  int64_t rows_ = 0;
  bool finished_ = false;
  void* stmt_ = nullptr;  // sqlite3_stmt*
  std::string buffer_;    // COPY text
};

// Inserts every row `next` gives, in one statement, within the caller's
// transaction: `next` fills the next row (every column, in order) and
// returns true, or returns false at the end; its texts must stay valid until
// its next call. SQLite reads the rows through a virtual table (INSERT INTO
// table (columns) SELECT ... FROM it), so the work of starting and ending an
// INSERT — cursors, constraint bookkeeping — is done once instead of per row
// (a quarter of the insert time at 100,000 rows); PostgreSQL copies them
// (BulkInserter). Returns the rows inserted. A failure (a constraint, an
// exception thrown by `next`) throws, like Tx statements; what the statement
// inserted is undone.
int64_t InsertRows(Tx& tx, const std::string& table, const std::vector<std::string>& columns,
                   const std::function<bool(RowValues&)>& next);

// A bulk load that at least doubles a table (and adds `kMinRows` or more)
// maintains the table's secondary indexes more cheaply by rebuilding them
// once: on SQLite the constructor drops the table's non-unique indexes inside
// the caller's transaction and Rebuild() re-creates them from their stored
// definitions — one sort each instead of a random B-tree insert per row
// (about half the cost at 100,000 rows). A rollback brings them back as they
// were. Unique indexes stay: they check the rows as they come. Nothing
// happens on PostgreSQL (DROP INDEX would lock the table's readers out until
// commit), nor for smaller loads.
// The caller must call Rebuild() before it commits; statements meanwhile run
// without those indexes. Failures throw, like Tx statements.
class DeferredIndexes {
 public:
  static constexpr int64_t kMinRows = 20000;
  DeferredIndexes(Tx& tx, const std::string& table, int64_t rows_to_add);
  DeferredIndexes(const DeferredIndexes&) = delete;
  DeferredIndexes& operator=(const DeferredIndexes&) = delete;

  // The names of the dropped indexes (empty when nothing was deferred).
  const std::vector<std::string>& deferred() const { return names_; }
  void Rebuild();

 private:
  Tx& tx_;
  std::vector<std::string> names_, create_sql_;
};

// One row of ForEachRow: text views valid only during the callback.
class RowView {
 public:
  virtual ~RowView() = default;
  virtual size_t size() const = 0;
  virtual bool IsNull(size_t i) const = 0;
  virtual std::string_view Str(size_t i) const = 0;  // empty for NULL
  virtual int64_t Int(size_t i) const;               // 0 for NULL or non-numeric text
};

// Streams the rows of `sql` (":name" placeholders bound in order, each name
// once) without materializing them: SQLite through the sqlite3 API,
// PostgreSQL in libpq's single-row mode. Failures throw like Tx statements.
void ForEachRow(Tx& tx, const std::string& sql, const Params& params, const std::function<void(const RowView&)>& fn);

}  // namespace jj::db
