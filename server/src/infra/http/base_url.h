// The public address that links leaving the browser start with: the
// certificate's QR code and printed verification link, and the check-in QR
// codes of project sessions. A printed certificate is verified from a phone
// long after it was issued, so the address must be the one the office
// publishes, not a guess: it is a setting (--base-url / JIJIAO_BASE_URL),
// defaulted only for a demo database to the address the server listens on.
// Thread-safe: read by HTTP workers and job threads, set at start-up.
#pragma once

#include <mutex>
#include <string>

namespace jj::http {

class BaseUrl {
 public:
  // Where the value came from: the setting, the demo default, or nowhere.
  enum class Source { kMissing, kSetting, kDemo };

  BaseUrl() = default;
  explicit BaseUrl(std::string setting) { Set(std::move(setting), Source::kSetting); }

  // "" when not configured. A trailing '/' is dropped.
  std::string Get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return value_;
  }
  Source source() const {
    std::lock_guard<std::mutex> lock(mu_);
    return source_;
  }
  // Sets the value ("" with kMissing clears it).
  void Set(std::string value, Source source) {
    while (!value.empty() && value.back() == '/') value.pop_back();
    std::lock_guard<std::mutex> lock(mu_);
    value_ = std::move(value);
    source_ = value_.empty() ? Source::kMissing : source;
  }

 private:
  mutable std::mutex mu_;
  std::string value_;
  Source source_ = Source::kMissing;
};

inline const char* SourceName(BaseUrl::Source s) {
  return s == BaseUrl::Source::kSetting ? "setting" : s == BaseUrl::Source::kDemo ? "demo" : "missing";
}

}  // namespace jj::http
