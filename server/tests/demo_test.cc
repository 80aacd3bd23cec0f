// `jijiao demo` seeds a county that has lived a few years: credit history
// with the real mix of 达标 / 未达标, a review queue, projects in every
// state with registrations, attendance, grades and surveys, school plans on
// time and late, stamps, a locked year, certificates, and an audit log that
// verifies. Runs on both databases, each on a database of its own (the
// shared test backend is seeded without the history).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "app/demo_seed.h"
#include "app/wiring.h"
#include "core/clock.h"
#include "infra/audit_log/audit_log.h"
#include "infra/auth/actor.h"
#include "infra/auth/password.h"
#include "modules/credits/integrity.h"
#include "modules/demo/demo.h"
#include "modules/org/org.h"

namespace jj::testing {
namespace {

// 2026-03-01 12:00 CST, the API tests' today.
constexpr int64_t kToday = 1772337600;

class DemoHistory : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auth::InitCrypto();
    app::AppOptions opts;
    opts.hash_cost = auth::HashCost::kFastForTests;
    opts.web_root = "";
    opts.files_dir = std::filesystem::temp_directory_path() / ("jj_demo_files_" + std::to_string(getpid()));
    if (GetParam() == "postgres") {
      const char* url = std::getenv("JIJIAO_TEST_PG");
      if (!url || !*url) GTEST_SKIP() << "JIJIAO_TEST_PG is not set";
      // A database of its own beside the shared test database.
      std::string base(url);
      auto admin = db::Database::Open(base, 1);
      ASSERT_TRUE(admin.ok()) << admin.status().Message("en");
      Status st = (*admin)->Read([](db::Tx& tx) -> Status {
        tx.Exec("DROP DATABASE IF EXISTS jijiao_demo_test");
        tx.Exec("CREATE DATABASE jijiao_demo_test");
        return Status::Ok();
      });
      ASSERT_TRUE(st.ok()) << st.Message("en");
      opts.db_url = base.substr(0, base.rfind('/') + 1) + "jijiao_demo_test";
    } else {
      path_ = std::filesystem::temp_directory_path() / ("jj_demo_test_" + std::to_string(getpid()) + ".db");
      for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + ext);
      opts.db_url = "sqlite:" + path_;
    }
    auto a = app::App::Open(opts, clock_);
    ASSERT_TRUE(a.ok()) << a.status().Message("en");
    app_ = std::move(*a);
    auto started = std::chrono::steady_clock::now();
    std::ostringstream out;
    Status seeded = app::SeedDemo(*app_, out);
    ASSERT_TRUE(seeded.ok()) << seeded.Message("en") << " " << seeded.key();
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "[ demo     ] " << GetParam() << ": " << seconds_ << " s\n" << out.str();
  }
  void TearDown() override {
    app_.reset();
    if (!path_.empty())
      for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + ext);
  }

  int64_t Count(const std::string& sql, const db::Params& params = {}) {
    int64_t n = -1;
    (void)app_->db().Read([&](db::Tx& tx) -> Status {
      db::Row r;
      if (tx.QueryOne(sql, params, r)) n = r.Int(0);
      return Status::Ok();
    });
    return n;
  }

  int64_t CountyId() {
    int64_t id = 0;
    (void)app_->db().Read([&](db::Tx& tx) -> Status {
      if (auto o = org::FindOrgByCode(tx, demo::kCountyCode)) id = o->id;
      return Status::Ok();
    });
    return id;
  }

  FakeClock clock_{kToday};
  std::unique_ptr<app::App> app_;
  std::string path_;
  double seconds_ = 0;
};

