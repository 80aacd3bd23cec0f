// Training projects over HTTP: lifecycle and expert review, registration with
// capacity, quotas, waitlist and the approval chain, overlap and eligibility,
// nominations, selection by need, school module projects, and a capacity race.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "harness.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

class Projects : public Api {
 protected:
  // Dates of their own per test and backend, so registrations of one test
  // never overlap another's.
  std::string Month(int n) {
    int year = GetParam() == "sqlite" ? 2026 : 2027;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year + n / 12, n % 12 + 1);
    return buf;
  }
  Json Body(const std::string& code, int month, Json extra = Json::object()) {
    Json b{{"code", code + "-" + GetParam()},
           {"name", "项目" + code},
           {"level", "区县级"},
           {"form", "集中培训"},
           {"dimension", "学科教学"},
           {"start_date", Month(month) + "-10"},
           {"end_date", Month(month) + "-12"},
           {"hours", 12},
           {"capacity", 30},
           {"sessions", Json::array({{{"date", Month(month) + "-10"},
                                      {"start_time", "08:30"},
                                      {"end_time", "11:30"},
                                      {"hours", 6},
                                      {"course", "课程一"}},
                                     {{"date", Month(month) + "-11"},
                                      {"start_time", "08:30"},
                                      {"end_time", "11:30"},
                                      {"hours", 6},
                                      {"course", "课程二"}}})}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }
  int64_t AccountId(Client& c) { return c.Get("/api/v1/auth/me").body["user"]["id"].get<int64_t>(); }
  Reply Move(Client& c, int64_t id, const std::string& action, const std::string& reason = "") {
    Json b{{"action", action}};
    if (!reason.empty()) b["reason"] = reason;
    return c.Post("/api/v1/projects/" + std::to_string(id) + "/transition", b);
  }
  std::string P(int64_t id, const std::string& rest = "") { return "/api/v1/projects/" + std::to_string(id) + rest; }
  static Json FullScores() {
    return {{"目标定位", 18}, {"内容设计", 25}, {"师资配备", 16}, {"组织保障", 12}, {"预期成效", 13}};
  }
  Reply Apply(Client& t, int64_t id) { return t.Post(P(id, "/registrations"), Json::object()); }
};

