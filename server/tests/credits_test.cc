// Credit records over HTTP: the approval chain, scope, the annual audit under
// the default and a region's policy, exemption, stamping, year locks, and the
// hash-chained audit log over all of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>
#include <set>

#include "app/demo_seed.h"
#include "harness.h"
#include "infra/audit_log/audit_log.h"
#include "modules/credits/audit_pack.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

class Credits : public Api {
 protected:
  int64_t TeacherId(Client& teacher) {
    return teacher.Get("/api/v1/auth/me").body["user"]["teacher_id"].get<int64_t>();
  }

  Json Declare(Client& c, const Json& body, int expect = 201) {
    Reply r = c.Post("/api/v1/credits/records", body);
    EXPECT_EQ(r.status, expect) << r.raw;
    return r.body;
  }
  Reply Act(Client& c, int64_t id, const std::string& action, const Json& body = Json::object()) {
    return c.Post("/api/v1/credits/records/" + std::to_string(id) + "/" + action, body);
  }
  Json AuditOf(Client& c, int64_t teacher, int year) {
    Reply r = c.Get("/api/v1/credits/audit/teachers/" + std::to_string(teacher) + "?year=" + std::to_string(year));
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
  // A year of its own per test and backend, so tests do not see each other's records.
  int YearFor(int n) { return (GetParam() == "sqlite" ? 2010 : 2030) + n; }
};

TEST_P(Credits, DeclareVerifyApproveAndOnlyApprovedRecordsCount) {
  Client t = As("teacher");
  Client school = As("school_admin");
  Client other = As("school_admin_b");
  Client bureau = As("bureau_admin");
  const int year = YearFor(1);
  const int64_t me = TeacherId(t);
  Json rec = Declare(t, {{"date", std::to_string(year) + "-04-10"},
                         {"project_name", "班主任工作坊"},
                         {"project_code", "QX-" + std::to_string(year)},
                         {"level", "区县级"},
                         {"form", "集中培训"},
                         {"dimension", "学生管理"},
                         {"hours", 10}});
  EXPECT_EQ(rec["state"], "declared");
  EXPECT_EQ(rec["hours"], "10.0");
  const int64_t id = rec["id"].get<int64_t>();
  // Declared: not counted yet.
  EXPECT_EQ(AuditOf(t, me, year)["total_credits"], 0.0);
  EXPECT_EQ(Act(t, id, "verify").status, 403);
  EXPECT_EQ(Act(other, id, "verify").status, 404);
  EXPECT_EQ(Act(school, id, "approve").status, 403);
  EXPECT_EQ(Act(bureau, id, "approve").status, 422);  // no skipping the school
  Reply v = Act(school, id, "verify");
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_EQ(v.body["state"], "school_verified");
  Reply a = Act(bureau, id, "approve");
  ASSERT_EQ(a.status, 200) << a.raw;
  EXPECT_EQ(a.body["state"], "approved");
  EXPECT_EQ(Act(bureau, id, "approve").status, 422);
  EXPECT_EQ(Act(bureau, id, "reject", {{"reason", "x"}}).status, 422);

  // 10 hours × 1.2 (区县级 集中培训) = 12.0 credits in 学生管理 and in the total.
  Json audit = AuditOf(t, me, year);
  EXPECT_EQ(audit["total_credits"], 12.0);
  EXPECT_EQ(audit["by_dimension"]["学生管理"], 12.0);
  EXPECT_EQ(audit["status"], "未达标");
  bool total_short = false;
  for (const auto& s : audit["shortfalls"])
    if (s["text_zh"] == "年度总学分 差 52.0 学分") total_short = true;
  EXPECT_TRUE(total_short) << audit["shortfalls"].dump();
  EXPECT_EQ(audit["policy"]["org_id"], nullptr);  // the default policy
  // Another school's admin cannot see this teacher's audit.
  EXPECT_EQ(other.Get("/api/v1/credits/audit/teachers/" + std::to_string(me) + "?year=" + std::to_string(year)).status,
            404);

  // A rejected record needs a reason and never counts.
  Json second = Declare(t, {{"date", std::to_string(year) + "-05-01"},
                            {"level", "校本"},
                            {"form", "校本研修"},
                            {"dimension", "学科教学"},
                            {"hours", 8.5}});
  EXPECT_EQ(Act(school, second["id"].get<int64_t>(), "reject").status, 400);
  Reply rej = Act(school, second["id"].get<int64_t>(), "reject", {{"reason", "证明材料不清晰"}});
  ASSERT_EQ(rej.status, 200);
  EXPECT_EQ(rej.body["reject_reason"], "证明材料不清晰");
  EXPECT_EQ(AuditOf(t, me, year)["total_credits"], 12.0);

  // Bad input: unknown level, too many decimals, unknown field.
  Declare(t, {{"date", "2025-01-01"}, {"level", "乡级"}, {"form", "集中培训"}, {"dimension", "学生管理"}, {"hours", 1}},
          400);
  Declare(t,
          {{"date", "2025-01-01"}, {"level", "校本"}, {"form", "校本研修"}, {"dimension", "学生管理"}, {"hours", 1.25}},
          400);
  Declare(t, {{"date", "2025-01-01"}, {"salary", 1}}, 400);
  // A teacher sees only their own records.
  Reply mine = t.Get("/api/v1/credits/records?year=" + std::to_string(year));
  ASSERT_EQ(mine.status, 200);
  for (const auto& r : mine.body["items"]) EXPECT_EQ(r["teacher_id"], me);
  EXPECT_EQ(mine.body["total"], 2);
}

TEST_P(Credits, SchoolTableExemptionStampAndYearLock) {
  Client t = As("teacher");
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  const int year = YearFor(2);
  const int64_t me = TeacherId(t);
  // The school admin's own declaration starts verified; the bureau approves it.
  Json rec = Declare(school, {{"teacher_id", me},
                              {"date", std::to_string(year) + "-03-01"},
                              {"level", "校本"},
                              {"form", "校本研修"},
                              {"dimension", "专业成长"},
                              {"hours", 20}});
  EXPECT_EQ(rec["state"], "school_verified");
  ASSERT_EQ(Act(bureau, rec["id"].get<int64_t>(), "approve").status, 200);

  Reply table = school.Get("/api/v1/credits/audit?year=" + std::to_string(year));
  ASSERT_EQ(table.status, 200) << table.raw;
  ASSERT_GT(table.body["items"].size(), 10u);
  // Sorted by shortfall, largest first; our teacher has the most credits in the school.
  double prev = 1e9;
  bool found = false;
  for (const auto& row : table.body["items"]) {
    double s = std::stod(row["shortfall"].get<std::string>());
    EXPECT_LE(s, prev);
    prev = s;
    if (row["teacher_id"] == me) {
      found = true;
      EXPECT_EQ(row["rank_in_school"], 1);
      EXPECT_EQ(row["total_credits"], 20.0);
    }
  }
  EXPECT_TRUE(found);

  // 未达标 cannot be stamped; the message names the shortfall.
  Reply stamp = school.Post("/api/v1/credits/stamps", {{"teacher_id", me}, {"year", year}});
  EXPECT_EQ(stamp.status, 422);
  EXPECT_NE(stamp.Message().find("差"), std::string::npos) << stamp.Message();
  // Exempt: 达标 whatever the records, with the reason; then it can be stamped.
  ASSERT_EQ(school
                .Send("PUT", "/api/v1/credits/exemptions",
                      Json{{"teacher_id", me}, {"year", year}, {"reason", "骨干教师年度考核合格"}}.dump())
                .status,
            204);
  Json audit = AuditOf(t, me, year);
  EXPECT_EQ(audit["status"], "达标");
  EXPECT_TRUE(audit["exempt"].get<bool>());
  EXPECT_EQ(audit["exempt_reason"], "骨干教师年度考核合格");
  EXPECT_EQ(school.Post("/api/v1/credits/stamps", {{"teacher_id", me}, {"year", year}}).status, 204);
  EXPECT_TRUE(AuditOf(t, me, year)["stamped"].get<bool>());
  Reply done = bureau.Get("/api/v1/credits/completion?year=" + std::to_string(year));
  ASSERT_EQ(done.status, 200);
  int64_t stamped = 0;
  for (const auto& s : done.body["items"]) stamped += s["stamped"].get<int64_t>();
  EXPECT_EQ(stamped, 1);
  // An empty reason lifts the exemption (the stamp stays); no reason at all is a 400.
  EXPECT_EQ(school.Put("/api/v1/credits/exemptions", {{"teacher_id", me}, {"year", year}}).status, 400);
  ASSERT_EQ(school.Put("/api/v1/credits/exemptions", {{"teacher_id", me}, {"year", year}, {"reason", ""}}).status, 204);
  EXPECT_FALSE(AuditOf(t, me, year)["exempt"].get<bool>());
  ASSERT_EQ(school.Put("/api/v1/credits/exemptions", {{"teacher_id", me}, {"year", year}, {"reason", "骨干教师年度考核合格"}})
                .status,
            204);

  // Lock the year: records of that year cannot change; unlocking needs a reason.
  EXPECT_EQ(school.Post("/api/v1/credits/locks", {{"year", year}, {"locked", true}}).status, 403);
  ASSERT_EQ(bureau.Post("/api/v1/credits/locks", {{"year", year}, {"locked", true}}).status, 204);
  Json blocked = Declare(t,
                         {{"date", std::to_string(year) + "-06-01"},
                          {"level", "校本"},
                          {"form", "校本研修"},
                          {"dimension", "学科教学"},
                          {"hours", 2}},
                         422);
  EXPECT_EQ(blocked["error"]["code"], "failed_precondition");
  EXPECT_TRUE(bureau.Get("/api/v1/credits/completion?year=" + std::to_string(year)).body["locked"].get<bool>());
  EXPECT_EQ(bureau.Post("/api/v1/credits/locks", {{"year", year}, {"locked", false}}).status, 400);
  ASSERT_EQ(
      bureau.Post("/api/v1/credits/locks", {{"year", year}, {"locked", false}, {"reason", "补录遗漏记录"}}).status,
      204);
  Declare(t, {{"date", std::to_string(year) + "-06-01"},
              {"level", "校本"},
              {"form", "校本研修"},
              {"dimension", "学科教学"},
              {"hours", 2}});
  EXPECT_FALSE(bureau.Get("/api/v1/credits/completion?year=" + std::to_string(year)).body["locked"].get<bool>());
}

TEST_P(Credits, RegionPolicyIsVersionedValidatedAndUsed) {
  Client t = As("teacher");
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  const int year = YearFor(3);
  const int64_t me = TeacherId(t);
  const int64_t county = OrgId(demo::kCountyCode);
  const std::string q = "/api/v1/policies?org_id=" + std::to_string(county) + "&year=" + std::to_string(year);
  Reply def = bureau.Get(q);
  ASSERT_EQ(def.status, 200) << def.raw;
  EXPECT_TRUE(def.body["inherited_default"].get<bool>());
  Json doc = def.body["policy"];
  doc["hours_per_credit"] = 10;
  EXPECT_EQ(school.Send("PUT", q, doc.dump()).status, 403);
  Json bad = doc;
  bad["hours_per_credit"] = "ten";
  Reply r = bureau.Send("PUT", q, bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Field(), "hours_per_credit");
  r = bureau.Send("PUT", q, doc.dump());
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["version"], 1);
  EXPECT_EQ(bureau.Send("PUT", q, doc.dump()).body["version"], 2);
  // The school inherits the county's policy: 20 hours are now 2.0 credits.
  Json rec = Declare(bureau, {{"teacher_id", me},
                              {"date", std::to_string(year) + "-03-01"},
                              {"level", "校本"},
                              {"form", "校本研修"},
                              {"dimension", "专业成长"},
                              {"hours", 20}});
  EXPECT_EQ(rec["state"], "approved");
  Json audit = AuditOf(t, me, year);
  EXPECT_EQ(audit["total_credits"], 2.0);
  EXPECT_EQ(audit["policy"]["org_id"], county);
  EXPECT_EQ(audit["policy"]["version"], 2);
  // Another year still uses the default.
  EXPECT_TRUE(bureau.Get("/api/v1/policies?org_id=" + std::to_string(county) + "&year=" + std::to_string(year + 1))
                  .body["inherited_default"]
                  .get<bool>());
  // Every change above is in the hash chain, and the chain is intact.
  auto v = audit_log::Verify(b_->app->db());
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->first_bad_id.has_value());
}

