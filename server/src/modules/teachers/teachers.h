// The teacher registry (教师信息库): one record per person keyed by the
// national ID number, scoped by the org tree, with transfer history.
//
// Access: sys/bureau/school admins read and write teachers whose school lies
// in their subtree; a teacher reads their own record and may change only
// their phone; other roles are denied. Anything outside scope is NotFound.
// ID numbers and phones are masked in lists; details show them to admins
// and to the teacher themself.
// Thread-safe (stateless over the Database).
#pragma once

#include <atomic>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/vocabulary.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"

namespace jj::teachers {

const std::vector<std::string>& Sexes();
const std::vector<std::string>& EmploymentStatuses();  // 在职 调出 退休 离职
const std::vector<std::string>& BackboneLevels();      // 无 校级 县级 市级 省级 国家级
const std::vector<std::string>& Titles();
const std::vector<std::string>& Posts();
// The usual subjects (学科): suggestions with their labels, not a closed
// list (a teacher's subject is free text); the UI offers and labels them.
const std::vector<std::string>& Subjects();
// sex, status, backbone_level, title, posts, subject with their labels (GET /api/v1/meta/enums).
std::vector<Vocabulary> Vocabularies();

struct Teacher {
  int64_t id = 0;
  std::string name, id_number, sex, birth_date, ethnicity, phone;
  int64_t org_id = 0;
  std::string org_name;
  std::string stage, subject, title;
  std::vector<std::string> posts;
  std::string hire_date, cert_number, status = "在职", backbone_level = "无";
  bool rural = false;
  bool is_new_teacher = false;
};

// Every editable field, each optional: used for create (required ones are
// checked) and for partial update.
struct TeacherInput {
  std::optional<std::string> name, id_number, sex, birth_date, ethnicity, phone;
  std::optional<int64_t> org_id;
  std::optional<std::string> stage, subject, title;
  std::optional<std::vector<std::string>> posts;
  std::optional<std::string> hire_date, cert_number, status, backbone_level;
};

struct ListQuery {
  int64_t page = 1, page_size = 20;
  std::optional<int64_t> org_id;
  std::string stage, subject, title, status, backbone_level, q;
  std::string sort = "name";  // name -name birth_date -birth_date hire_date -hire_date
};

// A list total is counted exactly up to TeacherService's exact-total limit
// (default kExactTotalLimit); above it `total` is that limit and
// `total_exact` false: at least so many match (the count stops there, so a
// page of a province costs what a page of a county does).
inline constexpr int64_t kExactTotalLimit = 10000;

struct Page {
  std::vector<Teacher> items;
  int64_t total = 0, page = 1, page_size = 20;
  bool total_exact = true;
};

struct Transfer {
  int64_t from_org_id = 0, to_org_id = 0;
  std::string from_org_name, to_org_name, date, note, actor;
};

// Checks one teacher's fields after merging: the ID number's check digit,
// sex and birth date derived from it (filled when absent, must agree when
// given), enumerations, dates, phone. Shared with the spreadsheet import.
// Errors: InvalidArgument with the field at fault (the first problem).
Status NormalizeAndValidate(Teacher& t);
// The same checks, reporting every problem (InvalidArgument, each with its
// field) into `problems` — for the spreadsheet import's report.
void NormalizeAndCheck(Teacher& t, std::vector<Status>& problems);

// One teacher as other modules read them (registration, credits, surveys):
// identity, the school and its place in the org tree, and the facts
// eligibility and credit rules look at. `id_number` is the full number:
// callers mask it before showing it to anyone who may not see it.
struct TeacherCard {
  int64_t id = 0;
  std::string name, id_number, sex, birth_date, hire_date;  // dates "YYYY-MM-DD" or ""
  int64_t org_id = 0;                                       // the school
  std::string org_name, org_path;
  bool rural = false;  // the school is rural
  std::string stage, subject, backbone_level, status, title;
  std::vector<std::string> posts;
};

// Reads teacher `id` inside the caller's transaction (no scope check: the
// caller decides who may see them, e.g. with actor.MayActOnTeacher(id,
// org_path)). With `lock`, the teacher's row is locked for the rest of the
// transaction on PostgreSQL (NO KEY UPDATE; SQLite serialises writers
// already), so one teacher's concurrent requests queue. nullopt: no such teacher.
std::optional<TeacherCard> FindTeacherCard(db::Tx& tx, int64_t id, bool lock = false);

// One change of a teacher's backbone level (teacher_backbone_history).
struct BackboneChange {
  std::string from_level, to_level, reason;
  std::optional<int64_t> changed_by;  // the account; nullopt for the command line
  int64_t changed_at = 0;
};
// Sets teacher `id`'s backbone level inside the caller's transaction (the
// backbone module's confirmation and disqualification), keeping the change
// with its reason in the level's history and the audit log
// (teacher.backbone_level, before/after). No scope check: the caller
// decides who may. Errors: NotFound (no such teacher), InvalidArgument
// backbone_level (not one of BackboneLevels()).
Status SetBackboneLevel(db::Tx& tx, const Clock& clock, std::optional<int64_t> actor_id, int64_t id,
                        const std::string& level, const std::string& reason);
// The teacher's backbone level changes, oldest first.
std::vector<BackboneChange> BackboneHistory(db::Tx& tx, int64_t id);

class TeacherService {
 public:
  TeacherService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // Where List stops counting (see Page); tests lower it.
  void set_exact_total_limit(int64_t limit) { exact_total_limit_ = limit; }

  Result<Page> List(const auth::Actor& actor, const ListQuery& q);
  Result<Teacher> Get(const auth::Actor& actor, int64_t id);
  // Errors: InvalidArgument (field), Conflict teacher.duplicate naming the
  // existing record in scope (teacher.duplicate_elsewhere, naming nothing,
  // when it lies outside), NotFound (school outside scope), PermissionDenied.
  Result<Teacher> Create(const auth::Actor& actor, const TeacherInput& in);
  Result<Teacher> Update(const auth::Actor& actor, int64_t id, const TeacherInput& in);
  Status Delete(const auth::Actor& actor, int64_t id);
  // Writes the list (same scope, filters and sort, every page) to `path` as
  // xlsx or CSV. ID numbers and phones are masked unless `pii`, which is
  // audited. Admins only. Returns the row count. `progress(done, total)`
  // returning false cancels (FailedPrecondition job.cancelled).
  Result<int64_t> Export(const auth::Actor& actor, const ListQuery& q, const std::string& format, bool pii,
                         const std::string& path, const std::function<bool(int64_t, int64_t)>& progress = {});
  // Moves a teacher to another school; both must lie in the actor's scope.
  // History is kept; the person's records stay with the person.
  Result<Teacher> TransferTo(const auth::Actor& actor, int64_t id, int64_t to_org_id, const std::string& date,
                             const std::string& note);
  Result<std::vector<Transfer>> History(const auth::Actor& actor, int64_t id);

 private:
  db::Database& db_;
  const Clock& clock_;
  std::atomic<int64_t> exact_total_limit_{kExactTotalLimit};
};

}  // namespace jj::teachers
