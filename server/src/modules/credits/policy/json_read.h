// Internal to the policy engine: strict readers of JSON objects that name
// the path at fault in every error ("requirements[2].minimum").
// Thread-safe (stateless).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/result.h"

namespace jj::credits::policy::internal {

using Json = nlohmann::json;

// InvalidArgument `key` with field() = path and param "field" = path.
// A policy's texts (names, descriptions, ids) are short: at most this many
// characters (checked as 3 bytes a character, the most a CJK one takes).
inline constexpr size_t kMaxStringChars = 500;
inline constexpr size_t kMaxStringBytes = kMaxStringChars * 3;

Status PathError(const std::string& key, const std::string& path, std::map<std::string, std::string> params = {});
std::string Join(const std::string& path, const std::string& key);        // "a" + "b" -> "a.b"
std::string Index(const std::string& path, size_t i);                      // "a" + 2 -> "a[2]"
std::string JoinList(const std::vector<std::string>& values);              // "x、y、z"

// Decimal `j` (an integer or a number with at most `places` decimals)
// scaled by 10^places: 0.7 with places 2 -> 70.
Status ReadFixed(const Json& j, const std::string& path, int places, int64_t min, int64_t max, int64_t& out);

class ObjectReader {
 public:
  // Fails with policy.type when `j` is not an object, policy.unknown_field
  // when it has a key outside `allowed`.
  static Result<ObjectReader> Of(const Json& j, const std::string& path, std::initializer_list<const char*> allowed);

  const std::string& path() const { return path_; }
  std::string PathOf(const char* key) const { return Join(path_, key); }
  // The value under key, nullptr when absent or null.
  const Json* Find(const char* key) const;
  Status Required(const char* key) const;  // policy.required

  Status String(const char* key, bool required, std::string& out) const;  // non-empty when present
  Status Int(const char* key, bool required, int64_t min, int64_t max, std::optional<int64_t>& out) const;
  Status Fixed(const char* key, bool required, int places, int64_t min, int64_t max,
               std::optional<int64_t>& out) const;
  Status Bool(const char* key, bool required, bool& out) const;
  Status DateField(const char* key, bool required, std::optional<Date>& out) const;
  // A non-empty array of non-empty strings, each in `allowed` when given.
  Status StringList(const char* key, bool required, const std::vector<std::string>* allowed,
                    std::vector<std::string>& out) const;

 private:
  ObjectReader(const Json& j, std::string path) : j_(&j), path_(std::move(path)) {}
  const Json* j_;
  std::string path_;
};

}  // namespace jj::credits::policy::internal
