// The pure assessment of one participant of a training project (考勤 / 考核,
// domain.md §5, seed S4 part 2 (四)), and the QR check-in window. No I/O, no
// clock: the caller passes everything in, including "now".
//
// Rules:
// - Absence is `absent` plus `leave` (approved leave still misses the
//   hours); `late` counts as attendance; an unmarked session is absent.
// - Absence strictly over num/den of a course's hours voids that course's
//   grade; over num/den of the whole project's hours (the sum of its
//   sessions) fails the project. Exact integers: absent*den > hours*num.
// - The project is passed when it is not failed by absence, the overall
//   grade is one of the passing grades, and no course grade is voided or
//   failing (a course without a grade does not fail).
// - A teacher who failed (for any reason) and whose make-up (补考 / 补学)
//   grade is a passing grade passes by make-up.
//
// Thread-safe (plain functions of their arguments).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace jj::projects::assess {

// One session (课次) as the assessment needs it.
struct SessionHours {
  int64_t id = 0;
  std::string course;  // sessions of the same course form one course
  int64_t hours_tenths = 0;
};

struct Input {
  std::vector<SessionHours> sessions;
  std::map<int64_t, std::string> marks;              // session id → present | late | leave | absent
  std::map<std::string, std::string> course_grades;  // course → grade (missing or "": not graded)
  std::string grade, makeup_grade;                   // "": none yet
  std::vector<std::string> scale, passing;           // the project's grade scale and its passing grades
  int64_t absence_num = 1, absence_den = 3;
};

struct CourseOutcome {
  std::string course;
  int64_t hours_tenths = 0, absent_tenths = 0;
  bool voided = false;  // absence over num/den of the course: its grade does not count
  std::string grade;    // as entered ("" when none)
};

struct Outcome {
  std::vector<CourseOutcome> courses;  // in the order of their first session
  int64_t hours_tenths = 0, absent_tenths = 0;
  bool failed_by_absence = false;
  bool passed = false;  // true also when passed by make-up
  bool passed_by_makeup = false;
  // Why, as a message key of core/messages.cc ("assess.reason.*") and its
  // parameters: the first failure in the order absence, voided course,
  // failed course, missing overall grade, failed overall grade; or passed /
  // passed_makeup.
  std::string reason;
  std::map<std::string, std::string> reason_params;
};

Outcome Assess(const Input& in);

// absent strictly over num/den of hours: absent*den > hours*num.
bool OverFraction(int64_t absent_tenths, int64_t hours_tenths, int64_t num, int64_t den);

// QR check-in opens this long before a session starts and closes at its end;
// arriving more than kLateAfterMinutes after the start is late.
inline constexpr int kCheckinOpensMinutes = 30;
inline constexpr int kLateAfterMinutes = 10;

// The status a check-in at `now_seconds` (Unix time) records for a session
// held on `date` ("YYYY-MM-DD") from `start` to `end` ("HH:MM", China
// Standard Time, UTC+8): "present" from start−30 min up to start+10 min
// inclusive, "late" after that up to the end inclusive.
// Errors: FailedPrecondition assess.checkin_early {opens} /
// assess.checkin_closed {end}; InvalidArgument assess.session_time for a
// malformed date or time.
Result<std::string> CheckinStatus(int64_t now_seconds, const std::string& date, const std::string& start,
                                  const std::string& end);

}  // namespace jj::projects::assess
