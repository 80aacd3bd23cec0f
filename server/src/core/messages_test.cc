#include "core/messages.h"

#include <gtest/gtest.h>

namespace jj {
namespace {

TEST(Messages, ParameterWordsReadInTheMessagesLanguage) {
  EXPECT_EQ(FormatMessage("field.type", "zh", {{"field", "audience"}, {"type", "对象"}}), "字段 面向对象 的类型应为对象");
  EXPECT_EQ(FormatMessage("field.type", "en", {{"field", "audience"}, {"type", "对象"}}),
            "Field Audience must be an object");
  EXPECT_EQ(FormatMessage("field.type", "en", {{"field", "ids"}, {"type", "整数数组"}}),
            "Field ids must be an array of integers");
  // Other values pass through as they are.
  EXPECT_EQ(FormatMessage("field.enum", "en", {{"field", "stage"}, {"value", "大学"}, {"allowed", "小学"}}),
            "Field Stage has value \"大学\" outside the allowed set: 小学");
}

TEST(Messages, FieldsAreNamedInTheUsersLanguage) {
  EXPECT_EQ(FormatMessage("field.required", "zh", {{"field", "date"}}), "缺少必填字段：日期");
  EXPECT_EQ(FormatMessage("field.required", "en", {{"field", "date"}}), "Missing required field: Date");
  EXPECT_EQ(FormatMessage("policy.decimals", "zh", {{"field", "hours"}, {"places", "1"}}), "学时 最多保留 1 位小数");
  EXPECT_EQ(FormatMessage("policy.decimals", "en", {{"field", "hours"}, {"places", "1"}}),
            "Hours allows at most 1 decimal places");
  EXPECT_EQ(FormatMessage("field.empty", "zh", {{"field", "title"}}), "字段 标题 不能为空");
  EXPECT_EQ(FormatMessage("field.empty", "zh", {{"field", "questions[2].title"}}), "字段 第 3 个题目的标题 不能为空");
  EXPECT_EQ(FormatMessage("field.empty", "en", {{"field", "questions[2].title"}}),
            "Field Title of question 3 must not be empty");
  EXPECT_EQ(FieldLabel("sessions[0].date", "zh"), "第 1 个课次的日期");
  // Names with no label (an import column in Chinese, a policy JSON path)
  // are shown as they are; so is anything malformed.
  EXPECT_EQ(FieldLabel("名称", "zh"), "名称");
  EXPECT_EQ(FieldLabel("requirements[0].minimum", "zh"), "requirements[0].minimum");
  EXPECT_EQ(FieldLabel("sessions[x].date", "en"), "sessions[x].date");
  EXPECT_EQ(FieldLabel("sessions[99999999].date", "en"), "sessions[99999999].date");
  EXPECT_EQ(FieldLabel("sessions[].date", "en"), "sessions[].date");
  // Every label has both languages, and the Chinese one has no ASCII letters.
  for (const char* name : {"date", "hours", "title", "id_number", "project_name", "dimension", "reason", "phone"}) {
    std::string zh = FieldLabel(name, "zh"), en = FieldLabel(name, "en");
    EXPECT_NE(zh, name) << name;
    EXPECT_NE(en, name) << name;
    for (char c : zh) EXPECT_FALSE((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) << name;
  }
}

TEST(Messages, JobProgressTextsHaveBothLanguages) {
  for (const char* key : {"job.check", "job.write", "job.written", "job.not_written", "job.export", "job.done",
                          "job.certificates"}) {
    EXPECT_TRUE(HasMessage(key)) << key;
    EXPECT_NE(FormatMessage(key, "zh", {}), FormatMessage(key, "en", {})) << key;
  }
  EXPECT_EQ(FormatMessage("job.write", "en", {}), "Writing to the database");
  EXPECT_EQ(FormatMessage("已写入", "en", {}), "已写入");  // a job row from before keys: shown as stored
}

}  // namespace
}  // namespace jj
