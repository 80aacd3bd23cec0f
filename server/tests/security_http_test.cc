// The HTTP surface, tried as an attacker on the same network would: static
// file paths and their encodings, CSRF and foreign origins on every mutation
// the router knows, non-JSON and malformed bodies on every JSON route, and
// unbounded input. The route lists come from the live router, so a route
// added tomorrow is covered the day it lands.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/demo_seed.h"
#include "harness.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

// Requests sent, per backend (the suite runs one backend at a time).
std::map<std::string, int64_t> g_requests;
std::string g_backend;
void Count(int64_t n = 1) { g_requests[g_backend] += n; }

struct RawReply {
  int status = 0;
  std::string headers, body;
};

// One request with the target sent byte for byte (no client normalises it).
RawReply RawRequest(uint16_t port, const std::string& method, const std::string& target,
                    const std::string& extra_headers = "") {
  Count();
  RawReply out;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers + "\r\n";
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string data;
  char buf[8192];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) data.append(buf, static_cast<size_t>(n));
  ::close(fd);
  size_t sp = data.find(' ');
  if (sp == std::string::npos) return out;
  out.status = std::atoi(data.c_str() + sp + 1);
  size_t end = data.find("\r\n\r\n");
  out.headers = data.substr(0, end);
  if (end != std::string::npos) out.body = data.substr(end + 4);
  return out;
}

// The zh text of a message key, as the server words it.
std::string Msg(const std::string& key) { return Status(Code::kInvalidArgument, key).Message("zh"); }

const std::string& IndexBody() { return WebRootFiles().at("/index.html"); }

// What a static answer may be: the exact file asked for, index.html (a
// client route), or a 404 — never anything else the machine holds.
void ExpectConfined(const RawReply& r, const std::string& target, const std::string* file_body) {
  SCOPED_TRACE(target);
  EXPECT_NE(r.status, 500);
  if (r.status == 200) {
    bool head = target.rfind("HEAD ", 0) == 0;
    bool known = (head && r.body.empty()) || r.body == IndexBody() || (file_body && r.body == *file_body);
    EXPECT_TRUE(known) << "served something outside the UI: " << r.body.substr(0, 80);
  } else {
    EXPECT_TRUE(r.status == 404 || r.status == 400 || r.status == 405) << r.status;
  }
  EXPECT_EQ(r.body.find("root:"), std::string::npos);
  EXPECT_EQ(r.body.find("SQLite format"), std::string::npos);
  EXPECT_EQ(r.body.find("PATH="), std::string::npos);
}

class SecurityHttp : public Api {
 protected:
  void SetUp() override {
    Api::SetUp();
    g_backend = GetParam();
  }
  // Every (method, pattern) with its path parameters filled by an id that
  // exists nowhere.
  std::vector<std::pair<std::string, std::string>> Mutations() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& route : b_->app->router().routes()) {
      if (route.method == "GET" || route.method == "HEAD") continue;
      std::string path = route.pattern;
      for (size_t b; (b = path.find('{')) != std::string::npos;) path.replace(b, path.find('}', b) - b + 1, "987654321");
      out.emplace_back(route.method, path);
    }
    return out;
  }
};

