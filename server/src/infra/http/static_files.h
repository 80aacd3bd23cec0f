// Serves the built web UI from a manifest read once at start: every regular
// file under the web root (symbolic links are not followed), held in memory
// with its content type and ETag. A request is matched against that list
// only; no request path ever reaches the filesystem. Hashed assets
// (/assets/...) are cached for a year, everything else is revalidated.
// Unknown paths that look like client routes get index.html (the SPA
// fallback); anything else (missing assets, file-like or odd paths) is 404.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "infra/http/message.h"

namespace jj::http {

class StaticSite {
 public:
  StaticSite() = default;
  // Reads the manifest of `root`; an empty or missing root serves nothing.
  static StaticSite Load(const std::string& root);
  // A site of the given files ("/index.html" → body), for tests and fuzzing.
  static StaticSite FromFiles(const std::map<std::string, std::string>& files);

  // nullopt when the request is not for the UI (API paths, non-GET/HEAD,
  // no index.html): the caller answers 404.
  std::optional<Response> Serve(const Request& req) const;

  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string body, content_type, etag;
  };
  void Add(const std::string& url_path, std::string body);
  std::unordered_map<std::string, File> files_;  // by URL path, e.g. "/assets/app.js"
};

// True for a path the client-side router may own: "/", or segments of
// letters, digits, '-', '_' and '%'-free ASCII, no empty segment, no dot in
// the last one, not under /assets/ or /api/.
bool IsClientRoute(const std::string& path);

const char* ContentTypeFor(const std::string& path);

}  // namespace jj::http
