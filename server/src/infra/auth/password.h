// Argon2id password hashing (libsodium) and random secrets.
// Thread-safe. Call sodium_init() once (InitCrypto) before use.
#pragma once

#include <string>

namespace jj::auth {

// Returns false when libsodium cannot start (the process must not serve).
bool InitCrypto();

enum class HashCost { kInteractive, kFastForTests };

// The encoded Argon2id string (algorithm, parameters and salt included).
std::string HashPassword(const std::string& password, HashCost cost);
bool VerifyPassword(const std::string& password, const std::string& encoded);

// n random bytes as lower-case hex.
std::string RandomHex(size_t bytes);
// A readable initial password: 10 characters from an unambiguous alphabet,
// always with letters and digits.
std::string RandomPassword();
// BLAKE2b-256 of `text` as hex (session tokens are stored hashed).
std::string HashToken(const std::string& text);
// Constant-time comparison.
bool SecureEquals(const std::string& a, const std::string& b);
// The product's password rule: at least 8 characters, letters and digits.
bool IsStrongPassword(const std::string& password);

}  // namespace jj::auth
