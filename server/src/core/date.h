// Civil dates without time zones: the unit of every rule in this product
// (training dates, birth dates, hire dates, audit years).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jj {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  auto operator<=>(const Date&) const = default;
  // "YYYY-MM-DD".
  std::string ToString() const;
  // Days since 1970-01-01 (proleptic Gregorian).
  long DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(long days);
};

bool IsValidDate(int year, int month, int day);
// Parses "YYYY-MM-DD" (also accepts "YYYY/MM/DD" and "YYYYMMDD");
// nullopt when malformed or not a real day.
std::optional<Date> ParseDate(std::string_view text);
// Whole years from `birth` to `on` (age on that date).
int YearsBetween(const Date& from, const Date& on);

}  // namespace jj
