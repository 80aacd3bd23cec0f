#include "infra/io/sheet.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace jj::io {
namespace {

using Cells = std::vector<std::string>;

struct Sheet {
  int64_t header_row = 0;
  Cells header;
  std::vector<int64_t> row_numbers;
  std::vector<Cells> rows;
};

Status Read(std::string_view bytes, Sheet* out, const ReadLimits& limits = {}) {
  return ReadSheet(
      bytes,
      [&](int64_t n, const std::vector<std::string_view>& cells) {
        out->header_row = n;
        out->header.assign(cells.begin(), cells.end());
        return Status::Ok();
      },
      [&](int64_t n, const std::vector<std::string_view>& cells) {
        out->row_numbers.push_back(n);
        out->rows.emplace_back(cells.begin(), cells.end());
        return Status::Ok();
      },
      limits);
}

Sheet MustRead(std::string_view bytes) {
  Sheet s;
  Status st = Read(bytes, &s);
  EXPECT_TRUE(st.ok()) << st.key() << " " << st.Message("en");
  return s;
}

// ---------------------------------------------------------------- CSV

TEST(SheetCsv, QuotingEscapesAndTrimming) {
  Sheet s = MustRead(
      "name, note ,id\r\n"
      "\"Zhang, San\",\"he said \"\"hi\"\"\",  0012  \r\n"
      "  \"quoted\"  ,\"\",\"a\"\"\"\n");
  EXPECT_EQ(s.header, (Cells{"name", "note", "id"}));
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0], (Cells{"Zhang, San", "he said \"hi\"", "0012"}));
  EXPECT_EQ(s.rows[1], (Cells{"quoted", "", "a\""}));
  EXPECT_EQ(s.row_numbers, (std::vector<int64_t>{2, 3}));
}

TEST(SheetCsv, Utf8BomStripped) {
  Sheet s = MustRead("\xEF\xBB\xBF姓名,工号\n张三,7\n");
  EXPECT_EQ(s.header, (Cells{"姓名", "工号"}));
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.rows[0], (Cells{"张三", "7"}));
}

TEST(SheetCsv, GbkConvertedToUtf8) {
  // "姓名,身份证号\r\n张三,110105194912310021\r\n" in GBK.
  std::string gbk =
      "\xD0\xD5\xC3\xFB,\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5\r\n"
      "\xD5\xC5\xC8\xFD,110105194912310021\r\n";
  Sheet s = MustRead(gbk);
  EXPECT_EQ(s.header, (Cells{"姓名", "身份证号"}));
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.rows[0], (Cells{"张三", "110105194912310021"}));
}

TEST(SheetCsv, Utf16WithBomConverted) {
  std::string u16(
      "\xFF\xFE"
      "a\0\t\0b\0\n\0"
      "1\0\t\0"
      "2\0\n\0",
      16);
  Sheet s = MustRead(u16);
  EXPECT_EQ(s.header, (Cells{"a", "b"}));
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.rows[0], (Cells{"1", "2"}));
}

TEST(SheetCsv, InvalidBytesRejected) {
  Sheet s;
  Status st = Read("name\n\xFF\xFF\xFF\n", &s);
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.key(), "sheet.bad_encoding");
  EXPECT_NE(st.params().at("detail").find("offset"), std::string::npos);
  // A UTF-8 BOM promises UTF-8.
  st = Read("\xEF\xBB\xBFname\n\xD5\xC5\n", &s);
  EXPECT_EQ(st.key(), "sheet.bad_encoding");
}

TEST(SheetCsv, UnbalancedQuoteReportsRow) {
  Sheet s;
  Status st = Read("a,b\n1,2\n\"3,4\n5,6\n", &s);
  EXPECT_EQ(st.key(), "sheet.bad_csv");
  EXPECT_EQ(st.params().at("row"), "3");
  ASSERT_TRUE(st.row().has_value());
  EXPECT_EQ(*st.row(), 3);
  EXPECT_EQ(s.rows.size(), 1u);  // rows before the fault were delivered
}

TEST(SheetCsv, SemicolonAndTabDetected) {
  Sheet s = MustRead("a;b;c\n1;2,5;3\n");
  EXPECT_EQ(s.header, (Cells{"a", "b", "c"}));
  EXPECT_EQ(s.rows.at(0), (Cells{"1", "2,5", "3"}));
  Sheet t = MustRead("a\tb\n1\t2;3\n");
  EXPECT_EQ(t.header, (Cells{"a", "b"}));
  EXPECT_EQ(t.rows.at(0), (Cells{"1", "2;3"}));
  Sheet c = MustRead("a,b;c\n1,2;3\n");  // a comma wins
  EXPECT_EQ(c.header, (Cells{"a", "b;c"}));
}

