#include "modules/backbone/routes.h"

#include "infra/http/json_io.h"

namespace jj::backbone {

namespace {

using http::Json;

Json QuotaJson(const Quota& q) {
  return Json{{"org_id", q.org_id}, {"org_name", q.org_name}, {"quota", q.quota}, {"used", q.used}};
}

Json RoundJson(const Round& r) {
  Json quotas = Json::array();
  for (const auto& q : r.quotas) quotas.push_back(QuotaJson(q));
  return Json{{"id", r.id},
              {"owner_org_id", r.owner_org_id},
              {"owner_name", r.owner_name},
              {"level", r.level},
              {"year", r.year},
              {"title", r.title},
              {"state", r.state},
              {"apply_start", r.apply_start},
              {"apply_end", r.apply_end},
              {"review_start", r.review_start},
              {"review_end", r.review_end},
              {"min_teaching_years", r.min_teaching_years},
              {"max_age", r.max_age},
              {"publicity_start", r.publicity_start},
              {"publicity_end", r.publicity_end},
              {"created_at", r.created_at},
              {"quotas", quotas},
              {"experts",
               [&] {
                 Json e = Json::array();
                 for (const auto& x : r.experts) e.push_back({{"id", x.id}, {"name", x.name}});
                 return e;
               }()},
              {"actions", r.actions}};
}

Json AssessmentJson(const Assessment& a) {
  return Json{{"id", a.id},
              {"teacher_id", a.teacher_id},
              {"teacher_name", a.teacher_name},
              {"year", a.year},
              {"school_id", a.school_id},
              {"school_name", a.school_name},
              {"backbone_level", a.backbone_level},
              {"final_level", a.final_level},
              {"deadline", a.deadline},
              {"self_assessment", a.self_assessment},
              {"state", a.state},
              {"reason", a.reason},
              {"school_decision", a.school_decision},
              {"county_decision", a.county_decision},
              {"city_decision", a.city_decision},
              {"submitted_at", a.submitted_at},
              {"decided_at", a.decided_at},
              {"actions", a.actions}};
}

Json RecordJson(const BackboneRecord& r) {
  Json items = Json::array();
  for (const auto& a : r.assessments) items.push_back(AssessmentJson(a));
  return Json{{"teacher_id", r.teacher_id},
              {"teacher_name", r.teacher_name},
              {"backbone_level", r.backbone_level},
              {"consecutive_passes", r.consecutive_passes},
              {"eligible_expert_review", r.eligible_expert_review},
              {"direct_candidate", r.direct_candidate},
              {"assessments", items}};
}

Json ApplicationJson(const Application& a) {
  Json credits = Json::array();
  for (const auto& c : a.known.credits)
    credits.push_back({{"year", c.year}, {"total_credits", c.total_credits}, {"status", c.status}});
  return Json{{"id", a.id},
              {"round_id", a.round_id},
              {"teacher_id", a.teacher_id},
              {"teacher_name", a.teacher_name},
              {"school_id", a.school_id},
              {"school_name", a.school_name},
              {"stage", a.stage},
              {"subject", a.subject},
              {"teaching_record", a.teaching_record},
              {"research", a.research},
              {"papers", a.papers},
              {"awards", a.awards},
              {"known",
               {{"title", a.known.title},
                {"backbone_level", a.known.backbone_level},
                {"hire_date", a.known.hire_date},
                {"credits", credits}}},
              {"state", a.state},
              {"reason", a.reason},
              {"recommended_at", a.recommended_at},
              {"decided_at", a.decided_at},
              {"objections",
               [&] {
                 Json o = Json::array();
                 for (const auto& x : a.objections) o.push_back({{"text", x.text}, {"recorded_at", x.recorded_at}});
                 return o;
               }()},
              {"actions", a.actions}};
}

Json SheetJson(const ScoreSheet& s) {
  Json items = Json::array();
  for (const auto& x : s.items)
    items.push_back({{"expert_id", x.expert_id},
                     {"expert_name", x.expert_name},
                     {"total", x.total},
                     {"comment", x.comment},
                     {"scored_at", x.scored_at}});
  return Json{{"items", items},
              {"count", s.count},
              {"average", s.average ? Json(*s.average) : Json(nullptr)},
              {"spread", s.spread ? Json(*s.spread) : Json(nullptr)}};
}

Status ParseRound(const Json& j, RoundInput& in) {
  JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"owner_org_id", "level", "year", "title", "apply_start", "apply_end",
                                             "review_start", "review_end", "min_teaching_years", "max_age"}));
  std::optional<int64_t> owner, year, min_years, max_age;
  std::optional<std::string> level, title, as, ae, rs, re;
  JJ_RETURN_IF_ERROR(http::GetInt(j, "owner_org_id", false, owner));
  JJ_RETURN_IF_ERROR(http::GetString(j, "level", true, level, 10));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "year", true, year));
  JJ_RETURN_IF_ERROR(http::GetString(j, "title", true, title, kMaxTitleChars));
  JJ_RETURN_IF_ERROR(http::GetString(j, "apply_start", true, as, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "apply_end", true, ae, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "review_start", true, rs, 10));
  JJ_RETURN_IF_ERROR(http::GetString(j, "review_end", true, re, 10));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "min_teaching_years", false, min_years));
  JJ_RETURN_IF_ERROR(http::GetInt(j, "max_age", false, max_age));
  in.owner_org_id = owner;
  in.level = *level;
  in.year = *year;
  in.title = *title;
  in.apply_start = *as;
  in.apply_end = *ae;
  in.review_start = *rs;
  in.review_end = *re;
  in.min_teaching_years = min_years.value_or(0);
  in.max_age = max_age.value_or(0);
  return Status::Ok();
}

