#include "modules/teachers/import.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/date.h"
#include "core/text.h"
#include "infra/audit_log/audit_log.h"
#include "infra/auth/password.h"
#include "infra/db/bulk.h"
#include "infra/io/sheet.h"
#include "infra/jobs/jobs.h"
#include "modules/org/org.h"
#include "modules/teachers/repository.h"

namespace jj::teachers {

namespace {

// Column order of ImportColumns(); the enum indexes HeaderMatch::index.
enum Col {
  kName,
  kIdNumber,
  kSex,
  kBirth,
  kSchoolCode,
  kSchoolName,
  kStage,
  kSubject,
  kTitle,
  kPosts,
  kHire,
  kCert,
  kPhone,
  kStatus,
  kEthnicity,
  kBackbone,
  kColumnCount
};

// The Teacher field a column fills, as Status::field() names it.
const char* const kFieldOfColumn[kColumnCount] = {"name",    "id_number", "sex",         "birth_date", "org_id",
                                                  "org_id",  "stage",     "subject",     "title",      "posts",
                                                  "hire_date", "cert_number", "phone", "status", "ethnicity",
                                                  "backbone_level"};

// 班主任、中层 / 班主任,中层 / 班主任；中层 → {班主任, 中层}
std::vector<std::string> SplitList(std::string_view v) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    while (!cur.empty() && cur.back() == ' ') cur.pop_back();
    size_t start = cur.find_first_not_of(' ');
    if (start != std::string::npos) out.push_back(cur.substr(start));
    cur.clear();
  };
  for (size_t i = 0; i < v.size();) {
    bool sep = false;
    for (std::string_view s : {"、", "，", "；", ",", ";", "/"}) {
      if (v.substr(i, s.size()) == s) {
        flush();
        i += s.size();
        sep = true;
        break;
      }
    }
    if (!sep) cur += v[i++];
  }
  flush();
  return out;
}

std::string Upper(std::string_view v) {
  std::string s(v);
  for (char& c : s)
    if (c == 'x') c = 'X';
  return s;
}

// An 18-character ID number as one integer (17 digits, then the check
// character with X = 10): the import's per-row sets stay small at 1M rows.
bool IdKey(std::string_view id, uint64_t& key) {
  if (id.size() != 18) return false;
  key = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    key = key * 10 + static_cast<uint64_t>(id[i] - '0');
  }
  char c = id[17];
  if (c == 'X') key = key * 11 + 10;
  else if (c >= '0' && c <= '9') key = key * 11 + static_cast<uint64_t>(c - '0');
  else return false;
  return true;
}

std::string IdFromKey(uint64_t key) {
  std::string id(18, '0');
  uint64_t check = key % 11;
  id[17] = check == 10 ? 'X' : static_cast<char>('0' + check);
  key /= 11;
  for (int i = 16; i >= 0; --i) {
    id[i] = static_cast<char>('0' + key % 10);
    key /= 10;
  }
  return id;
}

struct School {
  int64_t id = 0;
  std::string name, path, type;
};

struct Pending {
  Teacher t;
  int64_t old_org_id = 0;
};

const char* kRolledBack = "import.rolled_back";

}  // namespace

const std::vector<io::ColumnSpec>& ImportColumns() {
  static const std::vector<io::ColumnSpec> v = {
      {"name", {"姓名", "name"}, true},
      {"id_number", {"身份证号", "身份证号码", "公民身份号码", "id_number", "ID number"}, true},
      {"sex", {"性别", "sex"}, false},
      {"birth_date", {"出生日期", "birth_date"}, false},
      {"school_code", {"学校代码", "school_code"}, false},
      {"school_name", {"学校名称", "学校", "school_name", "school"}, false},
      {"stage", {"学段", "stage"}, false},
      {"subject", {"学科", "任教学科", "subject"}, false},
      {"title", {"职称", "title"}, false},
      {"posts", {"岗位", "posts"}, false},
      {"hire_date", {"入职日期", "参加工作时间", "hire_date"}, false},
      {"cert_number", {"教师资格证号", "教师资格证书编号", "cert_number"}, false},
      {"phone", {"手机号", "手机号码", "联系电话", "phone"}, false},
      {"status", {"在职状态", "status"}, false},
      {"ethnicity", {"民族", "ethnicity"}, false},
      {"backbone_level", {"骨干级别", "骨干教师级别", "backbone_level"}, false},
  };
  return v;
}

