// The bureau's desk (工作台): one overview of the actor's scope for its home
// page, composed from the modules' public services only (credits' audit and
// records, projects' list): no SQL of its own, every number scoped as those
// services scope it.
//
// GET /api/v1/desk/overview?year=Y (default: this year, China time):
//   completion (达标率) of the scope this year and last year, per school;
//   teachers short per dimension; projects per state; what waits for the
//   user (待办) with the page that handles it.
// Access (permissions.cc): sys_admin and bureau_admin; others 403.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/auth/actor.h"
#include "modules/credits/credits.h"
#include "modules/projects/projects.h"

namespace jj::desk {

struct SchoolCompletion {
  int64_t school_id = 0;
  std::string school;
  int64_t teachers = 0, passed = 0, exempt = 0;  // passed includes the exempt
};

struct Completion {
  int year = 0;
  int64_t teachers = 0, passed = 0, exempt = 0;
};

struct Count {
  std::string key;  // a dimension, a project state, a to-do kind
  int64_t count = 0;
  std::string path;  // to-dos: the UI page that handles them
};

struct Overview {
  Completion this_year, last_year;
  std::vector<SchoolCompletion> schools;  // this year, by school name
  std::vector<Count> short_by_dimension;  // teachers short in each dimension (a teacher may count in several)
  std::vector<Count> projects_by_state;
  std::vector<Count> todo;
};

// Who may read the overview (the permission table, checked once on entry).
bool MayReadOverview(const auth::Actor& actor);

class DeskService {
 public:
  DeskService(credits::CreditService& credits, projects::ProjectService& projects, const Clock& clock)
      : credits_(credits), projects_(projects), clock_(clock) {}

  // Errors: PermissionDenied (role), InvalidArgument (year outside 2000–2100).
  Result<Overview> Get(const auth::Actor& actor, std::optional<int> year);

 private:
  credits::CreditService& credits_;
  projects::ProjectService& projects_;
  const Clock& clock_;
};

}  // namespace jj::desk
