// The backbone module over HTTP, on both databases: the mentor role and its
// grant rule; selection rounds and their validation; quotas; school
// recommendations with what the system knows filled in; the county's
// review (forward within the quota, return with a reason); the quota under
// concurrent forwards. Every route is tried from the wrong role, the wrong
// scope (another school, another county), without CSRF and with hostile
// input, and afterwards the data is as it was.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <tuple>

#include "harness.h"
#include "modules/demo/demo.h"
#include "modules/teachers/teachers.h"

namespace jj::testing {
namespace {

class Backbone : public Api {
 protected:
  static std::string R(int64_t id, const std::string& tail = "") {
    return "/api/v1/backbone/rounds/" + std::to_string(id) + tail;
  }
  static std::string A(int64_t id, const std::string& tail = "") {
    return "/api/v1/backbone/applications/" + std::to_string(id) + tail;
  }
  // A round the county bureau opens (today, 2026-03-01, is inside both windows).
  Json RoundBody(Json extra = Json::object()) {
    Json b{{"level", "县级"},         {"year", 2026},
           {"title", "2026年县级骨干教师遴选"}, {"apply_start", "2026-02-01"},
           {"apply_end", "2026-04-30"}, {"review_start", "2026-02-15"},
           {"review_end", "2026-05-31"}};
    for (auto it = extra.begin(); it != extra.end(); ++it) b[it.key()] = it.value();
    return b;
  }
  int64_t OpenRound(Json extra = Json::object()) {
    Reply r = As("bureau_admin").Post("/api/v1/backbone/rounds", RoundBody(extra));
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", int64_t{0});
  }
  Json Recommendation(int64_t teacher) {
    return {{"teacher_id", teacher}, {"teaching_record", "连续三年担任毕业班教学，成绩优良"}, {"papers", "论文一篇"}};
  }
  int64_t Recommend(Client& school, int64_t round, int64_t teacher) {
    Reply r = school.Post(R(round, "/applications"), Recommendation(teacher));
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", int64_t{0});
  }
  // A logged-in account made by the platform admin (password changed, so it may act).
  Client Fresh(const std::string& role, int64_t org_id, const std::string& tag) {
    const std::string username = tag + "_" + GetParam();
    Client sys = As("sysadmin");
    Reply r = sys.Post("/api/v1/accounts",
                       {{"username", username}, {"display_name", "测试" + role}, {"role", role}, {"org_id", org_id}});
    EXPECT_EQ(r.status, 201) << r.raw;
    Client c(b_->port);
    EXPECT_EQ(c.Login(username, r.body["initial_password"]).status, 200);
    EXPECT_EQ(c.Post("/api/v1/auth/password",
                     {{"old_password", r.body["initial_password"]}, {"new_password", "Strong-Pass-2026"}})
                  .status,
              204);
    return c;
  }
  // A second county under the demo city, with a bureau admin of its own (once per backend).
  Client OtherCountyBureau() {
    Client sys = As("sysadmin");
    const std::string code = GetParam() == "sqlite" ? "441899" : "441898";
    Reply o = sys.Post("/api/v1/orgs", {{"code", code}, {"name", "另一县"}, {"type", "county"},
                                        {"parent_id", OrgId(demo::kCityCode)}});
    EXPECT_TRUE(o.status == 201 || o.status == 409) << o.raw;
    static std::map<std::string, bool> made;
    if (!made[GetParam()]) {
      made[GetParam()] = true;
      return Fresh("bureau_admin", OrgId(code), "bb_other_county");
    }
    Client c(b_->port);
    EXPECT_EQ(c.Login("bb_other_county_" + GetParam(), "Strong-Pass-2026").status, 200);
    return c;
  }
};

// 1. The mentor role: granted by bureau and sys admins at a bureau/region or a
// training institution, nowhere else; a mentor has no say over selection.
TEST_P(Backbone, MentorRoleAndItsGrantRule) {
  Client bureau = As("bureau_admin"), school = As("school_admin");
  Reply enums = bureau.Get("/api/v1/meta/enums");
  bool labelled = false;
  for (const auto& v : enums.body["role"])
    if (v["value"] == "mentor") labelled = v["zh"] == "导师" && v["en"] == "Mentor";
  EXPECT_TRUE(labelled) << enums.raw.substr(0, 300);
  const std::string s = GetParam();
  auto make = [&](Client& c, const std::string& name, const std::string& org) {
    return c.Post("/api/v1/accounts",
                  {{"username", name + "_" + s}, {"display_name", "导师"}, {"role", "mentor"}, {"org_id", OrgId(org)}});
  };
  EXPECT_EQ(make(bureau, "mentor_county", demo::kCountyCode).status, 201);
  EXPECT_EQ(make(bureau, "mentor_bureau", demo::kBureauCode).status, 201);
  EXPECT_EQ(make(bureau, "mentor_inst", demo::kInstitutionCode).status, 201);
  Reply at_school = make(bureau, "mentor_school", demo::kSchoolACode);
  EXPECT_EQ(at_school.status, 400);
  EXPECT_EQ(at_school.Field(), "org_id");
  EXPECT_EQ(make(school, "mentor_by_school", demo::kSchoolACode).status, 403);
  Client mentor = Fresh("mentor", OrgId(demo::kCountyCode), "bb_mentor");
  Reply me = mentor.Get("/api/v1/auth/me");
  EXPECT_EQ(me.body["user"].value("role", ""), "mentor") << me.raw;
  EXPECT_EQ(mentor.Get("/api/v1/backbone/rounds").status, 403);
  EXPECT_EQ(mentor.Post("/api/v1/backbone/rounds", RoundBody()).status, 403);
  EXPECT_EQ(mentor.Get("/api/v1/teachers").status, 403);
}

// 2. Opening a round: who may, where, and every field checked; a refusal stores nothing.
TEST_P(Backbone, OpeningARoundIsForTheBureauWithValidInput) {
  Client bureau = As("bureau_admin"), sys = As("sysadmin");
  const size_t before = sys.Get("/api/v1/backbone/rounds").body["items"].size();
  for (const char* who : {"school_admin", "institution_staff", "teacher", "expert"})
    EXPECT_EQ(As(who).Post("/api/v1/backbone/rounds", RoundBody()).status, 403) << who;
  struct Bad {
    Json patch;
    const char* field;
  };
  const std::vector<Bad> bad = {
      {{{"level", "省级以上"}}, "level"},
      {{{"year", 1999}}, "year"},
      {{{"title", "   "}}, "title"},
      {{{"title", std::string(201, 'x')}}, "title"},
      {{{"apply_start", "2026-02-30"}}, "apply_start"},
      {{{"apply_end", "2026-01-01"}}, "apply_end"},
      {{{"review_start", "2026-01-01"}}, "review_start"},
      {{{"review_end", "2026-02-01"}}, "review_end"},
      {{{"min_teaching_years", -1}}, "min_teaching_years"},
      {{{"max_age", 101}}, "max_age"},
      {{{"owner_org_id", OrgId(demo::kSchoolACode)}}, "owner_org_id"},
      {{{"surprise", 1}}, "surprise"},
      {{{"title", std::string("a\0b", 3)}}, "title"},
  };
  for (const auto& b : bad) {
    Reply r = bureau.Post("/api/v1/backbone/rounds", RoundBody(b.patch));
    EXPECT_EQ(r.status, 400) << b.patch.dump() << " " << r.raw;
    EXPECT_EQ(r.Field(), b.field) << b.patch.dump();
    EXPECT_FALSE(r.Message().empty());
  }
  // English messages too.
  Client en = As("bureau_admin");
  en.set_lang("en");
  EXPECT_EQ(en.Post("/api/v1/backbone/rounds", RoundBody({{"apply_end", "2026-01-01"}})).Message(),
            "The end date cannot be before the start date");
  // Above the bureau's scope: out of sight.
  EXPECT_EQ(bureau.Post("/api/v1/backbone/rounds", RoundBody({{"owner_org_id", OrgId(demo::kCityCode)}})).status, 404);
  // Without the CSRF token.
  EXPECT_EQ(bureau.Send("POST", "/api/v1/backbone/rounds", RoundBody().dump(), "application/json", false).status, 403);
  EXPECT_EQ(sys.Get("/api/v1/backbone/rounds").body["items"].size(), before);

  Reply made = bureau.Post("/api/v1/backbone/rounds", RoundBody());
  ASSERT_EQ(made.status, 201) << made.raw;
  EXPECT_EQ(made.body["state"], "open");
  EXPECT_EQ(made.body["owner_org_id"], OrgId(demo::kCountyCode));
  EXPECT_EQ(made.body["actions"], Json({"quotas", "close", "experts", "applications", "publicize"}));
  const int64_t id = made.body["id"];
  // Schools beneath the owner see it and may recommend; teachers may not list.
  Reply seen = As("school_admin").Get(R(id));
  EXPECT_EQ(seen.status, 200);
  EXPECT_EQ(seen.body["actions"], Json({"recommend", "applications"}));
  EXPECT_EQ(As("teacher").Get("/api/v1/backbone/rounds").status, 403);
  EXPECT_EQ(As("teacher").Get(R(id)).status, 404);
  EXPECT_EQ(As("expert").Get(R(id)).status, 404);
  EXPECT_EQ(OtherCountyBureau().Get(R(id)).status, 404);
  bool listed = false;
  Reply list_b = As("school_admin_b").Get("/api/v1/backbone/rounds");
  for (const auto& r : list_b.body["items"]) listed |= r["id"] == id;
  EXPECT_TRUE(listed);
  EXPECT_EQ(list_b.body["actions"], Json({"list"}));
  Reply list_other = OtherCountyBureau().Get("/api/v1/backbone/rounds");
  for (const auto& r : list_other.body["items"]) EXPECT_NE(r["id"], id);
  EXPECT_EQ(list_other.body["actions"], Json({"list", "create_round"}));
  // Closing: only the owner; then nothing moves.
  EXPECT_EQ(As("school_admin").Post(R(id, "/close"), Json::object()).status, 403);
  EXPECT_EQ(OtherCountyBureau().Post(R(id, "/close"), Json::object()).status, 404);
  EXPECT_EQ(bureau.Post(R(id, "/close"), {{"x", 1}}).status, 400);
  Reply closed = bureau.Post(R(id, "/close"), Json::object());
  EXPECT_EQ(closed.status, 200) << closed.raw;
  EXPECT_EQ(closed.body["state"], "closed");
  EXPECT_EQ(closed.body["actions"], Json({"applications"}));
  EXPECT_EQ(bureau.Post(R(id, "/close"), Json::object()).status, 422);
  Reply late = As("school_admin").Post(R(id, "/applications"), Recommendation(TeacherIds(demo::kSchoolACode, 1)[0]));
  EXPECT_EQ(late.status, 422);
  EXPECT_EQ(late.Message(), "本批次遴选已结束");
}

// 3. Quotas: the owner sets them beneath itself; bounds, duplicates and scope checked.
TEST_P(Backbone, QuotasBelongBeneathTheOwner) {
  const int64_t id = OpenRound();
  Client bureau = As("bureau_admin");
  const int64_t a = OrgId(demo::kSchoolACode), b = OrgId(demo::kSchoolBCode);
  auto items = [](std::vector<std::pair<int64_t, int64_t>> v) {
    Json j = Json::array();
    for (auto [o, q] : v) j.push_back({{"org_id", o}, {"quota", q}});
    return Json{{"items", j}};
  };
  EXPECT_EQ(As("school_admin").Put(R(id, "/quotas"), items({{a, 5}})).status, 403);
  EXPECT_EQ(OtherCountyBureau().Put(R(id, "/quotas"), items({{a, 5}})).status, 404);
  EXPECT_EQ(bureau.Send("PUT", R(id, "/quotas"), items({{a, 5}}).dump(), "application/json", false).status, 403);
  struct Bad {
    Json body;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {items({{OrgId(demo::kCountyCode), 5}}), "items[0].org_id"},  // the owner itself
      {items({{OrgId(demo::kCityCode), 5}}), "items[0].org_id"},    // above
      {items({{a, 5}, {a, 6}}), "items[1].org_id"},
      {items({{a, -1}}), "items[0].quota"},
      {items({{a, 100001}}), "items[0].quota"},
      {{{"items", {{{"org_id", a}}}}}, "items[0].quota"},
      {{{"items", {{{"org_id", a}, {"quota", 1}, {"x", 1}}}}}, "items[0].x"},
      {{{"items", "all"}}, "items"},
      {Json::object(), "items"},
  };
  for (const auto& x : bad) {
    Reply r = bureau.Put(R(id, "/quotas"), x.body);
    EXPECT_EQ(r.status, 400) << x.body.dump() << " " << r.raw;
    EXPECT_EQ(r.Field(), x.field) << x.body.dump();
  }
  EXPECT_TRUE(bureau.Get(R(id)).body["quotas"].empty());
  Reply ok = bureau.Put(R(id, "/quotas"), items({{a, 2}, {b, 4}}));
  ASSERT_EQ(ok.status, 200) << ok.raw;
  ASSERT_EQ(ok.body["quotas"].size(), 2u);
  // A school sees only its own quota.
  Reply seen = As("school_admin").Get(R(id));
  ASSERT_EQ(seen.body["quotas"].size(), 1u);
  EXPECT_EQ(seen.body["quotas"][0]["org_id"], a);
  // A quota cannot fall below what is forwarded.
  Client school = As("school_admin");
  const int64_t app = Recommend(school, id, TeacherIds(demo::kSchoolACode, 3)[2]);
  ASSERT_EQ(bureau.Post(A(app, "/review"), {{"action", "forward"}}).status, 200);
  Reply below = bureau.Put(R(id, "/quotas"), items({{a, 0}}));
  EXPECT_EQ(below.status, 400);
  EXPECT_EQ(below.Field(), "items[0].quota");
  EXPECT_EQ(below.Message(), "名额不能少于已上报的 1 人");
  EXPECT_EQ(bureau.Get(R(id)).body["quotas"][0]["used"], 1);
}

// 4. Recommending: the school's own serving teachers, what the system knows
// filled in, once per round; conditions and windows enforced.
TEST_P(Backbone, SchoolsRecommendTheirOwnTeachers) {
  const int64_t id = OpenRound();
  Client school = As("school_admin"), school_b = As("school_admin_b"), bureau = As("bureau_admin");
  const int64_t t = TeacherIds(demo::kSchoolACode, 5)[4];
  const int64_t tb = TeacherIds(demo::kSchoolBCode, 1)[0];
  // Wrong role, wrong scope, no CSRF, hostile input: nothing stored.
  EXPECT_EQ(bureau.Post(R(id, "/applications"), Recommendation(t)).status, 403);
  EXPECT_EQ(As("teacher").Post(R(id, "/applications"), Recommendation(t)).status, 403);
  EXPECT_EQ(school.Post(R(id, "/applications"), Recommendation(tb)).status, 404);
  EXPECT_EQ(school_b.Post(R(id, "/applications"), Recommendation(t)).status, 404);
  EXPECT_EQ(school.Send("POST", R(id, "/applications"), Recommendation(t).dump(), "application/json", false).status,
            403);
  for (const auto& [patch, field] : std::vector<std::pair<Json, std::string>>{
           {{{"teaching_record", ""}}, "teaching_record"},
           {{{"teaching_record", std::string(5001, 'x')}}, "teaching_record"},
           {{{"awards", "a\x01"}}, "awards"},
           {{{"teacher_id", "1"}}, "teacher_id"},
           {{{"score", 100}}, "score"}}) {
    Json body = Recommendation(t);
    for (auto it = patch.begin(); it != patch.end(); ++it) body[it.key()] = it.value();
    Reply r = school.Post(R(id, "/applications"), body);
    EXPECT_EQ(r.status, 400) << patch.dump() << r.raw;
    EXPECT_EQ(r.Field(), field);
  }
  EXPECT_EQ(school.Post(R(987654321, "/applications"), Recommendation(t)).status, 404);
  EXPECT_EQ(bureau.Get(R(id, "/applications")).body["total"], 0);

  Reply made = school.Post(R(id, "/applications"), Recommendation(t));
  ASSERT_EQ(made.status, 201) << made.raw;
  EXPECT_EQ(made.body["state"], "recommended");
  EXPECT_EQ(made.body["teacher_id"], t);
  EXPECT_EQ(made.body["known"]["credits"].size(), 3u);
  EXPECT_EQ(made.body["known"]["credits"][0]["year"], 2023);
  EXPECT_FALSE(made.body["known"]["title"].get<std::string>().empty());
  EXPECT_EQ(made.body["actions"], Json::array());  // a school does not review
  const int64_t app = made.body["id"];
  Reply again = school.Post(R(id, "/applications"), Recommendation(t));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.Message(), "该教师已被推荐参加本批次遴选");
  // Who sees it: the school, the county; not another school, another county, the teacher.
  EXPECT_EQ(school.Get(A(app)).status, 200);
  EXPECT_EQ(bureau.Get(A(app)).body["actions"], Json({"forward", "return"}));
  EXPECT_EQ(school_b.Get(A(app)).status, 404);
  EXPECT_EQ(OtherCountyBureau().Get(A(app)).status, 404);
  EXPECT_EQ(AsTeacher(t).Get(A(app)).status, 404);
  EXPECT_EQ(As("expert").Get(A(app)).status, 404);
  EXPECT_EQ(school_b.Get(R(id, "/applications")).body["total"], 0);
  EXPECT_EQ(school.Get(R(id, "/applications")).body["total"], 1);
  EXPECT_EQ(As("teacher").Get(R(id, "/applications")).status, 403);
  EXPECT_EQ(OtherCountyBureau().Get(R(id, "/applications")).status, 404);

