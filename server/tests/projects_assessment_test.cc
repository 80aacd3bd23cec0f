// Project assessment over HTTP (notes/projects-api.md, "Assessment"):
// attendance and its 1/3 rules, QR check-in and its window, grades in the
// project's scale, make-up, results, closing with credit records (once),
// the teachers' audit showing them, and the upgrade of a school-based
// module project with re-credit. Projects go through the real lifecycle:
// create → submit → experts → review → approve → open → apply → start.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <latch>
#include <thread>
#include <map>

#include "harness.h"
#include "infra/db/database.h"
#include "infra/io/qr.h"
#include "modules/projects/assessment_routes.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

// 2026-03-01 00:00 China time; the harness clock stands at 12:00 that day.
constexpr int64_t kMarch1 = 1772294400;
constexpr int64_t kHarnessNow = kMarch1 + 12 * 3600;

int64_t At(int hour, int minute, int second = 0) { return kMarch1 + hour * 3600 + minute * 60 + second; }

class Assessment : public Api {
 protected:
  void TearDown() override {
    if (b_) b_->clock->Set(kHarnessNow);
  }

  static std::string Path(int64_t id, const std::string& tail = "") {
    return "/api/v1/projects/" + std::to_string(id) + tail;
  }
  static int64_t AccountId(Client& c) { return c.Get("/api/v1/auth/me").body["user"]["id"].get<int64_t>(); }
  static int64_t TeacherIdOf(Client& c) { return c.Get("/api/v1/auth/me").body["user"]["teacher_id"].get<int64_t>(); }

  // Codes and years of their own per backend (credits and certificates
  // tests use 2010–2036 and 2041–2069).
  std::string Code(const std::string& name) { return "AS-" + GetParam() + "-" + name; }
  int Year(int n) { return (GetParam() == "sqlite" ? 2080 : 2090) + n; }

  // A 网络研修 project of the institution (no overlap rule) of the hours
  // of its sessions, with school_admin_b's account as its class tutor.
  Json TrainingInput(const std::string& code, const std::string& start, const std::string& end, const Json& sessions) {
    Client tutor = As("school_admin_b");
    int64_t tenths = 0;
    for (const auto& x : sessions) tenths += std::llround(x["hours"].get<double>() * 10);
    return Json{{"code", Code(code)},
                {"name", "考核测试 " + code},
                {"level", "区县级"},
                {"form", "网络研修"},
                {"dimension", "学科教学"},
                {"start_date", start},
                {"end_date", end},
                {"hours", static_cast<double>(tenths) / 10},
                {"capacity", 40},
                {"sessions", sessions},
                {"tutor_ids", Json::array({AccountId(tutor)})}};
  }

  Json Transition(Client& c, int64_t id, const std::string& action) {
    Reply r = c.Post(Path(id, "/transition"), {{"action", action}});
    EXPECT_EQ(r.status, 200) << action << ": " << r.raw;
    return r.body;
  }

  // The harness's OpenProject with `owner` (a username) creating it: the
  // project, open for registration.
  Json CreateAndOpen(Client& owner, const Json& input) {
    const int64_t id = OpenProject(input, owner.Get("/api/v1/auth/me").body["user"]["username"].get<std::string>());
    Reply r = owner.Get(Path(id));
    EXPECT_EQ(r.body["state"], "registration_open") << r.raw;
    return r.body;
  }

  // The demo teacher applies and school A's admin nominates `more` other
  // teachers of the school. Registration ids, the demo teacher's first.
  std::vector<int64_t> Enrol(int64_t id, int more) {
    Client teacher = As("teacher");
    Client school = As("school_admin");
    std::vector<int64_t> regs;
    Reply a = teacher.Post(Path(id, "/registrations"), Json::object());
    EXPECT_EQ(a.status, 201) << a.raw;
    EXPECT_EQ(a.body["state"], "accepted");
    regs.push_back(a.body.value("id", int64_t{0}));
    if (more == 0) return regs;
    const int64_t me = a.body.value("teacher_id", int64_t{0});
    Reply list = school.Get("/api/v1/teachers?page_size=" + std::to_string(more + 1) +
                            "&org_id=" + std::to_string(OrgId(demo::kSchoolACode)));
    Json ids = Json::array();
    for (const auto& t : list.body["items"])
      if (t["id"] != me && static_cast<int>(ids.size()) < more) ids.push_back(t["id"]);
    Reply n = school.Post(Path(id, "/nominations"), {{"teacher_ids", ids}});
    EXPECT_EQ(n.status, 200) << n.raw;
    for (const auto& item : n.body["items"]) {
      EXPECT_TRUE(item.contains("registration")) << item.dump();
      if (item.contains("registration")) {
        EXPECT_EQ(item["registration"]["state"], "accepted");
        regs.push_back(item["registration"]["id"].get<int64_t>());
      }
    }
    EXPECT_EQ(static_cast<int>(regs.size()), more + 1);
    return regs;
  }

  static std::map<std::string, int64_t> SessionIds(const Json& project) {
    std::map<std::string, int64_t> out;
    for (const auto& s : project["sessions"]) out[s["topic"].get<std::string>()] = s["id"].get<int64_t>();
    return out;
  }

  std::map<int64_t, Json> Results(Client& c, int64_t id) {
    Reply r = c.Get(Path(id, "/results"));
    EXPECT_EQ(r.status, 200) << r.raw;
    std::map<int64_t, Json> out;
    for (const auto& item : r.body["items"]) out[item["registration_id"].get<int64_t>()] = item;
    return out;
  }

