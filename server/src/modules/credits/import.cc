// Importing a county's historical credit spreadsheets as approved records
// (`jijiao import credits FILE`, the job "credit.import"). Every row is
// checked first; all or nothing unless good_rows_only; streamed in one
// transaction like the teacher import.
#include "modules/credits/import.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "infra/audit_log/audit_log.h"
#include "infra/db/bulk.h"
#include "infra/io/mapped_file.h"
#include "infra/io/sheet.h"
#include "modules/credits/audit_pack.h"
#include "modules/credits/integrity.h"
#include "modules/org/org.h"

namespace jj::credits {

namespace {

enum Col {
  kIdNumber,
  kName,
  kDate,
  kProjectName,
  kProjectCode,
  kLevel,
  kForm,
  kDimension,
  kLocation,
  kHours,
  kGrade,
  kSource,
  kAchievement,
  kColumnCount
};
const char* const kField[kColumnCount] = {"id_number", "name",     "date",     "project_name", "project_code",
                                          "level",     "form",     "dimension", "location",    "hours",
                                          "grade",     "source",   "achievement_type"};

const std::vector<io::ColumnSpec>& Columns() {
  static const std::vector<io::ColumnSpec> v = {
      {"id_number", {"身份证号", "身份证号码", "id_number"}, true},
      {"name", {"姓名", "name"}, false},
      {"date", {"日期", "培训日期", "date"}, true},
      {"project_name", {"项目名称", "project_name"}, false},
      {"project_code", {"项目编号", "project_code"}, false},
      {"level", {"级别", "level"}, false},
      {"form", {"形式", "form"}, false},
      {"dimension", {"维度", "dimension"}, false},
      {"location", {"地点", "location"}, false},
      {"hours", {"学时", "hours"}, false},
      {"grade", {"成绩", "grade"}, false},
      {"source", {"类型", "source"}, false},
      {"achievement_type", {"成果类别", "achievement_type"}, false},
  };
  return v;
}

// 类型 as the spreadsheet says it.
const std::unordered_map<std::string, std::string>& SourceLabels() {
  static const std::unordered_map<std::string, std::string> m = {
      {"", "import"},          {"培训", "training"},   {"校本活动", "school_activity"}, {"校本研修", "school_activity"},
      {"工作坊", "workshop"},  {"读书", "reading"},    {"成果", "achievement"},         {"导入", "import"},
      {"training", "training"}, {"achievement", "achievement"}, {"import", "import"}};
  return m;
}

// "12", "12.5" → tenths; anything else (or a second decimal) → nullopt.
std::optional<int64_t> HoursTenths(std::string_view v) {
  if (v.empty()) return 0;
  int64_t whole = 0;
  size_t i = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
    whole = whole * 10 + (v[i] - '0');
    if (whole > 10000) return std::nullopt;
  }
  if (i == 0) return std::nullopt;
  if (i == v.size()) return whole * 10;
  if (v[i] != '.') return std::nullopt;
  ++i;
  int64_t tenth = 0;
  if (i < v.size()) {
    if (v[i] < '0' || v[i] > '9') return std::nullopt;
    tenth = v[i] - '0';
    ++i;
  }
  for (; i < v.size(); ++i)
    if (v[i] != '0') return std::nullopt;  // 12.50 is fine, 12.25 is not
  return whole * 10 + tenth;
}

struct TeacherRef {
  int64_t id = 0;
  std::string name, path;
};

}  // namespace

