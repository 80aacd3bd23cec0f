// Matching a spreadsheet's header row to the columns an import expects, by
// name and in any order, and collecting the problems of an import as
// (row, column, value, reason) for its report.
// Thread safety: plain values.
#pragma once

#include <cstdint>
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

}  // namespace jj::io
