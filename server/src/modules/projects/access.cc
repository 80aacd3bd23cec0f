// How an actor stands to a project or a registration: the facts the
// permission table (permissions.h) reads, computed once per object.
#include <algorithm>
#include <map>

#include "core/text.h"
#include "modules/org/org.h"
#include "modules/projects/internal.h"

namespace jj::projects::internal {

namespace {

bool Published(const std::string& state) {
  return state == "registration_open" || state == "running" || state == "closed" || state == "archived";
}
bool Active(const std::string& state) { return !state.empty() && state != "rejected" && state != "withdrawn"; }

}  // namespace

Facts FactsOf(db::Tx& tx, const auth::Actor& a, const Loaded& l) {
  Facts f;
  f.role = a.role;
  f.state = l.p.state;
  f.kind = l.p.kind;
  f.upgraded_at = l.p.upgraded_at;
  uint32_t rel = 0;
  if (a.IsBureauAdmin() && a.Covers(l.region_path)) rel |= kRegionAdmin;
  // Staff of the organiser; a school admin only for their school's module project.
  if ((a.role == auth::Role::kInstitutionStaff ||
       (a.role == auth::Role::kSchoolAdmin && l.p.kind == "school_module")) &&
      a.Covers(l.organiser_path))
    rel |= kOrganiser;
  const auto staff = repo::StaffRoles(tx, l.p.id, a.account_id);
  if (staff.count("tutor")) rel |= kTutor;
  if (a.role == auth::Role::kExpert && staff.count("expert")) rel |= kExpert;
  std::string registration;  // the acting teacher's registration state
  if (a.role == auth::Role::kTeacher && a.teacher_id) {
    rel |= kTeacherAccount;
    if (auto r = repo::FindRegistrationOf(tx, l.p.id, *a.teacher_id)) registration = r->state;
  }
  f.registered = Active(registration);
  if (registration == "accepted") rel |= kParticipant;
  // Those who run, review or teach it see it in every state; published
  // projects are seen by everyone in the region (teachers, schools) and by
  // the teachers registered for them.
  bool sees = rel & (kRegionAdmin | kOrganiser | kTutor | kExpert);
  if (!sees && Published(l.p.state))
    sees = !registration.empty() || a.org_path.compare(0, l.region_path.size(), l.region_path) == 0 ||
           a.Covers(l.region_path);
  if (sees) rel |= kSees;
  f.relations = rel;
  return f;
}

Facts FactsOf(const auth::Actor& a, const repo::RegistrationRow& r) {
  Facts f;
  f.role = a.role;
  f.state = r.r.state;
  f.project_state = r.r.project_state;
  uint32_t rel = 0;
  if (a.role == auth::Role::kTeacher && a.teacher_id == r.r.teacher_id) rel |= kRegistrant;
  if (a.Covers(r.school_path)) rel |= kOverSchool;
  if (a.IsBureauAdmin() && a.Covers(r.region_path)) rel |= kRegionAdmin;
  f.relations = rel;
  return f;
}

bool SeesRegistration(const Facts& f) { return (f.relations & (kRegistrant | kOverSchool)) != 0; }

Result<Loaded> ProjectFor(db::Tx& tx, const auth::Actor& a, int64_t id, const std::string& action, bool lock) {
  JJ_RETURN_IF_ERROR(RequireRole(action, Object::kProject, a.role));
  auto l = repo::FindProject(tx, id, lock);
  if (!l) return NotFound();
  const Facts f = FactsOf(tx, a, *l);
  if (!Sees(f)) return NotFound();
  JJ_RETURN_IF_ERROR(Require(action, Object::kProject, f));
  return std::move(*l);
}

void SetActions(Loaded& l, const Facts& f) { l.p.actions = Allowed(Object::kProject, f); }

void SetActions(const auth::Actor& a, repo::RegistrationRow& r) {
  r.r.actions = Allowed(Object::kRegistration, FactsOf(a, r));
}

std::string IneligibleBy(db::Tx& tx, const Audience& a, const teachers::TeacherCard& t) {
  if (!a.stages.empty() && !Contains(a.stages, t.stage)) return "stage";
  if (!a.subjects.empty() && !Contains(a.subjects, t.subject)) return "subject";
  if (!a.posts.empty() &&
      std::none_of(t.posts.begin(), t.posts.end(), [&](const std::string& p) { return Contains(a.posts, p); }))
    return "post";
  if (!a.backbone_levels.empty() && !Contains(a.backbone_levels, t.backbone_level)) return "backbone_level";
  if (!a.region_ids.empty()) {
    bool inside = false;
    for (int64_t id : a.region_ids)
      if (auto o = org::FindOrg(tx, id); o && t.org_path.compare(0, o->path.size(), o->path) == 0) inside = true;
    if (!inside) return "region";
  }
  return "";
}

Status NotFound() { return Status(Code::kNotFound, "not_found"); }
Status Denied() { return Status(Code::kPermissionDenied, "permission_denied"); }

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

Status BadTransition(const std::string& from, const std::string& to) {
  return Status(Code::kFailedPrecondition, "project.bad_transition",
                {{"from", StateLabel(from, false)},
                 {"to", StateLabel(to, false)},
                 {"from_en", StateLabel(from, true)},
                 {"to_en", StateLabel(to, true)}});
}

}  // namespace jj::projects::internal

namespace jj::projects {

std::optional<Standing> StandingOf(db::Tx& tx, const auth::Actor& actor, int64_t project_id) {
  auto l = repo::FindProject(tx, project_id);
  if (!l) return std::nullopt;
  const Facts f = internal::FactsOf(tx, actor, *l);
  Standing s;
  s.project = {l->p.id, l->p.code, l->p.name, l->p.kind, l->p.state, l->p.start_date, l->p.end_date};
  s.runs = Require("surveys", Object::kProject, f).ok();
  s.participates = (f.relations & kParticipant) != 0;
  return s;
}

int64_t ParticipantCount(db::Tx& tx, int64_t project_id) { return repo::AcceptedCount(tx, project_id); }

std::vector<ProjectBrief> ProjectsTakenBy(db::Tx& tx, int64_t teacher_id) {
  return repo::AcceptedProjectsOf(tx, teacher_id);
}

}  // namespace jj::projects
