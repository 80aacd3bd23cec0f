#include "infra/http/static_files.h"


#include <cstdio>
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

// FNV-1a, 64 bits: an ETag needs to change with the content, not to resist
// forgery (the files are public).
std::string Etag(const std::string& body) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : body) h = (h ^ c) * 1099511628211ull;
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

bool IsClientRoute(const std::string& path) {
  if (path == "/") return true;
  if (path.empty() || path[0] != '/' || path.size() > 512) return false;
  if (StartsWith(path, "/assets/") || StartsWith(path, "/api/") || path == "/api") return false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end == start) return end == path.size() && end > 1;  // one trailing slash is fine, "//" is not
    for (size_t i = start; i < end; ++i) {
      char c = path[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) return false;  // no dots (files, ".."), no encodings, no controls
    }
    start = end + 1;
  }
  return true;
}

void StaticSite::Add(const std::string& url_path, std::string body) {
  File f;
  f.content_type = ContentTypeFor(url_path);
  f.etag = Etag(body);
  f.body = std::move(body);
  files_[url_path] = std::move(f);
}

StaticSite StaticSite::Load(const std::string& root) {
  StaticSite site;
  if (root.empty()) return site;
  std::error_code ec;
  fs::path base = fs::path(root);
  if (!fs::is_directory(base, ec)) return site;
  // Symbolic links are neither followed into folders nor served as files:
  // the manifest holds what the build wrote, nothing it points to.
  for (auto it = fs::recursive_directory_iterator(base, fs::directory_options::none, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    std::string rel = fs::relative(it->path(), base, ec).generic_string();
    if (ec || rel.empty()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    if (!in) continue;
    std::ostringstream ss;
    ss << in.rdbuf();
    site.Add("/" + rel, ss.str());
  }
  return site;
}

StaticSite StaticSite::FromFiles(const std::map<std::string, std::string>& files) {
  StaticSite site;
  for (const auto& [path, body] : files) site.Add(path, body);
  return site;
}

std::optional<Response> StaticSite::Serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (StartsWith(req.path, "/api/") || req.path == "/api") return std::nullopt;
  auto it = req.path == "/" ? files_.end() : files_.find(req.path);
  bool fallback = it == files_.end();
  if (fallback) {
    if (!IsClientRoute(req.path)) return std::nullopt;
    it = files_.find("/index.html");
    if (it == files_.end()) return std::nullopt;
  }
  const File& f = it->second;
  Response r;
  r.headers.emplace_back("ETag", f.etag);
  if (!fallback && StartsWith(req.path, "/assets/"))
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  else
    r.headers.emplace_back("Cache-Control", "no-cache");
  if (req.Header("if-none-match") == f.etag) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.content_type = f.content_type;
  if (req.method == "GET") r.body = f.body;
  return r;
}

}  // namespace jj::http