TEST_P(Projects, LifecycleWithExpertReviewNoSkippingAndAuditLog) {
  Client inst = As("institution_staff"), bureau = As("bureau_admin"), expert = As("expert"), teacher = As("teacher");
  Client school = As("school_admin");
  EXPECT_EQ(teacher.Post("/api/v1/projects", Body("L1", 0)).status, 403);
  EXPECT_EQ(school.Post("/api/v1/projects", Body("L1", 0)).status, 403);  // only module projects
  Reply c = inst.Post("/api/v1/projects", Body("L1", 0));
  ASSERT_EQ(c.status, 201) << c.raw;
  const int64_t id = c.body["id"].get<int64_t>();
  EXPECT_EQ(c.body["state"], "draft");
  EXPECT_EQ(c.body["region_name"], "示范县");
  EXPECT_EQ(c.body["sessions"].size(), 2u);
  EXPECT_EQ(c.body["hours"], 12.0);
  EXPECT_EQ(inst.Post("/api/v1/projects", Body("L1", 0)).status, 409);  // code taken

  // A draft is invisible to teachers; no step can be skipped.
  EXPECT_EQ(teacher.Get(P(id)).status, 404);
  Reply skip = Move(bureau, id, "approve");
  EXPECT_EQ(skip.status, 422);
  EXPECT_NE(skip.Message().find("草稿"), std::string::npos) << skip.raw;
  EXPECT_EQ(Move(inst, id, "open").status, 422);
  EXPECT_EQ(Move(inst, id, "fly").status, 400);
  ASSERT_EQ(Move(inst, id, "submit").status, 200);
  EXPECT_EQ(inst.Put(P(id), Body("L1", 0)).status, 422);  // no edits once submitted
  // Only the bureau assigns experts, and only experts.
  EXPECT_EQ(inst.Post(P(id, "/experts"), {{"expert_ids", {AccountId(expert)}}}).status, 403);
  Reply not_expert = bureau.Post(P(id, "/experts"), {{"expert_ids", {AccountId(inst)}}});
  EXPECT_EQ(not_expert.status, 400);
  EXPECT_EQ(not_expert.Field(), "expert_ids");
  ASSERT_EQ(bureau.Post(P(id, "/experts"), {{"expert_ids", {AccountId(expert)}}}).status, 204);
  EXPECT_EQ(inst.Get(P(id)).body["state"], "under_review");
  // Approval needs a submitted score.
  EXPECT_EQ(Move(bureau, id, "approve").status, 422);
  Json partial = FullScores();
  partial.erase("师资配备");
  Reply missing = expert.Post(P(id, "/reviews"), {{"scores", partial}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Field(), "scores.师资配备");
  Json over = FullScores();
  over["内容设计"] = 31;
  EXPECT_EQ(expert.Post(P(id, "/reviews"), {{"scores", over}}).Field(), "scores.内容设计");
  EXPECT_EQ(teacher.Post(P(id, "/reviews"), {{"scores", FullScores()}}).status, 403);
  ASSERT_EQ(expert.Post(P(id, "/reviews"), {{"scores", FullScores()}, {"comments", "设计合理"}}).status, 204);
  Reply board = bureau.Get(P(id, "/reviews"));
  ASSERT_EQ(board.status, 200) << board.raw;
  EXPECT_EQ(board.body["submitted"], 1);
  EXPECT_EQ(board.body["average"], 84.0);
  EXPECT_EQ(board.body["reviews"][0]["comments"], "设计合理");
  EXPECT_EQ(board.body["rubric"].size(), 5u);
  // Reject needs a reason; then approve is a decision of the bureau only.
  EXPECT_EQ(Move(bureau, id, "reject").Field(), "reason");
  EXPECT_EQ(Move(inst, id, "approve").status, 403);
  ASSERT_EQ(Move(bureau, id, "approve").status, 200);
  ASSERT_EQ(Move(inst, id, "open").status, 200);
  EXPECT_EQ(teacher.Get(P(id)).status, 200);  // published to the region
  ASSERT_EQ(Move(inst, id, "start").status, 200);
  EXPECT_EQ(Move(inst, id, "archive").status, 422);  // not closed yet

  // Every move is in the audit log.
  int64_t logged = 0;
  (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
    db::Row r;
    tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE object_type = 'project' AND object_id = :id", {id}, r);
    logged = r.Int(0);
    return Status::Ok();
  });
  EXPECT_EQ(logged, 6);  // create submit review approve open start
}

