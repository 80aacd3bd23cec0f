#include "infra/db/collation.h"

#include <sqlite3.h>
#include <unicode/ucol.h>

#include <string>

namespace jj::db {
namespace {

// One collator for the process, opened on first use; ICU's compare
// functions are safe to call from several threads on one collator.
const UCollator* Collator() {
  static UCollator* coll = [] {
    UErrorCode status = U_ZERO_ERROR;
    UCollator* c = ucol_open("zh", &status);  // zh's default ordering is pinyin
    if (U_FAILURE(status)) return static_cast<UCollator*>(nullptr);
    return c;
  }();
  return coll;
}

int CompareUtf8(const char* a, int na, const char* b, int nb) {
  const UCollator* c = Collator();
  UErrorCode status = U_ZERO_ERROR;
  int r = 0;
  if (c) {
    UCollationResult res = ucol_strcollUTF8(c, a, na, b, nb, &status);
    if (U_SUCCESS(status)) r = res == UCOL_LESS ? -1 : res == UCOL_GREATER ? 1 : 0;
  }
  if (!c || U_FAILURE(status) || r == 0) {
    // Ties (and ICU failing) fall back to the bytes: a total order.
    int n = na < nb ? na : nb;
    int m = std::char_traits<char>::compare(a, b, static_cast<size_t>(n));
    if (m != 0) return m < 0 ? -1 : 1;
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return r;
}

int SqliteCompare(void*, int na, const void* a, int nb, const void* b) {
  return CompareUtf8(static_cast<const char*>(a), na, static_cast<const char*>(b), nb);
}

}  // namespace

const char* PinyinCollate(Dialect dialect) {
  return dialect == Dialect::kSqlite ? " COLLATE pinyin" : " COLLATE \"zh-x-icu\"";
}

bool RegisterPinyinCollation(sqlite3* db) {
  if (!Collator()) return false;
  return sqlite3_create_collation_v2(db, "pinyin", SQLITE_UTF8, nullptr, &SqliteCompare, nullptr) == SQLITE_OK;
}

int ComparePinyin(const std::string& a, const std::string& b) {
  return CompareUtf8(a.data(), static_cast<int>(a.size()), b.data(), static_cast<int>(b.size()));
}

}  // namespace jj::db
