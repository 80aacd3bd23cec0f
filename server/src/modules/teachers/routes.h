// HTTP handlers of the teachers module: parse → TeacherService → render.
#pragma once

#include "infra/http/router.h"
#include "infra/jobs/jobs.h"
#include "modules/teachers/teachers.h"

namespace jj::teachers {

void AddRoutes(http::Router& router, TeacherService& service);
// The roster import: template download, upload → a "teacher.import" job.
void AddImportRoutes(http::Router& router, jobs::JobQueue& queue);
// The export: a "teacher.export" job writing the filtered list to xlsx/CSV.
inline constexpr const char* kExportJob = "teacher.export";
void AddExportRoutes(http::Router& router, jobs::JobQueue& queue, TeacherService& service);
jobs::JobHandler MakeExportJob(TeacherService& service,
                               std::function<Result<auth::Actor>(int64_t account_id)> actor_of);

}  // namespace jj::teachers