// Class tutors read a project's registrations and attendance: only admin or
// institution accounts of the project's region qualify, and every other id —
// unknown, a teacher, an expert, another county's bureau admin — gets the
// same answer, so the error tells nothing about what an id is.
TEST_P(Projects, TutorsComeFromTheProjectsRegionAndOthersAllGetOneAnswer) {
  Client sys = As("sysadmin");
  const std::string suffix = GetParam() == "sqlite" ? "1" : "2";
  Reply county = sys.Post("/api/v1/orgs", {{"code", "99980" + suffix}, {"name", "外县" + suffix}, {"type", "county"},
                                           {"parent_id", OrgId(demo::kCityCode)}});
  ASSERT_EQ(county.status, 201) << county.raw;
  Reply other = sys.Post("/api/v1/accounts", {{"username", "other_bureau_" + GetParam()},
                                              {"display_name", "外县教育局"},
                                              {"role", "bureau_admin"},
                                              {"org_id", county.body["id"]}});
  ASSERT_EQ(other.status, 201) << other.raw;
  const int64_t other_county_admin = other.body["account"]["id"];
  Client expert = As("expert");
  Client teacher = As("teacher");
  Client school_b = As("school_admin_b");
  const int64_t unknown = 987654321;

  Client inst = As("institution_staff");
  Reply first;
  for (int64_t id : {unknown, other_county_admin, AccountId(expert), AccountId(teacher)}) {
    Reply r = inst.Post("/api/v1/projects", Body("T1", 3, {{"tutor_ids", {id}}}));
    EXPECT_EQ(r.status, 400) << id << ": " << r.raw;
    EXPECT_EQ(r.Field(), "tutor_ids");
    std::string message = r.Message();
    const std::string sid = std::to_string(id);
    ASSERT_NE(message.find(sid), std::string::npos) << message;
    message.replace(message.find(sid), sid.size(), "#");
    if (first.status == 0) first = r, first.body["error"]["message"] = message;
    EXPECT_EQ(message, first.Message()) << "the answer differs for account " << id;
  }
  EXPECT_EQ(inst.Get("/api/v1/projects?q=T1-" + GetParam()).body["total"], 0);

  // An admin of the region qualifies; an edit cannot add the outsider either.
  Reply ok = inst.Post("/api/v1/projects", Body("T1", 3, {{"tutor_ids", {AccountId(school_b)}}}));
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body["tutor_ids"], Json::array({AccountId(school_b)}));
  const int64_t id = ok.body["id"];
  Reply edit = inst.Put(P(id), Body("T1", 3, {{"tutor_ids", {AccountId(school_b), other_county_admin}}}));
  EXPECT_EQ(edit.status, 400) << edit.raw;
  EXPECT_EQ(edit.Field(), "tutor_ids");
  EXPECT_EQ(inst.Get(P(id)).body["tutor_ids"], Json::array({AccountId(school_b)}));
}

TEST_P(Projects, RejectedProjectIsRevisedAndEditedAgain) {
  Client inst = As("institution_staff"), bureau = As("bureau_admin");
  Reply c = inst.Post("/api/v1/projects", Body("R1", 1));
  ASSERT_EQ(c.status, 201);
  const int64_t id = c.body["id"].get<int64_t>();
  ASSERT_EQ(Move(inst, id, "submit").status, 200);
  ASSERT_EQ(Move(bureau, id, "reject", "内容与需求不符").status, 200);
  EXPECT_EQ(Move(inst, id, "submit").status, 422);
  Json b = Body("R1", 1, {{"name", "修改后的项目"}});
  EXPECT_EQ(inst.Put(P(id), b).status, 200);  // a rejected project may be edited
  ASSERT_EQ(Move(inst, id, "revise").status, 200);
  EXPECT_EQ(inst.Get(P(id)).body["name"], "修改后的项目");
}

