#include "tests/support/cli_run.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/json_util.h"
#include "tests/support/process.h"

namespace dossier::testing {

// Runs `dossier ARGS... --json` and parses its JSON output.
CliRun RunCli(const TempDir& dir, const std::vector<std::string>& args,
              absl::Duration timeout) {
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
  (void)google::protobuf::util::JsonStringToMessage(run.output, &run.json);
  return run;
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

// Source file name (e.g. "003_...txt") -> id, from the CLI's JSON.
std::map<std::string, std::string> IdsBySource(const CliRun& run) {
  std::map<std::string, std::string> out;
  auto it = run.json.fields().find("documents");
  if (it == run.json.fields().end()) return out;
  for (const auto& v : it->second.list_value().values()) {
    const auto& f = v.struct_value().fields();
    std::string source = f.at("source").string_value();
    source = source.substr(source.rfind('/') + 1);
    out[source.substr(0, 3)] = f.at("id").string_value();
  }
  return out;
}

// Ids the CLI reports as acknowledged (accepted now or before).
std::set<std::string> AcknowledgedIds(const CliRun& run) {
  std::set<std::string> ids;
  auto it = run.json.fields().find("documents");
  if (it == run.json.fields().end()) return ids;
  for (const auto& v : it->second.list_value().values()) {
    const auto& f = v.struct_value().fields();
    const std::string outcome = f.at("outcome").string_value();
    if (outcome == "INGEST_OUTCOME_ACCEPTED" || outcome == "INGEST_OUTCOME_DUPLICATE") {
      ids.insert(f.at("id").string_value());
    }
  }
  return ids;
}

}  // namespace dossier::testing
