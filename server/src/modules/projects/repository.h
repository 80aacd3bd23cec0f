// All SQL of the projects module (internal): bind parameters only, rows
// mapped into structs by column name (db::Columns). The services hold the
// rules; nothing here checks who is asking.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "modules/projects/projects.h"

namespace jj::projects::repo {

// ---- projects ----------------------------------------------------------

// A project with the paths its access rules need.
struct ProjectRow {
  Project p;
  std::string region_path, organiser_path;
};

// With `lock`, the row is locked for the rest of the transaction on
// PostgreSQL (NO KEY UPDATE: registrations referencing it may still be
// inserted); SQLite serialises writers already. Without the waitlist count
// and the tutors.
std::optional<ProjectRow> FindProject(db::Tx& tx, int64_t id, bool lock = false);

struct ProjectFilter {
  std::string state, kind, q;
  bool open_only = false;  // registration_open
};
// Newest first (start date, then id).
std::vector<ProjectRow> QueryProjects(db::Tx& tx, const ProjectFilter& f);

bool CodeTaken(db::Tx& tx, const std::string& code, int64_t except_id);
int64_t InsertProject(db::Tx& tx, const ProjectInput& in, int64_t organiser_id, int64_t region_id,
                      std::optional<int64_t> created_by, int64_t now);
void UpdateProject(db::Tx& tx, int64_t id, const ProjectInput& in, int64_t now);
// Replaces the sessions (new check-in tokens) and the tutors.
void WriteSessionsAndTutors(db::Tx& tx, int64_t id, const ProjectInput& in);
void SetState(db::Tx& tx, int64_t id, const std::string& state, int64_t now);
void SetUpgraded(db::Tx& tx, int64_t id, const std::string& level, const std::string& form, int64_t now);

std::vector<Session> Sessions(db::Tx& tx, int64_t project_id);
std::vector<int64_t> TutorIds(db::Tx& tx, int64_t project_id);
// The roles (tutor, expert) an account holds on the project.
std::set<std::string> StaffRoles(db::Tx& tx, int64_t project_id, int64_t account_id);
int64_t WaitlistedCount(db::Tx& tx, int64_t project_id);

struct AccountFacts {
  std::string role, org_path;
};
// An enabled account.
std::optional<AccountFacts> FindEnabledAccount(db::Tx& tx, int64_t id);

// ---- expert review -----------------------------------------------------

// Adds the expert's empty review and their expert staff row (once).
void AssignExpert(db::Tx& tx, int64_t project_id, int64_t expert_id);
std::optional<int64_t> ReviewId(db::Tx& tx, int64_t project_id, int64_t expert_id);
void SaveReview(db::Tx& tx, int64_t review_id, const std::string& scores_json, int64_t total,
                const std::string& comments, int64_t now);
int64_t SubmittedReviewCount(db::Tx& tx, int64_t project_id);
std::vector<Review> Reviews(db::Tx& tx, int64_t project_id);

// ---- quotas ------------------------------------------------------------

struct QuotaRow {
  int64_t id = 0, org_id = 0, quota = 0, used = 0;
  std::string org_name, org_path;
};
// By org path.
std::vector<QuotaRow> Quotas(db::Tx& tx, int64_t project_id);
void DeleteQuota(db::Tx& tx, int64_t project_id, int64_t org_id);
void UpsertQuota(db::Tx& tx, int64_t project_id, int64_t org_id, int64_t quota, bool exists);
void UseQuota(db::Tx& tx, int64_t quota_id, int delta);  // used never below 0

// ---- registrations -----------------------------------------------------

struct RegistrationRow {
  Registration r;
  std::string school_path, region_path;
};
std::optional<RegistrationRow> FindRegistration(db::Tx& tx, int64_t id);

struct RegistrationFilter {
  std::optional<int64_t> project_id, teacher_id;
  std::optional<std::pair<std::string, std::string>> school_paths;  // [lo, hi): the school's path
  std::string state;
};
int64_t CountRegistrations(db::Tx& tx, const RegistrationFilter& f);
// A project's: accepted first, the waitlist in queue order; a teacher's: newest project first.
std::vector<RegistrationRow> QueryRegistrations(db::Tx& tx, const RegistrationFilter& f, int64_t limit,
                                                int64_t offset);
// The place of a waitlisted registration in its queue (1 = next).
int64_t WaitlistPlace(db::Tx& tx, int64_t project_id, int64_t queue_pos);

struct ExistingRegistration {
  int64_t id = 0;
  std::string state;
};
std::optional<ExistingRegistration> FindRegistrationOf(db::Tx& tx, int64_t project_id, int64_t teacher_id);
// Registration state by teacher, for one project.
std::map<int64_t, std::string> RegistrationStates(db::Tx& tx, int64_t project_id);

struct Overlap {
  std::string name, code, start_date, end_date;
};
// The teacher's other active 集中培训 registrations of projects not yet closed.
std::vector<Overlap> ActiveCentralized(db::Tx& tx, int64_t teacher_id, int64_t except_project_id);

struct NewRegistration {
  int64_t project_id = 0, teacher_id = 0, school_id = 0;
  std::string state, origin;
  std::optional<int64_t> created_by;
};
int64_t InsertRegistration(db::Tx& tx, const NewRegistration& r, int64_t now);
// A withdrawn or rejected registration taken up again.
void RenewRegistration(db::Tx& tx, int64_t id, const NewRegistration& r, int64_t now);
// Every serving teacher of the subtree [lo, hi) accepted (a school module opening); their number.
int64_t EnrolSubtree(db::Tx& tx, int64_t project_id, const std::string& lo, const std::string& hi,
                     std::optional<int64_t> by, int64_t now);
void SetAcceptedCount(db::Tx& tx, int64_t project_id, int64_t n);
void SetRegistrationState(db::Tx& tx, int64_t id, const std::string& state, int64_t queue_pos, int64_t now);
void RejectRegistration(db::Tx& tx, int64_t id, const std::string& reason, int64_t decided_by, int64_t now);
void MarkDecidedBy(db::Tx& tx, int64_t id, int64_t decided_by, int64_t now);
std::optional<int64_t> RegistrationProject(db::Tx& tx, int64_t registration_id);

// Seats: the project row locked (NO KEY UPDATE on PostgreSQL).
struct Seats {
  std::string state;
  int64_t capacity = 0, accepted = 0;
};
Seats LockSeats(db::Tx& tx, int64_t project_id);
void AddAccepted(db::Tx& tx, int64_t project_id, int delta);  // never below 0
int64_t MaxQueuePos(db::Tx& tx, int64_t project_id);
struct Waiting {
  int64_t id = 0;
  std::string school_path;
};
std::vector<Waiting> Waitlist(db::Tx& tx, int64_t project_id);  // in queue order

// Serving teachers of the subtree [lo, hi), by id.
std::vector<int64_t> ServingTeachers(db::Tx& tx, const std::string& lo, const std::string& hi);

// ---- assessment --------------------------------------------------------

// An accepted participant with what the assessment reads.
struct Participant {
  int64_t registration_id = 0, teacher_id = 0;
  std::string teacher_name, school_name, grade, makeup_grade;
  std::optional<int64_t> credit_record_id;
  std::map<int64_t, std::string> marks;
  std::map<std::string, std::string> course_grades;
};
// The accepted participants by teacher name (or the one registration `only`).
std::vector<Participant> Participants(db::Tx& tx, int64_t project_id, std::optional<int64_t> only = std::nullopt);
void SetMark(db::Tx& tx, int64_t session_id, int64_t registration_id, const std::string& status,
             std::optional<int64_t> by, int64_t now);
std::optional<std::string> MarkOf(db::Tx& tx, int64_t session_id, int64_t registration_id);
std::optional<std::string> CheckinToken(db::Tx& tx, int64_t project_id, int64_t session_id);
struct TokenSession {
  int64_t id = 0, project_id = 0;
  std::string date, start_time, end_time;
};
std::optional<TokenSession> SessionByToken(db::Tx& tx, const std::string& token);
std::optional<int64_t> AcceptedRegistrationId(db::Tx& tx, int64_t project_id, int64_t teacher_id);
void SetCourseGrade(db::Tx& tx, int64_t registration_id, const std::string& course, const std::string& grade);
void SetGrade(db::Tx& tx, int64_t registration_id, const std::string& grade, int64_t now);
void SetMakeupGrade(db::Tx& tx, int64_t registration_id, const std::string& grade, int64_t now);
void LinkCredit(db::Tx& tx, int64_t registration_id, int64_t record_id);
std::vector<int64_t> GrantedRecordIds(db::Tx& tx, int64_t project_id);

// ---- for other modules (projects.h) ------------------------------------

int64_t AcceptedCount(db::Tx& tx, int64_t project_id);
std::vector<ProjectBrief> AcceptedProjectsOf(db::Tx& tx, int64_t teacher_id);

}  // namespace jj::projects::repo
