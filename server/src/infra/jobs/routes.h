// HTTP face of the job queue: a job's state and progress, cancel, and its
// result files. A job is visible to the account that started it and to
// system admins; to anyone else it does not exist (404).
#pragma once

#include <nlohmann/json.hpp>

#include "infra/http/router.h"
#include "infra/jobs/jobs.h"

namespace jj::jobs {

void AddRoutes(http::Router& router, JobQueue& queue);

// The job as the API shows it (files without their disk paths).
nlohmann::json JobJson(const JobInfo& job);

}  // namespace jj::jobs
