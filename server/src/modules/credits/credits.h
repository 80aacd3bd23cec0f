// Credit records (学分记录), their approval chain, the region policies, and
// the annual audit (学分审核认定) over the pure engine in policy/.
//
// States: a teacher (or an admin for them) declares a record → the school
// admin verifies it (school_verified) → the bureau admin approves it; any
// admin on the way may reject it with a reason. Only approved records count.
// Records of a year locked for the teacher's region cannot change
// (FailedPrecondition credits.year_locked) until a bureau admin unlocks it.
//
// Policies: one JSON document per region (an org node) and year, versioned;
// a teacher is audited under the policy of the nearest ancestor of their
// school that has one for the year, else the default policy (seed S1).
//
// Access: teachers see and declare their own records and audit; admins act
// on teachers of their subtree; bureau and sys admins approve, edit policies,
// lock years. Anything outside scope is NotFound. Every change of a record,
// a policy, an exemption, a lock or a stamp is written to the audit log in
// the same transaction. Thread-safe (stateless over the Database).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/result.h"
#include "core/vocabulary.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"
#include "modules/credits/policy/audit.h"
#include "modules/credits/policy/policy.h"

namespace jj::credits {

const std::vector<std::string>& RecordStates();  // declared school_verified approved rejected
const std::vector<std::string>& Sources();       // training school_activity workshop reading achievement import
// The record vocabularies (level, form, dimension, location, source, state)
// and the audit's (outcome, status) with their labels (GET /api/v1/meta/enums).
std::vector<Vocabulary> Vocabularies();

struct Record {
  int64_t id = 0, teacher_id = 0;
  std::string teacher_name;
  std::string date, end_date, project_name, project_code, level, form, dimension, location;
  int64_t hours_tenths = 0;
  std::string grade;
  std::vector<std::string> topic_tags;
  std::string source = "training", achievement_type;
  std::string state = "declared", reject_reason;
  int64_t created_at = 0, updated_at = 0;
};

struct NewRecord {
  int64_t teacher_id = 0;  // a teacher declaring for themself may leave it 0
  std::string date, end_date, project_name, project_code, level, form, dimension, location;
  int64_t hours_tenths = 0;
  std::string grade;
  std::vector<std::string> topic_tags;
  std::string source = "training", achievement_type;
};

struct RecordQuery {
  std::optional<int64_t> teacher_id, org_id;
  std::string state;
  std::optional<int> year;
  int64_t page = 1, page_size = 50;
};

struct RecordPage {
  std::vector<Record> items;
  int64_t total = 0;
};

// One row of a school's audit table.
struct AuditRow {
  int64_t teacher_id = 0;
  std::string name, id_number, school;
  int64_t school_id = 0;
  policy::TeacherAudit audit;
  // What the teacher still needs to earn (TeacherAudit::needed), rounded up
  // to a tenth, per measure: the table's 差额 and its sort key (credits,
  // then hours; largest first).
  int64_t needed_credits_tenths = 0, needed_hours_tenths = 0;
  int rank_in_school = 0;        // 1 = most credits in the school
  bool stamped = false;
  // Bit i set: a binding requirement whose record filter names
  // policy::Dimensions()[i] is short (the "short in a dimension" filter).
  uint32_t short_dimensions = 0;
};

// One page of the audit table (GET /api/v1/credits/audit): the filters and
// the order decided by the server, the total counted by the same pass.
struct AuditQuery {
  std::optional<int64_t> org_id;     // subtree (default: the actor's scope)
  std::optional<int64_t> school_id;  // one school (or any org) inside it
  std::string status;                // "" | 达标 | 未达标
  std::optional<int64_t> min_shortfall_tenths;  // credits still needed >= this
  std::string dimension;             // "" | a dimension the teacher is short in
  // needed (largest first, the default), -needed, credits (most first),
  // -credits, name, school (then name).
  std::string sort = "needed";
  int64_t page = 1, page_size = 500;  // at most 500 (a school's table on one page)
};

struct AuditPage {
  std::vector<AuditRow> items;
  int64_t total = 0, page = 1, page_size = 500;
};

struct Evidence {
  int64_t id = 0, record_id = 0;
  std::string name, content_type;
  int64_t size = 0;
  std::string content_hash;  // BLAKE2b-256 hex, kept in the audit log too
  int64_t created_at = 0;
};

inline constexpr int64_t kMaxEvidenceBytes = 10 * 1024 * 1024;

struct SchoolSummary {
  int64_t school_id = 0;
  std::string school;
  int64_t teachers = 0, passed = 0, exempt = 0, stamped = 0;
};

class AuditCache;

class CreditService {
 public:
  // Evidence files are stored under `evidence_dir` (created when needed).
  // `audit_cache_rows`: how many rows of schools' audit tables to keep
  // between requests (audit_cache.h; 0: none).
  CreditService(db::Database& db, const Clock& clock, std::string evidence_dir = "var/files/evidence",
                size_t audit_cache_rows = 0);
  ~CreditService();

