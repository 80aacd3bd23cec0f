// CSV: encoding detection and conversion, separator detection, and an
// RFC 4180 scanner that hands out views into the (possibly converted) text.
#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "infra/io/sheet.h"
#include "infra/io/sheet_internal.h"

namespace jj::io {
namespace internal {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF). Returns the offset
// of the first bad byte, or npos.
size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

Status BadEncoding(std::string detail) {
  return Status(Code::kInvalidArgument, "sheet.bad_encoding", {{"detail", std::move(detail)}});
}

// Converts the whole buffer once with glibc iconv.
Status Convert(std::string_view in, const char* from, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return BadEncoding(std::string("no converter from ") + from);
  out->resize(in.size() + in.size() / 2 + 16);
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  size_t done = 0;
  Status status;
  while (src_left > 0) {
    char* dst = out->data() + done;
    size_t dst_left = out->size() - done;
    size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    done = out->size() - dst_left;
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out->resize(out->size() * 2);
      continue;
    }
    status = BadEncoding("not UTF-8 or " + std::string(from) + ": invalid bytes at offset " +
                         std::to_string(in.size() - src_left));
    break;
  }
  iconv_close(cd);
  out->resize(done);
  return status;
}

char DetectSeparator(std::string_view text) {
  // The first line with any content decides.
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      size_t comma = 0, semi = 0, tab = 0;
      bool quoted = false;
      for (char c : line) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        comma += c == ',';
        semi += c == ';';
        tab += c == '\t';
      }
      if (comma > 0) return ',';
      if (semi > 0 && semi >= tab) return ';';
      if (tab > 0) return '\t';
      return ',';
    }
    start = end + 1;
  }
  return ',';
}

struct Span {
  bool scratch;
  size_t off;
  size_t len;
};

class CsvScanner {
 public:
  CsvScanner(std::string_view text, char sep) : text_(text), sep_(sep) {
    for (auto& s : stop_) s = false;
    stop_[static_cast<unsigned char>(sep)] = true;
    stop_[static_cast<unsigned char>('\r')] = true;
    stop_[static_cast<unsigned char>('\n')] = true;
  }

  Status Run(RowEmitter& emitter) {
    const size_t n = text_.size();
    size_t p = 0;
    int64_t row = 0;
    while (p < n) {
      ++row;
      spans_.clear();
      scratch_.clear();
      for (;;) {
        size_t q = p;
        while (q < n && text_[q] == ' ') ++q;
        size_t e;  // where the field ends: at a separator, a line end or n
        if (q < n && text_[q] == '"') {
          if (!Quoted(q, &e)) {
            return Status(Code::kInvalidArgument, "sheet.bad_csv", {{"row", std::to_string(row)}}).WithRow(row);
          }
        } else {
          e = p;
          while (e < n && !stop_[static_cast<unsigned char>(text_[e])]) ++e;
          spans_.push_back({false, p, e - p});
        }
        if (e >= n) {
          p = n;
          break;
        }
        char c = text_[e];
        p = e + 1;
        if (c == sep_) continue;
        if (c == '\r' && p < n && text_[p] == '\n') ++p;
        break;
      }
      cells_.clear();
      for (const Span& s : spans_) {
        cells_.push_back(s.scratch ? std::string_view(scratch_).substr(s.off, s.len) : text_.substr(s.off, s.len));
      }
      JJ_RETURN_IF_ERROR(emitter.Emit(row, cells_));
    }
    return Status::Ok();
  }

