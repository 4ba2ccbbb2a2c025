// The `dossier` CLI run as a user runs it, with its --json output parsed,
// and the small readers of that output the integration tests share.
#ifndef DOSSIER_TESTS_SUPPORT_CLI_RUN_H_
#define DOSSIER_TESTS_SUPPORT_CLI_RUN_H_

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "tests/support/temp_dir.h"

namespace dossier::testing {

struct CliRun {
  int exit_code = -1;
  // The output as one JSON object.
  google::protobuf::Struct json;
  // The output as JSON Lines (`dossier ingest --json`): each line's object.
  std::vector<google::protobuf::Struct> lines;
  std::string log;
  // stdout as printed.
  std::string output;
};

// A run of a binary with stdout and stderr apart.
struct BinaryRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  absl::Duration took;
};

// Runs build/bin/`binary` with `args` as people run it (no --json added);
// `env` is set for the child only. Output files go in `dir`.
BinaryRun RunBinary(const TempDir& dir, const std::string& binary,
                    const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {});

// Runs `dossier ARGS... --json` and parses its JSON output; output and log
// files go in `dir`.
CliRun RunCli(const TempDir& dir, const std::vector<std::string>& args,
              absl::Duration timeout = absl::Minutes(5));

// Fills `run`'s json (the output as one object) and lines (each line that
// is an object of its own: JSON Lines) from `output`.
void ParseCliOutput(const std::string& output, CliRun* run);

// `dossier ingest --json`'s lines with this outcome ("ACCEPTED",
// "DUPLICATE", "REJECTED").
int CountOutcome(const CliRun& run, const std::string& outcome);

// A field of a JSON object; null when it is missing, as the protobuf JSON
// mapping leaves out fields at their defaults.
const google::protobuf::Value& Field(const google::protobuf::Struct& object,
                                     const std::string& name);

// The elements of a JSON list field (none when it is missing).
std::vector<google::protobuf::Struct> Items(const google::protobuf::Struct& object,
                                            const std::string& name);

// An int64 field: the JSON mapping writes those as strings.
int64_t Int(const google::protobuf::Struct& object, const std::string& name);

// Polls `done` until it holds or `timeout` passes.
bool WaitUntil(const std::function<bool()>& done, absl::Duration timeout);

// Source file prefix (e.g. "003" of "003_...txt") -> id, from `dossier
// ingest`'s JSON Lines.
std::map<std::string, std::string> IdsBySource(const CliRun& run);

// Ids `dossier ingest` reports as acknowledged (accepted now or before).
std::set<std::string> AcknowledgedIds(const CliRun& run);

}  // namespace dossier::testing

#endif  // DOSSIER_TESTS_SUPPORT_CLI_RUN_H_
