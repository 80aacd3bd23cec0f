#include "modules/surveys/routes.h"

#include <set>

#include "infra/http/json_io.h"

namespace jj::surveys {

namespace {

using http::Json;

Json ProjectJson(const ProjectRef& p) {
  return Json{{"id", p.id},
              {"code", p.code},
              {"name", p.name},
              {"state", p.state},
              {"start_date", p.start_date},
              {"end_date", p.end_date}};
}

Json QuestionJson(const Question& q) {
  Json j{{"id", q.id}, {"type", q.type}, {"title", q.title}, {"required", q.required}};
  if (q.type == "rating") {
    j["min"] = kRatingMin;
    j["max"] = kRatingMax;
  } else {
    j["max_length"] = kMaxTextChars;
  }
  return j;
}

Json DefinitionJson(const Definition& d) {
  Json qs = Json::array();
  for (const auto& q : d.questions) qs.push_back(QuestionJson(q));
  return Json{{"project", ProjectJson(d.project)},
              {"kind", d.kind},
              {"title", KindTitle(d.kind)},
              {"questions", qs},
              {"customised", d.customised},
              {"locked", d.locked},
              {"open", d.open},
              {"editable", d.editable},
              {"answered", d.answered}};
}

Json ResultsJson(const Results& r) {
  Json qs = Json::array();
  for (const auto& q : r.questions) {
    Json j = QuestionJson(q.question);
    j["answered"] = q.answered;
    if (q.question.type == "rating") {
      j["average"] = q.average ? Json(*q.average) : Json(nullptr);
      Json dist = Json::object();
      for (int v = kRatingMin; v <= kRatingMax; ++v) dist[std::to_string(v)] = q.distribution[v - kRatingMin];
      j["distribution"] = dist;
    } else {
      j["texts"] = q.texts;
    }
    qs.push_back(j);
  }
  return Json{{"project", ProjectJson(r.project)},
              {"kind", r.kind},
              {"title", KindTitle(r.kind)},
              {"participants", r.participants},
              {"responses", r.responses},
              {"response_rate", r.response_rate ? Json(*r.response_rate) : Json(nullptr)},
              {"questions", qs}};
}

// A field error inside questions[i]: the field names the element.
Status InQuestion(size_t i, Status st) {
  if (st.ok()) return st;
  std::string field = "questions[" + std::to_string(i) + "]" + (st.field().empty() ? "" : "." + st.field());
  auto params = st.params();
  params["field"] = field;
  return Status(st.code(), st.key(), params).WithField(field);
}

Status ParseQuestions(const Json& body, std::vector<Question>& out) {
  JJ_RETURN_IF_ERROR(http::RejectUnknown(body, {"questions"}));
  auto it = body.find("questions");
  if (it == body.end() || !it->is_array())
    return Status(Code::kInvalidArgument, "field.type", {{"field", "questions"}, {"type", "数组"}})
        .WithField("questions");
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& q = (*it)[i];
    if (!q.is_object()) return InQuestion(i, Status(Code::kInvalidArgument, "field.type", {{"type", "对象"}}));
    std::optional<std::string> id, type, title;
    std::optional<bool> required;
    JJ_RETURN_IF_ERROR(
        InQuestion(i, http::RejectUnknown(q, {"id", "type", "title", "required", "min", "max", "max_length"})));
    JJ_RETURN_IF_ERROR(InQuestion(i, http::GetString(q, "id", false, id, 20)));
    JJ_RETURN_IF_ERROR(InQuestion(i, http::GetString(q, "type", true, type, 10)));
    JJ_RETURN_IF_ERROR(InQuestion(i, http::GetString(q, "title", true, title, kMaxTitleChars)));
    JJ_RETURN_IF_ERROR(InQuestion(i, http::GetBool(q, "required", false, required)));
    // A new question may come without an id: the first free "qN".
    out.push_back({id.value_or(""), *type, *title, required.value_or(*type == "rating")});
  }
  std::set<std::string> taken;
  for (const auto& q : out) taken.insert(q.id);
  int n = 1;
  for (auto& q : out) {
    if (!q.id.empty()) continue;
    while (taken.count("q" + std::to_string(n))) ++n;
    q.id = "q" + std::to_string(n);
    taken.insert(q.id);
  }
  return Status::Ok();
}

}  // namespace

void AddRoutes(http::Router& router, SurveyService& service) {
  const std::string base = "/api/v1/projects/{id}/surveys/{kind}";

  router.Add("GET", base, http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Get(*req.actor, *id, req.params["kind"]), 200, DefinitionJson);
  });

  router.Add("PUT", base, http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::vector<Question> questions;
    if (Status st = ParseQuestions(*body, questions); !st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.Save(*req.actor, *id, req.params["kind"], questions), 200, DefinitionJson);
  });

  // Body {answers: {question id: 1–5 | "text"}}.
  router.Add("POST", base + "/answers", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    Status st = http::RejectUnknown(*body, {"answers"});
    if (st.ok() && !body->contains("answers"))
      st = Status(Code::kInvalidArgument, "field.required", {{"field", "answers"}}).WithField("answers");
    if (st.ok()) st = service.Answer(*req.actor, *id, req.params["kind"], (*body)["answers"]);
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("GET", base + "/results", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.GetResults(*req.actor, *id, req.params["kind"]), 200, ResultsJson);
  });

  router.Add("GET", base + "/results.xlsx", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    const std::string kind = req.params["kind"];
    auto bytes = service.ResultsXlsx(*req.actor, *id, kind);
    if (!bytes.ok()) return http::ErrorResponse(bytes.status(), req.lang);
    return http::FileResponse(KindTitle(kind) + "-项目" + std::to_string(*id) + ".xlsx",
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", std::move(*bytes));
  });

  router.Add("GET", "/api/v1/surveys/mine", http::Access::kAuthenticated, [&service](http::Request& req) {
    return http::Render(req, service.Mine(*req.actor), 200, [](const std::vector<OpenSurvey>& v) {
      Json items = Json::array();
      for (const auto& s : v)
        items.push_back({{"project", ProjectJson(s.project)},
                         {"kind", s.kind},
                         {"title", KindTitle(s.kind)},
                         {"answered", s.answered}});
      return Json{{"items", items}};
    });
  });
}

}  // namespace jj::surveys
