// libFuzzer target for the HTTP request path: raw bytes → Beast's parser →
// Request → the router → the static site → the JSON body reader and the
// origin rules. Besides crashes, leaks and UB it checks the confinement
// rule: a static answer is one of the site's files or index.html, nothing
// else.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "infra/http/beast_request.h"
#include "infra/http/json_io.h"
#include "infra/http/router.h"
#include "infra/http/static_files.h"

namespace {

namespace bhttp = boost::beast::http;
using namespace jj::http;

const std::map<std::string, std::string>& Files() {
  static const std::map<std::string, std::string> k = {{"/index.html", "<!doctype html>index"},
                                                       {"/assets/app-1.js", "js"},
                                                       {"/favicon.ico", "ico"}};
  return k;
}

struct World {
  Router router;
  StaticSite site = StaticSite::FromFiles(Files());
  World() {
    auto ok = [](Request&) { return JsonResponse(200, "{}"); };
    router.Add("GET", "/api/v1/teachers", Access::kAuthenticated, ok);
    router.Add("GET", "/api/v1/teachers/{id}", Access::kAuthenticated, ok);
    router.Add("POST", "/api/v1/teachers/{id}/transfer", Access::kAuthenticated, ok);
    router.Add("GET", "/verify/{code}", Access::kPublic, ok);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;
  auto beast_req = parser.release();
  Request req = FromBeastHeader(beast_req, "127.0.0.1");
  req.body = std::move(beast_req.body());
  if (!IsValidUtf8(req.path)) return 0;
  bool path_matched = false;
  if (const Route* route = world.router.Match(req, &path_matched)) {
    if (route->pattern.find('{') != std::string::npos && req.params.empty()) std::abort();
  } else if (auto file = world.site.Serve(req); file && file->status == 200 && req.method == "GET") {
    bool known = false;
    for (const auto& [path, body] : Files()) known = known || file->body == body;
    if (!known) std::abort();  // served something that is not the site's
    if (file->body != Files().at("/index.html") && Files().count(req.path) == 0) std::abort();
  }
  (void)IsSameOrigin(req, "https://jj.example.cn");
  (void)IsUpload(req.method, req.path);
  auto body = ParseObject(req.body);
  if (body.ok()) {
    std::optional<std::string> s;
    std::optional<std::vector<std::string>> a;
    (void)GetString(*body, "name", false, s);
    (void)GetStringArray(*body, "topic_tags", false, a);
  }
  return 0;
}
