// The continuing-education certificate (继续教育证书, domain.md §6): a
// per-teacher document of a cycle's approved records, printable (PDF) and
// verifiable through a public page.
//
// Content: the teacher's name, masked ID number and school, and for each
// year of the cycle every approved record (date, project, level/form,
// dimension, hours, credits, grade), the year's total and status from the
// annual audit (CreditService::AuditTeacher) and whether the year is stamped
// (验印). It is serialized canonically (sorted keys, numbers as decimal
// strings, compact UTF-8) and hashed with BLAKE2b (libsodium
// crypto_generichash, 32 bytes, hex). Number, code and issue time are not
// part of the hashed content: the hash says "these records", not "this row".
//
// Verification recomputes the content now and compares hashes: `valid`
// (unchanged), `outdated` (records, totals, stamps, name or school changed
// since issue), `superseded` (a newer certificate was issued for the same
// teacher and cycle), `revoked`; an unknown code is NotFound.
//
// Access (as in credits): admins for teachers of their subtree, a teacher
// for themself; anything else NotFound. Verify needs no actor (public).
// Every issue and revocation is written to the audit log in the same
// transaction. Thread-safe (stateless over the Database).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"
#include "modules/credits/credits.h"

namespace jj::certificates {

struct Certificate {
  int64_t id = 0;
  std::string number;  // JJ-<issue year>-<6+ digits>
  std::string code;    // 16 base32 characters, the /verify/<code> key
  int64_t teacher_id = 0;
  int first_year = 0, last_year = 0;
  std::string content_hash;  // hex BLAKE2b-256 of CanonicalContent(content)
  nlohmann::json content;    // see BuildContent
  std::optional<int64_t> issued_by;
  int64_t issued_at = 0;  // Unix seconds
  bool revoked = false;
  std::optional<int64_t> superseded_by;
};

struct Verification {
  std::string status;  // valid outdated superseded revoked
  Certificate certificate;
};

// The longest cycle a certificate may span (years).
inline constexpr int kMaxCycleYears = 10;

// "4418**********123X": the first 4 and last 4 characters of an ID number.
std::string MaskIdForCertificate(const std::string& id_number);
// "张*明", "李*", "欧阳**锋": keeps the first and (from 3 characters) the last.
std::string MaskName(const std::string& name);
// The compact, key-sorted UTF-8 serialization the hash is computed over.
std::string CanonicalContent(const nlohmann::json& content);
// Hex BLAKE2b-256 of `bytes`. Requires sodium_init (auth::InitCrypto).
std::string HashHex(const std::string& bytes);
// 16 characters of RFC 4648 base32 from 10 random bytes (randombytes_buf).
std::string NewVerificationCode();

class CertificateService {
 public:
  CertificateService(db::Database& db, const Clock& clock, credits::CreditService& credits)
      : db_(db), clock_(clock), credits_(credits) {}

  // Builds, hashes and stores a certificate for the cycle [first_year,
  // last_year]; earlier certificates of the same teacher and cycle become
  // superseded. Errors: InvalidArgument (years, field first_year /
  // last_year), NotFound (teacher outside scope), PermissionDenied (a role
  // that is neither admin nor teacher).
  Result<Certificate> Issue(const auth::Actor& actor, int64_t teacher_id, int first_year, int last_year);
  // A stored certificate the actor may see. Errors: NotFound.
  Result<Certificate> Get(const auth::Actor& actor, int64_t id);
  // Marks a certificate revoked (admins over the teacher; reason required).
  Status Revoke(const auth::Actor& actor, int64_t id, const std::string& reason);
  // Public: is the certificate with `code` authentic and current?
  // Errors: NotFound (no such code).
  Result<Verification> Verify(const std::string& code);

  // Batch (one school or any subtree): checks the request and the actor's
  // scope before a job is queued. Errors: as Issue, field org_id.
  Status CheckBatch(const auth::Actor& actor, int64_t org_id, int first_year, int last_year);
  // Active (在职) teachers of the org's subtree, ordered by school and name.
  Result<std::vector<int64_t>> ActiveTeachers(const auth::Actor& actor, int64_t org_id);

 private:
  // The content of a teacher's certificate as of now, read as `actor`.
  Result<nlohmann::json> BuildContent(const auth::Actor& actor, int64_t teacher_id, int first_year, int last_year);

  db::Database& db_;
  const Clock& clock_;
  credits::CreditService& credits_;
};

// Validates a cycle. Errors: InvalidArgument field.range on first_year /
// last_year (2000–2100, first ≤ last, at most kMaxCycleYears years).
Status CheckCycle(int first_year, int last_year);

}  // namespace jj::certificates
