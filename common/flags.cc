#include "common/flags.h"

#include <cstdlib>
#include <iostream>

#include "absl/flags/internal/parse.h"
#include "absl/flags/internal/usage.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace dossier {

std::string SourceRelativePath(absl::string_view path) {
  absl::string_view p = path;
  if (absl::ConsumePrefix(&p, DOSSIER_SOURCE_TREE) && absl::ConsumePrefix(&p, "/")) {
    return std::string(p);
  }
  return std::string(path);
}

bool IsDossierFlagFile(absl::string_view relative_path) {
  // Ours are relative once the source tree is cut off; Abseil's (built by
  // Debian elsewhere) keep their own paths, which name absl/.
  return !relative_path.empty() && relative_path[0] != '/' &&
         !absl::StrContains(relative_path, "absl/");
}

void SetUpFlagsUsage(absl::string_view usage) {
  absl::FlagsUsageConfig config;
  config.contains_help_flags = IsDossierFlagFile;
  config.contains_helpshort_flags = IsDossierFlagFile;
  config.normalize_filename = SourceRelativePath;
  absl::SetFlagsUsageConfig(config);
  absl::SetProgramUsageMessage(usage);
}

std::vector<char*> ParseFlags(int argc, char** argv, absl::string_view usage) {
  // Abseil heads the usage with "PROGRAM: " itself.
  if (argc > 0) {
    absl::string_view program = argv[0];
    if (const size_t slash = program.rfind('/'); slash != absl::string_view::npos) {
      program.remove_prefix(slash + 1);
    }
    if (absl::StartsWith(usage, absl::StrCat(program, ": "))) {
      usage.remove_prefix(program.size() + 2);
    }
  }
  SetUpFlagsUsage(usage);
  // absl::ParseCommandLine, but for the exit code of --help: Abseil 20220623
  // exits with 1 after printing help as asked, which reads as a failure.
  std::vector<char*> positional = absl::flags_internal::ParseCommandLineImpl(
      argc, argv, absl::flags_internal::ArgvListAction::kRemoveParsedArgs,
      absl::flags_internal::UsageFlagsAction::kIgnoreUsage,
      absl::flags_internal::OnUndefinedFlag::kAbortIfUndefined);
  if (absl::flags_internal::HandleUsageFlags(std::cout, absl::ProgramUsageMessage()) != -1) {
    std::exit(0);
  }
  return positional;
}

}  // namespace dossier
