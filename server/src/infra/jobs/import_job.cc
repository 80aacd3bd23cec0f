#include "infra/jobs/import_job.h"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "infra/io/mapped_file.h"

namespace jj::jobs {

JobHandler MakeSheetImportJob(SheetImportFn run, ActorOfFn actor_of) {
  return [run = std::move(run), actor_of = std::move(actor_of)](JobContext& ctx) -> Status {
    nlohmann::json params = nlohmann::json::parse(ctx.params_json(), nullptr, false);
    if (!params.is_object() || !params.contains("upload")) return Internal("import job: bad params");
    const std::string upload = params["upload"].get<std::string>();
    auto file = io::MappedFile::Open(upload);
    std::error_code ec;
    std::filesystem::remove(upload, ec);  // the mapping stays readable; the file leaves the disk
    if (!file.ok()) return file.status();
    auth::Actor actor = auth::CommandLineActor();
    if (ctx.account_id()) {
      JJ_ASSIGN_OR_RETURN(actor, actor_of(*ctx.account_id()));
    }
    const std::string mode = params.value("mode", "dry-run");
    JJ_ASSIGN_OR_RETURN(auto report, run(actor, file->view(), mode, params.value("good_rows_only", false)));
    if (!report.bad_rows.empty()) {
      JJ_RETURN_IF_ERROR(io::WriteErrorReportXlsx(report, ctx.FilePath("错误报告.xlsx")));
      ctx.AddFile("error_report", "错误报告.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
    ctx.Progress(report.rows, report.rows, report.written ? "job.written" : "job.not_written");
    ctx.result_json = io::ReportJson(report, mode, 500);
    return Status::Ok();
  };
}

}  // namespace jj::jobs