// Reads a sample policy document of the engine.
Json SamplePolicy(const std::string& name) {
  std::ifstream in(std::string(JJ_SOURCE_DIR) + "/server/src/modules/credits/policy/samples/" + name + ".json");
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

// S1 layered: the county extends the province; a teacher is bound by both
// layers; a province change flows down without the county saving anything;
// a province version that would break the county's extension is refused.
TEST_P(Credits, LayeredPolicyBindsBothLayersAndParentChangesFlowDown) {
  Client t = As("teacher");
  Client bureau = As("bureau_admin");
  Client admin = As("sysadmin");
  const int year = YearFor(8);
  const int64_t me = TeacherId(t);
  const int64_t county = OrgId(demo::kCountyCode), province = OrgId(demo::kProvinceCode);
  auto q = [&](int64_t org) {
    return "/api/v1/policies?org_id=" + std::to_string(org) + "&year=" + std::to_string(year);
  };
  // The province: 240 hours over a cycle ending in the audited year (its
  // education-technology lines left out: they depend on the demo teacher's age).
  Json prov = SamplePolicy("s1_provincial");
  prov["requirements"] = Json::array({prov["requirements"][0]});
  prov["requirements"][0]["period"]["start_year"] = year - 4;
  Reply r = admin.Send("PUT", q(province), prov.dump());
  ASSERT_EQ(r.status, 200) << r.raw;
  // The county stores only its extension.
  Json ext = SamplePolicy("s1_district_extends_provincial");
  r = bureau.Send("PUT", q(county), ext.dump());
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["document"]["extends"], "parent");
  ASSERT_EQ(r.body["layers"].size(), 2u);
  EXPECT_EQ(r.body["layers"][0]["code"], demo::kProvinceCode);
  EXPECT_EQ(r.body["layers"][1]["code"], demo::kCountyCode);
  EXPECT_TRUE(r.body["layers"][1]["extends"].get<bool>());
  EXPECT_EQ(r.body["policy"]["hours_per_credit"], 1);
  EXPECT_EQ(r.body["origins"]["settings"]["hours_per_credit"], 1);
  ASSERT_EQ(r.body["origins"]["requirements"].size(), 6u);
  EXPECT_EQ(r.body["origins"]["requirements"][0], (Json{{"id", "cycle_total"}, {"layer", 0}}));
  EXPECT_EQ(r.body["origins"]["requirements"][1], (Json{{"id", "total"}, {"layer", 1}}));
  // A bad extension names its own field.
  Json bad = ext;
  bad["requirements"][0]["minimum"] = 6.45;
  r = bureau.Send("PUT", q(county), bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Field(), "requirements[0].minimum");

  // 64 hours in the year: 6 + 28 + 10 school-based, 20 区县级 集中 out of region x 1.2 = 24.
  const std::string d = std::to_string(year);
  for (const auto& [dim, level, form, loc, hours] :
       std::vector<std::tuple<std::string, std::string, std::string, std::string, int>>{
           {"师德修养", "校本", "校本研修", "", 6},
           {"学科教学", "校本", "校本研修", "", 28},
           {"学生管理", "校本", "校本研修", "", 10},
           {"专业成长", "区县级", "集中培训", "区域外", 20}})
    Declare(bureau, {{"teacher_id", me}, {"date", d + "-03-01"}, {"level", level}, {"form", form},
                     {"location", loc}, {"dimension", dim}, {"hours", hours}});
  Json audit = AuditOf(t, me, year);
  EXPECT_EQ(audit["total_credits"], 68.0);  // the county's yearly layer: met
  EXPECT_EQ(audit["status"], "未达标");    // the province's cycle: 64 of 240 hours
  ASSERT_EQ(audit["shortfalls"].size(), 1u) << audit["shortfalls"].dump();
  EXPECT_EQ(audit["shortfalls"][0]["requirement"], "cycle_total");
  EXPECT_EQ(audit["shortfalls"][0]["missing"], 176.0);
  EXPECT_EQ(audit["needed_text_zh"], "176.0 学时");

  // The province lowers its cycle to 60 hours: the county's effective policy
  // follows without a new county version, and the teacher passes.
  prov["requirements"][0]["minimum"] = 60;
  r = admin.Send("PUT", q(province), prov.dump());
  ASSERT_EQ(r.status, 200) << r.raw;
  Reply eff = bureau.Get(q(county));
  ASSERT_EQ(eff.status, 200);
  EXPECT_EQ(eff.body["layers"][0]["version"], 2);
  EXPECT_EQ(eff.body["layers"][1]["version"], 1);
  EXPECT_EQ(eff.body["policy"]["requirements"][0]["minimum"], 60.0);
  audit = AuditOf(t, me, year);
  EXPECT_EQ(audit["status"], "达标") << audit["shortfalls"].dump();

  // The county overrides a province requirement's minimum...
  ext["requirements"].push_back({{"id", "cycle_total"}, {"minimum", 100}});
  r = bureau.Send("PUT", q(county), ext.dump());
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["policy"]["requirements"][0]["minimum"], 100.0);
  EXPECT_EQ(r.body["origins"]["requirements"][0]["layer"], 1);
  EXPECT_EQ(AuditOf(t, me, year)["shortfalls"][0]["missing"], 36.0);
  // ...so a province version without that requirement would break the
  // county's extension: refused, naming the county and the field.
  Json gone = prov;
  gone["requirements"].erase(0);
  r = admin.Send("PUT", q(province), gone.dump());
  EXPECT_EQ(r.status, 400) << r.raw;
  // The county's override of cycle_total would be a new, incomplete requirement.
  EXPECT_EQ(r.Field(), "requirements[5].name") << r.raw;
  EXPECT_NE(r.Message().find(demo::kCountyCode), std::string::npos) << r.Message();
  EXPECT_EQ(bureau.Get(q(county)).body["layers"][0]["version"], 2);  // nothing stored
}

