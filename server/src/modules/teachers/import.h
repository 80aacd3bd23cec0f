// Teacher roster import (教师信息导入) from xlsx or CSV, and the template.
//
// Every row is validated before anything counts: the registry's own rules
// (NormalizeAndCheck: ID check digit, sex and birth date against the ID,
// dates, enumerations, phone), the school inside the importer's scope,
// duplicates inside the file and against the registry. The import reads the
// file once, streaming, inside one transaction: valid rows are written as
// they come and the transaction is rolled back at the end unless every row
// was valid (or the user chose to import the good rows only). A dry run
// writes nothing. So a crash or a cancel leaves the registry as it was.
//
// Modes: dry run; insert (an existing ID number is a problem); upsert
// (existing teachers in scope are updated from the columns present in the
// file; the changes are listed as a preview; a new school is a transfer with
// history).
//
// New teachers get teacher accounts (username = ID number) with random
// initial passwords that must be changed at first login; the passwords are
// handed to `on_account` once, after the last row, only when the import is
// to be written — the caller stores them for a one-time download (and drops
// them when Import returns an error).
//
// The file is read and checked on a second thread while the caller's thread
// writes the rows checked so far; the second thread also prepares the
// accounts and calls `on_account` (one call at a time, in insertion order).
//
// Access: sys, bureau and school admins, for schools in their subtree.
// Thread-safe (stateless over the Database).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"
#include "infra/io/columns.h"
#include "infra/jobs/jobs.h"

namespace jj::teachers {

enum class ImportMode { kDryRun, kInsert, kUpsert };
// "dry-run", "insert", "upsert". Errors: InvalidArgument field.enum (mode).
Result<ImportMode> ParseImportMode(const std::string& text);
const char* ImportModeName(ImportMode mode);

// The columns, in template order: 姓名 身份证号 性别 出生日期 学校代码 学校名称
// 学段 学科 职称 岗位 入职日期 教师资格证号 手机号 在职状态 (+ optional 民族 骨干级别).
const std::vector<io::ColumnSpec>& ImportColumns();

struct ImportOptions {
  ImportMode mode = ImportMode::kDryRun;
  bool good_rows_only = false;  // write the valid rows even when others are bad
  size_t max_problems = 10000;  // kept for the report; all are counted
  // Called now and then with how many leading bytes of the file the import
  // is done with for now (it may read them again): a caller holding the file
  // in a memory map can drop those pages (io::MappedFile::Evict). One call
  // at a time, from the caller's thread or the reading thread.
  std::function<void(size_t bytes)> evict_input;
};

// Valid during the `on_account` call.
struct InitialAccount {
  std::string_view name, username, school, password;
};

using ImportReport = io::ImportReport;

// (done, total) rows; total may be an estimate. Return false to cancel.
using ImportProgress = std::function<bool(int64_t done, int64_t total, const std::string& phase)>;
using AccountSink = std::function<void(const InitialAccount&)>;

class TeacherImporter {
 public:
  TeacherImporter(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Errors (the file as a whole; nothing written): PermissionDenied;
  // InvalidArgument sheet.* / import.missing_column / import.duplicate_column /
  // import.no_school_column / import.no_rows; FailedPrecondition job.cancelled.
  // Row problems are not errors: they are in the report.
  Result<ImportReport> Import(const auth::Actor& actor, std::string_view file, const ImportOptions& options,
                              const ImportProgress& progress = {}, const AccountSink& on_account = {});

 private:
  db::Database& db_;
  const Clock& clock_;
};

// The background job "teacher.import". Params (JSON): {"upload": path of the
// stored file, "mode", "good_rows_only"}. The job acts for the account that
// started it (`actor_of`), or as CommandLineActor without one. Result files:
// 错误报告.xlsx when rows are bad, 初始密码.csv (downloadable once) when
// accounts were created. The upload is deleted when the job ends.
inline constexpr const char* kImportJob = "teacher.import";
jobs::JobHandler MakeImportJob(TeacherImporter& importer,
                               std::function<Result<auth::Actor>(int64_t account_id)> actor_of);

// The downloadable template: an xlsx with the headers, dropdowns for the
// enumerations, one example row and a 填写说明 sheet, written to `path`.
Status WriteImportTemplateXlsx(const std::string& path);
// The same columns as CSV (UTF-8 with BOM) with the example row.
std::string ImportTemplateCsv();

}  // namespace jj::teachers
