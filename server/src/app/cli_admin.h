// `jijiao admin create --username U --org CODE --role sys_admin|bureau_admin`:
// the first administrator of a real office (no demo). The password is read
// from the terminal without echo (twice), or as one line from standard input
// when that is not a terminal — never from the command line. It is hashed
// with Argon2id and must be changed at the first login.
#pragma once

#include <iostream>
#include <string>

#include "app/wiring.h"

namespace jj::app {

struct CliAdmin {
  std::string username, org_code, role, display_name;
};

// Exit 0 on success, 2 on errors (printed to `err` in Chinese and English).
int RunCliAdminCreate(App& app, const CliAdmin& options, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace jj::app
