#include <cstdio>

#include "infra/http/json_io.h"
#include "modules/org/org.h"
#include "modules/school_plans/school_plans.h"

namespace jj::school_plans {

namespace {

Status CheckYear(int year) {
  if (year >= 2000 && year <= 2100) return Status::Ok();
  return Status(Code::kInvalidArgument, "field.range", {{"field", "year"}, {"min", "2000"}, {"max", "2100"}})
      .WithField("year");
}

// The deadlines set for a year, each with its region's path.
struct RegionDeadline {
  std::string path, deadline;
  int64_t org_id = 0;
};

std::vector<RegionDeadline> LoadDeadlines(db::Tx& tx, int year) {
  std::vector<RegionDeadline> out;
  for (const auto& r : tx.Query("SELECT o.path, d.deadline, d.org_id FROM school_plan_deadlines d "
                                "JOIN orgs o ON o.id = d.org_id WHERE d.year = :y",
                                {int64_t{year}}))
    out.push_back({r.Str(0), r.Str(1), r.Int(2)});
  return out;
}

// The deadline of the nearest region above (or at) `path`, else the default.
std::string DeadlineFor(const std::vector<RegionDeadline>& all, const std::string& path, int year) {
  const RegionDeadline* best = nullptr;
  for (const auto& d : all)
    if (path.compare(0, d.path.size(), d.path) == 0 && (!best || d.path.size() > best->path.size())) best = &d;
  return best ? best->deadline : DefaultDeadline(year);
}

// Filed after the deadline's day, as a China date.
bool IsLate(int64_t filed_at, const std::string& deadline) { return ChinaDateOf(filed_at).ToString() > deadline; }

const char* kPlanSelect =
    "SELECT sp.id, sp.school_id, o.code, o.name, o.path, sp.year, sp.title, sp.content, a.display_name, "
    "sp.filed_at, sp.first_filed_at, sp.revisions FROM school_plans sp JOIN orgs o ON o.id = sp.school_id "
    "LEFT JOIN accounts a ON a.id = sp.filed_by ";

// The plan when the actor's scope covers its school.
std::optional<Plan> FindVisiblePlan(db::Tx& tx, const auth::Actor& actor, const std::string& where,
                                    const db::Params& params) {
  db::Row r;
  if (!tx.QueryOne(std::string(kPlanSelect) + where, params, r)) return std::nullopt;
  if (!actor.IsAdmin() || !actor.Covers(r.Str(4))) return std::nullopt;
  Plan p;
  p.id = r.Int(0);
  p.school_id = r.Int(1);
  p.school_code = r.Str(2);
  p.school_name = r.Str(3);
  p.year = static_cast<int>(r.Int(5));
  p.title = r.Str(6);
  p.content = r.Str(7);
  p.filed_by = r.IsNull(8) ? "" : r.Str(8);
  p.filed_at = r.Int(9);
  p.first_filed_at = r.Int(10);
  p.revisions = r.Int(11);
  p.deadline = DeadlineFor(LoadDeadlines(tx, p.year), r.Str(4), p.year);
  p.late = IsLate(p.filed_at, p.deadline);
  return p;
}

Status CheckText(const std::string& field, const std::string& value, size_t max) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status(Code::kInvalidArgument, "field.empty", {{"field", field}}).WithField(field);
  if (http::Utf8Length(value) > max)
    return Status(Code::kInvalidArgument, "field.too_long", {{"field", field}, {"max", std::to_string(max)}})
        .WithField(field);
  return Status::Ok();
}

}  // namespace

std::string DefaultDeadline(int year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-03-20", year);
  return buf;
}