TEST_P(SecurityHttp, StaticFilesNeverLeaveTheManifest) {
  std::vector<std::string> targets = {
      "//etc/passwd", "/%2fetc%2fpasswd", "/%2Fetc%2Fpasswd", "//proc/self/environ", "//proc/self/cmdline",
      "//proc/self/maps", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
      "/assets/../../../etc/passwd", "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/assets//etc/passwd",
      "/assets/etc/passwd", "/passwd.txt", "/%5c..%5c..%5cetc%5cpasswd", "/.%00./etc/passwd", "/%00", "/etc/passwd",
      "/index.html%00.js", "/./index.html/../../etc/passwd", "///etc///passwd", "/%252fetc%252fpasswd",
      "/" + std::filesystem::temp_directory_path().string() + "/jj_api_test_" + std::to_string(getpid()) + ".db",
      "/%2f" + std::filesystem::temp_directory_path().string().substr(1) + "%2fjj_api_test_" + std::to_string(getpid()) +
          ".db"};
  for (const auto& t : targets) {
    ExpectConfined(RawRequest(b_->port, "GET", t), t, nullptr);
    ExpectConfined(RawRequest(b_->port, "HEAD", t), "HEAD " + t, nullptr);
  }
  // Each: the absolute path of the API test database, and /etc/passwd, are
  // not served whatever the prefix.
  RawReply db = RawRequest(b_->port, "GET", targets[targets.size() - 2]);
  EXPECT_EQ(db.status, 404);
  EXPECT_EQ(RawRequest(b_->port, "GET", "//etc/passwd").status, 404);
  EXPECT_EQ(RawRequest(b_->port, "GET", "/passwd.txt").status, 404);  // a symbolic link in the web root
  EXPECT_EQ(RawRequest(b_->port, "GET", "/assets/etc/passwd").status, 404);
}

TEST_P(SecurityHttp, EveryFileOfTheUiAndItsVariants) {
  for (const auto& [path, body] : WebRootFiles()) {
    RawReply r = RawRequest(b_->port, "GET", path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, body) << path;
    size_t at = r.headers.find("ETag: ");
    ASSERT_NE(at, std::string::npos) << path;
    std::string etag = r.headers.substr(at + 6, r.headers.find("\r\n", at) - at - 6);
    EXPECT_EQ(RawRequest(b_->port, "GET", path, "If-None-Match: " + etag + "\r\n").status, 304) << path;
    bool asset = path.rfind("/assets/", 0) == 0;
    EXPECT_EQ(r.headers.find("immutable") != std::string::npos, asset) << path;
    std::string name = path.substr(1);
    std::vector<std::string> variants = {"/." + path,      "/" + path,          path + "%00",     path + "/",
                                         path + "/..",     path + "/../index.html", "/%2e" + path, path + ".",
                                         "/%2f" + name,   path + "?x=../../etc/passwd", path + "%2f..%2f..%2fetc%2fpasswd",
                                         "/assets/.." + path};
    for (const auto& v : variants) ExpectConfined(RawRequest(b_->port, "GET", v), v, &body);
  }
  // A client route gets the SPA; a missing asset is a 404, not the SPA.
  EXPECT_EQ(RawRequest(b_->port, "GET", "/teachers/12").body, IndexBody());
  EXPECT_EQ(RawRequest(b_->port, "GET", "/").body, IndexBody());
  EXPECT_EQ(RawRequest(b_->port, "GET", "/assets/missing-1234.js").status, 404);
  EXPECT_EQ(RawRequest(b_->port, "GET", "/robots.txt").status, 404);
  RawReply head = RawRequest(b_->port, "HEAD", "/assets/index-4f2a9c.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_P(SecurityHttp, LoginTakesJsonOnlyAndOnlyFromThisSite) {
  Client c(b_->port);
  std::string good = R"({"username":"sysadmin","password":")" + std::string(app::kDemoPassword) + R"("})";
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""}) {
    Count();
    Reply r = c.Send("POST", "/api/v1/auth/login", good, type, false);
    EXPECT_EQ(r.status, 400) << type;
    EXPECT_EQ(r.Message(), Msg("body.not_json")) << type;
  }
  Count();
  Reply form = c.Send("POST", "/api/v1/auth/login", "username=sysadmin&password=x", "application/x-www-form-urlencoded",
                      false);
  EXPECT_EQ(form.status, 400);
  c.set_header("Origin", "http://evil.example");
  Count();
  EXPECT_EQ(c.Send("POST", "/api/v1/auth/login", good, "application/json", false).status, 403);
  c.set_header("Origin", "null");
  Count();
  EXPECT_EQ(c.Send("POST", "/api/v1/auth/login", good, "application/json", false).status, 403);
  c.set_header("Origin", "");
  c.set_header("Sec-Fetch-Site", "cross-site");
  Count();
  EXPECT_EQ(c.Send("POST", "/api/v1/auth/login", good, "application/json", false).Message(), Msg("origin.forbidden"));
  c.set_header("Sec-Fetch-Site", "same-site");
  Count();
  EXPECT_EQ(c.Send("POST", "/api/v1/auth/login", good, "application/json", false).status, 403);
  // The same browser on this site logs in.
  c.set_header("Sec-Fetch-Site", "same-origin");
  c.set_header("Origin", "http://127.0.0.1:" + std::to_string(b_->port));
  Count();
  EXPECT_EQ(c.Send("POST", "/api/v1/auth/login", good, "application/json; charset=utf-8", false).status, 200);
}

