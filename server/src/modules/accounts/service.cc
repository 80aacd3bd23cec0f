#include <nlohmann/json.hpp>

#include "infra/audit_log/audit_log.h"
#include "infra/http/json_io.h"
#include "modules/accounts/accounts.h"
#include "modules/accounts/grants.h"
#include "modules/org/org.h"

namespace jj::accounts {

namespace {

const char* kAccountSelect =
    "SELECT a.id, a.username, a.display_name, a.role, a.org_id, o.name, a.teacher_id, a.disabled, "
    "a.must_change_password, o.path FROM accounts a JOIN orgs o ON o.id = a.org_id ";

struct AccountRow {
  Account a;
  std::string org_path;
};

AccountRow FromRow(const db::Row& r) {
  AccountRow row;
  row.a.id = r.Int(0);
  row.a.username = r.Str(1);
  row.a.display_name = r.Str(2);
  row.a.role = r.Str(3);
  row.a.org_id = r.Int(4);
  row.a.org_name = r.Str(5);
  if (!r.IsNull(6)) row.a.teacher_id = r.Int(6);
  row.a.disabled = r.Int(7) != 0;
  row.a.must_change_password = r.Int(8) != 0;
  row.org_path = r.Str(9);
  return row;
}

std::optional<AccountRow> FindAccount(db::Tx& tx, int64_t id) {
  db::Row r;
  if (!tx.QueryOne(std::string(kAccountSelect) + "WHERE a.id = :id", {id}, r)) return std::nullopt;
  return FromRow(r);
}

std::string Snapshot(const Account& a) {
  return nlohmann::json{{"username", a.username}, {"display_name", a.display_name}, {"role", a.role},
                        {"org_id", a.org_id},     {"disabled", a.disabled}}
      .dump();
}


bool MayManage(const auth::Actor& actor) {
  return actor.role == auth::Role::kSysAdmin || actor.role == auth::Role::kBureauAdmin ||
         actor.role == auth::Role::kSchoolAdmin;
}

Status CheckRole(const auth::Actor& actor, const std::string& role_name) {
  auto role = auth::ParseRole(role_name);
  if (!role) return http::CheckEnum("role", role_name, auth::RoleNames());
  if (auth::RoleRank(*role) > auth::RoleRank(actor.role)) return InvalidArgument("account.role_too_high", "role");
  return Status::Ok();
}

// A password hash with the same cost as real ones, so that an unknown
// username takes as long to refuse as a wrong password.
const std::string& DummyHash(auth::HashCost cost) {
  static const std::string kInteractive = auth::HashPassword("jijiao-dummy-1", auth::HashCost::kInteractive);
  static const std::string kFast = auth::HashPassword("jijiao-dummy-1", auth::HashCost::kFastForTests);
  return cost == auth::HashCost::kInteractive ? kInteractive : kFast;
}

}  // namespace

Status CheckUsername(const std::string& u) {
  bool ok = u.size() >= 3 && u.size() <= 32;
  for (char c : u) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.');
  return ok ? Status::Ok() : InvalidArgument("account.username_format", "username");
}

NewSession OpenSession(db::Tx& tx, int64_t account_id, int64_t now) {
  NewSession s{auth::RandomHex(32), auth::RandomHex(16)};
  tx.Exec(
      "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) "
      "VALUES (:h, :a, :c, :now, :exp)",
      {auth::HashToken(s.token), account_id, s.csrf_token, now, now + kSessionLifetime});
  return s;
}

Status AccountService::CheckThrottle(const std::string& username, const std::string& address, int64_t now) {
  int64_t mine = 0, last = 0, all = 0;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    tx.QueryOne("SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_failures WHERE username = :u AND address = :a "
                "AND at > :since",
                {username, address, now - kThrottleWindow}, r);
    mine = r.Int(0);
    last = r.Int(1);
    tx.QueryOne("SELECT COUNT(*) FROM login_failures WHERE username = :u AND at > :since",
                {username, now - kThrottleWindow}, r);
    all = r.Int(0);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  int64_t wait = 0;
  if (all >= kMaxAccountFailures) wait = kThrottleWindow;
  if (mine >= kMaxFailures) {
    int64_t delay = kFirstDelay;
    for (int64_t i = kMaxFailures; i < mine && delay < kThrottleWindow; ++i) delay *= 2;
    wait = std::max(wait, std::min(delay, kThrottleWindow) - (now - last));
  }
  if (wait <= 0) return Status::Ok();
  return Status(Code::kTooManyRequests, "auth.throttled", {{"minutes", std::to_string((wait + 59) / 60)}});
}

Status AccountService::RecordFailure(const std::string& username, const std::string& address, int64_t now) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    tx.Exec("INSERT INTO login_failures (username, at, address) VALUES (:u, :at, :a)", {username, now, address});
    return Status::Ok();
  });
}

