// The demo county's past: see demo_history.h. Every write goes through a
// module's public service (the credit history through the credit import,
// its bulk path), acting as the demo accounts, or as a teacher of the
// county where a teacher acts (declaring a record, applying, answering a
// survey: the demo gives only one teacher an account, so the others act
// without one and the audit log names no account for them).
#include "app/demo_history.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "core/clock.h"
#include "core/date.h"
#include "modules/credits/import.h"
#include "modules/demo/demo.h"
#include "modules/org/org.h"
#include "modules/surveys/surveys.h"

namespace jj::app {

namespace {

using Json = nlohmann::json;

// Unix time of a China (UTC+8) wall-clock moment.
int64_t At(const Date& d, int hour, int minute = 0) {
  return static_cast<int64_t>(d.DaysSinceEpoch()) * 86400 + hour * 3600 + minute * 60 - 8 * 3600;
}
Date Plus(const Date& d, long days) { return Date::FromDaysSinceEpoch(d.DaysSinceEpoch() + days); }
std::string Str(const Date& d) { return d.ToString(); }

struct Teacher {
  int64_t id = 0, org_id = 0;
  std::string path, id_number, name, hire_date, subject, school_code;
  bool township = false;  // in the demo township (石角镇中心学校)
};

// The moments the county lived, run in time order on one FakeClock.
class Timeline {
 public:
  explicit Timeline(int64_t cutoff) : cutoff_(cutoff) {}
  // Steps after the cutoff (the moment of seeding) have not happened yet:
  // they are dropped, and so are the later steps of the same story.
  void Add(int64_t at, std::function<Status()> fn) {
    if (at > cutoff_) return;
    events_.push_back({at, seq_++, std::move(fn)});
  }
  Status Run(FakeClock& clock) {
    std::stable_sort(events_.begin(), events_.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
    for (Event& e : events_) {
      clock.Set(e.at);
      Status st = e.fn();
      if (!st.ok()) return st;
    }
    return Status::Ok();
  }
  int64_t cutoff() const { return cutoff_; }

 private:
  struct Event {
    int64_t at;
    int64_t seq;
    std::function<Status()> fn;
  };
  int64_t cutoff_;
  int64_t seq_ = 0;
  std::vector<Event> events_;
};

Status Context(const Status& st, const std::string& what) {
  if (st.ok()) return st;
  auto detail = st.params().find("detail");
  return Internal("demo history, " + what + ": " + st.key() + " " + st.Message("en") +
                  (detail != st.params().end() ? " " + detail->second : std::string()));
}

// One record of the yearly plan of a teacher.
struct PlannedRecord {
  Date date;
  std::string name, level, form, dimension, location = "区域内", grade, source;
  int64_t hours_tenths = 0;
};

const char* kSubjectsFallback = "学科";

// A teacher's records for one year: enough in every dimension of the
// default policy (师德修养 6, 学科教学 28, 学生管理 10, 专业成长 20 credits;
// 校本研修 ×1.0, 网络研修 ×0.7, 区县级集中培训 ×1.2) when `pass`, one or more
// dimensions short otherwise. Dates fall between 8 January and 5 December.
std::vector<PlannedRecord> PlanYear(demo::Rng& rng, const Teacher& t, int year, bool pass, const Date& from) {
  std::vector<PlannedRecord> out;
  const Date jan{year, 1, 8};
  long first = std::max(jan.DaysSinceEpoch(), from.DaysSinceEpoch());
  long last = Date{year, 12, 5}.DaysSinceEpoch();
  if (first > last) return out;
  auto day = [&]() { return Date::FromDaysSinceEpoch(first + static_cast<long>(rng.Below(last - first + 1))); };
  const std::string subject = t.subject.empty() ? kSubjectsFallback : t.subject;
  const std::string y = std::to_string(year) + "年";
  // Which dimension a failing teacher is short of (or nearly everything).
  int short_of = pass ? -1 : static_cast<int>(rng.Weighted({35, 25, 25, 15}));
  auto add = [&](std::string name, const char* level, const char* form, const char* dim, int64_t tenths,
                 const char* source, const char* grade) {
    PlannedRecord r;
    r.date = day();
    r.name = std::move(name);
    r.level = level;
    r.form = form;
    r.dimension = dim;
    r.hours_tenths = tenths;
    r.source = source;
    r.grade = grade;
    out.push_back(std::move(r));
  };
  static const char* kGrades[] = {"优秀", "良好", "良好", "合格"};
  auto grade = [&]() { return kGrades[rng.Below(4)]; };
  // 师德修养: online 10 h (7 credits) or school-based 6–8 h.
  if (rng.PerMille(600))
    add(y + "师德师风专题网络研修", "区县级", "网络研修", "师德修养", 100, "培训", grade());
  else
    add(y + "师德师风校本学习", "校本", "校本研修", "师德修养", 10 * rng.Between(6, 8), "校本活动", "");
  // 学科教学: county centralized training 24 or 30 h (28.8 / 36 credits), or
  // school-based 30 h; short: 12–18 h centralized.
  if (short_of == 0 || short_of == 3) {
    add(y + subject + "教学能力提升培训", "区县级", "集中培训", "学科教学", 10 * rng.Between(12, 18), "培训", grade());
  } else if (rng.PerMille(650)) {
    add(y + subject + "教学能力提升培训", "区县级", "集中培训", "学科教学", rng.PerMille(500) ? 240 : 300, "培训",
        grade());
  } else {
    add(y + subject + "校本教研（课例研究）", "校本", "校本研修", "学科教学", 300, "校本活动", "");
  }
  // 学生管理: school-based 12 h, or online 16 h (11.2 credits); short: none.
  if (short_of != 1 && short_of != 3) {
    if (rng.PerMille(550))
      add(y + "班主任工作与学生心理健康", "校本", "校本研修", "学生管理", 120, "校本活动", "");
    else
      add(y + "学生心理健康教育网络研修", "区县级", "网络研修", "学生管理", 160, "培训", grade());
  }
  // 专业成长: school-based 20–24 h, or a workshop plus online study; short: 8–14 h.
  if (short_of == 2 || short_of == 3) {
    add(y + "信息技术应用能力提升", "区县级", "网络研修", "专业成长", 10 * rng.Between(12, 20), "培训", grade());
  } else if (rng.PerMille(600)) {
    add(y + "校本研修：读书与教学反思", "校本", "校本研修", "专业成长", 10 * rng.Between(20, 24), "校本活动", "");
  } else {
    add(y + "名师工作室研修活动", "校本", "工作坊", "专业成长", 120, "工作坊", "");
    add(y + "信息技术应用能力提升", "区县级", "网络研修", "专业成长", 120, "培训", grade());
  }
  std::sort(out.begin(), out.end(), [](const PlannedRecord& a, const PlannedRecord& b) { return a.date < b.date; });
  return out;
}

std::string Tenths(int64_t t) { return std::to_string(t / 10) + (t % 10 ? "." + std::to_string(t % 10) : ""); }

// Sessions of a project: `n` days from `start`, the hours split evenly.
std::vector<projects::Session> Sessions(const Date& start, int n, int64_t hours_tenths, const std::string& course) {
  std::vector<projects::Session> out;
  int64_t each = hours_tenths / n, rest = hours_tenths - each * n;
  for (int i = 0; i < n; ++i) {
    projects::Session s;
    s.course = course;
    s.date = Str(Plus(start, i));
    int64_t h = each + (i == n - 1 ? rest : 0);
    int minutes = static_cast<int>(h * 6);
    s.start_time = "09:00";
    char end[8];
    std::snprintf(end, sizeof end, "%02d:%02d", 9 + minutes / 60, minutes % 60);
    s.end_time = end;
    s.hours_tenths = h;
    s.topic = course + "（第" + std::to_string(i + 1) + "讲）";
    s.trainer = "进修学校讲师";
    out.push_back(std::move(s));
  }
  return out;
}

class Seeder {
 public:
  Seeder(App& app, const std::string& password, DemoHistoryCounts& counts)
      : app_(app),
        password_(password),
        counts_(counts),
        now_(app.clock().NowSeconds()),
        today_(app.clock().Today()),
        clock_(now_),
        credits_(app.db(), clock_),
        projects_(app.db(), clock_, credits_),
        assessment_(app.db(), clock_, credits_),
        surveys_(app.db(), clock_, ""),
        plans_(app.db(), clock_),
        certificates_(app.db(), clock_, credits_),
        rng_(demo::kDefaultSeed ^ 0x68697374ull),
        timeline_(now_ - 600) {}

