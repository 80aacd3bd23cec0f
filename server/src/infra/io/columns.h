// Matching a spreadsheet's header row to the columns an import expects, by
// name and in any order, and collecting the problems of an import as
// (row, column, value, reason) for its report.
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace jj::io {

struct ColumnSpec {
  std::string key;                 // internal field name, e.g. "id_number"
  std::vector<std::string> names;  // accepted headers, the first is the template's: {"身份证号", "ID number"}
  bool required = false;
};

struct HeaderMatch {
  std::vector<int> index;            // per spec: the file's column, or -1 when absent
  std::vector<std::string> unknown;  // headers no spec accepts (reported, then ignored)
};

// Header names are compared after trimming spaces, a trailing "*" (required
// marker) and full-width parentheses, case-insensitively for ASCII.
// Errors: InvalidArgument import.missing_column {column} (the first missing
// required spec's first name), import.duplicate_column {column}.
Result<HeaderMatch> MatchHeader(const std::vector<std::string_view>& header, const std::vector<ColumnSpec>& specs);

struct Problem {
  int64_t row = 0;     // spreadsheet row (header = 1); 0 for the file as a whole
  std::string column;  // the header as the file wrote it (or the spec's first name)
  std::string value;
  Status reason;       // rendered in the reader's language
};

// An update an upsert makes (or would make, in a dry run).
struct FieldChange {
  int64_t row = 0;
  std::string key, name, field, before, after;  // key: the matched identifier (ID number, org code)
};

// A bad row as the file had it, for the error report (cells highlighted).
struct BadRow {
  int64_t row = 0;
  std::vector<std::string> cells;
  std::vector<bool> bad;  // per cell
  std::string reasons;    // every problem of the row, joined
};

// What an import did, or would do when not written.
struct ImportReport {
  int64_t rows = 0, valid = 0, invalid = 0;
  int64_t inserted = 0, updated = 0, unchanged = 0, accounts = 0;
  bool written = false;
  int64_t problem_count = 0;
  std::vector<std::string> header;           // as the file wrote it
  std::vector<std::string> unknown_columns;  // reported, ignored
  std::vector<Problem> problems;             // capped
  std::vector<BadRow> bad_rows;              // capped likewise
  std::vector<FieldChange> changes;          // upsert preview, capped likewise

  // Matches the header row against `specs` (MatchHeader), keeping the
  // file's headers and the unknown ones for the report.
  Result<HeaderMatch> ReadHeader(const std::vector<std::string_view>& cells, const std::vector<ColumnSpec>& specs);

  // Records the problems of one row (each Status names its field);
  // `column_of(field)` gives the file's column of a field, or -1. Keeps at
  // most `cap` rows of detail; counts all.
  void AddBadRow(int64_t row_number, const std::vector<std::string_view>& cells, std::vector<Status>& row_problems,
                 const std::function<int(const std::string& field)>& column_of, size_t cap);
};

// The cell of spec `c` in a row ("" when the file lacks the column).
inline std::string_view CellOf(const HeaderMatch& m, const std::vector<std::string_view>& cells, int c) {
  int i = m.index[c];
  return i >= 0 && static_cast<size_t>(i) < cells.size() ? cells[i] : std::string_view();
}

// The report as JSON text for the API and job results: counts, unknown
// columns, up to `limit` problems (message in zh and en) and changes.
std::string ReportJson(const ImportReport& report, const std::string& mode, size_t limit);
// The error report: 行号, the file's columns and 错误说明; every bad row with
// its bad cells highlighted. Errors: Internal.
Status WriteErrorReportXlsx(const ImportReport& report, const std::string& path);

}  // namespace jj::io
