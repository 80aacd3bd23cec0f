#include "infra/db/bulk.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace jj::db {
namespace {

class Bulk : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("jj_bulk_" + std::to_string(getpid()) + ".db");
    Remove();
    auto db = Database::Open("sqlite:" + path_.string(), 1);
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Transact([](Tx& tx) -> Status {
                     tx.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, n INTEGER, g TEXT)");
                     tx.Exec("CREATE INDEX t_g ON t(g)");
                     tx.Exec("CREATE INDEX t_n_part ON t(n) WHERE n > 10");
                     tx.Exec("CREATE UNIQUE INDEX t_ng ON t(n, g)");
                     return Status::Ok();
                   })
                    .ok());
  }
  void TearDown() override {
    db_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::vector<std::string> Indexes() {
    std::vector<std::string> out;
    (void)db_->Read([&](Tx& tx) -> Status {
      for (const auto& r : tx.Query("SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_schema WHERE type = 'index' "
                                    "AND tbl_name = 't' ORDER BY name"))
        out.push_back(r.Str(0));
      return Status::Ok();
    });
    return out;
  }
  // Adds n rows with the value-by-value API: k = "k<i>", n = i (an integer), g = NULL for odd i.
  static void AddRows(Tx& tx, int64_t from, int64_t n) {
    BulkInserter bulk(tx, "t", {"k", "n", "g"});
    for (int64_t i = from; i < from + n; ++i) {
      const std::string k = "k" + std::to_string(i);
      bulk.Text(k).Int(i);
      if (i % 2)
        bulk.Null();
      else
        bulk.Text("g");
      bulk.EndRow();
    }
    EXPECT_EQ(bulk.Finish(), n);
  }
  std::filesystem::path path_;
  std::unique_ptr<Database> db_;
};

TEST_F(Bulk, ValuesOneByOneKeepTheirTypes) {
  ASSERT_TRUE(db_->Transact([](Tx& tx) -> Status {
                   AddRows(tx, 0, 3);
                   BulkInserter bulk(tx, "t", {"k", "n", "g"});
                   bulk.Add({"a", "42", std::nullopt});
                   EXPECT_THROW(bulk.Text("x").EndRow(), std::logic_error);  // too few values
                   return Status::Ok();
                 })
                  .ok());
  (void)db_->Read([](Tx& tx) -> Status {
    Row r;
    tx.QueryOne("SELECT typeof(n), n, g IS NULL FROM t WHERE k = 'k1'", {}, r);
    EXPECT_EQ(r.Str(0), "integer");
    EXPECT_EQ(r.Int(1), 1);
    EXPECT_EQ(r.Int(2), 1);
    tx.QueryOne("SELECT typeof(n), g FROM t WHERE k = 'k2'", {}, r);
    EXPECT_EQ(r.Str(0), "integer");
    EXPECT_EQ(r.Str(1), "g");
    tx.QueryOne("SELECT COUNT(*) FROM t", {}, r);
    EXPECT_EQ(r.Int(0), 4);
    return Status::Ok();
  });
}

TEST_F(Bulk, InsertRowsTakesEveryRowInOneStatement) {
  ASSERT_TRUE(db_->Transact([](Tx& tx) -> Status {
                   int64_t i = 0;
                   std::string k;
                   int64_t n = InsertRows(tx, "t", {"k", "n", "g"}, [&](RowValues& row) {
                     if (i == 5000) return false;
                     k = "k" + std::to_string(i);
                     row.Text(k).Int(i);
                     if (i % 2)
                       row.Null();
                     else
                       row.Text("g");
                     ++i;
                     return true;
                   });
                   EXPECT_EQ(n, 5000);
                   EXPECT_EQ(InsertRows(tx, "t", {"k", "n", "g"}, [](RowValues&) { return false; }), 0);
                   return Status::Ok();
                 })
                  .ok());
  (void)db_->Read([](Tx& tx) -> Status {
    Row r;
    tx.QueryOne("SELECT COUNT(*), SUM(n), SUM(g IS NULL), MIN(typeof(n)), MAX(typeof(n)) FROM t", {}, r);
    EXPECT_EQ(r.Int(0), 5000);
    EXPECT_EQ(r.Int(1), 4999 * 5000 / 2);
    EXPECT_EQ(r.Int(2), 2500);
    EXPECT_EQ(r.Str(3), "integer");
    EXPECT_EQ(r.Str(4), "integer");
    tx.QueryOne("SELECT n, g FROM t WHERE k = 'k4998'", {}, r);
    EXPECT_EQ(r.Int(0), 4998);
    EXPECT_EQ(r.Str(1), "g");
    return Status::Ok();
  });
}

