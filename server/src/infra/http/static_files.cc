#include "infra/http/static_files.h"


#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

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
bool EndsWith(const std::string& s, const char* suffix) {
  size_t n = std::char_traits<char>::length(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

AcceptedCodings ParseAcceptEncoding(const std::string& header) {
  // name -> q; a malformed q counts as 0 (refused), a missing one as 1.
  std::optional<bool> br, gzip, any;
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string item = header.substr(start, end - start);
    start = end + 1;
    std::string name = item, params;
    if (size_t semi = item.find(';'); semi != std::string::npos) {
      name = item.substr(0, semi);
      params = item.substr(semi + 1);
    }
    name = Lower(Trim(name));
    if (name.empty()) continue;
    bool ok = true;
    std::string p = Lower(Trim(params));
    if (!p.empty()) {
      ok = false;
      if (StartsWith(p, "q=")) {
        std::string q = Trim(p.substr(2));
        // q = 0 / 0.0 / 0.000 refuses; anything else in [0,1] accepts.
        bool zero = !q.empty() && q[0] == '0' && q.find_first_not_of("0.", 0) == std::string::npos;
        bool number = !q.empty() && q.find_first_not_of("0123456789.") == std::string::npos;
        ok = number && !zero;
      }
    }
    if (name == "br") br = ok;
    else if (name == "gzip" || name == "x-gzip") gzip = gzip.value_or(false) || ok;
    else if (name == "*") any = ok;
  }
  AcceptedCodings out;
  out.br = br.value_or(any.value_or(false));
  out.gzip = gzip.value_or(any.value_or(false));
  return out;
}

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

void StaticSite::AttachVariants() {
  std::vector<std::string> moved;
  for (auto& [path, file] : files_) {
    for (const char* ext : {".br", ".gz"}) {
      if (!EndsWith(path, ext)) continue;
      auto base = files_.find(path.substr(0, path.size() - 3));
      if (base == files_.end()) continue;
      Variant v{file.body, Etag(file.body)};
      (std::string(ext) == ".br" ? base->second.br : base->second.gzip) = std::move(v);
      moved.push_back(path);
    }
  }
  for (const auto& path : moved) files_.erase(path);
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
  site.AttachVariants();
  return site;
}

StaticSite StaticSite::FromFiles(const std::map<std::string, std::string>& files) {
  StaticSite site;
  for (const auto& [path, body] : files) site.Add(path, body);
  site.AttachVariants();
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
  // The representation: brotli, gzip or the file itself, as the browser
  // takes them. Each has its own ETag.
  const std::string* body = &f.body;
  const std::string* etag = &f.etag;
  const char* coding = nullptr;
  if (f.br || f.gzip) {
    AcceptedCodings accepted = ParseAcceptEncoding(req.Header("accept-encoding"));
    if (f.br && accepted.br) {
      body = &f.br->body, etag = &f.br->etag, coding = "br";
    } else if (f.gzip && accepted.gzip) {
      body = &f.gzip->body, etag = &f.gzip->etag, coding = "gzip";
    }
  }
  Response r;
  r.headers.emplace_back("ETag", *etag);
  if (f.br || f.gzip) r.headers.emplace_back("Vary", "Accept-Encoding");
  if (coding) r.headers.emplace_back("Content-Encoding", coding);
  if (!fallback && StartsWith(req.path, "/assets/"))
    r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  else
    r.headers.emplace_back("Cache-Control", "no-cache");
  if (req.Header("if-none-match") == *etag) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.content_type = f.content_type;
  if (req.method == "GET") r.body = *body;
  return r;
}

}  // namespace jj::http