  Status Run() {
    JJ_RETURN_IF_ERROR(Load());
    const int y = today_.year;
    for (int year = y - 2; year <= y; ++year) {
      PlanCredits(year);
      PlanSchoolPlans(year);
    }
    PlanPastProjects(y - 2);
    PlanPastProjects(y - 1);
    PlanCurrentProjects();
    PlanStampsAndLocks();
    PlanCertificates();
    return timeline_.Run(clock_);
  }

 private:
  // ------------------------------------------------------------ setup

  Status Load() {
    auto account = [&](const std::string& username) -> Result<auth::Actor> {
      int64_t id = 0;
      JJ_RETURN_IF_ERROR(app_.db().Read([&](db::Tx& tx) -> Status {
        db::Row r;
        if (tx.QueryOne("SELECT id FROM accounts WHERE username = :u", {username}, r)) id = r.Int(0);
        return Status::Ok();
      }));
      if (!id) return Internal("demo account missing: " + username);
      return app_.accounts().ActorOf(id);
    };
    JJ_ASSIGN_OR_RETURN(bureau_, account("bureau_admin"));
    JJ_ASSIGN_OR_RETURN(institution_, account("institution_staff"));
    JJ_ASSIGN_OR_RETURN(expert_, account("expert"));
    JJ_ASSIGN_OR_RETURN(township_admin_, account("township_admin"));
    JJ_ASSIGN_OR_RETURN(auto school_a, account("school_admin"));
    JJ_ASSIGN_OR_RETURN(auto school_b, account("school_admin_b"));
    JJ_ASSIGN_OR_RETURN(demo_teacher_, account("teacher"));

    // One admin account per school that has none (the demo's three stay).
    std::vector<std::pair<int64_t, std::string>> missing;  // org id, code
    JJ_RETURN_IF_ERROR(app_.db().Read([&](db::Tx& tx) -> Status {
      auto county = org::FindOrgByCode(tx, demo::kCountyCode);
      auto township = org::FindOrgByCode(tx, demo::kTownshipCode);
      if (!county || !township) return Internal("demo county missing");
      county_id_ = county->id;
      township_path_ = township->path;
      for (const auto& r : tx.Query("SELECT id, code, name, path FROM orgs WHERE type = 'school' ORDER BY code")) {
        schools_.push_back({r.Int(0), r.Str(1), r.Str(2), r.Str(3)});
        if (r.Str(1) != demo::kSchoolACode && r.Str(1) != demo::kSchoolBCode) missing.push_back({r.Int(0), r.Str(1)});
      }
      for (const auto& r : tx.Query(
               "SELECT t.id, t.org_id, o.path, t.id_number, t.name, t.hire_date, t.subject, o.code FROM teachers t "
               "JOIN orgs o ON o.id = t.org_id WHERE t.status = '在职' ORDER BY t.id")) {
        Teacher t{r.Int(0), r.Int(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6), r.Str(7)};
        t.township = t.path.compare(0, township_path_.size(), township_path_) == 0;
        teachers_.push_back(std::move(t));
      }
      return Status::Ok();
    }));
    const std::string hash = app_.accounts().HashForSystemAccounts(password_);
    std::vector<int64_t> ids;
    JJ_RETURN_IF_ERROR(app_.db().Transact([&](db::Tx& tx) -> Status {
      for (const auto& [org_id, code] : missing) {
        accounts::NewAccount a;
        a.username = "admin" + code;
        a.role = "school_admin";
        a.org_id = org_id;
        for (const auto& s : schools_)
          if (s.id == org_id) a.display_name = s.name + "管理员";
        JJ_ASSIGN_OR_RETURN(int64_t id, app_.accounts().CreateSystemAccountWithHash(tx, a, hash, false));
        ids.push_back(id);
      }
      return Status::Ok();
    }));
    counts_.school_admins = static_cast<int64_t>(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      JJ_ASSIGN_OR_RETURN(auto actor, app_.accounts().ActorOf(ids[i]));
      school_admin_[missing[i].first] = actor;
    }
    for (const auto& s : schools_) {
      if (s.code == demo::kSchoolACode) school_admin_[s.id] = school_a;
      if (s.code == demo::kSchoolBCode) school_admin_[s.id] = school_b;
    }
    for (const auto& t : teachers_) {
      by_id_[t.id] = &t;
      if (t.school_code == demo::kSchoolACode) school_a_teachers_.push_back(t.id);
    }
    return Status::Ok();
  }

