// verify-log's proof of the protected tables (credit records, stamps,
// exemptions, year locks, policies) through the public API, on both
// databases: every way the server writes them leaves each row equal to its
// logged state; an edit, an insert or a delete behind the server's back is
// named (table, id, field, logged and current value); and an anchor taken
// earlier sees a cut tail that the chain alone cannot. Runs on a backend of
// its own: other suites edit the shared one behind its back on purpose.
#include <gtest/gtest.h>

#include "harness.h"
#include "infra/audit_log/audit_log.h"
#include "modules/credits/integrity.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

using audit_log::Finding;

class Integrity : public Api {
 protected:
  std::string BackendName() const override { return GetParam() + "/integrity"; }

  audit_log::VerifyReport Verify(const std::optional<audit_log::Anchor>& anchor = std::nullopt) {
    auto r = audit_log::Verify(b_->app->db(), credits::ProtectedTables(), anchor);
    EXPECT_TRUE(r.ok()) << r.status().Message("en");
    return r.ok() ? *r : audit_log::VerifyReport{};
  }
  static std::string Describe(const audit_log::VerifyReport& r) {
    std::string s = "chain " + (r.first_bad_id ? std::to_string(*r.first_bad_id) : std::string("ok")) +
                    ", anchor " + (r.anchor_ok ? "ok" : "bad") + ", findings " + std::to_string(r.findings_total);
    for (const Finding& f : r.findings)
      s += "\n  " + f.table + " " + std::to_string(f.id) + " kind " + std::to_string(f.kind) + " " + f.field + " " +
           f.logged + " → " + f.current;
    return s;
  }
  void Exec(const std::string& sql, const db::Params& params = {}) {
    Status st = b_->app->db().Transact([&](db::Tx& tx) -> Status {
      tx.Exec(sql, params);
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << sql << ": " << st.Message("en");
  }
  int64_t Count(const std::string& sql, const db::Params& params = {}) {
    int64_t n = -1;
    (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
      db::Row r;
      if (tx.QueryOne(sql, params, r)) n = r.Int(0);
      return Status::Ok();
    });
    return n;
  }
  // The one finding of a report, expected to be `kind` on (table, id).
  Finding Only(const audit_log::VerifyReport& r, Finding::Kind kind, const std::string& table, int64_t id) {
    EXPECT_EQ(r.findings_total, 1) << Describe(r);
    if (r.findings.empty()) return Finding{};
    EXPECT_EQ(r.findings[0].kind, kind) << Describe(r);
    EXPECT_EQ(r.findings[0].table, table) << Describe(r);
    EXPECT_EQ(r.findings[0].id, id) << Describe(r);
    return r.findings[0];
  }
  int64_t Declare(Client& c, const Json& body) {
    Reply r = c.Post("/api/v1/credits/records", body);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", int64_t{0});
  }
  int64_t TeacherIdOf(Client& teacher) {
    return teacher.Get("/api/v1/auth/me").body["user"]["teacher_id"].get<int64_t>();
  }
  int64_t ProtectedRows() {
    return Count(
        "SELECT (SELECT COUNT(*) FROM credit_records) + (SELECT COUNT(*) FROM audit_stamps) + "
        "(SELECT COUNT(*) FROM audit_exemptions) + (SELECT COUNT(*) FROM year_locks) + "
        "(SELECT COUNT(*) FROM policies)");
  }
};

const Json kRecord = {{"date", "2025-04-10"}, {"project_name", "班主任工作坊"}, {"level", "区县级"},
                      {"form", "集中培训"},     {"dimension", "学生管理"},       {"hours", 8}};

TEST_P(Integrity, EveryWayTheServerWritesLeavesEachRowItsLoggedState) {
  Client teacher = As("teacher"), school = As("school_admin"), bureau = As("bureau_admin");
  const int64_t me = TeacherIdOf(teacher);
  const int64_t county = OrgId(demo::kCountyCode);
  // The approval chain, a rejection, an admin's own declaration.
  const int64_t approved = Declare(teacher, kRecord);
  ASSERT_EQ(school.Post("/api/v1/credits/records/" + std::to_string(approved) + "/verify", Json::object()).status, 200);
  ASSERT_EQ(bureau.Post("/api/v1/credits/records/" + std::to_string(approved) + "/approve", Json::object()).status, 200);
  const int64_t rejected = Declare(teacher, kRecord);
  ASSERT_EQ(school.Post("/api/v1/credits/records/" + std::to_string(rejected) + "/reject", {{"reason", "材料不全"}}).status,
            200);
  Json own = kRecord;
  own["teacher_id"] = me;
  Declare(school, own);
  // The bulk path: a credit history import.
  Reply detail = bureau.Get("/api/v1/teachers/" + std::to_string(me));
  const std::string who = detail.body["id_number"].get<std::string>() + "," + detail.body["name"].get<std::string>();
  const std::string csv = "身份证号,姓名,日期,项目名称,级别,形式,维度,学时,类型\r\n" + who +
                          ",2024-03-02,师德专题,区县级,集中培训,师德修养,6,培训\r\n" + who +
                          ",2024-05-02,学科专题,校本,校本研修,学科教学,12,培训\r\n";
  Reply up = bureau.Send("POST", "/api/v1/credits/import?mode=insert", csv, "text/csv");
  ASSERT_EQ(up.status, 202) << up.raw;
  Json job = WaitJob(bureau, up.body.value("id", int64_t{0})).body;
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  // Exemptions set, changed and lifted; a stamp (an exempt teacher passes).
  const auto others = TeacherIds(demo::kSchoolACode, 4);
  ASSERT_EQ(others.size(), 4u);
  const int64_t exempt = others[1] == me ? others[2] : others[1];
  for (const char* reason : {"骨干教师年度考核合格", "省级骨干教师年度考核合格"})
    ASSERT_EQ(school.Put("/api/v1/credits/exemptions", {{"teacher_id", exempt}, {"year", 2025}, {"reason", reason}}).status,
              204);
  ASSERT_EQ(school.Put("/api/v1/credits/exemptions", {{"teacher_id", exempt}, {"year", 2024}, {"reason", "病假"}}).status,
            204);
  ASSERT_EQ(school.Put("/api/v1/credits/exemptions", {{"teacher_id", exempt}, {"year", 2024}, {"reason", ""}}).status,
            204);
  ASSERT_EQ(school.Post("/api/v1/credits/stamps", {{"teacher_id", exempt}, {"year", 2025}}).status, 204);
  // Year locks: locked, unlocked with a reason, locked again; another year kept.
  for (const Json& lock : {Json{{"org_id", county}, {"year", 2019}, {"locked", true}},
                           Json{{"org_id", county}, {"year", 2019}, {"locked", false}, {"reason", "补录"}},
                           Json{{"org_id", county}, {"year", 2019}, {"locked", true}, {"reason", "补录完毕"}},
                           Json{{"org_id", county}, {"year", 2018}, {"locked", true}}})
    ASSERT_EQ(bureau.Post("/api/v1/credits/locks", lock).status, 204) << lock.dump();
  // A policy stored as a new version.
  const std::string q = "/api/v1/policies?org_id=" + std::to_string(county) + "&year=2025";
  Reply policy = bureau.Get(q);
  ASSERT_EQ(policy.status, 200);
  ASSERT_EQ(bureau.Send("PUT", q, policy.body["policy"].dump()).status, 200);
  // A teacher deleted with their record, exemption and stamp (ON DELETE CASCADE).
  Reply t = school.Post("/api/v1/teachers", {{"name", "将删除"},
                                             {"id_number", MakeIdNumber("441821", "19900303", 71)},
                                             {"org_id", OrgId(demo::kSchoolACode)},
                                             {"stage", "小学"}});
  ASSERT_EQ(t.status, 201) << t.raw;
  const int64_t gone = t.body["id"].get<int64_t>();
  Json theirs = kRecord;
  theirs["teacher_id"] = gone;
  Declare(school, theirs);
  ASSERT_EQ(school.Put("/api/v1/credits/exemptions", {{"teacher_id", gone}, {"year", 2025}, {"reason", "借调"}}).status,
            204);
  ASSERT_EQ(school.Post("/api/v1/credits/stamps", {{"teacher_id", gone}, {"year", 2025}}).status, 204);
  ASSERT_EQ(school.Delete("/api/v1/teachers/" + std::to_string(gone)).status, 204);

  auto r = Verify();
  EXPECT_TRUE(r.intact()) << Describe(r);
  EXPECT_EQ(r.rows_checked, ProtectedRows());
  EXPECT_GE(r.rows_checked, 9);
  // The logged state is the whole record, not a diff.
  std::string after;
  ASSERT_TRUE(b_->app->db()
                  .Read([&](db::Tx& tx) -> Status {
                    db::Row row;
                    tx.QueryOne("SELECT after_json FROM audit_log WHERE object_type = 'credit_record' AND "
                                "object_id = :id ORDER BY id DESC LIMIT 1",
                                {approved}, row);
                    after = row.Str(0);
                    return Status::Ok();
                  })
                  .ok());
  Json state = Json::parse(after);
  EXPECT_EQ(state["hours_tenths"], 80);
  EXPECT_EQ(state["state"], "approved");
  EXPECT_EQ(state["teacher_id"], me);
  EXPECT_EQ(state["record_date"], "2025-04-10");
  EXPECT_TRUE(state["approved_by"].is_number()) << after;
}

TEST_P(Integrity, AnEditBehindTheServersBackIsNamedWithItsLoggedValue) {
  Client teacher = As("teacher"), school = As("school_admin"), bureau = As("bureau_admin");
  const int64_t county = OrgId(demo::kCountyCode);
  const int64_t id = Declare(teacher, kRecord);
  const auto exempt = TeacherIds(demo::kSchoolBCode, 1).at(0);
  Client school_b = As("school_admin_b");
  ASSERT_EQ(school_b.Put("/api/v1/credits/exemptions", {{"teacher_id", exempt}, {"year", 2023}, {"reason", "病假"}}).status,
            204);
  ASSERT_EQ(school_b.Post("/api/v1/credits/stamps", {{"teacher_id", exempt}, {"year", 2023}}).status, 204);
  ASSERT_EQ(bureau.Post("/api/v1/credits/locks", {{"org_id", county}, {"year", 2017}, {"locked", true}}).status, 204);
  const std::string q = "/api/v1/policies?org_id=" + std::to_string(county) + "&year=2023";
  ASSERT_EQ(bureau.Send("PUT", q, bureau.Get(q).body["policy"].dump()).status, 200);
  ASSERT_TRUE(Verify().intact()) << Describe(Verify());

  // Hours 8 → 640.
  Exec("UPDATE credit_records SET hours_tenths = 6400 WHERE id = :id", {id});
  // The chain alone (what verify-log checked before) does not see it.
  auto chain_only = audit_log::Verify(b_->app->db());
  ASSERT_TRUE(chain_only.ok());
  EXPECT_TRUE(chain_only->intact());
  Finding f = Only(Verify(), Finding::kChanged, "credit_records", id);
  EXPECT_EQ(f.field, "hours_tenths");
  EXPECT_EQ(f.logged, "80");
  EXPECT_EQ(f.current, "6400");
  EXPECT_GT(f.event_id, 0);
  Exec("UPDATE credit_records SET hours_tenths = 80 WHERE id = :id", {id});
  ASSERT_TRUE(Verify().intact());

  // Declared → approved, skipping the chain.
  Exec("UPDATE credit_records SET state = 'approved' WHERE id = :id", {id});
  f = Only(Verify(), Finding::kChanged, "credit_records", id);
  EXPECT_EQ(f.field, "state");
  EXPECT_EQ(f.logged, "\"declared\"");
  EXPECT_EQ(f.current, "\"approved\"");
  Exec("UPDATE credit_records SET state = 'declared' WHERE id = :id", {id});

  // A record no event names.
  Exec("INSERT INTO credit_records (teacher_id, record_date, project_name, hours_tenths, source, state, created_at, "
       "updated_at) SELECT teacher_id, record_date, project_name, 400, source, 'approved', created_at, updated_at "
       "FROM credit_records WHERE id = :id",
       {id});
  const int64_t forged = Count("SELECT MAX(id) FROM credit_records");
  Only(Verify(), Finding::kUnlogged, "credit_records", forged);
  Exec("DELETE FROM credit_records WHERE id = :id", {forged});

  // A stamp moved to another year, an exemption's reason, a policy's document.
  const int64_t stamp = Count("SELECT id FROM audit_stamps WHERE teacher_id = :t AND year = 2023", {exempt});
  Exec("UPDATE audit_stamps SET year = 2022 WHERE id = :id", {stamp});
  EXPECT_EQ(Only(Verify(), Finding::kChanged, "audit_stamps", stamp).field, "year");
  Exec("UPDATE audit_stamps SET year = 2023 WHERE id = :id", {stamp});
  const int64_t exemption = Count("SELECT id FROM audit_exemptions WHERE teacher_id = :t AND year = 2023", {exempt});
  Exec("UPDATE audit_exemptions SET reason = '伪造' WHERE id = :id", {exemption});
  f = Only(Verify(), Finding::kChanged, "audit_exemptions", exemption);
  EXPECT_EQ(f.field, "reason");
  EXPECT_EQ(f.logged, "\"病假\"");
  Exec("UPDATE audit_exemptions SET reason = '病假' WHERE id = :id", {exemption});
  const int64_t pol = Count("SELECT MAX(id) FROM policies");
  Exec("UPDATE policies SET document = REPLACE(document, '\"hours_per_credit\":', '\"hours_per_credit\":9') "
       "WHERE id = :id",
       {pol});
  EXPECT_EQ(Only(Verify(), Finding::kChanged, "policies", pol).field, "document");
  Exec("UPDATE policies SET document = REPLACE(document, '\"hours_per_credit\":9', '\"hours_per_credit\":') "
       "WHERE id = :id",
       {pol});
  ASSERT_TRUE(Verify().intact()) << Describe(Verify());

  // A lock deleted without a logged unlock, then put back as it was.
  const int64_t lock = Count("SELECT id FROM year_locks WHERE org_id = :o AND year = 2017", {county});
  const int64_t locked_by = Count("SELECT locked_by FROM year_locks WHERE id = :id", {lock});
  const int64_t locked_at = Count("SELECT locked_at FROM year_locks WHERE id = :id", {lock});
  Exec("DELETE FROM year_locks WHERE id = :id", {lock});
  Only(Verify(), Finding::kVanished, "year_locks", lock);
  Exec("INSERT INTO year_locks (id, org_id, year, locked_by, locked_at) VALUES (:id, :o, 2017, :b, :a)",
       {lock, county, locked_by, locked_at});
  // An unlock through the server, then the row put back behind its back.
  ASSERT_EQ(bureau.Post("/api/v1/credits/locks", {{"org_id", county}, {"year", 2017}, {"locked", false}, {"reason", "x"}})
                .status,
            204);
  ASSERT_TRUE(Verify().intact());
  Exec("INSERT INTO year_locks (id, org_id, year, locked_by, locked_at) VALUES (:id, :o, 2017, :b, :a)",
       {lock, county, locked_by, locked_at});
  Only(Verify(), Finding::kUndeleted, "year_locks", lock);
  Exec("DELETE FROM year_locks WHERE id = :id", {lock});
  EXPECT_TRUE(Verify().intact()) << Describe(Verify());
}

TEST_P(Integrity, AnAnchorSeesACutTailTheChainCannot) {
  Client school = As("school_admin");
  const int64_t teacher = TeacherIds(demo::kSchoolACode, 1).at(0);
  auto touch = [&](const std::string& phone) {
    ASSERT_EQ(school.Patch("/api/v1/teachers/" + std::to_string(teacher), {{"phone", phone}}).status, 200);
  };
  touch("13900000001");
  touch("13900000002");
  const audit_log::Anchor anchor = Verify().last;
  ASSERT_GT(anchor.id, 0);
  ASSERT_EQ(anchor.hash.size(), 64u);
  touch("13900000003");
  auto later = Verify(anchor);
  EXPECT_TRUE(later.intact()) << Describe(later);
  EXPECT_GT(later.last.id, anchor.id);

  // Someone deletes the newest entries (the anchor's among them) and rewinds
  // audit_head to the entry before: the chain alone verifies.
  std::vector<db::Row> cut;
  ASSERT_TRUE(b_->app->db()
                  .Read([&](db::Tx& tx) -> Status {
                    cut = tx.Query(
                        "SELECT id, at, actor_id, action, object_type, object_id, before_json, after_json, prev_hash, "
                        "hash FROM audit_log WHERE id >= (SELECT MIN(id) FROM (SELECT id FROM audit_log ORDER BY id "
                        "DESC LIMIT 3) t) ORDER BY id");
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(cut.size(), 3u);
  for (const db::Row& r : cut) ASSERT_EQ(r.Str(3), "teacher.update");
  ASSERT_EQ(cut[1].Int(0), anchor.id);
  const std::string rewound = cut[0].Str(8);
  Exec("DELETE FROM audit_log WHERE id >= :a", {cut[0].Int(0)});
  Exec("UPDATE audit_head SET last_hash = :h WHERE id = 1", {rewound});
  auto plain = Verify();
  EXPECT_TRUE(plain.intact()) << "the chain alone cannot see a cut tail: " << Describe(plain);
  EXPECT_EQ(plain.last.hash, rewound);
  auto anchored = Verify(anchor);
  EXPECT_FALSE(anchored.intact());
  EXPECT_FALSE(anchored.anchor_ok);
  EXPECT_TRUE(anchored.anchor_found_hash.empty());
  // An anchor whose entry is there with another hash: history rewritten.
  auto rewritten = Verify(audit_log::Anchor{plain.last.id, std::string(64, 'a')});
  EXPECT_FALSE(rewritten.anchor_ok);
  EXPECT_EQ(rewritten.anchor_found_hash, plain.last.hash);

  // Put the entries back: intact, and the anchor holds again.
  ASSERT_TRUE(b_->app->db()
                  .Transact([&](db::Tx& tx) -> Status {
                    for (const db::Row& r : cut)
                      tx.Exec("INSERT INTO audit_log (id, at, actor_id, action, object_type, object_id, before_json, "
                              "after_json, prev_hash, hash) VALUES (:i, :at, :ac, :a, :t, :o, :b, :f, :p, :h)",
                              {r.Int(0), r.Int(1), r.IsNull(2) ? db::Param(nullptr) : db::Param(r.Int(2)), r.Str(3),
                               r.Str(4), r.IsNull(5) ? db::Param(nullptr) : db::Param(r.Int(5)), r.Str(6), r.Str(7),
                               r.Str(8), r.Str(9)});
                    tx.Exec("UPDATE audit_head SET last_hash = :h WHERE id = 1", {cut.back().Str(9)});
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_TRUE(Verify(anchor).intact());

  // A cut that takes a protected row's newest event is seen without an
  // anchor too: the row is then ahead of its logged state.
  Client teacher_c = As("teacher");
  const int64_t id = Declare(teacher_c, kRecord);
  ASSERT_EQ(school.Post("/api/v1/credits/records/" + std::to_string(id) + "/verify", Json::object()).status, 200);
  const int64_t last = Count("SELECT MAX(id) FROM audit_log");
  std::vector<db::Row> verify_event;
  ASSERT_TRUE(b_->app->db()
                  .Read([&](db::Tx& tx) -> Status {
                    verify_event = tx.Query(
                        "SELECT id, at, actor_id, action, object_type, object_id, before_json, after_json, prev_hash, "
                        "hash FROM audit_log WHERE id = :a",
                        {last});
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(verify_event.at(0).Str(3), "credit.verify");
  Exec("DELETE FROM audit_log WHERE id = :a", {last});
  Exec("UPDATE audit_head SET last_hash = :h WHERE id = 1", {verify_event[0].Str(8)});
  auto cut_one = Verify();
  EXPECT_GE(cut_one.findings_total, 2) << Describe(cut_one);  // state and verified_by are ahead of the log
  bool state = false;
  for (const Finding& f : cut_one.findings) {
    EXPECT_EQ(f.table, "credit_records");
    EXPECT_EQ(f.id, id);
    state = state || (f.field == "state" && f.logged == "\"declared\"" && f.current == "\"school_verified\"");
  }
  EXPECT_TRUE(state) << Describe(cut_one);
  // Put the entry back.
  const db::Row& r = verify_event[0];
  Exec("INSERT INTO audit_log (id, at, actor_id, action, object_type, object_id, before_json, after_json, prev_hash, "
       "hash) VALUES (:i, :at, :ac, :a, :t, :o, :b, :f, :p, :h)",
       {r.Int(0), r.Int(1), r.IsNull(2) ? db::Param(nullptr) : db::Param(r.Int(2)), r.Str(3), r.Str(4), r.Int(5),
        r.Str(6), r.Str(7), r.Str(8), r.Str(9)});
  Exec("UPDATE audit_head SET last_hash = :h WHERE id = 1", {r.Str(9)});
  EXPECT_TRUE(Verify().intact()) << Describe(Verify());
}

// A database from before rows were logged with their state: migration 0012
// leaves a task, and the next start logs every protected row as it is, once.
TEST_P(Integrity, AnOlderDatabaseGetsItsRowsLoggedOnceAtTheUpgrade) {
  Client teacher = As("teacher");
  const int64_t id = Declare(teacher, kRecord);
  ASSERT_TRUE(Verify().intact());
  const int64_t before = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'integrity.baseline'");
  // A row as an older version left it: no event carries its state.
  Exec("INSERT INTO credit_records (teacher_id, record_date, project_name, hours_tenths, source, state, created_at, "
       "updated_at) SELECT teacher_id, record_date, '旧版本写入', 60, source, 'approved', created_at, updated_at "
       "FROM credit_records WHERE id = :id",
       {id});
  const int64_t old_row = Count("SELECT MAX(id) FROM credit_records");
  Only(Verify(), Finding::kUnlogged, "credit_records", old_row);
  Exec("INSERT INTO pending_maintenance (task) VALUES ('integrity_baseline')");
  auto written = credits::WritePendingIntegrityBaseline(b_->app->db(), *b_->clock);
  ASSERT_TRUE(written.ok()) << written.status().Message("en");
  EXPECT_EQ(*written, ProtectedRows());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'integrity.baseline'") - before, ProtectedRows());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pending_maintenance WHERE task = 'integrity_baseline'"), 0);
  EXPECT_TRUE(Verify().intact()) << Describe(Verify());
  auto again = credits::WritePendingIntegrityBaseline(b_->app->db(), *b_->clock);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);  // once
}

INSTANTIATE_TEST_SUITE_P(Db, Integrity, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace jj::testing
