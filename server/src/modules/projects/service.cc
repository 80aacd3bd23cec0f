// Projects: create/update, lifecycle, expert review, quotas.
#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "infra/audit_log/audit_log.h"
#include "infra/auth/password.h"
#include "infra/http/json_io.h"
#include "modules/credits/policy/policy.h"
#include "modules/credits/topic_tags.h"
#include "modules/org/org.h"
#include "modules/projects/internal.h"

namespace jj::projects {

using Json = nlohmann::json;

const std::vector<std::string>& ProjectStates() {
  static const std::vector<std::string> k = {"draft",    "submitted", "under_review",
                                             "approved", "rejected",  "registration_open",
                                             "running",  "closed",    "archived"};
  return k;
}
const std::vector<std::string>& RegistrationStates() {
  static const std::vector<std::string> k = {"pending_school", "pending_county", "accepted",
                                             "waitlisted",     "rejected",       "withdrawn"};
  return k;
}
const std::vector<std::string>& AttendanceStatuses() {
  static const std::vector<std::string> k = {"present", "late", "leave", "absent"};
  return k;
}
const std::vector<std::pair<std::string, int>>& DefaultRubric() {
  static const std::vector<std::pair<std::string, int>> k = {
      {"目标定位", 20}, {"内容设计", 30}, {"师资配备", 20}, {"组织保障", 15}, {"预期成效", 15}};
  return k;
}

namespace internal {

namespace {

const char* kSelect =
    "SELECT p.id, p.code, p.name, p.kind, p.level, p.form, p.dimension, p.modules, p.topic_tags, p.theme, "
    "p.organiser_org_id, og.name, p.region_org_id, rg.name, p.start_date, p.end_date, p.hours_tenths, p.location, "
    "p.capacity, p.accepted_count, p.audience_json, p.reg_start, p.reg_end, p.approval, p.syllabus, p.trainers, "
    "p.half_days, p.grade_scale, p.passing_grades, p.absence_num, p.absence_den, p.state, p.upgraded_at, "
    "p.created_at, p.updated_at, rg.path, og.path FROM projects p JOIN orgs og ON og.id = p.organiser_org_id "
    "JOIN orgs rg ON rg.id = p.region_org_id ";

Audience AudienceFromJson(const std::string& text) {
  Audience a;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return a;
  auto strings = [&](const char* k, std::vector<std::string>& out) {
    if (j.contains(k) && j[k].is_array())
      for (const auto& v : j[k])
        if (v.is_string()) out.push_back(v.get<std::string>());
  };
  strings("stages", a.stages);
  strings("subjects", a.subjects);
  strings("posts", a.posts);
  strings("backbone_levels", a.backbone_levels);
  if (j.contains("region_ids") && j["region_ids"].is_array())
    for (const auto& v : j["region_ids"])
      if (v.is_number_integer()) a.region_ids.push_back(v.get<int64_t>());
  return a;
}

Loaded FromRow(const db::Row& r) {
  Loaded l;
  Project& p = l.p;
  p.id = r.Int(0);
  p.code = r.Str(1);
  p.name = r.Str(2);
  p.kind = r.Str(3);
  p.level = r.Str(4);
  p.form = r.Str(5);
  p.dimension = r.Str(6);
  p.modules = SplitList(r.Str(7));
  p.topic_tags = SplitList(r.Str(8));
  p.theme = r.Str(9);
  p.organiser_org_id = r.Int(10);
  p.organiser_name = r.Str(11);
  p.region_org_id = r.Int(12);
  p.region_name = r.Str(13);
  p.start_date = r.Str(14);
  p.end_date = r.Str(15);
  p.hours_tenths = r.Int(16);
  p.location = r.Str(17);
  p.capacity = r.Int(18);
  p.accepted_count = r.Int(19);
  p.audience = AudienceFromJson(r.Str(20));
  p.reg_start = r.Str(21);
  p.reg_end = r.Str(22);
  p.approval = r.Str(23);
  p.syllabus = r.Str(24);
  p.trainers = r.Str(25);
  p.half_days = r.Int(26);
  p.grade_scale = SplitList(r.Str(27));
  p.passing_grades = SplitList(r.Str(28));
  p.absence_num = r.Int(29);
  p.absence_den = r.Int(30);
  p.state = r.Str(31);
  p.upgraded_at = r.Int(32);
  p.created_at = r.Int(33);
  p.updated_at = r.Int(34);
  l.region_path = r.Str(35);
  l.organiser_path = r.Str(36);
  return l;
}

}  // namespace

std::optional<Loaded> LoadProject(db::Tx& tx, int64_t id, bool lock) {
  if (lock && tx.dialect() == db::Dialect::kPostgres) {
    db::Row r;
    // NO KEY UPDATE: registrations referencing the row may still be inserted meanwhile.
    if (!tx.QueryOne("SELECT id FROM projects WHERE id = :id FOR NO KEY UPDATE", {id}, r)) return std::nullopt;
  }
  db::Row r;
  if (!tx.QueryOne(std::string(kSelect) + "WHERE p.id = :id", {id}, r)) return std::nullopt;
  return FromRow(r);
}

bool MayManage(const auth::Actor& a, const Loaded& l) {
  if (MayDecide(a, l)) return true;
  if (a.role == auth::Role::kInstitutionStaff) return a.org_id == l.p.organiser_org_id.value_or(0);
  if (a.role == auth::Role::kSchoolAdmin) return l.p.kind == "school_module" && a.Covers(l.organiser_path);
  return false;
}

bool MayDecide(const auth::Actor& a, const Loaded& l) { return a.IsBureauAdmin() && a.Covers(l.region_path); }

bool IsStaff(db::Tx& tx, const auth::Actor& a, int64_t project_id, const std::string& role) {
  db::Row r;
  return tx.QueryOne("SELECT 1 FROM project_staff WHERE project_id = :p AND account_id = :a AND role = :r",
                     {project_id, a.account_id, role}, r);
}

bool MaySee(db::Tx& tx, const auth::Actor& a, const Loaded& l) {
  if (MayManage(a, l)) return true;
  if (a.role == auth::Role::kExpert && IsStaff(tx, a, l.p.id, "expert")) return true;
  if (IsStaff(tx, a, l.p.id, "tutor")) return true;
  static const std::set<std::string> kPublished = {"registration_open", "running", "closed", "archived"};
  if (!kPublished.count(l.p.state)) return false;
  if (a.role == auth::Role::kTeacher) {
    db::Row r;
    if (tx.QueryOne("SELECT 1 FROM project_registrations WHERE project_id = :p AND teacher_id = :t",
                    {l.p.id, a.teacher_id.value_or(0)}, r))
      return true;
  }
  // Published projects are seen by everyone in the region (teachers, schools).
  return a.org_path.compare(0, l.region_path.size(), l.region_path) == 0 || a.Covers(l.region_path);
}

std::optional<TeacherFacts> LoadTeacher(db::Tx& tx, int64_t id, bool lock) {
  if (lock && tx.dialect() == db::Dialect::kPostgres) {
    db::Row r;
    if (!tx.QueryOne("SELECT id FROM teachers WHERE id = :id FOR NO KEY UPDATE", {id}, r)) return std::nullopt;
  }
  db::Row r;
  if (!tx.QueryOne("SELECT t.id, t.name, o.id, o.name, o.path, t.stage, t.subject, t.backbone_level, t.status, "
                   "t.posts, o.rural FROM teachers t JOIN orgs o ON o.id = t.org_id WHERE t.id = :id",
                   {id}, r))
    return std::nullopt;
  TeacherFacts t;
  t.id = r.Int(0);
  t.name = r.Str(1);
  t.school_id = r.Int(2);
  t.school = r.Str(3);
  t.school_path = r.Str(4);
  t.stage = r.Str(5);
  t.subject = r.Str(6);
  t.backbone_level = r.Str(7);
  t.status = r.Str(8);
  t.posts = SplitList(r.Str(9));
  t.rural = r.Int(10) != 0;
  return t;
}

std::string IneligibleBy(db::Tx& tx, const Audience& a, const TeacherFacts& t) {
  if (!a.stages.empty() && !Contains(a.stages, t.stage)) return "stage";
  if (!a.subjects.empty() && !Contains(a.subjects, t.subject)) return "subject";
  if (!a.posts.empty() &&
      std::none_of(t.posts.begin(), t.posts.end(), [&](const std::string& p) { return Contains(a.posts, p); }))
    return "post";
  if (!a.backbone_levels.empty() && !Contains(a.backbone_levels, t.backbone_level)) return "backbone_level";
  if (!a.region_ids.empty()) {
    bool inside = false;
    for (int64_t id : a.region_ids)
      if (auto o = org::FindOrg(tx, id); o && t.school_path.compare(0, o->path.size(), o->path) == 0) inside = true;
    if (!inside) return "region";
  }
  return "";
}

Status NotFound() { return Status(Code::kNotFound, "not_found"); }
Status Denied() { return Status(Code::kPermissionDenied, "permission_denied"); }
namespace {
// A project state in words, for messages.
std::string StateLabel(const std::string& s, bool en) {
  static const std::map<std::string, std::pair<std::string, std::string>> k = {
      {"draft", {"草稿", "a draft"}},
      {"submitted", {"已申报", "submitted"}},
      {"under_review", {"专家评审中", "under review"}},
      {"approved", {"已立项", "approved"}},
      {"rejected", {"未通过", "rejected"}},
      {"registration_open", {"报名中", "open for registration"}},
      {"running", {"培训中", "running"}},
      {"closed", {"已结业", "closed"}},
      {"archived", {"已归档", "archived"}}};
  auto it = k.find(s);
  return it == k.end() ? s : en ? it->second.second : it->second.first;
}
}  // namespace

Status BadTransition(const std::string& from, const std::string& to) {
  return Status(Code::kFailedPrecondition, "project.bad_transition",
                {{"from", StateLabel(from, false)},
                 {"to", StateLabel(to, false)},
                 {"from_en", StateLabel(from, true)},
                 {"to_en", StateLabel(to, true)}});
}

}  // namespace internal

using namespace internal;

namespace {

Status Invalid(const std::string& key, const std::string& field, std::map<std::string, std::string> params = {}) {
  return Status(Code::kInvalidArgument, key, std::move(params)).WithField(field);
}

bool ValidTime(const std::string& t) {
  return t.size() == 5 && std::isdigit(static_cast<unsigned char>(t[0])) &&
         std::isdigit(static_cast<unsigned char>(t[1])) && t[2] == ':' &&
         std::isdigit(static_cast<unsigned char>(t[3])) && std::isdigit(static_cast<unsigned char>(t[4])) &&
         t.substr(0, 2) < "24" && t.substr(3) < "60";
}

const std::vector<std::string>& SchoolModuleDimensions() {
  static const std::vector<std::string> k = {"学生管理", "学科教学", "专业成长"};
  return k;
}

// The whole input, checked before anything is written; the first fault wins.
Status Validate(ProjectInput& in) {
  if (in.code.empty()) return Invalid("field.required", "code", {{"field", "code"}});
  if (in.name.empty()) return Invalid("field.required", "name", {{"field", "name"}});
  JJ_RETURN_IF_ERROR(http::CheckEnum("kind", in.kind, ProjectKinds()));
  if (in.kind == "school_module") {
    // 校本研修模块化项目 (seed S1 §七): a school-level module of one of three dimensions.
    if (in.level.empty()) in.level = "校本";
    if (in.form.empty()) in.form = "校本研修";
    if (in.level != "校本") return Invalid("project.school_module_level", "level");
    JJ_RETURN_IF_ERROR(http::CheckEnum("dimension", in.dimension, SchoolModuleDimensions()));
    if (in.theme.empty()) return Invalid("field.required", "theme", {{"field", "theme"}});
    if (in.half_days < 1) return Invalid("project.half_days", "half_days");
  }
  JJ_RETURN_IF_ERROR(http::CheckEnum("level", in.level, credits::policy::Levels()));
  JJ_RETURN_IF_ERROR(http::CheckEnum("form", in.form, credits::policy::Forms()));
  JJ_RETURN_IF_ERROR(http::CheckEnum("dimension", in.dimension, credits::policy::Dimensions()));
  JJ_RETURN_IF_ERROR(http::CheckEnum("location", in.location, credits::policy::Locations()));
  JJ_RETURN_IF_ERROR(credits::CheckTopicTags(in.topic_tags));
  JJ_RETURN_IF_ERROR(http::CheckEnum("approval", in.approval, Approvals()));
  JJ_RETURN_IF_ERROR(http::CheckDate("start_date", in.start_date, false));
  JJ_RETURN_IF_ERROR(http::CheckDate("end_date", in.end_date, false));
  if (in.end_date < in.start_date) return Invalid("credits.end_before_start", "end_date");
  JJ_RETURN_IF_ERROR(http::CheckDate("reg_start", in.reg_start, true));
  JJ_RETURN_IF_ERROR(http::CheckDate("reg_end", in.reg_end, true));
  if (!in.reg_start.empty() && !in.reg_end.empty() && in.reg_end < in.reg_start)
    return Invalid("credits.end_before_start", "reg_end");
  if (!in.reg_end.empty() && in.reg_end > in.end_date) return Invalid("project.reg_after_end", "reg_end");
  if (in.hours_tenths <= 0)
    return Invalid("field.range", "hours", {{"field", "hours"}, {"min", "0.1"}, {"max", "10000"}});
  if (in.capacity < 0 || in.capacity > 1000000)
    return Invalid("field.range", "capacity", {{"field", "capacity"}, {"min", "0"}, {"max", "1000000"}});
  if (in.half_days < 0) return Invalid("project.half_days", "half_days");
  for (const auto& s : in.audience.stages) JJ_RETURN_IF_ERROR(http::CheckEnum("audience.stages", s, org::Stages()));
  static const std::vector<std::string> kBackbone = {"无", "校级", "县级", "市级", "省级", "国家级"};
  for (const auto& b : in.audience.backbone_levels)
    JJ_RETURN_IF_ERROR(http::CheckEnum("audience.backbone_levels", b, kBackbone));
  if (in.grade_scale.empty()) in.grade_scale = DefaultGradeScale();
  if (in.passing_grades.empty())
    for (const auto& g : in.grade_scale)
      if (g != "不合格" && g != "不及格") in.passing_grades.push_back(g);
  for (const auto& g : in.passing_grades) JJ_RETURN_IF_ERROR(http::CheckEnum("passing_grades", g, in.grade_scale));
  if (in.passing_grades.size() >= in.grade_scale.size()) return Invalid("project.no_failing_grade", "passing_grades");
  if (in.absence_den <= 0 || in.absence_num < 0 || in.absence_num >= in.absence_den)
    return Invalid("project.absence_fraction", "absence_num");
  int64_t session_tenths = 0;
  for (size_t i = 0; i < in.sessions.size(); ++i) {
    Session& s = in.sessions[i];
    const std::string f = "sessions[" + std::to_string(i) + "].";
    s.seq = static_cast<int>(i) + 1;
    JJ_RETURN_IF_ERROR(http::CheckDate(f + "date", s.date, false));
    if (s.date < in.start_date || s.date > in.end_date) return Invalid("project.session_outside", f + "date");
    if (!ValidTime(s.start_time)) return Invalid("project.time", f + "start_time");
    if (!ValidTime(s.end_time)) return Invalid("project.time", f + "end_time");
    if (s.end_time <= s.start_time) return Invalid("project.time_order", f + "end_time");
    if (s.hours_tenths <= 0)
      return Invalid("field.range", f + "hours", {{"field", "hours"}, {"min", "0.1"}, {"max", "24"}});
    session_tenths += s.hours_tenths;
  }
  if (!in.sessions.empty() && session_tenths != in.hours_tenths)
    return Invalid("project.session_hours", "sessions",
                   {{"sum", credits::policy::FormatTenths(session_tenths)},
                    {"hours", credits::policy::FormatTenths(in.hours_tenths)}});
  return Status::Ok();
}

std::string AudienceJson(const Audience& a) {
  return Json{{"stages", a.stages},
              {"subjects", a.subjects},
              {"posts", a.posts},
              {"backbone_levels", a.backbone_levels},
              {"region_ids", a.region_ids}}
      .dump();
}

// The region that approves projects of `organiser`: its nearest county,
// city or province (itself included).
std::optional<org::Org> RegionOf(db::Tx& tx, const org::Org& organiser) {
  std::vector<int64_t> ids;
  std::string part;
  for (char c : organiser.path) {
    if (c == '/') {
      if (!part.empty()) ids.push_back(std::stoll(part));
      part.clear();
    } else {
      part += c;
    }
  }
  for (auto it = ids.rbegin(); it != ids.rend(); ++it)
    if (auto o = org::FindOrg(tx, *it); o && (o->type == "county" || o->type == "city" || o->type == "province"))
      return o;
  return std::nullopt;
}

// A class tutor must be an enabled admin or institution account whose org
// lies inside the project's region (`region_path`, the subtree whose bureau
// decides on it). Every other id — unknown, disabled, a teacher, an expert,
// an account of another county — gets the same answer, so the check tells
// nothing about what an id is.
Status CheckReferences(db::Tx& tx, const ProjectInput& in, const std::string& region_path) {
  for (size_t i = 0; i < in.audience.region_ids.size(); ++i)
    if (!org::FindOrg(tx, in.audience.region_ids[i])) return Invalid("project.unknown_org", "audience.region_ids");
  static const std::set<std::string> kTutorRoles = {"sys_admin", "bureau_admin", "institution_staff",
                                                    "school_admin"};
  for (int64_t id : in.tutor_ids) {
    db::Row r;
    const bool found = tx.QueryOne(
        "SELECT a.role, o.path FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE a.id = :id AND a.disabled = 0",
        {id}, r);
    if (!found || !kTutorRoles.count(r.Str(0)) || r.Str(1).compare(0, region_path.size(), region_path) != 0)
      return Invalid("project.bad_tutor", "tutor_ids", {{"id", std::to_string(id)}});
  }
  return Status::Ok();
}

db::Params Columns(const ProjectInput& in) {
  return {in.code,
          in.name,
          in.kind,
          in.level,
          in.form,
          in.dimension,
          JoinList(in.modules),
          JoinList(in.topic_tags),
          in.theme,
          in.start_date,
          in.end_date,
          in.hours_tenths,
          in.location,
          in.capacity,
          AudienceJson(in.audience),
          in.reg_start,
          in.reg_end,
          in.approval,
          in.syllabus,
          in.trainers,
          in.half_days,
          JoinList(in.grade_scale),
          JoinList(in.passing_grades),
          in.absence_num,
          in.absence_den};
}

void WriteChildren(db::Tx& tx, int64_t id, const ProjectInput& in) {
  tx.Exec("DELETE FROM project_sessions WHERE project_id = :p", {id});
  for (const Session& s : in.sessions)
    tx.Exec(
        "INSERT INTO project_sessions (project_id, seq, course, session_date, start_time, end_time, hours_tenths, "
        "topic, trainer, checkin_token) VALUES (:p, :seq, :c, :d, :st, :et, :h, :t, :tr, :tok)",
        {id, int64_t{s.seq}, s.course, s.date, s.start_time, s.end_time, s.hours_tenths, s.topic, s.trainer,
         auth::RandomHex(16)});
  tx.Exec("DELETE FROM project_staff WHERE project_id = :p AND role = 'tutor'", {id});
  std::set<int64_t> seen;
  for (int64_t a : in.tutor_ids)
    if (seen.insert(a).second)
      tx.Exec("INSERT INTO project_staff (project_id, account_id, role) VALUES (:p, :a, 'tutor')", {id, a});
}

Json Snapshot(const Project& p) {
  return Json{{"code", p.code},        {"name", p.name}, {"state", p.state},
              {"level", p.level},      {"form", p.form}, {"hours_tenths", p.hours_tenths},
              {"capacity", p.capacity}};
}

int64_t WaitlistedCount(db::Tx& tx, int64_t project_id) {
  db::Row w;
  tx.QueryOne("SELECT COUNT(*) FROM project_registrations WHERE project_id = :p AND state = 'waitlisted'", {project_id},
              w);
  return w.Int(0);
}

bool CodeTaken(db::Tx& tx, const std::string& code, int64_t except) {
  db::Row r;
  return tx.QueryOne("SELECT 1 FROM projects WHERE code = :c AND id <> :id", {code, except}, r);
}

}  // namespace

std::vector<Session> ProjectService::Sessions(db::Tx& tx, int64_t project_id) {
  std::vector<Session> out;
  for (const auto& r : tx.Query("SELECT id, seq, course, session_date, start_time, end_time, hours_tenths, topic, "
                                "trainer FROM project_sessions WHERE project_id = :p ORDER BY seq",
                                {project_id})) {
    Session s;
    s.id = r.Int(0);
    s.seq = static_cast<int>(r.Int(1));
    s.course = r.Str(2);
    s.date = r.Str(3);
    s.start_time = r.Str(4);
    s.end_time = r.Str(5);
    s.hours_tenths = r.Int(6);
    s.topic = r.Str(7);
    s.trainer = r.Str(8);
    out.push_back(std::move(s));
  }
  return out;
}

Result<Project> ProjectService::Create(const auth::Actor& actor, const ProjectInput& input) {
  ProjectInput in = input;
  const bool school = in.kind == "school_module";
  if (school ? !(actor.role == auth::Role::kSchoolAdmin || actor.IsBureauAdmin())
             : !(actor.role == auth::Role::kInstitutionStaff || actor.IsBureauAdmin()))
    return Denied();
  JJ_RETURN_IF_ERROR(Validate(in));
  int64_t id = 0;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto organiser = org::FindOrg(tx, in.organiser_org_id.value_or(actor.org_id));
    if (!organiser || !(organiser->id == actor.org_id || actor.Covers(organiser->path)))
      return NotFound().WithField("organiser_org_id");
    if (school && organiser->type != "school" && organiser->type != "township")
      return Invalid("project.school_module_org", "organiser_org_id");
    auto region = RegionOf(tx, *organiser);
    if (!region) return Invalid("project.no_region", "organiser_org_id");
    if (CodeTaken(tx, in.code, 0)) return Status(Code::kConflict, "project.code_taken").WithField("code");
    JJ_RETURN_IF_ERROR(CheckReferences(tx, in, region->path));
    const int64_t now = clock_.NowSeconds();
    db::Params params = Columns(in);
    for (db::Param p :
         db::Params{organiser->id, region->id, actor.account_id ? db::Param(actor.account_id) : nullptr, now, now})
      params.push_back(p);
    id = tx.InsertReturningId(
        "INSERT INTO projects (code, name, kind, level, form, dimension, modules, topic_tags, theme, start_date, "
        "end_date, hours_tenths, location, capacity, audience_json, reg_start, reg_end, approval, syllabus, trainers, "
        "half_days, grade_scale, passing_grades, absence_num, absence_den, organiser_org_id, region_org_id, "
        "created_by, created_at, updated_at) VALUES (:code, :name, :kind, :level, :form, :dim, :mods, :tags, :theme, "
        ":sd, :ed, :h, :loc, :cap, :aud, :rs, :re, :ap, :syl, :tr, :hd, :gs, :pg, :an, :ad, :org, :reg, :by, :c, :u)",
        params);
    WriteChildren(tx, id, in);
    Project p;
    static_cast<ProjectInput&>(p) = in;
    p.state = "draft";
    audit_log::Append(tx, clock_, {actor.AuditId(), "project.create", "project", id, "", Snapshot(p).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return Get(actor, id);
}

Result<Project> ProjectService::Update(const auth::Actor& actor, int64_t id, const ProjectInput& input) {
  ProjectInput in = input;
  JJ_RETURN_IF_ERROR(Validate(in));
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, id, true);
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    if (!MayManage(actor, *l)) return Denied();
    if (l->p.state != "draft" && l->p.state != "rejected")
      return Status(Code::kFailedPrecondition, "project.not_editable", {{"state", StateLabel(l->p.state, false)}});
    if (in.kind != l->p.kind) return Invalid("project.kind_fixed", "kind");
    if (CodeTaken(tx, in.code, id)) return Status(Code::kConflict, "project.code_taken").WithField("code");
    JJ_RETURN_IF_ERROR(CheckReferences(tx, in, l->region_path));
    db::Params params = Columns(in);
    params.push_back(clock_.NowSeconds());
    params.push_back(id);
    tx.Exec(
        "UPDATE projects SET code = :code, name = :name, kind = :kind, level = :level, form = :form, dimension = :dim, "
        "modules = :mods, topic_tags = :tags, theme = :theme, start_date = :sd, end_date = :ed, hours_tenths = :h, "
        "location = :loc, capacity = :cap, audience_json = :aud, reg_start = :rs, reg_end = :re, approval = :ap, "
        "syllabus = :syl, trainers = :tr, half_days = :hd, grade_scale = :gs, passing_grades = :pg, "
        "absence_num = :an, absence_den = :ad, updated_at = :u WHERE id = :id",
        params);
    WriteChildren(tx, id, in);
    Project after;
    static_cast<ProjectInput&>(after) = in;
    after.state = l->p.state;
    audit_log::Append(
        tx, clock_, {actor.AuditId(), "project.update", "project", id, Snapshot(l->p).dump(), Snapshot(after).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return Get(actor, id);
}

Result<Project> ProjectService::Get(const auth::Actor& actor, int64_t id) {
  Project out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, id);
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    out = std::move(l->p);
    out.sessions = Sessions(tx, id);
    out.waitlisted_count = WaitlistedCount(tx, id);
    for (const auto& t : tx.Query("SELECT account_id FROM project_staff WHERE project_id = :p AND role = 'tutor' "
                                  "ORDER BY account_id",
                                  {id}))
      out.tutor_ids.push_back(t.Int(0));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<ProjectPage> ProjectService::List(const auth::Actor& actor, const ProjectQuery& q) {
  if (!q.state.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("state", q.state, ProjectStates()));
  if (!q.kind.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("kind", q.kind, ProjectKinds()));
  ProjectPage page;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::optional<TeacherFacts> teacher;
    if (actor.role == auth::Role::kTeacher && actor.teacher_id) teacher = LoadTeacher(tx, *actor.teacher_id);
    // Candidates by region and state in SQL; the access rules and the
    // catalogue's eligibility in C++ (a region holds hundreds of projects,
    // not millions).
    std::string where = "WHERE 1=1";
    db::Params params;
    if (!q.state.empty()) {
      where += " AND p.state = :s";
      params.push_back(q.state);
    }
    if (q.catalogue) where += " AND p.state = 'registration_open'";
    if (!q.kind.empty()) {
      where += " AND p.kind = :k";
      params.push_back(q.kind);
    }
    if (!q.q.empty()) {
      where += " AND (p.name LIKE :q1 OR p.code LIKE :q2)";
      params.push_back("%" + q.q + "%");
      params.push_back("%" + q.q + "%");
    }
    const std::string today = clock_.Today().ToString();
    std::vector<Project> all;
    for (const auto& r : tx.Query(std::string(kSelect) + where + " ORDER BY p.start_date DESC, p.id DESC", params)) {
      Loaded l = FromRow(r);
      if (!MaySee(tx, actor, l)) continue;
      if (q.catalogue) {
        if ((!l.p.reg_start.empty() && today < l.p.reg_start) || (!l.p.reg_end.empty() && today > l.p.reg_end))
          continue;
        if (teacher && !IneligibleBy(tx, l.p.audience, *teacher).empty()) continue;
        if (l.p.kind == "school_module") continue;
      }
      all.push_back(std::move(l.p));
    }
    page.total = static_cast<int64_t>(all.size());
    int64_t from = std::min<int64_t>((q.page - 1) * q.page_size, page.total);
    int64_t to = std::min<int64_t>(from + q.page_size, page.total);
    for (int64_t i = from; i < to; ++i) {
      Project& p = all[i];
      p.waitlisted_count = WaitlistedCount(tx, p.id);
      page.items.push_back(std::move(p));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return page;
}

Result<Project> ProjectService::Transition(const auth::Actor& actor, int64_t id, const std::string& action,
                                           const std::string& reason) {
  struct Move {
    std::vector<std::string> from;
    std::string to;
    bool decide;  // needs a bureau admin over the region (else: whoever runs it)
  };
  static const std::map<std::string, Move> kMoves = {{"submit", {{"draft"}, "submitted", false}},
                                                     {"approve", {{"under_review"}, "approved", true}},
                                                     {"reject", {{"submitted", "under_review"}, "rejected", true}},
                                                     {"revise", {{"rejected"}, "draft", false}},
                                                     {"open", {{"approved"}, "registration_open", false}},
                                                     {"start", {{"registration_open"}, "running", false}},
                                                     {"archive", {{"closed"}, "archived", false}}};
  auto it = kMoves.find(action);
  if (it == kMoves.end()) {
    std::vector<std::string> names;
    for (const auto& [k, v] : kMoves) names.push_back(k);
    return http::CheckEnum("action", action, names);
  }
  const Move& move = it->second;
  if (action == "reject" && reason.empty()) return Invalid("field.required", "reason", {{"field", "reason"}});
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, id, true);
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    if (move.decide ? !MayDecide(actor, *l) : !MayManage(actor, *l)) return Denied();
    if (std::find(move.from.begin(), move.from.end(), l->p.state) == move.from.end())
      return BadTransition(l->p.state, move.to);
    if (action == "approve") {
      db::Row r;
      tx.QueryOne("SELECT COUNT(*) FROM project_reviews WHERE project_id = :p AND submitted_at > 0", {id}, r);
      if (r.Int(0) == 0) return Status(Code::kFailedPrecondition, "project.no_reviews");
    }
    const int64_t now = clock_.NowSeconds();
    tx.Exec("UPDATE projects SET state = :s, updated_at = :u WHERE id = :id", {move.to, now, id});
    // A school's module project is taken by all its serving teachers (seed S1 §七).
    if (action == "open" && l->p.kind == "school_module") {
      auto [lo, hi] = org::SubtreeRange(l->organiser_path);
      int64_t n = tx.Exec(
          "INSERT INTO project_registrations (project_id, teacher_id, school_id, state, origin, created_by, "
          "created_at, updated_at) SELECT :p, t.id, t.org_id, 'accepted', 'school', :by, :c, :u FROM teachers t "
          "JOIN orgs o ON o.id = t.org_id WHERE o.path >= :lo AND o.path < :hi AND t.status = '在职'",
          {id, actor.AuditId() ? db::Param(actor.account_id) : nullptr, now, now, lo, hi});
      tx.Exec("UPDATE projects SET accepted_count = :n WHERE id = :id", {n, id});
    }
    Project after = l->p;
    after.state = move.to;
    Json before = Snapshot(l->p), next = Snapshot(after);
    if (!reason.empty()) next["reason"] = reason;
    audit_log::Append(tx, clock_, {actor.AuditId(), "project." + action, "project", id, before.dump(), next.dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return Get(actor, id);
}

Status ProjectService::AssignExperts(const auth::Actor& actor, int64_t id, const std::vector<int64_t>& expert_ids) {
  if (expert_ids.empty()) return Invalid("field.required", "expert_ids", {{"field", "expert_ids"}});
  return db_.Transact([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, id, true);
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    if (!MayDecide(actor, *l)) return Denied();
    if (l->p.state != "submitted" && l->p.state != "under_review") return BadTransition(l->p.state, "under_review");
    for (int64_t e : expert_ids) {
      db::Row r;
      if (!tx.QueryOne("SELECT role FROM accounts WHERE id = :id AND disabled = 0", {e}, r) || r.Str(0) != "expert")
        return Invalid("project.not_expert", "expert_ids", {{"id", std::to_string(e)}});
      if (!tx.QueryOne("SELECT 1 FROM project_reviews WHERE project_id = :p AND expert_id = :e", {id, e}, r)) {
        tx.Exec("INSERT INTO project_reviews (project_id, expert_id) VALUES (:p, :e)", {id, e});
        tx.Exec("INSERT INTO project_staff (project_id, account_id, role) VALUES (:p, :a, 'expert')", {id, e});
      }
    }
    if (l->p.state == "submitted") {
      tx.Exec("UPDATE projects SET state = 'under_review', updated_at = :u WHERE id = :id", {clock_.NowSeconds(), id});
      Project after = l->p;
      after.state = "under_review";
      audit_log::Append(
          tx, clock_,
          {actor.AuditId(), "project.review", "project", id, Snapshot(l->p).dump(), Snapshot(after).dump()});
    }
    return Status::Ok();
  });
}

Status ProjectService::SubmitReview(const auth::Actor& actor, int64_t id, const Json& scores,
                                    const std::string& comments) {
  if (actor.role != auth::Role::kExpert) return Denied();
  if (!scores.is_object()) return Invalid("field.type", "scores", {{"field", "scores"}, {"type", "对象"}});
  int64_t total = 0;
  Json clean = Json::object();
  for (const auto& [criterion, max] : DefaultRubric()) {
    if (!scores.contains(criterion) || !scores[criterion].is_number_integer())
      return Invalid("project.score_missing", "scores." + criterion, {{"criterion", criterion}});
    int64_t v = scores[criterion].get<int64_t>();
    if (v < 0 || v > max)
      return Invalid("field.range", "scores." + criterion,
                     {{"field", criterion}, {"min", "0"}, {"max", std::to_string(max)}});
    clean[criterion] = v;
    total += v;
  }
  for (const auto& [k, v] : scores.items())
    if (!clean.contains(k)) return Invalid("field.unknown", "scores." + k, {{"field", k}});
  return db_.Transact([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, id);
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    db::Row r;
    if (!tx.QueryOne("SELECT id FROM project_reviews WHERE project_id = :p AND expert_id = :e", {id, actor.account_id},
                     r))
      return NotFound();
    if (l->p.state != "under_review") return Status(Code::kFailedPrecondition, "project.review_closed");
    tx.Exec("UPDATE project_reviews SET scores_json = :s, total = :t, comments = :c, submitted_at = :at WHERE id = :id",
            {clean.dump(), total, comments, clock_.NowSeconds(), r.Int(0)});
    return Status::Ok();
  });
}

Result<ReviewBoard> ProjectService::Reviews(const auth::Actor& actor, int64_t id) {
  ReviewBoard board;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, id);
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    const bool expert = actor.role == auth::Role::kExpert;
    if (!expert && !MayManage(actor, *l)) return Denied();
    int64_t sum = 0;
    for (const auto& r : tx.Query("SELECT v.expert_id, a.display_name, v.scores_json, v.total, v.comments, "
                                  "v.submitted_at FROM project_reviews v JOIN accounts a ON a.id = v.expert_id "
                                  "WHERE v.project_id = :p ORDER BY v.id",
                                  {id})) {
      // An expert sees their own review only, so scores stay independent.
      if (expert && r.Int(0) != actor.account_id) continue;
      Review v;
      v.expert_id = r.Int(0);
      v.expert_name = r.Str(1);
      v.scores = Json::parse(r.Str(2), nullptr, false);
      v.total = r.Int(3);
      v.comments = r.Str(4);
      v.submitted_at = r.Int(5);
      if (v.submitted_at > 0) {
        ++board.submitted;
        sum += v.total;
      }
      board.reviews.push_back(std::move(v));
    }
    if (board.submitted > 0) board.average = static_cast<double>(sum) / static_cast<double>(board.submitted);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return board;
}

Status ProjectService::SetQuotas(const auth::Actor& actor, int64_t id, const std::vector<Quota>& quotas) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, id, true);  // allocation holds this lock too
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    if (!MayDecide(actor, *l)) return Denied();
    if (l->p.state == "closed" || l->p.state == "archived")
      return Status(Code::kFailedPrecondition, "project.not_editable", {{"state", StateLabel(l->p.state, false)}});
    std::map<int64_t, int64_t> used;
    for (const auto& r : tx.Query("SELECT org_id, used FROM project_quotas WHERE project_id = :p", {id}))
      used[r.Int(0)] = r.Int(1);
    auto used_of = [&](int64_t org_id) {
      auto it = used.find(org_id);
      return it == used.end() ? int64_t{0} : it->second;
    };
    std::set<int64_t> keep;
    for (size_t i = 0; i < quotas.size(); ++i) {
      const Quota& q = quotas[i];
      const std::string f = "items[" + std::to_string(i) + "]";
      auto o = org::FindOrg(tx, q.org_id);
      if (!o || o->path.compare(0, l->region_path.size(), l->region_path) != 0 || !actor.Covers(o->path))
        return NotFound().WithField(f + ".org_id");
      if (!keep.insert(q.org_id).second) return Invalid("project.quota_duplicate", f + ".org_id");
      if (q.quota < used_of(q.org_id))
        return Invalid("project.quota_below_used", f + ".quota", {{"used", std::to_string(used_of(q.org_id))}});
      if (q.quota < 0) return Invalid("field.range", f + ".quota", {{"field", "quota"}, {"min", "0"}, {"max", "-"}});
    }
    for (const auto& [org_id, u] : used)
      if (!keep.count(org_id)) {
        if (u > 0) return Invalid("project.quota_below_used", "items", {{"used", std::to_string(u)}});
        tx.Exec("DELETE FROM project_quotas WHERE project_id = :p AND org_id = :o", {id, org_id});
      }
    for (const Quota& q : quotas) {
      if (used.count(q.org_id))
        tx.Exec("UPDATE project_quotas SET quota = :q WHERE project_id = :p AND org_id = :o", {q.quota, id, q.org_id});
      else
        tx.Exec("INSERT INTO project_quotas (project_id, org_id, quota) VALUES (:p, :o, :q)", {id, q.org_id, q.quota});
    }
    return Status::Ok();
  });
}

Result<std::vector<Quota>> ProjectService::Quotas(const auth::Actor& actor, int64_t id) {
  std::vector<Quota> out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, id);
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    for (const auto& r : tx.Query("SELECT q.org_id, o.name, q.quota, q.used, o.path FROM project_quotas q JOIN orgs o "
                                  "ON o.id = q.org_id WHERE q.project_id = :p ORDER BY o.path",
                                  {id})) {
      // A school admin sees the quotas of their own subtree and the county's above it.
      if (!MayManage(actor, *l) && !actor.Covers(r.Str(4)) && actor.org_path.compare(0, r.Str(4).size(), r.Str(4)) != 0)
        continue;
      out.push_back({r.Int(0), r.Str(1), r.Int(2), r.Int(3)});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace jj::projects
