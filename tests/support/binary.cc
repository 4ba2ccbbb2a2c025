#include "tests/support/binary.h"

#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/client.h"

namespace dossier::testing {

absl::StatusOr<RunningBinary> StartBinary(const std::string& name,
                                          const std::vector<std::string>& flags, const TempDir& dir,
                                          const std::string& tag) {
  const std::string base = dir.Sub(tag.empty() ? name : absl::StrCat(name, "-", tag));
  const std::string port_file = base + ".port";
  std::filesystem::remove(port_file);
  std::vector<std::string> argv = {BinDir() + "/dossier-" + name, "--listen=127.0.0.1:0",
                                   "--port_file=" + port_file};
  argv.insert(argv.end(), flags.begin(), flags.end());
  const std::string log = base + ".log";
  auto process = Process::Start(argv, log);
  if (!process.ok()) return process.status();
  // The port file, unless the process ends first (a bad flag).
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  absl::StatusOr<std::string> address = absl::DeadlineExceededError("no port file");
  while (absl::Now() < deadline) {
    address = WaitForFile(port_file, absl::Milliseconds(100));
    if (address.ok() || process->Finished()) break;
  }
  if (!address.ok()) {
    return absl::UnavailableError(absl::StrCat(name, " did not start: ", ReadFile(log)));
  }
  absl::Status serving = WaitForServing(MakeChannel(*address), "", absl::Seconds(30));
  if (!serving.ok()) return serving;
  return RunningBinary{std::move(*process), *address, log};
}

absl::StatusOr<int64_t> ResidentKib(pid_t pid) {
  const std::string status = ReadFile(absl::StrCat("/proc/", pid, "/status"));
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, "VmRSS:")) continue;
    line = absl::StripAsciiWhitespace(line);
    absl::ConsumeSuffix(&line, "kB");
    int64_t kib = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line), &kib)) return kib;
  }
  return absl::NotFoundError(absl::StrCat("no VmRSS for process ", pid));
}

}  // namespace dossier::testing
