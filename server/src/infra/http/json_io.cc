#include "infra/http/json_io.h"

#include <cmath>

#include "core/date.h"

namespace jj::http {

bool IsValidUtf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

namespace {

constexpr int kMaxDepth = 32;
constexpr size_t kMaxArrayItems = 10000;
constexpr size_t kMaxStringChars = 50000;  // a school plan's text, the longest field

// The bounds every request body keeps, whatever its schema: nesting depth,
// array length, and no NUL in any key or string (C strings and some tools
// would cut the value there). `path` names the field, e.g. "sessions[2].topic".
Status CheckBounds(const Json& j, const std::string& path, int depth) {
  if (depth > kMaxDepth) return Status(Code::kInvalidArgument, "json.too_deep", {{"max", std::to_string(kMaxDepth)}});
  auto nul = [](const std::string& field) {
    return Status(Code::kInvalidArgument, "field.control", {{"field", field}}).WithField(field);
  };
  if (j.is_string()) {
    const std::string& text = j.get_ref<const std::string&>();
    if (text.find('\0') != std::string::npos) return nul(path);
    if (text.size() > kMaxStringChars && Utf8Length(text) > kMaxStringChars)
      return Status(Code::kInvalidArgument, "field.too_long", {{"field", path}, {"max", std::to_string(kMaxStringChars)}})
          .WithField(path);
  } else if (j.is_array()) {
    if (j.size() > kMaxArrayItems)
      return Status(Code::kInvalidArgument, "field.too_many", {{"field", path}, {"max", std::to_string(kMaxArrayItems)}})
          .WithField(path);
    size_t i = 0;
    for (const auto& e : j) JJ_RETURN_IF_ERROR(CheckBounds(e, path + "[" + std::to_string(i++) + "]", depth + 1));
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string field = path.empty() ? it.key() : path + "." + it.key();
      if (it.key().find('\0') != std::string::npos) return nul(path.empty() ? "?" : path);
      JJ_RETURN_IF_ERROR(CheckBounds(it.value(), field, depth + 1));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Json> ParseObject(const std::string& body) {
  if (!IsValidUtf8(body)) return Status(Code::kInvalidArgument, "json.invalid_utf8");
  // The parser itself keeps no depth limit: refuse deep nesting before it
  // builds (and later destroys) a tree of it.
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth)
        return Status(Code::kInvalidArgument, "json.too_deep", {{"max", std::to_string(kMaxDepth)}});
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    // Re-parse with exceptions only to get a precise position for the
    // message. Every parser error is the client's: a number out of range
    // (1e400) is one too.
    try {
      Json ignored = Json::parse(body);
      (void)ignored;
    } catch (const Json::parse_error& e) {
      return Status(Code::kInvalidArgument, "json.malformed", {{"detail", "byte " + std::to_string(e.byte)}});
    } catch (const Json::exception& e) {
      return Status(Code::kInvalidArgument, "json.malformed", {{"detail", "number out of range"}});
    }
    return Status(Code::kInvalidArgument, "json.malformed", {{"detail", ""}});
  }
  if (!j.is_object()) return Status(Code::kInvalidArgument, "json.not_object");
  JJ_RETURN_IF_ERROR(CheckBounds(j, "", 0));
  return j;
}

Status RejectUnknown(const Json& obj, const std::set<std::string>& allowed) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (!allowed.count(it.key()))
      return Status(Code::kInvalidArgument, "field.unknown", {{"field", it.key()}}).WithField(it.key());
  return Status::Ok();
}

namespace {
Status TypeError(const std::string& name, const char* type_zh) {
  return Status(Code::kInvalidArgument, "field.type", {{"field", name}, {"type", type_zh}}).WithField(name);
}
Status Required(const std::string& name) {
  return Status(Code::kInvalidArgument, "field.required", {{"field", name}}).WithField(name);
}
}  // namespace

bool HasControl(const std::string& s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
  return false;
}

size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

Status GetString(const Json& obj, const std::string& name, bool required, std::optional<std::string>& out,
                 size_t max_chars) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return required ? Required(name) : Status::Ok();
  if (!it->is_string()) return TypeError(name, "字符串");
  std::string v = it->get<std::string>();
  // Trim ASCII spaces: pasted spreadsheet values often carry them.
  size_t b = v.find_first_not_of(" \t\r\n"), e = v.find_last_not_of(" \t\r\n");
  v = b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
  if (required && v.empty()) return Status(Code::kInvalidArgument, "field.empty", {{"field", name}}).WithField(name);
  if (HasControl(v)) return Status(Code::kInvalidArgument, "field.control", {{"field", name}}).WithField(name);
  if (Utf8Length(v) > max_chars)
    return Status(Code::kInvalidArgument, "field.too_long", {{"field", name}, {"max", std::to_string(max_chars)}})
        .WithField(name);
  out = std::move(v);
  return Status::Ok();
}