Result<Deadline> SchoolPlanService::SetDeadline(const auth::Actor& actor, std::optional<int64_t> org_id, int year,
                                                const std::string& deadline) {
  if (!actor.IsBureauAdmin()) return PermissionDenied();
  JJ_RETURN_IF_ERROR(CheckYear(year));
  JJ_RETURN_IF_ERROR(http::CheckDate("deadline", deadline, false));
  Deadline out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto o = org::FindOrg(tx, org_id.value_or(actor.org_id));
    if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
    if (o->type != "province" && o->type != "city" && o->type != "county")
      return InvalidArgument("school_plans.deadline_region", "org_id");
    tx.Exec(
        "INSERT INTO school_plan_deadlines (org_id, year, deadline, set_by, updated_at) "
        "VALUES (:o, :y, :d, :by, :at) ON CONFLICT (org_id, year) DO UPDATE SET deadline = excluded.deadline, "
        "set_by = excluded.set_by, updated_at = excluded.updated_at",
        {o->id, int64_t{year}, deadline, actor.account_id, clock_.NowSeconds()});
    out = Deadline{o->id, year, deadline};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Plan> SchoolPlanService::File(const auth::Actor& actor, int year, const PlanInput& in) {
  if (actor.role != auth::Role::kSchoolAdmin) return PermissionDenied();
  JJ_RETURN_IF_ERROR(CheckYear(year));
  JJ_RETURN_IF_ERROR(CheckText("title", in.title, kMaxTitleChars));
  JJ_RETURN_IF_ERROR(CheckText("content", in.content, kMaxContentChars));
  std::optional<Plan> out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto school = org::FindOrg(tx, in.school_id.value_or(actor.org_id));
    if (!school || !actor.Covers(school->path)) return NotFound().WithField("school_id");
    if (school->type != "school") return InvalidArgument("school_plans.not_school", "school_id");
    const int64_t now = clock_.NowSeconds();
    // One statement for first filing and re-filing: concurrent filings of a
    // school cannot collide on the (school, year) key.
    tx.Exec(
        "INSERT INTO school_plans (school_id, year, title, content, filed_by, filed_at, first_filed_at, revisions) "
        "VALUES (:s, :y, :t, :c, :by, :at, :first, 1) ON CONFLICT (school_id, year) DO UPDATE SET "
        "title = excluded.title, content = excluded.content, filed_by = excluded.filed_by, "
        "filed_at = excluded.filed_at, revisions = school_plans.revisions + 1",
        {school->id, int64_t{year}, in.title, in.content, actor.account_id, now, now});
    out = FindVisiblePlan(tx, actor, "WHERE sp.school_id = :s AND sp.year = :y", {school->id, int64_t{year}});
    return out ? Status::Ok() : Internal("filed plan not found");
  });
  if (!st.ok()) return st;
  return *out;
}

Result<Overview> SchoolPlanService::List(const auth::Actor& actor, int year) {
  if (!actor.IsAdmin()) return PermissionDenied();
  JJ_RETURN_IF_ERROR(CheckYear(year));
  Overview out;
  out.year = year;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto deadlines = LoadDeadlines(tx, year);
    std::string where = "WHERE o.type = 'school'";
    db::Params params = {int64_t{year}};
    JJ_RETURN_IF_ERROR(org::AppendScopeFilter(tx, actor, std::nullopt, "", where, params));
    if (auto own = org::FindOrg(tx, actor.org_id)) out.deadline = DeadlineFor(deadlines, own->path, year);
    for (const auto& r :
         tx.Query("SELECT o.id, o.code, o.name, o.path, sp.id, sp.title, sp.filed_at, sp.revisions FROM orgs o "
                  "LEFT JOIN school_plans sp ON sp.school_id = o.id AND sp.year = :y " +
                      where + " ORDER BY o.code",
                  params)) {
      SchoolStatus s;
      s.school_id = r.Int(0);
      s.school_code = r.Str(1);
      s.school_name = r.Str(2);
      s.deadline = DeadlineFor(deadlines, r.Str(3), year);
      if (r.IsNull(4)) {
        s.status = "not_filed";
        ++out.not_filed;
      } else {
        s.plan_id = r.Int(4);
        s.title = r.Str(5);
        s.filed_at = r.Int(6);
        s.revisions = r.Int(7);
        s.status = IsLate(s.filed_at, s.deadline) ? "late" : "filed";
        ++(s.status == "late" ? out.late : out.filed);
      }
      out.items.push_back(std::move(s));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Plan> SchoolPlanService::Get(const auth::Actor& actor, int64_t id) {
  std::optional<Plan> out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    out = FindVisiblePlan(tx, actor, "WHERE sp.id = :id", {id});
    return out ? Status::Ok() : NotFound();
  });
  if (!st.ok()) return st;
  return *out;
}

}  // namespace jj::school_plans
