// The annual assessment of backbone.h (年度考核): submission before the
// deadline, the school → county → city review, the final pass's credit
// exemption and the consecutive passes. Like service.cc, each entry point
// checks the permission table once (RequireRole before reading, Require after
// loading and the sight check) and writes through the repository with an
// audit entry in the same transaction.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "infra/audit_log/audit_log.h"
#include "infra/http/json_io.h"
#include "modules/backbone/backbone.h"
#include "modules/backbone/permissions.h"
#include "modules/backbone/repository.h"
#include "modules/credits/credits.h"
#include "modules/org/org.h"
#include "modules/teachers/teachers.h"

namespace jj::backbone {

namespace {

using Json = nlohmann::json;

bool Within(const std::string& path, const std::string& root) {
  return !root.empty() && path.compare(0, root.size(), root) == 0;
}

// The county and the city above a school: the nearest ancestors of those
// types (empty path when there is none).
struct Levels {
  std::string county_path, city_path;
};
Levels LevelsOf(db::Tx& tx, const std::string& school_path) {
  Levels out;
  size_t pos = 1;  // path "/1/5/23/"
  while (pos < school_path.size()) {
    const size_t next = school_path.find('/', pos);
    if (next == std::string::npos) break;
    const std::string id = school_path.substr(pos, next - pos);
    pos = next + 1;
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) continue;
    auto o = org::FindOrg(tx, std::stoll(id));
    if (!o) continue;
    if (o->type == "county") out.county_path = o->path;
    if (o->type == "city") out.city_path = o->path;
  }
  return out;
}

Facts AssessmentFacts(db::Tx& tx, const auth::Actor& a, const std::string& state, const std::string& school_path,
                      std::optional<int64_t> teacher_id, const std::string& final_level) {
  Facts f;
  f.role = a.role;
  f.state = state;
  if (a.role == auth::Role::kTeacher && teacher_id && a.teacher_id == teacher_id) f.relations |= kSelf;
  if (a.role == auth::Role::kSchoolAdmin && a.Covers(school_path)) f.relations |= kOverSchool;
  if (a.role == auth::Role::kBureauAdmin && a.Covers(school_path)) {
    const Levels l = LevelsOf(tx, school_path);
    if (Within(a.org_path, l.county_path)) f.relations |= kCounty;
    else if (final_level == "city" && Within(a.org_path, l.city_path)) f.relations |= kCity;
  }
  return f;
}

// Sees the form: its teacher, or an admin whose scope holds its school.
bool SeesAssessment(const auth::Actor& a, const Facts& f, const std::string& school_path) {
  return (f.relations & kSelf) || (a.IsAdmin() && a.Covers(school_path));
}

Json Snapshot(const Assessment& a) {
  return Json{{"teacher_id", a.teacher_id},           {"year", a.year},
              {"state", a.state},                     {"reason", a.reason},
              {"school_decision", a.school_decision}, {"county_decision", a.county_decision},
              {"city_decision", a.city_decision},     {"final_level", a.final_level}};
}

Status CheckYear(const Clock& clock, int64_t year) {
  if (year < 2000 || year > clock.Today().year)
    return Status(Code::kInvalidArgument, "backbone.assessment_year", {}).WithField("year");
  return Status::Ok();
}

// The form's last level (see backbone.h).
std::string FinalLevel(db::Tx& tx, int64_t teacher_id, const std::string& level, const Levels& l) {
  if (l.city_path.empty()) return "county";
  if (auto owner = repo::LatestConfirmedOwner(tx, teacher_id))
    return Within(owner->second, l.county_path) ? "county" : "city";
  return level == "县级" || level == "校级" ? "county" : "city";
}

}  // namespace

