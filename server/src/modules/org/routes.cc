#include "modules/org/routes.h"

#include "infra/http/json_io.h"
#include "infra/jobs/routes.h"
#include "modules/org/import.h"

namespace jj::org {

namespace {

using http::Json;

Json ToJson(const Org& o) {
  Json j = {{"id", o.id},       {"code", o.code},     {"name", o.name}, {"type", o.type},
            {"path", o.path},   {"stages", o.stages}, {"rural", o.rural}};
  j["parent_id"] = o.parent_id ? Json(*o.parent_id) : Json(nullptr);
  return j;
}

Json ToJson(const OrgNode& n) {
  Json j = ToJson(n.org);
  j["children"] = Json::array();
  for (const auto& c : n.children) j["children"].push_back(ToJson(c));
  return j;
}

}  // namespace

void AddRoutes(http::Router& router, OrgService& service) {
  router.Add("GET", "/api/v1/orgs/tree", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto r = service.Tree(*req.actor);
    if (!r.ok()) return http::ErrorResponse(r.status(), req.lang);
    Json out = Json::array();
    for (const auto& n : *r) out.push_back(ToJson(n));
    return http::JsonResponse(200, out.dump());
  });

  router.Add("GET", "/api/v1/orgs", http::Access::kAuthenticated, [&service](http::Request& req) {
    std::optional<int64_t> parent;
    if (auto p = req.Query("parent_id"); p && !p->empty()) {
      auto v = http::QueryInt(req, "parent_id", 0, INT64_MAX);
      if (!v.ok()) return http::ErrorResponse(v.status(), req.lang);
      parent = *v;
    }
    auto r = service.List(*req.actor, req.Query("type").value_or(""), parent, req.Query("q").value_or(""));
    if (!r.ok()) return http::ErrorResponse(r.status(), req.lang);
    Json items = Json::array();
    for (const auto& o : *r) items.push_back(ToJson(o));
    return http::JsonResponse(200, Json{{"items", items}}.dump());
  });

  router.Add("GET", "/api/v1/orgs/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    std::vector<std::string> names;
    auto r = service.Get(*req.actor, *id, &names);
    if (!r.ok()) return http::ErrorResponse(r.status(), req.lang);
    Json j = ToJson(*r);
    j["path_names"] = names;
    return http::JsonResponse(200, j.dump());
  });

  router.Add("POST", "/api/v1/orgs", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    const Json& j = *body;
    std::optional<std::string> code, name, type;
    std::optional<int64_t> parent;
    std::optional<std::vector<std::string>> stages;
    std::optional<bool> rural;
    Status st = http::RejectUnknown(j, {"code", "name", "type", "parent_id", "stages", "rural"});
    if (st.ok()) st = http::GetString(j, "code", true, code, 20);
    if (st.ok()) st = http::GetString(j, "name", true, name, 100);
    if (st.ok()) st = http::GetString(j, "type", true, type, 20);
    if (st.ok()) st = http::GetInt(j, "parent_id", false, parent);
    if (st.ok()) st = http::GetStringArray(j, "stages", false, stages);
    if (st.ok()) st = http::GetBool(j, "rural", false, rural);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    NewOrg in{*code, *name, *type, parent, stages.value_or(std::vector<std::string>{}), rural.value_or(false)};
    auto r = service.Create(*req.actor, in);
    if (!r.ok()) return http::ErrorResponse(r.status(), req.lang);
    return http::JsonResponse(201, ToJson(*r).dump());
  });

  router.Add("PATCH", "/api/v1/orgs/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    OrgPatch p;
    Status st = http::RejectUnknown(*body, {"name", "stages", "rural"});
    if (st.ok()) st = http::GetString(*body, "name", false, p.name, 100);
    if (st.ok()) st = http::GetStringArray(*body, "stages", false, p.stages);
    if (st.ok()) st = http::GetBool(*body, "rural", false, p.rural);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    auto r = service.Update(*req.actor, *id, p);
    if (!r.ok()) return http::ErrorResponse(r.status(), req.lang);
    return http::JsonResponse(200, ToJson(*r).dump());
  });
}

void AddImportRoutes(http::Router& router, jobs::JobQueue& queue) {
  router.Add("POST", "/api/v1/orgs/import", http::Access::kAuthenticated, [&queue](http::Request& req) {
    if (!req.actor->IsBureauAdmin())
      return http::ErrorResponse(PermissionDenied(), req.lang);
    return jobs::StartImportJob(req, queue, kOrgImportJob);
  });
}

}  // namespace jj::org