  auth::Actor TeacherActor(const Teacher& t) const {
    if (demo_teacher_.teacher_id == t.id) return demo_teacher_;
    auth::Actor a;
    a.role = auth::Role::kTeacher;
    a.teacher_id = t.id;
    a.org_id = t.org_id;
    a.org_path = t.path;
    a.display_name = t.name;
    return a;
  }
  const auth::Actor& AdminOf(const Teacher& t) const {
    auto it = school_admin_.find(t.org_id);
    return it != school_admin_.end() ? it->second : bureau_;
  }

  // ------------------------------------------------------------ credits

  // The year's records: approved history through the credit import (the
  // bulk path), and in the current year's last weeks records declared by
  // teachers and moved through the approval chain one by one.
  void PlanCredits(int year) {
    const bool current = year == today_.year;
    // Share of teachers planning to meet the requirement.
    const int pass_per_mille = year == today_.year - 2 ? 870 : year == today_.year - 1 ? 850 : 780;
    std::string csv = "身份证号,姓名,日期,项目名称,项目编号,级别,形式,维度,地点,学时,成绩,类型\r\n";
    int64_t rows = 0;
    struct Pending {
      const Teacher* t;
      PlannedRecord r;
      int target;  // 0 declared, 1 verified, 2 approved, 3 rejected
    };
    std::vector<Pending> pending;
    const long pending_from = Plus(today_, -75).DaysSinceEpoch();
    for (const Teacher& t : teachers_) {
      demo::Rng rng(demo::kDefaultSeed * 31 + static_cast<uint64_t>(t.id) * 1000003ull + static_cast<uint64_t>(year));
      auto hire = ParseDate(t.hire_date);
      if (!hire || hire->year > year) continue;
      // Hired this year: records only from then on, and fewer get there.
      const bool fresh = hire->year == year;
      bool pass = rng.PerMille(fresh ? 450 : pass_per_mille);
      if (t.id == demo_teacher_.teacher_id.value_or(0) && !current) pass = true;
      for (PlannedRecord& r : PlanYear(rng, t, year, pass, fresh ? *hire : Date{year, 1, 1})) {
        if (current && !(r.date < today_)) continue;
        if (current && r.date.DaysSinceEpoch() >= pending_from &&
            rng.PerMille(t.township || t.school_code == demo::kSchoolBCode || t.id == demo_teacher_.teacher_id
                             ? 700
                             : 30)) {
          pending.push_back({&t, r, static_cast<int>(rng.Weighted({35, 30, 25, 10}))});
          continue;
        }
        csv += t.id_number + "," + t.name + "," + Str(r.date) + "," + r.name + ",," + r.level + "," + r.form + "," +
               r.dimension + "," + r.location + "," + Tenths(r.hours_tenths) + "," + r.grade + "," + r.source + "\r\n";
        ++rows;
      }
    }
    // Past years were entered at the year's end (年底学分登记); this year's
    // so far, a little before the seeding.
    const int64_t at = current ? timeline_.cutoff() - 3 * 3600 : At(Date{year, 12, 10}, 10);
    timeline_.Add(at, [this, csv = std::move(csv), rows, year]() -> Status {
      if (rows == 0) return Status::Ok();
      auto report = credits::ImportCredits(app_.db(), clock_, bureau_, csv, "insert", false);
      if (!report.ok()) return Context(report.status(), "credit import " + std::to_string(year));
      if (!report->written) {
        std::string why;
        for (const auto& p : report->problems) why += p.reason.key() + " " + p.column + "=" + p.value + " (row " + std::to_string(p.row) + ") ";
        return Internal("demo history: credit import " + std::to_string(year) + " not written: " + why);
      }
      counts_.imported_records += report->inserted;
      return Status::Ok();
    });
    static const char* kReasons[] = {"证明材料不清晰，请补充上传培训证书", "学时与培训通知不符，请核对后重新申报",
                                     "该培训已由项目结业自动登记，请勿重复申报"};
    for (const Pending& p : pending) {
      demo::Rng rng(static_cast<uint64_t>(p.t->id) * 7919ull + static_cast<uint64_t>(p.r.date.DaysSinceEpoch()));
      auto id = std::make_shared<int64_t>(0);
      const Teacher* t = p.t;
      credits::NewRecord in;
      in.teacher_id = t->id;
      in.date = Str(p.r.date);
      in.project_name = p.r.name;
      in.level = p.r.level;
      in.form = p.r.form;
      in.dimension = p.r.dimension;
      in.location = p.r.location;
      in.hours_tenths = p.r.hours_tenths;
      in.grade = p.r.grade;
      in.source = p.r.source == "培训" ? "training" : p.r.source == "工作坊" ? "workshop" : "school_activity";
      int64_t declared = At(Plus(p.r.date, rng.Between(1, 6)), rng.Between(8, 21), rng.Between(0, 59));
      timeline_.Add(declared, [this, t, in, id]() -> Status {
        auto r = credits_.Declare(TeacherActor(*t), in);
        if (!r.ok()) return Context(r.status(), "declare");
        *id = r->id;
        ++counts_.pending_records;
        return Status::Ok();
      });
      if (p.target == 0) continue;
      int64_t checked = declared + 86400 * rng.Between(2, 9);
      if (p.target == 3) {
        const std::string reason = kReasons[rng.Below(3)];
        timeline_.Add(checked, [this, t, id, reason]() -> Status {
          return Context(credits_.Transition(AdminOf(*t), *id, "reject", reason).status(), "reject");
        });
        continue;
      }
      timeline_.Add(checked, [this, t, id]() -> Status {
        return Context(credits_.Transition(AdminOf(*t), *id, "verify", "").status(), "verify");
      });
      if (p.target == 2)
        timeline_.Add(checked + 86400 * rng.Between(2, 10), [this, id]() -> Status {
          return Context(credits_.Transition(bureau_, *id, "approve", "").status(), "approve");
        });
    }
  }

