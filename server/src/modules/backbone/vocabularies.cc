#include "modules/backbone/backbone.h"

namespace jj::backbone {

// The teacher registry's level names (teachers::BackboneLevels), so a
// confirmed candidate's level is one the registry knows.
const std::vector<std::string>& RoundLevels() {
  static const std::vector<std::string> v = {"国家级", "市级", "县级", "校级"};
  return v;
}
const std::vector<std::string>& RoundStates() {
  static const std::vector<std::string> v = {"open", "publicity", "confirmed", "closed"};
  return v;
}
const std::vector<std::string>& ApplicationStates() {
  static const std::vector<std::string> v = {"recommended", "returned", "forwarded", "selected", "not_selected",
                                             "confirmed"};
  return v;
}

const std::vector<std::string>& AssessmentStates() {
  static const std::vector<std::string> v = {"school", "county", "city", "returned", "passed", "failed"};
  return v;
}

std::vector<Vocabulary> Vocabularies() {
  return {MakeVocabulary("backbone_round_level", RoundLevels(),
                         {{"国家级", {"国家级", "National"}},
                          {"市级", {"市级", "City"}},
                          {"县级", {"区县级", "County"}},
                          {"校级", {"校级", "School"}}}),
          MakeVocabulary("backbone_round_state", RoundStates(),
                         {{"open", {"遴选中", "Open"}},
                          {"publicity", {"公示中", "Publicity"}},
                          {"confirmed", {"已确定", "Confirmed"}},
                          {"closed", {"已结束", "Closed"}}}),
          MakeVocabulary("backbone_application_state", ApplicationStates(),
                         {{"recommended", {"学校已推荐", "Recommended"}},
                          {"returned", {"已退回", "Returned"}},
                          {"forwarded", {"初审通过已上报", "Passed and forwarded"}},
                          {"selected", {"入选培训对象", "Selected"}},
                          {"not_selected", {"未入选", "Not selected"}},
                          {"confirmed", {"已确定为培训对象", "Confirmed"}}}),
          MakeVocabulary("backbone_assessment_state", AssessmentStates(),
                         {{"school", {"待学校审核", "Pending school review"}},
                          {"county", {"待县级审核", "Pending county review"}},
                          {"city", {"待市级审核", "Pending city review"}},
                          {"returned", {"已退回待重新提交", "Returned for resubmission"}},
                          {"passed", {"考核合格", "Passed"}},
                          {"failed", {"考核不合格", "Failed"}}})};
}

}  // namespace jj::backbone
