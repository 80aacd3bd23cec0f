#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "infra/audit_log/audit_log.h"
#include "modules/certificates/certificates.h"
#include "modules/certificates/repository.h"
#include "modules/credits/policy/policy.h"
#include "modules/org/org.h"

namespace jj::certificates {

namespace {

using Json = nlohmann::json;

bool MayActOn(const auth::Actor& a, const repo::TeacherRow& t) { return a.MayActOnTeacher(t.id, t.path); }

// The audit JSON's decimals (one place) back to exact tenths, as text.
std::string Decimal(const Json& v) {
  if (!v.is_number()) return credits::policy::FormatTenths(0);
  return credits::policy::FormatTenths(std::llround(v.get<double>() * 10));
}

std::vector<std::string> CodePoints(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// A read-only view of everything, for the public verification.
auth::Actor Verifier() {
  auth::Actor a = auth::CommandLineActor();
  a.username = "verify";
  a.display_name = "证书验证";
  return a;
}

}  // namespace

std::string MaskIdForCertificate(const std::string& id_number) {
  if (id_number.size() <= 8) return std::string(id_number.size(), '*');
  return id_number.substr(0, 4) + std::string(id_number.size() - 8, '*') + id_number.substr(id_number.size() - 4);
}

std::string MaskName(const std::string& name) {
  auto cps = CodePoints(name);
  if (cps.size() <= 1) return name;
  std::string out = cps.front();
  if (cps.size() == 2) return out + "*";
  for (size_t i = 1; i + 1 < cps.size(); ++i) out += "*";
  return out + cps.back();
}

std::string CanonicalContent(const nlohmann::json& content) {
  // nlohmann::json objects are std::map-backed: keys come out sorted. Numbers
  // in the content are integers only (decimals are strings), so the text is
  // the same on every platform.
  return content.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string HashHex(const std::string& bytes) {
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr, 0);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : out) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

std::string NewVerificationCode() {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  unsigned char bytes[10];
  randombytes_buf(bytes, sizeof bytes);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;  // 80 bits = exactly 16 characters
}

Status CheckCycle(int first_year, int last_year) {
  auto range = [](const std::string& field, const std::string& min, const std::string& max) {
    return Status(Code::kInvalidArgument, "field.range", {{"field", field}, {"min", min}, {"max", max}})
        .WithField(field);
  };
  if (first_year < 2000 || first_year > 2100) return range("first_year", "2000", "2100");
  if (last_year < first_year || last_year > 2100) return range("last_year", std::to_string(first_year), "2100");
  if (last_year - first_year + 1 > kMaxCycleYears)
    return range("last_year", std::to_string(first_year), std::to_string(first_year + kMaxCycleYears - 1));
  return Status::Ok();
}

Result<Json> CertificateService::BuildContent(const auth::Actor& actor, int64_t teacher_id, int first_year,
                                              int last_year) {
  std::optional<repo::TeacherRow> teacher;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    teacher = repo::FindTeacher(tx, teacher_id);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!teacher || !MayActOn(actor, *teacher)) return NotFound().WithField("teacher_id");

  Json years = Json::array();
  int64_t cycle_tenths = 0;
  for (int year = first_year; year <= last_year; ++year) {
    JJ_ASSIGN_OR_RETURN(Json audit, credits_.AuditTeacher(actor, teacher_id, year));
    credits::RecordQuery q;
    q.teacher_id = teacher_id;
    q.state = "approved";
    q.year = year;
    q.page_size = 100000;
    JJ_ASSIGN_OR_RETURN(auto page, credits_.List(actor, q));
    std::sort(page.items.begin(), page.items.end(), [](const credits::Record& a, const credits::Record& b) {
      return a.date != b.date ? a.date < b.date : a.id < b.id;
    });
    std::unordered_map<std::string, const Json*> outcome;
    if (audit.contains("records"))
      for (const auto& r : audit["records"]) outcome[r.value("id", std::string())] = &r;
    Json records = Json::array();
    for (const auto& r : page.items) {
      auto it = outcome.find(std::to_string(r.id));
      bool counted = it != outcome.end() && it->second->value("counts_in_year", false);
      records.push_back({{"date", r.date},
                         {"project", r.project_name.empty() ? r.achievement_type : r.project_name},
                         {"level", r.level},
                         {"form", r.form},
                         {"dimension", r.dimension},
                         {"hours", credits::policy::FormatTenths(r.hours_tenths)},
                         {"credits", counted ? Decimal((*it->second)["credits"]) : credits::policy::FormatTenths(0)},
                         {"grade", r.grade}});
    }
    const std::string total = Decimal(audit["total_credits"]);
    cycle_tenths += std::llround(audit.value("total_credits", 0.0) * 10);
    Json y = {{"year", year},
              {"records", std::move(records)},
              {"total_credits", total},
              {"status", audit.value("status", "")},
              {"exempt", audit.value("exempt", false)},
              {"stamped", audit.value("stamped", false)}};
    if (audit.value("exempt", false)) y["exempt_reason"] = audit.value("exempt_reason", "");
    years.push_back(std::move(y));
  }
  return Json{
      {"teacher",
       {{"name", teacher->name}, {"id_number", MaskIdForCertificate(teacher->id_number)}, {"school", teacher->school}}},
      {"first_year", first_year},
      {"last_year", last_year},
      {"years", std::move(years)},
      {"total_credits", credits::policy::FormatTenths(cycle_tenths)}};
}

Result<Certificate> CertificateService::Issue(const auth::Actor& actor, int64_t teacher_id, int first_year,
                                              int last_year) {
  if (actor.role != auth::Role::kTeacher && !actor.IsAdmin()) return PermissionDenied();
  JJ_RETURN_IF_ERROR(CheckCycle(first_year, last_year));
  JJ_ASSIGN_OR_RETURN(Json content, BuildContent(actor, teacher_id, first_year, last_year));
  Certificate c;
  c.teacher_id = teacher_id;
  c.first_year = first_year;
  c.last_year = last_year;
  c.content = std::move(content);
  c.content_hash = HashHex(CanonicalContent(c.content));
  c.code = NewVerificationCode();
  c.issued_by = actor.AuditId();
  c.issued_at = clock_.NowSeconds();
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    repo::Insert(tx, c, clock_.Today().year);
    int64_t superseded = repo::SupersedeOthers(tx, c);
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), "certificate.issue", "certificate", c.id, "",
                       Json{{"number", c.number},
                            {"teacher_id", teacher_id},
                            {"first_year", first_year},
                            {"last_year", last_year},
                            {"content_hash", c.content_hash},
                            {"superseded", superseded}}
                           .dump()});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return c;
}