TEST_P(Projects, InputIsValidatedFieldByField) {
  Client inst = As("institution_staff");
  Reply r = inst.Post("/api/v1/projects", Body("V1", 2, {{"hours", 13}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Field(), "sessions");
  EXPECT_NE(r.Message().find("12"), std::string::npos) << r.raw;
  EXPECT_EQ(inst.Post("/api/v1/projects", Body("V1", 2, {{"level", "乡级"}})).Field(), "level");
  EXPECT_EQ(inst.Post("/api/v1/projects", Body("V1", 2, {{"end_date", Month(2) + "-01"}})).Field(), "end_date");
  EXPECT_EQ(inst.Post("/api/v1/projects", Body("V1", 2, {{"hours", 12.25}})).Field(), "hours");
  Json bad_session = Body("V1", 2);
  bad_session["sessions"][1]["end_time"] = "07:00";
  EXPECT_EQ(inst.Post("/api/v1/projects", bad_session).Field(), "sessions[1].end_time");
  bad_session = Body("V1", 2);
  bad_session["sessions"][0]["date"] = Month(3) + "-01";
  EXPECT_EQ(inst.Post("/api/v1/projects", bad_session).Field(), "sessions[0].date");
  EXPECT_EQ(inst.Post("/api/v1/projects", Body("V1", 2, {{"audience", {{"stages", {"大学"}}}}})).Field(),
            "audience.stages");
  EXPECT_EQ(inst.Post("/api/v1/projects", Body("V1", 2, {{"surprise", 1}})).Field(), "surprise");
  EXPECT_EQ(inst.Post("/api/v1/projects",
                      Body("V1", 2, {{"grade_scale", {"优", "及格"}}, {"passing_grades", {"优", "及格"}}}))
                .Field(),
            "passing_grades");
  // Nothing was written by any of these.
  EXPECT_EQ(inst.Get("/api/v1/projects?q=V1-" + GetParam()).body["total"], 0);
}

TEST_P(Projects, CapacityWaitlistAndPromotionInOrder) {
  const int64_t id = OpenProject(Body("C1", 4, {{"capacity", 2}}));
  auto ids = TeacherIds(demo::kSchoolACode, 4);
  ASSERT_EQ(ids.size(), 4u);
  std::vector<Client> t;
  for (int64_t tid : ids) t.push_back(AsTeacher(tid));
  std::vector<Json> reg;
  for (auto& c : t) {
    Reply r = Apply(c, id);
    ASSERT_EQ(r.status, 201) << r.raw;
    reg.push_back(r.body);
  }
  EXPECT_EQ(reg[0]["state"], "accepted");
  EXPECT_EQ(reg[1]["state"], "accepted");
  EXPECT_EQ(reg[2]["state"], "waitlisted");
  EXPECT_EQ(reg[2]["queue_pos"], 1);
  EXPECT_EQ(reg[3]["state"], "waitlisted");
  EXPECT_EQ(reg[3]["queue_pos"], 2);
  Reply dup = Apply(t[0], id);
  EXPECT_EQ(dup.status, 409);
  // Someone else cannot withdraw a teacher.
  EXPECT_EQ(
      t[1].Post("/api/v1/registrations/" + std::to_string(reg[0]["id"].get<int64_t>()) + "/withdraw", Json::object())
          .status,
      404);
  Reply w =
      t[0].Post("/api/v1/registrations/" + std::to_string(reg[0]["id"].get<int64_t>()) + "/withdraw", Json::object());
  ASSERT_EQ(w.status, 200) << w.raw;
  EXPECT_EQ(w.body["state"], "withdrawn");
  // The first waiting teacher moved up; the second is now first in line.
  Reply mine2 = t[2].Get("/api/v1/registrations/mine");
  ASSERT_EQ(mine2.status, 200);
  bool promoted = false;
  for (const auto& r : mine2.body["items"])
    if (r["project_id"] == id) promoted = r["state"] == "accepted";
  EXPECT_TRUE(promoted) << mine2.raw;
  Reply list = As("institution_staff").Get(P(id, "/registrations?state=waitlisted"));
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["teacher_id"], ids[3]);
  EXPECT_EQ(list.body["items"][0]["queue_pos"], 1);
  Json p = As("institution_staff").Get(P(id)).body;
  EXPECT_EQ(p["accepted_count"], 2);
  EXPECT_EQ(p["waitlisted_count"], 1);
  // The withdrawn teacher may apply again, at the end of the queue.
  Reply again = Apply(t[0], id);
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_EQ(again.body["state"], "waitlisted");
  EXPECT_EQ(again.body["queue_pos"], 2);
}

TEST_P(Projects, QuotaPerSchoolIsNeverExceeded) {
  const int64_t id = OpenProject(Body("Q1", 5, {{"capacity", 10}}));
  Client bureau = As("bureau_admin");
  const int64_t school_a = OrgId(demo::kSchoolACode);
  Reply q = bureau.Put(P(id, "/quotas"), {{"items", {{{"org_id", school_a}, {"quota", 1}}}}});
  ASSERT_EQ(q.status, 200) << q.raw;
  EXPECT_EQ(As("institution_staff").Put(P(id, "/quotas"), {{"items", Json::array()}}).status, 403);
  auto a = TeacherIds(demo::kSchoolACode, 8);
  auto b = TeacherIds(demo::kSchoolBCode, 1);
  Client a1 = AsTeacher(a[4]), a2 = AsTeacher(a[5]), b1 = AsTeacher(b[0]);
  EXPECT_EQ(Apply(a1, id).body["state"], "accepted");
  EXPECT_EQ(Apply(a2, id).body["state"], "waitlisted");  // school A's quota is used up
  EXPECT_EQ(Apply(b1, id).body["state"], "accepted");
  Reply quotas = bureau.Get(P(id, "/quotas"));
  EXPECT_EQ(quotas.body["items"][0]["used"], 1);
  // A quota below what is used is refused, and nothing changes.
  Reply low = bureau.Put(P(id, "/quotas"), {{"items", {{{"org_id", school_a}, {"quota", 0}}}}});
  EXPECT_EQ(low.status, 400);
  EXPECT_EQ(low.Field(), "items[0].quota");
  EXPECT_EQ(bureau.Get(P(id, "/quotas")).body["items"][0]["quota"], 1);
}

TEST_P(Projects, ApprovalChainSchoolThenCounty) {
  const int64_t id = OpenProject(Body("A1", 6, {{"approval", "school_county"}}));
  auto a = TeacherIds(demo::kSchoolACode, 10);
  Client t = AsTeacher(a[6]);
  Reply r = Apply(t, id);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["state"], "pending_school");
  const std::string decide = "/api/v1/registrations/" + std::to_string(r.body["id"].get<int64_t>()) + "/decision";
  EXPECT_EQ(As("school_admin_b").Post(decide, {{"action", "approve"}}).status, 404);  // not their school
  EXPECT_EQ(t.Post(decide, {{"action", "approve"}}).status, 403);
  Client school = As("school_admin");
  Reply s = school.Post(decide, {{"action", "approve"}});
  ASSERT_EQ(s.status, 200) << s.raw;
  EXPECT_EQ(s.body["state"], "pending_county");
  EXPECT_EQ(school.Post(decide, {{"action", "approve"}}).status, 403);  // the county's step
  Reply c = As("bureau_admin").Post(decide, {{"action", "approve"}});
  ASSERT_EQ(c.status, 200) << c.raw;
  EXPECT_EQ(c.body["state"], "accepted");
  EXPECT_EQ(As("bureau_admin").Post(decide, {{"action", "approve"}}).status, 422);
  // A rejection needs a reason.
  Client t2 = AsTeacher(a[7]);
  Reply r2 = Apply(t2, id);
  const std::string decide2 = "/api/v1/registrations/" + std::to_string(r2.body["id"].get<int64_t>()) + "/decision";
  EXPECT_EQ(school.Post(decide2, {{"action", "reject"}}).Field(), "reason");
  EXPECT_EQ(school.Post(decide2, {{"action", "reject"}, {"reason", "教学任务重"}}).body["state"], "rejected");
}

