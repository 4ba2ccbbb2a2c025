// A fresh directory for one test, removed with everything in it afterwards.
#ifndef DOSSIER_TESTS_SUPPORT_TEMP_DIR_H_
#define DOSSIER_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>

namespace dossier::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string Sub(const std::string& name) const;

 private:
  std::string path_;
};

// The repository root (DOSSIER_SOURCE_DIR, set by CTest).
std::string SourceDir();
// Where the built binaries are (DOSSIER_BIN_DIR, set by CTest).
std::string BinDir();
// ../shared beside the repository root, or DOSSIER_SHARED_DIR.
std::string SharedDir();

}  // namespace dossier::testing

#endif  // DOSSIER_TESTS_SUPPORT_TEMP_DIR_H_
