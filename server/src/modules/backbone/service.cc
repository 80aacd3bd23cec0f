// The selection rules of backbone.h: rounds and quotas, recommendations, the
// county's review. Each entry point checks the permission table once
// (RequireRole before reading, Require after loading and the sight check),
// then the business rules, then writes through the repository with an
// audit entry in the same transaction.
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/date.h"
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

bool StartsWith(const std::string& s, const std::string& prefix) {
  return !prefix.empty() && s.compare(0, prefix.size(), prefix) == 0;
}

// Whether the actor is an expert assigned to the round.
bool Assigned(db::Tx& tx, const auth::Actor& a, int64_t round_id) {
  return a.role == auth::Role::kExpert && a.account_id && repo::IsExpertOf(tx, round_id, a.account_id);
}

Facts RoundFacts(db::Tx& tx, const auth::Actor& a, const repo::RoundRow& r) {
  Facts f;
  f.role = a.role;
  f.state = r.r.state;
  if (a.IsBureauAdmin() && a.Covers(r.owner_path)) f.relations |= kOwner;
  if (a.IsAdmin() && StartsWith(a.org_path, r.owner_path)) f.relations |= kBeneath;
  if (Assigned(tx, a, r.r.id)) f.relations |= kAssigned;
  return f;
}
bool SeesRound(const Facts& f) { return f.relations & (kOwner | kBeneath | kAssigned); }

bool Scored(const std::string& state) { return state == "forwarded" || state == "selected" || state == "not_selected"; }

Facts ApplicationFacts(db::Tx& tx, const auth::Actor& a, const repo::ApplicationRow& row,
                       const std::string& owner_path) {
  Facts f;
  f.role = a.role;
  f.state = row.a.state;
  f.round_state = row.round_state;
  if (a.IsBureauAdmin() && a.Covers(owner_path)) f.relations |= kOwner;
  if (a.IsAdmin() && a.Covers(row.school_path)) f.relations |= kOverSchool;
  if (Scored(row.a.state) && Assigned(tx, a, row.a.round_id)) f.relations |= kAssigned;
  return f;
}
bool SeesApplication(const Facts& f) { return f.relations & (kOwner | kOverSchool | kAssigned); }

Json RoundSnapshot(const Round& r) {
  return Json{{"owner_org_id", r.owner_org_id}, {"level", r.level},       {"year", r.year},
              {"title", r.title},               {"state", r.state},       {"apply_start", r.apply_start},
              {"apply_end", r.apply_end},       {"review_start", r.review_start}, {"review_end", r.review_end},
              {"min_teaching_years", r.min_teaching_years}, {"max_age", r.max_age}};
}

Json ApplicationSnapshot(const Application& a) {
  return Json{{"round_id", a.round_id}, {"teacher_id", a.teacher_id}, {"school_id", a.school_id},
              {"state", a.state},       {"reason", a.reason}};
}

Status CheckText(const std::string& field, const std::string& value, bool required) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status(Code::kInvalidArgument, "field.empty", {{"field", field}}).WithField(field);
  return Status::Ok();
}

Status ValidateRound(const RoundInput& in) {
  JJ_RETURN_IF_ERROR(http::CheckEnum("level", in.level, RoundLevels()));
  JJ_RETURN_IF_ERROR(CheckText("title", in.title, true));
  if (in.year < 2000 || in.year > 2100)
    return Status(Code::kInvalidArgument, "backbone.year", {}).WithField("year");
  JJ_RETURN_IF_ERROR(http::CheckDate("apply_start", in.apply_start, false));
  JJ_RETURN_IF_ERROR(http::CheckDate("apply_end", in.apply_end, false));
  JJ_RETURN_IF_ERROR(http::CheckDate("review_start", in.review_start, false));
  JJ_RETURN_IF_ERROR(http::CheckDate("review_end", in.review_end, false));
  if (in.apply_end < in.apply_start) return InvalidArgument("backbone.window_order", "apply_end");
  if (in.review_start < in.apply_start) return InvalidArgument("backbone.review_before_apply", "review_start");
  if (in.review_end < in.review_start) return InvalidArgument("backbone.window_order", "review_end");
  if (in.min_teaching_years < 0 || in.min_teaching_years > 60)
    return Status(Code::kInvalidArgument, "backbone.range", {{"min", "0"}, {"max", "60"}}).WithField("min_teaching_years");
  if (in.max_age < 0 || in.max_age > 100)
    return Status(Code::kInvalidArgument, "backbone.range", {{"min", "0"}, {"max", "100"}}).WithField("max_age");
  return Status::Ok();
}

