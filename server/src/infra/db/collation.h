// Chinese names in pinyin order (阿明, 李四, 王五, 张三), not by character
// code: ICU's zh collation on both databases. PostgreSQL has it built in
// ("zh-x-icu", imported by initdb from ICU); SQLite gets a collation named
// "pinyin" on every connection, backed by the same ICU collator.
#pragma once

#include "infra/db/database.h"

struct sqlite3;

namespace jj::db {

// " COLLATE pinyin" / " COLLATE \"zh-x-icu\"": appended to an ORDER BY term.
const char* PinyinCollate(Dialect dialect);

// Registers "pinyin" on a SQLite connection; false when ICU cannot open its
// zh collator (the connection then sorts by code, and the caller fails).
bool RegisterPinyinCollation(sqlite3* db);

// The comparison itself (<0, 0, >0), for tests.
int ComparePinyin(const std::string& a, const std::string& b);

}  // namespace jj::db