TEST_P(SecurityHttp, EveryMutationWantsTheCsrfTokenAndThisSite) {
  Client c = As("sysadmin");  // sends no token
  Client w = As("sysadmin");  // sends a wrong token
  w.set_csrf("0123456789abcdef0123456789abcdef");
  Client o = As("sysadmin");  // the right token, from a foreign site
  auto routes = Mutations();
  ASSERT_GT(routes.size(), 30u);
  for (const auto& [method, path] : routes) {
    if (path == "/api/v1/auth/login") continue;
    SCOPED_TRACE(method + " " + path);
    Count(4);
    Reply none = c.Send(method, path, "{}", "application/json", /*with_csrf=*/false);
    EXPECT_EQ(none.status, 403);
    EXPECT_EQ(none.Message(), Msg("csrf.missing"));
    Reply wrong = w.Send(method, path, "{}", "application/json", true);
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(wrong.Message(), Msg("csrf.missing"));
    o.set_header("Origin", "https://attacker.example");
    Reply foreign = o.Send(method, path, "{}", "application/json", true);
    EXPECT_EQ(foreign.status, 403);
    EXPECT_EQ(foreign.Message(), Msg("origin.forbidden"));
    o.set_header("Origin", "");
    o.set_header("Sec-Fetch-Site", "cross-site");
    EXPECT_EQ(o.Send(method, path, "{}", "application/json", true).Message(), Msg("origin.forbidden"));
    o.set_header("Sec-Fetch-Site", "");
  }
  // The sessions are still alive: nothing above was taken as a logout.
  EXPECT_EQ(o.Get("/api/v1/auth/me").status, 200);
}

TEST_P(SecurityHttp, MalformedBodiesAreA400OnEveryRoute) {
  std::string deep(100, '[');
  std::vector<std::pair<std::string, std::string>> bodies = {
      {"number out of range", R"({"username":1e400,"password":"x"})"},
      {"negative out of range", R"({"name":-1e999})"},
      {"huge integer", R"({"parent_id":18446744073709551615,"id":99999999999999999999999})"},
      {"deep nesting", "{\"a\":" + deep},
      {"truncated", R"({"name":"x)"},
      {"invalid utf-8", "{\"name\":\"\xff\xfe\"}"},
      {"not an object", "[1,2,3]"},
      {"nul in a key", std::string("{\"na\\u0000me\":1}")},
      {"nul in a string", R"({"name":"a\u0000b","reason":"a\u0000b","title":"a\u0000b"})"}};
  // Before login: the parse errors of the public mutation.
  Client anon(b_->port);
  for (const auto& [what, body] : bodies) {
    Count();
    Reply r = anon.Send("POST", "/api/v1/auth/login", body, "application/json", false);
    EXPECT_EQ(r.status, 400) << what;
  }
  // Every route whose operation in docs/openapi.json takes a JSON body (an
  // upload takes a file, read by the import fuzzers; the others read none).
  std::ifstream in(std::string(JJ_SOURCE_DIR) + "/docs/openapi.json");
  Json doc = Json::parse(in);
  Client c = As("sysadmin");
  size_t tried = 0;
  for (const auto& route : b_->app->router().routes()) {
    std::string lower = route.method;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const Json* op = doc["paths"].contains(route.pattern) && doc["paths"][route.pattern].contains(lower)
                         ? &doc["paths"][route.pattern][lower]
                         : nullptr;
    if (!op || !op->contains("requestBody") || !(*op)["requestBody"]["content"].contains("application/json")) continue;
    std::string method = route.method, path = route.pattern;
    for (size_t b; (b = path.find('{')) != std::string::npos;) path.replace(b, path.find('}', b) - b + 1, "987654321");
    ++tried;
    for (const auto& [what, body] : bodies) {
      Count();
      Reply r = c.Send(method, path, body);
      EXPECT_TRUE(r.status >= 400 && r.status < 500) << method << " " << path << " (" << what << "): " << r.status;
    }
  }
  EXPECT_GT(tried, 30u);
  EXPECT_EQ(c.Get("/api/v1/auth/me").status, 200);
}

