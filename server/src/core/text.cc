#include "core/text.h"

#include <algorithm>

#include "core/date.h"

namespace jj {

std::vector<std::string> SplitList(std::string_view joined, std::string_view separator) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < joined.size()) {
    size_t end = joined.find(separator, pos);
    if (end == std::string_view::npos) end = joined.size();
    if (end > pos) out.emplace_back(joined.substr(pos, end - pos));
    pos = end + separator.size();
  }
  return out;
}

std::string JoinList(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& x : items) {
    if (!out.empty()) out += separator;
    out += x;
  }
  return out;
}

std::string NormalizeDateText(std::string_view v) {
  if (v.size() == 8 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::string(v.substr(0, 4)) + "-" + std::string(v.substr(4, 2)) + "-" + std::string(v.substr(6, 2));
  int parts[3] = {0, 0, 0}, n = 0;
  size_t digits = 0;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      if (++digits > 4) return std::string(v);
      parts[n] = parts[n] * 10 + (c - '0');
    } else if ((c == '-' || c == '/' || c == '.') && digits > 0 && n < 2) {
      ++n;
      digits = 0;
    } else {
      return std::string(v);
    }
  }
  if (n != 2 || digits == 0 || !IsValidDate(parts[0], parts[1], parts[2])) return std::string(v);
  return Date{parts[0], parts[1], parts[2]}.ToString();
}

bool Contains(const std::vector<std::string>& items, std::string_view value) {
  return std::find(items.begin(), items.end(), value) != items.end();
}

}  // namespace jj
