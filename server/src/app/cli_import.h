// `jijiao import teachers|orgs|credits|exemptions FILE`: runs the import as a job on this
// process, with a progress bar on a terminal (plain lines otherwise), and
// prints every problem as "row N, column X: reason".
#pragma once

#include <iostream>
#include <string>

#include "app/wiring.h"

namespace jj::app {

struct CliImport {
  std::string kind;  // "teachers" | "orgs" | "credits" | "exemptions"
  std::string file;
  std::string mode = "insert";  // dry-run | insert | upsert
  bool good_rows_only = false;
  std::string lang = "zh";
};

// Exit status: 0 only when every row was imported (dry run: when every row
// is valid); 1 when rows were bad or the file was refused; 2 on other errors.
int RunCliImport(App& app, const CliImport& options, std::ostream& out, std::ostream& err);

}  // namespace jj::app
