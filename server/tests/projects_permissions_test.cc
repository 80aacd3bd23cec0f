// The projects permission table walked over HTTP: for every action of
// modules/projects/permissions.cc and every demo role, an object in a state
// the action starts from is made through the API as the real roles; the
// role reads the object's `actions` (the table's answer for it) and then
// tries the action. An action the table allows must not be refused with
// 403/404; one it denies must be. A role allowed to change the object gets
// an object of its own, so every allowed role acts on the state the action
// starts from. Both databases.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "harness.h"
#include "modules/projects/permissions.h"
#include "modules/projects/projects.h"

namespace jj::testing {
namespace {

const char* const kRoles[] = {"sysadmin",     "bureau_admin",   "institution_staff", "township_admin",
                              "school_admin", "school_admin_b", "teacher",           "expert"};

// An object to act on: a project, and (for registration actions) one of its registrations.
struct Target {
  int64_t project = 0, registration = 0;
  std::string token;  // a session's check-in token
  Json body;          // the body that created the project
};

class ProjectPermissions : public Api {
 protected:
  Client& C(const std::string& role) {
    auto& c = clients_[role];
    if (!c) c.reset(new Client(As(role)));
    return *c;
  }
  std::string P(int64_t id, const std::string& rest = "") { return "/api/v1/projects/" + std::to_string(id) + rest; }
  int64_t Me(const std::string& role) { return C(role).Get("/api/v1/auth/me").body["user"]["id"].get<int64_t>(); }
  Reply Move(const std::string& role, int64_t id, const std::string& action, const std::string& reason = "") {
    Json b{{"action", action}};
    if (!reason.empty()) b["reason"] = reason;
    Reply r = C(role).Post(P(id, "/transition"), b);
    EXPECT_EQ(r.status, 200) << role << " " << action << ": " << r.raw;
    return r;
  }

