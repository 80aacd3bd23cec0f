#include "harness.h"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "app/demo_seed.h"
#include "core/id_card.h"
#include "infra/db/database.h"
#include "modules/org/org.h"
#include "modules/projects/projects.h"

namespace jj::testing {

namespace {

// 2026-03-01 12:00 CST: fixed so dates such as "new teacher" are exact.
constexpr int64_t kTestNow = 1772337600;

Status ResetPostgres(const std::string& url) {
  auto db = db::Database::Open(url, 1);
  if (!db.ok()) return db.status();
  return (*db)->Read([](db::Tx& tx) -> Status {
    tx.Exec("DROP SCHEMA IF EXISTS public CASCADE");
    tx.Exec("CREATE SCHEMA public");
    return Status::Ok();
  });
}

}  // namespace

std::string MakeWebRoot(const std::string& name) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("jj_api_web_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "assets");
  for (const auto& [rel, body] : WebRootFiles()) {
    std::ofstream out(root / rel.substr(1), std::ios::binary);
    out << body;
  }
  // A link the build did not write: never served, nor what it points to.
  std::error_code ec;
  fs::create_symlink("/etc/passwd", root / "passwd.txt", ec);
  fs::create_directory_symlink("/etc", root / "assets" / "etc", ec);
  return root.string();
}

const std::map<std::string, std::string>& WebRootFiles() {
  static const std::map<std::string, std::string> k = {
      {"/index.html", "<!doctype html><title>jijiao test index</title>"},
      {"/assets/index-4f2a9c.js", "console.log('jijiao test asset')"},
      {"/assets/index-4f2a9c.css", "body{margin:0}"},
      {"/favicon.ico", "ico"}};
  return k;
}

Backend* GetBackend(const std::string& name, std::string* why_not) {
  // A server that closes early (413) must not kill the test with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Backend>> backends;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = backends.find(name); it != backends.end()) return it->second.get();
  auth::InitCrypto();
  // "sqlite" / "postgres": the shared backend; "sqlite/NAME" / "postgres/NAME": one of its own.
  const std::string kind = name.substr(0, name.find('/'));
  const std::string own = name.find('/') == std::string::npos ? "" : name.substr(name.find('/') + 1);
  const std::string tag = own.empty() ? kind : kind + "_" + own;
  app::AppOptions opts;
  opts.hash_cost = auth::HashCost::kFastForTests;
  opts.web_root = MakeWebRoot(tag);
  opts.trust_proxy = true;  // tests act from several client addresses (X-Real-IP)
  opts.audit_cache_rows = 200000;  // as `jijiao serve`
  opts.files_dir = std::filesystem::temp_directory_path() / ("jj_api_files_" + tag + "_" + std::to_string(getpid()));
  if (kind == "postgres") {
    const char* url = std::getenv("JIJIAO_TEST_PG");
    if (!url || !*url) {
      *why_not = "JIJIAO_TEST_PG is not set (make test sets it)";
      return nullptr;
    }
    std::string db_url = url;
    if (!own.empty()) {
      // A database of its own beside the shared test database.
      auto admin = db::Database::Open(db_url, 1);
      if (!admin.ok()) {
        *why_not = "cannot reach PostgreSQL: " + admin.status().Message("en");
        return nullptr;
      }
      const std::string dbname = "jijiao_test_" + own;
      Status st = (*admin)->Read([&](db::Tx& tx) -> Status {
        tx.Exec("DROP DATABASE IF EXISTS " + dbname);
        tx.Exec("CREATE DATABASE " + dbname);
        return Status::Ok();
      });
      if (!st.ok()) {
        *why_not = "cannot create " + dbname + ": " + st.Message("en");
        return nullptr;
      }
      db_url = db_url.substr(0, db_url.rfind('/') + 1) + dbname;
    }
    Status st = ResetPostgres(db_url);
    if (!st.ok()) {
      *why_not = "cannot reset PostgreSQL: " + st.Message("en");
      return nullptr;
    }
    opts.db_url = db_url;
  } else {
    std::string path = std::filesystem::temp_directory_path() / ("jj_api_test_" + std::to_string(getpid()) +
                                                                 (own.empty() ? "" : "_" + own) + ".db");
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
    opts.db_url = "sqlite:" + path;
  }
  auto b = std::make_unique<Backend>();
  b->clock = std::make_unique<FakeClock>(kTestNow);
  auto app = app::App::Open(opts, *b->clock);
  if (!app.ok()) {
    auto detail = app.status().params().find("detail");
    *why_not = "cannot open app: " + app.status().Message("en") + " " +
               (detail != app.status().params().end() ? detail->second : std::string());
    return nullptr;
  }
  b->app = std::move(*app);
  b->app->StartWorkers(1);
  std::ostringstream log;
  // The county and its accounts without the demo's history: tests count from zero.
  Status seeded = app::SeedDemo(*b->app, log, /*history=*/false);
  if (!seeded.ok()) {
    *why_not = "cannot seed demo: " + seeded.Message("en");
    return nullptr;
  }
  http::ServerOptions so;
  so.port = 0;
  so.workers = 4;
  so.inline_paths = {"/healthz"};
  so.upload_dir = b->app->jobs().uploads_dir();
  app::App* raw = b->app.get();
  b->server = std::make_unique<http::Server>(so, [raw](http::Request& r) { return raw->Handle(r); });
  if (!b->server->Start().ok()) {
    *why_not = "cannot listen";
    return nullptr;
  }
  b->port = b->server->port();
  // As `jijiao serve` does: the demo database's QR codes point here.
  b->app->ServeOn(so.address, b->port);
  Backend* out = b.get();
  backends[name] = std::move(b);
  return out;
}

Client::Client(uint16_t port) : http_("127.0.0.1", port) {
  http_.set_keep_alive(true);
  http_.set_read_timeout(30, 0);
}

httplib::Headers Client::Headers(bool with_csrf) const {
  httplib::Headers h;
  if (!cookie_.empty()) h.emplace("Cookie", cookie_);
  if (with_csrf && !csrf_.empty()) h.emplace("X-CSRF-Token", csrf_);
  h.emplace("Accept-Language", lang_);
  for (const auto& [k, v] : extra_) h.emplace(k, v);
  return h;
}

Reply Client::Wrap(const httplib::Result& r) {
  Reply out;
  if (!r) {
    out.status = -1;
    return out;
  }
  out.status = r->status;
  out.raw = r->body;
  out.content_type = r->get_header_value("Content-Type");
  out.disposition = r->get_header_value("Content-Disposition");
  if (r->has_header("Set-Cookie")) {
    std::string c = r->get_header_value("Set-Cookie");
    cookie_ = c.substr(0, c.find(';'));
  }
  out.body = Json::parse(r->body, nullptr, false);
  if (out.body.is_discarded()) out.body = Json();
  return out;
}

Reply Client::Login(const std::string& username, const std::string& password) {
  Reply r = Post("/api/v1/auth/login", {{"username", username}, {"password", password}});
  if (r.status == 200) csrf_ = r.body.value("csrf_token", "");
  return r;
}

Reply Client::Get(const std::string& path) { return Wrap(http_.Get(path, Headers(false))); }
Reply Client::Post(const std::string& path, const Json& body) {
  return Wrap(http_.Post(path, Headers(true), body.dump(), "application/json"));
}
Reply Client::Patch(const std::string& path, const Json& body) {
  return Wrap(http_.Patch(path, Headers(true), body.dump(), "application/json"));
}
Reply Client::Put(const std::string& path, const Json& body) {
  return Wrap(http_.Put(path, Headers(true), body.dump(), "application/json"));
}
Reply Client::Delete(const std::string& path) { return Wrap(http_.Delete(path, Headers(true))); }
Reply Client::Send(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& content_type, bool with_csrf) {
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = Headers(with_csrf);
  req.body = body;
  req.set_header("Content-Type", content_type);
  return Wrap(http_.send(req));
}

void Api::SetUp() {
  std::string why;
  b_ = GetBackend(BackendName(), &why);
  if (!b_) {
    // Without a PostgreSQL to test against the postgres half is skipped;
    // with one that does not work, it fails.
    const char* pg = std::getenv("JIJIAO_TEST_PG");
    if (GetParam() == "postgres" && pg && *pg) FAIL() << why;
    GTEST_SKIP() << why;
  }
}

Client Api::As(const std::string& username) {
  Client c(b_->port);
  Reply r = c.Login(username, app::kDemoPassword);
  EXPECT_EQ(r.status, 200) << username << ": " << r.raw;
  return c;
}

int64_t Api::OrgId(const std::string& code) {
  int64_t id = 0;
  (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
    if (auto o = org::FindOrgByCode(tx, code)) id = o->id;
    return Status::Ok();
  });
  EXPECT_NE(id, 0) << code;
  return id;
}

