// Every role against every route, on objects outside its scope. The route
// list comes from the live router (and docs/openapi.json is kept equal to it
// by openapi_test): a route with a path parameter is tried with an object of
// school B by the admin of school A, the township admin of another township
// and a teacher of school A; a route this test cannot fill fails it, so a new
// route is covered the day it lands. A refusal is a 403 or 404 that reveals
// nothing; afterwards the objects are as they were.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness.h"
#include "modules/demo/demo.h"
#include "modules/teachers/teachers.h"

namespace jj::testing {
namespace {

// Objects of school B (汤塘镇中心小学, another township), made once per backend.
struct Foreign {
  std::string teacher, org, account, record, job, project, session, registration, certificate, plan;
  std::string round, application;  // a backbone round of the county, school B's recommendation in it
  std::string assessment;          // the annual assessment of a backbone teacher of school B
  std::string teacher_id_number;  // full, as the bureau sees it
  Json project_input;             // the body that created the project
};

// Markers that only school B's objects carry.
constexpr const char* kRecordMarker = "越界探测记录甲乙";
constexpr const char* kPlanMarker = "越界探测校本方案甲乙";

class ScopeMatrix : public Api {
 protected:
  const Foreign& Objects() {
    static std::map<std::string, Foreign> made;
    auto it = made.find(GetParam());
    if (it != made.end()) return it->second;
    Foreign f;
    Client sys = As("sysadmin");
    Client school_b = As("school_admin_b");
    const int64_t teacher = TeacherIds(demo::kSchoolBCode, 1).at(0);
    f.teacher = std::to_string(teacher);
    f.org = std::to_string(OrgId(demo::kSchoolBCode));
    f.teacher_id_number = sys.Get("/api/v1/teachers/" + f.teacher + "?reveal=1").body.value("id_number", "");
    Reply accounts = sys.Get("/api/v1/accounts?page_size=200");
    for (const auto& a : accounts.body["items"])
      if (a.value("username", "") == "school_admin_b") f.account = std::to_string(a["id"].get<int64_t>());
    Client tb = AsTeacher(teacher);
    Reply rec = tb.Post("/api/v1/credits/records", {{"project_name", kRecordMarker},
                                                    {"date", "2026-03-02"},
                                                    {"hours", 3},
                                                    {"level", "校本"},
                                                    {"form", "校本研修"},
                                                    {"dimension", "师德修养"}});
    EXPECT_EQ(rec.status, 201) << rec.raw;
    f.record = std::to_string(rec.body.value("id", int64_t{0}));
    Reply job = school_b.Post("/api/v1/teachers/export?format=csv", Json::object());
    EXPECT_EQ(job.status, 202) << job.raw;
    f.job = std::to_string(job.body.value("id", int64_t{0}));
    WaitJob(school_b, job.body.value("id", int64_t{0}));
    const std::string d = GetParam() == "sqlite" ? "2026-05-" : "2026-06-";
    Json module = {{"code", "SCOPE-" + GetParam()},
                   {"name", "校本研修：越界探测"},
                   {"kind", "school_module"},
                   {"dimension", "学科教学"},
                   {"theme", "作业设计"},
                   {"half_days", 2},
                   {"start_date", d + "01"},
                   {"end_date", d + "30"},
                   {"hours", 10},
                   {"sessions", Json::array({Json{{"topic", "M1"},
                                                  {"date", d + "03"},
                                                  {"start_time", "14:00"},
                                                  {"end_time", "17:00"},
                                                  {"hours", 5}},
                                             Json{{"topic", "M2"},
                                                  {"date", d + "10"},
                                                  {"start_time", "14:00"},
                                                  {"end_time", "17:00"},
                                                  {"hours", 5}}})}};
    f.project_input = module;
    const int64_t project = OpenProject(module, "school_admin_b");
    f.project = std::to_string(project);
    Reply p = school_b.Get("/api/v1/projects/" + f.project);
    if (p.body.contains("sessions") && !p.body["sessions"].empty())
      f.session = std::to_string(p.body["sessions"][0].value("id", int64_t{0}));
    Reply regs = school_b.Get("/api/v1/projects/" + f.project + "/registrations");
    if (regs.body.contains("items") && !regs.body["items"].empty())
      f.registration = std::to_string(regs.body["items"][0].value("id", int64_t{0}));
    Reply cert = school_b.Post("/api/v1/certificates", {{"teacher_id", teacher}, {"first_year", 2025}, {"last_year", 2026}});
    EXPECT_EQ(cert.status, 201) << cert.raw;
    f.certificate = std::to_string(cert.body.value("id", int64_t{0}));
    Reply plan = school_b.Put("/api/v1/school-plans/2026", {{"title", kPlanMarker}, {"content", "方案正文"}});
    EXPECT_TRUE(plan.status == 200 || plan.status == 201) << plan.raw;
    f.plan = std::to_string(plan.body.value("id", int64_t{0}));
    Reply round = As("bureau_admin").Post("/api/v1/backbone/rounds", {{"level", "县级"},
                                                                       {"year", 2026},
                                                                       {"title", "越界探测遴选"},
                                                                       {"apply_start", "2026-01-01"},
                                                                       {"apply_end", "2026-12-31"},
                                                                       {"review_start", "2026-01-01"},
                                                                       {"review_end", "2026-12-31"}});
    EXPECT_EQ(round.status, 201) << round.raw;
    f.round = std::to_string(round.body.value("id", int64_t{0}));
    Reply app = school_b.Post("/api/v1/backbone/rounds/" + f.round + "/applications",
                              {{"teacher_id", teacher}, {"teaching_record", kRecordMarker}});
    EXPECT_EQ(app.status, 201) << app.raw;
    f.application = std::to_string(app.body.value("id", int64_t{0}));
    const int64_t backbone = TeacherIds(demo::kSchoolBCode, 2).at(1);
    EXPECT_TRUE(b_->app->db()
                    .Transact([&](db::Tx& tx) {
                      return teachers::SetBackboneLevel(tx, *b_->clock, std::nullopt, backbone, "县级", "越界探测");
                    })
                    .ok());
    Reply form = school_b.Post("/api/v1/backbone/assessments",
                               {{"teacher_id", backbone}, {"year", 2026}, {"self_assessment", kRecordMarker}});
    EXPECT_EQ(form.status, 200) << form.raw;
    f.assessment = std::to_string(form.body.value("id", int64_t{0}));
    EXPECT_FALSE(f.account.empty() || f.registration.empty() || f.session.empty() || f.teacher_id_number.empty());
    return made[GetParam()] = f;
  }

