// Surveys over HTTP: the default template and its edits until the first
// answer, who may see, edit, answer and read results, every answer rule,
// one answer per participant (also under concurrent submits), anonymous
// storage, results with averages and distributions, the xlsx export, and a
// teacher's open surveys.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "harness.h"
#include "infra/io/sheet.h"
#include "modules/demo/demo.h"

namespace jj::testing {
namespace {

class Surveys : public Api {
 protected:
  // A project in `state`, through the project routes: created and opened by
  // the real roles, `accepted` teachers (indexes into Teachers()) apply while
  // seats last (capacity = their number), then `waitlisted` ones; "running"
  // is the start transition. Closed and archived are set directly: closing
  // belongs to the assessment routes, which are not there yet.
  int64_t MakeProject(const std::string& state, const std::vector<int>& accepted,
                      const std::vector<int>& waitlisted = {}) {
    static std::atomic<int> counter{0};
    const int n = ++counter;
    EXPECT_TRUE(waitlisted.empty() || !accepted.empty()) << "capacity 0 means no limit";
    // 网络研修: no overlap rule between the many projects of these tests.
    Json body{{"code", "SV-" + GetParam() + "-" + std::to_string(n)},
              {"name", "问卷测试项目" + std::to_string(n)},
              {"level", "区县级"},
              {"form", "网络研修"},
              {"dimension", "学科教学"},
              {"start_date", "2026-04-01"},
              {"end_date", "2026-04-05"},
              {"hours", 24},
              {"capacity", accepted.size()}};
    if (state == "draft") {
      Reply c = As("institution_staff").Post("/api/v1/projects", body);
      EXPECT_EQ(c.status, 201) << c.raw;
      return c.body.value("id", int64_t{0});
    }
    const int64_t id = OpenProject(body);
    for (auto [list, want] : {std::pair{&accepted, "accepted"}, std::pair{&waitlisted, "waitlisted"}})
      for (int i : *list) {
        Reply r = Teacher(i).Post("/api/v1/projects/" + std::to_string(id) + "/registrations", Json::object());
        EXPECT_EQ(r.status, 201) << r.raw;
        EXPECT_EQ(r.body["state"], want) << r.raw;
      }
    if (state == "registration_open") return id;
    Reply started =
        As("institution_staff").Post("/api/v1/projects/" + std::to_string(id) + "/transition", {{"action", "start"}});
    EXPECT_EQ(started.status, 200) << started.raw;
    if (state != "running") {
      Status st = b_->app->db().Transact([&](db::Tx& tx) -> Status {
        tx.Exec("UPDATE projects SET state = :s WHERE id = :id", {state, id});
        return Status::Ok();
      });
      EXPECT_TRUE(st.ok()) << st.Message("en");
    }
    return id;
  }

  // Six serving teachers of school A.
  const std::vector<int64_t>& Teachers() {
    static std::map<std::string, std::vector<int64_t>> by_backend;
    auto& v = by_backend[GetParam()];
    if (v.empty()) v = TeacherIds(demo::kSchoolACode, 6);
    EXPECT_EQ(v.size(), 6u);
    return v;
  }
  // The login of Teachers()[i].
  Client Teacher(int i) { return AsTeacher(Teachers()[i]); }

