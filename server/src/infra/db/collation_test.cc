#include "infra/db/collation.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <vector>

namespace jj::db {
namespace {

TEST(Collation, ChineseNamesInPinyinOrder) {
  std::vector<std::string> names = {"张三", "李四", "王五", "阿明", "陈晨", "赵六", "白雪"};
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return ComparePinyin(a, b) < 0; });
  EXPECT_EQ(names, (std::vector<std::string>{"阿明", "白雪", "陈晨", "李四", "王五", "张三", "赵六"}));
  // By character code they would be 张 李 王 阿 …: the collation is what orders them.
  EXPECT_GT(std::string("阿明"), std::string("张三"));
  EXPECT_EQ(ComparePinyin("张三", "张三"), 0);
  EXPECT_NE(ComparePinyin("张三", "张三 "), 0);  // a total order: ties go by bytes
}

TEST(Collation, SqliteOrdersByPinyin) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_TRUE(RegisterPinyinCollation(db));
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE t (name TEXT); INSERT INTO t VALUES ('张三'), ('李四'), ('王五'), ('阿明');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  std::string sql = std::string("SELECT name FROM t ORDER BY name") + PinyinCollate(Dialect::kSqlite);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
  std::vector<std::string> got;
  while (sqlite3_step(st) == SQLITE_ROW) got.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(got, (std::vector<std::string>{"阿明", "李四", "王五", "张三"}));
  EXPECT_STREQ(PinyinCollate(Dialect::kPostgres), " COLLATE \"zh-x-icu\"");
}

}  // namespace
}  // namespace jj::db
