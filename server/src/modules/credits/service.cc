#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <span>
#include <thread>
#include <unordered_map>

#include "core/text.h"
#include "infra/audit_log/audit_log.h"
#include "infra/auth/password.h"
#include "infra/db/bulk.h"
#include "infra/http/json_io.h"
#include "modules/credits/audit_cache.h"
#include "modules/credits/audit_pack.h"
#include "modules/credits/internal.h"
#include "modules/credits/topic_tags.h"
#include "modules/credits/credits.h"
#include "modules/credits/integrity.h"
#include "modules/org/org.h"

namespace jj::credits {

namespace {

using Json = nlohmann::json;

const char* kSelect =
    "SELECT r.id, r.teacher_id, t.name, r.record_date, r.end_date, r.project_name, r.project_code, r.level, r.form, "
    "r.dimension, r.location, r.hours_tenths, r.grade, r.topic_tags, r.source, r.achievement_type, r.state, "
    "r.reject_reason, r.created_at, r.updated_at FROM credit_records r JOIN teachers t ON t.id = r.teacher_id "
    "JOIN orgs o ON o.id = t.org_id ";

Record FromRow(const db::Row& r) {
  Record x;
  x.id = r.Int(0);
  x.teacher_id = r.Int(1);
  x.teacher_name = r.Str(2);
  x.date = r.Str(3);
  x.end_date = r.Str(4);
  x.project_name = r.Str(5);
  x.project_code = r.Str(6);
  x.level = r.Str(7);
  x.form = r.Str(8);
  x.dimension = r.Str(9);
  x.location = r.Str(10);
  x.hours_tenths = r.Int(11);
  x.grade = r.Str(12);
  x.topic_tags = SplitList(r.Str(13));
  x.source = r.Str(14);
  x.achievement_type = r.Str(15);
  x.state = r.Str(16);
  x.reject_reason = r.Str(17);
  x.created_at = r.Int(18);
  x.updated_at = r.Int(19);
  return x;
}

// The logged state of a row of a protected table (integrity.h).
std::string State(db::Tx& tx, const audit_log::ProtectedTable& t, int64_t id) {
  return audit_log::StateOf(tx, t, id).dump();
}

std::optional<Record> FindRecord(db::Tx& tx, int64_t id) {
  db::Row row;
  if (!tx.QueryOne(std::string(kSelect) + "WHERE r.id = :id", {id}, row)) return std::nullopt;
  return FromRow(row);
}

// The teacher as the audit needs them, with their school's path.
struct TeacherInfo {
  int64_t id = 0;
  std::string name, id_number, school, path;
  int64_t school_id = 0;
  policy::TeacherFacts facts;
};

const char* kTeacherSelect =
    "SELECT t.id, t.name, t.id_number, o.name, o.path, o.id, t.stage, t.posts, t.sex, t.birth_date, t.hire_date "
    "FROM teachers t JOIN orgs o ON o.id = t.org_id ";

// From a kTeacherSelect row: a db::Row, or a db::RowView when streaming.
template <typename Row>
TeacherInfo TeacherFromRow(const Row& r) {
  TeacherInfo t;
  t.id = r.Int(0);
  t.name = r.Str(1);
  t.id_number = r.Str(2);
  t.school = r.Str(3);
  t.path = r.Str(4);
  t.school_id = r.Int(5);
  t.facts.id = std::to_string(t.id);
  t.facts.stage = r.Str(6);
  t.facts.posts = SplitList(r.Str(7));
  t.facts.sex = r.Str(8);
  if (auto d = ParseDate(r.Str(9))) t.facts.birth_date = *d;
  if (auto d = ParseDate(r.Str(10))) t.facts.hire_date = *d;
  return t;
}

std::optional<TeacherInfo> FindTeacherInfo(db::Tx& tx, int64_t id) {
  db::Row r;
  if (!tx.QueryOne(std::string(kTeacherSelect) + "WHERE t.id = :id", {id}, r)) return std::nullopt;
  return TeacherFromRow(r);
}

bool MayActOn(const auth::Actor& a, const TeacherInfo& t) { return a.MayActOnTeacher(t.id, t.path); }

// A record and its teacher, when the actor may act on that teacher.
struct VisibleRecord {
  Record record;
  TeacherInfo teacher;
};
std::optional<VisibleRecord> FindVisibleRecord(db::Tx& tx, const auth::Actor& actor, int64_t id) {
  auto rec = FindRecord(tx, id);
  if (!rec) return std::nullopt;
  auto t = FindTeacherInfo(tx, rec->teacher_id);
  if (!t || !MayActOn(actor, *t)) return std::nullopt;
  return VisibleRecord{std::move(*rec), std::move(*t)};
}

// Is `year` locked for an org with materialized path `path`?
bool YearLocked(db::Tx& tx, const std::string& path, int year) {
  for (const auto& r :
       tx.Query("SELECT o.path FROM year_locks l JOIN orgs o ON o.id = l.org_id WHERE l.year = :y", {int64_t{year}}))
    if (path.compare(0, r.Str(0).size(), r.Str(0)) == 0) return true;
  return false;
}

int YearOf(const std::string& date) { return date.size() >= 4 ? std::atoi(date.substr(0, 4).c_str()) : 0; }

Status Locked(int year) {
  return Status(Code::kFailedPrecondition, "credits.year_locked", {{"year", std::to_string(year)}});
}

policy::CreditRecord ToEngine(const Record& r) {
  policy::CreditRecord c;
  c.id = std::to_string(r.id);
  c.project_code = r.project_code;
  c.project_name = r.project_name;
  if (auto d = ParseDate(r.date)) c.date = *d;
  c.level = r.level;
  c.form = r.form;
  c.dimension = r.dimension;
  c.location = r.location;
  c.hours_tenths = r.hours_tenths;
  c.grade = r.grade;
  c.topic_tags = r.topic_tags;
  c.source = policy::SourceKindOf(r.source).value_or(policy::SourceKind::kTraining);
  c.achievement_type = r.achievement_type;
  return c;
}

// The ids of `path` ("/1/5/23/"), nearest first.
std::vector<int64_t> AncestorsNearestFirst(const std::string& path) {
  std::vector<int64_t> ids;
  size_t pos = 1;
  while (pos < path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) break;
    ids.push_back(std::atoll(path.substr(pos, end - pos).c_str()));
    pos = end + 1;
  }
  std::reverse(ids.begin(), ids.end());
  return ids;
}

}  // namespace

