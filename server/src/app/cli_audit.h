// The credit verbs of the command line.
// `jijiao audit --year Y [--org CODE] --format json|csv|xlsx [--out FILE]`:
// the annual audit of every active teacher of a subtree (default: the whole
// tree), streamed school by school. JSON is an array with one object per
// teacher (docs/policy.md, "The audit on the command line").
#pragma once

#include <iostream>
#include <string>

#include "app/wiring.h"

namespace jj::app {

struct CliAudit {
  int year = 0;
  std::string org_code;
  std::string format = "json";
  std::string out;  // empty: standard output (not for xlsx)
};

// Exit status 0 on success, 2 on errors (printed to `err`).
int RunCliAudit(App& app, const CliAudit& options, std::ostream& out, std::ostream& err);

// `jijiao policy show|load [FILE] --region CODE --year Y`: prints the
// policy in force for a region and year (and where it comes from), or
// validates a document and stores it as the region's next version. A bad
// document prints the field path at fault. Exit 0 on success, 1 for a bad
// document, 2 for other errors.
int RunCliPolicy(App& app, const std::string& region_code, int year, bool load, const std::string& document,
                 std::ostream& out, std::ostream& err);

}  // namespace jj::app
