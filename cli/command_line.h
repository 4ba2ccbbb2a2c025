// The command line of `dossier`: its commands, the arguments and flags each
// takes, their help, and usage errors.
//
// The flags themselves are defined in cli/main.cc (Abseil flags); this file
// reads and sets them by name through Abseil's flag reflection, so that one
// table says which command takes which flag, and --help, the checks and
// the errors all follow it. Abseil's own parser cannot give per-command
// help, and it exits with 1 and a bare "ERROR:" line on a bad flag; a
// usage error here is one line that says what is wrong and what to do,
// and exit code 64 (EX_USAGE).
#ifndef DOSSIER_CLI_COMMAND_LINE_H_
#define DOSSIER_CLI_COMMAND_LINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dossier::cli {

// sysexits.h's EX_USAGE: the command line was wrong.
inline constexpr int kUsageExitCode = 64;

struct CommandSpec {
  std::string name;
  // The arguments as help shows them: "ID", "PATH...", "[QUERY]".
  std::string synopsis;
  // One line for the list of commands.
  std::string summary;
  // More for `dossier COMMAND --help`; may be empty.
  std::string details;
  int min_args = 0;
  // -1 for any number (several words are read as one name or query).
  int max_args = 0;
  // The services it calls, whose address flags it lists: "ingest",
  // "tagger", "query".
  std::vector<std::string> services;
  // Its own flags. Every command also takes --json, --timeout and the
  // three address flags.
  std::vector<std::string> flags;
};

// Every command, in the order help lists them.
const std::vector<CommandSpec>& Commands();
// The command called `name`; null when there is none.
const CommandSpec* FindCommand(absl::string_view name);

struct CommandLine {
  // Null when no command was given.
  const CommandSpec* command = nullptr;
  std::vector<std::string> args;
  // --help, -h or `dossier help [COMMAND]`: print help, run nothing.
  bool help = false;
};

// The address flags' environment variables: DOSSIER_INGEST sets --ingest,
// DOSSIER_TAGGER --tagger, DOSSIER_QUERY --query (when set and not empty).
// A flag on the command line overrides them. Call before ParseCommandLine.
void ApplyEnvironment();

// What gave the address flag `flag` ("query") its value, for messages:
// "$DOSSIER_QUERY" when the variable did (and no flag overrode it), else
// "--query".
std::string AddressSource(const std::string& flag);

// Reads argv (argv[0] is the program): sets every flag it names, and
// returns the command and its arguments. Flags may come before or after
// the command; `--name=value` and `--name value` (`--name` alone for a
// boolean, `--noname` for false); `--` ends the flags. A word with one
// dash that names no flag is an argument, so that `dossier search kosovo
// -serbia` excludes a word. INVALID_ARGUMENT with the one-line message
// for: an unknown command, an unknown flag, a flag the command does not
// take, a flag without its value, a value that does not parse, too few or
// too many arguments.
absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& argv);

// `dossier --help`: the commands, then the flags every command takes.
std::string GeneralHelp();
// `dossier COMMAND --help`: what it does, its arguments, and its flags with
// their defaults.
std::string CommandHelp(const CommandSpec& command);

// Prints "dossier[ COMMAND]: PROBLEM" and a hint to --help on stderr, one
// line; returns kUsageExitCode.
int UsageError(absl::string_view command, absl::string_view problem);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_COMMAND_LINE_H_
