// Backbone teachers (骨干教师, domain.md §8, seed S4 part 1): the selection
// of training candidates, as far as it is built — selection rounds with
// quotas, school recommendations and the county's review within its quota.
//
// Rounds. A bureau (or sys) admin opens a round for a level (国家级 / 市级 /
// 县级 / 校级) and year, owned by a region or bureau in their scope (by
// default their own org): the application and review windows (China dates,
// inclusive) and the conditions a recommended teacher must meet (minimum
// whole years since hire, maximum age on the day of recommendation; 0 = no
// limit). Quotas are set on orgs strictly beneath the owner (a county, a
// township, a school); every quota on the path of a teacher's school bounds
// how many of that subtree's applications may be forwarded.
//
// Applications. A school admin recommends a serving teacher of a school in
// their scope, inside the application window: the application's text
// fields, and what the system knows, filled in when recommending (the
// credit totals of the three previous years from the credits module's
// audit, the teacher's title and current backbone level). A returned
// application is recommended again by the same call.
//
// Review. A bureau (or sys) admin whose scope holds the teacher's school
// forwards (上报) or returns (退回, a reason required) a recommended
// application, inside the review window. A forward takes a place under
// every quota that applies; the round's row is locked first (PostgreSQL
// NO KEY UPDATE; SQLite serialises writers with BEGIN IMMEDIATE), so
// quotas hold under any number of concurrent forwards and server processes.
//
// Scoring. The owner assigns experts to the round; each assigned expert
// sees the round's forwarded candidates and scores them (0–100, a
// comment), never seeing another expert's score; the owner sees every
// score with the average and the spread, and decides (入选 / 不入选).
//
// Annual assessment (年度考核). Every year a teacher with a backbone level
// (or their school admin for them) submits a self-assessment, before the
// deadline (YYYY-12-20 of the year; later: FailedPrecondition
// backbone.assessment_deadline {deadline}, 422). It is reviewed in order by
// the school admin over the teacher's school, the bureau admin of the
// teacher's county (a bureau admin whose org lies in the county's subtree)
// and, when the form's last level is the city, a bureau admin of the city
// above the county (outside the county's subtree). The last level is fixed at
// the first submission: the county when the teacher's latest confirmed
// selection round was owned inside the county (a county-owned round), or,
// without one, when the level is 县级 or 校级, or when no city lies above the
// county; the city otherwise. Each level passes, fails or returns the form (a
// reason for fail and return); a returned form goes back to the teacher, who
// submits it again; a level above may reopen the decision of the level below
// while its own is pending. The last level's pass exempts the teacher from
// that year's credit audit (免审, credits::ExemptInTx, reason
// kAssessmentExemptReason) in the same transaction; a fail leaves the normal
// audit. A teacher's record counts the consecutive passed years (up to the
// latest decided year): 3 or more make them eligible for expert review
// (eligible_expert_review), 5 or more a direct candidate (direct_candidate).
//
// Who may do what is the permission table (permissions.h). Anything out of
// sight is NotFound. Every change is audit-logged (backbone.*) in its
// transaction. Thread-safe (stateless over the Database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/vocabulary.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"

namespace jj::credits {
class CreditService;
}