Result<io::ImportReport> ImportCredits(db::Database& db, const Clock& clock, const auth::Actor& actor,
                                       std::string_view file, const std::string& mode, bool good_rows_only) {
  if (!actor.IsBureauAdmin()) return PermissionDenied();
  if (mode != "dry-run" && mode != "insert")
    return Status(Code::kInvalidArgument, "field.enum", {{"field", "mode"}, {"value", mode}, {"allowed", "dry-run, insert"}})
        .WithField("mode");
  const bool dry = mode == "dry-run";
  io::ImportReport report;
  auto body = [&](db::Tx& tx) -> Status {
    const int64_t now = clock.NowSeconds();
    const std::string now_text = std::to_string(now);
    db::Row last;
    tx.QueryOne("SELECT COALESCE(MAX(id), 0) FROM credit_records", {}, last);
    const int64_t last_id = last.Int(0);
    // Teachers in scope by ID number; locked (org path, year) pairs.
    std::unordered_map<std::string, TeacherRef> teachers;
    auto [lo, hi] = org::SubtreeRange(actor.org_path);
    for (const auto& r : tx.Query("SELECT t.id_number, t.id, t.name, o.path FROM teachers t JOIN orgs o ON o.id = "
                                  "t.org_id WHERE o.path >= :lo AND o.path < :hi",
                                  {lo, hi}))
      teachers.emplace(r.Str(0), TeacherRef{r.Int(1), r.Str(2), r.Str(3)});
    std::vector<std::pair<std::string, int>> locks;
    for (const auto& r : tx.Query("SELECT o.path, l.year FROM year_locks l JOIN orgs o ON o.id = l.org_id"))
      locks.emplace_back(r.Str(0), static_cast<int>(r.Int(1)));
    auto locked = [&](const std::string& path, int year) {
      for (const auto& [p, y] : locks)
        if (y == year && path.compare(0, p.size(), p) == 0) return true;
      return false;
    };

    io::HeaderMatch match;
    std::optional<db::BulkInserter> bulk;
    std::vector<int64_t> touched;                   // teachers given records (with repeats)
    std::unordered_map<std::string, int64_t> seen;  // a row's identity → first row
    std::vector<Status> problems;
    auto column_of = [&](const std::string& field) -> int {
      for (int c = 0; c < kColumnCount; ++c)
        if (field == kField[c]) return match.index[c];
      return -1;
    };
    auto on_header = [&](int64_t, const std::vector<std::string_view>& cells) -> Status {
      JJ_ASSIGN_OR_RETURN(match, report.ReadHeader(cells, Columns()));
      return Status::Ok();
    };
    auto on_row = [&](int64_t row_no, const std::vector<std::string_view>& cells) -> Status {
      ++report.rows;
      auto cell = [&](int c) { return std::string(io::CellOf(match, cells, c)); };
      problems.clear();
      std::string id_number = cell(kIdNumber);
      if (!id_number.empty() && id_number.back() == 'x') id_number.back() = 'X';
      const TeacherRef* teacher = nullptr;
      if (auto it = teachers.find(id_number); it != teachers.end()) {
        teacher = &it->second;
        std::string name = cell(kName);
        if (!name.empty() && name != teacher->name)
          problems.push_back(
              Status(Code::kInvalidArgument, "credits.import_name", {{"name", teacher->name}}).WithField("name"));
      } else {
        problems.push_back(InvalidArgument("credits.import_teacher", "id_number"));
      }
      Record r;
      r.date = NormalizeDateText(cell(kDate));
      r.project_name = cell(kProjectName);
      r.project_code = cell(kProjectCode);
      r.level = cell(kLevel);
      r.form = cell(kForm);
      r.dimension = cell(kDimension);
      r.location = cell(kLocation);
      r.grade = cell(kGrade);
      r.achievement_type = cell(kAchievement);
      auto source = SourceLabels().find(cell(kSource));
      if (source == SourceLabels().end())
        problems.push_back(Status(Code::kInvalidArgument, "field.enum",
                                  {{"field", "类型"}, {"value", cell(kSource)}, {"allowed", "培训、校本活动、工作坊、读书、成果、导入"}})
                               .WithField("source"));
      else
        r.source = source->second;
      auto hours = HoursTenths(cell(kHours));
      if (!hours)
        problems.push_back(
            Status(Code::kInvalidArgument, "policy.decimals", {{"field", "学时"}, {"places", "1"}}).WithField("hours"));
      else
        r.hours_tenths = *hours;
      if (!ParseDate(r.date)) {
        problems.push_back(Status(Code::kInvalidArgument, "field.date", {{"field", "日期"}}).WithField("date"));
      } else if (source != SourceLabels().end() && hours) {
        policy::CreditRecord engine;
        engine.date = *ParseDate(r.date);
        engine.level = r.level;
        engine.form = r.form;
        engine.dimension = r.dimension;
        engine.location = r.location;
        engine.hours_tenths = r.hours_tenths;
        engine.source = r.source == "achievement" ? policy::SourceKind::kAchievement : policy::SourceKind::kImport;
        engine.achievement_type = r.achievement_type;
        if (Status st = policy::ValidateRecord(engine); !st.ok()) problems.push_back(std::move(st));
        if (teacher && locked(teacher->path, engine.date.year))
          problems.push_back(Status(Code::kFailedPrecondition, "credits.year_locked",
                                    {{"year", std::to_string(engine.date.year)}})
                                 .WithField("date"));
      }
      if (problems.empty()) {
        std::string identity = id_number + "|" + r.date + "|" + r.project_code + "|" + r.project_name + "|" +
                               std::to_string(r.hours_tenths) + "|" + r.achievement_type;
        auto [it, fresh] = seen.emplace(std::move(identity), row_no);
        if (!fresh)
          problems.push_back(Status(Code::kInvalidArgument, "credits.import_duplicate", {{"row", std::to_string(it->second)}})
                                 .WithField("project_name"));
      }
      if (!problems.empty()) {
        report.AddBadRow(row_no, cells, problems, column_of, 10000);
        return Status::Ok();
      }
      ++report.valid;
      ++report.inserted;
      if (dry) return Status::Ok();
      if (!bulk)
        bulk.emplace(tx, "credit_records",
                     std::vector<std::string>{"teacher_id", "record_date", "project_name", "project_code", "level",
                                              "form", "dimension", "location", "hours_tenths", "grade", "source",
                                              "achievement_type", "state", "declared_by", "approved_by",
                                              "created_at", "updated_at"});
      const std::string tid = std::to_string(teacher->id), hours_text = std::to_string(r.hours_tenths),
                        by = std::to_string(actor.account_id);
      touched.push_back(teacher->id);
      bulk->Add({tid, r.date, r.project_name, r.project_code, r.level, r.form, r.dimension, r.location, hours_text,
                 r.grade, r.source, r.achievement_type, "approved", by, by, now_text, now_text});
      return Status::Ok();
    };
    JJ_RETURN_IF_ERROR(io::ReadSheet(file, on_header, on_row));
    if (report.rows == 0) return InvalidArgument("import.no_rows");
    if (bulk) bulk->Finish();
    bulk.reset();
    if (dry || (report.invalid > 0 && !good_rows_only) || report.valid == 0)
      return Status(Code::kFailedPrecondition, "import.rolled_back");
    RefreshAuditPacks(tx, std::move(touched));
    // One event per record with its state, as every write of a record logs
    // (integrity.h). The new rows: SQLite's write lock keeps other writers
    // out; on PostgreSQL, the rows this transaction inserted.
    std::string mine = "id > :last";
    if (tx.dialect() == db::Dialect::kPostgres) mine += " AND xmin = pg_current_xact_id()::xid";
    audit_log::AppendStates(tx, clock, actor.AuditId(), "credit.import", RecordTable(), mine, {last_id});
    nlohmann::json summary = {{"mode", mode}, {"rows", report.rows}, {"inserted", report.inserted},
                              {"skipped_invalid", report.invalid}};
    audit_log::Append(tx, clock,
                      {actor.AuditId(), "credit.import",
                       "credit_record", std::nullopt, "", summary.dump()});
    report.written = true;
    return Status::Ok();
  };
  Status st = dry ? db.Read(body) : db.Transact(body);
  if (!st.ok() && st.key() != "import.rolled_back") return st;
  return report;
}

jobs::JobHandler MakeCreditImportJob(db::Database& db, const Clock& clock, jobs::ActorOfFn actor_of) {
  return jobs::MakeSheetImportJob(
      [&db, &clock](const auth::Actor& actor, std::string_view file, const std::string& mode, bool good_rows_only) {
        // Records are only ever added: an upsert is an insert.
        return ImportCredits(db, clock, actor, file, mode == "upsert" ? "insert" : mode, good_rows_only);
      },
      std::move(actor_of));
}

}  // namespace jj::credits
