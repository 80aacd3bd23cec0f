// Serves the built web UI: files under `root` with their content types,
// long-lived caching for hashed assets (/assets/...), no-cache for
// index.html, and the SPA fallback (unknown non-API paths get index.html).
#pragma once

#include <optional>
#include <string>

#include "infra/http/message.h"

namespace jj::http {

// nullopt when the request is not for a static file (API paths, or no
// index.html under root). Never serves anything outside `root`.
std::optional<Response> ServeStatic(const std::string& root, const Request& req);

const char* ContentTypeFor(const std::string& path);

}  // namespace jj::http
