#include "core/vocabulary.h"

namespace jj {

namespace {

bool IsAscii(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

}  // namespace

Vocabulary MakeVocabulary(std::string kind, const std::vector<std::string>& values, const Labels& labels) {
  Vocabulary v{std::move(kind), {}};
  for (const auto& value : values) {
    Term t{value, "", ""};
    if (auto it = labels.find(value); it != labels.end()) {
      t.zh = it->second.first;
      t.en = it->second.second;
    }
    if (t.zh.empty() && !IsAscii(value)) t.zh = value;
    v.terms.push_back(std::move(t));
  }
  return v;
}

}  // namespace jj