TEST_P(Projects, OverlappingCentralizedTrainingIsRefusedByName) {
  const int64_t first = OpenProject(Body("O1", 7, {{"name", "初中数学骨干研修班"}}));
  Json second_body = Body("O2", 7);
  second_body["start_date"] = Month(7) + "-11";
  second_body["end_date"] = Month(7) + "-13";
  second_body["sessions"][0]["date"] = Month(7) + "-11";
  second_body["sessions"][1]["date"] = Month(7) + "-12";
  const int64_t second = OpenProject(second_body);
  Json online_body = Body("O3", 7, {{"form", "网络研修"}});
  const int64_t online = OpenProject(online_body);
  Client t = AsTeacher(TeacherIds(demo::kSchoolACode, 12)[11]);
  ASSERT_EQ(Apply(t, first).status, 201);
  Reply clash = Apply(t, second);
  EXPECT_EQ(clash.status, 409);
  EXPECT_NE(clash.Message().find("初中数学骨干研修班"), std::string::npos) << clash.raw;
  EXPECT_EQ(Apply(t, online).status, 201);  // online study does not clash
}

TEST_P(Projects, EligibilityAndCatalogue) {
  const int64_t id = OpenProject(Body("E1", 8, {{"audience", {{"stages", {"高中"}}}}}));
  Client t = As("teacher");  // a teacher of school A (not 高中)
  Reply r = Apply(t, id);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.Message().find("学段"), std::string::npos) << r.raw;
  bool listed = false;
  for (const auto& p : t.Get("/api/v1/projects?catalogue=1&page_size=500").body["items"])
    if (p["id"] == id) listed = true;
  EXPECT_FALSE(listed);
  const int64_t open_to_all = OpenProject(Body("E2", 8, {{"form", "网络研修"}}));
  Reply cat = t.Get("/api/v1/projects?catalogue=1&page_size=500");
  for (const auto& p : cat.body["items"])
    if (p["id"] == open_to_all) listed = true;
  EXPECT_TRUE(listed) << cat.raw.substr(0, 600);
}

