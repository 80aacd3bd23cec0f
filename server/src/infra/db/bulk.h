// The native bulk path for imports: many rows into one table inside the
// caller's transaction.
//   SQLite:      one prepared INSERT reused for every row (sqlite3 API);
//   PostgreSQL:  COPY table (columns) FROM STDIN in text format (libpq).
// Values are text or NULL (nullopt); integer columns take their decimal text.
// Failures throw (like Tx statements), so Database::Transact rolls back.
// Not thread-safe: one inserter, one transaction, one thread.
#pragma once

#include <cstdint>
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

}  // namespace jj::db
