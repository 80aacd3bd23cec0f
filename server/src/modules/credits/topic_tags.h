// Topic tags (专题标签) on a credit record: what a requirement's topic filter
// matches (S1: 教育技术能力培训 ≥ 50 学时 for teachers under an age limit).
// One rule for every way a record is made: declared, imported, from a
// project. Plain functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace jj::credits {

inline constexpr size_t kMaxTopicTags = 10;
inline constexpr size_t kMaxTopicTagChars = 20;

// A spreadsheet cell as people write a list: "教育技术、信息化;师德" →
// {"教育技术", "信息化", "师德"}. Separators 、 ; ； , ，; blanks around a tag
// are trimmed, empty parts dropped.
std::vector<std::string> SplitTopicTags(std::string_view text);

// At most kMaxTopicTags tags, each 1..kMaxTopicTagChars characters, none
// holding a separator or a control character, no tag twice. Errors:
// InvalidArgument credits.tags_too_many / credits.tag_length /
// credits.tag_separator / credits.tag_repeated, field "topic_tags[i]"
// (`field` = "topic_tags").
Status CheckTopicTags(const std::vector<std::string>& tags, const std::string& field = "topic_tags");

}  // namespace jj::credits
