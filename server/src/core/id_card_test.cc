#include "core/id_card.h"

#include <gtest/gtest.h>

#include "core/date.h"
#include "core/messages.h"

namespace jj {
namespace {

TEST(IdCard, AcceptsValidNumberAndDecodes) {
  // 11010519491231002X is the standard's own example.
  auto r = ParseIdCard("11010519491231002x");
  ASSERT_TRUE(r.ok()) << r.status().key();
  EXPECT_EQ(r->normalized, "11010519491231002X");
  EXPECT_EQ(r->birth_date, (Date{1949, 12, 31}));
  EXPECT_EQ(r->sex, "女");
  EXPECT_EQ(r->region, "110105");
}

TEST(IdCard, RejectsWrongCheckDigitNamingTheExpectedOne) {
  auto r = ParseIdCard("110105194912310021");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().key(), "id_card.checksum");
  EXPECT_EQ(r.status().field(), "id_number");
  EXPECT_EQ(r.status().params().at("expected"), "X");
  EXPECT_NE(r.status().Message("zh").find("X"), std::string::npos);
}

TEST(IdCard, RejectsBadShapes) {
  EXPECT_EQ(ParseIdCard("1101051949123100").status().key(), "id_card.length");
  EXPECT_EQ(ParseIdCard("11010519491231A02X").status().key(), "id_card.chars");
  EXPECT_EQ(ParseIdCard("110105194902300021").status().key(), "id_card.birth_date");  // 30 Feb
  std::string body = "00010519491231002";
  EXPECT_EQ(ParseIdCard(body + IdCardCheckChar(body)).status().key(), "id_card.region");
}

TEST(IdCard, SexFromSequenceParity) {
  std::string male = "44010619800101001";  // sequence 001: odd
  auto r = ParseIdCard(male + IdCardCheckChar(male));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sex, "男");
}

TEST(Masking, KeepsEnds) {
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110105********002X");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("123"), "***");
}

TEST(Date, ParsesFormatsAndRejects) {
  EXPECT_EQ(ParseDate("2024-02-29")->ToString(), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_EQ(ParseDate("2024/03/01")->ToString(), "2024-03-01");
  EXPECT_EQ(ParseDate("20240301")->ToString(), "2024-03-01");
  EXPECT_FALSE(ParseDate("2024-3-1"));
  Date d{2026, 11, 24};
  EXPECT_EQ(Date::FromDaysSinceEpoch(d.DaysSinceEpoch()), d);
  EXPECT_EQ(YearsBetween(Date{1980, 11, 25}, d), 45);
  EXPECT_EQ(YearsBetween(Date{1980, 11, 24}, d), 46);
}

TEST(Messages, FillsSlotsInBothLanguages) {
  EXPECT_EQ(FormatMessage("field.required", "zh", {{"field", "name"}}), "缺少必填字段：名称");
  EXPECT_EQ(FormatMessage("field.required", "en", {{"field", "name"}}), "Missing required field: Name");
  EXPECT_EQ(FormatMessage("no.such.key", "zh", {}), "no.such.key");
}

}  // namespace
}  // namespace jj
