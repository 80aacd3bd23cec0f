#include "infra/http/static_files.h"

#include <gtest/gtest.h>

namespace jj::http {
namespace {

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

Request Get(const std::string& path, const std::string& accept_encoding) {
  Request req;
  req.method = "GET";
  req.path = path;
  req.target = path;
  if (!accept_encoding.empty()) req.headers["accept-encoding"] = accept_encoding;
  return req;
}

StaticSite Site() {
  return StaticSite::FromFiles({{"/index.html", "<!doctype html>index"},
                                {"/index.html.gz", "GZ-index"},
                                {"/assets/app-1.js", "console.log(1)"},
                                {"/assets/app-1.js.br", "BR-app"},
                                {"/assets/app-1.js.gz", "GZ-app"},
                                {"/assets/plain-2.css", "body{}"},
                                {"/assets/orphan-3.js.gz", "GZ-orphan"}});
}

TEST(AcceptEncoding, ParsesCodingsAndQualities) {
  auto a = ParseAcceptEncoding("gzip, deflate, br, zstd");
  EXPECT_TRUE(a.br);
  EXPECT_TRUE(a.gzip);
  a = ParseAcceptEncoding("gzip;q=1.0, br;q=0");
  EXPECT_FALSE(a.br);
  EXPECT_TRUE(a.gzip);
  a = ParseAcceptEncoding("BR ; Q=0.5");
  EXPECT_TRUE(a.br);
  EXPECT_FALSE(a.gzip);
  a = ParseAcceptEncoding("*");
  EXPECT_TRUE(a.br && a.gzip);
  a = ParseAcceptEncoding("*;q=0, gzip");
  EXPECT_FALSE(a.br);
  EXPECT_TRUE(a.gzip);
  a = ParseAcceptEncoding("identity");
  EXPECT_FALSE(a.br || a.gzip);
  a = ParseAcceptEncoding("gzip;q=0.000, br;q=abc,,;");
  EXPECT_FALSE(a.br || a.gzip);
  a = ParseAcceptEncoding("");
  EXPECT_FALSE(a.br || a.gzip);
}

TEST(StaticSite, AnswersTheVariantTheBrowserTakes) {
  StaticSite site = Site();
  // The variants are held with their file, not as files of their own.
  EXPECT_EQ(site.file_count(), 4u);
  auto br = site.Serve(Get("/assets/app-1.js", "gzip, deflate, br"));
  ASSERT_TRUE(br);
  EXPECT_EQ(br->status, 200);
  EXPECT_EQ(br->body, "BR-app");
  EXPECT_EQ(HeaderOf(*br, "Content-Encoding"), "br");
  EXPECT_EQ(HeaderOf(*br, "Vary"), "Accept-Encoding");
  EXPECT_EQ(br->content_type, "text/javascript; charset=utf-8");

  auto gz = site.Serve(Get("/assets/app-1.js", "gzip"));
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->body, "GZ-app");
  EXPECT_EQ(HeaderOf(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(*gz, "Vary"), "Accept-Encoding");

  auto plain = site.Serve(Get("/assets/app-1.js", ""));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "console.log(1)");
  EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(*plain, "Vary"), "Accept-Encoding");  // caches must still key on it

  auto refused = site.Serve(Get("/assets/app-1.js", "br;q=0, gzip;q=0"));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->body, "console.log(1)");

  // Each representation has its own ETag; a revalidation matches the one served.
  EXPECT_NE(HeaderOf(*br, "ETag"), HeaderOf(*gz, "ETag"));
  EXPECT_NE(HeaderOf(*br, "ETag"), HeaderOf(*plain, "ETag"));
  Request again = Get("/assets/app-1.js", "br");
  again.headers["if-none-match"] = HeaderOf(*br, "ETag");
  EXPECT_EQ(site.Serve(again)->status, 304);
  again.headers["if-none-match"] = HeaderOf(*plain, "ETag");
  EXPECT_EQ(site.Serve(again)->status, 200);
}

TEST(StaticSite, SpaFallbackAndFilesWithoutVariants) {
  StaticSite site = Site();
  // A client route gets index.html, gzip-compressed when taken (it has no .br).
  auto route = site.Serve(Get("/teachers/12", "br, gzip"));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->body, "GZ-index");
  EXPECT_EQ(HeaderOf(*route, "Content-Encoding"), "gzip");
  EXPECT_EQ(site.Serve(Get("/", "br"))->body, "<!doctype html>index");
  // A file the build did not compress: no Content-Encoding, no Vary.
  auto css = site.Serve(Get("/assets/plain-2.css", "br, gzip"));
  ASSERT_TRUE(css);
  EXPECT_EQ(css->body, "body{}");
  EXPECT_EQ(HeaderOf(*css, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(*css, "Vary"), "");
  // The variants are never addressable by their own names...
  EXPECT_FALSE(site.Serve(Get("/assets/app-1.js.br", "")));
  EXPECT_FALSE(site.Serve(Get("/assets/app-1.js.gz", "gzip")));
  // ...but a .gz the build wrote with no file beside it is an ordinary file.
  auto orphan = site.Serve(Get("/assets/orphan-3.js.gz", ""));
  ASSERT_TRUE(orphan);
  EXPECT_EQ(orphan->body, "GZ-orphan");
  EXPECT_EQ(HeaderOf(*orphan, "Content-Encoding"), "");
  // HEAD carries the headers and no body.
  Request head = Get("/assets/app-1.js", "br");
  head.method = "HEAD";
  auto h = site.Serve(head);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->body.empty());
  EXPECT_EQ(HeaderOf(*h, "Content-Encoding"), "br");
}

}  // namespace
}  // namespace jj::http
