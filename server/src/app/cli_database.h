// The database's own verbs, run without starting the app (no migrations, no
// job recovery: they may run beside a live `serve`).
//
// `jijiao verify-log [--anchor N:HASH]`: recomputes the audit log's hash
// chain and proves the protected tables (credits/integrity.h) against it;
// prints the anchor line `anchor: N:HASH` (the last entry) for the operator
// to keep off the machine, and with --anchor checks that the entry an
// earlier run printed still exists with that hash (a cut tail, a rewritten
// history). Exit 0 intact, 2 tampered, 1 when it cannot check.
#pragma once

#include <iostream>
#include <string>

namespace jj::app {

int RunVerifyLog(const std::string& db_url, const std::string& anchor, std::ostream& out, std::ostream& err);

}  // namespace jj::app
