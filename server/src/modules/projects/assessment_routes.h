// HTTP routes of project assessment (notes/projects-api.md, "Assessment"):
// attendance and QR check-in, grades and make-up, results, close, upgrade.
#pragma once

#include <string>

#include "infra/http/router.h"
#include "modules/projects/assessment.h"

namespace jj::projects {

// `base_url` prefixes the check-in link in the session QR codes
// ("<base_url>/checkin?token=…").
void AddAssessmentRoutes(http::Router& router, AssessmentService& service, const std::string& base_url);

// "<base_url>/checkin?token=<token>" (a trailing '/' of base_url is dropped).
std::string CheckinUrl(const std::string& base_url, const std::string& token);

}  // namespace jj::projects
