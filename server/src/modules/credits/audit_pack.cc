#include "modules/credits/audit_pack.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <tuple>

#include "core/text.h"

namespace jj::credits {

namespace {

// Format "1": the version character, then per record
//   id "," date "," hours "," level form dimension location grade source
//   project_code topic_tags achievement_type
// with id a decimal, date y*10000+m*100+d (0 for a date the registry could
// not read), hours a decimal, source a digit (SourceKind), and each other
// field one character: a letter for an entry of its vocabulary below, or
// "=" length ":" bytes for any other text. The vocabularies may only grow
// at their ends: packs already written refer to entries by position.
constexpr char kVersion = '1';
using Vocabulary = std::array<std::string_view, 8>;  // unused tail entries are empty
constexpr Vocabulary kLevels = {"", "国培", "省培", "市培", "区县级", "校本"};
constexpr Vocabulary kForms = {"", "集中培训", "网络研修", "校本研修", "跟岗研修", "工作坊", "岗前培训"};
constexpr Vocabulary kDimensions = {"", "师德修养", "学科教学", "学生管理", "专业成长"};
constexpr Vocabulary kLocations = {"", "区域内", "区域外"};
constexpr Vocabulary kGrades = {"", "优秀", "良好", "合格", "基本合格", "不合格", "pass"};
constexpr Vocabulary kEmptyOnly = {""};

// For each entry of a pack vocabulary, its index in the engine's (-1 for
// "" and for a word the engine no longer knows): CreditRecord::vocabulary_index.
std::array<int8_t, 8> EngineIndices(const Vocabulary& pack, const std::vector<std::string>& engine) {
  std::array<int8_t, 8> out;
  out.fill(-1);
  for (size_t i = 1; i < pack.size(); ++i)
    for (size_t k = 0; k < engine.size() && !pack[i].empty(); ++k)
      if (engine[k] == pack[i]) out[i] = static_cast<int8_t>(k);
  return out;
}

void PutText(std::string& out, std::string_view v, const Vocabulary& vocabulary) {
  // Entry 0 is always "": later empty entries are unused slots.
  for (size_t i = 0; i < vocabulary.size(); ++i) {
    if (vocabulary[i] == v && (i == 0 || !v.empty())) {
      out += static_cast<char>('a' + i);
      return;
    }
  }
  out += '=';
  out += std::to_string(v.size());
  out += ':';
  out += v;
}

void PutInt(std::string& out, int64_t v, char end) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  out += end;
}

// Reads what Put* wrote, advancing `p`; false when the pack is damaged.
class Reader {
 public:
  explicit Reader(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}
  bool done() const { return p_ == end_; }
  bool Int(int64_t& v, char end) {
    auto [q, ec] = std::from_chars(p_, end_, v);
    if (ec != std::errc() || q == end_ || *q != end) return false;
    p_ = q + 1;
    return true;
  }
  bool Digits(std::string& v, char end) {  // an int kept as its text
    const char* q = p_;
    while (q < end_ && *q != end) ++q;
    if (q == end_ || q == p_) return false;
    v.assign(p_, q);
    p_ = q + 1;
    return true;
  }
  // `entry` is the vocabulary entry's position, or -1 for a text.
  bool Text(std::string& v, const Vocabulary& vocabulary, int* entry = nullptr) {
    if (p_ == end_) return false;
    const char c = *p_++;
    if (c >= 'a' && c < 'a' + static_cast<int>(vocabulary.size())) {
      v.assign(vocabulary[c - 'a']);
      if (entry) *entry = c - 'a';
      return true;
    }
    if (entry) *entry = -1;
    if (c != '=') return false;
    int64_t n = 0;
    if (!Int(n, ':') || n < 0 || n > end_ - p_) return false;
    v.assign(p_, static_cast<size_t>(n));
    p_ += n;
    return true;
  }
  bool Char(char& c) {
    if (p_ == end_) return false;
    c = *p_++;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

// Fills `c` from an approved-record row of ForEachTeachersRecords' query
// (columns from 1), reusing the strings' storage.
void ReadRecordRow(const db::RowView& v, policy::CreditRecord& c) {
  char id[24];
  c.id.assign(id, std::to_chars(id, id + sizeof id, v.Int(1)).ptr);
  c.date = ParseDate(v.Str(2)).value_or(Date{});
  c.project_code.assign(v.Str(3));
  c.level.assign(v.Str(4));
  c.form.assign(v.Str(5));
  c.dimension.assign(v.Str(6));
  c.location.assign(v.Str(7));
  c.hours_tenths = v.Int(8);
  c.grade.assign(v.Str(9));
  c.topic_tags.clear();
  if (std::string_view tags = v.Str(10); !tags.empty()) c.topic_tags = SplitList(tags);
  c.source = policy::SourceKindOf(v.Str(11)).value_or(policy::SourceKind::kTraining);
  c.achievement_type.assign(v.Str(12));
  c.vocabulary_index.fill(-1);
}

// The teacher's facts a pack row carries: the teachers columns of the same
// names, kept equal to them by the migration's triggers.
constexpr const char* kFacts = "name, id_number, stage, posts, sex, birth_date, hire_date";
constexpr size_t kFactColumns = 7;

}  // namespace

void ForEachIdChunk(std::span<const int64_t> ids,
                    const std::function<void(const std::string& in, const db::Params& params)>& fn) {
  constexpr size_t kChunk = 256;
  for (size_t from = 0; from < ids.size(); from += kChunk) {
    const auto chunk = ids.subspan(from, std::min(kChunk, ids.size() - from));
    std::string in = " IN (";
    db::Params params;
    for (size_t i = 0; i < chunk.size(); ++i) {
      in += (i > 0 ? ", :t" : ":t") + std::to_string(i);
      params.emplace_back(chunk[i]);
    }
    fn(in + ")", params);
  }
}

std::string EncodeAuditPack(std::span<const policy::CreditRecord> records) {
  std::string out(1, kVersion);
  out.reserve(records.size() * 48 + 1);
  for (const auto& r : records) {
    out += r.id;
    out += ',';
    PutInt(out, int64_t{r.date.year} * 10000 + r.date.month * 100 + r.date.day, ',');
    PutInt(out, r.hours_tenths, ',');
    PutText(out, r.level, kLevels);
    PutText(out, r.form, kForms);
    PutText(out, r.dimension, kDimensions);
    PutText(out, r.location, kLocations);
    PutText(out, r.grade, kGrades);
    out += static_cast<char>('0' + static_cast<int>(r.source));
    PutText(out, r.project_code, kEmptyOnly);
    PutText(out, JoinList(r.topic_tags), kEmptyOnly);
    PutText(out, r.achievement_type, kEmptyOnly);
  }
  return out;
}

std::optional<size_t> DecodeAuditPack(std::string_view pack, std::vector<policy::CreditRecord>& out) {
  if (pack.empty() || pack[0] != kVersion) return std::nullopt;
  static const std::array<std::array<int8_t, 8>, 4> kEngine = {
      EngineIndices(kLevels, policy::Levels()), EngineIndices(kForms, policy::Forms()),
      EngineIndices(kDimensions, policy::Dimensions()), EngineIndices(kLocations, policy::Locations())};
  Reader in(pack.substr(1));
  std::string tags;
  size_t n = 0;
  while (!in.done()) {
    if (n == out.size()) out.emplace_back();
    policy::CreditRecord& c = out[n];
    int64_t date = 0;
    char source = 0;
    int entry[4];
    if (!in.Digits(c.id, ',') || !in.Int(date, ',') || !in.Int(c.hours_tenths, ',') ||
        !in.Text(c.level, kLevels, &entry[0]) || !in.Text(c.form, kForms, &entry[1]) ||
        !in.Text(c.dimension, kDimensions, &entry[2]) || !in.Text(c.location, kLocations, &entry[3]) ||
        !in.Text(c.grade, kGrades) || !in.Char(source) || source < '0' ||
        source > '0' + static_cast<int>(policy::SourceKind::kImport) || !in.Text(c.project_code, kEmptyOnly) ||
        !in.Text(tags, kEmptyOnly) || !in.Text(c.achievement_type, kEmptyOnly) || date < 0 || date > 99991231) {
      return std::nullopt;
    }
    c.date = Date{static_cast<int>(date / 10000), static_cast<int>(date / 100 % 100), static_cast<int>(date % 100)};
    c.source = static_cast<policy::SourceKind>(source - '0');
    for (int k = 0; k < 4; ++k) c.vocabulary_index[k] = entry[k] < 0 ? -1 : kEngine[k][entry[k]];
    c.topic_tags.clear();
    if (!tags.empty()) c.topic_tags = SplitList(tags);
    ++n;
  }
  return n;
}

void ForEachTeachersRecords(db::Tx& tx, std::span<const int64_t> teacher_ids,
                            const std::function<void(int64_t, std::span<const policy::CreditRecord>)>& fn) {
  std::vector<policy::CreditRecord> buffer;
  size_t held = 0;
  int64_t current = 0;
  auto flush = [&] {
    if (held > 0) fn(current, {buffer.data(), held});
    held = 0;
  };
  ForEachIdChunk(teacher_ids, [&](const std::string& in, const db::Params& params) {
    db::ForEachRow(tx,
                   "SELECT r.teacher_id, r.id, r.record_date, r.project_code, r.level, r.form, r.dimension, "
                   "r.location, r.hours_tenths, r.grade, r.topic_tags, r.source, r.achievement_type FROM "
                   "credit_records r WHERE r.state = 'approved' AND r.teacher_id" +
                       in + " ORDER BY r.teacher_id, r.record_date, r.id",
                   params, [&](const db::RowView& v) {
                     if (const int64_t teacher_id = v.Int(0); teacher_id != current) {
                       flush();
                       current = teacher_id;
                     }
                     if (held == buffer.size()) buffer.emplace_back();
                     ReadRecordRow(v, buffer[held++]);
                   });
  });
  flush();
}

void LockTeachers(db::Tx& tx, std::vector<int64_t> teacher_ids) {
  if (tx.dialect() != db::Dialect::kPostgres || teacher_ids.empty()) return;
  std::sort(teacher_ids.begin(), teacher_ids.end());
  teacher_ids.erase(std::unique(teacher_ids.begin(), teacher_ids.end()), teacher_ids.end());
  ForEachIdChunk(teacher_ids, [&](const std::string& in, const db::Params& params) {
    db::ForEachRow(tx, "SELECT id FROM teachers WHERE id" + in + " ORDER BY id FOR NO KEY UPDATE", params,
                   [](const db::RowView&) {});
  });
}

void RefreshAuditPacks(db::Tx& tx, std::vector<int64_t> teacher_ids) {
  std::sort(teacher_ids.begin(), teacher_ids.end());
  teacher_ids.erase(std::unique(teacher_ids.begin(), teacher_ids.end()), teacher_ids.end());
  const bool postgres = tx.dialect() == db::Dialect::kPostgres;
  // The teachers' schools and facts, in id order; on PostgreSQL, their rows
  // locked (see the header). A teacher id that no longer exists gets no pack.
  struct Teacher {
    int64_t org_id = 0, id = 0;
    std::array<std::string, kFactColumns> facts;
    bool operator<(const Teacher& o) const { return std::tie(org_id, id) < std::tie(o.org_id, o.id); }
  };
  std::vector<Teacher> teachers;
  teachers.reserve(teacher_ids.size());
  ForEachIdChunk(teacher_ids, [&](const std::string& in, const db::Params& params) {
    db::ForEachRow(tx,
                   "SELECT id, org_id, " + std::string(kFacts) + " FROM teachers WHERE id" + in + " ORDER BY id" +
                       (postgres ? " FOR NO KEY UPDATE" : ""),
                   params, [&](const db::RowView& v) {
                     Teacher& t = teachers.emplace_back();
                     t.id = v.Int(0);
                     t.org_id = v.Int(1);
                     for (size_t k = 0; k < kFactColumns; ++k) t.facts[k].assign(v.Str(2 + k));
                   });
  });
  // Written school by school: on PostgreSQL, whose tables keep rows in the
  // order they come, a school's packs then share pages too.
  std::sort(teachers.begin(), teachers.end());
  std::vector<std::string> columns = {"org_id", "teacher_id"};
  for (std::string_view c : SplitList(kFacts, ", ")) columns.emplace_back(c);
  columns.emplace_back("pack");
  std::vector<int64_t> ids;
  std::vector<std::string> packs;
  constexpr size_t kBatch = 256;
  for (size_t from = 0; from < teachers.size(); from += kBatch) {
    const size_t n = std::min(kBatch, teachers.size() - from);
    ids.clear();
    for (size_t i = 0; i < n; ++i) ids.push_back(teachers[from + i].id);
    std::sort(ids.begin(), ids.end());  // a batch may hold the end of one school and the start of the next
    ForEachIdChunk(ids, [&](const std::string& in, const db::Params& params) {
      tx.Exec("DELETE FROM credit_audit_packs WHERE teacher_id" + in, params);
    });
    packs.assign(n, EncodeAuditPack({}));
    ForEachTeachersRecords(tx, ids, [&](int64_t teacher_id, std::span<const policy::CreditRecord> records) {
      packs[std::lower_bound(ids.begin(), ids.end(), teacher_id) - ids.begin()] = EncodeAuditPack(records);
    });
    size_t i = 0;
    db::InsertRows(tx, "credit_audit_packs", columns, [&](db::RowValues& row) {
      if (i == n) return false;
      const Teacher& t = teachers[from + i++];
      row.Int(t.org_id).Int(t.id);
      for (const auto& fact : t.facts) row.Text(fact);
      row.Text(packs[std::lower_bound(ids.begin(), ids.end(), t.id) - ids.begin()]);
      return true;
    });
  }
}

bool AuditPacksPending(db::Database& db) {
  bool pending = false;
  Status st = db.Read([&](db::Tx& tx) -> Status {
    db::Row row;
    pending = tx.QueryOne("SELECT task FROM pending_maintenance WHERE task = 'credit_audit_packs'", {}, row);
    return Status::Ok();
  });
  return st.ok() && pending;
}

Result<int64_t> WritePendingAuditPacks(db::Database& db, const std::function<void(int64_t, int64_t)>& progress) {
  if (!AuditPacksPending(db)) return int64_t{0};
  const auto start = std::chrono::steady_clock::now();
  // The teachers to pack, as the task found them; a teacher whose records
  // change meanwhile gets a fresh pack from that change (RefreshAuditPacks)
  // and again, equally, from its batch here.
  std::vector<int64_t> ids;
  JJ_RETURN_IF_ERROR(db.Read([&](db::Tx& tx) -> Status {
    db::ForEachRow(tx, "SELECT DISTINCT teacher_id FROM credit_records WHERE state = 'approved' ORDER BY teacher_id",
                   {}, [&](const db::RowView& v) { ids.push_back(v.Int(0)); });
    return Status::Ok();
  }));
  const auto total = static_cast<int64_t>(ids.size());
  for (size_t from = 0; from < ids.size(); from += kPackBatch) {
    std::vector<int64_t> batch(ids.begin() + static_cast<std::ptrdiff_t>(from),
                               ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), from + kPackBatch)));
    JJ_RETURN_IF_ERROR(db.Transact([&](db::Tx& tx) -> Status {
      RefreshAuditPacks(tx, std::move(batch));
      return Status::Ok();
    }));
    if (progress) progress(static_cast<int64_t>(std::min(ids.size(), from + kPackBatch)), total);
  }
  JJ_RETURN_IF_ERROR(db.Transact([&](db::Tx& tx) -> Status {
    tx.Exec("DELETE FROM pending_maintenance WHERE task = 'credit_audit_packs'");
    return Status::Ok();
  }));
  if (total > 0)
    spdlog::info("audit packs written for {} teachers in {:.1f} s", total,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return total;
}

}  // namespace jj::credits
