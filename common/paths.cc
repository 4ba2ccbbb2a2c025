#include "common/paths.h"

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace dossier {

std::string ResolveDataFile(absl::string_view env_var, absl::string_view relative) {
  if (const char* env = getenv(std::string(env_var).c_str()); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto source = exe.parent_path().parent_path().parent_path() / std::string(relative);
    if (std::filesystem::exists(source, ec)) return source.string();
  }
#ifdef DOSSIER_SOURCE_TREE
  // A build directory outside the source tree: the tree it was built from.
  const auto tree = std::filesystem::path(DOSSIER_SOURCE_TREE) / std::string(relative);
  if (std::filesystem::exists(tree, ec)) return tree.string();
#endif
  return absl::StrCat("/usr/share/dossier/", relative);
}

}  // namespace dossier