  // Errors: InvalidArgument (the field at fault, ValidateRecord's rules),
  // NotFound (teacher outside scope), FailedPrecondition credits.year_locked.
  Result<Record> Declare(const auth::Actor& actor, const NewRecord& in);
  // Inside the caller's transaction: writes an approved record with source
  // "training" for `in.teacher_id` (a closed training project crediting a
  // participant), with Declare's validation and an audit entry
  // ("credit.grant") in `tx`. The caller has authorised the grant (a
  // project's participants may lie outside the actor's subtree), so no scope
  // check is made. Errors: InvalidArgument (field), NotFound (no such
  // teacher), FailedPrecondition credits.year_locked.
  Result<Record> Grant(db::Tx& tx, const auth::Actor& actor, const NewRecord& in);
  // Inside the caller's transaction: sets a record's level and form (a
  // project upgraded to another level), with an audit entry
  // ("credit.relabel", before and after) in `tx`. No scope check, as for
  // Grant. Errors: InvalidArgument policy.enum (level or form), NotFound,
  // FailedPrecondition credits.year_locked.
  Result<Record> Relabel(db::Tx& tx, const auth::Actor& actor, int64_t record_id, const std::string& level,
                         const std::string& form);
  // Before Grant or Relabel for many teachers in one transaction: takes the
  // teachers' row locks in id order (PostgreSQL), so that two such
  // transactions over overlapping teachers queue instead of deadlocking.
  static void LockTeachers(db::Tx& tx, std::vector<int64_t> teacher_ids);
  Result<RecordPage> List(const auth::Actor& actor, const RecordQuery& q);
  // verify (school admin or above), approve (bureau or sys admin), reject
  // (any admin over the teacher, with a reason). Errors: FailedPrecondition
  // credits.bad_transition {from, to}, credits.year_locked; PermissionDenied.
  Result<Record> Transition(const auth::Actor& actor, int64_t id, const std::string& action, const std::string& reason);

  // The audit of one teacher for a year, with every record's outcome.
  Result<nlohmann::json> AuditTeacher(const auth::Actor& actor, int64_t teacher_id, int year);
  // Every teacher in `org_id`'s subtree (default: the actor's scope), sorted
  // by what they still need (largest first: credits, then hours), with
  // per-school ranking by credits.
  Result<std::vector<AuditRow>> AuditSubtree(const auth::Actor& actor, std::optional<int64_t> org_id, int year);
  // The same, streamed one school at a time (rows of a school ranked, in
  // teacher order): memory stays bounded by the largest school. The CLI
  // audit and exports use it. `on_school` may stop the walk with an error.
  Status ForEachSchoolAudit(const auth::Actor& actor, std::optional<int64_t> org_id, int year,
                            const std::function<Status(const std::vector<AuditRow>&)>& on_school);
  // One page of the subtree's table, filtered and sorted as `q` says; the
  // total counts every matching teacher. Memory holds at most page ×
  // page_size rows. Errors: InvalidArgument (status, dimension, sort),
  // NotFound (org_id or school_id outside scope), PermissionDenied.
  Result<AuditPage> AuditTable(const auth::Actor& actor, int year, const AuditQuery& q);
  // Completion per school of the subtree (bureau view).
  // Drops the schools' audit tables kept between requests (audit_cache.h):
  // after a change made behind the server's back, which no log entry names.
  void ForgetAuditTables();
  Result<std::vector<SchoolSummary>> Completion(const auth::Actor& actor, std::optional<int64_t> org_id, int year);

  // Whether `year` is locked for `org_id` (default: the actor's org), by a
  // lock on it or on an ancestor. Errors: NotFound (outside scope).
  Result<bool> IsYearLocked(const auth::Actor& actor, std::optional<int64_t> org_id, int year);
  // 验印: only a 达标 teacher's year (an exempt year is 达标). Errors: FailedPrecondition
  // credits.not_passed {shortfall}.
  Status Stamp(const auth::Actor& actor, int64_t teacher_id, int year);
  // Exempt a teacher for a year (reason required) or lift it (reason empty).
  Status SetExemption(const auth::Actor& actor, int64_t teacher_id, int year, const std::string& reason);
  // Lock / unlock a year for the actor's region (bureau and sys admins; an
  // unlock needs a reason, kept in the audit log).
  Status SetYearLock(const auth::Actor& actor, std::optional<int64_t> org_id, int year, bool locked,
                     const std::string& reason);

