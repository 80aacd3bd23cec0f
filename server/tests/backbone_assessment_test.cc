// The backbone annual assessment (年度考核) over HTTP, on both databases:
// submission by the teacher or their school before the deadline; the school
// → county → city review with pass, fail, return and reopen; the final
// pass exempting the teacher from that year's credit audit (a fail leaving
// the normal audit); the consecutive passes across years. Every route is
// tried from the wrong role, another school or county, without CSRF and with
// hostile input, and afterwards the data is as it was.

#include <gtest/gtest.h>

#include <map>

#include "harness.h"
#include "modules/demo/demo.h"
#include "modules/teachers/teachers.h"

namespace jj::testing {
namespace {

constexpr const char* kExemptReason = "骨干教师年度考核合格";

class BackboneAssessment : public Api {
 protected:
  static std::string F(int64_t id, const std::string& tail = "") {
    return "/api/v1/backbone/assessments/" + std::to_string(id) + tail;
  }
  static std::string Rec(int64_t teacher) { return "/api/v1/backbone/teachers/" + std::to_string(teacher); }
  void SetLevel(int64_t teacher, const std::string& level) {
    ASSERT_TRUE(b_->app->db()
                    .Transact([&](db::Tx& tx) {
                      return teachers::SetBackboneLevel(tx, *b_->clock, std::nullopt, teacher, level, "测试");
                    })
                    .ok());
  }
  // The n-th serving teacher of school A below the credit requirement in
  // `year` (skipping the first ones other tests use).
  int64_t Teacher(size_t n, int year = 2026) {
    Client school = As("school_admin");
    size_t seen = 0;
    for (int64_t id : TeacherIds(demo::kSchoolACode, 40)) {
      if (seen++ < 6) continue;
      Reply a = school.Get("/api/v1/credits/audit/teachers/" + std::to_string(id) + "?year=" + std::to_string(year));
      if (a.body.value("status", "") != "未达标" || a.body.value("exempt", false)) continue;
      if (n-- == 0) return id;
    }
    ADD_FAILURE() << "not enough teachers below the requirement";
    return 0;
  }
  Json Audit(int64_t teacher, int year) {
    return As("school_admin")
        .Get("/api/v1/credits/audit/teachers/" + std::to_string(teacher) + "?year=" + std::to_string(year))
        .body;
  }
  Json Form(int64_t teacher, int64_t year, const std::string& text = "本年度完成示范课两节，带教青年教师一名") {
    return {{"teacher_id", teacher}, {"year", year}, {"self_assessment", text}};
  }
  Reply Review(Client& c, int64_t id, const std::string& action, const std::string& reason = "") {
    Json b{{"action", action}};
    if (!reason.empty()) b["reason"] = reason;
    return c.Post(F(id, "/review"), b);
  }
  // A logged-in account made by the platform admin, once per backend.
  Client Made(const std::string& role, const std::string& org_code, const std::string& tag) {
    static std::map<std::string, bool> made;
    const std::string username = tag + "_" + GetParam();
    Client sys = As("sysadmin");
    if (!made[username]) {
      made[username] = true;
      Reply r = sys.Post("/api/v1/accounts", {{"username", username},
                                              {"display_name", "测试" + role},
                                              {"role", role},
                                              {"org_id", OrgId(org_code)}});
      EXPECT_EQ(r.status, 201) << r.raw;
      Client c(b_->port);
      EXPECT_EQ(c.Login(username, r.body["initial_password"]).status, 200);
      EXPECT_EQ(c.Post("/api/v1/auth/password",
                       {{"old_password", r.body["initial_password"]}, {"new_password", "Strong-Pass-2026"}})
                    .status,
                204);
      return c;
    }
    Client c(b_->port);
    EXPECT_EQ(c.Login(username, "Strong-Pass-2026").status, 200);
    return c;
  }
  Client City() { return Made("bureau_admin", demo::kCityCode, "bb_city_assess"); }
  Client OtherCounty() {
    Client sys = As("sysadmin");
    const std::string code = GetParam() == "sqlite" ? "441897" : "441896";
    Reply o = sys.Post("/api/v1/orgs", {{"code", code}, {"name", "考核另一县"}, {"type", "county"},
                                        {"parent_id", OrgId(demo::kCityCode)}});
    EXPECT_TRUE(o.status == 201 || o.status == 409) << o.raw;
    return Made("bureau_admin", code, "bb_assess_other_county");
  }
};

// 1. A city-final form through the three levels, with reopen at each level
// above; the final pass makes the teacher 免审 for that year.
TEST_P(BackboneAssessment, ThreeLevelsAndTheFinalPassExemptsTheTeacher) {
  const int64_t t = Teacher(0);
  ASSERT_NE(t, 0);
  Client teacher = AsTeacher(t), school = As("school_admin"), county = As("bureau_admin"), city = City();
  // Without a backbone level there is no assessment.
  SetLevel(t, "无");
  Reply none = teacher.Post("/api/v1/backbone/assessments", Form(t, 2026));
  EXPECT_EQ(none.status, 422) << none.raw;
  EXPECT_NE(none.Message().find("骨干"), std::string::npos) << none.raw;
  SetLevel(t, "市级");
  EXPECT_EQ(Audit(t, 2026).value("status", ""), "未达标");
  Reply sub = teacher.Post("/api/v1/backbone/assessments", Form(t, 2026));
  ASSERT_EQ(sub.status, 200) << sub.raw;
  const int64_t id = sub.body["id"];
  EXPECT_EQ(sub.body["state"], "school");
  EXPECT_EQ(sub.body["final_level"], "city");
  EXPECT_EQ(sub.body["deadline"], "2026-12-20");
  EXPECT_EQ(sub.body["actions"], Json::array());
  // Submitted again while pending: refused.
  EXPECT_EQ(teacher.Post("/api/v1/backbone/assessments", Form(t, 2026)).status, 422);
  EXPECT_EQ(school.Get(F(id)).body["actions"], Json({"pass", "fail", "return"}));
  // Out of order: the county and the city cannot decide for the school.
  EXPECT_EQ(Review(county, id, "pass").status, 403);
  EXPECT_EQ(Review(city, id, "pass").status, 403);
  EXPECT_EQ(Review(teacher, id, "pass").status, 403);
  ASSERT_EQ(Review(school, id, "pass").status, 200);
  Reply at_county = county.Get(F(id));
  EXPECT_EQ(at_county.body["state"], "county");
  EXPECT_EQ(at_county.body["school_decision"], "passed");
  EXPECT_EQ(at_county.body["actions"], Json({"pass", "fail", "return", "reopen"}));
  EXPECT_EQ(Review(school, id, "pass").status, 403);  // the school's decision is made
  // The county reopens the school's decision: back to the school.
  Reply reopened = Review(county, id, "reopen");
  ASSERT_EQ(reopened.status, 200) << reopened.raw;
  EXPECT_EQ(reopened.body["state"], "school");
  EXPECT_EQ(reopened.body["school_decision"], "");
  ASSERT_EQ(Review(school, id, "pass").status, 200);
  ASSERT_EQ(Review(county, id, "pass").status, 200);
  EXPECT_EQ(Audit(t, 2026).value("exempt", true), false);  // not yet: the city is the last level
  Reply at_city = city.Get(F(id));
  EXPECT_EQ(at_city.body["state"], "city");
  EXPECT_EQ(at_city.body["actions"], Json({"pass", "fail", "return", "reopen"}));
  EXPECT_EQ(Review(county, id, "pass").status, 403);
  ASSERT_EQ(Review(city, id, "reopen").status, 200);
  EXPECT_EQ(county.Get(F(id)).body["state"], "county");
  ASSERT_EQ(Review(county, id, "pass").status, 200);
  Reply passed = Review(city, id, "pass");
  ASSERT_EQ(passed.status, 200) << passed.raw;
  EXPECT_EQ(passed.body["state"], "passed");
  EXPECT_EQ(passed.body["city_decision"], "passed");
  EXPECT_EQ(passed.body["actions"], Json::array());
  Json audit = Audit(t, 2026);
  EXPECT_EQ(audit.value("status", ""), "达标") << audit.dump();
  EXPECT_EQ(audit.value("exempt", false), true);
  EXPECT_EQ(audit.value("exempt_reason", ""), kExemptReason);
  // Decided: nothing more at any level, no resubmission.
  EXPECT_EQ(Review(city, id, "fail", "再议").status, 422);
  EXPECT_EQ(teacher.Post("/api/v1/backbone/assessments", Form(t, 2026)).status, 422);
  // The teacher sees their own form and record.
  EXPECT_EQ(teacher.Get(F(id)).status, 200);
  Reply rec = teacher.Get(Rec(t));
  EXPECT_EQ(rec.status, 200) << rec.raw;
  EXPECT_EQ(rec.body["consecutive_passes"], 1);
  EXPECT_EQ(rec.body["eligible_expert_review"], false);
  bool listed = false;
  Reply list = teacher.Get("/api/v1/backbone/assessments?year=2026");
  for (const auto& f : list.body["items"]) listed = listed || f["id"] == id;
  EXPECT_TRUE(listed) << list.raw.substr(0, 300);
  EXPECT_EQ(list.body["actions"], Json({"assessments", "record", "submit"}));
  EXPECT_EQ(county.Get("/api/v1/backbone/assessments").body["actions"], Json({"assessments", "record"}));
}

// 2. A county-final form: return (a reason required) and resubmission, then a
// fail (a reason required) that leaves the normal audit.
TEST_P(BackboneAssessment, ReturnResubmitAndFailLeavesTheNormalAudit) {
  const int64_t t = Teacher(1);
  ASSERT_NE(t, 0);
  SetLevel(t, "县级");
  Client teacher = AsTeacher(t), school = As("school_admin"), county = As("bureau_admin"), city = City();
  // The school admin submits for the teacher.
  Reply sub = school.Post("/api/v1/backbone/assessments", Form(t, 2026));
  ASSERT_EQ(sub.status, 200) << sub.raw;
  const int64_t id = sub.body["id"];
  EXPECT_EQ(sub.body["final_level"], "county");
  Reply no_reason = Review(school, id, "return");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.Field(), "reason");
  Reply ret = Review(school, id, "return", "自评过于简单，请补充");
  ASSERT_EQ(ret.status, 200) << ret.raw;
  EXPECT_EQ(ret.body["state"], "returned");
  EXPECT_EQ(ret.body["reason"], "自评过于简单，请补充");
  EXPECT_EQ(Review(school, id, "pass").status, 422);
  EXPECT_EQ(teacher.Get(F(id)).body["actions"], Json({"submit"}));
  Reply again = teacher.Post("/api/v1/backbone/assessments", Form(t, 2026, "补充：完成课题一项"));
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["id"], id);
  EXPECT_EQ(again.body["state"], "school");
  EXPECT_EQ(again.body["self_assessment"], "补充：完成课题一项");
  ASSERT_EQ(Review(school, id, "pass").status, 200);
  // A county-final form: the city has no say.
  EXPECT_EQ(Review(city, id, "pass").status, 403);
  EXPECT_EQ(Review(county, id, "fail").status, 400);
  Reply failed = Review(county, id, "fail", "年度任务未完成");
  ASSERT_EQ(failed.status, 200) << failed.raw;
  EXPECT_EQ(failed.body["state"], "failed");
  EXPECT_EQ(failed.body["county_decision"], "failed");
  Json audit = Audit(t, 2026);
  EXPECT_EQ(audit.value("status", ""), "未达标") << audit.dump();
  EXPECT_EQ(audit.value("exempt", true), false);
  EXPECT_EQ(teacher.Get(Rec(t)).body["consecutive_passes"], 0);
}