namespace jj::backbone {

const std::vector<std::string>& RoundLevels();        // 国家级 市级 县级 校级
const std::vector<std::string>& RoundStates();        // open publicity confirmed closed
const std::vector<std::string>& ApplicationStates();  // recommended returned forwarded selected not_selected
// school county city (pending at that level) returned passed failed
const std::vector<std::string>& AssessmentStates();
// backbone_round_level, backbone_round_state, backbone_application_state,
// backbone_assessment_state.
std::vector<Vocabulary> Vocabularies();

inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxTextChars = 5000;
inline constexpr size_t kMaxQuotas = 1000;

struct RoundInput {
  std::optional<int64_t> owner_org_id;  // default: the actor's org
  std::string level, title;
  int64_t year = 0;
  std::string apply_start, apply_end, review_start, review_end;  // YYYY-MM-DD
  int64_t min_teaching_years = 0, max_age = 0;                   // 0: no limit
};

struct Quota {
  int64_t org_id = 0;
  std::string org_name = {};
  int64_t quota = 0, used = 0;  // used: forwarded applications of the org's subtree
};

struct Round {
  int64_t id = 0, owner_org_id = 0;
  std::string owner_name, level, title, state;
  int64_t year = 0;
  std::string apply_start, apply_end, review_start, review_end;
  int64_t min_teaching_years = 0, max_age = 0;
  std::string publicity_start, publicity_end;  // 公示, once the round is in publicity
  int64_t created_at = 0;
  std::vector<Quota> quotas;   // Get only: those in the actor's sight (all for the owner)
  struct Expert {
    int64_t id = 0;
    std::string name;
  };
  std::vector<Expert> experts;  // Get only, for the owner
  std::vector<std::string> actions;
};

// What the system knew of the teacher when recommended.
struct KnownFacts {
  std::string title, backbone_level, hire_date, birth_date;
  struct YearCredits {
    int year = 0;
    std::string total_credits;  // "12.5"
    std::string status;         // the audit's status
  };
  std::vector<YearCredits> credits;  // the three years before the round's year
};

struct ApplicationInput {
  int64_t teacher_id = 0;
  std::string teaching_record, research, papers, awards;
};

struct Application {
  int64_t id = 0, round_id = 0, teacher_id = 0, school_id = 0;
  std::string teacher_name, school_name, subject, stage;
  std::string teaching_record, research, papers, awards;
  KnownFacts known;
  std::string state, reason;
  struct Objection {
    std::string text;
    int64_t recorded_at = 0;
  };
  std::vector<Objection> objections;  // GetApplication only
  int64_t recommended_at = 0, decided_at = 0;
  std::vector<std::string> actions;
};

struct RoundList {
  std::vector<Round> items;
  std::vector<std::string> actions;  // what the actor may do on the list (create_round)
};

struct Score {
  int64_t expert_id = 0;
  std::string expert_name;
  int64_t total = 0;
  std::string comment;
  int64_t scored_at = 0;
};

// The scores of one application as the actor may see them: the owner all
// of them with their average and spread (highest − lowest); an expert only
// their own (no average, no spread: nothing of the others).
struct ScoreSheet {
  std::vector<Score> items;
  int64_t count = 0;                  // the owner: all scores; an expert: 0 or 1
  std::optional<double> average;      // owner only, when scored
  std::optional<int64_t> spread;      // owner only, when scored
};

struct ApplicationList {
  std::vector<Application> items;
  int64_t total = 0;
};

inline constexpr const char* kAssessmentExemptReason = "骨干教师年度考核合格";
inline constexpr const char* kAssessmentDeadline = "12-20";  // MM-DD of the assessed year
inline constexpr int64_t kExpertReviewPasses = 3, kDirectCandidatePasses = 5;

struct AssessmentInput {
  int64_t teacher_id = 0, year = 0;
  std::string self_assessment;
};

struct Assessment {
  int64_t id = 0, teacher_id = 0, year = 0, school_id = 0;
  std::string teacher_name, school_name, backbone_level;
  std::string final_level;  // county | city
  std::string deadline, self_assessment, state, reason;
  std::string school_decision, county_decision, city_decision;  // passed | failed | "" (none yet)
  int64_t submitted_at = 0, decided_at = 0;
  std::vector<std::string> actions;
};

struct AssessmentList {
  std::vector<Assessment> items;
  std::vector<std::string> actions;  // on the list: assessments, record, and submit for the roles that submit
};

// A teacher's backbone record: the level, the assessments (newest first),
// the consecutive passes and what they make the teacher eligible for.
struct BackboneRecord {
  int64_t teacher_id = 0;
  std::string teacher_name, backbone_level;
  int64_t consecutive_passes = 0;
  bool eligible_expert_review = false, direct_candidate = false;
  std::vector<Assessment> assessments;
};

class BackboneService {
 public:
  BackboneService(db::Database& db, const Clock& clock, credits::CreditService& credits)
      : db_(db), clock_(clock), credits_(credits) {}

  // Bureau and sys admins. Errors: InvalidArgument (the field), NotFound
  // (owner outside scope), PermissionDenied.
  Result<Round> CreateRound(const auth::Actor& actor, const RoundInput& in);
  // The rounds the actor sees: owned by a region in their scope, or whose
  // owner's subtree holds the actor's org (schools, counties beneath it).
  Result<RoundList> ListRounds(const auth::Actor& actor);
  // Errors: NotFound.
  Result<Round> GetRound(const auth::Actor& actor, int64_t id);
  // Replaces the round's quotas. Errors: InvalidArgument (quotas[i].org_id
  // not beneath the owner, a duplicate, a negative quota, backbone.quota_below_used),
  // FailedPrecondition (closed), PermissionDenied, NotFound.
  Result<Round> SetQuotas(const auth::Actor& actor, int64_t id, const std::vector<Quota>& quotas);
  // open → closed. Errors: FailedPrecondition, PermissionDenied, NotFound.
  Result<Round> Close(const auth::Actor& actor, int64_t id);

