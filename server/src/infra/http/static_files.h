// Serves the built web UI from a manifest read once at start: every regular
// file under the web root (symbolic links are not followed), held in memory
// with its content type and ETag. A request is matched against that list
// only; no request path ever reaches the filesystem. Hashed assets
// (/assets/...) are cached for a year, everything else is revalidated.
// Unknown paths that look like client routes get index.html (the SPA
// fallback); anything else (missing assets, file-like or odd paths) is 404.
// Precompressed variants the build wrote beside a file ("x.js.br",
// "x.js.gz") are not files of their own: they are held with "x.js" and
// answered, with Content-Encoding and Vary: Accept-Encoding, to a browser
// whose Accept-Encoding takes them (brotli first, then gzip).
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
  struct Variant {
    std::string body, etag;
  };
  struct File {
    std::string body, content_type, etag;
    std::optional<Variant> br, gzip;
  };
  void Add(const std::string& url_path, std::string body);
  // Moves "x.br" / "x.gz" under "x" when "x" exists.
  void AttachVariants();
  std::unordered_map<std::string, File> files_;  // by URL path, e.g. "/assets/app.js"
};

// True for a path the client-side router may own: "/", or segments of
// letters, digits, '-', '_' and '%'-free ASCII, no empty segment, no dot in
// the last one, not under /assets/ or /api/.
bool IsClientRoute(const std::string& path);

const char* ContentTypeFor(const std::string& path);

// Which precompressed coding an Accept-Encoding value takes: "br", "gzip",
// or "" for none. Codings with q=0 are refused; "*" stands for any coding
// not named.
struct AcceptedCodings {
  bool br = false, gzip = false;
};
AcceptedCodings ParseAcceptEncoding(const std::string& header);

}  // namespace jj::http
