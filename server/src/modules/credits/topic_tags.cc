#include "modules/credits/topic_tags.h"

#include <algorithm>
#include <array>

namespace jj::credits {

namespace {

constexpr std::array<std::string_view, 5> kSeparators = {"、", ";", "；", ",", "，"};

std::string_view Trim(std::string_view s) {
  auto blank = [](std::string_view v, size_t at) -> size_t {  // bytes of a blank at `at`, 0 if none
    if (at >= v.size()) return 0;
    if (v[at] == ' ' || v[at] == '\t' || v[at] == '\r' || v[at] == '\n') return 1;
    if (v.substr(at, 3) == "\u3000") return 3;  // ideographic space
    return 0;
  };
  while (size_t n = blank(s, 0)) s.remove_prefix(n);
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\u3000") {
      s.remove_suffix(3);
    } else {
      return s;
    }
  }
}

size_t Chars(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

Status TagError(const char* key, const std::string& field, size_t i, std::map<std::string, std::string> params = {}) {
  return Status(Code::kInvalidArgument, key, std::move(params)).WithField(field + "[" + std::to_string(i) + "]");
}

}  // namespace

std::vector<std::string> SplitTopicTags(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size();) {
    size_t sep = 0;
    if (i < text.size()) {
      for (std::string_view s : kSeparators)
        if (text.substr(i, s.size()) == s) sep = s.size();
    }
    if (i == text.size() || sep) {
      std::string_view part = Trim(text.substr(start, i - start));
      if (!part.empty()) out.emplace_back(part);
      if (i == text.size()) break;
      i += sep;
      start = i;
    } else {
      ++i;
    }
  }
  return out;
}

Status CheckTopicTags(const std::vector<std::string>& tags, const std::string& field) {
  if (tags.size() > kMaxTopicTags)
    return Status(Code::kInvalidArgument, "credits.tags_too_many", {{"max", std::to_string(kMaxTopicTags)}})
        .WithField(field);
  for (size_t i = 0; i < tags.size(); ++i) {
    const std::string& t = tags[i];
    const size_t n = Chars(t);
    if (n == 0 || n > kMaxTopicTagChars || Trim(t).size() != t.size())
      return TagError("credits.tag_length", field, i, {{"max", std::to_string(kMaxTopicTagChars)}});
    for (std::string_view s : kSeparators)
      if (t.find(s) != std::string::npos) return TagError("credits.tag_separator", field, i, {{"tag", t}});
    for (char c : t)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return TagError("credits.tag_separator", field, i, {{"tag", t}});
    for (size_t k = 0; k < i; ++k)
      if (tags[k] == t) return TagError("credits.tag_repeated", field, i, {{"tag", t}});
  }
  return Status::Ok();
}

}  // namespace jj::credits
