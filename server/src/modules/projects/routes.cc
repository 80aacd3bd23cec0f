#include "modules/projects/routes.h"

#include "infra/http/json_io.h"
#include "modules/credits/policy/policy.h"

namespace jj::projects {

using credits::policy::FormatTenths;
using http::Json;

Json SessionJson(const Session& s) {
  return Json{{"id", s.id},
              {"seq", s.seq},
              {"course", s.course},
              {"date", s.date},
              {"start_time", s.start_time},
              {"end_time", s.end_time},
              {"hours", std::stod(FormatTenths(s.hours_tenths))},
              {"topic", s.topic},
              {"trainer", s.trainer}};
}

// Reads `obj[name]` as a list of objects; each element's errors name its index.
Status ForEachObject(const Json& obj, const std::string& name,
                     const std::function<Status(const Json&, const std::string&)>& fn) {
  auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return Status::Ok();
  if (!it->is_array())
    return Status(Code::kInvalidArgument, "field.type", {{"field", name}, {"type", "数组"}}).WithField(name);
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string prefix = name + "[" + std::to_string(i) + "]";
    if (!(*it)[i].is_object())
      return Status(Code::kInvalidArgument, "field.type", {{"field", prefix}, {"type", "对象"}}).WithField(prefix);
    JJ_RETURN_IF_ERROR(fn((*it)[i], prefix));
  }
  return Status::Ok();
}

Status Prefixed(Status st, const std::string& prefix) {
  if (st.ok() || st.field().empty()) return st;
  std::string f = prefix + "." + st.field();
  return std::move(st).WithField(f);
}

