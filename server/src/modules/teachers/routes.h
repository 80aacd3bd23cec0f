// HTTP handlers of the teachers module: parse → TeacherService → render.
#pragma once

#include "infra/http/router.h"
#include "modules/teachers/teachers.h"

namespace jj::teachers {

void AddRoutes(http::Router& router, TeacherService& service);

}  // namespace jj::teachers
