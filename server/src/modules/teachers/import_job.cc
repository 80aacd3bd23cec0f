// The teacher import as a background job: progress, cancel, result files.
#include <filesystem>
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

std::string ReportJson(const ImportReport& r, ImportMode mode, size_t limit) {
  nlohmann::json problems = nlohmann::json::array();
  for (size_t i = 0; i < r.problems.size() && i < limit; ++i) {
    const auto& p = r.problems[i];
    problems.push_back({{"row", p.row},
                        {"column", p.column},
                        {"value", p.value},
                        {"message", p.reason.Message("zh")},
                        {"message_en", p.reason.Message("en")}});
  }
  nlohmann::json changes = nlohmann::json::array();
  for (size_t i = 0; i < r.changes.size() && i < limit; ++i) {
    const auto& c = r.changes[i];
    changes.push_back({{"row", c.row},
                       {"id_number", c.id_number},
                       {"name", c.name},
                       {"field", c.field},
                       {"before", c.before},
                       {"after", c.after}});
  }
  return nlohmann::json{{"mode", ImportModeName(mode)},
                        {"written", r.written},
                        {"rows", r.rows},
                        {"valid", r.valid},
                        {"invalid", r.invalid},
                        {"inserted", r.inserted},
                        {"updated", r.updated},
                        {"unchanged", r.unchanged},
                        {"accounts", r.accounts},
                        {"problem_count", r.problem_count},
                        {"unknown_columns", r.unknown_columns},
                        {"problems", problems},
                        {"changes", changes}}
      .dump();
}

Status WriteErrorReportXlsx(const ImportReport& r, const std::string& path) {
  JJ_ASSIGN_OR_RETURN(auto w, io::XlsxWriter::Create(path));
  std::vector<io::XlsxColumn> cols;
  cols.push_back({"行号", 8, {}, true});
  for (const auto& h : r.header) cols.push_back({h, h == "身份证号" ? 22.0 : 14.0, {}, true});
  cols.push_back({"错误说明", 60, {}, true});
  w->AddSheet("错误报告", cols);
  for (const BadRow& b : r.bad_rows) {
    std::vector<std::string> cells;
    std::vector<bool> mark;
    cells.push_back(std::to_string(b.row));
    mark.push_back(false);
    for (size_t i = 0; i < r.header.size(); ++i) {
      cells.push_back(i < b.cells.size() ? b.cells[i] : "");
      mark.push_back(i < b.bad.size() && b.bad[i]);
    }
    cells.push_back(b.reasons);
    mark.push_back(false);
    w->AppendRow(cells, mark);
  }
  return w->Close();
}

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

    std::unique_ptr<io::XlsxWriter> passwords;
    Status password_status;
    auto on_account = [&](const InitialAccount& a) {
      if (!passwords) {
        auto w = io::XlsxWriter::Create(ctx.FilePath("初始密码.xlsx"));
        if (!w.ok()) {
          password_status = w.status();
          return;
        }
        passwords = std::move(*w);
        passwords->AddSheet("初始密码", {{"姓名", 12, {}, true},
                                         {"用户名（身份证号）", 22, {}, true},
                                         {"学校", 24, {}, true},
                                         {"初始密码", 16, {}, true}});
      }
      passwords->AppendRow({a.name, a.username, a.school, a.password});
    };
    auto progress = [&ctx](int64_t done, int64_t total, const std::string& phase) {
      ctx.Progress(done, total, phase == "write" ? "写入数据库" : "校验数据");
      return !ctx.CancelRequested();
    };
    auto report = importer.Import(actor, bytes, options, progress, on_account);
    if (!report.ok()) {
      passwords.reset();
      std::error_code ec;
      std::filesystem::remove(ctx.FilePath("初始密码.xlsx"), ec);  // never leave passwords of a rolled-back import
      return report.status();
    }
    if (passwords) {
      JJ_RETURN_IF_ERROR(passwords->Close());
      ctx.AddFile("initial_passwords", "初始密码.xlsx", kXlsxType, /*once=*/true);
    }
    JJ_RETURN_IF_ERROR(password_status);
    if (!report->bad_rows.empty()) {
      JJ_RETURN_IF_ERROR(WriteErrorReportXlsx(*report, ctx.FilePath("错误报告.xlsx")));
      ctx.AddFile("error_report", "错误报告.xlsx", kXlsxType);
    }
    ctx.Progress(report->rows, report->rows, report->written ? "已写入" : "未写入");
    ctx.result_json = ReportJson(*report, options.mode, 500);
    return Status::Ok();
  };
}

}  // namespace jj::teachers
