// The command line of every dossier binary: Abseil flags, with --help that
// lists the binary's own flags and their defaults. Abseil's default picks
// the flags to list by matching file names against the program name
// (dossier-query.cc), which no dossier file matches, so --help printed
// "No flags matched" and --helpfull headed each group with the absolute
// path of the build.
#ifndef DOSSIER_COMMON_FLAGS_H_
#define DOSSIER_COMMON_FLAGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dossier {

// Sets `usage` as the program's usage message and Abseil's usage reporting
// for dossier: --help and --helpshort list the flags defined in dossier's
// own source files (each binary's flags are in its main.cc), --helpfull
// adds Abseil's own (--flagfile, --fromenv...), and every file is named
// relative to the source tree. Call once, before parsing.
void SetUpFlagsUsage(absl::string_view usage);

// `path` relative to the source tree when it is inside it, else as given.
std::string SourceRelativePath(absl::string_view path);

// True for a flag file of dossier's own (not Abseil's or a library's), as
// SourceRelativePath names it.
bool IsDossierFlagFile(absl::string_view relative_path);

// SetUpFlagsUsage, then absl::ParseCommandLine. Returns the positional
// arguments, argv[0] first.
std::vector<char*> ParseFlags(int argc, char** argv, absl::string_view usage);

}  // namespace dossier

#endif  // DOSSIER_COMMON_FLAGS_H_
