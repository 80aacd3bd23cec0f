#include "modules/teachers/repository.h"

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "infra/audit_log/audit_log.h"
#include "infra/db/columns.h"
#include "infra/http/json_io.h"

namespace jj::teachers {

namespace {
const char* kSelect =
    "SELECT t.id, t.name, t.id_number, t.sex, t.birth_date, t.ethnicity, t.phone, t.org_id, o.name, t.stage, "
    "t.subject, t.title, t.posts, t.hire_date, t.cert_number, t.status, t.backbone_level, o.rural, o.path "
    "FROM teachers t JOIN orgs o ON o.id = t.org_id ";

TeacherRow FromRow(const db::Row& r) {
  TeacherRow row;
  Teacher& t = row.t;
  t.id = r.Int(0);
  t.name = r.Str(1);
  t.id_number = r.Str(2);
  t.sex = r.Str(3);
  t.birth_date = r.Str(4);
  t.ethnicity = r.Str(5);
  t.phone = r.Str(6);
  t.org_id = r.Int(7);
  t.org_name = r.Str(8);
  t.stage = r.Str(9);
  t.subject = r.Str(10);
  t.title = r.Str(11);
  t.posts = SplitList(r.Str(12));
  t.hire_date = r.Str(13);
  t.cert_number = r.Str(14);
  t.status = r.Str(15);
  t.backbone_level = r.Str(16);
  t.rural = r.Int(17) != 0;
  row.org_path = r.Str(18);
  return row;
}
}  // namespace

std::string JoinPosts(const std::vector<std::string>& posts) { return JoinList(posts); }

std::optional<TeacherRow> FindTeacher(db::Tx& tx, int64_t id) {
  db::Row r;
  if (!tx.QueryOne(std::string(kSelect) + "WHERE t.id = :id", {id}, r)) return std::nullopt;
  return FromRow(r);
}

std::optional<TeacherRow> FindTeacherByIdNumber(db::Tx& tx, const std::string& id_number) {
  db::Row r;
  if (!tx.QueryOne(std::string(kSelect) + "WHERE t.id_number = :n", {id_number}, r)) return std::nullopt;
  return FromRow(r);
}

std::vector<TeacherRow> QueryTeachers(db::Tx& tx, const std::string& where, const db::Params& params) {
  std::vector<TeacherRow> out;
  for (const auto& r : tx.Query(kSelect + where, params)) out.push_back(FromRow(r));
  return out;
}

int64_t CountTeachers(db::Tx& tx, const std::string& where, const db::Params& params) {
  db::Row r;
  tx.QueryOne("SELECT COUNT(*) FROM teachers t JOIN orgs o ON o.id = t.org_id " + where, params, r);
  return r.Int(0);
}

int64_t CountTeachersUpTo(db::Tx& tx, const std::string& where, const db::Params& params, int64_t limit) {
  db::Params p = params;
  p.push_back(limit);
  db::Row r;
  tx.QueryOne("SELECT COUNT(*) FROM (SELECT 1 FROM teachers t JOIN orgs o ON o.id = t.org_id " + where +
                  " LIMIT :count_limit) c",
              p, r);
  return r.Int(0);
}

int64_t InsertTeacher(db::Tx& tx, const Teacher& t, int64_t now) {
  return tx.InsertReturningId(
      "INSERT INTO teachers (id_number, name, sex, birth_date, ethnicity, phone, org_id, stage, subject, title, "
      "posts, hire_date, cert_number, status, backbone_level, created_at, updated_at) VALUES (:idn, :name, :sex, "
      ":birth, :eth, :phone, :org, :stage, :subject, :title, :posts, :hire, :cert, :status, :bb, :c, :u)",
      {t.id_number, t.name, t.sex, t.birth_date, t.ethnicity, t.phone, t.org_id, t.stage, t.subject, t.title,
       JoinPosts(t.posts), t.hire_date, t.cert_number, t.status, t.backbone_level, now, now});
}

void UpdateTeacher(db::Tx& tx, const Teacher& t, int64_t now) {
  tx.Exec(
      "UPDATE teachers SET id_number = :idn, name = :name, sex = :sex, birth_date = :birth, ethnicity = :eth, "
      "phone = :phone, org_id = :org, stage = :stage, subject = :subject, title = :title, posts = :posts, "
      "hire_date = :hire, cert_number = :cert, status = :status, backbone_level = :bb, updated_at = :u "
      "WHERE id = :id",
      {t.id_number, t.name, t.sex, t.birth_date, t.ethnicity, t.phone, t.org_id, t.stage, t.subject, t.title,
       JoinPosts(t.posts), t.hire_date, t.cert_number, t.status, t.backbone_level, now, t.id});
}

}  // namespace jj::teachers