bool InWindow(const std::string& today, const std::string& start, const std::string& end) {
  return today >= start && today <= end;
}

// Sight first (NotFound), then the table.
Result<repo::RoundRow> RoundFor(db::Tx& tx, const auth::Actor& actor, int64_t id, const std::string& action) {
  auto r = repo::FindRound(tx, id);
  if (!r) return NotFound();
  const Facts f = RoundFacts(tx, actor, *r);
  if (!SeesRound(f)) return NotFound();
  JJ_RETURN_IF_ERROR(Require(action, Object::kRound, f));
  return *r;
}

}  // namespace

Result<Round> BackboneService::CreateRound(const auth::Actor& actor, const RoundInput& in) {
  JJ_RETURN_IF_ERROR(RequireRole("create_round", Object::kList, actor.role));
  JJ_RETURN_IF_ERROR(ValidateRound(in));
  int64_t id = 0;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    const int64_t owner_id = in.owner_org_id.value_or(actor.org_id);
    auto owner = org::FindOrg(tx, owner_id);
    if (!owner || !actor.Covers(owner->path)) return NotFound();
    static const std::set<std::string> kOwnerTypes = {"province", "city", "county", "bureau"};
    if (!kOwnerTypes.count(owner->type)) return InvalidArgument("backbone.owner_type", "owner_org_id");
    JJ_RETURN_IF_ERROR(Require("create_round", Object::kList, Facts{.role = actor.role}));
    id = repo::InsertRound(tx, in, owner->id, actor.AuditId(), clock_.NowSeconds());
    auto r = repo::FindRound(tx, id);
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), "backbone.round.create", "backbone_round", id, "", RoundSnapshot(r->r).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetRound(actor, id);
}

