#include "infra/db/columns.h"

#include <stdexcept>

namespace jj::db {

Columns::Columns(std::initializer_list<const char*> expressions) {
  for (const char* e : expressions) {
    const std::string expr = e;
    std::string name;
    if (size_t as = expr.rfind(" AS "); as != std::string::npos)
      name = expr.substr(as + 4);
    else if (size_t dot = expr.rfind('.'); dot != std::string::npos)
      name = expr.substr(dot + 1);
    else
      name = expr;
    if (!index_.emplace(name, names_.size()).second) throw std::logic_error("duplicate column name: " + name);
    names_.push_back(name);
    if (!sql_.empty()) sql_ += ", ";
    sql_ += expr;
  }
}

size_t Columns::Index(std::string_view name) const {
  auto it = index_.find(name);
  if (it == index_.end()) throw std::logic_error("no column named " + std::string(name));
  return it->second;
}

}  // namespace jj::db
