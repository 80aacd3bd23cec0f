#include "modules/teachers/routes.h"

#include "infra/http/json_io.h"
#include "infra/jobs/routes.h"
#include "modules/teachers/import.h"

namespace jj::teachers {

namespace {

using http::Json;

Json ToJson(const Teacher& t) {
  return Json{{"id", t.id},
              {"name", t.name},
              {"id_number", t.id_number},
              {"sex", t.sex},
              {"birth_date", t.birth_date},
              {"ethnicity", t.ethnicity},
              {"phone", t.phone},
              {"org_id", t.org_id},
              {"org_name", t.org_name},
              {"stage", t.stage},
              {"subject", t.subject},
              {"title", t.title},
              {"posts", t.posts},
              {"hire_date", t.hire_date},
              {"cert_number", t.cert_number},
              {"status", t.status},
              {"backbone_level", t.backbone_level},
              {"rural", t.rural},
              {"is_new_teacher", t.is_new_teacher}};
}

Status ParseInput(const Json& j, TeacherInput& in) {
  JJ_RETURN_IF_ERROR(http::RejectUnknown(
      j, {"name", "id_number", "sex", "birth_date", "ethnicity", "phone", "org_id", "stage", "subject", "title",
          "posts", "hire_date", "cert_number", "status", "backbone_level",
          // Read-only fields a client may echo back; ignored.
          "id", "org_name", "rural", "is_new_teacher"}));
  JJ_RETURN_IF_ERROR(http::GetString(j, "name", false, in.name, 50));
  JJ_RETURN_IF_ERROR(http::GetString(j, "id_number", false, in.id_number, 18));
  JJ_RETURN_IF_ERROR(http::GetString(j, "sex", false, in.sex, 2));
  JJ_RETURN_IF_ERROR(http::GetString(j, "birth_date", false, in.birth_date, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "ethnicity", false, in.ethnicity, 20));
  JJ_RETURN_IF_ERROR(http::GetString(j, "phone", false, in.phone, 20));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "org_id", false, in.org_id));
  JJ_RETURN_IF_ERROR(http::GetString(j, "stage", false, in.stage, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "subject", false, in.subject, 30));
  JJ_RETURN_IF_ERROR(http::GetString(j, "title", false, in.title, 20));
  JJ_RETURN_IF_ERROR(http::GetStringArray(j, "posts", false, in.posts));
  JJ_RETURN_IF_ERROR(http::GetString(j, "hire_date", false, in.hire_date, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "cert_number", false, in.cert_number, 40));
  JJ_RETURN_IF_ERROR(http::GetString(j, "status", false, in.status, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "backbone_level", false, in.backbone_level, 10));
  return Status::Ok();
}

// The list's query string: paging, filters and sort (also used by export).
Status ParseListQuery(const http::Request& req, ListQuery& q) {
  JJ_ASSIGN_OR_RETURN(q.page, http::QueryInt(req, "page", 1, 1000000));
  JJ_ASSIGN_OR_RETURN(q.page_size, http::QueryInt(req, "page_size", 20, 200));
  if (auto o = req.Query("org_id"); o && !o->empty()) {
    JJ_ASSIGN_OR_RETURN(int64_t v, http::QueryInt(req, "org_id", 0, INT64_MAX));
    q.org_id = v;
  }
  q.stage = req.Query("stage").value_or("");
  q.subject = req.Query("subject").value_or("");
  q.title = req.Query("title").value_or("");
  q.status = req.Query("status").value_or("");
  q.backbone_level = req.Query("backbone_level").value_or("");
  q.q = req.Query("q").value_or("");
  q.sort = req.Query("sort").value_or("name");
  if (q.sort.empty()) q.sort = "name";
  return Status::Ok();
}

}  // namespace

void AddRoutes(http::Router& router, TeacherService& service) {
  router.Add("GET", "/api/v1/teachers", http::Access::kAuthenticated, [&service](http::Request& req) {
    ListQuery q;
    if (Status st = ParseListQuery(req, q); !st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.List(*req.actor, q), 200, [](const Page& p) {
      Json items = Json::array();
      for (const auto& t : p.items) items.push_back(ToJson(t));
      return Json{{"items", items},
                  {"total", p.total},
                  {"total_exact", p.total_exact},
                  {"page", p.page},
                  {"page_size", p.page_size}};
    });
  });

  router.Add("GET", "/api/v1/teachers/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Get(*req.actor, *id), 200, [](const Teacher& t) { return ToJson(t); });
  });

  router.Add("POST", "/api/v1/teachers", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    TeacherInput in;
    if (Status st = ParseInput(*body, in); !st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.Create(*req.actor, in), 201, [](const Teacher& t) { return ToJson(t); });
  });

  router.Add("PATCH", "/api/v1/teachers/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    TeacherInput in;
    if (Status st = ParseInput(*body, in); !st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.Update(*req.actor, *id, in), 200, [](const Teacher& t) { return ToJson(t); });
  });

  router.Add("DELETE", "/api/v1/teachers/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    Status st = service.Delete(*req.actor, *id);
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("POST", "/api/v1/teachers/{id}/transfer", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<int64_t> to;
    std::optional<std::string> date, note;
    Status st = http::RejectUnknown(*body, {"to_org_id", "date", "note"});
    if (st.ok()) st = http::GetInt(*body, "to_org_id", true, to);
    if (st.ok()) st = http::GetString(*body, "date", true, date, 10);
    if (st.ok()) st = http::GetString(*body, "note", false, note, 200);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.TransferTo(*req.actor, *id, *to, *date, note.value_or("")), 200,
                  [](const Teacher& t) { return ToJson(t); });
  });

  router.Add("GET", "/api/v1/teachers/{id}/history", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.History(*req.actor, *id), 200, [](const std::vector<Transfer>& v) {
      Json items = Json::array();
      for (const auto& x : v)
        items.push_back({{"from_org_id", x.from_org_id},
                         {"from_org_name", x.from_org_name},
                         {"to_org_id", x.to_org_id},
                         {"to_org_name", x.to_org_name},
                         {"date", x.date},
                         {"note", x.note},
                         {"actor", x.actor}});
      return Json{{"items", items}};
    });
  });
}