 private:
  // A quoted field whose opening quote is at `q`. Text after the closing
  // quote (before the separator) is kept, as spreadsheet programs do.
  // False when the quote is never closed.
  bool Quoted(size_t q, size_t* end) {
    const size_t n = text_.size();
    size_t s = q + 1;
    size_t i = s;
    bool escaped = false;
    size_t close;
    for (;;) {
      const void* hit = std::memchr(text_.data() + i, '"', n - i);
      if (hit == nullptr) return false;
      size_t k = static_cast<const char*>(hit) - text_.data();
      if (k + 1 < n && text_[k + 1] == '"') {
        escaped = true;
        i = k + 2;
        continue;
      }
      close = k;
      break;
    }
    size_t e = close + 1;
    while (e < n && !stop_[static_cast<unsigned char>(text_[e])]) ++e;
    bool tail = false;
    for (size_t k = close + 1; k < e; ++k) tail = tail || text_[k] != ' ';
    if (!escaped && !tail) {
      spans_.push_back({false, s, close - s});
    } else {
      size_t off = scratch_.size();
      for (size_t k = s; k < close; ++k) {
        scratch_.push_back(text_[k]);
        if (text_[k] == '"') ++k;  // the second of a "" pair
      }
      if (tail) scratch_.append(text_.substr(close + 1, e - close - 1));
      spans_.push_back({true, off, scratch_.size() - off});
    }
    *end = e;
    return true;
  }

  std::string_view text_;
  char sep_;
  bool stop_[256];
  std::vector<Span> spans_;
  std::string scratch_;
  std::vector<std::string_view> cells_;
};

}  // namespace

Status ReadCsv(std::string_view bytes, const RowFn& on_header, const RowFn& on_row, const ReadLimits& limits) {
  if (static_cast<int64_t>(bytes.size()) > limits.max_bytes) return TooLarge(limits);
  std::string converted;
  std::string_view text = bytes;
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
    // Excel's "Unicode text" export: UTF-16 with a BOM (iconv reads the BOM).
    JJ_RETURN_IF_ERROR(Convert(text, "UTF-16", &converted));
    text = converted;
  } else if (text.substr(0, 3) == kUtf8Bom) {
    text.remove_prefix(3);
    size_t bad = FirstInvalidUtf8(text);
    if (bad != std::string_view::npos) {
      return BadEncoding("UTF-8 BOM but invalid UTF-8 at offset " + std::to_string(bad + 3));
    }
  } else if (FirstInvalidUtf8(text) != std::string_view::npos) {
    JJ_RETURN_IF_ERROR(Convert(text, "GB18030", &converted));
    text = converted;
  }
  if (text.substr(0, 3) == kUtf8Bom) text.remove_prefix(3);  // a BOM that came through conversion
  if (static_cast<int64_t>(text.size()) > limits.max_bytes) return TooLarge(limits);

  RowEmitter emitter(on_header, on_row, limits);
  CsvScanner scanner(text, DetectSeparator(text));
  JJ_RETURN_IF_ERROR(scanner.Run(emitter));
  return emitter.Finish();
}

int64_t EstimateCsvRows(std::string_view bytes) {
  if (bytes.empty()) return 0;
  int64_t lines = 0;
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    const void* hit = std::memchr(p, '\n', end - p);
    if (hit == nullptr) break;
    ++lines;
    p = static_cast<const char*>(hit) + 1;
  }
  if (bytes.back() != '\n') ++lines;
  return lines > 0 ? lines - 1 : 0;
}

}  // namespace internal

// ---------------------------------------------------------------- CsvWriter

CsvWriter::CsvWriter(std::string* out) : out_(out) { out_->append(internal::kUtf8Bom); }

void CsvWriter::Row(const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out_->push_back(',');
    Cell(cells[i]);
  }
  out_->append("\r\n");
}

void CsvWriter::Row(std::initializer_list<std::string_view> cells) {
  bool first = true;
  for (std::string_view c : cells) {
    if (!first) out_->push_back(',');
    first = false;
    Cell(c);
  }
  out_->append("\r\n");
}

void CsvWriter::Cell(std::string_view c) {
  bool inject = !c.empty() && (c[0] == '=' || c[0] == '+' || c[0] == '-' || c[0] == '@');
  bool quote =
      c.find_first_of(",\"\r\n") != std::string_view::npos || (!c.empty() && (c.front() == ' ' || c.back() == ' '));
  if (!quote && !inject) {
    out_->append(c);
    return;
  }
  if (quote) out_->push_back('"');
  if (inject) out_->push_back('\'');
  for (char ch : c) {
    if (ch == '"') out_->push_back('"');
    out_->push_back(ch);
  }
  if (quote) out_->push_back('"');
}

}  // namespace jj::io
