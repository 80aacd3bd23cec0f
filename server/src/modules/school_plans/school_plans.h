// School-based training plans (校本培训实施方案, domain.md §3, seed S0 §11):
// every school files its plan for the year with the bureau by a deadline.
//
// Deadline: a bureau (or sys) admin sets it per year for a region (a
// province, city or county in their scope, by default their own org). A
// school falls under the nearest ancestor that has one for the year; with
// none it is 03-20 of that year. The deadline is the last day on time, in
// China time (UTC+8).
//
// Filing: a school admin files the plan of a school in their scope (by
// default their own org, which must be a school) — title and content —
// and may file again (re-filing replaces it and counts a revision). A plan
// is late when its latest filing (the injected Clock's time, as a China
// date) is after the deadline in force; it is decided on reading, so a
// deadline moved later also clears "late" for plans filed by then.
//
// Overview: any admin sees every school (org type school) of their subtree
// with filed / late / not_filed; a school admin of one school sees just
// theirs. Plans are read by admins whose scope covers the school.
// Anything outside scope is NotFound. Thread-safe (stateless over the
// Database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"

namespace jj::school_plans {

inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxContentChars = 50000;

// "YYYY-03-20": the deadline when no region sets one.
std::string DefaultDeadline(int year);

struct Deadline {
  int64_t org_id = 0;  // the region it was set for (0: the default)
  int year = 0;
  std::string deadline;
};

struct Plan {
  int64_t id = 0, school_id = 0;
  std::string school_code, school_name;
  int year = 0;
  std::string title, content;
  std::string filed_by;  // the account's display name
  int64_t filed_at = 0, first_filed_at = 0, revisions = 0;
  std::string deadline;  // in force for the school
  bool late = false;
};

struct PlanInput {
  std::optional<int64_t> school_id;  // default: the actor's org
  std::string title, content;
};

// One school's line in the overview; status filed | late | not_filed.
struct SchoolStatus {
  int64_t school_id = 0;
  std::string school_code, school_name, status, deadline;
  std::optional<int64_t> plan_id;
  std::string title;
  int64_t filed_at = 0, revisions = 0;
};

struct Overview {
  int year = 0;
  std::string deadline;  // in force for the actor's own org
  std::vector<SchoolStatus> items;
  int64_t filed = 0, late = 0, not_filed = 0;
};

class SchoolPlanService {
 public:
  SchoolPlanService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Bureau and sys admins. Errors: InvalidArgument (year, deadline,
  // school_plans.deadline_region), PermissionDenied, NotFound (org outside scope).
  Result<Deadline> SetDeadline(const auth::Actor& actor, std::optional<int64_t> org_id, int year,
                               const std::string& deadline);
  // School admins. Errors: InvalidArgument (year, title, content,
  // school_plans.not_school), PermissionDenied, NotFound (school outside scope).
  Result<Plan> File(const auth::Actor& actor, int year, const PlanInput& in);
  // Admins. Errors: InvalidArgument (year), PermissionDenied.
  Result<Overview> List(const auth::Actor& actor, int year);
  // Errors: NotFound.
  Result<Plan> Get(const auth::Actor& actor, int64_t id);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace jj::school_plans
