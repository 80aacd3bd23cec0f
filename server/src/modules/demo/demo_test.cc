#include "modules/demo/demo.h"
#include "core/text.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_set>

#include "core/id_card.h"
#include "infra/db/migrate.h"
#include "modules/org/org.h"
#include "modules/teachers/teachers.h"

namespace jj::demo {
namespace {

const Date kToday{2026, 3, 1};

uint64_t Hash(const DemoCounty& c) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;  // field separator
  };
  for (const DemoOrg& o : c.orgs) {
    for (const std::string* s : {&o.code, &o.name, &o.type, &o.parent_code, &o.stages}) mix(*s);
    mix(o.rural ? "1" : "0");
  }
  for (const DemoTeacher& t : c.teachers)
    for (const std::string* s : {&t.id_number, &t.name, &t.sex, &t.birth_date, &t.ethnicity, &t.phone, &t.school_code,
                                 &t.stage, &t.subject, &t.title, &t.posts, &t.hire_date, &t.cert_number, &t.status,
                                 &t.backbone_level})
      mix(*s);
  return h;
}

const DemoCounty& County() {
  static const DemoCounty c = GenerateCounty(kDefaultSeed, kToday);
  return c;
}

std::map<std::string, const DemoOrg*> OrgsByCode(const DemoCounty& c) {
  std::map<std::string, const DemoOrg*> m;
  for (const DemoOrg& o : c.orgs) m[o.code] = &o;
  return m;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// ---------------------------------------------------------------- Rng

TEST(DemoRng, EngineIsTheStandardOneAndDrawsStayInBounds) {
  // The standard fixes mt19937_64's 10000th output for the default seed: the
  // basis of "same seed, same county" on every standard library.
  Rng std_seed(5489u);
  uint64_t v = 0;
  for (int i = 0; i < 10000; ++i) v = std_seed.Next();
  EXPECT_EQ(v, 9981545732273789042ull);

  Rng r(1);
  std::vector<int> seen(7);
  for (int i = 0; i < 7000; ++i) {
    int x = r.Between(-3, 3);
    ASSERT_GE(x, -3);
    ASSERT_LE(x, 3);
    ++seen[x + 3];
  }
  for (int n : seen) EXPECT_GT(n, 800);
  EXPECT_EQ(r.Weighted({0, 0, 5, 0}), 2u);
  EXPECT_LT(Rng(2).Below(1), 1u);
  // Known values: a change here changes every demo database.
  Rng fixed(42);
  EXPECT_EQ(fixed.Below(1000), Rng(42).Below(1000));
}

// ---------------------------------------------------------------- determinism

TEST(DemoCounty, SameSeedSameCountyOtherSeedOtherTeachers) {
  const DemoCounty& a = County();
  DemoCounty again = GenerateCounty(kDefaultSeed, kToday);
  EXPECT_EQ(Hash(a), Hash(again));
  DemoCounty other = GenerateCounty(kDefaultSeed + 1, kToday);
  EXPECT_NE(Hash(a), Hash(other));
  // The tree and the size of every school do not depend on the seed.
  ASSERT_EQ(a.orgs.size(), other.orgs.size());
  for (size_t i = 0; i < a.orgs.size(); ++i) EXPECT_EQ(a.orgs[i].code, other.orgs[i].code);
  ASSERT_EQ(a.teachers.size(), other.teachers.size());
  size_t same_id = 0;
  for (size_t i = 0; i < a.teachers.size(); ++i) {
    EXPECT_EQ(a.teachers[i].school_code, other.teachers[i].school_code);
    same_id += a.teachers[i].id_number == other.teachers[i].id_number;
  }
  EXPECT_LT(same_id, 10u);
}

// ---------------------------------------------------------------- the tree

TEST(DemoCounty, TreeShape) {
  const DemoCounty& c = County();
  std::map<std::string, const DemoOrg*> seen;
  std::map<std::string, int> by_type;
  int kindergartens = 0, high_schools = 0, nine_year = 0, vocational = 0;
  for (const DemoOrg& o : c.orgs) {
    EXPECT_FALSE(o.code.empty());
    EXPECT_TRUE(std::all_of(o.code.begin(), o.code.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) << o.code;
    EXPECT_TRUE(seen.emplace(o.code, &o).second) << "duplicate code " << o.code;
    ++by_type[o.type];
    if (o.parent_code.empty()) {
      EXPECT_EQ(o.type, "province");
    } else {
      auto parent = seen.find(o.parent_code);
      ASSERT_NE(parent, seen.end()) << o.code << " before its parent";
      EXPECT_TRUE(org::CheckParentType(o.type, parent->second->type).ok()) << o.code;
    }
    auto stages = SplitList(o.stages);
    EXPECT_TRUE(org::ValidateStages(stages).ok()) << o.code;
    if (o.type == "school") {
      EXPECT_FALSE(stages.empty()) << o.code;
      EXPECT_EQ(o.rural, o.parent_code != kCountyCode) << o.name;  // township schools rural, county seat urban
    }
    kindergartens += Contains(stages, "幼儿园");
    high_schools += Contains(stages, "高中") && o.type == "school";
    nine_year += Contains(stages, "小学") && Contains(stages, "初中");
    vocational += Contains(stages, "中职");
  }
  EXPECT_EQ(by_type["province"], 1);
  EXPECT_EQ(by_type["city"], 1);
  EXPECT_EQ(by_type["county"], 1);
  EXPECT_EQ(by_type["bureau"], 1);
  EXPECT_EQ(by_type["institution"], 1);
  EXPECT_EQ(by_type["township"], 30);
  EXPECT_GE(by_type["school"], 140);
  EXPECT_LE(by_type["school"], 160);
  EXPECT_GE(kindergartens, 1);
  EXPECT_GE(high_schools, 3);
  EXPECT_LE(high_schools, 5);
  EXPECT_GE(nine_year, 3);
  EXPECT_EQ(vocational, 1);

  // Each township: exactly one school teaching 初中.
  std::map<std::string, int> junior;
  for (const DemoOrg& o : c.orgs)
    if (o.type == "school" && o.parent_code != kCountyCode && Contains(SplitList(o.stages), "初中"))
      ++junior[o.parent_code];
  EXPECT_EQ(junior.size(), 30u);
  for (const auto& [township, n] : junior) EXPECT_EQ(n, 1) << township;
}

TEST(DemoCounty, WellKnownEntities) {
  const DemoCounty& c = County();
  auto orgs = OrgsByCode(c);
  auto type_of = [&](const char* code) { return orgs.count(code) ? orgs[code]->type : std::string("(missing)"); };
  EXPECT_EQ(type_of(kProvinceCode), "province");
  EXPECT_EQ(type_of(kCityCode), "city");
  EXPECT_EQ(type_of(kCountyCode), "county");
  EXPECT_EQ(type_of(kBureauCode), "bureau");
  EXPECT_EQ(type_of(kInstitutionCode), "institution");
  EXPECT_EQ(type_of(kTownshipCode), "township");
  ASSERT_EQ(type_of(kSchoolACode), "school");
  ASSERT_EQ(type_of(kSchoolBCode), "school");
  EXPECT_EQ(orgs[kSchoolACode]->parent_code, kTownshipCode);
  EXPECT_EQ(type_of(orgs[kSchoolBCode]->parent_code.c_str()), "township");
  EXPECT_NE(orgs[kSchoolBCode]->parent_code, kTownshipCode);
  // The township has other schools with teachers, so its admin sees more than A's.
  std::set<std::string> township_schools;
  for (const DemoOrg& o : c.orgs)
    if (o.parent_code == kTownshipCode) township_schools.insert(o.code);
  EXPECT_GE(township_schools.size(), 2u);

  // A and B: at least 30 小学 teachers each, for any seed.
  for (uint64_t seed : {kDefaultSeed, uint64_t{1}, uint64_t{7}}) {
    DemoCounty s = seed == kDefaultSeed ? c : GenerateCounty(seed, kToday);
    std::map<std::string, int> primary;
    std::map<std::string, std::vector<const DemoTeacher*>> roster;
    for (const DemoTeacher& t : s.teachers) {
      if (t.stage == "小学") ++primary[t.school_code];
      roster[t.school_code].push_back(&t);
    }
    EXPECT_GE(primary[kSchoolACode], 30) << seed;
    EXPECT_GE(primary[kSchoolBCode], 30) << seed;
    // The demo "teacher" account is the first teacher of school A: in
    // service, an ordinary teacher, and not last by name (the API tests
    // list "others" sorted by -name).
    for (const char* code : {kSchoolACode, kSchoolBCode}) {
      const auto& r = roster[code];
      ASSERT_FALSE(r.empty());
      EXPECT_EQ(r[0]->status, "在职");
      EXPECT_NE(r[0]->posts, "校长");
      EXPECT_NE(r[0]->posts, "副校长");
      std::string max_name;
      for (const DemoTeacher* t : r) max_name = std::max(max_name, t->name);
      EXPECT_LT(r[0]->name, max_name) << seed;
    }
  }
}

// ---------------------------------------------------------------- teachers

TEST(DemoCounty, StageTotalsAreExact) {
  std::map<std::string, int> by_stage;
  for (const DemoTeacher& t : County().teachers) ++by_stage[t.stage];
  EXPECT_EQ(by_stage["高中"], 1100);
  EXPECT_EQ(by_stage["初中"], 2313);
  EXPECT_EQ(by_stage["小学"], 3049);
  EXPECT_EQ(by_stage["幼儿园"], 70);
  EXPECT_EQ(by_stage["中职"], kVocationalTeachers);
  EXPECT_EQ(by_stage.size(), 5u);
  EXPECT_EQ(static_cast<int>(County().teachers.size()), kTotalTeachers);
}

TEST(DemoCounty, EveryTeacherIsInASchoolOfTheirStage) {
  const DemoCounty& c = County();
  auto orgs = OrgsByCode(c);
  std::map<std::string, int> per_org;
  for (const DemoTeacher& t : c.teachers) {
    auto it = orgs.find(t.school_code);
    ASSERT_NE(it, orgs.end()) << t.school_code;
    const DemoOrg& o = *it->second;
    EXPECT_TRUE(o.type == "school" || o.type == "institution") << o.code;
    EXPECT_TRUE(Contains(SplitList(o.stages), t.stage)) << o.name << " " << t.stage;
    ++per_org[o.code];
  }
  // Every school has teachers; village schools are small, county-seat ones large.
  for (const DemoOrg& o : c.orgs) {
    if (o.type == "school") {
      EXPECT_GE(per_org[o.code], 5) << o.name;
    }
  }
  EXPECT_GT(per_org[std::string(kCountyCode) + "000001"], 250);  // 第一中学
}

TEST(DemoCounty, IdNumbersAreValidUniqueAndAgreeWithSexAndBirthDate) {
  const DemoCounty& c = County();
  std::unordered_set<std::string> ids;
  int local = 0;
  for (const DemoTeacher& t : c.teachers) {
    auto info = ParseIdCard(t.id_number);
    ASSERT_TRUE(info.ok()) << t.id_number << " " << info.status().key();
    EXPECT_EQ(info->normalized, t.id_number);
    EXPECT_EQ(info->sex, t.sex);
    EXPECT_EQ(info->birth_date.ToString(), t.birth_date);
    int seq = std::stoi(t.id_number.substr(14, 3));
    EXPECT_GE(seq, 100);  // 001–099 are left to hand-written test IDs
    EXPECT_TRUE(ids.insert(t.id_number).second) << "duplicate " << t.id_number;
    local += info->region == kCountyCode;
  }
  // Most teachers were born in the county.
  EXPECT_GT(local, static_cast<int>(c.teachers.size()) * 3 / 4);
}

TEST(DemoCounty, FieldsPassTheRegistrysValidationAndArePlausible) {
  const DemoCounty& c = County();
  std::map<std::string, int> title, status, backbone, ethnicity, subject, posts_count;
  std::map<std::string, std::pair<int, int>> women;  // stage → (women, all)
  int new_teachers = 0;
  std::set<std::string> phones;
  for (const DemoTeacher& d : c.teachers) {
    teachers::Teacher t;
    t.name = d.name;
    t.id_number = d.id_number;
    t.sex = d.sex;
    t.birth_date = d.birth_date;
    t.ethnicity = d.ethnicity;
    t.phone = d.phone;
    t.stage = d.stage;
    t.subject = d.subject;
    t.title = d.title;
    t.posts = SplitList(d.posts);
    t.hire_date = d.hire_date;
    t.cert_number = d.cert_number;
    t.status = d.status;
    t.backbone_level = d.backbone_level;
    Status st = teachers::NormalizeAndValidate(t);
    ASSERT_TRUE(st.ok()) << d.id_number << " " << st.key() << " " << st.field();
    EXPECT_EQ(t.id_number, d.id_number);

    Date birth = *ParseDate(d.birth_date);
    Date hire = *ParseDate(d.hire_date);
    int age = YearsBetween(birth, kToday);
    EXPECT_GE(age, 22) << d.birth_date;
    EXPECT_LE(age, 60) << d.birth_date;
    EXPECT_GE(YearsBetween(birth, hire), 21) << d.birth_date << " hired " << d.hire_date;
    EXPECT_LE(hire, kToday);
    new_teachers += YearsBetween(hire, kToday) < 3;
    ASSERT_EQ(d.phone.size(), 11u);
    EXPECT_GE(d.phone[1], '3');
    phones.insert(d.phone);
    EXPECT_EQ(d.cert_number.size(), 17u);
    EXPECT_GE(d.name.size(), 6u);  // two or more characters
    ++title[d.title];
    ++status[d.status];
    ++backbone[d.backbone_level];
    ++ethnicity[d.ethnicity];
    ++subject[d.subject];
    for (const auto& p : t.posts) ++posts_count[p];
    auto& w = women[d.stage];
    w.first += d.sex == "女";
    ++w.second;
  }
  const int n = static_cast<int>(c.teachers.size());
  EXPECT_GT(phones.size(), static_cast<size_t>(n) * 99 / 100);
  EXPECT_GT(new_teachers, n / 20);
  EXPECT_LT(new_teachers, n / 3);
  // Titles: mostly 一级 / 二级 / 高级; 正高级 rare.
  EXPECT_GT(title["一级教师"], n / 4);
  EXPECT_GT(title["高级教师"], n / 10);
  EXPECT_GT(title["二级教师"], n / 10);
  EXPECT_GT(title["未定级"], 0);
  EXPECT_GT(title["三级教师"], 0);
  EXPECT_GE(title["正高级教师"], 1);
  EXPECT_LT(title["正高级教师"], 30);
  // Status: mostly in service.
  EXPECT_GT(status["在职"], n * 95 / 100);
  EXPECT_GT(status["退休"], 0);
  EXPECT_GT(status["调出"], 0);
  // Backbone: mostly none, a handful provincial.
  EXPECT_GT(backbone["无"], n * 80 / 100);
  EXPECT_GT(backbone["校级"], backbone["县级"]);
  EXPECT_GT(backbone["县级"], backbone["市级"]);
  EXPECT_GT(backbone["市级"], backbone["省级"]);
  EXPECT_GE(backbone["省级"], 1);
  EXPECT_LE(backbone["省级"], 20);
  EXPECT_EQ(backbone["国家级"], 0);
  // Ethnicity: mostly 汉族, a few 瑶族 and 壮族.
  EXPECT_GT(ethnicity["汉族"], n * 95 / 100);
  EXPECT_GT(ethnicity["瑶族"], 0);
  EXPECT_GT(ethnicity["壮族"], 0);
  // Women: ~70% in 小学, nearly all in 幼儿园, about half in 高中.
  auto share = [&](const char* stage) { return women[stage].first * 100 / women[stage].second; };
  EXPECT_NEAR(share("小学"), 70, 5);
  EXPECT_GT(share("幼儿园"), 85);
  EXPECT_NEAR(share("高中"), 50, 6);
  // Subjects by stage.
  EXPECT_GT(subject["语文"], subject["物理"]);
  EXPECT_EQ(subject["学前教育"], 70);
  // Posts: every school one 校长 and (when not tiny) one or two 副校长.
  auto orgs = OrgsByCode(c);
  std::map<std::string, std::map<std::string, int>> per_school;
  for (const DemoTeacher& t : c.teachers)
    for (const auto& p : SplitList(t.posts)) ++per_school[t.school_code][p];
  int schools = 0;
  for (const DemoOrg& o : c.orgs) {
    if (o.type != "school") continue;
    ++schools;
    EXPECT_EQ(per_school[o.code]["校长"], 1) << o.name;
    EXPECT_GE(per_school[o.code]["副校长"], 1) << o.name;
    EXPECT_LE(per_school[o.code]["副校长"], 2) << o.name;
  }
  EXPECT_EQ(posts_count["校长"], schools);
  EXPECT_EQ(per_school[kInstitutionCode]["教研员"], 12);
  EXPECT_GT(posts_count["班主任"], n / 4);
  EXPECT_GT(posts_count["中层"], 0);
  EXPECT_GT(posts_count["教师"], n / 3);
}

TEST(DemoGenerateTeacher, ManyTeachersHaveUniqueValidIdNumbers) {
  // The benchmark generator's use: many teachers of one school, one region.
  DemoOrg school{"441821101001", "某校", "school", kTownshipCode, "小学、初中", true};
  Rng rng(99);
  UniqueIds ids;
  std::unordered_set<std::string> seen;
  const int n = 100000;
  seen.reserve(n);
  for (int i = 0; i < n; ++i) {
    DemoTeacher t = GenerateTeacher(rng, school, kToday, ids);
    ASSERT_TRUE(seen.insert(t.id_number).second) << t.id_number;
    if (i % 97 == 0) {
      auto info = ParseIdCard(t.id_number);
      ASSERT_TRUE(info.ok());
      EXPECT_EQ(info->sex, t.sex);
      EXPECT_TRUE(t.stage == "小学" || t.stage == "初中");
    }
  }
}

TEST(DemoGenerateTeacher, AFullDayMovesTheBirthDateAndStaysUnique) {
  UniqueIds ids;
  std::set<std::string> seen;
  std::map<std::string, int> per_day;
  for (int i = 0; i < 1000; ++i) {
    std::string id = ids.IdNumber("441821", Date{1990, 6, 15}, true);
    ASSERT_TRUE(seen.insert(id).second);
    auto info = ParseIdCard(id);
    ASSERT_TRUE(info.ok()) << id;
    EXPECT_EQ(info->sex, "男");
    ++per_day[info->birth_date.ToString()];
  }
  EXPECT_EQ(per_day["1990-06-15"], 450);
  EXPECT_EQ(per_day["1990-06-16"], 450);
  EXPECT_EQ(per_day["1990-06-14"], 100);
  // The other sex has its own 450 on the same day.
  EXPECT_EQ(ParseIdCard(ids.IdNumber("441821", Date{1990, 6, 15}, false))->birth_date.ToString(), "1990-06-15");
}

// ---------------------------------------------------------------- storage

void CheckStored(db::Database& db, const DemoCounty& c) {
  Status st = db.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    tx.QueryOne("SELECT COUNT(*) FROM orgs", {}, r);
    EXPECT_EQ(r.Int(0), static_cast<int64_t>(c.orgs.size()));
    tx.QueryOne("SELECT COUNT(*) FROM teachers", {}, r);
    EXPECT_EQ(r.Int(0), static_cast<int64_t>(c.teachers.size()));
    // Paths: the root "/<id>/", every child its parent's path + id + "/".
    tx.QueryOne("SELECT COUNT(*) FROM orgs WHERE parent_id IS NULL AND path = '/' || id || '/'", {}, r);
    EXPECT_EQ(r.Int(0), 1);
    tx.QueryOne("SELECT COUNT(*) FROM orgs c JOIN orgs p ON p.id = c.parent_id WHERE c.path = p.path || c.id || '/'",
                {}, r);
    EXPECT_EQ(r.Int(0), static_cast<int64_t>(c.orgs.size()) - 1);
    // Teachers sit in the orgs their school codes name; posts kept joined.
    std::map<std::string, int> expected;
    for (const DemoTeacher& t : c.teachers) ++expected[t.school_code];
    for (const auto& row : tx.Query("SELECT o.code, COUNT(*) FROM teachers t JOIN orgs o ON o.id = t.org_id "
                                    "GROUP BY o.code")) {
      EXPECT_EQ(row.Int(1), expected[row.Str(0)]) << row.Str(0);
      expected.erase(row.Str(0));
    }
    EXPECT_TRUE(expected.empty());
    const DemoTeacher& sample = c.teachers[c.teachers.size() / 2];
    tx.QueryOne("SELECT t.name, t.posts, t.hire_date, t.backbone_level, o.rural FROM teachers t JOIN orgs o ON o.id = t.org_id "
                "WHERE id_number = :idn",
                {sample.id_number}, r);
    EXPECT_EQ(r.Str(0), sample.name);
    EXPECT_EQ(r.Str(1), sample.posts);
    EXPECT_EQ(r.Str(2), sample.hire_date);
    EXPECT_EQ(r.Str(3), sample.backbone_level);
    tx.QueryOne("SELECT stages, rural FROM orgs WHERE code = :c", {std::string(kSchoolACode)}, r);
    EXPECT_EQ(r.Str(0), "小学");
    EXPECT_EQ(r.Int(1), 1);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.Message("en");
}

TEST(DemoInsert, CountyIntoSqlite) {
  auto path = std::filesystem::temp_directory_path() / ("jj_demo_" + std::to_string(getpid()) + ".db");
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + ext);
  auto db = db::Database::Open("sqlite:" + path.string(), 1);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(db::Migrate(**db).ok());
  const DemoCounty& c = County();
  auto started = std::chrono::steady_clock::now();
  Status st = (*db)->Transact([&](db::Tx& tx) { return InsertCounty(tx, c, 1772337600); });
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(st.ok()) << st.Message("en");
  std::printf("[ demo ] InsertCounty on SQLite: %zu orgs, %zu teachers in %lld ms\n", c.orgs.size(),
              c.teachers.size(), static_cast<long long>(ms));
  CheckStored(**db, c);
  // A second insert collides on codes and ID numbers and leaves nothing.
  Status again = (*db)->Transact([&](db::Tx& tx) { return InsertCounty(tx, c, 1772337600); });
  EXPECT_FALSE(again.ok());
  CheckStored(**db, c);
  db->reset();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + ext);
}

