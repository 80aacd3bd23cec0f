// Defects a clerk meets in the browser, over HTTP: messages name fields in
// the user's language, the declare form gets every missing field at once,
// registration cannot be opened after its window closed, the session probe
// answers a visitor without a 401.
#include <gtest/gtest.h>

#include "harness.h"
#include "modules/demo/demo.h"
#include "modules/projects/projects.h"

namespace jj::testing {
namespace {

class DeskDefects : public Api {
 protected:
  std::set<std::string> Fields(const Reply& r) {
    std::set<std::string> out;
    if (!r.body.contains("error") || !r.body["error"].contains("fields")) return out;
    for (const auto& f : r.body["error"]["fields"]) out.insert(f.value("field", ""));
    return out;
  }
  int64_t CountRecords(Client& c) { return c.Get("/api/v1/credits/records?page_size=1").body.value("total", -1); }
};

TEST_P(DeskDefects, DeclareReportsEveryMissingFieldInTheUsersLanguage) {
  Client t = As("teacher");
  const int64_t before = CountRecords(t);
  Reply r = t.Post("/api/v1/credits/records", {{"project_name", "读书分享"}, {"hours", 2}});
  ASSERT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.Field(), "date");
  EXPECT_EQ(r.Message(), "缺少必填字段：日期");
  // The demo's policy needs a dimension: date, level, form and dimension at once.
  EXPECT_EQ(Fields(r), (std::set<std::string>{"date", "level", "form", "dimension"}));
  for (const auto& f : r.body["error"]["fields"]) {
    const std::string m = f.value("message", "");
    EXPECT_EQ(m.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << m;  // no JSON names
  }
  // In English, English labels.
  t.set_lang("en");
  Reply en = t.Post("/api/v1/credits/records", {{"date", "2026-03-01"}, {"hours", 2}});
  ASSERT_EQ(en.status, 400) << en.raw;
  EXPECT_EQ(Fields(en), (std::set<std::string>{"level", "form", "dimension"}));
  EXPECT_EQ(en.Message(), "Missing required field: Level");
  t.set_lang("zh-CN");
  // One missing field: one entry; an achievement needs its type, not a level.
  Reply one = t.Post("/api/v1/credits/records",
                     {{"date", "2026-03-01"}, {"level", "校本"}, {"form", "校本研修"}, {"hours", 2}});
  ASSERT_EQ(one.status, 400) << one.raw;
  EXPECT_EQ(Fields(one), (std::set<std::string>{"dimension"}));
  EXPECT_EQ(one.Message(), "缺少必填字段：维度");
  Reply ach = t.Post("/api/v1/credits/records", {{"source", "achievement"}, {"hours", 2}});
  ASSERT_EQ(ach.status, 400) << ach.raw;
  EXPECT_EQ(Fields(ach), (std::set<std::string>{"date", "achievement_type"}));
  // Other checks still name the field in Chinese.
  Reply hours = t.Post("/api/v1/credits/records", {{"date", "2026-03-01"},
                                                   {"level", "校本"},
                                                   {"form", "校本研修"},
                                                   {"dimension", "专业成长"},
                                                   {"hours", 2.25}});
  ASSERT_EQ(hours.status, 400) << hours.raw;
  EXPECT_EQ(hours.Field(), "hours");
  EXPECT_NE(hours.Message().find("学时"), std::string::npos) << hours.Message();
  EXPECT_EQ(hours.Message().find("hours"), std::string::npos) << hours.Message();
  // Hostile input: nothing written by any of these.
  Reply nul = t.Post("/api/v1/credits/records", {{"date", std::string("2026-03-01\0x", 12)}, {"level", "校本"}});
  EXPECT_EQ(nul.status, 400) << nul.raw;
  EXPECT_EQ(CountRecords(t), before);
  // Without CSRF: refused before any validation.
  Reply no_csrf = t.Send("POST", "/api/v1/credits/records", R"({"hours":2})", "application/json", false);
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.raw;
}

TEST_P(DeskDefects, OtherFormsNameTheirFieldsInChinese) {
  Client school = As("school_admin");
  Reply plan = school.Post("/api/v1/school-plans", {{"year", 2026}, {"title", "  "}, {"content", "x"}});
  if (plan.status == 400) {
    EXPECT_EQ(plan.Message().find("title"), std::string::npos) << plan.Message();
  }
  Client bureau = As("bureau_admin");
  Reply org = bureau.Post("/api/v1/orgs", {{"name", "新学校"}, {"type", "小学"}});
  ASSERT_EQ(org.status, 400) << org.raw;
  EXPECT_EQ(org.Field(), "code");
  EXPECT_EQ(org.Message(), "缺少必填字段：编号");
  Reply parentless = bureau.Post("/api/v1/orgs", {{"code", "99877"}, {"name", "新学校"}, {"type", "school"}});
  ASSERT_EQ(parentless.status, 400) << parentless.raw;
  EXPECT_EQ(parentless.Field(), "parent_id");
  EXPECT_EQ(parentless.Message(), "缺少必填字段：上级单位");
}

TEST_P(DeskDefects, RegistrationIsNotOpenedAfterItsWindowClosed) {
  Client inst = As("institution_staff"), bureau = As("bureau_admin"), expert = As("expert"),
         teacher = As("teacher");
  const std::string y = GetParam() == "sqlite" ? "2031" : "2032";
  Json body{{"code", "WIN-" + GetParam()},
            {"name", "报名已截止的项目"},
            {"level", "区县级"},
            {"form", "集中培训"},
            {"dimension", "学科教学"},
            {"start_date", y + "-05-10"},
            {"end_date", y + "-05-10"},
            {"hours", 6},
            {"capacity", 30},
            {"reg_start", "2020-01-01"},
            {"reg_end", "2020-01-31"},
            {"sessions", Json::array({{{"date", y + "-05-10"},
                                       {"start_time", "08:30"},
                                       {"end_time", "14:30"},
                                       {"hours", 6},
                                       {"course", "课程"}}})}};
  Reply c = inst.Post("/api/v1/projects", body);
  ASSERT_EQ(c.status, 201) << c.raw;
  const int64_t id = c.body["id"].get<int64_t>();
  const std::string p = "/api/v1/projects/" + std::to_string(id);
  auto move = [&](Client& who, const std::string& action) {
    return who.Post(p + "/transition", {{"action", action}});
  };
  ASSERT_EQ(move(inst, "submit").status, 200);
  const int64_t expert_id = expert.Get("/api/v1/auth/me").body["user"]["id"].get<int64_t>();
  ASSERT_EQ(bureau.Post(p + "/experts", {{"expert_ids", {expert_id}}}).status, 204);
  Json scores = Json::object();
  for (const auto& [criterion, max] : projects::DefaultRubric()) scores[criterion] = max;
  ASSERT_EQ(expert.Post(p + "/reviews", {{"scores", scores}, {"comments", "同意"}}).status, 204);
  ASSERT_EQ(move(bureau, "approve").status, 200);
  // Opening now: refused with a clear 422 naming the window; nothing changes.
  Reply open = move(inst, "open");
  EXPECT_EQ(open.status, 422) << open.raw;
  EXPECT_EQ(open.Code(), "failed_precondition");
  EXPECT_EQ(open.Field(), "reg_end");
  EXPECT_EQ(open.Message(), "报名截止日期 2020-01-31 已过，不能开放报名；请先修改报名时间");
  EXPECT_EQ(inst.Get(p).body["state"], "approved");
  inst.set_lang("en");
  EXPECT_EQ(move(inst, "open").Message(),
            "The registration window ended on 2020-01-31; set a new window before opening registration");
  inst.set_lang("zh-CN");
  // The wrong role is refused as before (a teacher does not see it to open).
  EXPECT_NE(move(teacher, "open").status, 200);
  // The window moved: it opens.
  Reply edit = inst.Patch(p, {{"reg_end", y + "-05-01"}});
  if (edit.status == 200) {
    Reply again = move(inst, "open");
    EXPECT_EQ(again.status, 200) << again.raw;
    EXPECT_EQ(inst.Get(p).body["state"], "registration_open");
  }
}

TEST_P(DeskDefects, TheSessionProbeAnswersAVisitorWithout401) {
  Client anon(b_->port);
  Reply r = anon.Get("/api/v1/auth/session");
  EXPECT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body, (Json{{"authenticated", false}}));
  // A forged or stale cookie: the same answer, no session made.
  anon.set_cookie("jj_session=0123456789abcdef0123456789abcdef");
  r = anon.Get("/api/v1/auth/session");
  EXPECT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["authenticated"], false);
  // Signed in: the same user /auth/me returns, and the CSRF token.
  Client t = As("teacher");
  Reply s = t.Get("/api/v1/auth/session");
  Reply me = t.Get("/api/v1/auth/me");
  ASSERT_EQ(s.status, 200) << s.raw;
  EXPECT_EQ(s.body["authenticated"], true);
  EXPECT_EQ(s.body["user"], me.body["user"]);
  EXPECT_EQ(s.body.value("csrf_token", ""), me.body.value("csrf_token", ""));
  // Only GET.
  EXPECT_EQ(t.Post("/api/v1/auth/session", Json::object()).status, 405);
}