Client Api::AsTeacher(int64_t teacher_id) {
  std::string username = "t" + std::to_string(teacher_id);
  std::string password = "Teach-Pass-2026";
  Status st = b_->app->db().Transact([&](db::Tx& tx) -> Status {
    db::Row r;
    if (tx.QueryOne("SELECT id FROM accounts WHERE username = :u", {username}, r)) return Status::Ok();
    // One teacher, one account: a teacher who has one (the demo teacher,
    // seeded with the demo password) is logged in as it.
    if (tx.QueryOne("SELECT username FROM accounts WHERE teacher_id = :t", {teacher_id}, r)) {
      username = r.Str(0);
      password = app::kDemoPassword;
      return Status::Ok();
    }
    if (!tx.QueryOne("SELECT org_id, name FROM teachers WHERE id = :id", {teacher_id}, r))
      return Status(Code::kNotFound, "not_found");
    accounts::NewAccount a;
    a.username = username;
    a.display_name = r.Str(1);
    a.role = "teacher";
    a.org_id = r.Int(0);
    a.teacher_id = teacher_id;
    return b_->app->accounts().CreateSystemAccount(tx, a, password, false).status();
  });
  EXPECT_TRUE(st.ok()) << st.Message("en");
  Client c(b_->port);
  Reply r = c.Login(username, password);
  EXPECT_EQ(r.status, 200) << username << ": " << r.raw;
  return c;
}

