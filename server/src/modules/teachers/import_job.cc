// The teacher import as a background job: progress, cancel, result files.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "infra/io/mapped_file.h"
#include "infra/io/sheet.h"
#include "modules/teachers/import.h"

namespace jj::teachers {

namespace {

const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
    JJ_ASSIGN_OR_RETURN(io::MappedFile file, io::MappedFile::Open(upload));
    options.evict_input = [&file](size_t bytes) { file.Evict(bytes); };  // a large roster stays out of memory

    // A CSV (UTF-8 with BOM, opens in Excel): for 100,000 accounts an xlsx
    // would cost more than the whole import. Streamed to its file; deleted
    // unless the import is written.
    const std::string passwords_path = ctx.FilePath("初始密码.csv");
    std::ofstream passwords_file;
    std::string chunk;
    io::CsvWriter passwords_csv(&chunk);
    int64_t password_rows = 0;
    auto on_account = [&](const InitialAccount& a) {
      if (password_rows++ == 0) {
        passwords_file.open(passwords_path, std::ios::binary);
        passwords_csv.Row({"姓名", "用户名（身份证号）", "学校", "初始密码"});
      }
      passwords_csv.Row({a.name, a.username, a.school, a.password});
      if (chunk.size() > (1 << 20)) {
        passwords_file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        chunk.clear();
      }
    };
    auto progress = [&ctx](int64_t done, int64_t total, const std::string& phase) {
      ctx.Progress(done, total, phase == "write" ? "job.write" : "job.check");
      return !ctx.CancelRequested();
    };
    auto report = importer.Import(actor, file.view(), options, progress, on_account);
    if (password_rows > 0) {
      passwords_file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      passwords_file.close();
    }
    if (!report.ok() || (password_rows > 0 && !passwords_file)) {
      std::error_code ec;
      std::filesystem::remove(passwords_path, ec);  // never keep the passwords of a rolled-back import
      return report.ok() ? Internal("cannot write the initial passwords file") : report.status();
    }
    if (password_rows > 0) ctx.AddFile("initial_passwords", "初始密码.csv", "text/csv; charset=utf-8", /*once=*/true);
    if (!report->bad_rows.empty()) {
      JJ_RETURN_IF_ERROR(io::WriteErrorReportXlsx(*report, ctx.FilePath("错误报告.xlsx")));
      ctx.AddFile("error_report", "错误报告.xlsx", kXlsxType);
    }
    ctx.Progress(report->rows, report->rows, report->written ? "job.written" : "job.not_written");
    ctx.result_json = io::ReportJson(*report, ImportModeName(options.mode), 500);
    return Status::Ok();
  };
}

}  // namespace jj::teachers
