#include "modules/projects/assess.h"

#include <gtest/gtest.h>

#include "core/messages.h"

namespace jj::projects::assess {
namespace {

const std::vector<std::string> kScale = {"优秀", "良好", "合格", "基本合格", "不合格"};
const std::vector<std::string> kPassing = {"优秀", "良好", "合格", "基本合格"};

// Course A: sessions 1 (3.0 h) and 2 (6.0 h) = 9.0 h; course B: sessions 3
// (3.1 h) and 4 (5.9 h) = 9.0 h; course C: session 5 (12.0 h). Project 30.0 h.
Input Base() {
  Input in;
  in.sessions = {{1, "A", 30}, {2, "A", 60}, {3, "B", 31}, {4, "B", 59}, {5, "C", 120}};
  for (int64_t id = 1; id <= 5; ++id) in.marks[id] = "present";
  in.scale = kScale;
  in.passing = kPassing;
  in.grade = "合格";
  return in;
}

const CourseOutcome& Course(const Outcome& o, const std::string& name) {
  for (const auto& c : o.courses)
    if (c.course == name) return c;
  static CourseOutcome none;
  ADD_FAILURE() << "no course " << name;
  return none;
}

TEST(Assess, FullAttendanceAndPassingGradePasses) {
  Outcome o = Assess(Base());
  EXPECT_TRUE(o.passed);
  EXPECT_FALSE(o.passed_by_makeup);
  EXPECT_FALSE(o.failed_by_absence);
  EXPECT_EQ(o.reason, "assess.reason.passed");
  EXPECT_EQ(o.hours_tenths, 300);
  EXPECT_EQ(o.absent_tenths, 0);
  ASSERT_EQ(o.courses.size(), 3u);
  EXPECT_EQ(o.courses[0].course, "A");  // order of first session
  EXPECT_EQ(o.courses[0].hours_tenths, 90);
  EXPECT_EQ(o.courses[2].course, "C");
}

TEST(Assess, ExactlyOneThirdOfACourseIsNotOver) {
  Input in = Base();
  in.marks[1] = "absent";  // 3.0 of A's 9.0 h: exactly 1/3
  in.course_grades["A"] = "良好";
  Outcome o = Assess(in);
  EXPECT_EQ(Course(o, "A").absent_tenths, 30);
  EXPECT_FALSE(Course(o, "A").voided);
  EXPECT_EQ(Course(o, "A").grade, "良好");
  EXPECT_TRUE(o.passed) << o.reason;
}

TEST(Assess, OneThirdPlusATenthOfACourseVoidsItsGrade) {
  Input in = Base();
  in.marks[3] = "absent";  // 3.1 of B's 9.0 h: over 1/3 by 0.1 h
  in.course_grades["B"] = "优秀";
  Outcome o = Assess(in);
  EXPECT_EQ(Course(o, "B").absent_tenths, 31);
  EXPECT_TRUE(Course(o, "B").voided);
  EXPECT_EQ(Course(o, "B").grade, "优秀");  // kept for the record, but void
  EXPECT_FALSE(Course(o, "A").voided);
  EXPECT_FALSE(o.failed_by_absence);  // 3.1 of 30 h
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.reason, "assess.reason.course_voided");
  EXPECT_EQ(o.reason_params.at("course"), "B");
  EXPECT_EQ(o.reason_params.at("absent"), "3.1");
  EXPECT_EQ(o.reason_params.at("hours"), "9.0");
  // A voided course fails the project even without a course grade.
  in.course_grades.clear();
  EXPECT_EQ(Assess(in).reason, "assess.reason.course_voided");
}

TEST(Assess, ExactlyOneThirdOfTheProjectIsNotOverAndATenthMoreFails) {
  Input in;
  in.scale = kScale;
  in.passing = kPassing;
  in.grade = "合格";
  // 30.0 h in three sessions; first exactly 10.0 h absent (late is present).
  in.sessions = {{1, "", 100}, {2, "", 100}, {3, "", 100}};
  in.marks = {{1, "absent"}, {2, "present"}, {3, "late"}};
  Outcome o = Assess(in);
  EXPECT_EQ(o.absent_tenths, 100);
  EXPECT_FALSE(o.failed_by_absence);
  EXPECT_TRUE(o.passed) << o.reason;
  // 10.1 of 30.0 h: over.
  in.sessions = {{1, "", 101}, {2, "", 100}, {3, "", 99}};
  o = Assess(in);
  EXPECT_EQ(o.hours_tenths, 300);
  EXPECT_EQ(o.absent_tenths, 101);
  EXPECT_TRUE(o.failed_by_absence);
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.reason, "assess.reason.absence");
  EXPECT_EQ(o.reason_params.at("absent"), "10.1");
  EXPECT_EQ(o.reason_params.at("num"), "1");
  EXPECT_EQ(o.reason_params.at("den"), "3");
}

