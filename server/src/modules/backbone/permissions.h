// Who may do what in the backbone module: one declared table, in the shape
// of the projects module's (modules/projects/permissions.h).
//
// Each rule names an action, the object it is taken on (the round list, a
// round, an application), who may take it (a role together with the
// relation the actor must stand in to the object), the states it starts
// from, the state it leads to and the error a request in another state
// gets. The service checks the table once on entry (RequireRole before
// anything is read, Require after loading); the `actions` every round and
// application JSON carries are Allowed(). docs/security.md's backbone table
// is RolesMarkdown(), checked by a unit test.
//
// What the table does not decide: whether the actor sees the object at all
// (out of sight is NotFound first), and the business rules a permitted
// request still meets (the windows, the conditions, the quota).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "infra/auth/actor.h"

namespace jj::backbone {

enum class Object { kList, kRound, kApplication, kAssessment, kAssessmentList };

// How the actor stands to the object; a rule's relation requires all its bits.
enum Relation : uint32_t {
  kOwner = 1u << 0,       // a bureau/sys admin whose scope covers the round's owner org
  kBeneath = 1u << 1,     // the actor's org lies in the owner's subtree (the round applies to it)
  kOverSchool = 1u << 2,  // applications: the applicant's school lies in the actor's scope
  kAssigned = 1u << 3,    // an expert the owner assigned to the round
  kSelf = 1u << 4,        // assessments: the actor is the form's teacher
  kCounty = 1u << 5,      // assessments: a bureau admin of the teacher's county (org in its subtree)
  kCity = 1u << 6,        // assessments: a bureau admin of the city above it (outside the county), city-final forms
};

struct Facts {
  auth::Role role = auth::Role::kTeacher;
  uint32_t relations = 0;
  std::string state = {};        // the round's, or the application's
  std::string round_state = {};  // applications: their round's state
};

enum class Refusal {
  kBadTransition,  // FailedPrecondition backbone.bad_transition {from, to}
  kRoundClosed,    // FailedPrecondition backbone.round_closed
  kDecided,        // FailedPrecondition backbone.application_decided {state}
  kNotForwarded,   // FailedPrecondition backbone.not_forwarded
  kNotPublicity,   // FailedPrecondition backbone.not_in_publicity
  kAssessmentState,  // FailedPrecondition backbone.assessment_state {state}
};

struct Who {
  auth::Role role;
  uint32_t relation = 0;
};

struct Rule {
  std::string action = {};
  Object object = Object::kRound;
  std::vector<Who> who = {};
  std::vector<std::string> states = {};  // empty: any
  std::string to = {};
  Refusal refusal = Refusal::kBadTransition;
  std::vector<std::string> round_states = {};  // applications: their round's states; empty: any
  Refusal round_refusal = Refusal::kRoundClosed;  // outside `round_states`
  std::string zh = {}, en = {};
};

const std::vector<Rule>& Rules();

// Ok when a rule allows `action` with these facts; else PermissionDenied
// (no rule lets this role in this relation take it) or the refusal of the
// rule whose role and relation fit but whose state does not.
Status Require(const std::string& action, Object object, const Facts& facts);
// PermissionDenied when no rule of `action` lists the role at all.
Status RequireRole(const std::string& action, Object object, auth::Role role);
// The actions allowed now, in table order.
std::vector<std::string> Allowed(Object object, const Facts& facts);
// The roles × actions matrix as docs/security.md shows it.
std::string RolesMarkdown();

}  // namespace jj::backbone
