// HTTP handlers of the school plans module: deadlines, filing, the overview
// and a plan.
#pragma once

#include "infra/http/router.h"
#include "modules/school_plans/school_plans.h"

namespace jj::school_plans {

void AddRoutes(http::Router& router, SchoolPlanService& service);

}  // namespace jj::school_plans
