#include "infra/io/columns.h"

#include <nlohmann/json.hpp>

#include "infra/io/sheet.h"

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

Result<HeaderMatch> ImportReport::ReadHeader(const std::vector<std::string_view>& cells,
                                             const std::vector<ColumnSpec>& specs) {
  for (auto c : cells) header.emplace_back(c);
  JJ_ASSIGN_OR_RETURN(HeaderMatch m, MatchHeader(cells, specs));
  unknown_columns = m.unknown;
  return m;
}

void ImportReport::AddBadRow(int64_t row_number, const std::vector<std::string_view>& cells,
                             std::vector<Status>& row_problems,
                             const std::function<int(const std::string& field)>& column_of, size_t cap) {
  ++invalid;
  problem_count += static_cast<int64_t>(row_problems.size());
  if (bad_rows.size() >= cap) return;
  BadRow bad;
  bad.row = row_number;
  bad.cells.assign(cells.begin(), cells.end());
  bad.bad.assign(cells.size(), false);
  for (Status& p : row_problems) {
    int col = column_of(p.field());
    std::string column = col >= 0 && static_cast<size_t>(col) < header.size() ? header[col] : p.field();
    std::string value;
    if (col >= 0 && static_cast<size_t>(col) < cells.size()) {
      bad.bad[col] = true;
      value = std::string(cells[col]);
    }
    bad.reasons += (bad.reasons.empty() ? "" : "；") + column + "：" + p.Message("zh");
    problems.push_back({row_number, std::move(column), std::move(value), std::move(p)});
  }
  bad_rows.push_back(std::move(bad));
}

std::string ReportJson(const ImportReport& r, const std::string& mode, size_t limit) {
  nlohmann::json problems = nlohmann::json::array();
  for (size_t i = 0; i < r.problems.size() && i < limit; ++i) {
    const auto& p = r.problems[i];
    problems.push_back({{"row", p.row},
                        {"column", p.column},
                        {"value", p.value},
                        {"message", p.reason.Message("zh")},
                        {"message_en", p.reason.Message("en")}});
  }
  nlohmann::json changes = nlohmann::json::array();
  for (size_t i = 0; i < r.changes.size() && i < limit; ++i) {
    const auto& c = r.changes[i];
    changes.push_back({{"row", c.row},
                       {"key", c.key},
                       {"name", c.name},
                       {"field", c.field},
                       {"before", c.before},
                       {"after", c.after}});
  }
  return nlohmann::json{{"mode", mode},
                        {"written", r.written},
                        {"rows", r.rows},
                        {"valid", r.valid},
                        {"invalid", r.invalid},
                        {"inserted", r.inserted},
                        {"updated", r.updated},
                        {"unchanged", r.unchanged},
                        {"accounts", r.accounts},
                        {"problem_count", r.problem_count},
                        {"unknown_columns", r.unknown_columns},
                        {"problems", problems},
                        {"changes", changes}}
      .dump();
}

Status WriteErrorReportXlsx(const ImportReport& r, const std::string& path) {
  JJ_ASSIGN_OR_RETURN(auto w, XlsxWriter::Create(path));
  std::vector<XlsxColumn> cols;
  cols.push_back({"行号", 8, {}, true});
  for (const auto& h : r.header) cols.push_back({h, 16, {}, true});
  cols.push_back({"错误说明", 60, {}, true});
  w->AddSheet("错误报告", cols);
  for (const BadRow& b : r.bad_rows) {
    std::vector<std::string> cells;
    std::vector<bool> mark;
    cells.push_back(std::to_string(b.row));
    mark.push_back(false);
    for (size_t i = 0; i < r.header.size(); ++i) {
      cells.push_back(i < b.cells.size() ? b.cells[i] : "");
      mark.push_back(i < b.bad.size() && b.bad[i]);
    }
    cells.push_back(b.reasons);
    mark.push_back(false);
    w->AppendRow(cells, mark);
  }
  return w->Close();
}

}  // namespace jj::io
