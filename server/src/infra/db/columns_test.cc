#include "infra/db/columns.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace jj::db {
namespace {

TEST(Columns, NamesComeFromAliasesOrTheLastDotAndTheSqlKeepsTheOrder) {
  const Columns c{"p.id", "p.code", "og.name AS organiser_name", "COUNT(*) AS n", "state"};
  EXPECT_EQ(c.Sql(), "p.id, p.code, og.name AS organiser_name, COUNT(*) AS n, state");
  EXPECT_EQ(c.size(), 5u);
  EXPECT_EQ(c.Index("id"), 0u);
  EXPECT_EQ(c.Index("organiser_name"), 2u);
  EXPECT_EQ(c.Index("n"), 3u);
  EXPECT_EQ(c.Index("state"), 4u);
  EXPECT_THROW(c.Index("name"), std::logic_error);  // og.name is called organiser_name here
  EXPECT_THROW((Columns{"a.id", "b.id"}), std::logic_error);
}

TEST(Columns, RowsAreReadByName) {
  auto path = std::filesystem::temp_directory_path() / ("jj_columns_" + std::to_string(getpid()) + ".db");
  std::filesystem::remove(path);
  auto db = Database::Open("sqlite:" + path.string(), 1);
  ASSERT_TRUE(db.ok()) << db.status().Message("en");
  const Columns cols{"t.b AS second", "t.a", "t.c"};
  Status st = (*db)->Transact([&](Tx& tx) -> Status {
    tx.Exec("CREATE TABLE t (a INTEGER, b TEXT, c TEXT)");
    tx.Exec("INSERT INTO t (a, b, c) VALUES (:a, :b, NULL)", {int64_t{7}, std::string("seven")});
    auto rows = tx.Query("SELECT " + cols.Sql() + " FROM t");
    EXPECT_EQ(rows.size(), 1u);
    Named r(cols, rows.at(0));
    EXPECT_EQ(r.Int("a"), 7);
    EXPECT_TRUE(r.Bool("a"));
    EXPECT_EQ(r.Str("second"), "seven");
    EXPECT_TRUE(r.IsNull("c"));
    EXPECT_FALSE(r.IsNull("a"));
    EXPECT_THROW(r.Str("b"), std::logic_error);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.Message("en");
  db->reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace jj::db