// On PostgreSQL when JIJIAO_TEST_PG is set (scripts/with-postgres.sh), in a
// schema of its own.
TEST(DemoInsert, CountyIntoPostgres) {
  const char* url = std::getenv("JIJIAO_TEST_PG");
  if (!url || !*url) GTEST_SKIP() << "JIJIAO_TEST_PG is not set";
  auto db = db::Database::Open(url, 1);
  ASSERT_TRUE(db.ok());
  // A schema of its own on the only session of the pool: other data in that
  // database is left alone.
  auto use_schema = [&](bool drop_only) {
    return (*db)->Read([&](db::Tx& tx) -> Status {
      tx.Exec("DROP SCHEMA IF EXISTS jj_demo_test CASCADE");
      if (!drop_only) {
        tx.Exec("CREATE SCHEMA jj_demo_test");
        tx.Exec("SET search_path TO jj_demo_test");
      }
      return Status::Ok();
    });
  };
  ASSERT_TRUE(use_schema(false).ok());
  ASSERT_TRUE(db::Migrate(**db).ok());
  const DemoCounty& c = County();
  auto started = std::chrono::steady_clock::now();
  Status st = (*db)->Transact([&](db::Tx& tx) { return InsertCounty(tx, c, 1772337600); });
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(st.ok()) << st.Message("en");
  std::printf("[ demo ] InsertCounty on PostgreSQL: %zu orgs, %zu teachers in %lld ms\n", c.orgs.size(),
              c.teachers.size(), static_cast<long long>(ms));
  CheckStored(**db, c);
  EXPECT_TRUE(use_schema(true).ok());
}

}  // namespace
}  // namespace jj::demo