Result<RoundList> BackboneService::ListRounds(const auth::Actor& actor) {
  JJ_RETURN_IF_ERROR(RequireRole("list", Object::kList, actor.role));
  RoundList out;
  out.actions = Allowed(Object::kList, Facts{.role = actor.role});
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto [lo, hi] = org::SubtreeRange(actor.org_path);
    const bool all = actor.role == auth::Role::kSysAdmin || actor.role == auth::Role::kExpert;
    for (auto& row : repo::QueryRounds(tx, all, lo, hi, actor.org_path)) {
      const Facts f = RoundFacts(tx, actor, row);
      if (!SeesRound(f)) continue;
      row.r.actions = Allowed(Object::kRound, f);
      out.items.push_back(std::move(row.r));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Round> BackboneService::GetRound(const auth::Actor& actor, int64_t id) {
  Round out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto r = repo::FindRound(tx, id);
    if (!r) return NotFound();
    const Facts f = RoundFacts(tx, actor, *r);
    if (!SeesRound(f)) return NotFound();
    out = r->r;
    out.actions = Allowed(Object::kRound, f);
    for (auto& q : repo::Quotas(tx, id))
      // The owner sees every quota; others those over or under their org.
      if ((f.relations & kOwner) || StartsWith(actor.org_path, q.org_path) || actor.Covers(q.org_path))
        out.quotas.push_back(q.q);
    if (f.relations & kOwner) out.experts = repo::Experts(tx, id);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Round> BackboneService::SetQuotas(const auth::Actor& actor, int64_t id, const std::vector<Quota>& quotas) {
  JJ_RETURN_IF_ERROR(RequireRole("quotas", Object::kRound, actor.role));
  if (quotas.size() > kMaxQuotas)
    return Status(Code::kInvalidArgument, "field.too_many", {{"field", "items"}, {"max", std::to_string(kMaxQuotas)}})
        .WithField("items");
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(auto r, RoundFor(tx, actor, id, "quotas"));
    repo::LockRound(tx, id);  // no forward counts against a half-written list
    const Json before = [&] {
      Json j = Json::array();
      for (const auto& q : repo::Quotas(tx, id)) j.push_back({{"org_id", q.q.org_id}, {"quota", q.q.quota}});
      return j;
    }();
    std::set<int64_t> seen;
    Json after = Json::array();
    for (size_t i = 0; i < quotas.size(); ++i) {
      const std::string at = "items[" + std::to_string(i) + "]";
      const Quota& q = quotas[i];
      auto o = org::FindOrg(tx, q.org_id);
      if (!o || !StartsWith(o->path, r.owner_path) || o->path == r.owner_path)
        return InvalidArgument("backbone.quota_org", at + ".org_id");
      if (!seen.insert(q.org_id).second) return InvalidArgument("backbone.quota_duplicate", at + ".org_id");
      if (q.quota < 0 || q.quota > 100000)
        return Status(Code::kInvalidArgument, "backbone.range", {{"min", "0"}, {"max", "100000"}})
            .WithField(at + ".quota");
      auto [lo, hi] = org::SubtreeRange(o->path);
      const int64_t used = repo::ForwardedUnder(tx, id, lo, hi);
      if (q.quota < used)
        return Status(Code::kInvalidArgument, "backbone.quota_below_used", {{"used", std::to_string(used)}})
            .WithField(at + ".quota");
      after.push_back({{"org_id", q.org_id}, {"quota", q.quota}});
    }
    repo::ReplaceQuotas(tx, id, quotas);
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.round.quotas", "backbone_round", id, before.dump(),
                                   after.dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetRound(actor, id);
}

Result<Round> BackboneService::Close(const auth::Actor& actor, int64_t id) {
  JJ_RETURN_IF_ERROR(RequireRole("close", Object::kRound, actor.role));
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(auto r, RoundFor(tx, actor, id, "close"));
    repo::LockRound(tx, id);
    const Json before = RoundSnapshot(r.r);
    repo::SetRoundState(tx, id, "closed", clock_.NowSeconds());
    r.r.state = "closed";
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.round.close", "backbone_round", id, before.dump(),
                                   RoundSnapshot(r.r).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetRound(actor, id);
}

Result<Application> BackboneService::Recommend(const auth::Actor& actor, int64_t round_id,
                                               const ApplicationInput& in) {
  JJ_RETURN_IF_ERROR(RequireRole("recommend", Object::kRound, actor.role));
  JJ_RETURN_IF_ERROR(CheckText("teaching_record", in.teaching_record, true));
  // What the system knows of the teacher's credits: the credits module's
  // audit of the three years before the round's year (it also refuses a
  // teacher out of the actor's scope: NotFound).
  int64_t year = 0;
  Status seen = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(auto r, RoundFor(tx, actor, round_id, "recommend"));
    year = r.r.year;
    auto t = teachers::FindTeacherCard(tx, in.teacher_id);
    if (!t || !actor.Covers(t->org_path)) return NotFound();
    if (!StartsWith(t->org_path, r.owner_path)) return InvalidArgument("backbone.outside_round", "teacher_id");
    return Status::Ok();
  });
  if (!seen.ok()) return seen;
  KnownFacts known;
  for (int y = static_cast<int>(year) - 3; y < year; ++y) {
    JJ_ASSIGN_OR_RETURN(Json audit, credits_.AuditTeacher(actor, in.teacher_id, y));
    known.credits.push_back({y, audit.contains("total_credits") ? audit["total_credits"].dump() : "0",
                             audit.value("status", "")});
  }
  int64_t id = 0;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(auto r, RoundFor(tx, actor, round_id, "recommend"));
    auto t = teachers::FindTeacherCard(tx, in.teacher_id, true);
    if (!t || !actor.Covers(t->org_path)) return NotFound();
    const Date today = clock_.Today();
    if (!InWindow(today.ToString(), r.r.apply_start, r.r.apply_end))
      return Status(Code::kFailedPrecondition, "backbone.apply_window",
                    {{"start", r.r.apply_start}, {"end", r.r.apply_end}});
    if (t->status != "在职") return FailedPrecondition("backbone.not_serving");
    if (r.r.min_teaching_years > 0) {
      auto hired = ParseDate(t->hire_date);
      const int years = hired ? YearsBetween(*hired, today) : 0;
      if (years < r.r.min_teaching_years)
        return Status(Code::kInvalidArgument, "backbone.too_young_in_service",
                      {{"min", std::to_string(r.r.min_teaching_years)}, {"years", std::to_string(years)}})
            .WithField("teacher_id");
    }
    if (r.r.max_age > 0) {
      auto born = ParseDate(t->birth_date);
      const int age = born ? YearsBetween(*born, today) : 0;
      if (age > r.r.max_age)
        return Status(Code::kInvalidArgument, "backbone.too_old",
                      {{"max", std::to_string(r.r.max_age)}, {"age", std::to_string(age)}})
            .WithField("teacher_id");
    }
    known.title = t->title;
    known.backbone_level = t->backbone_level;
    known.hire_date = t->hire_date;
    known.birth_date = t->birth_date;
    const int64_t now = clock_.NowSeconds();
    auto existing = repo::FindApplicationOf(tx, round_id, in.teacher_id);
    Json before;
    if (existing) {
      if (existing->a.state != "returned") return Conflict("backbone.already_recommended");
      before = ApplicationSnapshot(existing->a);
      id = existing->a.id;
      repo::Resubmit(tx, id, in, t->org_id, repo::KnownJson(known), actor.AuditId(), now);
    } else {
      id = repo::InsertApplication(tx, round_id, in, t->org_id, repo::KnownJson(known), actor.AuditId(), now);
    }
    auto after = repo::FindApplication(tx, id);
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.recommend", "backbone_application", id,
                                   before.is_null() ? "" : before.dump(), ApplicationSnapshot(after->a).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetApplication(actor, id);
}

Result<ApplicationList> BackboneService::ListApplications(const auth::Actor& actor, int64_t round_id) {
  JJ_RETURN_IF_ERROR(RequireRole("applications", Object::kRound, actor.role));
  ApplicationList out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(auto r, RoundFor(tx, actor, round_id, "applications"));
    const bool all = (actor.IsBureauAdmin() && actor.Covers(r.owner_path)) || actor.role == auth::Role::kExpert;
    auto [lo, hi] = org::SubtreeRange(actor.org_path);
    for (auto& row : repo::QueryApplications(tx, round_id, all, lo, hi)) {
      const Facts f = ApplicationFacts(tx, actor, row, r.owner_path);
      if (!SeesApplication(f)) continue;
      row.a.actions = Allowed(Object::kApplication, f);
      out.items.push_back(std::move(row.a));
    }
    out.total = static_cast<int64_t>(out.items.size());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Application> BackboneService::GetApplication(const auth::Actor& actor, int64_t id) {
  Application out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto row = repo::FindApplication(tx, id);
    if (!row) return NotFound();
    auto r = repo::FindRound(tx, row->a.round_id);
    if (!r) return NotFound();
    const Facts f = ApplicationFacts(tx, actor, *row, r->owner_path);
    if (!SeesApplication(f)) return NotFound();
    out = row->a;
    out.actions = Allowed(Object::kApplication, f);
    out.objections = repo::Objections(tx, id);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Application> BackboneService::Review(const auth::Actor& actor, int64_t id, const std::string& action,
                                            const std::string& reason) {
  JJ_RETURN_IF_ERROR(http::CheckEnum("action", action, {"forward", "return"}));
  JJ_RETURN_IF_ERROR(RequireRole(action, Object::kApplication, actor.role));
  if (action == "return") JJ_RETURN_IF_ERROR(CheckText("reason", reason, true));
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto row = repo::FindApplication(tx, id);
    if (!row) return NotFound();
    auto r = repo::FindRound(tx, row->a.round_id);
    if (!r) return NotFound();
    Facts f = ApplicationFacts(tx, actor, *row, r->owner_path);
    if (!SeesApplication(f)) return NotFound();
    JJ_RETURN_IF_ERROR(Require(action, Object::kApplication, f));
    const std::string today = clock_.Today().ToString();
    if (!InWindow(today, r->r.review_start, r->r.review_end))
      return Status(Code::kFailedPrecondition, "backbone.review_window",
                    {{"start", r->r.review_start}, {"end", r->r.review_end}});
    // The quota step: everything from here on runs under the round's lock,
    // re-reading what a concurrent review may have changed.
    repo::LockRound(tx, r->r.id);
    row = repo::FindApplication(tx, id);
    f = ApplicationFacts(tx, actor, *row, r->owner_path);
    JJ_RETURN_IF_ERROR(Require(action, Object::kApplication, f));
    if (action == "forward") {
      for (const auto& q : repo::Quotas(tx, r->r.id)) {
        if (!StartsWith(row->school_path, q.org_path)) continue;
        if (q.q.used >= q.q.quota)
          return Status(Code::kConflict, "backbone.quota_full",
                        {{"org", q.q.org_name}, {"quota", std::to_string(q.q.quota)}});
      }
    }
    const Json before = ApplicationSnapshot(row->a);
    repo::Decide(tx, id, action == "forward" ? "forwarded" : "returned", action == "return" ? reason : "",
                 actor.AuditId(), clock_.NowSeconds());
    auto after = repo::FindApplication(tx, id);
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone." + action, "backbone_application", id, before.dump(),
                                   ApplicationSnapshot(after->a).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetApplication(actor, id);
}

Result<Round> BackboneService::SetExperts(const auth::Actor& actor, int64_t id, const std::vector<int64_t>& expert_ids) {
  JJ_RETURN_IF_ERROR(RequireRole("experts", Object::kRound, actor.role));
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(auto r, RoundFor(tx, actor, id, "experts"));
    std::vector<int64_t> ids;
    for (int64_t e : expert_ids) {
      if (std::find(ids.begin(), ids.end(), e) != ids.end()) continue;
      // One answer for every id that is not an expert of the region, so it
      // tells nothing about the id.
      auto a = repo::FindEnabledAccount(tx, e);
      if (!a || a->role != "expert" || !StartsWith(a->org_path, r.owner_path))
        return InvalidArgument("backbone.bad_expert", "expert_ids");
      ids.push_back(e);
    }
    Json before = Json::array(), after = Json::array();
    for (const auto& x : repo::Experts(tx, id)) before.push_back(x.id);
    repo::ReplaceExperts(tx, id, ids);
    for (int64_t e : ids) after.push_back(e);
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.round.experts", "backbone_round", id, before.dump(),
                                   after.dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetRound(actor, id);
}

namespace {

// The application, its round's owner path and the facts; NotFound when out of sight.
struct Loaded {
  repo::ApplicationRow row;
  std::string owner_path;
  Facts facts;
};
Result<Loaded> ApplicationFor(db::Tx& tx, const auth::Actor& actor, int64_t id) {
  auto row = repo::FindApplication(tx, id);
  if (!row) return NotFound();
  auto r = repo::FindRound(tx, row->a.round_id);
  if (!r) return NotFound();
  Facts f = ApplicationFacts(tx, actor, *row, r->owner_path);
  if (!SeesApplication(f)) return NotFound();
  return Loaded{*row, r->owner_path, f};
}

// What the actor may see of the scores (see ScoreSheet).
ScoreSheet SheetFor(db::Tx& tx, const auth::Actor& actor, const Loaded& l) {
  ScoreSheet out;
  const auto all = repo::Scores(tx, l.row.a.id);
  if (l.facts.relations & kOwner) {
    out.items = all;
    out.count = static_cast<int64_t>(all.size());
    if (!all.empty()) {
      int64_t sum = 0, lo = all.front().total, hi = all.front().total;
      for (const auto& s : all) {
        sum += s.total;
        lo = std::min(lo, s.total);
        hi = std::max(hi, s.total);
      }
      out.average = static_cast<double>(sum) / static_cast<double>(all.size());
      out.spread = hi - lo;
    }
    return out;
  }
  for (const auto& s : all)
    if (s.expert_id == actor.account_id) out.items.push_back(s);
  out.count = static_cast<int64_t>(out.items.size());
  return out;
}

}  // namespace

Result<ScoreSheet> BackboneService::SubmitScore(const auth::Actor& actor, int64_t id, int64_t total,
                                                const std::string& comment) {
  JJ_RETURN_IF_ERROR(RequireRole("score", Object::kApplication, actor.role));
  if (total < 0 || total > 100)
    return Status(Code::kInvalidArgument, "backbone.score_range", {}).WithField("total");
  ScoreSheet out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ApplicationFor(tx, actor, id));
    JJ_RETURN_IF_ERROR(Require("score", Object::kApplication, l.facts));
    // Scores and the decision serialise on the round's row.
    repo::LockRound(tx, l.row.a.round_id);
    JJ_ASSIGN_OR_RETURN(l, ApplicationFor(tx, actor, id));
    JJ_RETURN_IF_ERROR(Require("score", Object::kApplication, l.facts));
    Json before = nullptr;
    for (const auto& s : repo::Scores(tx, id))
      if (s.expert_id == actor.account_id) before = {{"total", s.total}, {"comment", s.comment}};
    repo::UpsertScore(tx, id, actor.account_id, total, comment, clock_.NowSeconds());
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.score", "backbone_application", id,
                                   before.is_null() ? "" : before.dump(),
                                   Json{{"total", total}, {"comment", comment}}.dump()});
    out = SheetFor(tx, actor, l);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<ScoreSheet> BackboneService::Scores(const auth::Actor& actor, int64_t id) {
  JJ_RETURN_IF_ERROR(RequireRole("scores", Object::kApplication, actor.role));
  ScoreSheet out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ApplicationFor(tx, actor, id));
    JJ_RETURN_IF_ERROR(Require("scores", Object::kApplication, l.facts));
    out = SheetFor(tx, actor, l);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Application> BackboneService::Decide(const auth::Actor& actor, int64_t id, const std::string& action,
                                            const std::string& reason) {
  JJ_RETURN_IF_ERROR(http::CheckEnum("action", action, {"select", "reject"}));
  JJ_RETURN_IF_ERROR(RequireRole("decide", Object::kApplication, actor.role));
  if (action == "reject") JJ_RETURN_IF_ERROR(CheckText("reason", reason, true));
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ApplicationFor(tx, actor, id));
    JJ_RETURN_IF_ERROR(Require("decide", Object::kApplication, l.facts));
    repo::LockRound(tx, l.row.a.round_id);
    JJ_ASSIGN_OR_RETURN(l, ApplicationFor(tx, actor, id));
    JJ_RETURN_IF_ERROR(Require("decide", Object::kApplication, l.facts));
    if (repo::Scores(tx, id).empty()) return FailedPrecondition("backbone.no_scores");
    const Json before = ApplicationSnapshot(l.row.a);
    repo::Decide(tx, id, action == "select" ? "selected" : "not_selected", action == "reject" ? reason : "",
                 actor.AuditId(), clock_.NowSeconds());
    auto after = repo::FindApplication(tx, id);
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.decide", "backbone_application", id, before.dump(),
                                   ApplicationSnapshot(after->a).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetApplication(actor, id);
}

