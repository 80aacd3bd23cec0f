#include "modules/teachers/import.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/channel.h"
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
const char* const kFieldOfColumn[kColumnCount] = {
    "name",  "id_number", "sex",       "birth_date",  "org_id", "org_id", "stage",     "subject",
    "title", "posts",     "hire_date", "cert_number", "phone",  "status", "ethnicity", "backbone_level"};

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
  if (c == 'X')
    key = key * 11 + 10;
  else if (c >= '0' && c <= '9')
    key = key * 11 + static_cast<uint64_t>(c - '0');
  else
    return false;
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

// ID numbers (IdKey) to values, with open addressing: at a million rows a
// node-based map costs an allocation and a cache miss or two per row.
class IdKeyMap {
 public:
  explicit IdKeyMap(size_t expected) {
    while ((size_t{1} << bits_) < expected * 2) ++bits_;
    slots_.assign(size_t{1} << bits_, Slot{});
  }
  // Stores key → value unless the key is there; returns the stored value and
  // whether it was new.
  std::pair<int64_t, bool> Emplace(uint64_t key, int64_t value) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Slot& s = slots_[IndexOf(key)];
    if (s.key_plus_one != 0) return {s.value, false};
    s = {key + 1, value};
    ++size_;
    return {value, true};
  }
  const int64_t* Find(uint64_t key) const {
    const Slot& s = slots_[IndexOf(key)];
    return s.key_plus_one != 0 ? &s.value : nullptr;
  }

 private:
  struct Slot {
    uint64_t key_plus_one = 0;  // 0: empty
    int64_t value = 0;
  };
  // The key's slot, or the empty one where it would go (linear probing).
  size_t IndexOf(uint64_t key) const {
    const size_t mask = slots_.size() - 1;
    size_t i = (key * 0x9E3779B97F4A7C15ULL) >> (64 - bits_);  // Fibonacci hashing: the high bits mix best
    while (slots_[i].key_plus_one != 0 && slots_[i].key_plus_one != key + 1) i = (i + 1) & mask;
    return i;
  }
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    ++bits_;
    slots_.assign(size_t{1} << bits_, Slot{});
    for (const Slot& s : old)
      if (s.key_plus_one != 0) slots_[IndexOf(s.key_plus_one - 1)] = s;
  }
  int bits_ = 4;
  size_t size_ = 0;
  std::vector<Slot> slots_;
};

struct School {
  int64_t id = 0;
  std::string name, path, type;
};

// The registry as the checks need it, keyed by ID number (unique across the
// whole registry). Upsert merges the file into existing rows, so it holds
// every teacher's full row; the other modes only ask who holds a number (for
// the duplicate message): id, name and school, a few dozen bytes a teacher.
// Not thread-safe (the reader thread's).
class Registry {
 public:
  Registry(db::Tx& tx, bool full_rows) : full_rows_(full_rows), by_key_(0) {
    if (full_rows_) {
      for (auto& row : QueryTeachers(tx, "", {})) rows_.emplace(row.t.id_number, std::move(row));
      return;
    }
    db::ForEachRow(tx, "SELECT id, name, path FROM orgs", {}, [&](const db::RowView& r) {
      orgs_.emplace(r.Int(0), std::pair<std::string, std::string>(r.Str(1), r.Str(2)));
    });
    db::ForEachRow(tx, "SELECT id_number, id, name, org_id FROM teachers", {}, [&](const db::RowView& r) {
      holders_.push_back({r.Int(1), r.Int(3), std::string(r.Str(2))});
      const int64_t index = static_cast<int64_t>(holders_.size() - 1);
      if (uint64_t key; IdKey(r.Str(0), key))
        by_key_.Emplace(key, index);
      else
        odd_.emplace(r.Str(0), index);
    });
  }

  // The holder of `id_number` (as the file wrote it, upper-cased), or
  // nullptr; valid until the next call.
  const TeacherRow* Find(const std::string& id_number) {
    if (full_rows_) {
      auto it = rows_.find(id_number);
      return it == rows_.end() ? nullptr : &it->second;
    }
    const int64_t* index = nullptr;
    if (uint64_t key; IdKey(id_number, key)) {
      index = by_key_.Find(key);
    } else if (auto it = odd_.find(id_number); it != odd_.end()) {
      index = &it->second;
    }
    if (!index) return nullptr;
    const Holder& h = holders_[*index];
    found_ = TeacherRow{};
    found_.t.id = h.id;
    found_.t.name = h.name;
    found_.t.org_id = h.org_id;
    if (auto o = orgs_.find(h.org_id); o != orgs_.end()) {
      found_.t.org_name = o->second.first;
      found_.org_path = o->second.second;
    }
    return &found_;
  }

