// The teacher roster import over HTTP: template, upload → job → report,
// all-or-nothing, dry run, upsert preview, good rows only, accounts with
// one-time initial passwords, encodings and formats, scope.
#include <gtest/gtest.h>
#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "app/demo_seed.h"
#include "harness.h"
#include "infra/io/sheet.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

const std::string kHeader = "姓名,身份证号,学校代码,学段,学科,职称,岗位,入职日期,手机号,在职状态";

std::string Row(const std::string& name, const std::string& id, const std::string& school,
                const std::string& extra = "小学,语文,二级教师,教师,2020-09-01,13900000000,在职") {
  return name + "," + id + "," + school + "," + extra + "\r\n";
}

// Reads a spreadsheet (CSV or xlsx bytes) into rows of cells, header first.
std::vector<std::vector<std::string>> ReadAll(const std::string& bytes) {
  std::vector<std::vector<std::string>> rows;
  auto add = [&](int64_t, const std::vector<std::string_view>& cells) {
    rows.emplace_back(cells.begin(), cells.end());
    return Status::Ok();
  };
  Status st = io::ReadSheet(bytes, add, add);
  EXPECT_TRUE(st.ok()) << st.Message("en");
  return rows;
}

class Import : public Api {
 protected:
  // Uploads and waits for the job; returns the finished job.
  Json Upload(Client& c, const std::string& bytes, const std::string& query) {
    Reply r = c.Send("POST", "/api/v1/teachers/import?" + query, bytes, "application/octet-stream");
    EXPECT_EQ(r.status, 202) << r.raw;
    if (r.status != 202) return Json();
    Reply done = WaitJob(c, r.body["id"].get<int64_t>());
    EXPECT_EQ(done.status, 200) << done.raw;
    return done.body;
  }

  std::string File(Client& c, const Json& job, const std::string& role, int* status = nullptr) {
    for (const auto& f : job["files"]) {
      if (f["role"] != role) continue;
      Reply r = c.Get("/api/v1/jobs/" + std::to_string(job["id"].get<int64_t>()) + "/files/" +
                      std::to_string(f["id"].get<int64_t>()));
      if (status) *status = r.status;
      return r.raw;
    }
    if (status) *status = 0;
    return {};
  }

  // A fresh birth date per test and backend, so ID numbers never collide.
  std::string Birth(int n) {
    return (GetParam() == "sqlite" ? "1985" : "1986") + std::string("01") + (n < 10 ? "0" : "") + std::to_string(n);
  }
};

