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

Status StateIs(const Loaded& l, std::initializer_list<const char*> states) {
  for (const char* s : states)
    if (l.p.state == s) return Status::Ok();
  return Status(Code::kFailedPrecondition, "assess.project_state", {{"state", l.p.state}});
}

// The project, when the actor takes its attendance and grades (a tutor, or
// whoever runs it). `lock` as for LoadProject.
Result<Loaded> ForAssessment(db::Tx& tx, const auth::Actor& actor, int64_t project_id, bool lock = false) {
  auto l = LoadProject(tx, project_id, lock);
  if (!l || !MaySee(tx, actor, *l)) return internal::NotFound();
  if (!MayManage(actor, *l) && !IsStaff(tx, actor, project_id, "tutor")) return Denied();
  return std::move(*l);
}

Status GradeInScale(const Loaded& l, const std::string& grade, const std::string& field) {
  if (grade.empty() || Contains(l.p.grade_scale, grade)) return Status::Ok();
  return Status(Code::kInvalidArgument, "assess.grade_scale",
                {{"value", grade}, {"allowed", JoinList(l.p.grade_scale)}})
      .WithField(field);
}

// An accepted participant with what the assessment reads.
struct Participant {
  int64_t registration_id = 0, teacher_id = 0;
  std::string teacher_name, school_name, grade, makeup_grade;
  std::optional<int64_t> credit_record_id;
  std::map<int64_t, std::string> marks;
  std::map<std::string, std::string> course_grades;
};

// The accepted participants of a project by teacher name (or the one
// registration `only`).
std::vector<Participant> LoadParticipants(db::Tx& tx, int64_t project_id, std::optional<int64_t> only = std::nullopt) {
  std::string filter = only ? " AND r.id = :rid" : "";
  db::Params params = {project_id};
  if (only) params.push_back(*only);
  std::vector<Participant> out;
  std::map<int64_t, size_t> index;
  for (const auto& row : tx.Query("SELECT r.id, r.teacher_id, t.name, o.name, r.grade, r.makeup_grade, "
                                  "r.credit_record_id FROM project_registrations r JOIN teachers t ON t.id = "
                                  "r.teacher_id JOIN orgs o ON o.id = r.school_id WHERE r.project_id = :p AND "
                                  "r.state = 'accepted'" +
                                      filter + " ORDER BY t.name, r.id",
                                  params)) {
    Participant p;
    p.registration_id = row.Int(0);
    p.teacher_id = row.Int(1);
    p.teacher_name = row.Str(2);
    p.school_name = row.Str(3);
    p.grade = row.Str(4);
    p.makeup_grade = row.Str(5);
    if (!row.IsNull(6)) p.credit_record_id = row.Int(6);
    index[p.registration_id] = out.size();
    out.push_back(std::move(p));
  }
  for (const auto& row : tx.Query("SELECT a.registration_id, a.session_id, a.status FROM project_attendance a JOIN "
                                  "project_registrations r ON r.id = a.registration_id WHERE r.project_id = :p" +
                                      filter,
                                  params))
    if (auto it = index.find(row.Int(0)); it != index.end()) out[it->second].marks[row.Int(1)] = row.Str(2);
  for (const auto& row : tx.Query("SELECT g.registration_id, g.course, g.grade FROM project_course_grades g JOIN "
                                  "project_registrations r ON r.id = g.registration_id WHERE r.project_id = :p" +
                                      filter,
                                  params))
    if (auto it = index.find(row.Int(0)); it != index.end()) out[it->second].course_grades[row.Str(1)] = row.Str(2);
  return out;
}

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
  tx.Exec("UPDATE project_registrations SET credit_record_id = :c WHERE id = :id", {r.id, p.registration_id});
  p.credit_record_id = r.id;
  return Status::Ok();
}

// Inserts or replaces one attendance mark.
void SetMark(db::Tx& tx, const auth::Actor& actor, int64_t session_id, int64_t registration_id,
             const std::string& status, int64_t now) {
  tx.Exec(
      "INSERT INTO project_attendance (session_id, registration_id, status, marked_by, marked_at) VALUES "
      "(:s, :r, :st, :by, :at) ON CONFLICT (session_id, registration_id) DO UPDATE SET status = "
      "excluded.status, marked_by = excluded.marked_by, marked_at = excluded.marked_at",
      {session_id, registration_id, status, actor.AuditId() ? db::Param(actor.account_id) : nullptr, now});
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
    JJ_ASSIGN_OR_RETURN(Loaded l, ForAssessment(tx, actor, project_id));
    sheet.sessions = projects_.Sessions(tx, project_id);
    for (auto& p : LoadParticipants(tx, project_id))
      sheet.rows.push_back({p.registration_id, p.teacher_id, p.teacher_name, p.school_name, std::move(p.marks)});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return sheet;
}

