#include "app/wiring.h"

#include <spdlog/spdlog.h>

#include "infra/db/migrate.h"
#include "infra/http/json_io.h"
#include "infra/http/static_files.h"
#include "infra/jobs/routes.h"
#include "modules/accounts/routes.h"
#include "modules/projects/projects.h"
#include "modules/credits/credits.h"
#include "modules/teachers/teachers.h"
#include "modules/org/org.h"
#include "modules/accounts/accounts.h"
#include "modules/certificates/routes.h"
#include "modules/credits/audit_pack.h"
#include "modules/credits/import.h"
#include "modules/credits/integrity.h"
#include "modules/credits/routes.h"
#include "modules/org/import.h"
#include "modules/org/routes.h"
#include "modules/projects/assessment_routes.h"
#include "modules/projects/routes.h"
#include "modules/school_plans/routes.h"
#include "modules/desk/routes.h"
#include "modules/backbone/routes.h"
#include "modules/surveys/routes.h"
#include "modules/teachers/routes.h"

namespace jj::app {

namespace {

using http::Json;

bool IsMutation(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// "scheme://host[:port]" of a URL, the form of an Origin header.
std::string OriginOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  return url.substr(0, url.find('/', scheme + 3));
}

}  // namespace

std::vector<Vocabulary> AllVocabularies() {
  std::vector<Vocabulary> all;
  for (auto part : {accounts::Vocabularies(), org::Vocabularies(), teachers::Vocabularies(), credits::Vocabularies(),
                    projects::Vocabularies(), backbone::Vocabularies()})
    for (auto& v : part) all.push_back(std::move(v));
  return all;
}

Json VocabulariesJson() {
  Json out = Json::object();
  for (const Vocabulary& v : AllVocabularies()) {
    Json terms = Json::array();
    for (const Term& t : v.terms) terms.push_back({{"value", t.value}, {"zh", t.zh}, {"en", t.en}});
    out[v.kind] = std::move(terms);
  }
  return out;
}

App::App(const AppOptions& options, const Clock& clock, std::unique_ptr<db::Database> db)
    : options_(options), clock_(clock), base_url_(options.base_url), db_(std::move(db)),
      site_(http::StaticSite::Load(options_.web_root)) {
  accounts_ = std::make_unique<accounts::AccountService>(*db_, clock_, options_.hash_cost);
  orgs_ = std::make_unique<org::OrgService>(*db_, clock_);
  teachers_ = std::make_unique<teachers::TeacherService>(*db_, clock_);
  importer_ = std::make_unique<teachers::TeacherImporter>(*db_, clock_);
  jobs_ = std::make_unique<jobs::JobQueue>(*db_, clock_, options_.files_dir);
  credits_ = std::make_unique<credits::CreditService>(*db_, clock_, options_.files_dir + "/evidence",
                                                       options_.audit_cache_rows);
  certificates_ = std::make_unique<certificates::CertificateService>(*db_, clock_, *credits_);
  projects_ = std::make_unique<projects::ProjectService>(*db_, clock_, *credits_);
  assessment_ = std::make_unique<projects::AssessmentService>(*db_, clock_, *credits_);
  surveys_ = std::make_unique<surveys::SurveyService>(*db_, clock_, options_.files_dir + "/surveys");
  school_plans_ = std::make_unique<school_plans::SchoolPlanService>(*db_, clock_);
  backbone_ = std::make_unique<backbone::BackboneService>(*db_, clock_, *credits_);
  // A job acts for the account that started it.
  const jobs::ActorOfFn actor_of = [this](int64_t account_id) { return accounts_->ActorOf(account_id); };
  jobs_->Register(teachers::kImportJob, teachers::MakeImportJob(*importer_, actor_of));
  jobs_->Register(org::kOrgImportJob, org::MakeOrgImportJob(*db_, clock_, actor_of));
  jobs_->Register(teachers::kExportJob, teachers::MakeExportJob(*teachers_, actor_of));
  jobs_->Register(credits::kCreditImportJob, credits::MakeCreditImportJob(*db_, clock_, actor_of));
  jobs_->Register(credits::kExemptionImportJob, credits::MakeExemptionImportJob(*db_, clock_, actor_of));
  jobs_->Register(certificates::kBatchJob, certificates::MakeBatchJob(*certificates_, base_url_, actor_of));
  jobs_->Register(credits::kAuditPacksJob, [this](jobs::JobContext& ctx) -> Status {
    auto packed = credits::WritePendingAuditPacks(
        *db_, [&](int64_t done, int64_t total) { ctx.Progress(done, total, "job.audit_packs"); });
    if (!packed.ok()) return packed.status();
    ctx.result_json = nlohmann::json{{"teachers", *packed}}.dump();
    return Status::Ok();
  });
  accounts::AddRoutes(router_, *accounts_, options_.secure_cookie);
  org::AddRoutes(router_, *orgs_);
  org::AddImportRoutes(router_, *jobs_);
  teachers::AddRoutes(router_, *teachers_);
  teachers::AddImportRoutes(router_, *jobs_);
  teachers::AddExportRoutes(router_, *jobs_, *teachers_);
  jobs::AddRoutes(router_, *jobs_);
  credits::AddRoutes(router_, *credits_);
  credits::AddImportRoutes(router_, *jobs_);
  certificates::AddRoutes(router_, *certificates_, *jobs_, base_url_);
  projects::AddRoutes(router_, *projects_);
  projects::AddAssessmentRoutes(router_, *assessment_, base_url_);
  surveys::AddRoutes(router_, *surveys_);
  school_plans::AddRoutes(router_, *school_plans_);
  desk::AddRoutes(router_, *credits_, *projects_, clock_);
  backbone::AddRoutes(router_, *backbone_);
  // Every closed vocabulary with its labels, from the modules that own them:
  // the UI loads this once and holds no list of its own.
  const std::string enums = VocabulariesJson().dump();
  router_.Add("GET", "/api/v1/meta/enums", http::Access::kPublic,
              [enums](http::Request&) { return http::JsonResponse(200, enums); });
  // The settings the UI shows (the certificate page: where its QR codes point).
  router_.Add("GET", "/api/v1/settings", http::Access::kAuthenticated, [this](http::Request&) {
    const std::string base = base_url_.Get();
    Json j = {{"base_url", base.empty() ? Json(nullptr) : Json(base)},
              {"base_url_source", http::SourceName(base_url_.source())}};
    return http::JsonResponse(200, j.dump());
  });
  router_.Add("GET", "/healthz", http::Access::kPublic,
              [](http::Request&) { return http::JsonResponse(200, R"({"status":"ok"})"); });
}

Result<std::unique_ptr<App>> App::Open(const AppOptions& options, const Clock& clock) {
  auto db = db::Database::Open(options.db_url, options.db_pool);
  if (!db.ok()) return db.status();
  JJ_RETURN_IF_ERROR(db::Migrate(**db));
  std::unique_ptr<App> app(new App(options, clock, std::move(*db)));
  auto recovered = app->jobs_->RecoverInterrupted();
  if (!recovered.ok()) return recovered.status();
  // A database upgraded from before audit packs: write them in the
  // background (the first `serve` runs the job; the audit reads records
  // meanwhile).
  if (credits::AuditPacksPending(app->db())) {
    auto queued = app->jobs_->EnqueueOnce(credits::kAuditPacksJob, "{}");
    if (!queued.ok()) return queued.status();
  }
  auto baseline = credits::WritePendingIntegrityBaseline(app->db(), clock);
  if (!baseline.ok()) return baseline.status();
  return app;
}

App::~App() { jobs_->Stop(); }

bool App::IsDemoDatabase() {
  bool demo = false;
  Status st = db_->Read([&](db::Tx& tx) -> Status {
    db::Row r;
    demo = tx.QueryOne("SELECT id FROM audit_log WHERE action = 'demo.seed' ORDER BY id LIMIT 1", {}, r);
    return Status::Ok();
  });
  return st.ok() && demo;
}

std::string App::ServeOn(const std::string& address, uint16_t port) {
  if (base_url_.Get().empty() && IsDemoDatabase()) {
    std::string host = address;
    if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
    if (host == "::") host = "::1";
    if (host.find(':') != std::string::npos) host = "[" + host + "]";
    base_url_.Set("http://" + host + ":" + std::to_string(port), http::BaseUrl::Source::kDemo);
  }
  return base_url_.Get();
}

http::Response App::Handle(http::Request& req) {
  req.lang = http::LangOf(req);
  if (options_.trust_proxy && (req.remote_ip == "127.0.0.1" || req.remote_ip == "::1")) {
    std::string real = req.Header("x-real-ip");
    if (!real.empty() && real.size() <= 64) req.remote_ip = real;
  }
  http::Response out = Dispatch(req);
  if (req.path.rfind("/api/", 0) == 0) out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

http::Response App::Dispatch(http::Request& req) {
  bool valid = http::IsValidUtf8(req.path);
  for (const auto& [k, v] : req.query) valid = valid && http::IsValidUtf8(k) && http::IsValidUtf8(v);
  if (!valid) return http::ErrorResponse(Status(Code::kInvalidArgument, "json.invalid_utf8"), req.lang);

  // Every mutation, logged in or not (login CSRF), must come from this
  // site, and carry JSON unless it uploads a file: a cross-site form or
  // text/plain post cannot.
  if (IsMutation(req.method)) {
    if (!http::IsSameOrigin(req, OriginOf(base_url_.Get())))
      return http::ErrorResponse(Status(Code::kPermissionDenied, "origin.forbidden"), req.lang);
    if (!req.body.empty() && !http::IsUpload(req.method, req.path) && !http::IsJsonContentType(req.Header("content-type")))
      return http::ErrorResponse(Status(Code::kInvalidArgument, "body.not_json"), req.lang);
  }

  bool path_matched = false;
  const http::Route* route = router_.Match(req, &path_matched);
  if (!route) {
    if (req.path.rfind("/api/", 0) == 0 || req.path == "/healthz") {
      return http::ErrorResponse(
          Status(path_matched ? Code::kMethodNotAllowed : Code::kNotFound,
                 path_matched ? "method_not_allowed" : "route_not_found"),
          req.lang);
    }
    if (auto file = site_.Serve(req)) return *file;
    return http::ErrorResponse(Status(Code::kNotFound, "route_not_found"), req.lang);
  }
  std::optional<auth::Actor> actor;
  if (route->access == http::Access::kAuthenticated) {
    auto resolved = accounts_->Resolve(req.Cookie(accounts::kSessionCookie));
    if (!resolved.ok()) return http::ErrorResponse(resolved.status(), req.lang);
    actor = std::move(*resolved);
    if (IsMutation(req.method) && !auth::SecureEquals(req.Header("x-csrf-token"), actor->csrf_token))
      return http::ErrorResponse(Status(Code::kPermissionDenied, "csrf.missing"), req.lang);
    bool password_route = route->pattern == "/api/v1/auth/me" || route->pattern == "/api/v1/auth/password" ||
                          route->pattern == "/api/v1/auth/logout";
    if (actor->must_change_password && !password_route)
      return http::ErrorResponse(Status(Code::kPermissionDenied, "auth.must_change_password"), req.lang);
    req.actor = &*actor;
  }
  return route->handler(req);
}

}  // namespace jj::app
