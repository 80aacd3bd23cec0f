// HTTP handlers of the org module: parse → OrgService → render.
#pragma once

#include "infra/http/router.h"
#include "infra/jobs/jobs.h"
#include "modules/org/org.h"

namespace jj::org {

void AddRoutes(http::Router& router, OrgService& service);
// POST /api/v1/orgs/import: the org tree from a spreadsheet, as an
// "org.import" job (sys and bureau admins).
void AddImportRoutes(http::Router& router, jobs::JobQueue& queue);

}  // namespace jj::org
