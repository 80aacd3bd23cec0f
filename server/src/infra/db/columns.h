// A SELECT list declared once and read back by name.
//
//   const db::Columns kCols{"p.id", "p.code", "og.name AS organiser_name"};
//   tx.Query("SELECT " + kCols.Sql() + " FROM projects p ...")
//   for (const db::Row& r : rows) { db::Named n(kCols, r); n.Int("id"); n.Str("organiser_name"); }
//
// A column's name is its alias (after " AS ") or else the part after the
// last '.', so the struct mapping names columns, never positions. Asking for
// a name the list does not hold is a bug: std::logic_error (Database::Transact
// turns it into Internal).
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "infra/db/database.h"

namespace jj::db {

class Columns {
 public:
  Columns(std::initializer_list<const char*> expressions);
  // "p.id, p.code, og.name AS organiser_name"
  const std::string& Sql() const { return sql_; }
  size_t Index(std::string_view name) const;
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::map<std::string, size_t, std::less<>> index_;
  std::string sql_;
};

// One row of a query whose select list is `columns` (first), by name.
class Named {
 public:
  Named(const Columns& columns, const Row& row) : columns_(columns), row_(row) {}
  const std::string& Str(std::string_view name) const { return row_.Str(columns_.Index(name)); }
  int64_t Int(std::string_view name) const { return row_.Int(columns_.Index(name)); }
  bool Bool(std::string_view name) const { return Int(name) != 0; }
  bool IsNull(std::string_view name) const { return row_.IsNull(columns_.Index(name)); }

 private:
  const Columns& columns_;
  const Row& row_;
};

}  // namespace jj::db
