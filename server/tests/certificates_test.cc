// Certificates over HTTP on both databases: issue → public verification
// (valid), a newly approved record makes it outdated, a re-issue supersedes
// it, revocation, scope (another school's admin sees nothing), the public
// routes need no login, the PDF download, and the batch job whose combined
// PDF has at least one page per teacher.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness.h"
#include "infra/audit_log/audit_log.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

namespace fs = std::filesystem;

class Certificates : public Api {
 protected:
  int64_t TeacherId(Client& teacher) {
    return teacher.Get("/api/v1/auth/me").body["user"]["teacher_id"].get<int64_t>();
  }
  // Years of their own per test and backend, away from the credits tests.
  int YearFor(int n) { return (GetParam() == "sqlite" ? 2041 : 2061) + 4 * n; }

  // A record declared by the bureau admin (approved at once).
  void Approve(Client& bureau, int64_t teacher, const std::string& date, const std::string& project, double hours) {
    Reply r = bureau.Post("/api/v1/credits/records", {{"teacher_id", teacher},
                                                      {"date", date},
                                                      {"project_name", project},
                                                      {"level", "区县级"},
                                                      {"form", "集中培训"},
                                                      {"dimension", "学科教学"},
                                                      {"hours", hours},
                                                      {"grade", "优秀"}});
    ASSERT_EQ(r.status, 201) << r.raw;
    ASSERT_EQ(r.body["state"], "approved");
  }
  Reply Issue(Client& c, const Json& body) { return c.Post("/api/v1/certificates", body); }
  // The public client: never logged in.
  Client Anonymous() { return Client(b_->port); }
  std::string VerifyStatus(const std::string& code) {
    Client anon = Anonymous();
    Reply r = anon.Get("/api/v1/verify/" + code);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body.value("status", "");
  }
  static int PdfPages(const std::string& bytes) {
    const fs::path p = fs::temp_directory_path() / ("jj_cert_api_" + std::to_string(getpid()) + ".pdf");
    {
      std::ofstream f(p, std::ios::binary);
      f << bytes;
    }
    std::string out;
    if (FILE* pipe = popen(("pdfinfo '" + p.string() + "' 2>/dev/null").c_str(), "r")) {
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
      pclose(pipe);
    }
    fs::remove(p);
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
    return -1;
  }
};

