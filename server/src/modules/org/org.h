// The org tree: province → city → county/district → township center school
// (中心校) → school, with bureaus (教育局) and training institutions (进修学校)
// as nodes. Each node stores its materialized path "/1/5/23/" so a subtree
// is one range scan; scope checks compare paths.
//
// Every call takes the acting user and only sees or changes nodes inside
// the actor's subtree: a node outside it answers NotFound.
// Thread-safe (stateless over the Database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/vocabulary.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"

namespace jj::org {

const std::vector<std::string>& OrgTypes();  // province city county township school institution bureau
const std::vector<std::string>& Stages();    // 幼儿园 小学 初中 高中 中职 特殊教育
// org_type and stage with their labels (GET /api/v1/meta/enums).
std::vector<Vocabulary> Vocabularies();

struct Org {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string type;
  std::optional<int64_t> parent_id;
  std::string path;
  std::vector<std::string> stages;
  bool rural = false;
};

struct OrgNode {
  Org org;
  std::vector<OrgNode> children;
};

struct NewOrg {
  std::string code, name, type;
  std::optional<int64_t> parent_id;
  std::vector<std::string> stages;
  bool rural = false;
};

struct OrgPatch {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> stages;
  std::optional<bool> rural;
};

// Repository-level lookups other modules use inside their own transactions.
std::optional<Org> FindOrg(db::Tx& tx, int64_t id);
std::optional<Org> FindOrgByCode(db::Tx& tx, const std::string& code);
// Names of the ancestors of `org`, root first, the node itself last.
std::vector<std::string> PathNames(db::Tx& tx, const Org& org);
// [lo, hi) bounds on `path` selecting the subtree rooted at `path` (index-friendly).
std::pair<std::string, std::string> SubtreeRange(const std::string& path);
// Appends to a WHERE clause (which the caller starts, e.g. "WHERE 1=1") the
// conditions that keep rows inside the actor's scope — alias `o` is the
// row's org; a teacher sees only rows whose `self_column` is their teacher
// id — and, when `org_id` is given, inside that org's subtree.
// Errors: NotFound (field org_id) when org_id is outside the actor's scope.
Status AppendScopeFilter(db::Tx& tx, const auth::Actor& actor, std::optional<int64_t> org_id,
                         const std::string& self_column, std::string& where, db::Params& params);

class OrgService {
 public:
  OrgService(db::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The actor's subtree (a teacher or expert: their own org only).
  Result<std::vector<OrgNode>> Tree(const auth::Actor& actor);
  Result<std::vector<Org>> List(const auth::Actor& actor, const std::string& type, std::optional<int64_t> parent_id,
                                const std::string& q);
  Result<Org> Get(const auth::Actor& actor, int64_t id, std::vector<std::string>* path_names = nullptr);
  // Bureau and sys admins. Errors: InvalidArgument (field), Conflict
  // (org.code_taken), NotFound (parent outside scope), PermissionDenied.
  Result<Org> Create(const auth::Actor& actor, const NewOrg& in);
  Result<Org> Update(const auth::Actor& actor, int64_t id, const OrgPatch& patch);

 private:
  db::Database& db_;
  const Clock& clock_;
};

// Shared validation (also used by the spreadsheet import).
Status ValidateStages(const std::vector<std::string>& stages);
Status CheckParentType(const std::string& child_type, const std::string& parent_type);

}  // namespace jj::org
