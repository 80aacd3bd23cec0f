// The 18-character resident identity card number (居民身份证号, GB 11643):
// 6-digit region code, 8-digit birth date, 3-digit sequence (odd = male),
// and an ISO 7064 MOD 11-2 check character (0-9 or X).
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/result.h"

namespace jj {

struct IdCardInfo {
  std::string normalized;  // upper-case X
  std::string region;      // first 6 digits
  Date birth_date;
  std::string sex;  // "男" or "女"
};

// The check character for the first 17 digits (caller guarantees 17 digits).
char IdCardCheckChar(std::string_view first17);

// Validates and decodes. Errors (InvalidArgument, field "id_number"):
// id_card.length, id_card.chars, id_card.checksum, id_card.birth_date,
// id_card.region. Accepts a lower-case x.
Result<IdCardInfo> ParseIdCard(std::string_view id);

// "440106********123X": keeps the first 6 and the last 4 characters.
std::string MaskIdNumber(std::string_view id);
// "138****5678": keeps the first 3 and the last 4 characters.
std::string MaskPhone(std::string_view phone);

}  // namespace jj
