// Integration-test harness: a real jijiao App behind a real HTTP listener on
// a free port, over SQLite (a temp file) or PostgreSQL (JIJIAO_TEST_PG, a
// throw-away cluster started by scripts/with-postgres.sh), seeded with the
// demo county. Clients talk plain HTTP through cpp-httplib.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/wiring.h"
#include "core/clock.h"
#include "infra/http/server.h"

namespace jj::testing {

using Json = nlohmann::json;

struct Backend {
  std::unique_ptr<FakeClock> clock;
  std::unique_ptr<app::App> app;
  std::unique_ptr<http::Server> server;
  uint16_t port = 0;
};

// The backend for "sqlite" or "postgres", created and seeded once per
// process; nullptr (and a reason) when PostgreSQL is not configured.
// "sqlite/NAME" and "postgres/NAME" name a backend of its own (its own file,
// its own PostgreSQL database), for tests that must not share one.
Backend* GetBackend(const std::string& name, std::string* why_not);

// The fake built UI every backend serves: URL path → content. Its folder
// also holds symbolic links to /etc (which must never be served).
const std::map<std::string, std::string>& WebRootFiles();
std::string MakeWebRoot(const std::string& name);

struct Reply {
  int status = 0;
  Json body;
  std::string raw;
  std::string content_type, disposition;
  std::string Code() const { return body.contains("error") ? body["error"].value("code", "") : ""; }
  std::string Field() const { return body.contains("error") ? body["error"].value("field", "") : ""; }
  std::string Message() const { return body.contains("error") ? body["error"].value("message", "") : ""; }
};

// One logged-in browser: keeps the session cookie and the CSRF token.
class Client {
 public:
  explicit Client(uint16_t port);
  Reply Login(const std::string& username, const std::string& password);
  Reply Get(const std::string& path);
  Reply Post(const std::string& path, const Json& body);
  Reply Patch(const std::string& path, const Json& body);
  Reply Put(const std::string& path, const Json& body);
  Reply Delete(const std::string& path);
  // Raw body and headers, for malformed-input tests.
  Reply Send(const std::string& method, const std::string& path, const std::string& body,
             const std::string& content_type = "application/json", bool with_csrf = true);
  void set_csrf(const std::string& t) { csrf_ = t; }
  // A session made without logging in ("jj_session=TOKEN").
  void set_cookie(const std::string& c) { cookie_ = c; }
  void set_lang(const std::string& l) { lang_ = l; }
  // A header sent with every later request (e.g. Origin), "" removes it.
  void set_header(const std::string& name, const std::string& value) {
    if (value.empty()) extra_.erase(name);
    else extra_[name] = value;
  }

 private:
  httplib::Headers Headers(bool with_csrf) const;
  Reply Wrap(const httplib::Result& r);
  httplib::Client http_;
  std::string cookie_, csrf_, lang_ = "zh";
  std::map<std::string, std::string> extra_;
};

// Base of the integration tests, parameterized by backend ("sqlite",
// "postgres"): the backend, demo logins and lookups.
class Api : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  // The backend the tests run on (GetBackend's name): the shared one.
  virtual std::string BackendName() const { return GetParam(); }
  // A client logged in as a demo account.
  Client As(const std::string& username);
  int64_t OrgId(const std::string& code);
  // A client logged in as the teacher with this id (an account "t<id>" is
  // created on first use, with no password change pending).
  Client AsTeacher(int64_t teacher_id);
  // Serving teachers of an org's subtree, by id.
  std::vector<int64_t> TeacherIds(const std::string& org_code, size_t limit);
  // A project taken by the real roles through create (`owner`, institution
  // staff by default; a school admin for a module project) → submit →
  // expert review (full marks) → approve (bureau admin) → open; its id.
  // `body` is a POST /api/v1/projects body.
  int64_t OpenProject(const Json& body, const std::string& owner = "institution_staff");
  // The first teacher (by name) of an org, as the client sees it.
  Json FirstTeacher(Client& c, int64_t org_id);
  // Teachers in the whole registry.
  int64_t TeacherCount();

  Backend* b_ = nullptr;
};

// Sets the app's base URL for one scope (e.g. "" to act as a server started
// without one) and puts the previous value back at its end.
class ScopedBaseUrl {
 public:
  ScopedBaseUrl(app::App& app, const std::string& value, http::BaseUrl::Source source)
      : app_(app), old_(app.base_url().Get()), old_source_(app.base_url().source()) {
    app_.base_url().Set(value, source);
  }
  ~ScopedBaseUrl() { app_.base_url().Set(old_, old_source_); }

 private:
  app::App& app_;
  std::string old_;
  http::BaseUrl::Source old_source_;
};

// Polls GET /api/v1/jobs/{id} until the job has finished (or 60 s passed).
Reply WaitJob(Client& c, int64_t job_id);

// A valid ID number with the given birth date and sequence (odd = male).
std::string MakeIdNumber(const std::string& region6, const std::string& yyyymmdd, int seq);

}  // namespace jj::testing
