// Registration (报名), nomination, the school → county approval chain, seat
// allocation under capacity and quotas, the waitlist, and selection support.
// Who may do what is the permission table (permissions.h), checked on
// entry; the SQL is in repository.cc.
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

bool Active(const std::string& state) { return state != "rejected" && state != "withdrawn"; }

// The registration as the actor reads it: its actions, and its place in the waitlist.
Registration Present(db::Tx& tx, const auth::Actor& actor, repo::RegistrationRow row) {
  SetActions(actor, row);
  if (row.r.state == "waitlisted") row.r.queue_pos = repo::WaitlistPlace(tx, row.r.project_id, row.r.queue_pos);
  return std::move(row.r);
}

// Quotas that a teacher of `school_path` draws on: those set on the school
// or on an org above it (a township, a county).
std::vector<repo::QuotaRow> QuotasFor(db::Tx& tx, int64_t project_id, const std::string& school_path) {
  std::vector<repo::QuotaRow> out;
  for (auto& q : repo::Quotas(tx, project_id))
    if (school_path.compare(0, q.org_path.size(), q.org_path) == 0) out.push_back(std::move(q));
  return out;
}

// Takes a seat when capacity and every applicable quota allow it (under
// repo::LockSeats: every change of accepted_count and of quota use happens
// under that lock, so capacity and quotas are never exceeded).
bool TryTakeSeat(db::Tx& tx, int64_t project_id, repo::Seats& seats, const std::string& school_path) {
  if (seats.capacity > 0 && seats.accepted >= seats.capacity) return false;
  auto quotas = QuotasFor(tx, project_id, school_path);
  for (const auto& q : quotas)
    if (q.used >= q.quota) return false;
  for (const auto& q : quotas) repo::UseQuota(tx, q.id, +1);
  repo::AddAccepted(tx, project_id, +1);
  ++seats.accepted;
  return true;
}

void ReleaseSeat(db::Tx& tx, int64_t project_id, repo::Seats& seats, const std::string& school_path) {
  for (const auto& q : QuotasFor(tx, project_id, school_path)) repo::UseQuota(tx, q.id, -1);
  repo::AddAccepted(tx, project_id, -1);
  --seats.accepted;
}

// Allocates a seat to a registration that has passed its approvals:
// accepted, or waitlisted at the end of the queue. The lock is taken here,
// as late as possible, so concurrent applicants queue only for this step.
Result<std::string> Allocate(db::Tx& tx, int64_t project_id, int64_t reg_id, const std::string& school_path,
                             int64_t now) {
  repo::Seats seats = repo::LockSeats(tx, project_id);
  if (seats.state != "registration_open") return Status(Code::kFailedPrecondition, "project.registration_closed");
  if (TryTakeSeat(tx, project_id, seats, school_path)) {
    repo::SetRegistrationState(tx, reg_id, "accepted", 0, now);
    return std::string("accepted");
  }
  // The new place goes after everyone still waiting.
  repo::SetRegistrationState(tx, reg_id, "waitlisted", repo::MaxQueuePos(tx, project_id) + 1, now);
  return std::string("waitlisted");
}

// Fills free seats from the waitlist, in queue order; a teacher whose school
// or county quota is used up stays waiting and the next one moves up.
void Promote(db::Tx& tx, int64_t project_id, repo::Seats& seats, int64_t now) {
  for (const auto& w : repo::Waitlist(tx, project_id)) {
    if (seats.capacity > 0 && seats.accepted >= seats.capacity) return;
    if (TryTakeSeat(tx, project_id, seats, w.school_path)) repo::SetRegistrationState(tx, w.id, "accepted", 0, now);
  }
}

bool Overlaps(const std::string& a_start, const std::string& a_end, const std::string& b_start,
              const std::string& b_end) {
  return a_start <= b_end && b_start <= a_end;
}