TEST(Assess, LeaveCountsAsAbsenceLateDoesNotUnmarkedIsAbsent) {
  Input in = Base();
  in.marks[3] = "leave";  // 3.1 of B: approved leave still misses the hours
  EXPECT_TRUE(Course(Assess(in), "B").voided);
  in.marks[3] = "late";
  EXPECT_FALSE(Course(Assess(in), "B").voided);
  EXPECT_EQ(Course(Assess(in), "B").absent_tenths, 0);
  in.marks.erase(3);  // not marked at all
  Outcome o = Assess(in);
  EXPECT_EQ(Course(o, "B").absent_tenths, 31);
  EXPECT_TRUE(Course(o, "B").voided);
  // Nobody marked anything: all absent.
  in.marks.clear();
  o = Assess(in);
  EXPECT_EQ(o.absent_tenths, 300);
  EXPECT_TRUE(o.failed_by_absence);
}

TEST(Assess, ProjectAbsenceIsSummedOverCourses) {
  Input in = Base();
  // 3.0 (A, exactly 1/3) + 3.1 (B, void) + … C 12.0 absent → 18.1 of 30.0 h.
  in.marks[1] = "absent";
  in.marks[3] = "absent";
  in.marks[5] = "leave";
  Outcome o = Assess(in);
  EXPECT_EQ(o.absent_tenths, 181);
  EXPECT_TRUE(o.failed_by_absence);
  EXPECT_EQ(o.reason, "assess.reason.absence");  // absence is named first
}

TEST(Assess, GradesMustPass) {
  Input in = Base();
  in.grade = "";
  EXPECT_EQ(Assess(in).reason, "assess.reason.no_grade");
  EXPECT_FALSE(Assess(in).passed);
  in.grade = "不合格";
  EXPECT_EQ(Assess(in).reason, "assess.reason.failed_grade");
  EXPECT_EQ(Assess(in).reason_params.at("grade"), "不合格");
  in.grade = "基本合格";
  EXPECT_TRUE(Assess(in).passed);
  in.course_grades["C"] = "不合格";
  Outcome o = Assess(in);
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.reason, "assess.reason.course_failed");
  EXPECT_EQ(o.reason_params.at("course"), "C");
  in.course_grades["C"] = "";  // not graded: does not fail
  EXPECT_TRUE(Assess(in).passed);
}

TEST(Assess, CustomScale) {
  Input in = Base();
  in.scale = {"优", "及格", "不及格"};
  in.passing = {"优", "及格"};
  in.grade = "及格";
  in.course_grades = {{"A", "优"}, {"B", "及格"}};
  EXPECT_TRUE(Assess(in).passed);
  in.grade = "合格";  // a grade of another scale is not a pass here
  EXPECT_EQ(Assess(in).reason, "assess.reason.failed_grade");
  in.grade = "及格";
  in.course_grades["B"] = "不及格";
  EXPECT_EQ(Assess(in).reason, "assess.reason.course_failed");
}