TEST_P(Projects, SchoolNominatesWithinScopeAndSeesCandidatesByNeed) {
  const int64_t id = OpenProject(Body("N1", 9, {{"approval", "school"}}));
  Client school = As("school_admin");
  auto a = TeacherIds(demo::kSchoolACode, 16);
  auto b = TeacherIds(demo::kSchoolBCode, 1);
  Reply n = school.Post(P(id, "/nominations"), {{"teacher_ids", {a[13], b[0]}}});
  ASSERT_EQ(n.status, 200) << n.raw;
  EXPECT_EQ(n.body["items"][0]["registration"]["state"], "accepted");  // the school's approval is implied
  EXPECT_EQ(n.body["items"][0]["registration"]["origin"], "nominated");
  EXPECT_EQ(n.body["items"][1]["error"]["code"], "not_found");
  Reply c = school.Get(P(id, "/candidates?limit=50"));
  ASSERT_EQ(c.status, 200) << c.raw;
  ASSERT_FALSE(c.body["items"].empty());
  double prev = 1e9;
  for (const auto& x : c.body["items"]) {
    EXPECT_LE(x["shortfall"].get<double>(), prev);
    prev = x["shortfall"].get<double>();
  }
  // The default policy needs 28 credits of 学科教学; a teacher with none short of all of it.
  EXPECT_GT(c.body["items"][0]["shortfall"].get<double>(), 0.0);
  bool nominated_shown = false;
  for (const auto& x : c.body["items"])
    if (x["teacher_id"] == a[13]) nominated_shown = x["registration_state"] == "accepted";
  EXPECT_TRUE(nominated_shown);
  EXPECT_EQ(As("teacher").Get(P(id, "/candidates")).status, 403);
}

TEST_P(Projects, SchoolModuleProjectEnrolsTheWholeSchool) {
  Client school = As("school_admin"), bureau = As("bureau_admin"), expert = As("expert");
  Json body = Body("S1", 10,
                   {{"kind", "school_module"},
                    {"dimension", "学生管理"},
                    {"theme", "班主任微课题"},
                    {"half_days", 4},
                    {"form", nullptr},
                    {"level", nullptr},
                    {"capacity", 0}});
  Reply bad = school.Post("/api/v1/projects", Body("S1", 10,
                                                   {{"kind", "school_module"},
                                                    {"dimension", "师德修养"},
                                                    {"theme", "x"},
                                                    {"half_days", 4},
                                                    {"level", "校本"},
                                                    {"form", "校本研修"}}));
  EXPECT_EQ(bad.Field(), "dimension");
  Reply c = school.Post("/api/v1/projects", body);
  ASSERT_EQ(c.status, 201) << c.raw;
  const int64_t id = c.body["id"].get<int64_t>();
  EXPECT_EQ(c.body["level"], "校本");
  EXPECT_EQ(c.body["form"], "校本研修");
  EXPECT_EQ(As("school_admin_b").Get(P(id)).status, 404);
  ASSERT_EQ(Move(school, id, "submit").status, 200);
  ASSERT_EQ(bureau.Post(P(id, "/experts"), {{"expert_ids", {AccountId(expert)}}}).status, 204);
  ASSERT_EQ(expert.Post(P(id, "/reviews"), {{"scores", FullScores()}}).status, 204);
  ASSERT_EQ(Move(bureau, id, "approve").status, 200);
  Reply o = Move(school, id, "open");
  ASSERT_EQ(o.status, 200) << o.raw;
  const int64_t school_teachers = static_cast<int64_t>(TeacherIds(demo::kSchoolACode, 100000).size());
  EXPECT_EQ(o.body["accepted_count"], school_teachers);
  Client teacher = As("teacher");
  EXPECT_EQ(Apply(teacher, id).status, 422);  // nobody applies to it
}

