#include "modules/org/org.h"

namespace jj::org {

std::vector<Vocabulary> Vocabularies() {
  return {MakeVocabulary("org_type", OrgTypes(),
                         {{"province", {"省", "Province"}},
                          {"city", {"市", "City"}},
                          {"county", {"县区", "County / district"}},
                          {"township", {"乡镇中心校", "Township center school"}},
                          {"school", {"学校", "School"}},
                          {"institution", {"进修学校/培训机构", "Training institution"}},
                          {"bureau", {"教育局", "Education bureau"}}}),
          MakeVocabulary("stage", Stages(),
                         {{"幼儿园", {"", "Kindergarten"}},
                          {"小学", {"", "Primary"}},
                          {"初中", {"", "Junior secondary"}},
                          {"高中", {"", "Senior secondary"}},
                          {"中职", {"", "Vocational secondary"}},
                          {"特殊教育", {"", "Special education"}}})};
}

}  // namespace jj::org
