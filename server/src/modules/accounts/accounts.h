// Accounts, login sessions and account management.
//
// Sessions live in the database (so several `serve` processes share them):
// the cookie carries a random token, the table stores its BLAKE2b hash with
// a CSRF token and an expiry.
//
// Throttling (docs/security.md): wrong passwords, at login and as the old
// password of a change, are counted per (username, client address) within
// kThrottleWindow. After kMaxFailures from one address, that address waits
// 30 s before its next try, doubling with each further failure up to the
// window; other addresses are not slowed, so nobody elsewhere can lock an
// account out. Past kMaxAccountFailures from all addresses together the
// account takes no password until the window passes.
//
// Management: sys admins manage every account; bureau and school admins the
// accounts whose org lies in their subtree. Which roles an actor may create,
// and at which org types, is grants.h. One teacher has at most one account,
// and only a teacher account is linked to a teacher. Every change is written
// to the audit log.
// Thread-safe (stateless over the Database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/vocabulary.h"
#include "infra/auth/actor.h"
#include "infra/auth/password.h"
#include "infra/db/database.h"

namespace jj::accounts {

// role with its labels (GET /api/v1/meta/enums).
std::vector<Vocabulary> Vocabularies();

inline constexpr int kMaxFailures = 5;
inline constexpr int kMaxAccountFailures = 100;
inline constexpr int64_t kFirstDelay = 30;
inline constexpr int64_t kThrottleWindow = 15 * 60;
inline constexpr int64_t kSessionLifetime = 12 * 3600;

struct Account {
  int64_t id = 0;
  std::string username, display_name, role;
  int64_t org_id = 0;
  std::string org_name;
  std::optional<int64_t> teacher_id;
  bool disabled = false;
  bool must_change_password = false;
};

struct LoginResult {
  std::string session_token;  // goes into the cookie, never stored
  auth::Actor actor;          // includes the csrf token
};

struct NewAccount {
  std::string username, display_name, role;
  int64_t org_id = 0;
  std::optional<int64_t> teacher_id;
};

struct AccountPatch {
  std::optional<std::string> display_name, role;
  std::optional<int64_t> org_id;
  std::optional<bool> disabled;
};

// `total` is exact up to kAccountTotalLimit; above it, that limit with
// `total_exact` false (at least so many match; the count stops there).
inline constexpr int64_t kAccountTotalLimit = 10000;

struct AccountPage {
  std::vector<Account> items;
  int64_t total = 0, page = 1, page_size = 20;
  bool total_exact = true;
};

// 3 to 32 letters, digits, '_' or '.'; InvalidArgument account.username_format.
Status CheckUsername(const std::string& username);

// A fresh session of an account: the token goes into the cookie (never
// stored; the sessions table keeps its BLAKE2b hash), the CSRF token is
// required on mutations.
struct NewSession {
  std::string token, csrf_token;
};

// Opens a session for `account_id` in the caller's transaction, valid for
// kSessionLifetime from `now`, without any password check. Login calls it
// after verifying the password; load tests (bench/rush_seed.cc) call it to
// sign thousands of teachers in without an Argon2id hash each.
NewSession OpenSession(db::Tx& tx, int64_t account_id, int64_t now);

class AccountService {
 public:
  AccountService(db::Database& db, const Clock& clock, auth::HashCost cost)
      : db_(db), clock_(clock), cost_(cost) {}
  // Where List stops counting (see AccountPage); tests lower it. Set before serving.
  void set_total_limit(int64_t limit) { total_limit_ = limit < 1 ? 1 : limit; }

  // Errors: Unauthenticated auth.bad_credentials / auth.disabled,
  // TooManyRequests auth.throttled.
  // `address` is the client's (Request::remote_ip).
  Result<LoginResult> Login(const std::string& username, const std::string& password, const std::string& address);
  Status Logout(const std::string& session_token);
  // The actor of a live session; Unauthenticated when missing or expired.
  Result<auth::Actor> Resolve(const std::string& session_token);
  // The actor of an account without a session (background jobs act for the
  // account that started them). Errors: Unauthenticated when disabled or gone.
  Result<auth::Actor> ActorOf(int64_t account_id);
  // Ends every other session of the account (the one with `session_token`
  // stays). Errors: InvalidArgument auth.bad_credentials (wrong old
  // password, throttled as a login is), auth.password_weak /
  // auth.password_same, TooManyRequests auth.throttled.
  Status ChangePassword(const auth::Actor& actor, const std::string& session_token, const std::string& address,
                        const std::string& old_password, const std::string& new_password);

  Result<AccountPage> List(const auth::Actor& actor, int64_t page, int64_t page_size, const std::string& q,
                           const std::string& role, std::optional<int64_t> org_id);
  // Returns the account and its one-time initial password.
  Result<std::pair<Account, std::string>> Create(const auth::Actor& actor, const NewAccount& in);
  Result<Account> Update(const auth::Actor& actor, int64_t id, const AccountPatch& patch);
  Result<std::string> ResetPassword(const auth::Actor& actor, int64_t id);

  // For the CLI and demo seeding: creates an account with a known password,
  // no actor checks. Errors: Conflict when the username exists or the
  // teacher has an account; InvalidArgument account.teacher_only.
  Result<int64_t> CreateSystemAccount(db::Tx& tx, const NewAccount& in, const std::string& password,
                                      bool must_change);
  // The same with a hash made by HashForSystemAccounts, so that many demo
  // accounts sharing one known password cost one Argon2id hash, not one each.
  Result<int64_t> CreateSystemAccountWithHash(db::Tx& tx, const NewAccount& in, const std::string& password_hash,
                                              bool must_change);
  std::string HashForSystemAccounts(const std::string& password) const;

 private:
  // TooManyRequests auth.throttled when (username, address) must wait.
  Status CheckThrottle(const std::string& username, const std::string& address, int64_t now);
  Status RecordFailure(const std::string& username, const std::string& address, int64_t now);

  db::Database& db_;
  const Clock& clock_;
  auth::HashCost cost_;
  int64_t total_limit_ = kAccountTotalLimit;
};

}  // namespace jj::accounts