Result<Round> BackboneService::Publicize(const auth::Actor& actor, int64_t id, const std::string& start,
                                         const std::string& end) {
  JJ_RETURN_IF_ERROR(RequireRole("publicize", Object::kRound, actor.role));
  JJ_RETURN_IF_ERROR(http::CheckDate("start", start, false));
  JJ_RETURN_IF_ERROR(http::CheckDate("end", end, false));
  if (end < start) return InvalidArgument("backbone.window_order", "end");
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(auto r, RoundFor(tx, actor, id, "publicize"));
    repo::LockRound(tx, id);
    bool any = false;
    for (const auto& a : repo::QueryApplications(tx, id, true, "", "")) any |= a.a.state == "selected";
    if (!any) return FailedPrecondition("backbone.none_selected");
    const Json before = RoundSnapshot(r.r);
    repo::SetPublicity(tx, id, start, end, clock_.NowSeconds());
    Json after = before;
    after["state"] = "publicity";
    after["publicity_start"] = start;
    after["publicity_end"] = end;
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.round.publicity", "backbone_round", id, before.dump(),
                                   after.dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetRound(actor, id);
}

Result<Application> BackboneService::RecordObjection(const auth::Actor& actor, int64_t application_id,
                                            const std::string& text) {
  JJ_RETURN_IF_ERROR(RequireRole("object", Object::kApplication, actor.role));
  JJ_RETURN_IF_ERROR(CheckText("text", text, true));
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(Loaded l, ApplicationFor(tx, actor, application_id));
    JJ_RETURN_IF_ERROR(Require("object", Object::kApplication, l.facts));
    auto r = repo::FindRound(tx, l.row.a.round_id);
    const std::string today = clock_.Today().ToString();
    if (!InWindow(today, r->r.publicity_start, r->r.publicity_end))
      return Status(Code::kFailedPrecondition, "backbone.publicity_window",
                    {{"start", r->r.publicity_start}, {"end", r->r.publicity_end}});
    repo::InsertObjection(tx, application_id, text, actor.AuditId(), clock_.NowSeconds());
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.objection", "backbone_application", application_id, "",
                                   Json{{"text", text}}.dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetApplication(actor, application_id);
}

