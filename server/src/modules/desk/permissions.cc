// The desk's permission table: who may read which view.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "modules/desk/desk.h"

namespace jj::desk {
namespace {

const std::map<std::string, std::vector<auth::Role>>& Table() {
  static const std::map<std::string, std::vector<auth::Role>> k = {
      {"overview", {auth::Role::kSysAdmin, auth::Role::kBureauAdmin}},
  };
  return k;
}

}  // namespace

bool MayReadOverview(const auth::Actor& actor) {
  const auto& who = Table().at("overview");
  return std::find(who.begin(), who.end(), actor.role) != who.end();
}

}  // namespace jj::desk