Result<CreditService::EffectivePolicy> PolicyInForce(db::Tx& tx, const std::string& path, int year) {
  using Layer = CreditService::PolicyLayer;
  // The nearest region's document, then its parents' while each extends
  // the one above (nearest first).
  std::vector<std::pair<Layer, Json>> chain;
  const std::vector<int64_t> ancestors = AncestorsNearestFirst(path);
  for (int64_t org_id : ancestors) {
    db::Row r;
    if (!tx.QueryOne("SELECT document, version FROM policies WHERE org_id = :o AND year = :y ORDER BY version DESC "
                     "LIMIT 1",
                     {org_id, int64_t{year}}, r))
      continue;
    Json doc = Json::parse(r.Str(0), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return InvalidArgument("policy.malformed", "$");
    Layer layer;
    layer.org_id = org_id;
    layer.year = year;
    layer.version = static_cast<int>(r.Int(1));
    layer.extends = policy::IsExtension(doc);
    if (auto o = org::FindOrg(tx, org_id)) {
      layer.code = o->code;
      layer.name = o->name;
    }
    const bool extends = layer.extends;
    chain.emplace_back(std::move(layer), std::move(doc));
    if (!extends) break;
  }
  CreditService::EffectivePolicy eff;
  if (chain.empty()) {
    eff.policy = policy::DefaultPolicy();
    eff.layers = {Layer{}};
    return eff;
  }
  eff.org_id = chain.front().first.org_id;
  eff.version = chain.front().first.version;
  if (!ancestors.empty() && eff.org_id == ancestors.front()) eff.document = chain.front().second;
  std::reverse(chain.begin(), chain.end());  // root first
  size_t next = 0;
  if (!chain.front().first.extends) {
    JJ_ASSIGN_OR_RETURN(eff.policy, policy::ParsePolicy(chain.front().second));
    eff.layers.push_back(chain.front().first);
    next = 1;
  } else {
    eff.policy = policy::DefaultPolicy();
    eff.layers.push_back(Layer{});
  }
  for (; next < chain.size(); ++next) {
    eff.layers.push_back(chain[next].first);
    JJ_ASSIGN_OR_RETURN(eff.policy, policy::ExtendPolicy(eff.policy, chain[next].second,
                                                         static_cast<int>(eff.layers.size() - 1)));
  }
  return eff;
}

namespace {
std::string LayerLabel(const CreditService::PolicyLayer& l) {
  if (!l.org_id) return "默认政策 / default policy";
  return l.code + " " + l.name + " " + std::to_string(l.year) + " v" + std::to_string(l.version);
}
}  // namespace

Json EffectivePolicyJson(const CreditService::EffectivePolicy& p) {
  Json layers = Json::array();
  for (size_t i = 0; i < p.layers.size(); ++i) {
    const auto& l = p.layers[i];
    layers.push_back({{"index", i},
                      {"org_id", l.org_id ? Json(*l.org_id) : Json(nullptr)},
                      {"code", l.code},
                      {"name", l.name},
                      {"year", l.year},
                      {"version", l.version},
                      {"extends", l.extends},
                      {"label", LayerLabel(l)}});
  }
  Json reqs = Json::array(), rules = Json::array(), settings = Json::object();
  for (const auto& r : p.policy.requirements) reqs.push_back({{"id", r.id}, {"layer", r.origin}});
  for (const auto& r : p.policy.coefficients) rules.push_back({{"id", r.id}, {"layer", r.origin}});
  for (const char* key : {"name", "hours_per_credit", "coefficients.default", "passing_grades", "achievements"}) {
    auto it = p.policy.origins.find(key);
    settings[key] = it == p.policy.origins.end() ? 0 : it->second;
  }
  return Json{{"policy", policy::PolicyToJson(p.policy)},
              {"org_id", p.org_id ? Json(*p.org_id) : Json(nullptr)},
              {"version", p.version},
              {"inherited_default", !p.org_id.has_value()},
              // Whether a training record must carry a 维度 under this policy
              // (the declare form marks the field from this).
              {"dimension_required", policy::RequiresDimension(p.policy)},
              {"document", p.document ? *p.document : Json(nullptr)},
              {"layers", std::move(layers)},
              {"origins", {{"requirements", std::move(reqs)}, {"rules", std::move(rules)}, {"settings", settings}}}};
}

Json AnnotatedPolicyDocument(const CreditService::EffectivePolicy& p) {
  Json doc = policy::PolicyToJson(p.policy);
  auto label = [&](int layer) {
    return layer >= 0 && static_cast<size_t>(layer) < p.layers.size() ? LayerLabel(p.layers[layer]) : std::string();
  };
  for (size_t i = 0; i < p.policy.requirements.size(); ++i)
    doc["requirements"][i]["origin"] = label(p.policy.requirements[i].origin);
  for (size_t i = 0; i < p.policy.coefficients.size(); ++i)
    doc["coefficients"]["rules"][i]["origin"] = label(p.policy.coefficients[i].origin);
  Json settings = Json::object();
  for (const char* key : {"name", "hours_per_credit", "coefficients.default", "passing_grades", "achievements"}) {
    auto it = p.policy.origins.find(key);
    settings[key] = label(it == p.policy.origins.end() ? 0 : it->second);
  }
  doc["origin"] = std::move(settings);
  return doc;
}

Result<bool> DimensionRequired(db::Tx& tx, const std::string& org_path, int year) {
  JJ_ASSIGN_OR_RETURN(auto eff, PolicyInForce(tx, org_path, year));
  return policy::RequiresDimension(eff.policy);
}

namespace {

std::vector<Record> ApprovedRecords(db::Tx& tx, const std::string& where, const db::Params& params) {
  std::vector<Record> out;
  for (const auto& r :
       tx.Query(std::string(kSelect) + where + " AND r.state = 'approved' ORDER BY r.record_date, r.id", params))
    out.push_back(FromRow(r));
  return out;
}

// The engine's amount still needed in one measure, rounded up to a tenth.
int64_t NeededTenths(const policy::TeacherAudit& a, policy::Measure m) {
  for (const auto& n : a.needed) {
    const int64_t tenth = n.per_one / 10;
    if (n.measure == m) return (n.units + tenth - 1) / tenth;
  }
  return 0;
}

}  // namespace

const std::vector<std::string>& RecordStates() {
  static const std::vector<std::string> v = {"declared", "school_verified", "approved", "rejected"};
  return v;
}

const std::vector<std::string>& Sources() {
  static const std::vector<std::string> v = {"training", "school_activity", "workshop",
                                             "reading",  "achievement",     "import"};
  return v;
}

namespace {

// A new record from `in` for `teacher_id`, validated as every way of
// creating one requires (state left to the caller).
Result<Record> ValidatedRecord(const NewRecord& in, int64_t teacher_id) {
  Record r;
  r.teacher_id = teacher_id;
  r.date = in.date;
  r.end_date = in.end_date;
  r.project_name = in.project_name;
  r.project_code = in.project_code;
  r.level = in.level;
  r.form = in.form;
  r.dimension = in.dimension;
  r.location = in.location;
  r.hours_tenths = in.hours_tenths;
  r.grade = in.grade;
  r.topic_tags = in.topic_tags;
  r.source = in.source;
  r.achievement_type = in.achievement_type;
  JJ_RETURN_IF_ERROR(http::CheckDate("date", r.date, false));
  JJ_RETURN_IF_ERROR(http::CheckDate("end_date", r.end_date, true));
  if (!r.end_date.empty() && r.end_date < r.date) return InvalidArgument("credits.end_before_start", "end_date");
  JJ_RETURN_IF_ERROR(http::CheckEnum("source", r.source, Sources()));
  JJ_RETURN_IF_ERROR(CheckTopicTags(r.topic_tags));
  // Whether a dimension is needed depends on the policy in force for the
  // teacher's region and the record's year: InsertRecord checks that.
  JJ_RETURN_IF_ERROR(policy::ValidateRecord(ToEngine(r), /*dimension_required=*/false));
  return r;
}

// Every required field of a declaration left empty, at once (the form marks
// them all): the date; an achievement's type, or a training record's level,
// form and, when the policy in force needs one, dimension. Ok when none.
Status MissingRequired(const NewRecord& in, bool dimension_required) {
  std::vector<Status> missing;
  auto need = [&](const char* field, const std::string& value) {
    if (value.find_first_not_of(" \t") == std::string::npos)
      missing.push_back(Status(Code::kInvalidArgument, "field.required", {{"field", field}}).WithField(field));
  };
  need("date", in.date);
  if (in.source == "achievement") {
    need("achievement_type", in.achievement_type);
  } else {
    need("level", in.level);
    need("form", in.form);
    if (dimension_required) need("dimension", in.dimension);
  }
  if (missing.empty()) return Status::Ok();
  Status first = missing.front();
  return std::move(first).WithDetails(std::move(missing));
}

// ValidateRecord under the policy in force for the teacher at `path` in the
// record's year: a dimension is required iff that policy needs one.
Status ValidateUnderPolicy(db::Tx& tx, const std::string& path, const Record& r) {
  JJ_ASSIGN_OR_RETURN(bool required, DimensionRequired(tx, path, YearOf(r.date)));
  return policy::ValidateRecord(ToEngine(r), required);
}

// Inserts `r` for teacher `t` unless its year is locked, and logs `action`.
Result<Record> InsertRecord(db::Tx& tx, const Clock& clock, const auth::Actor& actor, const TeacherInfo& t,
                            const Record& r, const std::string& action) {
  JJ_RETURN_IF_ERROR(ValidateUnderPolicy(tx, t.path, r));
  if (YearLocked(tx, t.path, YearOf(r.date))) return Locked(YearOf(r.date));
  LockTeachers(tx, {t.id});  // before the insert's trigger touches the pack (audit_pack.h)
  const int64_t now = clock.NowSeconds();
  int64_t id = tx.InsertReturningId(
      "INSERT INTO credit_records (teacher_id, record_date, end_date, project_name, project_code, level, form, "
      "dimension, location, hours_tenths, grade, topic_tags, source, achievement_type, state, declared_by, "
      "verified_by, approved_by, created_at, updated_at) VALUES (:t, :d, :e, :pn, :pc, :l, :f, :dim, :loc, :h, :g, "
      ":tags, :s, :a, :st, :by, :vb, :ab, :c, :u)",
      {t.id,
       r.date,
       r.end_date,
       r.project_name,
       r.project_code,
       r.level,
       r.form,
       r.dimension,
       r.location,
       r.hours_tenths,
       r.grade,
       JoinList(r.topic_tags),
       r.source,
       r.achievement_type,
       r.state,
       actor.account_id,
       r.state != "declared" ? db::Param(actor.account_id) : db::Param(nullptr),
       r.state == "approved" ? db::Param(actor.account_id) : db::Param(nullptr),
       now,
       now});
  RefreshAuditPacks(tx, {t.id});
  Record created = *FindRecord(tx, id);
  audit_log::Append(tx, clock, {actor.AuditId(), action, "credit_record", id, "", State(tx, RecordTable(), id)});
  return created;
}

}  // namespace

CreditService::CreditService(db::Database& db, const Clock& clock, std::string evidence_dir,
                             size_t audit_cache_rows)
    : db_(db),
      clock_(clock),
      evidence_dir_(std::move(evidence_dir)),
      audit_cache_(std::make_unique<AuditCache>(audit_cache_rows)) {}

CreditService::~CreditService() = default;

void CreditService::ForgetAuditTables() { audit_cache_->Clear(); }

Result<Record> CreditService::Declare(const auth::Actor& actor, const NewRecord& in) {
  if (actor.role != auth::Role::kTeacher && !actor.IsAdmin()) return PermissionDenied();
  // A teacher declares for themself; naming another teacher is refused as an
  // admin's out-of-scope teacher is, not silently ignored.
  if (actor.role == auth::Role::kTeacher && in.teacher_id != 0 && in.teacher_id != actor.teacher_id.value_or(0))
    return NotFound().WithField("teacher_id");
  const int64_t teacher_id = actor.role == auth::Role::kTeacher ? actor.teacher_id.value_or(0) : in.teacher_id;
  Record created;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto t = FindTeacherInfo(tx, teacher_id);
    if (!t || !MayActOn(actor, *t)) return NotFound().WithField("teacher_id");
    // Every empty required field at once, under the policy of the record's
    // year (this year's while the date is missing or malformed).
    const bool dated = http::CheckDate("date", in.date, false).ok();
    JJ_ASSIGN_OR_RETURN(bool dimension_required,
                        DimensionRequired(tx, t->path, dated ? YearOf(in.date) : clock_.Today().year));
    JJ_RETURN_IF_ERROR(MissingRequired(in, dimension_required));
    JJ_ASSIGN_OR_RETURN(Record r, ValidatedRecord(in, teacher_id));
    // An admin's own declaration starts where their role would move it.
    r.state = actor.role == auth::Role::kTeacher       ? "declared"
              : actor.role == auth::Role::kSchoolAdmin ? "school_verified"
                                                       : "approved";
    JJ_ASSIGN_OR_RETURN(created, InsertRecord(tx, clock_, actor, *t, r, "credit.declare"));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return created;
}

Result<Record> CreditService::Grant(db::Tx& tx, const auth::Actor& actor, const NewRecord& in) {
  NewRecord training = in;
  training.source = "training";
  JJ_ASSIGN_OR_RETURN(Record r, ValidatedRecord(training, in.teacher_id));
  r.state = "approved";
  auto t = FindTeacherInfo(tx, r.teacher_id);
  if (!t) return NotFound().WithField("teacher_id");
  return InsertRecord(tx, clock_, actor, *t, r, "credit.grant");
}

void CreditService::LockTeachers(db::Tx& tx, std::vector<int64_t> teacher_ids) {
  credits::LockTeachers(tx, std::move(teacher_ids));
}

Result<Record> CreditService::Relabel(db::Tx& tx, const auth::Actor& actor, int64_t record_id, const std::string& level,
                                      const std::string& form) {
  auto found = FindRecord(tx, record_id);
  if (!found) return NotFound();
  const Record before = *found;
  Record after = before;
  after.level = level;
  after.form = form;
  auto t = FindTeacherInfo(tx, before.teacher_id);
  if (!t) return NotFound();
  JJ_RETURN_IF_ERROR(ValidateUnderPolicy(tx, t->path, after));
  if (YearLocked(tx, t->path, YearOf(before.date))) return Locked(YearOf(before.date));
  LockTeachers(tx, {before.teacher_id});
  const std::string logged_before = State(tx, RecordTable(), record_id);
  tx.Exec("UPDATE credit_records SET level = :l, form = :f, updated_at = :u WHERE id = :id",
          {level, form, clock_.NowSeconds(), record_id});
  RefreshAuditPacks(tx, {before.teacher_id});
  after = *FindRecord(tx, record_id);
  audit_log::Append(tx, clock_,
                    {actor.AuditId(), "credit.relabel", "credit_record", record_id, logged_before,
                     State(tx, RecordTable(), record_id)});
  return after;
}

Result<RecordPage> CreditService::List(const auth::Actor& actor, const RecordQuery& q) {
  if (actor.role != auth::Role::kTeacher && !actor.IsAdmin()) return PermissionDenied();
  if (!q.state.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("state", q.state, RecordStates()));
  RecordPage page;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::string where = "WHERE 1=1";
    db::Params params;
    JJ_RETURN_IF_ERROR(org::AppendScopeFilter(tx, actor, q.org_id, "r.teacher_id", where, params));
    if (q.teacher_id) {
      where += " AND r.teacher_id = :tid";
      params.push_back(*q.teacher_id);
    }
    if (!q.state.empty()) {
      where += " AND r.state = :state";
      params.push_back(q.state);
    }
    if (q.year) {
      where += " AND r.record_date >= :y0 AND r.record_date <= :y1";
      params.push_back(std::to_string(*q.year) + "-01-01");
      params.push_back(std::to_string(*q.year) + "-12-31");
    }
    db::Row r;
    tx.QueryOne(
        "SELECT COUNT(*) FROM credit_records r JOIN teachers t ON t.id = r.teacher_id JOIN orgs o ON o.id = "
        "t.org_id " +
            where,
        params, r);
    page.total = r.Int(0);
    params.push_back(q.page_size);
    params.push_back((q.page - 1) * q.page_size);
    for (const auto& row : tx.Query(
             std::string(kSelect) + where + " ORDER BY r.record_date DESC, r.id DESC LIMIT :lim OFFSET :off", params))
      page.items.push_back(FromRow(row));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return page;
}

Result<Record> CreditService::Transition(const auth::Actor& actor, int64_t id, const std::string& action,
                                         const std::string& reason) {
  JJ_RETURN_IF_ERROR(http::CheckEnum("action", action, {"verify", "approve", "reject"}));
  if (!actor.IsAdmin()) return PermissionDenied();
  if (action == "approve" && !actor.IsBureauAdmin()) return PermissionDenied();
  if (action == "reject" && reason.empty())
    return Status(Code::kInvalidArgument, "field.required", {{"field", "reason"}}).WithField("reason");
  Record updated;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto visible = FindVisibleRecord(tx, actor, id);
    if (!visible) return NotFound();
    const Record& before = visible->record;
    const TeacherInfo* t = &visible->teacher;
    static const std::map<std::string, std::pair<std::vector<std::string>, std::string>> kMoves = {
        {"verify", {{"declared"}, "school_verified"}},
        {"approve", {{"school_verified"}, "approved"}},
        {"reject", {{"declared", "school_verified"}, "rejected"}}};
    const auto& [from, to] = kMoves.at(action);
    if (std::find(from.begin(), from.end(), before.state) == from.end())
      return Status(Code::kFailedPrecondition, "credits.bad_transition", {{"from", before.state}, {"to", to}});
    if (YearLocked(tx, t->path, YearOf(before.date))) return Locked(YearOf(before.date));
    LockTeachers(tx, {before.teacher_id});
    const std::string logged_before = State(tx, RecordTable(), id);
    std::string col = action == "verify" ? "verified_by" : action == "approve" ? "approved_by" : "declared_by";
    tx.Exec("UPDATE credit_records SET state = :s, reject_reason = :r, updated_at = :u" +
                (action == "reject" ? std::string() : ", " + col + " = :a") + " WHERE id = :id",
            action == "reject" ? db::Params{to, reason, clock_.NowSeconds(), id}
                               : db::Params{to, std::string(), clock_.NowSeconds(), actor.account_id, id});
    RefreshAuditPacks(tx, {before.teacher_id});
    updated = *FindRecord(tx, id);
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), "credit." + action, "credit_record", id, logged_before,
                       State(tx, RecordTable(), id)});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return updated;
}