// One registration attempt for `teacher_id` on a project the actor may
// register for (apply) or nominate for: the checks every path shares, then
// the state the project's approval chain gives it.
Result<int64_t> Register(db::Tx& tx, const Clock& clock, const auth::Actor& actor, const Loaded& l,
                         const teachers::TeacherCard& t, bool nominated) {
  const Project& p = l.p;
  if (p.kind == "school_module") return Status(Code::kFailedPrecondition, "project.school_module_enrolment");
  if (p.state != "registration_open") return Status(Code::kFailedPrecondition, "project.registration_closed");
  const std::string today = clock.Today().ToString();
  if ((!p.reg_start.empty() && today < p.reg_start) || (!p.reg_end.empty() && today > p.reg_end))
    return Status(Code::kFailedPrecondition, "project.registration_window",
                  {{"start", p.reg_start}, {"end", p.reg_end}});
  if (t.status != "在职") return Status(Code::kFailedPrecondition, "project.not_serving");
  if (std::string why = IneligibleBy(tx, p.audience, t); !why.empty())
    return Status(Code::kFailedPrecondition, "project.not_eligible." + why);
  auto existing = repo::FindRegistrationOf(tx, p.id, t.id);
  if (existing && Active(existing->state)) return Status(Code::kConflict, "project.already_registered");
  // 集中培训 cannot overlap another centralized training the teacher holds.
  if (p.form == "集中培训")
    for (const auto& o : repo::ActiveCentralized(tx, t.id, p.id))
      if (Overlaps(p.start_date, p.end_date, o.start_date, o.end_date))
        return Status(Code::kConflict, "project.overlap",
                      {{"name", o.name}, {"code", o.code}, {"start", o.start_date}, {"end", o.end_date}});
  const int64_t now = clock.NowSeconds();
  // A nomination carries the school's approval.
  std::string state = p.approval == "none"                           ? "allocate"
                      : (p.approval == "school" && nominated)        ? "allocate"
                      : (p.approval == "school_county" && nominated) ? "pending_county"
                                                                     : "pending_school";
  repo::NewRegistration reg{p.id, t.id, t.org_id, state == "allocate" ? "pending_school" : state,
                            nominated ? "nominated" : "self", actor.AuditId()};
  int64_t id;
  if (existing) {
    id = existing->id;
    repo::RenewRegistration(tx, id, reg, now);
  } else {
    id = repo::InsertRegistration(tx, reg, now);
  }
  if (state == "allocate") JJ_RETURN_IF_ERROR(Allocate(tx, p.id, id, t.org_path, now).status());
  return id;
}

}  // namespace

