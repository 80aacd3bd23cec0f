#include "modules/projects/repository.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "infra/auth/password.h"
#include "infra/db/columns.h"

namespace jj::projects::repo {

namespace {

using Json = nlohmann::json;
using db::Named;

db::Param OrNull(std::optional<int64_t> v) { return v ? db::Param(*v) : db::Param(nullptr); }

bool IsPostgres(db::Tx& tx) { return tx.dialect() == db::Dialect::kPostgres; }

const db::Columns kProject{
    "p.id",          "p.code",          "p.name",
    "p.kind",        "p.level",         "p.form",
    "p.dimension",   "p.modules",       "p.topic_tags",
    "p.theme",       "p.organiser_org_id", "og.name AS organiser_name",
    "p.region_org_id", "rg.name AS region_name", "p.start_date",
    "p.end_date",    "p.hours_tenths",  "p.location",
    "p.capacity",    "p.accepted_count", "p.audience_json",
    "p.reg_start",   "p.reg_end",       "p.approval",
    "p.syllabus",    "p.trainers",      "p.half_days",
    "p.grade_scale", "p.passing_grades", "p.absence_num",
    "p.absence_den", "p.state",         "p.upgraded_at",
    "p.created_at",  "p.updated_at",    "rg.path AS region_path",
    "og.path AS organiser_path"};
const std::string kProjectFrom =
    " FROM projects p JOIN orgs og ON og.id = p.organiser_org_id JOIN orgs rg ON rg.id = p.region_org_id ";

Audience AudienceFromJson(const std::string& text) {
  Audience a;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return a;
  auto strings = [&](const char* k, std::vector<std::string>& out) {
    if (j.contains(k) && j[k].is_array())
      for (const auto& v : j[k])
        if (v.is_string()) out.push_back(v.get<std::string>());
  };
  strings("stages", a.stages);
  strings("subjects", a.subjects);
  strings("posts", a.posts);
  strings("backbone_levels", a.backbone_levels);
  if (j.contains("region_ids") && j["region_ids"].is_array())
    for (const auto& v : j["region_ids"])
      if (v.is_number_integer()) a.region_ids.push_back(v.get<int64_t>());
  return a;
}

std::string AudienceJson(const Audience& a) {
  return Json{{"stages", a.stages},
              {"subjects", a.subjects},
              {"posts", a.posts},
              {"backbone_levels", a.backbone_levels},
              {"region_ids", a.region_ids}}
      .dump();
}

ProjectRow ProjectFrom(const db::Row& row) {
  Named r(kProject, row);
  ProjectRow l;
  Project& p = l.p;
  p.id = r.Int("id");
  p.code = r.Str("code");
  p.name = r.Str("name");
  p.kind = r.Str("kind");
  p.level = r.Str("level");
  p.form = r.Str("form");
  p.dimension = r.Str("dimension");
  p.modules = SplitList(r.Str("modules"));
  p.topic_tags = SplitList(r.Str("topic_tags"));
  p.theme = r.Str("theme");
  p.organiser_org_id = r.Int("organiser_org_id");
  p.organiser_name = r.Str("organiser_name");
  p.region_org_id = r.Int("region_org_id");
  p.region_name = r.Str("region_name");
  p.start_date = r.Str("start_date");
  p.end_date = r.Str("end_date");
  p.hours_tenths = r.Int("hours_tenths");
  p.location = r.Str("location");
  p.capacity = r.Int("capacity");
  p.accepted_count = r.Int("accepted_count");
  p.audience = AudienceFromJson(r.Str("audience_json"));
  p.reg_start = r.Str("reg_start");
  p.reg_end = r.Str("reg_end");
  p.approval = r.Str("approval");
  p.syllabus = r.Str("syllabus");
  p.trainers = r.Str("trainers");
  p.half_days = r.Int("half_days");
  p.grade_scale = SplitList(r.Str("grade_scale"));
  p.passing_grades = SplitList(r.Str("passing_grades"));
  p.absence_num = r.Int("absence_num");
  p.absence_den = r.Int("absence_den");
  p.state = r.Str("state");
  p.upgraded_at = r.Int("upgraded_at");
  p.created_at = r.Int("created_at");
  p.updated_at = r.Int("updated_at");
  l.region_path = r.Str("region_path");
  l.organiser_path = r.Str("organiser_path");
  return l;
}

// The columns of projects written from an input, in the order of the SQL below.
db::Params InputParams(const ProjectInput& in) {
  return {in.code,
          in.name,
          in.kind,
          in.level,
          in.form,
          in.dimension,
          JoinList(in.modules),
          JoinList(in.topic_tags),
          in.theme,
          in.start_date,
          in.end_date,
          in.hours_tenths,
          in.location,
          in.capacity,
          AudienceJson(in.audience),
          in.reg_start,
          in.reg_end,
          in.approval,
          in.syllabus,
          in.trainers,
          in.half_days,
          JoinList(in.grade_scale),
          JoinList(in.passing_grades),
          in.absence_num,
          in.absence_den};
}

const db::Columns kRegistration{"r.id",
                                "r.project_id",
                                "r.teacher_id",
                                "r.school_id",
                                "t.name AS teacher_name",
                                "o.name AS school_name",
                                "p.name AS project_name",
                                "r.state",
                                "r.origin",
                                "r.reason",
                                "r.queue_pos",
                                "r.grade",
                                "r.makeup_grade",
                                "r.credit_record_id",
                                "r.created_at",
                                "r.updated_at",
                                "o.path AS school_path",
                                "p.code AS project_code",
                                "p.start_date",
                                "p.end_date",
                                "p.state AS project_state",
                                "rg.path AS region_path"};
const std::string kRegistrationFrom =
    " FROM project_registrations r JOIN teachers t ON t.id = r.teacher_id JOIN orgs o ON o.id = r.school_id "
    "JOIN projects p ON p.id = r.project_id JOIN orgs rg ON rg.id = p.region_org_id ";

RegistrationRow RegistrationFrom(const db::Row& row) {
  Named r(kRegistration, row);
  RegistrationRow out;
  Registration& x = out.r;
  x.id = r.Int("id");
  x.project_id = r.Int("project_id");
  x.teacher_id = r.Int("teacher_id");
  x.school_id = r.Int("school_id");
  x.teacher_name = r.Str("teacher_name");
  x.school_name = r.Str("school_name");
  x.project_name = r.Str("project_name");
  x.state = r.Str("state");
  x.origin = r.Str("origin");
  x.reason = r.Str("reason");
  x.queue_pos = r.Int("queue_pos");
  x.grade = r.Str("grade");
  x.makeup_grade = r.Str("makeup_grade");
  if (!r.IsNull("credit_record_id")) x.credit_record_id = r.Int("credit_record_id");
  x.created_at = r.Int("created_at");
  x.updated_at = r.Int("updated_at");
  x.project_code = r.Str("project_code");
  x.start_date = r.Str("start_date");
  x.end_date = r.Str("end_date");
  x.project_state = r.Str("project_state");
  out.school_path = r.Str("school_path");
  out.region_path = r.Str("region_path");
  return out;
}

// WHERE clause and parameters of a registration filter (aliases r, o).
std::string Where(const RegistrationFilter& f, db::Params& params) {
  std::string where = "WHERE 1=1";
  if (f.project_id) {
    where += " AND r.project_id = :p";
    params.push_back(*f.project_id);
  }
  if (f.teacher_id) {
    where += " AND r.teacher_id = :t";
    params.push_back(*f.teacher_id);
  }
  if (f.school_paths) {
    where += " AND o.path >= :lo AND o.path < :hi";
    params.push_back(f.school_paths->first);
    params.push_back(f.school_paths->second);
  }
  if (!f.state.empty()) {
    where += " AND r.state = :s";
    params.push_back(f.state);
  }
  return where;
}

const db::Columns kSession{"id",         "seq",          "course", "session_date", "start_time",
                           "end_time",   "hours_tenths", "topic",  "trainer"};
const db::Columns kReview{"v.expert_id", "a.display_name AS expert_name", "v.scores_json", "v.total", "v.comments",
                          "v.submitted_at"};
const db::Columns kQuota{"q.id", "q.org_id", "o.name AS org_name", "q.quota", "q.used", "o.path AS org_path"};
const db::Columns kParticipant{"r.id",         "r.teacher_id",     "t.name AS teacher_name", "o.name AS school_name",
                               "r.grade",      "r.makeup_grade",   "r.credit_record_id"};
const db::Columns kBrief{"p.id", "p.code", "p.name", "p.kind", "p.state", "p.start_date", "p.end_date"};

ProjectBrief BriefFrom(const db::Row& row) {
  Named r(kBrief, row);
  return {r.Int("id"),    r.Str("code"),       r.Str("name"),    r.Str("kind"),
          r.Str("state"), r.Str("start_date"), r.Str("end_date")};
}

int64_t CountOf(db::Tx& tx, const std::string& sql, const db::Params& params) {
  db::Row r;
  tx.QueryOne(sql, params, r);
  return r.Int(0);
}

}  // namespace

// ---- projects ----------------------------------------------------------

std::optional<ProjectRow> FindProject(db::Tx& tx, int64_t id, bool lock) {
  if (lock && IsPostgres(tx)) {
    db::Row r;
    // NO KEY UPDATE: registrations referencing the row may still be inserted meanwhile.
    if (!tx.QueryOne("SELECT id FROM projects WHERE id = :id FOR NO KEY UPDATE", {id}, r)) return std::nullopt;
  }
  db::Row r;
  if (!tx.QueryOne("SELECT " + kProject.Sql() + kProjectFrom + "WHERE p.id = :id", {id}, r)) return std::nullopt;
  return ProjectFrom(r);
}

std::vector<ProjectRow> QueryProjects(db::Tx& tx, const ProjectFilter& f) {
  std::string where = "WHERE 1=1";
  db::Params params;
  if (!f.state.empty()) {
    where += " AND p.state = :s";
    params.push_back(f.state);
  }
  if (f.open_only) where += " AND p.state = 'registration_open'";
  if (!f.kind.empty()) {
    where += " AND p.kind = :k";
    params.push_back(f.kind);
  }
  if (!f.q.empty()) {
    where += " AND (p.name LIKE :q1 OR p.code LIKE :q2)";
    params.push_back("%" + f.q + "%");
    params.push_back("%" + f.q + "%");
  }
  std::vector<ProjectRow> out;
  for (const auto& r :
       tx.Query("SELECT " + kProject.Sql() + kProjectFrom + where + " ORDER BY p.start_date DESC, p.id DESC", params))
    out.push_back(ProjectFrom(r));
  return out;
}

bool CodeTaken(db::Tx& tx, const std::string& code, int64_t except_id) {
  db::Row r;
  return tx.QueryOne("SELECT 1 FROM projects WHERE code = :c AND id <> :id", {code, except_id}, r);
}

int64_t InsertProject(db::Tx& tx, const ProjectInput& in, int64_t organiser_id, int64_t region_id,
                      std::optional<int64_t> created_by, int64_t now) {
  db::Params params = InputParams(in);
  for (db::Param p : db::Params{organiser_id, region_id, OrNull(created_by), now, now}) params.push_back(p);
  return tx.InsertReturningId(
      "INSERT INTO projects (code, name, kind, level, form, dimension, modules, topic_tags, theme, start_date, "
      "end_date, hours_tenths, location, capacity, audience_json, reg_start, reg_end, approval, syllabus, trainers, "
      "half_days, grade_scale, passing_grades, absence_num, absence_den, organiser_org_id, region_org_id, "
      "created_by, created_at, updated_at) VALUES (:code, :name, :kind, :level, :form, :dim, :mods, :tags, :theme, "
      ":sd, :ed, :h, :loc, :cap, :aud, :rs, :re, :ap, :syl, :tr, :hd, :gs, :pg, :an, :ad, :org, :reg, :by, :c, :u)",
      params);
}

void UpdateProject(db::Tx& tx, int64_t id, const ProjectInput& in, int64_t now) {
  db::Params params = InputParams(in);
  params.push_back(now);
  params.push_back(id);
  tx.Exec(
      "UPDATE projects SET code = :code, name = :name, kind = :kind, level = :level, form = :form, dimension = :dim, "
      "modules = :mods, topic_tags = :tags, theme = :theme, start_date = :sd, end_date = :ed, hours_tenths = :h, "
      "location = :loc, capacity = :cap, audience_json = :aud, reg_start = :rs, reg_end = :re, approval = :ap, "
      "syllabus = :syl, trainers = :tr, half_days = :hd, grade_scale = :gs, passing_grades = :pg, "
      "absence_num = :an, absence_den = :ad, updated_at = :u WHERE id = :id",
      params);
}

void WriteSessionsAndTutors(db::Tx& tx, int64_t id, const ProjectInput& in) {
  tx.Exec("DELETE FROM project_sessions WHERE project_id = :p", {id});
  for (const Session& s : in.sessions)
    tx.Exec(
        "INSERT INTO project_sessions (project_id, seq, course, session_date, start_time, end_time, hours_tenths, "
        "topic, trainer, checkin_token) VALUES (:p, :seq, :c, :d, :st, :et, :h, :t, :tr, :tok)",
        {id, int64_t{s.seq}, s.course, s.date, s.start_time, s.end_time, s.hours_tenths, s.topic, s.trainer,
         auth::RandomHex(16)});
  tx.Exec("DELETE FROM project_staff WHERE project_id = :p AND role = 'tutor'", {id});
  std::set<int64_t> seen;
  for (int64_t a : in.tutor_ids)
    if (seen.insert(a).second)
      tx.Exec("INSERT INTO project_staff (project_id, account_id, role) VALUES (:p, :a, 'tutor')", {id, a});
}

void SetState(db::Tx& tx, int64_t id, const std::string& state, int64_t now) {
  tx.Exec("UPDATE projects SET state = :s, updated_at = :u WHERE id = :id", {state, now, id});
}

void SetUpgraded(db::Tx& tx, int64_t id, const std::string& level, const std::string& form, int64_t now) {
  tx.Exec("UPDATE projects SET level = :l, form = :f, upgraded_at = :at, updated_at = :u WHERE id = :id",
          {level, form, now, now, id});
}

std::vector<Session> Sessions(db::Tx& tx, int64_t project_id) {
  std::vector<Session> out;
  for (const auto& row : tx.Query("SELECT " + kSession.Sql() + " FROM project_sessions WHERE project_id = :p ORDER BY seq",
                                  {project_id})) {
    Named r(kSession, row);
    Session s;
    s.id = r.Int("id");
    s.seq = static_cast<int>(r.Int("seq"));
    s.course = r.Str("course");
    s.date = r.Str("session_date");
    s.start_time = r.Str("start_time");
    s.end_time = r.Str("end_time");
    s.hours_tenths = r.Int("hours_tenths");
    s.topic = r.Str("topic");
    s.trainer = r.Str("trainer");
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<int64_t> TutorIds(db::Tx& tx, int64_t project_id) {
  std::vector<int64_t> out;
  for (const auto& t : tx.Query("SELECT account_id FROM project_staff WHERE project_id = :p AND role = 'tutor' "
                                "ORDER BY account_id",
                                {project_id}))
    out.push_back(t.Int(0));
  return out;
}

std::set<std::string> StaffRoles(db::Tx& tx, int64_t project_id, int64_t account_id) {
  std::set<std::string> out;
  if (account_id == 0) return out;
  for (const auto& r : tx.Query("SELECT role FROM project_staff WHERE project_id = :p AND account_id = :a",
                                {project_id, account_id}))
    out.insert(r.Str(0));
  return out;
}

int64_t WaitlistedCount(db::Tx& tx, int64_t project_id) {
  return CountOf(tx, "SELECT COUNT(*) FROM project_registrations WHERE project_id = :p AND state = 'waitlisted'",
                 {project_id});
}

std::optional<AccountFacts> FindEnabledAccount(db::Tx& tx, int64_t id) {
  const db::Columns cols{"a.role", "o.path"};
  db::Row row;
  if (!tx.QueryOne("SELECT " + cols.Sql() + " FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE a.id = :id AND "
                   "a.disabled = 0",
                   {id}, row))
    return std::nullopt;
  Named r(cols, row);
  return AccountFacts{r.Str("role"), r.Str("path")};
}

// ---- expert review -----------------------------------------------------

void AssignExpert(db::Tx& tx, int64_t project_id, int64_t expert_id) {
  if (ReviewId(tx, project_id, expert_id)) return;
  tx.Exec("INSERT INTO project_reviews (project_id, expert_id) VALUES (:p, :e)", {project_id, expert_id});
  tx.Exec("INSERT INTO project_staff (project_id, account_id, role) VALUES (:p, :a, 'expert')",
          {project_id, expert_id});
}

std::optional<int64_t> ReviewId(db::Tx& tx, int64_t project_id, int64_t expert_id) {
  db::Row r;
  if (!tx.QueryOne("SELECT id FROM project_reviews WHERE project_id = :p AND expert_id = :e", {project_id, expert_id},
                   r))
    return std::nullopt;
  return r.Int(0);
}

void SaveReview(db::Tx& tx, int64_t review_id, const std::string& scores_json, int64_t total,
                const std::string& comments, int64_t now) {
  tx.Exec("UPDATE project_reviews SET scores_json = :s, total = :t, comments = :c, submitted_at = :at WHERE id = :id",
          {scores_json, total, comments, now, review_id});
}

int64_t SubmittedReviewCount(db::Tx& tx, int64_t project_id) {
  return CountOf(tx, "SELECT COUNT(*) FROM project_reviews WHERE project_id = :p AND submitted_at > 0", {project_id});
}

std::vector<Review> Reviews(db::Tx& tx, int64_t project_id) {
  std::vector<Review> out;
  for (const auto& row : tx.Query("SELECT " + kReview.Sql() +
                                      " FROM project_reviews v JOIN accounts a ON a.id = v.expert_id "
                                      "WHERE v.project_id = :p ORDER BY v.id",
                                  {project_id})) {
    Named r(kReview, row);
    Review v;
    v.expert_id = r.Int("expert_id");
    v.expert_name = r.Str("expert_name");
    v.scores = Json::parse(r.Str("scores_json"), nullptr, false);
    v.total = r.Int("total");
    v.comments = r.Str("comments");
    v.submitted_at = r.Int("submitted_at");
    out.push_back(std::move(v));
  }
  return out;
}

// ---- quotas ------------------------------------------------------------

std::vector<QuotaRow> Quotas(db::Tx& tx, int64_t project_id) {
  std::vector<QuotaRow> out;
  for (const auto& row : tx.Query("SELECT " + kQuota.Sql() +
                                      " FROM project_quotas q JOIN orgs o ON o.id = q.org_id WHERE q.project_id = :p "
                                      "ORDER BY o.path",
                                  {project_id})) {
    Named r(kQuota, row);
    out.push_back({r.Int("id"), r.Int("org_id"), r.Int("quota"), r.Int("used"), r.Str("org_name"), r.Str("org_path")});
  }
  return out;
}

void DeleteQuota(db::Tx& tx, int64_t project_id, int64_t org_id) {
  tx.Exec("DELETE FROM project_quotas WHERE project_id = :p AND org_id = :o", {project_id, org_id});
}

void UpsertQuota(db::Tx& tx, int64_t project_id, int64_t org_id, int64_t quota, bool exists) {
  if (exists)
    tx.Exec("UPDATE project_quotas SET quota = :q WHERE project_id = :p AND org_id = :o", {quota, project_id, org_id});
  else
    tx.Exec("INSERT INTO project_quotas (project_id, org_id, quota) VALUES (:p, :o, :q)", {project_id, org_id, quota});
}

void UseQuota(db::Tx& tx, int64_t quota_id, int delta) {
  if (delta > 0)
    tx.Exec("UPDATE project_quotas SET used = used + 1 WHERE id = :id", {quota_id});
  else
    tx.Exec("UPDATE project_quotas SET used = used - 1 WHERE id = :id AND used > 0", {quota_id});
}

// ---- registrations -----------------------------------------------------

std::optional<RegistrationRow> FindRegistration(db::Tx& tx, int64_t id) {
  db::Row r;
  if (!tx.QueryOne("SELECT " + kRegistration.Sql() + kRegistrationFrom + "WHERE r.id = :id", {id}, r))
    return std::nullopt;
  return RegistrationFrom(r);
}

int64_t CountRegistrations(db::Tx& tx, const RegistrationFilter& f) {
  db::Params params;
  const std::string where = Where(f, params);
  return CountOf(tx, "SELECT COUNT(*) FROM project_registrations r JOIN orgs o ON o.id = r.school_id " + where,
                 params);
}

std::vector<RegistrationRow> QueryRegistrations(db::Tx& tx, const RegistrationFilter& f, int64_t limit,
                                                int64_t offset) {
  db::Params params;
  const std::string where = Where(f, params);
  params.push_back(limit);
  params.push_back(offset);
  const std::string order = f.project_id
                                ? " ORDER BY CASE r.state WHEN 'waitlisted' THEN 1 ELSE 0 END, r.queue_pos, r.id"
                                : " ORDER BY p.start_date DESC, r.id DESC";
  std::vector<RegistrationRow> out;
  for (const auto& r :
       tx.Query("SELECT " + kRegistration.Sql() + kRegistrationFrom + where + order + " LIMIT :lim OFFSET :off", params))
    out.push_back(RegistrationFrom(r));
  return out;
}

int64_t WaitlistPlace(db::Tx& tx, int64_t project_id, int64_t queue_pos) {
  return CountOf(tx,
                 "SELECT COUNT(*) FROM project_registrations WHERE project_id = :p AND state = 'waitlisted' AND "
                 "queue_pos <= :q",
                 {project_id, queue_pos});
}

std::optional<ExistingRegistration> FindRegistrationOf(db::Tx& tx, int64_t project_id, int64_t teacher_id) {
  const db::Columns cols{"id", "state"};
  db::Row row;
  if (!tx.QueryOne("SELECT " + cols.Sql() + " FROM project_registrations WHERE project_id = :p AND teacher_id = :t",
                   {project_id, teacher_id}, row))
    return std::nullopt;
  Named r(cols, row);
  return ExistingRegistration{r.Int("id"), r.Str("state")};
}

std::map<int64_t, std::string> RegistrationStates(db::Tx& tx, int64_t project_id) {
  std::map<int64_t, std::string> out;
  for (const auto& r :
       tx.Query("SELECT teacher_id, state FROM project_registrations WHERE project_id = :p", {project_id}))
    out[r.Int(0)] = r.Str(1);
  return out;
}

std::vector<Overlap> ActiveCentralized(db::Tx& tx, int64_t teacher_id, int64_t except_project_id) {
  const db::Columns cols{"p.name", "p.code", "p.start_date", "p.end_date"};
  std::vector<Overlap> out;
  for (const auto& row :
       tx.Query("SELECT " + cols.Sql() +
                    " FROM project_registrations r JOIN projects p ON p.id = r.project_id WHERE r.teacher_id = :t AND "
                    "r.project_id <> :p AND p.form = '集中培训' AND "
                    "r.state IN ('pending_school', 'pending_county', 'accepted', 'waitlisted') AND "
                    "p.state NOT IN ('closed', 'archived')",
                {teacher_id, except_project_id})) {
    Named r(cols, row);
    out.push_back({r.Str("name"), r.Str("code"), r.Str("start_date"), r.Str("end_date")});
  }
  return out;
}

int64_t InsertRegistration(db::Tx& tx, const NewRegistration& r, int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO project_registrations (project_id, teacher_id, school_id, state, origin, created_by, created_at, "
      "updated_at) VALUES (:p, :t, :s, :st, :o, :by, :c, :u)",
      {r.project_id, r.teacher_id, r.school_id, r.state, r.origin, OrNull(r.created_by), now, now});
}

void RenewRegistration(db::Tx& tx, int64_t id, const NewRegistration& r, int64_t now) {
  tx.Exec(
      "UPDATE project_registrations SET school_id = :s, state = :st, origin = :o, reason = '', queue_pos = 0, "
      "created_by = :by, decided_by = NULL, created_at = :c, updated_at = :u WHERE id = :id",
      {r.school_id, r.state, r.origin, OrNull(r.created_by), now, now, id});
}

int64_t EnrolSubtree(db::Tx& tx, int64_t project_id, const std::string& lo, const std::string& hi,
                     std::optional<int64_t> by, int64_t now) {
  return tx.Exec(
      "INSERT INTO project_registrations (project_id, teacher_id, school_id, state, origin, created_by, "
      "created_at, updated_at) SELECT :p, t.id, t.org_id, 'accepted', 'school', :by, :c, :u FROM teachers t "
      "JOIN orgs o ON o.id = t.org_id WHERE o.path >= :lo AND o.path < :hi AND t.status = '在职'",
      {project_id, OrNull(by), now, now, lo, hi});
}

void SetAcceptedCount(db::Tx& tx, int64_t project_id, int64_t n) {
  tx.Exec("UPDATE projects SET accepted_count = :n WHERE id = :id", {n, project_id});
}

void SetRegistrationState(db::Tx& tx, int64_t id, const std::string& state, int64_t queue_pos, int64_t now) {
  tx.Exec("UPDATE project_registrations SET state = :s, queue_pos = :q, updated_at = :u WHERE id = :id",
          {state, queue_pos, now, id});
}

void RejectRegistration(db::Tx& tx, int64_t id, const std::string& reason, int64_t decided_by, int64_t now) {
  tx.Exec(
      "UPDATE project_registrations SET state = 'rejected', reason = :r, decided_by = :by, updated_at = :u "
      "WHERE id = :id",
      {reason, decided_by, now, id});
}

void MarkDecidedBy(db::Tx& tx, int64_t id, int64_t decided_by, int64_t now) {
  tx.Exec("UPDATE project_registrations SET decided_by = :by, updated_at = :u WHERE id = :id", {decided_by, now, id});
}

std::optional<int64_t> RegistrationProject(db::Tx& tx, int64_t registration_id) {
  db::Row r;
  if (!tx.QueryOne("SELECT project_id FROM project_registrations WHERE id = :id", {registration_id}, r))
    return std::nullopt;
  return r.Int(0);
}

Seats LockSeats(db::Tx& tx, int64_t project_id) {
  const db::Columns cols{"state", "capacity", "accepted_count"};
  db::Row row;
  tx.QueryOne("SELECT " + cols.Sql() + " FROM projects WHERE id = :id" + (IsPostgres(tx) ? " FOR NO KEY UPDATE" : ""),
              {project_id}, row);
  Named r(cols, row);
  return {r.Str("state"), r.Int("capacity"), r.Int("accepted_count")};
}

void AddAccepted(db::Tx& tx, int64_t project_id, int delta) {
  if (delta > 0)
    tx.Exec("UPDATE projects SET accepted_count = accepted_count + 1 WHERE id = :id", {project_id});
  else
    tx.Exec("UPDATE projects SET accepted_count = accepted_count - 1 WHERE id = :id AND accepted_count > 0",
            {project_id});
}

int64_t MaxQueuePos(db::Tx& tx, int64_t project_id) {
  // Over the waitlist only (the state index answers it).
  return CountOf(tx,
                 "SELECT COALESCE(MAX(queue_pos), 0) FROM project_registrations WHERE project_id = :p AND "
                 "state = 'waitlisted'",
                 {project_id});
}

std::vector<Waiting> Waitlist(db::Tx& tx, int64_t project_id) {
  const db::Columns cols{"r.id", "o.path"};
  std::vector<Waiting> out;
  for (const auto& row : tx.Query("SELECT " + cols.Sql() +
                                      " FROM project_registrations r JOIN orgs o ON o.id = r.school_id "
                                      "WHERE r.project_id = :p AND r.state = 'waitlisted' ORDER BY r.queue_pos",
                                  {project_id})) {
    Named r(cols, row);
    out.push_back({r.Int("id"), r.Str("path")});
  }
  return out;
}

std::vector<int64_t> ServingTeachers(db::Tx& tx, const std::string& lo, const std::string& hi) {
  std::vector<int64_t> out;
  for (const auto& r : tx.Query("SELECT t.id FROM teachers t JOIN orgs o ON o.id = t.org_id WHERE o.path >= :lo "
                                "AND o.path < :hi AND t.status = '在职'",
                                {lo, hi}))
    out.push_back(r.Int(0));
  return out;
}

// ---- assessment --------------------------------------------------------

std::vector<Participant> Participants(db::Tx& tx, int64_t project_id, std::optional<int64_t> only) {
  std::string filter = only ? " AND r.id = :rid" : "";
  db::Params params = {project_id};
  if (only) params.push_back(*only);
  std::vector<Participant> out;
  std::map<int64_t, size_t> index;
  for (const auto& row : tx.Query("SELECT " + kParticipant.Sql() +
                                      " FROM project_registrations r JOIN teachers t ON t.id = r.teacher_id "
                                      "JOIN orgs o ON o.id = r.school_id WHERE r.project_id = :p AND "
                                      "r.state = 'accepted'" +
                                      filter + " ORDER BY t.name, r.id",
                                  params)) {
    Named r(kParticipant, row);
    Participant p;
    p.registration_id = r.Int("id");
    p.teacher_id = r.Int("teacher_id");
    p.teacher_name = r.Str("teacher_name");
    p.school_name = r.Str("school_name");
    p.grade = r.Str("grade");
    p.makeup_grade = r.Str("makeup_grade");
    if (!r.IsNull("credit_record_id")) p.credit_record_id = r.Int("credit_record_id");
    index[p.registration_id] = out.size();
    out.push_back(std::move(p));
  }
  const db::Columns marks{"a.registration_id", "a.session_id", "a.status"};
  for (const auto& row : tx.Query("SELECT " + marks.Sql() +
                                      " FROM project_attendance a JOIN project_registrations r ON "
                                      "r.id = a.registration_id WHERE r.project_id = :p" +
                                      filter,
                                  params)) {
    Named r(marks, row);
    if (auto it = index.find(r.Int("registration_id")); it != index.end())
      out[it->second].marks[r.Int("session_id")] = r.Str("status");
  }
  const db::Columns grades{"g.registration_id", "g.course", "g.grade"};
  for (const auto& row : tx.Query("SELECT " + grades.Sql() +
                                      " FROM project_course_grades g JOIN project_registrations r ON "
                                      "r.id = g.registration_id WHERE r.project_id = :p" +
                                      filter,
                                  params)) {
    Named r(grades, row);
    if (auto it = index.find(r.Int("registration_id")); it != index.end())
      out[it->second].course_grades[r.Str("course")] = r.Str("grade");
  }
  return out;
}

void SetMark(db::Tx& tx, int64_t session_id, int64_t registration_id, const std::string& status,
             std::optional<int64_t> by, int64_t now) {
  tx.Exec(
      "INSERT INTO project_attendance (session_id, registration_id, status, marked_by, marked_at) VALUES "
      "(:s, :r, :st, :by, :at) ON CONFLICT (session_id, registration_id) DO UPDATE SET status = "
      "excluded.status, marked_by = excluded.marked_by, marked_at = excluded.marked_at",
      {session_id, registration_id, status, OrNull(by), now});
}

std::optional<std::string> MarkOf(db::Tx& tx, int64_t session_id, int64_t registration_id) {
  db::Row r;
  if (!tx.QueryOne("SELECT status FROM project_attendance WHERE session_id = :s AND registration_id = :r",
                   {session_id, registration_id}, r))
    return std::nullopt;
  return r.Str(0);
}

std::optional<std::string> CheckinToken(db::Tx& tx, int64_t project_id, int64_t session_id) {
  db::Row r;
  if (!tx.QueryOne("SELECT checkin_token FROM project_sessions WHERE id = :s AND project_id = :p",
                   {session_id, project_id}, r))
    return std::nullopt;
  return r.Str(0);
}

std::optional<TokenSession> SessionByToken(db::Tx& tx, const std::string& token) {
  const db::Columns cols{"id", "project_id", "session_date", "start_time", "end_time"};
  db::Row row;
  if (!tx.QueryOne("SELECT " + cols.Sql() + " FROM project_sessions WHERE checkin_token = :t", {token}, row))
    return std::nullopt;
  Named r(cols, row);
  return TokenSession{r.Int("id"), r.Int("project_id"), r.Str("session_date"), r.Str("start_time"),
                      r.Str("end_time")};
}

std::optional<int64_t> AcceptedRegistrationId(db::Tx& tx, int64_t project_id, int64_t teacher_id) {
  db::Row r;
  if (!tx.QueryOne("SELECT id FROM project_registrations WHERE project_id = :p AND teacher_id = :t AND state = "
                   "'accepted'",
                   {project_id, teacher_id}, r))
    return std::nullopt;
  return r.Int(0);
}

void SetCourseGrade(db::Tx& tx, int64_t registration_id, const std::string& course, const std::string& grade) {
  tx.Exec("DELETE FROM project_course_grades WHERE registration_id = :r AND course = :c", {registration_id, course});
  if (!grade.empty())
    tx.Exec("INSERT INTO project_course_grades (registration_id, course, grade) VALUES (:r, :c, :g)",
            {registration_id, course, grade});
}

void SetGrade(db::Tx& tx, int64_t registration_id, const std::string& grade, int64_t now) {
  tx.Exec("UPDATE project_registrations SET grade = :g, updated_at = :u WHERE id = :id", {grade, now, registration_id});
}

void SetMakeupGrade(db::Tx& tx, int64_t registration_id, const std::string& grade, int64_t now) {
  tx.Exec("UPDATE project_registrations SET makeup_grade = :g, updated_at = :u WHERE id = :id",
          {grade, now, registration_id});
}

void LinkCredit(db::Tx& tx, int64_t registration_id, int64_t record_id) {
  tx.Exec("UPDATE project_registrations SET credit_record_id = :c WHERE id = :id", {record_id, registration_id});
}

std::vector<int64_t> GrantedRecordIds(db::Tx& tx, int64_t project_id) {
  std::vector<int64_t> out;
  for (const auto& r : tx.Query("SELECT credit_record_id FROM project_registrations WHERE project_id = :p AND "
                                "credit_record_id IS NOT NULL ORDER BY id",
                                {project_id}))
    out.push_back(r.Int(0));
  return out;
}

// ---- for other modules -------------------------------------------------

int64_t AcceptedCount(db::Tx& tx, int64_t project_id) {
  return CountOf(tx, "SELECT COUNT(*) FROM project_registrations WHERE project_id = :p AND state = 'accepted'",
                 {project_id});
}

std::vector<ProjectBrief> AcceptedProjectsOf(db::Tx& tx, int64_t teacher_id) {
  std::vector<ProjectBrief> out;
  for (const auto& r : tx.Query("SELECT " + kBrief.Sql() +
                                    " FROM project_registrations g JOIN projects p ON p.id = g.project_id "
                                    "WHERE g.teacher_id = :t AND g.state = 'accepted' ORDER BY p.start_date, p.id",
                                {teacher_id}))
    out.push_back(BriefFrom(r));
  return out;
}

}  // namespace jj::projects::repo
