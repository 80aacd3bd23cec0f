#include "infra/http/router.h"

#include <gtest/gtest.h>

#include "infra/http/json_io.h"

namespace jj::http {
namespace {

Response Named(const std::string& name) { return JsonResponse(200, name); }

TEST(Router, MatchesLiteralsBeforeParametersAndFillsParams) {
  Router r;
  r.Add("GET", "/api/v1/teachers/{id}", Access::kAuthenticated, [](Request&) { return Named("by-id"); });
  r.Add("GET", "/api/v1/teachers/export", Access::kAuthenticated, [](Request&) { return Named("export"); });
  r.Add("POST", "/api/v1/teachers/{id}/transfer", Access::kAuthenticated, [](Request&) { return Named("transfer"); });
  Request req;
  bool path_matched = false;
  req.method = "GET";
  req.path = "/api/v1/teachers/export";
  ASSERT_NE(r.Match(req, &path_matched), nullptr);
  EXPECT_EQ(r.Match(req, &path_matched)->handler(req).body, "export");
  req.path = "/api/v1/teachers/42";
  const Route* m = r.Match(req, &path_matched);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(req.params["id"], "42");
  req.method = "DELETE";
  EXPECT_EQ(r.Match(req, &path_matched), nullptr);
  EXPECT_TRUE(path_matched);  // 405, not 404
  req.path = "/api/v1/nothing";
  EXPECT_EQ(r.Match(req, &path_matched), nullptr);
  EXPECT_FALSE(path_matched);
}

TEST(Query, DecodesPercentAndPlus) {
  auto q = ParseQuery("q=%E5%BC%A0+%E4%B8%89&page=2&empty=&flag");
  EXPECT_EQ(q["q"], "张 三");
  EXPECT_EQ(q["page"], "2");
  EXPECT_EQ(q["empty"], "");
  EXPECT_TRUE(q.count("flag"));
}

TEST(JsonIo, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("教师 abc"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xe6\x95"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
}

TEST(JsonIo, FieldErrorsNameTheField) {
  auto obj = ParseObject(R"({"name": 3, "tags": ["a", 1], "ok": "  x  "})");
  ASSERT_TRUE(obj.ok());
  std::optional<std::string> s;
  Status st = GetString(*obj, "name", true, s);
  EXPECT_EQ(st.key(), "field.type");
  EXPECT_EQ(st.field(), "name");
  std::optional<std::vector<std::string>> tags;
  EXPECT_EQ(GetStringArray(*obj, "tags", false, tags).field(), "tags");
  EXPECT_EQ(GetString(*obj, "missing", true, s).key(), "field.required");
  ASSERT_TRUE(GetString(*obj, "ok", true, s).ok());
  EXPECT_EQ(*s, "x");
  EXPECT_EQ(RejectUnknown(*obj, {"name", "tags"}).field(), "ok");
  EXPECT_EQ(ParseObject("[1]").status().key(), "json.not_object");
  EXPECT_EQ(ParseObject("{\"a\":").status().key(), "json.malformed");
  EXPECT_EQ(CheckEnum("stage", "大学", {"小学", "初中"}).Message("zh"), "字段 学段 的值“大学”不在允许范围内：小学、初中");
}

TEST(ErrorBody, HasCodeMessageAndField) {
  Response r = ErrorResponse(InvalidArgument("id_card.length", "id_number"), "en");
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["field"], "id_number");
  EXPECT_EQ(j["error"]["message"], "The ID number must have 18 characters");
}

}  // namespace
}  // namespace jj::http