// Whether a record needs a 维度 is the policy's: S2 has none.
TEST_P(Credits, DimensionRequiredFollowsThePolicyInForce) {
  Client t = As("teacher");
  Client bureau = As("bureau_admin");
  const int year = YearFor(9);
  const int64_t county = OrgId(demo::kCountyCode);
  const std::string q = "/api/v1/policies?org_id=" + std::to_string(county) + "&year=" + std::to_string(year);
  ASSERT_EQ(bureau.Send("PUT", q, SamplePolicy("s2_jiyuan").dump()).status, 200);
  // The teacher's own view of the policy (what the declare form reads).
  Reply mine = t.Get("/api/v1/policies?year=" + std::to_string(year));
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_FALSE(mine.body["dimension_required"].get<bool>());
  Reply next = t.Get("/api/v1/policies?year=" + std::to_string(year + 1));
  EXPECT_TRUE(next.body["dimension_required"].get<bool>());
  Json body = {{"date", std::to_string(year) + "-04-01"}, {"level", "校本"}, {"form", "校本研修"}, {"hours", 10}};
  Json rec = Declare(t, body);
  EXPECT_EQ(rec["dimension"], "");
  body["date"] = std::to_string(year + 1) + "-04-01";  // the default policy: 维度 required
  Json refused = Declare(t, body, 400);
  EXPECT_EQ(refused["error"]["field"], "dimension") << refused.dump();
}

