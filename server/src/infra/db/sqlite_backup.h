// SQLite's online backup API (sqlite3_backup_init/step/finish) between two
// database files. Only SQLite opens them: never copy a database file with
// cp, fopen or a stream, which would miss the -wal and, once closed, drop
// SQLite's locks on the live file.
#pragma once

#include <string>

#include "core/status.h"

namespace jj::db {

// Copies the whole SQLite database at `from` (opened read-only; it must
// exist) onto `to` (created when missing, else overwritten) in one backup
// step: one read transaction on `from`, so a server writing meanwhile (WAL)
// is not blocked and the copy is one consistent state, every transaction
// committed before the step began and none after. `self_contained`: the
// copy is left in rollback-journal mode, one file without -wal or -shm (the
// form of a backup file). Errors: Internal with SQLite's message.
Status SqliteBackup(const std::string& from, const std::string& to, bool self_contained);

}  // namespace jj::db
