// Generation of the demo county. Every draw goes through Rng (integer
// arithmetic only), so the output is a pure function of (seed, today).
#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

#include "core/id_card.h"
#include "core/text.h"
#include "modules/demo/demo.h"

namespace jj::demo {

uint64_t Rng::Below(uint64_t n) {
  // 2^64 mod n: draws below it would make the low residues more likely.
  const uint64_t threshold = (0 - n) % n;
  for (;;) {
    uint64_t r = engine_();
    if (r >= threshold) return r % n;
  }
}

size_t Rng::Weighted(const std::vector<int>& weights) {
  uint64_t total = 0;
  for (int w : weights) total += static_cast<uint64_t>(w);
  uint64_t r = Below(total);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (r < static_cast<uint64_t>(weights[i])) return i;
    r -= static_cast<uint64_t>(weights[i]);
  }
  return weights.size() - 1;  // unreachable
}


namespace {

// ---------------------------------------------------------------- tables

// A value with an integer weight.
struct W {
  const char* value;
  int weight;
};

template <size_t N>
const char* Pick(Rng& rng, const std::array<W, N>& table) {
  std::vector<int> weights;
  weights.reserve(N);
  for (const W& w : table) weights.push_back(w.weight);
  return table[rng.Weighted(weights)].value;
}

template <size_t N>
const char* Uniform(Rng& rng, const std::array<const char*, N>& table) {
  return table[rng.Below(N)];
}

// Common surnames, weighted roughly as in Guangdong.
const std::array<W, 44> kSurnames = {{
    {"陈", 90}, {"李", 80}, {"黄", 70}, {"张", 60}, {"王", 50}, {"刘", 45}, {"梁", 45}, {"林", 40}, {"吴", 30},
    {"杨", 30}, {"何", 25}, {"罗", 25}, {"周", 20}, {"郑", 20}, {"邓", 20}, {"朱", 15}, {"谢", 15}, {"曾", 15},
    {"赵", 15}, {"冯", 12}, {"钟", 12}, {"叶", 12}, {"许", 10}, {"彭", 10}, {"蔡", 10}, {"潘", 10}, {"卢", 10},
    {"廖", 10}, {"胡", 10}, {"徐", 10}, {"孙", 8},  {"苏", 8},  {"郭", 8},  {"邱", 8},  {"马", 6},  {"高", 6},
    {"江", 6},  {"温", 6},  {"赖", 6},  {"汤", 5},  {"莫", 5},  {"严", 4},  {"欧阳", 3}, {"司徒", 2},
}};

const std::array<const char*, 40> kFemaleChars = {
    "丽", "芳", "敏", "静", "婷", "燕", "娟", "霞", "玲", "红", "梅", "琳", "雪", "慧", "洁", "颖", "雅", "欣", "倩", "秀",
    "美", "月", "蓉", "萍", "琴", "莹", "晶", "璐", "薇", "妍", "彩", "凤", "兰", "艳", "丹", "珊", "淑", "惠", "素", "翠",
};
const std::array<const char*, 40> kMaleChars = {
    "伟", "强", "军", "磊", "勇", "杰", "涛", "斌", "明", "华", "志", "国", "建", "俊", "浩", "峰", "辉", "鹏", "振", "海",
    "平", "东", "德", "荣", "坤", "锦", "超", "刚", "波", "健", "亮", "龙", "飞", "宏", "成", "兵", "光", "雄", "锋", "彬",
};
const std::array<const char*, 20> kNeutralChars = {
    "文", "晓", "嘉", "思", "宇", "佳", "子", "家", "泽", "少", "永", "春", "秋", "冬", "小", "梓", "雨", "诗", "清", "宁",
};

// Mobile prefixes of the three carriers (every one 1[3-9]x).
const std::array<const char*, 36> kPhonePrefixes = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181",
    "182", "183", "184", "185", "186", "187", "188", "189", "191", "195", "198", "199",
};

