// How tests start the real binaries (tests/support/process.h): a child
// that cannot start says why, and a test that dies takes the processes it
// started with it, so that a crashed test leaves no service holding a
// port or a data directory.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using ::testing::HasSubstr;
using testing::Process;
using testing::TempDir;

// Whether `pid` is a process that has not exited (a zombie has).
bool Alive(pid_t pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!std::getline(stat, line)) return false;
  const size_t paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

TEST(SpawnTest, AChildThatCannotStartSaysWhy) {
  TempDir dir;
  auto process = Process::Start({dir.Sub("no-such-binary")}, dir.Sub("log"));
  ASSERT_FALSE(process.ok());
  EXPECT_THAT(std::string(process.status().message()),
              HasSubstr("cannot start " + dir.Sub("no-such-binary") + ": No such file"));
  auto started = Process::Start({"/bin/sh", "-c", "echo started; exit 3"}, dir.Sub("log"));
  ASSERT_TRUE(started.ok()) << started.status();
  auto code = started->Wait(absl::Seconds(10));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 3);
  EXPECT_THAT(testing::ReadFile(dir.Sub("log")), HasSubstr("started"));
}

TEST(SpawnTest, AProcessDiesWithTheTestThatStartedIt) {
  TempDir dir;
  int pids[2];
  ASSERT_EQ(pipe(pids), 0);
  // The "test": a process that starts a long sleep and is then killed
  // before it can stop it.
  const pid_t test = fork();
  ASSERT_GE(test, 0);
  if (test == 0) {
    close(pids[0]);
    auto sleeper = Process::Start({"/bin/sleep", "120"}, dir.Sub("log"));
    const pid_t pid = sleeper.ok() ? sleeper->pid() : -1;
    (void)!write(pids[1], &pid, sizeof(pid));
    pause();
    _exit(0);
  }
  close(pids[1]);
  pid_t sleeper = -1;
  const ssize_t n = read(pids[0], &sleeper, sizeof(sleeper));
  close(pids[0]);
  const bool started = n == static_cast<ssize_t>(sizeof(sleeper)) && sleeper > 0 && Alive(sleeper);
  // Killed before anything is asserted: a failed assertion leaves nothing.
  kill(test, SIGKILL);
  waitpid(test, nullptr, 0);
  ASSERT_TRUE(started) << "the test process did not start its sleep";
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (Alive(sleeper) && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(10));
  EXPECT_FALSE(Alive(sleeper)) << "the sleep outlived the test that started it";
  if (Alive(sleeper)) kill(sleeper, SIGKILL);
}

}  // namespace
}  // namespace dossier
