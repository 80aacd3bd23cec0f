// Seeding for the registration rush (bench/rush.cc, scripts/bench_rush.sh):
// thousands of signed-in teachers without thousands of Argon2id logins, and
// open projects for them to rush.
//
//   jj_rush_seed DB_URL teachers N OUT_FILE
//     Migrates; on a database without orgs inserts the demo county's org
//     tree and N generated teachers (all 在职), else uses N in-service
//     teachers that have no account yet (e.g. after `jijiao demo`). Gives
//     each a teacher account and an open session (accounts::OpenSession,
//     the same code Login uses) and writes OUT_FILE: one line per teacher,
//     "jj_session=TOKEN CSRF_TOKEN".
//   jj_rush_seed DB_URL project CAPACITY
//     Inserts a project in state registration_open with that capacity, no
//     approval step, no audience restriction and a registration window
//     open from yesterday to a week ahead; prints its id. Each project gets
//     its own two days (30 days ahead, 3 days after the previous one), so
//     teachers holding a seat in one may still apply to the next
//     (centralized trainings must not overlap).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/clock.h"
#include "infra/auth/password.h"
#include "infra/db/bulk.h"
#include "infra/db/migrate.h"
#include "modules/accounts/accounts.h"
#include "modules/accounts/routes.h"
#include "modules/demo/demo.h"

using namespace jj;  // NOLINT: a small program

namespace {

int Usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s DB_URL teachers N OUT_FILE\n"
               "       %s DB_URL project CAPACITY\n",
               argv0, argv0);
  return 2;
}

// The teachers to sign in: on an empty database the demo tree and `n`
// generated in-service teachers; else `n` in-service teachers without an
// account. Rows (id, id_number, name, org_id), by id.
Result<std::vector<db::Row>> Teachers(db::Tx& tx, long n, const Clock& clock) {
  db::Row r;
  tx.QueryOne("SELECT COUNT(*) FROM orgs", {}, r);
  if (r.Int(0) == 0) {
    demo::DemoCounty county = demo::GenerateCounty(demo::kDefaultSeed, clock.Today());
    county.teachers.clear();
    std::vector<const demo::DemoOrg*> schools;
    for (const auto& o : county.orgs)
      if (o.type == "school") schools.push_back(&o);
    demo::Rng rng(demo::kDefaultSeed);
    demo::UniqueIds ids;
    for (long i = 0; i < n; ++i) {
      county.teachers.push_back(demo::GenerateTeacher(rng, *schools[i % schools.size()], clock.Today(), ids));
      county.teachers.back().status = "在职";
    }
    JJ_RETURN_IF_ERROR(demo::InsertCounty(tx, county, clock.NowSeconds()));
  }
  auto out = tx.Query(
      "SELECT t.id, t.id_number, t.name, t.org_id FROM teachers t WHERE t.status = '在职' AND NOT EXISTS "
      "(SELECT 1 FROM accounts a WHERE a.teacher_id = t.id OR a.username = t.id_number) ORDER BY t.id LIMIT :n",
      {int64_t{n}});
  if (static_cast<long>(out.size()) < n)
    return Internal("only " + std::to_string(out.size()) + " in-service teachers without an account; need " +
                    std::to_string(n) + " (use a database without orgs)");
  return out;
}