  // The route's path with every parameter an object of school B; nullopt
  // when the route has no object to fill (the test then fails).
  std::optional<std::string> Fill(const std::string& method, const std::string& pattern, const Foreign& f) {
    struct Prefix {
      const char* prefix;
      const std::string Foreign::*id;
    };
    static const Prefix kPrefixes[] = {{"/api/v1/accounts/{id}", &Foreign::account},
                                       {"/api/v1/orgs/{id}", &Foreign::org},
                                       {"/api/v1/teachers/{id}", &Foreign::teacher},
                                       {"/api/v1/jobs/{id}", &Foreign::job},
                                       {"/api/v1/credits/records/{id}", &Foreign::record},
                                       {"/api/v1/credits/audit/teachers/{id}", &Foreign::teacher},
                                       {"/api/v1/certificates/{id}", &Foreign::certificate},
                                       {"/api/v1/projects/{id}", &Foreign::project},
                                       {"/api/v1/registrations/{id}", &Foreign::registration},
                                       {"/api/v1/school-plans/{id}", &Foreign::plan},
                                       {"/api/v1/backbone/rounds/{id}", &Foreign::round},
                                       {"/api/v1/backbone/applications/{id}", &Foreign::application},
                                       {"/api/v1/backbone/assessments/{id}", &Foreign::assessment},
                                       {"/api/v1/backbone/teachers/{id}", &Foreign::teacher}};
    if (method == "PUT" && pattern == "/api/v1/school-plans/{year}") return std::nullopt;
    std::string path = pattern;
    bool filled = false;
    for (const auto& p : kPrefixes) {
      const std::string pre = p.prefix;
      if (path.rfind(pre, 0) == 0 && (path.size() == pre.size() || path[pre.size()] == '/')) {
        path.replace(0, pre.size(), pre.substr(0, pre.size() - 4) + f.*(p.id));
        filled = true;
        break;
      }
    }
    if (!filled) return std::nullopt;
    auto put = [&](const std::string& name, const std::string& v) {
      size_t at = path.find(name);
      if (at != std::string::npos) path.replace(at, name.size(), v);
    };
    put("{file_id}", "1");
    put("{evidence_id}", "1");
    put("{session_id}", f.session);
    put("{kind}", "needs");
    if (path.find('{') != std::string::npos) return std::nullopt;
    return path;
  }