Status AssessmentService::MarkAttendance(const auth::Actor& actor, int64_t project_id,
                                         const std::vector<AttendanceMark>& marks) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ForAssessment(tx, actor, project_id));
    JJ_RETURN_IF_ERROR(StateIs(l, {"registration_open", "running"}));
    std::set<int64_t> sessions, registrations;
    for (const auto& s : projects_.Sessions(tx, project_id)) sessions.insert(s.id);
    for (const auto& p : LoadParticipants(tx, project_id)) registrations.insert(p.registration_id);
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
      SetMark(tx, actor, m.session_id, m.registration_id, m.status, now);
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
    JJ_ASSIGN_OR_RETURN(Loaded l, ForAssessment(tx, actor, project_id));
    db::Row r;
    if (!tx.QueryOne("SELECT checkin_token FROM project_sessions WHERE id = :s AND project_id = :p",
                     {session_id, project_id}, r))
      return internal::NotFound();
    token = r.Str(0);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return token;
}

Result<CheckinResult> AssessmentService::CheckIn(const auth::Actor& actor, const std::string& token) {
  if (actor.role != auth::Role::kTeacher || !actor.teacher_id) return Denied();
  CheckinResult out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    db::Row s;
    if (token.empty() || !tx.QueryOne("SELECT id, project_id, session_date, start_time, end_time FROM "
                                      "project_sessions WHERE checkin_token = :t",
                                      {token}, s))
      return Status(Code::kNotFound, "assess.bad_token");
    out.session_id = s.Int(0);
    out.project_id = s.Int(1);
    auto l = LoadProject(tx, out.project_id);
    if (!l) return Status(Code::kNotFound, "assess.bad_token");
    db::Row reg;
    if (!tx.QueryOne("SELECT id FROM project_registrations WHERE project_id = :p AND teacher_id = :t AND state = "
                     "'accepted'",
                     {out.project_id, *actor.teacher_id}, reg))
      return Status(Code::kPermissionDenied, "assess.not_participant");
    JJ_RETURN_IF_ERROR(StateIs(*l, {"registration_open", "running"}));
    JJ_ASSIGN_OR_RETURN(out.status, assess::CheckinStatus(clock_.NowSeconds(), s.Str(2), s.Str(3), s.Str(4)));
    db::Row prior;
    if (tx.QueryOne("SELECT status FROM project_attendance WHERE session_id = :s AND registration_id = :r",
                    {out.session_id, reg.Int(0)}, prior) &&
        (prior.Str(0) == "present" || prior.Str(0) == "late")) {
      out.status = prior.Str(0);
      return Status::Ok();
    }
    SetMark(tx, actor, out.session_id, reg.Int(0), out.status, clock_.NowSeconds());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Status AssessmentService::SetGrades(const auth::Actor& actor, int64_t project_id,
                                    const std::vector<GradeInput>& grades) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ForAssessment(tx, actor, project_id));
    JJ_RETURN_IF_ERROR(StateIs(l, {"registration_open", "running"}));
    std::set<std::string> courses;
    for (const auto& s : projects_.Sessions(tx, project_id)) courses.insert(s.course);
    std::map<int64_t, Participant> participants;
    for (auto& p : LoadParticipants(tx, project_id)) participants[p.registration_id] = std::move(p);
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
        tx.Exec("DELETE FROM project_course_grades WHERE registration_id = :r AND course = :c",
                {g.registration_id, course});
        if (grade.empty()) {
          p.course_grades.erase(course);
          continue;
        }
        tx.Exec("INSERT INTO project_course_grades (registration_id, course, grade) VALUES (:r, :c, :g)",
                {g.registration_id, course, grade});
        p.course_grades[course] = grade;
      }
      const Json after = GradesJson(p.grade, p.course_grades);
      if (after == before) continue;
      tx.Exec("UPDATE project_registrations SET grade = :g, updated_at = :u WHERE id = :id",
              {p.grade, now, g.registration_id});
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
    db::Row r;
    if (!tx.QueryOne("SELECT project_id FROM project_registrations WHERE id = :id", {registration_id}, r))
      return internal::NotFound();
    // Locked like Close, so a make-up and a close never both grant.
    JJ_ASSIGN_OR_RETURN(Loaded l, ForAssessment(tx, actor, r.Int(0), true));
    JJ_RETURN_IF_ERROR(StateIs(l, {"running", "closed"}));
    if (grade.empty()) return Status(Code::kInvalidArgument, "field.required", {{"field", "grade"}}).WithField("grade");
    JJ_RETURN_IF_ERROR(GradeInScale(l, grade, "grade"));
    auto found = LoadParticipants(tx, l.p.id, registration_id);
    if (found.empty())  // not (or no longer) accepted
      return Status(Code::kFailedPrecondition, "assess.unknown_registration",
                    {{"id", std::to_string(registration_id)}});
    Participant& p = found.front();
    const auto sessions = projects_.Sessions(tx, l.p.id);
    Participant without = p;
    without.makeup_grade.clear();
    if (AssessParticipant(l, sessions, without).passed)
      return Status(Code::kFailedPrecondition, "assess.makeup_not_failed");
    const Json before = {{"makeup_grade", p.makeup_grade}};
    p.makeup_grade = grade;
    tx.Exec("UPDATE project_registrations SET makeup_grade = :g, updated_at = :u WHERE id = :id",
            {grade, clock_.NowSeconds(), registration_id});
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
    auto l = LoadProject(tx, project_id);
    if (!l || !MaySee(tx, actor, *l)) return internal::NotFound();
    const bool all = MayManage(actor, *l) || IsStaff(tx, actor, project_id, "tutor");
    if (!all && actor.role != auth::Role::kTeacher) return Denied();
    const auto sessions = projects_.Sessions(tx, project_id);
    for (const auto& p : LoadParticipants(tx, project_id))
      if (all || p.teacher_id == actor.teacher_id) items.push_back(ItemOf(p, AssessParticipant(*l, sessions, p)));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return items;
}

