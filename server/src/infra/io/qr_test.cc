#include "infra/io/qr.h"

#include <gtest/gtest.h>

namespace jj::io {
namespace {

TEST(Qr, EncodesWithFinderPatterns) {
  auto m = EncodeQr("https://jj.example.cn/checkin?token=ABCDEFGH");
  ASSERT_TRUE(m.has_value());
  EXPECT_GE(m->width, 21);
  EXPECT_EQ((m->width - 17) % 4, 0);  // versions are 21, 25, 29, … modules wide
  // The three finder patterns: dark 7×7 borders at three corners.
  for (auto [r, c] : {std::pair{0, 0}, std::pair{0, m->width - 7}, std::pair{m->width - 7, 0}}) {
    for (int i = 0; i < 7; ++i) {
      EXPECT_TRUE(m->Dark(r, c + i));
      EXPECT_TRUE(m->Dark(r + 6, c + i));
      EXPECT_TRUE(m->Dark(r + i, c));
    }
    EXPECT_FALSE(m->Dark(r + 1, c + 1));
    EXPECT_TRUE(m->Dark(r + 3, c + 3));
  }
  for (int i = 0; i < 8; ++i) EXPECT_FALSE(m->Dark(7, i));  // the light separator below the top-left finder
}

TEST(Qr, SvgDrawsEveryDarkModule) {
  const std::string text = "/checkin?token=x";
  auto m = EncodeQr(text);
  ASSERT_TRUE(m.has_value());
  std::string svg = QrSvg(text, 200);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_NE(svg.find(R"(width="200")"), std::string::npos);
  const std::string box = std::to_string(m->width + 8);
  EXPECT_NE(svg.find("viewBox=\"0 0 " + box + " " + box + "\""), std::string::npos);
  size_t dark = 0, drawn = 0;
  for (bool d : m->dark) dark += d;
  for (size_t p = svg.find("h1v1h-1z"); p != std::string::npos; p = svg.find("h1v1h-1z", p + 1)) ++drawn;
  EXPECT_EQ(drawn, dark);
  EXPECT_NE(svg.find("M4 4h1v1h-1z"), std::string::npos);  // the top-left finder's corner
}

TEST(Qr, TooLongTextIsRefused) {
  EXPECT_FALSE(EncodeQr(std::string(8000, 'x')).has_value());
  EXPECT_EQ(QrSvg(std::string(8000, 'x')), "");
}

}  // namespace
}  // namespace jj::io
