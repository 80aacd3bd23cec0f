// jijiao: the whole server and its operator CLI.
//   jijiao serve | migrate | demo | verify-log | backup | restore | version   [--db URL] ...
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cli_admin.h"
#include "app/cli_audit.h"
#include "app/cli_database.h"
#include "app/cli_import.h"
#include "app/demo_seed.h"
#include "app/wiring.h"
#include "infra/db/migrate.h"
#include "infra/http/server.h"

namespace {

std::string EnvOr(const char* name, const std::string& def) {
  const char* v = std::getenv(name);
  return v && *v ? v : def;
}

// Creates the parent folder of a SQLite file so "var/jijiao.db" just works.
void EnsureSqliteDir(const std::string& url) {
  if (url.rfind("postgres", 0) == 0) return;
  std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
}

int Fail(const jj::Status& st) {
  std::cerr << "错误 / error: " << st.Message("zh") << " (" << st.Message("en") << ")";
  if (st.code() == jj::Code::kInternal && st.params().count("detail")) std::cerr << ": " << st.params().at("detail");
  std::cerr << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);  // a peer gone mid-write is an error value, not a death
  if (!jj::auth::InitCrypto()) {
    std::cerr << "libsodium failed to initialise\n";
    return 1;
  }
  CLI::App cli{"Jijiao 继教 — 中小学教师继续教育管理系统"};
  cli.require_subcommand(1);
  cli.fallthrough();  // global options such as --db may follow the verb
  jj::app::AppOptions opts;
  opts.db_url = EnvOr("JIJIAO_DB", "sqlite:var/jijiao.db");
  opts.web_root = EnvOr("JIJIAO_WEB_ROOT", "web/dist");
  if (EnvOr("JIJIAO_PWHASH", "") == "fast") opts.hash_cost = jj::auth::HashCost::kFastForTests;
  std::string listen = EnvOr("JIJIAO_LISTEN", "127.0.0.1:8080");
  int workers = 4, io_threads = 2;
  size_t queue_limit = 256, audit_cache_rows = 200000;
  cli.add_option("--db", opts.db_url, "sqlite:PATH or postgresql://... (env JIJIAO_DB)");
  opts.files_dir = EnvOr("JIJIAO_FILES_DIR", "var/files");
  cli.add_option("--files-dir", opts.files_dir, "job uploads and results (env JIJIAO_FILES_DIR)");
  opts.base_url = EnvOr("JIJIAO_BASE_URL", "");
  cli.add_option("--base-url", opts.base_url,
                 "public address of the system, e.g. https://jj.example.cn: certificate and check-in QR codes point "
                 "there (env JIJIAO_BASE_URL; required to issue certificates, except on a demo database)");

