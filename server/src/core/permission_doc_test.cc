#include "core/permission_doc.h"

#include <gtest/gtest.h>

namespace jj {
namespace {

TEST(PermissionDoc, RelationNamesJoinTheSetBitsInTableOrder) {
  const std::vector<std::pair<uint32_t, std::string_view>> names = {{1, "owner"}, {2, "school"}, {4, "self"}};
  EXPECT_EQ(RelationNames(0, names), "✓");
  EXPECT_EQ(RelationNames(8, names), "✓");  // a bit the table does not name
  EXPECT_EQ(RelationNames(4 | 1, names), "owner/self");
}

TEST(PermissionDoc, MarkdownHasAColumnPerRoleAndADashForMayNot) {
  std::vector<PermissionDocRow> rows(1);
  rows[0] = {"查看 View (`view`)", "round", "any", {"✓", "", "owner, school"}};
  EXPECT_EQ(PermissionMarkdown({"sys_admin", "teacher", "school_admin"}, rows),
            "| action | object | states | `sys_admin` | `teacher` | `school_admin` |\n"
            "|---|---|---|---|---|---|\n"
            "| 查看 View (`view`) | round | any | ✓ | — | owner, school |\n");
}

}  // namespace
}  // namespace jj
