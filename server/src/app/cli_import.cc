#include "app/cli_import.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/messages.h"
#include "modules/credits/import.h"
#include "modules/org/import.h"

namespace jj::app {

namespace {

// Draws "[#####.....]  45% 45000/100000 校验数据" in place on a terminal,
// or prints a line at every 10% otherwise.
class ProgressPrinter {
 public:
  explicit ProgressPrinter(std::ostream& out) : out_(out), tty_(isatty(STDERR_FILENO) != 0) {}
  void Show(int64_t done, int64_t total, const std::string& message) {
    if (total <= 0) return;
    int pct = static_cast<int>(std::min<int64_t>(100, done * 100 / total));
    if (tty_) {
      int filled = pct / 4;
      out_ << "\r[" << std::string(filled, '#') << std::string(25 - filled, '.') << "] " << pct << "% " << done
           << "/" << total << " " << message << "   " << std::flush;
      drew_ = true;
    } else if (pct / 10 != last_decile_) {
      last_decile_ = pct / 10;
      out_ << "progress " << pct << "% (" << done << "/" << total << ") " << message << "\n" << std::flush;
    }
  }
  void Finish() {
    if (tty_ && drew_) out_ << "\n";
  }

 private:
  std::ostream& out_;
  bool tty_;
  bool drew_ = false;
  int last_decile_ = -1;
};

}  // namespace

int RunCliImport(App& app, const CliImport& o, std::ostream& out, std::ostream& err) {
  if (app.db().IsOwnFile(o.file)) {
    err << "该文件是数据库本身，不能导入 / this is the database's own file; it cannot be imported: " << o.file << "\n";
    return 2;
  }
  if (!std::ifstream(o.file, std::ios::binary)) {
    err << "无法读取文件 / cannot read " << o.file << "\n";
    return 2;
  }
  auto upload = app.jobs().SaveUploadFrom(o.file);
  if (!upload.ok()) {
    err << upload.status().Message(o.lang) << "\n";
    return 2;
  }
  std::string kind = o.kind == "orgs"      ? org::kOrgImportJob
                     : o.kind == "credits" ? credits::kCreditImportJob
                     : o.kind == "exemptions" ? credits::kExemptionImportJob
                                           : teachers::kImportJob;
  nlohmann::json params = {{"upload", *upload}, {"mode", o.mode}, {"good_rows_only", o.good_rows_only}};
  auto id = app.jobs().Enqueue(kind, std::nullopt, params.dump());
  if (!id.ok()) {
    err << id.status().Message(o.lang) << "\n";
    return 2;
  }
  ProgressPrinter progress(err);
  std::atomic<bool> finished{false};
  std::thread watcher([&] {
    // Redraw every 200 ms, but notice the end within 20 ms.
    for (int tick = 0; !finished; ++tick) {
      if (tick % 10 == 0) {
        auto j = app.jobs().Get(*id);
        if (j.ok() && j->state == "running") progress.Show(j->done, j->total, FormatMessage(j->message, o.lang));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  auto started = std::chrono::steady_clock::now();
  auto job = app.jobs().RunToEnd(*id);
  finished = true;
  watcher.join();
  progress.Finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!job.ok()) {
    err << job.status().Message(o.lang) << "\n";
    return 2;
  }
  if (job->state != "succeeded") {
    auto e = nlohmann::json::parse(job->error_json, nullptr, false);
    std::string msg = e.is_object() ? e.value(o.lang == "en" ? "message_en" : "message", "") : job->error_json;
    err << "导入失败 / import failed: " << msg << "\n";
    return 1;
  }
  auto r = nlohmann::json::parse(job->result_json);
  for (const auto& p : r["problems"])
    err << "row " << p["row"].get<int64_t>() << ", column " << p["column"].get<std::string>() << ": "
        << p[o.lang == "en" ? "message_en" : "message"].get<std::string>() << "\n";
  if (r.value("problem_count", 0) > static_cast<int64_t>(r["problems"].size()))
    err << "… " << r["problem_count"].get<int64_t>() - static_cast<int64_t>(r["problems"].size())
        << " more problems in the error report\n";
  for (const auto& c : r.value("unknown_columns", nlohmann::json::array()))
    err << "unknown column ignored: " << c.get<std::string>() << "\n";
  const bool written = r.value("written", false);
  out << (written ? "已写入 / written" : "未写入 / not written") << ": rows=" << r.value("rows", 0)
      << " valid=" << r.value("valid", 0) << " invalid=" << r.value("invalid", 0)
      << " inserted=" << r.value("inserted", 0) << " updated=" << r.value("updated", 0)
      << " unchanged=" << r.value("unchanged", 0) << " accounts=" << r.value("accounts", 0) << " seconds=" << seconds
      << "\n";
  for (const auto& f : job->files)
    out << (f.role == "initial_passwords" ? "初始密码（唯一副本，请妥善保管）/ initial passwords (the only copy): "
                                          : "文件 / file: ")
        << f.path << "\n";
  const int64_t invalid = r.value("invalid", 0);
  if (o.mode == "dry-run") return invalid == 0 ? 0 : 1;
  return written && invalid == 0 ? 0 : 1;
}

}  // namespace jj::app