Result<nlohmann::json> CreditService::AuditTeacher(const auth::Actor& actor, int64_t teacher_id, int year) {
  Json out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto t = FindTeacherInfo(tx, teacher_id);
    if (!t || !MayActOn(actor, *t)) return NotFound();
    JJ_ASSIGN_OR_RETURN(auto eff, PolicyInForce(tx, t->path, year));
    for (const auto& r : tx.Query("SELECT year, reason FROM audit_exemptions WHERE teacher_id = :t", {teacher_id}))
      t->facts.exempt_years[static_cast<int>(r.Int(0))] = r.Str(1);
    auto records = ApprovedRecords(tx, "WHERE r.teacher_id = :t", {teacher_id});
    std::vector<policy::CreditRecord> engine;
    for (const auto& r : records) engine.push_back(ToEngine(r));
    auto audit = policy::Audit(eff.policy, t->facts, engine, year);
    out = policy::AuditToJson(audit, true);
    // Name each record as the user knows it.
    std::unordered_map<std::string, const Record*> by_id;
    for (const auto& r : records) by_id[std::to_string(r.id)] = &r;
    if (out.contains("records"))
      for (auto& jr : out["records"]) {
        auto it = by_id.find(jr.value("id", jr.value("record_id", std::string())));
        if (it == by_id.end()) continue;
        jr["project_name"] = it->second->project_name;
        jr["topic_tags"] = it->second->topic_tags;
      }
    db::Row r;
    out["stamped"] =
        tx.QueryOne("SELECT 1 FROM audit_stamps WHERE teacher_id = :t AND year = :y", {teacher_id, int64_t{year}}, r);
    out["locked"] = YearLocked(tx, t->path, year);
    out["teacher"] = {{"id", t->id}, {"name", t->name}, {"school", t->school}};
    out["policy"] = {{"name", eff.policy.name},
                     {"org_id", eff.org_id ? Json(*eff.org_id) : Json(nullptr)},
                     {"version", eff.version},
                     {"dimension_required", policy::RequiresDimension(eff.policy)}};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

namespace {

// One school's audit table: its active teachers, ranked by credits.
Result<std::vector<AuditRow>> AuditSchool(db::Tx& tx, int64_t school_id, const std::string& path, int year) {
  // The school's active teachers, from the index alone; sorted here rather
  // than by an ORDER BY, which PostgreSQL may serve by reading every teacher
  // in primary key order.
  std::vector<int64_t> active;
  db::ForEachRow(tx, "SELECT id FROM teachers WHERE org_id = :s AND status = '在职'", {school_id},
                 [&](const db::RowView& r) { active.push_back(r.Int(0)); });
  if (active.empty()) return std::vector<AuditRow>();
  std::sort(active.begin(), active.end());
  db::Row school;
  if (!tx.QueryOne("SELECT name FROM orgs WHERE id = :s", {school_id}, school)) return std::vector<AuditRow>();
  std::unordered_map<int64_t, std::map<int, std::string>> exempt;
  for (const auto& r : tx.Query("SELECT e.teacher_id, e.year, e.reason FROM audit_exemptions e JOIN teachers t ON "
                                "t.id = e.teacher_id WHERE t.org_id = :s",
                                {school_id}))
    exempt[r.Int(0)][static_cast<int>(r.Int(1))] = r.Str(2);
  std::unordered_map<int64_t, bool> stamped;
  for (const auto& r : tx.Query("SELECT a.teacher_id FROM audit_stamps a JOIN teachers t ON t.id = a.teacher_id "
                                "WHERE t.org_id = :s AND a.year = :y",
                                {school_id, int64_t{year}}))
    stamped[r.Int(0)] = true;
  JJ_ASSIGN_OR_RETURN(auto eff, PolicyInForce(tx, path, year));
  const policy::PreparedPolicy prepared(std::move(eff.policy));
  // Per requirement: the dimensions its record filter names, as bits.
  std::vector<uint32_t> short_mask;
  for (const auto& req : prepared.policy().requirements) {
    uint32_t m = 0;
    for (const auto& d : req.counts.dimensions)
      for (size_t i = 0; i < policy::Dimensions().size(); ++i)
        if (policy::Dimensions()[i] == d) m |= 1u << i;
    short_mask.push_back(m);
  }
  std::vector<AuditRow> rows;
  rows.reserve(active.size());
  auto audit = [&](TeacherInfo& t, std::span<const policy::CreditRecord> records) {
    if (auto it = exempt.find(t.id); it != exempt.end()) t.facts.exempt_years = it->second;
    AuditRow row;
    row.teacher_id = t.id;  // each teacher is audited once: their strings move to the row
    row.name = std::move(t.name);
    row.id_number = std::move(t.id_number);
    row.school = school.Str(0);
    row.school_id = school_id;
    row.audit = policy::Audit(prepared, t.facts, records, year, policy::AuditDetail::kTotals);
    row.needed_credits_tenths = NeededTenths(row.audit, policy::Measure::kCredits);
    row.needed_hours_tenths = NeededTenths(row.audit, policy::Measure::kHours);
    row.stamped = stamped.count(t.id) > 0;
    for (const auto& sf : row.audit.shortfalls)
      row.short_dimensions |= short_mask[sf.requirement];
    rows.push_back(std::move(row));
  };
  // The hot path of a county-wide audit: one row per teacher, the school's
  // together, in teacher id order (see audit_pack.h), each with the
  // teacher's facts and records (decoded into one reused buffer).
  std::vector<policy::CreditRecord> buffer;
  std::vector<int64_t> unpacked;  // active teachers without a (readable) pack
  size_t next = 0;                // the next active teacher not yet seen among the packs
  db::ForEachRow(tx,
                 "SELECT teacher_id, name, id_number, '', '', org_id, stage, posts, sex, birth_date, hire_date, pack "
                 "FROM credit_audit_packs WHERE org_id = :s ORDER BY teacher_id",
                 {school_id}, [&](const db::RowView& v) {
                   const int64_t teacher_id = v.Int(0);
                   for (; next < active.size() && active[next] < teacher_id; ++next) unpacked.push_back(active[next]);
                   if (next == active.size() || active[next] != teacher_id) return;  // not active
                   ++next;
                   TeacherInfo t = TeacherFromRow(v);  // columns as kTeacherSelect's
                   if (const auto count = DecodeAuditPack(v.Str(11), buffer)) {
                     audit(t, {buffer.data(), *count});
                   } else {
                     unpacked.push_back(teacher_id);
                   }
                 });
  unpacked.insert(unpacked.end(), active.begin() + static_cast<std::ptrdiff_t>(next), active.end());
  // Teachers without a pack: from their own rows and records (none at all
  // is an audit too).
  if (!unpacked.empty()) {
    std::sort(unpacked.begin(), unpacked.end());
    std::unordered_map<int64_t, TeacherInfo> by_id;
    ForEachIdChunk(unpacked, [&](const std::string& in, const db::Params& params) {
      db::ForEachRow(tx, std::string(kTeacherSelect) + "WHERE t.id" + in, params, [&](const db::RowView& r) {
        TeacherInfo t = TeacherFromRow(r);
        by_id.emplace(t.id, std::move(t));
      });
    });
    size_t done = 0;                              // unpacked[0 .. done) audited
    auto audit_until = [&](int64_t teacher_id) {  // the unpacked teachers before teacher_id, without records
      for (; done < unpacked.size() && unpacked[done] < teacher_id; ++done) audit(by_id[unpacked[done]], {});
    };
    ForEachTeachersRecords(tx, unpacked, [&](int64_t teacher_id, std::span<const policy::CreditRecord> records) {
      audit_until(teacher_id);
      audit(by_id[teacher_id], records);
      ++done;
    });
    audit_until(std::numeric_limits<int64_t>::max());
    std::sort(rows.begin(), rows.end(),
              [](const AuditRow& a, const AuditRow& b) { return a.teacher_id < b.teacher_id; });
  }
  // Rank by credits within the school (ties share a rank).
  std::vector<AuditRow*> order;
  for (auto& r : rows) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](const AuditRow* a, const AuditRow* b) {
    return a->audit.total_credits_tenths > b->audit.total_credits_tenths;
  });
  for (size_t i = 0; i < order.size(); ++i)
    order[i]->rank_in_school = i > 0 && order[i]->audit.total_credits_tenths == order[i - 1]->audit.total_credits_tenths
                                   ? order[i - 1]->rank_in_school
                                   : static_cast<int>(i + 1);
  return rows;
}

}  // namespace

