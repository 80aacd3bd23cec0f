#include "modules/desk/routes.h"

#include <memory>
#include <nlohmann/json.hpp>

#include "infra/http/json_io.h"
#include "modules/desk/desk.h"

namespace jj::desk {
namespace {

using Json = nlohmann::json;

Json CountsJson(const std::vector<Count>& v, const char* name) {
  Json out = Json::array();
  for (const auto& c : v) {
    Json j = {{name, c.key}, {"count", c.count}};
    if (!c.path.empty()) j["path"] = c.path;
    out.push_back(std::move(j));
  }
  return out;
}

Json CompletionJson(const Completion& c) {
  return {{"year", c.year}, {"teachers", c.teachers}, {"passed", c.passed}, {"exempt", c.exempt}};
}

}  // namespace

void AddRoutes(http::Router& router, credits::CreditService& credits, projects::ProjectService& projects,
               const Clock& clock) {
  auto service = std::make_shared<DeskService>(credits, projects, clock);
  router.Add("GET", "/api/v1/desk/overview", http::Access::kAuthenticated, [service](http::Request& req) {
    std::optional<int> year;
    if (req.Query("year")) {
      // Not clamped: a year outside 2000–2100 is refused by the service.
      auto y = http::QueryInt(req, "year", 0, 1000000);
      if (!y.ok()) return http::ErrorResponse(y.status(), req.lang);
      year = static_cast<int>(*y);
    }
    return http::Render(req, service->Get(*req.actor, year), 200, [](const Overview& o) {
      Json schools = Json::array();
      for (const auto& s : o.schools)
        schools.push_back({{"school_id", s.school_id},
                           {"school", s.school},
                           {"teachers", s.teachers},
                           {"passed", s.passed},
                           {"exempt", s.exempt}});
      return Json{{"this_year", CompletionJson(o.this_year)},
                  {"last_year", CompletionJson(o.last_year)},
                  {"schools", schools},
                  {"short_by_dimension", CountsJson(o.short_by_dimension, "dimension")},
                  {"projects_by_state", CountsJson(o.projects_by_state, "state")},
                  {"todo", CountsJson(o.todo, "kind")}};
    });
  });
}

}  // namespace jj::desk