// 3. The deadline: a submission after 12-20 of the year is refused, naming it.
TEST_P(BackboneAssessment, SubmissionAfterTheDeadlineIsRefused) {
  const int64_t t = Teacher(2);
  ASSERT_NE(t, 0);
  SetLevel(t, "县级");
  Client teacher = AsTeacher(t);
  Reply late = teacher.Post("/api/v1/backbone/assessments", Form(t, 2025));
  EXPECT_EQ(late.status, 422) << late.raw;
  EXPECT_NE(late.Message().find("2025-12-20"), std::string::npos) << late.raw;
  EXPECT_EQ(teacher.Get(Rec(t)).body["assessments"], Json::array());
}

// 4. Consecutive passes across years: 3 → eligible for expert review, 5 →
// direct candidate; a failed year breaks the run.
TEST_P(BackboneAssessment, ConsecutivePassesAcrossYears) {
  const int64_t t = Teacher(3);
  ASSERT_NE(t, 0);
  SetLevel(t, "县级");
  const int64_t now = b_->clock->NowSeconds();
  auto pass_year = [&](int year) {
    // June 1st of the year, 12:00 China time.
    static const std::map<int, int64_t> kJune = {{2021, 1622520000}, {2022, 1654056000}, {2023, 1685592000},
                                                 {2024, 1717214400}, {2025, 1748750400}};
    b_->clock->Set(kJune.at(year));
    Client teacher = AsTeacher(t), school = As("school_admin"), county = As("bureau_admin");
    Reply sub = teacher.Post("/api/v1/backbone/assessments", Form(t, year));
    ASSERT_EQ(sub.status, 200) << year << sub.raw;
    ASSERT_EQ(Review(school, sub.body["id"], "pass").status, 200) << year;
    Reply done = Review(county, sub.body["id"], "pass");
    ASSERT_EQ(done.status, 200) << year << done.raw;
    EXPECT_EQ(done.body["state"], "passed");
  };
  auto record = [&] {
    b_->clock->Set(now);
    return As("school_admin").Get(Rec(t)).body;
  };
  pass_year(2021);
  pass_year(2022);
  Json r = record();
  EXPECT_EQ(r["consecutive_passes"], 2) << r.dump();
  EXPECT_EQ(r["eligible_expert_review"], false);
  pass_year(2023);
  r = record();
  EXPECT_EQ(r["consecutive_passes"], 3);
  EXPECT_EQ(r["eligible_expert_review"], true);
  EXPECT_EQ(r["direct_candidate"], false);
  pass_year(2024);
  pass_year(2025);
  r = record();
  EXPECT_EQ(r["consecutive_passes"], 5);
  EXPECT_EQ(r["eligible_expert_review"], true);
  EXPECT_EQ(r["direct_candidate"], true);
  EXPECT_EQ(r["assessments"].size(), 5u);
  EXPECT_EQ(Audit(t, 2023).value("exempt_reason", ""), kExemptReason);
  // A pending year does not break the run; a failed one does.
  b_->clock->Set(now);
  Client teacher = AsTeacher(t), school = As("school_admin");
  Reply sub = teacher.Post("/api/v1/backbone/assessments", Form(t, 2026));
  ASSERT_EQ(sub.status, 200) << sub.raw;
  EXPECT_EQ(record()["consecutive_passes"], 5);
  ASSERT_EQ(Review(school, sub.body["id"], "fail", "未履行带教职责").status, 200);
  r = record();
  EXPECT_EQ(r["consecutive_passes"], 0);
  EXPECT_EQ(r["direct_candidate"], false);
  b_->clock->Set(now);
}

