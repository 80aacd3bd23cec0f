#include "modules/org/repository.h"

#include "core/text.h"

namespace jj::org {

namespace {
const char* kColumns = "id, code, name, type, parent_id, path, stages, rural";

}  // namespace

Org OrgFromRow(const db::Row& r) {
  Org o;
  o.id = r.Int(0);
  o.code = r.Str(1);
  o.name = r.Str(2);
  o.type = r.Str(3);
  if (!r.IsNull(4)) o.parent_id = r.Int(4);
  o.path = r.Str(5);
  o.stages = SplitList(r.Str(6));
  o.rural = r.Int(7) != 0;
  return o;
}

std::string JoinStages(const std::vector<std::string>& stages) {
  std::string out;
  for (const auto& s : stages) out += (out.empty() ? "" : "、") + s;
  return out;
}

std::optional<Org> FindOrg(db::Tx& tx, int64_t id) {
  db::Row r;
  if (!tx.QueryOne(std::string("SELECT ") + kColumns + " FROM orgs WHERE id = :id", {id}, r)) return std::nullopt;
  return OrgFromRow(r);
}

std::optional<Org> FindOrgByCode(db::Tx& tx, const std::string& code) {
  db::Row r;
  if (!tx.QueryOne(std::string("SELECT ") + kColumns + " FROM orgs WHERE code = :c", {code}, r)) return std::nullopt;
  return OrgFromRow(r);
}

std::pair<std::string, std::string> SubtreeRange(const std::string& path) {
  // Paths end in '/', and '0' follows '/' in ASCII: [path, path-with-'0') is the subtree.
  std::string hi = path;
  if (!hi.empty()) hi.back() = '0';
  return {path, hi};
}

Status AppendScopeFilter(db::Tx& tx, const auth::Actor& actor, std::optional<int64_t> org_id,
                         const std::string& self_column, std::string& where, db::Params& params) {
  if (actor.role == auth::Role::kTeacher) {
    where += " AND " + self_column + " = :self";
    params.push_back(actor.teacher_id.value_or(-1));
  } else if (actor.role != auth::Role::kSysAdmin) {
    auto [lo, hi] = SubtreeRange(actor.org_path);
    where += " AND o.path >= :lo AND o.path < :hi";
    params.push_back(lo);
    params.push_back(hi);
  }
  if (org_id) {
    auto o = FindOrg(tx, *org_id);
    if (!o || !(actor.Covers(o->path) || o->id == actor.org_id)) return NotFound().WithField("org_id");
    auto [lo, hi] = SubtreeRange(o->path);
    where += " AND o.path >= :olo AND o.path < :ohi";
    params.push_back(lo);
    params.push_back(hi);
  }
  return Status::Ok();
}

std::vector<std::string> PathNames(db::Tx& tx, const Org& org) {
  std::vector<std::string> names;
  size_t pos = 1;
  while (pos < org.path.size()) {
    size_t end = org.path.find('/', pos);
    if (end == std::string::npos) break;
    int64_t id = std::stoll(org.path.substr(pos, end - pos));
    if (auto o = FindOrg(tx, id)) names.push_back(o->name);
    pos = end + 1;
  }
  return names;
}

std::vector<Org> QueryOrgs(db::Tx& tx, const std::string& where, const db::Params& params) {
  std::vector<Org> out;
  for (const auto& r : tx.Query(std::string("SELECT ") + kColumns + " FROM orgs " + where, params))
    out.push_back(OrgFromRow(r));
  return out;
}

int64_t InsertOrg(db::Tx& tx, const NewOrg& in, const std::string& parent_path, int64_t now) {
  db::Param parent = in.parent_id ? db::Param(*in.parent_id) : db::Param(nullptr);
  int64_t id = tx.InsertReturningId(
      "INSERT INTO orgs (code, name, type, parent_id, path, stages, rural, created_at) "
      "VALUES (:code, :name, :type, :parent, '', :stages, :rural, :now)",
      {in.code, in.name, in.type, parent, JoinStages(in.stages), int64_t{in.rural ? 1 : 0}, now});
  std::string path = (parent_path.empty() ? std::string("/") : parent_path) + std::to_string(id) + "/";
  tx.Exec("UPDATE orgs SET path = :p WHERE id = :id", {path, id});
  return id;
}

}  // namespace jj::org
