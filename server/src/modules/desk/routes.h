// HTTP handler of the desk: GET /api/v1/desk/overview.
#pragma once

#include "core/clock.h"
#include "infra/http/router.h"
#include "modules/credits/credits.h"
#include "modules/projects/projects.h"

namespace jj::desk {

// The service is made here and lives as long as the router's handler.
void AddRoutes(http::Router& router, credits::CreditService& credits, projects::ProjectService& projects,
               const Clock& clock);

}  // namespace jj::desk
