// The append-only audit log of changes to accounts, teachers, credits, grades
// and stamps. Each entry carries the hash of the previous one, so a silent
// edit of any past row breaks the chain and Verify() finds it.
//
// Append() must be called inside the transaction that makes the change, so
// the change and its event commit or roll back together.
//
// Protected tables. The chain alone says nothing about the tables: a row
// edited behind the server's back leaves the log intact. For the tables a
// caller declares protected (ProtectedTable: credit records, stamps, ...),
// every change of a row is logged on (object_type, row id) with after_json =
// the row's state as StateOf() reads it (extra keys, such as a reason, may be
// added), or after_json = "" / {"deleted": true, ...} when the row is deleted.
// Verify() then compares every row with the after_json of the newest event
// for it, and reports rows that differ, rows no event names, and rows that
// vanished without a logged delete.
//
// Truncation. Cutting the newest entries and rewinding audit_head leaves a
// chain that verifies. Verify() returns an anchor (the last entry's id and
// hash) for the operator to keep off the machine; given an anchor taken
// earlier, it checks that this entry still exists with that hash.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/db/bulk.h"
#include "infra/db/database.h"

namespace jj::audit_log {

struct Event {
  std::optional<int64_t> actor_id;
  std::string action;       // "teacher.update", "account.create", ...
  std::string object_type;  // "teacher", "account", ...
  std::optional<int64_t> object_id;
  std::string before_json;  // may be empty
  std::string after_json;   // may be empty
};

// Appends one event; serialised against concurrent appenders.
void Append(db::Tx& tx, const Clock& clock, const Event& event);
// The hash of the newest entry (no lock): it changes with every logged
// change, in any process sharing the database — a token for caches of what
// logged tables hold.
std::string HeadHash(db::Tx& tx);
// Appends every event `next` fills (returning false at the end) in one bulk
// insert, chained in order, all at the clock's current second: the way bulk
// paths (imports) log one event per row. Returns the events appended.
int64_t AppendAll(db::Tx& tx, const Clock& clock, const std::function<bool(Event&)>& next);

// A protected table: its rows carry an `id` primary key; `columns` are the
// fields whose values the log proves.
struct Column {
  enum Kind { kInt, kText, kJson };  // kJson: text holding JSON, kept and compared as JSON
  std::string name;
  Kind kind;
};
struct ProtectedTable {
  std::string table;        // "credit_records"
  std::string object_type;  // "credit_record": the events' object_type
  std::vector<Column> columns;
  // Rows deleted with their parent (ON DELETE CASCADE), e.g. a teacher's
  // records: such a row may vanish when the newest event of (parent_type,
  // its parent_column value) is a delete. Empty when rows have no parent.
  std::string parent_column, parent_type;
};

// The state of row `id` as after_json carries it: {column: value, ...}
// (integers as numbers, NULL as null); null when there is no such row.
nlohmann::json StateOf(db::Tx& tx, const ProtectedTable& table, int64_t id);
// Appends one event per row of `table` matching `where` (SQL after WHERE,
// with `params`), in id order, with after_json = the row's state: a bulk
// write logs its rows. Returns the events appended.
int64_t AppendStates(db::Tx& tx, const Clock& clock, std::optional<int64_t> actor_id, const std::string& action,
                     const ProtectedTable& table, const std::string& where, const db::Params& params);

// What the operator keeps off the machine: "ID:HASH" of the last entry.
struct Anchor {
  int64_t id = 0;
  std::string hash;
  std::string ToString() const { return std::to_string(id) + ":" + hash; }
};
std::optional<Anchor> ParseAnchor(const std::string& text);

// A protected row that does not match the log.
struct Finding {
  enum Kind {
    kChanged,    // a field differs from its logged value
    kUnlogged,   // no event names the row
    kVanished,   // the row is gone, no delete was logged
    kUndeleted,  // the log says deleted, the row is there
  };
  Kind kind = kChanged;
  std::string table;
  int64_t id = 0;
  std::string field;            // kChanged: the column
  std::string logged, current;  // kChanged: the values as JSON text
  int64_t event_id = 0;         // the newest event for the row (0: none)
};

struct VerifyReport {
  int64_t entries = 0;
  std::optional<int64_t> first_bad_id;  // set when the chain is broken (-1: the head names no entry)
  Anchor last;                          // the last entry (id 0 when the log is empty)
  // With an anchor: false when that entry is missing or its hash differs.
  bool anchor_ok = true;
  std::string anchor_found_hash;  // the hash found at the anchor's id ("" when missing)
  int64_t rows_checked = 0;       // protected rows compared with the log
  int64_t findings_total = 0;
  std::vector<Finding> findings;  // the first kMaxFindings, in table then id order
  static constexpr size_t kMaxFindings = 50;
  bool intact() const { return !first_bad_id && anchor_ok && findings_total == 0; }
};

// Recomputes the chain from the first entry, checks the anchor when given,
// and compares the rows of `tables` with the log: all in one consistent
// read (Database::Snapshot), so a running server's writes do not interfere.
// Memory: about 40 bytes per event on a protected object.
Result<VerifyReport> Verify(db::Database& db, const std::vector<const ProtectedTable*>& tables = {},
                            const std::optional<Anchor>& anchor = std::nullopt);

}  // namespace jj::audit_log
