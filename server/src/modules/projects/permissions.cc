#include "modules/projects/permissions.h"

#include <algorithm>
#include <set>

#include "core/clock.h"
#include "core/permission_doc.h"
#include "core/text.h"
#include "modules/projects/internal.h"

namespace jj::projects {

namespace {

using auth::Role;

constexpr Role kSys = Role::kSysAdmin, kBureau = Role::kBureauAdmin, kInst = Role::kInstitutionStaff,
               kSchool = Role::kSchoolAdmin, kTeacher = Role::kTeacher, kExpertRole = Role::kExpert;

// Bureau and sys admins over the project's region.
const std::vector<Who>& RegionAdmins() {
  static const std::vector<Who> k = {{kSys, kRegionAdmin}, {kBureau, kRegionAdmin}};
  return k;
}
// Whoever runs the project: the region's admins and the organiser's staff.
const std::vector<Who>& Managers() {
  static const std::vector<Who> k = {
      {kSys, kRegionAdmin}, {kBureau, kRegionAdmin}, {kInst, kOrganiser}, {kSchool, kOrganiser}};
  return k;
}
// Managers and the project's class tutors (accounts of any admin or institution role).
const std::vector<Who>& ManagersAndTutors() {
  static const std::vector<Who> k = {{kSys, kRegionAdmin}, {kBureau, kRegionAdmin}, {kInst, kOrganiser},
                                     {kSchool, kOrganiser}, {kSys, kTutor},         {kBureau, kTutor},
                                     {kInst, kTutor},       {kSchool, kTutor}};
  return k;
}
std::vector<Who> Plus(std::vector<Who> a, const std::vector<Who>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const std::vector<std::string> kAfterApproval = {"approved", "registration_open", "running", "closed", "archived"};
const std::vector<std::string> kBeforeClose = {"draft",    "submitted",         "under_review", "approved",
                                               "rejected", "registration_open", "running"};
const std::vector<std::string> kTaking = {"registration_open", "running"};
const std::vector<std::string> kActiveRegistration = {"pending_school", "pending_county", "accepted", "waitlisted"};

std::vector<Rule> MakeRules() {
  std::vector<Rule> r;
  auto add = [&](Rule x) { r.push_back(std::move(x)); };
  const Object L = Object::kList, P = Object::kProject, R = Object::kRegistration;
  // Filing (no project yet: the organiser's scope is checked by the service).
  add({.action = "create", .object = L, .who = {{kSys}, {kBureau}, {kInst}}, .kind = "training",
       .zh = "申报培训项目", .en = "file a training project"});
  add({.action = "create_school_module", .object = L, .who = {{kSys}, {kBureau}, {kSchool}},
       .kind = "school_module", .zh = "申报校本研修项目", .en = "file a school-based module project"});
  // The lifecycle.
  add({.action = "edit", .object = P, .who = Managers(), .states = {"draft", "rejected"},
       .refusal = Refusal::kNotEditable, .zh = "修改项目", .en = "edit the project"});
  add({.action = "submit", .object = P, .who = Managers(), .states = {"draft"}, .to = "submitted",
       .zh = "提交申报", .en = "submit for review"});
  add({.action = "review", .object = P, .who = RegionAdmins(), .states = {"submitted", "under_review"},
       .to = "under_review", .zh = "指派评审专家", .en = "assign experts"});
  add({.action = "score", .object = P, .who = {{kExpertRole, kExpert}}, .states = {"under_review"},
       .refusal = Refusal::kReviewClosed, .zh = "专家评分", .en = "score the project"});
  add({.action = "reviews", .object = P, .who = Plus(Managers(), {{kExpertRole, kSees}}),
       .zh = "查看评审", .en = "read the reviews"});
  add({.action = "approve", .object = P, .who = RegionAdmins(), .states = {"under_review"}, .to = "approved",
       .zh = "立项", .en = "approve"});
  add({.action = "reject", .object = P, .who = RegionAdmins(), .states = {"submitted", "under_review"},
       .to = "rejected", .zh = "不予立项", .en = "reject"});
  add({.action = "revise", .object = P, .who = Managers(), .states = {"rejected"}, .to = "draft",
       .zh = "退回修改", .en = "revise"});
  add({.action = "quotas", .object = P, .who = RegionAdmins(), .states = kBeforeClose,
       .refusal = Refusal::kNotEditable, .zh = "分配名额", .en = "set quotas"});
  add({.action = "open", .object = P, .who = Managers(), .states = {"approved"}, .to = "registration_open",
       .zh = "开放报名", .en = "open registration"});
  add({.action = "start", .object = P, .who = Managers(), .states = {"registration_open"}, .to = "running",
       .zh = "开班", .en = "start"});
  // Registration.
  add({.action = "apply", .object = P, .who = {{kTeacher, kSees | kTeacherAccount}},
       .states = {"registration_open"}, .refusal = Refusal::kRegistrationClosed, .kind = "training",
       .kind_refusal = Refusal::kSchoolModuleEnrolment, .unless_registered = true, .zh = "报名",
       .en = "register"});
  add({.action = "nominate", .object = P, .who = {{kSys, kSees}, {kBureau, kSees}, {kSchool, kSees}},
       .states = {"registration_open"}, .refusal = Refusal::kRegistrationClosed, .zh = "推荐报名", .en = "nominate teachers"});
  add({.action = "candidates", .object = P, .who = {{kSys, kSees}, {kBureau, kSees}, {kSchool, kSees}},
       .zh = "按需遴选", .en = "rank candidates by need"});
  // Assessment.
  add({.action = "assessment", .object = P, .who = ManagersAndTutors(), .zh = "查看考勤与签到码",
       .en = "read attendance, show check-in codes"});
  add({.action = "attendance", .object = P, .who = ManagersAndTutors(), .states = kTaking,
       .refusal = Refusal::kAssessState, .zh = "记录考勤", .en = "record attendance"});
  add({.action = "grade", .object = P, .who = ManagersAndTutors(), .states = kTaking,
       .refusal = Refusal::kAssessState, .zh = "评定成绩", .en = "grade"});
  add({.action = "makeup", .object = P, .who = ManagersAndTutors(), .states = {"running", "closed"},
       .refusal = Refusal::kAssessState, .zh = "补考成绩", .en = "record a make-up"});
  add({.action = "results", .object = P, .who = Plus(ManagersAndTutors(), {{kTeacher, kSees}}),
       .zh = "查看考核结果（教师：本人）", .en = "read results (a teacher: their own)"});
  add({.action = "checkin", .object = P, .who = {{kTeacher, kParticipant}}, .states = kTaking,
       .refusal = Refusal::kAssessState, .denied = "assess.not_participant", .zh = "扫码签到",
       .en = "check in"});
  add({.action = "close", .object = P, .who = Managers(), .states = {"running", "closed"}, .to = "closed",
       .zh = "结业并登记学分", .en = "close and grant credits"});
  add({.action = "archive", .object = P, .who = Managers(), .states = {"closed"}, .to = "archived",
       .zh = "归档", .en = "archive"});
  add({.action = "upgrade", .object = P, .who = RegionAdmins(), .states = kAfterApproval,
       .refusal = Refusal::kAssessState, .kind = "school_module", .kind_refusal = Refusal::kNotSchoolModule,
       .unless_upgraded = true, .zh = "升格为区县级", .en = "upgrade to county level"});
  add({.action = "surveys", .object = P, .who = Managers(), .zh = "编辑问卷、查看问卷结果",
       .en = "edit surveys, read survey results"});
  // Registrations: the school decides at its step, the county at its own.
  const std::vector<Who> over_school = {{kSys, kOverSchool}, {kBureau, kOverSchool}, {kSchool, kOverSchool}};
  for (const char* a : {"approve", "reject"}) {
    const bool ok = std::string(a) == "approve";
    add({.action = a, .object = R, .who = over_school, .states = {"pending_school"}, .refusal = Refusal::kDecided,
         .project_states = {"registration_open"}, .zh = ok ? "学校审核报名（通过）" : "学校审核报名（不通过）",
         .en = ok ? "approve a registration at the school" : "reject a registration at the school"});
    add({.action = a, .object = R, .who = RegionAdmins(), .states = {"pending_county"}, .refusal = Refusal::kDecided,
         .project_states = {"registration_open"}, .zh = ok ? "区县审核报名（通过）" : "区县审核报名（不通过）",
         .en = ok ? "approve a registration at the county" : "reject a registration at the county"});
  }
  add({.action = "withdraw", .object = R, .who = Plus({{kTeacher, kRegistrant}}, over_school),
       .states = kActiveRegistration, .refusal = Refusal::kDecided, .project_states = {"registration_open"},
       .project_refusal = Refusal::kWithdrawClosed, .zh = "退出报名", .en = "withdraw"});
  return r;
}

bool In(const std::vector<std::string>& v, const std::string& s) {
  return v.empty() || std::find(v.begin(), v.end(), s) != v.end();
}

bool Fits(const Rule& rule, const Facts& f) {
  for (const Who& w : rule.who)
    if (w.role == f.role && (f.relations & w.relation) == w.relation) return true;
  return false;
}

// The first condition of the object's state the rule does not meet, or Ok.
Status StateCheck(const Rule& rule, const Facts& f) {
  auto refuse = [&](Refusal why) -> Status {
    switch (why) {
      case Refusal::kBadTransition:
        return internal::BadTransition(f.state, rule.to);
      case Refusal::kNotEditable:
        return Status(Code::kFailedPrecondition, "project.not_editable",
                      {{"state", internal::StateLabel(f.state, false)}});
      case Refusal::kReviewClosed:
        return FailedPrecondition("project.review_closed");
      case Refusal::kAssessState:
        return Status(Code::kFailedPrecondition, "assess.project_state", {{"state", f.state}});
      case Refusal::kRegistrationClosed:
        return FailedPrecondition("project.registration_closed");
      case Refusal::kSchoolModuleEnrolment:
        return FailedPrecondition("project.school_module_enrolment");
      case Refusal::kNotSchoolModule:
        return FailedPrecondition("assess.not_school_module");
      case Refusal::kAlreadyUpgraded:
        return Status(Code::kFailedPrecondition, "assess.already_upgraded",
                      {{"date", ChinaDateOf(f.upgraded_at).ToString()}});
      case Refusal::kAlreadyRegistered:
        return Conflict("project.already_registered");
      case Refusal::kDecided:
        return Status(Code::kFailedPrecondition, "project.registration_decided", {{"state", f.state}});
      case Refusal::kWithdrawClosed:
        return FailedPrecondition("project.withdraw_closed");
    }
    return FailedPrecondition("project.bad_state");
  };
  if (!rule.kind.empty() && f.kind != rule.kind) return refuse(rule.kind_refusal);
  if (rule.unless_upgraded && f.upgraded_at != 0) return refuse(Refusal::kAlreadyUpgraded);
  if (!In(rule.states, f.state)) return refuse(rule.refusal);
  if (!In(rule.project_states, f.project_state)) return refuse(rule.project_refusal);
  if (rule.unless_registered && f.registered) return refuse(Refusal::kAlreadyRegistered);
  return Status::Ok();
}

}  // namespace

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> k = MakeRules();
  return k;
}

Status Require(const std::string& action, Object object, const Facts& f) {
  // 1. A rule that fits the actor and the state: allowed. 2. A rule that
  // starts from this state but not for this actor: denied (the actor's own
  // rule, for another state, does not make it a state error). 3. A rule for
  // this actor in another state: that rule's refusal. 4. Denied.
  const Rule* wrong_state = nullptr;
  bool denied_here = false;
  std::string denied_key = "permission_denied";
  bool known = false;
  for (const Rule& rule : Rules()) {
    if (rule.action != action || rule.object != object) continue;
    known = true;
    denied_key = rule.denied;
    const bool fits = Fits(rule, f), here = In(rule.states, f.state);
    if (fits && StateCheck(rule, f).ok()) return Status::Ok();
    if (!fits && here) denied_here = true;
    if (fits && !wrong_state) wrong_state = &rule;
  }
  if (!known) return Internal("no permission rule for " + action);
  if (denied_here || !wrong_state) return PermissionDenied(denied_key);
  return StateCheck(*wrong_state, f);
}

Status RequireRole(const std::string& action, Object object, auth::Role role) {
  std::string denied_key = "permission_denied";
  bool known = false;
  for (const Rule& rule : Rules()) {
    if (rule.action != action || rule.object != object) continue;
    known = true;
    denied_key = rule.denied;
    for (const Who& w : rule.who)
      if (w.role == role) return Status::Ok();
  }
  if (!known) return Internal("no permission rule for " + action);
  return PermissionDenied(denied_key);
}

std::vector<std::string> Allowed(Object object, const Facts& f) {
  std::vector<std::string> out;
  for (const Rule& rule : Rules()) {
    if (rule.object != object || std::find(out.begin(), out.end(), rule.action) != out.end()) continue;
    if (Fits(rule, f) && StateCheck(rule, f).ok()) out.push_back(rule.action);
  }
  return out;
}

std::string RolesMarkdown() {
  static const std::vector<std::pair<Role, std::string_view>> kRoles = {
      {kSys, "sys_admin"},      {kBureau, "bureau_admin"}, {kInst, "institution_staff"},
      {kSchool, "school_admin"}, {kExpertRole, "expert"},   {kTeacher, "teacher"}};
  static const std::vector<std::pair<uint32_t, std::string_view>> kRelations = {
      {kRegionAdmin, "region"},      {kOrganiser, "organiser"}, {kTutor, "tutor"},      {kExpert, "assigned"},
      {kParticipant, "participant"}, {kRegistrant, "self"},     {kOverSchool, "school"}};
  // kSees is named only when it is the whole relation.
  auto relation = [](uint32_t bits) {
    std::string names = RelationNames(bits, kRelations);
    return names == "✓" && (bits & kSees) ? std::string("sees") : names;
  };
  std::vector<std::string_view> roles;
  for (const auto& [role, name] : kRoles) roles.push_back(name);
  std::vector<PermissionDocRow> rows;
  for (const Rule& rule : Rules()) {
    PermissionDocRow& row = rows.emplace_back();
    row.action = rule.zh + " " + rule.en + " (`" + rule.action + "`)";
    row.object = rule.object == Object::kList ? "list" : rule.object == Object::kProject ? "project" : "registration";
    row.states = JoinList(rule.states, " ");
    if (!rule.kind.empty()) row.states += (row.states.empty() ? "" : "; ") + std::string("kind ") + rule.kind;
    if (!rule.project_states.empty()) row.states += "; project " + rule.project_states.front();
    if (rule.unless_upgraded) row.states += "; not upgraded";
    if (rule.unless_registered) row.states += "; not registered yet";
    if (row.states.empty()) row.states = "any";
    for (const auto& [role, name] : kRoles) {
      std::vector<std::string> relations;
      for (const Who& w : rule.who)
        if (w.role == role) relations.push_back(relation(w.relation));
      row.cells.push_back(JoinList(relations, ", "));
    }
  }
  return PermissionMarkdown(roles, rows);
}

}  // namespace jj::projects
