// Registration (报名), nomination, the school → county approval chain, seat
// allocation under capacity and quotas, the waitlist, and selection support.
#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "infra/http/json_io.h"
#include "modules/org/org.h"
#include "modules/projects/internal.h"

namespace jj::projects {

using namespace internal;

namespace {

const char* kRegSelect =
    "SELECT r.id, r.project_id, r.teacher_id, r.school_id, t.name, o.name, p.name, r.state, r.origin, r.reason, "
    "r.queue_pos, r.grade, r.makeup_grade, r.credit_record_id, r.created_at, r.updated_at, o.path, p.code, "
    "p.start_date, p.end_date, p.state "
    "FROM project_registrations r JOIN teachers t ON t.id = r.teacher_id JOIN orgs o ON o.id = r.school_id "
    "JOIN projects p ON p.id = r.project_id ";

Registration RegFromRow(const db::Row& r) {
  Registration x;
  x.id = r.Int(0);
  x.project_id = r.Int(1);
  x.teacher_id = r.Int(2);
  x.school_id = r.Int(3);
  x.teacher_name = r.Str(4);
  x.school_name = r.Str(5);
  x.project_name = r.Str(6);
  x.state = r.Str(7);
  x.origin = r.Str(8);
  x.reason = r.Str(9);
  x.queue_pos = r.Int(10);
  x.grade = r.Str(11);
  x.makeup_grade = r.Str(12);
  if (!r.IsNull(13)) x.credit_record_id = r.Int(13);
  x.created_at = r.Int(14);
  x.updated_at = r.Int(15);
  x.project_code = r.Str(17);
  x.start_date = r.Str(18);
  x.end_date = r.Str(19);
  x.project_state = r.Str(20);
  return x;
}

std::optional<Registration> LoadRegistration(db::Tx& tx, int64_t id, std::string* school_path = nullptr) {
  db::Row r;
  if (!tx.QueryOne(std::string(kRegSelect) + "WHERE r.id = :id", {id}, r)) return std::nullopt;
  if (school_path) *school_path = r.Str(16);
  return RegFromRow(r);
}

// The place of a waitlisted registration in its queue (1 = next to be promoted).
int64_t WaitlistPlace(db::Tx& tx, const Registration& reg) {
  db::Row r;
  tx.QueryOne(
      "SELECT COUNT(*) FROM project_registrations WHERE project_id = :p AND state = 'waitlisted' AND "
      "queue_pos <= :q",
      {reg.project_id, reg.queue_pos}, r);
  return r.Int(0);
}

bool Active(const std::string& state) { return state != "rejected" && state != "withdrawn"; }

struct QuotaRow {
  int64_t id, quota, used;
};

// Quotas that a teacher of `school_path` draws on: those set on the school
// or on an org above it (a township, a county).
std::vector<QuotaRow> QuotasFor(db::Tx& tx, int64_t project_id, const std::string& school_path) {
  std::vector<QuotaRow> out;
  for (const auto& r : tx.Query("SELECT q.id, q.quota, q.used, o.path FROM project_quotas q JOIN orgs o ON "
                                "o.id = q.org_id WHERE q.project_id = :p",
                                {project_id}))
    if (school_path.compare(0, r.Str(3).size(), r.Str(3)) == 0) out.push_back({r.Int(0), r.Int(1), r.Int(2)});
  return out;
}

// The project row locked for seat allocation (NO KEY UPDATE on PostgreSQL;
// SQLite serialises writers already): every change of accepted_count and
// of quota use happens under it, so capacity and quotas are never exceeded.
struct Seats {
  std::string state;
  int64_t capacity = 0, accepted = 0;
};
Seats LockSeats(db::Tx& tx, int64_t project_id) {
  db::Row r;
  tx.QueryOne(std::string("SELECT state, capacity, accepted_count FROM projects WHERE id = :id") +
                  (tx.dialect() == db::Dialect::kPostgres ? " FOR NO KEY UPDATE" : ""),
              {project_id}, r);
  return {r.Str(0), r.Int(1), r.Int(2)};
}

// Takes a seat when capacity and every applicable quota allow it (under LockSeats).
bool TryTakeSeat(db::Tx& tx, int64_t project_id, Seats& seats, const std::string& school_path) {
  if (seats.capacity > 0 && seats.accepted >= seats.capacity) return false;
  auto quotas = QuotasFor(tx, project_id, school_path);
  for (const auto& q : quotas)
    if (q.used >= q.quota) return false;
  for (const auto& q : quotas) tx.Exec("UPDATE project_quotas SET used = used + 1 WHERE id = :id", {q.id});
  tx.Exec("UPDATE projects SET accepted_count = accepted_count + 1 WHERE id = :id", {project_id});
  ++seats.accepted;
  return true;
}

void ReleaseSeat(db::Tx& tx, int64_t project_id, Seats& seats, const std::string& school_path) {
  for (const auto& q : QuotasFor(tx, project_id, school_path))
    tx.Exec("UPDATE project_quotas SET used = used - 1 WHERE id = :id AND used > 0", {q.id});
  tx.Exec("UPDATE projects SET accepted_count = accepted_count - 1 WHERE id = :id AND accepted_count > 0",
          {project_id});
  --seats.accepted;
}

// Allocates a seat to a registration that has passed its approvals:
// accepted, or waitlisted at the end of the queue. The lock is taken here,
// as late as possible, so concurrent applicants queue only for this step.
Result<std::string> Allocate(db::Tx& tx, int64_t project_id, int64_t reg_id, const std::string& school_path,
                             int64_t now) {
  Seats seats = LockSeats(tx, project_id);
  if (seats.state != "registration_open") return Status(Code::kFailedPrecondition, "project.registration_closed");
  if (TryTakeSeat(tx, project_id, seats, school_path)) {
    tx.Exec("UPDATE project_registrations SET state = 'accepted', queue_pos = 0, updated_at = :u WHERE id = :id",
            {now, reg_id});
    return std::string("accepted");
  }
  db::Row r;
  // Over the waitlist only (the state index answers it): the new place goes
  // after everyone still waiting.
  tx.QueryOne(
      "SELECT COALESCE(MAX(queue_pos), 0) FROM project_registrations WHERE project_id = :p AND "
      "state = 'waitlisted'",
      {project_id}, r);
  tx.Exec("UPDATE project_registrations SET state = 'waitlisted', queue_pos = :q, updated_at = :u WHERE id = :id",
          {r.Int(0) + 1, now, reg_id});
  return std::string("waitlisted");
}

// Fills free seats from the waitlist, in queue order; a teacher whose school
// or county quota is used up stays waiting and the next one moves up.
void Promote(db::Tx& tx, int64_t project_id, Seats& seats, int64_t now) {
  for (const auto& r : tx.Query("SELECT r.id, o.path FROM project_registrations r JOIN orgs o ON o.id = r.school_id "
                                "WHERE r.project_id = :p AND r.state = 'waitlisted' ORDER BY r.queue_pos",
                                {project_id})) {
    if (seats.capacity > 0 && seats.accepted >= seats.capacity) return;
    if (TryTakeSeat(tx, project_id, seats, r.Str(1)))
      tx.Exec("UPDATE project_registrations SET state = 'accepted', queue_pos = 0, updated_at = :u WHERE id = :id",
              {now, r.Int(0)});
  }
}

bool Overlaps(const std::string& a_start, const std::string& a_end, const std::string& b_start,
              const std::string& b_end) {
  return a_start <= b_end && b_start <= a_end;
}

}  // namespace

// One registration attempt for `teacher_id`: the checks every path shares,
// then the state the project's approval chain gives it.
static Result<int64_t> Register(db::Tx& tx, const Clock& clock, const auth::Actor& actor, int64_t project_id,
                                int64_t teacher_id, bool nominated) {
  auto t = LoadTeacher(tx, teacher_id, true);  // one registration at a time per teacher
  if (!t) return NotFound().WithField("teacher_id");
  auto l = LoadProject(tx, project_id);  // locked later, for the seat only
  if (!l || !MaySee(tx, actor, *l)) return NotFound();
  const Project& p = l->p;
  if (p.kind == "school_module") return Status(Code::kFailedPrecondition, "project.school_module_enrolment");
  if (p.state != "registration_open") return Status(Code::kFailedPrecondition, "project.registration_closed");
  const std::string today = clock.Today().ToString();
  if ((!p.reg_start.empty() && today < p.reg_start) || (!p.reg_end.empty() && today > p.reg_end))
    return Status(Code::kFailedPrecondition, "project.registration_window",
                  {{"start", p.reg_start}, {"end", p.reg_end}});
  if (t->status != "在职") return Status(Code::kFailedPrecondition, "project.not_serving");
  if (std::string why = IneligibleBy(tx, p.audience, *t); !why.empty())
    return Status(Code::kFailedPrecondition, "project.not_eligible." + why);
  db::Row existing;
  bool has_row = tx.QueryOne("SELECT id, state FROM project_registrations WHERE project_id = :p AND teacher_id = :t",
                             {project_id, teacher_id}, existing);
  if (has_row && Active(existing.Str(1))) return Status(Code::kConflict, "project.already_registered");
  // 集中培训 cannot overlap another centralized training the teacher holds.
  if (p.form == "集中培训")
    for (const auto& r :
         tx.Query("SELECT p.name, p.code, p.start_date, p.end_date FROM project_registrations r JOIN projects p ON "
                  "p.id = r.project_id WHERE r.teacher_id = :t AND r.project_id <> :p AND p.form = '集中培训' AND "
                  "r.state IN ('pending_school', 'pending_county', 'accepted', 'waitlisted') AND "
                  "p.state NOT IN ('closed', 'archived')",
                  {teacher_id, project_id}))
      if (Overlaps(p.start_date, p.end_date, r.Str(2), r.Str(3)))
        return Status(Code::kConflict, "project.overlap",
                      {{"name", r.Str(0)}, {"code", r.Str(1)}, {"start", r.Str(2)}, {"end", r.Str(3)}});
  const int64_t now = clock.NowSeconds();
  // A nomination carries the school's approval.
  std::string state = p.approval == "none"                           ? "allocate"
                      : (p.approval == "school" && nominated)        ? "allocate"
                      : (p.approval == "school_county" && nominated) ? "pending_county"
                                                                     : "pending_school";
  const std::string initial = state == "allocate" ? "pending_school" : state;
  db::Param by = actor.AuditId() ? db::Param(actor.account_id) : db::Param(nullptr);
  int64_t id;
  if (has_row) {
    id = existing.Int(0);
    tx.Exec(
        "UPDATE project_registrations SET school_id = :s, state = :st, origin = :o, reason = '', queue_pos = 0, "
        "created_by = :by, decided_by = NULL, created_at = :c, updated_at = :u WHERE id = :id",
        {t->school_id, initial, std::string(nominated ? "nominated" : "self"), by, now, now, id});
  } else {
    id = tx.InsertReturningId(
        "INSERT INTO project_registrations (project_id, teacher_id, school_id, state, origin, created_by, created_at, "
        "updated_at) VALUES (:p, :t, :s, :st, :o, :by, :c, :u)",
        {project_id, teacher_id, t->school_id, initial, std::string(nominated ? "nominated" : "self"), by, now, now});
  }
  if (state == "allocate") JJ_RETURN_IF_ERROR(Allocate(tx, project_id, id, t->school_path, now).status());
  return id;
}

Result<Registration> ProjectService::Apply(const auth::Actor& actor, int64_t project_id) {
  if (actor.role != auth::Role::kTeacher || !actor.teacher_id) return Denied();
  Registration out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(int64_t id, Register(tx, clock_, actor, project_id, *actor.teacher_id, false));
    out.id = id;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // Read back after the commit: the seat lock is held no longer than needed.
  st = db_.Read([&](db::Tx& tx) -> Status {
    out = *LoadRegistration(tx, out.id);
    if (out.state == "waitlisted") out.queue_pos = WaitlistPlace(tx, out);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<Result<Registration>>> ProjectService::Nominate(const auth::Actor& actor, int64_t project_id,
                                                                   const std::vector<int64_t>& teacher_ids) {
  if (actor.role != auth::Role::kSchoolAdmin && !actor.IsBureauAdmin()) return Denied();
  if (teacher_ids.empty() || teacher_ids.size() > 1000)
    return Status(Code::kInvalidArgument, "field.range", {{"field", "teacher_ids"}, {"min", "1"}, {"max", "1000"}})
        .WithField("teacher_ids");
  // The project must be visible before any teacher is tried.
  Status seen = db_.Read([&](db::Tx& tx) -> Status {
    auto l = LoadProject(tx, project_id);
    return l && MaySee(tx, actor, *l) ? Status::Ok() : NotFound();
  });
  if (!seen.ok()) return seen;
  std::vector<Result<Registration>> out;
  // Each teacher in a transaction of their own: one teacher's overlap does
  // not hold back the others; each row reports its outcome.
  for (int64_t teacher : teacher_ids) {
    Registration reg;
    Status st = db_.Transact([&](db::Tx& tx) -> Status {
      auto t = LoadTeacher(tx, teacher);
      if (!t || !actor.Covers(t->school_path)) return NotFound().WithField("teacher_ids");
      JJ_ASSIGN_OR_RETURN(int64_t id, Register(tx, clock_, actor, project_id, teacher, true));
      reg = *LoadRegistration(tx, id);
      return Status::Ok();
    });
    if (st.ok())
      out.emplace_back(reg);
    else
      out.emplace_back(st);
  }
  return out;
}

Result<Registration> ProjectService::Decide(const auth::Actor& actor, int64_t registration_id,
                                            const std::string& action, const std::string& reason) {
  JJ_RETURN_IF_ERROR(http::CheckEnum("action", action, {"approve", "reject"}));
  if (action == "reject" && reason.empty())
    return Status(Code::kInvalidArgument, "field.required", {{"field", "reason"}}).WithField("reason");
  if (!actor.IsAdmin()) return Denied();
  Registration out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    std::string school_path;
    auto reg = LoadRegistration(tx, registration_id, &school_path);
    if (!reg || !actor.Covers(school_path)) return NotFound();
    auto l = LoadProject(tx, reg->project_id, true);
    if (!l) return NotFound();
    reg = LoadRegistration(tx, registration_id);  // re-read under the lock
    const bool at_school = reg->state == "pending_school", at_county = reg->state == "pending_county";
    if (!at_school && !at_county)
      return Status(Code::kFailedPrecondition, "project.registration_decided", {{"state", reg->state}});
    // The county (bureau) decides at its step; the school at its own.
    if (at_county && !MayDecide(actor, *l)) return Denied();
    if (l->p.state != "registration_open") return Status(Code::kFailedPrecondition, "project.registration_closed");
    const int64_t now = clock_.NowSeconds();
    if (action == "reject") {
      tx.Exec(
          "UPDATE project_registrations SET state = 'rejected', reason = :r, decided_by = :by, updated_at = :u "
          "WHERE id = :id",
          {reason, actor.account_id, now, registration_id});
    } else {
      tx.Exec("UPDATE project_registrations SET decided_by = :by, updated_at = :u WHERE id = :id",
              {actor.account_id, now, registration_id});
      if (at_school && l->p.approval == "school_county")
        tx.Exec("UPDATE project_registrations SET state = 'pending_county' WHERE id = :id", {registration_id});
      else
        JJ_RETURN_IF_ERROR(Allocate(tx, l->p.id, registration_id, school_path, now).status());
    }
    out = *LoadRegistration(tx, registration_id);
    if (out.state == "waitlisted") out.queue_pos = WaitlistPlace(tx, out);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Registration> ProjectService::Withdraw(const auth::Actor& actor, int64_t registration_id) {
  Registration out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    std::string school_path;
    auto reg = LoadRegistration(tx, registration_id, &school_path);
    if (!reg || !actor.MayActOnTeacher(reg->teacher_id, school_path)) return NotFound();
    auto l = LoadProject(tx, reg->project_id, true);
    if (!l) return NotFound();
    reg = LoadRegistration(tx, registration_id);
    if (!Active(reg->state))
      return Status(Code::kFailedPrecondition, "project.registration_decided", {{"state", reg->state}});
    if (l->p.state != "registration_open") return Status(Code::kFailedPrecondition, "project.withdraw_closed");
    const int64_t now = clock_.NowSeconds();
    tx.Exec("UPDATE project_registrations SET state = 'withdrawn', queue_pos = 0, updated_at = :u WHERE id = :id",
            {now, registration_id});
    if (reg->state == "accepted") {
      Seats seats = LockSeats(tx, l->p.id);
      ReleaseSeat(tx, l->p.id, seats, school_path);
      Promote(tx, l->p.id, seats, now);
    }
    out = *LoadRegistration(tx, registration_id);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<RegistrationPage> ProjectService::Registrations(const auth::Actor& actor, const RegistrationQuery& q) {
  if (!q.state.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("state", q.state, RegistrationStates()));
  RegistrationPage page;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::string where;
    db::Params params;
    std::optional<Loaded> l;
    if (q.project_id) {
      l = LoadProject(tx, *q.project_id);
      if (!l || !MaySee(tx, actor, *l)) return NotFound();
      where = "WHERE r.project_id = :p";
      params.push_back(*q.project_id);
      // Those who run the project see everyone; a school admin their subtree; a teacher themself.
      if (!MayManage(actor, *l) && !IsStaff(tx, actor, l->p.id, "tutor")) {
        if (actor.IsAdmin()) {
          auto [lo, hi] = org::SubtreeRange(actor.org_path);
          where += " AND o.path >= :lo AND o.path < :hi";
          params.push_back(lo);
          params.push_back(hi);
        } else {
          where += " AND r.teacher_id = :t";
          params.push_back(actor.teacher_id.value_or(0));
        }
      }
    } else {
      if (!actor.teacher_id) return Denied();
      where = "WHERE r.teacher_id = :t";
      params.push_back(*actor.teacher_id);
    }
    if (!q.state.empty()) {
      where += " AND r.state = :s";
      params.push_back(q.state);
    }
    db::Row n;
    tx.QueryOne("SELECT COUNT(*) FROM project_registrations r JOIN orgs o ON o.id = r.school_id " + where, params, n);
    page.total = n.Int(0);
    db::Params paged = params;
    paged.push_back(q.page_size);
    paged.push_back((q.page - 1) * q.page_size);
    const std::string order = q.project_id
                                  ? " ORDER BY CASE r.state WHEN 'waitlisted' THEN 1 ELSE 0 END, r.queue_pos, r.id"
                                  : " ORDER BY p.start_date DESC, r.id DESC";
    for (const auto& r : tx.Query(std::string(kRegSelect) + where + order + " LIMIT :lim OFFSET :off", paged)) {
      Registration reg = RegFromRow(r);
      if (reg.state == "waitlisted") reg.queue_pos = WaitlistPlace(tx, reg);
      page.items.push_back(std::move(reg));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return page;
}

Result<std::vector<Candidate>> ProjectService::Candidates(const auth::Actor& actor, int64_t project_id, int64_t limit) {
  if (!actor.IsAdmin()) return Denied();
  std::optional<Loaded> l;
  std::map<int64_t, std::string> registered;
  std::vector<TeacherFacts> eligible;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    l = LoadProject(tx, project_id);
    if (!l || !MaySee(tx, actor, *l)) return NotFound();
    for (const auto& r :
         tx.Query("SELECT teacher_id, state FROM project_registrations WHERE project_id = :p", {project_id}))
      registered[r.Int(0)] = r.Str(1);
    auto [lo, hi] = org::SubtreeRange(actor.org_path);
    for (const auto& r : tx.Query("SELECT t.id FROM teachers t JOIN orgs o ON o.id = t.org_id WHERE o.path >= :lo "
                                  "AND o.path < :hi AND t.status = '在职'",
                                  {lo, hi})) {
      auto t = LoadTeacher(tx, r.Int(0));
      if (t && IneligibleBy(tx, l->p.audience, *t).empty()) eligible.push_back(std::move(*t));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // Need = this year's shortfall in the project's dimension (requirements
  // counting that dimension), from the same audit the school sees.
  const int year = std::stoi(l->p.start_date.substr(0, 4));
  JJ_ASSIGN_OR_RETURN(auto rows, credits_.AuditSubtree(actor, std::nullopt, year));
  std::map<int64_t, int64_t> need;
  std::map<int64_t, credits::policy::Policy> policy_of_school;
  for (const auto& row : rows) {
    auto it = policy_of_school.find(row.school_id);
    if (it == policy_of_school.end()) {
      JJ_ASSIGN_OR_RETURN(auto eff, credits_.PolicyFor(actor, row.school_id, year));
      it = policy_of_school.emplace(row.school_id, std::move(eff.policy)).first;
    }
    int64_t missing = 0;
    for (const auto& s : row.audit.shortfalls) {
      const auto& dims = it->second.requirements[s.requirement].counts.dimensions;
      if (std::find(dims.begin(), dims.end(), l->p.dimension) != dims.end()) missing += s.missing_tenths;
    }
    need[row.teacher_id] = missing;
  }
  std::vector<Candidate> out;
  for (const auto& t : eligible) {
    Candidate c;
    c.teacher_id = t.id;
    c.name = t.name;
    c.school = t.school;
    c.rural = t.rural;
    c.shortfall_tenths = need[t.id];
    if (auto it = registered.find(t.id); it != registered.end()) c.registration_state = it->second;
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
    if (a.shortfall_tenths != b.shortfall_tenths) return a.shortfall_tenths > b.shortfall_tenths;
    if (a.rural != b.rural) return a.rural;
    return a.teacher_id < b.teacher_id;
  });
  if (static_cast<int64_t>(out.size()) > limit) out.resize(limit);
  return out;
}

}  // namespace jj::projects
