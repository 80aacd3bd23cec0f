#include "modules/credits/audit_cache.h"

#include <gtest/gtest.h>

namespace jj::credits {
namespace {

AuditCache::Rows Rows(int64_t school, size_t n) {
  std::vector<AuditRow> rows(n);
  for (size_t i = 0; i < n; ++i) {
    rows[i].teacher_id = school * 1000 + static_cast<int64_t>(i);
    rows[i].school_id = school;
  }
  return std::make_shared<const std::vector<AuditRow>>(std::move(rows));
}

TEST(AuditCache, AnswersOnlyUnderTheTokenItWasReadWith) {
  AuditCache cache(100);
  EXPECT_FALSE(cache.Get(1, 2025, "h1"));
  cache.Put(1, 2025, "h1", Rows(1, 3));
  auto kept = cache.Get(1, 2025, "h1");
  ASSERT_TRUE(kept);
  ASSERT_EQ(kept->size(), 3u);
  EXPECT_EQ((*kept)[2].teacher_id, 1002);
  EXPECT_FALSE(cache.Get(1, 2025, "h2"));  // something was logged since
  EXPECT_FALSE(cache.Get(1, 2024, "h1"));  // another year
  EXPECT_FALSE(cache.Get(2, 2025, "h1"));  // another school
  cache.Put(1, 2025, "h2", Rows(1, 4));    // replaces
  EXPECT_EQ(cache.rows(), 4u);
  EXPECT_FALSE(cache.Get(1, 2025, "h1"));
  cache.Clear();
  EXPECT_EQ(cache.rows(), 0u);
  EXPECT_FALSE(cache.Get(1, 2025, "h2"));
}

TEST(AuditCache, KeepsAtMostItsBoundDroppingTheOldestSchoolsFirst) {
  AuditCache cache(10);
  cache.Put(1, 2025, "h", Rows(1, 4));
  cache.Put(2, 2025, "h", Rows(2, 4));
  cache.Put(3, 2025, "h", Rows(3, 4));  // 12 > 10: school 1 goes
  EXPECT_EQ(cache.rows(), 8u);
  EXPECT_FALSE(cache.Get(1, 2025, "h"));
  EXPECT_TRUE(cache.Get(2, 2025, "h"));
  EXPECT_TRUE(cache.Get(3, 2025, "h"));
  cache.Put(4, 2025, "h", Rows(4, 11));  // larger than the bound: not kept, nothing dropped
  EXPECT_FALSE(cache.Get(4, 2025, "h"));
  EXPECT_EQ(cache.rows(), 8u);
}

}  // namespace
}  // namespace jj::credits