  static std::string Path(int64_t project, const std::string& kind, const std::string& rest = "") {
    return "/api/v1/projects/" + std::to_string(project) + "/surveys/" + kind + rest;
  }
  template <typename C>
  static Reply Answer(C&& c, int64_t project, const std::string& kind, const Json& answers) {
    return c.Post(Path(project, kind, "/answers"), {{"answers", answers}});
  }
  // A valid answer to the default satisfaction survey.
  static Json Satisfied(int rating, const std::string& comment = "") {
    Json a{{"q1", rating}, {"q2", rating}, {"q3", rating}, {"q4", rating}, {"q5", rating}};
    if (!comment.empty()) a["q6"] = comment;
    return a;
  }
  static Json With(Json answers, const std::string& id, const Json& value) {
    answers[id] = value;
    return answers;
  }
  int64_t Responses(Client& runner, int64_t project, const std::string& kind) {
    Reply r = runner.Get(Path(project, kind, "/results"));
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body.value("responses", -1);
  }
};

TEST_P(Surveys, DefaultTemplateEditedByRunnersUntilTheFirstAnswer) {
  const int64_t p = MakeProject("registration_open", {0, 1}, {2});
  Client staff = As("institution_staff");
  Client bureau = As("bureau_admin");
  Client t0 = Teacher(0);

  Reply def = staff.Get(Path(p, "needs"));
  ASSERT_EQ(def.status, 200) << def.raw;
  EXPECT_FALSE(def.body["customised"]);
  EXPECT_TRUE(def.body["editable"]);
  EXPECT_FALSE(def.body["locked"]);
  EXPECT_TRUE(def.body["open"]);
  EXPECT_EQ(def.body["project"]["id"], p);
  ASSERT_EQ(def.body["questions"].size(), 6u);
  EXPECT_EQ(def.body["questions"][0]["type"], "rating");
  EXPECT_EQ(def.body["questions"][0]["max"], 5);
  Reply sat = bureau.Get(Path(p, "satisfaction"));
  ASSERT_EQ(sat.status, 200);
  EXPECT_EQ(sat.body["questions"][1]["title"], "培训师水平");
  EXPECT_FALSE(sat.body["open"]);  // not before the training runs

  // Runners prepare the surveys of a draft already; nobody can answer yet.
  const int64_t draft = MakeProject("draft", {});
  Reply early = staff.Get(Path(draft, "needs"));
  ASSERT_EQ(early.status, 200) << early.raw;
  EXPECT_TRUE(early.body["editable"]);
  EXPECT_FALSE(early.body["open"]);
  EXPECT_EQ(Teacher(0).Get(Path(draft, "needs")).status, 404);

  // Who sees it: runners and participants; nobody else.
  EXPECT_EQ(As("school_admin_b").Get(Path(p, "needs")).status, 404);
  EXPECT_EQ(As("school_admin").Get(Path(p, "needs")).status, 404);
  EXPECT_EQ(As("expert").Get(Path(p, "needs")).status, 404);
  EXPECT_EQ(Teacher(2).Get(Path(p, "needs")).status, 404);  // waitlisted
  EXPECT_EQ(Teacher(3).Get(Path(p, "needs")).status, 404);  // not registered
  EXPECT_EQ(staff.Get(Path(p + 100000, "needs")).status, 404);
  Reply bad_kind = staff.Get(Path(p, "opinion"));
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_EQ(bad_kind.Field(), "kind");
  Reply mine = t0.Get(Path(p, "needs"));
  ASSERT_EQ(mine.status, 200);
  EXPECT_FALSE(mine.body["editable"]);
  EXPECT_FALSE(mine.body["answered"]);

  // Edits: bad input names the question's field and changes nothing.
  Json questions = Json::array({{{"id", "q1"}, {"type", "rating"}, {"title", "对“双减”背景下作业设计的需求"}},
                                {{"type", "text"}, {"title", "最想解决的问题"}, {"required", true}},
                                {{"type", "text"}, {"title", "其他建议"}}});
  EXPECT_EQ(t0.Put(Path(p, "needs"), {{"questions", questions}}).status, 403);
  EXPECT_EQ(As("school_admin_b").Put(Path(p, "needs"), {{"questions", questions}}).status, 404);
  struct Bad {
    Json body;
    std::string field;
  };
  Json dup = questions;
  dup[1]["id"] = "q1";
  Json bad_type = questions;
  bad_type[2]["type"] = "choice";
  Json no_title = questions;
  no_title[1].erase("title");
  Json long_title = questions;
  long_title[0]["title"] = std::string(201, 'x');
  Json extra = questions;
  extra[0]["weight"] = 2;
  for (const Bad& b : std::vector<Bad>{{{{"questions", Json::array()}}, "questions"},
                                       {{{"questions", "q1"}}, "questions"},
                                       {{{"questions", dup}}, "questions[1].id"},
                                       {{{"questions", bad_type}}, "questions[2].type"},
                                       {{{"questions", no_title}}, "questions[1].title"},
                                       {{{"questions", long_title}}, "questions[0].title"},
                                       {{{"questions", extra}}, "questions[0].weight"},
                                       {{{"questions", questions}, {"title", "x"}}, "title"}}) {
    Reply r = staff.Put(Path(p, "needs"), b.body);
    EXPECT_EQ(r.status, 400) << b.body.dump() << " " << r.raw;
    EXPECT_EQ(r.Field(), b.field) << r.raw;
  }
  EXPECT_FALSE(staff.Get(Path(p, "needs")).body["customised"]);

  Reply saved = staff.Put(Path(p, "needs"), {{"questions", questions}});
  ASSERT_EQ(saved.status, 200) << saved.raw;
  EXPECT_TRUE(saved.body["customised"]);
  ASSERT_EQ(saved.body["questions"].size(), 3u);
  EXPECT_EQ(saved.body["questions"][1]["id"], "q2");  // the first free id
  EXPECT_EQ(saved.body["questions"][2]["id"], "q3");
  EXPECT_TRUE(saved.body["questions"][0]["required"]);   // ratings default to required
  EXPECT_FALSE(saved.body["questions"][2]["required"]);  // texts to optional
  // The bureau over the region edits too; the other kind is untouched.
  questions[2]["title"] = "其他意见和建议";
  ASSERT_EQ(bureau.Put(Path(p, "needs"), {{"questions", questions}}).status, 200);
  EXPECT_FALSE(bureau.Get(Path(p, "satisfaction")).body["customised"]);

  // The participant sees and answers the edited survey; then it is locked.
  EXPECT_EQ(t0.Get(Path(p, "needs")).body["questions"][2]["title"], "其他意见和建议");
  Reply answered = Answer(t0, p, "needs", {{"q1", 4}, {"q2", "大单元作业怎么设计"}});
  ASSERT_EQ(answered.status, 204) << answered.raw;
  EXPECT_TRUE(t0.Get(Path(p, "needs")).body["answered"]);
  Reply locked = staff.Put(Path(p, "needs"), {{"questions", questions}});
  EXPECT_EQ(locked.status, 422);
  EXPECT_EQ(locked.Code(), "failed_precondition");
  EXPECT_NE(locked.Message().find("1 份答卷"), std::string::npos) << locked.raw;
  Reply after = staff.Get(Path(p, "needs"));
  EXPECT_TRUE(after.body["locked"]);
  EXPECT_FALSE(after.body["editable"]);
}

TEST_P(Surveys, EveryAnswerRuleAndOneAnswerPerParticipant) {
  const int64_t running = MakeProject("running", {0, 1, 3}, {2});
  Client staff = As("institution_staff");
  Client t1 = Teacher(1);
  struct Bad {
    Json answers;
    std::string field;
    int status = 400;
  };
  std::string too_long(1001, 'x');
  for (const Bad& b :
       std::vector<Bad>{{{{"q2", 5}, {"q3", 5}, {"q4", 5}, {"q5", 5}}, "q1"},               // required rating missing
                        {Satisfied(6), "q1"},                                               // above the scale
                        {Satisfied(0), "q1"},                                               // below it
                        {{{"q1", 3.5}, {"q2", 5}, {"q3", 5}, {"q4", 5}, {"q5", 5}}, "q1"},  // not an integer
                        {{{"q1", "5"}, {"q2", 5}, {"q3", 5}, {"q4", 5}, {"q5", 5}}, "q1"},  // not a number
                        {Satisfied(4, too_long), "q6"},                                     // text over 1000
                        {With(Satisfied(4), "q6", 12), "q6"},                               // text not a string
                        {With(Satisfied(4), "q9", 1), "q9"},                                // no such question
                        {Json::array(), "answers"}}) {
    Reply r = Answer(t1, running, "satisfaction", b.answers);
    EXPECT_EQ(r.status, b.status) << b.answers.dump().substr(0, 80) << " " << r.raw;
    EXPECT_EQ(r.Field(), b.field) << r.raw;
  }
  Reply missing = t1.Post(Path(running, "satisfaction", "/answers"), Json::object());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.Field(), "answers");
  // The message names the question.
  Reply msg = Answer(t1, running, "satisfaction", {{"q2", 5}, {"q3", 5}, {"q4", 5}, {"q5", 5}});
  EXPECT_EQ(msg.Message(), "第 1 题“培训内容与需求的契合度”为必答题");
  t1.set_lang("en");
  EXPECT_EQ(Answer(t1, running, "satisfaction", Satisfied(9)).Message(),
            "Question 1 \"培训内容与需求的契合度\": choose a rating from 1 to 5");
  t1.set_lang("zh");
  // Nothing was written by the failures.
  EXPECT_EQ(Responses(staff, running, "satisfaction"), 0);
  EXPECT_FALSE(t1.Get(Path(running, "satisfaction")).body["answered"]);