Result<Certificate> CertificateService::Get(const auth::Actor& actor, int64_t id) {
  std::optional<Certificate> c;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    c = repo::FindById(tx, id);
    if (!c) return NotFound();
    auto t = repo::FindTeacher(tx, c->teacher_id);
    if (!t || !MayActOn(actor, *t)) return NotFound();
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return *c;
}

Status CertificateService::Revoke(const auth::Actor& actor, int64_t id, const std::string& reason) {
  if (!actor.IsAdmin()) return PermissionDenied();
  if (reason.empty())
    return Status(Code::kInvalidArgument, "field.required", {{"field", "reason"}}).WithField("reason");
  return db_.Transact([&](db::Tx& tx) -> Status {
    auto c = repo::FindById(tx, id);
    if (!c) return NotFound();
    auto t = repo::FindTeacher(tx, c->teacher_id);
    if (!t || !MayActOn(actor, *t)) return NotFound();
    if (c->revoked) return Status::Ok();
    repo::MarkRevoked(tx, id, reason);
    audit_log::Append(tx, clock_,
                      {actor.AuditId(), "certificate.revoke", "certificate", id, Json{{"revoked", false}}.dump(),
                       Json{{"revoked", true}, {"reason", reason}}.dump()});
    return Status::Ok();
  });
}

Result<Verification> CertificateService::Verify(const std::string& raw_code) {
  std::string code;
  for (char ch : raw_code) {
    if (ch == '-' || ch == ' ') continue;
    code += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
  }
  if (code.empty() || code.size() > 32) return NotFound();
  std::optional<Certificate> c;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    c = repo::FindByCode(tx, code);
    return c ? Status::Ok() : NotFound();
  });
  if (!st.ok()) return st;
  Verification v{"valid", *c};
  if (c->revoked) {
    v.status = "revoked";
  } else if (c->superseded_by) {
    v.status = "superseded";
  } else {
    auto now = BuildContent(Verifier(), c->teacher_id, c->first_year, c->last_year);
    if (!now.ok() && now.status().code() != Code::kNotFound) return now.status();
    v.status = now.ok() && HashHex(CanonicalContent(*now)) == c->content_hash ? "valid" : "outdated";
  }
  return v;
}

Status CertificateService::CheckBatch(const auth::Actor& actor, int64_t org_id, int first_year, int last_year) {
  if (!actor.IsAdmin()) return PermissionDenied();
  JJ_RETURN_IF_ERROR(CheckCycle(first_year, last_year));
  return db_.Read([&](db::Tx& tx) -> Status {
    auto o = org::FindOrg(tx, org_id);
    if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
    return Status::Ok();
  });
}

Result<std::vector<int64_t>> CertificateService::ActiveTeachers(const auth::Actor& actor, int64_t org_id) {
  if (!actor.IsAdmin()) return PermissionDenied();
  std::vector<int64_t> ids;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    auto o = org::FindOrg(tx, org_id);
    if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
    auto [lo, hi] = org::SubtreeRange(o->path);
    ids = repo::ActiveTeacherIds(tx, lo, hi);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return ids;
}

}  // namespace jj::certificates
