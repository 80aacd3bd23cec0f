#include "modules/projects/assessment_routes.h"

#include "core/messages.h"
#include "infra/http/json_io.h"
#include "infra/io/qr.h"
#include "modules/projects/routes.h"

namespace jj::projects {

namespace {

using http::Json;
using http::Request;

double Hours(int64_t tenths) { return static_cast<double>(tenths) / 10; }

Json ResultJson(const ResultItem& r, const std::string& lang) {
  const assess::Outcome& o = r.outcome;
  Json courses = Json::array();
  for (const auto& c : o.courses)
    courses.push_back({{"course", c.course},
                       {"hours", Hours(c.hours_tenths)},
                       {"absent_hours", Hours(c.absent_tenths)},
                       {"voided", c.voided},
                       {"grade", c.grade}});
  return Json{{"registration_id", r.registration_id},
              {"teacher_id", r.teacher_id},
              {"teacher_name", r.teacher_name},
              {"school_name", r.school_name},
              {"hours", Hours(o.hours_tenths)},
              {"absent_hours", Hours(o.absent_tenths)},
              {"failed_by_absence", o.failed_by_absence},
              {"courses", courses},
              {"grade", r.grade},
              {"makeup_grade", r.makeup_grade},
              {"passed", o.passed},
              {"passed_by_makeup", o.passed_by_makeup},
              {"reason", o.reason},
              {"reason_text", FormatMessage(o.reason, lang, o.reason_params)},
              {"credit_record_id", r.credit_record_id ? Json(*r.credit_record_id) : Json(nullptr)}};
}

// A request body that must be an object with only `allowed` keys.
Result<Json> Body(const Request& req, const std::set<std::string>& allowed) {
  JJ_ASSIGN_OR_RETURN(Json body, http::ParseObject(req.body.empty() ? "{}" : req.body));
  JJ_RETURN_IF_ERROR(http::RejectUnknown(body, allowed));
  return body;
}

Status ParseMarks(const Json& body, std::vector<AttendanceMark>& out) {
  if (!body.contains("marks"))
    return Status(Code::kInvalidArgument, "field.required", {{"field", "marks"}}).WithField("marks");
  return ForEachObject(body, "marks", [&](const Json& m, const std::string& prefix) -> Status {
    std::optional<int64_t> session, registration;
    std::optional<std::string> status;
    Status st = http::RejectUnknown(m, {"session_id", "registration_id", "status"});
    if (st.ok()) st = http::GetInt(m, "session_id", true, session);
    if (st.ok()) st = http::GetInt(m, "registration_id", true, registration);
    if (st.ok()) st = http::GetString(m, "status", true, status, 20);
    JJ_RETURN_IF_ERROR(Prefixed(st, prefix));
    out.push_back({*session, *registration, *status});
    return Status::Ok();
  });
}

Status ParseGrades(const Json& body, std::vector<GradeInput>& out) {
  if (!body.contains("grades"))
    return Status(Code::kInvalidArgument, "field.required", {{"field", "grades"}}).WithField("grades");
  return ForEachObject(body, "grades", [&](const Json& g, const std::string& prefix) -> Status {
    GradeInput in;
    std::optional<int64_t> registration;
    Status st = http::RejectUnknown(g, {"registration_id", "grade", "courses"});
    if (st.ok()) st = http::GetInt(g, "registration_id", true, registration);
    if (st.ok()) st = http::GetString(g, "grade", false, in.grade, 20);
    if (st.ok() && g.contains("courses") && !g["courses"].is_null()) {
      if (!g["courses"].is_object())
        st =
            Status(Code::kInvalidArgument, "field.type", {{"field", "courses"}, {"type", "对象"}}).WithField("courses");
      for (auto it = g["courses"].begin(); st.ok() && it != g["courses"].end(); ++it) {
        std::optional<std::string> grade;
        st = http::GetString(g["courses"], it.key(), false, grade, 20);
        if (st.ok())
          in.courses[it.key()] = grade.value_or("");  // "" or null: clear
        else
          st = std::move(st).WithField("courses." + it.key());
      }
    }
    JJ_RETURN_IF_ERROR(Prefixed(st, prefix));
    in.registration_id = *registration;
    out.push_back(std::move(in));
    return Status::Ok();
  });
}

}  // namespace

std::string CheckinUrl(const std::string& base_url, const std::string& token) {
  std::string base = base_url;
  if (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/checkin?token=" + token;
}

void AddAssessmentRoutes(http::Router& router, AssessmentService& service, const http::BaseUrl& base_url) {
  using http::Access;

  router.Add("GET", "/api/v1/projects/{id}/attendance", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Attendance(*req.actor, *id), 200, [](const AttendanceSheet& s) {
      Json sessions = Json::array(), rows = Json::array();
      for (const auto& x : s.sessions) sessions.push_back(SessionJson(x));
      for (const auto& r : s.rows) {
        Json marks = Json::object();
        for (const auto& [session, status] : r.marks) marks[std::to_string(session)] = status;
        rows.push_back({{"registration_id", r.registration_id},
                        {"teacher_id", r.teacher_id},
                        {"teacher_name", r.teacher_name},
                        {"school_name", r.school_name},
                        {"marks", marks}});
      }
      return Json{{"sessions", sessions}, {"rows", rows}};
    });
  });