TEST_P(DeskDefects, TeacherNamesSortInPinyinOrder) {
  Client sys = As("sysadmin");
  const std::string suffix = GetParam() == "sqlite" ? "1" : "2";
  Reply school = sys.Post("/api/v1/orgs", {{"code", "9988800" + suffix}, {"name", "拼音排序小学" + suffix},
                                           {"type", "school"}, {"parent_id", OrgId(demo::kCountyCode)},
                                           {"stages", {"小学"}}, {"rural", false}});
  ASSERT_EQ(school.status, 201) << school.raw;
  const int64_t org = school.body["id"].get<int64_t>();
  // By character code: 张 (U+5F20) < 李 (U+674E) < 王 (U+738B) < 阿 (U+963F).
  int seq = suffix == "1" ? 41 : 51;
  for (const char* name : {"张三", "李四", "王五", "阿明"}) {
    Reply t = sys.Post("/api/v1/teachers", {{"name", name},
                                            {"id_number", MakeIdNumber("441900", "19880808", seq++)},
                                            {"org_id", org},
                                            {"stage", "小学"},
                                            {"subject", "数学"}});
    ASSERT_EQ(t.status, 201) << t.raw;
  }
  auto names = [&](const std::string& sort) {
    Reply r = sys.Get("/api/v1/teachers?org_id=" + std::to_string(org) + "&sort=" + sort);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> out;
    for (const auto& t : r.body["items"]) out.push_back(t["name"].get<std::string>());
    return out;
  };
  EXPECT_EQ(names("name"), (std::vector<std::string>{"阿明", "李四", "王五", "张三"}));
  EXPECT_EQ(names("-name"), (std::vector<std::string>{"张三", "王五", "李四", "阿明"}));
  // A sort key outside the list is refused, naming the field in Chinese.
  Reply bad = sys.Get("/api/v1/teachers?org_id=" + std::to_string(org) + "&sort=name;DROP");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Message().find("sort"), std::string::npos) << bad.Message();
  EXPECT_NE(bad.Message().find("排序"), std::string::npos) << bad.Message();
}

INSTANTIATE_TEST_SUITE_P(Db, DeskDefects, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
