// The credit tables `jijiao verify-log` proves against the audit log
// (audit_log::ProtectedTable): every change of one of their rows is logged on
// the row (object_type, id) with the row's state, audit_log::StateOf, as its
// after_json. The credit service, its import and anything else that writes
// these tables log through these definitions, and the verifier reads them.
#pragma once

#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/audit_log/audit_log.h"
#include "infra/db/database.h"

namespace jj::credits {

const audit_log::ProtectedTable& RecordTable();     // credit_records: "credit_record"
const audit_log::ProtectedTable& StampTable();      // audit_stamps (验印): "audit_stamp"
const audit_log::ProtectedTable& ExemptionTable();  // audit_exemptions: "audit_exemption"
const audit_log::ProtectedTable& YearLockTable();   // year_locks: "year_lock"
const audit_log::ProtectedTable& PolicyTable();     // policies: "policy"
// All of them, in the order verify-log reports.
std::vector<const audit_log::ProtectedTable*> ProtectedTables();

// Once, on a database migrated from before rows were logged with their
// state (migration 0012 leaves the task): one event "integrity.baseline" per
// row of every protected table, taking the rows as they are. Returns the
// events written (0 when there was nothing to do). App::Open calls it.
Result<int64_t> WritePendingIntegrityBaseline(db::Database& db, const Clock& clock);

}  // namespace jj::credits
