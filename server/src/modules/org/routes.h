// HTTP handlers of the org module: parse → OrgService → render.
#pragma once

#include "infra/http/router.h"
#include "modules/org/org.h"

namespace jj::org {

void AddRoutes(http::Router& router, OrgService& service);

}  // namespace jj::org
