// The bureau's desk overview over HTTP: numbers of the actor's scope only,
// bureau and sys admins only, hostile years refused.
#include <gtest/gtest.h>

#include "app/demo_seed.h"
#include "harness.h"
#include "modules/accounts/accounts.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

class Desk : public Api {
 protected:
  // A bureau admin of a county of its own (one school, one teacher).
  Client OtherCounty() {
    const std::string suffix = GetParam() == "sqlite" ? "1" : "2";
    const std::string username = "desk_bureau_" + suffix;
    Client sys = As("sysadmin");
    Reply county = sys.Post("/api/v1/orgs", {{"code", "99970" + suffix}, {"name", "工作台县" + suffix},
                                             {"type", "county"}, {"parent_id", OrgId(demo::kCityCode)}});
    if (county.status == 201) {
      Reply school = sys.Post("/api/v1/orgs", {{"code", "9997000" + suffix}, {"name", "工作台县一小" + suffix},
                                               {"type", "school"}, {"parent_id", county.body["id"]},
                                               {"stages", {"小学"}}, {"rural", true}});
      EXPECT_EQ(school.status, 201) << school.raw;
      Reply t = sys.Post("/api/v1/teachers", {{"name", "工作台教师"},
                                              {"id_number", MakeIdNumber("441900", "19870707", suffix == "1" ? 71 : 73)},
                                              {"org_id", school.body["id"]},
                                              {"stage", "小学"},
                                              {"subject", "数学"}});
      EXPECT_EQ(t.status, 201) << t.raw;
      const int64_t county_id = county.body["id"].get<int64_t>();
      Status st = b_->app->db().Transact([&](db::Tx& tx) -> Status {
        accounts::NewAccount a;
        a.username = username;
        a.display_name = "工作台县管理员";
        a.role = "bureau_admin";
        a.org_id = county_id;
        return b_->app->accounts().CreateSystemAccount(tx, a, "Desk-Pass-2026", false).status();
      });
      EXPECT_TRUE(st.ok()) << st.Message("en");
    }
    Client c(b_->port);
    Reply r = c.Login(username, "Desk-Pass-2026");
    EXPECT_EQ(r.status, 200) << r.raw;
    return c;
  }
  static int64_t SchoolSum(const Json& o) {
    int64_t n = 0;
    for (const auto& s : o["schools"]) n += s["teachers"].get<int64_t>();
    return n;
  }
};

TEST_P(Desk, OverviewOfTheBureausScope) {
  Client bureau = As("bureau_admin");
  Reply r = bureau.Get("/api/v1/desk/overview");
  ASSERT_EQ(r.status, 200) << r.raw;
  const Json& o = r.body;
  EXPECT_GT(o["this_year"]["teachers"].get<int64_t>(), 1000);
  EXPECT_EQ(o["last_year"]["year"].get<int>(), o["this_year"]["year"].get<int>() - 1);
  EXPECT_EQ(SchoolSum(o), o["this_year"]["teachers"].get<int64_t>());
  EXPECT_LE(o["this_year"]["passed"].get<int64_t>(), o["this_year"]["teachers"].get<int64_t>());
  EXPECT_EQ(o["short_by_dimension"].size(), 4u);
  EXPECT_FALSE(o["projects_by_state"].empty());
  ASSERT_EQ(o["todo"].size(), 2u);
  EXPECT_EQ(o["todo"][0]["kind"], "records_to_approve");
  EXPECT_EQ(o["todo"][0]["path"], "/credits/approval");
  // Another year on request; the same shape.
  Reply y = bureau.Get("/api/v1/desk/overview?year=2020");
  ASSERT_EQ(y.status, 200) << y.raw;
  EXPECT_EQ(y.body["this_year"]["year"], 2020);
}

TEST_P(Desk, ACountyAdminSeesOnlyItsCounty) {
  Client other = OtherCounty();
  Reply mine = other.Get("/api/v1/desk/overview");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(mine.body["this_year"]["teachers"], 1);
  ASSERT_EQ(mine.body["schools"].size(), 1u);
  const std::string suffix = GetParam() == "sqlite" ? "1" : "2";
  EXPECT_EQ(mine.body["schools"][0]["school"], "工作台县一小" + suffix);
  // The demo county's admin does not see that school, nor the other its.
  Client bureau = As("bureau_admin");
  Reply demo = bureau.Get("/api/v1/desk/overview");
  ASSERT_EQ(demo.status, 200);
  for (const auto& s : demo.body["schools"]) EXPECT_NE(s["school"], "工作台县一小" + suffix);
  EXPECT_GT(demo.body["this_year"]["teachers"].get<int64_t>(), 1);
  // The system admin sees both.
  Reply all = As("sysadmin").Get("/api/v1/desk/overview");
  ASSERT_EQ(all.status, 200);
  EXPECT_GE(all.body["this_year"]["teachers"].get<int64_t>(),
            demo.body["this_year"]["teachers"].get<int64_t>() + 1);
}

TEST_P(Desk, OnlyBureauAndSysAdmins) {
  for (const char* who : {"teacher", "school_admin", "institution_staff", "expert"}) {
    Reply r = As(who).Get("/api/v1/desk/overview");
    EXPECT_EQ(r.status, 403) << who << ": " << r.raw;
    EXPECT_EQ(r.Code(), "permission_denied") << who;
  }
  Client anon(b_->port);
  EXPECT_EQ(anon.Get("/api/v1/desk/overview").status, 401);
}

TEST_P(Desk, HostileInputAndMethods) {
  Client bureau = As("bureau_admin");
  for (const char* q : {"year=abc", "year=1999", "year=99999", "year=-1", "year=2026%00", "year="}) {
    Reply r = bureau.Get(std::string("/api/v1/desk/overview?") + q);
    EXPECT_EQ(r.status, 400) << q << ": " << r.raw;
    EXPECT_EQ(r.Field(), "year") << q;
    EXPECT_EQ(r.Message().find("year"), std::string::npos) << r.Message();  // 年度, not year
  }
  // Read-only: a POST is not a route (and without a CSRF token is refused anyway).
  EXPECT_EQ(bureau.Post("/api/v1/desk/overview", Json::object()).status, 405);
  EXPECT_EQ(bureau.Send("POST", "/api/v1/desk/overview", "{}", "application/json", false).status, 405);
}

INSTANTIATE_TEST_SUITE_P(Db, Desk, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