  // ------------------------------------------------------------ school plans

  // Each year the bureau sets the filing deadline (20 March); most schools
  // file before it, some late, some not at all; a few file a revision.
  void PlanSchoolPlans(int year) {
    const std::string deadline = std::to_string(year) + "-03-20";
    timeline_.Add(At(Date{year, 1, 6}, 9), [this, year, deadline]() -> Status {
      return Context(plans_.SetDeadline(bureau_, county_id_, year, deadline).status(), "plan deadline");
    });
    demo::Rng rng(demo::kDefaultSeed + 17 * static_cast<uint64_t>(year));
    for (const School& s : schools_) {
      size_t kind = rng.Weighted({80, 9, 11});  // on time, late, not filed
      if (s.code == demo::kSchoolACode) kind = 0;
      if (s.code == demo::kSchoolBCode) kind = year == today_.year ? 1 : 0;
      if (kind == 2) continue;
      Date when = kind == 0 ? Plus(Date{year, 2, 20}, rng.Between(0, 27)) : Plus(Date{year, 3, 21}, rng.Between(0, 25));
      int64_t at = At(when, rng.Between(8, 17), rng.Between(0, 59));
      school_plans::PlanInput in;
      in.school_id = s.id;
      in.title = s.name + std::to_string(year) + "年校本培训实施方案";
      in.content = "一、指导思想\n以提升教师师德修养和教育教学能力为核心，落实县教育局" + std::to_string(year) +
                   "年教师继续教育工作要点。\n二、培训目标\n全体在职教师年度学分达标率不低于90%。\n三、培训内容与形式\n"
                   "师德修养、学科教学、学生管理、专业成长四个维度，以校本研修、课例研究和网络研修相结合。\n"
                   "四、时间安排\n每两周一次集中校本研修，每学期至少两次专家引领活动。\n五、保障措施\n"
                   "学校成立校本培训领导小组，校长为第一责任人，培训经费按规定列支。";
      const int64_t school = s.id;
      timeline_.Add(at, [this, school, year, in]() -> Status {
        auto it = school_admin_.find(school);
        if (it == school_admin_.end()) return Internal("no admin for school");
        auto r = plans_.File(it->second, year, in);
        if (!r.ok()) return Context(r.status(), "plan");
        if (r->revisions == 1) ++counts_.plans;
        return Status::Ok();
      });
      if (rng.PerMille(100)) {
        school_plans::PlanInput again = in;
        again.content += "\n（修订：根据教育局反馈补充了具体课时安排。）";
        timeline_.Add(at + 86400 * rng.Between(5, 20), [this, school, year, again]() -> Status {
          return Context(plans_.File(school_admin_.at(school), year, again).status(), "plan revision");
        });
      }
    }
  }

  // ------------------------------------------------------------ projects

  struct ProjectSpec {
    projects::ProjectInput in;
    const auth::Actor* owner = nullptr;
    int64_t create = 0, submit = 0, review = 0, score = 0, decide = 0, open = 0, start = 0, mark = 0, close = 0,
            archive = 0, upgrade = 0;
    bool reject = false, scored = true;
    std::string reject_reason;
    std::vector<int64_t> nominate;            // by the bureau, right after opening
    std::vector<int64_t> apply;               // teachers applying after opening
    int approve_per_mille = 0;                // of applications, by their school
    int needs_per_mille = 0, satisfaction_per_mille = 0;
  };

  // Teachers drawn for a project: `n` distinct serving teachers, the demo
  // teacher first when `with_demo_teacher`.
  std::vector<int64_t> Draw(size_t n, bool with_demo_teacher, const std::set<int64_t>& busy = {}) {
    std::vector<int64_t> out;
    std::set<int64_t> taken = busy;
    if (with_demo_teacher && demo_teacher_.teacher_id) {
      out.push_back(*demo_teacher_.teacher_id);
      taken.insert(*demo_teacher_.teacher_id);
    }
    while (out.size() < n && taken.size() < teachers_.size()) {
      const Teacher& t = teachers_[rng_.Below(teachers_.size())];
      if (taken.insert(t.id).second) out.push_back(t.id);
    }
    return out;
  }

