// Surveys of training projects (问卷, domain.md §9): a training-needs survey
// before (kind "needs") and a satisfaction survey after ("satisfaction").
//
// Definition: each project has its own questions per kind, starting from a
// default template (DefaultQuestions). Ratings are 1–5, free text is at most
// kMaxTextChars. The project's runners edit it — those the projects
// permission table lets take the action "surveys" (projects::StandingOf:
// staff of the organiser, bureau or sys admins over the project's region) —
// until the first answer arrives (then FailedPrecondition survey.locked).
// Projects are read through modules/projects/projects.h only.
//
// Answering: participants are the teachers with an `accepted` registration.
// The needs survey is open while the project is registration_open or
// running, the satisfaction survey while it is running or closed
// (else FailedPrecondition survey.closed). One answer per participant and
// survey: a second one is Conflict survey.already_answered. Every required
// question must be answered, ratings within 1–5 and texts within the limit;
// the error's field is the question id.
//
// Anonymity — how answers are kept apart from who gave them:
//  - who answered (survey_respondents: survey, teacher) and what was answered
//    (survey_responses: survey, random token, answers) are separate tables
//    whose only common column is the survey;
//  - neither has a sequential id (a response is keyed by a random 128-bit
//    token; both are WITHOUT ROWID tables on SQLite, so not even the hidden
//    rowid counts arrivals) and neither stores a time;
//  - results list free-text answers in token order, i.e. in no order of
//    arrival; nothing about answers goes to the audit log;
//  - runners see counts and aggregates, never who has answered; only the
//    teacher learns whether they themself answered (answered: true).
//  What remains is inside the database engine: on PostgreSQL both rows of
//  one answer are written by one transaction (same xmin, adjacent ctid).
//  No route exposes those; only someone with raw SQL access to the live
//  database could use them.
//
// Access: anything outside the actor's reach is NotFound (a teacher who is
// not a participant, an admin outside the project's region).
// Thread-safe (stateless over the Database).
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"

namespace jj::surveys {

inline constexpr int kRatingMin = 1, kRatingMax = 5;
inline constexpr size_t kMaxQuestions = 30;
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxTextChars = 1000;

const std::vector<std::string>& Kinds();          // needs satisfaction
const std::vector<std::string>& QuestionTypes();  // rating text

struct Question {
  std::string id;    // [a-z0-9_]{1,20}, unique in the survey
  std::string type;  // rating | text
  std::string title;
  bool required = true;
};

// The template a project's survey starts from (Chinese wording).
std::vector<Question> DefaultQuestions(const std::string& kind);

// Checks an edited definition: 1..kMaxQuestions questions, ids well-formed
// and unique, known types, titles 1..kMaxTitleChars. Errors: InvalidArgument
// with field "questions[i].<name>" (survey.no_questions, survey.too_many,
// survey.bad_id, survey.duplicate_id, field.enum, field.empty, field.too_long).
Status ValidateQuestions(const std::vector<Question>& questions);

// Checks one answer object {question id: value}: unknown ids (field.unknown),
// ratings not integers 1–5 (field.type, field.range), texts not strings or
// too long (field.type, field.too_long), required questions missing or blank
// (field.required). The field is the question id.
Status ValidateAnswers(const std::vector<Question>& questions, const nlohmann::json& answers);

// One question's results.
struct QuestionResult {
  Question question;
  int64_t answered = 0;                            // responses that answer it
  std::optional<double> average;                   // ratings, 2 decimals
  std::array<int64_t, kRatingMax> distribution{};  // ratings: count of 1..5
  std::vector<std::string> texts;                  // text: the non-blank answers
};

// Aggregates answer objects (already validated) per question.
std::vector<QuestionResult> Tally(const std::vector<Question>& questions, const std::vector<nlohmann::json>& answers);

struct ProjectRef {
  int64_t id = 0;
  std::string code, name, state, start_date, end_date;
};

struct Definition {
  ProjectRef project;
  std::string kind;
  std::vector<Question> questions;
  bool customised = false;  // edited by a runner (else the default template)
  bool locked = false;      // has answers: no more edits
  bool open = false;        // the project's state takes answers of this kind
  bool editable = false;    // the actor is a runner and it is not locked
  bool answered = false;    // the acting teacher has answered
};

struct Results {
  ProjectRef project;
  std::string kind;
  int64_t participants = 0;  // accepted registrations now
  int64_t responses = 0;
  std::optional<double> response_rate;  // responses / participants, 4 decimals; none without participants
  std::vector<QuestionResult> questions;
};

// A survey the acting teacher can answer now.
struct OpenSurvey {
  ProjectRef project;
  std::string kind;
  bool answered = false;
};

class SurveyService {
 public:
  // The xlsx export is written under `files_dir` and removed once read.
  SurveyService(db::Database& db, const Clock& clock, std::string files_dir)
      : db_(db), clock_(clock), files_dir_(std::move(files_dir)) {}

  // Runners and participants. Errors: InvalidArgument (kind), NotFound.
  Result<Definition> Get(const auth::Actor& actor, int64_t project_id, const std::string& kind);
  // Runners. Errors: ValidateQuestions's, FailedPrecondition survey.locked,
  // PermissionDenied (a participant), NotFound.
  Result<Definition> Save(const auth::Actor& actor, int64_t project_id, const std::string& kind,
                          const std::vector<Question>& questions);
  // A participant answers. Errors: ValidateAnswers's, FailedPrecondition
  // survey.closed, Conflict survey.already_answered (checked first),
  // PermissionDenied (a runner), NotFound.
  Status Answer(const auth::Actor& actor, int64_t project_id, const std::string& kind, const nlohmann::json& answers);
  // Runners. Errors: InvalidArgument (kind), PermissionDenied (a
  // participant), NotFound.
  Result<Results> GetResults(const auth::Actor& actor, int64_t project_id, const std::string& kind);
  // The results as an xlsx workbook (概况, 评分题, 文字意见). Errors: as
  // GetResults, Internal when the file cannot be written.
  Result<std::string> ResultsXlsx(const auth::Actor& actor, int64_t project_id, const std::string& kind);
  // The acting teacher's open surveys (projects they are accepted in),
  // by project start date. Errors: PermissionDenied (not a teacher).
  Result<std::vector<OpenSurvey>> Mine(const auth::Actor& actor);

 private:
  db::Database& db_;
  const Clock& clock_;
  std::string files_dir_;
};

// The Chinese name of a kind (训前需求调研 / 培训满意度调查).
std::string KindTitle(const std::string& kind);

}  // namespace jj::surveys
