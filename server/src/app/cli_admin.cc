#include "app/cli_admin.h"

#include <termios.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "infra/audit_log/audit_log.h"
#include "modules/accounts/grants.h"
#include "modules/org/org.h"

namespace jj::app {

namespace {

// One line from standard input; without echo when it is a terminal.
std::string ReadSecret(std::istream& in, bool tty, const char* prompt, std::ostream& err) {
  termios saved{};
  if (tty) {
    err << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(in, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    err << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int Error(std::ostream& err, const Status& st) {
  err << st.Message("zh") << " / " << st.Message("en") << "\n";
  return 2;
}

}  // namespace

int RunCliAdminCreate(App& app, const CliAdmin& o, std::istream& in, std::ostream& out, std::ostream& err) {
  if (Status st = accounts::CheckUsername(o.username); !st.ok()) return Error(err, st);
  auto role = auth::ParseRole(o.role);
  if (!role || (*role != auth::Role::kSysAdmin && *role != auth::Role::kBureauAdmin)) {
    err << "--role 只能是 sys_admin 或 bureau_admin / --role must be sys_admin or bureau_admin\n";
    return 2;
  }
  std::optional<org::Org> org;
  Status st = app.db().Read([&](db::Tx& tx) -> Status {
    org = org::FindOrgByCode(tx, o.org_code);
    return Status::Ok();
  });
  if (!st.ok()) return Error(err, st);
  if (!org) {
    err << "找不到代码为 " << o.org_code << " 的机构（先导入机构树：jijiao import orgs FILE）/ no org with code "
        << o.org_code << " (import the org tree first: jijiao import orgs FILE)\n";
    return 2;
  }
  if (st = accounts::CheckOrgType(*role, org->type); !st.ok()) return Error(err, st);

  const bool tty = &in == &std::cin && isatty(STDIN_FILENO);
  std::string password = ReadSecret(in, tty, "密码 / password: ", err);
  if (tty && ReadSecret(in, tty, "再输入一次 / again: ", err) != password) {
    err << "两次输入的密码不一致 / the passwords differ\n";
    return 2;
  }
  if (!auth::IsStrongPassword(password))
    return Error(err, Status(Code::kInvalidArgument, "auth.password_weak"));

  accounts::NewAccount a;
  a.username = o.username;
  a.display_name = o.display_name.empty() ? org->name + "管理员" : o.display_name;
  a.role = o.role;
  a.org_id = org->id;
  int64_t id = 0;
  st = app.db().Transact([&](db::Tx& tx) -> Status {
    auto created = app.accounts().CreateSystemAccount(tx, a, password, /*must_change=*/true);
    if (!created.ok()) return created.status();
    id = *created;
    audit_log::Append(tx, app.clock(), {std::nullopt, "account.create", "account", id, "",
                                        nlohmann::json{{"username", a.username}, {"role", a.role},
                                                       {"org_id", a.org_id}, {"by", "command line"}}
                                            .dump()});
    return Status::Ok();
  });
  if (!st.ok()) return Error(err, st);
  out << "已创建账号 " << a.username << "（" << o.role << "，" << org->name << "），首次登录须修改密码\n"
      << "created account " << a.username << " (" << o.role << ", " << org->code
      << "); the password must be changed at the first login\n";
  return 0;
}

}  // namespace jj::app
