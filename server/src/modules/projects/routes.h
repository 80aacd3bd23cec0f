// HTTP routes of training projects: /api/v1/projects…, /api/v1/registrations….
#pragma once

#include <functional>
#include <string>

#include "infra/http/router.h"
#include "modules/projects/projects.h"

namespace jj::projects {

void AddRoutes(http::Router& router, ProjectService& service);

// JSON of a project and a registration, shared with the assessment routes.
nlohmann::json ProjectJson(const Project& p);
nlohmann::json RegistrationJson(const Registration& r);
nlohmann::json SessionJson(const Session& s);

// Request parsing shared with the assessment routes: calls `fn` for each
// object of the array `obj[name]` (absent: none) with its prefix
// "name[i]"; Prefixed puts such a prefix before an error's field.
Status ForEachObject(const nlohmann::json& obj, const std::string& name,
                     const std::function<Status(const nlohmann::json&, const std::string&)>& fn);
Status Prefixed(Status st, const std::string& prefix);

}  // namespace jj::projects