  // Conditions: years of teaching, age; the window.
  const int64_t strict = OpenRound({{"min_teaching_years", 60}});
  Reply young = school.Post(R(strict, "/applications"), Recommendation(t));
  EXPECT_EQ(young.status, 400);
  EXPECT_EQ(young.Field(), "teacher_id");
  EXPECT_NE(young.Message().find("教龄"), std::string::npos) << young.Message();
  const int64_t young_only = OpenRound({{"max_age", 18}});
  Reply old = school.Post(R(young_only, "/applications"), Recommendation(t));
  EXPECT_EQ(old.status, 400);
  EXPECT_NE(old.Message().find("年龄"), std::string::npos) << old.Message();
  const int64_t past = OpenRound({{"apply_start", "2026-01-01"}, {"apply_end", "2026-01-31"}});
  Reply shut = school.Post(R(past, "/applications"), Recommendation(t));
  EXPECT_EQ(shut.status, 422);
  EXPECT_EQ(shut.Message(), "不在推荐时间内（2026-01-01 至 2026-01-31）");
  for (int64_t r : {strict, young_only, past}) EXPECT_EQ(bureau.Get(R(r, "/applications")).body["total"], 0);
}

// 5. The county's review: forward or return with a reason; a returned
// application can be recommended again; decided ones stay decided.
TEST_P(Backbone, TheCountyForwardsOrReturns) {
  const int64_t id = OpenRound();
  Client school = As("school_admin"), bureau = As("bureau_admin");
  auto ids = TeacherIds(demo::kSchoolACode, 8);
  const int64_t first = Recommend(school, id, ids[5]), second = Recommend(school, id, ids[6]);
  // Wrong role, wrong scope, no CSRF, hostile input.
  EXPECT_EQ(school.Post(A(first, "/review"), {{"action", "forward"}}).status, 403);
  EXPECT_EQ(As("teacher").Post(A(first, "/review"), {{"action", "forward"}}).status, 403);
  EXPECT_EQ(As("expert").Post(A(first, "/review"), {{"action", "forward"}}).status, 403);
  EXPECT_EQ(OtherCountyBureau().Post(A(first, "/review"), {{"action", "forward"}}).status, 404);
  EXPECT_EQ(bureau.Send("POST", A(first, "/review"), Json{{"action", "forward"}}.dump(), "application/json", false).status,
            403);
  Reply bad_action = bureau.Post(A(first, "/review"), {{"action", "approve"}});
  EXPECT_EQ(bad_action.status, 400);
  EXPECT_EQ(bad_action.Field(), "action");
  Reply no_reason = bureau.Post(A(first, "/review"), {{"action", "return"}, {"reason", " "}});
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.Field(), "reason");
  EXPECT_EQ(bureau.Post(A(first, "/review"), {{"action", "return"}, {"reason", std::string(1001, 'x')}}).status, 400);
  EXPECT_EQ(bureau.Get(A(first)).body["state"], "recommended");

