// Certificates without a database: masking, the canonical hash, codes, and
// the PDF rendered with realistic Chinese content, read back with poppler
// (pdftotext, pdfinfo) and rasterized to PNG (pdftoppm) under
// test-output/certificates/ for a human to look at.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "infra/auth/password.h"
#include "modules/certificates/certificates.h"
#include "modules/certificates/pdf.h"

namespace jj::certificates {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// Removes every whitespace character (pdftotext may split lines or add spaces).
std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '\f') out += c;
  return out;
}

Json Record(const std::string& date, const std::string& project, const std::string& level, const std::string& form,
            const std::string& dim, const std::string& hours, const std::string& credits, const std::string& grade) {
  return Json{{"date", date},     {"project", project}, {"level", level},     {"form", form},
              {"dimension", dim}, {"hours", hours},     {"credits", credits}, {"grade", grade}};
}

// A five-year cycle; `extra` more records in 2023 to force page breaks.
Certificate Sample(int extra) {
  Certificate c;
  c.id = 7;
  c.number = "JJ-2026-000007";
  c.code = "K7Q2M4XW9DPL3TZA";
  c.teacher_id = 42;
  c.first_year = 2021;
  c.last_year = 2025;
  c.issued_at = 1772337600;  // 2026-03-01 12:00 CST
  Json years = Json::array();
  for (int y = 2021; y <= 2025; ++y) {
    std::string ys = std::to_string(y);
    Json recs = Json::array();
    recs.push_back(Record(ys + "-03-12", "清远市初中语文骨干教师“整本书阅读”专题研修班", "市培", "集中培训", "学科教学",
                          "24.0", "28.8", "优秀"));
    recs.push_back(
        Record(ys + "-05-20", "师德师风专题网络研修", "区县级", "网络研修", "师德修养", "10.0", "7.0", "合格"));
    recs.push_back(Record(ys + "-09-08", "班主任工作坊：家校沟通与学生心理辅导", "校本", "校本研修", "学生管理", "12.0",
                          "12.0", "良好"));
    if (y == 2023)
      for (int i = 0; i < extra; ++i)
        recs.push_back(Record(ys + "-10-" + (i < 9 ? "0" : "") + std::to_string(i % 28 + 1),
                              "校本研修：同课异构第 " + std::to_string(i + 1) + " 次", "校本", "校本研修", "专业成长",
                              "2.0", "2.0", ""));
    Json yr = {{"year", y},
               {"records", recs},
               {"total_credits", y == 2024 ? "0.0" : "64.0"},
               {"status", y == 2024 ? "达标" : "达标"},
               {"exempt", y == 2024},
               {"stamped", y != 2025}};
    if (y == 2024) yr["exempt_reason"] = "骨干教师年度考核合格";
    years.push_back(yr);
  }
  c.content =
      Json{{"teacher", {{"name", "欧阳晓明"}, {"id_number", "4418**********123X"}, {"school", "示范县石角镇中心小学"}}},
           {"first_year", 2021},
           {"last_year", 2025},
           {"years", years},
           {"total_credits", "256.0"}};
  c.content_hash = HashHex(CanonicalContent(c.content));
  return c;
}

class CertificateTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(auth::InitCrypto()); }
};

TEST_F(CertificateTest, MasksIdNumbersAndNames) {
  EXPECT_EQ(MaskIdForCertificate("44182119850312123X"), "4418**********123X");
  EXPECT_EQ(MaskIdForCertificate("123"), "***");
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("李晓明"), "李*明");
  EXPECT_EQ(MaskName("欧阳晓明"), "欧**明");
  EXPECT_EQ(MaskName("王"), "王");
}