  int64_t Count(const std::string& sql, const db::Params& params) {
    int64_t n = -1;
    (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
      db::Row r;
      tx.QueryOne(sql, params, r);
      n = r.Int(0);
      return Status::Ok();
    });
    return n;
  }
  int64_t CreditCount(const std::string& code) {
    return Count("SELECT COUNT(*) FROM credit_records WHERE project_code = :c", {code});
  }
  int64_t AuditCount(const std::string& action, int64_t object_id) {
    return Count("SELECT COUNT(*) FROM audit_log WHERE action = :a AND object_id = :o", {action, object_id});
  }

  // The teacher's own audit for a year, and its record of project `name`.
  Json AuditRecord(Client& teacher, int year, const std::string& name, Json* audit = nullptr) {
    Reply r = teacher.Get("/api/v1/credits/audit/teachers/" + std::to_string(TeacherIdOf(teacher)) +
                          "?year=" + std::to_string(year));
    EXPECT_EQ(r.status, 200) << r.raw;
    if (audit) *audit = r.body;
    for (const auto& rec : r.body["records"])
      if (rec.value("project_name", "") == name) return rec;
    ADD_FAILURE() << "no record of " << name << " in " << r.raw;
    return Json();
  }
};

// Course A: 3.0 + 6.0 h; course B: 3.1 + 5.9 h; course C: 3 × 4.0 h; 30.0 h.
Json CourseSessions(int year) {
  const std::string d = std::to_string(year) + "-05-";
  return Json::array({
      Json{{"topic", "A1"},
           {"course", "A"},
           {"date", d + "02"},
           {"start_time", "09:00"},
           {"end_time", "12:00"},
           {"hours", 3}},
      Json{{"topic", "A2"},
           {"course", "A"},
           {"date", d + "03"},
           {"start_time", "09:00"},
           {"end_time", "15:00"},
           {"hours", 6}},
      Json{{"topic", "B1"},
           {"course", "B"},
           {"date", d + "04"},
           {"start_time", "09:00"},
           {"end_time", "12:06"},
           {"hours", 3.1}},
      Json{{"topic", "B2"},
           {"course", "B"},
           {"date", d + "05"},
           {"start_time", "09:00"},
           {"end_time", "14:54"},
           {"hours", 5.9}},
      Json{{"topic", "C1"},
           {"course", "C"},
           {"date", d + "06"},
           {"start_time", "09:00"},
           {"end_time", "13:00"},
           {"hours", 4}},
      Json{{"topic", "C2"},
           {"course", "C"},
           {"date", d + "07"},
           {"start_time", "09:00"},
           {"end_time", "13:00"},
           {"hours", 4}},
      Json{{"topic", "C3"},
           {"course", "C"},
           {"date", d + "08"},
           {"start_time", "09:00"},
           {"end_time", "13:00"},
           {"hours", 4}},
  });
}

