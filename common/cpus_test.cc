#include "common/cpus.h"

#include <thread>

#include "gtest/gtest.h"

namespace dossier {
namespace {

// Cgroup roots laid out as the kernel lays out /sys/fs/cgroup.
std::string Fixture(const std::string& name) {
  return std::string(DOSSIER_CGROUP_FIXTURES) + "/" + name;
}

TEST(CgroupCpuLimitTest, CgroupV2QuotaOverPeriod) {
  EXPECT_EQ(CgroupCpuLimit(Fixture("v2_two_cpus")), 2);
}

TEST(CgroupCpuLimitTest, PartCpusRoundUp) {
  // 1.5 CPUs of quota keep two threads busy part of the time; one thread
  // would leave half a CPU unused.
  EXPECT_EQ(CgroupCpuLimit(Fixture("v2_fraction")), 2);
  // Half a CPU is still one thread.
  EXPECT_EQ(CgroupCpuLimit(Fixture("v2_quota_only")), 1);
  EXPECT_EQ(CgroupCpuLimit(Fixture("v1_cpu_only")), 1);
}

TEST(CgroupCpuLimitTest, MaxIsNoLimit) {
  EXPECT_EQ(CgroupCpuLimit(Fixture("v2_unlimited")), std::nullopt);
}

TEST(CgroupCpuLimitTest, CgroupV1Fallback) {
  EXPECT_EQ(CgroupCpuLimit(Fixture("v1_limited")), 3);
  EXPECT_EQ(CgroupCpuLimit(Fixture("v1_unlimited")), std::nullopt);
}

TEST(CgroupCpuLimitTest, NothingToReadIsNoLimit) {
  EXPECT_EQ(CgroupCpuLimit(Fixture("none")), std::nullopt);
  EXPECT_EQ(CgroupCpuLimit(Fixture("does_not_exist")), std::nullopt);
}

TEST(UsableCpusTest, BetweenOneAndTheCores) {
  const int cpus = UsableCpus();
  EXPECT_GE(cpus, 1);
  EXPECT_LE(cpus, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

}  // namespace
}  // namespace dossier
