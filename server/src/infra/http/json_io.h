// Parsing request JSON and query parameters into typed values, each failure
// a Status naming the field (so the UI can show it beside the input).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "infra/http/message.h"

namespace jj::http {

using Json = nlohmann::json;

bool IsValidUtf8(const std::string& s);
// Characters (code points) of valid UTF-8 text: the unit of length limits.
size_t Utf8Length(const std::string& s);
// A control character other than tab, CR and LF (NUL included).
bool HasControl(const std::string& s);

// The body as a JSON object. Errors: json.malformed (numbers out of range
// too), json.not_object, json.invalid_utf8, json.too_deep (nesting over 32),
// field.too_many (an array over 10,000 items), field.too_long (a string over
// 50,000 characters), field.control (a NUL in any string); all InvalidArgument.
Result<Json> ParseObject(const std::string& body);

// Fails with field.unknown for a key outside `allowed`.
Status RejectUnknown(const Json& obj, const std::set<std::string>& allowed);

// Reads obj[name] when present (null counts as absent). Errors: field.type,
// field.required (when `required` and absent), field.too_long, field.empty,
// field.control (a control character other than tab, CR, LF).
Status GetString(const Json& obj, const std::string& name, bool required, std::optional<std::string>& out,
                 size_t max_chars = 200);
Status GetInt(const Json& obj, const std::string& name, bool required, std::optional<int64_t>& out);
// A number of hours (or another amount) with at most one decimal place, as
// exact tenths in [0, max_tenths]. Errors: field.type, policy.decimals, field.range.
Status GetTenths(const Json& obj, const std::string& name, bool required, std::optional<int64_t>& out,
                 int64_t max_tenths);
Status GetBool(const Json& obj, const std::string& name, bool required, std::optional<bool>& out);
// Arrays of at most `max_items` (field.too_many); strings of at most
// `max_chars` each (field.too_long), without control characters.
Status GetIntArray(const Json& obj, const std::string& name, bool required, std::optional<std::vector<int64_t>>& out,
                   size_t max_items = 100);
Status GetStringArray(const Json& obj, const std::string& name, bool required,
                      std::optional<std::vector<std::string>>& out, size_t max_items = 50, size_t max_chars = 100);

// field.enum unless `value` is one of `allowed`.
Status CheckEnum(const std::string& field, const std::string& value, const std::vector<std::string>& allowed);
// field.date unless "YYYY-MM-DD" (empty allowed when `optional`).
Status CheckDate(const std::string& field, const std::string& value, bool optional);

// The numeric path parameter `name`; a non-number answers NotFound.
Result<int64_t> PathId(const Request& req, const std::string& name = "id");
// A positive integer query parameter with a default and an upper bound.
Result<int64_t> QueryInt(const Request& req, const std::string& name, int64_t def, int64_t max);

// Renders a service result: the error body for a failure, else
// to_json(value) with `status`.
template <typename T, typename F>
Response Render(const Request& req, const Result<T>& r, int status, F&& to_json) {
  if (!r.ok()) return ErrorResponse(r.status(), req.lang);
  return JsonResponse(status, to_json(*r).dump());
}

}  // namespace jj::http