namespace jj::teachers {

std::optional<TeacherCard> FindTeacherCard(db::Tx& tx, int64_t id, bool lock) {
  if (lock && tx.dialect() == db::Dialect::kPostgres) {
    db::Row r;
    if (!tx.QueryOne("SELECT id FROM teachers WHERE id = :id FOR NO KEY UPDATE", {id}, r)) return std::nullopt;
  }
  auto row = FindTeacher(tx, id);
  if (!row) return std::nullopt;
  const Teacher& t = row->t;
  TeacherCard c;
  c.id = t.id;
  c.name = t.name;
  c.id_number = t.id_number;
  c.sex = t.sex;
  c.birth_date = t.birth_date;
  c.hire_date = t.hire_date;
  c.org_id = t.org_id;
  c.org_name = t.org_name;
  c.org_path = row->org_path;
  c.rural = t.rural;
  c.stage = t.stage;
  c.subject = t.subject;
  c.backbone_level = t.backbone_level;
  c.status = t.status;
  c.title = t.title;
  c.posts = t.posts;
  return c;
}

void AppendBackboneHistory(db::Tx& tx, int64_t id, const std::string& from, const std::string& to,
                           const std::string& reason, std::optional<int64_t> actor_id, int64_t now) {
  tx.Exec(
      "INSERT INTO teacher_backbone_history (teacher_id, from_level, to_level, reason, changed_by, changed_at) "
      "VALUES (:t, :f, :l, :r, :by, :at)",
      {id, from, to, reason, actor_id ? db::Param(*actor_id) : db::Param(nullptr), now});
}

Status SetBackboneLevel(db::Tx& tx, const Clock& clock, std::optional<int64_t> actor_id, int64_t id,
                        const std::string& level, const std::string& reason) {
  JJ_RETURN_IF_ERROR(http::CheckEnum("backbone_level", level, BackboneLevels()));
  db::Row row;
  if (!tx.QueryOne(std::string("SELECT backbone_level FROM teachers WHERE id = :id") +
                       (tx.dialect() == db::Dialect::kPostgres ? " FOR NO KEY UPDATE" : ""),
                   {id}, row))
    return NotFound();
  const std::string before = row.Str(0);
  const int64_t now = clock.NowSeconds();
  tx.Exec("UPDATE teachers SET backbone_level = :l, updated_at = :u WHERE id = :id", {level, now, id});
  AppendBackboneHistory(tx, id, before, level, reason, actor_id, now);
  audit_log::Append(tx, clock,
                    {actor_id, "teacher.backbone_level", "teacher", id,
                     nlohmann::json{{"backbone_level", before}}.dump(),
                     nlohmann::json{{"backbone_level", level}, {"reason", reason}}.dump()});
  return Status::Ok();
}

std::vector<BackboneChange> BackboneHistory(db::Tx& tx, int64_t id) {
  static const db::Columns kCols{"from_level", "to_level", "reason", "changed_by", "changed_at"};
  std::vector<BackboneChange> out;
  for (const auto& row : tx.Query("SELECT " + kCols.Sql() +
                                      " FROM teacher_backbone_history WHERE teacher_id = :t ORDER BY changed_at, id",
                                  {id})) {
    db::Named n(kCols, row);
    BackboneChange c;
    c.from_level = n.Str("from_level");
    c.to_level = n.Str("to_level");
    c.reason = n.Str("reason");
    if (!n.IsNull("changed_by")) c.changed_by = n.Int("changed_by");
    c.changed_at = n.Int("changed_at");
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace jj::teachers