Result<Assessment> BackboneService::SubmitAssessment(const auth::Actor& actor, const AssessmentInput& in) {
  JJ_RETURN_IF_ERROR(RequireRole("submit", Object::kAssessment, actor.role));
  JJ_RETURN_IF_ERROR(CheckYear(clock_, in.year));
  if (in.self_assessment.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status(Code::kInvalidArgument, "field.empty", {{"field", "self_assessment"}}).WithField("self_assessment");
  if (in.self_assessment.size() > kMaxTextChars * 4)
    return Status(Code::kInvalidArgument, "field.too_long",
                  {{"field", "self_assessment"}, {"max", std::to_string(kMaxTextChars)}})
        .WithField("self_assessment");
  int64_t id = 0;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto t = teachers::FindTeacherCard(tx, in.teacher_id, true);
    if (!t) return NotFound();
    auto existing = repo::FindAssessmentOf(tx, in.teacher_id, in.year);
    const Facts f = AssessmentFacts(tx, actor, existing ? existing->a.state : "new", t->org_path, t->id,
                                    existing ? existing->a.final_level : "");
    if (!SeesAssessment(actor, f, t->org_path)) return NotFound();
    JJ_RETURN_IF_ERROR(Require("submit", Object::kAssessment, f));
    if (t->backbone_level.empty() || t->backbone_level == "无") return FailedPrecondition("backbone.not_backbone");
    const std::string deadline = std::to_string(in.year) + "-" + kAssessmentDeadline;
    if (clock_.Today().ToString() > deadline)
      return Status(Code::kFailedPrecondition, "backbone.assessment_deadline", {{"deadline", deadline}});
    const int64_t now = clock_.NowSeconds();
    Json before;
    if (existing) {
      before = Snapshot(existing->a);
      id = existing->a.id;
      repo::ResubmitAssessment(tx, id, in.self_assessment, t->org_id, actor.AuditId(), now);
    } else {
      const Levels l = LevelsOf(tx, t->org_path);
      if (l.county_path.empty()) return FailedPrecondition("backbone.no_county");
      id = repo::InsertAssessment(tx, in, t->org_id, t->backbone_level, FinalLevel(tx, t->id, t->backbone_level, l),
                                  deadline, actor.AuditId(), now);
    }
    auto after = repo::FindAssessment(tx, id);
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.assessment.submit", "backbone_assessment", id,
                                   before.is_null() ? "" : before.dump(), Snapshot(after->a).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetAssessment(actor, id);
}

Result<AssessmentList> BackboneService::ListAssessments(const auth::Actor& actor, std::optional<int64_t> year) {
  JJ_RETURN_IF_ERROR(RequireRole("assessments", Object::kAssessmentList, actor.role));
  AssessmentList out;
  // What the actor may do on the list: the list's rules, and "submit" for
  // the roles that submit forms (whether a given teacher may is the
  // submission's answer).
  out.actions = Allowed(Object::kAssessmentList, Facts{.role = actor.role});
  if (RequireRole("submit", Object::kAssessment, actor.role).ok()) out.actions.push_back("submit");
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    const bool is_teacher = actor.role == auth::Role::kTeacher;
    if (is_teacher && !actor.teacher_id) return Status::Ok();
    auto [lo, hi] = org::SubtreeRange(actor.org_path);
    const bool all = actor.role == auth::Role::kSysAdmin || is_teacher;
    for (auto& row : repo::QueryAssessments(tx, all, lo, hi, is_teacher ? actor.teacher_id : std::nullopt, year)) {
      const Facts f = AssessmentFacts(tx, actor, row.a.state, row.school_path, row.a.teacher_id, row.a.final_level);
      if (!SeesAssessment(actor, f, row.school_path)) continue;
      row.a.actions = Allowed(Object::kAssessment, f);
      out.items.push_back(std::move(row.a));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Assessment> BackboneService::GetAssessment(const auth::Actor& actor, int64_t id) {
  Assessment out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto row = repo::FindAssessment(tx, id);
    if (!row) return NotFound();
    const Facts f = AssessmentFacts(tx, actor, row->a.state, row->school_path, row->a.teacher_id, row->a.final_level);
    if (!SeesAssessment(actor, f, row->school_path)) return NotFound();
    out = row->a;
    out.actions = Allowed(Object::kAssessment, f);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Assessment> BackboneService::ReviewAssessment(const auth::Actor& actor, int64_t id, const std::string& action,
                                                     const std::string& reason) {
  JJ_RETURN_IF_ERROR(http::CheckEnum("action", action, {"pass", "fail", "return", "reopen"}));
  JJ_RETURN_IF_ERROR(RequireRole(action, Object::kAssessment, actor.role));
  if ((action == "fail" || action == "return") && reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status(Code::kInvalidArgument, "field.empty", {{"field", "reason"}}).WithField("reason");
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    // The teacher's row is locked: one decision at a time on their forms.
    auto first = repo::FindAssessment(tx, id);
    if (!first) return NotFound();
    teachers::FindTeacherCard(tx, first->a.teacher_id, true);
    auto row = repo::FindAssessment(tx, id);
    const Facts f = AssessmentFacts(tx, actor, row->a.state, row->school_path, row->a.teacher_id, row->a.final_level);
    if (!SeesAssessment(actor, f, row->school_path)) return NotFound();
    JJ_RETURN_IF_ERROR(Require(action, Object::kAssessment, f));
    const Json before = Snapshot(row->a);
    Assessment a = row->a;
    const std::string level = a.state;  // school | county | city
    std::string& decision = level == "school" ? a.school_decision : level == "county" ? a.county_decision
                                                                                       : a.city_decision;
    bool exempt = false;
    if (action == "pass") {
      decision = "passed";
      a.reason = "";
      if (level == "school") a.state = "county";
      else if (level == "county" && a.final_level == "city") a.state = "city";
      else {
        a.state = "passed";
        exempt = true;
      }
    } else if (action == "fail") {
      decision = "failed";
      a.state = "failed";
      a.reason = reason;
    } else if (action == "return") {
      a.state = "returned";
      a.reason = reason;
      a.school_decision = a.county_decision = a.city_decision = "";
    } else {  // reopen: the level below decides again
      a.reason = "";
      if (level == "county") {
        a.state = "school";
        a.school_decision = "";
      } else {
        a.state = "county";
        a.county_decision = "";
      }
    }
    repo::UpdateAssessment(tx, a, actor.AuditId(), clock_.NowSeconds());
    if (exempt)
      JJ_RETURN_IF_ERROR(credits::ExemptInTx(tx, clock_, actor, a.teacher_id, static_cast<int>(a.year),
                                             kAssessmentExemptReason));
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.assessment." + action, "backbone_assessment", id,
                                   before.dump(), Snapshot(a).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetAssessment(actor, id);
}

Result<BackboneRecord> BackboneService::Record(const auth::Actor& actor, int64_t teacher_id) {
  JJ_RETURN_IF_ERROR(RequireRole("record", Object::kAssessmentList, actor.role));
  BackboneRecord out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto t = teachers::FindTeacherCard(tx, teacher_id);
    if (!t || !actor.MayActOnTeacher(teacher_id, t->org_path)) return NotFound();
    out.teacher_id = t->id;
    out.teacher_name = t->name;
    out.backbone_level = t->backbone_level;
    for (auto& row : repo::QueryAssessments(tx, true, "", "", teacher_id, std::nullopt)) {
      const Facts f = AssessmentFacts(tx, actor, row.a.state, row.school_path, row.a.teacher_id, row.a.final_level);
      row.a.actions = Allowed(Object::kAssessment, f);
      out.assessments.push_back(std::move(row.a));
    }
    // Consecutive passes: from the latest decided year back, while each year passed.
    int64_t expect = 0;
    for (const auto& a : out.assessments) {  // newest first
      if (a.state != "passed" && a.state != "failed") continue;
      if (a.state == "failed" || (expect && a.year != expect)) break;
      ++out.consecutive_passes;
      expect = a.year - 1;
    }
    out.eligible_expert_review = out.consecutive_passes >= kExpertReviewPasses;
    out.direct_candidate = out.consecutive_passes >= kDirectCandidatePasses;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace jj::backbone
