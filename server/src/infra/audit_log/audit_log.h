// The append-only audit log of changes to accounts, teachers, credits, grades
// and stamps. Each entry carries the hash of the previous one, so a silent
// edit of any past row breaks the chain and Verify() finds it.
//
// Append() must be called inside the transaction that makes the change, so
// the change and its event commit or roll back together.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "infra/db/database.h"

namespace jj::audit_log {

struct Event {
  std::optional<int64_t> actor_id;
  std::string action;       // "teacher.update", "account.create", ...
  std::string object_type;  // "teacher", "account", ...
  std::optional<int64_t> object_id;
  std::string before_json;  // may be empty
  std::string after_json;   // may be empty
};

// Appends one event; serialised against concurrent appenders.
void Append(db::Tx& tx, const Clock& clock, const Event& event);

struct VerifyReport {
  int64_t entries = 0;
  std::optional<int64_t> first_bad_id;  // set when the chain is broken
};
// Recomputes the chain from the first entry.
Result<VerifyReport> Verify(db::Database& db);

}  // namespace jj::audit_log