  // A fresh training project (网络研修, so registrations never overlap) run by
  // the institution, taught by the township admin, brought to `state`.
  Target Training(const std::string& state, const std::string& approval = "none") {
    const int n = ++serial_;
    const std::string day = (GetParam() == "sqlite" ? "2029-" : "2030-") + std::string(n % 12 < 9 ? "0" : "") +
                            std::to_string(n % 12 + 1) + "-1" + std::to_string(n % 9);
    Target t;
    t.body = {{"code", "PERM-" + GetParam() + "-" + std::to_string(n)},
              {"name", "权限表项目" + std::to_string(n)},
              {"level", "区县级"},
              {"form", "网络研修"},
              {"dimension", "学科教学"},
              {"start_date", day},
              {"end_date", day},
              {"hours", 3},
              {"capacity", 30},
              {"approval", approval},
              {"tutor_ids", {Me("township_admin")}},
              {"sessions", Json::array({{{"date", day},
                                         {"start_time", "08:30"},
                                         {"end_time", "11:30"},
                                         {"hours", 3},
                                         {"course", "课程"}}})}};
    Reply c = C("institution_staff").Post("/api/v1/projects", t.body);
    EXPECT_EQ(c.status, 201) << c.raw;
    t.project = c.body.value("id", int64_t{0});
    Advance(t, "institution_staff", state);
    return t;
  }
  // A school module project of school A (school_admin), brought to `state`.
  Target Module(const std::string& state) {
    const int n = ++serial_;
    const std::string day = (GetParam() == "sqlite" ? "2029-" : "2030-") + std::string("0") +
                            std::to_string(n % 9 + 1) + "-20";
    Target t;
    t.body = {{"code", "PERM-M-" + GetParam() + "-" + std::to_string(n)},
              {"name", "权限表校本" + std::to_string(n)},
              {"kind", "school_module"},
              {"dimension", "学科教学"},
              {"theme", "作业设计"},
              {"half_days", 1},
              {"start_date", day},
              {"end_date", day},
              {"hours", 3},
              {"sessions", Json::array({{{"topic", "M1"},
                                         {"date", day},
                                         {"start_time", "14:00"},
                                         {"end_time", "17:00"},
                                         {"hours", 3}}})}};
    Reply c = C("school_admin").Post("/api/v1/projects", t.body);
    EXPECT_EQ(c.status, 201) << c.raw;
    t.project = c.body.value("id", int64_t{0});
    Advance(t, "school_admin", state);
    return t;
  }
  void Advance(Target& t, const std::string& owner, const std::string& state) {
    static const std::vector<std::string> kOrder = {"draft",    "submitted",         "under_review", "scored",
                                                    "approved", "registration_open", "running",      "closed",
                                                    "archived"};
    if (state == "rejected") {
      Move(owner, t.project, "submit");
      Move("bureau_admin", t.project, "reject", "不符合");
      return;
    }
    const size_t want = std::find(kOrder.begin(), kOrder.end(), state) - kOrder.begin();
    ASSERT_LT(want, kOrder.size()) << state;
    for (size_t i = 1; i <= want; ++i) {
      const std::string& s = kOrder[i];
      if (s == "submitted") Move(owner, t.project, "submit");
      if (s == "under_review") {
        EXPECT_EQ(C("bureau_admin").Post(P(t.project, "/experts"), {{"expert_ids", {Me("expert")}}}).status, 204);
      }
      if (s == "scored") {
        Json scores = Json::object();
        for (const auto& [criterion, max] : projects::DefaultRubric()) scores[criterion] = max;
        EXPECT_EQ(C("expert").Post(P(t.project, "/reviews"), {{"scores", scores}}).status, 204);
      }
      if (s == "approved") Move("bureau_admin", t.project, "approve");
      if (s == "registration_open") Move(owner, t.project, "open");
      if (s == "running") {
        if (t.body.value("kind", "training") == "training") {
          Reply a = C("teacher").Post(P(t.project, "/registrations"), Json::object());
          EXPECT_EQ(a.status, 201) << a.raw;
          t.registration = a.body.value("id", int64_t{0});
        }
        Move(owner, t.project, "start");
      }
      if (s == "closed") {
        EXPECT_EQ(C(owner).Post(P(t.project, "/close"), Json::object()).status, 200);
      }
      if (s == "archived") Move(owner, t.project, "archive");
    }
  }
  // A registration of the demo teacher, in `state` (pending_school, pending_county, accepted).
  Target Registered(const std::string& state) {
    Target t = Training("registration_open", state == "accepted" ? "none" : "school_county");
    Reply a = C("teacher").Post(P(t.project, "/registrations"), Json::object());
    EXPECT_EQ(a.status, 201) << a.raw;
    t.registration = a.body.value("id", int64_t{0});
    if (state == "pending_county") {
      Reply d = C("school_admin").Post("/api/v1/registrations/" + std::to_string(t.registration) + "/decision",
                                       {{"action", "approve"}});
      EXPECT_EQ(d.body.value("state", ""), "pending_county") << d.raw;
    }
    return t;
  }
  std::string TokenOf(int64_t project) {
    std::string token;
    EXPECT_TRUE(b_->app->db()
                    .Read([&](db::Tx& tx) -> Status {
                      db::Row r;
                      tx.QueryOne("SELECT checkin_token FROM project_sessions WHERE project_id = :p", {project}, r);
                      token = r.Str(0);
                      return Status::Ok();
                    })
                    .ok());
    return token;
  }

  // The actions the role reads on the object (none when it cannot see it).
  std::set<std::string> ActionsOf(const std::string& role, projects::Object object, const Target& t) {
    Reply r = object == projects::Object::kList      ? C(role).Get("/api/v1/projects?page_size=1")
              : object == projects::Object::kProject ? C(role).Get(P(t.project))
                                                     : C(role).Get(P(t.project, "/registrations"));
    std::set<std::string> out;
    if (r.status != 200) return out;
    const Json* actions = &r.body["actions"];
    if (object == projects::Object::kRegistration) {
      actions = nullptr;
      for (const auto& item : r.body["items"])
        if (item.value("id", int64_t{0}) == t.registration) actions = &item["actions"];
      if (!actions) return out;
    }
    for (const auto& a : *actions) out.insert(a.get<std::string>());
    return out;
  }