Result<CloseResult> AssessmentService::Close(const auth::Actor& actor, int64_t project_id) {
  CloseResult out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, project_id, true);
    if (!l || !MaySee(tx, actor, *l)) return internal::NotFound();
    if (!MayManage(actor, *l)) return Denied();
    if (l->p.state != "running" && l->p.state != "closed") return BadTransition(l->p.state, "closed");
    const auto sessions = projects_.Sessions(tx, project_id);
    for (auto& p : LoadParticipants(tx, project_id)) {
      if (p.credit_record_id) continue;
      assess::Outcome o = AssessParticipant(*l, sessions, p);
      if (!o.passed) continue;
      JJ_RETURN_IF_ERROR(GrantCredit(tx, credits_, actor, *l, p, o));
      ++out.created;
    }
    if (l->p.state == "closed" && out.created == 0) return Status::Ok();
    tx.Exec("UPDATE projects SET state = 'closed', updated_at = :u WHERE id = :id", {clock_.NowSeconds(), project_id});
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
    auto l = LoadProject(tx, project_id, true);
    if (!l || !MaySee(tx, actor, *l)) return internal::NotFound();
    if (!MayDecide(actor, *l)) return Denied();
    if (l->p.kind != "school_module") return FailedPrecondition("assess.not_school_module");
    if (l->p.upgraded_at != 0)
      return Status(Code::kFailedPrecondition, "assess.already_upgraded",
                    {{"date", ChinaDateOf(l->p.upgraded_at).ToString()}});
    JJ_RETURN_IF_ERROR(StateIs(*l, {"approved", "registration_open", "running", "closed", "archived"}));
    const int64_t now = clock_.NowSeconds();
    tx.Exec("UPDATE projects SET level = :l, form = :f, upgraded_at = :at, updated_at = :u WHERE id = :id",
            {kLevel, kForm, now, now, project_id});
    for (const auto& r : tx.Query("SELECT credit_record_id FROM project_registrations WHERE project_id = :p AND "
                                  "credit_record_id IS NOT NULL ORDER BY id",
                                  {project_id})) {
      JJ_ASSIGN_OR_RETURN(auto rec, credits_.Relabel(tx, actor, r.Int(0), kLevel, kForm));
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
