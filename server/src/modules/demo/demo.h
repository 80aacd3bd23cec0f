// The demo county: a deterministic, realistic 县 of about 150 schools and
// 6,600 teachers for `jijiao demo`, tests, the UI and benchmarks.
//
// Shape (fixed, the same for every seed, so tests can name nodes):
//   广东省 440000 → 清远市 441800 → 示范县 441821
//     ├ 示范县教育局 (bureau)       ├ 示范县教师进修学校 (institution, 教研员)
//     ├ 13 county-seat schools (urban): 4 高中 (one 完全中学 with 初中), the
//     │   职业中学 (中职), 2 初中, 4 小学, a 九年一贯制 实验学校, the 机关幼儿园
//     └ 30 townships "XX镇中心学校" (rural), each with a 中心小学, one 初中
//         (in 5 of them a 九年一贯制 school with 小学、初中 instead) and 1–4
//         village 小学; one township also has the 中心幼儿园.
// Teachers by stage are exact: 高中 1,100, 初中 2,313, 小学 3,049, 幼儿园 70
// (the S3 report's table), plus the 职业中学's 96 中职 teachers.
// Teachers (names, ID numbers, ages, titles, …) depend on the seed; how many
// teach at each school does not.
//
// Determinism: std::mt19937_64 (its output is fixed by the C++ standard)
// with our own bounded draws and integer-only arithmetic, so a seed gives
// the same county on every platform and standard library.
//
// Thread safety: plain functions over values; a Rng or UniqueIds must not be
// shared between threads.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "infra/db/database.h"

namespace jj::demo {

// ---------------------------------------------------------------- well-known

inline constexpr uint64_t kDefaultSeed = 20260301;
inline constexpr const char* kProvinceCode = "440000";     // 广东省
inline constexpr const char* kCityCode = "441800";         // 清远市
inline constexpr const char* kCountyCode = "441821";       // 示范县 (also the ID-number region)
inline constexpr const char* kBureauCode = "441821900";    // 示范县教育局
inline constexpr const char* kInstitutionCode = "441821901";  // 示范县教师进修学校
inline constexpr const char* kTownshipCode = "441821101";  // 石角镇中心学校
// 石角镇中心小学 (in kTownshipCode) and 汤塘镇中心小学 (another township):
// each has more than 30 小学 teachers, for every seed.
inline constexpr const char* kSchoolACode = "441821101001";
inline constexpr const char* kSchoolBCode = "441821102001";

// Teachers per stage in GenerateCounty (exact).
inline constexpr int kHighTeachers = 1100;        // 高中
inline constexpr int kJuniorTeachers = 2313;      // 初中
inline constexpr int kPrimaryTeachers = 3049;     // 小学
inline constexpr int kKindergartenTeachers = 70;  // 幼儿园
inline constexpr int kVocationalTeachers = 96;    // 中职
inline constexpr int kTotalTeachers =
    kHighTeachers + kJuniorTeachers + kPrimaryTeachers + kKindergartenTeachers + kVocationalTeachers;

// ---------------------------------------------------------------- data

struct DemoOrg {
  std::string code, name, type, parent_code;  // parent_code empty for the root
  std::string stages;                         // joined with "、", may be empty
  bool rural = false;
};

// Every field as stored in `teachers` (dates "YYYY-MM-DD", posts joined with
// "、"). sex and birth_date always agree with id_number.
struct DemoTeacher {
  std::string id_number, name, sex, birth_date, ethnicity, phone;
  std::string school_code, stage, subject, title, posts, hire_date, cert_number, status, backbone_level;
};

// Orgs are ordered parents first; teachers are grouped by school in org order.
struct DemoCounty {
  std::vector<DemoOrg> orgs;
  std::vector<DemoTeacher> teachers;
};

// ---------------------------------------------------------------- randomness

// A seeded generator with portable draws (std:: distributions are not
// portable across standard libraries; these are).
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Next() { return engine_(); }
  // Uniform in [0, n), unbiased (rejection); n > 0.
  uint64_t Below(uint64_t n);
  // Uniform in [lo, hi], inclusive; lo <= hi.
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo) + 1)); }
  // True with probability per_mille / 1000.
  bool PerMille(int per_mille) { return static_cast<int>(Below(1000)) < per_mille; }
  // An index drawn with the given non-negative integer weights (sum > 0).
  size_t Weighted(const std::vector<int>& weights);

 private:
  std::mt19937_64 engine_;
};

// Hands out ID numbers (and certificate serials) that are unique for the
// life of the object — across any number of teachers, not just likely so.
// The sequence digits (100–999: never the 001–099 that tests write by hand)
// are allocated per region, birth date and sex; when all 450 of a day are
// taken the birth date moves to the nearest day with room (read the date
// back from the number). That happens only past ~450 people of one sex born
// on one day in one region; 1M teachers in one region stay far below it.
// Throws std::length_error only if ±10 years around the date are full.
class UniqueIds {
 public:
  std::string IdNumber(std::string_view region6, const Date& birth, bool male);
  // 1, 2, 3, … (certificate serials).
  int64_t NextSerial() { return ++serial_; }

 private:
  std::unordered_map<std::string, uint16_t> taken_;  // region+yyyymmdd+sex → count
  int64_t serial_ = 0;
};

// ---------------------------------------------------------------- generation

// The county described above. `today` anchors ages, hire dates and
// "new teacher" (hired within 3 years).
DemoCounty GenerateCounty(uint64_t seed, const Date& today);

// One plausible teacher of `school` (any DemoOrg; school/township/institution
// types make sense): stage `stage`, or one of the school's stages when
// empty (小学 when it has none); ID region = the school code's first 6
// digits when they form a region code, else kCountyCode — mostly, since a
// few teachers come from elsewhere. Posts are 教师 / 班主任 / 中层 (教研员
// at an institution); GenerateCounty adds 校长 and 副校长. For benchmarks:
// loop with one Rng and one UniqueIds for any number of unique teachers.
DemoTeacher GenerateTeacher(Rng& rng, const DemoOrg& school, const Date& today, UniqueIds& ids,
                            std::string_view stage = {});

// ---------------------------------------------------------------- storage

// Inserts the orgs (parents first; path = parent's path + id + "/", the root
// "/<id>/") and then the teachers (org_id from school_code) in the caller's
// transaction, with created_at/updated_at = now. Teachers go through
// db::BulkInserter.
// Errors: Internal when an org's parent or a teacher's school is not in `c`
// (a generator bug). Database failures throw (soci::soci_error) like every
// Tx statement: a code or ID number already present, a missing migration;
// Database::Transact turns them into Internal and rolls back.
Status InsertCounty(db::Tx& tx, const DemoCounty& c, int64_t now);

}  // namespace jj::demo
