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

bool VerifyPassword(const std::string& password, const std::string& encoded) {
  if (encoded.empty()) return false;
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
