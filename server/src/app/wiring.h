// The only place modules meet infrastructure: opens the database, builds
// every service with its dependencies, registers routes, and dispatches a
// request through authentication, CSRF and the router.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "core/vocabulary.h"
#include "infra/auth/password.h"
#include "infra/db/database.h"
#include "infra/http/base_url.h"
#include "infra/http/router.h"
#include "infra/http/static_files.h"
#include "infra/jobs/jobs.h"
#include "modules/accounts/accounts.h"
#include "modules/certificates/certificates.h"
#include "modules/projects/assessment.h"
#include "modules/projects/projects.h"
#include "modules/credits/credits.h"
#include "modules/org/org.h"
#include "modules/school_plans/school_plans.h"
#include "modules/backbone/backbone.h"
#include "modules/surveys/surveys.h"
#include "modules/teachers/import.h"
#include "modules/teachers/teachers.h"

namespace jj::app {

// Every module's closed vocabularies with their labels, and the JSON that
// GET /api/v1/meta/enums serves: {"kind": [{"value", "zh", "en"}, ...]}.
std::vector<Vocabulary> AllVocabularies();
nlohmann::json VocabulariesJson();

struct AppOptions {
  std::string db_url = "sqlite:var/jijiao.db";
  std::string web_root = "web/dist";
  bool secure_cookie = false;
  // Behind a reverse proxy on this machine: a request from a loopback
  // address takes its client address from X-Real-IP (login throttling).
  bool trust_proxy = false;
  auth::HashCost hash_cost = auth::HashCost::kInteractive;
  size_t db_pool = 6;
  // Rows of schools' audit tables kept between requests (credits
  // audit_cache.h); 0 keeps none (the CLI: one pass, bounded memory).
  size_t audit_cache_rows = 0;
  std::string files_dir = "var/files";  // job uploads and results
  // The public address links leaving the browser start with: certificate
  // QR codes and verification links (<base_url>/verify/<code>), session
  // check-in QR codes. "" = not configured: certificates and check-in QR
  // codes are refused, except on a demo database, where ServeOn defaults it
  // to the address the server listens on.
  std::string base_url;
};

class App {
 public:
  // Opens the database, applies pending migrations and marks jobs that a
  // crash interrupted as failed.
  static Result<std::unique_ptr<App>> Open(const AppOptions& options, const Clock& clock);
  ~App();

  // Starts background job workers (serve, tests); stopped on destruction.
  void StartWorkers(int n) { jobs_->Start(n); }

  // Thread-safe: called from every HTTP worker.
  http::Response Handle(http::Request& req);

  // Called once the server listens on `address`:`port`: without a
  // configured base URL, a demo database (one `jijiao demo` seeded: its
  // audit log holds the event demo.seed) uses http://address:port (the
  // loopback address for a wildcard one). Returns the base URL in force
  // ("" when none).
  std::string ServeOn(const std::string& address, uint16_t port);
  // Whether `jijiao demo` seeded this database.
  bool IsDemoDatabase();
  http::BaseUrl& base_url() { return base_url_; }
  const http::StaticSite& site() const { return site_; }

  db::Database& db() { return *db_; }
  const http::Router& router() const { return router_; }
  accounts::AccountService& accounts() { return *accounts_; }
  org::OrgService& orgs() { return *orgs_; }
  teachers::TeacherService& teachers() { return *teachers_; }
  jobs::JobQueue& jobs() { return *jobs_; }
  credits::CreditService& credits() { return *credits_; }
  certificates::CertificateService& certificates() { return *certificates_; }
  projects::ProjectService& projects() { return *projects_; }
  surveys::SurveyService& surveys() { return *surveys_; }
  school_plans::SchoolPlanService& school_plans() { return *school_plans_; }
  backbone::BackboneService& backbone() { return *backbone_; }
  const Clock& clock() const { return clock_; }

 private:
  App(const AppOptions& options, const Clock& clock, std::unique_ptr<db::Database> db);
  http::Response Dispatch(http::Request& req);

  AppOptions options_;
  const Clock& clock_;
  http::BaseUrl base_url_;  // before the routes that refer to it
  std::unique_ptr<db::Database> db_;
  http::StaticSite site_;  // the built UI, read once
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<org::OrgService> orgs_;
  std::unique_ptr<teachers::TeacherService> teachers_;
  std::unique_ptr<teachers::TeacherImporter> importer_;
  std::unique_ptr<jobs::JobQueue> jobs_;
  std::unique_ptr<credits::CreditService> credits_;
  std::unique_ptr<certificates::CertificateService> certificates_;
  std::unique_ptr<projects::ProjectService> projects_;
  std::unique_ptr<projects::AssessmentService> assessment_;
  std::unique_ptr<surveys::SurveyService> surveys_;
  std::unique_ptr<school_plans::SchoolPlanService> school_plans_;
  std::unique_ptr<backbone::BackboneService> backbone_;
  http::Router router_;
};

}  // namespace jj::app
