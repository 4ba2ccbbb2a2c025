// Child processes for integration tests: the real binaries, started with
// arguments, their output in a log file, stopped by any signal.
#ifndef DOSSIER_TESTS_SUPPORT_PROCESS_H_
#define DOSSIER_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dossier::testing {

class Process {
 public:
  // Starts `argv[0]` (a path) with `argv`; stdout and stderr go to `log`
  // (appended), or stdout alone to `stdout_file` when that is given. The
  // child is killed when the thread that started it ends (a parent-death
  // signal: a crashed test leaves no service behind), so start processes
  // from the test's main thread, not from a helper thread that ends first.
  static absl::StatusOr<Process> Start(const std::vector<std::string>& argv, const std::string& log,
                                       const std::string& stdout_file = "");
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  // Kills (SIGKILL) and reaps a process still running.
  ~Process();

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  void Signal(int sig) const;
  // True once the process has ended (it is reaped then).
  bool Finished();
  // Waits for exit; returns the exit code (128 + signal when killed), or
  // DEADLINE_EXCEEDED.
  absl::StatusOr<int> Wait(absl::Duration timeout = absl::Minutes(5));

 private:
  Process() = default;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

// Reads a whole file ("" when missing).
std::string ReadFile(const std::string& path);

// Waits until `path` exists and is non-empty; returns its first line.
absl::StatusOr<std::string> WaitForFile(const std::string& path, absl::Duration timeout);

}  // namespace dossier::testing

#endif  // DOSSIER_TESTS_SUPPORT_PROCESS_H_