Status CreditService::ForEachSchoolAudit(const auth::Actor& actor, std::optional<int64_t> org_id, int year,
                                         const std::function<Status(const std::vector<AuditRow>&)>& on_school) {
  if (!actor.IsAdmin()) return PermissionDenied();
  std::vector<std::pair<int64_t, std::string>> schools;
  std::string token;  // the log's head before any school is read (audit_cache.h)
  JJ_RETURN_IF_ERROR(db_.Read([&](db::Tx& tx) -> Status {
    token = audit_log::HeadHash(tx);
    std::string root = actor.org_path;
    if (org_id) {
      auto o = org::FindOrg(tx, *org_id);
      if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
      root = o->path;
    } else if (actor.role == auth::Role::kSysAdmin) {
      root = "/";
    }
    auto [lo, hi] = org::SubtreeRange(root);
    // Orgs that hold teachers: one probe of teachers_org each, not a pass
    // over every teacher of the subtree.
    for (const auto& r : tx.Query("SELECT o.id, o.path FROM orgs o WHERE o.path >= :lo AND o.path < :hi AND "
                                  "EXISTS (SELECT 1 FROM teachers t WHERE t.org_id = o.id) ORDER BY o.path",
                                  {lo, hi}))
      schools.emplace_back(r.Int(0), r.Str(1));
    return Status::Ok();
  }));
  // Schools whose rows are kept under this token need no reading at all.
  using Rows = AuditCache::Rows;
  std::vector<Rows> kept(schools.size());
  size_t missing = 0;
  for (size_t i = 0; i < schools.size(); ++i)
    if (!(kept[i] = audit_cache_->Get(schools[i].first, year, token))) ++missing;
  if (missing == 0) {
    for (const Rows& rows : kept)
      if (!rows->empty()) JJ_RETURN_IF_ERROR(on_school(*rows));
    return Status::Ok();
  }
  // The others are audited by two workers (each in its own read
  // transaction, a consistent snapshot per school) and handed to
  // `on_school` in order; at most kAhead finished schools wait, so memory
  // stays bounded.
  constexpr size_t kWorkers = 2, kAhead = 4;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::optional<Result<Rows>>> done(schools.size());
  size_t next = 0, emitted = 0;
  bool stop = false;
  auto work = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return stop || next >= schools.size() || next < emitted + kAhead; });
        if (stop || next >= schools.size()) return;
        i = next++;
      }
      Result<Rows> rows = kept[i];
      if (!kept[i]) {
        Result<std::vector<AuditRow>> read = std::vector<AuditRow>();
        Status st = db_.Read([&](db::Tx& tx) -> Status {
          read = AuditSchool(tx, schools[i].first, schools[i].second, year);
          return Status::Ok();
        });
        if (!st.ok()) read = st;
        if (read.ok()) {
          rows = std::make_shared<const std::vector<AuditRow>>(std::move(*read));
          audit_cache_->Put(schools[i].first, year, token, *rows);
        } else {
          rows = read.status();
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      done[i] = std::move(rows);
      cv.notify_all();
    }
  };
  std::vector<std::thread> workers;
  for (size_t w = 0; w < kWorkers; ++w) workers.emplace_back(work);
  Status result;
  for (size_t i = 0; i < schools.size() && result.ok(); ++i) {
    std::optional<Result<Rows>> rows;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return done[i].has_value(); });
      rows = std::move(done[i]);
      done[i].reset();
    }
    if (!rows->ok()) {
      result = rows->status();
    } else if (!(**rows)->empty()) {
      result = on_school(***rows);
    }
    std::lock_guard<std::mutex> lock(mu);
    emitted = i + 1;
    kept[i].reset();
    cv.notify_all();
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
    cv.notify_all();
  }
  for (auto& t : workers) t.join();
  return result;
}