  // School admins. Errors: InvalidArgument (a text field; backbone.too_young_in_service,
  // backbone.too_old), FailedPrecondition (window, closed, backbone.not_serving),
  // Conflict (backbone.already_recommended), NotFound (teacher or round), PermissionDenied.
  Result<Application> Recommend(const auth::Actor& actor, int64_t round_id, const ApplicationInput& in);
  // The applications of the round the actor sees (their scope's schools;
  // the owner all of them).
  Result<ApplicationList> ListApplications(const auth::Actor& actor, int64_t round_id);
  // Errors: NotFound.
  Result<Application> GetApplication(const auth::Actor& actor, int64_t id);
  // action forward | return (reason required for return). Errors:
  // InvalidArgument (action, reason), FailedPrecondition (window, decided),
  // Conflict backbone.quota_full {org, quota}, PermissionDenied, NotFound.
  Result<Application> Review(const auth::Actor& actor, int64_t id, const std::string& action,
                             const std::string& reason);

  // Expert scoring (评审). The owner replaces the round's experts: enabled
  // accounts of role expert whose org lies in the owner's subtree (any other
  // id: InvalidArgument backbone.bad_expert, field expert_ids). Errors also
  // FailedPrecondition (closed), PermissionDenied, NotFound.
  Result<Round> SetExperts(const auth::Actor& actor, int64_t id, const std::vector<int64_t>& expert_ids);
  // An assigned expert scores a forwarded candidate (total 0–100, a
  // comment), again to correct it until the owner decides. Errors:
  // InvalidArgument (total, comment), FailedPrecondition (decided, closed),
  // PermissionDenied, NotFound (not assigned: the application is out of sight).
  Result<ScoreSheet> SubmitScore(const auth::Actor& actor, int64_t id, int64_t total, const std::string& comment);
  // See ScoreSheet. Errors: PermissionDenied, NotFound.
  Result<ScoreSheet> Scores(const auth::Actor& actor, int64_t id);
  // The owner decides a forwarded candidate: select | reject (reason
  // required for reject), after at least one score (FailedPrecondition
  // backbone.no_scores). Errors: InvalidArgument (action, reason),
  // FailedPrecondition, PermissionDenied, NotFound.
  Result<Application> Decide(const auth::Actor& actor, int64_t id, const std::string& action,
                             const std::string& reason);

  // Publicity (公示) and confirmation. The owner puts the round's selected
  // candidates up for publicity from `start` to `end` (open → publicity;
  // FailedPrecondition backbone.none_selected without one), records the
  // objections received during it against a selected candidate (text
  // required; FailedPrecondition backbone.publicity_window outside the
  // dates), and after `end` confirms the round (publicity → confirmed;
  // FailedPrecondition backbone.publicity_running before): every selected
  // candidate becomes confirmed and the teacher's backbone level is set to
  // the round's level through teachers::SetBackboneLevel, with history.
  // Errors also InvalidArgument (dates, text), PermissionDenied, NotFound.
  Result<Round> Publicize(const auth::Actor& actor, int64_t id, const std::string& start, const std::string& end);
  Result<Application> RecordObjection(const auth::Actor& actor, int64_t application_id, const std::string& text);
  Result<Round> Confirm(const auth::Actor& actor, int64_t id);

  // Annual assessment (see above). Submit: the teacher themself or a school
  // admin over their school; a new form or a returned one. Errors:
  // InvalidArgument (year, self_assessment), FailedPrecondition
  // (backbone.not_backbone, backbone.assessment_deadline, backbone.assessment_state),
  // PermissionDenied, NotFound (teacher out of sight).
  Result<Assessment> SubmitAssessment(const auth::Actor& actor, const AssessmentInput& in);
  // The forms the actor sees (their own; their scope's), of one year or all.
  Result<AssessmentList> ListAssessments(const auth::Actor& actor, std::optional<int64_t> year);
  Result<Assessment> GetAssessment(const auth::Actor& actor, int64_t id);
  // action pass | fail | return | reopen (reason required for fail and
  // return). Errors: InvalidArgument, FailedPrecondition
  // backbone.assessment_state, credits.year_locked, PermissionDenied, NotFound.
  Result<Assessment> ReviewAssessment(const auth::Actor& actor, int64_t id, const std::string& action,
                                      const std::string& reason);
  // Errors: NotFound (out of sight), PermissionDenied.
  Result<BackboneRecord> Record(const auth::Actor& actor, int64_t teacher_id);

 private:
  db::Database& db_;
  const Clock& clock_;
  credits::CreditService& credits_;
};

}  // namespace jj::backbone
