#include "modules/credits/routes.h"

#include <algorithm>
#include <cmath>

#include "infra/http/json_io.h"
#include "infra/jobs/routes.h"
#include "modules/credits/import.h"

namespace jj::credits {

namespace {

using http::Json;

Json ToJson(const Record& r) {
  return Json{{"id", r.id},
              {"teacher_id", r.teacher_id},
              {"teacher_name", r.teacher_name},
              {"date", r.date},
              {"end_date", r.end_date},
              {"project_name", r.project_name},
              {"project_code", r.project_code},
              {"level", r.level},
              {"form", r.form},
              {"dimension", r.dimension},
              {"location", r.location},
              {"hours", policy::FormatTenths(r.hours_tenths)},
              {"grade", r.grade},
              {"topic_tags", r.topic_tags},
              {"source", r.source},
              {"achievement_type", r.achievement_type},
              {"state", r.state},
              {"reject_reason", r.reject_reason}};
}

Status ParseNew(const Json& j, NewRecord& in) {
  JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"teacher_id", "date", "end_date", "project_name", "project_code",
                                            "level", "form", "dimension", "location", "hours", "grade", "topic_tags",
                                            "source", "achievement_type"}));
  std::optional<int64_t> teacher;
  std::optional<std::string> date, end, pname, pcode, level, form, dim, loc, grade, source, atype;
  std::optional<std::vector<std::string>> tags;
  JJ_RETURN_IF_ERROR(http::GetInt(j, "teacher_id", false, teacher));
  // A missing date is reported with the other missing fields (Declare).
  JJ_RETURN_IF_ERROR(http::GetString(j, "date", false, date, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "end_date", false, end, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "project_name", false, pname, 200));
  JJ_RETURN_IF_ERROR(http::GetString(j, "project_code", false, pcode, 60));
  JJ_RETURN_IF_ERROR(http::GetString(j, "level", false, level, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "form", false, form, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "dimension", false, dim, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "location", false, loc, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "grade", false, grade, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "source", false, source, 20));
  JJ_RETURN_IF_ERROR(http::GetString(j, "achievement_type", false, atype, 20));
  JJ_RETURN_IF_ERROR(http::GetStringArray(j, "topic_tags", false, tags));
  std::optional<int64_t> hours;
  JJ_RETURN_IF_ERROR(http::GetTenths(j, "hours", false, hours, 100000));
  in.hours_tenths = hours.value_or(0);
  in.teacher_id = teacher.value_or(0);
  in.date = date.value_or("");
  in.end_date = end.value_or("");
  in.project_name = pname.value_or("");
  in.project_code = pcode.value_or("");
  in.level = level.value_or("");
  in.form = form.value_or("");
  in.dimension = dim.value_or("");
  in.location = loc.value_or("");
  in.grade = grade.value_or("");
  in.source = source.value_or("training");
  in.achievement_type = atype.value_or("");
  in.topic_tags = tags.value_or(std::vector<std::string>{});
  return Status::Ok();
}

Result<int> Year(const http::Request& req) {
  JJ_ASSIGN_OR_RETURN(int64_t y, http::QueryInt(req, "year", 0, 2100));
  if (y < 2000)
    return Status(Code::kInvalidArgument, "field.range", {{"field", "year"}, {"min", "2000"}, {"max", "2100"}})
        .WithField("year");
  return static_cast<int>(y);
}

Result<std::optional<int64_t>> OptionalId(const http::Request& req, const std::string& name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  JJ_ASSIGN_OR_RETURN(int64_t id, http::QueryInt(req, name, 0, INT64_MAX));
  return std::optional<int64_t>(id);
}

// A query parameter of credits with at most one decimal ("2", "2.5"), 0 to
// max_tenths / 10; absent or empty is nullopt.
// Errors: InvalidArgument field.range / policy.decimals (field `name`).
Result<std::optional<int64_t>> QueryTenths(const http::Request& req, const std::string& name, int64_t max_tenths) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  const std::string& s = *v;
  const size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  auto digits = [](const std::string& d) {
    return !d.empty() && d.size() <= 6 && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto range = [&] {
    return Status(Code::kInvalidArgument, "field.range",
                  {{"field", name}, {"min", "0"}, {"max", std::to_string(max_tenths / 10)}})
        .WithField(name);
  };
  if (!digits(whole) || (dot != std::string::npos && !digits(frac))) return range();
  if (frac.size() > 1)
    return Status(Code::kInvalidArgument, "policy.decimals", {{"field", name}, {"places", "1"}}).WithField(name);
  const int64_t tenths = std::stoll(whole) * 10 + (frac.empty() ? 0 : frac[0] - '0');
  if (tenths > max_tenths) return range();
  return std::optional<int64_t>(tenths);
}

