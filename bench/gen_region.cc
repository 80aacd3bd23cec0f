// Grows a database seeded by `jijiao demo` into a region for the page
// benchmark (bench/pages.sh): COUNTIES more counties shaped like the demo
// county (same schools, same teachers per school, other codes and names),
// ten to a city — the first ten under the demo's 清远市, the rest under new
// cities of the demo's province — each teacher with RECORDS approved credit
// records (most in YEAR, a fifth in the year before), a teacher account
// (one shared hash of a random password: nobody logs in as them), the audit
// packs written, and a bureau admin `city_admin` (password Demo@2026) over
// 清远市. Fixed seeds: the same arguments give the same region.
//   jj_gen_region DB_URL COUNTIES [RECORDS=30] [YEAR=last year]
// COUNTIES=14 gives a city of about 100,000 teachers; 150, about a million.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "core/clock.h"
#include "core/date.h"
#include "infra/auth/password.h"
#include "infra/db/bulk.h"
#include "modules/credits/audit_pack.h"
#include "modules/demo/demo.h"

using namespace jj;  // NOLINT: a small program

namespace {

double Seconds(std::chrono::steady_clock::time_point a) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB_URL COUNTIES [RECORDS=30] [YEAR]\n", argv[0]);
    return 2;
  }
  const std::string url = argv[1];
  const int counties = std::atoi(argv[2]);
  const int per = argc > 3 ? std::atoi(argv[3]) : 30;
  const Date today = SystemClock().Today();
  const int year = argc > 4 ? std::atoi(argv[4]) : today.year - 1;
  if (counties < 0 || counties > 900 || per < 0) {
    std::fprintf(stderr, "COUNTIES must be 0..900 and RECORDS >= 0\n");
    return 2;
  }
  if (!auth::InitCrypto()) return 1;
  auto db = db::Database::Open(url, 2);
  if (!db.ok()) {
    std::fprintf(stderr, "cannot open %s\n", url.c_str());
    return 1;
  }
  // The demo's own county, as `jijiao demo` generated it today: its shape
  // for the clones, and its ID numbers replayed so none is handed out twice.
  const demo::DemoCounty demo_county = demo::GenerateCounty(demo::kDefaultSeed, today);
  demo::UniqueIds ids;
  for (const auto& t : demo_county.teachers)
    ids.IdNumber(std::string_view(t.id_number).substr(0, 6), *ParseDate(t.birth_date), t.sex == "男");
  auto t0 = std::chrono::steady_clock::now();
  long teachers = 0;
  Status st = (*db)->Transact([&](db::Tx& tx) -> Status {
    struct Placed {
      int64_t id;
      std::string path;
    };
    std::map<std::string, Placed> placed;
    for (const auto& r : tx.Query("SELECT code, id, path FROM orgs")) placed[r.Str(0)] = {r.Int(1), r.Str(2)};
    if (!placed.count(demo::kCityCode)) return Internal("not a demo database (no 441800)");
    const int64_t now = SystemClock().NowSeconds();
    auto add_org = [&](const std::string& code, const std::string& name, const std::string& type,
                       const std::string& parent, const std::string& stages, bool rural) {
      const Placed& p = placed.at(parent);
      int64_t id = tx.InsertReturningId(
          "INSERT INTO orgs (code, name, type, parent_id, path, stages, rural, created_at) "
          "VALUES (:code, :name, :type, :parent, '', :stages, :rural, :now)",
          {code, name, type, p.id, stages, int64_t{rural ? 1 : 0}, now});
      std::string path = p.path + std::to_string(id) + "/";
      tx.Exec("UPDATE orgs SET path = :p WHERE id = :id", {path, id});
      placed[code] = {id, path};
    };
    const std::string demo_prefix = demo::kCountyCode;  // "441821": every code of the demo county starts so
    demo::Rng rng(97);
    db::Row max_row;
    tx.QueryOne("SELECT COALESCE(MAX(id), 0) FROM teachers", {}, max_row);
    const int64_t first_new = max_row.Int(0) + 1;
    db::BulkInserter bulk(tx, "teachers",
                          {"id_number", "name", "sex", "birth_date", "ethnicity", "phone", "org_id", "stage",
                           "subject", "title", "posts", "hire_date", "cert_number", "status", "backbone_level",
                           "created_at", "updated_at"});
    const std::string now_text = std::to_string(now);
    for (int k = 0; k < counties; ++k) {
      // Counties 0..9 under 441800 (codes 441830..441839), then cities 4419NN,
      // 4420NN, … of ten counties each.
      const int city = k / 10, slot = k % 10;
      const std::string city_code = city == 0 ? std::string(demo::kCityCode) : std::to_string(4419 + city - 1) + "00";
      if (!placed.count(city_code))
        add_org(city_code, "第" + std::to_string(city) + "市", "city", demo::kProvinceCode, "", false);
      const std::string county_code = city_code.substr(0, 4) + std::to_string(30 + slot);
      const std::string county_name = "第" + std::to_string(k + 1) + "县";
      for (const auto& o : demo_county.orgs) {
        if (o.code.rfind(demo_prefix, 0) != 0) continue;  // the province and the city exist
        const std::string code = county_code + o.code.substr(demo_prefix.size());
        const std::string parent =
            o.code == demo_prefix ? city_code : county_code + o.parent_code.substr(demo_prefix.size());
        add_org(code, Replace(o.name, "示范县", county_name), o.type, parent, o.stages, o.rural);
      }
      for (const auto& d : demo_county.teachers) {
        const std::string school = county_code + d.school_code.substr(demo_prefix.size());
        demo::DemoOrg as_school{school, "", "school", "", "", false};
        demo::DemoTeacher t = demo::GenerateTeacher(rng, as_school, today, ids, d.stage);
        bulk.Add({t.id_number, t.name, t.sex, t.birth_date, t.ethnicity, t.phone,
                  std::to_string(placed.at(school).id), t.stage, t.subject, t.title, d.posts, t.hire_date,
                  t.cert_number, "在职", t.backbone_level, now_text, now_text});
        ++teachers;
      }
    }
    bulk.Finish();
    // The new teachers: their records and accounts.
    std::vector<std::pair<int64_t, int64_t>> added;  // teacher id, org id
    for (const auto& r : tx.Query("SELECT id, org_id FROM teachers WHERE id >= :f ORDER BY id", {first_new}))
      added.emplace_back(r.Int(0), r.Int(1));
    static const char* kLevels[] = {"国培", "省培", "市培", "区县级", "校本"};
    static const char* kForms[] = {"集中培训", "网络研修", "校本研修", "跟岗研修", "工作坊"};
    static const char* kDims[] = {"师德修养", "学科教学", "学生管理", "专业成长"};
    static const char* kGrades[] = {"优秀", "良好", "合格", "合格", "不合格"};
    {
      db::BulkInserter records(tx, "credit_records",
                               {"teacher_id", "record_date", "project_name", "project_code", "level", "form",
                                "dimension", "location", "hours_tenths", "grade", "source", "state", "created_at",
                                "updated_at"});
      char date[16];
      for (const auto& [tid, org] : added)
        for (int k = 0; k < per; ++k) {
          std::snprintf(date, sizeof date, "%04d-%02d-%02d", year - (k % 5 == 4 ? 1 : 0), 1 + k % 12, 1 + k % 28);
          records.Add({std::to_string(tid), date, "培训项目", "P" + std::to_string(rng.Below(5000)),
                       kLevels[rng.Below(5)], kForms[rng.Below(5)], kDims[rng.Below(4)],
                       rng.PerMille(100) ? "区域外" : "区域内", std::to_string(10 * rng.Between(1, 8)),
                       kGrades[rng.Below(5)], "training", "approved", now_text, now_text});
        }
      records.Finish();
    }
    {
      const std::string hash = auth::HashInitialPassword(auth::RandomHex(16));
      db::BulkInserter accounts(tx, "accounts",
                                {"username", "display_name", "role", "org_id", "teacher_id", "password_hash",
                                 "must_change_password", "disabled", "created_at", "updated_at"});
      for (const auto& [tid, org] : added)
        accounts.Add({"gt" + std::to_string(tid), "教师" + std::to_string(tid), "teacher", std::to_string(org),
                      std::to_string(tid), hash, "1", "0", now_text, now_text});
      accounts.Finish();
    }
    db::Row r;
    if (!tx.QueryOne("SELECT 1 FROM accounts WHERE username = 'city_admin'", {}, r))
      tx.Exec("INSERT INTO accounts (username, display_name, role, org_id, teacher_id, password_hash, "
              "must_change_password, disabled, created_at, updated_at) VALUES ('city_admin', '市教育局师训科', "
              "'bureau_admin', :o, NULL, :h, 0, 0, :n, :n2)",
              {placed.at(demo::kCityCode).id, auth::HashPassword("Demo@2026", auth::HashCost::kInteractive), now,
               now});
    std::vector<int64_t> pack_ids;
    for (const auto& p : added) pack_ids.push_back(p.first);
    credits::RefreshAuditPacks(tx, std::move(pack_ids));
    return Status::Ok();
  });
  if (!st.ok()) {
    std::fprintf(stderr, "generation failed: %s\n", st.Message("en").c_str());
    return 1;
  }
  (void)(*db)->Read([](db::Tx& tx) -> Status {
    tx.Exec("ANALYZE");
    return Status::Ok();
  });
  std::printf("gen_region: %d counties, %ld teachers, %d records each, in %.1f s\n", counties, teachers, per,
              Seconds(t0));
  return 0;
}