TEST_F(Bulk, InsertRowsThatFailsLeavesNothingOfItsRows) {
  ASSERT_TRUE(db_->Transact([](Tx& tx) -> Status {
                   BulkInserter one(tx, "t", {"k", "n", "g"});
                   one.Add({"k7", "7", std::nullopt});
                   one.Finish();
                   // A duplicate key in the 10th row: the nine before it go too.
                   int64_t i = 0;
                   std::string k;
                   auto rows = [&](RowValues& row) {
                     if (i == 20) return false;
                     k = "k" + std::to_string(i < 9 ? 100 + i : 7);
                     row.Text(k).Int(1000 + i).Null();
                     ++i;
                     return true;
                   };
                   EXPECT_THROW(InsertRows(tx, "t", {"k", "n", "g"}, rows), std::exception);
                   // An exception from the row source: the same, and the exception comes through.
                   i = 0;
                   EXPECT_THROW(InsertRows(tx, "t", {"k", "n", "g"},
                                           [&](RowValues& row) -> bool {
                                             if (i++ == 3) throw std::runtime_error("source broke");
                                             k = "s" + std::to_string(i);
                                             row.Text(k).Int(i).Null();
                                             return true;
                                           }),
                                std::runtime_error);
                   // Too few values in a row.
                   EXPECT_THROW(InsertRows(tx, "t", {"k", "n", "g"},
                                           [&](RowValues& row) {
                                             row.Text("x");
                                             return true;
                                           }),
                                std::logic_error);
                   Row r;
                   tx.QueryOne("SELECT COUNT(*) FROM t", {}, r);
                   EXPECT_EQ(r.Int(0), 1);
                   return Status::Ok();
                 })
                  .ok());
}

TEST_F(Bulk, SmallLoadsKeepTheIndexes) {
  const auto before = Indexes();
  ASSERT_TRUE(db_->Transact([](Tx& tx) -> Status {
                   DeferredIndexes deferred(tx, "t", DeferredIndexes::kMinRows - 1);
                   EXPECT_TRUE(deferred.deferred().empty());
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(Indexes(), before);
}

TEST_F(Bulk, ALoadThatDoublesATableRebuildsItsNonUniqueIndexesOnce) {
  const auto before = Indexes();
  ASSERT_EQ(before.size(), 4u);  // t_g, t_n_part, t_ng and the UNIQUE column's
  const int64_t n = DeferredIndexes::kMinRows;
  ASSERT_TRUE(db_->Transact([&](Tx& tx) -> Status {
                   DeferredIndexes deferred(tx, "t", n);
                   EXPECT_EQ(deferred.deferred(), (std::vector<std::string>{"t_g", "t_n_part"}));
                   AddRows(tx, 0, n);
                   // The unique indexes still check every row.
                   EXPECT_THROW(AddRows(tx, 5, 1), std::exception);
                   deferred.Rebuild();
                   return Status::Ok();
                 })
                  .ok());
  EXPECT_EQ(Indexes(), before);
  (void)db_->Read([&](Tx& tx) -> Status {
    Row r;
    tx.QueryOne("SELECT COUNT(*) FROM t INDEXED BY t_g WHERE g = 'g'", {}, r);
    EXPECT_EQ(r.Int(0), n / 2);
    tx.QueryOne("PRAGMA integrity_check", {}, r);
    EXPECT_EQ(r.Str(0), "ok");
    return Status::Ok();
  });
  // The table now holds n rows: adding fewer keeps the indexes.
  ASSERT_TRUE(db_->Transact([&](Tx& tx) -> Status {
                   DeferredIndexes deferred(tx, "t", n - 1);
                   EXPECT_TRUE(deferred.deferred().empty());
                   return Status::Ok();
                 })
                  .ok());
}

TEST_F(Bulk, ARollbackBringsTheDroppedIndexesBack) {
  const auto before = Indexes();
  Status st = db_->Transact([&](Tx& tx) -> Status {
    DeferredIndexes deferred(tx, "t", DeferredIndexes::kMinRows);
    EXPECT_EQ(deferred.deferred().size(), 2u);
    AddRows(tx, 0, 10);
    return InvalidArgument("test.rollback");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(Indexes(), before);
  (void)db_->Read([](Tx& tx) -> Status {
    Row r;
    tx.QueryOne("SELECT COUNT(*) FROM t", {}, r);
    EXPECT_EQ(r.Int(0), 0);
    return Status::Ok();
  });
}

}  // namespace
}  // namespace jj::db
