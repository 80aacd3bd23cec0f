#include "modules/credits/integrity.h"

#include <spdlog/spdlog.h>

namespace jj::credits {

namespace {
using audit_log::Column;
using audit_log::ProtectedTable;
constexpr auto kInt = Column::kInt;
constexpr auto kText = Column::kText;
}  // namespace

// Every column but the id: what a record says, who moved it, and when.
const ProtectedTable& RecordTable() {
  static const ProtectedTable t{"credit_records",
                                "credit_record",
                                {{"teacher_id", kInt},
                                 {"record_date", kText},
                                 {"end_date", kText},
                                 {"project_name", kText},
                                 {"project_code", kText},
                                 {"level", kText},
                                 {"form", kText},
                                 {"dimension", kText},
                                 {"location", kText},
                                 {"hours_tenths", kInt},
                                 {"grade", kText},
                                 {"topic_tags", kText},
                                 {"source", kText},
                                 {"achievement_type", kText},
                                 {"state", kText},
                                 {"reject_reason", kText},
                                 {"declared_by", kInt},
                                 {"verified_by", kInt},
                                 {"approved_by", kInt},
                                 {"created_at", kInt},
                                 {"updated_at", kInt}},
                                "teacher_id",
                                "teacher"};
  return t;
}

const ProtectedTable& StampTable() {
  static const ProtectedTable t{"audit_stamps",
                                "audit_stamp",
                                {{"teacher_id", kInt}, {"year", kInt}, {"stamped_by", kInt}, {"stamped_at", kInt}},
                                "teacher_id",
                                "teacher"};
  return t;
}

const ProtectedTable& ExemptionTable() {
  static const ProtectedTable t{
      "audit_exemptions",
      "audit_exemption",
      {{"teacher_id", kInt}, {"year", kInt}, {"reason", kText}, {"set_by", kInt}, {"created_at", kInt}},
      "teacher_id",
      "teacher"};
  return t;
}

const ProtectedTable& YearLockTable() {
  static const ProtectedTable t{"year_locks",
                                "year_lock",
                                {{"org_id", kInt}, {"year", kInt}, {"locked_by", kInt}, {"locked_at", kInt}},
                                "",
                                ""};
  return t;
}

const ProtectedTable& PolicyTable() {
  static const ProtectedTable t{"policies",
                                "policy",
                                {{"org_id", kInt},
                                 {"year", kInt},
                                 {"version", kInt},
                                 {"document", Column::kJson},
                                 {"created_by", kInt},
                                 {"created_at", kInt}},
                                "",
                                ""};
  return t;
}

std::vector<const ProtectedTable*> ProtectedTables() {
  return {&RecordTable(), &StampTable(), &ExemptionTable(), &YearLockTable(), &PolicyTable()};
}

Result<int64_t> WritePendingIntegrityBaseline(db::Database& db, const Clock& clock) {
  int64_t written = 0;
  JJ_RETURN_IF_ERROR(db.Transact([&](db::Tx& tx) -> Status {
    db::Row row;
    if (!tx.QueryOne("SELECT task FROM pending_maintenance WHERE task = 'integrity_baseline'", {}, row))
      return Status::Ok();
    for (const ProtectedTable* t : ProtectedTables())
      written += audit_log::AppendStates(tx, clock, std::nullopt, "integrity.baseline", *t, "1 = 1", {});
    tx.Exec("DELETE FROM pending_maintenance WHERE task = 'integrity_baseline'");
    return Status::Ok();
  }));
  if (written > 0) spdlog::info("integrity baseline: {} protected rows logged as they are", written);
  return written;
}

}  // namespace jj::credits