TEST_P(SecurityHttp, UnboundedInputIsRefusedAndNothingIsStored) {
  Client t = AsTeacher(TeacherIds(demo::kSchoolACode, 40).back());
  Reply before = t.Get("/api/v1/credits/records?page=1");
  ASSERT_EQ(before.status, 200);
  Json ok = {{"project_name", "教研活动"}, {"date", "2026-02-10"}, {"hours", 2}, {"level", "校本"},
             {"form", "校本研修"}, {"dimension", "师德修养"}};
  Count();
  Reply accepted = t.Post("/api/v1/credits/records", ok);  // the control: this body is stored
  ASSERT_EQ(accepted.status, 201) << accepted.raw;
  before = t.Get("/api/v1/credits/records?page=1");
  auto with = [&](const char* key, Json value) {
    Json b = ok;
    b[key] = std::move(value);
    return b;
  };
  Json many = Json::array();
  for (int i = 0; i < 10000; ++i) many.push_back("标签" + std::to_string(i));
  std::vector<std::pair<std::string, Json>> cases = {
      {"10,000 topic tags", with("topic_tags", many)},
      {"a 10,000-character tag", with("topic_tags", Json::array({std::string(10000, 'x')}))},
      {"51 tags", with("topic_tags", Json(std::vector<std::string>(51, "t")))},
      {"a NUL in the title", with("project_name", std::string("教研\0活动", 13))},
      {"a NUL in a tag", with("topic_tags", Json::array({std::string("a\0b", 3)}))},
      {"a control character", with("project_name", "教研\x01活动")},
      {"a 10,000-character title", with("project_name", std::string(10000, 'x'))}};
  for (const auto& [what, body] : cases) {
    Count();
    Reply r = t.Post("/api/v1/credits/records", body);
    EXPECT_EQ(r.status, 400) << what << ": " << r.raw.substr(0, 200);
  }
  Reply after = t.Get("/api/v1/credits/records?page=1");
  EXPECT_EQ(after.body.value("total", -1), before.body.value("total", -2));
  // A body over the JSON limit is refused before it is read.
  Count();
  Reply big = t.Send("POST", "/api/v1/credits/records", "{\"project_name\":\"" + std::string(3 << 20, 'x') + "\"}");
  EXPECT_EQ(big.status, 413);
}

TEST_P(SecurityHttp, ZRequestCount) {
  // Printed for the closing note: how many requests this suite sent.
  std::printf("[ security_http: %lld requests on %s ]\n", static_cast<long long>(g_requests[GetParam()]),
              GetParam().c_str());
  EXPECT_GT(g_requests[GetParam()], 100);
}

INSTANTIATE_TEST_SUITE_P(Backends, SecurityHttp, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace jj::testing