Result<std::vector<AuditRow>> CreditService::AuditSubtree(const auth::Actor& actor, std::optional<int64_t> org_id,
                                                          int year) {
  std::vector<AuditRow> all;
  JJ_RETURN_IF_ERROR(ForEachSchoolAudit(actor, org_id, year, [&](const std::vector<AuditRow>& rows) {
    all.insert(all.end(), rows.begin(), rows.end());
    return Status::Ok();
  }));
  std::stable_sort(all.begin(), all.end(),
                   [](const AuditRow& a, const AuditRow& b) {
                     return a.needed_credits_tenths != b.needed_credits_tenths
                                ? a.needed_credits_tenths > b.needed_credits_tenths
                                : a.needed_hours_tenths > b.needed_hours_tenths;
                   });
  return all;
}

Result<AuditPage> CreditService::AuditTable(const auth::Actor& actor, int year, const AuditQuery& q) {
  if (!q.status.empty())
    JJ_RETURN_IF_ERROR(http::CheckEnum("status", q.status,
                                       {policy::AuditStatusText(policy::AuditStatus::kPassed),
                                        policy::AuditStatusText(policy::AuditStatus::kFailed)}));
  uint32_t dim_bit = 0;
  if (!q.dimension.empty()) {
    JJ_RETURN_IF_ERROR(http::CheckEnum("dimension", q.dimension, policy::Dimensions()));
    for (size_t i = 0; i < policy::Dimensions().size(); ++i)
      if (policy::Dimensions()[i] == q.dimension) dim_bit = 1u << i;
  }
  JJ_RETURN_IF_ERROR(http::CheckEnum("sort", q.sort, {"needed", "-needed", "credits", "-credits", "name", "school"}));
  if (q.page < 1 || q.page_size < 1 || q.page_size > 500 || q.page > 1000000)
    return InvalidArgument("query.int", "page");
  // `before(a, b)`: a comes first in the table. Ties: teacher id.
  auto needed_first = [](const AuditRow& a, const AuditRow& b) {
    if (a.needed_credits_tenths != b.needed_credits_tenths) return a.needed_credits_tenths > b.needed_credits_tenths;
    if (a.needed_hours_tenths != b.needed_hours_tenths) return a.needed_hours_tenths > b.needed_hours_tenths;
    return a.teacher_id < b.teacher_id;
  };
  std::function<bool(const AuditRow&, const AuditRow&)> before;
  if (q.sort == "needed") {
    before = needed_first;
  } else if (q.sort == "-needed") {
    before = [&](const AuditRow& a, const AuditRow& b) {
      if (a.needed_credits_tenths != b.needed_credits_tenths || a.needed_hours_tenths != b.needed_hours_tenths)
        return needed_first(b, a);
      return a.teacher_id < b.teacher_id;
    };
  } else if (q.sort == "credits" || q.sort == "-credits") {
    const bool most = q.sort == "credits";
    before = [most](const AuditRow& a, const AuditRow& b) {
      if (a.audit.total_credits_tenths != b.audit.total_credits_tenths)
        return most == (a.audit.total_credits_tenths > b.audit.total_credits_tenths);
      return a.teacher_id < b.teacher_id;
    };
  } else {
    const bool by_school = q.sort == "school";
    before = [by_school](const AuditRow& a, const AuditRow& b) {
      if (by_school && a.school != b.school) return a.school < b.school;
      if (a.name != b.name) return a.name < b.name;
      return a.teacher_id < b.teacher_id;
    };
  }
  const int want_status = q.status.empty() ? -1
                                    : q.status == policy::AuditStatusText(policy::AuditStatus::kPassed) ? 0
                                                                                                      : 1;
  auto matches = [&](const AuditRow& r) {
    if (q.school_id && r.school_id != *q.school_id) return false;
    if (want_status >= 0 && (r.audit.status == policy::AuditStatus::kFailed) != (want_status == 1)) return false;
    if (q.min_shortfall_tenths && r.needed_credits_tenths < *q.min_shortfall_tenths) return false;
    if (dim_bit && !(r.short_dimensions & dim_bit)) return false;
    return true;
  };
  // The best `keep` rows so far in a heap whose top is the last of them.
  const size_t keep = static_cast<size_t>(q.page * q.page_size);
  AuditPage out;
  out.page = q.page;
  out.page_size = q.page_size;
  std::vector<AuditRow> heap;
  Status st = ForEachSchoolAudit(actor, q.school_id ? q.school_id : q.org_id, year, [&](const std::vector<AuditRow>& rows) {
    for (const auto& r : rows) {
      if (!matches(r)) continue;
      ++out.total;
      if (heap.size() == keep && !before(r, heap.front())) continue;
      heap.push_back(r);
      std::push_heap(heap.begin(), heap.end(), before);
      if (heap.size() > keep) {
        std::pop_heap(heap.begin(), heap.end(), before);
        heap.pop_back();
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    // A school outside the scope is named as such.
    if (q.school_id && st.code() == Code::kNotFound) return NotFound().WithField("school_id");
    return st;
  }
  std::sort_heap(heap.begin(), heap.end(), before);
  const size_t from = static_cast<size_t>((q.page - 1) * q.page_size);
  for (size_t i = from; i < heap.size(); ++i) out.items.push_back(std::move(heap[i]));
  return out;
}

Result<std::vector<SchoolSummary>> CreditService::Completion(const auth::Actor& actor, std::optional<int64_t> org_id,
                                                             int year) {
  if (!actor.IsBureauAdmin() && actor.role != auth::Role::kSchoolAdmin) return PermissionDenied();
  // Streamed: one school's rows at a time, never the whole table.
  std::map<int64_t, SchoolSummary> by_school;
  JJ_RETURN_IF_ERROR(ForEachSchoolAudit(actor, org_id, year, [&](const std::vector<AuditRow>& rows) {
    for (const auto& r : rows) {
      SchoolSummary& s = by_school[r.school_id];
      s.school_id = r.school_id;
      s.school = r.school;
      ++s.teachers;
      if (r.audit.status == policy::AuditStatus::kPassed) ++s.passed;  // exempt teachers pass too
      if (r.audit.exempt) ++s.exempt;
      if (r.stamped) ++s.stamped;
    }
    return Status::Ok();
  }));
  std::vector<SchoolSummary> out;
  for (auto& [id, s] : by_school) out.push_back(s);
  std::stable_sort(out.begin(), out.end(), [](const SchoolSummary& a, const SchoolSummary& b) {
    return a.passed * b.teachers < b.passed * a.teachers;  // lowest completion first
  });
  return out;
}

Result<bool> CreditService::IsYearLocked(const auth::Actor& actor, std::optional<int64_t> org_id, int year) {
  bool locked = false;
  JJ_RETURN_IF_ERROR(db_.Read([&](db::Tx& tx) -> Status {
    auto o = org::FindOrg(tx, org_id.value_or(actor.org_id));
    if (!o || !(actor.Covers(o->path) || o->id == actor.org_id)) return NotFound().WithField("org_id");
    locked = YearLocked(tx, o->path, year);
    return Status::Ok();
  }));
  return locked;
}

Status CreditService::Stamp(const auth::Actor& actor, int64_t teacher_id, int year) {
  if (!actor.IsAdmin()) return PermissionDenied();
  JJ_ASSIGN_OR_RETURN(Json audit, AuditTeacher(actor, teacher_id, year));
  if (audit.value("status", "") == policy::AuditStatusText(policy::AuditStatus::kFailed)) {
    std::string why;
    for (const auto& s : audit["shortfalls"]) why += (why.empty() ? "" : "；") + s.value("text_zh", "");
    return Status(Code::kFailedPrecondition, "credits.not_passed", {{"shortfall", why}});
  }
  return db_.Transact([&](db::Tx& tx) -> Status {
    db::Row r;
    if (tx.QueryOne("SELECT 1 FROM audit_stamps WHERE teacher_id = :t AND year = :y", {teacher_id, int64_t{year}}, r))
      return Status::Ok();  // stamping twice is stamping once
    int64_t id = tx.InsertReturningId(
        "INSERT INTO audit_stamps (teacher_id, year, stamped_by, stamped_at) VALUES (:t, :y, :b, :a)",
        {teacher_id, int64_t{year}, actor.account_id, clock_.NowSeconds()});
    audit_log::Append(tx, clock_, {actor.AuditId(), "credit.stamp", "audit_stamp", id, "", State(tx, StampTable(), id)});
    return Status::Ok();
  });
}

Status CreditService::SetExemption(const auth::Actor& actor, int64_t teacher_id, int year, const std::string& reason) {
  if (!actor.IsAdmin()) return PermissionDenied();
  return db_.Transact([&](db::Tx& tx) -> Status {
    auto t = FindTeacherInfo(tx, teacher_id);
    if (!t || !MayActOn(actor, *t)) return NotFound();
    if (YearLocked(tx, t->path, year)) return Locked(year);
    WriteExemption(tx, clock_, actor, teacher_id, year, reason);
    return Status::Ok();
  });
}

Status ExemptInTx(db::Tx& tx, const Clock& clock, const auth::Actor& actor, int64_t teacher_id, int year,
                  const std::string& reason) {
  auto t = FindTeacherInfo(tx, teacher_id);
  if (!t) return NotFound();
  if (YearLocked(tx, t->path, year)) return Locked(year);
  WriteExemption(tx, clock, actor, teacher_id, year, reason);
  return Status::Ok();
}

void WriteExemption(db::Tx& tx, const Clock& clock, const auth::Actor& actor, int64_t teacher_id, int year,
                    const std::string& reason) {
  db::Row r;
  const bool exists = tx.QueryOne("SELECT id FROM audit_exemptions WHERE teacher_id = :t AND year = :y",
                                  {teacher_id, int64_t{year}}, r);
  int64_t id = exists ? r.Int(0) : 0;
  if (!exists && reason.empty()) return;  // nothing to lift
  const std::string before = exists ? State(tx, ExemptionTable(), id) : "";
  if (reason.empty()) {
    tx.Exec("DELETE FROM audit_exemptions WHERE id = :id", {id});
    audit_log::Append(tx, clock,
                      {actor.AuditId(), "credit.exemption_lift", "audit_exemption", id, before,
                       Json{{"deleted", true}}.dump()});
    return;
  }
  const db::Param by = actor.account_id ? db::Param(actor.account_id) : db::Param(nullptr);
  if (exists)
    tx.Exec("UPDATE audit_exemptions SET reason = :r, set_by = :b, created_at = :c WHERE id = :id",
            {reason, by, clock.NowSeconds(), id});
  else
    id = tx.InsertReturningId(
        "INSERT INTO audit_exemptions (teacher_id, year, reason, set_by, created_at) VALUES (:t, :y, :r, :b, :c)",
        {teacher_id, int64_t{year}, reason, by, clock.NowSeconds()});
  audit_log::Append(tx, clock,
                    {actor.AuditId(), "credit.exemption_set", "audit_exemption", id, before,
                     State(tx, ExemptionTable(), id)});
}

Status CreditService::SetYearLock(const auth::Actor& actor, std::optional<int64_t> org_id, int year, bool locked,
                                  const std::string& reason) {
  if (!actor.IsBureauAdmin()) return PermissionDenied();
  if (!locked && reason.empty())
    return Status(Code::kInvalidArgument, "field.required", {{"field", "reason"}}).WithField("reason");
  return db_.Transact([&](db::Tx& tx) -> Status {
    int64_t target = org_id.value_or(actor.org_id);
    auto o = org::FindOrg(tx, target);
    if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
    db::Row r;
    const bool exists =
        tx.QueryOne("SELECT id FROM year_locks WHERE org_id = :o AND year = :y", {target, int64_t{year}}, r);
    int64_t id = exists ? r.Int(0) : 0;
    const std::string before = exists ? State(tx, YearLockTable(), id) : "";
    Json after;
    if (locked) {
      if (exists)
        tx.Exec("UPDATE year_locks SET locked_by = :b, locked_at = :a WHERE id = :id",
                {actor.account_id, clock_.NowSeconds(), id});
      else
        id = tx.InsertReturningId("INSERT INTO year_locks (org_id, year, locked_by, locked_at) VALUES (:o, :y, :b, :a)",
                                  {target, int64_t{year}, actor.account_id, clock_.NowSeconds()});
      after = audit_log::StateOf(tx, YearLockTable(), id);
    } else if (exists) {
      tx.Exec("DELETE FROM year_locks WHERE id = :id", {id});
      after = Json{{"deleted", true}};
    } else {
      // Nothing was locked: the request and its reason are still logged, on the org.
      audit_log::Append(tx, clock_,
                        {actor.AuditId(), "credit.year_unlock", "org", target, "",
                         Json{{"year", year}, {"reason", reason}}.dump()});
      return Status::Ok();
    }
    if (!reason.empty()) after["reason"] = reason;
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), locked ? "credit.year_lock" : "credit.year_unlock", "year_lock", id, before,
                       after.dump()});
    return Status::Ok();
  });
}