  router.Add("PUT", "/api/v1/projects/{id}/attendance", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = Body(req, {"marks"});
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::vector<AttendanceMark> marks;
    Status st = ParseMarks(*body, marks);
    if (st.ok()) st = service.MarkAttendance(*req.actor, *id, marks);
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("GET", "/api/v1/projects/{id}/sessions/{session_id}/qr", Access::kAuthenticated,
             [&service, &base_url](Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto session = http::PathId(req, "session_id");
               if (!session.ok()) return http::ErrorResponse(session.status(), req.lang);
               auto token = service.CheckinToken(*req.actor, *id, *session);
               if (!token.ok()) return http::ErrorResponse(token.status(), req.lang);
               const std::string base = base_url.Get();
               if (base.empty())
                 return http::ErrorResponse(Status(Code::kFailedPrecondition, "project.no_base_url"), req.lang);
               http::Response r;
               r.content_type = "image/svg+xml";
               r.body = io::QrSvg(CheckinUrl(base, *token));
               return r;
             });

  router.Add("POST", "/api/v1/checkin", Access::kAuthenticated, [&service](Request& req) {
    auto body = Body(req, {"token"});
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::string> token;
    if (Status st = http::GetString(*body, "token", true, token, 100); !st.ok())
      return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.CheckIn(*req.actor, *token), 200, [](const CheckinResult& c) {
      return Json{{"project_id", c.project_id}, {"session_id", c.session_id}, {"status", c.status}};
    });
  });

  router.Add("PUT", "/api/v1/projects/{id}/grades", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = Body(req, {"grades"});
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::vector<GradeInput> grades;
    Status st = ParseGrades(*body, grades);
    if (st.ok()) st = service.SetGrades(*req.actor, *id, grades);
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("GET", "/api/v1/projects/{id}/results", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, service.Results(*req.actor, *id), 200, [&req](const std::vector<ResultItem>& v) {
      Json items = Json::array();
      for (const auto& r : v) items.push_back(ResultJson(r, req.lang));
      return Json{{"items", items}};
    });
  });

  router.Add("POST", "/api/v1/registrations/{id}/makeup", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = Body(req, {"grade"});
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::string> grade;
    if (Status st = http::GetString(*body, "grade", true, grade, 20); !st.ok())
      return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.MakeUp(*req.actor, *id, *grade), 200,
                        [&req](const ResultItem& r) { return ResultJson(r, req.lang); });
  });

  router.Add("POST", "/api/v1/projects/{id}/close", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = Body(req, {});
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    return http::Render(req, service.Close(*req.actor, *id), 200, [](const CloseResult& c) {
      return Json{{"created", c.created}, {"project", ProjectJson(c.project)}};
    });
  });

  router.Add("POST", "/api/v1/projects/{id}/upgrade", Access::kAuthenticated, [&service](Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = Body(req, {});
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    return http::Render(req, service.Upgrade(*req.actor, *id), 200, [](const UpgradeResult& u) {
      return Json{{"recredited", u.recredited}, {"project", ProjectJson(u.project)}};
    });
  });
}

}  // namespace jj::projects
