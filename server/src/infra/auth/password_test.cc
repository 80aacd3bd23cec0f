#include "infra/auth/password.h"

#include <gtest/gtest.h>

#include <set>

namespace jj::auth {
namespace {

TEST(Password, ArgonHashVerifiesOnlyTheRightPassword) {
  ASSERT_TRUE(InitCrypto());
  std::string h = HashPassword("Secret123", HashCost::kFastForTests);
  EXPECT_TRUE(VerifyPassword("Secret123", h));
  EXPECT_FALSE(VerifyPassword("Secret124", h));
  EXPECT_FALSE(VerifyPassword("Secret123", ""));
}

TEST(Password, InitialPasswordsAreStrongDistinctAndVerifyWithTheirFastHash) {
  ASSERT_TRUE(InitCrypto());
  auto passwords = RandomInitialPasswords(2000);
  ASSERT_EQ(passwords.size(), 2000u);
  std::set<std::string> distinct(passwords.begin(), passwords.end());
  EXPECT_EQ(distinct.size(), passwords.size());
  for (const auto& p : passwords) {
    EXPECT_EQ(p.size(), 12u);
    EXPECT_TRUE(IsStrongPassword(p)) << p;
    EXPECT_EQ(p.find_first_of("0O1lI"), std::string::npos) << p;
  }
  std::string h = HashInitialPassword(passwords[0]);
  EXPECT_EQ(h.rfind("$jjinit$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(passwords[0], h));
  EXPECT_FALSE(VerifyPassword(passwords[1], h));
  // Salted: the same password hashes differently twice.
  EXPECT_NE(HashInitialPassword(passwords[0]), h);
  // A tampered or truncated encoding never verifies.
  EXPECT_FALSE(VerifyPassword(passwords[0], h.substr(0, h.size() - 1)));
  EXPECT_FALSE(VerifyPassword(passwords[0], "$jjinit$nodollar"));
  // In bulk: each verifies its own password only, salts differ.
  auto hashes = HashInitialPasswords({passwords[0], passwords[1], passwords[0]});
  ASSERT_EQ(hashes.size(), 3u);
  EXPECT_TRUE(VerifyPassword(passwords[0], hashes[0]));
  EXPECT_TRUE(VerifyPassword(passwords[1], hashes[1]));
  EXPECT_FALSE(VerifyPassword(passwords[1], hashes[0]));
  EXPECT_NE(hashes[0], hashes[2]);
}

}  // namespace
}  // namespace jj::auth
