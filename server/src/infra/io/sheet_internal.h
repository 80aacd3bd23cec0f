// Internals shared by the CSV and xlsx readers (not part of the public API).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "infra/io/sheet.h"

namespace jj::io::internal {

Status ReadCsv(std::string_view bytes, const RowFn& on_header, const RowFn& on_row, const ReadLimits& limits);
Status ReadXlsx(std::string_view bytes, const RowFn& on_header, const RowFn& on_row, const ReadLimits& limits);
int64_t EstimateCsvRows(std::string_view bytes);
int64_t EstimateXlsxRows(std::string_view bytes);

Status TooLarge(const ReadLimits& limits);

// Applies the row rules both readers share: trims cells, skips empty rows,
// takes the first non-empty row as the header (its trailing empty cells
// dropped), pads short rows to the header's width and drops empty cells past
// it, counts data rows against limits.max_rows.
class RowEmitter {
 public:
  RowEmitter(const RowFn& on_header, const RowFn& on_row, const ReadLimits& limits)
      : on_header_(on_header), on_row_(on_row), max_rows_(limits.max_rows), limits_(limits) {}

  // `cells` is modified (trimmed, padded).
  Status Emit(int64_t row_number, std::vector<std::string_view>& cells);
  // sheet.empty when no header row was seen.
  Status Finish() const;

 private:
  const RowFn& on_header_;
  const RowFn& on_row_;
  int64_t max_rows_;
  const ReadLimits& limits_;
  bool have_header_ = false;
  size_t width_ = 0;
  int64_t rows_ = 0;
};

}  // namespace jj::io::internal