  void AddProject(ProjectSpec spec) {
    auto id = std::make_shared<int64_t>(0);
    auto sp = std::make_shared<ProjectSpec>(std::move(spec));
    ++counts_.projects;
    const auth::Actor* owner = sp->owner;
    timeline_.Add(sp->create, [this, sp, id]() -> Status {
      auto p = projects_.Create(*sp->owner, sp->in);
      if (!p.ok()) return Context(p.status(), "project " + sp->in.code);
      *id = p->id;
      return Status::Ok();
    });
    auto move = [this, id](const auth::Actor* who, const char* action, std::string reason = "") {
      return [this, id, who, action, reason]() -> Status {
        return Context(projects_.Transition(*who, *id, action, reason).status(), std::string("project ") + action);
      };
    };
    if (!sp->submit) return;
    timeline_.Add(sp->submit, move(owner, "submit"));
    if (sp->reject && !sp->review) {
      timeline_.Add(sp->decide, move(&bureau_, "reject", sp->reject_reason));
      return;
    }
    if (!sp->review) return;
    timeline_.Add(sp->review, [this, id]() -> Status {
      return Context(projects_.AssignExperts(bureau_, *id, {expert_.account_id}), "assign experts");
    });
    if (!sp->scored) return;
    timeline_.Add(sp->score, [this, id, sp]() -> Status {
      Json scores = Json::object();
      int i = 0;
      for (const auto& [criterion, max] : projects::DefaultRubric()) scores[criterion] = sp->reject ? max / 2 : max - (i++ % 3);
      return Context(projects_.SubmitReview(expert_, *id, scores, sp->reject ? "方案针对性不足，建议修改后重新申报" : "方案设计合理，同意立项"),
                     "review");
    });
    if (!sp->decide) return;
    if (sp->reject) {
      timeline_.Add(sp->decide, move(&bureau_, "reject", sp->reject_reason));
      return;
    }
    timeline_.Add(sp->decide, move(&bureau_, "approve"));
    if (!sp->open) return;
    timeline_.Add(sp->open, move(owner, "open"));
    if (!sp->nominate.empty())
      timeline_.Add(sp->open + 3600, [this, id, sp]() -> Status {
        auto r = projects_.Nominate(bureau_, *id, sp->nominate);
        if (!r.ok()) return Context(r.status(), "nominate");
        for (const auto& one : *r)
          if (one.ok()) ++counts_.registrations;
        return Status::Ok();
      });
    for (size_t i = 0; i < sp->apply.size(); ++i) {
      const Teacher* t = by_id_.at(sp->apply[i]);
      int64_t at = sp->open + 7200 + static_cast<int64_t>(i) * 4271;
      auto reg = std::make_shared<int64_t>(0);
      timeline_.Add(at, [this, id, t, reg]() -> Status {
        auto r = projects_.Apply(TeacherActor(*t), *id);
        if (!r.ok()) return Context(r.status(), "apply");
        *reg = r->id;
        ++counts_.registrations;
        return Status::Ok();
      });
      if (rng_.PerMille(sp->approve_per_mille))
        timeline_.Add(at + 86400 + static_cast<int64_t>(rng_.Below(86400)), [this, t, reg]() -> Status {
          return Context(projects_.Decide(AdminOf(*t), *reg, "approve", "").status(), "approve registration");
        });
    }
    // Needs survey, before the start.
    if (sp->needs_per_mille)
      timeline_.Add(sp->open + 3 * 86400, [this, id, sp]() -> Status {
        return Answers(*id, "needs", sp->needs_per_mille);
      });
    if (!sp->start) return;
    timeline_.Add(sp->start, move(owner, "start"));
    if (!sp->mark) return;
    const bool grade = sp->close != 0;
    timeline_.Add(sp->mark, [this, id, owner, grade]() -> Status { return Assess(*owner, *id, clock_.Today(), grade); });
    if (sp->satisfaction_per_mille)
      timeline_.Add(sp->mark + 1800, [this, id, sp]() -> Status {
        return Answers(*id, "satisfaction", sp->satisfaction_per_mille);
      });
    if (!sp->close) return;
    timeline_.Add(sp->close, [this, id, owner]() -> Status {
      return Context(assessment_.Close(*owner, *id).status(), "close");
    });
    // A failed participant passes a make-up after the close (and is credited).
    timeline_.Add(sp->close + 5 * 86400, [this, id, owner]() -> Status { return MakeUps(*owner, *id); });
    if (sp->upgrade)
      timeline_.Add(sp->upgrade, [this, id]() -> Status {
        return Context(assessment_.Upgrade(bureau_, *id).status(), "upgrade");
      });
    if (sp->archive) timeline_.Add(sp->archive, move(owner, "archive"));
  }

  // Attendance of every session held by `on`, then grades: most present,
  // some late or on leave, a few absent too often (failed by absence), a
  // few graded 不合格.
  Status Assess(const auth::Actor& owner, int64_t project, const Date& on, bool grade) {
    auto sheet = assessment_.Attendance(owner, project);
    if (!sheet.ok()) return Context(sheet.status(), "attendance");
    std::vector<projects::AttendanceMark> marks;
    std::vector<projects::GradeInput> grades;
    for (const auto& row : sheet->rows) {
      int profile = static_cast<int>(rng_.Weighted({880, 70, 30, 20}));  // fine, one miss, absent, 不合格
      int missed = 0;
      for (const auto& s : sheet->sessions) {
        if (!(*ParseDate(s.date) <= on)) continue;
        std::string status = "present";
        if (profile == 1 && missed == 0 && rng_.PerMille(400)) {
          status = rng_.PerMille(500) ? "leave" : "absent";
          ++missed;
        } else if (profile == 2 && rng_.PerMille(700)) {
          status = "absent";
        } else if (rng_.PerMille(50)) {
          status = "late";
        }
        marks.push_back({s.id, row.registration_id, status});
      }
      projects::GradeInput g;
      g.registration_id = row.registration_id;
      static const char* kGrades[] = {"优秀", "良好", "良好", "合格", "合格", "基本合格"};
      g.grade = profile >= 2 ? "不合格" : kGrades[rng_.Below(6)];
      grades.push_back(std::move(g));
    }
    if (!marks.empty()) JJ_RETURN_IF_ERROR(Context(assessment_.MarkAttendance(owner, project, marks), "marks"));
    if (!grade) return Status::Ok();
    return Context(assessment_.SetGrades(owner, project, grades), "grades");
  }

