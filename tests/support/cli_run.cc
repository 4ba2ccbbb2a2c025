#include "tests/support/cli_run.h"

#include <cstdlib>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "tests/support/process.h"

namespace dossier::testing {

// Runs build/bin/`binary` with `args`; `env` is set for the child only.
BinaryRun RunBinary(const TempDir& dir, const std::string& binary,
                    const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env) {
  static int runs = 0;
  const std::string out = dir.Sub(absl::StrCat("run-", ++runs, ".out"));
  const std::string err = dir.Sub(absl::StrCat("run-", runs, ".err"));
  std::vector<std::string> argv = {BinDir() + "/" + binary};
  argv.insert(argv.end(), args.begin(), args.end());
  // The child inherits the environment as it is when it starts.
  std::map<std::string, std::optional<std::string>> saved;
  for (const auto& [name, value] : env) {
    const char* old = std::getenv(name.c_str());
    saved[name] = old == nullptr ? std::nullopt : std::optional<std::string>(old);
    setenv(name.c_str(), value.c_str(), 1);
  }
  BinaryRun run;
  const absl::Time start = absl::Now();
  auto process = Process::Start(argv, err, out);
  for (const auto& [name, value] : saved) {
    if (value.has_value()) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  if (!process.ok()) return run;
  auto code = process->Wait(absl::Minutes(2));
  run.took = absl::Now() - start;
  run.exit_code = code.ok() ? *code : -1;
  run.out = ReadFile(out);
  run.err = ReadFile(err);
  return run;
}

// Runs `dossier ARGS... --json` and parses its JSON output.
CliRun RunCli(const TempDir& dir, const std::vector<std::string>& args, absl::Duration timeout) {
  static int runs = 0;
  const std::string out = dir.Sub(absl::StrCat("cli-", ++runs, ".json"));
  const std::string log = dir.Sub(absl::StrCat("cli-", runs, ".log"));
  std::vector<std::string> argv = {BinDir() + "/dossier"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--json");
  CliRun run;
  auto process = Process::Start(argv, log, out);
  if (!process.ok()) return run;
  auto code = process->Wait(timeout);
  run.exit_code = code.ok() ? *code : -1;
  run.log = ReadFile(log);
  run.output = ReadFile(out);
  ParseCliOutput(run.output, &run);
  return run;
}

void ParseCliOutput(const std::string& output, CliRun* run) {
  run->output = output;
  if (!google::protobuf::util::JsonStringToMessage(output, &run->json).ok()) run->json.Clear();
  // A line that is an object on its own; an indented object's lines are not.
  for (absl::string_view line : absl::StrSplit(output, '\n', absl::SkipWhitespace())) {
    google::protobuf::Struct object;
    if (google::protobuf::util::JsonStringToMessage(std::string(line), &object).ok()) {
      run->lines.push_back(std::move(object));
    }
  }
}

int CountOutcome(const CliRun& run, const std::string& outcome) {
  int n = 0;
  for (const auto& line : run.lines) {
    if (Field(Field(line, "result").struct_value(), "outcome").string_value() ==
        "INGEST_OUTCOME_" + outcome) {
      ++n;
    }
  }
  return n;
}

// A field of a JSON object; null when it is missing, as the protobuf JSON
// mapping leaves out fields at their defaults.
const google::protobuf::Value& Field(const google::protobuf::Struct& object,
                                     const std::string& name) {
  static const google::protobuf::Value* const kNull = new google::protobuf::Value();
  auto it = object.fields().find(name);
  return it == object.fields().end() ? *kNull : it->second;
}

// The elements of a JSON list field (none when it is missing).
std::vector<google::protobuf::Struct> Items(const google::protobuf::Struct& object,
                                            const std::string& name) {
  std::vector<google::protobuf::Struct> out;
  for (const auto& v : Field(object, name).list_value().values()) out.push_back(v.struct_value());
  return out;
}

// An int64 field: the JSON mapping writes those as strings.
int64_t Int(const google::protobuf::Struct& object, const std::string& name) {
  const google::protobuf::Value& v = Field(object, name);
  if (v.has_number_value()) return static_cast<int64_t>(v.number_value());
  int64_t n = 0;
  return absl::SimpleAtoi(v.string_value(), &n) ? n : 0;
}

// Polls `done` until it holds or `timeout` passes.
bool WaitUntil(const std::function<bool()>& done, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return true;
}

// Source file name (e.g. "003_...txt") -> id, from the CLI's JSON Lines.
std::map<std::string, std::string> IdsBySource(const CliRun& run) {
  std::map<std::string, std::string> out;
  for (const auto& line : run.lines) {
    std::string source = Field(line, "source").string_value();
    source = source.substr(source.rfind('/') + 1);
    out[source.substr(0, 3)] =
        Field(Field(line, "result").struct_value(), "documentId").string_value();
  }
  return out;
}

// Ids the CLI reports as acknowledged (accepted now or before).
std::set<std::string> AcknowledgedIds(const CliRun& run) {
  std::set<std::string> ids;
  for (const auto& line : run.lines) {
    const google::protobuf::Struct& result = Field(line, "result").struct_value();
    const std::string outcome = Field(result, "outcome").string_value();
    if (outcome == "INGEST_OUTCOME_ACCEPTED" || outcome == "INGEST_OUTCOME_DUPLICATE") {
      ids.insert(Field(result, "documentId").string_value());
    }
  }
  return ids;
}

}  // namespace dossier::testing