TEST_P(Import, TemplatesDownloadWithTheColumns) {
  Client a = As("school_admin");
  Reply csv = a.Get("/api/v1/teachers/import/template?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.disposition.find("attachment"), std::string::npos);
  auto rows = ReadAll(csv.raw);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "姓名*");
  EXPECT_EQ(rows[0][1], "身份证号*");
  Reply xlsx = a.Get("/api/v1/teachers/import/template?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.raw.substr(0, 2), "PK");
  auto xrows = ReadAll(xlsx.raw);
  ASSERT_GE(xrows.size(), 2u);
  EXPECT_EQ(xrows[0], rows[0]);
  EXPECT_EQ(a.Get("/api/v1/teachers/import/template?format=pdf").status, 400);
  EXPECT_EQ(As("teacher").Get("/api/v1/teachers/import/template").status, 403);
}

// The template's own sample row passes the import: as a dry run in both
// formats, then written.
TEST_P(Import, TheTemplateAsDownloadedImports) {
  Client a = As("school_admin");
  Reply csv = a.Get("/api/v1/teachers/import/template?format=csv");
  Reply xlsx = a.Get("/api/v1/teachers/import/template?format=xlsx");
  ASSERT_EQ(csv.status, 200);
  ASSERT_EQ(xlsx.status, 200);
  for (const std::string* file : {&csv.raw, &xlsx.raw}) {
    Json dry = Upload(a, *file, "mode=dry-run");
    ASSERT_EQ(dry["state"], "succeeded") << dry.dump();
    EXPECT_EQ(dry["result"]["rows"], 1);
    EXPECT_EQ(dry["result"]["invalid"], 0) << dry["result"]["problems"].dump();
    EXPECT_EQ(dry["result"]["valid"], 1);
    EXPECT_TRUE(dry["result"]["unknown_columns"].empty()) << dry.dump();
  }
  const int64_t before = TeacherCount();
  Json job = Upload(a, xlsx.raw, "mode=insert");
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  EXPECT_EQ(job["result"]["inserted"], 1);
  EXPECT_EQ(TeacherCount(), before + 1);
  const std::string id = ReadAll(xlsx.raw)[1][1];
  Reply listed = a.Get("/api/v1/teachers?q=" + id);
  ASSERT_EQ(listed.body["total"], 1) << listed.raw;
  EXPECT_EQ(listed.body["items"][0]["name"], "张三");
}

TEST_P(Import, BadRowsAreAllReportedNothingIsWrittenThenTheFixedFileImports) {
  Client a = As("school_admin");
  const std::string good1 = MakeIdNumber("441821", Birth(1), 31);
  const std::string good2 = MakeIdNumber("441821", Birth(1), 32);
  std::string bad_digit = MakeIdNumber("441821", Birth(1), 33);
  bad_digit[17] = bad_digit[17] == '1' ? '2' : '1';
  const std::string other_school = MakeIdNumber("441821", Birth(1), 35);
  std::string file = kHeader + "\r\n" + Row("李一", good1, demo::kSchoolACode) +
                     Row("李二", bad_digit, demo::kSchoolACode) + Row("李三", other_school, demo::kSchoolBCode) +
                     Row("李四", good2, demo::kSchoolACode);
  int64_t before = TeacherCount();
  Json job = Upload(a, file, "mode=insert");
  ASSERT_EQ(job["state"], "succeeded") << job.dump();
  const Json& res = job["result"];
  EXPECT_FALSE(res["written"].get<bool>());
  EXPECT_EQ(res["rows"], 4);
  EXPECT_EQ(res["invalid"], 2);
  ASSERT_EQ(res["problems"].size(), 2u) << res.dump();
  EXPECT_EQ(res["problems"][0]["row"], 3);
  EXPECT_EQ(res["problems"][0]["column"], "身份证号");
  EXPECT_EQ(res["problems"][0]["value"], bad_digit);
  EXPECT_NE(res["problems"][0]["message"].get<std::string>().find("校验位"), std::string::npos);
  EXPECT_EQ(res["problems"][1]["row"], 4);
  EXPECT_EQ(res["problems"][1]["column"], "学校代码");
  EXPECT_EQ(TeacherCount(), before);
  // The error report: the two bad rows, their bad cells named.
  int status = 0;
  auto report = ReadAll(File(a, job, "error_report", &status));
  ASSERT_EQ(status, 200);
  ASSERT_EQ(report.size(), 3u);
  EXPECT_EQ(report[0].front(), "行号");
  EXPECT_EQ(report[1][0], "3");
  EXPECT_NE(report[1].back().find("身份证号"), std::string::npos);

  // Fixed: the bad rows corrected (the other school's teacher dropped).
  std::string fixed = kHeader + "\r\n" + Row("李一", good1, demo::kSchoolACode) +
                      Row("李二", MakeIdNumber("441821", Birth(1), 34), demo::kSchoolACode) +
                      Row("李四", good2, demo::kSchoolACode);
  job = Upload(a, fixed, "mode=insert");
  ASSERT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  EXPECT_EQ(job["result"]["inserted"], 3);
  EXPECT_EQ(job["result"]["accounts"], 3);
  EXPECT_EQ(TeacherCount(), before + 3);
  Reply listed = a.Get("/api/v1/teachers?q=%E6%9D%8E%E4%B8%80");  // 李一
  ASSERT_EQ(listed.status, 200);
  EXPECT_GE(listed.body["total"].get<int64_t>(), 1);

  // Initial passwords: downloadable once; they log in and must be changed.
  auto passwords = ReadAll(File(a, job, "initial_passwords", &status));
  ASSERT_EQ(status, 200);
  ASSERT_EQ(passwords.size(), 4u);
  File(a, job, "initial_passwords", &status);
  EXPECT_EQ(status, 404) << "the list must be gone after the first download";
  Reply again = a.Get("/api/v1/jobs/" + std::to_string(job["id"].get<int64_t>()));
  for (const auto& f : again.body["files"]) EXPECT_NE(f["role"], "initial_passwords");
  std::string username, password;
  for (const auto& row : passwords)
    if (row[1] == good1) username = row[1], password = row[3];
  ASSERT_FALSE(password.empty());
  Client t(b_->port);
  Reply login = t.Login(username, password);
  ASSERT_EQ(login.status, 200) << login.raw;
  EXPECT_TRUE(login.body["user"]["must_change_password"].get<bool>());
  EXPECT_EQ(t.Get("/api/v1/teachers?page=1").status, 403);
  EXPECT_EQ(t.Post("/api/v1/auth/password", {{"old_password", password}, {"new_password", "Changed2026"}}).status, 204);
  Client t2(b_->port);
  EXPECT_EQ(t2.Login(username, password).status, 401);
  EXPECT_EQ(t2.Login(username, "Changed2026").status, 200);

  // The same file again: every row is now a duplicate of the registry.
  job = Upload(a, fixed, "mode=insert");
  EXPECT_FALSE(job["result"]["written"].get<bool>());
  EXPECT_EQ(job["result"]["invalid"], 3);
  EXPECT_NE(job["result"]["problems"][0]["message"].get<std::string>().find("李一"), std::string::npos);
}

// A dry run (or any import) whose rows hold numbers registered outside the
// importer's scope learns nothing about their holders: not the surname, not
// the school. Inside the scope the holder is named.
TEST_P(Import, DuplicatesOutsideTheScopeNameNobodyEvenInADryRun) {
  Client b = As("school_admin_b");
  const std::string id = MakeIdNumber("441821", Birth(9), 71);
  Json made = Upload(b, kHeader + "\r\n" + Row("欧阳明", id, demo::kSchoolBCode), "mode=insert");
  ASSERT_TRUE(made["result"]["written"].get<bool>()) << made.dump();
  Reply listed = b.Get("/api/v1/teachers?q=" + id);
  ASSERT_EQ(listed.body["total"], 1);
  const std::string school_b = listed.body["items"][0]["org_name"];

  Client a = As("school_admin");
  const std::string file = kHeader + "\r\n" + Row("李某", id, demo::kSchoolACode);
  for (const char* mode : {"mode=dry-run", "mode=insert", "mode=upsert"}) {
    Json job = Upload(a, file, mode);
    ASSERT_EQ(job["state"], "succeeded") << job.dump();
    const Json& res = job["result"];
    EXPECT_FALSE(res["written"].get<bool>()) << mode;
    ASSERT_EQ(res["problems"].size(), 1u) << res.dump();
    EXPECT_EQ(res["problems"][0]["column"], "身份证号");
    EXPECT_EQ(res["problems"][0]["message"], "该身份证号已在其他单位登记") << mode;
    const std::string text = job.dump();
    EXPECT_EQ(text.find("欧"), std::string::npos) << text;
    EXPECT_EQ(text.find(school_b), std::string::npos) << text;
    auto report = ReadAll(File(a, job, "error_report"));
    ASSERT_EQ(report.size(), 2u);
    EXPECT_EQ(report[1].back().find("欧"), std::string::npos);
  }
  // The county sees the holder named.
  Client bureau = As("bureau_admin");
  Json job = Upload(bureau, file, "mode=dry-run");
  ASSERT_EQ(job["result"]["problems"].size(), 1u) << job.dump();
  EXPECT_NE(job["result"]["problems"][0]["message"].get<std::string>().find("欧阳明"), std::string::npos);
}

TEST_P(Import, DryRunWritesNothingAndUpsertPreviewsThenApplies) {
  Client a = As("school_admin");
  const std::string id = MakeIdNumber("441821", Birth(2), 41);
  std::string file = kHeader + "\r\n" + Row("王五", id, demo::kSchoolACode);
  int64_t before = TeacherCount();
  Json dry = Upload(a, file, "mode=dry-run");
  EXPECT_EQ(dry["result"]["inserted"], 1);
  EXPECT_FALSE(dry["result"]["written"].get<bool>());
  EXPECT_EQ(TeacherCount(), before);
  Json ins = Upload(a, file, "mode=insert");
  ASSERT_TRUE(ins["result"]["written"].get<bool>()) << ins.dump();

  // Upsert: the phone and title change; the preview lists exactly those.
  std::string changed =
      kHeader + "\r\n" + Row("王五", id, demo::kSchoolACode, "小学,语文,一级教师,教师,2020-09-01,13911112222,在职");
  Json preview = Upload(a, changed, "mode=dry-run");
  Json upsert = Upload(a, changed, "mode=upsert&good_rows_only=0");
  ASSERT_TRUE(upsert["result"]["written"].get<bool>()) << upsert.dump();
  EXPECT_EQ(upsert["result"]["updated"], 1);
  std::set<std::string> fields;
  for (const auto& c : upsert["result"]["changes"]) fields.insert(c["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"phone", "title"}));
  // In insert mode the same row is a duplicate: dry run reports it.
  EXPECT_EQ(preview["result"]["invalid"], 1);
  Reply list = a.Get("/api/v1/teachers?q=" + id);
  ASSERT_EQ(list.body["total"], 1);
  Reply detail = a.Get("/api/v1/teachers/" + std::to_string(list.body["items"][0]["id"].get<int64_t>()));
  EXPECT_EQ(detail.body["phone"], "13911112222");
  EXPECT_EQ(detail.body["title"], "一级教师");
  // Unchanged on a second upsert.
  Json again = Upload(a, changed, "mode=upsert");
  EXPECT_EQ(again["result"]["unchanged"], 1);
  EXPECT_EQ(again["result"]["updated"], 0);
}

TEST_P(Import, GoodRowsOnlyWritesTheValidRows) {
  Client a = As("school_admin");
  const std::string good = MakeIdNumber("441821", Birth(3), 51);
  std::string file = kHeader + "\r\n" + Row("赵六", good, demo::kSchoolACode) +
                     Row("", MakeIdNumber("441821", Birth(3), 53), demo::kSchoolACode);
  int64_t before = TeacherCount();
  Json job = Upload(a, file, "mode=insert&good_rows_only=1");
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  EXPECT_EQ(job["result"]["inserted"], 1);
  EXPECT_EQ(job["result"]["invalid"], 1);
  EXPECT_EQ(job["result"]["problems"][0]["column"], "姓名");
  EXPECT_EQ(TeacherCount(), before + 1);
}

TEST_P(Import, AnIdNumberTwiceInTheFileNamesItsFirstRow) {
  Client a = As("school_admin");
  std::string file = kHeader + "\r\n";
  for (int i = 0; i < 40; ++i)
    file += Row("孙" + std::to_string(i), MakeIdNumber("441821", Birth(7), 100 + i), demo::kSchoolACode);
  file += Row("周一", MakeIdNumber("441821", Birth(7), 100), demo::kSchoolACode);       // as row 2
  file += Row("周二", MakeIdNumber("441821", Birth(7), 128), demo::kSchoolACode);       // as row 30
  file += Row("周三", MakeIdNumber("441821", Birth(7), 100 + 40), demo::kSchoolACode);  // new
  Json job = Upload(a, file, "mode=dry-run");
  const Json& res = job["result"];
  EXPECT_EQ(res["rows"], 43);
  EXPECT_EQ(res["valid"], 41);
  ASSERT_EQ(res["problems"].size(), 2u) << res.dump();
  EXPECT_EQ(res["problems"][0]["row"], 42);
  EXPECT_EQ(res["problems"][0]["column"], "身份证号");
  EXPECT_EQ(res["problems"][0]["message"], "与第 2 行的身份证号重复");
  EXPECT_EQ(res["problems"][1]["row"], 43);
  EXPECT_EQ(res["problems"][1]["message"], "与第 30 行的身份证号重复");
}

TEST_P(Import, AnIdNumberThatIsAlreadyAUsernameGetsNoSecondAccount) {
  // An account (here an administrator's) whose username is a new teacher's
  // ID number: the teacher is written, the account stays as it was, and no
  // initial password is handed out for it.
  Client sys = As("sysadmin");
  const std::string held = MakeIdNumber("441821", Birth(6), 71);
  const std::string fresh = MakeIdNumber("441821", Birth(6), 72);
  Reply made = sys.Post("/api/v1/accounts", {{"username", held},
                                             {"display_name", "管理员甲"},
                                             {"role", "school_admin"},
                                             {"org_id", OrgId(demo::kSchoolACode)}});
  ASSERT_EQ(made.status, 201) << made.raw;
  Client a = As("school_admin");
  std::string file = kHeader + "\r\n" + Row("钱七", held, demo::kSchoolACode) + Row("钱八", fresh, demo::kSchoolACode);
  Json job = Upload(a, file, "mode=insert");
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  EXPECT_EQ(job["result"]["inserted"], 2);
  EXPECT_EQ(job["result"]["accounts"], 1);
  int status = 0;
  auto passwords = ReadAll(File(a, job, "initial_passwords", &status));
  ASSERT_EQ(status, 200);
  ASSERT_EQ(passwords.size(), 2u);
  EXPECT_EQ(passwords[1][0], "钱八");
  EXPECT_EQ(passwords[1][1], fresh);
  Client t(b_->port);
  EXPECT_EQ(t.Login(fresh, passwords[1][3]).status, 200);
  Reply listed = sys.Get("/api/v1/accounts?q=" + held);
  ASSERT_EQ(listed.status, 200) << listed.raw;
  ASSERT_EQ(listed.body["total"], 1) << listed.raw;
  EXPECT_EQ(listed.body["items"][0]["role"], "school_admin");
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

TEST_P(Import, GbkCsvAndXlsxFilesAndColumnsInAnyOrder) {
  Client a = As("school_admin");
  const std::string id1 = MakeIdNumber("441821", Birth(4), 61);
  const std::string id2 = MakeIdNumber("441821", Birth(4), 62);
  // Columns in another order, by school name, with an unknown column.
  std::string csv = std::string("学校名称,备注,身份证号,姓名\r\n石角镇中心小学,无,") + id1 + ",孙七\r\n";
  Json job = Upload(a, ToGbk(csv), "mode=insert");
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  EXPECT_EQ(job["result"]["unknown_columns"], Json::array({"备注"}));

  auto path = std::filesystem::temp_directory_path() / ("jj_import_" + GetParam() + ".xlsx");
  {
    auto w = io::XlsxWriter::Create(path.string());
    ASSERT_TRUE(w.ok());
    (*w)->AddSheet(
        "名册",
        {{"身份证号", 22, {}, true}, {"姓名", 10, {}, true}, {"学校代码", 14, {}, true}, {"入职日期", 12, {}, true}});
    (*w)->AppendRow({id2, "周八", demo::kSchoolACode, "2019/9/1"});
    ASSERT_TRUE((*w)->Close().ok());
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  job = Upload(a, bytes, "mode=insert");
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  Reply list = a.Get("/api/v1/teachers?q=" + id2);
  ASSERT_EQ(list.body["total"], 1);
  EXPECT_EQ(list.body["items"][0]["hire_date"], "2019-09-01");

  // Not a spreadsheet at all: the job fails with a clear message.
  Json bad = Upload(a, std::string("\xff\xfe\x00\x01garbage\x80\x81", 13), "mode=insert");
  EXPECT_EQ(bad["state"], "failed");
  EXPECT_FALSE(bad["error"]["message"].get<std::string>().empty());
  // A file without the required columns.
  bad = Upload(a, "姓名,学校代码\r\n张三,1\r\n", "mode=insert");
  EXPECT_EQ(bad["state"], "failed");
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("身份证号"), std::string::npos);
}

TEST_P(Import, ScopeAndOwnership) {
  Client a = As("school_admin");
  Client b = As("school_admin_b");
  std::string file = kHeader + "\r\n" + Row("吴九", MakeIdNumber("441821", Birth(5), 71), demo::kSchoolACode);
  Json job = Upload(a, file, "mode=dry-run");
  int64_t id = job["id"].get<int64_t>();
  EXPECT_EQ(b.Get("/api/v1/jobs/" + std::to_string(id)).status, 404);
  EXPECT_EQ(b.Post("/api/v1/jobs/" + std::to_string(id) + "/cancel", Json::object()).status, 404);
  // School B's admin cannot import into school A.
  Json other = Upload(b, file, "mode=insert");
  EXPECT_FALSE(other["result"]["written"].get<bool>());
  EXPECT_EQ(other["result"]["problems"][0]["column"], "学校代码");
  Client t = As("teacher");
  EXPECT_EQ(t.Send("POST", "/api/v1/teachers/import?mode=insert", file, "text/csv").status, 403);
  EXPECT_EQ(a.Send("POST", "/api/v1/teachers/import?mode=everything", file, "text/csv").status, 400);
  EXPECT_EQ(a.Send("POST", "/api/v1/teachers/import?mode=insert", file, "text/csv", false).status, 403);
  // Without a session the large-upload limit does not apply: 413 before anything is read.
  Client anonymous(b_->port);
  EXPECT_EQ(
      anonymous.Send("POST", "/api/v1/teachers/import", std::string(3 * 1024 * 1024, 'a'), "text/csv", false).status,
      413);
  // Uploads are streamed to disk, not held in memory: the accepted one is the
  // job's own file (which the job deletes when done); refused ones leave
  // nothing behind.
  std::string params;
  (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
    db::Row r;
    if (tx.QueryOne("SELECT params_json FROM jobs WHERE id = :id", {id}, r)) params = r.Str(0);
    return Status::Ok();
  });
  EXPECT_NE(params.find(b_->app->jobs().uploads_dir() + "/incoming-"), std::string::npos) << params;
  std::vector<std::string> left;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(b_->app->jobs().uploads_dir(), ec))
    if (e.path().filename().string().rfind("incoming-", 0) == 0) left.push_back(e.path().string());
  EXPECT_TRUE(left.empty()) << left.front();
}

TEST_P(Import, ExportFollowsScopeFiltersAndMasksUnlessAskedForPii) {
  Client a = As("school_admin");
  Reply list = a.Get("/api/v1/teachers?page_size=1&stage=%E5%B0%8F%E5%AD%A6");  // 小学
  ASSERT_EQ(list.status, 200);
  const int64_t total = list.body["total"].get<int64_t>();
  ASSERT_GT(total, 0);
  auto run = [&](Client& c, const std::string& query) {
    Reply r = c.Send("POST", "/api/v1/teachers/export?" + query, "", "application/json");
    EXPECT_EQ(r.status, 202) << r.raw;
    Reply done = WaitJob(c, r.body.value("id", int64_t{0}));
    EXPECT_EQ(done.body["state"], "succeeded") << done.raw;
    return done.body;
  };
  Json job = run(a, "format=csv&stage=%E5%B0%8F%E5%AD%A6");
  EXPECT_EQ(job["result"]["rows"], total);
  auto rows = ReadAll(File(a, job, "export"));
  ASSERT_EQ(static_cast<int64_t>(rows.size()), total + 1);
  EXPECT_EQ(rows[0][1], "身份证号");
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_NE(rows[i][1].find('*'), std::string::npos) << rows[i][1];
    EXPECT_EQ(rows[i][8], "小学");
    EXPECT_EQ(rows[i][6], demo::kSchoolACode);
  }
  Json full = run(a, "format=xlsx&stage=%E5%B0%8F%E5%AD%A6&pii=1");
  auto xrows = ReadAll(File(a, full, "export"));
  ASSERT_EQ(xrows.size(), rows.size());
  EXPECT_EQ(xrows[1][1].size(), 18u);
  EXPECT_EQ(xrows[1][1].find('*'), std::string::npos);
  int64_t audited = 0;
  (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
    db::Row r;
    tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'teacher.export_pii'", {}, r);
    audited = r.Int(0);
    return Status::Ok();
  });
  EXPECT_GE(audited, 1);
  EXPECT_EQ(a.Send("POST", "/api/v1/teachers/export?format=pdf", "", "application/json").status, 400);
  EXPECT_EQ(a.Send("POST", "/api/v1/teachers/export?org_id=" + std::to_string(OrgId(demo::kSchoolBCode)), "",
                   "application/json")
                .status,
            404);  // outside the admin's scope: refused before any job starts
  Client t = As("teacher");
  EXPECT_EQ(t.Send("POST", "/api/v1/teachers/export", "", "application/json").status, 403);
}

