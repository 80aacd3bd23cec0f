#include "modules/credits/credits.h"
#include "modules/credits/policy/audit.h"
#include "modules/credits/policy/policy.h"

namespace jj::credits {

std::vector<Vocabulary> Vocabularies() {
  std::vector<std::string> outcomes;
  for (int o = 0; o <= static_cast<int>(policy::Outcome::kOverCap); ++o)
    outcomes.push_back(policy::OutcomeName(static_cast<policy::Outcome>(o)));
  return {
      MakeVocabulary("credit_level", policy::Levels(),
                     {{"国培", {"", "National"}},
                      {"省培", {"", "Provincial"}},
                      {"市培", {"", "City"}},
                      {"区县级", {"", "District / county"}},
                      {"校本", {"", "School-based"}}}),
      MakeVocabulary("credit_form", policy::Forms(),
                     {{"集中培训", {"", "Centralized training"}},
                      {"网络研修", {"", "Online study"}},
                      {"校本研修", {"", "School-based study"}},
                      {"跟岗研修", {"", "Shadowing"}},
                      {"工作坊", {"", "Workshop"}},
                      {"岗前培训", {"", "Pre-service training"}}}),
      MakeVocabulary("credit_dimension", policy::Dimensions(),
                     {{"师德修养", {"", "Professional ethics"}},
                      {"学科教学", {"", "Subject teaching"}},
                      {"学生管理", {"", "Student management"}},
                      {"专业成长", {"", "Professional growth"}}}),
      MakeVocabulary("credit_location", policy::Locations(),
                     {{"区域内", {"", "In region"}}, {"区域外", {"", "Out of region"}}}),
      MakeVocabulary("credit_source", Sources(),
                     {{"training", {"培训", "Training"}},
                      {"school_activity", {"校本活动", "School activity"}},
                      {"workshop", {"工作坊研修", "Workshop study"}},
                      {"reading", {"读书", "Reading"}},
                      {"achievement", {"成果", "Achievement"}},
                      {"import", {"导入", "Import"}}}),
      MakeVocabulary("credit_state", RecordStates(),
                     {{"declared", {"待学校审核", "Awaiting school"}},
                      {"school_verified", {"待教育局审批", "Awaiting bureau"}},
                      {"approved", {"已认定", "Approved"}},
                      {"rejected", {"已退回", "Returned"}}}),
      MakeVocabulary("credit_outcome", outcomes,
                     {{"counted", {"计入", "Counted"}},
                      {"partially_counted", {"部分计入", "Partly counted"}},
                      {"cycle_only", {"仅计入周期", "Cycle only"}},
                      {"outside_period", {"不在本年度", "Outside the year"}},
                      {"invalid", {"无效", "Invalid"}},
                      {"failed_grade", {"考核不合格", "Failed grade"}},
                      {"unknown_achievement_type", {"成果类型未知", "Unknown achievement type"}},
                      {"duplicate", {"重复", "Duplicate"}},
                      {"over_cap", {"超出上限", "Over the cap"}}}),
      MakeVocabulary("audit_status",
                     {policy::AuditStatusText(policy::AuditStatus::kPassed),
                      policy::AuditStatusText(policy::AuditStatus::kFailed)},
                     {{"达标", {"", "Met"}}, {"未达标", {"", "Not met"}}}),
  };
}

}  // namespace jj::credits
