// Spreadsheets in and out: a streaming reader of CSV and xlsx tables, and
// writers for CSV and xlsx (templates with dropdowns, error reports with
// highlighted cells, exports).
//
// Reading streams rows to a callback so that a million-row file never sits in
// memory as cells: CSV is scanned in place (GB18030/GBK input is converted to
// UTF-8 once, up front); xlsx is unzipped entry by entry and its sheet XML is
// scanned without building a DOM.
//
// Errors (Status, never exceptions): InvalidArgument with message keys
//   sheet.empty            the file has no header row
//   sheet.bad_encoding     neither UTF-8 nor GB18030 (param {detail})
//   sheet.bad_csv          unbalanced quotes (param {row})
//   sheet.bad_xlsx         not a readable xlsx: bad zip, no sheet, broken XML (param {detail})
//   sheet.too_large        over limits.max_rows / max_bytes
// and whatever the callback returns (the reader stops at the first non-OK).
//
// Thread safety: plain functions; an XlsxWriter belongs to one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace jj::io {

enum class SheetFormat { kCsv, kXlsx };

// xlsx when the bytes start with the zip magic "PK\3\4", else CSV.
SheetFormat DetectFormat(std::string_view bytes);

struct ReadLimits {
  int64_t max_rows = 2'000'000;             // data rows, header excluded
  int64_t max_bytes = 512LL * 1024 * 1024;  // uncompressed sheet XML or CSV
};

// One row of cells, already UTF-8 and trimmed of surrounding ASCII spaces.
// `row_number` is the row as a spreadsheet user sees it (the header is row 1,
// the first data row is row 2; for CSV, quoted newlines do not add rows).
// The views are valid only during the call. A row shorter than the header is
// padded with empty cells; fully empty rows are skipped.
using RowFn = std::function<Status(int64_t row_number, const std::vector<std::string_view>& cells)>;

// Reads the first worksheet (xlsx) or the whole file (CSV). `on_header` gets
// row 1, `on_row` every later non-empty row. xlsx: shared and inline strings,
// numbers (integers printed without ".0"; a number in a cell whose number
// format is a date, e.g. 14/22 or a custom yyyy-mm-dd, becomes "YYYY-MM-DD";
// long digit strings stored as numbers such as 11010519491231002X-less IDs
// keep all digits, never "1.1E+17"), booleans as "TRUE"/"FALSE".
// CSV: RFC 4180, separator ',' (or ';' / tab when the header has none of ','
// but has those), UTF-8 with or without BOM, or GB18030/GBK converted.
Status ReadSheet(std::string_view bytes, const RowFn& on_header, const RowFn& on_row, const ReadLimits& limits = {});

// Counts data rows cheaply (for progress totals); -1 if unknown.
int64_t EstimateRows(std::string_view bytes);

// ---------------------------------------------------------------- writing

// RFC 4180 CSV with a UTF-8 BOM (so Excel on Chinese Windows opens it as UTF-8)
// and CRLF line ends. Cells that start with = + - @ are prefixed with a quote
// character (') against formula injection.
class CsvWriter {
 public:
  explicit CsvWriter(std::string* out);
  void Row(const std::vector<std::string>& cells);
  void Row(std::initializer_list<std::string_view> cells);

 private:
  void Cell(std::string_view c);
  std::string* out_;
};

struct XlsxColumn {
  std::string header;
  double width = 14;                 // in characters
  std::vector<std::string> choices;  // a dropdown (data validation list) on data rows when not empty
  bool text = true;                  // stored as text (ID numbers, phones, codes keep leading zeros)
};

// Writes an xlsx file to `path` with libxlsxwriter in constant-memory mode
// (rows must be appended in order). Headers are bold with a frozen top row.
// Dropdown lists longer than Excel's 255-character inline limit are put on a
// hidden sheet and referenced.
class XlsxWriter {
 public:
  // Errors: Internal when the file cannot be created.
  static Result<std::unique_ptr<XlsxWriter>> Create(const std::string& path);
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Starts a new worksheet and writes its header row.
  void AddSheet(const std::string& name, const std::vector<XlsxColumn>& columns);
  // Appends a row to the current sheet; `highlight[i]` paints cell i (light
  // red fill) — for error reports. `highlight` may be empty.
  void AppendRow(const std::vector<std::string>& cells, const std::vector<bool>& highlight = {});
  // Finishes and closes the file. Errors: Internal.
  Status Close();

 private:
  XlsxWriter() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A small workbook answered directly as a download: `fill` writes it to
// `path` (its folder must exist), the bytes are read back and the file is
// removed, also on failure. Errors: Internal.
Result<std::string> XlsxBytes(const std::string& path, const std::function<void(XlsxWriter&)>& fill);

}  // namespace jj::io
