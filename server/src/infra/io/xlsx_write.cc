// xlsx writing over libxlsxwriter in constant-memory mode: each worksheet is
// streamed to a temp file row by row, so exports of any size use little memory.
#include <xlsxwriter.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "infra/io/sheet.h"

namespace jj::io {

namespace {
constexpr size_t kInlineListMax = 255;  // Excel's limit on an inline dropdown list
constexpr lxw_row_t kLastRow = LXW_ROW_MAX - 1;

// Excel sheet names: at most 31 characters, none of []:*?/\ and unique.
std::string SheetName(const std::string& wanted, std::set<std::string>* used) {
  std::string base;
  size_t chars = 0;
  for (size_t i = 0; i < wanted.size() && chars < 26;) {
    unsigned char c = static_cast<unsigned char>(wanted[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len > wanted.size()) break;
    std::string ch = wanted.substr(i, len);
    if (len == 1 && std::string_view("[]:*?/\\").find(ch[0]) != std::string_view::npos) ch = "_";
    base += ch;
    i += len;
    ++chars;
  }
  if (base.empty()) base = "Sheet";
  std::string name = base;
  for (int n = 2; used->count(name) > 0; ++n) name = base + "(" + std::to_string(n) + ")";
  used->insert(name);
  return name;
}

bool ParseNumber(const std::string& s, double* d) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *d);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(*d);
}
}  // namespace

struct XlsxWriter::Impl {
  lxw_workbook* wb = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* text = nullptr;
  lxw_format* text_red = nullptr;
  lxw_format* red = nullptr;
  lxw_worksheet* ws = nullptr;
  std::vector<XlsxColumn> columns;
  lxw_row_t row = 0;
  // The hidden sheet holding long dropdown lists, one after another down
  // column A (rows only ever grow, as constant-memory mode requires).
  lxw_worksheet* lists = nullptr;
  lxw_row_t lists_row = 0;
  std::set<std::string> names;
  std::string error;
  bool closed = false;
};

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::Create(const std::string& path) {
  // libxlsxwriter only opens the file on close; find out now.
  std::FILE* probe = std::fopen(path.c_str(), "wb");
  if (probe == nullptr) return Internal("cannot create " + path);
  std::fclose(probe);
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = nullptr;
  options.use_zip64 = LXW_FALSE;
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  if (wb == nullptr) return Internal("cannot create workbook " + path);
  std::unique_ptr<XlsxWriter> w(new XlsxWriter());
  w->impl_ = std::make_unique<Impl>();
  Impl& m = *w->impl_;
  m.wb = wb;
  m.bold = workbook_add_format(wb);
  format_set_bold(m.bold);
  m.text = workbook_add_format(wb);
  format_set_num_format(m.text, "@");
  m.text_red = workbook_add_format(wb);
  format_set_num_format(m.text_red, "@");
  format_set_bg_color(m.text_red, 0xFFC7CE);
  m.red = workbook_add_format(wb);
  format_set_bg_color(m.red, 0xFFC7CE);
  m.names.insert("lists");
  return w;
}

XlsxWriter::~XlsxWriter() {
  if (impl_ && !impl_->closed) (void)Close();
}

void XlsxWriter::AddSheet(const std::string& name, const std::vector<XlsxColumn>& columns) {
  Impl& m = *impl_;
  if (m.closed) return;
  std::string sheet_name = SheetName(name, &m.names);
  m.ws = workbook_add_worksheet(m.wb, sheet_name.c_str());
  m.columns = columns;
  m.row = 0;
  if (m.ws == nullptr) {
    if (m.error.empty()) m.error = "cannot add worksheet " + sheet_name;
    return;
  }
  worksheet_freeze_panes(m.ws, 1, 0);
  for (size_t i = 0; i < columns.size(); ++i) {
    const XlsxColumn& c = columns[i];
    auto col = static_cast<lxw_col_t>(i);
    worksheet_set_column(m.ws, col, col, c.width, c.text ? m.text : nullptr);
    worksheet_write_string(m.ws, 0, col, c.header.c_str(), m.bold);
    if (c.choices.empty()) continue;

    size_t joined = 0;
    bool plain = true;
    for (const std::string& s : c.choices) {
      joined += s.size() + 1;
      plain = plain && s.find_first_of(",\"") == std::string::npos;
    }
    lxw_data_validation dv = {};
    dv.validate = LXW_VALIDATION_TYPE_LIST;
    std::vector<char*> list;
    std::string formula;
    if (plain && joined - 1 <= kInlineListMax) {
      for (const std::string& s : c.choices) list.push_back(const_cast<char*>(s.c_str()));
      list.push_back(nullptr);
      dv.value_list = list.data();
    } else {
      if (m.lists == nullptr) {
        m.lists = workbook_add_worksheet(m.wb, "lists");
        if (m.lists == nullptr) {
          if (m.error.empty()) m.error = "cannot add the lists worksheet";
          continue;
        }
        worksheet_hide(m.lists);
      }
      lxw_row_t first = m.lists_row;
      for (const std::string& s : c.choices) worksheet_write_string(m.lists, m.lists_row++, 0, s.c_str(), nullptr);
      formula = "=lists!$A$" + std::to_string(first + 1) + ":$A$" + std::to_string(m.lists_row);
      dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      dv.value_formula = formula.data();
    }
    lxw_error err = worksheet_data_validation_range(m.ws, 1, col, kLastRow, col, &dv);
    if (err != LXW_NO_ERROR && m.error.empty()) m.error = lxw_strerror(err);
  }
}

void XlsxWriter::AppendRow(const std::vector<std::string>& cells, const std::vector<bool>& highlight) {
  Impl& m = *impl_;
  if (m.closed || m.ws == nullptr) return;
  lxw_row_t r = ++m.row;
  for (size_t i = 0; i < cells.size(); ++i) {
    auto col = static_cast<lxw_col_t>(i);
    bool text = i >= m.columns.size() || m.columns[i].text;
    bool hl = i < highlight.size() && highlight[i];
    lxw_format* f = hl ? (text ? m.text_red : m.red) : (text ? m.text : nullptr);
    const std::string& v = cells[i];
    double d;
    lxw_error err = LXW_NO_ERROR;
    if (v.empty()) {
      if (hl) err = worksheet_write_blank(m.ws, r, col, f);
    } else if (!text && ParseNumber(v, &d)) {
      err = worksheet_write_number(m.ws, r, col, d, f);
    } else {
      err = worksheet_write_string(m.ws, r, col, v.c_str(), f);
    }
    // Past Excel's row or column limits, or a string over 32767 characters:
    // Close() reports the first such error.
    if (err != LXW_NO_ERROR && m.error.empty()) {
      m.error = std::string(lxw_strerror(err)) + " at row " + std::to_string(r + 1);
    }
  }
}

Status XlsxWriter::Close() {
  Impl& m = *impl_;
  if (m.closed) return Status::Ok();
  m.closed = true;
  lxw_error err = workbook_close(m.wb);
  m.wb = nullptr;
  if (err != LXW_NO_ERROR) return Internal(std::string("xlsx: ") + lxw_strerror(err));
  if (!m.error.empty()) return Internal("xlsx: " + m.error);
  return Status::Ok();
}

Result<std::string> XlsxBytes(const std::string& path, const std::function<void(XlsxWriter&)>& fill) {
  auto w = XlsxWriter::Create(path);
  if (!w.ok()) return w.status();
  fill(**w);
  Status st = (*w)->Close();
  std::string bytes;
  if (st.ok()) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) st = Internal("cannot read " + path);
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  if (!st.ok()) return st;
  return bytes;
}

}  // namespace jj::io