  std::map<std::string, std::unique_ptr<Client>> clients_;
  int serial_ = 0;
};

struct Case {
  std::function<Target()> make;
  std::function<Reply(Client&, const Target&)> request;
  bool changes = true;  // an allowed request changes the object: each allowed role gets its own
};

TEST_P(ProjectPermissions, EveryActionAndRoleAsTheTableSays) {
  using projects::Object;
  auto post = [](const std::string& path, Json body) {
    return [path, body](Client& c, const Target& t) {
      std::string p = path;
      if (auto at = p.find("{id}"); at != std::string::npos) p.replace(at, 4, std::to_string(t.project));
      if (auto at = p.find("{reg}"); at != std::string::npos) p.replace(at, 5, std::to_string(t.registration));
      return c.Post(p, body);
    };
  };
  auto move = [&](const std::string& action) {
    Json b{{"action", action}};
    if (action == "reject") b["reason"] = "不符合";
    return post("/api/v1/projects/{id}/transition", b);
  };
  auto get = [](const std::string& path) {
    return [path](Client& c, const Target& t) {
      std::string p = path;
      if (auto at = p.find("{id}"); at != std::string::npos) p.replace(at, 4, std::to_string(t.project));
      return c.Get(p);
    };
  };
  auto put = [](const std::string& path, Json body) {
    return [path, body](Client& c, const Target& t) {
      std::string p = path;
      p.replace(p.find("{id}"), 4, std::to_string(t.project));
      return c.Put(p, body);
    };
  };
  Json scores = Json::object();
  for (const auto& [criterion, max] : projects::DefaultRubric()) scores[criterion] = max;
  const int64_t teacher_id = C("teacher").Get("/api/v1/auth/me").body["user"].value("teacher_id", int64_t{0});
  int created = 0;
  auto training = [&](const std::string& s) { return [&, s] { return Training(s); }; };
  const std::map<std::pair<std::string, Object>, Case> cases = {
      {{"create", Object::kList},
       {[] { return Target{}; },
        [&](Client& c, const Target&) {
          Json b = Training("draft").body;  // a body known to be valid, with a code of its own
          b["code"] = b["code"].get<std::string>() + "-c" + std::to_string(++created);
          return c.Post("/api/v1/projects", b);
        }}},
      {{"create_school_module", Object::kList},
       {[] { return Target{}; },
        [&](Client& c, const Target&) {
          Json b = Module("draft").body;
          b["code"] = b["code"].get<std::string>() + "-c" + std::to_string(++created);
          return c.Post("/api/v1/projects", b);
        }}},
      {{"edit", Object::kProject},
       {training("draft"), [&](Client& c, const Target& t) { return c.Put(P(t.project), t.body); }, false}},
      {{"submit", Object::kProject}, {training("draft"), move("submit")}},
      {{"review", Object::kProject},
       {training("submitted"), post("/api/v1/projects/{id}/experts", {{"expert_ids", {Me("expert")}}})}},
      {{"score", Object::kProject},
       {training("under_review"), post("/api/v1/projects/{id}/reviews", {{"scores", scores}}), false}},
      {{"reviews", Object::kProject}, {training("scored"), get("/api/v1/projects/{id}/reviews"), false}},
      {{"approve", Object::kProject}, {training("scored"), move("approve")}},
      {{"reject", Object::kProject}, {training("submitted"), move("reject")}},
      {{"revise", Object::kProject}, {training("rejected"), move("revise")}},
      {{"quotas", Object::kProject},
       {training("approved"), put("/api/v1/projects/{id}/quotas", {{"items", Json::array()}}), false}},
      {{"open", Object::kProject}, {training("approved"), move("open")}},
      {{"start", Object::kProject}, {training("registration_open"), move("start")}},
      {{"apply", Object::kProject},
       {training("registration_open"), post("/api/v1/projects/{id}/registrations", Json::object())}},
      {{"nominate", Object::kProject},
       {training("registration_open"), post("/api/v1/projects/{id}/nominations", {{"teacher_ids", {teacher_id}}})}},
      {{"candidates", Object::kProject},
       {training("registration_open"), get("/api/v1/projects/{id}/candidates"), false}},
      {{"assessment", Object::kProject}, {training("running"), get("/api/v1/projects/{id}/attendance"), false}},
      {{"attendance", Object::kProject},
       {training("running"), put("/api/v1/projects/{id}/attendance", {{"marks", Json::array()}}), false}},
      {{"grade", Object::kProject},
       {training("running"), put("/api/v1/projects/{id}/grades", {{"grades", Json::array()}}), false}},
      {{"makeup", Object::kProject},
       {training("running"), post("/api/v1/registrations/{reg}/makeup", {{"grade", "不合格"}}), false}},
      {{"results", Object::kProject}, {training("running"), get("/api/v1/projects/{id}/results"), false}},
      {{"checkin", Object::kProject},
       {[&] {
          Target t = Training("running");
          t.token = TokenOf(t.project);
          return t;
        },
        [](Client& c, const Target& t) { return c.Post("/api/v1/checkin", {{"token", t.token}}); }, false}},
      {{"close", Object::kProject}, {training("running"), post("/api/v1/projects/{id}/close", Json::object())}},
      {{"archive", Object::kProject}, {training("closed"), move("archive")}},
      {{"upgrade", Object::kProject},
       {[&] { return Module("approved"); }, post("/api/v1/projects/{id}/upgrade", Json::object())}},
      {{"surveys", Object::kProject}, {training("running"), get("/api/v1/projects/{id}/surveys/needs/results"), false}},
      {{"approve", Object::kRegistration},
       {[&] { return Registered("pending_school"); },
        post("/api/v1/registrations/{reg}/decision", {{"action", "approve"}})}},
      {{"reject", Object::kRegistration},
       {[&] { return Registered("pending_school"); },
        post("/api/v1/registrations/{reg}/decision", {{"action", "reject"}, {"reason", "名额已满"}})}},
      {{"withdraw", Object::kRegistration},
       {[&] { return Registered("accepted"); }, post("/api/v1/registrations/{reg}/withdraw", Json::object())}},
  };
  // The county's step of the approval chain, as a second object state of the same actions.
  const std::map<std::string, Case> county = {
      {"approve",
       {[&] { return Registered("pending_county"); },
        post("/api/v1/registrations/{reg}/decision", {{"action", "approve"}})}},
      {"reject",
       {[&] { return Registered("pending_county"); },
        post("/api/v1/registrations/{reg}/decision", {{"action", "reject"}, {"reason", "名额已满"}})}},
  };

  std::set<std::pair<std::string, Object>> walked;
  size_t tried = 0;
  auto walk = [&](const std::string& action, Object object, const Case& c, const std::string& label) {
    std::set<std::string> allowed_roles;
    Target shared = c.make();
    for (const char* role : kRoles) {
      const bool allowed = ActionsOf(role, object, shared).count(action) > 0;
      if (allowed) allowed_roles.insert(role);
      Target t = allowed && c.changes ? c.make() : shared;
      if (allowed && c.changes) {
        EXPECT_TRUE(ActionsOf(role, object, t).count(action)) << label << " " << role;
      }
      Reply r = c.request(C(role), t);
      ++tried;
      const bool refused = r.status == 403 || r.status == 404;
      if (allowed) {
        EXPECT_FALSE(refused) << label << ": the table allows " << role << ", the server answered " << r.status << " "
                              << r.raw.substr(0, 200);
      } else {
        EXPECT_TRUE(refused) << label << ": the table denies " << role << ", the server answered " << r.status << " "
                             << r.raw.substr(0, 200);
      }
    }
    EXPECT_FALSE(allowed_roles.empty()) << label << ": no demo role may take it, so nothing was checked";
    EXPECT_LT(allowed_roles.size(), std::size(kRoles)) << label << ": every role may take it";
    std::printf("[ %s: %s ]\n", label.c_str(), ::testing::PrintToString(allowed_roles).c_str());
  };
  for (const auto& [key, c] : cases) {
    walk(key.first, key.second, c, key.first + (key.second == Object::kRegistration ? " (registration)" : ""));
    walked.insert(key);
  }
  for (const auto& [action, c] : county) walk(action, Object::kRegistration, c, action + " (at the county)");
  // Every action of the table is walked.
  for (const auto& rule : projects::Rules())
    EXPECT_TRUE(walked.count({rule.action, rule.object})) << "action " << rule.action << " is not walked: add a case";
  std::printf("[ permission walk: %zu requests on %s ]\n", tried, GetParam().c_str());
}

INSTANTIATE_TEST_SUITE_P(Backends, ProjectPermissions, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace jj::testing
