// Maps (method, path pattern) to handlers. Patterns are literal segments and
// {name} parameters: "/api/v1/teachers/{id}". Literal segments win over
// parameters. Not thread-safe to modify; safe to Match from many threads
// once built.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "infra/http/message.h"

namespace jj::http {

enum class Access {
  kPublic,         // no session needed
  kAuthenticated,  // a session; CSRF checked on mutations
};

struct Route {
  std::string method;
  std::string pattern;
  Access access = Access::kAuthenticated;
  std::function<Response(Request&)> handler;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, std::function<Response(Request&)> handler);
  // Fills req.params on a match. Returns nullptr with *path_matched = true
  // when the path exists for another method (405).
  const Route* Match(Request& req, bool* path_matched) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace jj::http
