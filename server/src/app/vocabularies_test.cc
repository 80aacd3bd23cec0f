// The vocabularies GET /api/v1/meta/enums serves: every value of every
// module's list has a Chinese and an English label, no kind twice.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "app/wiring.h"

namespace jj::app {
namespace {

TEST(Vocabularies, EveryValueHasBothLabels) {
  std::set<std::string> kinds;
  size_t terms = 0;
  for (const Vocabulary& v : AllVocabularies()) {
    EXPECT_TRUE(kinds.insert(v.kind).second) << "kind twice: " << v.kind;
    EXPECT_FALSE(v.terms.empty()) << v.kind;
    std::set<std::string> values;
    for (const Term& t : v.terms) {
      ++terms;
      EXPECT_TRUE(values.insert(t.value).second) << v.kind << ": value twice: " << t.value;
      EXPECT_FALSE(t.zh.empty()) << v.kind << ": no zh label for " << t.value;
      EXPECT_FALSE(t.en.empty()) << v.kind << ": no en label for " << t.value;
    }
  }
  // The kinds the UI reads (web/src/i18n/enums.js loads them all).
  for (const char* k : {"role", "org_type", "stage", "sex", "status", "backbone_level", "title", "posts", "credit_level",
                        "credit_form", "credit_dimension", "credit_location", "credit_grade", "credit_source",
                        "credit_state", "credit_outcome", "audit_status", "project_state", "project_kind",
                        "project_approval", "registration_state", "registration_origin", "attendance_status"})
    EXPECT_TRUE(kinds.count(k)) << k;
  EXPECT_GT(terms, 100u);
}

TEST(Vocabularies, AValueWithoutALabelIsReported) {
  Vocabulary v = MakeVocabulary("x", {"小学", "code"}, {{"小学", {"", "Primary"}}});
  ASSERT_EQ(v.terms.size(), 2u);
  EXPECT_EQ(v.terms[0].zh, "小学");  // a Chinese value is its own zh label
  EXPECT_EQ(v.terms[0].en, "Primary");
  EXPECT_TRUE(v.terms[1].zh.empty());  // what the test above would catch
  EXPECT_TRUE(v.terms[1].en.empty());
}

// The web unit tests label values from a copy of what the server serves;
// the copy must be what the server serves today.
TEST(Vocabularies, TheWebTestsCopyIsCurrent) {
  const std::string path = std::string(JJ_SOURCE_DIR) + "/web/src/i18n/vocabularies.fixture.json";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  nlohmann::json copy = nlohmann::json::parse(in);
  EXPECT_EQ(copy, VocabulariesJson()) << "regenerate " << path << " from GET /api/v1/meta/enums";
}

}  // namespace
}  // namespace jj::app
