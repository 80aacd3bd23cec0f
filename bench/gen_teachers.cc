// Synthetic but valid teachers for import benchmarks: any count, a fixed
// seed, spread over the demo county's schools (so a database seeded with
// `jijiao demo` accepts them). Writes the import columns as CSV or xlsx.
//   jj_gen_teachers COUNT OUT.csv|OUT.xlsx [SEED]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/clock.h"
#include "core/date.h"
#include "infra/io/sheet.h"
#include "modules/demo/demo.h"

using namespace jj;  // NOLINT: a small program

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s COUNT OUT.csv|OUT.xlsx [SEED]\n", argv[0]);
    return 2;
  }
  const long count = std::atol(argv[1]);
  const std::string out = argv[2];
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : demo::kDefaultSeed;
  // The same day as `jijiao demo` seeded the database (its county depends on it).
  const Date today = SystemClock().Today();
  demo::DemoCounty county = demo::GenerateCounty(demo::kDefaultSeed, today);
  std::vector<const demo::DemoOrg*> schools;
  for (const auto& o : county.orgs)
    if (o.type == "school") schools.push_back(&o);
  demo::Rng rng(seed);
  demo::UniqueIds ids;
  // Replay the demo's own ID numbers so none is generated twice: a UniqueIds
  // hands out numbers per (region, birth date, sex) in a fixed order.
  for (const auto& t : county.teachers)
    ids.IdNumber(std::string_view(t.id_number).substr(0, 6), *ParseDate(t.birth_date), t.sex == "男");
  const std::vector<std::string> header = {"姓名", "身份证号", "性别", "出生日期", "学校代码", "学段", "学科",
                                           "职称", "岗位", "入职日期", "教师资格证号", "手机号", "在职状态"};
  auto row_of = [&](const demo::DemoTeacher& t) {
    return std::vector<std::string>{t.name,  t.id_number, t.sex,   t.birth_date, t.school_code,
                                    t.stage, t.subject,   t.title, t.posts,      t.hire_date,
                                    t.cert_number, t.phone, t.status};
  };
  const bool xlsx = out.size() > 5 && out.substr(out.size() - 5) == ".xlsx";
  if (xlsx) {
    auto w = io::XlsxWriter::Create(out);
    if (!w.ok()) return 1;
    std::vector<io::XlsxColumn> cols;
    for (const auto& h : header) cols.push_back({h, 14, {}, true});
    (*w)->AddSheet("教师名册", cols);
    for (long i = 0; i < count; ++i)
      (*w)->AppendRow(row_of(demo::GenerateTeacher(rng, *schools[i % schools.size()], today, ids)));
    return (*w)->Close().ok() ? 0 : 1;
  }
  std::string buf;
  io::CsvWriter csv(&buf);
  csv.Row(header);
  FILE* f = std::fopen(out.c_str(), "wb");
  if (!f) return 1;
  for (long i = 0; i < count; ++i) {
    csv.Row(row_of(demo::GenerateTeacher(rng, *schools[i % schools.size()], today, ids)));
    if (buf.size() > (1 << 20)) {
      std::fwrite(buf.data(), 1, buf.size(), f);
      buf.clear();
    }
  }
  std::fwrite(buf.data(), 1, buf.size(), f);
  return std::fclose(f) == 0 ? 0 : 1;
}