 private:
  struct Holder {
    int64_t id = 0, org_id = 0;
    std::string name;
  };
  bool full_rows_;
  std::unordered_map<std::string, TeacherRow> rows_;
  std::vector<Holder> holders_;
  IdKeyMap by_key_;                               // IdKey → index in holders_
  std::unordered_map<std::string, int64_t> odd_;  // numbers IdKey does not take (none expected)
  std::unordered_map<int64_t, std::pair<std::string, std::string>> orgs_;  // id → name, path
  TeacherRow found_;
};

struct Pending {
  Teacher t;
  int64_t old_org_id = 0;
};

// A new teacher to insert, as checked.
struct NewTeacher {
  Teacher t;
  std::string posts;  // JoinPosts(t.posts)
};

// What the accounts need of a new teacher, in insertion order (24 bytes; the
// name in RowChecker's arena).
struct Inserted {
  uint64_t id_key;  // IdKey of the ID number
  const School* school;
  uint32_t name_at, name_size;
};

// Checked rows handed from the reader thread to the writer, in file order.
constexpr int64_t kBatchRows = 2000;  // also the progress and cancel interval
struct RowBatch {
  std::vector<NewTeacher> rows;  // the new teachers among them (none in a dry run)
  int64_t rows_read = 0;         // file rows read so far
};

// Accounts prepared on the reader thread: those of inserted[begin, begin + size).
struct AccountBatch {
  size_t begin = 0;
  std::vector<std::string> usernames;  // "" when the username is taken: no account
  std::vector<std::string> hashes;     // of the initial passwords
};

// Reads the header and checks rows, on the reader thread: the registry's
// rules, the school in the actor's scope, duplicates inside the file and
// against the registry. Counts and problems go to the report; the updates
// and the new teachers (for their accounts) are kept.
class RowChecker {
 public:
  RowChecker(const auth::Actor& actor, const ImportOptions& options,
             const std::unordered_map<std::string, School>& by_code,
             const std::unordered_map<std::string, std::optional<School>>& by_name, Registry& registry,
             ImportReport& report, int64_t expected_rows)
      : actor_(actor),
        options_(options),
        by_code_(by_code),
        by_name_(by_name),
        registry_(registry),
        report_(report),
        seen_(static_cast<size_t>(expected_rows)) {
    if (options.mode != ImportMode::kDryRun) inserted_.reserve(static_cast<size_t>(expected_rows));
  }

  Status Header(const std::vector<std::string_view>& cells) {
    JJ_ASSIGN_OR_RETURN(match_, report_.ReadHeader(cells, ImportColumns()));
    if (match_.index[kSchoolCode] < 0 && match_.index[kSchoolName] < 0)
      return InvalidArgument("import.no_school_column");
    return Status::Ok();
  }

  // Checks one row. Returns the new teacher to insert (the caller may move
  // it; valid until the next call), or nullptr: a bad row, an update, a dry run.
  NewTeacher* Row(int64_t row_no, const std::vector<std::string_view>& cells);

  // After the last row: frees what only the checks needed.
  void Finish() { seen_ = IdKeyMap(0); }

  const std::vector<Pending>& updates() const { return updates_; }
  const std::vector<Inserted>& inserted() const { return inserted_; }
  std::string_view NameOf(const Inserted& t) const { return std::string_view(names_).substr(t.name_at, t.name_size); }

 private:
  // The file's column of a problem's field.
  int ColumnOf(const std::string& field) const {
    if (field == "school_code") return match_.index[kSchoolCode];
    if (field == "school_name") return match_.index[kSchoolName];
    if (field == "org_id")
      return match_.index[kSchoolCode] >= 0 ? match_.index[kSchoolCode] : match_.index[kSchoolName];
    for (int c = 0; c < kColumnCount; ++c)
      if (field == kFieldOfColumn[c] && match_.index[c] >= 0) return match_.index[c];
    return -1;
  }