TEST(SheetCsv, ShortRowsPaddedEmptyRowsSkipped) {
  Sheet s = MustRead("a,b,c,,\n1\n\n , ,\n4,5,6,7\n8,9,10,,\n");
  EXPECT_EQ(s.header, (Cells{"a", "b", "c"}));
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0], (Cells{"1", "", ""}));
  EXPECT_EQ(s.rows[1], (Cells{"4", "5", "6", "7"}));  // extra non-empty cells are kept
  EXPECT_EQ(s.rows[2], (Cells{"8", "9", "10"}));
  EXPECT_EQ(s.row_numbers, (std::vector<int64_t>{2, 5, 6}));
}

TEST(SheetCsv, QuotedNewlinesDoNotAddRows) {
  Sheet s = MustRead("a,b\r\n\"line1\r\nline2\",x\r\n\"p\nq\nr\",y\r\nlast,z");
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0], (Cells{"line1\r\nline2", "x"}));
  EXPECT_EQ(s.rows[1], (Cells{"p\nq\nr", "y"}));
  EXPECT_EQ(s.rows[2], (Cells{"last", "z"}));
  EXPECT_EQ(s.row_numbers, (std::vector<int64_t>{2, 3, 4}));
}

TEST(SheetCsv, EmptyFileHasNoHeader) {
  Sheet s;
  EXPECT_EQ(Read("", &s).key(), "sheet.empty");
  EXPECT_EQ(Read("\xEF\xBB\xBF\r\n , \n", &s).key(), "sheet.empty");
}

TEST(SheetCsv, CallbackErrorStopsReading) {
  int calls = 0;
  Status st = ReadSheet(
      "h\n1\n2\n3\n", [](int64_t, const std::vector<std::string_view>&) { return Status::Ok(); },
      [&](int64_t n, const std::vector<std::string_view>&) {
        ++calls;
        return n == 3 ? InvalidArgument("field.empty").WithRow(n) : Status::Ok();
      });
  EXPECT_EQ(st.key(), "field.empty");
  EXPECT_EQ(calls, 2);
}

TEST(SheetCsv, LimitsEnforced) {
  Sheet s;
  ReadLimits limits;
  limits.max_rows = 2;
  EXPECT_TRUE(Read("h\n1\n2\n", &s, limits).ok());
  Sheet t;
  Status st = Read("h\n1\n2\n3\n", &t, limits);
  EXPECT_EQ(st.key(), "sheet.too_large");
  EXPECT_EQ(st.params().at("max_rows"), "2");
  limits = {};
  limits.max_bytes = 10;
  EXPECT_EQ(Read("header,more\n1,2\n", &t, limits).key(), "sheet.too_large");
}

TEST(SheetCsv, EstimateRowsCountsLines) {
  EXPECT_EQ(EstimateRows("h\n1\n2\n3\n"), 3);
  EXPECT_EQ(EstimateRows("h\r\n1\r\n2"), 2);
  EXPECT_EQ(EstimateRows(""), 0);
}

TEST(SheetCsv, WriterRoundTrip) {
  std::string out;
  CsvWriter w(&out);
  w.Row({"姓名", "备注", "公式"});
  w.Row({"张三", "a,\"b\"\nc", "=1+1"});
  w.Row({"-5", "@x", ""});
  EXPECT_EQ(out.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(out.substr(3, 22), "姓名,备注,公式\r\n");
  EXPECT_NE(out.find("\"a,\"\"b\"\"\nc\",'=1+1\r\n"), std::string::npos);
  Sheet s = MustRead(out);
  EXPECT_EQ(s.header, (Cells{"姓名", "备注", "公式"}));
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0], (Cells{"张三", "a,\"b\"\nc", "'=1+1"}));
  EXPECT_EQ(s.rows[1], (Cells{"'-5", "'@x", ""}));
}