// Birthplaces of teachers who are not from the county.
const std::array<const char*, 12> kGuangdongRegions = {
    "441802", "441803", "441823", "441881", "441882", "440111",
    "440606", "441402", "440882", "441202", "440105", "441302",
};
const std::array<const char*, 8> kOtherRegions = {
    "430424", "430522", "450103", "450881", "360732", "420117", "510623", "350128",
};

// Subjects by stage, weighted by how many teachers teach them.
const std::array<W, 9> kPrimarySubjects = {{
    {"语文", 350}, {"数学", 300}, {"英语", 100}, {"科学", 50}, {"道德与法治", 40},
    {"音乐", 50},  {"体育", 60},  {"美术", 35},  {"信息技术", 15},
}};
const std::array<W, 13> kJuniorSubjects = {{
    {"语文", 160}, {"数学", 160}, {"英语", 150}, {"物理", 80}, {"化学", 60}, {"生物", 60}, {"道德与法治", 70},
    {"历史", 60},  {"地理", 50},  {"音乐", 30},  {"体育", 60}, {"美术", 30}, {"信息技术", 30},
}};
const std::array<W, 13> kHighSubjects = {{
    {"语文", 130}, {"数学", 140}, {"英语", 130}, {"物理", 100}, {"化学", 90}, {"生物", 80}, {"政治", 80},
    {"历史", 70},  {"地理", 70},  {"音乐", 20},  {"体育", 50},  {"美术", 20}, {"信息技术", 20},
}};
const std::array<W, 10> kVocationalSubjects = {{
    {"语文", 90},       {"数学", 90},       {"英语", 80},  {"政治", 40},   {"体育", 50},
    {"信息技术", 120},  {"机电技术", 160},  {"电子商务", 130}, {"会计", 110}, {"汽车运用与维修", 130},
}};
const std::array<W, 1> kKindergartenSubjects = {{{"学前教育", 1}}};

const char* PickSubject(Rng& rng, const std::string& stage) {
  if (stage == "幼儿园") return Pick(rng, kKindergartenSubjects);
  if (stage == "初中") return Pick(rng, kJuniorSubjects);
  if (stage == "高中") return Pick(rng, kHighSubjects);
  if (stage == "中职") return Pick(rng, kVocationalSubjects);
  return Pick(rng, kPrimarySubjects);  // 小学, 特殊教育
}

// Share of women by stage, per mille.
int FemalePerMille(const std::string& stage) {
  if (stage == "幼儿园") return 970;
  if (stage == "小学") return 700;
  if (stage == "初中") return 580;
  if (stage == "特殊教育") return 750;
  return 500;  // 高中, 中职
}

// 班主任 share by stage, per mille.
int ClassHeadPerMille(const std::string& stage) {
  if (stage == "小学") return 420;
  if (stage == "初中") return 350;
  if (stage == "幼儿园") return 400;
  return 300;
}

// The cert's 资格种类 digit.
char CertKind(const std::string& stage) {
  if (stage == "幼儿园") return '1';
  if (stage == "小学") return '2';
  if (stage == "初中") return '3';
  if (stage == "高中") return '4';
  if (stage == "中职") return '5';
  return '2';
}

// ---------------------------------------------------------------- dates

// The same day `years` later (Feb 29 → Feb 28 in common years).
Date AddYears(const Date& d, int years) {
  Date out{d.year + years, d.month, d.day};
  if (!IsValidDate(out.year, out.month, out.day)) out.day = 28;
  return out;
}

Date AddDays(const Date& d, long days) { return Date::FromDaysSinceEpoch(d.DaysSinceEpoch() + days); }

// A birth date at which a person is exactly `age` on `today`.
Date BirthForAge(Rng& rng, const Date& today, int age) {
  long hi = AddYears(today, -age).DaysSinceEpoch();
  long lo = AddYears(today, -(age + 1)).DaysSinceEpoch() + 1;
  return Date::FromDaysSinceEpoch(lo + static_cast<long>(rng.Below(static_cast<uint64_t>(hi - lo + 1))));
}

