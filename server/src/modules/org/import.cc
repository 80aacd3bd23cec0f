#include "modules/org/import.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "infra/audit_log/audit_log.h"
#include "infra/io/mapped_file.h"
#include "infra/io/sheet.h"
#include "modules/org/org.h"
#include "modules/org/repository.h"

namespace jj::org {

namespace {

enum Col { kCode, kName, kType, kParent, kStages, kRural, kColumnCount };
const char* const kField[kColumnCount] = {"code", "name", "type", "parent_code", "stages", "rural"};

const std::vector<io::ColumnSpec>& Columns() {
  static const std::vector<io::ColumnSpec> v = {
      {"code", {"代码", "机构代码", "code"}, true},      {"name", {"名称", "机构名称", "name"}, true},
      {"type", {"类型", "type"}, true},                    {"parent_code", {"上级代码", "parent_code"}, false},
      {"stages", {"学段", "stages"}, false},               {"rural", {"城乡", "rural"}, false},
  };
  return v;
}

const std::map<std::string, std::string>& TypeLabels() {
  static const std::map<std::string, std::string> m = {
      {"省", "province"},       {"市", "city"},           {"县区", "county"},  {"县", "county"},
      {"区", "county"},         {"乡镇中心校", "township"}, {"中心校", "township"}, {"学校", "school"},
      {"进修学校", "institution"}, {"培训机构", "institution"}, {"教育局", "bureau"}};
  return m;
}

struct Pending {
  int64_t row = 0;
  std::vector<std::string> cells;  // for the report
  NewOrg org;
  std::string parent_code;
};

}  // namespace

Result<io::ImportReport> ImportOrgs(db::Database& db, const Clock& clock, const auth::Actor& actor,
                                    std::string_view file, const std::string& mode, bool good_rows_only) {
  if (!actor.IsBureauAdmin()) return PermissionDenied();
  if (mode != "dry-run" && mode != "insert" && mode != "upsert")
    return Status(Code::kInvalidArgument, "field.enum",
                  {{"field", "mode"}, {"value", mode}, {"allowed", "dry-run, insert, upsert"}})
        .WithField("mode");
  const bool dry = mode == "dry-run";
  io::ImportReport report;
  io::HeaderMatch match;
  std::vector<Pending> rows;
  std::vector<Status> problems;
  auto column_of = [&](const std::string& field) -> int {
    if (field == "parent_id") return match.index[kParent];
    for (int c = 0; c < kColumnCount; ++c)
      if (field == kField[c]) return match.index[c];
    return -1;
  };
  // Pass 1: each row on its own.
  std::set<std::string> codes_in_file;
  auto on_header = [&](int64_t, const std::vector<std::string_view>& cells) -> Status {
    JJ_ASSIGN_OR_RETURN(match, report.ReadHeader(cells, Columns()));
    return Status::Ok();
  };
  auto on_row = [&](int64_t row_no, const std::vector<std::string_view>& cells) -> Status {
    ++report.rows;
    auto cell = [&](int c) { return std::string(io::CellOf(match, cells, c)); };
    problems.clear();
    Pending p;
    p.row = row_no;
    p.org.code = cell(kCode);
    p.org.name = cell(kName);
    p.parent_code = cell(kParent);
    if (p.org.code.empty() || p.org.code.size() > 20 ||
        !std::all_of(p.org.code.begin(), p.org.code.end(), [](char c) { return c >= '0' && c <= '9'; }))
      problems.push_back(InvalidArgument("org.import_code", "code"));
    else if (!codes_in_file.insert(p.org.code).second)
      problems.push_back(Status(Code::kInvalidArgument, "org.import_duplicate", {{"code", p.org.code}}).WithField("code"));
    if (p.org.name.empty()) problems.push_back(Status(Code::kInvalidArgument, "field.empty", {{"field", "名称"}}).WithField("name"));
    auto type = TypeLabels().find(cell(kType));
    if (type == TypeLabels().end())
      problems.push_back(Status(Code::kInvalidArgument, "field.enum",
                                {{"field", "类型"},
                                 {"value", cell(kType)},
                                 {"allowed", "省、市、县区、乡镇中心校、学校、进修学校、教育局"}})
                             .WithField("type"));
    else
      p.org.type = type->second;
    std::string stages = cell(kStages);
    for (size_t pos = 0; pos < stages.size();) {
      size_t end = stages.find("、", pos);
      if (end == std::string::npos) end = stages.size();
      if (end > pos) p.org.stages.push_back(stages.substr(pos, end - pos));
      pos = end + std::string("、").size();
    }
    if (Status st = ValidateStages(p.org.stages); !st.ok()) problems.push_back(std::move(st));
    std::string rural = cell(kRural);
    if (rural == "农村") p.org.rural = true;
    else if (!rural.empty() && rural != "城镇")
      problems.push_back(Status(Code::kInvalidArgument, "field.enum",
                                {{"field", "城乡"}, {"value", rural}, {"allowed", "城镇、农村"}})
                             .WithField("rural"));
    if (!problems.empty()) {
      report.AddBadRow(row_no, cells, problems, column_of, 10000);
      return Status::Ok();
    }
    p.cells.assign(cells.begin(), cells.end());
    rows.push_back(std::move(p));
    return Status::Ok();
  };
  JJ_RETURN_IF_ERROR(io::ReadSheet(file, on_header, on_row));
  if (report.rows == 0) return InvalidArgument("import.no_rows");

  // Pass 2: parents (in the file, in any order, or in the tree) and writes.
  auto body = [&](db::Tx& tx) -> Status {
    const int64_t now = clock.NowSeconds();
    std::map<std::string, Org> placed;  // code → org, as written (or as it would be)
    int64_t fake_id = -1;               // dry run: ids for nodes not written
    std::vector<bool> done(rows.size(), false);
    db::Row any;
    bool tree_empty = !tx.QueryOne("SELECT id FROM orgs ORDER BY id LIMIT 1", {}, any);
    auto fail = [&](size_t i, Status st) {
      std::vector<std::string_view> cells(rows[i].cells.begin(), rows[i].cells.end());
      std::vector<Status> one{std::move(st)};
      report.AddBadRow(rows[i].row, cells, one, column_of, 10000);
      done[i] = true;
    };
    for (bool progress = true; progress;) {
      progress = false;
      for (size_t i = 0; i < rows.size(); ++i) {
        if (done[i]) continue;
        Pending& p = rows[i];
        std::optional<Org> parent;
        if (!p.parent_code.empty()) {
          if (auto it = placed.find(p.parent_code); it != placed.end()) parent = it->second;
          else if (codes_in_file.count(p.parent_code)) continue;  // comes later in this pass
          else parent = FindOrgByCode(tx, p.parent_code);
          if (!parent || (!actor.Covers(parent->path) && parent->id > 0)) {
            fail(i, Status(Code::kInvalidArgument, "org.import_parent", {{"code", p.parent_code}}).WithField("parent_code"));
            continue;
          }
          if (Status st = CheckParentType(p.org.type, parent->type); !st.ok()) {
            fail(i, std::move(st));
            continue;
          }
        } else if (!FindOrgByCode(tx, p.org.code)) {
          // A new root: only into an empty tree (one root per tree), and only
          // a region level. An existing root is matched by code below.
          if (!tree_empty || actor.role != auth::Role::kSysAdmin) {
            fail(i, InvalidArgument("org.import_root_exists", "parent_code"));
            continue;
          }
          if (p.org.type != "province" && p.org.type != "city" && p.org.type != "county") {
            fail(i, InvalidArgument("org.import_root_type", "type"));
            continue;
          }
          tree_empty = false;
        }
        progress = true;
        done[i] = true;
        if (auto existing = FindOrgByCode(tx, p.org.code)) {
          if (mode != "upsert" || !actor.Covers(existing->path)) {
            fail(i, Status(Code::kConflict, "org.code_taken", {{"code", p.org.code}, {"name", existing->name}})
                        .WithField("code"));
            continue;
          }
          if ((parent ? std::optional<int64_t>(parent->id) : std::nullopt) != existing->parent_id ||
              existing->type != p.org.type) {
            fail(i, InvalidArgument("org.import_move", "parent_code"));
            continue;
          }
          ++report.valid;
          bool changed = existing->name != p.org.name || existing->stages != p.org.stages ||
                         existing->rural != p.org.rural;
          if (!changed) {
            ++report.unchanged;
          } else {
            ++report.updated;
            if (existing->name != p.org.name)
              report.changes.push_back({p.row, p.org.code, p.org.name, "name", existing->name, p.org.name});
            if (!dry) {
              std::string joined;
              for (const auto& s : p.org.stages) joined += (joined.empty() ? "" : "、") + s;
              tx.Exec("UPDATE orgs SET name = :n, stages = :s, rural = :r WHERE id = :id",
                      {p.org.name, joined, int64_t{p.org.rural ? 1 : 0}, existing->id});
            }
          }
          placed[p.org.code] = *existing;
          continue;
        }
        ++report.valid;
        ++report.inserted;
        Org o;
        o.code = p.org.code;
        o.type = p.org.type;
        if (dry) {
          o.id = fake_id--;
          o.path = (parent ? parent->path : std::string("/")) + std::to_string(o.id) + "/";
        } else {
          p.org.parent_id = parent ? std::optional<int64_t>(parent->id) : std::nullopt;
          o.id = InsertOrg(tx, p.org, parent ? parent->path : std::string(), now);
          o.path = FindOrg(tx, o.id)->path;
        }
        placed[p.org.code] = o;
      }
    }
    // Rows whose parent is in the file but was never placed: below a bad row
    // (said so, down every level), else in a cycle.
    std::set<std::string> placed_or_pending;
    for (size_t i = 0; i < rows.size(); ++i)
      if (!done[i]) placed_or_pending.insert(rows[i].org.code);
    for (const auto& [code, o] : placed) placed_or_pending.insert(code);
    for (bool more = true; more;) {
      more = false;
      for (size_t i = 0; i < rows.size(); ++i) {
        if (done[i] || placed_or_pending.count(rows[i].parent_code)) continue;
        // The parent's row failed (in either pass): this row cannot be placed.
        fail(i, Status(Code::kInvalidArgument, "org.import_parent_row", {{"code", rows[i].parent_code}})
                    .WithField("parent_code"));
        placed_or_pending.erase(rows[i].org.code);
        more = true;
      }
    }
    for (size_t i = 0; i < rows.size(); ++i)
      if (!done[i])  // a cycle
        fail(i, Status(Code::kInvalidArgument, "org.import_parent", {{"code", rows[i].parent_code}})
                    .WithField("parent_code"));
    if (dry || (report.invalid > 0 && !good_rows_only) || report.valid == 0)
      return Status(Code::kFailedPrecondition, "import.rolled_back");
    nlohmann::json summary = {{"mode", mode}, {"rows", report.rows}, {"inserted", report.inserted},
                              {"updated", report.updated}, {"skipped_invalid", report.invalid}};
    audit_log::Append(tx, clock,
                      {actor.AuditId(), "org.import",
                       "org", std::nullopt, "", summary.dump()});
    report.written = true;
    return Status::Ok();
  };
  Status st = db.Transact(body);
  if (!st.ok() && st.key() != "import.rolled_back") return st;
  // Rows are reported in file order.
  std::stable_sort(report.problems.begin(), report.problems.end(),
                   [](const io::Problem& a, const io::Problem& b) { return a.row < b.row; });
  std::stable_sort(report.bad_rows.begin(), report.bad_rows.end(),
                   [](const io::BadRow& a, const io::BadRow& b) { return a.row < b.row; });
  return report;
}

jobs::JobHandler MakeOrgImportJob(db::Database& db, const Clock& clock, jobs::ActorOfFn actor_of) {
  return jobs::MakeSheetImportJob(
      [&db, &clock](const auth::Actor& actor, std::string_view file, const std::string& mode, bool good_rows_only) {
        return ImportOrgs(db, clock, actor, file, mode, good_rows_only);
      },
      std::move(actor_of));
}

}  // namespace jj::org
