#include <map>

#include "infra/audit_log/audit_log.h"
#include "modules/org/org.h"
#include "modules/org/repository.h"

namespace jj::org {

const std::vector<std::string>& OrgTypes() {
  static const std::vector<std::string> kTypes = {"province", "city",        "county", "township",
                                                  "school",   "institution", "bureau"};
  return kTypes;
}

const std::vector<std::string>& Stages() {
  static const std::vector<std::string> kStages = {"幼儿园", "小学", "初中", "高中", "中职", "特殊教育"};
  return kStages;
}

Status ValidateStages(const std::vector<std::string>& stages) {
  for (const auto& s : stages) {
    bool ok = false;
    for (const auto& a : Stages()) ok = ok || a == s;
    if (!ok) {
      std::string list;
      for (const auto& a : Stages()) list += (list.empty() ? "" : "、") + a;
      return Status(Code::kInvalidArgument, "field.enum", {{"field", "stages"}, {"value", s}, {"allowed", list}})
          .WithField("stages");
    }
  }
  return Status::Ok();
}

Status CheckParentType(const std::string& child, const std::string& parent) {
  static const std::map<std::string, std::vector<std::string>> kAllowed = {
      {"province", {}},
      {"city", {"province"}},
      {"county", {"city"}},
      {"township", {"county"}},
      {"school", {"county", "township"}},
      {"institution", {"province", "city", "county"}},
      {"bureau", {"province", "city", "county"}},
  };
  auto it = kAllowed.find(child);
  bool ok = it != kAllowed.end() && std::find(it->second.begin(), it->second.end(), parent) != it->second.end();
  if (!ok) return Status(Code::kInvalidArgument, "org.parent_type", {{"child", child}, {"parent", parent}}).WithField("parent_id");
  return Status::Ok();
}

namespace {

// Scope root for listing: admins their subtree, others only their own node.
bool Visible(const auth::Actor& actor, const Org& o) {
  if (actor.Covers(o.path)) return true;
  return o.id == actor.org_id;
}

bool MayEditTree(const auth::Actor& a) {
  return a.IsBureauAdmin();
}

std::string OrgJsonLike(const Org& o) {
  return o.code + "|" + o.name + "|" + o.type + "|" + JoinStages(o.stages) + "|" + (o.rural ? "1" : "0");
}

}  // namespace

Result<std::vector<OrgNode>> OrgService::Tree(const auth::Actor& actor) {
  std::vector<OrgNode> roots;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::vector<Org> orgs;
    if (actor.role == auth::Role::kSysAdmin) {
      orgs = QueryOrgs(tx, "ORDER BY path", {});
    } else if (actor.role == auth::Role::kTeacher || actor.role == auth::Role::kExpert ||
        actor.role == auth::Role::kMentor) {
      orgs = QueryOrgs(tx, "WHERE id = :id", {actor.org_id});
    } else {
      auto [lo, hi] = SubtreeRange(actor.org_path);
      orgs = QueryOrgs(tx, "WHERE path >= :lo AND path < :hi ORDER BY path", {lo, hi});
    }
    // Build the forest: a node whose parent is not in the set is a root.
    std::map<int64_t, size_t> index;
    for (size_t i = 0; i < orgs.size(); ++i) index[orgs[i].id] = i;
    std::vector<std::vector<size_t>> kids(orgs.size());
    std::vector<size_t> root_idx;
    for (size_t i = 0; i < orgs.size(); ++i) {
      auto p = orgs[i].parent_id ? index.find(*orgs[i].parent_id) : index.end();
      if (p == index.end())
        root_idx.push_back(i);
      else
        kids[p->second].push_back(i);
    }
    std::function<OrgNode(size_t)> build = [&](size_t i) {
      OrgNode n{orgs[i], {}};
      for (size_t k : kids[i]) n.children.push_back(build(k));
      std::sort(n.children.begin(), n.children.end(),
                [](const OrgNode& a, const OrgNode& b) { return a.org.code < b.org.code; });
      return n;
    };
    for (size_t i : root_idx) roots.push_back(build(i));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return roots;
}

Result<std::vector<Org>> OrgService::List(const auth::Actor& actor, const std::string& type,
                                          std::optional<int64_t> parent_id, const std::string& q) {
  if (!type.empty()) {
    Status st = Status::Ok();
    bool ok = std::find(OrgTypes().begin(), OrgTypes().end(), type) != OrgTypes().end();
    if (!ok) {
      std::string list;
      for (const auto& t : OrgTypes()) list += (list.empty() ? "" : "、") + t;
      return Status(Code::kInvalidArgument, "field.enum", {{"field", "type"}, {"value", type}, {"allowed", list}})
          .WithField("type");
    }
  }
  std::vector<Org> out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::string where = "WHERE 1=1";
    db::Params params;
    if (actor.role == auth::Role::kTeacher || actor.role == auth::Role::kExpert ||
        actor.role == auth::Role::kMentor) {
      where += " AND id = :self";
      params.push_back(actor.org_id);
    } else if (actor.role != auth::Role::kSysAdmin) {
      auto [lo, hi] = SubtreeRange(actor.org_path);
      where += " AND path >= :lo AND path < :hi";
      params.push_back(lo);
      params.push_back(hi);
    }
    if (!type.empty()) {
      where += " AND type = :type";
      params.push_back(type);
    }
    if (parent_id) {
      where += " AND parent_id = :parent";
      params.push_back(*parent_id);
    }
    if (!q.empty()) {
      where += " AND (name LIKE :q OR code = :code)";
      params.push_back("%" + q + "%");
      params.push_back(q);
    }
    out = QueryOrgs(tx, where + " ORDER BY code LIMIT 1000", params);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Org> OrgService::Get(const auth::Actor& actor, int64_t id, std::vector<std::string>* path_names) {
  std::optional<Org> found;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    found = FindOrg(tx, id);
    if (found && Visible(actor, *found) && path_names) *path_names = PathNames(tx, *found);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!found || !Visible(actor, *found)) return NotFound();
  return *found;
}

Result<Org> OrgService::Create(const auth::Actor& actor, const NewOrg& in) {
  if (!MayEditTree(actor)) return PermissionDenied();
  if (in.code.empty() || in.code.size() > 20 ||
      !std::all_of(in.code.begin(), in.code.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }))
    return InvalidArgument("org.code_format", "code");
  if (std::find(OrgTypes().begin(), OrgTypes().end(), in.type) == OrgTypes().end()) {
    std::string list;
    for (const auto& t : OrgTypes()) list += (list.empty() ? "" : "、") + t;
    return Status(Code::kInvalidArgument, "field.enum", {{"field", "type"}, {"value", in.type}, {"allowed", list}})
        .WithField("type");
  }
  JJ_RETURN_IF_ERROR(ValidateStages(in.stages));
  if (!in.parent_id && (actor.role != auth::Role::kSysAdmin || in.type != "province"))
    return Status(Code::kInvalidArgument, "field.required", {{"field", "parent_id"}}).WithField("parent_id");
  Org created;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    std::string parent_path;
    if (in.parent_id) {
      auto parent = FindOrg(tx, *in.parent_id);
      if (!parent || !actor.Covers(parent->path)) return NotFound().WithField("parent_id");
      JJ_RETURN_IF_ERROR(CheckParentType(in.type, parent->type));
      parent_path = parent->path;
    }
    if (auto existing = FindOrgByCode(tx, in.code))
      return Status(Code::kConflict, "org.code_taken", {{"code", in.code}, {"name", existing->name}}).WithField("code");
    int64_t id = InsertOrg(tx, in, parent_path, clock_.NowSeconds());
    created = *FindOrg(tx, id);
    audit_log::Append(tx, clock_, {actor.account_id, "org.create", "org", id, "", OrgJsonLike(created)});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return created;
}

Result<Org> OrgService::Update(const auth::Actor& actor, int64_t id, const OrgPatch& patch) {
  if (!MayEditTree(actor)) return PermissionDenied();
  if (patch.stages) JJ_RETURN_IF_ERROR(ValidateStages(*patch.stages));
  if (patch.name && patch.name->empty())
    return Status(Code::kInvalidArgument, "field.empty", {{"field", "name"}}).WithField("name");
  Org updated;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto o = FindOrg(tx, id);
    if (!o || !actor.Covers(o->path)) return NotFound();
    Org before = *o;
    if (patch.name) o->name = *patch.name;
    if (patch.stages) o->stages = *patch.stages;
    if (patch.rural) o->rural = *patch.rural;
    tx.Exec("UPDATE orgs SET name = :n, stages = :s, rural = :r WHERE id = :id",
            {o->name, JoinStages(o->stages), int64_t{o->rural ? 1 : 0}, id});
    audit_log::Append(tx, clock_, {actor.account_id, "org.update", "org", id, OrgJsonLike(before), OrgJsonLike(*o)});
    updated = *o;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return updated;
}

}  // namespace jj::org
