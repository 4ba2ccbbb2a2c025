// Whole files as bytes, and the little-endian raw values dossier's own
// binary files (the NER model, the IDF table, training caches) are made of.
#ifndef DOSSIER_COMMON_BINARY_FILE_H_
#define DOSSIER_COMMON_BINARY_FILE_H_

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/huge_pages.h"

namespace dossier {

// The bytes of the file at `path`; NOT_FOUND when it cannot be read.
absl::StatusOr<std::string> ReadFileBytes(const std::string& path);

// A large file read once from start to end (the NER model), into a buffer
// of its size on huge pages: the read faults in a few 2 MiB pages where a
// string faults thousands of 4 KiB ones, which on a virtual machine cost
// more than the reading. Read, not mapped: a mapped file that is rewritten
// in place while it is read (a model replaced by `cp`) would kill the
// process with SIGBUS. NOT_FOUND when it cannot be read.
using LargeFileBytes = std::vector<char, HugePageAllocator<char>>;
absl::StatusOr<LargeFileBytes> ReadLargeFile(const std::string& path);

// Replaces the file at `path` with `bytes`, by renaming a new file over it
// (a reader of the old file reads it whole); UNAVAILABLE when it cannot.
absl::Status WriteFileBytes(const std::string& path, absl::string_view bytes);

// Appends the bytes of `v` as they are in memory (little-endian here).
template <typename T>
void AppendRaw(std::string* out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

// Reads a T at `*pos` of `data` and moves past it; false when too few bytes
// are left.
template <typename T>
bool ReadRaw(absl::string_view data, size_t* pos, T* v) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (*pos > data.size() || data.size() - *pos < sizeof(T)) return false;
  std::memcpy(v, data.data() + *pos, sizeof(T));
  *pos += sizeof(T);
  return true;
}

}  // namespace dossier

#endif  // DOSSIER_COMMON_BINARY_FILE_H_
