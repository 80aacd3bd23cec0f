#include "modules/credits/audit_pack.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace jj::credits {
namespace {

using policy::CreditRecord;
using policy::SourceKind;

CreditRecord Training(std::string id, Date date, std::string code) {
  CreditRecord r;
  r.id = std::move(id);
  r.date = date;
  r.project_code = std::move(code);
  r.level = "区县级";
  r.form = "集中培训";
  r.dimension = "学科教学";
  r.location = "区域内";
  r.hours_tenths = 125;
  r.grade = "合格";
  return r;
}

void ExpectSame(const CreditRecord& a, const CreditRecord& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.project_code, b.project_code);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.form, b.form);
  EXPECT_EQ(a.dimension, b.dimension);
  EXPECT_EQ(a.location, b.location);
  EXPECT_EQ(a.hours_tenths, b.hours_tenths);
  EXPECT_EQ(a.grade, b.grade);
  EXPECT_EQ(a.topic_tags, b.topic_tags);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.achievement_type, b.achievement_type);
}

TEST(AuditPack, RoundTripsEveryFieldIncludingTextOutsideTheVocabularies) {
  std::vector<CreditRecord> in;
  in.push_back(Training("17", Date{2025, 3, 9}, "P-2025-001"));
  CreditRecord odd = Training("9000000000123", Date{}, "");  // a date the registry could not read
  odd.level = "乡镇级";                                      // not a level: the audit calls it invalid
  odd.form = "";
  odd.dimension = "学生管理";
  odd.location = "";
  odd.hours_tenths = -5;
  odd.grade = "优";
  odd.topic_tags = {"心理健康", "a,b:=c", "安全"};  // the pack's own punctuation inside a text
  odd.source = SourceKind::kImport;
  in.push_back(odd);
  CreditRecord achievement;
  achievement.id = "18";
  achievement.date = Date{2024, 12, 31};
  achievement.source = SourceKind::kAchievement;
  achievement.achievement_type = "论文";
  in.push_back(achievement);

  const std::string pack = EncodeAuditPack(in);
  std::vector<CreditRecord> out(1);  // storage to reuse
  out[0].topic_tags = {"left over"};
  ASSERT_EQ(DecodeAuditPack(pack, out), in.size()) << pack;
  for (size_t i = 0; i < in.size(); ++i) ExpectSame(out[i], in[i]);

  // The decoder hands the engine the vocabulary indices it already knows.
  const auto& levels = policy::Levels();
  EXPECT_EQ(out[0].vocabulary_index[0], std::find(levels.begin(), levels.end(), "区县级") - levels.begin());
  EXPECT_EQ(out[1].vocabulary_index[0], -1);  // 乡镇级: the engine looks it up (and refuses it)
  EXPECT_EQ(out[1].vocabulary_index[1], -1);  // no form
  EXPECT_EQ(out[1].vocabulary_index[3], -1);  // no location

  // Decoding a shorter pack into the same buffer leaves nothing of the longer one.
  ASSERT_EQ(DecodeAuditPack(EncodeAuditPack({&in[2], 1}), out), 1u);
  ExpectSame(out[0], in[2]);
}

// Audited from a pack (vocabulary indices known) or from the texts alone:
// the same audit, record by record.
TEST(AuditPack, TheEngineAuditsDecodedRecordsAsTheirTexts) {
  std::vector<CreditRecord> in;
  const char* levels[] = {"国培", "省培", "市培", "区县级", "校本", "乡级"};
  const char* forms[] = {"集中培训", "网络研修", "校本研修", "跟岗研修", "工作坊", "岗前培训"};
  const char* dims[] = {"师德修养", "学科教学", "学生管理", "专业成长"};
  const char* locations[] = {"", "区域内", "区域外"};
  for (int i = 0; i < 60; ++i) {
    CreditRecord r = Training(std::to_string(i + 1), Date{2025, 1 + i % 12, 1 + i % 27}, "P" + std::to_string(i % 40));
    r.level = levels[i % 6];
    r.form = forms[i % 6];
    r.dimension = dims[i % 4];
    r.location = locations[i % 3];
    r.hours_tenths = 10 * (1 + i % 9);
    r.grade = i % 7 == 0 ? "不合格" : "良好";
    in.push_back(r);
  }
  std::vector<CreditRecord> decoded;
  const auto n = DecodeAuditPack(EncodeAuditPack(in), decoded);
  ASSERT_EQ(n, in.size());
  policy::TeacherFacts teacher;
  teacher.id = "1";
  const auto policy = policy::DefaultPolicy();
  const auto from_texts = policy::Audit(policy, teacher, in, 2025);
  const auto from_pack = policy::Audit(policy, teacher, {decoded.data(), *n}, 2025);
  EXPECT_EQ(from_pack.total_credits_tenths, from_texts.total_credits_tenths);
  EXPECT_EQ(from_pack.by_dimension_tenths, from_texts.by_dimension_tenths);
  ASSERT_EQ(from_pack.records.size(), from_texts.records.size());
  for (size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(from_pack.records[i].outcome, from_texts.records[i].outcome) << i;
    EXPECT_EQ(from_pack.records[i].credit_units, from_texts.records[i].credit_units) << i;
    EXPECT_EQ(from_pack.records[i].detail, from_texts.records[i].detail) << i;
  }
  EXPECT_GT(from_texts.total_credits_tenths, 0);
}

TEST(AuditPack, NoRecordsIsAPackToo) {
  std::vector<CreditRecord> out;
  EXPECT_EQ(DecodeAuditPack(EncodeAuditPack({}), out), 0u);
}

TEST(AuditPack, DamagedOrForeignPacksAreRefused) {
  const std::string pack = EncodeAuditPack(std::vector<CreditRecord>{Training("1", Date{2025, 1, 2}, "P1")});
  std::vector<CreditRecord> out;
  EXPECT_EQ(DecodeAuditPack("", out), std::nullopt);
  EXPECT_EQ(DecodeAuditPack("2" + pack.substr(1), out), std::nullopt);  // another version
  for (size_t cut = 2; cut < pack.size(); ++cut)                        // every truncation
    EXPECT_EQ(DecodeAuditPack(pack.substr(0, cut), out), std::nullopt) << cut;
  std::string long_text = pack;
  long_text.replace(long_text.find("=2:P1"), 5, "=9:P1");  // a length past the end
  EXPECT_EQ(DecodeAuditPack(long_text, out), std::nullopt);
  EXPECT_EQ(DecodeAuditPack(pack, out), 1u);  // and the intact one decodes
}

}  // namespace
}  // namespace jj::credits