// The school's table: one amount still needed per teacher, from the engine.
TEST_P(Credits, SchoolTableShowsOneNeededAmountNotASum) {
  Client school = As("school_admin");
  const int year = YearFor(10);
  Reply table = school.Get("/api/v1/credits/audit?year=" + std::to_string(year));
  ASSERT_EQ(table.status, 200) << table.raw;
  ASSERT_FALSE(table.body["items"].empty());
  for (const auto& row : table.body["items"]) {
    if (row["total_credits"] != 0.0 || row["exempt"].get<bool>()) continue;
    // No credits: 年度总学分 差 64.0 and the dimensions 6 + 28 + 10 + 20 = 64;
    // one amount, 64.0, not 128.0.
    EXPECT_EQ(row["shortfall"], "64.0") << row.dump();
    EXPECT_EQ(row["needed_text_zh"], "64.0 学分");
    EXPECT_EQ(row["needed"][0]["amount"], 64.0);
    EXPECT_EQ(row["shortfalls"].size(), 5u);
  }
}

TEST_P(Credits, HistoricalRecordsImportAsApprovedAllOrNothing) {
  Client t = As("teacher");
  Client bureau = As("bureau_admin");
  const int year = YearFor(4);
  const int64_t me = TeacherId(t);
  Reply detail = bureau.Get("/api/v1/teachers/" + std::to_string(me));
  ASSERT_EQ(detail.status, 200);
  const std::string id = detail.body["id_number"], name = detail.body["name"];
  const std::string y = std::to_string(year);
  const std::string header = "身份证号,姓名,日期,项目名称,项目编号,级别,形式,维度,地点,学时,成绩,类型,成果类别\r\n";
  std::string good = id + "," + name + "," + y + "-03-02,师德专题,SD-" + y +
                     ",区县级,集中培训,师德修养,区域内,6,合格,培训,\r\n" + id + "," + name + "," + y +
                     "/9/1,优秀论文,,,,,,,,成果,论文\r\n";
  std::string bad = good + id + ",别人," + y + "-04-01,x,,乡级,集中培训,学科教学,,2.25,,培训,\r\n" +
                    "110101199001011237,," + y + "-04-01,x,,校本,校本研修,学科教学,,2,,,\r\n";
  auto upload = [&](const std::string& file, const std::string& query) {
    Reply r = bureau.Send("POST", "/api/v1/credits/import?" + query, header + file, "text/csv");
    EXPECT_EQ(r.status, 202) << r.raw;
    return WaitJob(bureau, r.body.value("id", int64_t{0})).body;
  };
  Json job = upload(bad, "mode=insert");
  ASSERT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_FALSE(job["result"]["written"].get<bool>());
  EXPECT_EQ(job["result"]["invalid"], 2);
  std::set<std::string> columns;
  for (const auto& p : job["result"]["problems"]) columns.insert(p["column"].get<std::string>());
  EXPECT_TRUE(columns.count("姓名") && columns.count("学时") && columns.count("身份证号")) << job["result"].dump();
  EXPECT_EQ(AuditOf(t, me, year)["total_credits"], 0.0);
  job = upload(good, "mode=insert");
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  EXPECT_EQ(job["result"]["inserted"], 2);
  // 6 h × 1.2 = 7.2 in 师德修养, plus one achievement (1.0) in the total only.
  Json audit = AuditOf(t, me, year);
  EXPECT_EQ(audit["total_credits"], 8.2);
  EXPECT_EQ(audit["by_dimension"]["师德修养"], 7.2);
  EXPECT_EQ(audit["achievement_credits"], 1.0);
  Client school = As("school_admin");
  EXPECT_EQ(school.Send("POST", "/api/v1/credits/import?mode=insert", header + good, "text/csv").status, 403);
}

