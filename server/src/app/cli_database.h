// The database's own safety verbs, run without starting the app (no
// migrations, no job recovery: they may run beside a live `serve`).
//
// `jijiao verify-log [--anchor N:HASH]`: recomputes the audit log's hash
// chain and proves the protected tables (credits/integrity.h) against it;
// prints the anchor line `anchor: N:HASH` (the last entry) for the operator
// to keep off the machine, and with --anchor checks that the entry an
// earlier run printed still exists with that hash (a cut tail, a rewritten
// history). Exit 0 intact, 2 tampered, 1 when it cannot check.
//
// `jijiao backup --out FILE [--force]` (SQLite): a consistent copy with
// SQLite's online backup API while serve runs and writes. Refuses the
// database's own files and an existing FILE without --force. PostgreSQL:
// says to use pg_dump. Exit 0 written, 2 refused, 1 failed.
//
// `jijiao restore --from FILE [--force]` (SQLite, server stopped): FILE must
// be a Jijiao database (schema_migrations, integrity_check ok, verify-log
// intact) no newer than this binary; a target holding data is overwritten
// only with --force; the backup API copies FILE onto the database, which is
// then checked again. Exit 0 restored, 2 refused, 1 failed.
#pragma once

#include <iostream>
#include <string>

namespace jj::app {

int RunVerifyLog(const std::string& db_url, const std::string& anchor, std::ostream& out, std::ostream& err);
int RunBackup(const std::string& db_url, const std::string& out_file, bool force, std::ostream& out,
              std::ostream& err);
int RunRestore(const std::string& db_url, const std::string& from_file, bool force, std::ostream& out,
               std::ostream& err);

}  // namespace jj::app
