#include "infra/io/columns.h"

namespace jj::io {

namespace {

std::string NormalizeHeader(std::string_view h) {
  std::string s(h);
  auto strip = [&](std::string_view suffix) {
    if (s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) {
      s.resize(s.size() - suffix.size());
      return true;
    }
    return false;
  };
  for (bool again = true; again;) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
    again = strip("*") || strip("＊");
  }
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

Result<HeaderMatch> MatchHeader(const std::vector<std::string_view>& header, const std::vector<ColumnSpec>& specs) {
  HeaderMatch m;
  m.index.assign(specs.size(), -1);
  for (size_t col = 0; col < header.size(); ++col) {
    std::string h = NormalizeHeader(header[col]);
    if (h.empty()) continue;
    bool known = false;
    for (size_t i = 0; i < specs.size() && !known; ++i) {
      for (const auto& name : specs[i].names) {
        if (NormalizeHeader(name) != h) continue;
        if (m.index[i] >= 0)
          return Status(Code::kInvalidArgument, "import.duplicate_column", {{"column", std::string(header[col])}});
        m.index[i] = static_cast<int>(col);
        known = true;
        break;
      }
    }
    if (!known) m.unknown.emplace_back(header[col]);
  }
  for (size_t i = 0; i < specs.size(); ++i)
    if (specs[i].required && m.index[i] < 0)
      return Status(Code::kInvalidArgument, "import.missing_column", {{"column", specs[i].names.front()}});
  return m;
}

}  // namespace jj::io
