#include "common/cpus.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace dossier {
namespace {

// The first line of the file at `path`, without its newline; nullopt when
// the file cannot be read.
std::optional<std::string> FirstLine(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::string line;
  std::getline(in, line);
  return line;
}

std::optional<int> CeilCpus(int64_t quota, int64_t period) {
  if (quota <= 0 || period <= 0) return std::nullopt;
  return static_cast<int>((quota + period - 1) / period);
}

// cgroup v2: "max 100000" (no limit) or "200000 100000" (2 CPUs).
std::optional<int> FromCpuMax(absl::string_view line) {
  std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipWhitespace());
  if (fields.empty() || fields[0] == "max") return std::nullopt;
  int64_t quota = 0;
  int64_t period = 100000;  // The kernel's default when the file gives one field.
  if (!absl::SimpleAtoi(fields[0], &quota)) return std::nullopt;
  if (fields.size() > 1 && !absl::SimpleAtoi(fields[1], &period)) return std::nullopt;
  return CeilCpus(quota, period);
}

}  // namespace

std::optional<int> CgroupCpuLimit(const std::string& cgroup_root) {
  if (std::optional<std::string> line = FirstLine(cgroup_root + "/cpu.max")) {
    return FromCpuMax(*line);
  }
  // cgroup v1 mounts the cpu controller alone or joined with cpuacct.
  for (const char* dir : {"/cpu", "/cpu,cpuacct"}) {
    std::optional<std::string> quota_line = FirstLine(cgroup_root + dir + "/cpu.cfs_quota_us");
    std::optional<std::string> period_line = FirstLine(cgroup_root + dir + "/cpu.cfs_period_us");
    if (!quota_line || !period_line) continue;
    int64_t quota = 0;
    int64_t period = 0;
    // A quota of -1 is no limit.
    if (!absl::SimpleAtoi(*quota_line, &quota) || !absl::SimpleAtoi(*period_line, &period)) {
      return std::nullopt;
    }
    return CeilCpus(quota, period);
  }
  return std::nullopt;
}

int UsableCpus() {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const std::optional<int> limit = CgroupCpuLimit();
  return limit ? std::clamp(*limit, 1, cores) : cores;
}

}  // namespace dossier
