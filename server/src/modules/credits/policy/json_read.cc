#include "modules/credits/policy/json_read.h"

#include <cmath>

namespace jj::credits::policy::internal {
namespace {

Status TypeError(const std::string& path, const char* expected) {
  return PathError("policy.type", path, {{"expected", expected}});
}

std::string FormatScaled(int64_t v, int places) {
  if (places == 0) return std::to_string(v);
  int64_t scale = places == 1 ? 10 : 100;
  std::string sign = v < 0 ? "-" : "";
  int64_t a = v < 0 ? -v : v;
  std::string frac = std::to_string(a % scale);
  while (static_cast<int>(frac.size()) < places) frac = "0" + frac;
  return sign + std::to_string(a / scale) + "." + frac;
}

}  // namespace

Status PathError(const std::string& key, const std::string& path, std::map<std::string, std::string> params) {
  params["field"] = path;
  return Status(Code::kInvalidArgument, key, std::move(params)).WithField(path);
}

std::string Join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
std::string Index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::string JoinList(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : "、") + v;
  return out;
}

Status ReadFixed(const Json& j, const std::string& path, int places, int64_t min, int64_t max, int64_t& out) {
  const int64_t scale = places == 0 ? 1 : places == 1 ? 10 : 100;
  int64_t v = 0;
  if (j.is_number_integer()) {
    // Guard the multiplication; anything this large is out of range anyway.
    int64_t raw = j.get<int64_t>();
    if (raw > max || raw < -max - 1) {
      return PathError("policy.range", path, {{"min", FormatScaled(min, places)}, {"max", FormatScaled(max, places)}});
    }
    v = raw * scale;
  } else if (j.is_number_float()) {
    double x = j.get<double>() * static_cast<double>(scale);
    if (!std::isfinite(x) || std::fabs(x) > 1e15) {
      return PathError("policy.range", path, {{"min", FormatScaled(min, places)}, {"max", FormatScaled(max, places)}});
    }
    double r = std::round(x);
    // JSON decimals are binary doubles: 0.7 * 100 is 70.00000000000001.
    // Accept what is a whole number of units up to that noise, nothing else.
    if (std::fabs(x - r) > 1e-6) return PathError("policy.decimals", path, {{"places", std::to_string(places)}});
    v = static_cast<int64_t>(r);
  } else {
    return TypeError(path, "number");
  }
  if (v < min || v > max) {
    return PathError("policy.range", path, {{"min", FormatScaled(min, places)}, {"max", FormatScaled(max, places)}});
  }
  out = v;
  return Status::Ok();
}

Result<ObjectReader> ObjectReader::Of(const Json& j, const std::string& path,
                                      std::initializer_list<const char*> allowed) {
  if (!j.is_object()) return TypeError(path.empty() ? "$" : path, "object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (const char* a : allowed) known = known || it.key() == a;
    if (!known) return PathError("policy.unknown_field", Join(path, it.key()));
  }
  return ObjectReader(j, path);
}

const Json* ObjectReader::Find(const char* key) const {
  auto it = j_->find(key);
  if (it == j_->end() || it->is_null()) return nullptr;
  return &*it;
}

Status ObjectReader::Required(const char* key) const { return PathError("policy.required", PathOf(key)); }

Status ObjectReader::String(const char* key, bool required, std::string& out) const {
  const Json* v = Find(key);
  if (!v) return required ? Required(key) : Status::Ok();
  if (!v->is_string()) return TypeError(PathOf(key), "string");
  std::string s = v->get<std::string>();
  if (required && s.empty()) return PathError("policy.empty", PathOf(key));
  if (s.size() > kMaxStringBytes) return PathError("policy.too_long", PathOf(key), {{"max", std::to_string(kMaxStringChars)}});
  out = std::move(s);
  return Status::Ok();
}

Status ObjectReader::Int(const char* key, bool required, int64_t min, int64_t max,
                         std::optional<int64_t>& out) const {
  const Json* v = Find(key);
  if (!v) return required ? Required(key) : Status::Ok();
  if (!v->is_number_integer()) return TypeError(PathOf(key), "integer");
  int64_t x = v->get<int64_t>();
  if (x < min || x > max) {
    return PathError("policy.range", PathOf(key), {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
  }
  out = x;
  return Status::Ok();
}

Status ObjectReader::Fixed(const char* key, bool required, int places, int64_t min, int64_t max,
                           std::optional<int64_t>& out) const {
  const Json* v = Find(key);
  if (!v) return required ? Required(key) : Status::Ok();
  int64_t x = 0;
  JJ_RETURN_IF_ERROR(ReadFixed(*v, PathOf(key), places, min, max, x));
  out = x;
  return Status::Ok();
}

Status ObjectReader::Bool(const char* key, bool required, bool& out) const {
  const Json* v = Find(key);
  if (!v) return required ? Required(key) : Status::Ok();
  if (!v->is_boolean()) return TypeError(PathOf(key), "boolean");
  out = v->get<bool>();
  return Status::Ok();
}

Status ObjectReader::DateField(const char* key, bool required, std::optional<Date>& out) const {
  const Json* v = Find(key);
  if (!v) return required ? Required(key) : Status::Ok();
  if (!v->is_string()) return TypeError(PathOf(key), "string");
  auto d = ParseDate(v->get<std::string>());
  if (!d) return PathError("policy.date", PathOf(key), {{"value", v->get<std::string>()}});
  out = *d;
  return Status::Ok();
}

Status ObjectReader::StringList(const char* key, bool required, const std::vector<std::string>* allowed,
                                std::vector<std::string>& out) const {
  const Json* v = Find(key);
  if (!v) return required ? Required(key) : Status::Ok();
  const std::string path = PathOf(key);
  if (!v->is_array()) return TypeError(path, "array");
  // An empty list is ambiguous (nobody? everybody?): omit the key for "any".
  if (v->empty()) return PathError("policy.empty", path);
  std::vector<std::string> list;
  for (size_t i = 0; i < v->size(); ++i) {
    const Json& e = (*v)[i];
    if (!e.is_string()) return TypeError(Index(path, i), "string");
    std::string s = e.get<std::string>();
    if (s.empty()) return PathError("policy.empty", Index(path, i));
    if (allowed) {
      bool ok = false;
      for (const auto& a : *allowed) ok = ok || a == s;
      if (!ok) return PathError("policy.enum", Index(path, i), {{"value", s}, {"allowed", JoinList(*allowed)}});
    }
    for (const auto& prev : list) {
      if (prev == s) return PathError("policy.duplicate", Index(path, i), {{"value", s}});
    }
    list.push_back(std::move(s));
  }
  out = std::move(list);
  return Status::Ok();
}

}  // namespace jj::credits::policy::internal
