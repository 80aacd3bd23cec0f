// Accounts, login sessions and account management.
//
// Sessions live in the database (so several `serve` processes share them):
// the cookie carries a random token, the table stores its BLAKE2b hash with
// a CSRF token and an expiry. Failed logins are counted per username; after
// kMaxFailures within kThrottleWindow the username is refused until the
// window passes.
//
// Management: sys admins manage every account; bureau and school admins the
// accounts whose org lies in their subtree, never granting a role above
// their own. Every change is written to the audit log.
// Thread-safe (stateless over the Database).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "infra/auth/actor.h"
#include "infra/auth/password.h"
#include "infra/db/database.h"

namespace jj::accounts {

inline constexpr int kMaxFailures = 5;
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

struct AccountPage {
  std::vector<Account> items;
  int64_t total = 0, page = 1, page_size = 20;
};

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

  // Errors: Unauthenticated auth.bad_credentials / auth.disabled,
  // TooManyRequests auth.throttled.
  Result<LoginResult> Login(const std::string& username, const std::string& password);
  Status Logout(const std::string& session_token);
  // The actor of a live session; Unauthenticated when missing or expired.
  Result<auth::Actor> Resolve(const std::string& session_token);
  // The actor of an account without a session (background jobs act for the
  // account that started them). Errors: Unauthenticated when disabled or gone.
  Result<auth::Actor> ActorOf(int64_t account_id);
  // Errors: Unauthenticated (wrong old password), InvalidArgument
  // auth.password_weak / auth.password_same.
  Status ChangePassword(const auth::Actor& actor, const std::string& old_password, const std::string& new_password);

  Result<AccountPage> List(const auth::Actor& actor, int64_t page, int64_t page_size, const std::string& q,
                           const std::string& role, std::optional<int64_t> org_id);
  // Returns the account and its one-time initial password.
  Result<std::pair<Account, std::string>> Create(const auth::Actor& actor, const NewAccount& in);
  Result<Account> Update(const auth::Actor& actor, int64_t id, const AccountPatch& patch);
  Result<std::string> ResetPassword(const auth::Actor& actor, int64_t id);

  // For the CLI and demo seeding: creates an account with a known password,
  // no actor checks. Errors: Conflict when the username exists.
  Result<int64_t> CreateSystemAccount(db::Tx& tx, const NewAccount& in, const std::string& password,
                                      bool must_change);
  // The same with a hash made by HashForSystemAccounts, so that many demo
  // accounts sharing one known password cost one Argon2id hash, not one each.
  Result<int64_t> CreateSystemAccountWithHash(db::Tx& tx, const NewAccount& in, const std::string& password_hash,
                                              bool must_change);
  std::string HashForSystemAccounts(const std::string& password) const;

 private:
  db::Database& db_;
  const Clock& clock_;
  auth::HashCost cost_;
};

}  // namespace jj::accounts
