#include "infra/io/mapped_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace jj::io {
namespace {

TEST(MappedFile, EvictedPagesReadBackFromTheFile) {
  auto path = std::filesystem::temp_directory_path() / ("jj_mapped_" + std::to_string(getpid()) + ".txt");
  std::string text;
  for (int i = 0; i < 100000; ++i) text += std::to_string(i) + "\n";  // ~570 KB, many pages
  std::ofstream(path, std::ios::binary) << text;
  auto f = MappedFile::Open(path.string());
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(f->view(), text);
  f->Evict(text.size() / 2);
  f->Evict(text.size() + 12345);  // past the end: the whole file
  EXPECT_EQ(f->view(), text);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace jj::io
