#include "modules/certificates/routes.h"

#include <algorithm>
#include <fstream>

#include "core/clock.h"
#include "core/date.h"
#include "infra/http/json_io.h"
#include "infra/jobs/routes.h"
#include "modules/certificates/pdf.h"

namespace jj::certificates {

namespace {

using http::Json;

std::string IssuedOn(int64_t issued_at) {
  return ChinaDateOf(issued_at).ToString();
}

Json CertJson(const Certificate& c, const std::string& base_url) {
  return Json{{"id", c.id},
              {"number", c.number},
              {"code", c.code},
              {"verify_url", base_url.empty() ? Json(nullptr) : Json(VerifyUrl(base_url, c.code))},
              {"hash", c.content_hash},
              {"teacher_id", c.teacher_id},
              {"first_year", c.first_year},
              {"last_year", c.last_year},
              {"issued_at", c.issued_at},
              {"issued_on", IssuedOn(c.issued_at)},
              {"revoked", c.revoked},
              {"superseded", c.superseded_by.has_value()},
              {"content", c.content}};
}

std::string TeacherField(const Certificate& c, const char* key) {
  if (!c.content.contains("teacher") || !c.content["teacher"].is_object()) return {};
  return c.content["teacher"].value(key, "");
}

Json VerifyJson(const Verification& v) {
  const Certificate& c = v.certificate;
  return Json{{"status", v.status},
              {"number", c.number},
              {"teacher_name", MaskName(TeacherField(c, "name"))},
              {"school", TeacherField(c, "school")},
              {"first_year", c.first_year},
              {"last_year", c.last_year},
              {"issued_at", c.issued_at},
              {"issued_on", IssuedOn(c.issued_at)}};
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char ch : s) switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  return out;
}

Status ParseCycle(const Json& body, std::optional<int64_t>& first, std::optional<int64_t>& last) {
  JJ_RETURN_IF_ERROR(http::GetInt(body, "first_year", true, first));
  JJ_RETURN_IF_ERROR(http::GetInt(body, "last_year", true, last));
  return CheckCycle(static_cast<int>(std::clamp<int64_t>(*first, 0, 9999)),
                    static_cast<int>(std::clamp<int64_t>(*last, 0, 9999)));
}

Status NoBaseUrl() { return Status(Code::kFailedPrecondition, "certificates.no_base_url"); }

}  // namespace

std::string VerifyPage(const Verification* v) {
  std::string headline = "无效", color = "#c62828", detail = "未找到该证书，证书可能是伪造的或验证码有误。";
  if (v) {
    if (v->status == "valid") {
      headline = "证书有效";
      color = "#1b7f3a";
      detail = "本证书真实有效，内容与系统中的最新记录一致。";
    } else if (v->status == "outdated") {
      headline = "证书内容已变更";
      color = "#d9730d";
      detail = "本证书由本系统签发，但签发后学时记录或审核结果已有变更，请以重新签发的证书为准。";
    } else if (v->status == "superseded") {
      detail = "本证书已被重新签发的新证书取代，不再有效。";
    } else if (v->status == "revoked") {
      detail = "本证书已被撤销，不再有效。";
    }
  }
  std::string rows;
  if (v) {
    const Certificate& c = v->certificate;
    const std::vector<std::pair<std::string, std::string>> fields = {
        {"证书编号", c.number},
        {"姓名", MaskName(TeacherField(c, "name"))},
        {"工作单位", TeacherField(c, "school")},
        {"培训周期", std::to_string(c.first_year) + "—" + std::to_string(c.last_year) + " 年"},
        {"发证日期", IssuedOn(c.issued_at)}};
    for (const auto& [k, val] : fields) rows += "<tr><th>" + Escape(k) + "</th><td>" + Escape(val) + "</td></tr>";
  }
  return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>继续教育证书验证</title><style>"
         "body{font-family:\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:0;"
         "background:#f5f5f5;color:#222}"
         "main{max-width:560px;margin:40px auto;background:#fff;padding:32px;border-radius:8px;"
         "box-shadow:0 1px 4px rgba(0,0,0,.12)}"
         "h1{font-size:18px;font-weight:normal;color:#555;margin:0 0 16px}"
         ".result{font-size:40px;font-weight:bold;margin:8px 0 12px;color:" +
         color +
         "}"
         "p{line-height:1.6}table{border-collapse:collapse;width:100%;margin-top:16px}"
         "th,td{text-align:left;padding:8px;border-bottom:1px solid #eee}th{color:#666;width:30%;font-weight:normal}"
         "</style></head><body><main><h1>中小学教师继续教育证书 · 真伪验证</h1>"
         "<div class=\"result\">" +
         Escape(headline) + "</div><p>" + Escape(detail) + "</p>" +
         (rows.empty() ? "" : "<table>" + rows + "</table>") + "</main></body></html>";
}

