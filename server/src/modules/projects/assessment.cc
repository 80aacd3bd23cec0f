#include "modules/projects/assessment.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/text.h"
#include "infra/audit_log/audit_log.h"
#include "infra/http/json_io.h"
#include "modules/credits/policy/policy.h"
#include "modules/projects/internal.h"

namespace jj::projects {

using namespace internal;
using Json = nlohmann::json;

namespace {

Status GradeInScale(const Loaded& l, const std::string& grade, const std::string& field) {
  if (grade.empty() || Contains(l.p.grade_scale, grade)) return Status::Ok();
  return Status(Code::kInvalidArgument, "assess.grade_scale",
                {{"value", grade}, {"allowed", JoinList(l.p.grade_scale)}})
      .WithField(field);
}

using repo::Participant;

assess::Outcome AssessParticipant(const Loaded& l, const std::vector<Session>& sessions, const Participant& p) {
  assess::Input in;
  for (const auto& s : sessions) in.sessions.push_back({s.id, s.course, s.hours_tenths});
  in.marks = p.marks;
  in.course_grades = p.course_grades;
  in.grade = p.grade;
  in.makeup_grade = p.makeup_grade;
  in.scale = l.p.grade_scale;
  in.passing = l.p.passing_grades;
  in.absence_num = l.p.absence_num;
  in.absence_den = l.p.absence_den;
  return assess::Assess(in);
}

ResultItem ItemOf(const Participant& p, assess::Outcome outcome) {
  ResultItem item;
  item.registration_id = p.registration_id;
  item.teacher_id = p.teacher_id;
  item.teacher_name = p.teacher_name;
  item.school_name = p.school_name;
  item.grade = p.grade;
  item.makeup_grade = p.makeup_grade;
  item.outcome = std::move(outcome);
  item.credit_record_id = p.credit_record_id;
  return item;
}

// Credits a passed participant of project `l` and links the record.
Status GrantCredit(db::Tx& tx, credits::CreditService& credits, const auth::Actor& actor, const Loaded& l,
                   Participant& p, const assess::Outcome& o) {
  credits::NewRecord rec;
  rec.teacher_id = p.teacher_id;
  rec.date = l.p.start_date;
  rec.end_date = l.p.end_date;
  rec.project_name = l.p.name;
  rec.project_code = l.p.code;
  rec.level = l.p.level;
  rec.form = l.p.form;
  rec.dimension = l.p.dimension;
  rec.location = l.p.location;
  rec.hours_tenths = l.p.hours_tenths;
  rec.grade = AssessmentService::CreditGrade(o.passed_by_makeup ? p.makeup_grade : p.grade);
  rec.topic_tags = l.p.topic_tags;
  JJ_ASSIGN_OR_RETURN(credits::Record r, credits.Grant(tx, actor, rec));
  repo::LinkCredit(tx, p.registration_id, r.id);
  p.credit_record_id = r.id;
  return Status::Ok();
}

Json GradesJson(const std::string& grade, const std::map<std::string, std::string>& courses) {
  return Json{{"grade", grade}, {"courses", courses}};
}

}  // namespace

std::string AssessmentService::CreditGrade(const std::string& grade) {
  return Contains(credits::policy::DefaultPolicy().passing_grades, grade) ? grade : "合格";
}

Result<AttendanceSheet> AssessmentService::Attendance(const auth::Actor& actor, int64_t project_id) {
  AttendanceSheet sheet;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, project_id, "assessment"));
    sheet.sessions = repo::Sessions(tx, project_id);
    for (auto& p : repo::Participants(tx, project_id))
      sheet.rows.push_back({p.registration_id, p.teacher_id, p.teacher_name, p.school_name, std::move(p.marks)});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return sheet;
}

Status AssessmentService::MarkAttendance(const auth::Actor& actor, int64_t project_id,
                                         const std::vector<AttendanceMark>& marks) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, project_id, "attendance"));
    std::set<int64_t> sessions, registrations;
    for (const auto& s : repo::Sessions(tx, project_id)) sessions.insert(s.id);
    for (const auto& p : repo::Participants(tx, project_id)) registrations.insert(p.registration_id);
    for (size_t i = 0; i < marks.size(); ++i) {
      const std::string at = "marks[" + std::to_string(i) + "].";
      if (!sessions.count(marks[i].session_id))
        return Status(Code::kInvalidArgument, "assess.unknown_session", {{"id", std::to_string(marks[i].session_id)}})
            .WithField(at + "session_id");
      if (!registrations.count(marks[i].registration_id))
        return Status(Code::kInvalidArgument, "assess.unknown_registration",
                      {{"id", std::to_string(marks[i].registration_id)}})
            .WithField(at + "registration_id");
      JJ_RETURN_IF_ERROR(http::CheckEnum(at + "status", marks[i].status, AttendanceStatuses()));
    }
    const int64_t now = clock_.NowSeconds();
    Json written = Json::array();
    for (const auto& m : marks) {
      repo::SetMark(tx, m.session_id, m.registration_id, m.status, actor.AuditId(), now);
      written.push_back({{"session_id", m.session_id}, {"registration_id", m.registration_id}, {"status", m.status}});
    }
    audit_log::Append(
        tx, clock_,
        {actor.AuditId(), "project.attendance", "project", project_id, "", Json{{"marks", written}}.dump()});
    return Status::Ok();
  });
}

