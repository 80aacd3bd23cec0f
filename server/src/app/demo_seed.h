// Seeds the demo county and one account per role, so a new user can log in
// right after `make run`. Idempotent: a database that already has orgs is
// left as it is.
#pragma once

#include <ostream>

#include "app/wiring.h"

namespace jj::app {

inline constexpr const char* kDemoPassword = "Demo@2026";

// `history`: also a few years of the county's life (demo_history.h); the
// API tests seed the county and accounts alone, so that what they count
// starts from zero.
Status SeedDemo(App& app, std::ostream& out, bool history = true);
// Prints the demo accounts that exist in this database (none: nothing).
void PrintDemoAccounts(App& app, std::ostream& out);

}  // namespace jj::app