TEST(SheetCsv, HundredThousandRows) {
  std::string csv = "姓名,身份证号,性别,出生日期,民族,学校,学段,学科,职称,入职日期,手机号,邮箱,备注\r\n";
  const int kRows = 100000;
  csv.reserve(static_cast<size_t>(kRows) * 160);
  char line[256];
  for (int i = 0; i < kRows; ++i) {
    std::snprintf(line, sizeof line,
                  "教师%06d,1101051980%08d,男,1980-01-01,汉族,\"第%d中学\",初中,数学,一级教师,2005-09-01,"
                  "138%08d,t%d@example.cn,\r\n",
                  i, i, i % 500, i, i);
    csv += line;
  }
  int64_t rows = 0;
  int64_t last = 0;
  std::string sample;
  auto start = std::chrono::steady_clock::now();
  Status st = ReadSheet(
      csv,
      [](int64_t, const std::vector<std::string_view>& h) { return h.size() == 13 ? Status::Ok() : Internal("w"); },
      [&](int64_t n, const std::vector<std::string_view>& cells) {
        ++rows;
        last = n;
        if (cells.size() != 13) return Internal("width");
        if (n == 12346) sample = std::string(cells[1]);
        return Status::Ok();
      });
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ sheet ] read %lld CSV rows (%zu bytes) in %.1f ms\n", static_cast<long long>(rows), csv.size(), ms);
  ASSERT_TRUE(st.ok()) << st.key();
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(last, kRows + 1);
  EXPECT_EQ(sample, "110105198000012344");
  EXPECT_EQ(EstimateRows(csv), kRows);
}

