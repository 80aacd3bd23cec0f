#include "modules/projects/projects.h"

namespace jj::projects {

const std::vector<std::string>& ProjectKinds() {
  static const std::vector<std::string> v = {"training", "school_module"};
  return v;
}
const std::vector<std::string>& Approvals() {
  static const std::vector<std::string> v = {"none", "school", "school_county"};
  return v;
}
const std::vector<std::string>& RegistrationOrigins() {
  static const std::vector<std::string> v = {"self", "nominated", "school"};
  return v;
}
const std::vector<std::string>& SchoolModuleDimensions() {
  static const std::vector<std::string> v = {"学生管理", "学科教学", "专业成长"};
  return v;
}
const std::vector<std::string>& DefaultGradeScale() {
  static const std::vector<std::string> v = {"优秀", "良好", "合格", "基本合格", "不合格"};
  return v;
}

std::vector<Vocabulary> Vocabularies() {
  return {
      MakeVocabulary("project_state", ProjectStates(),
                     {{"draft", {"草稿", "Draft"}},
                      {"submitted", {"已申报", "Submitted"}},
                      {"under_review", {"专家评审中", "Under review"}},
                      {"approved", {"已立项", "Approved"}},
                      {"rejected", {"未通过", "Rejected"}},
                      {"registration_open", {"报名中", "Registration open"}},
                      {"running", {"培训中", "Running"}},
                      {"closed", {"已结业", "Closed"}},
                      {"archived", {"已归档", "Archived"}}}),
      MakeVocabulary("project_kind", ProjectKinds(),
                     {{"training", {"培训项目", "Training project"}},
                      {"school_module", {"校本研修模块项目", "School-based module project"}}}),
      MakeVocabulary("project_approval", Approvals(),
                     {{"none", {"无需审批", "No approval"}},
                      {"school", {"学校审批", "School approves"}},
                      {"school_county", {"学校、县区两级审批", "School, then county approves"}}}),
      MakeVocabulary("registration_state", RegistrationStates(),
                     {{"pending_school", {"待学校审批", "Awaiting school"}},
                      {"pending_county", {"待县区审批", "Awaiting county"}},
                      {"accepted", {"已录取", "Accepted"}},
                      {"waitlisted", {"候补", "Waitlisted"}},
                      {"rejected", {"未通过", "Rejected"}},
                      {"withdrawn", {"已退出", "Withdrawn"}}}),
      MakeVocabulary("registration_origin", RegistrationOrigins(),
                     {{"self", {"自主报名", "Applied"}},
                      {"nominated", {"学校推荐", "Nominated"}},
                      {"school", {"全员参加", "Whole school"}}}),
      MakeVocabulary("attendance_status", AttendanceStatuses(),
                     {{"present", {"出勤", "Present"}},
                      {"late", {"迟到", "Late"}},
                      {"leave", {"请假", "On leave"}},
                      {"absent", {"缺勤", "Absent"}}}),
      MakeVocabulary("school_module_dimension", SchoolModuleDimensions(),
                     {{"学生管理", {"", "Student management"}},
                      {"学科教学", {"", "Subject teaching"}},
                      {"专业成长", {"", "Professional growth"}}}),
      MakeVocabulary("credit_grade", DefaultGradeScale(),
                     {{"优秀", {"", "Excellent"}},
                      {"良好", {"", "Good"}},
                      {"合格", {"", "Pass"}},
                      {"基本合格", {"", "Basic pass"}},
                      {"不合格", {"", "Fail"}}}),
  };
}

}  // namespace jj::projects