TEST_P(Import, OrgTreeImportAcceptsParentsAfterChildrenAndChecksEveryRow) {
  Client bureau = As("bureau_admin");
  const std::string p = GetParam() == "sqlite" ? "8" : "9";  // codes unique per backend
  const std::string town = "44182119" + p + "900", school = "44182119" + p + "001";
  std::string file = "代码,名称,类型,上级代码,学段,城乡\r\n" + school + ",新村小学" + p + ",学校," + town +
                     ",小学,农村\r\n" + town + ",新镇中心学校" + p + ",乡镇中心校,441821,,农村\r\n" + "44182119" + p +
                     "002,坏类型,大学," + town + ",,\r\n";
  auto upload = [&](Client& c, const std::string& query) {
    Reply r = c.Send("POST", "/api/v1/orgs/import?" + query, file, "text/csv");
    EXPECT_EQ(r.status, 202) << r.raw;
    return WaitJob(c, r.body.value("id", int64_t{0})).body;
  };
  Json job = upload(bureau, "mode=insert");
  ASSERT_EQ(job["state"], "succeeded") << job.dump();
  EXPECT_FALSE(job["result"]["written"].get<bool>());
  ASSERT_EQ(job["result"]["problems"].size(), 1u);
  EXPECT_EQ(job["result"]["problems"][0]["row"], 4);
  EXPECT_EQ(job["result"]["problems"][0]["column"], "类型");
  job = upload(bureau, "mode=insert&good_rows_only=1");
  ASSERT_TRUE(job["result"]["written"].get<bool>()) << job.dump();
  EXPECT_EQ(job["result"]["inserted"], 2);
  int64_t school_id = OrgId(school), town_id = OrgId(town);
  Reply got = bureau.Get("/api/v1/orgs/" + std::to_string(school_id));
  ASSERT_EQ(got.status, 200) << got.raw;
  EXPECT_EQ(got.body["parent_id"], town_id);
  EXPECT_EQ(got.body["rural"], true);
  // Only the tree's editors may import it.
  Client a = As("school_admin");
  EXPECT_EQ(a.Send("POST", "/api/v1/orgs/import?mode=insert", file, "text/csv").status, 403);
}

