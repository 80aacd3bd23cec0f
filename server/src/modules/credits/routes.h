// HTTP handlers of the credits module: records and their approval chain,
// the annual audit, stamps, exemptions, year locks and region policies.
#pragma once

#include "infra/http/router.h"
#include "infra/jobs/jobs.h"
#include "modules/credits/credits.h"

namespace jj::credits {

void AddRoutes(http::Router& router, CreditService& service);
// POST /api/v1/credits/import: historical records as a "credit.import" job.
void AddImportRoutes(http::Router& router, jobs::JobQueue& queue);

}  // namespace jj::credits
