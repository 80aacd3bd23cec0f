#include "infra/http/message.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace jj::http {

bool IsUpload(std::string_view method, std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  return method == "POST" && (ends_with("/import") || ends_with("/evidence"));
}

bool IsJsonContentType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t == "application/json";
}

bool IsSameOrigin(const Request& req, const std::string& trusted_origin) {
  std::string site = req.Header("sec-fetch-site");
  if (!site.empty() && site != "same-origin" && site != "none") return false;
  auto origin = req.headers.find("origin");
  if (origin == req.headers.end()) return true;
  const std::string& o = origin->second;
  std::string host = req.Header("host");
  if (!host.empty() && (o == "http://" + host || o == "https://" + host)) return true;
  return !trusted_origin.empty() && o == trusted_origin;
}

std::string Request::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::Cookie(const std::string& name) const {
  std::string all = Header("cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    if (end == std::string::npos) end = all.size();
    std::string part = all.substr(pos, end - pos);
    size_t b = part.find_first_not_of(' ');
    if (b != std::string::npos) part = part.substr(b);
    size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
    pos = end + 1;
  }
  return {};
}

std::optional<std::string> Request::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string LangOf(const Request& req) { return req.Header("accept-language").rfind("en", 0) == 0 ? "en" : "zh"; }

std::string UrlDecode(const std::string& s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(const std::string& q) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= q.size() && !q.empty()) {
    size_t end = q.find('&', pos);
    if (end == std::string::npos) end = q.size();
    std::string part = q.substr(pos, end - pos);
    if (!part.empty()) {
      size_t eq = part.find('=');
      if (eq == std::string::npos)
        out[UrlDecode(part, true)] = "";
      else
        out[UrlDecode(part.substr(0, eq), true)] = UrlDecode(part.substr(eq + 1), true);
    }
    pos = end + 1;
    if (end == q.size()) break;
  }
  return out;
}

nlohmann::json ErrorJson(const Status& status, const std::string& lang) {
  nlohmann::json err = {{"code", CodeName(status.code())}, {"message", status.Message(lang)}};
  if (!status.field().empty()) err["field"] = status.field();
  if (status.row()) err["row"] = *status.row();
  if (!status.details().empty()) {
    nlohmann::json fields = nlohmann::json::array();
    for (const Status& d : status.details())
      fields.push_back({{"field", d.field()}, {"message", d.Message(lang)}});
    err["fields"] = std::move(fields);
  }
  return err;
}

Response ErrorResponse(const Status& status, const std::string& lang) {
  Response r;
  r.status = HttpStatusOf(status.code());
  r.body = nlohmann::json{{"error", ErrorJson(status, lang)}}.dump();
  return r;
}

Response JsonResponse(int status, const std::string& json_text) {
  Response r;
  r.status = status;
  r.body = json_text;
  return r;
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response FileResponse(const std::string& name, const std::string& content_type, std::string bytes) {
  Response r;
  r.status = 200;
  r.content_type = content_type;
  r.body = std::move(bytes);
  std::string encoded, ascii;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
      ascii += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
      if (c < 0x80) ascii += '_';
    }
  }
  auto dot = name.rfind('.');
  if (ascii.empty() || ascii[0] == '.') ascii = "download" + (dot == std::string::npos ? "" : name.substr(dot));
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
  return r;
}

}  // namespace jj::http