// The base URL is a setting: without it nothing is issued or printed (a QR
// code pointing nowhere cannot be verified); the demo database defaults it
// to the listening address; the UI reads it from GET /api/v1/settings.
TEST_P(Certificates, TheBaseUrlIsASettingShownToTheUiAndRequiredToIssue) {
  Client school = As("school_admin");
  Client bureau = As("bureau_admin");
  Client t = As("teacher");
  const int64_t me = TeacherId(t);
  const int y = YearFor(5);
  Approve(bureau, me, std::to_string(y) + "-05-10", "基地校跟岗研修", 10);

  // The harness seeded the demo: the address listened on, said so.
  const std::string listened = "http://127.0.0.1:" + std::to_string(b_->port);
  Reply settings = school.Get("/api/v1/settings");
  ASSERT_EQ(settings.status, 200) << settings.raw;
  EXPECT_EQ(settings.body["base_url"], listened);
  EXPECT_EQ(settings.body["base_url_source"], "demo");
  EXPECT_TRUE(b_->app->IsDemoDatabase());
  EXPECT_EQ(Anonymous().Get("/api/v1/settings").status, 401);
  Reply issued = Issue(school, {{"teacher_id", me}, {"first_year", y}, {"last_year", y}});
  ASSERT_EQ(issued.status, 201) << issued.raw;
  const int64_t cert_id = issued.body["id"];
  const std::string pdf_path = "/api/v1/certificates/" + std::to_string(cert_id) + "/pdf";
  auto count = [&] {
    int64_t n = 0;
    (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
      db::Row r;
      tx.QueryOne("SELECT COUNT(*) FROM certificates", {}, r);
      n = r.Int(0);
      return Status::Ok();
    });
    return n;
  };

  {
    // As a server started without --base-url on a real office's database.
    ScopedBaseUrl none(*b_->app, "", http::BaseUrl::Source::kMissing);
    settings = school.Get("/api/v1/settings");
    EXPECT_TRUE(settings.body["base_url"].is_null()) << settings.raw;
    EXPECT_EQ(settings.body["base_url_source"], "missing");
    const int64_t before = count();
    Reply refused = Issue(school, {{"teacher_id", me}, {"first_year", y}, {"last_year", y}});
    EXPECT_EQ(refused.status, 422) << refused.raw;
    EXPECT_NE(refused.Message().find("JIJIAO_BASE_URL"), std::string::npos) << refused.Message();
    EXPECT_NE(refused.Message().find("对外访问地址"), std::string::npos) << refused.Message();
    Client en = As("school_admin");
    en.set_lang("en");
    EXPECT_NE(en.Post("/api/v1/certificates", {{"teacher_id", me}, {"first_year", y}, {"last_year", y}})
                  .Message()
                  .find("public address"),
              std::string::npos);
    EXPECT_EQ(count(), before);
    Reply batch = bureau.Post("/api/v1/certificates/batch",
                              {{"org_id", OrgId(demo::kSchoolACode)}, {"first_year", y}, {"last_year", y}});
    EXPECT_EQ(batch.status, 422) << batch.raw;
    EXPECT_EQ(school.Get(pdf_path).status, 422);
    Reply got = school.Get("/api/v1/certificates/" + std::to_string(cert_id));
    ASSERT_EQ(got.status, 200);
    EXPECT_TRUE(got.body["verify_url"].is_null()) << got.raw;
    EXPECT_EQ(count(), before);
  }
  {
    // Configured: the QR code and the printed link use it.
    ScopedBaseUrl set(*b_->app, "https://jj.example.cn/", http::BaseUrl::Source::kSetting);
    settings = school.Get("/api/v1/settings");
    EXPECT_EQ(settings.body["base_url"], "https://jj.example.cn");
    EXPECT_EQ(settings.body["base_url_source"], "setting");
    Reply got = school.Get("/api/v1/certificates/" + std::to_string(cert_id));
    EXPECT_EQ(got.body["verify_url"], "https://jj.example.cn/verify/" + got.body["code"].get<std::string>());
    Reply pdf = school.Get(pdf_path);
    ASSERT_EQ(pdf.status, 200);
    const fs::path p = fs::temp_directory_path() / ("jj_cert_url_" + std::to_string(getpid()) + ".pdf");
    {
      std::ofstream f(p, std::ios::binary);
      f << pdf.raw;
    }
    std::string text;
    if (FILE* pipe = popen(("pdftotext '" + p.string() + "' - 2>/dev/null").c_str(), "r")) {
      char buf[4096];
      size_t n;
      while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
      pclose(pipe);
    }
    fs::remove(p);
    EXPECT_NE(text.find("https://jj.example.cn/verify/"), std::string::npos) << text;
  }
  EXPECT_EQ(school.Get("/api/v1/settings").body["base_url"], listened);
}

// Only a database `jijiao demo` seeded gets the listening address: a new
// office's database has no base URL until it is configured.
TEST_P(Certificates, ANewDatabaseHasNoBaseUrlUntilConfigured) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "one fresh SQLite file is enough";
  const fs::path path = fs::temp_directory_path() / ("jj_fresh_" + std::to_string(getpid()) + ".db");
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path.string() + ext);
  app::AppOptions opts;
  opts.db_url = "sqlite:" + path.string();
  opts.files_dir = fs::temp_directory_path() / ("jj_fresh_files_" + std::to_string(getpid()));
  opts.web_root = "";
  FakeClock clock(b_->clock->NowSeconds());
  {
    auto fresh = app::App::Open(opts, clock);
    ASSERT_TRUE(fresh.ok());
    EXPECT_FALSE((*fresh)->IsDemoDatabase());
    EXPECT_EQ((*fresh)->ServeOn("127.0.0.1", 8080), "");
    EXPECT_EQ((*fresh)->base_url().source(), http::BaseUrl::Source::kMissing);
  }
  opts.base_url = "https://jj.example.cn";
  {
    auto configured = app::App::Open(opts, clock);
    ASSERT_TRUE(configured.ok());
    EXPECT_EQ((*configured)->ServeOn("0.0.0.0", 8080), "https://jj.example.cn");
    EXPECT_EQ((*configured)->base_url().source(), http::BaseUrl::Source::kSetting);
  }
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(path.string() + ext);
  fs::remove_all(opts.files_dir);
}

