#include "core/messages.h"

#include <gtest/gtest.h>

namespace jj {
namespace {

TEST(Messages, ParameterWordsReadInTheMessagesLanguage) {
  EXPECT_EQ(FormatMessage("field.type", "zh", {{"field", "audience"}, {"type", "对象"}}), "字段 audience 的类型应为对象");
  EXPECT_EQ(FormatMessage("field.type", "en", {{"field", "audience"}, {"type", "对象"}}),
            "Field audience must be an object");
  EXPECT_EQ(FormatMessage("field.type", "en", {{"field", "ids"}, {"type", "整数数组"}}),
            "Field ids must be an array of integers");
  // Other values pass through as they are.
  EXPECT_EQ(FormatMessage("field.enum", "en", {{"field", "stage"}, {"value", "大学"}, {"allowed", "小学"}}),
            "Field stage has value \"大学\" outside the allowed set: 小学");
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
