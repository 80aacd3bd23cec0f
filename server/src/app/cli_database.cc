#include "app/cli_database.h"

#include <filesystem>
#include <memory>
#include <optional>

#include "infra/audit_log/audit_log.h"
#include "infra/db/database.h"
#include "modules/credits/integrity.h"

namespace jj::app {

namespace {

namespace fs = std::filesystem;
using audit_log::Finding;
using audit_log::VerifyReport;

bool IsPostgres(const std::string& url) { return url.rfind("postgres", 0) == 0; }
std::string SqlitePath(const std::string& url) { return url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url; }

void PrintError(std::ostream& err, const Status& st) {
  err << "错误 / error: " << st.Message("zh") << " (" << st.Message("en") << ")";
  if (auto d = st.params().find("detail"); d != st.params().end()) err << ": " << d->second;
  err << "\n";
}

// The database at `url`; a SQLite file must exist (opening would create it).
std::unique_ptr<db::Database> OpenExisting(const std::string& url, std::ostream& err) {
  std::error_code ec;
  if (!IsPostgres(url) && !fs::is_regular_file(SqlitePath(url), ec)) {
    err << "数据库文件不存在 / no such database file: " << SqlitePath(url) << "\n";
    return nullptr;
  }
  auto db = db::Database::Open(url, 1);
  if (!db.ok()) {
    PrintError(err, db.status());
    return nullptr;
  }
  return std::move(*db);
}

const char* TableLabel(const std::string& table) {
  if (table == "credit_records") return "学分记录";
  if (table == "audit_stamps") return "验印";
  if (table == "audit_exemptions") return "免审";
  if (table == "year_locks") return "年度锁定";
  if (table == "policies") return "学分政策";
  return "";
}

void PrintFinding(std::ostream& out, const Finding& f) {
  out << "  " << TableLabel(f.table) << " " << f.table << " id " << f.id;
  switch (f.kind) {
    case Finding::kChanged: {
      const std::string was = f.logged.empty() ? "（无）" : f.logged, was_en = f.logged.empty() ? "(none)" : f.logged;
      out << " 字段 " << f.field << "：日志记录为 " << was << "，现为 " << f.current << " / field " << f.field
          << ": logged " << was_en << ", now " << f.current;
      break;
    }
    case Finding::kUnlogged:
      out << "：日志中没有这一行 / no logged event for this row";
      break;
    case Finding::kVanished:
      out << "：这一行已不存在，日志中没有删除记录 / the row is gone, no delete was logged";
      break;
    case Finding::kUndeleted:
      out << "：日志记录其已删除，这一行却仍在 / logged as deleted, yet the row is there";
      break;
  }
  if (f.event_id) out << "（日志第 " << f.event_id << " 条 / log entry " << f.event_id << "）";
  out << "\n";
}

// Prints what Verify found; returns the exit status: 0 intact, 2 tampered.
int PrintReport(const VerifyReport& r, const std::optional<audit_log::Anchor>& anchor, std::ostream& out) {
  if (r.intact()) {
    out << "审计日志完好 / audit log intact: " << r.entries << " 条日志 / entries, 受保护数据 " << r.rows_checked
        << " 行与日志一致 / protected rows match the log\n";
    if (anchor && anchor->id > 0)
      out << "锚点一致 / anchor matches: 第 " << anchor->id << " 条仍在，哈希相同 / entry " << anchor->id
          << " is there with the same hash\n";
    out << "anchor: " << r.last.ToString() << "\n";
    out << "请把 anchor 行保存在本机以外，下次用 --anchor 核对 / keep the anchor line off this machine and check it "
           "next time with --anchor\n";
    return 0;
  }
  out << "审计日志或受保护数据被篡改 / the audit log or the protected data was tampered with:\n";
  if (r.first_bad_id && *r.first_bad_id > 0) {
    out << "  哈希链在第 " << *r.first_bad_id << " 条日志处断开 / the hash chain breaks at log entry "
        << *r.first_bad_id << "\n";
    return 2;
  }
  if (r.first_bad_id) {
    out << "  audit_head 与最后一条日志不符：日志末尾的条目被删除 / audit_head does not name the last entry: entries "
           "were deleted from the end of the log\n";
    return 2;
  }
  if (!r.anchor_ok) {
    if (r.anchor_found_hash.empty())
      out << "  锚点第 " << anchor->id << " 条日志已不存在（日志现在止于第 " << r.last.id
          << " 条）：日志末尾被截断 / anchor entry " << anchor->id << " is gone (the log now ends at entry "
          << r.last.id << "): the log was cut\n";
    else
      out << "  锚点第 " << anchor->id << " 条日志的哈希已不同：历史被改写 / anchor entry " << anchor->id
          << " has another hash: the history was rewritten\n";
  }
  if (r.findings_total > 0) {
    out << "  受保护数据与日志不符 " << r.findings_total << " 处 / " << r.findings_total
        << " differences between the protected data and the log";
    if (r.findings_total > static_cast<int64_t>(r.findings.size()))
      out << "（列出前 " << r.findings.size() << " 处 / the first " << r.findings.size() << " listed）";
    out << ":\n";
    for (const Finding& f : r.findings) PrintFinding(out, f);
  }
  return 2;
}

// Verify over the credit tables; the exit status, or 1 when it cannot check.
int VerifyAndPrint(db::Database& db, const std::optional<audit_log::Anchor>& anchor, std::ostream& out,
                   std::ostream& err) {
  auto r = audit_log::Verify(db, credits::ProtectedTables(), anchor);
  if (!r.ok()) {
    PrintError(err, r.status());
    return 1;
  }
  return PrintReport(*r, anchor, out);
}

}  // namespace

int RunVerifyLog(const std::string& db_url, const std::string& anchor_text, std::ostream& out, std::ostream& err) {
  std::optional<audit_log::Anchor> anchor;
  if (!anchor_text.empty()) {
    anchor = audit_log::ParseAnchor(anchor_text);
    if (!anchor) {
      err << "--anchor 应为 verify-log 打印的 N:HASH / --anchor expects N:HASH as verify-log printed it\n";
      return 1;
    }
  }
  auto db = OpenExisting(db_url, err);
  if (!db) return 1;
  return VerifyAndPrint(*db, anchor, out, err);
}

}  // namespace jj::app
