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

Result<Json> ParseObject(const std::string& body) {
  if (!IsValidUtf8(body)) return Status(Code::kInvalidArgument, "json.invalid_utf8");
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    // Re-parse with exceptions only to get a precise position for the message.
    try {
      Json ignored = Json::parse(body);
      (void)ignored;
    } catch (const Json::parse_error& e) {
      return Status(Code::kInvalidArgument, "json.malformed", {{"detail", "byte " + std::to_string(e.byte)}});
    }
    return Status(Code::kInvalidArgument, "json.malformed", {{"detail", ""}});
  }
  if (!j.is_object()) return Status(Code::kInvalidArgument, "json.not_object");
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

Status GetIntArray(const Json& obj, const std::string& name, bool required, std::optional<std::vector<int64_t>>& out) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return required ? Required(name) : Status::Ok();
  if (!it->is_array()) return TypeError(name, "整数数组");
  std::vector<int64_t> v;
  for (const auto& e : *it) {
    if (!e.is_number_integer()) return TypeError(name, "整数数组");
    v.push_back(e.get<int64_t>());
  }
  out = std::move(v);
  return Status::Ok();
}

Status GetStringArray(const Json& obj, const std::string& name, bool required,
                      std::optional<std::vector<std::string>>& out) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return required ? Required(name) : Status::Ok();
  if (!it->is_array()) return TypeError(name, "字符串数组");
  std::vector<std::string> v;
  for (const auto& e : *it) {
    if (!e.is_string()) return TypeError(name, "字符串数组");
    v.push_back(e.get<std::string>());
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