// The school table streams every teacher's records in one pass; each row must
// be what that teacher's own audit says, whatever the mix: no records,
// records in another year, a failed grade, the same project twice on one day.
TEST_P(Credits, SchoolTableAgreesWithEachTeachersOwnAudit) {
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  const int year = YearFor(5);
  const std::string y = std::to_string(year), prev = std::to_string(year - 1);
  Reply before = school.Get("/api/v1/credits/audit?year=" + y);
  ASSERT_EQ(before.status, 200) << before.raw;
  ASSERT_GE(before.body["items"].size(), 6u);
  std::vector<int64_t> ids;
  for (const auto& row : before.body["items"]) ids.push_back(row["teacher_id"].get<int64_t>());
  std::sort(ids.begin(), ids.end());
  std::string csv = "身份证号,姓名,日期,项目名称,项目编号,级别,形式,维度,地点,学时,成绩,类型,成果类别\r\n";
  for (size_t k = 0; k < 5; ++k) {  // every other teacher of the school has no records this year
    Json t = bureau.Get("/api/v1/teachers/" + std::to_string(ids[k * 2 % ids.size()])).body;
    const std::string who = t["id_number"].get<std::string>() + "," + t["name"].get<std::string>() + ",";
    const std::string hours = std::to_string(10 + 7 * k);
    csv += who + y + "-05-01,A,P-" + y + "-" + std::to_string(k) + ",区县级,集中培训,学科教学,区域内," + hours +
           ",合格,培训,\r\n";
    csv += who + y + "-05-01,A,P-" + y + "-" + std::to_string(k) + ",区县级,集中培训,学科教学,区域内,40,合格,培训,\r\n";
    csv += who + y + "-06-01,B,,市培,网络研修,师德修养,区域外," + hours + ",良好,培训,\r\n";
    csv += who + y + "-07-01,C,,校本,校本研修,学生管理,," + hours + ",不合格,培训,\r\n";
    csv += who + prev + "-07-01,D,,校本,校本研修,专业成长,,30,,培训,\r\n";
    if (k % 2) csv += who + y + "/9/1,论文,,,,,,,,成果,论文\r\n";
  }
  Reply r = bureau.Send("POST", "/api/v1/credits/import?mode=insert", csv, "text/csv");
  ASSERT_EQ(r.status, 202) << r.raw;
  Json job = WaitJob(bureau, r.body.value("id", int64_t{0})).body;
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  // The import wrote the audit packs the table reads.
  int packed = 0;
  ASSERT_TRUE(b_->app->db()
                  .Read([&](db::Tx& tx) -> Status {
                    for (size_t k = 0; k < 5; ++k) {
                      db::Row row;
                      packed += tx.QueryOne("SELECT 1 FROM credit_audit_packs WHERE teacher_id = :t",
                                            {ids[k * 2 % ids.size()]}, row);
                    }
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(packed, 5);

  Reply table = school.Get("/api/v1/credits/audit?year=" + y);
  ASSERT_EQ(table.status, 200) << table.raw;
  ASSERT_EQ(table.body["items"].size(), ids.size());
  int with_credits = 0;
  for (const auto& row : table.body["items"]) {
    Json own = AuditOf(school, row["teacher_id"].get<int64_t>(), year);
    SCOPED_TRACE(row.dump());
    EXPECT_EQ(row["total_credits"], own["total_credits"]);
    EXPECT_EQ(row["by_dimension"], own["by_dimension"]);
    EXPECT_EQ(row["achievement_credits"], own["achievement_credits"]);
    EXPECT_EQ(row["status"], own["status"]);
    EXPECT_EQ(row["shortfalls"], own["shortfalls"]);
    if (row["total_credits"].get<double>() > 0) ++with_credits;
  }
  EXPECT_EQ(with_credits, 5);
  // The first teacher: the first of the two same-day records of P-…-0 counts
  // (10 h × 1.2 = 12.0), plus 10 online hours × 0.7 = 7.0; the failed grade
  // and last year's record do not count in the year.
  Json first = AuditOf(school, ids[0], year);
  EXPECT_EQ(first["by_dimension"]["学科教学"], 12.0);
  EXPECT_EQ(first["total_credits"], 19.0);
}

// The school table reads each teacher's audit pack (audit_pack.h); a pack is
// written with every change through the server and disappears with any
// change behind its back, so the table never shows stale credits.
TEST_P(Credits, AuditPacksFollowEveryChangeOfTheRecords) {
  Client t = As("teacher");
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  const int year = YearFor(6);
  const int64_t me = TeacherId(t);
  auto& db = b_->app->db();
  auto pack_of = [&](int64_t teacher) {  // (school, pack), if the teacher has one
    std::optional<std::pair<int64_t, std::string>> pack;
    EXPECT_TRUE(db.Read([&](db::Tx& tx) -> Status {
                    db::Row r;
                    if (tx.QueryOne("SELECT org_id, pack FROM credit_audit_packs WHERE teacher_id = :t", {teacher}, r))
                      pack.emplace(r.Int(0), r.Str(1));
                    return Status::Ok();
                  }).ok());
    return pack;
  };
  auto table_row = [&]() {
    Reply table = school.Get("/api/v1/credits/audit?year=" + std::to_string(year));
    EXPECT_EQ(table.status, 200) << table.raw;
    for (const auto& row : table.body["items"])
      if (row["teacher_id"] == me) return row;
    ADD_FAILURE() << "teacher " << me << " missing from the school table";
    return Json();
  };
  Json rec = Declare(t, {{"date", std::to_string(year) + "-03-01"},
                         {"project_code", "PK-" + std::to_string(year)},
                         {"level", "区县级"},
                         {"form", "集中培训"},
                         {"dimension", "学生管理"},
                         {"hours", 10}});
  const int64_t id = rec["id"].get<int64_t>();
  ASSERT_EQ(Act(school, id, "verify").status, 200);
  const auto before_approval = pack_of(me);
  ASSERT_TRUE(before_approval.has_value());  // written with each change, approved records or not
  ASSERT_EQ(Act(bureau, id, "approve").status, 200);
  const auto approved = pack_of(me);
  ASSERT_TRUE(approved.has_value());
  EXPECT_NE(*approved, *before_approval);  // now it holds the record
  EXPECT_EQ(table_row()["by_dimension"]["学生管理"], 12.0);

  // Someone with database access doubles the hours: the pack goes with the
  // change, and the table reads the records themselves.
  ASSERT_TRUE(db.Transact([&](db::Tx& tx) -> Status {
                  tx.Exec("UPDATE credit_records SET hours_tenths = 200 WHERE id = :id", {id});
                  return Status::Ok();
                }).ok());
  EXPECT_FALSE(pack_of(me).has_value());
  // The schools' tables kept between requests follow the audit log
  // (audit_cache.h): a change nobody logged shows once they are dropped.
  EXPECT_EQ(table_row()["by_dimension"]["学生管理"], 12.0);
  b_->app->credits().ForgetAuditTables();
  EXPECT_EQ(table_row()["by_dimension"]["学生管理"], 24.0);
  EXPECT_EQ(table_row()["total_credits"], AuditOf(school, me, year)["total_credits"]);

  // The next change through the server writes the pack again, from the records.
  Json second = Declare(school, {{"teacher_id", me},
                                 {"date", std::to_string(year) + "-04-01"},
                                 {"level", "校本"},
                                 {"form", "校本研修"},
                                 {"dimension", "学科教学"},
                                 {"hours", 5}});
  ASSERT_EQ(Act(bureau, second["id"].get<int64_t>(), "approve").status, 200);
  ASSERT_TRUE(pack_of(me).has_value());
  Json row = table_row();
  EXPECT_EQ(row["by_dimension"]["学生管理"], 24.0);
  EXPECT_EQ(row["by_dimension"]["学科教学"], 5.0);
  EXPECT_EQ(row["total_credits"], AuditOf(school, me, year)["total_credits"]);

  // The pack row carries the teacher's facts: a change of the teacher is
  // copied into it, a move to another school takes it along.
  const std::string name = row["name"].get<std::string>();
  auto run = [&](const std::string& sql, const db::Params& params) {
    ASSERT_TRUE(db.Transact([&](db::Tx& tx) -> Status {
                    tx.Exec(sql, params);
                    return Status::Ok();
                  }).ok());
    b_->app->credits().ForgetAuditTables();  // not logged: see above
  };
  run("UPDATE teachers SET name = :n WHERE id = :t", {std::string("改名测试"), me});
  EXPECT_EQ(table_row()["name"], "改名测试");
  ASSERT_TRUE(pack_of(me).has_value());
  int64_t home = 0, other = 0;
  ASSERT_TRUE(db.Read([&](db::Tx& tx) -> Status {
                  db::Row r;
                  tx.QueryOne("SELECT org_id FROM teachers WHERE id = :t", {me}, r);
                  home = r.Int(0);
                  tx.QueryOne("SELECT id FROM orgs WHERE type = 'school' AND id <> :h ORDER BY id LIMIT 1", {home}, r);
                  other = r.Int(0);
                  return Status::Ok();
                }).ok());
  ASSERT_GT(other, 0);
  auto pack_org = [&] { return pack_of(me).value_or(std::make_pair(int64_t{0}, std::string())).first; };
  run("UPDATE teachers SET org_id = :o WHERE id = :t", {other, me});
  EXPECT_EQ(pack_org(), other);
  Reply moved = school.Get("/api/v1/credits/audit?year=" + std::to_string(year));
  ASSERT_EQ(moved.status, 200);
  for (const auto& r : moved.body["items"]) EXPECT_NE(r["teacher_id"], me);
  run("UPDATE teachers SET org_id = :o, name = :n WHERE id = :t", {home, name, me});  // as it was, for later tests
  EXPECT_EQ(pack_org(), home);
  EXPECT_EQ(table_row()["name"], name);
}

// A database that held records before the packs existed gets them written
// once, by the background job App::Open queues (serve listens meanwhile and
// the audit reads records), and the task is then gone.
TEST_P(Credits, PendingAuditPacksAreWrittenOnce) {
  Client t = As("teacher");
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  const int year = YearFor(7);
  const int64_t me = TeacherId(t);
  Json rec = Declare(school, {{"teacher_id", me},
                              {"date", std::to_string(year) + "-03-01"},
                              {"level", "校本"},
                              {"form", "校本研修"},
                              {"dimension", "学科教学"},
                              {"hours", 4}});
  ASSERT_EQ(Act(bureau, rec["id"].get<int64_t>(), "approve").status, 200);
  auto& db = b_->app->db();
  auto count = [&](const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db.Read([&](db::Tx& tx) -> Status {
                    db::Row r;
                    tx.QueryOne(sql, {}, r);
                    n = r.Int(0);
                    return Status::Ok();
                  }).ok());
    return n;
  };
  const std::string with_records = "SELECT COUNT(DISTINCT teacher_id) FROM credit_records WHERE state = 'approved'";
  const int64_t teachers = count(with_records);
  ASSERT_GT(teachers, 0);
  // As migration 0010 leaves a database with records: no packs, the task pending.
  ASSERT_TRUE(db.Transact([&](db::Tx& tx) -> Status {
                  tx.Exec("DELETE FROM credit_audit_packs");
                  tx.Exec("INSERT INTO pending_maintenance (task) VALUES ('credit_audit_packs')");
                  return Status::Ok();
                }).ok());
  // Meanwhile the school table answers from the records.
  Reply before = school.Get("/api/v1/credits/audit?year=" + std::to_string(year));
  ASSERT_EQ(before.status, 200);
  int matched = 0;
  for (const auto& row : before.body["items"])
    if (row["teacher_id"] == me) {
      ++matched;
      EXPECT_EQ(row["total_credits"], AuditOf(school, me, year)["total_credits"]);
    }
  EXPECT_EQ(matched, 1);
  // Queued once, however many processes start.
  auto job = b_->app->jobs().EnqueueOnce(credits::kAuditPacksJob, "{}");
  ASSERT_TRUE(job.ok());
  auto same = b_->app->jobs().EnqueueOnce(credits::kAuditPacksJob, "{}");
  ASSERT_TRUE(same.ok());
  auto done = b_->app->jobs().RunToEnd(*job);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, "succeeded") << done->error_json;
  EXPECT_EQ(Json::parse(done->result_json).value("teachers", int64_t{-1}), teachers);
  EXPECT_EQ(done->done, teachers);
  if (*same != *job) {  // the first had already been claimed and finished when the second asked
    auto second = b_->app->jobs().RunToEnd(*same);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(Json::parse(second->result_json).value("teachers", int64_t{-1}), 0);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM credit_audit_packs"), teachers);
  EXPECT_EQ(count("SELECT COUNT(*) FROM pending_maintenance"), 0);
  auto again = credits::WritePendingAuditPacks(db);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  // The school table reads the new packs and agrees with the teacher's own audit.
  Reply table = school.Get("/api/v1/credits/audit?year=" + std::to_string(year));
  ASSERT_EQ(table.status, 200);
  bool found = false;
  for (const auto& row : table.body["items"])
    if (row["teacher_id"] == me) {
      found = true;
      EXPECT_EQ(row["total_credits"], AuditOf(school, me, year)["total_credits"]);
      EXPECT_EQ(row["by_dimension"]["学科教学"], 4.0);
    }
  EXPECT_TRUE(found);
}

TEST_P(Credits, VerifyLogDetectsAnEditBehindTheServersBack) {
  Client t = As("teacher");
  Client school = As("school_admin");
  const int year = YearFor(5);
  Json rec = Declare(t, {{"date", std::to_string(year) + "-02-01"},
                         {"level", "校本"},
                         {"form", "校本研修"},
                         {"dimension", "学科教学"},
                         {"hours", 3}});
  ASSERT_EQ(Act(school, rec["id"].get<int64_t>(), "verify").status, 200);
  auto& db = b_->app->db();
  int64_t entry = 0;
  std::string original;
  ASSERT_TRUE(db.Read([&](db::Tx& tx) -> Status {
                  db::Row r;
                  tx.QueryOne(
                      "SELECT id, after_json FROM audit_log WHERE action = 'credit.verify' ORDER BY id DESC LIMIT 1",
                      {}, r);
                  entry = r.Int(0);
                  original = r.Str(1);
                  return Status::Ok();
                }).ok());
  ASSERT_GT(entry, 0);
  auto v = audit_log::Verify(db);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->first_bad_id.has_value());
  // Someone with database access makes the verification say 30 hours.
  std::string forged = original;
  forged.replace(forged.find("\"hours_tenths\":30"), 18, "\"hours_tenths\":300");
  ASSERT_TRUE(db.Transact([&](db::Tx& tx) -> Status {
                  tx.Exec("UPDATE audit_log SET after_json = :j WHERE id = :id", {forged, entry});
                  return Status::Ok();
                }).ok());
  v = audit_log::Verify(db);
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->first_bad_id.has_value());
  EXPECT_EQ(*v->first_bad_id, entry);
  // Put it back (the backend is shared with later tests): intact again.
  ASSERT_TRUE(db.Transact([&](db::Tx& tx) -> Status {
                  tx.Exec("UPDATE audit_log SET after_json = :j WHERE id = :id", {original, entry});
                  return Status::Ok();
                }).ok());
  v = audit_log::Verify(db);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->first_bad_id.has_value());
}

