// SQL of the teachers module (internal). Bind parameters only.
#pragma once

#include "modules/teachers/teachers.h"

namespace jj::teachers {

struct TeacherRow {
  Teacher t;
  std::string org_path;
};

std::optional<TeacherRow> FindTeacher(db::Tx& tx, int64_t id);
std::optional<TeacherRow> FindTeacherByIdNumber(db::Tx& tx, const std::string& id_number);
// `where` starts with "WHERE" and uses alias t (teachers) and o (orgs).
std::vector<TeacherRow> QueryTeachers(db::Tx& tx, const std::string& where, const db::Params& params);
// min(the count, limit): stops reading at `limit` rows.
int64_t CountTeachersUpTo(db::Tx& tx, const std::string& where, const db::Params& params, int64_t limit);
int64_t CountTeachers(db::Tx& tx, const std::string& where, const db::Params& params);
int64_t InsertTeacher(db::Tx& tx, const Teacher& t, int64_t now);
void UpdateTeacher(db::Tx& tx, const Teacher& t, int64_t now);
// One row of teacher_backbone_history.
void AppendBackboneHistory(db::Tx& tx, int64_t id, const std::string& from, const std::string& to,
                           const std::string& reason, std::optional<int64_t> actor_id, int64_t now);
std::string JoinPosts(const std::vector<std::string>& posts);
// Conflict on an ID number already held: teacher.duplicate naming the holder
// (name, school) when it lies in the actor's scope, else
// teacher.duplicate_elsewhere, which says nothing about the holder.
Status DuplicateError(const auth::Actor& actor, const TeacherRow& existing);

}  // namespace jj::teachers
