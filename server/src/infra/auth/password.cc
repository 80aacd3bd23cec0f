#include "infra/auth/password.h"

#include <sodium.h>

#include <cctype>

namespace jj::auth {

bool InitCrypto() { return sodium_init() >= 0; }

std::string HashPassword(const std::string& password, HashCost cost) {
  char out[crypto_pwhash_STRBYTES];
  unsigned long long ops =
      cost == HashCost::kInteractive ? crypto_pwhash_OPSLIMIT_INTERACTIVE : crypto_pwhash_OPSLIMIT_MIN;
  size_t mem = cost == HashCost::kInteractive ? crypto_pwhash_MEMLIMIT_INTERACTIVE : crypto_pwhash_MEMLIMIT_MIN;
  if (crypto_pwhash_str(out, password.data(), password.size(), ops, mem) != 0) return {};
  return out;
}

namespace {

constexpr char kInitialPrefix[] = "$jjinit$";

std::string InitialDigest(const std::string& salt_hex, const std::string& password) {
  unsigned char h[32];
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, sizeof h);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(salt_hex.data()), salt_hex.size());
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(password.data()), password.size());
  crypto_generichash_final(&st, h, sizeof h);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace

std::string HashInitialPassword(const std::string& password) {
  std::string salt = RandomHex(16);
  return kInitialPrefix + salt + "$" + InitialDigest(salt, password);
}

std::vector<std::string> HashInitialPasswords(const std::vector<std::string>& passwords) {
  // One random buffer for every salt: a getrandom call per account would
  // cost more than the hashing.
  std::vector<unsigned char> salts(passwords.size() * 16);
  if (!salts.empty()) randombytes_buf(salts.data(), salts.size());
  std::vector<std::string> out;
  out.reserve(passwords.size());
  char hex[33];
  for (size_t i = 0; i < passwords.size(); ++i) {
    sodium_bin2hex(hex, sizeof hex, salts.data() + i * 16, 16);
    std::string salt(hex, 32);
    out.push_back(kInitialPrefix + salt + "$" + InitialDigest(salt, passwords[i]));
  }
  return out;
}

bool VerifyPassword(const std::string& password, const std::string& encoded) {
  if (encoded.empty()) return false;
  if (encoded.rfind(kInitialPrefix, 0) == 0) {
    std::string rest = encoded.substr(sizeof kInitialPrefix - 1);
    auto dollar = rest.find('$');
    if (dollar == std::string::npos) return false;
    return SecureEquals(InitialDigest(rest.substr(0, dollar), password), rest.substr(dollar + 1));
  }
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), bytes);
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), bytes);
  hex.pop_back();
  return hex;
}

std::string RandomPassword() {
  static const char kLetters[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  static const char kDigits[] = "23456789";
  std::string out;
  for (int i = 0; i < 10; ++i) {
    bool digit = i == 3 || i == 7 || randombytes_uniform(4) == 0;
    if (digit)
      out += kDigits[randombytes_uniform(sizeof kDigits - 1)];
    else
      out += kLetters[randombytes_uniform(sizeof kLetters - 1)];
  }
  return out;
}

std::vector<std::string> RandomInitialPasswords(size_t n) {
  static const char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // 55, unambiguous
  constexpr size_t kLength = 12;
  constexpr unsigned kLimit = 256 - 256 % (sizeof kAlphabet - 1);  // rejection keeps draws uniform
  std::vector<std::string> out;
  out.reserve(n);
  std::vector<unsigned char> pool(4096);
  size_t at = pool.size();
  auto next = [&]() -> unsigned char {
    for (;;) {
      if (at == pool.size()) {
        randombytes_buf(pool.data(), pool.size());
        at = 0;
      }
      unsigned char b = pool[at++];
      if (b < kLimit) return kAlphabet[b % (sizeof kAlphabet - 1)];
    }
  };
  while (out.size() < n) {
    std::string p;
    for (size_t i = 0; i < kLength; ++i) p += static_cast<char>(next());
    if (IsStrongPassword(p)) out.push_back(std::move(p));
  }
  return out;
}

std::string HashToken(const std::string& text) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

bool SecureEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsStrongPassword(const std::string& p) {
  bool letter = false, digit = false;
  for (unsigned char c : p) {
    letter = letter || std::isalpha(c);
    digit = digit || std::isdigit(c);
  }
  return p.size() >= 8 && p.size() <= 128 && letter && digit;
}

}  // namespace jj::auth
