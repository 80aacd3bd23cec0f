// A read-only memory map of a whole file (uploads for imports): the reader
// sees the bytes without a copy on the heap. Move-only; not thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace jj::io {

class MappedFile {
 public:
  // Errors: Internal when the file cannot be opened or mapped.
  static Result<MappedFile> Open(const std::string& path);
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view view() const { return {static_cast<const char*>(data_), size_}; }
  // Drops the pages of the first `bytes` from this process's memory (they
  // stay readable: read again, they come back from the file). For a reader
  // that is done with the front of a large file: its resident pages count
  // as the process's memory until unmapped.
  void Evict(size_t bytes) const;

 private:
  MappedFile() = default;
  void* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace jj::io
