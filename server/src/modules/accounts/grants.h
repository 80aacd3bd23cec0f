// Which roles an actor may create (or change an account to), and at which
// org types each role may sit: the one table of the rule. A school admin
// cannot mint institution staff or experts; institution staff sit only at a
// training institution, bureau roles only at a bureau or a region; a
// teacher's account sits at the teacher's school.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "infra/auth/actor.h"

namespace jj::accounts {

struct Grant {
  auth::Role role;
  std::vector<auth::Role> granted_by;   // actor roles that may create it
  std::vector<std::string> org_types;   // org types it may sit at
};

// Every role, in RoleNames() order.
const std::vector<Grant>& Grants();

// PermissionDenied account.grant_forbidden when `actor` may not create
// `role`; InvalidArgument account.org_type (field org_id) when `role` may
// not sit at an org of `org_type`.
Status CheckGrant(auth::Role actor, auth::Role role, const std::string& org_type);
// The org-type half alone (the command line creates the first admins).
Status CheckOrgType(auth::Role role, const std::string& org_type);

}  // namespace jj::accounts