  Status MakeUps(const auth::Actor& owner, int64_t project) {
    auto results = assessment_.Results(owner, project);
    if (!results.ok()) return Context(results.status(), "results");
    int done = 0;
    for (const auto& r : *results) {
      if (r.outcome.passed || r.outcome.failed_by_absence || done >= 2) continue;
      JJ_RETURN_IF_ERROR(Context(assessment_.MakeUp(owner, r.registration_id, "合格").status(), "make-up"));
      ++done;
    }
    return Status::Ok();
  }

  // Accepted participants answer a survey (each with their own ratings).
  Status Answers(int64_t project, const std::string& kind, int per_mille) {
    projects::RegistrationQuery q;
    q.project_id = project;
    q.state = "accepted";
    q.page_size = 100000;
    auto regs = projects_.Registrations(bureau_, q);
    if (!regs.ok()) return Context(regs.status(), "registrations");
    static const char* kNeeds[] = {"希望多安排课堂观摩和案例研讨", "大单元教学设计怎么落地", "作业设计与分层教学",
                                   "希望增加信息技术与学科融合的实操"};
    static const char* kComments[] = {"讲师准备充分，案例贴近一线", "时间安排有些紧，希望多留讨论时间",
                                      "收获很大，希望有后续跟进指导"};
    for (const auto& reg : regs->items) {
      if (!rng_.PerMille(per_mille)) continue;
      const Teacher* t = by_id_.count(reg.teacher_id) ? by_id_.at(reg.teacher_id) : nullptr;
      if (!t) continue;
      Json answers = Json::object();
      int base = static_cast<int>(rng_.Weighted({2, 8, 35, 55}));  // 2..5
      for (const auto& question : surveys::DefaultQuestions(kind)) {
        if (question.type == "rating") {
          answers[question.id] = std::clamp(2 + base - (rng_.PerMille(200) ? 1 : 0), 1, 5);
        } else if (question.required || rng_.PerMille(300)) {
          answers[question.id] = kind == "needs" ? kNeeds[rng_.Below(4)] : kComments[rng_.Below(3)];
        }
      }
      Status st = surveys_.Answer(TeacherActor(*t), project, kind, answers);
      if (!st.ok()) return Context(st, "survey answer");
      ++counts_.survey_answers;
    }
    return Status::Ok();
  }

  projects::ProjectInput Training(const std::string& code, const std::string& name, const char* level,
                                  const char* form, const char* dimension, const Date& start, int days,
                                  int64_t hours_tenths, int64_t capacity) {
    projects::ProjectInput in;
    in.code = code;
    in.name = name;
    in.level = level;
    in.form = form;
    in.dimension = dimension;
    in.start_date = Str(start);
    in.end_date = Str(Plus(start, days - 1));
    in.hours_tenths = hours_tenths;
    in.capacity = capacity;
    in.reg_start = Str(Plus(start, -30));
    in.reg_end = Str(Plus(start, -3));
    in.syllabus = "专题讲座、课例观摩、分组研讨与成果展示相结合。";
    in.trainers = "示范县教师进修学校教研员、市级骨干教师";
    in.topic_tags = {dimension};
    in.sessions = Sessions(start, days, hours_tenths, name);
    return in;
  }

  // A past year: three trainings and the school-based module project of
  // school A, from application to archive.
  void PlanPastProjects(int year) {
    const std::string y = std::to_string(year);
    auto full = [&](projects::ProjectInput in, const auth::Actor* owner, std::vector<int64_t> who, bool archive) {
      ProjectSpec s;
      s.in = std::move(in);
      s.owner = owner;
      Date start = *ParseDate(s.in.start_date), end = *ParseDate(s.in.end_date);
      Date reg = *ParseDate(s.in.reg_start);
      s.create = At(Plus(reg, -40), 10);
      s.submit = At(Plus(reg, -38), 15);
      s.review = At(Plus(reg, -35), 9);
      s.score = At(Plus(reg, -30), 16);
      s.decide = At(Plus(reg, -25), 11);
      s.open = At(reg, 9);
      s.nominate = std::move(who);
      s.needs_per_mille = 600;
      s.satisfaction_per_mille = 800;
      s.start = At(start, 8);
      s.mark = At(end, 18);
      s.close = At(Plus(end, 7), 10);
      if (archive) s.archive = At(Plus(end, 40), 10);
      AddProject(std::move(s));
    };
    full(Training("SFX-" + y + "-01", y + "年小学语文骨干教师教学能力提升培训", "区县级", "集中培训", "学科教学",
                  Date{year, 4, 15}, 4, 240, 40),
         &institution_, Draw(44, true), true);
    full(Training("SFX-" + y + "-02", y + "年全县教师师德师风专题网络研修", "区县级", "网络研修", "师德修养",
                  Date{year, 6, 3}, 2, 100, 0),
         &institution_, Draw(120, false), true);
    full(Training("SFX-" + y + "-03", y + "年清远市班主任能力提升培训（示范县班）", "市培", "集中培训", "学生管理",
                  Date{year, 10, 20}, 3, 180, 30),
         &bureau_, Draw(30, year == today_.year - 1), year == today_.year - 2);
    // School A's module project (校本研修模块化项目): all its teachers take part.
    ProjectSpec m;
    m.in = Training("SFX-" + y + "-M01", y + "年石角镇中心小学班级管理校本研修模块", "校本", "校本研修", "学生管理",
                    Date{year, 9, 14}, 4, 120, 0);
    m.in.kind = "school_module";
    m.in.theme = "班级管理与家校沟通";
    m.in.half_days = 4;
    m.in.reg_start.clear();
    m.in.reg_end.clear();
    m.owner = &school_admin_.at(SchoolAId());
    m.create = At(Date{year, 3, 10}, 10);
    m.submit = At(Date{year, 3, 12}, 10);
    m.review = At(Date{year, 3, 25}, 10);
    m.score = At(Date{year, 4, 10}, 15);
    m.decide = At(Date{year, 4, 20}, 9);
    m.open = At(Date{year, 9, 1}, 9);
    m.satisfaction_per_mille = 700;
    m.start = At(Date{year, 9, 14}, 8);
    m.mark = At(Date{year, 9, 17}, 18);
    m.close = At(Date{year, 9, 25}, 10);
    if (year == today_.year - 2) m.upgrade = At(Date{year, 11, 20}, 10);  // an excellent one: 升格为区县级
    AddProject(std::move(m));
  }