void AddRoutes(http::Router& router, CertificateService& service, jobs::JobQueue& queue,
               const http::BaseUrl& base_url) {
  router.Add("POST", "/api/v1/certificates", http::Access::kAuthenticated, [&service, &base_url](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<int64_t> teacher, first, last;
    Status st = http::RejectUnknown(*body, {"teacher_id", "first_year", "last_year"});
    if (st.ok()) st = http::GetInt(*body, "teacher_id", false, teacher);
    if (st.ok()) st = ParseCycle(*body, first, last);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    // A certificate whose QR code points nowhere cannot be verified: refuse
    // before anything is issued.
    const std::string base = base_url.Get();
    if (base.empty()) return http::ErrorResponse(NoBaseUrl(), req.lang);
    int64_t teacher_id = teacher.value_or(req.actor->teacher_id.value_or(0));
    return http::Render(req, service.Issue(*req.actor, teacher_id, static_cast<int>(*first), static_cast<int>(*last)),
                        201, [&base](const Certificate& c) { return CertJson(c, base); });
  });

  router.Add("GET", "/api/v1/certificates/{id}", http::Access::kAuthenticated,
             [&service, &base_url](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               const std::string base = base_url.Get();
               return http::Render(req, service.Get(*req.actor, *id), 200,
                                   [&base](const Certificate& c) { return CertJson(c, base); });
             });

  router.Add("GET", "/api/v1/certificates/{id}/pdf", http::Access::kAuthenticated,
             [&service, &base_url](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               auto c = service.Get(*req.actor, *id);
               if (!c.ok()) return http::ErrorResponse(c.status(), req.lang);
               const std::string base = base_url.Get();
               if (base.empty()) return http::ErrorResponse(NoBaseUrl(), req.lang);
               auto pdf = RenderPdf(*c, base);
               if (!pdf.ok()) return http::ErrorResponse(pdf.status(), req.lang);
               return http::FileResponse("继续教育证书-" + c->number + ".pdf", "application/pdf", std::move(*pdf));
             });

  router.Add("POST", "/api/v1/certificates/{id}/revoke", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::string> reason;
    Status st = http::RejectUnknown(*body, {"reason"});
    if (st.ok()) st = http::GetString(*body, "reason", true, reason, 200);
    if (st.ok()) st = service.Revoke(*req.actor, *id, *reason);
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("GET", "/api/v1/verify/{code}", http::Access::kPublic, [&service](http::Request& req) {
    return http::Render(req, service.Verify(req.params["code"]), 200,
                        [](const Verification& v) { return VerifyJson(v); });
  });

  router.Add("GET", "/verify/{code}", http::Access::kPublic, [&service](http::Request& req) {
    auto v = service.Verify(req.params["code"]);
    if (!v.ok() && v.status().code() != Code::kNotFound) return http::ErrorResponse(v.status(), req.lang);
    http::Response out;
    out.status = v.ok() ? 200 : 404;
    out.content_type = "text/html; charset=utf-8";
    out.body = VerifyPage(v.ok() ? &*v : nullptr);
    out.headers.emplace_back("Cache-Control", "no-store");
    return out;
  });

  router.Add("POST", "/api/v1/certificates/batch", http::Access::kAuthenticated,
             [&service, &queue, &base_url](http::Request& req) {
               auto body = http::ParseObject(req.body);
               if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
               std::optional<int64_t> org, first, last;
               Status st = http::RejectUnknown(*body, {"org_id", "first_year", "last_year"});
               if (st.ok()) st = http::GetInt(*body, "org_id", true, org);
               if (st.ok()) st = ParseCycle(*body, first, last);
               if (st.ok())
                 st = service.CheckBatch(*req.actor, *org, static_cast<int>(*first), static_cast<int>(*last));
               if (st.ok() && base_url.Get().empty()) st = NoBaseUrl();
               if (!st.ok()) return http::ErrorResponse(st, req.lang);
               Json params = {{"org_id", *org}, {"first_year", *first}, {"last_year", *last}};
               auto id = queue.Enqueue(kBatchJob, req.actor->account_id, params.dump());
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               return http::Render(req, queue.Get(*id), 202, [](const jobs::JobInfo& j) { return jobs::JobJson(j); });
             });
}

jobs::JobHandler MakeBatchJob(CertificateService& service, const http::BaseUrl& base_url,
                              std::function<Result<auth::Actor>(int64_t account_id)> actor_of) {
  return [&service, &base_url, actor_of](jobs::JobContext& ctx) -> Status {
    Json p = Json::parse(ctx.params_json(), nullptr, false);
    if (!p.is_object() || !ctx.account_id()) return Internal("certificate.batch: bad params");
    JJ_ASSIGN_OR_RETURN(auth::Actor actor, actor_of(*ctx.account_id()));
    const int64_t org_id = p.value("org_id", int64_t{0});
    const int first = p.value("first_year", 0), last = p.value("last_year", 0);
    JJ_RETURN_IF_ERROR(service.CheckBatch(actor, org_id, first, last));
    JJ_ASSIGN_OR_RETURN(auto teachers, service.ActiveTeachers(actor, org_id));
    if (teachers.empty()) return Status(Code::kFailedPrecondition, "certificates.no_teachers");
    const std::string base = base_url.Get();
    if (base.empty()) return NoBaseUrl();
    const int64_t total = static_cast<int64_t>(teachers.size());
    ctx.Progress(0, total, "job.certificates");
    const std::string name = "继续教育证书-" + std::to_string(first) + "-" + std::to_string(last) + ".pdf";
    std::ofstream out(ctx.FilePath(name), std::ios::binary);
    if (!out) return Internal("certificate.batch: cannot write the result file");
    PdfWriter pdf(
        [&out](const unsigned char* data, size_t size) {
          out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
          return static_cast<bool>(out);
        },
        base);
    std::string first_number, last_number;
    for (int64_t i = 0; i < total; ++i) {
      if (ctx.CancelRequested()) return jobs::Cancelled();
      JJ_ASSIGN_OR_RETURN(Certificate c, service.Issue(actor, teachers[i], first, last));
      pdf.Add(c);
      if (first_number.empty()) first_number = c.number;
      last_number = c.number;
      ctx.Progress(i + 1, total, "job.certificates");
    }
    JJ_RETURN_IF_ERROR(pdf.Finish());
    out.close();
    if (!out) return Internal("certificate.batch: cannot write the result file");
    ctx.AddFile("certificates", name, "application/pdf");
    ctx.result_json = Json{
        {"certificates", total},
        {"pages", pdf.pages()},
        {"first_number", first_number},
        {"last_number",
         last_number}}.dump();
    return Status::Ok();
  };
}

}  // namespace jj::certificates