  // Evidence (证明材料) of a record: a PDF, PNG or JPEG (checked by its
  // bytes, not its name) of at most kMaxEvidenceBytes. The teacher adds it
  // while the record is declared; admins over the teacher at any state of an
  // unlocked year. Errors: InvalidArgument credits.evidence_type /
  // credits.evidence_empty, PayloadTooLarge credits.evidence_too_large,
  // FailedPrecondition credits.evidence_state / credits.year_locked, NotFound.
  Result<Evidence> AddEvidence(const auth::Actor& actor, int64_t record_id, const std::string& name,
                               const std::string& bytes);
  Result<std::vector<Evidence>> ListEvidence(const auth::Actor& actor, int64_t record_id);
  // The file's bytes. Errors: NotFound.
  Result<std::pair<Evidence, std::string>> ReadEvidence(const auth::Actor& actor, int64_t record_id,
                                                        int64_t evidence_id);

  // One document of a layered policy: a region's stored version, or the
  // default policy (no org).
  struct PolicyLayer {
    std::optional<int64_t> org_id;  // nullopt: the default policy
    std::string code, name;         // the region's
    int year = 0, version = 0;
    bool extends = false;  // an extension ("extends": "parent") rather than a whole document
  };
  // The policy in force for an org and year, and where it comes from: the
  // nearest region's document, layered over its parents' when it extends
  // them (docs/policy.md). layers[i] is origin i of every requirement and
  // rule (policy::Requirement::origin); layers[0] is the base.
  struct EffectivePolicy {
    policy::Policy policy;
    std::optional<int64_t> org_id;  // the nearest region with a document; nullopt: the default policy
    int version = 0;
    std::vector<PolicyLayer> layers;
    std::optional<nlohmann::json> document;  // the org's own stored document for the year, if any
  };
  Result<EffectivePolicy> PolicyFor(const auth::Actor& actor, int64_t org_id, int year);
  // Stores a new version for a region: a whole document or an extension of
  // the policy in force above it (checked against it). A version that would
  // break a region below that extends it is refused. Errors:
  // InvalidArgument (the policy's field path; credits.policy_breaks_child
  // {region, reason}), PermissionDenied (not a bureau or sys admin over org_id).
  Result<EffectivePolicy> SavePolicy(const auth::Actor& actor, int64_t org_id, int year, const std::string& document);

 private:
  db::Database& db_;
  const Clock& clock_;
  std::string evidence_dir_;
  // Schools' audit tables between requests (audit_cache.h).
  std::unique_ptr<AuditCache> audit_cache_;
};

// Inside a transaction: the policy in force for an org (by its path) and
// year — the nearest region's, layered over its parents' (docs/policy.md),
// else the default policy.
Result<CreditService::EffectivePolicy> PolicyInForce(db::Tx& tx, const std::string& org_path, int year);
// The effective policy as the API and `jijiao policy show --json` give it:
// {"policy": the effective document, "org_id", "version", "inherited_default",
//  "dimension_required", "document": the org's own or null,
//  "layers": [{"index","org_id","code","name","year","version","extends","label"}],
//  "origins": {"requirements": [{"id","layer"}], "rules": [{"id","layer"}],
//              "settings": {"hours_per_credit": layer, ...}}}.
nlohmann::json EffectivePolicyJson(const CreditService::EffectivePolicy& p);
// The effective document with each requirement's and rule's "origin" in
// words ("441821 某区 2026 v2"), and the settings' under a top-level
// "origin": loadable as is (loading ignores "origin").
nlohmann::json AnnotatedPolicyDocument(const CreditService::EffectivePolicy& p);
// Whether a training record needs a 维度 there (policy::RequiresDimension of
// the policy in force): the one rule the declare form, declarations, grants
// and the import follow.
Result<bool> DimensionRequired(db::Tx& tx, const std::string& org_path, int year);

// Exempts (免审) a teacher for a year inside the caller's transaction, for a
// decision another module takes (the backbone annual assessment's final
// pass), logged (credit.exemption_set) like every exemption write; an empty
// reason lifts it. The caller has checked who may. Errors: NotFound (no such
// teacher), FailedPrecondition credits.year_locked.
Status ExemptInTx(db::Tx& tx, const Clock& clock, const auth::Actor& actor, int64_t teacher_id, int year,
                  const std::string& reason);

}  // namespace jj::credits
