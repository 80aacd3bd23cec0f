// HTTP handlers of the credits module: records and their approval chain,
// the annual audit, stamps, exemptions, year locks and region policies.
#pragma once

#include "infra/http/router.h"
#include "modules/credits/credits.h"

namespace jj::credits {

void AddRoutes(http::Router& router, CreditService& service);

}  // namespace jj::credits