Status GetInt(const Json& obj, const std::string& name, bool required, std::optional<int64_t>& out) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return required ? Required(name) : Status::Ok();
  if (!it->is_number_integer()) return TypeError(name, "整数");
  if (it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    return Status(Code::kInvalidArgument, "field.range", {{"field", name}, {"min", "0"}, {"max", std::to_string(INT64_MAX)}})
        .WithField(name);
  out = it->get<int64_t>();
  return Status::Ok();
}

Status GetTenths(const Json& obj, const std::string& name, bool required, std::optional<int64_t>& out,
                 int64_t max_tenths) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return required ? Required(name) : Status::Ok();
  if (!it->is_number()) return TypeError(name, "数字");
  double v = it->get<double>() * 10;
  double r = std::round(v);
  if (std::fabs(v - r) > 1e-6)
    return Status(Code::kInvalidArgument, "policy.decimals", {{"field", name}, {"places", "1"}}).WithField(name);
  if (r < 0 || r > static_cast<double>(max_tenths))
    return Status(Code::kInvalidArgument, "field.range",
                  {{"field", name}, {"min", "0"}, {"max", std::to_string(max_tenths / 10)}})
        .WithField(name);
  out = static_cast<int64_t>(r);
  return Status::Ok();
}

Status GetBool(const Json& obj, const std::string& name, bool required, std::optional<bool>& out) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return required ? Required(name) : Status::Ok();
  if (!it->is_boolean()) return TypeError(name, "布尔值");
  out = it->get<bool>();
  return Status::Ok();
}

namespace {
Status TooMany(const std::string& name, size_t max_items) {
  return Status(Code::kInvalidArgument, "field.too_many", {{"field", name}, {"max", std::to_string(max_items)}})
      .WithField(name);
}
}  // namespace

Status GetIntArray(const Json& obj, const std::string& name, bool required, std::optional<std::vector<int64_t>>& out,
                   size_t max_items) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return required ? Required(name) : Status::Ok();
  if (!it->is_array()) return TypeError(name, "整数数组");
  if (it->size() > max_items) return TooMany(name, max_items);
  std::vector<int64_t> v;
  for (const auto& e : *it) {
    if (!e.is_number_integer() || (e.is_number_unsigned() && e.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)))
      return TypeError(name, "整数数组");
    v.push_back(e.get<int64_t>());
  }
  out = std::move(v);
  return Status::Ok();
}

Status GetStringArray(const Json& obj, const std::string& name, bool required,
                      std::optional<std::vector<std::string>>& out, size_t max_items, size_t max_chars) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return required ? Required(name) : Status::Ok();
  if (!it->is_array()) return TypeError(name, "字符串数组");
  if (it->size() > max_items) return TooMany(name, max_items);
  std::vector<std::string> v;
  for (const auto& e : *it) {
    if (!e.is_string()) return TypeError(name, "字符串数组");
    const std::string& text = e.get_ref<const std::string&>();
    if (HasControl(text)) return Status(Code::kInvalidArgument, "field.control", {{"field", name}}).WithField(name);
    if (Utf8Length(text) > max_chars)
      return Status(Code::kInvalidArgument, "field.too_long", {{"field", name}, {"max", std::to_string(max_chars)}})
          .WithField(name);
    v.push_back(text);
  }
  out = std::move(v);
  return Status::Ok();
}

Status CheckEnum(const std::string& field, const std::string& value, const std::vector<std::string>& allowed) {
  for (const auto& a : allowed)
    if (a == value) return Status::Ok();
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : "、") + a;
  return Status(Code::kInvalidArgument, "field.enum", {{"field", field}, {"value", value}, {"allowed", list}})
      .WithField(field);
}

Status CheckDate(const std::string& field, const std::string& value, bool optional) {
  if (optional && value.empty()) return Status::Ok();
  if (value.size() != 10 || !ParseDate(value))
    return Status(Code::kInvalidArgument, "field.date", {{"field", field}}).WithField(field);
  return Status::Ok();
}

Result<int64_t> PathId(const Request& req, const std::string& name) {
  auto it = req.params.find(name);
  if (it == req.params.end() || it->second.empty() || it->second.size() > 18) return NotFound();
  for (char c : it->second)
    if (c < '0' || c > '9') return NotFound();
  return static_cast<int64_t>(std::stoll(it->second));
}

Result<int64_t> QueryInt(const Request& req, const std::string& name, int64_t def, int64_t max) {
  auto v = req.Query(name);
  if (!v || v->empty()) return def;
  bool digits = v->size() <= 12;
  for (char c : *v) digits = digits && c >= '0' && c <= '9';
  if (!digits || std::stoll(*v) < 1)
    return Status(Code::kInvalidArgument, "query.int", {{"field", name}}).WithField(name);
  return std::min<int64_t>(std::stoll(*v), max);
}

}  // namespace jj::http
