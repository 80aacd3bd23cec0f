// libFuzzer target for the xlsx reader (zip container, workbook parts,
// streaming sheet and shared-string scanner). Inputs that do not start with
// the zip magic get it prepended so the fuzzer always reaches the xlsx path.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "infra/io/sheet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string prefixed;
  if (jj::io::DetectFormat(bytes) != jj::io::SheetFormat::kXlsx) {
    prefixed = std::string("PK\x03\x04", 4);
    prefixed.append(bytes);
    bytes = prefixed;
  }
  jj::io::ReadLimits limits;
  limits.max_rows = 1000;
  limits.max_bytes = 4 << 20;
  size_t width = 0, total = 0;
  auto header = [&](int64_t, const std::vector<std::string_view>& cells) {
    width = cells.size();
    for (auto c : cells) total += c.size();
    return jj::Status::Ok();
  };
  auto row = [&](int64_t, const std::vector<std::string_view>& cells) {
    if (cells.size() < width) __builtin_trap();
    for (auto c : cells) total += c.size();
    return jj::Status::Ok();
  };
  (void)jj::io::ReadSheet(bytes, header, row, limits);
  (void)jj::io::EstimateRows(bytes);
  return 0;
}
