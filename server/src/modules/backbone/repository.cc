#include "modules/backbone/repository.h"

#include <nlohmann/json.hpp>

#include "infra/db/columns.h"

namespace jj::backbone::repo {

namespace {

using Json = nlohmann::json;
using db::Named;

db::Param OrNull(std::optional<int64_t> v) { return v ? db::Param(*v) : db::Param(nullptr); }

bool IsPostgres(db::Tx& tx) { return tx.dialect() == db::Dialect::kPostgres; }

const db::Columns kRound{"r.id",          "r.owner_org_id", "o.name AS owner_name", "o.path AS owner_path",
                         "r.level",       "r.year",         "r.title",              "r.apply_start",
                         "r.apply_end",   "r.review_start", "r.review_end",         "r.min_teaching_years",
                         "r.max_age",     "r.state",        "r.created_at",         "r.publicity_start",
                         "r.publicity_end"};
const std::string kRoundFrom = " FROM backbone_rounds r JOIN orgs o ON o.id = r.owner_org_id ";

RoundRow RoundFrom(const db::Row& row) {
  Named n(kRound, row);
  RoundRow out;
  Round& r = out.r;
  r.id = n.Int("id");
  r.owner_org_id = n.Int("owner_org_id");
  r.owner_name = n.Str("owner_name");
  r.level = n.Str("level");
  r.year = n.Int("year");
  r.title = n.Str("title");
  r.apply_start = n.Str("apply_start");
  r.apply_end = n.Str("apply_end");
  r.review_start = n.Str("review_start");
  r.review_end = n.Str("review_end");
  r.min_teaching_years = n.Int("min_teaching_years");
  r.max_age = n.Int("max_age");
  r.state = n.Str("state");
  r.created_at = n.Int("created_at");
  r.publicity_start = n.Str("publicity_start");
  r.publicity_end = n.Str("publicity_end");
  out.owner_path = n.Str("owner_path");
  return out;
}

const db::Columns kApplication{"a.id",           "a.round_id",        "a.teacher_id",   "t.name AS teacher_name",
                               "t.subject",      "t.stage",           "a.school_id",    "s.name AS school_name",
                               "s.path AS school_path", "a.teaching_record", "a.research", "a.papers",
                               "a.awards",       "a.known_json",      "a.state",        "a.reason",
                               "a.recommended_at", "a.decided_at",    "r.state AS round_state"};
const std::string kApplicationFrom =
    " FROM backbone_applications a JOIN teachers t ON t.id = a.teacher_id JOIN orgs s ON s.id = a.school_id "
    "JOIN backbone_rounds r ON r.id = a.round_id ";

ApplicationRow ApplicationFrom(const db::Row& row) {
  Named n(kApplication, row);
  ApplicationRow out;
  Application& a = out.a;
  a.id = n.Int("id");
  a.round_id = n.Int("round_id");
  a.teacher_id = n.Int("teacher_id");
  a.teacher_name = n.Str("teacher_name");
  a.subject = n.Str("subject");
  a.stage = n.Str("stage");
  a.school_id = n.Int("school_id");
  a.school_name = n.Str("school_name");
  a.teaching_record = n.Str("teaching_record");
  a.research = n.Str("research");
  a.papers = n.Str("papers");
  a.awards = n.Str("awards");
  a.known = KnownFrom(n.Str("known_json"));
  a.state = n.Str("state");
  a.reason = n.Str("reason");
  a.recommended_at = n.Int("recommended_at");
  a.decided_at = n.Int("decided_at");
  out.school_path = n.Str("school_path");
  out.round_state = n.Str("round_state");
  return out;
}

}  // namespace

int64_t InsertRound(db::Tx& tx, const RoundInput& in, int64_t owner_id, std::optional<int64_t> created_by,
                    int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO backbone_rounds (owner_org_id, level, year, title, apply_start, apply_end, review_start, "
      "review_end, min_teaching_years, max_age, state, created_by, created_at, updated_at) VALUES (:o, :l, :y, :t, "
      ":as, :ae, :rs, :re, :my, :ma, 'open', :by, :c, :u)",
      {owner_id, in.level, in.year, in.title, in.apply_start, in.apply_end, in.review_start, in.review_end,
       in.min_teaching_years, in.max_age, OrNull(created_by), now, now});
}

std::optional<RoundRow> FindRound(db::Tx& tx, int64_t id) {
  db::Row row;
  if (!tx.QueryOne("SELECT " + kRound.Sql() + kRoundFrom + "WHERE r.id = :id", {id}, row)) return std::nullopt;
  return RoundFrom(row);
}

std::optional<std::string> LockRound(db::Tx& tx, int64_t id) {
  db::Row row;
  if (!tx.QueryOne(std::string("SELECT state FROM backbone_rounds WHERE id = :id") +
                       (IsPostgres(tx) ? " FOR NO KEY UPDATE" : ""),
                   {id}, row))
    return std::nullopt;
  return row.Str(0);
}

std::vector<RoundRow> QueryRounds(db::Tx& tx, bool all, const std::string& lo, const std::string& hi,
                                  const std::string& actor_path) {
  std::string sql = "SELECT " + kRound.Sql() + kRoundFrom;
  db::Params params;
  if (!all) {
    // Owned in the actor's subtree, or owned above the actor (the owner's
    // path is a prefix of the actor's).
    sql += "WHERE (o.path >= :lo AND o.path < :hi) OR SUBSTR(:ap, 1, LENGTH(o.path)) = o.path ";
    params = {lo, hi, actor_path};
  }
  sql += "ORDER BY r.year DESC, r.id DESC";
  std::vector<RoundRow> out;
  for (const auto& row : tx.Query(sql, params)) out.push_back(RoundFrom(row));
  return out;
}

void SetRoundState(db::Tx& tx, int64_t id, const std::string& state, int64_t now) {
  tx.Exec("UPDATE backbone_rounds SET state = :s, updated_at = :u WHERE id = :id", {state, now, id});
}

int64_t ForwardedUnder(db::Tx& tx, int64_t round_id, const std::string& lo, const std::string& hi) {
  db::Row row;
  tx.QueryOne(
      "SELECT COUNT(*) FROM backbone_applications a JOIN orgs s ON s.id = a.school_id WHERE a.round_id = :r AND "
      "a.state = 'forwarded' AND s.path >= :lo AND s.path < :hi",
      {round_id, lo, hi}, row);
  return row.Int(0);
}

std::vector<QuotaRow> Quotas(db::Tx& tx, int64_t round_id) {
  static const db::Columns kQuota{"q.org_id", "o.name AS org_name", "o.path AS org_path", "q.quota"};
  std::vector<QuotaRow> out;
  for (const auto& row : tx.Query("SELECT " + kQuota.Sql() +
                                      " FROM backbone_quotas q JOIN orgs o ON o.id = q.org_id WHERE q.round_id = :r "
                                      "ORDER BY o.path",
                                  {round_id})) {
    Named n(kQuota, row);
    QuotaRow q;
    q.q.org_id = n.Int("org_id");
    q.q.org_name = n.Str("org_name");
    q.q.quota = n.Int("quota");
    q.org_path = n.Str("org_path");
    std::string hi = q.org_path;
    if (!hi.empty()) hi.back() = '0';  // '/' + 1: the end of the subtree
    q.q.used = ForwardedUnder(tx, round_id, q.org_path, hi);
    out.push_back(std::move(q));
  }
  return out;
}

void ReplaceQuotas(db::Tx& tx, int64_t round_id, const std::vector<Quota>& quotas) {
  tx.Exec("DELETE FROM backbone_quotas WHERE round_id = :r", {round_id});
  for (const Quota& q : quotas)
    tx.Exec("INSERT INTO backbone_quotas (round_id, org_id, quota) VALUES (:r, :o, :q)", {round_id, q.org_id, q.quota});
}

std::optional<ApplicationRow> FindApplication(db::Tx& tx, int64_t id) {
  db::Row row;
  if (!tx.QueryOne("SELECT " + kApplication.Sql() + kApplicationFrom + "WHERE a.id = :id", {id}, row))
    return std::nullopt;
  return ApplicationFrom(row);
}

std::optional<ApplicationRow> FindApplicationOf(db::Tx& tx, int64_t round_id, int64_t teacher_id) {
  db::Row row;
  if (!tx.QueryOne("SELECT " + kApplication.Sql() + kApplicationFrom + "WHERE a.round_id = :r AND a.teacher_id = :t",
                   {round_id, teacher_id}, row))
    return std::nullopt;
  return ApplicationFrom(row);
}

std::vector<ApplicationRow> QueryApplications(db::Tx& tx, int64_t round_id, bool all, const std::string& lo,
                                              const std::string& hi) {
  std::string sql = "SELECT " + kApplication.Sql() + kApplicationFrom + "WHERE a.round_id = :r ";
  db::Params params = {round_id};
  if (!all) {
    sql += "AND s.path >= :lo AND s.path < :hi ";
    params.push_back(lo);
    params.push_back(hi);
  }
  sql += "ORDER BY s.path, t.name, a.id";
  std::vector<ApplicationRow> out;
  for (const auto& row : tx.Query(sql, params)) out.push_back(ApplicationFrom(row));
  return out;
}

int64_t InsertApplication(db::Tx& tx, int64_t round_id, const ApplicationInput& in, int64_t school_id,
                          const std::string& known_json, std::optional<int64_t> by, int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO backbone_applications (round_id, teacher_id, school_id, teaching_record, research, papers, awards, "
      "known_json, state, recommended_by, recommended_at) VALUES (:r, :t, :s, :tr, :re, :pa, :aw, :k, 'recommended', "
      ":by, :at)",
      {round_id, in.teacher_id, school_id, in.teaching_record, in.research, in.papers, in.awards, known_json,
       OrNull(by), now});
}

void Resubmit(db::Tx& tx, int64_t id, const ApplicationInput& in, int64_t school_id, const std::string& known_json,
              std::optional<int64_t> by, int64_t now) {
  tx.Exec(
      "UPDATE backbone_applications SET school_id = :s, teaching_record = :tr, research = :re, papers = :pa, "
      "awards = :aw, known_json = :k, state = 'recommended', reason = '', recommended_by = :by, recommended_at = :at, "
      "decided_by = NULL, decided_at = 0 WHERE id = :id",
      {school_id, in.teaching_record, in.research, in.papers, in.awards, known_json, OrNull(by), now, id});
}

void Decide(db::Tx& tx, int64_t id, const std::string& state, const std::string& reason, std::optional<int64_t> by,
            int64_t now) {
  tx.Exec("UPDATE backbone_applications SET state = :s, reason = :r, decided_by = :by, decided_at = :at WHERE id = :id",
          {state, reason, OrNull(by), now, id});
}

void SetPublicity(db::Tx& tx, int64_t id, const std::string& start, const std::string& end, int64_t now) {
  tx.Exec(
      "UPDATE backbone_rounds SET state = 'publicity', publicity_start = :s, publicity_end = :e, updated_at = :u "
      "WHERE id = :id",
      {start, end, now, id});
}

void InsertObjection(db::Tx& tx, int64_t application_id, const std::string& text, std::optional<int64_t> by,
                     int64_t now) {
  tx.Exec(
      "INSERT INTO backbone_objections (application_id, text, recorded_by, recorded_at) VALUES (:a, :t, :by, :at)",
      {application_id, text, OrNull(by), now});
}

std::vector<Application::Objection> Objections(db::Tx& tx, int64_t application_id) {
  static const db::Columns kCols{"text", "recorded_at"};
  std::vector<Application::Objection> out;
  for (const auto& row : tx.Query("SELECT " + kCols.Sql() +
                                      " FROM backbone_objections WHERE application_id = :a ORDER BY recorded_at, id",
                                  {application_id})) {
    Named n(kCols, row);
    out.push_back({n.Str("text"), n.Int("recorded_at")});
  }
  return out;
}

std::vector<Round::Expert> Experts(db::Tx& tx, int64_t round_id) {
  static const db::Columns kCols{"a.id", "a.display_name"};
  std::vector<Round::Expert> out;
  for (const auto& row : tx.Query("SELECT " + kCols.Sql() +
                                      " FROM backbone_round_experts e JOIN accounts a ON a.id = e.account_id WHERE "
                                      "e.round_id = :r ORDER BY a.display_name, a.id",
                                  {round_id})) {
    Named n(kCols, row);
    out.push_back({n.Int("id"), n.Str("display_name")});
  }
  return out;
}

bool IsExpertOf(db::Tx& tx, int64_t round_id, int64_t account_id) {
  db::Row row;
  return tx.QueryOne("SELECT 1 FROM backbone_round_experts WHERE round_id = :r AND account_id = :a",
                     {round_id, account_id}, row);
}

void ReplaceExperts(db::Tx& tx, int64_t round_id, const std::vector<int64_t>& account_ids) {
  tx.Exec("DELETE FROM backbone_round_experts WHERE round_id = :r", {round_id});
  for (int64_t a : account_ids)
    tx.Exec("INSERT INTO backbone_round_experts (round_id, account_id) VALUES (:r, :a)", {round_id, a});
}

std::optional<AccountFacts> FindEnabledAccount(db::Tx& tx, int64_t id) {
  static const db::Columns kCols{"a.role", "o.path"};
  db::Row row;
  if (!tx.QueryOne("SELECT " + kCols.Sql() +
                       " FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE a.id = :id AND a.disabled = 0",
                   {id}, row))
    return std::nullopt;
  Named n(kCols, row);
  return AccountFacts{n.Str("role"), n.Str("path")};
}

std::vector<Score> Scores(db::Tx& tx, int64_t application_id) {
  static const db::Columns kCols{"s.expert_id", "a.display_name AS expert_name", "s.total", "s.comment",
                                 "s.scored_at"};
  std::vector<Score> out;
  for (const auto& row : tx.Query("SELECT " + kCols.Sql() +
                                      " FROM backbone_scores s JOIN accounts a ON a.id = s.expert_id WHERE "
                                      "s.application_id = :id ORDER BY a.display_name, s.expert_id",
                                  {application_id})) {
    Named n(kCols, row);
    out.push_back({n.Int("expert_id"), n.Str("expert_name"), n.Int("total"), n.Str("comment"), n.Int("scored_at")});
  }
  return out;
}

void UpsertScore(db::Tx& tx, int64_t application_id, int64_t expert_id, int64_t total, const std::string& comment,
                 int64_t now) {
  tx.Exec(
      "INSERT INTO backbone_scores (application_id, expert_id, total, comment, scored_at) VALUES (:a, :e, :t, :c, "
      ":s) ON CONFLICT (application_id, expert_id) DO UPDATE SET total = excluded.total, comment = excluded.comment, "
      "scored_at = excluded.scored_at",
      {application_id, expert_id, total, comment, now});
}

std::string KnownJson(const KnownFacts& k) {
  Json credits = Json::array();
  for (const auto& c : k.credits)
    credits.push_back({{"year", c.year}, {"total_credits", c.total_credits}, {"status", c.status}});
  return Json{{"title", k.title},
              {"backbone_level", k.backbone_level},
              {"hire_date", k.hire_date},
              {"birth_date", k.birth_date},
              {"credits", credits}}
      .dump();
}

KnownFacts KnownFrom(const std::string& text) {
  KnownFacts k;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return k;
  k.title = j.value("title", "");
  k.backbone_level = j.value("backbone_level", "");
  k.hire_date = j.value("hire_date", "");
  k.birth_date = j.value("birth_date", "");
  if (j.contains("credits") && j["credits"].is_array())
    for (const auto& c : j["credits"])
      if (c.is_object())
        k.credits.push_back({c.value("year", 0), c.value("total_credits", ""), c.value("status", "")});
  return k;
}

namespace {

const db::Columns kAssessment{"x.id",          "x.teacher_id",      "t.name AS teacher_name", "x.year",
                              "x.school_id",   "s.name AS school_name", "s.path AS school_path",
                              "x.backbone_level", "x.final_level",  "x.deadline",   "x.self_assessment",
                              "x.state",       "x.reason",          "x.school_decision", "x.county_decision",
                              "x.city_decision", "x.submitted_at",  "x.decided_at"};
const std::string kAssessmentFrom =
    " FROM backbone_assessments x JOIN teachers t ON t.id = x.teacher_id JOIN orgs s ON s.id = x.school_id ";

AssessmentRow AssessmentFrom(const db::Row& row) {
  Named n(kAssessment, row);
  AssessmentRow out;
  Assessment& a = out.a;
  a.id = n.Int("id");
  a.teacher_id = n.Int("teacher_id");
  a.teacher_name = n.Str("teacher_name");
  a.year = n.Int("year");
  a.school_id = n.Int("school_id");
  a.school_name = n.Str("school_name");
  a.backbone_level = n.Str("backbone_level");
  a.final_level = n.Str("final_level");
  a.deadline = n.Str("deadline");
  a.self_assessment = n.Str("self_assessment");
  a.state = n.Str("state");
  a.reason = n.Str("reason");
  a.school_decision = n.Str("school_decision");
  a.county_decision = n.Str("county_decision");
  a.city_decision = n.Str("city_decision");
  a.submitted_at = n.Int("submitted_at");
  a.decided_at = n.Int("decided_at");
  out.school_path = n.Str("school_path");
  return out;
}

}  // namespace

std::optional<AssessmentRow> FindAssessment(db::Tx& tx, int64_t id) {
  db::Row row;
  if (!tx.QueryOne("SELECT " + kAssessment.Sql() + kAssessmentFrom + "WHERE x.id = :id", {id}, row))
    return std::nullopt;
  return AssessmentFrom(row);
}

std::optional<AssessmentRow> FindAssessmentOf(db::Tx& tx, int64_t teacher_id, int64_t year) {
  db::Row row;
  if (!tx.QueryOne("SELECT " + kAssessment.Sql() + kAssessmentFrom + "WHERE x.teacher_id = :t AND x.year = :y",
                   {teacher_id, year}, row))
    return std::nullopt;
  return AssessmentFrom(row);
}

std::vector<AssessmentRow> QueryAssessments(db::Tx& tx, bool all, const std::string& lo, const std::string& hi,
                                            std::optional<int64_t> teacher, std::optional<int64_t> year) {
  std::string sql = "SELECT " + kAssessment.Sql() + kAssessmentFrom + "WHERE 1 = 1 ";
  db::Params params;
  if (!all) {
    sql += "AND s.path >= :lo AND s.path < :hi ";
    params.push_back(lo);
    params.push_back(hi);
  }
  if (teacher) {
    sql += "AND x.teacher_id = :t ";
    params.push_back(*teacher);
  }
  if (year) {
    sql += "AND x.year = :y ";
    params.push_back(*year);
  }
  sql += "ORDER BY x.year DESC, s.path, t.name, x.id";
  std::vector<AssessmentRow> out;
  for (const auto& row : tx.Query(sql, params)) out.push_back(AssessmentFrom(row));
  return out;
}

int64_t InsertAssessment(db::Tx& tx, const AssessmentInput& in, int64_t school_id, const std::string& level,
                         const std::string& final_level, const std::string& deadline, std::optional<int64_t> by,
                         int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO backbone_assessments (teacher_id, year, school_id, backbone_level, final_level, deadline, "
      "self_assessment, state, submitted_by, submitted_at) VALUES (:t, :y, :s, :l, :f, :d, :x, 'school', :by, :at)",
      {in.teacher_id, in.year, school_id, level, final_level, deadline, in.self_assessment, OrNull(by), now});
}

void ResubmitAssessment(db::Tx& tx, int64_t id, const std::string& text, int64_t school_id,
                        std::optional<int64_t> by, int64_t now) {
  tx.Exec(
      "UPDATE backbone_assessments SET self_assessment = :x, school_id = :s, state = 'school', reason = '', "
      "school_decision = '', county_decision = '', city_decision = '', submitted_by = :by, submitted_at = :at, "
      "decided_by = NULL, decided_at = 0 WHERE id = :id",
      {text, school_id, OrNull(by), now, id});
}

void UpdateAssessment(db::Tx& tx, const Assessment& a, std::optional<int64_t> by, int64_t now) {
  tx.Exec(
      "UPDATE backbone_assessments SET state = :s, reason = :r, school_decision = :sd, county_decision = :cd, "
      "city_decision = :yd, decided_by = :by, decided_at = :at WHERE id = :id",
      {a.state, a.reason, a.school_decision, a.county_decision, a.city_decision, OrNull(by), now, a.id});
}

std::optional<std::pair<std::string, std::string>> LatestConfirmedOwner(db::Tx& tx, int64_t teacher_id) {
  db::Row row;
  if (!tx.QueryOne("SELECT o.type, o.path FROM backbone_applications a JOIN backbone_rounds r ON r.id = a.round_id "
                   "JOIN orgs o ON o.id = r.owner_org_id WHERE a.teacher_id = :t AND a.state = 'confirmed' "
                   "ORDER BY r.year DESC, a.id DESC LIMIT 1",
                   {teacher_id}, row))
    return std::nullopt;
  return std::make_pair(row.Str(0), row.Str(1));
}

}  // namespace jj::backbone::repo