  Reply fwd = bureau.Post(A(first, "/review"), {{"action", "forward"}});
  ASSERT_EQ(fwd.status, 200) << fwd.raw;
  EXPECT_EQ(fwd.body["state"], "forwarded");
  EXPECT_EQ(fwd.body["actions"], Json({"scores", "decide"}));  // the county is the owner here
  Reply twice = bureau.Post(A(first, "/review"), {{"action", "return"}, {"reason", "材料不全"}});
  EXPECT_EQ(twice.status, 422);
  EXPECT_EQ(twice.Message(), "该推荐当前为“初审通过已上报”，不能再处理");
  Reply ret = bureau.Post(A(second, "/review"), {{"action", "return"}, {"reason", "论文材料不全"}});
  ASSERT_EQ(ret.status, 200) << ret.raw;
  EXPECT_EQ(ret.body["state"], "returned");
  EXPECT_EQ(ret.body["reason"], "论文材料不全");
  EXPECT_EQ(school.Get(A(second)).body["reason"], "论文材料不全");
  // Recommended again with better material.
  Json better = Recommendation(ids[6]);
  better["papers"] = "省级刊物论文两篇";
  Reply again = school.Post(R(id, "/applications"), better);
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_EQ(again.body["id"], second);
  EXPECT_EQ(again.body["state"], "recommended");
  EXPECT_EQ(again.body["reason"], "");
  EXPECT_EQ(again.body["papers"], "省级刊物论文两篇");
  // Outside the review window nothing is decided.
  const int64_t later = OpenRound({{"review_start", "2026-04-01"}});
  const int64_t waiting = Recommend(school, later, ids[7]);
  Reply early = bureau.Post(A(waiting, "/review"), {{"action", "forward"}});
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(early.Message(), "不在审核时间内（2026-04-01 至 2026-05-31）");
  EXPECT_EQ(bureau.Get(A(waiting)).body["state"], "recommended");
}