TEST_P(Certificates, IssueVerifyOutdatedReissueSupersedes) {
  Client t = As("teacher");
  Client school = As("school_admin");
  Client other = As("school_admin_b");
  Client bureau = As("bureau_admin");
  const int64_t me = TeacherId(t);
  const int y = YearFor(0);
  Approve(bureau, me, std::to_string(y) + "-04-10", "初中语文整本书阅读教学研修", 20);

  Reply issued = Issue(school, {{"teacher_id", me}, {"first_year", y}, {"last_year", y + 1}});
  ASSERT_EQ(issued.status, 201) << issued.raw;
  const Json cert = issued.body;
  EXPECT_TRUE(std::regex_match(cert["number"].get<std::string>(), std::regex("JJ-2026-[0-9]{6,}"))) << cert;
  const std::string code = cert["code"];
  EXPECT_TRUE(std::regex_match(code, std::regex("[A-Z2-7]{16}"))) << code;
  // A demo database: the links point to the address the server listens on.
  EXPECT_EQ(cert["verify_url"], "http://127.0.0.1:" + std::to_string(b_->port) + "/verify/" + code);
  EXPECT_TRUE(std::regex_match(cert["hash"].get<std::string>(), std::regex("[0-9a-f]{64}")));
  EXPECT_EQ(cert["issued_at"], b_->clock->NowSeconds());
  // The content: masked ID number, the school, the record with its credits (20 h × 1.2).
  const Json& content = cert["content"];
  const std::string id_masked = content["teacher"]["id_number"];
  EXPECT_TRUE(std::regex_match(id_masked, std::regex("[0-9]{4}\\*{10}[0-9X]{4}"))) << id_masked;
  ASSERT_EQ(content["years"].size(), 2u);
  ASSERT_EQ(content["years"][0]["records"].size(), 1u);
  EXPECT_EQ(content["years"][0]["records"][0]["credits"], "24.0");
  EXPECT_EQ(content["years"][0]["records"][0]["grade"], "优秀");
  EXPECT_EQ(content["years"][0]["total_credits"], "24.0");
  EXPECT_EQ(content["years"][0]["status"], "未达标");
  EXPECT_EQ(content["years"][1]["records"].size(), 0u);
  const std::string name = content["teacher"]["name"];

  // Public verification, no login: valid, with the name masked.
  Client anon = Anonymous();
  Reply v = anon.Get("/api/v1/verify/" + code);
  ASSERT_EQ(v.status, 200) << v.raw;
  EXPECT_EQ(v.body["status"], "valid");
  EXPECT_EQ(v.body["number"], cert["number"]);
  EXPECT_NE(v.body["teacher_name"], name);
  EXPECT_EQ(v.body["teacher_name"].get<std::string>().substr(0, 3), name.substr(0, 3));  // the surname stays
  EXPECT_EQ(v.body["school"], content["teacher"]["school"]);
  EXPECT_EQ(v.body["first_year"], y);
  EXPECT_EQ(v.body["last_year"], y + 1);
  std::string lower = code;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(VerifyStatus(lower), "valid");  // codes are read case-insensitively
  Reply page = anon.Get("/verify/" + code);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type.rfind("text/html", 0), 0u) << page.content_type;
  EXPECT_NE(page.raw.find("证书有效"), std::string::npos);
  EXPECT_NE(page.raw.find(cert["number"].get<std::string>()), std::string::npos);
  EXPECT_EQ(page.raw.find("<script"), std::string::npos);
  EXPECT_EQ(page.raw.find(name), std::string::npos);  // only the masked name is public

  // The PDF, for the admin; another school's admin sees nothing.
  const std::string id = std::to_string(cert["id"].get<int64_t>());
  Reply pdf = school.Get("/api/v1/certificates/" + id + "/pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.raw.substr(0, 200);
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.raw.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.disposition.find(".pdf"), std::string::npos);
  EXPECT_GE(PdfPages(pdf.raw), 1);
  EXPECT_EQ(other.Get("/api/v1/certificates/" + id + "/pdf").status, 404);
  EXPECT_EQ(other.Get("/api/v1/certificates/" + id).status, 404);
  EXPECT_EQ(Issue(other, {{"teacher_id", me}, {"first_year", y}, {"last_year", y + 1}}).status, 404);
  EXPECT_EQ(anon.Get("/api/v1/certificates/" + id + "/pdf").status, 401);

  // A newly approved record changes the content: the certificate is outdated.
  Approve(bureau, me, std::to_string(y + 1) + "-09-01", "班主任工作能力提升培训", 10);
  EXPECT_EQ(VerifyStatus(code), "outdated");
  page = anon.Get("/verify/" + code);
  EXPECT_NE(page.raw.find("证书内容已变更"), std::string::npos);

  // Re-issue: the new one is valid, the old one superseded (and shown as invalid).
  Reply again = Issue(school, {{"teacher_id", me}, {"first_year", y}, {"last_year", y + 1}});
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_NE(again.body["number"], cert["number"]);
  EXPECT_NE(again.body["hash"], cert["hash"]);
  EXPECT_EQ(again.body["content"]["years"][1]["records"].size(), 1u);
  EXPECT_EQ(VerifyStatus(again.body["code"]), "valid");
  EXPECT_EQ(VerifyStatus(code), "superseded");
  page = anon.Get("/verify/" + code);
  EXPECT_NE(page.raw.find("无效"), std::string::npos);
  EXPECT_EQ(page.raw.find("证书有效"), std::string::npos);

  // A teacher issues their own (teacher_id may be left out), not someone else's.
  Reply own = Issue(t, {{"first_year", y}, {"last_year", y + 1}});
  ASSERT_EQ(own.status, 201) << own.raw;
  EXPECT_EQ(own.body["teacher_id"], me);
  EXPECT_EQ(own.body["hash"], again.body["hash"]);  // same content, same hash
  EXPECT_EQ(VerifyStatus(again.body["code"]), "superseded");
  const int64_t someone_else = FirstTeacher(other, OrgId(demo::kSchoolBCode))["id"].get<int64_t>();
  EXPECT_EQ(Issue(t, {{"teacher_id", someone_else}, {"first_year", y}, {"last_year", y}}).status, 404);

  // Bad input and unknown codes.
  Reply bad = Issue(school, {{"teacher_id", me}, {"first_year", y}, {"last_year", y - 1}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Field(), "last_year");
  EXPECT_EQ(Issue(school, {{"teacher_id", me}, {"first_year", y}}).status, 400);
  EXPECT_EQ(anon.Get("/api/v1/verify/AAAAAAAAAAAAAAAA").status, 404);
  Reply none = anon.Get("/verify/AAAAAAAAAAAAAAAA");
  EXPECT_EQ(none.status, 404);
  EXPECT_NE(none.raw.find("无效"), std::string::npos);

  // Every issue is in the audit log's hash chain, and the chain holds.
  auto chain = audit_log::Verify(b_->app->db());
  ASSERT_TRUE(chain.ok());
  EXPECT_FALSE(chain->first_bad_id.has_value());
  int64_t issues = 0;
  (void)b_->app->db().Read([&](db::Tx& tx) -> Status {
    db::Row r;
    tx.QueryOne("SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.issue' AND object_id = :id",
                {cert["id"].get<int64_t>()}, r);
    issues = r.Int(0);
    return Status::Ok();
  });
  EXPECT_EQ(issues, 1);
}