// 5. Every route: wrong role, another school / county (404), no CSRF (403),
// hostile input (400); afterwards the form is as it was.
TEST_P(BackboneAssessment, PermissionsScopeCsrfAndHostileInput) {
  const int64_t t = Teacher(4);
  ASSERT_NE(t, 0);
  SetLevel(t, "县级");
  Client teacher = AsTeacher(t), school = As("school_admin"), county = As("bureau_admin");
  Reply sub = teacher.Post("/api/v1/backbone/assessments", Form(t, 2026));
  ASSERT_EQ(sub.status, 200) << sub.raw;
  const int64_t id = sub.body["id"];
  const std::string before = As("sysadmin").Get(F(id)).raw;
  // Wrong role.
  for (const char* who : {"institution_staff", "expert"}) {
    Client c = As(who);
    EXPECT_EQ(c.Get("/api/v1/backbone/assessments").status, 403) << who;
    EXPECT_EQ(c.Post("/api/v1/backbone/assessments", Form(t, 2026)).status, 403) << who;
    EXPECT_EQ(c.Get(F(id)).status, 404) << who;
    EXPECT_EQ(Review(c, id, "pass").status, 403) << who;
    EXPECT_EQ(c.Get(Rec(t)).status, 403) << who;
  }
  // The sys admin sees, but no level is theirs.
  Client sys = As("sysadmin");
  EXPECT_EQ(Review(sys, id, "pass").status, 403);
  // Another school, another teacher, another county: out of sight.
  Client school_b = As("school_admin_b"), other = OtherCounty();
  const int64_t t_b = TeacherIds(demo::kSchoolBCode, 3).at(2);
  SetLevel(t_b, "县级");
  EXPECT_EQ(school_b.Get(F(id)).status, 404);
  EXPECT_EQ(Review(school_b, id, "pass").status, 404);
  EXPECT_EQ(school_b.Get(Rec(t)).status, 404);
  EXPECT_EQ(school_b.Post("/api/v1/backbone/assessments", Form(t, 2026)).status, 404);
  EXPECT_EQ(school.Post("/api/v1/backbone/assessments", Form(t_b, 2026)).status, 404);
  EXPECT_EQ(teacher.Post("/api/v1/backbone/assessments", Form(t_b, 2026)).status, 404);
  EXPECT_EQ(teacher.Get(Rec(t_b)).status, 404);
  EXPECT_EQ(other.Get(F(id)).status, 404);
  EXPECT_EQ(Review(other, id, "pass").status, 404);
  EXPECT_EQ(other.Get(Rec(t)).status, 404);
  for (Client* c : {&school_b, &other}) {
    const Reply list = c->Get("/api/v1/backbone/assessments");
    EXPECT_EQ(list.status, 200);
    for (const auto& f : list.body["items"]) EXPECT_NE(f["id"], id);
  }
  Client t_other = AsTeacher(t_b);
  EXPECT_EQ(t_other.Get(F(id)).status, 404);
  EXPECT_EQ(Review(t_other, id, "pass").status, 403);  // a teacher reviews nothing
  EXPECT_EQ(t_other.Get(Rec(t)).status, 404);
  // Without CSRF.
  EXPECT_EQ(school.Send("POST", F(id, "/review"), R"({"action":"pass"})", "application/json", false).status, 403);
  EXPECT_EQ(teacher.Send("POST", "/api/v1/backbone/assessments", Form(t, 2026).dump(), "application/json", false)
                .status,
            403);
  // Hostile input.
  struct Bad {
    Json body;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {Form(t, 1999), "year"},
      {Form(t, 3000), "year"},
      {Form(t, 2027), "year"},
      {{{"teacher_id", t}, {"year", "2026"}, {"self_assessment", "x"}}, "year"},
      {{{"teacher_id", t}, {"year", 2026}}, "self_assessment"},
      {Form(t, 2026, "   "), "self_assessment"},
      {Form(t, 2026, std::string(5001, 'x')), "self_assessment"},
      {Form(t, 2026, std::string("自评\0尾", 10)), "self_assessment"},
      {{{"teacher_id", "x"}, {"year", 2026}, {"self_assessment", "x"}}, "teacher_id"},
      {{{"teacher_id", t}, {"year", 2026}, {"self_assessment", "x"}, {"state", "passed"}}, ""},
  };
  for (const auto& b : bad) {
    Reply r = school.Post("/api/v1/backbone/assessments", b.body);
    EXPECT_EQ(r.status, 400) << b.body.dump().substr(0, 120) << r.raw.substr(0, 200);
    if (!b.field.empty()) {
      EXPECT_EQ(r.Field(), b.field) << b.body.dump().substr(0, 120);
    }
  }
  EXPECT_EQ(school.Send("POST", "/api/v1/backbone/assessments", "{not json").status, 400);
  for (const Json& body : {Json{{"action", "approve"}}, Json{{"action", 1}}, Json::object(),
                           Json{{"action", "fail"}, {"reason", std::string(1001, 'x')}},
                           Json{{"action", "return"}, {"reason", std::string("a\0b", 3)}},
                           Json{{"action", "pass"}, {"extra", 1}}})
    EXPECT_EQ(school.Post(F(id, "/review"), body).status, 400) << body.dump().substr(0, 80);
  EXPECT_EQ(school.Get("/api/v1/backbone/assessments?year=abc").status, 400);
  const int not_an_id = school.Get("/api/v1/backbone/assessments/abc").status;
  EXPECT_TRUE(not_an_id == 400 || not_an_id == 404) << not_an_id;
  EXPECT_EQ(school.Get(F(999999999)).status, 404);
  EXPECT_EQ(Review(school, 999999999, "pass").status, 404);
  EXPECT_EQ(school.Get(Rec(999999999)).status, 404);
  EXPECT_EQ(As("sysadmin").Get(F(id)).raw, before) << "a refused request changed the form";
  // Errors name the field in the user's language.
  Reply zh = school.Post(F(id, "/review"), {{"action", "fail"}});
  EXPECT_EQ(zh.Field(), "reason");
  EXPECT_FALSE(zh.Message().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, BackboneAssessment, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace jj::testing