TEST_P(Credits, EvidenceIsAPdfOrImageCheckedByItsBytesAndScoped) {
  Client t = As("teacher");
  Client school = As("school_admin");
  Client other = As("school_admin_b");
  const int year = YearFor(6);
  Json rec = Declare(t, {{"date", std::to_string(year) + "-05-01"},
                         {"source", "achievement"},
                         {"achievement_type", "论文"},
                         {"project_name", "教学论文"}});
  const std::string base = "/api/v1/credits/records/" + std::to_string(rec["id"].get<int64_t>()) + "/evidence";
  const std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  Reply up = t.Send("POST", base + "?name=%E8%AE%BA%E6%96%87.pdf", pdf, "application/pdf");  // 论文.pdf
  ASSERT_EQ(up.status, 201) << up.raw;
  EXPECT_EQ(up.body["content_type"], "application/pdf");
  EXPECT_EQ(up.body["name"], "论文.pdf");
  // Not a PDF or image, whatever its name says; nothing stored.
  Reply exe = t.Send("POST", base + "?name=x.pdf", std::string("MZ\x90\x00 not a pdf", 15), "application/pdf");
  EXPECT_EQ(exe.status, 400);
  EXPECT_NE(exe.Message().find("PDF"), std::string::npos);
  EXPECT_EQ(t.Send("POST", base, "", "application/pdf").status, 400);
  EXPECT_EQ(t.Send("POST", base, "%PDF-" + std::string(11 * 1024 * 1024, 'x'), "application/pdf").status, 413);
  Reply list = school.Get(base);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  Reply file = school.Get(base + "/" + std::to_string(list.body["items"][0]["id"].get<int64_t>()));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.raw, pdf);
  EXPECT_EQ(other.Get(base).status, 404);
  EXPECT_EQ(other.Send("POST", base, pdf, "application/pdf").status, 404);
  // Once the school has verified it, the teacher can no longer add material.
  ASSERT_EQ(Act(school, rec["id"].get<int64_t>(), "verify").status, 200);
  EXPECT_EQ(t.Send("POST", base, pdf, "application/pdf").status, 422);
  EXPECT_EQ(school.Send("POST", base, "\x89PNG\r\n\x1a\nrest", "image/png").status, 201);
}