  auto* serve = cli.add_subcommand("serve", "Serve the API and web UI");
  serve->add_option("--listen", listen, "address:port (env JIJIAO_LISTEN)");
  serve->add_option("--web-root", opts.web_root, "built web UI folder");
  serve->add_option("--workers,--threads", workers, "request handler threads (the database pool follows)");
  serve->add_option("--io-threads", io_threads, "threads that only read and write connections");
  serve->add_option("--audit-cache-rows", audit_cache_rows,
                    "rows of schools' audit tables kept between requests (0: none; a row is about 1 KB)");
  serve->add_option("--queue-limit", queue_limit, "requests that may wait for a handler before 503 (server busy)");
  serve->add_flag("--secure-cookie", opts.secure_cookie, "mark the session cookie Secure (behind TLS)");
  serve->add_flag("--trust-proxy", opts.trust_proxy,
                  "behind a reverse proxy on this machine: take the client address from X-Real-IP");
  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations");
  auto* demo = cli.add_subcommand("demo", "Seed the demo county (about 6,500 teachers) and demo accounts");
  auto* verify = cli.add_subcommand(
      "verify-log", "Check the audit log's hash chain and prove the protected tables (credits, stamps, locks, "
                    "policies) against it; print the anchor line to keep off the machine");
  std::string anchor;
  verify->add_option("--anchor", anchor, "N:HASH from an earlier verify-log: that entry must still be there");
  bool force = false;
  std::string backup_out, restore_from;
  auto* backup = cli.add_subcommand("backup", "Copy the SQLite database with SQLite's online backup (serve may run)");
  backup->add_option("--out", backup_out, "the backup file")->required();
  backup->add_flag("--force", force, "overwrite an existing backup file");
  auto* restore = cli.add_subcommand("restore", "Restore the SQLite database from a backup (stop serve first)");
  restore->add_option("--from", restore_from, "the backup file")->required();
  restore->add_flag("--force", force, "overwrite a database that holds data");
  auto* version = cli.add_subcommand("version", "Print the version");
  auto* import = cli.add_subcommand("import", "Import a spreadsheet (xlsx or CSV)");
  import->require_subcommand(1);
  jj::app::CliImport import_opts;
  // `jijiao exemptions import FILE` is `jijiao import exemptions FILE` under its own name.
  auto* exemptions = cli.add_subcommand("exemptions", "Audit exemptions (免审)");
  exemptions->require_subcommand(1);
  std::vector<std::pair<CLI::App*, const char*>> import_subs;
  for (const char* kind : {"teachers", "orgs", "credits", "exemptions"})
    import_subs.emplace_back(import, kind);
  import_subs.emplace_back(exemptions, "exemptions");
  for (auto [parent, kind] : import_subs) {
    const std::string k = kind;
    const bool alias = parent == exemptions;
    auto* sub = parent->add_subcommand(alias ? "import" : kind,
                                       k == "teachers"  ? "Teacher roster"
                                       : k == "orgs"    ? "Org tree"
                                       : k == "credits" ? "Approved credit records (history)"
                                                        : "Audit exemptions (免审): 身份证号, 年度, 原因");
    sub->add_option("FILE", import_opts.file, "xlsx or CSV file")->required();
    sub->add_option("--mode", import_opts.mode, "dry-run | insert | upsert")
        ->check(CLI::IsMember({"dry-run", "insert", "upsert"}));
    sub->add_flag("--good-rows-only", import_opts.good_rows_only, "write the valid rows even when others are bad");
    sub->callback([&import_opts, kind] { import_opts.kind = kind; });
  }
  auto* admin = cli.add_subcommand("admin", "Administrator accounts");
  admin->require_subcommand(1);
  jj::app::CliAdmin admin_opts;
  auto* admin_create = admin->add_subcommand(
      "create", "Create an administrator (password from the terminal or standard input, never from argv)");
  admin_create->add_option("--username", admin_opts.username, "3-32 letters, digits, _ or .")->required();
  admin_create->add_option("--org", admin_opts.org_code, "org code (a region or bureau)")->required();
  admin_create->add_option("--role", admin_opts.role, "sys_admin | bureau_admin")
      ->required()
      ->check(CLI::IsMember({"sys_admin", "bureau_admin"}));
  admin_create->add_option("--name", admin_opts.display_name, "display name (default: the org's name + 管理员)");
  auto* audit = cli.add_subcommand("audit", "Annual credit audit of a subtree (学分审核认定)");
  jj::app::CliAudit audit_opts;
  audit->add_option("--year", audit_opts.year, "the audited year")->required()->check(CLI::Range(2000, 2100));
  audit->add_option("--org", audit_opts.org_code, "org code of the subtree (default: everything)");
  audit->add_option("--format", audit_opts.format, "json | csv | xlsx")->check(CLI::IsMember({"json", "csv", "xlsx"}));
  audit->add_option("--out", audit_opts.out, "output file (default: standard output; required for xlsx)");
  auto* policy_cmd = cli.add_subcommand("policy", "Show or load a region's credit policy for a year");
  policy_cmd->require_subcommand(1);
  std::string policy_region, policy_file;
  int policy_year = 0;
  auto* policy_show = policy_cmd->add_subcommand("show", "Print the policy in force (JSON)");
  auto* policy_load = policy_cmd->add_subcommand("load", "Validate and store a policy document as a new version");
  policy_load->add_option("FILE", policy_file, "policy JSON (docs/policy.md)")->required();
  for (auto* sub : {policy_show, policy_load}) {
    sub->add_option("--region", policy_region, "region org code (province, city or county)")->required();
    sub->add_option("--year", policy_year, "year")->required()->check(CLI::Range(2000, 2100));
  }
  CLI11_PARSE(cli, argc, argv);

