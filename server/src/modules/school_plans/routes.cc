#include "modules/school_plans/routes.h"

#include <algorithm>

#include "infra/http/json_io.h"

namespace jj::school_plans {

namespace {

using http::Json;

Json PlanJson(const Plan& p) {
  return Json{{"id", p.id},
              {"school_id", p.school_id},
              {"school_code", p.school_code},
              {"school_name", p.school_name},
              {"year", p.year},
              {"title", p.title},
              {"content", p.content},
              {"filed_by", p.filed_by},
              {"filed_at", p.filed_at},
              {"first_filed_at", p.first_filed_at},
              {"revisions", p.revisions},
              {"deadline", p.deadline},
              {"late", p.late}};
}

Json OverviewJson(const Overview& o) {
  Json items = Json::array();
  for (const auto& s : o.items)
    items.push_back({{"school_id", s.school_id},
                     {"school_code", s.school_code},
                     {"school_name", s.school_name},
                     {"status", s.status},
                     {"deadline", s.deadline},
                     {"plan_id", s.plan_id ? Json(*s.plan_id) : Json(nullptr)},
                     {"title", s.title},
                     {"filed_at", s.filed_at},
                     {"revisions", s.revisions}});
  return Json{{"year", o.year},
              {"deadline", o.deadline},
              {"items", items},
              {"counts", {{"filed", o.filed}, {"late", o.late}, {"not_filed", o.not_filed}}}};
}

// The year as a query parameter or a path segment: a number, checked by the service.
Result<int> YearParam(const http::Request& req, bool in_path) {
  if (in_path) {
    JJ_ASSIGN_OR_RETURN(int64_t y, http::PathId(req, "year"));
    return static_cast<int>(std::min<int64_t>(y, 1000000));
  }
  JJ_ASSIGN_OR_RETURN(int64_t y, http::QueryInt(req, "year", 0, 1000000));
  return static_cast<int>(y);
}

}  // namespace

void AddRoutes(http::Router& router, SchoolPlanService& service) {
  // Body {year, deadline, org_id?}.
  router.Add("PUT", "/api/v1/school-plans/deadline", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<int64_t> org, year;
    std::optional<std::string> deadline;
    Status st = http::RejectUnknown(*body, {"org_id", "year", "deadline"});
    if (st.ok()) st = http::GetInt(*body, "org_id", false, org);
    if (st.ok()) st = http::GetInt(*body, "year", true, year);
    if (st.ok()) st = http::GetString(*body, "deadline", true, deadline, 10);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(
        req, service.SetDeadline(*req.actor, org, static_cast<int>(std::clamp<int64_t>(*year, 0, 1000000)), *deadline),
        200, [](const Deadline& d) {
          return Json{{"org_id", d.org_id}, {"year", d.year}, {"deadline", d.deadline}};
        });
  });

  router.Add("GET", "/api/v1/school-plans", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto year = YearParam(req, false);
    if (!year.ok()) return http::ErrorResponse(year.status(), req.lang);
    return http::Render(req, service.List(*req.actor, *year), 200, OverviewJson);
  });

  // Body {title, content, school_id?}.
  router.Add("PUT", "/api/v1/school-plans/{year}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto year = YearParam(req, true);
    if (!year.ok()) return http::ErrorResponse(year.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<int64_t> school;
    std::optional<std::string> title, content;
    Status st = http::RejectUnknown(*body, {"school_id", "title", "content"});
    if (st.ok()) st = http::GetInt(*body, "school_id", false, school);
    if (st.ok()) st = http::GetString(*body, "title", true, title, kMaxTitleChars);
    if (st.ok()) st = http::GetString(*body, "content", true, content, kMaxContentChars);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.File(*req.actor, *year, PlanInput{school, *title, *content}), 200, PlanJson);
  });

  router.Add("GET", "/api/v1/school-plans/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Get(*req.actor, *id), 200, PlanJson);
  });
}

}  // namespace jj::school_plans
