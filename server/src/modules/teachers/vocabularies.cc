#include "modules/teachers/teachers.h"

namespace jj::teachers {

std::vector<Vocabulary> Vocabularies() {
  return {MakeVocabulary("sex", Sexes(), {{"男", {"", "Male"}}, {"女", {"", "Female"}}}),
          MakeVocabulary("status", EmploymentStatuses(),
                         {{"在职", {"", "Employed"}},
                          {"调出", {"", "Transferred out"}},
                          {"退休", {"", "Retired"}},
                          {"离职", {"", "Resigned"}}}),
          MakeVocabulary("backbone_level", BackboneLevels(),
                         {{"无", {"", "None"}},
                          {"校级", {"", "School"}},
                          {"县级", {"", "County"}},
                          {"市级", {"", "City"}},
                          {"省级", {"", "Provincial"}},
                          {"国家级", {"", "National"}}}),
          MakeVocabulary("title", Titles(),
                         {{"正高级教师", {"", "Senior teacher (full)"}},
                          {"高级教师", {"", "Senior teacher"}},
                          {"一级教师", {"", "First-grade teacher"}},
                          {"二级教师", {"", "Second-grade teacher"}},
                          {"三级教师", {"", "Third-grade teacher"}},
                          {"未定级", {"", "Unranked"}}}),
          MakeVocabulary("posts", Posts(),
                         {{"教师", {"", "Teacher"}},
                          {"班主任", {"", "Head teacher"}},
                          {"校长", {"", "Principal"}},
                          {"副校长", {"", "Vice principal"}},
                          {"教研员", {"", "Teaching researcher"}},
                          {"中层", {"", "Middle manager"}}})};
}

}  // namespace jj::teachers
