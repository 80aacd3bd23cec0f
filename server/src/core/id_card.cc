#include "core/id_card.h"

namespace jj {

char IdCardCheckChar(std::string_view first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kChars[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChars[sum % 11];
}

Result<IdCardInfo> ParseIdCard(std::string_view id) {
  if (id.size() != 18) return InvalidArgument("id_card.length", "id_number");
  std::string s(id);
  if (s[17] == 'x') s[17] = 'X';
  for (int i = 0; i < 17; ++i)
    if (s[i] < '0' || s[i] > '9') return InvalidArgument("id_card.chars", "id_number");
  if (!((s[17] >= '0' && s[17] <= '9') || s[17] == 'X'))
    return InvalidArgument("id_card.chars", "id_number");
  // Province codes run 11..82 (GB/T 2260).
  int province = (s[0] - '0') * 10 + (s[1] - '0');
  if (province < 11 || province > 82) return InvalidArgument("id_card.region", "id_number");
  auto birth = ParseDate(std::string_view(s).substr(6, 8));
  if (!birth) return InvalidArgument("id_card.birth_date", "id_number");
  char expected = IdCardCheckChar(s);
  if (s[17] != expected)
    return Status(Code::kInvalidArgument, "id_card.checksum", {{"expected", std::string(1, expected)}})
        .WithField("id_number");
  IdCardInfo info;
  info.region = s.substr(0, 6);
  info.birth_date = *birth;
  info.sex = ((s[16] - '0') % 2 == 1) ? "男" : "女";
  info.normalized = std::move(s);
  return info;
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() <= 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() <= 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

}  // namespace jj