  int64_t SchoolAId() const {
    for (const auto& s : schools_)
      if (s.code == demo::kSchoolACode) return s.id;
    return 0;
  }

  // The current year, around today: a project in every state before
  // archived (archived ones are in the past years).
  void PlanCurrentProjects() {
    const std::string y = std::to_string(today_.year);
    const Date t = today_;
    // closed: ended 40 days ago.
    {
      ProjectSpec s;
      s.in = Training("SFX-" + y + "-01", y + "年初中数学课堂教学改进专题培训", "区县级", "集中培训", "学科教学",
                      Plus(t, -45), 3, 180, 40);
      s.owner = &institution_;
      s.create = At(Plus(t, -110), 10);
      s.submit = At(Plus(t, -108), 10);
      s.review = At(Plus(t, -104), 10);
      s.score = At(Plus(t, -100), 15);
      s.decide = At(Plus(t, -95), 10);
      s.open = At(Plus(t, -75), 9);
      s.nominate = Draw(42, false);
      s.needs_per_mille = 500;
      s.start = At(Plus(t, -45), 8);
      s.mark = At(Plus(t, -43), 18);
      s.satisfaction_per_mille = 750;
      s.close = At(Plus(t, -36), 10);
      AddProject(std::move(s));
    }
    // running: started 4 days ago, ends in 10 days; attendance so far.
    std::set<int64_t> running_people;
    {
      ProjectSpec s;
      s.in = Training("SFX-" + y + "-02", y + "年新课标背景下大单元教学设计网络研修", "区县级", "网络研修", "专业成长",
                      Plus(t, -4), 15, 300, 0);
      s.in.sessions = Sessions(Plus(t, -4), 5, 300, "大单元教学设计");
      for (size_t i = 0; i < s.in.sessions.size(); ++i) s.in.sessions[i].date = Str(Plus(t, -4 + 3 * static_cast<long>(i)));
      s.owner = &institution_;
      s.create = At(Plus(t, -70), 10);
      s.submit = At(Plus(t, -69), 10);
      s.review = At(Plus(t, -66), 10);
      s.score = At(Plus(t, -60), 15);
      s.decide = At(Plus(t, -55), 10);
      s.open = At(Plus(t, -40), 9);
      s.nominate = Draw(80, true);
      running_people.insert(s.nominate.begin(), s.nominate.end());
      s.needs_per_mille = 550;
      s.start = At(Plus(t, -4), 8);
      s.mark = At(Plus(t, -1), 20);
      s.satisfaction_per_mille = 250;
      AddProject(std::move(s));
    }
    // registration_open: teachers apply, their school approves (a queue left).
    {
      ProjectSpec s;
      s.in = Training("SFX-" + y + "-03", y + "年乡村小学英语教师口语与教学技能培训", "区县级", "集中培训", "学科教学",
                      Plus(t, 30), 3, 180, 50);
      s.in.reg_start = Str(Plus(t, -10));
      s.in.reg_end = Str(Plus(t, 20));
      s.in.approval = "school";
      s.in.audience.stages = {"小学"};
      s.owner = &institution_;
      s.create = At(Plus(t, -50), 10);
      s.submit = At(Plus(t, -48), 10);
      s.review = At(Plus(t, -45), 10);
      s.score = At(Plus(t, -40), 15);
      s.decide = At(Plus(t, -35), 10);
      s.open = At(Plus(t, -10), 9);
      // School A's teachers (the demo teacher among them) and others of the county.
      std::vector<int64_t> who;
      for (int64_t id : school_a_teachers_)
        if (who.size() < 8 && !running_people.count(id)) who.push_back(id);
      std::set<int64_t> busy(who.begin(), who.end());
      busy.insert(running_people.begin(), running_people.end());
      int64_t demo = demo_teacher_.teacher_id.value_or(0);
      busy.insert(demo);
      for (int64_t id : Draw(60, false, busy))
        if (who.size() < 30 && by_id_.at(id)->school_code.size() > 0 && IsPrimary(id)) who.push_back(id);
      s.apply = std::move(who);
      s.approve_per_mille = 550;
      AddProject(std::move(s));
    }
    // approved, waiting to open.
    {
      ProjectSpec s;
      s.in = Training("SFX-" + y + "-04", y + "年中小学校长信息化领导力培训", "市培", "集中培训", "专业成长",
                      Plus(t, 75), 4, 240, 60);
      s.owner = &bureau_;
      s.create = At(Plus(t, -30), 10);
      s.submit = At(Plus(t, -29), 10);
      s.review = At(Plus(t, -25), 10);
      s.score = At(Plus(t, -20), 15);
      s.decide = At(Plus(t, -12), 10);
      AddProject(std::move(s));
    }
    // under_review: the expert has not scored yet (the expert's queue).
    {
      ProjectSpec s;
      s.in = Training("SFX-" + y + "-05", y + "年初中物理实验教学创新工作坊", "区县级", "工作坊", "学科教学",
                      Plus(t, 90), 3, 180, 35);
      s.owner = &institution_;
      s.create = At(Plus(t, -14), 10);
      s.submit = At(Plus(t, -12), 10);
      s.review = At(Plus(t, -6), 10);
      s.scored = false;
      AddProject(std::move(s));
    }
    // submitted: school B's module project, waiting for the bureau.
    {
      ProjectSpec s;
      s.in = Training("SFX-" + y + "-M02", y + "年汤塘镇中心小学学科教学校本研修模块", "校本", "校本研修", "学科教学",
                      Plus(t, 60), 4, 120, 0);
      s.in.kind = "school_module";
      s.in.theme = "作业设计与分层教学";
      s.in.half_days = 4;
      s.in.reg_start.clear();
      s.in.reg_end.clear();
      for (const auto& sc : schools_)
        if (sc.code == demo::kSchoolBCode) s.owner = &school_admin_.at(sc.id);
      s.create = At(Plus(t, -5), 10);
      s.submit = At(Plus(t, -3), 16);
      AddProject(std::move(s));
    }
    // rejected, with the reason.
    {
      ProjectSpec s;
      s.in = Training("SFX-" + y + "-06", y + "年教师书法与板书设计培训", "区县级", "集中培训", "专业成长",
                      Plus(t, 40), 2, 120, 40);
      s.owner = &institution_;
      s.create = At(Plus(t, -35), 10);
      s.submit = At(Plus(t, -33), 10);
      s.review = At(Plus(t, -30), 10);
      s.score = At(Plus(t, -26), 15);
      s.decide = At(Plus(t, -22), 10);
      s.reject = true;
      s.reject_reason = "与本年度重点培训方向不符，建议并入校本研修";
      AddProject(std::move(s));
    }
    // draft.
    {
      ProjectSpec s;
      s.in = Training("SFX-" + y + "-07", y + "年心理健康教育教师专题培训（草稿）", "区县级", "集中培训", "学生管理",
                      Plus(t, 120), 3, 180, 40);
      s.owner = &institution_;
      s.create = At(Plus(t, -2), 15);
      AddProject(std::move(s));
    }
  }

