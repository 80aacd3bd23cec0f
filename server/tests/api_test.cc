// API integration tests over real HTTP, run against SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "app/demo_seed.h"
#include "harness.h"
#include "infra/auth/password.h"
#include "modules/accounts/accounts.h"
#include "modules/accounts/routes.h"
#include "modules/demo/demo.h"
#include "modules/org/org.h"

namespace jj::testing {
namespace {

// ---------------------------------------------------------------- auth

TEST_P(Api, LoginMeLogout) {
  Client c(b_->port);
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 401);
  Reply login = c.Login("school_admin", app::kDemoPassword);
  ASSERT_EQ(login.status, 200) << login.raw;
  EXPECT_EQ(login.body["user"]["role"], "school_admin");
  EXPECT_FALSE(login.body["csrf_token"].get<std::string>().empty());
  Reply me = c.Get("/api/v1/auth/me");
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.body["user"]["username"], "school_admin");
  EXPECT_EQ(c.Post("/api/v1/auth/logout", Json::object()).status, 204);
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 401);
}

// OpenSession is how the load test signs in thousands of teachers: the
// session works like a login's, only its hash is stored, and it still needs
// the CSRF token on mutations.
TEST_P(Api, AnOpenedSessionActsLikeALoginAndStoresOnlyTheTokensHash) {
  accounts::NewSession s;
  ASSERT_TRUE(b_->app->db()
                  .Transact([&](db::Tx& tx) -> Status {
                    db::Row r;
                    if (!tx.QueryOne("SELECT id FROM accounts WHERE username = 'teacher'", {}, r)) return NotFound();
                    s = accounts::OpenSession(tx, r.Int(0), b_->clock->NowSeconds());
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(s.token.size(), 64u);
  EXPECT_EQ(s.csrf_token.size(), 32u);
  int64_t plain = -1, hashed = -1;
  ASSERT_TRUE(b_->app->db()
                  .Read([&](db::Tx& tx) -> Status {
                    db::Row r;
                    tx.QueryOne("SELECT COUNT(*) FROM sessions WHERE token_hash = :t", {s.token}, r);
                    plain = r.Int(0);
                    tx.QueryOne("SELECT COUNT(*) FROM sessions WHERE token_hash = :t AND csrf_token = :c",
                                {auth::HashToken(s.token), s.csrf_token}, r);
                    hashed = r.Int(0);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(plain, 0);
  EXPECT_EQ(hashed, 1);

  Client c(b_->port);
  c.set_cookie(std::string(accounts::kSessionCookie) + "=" + s.token);
  Reply me = c.Get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_EQ(me.body["user"]["username"], "teacher");
  EXPECT_EQ(c.Post("/api/v1/auth/logout", Json::object()).status, 403);  // no CSRF token
  c.set_csrf(s.csrf_token);
  EXPECT_EQ(c.Post("/api/v1/auth/logout", Json::object()).status, 204);
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 401);
}

TEST_P(Api, WrongPasswordIsRefusedWithoutSayingWhichPartWasWrong) {
  Client c(b_->port);
  Reply bad_pw = c.Login("teacher", "wrong-password-1");
  Reply bad_user = c.Login("no_such_user_x", "wrong-password-1");
  EXPECT_EQ(bad_pw.status, 401);
  EXPECT_EQ(bad_user.status, 401);
  EXPECT_EQ(bad_pw.Message(), bad_user.Message());
  EXPECT_EQ(bad_pw.Message(), "用户名或密码错误");
}

TEST_P(Api, RepeatedFailedLoginsAreThrottled) {
  Client c(b_->port);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Login("expert", "nope-" + std::to_string(i)).status, 401);
  Reply throttled = c.Login("expert", app::kDemoPassword);  // even the right password
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.Code(), "too_many_requests");
  b_->clock->Advance(16 * 60);
  EXPECT_EQ(c.Login("expert", app::kDemoPassword).status, 200);
}

TEST_P(Api, MutationsNeedTheCsrfToken) {
  Client c = As("school_admin");
  Json t = FirstTeacher(c, OrgId(demo::kSchoolACode));
  std::string path = "/api/v1/teachers/" + std::to_string(t["id"].get<int64_t>());
  Reply r = c.Send("PATCH", path, R"({"subject":"语文"})", "application/json", /*with_csrf=*/false);
  EXPECT_EQ(r.status, 403);
  c.set_csrf("0000");
  EXPECT_EQ(c.Patch(path, {{"subject", "语文"}}).status, 403);
}

TEST_P(Api, NewAccountMustChangePasswordFirst) {
  Client admin = As("school_admin");
  Json t = FirstTeacher(admin, OrgId(demo::kSchoolACode));
  std::string username = "t_" + GetParam();
  Reply created = admin.Post("/api/v1/accounts", {{"username", username},
                                                  {"display_name", t["name"]},
                                                  {"role", "teacher"},
                                                  {"teacher_id", t["id"]}});
  ASSERT_EQ(created.status, 201) << created.raw;
  std::string initial = created.body["initial_password"];
  EXPECT_TRUE(created.body["account"]["must_change_password"].get<bool>());

  Client c(b_->port);
  ASSERT_EQ(c.Login(username, initial).status, 200);
  Reply blocked = c.Get("/api/v1/teachers");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.Message().find("修改密码"), std::string::npos);
  Reply weak = c.Post("/api/v1/auth/password", {{"old_password", initial}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.Field(), "new_password");
  EXPECT_EQ(c.Post("/api/v1/auth/password", {{"old_password", initial}, {"new_password", "Better2026x"}}).status,
            204);
  Reply mine = c.Get("/api/v1/teachers");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.body["total"], 1);  // a teacher sees only self
  EXPECT_EQ(mine.body["items"][0]["id"], t["id"]);
}

// ---------------------------------------------------------------- scope

TEST_P(Api, SchoolAdminCannotReachAnotherSchoolsTeacher) {
  Client a = As("school_admin");
  Client b = As("school_admin_b");
  Json theirs = FirstTeacher(b, OrgId(demo::kSchoolBCode));
  std::string path = "/api/v1/teachers/" + std::to_string(theirs["id"].get<int64_t>());
  int64_t before = TeacherCount();

  EXPECT_EQ(a.Get(path).status, 404);
  EXPECT_EQ(a.Patch(path, {{"subject", "美术"}}).status, 404);
  EXPECT_EQ(a.Delete(path).status, 404);
  EXPECT_EQ(a.Get(path + "/history").status, 404);
  EXPECT_EQ(a.Post(path + "/transfer", {{"to_org_id", OrgId(demo::kSchoolACode)}, {"date", "2026-02-01"}}).status, 404);
  EXPECT_EQ(TeacherCount(), before);
  EXPECT_EQ(b.Get(path).body["subject"], theirs["subject"]);  // unchanged

  // B's school never appears in A's lists, and cannot be used as a filter.
  EXPECT_EQ(a.Get("/api/v1/teachers?org_id=" + std::to_string(OrgId(demo::kSchoolBCode))).status, 404);
  Reply all = a.Get("/api/v1/teachers?page_size=200");
  ASSERT_EQ(all.status, 200);
  for (const auto& t : all.body["items"]) EXPECT_EQ(t["org_id"], OrgId(demo::kSchoolACode));
  Reply search = a.Get("/api/v1/teachers?q=" + theirs["name"].get<std::string>());
  for (const auto& t : search.body["items"]) EXPECT_NE(t["id"], theirs["id"]);
  Reply tree = a.Get("/api/v1/orgs/tree");
  ASSERT_EQ(tree.status, 200);
  EXPECT_EQ(tree.body.size(), 1u);
  EXPECT_EQ(tree.body[0]["code"], demo::kSchoolACode);
  EXPECT_EQ(a.Get("/api/v1/orgs/" + std::to_string(OrgId(demo::kSchoolBCode))).status, 404);
}

TEST_P(Api, CountyAdminCannotReachAnotherCounty) {
  Client sys = As("sysadmin");
  std::string suffix = GetParam() == "sqlite" ? "1" : "2";
  int64_t city = OrgId(demo::kCityCode);
  Reply county = sys.Post("/api/v1/orgs", {{"code", "99990" + suffix}, {"name", "邻县" + suffix}, {"type", "county"},
                                           {"parent_id", city}});
  ASSERT_EQ(county.status, 201) << county.raw;
  Reply school = sys.Post("/api/v1/orgs", {{"code", "9999000" + suffix}, {"name", "邻县一小" + suffix},
                                           {"type", "school"}, {"parent_id", county.body["id"]},
                                           {"stages", {"小学"}}, {"rural", true}});
  ASSERT_EQ(school.status, 201) << school.raw;
  Reply t = sys.Post("/api/v1/teachers", {{"name", "邻县教师"},
                                          {"id_number", MakeIdNumber("441900", "19900101", suffix == "1" ? 11 : 13)},
                                          {"org_id", school.body["id"]},
                                          {"stage", "小学"},
                                          {"subject", "数学"}});
  ASSERT_EQ(t.status, 201) << t.raw;

  Client bureau = As("bureau_admin");
  std::string path = "/api/v1/teachers/" + std::to_string(t.body["id"].get<int64_t>());
  EXPECT_EQ(bureau.Get(path).status, 404);
  EXPECT_EQ(bureau.Patch(path, {{"subject", "语文"}}).status, 404);
  EXPECT_EQ(bureau.Get("/api/v1/orgs/" + std::to_string(school.body["id"].get<int64_t>())).status, 404);
  // ... and cannot create under it either.
  EXPECT_EQ(bureau.Post("/api/v1/orgs", {{"code", "99991" + suffix}, {"name", "x"}, {"type", "school"},
                                         {"parent_id", county.body["id"]}})
                .status,
            404);
  // A transfer into the other county is refused: the target is out of scope.
  Client a = As("school_admin");
  Json mine = FirstTeacher(a, OrgId(demo::kSchoolACode));
  EXPECT_EQ(bureau.Post("/api/v1/teachers/" + std::to_string(mine["id"].get<int64_t>()) + "/transfer",
                        {{"to_org_id", school.body["id"]}, {"date", "2026-02-01"}})
                .status,
            404);
}

TEST_P(Api, TeacherSeesOnlySelf) {
  Client t = As("teacher");
  Reply list = t.Get("/api/v1/teachers");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["total"], 1);
  int64_t self = list.body["items"][0]["id"];
  EXPECT_EQ(t.Get("/api/v1/teachers/" + std::to_string(self)).status, 200);
  Client admin = As("school_admin");
  Reply others = admin.Get("/api/v1/teachers?page_size=2&sort=-name");
  int64_t other = others.body["items"][0]["id"];
  ASSERT_NE(other, self);
  EXPECT_EQ(t.Get("/api/v1/teachers/" + std::to_string(other)).status, 404);
  EXPECT_EQ(t.Patch("/api/v1/teachers/" + std::to_string(other), {{"phone", "13900000000"}}).status, 404);
  // Own record: the phone may change, the title may not.
  EXPECT_EQ(t.Patch("/api/v1/teachers/" + std::to_string(self), {{"phone", "13900000001"}}).status, 200);
  EXPECT_EQ(t.Patch("/api/v1/teachers/" + std::to_string(self), {{"title", "高级教师"}}).status, 403);
  EXPECT_EQ(t.Get("/api/v1/accounts").status, 403);
}

TEST_P(Api, TownshipAdminSeesItsSchools) {
  Client town = As("township_admin");
  Reply list = town.Get("/api/v1/teachers?page_size=1");
  ASSERT_EQ(list.status, 200);
  Client a = As("school_admin");
  int64_t school_a_total = a.Get("/api/v1/teachers?page_size=1").body["total"];
  // School A lies in the demo township; the township sees at least its teachers.
  EXPECT_GT(list.body["total"].get<int64_t>(), school_a_total);
  EXPECT_EQ(town.Get("/api/v1/teachers?page_size=1&org_id=" + std::to_string(OrgId(demo::kSchoolACode))).status, 200);
  EXPECT_EQ(town.Get("/api/v1/teachers?page_size=1&org_id=" + std::to_string(OrgId(demo::kSchoolBCode))).status, 404);
}

// ---------------------------------------------------------------- registry

TEST_P(Api, ListsMaskIdNumbersAndPhonesDetailsShowThemToAdmins) {
  Client a = As("school_admin");
  Json t = FirstTeacher(a, OrgId(demo::kSchoolACode));
  std::string masked = t["id_number"];
  EXPECT_EQ(masked.size(), 18u);
  EXPECT_EQ(masked.substr(6, 8), "********");
  EXPECT_NE(t["phone"].get<std::string>().find("****"), std::string::npos);
  Reply detail = a.Get("/api/v1/teachers/" + std::to_string(t["id"].get<int64_t>()));
  EXPECT_EQ(detail.body["id_number"].get<std::string>().find('*'), std::string::npos);
  EXPECT_EQ(detail.body["id_number"].get<std::string>().substr(0, 6), masked.substr(0, 6));
}

TEST_P(Api, FiltersSortAndPaging) {
  Client bureau = As("bureau_admin");
  Reply all = bureau.Get("/api/v1/teachers?page_size=1");
  ASSERT_EQ(all.status, 200);
  EXPECT_GT(all.body["total"].get<int64_t>(), 6000);
  Reply primary = bureau.Get("/api/v1/teachers?page_size=5&stage=%E5%B0%8F%E5%AD%A6&sort=-birth_date");
  ASSERT_EQ(primary.status, 200);
  EXPECT_LT(primary.body["total"].get<int64_t>(), all.body["total"].get<int64_t>());
  ASSERT_EQ(primary.body["items"].size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(primary.body["items"][i]["stage"], "小学");
    if (i) {
      EXPECT_GE(primary.body["items"][i - 1]["birth_date"], primary.body["items"][i]["birth_date"]);
    }
  }
  Reply page2 = bureau.Get("/api/v1/teachers?page_size=5&page=2&stage=%E5%B0%8F%E5%AD%A6&sort=-birth_date");
  EXPECT_NE(page2.body["items"][0]["id"], primary.body["items"][0]["id"]);
  Reply bad_sort = bureau.Get("/api/v1/teachers?sort=salary");
  EXPECT_EQ(bad_sort.status, 400);
  EXPECT_EQ(bad_sort.Field(), "sort");
  Reply bad_enum = bureau.Get("/api/v1/teachers?stage=%E5%A4%A7%E5%AD%A6");  // 大学
  EXPECT_EQ(bad_enum.status, 400);
  EXPECT_EQ(bad_enum.Field(), "stage");
}

TEST_P(Api, CreateValidatesTheIdNumberAndRejectsDuplicates) {
  Client a = As("school_admin");
  int64_t school = OrgId(demo::kSchoolACode);
  std::string good = MakeIdNumber("441821", "19920315", GetParam() == "sqlite" ? 21 : 23);
  std::string bad = good.substr(0, 17) + (good[17] == '0' ? '1' : '0');
  int64_t before = TeacherCount();
  Reply r = a.Post("/api/v1/teachers", {{"name", "测试教师"}, {"id_number", bad}, {"org_id", school}, {"stage", "小学"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Field(), "id_number");
  EXPECT_NE(r.Message().find("校验位"), std::string::npos);
  r = a.Post("/api/v1/teachers",
             {{"name", "测试教师"}, {"id_number", good}, {"org_id", school}, {"stage", "小学"}, {"sex", "女"}});
  EXPECT_EQ(r.status, 400);  // the sequence is odd: the ID says 男
  EXPECT_EQ(r.Field(), "sex");
  EXPECT_EQ(TeacherCount(), before);
  r = a.Post("/api/v1/teachers", {{"name", "测试教师"}, {"id_number", good}, {"org_id", school}, {"stage", "小学"},
                                  {"phone", "13800001111"}, {"posts", {"班主任"}}, {"hire_date", "2025-09-01"}});
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["sex"], "男");
  EXPECT_EQ(r.body["birth_date"], "1992-03-15");
  EXPECT_TRUE(r.body["is_new_teacher"].get<bool>());
  Reply dup = a.Post("/api/v1/teachers", {{"name", "另一人"}, {"id_number", good}, {"org_id", school}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_NE(dup.Message().find("测试教师"), std::string::npos) << dup.Message();
  EXPECT_EQ(TeacherCount(), before + 1);
  Client en = As("school_admin");
  en.set_lang("en");
  Reply dup_en = en.Post("/api/v1/teachers", {{"name", "x"}, {"id_number", good}, {"org_id", school}});
  EXPECT_NE(dup_en.Message().find("already exists"), std::string::npos);
}

// A duplicate outside the actor's scope says only that the number is
// registered elsewhere: neither the holder's surname nor the school.
TEST_P(Api, ADuplicateOutsideTheScopeNamesNobody) {
  Client b = As("school_admin_b");
  std::string id = MakeIdNumber("441821", "19930517", GetParam() == "sqlite" ? 61 : 63);
  Reply made = b.Post("/api/v1/teachers", {{"name", "欧阳明"}, {"id_number", id},
                                           {"org_id", OrgId(demo::kSchoolBCode)}, {"stage", "小学"}});
  ASSERT_EQ(made.status, 201) << made.raw;
  const std::string school_b = made.body["org_name"];
  ASSERT_FALSE(school_b.empty());
  Client a = As("school_admin");
  Reply dup = a.Post("/api/v1/teachers", {{"name", "另一人"}, {"id_number", id}, {"org_id", OrgId(demo::kSchoolACode)}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Code(), "conflict");
  EXPECT_EQ(dup.Field(), "id_number");
  EXPECT_EQ(dup.Message(), "该身份证号已在其他单位登记");
  EXPECT_EQ(dup.raw.find("欧"), std::string::npos) << dup.raw;
  EXPECT_EQ(dup.raw.find(school_b), std::string::npos) << dup.raw;
  a.set_lang("en");
  Reply dup_en = a.Post("/api/v1/teachers", {{"name", "x"}, {"id_number", id}, {"org_id", OrgId(demo::kSchoolACode)}});
  EXPECT_EQ(dup_en.Message(), "This ID number is already registered elsewhere");
  // Within the scope the holder may still be named.
  Reply in_scope = As("bureau_admin").Post(
      "/api/v1/teachers", {{"name", "x"}, {"id_number", id}, {"org_id", OrgId(demo::kSchoolACode)}});
  EXPECT_EQ(in_scope.status, 409);
  EXPECT_NE(in_scope.Message().find("欧阳明"), std::string::npos) << in_scope.Message();
  EXPECT_NE(in_scope.Message().find(school_b), std::string::npos) << in_scope.Message();
}

TEST_P(Api, TransferKeepsHistoryAndTheRecordFollowsThePerson) {
  Client bureau = As("bureau_admin");
  int64_t from = OrgId(demo::kSchoolACode), to = OrgId(demo::kSchoolBCode);
  Client a = As("school_admin");
  Reply list = a.Get("/api/v1/teachers?page_size=3&sort=-name");
  int64_t id = list.body["items"][2]["id"];
  std::string path = "/api/v1/teachers/" + std::to_string(id);
  Reply moved = bureau.Post(path + "/transfer", {{"to_org_id", to}, {"date", "2026-02-20"}, {"note", "交流轮岗"}});
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(moved.body["org_id"], to);
  Reply history = bureau.Get(path + "/history");
  ASSERT_EQ(history.body["items"].size(), 1u);
  EXPECT_EQ(history.body["items"][0]["from_org_id"], from);
  EXPECT_EQ(history.body["items"][0]["to_org_id"], to);
  EXPECT_EQ(history.body["items"][0]["note"], "交流轮岗");
  // Now the person belongs to B: A loses sight, B gains it.
  EXPECT_EQ(a.Get(path).status, 404);
  Client b = As("school_admin_b");
  EXPECT_EQ(b.Get(path).status, 200);
  // Changing the school by PATCH is refused: transfers keep the history.
  EXPECT_EQ(b.Patch(path, {{"org_id", from}}).status, 400);
}

// ---------------------------------------------------------------- bad input

TEST_P(Api, BadInputGetsAClearErrorAndWritesNothing) {
  Client a = As("school_admin");
  int64_t school = OrgId(demo::kSchoolACode);
  int64_t before = TeacherCount();
  struct Case {
    std::string body, code, field;
  } cases[] = {
      {"{not json", "invalid_argument", ""},
      {"[1,2]", "invalid_argument", ""},
      {R"({"name": 5, "id_number": "x", "org_id": 1})", "invalid_argument", "name"},
      {R"({"id_number": "11010519491231002X", "org_id": 1})", "invalid_argument", "name"},
      {R"({"name": "a", "id_number": "11010519491231002X", "org_id": )" + std::to_string(school) +
           R"(, "stage": "大学"})",
       "invalid_argument", "stage"},
      {R"({"name": "a", "id_number": "11010519491231002X", "org_id": )" + std::to_string(school) +
           R"(, "salary": 1})",
       "invalid_argument", "salary"},
      {"{\"name\": \"\xff\xfe\", \"id_number\": \"11010519491231002X\"}", "invalid_argument", ""},
      {R"({"name": "a", "id_number": "11010519491231002X", "org_id": )" + std::to_string(school) +
           R"(, "birth_date": "1949-02-30"})",
       "invalid_argument", "birth_date"},
  };
  for (const auto& c : cases) {
    Reply r = a.Send("POST", "/api/v1/teachers", c.body);
    EXPECT_EQ(r.status, 400) << c.body << " → " << r.raw;
    EXPECT_EQ(r.Code(), c.code) << c.body;
    EXPECT_EQ(r.Field(), c.field) << c.body << " → " << r.raw;
    EXPECT_FALSE(r.Message().empty());
  }
  Reply huge = a.Send("POST", "/api/v1/teachers", std::string(3 * 1024 * 1024, ' '));
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(TeacherCount(), before);
  EXPECT_EQ(a.Get("/api/v1/teachers/abc").status, 404);
  EXPECT_EQ(a.Get("/api/v1/no-such-thing").status, 404);
  // A path that exists, with a method it does not take: 405, and nothing written.
  Reply wrong = a.Send("PUT", "/api/v1/teachers", R"({"name": "a"})");
  EXPECT_EQ(wrong.status, 405) << wrong.raw;
  EXPECT_EQ(wrong.Code(), "method_not_allowed");
  EXPECT_FALSE(wrong.Message().empty());
  EXPECT_EQ(TeacherCount(), before);
}

TEST_P(Api, AccountManagementStaysInScope) {
  Client a = As("school_admin");
  Reply list = a.Get("/api/v1/accounts");
  ASSERT_EQ(list.status, 200);
  for (const auto& acc : list.body["items"]) EXPECT_EQ(acc["org_id"], OrgId(demo::kSchoolACode));
  Reply too_high = a.Post("/api/v1/accounts", {{"username", "boss_" + GetParam()},
                                               {"display_name", "x"},
                                               {"role", "bureau_admin"},
                                               {"org_id", OrgId(demo::kSchoolACode)}});
  EXPECT_EQ(too_high.status, 400);
  EXPECT_EQ(too_high.Field(), "role");
  Reply elsewhere = a.Post("/api/v1/accounts", {{"username", "x_" + GetParam()},
                                                {"display_name", "x"},
                                                {"role", "school_admin"},
                                                {"org_id", OrgId(demo::kSchoolBCode)}});
  EXPECT_EQ(elsewhere.status, 404);
  Client b = As("school_admin_b");
  Reply blist = b.Get("/api/v1/accounts?q=school_admin_b");
  int64_t b_id = blist.body["items"][0]["id"];
  EXPECT_EQ(a.Patch("/api/v1/accounts/" + std::to_string(b_id), {{"disabled", true}}).status, 404);
  EXPECT_EQ(a.Post("/api/v1/accounts/" + std::to_string(b_id) + "/reset-password", Json::object()).status, 404);
}

TEST_P(Api, EveryChangeIsInTheHashChainedAuditLog) {
  Client a = As("school_admin");
  Json t = FirstTeacher(a, OrgId(demo::kSchoolACode));
  ASSERT_EQ(a.Patch("/api/v1/teachers/" + std::to_string(t["id"].get<int64_t>()), {{"subject", "科学"}}).status, 200);
  int64_t entries = 0;
  (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
    db::Row r;
    tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'teacher.update' AND object_id = :id",
                {t["id"].get<int64_t>()}, r);
    entries = r.Int(0);
    return Status::Ok();
  });
  EXPECT_GE(entries, 1);
}

INSTANTIATE_TEST_SUITE_P(Db, Api, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
