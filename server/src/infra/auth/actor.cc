#include "infra/auth/actor.h"

namespace jj::auth {

namespace {
struct RoleInfo {
  Role role;
  const char* name;
  int rank;
};
const RoleInfo kRoles[] = {
    {Role::kSysAdmin, "sys_admin", 5},        {Role::kBureauAdmin, "bureau_admin", 4},
    {Role::kInstitutionStaff, "institution_staff", 2}, {Role::kSchoolAdmin, "school_admin", 3},
    {Role::kTeacher, "teacher", 1},           {Role::kExpert, "expert", 1},
    {Role::kMentor, "mentor", 1},
};
}  // namespace

const char* RoleName(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.name;
  return "teacher";
}

std::optional<Role> ParseRole(const std::string& name) {
  for (const auto& r : kRoles)
    if (name == r.name) return r.role;
  return std::nullopt;
}

const std::vector<std::string>& RoleNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const auto& r : kRoles) v.push_back(r.name);
    return v;
  }();
  return kNames;
}

int RoleRank(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r.rank;
  return 0;
}

bool Actor::Covers(const std::string& path) const {
  if (role == Role::kSysAdmin) return true;
  if (role == Role::kTeacher || role == Role::kExpert || role == Role::kMentor) return false;
  return !org_path.empty() && path.compare(0, org_path.size(), org_path) == 0;
}

Actor CommandLineActor() {
  Actor a;
  a.role = Role::kSysAdmin;
  a.username = "cli";
  a.display_name = "命令行";
  a.org_path = "/";
  return a;
}

}  // namespace jj::auth