Status ParseQuotas(const Json& j, std::vector<Quota>& out) {
  JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"items"}));
  auto it = j.find("items");
  if (it == j.end() || it->is_null())
    return Status(Code::kInvalidArgument, "field.required", {{"field", "items"}}).WithField("items");
  if (!it->is_array())
    return Status(Code::kInvalidArgument, "field.type", {{"field", "items"}, {"type", "数组"}}).WithField("items");
  if (it->size() > kMaxQuotas)
    return Status(Code::kInvalidArgument, "field.too_many", {{"field", "items"}, {"max", std::to_string(kMaxQuotas)}})
        .WithField("items");
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string at = "items[" + std::to_string(i) + "]";
    const Json& e = (*it)[i];
    if (!e.is_object())
      return Status(Code::kInvalidArgument, "field.type", {{"field", at}, {"type", "对象"}}).WithField(at);
    auto prefixed = [&](Status st) {
      if (st.ok() || st.field().empty()) return st;
      std::string f = at + "." + st.field();
      return std::move(st).WithField(f);
    };
    std::optional<int64_t> org, quota;
    JJ_RETURN_IF_ERROR(prefixed(http::RejectUnknown(e, {"org_id", "quota"})));
    JJ_RETURN_IF_ERROR(prefixed(http::GetInt(e, "org_id", true, org)));
    JJ_RETURN_IF_ERROR(prefixed(http::GetInt(e, "quota", true, quota)));
    out.push_back(Quota{.org_id = *org, .quota = *quota});
  }
  return Status::Ok();
}

Status ParseApplication(const Json& j, ApplicationInput& in) {
  JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"teacher_id", "teaching_record", "research", "papers", "awards"}));
  std::optional<int64_t> teacher;
  std::optional<std::string> tr, re, pa, aw;
  JJ_RETURN_IF_ERROR(http::GetInt(j, "teacher_id", true, teacher));
  JJ_RETURN_IF_ERROR(http::GetString(j, "teaching_record", true, tr, kMaxTextChars));
  JJ_RETURN_IF_ERROR(http::GetString(j, "research", false, re, kMaxTextChars));
  JJ_RETURN_IF_ERROR(http::GetString(j, "papers", false, pa, kMaxTextChars));
  JJ_RETURN_IF_ERROR(http::GetString(j, "awards", false, aw, kMaxTextChars));
  in.teacher_id = *teacher;
  in.teaching_record = *tr;
  in.research = re.value_or("");
  in.papers = pa.value_or("");
  in.awards = aw.value_or("");
  return Status::Ok();
}

// Parses the body with `parse`, answering a 400 on the first problem.
template <typename T, typename P>
Result<T> Body(const http::Request& req, P&& parse) {
  auto body = http::ParseObject(req.body);
  if (!body.ok()) return body.status();
  T out{};
  JJ_RETURN_IF_ERROR(parse(*body, out));
  return out;
}

