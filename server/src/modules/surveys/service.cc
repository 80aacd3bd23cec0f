#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "infra/auth/password.h"
#include "infra/http/json_io.h"
#include "infra/io/sheet.h"
#include "modules/projects/projects.h"
#include "modules/surveys/surveys.h"

namespace jj::surveys {

namespace {

using Json = nlohmann::json;

// The project and how the actor stands to it, from the projects module:
// its runners (the projects permission table's "surveys" action) edit the
// survey and read its results; its participants answer.
std::optional<projects::Standing> FindProject(db::Tx& tx, const auth::Actor& actor, int64_t id) {
  return projects::StandingOf(tx, actor, id);
}

ProjectRef RefOf(const projects::ProjectBrief& p) {
  return {p.id, p.code, p.name, p.state, p.start_date, p.end_date};
}

// Needs: before and during the training; satisfaction: during and after.
bool OpenIn(const std::string& kind, const std::string& state) {
  if (kind == "needs") return state == "registration_open" || state == "running";
  return state == "running" || state == "closed";
}

std::string QuestionsText(const std::vector<Question>& qs) {
  Json a = Json::array();
  for (const auto& q : qs) a.push_back({{"id", q.id}, {"type", q.type}, {"title", q.title}, {"required", q.required}});
  return a.dump();
}

std::vector<Question> ParseQuestions(const std::string& text) {
  std::vector<Question> out;
  for (const Json& q : Json::parse(text))
    out.push_back({q.value("id", ""), q.value("type", ""), q.value("title", ""), q.value("required", false)});
  return out;
}

// The stored definition of a project's survey, if any.
struct Stored {
  int64_t id = 0;
  std::vector<Question> questions;
  bool customised = false;
  int64_t responses = 0;
};

std::optional<Stored> FindSurvey(db::Tx& tx, int64_t project_id, const std::string& kind) {
  db::Row r;
  if (!tx.QueryOne("SELECT id, questions_json, customised, responses FROM surveys WHERE project_id = :p AND kind = :k",
                   {project_id, kind}, r))
    return std::nullopt;
  return Stored{r.Int(0), ParseQuestions(r.Str(1)), r.Int(2) != 0, r.Int(3)};
}

bool HasAnswered(db::Tx& tx, int64_t survey_id, int64_t teacher_id) {
  db::Row r;
  return tx.QueryOne("SELECT 1 FROM survey_respondents WHERE survey_id = :s AND teacher_id = :t",
                     {survey_id, teacher_id}, r);
}

// The project when the actor may see its survey: as a runner, or as a
// participant. Else NotFound.
Result<projects::Standing> Visible(db::Tx& tx, const auth::Actor& actor, int64_t project_id,
                                   const std::string& kind) {
  JJ_RETURN_IF_ERROR(http::CheckEnum("kind", kind, Kinds()));
  auto p = FindProject(tx, actor, project_id);
  if (!p || (!p->runs && !p->participates)) return NotFound();
  return *p;
}

// Only runners: a participant gets PermissionDenied, anyone else NotFound.
Result<projects::Standing> AsRunner(db::Tx& tx, const auth::Actor& actor, int64_t project_id,
                                    const std::string& kind) {
  JJ_ASSIGN_OR_RETURN(projects::Standing p, Visible(tx, actor, project_id, kind));
  if (!p.runs) return PermissionDenied();
  return p;
}

// Writes the definition row when there is none yet (a concurrent writer's
// row wins; nothing fails). `editor` and `at` are null and 0 when an answer
// creates it: the row must not name or date the first respondent.
void EnsureSurvey(db::Tx& tx, int64_t project_id, const std::string& kind, const std::vector<Question>& questions,
                  bool customised, const db::Param& editor, int64_t at) {
  tx.Exec(
      "INSERT INTO surveys (project_id, kind, questions_json, customised, responses, updated_by, updated_at) "
      "VALUES (:p, :k, :q, :c, 0, :by, :at) ON CONFLICT (project_id, kind) DO NOTHING",
      {project_id, kind, QuestionsText(questions), int64_t{customised}, editor, at});
}

Definition MakeDefinition(db::Tx& tx, const auth::Actor& actor, const projects::Standing& p,
                          const std::string& kind) {
  Definition d;
  d.project = RefOf(p.project);
  d.kind = kind;
  d.open = OpenIn(kind, p.project.state);
  if (auto s = FindSurvey(tx, p.project.id, kind)) {
    d.questions = s->questions;
    d.customised = s->customised;
    d.locked = s->responses > 0;
    if (actor.teacher_id && actor.role == auth::Role::kTeacher) d.answered = HasAnswered(tx, s->id, *actor.teacher_id);
  } else {
    d.questions = DefaultQuestions(kind);
  }
  d.editable = p.runs && !d.locked;
  return d;
}

std::string Percent(const std::optional<double>& rate) {
  if (!rate) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", *rate * 100);
  return buf;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

void WriteResults(io::XlsxWriter& w, const Results& r) {
  w.AddSheet("概况", {{"项目", 16, {}, true}, {"内容", 48, {}, true}});
  w.AppendRow({"项目名称", r.project.name});
  w.AppendRow({"项目编号", r.project.code});
  w.AppendRow({"问卷", KindTitle(r.kind)});
  w.AppendRow({"参训教师", std::to_string(r.participants)});
  w.AppendRow({"答卷", std::to_string(r.responses)});
  w.AppendRow({"回收率", Percent(r.response_rate)});

  std::vector<io::XlsxColumn> cols = {
      {"题号", 8, {}, true}, {"题目", 40, {}, true}, {"作答人数", 10, {}, false}, {"平均分", 10, {}, false}};
  for (int v = kRatingMin; v <= kRatingMax; ++v) cols.push_back({std::to_string(v) + "分", 8, {}, false});
  w.AddSheet("评分题", cols);
  for (const auto& q : r.questions) {
    if (q.question.type != "rating") continue;
    std::vector<std::string> row = {q.question.id, q.question.title, std::to_string(q.answered),
                                    q.average ? Number(*q.average) : ""};
    for (int64_t n : q.distribution) row.push_back(std::to_string(n));
    w.AppendRow(row);
  }

  w.AddSheet("文字意见", {{"题号", 8, {}, true}, {"题目", 30, {}, true}, {"回答", 80, {}, true}});
  for (const auto& q : r.questions)
    for (const auto& t : q.texts) w.AppendRow({q.question.id, q.question.title, t});
}

}  // namespace

Result<Definition> SurveyService::Get(const auth::Actor& actor, int64_t project_id, const std::string& kind) {
  Definition out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(projects::Standing p, Visible(tx, actor, project_id, kind));
    out = MakeDefinition(tx, actor, p, kind);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Definition> SurveyService::Save(const auth::Actor& actor, int64_t project_id, const std::string& kind,
                                       const std::vector<Question>& questions) {
  Definition out;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(projects::Standing p, AsRunner(tx, actor, project_id, kind));
    JJ_RETURN_IF_ERROR(ValidateQuestions(questions));
    const int64_t now = clock_.NowSeconds();
    EnsureSurvey(tx, project_id, kind, questions, true, actor.account_id, now);
    // Only while no answer exists: the condition and the write are one
    // statement, so an answer arriving meanwhile cannot be lost.
    int64_t changed = tx.Exec(
        "UPDATE surveys SET questions_json = :q, customised = 1, updated_by = :by, updated_at = :at "
        "WHERE project_id = :p AND kind = :k AND responses = 0",
        {QuestionsText(questions), actor.account_id, now, project_id, kind});
    if (changed == 0) {
      auto s = FindSurvey(tx, project_id, kind);
      return Status(Code::kFailedPrecondition, "survey.locked", {{"responses", std::to_string(s ? s->responses : 0)}});
    }
    out = MakeDefinition(tx, actor, p, kind);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Status SurveyService::Answer(const auth::Actor& actor, int64_t project_id, const std::string& kind,
                             const Json& answers) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    JJ_RETURN_IF_ERROR(http::CheckEnum("kind", kind, Kinds()));
    auto p = FindProject(tx, actor, project_id);
    if (!p) return NotFound();
    if (!p->participates) return p->runs ? PermissionDenied() : NotFound();
    if (!OpenIn(kind, p->project.state)) return FailedPrecondition("survey.closed");
    // The first answer freezes the default template when nobody edited it.
    EnsureSurvey(tx, project_id, kind, DefaultQuestions(kind), false, nullptr, 0);
    // Counting first locks the survey row: answers of one survey are
    // serialised with each other and with edits, so the questions read next
    // are the ones the answer is checked and stored against.
    tx.Exec("UPDATE surveys SET responses = responses + 1 WHERE project_id = :p AND kind = :k", {project_id, kind});
    auto s = FindSurvey(tx, project_id, kind);
    if (!s) return Internal("survey row missing");
    if (HasAnswered(tx, s->id, *actor.teacher_id)) return Conflict("survey.already_answered");
    JJ_RETURN_IF_ERROR(ValidateAnswers(s->questions, answers));
    // Only the answers themselves, blank optional texts left out.
    Json stored = Json::object();
    for (const Question& q : s->questions) {
      auto it = answers.find(q.id);
      if (it == answers.end() || it->is_null()) continue;
      if (it->is_string() && it->get<std::string>().find_first_not_of(" \t\r\n") == std::string::npos) continue;
      stored[q.id] = *it;
    }
    // Two unrelated rows: who (no time) and what (a random key, no time).
    tx.Exec("INSERT INTO survey_respondents (survey_id, teacher_id) VALUES (:s, :t)", {s->id, *actor.teacher_id});
    tx.Exec("INSERT INTO survey_responses (survey_id, token, answers_json) VALUES (:s, :k, :a)",
            {s->id, auth::RandomHex(16), stored.dump()});
    return Status::Ok();
  });
}

Result<Results> SurveyService::GetResults(const auth::Actor& actor, int64_t project_id, const std::string& kind) {
  Results out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    JJ_ASSIGN_OR_RETURN(projects::Standing p, AsRunner(tx, actor, project_id, kind));
    out.project = RefOf(p.project);
    out.kind = kind;
    out.participants = projects::ParticipantCount(tx, project_id);
    std::vector<Json> answers;
    std::vector<Question> questions = DefaultQuestions(kind);
    if (auto s = FindSurvey(tx, project_id, kind)) {
      questions = s->questions;
      // Token order: random, so the list follows no order of arrival.
      for (const auto& row :
           tx.Query("SELECT answers_json FROM survey_responses WHERE survey_id = :s ORDER BY token", {s->id}))
        answers.push_back(Json::parse(row.Str(0)));
    }
    out.responses = static_cast<int64_t>(answers.size());
    if (out.participants > 0)
      out.response_rate = std::round(10000.0 * static_cast<double>(out.responses) / out.participants) / 10000.0;
    out.questions = Tally(questions, answers);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::string> SurveyService::ResultsXlsx(const auth::Actor& actor, int64_t project_id, const std::string& kind) {
  JJ_ASSIGN_OR_RETURN(Results r, GetResults(actor, project_id, kind));
  std::error_code ec;
  std::filesystem::create_directories(files_dir_, ec);
  return io::XlsxBytes(files_dir_ + "/survey-" + auth::RandomHex(8) + ".xlsx",
                       [&r](io::XlsxWriter& w) { WriteResults(w, r); });
}

Result<std::vector<OpenSurvey>> SurveyService::Mine(const auth::Actor& actor) {
  if (actor.role != auth::Role::kTeacher || !actor.teacher_id) return PermissionDenied();
  std::vector<OpenSurvey> out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::set<std::pair<int64_t, std::string>> answered;
    for (const auto& r : tx.Query("SELECT s.project_id, s.kind FROM survey_respondents sr "
                                  "JOIN surveys s ON s.id = sr.survey_id WHERE sr.teacher_id = :t",
                                  {*actor.teacher_id}))
      answered.insert({r.Int(0), r.Str(1)});
    for (const projects::ProjectBrief& p : projects::ProjectsTakenBy(tx, *actor.teacher_id)) {
      const ProjectRef ref = RefOf(p);
      for (const std::string& kind : Kinds())
        if (OpenIn(kind, ref.state)) out.push_back({ref, kind, answered.count({ref.id, kind}) > 0});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace jj::surveys
