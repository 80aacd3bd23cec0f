#include "app/cli_database.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "infra/audit_log/audit_log.h"
#include "infra/db/database.h"
#include "infra/db/migrate.h"
#include "infra/db/sqlite_backup.h"
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
std::unique_ptr<db::Database> OpenExisting(const std::string& url, bool read_only, std::ostream& err) {
  std::error_code ec;
  if (!IsPostgres(url) && !fs::is_regular_file(SqlitePath(url), ec)) {
    err << "数据库文件不存在 / no such database file: " << SqlitePath(url) << "\n";
    return nullptr;
  }
  auto db = db::Database::Open(url, 1, read_only && !IsPostgres(url));
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

// PRAGMA integrity_check: "ok", or its first lines.
std::string IntegrityCheck(db::Database& db) {
  std::string result;
  Status st = db.Read([&](db::Tx& tx) -> Status {
    for (const db::Row& r : tx.Query("PRAGMA integrity_check(20)")) result += (result.empty() ? "" : "; ") + r.Str(0);
    return Status::Ok();
  });
  if (!st.ok()) return st.params().count("detail") ? st.params().at("detail") : st.Message("en");
  return result;
}

// Why `db` is not a Jijiao database this binary can use ("" when it is).
std::string NotAJijiaoDatabase(db::Database& db) {
  std::string why;
  Status st = db.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    tx.QueryOne("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", {}, r);
    if (r.Int(0) == 0) {
      why = "没有 schema_migrations 表 / no schema_migrations table";
      return Status::Ok();
    }
    tx.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}, r);
    const int newest = db::EmbeddedMigrations().empty() ? 0 : db::EmbeddedMigrations().back().version;
    if (r.Int(0) > newest)
      why = "数据库版本 " + r.Str(0) + " 比本程序新 / schema version " + r.Str(0) + " is newer than this binary's " +
            std::to_string(newest);
    return Status::Ok();
  });
  if (!st.ok()) return "无法读取 / cannot read it: " + (st.params().count("detail") ? st.params().at("detail") : "");
  if (!why.empty()) return why;
  const std::string check = IntegrityCheck(db);
  if (check != "ok") return "integrity_check: " + check;
  return "";
}

// Whether a database holds anything worth keeping: a file that is not a
// database, a database with tables of its own, or a Jijiao database with an
// org or a log entry. A missing or empty file, a database without tables
// and a freshly migrated one hold nothing.
bool HoldsData(const std::string& url) {
  std::error_code ec;
  const std::string path = SqlitePath(url);
  if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) return false;
  auto db = db::Database::Open(url, 1, true);
  if (!db.ok()) return true;
  bool holds = true;
  Status st = (*db)->Read([&](db::Tx& tx) -> Status {
    bool jijiao = false;
    int tables = 0;
    for (const db::Row& r : tx.Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      ++tables;
      jijiao = jijiao || r.Str(0) == "audit_log";
    }
    if (tables == 0) {
      holds = false;
    } else if (jijiao) {
      db::Row r;
      tx.QueryOne("SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM audit_log LIMIT 1) a) + "
                  "(SELECT COUNT(*) FROM (SELECT 1 FROM orgs LIMIT 1) o)",
                  {}, r);
      holds = r.Int(0) > 0;
    }
    return Status::Ok();
  });
  return !st.ok() || holds;
}

int64_t Millis(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
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
  auto db = OpenExisting(db_url, false, err);
  if (!db) return 1;
  return VerifyAndPrint(*db, anchor, out, err);
}