// ---------------------------------------------------------------- xlsx

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("jj_sheet_" + std::to_string(getpid()) + "_" + name)).string();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Builds a zip in memory from (name, content) pairs.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string path = TempPath("built.zip");
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, content] : entries) {
    zip_source_t* src = zip_source_buffer(z, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  std::string bytes = Slurp(path);
  std::filesystem::remove(path);
  return bytes;
}

// One entry of a zip held in memory.
std::string ZipEntry(const std::string& bytes, const std::string& name) {
  zip_error_t err;
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (z == nullptr) return {};
  std::string out;
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (f != nullptr) {
    char buf[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    zip_fclose(f);
  }
  zip_discard(z);
  return out;
}

std::vector<std::pair<std::string, std::string>> HandBuiltParts(const std::string& sheet_xml) {
  return {
      {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
      {"xl/workbook.xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
          xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <sheets><sheet name="教师" sheetId="7" r:id="rId9"/><sheet name="Other" sheetId="1" r:id="rId1"/></sheets>
</workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
  <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/teachers.xml"/>
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>
  <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)"},
      {"xl/strings.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
  <si><t>姓名</t></si>
  <si><t xml:space="preserve">身份证号 </t></si>
  <si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三</t></r><rPh sb="0" eb="1"><t>ZHANG</t></rPh></si>
  <si><t>A &amp; B &lt;C&gt; &quot;q&quot; &apos;s&apos; &#20013;&#x6587;</t></si>
  <si><t>line_x000D_break</t></si>
  <si/>
  <si><t>出生日期</t></si>
</sst>)"},
      {"xl/styles.xml",
       R"(<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="&quot;day&quot;0.00"/></numFmts>
  <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
</styleSheet>)"},
      {"xl/worksheets/sheet1.xml",
       "<worksheet><sheetData><row r=\"1\"><c><v>999</v></c></row></sheetData></worksheet>"},
      {"xl/worksheets/teachers.xml", sheet_xml},
  };
}

const char* kHandSheet = R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<dimension ref="A1:F4"/>
<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>6</v></c><c t="inlineStr"><is><t>电话</t></is></c><c r="E1" t="str"><v>金额</v></c><c r="F1" t="inlineStr"><is><r><t>已</t></r><r><t>审</t></r></is></c></row>
<row r="2" spans="1:6"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>110105194912310021</v></c><c r="C2" s="1"><v>36526</v></c><c r="D2"><v>13800001111</v></c><c r="E2" s="3"><v>4.5</v></c><c r="F2" t="b"><v>1</v></c></row>
<row r="3"><c r="A3" t="s"><v>3</v></c><c r="C3" s="2"><f>DATE(1900,3,1)</f><v>61</v></c><c r="F3" t="b"><v>0</v></c></row>
<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4" s="2"/></row>
<row r="6"><c r="A6" t="s"><v>4</v></c><c r="D6"><v>1.1010519491231002E+17</v></c><c r="E6"><v>-0.25</v></c><c r="F6" t="e"><v>#N/A</v></c></row>
<row><c><v>60</v></c><c s="1"><v>60</v></c><c s="2"><v>45292.75</v></c></row>
</sheetData>
<mergeCells count="0"/>
</worksheet>)";

TEST(SheetXlsx, HandBuiltWorkbook) {
  std::string bytes = MakeZip(HandBuiltParts(kHandSheet));
  EXPECT_EQ(DetectFormat(bytes), SheetFormat::kXlsx);
  Sheet s = MustRead(bytes);
  EXPECT_EQ(s.header_row, 1);
  EXPECT_EQ(s.header, (Cells{"姓名", "身份证号", "出生日期", "电话", "金额", "已审"}));
  ASSERT_EQ(s.rows.size(), 4u);
  EXPECT_EQ(s.rows[0], (Cells{"张三", "110105194912310021", "2000-01-01", "13800001111", "4.5", "TRUE"}));
  EXPECT_EQ(s.rows[1], (Cells{"A & B <C> \"q\" 's' 中文", "", "1900-03-01", "", "", "FALSE"}));
  EXPECT_EQ(s.rows[2], (Cells{"line\rbreak", "", "", "110105194912310020", "-0.25", "#N/A"}));
  EXPECT_EQ(s.rows[3], (Cells{"60", "1900-02-29", "2024-01-01", "", "", ""}));
  EXPECT_EQ(s.row_numbers, (std::vector<int64_t>{2, 3, 6, 7}));  // row 4 is empty, row 7 has no r
  EXPECT_EQ(EstimateRows(bytes), 3);
}

TEST(SheetXlsx, DefaultsWithoutRelsStylesOrSharedStrings) {
  std::string bytes = MakeZip({{"xl/worksheets/sheet1.xml",
                                "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>a</t></is></c>"
                                "<c t=\"inlineStr\"><is><t>b</t></is></c></row>"
                                "<row><c r=\"B2\"><v>3.0</v></c></row></sheetData></worksheet>"}});
  Sheet s = MustRead(bytes);
  EXPECT_EQ(s.header, (Cells{"a", "b"}));
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.rows[0], (Cells{"", "3"}));
  EXPECT_EQ(EstimateRows(bytes), -1);
}

TEST(SheetXlsx, BrokenFilesRejected) {
  Sheet s;
  EXPECT_EQ(Read(std::string("PK\x03\x04garbage garbage", 19), &s).key(), "sheet.bad_xlsx");
  std::string good = MakeZip(HandBuiltParts(kHandSheet));
  EXPECT_EQ(Read(good.substr(0, good.size() / 2), &s).key(), "sheet.bad_xlsx");
  // A zip that is not a workbook.
  EXPECT_EQ(Read(MakeZip({{"hello.txt", "hi"}}), &s).key(), "sheet.bad_xlsx");
  // Broken sheet XML.
  EXPECT_EQ(Read(MakeZip(HandBuiltParts("<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row><row")), &s).key(),
            "sheet.bad_xlsx");
  // A shared string index past the table.
  Status st = Read(MakeZip(HandBuiltParts("<worksheet><sheetData><row><c t=\"s\"><v>70</v></c></row></sheetData>"
                                          "</worksheet>")),
                   &s);
  EXPECT_EQ(st.key(), "sheet.bad_xlsx");
  EXPECT_NE(st.params().at("detail").find("shared string"), std::string::npos);
  // No rows at all.
  EXPECT_EQ(Read(MakeZip(HandBuiltParts("<worksheet><sheetData/></worksheet>")), &s).key(), "sheet.empty");
}

TEST(SheetXlsx, LimitsEnforced) {
  std::string bytes = MakeZip(HandBuiltParts(kHandSheet));
  Sheet s;
  ReadLimits limits;
  limits.max_rows = 3;
  Status st = Read(bytes, &s, limits);
  EXPECT_EQ(st.key(), "sheet.too_large");
  EXPECT_EQ(s.rows.size(), 3u);
  // A small zip that inflates to far more than the byte limit (a zip bomb).
  std::string big = "<worksheet><sheetData>" + std::string(2 << 20, ' ') + "</sheetData></worksheet>";
  std::string bomb = MakeZip(HandBuiltParts(big));
  EXPECT_LT(bomb.size(), 64u * 1024);
  limits = {};
  limits.max_bytes = 1 << 20;
  Sheet t;
  EXPECT_EQ(Read(bomb, &t, limits).key(), "sheet.too_large");
  limits.max_bytes = 4 << 20;
  EXPECT_EQ(Read(bomb, &t, limits).key(), "sheet.empty");
}

TEST(SheetXlsx, WriterRoundTrip) {
  std::string path = TempPath("round.xlsx");
  auto w = XlsxWriter::Create(path);
  ASSERT_TRUE(w.ok());
  std::vector<std::string> schools;
  for (int i = 0; i < 40; ++i) schools.push_back("第" + std::to_string(i + 1) + "实验中学");
  std::vector<XlsxColumn> cols = {
      {"姓名", 10, {}, true},      {"身份证号", 22, {}, true}, {"性别", 8, {"男", "女"}, true},
      {"学校", 30, schools, true}, {"学时", 8, {}, false},
  };
  (*w)->AddSheet("教师", cols);
  (*w)->AppendRow({"张三", "110105194912310021", "男", "第3实验中学", "4.5"});
  (*w)->AppendRow({"李四", "0012345", "女", "第40实验中学", "12"}, {false, true, false, false, true});
  (*w)->AppendRow({"", "", "", "", ""});
  (*w)->AppendRow({"王五 ", "a<b&c", "", "", "x1"});
  (*w)->AddSheet("说明", {{"字段", 20, {}, true}, {"要求", 40, {"必填", "选填"}, true}});
  (*w)->AppendRow({"身份证号", "必填"});
  ASSERT_TRUE((*w)->Close().ok());
  std::string bytes = Slurp(path);
  std::filesystem::remove(path);

  Sheet s = MustRead(bytes);
  EXPECT_EQ(s.header, (Cells{"姓名", "身份证号", "性别", "学校", "学时"}));
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(s.rows[0], (Cells{"张三", "110105194912310021", "男", "第3实验中学", "4.5"}));
  EXPECT_EQ(s.rows[1], (Cells{"李四", "0012345", "女", "第40实验中学", "12"}));
  EXPECT_EQ(s.rows[2], (Cells{"王五", "a<b&c", "", "", "x1"}));
  EXPECT_EQ(s.row_numbers, (std::vector<int64_t>{2, 3, 5}));
  EXPECT_EQ(EstimateRows(bytes), 4);  // from <dimension ref="A1:E5"/>

  std::string sheet1 = ZipEntry(bytes, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet1.find("<pane ySplit=\"1\""), std::string::npos);
  EXPECT_NE(sheet1.find("<formula1>\"男,女\"</formula1>"), std::string::npos);
  EXPECT_NE(sheet1.find("<formula1>lists!$A$1:$A$40</formula1>"), std::string::npos);
  EXPECT_NE(sheet1.find("<v>4.5</v>"), std::string::npos);  // a number column holds numbers
  std::string workbook = ZipEntry(bytes, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"lists\" sheetId=\"2\" state=\"hidden\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"说明\""), std::string::npos);
  std::string lists = ZipEntry(bytes, "xl/worksheets/sheet2.xml");
  EXPECT_NE(lists.find("第40实验中学"), std::string::npos);
  std::string styles = ZipEntry(bytes, "xl/styles.xml");
  EXPECT_NE(styles.find("FFC7CE"), std::string::npos);
  EXPECT_NE(styles.find("<b/>"), std::string::npos);
  std::string sheet3 = ZipEntry(bytes, "xl/worksheets/sheet3.xml");
  EXPECT_NE(sheet3.find("必填"), std::string::npos);
}

