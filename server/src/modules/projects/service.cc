// Projects: create/update, the lifecycle, expert review, quotas. Who may
// do what is the permission table (permissions.h), checked on entry; the
// SQL is in repository.cc.
#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "infra/audit_log/audit_log.h"
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
    auto account = repo::FindEnabledAccount(tx, id);
    if (!account || !kTutorRoles.count(account->role) ||
        account->org_path.compare(0, region_path.size(), region_path) != 0)
      return Invalid("project.bad_tutor", "tutor_ids", {{"id", std::to_string(id)}});
  }
  return Status::Ok();
}

Json Snapshot(const Project& p) {
  return Json{{"code", p.code},        {"name", p.name}, {"state", p.state},
              {"level", p.level},      {"form", p.form}, {"hours_tenths", p.hours_tenths},
              {"capacity", p.capacity}};
}

// The facts of an actor who has no project yet (filing one).
Facts FilingFacts(const auth::Actor& actor, const std::string& kind) {
  Facts f;
  f.role = actor.role;
  f.kind = kind;
  return f;
}

}  // namespace

std::vector<Session> ProjectService::Sessions(db::Tx& tx, int64_t project_id) { return repo::Sessions(tx, project_id); }

Result<Project> ProjectService::Create(const auth::Actor& actor, const ProjectInput& input) {
  ProjectInput in = input;
  const bool school = in.kind == "school_module";
  JJ_RETURN_IF_ERROR(Require(school ? "create_school_module" : "create", Object::kList, FilingFacts(actor, in.kind)));
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
    if (repo::CodeTaken(tx, in.code, 0)) return Status(Code::kConflict, "project.code_taken").WithField("code");
    JJ_RETURN_IF_ERROR(CheckReferences(tx, in, region->path));
    const int64_t now = clock_.NowSeconds();
    id = repo::InsertProject(tx, in, organiser->id, region->id, actor.AuditId(), now);
    repo::WriteSessionsAndTutors(tx, id, in);
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
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, id, "edit", true));
    if (in.kind != l.p.kind) return Invalid("project.kind_fixed", "kind");
    if (repo::CodeTaken(tx, in.code, id)) return Status(Code::kConflict, "project.code_taken").WithField("code");
    JJ_RETURN_IF_ERROR(CheckReferences(tx, in, l.region_path));
    repo::UpdateProject(tx, id, in, clock_.NowSeconds());
    repo::WriteSessionsAndTutors(tx, id, in);
    Project after;
    static_cast<ProjectInput&>(after) = in;
    after.state = l.p.state;
    audit_log::Append(
        tx, clock_, {actor.AuditId(), "project.update", "project", id, Snapshot(l.p).dump(), Snapshot(after).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return Get(actor, id);
}

Result<Project> ProjectService::Get(const auth::Actor& actor, int64_t id) {
  Project out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto l = repo::FindProject(tx, id);
    if (!l) return NotFound();
    const Facts f = FactsOf(tx, actor, *l);
    if (!Sees(f)) return NotFound();
    SetActions(*l, f);
    out = std::move(l->p);
    out.sessions = repo::Sessions(tx, id);
    out.waitlisted_count = repo::WaitlistedCount(tx, id);
    out.tutor_ids = repo::TutorIds(tx, id);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<ProjectPage> ProjectService::List(const auth::Actor& actor, const ProjectQuery& q) {
  if (!q.state.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("state", q.state, ProjectStates()));
  if (!q.kind.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("kind", q.kind, ProjectKinds()));
  ProjectPage page;
  for (const char* kind : {"training", "school_module"})
    for (const std::string& a : Allowed(Object::kList, FilingFacts(actor, kind)))
      if (std::find(page.actions.begin(), page.actions.end(), a) == page.actions.end()) page.actions.push_back(a);
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::optional<teachers::TeacherCard> teacher;
    if (actor.role == auth::Role::kTeacher && actor.teacher_id)
      teacher = teachers::FindTeacherCard(tx, *actor.teacher_id);
    // Candidates by region and state in SQL; the access rules and the
    // catalogue's eligibility in C++ (a region holds hundreds of projects,
    // not millions).
    const std::string today = clock_.Today().ToString();
    std::vector<Project> all;
    for (Loaded& l : repo::QueryProjects(tx, {q.state, q.kind, q.q, q.catalogue})) {
      const Facts f = FactsOf(tx, actor, l);
      if (!Sees(f)) continue;
      if (q.catalogue) {
        if ((!l.p.reg_start.empty() && today < l.p.reg_start) || (!l.p.reg_end.empty() && today > l.p.reg_end))
          continue;
        if (teacher && !IneligibleBy(tx, l.p.audience, *teacher).empty()) continue;
        if (l.p.kind == "school_module") continue;
      }
      SetActions(l, f);
      all.push_back(std::move(l.p));
    }
    page.total = static_cast<int64_t>(all.size());
    int64_t from = std::min<int64_t>((q.page - 1) * q.page_size, page.total);
    int64_t to = std::min<int64_t>(from + q.page_size, page.total);
    for (int64_t i = from; i < to; ++i) {
      Project& p = all[i];
      p.waitlisted_count = repo::WaitlistedCount(tx, p.id);
      page.items.push_back(std::move(p));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return page;
}

Result<Project> ProjectService::Transition(const auth::Actor& actor, int64_t id, const std::string& action,
                                           const std::string& reason) {
  // The moves this call makes; where each leads is the permission table's `to`.
  static const std::vector<std::string> kMoves = {"approve", "archive", "open",  "reject",
                                                  "revise",  "start",   "submit"};
  if (std::find(kMoves.begin(), kMoves.end(), action) == kMoves.end())
    return http::CheckEnum("action", action, kMoves);
  if (action == "reject" && reason.empty()) return Invalid("field.required", "reason", {{"field", "reason"}});
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, id, action, true));
    std::string to;
    for (const Rule& r : Rules())
      if (r.action == action && r.object == Object::kProject) to = r.to;
    if (action == "approve" && repo::SubmittedReviewCount(tx, id) == 0)
      return Status(Code::kFailedPrecondition, "project.no_reviews");
    // Opening registration after its window closed would show teachers an
    // empty catalogue: the window must be moved first.
    if (action == "open" && l.p.kind != "school_module" && !l.p.reg_end.empty() &&
        clock_.Today().ToString() > l.p.reg_end)
      return Status(Code::kFailedPrecondition, "project.registration_window_over", {{"end", l.p.reg_end}})
          .WithField("reg_end");
    const int64_t now = clock_.NowSeconds();
    repo::SetState(tx, id, to, now);
    // A school's module project is taken by all its serving teachers (seed S1 §七).
    if (action == "open" && l.p.kind == "school_module") {
      auto [lo, hi] = org::SubtreeRange(l.organiser_path);
      repo::SetAcceptedCount(tx, id, repo::EnrolSubtree(tx, id, lo, hi, actor.AuditId(), now));
    }
    Project after = l.p;
    after.state = to;
    Json before = Snapshot(l.p), next = Snapshot(after);
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
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, id, "review", true));
    for (int64_t e : expert_ids) {
      auto account = repo::FindEnabledAccount(tx, e);
      if (!account || account->role != "expert")
        return Invalid("project.not_expert", "expert_ids", {{"id", std::to_string(e)}});
      repo::AssignExpert(tx, id, e);
    }
    if (l.p.state == "submitted") {
      repo::SetState(tx, id, "under_review", clock_.NowSeconds());
      Project after = l.p;
      after.state = "under_review";
      audit_log::Append(
          tx, clock_,
          {actor.AuditId(), "project.review", "project", id, Snapshot(l.p).dump(), Snapshot(after).dump()});
    }
    return Status::Ok();
  });
}

