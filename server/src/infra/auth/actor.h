// Who is acting, and over which part of the org tree. Built once per request
// from the session; every service call takes it and checks scope on entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jj::auth {

// kMentor (导师): a backbone teacher candidate's academic or practice mentor; sees
// only the candidates assigned to them (modules/backbone).
enum class Role { kSysAdmin, kBureauAdmin, kInstitutionStaff, kSchoolAdmin, kTeacher, kExpert, kMentor };

const char* RoleName(Role role);  // "sys_admin", ...
std::optional<Role> ParseRole(const std::string& name);
const std::vector<std::string>& RoleNames();
// Rank for "may grant": sys 5 > bureau 4 > school 3 > institution 2 > expert 1 = teacher 1 = mentor 1.
int RoleRank(Role role);

struct Actor {
  int64_t account_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kTeacher;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;  // materialized path of the scope root, "/1/5/"
  std::optional<int64_t> teacher_id;
  bool must_change_password = false;
  std::string csrf_token;

  // True when an org with materialized path `path` lies inside this actor's
  // subtree. Teachers, experts and mentors have no subtree beyond their own records.
  bool Covers(const std::string& path) const;
  bool IsAdmin() const {
    return role == Role::kSysAdmin || role == Role::kBureauAdmin || role == Role::kSchoolAdmin;
  }
  // May act on a teacher's own affairs (their records, audit, certificate):
  // the teacher themself, or an admin whose subtree holds their school.
  bool MayActOnTeacher(int64_t teacher, const std::string& school_path) const {
    if (role == Role::kTeacher) return teacher_id == teacher;
    return IsAdmin() && Covers(school_path);
  }
  // Sys and bureau admins: the org tree, approvals, policies, locks, imports.
  bool IsBureauAdmin() const { return role == Role::kSysAdmin || role == Role::kBureauAdmin; }
  // The actor as the audit log names it: nullopt for the command line.
  std::optional<int64_t> AuditId() const {
    return account_id ? std::optional<int64_t>(account_id) : std::nullopt;
  }
};

// The operator at the command line (`jijiao import ...`): a system admin
// over the whole tree, with no account (audit entries name no actor).
Actor CommandLineActor();

}  // namespace jj::auth