Json RowJson(const AuditRow& r) {
  Json j = policy::AuditToJson(r.audit, false);
  j["teacher_id"] = r.teacher_id;
  j["name"] = r.name;
  j["school"] = r.school;
  j["school_id"] = r.school_id;
  // 差额: the engine's one amount still to earn (needed, needed_text_*), not
  // a sum of the shortfalls; the credits part as a decimal for sorting.
  j["shortfall"] = r.audit.needed.empty() || r.audit.needed[0].measure != policy::Measure::kCredits
                       ? std::string("0.0")
                       : policy::FormatExact(r.audit.needed[0].units, r.audit.needed[0].per_one);
  j["rank_in_school"] = r.rank_in_school;
  j["stamped"] = r.stamped;
  return j;
}

Json EvidenceJson(const Evidence& e) {
  return Json{{"id", e.id},         {"record_id", e.record_id}, {"name", e.name},
              {"content_type", e.content_type}, {"size", e.size}, {"content_hash", e.content_hash},
              {"created_at", e.created_at}};
}

Json PolicyJson(const CreditService::EffectivePolicy& p) { return EffectivePolicyJson(p); }

}  // namespace

void AddRoutes(http::Router& router, CreditService& service) {
  router.Add("GET", "/api/v1/credits/records", http::Access::kAuthenticated, [&service](http::Request& req) {
    RecordQuery q;
    auto page = http::QueryInt(req, "page", 1, 1000000);
    auto size = http::QueryInt(req, "page_size", 50, 500);
    auto teacher = OptionalId(req, "teacher_id");
    auto org = OptionalId(req, "org_id");
    for (const Status* st : {&page.status(), &size.status(), &teacher.status(), &org.status()})
      if (!st->ok()) return http::ErrorResponse(*st, req.lang);
    q.page = *page;
    q.page_size = *size;
    q.teacher_id = *teacher;
    q.org_id = *org;
    q.state = req.Query("state").value_or("");
    if (auto y = req.Query("year"); y && !y->empty()) {
      auto year = Year(req);
      if (!year.ok()) return http::ErrorResponse(year.status(), req.lang);
      q.year = *year;
    }
    return http::Render(req, service.List(*req.actor, q), 200, [](const RecordPage& p) {
      Json items = Json::array();
      for (const auto& r : p.items) items.push_back(ToJson(r));
      return Json{{"items", items}, {"total", p.total}};
    });
  });

  router.Add("POST", "/api/v1/credits/records", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    NewRecord in;
    if (Status st = ParseNew(*body, in); !st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.Declare(*req.actor, in), 201, [](const Record& r) { return ToJson(r); });
  });

  for (const char* action : {"verify", "approve", "reject"}) {
    router.Add("POST", std::string("/api/v1/credits/records/{id}/") + action, http::Access::kAuthenticated,
               [&service, action](http::Request& req) {
                 auto id = http::PathId(req);
                 if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
                 std::optional<std::string> reason;
                 if (!req.body.empty()) {
                   auto body = http::ParseObject(req.body);
                   if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
                   Status st = http::RejectUnknown(*body, {"reason"});
                   if (st.ok()) st = http::GetString(*body, "reason", false, reason, 500);
                   if (!st.ok()) return http::ErrorResponse(st, req.lang);
                 }
                 return http::Render(req, service.Transition(*req.actor, *id, action, reason.value_or("")), 200,
                                     [](const Record& r) { return ToJson(r); });
               });
  }

  // Evidence: the body is the file itself; ?name= the file name to show.
  router.Add("POST", "/api/v1/credits/records/{id}/evidence", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               return http::Render(req, service.AddEvidence(*req.actor, *id, req.Query("name").value_or(""), req.body),
                                   201, EvidenceJson);
             });
  router.Add("GET", "/api/v1/credits/records/{id}/evidence", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               return http::Render(req, service.ListEvidence(*req.actor, *id), 200, [](const std::vector<Evidence>& v) {
                 Json items = Json::array();
                 for (const auto& e : v) items.push_back(EvidenceJson(e));
                 return Json{{"items", items}};
               });
             });
  router.Add("GET", "/api/v1/credits/records/{id}/evidence/{evidence_id}", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req, "id");
               auto ev = http::PathId(req, "evidence_id");
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               if (!ev.ok()) return http::ErrorResponse(ev.status(), req.lang);
               auto file = service.ReadEvidence(*req.actor, *id, *ev);
               if (!file.ok()) return http::ErrorResponse(file.status(), req.lang);
               return http::FileResponse(file->first.name, file->first.content_type, std::move(file->second));
             });

  router.Add("GET", "/api/v1/credits/audit/teachers/{id}", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto year = Year(req);
               if (!year.ok()) return http::ErrorResponse(year.status(), req.lang);
               return http::Render(req, service.AuditTeacher(*req.actor, *id, *year), 200,
                                   [](const Json& j) { return j; });
             });

  router.Add("GET", "/api/v1/credits/audit", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto year = Year(req);
    if (!year.ok()) return http::ErrorResponse(year.status(), req.lang);
    AuditQuery q;
    auto org = OptionalId(req, "org_id");
    auto school = OptionalId(req, "school_id");
    auto page = http::QueryInt(req, "page", 1, 1000000);
    auto size = http::QueryInt(req, "page_size", 500, 500);
    auto shortfall = QueryTenths(req, "min_shortfall", 10000);
    for (const Status* st : {&org.status(), &school.status(), &page.status(), &size.status(), &shortfall.status()})
      if (!st->ok()) return http::ErrorResponse(*st, req.lang);
    q.org_id = *org;
    q.school_id = *school;
    q.page = *page;
    q.page_size = *size;
    q.min_shortfall_tenths = *shortfall;
    q.status = req.Query("status").value_or("");
    q.dimension = req.Query("dimension").value_or("");
    q.sort = req.Query("sort").value_or("");
    if (q.sort.empty()) q.sort = "needed";
    return http::Render(req, service.AuditTable(*req.actor, *year, q), 200, [](const AuditPage& p) {
      Json items = Json::array();
      for (const auto& r : p.items) items.push_back(RowJson(r));
      return Json{{"items", items}, {"total", p.total}, {"page", p.page}, {"page_size", p.page_size}};
    });
  });

  router.Add("GET", "/api/v1/credits/completion", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto year = Year(req);
    if (!year.ok()) return http::ErrorResponse(year.status(), req.lang);
    auto org = OptionalId(req, "org_id");
    if (!org.ok()) return http::ErrorResponse(org.status(), req.lang);
    auto locked = service.IsYearLocked(*req.actor, *org, *year);
    if (!locked.ok()) return http::ErrorResponse(locked.status(), req.lang);
    return http::Render(req, service.Completion(*req.actor, *org, *year), 200,
                        [locked = *locked](const std::vector<SchoolSummary>& v) {
                          Json items = Json::array();
                          for (const auto& s : v)
                            items.push_back({{"school_id", s.school_id},
                                             {"school", s.school},
                                             {"teachers", s.teachers},
                                             {"passed", s.passed},
                                             {"exempt", s.exempt},
                                             {"stamped", s.stamped}});
                          return Json{{"items", items}, {"locked", locked}};
                        });
  });

  // Body {teacher_id, year} (stamps); {teacher_id, year, reason} (exemptions,
  // an empty reason lifts it); {org_id?, year, locked, reason?} (locks).
  router.Add("POST", "/api/v1/credits/stamps", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<int64_t> teacher, year;
    Status st = http::RejectUnknown(*body, {"teacher_id", "year"});
    if (st.ok()) st = http::GetInt(*body, "teacher_id", true, teacher);
    if (st.ok()) st = http::GetInt(*body, "year", true, year);
    if (st.ok()) st = service.Stamp(*req.actor, *teacher, static_cast<int>(*year));
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("PUT", "/api/v1/credits/exemptions", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<int64_t> teacher, year;
    std::optional<std::string> reason;
    Status st = http::RejectUnknown(*body, {"teacher_id", "year", "reason"});
    if (st.ok()) st = http::GetInt(*body, "teacher_id", true, teacher);
    if (st.ok()) st = http::GetInt(*body, "year", true, year);
    if (st.ok()) st = http::GetString(*body, "reason", false, reason, 200);  // present; "" lifts the exemption
    if (st.ok() && !reason)
      st = Status(Code::kInvalidArgument, "field.required", {{"field", "reason"}}).WithField("reason");
    if (st.ok()) st = service.SetExemption(*req.actor, *teacher, static_cast<int>(*year), *reason);
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("POST", "/api/v1/credits/locks", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<int64_t> org, year;
    std::optional<bool> locked;
    std::optional<std::string> reason;
    Status st = http::RejectUnknown(*body, {"org_id", "year", "locked", "reason"});
    if (st.ok()) st = http::GetInt(*body, "org_id", false, org);
    if (st.ok()) st = http::GetInt(*body, "year", true, year);
    if (st.ok()) st = http::GetBool(*body, "locked", true, locked);
    if (st.ok()) st = http::GetString(*body, "reason", false, reason, 500);
    if (st.ok()) st = service.SetYearLock(*req.actor, org, static_cast<int>(*year), *locked, reason.value_or(""));
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("GET", "/api/v1/policies", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto year = Year(req);
    if (!year.ok()) return http::ErrorResponse(year.status(), req.lang);
    auto org = OptionalId(req, "org_id");
    if (!org.ok()) return http::ErrorResponse(org.status(), req.lang);
    return http::Render(req, service.PolicyFor(*req.actor, org->value_or(req.actor->org_id), *year), 200,
                        PolicyJson);
  });

  // The body is the policy document itself (docs/policy.md).
  router.Add("PUT", "/api/v1/policies", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto year = Year(req);
    if (!year.ok()) return http::ErrorResponse(year.status(), req.lang);
    auto org = OptionalId(req, "org_id");
    if (!org.ok()) return http::ErrorResponse(org.status(), req.lang);
    // The bounds of every request body (depth, NUL, sizes) hold here too.
    if (auto bounded = http::ParseObject(req.body); !bounded.ok())
      return http::ErrorResponse(bounded.status(), req.lang);
    return http::Render(req, service.SavePolicy(*req.actor, org->value_or(req.actor->org_id), *year, req.body), 200,
                        PolicyJson);
  });
}