Result<LoginResult> AccountService::Login(const std::string& username, const std::string& password,
                                          const std::string& address) {
  int64_t now = clock_.NowSeconds();
  JJ_RETURN_IF_ERROR(CheckThrottle(username, address, now));
  std::optional<db::Row> account;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    if (tx.QueryOne("SELECT id, password_hash, disabled FROM accounts WHERE username = :u", {username}, r))
      account = r;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  bool good = account ? auth::VerifyPassword(password, account->Str(1))
                      : (auth::VerifyPassword(password, DummyHash(cost_)) && false);
  if (!good) {
    JJ_RETURN_IF_ERROR(RecordFailure(username, address, now));
    return Status(Code::kUnauthenticated, "auth.bad_credentials");
  }
  if (account->Int(2) != 0) return Status(Code::kUnauthenticated, "auth.disabled");
  LoginResult out;
  int64_t account_id = account->Int(0);
  st = db_.Transact([&](db::Tx& tx) -> Status {
    tx.Exec("DELETE FROM login_failures WHERE username = :u AND address = :a", {username, address});
    tx.Exec("DELETE FROM login_failures WHERE at < :since", {now - kThrottleWindow});
    tx.Exec("DELETE FROM sessions WHERE expires_at < :now", {now});
    out.session_token = OpenSession(tx, account_id, now).token;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  auto actor = Resolve(out.session_token);
  if (!actor.ok()) return actor.status();
  out.actor = *actor;
  return out;
}

Status AccountService::Logout(const std::string& token) {
  return db_.Transact([&](db::Tx& tx) -> Status {
    tx.Exec("DELETE FROM sessions WHERE token_hash = :h", {auth::HashToken(token)});
    return Status::Ok();
  });
}

namespace {

// The actor of one account (a teacher's scope follows the teacher's current
// school), or nullopt when the account is unknown, disabled or its session
// expired. `from_where` supplies the CSRF token and expiry columns and the
// FROM ... WHERE clause that selects one row.
std::optional<auth::Actor> ReadActor(db::Tx& tx, const std::string& from_where, const db::Params& params,
                                     int64_t now) {
  db::Row r;
  if (!tx.QueryOne("SELECT a.id, a.username, a.display_name, a.role, o.id, o.name, o.path, a.teacher_id, "
                   "a.must_change_password, a.disabled, " +
                       from_where,
                   params, r))
    return std::nullopt;
  if (r.Int(9) != 0 || r.Int(11) < now) return std::nullopt;
  auth::Actor a;
  a.account_id = r.Int(0);
  a.username = r.Str(1);
  a.display_name = r.Str(2);
  a.role = auth::ParseRole(r.Str(3)).value_or(auth::Role::kTeacher);
  a.org_id = r.Int(4);
  a.org_name = r.Str(5);
  a.org_path = r.Str(6);
  if (!r.IsNull(7)) a.teacher_id = r.Int(7);
  a.must_change_password = r.Int(8) != 0;
  a.csrf_token = r.Str(10);
  return a;
}

}  // namespace

Result<auth::Actor> AccountService::Resolve(const std::string& token) {
  if (token.empty() || token.size() > 128) return Status(Code::kUnauthenticated, "unauthenticated");
  std::optional<auth::Actor> actor;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    actor = ReadActor(tx,
                      "s.csrf_token, s.expires_at FROM sessions s "
                      "JOIN accounts a ON a.id = s.account_id LEFT JOIN teachers t ON t.id = a.teacher_id "
                      "JOIN orgs o ON o.id = COALESCE(t.org_id, a.org_id) WHERE s.token_hash = :h",
                      {auth::HashToken(token)}, clock_.NowSeconds());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!actor) return Status(Code::kUnauthenticated, "unauthenticated");
  return *actor;
}

Result<auth::Actor> AccountService::ActorOf(int64_t account_id) {
  std::optional<auth::Actor> actor;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    actor = ReadActor(tx,
                      "'', 9223372036854775807 FROM accounts a LEFT JOIN teachers t ON t.id = a.teacher_id "
                      "JOIN orgs o ON o.id = COALESCE(t.org_id, a.org_id) WHERE a.id = :id",
                      {account_id}, clock_.NowSeconds());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!actor) return Status(Code::kUnauthenticated, "unauthenticated");
  return *actor;
}

