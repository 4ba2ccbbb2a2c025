// Where the data files a binary ships with (models) are found.
#ifndef DOSSIER_COMMON_PATHS_H_
#define DOSSIER_COMMON_PATHS_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dossier {

// The value of $`env_var` when set; else `relative` (e.g.
// "models/ner/model.bin") beside the build directory of the running binary
// (<binary>/../../), when it exists there; else in the source tree it was
// built from, when it exists there; else under /usr/share/dossier/.
std::string ResolveDataFile(absl::string_view env_var, absl::string_view relative);

}  // namespace dossier

#endif  // DOSSIER_COMMON_PATHS_H_
