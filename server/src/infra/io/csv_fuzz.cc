// libFuzzer target: any bytes read as CSV must give OK or an error Status,
// never a crash, leak, hang or out-of-bounds access.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "infra/io/sheet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (jj::io::DetectFormat(bytes) != jj::io::SheetFormat::kCsv) return 0;
  jj::io::ReadLimits limits;
  limits.max_rows = 1000;
  limits.max_bytes = 1 << 20;
  size_t width = 0, total = 0;
  auto header = [&](int64_t, const std::vector<std::string_view>& cells) {
    width = cells.size();
    for (auto c : cells) total += c.size();
    return jj::Status::Ok();
  };
  auto row = [&](int64_t, const std::vector<std::string_view>& cells) {
    if (cells.size() < width) __builtin_trap();  // rows are padded to the header
    for (auto c : cells) total += c.size();      // touch every view
    return jj::Status::Ok();
  };
  (void)jj::io::ReadSheet(bytes, header, row, limits);
  (void)jj::io::EstimateRows(bytes);
  return 0;
}