  // Exactly 1000 characters is fine; a second answer is a conflict.
  ASSERT_EQ(Answer(t1, running, "satisfaction", Satisfied(5, std::string(1000, 'y'))).status, 204);
  Reply twice = Answer(t1, running, "satisfaction", Satisfied(1));
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.Code(), "conflict");
  EXPECT_EQ(Answer(t1, running, "satisfaction", Satisfied(9)).status, 409);  // conflict before checks
  EXPECT_EQ(Responses(staff, running, "satisfaction"), 1);
  // The needs survey is a separate one, open while running too.
  EXPECT_EQ(Answer(t1, running, "needs", {{"q1", 3}, {"q2", 2}}).status, 204);

  // Not participants: waitlisted, unregistered → not found; a runner → forbidden.
  EXPECT_EQ(Answer(Teacher(2), running, "satisfaction", Satisfied(5)).status, 404);
  EXPECT_EQ(Answer(Teacher(4), running, "satisfaction", Satisfied(5)).status, 404);
  EXPECT_EQ(Answer(staff, running, "satisfaction", Satisfied(5)).status, 403);
  EXPECT_EQ(Answer(As("school_admin"), running, "satisfaction", Satisfied(5)).status, 404);

  // Closed by the project's state: satisfaction before the training, needs
  // after it, neither once archived.
  const int64_t open = MakeProject("registration_open", {0});
  const int64_t closed = MakeProject("closed", {0});
  const int64_t archived = MakeProject("archived", {0});
  Client t0 = Teacher(0);
  Reply early = Answer(t0, open, "satisfaction", Satisfied(5));
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(early.Message().rfind("该问卷当前未开放填写", 0), 0u) << early.raw;
  EXPECT_EQ(Answer(t0, closed, "needs", {{"q1", 3}, {"q2", 2}}).status, 422);
  EXPECT_EQ(Answer(t0, archived, "needs", {{"q1", 3}, {"q2", 2}}).status, 422);
  EXPECT_EQ(Answer(t0, archived, "satisfaction", Satisfied(4)).status, 422);
  EXPECT_EQ(Answer(t0, closed, "satisfaction", Satisfied(4)).status, 204);
  EXPECT_EQ(Answer(t0, open, "needs", {{"q1", 3}, {"q2", 2}}).status, 204);
}