TEST_F(CertificateTest, HashIsBlake2bOfTheCanonicalText) {
  // BLAKE2b-256 of the empty string (RFC 7693 test vectors, libsodium's default length).
  EXPECT_EQ(HashHex(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  // Key order does not matter; any value does.
  Json a = Json::parse(R"({"b":"1.0","a":{"y":2,"x":"张"}})");
  Json b = Json::parse(R"({"a":{"x":"张","y":2},"b":"1.0"})");
  EXPECT_EQ(CanonicalContent(a), R"({"a":{"x":"张","y":2},"b":"1.0"})");
  EXPECT_EQ(HashHex(CanonicalContent(a)), HashHex(CanonicalContent(b)));
  b["b"] = "1.1";
  EXPECT_NE(HashHex(CanonicalContent(a)), HashHex(CanonicalContent(b)));
}

TEST_F(CertificateTest, CodesAreSixteenBase32CharactersAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string c = NewVerificationCode();
    ASSERT_EQ(c.size(), 16u);
    for (char ch : c) EXPECT_TRUE((ch >= 'A' && ch <= 'Z') || (ch >= '2' && ch <= '7')) << c;
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST_F(CertificateTest, CycleBounds) {
  EXPECT_TRUE(CheckCycle(2021, 2025).ok());
  EXPECT_TRUE(CheckCycle(2025, 2025).ok());
  EXPECT_EQ(CheckCycle(2025, 2021).field(), "last_year");
  EXPECT_EQ(CheckCycle(1999, 2001).field(), "first_year");
  EXPECT_EQ(CheckCycle(2000, 2010).field(), "last_year");  // 11 years
}

TEST_F(CertificateTest, VerifyUrlJoinsWithOneSlash) {
  EXPECT_EQ(VerifyUrl("http://127.0.0.1:8080/", "ABC"), "http://127.0.0.1:8080/verify/ABC");
  EXPECT_EQ(VerifyUrl("https://jj.example.cn", "ABC"), "https://jj.example.cn/verify/ABC");
}

TEST_F(CertificateTest, RendersAPdfWithTheTextAndKeepsAPng) {
  Certificate c = Sample(0);
  auto pdf = RenderPdf(c, "https://jijiao.example.cn");
  ASSERT_TRUE(pdf.ok()) << pdf.status().Message("en");
  ASSERT_EQ(pdf->rfind("%PDF-", 0), 0u);

  const fs::path out_dir = fs::path(JJ_SOURCE_DIR) / "test-output" / "certificates";
  fs::create_directories(out_dir);
  const fs::path file = out_dir / "certificate.pdf";
  {
    std::ofstream f(file, std::ios::binary);
    f << *pdf;
  }
  const std::string text = Squeeze(Shell("pdftotext -enc UTF-8 '" + file.string() + "' -"));
  EXPECT_NE(text.find("中小学教师继续教育证书"), std::string::npos) << text;
  EXPECT_NE(text.find("欧阳晓明"), std::string::npos) << text;
  EXPECT_NE(text.find("示范县石角镇中心小学"), std::string::npos) << text;
  EXPECT_NE(text.find("JJ-2026-000007"), std::string::npos) << text;
  EXPECT_NE(text.find("4418**********123X"), std::string::npos) << text;
  EXPECT_NE(text.find("2026年3月1日"), std::string::npos) << text;  // the issue date, in CST
  EXPECT_NE(text.find("骨干教师年度考核合格"), std::string::npos) << text;
  EXPECT_NE(text.find("https://jijiao.example.cn/verify/K7Q2M4XW9DPL3TZA"), std::string::npos) << text;
  EXPECT_NE(text.find("整本书阅读"), std::string::npos) << text;

  // A PNG of the first page for a human eye; kept in test-output.
  const fs::path png = out_dir / "certificate.png";
  fs::remove(png);
  Shell("pdftoppm -png -r 60 -singlefile '" + file.string() + "' '" + (out_dir / "certificate").string() + "'");
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 5000u);
  std::ifstream in(png, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

TEST_F(CertificateTest, ManyRecordsBreakOverPagesAndSeveralCertificatesShareOnePdf) {
  Certificate many = Sample(60);
  auto pdf = RenderPdf(many, "http://127.0.0.1:8080");
  ASSERT_TRUE(pdf.ok());
  const fs::path dir = fs::temp_directory_path() / ("jj_cert_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    std::ofstream f(dir / "many.pdf", std::ios::binary);
    f << *pdf;
  }
  auto pages = [](const fs::path& p) {
    std::istringstream info(Shell("pdfinfo '" + p.string() + "'"));
    std::string line;
    while (std::getline(info, line))
      if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
    return -1;
  };
  const int many_pages = pages(dir / "many.pdf");
  EXPECT_GE(many_pages, 3);
  // The last record and the closing text are on some page (nothing cut off at a break).
  const std::string text = Squeeze(Shell("pdftotext -enc UTF-8 '" + (dir / "many.pdf").string() + "' -"));
  EXPECT_NE(text.find("同课异构第60次"), std::string::npos);
  EXPECT_NE(text.find("（续）"), std::string::npos);
  EXPECT_NE(text.find("发证日期：2026年3月1日"), std::string::npos);

  // A batch: one certificate after another in one stream.
  std::string combined;
  PdfWriter w(
      [&combined](const unsigned char* d, size_t n) {
        combined.append(reinterpret_cast<const char*>(d), n);
        return true;
      },
      "http://127.0.0.1:8080");
  Certificate one = Sample(0);
  const int one_pages = w.Add(one);
  EXPECT_GE(one_pages, 1);
  EXPECT_EQ(w.Add(many), many_pages);
  EXPECT_EQ(w.Add(one), one_pages);
  ASSERT_TRUE(w.Finish().ok());
  {
    std::ofstream f(dir / "batch.pdf", std::ios::binary);
    f << combined;
  }
  EXPECT_EQ(pages(dir / "batch.pdf"), many_pages + 2 * one_pages);
  EXPECT_EQ(w.pages(), many_pages + 2 * one_pages);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace jj::certificates
