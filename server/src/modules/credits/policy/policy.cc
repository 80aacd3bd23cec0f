#include "modules/credits/policy/policy.h"

#include <algorithm>

namespace jj::credits::policy {

const std::vector<std::string>& Levels() {
  static const std::vector<std::string> k = {"国培", "省培", "市培", "区县级", "校本"};
  return k;
}
const std::vector<std::string>& Forms() {
  static const std::vector<std::string> k = {"集中培训", "网络研修", "校本研修", "跟岗研修", "工作坊", "岗前培训"};
  return k;
}
const std::vector<std::string>& Locations() {
  static const std::vector<std::string> k = {"区域内", "区域外"};
  return k;
}
const std::vector<std::string>& Dimensions() {
  static const std::vector<std::string> k = {"师德修养", "学科教学", "学生管理", "专业成长"};
  return k;
}

const char* MeasureName(Measure m) { return m == Measure::kHours ? "hours" : "credits"; }

namespace {
// Floor division: cycles repeat backwards from start_year too.
int FloorDiv(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool Matches(const std::vector<std::string>& set, std::string_view v) {
  return set.empty() || std::find(set.begin(), set.end(), v) != set.end();
}
}  // namespace

int Period::FirstYear(int year) const {
  if (kind == Kind::kYear || cycle_years <= 1) return year;
  return start_year + FloorDiv(year - start_year, cycle_years) * cycle_years;
}

int Period::LastYear(int year) const {
  if (kind == Kind::kYear || cycle_years <= 1) return year;
  return FirstYear(year) + cycle_years - 1;
}

int CoefficientFor(const Policy& p, std::string_view level, std::string_view form, std::string_view location) {
  if (location.empty()) location = "区域内";
  for (const auto& r : p.coefficients) {
    if (Matches(r.levels, level) && Matches(r.forms, form) && Matches(r.locations, location)) {
      return r.coef_hundredths;
    }
  }
  return p.default_coef_hundredths;
}

int64_t RoundedCreditsTenths(int64_t units, int hours_per_credit) {
  // units are 1/(1000*hpc) credit; a tenth of a credit is 100*hpc units.
  const int64_t d = int64_t{100} * hours_per_credit;
  return (units + d / 2) / d;  // half up; d is even, so d/2 is exact
}

bool RequiresDimension(const Policy& p) {
  return std::any_of(p.requirements.begin(), p.requirements.end(),
                     [](const Requirement& r) { return !r.counts.dimensions.empty(); });
}

bool FiltersDisjoint(const RecordFilter& a, const RecordFilter& b) {
  // Achievements: a filter counts them only when it has no other filter, so
  // such a filter also takes every training record and meets any other.
  if (a.include_achievements || b.include_achievements) return false;
  auto apart = [](const std::vector<std::string>& x, const std::vector<std::string>& y) {
    if (x.empty() || y.empty()) return false;
    return std::none_of(x.begin(), x.end(), [&](const std::string& v) { return Matches(y, v); });
  };
  return apart(a.dimensions, b.dimensions) || apart(a.forms, b.forms) || apart(a.levels, b.levels);
}

std::string FormatExact(int64_t units, int64_t per_one) {
  // Scale to ten-thousandths, rounding up what does not fit.
  const int64_t scaled = (units * 10000 + per_one - 1) / per_one;
  std::string frac = std::to_string(scaled % 10000);
  frac = std::string(4 - frac.size(), '0') + frac;
  while (frac.size() > 1 && frac.back() == '0') frac.pop_back();
  return std::to_string(scaled / 10000) + "." + frac;
}

std::string FormatTenths(int64_t tenths) {
  std::string sign = tenths < 0 ? "-" : "";
  int64_t a = tenths < 0 ? -tenths : tenths;
  return sign + std::to_string(a / 10) + "." + std::to_string(a % 10);
}

std::string FormatHundredths(int64_t hundredths) {
  std::string sign = hundredths < 0 ? "-" : "";
  int64_t a = hundredths < 0 ? -hundredths : hundredths;
  int64_t f = a % 100;
  return sign + std::to_string(a / 100) + "." + (f < 10 ? "0" : "") + std::to_string(f);
}

const Policy& DefaultPolicy() {
  static const Policy kPolicy = [] {
    Policy p;
    p.name = "区县岗位培训学分政策（默认，依据 S1 区级方案）";
    p.hours_per_credit = 1;
    p.default_coef_hundredths = 100;
    // S1 §五.2: 区级集中培训 1.2 wherever it is held; only 区级以上 (市培、
    // 省培、国培) splits 1.2 in the region / 1.3 outside it.
    const std::vector<std::string> above_district = {"国培", "省培", "市培"};
    p.coefficients = {
        {"school_based", {}, {"校本研修"}, {}, 100},
        {"online", {}, {"网络研修"}, {}, 70},
        {"district_central", {"区县级"}, {"集中培训"}, {}, 120},
        {"above_district_in_region", above_district, {"集中培训"}, {"区域内"}, 120},
        {"above_district_out_of_region", above_district, {"集中培训"}, {"区域外"}, 130},
    };
    p.passing_grades = {"优秀", "良好", "合格", "基本合格"};
    p.achievement_types = {{"荣誉", 100}, {"科研", 100}, {"论文", 100}, {"竞赛", 100}};
    p.achievement_cap_tenths = 100;
    auto yearly = [](std::string id, std::string name, std::string name_en, std::vector<std::string> dims,
                     int64_t min_tenths) {
      Requirement r;
      r.id = std::move(id);
      r.name = std::move(name);
      r.name_en = std::move(name_en);
      r.counts.dimensions = std::move(dims);
      r.counts.include_achievements = r.counts.dimensions.empty();
      r.measure = Measure::kCredits;
      r.minimum_tenths = min_tenths;
      return r;
    };
    p.requirements = {
        yearly("total", "年度总学分", "Yearly total", {}, 640),
        yearly("ethics", "师德修养", "Professional ethics", {"师德修养"}, 60),
        yearly("teaching", "学科教学", "Subject teaching", {"学科教学"}, 280),
        yearly("student_mgmt", "学生管理", "Student management", {"学生管理"}, 100),
        yearly("growth", "专业成长", "Professional growth", {"专业成长"}, 200),
    };
    return p;
  }();
  return kPolicy;
}

}  // namespace jj::credits::policy
