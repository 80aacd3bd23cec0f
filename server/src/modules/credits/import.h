// Credit records from a spreadsheet, imported as approved (migrating a
// county's historical records): 身份证号* 姓名 日期* 项目名称 项目编号 级别 形式
// 维度 地点 学时 成绩 类型 (培训 校本活动 工作坊 读书 成果 导入; empty = 导入)
// 成果类别 专题标签 (several, separated by 、 or ;). Every row is validated first (teacher in scope and, when given,
// the name agreeing with the registry; the engine's record rules; one
// decimal of hours; no locked year; no duplicate row); all or nothing
// unless good_rows_only. Sys and bureau admins. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"
#include "infra/io/columns.h"
#include "infra/jobs/import_job.h"
#include "modules/credits/credits.h"

namespace jj::credits {

inline constexpr const char* kCreditImportJob = "credit.import";

// mode: "dry-run" | "insert". Errors (nothing written): PermissionDenied,
// InvalidArgument sheet.* / import.missing_column / import.no_rows / field.enum.
Result<io::ImportReport> ImportCredits(db::Database& db, const Clock& clock, const auth::Actor& actor,
                                       std::string_view file, const std::string& mode, bool good_rows_only);

jobs::JobHandler MakeCreditImportJob(db::Database& db, const Clock& clock, jobs::ActorOfFn actor_of);

// The credit import's template: the columns above with dropdowns for the
// vocabularies, sample rows that import once the roster template's sample
// teacher is in, and a 填写说明 sheet; the same as CSV (UTF-8).
Status WriteCreditTemplateXlsx(const std::string& path);
std::string CreditTemplateCsv();

// Exemptions (免审) from a spreadsheet — migrating last year's list:
// 身份证号* 姓名 年度* 原因*. Every row checked first (teacher in scope, the
// name agreeing, a year 2000–2100 not locked for the teacher, a reason of at
// most 200 characters, one row per teacher and year); all or nothing unless
// good_rows_only. A row for an exemption already set replaces its reason
// (updated) or leaves it (unchanged). Each write is logged as an exemption
// set through the API is. Sys and bureau admins. Thread-safe.
inline constexpr const char* kExemptionImportJob = "credit.exemption_import";
Result<io::ImportReport> ImportExemptions(db::Database& db, const Clock& clock, const auth::Actor& actor,
                                          std::string_view file, const std::string& mode, bool good_rows_only);
jobs::JobHandler MakeExemptionImportJob(db::Database& db, const Clock& clock, jobs::ActorOfFn actor_of);
Status WriteExemptionTemplateXlsx(const std::string& path);
std::string ExemptionTemplateCsv();

}  // namespace jj::credits
