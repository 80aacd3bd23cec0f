// Errors as values. A Status is either OK or carries a code, a message key
// (looked up in core/messages for zh-CN / en text), optional parameters for
// the message, and optionally the field and row at fault.
//
// Thread safety: a Status is a plain value; copy it freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jj {

enum class Code {
  kOk,
  kInvalidArgument,
  kUnauthenticated,
  kPermissionDenied,
  kNotFound,
  kMethodNotAllowed,  // the path exists, not for this method
  kConflict,
  kFailedPrecondition,
  kPayloadTooLarge,
  kTooManyRequests,
  kUnavailable,  // the server is too busy now: try again (503 with Retry-After)
  kInternal,
};

// The snake_case name used in API error bodies ("invalid_argument", ...).
const char* CodeName(Code code);
// The HTTP status a code maps to (400, 401, 403, 404, 405, 409, 422, 413, 429, 503, 500).
int HttpStatusOf(Code code);

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }

  // `key` names a message in core/messages.cc; `params` fill its {name} slots.
  Status(Code code, std::string key, std::map<std::string, std::string> params = {})
      : code_(code), key_(std::move(key)), params_(std::move(params)) {}

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& key() const { return key_; }
  const std::map<std::string, std::string>& params() const { return params_; }
  const std::string& field() const { return field_; }
  std::optional<long> row() const { return row_; }

  // Builders: Status(...).WithField("id_number").
  Status WithField(std::string field) && {
    field_ = std::move(field);
    return std::move(*this);
  }
  Status WithRow(long row) && {
    row_ = row;
    return std::move(*this);
  }
  Status WithParam(const std::string& name, std::string value) && {
    params_[name] = std::move(value);
    return std::move(*this);
  }

  // Every problem of a form at once (each with its field), beside this one:
  // the error body lists them all under "fields" so the form marks each.
  Status WithDetails(std::vector<Status> details) && {
    details_ = std::move(details);
    return std::move(*this);
  }
  const std::vector<Status>& details() const { return details_; }

  // The message in the given language ("zh" or "en"); unknown keys fall back
  // to the key itself so nothing is ever silently blank.
  std::string Message(const std::string& lang = "zh") const;

 private:
  Code code_ = Code::kOk;
  std::string key_;
  std::map<std::string, std::string> params_;
  std::string field_;
  std::optional<long> row_;
  std::vector<Status> details_;
};

inline Status InvalidArgument(std::string key, std::string field = {}) {
  return Status(Code::kInvalidArgument, std::move(key)).WithField(std::move(field));
}
inline Status NotFound(std::string key = "not_found") { return Status(Code::kNotFound, std::move(key)); }
inline Status PermissionDenied(std::string key = "permission_denied") {
  return Status(Code::kPermissionDenied, std::move(key));
}
inline Status Conflict(std::string key) { return Status(Code::kConflict, std::move(key)); }
inline Status FailedPrecondition(std::string key) {
  return Status(Code::kFailedPrecondition, std::move(key));
}
inline Status Internal(std::string detail) {
  return Status(Code::kInternal, "internal", {{"detail", std::move(detail)}});
}

}  // namespace jj

// Propagate a non-OK Status from an expression returning Status.
#define JJ_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::jj::Status jj_status_ = (expr);     \
    if (!jj_status_.ok()) return jj_status_; \
  } while (0)