std::vector<int64_t> Api::TeacherIds(const std::string& org_code, size_t limit) {
  std::vector<int64_t> out;
  (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
    auto o = org::FindOrgByCode(tx, org_code);
    if (!o) return Status::Ok();
    auto [lo, hi] = org::SubtreeRange(o->path);
    for (const auto& r : tx.Query("SELECT t.id FROM teachers t JOIN orgs o ON o.id = t.org_id WHERE o.path >= :lo "
                                  "AND o.path < :hi AND t.status = '在职' ORDER BY t.id LIMIT :n",
                                  {lo, hi, static_cast<int64_t>(limit)}))
      out.push_back(r.Int(0));
    return Status::Ok();
  });
  return out;
}

int64_t Api::OpenProject(const Json& body, const std::string& owner) {
  Client inst = As(owner), bureau = As("bureau_admin"), expert = As("expert");
  auto move = [](Client& c, int64_t id, const std::string& action) {
    Reply r = c.Post("/api/v1/projects/" + std::to_string(id) + "/transition", {{"action", action}});
    EXPECT_EQ(r.status, 200) << action << ": " << r.raw;
  };
  Reply c = inst.Post("/api/v1/projects", body);
  EXPECT_EQ(c.status, 201) << c.raw;
  const int64_t id = c.body.value("id", int64_t{0});
  const std::string path = "/api/v1/projects/" + std::to_string(id);
  move(inst, id, "submit");
  const int64_t expert_id = expert.Get("/api/v1/auth/me").body["user"]["id"].get<int64_t>();
  EXPECT_EQ(bureau.Post(path + "/experts", {{"expert_ids", {expert_id}}}).status, 204);
  Json scores = Json::object();
  for (const auto& [criterion, max] : projects::DefaultRubric()) scores[criterion] = max;
  EXPECT_EQ(expert.Post(path + "/reviews", {{"scores", scores}, {"comments", "同意立项"}}).status, 204);
  move(bureau, id, "approve");
  move(inst, id, "open");
  return id;
}

Json Api::FirstTeacher(Client& c, int64_t org_id) {
  Reply r = c.Get("/api/v1/teachers?page_size=1&org_id=" + std::to_string(org_id));
  EXPECT_EQ(r.status, 200) << r.raw;
  EXPECT_FALSE(r.body["items"].empty());
  return r.body["items"][0];
}

int64_t Api::TeacherCount() {
  Client admin = As("sysadmin");
  return admin.Get("/api/v1/teachers?page_size=1").body.value("total", -1);
}

Reply WaitJob(Client& c, int64_t job_id) {
  Reply r;
  for (int i = 0; i < 600; ++i) {
    r = c.Get("/api/v1/jobs/" + std::to_string(job_id));
    if (r.status != 200) return r;
    std::string state = r.body.value("state", "");
    if (state != "queued" && state != "running") return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return r;
}

std::string MakeIdNumber(const std::string& region6, const std::string& yyyymmdd, int seq) {
  char s[8];
  std::snprintf(s, sizeof s, "%03d", ((seq % 1000) + 1000) % 1000);
  std::string body = region6 + yyyymmdd + s;
  return body + IdCardCheckChar(body);
}

}  // namespace jj::testing
