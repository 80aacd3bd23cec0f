#include "core/text.h"

#include <gtest/gtest.h>

namespace jj {
namespace {

TEST(Text, ListsSplitAndJoinOnTheChineseComma) {
  EXPECT_EQ(SplitList("小学、初中"), (std::vector<std::string>{"小学", "初中"}));
  EXPECT_EQ(SplitList("、小学、、初中、"), (std::vector<std::string>{"小学", "初中"}));
  EXPECT_TRUE(SplitList("").empty());
  EXPECT_EQ(SplitList("a,b", ","), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(JoinList({"班主任", "教师"}), "班主任、教师");
  EXPECT_EQ(JoinList({}), "");
  EXPECT_EQ(SplitList(JoinList({"x", "y", "z"})), (std::vector<std::string>{"x", "y", "z"}));
}

TEST(Text, DatesAsPeopleWriteThem) {
  EXPECT_EQ(NormalizeDateText("2020-09-01"), "2020-09-01");
  EXPECT_EQ(NormalizeDateText("2020/9/1"), "2020-09-01");
  EXPECT_EQ(NormalizeDateText("2020.12.31"), "2020-12-31");
  EXPECT_EQ(NormalizeDateText("20200901"), "2020-09-01");
  EXPECT_EQ(NormalizeDateText("2020-02-30"), "2020-02-30");  // invalid: as written, for the error
  EXPECT_EQ(NormalizeDateText("九月一日"), "九月一日");
  EXPECT_EQ(NormalizeDateText("2020-9"), "2020-9");
  EXPECT_EQ(NormalizeDateText(""), "");
}

}  // namespace
}  // namespace jj
