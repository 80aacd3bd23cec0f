#include <gtest/gtest.h>

#include <algorithm>

#include "core/messages.h"
#include "modules/surveys/surveys.h"

namespace jj::surveys {
namespace {

using Json = nlohmann::json;

// The error's key and field, with the key checked against the catalogue.
std::pair<std::string, std::string> Err(const Status& st) {
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(HasMessage(st.key())) << st.key();
  return {st.key(), st.field()};
}

TEST(SurveyTemplates, SatisfactionHasTheUsualRatingsAndAnOptionalComment) {
  auto qs = DefaultQuestions("satisfaction");
  ASSERT_TRUE(ValidateQuestions(qs).ok());
  std::vector<std::string> titles;
  for (const auto& q : qs) titles.push_back(q.title);
  for (const char* t : {"培训内容与需求的契合度", "培训师水平", "组织管理", "总体满意度", "意见和建议"})
    EXPECT_NE(std::find(titles.begin(), titles.end(), t), titles.end()) << t;
  EXPECT_EQ(qs.back().type, "text");
  EXPECT_FALSE(qs.back().required);
  EXPECT_TRUE(ValidateQuestions(DefaultQuestions("needs")).ok());
}

TEST(SurveyTemplates, DefinitionChecksNameTheQuestion) {
  std::vector<Question> qs = {{"q1", "rating", "组织管理", true}, {"q2", "text", "建议", false}};
  EXPECT_TRUE(ValidateQuestions(qs).ok());
  EXPECT_EQ(Err(ValidateQuestions({})), std::make_pair(std::string("survey.no_questions"), std::string("questions")));
  auto dup = qs;
  dup[1].id = "q1";
  EXPECT_EQ(Err(ValidateQuestions(dup)),
            std::make_pair(std::string("survey.duplicate_id"), std::string("questions[1].id")));
  auto bad = qs;
  bad[0].id = "Q 1";
  EXPECT_EQ(Err(ValidateQuestions(bad)).second, "questions[0].id");
  bad = qs;
  bad[1].type = "choice";
  EXPECT_EQ(Err(ValidateQuestions(bad)), std::make_pair(std::string("field.enum"), std::string("questions[1].type")));
  bad = qs;
  bad[1].title = "  ";
  EXPECT_EQ(Err(ValidateQuestions(bad)), std::make_pair(std::string("field.empty"), std::string("questions[1].title")));
  bad = qs;
  bad[0].title = std::string(kMaxTitleChars, 'x');
  EXPECT_TRUE(ValidateQuestions(bad).ok());
  bad[0].title = "";
  for (size_t i = 0; i <= kMaxTitleChars; ++i) bad[0].title += "题";  // characters, not bytes
  EXPECT_EQ(Err(ValidateQuestions(bad)).first, "field.too_long");
  std::vector<Question> many;
  for (size_t i = 0; i <= kMaxQuestions; ++i) many.push_back({"q" + std::to_string(i), "rating", "t", true});
  EXPECT_EQ(Err(ValidateQuestions(many)).first, "survey.too_many");
  many.pop_back();
  EXPECT_TRUE(ValidateQuestions(many).ok());
}

TEST(SurveyAnswers, EveryRuleWithItsBoundary) {
  std::vector<Question> qs = {
      {"q1", "rating", "培训师水平", true}, {"q2", "text", "意见和建议", false}, {"q3", "text", "最大的收获", true}};
  EXPECT_TRUE(ValidateAnswers(qs, Json{{"q1", 1}, {"q3", "x"}}).ok());
  EXPECT_TRUE(ValidateAnswers(qs, Json{{"q1", 5}, {"q2", ""}, {"q3", "x"}}).ok());  // blank optional text
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", 0}, {"q3", "x"}})),
            std::make_pair(std::string("survey.answer_rating"), std::string("q1")));
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", 6}, {"q3", "x"}})).first, "survey.answer_rating");
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", 4.5}, {"q3", "x"}})).first, "survey.answer_rating");
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", "5"}, {"q3", "x"}})).first, "survey.answer_rating");
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q3", "x"}})),
            std::make_pair(std::string("survey.answer_required"), std::string("q1")));
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", nullptr}, {"q3", "x"}})).second, "q1");
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", 3}, {"q3", " \n"}})),
            std::make_pair(std::string("survey.answer_required"), std::string("q3")));
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", 3}, {"q3", 7}})),
            std::make_pair(std::string("survey.answer_text"), std::string("q3")));
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", 3}, {"q3", "x"}, {"q9", 1}})),
            std::make_pair(std::string("survey.unknown_question"), std::string("q9")));
  std::string longest;
  for (size_t i = 0; i < kMaxTextChars; ++i) longest += "好";
  EXPECT_TRUE(ValidateAnswers(qs, Json{{"q1", 3}, {"q3", longest}}).ok());
  EXPECT_EQ(Err(ValidateAnswers(qs, Json{{"q1", 3}, {"q3", longest + "!"}})),
            std::make_pair(std::string("survey.answer_too_long"), std::string("q3")));
  EXPECT_EQ(Err(ValidateAnswers(qs, Json::array())).second, "answers");
  // The message names the question by number and title.
  Status st = ValidateAnswers(qs, Json{{"q1", 3}});
  EXPECT_EQ(st.Message("zh"), "第 3 题“最大的收获”为必答题");
}

TEST(SurveyTally, AveragesDistributionsAndTexts) {
  std::vector<Question> qs = {
      {"q1", "rating", "总体满意度", true}, {"q2", "text", "意见和建议", false}, {"q3", "rating", "组织管理", false}};
  std::vector<Json> answers = {Json{{"q1", 5}, {"q2", "很好"}}, Json{{"q1", 4}}, Json{{"q1", 4}, {"q2", "  "}}};
  auto r = Tally(qs, answers);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].answered, 3);
  ASSERT_TRUE(r[0].average.has_value());
  EXPECT_DOUBLE_EQ(*r[0].average, 4.33);
  EXPECT_EQ(r[0].distribution, (std::array<int64_t, 5>{0, 0, 0, 2, 1}));
  EXPECT_EQ(r[1].texts, std::vector<std::string>{"很好"});
  EXPECT_EQ(r[1].answered, 1);
  EXPECT_FALSE(r[2].average.has_value());  // nobody rated it
  EXPECT_EQ(r[2].answered, 0);
  EXPECT_TRUE(Tally(qs, {})[0].distribution == (std::array<int64_t, 5>{}));
}

}  // namespace
}  // namespace jj::surveys
