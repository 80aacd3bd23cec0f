#include <fstream>
#include <nlohmann/json.hpp>

#include "core/id_card.h"
#include "infra/audit_log/audit_log.h"
#include "infra/db/collation.h"
#include "infra/http/json_io.h"
#include "infra/io/sheet.h"
#include "infra/jobs/jobs.h"
#include "modules/org/org.h"
#include "modules/teachers/repository.h"
#include "modules/teachers/teachers.h"

namespace jj::teachers {

const std::vector<std::string>& Sexes() {
  static const std::vector<std::string> v = {"男", "女"};
  return v;
}
const std::vector<std::string>& EmploymentStatuses() {
  static const std::vector<std::string> v = {"在职", "调出", "退休", "离职"};
  return v;
}
const std::vector<std::string>& BackboneLevels() {
  static const std::vector<std::string> v = {"无", "校级", "县级", "市级", "省级", "国家级"};
  return v;
}
const std::vector<std::string>& Titles() {
  static const std::vector<std::string> v = {"正高级教师", "高级教师", "一级教师", "二级教师", "三级教师", "未定级"};
  return v;
}
const std::vector<std::string>& Subjects() {
  static const std::vector<std::string> v = {"语文", "数学", "英语", "物理", "化学", "生物", "历史",
                                             "地理", "道德与法治", "思想政治", "科学", "音乐", "美术", "体育",
                                             "信息技术", "通用技术", "心理健康", "劳动", "学前教育", "特殊教育"};
  return v;
}
const std::vector<std::string>& Posts() {
  static const std::vector<std::string> v = {"教师", "班主任", "校长", "副校长", "教研员", "中层"};
  return v;
}

void NormalizeAndCheck(Teacher& t, std::vector<Status>& problems) {
  auto check = [&](Status st) {
    if (!st.ok()) problems.push_back(std::move(st));
  };
  if (t.name.empty()) check(Status(Code::kInvalidArgument, "field.empty", {{"field", "name"}}).WithField("name"));
  auto id = ParseIdCard(t.id_number);
  if (!id.ok()) {
    check(id.status());
  } else {
    t.id_number = id->normalized;
    if (t.sex.empty()) t.sex = id->sex;
    if (t.sex != id->sex)
      check(Status(Code::kInvalidArgument, "teacher.sex_mismatch", {{"expected", id->sex}}).WithField("sex"));
    std::string birth = id->birth_date.ToString();
    if (t.birth_date.empty()) t.birth_date = birth;
    Status date = http::CheckDate("birth_date", t.birth_date, false);
    if (!date.ok())
      check(std::move(date));
    else if (t.birth_date != birth)
      check(Status(Code::kInvalidArgument, "teacher.birth_mismatch", {{"expected", birth}}).WithField("birth_date"));
  }
  Status hire = http::CheckDate("hire_date", t.hire_date, true);
  if (!hire.ok())
    check(std::move(hire));
  else if (!t.hire_date.empty() && !t.birth_date.empty() && t.hire_date < t.birth_date)
    check(InvalidArgument("teacher.hire_before_birth", "hire_date"));
  if (!t.stage.empty()) check(http::CheckEnum("stage", t.stage, org::Stages()));
  if (!t.title.empty()) check(http::CheckEnum("title", t.title, Titles()));
  check(http::CheckEnum("status", t.status, EmploymentStatuses()));
  check(http::CheckEnum("backbone_level", t.backbone_level, BackboneLevels()));
  for (const auto& p : t.posts) {
    Status st = http::CheckEnum("posts", p, Posts());
    if (!st.ok()) {
      check(std::move(st));
      break;
    }
  }
  if (!t.phone.empty()) {
    bool ok = t.phone.size() == 11 && t.phone[0] == '1' &&
              std::all_of(t.phone.begin(), t.phone.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ok) check(InvalidArgument("field.phone", "phone"));
  }
}

Status NormalizeAndValidate(Teacher& t) {
  std::vector<Status> problems;
  NormalizeAndCheck(t, problems);
  return problems.empty() ? Status::Ok() : std::move(problems.front());
}

namespace {

bool MayRead(const auth::Actor& a, const TeacherRow& row) {
  if (a.role == auth::Role::kTeacher) return a.teacher_id && *a.teacher_id == row.t.id;
  if (!a.IsAdmin()) return false;
  return a.Covers(row.org_path);
}

bool MayWrite(const auth::Actor& a, const TeacherRow& row) { return a.IsAdmin() && a.Covers(row.org_path); }

bool IsTeacherOrg(const std::string& type) {
  return type == "school" || type == "township" || type == "institution";
}

void Mask(Teacher& t) {
  t.id_number = MaskIdNumber(t.id_number);
  t.phone = MaskPhone(t.phone);
}

std::string Snapshot(const Teacher& t) {
  nlohmann::json j = {{"name", t.name},     {"id_number", t.id_number}, {"sex", t.sex},
                      {"birth_date", t.birth_date}, {"phone", t.phone}, {"org_id", t.org_id},
                      {"stage", t.stage},   {"subject", t.subject},     {"title", t.title},
                      {"posts", t.posts},   {"hire_date", t.hire_date}, {"cert_number", t.cert_number},
                      {"status", t.status}, {"backbone_level", t.backbone_level}, {"ethnicity", t.ethnicity}};
  return j.dump();
}

void Apply(Teacher& t, const TeacherInput& in) {
  if (in.name) t.name = *in.name;
  if (in.id_number) t.id_number = *in.id_number;
  if (in.sex) t.sex = *in.sex;
  if (in.birth_date) t.birth_date = *in.birth_date;
  if (in.ethnicity) t.ethnicity = *in.ethnicity;
  if (in.phone) t.phone = *in.phone;
  if (in.org_id) t.org_id = *in.org_id;
  if (in.stage) t.stage = *in.stage;
  if (in.subject) t.subject = *in.subject;
  if (in.title) t.title = *in.title;
  if (in.posts) t.posts = *in.posts;
  if (in.hire_date) t.hire_date = *in.hire_date;
  if (in.cert_number) t.cert_number = *in.cert_number;
  if (in.status) t.status = *in.status;
  if (in.backbone_level) t.backbone_level = *in.backbone_level;
}

// A new teacher (新教师): hired less than three years before `today`.
void MarkNewTeacher(Teacher& t, const Date& today) {
  auto hire = ParseDate(t.hire_date);
  t.is_new_teacher = hire && YearsBetween(*hire, today) < 3;
}

}  // namespace

// The existing holder of an ID number. Inside the actor's scope it is named
// (name and school); outside it nothing about the holder is said — not the
// surname, not the school — only that the number is registered elsewhere.
Status DuplicateError(const auth::Actor& actor, const TeacherRow& existing) {
  if (!actor.Covers(existing.org_path))
    return Status(Code::kConflict, "teacher.duplicate_elsewhere").WithField("id_number");
  return Status(Code::kConflict, "teacher.duplicate", {{"name", existing.t.name}, {"school", existing.t.org_name}})
      .WithField("id_number");
}

namespace {

// The ORDER BY of a list sort key; names in pinyin order (张三 after 李四).
// Errors: InvalidArgument field.enum (sort).
Result<std::string> OrderBy(const std::string& sort, db::Dialect dialect) {
  const std::string name = std::string("t.name") + db::PinyinCollate(dialect);
  const std::vector<std::pair<std::string, std::string>> kSorts = {
      {"name", name + ", t.id"},         {"-name", name + " DESC, t.id"},
      {"birth_date", "t.birth_date, t.id"}, {"-birth_date", "t.birth_date DESC, t.id"},
      {"hire_date", "t.hire_date, t.id"},   {"-hire_date", "t.hire_date DESC, t.id"}};
  for (const auto& [k, v] : kSorts)
    if (k == sort) return v;
  std::vector<std::string> allowed;
  for (const auto& kv : kSorts) allowed.push_back(kv.first);
  return http::CheckEnum("sort", sort, allowed);
}

Status CheckFilters(const ListQuery& q) {
  if (!q.stage.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("stage", q.stage, org::Stages()));
  if (!q.status.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("status", q.status, EmploymentStatuses()));
  if (!q.backbone_level.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("backbone_level", q.backbone_level, BackboneLevels()));
  if (!q.title.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("title", q.title, Titles()));
  return Status::Ok();
}

// The WHERE clause (aliases t, o) of a list or export: the actor's scope,
// then the query's filters. Errors: NotFound (org_id outside scope).
Status BuildFilter(db::Tx& tx, const auth::Actor& actor, const ListQuery& q, std::string& where,
                   db::Params& params) {
  where = "WHERE 1=1";
  JJ_RETURN_IF_ERROR(org::AppendScopeFilter(tx, actor, q.org_id, "t.id", where, params));
  auto eq = [&](const char* col, const std::string& v) {
    if (v.empty()) return;
    where += std::string(" AND ") + col + " = :" + (col + 2);
    params.push_back(v);
  };
  eq("t.stage", q.stage);
  eq("t.subject", q.subject);
  eq("t.title", q.title);
  eq("t.status", q.status);
  eq("t.backbone_level", q.backbone_level);
  if (!q.q.empty()) {
    // A well-formed ID number (check digit included) is looked up by the
    // unique index on id_number alone; anything else searches names.
    if (auto id = ParseIdCard(q.q); id.ok()) {
      where += " AND t.id_number = :qn";
      params.push_back(id->normalized);
    } else {
      where += " AND t.name LIKE :qs";
      params.push_back("%" + q.q + "%");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Page> TeacherService::List(const auth::Actor& actor, const ListQuery& q) {
  if (!actor.IsAdmin() && actor.role != auth::Role::kTeacher) return PermissionDenied();
  JJ_ASSIGN_OR_RETURN(std::string order, OrderBy(q.sort, db_.dialect()));
  JJ_RETURN_IF_ERROR(CheckFilters(q));

  Page page;
  page.page = q.page;
  page.page_size = q.page_size;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::string where;
    db::Params params;
    JJ_RETURN_IF_ERROR(BuildFilter(tx, actor, q, where, params));
    const int64_t limit = std::max<int64_t>(1, exact_total_limit_.load());
    page.total = CountTeachersUpTo(tx, where, params, limit + 1);
    if (page.total > limit) {
      page.total = limit;
      page.total_exact = false;
    }
    db::Params p2 = params;
    p2.push_back(q.page_size);
    p2.push_back((q.page - 1) * q.page_size);
    for (auto& row : QueryTeachers(tx, where + " ORDER BY " + order + " LIMIT :lim OFFSET :off", p2))
      page.items.push_back(std::move(row.t));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  Date today = clock_.Today();
  for (auto& t : page.items) {
    MarkNewTeacher(t, today);
    Mask(t);
  }
  return page;
}

Result<Teacher> TeacherService::Get(const auth::Actor& actor, int64_t id) {
  std::optional<TeacherRow> row;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    row = FindTeacher(tx, id);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!row || !MayRead(actor, *row)) return NotFound();
  MarkNewTeacher(row->t, clock_.Today());
  return row->t;
}

Result<Teacher> TeacherService::Create(const auth::Actor& actor, const TeacherInput& in) {
  if (!actor.IsAdmin()) return PermissionDenied();
  if (!in.name) return Status(Code::kInvalidArgument, "field.required", {{"field", "name"}}).WithField("name");
  if (!in.id_number)
    return Status(Code::kInvalidArgument, "field.required", {{"field", "id_number"}}).WithField("id_number");
  if (!in.org_id) return Status(Code::kInvalidArgument, "field.required", {{"field", "org_id"}}).WithField("org_id");
  Teacher t;
  Apply(t, in);
  JJ_RETURN_IF_ERROR(NormalizeAndValidate(t));
  Teacher created;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto o = org::FindOrg(tx, t.org_id);
    if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
    if (!IsTeacherOrg(o->type)) return InvalidArgument("teacher.org_not_school", "org_id");
    if (auto existing = FindTeacherByIdNumber(tx, t.id_number)) return DuplicateError(actor, *existing);
    int64_t id = InsertTeacher(tx, t, clock_.NowSeconds());
    created = FindTeacher(tx, id)->t;
    audit_log::Append(tx, clock_, {actor.account_id, "teacher.create", "teacher", id, "", Snapshot(created)});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  MarkNewTeacher(created, clock_.Today());
  return created;
}

Result<Teacher> TeacherService::Update(const auth::Actor& actor, int64_t id, const TeacherInput& in) {
  Teacher updated;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto row = FindTeacher(tx, id);
    if (!row || !MayRead(actor, *row)) return NotFound();
    if (!MayWrite(actor, *row)) {
      // A teacher may correct only their own phone number.
      bool phone_only = in.phone && !in.name && !in.id_number && !in.sex && !in.birth_date && !in.ethnicity &&
                        !in.org_id && !in.stage && !in.subject && !in.title && !in.posts && !in.hire_date &&
                        !in.cert_number && !in.status && !in.backbone_level;
      if (!phone_only) return PermissionDenied();
    }
    if (in.org_id && *in.org_id != row->t.org_id) return InvalidArgument("teacher.use_transfer", "org_id");
    Teacher before = row->t;
    Teacher t = row->t;
    // A changed ID number re-derives sex and birth date unless they are sent too.
    if (in.id_number && *in.id_number != before.id_number) {
      if (!in.sex) t.sex.clear();
      if (!in.birth_date) t.birth_date.clear();
    }
    Apply(t, in);
    JJ_RETURN_IF_ERROR(NormalizeAndValidate(t));
    if (t.id_number != before.id_number)
      if (auto existing = FindTeacherByIdNumber(tx, t.id_number); existing && existing->t.id != id)
        return DuplicateError(actor, *existing);
    const int64_t now = clock_.NowSeconds();
    UpdateTeacher(tx, t, now);
    // The level's history holds every change, by the backbone module or by hand.
    if (t.backbone_level != before.backbone_level)
      AppendBackboneHistory(tx, id, before.backbone_level, t.backbone_level, "教师信息修改", actor.account_id, now);
    audit_log::Append(tx, clock_, {actor.account_id, "teacher.update", "teacher", id, Snapshot(before), Snapshot(t)});
    updated = FindTeacher(tx, id)->t;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  MarkNewTeacher(updated, clock_.Today());
  return updated;
}

Result<int64_t> TeacherService::Export(const auth::Actor& actor, const ListQuery& q, const std::string& format,
                                       bool pii, const std::string& path,
                                       const std::function<bool(int64_t, int64_t)>& progress) {
  if (!actor.IsAdmin()) return PermissionDenied();
  JJ_ASSIGN_OR_RETURN(std::string order, OrderBy(q.sort, db_.dialect()));
  JJ_RETURN_IF_ERROR(CheckFilters(q));
  JJ_RETURN_IF_ERROR(http::CheckEnum("format", format, {"xlsx", "csv"}));
  const std::vector<std::string> header = {"姓名",   "身份证号", "性别",     "出生日期", "民族",     "手机号",
                                           "学校代码", "学校名称", "学段",     "学科",     "职称",     "岗位",
                                           "入职日期", "教师资格证号", "在职状态", "骨干级别"};
  int64_t rows = 0;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::string where;
    db::Params params;
    JJ_RETURN_IF_ERROR(BuildFilter(tx, actor, q, where, params));
    const int64_t total = CountTeachers(tx, where, params);
    std::unique_ptr<io::XlsxWriter> xlsx;
    std::string csv_text;
    io::CsvWriter csv(&csv_text);
    std::ofstream csv_file;
    if (format == "xlsx") {
      JJ_ASSIGN_OR_RETURN(xlsx, io::XlsxWriter::Create(path));
      std::vector<io::XlsxColumn> cols;
      for (const auto& h : header) cols.push_back({h, h == "身份证号" || h == "学校名称" ? 22.0 : 12.0, {}, true});
      xlsx->AddSheet("教师名册", cols);
    } else {
      csv_file.open(path, std::ios::binary);
      if (!csv_file) return Internal("cannot write " + path);
      csv.Row(header);
    }
    // Streamed: one pass over the rows, nothing held but the current chunk.
    const std::string sql =
        "SELECT t.name, t.id_number, t.sex, t.birth_date, t.ethnicity, t.phone, o.code, o.name, t.stage, t.subject, "
        "t.title, t.posts, t.hire_date, t.cert_number, t.status, t.backbone_level FROM teachers t "
        "JOIN orgs o ON o.id = t.org_id " +
        where + " ORDER BY " + order;
    for (const auto& r : tx.Query(sql, params)) {
      std::vector<std::string> cells;
      cells.reserve(header.size());
      for (int i = 0; i < 16; ++i) cells.push_back(r.Str(i));
      if (!pii) {
        cells[1] = MaskIdNumber(cells[1]);
        cells[5] = MaskPhone(cells[5]);
      }
      if (xlsx) {
        xlsx->AppendRow(cells);
      } else {
        csv.Row(cells);
        if (csv_text.size() > (1 << 20)) {
          csv_file.write(csv_text.data(), static_cast<std::streamsize>(csv_text.size()));
          csv_text.clear();
        }
      }
      if (++rows % 5000 == 0 && progress && !progress(rows, total)) return jobs::Cancelled();
    }
    if (xlsx) return xlsx->Close();
    csv_file.write(csv_text.data(), static_cast<std::streamsize>(csv_text.size()));
    csv_file.close();
    return csv_file ? Status::Ok() : Internal("cannot write " + path);
  });
  if (!st.ok()) return st;
  if (pii) {
    // Who took full ID numbers and phones out of the system, and which.
    nlohmann::json after = {{"rows", rows}, {"format", format}, {"org_id", q.org_id.value_or(0)}, {"q", q.q}};
    JJ_RETURN_IF_ERROR(db_.Transact([&](db::Tx& tx) -> Status {
      audit_log::Append(tx, clock_, {actor.account_id, "teacher.export_pii", "teacher", std::nullopt, "", after.dump()});
      return Status::Ok();
    }));
  }
  return rows;
}

Status TeacherService::Delete(const auth::Actor& actor, int64_t id) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    auto row = FindTeacher(tx, id);
    if (!row || !MayRead(actor, *row)) return NotFound();
    if (!MayWrite(actor, *row)) return PermissionDenied();
    tx.Exec("DELETE FROM teachers WHERE id = :id", {id});
    audit_log::Append(tx, clock_, {actor.account_id, "teacher.delete", "teacher", id, Snapshot(row->t), ""});
    return Status::Ok();
  });
}

