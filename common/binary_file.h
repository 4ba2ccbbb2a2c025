// Whole files as bytes, and the little-endian raw values dossier's own
// binary files (the NER model, the IDF table, training caches) are made of.
#ifndef DOSSIER_COMMON_BINARY_FILE_H_
#define DOSSIER_COMMON_BINARY_FILE_H_

#include <cstring>
#include <string>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dossier {

// The bytes of the file at `path`; NOT_FOUND when it cannot be read.
absl::StatusOr<std::string> ReadFileBytes(const std::string& path);

// A whole file mapped read-only into memory, for large files read once from
// start to end (the NER model): the pages come straight from the page cache,
// all in one call, where reading into a buffer would fault and copy each.
class MappedFile {
 public:
  // NOT_FOUND when the file cannot be opened or mapped.
  static absl::StatusOr<MappedFile> Open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  absl::string_view bytes() const { return {data_, size_}; }

 private:
  MappedFile(const char* data, size_t size) : data_(data), size_(size) {}
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// Replaces the file at `path` with `bytes`; UNAVAILABLE when it cannot.
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