Result<std::string> AssessmentService::CheckinToken(const auth::Actor& actor, int64_t project_id, int64_t session_id) {
  std::string token;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, project_id, "assessment"));
    auto t = repo::CheckinToken(tx, project_id, session_id);
    if (!t) return internal::NotFound();
    token = *t;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return token;
}

Result<CheckinResult> AssessmentService::CheckIn(const auth::Actor& actor, const std::string& token) {
  JJ_RETURN_IF_ERROR(RequireRole("checkin", Object::kProject, actor.role));
  CheckinResult out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto s = token.empty() ? std::nullopt : repo::SessionByToken(tx, token);
    if (!s) return Status(Code::kNotFound, "assess.bad_token");
    out.session_id = s->id;
    out.project_id = s->project_id;
    auto l = repo::FindProject(tx, out.project_id);
    if (!l) return Status(Code::kNotFound, "assess.bad_token");
    // The token is the invitation: no sight check beyond it.
    JJ_RETURN_IF_ERROR(Require("checkin", Object::kProject, FactsOf(tx, actor, *l)));
    const int64_t reg = *repo::AcceptedRegistrationId(tx, out.project_id, *actor.teacher_id);
    JJ_ASSIGN_OR_RETURN(out.status, assess::CheckinStatus(clock_.NowSeconds(), s->date, s->start_time, s->end_time));
    if (auto prior = repo::MarkOf(tx, out.session_id, reg); prior && (*prior == "present" || *prior == "late")) {
      out.status = *prior;
      return Status::Ok();
    }
    repo::SetMark(tx, out.session_id, reg, out.status, actor.AuditId(), clock_.NowSeconds());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Status AssessmentService::SetGrades(const auth::Actor& actor, int64_t project_id,
                                    const std::vector<GradeInput>& grades) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, project_id, "grade"));
    std::set<std::string> courses;
    for (const auto& s : repo::Sessions(tx, project_id)) courses.insert(s.course);
    std::map<int64_t, Participant> participants;
    for (auto& p : repo::Participants(tx, project_id)) participants[p.registration_id] = std::move(p);
    // Everything is checked before anything is written.
    for (size_t i = 0; i < grades.size(); ++i) {
      const GradeInput& g = grades[i];
      const std::string at = "grades[" + std::to_string(i) + "]";
      if (!participants.count(g.registration_id))
        return Status(Code::kInvalidArgument, "assess.unknown_registration",
                      {{"id", std::to_string(g.registration_id)}})
            .WithField(at + ".registration_id");
      if (g.grade) JJ_RETURN_IF_ERROR(GradeInScale(l, *g.grade, at + ".grade"));
      for (const auto& [course, grade] : g.courses) {
        const std::string field = at + ".courses." + course;
        if (!courses.count(course))
          return Status(Code::kInvalidArgument, "assess.unknown_course", {{"course", course}}).WithField(field);
        JJ_RETURN_IF_ERROR(GradeInScale(l, grade, field));
      }
    }
    const int64_t now = clock_.NowSeconds();
    for (const auto& g : grades) {
      Participant& p = participants[g.registration_id];
      const Json before = GradesJson(p.grade, p.course_grades);
      if (g.grade) p.grade = *g.grade;
      for (const auto& [course, grade] : g.courses) {
        repo::SetCourseGrade(tx, g.registration_id, course, grade);
        if (grade.empty())
          p.course_grades.erase(course);
        else
          p.course_grades[course] = grade;
      }
      const Json after = GradesJson(p.grade, p.course_grades);
      if (after == before) continue;
      repo::SetGrade(tx, g.registration_id, p.grade, now);
      audit_log::Append(
          tx, clock_,
          {actor.AuditId(), "grade.set", "project_registration", g.registration_id, before.dump(), after.dump()});
    }
    return Status::Ok();
  });
}