Result<Teacher> TeacherService::TransferTo(const auth::Actor& actor, int64_t id, int64_t to_org_id,
                                           const std::string& date, const std::string& note) {
  JJ_RETURN_IF_ERROR(http::CheckDate("date", date, false));
  Teacher moved;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto row = FindTeacher(tx, id);
    if (!row || !MayRead(actor, *row)) return NotFound();
    if (!MayWrite(actor, *row)) return PermissionDenied();
    auto target = org::FindOrg(tx, to_org_id);
    if (!target || !actor.Covers(target->path)) return NotFound().WithField("to_org_id");
    if (!IsTeacherOrg(target->type)) return InvalidArgument("teacher.org_not_school", "to_org_id");
    if (target->id == row->t.org_id) return InvalidArgument("teacher.transfer_same", "to_org_id");
    int64_t now = clock_.NowSeconds();
    tx.Exec(
        "INSERT INTO teacher_transfers (teacher_id, from_org_id, to_org_id, transfer_date, note, actor_id, "
        "created_at) VALUES (:t, :f, :to, :d, :n, :a, :c)",
        {id, row->t.org_id, to_org_id, date, note, actor.account_id, now});
    Teacher t = row->t;
    t.org_id = to_org_id;
    UpdateTeacher(tx, t, now);
    audit_log::Append(tx, clock_,
                      {actor.account_id, "teacher.transfer", "teacher", id,
                       nlohmann::json{{"org_id", row->t.org_id}}.dump(),
                       nlohmann::json{{"org_id", to_org_id}, {"date", date}}.dump()});
    moved = FindTeacher(tx, id)->t;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return moved;
}

Result<std::vector<Transfer>> TeacherService::History(const auth::Actor& actor, int64_t id) {
  std::vector<Transfer> out;
  bool visible = false;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto row = FindTeacher(tx, id);
    visible = row && MayRead(actor, *row);
    if (!visible) return Status::Ok();
    for (const auto& r : tx.Query(
             "SELECT x.from_org_id, f.name, x.to_org_id, g.name, x.transfer_date, x.note, COALESCE(a.display_name, '') "
             "FROM teacher_transfers x JOIN orgs f ON f.id = x.from_org_id JOIN orgs g ON g.id = x.to_org_id "
             "LEFT JOIN accounts a ON a.id = x.actor_id WHERE x.teacher_id = :id ORDER BY x.id",
             {id}))
      out.push_back({r.Int(0), r.Int(2), r.Str(1), r.Str(3), r.Str(4), r.Str(5), r.Str(6)});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!visible) return NotFound();
  return out;
}

}  // namespace jj::teachers