TEST_P(Certificates, RevokedCertificateIsInvalid) {
  Client t = As("teacher");
  Client school = As("school_admin");
  Client other = As("school_admin_b");
  const int64_t me = TeacherId(t);
  const int y = YearFor(1);
  Reply issued = Issue(school, {{"teacher_id", me}, {"first_year", y}, {"last_year", y}});
  ASSERT_EQ(issued.status, 201) << issued.raw;
  const std::string path = "/api/v1/certificates/" + std::to_string(issued.body["id"].get<int64_t>()) + "/revoke";
  EXPECT_EQ(VerifyStatus(issued.body["code"]), "valid");
  EXPECT_EQ(school.Post(path, Json::object()).status, 400);
  EXPECT_EQ(other.Post(path, {{"reason", "信息有误"}}).status, 404);
  EXPECT_EQ(t.Post(path, {{"reason", "信息有误"}}).status, 403);
  EXPECT_EQ(VerifyStatus(issued.body["code"]), "valid");
  ASSERT_EQ(school.Post(path, {{"reason", "身份信息有误，重新办理"}}).status, 204);
  EXPECT_EQ(VerifyStatus(issued.body["code"]), "revoked");
  Client anon = Anonymous();
  Reply page = anon.Get("/verify/" + issued.body["code"].get<std::string>());
  EXPECT_NE(page.raw.find("无效"), std::string::npos);
  EXPECT_NE(page.raw.find("已被撤销"), std::string::npos);
}

