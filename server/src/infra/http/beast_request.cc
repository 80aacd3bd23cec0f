#include "infra/http/beast_request.h"

#include <cctype>

namespace jj::http {

Request FromBeastHeader(const boost::beast::http::request_header<>& in, const std::string& remote) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  size_t q = r.target.find('?');
  r.path = UrlDecode(r.target.substr(0, q), false);
  if (q != std::string::npos) r.query = ParseQuery(r.target.substr(q + 1));
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(f.value());
  }
  r.remote_ip = remote;
  return r;
}

}  // namespace jj::http