TEST_P(DemoHistory, IsACountyThatHasLivedAFewYears) {
  const auth::Actor sys = auth::CommandLineActor();
  const int64_t county = CountyId();

  // The real mix of 达标 / 未达标: most teachers met the two past years, fewer
  // so far this year (today is 1 March).
  double share[3] = {0, 0, 0};
  for (int y = 2024; y <= 2026; ++y) {
    auto completion = app_->credits().Completion(sys, county, y);
    ASSERT_TRUE(completion.ok()) << completion.status().Message("en");
    int64_t teachers = 0, passed = 0;
    for (const auto& s : *completion) {
      teachers += s.teachers;
      passed += s.passed;
    }
    ASSERT_GT(teachers, 6000);
    share[y - 2024] = static_cast<double>(passed) / static_cast<double>(teachers);
  }
  EXPECT_GE(share[0], 0.75) << "2024";
  EXPECT_LE(share[0], 0.85) << "2024";
  EXPECT_GE(share[1], 0.75) << "2025";
  EXPECT_LE(share[1], 0.85) << "2025";
  EXPECT_LT(share[2], share[1]) << "2026";
  EXPECT_GT(Count("SELECT COUNT(*) FROM credit_records WHERE record_date >= '2026-01-01' AND state = 'approved'"), 0);

  // Reviewers have a queue: records declared and school-verified, and some
  // approved or rejected on the way.
  for (const char* state : {"declared", "school_verified", "rejected"})
    EXPECT_GT(Count("SELECT COUNT(*) FROM credit_records WHERE state = :s", {std::string(state)}), 0) << state;

  // Projects in every lifecycle state, with registrations, attendance,
  // grades, credits from closing, and both surveys answered.
  for (const char* state : {"draft", "submitted", "under_review", "approved", "rejected", "registration_open",
                            "running", "closed", "archived"})
    EXPECT_GT(Count("SELECT COUNT(*) FROM projects WHERE state = :s", {std::string(state)}), 0) << state;
  for (const char* state : {"accepted", "waitlisted", "pending_school"})
    EXPECT_GT(Count("SELECT COUNT(*) FROM project_registrations WHERE state = :s", {std::string(state)}), 0) << state;
  EXPECT_GT(Count("SELECT COUNT(*) FROM project_attendance"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM project_registrations WHERE grade <> ''"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM project_registrations WHERE credit_record_id IS NOT NULL"), 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM projects WHERE upgraded_at > 0"), 0);
  for (const char* kind : {"needs", "satisfaction"})
    EXPECT_GT(Count("SELECT COUNT(*) FROM survey_responses r JOIN surveys s ON s.id = r.survey_id WHERE s.kind = :k",
                    {std::string(kind)}),
              0)
        << kind;

  // School plans: filed on time and late (last year), and schools that did not file.
  auto plans = app_->school_plans().List(sys, 2025);
  ASSERT_TRUE(plans.ok()) << plans.status().Message("en");
  EXPECT_GT(plans->filed, 0);
  EXPECT_GT(plans->late, 0);
  EXPECT_GT(plans->not_filed, 0);

  // 验印 and the locked year before last; issued certificates.
  EXPECT_GT(Count("SELECT COUNT(*) FROM audit_stamps WHERE year = 2024"), 0);
  auto locked = app_->credits().IsYearLocked(sys, county, 2024);
  ASSERT_TRUE(locked.ok());
  EXPECT_TRUE(*locked);
  auto open = app_->credits().IsYearLocked(sys, county, 2025);
  ASSERT_TRUE(open.ok());
  EXPECT_FALSE(*open);
  EXPECT_GT(Count("SELECT COUNT(*) FROM certificates"), 0);

  // Every school has an admin account; the demo teacher has a history.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM orgs o WHERE o.type = 'school' AND NOT EXISTS (SELECT 1 FROM accounts a "
                  "WHERE a.org_id = o.id AND a.role = 'school_admin')"),
            0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM credit_records c JOIN accounts a ON a.teacher_id = c.teacher_id "
                  "WHERE a.username = 'teacher'"),
            5);

  // Nothing happened after "now"; the audit log chain holds, and every
  // protected row — the imported history included — is its logged state.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE at > :now", {kToday}), 0);
  auto verify_started = std::chrono::steady_clock::now();
  auto verified = audit_log::Verify(app_->db(), credits::ProtectedTables());
  const double verify_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - verify_started).count();
  std::cout << "[ verify   ] " << GetParam() << ": " << verify_seconds << " s\n";
  ASSERT_TRUE(verified.ok()) << verified.status().Message("en");
  EXPECT_FALSE(verified->first_bad_id.has_value());
  EXPECT_GT(verified->entries, 1000);
  EXPECT_EQ(verified->findings_total, 0);
  for (const auto& f : verified->findings) ADD_FAILURE() << f.table << " " << f.id << " " << f.field;
  EXPECT_EQ(verified->rows_checked,
            Count("SELECT (SELECT COUNT(*) FROM credit_records) + (SELECT COUNT(*) FROM audit_stamps) + "
                  "(SELECT COUNT(*) FROM audit_exemptions) + (SELECT COUNT(*) FROM year_locks) + "
                  "(SELECT COUNT(*) FROM policies)"));
  EXPECT_TRUE(verified->intact());
  EXPECT_LT(verify_seconds, 30);

  // Within the seconds `make run` allows (generous: the machine is shared).
  EXPECT_LT(seconds_, 60);
}

INSTANTIATE_TEST_SUITE_P(Db, DemoHistory, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace jj::testing
