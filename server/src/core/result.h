// Result<T>: a value or a non-OK Status. Use for every expected failure.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/status.h"

namespace jj {

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace jj

#define JJ_CONCAT_INNER(a, b) a##b
#define JJ_CONCAT(a, b) JJ_CONCAT_INNER(a, b)
// JJ_ASSIGN_OR_RETURN(auto x, Foo()); — returns Foo()'s Status on failure.
#define JJ_ASSIGN_OR_RETURN(lhs, expr) JJ_ASSIGN_OR_RETURN_IMPL(JJ_CONCAT(jj_r_, __LINE__), lhs, expr)
#define JJ_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