TEST_P(Assessment, AttendanceRulesResultsCloseOnceAndMakeupAfterClose) {
  Client inst = As("institution_staff");
  Client tutor = As("school_admin_b");
  Client school = As("school_admin");
  Client teacher = As("teacher");
  const int year = Year(1);
  const std::string y = std::to_string(year);
  Json p = CreateAndOpen(inst, TrainingInput("rules", y + "-05-01", y + "-05-31", CourseSessions(year)));
  const int64_t id = p["id"].get<int64_t>();
  auto s = SessionIds(p);
  ASSERT_EQ(s.size(), 7u);
  std::vector<int64_t> r = Enrol(id, 4);
  ASSERT_EQ(r.size(), 5u);
  Transition(inst, id, "start");

  // Permissions: school A's admin neither tutors nor runs the project.
  EXPECT_EQ(school.Put(Path(id, "/attendance"), {{"marks", Json::array()}}).status, 403);
  EXPECT_EQ(teacher.Get(Path(id, "/attendance")).status, 403);

  // r0: absent A1 = 3.0 of A's 9.0 h, exactly 1/3: A stands.
  // r1: absent B1 = 3.1 of B's 9.0 h, 1/3 + 0.1 h: B's grade is void.
  // r2: approved leave for C1–C3 (12.0 h) and A1: course C void and 15.0 of
  //     30.0 h > 1/3: failed by absence.
  // r3: late everywhere: late is attendance.
  // r4: never marked: absent throughout.
  Json marks = Json::array();
  auto mark = [&](int64_t reg, const std::string& topic, const std::string& status) {
    marks.push_back({{"session_id", s.at(topic)}, {"registration_id", reg}, {"status", status}});
  };
  for (const auto& [topic, sid] : s) {
    mark(r[0], topic, topic == "A1" ? "absent" : "present");
    mark(r[1], topic, topic == "B1" ? "absent" : "present");
    mark(r[2], topic, topic[0] == 'C' || topic == "A1" ? "leave" : "present");
    mark(r[3], topic, "late");
  }
  Reply m = tutor.Put(Path(id, "/attendance"), {{"marks", marks}});
  ASSERT_EQ(m.status, 204) << m.raw;
  EXPECT_EQ(AuditCount("project.attendance", id), 1);

  Reply sheet = tutor.Get(Path(id, "/attendance"));
  ASSERT_EQ(sheet.status, 200) << sheet.raw;
  EXPECT_EQ(sheet.body["sessions"].size(), 7u);
  ASSERT_EQ(sheet.body["rows"].size(), 5u);
  for (const auto& row : sheet.body["rows"]) {
    if (row["registration_id"] == r[0]) {
      EXPECT_EQ(row["marks"][std::to_string(s["A1"])], "absent");
    }
    if (row["registration_id"] == r[4]) {
      EXPECT_TRUE(row["marks"].empty());
    }
  }

  // Grades: 合格 for all, course grades for A and B.
  Json grades = Json::array();
  for (int64_t reg : r)
    grades.push_back({{"registration_id", reg}, {"grade", "合格"}, {"courses", {{"A", "良好"}, {"B", "优秀"}}}});
  Reply g = tutor.Put(Path(id, "/grades"), {{"grades", grades}});
  ASSERT_EQ(g.status, 204) << g.raw;
  EXPECT_EQ(AuditCount("grade.set", r[0]), 1);

  auto res = Results(tutor, id);
  ASSERT_EQ(res.size(), 5u);
  auto course = [](const Json& item, const std::string& name) {
    for (const auto& c : item["courses"])
      if (c["course"] == name) return c;
    return Json();
  };
  EXPECT_TRUE(res[r[0]]["passed"]) << res[r[0]].dump();
  EXPECT_EQ(course(res[r[0]], "A")["absent_hours"], 3.0);
  EXPECT_FALSE(course(res[r[0]], "A")["voided"]);
  EXPECT_EQ(res[r[0]]["hours"], 30.0);

  EXPECT_FALSE(res[r[1]]["passed"]);
  EXPECT_TRUE(course(res[r[1]], "B")["voided"]);
  EXPECT_EQ(course(res[r[1]], "B")["absent_hours"], 3.1);
  EXPECT_EQ(course(res[r[1]], "B")["grade"], "优秀");
  EXPECT_FALSE(res[r[1]]["failed_by_absence"]);
  EXPECT_EQ(res[r[1]]["reason"], "assess.reason.course_voided");
  EXPECT_NE(res[r[1]]["reason_text"].get<std::string>().find("B"), std::string::npos);

  EXPECT_TRUE(res[r[2]]["failed_by_absence"]);  // leave counts as absence
  EXPECT_EQ(res[r[2]]["absent_hours"], 15.0);
  EXPECT_EQ(res[r[2]]["reason"], "assess.reason.absence");

  EXPECT_TRUE(res[r[3]]["passed"]) << res[r[3]].dump();  // late is attendance
  EXPECT_EQ(res[r[3]]["absent_hours"], 0.0);

  EXPECT_TRUE(res[r[4]]["failed_by_absence"]);  // unmarked = absent
  EXPECT_EQ(res[r[4]]["absent_hours"], 30.0);

  // A teacher sees only their own result.
  Reply own = teacher.Get(Path(id, "/results"));
  ASSERT_EQ(own.status, 200) << own.raw;
  ASSERT_EQ(own.body["items"].size(), 1u);
  EXPECT_EQ(own.body["items"][0]["registration_id"], r[0]);

  // A make-up only for who failed, in the scale.
  EXPECT_EQ(tutor.Post("/api/v1/registrations/" + std::to_string(r[0]) + "/makeup", {{"grade", "合格"}}).status, 422);
  Reply bad = tutor.Post("/api/v1/registrations/" + std::to_string(r[1]) + "/makeup", {{"grade", "及格"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Field(), "grade");

  // Close: the two who passed get a credit record each, in one go.
  EXPECT_EQ(tutor.Post(Path(id, "/close"), Json::object()).status, 403);  // a tutor does not close
  Reply c1 = inst.Post(Path(id, "/close"), Json::object());
  ASSERT_EQ(c1.status, 200) << c1.raw;
  EXPECT_EQ(c1.body["created"], 2);
  EXPECT_EQ(c1.body["project"]["state"], "closed");
  EXPECT_EQ(CreditCount(Code("rules")), 2);
  EXPECT_EQ(AuditCount("project.close", id), 1);
  res = Results(tutor, id);
  ASSERT_TRUE(res[r[0]]["credit_record_id"].is_number());
  EXPECT_TRUE(res[r[1]]["credit_record_id"].is_null());
  const int64_t rec0 = res[r[0]]["credit_record_id"].get<int64_t>();
  EXPECT_EQ(AuditCount("credit.grant", rec0), 1);

  // Closing again writes nothing.
  Reply c2 = inst.Post(Path(id, "/close"), Json::object());
  ASSERT_EQ(c2.status, 200) << c2.raw;
  EXPECT_EQ(c2.body["created"], 0);
  EXPECT_EQ(CreditCount(Code("rules")), 2);

  // Attendance and grades are frozen on a closed project.
  Reply late_mark = tutor.Put(
      Path(id, "/attendance"),
      {{"marks", Json::array({{{"session_id", s["B1"]}, {"registration_id", r[1]}, {"status", "present"}}})}});
  EXPECT_EQ(late_mark.status, 422);
  EXPECT_EQ(late_mark.Code(), "failed_precondition");

  // A passed make-up (补学) on the closed project is credited at once.
  Reply mu = tutor.Post("/api/v1/registrations/" + std::to_string(r[1]) + "/makeup", {{"grade", "合格"}});
  ASSERT_EQ(mu.status, 200) << mu.raw;
  EXPECT_TRUE(mu.body["passed"]);
  EXPECT_TRUE(mu.body["passed_by_makeup"]);
  EXPECT_EQ(mu.body["reason"], "assess.reason.passed_makeup");
  ASSERT_TRUE(mu.body["credit_record_id"].is_number());
  EXPECT_EQ(CreditCount(Code("rules")), 3);
  EXPECT_EQ(AuditCount("grade.makeup", r[1]), 1);
  // … and a later close does not credit it twice.
  Reply c3 = inst.Post(Path(id, "/close"), Json::object());
  ASSERT_EQ(c3.status, 200) << c3.raw;
  EXPECT_EQ(c3.body["created"], 0);
  EXPECT_EQ(CreditCount(Code("rules")), 3);

  // A failed make-up is recorded but grants nothing.
  Reply mu2 = tutor.Post("/api/v1/registrations/" + std::to_string(r[4]) + "/makeup", {{"grade", "不合格"}});
  ASSERT_EQ(mu2.status, 200) << mu2.raw;
  EXPECT_FALSE(mu2.body["passed"]);
  EXPECT_TRUE(mu2.body["credit_record_id"].is_null());

  // The teacher's audit shows the record, approved, counted: 30 h online × 0.7.
  Json audit;
  Json rec = AuditRecord(teacher, year, "考核测试 rules", &audit);
  EXPECT_EQ(rec["outcome"], "counted") << rec.dump();
  EXPECT_EQ(audit["total_credits"], 21.0);
  EXPECT_EQ(audit["by_dimension"]["学科教学"], 21.0);
  Reply mine = teacher.Get("/api/v1/credits/records?year=" + y);
  ASSERT_EQ(mine.status, 200);
  bool found = false;
  for (const auto& x : mine.body["items"])
    if (x["project_code"] == Code("rules")) {
      found = true;
      EXPECT_EQ(x["state"], "approved");
      EXPECT_EQ(x["source"], "training");
      EXPECT_EQ(x["level"], "区县级");
      EXPECT_EQ(x["form"], "网络研修");
      EXPECT_EQ(x["dimension"], "学科教学");
      EXPECT_EQ(x["grade"], "合格");
      EXPECT_EQ(x["date"], y + "-05-01");
      EXPECT_EQ(x["end_date"], y + "-05-31");
      EXPECT_EQ(x["hours"], "30.0");
      EXPECT_EQ(x["project_name"], "考核测试 rules");
    }
  EXPECT_TRUE(found) << mine.raw;
}

TEST_P(Assessment, ProjectAbsenceAtExactlyOneThirdAndATenthOver) {
  Client inst = As("institution_staff");
  Client tutor = As("school_admin_b");
  const int year = Year(2);
  const std::string d = std::to_string(year) + "-05-";
  Json sessions = Json::array({
      Json{{"topic", "S1"}, {"date", d + "02"}, {"start_time", "08:00"}, {"end_time", "18:00"}, {"hours", 10}},
      Json{{"topic", "S2"}, {"date", d + "03"}, {"start_time", "08:00"}, {"end_time", "18:06"}, {"hours", 10.1}},
      Json{{"topic", "S3"}, {"date", d + "04"}, {"start_time", "08:00"}, {"end_time", "17:54"}, {"hours", 9.9}},
  });
  Json p = CreateAndOpen(inst, TrainingInput("third", d + "01", d + "31", sessions));
  const int64_t id = p["id"].get<int64_t>();
  auto s = SessionIds(p);
  std::vector<int64_t> r = Enrol(id, 1);
  ASSERT_EQ(r.size(), 2u);
  // Attendance may be taken while registration is open.
  auto sheet = [&](int64_t reg, const std::string& absent_topic) {
    Json marks = Json::array();
    for (const auto& [topic, sid] : s)
      marks.push_back(
          {{"session_id", sid}, {"registration_id", reg}, {"status", topic == absent_topic ? "absent" : "present"}});
    return marks;
  };
  Json all = sheet(r[0], "S1");                              // 10.0 of 30.0 h: exactly 1/3
  for (const auto& x : sheet(r[1], "S2")) all.push_back(x);  // 10.1 of 30.0 h
  Reply m = tutor.Put(Path(id, "/attendance"), {{"marks", all}});
  ASSERT_EQ(m.status, 204) << m.raw;
  Transition(inst, id, "start");
  Reply g = tutor.Put(Path(id, "/grades"), {{"grades", Json::array({{{"registration_id", r[0]}, {"grade", "良好"}},
                                                                    {{"registration_id", r[1]}, {"grade", "优秀"}}})}});
  ASSERT_EQ(g.status, 204) << g.raw;
  auto res = Results(tutor, id);
  EXPECT_FALSE(res[r[0]]["failed_by_absence"]);
  EXPECT_EQ(res[r[0]]["absent_hours"], 10.0);
  EXPECT_TRUE(res[r[0]]["passed"]) << res[r[0]].dump();
  EXPECT_TRUE(res[r[1]]["failed_by_absence"]);
  EXPECT_EQ(res[r[1]]["absent_hours"], 10.1);
  EXPECT_FALSE(res[r[1]]["passed"]);
  Client en_tutor = As("school_admin_b");
  en_tutor.set_lang("en");
  Reply en_res = en_tutor.Get(Path(id, "/results"));
  ASSERT_EQ(en_res.status, 200);
  for (const auto& item : en_res.body["items"])
    if (item["registration_id"] == r[1]) {
      EXPECT_EQ(item["reason_text"], "Absent 10.1 h, over 1/3 of the programme's 30.0 h: failed");
    }
}

TEST_P(Assessment, BadMarksAndGradesNameTheFieldAndWriteNothing) {
  Client inst = As("institution_staff");
  Client tutor = As("school_admin_b");
  const int year = Year(3);
  const std::string d = std::to_string(year) + "-05-";
  Json input = TrainingInput("scale", d + "01", d + "31",
                             Json::array({Json{{"topic", "T1"},
                                               {"course", "理论"},
                                               {"date", d + "02"},
                                               {"start_time", "09:00"},
                                               {"end_time", "12:00"},
                                               {"hours", 15}},
                                          Json{{"topic", "T2"},
                                               {"course", "实践"},
                                               {"date", d + "03"},
                                               {"start_time", "09:00"},
                                               {"end_time", "12:00"},
                                               {"hours", 15}}}));
  input["grade_scale"] = {"优", "及格", "不及格"};
  input["passing_grades"] = {"优", "及格"};
  Json p = CreateAndOpen(inst, input);
  const int64_t id = p["id"].get<int64_t>();
  auto s = SessionIds(p);
  // The other project's session and a registration that is not accepted.
  Json other = CreateAndOpen(
      inst,
      TrainingInput(
          "scale-other", d + "01", d + "31",
          Json::array({Json{
              {"topic", "X"}, {"date", d + "04"}, {"start_time", "09:00"}, {"end_time", "10:00"}, {"hours", 1}}})));
  std::vector<int64_t> r = Enrol(id, 1);
  std::vector<int64_t> other_regs = Enrol(other["id"].get<int64_t>(), 0);
  Transition(inst, id, "start");

  auto put_marks = [&](const Json& marks) { return tutor.Put(Path(id, "/attendance"), {{"marks", marks}}); };
  const Json good = {{"session_id", s["T1"]}, {"registration_id", r[0]}, {"status", "present"}};
  Reply e1 = put_marks(Json::array({good, {{"session_id", s["T2"]}, {"registration_id", r[0]}, {"status", "sick"}}}));
  EXPECT_EQ(e1.status, 400);
  EXPECT_EQ(e1.Field(), "marks[1].status");
  Reply e2 = put_marks(
      Json::array({{{"session_id", SessionIds(other)["X"]}, {"registration_id", r[0]}, {"status", "present"}}}));
  EXPECT_EQ(e2.status, 400);
  EXPECT_EQ(e2.Field(), "marks[0].session_id");
  Reply e3 =
      put_marks(Json::array({{{"session_id", s["T1"]}, {"registration_id", other_regs[0]}, {"status", "present"}}}));
  EXPECT_EQ(e3.status, 400);
  EXPECT_EQ(e3.Field(), "marks[0].registration_id");
  Reply e4 = put_marks(Json::array({{{"session_id", s["T1"]}, {"status", "present"}}}));
  EXPECT_EQ(e4.status, 400);
  EXPECT_EQ(e4.Field(), "marks[0].registration_id");
  EXPECT_EQ(tutor.Put(Path(id, "/attendance"), {{"rows", 1}}).status, 400);
  // Nothing of the failed sheets was written.
  for (const auto& row : tutor.Get(Path(id, "/attendance")).body["rows"]) EXPECT_TRUE(row["marks"].empty()) << row;

  auto put_grades = [&](const Json& grades) { return tutor.Put(Path(id, "/grades"), {{"grades", grades}}); };
  const Json ok_grade = {{"registration_id", r[1]}, {"grade", "优"}};
  Reply g1 = put_grades(Json::array({ok_grade, {{"registration_id", r[0]}, {"grade", "合格"}}}));  // not this scale
  EXPECT_EQ(g1.status, 400);
  EXPECT_EQ(g1.Field(), "grades[1].grade");
  EXPECT_EQ(g1.Code(), "invalid_argument");
  EXPECT_NE(g1.Message().find("不及格"), std::string::npos) << g1.Message();
  Reply g2 = put_grades(Json::array({{{"registration_id", r[0]}, {"courses", {{"实践", "良好"}}}}}));
  EXPECT_EQ(g2.status, 400);
  EXPECT_EQ(g2.Field(), "grades[0].courses.实践");
  Reply g3 = put_grades(Json::array({{{"registration_id", r[0]}, {"courses", {{"美术", "优"}}}}}));
  EXPECT_EQ(g3.status, 400);
  EXPECT_EQ(g3.Field(), "grades[0].courses.美术");
  Reply g4 = put_grades(Json::array({{{"registration_id", other_regs[0]}, {"grade", "优"}}}));
  EXPECT_EQ(g4.status, 400);
  EXPECT_EQ(g4.Field(), "grades[0].registration_id");
  Reply g5 = put_grades(Json::array({{{"registration_id", r[0]}, {"grade", 3}}}));
  EXPECT_EQ(g5.status, 400);
  EXPECT_EQ(g5.Field(), "grades[0].grade");
  for (const auto& [reg, item] : Results(tutor, id)) EXPECT_EQ(item["grade"], "") << item;
  EXPECT_EQ(AuditCount("grade.set", r[1]), 0);

  // The custom scale: 及格 passes, and the credit counts in the audit.
  Json marks = Json::array();
  for (int64_t reg : r)
    for (const auto& [topic, sid] : s)
      marks.push_back({{"session_id", sid}, {"registration_id", reg}, {"status", "present"}});
  ASSERT_EQ(put_marks(marks).status, 204);
  Reply ok = put_grades(Json::array({{{"registration_id", r[0]}, {"grade", "及格"}, {"courses", {{"理论", "优"}}}},
                                     {{"registration_id", r[1]}, {"grade", "不及格"}}}));
  ASSERT_EQ(ok.status, 204) << ok.raw;
  auto res = Results(tutor, id);
  EXPECT_TRUE(res[r[0]]["passed"]);
  EXPECT_FALSE(res[r[1]]["passed"]);
  EXPECT_EQ(res[r[1]]["reason"], "assess.reason.failed_grade");
  // Clearing a course grade.
  ASSERT_EQ(put_grades(Json::array({{{"registration_id", r[0]}, {"courses", {{"理论", ""}}}}})).status, 204);
  EXPECT_TRUE(Results(tutor, id)[r[0]]["courses"][0]["grade"] == "");
  Reply c = inst.Post(Path(id, "/close"), Json::object());
  ASSERT_EQ(c.status, 200) << c.raw;
  EXPECT_EQ(c.body["created"], 1);
  Client teacher = As("teacher");
  Json rec = AuditRecord(teacher, year, "考核测试 scale");
  EXPECT_EQ(rec["outcome"], "counted") << rec.dump();
}

TEST_P(Assessment, CheckinWindowInChinaTime) {
  // Sessions today (2026-03-01, the harness's date), so that logins stay valid.
  const std::string day = "2026-03-01";
  Json sessions = Json::array({
      Json{{"topic", "S1"}, {"date", day}, {"start_time", "13:00"}, {"end_time", "14:30"}, {"hours", 1.5}},
      Json{{"topic", "S2"}, {"date", day}, {"start_time", "15:00"}, {"end_time", "16:30"}, {"hours", 1.5}},
      Json{{"topic", "S3"}, {"date", day}, {"start_time", "17:00"}, {"end_time", "18:00"}, {"hours", 1}},
      Json{{"topic", "S4"}, {"date", day}, {"start_time", "19:00"}, {"end_time", "20:00"}, {"hours", 1}},
      Json{{"topic", "S5"}, {"date", day}, {"start_time", "21:00"}, {"end_time", "21:30"}, {"hours", 0.5}},
  });
  Client inst = As("institution_staff");
  Client tutor = As("school_admin_b");
  Json input = TrainingInput("checkin", day, "2026-03-02", sessions);
  Json p = CreateAndOpen(inst, input);
  const int64_t id = p["id"].get<int64_t>();
  auto s = SessionIds(p);
  std::vector<int64_t> r = Enrol(id, 0);
  Transition(inst, id, "start");

  auto token_of = [&](const std::string& topic) {
    Reply qr = tutor.Get(Path(id, "/sessions/" + std::to_string(s.at(topic)) + "/qr"));
    EXPECT_EQ(qr.status, 200) << qr.raw;
    EXPECT_EQ(qr.content_type, "image/svg+xml");
    EXPECT_EQ(qr.raw.rfind("<?xml", 0), 0u);
    EXPECT_NE(qr.raw.find("<svg"), std::string::npos);
    std::string token;
    (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
      db::Row row;
      tx.QueryOne("SELECT checkin_token FROM project_sessions WHERE id = :id", {s.at(topic)}, row);
      token = row.Str(0);
      return Status::Ok();
    });
    EXPECT_FALSE(token.empty());
    return token;
  };
  Client teacher = As("teacher");
  auto checkin = [&](const std::string& topic, int64_t when) {
    b_->clock->Set(when);
    return teacher.Post("/api/v1/checkin", {{"token", token_of(topic)}});
  };

  // The code is the check-in address under the base URL (here the demo's
  // listening address); without a base URL there is no code.
  {
    Reply qr = tutor.Get(Path(id, "/sessions/" + std::to_string(s.at("S1")) + "/qr"));
    EXPECT_EQ(qr.raw, io::QrSvg(projects::CheckinUrl("http://127.0.0.1:" + std::to_string(b_->port), token_of("S1"))));
    ScopedBaseUrl none(*b_->app, "", http::BaseUrl::Source::kMissing);
    Reply refused = tutor.Get(Path(id, "/sessions/" + std::to_string(s.at("S1")) + "/qr"));
    EXPECT_EQ(refused.status, 422) << refused.raw;
    EXPECT_NE(refused.Message().find("JIJIAO_BASE_URL"), std::string::npos) << refused.Message();
  }
  // Others may not see the code; only a participating teacher checks in.
  Client school = As("school_admin");
  EXPECT_EQ(school.Get(Path(id, "/sessions/" + std::to_string(s["S1"]) + "/qr")).status, 403);
  EXPECT_EQ(tutor.Get(Path(id, "/sessions/999999999/qr")).status, 404);
  EXPECT_EQ(school.Post("/api/v1/checkin", {{"token", token_of("S1")}}).status, 403);
  Reply unknown = teacher.Post("/api/v1/checkin", {{"token", "no-such-token"}});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(teacher.Post("/api/v1/checkin", Json::object()).Field(), "token");

  Reply early = checkin("S1", At(12, 29, 59));
  EXPECT_EQ(early.status, 422) << early.raw;
  EXPECT_NE(early.Message().find("12:30"), std::string::npos) << early.Message();
  Reply opens = checkin("S1", At(12, 30));
  ASSERT_EQ(opens.status, 200) << opens.raw;
  EXPECT_EQ(opens.body["status"], "present");
  EXPECT_EQ(opens.body["session_id"], s["S1"]);
  EXPECT_EQ(opens.body["project_id"], id);
  // Checking in again keeps the first result.
  EXPECT_EQ(checkin("S1", At(14, 0)).body["status"], "present");

  EXPECT_EQ(checkin("S2", At(15, 10)).body["status"], "present");  // start + 10 min: still on time
  EXPECT_EQ(checkin("S3", At(17, 10, 1)).body["status"], "late");  // one second later: late
  // The tutor had marked S4 as leave; coming after all replaces it.
  b_->clock->Set(kHarnessNow);
  ASSERT_EQ(
      tutor
          .Put(Path(id, "/attendance"),
               {{"marks", Json::array({{{"session_id", s["S4"]}, {"registration_id", r[0]}, {"status", "leave"}}})}})
          .status,
      204);
  EXPECT_EQ(checkin("S4", At(20, 0)).body["status"], "late");  // the end itself
  Reply closed = checkin("S5", At(21, 30, 1));
  EXPECT_EQ(closed.status, 422);
  EXPECT_NE(closed.Message().find("21:30"), std::string::npos) << closed.Message();

  b_->clock->Set(kHarnessNow);
  Reply sheet = tutor.Get(Path(id, "/attendance"));
  ASSERT_EQ(sheet.status, 200);
  ASSERT_EQ(sheet.body["rows"].size(), 1u);
  const Json& marks = sheet.body["rows"][0]["marks"];
  EXPECT_EQ(marks[std::to_string(s["S1"])], "present");
  EXPECT_EQ(marks[std::to_string(s["S2"])], "present");
  EXPECT_EQ(marks[std::to_string(s["S3"])], "late");
  EXPECT_EQ(marks[std::to_string(s["S4"])], "late");
  EXPECT_FALSE(marks.contains(std::to_string(s["S5"])));
}

TEST_P(Assessment, CloseIsOneTransactionAndStopsAtALockedYear) {
  Client inst = As("institution_staff");
  Client tutor = As("school_admin_b");
  Client bureau = As("bureau_admin");
  const int year = Year(4);
  const std::string d = std::to_string(year) + "-05-";
  Json p = CreateAndOpen(
      inst,
      TrainingInput(
          "locked", d + "01", d + "31",
          Json::array({Json{
              {"topic", "T"}, {"date", d + "02"}, {"start_time", "09:00"}, {"end_time", "12:00"}, {"hours", 3}}})));
  const int64_t id = p["id"].get<int64_t>();
  auto s = SessionIds(p);
  std::vector<int64_t> r = Enrol(id, 2);
  EXPECT_EQ(inst.Post(Path(id, "/close"), Json::object()).status, 422);  // not running yet
  Transition(inst, id, "start");
  Json marks = Json::array(), grades = Json::array();
  for (int64_t reg : r) {
    marks.push_back({{"session_id", s["T"]}, {"registration_id", reg}, {"status", "present"}});
    grades.push_back({{"registration_id", reg}, {"grade", "优秀"}});
  }
  ASSERT_EQ(tutor.Put(Path(id, "/attendance"), {{"marks", marks}}).status, 204);
  ASSERT_EQ(tutor.Put(Path(id, "/grades"), {{"grades", grades}}).status, 204);

  ASSERT_EQ(bureau.Post("/api/v1/credits/locks", {{"year", year}, {"locked", true}}).status, 204);
  Reply c = inst.Post(Path(id, "/close"), Json::object());
  EXPECT_EQ(c.status, 422);
  EXPECT_NE(c.Message().find(std::to_string(year)), std::string::npos) << c.raw;
  EXPECT_EQ(CreditCount(Code("locked")), 0);
  Reply still = inst.Get(Path(id));
  EXPECT_EQ(still.body["state"], "running");
  for (const auto& [reg, item] : Results(tutor, id)) EXPECT_TRUE(item["credit_record_id"].is_null());

  ASSERT_EQ(bureau.Post("/api/v1/credits/locks", {{"year", year}, {"locked", false}, {"reason", "结项补录"}}).status,
            204);
  Reply c2 = inst.Post(Path(id, "/close"), Json::object());
  ASSERT_EQ(c2.status, 200) << c2.raw;
  EXPECT_EQ(c2.body["created"], 3);
  EXPECT_EQ(CreditCount(Code("locked")), 3);
  // Archived projects are not closed again.
  Transition(inst, id, "archive");
  EXPECT_EQ(inst.Post(Path(id, "/close"), Json::object()).status, 422);
}

// Two projects over the same 24 teachers, registered in opposite orders,
// closed at the same moment. The teachers share one name (同名 is common),
// so each close credits them in its own registration order. On PostgreSQL
// each close takes the teachers' locks in id order before the first record,
// so the two queue and both credit everyone; without that, each held the
// audit log's head after its first teacher and waited for the other's.
TEST_P(Assessment, ConcurrentClosesOverTheSameTeachersBothCreditEveryone) {
  Client inst = As("institution_staff");
  Client tutor = As("school_admin_b");
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  const int year = Year(6);
  const std::string d = std::to_string(year) + "-05-";
  Reply list = school.Get("/api/v1/teachers?page_size=40&org_id=" + std::to_string(OrgId(demo::kSchoolACode)));
  ASSERT_EQ(list.status, 200) << list.raw;
  Client demo_teacher = As("teacher");
  const int64_t me = TeacherIdOf(demo_teacher);
  Json ids = Json::array();
  std::map<int64_t, std::string> names;  // restored at the end
  for (const auto& t : list.body["items"]) {
    if (t["id"] == me || ids.size() == 24) continue;
    ids.push_back(t["id"]);
    names[t["id"].get<int64_t>()] = t["name"].get<std::string>();
  }
  ASSERT_EQ(ids.size(), 24u);
  struct Restore {
    Client& c;
    std::map<int64_t, std::string>& names;
    ~Restore() {
      for (const auto& [id, name] : names) c.Patch("/api/v1/teachers/" + std::to_string(id), {{"name", name}});
    }
  } restore{bureau, names};
  for (const auto& [id, name] : names)
    ASSERT_EQ(bureau.Patch("/api/v1/teachers/" + std::to_string(id), {{"name", "同名教师"}}).status, 200);
  std::vector<int64_t> projects;
  for (int k = 0; k < 2; ++k) {
    Json p = CreateAndOpen(
        inst, TrainingInput("concurrent" + std::to_string(k), d + "01", d + "31",
                            Json::array({Json{{"topic", "T"},
                                              {"date", d + "02"},
                                              {"start_time", "09:00"},
                                              {"end_time", "12:00"},
                                              {"hours", 3}}})));
    const int64_t id = p["id"].get<int64_t>();
    Json order = ids;
    if (k == 1) std::reverse(order.begin(), order.end());
    Reply n = school.Post(Path(id, "/nominations"), {{"teacher_ids", order}});
    ASSERT_EQ(n.status, 200) << n.raw;
    Transition(inst, id, "start");
    Json marks = Json::array(), grades = Json::array();
    for (const auto& item : n.body["items"]) {
      ASSERT_TRUE(item.contains("registration")) << item.dump();
      const int64_t reg = item["registration"]["id"].get<int64_t>();
      marks.push_back({{"session_id", SessionIds(p)["T"]}, {"registration_id", reg}, {"status", "present"}});
      grades.push_back({{"registration_id", reg}, {"grade", "合格"}});
    }
    ASSERT_EQ(tutor.Put(Path(id, "/attendance"), {{"marks", marks}}).status, 204);
    ASSERT_EQ(tutor.Put(Path(id, "/grades"), {{"grades", grades}}).status, 204);
    projects.push_back(id);
  }
  // Both signed in first, then released together.
  Client closer[2] = {As("institution_staff"), As("institution_staff")};
  Reply closed[2];
  std::latch go(3);
  std::vector<std::thread> threads;
  for (int k = 0; k < 2; ++k)
    threads.emplace_back([&, k] {
      go.arrive_and_wait();
      closed[k] = closer[k].Post(Path(projects[k], "/close"), Json::object());
    });
  go.arrive_and_wait();
  for (auto& t : threads) t.join();
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(closed[k].status, 200) << closed[k].raw;
    EXPECT_EQ(CreditCount(Code("concurrent" + std::to_string(k))), 24);
  }
}

