#include "common/binary_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace dossier {

namespace {

// Reads the whole file at `path` into `bytes` (a string or a vector of
// char): one buffer of the file's size, filled in place, where a stream
// that grows as it reads copies the file three times. A file of no known
// size (a pipe, /proc) grows the buffer as it is read.
template <typename Buffer>
absl::Status ReadAll(const std::string& path, Buffer* bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  struct stat info;
  const size_t capacity = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0
                              ? static_cast<size_t>(info.st_size)
                              : 0;
  bytes->resize(capacity);
  size_t used = 0;
  while (true) {
    if (used == bytes->size()) bytes->resize(std::max<size_t>(bytes->size() * 2, 64 << 10));
    const ssize_t n = ::read(fd, bytes->data() + used, bytes->size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return absl::NotFoundError(absl::StrCat("cannot read ", path));
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
    // A regular file read to its size: one more read would only grow the
    // buffer to learn that nothing follows.
    if (used == capacity && capacity > 0) break;
  }
  ::close(fd);
  bytes->resize(used);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ReadFileBytes(const std::string& path) {
  std::string bytes;
  DOSSIER_RETURN_IF_ERROR(ReadAll(path, &bytes));
  return bytes;
}

absl::StatusOr<LargeFileBytes> ReadLargeFile(const std::string& path) {
  LargeFileBytes bytes;
  DOSSIER_RETURN_IF_ERROR(ReadAll(path, &bytes));
  return bytes;
}

absl::Status WriteFileBytes(const std::string& path, absl::string_view bytes) {
  // A new file renamed over the old one: whoever reads the old one (a
  // tagger reloading its model) reads it whole, and a crash leaves the old
  // file or the new one, never half of one.
  const std::string temp = absl::StrCat(path, ".tmp.", ::getpid());
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace dossier