  const auth::Actor& actor_;
  const ImportOptions& options_;
  const std::unordered_map<std::string, School>& by_code_;
  const std::unordered_map<std::string, std::optional<School>>& by_name_;
  Registry& registry_;
  ImportReport& report_;
  io::HeaderMatch match_;
  IdKeyMap seen_;  // ID number (IdKey) → first row
  std::vector<Pending> updates_;
  std::vector<Inserted> inserted_;
  std::string names_;  // of inserted_
  std::vector<Status> problems_;
  NewTeacher new_;
};

NewTeacher* RowChecker::Row(int64_t row_no, const std::vector<std::string_view>& cells) {
  ++report_.rows;
  const io::HeaderMatch& match = match_;
  auto cell = [&](int c) { return io::CellOf(match, cells, c); };
  auto present = [&](int c) { return match.index[c] >= 0 && !cell(c).empty(); };
  std::vector<Status>& problems = problems_;
  problems.clear();

  Teacher t;
  t.id_number = Upper(cell(kIdNumber));
  const TeacherRow* existing = registry_.Find(t.id_number);
  const bool update = existing && options_.mode == ImportMode::kUpsert && actor_.Covers(existing->org_path);
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
    auto it = by_code_.find(std::string(cell(kSchoolCode)));
    if (it == by_code_.end())
      problems.push_back(
          Status(Code::kInvalidArgument, "import.school_not_found", {{"value", std::string(cell(kSchoolCode))}})
              .WithField("school_code"));
    else
      school = &it->second;
  } else if (present(kSchoolName)) {
    auto it = by_name_.find(std::string(cell(kSchoolName)));
    if (it == by_name_.end())
      problems.push_back(
          Status(Code::kInvalidArgument, "import.school_not_found", {{"value", std::string(cell(kSchoolName))}})
              .WithField("school_name"));
    else if (!it->second)
      problems.push_back(
          Status(Code::kInvalidArgument, "import.school_ambiguous", {{"value", std::string(cell(kSchoolName))}})
              .WithField("school_name"));
    else
      school = &*it->second;
  } else if (!update) {
    problems.push_back(InvalidArgument("import.school_required", "school_code"));
  }
  if (school) {
    if (school->type != "school" && school->type != "township" && school->type != "institution")
      problems.push_back(
          InvalidArgument("teacher.org_not_school", present(kSchoolCode) ? "school_code" : "school_name"));
    t.org_id = school->id;
    t.org_name = school->name;
  }

  // Duplicates: inside the file, then against the registry.
  if (uint64_t key; IdKey(t.id_number, key)) {
    auto [first_row, fresh] = seen_.Emplace(key, row_no);
    if (!fresh)
      problems.push_back(
          Status(Code::kInvalidArgument, "import.duplicate_in_file", {{"row", std::to_string(first_row)}})
              .WithField("id_number"));
  }
  if (existing && !update) problems.push_back(DuplicateError(actor_, *existing));

  if (!problems.empty()) {
    report_.AddBadRow(
        row_no, cells, problems, [this](const std::string& f) { return ColumnOf(f); }, options_.max_problems);
    return nullptr;
  }
  ++report_.valid;
  const bool dry = options_.mode == ImportMode::kDryRun;

  if (update) {
    // The preview: every field the file changes.
    const Teacher& old = existing->t;
    bool changed = false;
    auto track = [&](const char* field, const std::string& before, const std::string& after) {
      if (before == after) return;
      changed = true;
      if (report_.changes.size() < options_.max_problems)
        report_.changes.push_back({row_no, t.id_number, t.name, field, before, after});
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
      ++report_.unchanged;
    } else {
      ++report_.updated;
      if (!dry) updates_.push_back({t, old.org_id});
    }
    return nullptr;
  }
  ++report_.inserted;
  if (dry) return nullptr;
  uint64_t key = 0;
  IdKey(t.id_number, key);  // valid: the row passed NormalizeAndCheck
  inserted_.push_back({key, school, static_cast<uint32_t>(names_.size()), static_cast<uint32_t>(t.name.size())});
  names_ += t.name;
  new_.posts = JoinPosts(t.posts);
  new_.t = std::move(t);
  return &new_;
}

