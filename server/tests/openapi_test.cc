// Keeps docs/openapi.json true to the server (design.md convention 5): every
// (method, pattern) the App's router registers must be documented under
// `paths`, and every documented path + method must still be registered, so
// the document can neither lag behind nor rot. Also checks that the
// documented security matches the route's access (public routes say
// `security: []`), that path templates and their `in: path` parameters agree,
// and that every operation has a summary, tags and a success response.
//
// The route list comes from the live router of an App opened on a throw-away
// SQLite file: nothing is hard-coded here.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/wiring.h"
#include "core/clock.h"
#include "infra/auth/password.h"

namespace jj {
namespace {

using Json = nlohmann::json;

// The router's pattern syntax is already "{name}" per segment; ":name" and
// "<name>" are mapped too so a future change of syntax fails loudly here
// rather than silently (the comparison would miss every parameterised route).
std::string ToOpenApiPath(const std::string& pattern) {
  std::string out;
  size_t pos = 0;
  while (pos < pattern.size()) {
    size_t end = pattern.find('/', pos + 1);
    if (end == std::string::npos) end = pattern.size();
    std::string seg = pattern.substr(pos, end - pos);  // includes the leading '/'
    if (seg.size() > 1 && seg[1] == ':') {
      seg = "/{" + seg.substr(2) + "}";
    } else if (seg.size() > 2 && seg[1] == '<' && seg.back() == '>') {
      seg = "/{" + seg.substr(2, seg.size() - 3) + "}";
    }
    out += seg;
    pos = end;
  }
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::set<std::string> TemplateParams(const std::string& path) {
  std::set<std::string> out;
  size_t pos = 0;
  while ((pos = path.find('{', pos)) != std::string::npos) {
    size_t end = path.find('}', pos);
    if (end == std::string::npos) break;
    out.insert(path.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return out;
}

const std::set<std::string>& HttpMethods() {
  static const std::set<std::string> k = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};
  return k;
}

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auth::InitCrypto();
    std::ifstream in(std::string(JJ_SOURCE_DIR) + "/docs/openapi.json");
    ASSERT_TRUE(in) << "cannot open docs/openapi.json";
    doc_ = new Json(Json::parse(in, nullptr, /*allow_exceptions=*/false));
    ASSERT_FALSE(doc_->is_discarded()) << "docs/openapi.json is not valid JSON";

    db_path_ = std::filesystem::temp_directory_path() / ("jj_openapi_test_" + std::to_string(getpid()) + ".db");
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db_path_ + ext);
    clock_ = new FakeClock(1772337600);
    app::AppOptions opts;
    opts.db_url = "sqlite:" + db_path_;
    opts.web_root = "";
    opts.hash_cost = auth::HashCost::kFastForTests;
    opts.db_pool = 1;
    auto app = app::App::Open(opts, *clock_);
    ASSERT_TRUE(app.ok()) << app.status().Message("en");
    app_ = app->release();
  }
  void SetUp() override {
    ASSERT_TRUE(doc_ != nullptr && !doc_->is_discarded()) << "docs/openapi.json did not load";
    ASSERT_TRUE(app_ != nullptr) << "the app did not open";
  }
  static void TearDownTestSuite() {
    delete app_;
    delete clock_;
    delete doc_;
    app_ = nullptr;
    clock_ = nullptr;
    doc_ = nullptr;
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(db_path_ + ext);
  }

  // "METHOD /openapi/path" -> the route's access, from the live router.
  static std::map<std::string, http::Access> Registered() {
    std::map<std::string, http::Access> out;
    for (const auto& r : app_->router().routes()) out[r.method + " " + ToOpenApiPath(r.pattern)] = r.access;
    return out;
  }
  // "METHOD /openapi/path" -> the operation object, from the document.
  static std::map<std::string, Json> Documented() {
    std::map<std::string, Json> out;
    const Json& paths = (*doc_)["paths"];
    for (auto p = paths.begin(); p != paths.end(); ++p)
      for (auto m = p->begin(); m != p->end(); ++m)
        if (HttpMethods().count(Lower(m.key()))) {
          std::string method = m.key();
          std::transform(method.begin(), method.end(), method.begin(),
                         [](unsigned char c) { return std::toupper(c); });
          out[method + " " + p.key()] = m.value();
        }
    return out;
  }

