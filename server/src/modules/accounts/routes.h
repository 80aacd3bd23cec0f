// HTTP handlers for /auth (login, logout, me, password) and /accounts.
#pragma once

#include "infra/http/router.h"
#include "modules/accounts/accounts.h"

namespace jj::accounts {

inline constexpr const char* kSessionCookie = "jj_session";

// `secure_cookie` adds the Secure attribute (set when served behind TLS).
void AddRoutes(http::Router& router, AccountService& service, bool secure_cookie);

}  // namespace jj::accounts
