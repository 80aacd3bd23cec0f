// HTTP routes of project assessment (notes/projects-api.md, "Assessment"):
// attendance and QR check-in, grades and make-up, results, close, upgrade.
#pragma once

#include <string>

#include "infra/http/base_url.h"
#include "infra/http/router.h"
#include "modules/projects/assessment.h"

namespace jj::projects {

// `base_url` prefixes the check-in link in the session QR codes
// ("<base_url>/checkin?token=…"); it must outlive the routes. While it is
// not configured the QR code is refused with FailedPrecondition
// project.no_base_url (422).
void AddAssessmentRoutes(http::Router& router, AssessmentService& service, const http::BaseUrl& base_url);

// "<base_url>/checkin?token=<token>" (a trailing '/' of base_url is dropped).
std::string CheckinUrl(const std::string& base_url, const std::string& token);

}  // namespace jj::projects
