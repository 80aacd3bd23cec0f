// HTTP handlers of the surveys module: a project's survey definitions,
// answers, results (JSON and xlsx) and the teacher's open surveys.
#pragma once

#include "infra/http/router.h"
#include "modules/surveys/surveys.h"

namespace jj::surveys {

void AddRoutes(http::Router& router, SurveyService& service);

}  // namespace jj::surveys
