// The native bulk paths: many rows into one table (imports) and many rows
// out of a query (audits, exports), inside the caller's transaction.
//   SQLite:      one prepared INSERT reused for every row (sqlite3 API);
//   PostgreSQL:  COPY table (columns) FROM STDIN in text format (libpq).
// Values are text or NULL (nullopt); integer columns take their decimal text.
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

class BulkInserter {
 public:
  BulkInserter(Tx& tx, const std::string& table, const std::vector<std::string>& columns);
  ~BulkInserter();
  BulkInserter(const BulkInserter&) = delete;
  BulkInserter& operator=(const BulkInserter&) = delete;

  // One row, one value per column in the constructor's order.
  void Add(const std::vector<std::optional<std::string_view>>& row);
  // Sends what is buffered and ends the COPY; returns the rows written.
  int64_t Finish();

 private:
  void Flush();
  Tx& tx_;
  size_t columns_;
  int64_t rows_ = 0;
  bool finished_ = false;
  void* stmt_ = nullptr;  // sqlite3_stmt*
  std::string buffer_;    // COPY text
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
