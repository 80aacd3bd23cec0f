// A spreadsheet import as a background job, for imports whose only result
// files are the error workbook (orgs, credits): maps the stored upload and
// removes it from disk at once (personal data), acts as the account that
// started the job (or as CommandLineActor from the CLI), runs the import,
// writes 错误报告.xlsx when rows are bad, and reports io::ReportJson.
// Params: {"upload", "mode", "good_rows_only"}.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "infra/auth/actor.h"
#include "infra/io/columns.h"
#include "infra/jobs/jobs.h"

namespace jj::jobs {

using SheetImportFn = std::function<Result<io::ImportReport>(const auth::Actor& actor, std::string_view file,
                                                             const std::string& mode, bool good_rows_only)>;
using ActorOfFn = std::function<Result<auth::Actor>(int64_t account_id)>;

JobHandler MakeSheetImportJob(SheetImportFn run, ActorOfFn actor_of);

}  // namespace jj::jobs
