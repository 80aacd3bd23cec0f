// Org tree import (`jijiao import orgs FILE`, and the job "org.import"):
// columns 代码 名称 类型 (省 市 县区 乡镇中心校 学校 进修学校 教育局) 上级代码
// 学段 (several joined by 、) 城乡 (城镇 / 农村). A parent may come after its
// children in the file, or already exist in the tree (inside the importer's
// scope). Only the root has no 上级代码: an empty tree takes one root of any
// region level (省, 市 or 县区: a county office starts at its own county);
// once the tree exists every new row needs a parent. All rows are validated before anything is written; all or nothing
// unless good_rows_only. Upsert updates the name, stages and 城乡 of an
// existing code (moving a node is not an import's business).
// Access: sys and bureau admins. Thread-safe.
#pragma once

#include <string_view>

#include "core/clock.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"
#include "infra/io/columns.h"
#include "infra/jobs/import_job.h"

namespace jj::org {

inline constexpr const char* kOrgImportJob = "org.import";

// Errors (nothing written): PermissionDenied; InvalidArgument sheet.* /
// import.missing_column / import.no_rows; field.enum for a bad mode.
Result<io::ImportReport> ImportOrgs(db::Database& db, const Clock& clock, const auth::Actor& actor,
                                    std::string_view file, const std::string& mode, bool good_rows_only);

// The job "org.import": params {"upload", "mode", "good_rows_only"}; acts as
// the starting account (`actor_of`) or CommandLineActor.
jobs::JobHandler MakeOrgImportJob(db::Database& db, const Clock& clock, jobs::ActorOfFn actor_of);

}  // namespace jj::org
