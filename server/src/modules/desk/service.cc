#include <algorithm>
#include <map>

#include "modules/credits/policy/policy.h"
#include "modules/desk/desk.h"

namespace jj::desk {

Result<Overview> DeskService::Get(const auth::Actor& actor, std::optional<int> year_in) {
  if (!MayReadOverview(actor)) return PermissionDenied();
  const int year = year_in.value_or(clock_.Today().year);
  if (year < 2000 || year > 2100)
    return Status(Code::kInvalidArgument, "field.range", {{"field", "year"}, {"min", "2000"}, {"max", "2100"}})
        .WithField("year");
  Overview o;
  o.this_year.year = year;
  o.last_year.year = year - 1;
  // This year: one streamed pass of the audit, a school at a time.
  const auto& dims = credits::policy::Dimensions();
  std::vector<int64_t> short_in(dims.size(), 0);
  std::map<int64_t, SchoolCompletion> by_school;
  JJ_RETURN_IF_ERROR(credits_.ForEachSchoolAudit(actor, std::nullopt, year, [&](const std::vector<credits::AuditRow>& rows) {
    for (const auto& r : rows) {
      SchoolCompletion& s = by_school[r.school_id];
      s.school_id = r.school_id;
      s.school = r.school;
      ++s.teachers;
      if (r.audit.status == credits::policy::AuditStatus::kPassed) ++s.passed;
      if (r.audit.exempt) ++s.exempt;
      for (size_t i = 0; i < dims.size(); ++i)
        if (r.short_dimensions & (1u << i)) ++short_in[i];
    }
    return Status::Ok();
  }));
  for (auto& [id, s] : by_school) {
    o.this_year.teachers += s.teachers;
    o.this_year.passed += s.passed;
    o.this_year.exempt += s.exempt;
    o.schools.push_back(std::move(s));
  }
  std::sort(o.schools.begin(), o.schools.end(),
            [](const auto& a, const auto& b) { return a.school != b.school ? a.school < b.school : a.school_id < b.school_id; });
  for (size_t i = 0; i < dims.size(); ++i) o.short_by_dimension.push_back({dims[i], short_in[i], ""});
  // Last year, for the trend.
  JJ_ASSIGN_OR_RETURN(auto last, credits_.Completion(actor, std::nullopt, year - 1));
  for (const auto& s : last) {
    o.last_year.teachers += s.teachers;
    o.last_year.passed += s.passed;
    o.last_year.exempt += s.exempt;
  }
  // Projects the actor sees, per state.
  for (const auto& state : projects::ProjectStates()) {
    projects::ProjectQuery q;
    q.state = state;
    q.page_size = 1;
    JJ_ASSIGN_OR_RETURN(auto page, projects_.List(actor, q));
    o.projects_by_state.push_back({state, page.total, ""});
  }
  // What waits for this user.
  credits::RecordQuery rq;
  rq.state = "school_verified";
  rq.page_size = 1;
  JJ_ASSIGN_OR_RETURN(auto records, credits_.List(actor, rq));
  o.todo.push_back({"records_to_approve", records.total, "/credits/approval"});
  int64_t to_decide = 0;
  for (const auto& p : o.projects_by_state)
    if (p.key == "submitted" || p.key == "under_review") to_decide += p.count;
  o.todo.push_back({"projects_to_decide", to_decide, "/projects"});
  return o;
}

}  // namespace jj::desk
