#include "infra/audit_log/audit_log.h"

#include <sodium.h>

namespace jj::audit_log {

namespace {

std::string Hex(const unsigned char* p, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 15];
  }
  return out;
}

// Length-prefixed fields, so no two different events hash alike by shifting
// text between fields.
std::string Chain(const std::string& prev, int64_t at, const std::string& actor, const std::string& action,
                  const std::string& type, const std::string& object, const std::string& before,
                  const std::string& after) {
  std::string buf;
  for (const std::string& f :
       {prev, std::to_string(at), actor, action, type, object, before, after}) {
    buf += std::to_string(f.size());
    buf += ':';
    buf += f;
  }
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(buf.data()), buf.size(), nullptr, 0);
  return Hex(h, sizeof h);
}

std::string OptText(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); }
db::Param OptParam(const std::optional<int64_t>& v) { return v ? db::Param(*v) : db::Param(nullptr); }

}  // namespace

void Append(db::Tx& tx, const Clock& clock, const Event& e) {
  db::Row head;
  std::string lock = tx.dialect() == db::Dialect::kPostgres ? " FOR UPDATE" : "";
  tx.QueryOne("SELECT last_hash FROM audit_head WHERE id = 1" + lock, {}, head);
  std::string prev = head.Str(0);
  int64_t at = clock.NowSeconds();
  std::string hash = Chain(prev, at, OptText(e.actor_id), e.action, e.object_type, OptText(e.object_id),
                           e.before_json, e.after_json);
  tx.Exec(
      "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, before_json, after_json, "
      "prev_hash, hash) VALUES (:at, :actor, :action, :type, :obj, :before, :after, :prev, :hash)",
      {at, OptParam(e.actor_id), e.action, e.object_type, OptParam(e.object_id), e.before_json, e.after_json, prev,
       hash});
  tx.Exec("UPDATE audit_head SET last_hash = :h WHERE id = 1", {hash});
}

Result<VerifyReport> Verify(db::Database& db) {
  VerifyReport report;
  Status st = db.Read([&](db::Tx& tx) -> Status {
    std::string prev;
    for (const db::Row& r : tx.Query(
             "SELECT id, at, actor_id, action, object_type, object_id, before_json, after_json, prev_hash, hash "
             "FROM audit_log ORDER BY id")) {
      ++report.entries;
      std::string expect = Chain(prev, r.Int(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6), r.Str(7));
      if (r.Str(8) != prev || r.Str(9) != expect) {
        report.first_bad_id = r.Int(0);
        return Status::Ok();
      }
      prev = r.Str(9);
    }
    db::Row head;
    tx.QueryOne("SELECT last_hash FROM audit_head WHERE id = 1", {}, head);
    if (head.Str(0) != prev) report.first_bad_id = -1;  // rows deleted from the tail
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return report;
}

}  // namespace jj::audit_log