Result<ResultItem> AssessmentService::MakeUp(const auth::Actor& actor, int64_t registration_id,
                                             const std::string& grade) {
  ResultItem item;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto project_id = repo::RegistrationProject(tx, registration_id);
    if (!project_id) return internal::NotFound();
    // Locked like Close, so a make-up and a close never both grant.
    JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, *project_id, "makeup", true));
    if (grade.empty()) return Status(Code::kInvalidArgument, "field.required", {{"field", "grade"}}).WithField("grade");
    JJ_RETURN_IF_ERROR(GradeInScale(l, grade, "grade"));
    auto found = repo::Participants(tx, l.p.id, registration_id);
    if (found.empty())  // not (or no longer) accepted
      return Status(Code::kFailedPrecondition, "assess.unknown_registration",
                    {{"id", std::to_string(registration_id)}});
    Participant& p = found.front();
    const auto sessions = repo::Sessions(tx, l.p.id);
    Participant without = p;
    without.makeup_grade.clear();
    if (AssessParticipant(l, sessions, without).passed)
      return Status(Code::kFailedPrecondition, "assess.makeup_not_failed");
    const Json before = {{"makeup_grade", p.makeup_grade}};
    p.makeup_grade = grade;
    repo::SetMakeupGrade(tx, registration_id, grade, clock_.NowSeconds());
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), "grade.makeup", "project_registration", registration_id, before.dump(),
                       Json{{"makeup_grade", grade}}.dump()});
    assess::Outcome o = AssessParticipant(l, sessions, p);
    if (l.p.state == "closed" && o.passed && !p.credit_record_id)
      JJ_RETURN_IF_ERROR(GrantCredit(tx, credits_, actor, l, p, o));
    item = ItemOf(p, std::move(o));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return item;
}

Result<std::vector<ResultItem>> AssessmentService::Results(const auth::Actor& actor, int64_t project_id) {
  std::vector<ResultItem> items;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto l = repo::FindProject(tx, project_id);
    if (!l) return internal::NotFound();
    const Facts f = FactsOf(tx, actor, *l);
    if (!Sees(f)) return internal::NotFound();
    JJ_RETURN_IF_ERROR(Require("results", Object::kProject, f));
    // Those who run or teach it see everyone; a teacher their own result.
    const bool all = (f.relations & (kRegionAdmin | kOrganiser | kTutor)) != 0;
    const auto sessions = repo::Sessions(tx, project_id);
    for (const auto& p : repo::Participants(tx, project_id))
      if (all || p.teacher_id == actor.teacher_id) items.push_back(ItemOf(p, AssessParticipant(*l, sessions, p)));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return items;
}

Result<CloseResult> AssessmentService::Close(const auth::Actor& actor, int64_t project_id) {
  CloseResult out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded loaded, ProjectFor(tx, actor, project_id, "close", true));
    const Loaded* l = &loaded;
    const auto sessions = repo::Sessions(tx, project_id);
    auto participants = repo::Participants(tx, project_id);
    std::vector<int64_t> teachers;
    for (const auto& p : participants) teachers.push_back(p.teacher_id);
    credits::CreditService::LockTeachers(tx, std::move(teachers));
    for (auto& p : participants) {
      if (p.credit_record_id) continue;
      assess::Outcome o = AssessParticipant(*l, sessions, p);
      if (!o.passed) continue;
      JJ_RETURN_IF_ERROR(GrantCredit(tx, credits_, actor, *l, p, o));
      ++out.created;
    }
    if (l->p.state == "closed" && out.created == 0) return Status::Ok();
    repo::SetState(tx, project_id, "closed", clock_.NowSeconds());
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), "project.close", "project", project_id, Json{{"state", l->p.state}}.dump(),
                       Json{{"state", "closed"}, {"credits_created", out.created}}.dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  JJ_ASSIGN_OR_RETURN(out.project, projects_.Get(actor, project_id));
  return out;
}

Result<UpgradeResult> AssessmentService::Upgrade(const auth::Actor& actor, int64_t project_id) {
  static const std::string kLevel = "区县级", kForm = "集中培训";
  UpgradeResult out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded loaded, ProjectFor(tx, actor, project_id, "upgrade", true));
    const Loaded* l = &loaded;
    const int64_t now = clock_.NowSeconds();
    std::vector<int64_t> teachers;
    for (const auto& p : repo::Participants(tx, project_id))
      if (p.credit_record_id) teachers.push_back(p.teacher_id);
    credits::CreditService::LockTeachers(tx, std::move(teachers));
    repo::SetUpgraded(tx, project_id, kLevel, kForm, now);
    for (int64_t record_id : repo::GrantedRecordIds(tx, project_id)) {
      JJ_ASSIGN_OR_RETURN(auto rec, credits_.Relabel(tx, actor, record_id, kLevel, kForm));
      (void)rec;
      ++out.recredited;
    }
    audit_log::Append(
        tx, clock_,
        {actor.AuditId(), "project.upgrade", "project", project_id,
         Json{{"level", l->p.level}, {"form", l->p.form}, {"upgraded_at", 0}}.dump(),
         Json{{"level", kLevel}, {"form", kForm}, {"upgraded_at", now}, {"recredited", out.recredited}}.dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  JJ_ASSIGN_OR_RETURN(out.project, projects_.Get(actor, project_id));
  return out;
}

}  // namespace jj::projects