Result<ImportMode> ParseImportMode(const std::string& text) {
  if (text == "dry-run" || text == "dry_run") return ImportMode::kDryRun;
  if (text == "insert") return ImportMode::kInsert;
  if (text == "upsert") return ImportMode::kUpsert;
  return Status(Code::kInvalidArgument, "field.enum",
                {{"field", "mode"}, {"value", text}, {"allowed", "dry-run, insert, upsert"}})
      .WithField("mode");
}

const char* ImportModeName(ImportMode mode) {
  switch (mode) {
    case ImportMode::kDryRun: return "dry-run";
    case ImportMode::kInsert: return "insert";
    case ImportMode::kUpsert: return "upsert";
  }
  return "";
}

Result<ImportReport> TeacherImporter::Import(const auth::Actor& actor, std::string_view file,
                                             const ImportOptions& options, const ImportProgress& progress,
                                             const AccountSink& on_account) {
  if (!actor.IsAdmin()) return PermissionDenied();
  const bool dry = options.mode == ImportMode::kDryRun;
  const int64_t estimate = io::EstimateRows(file);
  ImportReport report;

  auto body = [&](db::Tx& tx) -> Status {
    const auto t_start = std::chrono::steady_clock::now();
    const int64_t now = clock_.NowSeconds();
    if (!dry && tx.dialect() == db::Dialect::kPostgres) {
      // Duplicate checks read the registry once, up front: no other writer may change it meanwhile.
      tx.Exec("LOCK TABLE teachers, accounts IN SHARE ROW EXCLUSIVE MODE");
    }
    // Schools in scope, by code and by name (a name two schools share is ambiguous).
    std::unordered_map<std::string, School> by_code;
    std::unordered_map<std::string, std::optional<School>> by_name;
    auto [lo, hi] = org::SubtreeRange(actor.org_path);
    for (const auto& r : tx.Query("SELECT id, code, name, path, type FROM orgs WHERE path >= :lo AND path < :hi",
                                  {lo, hi})) {
      School s{r.Int(0), r.Str(2), r.Str(3), r.Str(4)};
      auto [it, fresh] = by_name.emplace(s.name, s);
      if (!fresh) it->second.reset();
      by_code.emplace(r.Str(1), std::move(s));
    }
    // The registry, keyed by ID number (unique across the whole registry).
    std::unordered_map<std::string, TeacherRow> registry;
    for (auto& row : QueryTeachers(tx, "", {})) registry.emplace(row.t.id_number, std::move(row));
    int64_t max_id_before = 0;
    {
      db::Row r;
      tx.QueryOne("SELECT COALESCE(MAX(id), 0) FROM teachers", {}, r);
      max_id_before = r.Int(0);
    }

    io::HeaderMatch match;
    std::unordered_map<uint64_t, int64_t> seen;  // ID number (IdKey) → first row
    std::optional<db::BulkInserter> bulk;
    std::vector<Pending> updates;
    struct Inserted {
      uint64_t id_key;  // IdKey of the ID number
      std::string name;
      const School* school;
    };
    std::vector<Inserted> inserted;  // in insertion order, for their accounts
    const std::string now_text = std::to_string(now);
    std::vector<Status> problems;

    auto on_header = [&](int64_t, const std::vector<std::string_view>& cells) -> Status {
      JJ_ASSIGN_OR_RETURN(match, report.ReadHeader(cells, ImportColumns()));
      if (match.index[kSchoolCode] < 0 && match.index[kSchoolName] < 0)
        return InvalidArgument("import.no_school_column");
      return Status::Ok();
    };

    // The file's column of a problem's field.
    auto column_of = [&](const std::string& field) -> int {
      if (field == "school_code") return match.index[kSchoolCode];
      if (field == "school_name") return match.index[kSchoolName];
      if (field == "org_id") return match.index[kSchoolCode] >= 0 ? match.index[kSchoolCode] : match.index[kSchoolName];
      for (int c = 0; c < kColumnCount; ++c)
        if (field == kFieldOfColumn[c] && match.index[c] >= 0) return match.index[c];
      return -1;
    };

    auto on_row = [&](int64_t row_no, const std::vector<std::string_view>& cells) -> Status {
      ++report.rows;
      if (progress && report.rows % 2000 == 0 &&
          !progress(report.rows, std::max(estimate, report.rows), "validate"))
        return jobs::Cancelled();
      auto cell = [&](int c) { return io::CellOf(match, cells, c); };
      auto present = [&](int c) { return match.index[c] >= 0 && !cell(c).empty(); };
      problems.clear();

      Teacher t;
      t.id_number = Upper(cell(kIdNumber));
      const TeacherRow* existing = nullptr;
      if (auto it = registry.find(t.id_number); it != registry.end()) existing = &it->second;
      const bool update = existing && options.mode == ImportMode::kUpsert && actor.Covers(existing->org_path);
      if (update) t = existing->t;  // the file's non-empty cells overwrite
      if (present(kName)) t.name = cell(kName);
      if (present(kSex)) t.sex = cell(kSex);
      if (present(kBirth)) t.birth_date = NormalizeDateText(cell(kBirth));
      if (present(kStage)) t.stage = cell(kStage);
      if (present(kSubject)) t.subject = cell(kSubject);
      if (present(kTitle)) t.title = cell(kTitle);
      if (present(kPosts)) t.posts = SplitList(cell(kPosts));
      if (present(kHire)) t.hire_date = NormalizeDateText(cell(kHire));
      if (present(kCert)) t.cert_number = cell(kCert);
      if (present(kPhone)) t.phone = cell(kPhone);
      if (present(kStatus)) t.status = cell(kStatus);
      if (present(kEthnicity)) t.ethnicity = cell(kEthnicity);
      if (present(kBackbone)) t.backbone_level = cell(kBackbone);
      NormalizeAndCheck(t, problems);

      // The school: by code, else by name; it must lie in the importer's scope.
      const School* school = nullptr;
      if (present(kSchoolCode)) {
        auto it = by_code.find(std::string(cell(kSchoolCode)));
        if (it == by_code.end())
          problems.push_back(Status(Code::kInvalidArgument, "import.school_not_found",
                                    {{"value", std::string(cell(kSchoolCode))}})
                                 .WithField("school_code"));
        else
          school = &it->second;
      } else if (present(kSchoolName)) {
        auto it = by_name.find(std::string(cell(kSchoolName)));
        if (it == by_name.end())
          problems.push_back(Status(Code::kInvalidArgument, "import.school_not_found",
                                    {{"value", std::string(cell(kSchoolName))}})
                                 .WithField("school_name"));
        else if (!it->second)
          problems.push_back(Status(Code::kInvalidArgument, "import.school_ambiguous",
                                    {{"value", std::string(cell(kSchoolName))}})
                                 .WithField("school_name"));
        else
          school = &*it->second;
      } else if (!update) {
        problems.push_back(InvalidArgument("import.school_required", "school_code"));
      }
      if (school) {
        if (school->type != "school" && school->type != "township" && school->type != "institution")
          problems.push_back(InvalidArgument("teacher.org_not_school", present(kSchoolCode) ? "school_code" : "school_name"));
        t.org_id = school->id;
        t.org_name = school->name;
      }

      // Duplicates: inside the file, then against the registry.
      if (uint64_t key; IdKey(t.id_number, key)) {
        auto [it, fresh] = seen.emplace(key, row_no);
        if (!fresh)
          problems.push_back(Status(Code::kInvalidArgument, "import.duplicate_in_file",
                                    {{"row", std::to_string(it->second)}})
                                 .WithField("id_number"));
      }
      if (existing && !update) problems.push_back(DuplicateError(actor, *existing));

      if (!problems.empty()) {
        report.AddBadRow(row_no, cells, problems, column_of, options.max_problems);
        return Status::Ok();
      }
      ++report.valid;

      if (update) {
        // The preview: every field the file changes.
        const Teacher& old = existing->t;
        bool changed = false;
        auto track = [&](const char* field, const std::string& before, const std::string& after) {
          if (before == after) return;
          changed = true;
          if (report.changes.size() < options.max_problems)
            report.changes.push_back({row_no, t.id_number, t.name, field, before, after});
        };
        track("name", old.name, t.name);
        track("sex", old.sex, t.sex);
        track("birth_date", old.birth_date, t.birth_date);
        track("school", old.org_name, t.org_name);
        track("stage", old.stage, t.stage);
        track("subject", old.subject, t.subject);
        track("title", old.title, t.title);
        track("posts", JoinPosts(old.posts), JoinPosts(t.posts));
        track("hire_date", old.hire_date, t.hire_date);
        track("cert_number", old.cert_number, t.cert_number);
        track("phone", old.phone, t.phone);
        track("status", old.status, t.status);
        track("ethnicity", old.ethnicity, t.ethnicity);
        track("backbone_level", old.backbone_level, t.backbone_level);
        if (!changed) {
          ++report.unchanged;
        } else {
          ++report.updated;
          if (!dry) updates.push_back({t, old.org_id});
        }
        return Status::Ok();
      }
      ++report.inserted;
      if (dry) return Status::Ok();
      if (!bulk)
        bulk.emplace(tx, "teachers",
                     std::vector<std::string>{"id_number", "name", "sex", "birth_date", "ethnicity", "phone", "org_id",
                                              "stage", "subject", "title", "posts", "hire_date", "cert_number",
                                              "status", "backbone_level", "created_at", "updated_at"});
      const std::string org_id = std::to_string(t.org_id);
      const std::string posts = JoinPosts(t.posts);
      bulk->Add({t.id_number, t.name, t.sex, t.birth_date, t.ethnicity, t.phone, org_id, t.stage, t.subject, t.title,
                 posts, t.hire_date, t.cert_number, t.status, t.backbone_level, now_text, now_text});
      uint64_t key = 0;
      IdKey(t.id_number, key);  // valid: the row passed NormalizeAndCheck
      inserted.push_back({key, t.name, school});
      return Status::Ok();
    };

    const auto t_loaded = std::chrono::steady_clock::now();
    JJ_RETURN_IF_ERROR(io::ReadSheet(file, on_header, on_row));
    if (report.rows == 0) return InvalidArgument("import.no_rows");
    if (bulk) bulk->Finish();
    bulk.reset();
    const auto t_rows = std::chrono::steady_clock::now();
    auto ms = [](auto a, auto b) { return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count(); };
    spdlog::info("teacher import: registry loaded in {} ms, {} rows read, checked and written in {} ms",
                 ms(t_start, t_loaded), report.rows, ms(t_loaded, t_rows));
    if (dry || (report.invalid > 0 && !options.good_rows_only) || report.valid == 0)
      return Status(Code::kFailedPrecondition, kRolledBack);

    if (progress && !progress(report.rows, report.rows, "write")) return jobs::Cancelled();
    for (const Pending& p : updates) {
      UpdateTeacher(tx, p.t, now);
      if (p.t.org_id != p.old_org_id)
        tx.Exec(
            "INSERT INTO teacher_transfers (teacher_id, from_org_id, to_org_id, transfer_date, note, actor_id, "
            "created_at) VALUES (:t, :f, :to, :d, :n, :a, :c)",
            {p.t.id, p.old_org_id, p.t.org_id, clock_.Today().ToString(), std::string("名册导入"),
             actor.account_id, now});
    }

    // Accounts for the new teachers (not for an ID number that already has one).
    if (report.inserted > 0) {
      std::unordered_set<std::string> taken;
      for (const auto& r : tx.Query(
               "SELECT a.username FROM accounts a JOIN teachers t ON t.id_number = a.username WHERE t.id > :m",
               {max_id_before}))
        taken.insert(r.Str(0));
      // The new rows' ids: consecutive after max_id_before when nothing else
      // inserted meanwhile (SQLite's write lock; the table lock on
      // PostgreSQL) — checked, else looked up.
      std::vector<int64_t> ids(inserted.size());
      db::Row range;
      tx.QueryOne("SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM teachers WHERE id > :m",
                  {max_id_before}, range);
      const int64_t n = static_cast<int64_t>(inserted.size());
      if (range.Int(0) == n && range.Int(2) - range.Int(1) == n - 1) {
        for (int64_t i = 0; i < n; ++i) ids[i] = range.Int(1) + i;
      } else {
        std::unordered_map<std::string, int64_t> by_number;
        for (const auto& r : tx.Query("SELECT id, id_number FROM teachers WHERE id > :m", {max_id_before}))
          by_number[r.Str(1)] = r.Int(0);
        for (int64_t i = 0; i < n; ++i) ids[i] = by_number.at(IdFromKey(inserted[i].id_key));
      }
      db::BulkInserter accounts(tx, "accounts",
                                {"username", "display_name", "role", "org_id", "teacher_id", "password_hash",
                                 "must_change_password", "created_at", "updated_at"});
      // In chunks, so that passwords and hashes never all sit in memory.
      constexpr size_t kChunk = 8192;
      for (size_t begin = 0; begin < inserted.size(); begin += kChunk) {
        const size_t end = std::min(inserted.size(), begin + kChunk);
        auto passwords = auth::RandomInitialPasswords(end - begin);
        auto hashes = auth::HashInitialPasswords(passwords);
        for (size_t i = begin; i < end; ++i) {
          const Inserted& t = inserted[i];
          const std::string id_number = IdFromKey(t.id_key);
          if (taken.count(id_number)) continue;
          std::string teacher_id = std::to_string(ids[i]), org_id = std::to_string(t.school->id);
          accounts.Add(
              {id_number, t.name, "teacher", org_id, teacher_id, hashes[i - begin], "1", now_text, now_text});
          ++report.accounts;
          if (on_account) on_account({t.name, id_number, t.school->name, passwords[i - begin]});
        }
      }
      accounts.Finish();
    }
    spdlog::info("teacher import: {} updates and {} accounts in {} ms", updates.size(), report.accounts,
                 ms(t_rows, std::chrono::steady_clock::now()));
    nlohmann::json summary = {{"mode", ImportModeName(options.mode)}, {"rows", report.rows},
                              {"inserted", report.inserted}, {"updated", report.updated},
                              {"skipped_invalid", report.invalid}, {"accounts", report.accounts}};
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), "teacher.import",
                       "teacher", std::nullopt, "", summary.dump()});
    report.written = true;
    return Status::Ok();
  };

  Status st = dry ? db_.Read(body) : db_.Transact(body);
  // Not written (dry run, or bad rows without good_rows_only): the counts say what would have been.
  if (!st.ok() && st.key() != kRolledBack) return st;
  return report;
}

