// Importing a county's historical credit spreadsheets as approved records
// (`jijiao import credits FILE`, the job "credit.import"). Every row is
// checked first; all or nothing unless good_rows_only; streamed in one
// transaction like the teacher import.
#include "modules/credits/import.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
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
#include "modules/credits/internal.h"
#include "modules/credits/topic_tags.h"
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
  kTopicTags,
  kColumnCount
};
const char* const kField[kColumnCount] = {"id_number", "name",     "date",     "project_name", "project_code",
                                          "level",     "form",     "dimension", "location",    "hours",
                                          "grade",     "source",   "achievement_type", "topic_tags"};

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
      {"topic_tags", {"专题标签", "主题/标签", "主题", "标签", "topic_tags"}, false},
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

// The actor's teachers by ID number and the locked (org path, year) pairs,
// read once per import.
class ScopeIndex {
 public:
  ScopeIndex(db::Tx& tx, const auth::Actor& actor) {
    auto [lo, hi] = org::SubtreeRange(actor.org_path);
    for (const auto& r : tx.Query("SELECT t.id_number, t.id, t.name, o.path FROM teachers t JOIN orgs o ON o.id = "
                                  "t.org_id WHERE o.path >= :lo AND o.path < :hi",
                                  {lo, hi}))
      teachers_.emplace(r.Str(0), TeacherRef{r.Int(1), r.Str(2), r.Str(3)});
    for (const auto& r : tx.Query("SELECT o.path, l.year FROM year_locks l JOIN orgs o ON o.id = l.org_id"))
      locks_.emplace_back(r.Str(0), static_cast<int>(r.Int(1)));
  }
  // The teacher of a row by its 身份证号 (final X upper case) and, when the
  // row gives a 姓名, that it agrees; problems are added to `problems`.
  const TeacherRef* Find(const std::string& id_number, const std::string& name, std::vector<Status>& problems) const {
    auto it = teachers_.find(id_number);
    if (it == teachers_.end()) {
      problems.push_back(InvalidArgument("credits.import_teacher", "id_number"));
      return nullptr;
    }
    if (!name.empty() && name != it->second.name)
      problems.push_back(
          Status(Code::kInvalidArgument, "credits.import_name", {{"name", it->second.name}}).WithField("name"));
    return &it->second;
  }
  // The org paths of the teachers in scope.
  std::set<std::string> Paths() const {
    std::set<std::string> paths;
    for (const auto& [_, t] : teachers_) paths.insert(t.path);
    return paths;
  }
  bool Locked(const std::string& path, int year) const {
    for (const auto& [p, y] : locks_)
      if (y == year && path.compare(0, p.size(), p) == 0) return true;
    return false;
  }

 private:
  std::unordered_map<std::string, TeacherRef> teachers_;
  std::vector<std::pair<std::string, int>> locks_;
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
    const ScopeIndex scope(tx, actor);
    // Whether the policy in force needs a 维度, per (school path, year),
    // worked out before any row is read (no query may run while rows are
    // being written): for the years some region has a policy; every other
    // year has the default policy.
    std::map<std::pair<std::string, int>, bool> dimension_required_at;
    const bool default_requires_dimension = policy::RequiresDimension(policy::DefaultPolicy());
    {
      std::vector<int> years;
      for (const auto& r : tx.Query("SELECT DISTINCT year FROM policies")) years.push_back(static_cast<int>(r.Int(0)));
      for (const auto& path : scope.Paths())
        for (int year : years) {
          JJ_ASSIGN_OR_RETURN(bool required, DimensionRequired(tx, path, year));
          dimension_required_at[{path, year}] = required;
        }
    }

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
      const TeacherRef* teacher = scope.Find(id_number, cell(kName), problems);
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
      r.topic_tags = SplitTopicTags(cell(kTopicTags));
      if (Status st = CheckTopicTags(r.topic_tags); !st.ok()) problems.push_back(std::move(st).WithField("topic_tags"));
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
        // A dimension is required iff the policy in force for the teacher's
        // region and the record's year needs one (without a known teacher,
        // only the vocabulary is checked).
        bool dimension_required = false;
        if (teacher) {
          auto it = dimension_required_at.find({teacher->path, engine.date.year});
          dimension_required = it != dimension_required_at.end() ? it->second : default_requires_dimension;
        }
        if (Status st = policy::ValidateRecord(engine, dimension_required); !st.ok()) problems.push_back(std::move(st));
        if (teacher && scope.Locked(teacher->path, engine.date.year))
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
                                              "achievement_type", "topic_tags", "state", "declared_by", "approved_by",
                                              "created_at", "updated_at"});
      const std::string tid = std::to_string(teacher->id), hours_text = std::to_string(r.hours_tenths),
                        by = std::to_string(actor.account_id);
      touched.push_back(teacher->id);
      bulk->Add({tid, r.date, r.project_name, r.project_code, r.level, r.form, r.dimension, r.location, hours_text,
                 r.grade, r.source, r.achievement_type, JoinList(r.topic_tags), "approved", by, by, now_text, now_text});
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