// 专题标签 come in with imported history (separated by 、 or ;), are bounded,
// show on the records, and feed a requirement that counts a topic (S1's
// 教育技术能力培训 in hours).
TEST_P(Credits, ImportedTopicTagsCountTowardATopicRequirement) {
  Client t = As("teacher");
  Client bureau = As("bureau_admin");
  const int year = YearFor(7);
  const std::string y = std::to_string(year);
  const int64_t me = TeacherId(t);
  const std::string q = "/api/v1/policies?org_id=" + std::to_string(OrgId(demo::kCountyCode)) + "&year=" + y;
  Json doc = bureau.Get(q).body["policy"];
  doc["requirements"].push_back({{"id", "edtech"},
                                 {"name", "教育技术能力培训"},
                                 {"applies_to", "all"},
                                 {"period", {{"kind", "year"}}},
                                 {"counts", {{"topic_tags", {"教育技术"}}}},
                                 {"measure", "hours"},
                                 {"minimum", 10}});
  ASSERT_EQ(bureau.Send("PUT", q, doc.dump()).status, 200);
  Json teacher = bureau.Get("/api/v1/teachers/" + std::to_string(me)).body;
  const std::string who = teacher["id_number"].get<std::string>() + "," + teacher["name"].get<std::string>() + ",";
  const std::string header = "身份证号,姓名,日期,项目名称,级别,形式,维度,学时,专题标签\r\n";
  auto import = [&](const std::string& rows) {
    Reply r = bureau.Send("POST", "/api/v1/credits/import?mode=insert", header + rows, "text/csv");
    EXPECT_EQ(r.status, 202) << r.raw;
    return WaitJob(bureau, r.body.value("id", int64_t{0})).body["result"];
  };
  auto edtech = [&]() {
    Json audit = AuditOf(t, me, year);
    for (const auto& q : audit["requirements"])
      if (q["id"] == "edtech") return q;
    ADD_FAILURE() << audit.dump();
    return Json();
  };
  // Eleven tags, a 21-character tag: the whole file is refused, by row and column.
  std::string many;
  for (int i = 0; i < 11; ++i) many += (i ? "、" : "") + std::string("标签") + std::to_string(i);
  std::string ok_row = who + y + "-03-01,信息技术应用,区县级,集中培训,专业成长,8,教育技术;信息化\r\n";
  Json bad = import(ok_row + who + y + "-03-02,B,区县级,集中培训,专业成长,2," + many + "\r\n" + who + y +
                    "-03-03,C,区县级,集中培训,专业成长,2,一二三四五六七八九十一二三四五六七八九十一\r\n");  // 21 characters
  EXPECT_FALSE(bad["written"].get<bool>()) << bad.dump();
  EXPECT_EQ(bad["invalid"], 2);
  for (const auto& p : bad["problems"]) EXPECT_EQ(p["column"], "专题标签") << p.dump();
  EXPECT_EQ(edtech()["actual"], 0.0);
  // 8 hours tagged 教育技术 of 10 required: not met; 2 more make it.
  Json good = import(ok_row + who + y + "-04-01,师德讲座,区县级,集中培训,师德修养,4,师德\r\n");
  ASSERT_TRUE(good["written"].get<bool>()) << good.dump();
  EXPECT_EQ(edtech()["actual"], 8.0);
  EXPECT_FALSE(edtech()["met"].get<bool>());
  Reply mine = t.Get("/api/v1/credits/records?year=" + y);
  ASSERT_EQ(mine.status, 200);
  std::set<std::string> tags;
  for (const auto& r : mine.body["items"])
    for (const auto& tag : r["topic_tags"]) tags.insert(tag.get<std::string>());
  EXPECT_EQ(tags, (std::set<std::string>{"教育技术", "信息化", "师德"}));
  ASSERT_TRUE(import(who + y + "-05-01,微课制作, 区县级,集中培训,专业成长,2, 教育技术 \r\n")["written"].get<bool>());
  EXPECT_EQ(edtech()["actual"], 10.0);
  EXPECT_TRUE(edtech()["met"].get<bool>());
  // Declaring takes the same rule.
  Reply r = t.Post("/api/v1/credits/records", {{"date", y + "-06-01"},
                                              {"level", "校本"},
                                              {"form", "校本研修"},
                                              {"dimension", "专业成长"},
                                              {"hours", 2},
                                              {"topic_tags", {"教育技术", "教育技术"}}});
  EXPECT_EQ(r.status, 400) << r.raw;
  EXPECT_EQ(r.Field(), "topic_tags[1]");
}

