#include "modules/certificates/repository.h"

#include <cstdio>

namespace jj::certificates::repo {

namespace {

const char* kSelect =
    "SELECT id, number, code, teacher_id, first_year, last_year, content_hash, content, issued_by, issued_at, revoked, "
    "superseded_by FROM certificates ";

Certificate FromRow(const db::Row& r) {
  Certificate c;
  c.id = r.Int(0);
  c.number = r.Str(1);
  c.code = r.Str(2);
  c.teacher_id = r.Int(3);
  c.first_year = static_cast<int>(r.Int(4));
  c.last_year = static_cast<int>(r.Int(5));
  c.content_hash = r.Str(6);
  c.content = nlohmann::json::parse(r.Str(7), nullptr, false);
  if (!r.IsNull(8)) c.issued_by = r.Int(8);
  c.issued_at = r.Int(9);
  c.revoked = r.Int(10) != 0;
  if (!r.IsNull(11)) c.superseded_by = r.Int(11);
  return c;
}

}  // namespace

std::optional<TeacherRow> FindTeacher(db::Tx& tx, int64_t id) {
  db::Row r;
  if (!tx.QueryOne("SELECT t.id, t.name, t.id_number, o.name, o.path, t.status FROM teachers t JOIN orgs o ON o.id = "
                   "t.org_id WHERE t.id = :id",
                   {id}, r))
    return std::nullopt;
  return TeacherRow{r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5)};
}

std::vector<int64_t> ActiveTeacherIds(db::Tx& tx, const std::string& lo, const std::string& hi) {
  std::vector<int64_t> out;
  for (const auto& r : tx.Query("SELECT t.id FROM teachers t JOIN orgs o ON o.id = t.org_id WHERE o.path >= :lo AND "
                                "o.path < :hi AND t.status = '在职' ORDER BY o.path, t.name, t.id",
                                {lo, hi}))
    out.push_back(r.Int(0));
  return out;
}

int64_t Insert(db::Tx& tx, Certificate& c, int issue_year) {
  // The number derives from the id, so it is unique without a counter row;
  // the code (unique too) stands in for it until the id is known.
  c.id = tx.InsertReturningId(
      "INSERT INTO certificates (number, code, teacher_id, first_year, last_year, content_hash, content, issued_by, "
      "issued_at) VALUES (:n, :c, :t, :f, :l, :h, :x, :b, :a)",
      {"pending-" + c.code, c.code, c.teacher_id, int64_t{c.first_year}, int64_t{c.last_year}, c.content_hash,
       nlohmann::json(c.content).dump(), c.issued_by ? db::Param(*c.issued_by) : db::Param(nullptr), c.issued_at});
  char buf[48];
  std::snprintf(buf, sizeof buf, "JJ-%04d-%06lld", issue_year, static_cast<long long>(c.id));
  c.number = buf;
  tx.Exec("UPDATE certificates SET number = :n WHERE id = :id", {c.number, c.id});
  return c.id;
}

int64_t SupersedeOthers(db::Tx& tx, const Certificate& c) {
  return tx.Exec(
      "UPDATE certificates SET superseded_by = :by WHERE teacher_id = :t AND first_year = :f AND last_year = :l AND "
      "id <> :id AND superseded_by IS NULL",
      {c.id, c.teacher_id, int64_t{c.first_year}, int64_t{c.last_year}, c.id});
}

std::optional<Certificate> FindById(db::Tx& tx, int64_t id) {
  db::Row r;
  if (!tx.QueryOne(std::string(kSelect) + "WHERE id = :id", {id}, r)) return std::nullopt;
  return FromRow(r);
}

std::optional<Certificate> FindByCode(db::Tx& tx, const std::string& code) {
  db::Row r;
  if (!tx.QueryOne(std::string(kSelect) + "WHERE code = :c", {code}, r)) return std::nullopt;
  return FromRow(r);
}

void MarkRevoked(db::Tx& tx, int64_t id, const std::string& reason) {
  tx.Exec("UPDATE certificates SET revoked = 1, revoke_reason = :r WHERE id = :id", {reason, id});
}

}  // namespace jj::certificates::repo