int DrawAge(Rng& rng, bool male) {
  // Ages 22–60: many mid-career teachers, a steady stream of new ones, and
  // few women past 55 (their usual retirement age).
  std::vector<int> weights;
  for (int age = 22; age <= 60; ++age) {
    int w = age <= 24 ? 14 : age <= 29 ? 18 : age <= 34 ? 20 : age <= 39 ? 22 : age <= 44 ? 24 : age <= 49 ? 26
          : age <= 54 ? 22 : age <= 57 ? (male ? 8 : 3) : (male ? 4 : 1);
    weights.push_back(w);
  }
  return 22 + static_cast<int>(rng.Weighted(weights));
}

bool IsRegionCode(std::string_view s) {
  if (s.size() < 6) return false;
  for (size_t i = 0; i < 6; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  int province = (s[0] - '0') * 10 + (s[1] - '0');
  return province >= 11 && province <= 82;
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool TitleBelowFirstGrade(const std::string& t) { return t == "未定级" || t == "三级教师" || t == "二级教师"; }

// ---------------------------------------------------------------- one teacher

DemoTeacher MakeTeacher(Rng& rng, const DemoOrg& school, const Date& today, UniqueIds& ids, std::string_view stage_in,
                        bool force_active) {
  DemoTeacher t;
  std::string stage(stage_in);
  if (stage.empty()) {
    auto stages = SplitList(school.stages);
    stage = stages.empty() ? "小学" : stages[rng.Below(stages.size())];
  }
  const bool researcher = school.type == "institution";
  t.school_code = school.code;
  t.stage = stage;

  // Person.
  bool male = !rng.PerMille(researcher ? 550 : FemalePerMille(stage));
  int age = researcher ? rng.Between(32, 57) : DrawAge(rng, male);
  Date birth = BirthForAge(rng, today, age);
  std::string home = IsRegionCode(school.code) ? school.code.substr(0, 6) : std::string(kCountyCode);
  int eth = static_cast<int>(rng.Below(1000));
  std::string region;
  if (eth < 12) {
    t.ethnicity = "瑶族";
    region = rng.PerMille(500) ? "441826" : home;  // 连南瑶族自治县
  } else if (eth < 20) {
    t.ethnicity = "壮族";
    region = rng.PerMille(500) ? "450103" : "441825";  // 南宁 / 连山壮族瑶族自治县
  } else {
    t.ethnicity = "汉族";
    int from = static_cast<int>(rng.Below(1000));
    region = from < 850 ? home : from < 950 ? Uniform(rng, kGuangdongRegions) : Uniform(rng, kOtherRegions);
  }
  t.id_number = ids.IdNumber(region, birth, male);
  // The allocator may have moved the birth date: the ID number is the truth.
  birth = Date{std::stoi(t.id_number.substr(6, 4)), std::stoi(t.id_number.substr(10, 2)),
               std::stoi(t.id_number.substr(12, 2))};
  t.birth_date = birth.ToString();
  t.sex = male ? "男" : "女";
  age = YearsBetween(birth, today);

  t.name = Pick(rng, kSurnames);
  const auto& own = male ? kMaleChars : kFemaleChars;
  int given = rng.PerMille(250) ? 1 : 2;
  for (int i = 0; i < given; ++i) {
    if (i == 0 && given == 2 && rng.PerMille(300)) {
      t.name += Uniform(rng, kNeutralChars);
    } else {
      t.name += Uniform(rng, own);
    }
  }
  t.phone = std::string(Uniform(rng, kPhonePrefixes)) + Digits(rng, 8);
  t.subject = PickSubject(rng, stage);

  // Career: hired in September (sometimes late August or spring) a few years
  // after turning 21, never in the future.
  const Date adult = AddYears(birth, 21);
  static const std::vector<int> kHireDelay = {12, 30, 22, 12, 8, 5, 4, 3, 2, 2};
  int hire_year = adult.year + static_cast<int>(rng.Weighted(kHireDelay));
  int when = static_cast<int>(rng.Below(10));
  Date hire = when < 7 ? Date{hire_year, 9, 1} : when < 9 ? Date{hire_year, 8, rng.Between(15, 31)} : Date{hire_year, 3, 1};
  if (hire < adult) hire = AddYears(hire, 1);
  if (hire > today) {
    hire = Date{today.year, 9, 1};
    if (hire > today) hire.year -= 1;
    if (hire < adult) hire = adult;
  }
  t.hire_date = hire.ToString();
  const int service = YearsBetween(hire, today);
  const bool early_grades = stage == "小学" || stage == "幼儿园";

  // Title by years of service.
  int r = static_cast<int>(rng.Below(1000));
  if (researcher) {
    t.title = r < 500 ? "高级教师" : "一级教师";
  } else if (service < 1) {
    t.title = "未定级";
  } else if (service <= 4) {
    t.title = r < 150 ? "未定级" : (early_grades && r < 200) ? "三级教师" : "二级教师";
  } else if (service <= 11) {
    t.title = r < 550 ? "一级教师" : r < 930 ? "二级教师" : (early_grades && r < 970) ? "三级教师" : r < 970 ? "二级教师" : "未定级";
  } else if (service <= 19) {
    t.title = r < 600 ? "一级教师" : r < 880 ? "高级教师" : "二级教师";
  } else {
    int senior = stage == "高中" ? 550 : 450;
    bool top = (stage == "高中" || stage == "初中") && service >= 25;
    t.title = (top && r < 5) ? "正高级教师" : r < senior ? "高级教师" : r < 930 ? "一级教师" : "二级教师";
  }

  // Employment status.
  int s = static_cast<int>(rng.Below(1000));
  bool retiring_age = male ? age >= 58 : age >= 55;
  if (force_active) {
    t.status = "在职";
  } else if (retiring_age && s < 400) {
    t.status = "退休";
  } else if (s >= 982) {
    t.status = "调出";
  } else if (s >= 980) {
    t.status = "离职";
  } else {
    t.status = "在职";
  }
  const bool active = t.status == "在职";

  // Posts.
  if (researcher) {
    t.posts = "教研员";
  } else if (!active) {
    t.posts = "教师";
  } else if (service >= 5 && rng.PerMille(30)) {
    t.posts = "中层";
  } else if (age <= 55 && rng.PerMille(ClassHeadPerMille(stage))) {
    t.posts = "班主任";
  } else {
    t.posts = "教师";
  }

  // Backbone level (骨干教师): experienced, in service; higher levels need a
  // higher title.
  t.backbone_level = "无";
  if (active && service >= 5) {
    int b = static_cast<int>(rng.Below(1000));
    bool first_grade = !TitleBelowFirstGrade(t.title);
    bool senior = t.title == "高级教师" || t.title == "正高级教师";
    if (b < 2 && senior && service >= 15) {
      t.backbone_level = "省级";
    } else if (b < 14 && first_grade) {
      t.backbone_level = "市级";
    } else if (b < 54 && first_grade) {
      t.backbone_level = "县级";
    } else if (b < 124) {
      t.backbone_level = "校级";
    }
  }

  // Teacher's qualification certificate: year, province, county, kind, serial.
  int cert_year = std::max(adult.year - 1, hire.year - static_cast<int>(rng.Below(2)));
  char serial[16];
  std::snprintf(serial, sizeof serial, "%06lld", static_cast<long long>(ids.NextSerial() % 1000000));
  std::string place = IsRegionCode(school.code) ? school.code.substr(0, 6) : std::string(kCountyCode);
  t.cert_number = std::to_string(cert_year) + place + CertKind(stage) + serial;
  return t;
}

// ---------------------------------------------------------------- the county

const std::array<const char*, 30> kTowns = {
    "石角镇", "汤塘镇", "龙山镇", "水头镇", "高岗镇", "迳头镇", "黄花镇", "民安镇", "烟岭镇", "四九镇",
    "龙潭镇", "大陂镇", "白沙镇", "青莲镇", "太平镇", "新江镇", "沙口镇", "石潭镇", "浸潭镇", "桥头镇",
    "横石镇", "九龙镇", "黎溪镇", "大湾镇", "东华镇", "西牛镇", "望埠镇", "连江口镇", "三江镇", "瑶安乡",
};

const std::array<const char*, 130> kVillages = {
    "新村", "联和", "上岳", "下岳", "观音", "车步", "社坛", "荆竹", "黄塘", "龙塘", "洛洞", "大田", "高镇",
    "石铺", "禾仓", "东坑", "西坑", "南岭", "北岭", "塘尾", "陂头", "莲塘", "竹山", "松林", "岗背", "田心",
    "沙坪", "河口", "石门", "新联", "民乐", "和平", "长岗", "茶园", "水口", "湖洋", "白石", "黄坭", "桂元",
    "锦山", "凤岗", "鹤田", "良塘", "新围", "大岭", "小坑", "江村", "石联", "中心", "沙田", "坪田", "木棉",
    "梅坑", "蕉园", "龙头", "龙尾", "石坑", "金竹", "银岭", "古洞", "西田", "新塘", "旧圩", "下坪", "上坪",
    "乌石", "黄岗", "朱岗", "文洞", "潭村", "溪头", "溪尾", "三联", "四联", "五一", "红星", "东风", "前进",
    "青山", "碧水", "禾田", "莲花", "凤凰", "虎头", "狮山", "象岭", "鹿湖", "鹅塘", "鸭湖", "牛岗", "马岭",
    "羊角", "兔坑", "蛇岭", "鱼塘", "燕岗", "雁田", "鹰嘴", "鸡笼", "象山", "樟木", "榕树", "杉木", "桃源",
    "李屋", "梁屋", "陈屋", "黄屋", "何屋", "罗屋", "刘屋", "谢屋", "朱屋", "曾屋", "叶屋", "邓屋", "冯屋",
    "高田", "低田", "长湖", "短岭", "圆岗", "方田", "平岗", "安山", "乐村", "福田", "寿山", "康村", "宁村",
};

// Townships whose 初中 is a 九年一贯制 school (小学、初中).
bool NineYearTownship(size_t i) { return i == 5 || i == 11 || i == 17 || i == 23 || i == 28; }

// How many teachers of `stage` an org gets: weight shares of the stage total.
struct Slot {
  size_t org;
  std::string stage;
  int weight;  // relative size
  int count = 0;
};

// Largest-remainder apportionment in integers (ties to the earlier slot).
void Apportion(std::vector<Slot>& slots, const std::string& stage, int total) {
  std::vector<Slot*> mine;
  int64_t sum = 0;
  for (Slot& s : slots)
    if (s.stage == stage) {
      mine.push_back(&s);
      sum += s.weight;
    }
  if (mine.empty() || sum == 0) return;
  int given = 0;
  std::vector<std::pair<int64_t, size_t>> rem;
  for (size_t i = 0; i < mine.size(); ++i) {
    int64_t exact = static_cast<int64_t>(total) * mine[i]->weight;
    mine[i]->count = static_cast<int>(exact / sum);
    given += mine[i]->count;
    rem.emplace_back(exact % sum, i);
  }
  std::stable_sort(rem.begin(), rem.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < total; ++k, ++given) mine[rem[k % rem.size()].second]->count += 1;
}

constexpr uint64_t kStructureSeed = 0x4A494A49414F3231ull;  // the tree is the same for every seed
constexpr int kResearchersPerStage = 4;                     // 小学, 初中, 高中 at the institution

struct Plan {
  std::vector<DemoOrg> orgs;
  std::vector<Slot> slots;
};

Plan PlanCounty() {
  Plan p;
  Rng rng(kStructureSeed);
  auto add = [&](std::string code, std::string name, std::string type, std::string parent, std::string stages,
                 bool rural) {
    p.orgs.push_back({std::move(code), std::move(name), std::move(type), std::move(parent), std::move(stages), rural});
    return p.orgs.size() - 1;
  };
  auto slot = [&](size_t org, const char* stage, int weight) { p.slots.push_back({org, stage, weight}); };

  add(kProvinceCode, "广东省", "province", "", "", false);
  add(kCityCode, "清远市", "city", kProvinceCode, "", false);
  add(kCountyCode, "示范县", "county", kCityCode, "", false);
  add(kBureauCode, "示范县教育局", "bureau", kCountyCode, "", false);
  size_t inst = add(kInstitutionCode, "示范县教师进修学校", "institution", kCountyCode, "小学、初中、高中", false);
  for (const char* st : {"小学", "初中", "高中"}) slot(inst, st, 0);  // counts set below

  // The county seat: urban schools directly under the county.
  const std::string seat = std::string(kCountyCode) + "000";
  struct Seat {
    const char* suffix;
    const char* name;
    const char* stages;
    int primary, junior, high, kinder, vocational;
  };
  const Seat kSeat[] = {
      {"001", "示范县第一中学", "高中", 0, 0, 350, 0, 0},
      {"002", "示范县第二中学", "高中", 0, 0, 280, 0, 0},
      {"003", "示范县第三中学", "初中、高中", 0, 80, 170, 0, 0},
      {"004", "示范县华侨中学", "高中", 0, 0, 200, 0, 0},
      {"005", "示范县职业中学", "中职", 0, 0, 0, 0, 1},
      {"006", "示范县城关中学", "初中", 0, 300, 0, 0, 0},
      {"007", "示范县城南中学", "初中", 0, 280, 0, 0, 0},
      {"008", "示范县实验学校", "小学、初中", 200, 150, 0, 0, 0},
      {"009", "示范县实验小学", "小学", 400, 0, 0, 0, 0},
      {"010", "示范县城东小学", "小学", 340, 0, 0, 0, 0},
      {"011", "示范县城西小学", "小学", 300, 0, 0, 0, 0},
      {"012", "示范县城北小学", "小学", 260, 0, 0, 0, 0},
      {"013", "示范县机关幼儿园", "幼儿园", 0, 0, 0, 60, 0},
  };
  for (const Seat& s : kSeat) {
    size_t o = add(seat + s.suffix, s.name, "school", kCountyCode, s.stages, false);
    if (s.primary) slot(o, "小学", s.primary);
    if (s.junior) slot(o, "初中", s.junior);
    if (s.high) slot(o, "高中", s.high);
    if (s.kinder) slot(o, "幼儿园", s.kinder);
    if (s.vocational) slot(o, "中职", s.vocational);
  }

  // Townships with their schools (rural).
  size_t village = 0;
  for (size_t i = 0; i < kTowns.size(); ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "%s1%02zu", kCountyCode, i + 1);
    const std::string town = kTowns[i];
    const std::string stem = town.substr(0, town.size() - std::string("镇").size());
    add(code, town + "中心学校", "township", kCountyCode, "", true);
    int n = 1;
    auto school = [&](const std::string& name, const std::string& stages) {
      char sc[24];
      std::snprintf(sc, sizeof sc, "%s%03d", code, n++);
      return add(sc, name, "school", code, stages, true);
    };
    // The well-known schools A and B (townships 1 and 2) get a fixed size.
    size_t central = school(town + "中心小学", "小学");
    slot(central, "小学", i < 2 ? 160 : rng.Between(120, 170));
    if (NineYearTownship(i)) {
      size_t o = school(town + stem + "学校", "小学、初中");
      slot(o, "小学", rng.Between(50, 70));
      slot(o, "初中", rng.Between(90, 120));
    } else {
      slot(school(town + "中学", "初中"), "初中", rng.Between(140, 220));
    }
    if (i == 2) slot(school(town + "中心幼儿园", "幼儿园"), "幼儿园", 40);
    int villages = rng.Between(1, 4);
    for (int v = 0; v < villages; ++v) {
      slot(school(town + kVillages[village % kVillages.size()] + "小学", "小学"), "小学", rng.Between(20, 45));
      ++village;
    }
  }

  // The institution's researchers are a fixed few; the schools share the rest.
  Apportion(p.slots, "小学", kPrimaryTeachers - kResearchersPerStage);
  Apportion(p.slots, "初中", kJuniorTeachers - kResearchersPerStage);
  Apportion(p.slots, "高中", kHighTeachers - kResearchersPerStage);
  Apportion(p.slots, "幼儿园", kKindergartenTeachers);
  Apportion(p.slots, "中职", kVocationalTeachers);
  for (Slot& s : p.slots)
    if (s.org == inst) s.count = kResearchersPerStage;
  return p;
}

// One 校长 and one or two 副校长 per school, chosen among experienced
// teachers in service — never the school's first teacher, which the demo
// accounts use as an ordinary teacher.
void AssignLeaders(Rng& rng, std::vector<DemoTeacher>& all, size_t begin, size_t end, const Date& today) {
  const size_t n = end - begin;
  if (n < 2) return;
  auto candidates = [&](int min_age, int max_age) {
    std::vector<size_t> out;
    for (size_t i = begin + 1; i < end; ++i) {
      const DemoTeacher& t = all[i];
      if (t.status != "在职" || t.posts == "校长" || t.posts == "副校长") continue;
      int age = YearsBetween(*ParseDate(t.birth_date), today);
      if (age >= min_age && age <= max_age) out.push_back(i);
    }
    if (out.empty())
      for (size_t i = begin + 1; i < end; ++i)
        if (all[i].posts != "校长" && all[i].posts != "副校长") out.push_back(i);
    return out;
  };
  auto appoint = [&](const char* post, int min_age, int max_age) {
    auto c = candidates(min_age, max_age);
    if (c.empty()) return;
    DemoTeacher& t = all[c[rng.Below(c.size())]];
    t.posts = post;
    t.status = "在职";
    if (TitleBelowFirstGrade(t.title)) t.title = "一级教师";
  };
  appoint("校长", 40, 56);
  int vices = n >= 40 ? 2 : n >= 6 ? 1 : 0;
  for (int v = 0; v < vices; ++v) appoint("副校长", 33, 56);
}

}  // namespace