  bool IsPrimary(int64_t teacher) {
    bool primary = false;
    (void)app_.db().Read([&](db::Tx& tx) -> Status {
      db::Row r;
      if (tx.QueryOne("SELECT stage FROM teachers WHERE id = :id", {teacher}, r)) primary = r.Str(0) == "小学";
      return Status::Ok();
    });
    return primary;
  }

  // ------------------------------------------------------------ stamps, locks, certificates

  // 验印 by the schools of two townships (the demo township and school B's,
  // 汤塘镇) for the year before last, which the bureau then locks; for last
  // year, so far, by the demo township and school B.
  void PlanStampsAndLocks() {
    const int y = today_.year;
    auto stamp = [this](int year, std::vector<std::string> prefixes) {
      return [this, year, prefixes]() -> Status {
        credits_.ForgetAuditTables();  // the history is written without the log
        std::vector<int64_t> passed;
        Status st = credits_.ForEachSchoolAudit(bureau_, county_id_, year, [&](const std::vector<credits::AuditRow>& rows) {
          for (const auto& r : rows)
            if (r.audit.status == credits::policy::AuditStatus::kPassed) passed.push_back(r.teacher_id);
          return Status::Ok();
        });
        JJ_RETURN_IF_ERROR(Context(st, "audit for stamps"));
        for (int64_t teacher : passed) {
          auto it = by_id_.find(teacher);
          if (it == by_id_.end()) continue;
          const Teacher& t = *it->second;
          bool mine = false;
          for (const auto& p : prefixes) mine = mine || t.path.compare(0, p.size(), p) == 0;
          if (!mine) continue;
          JJ_RETURN_IF_ERROR(Context(credits_.Stamp(AdminOf(t), teacher, year), "stamp"));
          ++counts_.stamps;
        }
        return Status::Ok();
      };
    };
    std::string school_b_path;
    for (const auto& s : schools_)
      if (s.code == demo::kSchoolBCode) school_b_path = s.path;
    // School B's township is its parent: the path without its last segment.
    std::string second_township = school_b_path.substr(0, school_b_path.rfind('/', school_b_path.size() - 2) + 1);
    timeline_.Add(At(Date{y - 2, 12, 20}, 15), stamp(y - 2, {township_path_, second_township}));
    timeline_.Add(At(Date{y - 1, 1, 15}, 10), [this, y]() -> Status {
      return Context(credits_.SetYearLock(bureau_, county_id_, y - 2, true, ""), "year lock");
    });
    timeline_.Add(At(Date{y - 1, 12, 20}, 15), stamp(y - 1, {township_path_, school_b_path}));
  }

  // Certificates for school A's teachers over the last two years.
  void PlanCertificates() {
    const int y = today_.year;
    int64_t at = std::min(At(Date{y, 1, 20}, 10), timeline_.cutoff() - 7200);
    std::vector<int64_t> who;
    for (int64_t id : school_a_teachers_)
      if (who.size() < 12) who.push_back(id);
    timeline_.Add(at, [this, who, y]() -> Status {
      for (int64_t teacher : who) {
        auto c = certificates_.Issue(AdminOf(*by_id_.at(teacher)), teacher, y - 2, y - 1);
        if (!c.ok()) return Context(c.status(), "certificate");
        ++counts_.certificates;
      }
      return Status::Ok();
    });
  }

  struct School {
    int64_t id;
    std::string code, name, path;
  };

  App& app_;
  const std::string password_;
  DemoHistoryCounts& counts_;
  const int64_t now_;
  const Date today_;
  FakeClock clock_;
  credits::CreditService credits_;
  projects::ProjectService projects_;
  projects::AssessmentService assessment_;
  surveys::SurveyService surveys_;
  school_plans::SchoolPlanService plans_;
  certificates::CertificateService certificates_;
  demo::Rng rng_;
  Timeline timeline_;

  auth::Actor bureau_, institution_, expert_, township_admin_, demo_teacher_;
  int64_t county_id_ = 0;
  std::string township_path_;
  std::vector<School> schools_;
  std::vector<Teacher> teachers_;
  std::map<int64_t, const Teacher*> by_id_;
  std::map<int64_t, auth::Actor> school_admin_;  // school org id → its admin
  std::vector<int64_t> school_a_teachers_;
};

}  // namespace

Status SeedDemoHistory(App& app, const std::string& password, DemoHistoryCounts* counts) {
  DemoHistoryCounts local;
  Seeder seeder(app, password, counts ? *counts : local);
  return seeder.Run();
}

}  // namespace jj::app
