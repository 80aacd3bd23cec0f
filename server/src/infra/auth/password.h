// Argon2id password hashing (libsodium) and random secrets.
// Thread-safe. Call sodium_init() once (InitCrypto) before use.
#pragma once

#include <string>
#include <vector>

namespace jj::auth {

// Returns false when libsodium cannot start (the process must not serve).
bool InitCrypto();

enum class HashCost { kInteractive, kFastForTests };

// The encoded Argon2id string (algorithm, parameters and salt included).
std::string HashPassword(const std::string& password, HashCost cost);
// For machine-generated initial passwords only (RandomInitialPasswords, about
// 69 bits of entropy): a salted BLAKE2b digest "$jjinit$SALT$HEX". Guessing
// such a secret is infeasible without a slow hash, and a bulk import of
// 100,000 accounts cannot afford 100,000 Argon2id hashes (~130 ms each).
// These accounts must change the password at first login, which stores an
// Argon2id hash.
std::string HashInitialPassword(const std::string& password);
// The same for many passwords at once (bulk account creation).
std::vector<std::string> HashInitialPasswords(const std::vector<std::string>& passwords);
// Verifies either kind of encoded hash.
bool VerifyPassword(const std::string& password, const std::string& encoded);

// n random bytes as lower-case hex.
std::string RandomHex(size_t bytes);
// A readable initial password: 10 characters from an unambiguous alphabet,
// always with letters and digits.
std::string RandomPassword();
// n initial passwords of 12 characters from an unambiguous 55-letter
// alphabet, with letters and digits; one random buffer for all (fast in bulk).
std::vector<std::string> RandomInitialPasswords(size_t n);
// BLAKE2b-256 of `text` as hex (session tokens are stored hashed).
std::string HashToken(const std::string& text);
// Constant-time comparison.
bool SecureEquals(const std::string& a, const std::string& b);
// The product's password rule: at least 8 characters, letters and digits.
bool IsStrongPassword(const std::string& password);

}  // namespace jj::auth