TEST_P(Import, RecoveryFailsOnlyJobsWhoseOwnerIsGone) {
  auto& db = b_->app->db();
  const bool pg = GetParam() == "postgres";
  int64_t alive = 0, dead = 0;
  const int64_t now = b_->clock->NowSeconds();
  ASSERT_TRUE(db.Transact([&](db::Tx& tx) -> Status {
                  // On SQLite the owner is a process id (1 is always alive); on PostgreSQL a heartbeat.
                  alive = tx.InsertReturningId(
                      "INSERT INTO jobs (kind, state, worker, created_at, heartbeat_at) VALUES ('x', 'running', :w, "
                      ":c, :h)",
                      {std::string("1-alive"), now, now});
                  dead = tx.InsertReturningId(
                      "INSERT INTO jobs (kind, state, worker, created_at, heartbeat_at) VALUES ('x', 'running', :w, "
                      ":c, :h)",
                      {std::string("2147483646-gone"), now, pg ? now - 3600 : now});
                  return Status::Ok();
                }).ok());
  auto recovered = b_->app->jobs().RecoverInterrupted();
  ASSERT_TRUE(recovered.ok());
  EXPECT_EQ(b_->app->jobs().Get(dead)->state, "failed");
  EXPECT_EQ(b_->app->jobs().Get(alive)->state, "running");
  ASSERT_TRUE(db.Transact([&](db::Tx& tx) -> Status {
                  tx.Exec("DELETE FROM jobs WHERE id IN (:a, :d)", {alive, dead});
                  return Status::Ok();
                }).ok());
}

INSTANTIATE_TEST_SUITE_P(Db, Import, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
