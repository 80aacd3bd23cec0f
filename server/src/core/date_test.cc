#include "core/date.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace jj {
namespace {

TEST(Date, ToStringIsYyyyMmDdLikeThePrintfForm) {
  EXPECT_EQ((Date{2020, 9, 1}).ToString(), "2020-09-01");
  EXPECT_EQ((Date{1999, 12, 31}).ToString(), "1999-12-31");
  EXPECT_EQ((Date{987, 1, 2}).ToString(), "0987-01-02");
  EXPECT_EQ((Date{0, 0, 0}).ToString(), "0000-00-00");
  for (Date d : {Date{9999, 99, 99}, Date{10000, 1, 1}, Date{-5, 3, 4}, Date{2020, 100, 7}, Date{2020, 1, -1}}) {
    char expected[48];
    std::snprintf(expected, sizeof expected, "%04d-%02d-%02d", d.year, d.month, d.day);
    EXPECT_EQ(d.ToString(), expected);
  }
}

}  // namespace
}  // namespace jj
