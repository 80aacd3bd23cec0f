#include "modules/credits/topic_tags.h"

#include <gtest/gtest.h>

namespace jj::credits {
namespace {

TEST(TopicTags, SplitReadsEverySeparatorAndTrims) {
  EXPECT_EQ(SplitTopicTags("教育技术、信息化;师德；心理,安全，法治"),
            (std::vector<std::string>{"教育技术", "信息化", "师德", "心理", "安全", "法治"}));
  EXPECT_EQ(SplitTopicTags(" 教育技术 、\u3000信息化\u3000;;"), (std::vector<std::string>{"教育技术", "信息化"}));
  EXPECT_TRUE(SplitTopicTags("").empty());
  EXPECT_TRUE(SplitTopicTags(" 、 ; ").empty());
  EXPECT_EQ(SplitTopicTags("教育 技术"), (std::vector<std::string>{"教育 技术"}));  // a blank inside stays
}

TEST(TopicTags, CheckBoundsEachTagAndTheList) {
  EXPECT_TRUE(CheckTopicTags({}).ok());
  EXPECT_TRUE(CheckTopicTags({"教育技术", "一二三四五六七八九十一二三四五六七八九十"}).ok());  // 20 characters
  Status st = CheckTopicTags({"教育技术", "一二三四五六七八九十一二三四五六七八九十一"});
  EXPECT_EQ(st.key(), "credits.tag_length");
  EXPECT_EQ(st.field(), "topic_tags[1]");
  EXPECT_EQ(CheckTopicTags({""}).key(), "credits.tag_length");
  EXPECT_EQ(CheckTopicTags({" 师德"}).key(), "credits.tag_length");
  EXPECT_EQ(CheckTopicTags({"师德、心理"}).key(), "credits.tag_separator");
  EXPECT_EQ(CheckTopicTags({"a;b"}).key(), "credits.tag_separator");
  EXPECT_EQ(CheckTopicTags({std::string("a\0b", 3)}).key(), "credits.tag_separator");
  EXPECT_EQ(CheckTopicTags({"师德", "心理", "师德"}).field(), "topic_tags[2]");
  std::vector<std::string> eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back("t" + std::to_string(i));
  EXPECT_EQ(CheckTopicTags(eleven).key(), "credits.tags_too_many");
  eleven.pop_back();
  EXPECT_TRUE(CheckTopicTags(eleven).ok());
}

}  // namespace
}  // namespace jj::credits
