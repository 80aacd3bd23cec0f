// School-based training plans over HTTP: the default and region deadlines
// (the nearest region wins), filing and re-filing, "late" decided in China
// time to the second, the bureau's overview of filed / late / not filed
// schools, scope on every read and write, and bad input.
#include <gtest/gtest.h>

#include "app/demo_seed.h"
#include "harness.h"
#include "modules/demo/demo.h"
#include "modules/org/org.h"

namespace jj::testing {
namespace {

class SchoolPlans : public Api {
 protected:
  void TearDown() override {
    if (b_) b_->clock->Set(saved_now_);
  }
  void SetUp() override {
    Api::SetUp();
    if (b_) saved_now_ = b_->clock->NowSeconds();
  }
  // A year of its own per test, so tests do not see each other's plans.
  static int YearFor(int n) { return 2040 + n; }
  template <typename C>
  static Reply File(C&& c, int year, const Json& body) {
    return c.Put("/api/v1/school-plans/" + std::to_string(year), body);
  }
  template <typename C>
  static Reply Overview(C&& c, int year) {
    return c.Get("/api/v1/school-plans?year=" + std::to_string(year));
  }
  // The overview's line of a school.
  static Json Line(const Reply& overview, int64_t school) {
    for (const auto& i : overview.body["items"])
      if (i["school_id"] == school) return i;
    return Json();
  }
  // Unix time of a China-time (UTC+8) moment.
  static int64_t ChinaTime(int y, int m, int d, int hh, int mm, int ss) {
    return Date{y, m, d}.DaysSinceEpoch() * 86400 + (hh - 8) * 3600 + mm * 60 + ss;
  }
  // Schools (org type school) in the subtree of an org.
  int64_t SchoolsUnder(const std::string& code) {
    int64_t n = 0;
    (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
      auto [lo, hi] = org::SubtreeRange(org::FindOrgByCode(tx, code)->path);
      db::Row r;
      tx.QueryOne("SELECT COUNT(*) FROM orgs WHERE type = 'school' AND path >= :lo AND path < :hi", {lo, hi}, r);
      n = r.Int(0);
      return Status::Ok();
    });
    return n;
  }
  int64_t saved_now_ = 0;
};

TEST_P(SchoolPlans, DeadlinesDefaultToMarch20AndTheNearestRegionWins) {
  const int year = YearFor(1);
  Client bureau = As("bureau_admin");
  Reply o = Overview(bureau, year);
  ASSERT_EQ(o.status, 200) << o.raw;
  EXPECT_EQ(o.body["deadline"], std::to_string(year) + "-03-20");
  EXPECT_EQ(o.body["items"].size(), static_cast<size_t>(SchoolsUnder(demo::kCountyCode)));
  EXPECT_EQ(o.body["counts"]["not_filed"], SchoolsUnder(demo::kCountyCode));
  EXPECT_EQ(o.body["counts"]["filed"], 0);
  for (const auto& i : o.body["items"]) {
    EXPECT_EQ(i["status"], "not_filed");
    EXPECT_TRUE(i["plan_id"].is_null());
  }

  // Only bureau and sys admins set deadlines, for a province, city or county in scope.
  const std::string path = "/api/v1/school-plans/deadline";
  EXPECT_EQ(As("school_admin").Put(path, {{"year", year}, {"deadline", "2041-04-01"}}).status, 403);
  EXPECT_EQ(As("teacher").Put(path, {{"year", year}, {"deadline", "2041-04-01"}}).status, 403);
  struct Bad {
    Json body;
    std::string field;
    int status = 400;
  };
  for (const Bad& b : std::vector<Bad>{
           {{{"deadline", "2041-04-01"}}, "year"},
           {{{"year", year}}, "deadline"},
           {{{"year", year}, {"deadline", "2041-02-30"}}, "deadline"},
           {{{"year", year}, {"deadline", "4月1日"}}, "deadline"},
           {{{"year", 1999}, {"deadline", "1999-04-01"}}, "year"},
           {{{"year", year}, {"deadline", "2041-04-01"}, {"note", "x"}}, "note"},
           {{{"year", year}, {"deadline", "2041-04-01"}, {"org_id", OrgId(demo::kSchoolACode)}}, "org_id"},
           {{{"year", year}, {"deadline", "2041-04-01"}, {"org_id", OrgId(demo::kCityCode)}}, "org_id", 404}}) {
    Reply r = bureau.Put(path, b.body);
    EXPECT_EQ(r.status, b.status) << b.body.dump() << " " << r.raw;
    EXPECT_EQ(r.Field(), b.field) << r.raw;
  }
  EXPECT_EQ(Overview(bureau, year).body["deadline"], std::to_string(year) + "-03-20");  // nothing written

  // The province sets one; the county's own wins beneath it.
  Client sys = As("sysadmin");
  Reply prov = sys.Put(path, {{"year", year}, {"deadline", std::to_string(year) + "-03-31"}});
  ASSERT_EQ(prov.status, 200) << prov.raw;
  EXPECT_EQ(prov.body["org_id"], OrgId(demo::kProvinceCode));
  EXPECT_EQ(Overview(bureau, year).body["deadline"], std::to_string(year) + "-03-31");
  ASSERT_EQ(bureau.Put(path, {{"year", year}, {"deadline", std::to_string(year) + "-04-15"}}).status, 200);
  Reply county = Overview(bureau, year);
  EXPECT_EQ(county.body["deadline"], std::to_string(year) + "-04-15");
  EXPECT_EQ(county.body["items"][0]["deadline"], std::to_string(year) + "-04-15");
  EXPECT_EQ(Overview(sys, year).body["deadline"], std::to_string(year) + "-03-31");
  // Setting it again replaces it; other years keep the default.
  ASSERT_EQ(bureau.Put(path, {{"year", year}, {"deadline", std::to_string(year) + "-04-16"}}).status, 200);
  EXPECT_EQ(Overview(bureau, year).body["deadline"], std::to_string(year) + "-04-16");
  EXPECT_EQ(Overview(bureau, year + 50).body["deadline"], std::to_string(year + 50) + "-03-20");
}

TEST_P(SchoolPlans, FilingOnTimeOrLateInChinaTimeAndRefiling) {
  const int year = YearFor(2);
  Client bureau = As("bureau_admin");
  // The deadline is today (2026-03-01 in the harness' clock).
  ASSERT_EQ(bureau.Put("/api/v1/school-plans/deadline", {{"year", year}, {"deadline", "2026-03-01"}}).status, 200);
  Client a = As("school_admin");
  Client b = As("school_admin_b");
  const int64_t school_a = OrgId(demo::kSchoolACode), school_b = OrgId(demo::kSchoolBCode);

  // 23:59:59 China time (15:59:59 UTC) is still the deadline's day.
  b_->clock->Set(ChinaTime(2026, 3, 1, 23, 59, 59));
  Reply filed =
      File(a, year, {{"title", "石角镇中心小学2040年校本培训实施方案"}, {"content", "一、指导思想\n二、培训内容"}});
  ASSERT_EQ(filed.status, 200) << filed.raw;
  EXPECT_EQ(filed.body["school_id"], school_a);
  EXPECT_EQ(filed.body["year"], year);
  EXPECT_FALSE(filed.body["late"]);
  EXPECT_EQ(filed.body["revisions"], 1);
  EXPECT_EQ(filed.body["deadline"], "2026-03-01");
  EXPECT_EQ(filed.body["filed_by"], "学校管理员A");
  EXPECT_EQ(filed.body["filed_at"], ChinaTime(2026, 3, 1, 23, 59, 59));
  // One second later (still 03-01 in UTC) it is late.
  b_->clock->Set(ChinaTime(2026, 3, 2, 0, 0, 0));
  Reply late = File(b, year, {{"title", "汤塘镇中心小学校本培训实施方案"}, {"content", "方案正文"}});
  ASSERT_EQ(late.status, 200) << late.raw;
  EXPECT_TRUE(late.body["late"]);

  Reply o = Overview(bureau, year);
  ASSERT_EQ(o.status, 200);
  EXPECT_EQ(Line(o, school_a)["status"], "filed");
  EXPECT_EQ(Line(o, school_a)["plan_id"], filed.body["id"]);
  EXPECT_EQ(Line(o, school_b)["status"], "late");
  EXPECT_EQ(o.body["counts"]["filed"], 1);
  EXPECT_EQ(o.body["counts"]["late"], 1);
  EXPECT_EQ(o.body["counts"]["not_filed"], SchoolsUnder(demo::kCountyCode) - 2);

  // Re-filing replaces the plan; filed after the deadline, it is now late.
  // (The next morning: sessions of 12 hours ago have expired, log in again.)
  b_->clock->Set(ChinaTime(2026, 3, 2, 9, 0, 0));
  for (auto [c, user] :
       {std::pair{&a, "school_admin"}, std::pair{&b, "school_admin_b"}, std::pair{&bureau, "bureau_admin"}})
    ASSERT_EQ(c->Login(user, app::kDemoPassword).status, 200);
  Reply again = File(a, year, {{"title", "石角镇中心小学校本培训实施方案（修订）"}, {"content", "修订稿"}});
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["id"], filed.body["id"]);
  EXPECT_EQ(again.body["revisions"], 2);
  EXPECT_EQ(again.body["content"], "修订稿");
  EXPECT_EQ(again.body["first_filed_at"], ChinaTime(2026, 3, 1, 23, 59, 59));
  EXPECT_TRUE(again.body["late"]);
  // A later deadline clears "late" for what was filed by then.
  ASSERT_EQ(bureau.Put("/api/v1/school-plans/deadline", {{"year", year}, {"deadline", "2026-03-02"}}).status, 200);
  Reply moved = Overview(bureau, year);
  EXPECT_EQ(Line(moved, school_a)["status"], "filed");
  EXPECT_EQ(Line(moved, school_b)["status"], "filed");
  EXPECT_EQ(moved.body["counts"]["late"], 0);

