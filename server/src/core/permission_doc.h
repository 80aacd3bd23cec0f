// The markdown form of a module's permission table, as docs/security.md
// shows it (each module's RolesMarkdown(), checked against the document by
// its permissions_test): one row per rule, one column per role, each cell
// the relations under which that role may act. Plain functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jj {

struct PermissionDocRow {
  std::string action;  // "中文 English (`action`)"
  std::string object;
  std::string states;                 // "any" when the rule names none
  std::vector<std::string> cells;     // per role, in the header's order; "" = may not
};

// The names of the bits set in `bits`, in `names` order, "/"-joined; "✓"
// when none of them is set (the role alone suffices).
std::string RelationNames(uint32_t bits, const std::vector<std::pair<uint32_t, std::string_view>>& names);

// | action | object | states | `role` | … with "—" for an empty cell.
std::string PermissionMarkdown(const std::vector<std::string_view>& roles, const std::vector<PermissionDocRow>& rows);

}  // namespace jj
