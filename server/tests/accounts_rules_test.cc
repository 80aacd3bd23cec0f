// The accounts module's rules over HTTP, on both databases: which roles an
// actor may create at which org types (every pair), one teacher one account,
// the teacher binding only on a teacher account, password change ending the
// other sessions, the old password throttled like a login, and throttling by
// account and client address so nobody elsewhere can lock an account out.

#include <string>
#include <vector>

#include "app/demo_seed.h"
#include "harness.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

class AccountRules : public Api {
 protected:
  // A fresh bureau admin with a known password (no change pending).
  std::string FreshAdmin(const std::string& tag) {
    Client sys = As("sysadmin");
    const std::string username = tag + "_" + GetParam();
    Reply r = sys.Post("/api/v1/accounts", {{"username", username},
                                             {"display_name", "测试管理员"},
                                             {"role", "bureau_admin"},
                                             {"org_id", OrgId(demo::kCountyCode)}});
    EXPECT_EQ(r.status, 201) << r.raw;
    Client c(b_->port);
    EXPECT_EQ(c.Login(username, r.body["initial_password"]).status, 200);
    EXPECT_EQ(c.Post("/api/v1/auth/password",
                     {{"old_password", r.body["initial_password"]}, {"new_password", "Strong-Pass-2026"}})
                  .status,
              204);
    return username;
  }
  static constexpr const char* kPassword = "Strong-Pass-2026";
};

// Every (actor, role, org) pair, with the answer written out by hand:
// 201 created, 400 role above the actor's own or wrong org type for the role,
// 403 a role the actor may not grant, 404 an org outside the actor's scope.
TEST_P(AccountRules, WhoMayCreateWhichRoleWhere) {
  const std::vector<std::string> roles = {"sys_admin", "bureau_admin", "institution_staff", "school_admin", "expert"};
  const std::vector<std::string> orgs = {demo::kCountyCode, demo::kBureauCode, demo::kInstitutionCode,
                                         demo::kTownshipCode, demo::kSchoolACode};
  struct Row {
    const char* actor;
    // [role][org]: county, bureau, institution, township, school A
    int expect[5][5];
  };
  const Row rows[] = {
      {"sysadmin",
       {{201, 201, 400, 400, 400},    // sys_admin
        {201, 201, 400, 400, 400},    // bureau_admin
        {400, 400, 201, 400, 400},    // institution_staff
        {400, 400, 400, 201, 201},    // school_admin
        {201, 201, 201, 400, 400}}},  // expert
      {"bureau_admin",
       {{400, 400, 400, 400, 400},
        {201, 201, 400, 400, 400},
        {400, 400, 201, 400, 400},
        {400, 400, 400, 201, 201},
        {201, 201, 201, 400, 400}}},
      {"school_admin",
       {{400, 400, 400, 400, 400},
        {400, 400, 400, 400, 400},
        {404, 404, 404, 404, 403},
        {404, 404, 404, 404, 201},
        {404, 404, 404, 404, 403}}},
      {"township_admin",
       {{400, 400, 400, 400, 400},
        {400, 400, 400, 400, 400},
        {404, 404, 404, 403, 403},
        {404, 404, 404, 201, 201},
        {404, 404, 404, 403, 403}}},
  };
  int n = 0;
  for (const Row& row : rows) {
    Client c = As(row.actor);
    for (size_t r = 0; r < roles.size(); ++r) {
      for (size_t o = 0; o < orgs.size(); ++o) {
        const std::string username = "g" + std::to_string(n++) + "_" + GetParam();
        Reply got = c.Post("/api/v1/accounts", {{"username", username},
                                                {"display_name", "授权测试"},
                                                {"role", roles[r]},
                                                {"org_id", OrgId(orgs[o])}});
        EXPECT_EQ(got.status, row.expect[r][o])
            << row.actor << " creates " << roles[r] << " at " << orgs[o] << ": " << got.raw.substr(0, 200);
        if (got.status == 403) {
          EXPECT_EQ(got.Field(), "role");
        }
      }
    }
  }
  // An account a school admin could not create cannot be made by PATCH either.
  Client school = As("school_admin");
  Reply mine = school.Post("/api/v1/accounts", {{"username", "gp_" + GetParam()},
                                                {"display_name", "教务"},
                                                {"role", "school_admin"},
                                                {"org_id", OrgId(demo::kSchoolACode)}});
  ASSERT_EQ(mine.status, 201) << mine.raw;
  const std::string path = "/api/v1/accounts/" + std::to_string(mine.body["account"]["id"].get<int64_t>());
  EXPECT_EQ(school.Patch(path, {{"role", "institution_staff"}}).status, 403);
  EXPECT_EQ(school.Patch(path, {{"role", "expert"}}).status, 403);
  Client sys = As("sysadmin");
  EXPECT_EQ(sys.Patch(path, {{"role", "institution_staff"}}).status, 400);  // a school is no institution
}

