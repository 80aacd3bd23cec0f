// Internals shared by the files of the projects module (not for other modules).
#pragma once

#include <optional>
#include <string>

#include "modules/projects/projects.h"

namespace jj::projects::internal {

// A project with the paths its access rules need.
struct Loaded {
  Project p;
  std::string region_path, organiser_path;
};

// Loads a project; with `lock`, the row is locked for the rest of the
// transaction on PostgreSQL (SQLite serialises writers already).
// Without the waitlist count and the tutors (ProjectService::Get adds them).
std::optional<Loaded> LoadProject(db::Tx& tx, int64_t id, bool lock = false);

// Runs the project: the organiser's staff (a school admin for their school's
// module project), or a bureau/sys admin over the region.
bool MayManage(const auth::Actor& a, const Loaded& p);
// Decides on the project (review, quotas, approvals): bureau/sys admin over the region.
bool MayDecide(const auth::Actor& a, const Loaded& p);
bool IsStaff(db::Tx& tx, const auth::Actor& a, int64_t project_id, const std::string& role);
// Sees the project at all (NotFound otherwise).
bool MaySee(db::Tx& tx, const auth::Actor& a, const Loaded& p);

// The teacher as registration needs them.
struct TeacherFacts {
  int64_t id = 0, school_id = 0;
  std::string name, school, school_path, stage, subject, backbone_level, status;
  std::vector<std::string> posts;
  bool rural = false;
};
std::optional<TeacherFacts> LoadTeacher(db::Tx& tx, int64_t id, bool lock = false);
// Empty when eligible, else the criterion that fails ("stage", "subject", "post", "backbone_level", "region").
std::string IneligibleBy(db::Tx& tx, const Audience& a, const TeacherFacts& t);

Status NotFound();
Status Denied();
Status BadTransition(const std::string& from, const std::string& to);

}  // namespace jj::projects::internal
