#include "infra/db/sqlite_backup.h"

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <thread>

namespace jj::db {

namespace {

using Handle = std::unique_ptr<sqlite3, int (*)(sqlite3*)>;

Status Error(const std::string& what, sqlite3* db) {
  return Internal(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Status SqliteBackup(const std::string& from, const std::string& to, bool self_contained) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(from.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Handle src(raw, sqlite3_close);
  if (rc != SQLITE_OK) return Error("open " + from, raw);
  raw = nullptr;
  rc = sqlite3_open_v2(to.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Handle dst(raw, sqlite3_close);
  if (rc != SQLITE_OK) return Error("open " + to, raw);
  sqlite3_busy_timeout(src.get(), 30000);
  sqlite3_busy_timeout(dst.get(), 30000);
  sqlite3_backup* b = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
  if (!b) return Error("backup " + from + " → " + to, dst.get());
  // All pages in one step (-1): a step that ends before the last page lets
  // a writer in, and SQLite then restarts the copy from the first page.
  for (int tries = 0;; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries == 300) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const int step = rc;
  rc = sqlite3_backup_finish(b);
  if (step != SQLITE_DONE) return Internal("backup step: " + std::string(sqlite3_errstr(step)));
  if (rc != SQLITE_OK) return Error("backup", dst.get());
  if (self_contained) {
    char* err = nullptr;
    if (sqlite3_exec(dst.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "";
      sqlite3_free(err);
      return Internal("journal mode of " + to + ": " + msg);
    }
  }
  return Status::Ok();
}

}  // namespace jj::db