TEST_P(Certificates, BatchJobWritesOnePdfWithEveryTeacher) {
  Client school = As("school_admin");
  Client other = As("school_admin_b");
  Client t = As("teacher");
  const int y = YearFor(2);
  const int64_t org = OrgId(demo::kSchoolACode);
  Reply active = school.Get("/api/v1/teachers?page_size=1&status=%E5%9C%A8%E8%81%8C&org_id=" + std::to_string(org));
  ASSERT_EQ(active.status, 200) << active.raw;
  const int64_t teachers = active.body["total"].get<int64_t>();
  ASSERT_GT(teachers, 10);

  const Json body = {{"org_id", org}, {"first_year", y}, {"last_year", y}};
  EXPECT_EQ(other.Post("/api/v1/certificates/batch", body).status, 404);
  EXPECT_EQ(t.Post("/api/v1/certificates/batch", body).status, 403);
  EXPECT_EQ(
      school.Post("/api/v1/certificates/batch", {{"org_id", org}, {"first_year", y}, {"last_year", y + 20}}).status,
      400);
  Reply started = school.Post("/api/v1/certificates/batch", body);
  ASSERT_EQ(started.status, 202) << started.raw;
  EXPECT_EQ(started.body["kind"], "certificate.batch");
  const int64_t job = started.body["id"].get<int64_t>();
  Reply done = WaitJob(school, job);
  ASSERT_EQ(done.body["state"], "succeeded") << done.raw;
  EXPECT_EQ(done.body["done"], teachers);
  EXPECT_EQ(done.body["total"], teachers);
  EXPECT_EQ(done.body["result"]["certificates"], teachers);
  ASSERT_EQ(done.body["files"].size(), 1u);
  const Json file = done.body["files"][0];
  Reply pdf = school.Get("/api/v1/jobs/" + std::to_string(job) + "/files/" + std::to_string(file["id"].get<int64_t>()));
  ASSERT_EQ(pdf.status, 200);
  ASSERT_EQ(pdf.raw.rfind("%PDF-", 0), 0u);
  const int pages = PdfPages(pdf.raw);
  EXPECT_GE(pages, teachers);
  EXPECT_EQ(pages, done.body["result"]["pages"].get<int>());
  // The teacher's own re-issue supersedes the batch's certificate and verifies.
  Reply mine = Issue(t, {{"first_year", y}, {"last_year", y}});
  ASSERT_EQ(mine.status, 201);
  EXPECT_EQ(VerifyStatus(mine.body["code"]), "valid");
}

INSTANTIATE_TEST_SUITE_P(Db, Certificates, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace jj::testing