// The import templates are the import's own columns with sample rows that
// pass it; bureau admins only; the format is checked. The samples name the
// roster template's sample teacher; here a registered teacher stands in for
// them (the roster template's own test imports that teacher into this
// shared database).
TEST_P(Credits, ImportTemplatesPassTheirImport) {
  Client t = As("teacher");
  Client bureau = As("bureau_admin");
  Client school = As("school_admin");
  Json teacher = bureau.Get("/api/v1/teachers/" + std::to_string(TeacherId(t))).body;
  Reply roster = bureau.Get("/api/v1/teachers/import/template?format=csv");
  ASSERT_EQ(roster.status, 200);
  ASSERT_NE(roster.raw.find("张三,44182119900307139X"), std::string::npos) << roster.raw;  // the same person
  for (const std::string path : {"/api/v1/credits/import", "/api/v1/credits/exemptions/import"}) {
    SCOPED_TRACE(path);
    Reply csv = bureau.Get(path + "/template?format=csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(bureau.Get(path + "/template?format=xlsx").raw.substr(0, 2), "PK");
    EXPECT_EQ(bureau.Get(path + "/template?format=exe").status, 400);
    EXPECT_EQ(school.Get(path + "/template?format=csv").status, 403);
    std::string file = csv.raw;
    const std::string sample = "44182119900307139X,张三";
    size_t rows = 0;
    for (size_t at = file.find(sample); at != std::string::npos; at = file.find(sample, at), ++rows)
      file.replace(at, sample.size(), teacher["id_number"].get<std::string>() + "," + teacher["name"].get<std::string>());
    EXPECT_GE(rows, 1u);
    Reply r = bureau.Send("POST", path + "?mode=dry-run", file, "text/csv");
    ASSERT_EQ(r.status, 202) << r.raw;
    Json result = WaitJob(bureau, r.body.value("id", int64_t{0})).body["result"];
    EXPECT_EQ(result["invalid"], 0) << result.dump();
    EXPECT_EQ(result["valid"].get<size_t>(), rows);
    EXPECT_TRUE(result["unknown_columns"].empty()) << result.dump();
    EXPECT_FALSE(result["written"].get<bool>());
  }
}

// 免审 lists migrate from a spreadsheet: every row checked, all or nothing,
// a repeated import changes nothing, and a school admin cannot.
TEST_P(Credits, ExemptionsImportAllOrNothing) {
  Client t = As("teacher");
  Client bureau = As("bureau_admin");
  Client school = As("school_admin");
  const int year = YearFor(8);
  const std::string y = std::to_string(year);
  const int64_t me = TeacherId(t);
  Json teacher = bureau.Get("/api/v1/teachers/" + std::to_string(me)).body;
  const std::string who = teacher["id_number"].get<std::string>() + "," + teacher["name"].get<std::string>() + ",";
  const std::string header = "身份证号,姓名,年度,原因\r\n";
  auto import = [&](const std::string& rows, const std::string& mode = "insert") {
    Reply r = bureau.Send("POST", "/api/v1/credits/exemptions/import?mode=" + mode, header + rows, "text/csv");
    EXPECT_EQ(r.status, 202) << r.raw;
    return WaitJob(bureau, r.body.value("id", int64_t{0})).body["result"];
  };
  const std::string good = who + y + ",骨干教师年度考核合格\r\n";
  Json bad = import(good + who + y + ",重复\r\n" + who + "20x1,原因\r\n" + who + y + ",\r\n" +
                    "110101199001011237,," + y + ",原因\r\n" + teacher["id_number"].get<std::string>() + ",别人," +
                    std::to_string(year - 1) + ",原因\r\n");
  EXPECT_FALSE(bad["written"].get<bool>());
  EXPECT_EQ(bad["invalid"], 5) << bad.dump();
  std::set<std::string> columns;
  for (const auto& p : bad["problems"]) columns.insert(p["column"].get<std::string>());
  EXPECT_EQ(columns, (std::set<std::string>{"年度", "原因", "身份证号", "姓名"})) << bad.dump();
  EXPECT_FALSE(AuditOf(t, me, year)["exempt"].get<bool>());
  Json dry = import(good, "dry-run");
  EXPECT_EQ(dry["inserted"], 1);
  EXPECT_FALSE(AuditOf(t, me, year)["exempt"].get<bool>());
  Json done = import(good);
  ASSERT_TRUE(done["written"].get<bool>()) << done.dump();
  EXPECT_EQ(done["inserted"], 1);
  Json audit = AuditOf(t, me, year);
  EXPECT_TRUE(audit["exempt"].get<bool>());
  EXPECT_EQ(audit["exempt_reason"], "骨干教师年度考核合格");
  EXPECT_EQ(import(good)["unchanged"], 1);
  EXPECT_EQ(import(who + y + ",市级骨干教师考核合格\r\n")["updated"], 1);
  EXPECT_EQ(AuditOf(t, me, year)["exempt_reason"], "市级骨干教师考核合格");
  EXPECT_EQ(school.Send("POST", "/api/v1/credits/exemptions/import?mode=insert", header + good, "text/csv").status,
            403);
  auto v = audit_log::Verify(b_->app->db());
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->first_bad_id.has_value());
}

INSTANTIATE_TEST_SUITE_P(Db, Credits, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
