// Who may do what in the projects module: one declared table.
//
// Each rule names an action, the object it is taken on (the project list,
// a project or a registration), who may take it (a role together with the relation the
// actor must stand in to the object), the object states it starts from,
// the state it leads to (the lifecycle, for project moves) and the error a
// request in another state gets. The services check the table once on
// entry (Require); the `actions` every project and registration JSON
// carries are the actions the table allows now (Allowed). docs/security.md's
// role table for projects is RolesMarkdown(), checked by a unit test.
//
// What the table does not decide: whether the actor sees the object at all
// (a project out of sight is NotFound before any rule is read, see
// kSees), and the business rules a permitted request still meets (an
// eligible teacher, a free seat, a valid body).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "infra/auth/actor.h"

namespace jj::projects {

// kList: the project list, where new projects are filed (create).
enum class Object { kList, kProject, kRegistration };

// How the actor stands to the object. Bits; a rule's relation requires all
// of its bits (0: the role alone suffices).
enum Relation : uint32_t {
  kSees = 1u << 0,         // sees the project (else NotFound): runs it, reviews or tutors it, or it is
                           // published in the actor's region (or the teacher registered for it)
  kRegionAdmin = 1u << 1,  // a bureau/sys admin whose scope covers the project's region
  kOrganiser = 1u << 2,    // staff of the organiser: institution staff whose scope holds it; a school
                           // admin over the school of a school_module project
  kTutor = 1u << 3,        // a class tutor of the project (project_staff tutor)
  kExpert = 1u << 4,       // an expert assigned to review the project
  kTeacherAccount = 1u << 5,  // the account is bound to a teacher record
  kParticipant = 1u << 6,     // the acting teacher holds an accepted registration for the project
  kRegistrant = 1u << 7,      // registrations: the acting teacher is the registrant
  kOverSchool = 1u << 8,      // registrations: the registrant's school lies in the actor's scope
};

// What a rule reads of the object and of the actor.
struct Facts {
  auth::Role role = auth::Role::kTeacher;
  uint32_t relations = 0;
  std::string state;          // the project's state, or the registration's
  std::string project_state;  // registrations: their project's state
  std::string kind;           // the project's kind (training | school_module)
  int64_t upgraded_at = 0;    // the project's upgrade time (0: not upgraded)
  bool registered = false;    // the acting teacher holds an active registration for the project
};

// The error a request gets in an object state the rule does not start from.
enum class Refusal {
  kBadTransition,         // FailedPrecondition project.bad_transition {from, to}
  kNotEditable,           // FailedPrecondition project.not_editable {state}
  kReviewClosed,          // FailedPrecondition project.review_closed
  kAssessState,           // FailedPrecondition assess.project_state {state}
  kRegistrationClosed,    // FailedPrecondition project.registration_closed
  kSchoolModuleEnrolment, // FailedPrecondition project.school_module_enrolment
  kNotSchoolModule,       // FailedPrecondition assess.not_school_module
  kAlreadyUpgraded,       // FailedPrecondition assess.already_upgraded {date}
  kAlreadyRegistered,     // Conflict project.already_registered
  kDecided,               // FailedPrecondition project.registration_decided {state}
  kWithdrawClosed,        // FailedPrecondition project.withdraw_closed
};

struct Who {
  auth::Role role;
  uint32_t relation = 0;  // all of these bits
};

struct Rule {
  std::string action = {};
  Object object = Object::kProject;
  std::vector<Who> who = {};
  std::vector<std::string> states = {};     // empty: any
  std::string to = {};                      // the state the action leads to ("" when it moves nothing)
  Refusal refusal = Refusal::kBadTransition;  // outside `states`
  std::string kind = {};                    // "" any, else the project kind it applies to
  Refusal kind_refusal = Refusal::kBadTransition;
  std::vector<std::string> project_states = {};  // registrations: their project's states; empty: any
  Refusal project_refusal = Refusal::kRegistrationClosed;
  bool unless_upgraded = false;             // only while the project is not upgraded (kAlreadyUpgraded)
  bool unless_registered = false;           // only while the actor holds no active registration
  std::string denied = "permission_denied";  // the message key of a 403
  std::string zh = {}, en = {};             // what the action is, for docs/security.md
};

// The table, in the order the docs list it.
const std::vector<Rule>& Rules();

// Ok when the table allows `action` on an object with these facts; else
// PermissionDenied (no rule lets this role in this relation take it, or
// one that starts from the object's state does not) or the refusal of the
// rule whose role and relation fit but whose state does not.
Status Require(const std::string& action, Object object, const Facts& facts);
// PermissionDenied when no rule of `action` lists the role at all. Checked
// before the object is even looked up: the answer is the same whether the
// object exists or not, so it reveals nothing.
Status RequireRole(const std::string& action, Object object, auth::Role role);
// The actions the table allows now, in table order (each once).
std::vector<std::string> Allowed(Object object, const Facts& facts);

// The roles × actions matrix of the table as the Markdown docs/security.md shows.
std::string RolesMarkdown();

}  // namespace jj::projects