Status AccountService::ChangePassword(const auth::Actor& actor, const std::string& session_token,
                                      const std::string& address, const std::string& old_password,
                                      const std::string& new_password) {
  const int64_t now = clock_.NowSeconds();
  JJ_RETURN_IF_ERROR(CheckThrottle(actor.username, address, now));
  std::string hash;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    db::Row r;
    if (tx.QueryOne("SELECT password_hash FROM accounts WHERE id = :id", {actor.account_id}, r)) hash = r.Str(0);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!auth::VerifyPassword(old_password, hash)) {
    JJ_RETURN_IF_ERROR(RecordFailure(actor.username, address, now));
    return Status(Code::kInvalidArgument, "auth.bad_credentials").WithField("old_password");
  }
  if (!auth::IsStrongPassword(new_password)) return InvalidArgument("auth.password_weak", "new_password");
  if (new_password == old_password) return InvalidArgument("auth.password_same", "new_password");
  std::string new_hash = auth::HashPassword(new_password, cost_);
  return db_.Transact([&](db::Tx& tx) -> Status {
    tx.Exec("UPDATE accounts SET password_hash = :h, must_change_password = 0, updated_at = :now WHERE id = :id",
            {new_hash, now, actor.account_id});
    // Whoever else holds a session of this account loses it.
    tx.Exec("DELETE FROM sessions WHERE account_id = :id AND token_hash <> :h",
            {actor.account_id, auth::HashToken(session_token)});
    audit_log::Append(tx, clock_, {actor.account_id, "account.password", "account", actor.account_id, "", ""});
    return Status::Ok();
  });
}

