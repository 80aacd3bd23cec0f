// The teacher import as a background job: progress, cancel, result files.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "infra/io/sheet.h"
#include "modules/teachers/import.h"

namespace jj::teachers {

namespace {

const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Result<std::string> ReadFile(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Internal("upload missing: " + path);
  std::string bytes(size, '\0');
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Internal("upload unreadable: " + path);
  size_t got = std::fread(bytes.data(), 1, size, f);
  std::fclose(f);
  if (got != size) return Internal("upload truncated: " + path);
  return bytes;
}

}  // namespace

jobs::JobHandler MakeImportJob(TeacherImporter& importer,
                               std::function<Result<auth::Actor>(int64_t account_id)> actor_of) {
  return [&importer, actor_of](jobs::JobContext& ctx) -> Status {
    nlohmann::json params = nlohmann::json::parse(ctx.params_json(), nullptr, false);
    if (!params.is_object() || !params.contains("upload")) return Internal("teacher.import: bad params");
    const std::string upload = params["upload"].get<std::string>();
    struct Cleanup {
      std::string path;
      ~Cleanup() {
        std::error_code ec;
        std::filesystem::remove(path, ec);  // rosters hold personal data: never keep the upload
      }
    } cleanup{upload};
    auth::Actor actor = auth::CommandLineActor();
    if (ctx.account_id()) {
      JJ_ASSIGN_OR_RETURN(actor, actor_of(*ctx.account_id()));
    }
    ImportOptions options;
    JJ_ASSIGN_OR_RETURN(options.mode, ParseImportMode(params.value("mode", "dry-run")));
    options.good_rows_only = params.value("good_rows_only", false);
    JJ_ASSIGN_OR_RETURN(std::string bytes, ReadFile(upload));

    // A CSV (UTF-8 with BOM, opens in Excel): for 100,000 accounts an xlsx
    // would cost more than the whole import.
    std::string passwords;
    io::CsvWriter passwords_csv(&passwords);
    int64_t password_rows = 0;
    auto on_account = [&](const InitialAccount& a) {
      if (password_rows++ == 0) passwords_csv.Row({"姓名", "用户名（身份证号）", "学校", "初始密码"});
      passwords_csv.Row({a.name, a.username, a.school, a.password});
    };
    auto progress = [&ctx](int64_t done, int64_t total, const std::string& phase) {
      ctx.Progress(done, total, phase == "write" ? "写入数据库" : "校验数据");
      return !ctx.CancelRequested();
    };
    auto report = importer.Import(actor, bytes, options, progress, on_account);
    if (!report.ok()) return report.status();  // the passwords of a rolled-back import never reach the disk
    if (password_rows > 0) {
      std::ofstream out(ctx.FilePath("初始密码.csv"), std::ios::binary);
      out.write(passwords.data(), static_cast<std::streamsize>(passwords.size()));
      out.close();
      if (!out) return Internal("cannot write the initial passwords file");
      ctx.AddFile("initial_passwords", "初始密码.csv", "text/csv; charset=utf-8", /*once=*/true);
    }
    if (!report->bad_rows.empty()) {
      JJ_RETURN_IF_ERROR(io::WriteErrorReportXlsx(*report, ctx.FilePath("错误报告.xlsx")));
      ctx.AddFile("error_report", "错误报告.xlsx", kXlsxType);
    }
    ctx.Progress(report->rows, report->rows, report->written ? "已写入" : "未写入");
    ctx.result_json = io::ReportJson(*report, ImportModeName(options.mode), 500);
    return Status::Ok();
  };
}

}  // namespace jj::teachers
