// The audit tables of schools, kept between requests: a bureau's audit table
// and completion page audit every school of its scope on every request
// (a county: 6,500 teachers; a city: 100,000), while the records change
// rarely. An entry is the rows of one school for one year, valid while the
// audit log's head (audit_log::HeadHash) is what it was when the rows were
// read: every change the audit depends on (records, teachers, exemptions,
// stamps, policies, locks, org names) is logged in the transaction that
// makes it, in whichever process, so a new head means "read again".
// A change made behind the server's back (not through it, so not logged)
// is seen at the next logged change or restart; verify-log reports such
// changes as tampering.
//
// Bounded: at most `max_rows` rows in all; when a new school would pass the
// bound the oldest schools go first.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modules/credits/credits.h"

namespace jj::credits {

class AuditCache {
 public:
  using Rows = std::shared_ptr<const std::vector<AuditRow>>;
  explicit AuditCache(size_t max_rows) : max_rows_(max_rows) {}

  // The school's rows for `year` read under `token`, if kept (null if not).
  Rows Get(int64_t school_id, int year, const std::string& token);
  // Keeps the rows (read after `token` was taken).
  void Put(int64_t school_id, int year, const std::string& token, Rows rows);
  void Clear();
  size_t rows() const;

 private:
  using Key = std::pair<int64_t, int>;
  struct Entry {
    std::string token;
    Rows rows;
    std::list<Key>::iterator age;
  };
  void EvictLocked(size_t room);
  const size_t max_rows_;
  mutable std::mutex mu_;
  std::map<Key, Entry> entries_;
  std::list<Key> oldest_;  // front: put first
  size_t rows_ = 0;
};

}  // namespace jj::credits
