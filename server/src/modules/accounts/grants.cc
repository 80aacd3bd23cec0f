#include "modules/accounts/grants.h"

#include <algorithm>

namespace jj::accounts {

namespace {

using auth::Role;

std::string OrgTypeLabel(const std::string& type) {
  static const std::pair<const char*, const char*> kLabels[] = {
      {"province", "省"},   {"city", "市"},        {"county", "县（区）"},   {"township", "乡镇中心校"},
      {"school", "学校"},   {"institution", "进修学校/培训机构"}, {"bureau", "教育局"}};
  for (const auto& [k, v] : kLabels)
    if (type == k) return v;
  return type;
}

}  // namespace

const std::vector<Grant>& Grants() {
  static const std::vector<std::string> kRegionOrBureau = {"province", "city", "county", "bureau"};
  static const std::vector<Grant> kGrants = {
      {Role::kSysAdmin, {Role::kSysAdmin}, kRegionOrBureau},
      {Role::kBureauAdmin, {Role::kSysAdmin, Role::kBureauAdmin}, kRegionOrBureau},
      {Role::kInstitutionStaff, {Role::kSysAdmin, Role::kBureauAdmin}, {"institution"}},
      {Role::kSchoolAdmin, {Role::kSysAdmin, Role::kBureauAdmin, Role::kSchoolAdmin}, {"township", "school"}},
      {Role::kTeacher, {Role::kSysAdmin, Role::kBureauAdmin, Role::kSchoolAdmin}, {"school", "township", "institution"}},
      {Role::kExpert, {Role::kSysAdmin, Role::kBureauAdmin}, {"province", "city", "county", "bureau", "institution"}},
      // 导师: at the bureau or region, or at the training institution (the training base).
      {Role::kMentor, {Role::kSysAdmin, Role::kBureauAdmin}, {"province", "city", "county", "bureau", "institution"}},
  };
  return kGrants;
}

Status CheckOrgType(Role role, const std::string& org_type) {
  for (const Grant& g : Grants()) {
    if (g.role != role) continue;
    if (std::find(g.org_types.begin(), g.org_types.end(), org_type) != g.org_types.end()) return Status::Ok();
    std::string list;
    for (const auto& t : g.org_types) list += (list.empty() ? "" : "、") + OrgTypeLabel(t);
    return Status(Code::kInvalidArgument, "account.org_type", {{"role", auth::RoleName(role)}, {"allowed", list}})
        .WithField("org_id");
  }
  return Status(Code::kInvalidArgument, "account.org_type", {{"role", auth::RoleName(role)}, {"allowed", ""}})
      .WithField("org_id");
}

Status CheckGrant(Role actor, Role role, const std::string& org_type) {
  for (const Grant& g : Grants()) {
    if (g.role != role) continue;
    if (std::find(g.granted_by.begin(), g.granted_by.end(), actor) == g.granted_by.end())
      return Status(Code::kPermissionDenied, "account.grant_forbidden", {{"role", auth::RoleName(role)}})
          .WithField("role");
    return CheckOrgType(role, org_type);
  }
  return Status(Code::kPermissionDenied, "account.grant_forbidden", {{"role", auth::RoleName(role)}}).WithField("role");
}

}  // namespace jj::accounts