// {action, reason?}: a decision on an application or an assessment; the
// service checks the action against its own list.
struct Decision {
  std::string action, reason;
};
Result<Decision> DecisionBody(const http::Request& req) {
  return Body<Decision>(req, [](const Json& j, Decision& out) -> Status {
    JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"action", "reason"}));
    std::optional<std::string> action, reason;
    JJ_RETURN_IF_ERROR(http::GetString(j, "action", true, action, 20));
    JJ_RETURN_IF_ERROR(http::GetString(j, "reason", false, reason, 1000));
    out.action = *action;
    out.reason = reason.value_or("");
    return Status::Ok();
  });
}

}  // namespace

void AddRoutes(http::Router& router, BackboneService& service) {
  router.Add("GET", "/api/v1/backbone/rounds", http::Access::kAuthenticated, [&service](http::Request& req) {
    return http::Render(req, service.ListRounds(*req.actor), 200, [](const RoundList& rounds) {
      Json items = Json::array();
      for (const auto& r : rounds.items) items.push_back(RoundJson(r));
      return Json{{"items", items}, {"actions", rounds.actions}};
    });
  });

  router.Add("POST", "/api/v1/backbone/rounds", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto in = Body<RoundInput>(req, ParseRound);
    if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
    return http::Render(req, service.CreateRound(*req.actor, *in), 201, RoundJson);
  });

  router.Add("GET", "/api/v1/backbone/rounds/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.GetRound(*req.actor, *id), 200, RoundJson);
  });

  router.Add("PUT", "/api/v1/backbone/rounds/{id}/quotas", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto in = Body<std::vector<Quota>>(req, ParseQuotas);
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.SetQuotas(*req.actor, *id, *in), 200, RoundJson);
             });

  router.Add("POST", "/api/v1/backbone/rounds/{id}/close", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto body = Body<int>(req, [](const Json& j, int&) { return http::RejectUnknown(j, {}); });
               if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
               return http::Render(req, service.Close(*req.actor, *id), 200, RoundJson);
             });

  router.Add("GET", "/api/v1/backbone/rounds/{id}/applications", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               return http::Render(req, service.ListApplications(*req.actor, *id), 200,
                                   [](const ApplicationList& l) {
                                     Json items = Json::array();
                                     for (const auto& a : l.items) items.push_back(ApplicationJson(a));
                                     return Json{{"items", items}, {"total", l.total}};
                                   });
             });

  router.Add("POST", "/api/v1/backbone/rounds/{id}/applications", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto in = Body<ApplicationInput>(req, ParseApplication);
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.Recommend(*req.actor, *id, *in), 201, ApplicationJson);
             });

  router.Add("GET", "/api/v1/backbone/applications/{id}", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               return http::Render(req, service.GetApplication(*req.actor, *id), 200, ApplicationJson);
             });

  router.Add("PUT", "/api/v1/backbone/rounds/{id}/experts", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto in = Body<std::vector<int64_t>>(req, [](const Json& j, std::vector<int64_t>& out) -> Status {
                 JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"expert_ids"}));
                 std::optional<std::vector<int64_t>> ids;
                 JJ_RETURN_IF_ERROR(http::GetIntArray(j, "expert_ids", true, ids, 50));
                 out = *ids;
                 return Status::Ok();
               });
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.SetExperts(*req.actor, *id, *in), 200, RoundJson);
             });

  router.Add("GET", "/api/v1/backbone/applications/{id}/scores", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               return http::Render(req, service.Scores(*req.actor, *id), 200, SheetJson);
             });

  // Body {total: 0–100, comment?}: the acting expert's score.
  router.Add("POST", "/api/v1/backbone/applications/{id}/scores", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               struct In {
                 int64_t total = 0;
                 std::string comment;
               };
               auto in = Body<In>(req, [](const Json& j, In& out) -> Status {
                 JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"total", "comment"}));
                 std::optional<int64_t> total;
                 std::optional<std::string> comment;
                 JJ_RETURN_IF_ERROR(http::GetInt(j, "total", true, total));
                 JJ_RETURN_IF_ERROR(http::GetString(j, "comment", false, comment, 2000));
                 out.total = *total;
                 out.comment = comment.value_or("");
                 return Status::Ok();
               });
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.SubmitScore(*req.actor, *id, in->total, in->comment), 200, SheetJson);
             });

  // Body {action: select | reject, reason?}: the owner's decision.
  router.Add("POST", "/api/v1/backbone/applications/{id}/decision", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto in = DecisionBody(req);
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.Decide(*req.actor, *id, in->action, in->reason), 200,
                                   ApplicationJson);
             });

  // Body {start, end}: the publicity period (公示).
  router.Add("POST", "/api/v1/backbone/rounds/{id}/publicity", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               using Dates = std::pair<std::string, std::string>;
               auto in = Body<Dates>(req, [](const Json& j, Dates& out) -> Status {
                 JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"start", "end"}));
                 std::optional<std::string> start, end;
                 JJ_RETURN_IF_ERROR(http::GetString(j, "start", true, start, 10));
                 JJ_RETURN_IF_ERROR(http::GetString(j, "end", true, end, 10));
                 out = {*start, *end};
                 return Status::Ok();
               });
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.Publicize(*req.actor, *id, in->first, in->second), 200, RoundJson);
             });

  router.Add("POST", "/api/v1/backbone/rounds/{id}/confirm", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto body = Body<int>(req, [](const Json& j, int&) { return http::RejectUnknown(j, {}); });
               if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
               return http::Render(req, service.Confirm(*req.actor, *id), 200, RoundJson);
             });

  // Body {text}: an objection received during the publicity.
  router.Add("POST", "/api/v1/backbone/applications/{id}/objections", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto in = Body<std::string>(req, [](const Json& j, std::string& out) -> Status {
                 JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"text"}));
                 std::optional<std::string> text;
                 JJ_RETURN_IF_ERROR(http::GetString(j, "text", true, text, 2000));
                 out = *text;
                 return Status::Ok();
               });
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.RecordObjection(*req.actor, *id, *in), 201, ApplicationJson);
             });

  // Body {action: forward | return, reason?}.
  router.Add("POST", "/api/v1/backbone/applications/{id}/review", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto in = DecisionBody(req);
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.Review(*req.actor, *id, in->action, in->reason), 200,
                                   ApplicationJson);
             });

  // ---- annual assessment (年度考核) ----
  router.Add("GET", "/api/v1/backbone/assessments", http::Access::kAuthenticated, [&service](http::Request& req) {
    std::optional<int64_t> year;
    if (auto y = req.Query("year"); y && !y->empty()) {
      auto v = http::QueryInt(req, "year", 0, 2100);
      if (!v.ok()) return http::ErrorResponse(v.status(), req.lang);
      year = *v;
    }
    return http::Render(req, service.ListAssessments(*req.actor, year), 200, [](const AssessmentList& l) {
      Json items = Json::array();
      for (const auto& a : l.items) items.push_back(AssessmentJson(a));
      return Json{{"items", items}, {"actions", l.actions}};
    });
  });

  // Body {teacher_id, year, self_assessment}: a new or returned form.
  router.Add("POST", "/api/v1/backbone/assessments", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto in = Body<AssessmentInput>(req, [](const Json& j, AssessmentInput& out) -> Status {
      JJ_RETURN_IF_ERROR(http::RejectUnknown(j, {"teacher_id", "year", "self_assessment"}));
      std::optional<int64_t> teacher, year;
      std::optional<std::string> text;
      JJ_RETURN_IF_ERROR(http::GetInt(j, "teacher_id", true, teacher));
      JJ_RETURN_IF_ERROR(http::GetInt(j, "year", true, year));
      JJ_RETURN_IF_ERROR(http::GetString(j, "self_assessment", true, text, kMaxTextChars));
      out.teacher_id = *teacher;
      out.year = *year;
      out.self_assessment = *text;
      return Status::Ok();
    });
    if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
    return http::Render(req, service.SubmitAssessment(*req.actor, *in), 200, AssessmentJson);
  });

  router.Add("GET", "/api/v1/backbone/assessments/{id}", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               return http::Render(req, service.GetAssessment(*req.actor, *id), 200, AssessmentJson);
             });

  // Body {action: pass | fail | return | reopen, reason?}.
  router.Add("POST", "/api/v1/backbone/assessments/{id}/review", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto in = DecisionBody(req);
               if (!in.ok()) return http::ErrorResponse(in.status(), req.lang);
               return http::Render(req, service.ReviewAssessment(*req.actor, *id, in->action, in->reason), 200,
                                   AssessmentJson);
             });

  // A teacher's backbone record: level, assessments, consecutive passes.
  router.Add("GET", "/api/v1/backbone/teachers/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Record(*req.actor, *id), 200, RecordJson);
  });
}

}  // namespace jj::backbone
