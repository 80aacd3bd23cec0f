#include "modules/accounts/routes.h"

#include "infra/http/json_io.h"

namespace jj::accounts {

namespace {

using http::Json;

Json ActorJson(const auth::Actor& a) {
  Json user = {{"id", a.account_id},
               {"username", a.username},
               {"display_name", a.display_name},
               {"role", auth::RoleName(a.role)},
               {"org_id", a.org_id},
               {"org_name", a.org_name},
               {"must_change_password", a.must_change_password}};
  user["teacher_id"] = a.teacher_id ? Json(*a.teacher_id) : Json(nullptr);
  return Json{{"user", user}, {"csrf_token", a.csrf_token}};
}

Json ToJson(const Account& a) {
  Json j = {{"id", a.id},           {"username", a.username}, {"display_name", a.display_name},
            {"role", a.role},       {"org_id", a.org_id},     {"org_name", a.org_name},
            {"disabled", a.disabled}, {"must_change_password", a.must_change_password}};
  j["teacher_id"] = a.teacher_id ? Json(*a.teacher_id) : Json(nullptr);
  return j;
}

std::string Cookie(const std::string& value, int64_t max_age, bool secure) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age) + (secure ? "; Secure" : "");
}

}  // namespace

void AddRoutes(http::Router& router, AccountService& service, bool secure_cookie) {
  router.Add("POST", "/api/v1/auth/login", http::Access::kPublic, [&service, secure_cookie](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::string> username, password;
    Status st = http::RejectUnknown(*body, {"username", "password"});
    if (st.ok()) st = http::GetString(*body, "username", true, username, 64);
    if (st.ok()) st = http::GetString(*body, "password", true, password, 128);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    auto r = service.Login(*username, *password, req.remote_ip);
    if (!r.ok()) return http::ErrorResponse(r.status(), req.lang);
    http::Response out = http::JsonResponse(200, ActorJson(r->actor).dump());
    out.headers.emplace_back("Set-Cookie", Cookie(r->session_token, kSessionLifetime, secure_cookie));
    return out;
  });

  router.Add("POST", "/api/v1/auth/logout", http::Access::kAuthenticated, [&service, secure_cookie](http::Request& req) {
    Status st = service.Logout(req.Cookie(kSessionCookie));
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    http::Response out = http::NoContent();
    out.headers.emplace_back("Set-Cookie", Cookie("", 0, secure_cookie));
    return out;
  });

  router.Add("GET", "/api/v1/auth/me", http::Access::kAuthenticated,
             [](http::Request& req) { return http::JsonResponse(200, ActorJson(*req.actor).dump()); });

  // The session probe the web UI asks at start: 200 either way, so that a
  // visitor on the login page meets no 401. Signed in: /auth/me's body with
  // authenticated true.
  router.Add("GET", "/api/v1/auth/session", http::Access::kPublic, [&service](http::Request& req) {
    auto actor = service.Resolve(req.Cookie(kSessionCookie));
    if (!actor.ok()) return http::JsonResponse(200, Json{{"authenticated", false}}.dump());
    Json body = ActorJson(*actor);
    body["authenticated"] = true;
    return http::JsonResponse(200, body.dump());
  });

  router.Add("POST", "/api/v1/auth/password", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::string> old_pw, new_pw;
    Status st = http::RejectUnknown(*body, {"old_password", "new_password"});
    if (st.ok()) st = http::GetString(*body, "old_password", true, old_pw, 128);
    if (st.ok()) st = http::GetString(*body, "new_password", true, new_pw, 128);
    if (st.ok())
      st = service.ChangePassword(*req.actor, req.Cookie(kSessionCookie), req.remote_ip, *old_pw, *new_pw);
    return st.ok() ? http::NoContent() : http::ErrorResponse(st, req.lang);
  });

  router.Add("GET", "/api/v1/accounts", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto page = http::QueryInt(req, "page", 1, 1000000);
    if (!page.ok()) return http::ErrorResponse(page.status(), req.lang);
    auto size = http::QueryInt(req, "page_size", 20, 200);
    if (!size.ok()) return http::ErrorResponse(size.status(), req.lang);
    std::optional<int64_t> org_id;
    if (auto o = req.Query("org_id"); o && !o->empty()) {
      auto v = http::QueryInt(req, "org_id", 0, INT64_MAX);
      if (!v.ok()) return http::ErrorResponse(v.status(), req.lang);
      org_id = *v;
    }
    auto r = service.List(*req.actor, *page, *size, req.Query("q").value_or(""), req.Query("role").value_or(""),
                          org_id);
    return http::Render(req, r, 200, [](const AccountPage& p) {
      Json items = Json::array();
      for (const auto& a : p.items) items.push_back(ToJson(a));
      return Json{{"items", items},
                  {"total", p.total},
                  {"total_exact", p.total_exact},
                  {"page", p.page},
                  {"page_size", p.page_size}};
    });
  });

  router.Add("POST", "/api/v1/accounts", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    std::optional<std::string> username, display_name, role;
    std::optional<int64_t> org_id, teacher_id;
    Status st = http::RejectUnknown(*body, {"username", "display_name", "role", "org_id", "teacher_id"});
    if (st.ok()) st = http::GetString(*body, "username", true, username, 32);
    if (st.ok()) st = http::GetString(*body, "display_name", true, display_name, 50);
    if (st.ok()) st = http::GetString(*body, "role", true, role, 32);
    if (st.ok()) st = http::GetInt(*body, "teacher_id", false, teacher_id);
    if (st.ok()) st = http::GetInt(*body, "org_id", !teacher_id.has_value(), org_id);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    auto r = service.Create(*req.actor, {*username, *display_name, *role, org_id.value_or(0), teacher_id});
    return http::Render(req, r, 201, [](const std::pair<Account, std::string>& p) {
      return Json{{"account", ToJson(p.first)}, {"initial_password", p.second}};
    });
  });

  router.Add("PATCH", "/api/v1/accounts/{id}", http::Access::kAuthenticated, [&service](http::Request& req) {
    auto id = http::PathId(req);
    if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
    auto body = http::ParseObject(req.body);
    if (!body.ok()) return http::ErrorResponse(body.status(), req.lang);
    AccountPatch p;
    Status st = http::RejectUnknown(*body, {"display_name", "role", "org_id", "disabled"});
    if (st.ok()) st = http::GetString(*body, "display_name", false, p.display_name, 50);
    if (st.ok()) st = http::GetString(*body, "role", false, p.role, 32);
    if (st.ok()) st = http::GetInt(*body, "org_id", false, p.org_id);
    if (st.ok()) st = http::GetBool(*body, "disabled", false, p.disabled);
    if (!st.ok()) return http::ErrorResponse(st, req.lang);
    return http::Render(req, service.Update(*req.actor, *id, p), 200, [](const Account& a) { return ToJson(a); });
  });

  router.Add("POST", "/api/v1/accounts/{id}/reset-password", http::Access::kAuthenticated,
             [&service](http::Request& req) {
               auto id = http::PathId(req);
               if (!id.ok()) return http::ErrorResponse(id.status(), req.lang);
               return http::Render(req, service.ResetPassword(*req.actor, *id), 200,
                                   [](const std::string& pw) { return Json{{"initial_password", pw}}; });
             });
}

}  // namespace jj::accounts