TEST_P(Assessment, UpgradeSchoolModuleRecreditsEveryParticipant) {
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  Client teacher = As("teacher");
  const int year = Year(5);
  const std::string d = std::to_string(year) + "-04-";
  Json input = {
      {"code", Code("module")},
      {"name", "校本研修：作业设计"},
      {"kind", "school_module"},
      {"dimension", "学科教学"},
      {"theme", "双减背景下的作业设计"},
      {"half_days", 2},
      {"start_date", d + "01"},
      {"end_date", d + "30"},
      {"hours", 10},
      {"sessions",
       Json::array(
           {Json{{"topic", "M1"}, {"date", d + "03"}, {"start_time", "14:00"}, {"end_time", "17:00"}, {"hours", 5}},
            Json{{"topic", "M2"}, {"date", d + "10"}, {"start_time", "14:00"}, {"end_time", "17:00"}, {"hours", 5}}})}};
  Json p = CreateAndOpen(school, input);
  const int64_t id = p["id"].get<int64_t>();
  EXPECT_EQ(p["level"], "校本");
  EXPECT_EQ(p["form"], "校本研修");
  Transition(school, id, "start");
  // Every serving teacher of the school takes part: mark and grade them all.
  Reply sheet = school.Get(Path(id, "/attendance"));
  ASSERT_EQ(sheet.status, 200) << sheet.raw;
  const size_t n = sheet.body["rows"].size();
  ASSERT_GT(n, 2u);
  Json marks = Json::array(), grades = Json::array();
  for (const auto& row : sheet.body["rows"]) {
    for (const auto& sess : sheet.body["sessions"])
      marks.push_back({{"session_id", sess["id"]}, {"registration_id", row["registration_id"]}, {"status", "present"}});
    grades.push_back({{"registration_id", row["registration_id"]}, {"grade", "良好"}});
  }
  ASSERT_EQ(school.Put(Path(id, "/attendance"), {{"marks", marks}}).status, 204);
  ASSERT_EQ(school.Put(Path(id, "/grades"), {{"grades", grades}}).status, 204);
  Reply c = school.Post(Path(id, "/close"), Json::object());
  ASSERT_EQ(c.status, 200) << c.raw;
  EXPECT_EQ(c.body["created"], static_cast<int64_t>(n));

  // 10 h school-based × 1.0.
  Json audit;
  Json rec = AuditRecord(teacher, year, "校本研修：作业设计", &audit);
  EXPECT_EQ(rec["coefficient"], 1.0);
  EXPECT_EQ(audit["total_credits"], 10.0);

  // Only a bureau admin upgrades, only module projects, only once.
  EXPECT_EQ(school.Post(Path(id, "/upgrade"), Json::object()).status, 403);
  Reply u = bureau.Post(Path(id, "/upgrade"), Json::object());
  ASSERT_EQ(u.status, 200) << u.raw;
  EXPECT_EQ(u.body["recredited"], static_cast<int64_t>(n));
  EXPECT_EQ(u.body["project"]["level"], "区县级");
  EXPECT_EQ(u.body["project"]["form"], "集中培训");
  EXPECT_GT(u.body["project"]["upgraded_at"].get<int64_t>(), 0);
  Reply again = bureau.Post(Path(id, "/upgrade"), Json::object());
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(AuditCount("project.upgrade", id), 1);

  // Every participant's record is relabelled, one audit entry each; the
  // teacher's audit counts the district coefficient: 10 h × 1.2.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_records WHERE project_code = :c AND level = '区县级' AND form = "
                  "'集中培训'",
                  {Code("module")}),
            static_cast<int64_t>(n));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log a JOIN credit_records r ON r.id = a.object_id WHERE a.action = "
                  "'credit.relabel' AND r.project_code = :c",
                  {Code("module")}),
            static_cast<int64_t>(n));
  rec = AuditRecord(teacher, year, "校本研修：作业设计", &audit);
  EXPECT_EQ(rec["coefficient"], 1.2);
  EXPECT_EQ(audit["total_credits"], 12.0);

  // A training project cannot be upgraded.
  Client inst = As("institution_staff");
  const std::string d2 = std::to_string(year) + "-06-";
  Json t = CreateAndOpen(
      inst,
      TrainingInput(
          "not-module", d2 + "01", d2 + "30",
          Json::array({Json{
              {"topic", "X"}, {"date", d2 + "02"}, {"start_time", "09:00"}, {"end_time", "10:00"}, {"hours", 1}}})));
  Reply nm = bureau.Post(Path(t["id"].get<int64_t>(), "/upgrade"), Json::object());
  EXPECT_EQ(nm.status, 422);
  EXPECT_NE(nm.Message().find("校本"), std::string::npos) << nm.Message();
}

INSTANTIATE_TEST_SUITE_P(Backends, Assessment, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
