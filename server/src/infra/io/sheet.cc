#include "infra/io/sheet.h"

#include <string>

#include "infra/io/sheet_internal.h"

namespace jj::io {

SheetFormat DetectFormat(std::string_view bytes) {
  return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4) ? SheetFormat::kXlsx : SheetFormat::kCsv;
}

Status ReadSheet(std::string_view bytes, const RowFn& on_header, const RowFn& on_row, const ReadLimits& limits) {
  try {
    if (DetectFormat(bytes) == SheetFormat::kXlsx) return internal::ReadXlsx(bytes, on_header, on_row, limits);
    return internal::ReadCsv(bytes, on_header, on_row, limits);
  } catch (const std::bad_alloc&) {
    return internal::TooLarge(limits);
  } catch (const std::exception& e) {
    // Only our callers' callbacks or the standard library can get here; the
    // contract is "never throws", so report it as a value.
    return Internal(e.what());
  }
}

int64_t EstimateRows(std::string_view bytes) {
  try {
    if (DetectFormat(bytes) == SheetFormat::kXlsx) return internal::EstimateXlsxRows(bytes);
    return internal::EstimateCsvRows(bytes);
  } catch (...) {
    return -1;
  }
}

namespace internal {

Status TooLarge(const ReadLimits& limits) {
  return Status(Code::kInvalidArgument, "sheet.too_large",
                {{"max_rows", std::to_string(limits.max_rows)},
                 {"max_mb", std::to_string((limits.max_bytes + (1 << 20) - 1) >> 20)}});
}

namespace {
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}
}  // namespace

Status RowEmitter::Emit(int64_t row_number, std::vector<std::string_view>& cells) {
  bool any = false;
  for (auto& c : cells) {
    c = Trim(c);
    any = any || !c.empty();
  }
  if (!any) return Status::Ok();
  if (!have_header_) {
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    have_header_ = true;
    width_ = cells.size();
    return on_header_(row_number, cells);
  }
  while (cells.size() > width_ && cells.back().empty()) cells.pop_back();
  if (cells.size() < width_) cells.resize(width_);
  if (++rows_ > max_rows_) return TooLarge(limits_);
  return on_row_(row_number, cells);
}

Status RowEmitter::Finish() const {
  if (!have_header_) return InvalidArgument("sheet.empty");
  return Status::Ok();
}

}  // namespace internal
}  // namespace jj::io
