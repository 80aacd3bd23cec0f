// HTTP handlers of the backbone module under /api/v1/backbone: parse → call
// the service → render (every round and application carries `actions`).
#pragma once

#include "infra/http/router.h"
#include "modules/backbone/backbone.h"

namespace jj::backbone {

void AddRoutes(http::Router& router, BackboneService& service);

}  // namespace jj::backbone