namespace {

enum ExemptionCol { kExId, kExName, kExYear, kExReason, kExColumnCount };
const char* const kExField[kExColumnCount] = {"id_number", "name", "year", "reason"};
constexpr size_t kMaxReasonChars = 200;

const std::vector<io::ColumnSpec>& ExemptionColumns() {
  static const std::vector<io::ColumnSpec> v = {
      {"id_number", {"身份证号", "身份证号码", "id_number"}, true},
      {"name", {"姓名", "name"}, false},
      {"year", {"年度", "年份", "year"}, true},
      {"reason", {"原因", "免审原因", "reason"}, true},
  };
  return v;
}

size_t Chars(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Result<io::ImportReport> ImportExemptions(db::Database& db, const Clock& clock, const auth::Actor& actor,
                                          std::string_view file, const std::string& mode, bool good_rows_only) {
  if (!actor.IsBureauAdmin()) return PermissionDenied();
  if (mode != "dry-run" && mode != "insert")
    return Status(Code::kInvalidArgument, "field.enum", {{"field", "mode"}, {"value", mode}, {"allowed", "dry-run, insert"}})
        .WithField("mode");
  const bool dry = mode == "dry-run";
  io::ImportReport report;
  auto body = [&](db::Tx& tx) -> Status {
    const ScopeIndex scope(tx, actor);
    // Exemptions already set: (teacher, year) → reason.
    std::map<std::pair<int64_t, int>, std::string> existing;
    for (const auto& r : tx.Query("SELECT teacher_id, year, reason FROM audit_exemptions"))
      existing[{r.Int(0), static_cast<int>(r.Int(1))}] = r.Str(2);
    struct Row {
      int64_t teacher_id;
      int year;
      std::string reason;
    };
    std::vector<Row> rows;
    std::map<std::pair<int64_t, int>, int64_t> seen;  // → first row
    io::HeaderMatch match;
    std::vector<Status> problems;
    auto column_of = [&](const std::string& field) -> int {
      for (int c = 0; c < kExColumnCount; ++c)
        if (field == kExField[c]) return match.index[c];
      return -1;
    };
    auto on_header = [&](int64_t, const std::vector<std::string_view>& cells) -> Status {
      JJ_ASSIGN_OR_RETURN(match, report.ReadHeader(cells, ExemptionColumns()));
      return Status::Ok();
    };
    auto on_row = [&](int64_t row_no, const std::vector<std::string_view>& cells) -> Status {
      ++report.rows;
      auto cell = [&](int c) { return std::string(io::CellOf(match, cells, c)); };
      problems.clear();
      std::string id_number = cell(kExId);
      if (!id_number.empty() && id_number.back() == 'x') id_number.back() = 'X';
      const TeacherRef* teacher = scope.Find(id_number, cell(kExName), problems);
      const std::string year_text = cell(kExYear);
      int year = 0;
      bool year_ok = year_text.size() == 4 && std::all_of(year_text.begin(), year_text.end(), ::isdigit);
      if (year_ok) year = std::stoi(year_text);
      if (!year_ok || year < 2000 || year > 2100) {
        problems.push_back(Status(Code::kInvalidArgument, "field.range", {{"field", "年度"}, {"min", "2000"}, {"max", "2100"}})
                               .WithField("year"));
        year_ok = false;
      }
      const std::string reason = cell(kExReason);
      if (reason.empty())
        problems.push_back(Status(Code::kInvalidArgument, "field.required", {{"field", "原因"}}).WithField("reason"));
      else if (Chars(reason) > kMaxReasonChars)
        problems.push_back(Status(Code::kInvalidArgument, "field.too_long", {{"field", "原因"}, {"max", std::to_string(kMaxReasonChars)}})
                               .WithField("reason"));
      if (teacher && year_ok && scope.Locked(teacher->path, year))
        problems.push_back(
            Status(Code::kFailedPrecondition, "credits.year_locked", {{"year", std::to_string(year)}}).WithField("year"));
      if (problems.empty()) {
        auto [it, fresh] = seen.emplace(std::make_pair(teacher->id, year), row_no);
        if (!fresh)
          problems.push_back(Status(Code::kInvalidArgument, "credits.import_duplicate", {{"row", std::to_string(it->second)}})
                                 .WithField("year"));
      }
      if (!problems.empty()) {
        report.AddBadRow(row_no, cells, problems, column_of, 10000);
        return Status::Ok();
      }
      ++report.valid;
      auto old = existing.find({teacher->id, year});
      if (old == existing.end()) {
        ++report.inserted;
      } else if (old->second == reason) {
        ++report.unchanged;
        return Status::Ok();
      } else {
        ++report.updated;
      }
      rows.push_back({teacher->id, year, reason});
      return Status::Ok();
    };
    JJ_RETURN_IF_ERROR(io::ReadSheet(file, on_header, on_row));
    if (report.rows == 0) return InvalidArgument("import.no_rows");
    if (dry || (report.invalid > 0 && !good_rows_only) || report.valid == 0)
      return Status(Code::kFailedPrecondition, "import.rolled_back");
    for (const Row& r : rows) WriteExemption(tx, clock, actor, r.teacher_id, r.year, r.reason);
    report.written = true;
    return Status::Ok();
  };
  Status st = dry ? db.Read(body) : db.Transact(body);
  if (!st.ok() && st.key() != "import.rolled_back") return st;
  return report;
}

namespace {

std::vector<io::XlsxColumn> TemplateColumns(const std::vector<io::ColumnSpec>& specs,
                                            const std::map<std::string, std::vector<std::string>>& choices) {
  std::vector<io::XlsxColumn> cols;
  for (const auto& spec : specs) {
    io::XlsxColumn col;
    col.header = spec.names.front() + (spec.required ? "*" : "");
    col.width = spec.key == "id_number" ? 22 : spec.key == "project_name" || spec.key == "reason" ? 36 : 14;
    if (auto it = choices.find(spec.key); it != choices.end()) col.choices = it->second;
    cols.push_back(std::move(col));
  }
  return cols;
}

std::string TemplateCsv(const std::vector<io::ColumnSpec>& specs, const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  io::CsvWriter csv(&out);
  std::vector<std::string> header;
  for (const auto& spec : specs) header.push_back(spec.names.front() + (spec.required ? "*" : ""));
  csv.Row(header);
  for (const auto& r : rows) csv.Row(r);
  return out;
}

Status WriteTemplate(const std::string& path, const std::string& sheet, const std::vector<io::XlsxColumn>& columns,
                     const std::vector<std::vector<std::string>>& rows,
                     const std::vector<std::pair<std::string, std::string>>& notes) {
  JJ_ASSIGN_OR_RETURN(auto w, io::XlsxWriter::Create(path));
  w->AddSheet(sheet, columns);
  for (const auto& r : rows) w->AppendRow(r);
  w->AddSheet("填写说明", {{"项目", 16, {}, true}, {"说明", 90, {}, true}});
  for (const auto& [k, v] : notes) w->AppendRow({k, v});
  return w->Close();
}

// The teacher of the roster template's sample row (teachers::ImportTemplate),
// so that the two templates import one after the other.
constexpr const char* kSampleId = "44182119900307139X";
constexpr const char* kSampleName = "张三";

std::vector<std::vector<std::string>> CreditSampleRows() {
  return {{kSampleId, kSampleName, "2024-07-15", "2024年暑期信息技术应用能力提升培训", "QX2024-07", "区县级",
           "集中培训", "专业成长", "区域内", "24", "合格", "培训", "", "教育技术、信息化"},
          {kSampleId, kSampleName, "2024-11-20", "县级优质课一等奖", "", "", "", "", "", "", "", "成果", "荣誉", ""}};
}

std::vector<std::vector<std::string>> ExemptionSampleRows() {
  return {{kSampleId, kSampleName, "2024", "骨干教师年度考核合格"}};
}

}  // namespace

Status WriteCreditTemplateXlsx(const std::string& path) {
  std::vector<std::string> sources = {"培训", "校本活动", "工作坊", "读书", "成果", "导入"};
  return WriteTemplate(
      path, "学分记录",
      TemplateColumns(Columns(), {{"level", policy::Levels()},
                                  {"form", policy::Forms()},
                                  {"dimension", policy::Dimensions()},
                                  {"location", policy::Locations()},
                                  {"source", sources}}),
      CreditSampleRows(),
      {{"必填列", "带 * 的列必须填写：身份证号、日期。教师须已在教师信息库中，且在您的管理范围内；填写姓名时须与信息库一致。"},
       {"日期", "格式 YYYY-MM-DD，也接受 YYYY/M/D、YYYY.M.D 和 YYYYMMDD。记录计入该日期所在的年度。"},
       {"级别、形式、维度、地点", "培训记录从下拉列表中选择；地点不填视为区域内。学分政策不设维度时，维度可以不填。"},
       {"学时", "数字，最多一位小数（如 24 或 12.5）；学分由系统按学分政策的系数计算。"},
       {"类型", "培训、校本活动、工作坊、读书、成果、导入之一；不填视为导入。成果记录填写成果类别（如 荣誉、科研、论文、竞赛），不填学时。"},
       {"专题标签", "可填多个，用顿号或分号分隔（如 教育技术、信息化），每个不超过 20 个字，最多 10 个；学分政策中按专题统计的要求（如教育技术能力培训）据此计算。"},
       {"导入方式", "先“校验”（不写入），再“导入”。任何一行有错时默认全部不写入，可选择只导入正确的行。导入的记录为已认定状态。"},
       {"列顺序", "按列名识别，顺序不限；无法识别的列会在报告中列出并被忽略。"}});
}

std::string CreditTemplateCsv() { return TemplateCsv(Columns(), CreditSampleRows()); }

Status WriteExemptionTemplateXlsx(const std::string& path) {
  return WriteTemplate(
      path, "免审名单", TemplateColumns(ExemptionColumns(), {}), ExemptionSampleRows(),
      {{"必填列", "带 * 的列必须填写：身份证号、年度、原因。教师须在您的管理范围内；填写姓名时须与信息库一致。"},
       {"年度", "四位年份，如 2024。该年度已锁定的单位不能再设置免审。"},
       {"原因", "如“骨干教师年度考核合格”，不超过 200 个字；将显示在教师的审核结果中。"},
       {"重复", "同一教师同一年度只能有一行；已有免审记录的，以本次的原因为准。"},
       {"导入方式", "先“校验”（不写入），再“导入”。任何一行有错时默认全部不写入，可选择只导入正确的行。"}});
}

std::string ExemptionTemplateCsv() { return TemplateCsv(ExemptionColumns(), ExemptionSampleRows()); }

jobs::JobHandler MakeCreditImportJob(db::Database& db, const Clock& clock, jobs::ActorOfFn actor_of) {
  return jobs::MakeSheetImportJob(
      [&db, &clock](const auth::Actor& actor, std::string_view file, const std::string& mode, bool good_rows_only) {
        // Records are only ever added: an upsert is an insert.
        return ImportCredits(db, clock, actor, file, mode == "upsert" ? "insert" : mode, good_rows_only);
      },
      std::move(actor_of));
}

jobs::JobHandler MakeExemptionImportJob(db::Database& db, const Clock& clock, jobs::ActorOfFn actor_of) {
  return jobs::MakeSheetImportJob(
      [&db, &clock](const auth::Actor& actor, std::string_view file, const std::string& mode, bool good_rows_only) {
        return ImportExemptions(db, clock, actor, file, mode == "upsert" ? "insert" : mode, good_rows_only);
      },
      std::move(actor_of));
}

}  // namespace jj::credits