namespace {

Status ParseInput(const Json& j, ProjectInput& in) {
  JJ_RETURN_IF_ERROR(
      http::RejectUnknown(j, {"code",        "name",      "kind",        "level",          "form",
                              "dimension",   "modules",   "topic_tags",  "theme",          "organiser_org_id",
                              "start_date",  "end_date",  "hours",       "location",       "capacity",
                              "audience",    "reg_start", "reg_end",     "approval",       "syllabus",
                              "trainers",    "half_days", "grade_scale", "passing_grades", "absence_num",
                              "absence_den", "sessions",  "tutor_ids"}));
  std::optional<std::string> code, name, kind, level, form, dim, theme, sd, ed, loc, rs, re, ap, syl, tr;
  std::optional<std::vector<std::string>> modules, tags, scale, passing;
  std::optional<int64_t> organiser, hours, capacity, half_days, an, ad;
  std::optional<std::vector<int64_t>> tutors;
  JJ_RETURN_IF_ERROR(http::GetString(j, "code", true, code, 40));
  JJ_RETURN_IF_ERROR(http::GetString(j, "name", true, name, 200));
  JJ_RETURN_IF_ERROR(http::GetString(j, "kind", false, kind, 20));
  JJ_RETURN_IF_ERROR(http::GetString(j, "level", false, level, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "form", false, form, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "dimension", true, dim, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "theme", false, theme, 200));
  JJ_RETURN_IF_ERROR(http::GetString(j, "start_date", true, sd, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "end_date", true, ed, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "location", false, loc, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "reg_start", false, rs, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "reg_end", false, re, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "approval", false, ap, 20));
  JJ_RETURN_IF_ERROR(http::GetString(j, "syllabus", false, syl, 20000));
  JJ_RETURN_IF_ERROR(http::GetString(j, "trainers", false, tr, 2000));
  JJ_RETURN_IF_ERROR(http::GetStringArray(j, "modules", false, modules));
  JJ_RETURN_IF_ERROR(http::GetStringArray(j, "topic_tags", false, tags));
  JJ_RETURN_IF_ERROR(http::GetStringArray(j, "grade_scale", false, scale));
  JJ_RETURN_IF_ERROR(http::GetStringArray(j, "passing_grades", false, passing));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "organiser_org_id", false, organiser));
  JJ_RETURN_IF_ERROR(http::GetTenths(j, "hours", true, hours, 100000));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "capacity", false, capacity));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "half_days", false, half_days));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "absence_num", false, an));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "absence_den", false, ad));
  JJ_RETURN_IF_ERROR(http::GetIntArray(j, "tutor_ids", false, tutors));
  if (j.contains("audience") && !j["audience"].is_null()) {
    const Json& a = j["audience"];
    if (!a.is_object())
      return Status(Code::kInvalidArgument, "field.type", {{"field", "audience"}, {"type", "对象"}})
          .WithField("audience");
    JJ_RETURN_IF_ERROR(
        Prefixed(http::RejectUnknown(a, {"stages", "subjects", "posts", "backbone_levels", "region_ids"}), "audience"));
    std::optional<std::vector<std::string>> stages, subjects, posts, backbone;
    std::optional<std::vector<int64_t>> regions;
    JJ_RETURN_IF_ERROR(Prefixed(http::GetStringArray(a, "stages", false, stages), "audience"));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetStringArray(a, "subjects", false, subjects), "audience"));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetStringArray(a, "posts", false, posts), "audience"));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetStringArray(a, "backbone_levels", false, backbone), "audience"));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetIntArray(a, "region_ids", false, regions), "audience"));
    in.audience.stages = stages.value_or(std::vector<std::string>{});
    in.audience.subjects = subjects.value_or(std::vector<std::string>{});
    in.audience.posts = posts.value_or(std::vector<std::string>{});
    in.audience.backbone_levels = backbone.value_or(std::vector<std::string>{});
    in.audience.region_ids = regions.value_or(std::vector<int64_t>{});
  }
  JJ_RETURN_IF_ERROR(ForEachObject(j, "sessions", [&](const Json& s, const std::string& prefix) -> Status {
    JJ_RETURN_IF_ERROR(Prefixed(
        http::RejectUnknown(s, {"id", "seq", "course", "date", "start_time", "end_time", "hours", "topic", "trainer"}),
        prefix));
    std::optional<std::string> course, date, st, et, topic, trainer;
    std::optional<int64_t> h;
    JJ_RETURN_IF_ERROR(Prefixed(http::GetString(s, "course", false, course, 100), prefix));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetString(s, "date", true, date, 10), prefix));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetString(s, "start_time", true, st, 5), prefix));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetString(s, "end_time", true, et, 5), prefix));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetString(s, "topic", false, topic, 200), prefix));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetString(s, "trainer", false, trainer, 100), prefix));
    JJ_RETURN_IF_ERROR(Prefixed(http::GetTenths(s, "hours", true, h, 240), prefix));
    Session x;
    x.course = course.value_or("");
    x.date = *date;
    x.start_time = *st;
    x.end_time = *et;
    x.topic = topic.value_or("");
    x.trainer = trainer.value_or("");
    x.hours_tenths = *h;
    in.sessions.push_back(std::move(x));
    return Status::Ok();
  }));
  in.code = *code;
  in.name = *name;
  in.kind = kind.value_or("training");
  in.level = level.value_or("");
  in.form = form.value_or("");
  in.dimension = *dim;
  in.modules = modules.value_or(std::vector<std::string>{});
  in.topic_tags = tags.value_or(std::vector<std::string>{});
  in.theme = theme.value_or("");
  in.organiser_org_id = organiser;
  in.start_date = *sd;
  in.end_date = *ed;
  in.hours_tenths = *hours;
  in.location = loc.value_or("区域内");
  in.capacity = capacity.value_or(0);
  in.reg_start = rs.value_or("");
  in.reg_end = re.value_or("");
  in.approval = ap.value_or("none");
  in.syllabus = syl.value_or("");
  in.trainers = tr.value_or("");
  in.half_days = half_days.value_or(0);
  in.grade_scale = scale.value_or(std::vector<std::string>{});
  in.passing_grades = passing.value_or(std::vector<std::string>{});
  in.absence_num = an.value_or(1);
  in.absence_den = ad.value_or(3);
  in.tutor_ids = tutors.value_or(std::vector<int64_t>{});
  return Status::Ok();
}