namespace {

// The evidence types we accept, told by their first bytes.
const char* EvidenceType(const std::string& b, std::string& ext) {
  if (b.rfind("%PDF-", 0) == 0) return ext = ".pdf", "application/pdf";
  if (b.rfind("\x89PNG\r\n\x1a\n", 0) == 0) return ext = ".png", "image/png";
  if (b.size() > 3 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xD8 &&
      static_cast<unsigned char>(b[2]) == 0xFF)
    return ext = ".jpg", "image/jpeg";
  return nullptr;
}

Evidence EvidenceFromRow(const db::Row& r) {
  return Evidence{r.Int(0), r.Int(1), r.Str(2), r.Str(3), r.Int(4), r.Str(5), r.Int(6)};
}

const char* kEvidenceSelect =
    "SELECT id, record_id, name, content_type, size, content_hash, created_at, path FROM credit_evidence ";

}  // namespace

Result<Evidence> CreditService::AddEvidence(const auth::Actor& actor, int64_t record_id, const std::string& name,
                                            const std::string& bytes) {
  if (bytes.empty()) return InvalidArgument("credits.evidence_empty", "file");
  if (static_cast<int64_t>(bytes.size()) > kMaxEvidenceBytes)
    return Status(Code::kPayloadTooLarge, "credits.evidence_too_large", {{"max", "10 MB"}}).WithField("file");
  std::string ext;
  const char* type = EvidenceType(bytes, ext);
  if (!type) return InvalidArgument("credits.evidence_type", "file");
  if (name.size() > 200) return Status(Code::kInvalidArgument, "field.too_long", {{"field", "name"}, {"max", "200"}});
  Evidence out;
  std::string path;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto visible = FindVisibleRecord(tx, actor, record_id);
    if (!visible) return NotFound();
    const Record& rec = visible->record;
    const TeacherInfo* t = &visible->teacher;
    if (actor.role == auth::Role::kTeacher && rec.state != "declared")
      return FailedPrecondition("credits.evidence_state");
    if (YearLocked(tx, t->path, YearOf(rec.date))) return Locked(YearOf(rec.date));
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::path(evidence_dir_) / std::to_string(record_id);
    std::filesystem::create_directories(dir, ec);
    path = (dir / (auth::RandomHex(12) + ext)).string();
    std::ofstream f(path, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.close();
    if (!f) return Internal("cannot store evidence in " + dir.string());
    const std::string hash = auth::HashToken(bytes);
    const std::string shown = name.empty() ? "证明材料" + ext : name;
    int64_t id = tx.InsertReturningId(
        "INSERT INTO credit_evidence (record_id, name, content_type, size, path, content_hash, uploaded_by, "
        "created_at) VALUES (:r, :n, :t, :s, :p, :h, :b, :c)",
        {record_id, shown, std::string(type), static_cast<int64_t>(bytes.size()), path, hash, actor.account_id,
         clock_.NowSeconds()});
    out = Evidence{id, record_id, shown, type, static_cast<int64_t>(bytes.size()), hash, clock_.NowSeconds()};
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), "credit.evidence_add", "credit_evidence", id, "",
                       Json{{"record_id", record_id}, {"name", shown}, {"size", bytes.size()}, {"hash", hash}}.dump()});
    return Status::Ok();
  });
  if (!st.ok()) {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove(path, ec);  // nothing half-written
    return st;
  }
  return out;
}

