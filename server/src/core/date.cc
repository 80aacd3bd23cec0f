#include "core/date.h"

#include <cstdio>

namespace jj {

bool IsValidDate(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

std::string Date::ToString() const {
  if (year >= 0 && year <= 9999 && month >= 0 && month <= 99 && day >= 0 && day <= 99) {
    // snprintf's format parsing is most of the cost (imports format a date per row).
    std::string s = "0000-00-00";
    s[0] = static_cast<char>('0' + year / 1000);
    s[1] = static_cast<char>('0' + year / 100 % 10);
    s[2] = static_cast<char>('0' + year / 10 % 10);
    s[3] = static_cast<char>('0' + year % 10);
    s[5] = static_cast<char>('0' + month / 10);
    s[6] = static_cast<char>('0' + month % 10);
    s[8] = static_cast<char>('0' + day / 10);
    s[9] = static_cast<char>('0' + day % 10);
    return s;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// Howard Hinnant's days_from_civil.
long Date::DaysSinceEpoch() const {
  int y = year - (month <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
  unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

Date Date::FromDaysSinceEpoch(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = static_cast<long>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

namespace {
bool Digits(std::string_view s, int& out) {
  if (s.empty()) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}
}  // namespace

std::optional<Date> ParseDate(std::string_view t) {
  int y, m, d;
  if (t.size() == 8) {
    if (!Digits(t.substr(0, 4), y) || !Digits(t.substr(4, 2), m) || !Digits(t.substr(6, 2), d)) return std::nullopt;
  } else if (t.size() == 10 && (t[4] == '-' || t[4] == '/') && t[7] == t[4]) {
    if (!Digits(t.substr(0, 4), y) || !Digits(t.substr(5, 2), m) || !Digits(t.substr(8, 2), d)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!IsValidDate(y, m, d)) return std::nullopt;
  return Date{y, m, d};
}

int YearsBetween(const Date& from, const Date& on) {
  int years = on.year - from.year;
  if (on.month < from.month || (on.month == from.month && on.day < from.day)) --years;
  return years;
}

}  // namespace jj
