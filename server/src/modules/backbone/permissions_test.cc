#include "modules/backbone/permissions.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace jj::backbone {
namespace {

using auth::Role;

TEST(BackbonePermissions, OwnersSetQuotasOnlyWhileOpen) {
  Facts f{.role = Role::kBureauAdmin, .relations = kOwner, .state = "open"};
  EXPECT_TRUE(Require("quotas", Object::kRound, f).ok());
  f.state = "closed";
  EXPECT_EQ(Require("quotas", Object::kRound, f).key(), "backbone.round_closed");
  f = {.role = Role::kBureauAdmin, .relations = kBeneath, .state = "open"};
  EXPECT_EQ(Require("quotas", Object::kRound, f).code(), Code::kPermissionDenied);
  EXPECT_EQ(RequireRole("quotas", Object::kRound, Role::kSchoolAdmin).code(), Code::kPermissionDenied);
}

TEST(BackbonePermissions, SchoolsRecommendAndCountiesReview) {
  Facts f{.role = Role::kSchoolAdmin, .relations = kBeneath, .state = "open"};
  EXPECT_TRUE(Require("recommend", Object::kRound, f).ok());
  f.relations = 0;
  EXPECT_EQ(Require("recommend", Object::kRound, f).code(), Code::kPermissionDenied);
  Facts a{.role = Role::kBureauAdmin, .relations = kOverSchool, .state = "recommended", .round_state = "open"};
  EXPECT_EQ(Allowed(Object::kApplication, a), (std::vector<std::string>{"forward", "return"}));
  a.state = "forwarded";
  EXPECT_EQ(Require("forward", Object::kApplication, a).key(), "backbone.application_decided");
  EXPECT_TRUE(Allowed(Object::kApplication, a).empty());
  a = {.role = Role::kSchoolAdmin, .relations = kOverSchool, .state = "recommended", .round_state = "open"};
  EXPECT_EQ(Require("forward", Object::kApplication, a).code(), Code::kPermissionDenied);
  for (Role r : {Role::kTeacher, Role::kMentor, Role::kInstitutionStaff})
    EXPECT_EQ(RequireRole("list", Object::kList, r).code(), Code::kPermissionDenied);
  EXPECT_EQ(Require("nonsense", Object::kRound, f).code(), Code::kInternal);
}

TEST(BackbonePermissions, AssignedExpertsScoreForwardedCandidatesOnly) {
  Facts f{.role = Role::kExpert, .relations = kAssigned, .state = "forwarded", .round_state = "open"};
  EXPECT_EQ(Allowed(Object::kApplication, f), (std::vector<std::string>{"score", "scores"}));
  f.state = "selected";
  EXPECT_EQ(Require("score", Object::kApplication, f).key(), "backbone.application_decided");
  f = {.role = Role::kExpert, .relations = 0, .state = "forwarded", .round_state = "open"};
  EXPECT_EQ(Require("score", Object::kApplication, f).code(), Code::kPermissionDenied);
  Facts owner{.role = Role::kBureauAdmin, .relations = kOwner, .state = "forwarded", .round_state = "open"};
  EXPECT_TRUE(Require("decide", Object::kApplication, owner).ok());
  EXPECT_EQ(Require("score", Object::kApplication, owner).code(), Code::kPermissionDenied);
}

TEST(BackbonePermissions, AssessmentsAreReviewedLevelByLevel) {
  Facts self{.role = Role::kTeacher, .relations = kSelf, .state = "new"};
  EXPECT_EQ(Allowed(Object::kAssessment, self), (std::vector<std::string>{"submit"}));
  self.state = "school";
  EXPECT_EQ(Require("submit", Object::kAssessment, self).key(), "backbone.assessment_state");
  EXPECT_EQ(Require("pass", Object::kAssessment, self).code(), Code::kPermissionDenied);
  Facts school{.role = Role::kSchoolAdmin, .relations = kOverSchool, .state = "school"};
  EXPECT_EQ(Allowed(Object::kAssessment, school), (std::vector<std::string>{"pass", "fail", "return"}));
  Facts county{.role = Role::kBureauAdmin, .relations = kCounty, .state = "school"};
  EXPECT_EQ(Require("pass", Object::kAssessment, county).code(), Code::kPermissionDenied);
  county.state = "county";
  EXPECT_EQ(Allowed(Object::kAssessment, county), (std::vector<std::string>{"pass", "fail", "return", "reopen"}));
  Facts city{.role = Role::kBureauAdmin, .relations = kCity, .state = "county"};
  EXPECT_EQ(Allowed(Object::kAssessment, city), std::vector<std::string>{});
  city.state = "city";
  EXPECT_EQ(Allowed(Object::kAssessment, city), (std::vector<std::string>{"pass", "fail", "return", "reopen"}));
  city.state = "passed";
  EXPECT_EQ(Require("pass", Object::kAssessment, city).key(), "backbone.assessment_state");
  // A bureau admin over the school but at neither level decides nothing.
  Facts above{.role = Role::kBureauAdmin, .relations = 0, .state = "county"};
  EXPECT_EQ(Allowed(Object::kAssessment, above), std::vector<std::string>{});
}

TEST(BackbonePermissions, SecurityDocShowsTheTable) {
  std::ifstream in(std::string(JJ_SOURCE_DIR) + "/docs/security.md");
  ASSERT_TRUE(in) << "docs/security.md";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  const std::string begin = "<!-- backbone permission table: begin -->\n", end = "<!-- backbone permission table: end -->";
  const size_t b = doc.find(begin), e = doc.find(end);
  ASSERT_NE(b, std::string::npos) << "marker missing: " << begin;
  ASSERT_NE(e, std::string::npos) << "marker missing: " << end;
  EXPECT_EQ(doc.substr(b + begin.size(), e - b - begin.size()), RolesMarkdown())
      << "docs/security.md is out of date; the table is:\n"
      << RolesMarkdown();
}

}  // namespace
}  // namespace jj::backbone
