#include "modules/backbone/permissions.h"

#include <algorithm>

#include "core/permission_doc.h"
#include "core/text.h"
#include "modules/backbone/backbone.h"

namespace jj::backbone {

namespace {

using auth::Role;

constexpr Role kSys = Role::kSysAdmin, kBureau = Role::kBureauAdmin, kInst = Role::kInstitutionStaff,
               kSchool = Role::kSchoolAdmin, kTeacher = Role::kTeacher, kExpert = Role::kExpert,
               kMentor = Role::kMentor;

std::vector<Rule> MakeRules() {
  std::vector<Rule> r;
  auto add = [&](Rule x) { r.push_back(std::move(x)); };
  const Object L = Object::kList, R = Object::kRound, A = Object::kApplication;
  const std::vector<Who> owners = {{kSys, kOwner}, {kBureau, kOwner}};
  const std::vector<Who> over_school = {{kSys, kOverSchool}, {kBureau, kOverSchool}};
  add({.action = "list", .object = L, .who = {{kSys}, {kBureau}, {kSchool}, {kExpert}},
       .zh = "查看遴选批次（专家：指派给本人的）", .en = "list selection rounds (an expert: those assigned)"});
  add({.action = "create_round", .object = L, .who = {{kSys}, {kBureau}}, .zh = "发起遴选",
       .en = "open a selection round"});
  add({.action = "quotas", .object = R, .who = owners, .states = {"open"}, .refusal = Refusal::kRoundClosed,
       .zh = "分配推荐名额", .en = "set quotas"});
  add({.action = "close", .object = R, .who = owners, .states = {"open"}, .to = "closed", .zh = "结束遴选",
       .en = "close the round"});
  add({.action = "recommend", .object = R, .who = {{kSchool, kBeneath}}, .states = {"open"},
       .refusal = Refusal::kRoundClosed, .zh = "学校推荐", .en = "recommend a teacher"});
  add({.action = "experts", .object = R, .who = owners, .states = {"open"}, .refusal = Refusal::kRoundClosed,
       .zh = "指派评审专家", .en = "assign experts"});
  add({.action = "applications", .object = R,
       .who = {{kSys, kOwner}, {kBureau, kOwner}, {kBureau, kBeneath}, {kSchool, kBeneath}, {kExpert, kAssigned}},
       .zh = "查看推荐名单（本范围；专家：已上报的）", .en = "read the recommendations (own scope; experts: forwarded)"});
  add({.action = "forward", .object = A, .who = over_school, .states = {"recommended"},
       .refusal = Refusal::kDecided, .round_states = {"open"}, .zh = "初审通过并上报",
       .en = "pass and forward"});
  add({.action = "return", .object = A, .who = over_school, .states = {"recommended"},
       .refusal = Refusal::kDecided, .round_states = {"open"}, .zh = "退回（附理由）",
       .en = "return with a reason"});
  add({.action = "score", .object = A, .who = {{kExpert, kAssigned}}, .states = {"forwarded"},
       .refusal = Refusal::kDecided, .round_states = {"open"}, .zh = "专家评分", .en = "score the candidate"});
  add({.action = "scores", .object = A, .who = {{kSys, kOwner}, {kBureau, kOwner}, {kExpert, kAssigned}},
       .states = {"forwarded", "selected", "not_selected"}, .refusal = Refusal::kNotForwarded, .zh = "查看评分（专家：仅本人）", .en = "read the scores (an expert: their own)"});
  add({.action = "decide", .object = A, .who = owners, .states = {"forwarded"}, .refusal = Refusal::kDecided,
       .round_states = {"open"}, .zh = "确定培训对象（入选/不入选）", .en = "decide (selected or not)"});
  add({.action = "publicize", .object = R, .who = owners, .states = {"open"}, .to = "publicity",
       .zh = "公示入选名单", .en = "publish the selection for publicity"});
  add({.action = "object", .object = A, .who = owners, .states = {"selected"}, .refusal = Refusal::kDecided,
       .round_states = {"publicity"}, .round_refusal = Refusal::kNotPublicity, .zh = "记录公示异议",
       .en = "record an objection"});
  add({.action = "confirm", .object = R, .who = owners, .states = {"publicity"}, .to = "confirmed",
       .zh = "公示期满确定名单（设定骨干层级）", .en = "confirm after publicity (sets the backbone level)"});
  // The annual assessment (年度考核); a form not yet submitted is in state "new".
  const Object S = Object::kAssessment, SL = Object::kAssessmentList;
  add({.action = "assessments", .object = SL, .who = {{kSys}, {kBureau}, {kSchool}, {kTeacher}},
       .zh = "查看年度考核", .en = "list annual assessments"});
  add({.action = "record", .object = SL, .who = {{kSys}, {kBureau}, {kSchool}, {kTeacher}},
       .zh = "查看骨干教师档案（连续合格年数）", .en = "read a backbone record (consecutive passes)"});
  add({.action = "submit", .object = S, .who = {{kTeacher, kSelf}, {kSchool, kOverSchool}},
       .states = {"new", "returned"}, .refusal = Refusal::kAssessmentState, .zh = "提交年度考核自评",
       .en = "submit the self-assessment"});
  for (const char* action : {"pass", "fail", "return"}) {
    const std::string a = action;
    const std::string zh = a == "pass" ? "考核合格" : a == "fail" ? "考核不合格（附理由）" : "退回重新提交（附理由）";
    const std::string en = a == "pass" ? "pass" : a == "fail" ? "fail with a reason" : "return with a reason";
    add({.action = a, .object = S, .who = {{kSchool, kOverSchool}}, .states = {"school"},
         .refusal = Refusal::kAssessmentState, .zh = "学校审核：" + zh, .en = "school review: " + en});
    add({.action = a, .object = S, .who = {{kBureau, kCounty}}, .states = {"county"},
         .refusal = Refusal::kAssessmentState, .zh = "县级审核：" + zh, .en = "county review: " + en});
    add({.action = a, .object = S, .who = {{kBureau, kCity}}, .states = {"city"},
         .refusal = Refusal::kAssessmentState, .zh = "市级审核：" + zh, .en = "city review: " + en});
  }
  add({.action = "reopen", .object = S, .who = {{kBureau, kCounty}}, .states = {"county"},
       .refusal = Refusal::kAssessmentState, .zh = "县级重开学校审核", .en = "county reopens the school's decision"});
  add({.action = "reopen", .object = S, .who = {{kBureau, kCity}}, .states = {"city"},
       .refusal = Refusal::kAssessmentState, .zh = "市级重开县级审核", .en = "city reopens the county's decision"});
  (void)kInst;
  (void)kTeacher;
  (void)kMentor;
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

// A state's label in both languages, from the module's vocabularies.
std::pair<std::string, std::string> Label(const std::string& kind, const std::string& value) {
  static const std::vector<Vocabulary> kVocabularies = Vocabularies();
  for (const auto& v : kVocabularies)
    if (v.kind == kind)
      for (const auto& t : v.terms)
        if (t.value == value) return {t.zh, t.en};
  return {value, value};
}

Status Refuse(Refusal why, const Rule& rule, const Facts& f) {
  switch (why) {
    case Refusal::kBadTransition: {
      auto [from, from_en] = Label("backbone_round_state", f.state);
      auto [to, to_en] = Label("backbone_round_state", rule.to);
      return Status(Code::kFailedPrecondition, "backbone.bad_transition",
                    {{"from", from}, {"from_en", from_en}, {"to", to}, {"to_en", to_en}});
    }
    case Refusal::kRoundClosed:
      return FailedPrecondition("backbone.round_closed");
    case Refusal::kNotForwarded:
      return FailedPrecondition("backbone.not_forwarded");
    case Refusal::kNotPublicity:
      return FailedPrecondition("backbone.not_in_publicity");
    case Refusal::kAssessmentState: {
      auto [zh, en] = Label("backbone_assessment_state", f.state);
      return Status(Code::kFailedPrecondition, "backbone.assessment_state", {{"state", zh}, {"state_en", en}});
    }
    case Refusal::kDecided: {
      auto [zh, en] = Label("backbone_application_state", f.state);
      return Status(Code::kFailedPrecondition, "backbone.application_decided", {{"state", zh}, {"state_en", en}});
    }
  }
  return FailedPrecondition("backbone.round_closed");
}

Status StateCheck(const Rule& rule, const Facts& f) {
  if (!In(rule.states, f.state)) return Refuse(rule.refusal, rule, f);
  if (!In(rule.round_states, f.round_state)) return Refuse(rule.round_refusal, rule, f);
  return Status::Ok();
}

}  // namespace

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> k = MakeRules();
  return k;
}

Status Require(const std::string& action, Object object, const Facts& f) {
  const Rule* wrong_state = nullptr;
  bool denied_here = false, known = false;
  for (const Rule& rule : Rules()) {
    if (rule.action != action || rule.object != object) continue;
    known = true;
    const bool fits = Fits(rule, f), here = In(rule.states, f.state);
    if (fits && StateCheck(rule, f).ok()) return Status::Ok();
    if (!fits && here) denied_here = true;
    if (fits && !wrong_state) wrong_state = &rule;
  }
  if (!known) return Internal("no permission rule for " + action);
  if (denied_here || !wrong_state) return PermissionDenied();
  return StateCheck(*wrong_state, f);
}

Status RequireRole(const std::string& action, Object object, auth::Role role) {
  bool known = false;
  for (const Rule& rule : Rules()) {
    if (rule.action != action || rule.object != object) continue;
    known = true;
    for (const Who& w : rule.who)
      if (w.role == role) return Status::Ok();
  }
  if (!known) return Internal("no permission rule for " + action);
  return PermissionDenied();
}

std::vector<std::string> Allowed(Object object, const Facts& f) {
  std::vector<std::string> out;
  for (const Rule& rule : Rules()) {
    if (rule.object != object || std::find(out.begin(), out.end(), rule.action) != out.end()) continue;
    if (Fits(rule, f) && StateCheck(rule, f).ok()) out.push_back(rule.action);
  }
  return out;
}

static const char* ObjectName(Object o) {
  switch (o) {
    case Object::kList:
      return "list";
    case Object::kRound:
      return "round";
    case Object::kApplication:
      return "application";
    case Object::kAssessment:
      return "assessment";
    case Object::kAssessmentList:
      return "assessment list";
  }
  return "";
}

std::string RolesMarkdown() {
  static const std::vector<std::pair<Role, std::string_view>> kRoles = {
      {kSys, "sys_admin"},       {kBureau, "bureau_admin"}, {kInst, "institution_staff"}, {kSchool, "school_admin"},
      {kExpert, "expert"},       {kMentor, "mentor"},       {kTeacher, "teacher"}};
  static const std::vector<std::pair<uint32_t, std::string_view>> kRelations = {
      {kOwner, "owner"}, {kBeneath, "beneath"}, {kOverSchool, "school"}, {kAssigned, "assigned"},
      {kSelf, "self"},   {kCounty, "county"},   {kCity, "city"}};
  std::vector<std::string_view> roles;
  for (const auto& [role, name] : kRoles) roles.push_back(name);
  std::vector<PermissionDocRow> rows;
  for (const Rule& rule : Rules()) {
    PermissionDocRow& row = rows.emplace_back();
    row.action = rule.zh + " " + rule.en + " (`" + rule.action + "`)";
    row.object = ObjectName(rule.object);
    row.states = JoinList(rule.states, " ");
    if (!rule.round_states.empty()) row.states += "; round " + rule.round_states.front();
    if (row.states.empty()) row.states = "any";
    for (const auto& [role, name] : kRoles) {
      std::vector<std::string> relations;
      for (const Who& w : rule.who)
        if (w.role == role) relations.push_back(RelationNames(w.relation, kRelations));
      row.cells.push_back(JoinList(relations, ", "));
    }
  }
  return PermissionMarkdown(roles, rows);
}

}  // namespace jj::backbone
