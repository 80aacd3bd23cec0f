// Audit benchmark: N generated teachers × R approved records each, audited
// for one year over the whole tree through CreditService::ForEachSchoolAudit
// (the streaming path of `jijiao audit`). Prints the setup time, the time to
// write the audit packs (audit_pack.h) for every teacher, the audit's
// time, records/s and the process's peak RSS.
//   jj_audit_bench DB_URL TEACHERS [RECORDS_PER_TEACHER=30] [reuse|repack]
// "reuse" audits a database an earlier run filled (no setup); "repack" also
// writes its audit packs again first.
// DB_URL: sqlite:PATH (created fresh) or postgresql://... (an empty database).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "infra/db/bulk.h"
#include "infra/db/migrate.h"
#include "modules/credits/audit_pack.h"
#include "modules/credits/credits.h"
#include "modules/demo/demo.h"

using namespace jj;  // NOLINT: a small program

namespace {

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB_URL TEACHERS [RECORDS_PER_TEACHER]\n", argv[0]);
    return 2;
  }
  const std::string url = argv[1];
  const long teachers = std::atol(argv[2]);
  const int per = argc > 3 ? std::atoi(argv[3]) : 30;
  const int year = 2025;
  const std::string mode = argc > 4 ? argv[4] : "";
  const bool reuse = mode == "reuse" || mode == "repack";
  if (url.rfind("sqlite:", 0) == 0 && !reuse)
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(url.substr(7) + ext);
  auto db = db::Database::Open(url, 2);
  if (!db.ok() || !db::Migrate(**db).ok()) {
    std::fprintf(stderr, "cannot open or migrate %s\n", url.c_str());
    return 1;
  }
  const Date today{2026, 3, 1};
  demo::DemoCounty county = demo::GenerateCounty(demo::kDefaultSeed, today);
  county.teachers.clear();  // only the tree; the teachers are generated below
  std::vector<const demo::DemoOrg*> schools;
  for (const auto& o : county.orgs)
    if (o.type == "school") schools.push_back(&o);

  auto t0 = std::chrono::steady_clock::now();
  Status st = reuse ? Status::Ok() : (*db)->Transact([&](db::Tx& tx) -> Status {
    JJ_RETURN_IF_ERROR(demo::InsertCounty(tx, county, 1772337600));
    std::map<std::string, int64_t> org_ids;
    for (const auto& r : tx.Query("SELECT code, id FROM orgs")) org_ids[r.Str(0)] = r.Int(1);
    demo::Rng rng(7);
    demo::UniqueIds ids;
    {
      db::BulkInserter bulk(tx, "teachers",
                            {"id_number", "name", "sex", "birth_date", "org_id", "stage", "posts", "hire_date",
                             "status", "created_at", "updated_at"});
      for (long i = 0; i < teachers; ++i) {
        auto t = demo::GenerateTeacher(rng, *schools[i % schools.size()], today, ids);
        bulk.Add({t.id_number, t.name, t.sex, t.birth_date, std::to_string(org_ids[t.school_code]), t.stage, t.posts,
                  t.hire_date, "在职", "0", "0"});
      }
      bulk.Finish();
    }
    static const char* kLevels[] = {"国培", "省培", "市培", "区县级", "校本"};
    static const char* kForms[] = {"集中培训", "网络研修", "校本研修", "跟岗研修", "工作坊"};
    static const char* kDims[] = {"师德修养", "学科教学", "学生管理", "专业成长"};
    static const char* kGrades[] = {"优秀", "良好", "合格", "合格", "不合格"};
    db::Row first;
    tx.QueryOne("SELECT MIN(id) FROM teachers", {}, first);
    db::BulkInserter records(tx, "credit_records",
                             {"teacher_id", "record_date", "project_name", "project_code", "level", "form",
                              "dimension", "location", "hours_tenths", "grade", "source", "state", "created_at",
                              "updated_at"});
    char date[16];
    for (long i = 0; i < teachers; ++i) {
      const std::string tid = std::to_string(first.Int(0) + i);
      for (int k = 0; k < per; ++k) {
        std::snprintf(date, sizeof date, "%04d-%02d-%02d", year - (k % 5 == 4 ? 1 : 0), 1 + k % 12, 1 + k % 28);
        const std::string code = "P" + std::to_string(rng.Below(5000));
        records.Add({tid, date, "培训项目", code, kLevels[rng.Below(5)], kForms[rng.Below(5)], kDims[rng.Below(4)],
                     rng.PerMille(100) ? "区域外" : "区域内", std::to_string(10 * rng.Between(1, 8)),
                     kGrades[rng.Below(5)], "training", "approved", "0", "0"});
      }
    }
    records.Finish();
    return Status::Ok();
  });
  const double setup = Seconds(t0);
  // The audit packs, as the credits module writes them with the records
  // (an import of these records would do the same in its transaction).
  auto t_packs = std::chrono::steady_clock::now();
  if (st.ok() && mode != "reuse")
    st = (*db)->Transact([&](db::Tx& tx) -> Status {
      std::vector<int64_t> ids;
      for (const auto& r : tx.Query("SELECT id FROM teachers")) ids.push_back(r.Int(0));
      credits::RefreshAuditPacks(tx, std::move(ids));
      return Status::Ok();
    });
  const double packs = Seconds(t_packs);
  if (!st.ok()) {
    std::fprintf(stderr, "setup failed: %s\n", st.Message("en").c_str());
    return 1;
  }
  // Statistics, as a database in service has them (autovacuum; ANALYZE).
  if (!reuse)
    (void)(*db)->Read([](db::Tx& tx) -> Status {
      tx.Exec("ANALYZE");
      return Status::Ok();
    });

  SystemClock clock;
  credits::CreditService service(**db, clock);
  auto t1 = std::chrono::steady_clock::now();
  long audited = 0, passed = 0;
  st = service.ForEachSchoolAudit(auth::CommandLineActor(), std::nullopt, year, [&](const std::vector<credits::AuditRow>& rows) {
    for (const auto& r : rows) {
      ++audited;
      if (r.audit.status == credits::policy::AuditStatus::kPassed) ++passed;
    }
    return Status::Ok();
  });
  const double audit = Seconds(t1);
  if (!st.ok()) {
    std::fprintf(stderr, "audit failed: %s\n", st.Message("en").c_str());
    return 1;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double records = static_cast<double>(teachers) * per;
  std::printf(
      "%s: %ld teachers x %d records: setup %.1f s, packs %.1f s; audit %.2f s (%ld audited, %ld 达标), %.0f "
      "records/s, "
      "%.0f teachers/s, peak RSS %ld MiB\n",
      url.substr(0, url.find(':')).c_str(), teachers, per, setup, packs, audit, audited, passed, records / audit,
      audited / audit, ru.ru_maxrss / 1024);
  return audited == teachers ? 0 : 1;
}
