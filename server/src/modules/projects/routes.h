// HTTP routes of training projects: /api/v1/projects…, /api/v1/registrations….
#pragma once

#include "infra/http/router.h"
#include "modules/projects/projects.h"

namespace jj::projects {

void AddRoutes(http::Router& router, ProjectService& service);

// JSON of a project and a registration, shared with the assessment routes.
nlohmann::json ProjectJson(const Project& p);
nlohmann::json RegistrationJson(const Registration& r);

}  // namespace jj::projects