// The new teachers' accounts, in insertion order, chunk by chunk (on the
// reader thread): random initial passwords and their salted hashes —
// prepared a few chunks ahead while the writer still writes teachers — then,
// once the writer sends the usernames that exist already, `on_account` for
// every account to make and the chunk to the writer.
void PrepareAccounts(const RowChecker& checker, Channel<std::unordered_set<std::string>>& taken_usernames,
                     Channel<AccountBatch>& out, const std::atomic<bool>& stop, const AccountSink& on_account) {
  const std::vector<Inserted>& inserted = checker.inserted();
  constexpr size_t kChunk = 8192, kAhead = 4;  // at most ~7 chunks of passwords in memory
  struct Chunk {
    size_t begin = 0;
    std::vector<std::string> passwords, hashes;
  };
  std::deque<Chunk> ready;
  size_t next = 0;
  auto prepare = [&] {
    Chunk c;
    c.begin = next;
    next = std::min(inserted.size(), next + kChunk);
    c.passwords = auth::RandomInitialPasswords(next - c.begin);
    c.hashes = auth::HashInitialPasswords(c.passwords);
    ready.push_back(std::move(c));
  };
  while (next < inserted.size() && ready.size() < kAhead && !stop) prepare();
  std::optional<std::unordered_set<std::string>> taken = taken_usernames.Pop();
  if (!taken) return;  // the writer gave up
  while (!stop) {
    if (ready.empty()) {
      if (next == inserted.size()) break;
      prepare();
    }
    Chunk c = std::move(ready.front());
    ready.pop_front();
    AccountBatch batch;
    batch.begin = c.begin;
    batch.usernames.resize(c.passwords.size());
    batch.hashes = std::move(c.hashes);
    for (size_t k = 0; k < c.passwords.size(); ++k) {
      const Inserted& t = inserted[c.begin + k];
      std::string username = IdFromKey(t.id_key);
      if (taken->count(username)) continue;
      if (on_account) on_account({checker.NameOf(t), username, t.school->name, c.passwords[k]});
      batch.usernames[k] = std::move(username);
    }
    if (!out.Push(std::move(batch))) return;
  }
}

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
    case ImportMode::kDryRun:
      return "dry-run";
    case ImportMode::kInsert:
      return "insert";
    case ImportMode::kUpsert:
      return "upsert";
  }
  return "";
}

