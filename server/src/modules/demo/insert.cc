// Storing the demo county: orgs one by one (each path needs its new id),
// teachers through the import path's BulkInserter (a reused prepared
// statement on SQLite, COPY on PostgreSQL).
#include <unordered_map>

#include "infra/db/bulk.h"
#include "modules/demo/demo.h"

namespace jj::demo {

Status InsertCounty(db::Tx& tx, const DemoCounty& c, int64_t now) {
  struct Placed {
    int64_t id;
    std::string path;
  };
  std::unordered_map<std::string, Placed> placed;
  placed.reserve(c.orgs.size());
  for (const DemoOrg& o : c.orgs) {
    db::Param parent = nullptr;
    std::string parent_path = "/";
    if (!o.parent_code.empty()) {
      auto it = placed.find(o.parent_code);
      if (it == placed.end()) return Internal("demo org " + o.code + " comes before its parent " + o.parent_code);
      parent = it->second.id;
      parent_path = it->second.path;
    }
    // The path holds the new id, known only after the insert.
    int64_t id = tx.InsertReturningId(
        "INSERT INTO orgs (code, name, type, parent_id, path, stages, rural, created_at) "
        "VALUES (:code, :name, :type, :parent, '', :stages, :rural, :now)",
        {o.code, o.name, o.type, parent, o.stages, int64_t{o.rural ? 1 : 0}, now});
    std::string path = parent_path + std::to_string(id) + "/";
    tx.Exec("UPDATE orgs SET path = :p WHERE id = :id", {path, id});
    placed[o.code] = {id, std::move(path)};
  }

  db::BulkInserter bulk(tx, "teachers",
                        {"id_number", "name", "sex", "birth_date", "ethnicity", "phone", "org_id", "stage", "subject",
                         "title", "posts", "hire_date", "cert_number", "status", "backbone_level", "created_at",
                         "updated_at"});
  const std::string now_text = std::to_string(now);
  for (const DemoTeacher& t : c.teachers) {
    auto school = placed.find(t.school_code);
    if (school == placed.end()) return Internal("demo teacher's school " + t.school_code + " is not in the county");
    const std::string org_id = std::to_string(school->second.id);
    bulk.Add({t.id_number, t.name, t.sex, t.birth_date, t.ethnicity, t.phone, org_id, t.stage, t.subject, t.title,
              t.posts, t.hire_date, t.cert_number, t.status, t.backbone_level, now_text, now_text});
  }
  bulk.Finish();
  return Status::Ok();
}

}  // namespace jj::demo