// An {"action", "reason"?} body: (action, reason or "").
Result<std::pair<std::string, std::string>> ParseAction(const std::string& text) {
  JJ_ASSIGN_OR_RETURN(Json body, http::ParseObject(text));
  std::optional<std::string> action, reason;
  JJ_RETURN_IF_ERROR(http::RejectUnknown(body, {"action", "reason"}));
  JJ_RETURN_IF_ERROR(http::GetString(body, "action", true, action, 20));
  JJ_RETURN_IF_ERROR(http::GetString(body, "reason", false, reason, 500));
  return std::make_pair(*action, reason.value_or(""));
}

Json QuotasJson(const std::vector<Quota>& v) {
  Json items = Json::array();
  for (const auto& q : v)
    items.push_back({{"org_id", q.org_id}, {"org_name", q.org_name}, {"quota", q.quota}, {"used", q.used}});
  return Json{{"items", items}};
}

Json PageJson(const RegistrationPage& p) {
  Json items = Json::array();
  for (const auto& r : p.items) items.push_back(RegistrationJson(r));
  return Json{{"items", items}, {"total", p.total}};
}

}  // namespace

Json ProjectJson(const Project& p) {
  Json sessions = Json::array();
  for (const auto& s : p.sessions) sessions.push_back(SessionJson(s));
  return Json{{"id", p.id},
              {"code", p.code},
              {"name", p.name},
              {"kind", p.kind},
              {"level", p.level},
              {"form", p.form},
              {"dimension", p.dimension},
              {"modules", p.modules},
              {"topic_tags", p.topic_tags},
              {"theme", p.theme},
              {"organiser_org_id", p.organiser_org_id.value_or(0)},
              {"organiser_name", p.organiser_name},
              {"region_org_id", p.region_org_id},
              {"region_name", p.region_name},
              {"start_date", p.start_date},
              {"end_date", p.end_date},
              {"hours", std::stod(FormatTenths(p.hours_tenths))},
              {"location", p.location},
              {"capacity", p.capacity},
              {"accepted_count", p.accepted_count},
              {"waitlisted_count", p.waitlisted_count},
              {"audience",
               {{"stages", p.audience.stages},
                {"subjects", p.audience.subjects},
                {"posts", p.audience.posts},
                {"backbone_levels", p.audience.backbone_levels},
                {"region_ids", p.audience.region_ids}}},
              {"reg_start", p.reg_start},
              {"reg_end", p.reg_end},
              {"approval", p.approval},
              {"syllabus", p.syllabus},
              {"trainers", p.trainers},
              {"half_days", p.half_days},
              {"grade_scale", p.grade_scale},
              {"passing_grades", p.passing_grades},
              {"absence_num", p.absence_num},
              {"absence_den", p.absence_den},
              {"sessions", sessions},
              {"tutor_ids", p.tutor_ids},
              {"state", p.state},
              {"upgraded_at", p.upgraded_at},
              {"created_at", p.created_at},
              {"updated_at", p.updated_at},
              {"actions", p.actions}};
}

Json RegistrationJson(const Registration& r) {
  return Json{{"id", r.id},
              {"project_id", r.project_id},
              {"project_name", r.project_name},
              {"project_code", r.project_code},
              {"start_date", r.start_date},
              {"end_date", r.end_date},
              {"project_state", r.project_state},
              {"teacher_id", r.teacher_id},
              {"teacher_name", r.teacher_name},
              {"school_id", r.school_id},
              {"school_name", r.school_name},
              {"state", r.state},
              {"origin", r.origin},
              {"queue_pos", r.queue_pos},
              {"reason", r.reason},
              {"grade", r.grade},
              {"makeup_grade", r.makeup_grade},
              {"credit_record_id", r.credit_record_id ? Json(*r.credit_record_id) : Json(nullptr)},
              {"created_at", r.created_at},
              {"updated_at", r.updated_at},
              {"actions", r.actions}};
}