TEST(SheetXlsx, WriterReportsCellErrorsOnClose) {
  std::string path = TempPath("toolong.xlsx");
  auto w = XlsxWriter::Create(path);
  ASSERT_TRUE(w.ok());
  (*w)->AddSheet("a[b]:c*d?e/f\\g-a-very-long-sheet-name-indeed", {{"h", 10, {}, true}});
  (*w)->AppendRow({std::string(40000, 'x')});  // over Excel's 32767 characters a cell
  Status st = (*w)->Close();
  std::filesystem::remove(path);
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_NE(st.params().at("detail").find("row 2"), std::string::npos) << st.params().at("detail");
}

TEST(SheetXlsx, BytesForADirectDownloadLeaveNoFile) {
  std::string path = TempPath("bytes.xlsx");
  auto bytes = XlsxBytes(path, [](XlsxWriter& w) {
    w.AddSheet("结果", {{"题目", 20, {}, true}, {"平均分", 8, {}, false}});
    w.AppendRow({"总体满意度", "4.5"});
  });
  ASSERT_TRUE(bytes.ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  Sheet s = MustRead(*bytes);
  EXPECT_EQ(s.header, (Cells{"题目", "平均分"}));
  EXPECT_EQ(s.rows[0], (Cells{"总体满意度", "4.5"}));
  // A cell Excel cannot hold fails the whole workbook, and still leaves no file.
  auto bad = XlsxBytes(path, [](XlsxWriter& w) {
    w.AddSheet("x", {{"h", 10, {}, true}});
    w.AppendRow({std::string(40000, 'x')});
  });
  EXPECT_EQ(bad.status().code(), Code::kInternal);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_EQ(XlsxBytes("/nonexistent-dir/x.xlsx", [](XlsxWriter&) {}).status().code(), Code::kInternal);
}

TEST(SheetXlsx, CreateFailsOnBadPath) {
  auto w = XlsxWriter::Create("/nonexistent-dir/x.xlsx");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), Code::kInternal);
}

}  // namespace
}  // namespace jj::io
