// One real binary started alone, for the tests of a service's process: its
// drain on SIGTERM, its health, its resident memory.
#ifndef DOSSIER_TESTS_SUPPORT_BINARY_H_
#define DOSSIER_TESTS_SUPPORT_BINARY_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::testing {

struct RunningBinary {
  Process process;
  // "127.0.0.1:PORT".
  std::string address;
  // Its stderr.
  std::string log;
};

// Starts `dossier-<name>` (from BinDir()) on 127.0.0.1:0 with `flags`, its
// port file and log in `dir` (named after `name` and `tag`), and waits until
// health says SERVING.
absl::StatusOr<RunningBinary> StartBinary(const std::string& name,
                                          const std::vector<std::string>& flags, const TempDir& dir,
                                          const std::string& tag = "");

// VmRSS of process `pid` from /proc/PID/status, in KiB.
absl::StatusOr<int64_t> ResidentKib(pid_t pid);

}  // namespace dossier::testing

#endif  // DOSSIER_TESTS_SUPPORT_BINARY_H_