Result<AccountPage> AccountService::List(const auth::Actor& actor, int64_t page, int64_t page_size,
                                         const std::string& q, const std::string& role,
                                         std::optional<int64_t> org_id) {
  if (!MayManage(actor)) return PermissionDenied();
  if (!role.empty()) JJ_RETURN_IF_ERROR(http::CheckEnum("role", role, auth::RoleNames()));
  AccountPage out;
  out.page = page;
  out.page_size = page_size;
  Status st = db_.Read([&](db::Tx& tx) -> Status {
    std::string where = "WHERE 1=1";
    db::Params params;
    if (actor.role != auth::Role::kSysAdmin) {
      auto [lo, hi] = org::SubtreeRange(actor.org_path);
      where += " AND o.path >= :lo AND o.path < :hi";
      params.push_back(lo);
      params.push_back(hi);
    }
    if (org_id) {
      auto o = org::FindOrg(tx, *org_id);
      if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
      auto [lo, hi] = org::SubtreeRange(o->path);
      where += " AND o.path >= :olo AND o.path < :ohi";
      params.push_back(lo);
      params.push_back(hi);
    }
    if (!role.empty()) {
      where += " AND a.role = :role";
      params.push_back(role);
    }
    if (!q.empty()) {
      where += " AND (a.username LIKE :q1 OR a.display_name LIKE :q2)";
      params.push_back("%" + q + "%");
      params.push_back("%" + q + "%");
    }
    db::Row r;
    db::Params counted = params;
    counted.push_back(total_limit_ + 1);
    tx.QueryOne("SELECT COUNT(*) FROM (SELECT 1 FROM accounts a JOIN orgs o ON o.id = a.org_id " + where +
                    " LIMIT :count_limit) c",
                counted, r);
    out.total = r.Int(0);
    if (out.total > total_limit_) {
      out.total = total_limit_;
      out.total_exact = false;
    }
    params.push_back(page_size);
    params.push_back((page - 1) * page_size);
    for (const auto& row : tx.Query(kAccountSelect + where + " ORDER BY a.username LIMIT :lim OFFSET :off", params))
      out.items.push_back(FromRow(row).a);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<int64_t> AccountService::CreateSystemAccount(db::Tx& tx, const NewAccount& in, const std::string& password,
                                                    bool must_change) {
  return CreateSystemAccountWithHash(tx, in, HashForSystemAccounts(password), must_change);
}

std::string AccountService::HashForSystemAccounts(const std::string& password) const {
  return auth::HashPassword(password, cost_);
}

Result<int64_t> AccountService::CreateSystemAccountWithHash(db::Tx& tx, const NewAccount& in,
                                                            const std::string& password_hash, bool must_change) {
  db::Row r;
  if (tx.QueryOne("SELECT id FROM accounts WHERE username = :u", {in.username}, r))
    return Status(Code::kConflict, "account.username_taken", {{"username", in.username}}).WithField("username");
  if (in.teacher_id && in.role != "teacher") return InvalidArgument("account.teacher_only", "teacher_id");
  if (in.teacher_id && tx.QueryOne("SELECT id FROM accounts WHERE teacher_id = :t", {*in.teacher_id}, r))
    return Status(Code::kConflict, "account.teacher_taken").WithField("teacher_id");
  int64_t now = clock_.NowSeconds();
  db::Param teacher = in.teacher_id ? db::Param(*in.teacher_id) : db::Param(nullptr);
  return tx.InsertReturningId(
      "INSERT INTO accounts (username, display_name, role, org_id, teacher_id, password_hash, "
      "must_change_password, created_at, updated_at) VALUES (:u, :d, :r, :o, :t, :h, :m, :c, :up)",
      {in.username, in.display_name, in.role, in.org_id, teacher, password_hash, int64_t{must_change ? 1 : 0}, now,
       now});
}

Result<std::pair<Account, std::string>> AccountService::Create(const auth::Actor& actor, const NewAccount& in_arg) {
  if (!MayManage(actor)) return PermissionDenied();
  NewAccount in = in_arg;
  JJ_RETURN_IF_ERROR(CheckUsername(in.username));
  if (in.display_name.empty())
    return Status(Code::kInvalidArgument, "field.empty", {{"field", "display_name"}}).WithField("display_name");
  JJ_RETURN_IF_ERROR(CheckRole(actor, in.role));
  if (in.role == "teacher" && !in.teacher_id) return InvalidArgument("account.teacher_required", "teacher_id");
  if (in.role != "teacher" && in.teacher_id) return InvalidArgument("account.teacher_only", "teacher_id");
  std::string password = auth::RandomPassword();
  Account created;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    if (in.teacher_id) {
      db::Row r;
      if (!tx.QueryOne("SELECT t.org_id, o.path FROM teachers t JOIN orgs o ON o.id = t.org_id WHERE t.id = :id",
                       {*in.teacher_id}, r) ||
          !actor.Covers(r.Str(1)))
        return NotFound().WithField("teacher_id");
      in.org_id = r.Int(0);
    }
    auto o = org::FindOrg(tx, in.org_id);
    if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
    JJ_RETURN_IF_ERROR(CheckGrant(actor.role, *auth::ParseRole(in.role), o->type));
    auto id = CreateSystemAccount(tx, in, password, true);
    if (!id.ok()) return id.status();
    created = FindAccount(tx, *id)->a;
    audit_log::Append(tx, clock_, {actor.account_id, "account.create", "account", *id, "", Snapshot(created)});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::make_pair(created, password);
}

Result<Account> AccountService::Update(const auth::Actor& actor, int64_t id, const AccountPatch& patch) {
  if (!MayManage(actor)) return PermissionDenied();
  if (patch.role) JJ_RETURN_IF_ERROR(CheckRole(actor, *patch.role));
  if (patch.disabled && *patch.disabled && id == actor.account_id) return InvalidArgument("account.self_disable", "disabled");
  if (patch.display_name && patch.display_name->empty())
    return Status(Code::kInvalidArgument, "field.empty", {{"field", "display_name"}}).WithField("display_name");
  Account updated;
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto row = FindAccount(tx, id);
    if (!row || !actor.Covers(row->org_path)) return NotFound();
    JJ_RETURN_IF_ERROR(CheckRole(actor, row->a.role));
    Account a = row->a;
    Account before = a;
    if (patch.display_name) a.display_name = *patch.display_name;
    if (patch.role) a.role = *patch.role;
    if (patch.disabled) a.disabled = *patch.disabled;
    if (patch.org_id) {
      auto o = org::FindOrg(tx, *patch.org_id);
      if (!o || !actor.Covers(o->path)) return NotFound().WithField("org_id");
      a.org_id = *patch.org_id;
    }
    if (a.role == "teacher" && !a.teacher_id) return InvalidArgument("account.teacher_required", "role");
    if (a.role != "teacher" && a.teacher_id) return InvalidArgument("account.teacher_bound", "role");
    if (patch.role || patch.org_id) {
      auto o = org::FindOrg(tx, a.org_id);
      if (!o) return NotFound().WithField("org_id");
      JJ_RETURN_IF_ERROR(CheckGrant(actor.role, *auth::ParseRole(a.role), o->type));
    }
    tx.Exec(
        "UPDATE accounts SET display_name = :d, role = :r, disabled = :x, org_id = :o, updated_at = :now WHERE id = :id",
        {a.display_name, a.role, int64_t{a.disabled ? 1 : 0}, a.org_id, clock_.NowSeconds(), id});
    if (a.disabled) tx.Exec("DELETE FROM sessions WHERE account_id = :id", {id});
    audit_log::Append(tx, clock_, {actor.account_id, "account.update", "account", id, Snapshot(before), Snapshot(a)});
    updated = FindAccount(tx, id)->a;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return updated;
}

Result<std::string> AccountService::ResetPassword(const auth::Actor& actor, int64_t id) {
  if (!MayManage(actor)) return PermissionDenied();
  std::string password = auth::RandomPassword();
  std::string hash = auth::HashPassword(password, cost_);
  Status st = db_.Transact([&](db::Tx& tx) -> Status {
    auto row = FindAccount(tx, id);
    if (!row || !actor.Covers(row->org_path)) return NotFound();
    JJ_RETURN_IF_ERROR(CheckRole(actor, row->a.role));
    tx.Exec("UPDATE accounts SET password_hash = :h, must_change_password = 1, updated_at = :now WHERE id = :id",
            {hash, clock_.NowSeconds(), id});
    tx.Exec("DELETE FROM sessions WHERE account_id = :id", {id});
    audit_log::Append(tx, clock_, {actor.account_id, "account.reset_password", "account", id, "", ""});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return password;
}

}  // namespace jj::accounts
