#include "modules/credits/audit_cache.h"

namespace jj::credits {

AuditCache::Rows AuditCache::Get(int64_t school_id, int year, const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find({school_id, year});
  if (it == entries_.end() || it->second.token != token) return nullptr;
  return it->second.rows;
}

void AuditCache::Put(int64_t school_id, int year, const std::string& token, Rows rows) {
  if (!rows || rows->size() > max_rows_) return;
  std::lock_guard<std::mutex> lock(mu_);
  const Key key{school_id, year};
  if (auto it = entries_.find(key); it != entries_.end()) {
    rows_ -= it->second.rows->size();
    oldest_.erase(it->second.age);
    entries_.erase(it);
  }
  const size_t n = rows->size();
  EvictLocked(n);
  oldest_.push_back(key);
  entries_.emplace(key, Entry{token, std::move(rows), std::prev(oldest_.end())});
  rows_ += n;
}

void AuditCache::EvictLocked(size_t room) {
  while (!oldest_.empty() && rows_ + room > max_rows_) {
    auto it = entries_.find(oldest_.front());
    rows_ -= it->second.rows->size();
    entries_.erase(it);
    oldest_.pop_front();
  }
}

void AuditCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
  oldest_.clear();
  rows_ = 0;
}

size_t AuditCache::rows() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rows_;
}

}  // namespace jj::credits