  // A body that would do something if the scope rule were missing.
  static std::string BodyFor(const std::string& method, const std::string& pattern, const Foreign& f) {
    const int64_t teacher = std::stoll(f.teacher);
    const std::map<std::string, Json> bodies = {
        {"PATCH /api/v1/teachers/{id}", {{"phone", "13900000000"}}},
        {"DELETE /api/v1/teachers/{id}", Json::object()},
        {"POST /api/v1/teachers/{id}/transfer", {{"to_org_id", 1}, {"date", "2026-09-01"}}},
        {"PATCH /api/v1/accounts/{id}", {{"disabled", true}}},
        {"PATCH /api/v1/orgs/{id}", {{"name", "改名"}}},
        {"POST /api/v1/credits/records/{id}/reject", {{"reason", "越界"}}},
        {"POST /api/v1/certificates/{id}/revoke", {{"reason", "越界"}}},
        {"PUT /api/v1/projects/{id}", f.project_input},
        {"POST /api/v1/projects/{id}/transition", {{"action", "start"}}},
        {"POST /api/v1/projects/{id}/experts", {{"expert_ids", {1}}}},
        {"PUT /api/v1/projects/{id}/quotas", {{"items", Json::array({{{"org_id", 1}, {"quota", 5}}})}}},
        {"POST /api/v1/projects/{id}/nominations", {{"teacher_ids", {teacher}}}},
        {"PUT /api/v1/projects/{id}/attendance",
         {{"marks", Json::array({{{"session_id", std::stoll(f.session)},
                                  {"registration_id", std::stoll(f.registration)},
                                  {"status", "absent"}}})}}},
        {"PUT /api/v1/projects/{id}/grades",
         {{"grades", Json::array({{{"registration_id", std::stoll(f.registration)}, {"grade", "不合格"}}})}}},
        {"POST /api/v1/registrations/{id}/makeup", {{"grade", "合格"}}},
        {"POST /api/v1/registrations/{id}/decision", {{"action", "reject"}, {"reason", "越界"}}},
        {"PUT /api/v1/projects/{id}/surveys/{kind}",
         {{"questions", Json::array({{{"id", "q1"}, {"type", "text"}, {"title", "越界"}, {"max_length", 100}}})}}},
        {"POST /api/v1/projects/{id}/surveys/{kind}/answers", {{"answers", Json::array()}}},
        {"PUT /api/v1/backbone/rounds/{id}/quotas", {{"items", Json::array({{{"org_id", std::stoll(f.org)}, {"quota", 0}}})}}},
        {"POST /api/v1/backbone/rounds/{id}/applications", {{"teacher_id", teacher}, {"teaching_record", "越界"}}},
        {"POST /api/v1/backbone/applications/{id}/review", {{"action", "return"}, {"reason", "越界"}}},
        {"PUT /api/v1/backbone/rounds/{id}/experts", {{"expert_ids", Json::array()}}},
        {"POST /api/v1/backbone/applications/{id}/scores", {{"total", 0}}},
        {"POST /api/v1/backbone/applications/{id}/decision", {{"action", "reject"}, {"reason", "越界"}}},
        {"POST /api/v1/backbone/rounds/{id}/publicity", {{"start", "2026-01-01"}, {"end", "2026-01-02"}}},
        {"POST /api/v1/backbone/applications/{id}/objections", {{"text", "越界"}}},
        {"POST /api/v1/backbone/assessments/{id}/review", {{"action", "fail"}, {"reason", "越界"}}},
    };
    if (pattern == "/api/v1/credits/records/{id}/evidence") return "%PDF-1.4\n%%EOF\n";
    auto it = bodies.find(method + " " + pattern);
    return it == bodies.end() ? "{}" : it->second.dump();
  }