Result<ImportReport> TeacherImporter::Import(const auth::Actor& actor, std::string_view file,
                                             const ImportOptions& options, const ImportProgress& progress,
                                             const AccountSink& on_account) {
  if (!actor.IsAdmin()) return PermissionDenied();
  const bool dry = options.mode == ImportMode::kDryRun;
  const bool upsert = options.mode == ImportMode::kUpsert;
  const int64_t estimate = io::EstimateRows(file);
  if (options.evict_input) options.evict_input(file.size());  // counted; read again from the start
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
    for (const auto& r :
         tx.Query("SELECT id, code, name, path, type FROM orgs WHERE path >= :lo AND path < :hi", {lo, hi})) {
      School s{r.Int(0), r.Str(2), r.Str(3), r.Str(4)};
      auto [it, fresh] = by_name.emplace(s.name, s);
      if (!fresh) it->second.reset();
      by_code.emplace(r.Str(1), std::move(s));
    }
    Registry registry(tx, upsert);
    int64_t max_id_before = 0;
    {
      db::Row r;
      tx.QueryOne("SELECT COALESCE(MAX(id), 0) FROM teachers", {}, r);
      max_id_before = r.Int(0);
    }
    const auto t_loaded = std::chrono::steady_clock::now();

    // The reader thread reads and checks the file; this thread (the
    // transaction's) writes what it hands over, so that the checks of a row
    // overlap the writes of earlier ones. Then the reader prepares the new
    // teachers' accounts (random initial passwords, their hashes, the
    // `on_account` calls) while this thread writes them.
    const int64_t expected_rows = std::clamp<int64_t>(estimate, 16, io::ReadLimits().max_rows);  // for sizing
    RowChecker checker(actor, options, by_code, by_name, registry, report, expected_rows);
    Channel<RowBatch> batches(8);
    Channel<std::unordered_set<std::string>> taken_usernames(1);  // accounts that exist already
    Channel<AccountBatch> account_batches(2);
    std::atomic<bool> stop{false};
    Status read_status, accounts_status;
    // However this thread leaves (an error, a cancel, an exception), the reader stops first.
    std::thread reader;
    struct StopReader {
      std::thread& reader;
      std::atomic<bool>& stop;
      std::function<void()> close;
      ~StopReader() {
        stop = true;
        close();
        if (reader.joinable()) reader.join();
      }
    } stop_reader{reader, stop, [&] {
                    batches.Close();
                    taken_usernames.Close();
                    account_batches.Close();
                  }};
    reader = std::thread([&] {
      RowBatch batch;
      auto hand_over = [&] {
        batch.rows_read = report.rows;
        bool ok = batches.Push(std::move(batch));
        batch = RowBatch{};
        return ok;
      };
      // The file before the current row (a CSV's cells are views into it).
      auto evict_before = [&](const std::vector<std::string_view>& cells) {
        for (std::string_view c : cells) {
          if (c.data() >= file.data() && c.data() < file.data() + file.size()) {
            options.evict_input(static_cast<size_t>(c.data() - file.data()));
            return;
          }
        }
      };
      auto on_header = [&](int64_t, const std::vector<std::string_view>& cells) { return checker.Header(cells); };
      auto on_row = [&](int64_t row_no, const std::vector<std::string_view>& cells) -> Status {
        if (stop) return jobs::Cancelled();
        if (NewTeacher* row = checker.Row(row_no, cells); row && !dry) batch.rows.push_back(std::move(*row));
        if (report.rows % kBatchRows == 0) {
          if (!hand_over()) return jobs::Cancelled();
          if (options.evict_input && report.rows % (16 * kBatchRows) == 0) evict_before(cells);
        }
        return Status::Ok();
      };
      read_status = io::ReadSheet(file, on_header, on_row);
      checker.Finish();
      if (read_status.ok()) hand_over();
      batches.Close();
      if (!read_status.ok() || dry || (report.invalid > 0 && !options.good_rows_only) || checker.inserted().empty())
        return;
      try {
        PrepareAccounts(checker, taken_usernames, account_batches, stop, on_account);
      } catch (const std::exception& e) {
        accounts_status = Internal(e.what());
      }
      account_batches.Close();
    });

    // Batches without new teachers (bad rows, updates, a dry run) are only
    // counted; the first with some starts the insert, which then takes the
    // rest as they come.
    std::optional<RowBatch> batch;
    bool cancelled = false;
    auto next_batch = [&] {
      if (batch && progress && !progress(batch->rows_read, std::max(estimate, batch->rows_read), "validate")) {
        cancelled = true;
        return false;
      }
      batch = batches.Pop();
      return batch.has_value();
    };
    while (next_batch() && batch->rows.empty()) {
    }
    std::optional<db::DeferredIndexes> deferred_teacher_indexes;
    if (batch && !cancelled) {
      deferred_teacher_indexes.emplace(tx, "teachers", estimate);
      size_t at = 0;
      db::InsertRows(
          tx, "teachers",
          {"id_number", "name", "sex", "birth_date", "ethnicity", "phone", "org_id", "stage", "subject", "title",
           "posts", "hire_date", "cert_number", "status", "backbone_level", "created_at", "updated_at"},
          [&](db::RowValues& row) {
            while (at == batch->rows.size()) {
              if (!next_batch()) return false;
              at = 0;
            }
            const NewTeacher& n = batch->rows[at++];
            const Teacher& t = n.t;
            row.Text(t.id_number).Text(t.name).Text(t.sex).Text(t.birth_date).Text(t.ethnicity);
            row.Text(t.phone).Int(t.org_id).Text(t.stage).Text(t.subject).Text(t.title).Text(n.posts);
            row.Text(t.hire_date).Text(t.cert_number).Text(t.status).Text(t.backbone_level);
            row.Int(now).Int(now);
            return true;
          });
    }
    if (cancelled) return jobs::Cancelled();
    JJ_RETURN_IF_ERROR(read_status);
    if (report.rows == 0) return InvalidArgument("import.no_rows");
    const auto t_rows = std::chrono::steady_clock::now();
    auto ms = [](auto a, auto b) { return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count(); };
    spdlog::info("teacher import: registry loaded in {} ms, {} rows read, checked and written in {} ms",
                 ms(t_start, t_loaded), report.rows, ms(t_loaded, t_rows));
    if (dry || (report.invalid > 0 && !options.good_rows_only) || report.valid == 0)
      return Status(Code::kFailedPrecondition, kRolledBack);

    if (progress && !progress(report.rows, report.rows, "write")) return jobs::Cancelled();
    for (const Pending& p : checker.updates()) {
      UpdateTeacher(tx, p.t, now);
      if (p.t.org_id != p.old_org_id)
        tx.Exec(
            "INSERT INTO teacher_transfers (teacher_id, from_org_id, to_org_id, transfer_date, note, actor_id, "
            "created_at) VALUES (:t, :f, :to, :d, :n, :a, :c)",
            {p.t.id, p.old_org_id, p.t.org_id, clock_.Today().ToString(), std::string("名册导入"), actor.account_id,
             now});
    }

    // Accounts for the new teachers (not for an ID number that already has one).
    const std::vector<Inserted>& inserted = checker.inserted();
    if (!inserted.empty()) {
      std::unordered_set<std::string> taken;
      for (const auto& r :
           tx.Query("SELECT a.username FROM accounts a JOIN teachers t ON t.id_number = a.username WHERE t.id > :m",
                    {max_id_before}))
        taken.insert(r.Str(0));
      const int64_t accounts_to_add = static_cast<int64_t>(inserted.size() - taken.size());
      taken_usernames.Push(std::move(taken));
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
      db::DeferredIndexes deferred_account_indexes(tx, "accounts", accounts_to_add);
      std::optional<AccountBatch> accounts;
      size_t k = 0;
      db::InsertRows(tx, "accounts",
                     {"username", "display_name", "role", "org_id", "teacher_id", "password_hash",
                      "must_change_password", "created_at", "updated_at"},
                     [&](db::RowValues& row) {
                       for (;; ++k) {  // the next account to make ("": the username is taken)
                         while (!accounts || k == accounts->usernames.size()) {
                           accounts = account_batches.Pop();
                           k = 0;
                           if (!accounts) return false;
                         }
                         if (!accounts->usernames[k].empty()) break;
                       }
                       const size_t i = accounts->begin + k;
                       row.Text(accounts->usernames[k]).Text(checker.NameOf(inserted[i])).Text("teacher");
                       row.Int(inserted[i].school->id).Int(ids[i]).Text(accounts->hashes[k]).Int(1).Int(now).Int(now);
                       ++k;
                       ++report.accounts;
                       return true;
                     });
      JJ_RETURN_IF_ERROR(accounts_status);
      if (report.accounts != accounts_to_add) return Internal("teacher import: accounts not prepared");
      deferred_account_indexes.Rebuild();
    }
    if (deferred_teacher_indexes) deferred_teacher_indexes->Rebuild();
    spdlog::info("teacher import: {} updates and {} accounts in {} ms", checker.updates().size(), report.accounts,
                 ms(t_rows, std::chrono::steady_clock::now()));
    nlohmann::json summary = {{"mode", ImportModeName(options.mode)}, {"rows", report.rows},
                              {"inserted", report.inserted},          {"updated", report.updated},
                              {"skipped_invalid", report.invalid},    {"accounts", report.accounts}};
    audit_log::Append(tx, clock_, {actor.AuditId(), "teacher.import", "teacher", std::nullopt, "", summary.dump()});
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
      case kSex:
        col.choices = Sexes();
        break;
      case kStage:
        col.choices = org::Stages();
        break;
      case kTitle:
        col.choices = Titles();
        break;
      case kStatus:
        col.choices = EmploymentStatuses();
        break;
      case kBackbone:
        col.choices = BackboneLevels();
        break;
      default:
        break;
    }
    cols.push_back(std::move(col));
  }
  return cols;
}

// The template's sample row: a valid teacher of the demo's school A (the ID
// number's check digit, sex and birth date agree), so that the template
// imports as downloaded (tested by Import.TheTemplateAsDownloadedImports).
std::vector<std::string> ExampleRow() {
  return {"张三",         "44182119900307139X",
          "男",           "1990-03-07",
          "441821101001", "石角镇中心小学",
          "小学",         "语文",
          "一级教师",     "教师、班主任",
          "2012-09-01",   "20124418212000123",
          "13800001111",  "在职",
          "汉族",         "无"};
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
      {"导入方式",
       "先“校验”（不写入），再“仅新增”或“新增或更新”（按身份证号匹配，先预览变更）。任何一行有错时默认全部不写入，可选"
       "择只导入正确的行。"},
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
