// How many CPUs this process may keep busy: what sizes the services' thread
// pools when no flag says.
#ifndef DOSSIER_COMMON_CPUS_H_
#define DOSSIER_COMMON_CPUS_H_

#include <optional>
#include <string>

namespace dossier {

// The CPU bandwidth limit of the cgroup file system mounted at `cgroup_root`,
// in whole CPUs rounded up (a quota of 1.5 CPUs is 2), or nullopt when there
// is none ("max", a quota of -1) or nothing can be read. cgroup v2's
// `cpu.max` ("QUOTA PERIOD") is read first; then cgroup v1's
// `cpu.cfs_quota_us` and `cpu.cfs_period_us` under `cpu/` or `cpu,cpuacct/`.
//
// Inside a container with its own cgroup namespace (what Kubernetes and
// Docker give on cgroup v2) the root is the container's own cgroup, which
// is where a pod's `resources.limits.cpu` lands.
std::optional<int> CgroupCpuLimit(const std::string& cgroup_root = "/sys/fs/cgroup");

// The CPUs this process may use: CgroupCpuLimit() capped by
// std::thread::hardware_concurrency() (which counts the machine's cores and
// ignores the quota), and at least 1.
int UsableCpus();

}  // namespace dossier

#endif  // DOSSIER_COMMON_CPUS_H_