Result<std::vector<Evidence>> CreditService::ListEvidence(const auth::Actor& actor, int64_t record_id) {
  std::vector<Evidence> out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    if (!FindVisibleRecord(tx, actor, record_id)) return NotFound();
    for (const auto& r : tx.Query(std::string(kEvidenceSelect) + "WHERE record_id = :r ORDER BY id", {record_id}))
      out.push_back(EvidenceFromRow(r));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::pair<Evidence, std::string>> CreditService::ReadEvidence(const auth::Actor& actor, int64_t record_id,
                                                                     int64_t evidence_id) {
  std::optional<Evidence> ev;
  std::string path;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    if (!FindVisibleRecord(tx, actor, record_id)) return NotFound();
    db::Row row;
    if (!tx.QueryOne(std::string(kEvidenceSelect) + "WHERE id = :e AND record_id = :r", {evidence_id, record_id}, row))
      return NotFound();
    ev = EvidenceFromRow(row);
    path = row.Str(7);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound();
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return std::make_pair(*ev, std::move(bytes));
}

Result<CreditService::EffectivePolicy> CreditService::PolicyFor(const auth::Actor& actor, int64_t org_id, int year) {
  std::optional<EffectivePolicy> out;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto o = org::FindOrg(tx, org_id);
    if (!o || !(actor.Covers(o->path) || o->id == actor.org_id)) return NotFound().WithField("org_id");
    JJ_ASSIGN_OR_RETURN(auto eff, PolicyInForce(tx, o->path, year));
    out = std::move(eff);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return *out;
}

Result<CreditService::EffectivePolicy> CreditService::SavePolicy(const auth::Actor& actor, int64_t org_id, int year,
                                                                 const std::string& document) {
  if (!actor.IsBureauAdmin()) return PermissionDenied();
  if (year < 2000 || year > 2100)
    return Status(Code::kInvalidArgument, "field.range", {{"field", "year"}, {"min", "2000"}, {"max", "2100"}})
        .WithField("year");
  Json doc = Json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return InvalidArgument("policy.malformed", "$");
  const bool extends = policy::IsExtension(doc);
  std::optional<policy::Policy> whole;
  if (!extends) {  // a whole document is checked on its own
    JJ_ASSIGN_OR_RETURN(whole, policy::ParsePolicy(doc));
  }
  EffectivePolicy saved;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto o = org::FindOrg(tx, org_id);
    if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
    if (o->type != "province" && o->type != "city" && o->type != "county")
      return InvalidArgument("credits.policy_region", "org_id");
    std::string canonical;
    if (extends) {
      // Checked against the policy in force above: the parent's path.
      const std::string parent_path = o->path.substr(0, o->path.rfind('/', o->path.size() - 2) + 1);
      JJ_ASSIGN_OR_RETURN(auto above, PolicyInForce(tx, parent_path, year));
      JJ_RETURN_IF_ERROR(policy::ExtendPolicy(above.policy, doc, 1).status());
      Json stored = doc;
      stored.erase("description");
      canonical = stored.dump();
    } else {
      canonical = policy::PolicyToJson(*whole).dump();
    }
    db::Row r;
    tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM policies WHERE org_id = :o AND year = :y",
                {org_id, int64_t{year}}, r);
    const int version = static_cast<int>(r.Int(0)) + 1;
    const int64_t id = tx.InsertReturningId(
        "INSERT INTO policies (org_id, year, version, document, created_by, created_at) VALUES (:o, :y, :v, :d, "
        ":b, :c)",
        {org_id, int64_t{year}, int64_t{version}, canonical, actor.account_id, clock_.NowSeconds()});
    // A parent change flows down: every region below with a document for
    // the year must still resolve (an extension may override or remove what
    // this version no longer has).
    auto [lo, hi] = org::SubtreeRange(o->path);
    for (const auto& row : tx.Query("SELECT DISTINCT o.path, o.code FROM policies p JOIN orgs o ON o.id = p.org_id "
                                    "WHERE p.year = :y AND o.path > :lo AND o.path < :hi",
                                    {int64_t{year}, o->path, hi})) {
      auto below = PolicyInForce(tx, row.Str(0), year);
      if (!below.ok())
        return Status(Code::kInvalidArgument, "credits.policy_breaks_child",
                      {{"region", row.Str(1)}, {"reason", below.status().Message("zh")}})
            .WithField(below.status().field());
    }
    (void)lo;
    audit_log::Append(tx, clock_, {actor.AuditId(), "policy.save", "policy", id, "", State(tx, PolicyTable(), id)});
    JJ_ASSIGN_OR_RETURN(saved, PolicyInForce(tx, o->path, year));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return saved;
}

}  // namespace jj::credits