void AddRoutes(http::Router& router, ProjectService& service) {
  using http::Access;
  using http::Request;
  auto project_json = [](const Project& p) { return ProjectJson(p); };

  router.Add("GET", "/api/v1/projects", Access::kAuthenticated, [&service](Request& req) {
    ProjectQuery q;
    auto page = http::QueryInt(req, "page", 1, 1000000);
    auto size = http::QueryInt(req, "page_size", 50, 500);
    for (const Status* st : {&page.status(), &size.status()})
      if (!st->ok()) return http::ErrorResponse(*st, req.lang);
    q.page = *page;
    q.page_size = *size;
    q.state = req.Query("state").value_or("");
    q.kind = req.Query("kind").value_or("");
    q.q = req.Query("q").value_or("");
    q.catalogue = req.Query("catalogue").value_or("") == "1";
    return http::Render(req, service.List(*req.actor, q), 200, [](const ProjectPage& p) {
      Json items = Json::array();
      for (const auto& x : p.items) items.push_back(ProjectJson(x));
      return Json{{"items", items}, {"total", p.total}, {"actions", p.actions}};
    });
  });

  router.Add("POST", "/api/v1/projects", Access::kAuthenticated, [&service, project_json](Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    ProjectInput in;
    if (Status st = ParseInput(*body, in); !st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.Create(*req.actor, in), 201, project_json);
  });

  router.Add("GET", "/api/v1/projects/{id}", Access::kAuthenticated, [&service, project_json](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Get(*req.actor, *id), 200, project_json);
  });

  router.Add("PUT", "/api/v1/projects/{id}", Access::kAuthenticated, [&service, project_json](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    ProjectInput in;
    if (Status st = ParseInput(*body, in); !st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.Update(*req.actor, *id, in), 200, project_json);
  });

  router.Add("POST", "/api/v1/projects/{id}/transition", Access::kAuthenticated,
             [&service, project_json](Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto a = ParseAction(req.body);
               if (!a.ok()) return http::ErrorResponse(a.status(), req.lang);
               return http::Render(req, service.Transition(*req.actor, *id, a->first, a->second), 200, project_json);
             });

  router.Add("POST", "/api/v1/projects/{id}/experts", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::vector<int64_t>> experts;
    Status st = http::RejectUnknown(*body, {"expert_ids"});
    if (st.ok()) st = http::GetIntArray(*body, "expert_ids", true, experts);
    if (st.ok()) st = service.AssignExperts(*req.actor, *id, *experts);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    return http::NoContent();
  });

  router.Add("GET", "/api/v1/projects/{id}/reviews", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Reviews(*req.actor, *id), 200, [](const ReviewBoard& b) {
      Json rubric = Json::array(), reviews = Json::array();
      for (const auto& [c, max] : DefaultRubric()) rubric.push_back({{"criterion", c}, {"max", max}});
      for (const auto& v : b.reviews)
        reviews.push_back({{"expert_id", v.expert_id},
                           {"expert_name", v.expert_name},
                           {"scores", v.scores},
                           {"total", v.total},
                           {"comments", v.comments},
                           {"submitted_at", v.submitted_at}});
      return Json{{"rubric", rubric},
                  {"reviews", reviews},
                  {"submitted", b.submitted},
                  {"average", b.average ? Json(std::round(*b.average * 10) / 10) : Json(nullptr)}};
    });
  });

  router.Add("POST", "/api/v1/projects/{id}/reviews", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::string> comments;
    Status st = http::RejectUnknown(*body, {"scores", "comments"});
    if (st.ok()) st = http::GetString(*body, "comments", false, comments, 2000);
    if (st.ok()) st = service.SubmitReview(*req.actor, *id, body->value("scores", Json()), comments.value_or(""));
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    return http::NoContent();
  });

  router.Add("GET", "/api/v1/projects/{id}/quotas", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Quotas(*req.actor, *id), 200, QuotasJson);
  });

  router.Add("PUT", "/api/v1/projects/{id}/quotas", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::vector<Quota> quotas;
    Status st = http::RejectUnknown(*body, {"items"});
    if (st.ok() && !body->contains("items"))
      st = Status(Code::kInvalidArgument, "field.required", {{"field", "items"}}).WithField("items");
    if (st.ok())
      st = ForEachObject(*body, "items", [&](const Json& q, const std::string& prefix) -> Status {
        std::optional<int64_t> org, quota;
        JJ_RETURN_IF_ERROR(Prefixed(http::RejectUnknown(q, {"org_id", "org_name", "quota", "used"}), prefix));
        JJ_RETURN_IF_ERROR(Prefixed(http::GetInt(q, "org_id", true, org), prefix));
        JJ_RETURN_IF_ERROR(Prefixed(http::GetInt(q, "quota", true, quota), prefix));
        quotas.push_back({*org, "", *quota, 0});
        return Status::Ok();
      });
    if (st.ok()) st = service.SetQuotas(*req.actor, *id, quotas);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.Quotas(*req.actor, *id), 200, QuotasJson);
  });

  router.Add("POST", "/api/v1/projects/{id}/registrations", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Apply(*req.actor, *id), 201, RegistrationJson);
  });

  router.Add("GET", "/api/v1/projects/{id}/registrations", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    auto page = http::QueryInt(req, "page", 1, 1000000);
    auto size = http::QueryInt(req, "page_size", 100, 1000);
    for (const Status* st : {&id.status(), &page.status(), &size.status()})
      if (!st->ok()) return http::ErrorResponse(*st, req.lang);
    RegistrationQuery q;
    q.project_id = *id;
    q.state = req.Query("state").value_or("");
    q.page = *page;
    q.page_size = *size;
    return http::Render(req, service.Registrations(*req.actor, q), 200, PageJson);
  });

  router.Add("GET", "/api/v1/registrations/mine", Access::kAuthenticated, [&service](Request& req) {
    RegistrationQuery q;
    q.page_size = 500;
    return http::Render(req, service.Registrations(*req.actor, q), 200, PageJson);
  });

  router.Add("POST", "/api/v1/projects/{id}/nominations", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::vector<int64_t>> teachers;
    Status st = http::RejectUnknown(*body, {"teacher_ids"});
    if (st.ok()) st = http::GetIntArray(*body, "teacher_ids", true, teachers, 5000);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    auto result = service.Nominate(*req.actor, *id, *teachers);
    if (!result.ok()) return http::ErrorResponse(result.status(), req.lang);
    Json items = Json::array();
    for (size_t i = 0; i < result->size(); ++i) {
      const auto& r = (*result)[i];
      Json item{{"teacher_id", (*teachers)[i]}};
      if (r.ok())
        item["registration"] = RegistrationJson(*r);
      else
        item["error"] = http::ErrorJson(r.status(), req.lang);
      items.push_back(std::move(item));
    }
    return http::JsonResponse(200, Json{{"items", items}}.dump());
  });

  router.Add("POST", "/api/v1/registrations/{id}/decision", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto a = ParseAction(req.body);
    if (!a.ok()) return http::ErrorResponse(a.status(), req.lang);
    return http::Render(req, service.Decide(*req.actor, *id, a->first, a->second), 200, RegistrationJson);
  });

  router.Add("POST", "/api/v1/registrations/{id}/withdraw", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Withdraw(*req.actor, *id), 200, RegistrationJson);
  });

  router.Add("GET", "/api/v1/projects/{id}/candidates", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    auto limit = http::QueryInt(req, "limit", 200, 5000);
    for (const Status* st : {&id.status(), &limit.status()})
      if (!st->ok()) return http::ErrorResponse(*st, req.lang);
    return http::Render(req, service.Candidates(*req.actor, *id, *limit), 200, [](const std::vector<Candidate>& v) {
      Json items = Json::array();
      for (const auto& c : v)
        items.push_back({{"teacher_id", c.teacher_id},
                         {"name", c.name},
                         {"school", c.school},
                         {"rural", c.rural},
                         {"shortfall", std::stod(FormatTenths(c.shortfall_tenths))},
                         {"shortfall_unit", c.shortfall_unit},
                         {"registration_state", c.registration_state}});
      return Json{{"items", items}};
    });
  });
}

}  // namespace jj::projects