int RunBackup(const std::string& db_url, const std::string& out_file, bool force, std::ostream& out,
              std::ostream& err) {
  if (IsPostgres(db_url)) {
    err << "PostgreSQL 数据库请用 pg_dump 备份（时间点恢复用 pg_basebackup 加 WAL 归档），见 docs/operations.md / back up "
           "PostgreSQL with pg_dump (pg_basebackup with WAL archiving for point-in-time recovery), see "
           "docs/operations.md\n";
    return 2;
  }
  {
    auto db = OpenExisting(db_url, true, err);
    if (!db) return 1;
    if (db->IsOwnFile(out_file)) {
      err << "备份不能写到数据库本身或其 -wal/-shm 文件上 / a backup cannot be written onto the database or its "
             "-wal/-shm: "
          << out_file << "\n";
      return 2;
    }
  }
  std::error_code ec;
  const bool existed = fs::exists(out_file, ec);
  if (existed && !fs::is_regular_file(out_file, ec)) {
    err << "--out 不是普通文件 / --out is not a regular file: " << out_file << "\n";
    return 2;
  }
  if (existed && !force) {
    err << "文件已存在，确认覆盖请加 --force / the file exists; add --force to overwrite it: " << out_file << "\n";
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  Status st = db::SqliteBackup(SqlitePath(db_url), out_file, /*self_contained=*/true);
  if (!st.ok()) {
    if (!existed)
      for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(out_file + suffix, ec);
    PrintError(err, st);
    return 1;
  }
  const int64_t ms = Millis(started);
  auto copy = db::Database::Open("sqlite:" + out_file, 1, true);
  const std::string check = copy.ok() ? IntegrityCheck(**copy) : copy.status().Message("en");
  if (check != "ok") {
    err << "备份文件未通过 integrity_check / the backup fails integrity_check: " << check << "\n";
    return 1;
  }
  out << "备份完成 / backup written: " << out_file << " (" << fs::file_size(out_file, ec) / (1024 * 1024) << " MiB, "
      << ms << " ms, integrity_check ok)\n";
  return 0;
}

int RunRestore(const std::string& db_url, const std::string& from_file, bool force, std::ostream& out,
               std::ostream& err) {
  if (IsPostgres(db_url)) {
    err << "PostgreSQL 数据库请用 pg_restore 恢复，见 docs/operations.md / restore PostgreSQL with pg_restore, see "
           "docs/operations.md\n";
    return 2;
  }
  std::error_code ec;
  if (!fs::is_regular_file(from_file, ec)) {
    err << "备份文件不存在 / no such backup file: " << from_file << "\n";
    return 2;
  }
  const std::string target = SqlitePath(db_url);
  if (fs::exists(target, ec)) {
    auto t = db::Database::Open(db_url, 1, true);
    if (t.ok() && (*t)->IsOwnFile(from_file)) {
      err << "不能用数据库本身的文件恢复它 / cannot restore the database from its own file: " << from_file << "\n";
      return 2;
    }
  }
  // The backup must be a Jijiao database that verifies.
  {
    auto src = db::Database::Open("sqlite:" + from_file, 1, true);
    const std::string why = src.ok() ? NotAJijiaoDatabase(**src) : src.status().Message("zh");
    if (!why.empty()) {
      err << "不是可恢复的继教数据库 / not a Jijiao database that can be restored: " << from_file << ": " << why << "\n";
      return 2;
    }
    auto r = audit_log::Verify(**src, credits::ProtectedTables());
    if (!r.ok()) {
      PrintError(err, r.status());
      return 1;
    }
    if (!r->intact()) {
      err << "备份未通过 verify-log，未恢复 / the backup fails verify-log; nothing restored:\n";
      PrintReport(*r, std::nullopt, err);
      return 2;
    }
  }
  if (HoldsData(db_url) && !force) {
    err << "目标数据库已有数据；停止 serve 后加 --force 覆盖 / the target database holds data; stop serve and add "
           "--force to overwrite it: "
        << target << "\n";
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  Status st = db::SqliteBackup(from_file, target, /*self_contained=*/false);
  if (!st.ok()) {
    PrintError(err, st);
    return 1;
  }
  out << "已恢复 / restored: " << from_file << " → " << target << " (" << Millis(started) << " ms)\n";
  // The database as serve will open it, checked again.
  auto db = OpenExisting(db_url, false, err);
  if (!db) return 1;
  const std::string check = IntegrityCheck(*db);
  if (check != "ok") {
    err << "恢复后的数据库未通过 integrity_check / the restored database fails integrity_check: " << check << "\n";
    return 1;
  }
  const int verified = VerifyAndPrint(*db, std::nullopt, out, err);
  return verified == 0 ? 0 : 1;
}

}  // namespace jj::app