void AddImportRoutes(http::Router& router, jobs::JobQueue& queue) {
  router.Add("POST", "/api/v1/credits/import", http::Access::kAuthenticated, [&queue](http::Request& req) {
    if (!req.actor->IsBureauAdmin())
      return http::ErrorResponse(PermissionDenied(), req.lang);
    return jobs::StartImportJob(req, queue, kCreditImportJob);
  });
  router.Add("GET", "/api/v1/credits/import/template", http::Access::kAuthenticated, [&queue](http::Request& req) {
    if (!req.actor->IsBureauAdmin()) return http::ErrorResponse(PermissionDenied(), req.lang);
    return jobs::TemplateResponse(req, queue, "学分记录导入模板", WriteCreditTemplateXlsx, CreditTemplateCsv);
  });
  router.Add("POST", "/api/v1/credits/exemptions/import", http::Access::kAuthenticated, [&queue](http::Request& req) {
    if (!req.actor->IsBureauAdmin()) return http::ErrorResponse(PermissionDenied(), req.lang);
    return jobs::StartImportJob(req, queue, kExemptionImportJob);
  });
  router.Add("GET", "/api/v1/credits/exemptions/import/template", http::Access::kAuthenticated,
             [&queue](http::Request& req) {
               if (!req.actor->IsBureauAdmin()) return http::ErrorResponse(PermissionDenied(), req.lang);
               return jobs::TemplateResponse(req, queue, "免审名单导入模板", WriteExemptionTemplateXlsx,
                                             ExemptionTemplateCsv);
             });
}

}  // namespace jj::credits