Status ProjectService::SubmitReview(const auth::Actor& actor, int64_t id, const Json& scores,
                                    const std::string& comments) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    // Who may score comes first: nobody else learns what a valid score sheet is.
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, id, "score"));
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
    auto review = repo::ReviewId(tx, id, actor.account_id);
    if (!review) return NotFound();
    repo::SaveReview(tx, *review, clean.dump(), total, comments, clock_.NowSeconds());
    return Status::Ok();
  });
}

Result<ReviewBoard> ProjectService::Reviews(const auth::Actor& actor, int64_t id) {
  ReviewBoard board;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, id, "reviews"));
    // An expert sees their own review only, so scores stay independent.
    const bool expert = actor.role == auth::Role::kExpert;
    int64_t sum = 0;
    for (Review& v : repo::Reviews(tx, id)) {
      if (expert && v.expert_id != actor.account_id) continue;
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
    // Locked: seat allocation holds this lock too.
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, id, "quotas", true));
    std::map<int64_t, int64_t> used;
    for (const auto& q : repo::Quotas(tx, id)) used[q.org_id] = q.used;
    auto used_of = [&](int64_t org_id) {
      auto it = used.find(org_id);
      return it == used.end() ? int64_t{0} : it->second;
    };
    std::set<int64_t> keep;
    for (size_t i = 0; i < quotas.size(); ++i) {
      const Quota& q = quotas[i];
      const std::string f = "items[" + std::to_string(i) + "]";
      auto o = org::FindOrg(tx, q.org_id);
      if (!o || o->path.compare(0, l.region_path.size(), l.region_path) != 0 || !actor.Covers(o->path))
        return NotFound().WithField(f + ".org_id");
      if (!keep.insert(q.org_id).second) return Invalid("project.quota_duplicate", f + ".org_id");
      if (q.quota < used_of(q.org_id))
        return Invalid("project.quota_below_used", f + ".quota", {{"used", std::to_string(used_of(q.org_id))}});
      if (q.quota < 0) return Invalid("field.range", f + ".quota", {{"field", "quota"}, {"min", "0"}, {"max", "-"}});
    }
    for (const auto& [org_id, u] : used)
      if (!keep.count(org_id)) {
        if (u > 0) return Invalid("project.quota_below_used", "items", {{"used", std::to_string(u)}});
        repo::DeleteQuota(tx, id, org_id);
      }
    for (const Quota& q : quotas) repo::UpsertQuota(tx, id, q.org_id, q.quota, used.count(q.org_id) > 0);
    return Status::Ok();
  });
}

Result<std::vector<Quota>> ProjectService::Quotas(const auth::Actor& actor, int64_t id) {
  std::vector<Quota> out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto l = repo::FindProject(tx, id);
    if (!l) return NotFound();
    const Facts f = FactsOf(tx, actor, *l);
    if (!Sees(f)) return NotFound();
    const bool runs = (f.relations & (kRegionAdmin | kOrganiser)) != 0;
    for (const auto& q : repo::Quotas(tx, id)) {
      // Those who run it see every quota; others those of their own subtree and the county's above it.
      if (!runs && !actor.Covers(q.org_path) && actor.org_path.compare(0, q.org_path.size(), q.org_path) != 0)
        continue;
      out.push_back({q.org_id, q.org_name, q.quota, q.used});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace jj::projects