// 6. The quota under a burst of forwards: exactly the quota, on both databases.
TEST_P(Backbone, QuotaHoldsUnderConcurrentForwards) {
  const int64_t id = OpenRound();
  Client school = As("school_admin"), bureau = As("bureau_admin");
  const int64_t a = OrgId(demo::kSchoolACode);
  ASSERT_EQ(bureau.Put(R(id, "/quotas"), {{"items", {{{"org_id", a}, {"quota", 3}}}}}).status, 200);
  auto ids = TeacherIds(demo::kSchoolACode, 30);
  ASSERT_GE(ids.size(), 30u);
  std::vector<int64_t> apps;
  for (size_t i = 18; i < 30; ++i) apps.push_back(Recommend(school, id, ids[i]));
  ASSERT_EQ(apps.size(), 12u);
  std::vector<Client> clients;
  for (size_t i = 0; i < apps.size(); ++i) clients.push_back(As("bureau_admin"));
  std::atomic<int> forwarded{0}, full{0}, other{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < apps.size(); ++i)
    threads.emplace_back([&, i] {
      Reply r = clients[i].Post(A(apps[i], "/review"), {{"action", "forward"}});
      if (r.status == 200 && r.body["state"] == "forwarded")
        ++forwarded;
      else if (r.status == 409 && r.Code() == "conflict")
        ++full;
      else
        ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(forwarded.load(), 3);
  EXPECT_EQ(full.load(), 9);
  EXPECT_EQ(other.load(), 0);
  Reply round = bureau.Get(R(id));
  ASSERT_EQ(round.body["quotas"].size(), 1u);
  EXPECT_EQ(round.body["quotas"][0]["used"], 3);
  int in_state = 0;
  Reply listed = bureau.Get(R(id, "/applications"));
  for (const auto& x : listed.body["items"]) in_state += x["state"] == "forwarded";
  EXPECT_EQ(in_state, 3);
  Reply more = bureau.Post(A(apps[0], "/review"), {{"action", "forward"}});
  if (more.status == 409) {
    EXPECT_NE(more.Message().find("名额（3 名）已用完"), std::string::npos) << more.Message();
  }
}

// 7. Expert scoring: assigned experts only, each seeing only their own
// score; the owner sees all with the average and the spread, and decides.
TEST_P(Backbone, ExpertsScoreInIsolationAndTheBureauDecides) {
  const int64_t id = OpenRound();
  Client school = As("school_admin"), bureau = As("bureau_admin"), expert = As("expert");
  auto ids = TeacherIds(demo::kSchoolACode, 34);
  const int64_t app = Recommend(school, id, ids[31]), waiting = Recommend(school, id, ids[32]),
                unscored = Recommend(school, id, ids[33]);
  ASSERT_EQ(bureau.Post(A(app, "/review"), {{"action", "forward"}}).status, 200);
  ASSERT_EQ(bureau.Post(A(unscored, "/review"), {{"action", "forward"}}).status, 200);
  Client second = Fresh("expert", OrgId(demo::kCountyCode), "bb_expert2");
  Client outsider = Fresh("expert", OrgId(demo::kCountyCode), "bb_expert3");
  const int64_t e1 = expert.Get("/api/v1/auth/me").body["user"]["id"];
  const int64_t e2 = second.Get("/api/v1/auth/me").body["user"]["id"];
  const int64_t teacher_account = As("teacher").Get("/api/v1/auth/me").body["user"]["id"];
  // Assigning: the owner only, experts of the region only.
  const Json both = {{"expert_ids", {e1, e2}}};
  EXPECT_EQ(school.Put(R(id, "/experts"), both).status, 403);
  EXPECT_EQ(expert.Put(R(id, "/experts"), both).status, 403);
  EXPECT_EQ(OtherCountyBureau().Put(R(id, "/experts"), both).status, 404);
  EXPECT_EQ(bureau.Send("PUT", R(id, "/experts"), both.dump(), "application/json", false).status, 403);
  for (const Json& bad : {Json{{"expert_ids", {e1, teacher_account}}}, Json{{"expert_ids", {987654321}}},
                          Json{{"expert_ids", "all"}}, Json{{"experts", {e1}}}}) {
    Reply r = bureau.Put(R(id, "/experts"), bad);
    EXPECT_EQ(r.status, 400) << bad.dump() << r.raw;
  }
  EXPECT_EQ(bureau.Get(R(id)).body["experts"].size(), 0u);
  Reply assigned = bureau.Put(R(id, "/experts"), both);
  ASSERT_EQ(assigned.status, 200) << assigned.raw;
  EXPECT_EQ(assigned.body["experts"].size(), 2u);
  EXPECT_EQ(assigned.body["actions"], Json({"quotas", "close", "experts", "applications", "publicize"}));

  // An assigned expert sees the round and its forwarded candidates only.
  Reply mine = expert.Get("/api/v1/backbone/rounds");
  ASSERT_EQ(mine.status, 200);
  bool listed = false;
  for (const auto& r : mine.body["items"]) listed |= r["id"] == id;
  EXPECT_TRUE(listed);
  EXPECT_TRUE(expert.Get(R(id)).body["experts"].empty());  // the panel is the owner's business
  Reply queue = expert.Get(R(id, "/applications"));
  ASSERT_EQ(queue.status, 200);
  ASSERT_EQ(queue.body["total"], 2);
  EXPECT_EQ(expert.Get(A(waiting)).status, 404);
  EXPECT_EQ(expert.Get(A(app)).body["actions"], Json({"score", "scores"}));
  EXPECT_EQ(outsider.Get(R(id)).status, 404);
  EXPECT_EQ(outsider.Get(A(app)).status, 404);
  Reply outsider_list = outsider.Get("/api/v1/backbone/rounds");
  for (const auto& r : outsider_list.body["items"]) EXPECT_NE(r["id"], id);

  // Scoring: assigned experts, a total 0–100; nobody else.
  EXPECT_EQ(outsider.Post(A(app, "/scores"), {{"total", 80}}).status, 404);
  EXPECT_EQ(bureau.Post(A(app, "/scores"), {{"total", 80}}).status, 403);
  EXPECT_EQ(school.Post(A(app, "/scores"), {{"total", 80}}).status, 403);
  EXPECT_EQ(expert.Send("POST", A(app, "/scores"), Json{{"total", 80}}.dump(), "application/json", false).status, 403);
  for (const auto& [bad, field] : std::vector<std::pair<Json, std::string>>{
           {{{"total", 101}}, "total"}, {{{"total", -1}}, "total"}, {{{"total", "80"}}, "total"},
           {{{"total", 80}, {"comment", std::string(2001, 'x')}}, "comment"}, {{{"total", 80}, {"rank", 1}}, "rank"},
           {Json::object(), "total"}}) {
    Reply r = expert.Post(A(app, "/scores"), bad);
    EXPECT_EQ(r.status, 400) << bad.dump() << r.raw;
    EXPECT_EQ(r.Field(), field) << bad.dump();
  }
  EXPECT_EQ(expert.Post(A(waiting, "/scores"), {{"total", 80}}).status, 404);
  EXPECT_EQ(bureau.Get(A(app, "/scores")).body["count"], 0);
  Reply first = expert.Post(A(app, "/scores"), {{"total", 80}, {"comment", "教学业绩突出"}});
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["count"], 1);
  EXPECT_TRUE(first.body["average"].is_null());
  // The second expert sees nothing of the first before (and after) scoring.
  Reply before = second.Get(A(app, "/scores"));
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body["count"], 0);
  EXPECT_TRUE(before.body["items"].empty());
  EXPECT_EQ(before.raw.find("教学业绩突出"), std::string::npos);
  Reply own = second.Post(A(app, "/scores"), {{"total", 90}, {"comment", "科研能力强"}});
  ASSERT_EQ(own.status, 200);
  ASSERT_EQ(own.body["items"].size(), 1u);
  EXPECT_EQ(own.body["items"][0]["total"], 90);
  EXPECT_EQ(own.raw.find("教学业绩突出"), std::string::npos);
  EXPECT_EQ(school.Get(A(app, "/scores")).status, 403);
  EXPECT_EQ(OtherCountyBureau().Get(A(app, "/scores")).status, 404);
  // A correction replaces the expert's own score.
  ASSERT_EQ(expert.Post(A(app, "/scores"), {{"total", 70}, {"comment", "修改"}}).status, 200);
  Reply board = bureau.Get(A(app, "/scores"));
  ASSERT_EQ(board.status, 200);
  EXPECT_EQ(board.body["count"], 2);
  EXPECT_DOUBLE_EQ(board.body["average"].get<double>(), 80.0);
  EXPECT_EQ(board.body["spread"], 20);

  // The decision: the owner, after a score; then scoring stops.
  const Json select = {{"action", "select"}};
  EXPECT_EQ(school.Post(A(app, "/decision"), select).status, 403);
  EXPECT_EQ(expert.Post(A(app, "/decision"), select).status, 403);
  EXPECT_EQ(OtherCountyBureau().Post(A(app, "/decision"), select).status, 404);
  EXPECT_EQ(bureau.Send("POST", A(app, "/decision"), select.dump(), "application/json", false).status, 403);
  EXPECT_EQ(bureau.Post(A(app, "/decision"), {{"action", "approve"}}).Field(), "action");
  EXPECT_EQ(bureau.Post(A(app, "/decision"), {{"action", "reject"}}).Field(), "reason");
  Reply none = bureau.Post(A(unscored, "/decision"), select);
  EXPECT_EQ(none.status, 422);
  EXPECT_EQ(none.Message(), "尚无专家评分，不能确定培训对象");
  EXPECT_EQ(bureau.Post(A(waiting, "/decision"), select).status, 422);  // not forwarded
  Reply unforwarded = bureau.Get(A(waiting, "/scores"));
  EXPECT_EQ(unforwarded.status, 422);
  EXPECT_EQ(unforwarded.Message(), "该推荐尚未通过初审上报，还没有专家评分");
  Reply chosen = bureau.Post(A(app, "/decision"), select);
  ASSERT_EQ(chosen.status, 200) << chosen.raw;
  EXPECT_EQ(chosen.body["state"], "selected");
  EXPECT_EQ(bureau.Post(A(app, "/decision"), select).status, 422);
  Reply late = second.Post(A(app, "/scores"), {{"total", 10}});
  EXPECT_EQ(late.status, 422);
  EXPECT_EQ(bureau.Get(A(app, "/scores")).body["average"].get<double>(), 80.0);
  EXPECT_EQ(school.Get(A(app)).body["state"], "selected");
  ASSERT_EQ(expert.Post(A(unscored, "/scores"), {{"total", 40}}).status, 200);
  Reply rejected = bureau.Post(A(unscored, "/decision"), {{"action", "reject"}, {"reason", "综合评分偏低"}});
  ASSERT_EQ(rejected.status, 200) << rejected.raw;
  EXPECT_EQ(rejected.body["state"], "not_selected");
  EXPECT_EQ(rejected.body["reason"], "综合评分偏低");
}