TEST_P(AccountRules, OneTeacherOneAccountAndOnlyTeachersCarryATeacher) {
  Client school = As("school_admin");
  const int64_t teacher = TeacherIds(demo::kSchoolACode, 30).at(GetParam() == "sqlite" ? 27 : 28);
  Reply first = school.Post("/api/v1/accounts", {{"username", "one_" + GetParam()},
                                                 {"display_name", "教师"},
                                                 {"role", "teacher"},
                                                 {"teacher_id", teacher}});
  ASSERT_EQ(first.status, 201) << first.raw;
  Reply second = school.Post("/api/v1/accounts", {{"username", "two_" + GetParam()},
                                                  {"display_name", "教师"},
                                                  {"role", "teacher"},
                                                  {"teacher_id", teacher}});
  EXPECT_EQ(second.status, 409) << second.raw;
  EXPECT_EQ(second.Field(), "teacher_id");
  Reply admin_with_teacher = school.Post("/api/v1/accounts", {{"username", "adm_" + GetParam()},
                                                              {"display_name", "教务"},
                                                              {"role", "school_admin"},
                                                              {"teacher_id", teacher}});
  EXPECT_EQ(admin_with_teacher.status, 400) << admin_with_teacher.raw;
  EXPECT_EQ(admin_with_teacher.Field(), "teacher_id");
  const std::string path = "/api/v1/accounts/" + std::to_string(first.body["account"]["id"].get<int64_t>());
  Reply promoted = school.Patch(path, {{"role", "school_admin"}});
  EXPECT_EQ(promoted.status, 400) << promoted.raw;
  EXPECT_EQ(promoted.Field(), "role");
  Client sys = As("sysadmin");
  EXPECT_EQ(sys.Patch(path, {{"role", "school_admin"}}).status, 400);
  Reply after = sys.Get("/api/v1/accounts?q=one_" + GetParam());
  ASSERT_EQ(after.body["items"].size(), 1u);
  EXPECT_EQ(after.body["items"][0]["role"], "teacher");
  EXPECT_EQ(sys.Get("/api/v1/accounts?q=two_" + GetParam()).body["total"], 0);
}

TEST_P(AccountRules, ChangingThePasswordEndsTheOtherSessions) {
  const std::string user = FreshAdmin("pw");
  Client here(b_->port), there(b_->port);
  ASSERT_EQ(here.Login(user, kPassword).status, 200);
  ASSERT_EQ(there.Login(user, kPassword).status, 200);
  EXPECT_EQ(
      here.Post("/api/v1/auth/password", {{"old_password", kPassword}, {"new_password", "Another-Pass-2027"}}).status,
      204);
  EXPECT_EQ(here.Get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(there.Get("/api/v1/auth/me").status, 401);
}

TEST_P(AccountRules, TheOldPasswordIsThrottledLikeALogin) {
  const std::string user = FreshAdmin("old");
  Client c(b_->port);
  ASSERT_EQ(c.Login(user, kPassword).status, 200);
  for (int i = 0; i < 5; ++i) {
    Reply r = c.Post("/api/v1/auth/password", {{"old_password", "guess-" + std::to_string(i)},
                                               {"new_password", "Another-Pass-2027"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.Field(), "old_password");
  }
  Reply throttled =
      c.Post("/api/v1/auth/password", {{"old_password", kPassword}, {"new_password", "Another-Pass-2027"}});
  EXPECT_EQ(throttled.status, 429) << throttled.raw;
  b_->clock->Advance(16 * 60);
  EXPECT_EQ(c.Post("/api/v1/auth/password", {{"old_password", kPassword}, {"new_password", "Another-Pass-2027"}})
                .status,
            204);
}

TEST_P(AccountRules, AnAttackerElsewhereCannotLockTheAccountOut) {
  const std::string user = FreshAdmin("lock");
  Client attacker(b_->port), owner(b_->port);
  attacker.set_header("X-Real-IP", "10.66.0.1");
  owner.set_header("X-Real-IP", "10.1.0.7");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attacker.Login(user, "guess-" + std::to_string(i)).status, 401);
  EXPECT_EQ(attacker.Login(user, kPassword).status, 429);  // that address waits, even with the right password
  EXPECT_EQ(owner.Login(user, kPassword).status, 200);    // the owner, elsewhere, does not
  // The delay grows: 30 s after the fifth failure, 60 s after the sixth.
  b_->clock->Advance(31);
  EXPECT_EQ(attacker.Login(user, "guess-6").status, 401);
  EXPECT_EQ(attacker.Login(user, "guess-7").status, 429);
  b_->clock->Advance(31);
  EXPECT_EQ(attacker.Login(user, "guess-7").status, 429);
  b_->clock->Advance(30);
  EXPECT_EQ(attacker.Login(user, "guess-7").status, 401);
  EXPECT_EQ(owner.Login(user, kPassword).status, 200);
  b_->clock->Advance(16 * 60);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountRules, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace jj::testing
