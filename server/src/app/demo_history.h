// A few years of the demo county's life, seeded through the modules' own
// services so that their rules, the audit log chain and the audit packs all
// hold: three years of credit history (the two years before the current
// one complete, the current one up to today), records waiting in the
// approval chain, training projects in every lifecycle state with
// registrations, attendance, grades and surveys, school-based plans filed on
// time and late, 验印 stamps and a locked year, issued certificates, and one
// school admin account per school.
//
// Time: every step runs on its own FakeClock set to the moment the step
// happened, in time order, so the audit log reads as the county lived it.
// Past years use fixed calendar dates; the current year's projects are
// placed relative to today (a project running now, one open for
// registration, …), and nothing happens after the moment of seeding.
//
// Determinism: the content is a function of the seed and of today's date
// (demo::kDefaultSeed; tests use a FakeClock). Random tokens (survey answer
// keys, certificate verification codes) are random.
#pragma once

#include <cstdint>
#include <ostream>

#include "app/wiring.h"

namespace jj::app {

struct DemoHistoryCounts {
  int64_t imported_records = 0;  // approved history through the credit import
  int64_t pending_records = 0;   // declared by teachers and moved through the chain
  int64_t projects = 0, registrations = 0, survey_answers = 0;
  int64_t plans = 0, stamps = 0, certificates = 0, school_admins = 0;
};

// Runs after the county and the demo accounts are in the database.
// `password` is the demo password given to the per-school admin accounts.
Status SeedDemoHistory(App& app, const std::string& password, DemoHistoryCounts* counts);

}  // namespace jj::app
