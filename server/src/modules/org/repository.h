// SQL of the org module (internal to modules/org). Bind parameters only.
#pragma once

#include "modules/org/org.h"

namespace jj::org {

Org OrgFromRow(const db::Row& r);
std::string JoinStages(const std::vector<std::string>& stages);
// SELECT of all org columns with a trailing clause ("WHERE ... ORDER BY ...").
std::vector<Org> QueryOrgs(db::Tx& tx, const std::string& where, const db::Params& params);
// Inserts and sets the materialized path; returns the new id.
int64_t InsertOrg(db::Tx& tx, const NewOrg& in, const std::string& parent_path, int64_t now);

}  // namespace jj::org