TEST(Assess, MakeupPassesAFailedTeacher) {
  Input in = Base();
  in.grade = "不合格";
  in.makeup_grade = "不合格";
  Outcome o = Assess(in);
  EXPECT_FALSE(o.passed);
  EXPECT_EQ(o.reason, "assess.reason.failed_grade");
  in.makeup_grade = "合格";
  o = Assess(in);
  EXPECT_TRUE(o.passed);
  EXPECT_TRUE(o.passed_by_makeup);
  EXPECT_EQ(o.reason, "assess.reason.passed_makeup");
  // 补学 after failing by absence: the absence is still shown.
  in.grade = "合格";
  in.marks.clear();
  o = Assess(in);
  EXPECT_TRUE(o.failed_by_absence);
  EXPECT_TRUE(o.passed_by_makeup);
  // A make-up does not change the outcome of a teacher who passed.
  in = Base();
  in.makeup_grade = "不合格";
  o = Assess(in);
  EXPECT_TRUE(o.passed);
  EXPECT_FALSE(o.passed_by_makeup);
}

TEST(Assess, OtherFractions) {
  Input in = Base();
  in.absence_num = 1;
  in.absence_den = 4;
  in.marks[1] = "absent";  // 3.0 of 9.0 h > 1/4
  EXPECT_TRUE(Course(Assess(in), "A").voided);
  EXPECT_TRUE(OverFraction(1, 2, 0, 1));   // num 0: any absence is over
  EXPECT_FALSE(OverFraction(0, 0, 1, 3));  // no hours, no absence
}

TEST(Assess, EveryReasonHasAMessage) {
  for (const char* key :
       {"assess.reason.passed", "assess.reason.passed_makeup", "assess.reason.absence", "assess.reason.course_voided",
        "assess.reason.course_failed", "assess.reason.no_grade", "assess.reason.failed_grade"})
    EXPECT_TRUE(HasMessage(key)) << key;
  Input in = Base();
  in.marks[3] = "absent";
  Outcome o = Assess(in);
  EXPECT_EQ(FormatMessage(o.reason, "zh", o.reason_params),
            "课程“B”缺勤 3.1 学时，超过该课程 9.0 学时的 1/3，成绩作废");
}

// 2026-03-02 in China: 09:00 CST is 01:00 UTC = 1772413200.
constexpr int64_t k0900 = 1772413200;

TEST(Checkin, WindowEdgesInChinaTime) {
  auto at = [](int64_t t) { return CheckinStatus(t, "2026-03-02", "09:00", "10:30"); };
  auto early = at(k0900 - 30 * 60 - 1);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().key(), "assess.checkin_early");
  EXPECT_EQ(early.status().params().at("opens"), "08:30");
  EXPECT_EQ(*at(k0900 - 30 * 60), "present");  // opens exactly 30 min before
  EXPECT_EQ(*at(k0900), "present");
  EXPECT_EQ(*at(k0900 + 10 * 60), "present");  // 10 min grace inclusive
  EXPECT_EQ(*at(k0900 + 10 * 60 + 1), "late");
  EXPECT_EQ(*at(k0900 + 90 * 60), "late");  // the end itself
  auto closed = at(k0900 + 90 * 60 + 1);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.status().key(), "assess.checkin_closed");
  EXPECT_EQ(closed.status().code(), Code::kFailedPrecondition);
  // The same instant is another day for another session.
  EXPECT_FALSE(CheckinStatus(k0900, "2026-03-01", "09:00", "10:30").ok());
}

TEST(Checkin, MalformedSessionTimes) {
  for (auto [d, s, e] : std::vector<std::tuple<std::string, std::string, std::string>>{{"2026-02-30", "09:00", "10:00"},
                                                                                       {"2026-03-02", "9:00", "10:00"},
                                                                                       {"2026-03-02", "+9:00", "10:00"},
                                                                                       {"2026-03-02", "09:00", "24:00"},
                                                                                       {"2026-03-02", "09:60", "10:00"},
                                                                                       {"", "09:00", "10:00"}}) {
    auto r = CheckinStatus(k0900, d, s, e);
    ASSERT_FALSE(r.ok()) << d << " " << s << " " << e;
    EXPECT_EQ(r.status().key(), "assess.session_time");
  }
}

}  // namespace
}  // namespace jj::projects::assess