  // The bureau opens the plan; so does the township over school A; nobody else.
  const std::string plan = "/api/v1/school-plans/" + std::to_string(again.body["id"].get<int64_t>());
  Reply opened = bureau.Get(plan);
  ASSERT_EQ(opened.status, 200) << opened.raw;
  EXPECT_EQ(opened.body["title"], "石角镇中心小学校本培训实施方案（修订）");
  EXPECT_FALSE(opened.body["late"]);
  EXPECT_EQ(As("township_admin").Get(plan).status, 200);
  EXPECT_EQ(a.Get(plan).status, 200);
  EXPECT_EQ(b.Get(plan).status, 404);
  EXPECT_EQ(As("teacher").Get(plan).status, 404);
  EXPECT_EQ(As("institution_staff").Get(plan).status, 404);
  EXPECT_EQ(bureau.Get("/api/v1/school-plans/99999999").status, 404);
}

TEST_P(SchoolPlans, WhoFilesAndSeesWhatAndBadInput) {
  const int year = YearFor(3);
  Client a = As("school_admin");
  Client township = As("township_admin");
  const int64_t school_a = OrgId(demo::kSchoolACode), school_b = OrgId(demo::kSchoolBCode);
  const Json plan = {{"title", "校本培训实施方案"}, {"content", "正文"}};

  // Only school admins file, and only for a school in their scope.
  EXPECT_EQ(File(As("bureau_admin"), year, plan).status, 403);
  EXPECT_EQ(File(As("teacher"), year, plan).status, 403);
  EXPECT_EQ(File(As("institution_staff"), year, plan).status, 403);
  Json for_b = plan;
  for_b["school_id"] = school_b;
  Reply outside = File(a, year, for_b);
  EXPECT_EQ(outside.status, 404);
  EXPECT_EQ(outside.Field(), "school_id");
  // A township admin files for a school of the township, not for the township itself.
  Reply own = File(township, year, plan);
  EXPECT_EQ(own.status, 400);
  EXPECT_EQ(own.Field(), "school_id");
  Json for_a = plan;
  for_a["school_id"] = school_a;
  Reply by_township = File(township, year, for_a);
  ASSERT_EQ(by_township.status, 200) << by_township.raw;
  EXPECT_EQ(by_township.body["filed_by"], "中心校教务");

  struct Bad {
    Json body;
    std::string field;
  };
  for (const Bad& bad : std::vector<Bad>{{{{"content", "x"}}, "title"},
                                         {{{"title", "x"}}, "content"},
                                         {{{"title", "  "}, {"content", "x"}}, "title"},
                                         {{{"title", "x"}, {"content", ""}}, "content"},
                                         {{{"title", std::string(201, 'x')}, {"content", "x"}}, "title"},
                                         {{{"title", "x"}, {"content", std::string(50001, 'x')}}, "content"},
                                         {{{"title", "x"}, {"content", "x"}, {"attachment", "a.pdf"}}, "attachment"},
                                         {{{"title", 5}, {"content", "x"}}, "title"}}) {
    Reply r = File(a, year, bad.body);
    EXPECT_EQ(r.status, 400) << bad.body.dump().substr(0, 80) << " " << r.raw;
    EXPECT_EQ(r.Field(), bad.field) << r.raw;
  }
  EXPECT_EQ(File(a, 1999, plan).Field(), "year");
  EXPECT_EQ(File(a, 2101, plan).status, 400);
  EXPECT_EQ(a.Send("PUT", "/api/v1/school-plans/next", plan.dump()).status, 404);
  ASSERT_EQ(File(a, year, {{"title", "x"}, {"content", std::string(50000, 'x')}}).status, 200);  // the limit itself

  // The overview by scope: a school admin sees their school; a township its schools; a teacher nothing.
  Reply mine = Overview(a, year);
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body["items"].size(), 1u);
  EXPECT_EQ(mine.body["items"][0]["school_id"], school_a);
  EXPECT_EQ(mine.body["items"][0]["status"], "filed");
  EXPECT_EQ(mine.body["items"][0]["revisions"], 2);
  Reply town = Overview(township, year);
  ASSERT_EQ(town.status, 200);
  EXPECT_EQ(town.body["items"].size(), static_cast<size_t>(SchoolsUnder(demo::kTownshipCode)));
  EXPECT_TRUE(Line(town, school_b).is_null());
  EXPECT_EQ(Overview(As("teacher"), year).status, 403);
  EXPECT_EQ(Overview(As("institution_staff"), year).status, 403);
  EXPECT_EQ(As("school_admin").Get("/api/v1/school-plans").Field(), "year");
  EXPECT_EQ(a.Get("/api/v1/school-plans?year=abc").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Db, SchoolPlans, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace jj::testing