// ---------------------------------------------------------------- template

namespace {

std::vector<io::XlsxColumn> TemplateColumns() {
  const auto& specs = ImportColumns();
  std::vector<io::XlsxColumn> cols;
  for (int c = 0; c < kColumnCount; ++c) {
    io::XlsxColumn col;
    col.header = specs[c].names.front() + (specs[c].required ? "*" : "");
    col.width = c == kIdNumber ? 22 : c == kSchoolName ? 24 : 14;
    switch (c) {
      case kSex: col.choices = Sexes(); break;
      case kStage: col.choices = org::Stages(); break;
      case kTitle: col.choices = Titles(); break;
      case kStatus: col.choices = EmploymentStatuses(); break;
      case kBackbone: col.choices = BackboneLevels(); break;
      default: break;
    }
    cols.push_back(std::move(col));
  }
  return cols;
}

std::vector<std::string> ExampleRow() {
  return {"张三", "44182119900307123X", "男", "1990-03-07", "441821101001", "石角镇中心小学", "小学", "语文",
          "一级教师", "教师、班主任", "2012-09-01", "20124418212000123", "13800001111", "在职", "汉族", "无"};
}

}  // namespace

Status WriteImportTemplateXlsx(const std::string& path) {
  JJ_ASSIGN_OR_RETURN(auto w, io::XlsxWriter::Create(path));
  w->AddSheet("教师名册", TemplateColumns());
  w->AppendRow(ExampleRow());
  w->AddSheet("填写说明", {{"项目", 16, {}, true}, {"说明", 90, {}, true}});
  const std::vector<std::pair<std::string, std::string>> notes = {
      {"必填列", "带 * 的列必须填写：姓名、身份证号，以及学校代码或学校名称之一（两者都填时以学校代码为准）。"},
      {"身份证号", "18 位，最后一位可以是 X；系统校验校验位，并与性别、出生日期核对。请将此列设为文本格式。"},
      {"性别、出生日期", "可以不填，系统从身份证号中读取；填写时必须与身份证号一致。"},
      {"日期", "格式 YYYY-MM-DD，也接受 YYYY/M/D、YYYY.M.D 和 YYYYMMDD。"},
      {"学段", "幼儿园、小学、初中、高中、中职、特殊教育之一。"},
      {"职称", "正高级教师、高级教师、一级教师、二级教师、三级教师、未定级之一。"},
      {"岗位", "可填多个，用顿号分隔：教师、班主任、校长、副校长、教研员、中层。"},
      {"在职状态", "在职、调出、退休、离职之一；不填视为在职。"},
      {"列顺序", "按列名识别，顺序不限；无法识别的列会在报告中列出并被忽略。"},
      {"导入方式", "先“校验”（不写入），再“仅新增”或“新增或更新”（按身份证号匹配，先预览变更）。任何一行有错时默认全部不写入，可选择只导入正确的行。"},
      {"账号", "新教师自动开通账号（用户名为身份证号），初始密码只提供一次下载，首次登录须修改密码。"},
  };
  for (const auto& [k, v] : notes) w->AppendRow({k, v});
  return w->Close();
}

std::string ImportTemplateCsv() {
  std::string out;
  io::CsvWriter csv(&out);
  std::vector<std::string> header;
  for (const auto& c : TemplateColumns()) header.push_back(c.header);
  csv.Row(header);
  csv.Row(ExampleRow());
  return out;
}

}  // namespace jj::teachers
