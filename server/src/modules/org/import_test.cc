// Org tree import into an empty database: a root of any region level
// (province, city, county) starts the tree; once it exists, a row without a
// parent code is refused with a message that says so. Runs on SQLite and,
// when JIJIAO_TEST_PG is set (scripts/with-postgres.sh), on PostgreSQL in a
// schema of its own.
#include "modules/org/import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "infra/db/migrate.h"
#include "modules/org/org.h"

namespace jj::org {
namespace {

const std::string kHeader = "代码,名称,类型,上级代码,学段,城乡\r\n";

class OrgImportEmptyTree : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      const char* url = std::getenv("JIJIAO_TEST_PG");
      if (!url || !*url) {
        GTEST_SKIP() << "JIJIAO_TEST_PG is not set";
      }
      auto db = db::Database::Open(url, 1);
      ASSERT_TRUE(db.ok());
      db_ = std::move(*db);
      // The pool's only session uses a schema of its own.
      ASSERT_TRUE(Schema(false).ok());
      pg_ = true;
    } else {
      path_ = std::filesystem::temp_directory_path() / ("jj_org_import_" + std::to_string(getpid()) + ".db");
      Remove();
      auto db = db::Database::Open("sqlite:" + path_.string(), 1);
      ASSERT_TRUE(db.ok());
      db_ = std::move(*db);
    }
    ASSERT_TRUE(db::Migrate(*db_).ok());
  }
  void TearDown() override {
    if (pg_) {
      EXPECT_TRUE(Schema(true).ok());
    }
    db_.reset();
    if (!path_.empty()) Remove();
  }
  Status Schema(bool drop_only) {
    return db_->Read([&](db::Tx& tx) -> Status {
      tx.Exec("DROP SCHEMA IF EXISTS jj_org_import_test CASCADE");
      if (!drop_only) {
        tx.Exec("CREATE SCHEMA jj_org_import_test");
        tx.Exec("SET search_path TO jj_org_import_test");
      }
      return Status::Ok();
    });
  }
  void Remove() {
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + ext);
  }

  io::ImportReport Import(const std::string& rows, const std::string& mode,
                          const auth::Actor& actor = auth::CommandLineActor()) {
    auto r = ImportOrgs(*db_, clock_, actor, kHeader + rows, mode, false);
    EXPECT_TRUE(r.ok()) << r.status().Message("en");
    return r.ok() ? *r : io::ImportReport{};
  }
  std::optional<Org> Find(const std::string& code) {
    std::optional<Org> o;
    EXPECT_TRUE(db_->Read([&](db::Tx& tx) -> Status {
                     o = FindOrgByCode(tx, code);
                     return Status::Ok();
                   }).ok());
    return o;
  }
  static std::string Messages(const io::ImportReport& r) {
    std::string all;
    for (const auto& p : r.problems) all += std::to_string(p.row) + ": " + p.reason.Message("zh") + "\n";
    return all;
  }

  std::unique_ptr<db::Database> db_;
  std::filesystem::path path_;
  bool pg_ = false;
  FakeClock clock_{1772337600};
};

