// List pages at scale, by behaviour: the exact ID number search, list totals
// that stop counting at a limit (and say so), and the audit table paged,
// filtered and sorted by the server.
#include <gtest/gtest.h>

#include <set>

#include "harness.h"
#include "modules/accounts/accounts.h"
#include "modules/demo/demo.h"
#include "modules/teachers/teachers.h"

namespace jj::testing {
namespace {

class Pages : public Api {
 protected:
  int YearFor(int n) { return (GetParam() == "sqlite" ? 2050 : 2060) + n; }
};

// Restores the teacher list's exact-total limit at the end of a scope.
struct TeacherLimit {
  app::App& app;
  TeacherLimit(app::App& a, int64_t n) : app(a) { app.teachers().set_exact_total_limit(n); }
  ~TeacherLimit() { app.teachers().set_exact_total_limit(teachers::kExactTotalLimit); }
};
struct AccountLimit {
  app::App& app;
  AccountLimit(app::App& a, int64_t n) : app(a) { app.accounts().set_total_limit(n); }
  ~AccountLimit() { app.accounts().set_total_limit(accounts::kAccountTotalLimit); }
};

TEST_P(Pages, ExactIdNumberSearchesTheIdNumberOnlyAndInScope) {
  Client bureau = As("bureau_admin");
  Client school = As("school_admin");
  Client other = As("school_admin_b");
  Json first = FirstTeacher(school, OrgId(demo::kSchoolACode));
  const int64_t id = first["id"].get<int64_t>();
  const std::string number = bureau.Get("/api/v1/teachers/" + std::to_string(id)).body["id_number"];
  ASSERT_EQ(number.size(), 18u);
  // A teacher whose name holds that number: a name search would find them,
  // the ID number search must not.
  Reply twin = bureau.Post("/api/v1/teachers", {{"name", number},
                                                {"id_number", MakeIdNumber("441821", "19880808",
                                                                           GetParam() == "sqlite" ? 71 : 73)},
                                                {"org_id", OrgId(demo::kSchoolACode)},
                                                {"stage", "小学"}});
  ASSERT_EQ(twin.status, 201) << twin.raw;
  Reply found = bureau.Get("/api/v1/teachers?q=" + number);
  ASSERT_EQ(found.status, 200) << found.raw;
  EXPECT_EQ(found.body["total"], 1);
  EXPECT_TRUE(found.body["total_exact"].get<bool>());
  ASSERT_EQ(found.body["items"].size(), 1u);
  EXPECT_EQ(found.body["items"][0]["id"], id);
  // A lower-case check letter is the same number.
  if (number.back() == 'X') {
    std::string lower = number;
    lower.back() = 'x';
    EXPECT_EQ(bureau.Get("/api/v1/teachers?q=" + lower).body["total"], 1);
  }
  // Not a valid ID number (check digit wrong): a name search, which finds the twin.
  std::string bad = number;
  bad[17] = bad[17] == '0' ? '1' : '0';
  if (bad != number) {
    Reply by_name = bureau.Get("/api/v1/teachers?q=" + bad.substr(0, 17));
    ASSERT_EQ(by_name.status, 200);
    EXPECT_EQ(by_name.body["total"], 1);
    EXPECT_EQ(by_name.body["items"][0]["id"], twin.body["id"]);
  }
  // Outside the actor's scope the number finds nothing.
  Reply hidden = other.Get("/api/v1/teachers?q=" + number);
  ASSERT_EQ(hidden.status, 200);
  EXPECT_EQ(hidden.body["total"], 0);
  EXPECT_TRUE(hidden.body["items"].empty());
  ASSERT_EQ(bureau.Delete("/api/v1/teachers/" + std::to_string(twin.body["id"].get<int64_t>())).status, 204);
}

TEST_P(Pages, TeacherTotalsAreExactUpToTheLimitAndSaySoAbove) {
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  Reply all = school.Get("/api/v1/teachers?page_size=200");
  ASSERT_EQ(all.status, 200);
  const int64_t n = all.body["total"].get<int64_t>();
  ASSERT_GT(n, 2);
  EXPECT_TRUE(all.body["total_exact"].get<bool>());
  EXPECT_EQ(static_cast<int64_t>(all.body["items"].size()), n);
  {
    TeacherLimit limit(*b_->app, n);  // exactly the school: still exact
    Reply at = school.Get("/api/v1/teachers?page=1");
    EXPECT_EQ(at.body["total"], n);
    EXPECT_TRUE(at.body["total_exact"].get<bool>());
    Reply county = bureau.Get("/api/v1/teachers?page=1");
    ASSERT_EQ(county.status, 200);
    EXPECT_EQ(county.body["total"], n);
    EXPECT_FALSE(county.body["total_exact"].get<bool>());
    EXPECT_EQ(county.body["items"].size(), 20u);  // the page itself is whole
  }
  {
    TeacherLimit limit(*b_->app, n - 1);
    Reply below = school.Get("/api/v1/teachers?page=1");
    EXPECT_EQ(below.body["total"], n - 1);
    EXPECT_FALSE(below.body["total_exact"].get<bool>());
  }
  EXPECT_TRUE(bureau.Get("/api/v1/teachers?page=1").body["total_exact"].get<bool>());
}

TEST_P(Pages, AccountTotalsAreExactUpToTheLimitAndSaySoAbove) {
  Client sys = As("sysadmin");
  Reply all = sys.Get("/api/v1/accounts?page=1");
  ASSERT_EQ(all.status, 200) << all.raw;
  const int64_t n = all.body["total"].get<int64_t>();
  ASSERT_GT(n, 2);
  EXPECT_TRUE(all.body["total_exact"].get<bool>());
  {
    AccountLimit limit(*b_->app, n);
    EXPECT_TRUE(sys.Get("/api/v1/accounts?page=1").body["total_exact"].get<bool>());
  }
  AccountLimit limit(*b_->app, n - 1);
  Reply above = sys.Get("/api/v1/accounts?page=1");
  EXPECT_EQ(above.body["total"], n - 1);
  EXPECT_FALSE(above.body["total_exact"].get<bool>());
}

TEST_P(Pages, AuditTableIsPagedFilteredAndSortedByTheServer) {
  Client school = As("school_admin");
  Client other = As("school_admin_b");
  const int year = YearFor(1);
  const std::string y = "/api/v1/credits/audit?year=" + std::to_string(year);
  Reply full = school.Get(y + "&page_size=500");
  ASSERT_EQ(full.status, 200) << full.raw;
  const int64_t n = full.body["total"].get<int64_t>();
  ASSERT_EQ(static_cast<int64_t>(full.body["items"].size()), n);
  ASSERT_GT(n, 12);
  EXPECT_EQ(full.body["page"], 1);
  EXPECT_EQ(full.body["page_size"], 500);
  // Two teachers exempt: 达标 with nothing still needed.
  std::vector<int64_t> exempted;
  for (size_t i = 0; i < 2; ++i) {
    const int64_t t = full.body["items"][i * 5]["teacher_id"].get<int64_t>();
    exempted.push_back(t);
    ASSERT_EQ(school.Put("/api/v1/credits/exemptions", {{"teacher_id", t}, {"year", year}, {"reason", "测试"}}).status,
              204);
  }
  // Pages of 5 cover the table once, in order (largest need first), each
  // with the same total.
  std::set<int64_t> seen;
  double prev = 1e9;
  for (int64_t page = 1; (page - 1) * 5 < n; ++page) {
    Reply p = school.Get(y + "&page_size=5&page=" + std::to_string(page));
    ASSERT_EQ(p.status, 200) << p.raw;
    EXPECT_EQ(p.body["total"], n);
    EXPECT_EQ(p.body["page"], page);
    EXPECT_LE(p.body["items"].size(), 5u);
    for (const auto& row : p.body["items"]) {
      EXPECT_TRUE(seen.insert(row["teacher_id"].get<int64_t>()).second) << row.dump();
      const double s = std::stod(row["shortfall"].get<std::string>());
      EXPECT_LE(s, prev);
      prev = s;
    }
  }
  EXPECT_EQ(static_cast<int64_t>(seen.size()), n);
  // The exempt teachers come last by need, first with sort=-needed.
  Reply least = school.Get(y + "&sort=-needed&page_size=2");
  ASSERT_EQ(least.status, 200);
  for (const auto& row : least.body["items"]) EXPECT_EQ(row["shortfall"], "0.0");
  // Filters: status, shortfall ≥, short in a dimension; totals follow.
  Reply passed = school.Get(y + "&status=" + std::string("%E8%BE%BE%E6%A0%87"));  // 达标
  ASSERT_EQ(passed.status, 200) << passed.raw;
  EXPECT_EQ(passed.body["total"], 2);
  for (const auto& row : passed.body["items"])
    EXPECT_NE(std::find(exempted.begin(), exempted.end(), row["teacher_id"].get<int64_t>()), exempted.end());
  Reply needing = school.Get(y + "&min_shortfall=0.1");
  EXPECT_EQ(needing.body["total"], n - 2);
  Reply short_dim = school.Get(y + "&dimension=%E5%AD%A6%E7%A7%91%E6%95%99%E5%AD%A6");  // 学科教学
  ASSERT_EQ(short_dim.status, 200) << short_dim.raw;
  EXPECT_EQ(short_dim.body["total"], n - 2);
  EXPECT_EQ(school.Get(y + "&min_shortfall=1000").body["total"], 0);
  // One school, in scope; another's is not found.
  Reply one = school.Get(y + "&school_id=" + std::to_string(OrgId(demo::kSchoolACode)));
  EXPECT_EQ(one.status, 200);
  Reply theirs = other.Get(y + "&school_id=" + std::to_string(OrgId(demo::kSchoolACode)));
  EXPECT_EQ(theirs.status, 404);
  EXPECT_EQ(theirs.Field(), "school_id");
  // Sorted by name.
  Reply named = school.Get(y + "&sort=name&page_size=500");
  for (size_t i = 1; i < named.body["items"].size(); ++i)
    EXPECT_LE(named.body["items"][i - 1]["name"].get<std::string>(), named.body["items"][i]["name"].get<std::string>());
  // Bad input: a 400 naming the parameter.
  for (const auto& [q, field] : std::vector<std::pair<std::string, std::string>>{{"&status=x", "status"},
                                                                              {"&sort=x", "sort"},
                                                                              {"&dimension=x", "dimension"},
                                                                              {"&min_shortfall=1.25", "min_shortfall"},
                                                                              {"&min_shortfall=-1", "min_shortfall"},
                                                                              {"&min_shortfall=abc", "min_shortfall"},
                                                                              {"&min_shortfall=99999", "min_shortfall"},
                                                                              {"&page=0", "page"},
                                                                              {"&page_size=x", "page_size"},
                                                                              {"&school_id=x", "school_id"}}) {
    Reply r = school.Get(y + q);
    EXPECT_EQ(r.status, 400) << q << " " << r.raw;
    EXPECT_EQ(r.Field(), field) << q;
  }
  // page_size is bounded: at most 500 rows a response.
  EXPECT_EQ(school.Get(y + "&page_size=100000").body["page_size"], 500);
}

INSTANTIATE_TEST_SUITE_P(Db, Pages, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
