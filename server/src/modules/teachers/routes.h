// HTTP handlers of the teachers module: parse → TeacherService → render.
#pragma once

#include "infra/http/router.h"
#include "infra/jobs/jobs.h"
#include "modules/teachers/teachers.h"

namespace jj::teachers {

void AddRoutes(http::Router& router, TeacherService& service);
// The roster import: template download, upload → a "teacher.import" job.
void AddImportRoutes(http::Router& router, jobs::JobQueue& queue);

}  // namespace jj::teachers