Result<Round> BackboneService::Confirm(const auth::Actor& actor, int64_t id) {
  JJ_RETURN_IF_ERROR(RequireRole("confirm", Object::kRound, actor.role));
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(auto r, RoundFor(tx, actor, id, "confirm"));
    repo::LockRound(tx, id);
    const std::string today = clock_.Today().ToString();
    if (today <= r.r.publicity_end)
      return Status(Code::kFailedPrecondition, "backbone.publicity_running", {{"end", r.r.publicity_end}});
    const int64_t now = clock_.NowSeconds();
    for (const auto& a : repo::QueryApplications(tx, id, true, "", "")) {
      if (a.a.state != "selected") continue;
      JJ_RETURN_IF_ERROR(teachers::SetBackboneLevel(tx, clock_, actor.AuditId(), a.a.teacher_id, r.r.level,
                                                    "骨干教师遴选确定：" + r.r.title));
      repo::Decide(tx, a.a.id, "confirmed", "", actor.AuditId(), now);
    }
    const Json before = RoundSnapshot(r.r);
    repo::SetRoundState(tx, id, "confirmed", now);
    r.r.state = "confirmed";
    audit_log::Append(tx, clock_, {actor.AuditId(), "backbone.round.confirm", "backbone_round", id, before.dump(),
                                   RoundSnapshot(r.r).dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return GetRound(actor, id);
}

}  // namespace jj::backbone
