// Training projects (培训项目) from application to credits (domain.md §3–§5).
//
// Lifecycle: draft → submitted (申报) → under_review (专家评审) → approved
// (立项) | rejected → registration_open → running → closed → archived; a
// rejected project may go back to draft. No step is skipped; every move is
// written to the audit log in its transaction. Only approved projects (and
// the states after approval) can take registrations or grant credits.
//
// Who: the permission table (permissions.h) says who may take each action
// on which object in which state; every service call checks it on entry,
// and every Project and Registration carries `actions`, what the acting
// user may do with it now. In short: institution staff and bureau admins
// file projects (organiser = the institution or the bureau's org; region =
// the organiser's nearest county/city/province, whose bureau/sys admins
// decide: review, quotas, approval); a school admin files a school-based
// module project (kind school_module) for their school; whoever runs a
// project (region admins, the organiser's staff) moves it through its
// lifecycle; assigned experts score it; class tutors (project staff) take
// attendance and grades; teachers register for open projects they are
// eligible for. A project out of the actor's sight is NotFound; seen but
// not allowed is PermissionDenied; allowed but in the wrong state is the
// action's FailedPrecondition.
//
// Registration: a teacher applies, or a school admin nominates teachers of
// their school. Depending on the project's `approval` (none | school |
// school_county) the registration waits for the school and then the
// county; once through, a seat is allocated: accepted while the project
// has capacity and the teacher's school and county have quota left, else
// waitlisted. Allocation locks the project row (SELECT … FOR UPDATE on
// PostgreSQL; SQLite writers are serialised), so capacity and quotas are
// never exceeded, also across several server processes. A freed seat
// promotes the waitlist in order, in the same transaction.
//
// Thread-safe (stateless over the Database).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/vocabulary.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"
#include "modules/credits/credits.h"

namespace jj::projects {

const std::vector<std::string>& ProjectStates();
const std::vector<std::string>&
RegistrationStates();  // pending_school pending_county accepted waitlisted rejected withdrawn
const std::vector<std::string>& AttendanceStatuses();  // present late leave absent
const std::vector<std::string>& ProjectKinds();         // training school_module
const std::vector<std::string>& Approvals();            // none school school_county
const std::vector<std::string>& RegistrationOrigins();  // self nominated school
// A school-based module project picks its module among three dimensions [S1 §七].
const std::vector<std::string>& SchoolModuleDimensions();  // 学生管理 学科教学 专业成长
const std::vector<std::string>& DefaultGradeScale();    // 优秀 良好 合格 基本合格 不合格
// The vocabularies above (and credit_grade: the default grade scale) with
// their labels (GET /api/v1/meta/enums).
std::vector<Vocabulary> Vocabularies();

// Who may register (empty lists: anyone). Regions are org ids: the
// teacher's school must lie in one of their subtrees.
struct Audience {
  std::vector<std::string> stages, subjects, posts, backbone_levels;
  std::vector<int64_t> region_ids;
};

struct Session {
  int64_t id = 0;
  int seq = 0;
  std::string course, date, start_time, end_time;  // "YYYY-MM-DD", "HH:MM"
  int64_t hours_tenths = 0;
  std::string topic, trainer;
};

struct ProjectInput {
  std::string code, name, kind = "training";
  std::string level, form, dimension;
  std::vector<std::string> modules, topic_tags;
  std::string theme;
  std::optional<int64_t> organiser_org_id;  // default: the actor's org
  std::string start_date, end_date;
  int64_t hours_tenths = 0;
  std::string location = "区域内";
  int64_t capacity = 0;
  Audience audience;
  std::string reg_start, reg_end;
  std::string approval = "none";
  std::string syllabus, trainers;
  int64_t half_days = 0;
  std::vector<std::string> grade_scale, passing_grades;  // empty: the defaults
  int64_t absence_num = 1, absence_den = 3;
  std::vector<Session> sessions;
  std::vector<int64_t> tutor_ids;  // accounts
};

struct Project : ProjectInput {
  int64_t id = 0;
  int64_t region_org_id = 0;
  std::string organiser_name, region_name;
  int64_t accepted_count = 0, waitlisted_count = 0;
  std::string state;
  int64_t upgraded_at = 0;
  int64_t created_at = 0, updated_at = 0;
  // What the acting user may do with it now (permissions.h; in table order):
  // edit submit review score reviews approve reject revise quotas open start
  // apply nominate candidates attendance grade makeup assessment results close
  // archive upgrade surveys.
  std::vector<std::string> actions;
};

struct ProjectQuery {
  std::string state, kind, q;
  bool catalogue = false;  // open projects the acting teacher is eligible for
  int64_t page = 1, page_size = 50;
};

struct ProjectPage {
  std::vector<Project> items;
  int64_t total = 0;
  std::vector<std::string> actions;  // create, create_school_module: what the actor may file
};

struct Review {
  int64_t expert_id = 0;
  std::string expert_name;
  nlohmann::json scores = nlohmann::json::object();  // criterion → points
  int64_t total = 0;
  std::string comments;
  int64_t submitted_at = 0;
};

struct ReviewBoard {
  std::vector<Review> reviews;
  int64_t submitted = 0;
  std::optional<double> average;  // of submitted totals
};

struct Quota {
  int64_t org_id = 0;
  std::string org_name;
  int64_t quota = 0, used = 0;
};

struct Registration {
  int64_t id = 0, project_id = 0, teacher_id = 0, school_id = 0;
  std::string teacher_name, school_name, project_name;
  std::string project_code, start_date, end_date, project_state;  // of the project, for lists
  std::string state, origin, reason;
  int64_t queue_pos = 0;
  std::string grade, makeup_grade;
  std::optional<int64_t> credit_record_id;
  int64_t created_at = 0, updated_at = 0;
  std::vector<std::string> actions;  // approve reject withdraw: what the acting user may do now
};

struct RegistrationQuery {
  std::optional<int64_t> project_id;  // nullopt: the acting teacher's own
  std::string state;
  int64_t page = 1, page_size = 100;
};

struct RegistrationPage {
  std::vector<Registration> items;
  int64_t total = 0;
};

// A teacher ranked for selection (遴选): largest shortfall in the project's
// dimension this year first, then rural schools first.
struct Candidate {
  int64_t teacher_id = 0;
  std::string name, school;
  bool rural = false;
  // This year's shortfall in the project's dimension, in `shortfall_unit`
  // ("credits" or "hours": the measure of the requirements counted; credits
  // when the policy has both for the dimension).
  int64_t shortfall_tenths = 0;
  std::string shortfall_unit = "credits";
  std::string registration_state;  // "" when not registered
};

// The default review rubric: criterion → maximum points (sum 100).
const std::vector<std::pair<std::string, int>>& DefaultRubric();

class ProjectService {
 public:
  ProjectService(db::Database& db, const Clock& clock, credits::CreditService& credits)
      : db_(db), clock_(clock), credits_(credits) {}