// A county office starts its tree at its own county, then imports schools.
TEST_P(OrgImportEmptyTree, ACountyRootThenItsSchools) {
  const std::string county = "441821,示范县,县区,,,\r\n";
  const std::string below = "441821101,石角镇中心学校,乡镇中心校,441821,小学,农村\r\n"
                            "441821101001,石角镇中心小学,学校,441821101,小学,农村\r\n"
                            "441821901,示范县教师进修学校,进修学校,441821,,\r\n";
  // The dry run says what the import would do.
  io::ImportReport dry = Import(county + below, "dry-run");
  EXPECT_EQ(dry.invalid, 0) << Messages(dry);
  EXPECT_EQ(dry.inserted, 4);
  EXPECT_FALSE(dry.written);
  EXPECT_FALSE(Find("441821"));

  io::ImportReport done = Import(county + below, "insert");
  EXPECT_EQ(done.invalid, 0) << Messages(done);
  EXPECT_TRUE(done.written);
  EXPECT_EQ(done.inserted, 4);
  auto root = Find("441821");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->type, "county");
  EXPECT_FALSE(root->parent_id);
  auto school = Find("441821101001");
  ASSERT_TRUE(school);
  EXPECT_EQ(school->path.rfind(root->path, 0), 0u) << school->path;

  // More schools later, below the existing tree.
  io::ImportReport more = Import("441821102,汤塘镇中心学校,乡镇中心校,441821,小学,农村\r\n"
                                 "441821102001,汤塘镇中心小学,学校,441821102,小学,农村\r\n",
                                 "insert");
  EXPECT_TRUE(more.written) << Messages(more);
  EXPECT_EQ(more.inserted, 2);

  // The tree exists now: a row without a parent code is refused, clearly.
  io::ImportReport second = Import("441822,另一县,县区,,,\r\n441822101001,另一县一小,学校,441822,小学,\r\n", "insert");
  EXPECT_FALSE(second.written);
  ASSERT_EQ(second.problems.size(), 2u) << Messages(second);
  EXPECT_EQ(second.problems[0].row, 2);
  EXPECT_EQ(second.problems[0].column, "上级代码");
  EXPECT_EQ(second.problems[0].reason.key(), "org.import_root_exists");
  EXPECT_NE(second.problems[0].reason.Message("zh").find("须填写上级代码"), std::string::npos);
  EXPECT_NE(second.problems[0].reason.Message("en").find("needs a parent code"), std::string::npos);
  // Its child is told that its parent's row is the one to fix.
  EXPECT_EQ(second.problems[1].reason.key(), "org.import_parent_row");
  EXPECT_EQ(second.problems[1].reason.Message("zh"), "上级代码 441822 所在的行有错误，本行未能导入");
  EXPECT_FALSE(Find("441822"));

  // Re-importing the whole file in upsert mode matches the root by its code.
  io::ImportReport again = Import(county + below, "upsert");
  EXPECT_EQ(again.invalid, 0) << Messages(again);
  EXPECT_EQ(again.unchanged, 4);

  // A bureau admin of the county: a row without a parent is refused too.
  auth::Actor bureau;
  bureau.role = auth::Role::kBureauAdmin;
  bureau.org_id = root->id;
  bureau.org_path = root->path;
  io::ImportReport orphan = Import("441821103001,无上级学校,学校,,小学,\r\n", "insert", bureau);
  ASSERT_EQ(orphan.problems.size(), 1u);
  EXPECT_EQ(orphan.problems[0].reason.key(), "org.import_root_exists");
}

TEST_P(OrgImportEmptyTree, ACityOrAProvinceRootWorksTooButNotASchool) {
  io::ImportReport school = Import("441821101001,石角镇中心小学,学校,,小学,农村\r\n", "insert");
  EXPECT_FALSE(school.written);
  ASSERT_EQ(school.problems.size(), 1u);
  EXPECT_EQ(school.problems[0].column, "类型");
  EXPECT_EQ(school.problems[0].reason.key(), "org.import_root_type");
  EXPECT_FALSE(Find("441821101001"));

  io::ImportReport city = Import("441800,清远市,市,,,\r\n441821,示范县,县区,441800,,\r\n", "insert");
  EXPECT_TRUE(city.written) << Messages(city);
  EXPECT_EQ(Find("441800")->type, "city");
  EXPECT_EQ(Find("441821")->parent_id, Find("441800")->id);
}

TEST_P(OrgImportEmptyTree, OneRootPerTreeAndAProvinceAsBefore) {
  // Two roots in one file: the first starts the tree, the second is refused.
  io::ImportReport two = Import("440000,广东省,省,,,\r\n450000,广西,省,,,\r\n", "dry-run");
  ASSERT_EQ(two.problems.size(), 1u) << Messages(two);
  EXPECT_EQ(two.problems[0].row, 3);
  EXPECT_EQ(two.problems[0].reason.key(), "org.import_root_exists");
  io::ImportReport one = Import("440000,广东省,省,,,\r\n441800,清远市,市,440000,,\r\n", "insert");
  EXPECT_TRUE(one.written) << Messages(one);
}

INSTANTIATE_TEST_SUITE_P(Db, OrgImportEmptyTree, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::org
