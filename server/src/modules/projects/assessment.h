// Attendance, grades, make-up and the credit side of training projects
// (考勤 / 考核 / 学分, domain.md §3 and §5): the service behind the
// assessment routes of notes/projects-api.md. The rules themselves are the
// pure engine in assess.h; this class loads, checks and writes.
//
// Who (the permission table, permissions.h: actions assessment, attendance,
// grade, makeup, results, checkin, close, upgrade):
// - Attendance and grades: a class tutor of the project (project_staff role
//   'tutor'), the organiser's staff (a school admin for their school's
//   module project) or a bureau/sys admin over the project's region; only
//   for accepted registrations, while the project is registration_open or
//   running. Every grade change is written to the audit log ("grade.set",
//   "grade.makeup") in its transaction; so is each attendance sheet save
//   ("project.attendance").
// - Check-in: the teacher of an accepted registration, with the session's
//   QR token, inside the window of assess::CheckinStatus (China time).
// - Close (running → closed) by whoever runs the project: in ONE
//   transaction, an approved credit record (credits::CreditService::Grant)
//   for every accepted participant who passed, linked from the
//   registration's credit_record_id. Closing a closed project grants only
//   what is missing (a make-up passed since), never twice; a passed make-up
//   on a closed project grants at once.
// - Upgrade (升格) of a school-based module project by a bureau/sys admin
//   over its region, once: level 区县级, form 集中培训, and every credit
//   record already granted relabelled (an audit entry per teacher).
// Anything outside the actor's sight is NotFound; seen but not allowed is
// PermissionDenied.
//
// Thread-safe (stateless over the Database). Close, make-up and upgrade
// lock the project row, so concurrent calls never grant twice.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"
#include "modules/credits/credits.h"
#include "modules/projects/assess.h"
#include "modules/projects/projects.h"

namespace jj::projects {

struct AttendanceRow {
  int64_t registration_id = 0, teacher_id = 0;
  std::string teacher_name, school_name;
  std::map<int64_t, std::string> marks;  // session id → status; unmarked sessions are missing
};

struct AttendanceSheet {
  std::vector<Session> sessions;
  std::vector<AttendanceRow> rows;  // accepted registrations, by teacher name
};

struct AttendanceMark {
  int64_t session_id = 0, registration_id = 0;
  std::string status;  // AttendanceStatuses()
};

struct CheckinResult {
  int64_t project_id = 0, session_id = 0;
  std::string status;  // present | late
};

struct GradeInput {
  int64_t registration_id = 0;
  std::optional<std::string> grade;            // absent: unchanged; "": cleared
  std::map<std::string, std::string> courses;  // course → grade ("" clears)
};

// One participant's assessment.
struct ResultItem {
  int64_t registration_id = 0, teacher_id = 0;
  std::string teacher_name, school_name;
  std::string grade, makeup_grade;
  assess::Outcome outcome;
  std::optional<int64_t> credit_record_id;
};

struct CloseResult {
  int64_t created = 0;  // credit records written by this call
  Project project;
};

struct UpgradeResult {
  int64_t recredited = 0;  // credit records relabelled
  Project project;
};

class AssessmentService {
 public:
  AssessmentService(db::Database& db, const Clock& clock, credits::CreditService& credits)
      : db_(db), clock_(clock), credits_(credits), projects_(db, clock, credits) {}

  Result<AttendanceSheet> Attendance(const auth::Actor& actor, int64_t project_id);
  // Sets marks (insert or replace), all or none. Errors: InvalidArgument with
  // field marks[i].session_id (assess.unknown_session), marks[i].registration_id
  // (assess.unknown_registration) or marks[i].status (field.enum);
  // FailedPrecondition assess.project_state {state}.
  Status MarkAttendance(const auth::Actor& actor, int64_t project_id, const std::vector<AttendanceMark>& marks);
  // The session's check-in token, for its QR code (who may take attendance).
  Result<std::string> CheckinToken(const auth::Actor& actor, int64_t project_id, int64_t session_id);
  // A teacher checks in. An existing present/late mark is kept (and
  // returned); absent or leave is replaced. Errors: NotFound
  // assess.bad_token, PermissionDenied assess.not_participant,
  // FailedPrecondition assess.checkin_early / assess.checkin_closed /
  // assess.project_state.
  Result<CheckinResult> CheckIn(const auth::Actor& actor, const std::string& token);
  // Overall and per-course grades, all or none; each must be in the
  // project's grade scale. Errors: InvalidArgument assess.grade_scale
  // (field grades[i].grade or grades[i].courses.<course>),
  // assess.unknown_course, assess.unknown_registration;
  // FailedPrecondition assess.project_state.
  Status SetGrades(const auth::Actor& actor, int64_t project_id, const std::vector<GradeInput>& grades);
  // The make-up (补考 / 补学) grade of a participant who failed, while the
  // project is running or closed; on a closed project a pass is credited
  // at once. Errors: InvalidArgument assess.grade_scale (field grade),
  // FailedPrecondition assess.makeup_not_failed / assess.project_state /
  // assess.unknown_registration (not an accepted registration).
  Result<ResultItem> MakeUp(const auth::Actor& actor, int64_t registration_id, const std::string& grade);
  // Every accepted participant (a teacher: only their own), by teacher name.
  Result<std::vector<ResultItem>> Results(const auth::Actor& actor, int64_t project_id);
  // running → closed, or closed again: credits every passed participant
  // without a record. Errors: FailedPrecondition project.bad_transition,
  // credits.year_locked (nothing is written), PermissionDenied, NotFound.
  Result<CloseResult> Close(const auth::Actor& actor, int64_t project_id);
  // Errors: FailedPrecondition assess.not_school_module /
  // assess.already_upgraded / assess.project_state (not yet approved),
  // credits.year_locked; PermissionDenied (not a bureau/sys admin over the
  // region), NotFound.
  Result<UpgradeResult> Upgrade(const auth::Actor& actor, int64_t project_id);

  // The grade a credit record carries for a passed participant: theirs when
  // the credit policies' default scale knows it as a pass, else 合格 (a
  // pass on another scale, e.g. 优 / 及格 of seed S4, must count as one).
  static std::string CreditGrade(const std::string& grade);

 private:
  db::Database& db_;
  const Clock& clock_;
  credits::CreditService& credits_;
  ProjectService projects_;  // project and session loading, Get for replies
};

}  // namespace jj::projects
