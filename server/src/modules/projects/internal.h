// Internals shared by the service files of the projects module (not for
// other modules): how an actor stands to a project or a registration (the
// facts the permission table reads), eligibility, and common errors.
#pragma once

#include <optional>
#include <string>

#include "modules/projects/permissions.h"
#include "modules/projects/projects.h"
#include "modules/projects/repository.h"
#include "modules/teachers/teachers.h"

namespace jj::projects::internal {

using Loaded = repo::ProjectRow;

// The actor's relations to the project (kSees included when it sees it),
// its state and kind, and whether the acting teacher is registered.
Facts FactsOf(db::Tx& tx, const auth::Actor& a, const Loaded& p);
// The actor's relations to a registration and its project.
Facts FactsOf(const auth::Actor& a, const repo::RegistrationRow& r);
inline bool Sees(const Facts& f) { return (f.relations & kSees) != 0; }

// The project when the actor sees it and the table lets them take `action`
// on it: PermissionDenied for a role the action never admits (RequireRole),
// NotFound when out of sight, else Require's answer. `lock` as for
// repo::FindProject.
Result<Loaded> ProjectFor(db::Tx& tx, const auth::Actor& a, int64_t id, const std::string& action,
                          bool lock = false);
// Fills `actions` from the table for the actor whose facts these are.
void SetActions(Loaded& p, const Facts& f);
void SetActions(const auth::Actor& a, repo::RegistrationRow& r);
// Sees the registration: the registrant, or an actor whose scope holds the school.
bool SeesRegistration(const Facts& f);

// Empty when eligible, else the criterion that fails ("stage", "subject", "post", "backbone_level", "region").
std::string IneligibleBy(db::Tx& tx, const Audience& a, const teachers::TeacherCard& t);

Status NotFound();
Status Denied();
Status BadTransition(const std::string& from, const std::string& to);
// A project state in words, for messages.
std::string StateLabel(const std::string& state, bool en);

}  // namespace jj::projects::internal