void AddExportRoutes(http::Router& router, jobs::JobQueue& queue, TeacherService& service) {
  // Starts a "teacher.export" job over the list's filters (every page).
  router.Add("POST", "/api/v1/teachers/export", http::Access::kAuthenticated, [&queue, &service](http::Request& req) {
    if (!req.actor->IsAdmin()) return http::ErrorResponse(PermissionDenied(), req.lang);
    ListQuery q;
    if (Status st = ParseListQuery(req, q); !st.ok()) return http::ErrorResponse(st, req.lang);
    std::string format = req.Query("format").value_or("xlsx");
    std::string pii = req.Query("pii").value_or("0");
    Status st = http::CheckEnum("format", format, {"xlsx", "csv"});
    if (st.ok()) st = http::CheckEnum("pii", pii, {"0", "1"});
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    // The filters are checked now (an org outside the scope is NotFound), not
    // first by the job: the list's first row runs the same checks.
    ListQuery probe = q;
    probe.page = 1;
    probe.page_size = 1;
    if (auto first = service.List(*req.actor, probe); !first.ok()) return http::ErrorResponse(first.status(), req.lang);
    Json params = {{"format", format}, {"pii", pii == "1"},  {"stage", q.stage},   {"subject", q.subject},
                   {"title", q.title},  {"status", q.status}, {"backbone_level", q.backbone_level},
                   {"q", q.q},          {"sort", q.sort}};
    if (q.org_id) params["org_id"] = *q.org_id;
    auto id = queue.Enqueue(kExportJob, req.actor->account_id, params.dump());
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, queue.Get(*id), 202, [](const jobs::JobInfo& j) { return jobs::JobJson(j); });
  });
}

jobs::JobHandler MakeExportJob(TeacherService& service,
                               std::function<Result<auth::Actor>(int64_t account_id)> actor_of) {
  return [&service, actor_of](jobs::JobContext& ctx) -> Status {
    Json p = Json::parse(ctx.params_json(), nullptr, false);
    if (!p.is_object() || !ctx.account_id()) return Internal("teacher.export: bad params");
    JJ_ASSIGN_OR_RETURN(auth::Actor actor, actor_of(*ctx.account_id()));
    ListQuery q;
    q.stage = p.value("stage", "");
    q.subject = p.value("subject", "");
    q.title = p.value("title", "");
    q.status = p.value("status", "");
    q.backbone_level = p.value("backbone_level", "");
    q.q = p.value("q", "");
    q.sort = p.value("sort", "name");
    if (p.contains("org_id")) q.org_id = p["org_id"].get<int64_t>();
    const std::string format = p.value("format", "xlsx");
    const std::string name = "教师名册." + format;
    JJ_ASSIGN_OR_RETURN(int64_t rows, service.Export(actor, q, format, p.value("pii", false), ctx.FilePath(name),
                                                    [&ctx](int64_t done, int64_t total) {
                                                      ctx.Progress(done, total, "job.export");
                                                      return !ctx.CancelRequested();
                                                    }));
    ctx.Progress(rows, rows, "job.done");
    ctx.AddFile("export", name,
                format == "csv" ? "text/csv; charset=utf-8"
                                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    ctx.result_json = Json{{"rows", rows}}.dump();
    return Status::Ok();
  };
}

void AddImportRoutes(http::Router& router, jobs::JobQueue& queue) {
  router.Add("GET", "/api/v1/teachers/import/template", http::Access::kAuthenticated,
             [&queue](http::Request& req) {
               if (!req.actor->IsAdmin()) return http::ErrorResponse(PermissionDenied(), req.lang);
               return jobs::TemplateResponse(req, queue, "教师导入模板", WriteImportTemplateXlsx, ImportTemplateCsv);
             });

  // The body is the file itself (xlsx or CSV); options in the query.
  router.Add("POST", "/api/v1/teachers/import", http::Access::kAuthenticated, [&queue](http::Request& req) {
    if (!req.actor->IsAdmin()) return http::ErrorResponse(PermissionDenied(), req.lang);
    return jobs::StartImportJob(req, queue, kImportJob);
  });
}

}  // namespace jj::teachers
