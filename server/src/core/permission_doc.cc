#include "core/permission_doc.h"

#include "core/text.h"

namespace jj {

std::string RelationNames(uint32_t bits, const std::vector<std::pair<uint32_t, std::string_view>>& names) {
  std::vector<std::string> parts;
  for (const auto& [bit, name] : names)
    if (bits & bit) parts.emplace_back(name);
  return parts.empty() ? std::string("✓") : JoinList(parts, "/");
}

std::string PermissionMarkdown(const std::vector<std::string_view>& roles, const std::vector<PermissionDocRow>& rows) {
  std::string md = "| action | object | states |";
  for (std::string_view role : roles) md += " `" + std::string(role) + "` |";
  md += "\n|---|---|---|";
  for (size_t i = 0; i < roles.size(); ++i) md += "---|";
  md += "\n";
  for (const PermissionDocRow& row : rows) {
    md += "| " + row.action + " | " + row.object + " | " + row.states + " |";
    for (const std::string& cell : row.cells) md += " " + (cell.empty() ? std::string("—") : cell) + " |";
    md += "\n";
  }
  return md;
}

}  // namespace jj