  if (version->parsed()) {
    std::cout << "jijiao " << JJ_VERSION << "\n";
    return 0;
  }
  // These never start the app (no migrations, no job recovery): they run
  // beside a live serve, and say what went wrong themselves.
  if (verify->parsed() || backup->parsed() || restore->parsed()) spdlog::set_level(spdlog::level::off);
  if (verify->parsed()) return jj::app::RunVerifyLog(opts.db_url, anchor, std::cout, std::cerr);
  if (backup->parsed()) return jj::app::RunBackup(opts.db_url, backup_out, force, std::cout, std::cerr);
  EnsureSqliteDir(opts.db_url);
  if (restore->parsed()) return jj::app::RunRestore(opts.db_url, restore_from, force, std::cout, std::cerr);
  if (!cli.get_subcommands().empty() && !serve->parsed()) opts.web_root.clear();  // only serve reads the UI
  jj::SystemClock clock;
  opts.db_pool = static_cast<size_t>(workers) + 2;
  if (serve->parsed()) opts.audit_cache_rows = audit_cache_rows;
  auto app = jj::app::App::Open(opts, clock);
  if (!app.ok()) return Fail(app.status());

  if (migrate->parsed()) {
    std::cout << "数据库已是最新 / database is up to date\n";
    return 0;
  }
  if (demo->parsed()) {
    auto st = jj::app::SeedDemo(**app, std::cout);
    return st.ok() ? 0 : Fail(st);
  }
  if (admin_create->parsed()) return jj::app::RunCliAdminCreate(**app, admin_opts, std::cin, std::cout, std::cerr);
  if (audit->parsed()) return jj::app::RunCliAudit(**app, audit_opts, std::cout, std::cerr);
  if (policy_cmd->parsed()) {
    std::string document;
    if (policy_load->parsed()) {
      if ((*app)->db().IsOwnFile(policy_file)) {
        std::cerr << "该文件是数据库本身 / this is the database's own file: " << policy_file << "\n";
        return 2;
      }
      std::ifstream in(policy_file, std::ios::binary);
      if (!in) {
        std::cerr << "无法读取文件 / cannot read " << policy_file << "\n";
        return 2;
      }
      document.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return jj::app::RunCliPolicy(**app, policy_region, policy_year, policy_load->parsed(), document, std::cout,
                                 std::cerr);
  }
  if (import->parsed() || exemptions->parsed()) {
    import_opts.lang = EnvOr("LANG", "").rfind("en", 0) == 0 ? "en" : "zh";
    return jj::app::RunCliImport(**app, import_opts, std::cout, std::cerr);
  }
  // serve
  jj::http::ServerOptions so;
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "--listen expects address:port\n";
    return 1;
  }
  so.address = listen.substr(0, colon);
  so.port = static_cast<uint16_t>(std::stoi(listen.substr(colon + 1)));
  so.workers = workers;
  so.io_threads = io_threads;
  so.queue_limit = queue_limit;
  so.inline_paths = {"/healthz"};  // answers even when every worker waits
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  jj::app::App& a = **app;
  so.upload_dir = a.jobs().uploads_dir();
  jj::http::Server server(so, [&a](jj::http::Request& req) { return a.Handle(req); });
  if (a.site().file_count() == 0)
    spdlog::warn("web root {} holds no files: the UI is not served (build it: make web)", opts.web_root);
  else
    spdlog::info("web UI: {} files from {}", a.site().file_count(), opts.web_root);
  if (auto st = server.Start(); !st.ok()) return Fail(st);
  const std::string base = a.ServeOn(so.address, server.port());  // before a worker may run a certificate batch
  a.StartWorkers(2);
  std::cout << "继教 Jijiao 已启动 / listening on http://" << so.address << ":" << server.port() << "/\n";
  if (!base.empty()) {
    std::cout << "证书与签到二维码指向 / QR codes point to " << base << "\n";
  } else {
    std::cout << "未设置 --base-url / JIJIAO_BASE_URL：不能签发证书、生成签到二维码 / no base URL set: certificates and "
                 "check-in QR codes are refused\n";
  }
  jj::app::PrintDemoAccounts(a, std::cout);
  std::cout.flush();
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {}, stopping", sig);
  server.Stop();
  server.Wait();
  return 0;
}