  // Read routes on a project: published projects are seen by everyone in
  // their region (projects/service.cc MaySee), so these may answer 200 — with
  // nothing of school B's teachers in them.
  static bool RegionReadable(const std::string& method, const std::string& pattern) {
    static const std::set<std::string> kReadable = {
        "GET /api/v1/projects/{id}", "GET /api/v1/projects/{id}/quotas", "GET /api/v1/projects/{id}/registrations",
        "GET /api/v1/projects/{id}/candidates", "GET /api/v1/projects/{id}/surveys/{kind}",
        "GET /api/v1/projects/{id}/results",
        // A backbone round is seen by every school beneath its owner; its
        // applications list shows the reader's own schools only.
        "GET /api/v1/backbone/rounds/{id}", "GET /api/v1/backbone/rounds/{id}/applications"};
    return kReadable.count(method + " " + pattern) > 0;
  }

  // What an out-of-scope reader must never see.
  static void ExpectNoLeak(const Reply& r, const Foreign& f, const std::string& what) {
    EXPECT_EQ(r.raw.find(f.teacher_id_number), std::string::npos) << what << " leaks the ID number";
    EXPECT_EQ(r.raw.find(kRecordMarker), std::string::npos) << what << " leaks school B's record";
    EXPECT_EQ(r.raw.find(kPlanMarker), std::string::npos) << what << " leaks school B's plan";
  }

