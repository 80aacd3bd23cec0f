// SQL of the certificates module (bind parameters only). Called inside the
// service's transactions; every function throws on broken SQL like db::Tx.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "infra/db/database.h"
#include "modules/certificates/certificates.h"

namespace jj::certificates::repo {

// The teacher as a certificate shows them, with the school's path for scope.
struct TeacherRow {
  int64_t id = 0;
  std::string name, id_number, school, path, status;
};

std::optional<TeacherRow> FindTeacher(db::Tx& tx, int64_t id);
// 在职 teachers of the subtree [lo, hi) of org paths, by school path and name.
std::vector<int64_t> ActiveTeacherIds(db::Tx& tx, const std::string& lo, const std::string& hi);

// Inserts `c` (number ignored) and gives it the number JJ-<year>-<id, 6 digits>.
// Returns the new id; sets c.id and c.number.
int64_t Insert(db::Tx& tx, Certificate& c, int issue_year);
// Marks the other current certificates of the same teacher and cycle as
// superseded by `c`. Returns how many.
int64_t SupersedeOthers(db::Tx& tx, const Certificate& c);
std::optional<Certificate> FindById(db::Tx& tx, int64_t id);
std::optional<Certificate> FindByCode(db::Tx& tx, const std::string& code);
void MarkRevoked(db::Tx& tx, int64_t id, const std::string& reason);

}  // namespace jj::certificates::repo