  // Errors: InvalidArgument (the field at fault), Conflict project.code_taken,
  // PermissionDenied, NotFound (organiser outside scope).
  Result<Project> Create(const auth::Actor& actor, const ProjectInput& in);
  // Drafts and rejected projects only (else FailedPrecondition project.not_editable).
  Result<Project> Update(const auth::Actor& actor, int64_t id, const ProjectInput& in);
  Result<Project> Get(const auth::Actor& actor, int64_t id);
  Result<ProjectPage> List(const auth::Actor& actor, const ProjectQuery& q);
  // action: submit review approve reject revise open start close archive.
  // (review = assign experts, via AssignExperts; close runs Close().)
  // Errors: FailedPrecondition project.bad_transition {from, to}.
  Result<Project> Transition(const auth::Actor& actor, int64_t id, const std::string& action,
                             const std::string& reason);
  std::vector<Session> Sessions(db::Tx& tx, int64_t project_id);

  // Expert review. AssignExperts moves submitted → under_review.
  Status AssignExperts(const auth::Actor& actor, int64_t id, const std::vector<int64_t>& expert_ids);
  // An assigned expert scores (each criterion within its maximum).
  Status SubmitReview(const auth::Actor& actor, int64_t id, const nlohmann::json& scores, const std::string& comments);
  Result<ReviewBoard> Reviews(const auth::Actor& actor, int64_t id);

  // Quotas (名额) per school or county (bureau admins; replaces the list).
  // Errors: InvalidArgument (quota below seats already used), NotFound.
  Status SetQuotas(const auth::Actor& actor, int64_t id, const std::vector<Quota>& quotas);
  Result<std::vector<Quota>> Quotas(const auth::Actor& actor, int64_t id);

  // A teacher applies (registration window and eligibility checked; a
  // centralized training whose dates overlap one the teacher holds is a
  // Conflict project.overlap naming it).
  Result<Registration> Apply(const auth::Actor& actor, int64_t project_id);
  // A school admin nominates teachers of their subtree (the school's
  // approval is implied). Per teacher: the registration or its error.
  Result<std::vector<Result<Registration>>> Nominate(const auth::Actor& actor, int64_t project_id,
                                                     const std::vector<int64_t>& teacher_ids);
  // approve / reject a pending registration (school admin at pending_school,
  // bureau admin at pending_county).
  Result<Registration> Decide(const auth::Actor& actor, int64_t registration_id, const std::string& action,
                              const std::string& reason);
  // The teacher (or an admin over them) withdraws; a freed seat promotes
  // the waitlist.
  Result<Registration> Withdraw(const auth::Actor& actor, int64_t registration_id);
  Result<RegistrationPage> Registrations(const auth::Actor& actor, const RegistrationQuery& q);
  // Eligible teachers in the actor's scope ranked by need for this project.
  Result<std::vector<Candidate>> Candidates(const auth::Actor& actor, int64_t project_id, int64_t limit);

 private:
  db::Database& db_;
  const Clock& clock_;
  credits::CreditService& credits_;
};

// ---- For other modules: reads inside the caller's transaction ----------
// (surveys reads projects only through these; no other module touches the
// projects tables.)

struct ProjectBrief {
  int64_t id = 0;
  std::string code, name, kind, state, start_date, end_date;
};

// How the actor stands to a project.
struct Standing {
  ProjectBrief project;
  bool runs = false;          // runs the project (the permission table's "surveys" action)
  bool participates = false;  // the acting teacher holds an accepted registration
};

// nullopt when no project has this id (whether the actor sees it is the caller's rule).
std::optional<Standing> StandingOf(db::Tx& tx, const auth::Actor& actor, int64_t project_id);
// Accepted registrations of the project now.
int64_t ParticipantCount(db::Tx& tx, int64_t project_id);
// The projects a teacher holds an accepted registration for, by start date.
std::vector<ProjectBrief> ProjectsTakenBy(db::Tx& tx, int64_t teacher_id);

}  // namespace jj::projects