  // The objects as the platform admin sees them.
  std::vector<std::string> Snapshot(const Foreign& f) {
    Client sys = As("sysadmin");
    std::vector<std::string> out;
    for (const std::string& p :
         {"/api/v1/teachers/" + f.teacher, "/api/v1/orgs/" + f.org, "/api/v1/certificates/" + f.certificate,
          "/api/v1/projects/" + f.project, "/api/v1/school-plans/" + f.plan,
          "/api/v1/projects/" + f.project + "/registrations", "/api/v1/credits/records?teacher_id=" + f.teacher,
          "/api/v1/backbone/rounds/" + f.round, "/api/v1/backbone/applications/" + f.application,
          "/api/v1/backbone/assessments/" + f.assessment})
      out.push_back(sys.Get(p).raw);
    Reply accounts = sys.Get("/api/v1/accounts?page_size=200");
    for (const auto& a : accounts.body["items"])
      if (std::to_string(a.value("id", int64_t{0})) == f.account) out.push_back(a.dump());
    return out;
  }
};

const char* const kActors[] = {"school_admin", "township_admin", "teacher"};

TEST_P(ScopeMatrix, NoRoleReachesAnotherSchoolsObjectsByPath) {
  const Foreign& f = Objects();
  const auto before = Snapshot(f);
  size_t tried = 0;
  std::vector<std::string> unfilled;
  for (const char* actor : kActors) {
    Client c = As(actor);
    for (const auto& route : b_->app->router().routes()) {
      if (route.access == http::Access::kPublic || route.pattern.find('{') == std::string::npos) continue;
      if (route.pattern == "/api/v1/school-plans/{year}") continue;  // the actor's own school, by year
      auto path = Fill(route.method, route.pattern, f);
      if (!path) {
        if (std::string(actor) == kActors[0]) unfilled.push_back(route.method + " " + route.pattern);
        continue;
      }
      const std::string what = std::string(actor) + ": " + route.method + " " + *path;
      const bool upload = route.pattern == "/api/v1/credits/records/{id}/evidence";
      Reply r = route.method == "GET"
                    ? c.Get(*path + (route.pattern.find("/audit/") != std::string::npos ? "?year=2026" : ""))
                    : c.Send(route.method, upload ? *path + "?name=a.pdf" : *path,
                             BodyFor(route.method, route.pattern, f), upload ? "application/pdf" : "application/json");
      ++tried;
      bool refused = r.status == 403 || r.status == 404;
      // Nominations answer per teacher: each out-of-scope teacher is refused.
      if (route.pattern == "/api/v1/projects/{id}/nominations" && r.status == 200) {
        refused = !r.body["items"].empty();
        for (const auto& item : r.body["items"]) refused = refused && item.contains("error");
      }
      // A school module is published in its region and takes no registrations.
      if (route.pattern == "/api/v1/projects/{id}/registrations" && route.method == "POST" && r.status == 422)
        refused = true;
      if (RegionReadable(route.method, route.pattern)) {
        EXPECT_TRUE(refused || r.status == 200) << what << " → " << r.status << " " << r.raw.substr(0, 200);
        if (r.status == 200 && route.pattern.find("/candidates") == std::string::npos) {
          EXPECT_EQ(r.raw.find("\"teacher_id\":" + f.teacher), std::string::npos) << what << " lists a teacher of school B";
        }
      } else {
        EXPECT_TRUE(refused) << what << " → " << r.status << " " << r.raw.substr(0, 200);
      }
      ExpectNoLeak(r, f, what);
    }
    EXPECT_EQ(c.Get("/api/v1/auth/me").status, 200) << actor;
  }
  EXPECT_TRUE(unfilled.empty()) << "routes with no out-of-scope object in this test (add one to Fill): "
                                << ::testing::PrintToString(unfilled);
  EXPECT_GT(tried, 100u);
  EXPECT_EQ(Snapshot(f), before) << "an out-of-scope request changed school B's objects";
  std::printf("[ scope matrix: %zu out-of-scope requests on %s ]\n", tried, GetParam().c_str());
}

TEST_P(ScopeMatrix, NoListOrFilterShowsAnotherSchool) {
  const Foreign& f = Objects();
  size_t tried = 0;
  for (const char* actor : kActors) {
    Client c = As(actor);
    for (const auto& route : b_->app->router().routes()) {
      if (route.method != "GET" || route.access == http::Access::kPublic) continue;
      if (route.pattern.find('{') != std::string::npos) continue;
      const std::string path = route.pattern + "?org_id=" + f.org + "&teacher_id=" + f.teacher +
                               "&project_id=" + f.project + "&year=2026&page_size=200&q=" + kRecordMarker;
      Reply r = c.Get(path);
      ++tried;
      ExpectNoLeak(r, f, std::string(actor) + ": GET " + path);
      EXPECT_NE(r.status, 500) << path;
    }
  }
  EXPECT_GT(tried, 20u);
}

TEST_P(ScopeMatrix, NoRoleWritesIntoAnotherSchool) {
  const Foreign& f = Objects();
  const auto before = Snapshot(f);
  const int64_t teacher = std::stoll(f.teacher), org = std::stoll(f.org);
  struct Write {
    const char* method;
    std::string path;
    Json body;
  };
  const std::vector<Write> writes = {
      {"POST", "/api/v1/credits/records",
       {{"teacher_id", teacher}, {"project_name", "越界"}, {"date", "2026-03-02"}, {"hours", 3},
        {"level", "校本"}, {"form", "校本研修"}, {"dimension", "师德修养"}}},
      {"POST", "/api/v1/credits/stamps", {{"teacher_id", teacher}, {"year", 2026}}},
      {"PUT", "/api/v1/credits/exemptions", {{"teacher_id", teacher}, {"year", 2026}, {"reason", "越界"}}},
      {"POST", "/api/v1/credits/locks", {{"org_id", org}, {"year", 2026}, {"locked", true}}},
      {"POST", "/api/v1/certificates", {{"teacher_id", teacher}, {"first_year", 2025}, {"last_year", 2026}}},
      {"POST", "/api/v1/certificates/batch", {{"org_id", org}, {"first_year", 2025}, {"last_year", 2026}}},
      {"POST", "/api/v1/accounts",
       {{"username", "scope_probe"}, {"display_name", "越界"}, {"role", "school_admin"}, {"org_id", org}}},
      {"POST", "/api/v1/teachers",
       {{"name", "越界"}, {"id_number", MakeIdNumber("441821", "19900101", 991)}, {"sex", "男"},
        {"birth_date", "1990-01-01"}, {"org_id", org}, {"stage", "小学"}, {"subject", "语文"}}},
      {"POST", "/api/v1/orgs", {{"code", "SCOPEPROBE1"}, {"name", "越界"}, {"type", "school"}, {"parent_id", org}}},
      {"POST", "/api/v1/teachers/export?org_id=" + f.org, Json::object()},
  };
  for (const char* actor : kActors) {
    Client c = As(actor);
    for (const auto& w : writes) {
      Reply r = c.Send(w.method, w.path, w.body.dump());
      const std::string what = std::string(actor) + ": " + w.method + " " + w.path;
      EXPECT_TRUE(r.status == 403 || r.status == 404) << what << " → " << r.status << " " << r.raw.substr(0, 200);
      ExpectNoLeak(r, f, what);
    }
  }
  EXPECT_EQ(Snapshot(f), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScopeMatrix, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace jj::testing
