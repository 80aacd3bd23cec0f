// Audit packs: each teacher's approved credit records, in the order the
// audit reads them (date, then id), packed into one text value of the table
// credit_audit_packs (migration 0010), next to the teacher's facts. A
// county's annual audit then reads one row per teacher instead of one per
// record and the teacher's own row: at 1,000,000 teachers × 30 records that
// was most of its database work.
//
// Consistency: the database's triggers delete a teacher's pack whenever any
// of their records is inserted, changed or deleted, in the same
// transaction; every write path of the credits module then calls
// RefreshAuditPacks for the teachers it touched. A teacher without a pack
// (records written some other way, or before the migration) is audited from
// the records themselves, with the same result, only slower.
//
// The format (versioned by its first character) is private to this file: an
// unknown version or a damaged pack decodes as "no pack".
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "infra/db/bulk.h"
#include "modules/credits/policy/audit.h"

namespace jj::credits {

std::string EncodeAuditPack(std::span<const policy::CreditRecord> records);

// Decodes `pack` into out[0 .. count) and returns count, reusing the storage
// of the records already in `out` (growing it as needed). Nullopt for a
// damaged pack or one of another version (then `out` holds garbage).
std::optional<size_t> DecodeAuditPack(std::string_view pack, std::vector<policy::CreditRecord>& out);

// Calls `fn(in, params)` for each chunk of at most 256 of `ids`, where `in`
// is " IN (:t0, :t1, ...)" and `params` binds it: a statement per chunk
// reads by index lookups whatever the planner thinks of the ids' spread.
void ForEachIdChunk(std::span<const int64_t> ids,
                    const std::function<void(const std::string& in, const db::Params& params)>& fn);

// Streams the approved records of `teacher_ids` (ascending) from
// credit_records: `fn(teacher_id, records)` once per teacher that has any,
// in id order, records in (date, id) order. The span is valid during the call.
void ForEachTeachersRecords(db::Tx& tx, std::span<const int64_t> teacher_ids,
                            const std::function<void(int64_t, std::span<const policy::CreditRecord>)>& fn);

// Writes the packs of `teacher_ids` again from their records (an empty pack
// for a teacher without approved records) with the teachers' school and
// facts (name, id_number, stage, posts, sex, birth_date, hire_date), inside
// the caller's transaction.
// On PostgreSQL it first locks those teachers' rows (FOR NO KEY UPDATE, in id
// order), so that two transactions changing one teacher's records write its
// pack one after the other, the second seeing the first's records. Call it
// after the transaction's last change to those records.
void RefreshAuditPacks(db::Tx& tx, std::vector<int64_t> teacher_ids);

// On PostgreSQL: locks the teachers' rows (FOR NO KEY UPDATE) in id order.
// A transaction that will change the records of many teachers (a project's
// close or upgrade) calls it first, so that two such transactions over
// overlapping teachers wait for each other instead of deadlocking on the
// packs their records' triggers delete in participant order. SQLite has one
// writer: nothing to do.
void LockTeachers(db::Tx& tx, std::vector<int64_t> teacher_ids);

// Writes the packs of every teacher with approved records when migration
// 0010 left that task (pending_maintenance 'credit_audit_packs': the
// database held records before packs existed), then removes the task.
// Returns the teachers packed (0 when nothing was pending). It runs as the
// background job kAuditPacksJob, so `serve` listens at once: batches of
// kPackBatch teachers, a transaction each (the audit reads teachers without
// a pack from their records meanwhile, with the same result). `progress`
// (optional) hears (done, total) after each batch.
inline constexpr const char* kAuditPacksJob = "credits.audit_packs";
inline constexpr size_t kPackBatch = 2000;
bool AuditPacksPending(db::Database& db);
Result<int64_t> WritePendingAuditPacks(db::Database& db,
                                       const std::function<void(int64_t, int64_t)>& progress = {});

}  // namespace jj::credits
