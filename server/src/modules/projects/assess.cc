#include "modules/projects/assess.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "core/date.h"
#include "core/text.h"
#include "modules/credits/policy/policy.h"

namespace jj::projects::assess {

namespace {

bool IsAbsence(const std::map<int64_t, std::string>& marks, int64_t session_id) {
  auto it = marks.find(session_id);
  return it == marks.end() || it->second == "absent" || it->second == "leave";
}

std::map<std::string, std::string> AbsenceParams(const std::string& course, int64_t absent, int64_t hours,
                                                 const Input& in) {
  std::map<std::string, std::string> p = {{"absent", credits::policy::FormatTenths(absent)},
                                          {"hours", credits::policy::FormatTenths(hours)},
                                          {"num", std::to_string(in.absence_num)},
                                          {"den", std::to_string(in.absence_den)}};
  if (!course.empty()) p["course"] = course;
  return p;
}

// The first reason the participant fails without a make-up; "" when passed.
std::string Failure(const Input& in, const Outcome& o, std::map<std::string, std::string>& params) {
  if (o.failed_by_absence) {
    params = AbsenceParams("", o.absent_tenths, o.hours_tenths, in);
    return "assess.reason.absence";
  }
  for (const auto& c : o.courses)
    if (c.voided) {
      params = AbsenceParams(c.course, c.absent_tenths, c.hours_tenths, in);
      return "assess.reason.course_voided";
    }
  for (const auto& c : o.courses)
    if (!c.grade.empty() && !Contains(in.passing, c.grade)) {
      params = {{"course", c.course}, {"grade", c.grade}};
      return "assess.reason.course_failed";
    }
  if (in.grade.empty()) return "assess.reason.no_grade";
  if (!Contains(in.passing, in.grade)) {
    params = {{"grade", in.grade}};
    return "assess.reason.failed_grade";
  }
  return "";
}

// "HH:MM" → minutes after midnight.
std::optional<int> ParseClockTime(const std::string& t) {
  auto digit = [&](size_t i) { return t[i] >= '0' && t[i] <= '9' ? t[i] - '0' : -100; };
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  const int h = digit(0) * 10 + digit(1), m = digit(3) * 10 + digit(4);
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string ClockText(int64_t minutes) {
  minutes = ((minutes % 1440) + 1440) % 1440;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return buf;
}

}  // namespace

bool OverFraction(int64_t absent_tenths, int64_t hours_tenths, int64_t num, int64_t den) {
  return absent_tenths * den > hours_tenths * num;
}

Outcome Assess(const Input& in) {
  Outcome o;
  for (const auto& s : in.sessions) {
    auto c =
        std::find_if(o.courses.begin(), o.courses.end(), [&](const CourseOutcome& x) { return x.course == s.course; });
    if (c == o.courses.end()) {
      o.courses.push_back(CourseOutcome{s.course, 0, 0, false, ""});
      c = o.courses.end() - 1;
    }
    c->hours_tenths += s.hours_tenths;
    o.hours_tenths += s.hours_tenths;
    if (IsAbsence(in.marks, s.id)) {
      c->absent_tenths += s.hours_tenths;
      o.absent_tenths += s.hours_tenths;
    }
  }
  for (auto& c : o.courses) {
    c.voided = OverFraction(c.absent_tenths, c.hours_tenths, in.absence_num, in.absence_den);
    if (auto g = in.course_grades.find(c.course); g != in.course_grades.end()) c.grade = g->second;
  }
  o.failed_by_absence = OverFraction(o.absent_tenths, o.hours_tenths, in.absence_num, in.absence_den);
  o.reason = Failure(in, o, o.reason_params);
  if (o.reason.empty()) {
    o.passed = true;
    o.reason = "assess.reason.passed";
  } else if (!in.makeup_grade.empty() && Contains(in.passing, in.makeup_grade)) {
    o.passed = o.passed_by_makeup = true;
    o.reason = "assess.reason.passed_makeup";
    o.reason_params = {{"grade", in.makeup_grade}};
  }
  return o;
}

Result<std::string> CheckinStatus(int64_t now_seconds, const std::string& date, const std::string& start,
                                  const std::string& end) {
  auto day = ParseDate(date);
  auto from = ParseClockTime(start), to = ParseClockTime(end);
  if (!day || !from || !to) return InvalidArgument("assess.session_time");
  // Minutes since the epoch in China Standard Time (UTC+8, no DST), kept in
  // seconds so that the edges are exact to the second.
  const int64_t midnight = static_cast<int64_t>(day->DaysSinceEpoch()) * 86400 - 8 * 3600;
  const int64_t starts = midnight + int64_t{*from} * 60, ends = midnight + int64_t{*to} * 60;
  if (now_seconds < starts - kCheckinOpensMinutes * 60)
    return Status(Code::kFailedPrecondition, "assess.checkin_early",
                  {{"opens", ClockText(*from - kCheckinOpensMinutes)}, {"date", date}});
  if (now_seconds > ends) return Status(Code::kFailedPrecondition, "assess.checkin_closed", {{"end", end}});
  return std::string(now_seconds > starts + kLateAfterMinutes * 60 ? "late" : "present");
}

}  // namespace jj::projects::assess