TEST_P(Surveys, ConcurrentSubmitsCountOncePerTeacher) {
  const int64_t p = MakeProject("running", {1, 3, 4, 5});
  // The same teacher from four sessions at once, and three others at once.
  std::vector<Client> same;
  for (int i = 0; i < 4; ++i) same.push_back(Teacher(1));
  std::vector<Client> others;
  for (int i : {3, 4, 5}) others.push_back(Teacher(i));
  std::atomic<int> ok{0}, conflict{0}, other{0};
  std::vector<std::thread> threads;
  for (auto* group : {&same, &others})
    for (auto& c : *group)
      threads.emplace_back([&, cp = &c] {
        int s = Answer(*cp, p, "satisfaction", Satisfied(4)).status;
        (s == 204 ? ok : s == 409 ? conflict : other)++;
      });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);  // one of the same teacher's, and each of the others'
  EXPECT_EQ(conflict.load(), 3);
  EXPECT_EQ(other.load(), 0);
  Client staff = As("institution_staff");
  EXPECT_EQ(Responses(staff, p, "satisfaction"), 4);
}

TEST_P(Surveys, ResultsAreAggregatedAnonymousAndExported) {
  const int64_t p = MakeProject("running", {0, 1, 3, 4}, {2});
  Client staff = As("institution_staff");
  ASSERT_EQ(Answer(Teacher(0), p, "satisfaction", Satisfied(5, "案例很实用")).status, 204);
  ASSERT_EQ(Answer(Teacher(1), p, "satisfaction", Satisfied(4)).status, 204);
  Json third = Satisfied(4, "希望多安排课堂观摩");
  third["q5"] = 3;
  ASSERT_EQ(Answer(Teacher(3), p, "satisfaction", third).status, 204);

  Reply r = staff.Get(Path(p, "satisfaction", "/results"));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["participants"], 4);  // the waitlisted teacher is no participant
  EXPECT_EQ(r.body["responses"], 3);
  EXPECT_DOUBLE_EQ(r.body["response_rate"].get<double>(), 0.75);
  const Json& qs = r.body["questions"];
  ASSERT_EQ(qs.size(), 6u);
  EXPECT_DOUBLE_EQ(qs[0]["average"].get<double>(), 4.33);
  EXPECT_EQ(qs[0]["distribution"], (Json{{"1", 0}, {"2", 0}, {"3", 0}, {"4", 2}, {"5", 1}}));
  EXPECT_DOUBLE_EQ(qs[4]["average"].get<double>(), 4.0);
  EXPECT_EQ(qs[4]["distribution"]["3"], 1);
  EXPECT_EQ(qs[5]["type"], "text");
  EXPECT_EQ(qs[5]["answered"], 2);
  std::set<std::string> texts(qs[5]["texts"].begin(), qs[5]["texts"].end());
  EXPECT_EQ(texts, (std::set<std::string>{"案例很实用", "希望多安排课堂观摩"}));
  // Nothing in the results names a respondent.
  for (const char* key : {"teacher_id", "respondents", "account_id", "created_at"})
    EXPECT_EQ(r.raw.find(key), std::string::npos) << key;

  // Results are the runners': the bureau over the region yes; participants and outsiders no.
  EXPECT_EQ(As("bureau_admin").Get(Path(p, "satisfaction", "/results")).status, 200);
  EXPECT_EQ(Teacher(0).Get(Path(p, "satisfaction", "/results")).status, 403);
  EXPECT_EQ(As("school_admin_b").Get(Path(p, "satisfaction", "/results")).status, 404);
  EXPECT_EQ(As("school_admin_b").Get(Path(p, "satisfaction", "/results.xlsx")).status, 404);
  // A survey nobody answered: the template, no averages.
  Reply empty = staff.Get(Path(p, "needs", "/results"));
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body["responses"], 0);
  EXPECT_EQ(empty.body["response_rate"], 0.0);
  EXPECT_TRUE(empty.body["questions"][0]["average"].is_null());

  // The storage: who answered and what was answered share nothing but the survey.
  Status st = b_->app->db().Read([&](db::Tx& tx) -> Status {
    db::Row s;
    EXPECT_TRUE(
        tx.QueryOne("SELECT id, updated_by, updated_at FROM surveys WHERE project_id = :p AND "
                    "kind = 'satisfaction'",
                    {p}, s));
    EXPECT_TRUE(s.IsNull(1));  // the first answer does not name its author in the definition
    EXPECT_EQ(s.Int(2), 0);
    auto who = tx.Query("SELECT * FROM survey_respondents WHERE survey_id = :s", {s.Int(0)});
    auto what = tx.Query("SELECT * FROM survey_responses WHERE survey_id = :s", {s.Int(0)});
    EXPECT_EQ(who.size(), 3u);
    EXPECT_EQ(what.size(), 3u);
    EXPECT_EQ(who[0].size(), 2u);   // survey_id, teacher_id: no time
    EXPECT_EQ(what[0].size(), 3u);  // survey_id, token, answers_json: no id, no time
    std::set<std::string> tokens;
    for (const auto& w : what) {
      EXPECT_EQ(w.Int(0), s.Int(0));
      EXPECT_EQ(w.Str(1).size(), 32u);  // a random key
      tokens.insert(w.Str(1));
      const Json answers = Json::parse(w.Str(2));
      for (auto it = answers.begin(); it != answers.end(); ++it)  // answers only
        EXPECT_TRUE(it.key().size() == 2 && it.key()[0] == 'q') << it.key();
    }
    EXPECT_EQ(tokens.size(), 3u);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok());

  // The xlsx export: summary, rating table and comments.
  Reply x = staff.Get(Path(p, "satisfaction", "/results.xlsx"));
  ASSERT_EQ(x.status, 200) << x.raw.substr(0, 200);
  EXPECT_NE(x.content_type.find("spreadsheetml"), std::string::npos);
  EXPECT_NE(x.disposition.find(".xlsx"), std::string::npos);
  std::vector<std::vector<std::string>> rows;
  auto add = [&](int64_t, const std::vector<std::string_view>& cells) {
    rows.emplace_back(cells.begin(), cells.end());
    return Status::Ok();
  };
  ASSERT_TRUE(io::ReadSheet(x.raw, add, add).ok());  // the first sheet: 概况
  ASSERT_GE(rows.size(), 7u);
  EXPECT_EQ(rows[3], (std::vector<std::string>{"问卷", "培训满意度调查"}));
  EXPECT_EQ(rows[4], (std::vector<std::string>{"参训教师", "4"}));
  EXPECT_EQ(rows[5], (std::vector<std::string>{"答卷", "3"}));
  EXPECT_EQ(rows[6], (std::vector<std::string>{"回收率", "75.0%"}));
  EXPECT_NE(x.raw.find("xl/worksheets/sheet3.xml"), std::string::npos);  // 评分题, 文字意见
}