std::string UniqueIds::IdNumber(std::string_view region6, const Date& birth, bool male) {
  constexpr int kPerDay = 450;  // sequence 100–999 of one parity
  std::string key;
  for (long step = 0; step <= 2 * 3653; ++step) {
    // Try the day itself, then +1, -1, +2, -2, ...
    long offset = (step % 2 == 1) ? (step + 1) / 2 : -(step / 2);
    Date d = AddDays(birth, offset);
    char body[24];
    std::snprintf(body, sizeof body, "%.6s%04d%02d%02d", std::string(region6).c_str(), d.year, d.month, d.day);
    key.assign(body);
    key += male ? '1' : '0';
    uint16_t& count = taken_[key];
    if (count >= kPerDay) continue;
    // Spread the sequence numbers: a per-day start, stride 97 (coprime to 450).
    int idx = static_cast<int>((Fnv1a(key) % kPerDay + static_cast<uint64_t>(count) * 97) % kPerDay);
    ++count;
    int seq = 100 + 2 * idx + (male ? 1 : 0);
    char tail[8];
    std::snprintf(tail, sizeof tail, "%03d", seq);
    std::string first17 = std::string(body) + tail;
    return first17 + IdCardCheckChar(first17);
  }
  throw std::length_error("UniqueIds: no sequence number left within 10 years of the birth date");
}

DemoTeacher GenerateTeacher(Rng& rng, const DemoOrg& school, const Date& today, UniqueIds& ids,
                            std::string_view stage) {
  return MakeTeacher(rng, school, today, ids, stage, false);
}

DemoCounty GenerateCounty(uint64_t seed, const Date& today) {
  Plan plan = PlanCounty();
  DemoCounty c;
  c.orgs = std::move(plan.orgs);
  Rng rng(seed);
  UniqueIds ids;
  c.teachers.reserve(kTotalTeachers);
  for (size_t o = 0; o < c.orgs.size(); ++o) {
    const DemoOrg& org = c.orgs[o];
    size_t begin = c.teachers.size();
    for (const Slot& s : plan.slots) {
      if (s.org != o) continue;
      for (int k = 0; k < s.count; ++k) {
        // The first teacher of a school is in service (demo accounts use it).
        bool first = c.teachers.size() == begin;
        c.teachers.push_back(MakeTeacher(rng, org, today, ids, s.stage, first));
      }
    }
    if (org.type == "school") AssignLeaders(rng, c.teachers, begin, c.teachers.size(), today);
  }
  return c;
}

}  // namespace jj::demo
