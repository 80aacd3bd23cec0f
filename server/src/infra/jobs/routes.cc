#include "infra/jobs/routes.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/messages.h"
#include "infra/auth/actor.h"
#include "infra/auth/password.h"
#include "infra/http/json_io.h"

namespace jj::jobs {

namespace {

nlohmann::json ParseOr(const std::string& text, nlohmann::json fallback) {
  if (text.empty()) return fallback;
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

// The job, if the actor may see it.
Result<JobInfo> Visible(JobQueue& queue, const auth::Actor& actor, int64_t id) {
  auto job = queue.Get(id);
  if (!job.ok()) return job.status();
  if (actor.role != auth::Role::kSysAdmin && job->account_id != actor.account_id) return NotFound();
  return job;
}

}  // namespace

nlohmann::json JobJson(const JobInfo& j) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : j.files)
    files.push_back({{"id", f.id}, {"role", f.role}, {"name", f.name}, {"size", f.size}, {"once", f.once}});
  return {{"id", j.id},
          {"kind", j.kind},
          {"state", j.state},
          {"done", j.done},
          {"total", j.total},
          // Progress texts are catalogue keys ("job.write"), shown in both languages.
          {"message", FormatMessage(j.message, "zh")},
          {"message_en", FormatMessage(j.message, "en")},
          {"result", ParseOr(j.result_json, nullptr)},
          {"error", ParseOr(j.error_json, nullptr)},
          {"cancel_requested", j.cancel_requested},
          {"created_at", j.created_at},
          {"started_at", j.started_at},
          {"finished_at", j.finished_at},
          {"files", files}};
}

http::Response TemplateResponse(http::Request& req, JobQueue& queue, const std::string& base_name,
                                const std::function<Status(const std::string& path)>& write_xlsx,
                                const std::function<std::string()>& csv) {
  const std::string format = req.Query("format").value_or("xlsx");
  if (Status st = http::CheckEnum("format", format, {"xlsx", "csv"}); !st.ok()) return http::ErrorResponse(st, req.lang);
  if (format == "csv") return http::FileResponse(base_name + ".csv", "text/csv; charset=utf-8", csv());
  // The name is ours (random), never the request's.
  const std::string path = queue.files_dir() + "/template-" + auth::RandomHex(8) + ".xlsx";
  std::error_code ec;
  std::filesystem::create_directories(queue.files_dir(), ec);
  Status st = write_xlsx(path);
  std::string bytes;
  if (st.ok()) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::filesystem::remove(path, ec);
  if (!st.ok()) return http::ErrorResponse(st, req.lang);
  return http::FileResponse(base_name + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            std::move(bytes));
}

http::Response StartImportJob(http::Request& req, JobQueue& queue, const std::string& kind) {
  std::string mode = req.Query("mode").value_or("dry-run");
  std::string good = req.Query("good_rows_only").value_or("0");
  Status st = http::CheckEnum("mode", mode, {"dry-run", "insert", "upsert"});
  if (st.ok()) st = http::CheckEnum("good_rows_only", good, {"0", "1", "true", "false"});
  std::error_code ec;
  const bool empty = req.body_file.empty() ? req.body.empty() : std::filesystem::file_size(req.body_file, ec) == 0;
  if (st.ok() && empty) st = InvalidArgument("sheet.empty", "file");
  if (!st.ok()) return http::ErrorResponse(st, req.lang);
  // A body the server streamed to disk is the job's upload as it is.
  auto upload =
      req.body_file.empty() ? queue.SaveUpload(req.body) : Result<std::string>(std::exchange(req.body_file, {}));
  if (!upload.ok()) return http::ErrorResponse(upload.status(), req.lang);
  nlohmann::json params = {{"upload", *upload},
                           {"mode", mode},
                           {"good_rows_only", good == "1" || good == "true"},
                           {"filename", req.Query("filename").value_or("")}};
  auto id = queue.Enqueue(kind, req.actor->account_id, params.dump());
  if (!id.ok()) {
    std::filesystem::remove(*upload, ec);
    return http::ErrorResponse(id.status(), req.lang);
  }
  return http::Render(req, queue.Get(*id), 202, [](const JobInfo& j) { return JobJson(j); });
}

void AddRoutes(http::Router& router, JobQueue& queue) {
  router.Add("GET", "/api/v1/jobs/{id}", http::Access::kAuthenticated, [&queue](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    return http::Render(req, Visible(queue, *req.actor, *id), 200, [](const JobInfo& j) { return JobJson(j); });
  });

  router.Add("POST", "/api/v1/jobs/{id}/cancel", http::Access::kAuthenticated, [&queue](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto job = Visible(queue, *req.actor, *id);
    if (!job.ok()) return http::ErrorResponse(job.status(), req.lang);
    Status st = queue.RequestCancel(*id);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, Visible(queue, *req.actor, *id), 200, [](const JobInfo& j) { return JobJson(j); });
  });

  router.Add("GET", "/api/v1/jobs/{id}/files/{file_id}", http::Access::kAuthenticated, [&queue](http::Request& req) {
    auto id = http::PathId(req, "id");
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto file_id = http::PathId(req, "file_id");
    if (!file_id.ok()) return http::ErrorResponse(file_id.status(), req.lang);
    auto job = Visible(queue, *req.actor, *id);
    if (!job.ok()) return http::ErrorResponse(job.status(), req.lang);
    auto file = queue.TakeFile(*id, *file_id);
    if (!file.ok()) return http::ErrorResponse(file.status(), req.lang);
    return http::FileResponse(file->first.name, file->first.content_type, std::move(file->second));
  });
}

}  // namespace jj::jobs
