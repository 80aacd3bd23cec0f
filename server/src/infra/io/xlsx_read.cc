// xlsx reading: libzip over the in-memory bytes; pugixml for the small parts
// (workbook, relationships, styles); a streaming tokenizer for the sheet and
// the shared strings, which may be hundreds of megabytes.
#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <pugixml.hpp>
#include <string>

#include "infra/io/sheet.h"
#include "infra/io/sheet_internal.h"

namespace jj::io::internal {
namespace {

constexpr int kMaxColumns = 16384;  // Excel's XFD
constexpr size_t kChunk = 64 * 1024;

Status BadXlsx(std::string detail) {
  return Status(Code::kInvalidArgument, "sheet.bad_xlsx", {{"detail", std::move(detail)}});
}

std::string_view LocalName(std::string_view name) {
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends `raw` with XML entities decoded and, for `ooxml_escapes`, Excel's
// _xHHHH_ escapes of control characters. Unknown entities stay literal.
void AppendDecoded(std::string_view raw, bool ooxml_escapes, std::string* out) {
  size_t i = 0, n = raw.size();
  while (i < n) {
    size_t j = i;
    while (j < n && raw[j] != '&' && (!ooxml_escapes || raw[j] != '_')) ++j;
    out->append(raw.substr(i, j - i));
    if (j >= n) break;
    i = j;
    if (raw[i] == '_') {
      if (i + 6 < n && raw[i + 1] == 'x' && raw[i + 6] == '_') {
        uint32_t cp = 0;
        bool ok = true;
        for (size_t k = i + 2; k < i + 6; ++k) {
          int h = HexValue(raw[k]);
          ok = ok && h >= 0;
          cp = cp * 16 + static_cast<uint32_t>(h < 0 ? 0 : h);
        }
        if (ok) {
          if (cp == 0) cp = 0xFFFD;
          AppendUtf8(cp, out);
          i += 7;
          continue;
        }
      }
      out->push_back('_');
      ++i;
      continue;
    }
    size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out->push_back('&');
      ++i;
      continue;
    }
    std::string_view ent = raw.substr(i + 1, semi - i - 1);
    if (ent == "amp") {
      out->push_back('&');
    } else if (ent == "lt") {
      out->push_back('<');
    } else if (ent == "gt") {
      out->push_back('>');
    } else if (ent == "quot") {
      out->push_back('"');
    } else if (ent == "apos") {
      out->push_back('\'');
    } else if (ent.size() >= 2 && ent[0] == '#') {
      uint32_t cp = 0;
      bool ok = true;
      bool hex = ent[1] == 'x' || ent[1] == 'X';
      std::string_view digits = ent.substr(hex ? 2 : 1);
      if (digits.empty()) ok = false;
      for (char c : digits) {
        int v = hex ? HexValue(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
        if (v < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      }
      if (!ok) {
        out->push_back('&');
        ++i;
        continue;
      }
      AppendUtf8(cp, out);
    } else {
      out->push_back('&');
      ++i;
      continue;
    }
    i = semi + 1;
  }
}

// ---------------------------------------------------------------- zip

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
using ZipFilePtr = std::unique_ptr<zip_file_t, ZipFileCloser>;

Status OpenZip(std::string_view bytes, ZipPtr* out) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (src == nullptr) {
    std::string detail = zip_error_strerror(&err);
    zip_error_fini(&err);
    return BadXlsx(detail);
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (z == nullptr) {
    zip_source_free(src);
    std::string detail = zip_error_strerror(&err);
    zip_error_fini(&err);
    return BadXlsx("zip: " + detail);
  }
  zip_error_fini(&err);
  out->reset(z);
  return Status::Ok();
}

// Reads one zip entry in chunks, charging every uncompressed byte to a shared
// budget so that a zip bomb stops at limits.max_bytes, whatever the headers claim.
class EntryReader {
 public:
  EntryReader(int64_t* budget, const ReadLimits& limits) : budget_(budget), limits_(limits) {}

  // Not found is not an error here: *found tells. With `check_size`, an entry
  // whose declared size exceeds the budget is refused before inflating it.
  Status Open(zip_t* z, const std::string& name, bool* found, bool check_size = true) {
    zip_int64_t idx = zip_name_locate(z, name.c_str(), 0);
    if (idx < 0) idx = zip_name_locate(z, name.c_str(), ZIP_FL_NOCASE);
    *found = idx >= 0;
    if (idx < 0) return Status::Ok();
    zip_stat_t st;
    zip_stat_init(&st);
    if (check_size && zip_stat_index(z, static_cast<zip_uint64_t>(idx), 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > static_cast<zip_uint64_t>(*budget_)) {
      return TooLarge(limits_);
    }
    file_.reset(zip_fopen_index(z, static_cast<zip_uint64_t>(idx), 0));
    if (!file_) return BadXlsx("cannot open " + name + ": " + zip_strerror(z));
    name_ = name;
    return Status::Ok();
  }

  // Appends up to kChunk bytes; *eof when the entry is done.
  Status Read(std::string* buf, bool* eof) {
    size_t old = buf->size();
    buf->resize(old + kChunk);
    zip_int64_t got = zip_fread(file_.get(), buf->data() + old, kChunk);
    if (got < 0) {
      buf->resize(old);
      return BadXlsx("cannot read " + name_ + ": " + zip_file_strerror(file_.get()));
    }
    buf->resize(old + static_cast<size_t>(got));
    *budget_ -= got;
    if (*budget_ < 0) return TooLarge(limits_);
    *eof = got == 0;
    return Status::Ok();
  }

  Status ReadAll(std::string* out) {
    bool eof = false;
    while (!eof) JJ_RETURN_IF_ERROR(Read(out, &eof));
    return Status::Ok();
  }

 private:
  int64_t* budget_;
  const ReadLimits& limits_;
  ZipFilePtr file_;
  std::string name_;
};

// ---------------------------------------------------------------- streaming XML

struct Token {
  enum Kind { kStart, kEnd, kText, kEof } kind = kEof;
  std::string_view name;   // local name for kStart / kEnd
  std::string_view attrs;  // raw attribute text for kStart
  bool self_closing = false;
  std::string_view text;  // raw (undecoded) for kText
  bool cdata = false;
};

// A pull tokenizer over a zip entry. Token views stay valid until the next
// call. Enough XML for OOXML parts: no DTD processing, no entity expansion
// beyond the predefined and numeric ones (so no "billion laughs").
#define JJ_XML_TRY(expr)       \
  do {                         \
    if (!(expr)) return false; \
  } while (0)

class XmlStream {
 public:
  explicit XmlStream(EntryReader* reader) : reader_(reader) {}

  // False on an error, then status() says which. (Plain bools on this hot
  // path: building a Status per token cost a third of the scan time.)
  bool Next(Token* t) {
    if (pos_ > kChunk && pos_ * 2 > buf_.size()) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    for (;;) {
      if (pos_ >= buf_.size()) {
        if (eof_) {
          t->kind = Token::kEof;
          return true;
        }
        JJ_XML_TRY(Fill());
        continue;
      }
      if (buf_[pos_] != '<') {
        size_t lt;
        JJ_XML_TRY(Find("<", pos_, &lt));
        size_t end = lt == std::string::npos ? buf_.size() : lt;
        t->kind = Token::kText;
        t->cdata = false;
        t->text = std::string_view(buf_).substr(pos_, end - pos_);
        pos_ = end;
        return true;
      }
      // Make sure a few bytes of lookahead are present.
      while (buf_.size() - pos_ < 9 && !eof_) JJ_XML_TRY(Fill());
      std::string_view head = std::string_view(buf_).substr(pos_, 9);
      if (head.substr(0, 2) == "<?") {
        JJ_XML_TRY(Skip("?>"));
        continue;
      }
      if (head.substr(0, 4) == "<!--") {
        JJ_XML_TRY(Skip("-->"));
        continue;
      }
      if (head == "<![CDATA[") {
        size_t close;
        JJ_XML_TRY(Find("]]>", pos_ + 9, &close));
        if (close == std::string::npos) return Fail("unterminated CDATA");
        t->kind = Token::kText;
        t->cdata = true;
        t->text = std::string_view(buf_).substr(pos_ + 9, close - pos_ - 9);
        pos_ = close + 3;
        return true;
      }
      if (head.substr(0, 2) == "<!") {
        JJ_XML_TRY(Skip(">"));
        continue;
      }
      return Tag(t);
    }
  }

  const Status& status() const { return status_; }

 private:
  bool Fail(std::string detail) {
    status_ = BadXlsx(std::move(detail));
    return false;
  }

  bool Fill() {
    bool eof = false;
    status_ = reader_->Read(&buf_, &eof);
    if (!status_.ok()) return false;
    if (eof) eof_ = true;
    return true;
  }

  // Finds `pat` at or after `from`, reading more as needed; npos at EOF.
  bool Find(std::string_view pat, size_t from, size_t* at) {
    size_t start = from;
    for (;;) {
      size_t r = buf_.find(pat, from);
      if (r != std::string::npos || eof_) {
        *at = r;
        return true;
      }
      from = std::max(start, buf_.size() >= pat.size() ? buf_.size() - pat.size() + 1 : start);
      JJ_XML_TRY(Fill());
    }
  }

  bool Skip(std::string_view terminator) {
    size_t at;
    JJ_XML_TRY(Find(terminator, pos_ + 1, &at));
    if (at == std::string::npos) return Fail("truncated XML");
    pos_ = at + terminator.size();
    return true;
  }

  bool Tag(Token* t) {
    // Scan to the closing '>' outside attribute quotes: a tight loop to the
    // next '>' or quote, then memchr over each quoted value.
    size_t i = pos_ + 1;
    for (;;) {
      size_t n = buf_.size();
      const char* data = buf_.data();
      while (i < n && data[i] != '>' && data[i] != '"' && data[i] != '\'') ++i;
      if (i >= n) {
        if (eof_) return Fail("truncated XML");
        JJ_XML_TRY(Fill());
        continue;
      }
      if (data[i] == '>') break;
      const void* close = std::memchr(data + i + 1, data[i], n - i - 1);
      if (close == nullptr) {
        if (eof_) return Fail("truncated XML");
        JJ_XML_TRY(Fill());  // i stays on the opening quote
        continue;
      }
      i = static_cast<size_t>(static_cast<const char*>(close) - data) + 1;
    }
    std::string_view body = std::string_view(buf_).substr(pos_ + 1, i - pos_ - 1);
    pos_ = i + 1;
    if (!body.empty() && body[0] == '/') {
      body.remove_prefix(1);
      size_t e = 0;
      while (e < body.size() && body[e] != ' ' && body[e] != '\t' && body[e] != '\r' && body[e] != '\n') ++e;
      t->kind = Token::kEnd;
      t->name = LocalName(body.substr(0, e));
      return true;
    }
    t->self_closing = !body.empty() && body.back() == '/';
    if (t->self_closing) body.remove_suffix(1);
    size_t e = 0;
    while (e < body.size() && body[e] != ' ' && body[e] != '\t' && body[e] != '\r' && body[e] != '\n') ++e;
    if (e == 0) return Fail("malformed tag");
    t->kind = Token::kStart;
    t->name = LocalName(body.substr(0, e));
    t->attrs = body.substr(e);
    return true;
  }

  EntryReader* reader_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  Status status_;
};

#undef JJ_XML_TRY

// The raw value of attribute `name` (exact, unprefixed) in a tag's attribute text.
bool Attr(std::string_view attrs, std::string_view name, std::string_view* value) {
  size_t i = 0, n = attrs.size();
  while (i < n) {
    while (i < n && (attrs[i] == ' ' || attrs[i] == '\t' || attrs[i] == '\r' || attrs[i] == '\n')) ++i;
    size_t ns = i;
    while (i < n && attrs[i] != '=' && attrs[i] != ' ') ++i;
    std::string_view key = attrs.substr(ns, i - ns);
    while (i < n && attrs[i] == ' ') ++i;
    if (i >= n || attrs[i] != '=') return false;
    ++i;
    while (i < n && attrs[i] == ' ') ++i;
    if (i >= n || (attrs[i] != '"' && attrs[i] != '\'')) return false;
    char q = attrs[i++];
    size_t vs = i;
    while (i < n && attrs[i] != q) ++i;
    if (i >= n) return false;
    if (key == name) {
      *value = attrs.substr(vs, i - vs);
      return true;
    }
    ++i;
  }
  return false;
}

// ---------------------------------------------------------------- workbook parts

struct Workbook {
  std::string sheet_path;
  std::string shared_strings_path = "xl/sharedStrings.xml";
  std::string styles_path = "xl/styles.xml";
  bool date1904 = false;
};

pugi::xml_node Child(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node n : parent.children()) {
    if (LocalName(n.name()) == local) return n;
  }
  return {};
}

std::string ResolveTarget(std::string_view target) {
  std::string path;
  if (!target.empty() && target[0] == '/') {
    path = std::string(target.substr(1));
  } else {
    path = "xl/" + std::string(target);
  }
  // Collapse "dir/../".
  for (size_t p; (p = path.find("/../")) != std::string::npos;) {
    size_t prev = path.rfind('/', p == 0 ? 0 : p - 1);
    path.erase(prev == std::string::npos ? 0 : prev + 1, p + 4 - (prev == std::string::npos ? 0 : prev + 1));
  }
  return path;
}

Status ParseSmall(EntryReader* reader, pugi::xml_document* doc, const char* what) {
  std::string text;
  JJ_RETURN_IF_ERROR(reader->ReadAll(&text));
  pugi::xml_parse_result r = doc->load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) return BadXlsx(std::string(what) + ": " + r.description());
  return Status::Ok();
}

Status ReadWorkbook(zip_t* z, int64_t* budget, const ReadLimits& limits, Workbook* wb) {
  std::string rid;
  {
    EntryReader reader(budget, limits);
    bool found = false;
    JJ_RETURN_IF_ERROR(reader.Open(z, "xl/workbook.xml", &found));
    if (found) {
      pugi::xml_document doc;
      JJ_RETURN_IF_ERROR(ParseSmall(&reader, &doc, "workbook.xml"));
      pugi::xml_node root = doc.document_element();
      pugi::xml_node pr = Child(root, "workbookPr");
      std::string_view d1904 = pr.attribute("date1904").value();
      wb->date1904 = d1904 == "1" || d1904 == "true";
      pugi::xml_node first, first_visible;
      for (pugi::xml_node s : Child(root, "sheets").children()) {
        if (LocalName(s.name()) != "sheet") continue;
        if (!first) first = s;
        std::string_view state = s.attribute("state").value();
        if (!first_visible && state != "hidden" && state != "veryHidden") first_visible = s;
      }
      pugi::xml_node chosen = first_visible ? first_visible : first;
      for (pugi::xml_attribute a : chosen.attributes()) {
        std::string_view name = a.name();
        if (name.size() > 3 && name.substr(name.size() - 3) == ":id") rid = a.value();
      }
    }
  }
  {
    EntryReader reader(budget, limits);
    bool found = false;
    JJ_RETURN_IF_ERROR(reader.Open(z, "xl/_rels/workbook.xml.rels", &found));
    if (found) {
      pugi::xml_document doc;
      JJ_RETURN_IF_ERROR(ParseSmall(&reader, &doc, "workbook.xml.rels"));
      for (pugi::xml_node r : doc.document_element().children()) {
        if (LocalName(r.name()) != "Relationship") continue;
        std::string_view type = r.attribute("Type").value();
        std::string_view target = r.attribute("Target").value();
        if (target.empty()) continue;
        if (!rid.empty() && rid == r.attribute("Id").value()) wb->sheet_path = ResolveTarget(target);
        if (type.ends_with("/sharedStrings")) wb->shared_strings_path = ResolveTarget(target);
        if (type.ends_with("/styles")) wb->styles_path = ResolveTarget(target);
      }
    }
  }
  if (wb->sheet_path.empty()) wb->sheet_path = "xl/worksheets/sheet1.xml";
  return Status::Ok();
}

// Whether a custom number format code shows a date: y, d, or m without h/s
// (minutes), outside quoted text, [brackets] and \-escaped characters.
bool IsDateFormatCode(std::string_view code) {
  bool y = false, m = false, d = false, hs = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {
      size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '[') {
      size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (c == ';') {
      break;  // the positive-number section decides
    } else {
      char l = static_cast<char>(c | 0x20);
      y = y || l == 'y';
      m = m || l == 'm';
      d = d || l == 'd';
      hs = hs || l == 'h' || l == 's';
    }
  }
  return y || d || (m && !hs);
}

bool IsBuiltinDateFormat(int id) {
  // 14-22 and 45-47 everywhere; 27-36 and 50-58 are the date/time formats of
  // the Chinese, Japanese and Korean Excel builds.
  return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

Status ReadStyles(zip_t* z, const std::string& path, int64_t* budget, const ReadLimits& limits,
                  std::vector<bool>* date_styles) {
  EntryReader reader(budget, limits);
  bool found = false;
  JJ_RETURN_IF_ERROR(reader.Open(z, path, &found));
  if (!found) return Status::Ok();
  pugi::xml_document doc;
  JJ_RETURN_IF_ERROR(ParseSmall(&reader, &doc, "styles.xml"));
  pugi::xml_node root = doc.document_element();
  std::vector<int> custom_dates;
  for (pugi::xml_node f : Child(root, "numFmts").children()) {
    if (LocalName(f.name()) != "numFmt") continue;
    if (IsDateFormatCode(f.attribute("formatCode").value())) custom_dates.push_back(f.attribute("numFmtId").as_int());
  }
  for (pugi::xml_node xf : Child(root, "cellXfs").children()) {
    if (LocalName(xf.name()) != "xf") continue;
    int id = xf.attribute("numFmtId").as_int();
    bool date = IsBuiltinDateFormat(id);
    for (int c : custom_dates) date = date || c == id;
    date_styles->push_back(date);
  }
  return Status::Ok();
}

struct SharedStrings {
  std::string pool;
  std::vector<size_t> starts;  // string i is pool[starts[i], starts[i+1])
  std::string_view Get(size_t i) const { return std::string_view(pool).substr(starts[i], starts[i + 1] - starts[i]); }
  size_t size() const { return starts.size() - 1; }
};

Status ReadSharedStrings(zip_t* z, const std::string& path, int64_t* budget, const ReadLimits& limits,
                         SharedStrings* ss) {
  ss->starts.push_back(0);
  EntryReader reader(budget, limits);
  bool found = false;
  JJ_RETURN_IF_ERROR(reader.Open(z, path, &found));
  if (!found) return Status::Ok();
  XmlStream xml(&reader);
  Token t;
  bool in_si = false, in_t = false;
  int rph = 0;  // depth inside <rPh> (phonetic hints whose <t> is not cell text)
  for (;;) {
    if (!xml.Next(&t)) return xml.status();
    if (t.kind == Token::kEof) break;
    if (t.kind == Token::kStart) {
      if (t.name == "si") {
        in_si = !t.self_closing;
        if (t.self_closing) ss->starts.push_back(ss->pool.size());
      } else if (t.name == "rPh" && !t.self_closing) {
        ++rph;
      } else if (t.name == "t" && !t.self_closing) {
        in_t = true;
      }
    } else if (t.kind == Token::kEnd) {
      if (t.name == "si" && in_si) {
        in_si = false;
        ss->starts.push_back(ss->pool.size());
      } else if (t.name == "rPh" && rph > 0) {
        --rph;
      } else if (t.name == "t") {
        in_t = false;
      }
    } else if (t.kind == Token::kText && in_si && in_t && rph == 0) {
      if (t.cdata) {
        ss->pool.append(t.text);
      } else {
        AppendDecoded(t.text, true, &ss->pool);
      }
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- cell values

void AppendDate(int64_t serial, bool date1904, std::string* out) {
  int64_t days;  // since 1970-01-01
  if (date1904) {
    days = serial - 24107;
  } else if (serial == 60) {
    out->append("1900-02-29");  // Excel's phantom leap day (the Lotus bug)
    return;
  } else {
    days = serial < 60 ? serial - 25568 : serial - 25569;
  }
  // Howard Hinnant's civil_from_days.
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  out->append(buf);
}

bool IsIntegerLiteral(std::string_view v) {
  size_t i = !v.empty() && v[0] == '-' ? 1 : 0;
  if (i >= v.size()) return false;
  for (; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9') return false;
  }
  return true;
}

void AppendDouble(double d, std::string* out) {
  if (d == 0) {
    out->push_back('0');
    return;
  }
  char buf[64];
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(d));
    out->append(buf, r.ptr);
    return;
  }
  if (d == std::floor(d) && std::fabs(d) < 1e21) {
    // A big integer stored as a double: write the shortest digits that
    // round-trip, padded with zeros, never "1.1E+17".
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view s(buf, r.ptr - buf);
    size_t e = s.find('e');
    int exp = std::atoi(std::string(s.substr(e + 1)).c_str());
    std::string digits;
    for (char c : s.substr(0, e)) {
      if (c == '-') out->push_back('-');
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    while (static_cast<int>(digits.size()) < exp + 1) digits.push_back('0');
    out->append(digits);
    return;
  }
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  out->append(buf, r.ptr);
}

void AppendNumber(std::string_view v, bool date, bool date1904, std::string* out) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.empty()) return;
  bool integer = IsIntegerLiteral(v);
  if (integer && !date) {
    out->append(v);  // exactly as written: 15-18 digit IDs keep every digit
    return;
  }
  double d = 0;
  auto r = std::from_chars(v.data(), v.data() + v.size(), d);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size() || !std::isfinite(d)) {
    out->append(v);
    return;
  }
  if (date && d >= (date1904 ? 0 : 1) && d < 2958466) {
    AppendDate(static_cast<int64_t>(std::floor(d)), date1904, out);
    return;
  }
  if (integer) {
    out->append(v);
    return;
  }
  AppendDouble(d, out);
}

// "B12" → column 1 (0-based); -1 if there are no letters or too many.
int ColumnOf(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
    col = col * 26 + (ref[i] - 'A' + 1);
    if (col > kMaxColumns) return -1;
  }
  return i == 0 ? -1 : col - 1;
}

bool ParseInt(std::string_view s, int64_t* out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// ---------------------------------------------------------------- the sheet

class SheetScanner {
 public:
  SheetScanner(const SharedStrings& ss, const std::vector<bool>& date_styles, bool date1904)
      : ss_(ss), date_styles_(date_styles), date1904_(date1904) {}

  Status Run(XmlStream& xml, RowEmitter& emitter) {
    Token t;
    bool in_row = false;
    for (;;) {
      if (!xml.Next(&t)) return xml.status();
      if (t.kind == Token::kEof) break;
      if (t.kind == Token::kStart) {
        if (t.name == "row") {
          if (in_row) JJ_RETURN_IF_ERROR(EmitRow(emitter));
          StartRow(t.attrs);
          in_row = !t.self_closing;
        } else if (t.name == "c") {
          if (!StartCell(t.attrs)) return error_;
          if (t.self_closing && !EndCell()) return error_;
        } else if (t.name == "v" && in_cell_) {
          in_v_ = !t.self_closing;
        } else if (t.name == "is" && in_cell_) {
          in_is_ = !t.self_closing;
        } else if (t.name == "t" && in_is_) {
          in_t_ = !t.self_closing;
        } else if (t.name == "rPh" && !t.self_closing) {
          ++rph_;
        }
      } else if (t.kind == Token::kEnd) {
        if (t.name == "row") {
          if (in_row) JJ_RETURN_IF_ERROR(EmitRow(emitter));
          in_row = false;
        } else if (t.name == "c") {
          if (in_cell_ && !EndCell()) return error_;
        } else if (t.name == "v") {
          in_v_ = false;
        } else if (t.name == "is") {
          in_is_ = false;
        } else if (t.name == "t") {
          in_t_ = false;
        } else if (t.name == "rPh") {
          if (rph_ > 0) --rph_;
        } else if (t.name == "sheetData") {
          break;
        }
      } else if (t.kind == Token::kText && in_cell_ && rph_ == 0 && (in_v_ || (in_is_ && in_t_))) {
        if (t.cdata) {
          value_.append(t.text);
        } else {
          AppendDecoded(t.text, true, &value_);
        }
      }
    }
    if (in_row) JJ_RETURN_IF_ERROR(EmitRow(emitter));
    return Status::Ok();
  }

 private:
  struct Span {
    size_t off = 0;
    size_t len = 0;
  };

  void StartRow(std::string_view attrs) {
    std::string_view r;
    int64_t n;
    row_number_ = Attr(attrs, "r", &r) && ParseInt(r, &n) && n > 0 ? n : row_number_ + 1;
    spans_.clear();
    row_buf_.clear();
    next_col_ = 0;
  }

  // StartCell and EndCell return false with error_ set (no Status per cell).
  bool Fail(std::string detail) {
    error_ = BadXlsx(std::move(detail));
    return false;
  }

  bool StartCell(std::string_view attrs) {
    col_ = next_col_;
    std::string_view ref, type = "n", style;
    // One pass over the attributes (this runs for every cell).
    size_t i = 0, n = attrs.size();
    while (i < n) {
      while (i < n && (attrs[i] == ' ' || attrs[i] == '\t' || attrs[i] == '\r' || attrs[i] == '\n')) ++i;
      size_t ks = i;
      while (i < n && attrs[i] != '=' && attrs[i] != ' ') ++i;
      std::string_view key = attrs.substr(ks, i - ks);
      while (i < n && attrs[i] != '"' && attrs[i] != '\'') ++i;
      if (i >= n) break;
      char q = attrs[i++];
      size_t vs = i;
      while (i < n && attrs[i] != q) ++i;
      std::string_view value = attrs.substr(vs, i - vs);
      ++i;
      if (key.size() != 1) continue;
      if (key[0] == 'r') ref = value;
      if (key[0] == 't') type = value;
      if (key[0] == 's') style = value;
    }
    if (!ref.empty()) {
      int c = ColumnOf(ref);
      if (c < 0) return Fail("bad cell reference");
      col_ = c;
    }
    if (col_ >= kMaxColumns) return Fail("too many columns");
    type_buf_.assign(type);
    int64_t s = 0;
    date_ = !style.empty() && ParseInt(style, &s) && s >= 0 && static_cast<size_t>(s) < date_styles_.size() &&
            date_styles_[static_cast<size_t>(s)];
    value_.clear();
    in_cell_ = true;
    in_v_ = in_is_ = in_t_ = false;
    return true;
  }

  bool EndCell() {
    in_cell_ = false;
    in_v_ = in_is_ = in_t_ = false;
    next_col_ = col_ + 1;
    size_t off = row_buf_.size();
    const std::string& type = type_buf_;
    if (type == "s") {
      int64_t idx;
      std::string_view v = value_;
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      if (!v.empty()) {
        if (!ParseInt(v, &idx) || idx < 0 || static_cast<size_t>(idx) >= ss_.size()) {
          return Fail("shared string index out of range");
        }
        row_buf_.append(ss_.Get(static_cast<size_t>(idx)));
      }
    } else if (type == "b") {
      if (!value_.empty()) row_buf_.append(value_ == "1" || value_ == "true" ? "TRUE" : "FALSE");
    } else if (type == "n") {
      AppendNumber(value_, date_, date1904_, &row_buf_);
    } else if (type == "d") {
      // ISO 8601 date cell: keep the date part.
      std::string_view v = value_;
      row_buf_.append(v.substr(0, v.find('T')));
    } else {  // str, inlineStr, e
      row_buf_.append(value_);
    }
    if (spans_.size() <= static_cast<size_t>(col_)) spans_.resize(static_cast<size_t>(col_) + 1);
    spans_[static_cast<size_t>(col_)] = {off, row_buf_.size() - off};
    return true;
  }

  Status EmitRow(RowEmitter& emitter) {
    cells_.clear();
    for (const Span& s : spans_) cells_.push_back(std::string_view(row_buf_).substr(s.off, s.len));
    Status st = emitter.Emit(row_number_, cells_);
    spans_.clear();
    row_buf_.clear();
    return st;
  }

  const SharedStrings& ss_;
  const std::vector<bool>& date_styles_;
  bool date1904_;
  int64_t row_number_ = 0;
  int next_col_ = 0;
  int col_ = 0;
  std::string type_buf_;  // the t attribute, copied: token views die on the next read
  bool date_ = false;
  bool in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false;
  int rph_ = 0;
  std::string value_;
  std::string row_buf_;
  std::vector<Span> spans_;
  std::vector<std::string_view> cells_;
  Status error_;
};

}  // namespace

Status ReadXlsx(std::string_view bytes, const RowFn& on_header, const RowFn& on_row, const ReadLimits& limits) {
  ZipPtr zip;
  JJ_RETURN_IF_ERROR(OpenZip(bytes, &zip));
  int64_t budget = limits.max_bytes;
  Workbook wb;
  JJ_RETURN_IF_ERROR(ReadWorkbook(zip.get(), &budget, limits, &wb));
  std::vector<bool> date_styles;
  JJ_RETURN_IF_ERROR(ReadStyles(zip.get(), wb.styles_path, &budget, limits, &date_styles));
  SharedStrings ss;
  JJ_RETURN_IF_ERROR(ReadSharedStrings(zip.get(), wb.shared_strings_path, &budget, limits, &ss));

  EntryReader reader(&budget, limits);
  bool found = false;
  JJ_RETURN_IF_ERROR(reader.Open(zip.get(), wb.sheet_path, &found));
  if (!found) return BadXlsx("no worksheet " + wb.sheet_path);
  XmlStream xml(&reader);
  RowEmitter emitter(on_header, on_row, limits);
  SheetScanner scanner(ss, date_styles, wb.date1904);
  JJ_RETURN_IF_ERROR(scanner.Run(xml, emitter));
  return emitter.Finish();
}

int64_t EstimateXlsxRows(std::string_view bytes) {
  // The sheet's <dimension ref="A1:M100001"/> comes first: inflate only its
  // first chunk.
  ZipPtr zip;
  if (!OpenZip(bytes, &zip).ok()) return -1;
  ReadLimits limits;
  limits.max_bytes = 16 << 20;
  int64_t budget = limits.max_bytes;
  Workbook wb;
  if (!ReadWorkbook(zip.get(), &budget, limits, &wb).ok()) return -1;
  EntryReader reader(&budget, limits);
  bool found = false;
  if (!reader.Open(zip.get(), wb.sheet_path, &found, /*check_size=*/false).ok() || !found) return -1;
  std::string head;
  bool eof = false;
  while (head.size() < 4096 && !eof) {
    if (!reader.Read(&head, &eof).ok()) return -1;
  }
  size_t at = head.find("<dimension ");
  if (at == std::string::npos) return -1;
  size_t end = head.find('>', at);
  if (end == std::string::npos) return -1;
  std::string_view ref;
  if (!Attr(std::string_view(head).substr(at + 11, end - at - 11), "ref", &ref)) return -1;
  size_t colon = ref.find(':');
  std::string_view last = colon == std::string_view::npos ? ref : ref.substr(colon + 1);
  while (!last.empty() && last.front() >= 'A' && last.front() <= 'Z') last.remove_prefix(1);
  int64_t rows;
  if (!ParseInt(last, &rows) || rows < 1) return -1;
  return rows - 1;
}

}  // namespace jj::io::internal