int SeedTeachers(db::Database& db, long n, const std::string& out_file) {
  SystemClock clock;
  const int64_t now = clock.NowSeconds();
  std::string lines;
  Status st = db.Transact([&](db::Tx& tx) -> Status {
    auto teachers = Teachers(tx, n, clock);
    if (!teachers.ok()) return teachers.status();
    db::Row r;
    tx.QueryOne("SELECT COALESCE(MAX(id), 0) FROM accounts", {}, r);
    const int64_t max_before = r.Int(0);
    {
      // Accounts as the roster import makes them (username = ID number),
      // with the first-login password change already done.
      auto hashes = auth::HashInitialPasswords(auth::RandomInitialPasswords(teachers->size()));
      const std::string now_text = std::to_string(now);
      db::BulkInserter accounts(tx, "accounts",
                                {"username", "display_name", "role", "org_id", "teacher_id", "password_hash",
                                 "must_change_password", "created_at", "updated_at"});
      for (size_t i = 0; i < teachers->size(); ++i) {
        const db::Row& t = (*teachers)[i];
        accounts.Add({t.Str(1), t.Str(2), "teacher", t.Str(3), t.Str(0), hashes[i], "0", now_text, now_text});
      }
      accounts.Finish();
    }
    for (const auto& a :
         tx.Query("SELECT id FROM accounts WHERE id > :m AND role = 'teacher' ORDER BY id", {max_before})) {
      accounts::NewSession s = accounts::OpenSession(tx, a.Int(0), now);
      lines += std::string(accounts::kSessionCookie) + "=" + s.token + " " + s.csrf_token + "\n";
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    std::fprintf(stderr, "seeding teachers failed: %s\n", st.Message("en").c_str());
    return 1;
  }
  FILE* f = std::fopen(out_file.c_str(), "wb");
  if (!f || std::fwrite(lines.data(), 1, lines.size(), f) != lines.size() || std::fclose(f) != 0) {
    std::fprintf(stderr, "cannot write %s\n", out_file.c_str());
    return 1;
  }
  return 0;
}

int SeedProject(db::Database& db, int64_t capacity) {
  SystemClock clock;
  const int64_t now = clock.NowSeconds();
  const long today = clock.Today().DaysSinceEpoch();
  auto day = [&](long offset) { return Date::FromDaysSinceEpoch(today + offset).ToString(); };
  int64_t id = 0;
  Status st = db.Transact([&](db::Tx& tx) -> Status {
    db::Row org, region, count;
    if (!tx.QueryOne("SELECT id FROM orgs WHERE code = :c", {std::string(demo::kInstitutionCode)}, org) ||
        !tx.QueryOne("SELECT id FROM orgs WHERE code = :c", {std::string(demo::kCountyCode)}, region))
      return Internal("the demo county is missing: run `jj_rush_seed DB_URL teachers N FILE` first");
    tx.QueryOne("SELECT COUNT(*) FROM projects WHERE code LIKE 'RUSH-%'", {}, count);
    const int64_t k = count.Int(0) + 1;
    id = tx.InsertReturningId(
        "INSERT INTO projects (code, name, kind, level, form, dimension, organiser_org_id, region_org_id, "
        "start_date, end_date, hours_tenths, capacity, reg_start, reg_end, approval, half_days, state, "
        "created_at, updated_at) VALUES (:code, :name, 'training', '区县级', '集中培训', '学科教学', :org, "
        ":region, :start, :end, 120, :cap, :rs, :re, 'none', 4, 'registration_open', :c, :u)",
        {"RUSH-" + std::to_string(k), "报名压测项目 " + std::to_string(k), org.Int(0), region.Int(0), day(27 + 3 * k),
         day(28 + 3 * k), capacity, day(-1), day(7), now, now});
    return Status::Ok();
  });
  if (!st.ok()) {
    std::fprintf(stderr, "seeding the project failed: %s\n", st.Message("en").c_str());
    return 1;
  }
  std::printf("%lld\n", static_cast<long long>(id));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return Usage(argv[0]);
  const std::string url = argv[1], what = argv[2];
  const long number = std::atol(argv[3]);
  if (number <= 0 || (what == "teachers" && argc < 5) || (what != "teachers" && what != "project"))
    return Usage(argv[0]);
  if (!auth::InitCrypto()) return 1;
  auto db = db::Database::Open(url, 1);
  if (!db.ok() || !db::Migrate(**db).ok()) {
    std::fprintf(stderr, "cannot open or migrate %s\n", url.c_str());
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  int rc = what == "teachers" ? SeedTeachers(**db, number, argv[4]) : SeedProject(**db, number);
  if (what == "teachers" && rc == 0)
    std::fprintf(stderr, "seeded %ld signed-in teachers in %.1f s\n", number,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return rc;
}