// 8. Publicity (公示) with objections, then confirmation: the teacher's
// backbone level is set through the teachers module, with history.
TEST_P(Backbone, PublicityThenConfirmationSetsTheLevelWithHistory) {
  Client school = As("school_admin"), bureau = As("bureau_admin"), expert = As("expert");
  const int64_t e1 = expert.Get("/api/v1/auth/me").body["user"]["id"];
  auto ids = TeacherIds(demo::kSchoolACode, 40);
  // A round through selection: one candidate selected, one not.
  auto selected_round = [&](int64_t chosen, int64_t other, const std::string& title) {
    const int64_t id = OpenRound({{"level", "市级"}, {"title", title}});
    const int64_t a = Recommend(school, id, chosen), b = Recommend(school, id, other);
    for (int64_t x : {a, b}) EXPECT_EQ(bureau.Post(A(x, "/review"), {{"action", "forward"}}).status, 200);
    EXPECT_EQ(bureau.Put(R(id, "/experts"), {{"expert_ids", {e1}}}).status, 200);
    for (int64_t x : {a, b}) EXPECT_EQ(expert.Post(A(x, "/scores"), {{"total", 85}}).status, 200);
    EXPECT_EQ(bureau.Post(A(a, "/decision"), {{"action", "select"}}).status, 200);
    EXPECT_EQ(bureau.Post(A(b, "/decision"), {{"action", "reject"}, {"reason", "名额有限"}}).status, 200);
    return std::make_tuple(id, a, b);
  };
  const int64_t chosen = ids[36], other = ids[37];
  const std::string level_before = bureau.Get("/api/v1/teachers/" + std::to_string(chosen)).body["backbone_level"];
  auto [id, a, b] = selected_round(chosen, other, "市级骨干遴选（公示）");

  // Publicity: the owner only, valid dates, something selected.
  const Json now_to_later = {{"start", "2026-02-25"}, {"end", "2026-03-10"}};
  EXPECT_EQ(school.Post(R(id, "/publicity"), now_to_later).status, 403);
  EXPECT_EQ(expert.Post(R(id, "/publicity"), now_to_later).status, 403);
  EXPECT_EQ(OtherCountyBureau().Post(R(id, "/publicity"), now_to_later).status, 404);
  EXPECT_EQ(bureau.Send("POST", R(id, "/publicity"), now_to_later.dump(), "application/json", false).status, 403);
  EXPECT_EQ(bureau.Post(R(id, "/publicity"), {{"start", "2026-03-10"}, {"end", "2026-03-01"}}).Field(), "end");
  EXPECT_EQ(bureau.Post(R(id, "/publicity"), {{"start", "明天"}, {"end", "2026-03-01"}}).Field(), "start");
  EXPECT_EQ(bureau.Post(R(id, "/publicity"), {{"start", "2026-03-01"}}).Field(), "end");
  const int64_t empty = OpenRound();
  Reply nothing = bureau.Post(R(empty, "/publicity"), now_to_later);
  EXPECT_EQ(nothing.status, 422);
  EXPECT_EQ(nothing.Message(), "尚无入选的培训对象，不能公示");
  EXPECT_EQ(bureau.Post(R(id, "/confirm"), Json::object()).status, 422);  // not in publicity yet
  Reply pub = bureau.Post(R(id, "/publicity"), now_to_later);
  ASSERT_EQ(pub.status, 200) << pub.raw;
  EXPECT_EQ(pub.body["state"], "publicity");
  EXPECT_EQ(pub.body["publicity_end"], "2026-03-10");
  EXPECT_EQ(pub.body["actions"], Json({"applications", "confirm"}));
  // Nothing else moves during publicity.
  EXPECT_EQ(bureau.Post(A(b, "/decision"), {{"action", "select"}}).status, 422);
  EXPECT_EQ(expert.Post(A(a, "/scores"), {{"total", 99}}).status, 422);

  // Objections: the owner records them against a selected candidate.
  const Json objection = {{"text", "有群众反映该教师论文存在署名争议"}};
  EXPECT_EQ(school.Post(A(a, "/objections"), objection).status, 403);
  EXPECT_EQ(OtherCountyBureau().Post(A(a, "/objections"), objection).status, 404);
  EXPECT_EQ(bureau.Send("POST", A(a, "/objections"), objection.dump(), "application/json", false).status, 403);
  EXPECT_EQ(bureau.Post(A(a, "/objections"), {{"text", " "}}).Field(), "text");
  EXPECT_EQ(bureau.Post(A(a, "/objections"), {{"text", std::string(2001, 'x')}}).Field(), "text");
  EXPECT_EQ(bureau.Post(A(b, "/objections"), objection).status, 422);  // not selected
  Reply objected = bureau.Post(A(a, "/objections"), objection);
  ASSERT_EQ(objected.status, 201) << objected.raw;
  ASSERT_EQ(objected.body["objections"].size(), 1u);
  EXPECT_EQ(school.Get(A(a)).body["objections"].size(), 1u);

  // Confirmation waits for the end of the publicity.
  Reply early = bureau.Post(R(id, "/confirm"), Json::object());
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(early.Message(), "公示期至 2026-03-10 结束，期满后才能确定名单");
  EXPECT_EQ(bureau.Get("/api/v1/teachers/" + std::to_string(chosen)).body["backbone_level"], level_before);

  // A round whose publicity is over is confirmed; the level is set with history.
  const int64_t chosen2 = ids[38], other2 = ids[39];
  const std::string other2_before = bureau.Get("/api/v1/teachers/" + std::to_string(other2)).body["backbone_level"];
  auto [done, a2, b2] = selected_round(chosen2, other2, "市级骨干遴选（确定）");
  ASSERT_EQ(bureau.Post(R(done, "/publicity"), {{"start", "2026-02-01"}, {"end", "2026-02-20"}}).status, 200);
  Reply late_objection = bureau.Post(A(a2, "/objections"), objection);
  EXPECT_EQ(late_objection.status, 422);
  EXPECT_EQ(late_objection.Message(), "不在公示期内（2026-02-01 至 2026-02-20）");
  EXPECT_EQ(school.Post(R(done, "/confirm"), Json::object()).status, 403);
  EXPECT_EQ(expert.Post(R(done, "/confirm"), Json::object()).status, 403);
  EXPECT_EQ(OtherCountyBureau().Post(R(done, "/confirm"), Json::object()).status, 404);
  EXPECT_EQ(bureau.Send("POST", R(done, "/confirm"), "{}", "application/json", false).status, 403);
  EXPECT_EQ(bureau.Post(R(done, "/confirm"), {{"now", true}}).status, 400);
  Reply confirmed = bureau.Post(R(done, "/confirm"), Json::object());
  ASSERT_EQ(confirmed.status, 200) << confirmed.raw;
  EXPECT_EQ(confirmed.body["state"], "confirmed");
  EXPECT_EQ(confirmed.body["actions"], Json({"applications"}));
  EXPECT_EQ(school.Get(A(a2)).body["state"], "confirmed");
  EXPECT_EQ(school.Get(A(b2)).body["state"], "not_selected");
  EXPECT_EQ(bureau.Get("/api/v1/teachers/" + std::to_string(chosen2)).body["backbone_level"], "市级");
  EXPECT_EQ(bureau.Get("/api/v1/teachers/" + std::to_string(other2)).body["backbone_level"], other2_before);
  EXPECT_EQ(bureau.Post(R(done, "/confirm"), Json::object()).status, 422);
  std::vector<teachers::BackboneChange> history;
  ASSERT_TRUE(b_->app->db()
                  .Read([&](db::Tx& tx) -> Status {
                    history = teachers::BackboneHistory(tx, chosen2);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].to_level, "市级");
  EXPECT_EQ(history[0].reason, "骨干教师遴选确定：市级骨干遴选（确定）");
  EXPECT_TRUE(history[0].changed_by.has_value());
}

// A level changed by hand (the teacher's form) is kept in the same history
// as the backbone module's changes; a PATCH that does not change it adds none.
TEST_P(Backbone, ALevelChangedByHandIsKeptInTheHistory) {
  Client bureau = As("bureau_admin");
  Client school = As("school_admin");
  Reply list = school.Get("/api/v1/teachers?page_size=1&org_id=" + std::to_string(OrgId(demo::kSchoolACode)));
  ASSERT_EQ(list.status, 200) << list.raw;
  const int64_t id = list.body["items"][0]["id"].get<int64_t>();
  const std::string path = "/api/v1/teachers/" + std::to_string(id);
  const std::string before = bureau.Get(path).body["backbone_level"].get<std::string>();
  auto history = [&] {
    std::vector<teachers::BackboneChange> h;
    EXPECT_TRUE(b_->app->db()
                    .Read([&](db::Tx& tx) -> Status {
                      h = teachers::BackboneHistory(tx, id);
                      return Status::Ok();
                    })
                    .ok());
    return h;
  };
  const size_t n = history().size();
  const std::string level = before == "县级" ? "校级" : "县级";
  Reply changed = bureau.Patch(path, {{"backbone_level", level}});
  ASSERT_EQ(changed.status, 200) << changed.raw;
  auto h = history();
  ASSERT_EQ(h.size(), n + 1);
  EXPECT_EQ(h.back().from_level, before);
  EXPECT_EQ(h.back().to_level, level);
  EXPECT_EQ(h.back().reason, "教师信息修改");
  EXPECT_TRUE(h.back().changed_by.has_value());
  ASSERT_EQ(bureau.Patch(path, {{"backbone_level", level}}).status, 200);  // unchanged: no new row
  EXPECT_EQ(history().size(), n + 1);
  ASSERT_EQ(bureau.Patch(path, {{"backbone_level", before}}).status, 200);  // as it was, for later tests
  EXPECT_EQ(history().size(), n + 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, Backbone, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace jj::testing