// Many teachers at once: exactly `capacity` accepted, the rest waitlisted in
// a gap-free queue, on both databases.
TEST_P(Projects, CapacityHoldsUnderConcurrentApplications) {
  const int64_t id = OpenProject(Body("RACE", 11, {{"capacity", 7}}));
  auto ids = TeacherIds(demo::kCountyCode, 400);
  std::vector<int64_t> picked(ids.end() - 48, ids.end());
  std::vector<Client> clients;
  for (int64_t t : picked) clients.push_back(AsTeacher(t));
  std::atomic<int> accepted{0}, waitlisted{0}, other{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < clients.size(); ++i)
    threads.emplace_back([&, i] {
      Reply r = Apply(clients[i], id);
      if (r.status == 201 && r.body["state"] == "accepted")
        ++accepted;
      else if (r.status == 201 && r.body["state"] == "waitlisted")
        ++waitlisted;
      else
        ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 7);
  EXPECT_EQ(waitlisted.load(), 41);
  EXPECT_EQ(other.load(), 0);
  Json p = As("institution_staff").Get(P(id)).body;
  EXPECT_EQ(p["accepted_count"], 7);
  Reply w = As("institution_staff").Get(P(id, "/registrations?state=waitlisted&page_size=100"));
  ASSERT_EQ(w.body["items"].size(), 41u);
  for (size_t i = 0; i < 41; ++i) EXPECT_EQ(w.body["items"][i]["queue_pos"], static_cast<int64_t>(i + 1));
}

// A school's quota under a burst of its own teachers: exactly the quota accepted.
TEST_P(Projects, QuotaHoldsUnderConcurrentApplications) {
  const int64_t id = OpenProject(Body("QRACE", 3, {{"capacity", 100}}));
  const int64_t school_b = OrgId(demo::kSchoolBCode);
  ASSERT_EQ(As("bureau_admin").Put(P(id, "/quotas"), {{"items", {{{"org_id", school_b}, {"quota", 3}}}}}).status, 200);
  auto ids = TeacherIds(demo::kSchoolBCode, 40);
  ASSERT_GE(ids.size(), 20u);
  std::vector<Client> clients;
  for (size_t i = ids.size() - 16; i < ids.size(); ++i) clients.push_back(AsTeacher(ids[i]));
  std::atomic<int> accepted{0}, waitlisted{0};
  std::vector<std::thread> threads;
  for (auto& c : clients)
    threads.emplace_back([&] {
      Reply r = Apply(c, id);
      if (r.body.value("state", "") == "accepted") ++accepted;
      if (r.body.value("state", "") == "waitlisted") ++waitlisted;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted.load(), 3);
  EXPECT_EQ(waitlisted.load(), 13);
  EXPECT_EQ(As("bureau_admin").Get(P(id, "/quotas")).body["items"][0]["used"], 3);
}

INSTANTIATE_TEST_SUITE_P(Db, Projects, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
