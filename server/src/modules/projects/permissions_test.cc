#include "modules/projects/permissions.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace jj::projects {
namespace {

using auth::Role;

Facts Project(Role role, uint32_t relations, const std::string& state, const std::string& kind = "training") {
  Facts f;
  f.role = role;
  f.relations = relations | kSees;
  f.state = state;
  f.kind = kind;
  return f;
}

TEST(ProjectPermissions, TheLifecycleAndWhoMovesIt) {
  // The organiser runs it; the region decides.
  EXPECT_TRUE(Require("submit", Object::kProject, Project(Role::kInstitutionStaff, kOrganiser, "draft")).ok());
  EXPECT_EQ(Require("approve", Object::kProject, Project(Role::kInstitutionStaff, kOrganiser, "under_review")).code(),
            Code::kPermissionDenied);
  EXPECT_TRUE(Require("approve", Object::kProject, Project(Role::kBureauAdmin, kRegionAdmin, "under_review")).ok());
  // A bureau admin of another region is no region admin.
  EXPECT_EQ(Require("approve", Object::kProject, Project(Role::kBureauAdmin, 0, "under_review")).code(),
            Code::kPermissionDenied);
  // The right actor in the wrong state: the move's own refusal, naming both states.
  Status skip = Require("approve", Object::kProject, Project(Role::kBureauAdmin, kRegionAdmin, "draft"));
  EXPECT_EQ(skip.key(), "project.bad_transition");
  EXPECT_EQ(skip.params().at("to"), "已立项");
  EXPECT_EQ(Require("edit", Object::kProject, Project(Role::kInstitutionStaff, kOrganiser, "approved")).key(),
            "project.not_editable");
  // A school admin runs only its school's module project (the relation says so).
  EXPECT_EQ(Require("open", Object::kProject, Project(Role::kSchoolAdmin, 0, "approved")).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(Allowed(Object::kProject, Project(Role::kBureauAdmin, kRegionAdmin, "submitted")),
            (std::vector<std::string>{"review", "reviews", "reject", "quotas", "candidates", "assessment", "results",
                                      "surveys"}));
}

TEST(ProjectPermissions, KindsUpgradesAndRegistrationAreConditionsOfTheObject) {
  Facts module = Project(Role::kBureauAdmin, kRegionAdmin, "closed", "school_module");
  EXPECT_TRUE(Require("upgrade", Object::kProject, module).ok());
  module.upgraded_at = 1767225600;
  EXPECT_EQ(Require("upgrade", Object::kProject, module).key(), "assess.already_upgraded");
  EXPECT_EQ(Require("upgrade", Object::kProject, Project(Role::kBureauAdmin, kRegionAdmin, "closed")).key(),
            "assess.not_school_module");
  Facts teacher = Project(Role::kTeacher, kTeacherAccount, "registration_open");
  EXPECT_TRUE(Require("apply", Object::kProject, teacher).ok());
  teacher.registered = true;
  EXPECT_EQ(Require("apply", Object::kProject, teacher).code(), Code::kConflict);
  EXPECT_EQ(Require("apply", Object::kProject, Project(Role::kTeacher, kTeacherAccount, "registration_open",
                                                       "school_module"))
                .key(),
            "project.school_module_enrolment");
  EXPECT_EQ(Require("apply", Object::kProject, Project(Role::kSchoolAdmin, 0, "registration_open")).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(Require("checkin", Object::kProject, Project(Role::kTeacher, kTeacherAccount, "running")).key(),
            "assess.not_participant");
}

TEST(ProjectPermissions, EachStepOfTheApprovalChainHasItsOwnDecider) {
  Facts f;
  f.role = Role::kSchoolAdmin;
  f.relations = kOverSchool;
  f.state = "pending_school";
  f.project_state = "registration_open";
  EXPECT_TRUE(Require("approve", Object::kRegistration, f).ok());
  f.state = "pending_county";  // the county's step: not the school's, even over the school
  EXPECT_EQ(Require("approve", Object::kRegistration, f).code(), Code::kPermissionDenied);
  f.state = "accepted";
  EXPECT_EQ(Require("approve", Object::kRegistration, f).key(), "project.registration_decided");
  EXPECT_EQ(Allowed(Object::kRegistration, f), (std::vector<std::string>{"withdraw"}));
  f.project_state = "running";
  EXPECT_EQ(Require("withdraw", Object::kRegistration, f).key(), "project.withdraw_closed");
  f.role = Role::kBureauAdmin;
  f.relations = kRegionAdmin;
  f.state = "pending_county";
  f.project_state = "registration_open";
  EXPECT_TRUE(Require("reject", Object::kRegistration, f).ok());
  EXPECT_EQ(Require("nonsense", Object::kRegistration, f).code(), Code::kInternal);
}

// docs/security.md shows the table: the text between its markers is RolesMarkdown().
TEST(ProjectPermissions, SecurityDocShowsTheTable) {
  std::ifstream in(std::string(JJ_SOURCE_DIR) + "/docs/security.md");
  ASSERT_TRUE(in) << "docs/security.md";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const std::string begin = "<!-- projects permission table: begin -->\n", end = "<!-- projects permission table: end -->";
  const size_t b = doc.find(begin), e = doc.find(end);
  ASSERT_NE(b, std::string::npos) << "marker missing: " << begin;
  ASSERT_NE(e, std::string::npos) << "marker missing: " << end;
  EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), RolesMarkdown())
      << "docs/security.md is out of date; the table is:\n"
      << RolesMarkdown();
}

}  // namespace
}  // namespace jj::projects