Result<Registration> ProjectService::Apply(const auth::Actor& actor, int64_t project_id) {
  Registration out;
  int64_t id = 0;
  JJ_RETURN_IF_ERROR(RequireRole("apply", Object::kProject, actor.role));
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    // One registration at a time per teacher: their row is locked first.
    std::optional<teachers::TeacherCard> t;
    if (actor.teacher_id) t = teachers::FindTeacherCard(tx, *actor.teacher_id, true);
    auto l = repo::FindProject(tx, project_id);  // locked later, for the seat only
    if (!l) return NotFound();
    const Facts f = FactsOf(tx, actor, *l);
    if (!Sees(f)) return NotFound();
    JJ_RETURN_IF_ERROR(Require("apply", Object::kProject, f));
    if (!t) return NotFound().WithField("teacher_id");
    JJ_ASSIGN_OR_RETURN(id, Register(tx, clock_, actor, *l, *t, false));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // Read back after the commit: the seat lock is held no longer than needed.
  st = db_.Read([&](db::Tx& tx) -> Status {
    out = Present(tx, actor, *repo::FindRegistration(tx, id));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<Result<Registration>>> ProjectService::Nominate(const auth::Actor& actor, int64_t project_id,
                                                                   const std::vector<int64_t>& teacher_ids) {
  // The project must be visible, and the table let the actor nominate, before any teacher is tried.
  Status allowed = db_.Read([&](db::Tx& tx) -> Status { return ProjectFor(tx, actor, project_id, "nominate").status(); });
  if (!allowed.ok()) return allowed;
  if (teacher_ids.empty() || teacher_ids.size() > 1000)
    return Status(Code::kInvalidArgument, "field.range", {{"field", "teacher_ids"}, {"min", "1"}, {"max", "1000"}})
        .WithField("teacher_ids");
  std::vector<Result<Registration>> out;
  // Each teacher in a transaction of their own: one teacher's overlap does
  // not hold back the others; each row reports its outcome.
  for (int64_t teacher : teacher_ids) {
    Registration reg;
    Status st = db_.Transact([&](db::Tx& tx) -> Status {
      auto t = teachers::FindTeacherCard(tx, teacher, true);
      if (!t || !actor.Covers(t->org_path)) return NotFound().WithField("teacher_ids");
      JJ_ASSIGN_OR_RETURN(Loaded l, ProjectFor(tx, actor, project_id, "nominate"));
      JJ_ASSIGN_OR_RETURN(int64_t id, Register(tx, clock_, actor, l, *t, true));
      reg = Present(tx, actor, *repo::FindRegistration(tx, id));
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
  JJ_RETURN_IF_ERROR(RequireRole(action, Object::kRegistration, actor.role));
  Registration out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto reg = repo::FindRegistration(tx, registration_id);
    if (!reg || !SeesRegistration(FactsOf(actor, *reg))) return NotFound();
    auto l = repo::FindProject(tx, reg->r.project_id, true);
    if (!l) return NotFound();
    reg = repo::FindRegistration(tx, registration_id);  // re-read under the lock
    JJ_RETURN_IF_ERROR(Require(action, Object::kRegistration, FactsOf(actor, *reg)));
    const bool at_school = reg->r.state == "pending_school";
    const int64_t now = clock_.NowSeconds();
    if (action == "reject") {
      repo::RejectRegistration(tx, registration_id, reason, actor.account_id, now);
    } else {
      repo::MarkDecidedBy(tx, registration_id, actor.account_id, now);
      if (at_school && l->p.approval == "school_county")
        repo::SetRegistrationState(tx, registration_id, "pending_county", 0, now);
      else
        JJ_RETURN_IF_ERROR(Allocate(tx, l->p.id, registration_id, reg->school_path, now).status());
    }
    out = Present(tx, actor, *repo::FindRegistration(tx, registration_id));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Registration> ProjectService::Withdraw(const auth::Actor& actor, int64_t registration_id) {
  JJ_RETURN_IF_ERROR(RequireRole("withdraw", Object::kRegistration, actor.role));
  Registration out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto reg = repo::FindRegistration(tx, registration_id);
    if (!reg || !SeesRegistration(FactsOf(actor, *reg))) return NotFound();
    auto l = repo::FindProject(tx, reg->r.project_id, true);
    if (!l) return NotFound();
    reg = repo::FindRegistration(tx, registration_id);
    JJ_RETURN_IF_ERROR(Require("withdraw", Object::kRegistration, FactsOf(actor, *reg)));
    const int64_t now = clock_.NowSeconds();
    repo::SetRegistrationState(tx, registration_id, "withdrawn", 0, now);
    if (reg->r.state == "accepted") {
      repo::Seats seats = repo::LockSeats(tx, l->p.id);
      ReleaseSeat(tx, l->p.id, seats, reg->school_path);
      Promote(tx, l->p.id, seats, now);
    }
    out = Present(tx, actor, *repo::FindRegistration(tx, registration_id));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<RegistrationPage> ProjectService::Registrations(const auth::Actor& actor, const RegistrationQuery& q) {
  if (!q.state.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("state", q.state, RegistrationStates()));
  RegistrationPage page;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    repo::RegistrationFilter filter;
    filter.state = q.state;
    if (q.project_id) {
      auto l = repo::FindProject(tx, *q.project_id);
      if (!l) return NotFound();
      const Facts f = FactsOf(tx, actor, *l);
      if (!Sees(f)) return NotFound();
      filter.project_id = *q.project_id;
      // Those who run or teach the project see everyone; an actor with a
      // subtree the registrations of its schools; a teacher themself.
      if (!(f.relations & (kRegionAdmin | kOrganiser | kTutor))) {
        if (actor.Covers(actor.org_path))
          filter.school_paths = org::SubtreeRange(actor.org_path);
        else
          filter.teacher_id = actor.teacher_id.value_or(0);
      }
    } else {
      // The acting teacher's own.
      if (!actor.teacher_id) return Denied();
      filter.teacher_id = *actor.teacher_id;
    }
    page.total = repo::CountRegistrations(tx, filter);
    for (auto& row : repo::QueryRegistrations(tx, filter, q.page_size, (q.page - 1) * q.page_size))
      page.items.push_back(Present(tx, actor, std::move(row)));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return page;
}

Result<std::vector<Candidate>> ProjectService::Candidates(const auth::Actor& actor, int64_t project_id, int64_t limit) {
  std::optional<Loaded> l;
  std::map<int64_t, std::string> registered;
  std::vector<teachers::TeacherCard> eligible;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(l, ProjectFor(tx, actor, project_id, "candidates"));
    registered = repo::RegistrationStates(tx, project_id);
    auto [lo, hi] = org::SubtreeRange(actor.org_path);
    for (int64_t id : repo::ServingTeachers(tx, lo, hi)) {
      auto t = teachers::FindTeacherCard(tx, id);
      if (t && IneligibleBy(tx, l->p.audience, *t).empty()) eligible.push_back(std::move(*t));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // Need = this year's shortfall in the project's dimension (requirements
  // counting that dimension), from the same audit the school sees.
  const int year = std::stoi(l->p.start_date.substr(0, 4));
  JJ_ASSIGN_OR_RETURN(auto rows, credits_.AuditSubtree(actor, std::nullopt, year));
  std::map<int64_t, std::pair<int64_t, std::string>> need;  // teacher → amount, unit
  std::map<int64_t, credits::policy::Policy> policy_of_school;
  for (const auto& row : rows) {
    auto it = policy_of_school.find(row.school_id);
    if (it == policy_of_school.end()) {
      JJ_ASSIGN_OR_RETURN(auto eff, credits_.PolicyFor(actor, row.school_id, year));
      it = policy_of_school.emplace(row.school_id, std::move(eff.policy)).first;
    }
    // One measure only: credits and hours are not added together.
    int64_t in_credits = 0, in_hours = 0;
    bool has_credits = false;
    for (const auto& q : it->second.requirements) {
      const auto& dims = q.counts.dimensions;
      if (std::find(dims.begin(), dims.end(), l->p.dimension) != dims.end() &&
          q.measure == credits::policy::Measure::kCredits)
        has_credits = true;
    }
    for (const auto& s : row.audit.shortfalls) {
      const auto& q = it->second.requirements[s.requirement];
      const auto& dims = q.counts.dimensions;
      if (std::find(dims.begin(), dims.end(), l->p.dimension) == dims.end()) continue;
      (q.measure == credits::policy::Measure::kCredits ? in_credits : in_hours) += s.missing_tenths;
    }
    need[row.teacher_id] = has_credits ? std::make_pair(in_credits, std::string("credits"))
                                       : std::make_pair(in_hours, std::string("hours"));
  }
  std::vector<Candidate> out;
  for (const auto& t : eligible) {
    Candidate c;
    c.teacher_id = t.id;
    c.name = t.name;
    c.school = t.org_name;
    c.rural = t.rural;
    if (auto n = need.find(t.id); n != need.end()) {
      c.shortfall_tenths = n->second.first;
      c.shortfall_unit = n->second.second;
    }
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
