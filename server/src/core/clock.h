// Injected time, so that every rule that depends on "now" is testable.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/date.h"

namespace jj {

// The civil date in China Standard Time (UTC+8, no DST) of a Unix time.
inline Date ChinaDateOf(int64_t unix_seconds) { return Date::FromDaysSinceEpoch((unix_seconds + 8 * 3600) / 86400); }

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch.
  virtual int64_t NowSeconds() const = 0;
  // Today's civil date in China Standard Time (UTC+8, no DST).
  Date Today() const { return ChinaDateOf(NowSeconds()); }
};

class SystemClock final : public Clock {
 public:
  int64_t NowSeconds() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock the test sets and advances. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now) : now_(now) {}
  int64_t NowSeconds() const override { return now_.load(); }
  void Advance(int64_t seconds) { now_ += seconds; }
  void Set(int64_t now) { now_ = now; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace jj
