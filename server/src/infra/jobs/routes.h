// HTTP face of the job queue: a job's state and progress, cancel, and its
// result files. A job is visible to the account that started it and to
// system admins; to anyone else it does not exist (404).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "infra/http/router.h"
#include "infra/jobs/jobs.h"

namespace jj::jobs {

void AddRoutes(http::Router& router, JobQueue& queue);

// POST .../import: the body is the spreadsheet; query mode=dry-run|insert|
// upsert and good_rows_only=0|1. Stores the upload and enqueues a `kind`
// job for the actor: 202 with the job, or the error.
http::Response StartImportJob(http::Request& req, JobQueue& queue, const std::string& kind);

// GET .../import/template?format=xlsx|csv: the import's template as
// `base_name`.xlsx (written by `write_xlsx` to a scratch file under the
// queue's files folder, read back and removed) or `base_name`.csv.
http::Response TemplateResponse(http::Request& req, JobQueue& queue, const std::string& base_name,
                                const std::function<Status(const std::string& path)>& write_xlsx,
                                const std::function<std::string()>& csv);

// The job as the API shows it (files without their disk paths).
nlohmann::json JobJson(const JobInfo& job);

}  // namespace jj::jobs
