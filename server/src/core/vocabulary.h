// A closed vocabulary of the API — a role, a stage, a project state — with
// its labels. The values come from the module that owns them (its own list,
// which its validation uses); the labels are written once, beside that
// module's list; GET /api/v1/meta/enums serves every module's vocabularies,
// so that the UI holds no list of its own. Plain values; thread-safe.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace jj {

struct Term {
  std::string value, zh, en;
};

struct Vocabulary {
  std::string kind;  // "stage", "project_state", ...
  std::vector<Term> terms;
};

using Labels = std::map<std::string, std::pair<std::string, std::string>>;  // value → {zh, en}

// `kind` from `values` (in their order) and `labels`. A Chinese value is its
// own zh label, so `labels` may give only the English ({"", "Primary"}); a
// value without a label keeps empty labels, which the vocabulary test
// reports.
Vocabulary MakeVocabulary(std::string kind, const std::vector<std::string>& values, const Labels& labels);

}  // namespace jj
