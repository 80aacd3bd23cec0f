// Transport-neutral request and response values passed between the Beast
// listener, the router and the module route handlers.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace jj::auth {
struct Actor;
}

namespace jj::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target with query
  std::string path;    // decoded path without query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  // A spreadsheet upload streamed to this file instead of `body` (see
  // ServerOptions::upload_dir). A handler that keeps the file takes it by
  // clearing this; the server deletes a file still named here afterwards.
  std::string body_file;
  std::string remote_ip;
  // Filled by the router.
  std::map<std::string, std::string> params;
  // Filled by the API dispatcher for authenticated routes.
  const auth::Actor* actor = nullptr;
  std::string lang = "zh";  // "zh" or "en", from Accept-Language

  std::string Header(const std::string& lower_name) const;
  std::string Cookie(const std::string& name) const;
  std::optional<std::string> Query(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// A file upload (spreadsheet import, evidence): its body is the file's
// bytes, not JSON. The listener gives it the upload limit; the dispatcher
// exempts it from the JSON-only rule.
bool IsUpload(std::string_view method, std::string_view path);
// "application/json", with or without parameters (charset).
bool IsJsonContentType(const std::string& content_type);
// False when a browser says the request comes from another site: an Origin
// that is neither this Host (http or https) nor `trusted_origin`, or a
// Sec-Fetch-Site other than same-origin/none. A request with neither header
// (curl, scripts) passes: they carry no ambient browser credentials.
bool IsSameOrigin(const Request& req, const std::string& trusted_origin);

// "en" when Accept-Language starts with "en", else "zh".
std::string LangOf(const Request& req);

// Percent-decoding ('+' stays '+' in paths, becomes ' ' in query values).
std::string UrlDecode(const std::string& s, bool plus_is_space);
// Splits "a=1&b=2" into a map (last value wins).
std::map<std::string, std::string> ParseQuery(const std::string& q);

// {"error":{"code","message","field"?,"row"?,"fields"?}} with the status of
// the code; "fields" ([{"field","message"}]) when a form has several problems.
Response ErrorResponse(const Status& status, const std::string& lang);
// The {"code","message","field","row"} object of an error body.
nlohmann::json ErrorJson(const Status& status, const std::string& lang);
Response JsonResponse(int status, const std::string& json_text);
Response NoContent();
// A download: the bytes with Content-Disposition: attachment and the file
// name (UTF-8, RFC 5987 encoded, with an ASCII fallback).
Response FileResponse(const std::string& name, const std::string& content_type, std::string bytes);

}  // namespace jj::http
