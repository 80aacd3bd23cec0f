// Small text helpers shared by every module: the "、"-joined lists the
// database stores (stages, posts, topic tags) and dates as people type them.
// Plain functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jj {

// "小学、初中" → {"小学", "初中"}; empty parts are dropped.
std::vector<std::string> SplitList(std::string_view joined, std::string_view separator = "、");
// {"小学", "初中"} → "小学、初中".
std::string JoinList(const std::vector<std::string>& items, std::string_view separator = "、");

// Whether `items` holds `value` (a vocabulary, a list from SplitList).
bool Contains(const std::vector<std::string>& items, std::string_view value);

// A date as spreadsheets and people write it — 2020-09-01, 2020/9/1,
// 2020.9.1, 20200901 — as "YYYY-MM-DD"; anything else is returned as given
// (so the caller's validation reports it as the user wrote it).
std::string NormalizeDateText(std::string_view text);

}  // namespace jj