TEST_P(Surveys, MineListsOpenSurveysOfAcceptedProjects) {
  const int64_t open = MakeProject("registration_open", {5});
  const int64_t running = MakeProject("running", {5});
  const int64_t closed = MakeProject("closed", {5});
  const int64_t archived = MakeProject("archived", {5});
  const int64_t waiting = MakeProject("running", {0}, {5});
  Client t5 = Teacher(5);
  ASSERT_EQ(Answer(t5, running, "needs", {{"q1", 5}, {"q2", 4}}).status, 204);
  Reply r = t5.Get("/api/v1/surveys/mine");
  ASSERT_EQ(r.status, 200) << r.raw;
  std::map<std::pair<int64_t, std::string>, bool> got;
  for (const auto& s : r.body["items"])
    got[{s["project"]["id"].get<int64_t>(), s["kind"].get<std::string>()}] = s["answered"].get<bool>();
  std::map<std::pair<int64_t, std::string>, bool> want = {{{open, "needs"}, false},
                                                          {{running, "needs"}, true},
                                                          {{running, "satisfaction"}, false},
                                                          {{closed, "satisfaction"}, false}};
  for (const auto& [k, v] : want) {
    ASSERT_TRUE(got.count(k)) << k.first << " " << k.second << " " << r.raw;
    EXPECT_EQ(got[k], v) << k.first << " " << k.second;
  }
  for (const auto& [k, v] : got) {
    EXPECT_NE(k.first, archived);
    EXPECT_NE(k.first, waiting);
  }
  EXPECT_EQ(As("institution_staff").Get("/api/v1/surveys/mine").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Db, Surveys, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace jj::testing
