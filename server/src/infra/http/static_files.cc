#include "infra/http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace jj::http {

namespace fs = std::filesystem;

const char* ContentTypeFor(const std::string& path) {
  auto ends = [&](const char* ext) {
    size_t n = std::char_traits<char>::length(ext);
    return path.size() >= n && path.compare(path.size() - n, n, ext) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".woff")) return "font/woff";
  if (ends(".ttf")) return "font/ttf";
  if (ends(".pdf")) return "application/pdf";
  if (ends(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "application/octet-stream";
}

namespace {
std::optional<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::optional<Response> ServeStatic(const std::string& root, const Request& req) {
  if (root.empty() || (req.method != "GET" && req.method != "HEAD")) return std::nullopt;
  if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") return std::nullopt;
  if (req.path.find("..") != std::string::npos || req.path.find('\0') != std::string::npos) return std::nullopt;
  fs::path base = fs::path(root);
  fs::path file = base / req.path.substr(1);
  std::error_code ec;
  bool is_file = !req.path.empty() && req.path != "/" && fs::is_regular_file(file, ec);
  bool fallback = false;
  if (!is_file) {
    // Missing asset files are real 404s; other paths are client routes.
    if (req.path.rfind("/assets/", 0) == 0) return std::nullopt;
    file = base / "index.html";
    fallback = true;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
  }
  auto body = ReadFile(file);
  if (!body) return std::nullopt;
  Response r;
  r.status = 200;
  r.content_type = ContentTypeFor(file.string());
  r.body = std::move(*body);
  if (!fallback && req.path.rfind("/assets/", 0) == 0)
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  else
    r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace jj::http