  static Json* doc_;
  static FakeClock* clock_;
  static app::App* app_;
  static std::string db_path_;
};

Json* OpenApiTest::doc_ = nullptr;
FakeClock* OpenApiTest::clock_ = nullptr;
app::App* OpenApiTest::app_ = nullptr;
std::string OpenApiTest::db_path_;

TEST_F(OpenApiTest, PatternConversion) {
  EXPECT_EQ(ToOpenApiPath("/api/v1/teachers/{id}/history"), "/api/v1/teachers/{id}/history");
  EXPECT_EQ(ToOpenApiPath("/api/v1/teachers/:id/history"), "/api/v1/teachers/{id}/history");
  EXPECT_EQ(ToOpenApiPath("/api/v1/x/<a>/<b>"), "/api/v1/x/{a}/{b}");
  EXPECT_EQ(ToOpenApiPath("/healthz"), "/healthz");
}

TEST_F(OpenApiTest, DocumentIsOpenApi303) {
  EXPECT_EQ(doc_->value("openapi", ""), "3.0.3");
  ASSERT_TRUE(doc_->contains("paths") && (*doc_)["paths"].is_object());
  ASSERT_TRUE(doc_->contains("components"));
  const Json& schemes = (*doc_)["components"]["securitySchemes"];
  EXPECT_EQ(schemes["sessionCookie"].value("in", ""), "cookie");
  EXPECT_EQ(schemes["sessionCookie"].value("name", ""), "jj_session");
  EXPECT_EQ(schemes["csrfToken"].value("in", ""), "header");
  EXPECT_EQ(schemes["csrfToken"].value("name", ""), "X-CSRF-Token");
  EXPECT_TRUE((*doc_)["components"]["schemas"].contains("Error"));
}

TEST_F(OpenApiTest, EveryRouteIsDocumented) {
  auto registered = Registered();
  auto documented = Documented();
  ASSERT_FALSE(registered.empty()) << "the router has no routes: the app did not wire any module";
  std::vector<std::string> missing;
  for (const auto& [key, access] : registered)
    if (!documented.count(key)) missing.push_back(key);
  std::ostringstream msg;
  for (const auto& m : missing) msg << "\n  route not documented in docs/openapi.json: " << m;
  EXPECT_TRUE(missing.empty()) << missing.size() << " of " << registered.size() << " routes undocumented:"
                               << msg.str();
}

TEST_F(OpenApiTest, EveryDocumentedOperationExists) {
  auto registered = Registered();
  auto documented = Documented();
  std::vector<std::string> stale;
  for (const auto& [key, op] : documented)
    if (!registered.count(key)) stale.push_back(key);
  std::ostringstream msg;
  for (const auto& s : stale) msg << "\n  documented but not registered by the server: " << s;
  EXPECT_TRUE(stale.empty()) << stale.size() << " stale operations:" << msg.str();
}

TEST_F(OpenApiTest, SecurityMatchesAccess) {
  auto documented = Documented();
  for (const auto& [key, access] : Registered()) {
    auto it = documented.find(key);
    if (it == documented.end()) continue;  // reported by EveryRouteIsDocumented
    const Json& op = it->second;
    bool is_public = op.contains("security") && op["security"].is_array() && op["security"].empty();
    EXPECT_EQ(is_public, access == http::Access::kPublic)
        << key << ": a public route must say \"security\": [], an authenticated one must not";
    std::string method = key.substr(0, key.find(' '));
    bool mutation = method != "GET" && method != "HEAD" && method != "OPTIONS";
    if (access == http::Access::kAuthenticated && mutation) {
      bool csrf = false;
      for (const auto& req : op.value("security", Json::array())) csrf = csrf || req.contains("csrfToken");
      EXPECT_TRUE(csrf) << key << ": an authenticated mutation must require csrfToken";
    }
  }
}

TEST_F(OpenApiTest, OperationsAreComplete) {
  for (const auto& [key, op] : Documented()) {
    std::string path = key.substr(key.find(' ') + 1);
    EXPECT_FALSE(op.value("summary", "").empty()) << key << ": no summary";
    EXPECT_TRUE(op.contains("tags") && !op["tags"].empty()) << key << ": no tags";
    bool success = false;
    for (auto r = op["responses"].begin(); r != op["responses"].end(); ++r)
      success = success || (r.key().size() == 3 && r.key()[0] == '2');
    EXPECT_TRUE(success) << key << ": no 2xx response";
    // Path template names and `in: path` parameters must agree.
    std::set<std::string> declared;
    for (const auto& p : op.value("parameters", Json::array())) {
      const Json* param = &p;
      Json resolved;
      if (p.contains("$ref")) {
        std::string ref = p["$ref"];
        const std::string prefix = "#/components/parameters/";
        ASSERT_EQ(ref.rfind(prefix, 0), 0u) << key << ": unexpected $ref " << ref;
        resolved = (*doc_)["components"]["parameters"][ref.substr(prefix.size())];
        ASSERT_FALSE(resolved.is_null()) << key << ": dangling $ref " << ref;
        param = &resolved;
      }
      if (param->value("in", "") == "path") declared.insert(param->value("name", ""));
    }
    EXPECT_EQ(declared, TemplateParams(path)) << key << ": path parameters do not match the template";
  }
}

// Every string and array a request may carry is bounded in the document
// (security issue: unbounded input was stored), so a client and a reviewer
// can see the limits the server enforces. Enumerations, binary uploads and
// dates are bounded by their form.
void CollectUnbounded(const Json& doc, const Json& schema, const std::string& where, std::set<std::string>& seen,
                      std::vector<std::string>& out) {
  if (!schema.is_object()) return;
  if (schema.contains("$ref")) {
    std::string ref = schema["$ref"].get<std::string>();
    if (!seen.insert(ref).second) return;
    const Json& target = doc["components"]["schemas"][ref.substr(ref.rfind('/') + 1)];
    return CollectUnbounded(doc, target, ref.substr(ref.rfind('/') + 1), seen, out);
  }
  std::string type = schema.value("type", "");
  bool bounded_form = schema.contains("enum") || schema.value("format", "") == "binary" ||
                      schema.value("format", "") == "date" || schema.value("format", "") == "date-time";
  if (type == "string" && !bounded_form && !schema.contains("maxLength")) out.push_back(where);
  if (type == "array" && !schema.contains("maxItems")) out.push_back(where);
  for (const char* key : {"items", "additionalProperties"})
    if (schema.contains(key)) CollectUnbounded(doc, schema[key], where + "." + key, seen, out);
  if (schema.contains("properties"))
    for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it)
      CollectUnbounded(doc, it.value(), where + "." + it.key(), seen, out);
  for (const char* key : {"allOf", "oneOf", "anyOf"})
    if (schema.contains(key))
      for (const auto& sub : schema[key]) CollectUnbounded(doc, sub, where, seen, out);
}

TEST_F(OpenApiTest, EveryRequestStringAndArrayIsBounded) {
  std::set<std::string> seen;
  std::vector<std::string> unbounded;
  for (const auto& [op, operation] : Documented()) {
    if (!operation.contains("requestBody")) continue;
    for (const auto& [type, content] : operation["requestBody"]["content"].items())
      if (content.contains("schema")) CollectUnbounded(*doc_, content["schema"], op, seen, unbounded);
  }
  std::string list;
  for (const auto& u : unbounded) list += "\n  " + u;
  EXPECT_TRUE(unbounded.empty()) << unbounded.size() << " request fields without maxLength/maxItems:" << list;
}

}  // namespace
}  // namespace jj
