#include "infra/http/router.h"

namespace jj::http {

namespace {
std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 1;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}
}  // namespace

void Router::Add(std::string method, std::string pattern, Access access,
                 std::function<Response(Request&)> handler) {
  routes_.push_back(Route{std::move(method), std::move(pattern), access, std::move(handler)});
}

const Route* Router::Match(Request& req, bool* path_matched) const {
  std::vector<std::string> segs = Split(req.path);
  const Route* best = nullptr;
  int best_literals = -1;
  std::map<std::string, std::string> best_params;
  *path_matched = false;
  for (const Route& r : routes_) {
    std::vector<std::string> pat = Split(r.pattern);
    if (pat.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    int literals = 0;
    bool ok = true;
    for (size_t i = 0; i < pat.size() && ok; ++i) {
      if (pat[i].size() > 2 && pat[i].front() == '{' && pat[i].back() == '}') {
        if (segs[i].empty()) ok = false;
        params[pat[i].substr(1, pat[i].size() - 2)] = segs[i];
      } else if (pat[i] == segs[i]) {
        ++literals;
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    *path_matched = true;
    if (r.method != req.method) continue;
    if (literals > best_literals) {
      best = &r;
      best_literals = literals;
      best_params = std::move(params);
    }
  }
  if (best) req.params = std::move(best_params);
  return best;
}

}  // namespace jj::http
