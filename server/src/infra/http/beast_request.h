// The transport-neutral Request of a request header parsed by Beast: the
// listener and the HTTP fuzz target build requests the same way.
#pragma once

#include <boost/beast/http.hpp>
#include <string>

#include "infra/http/message.h"

namespace jj::http {

// Method, target, decoded path, query and lower-case headers; the caller
// sets the body.
Request FromBeastHeader(const boost::beast::http::request_header<>& in, const std::string& remote);

}  // namespace jj::http
