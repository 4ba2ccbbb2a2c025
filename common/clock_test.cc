#include "common/clock.h"

#include <atomic>
#include <thread>

#include "gtest/gtest.h"

namespace dossier {
namespace {

TEST(FakeClockTest, StandsStillUntilAdvanced) {
  FakeClock clock;
  const absl::Time start = clock.Now();
  EXPECT_EQ(clock.Now(), start);
  clock.Advance(absl::Seconds(5));
  EXPECT_EQ(clock.Now(), start + absl::Seconds(5));
}

TEST(FakeClockTest, ASleeperWakesWhenTheTimePassesItsDeadline) {
  FakeClock clock;
  std::atomic<bool> woke{false};
  std::thread sleeper([&] {
    clock.SleepFor(absl::Seconds(10));
    woke = true;
  });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  clock.Advance(absl::Seconds(9));
  // Still asleep: it is counted as waiting until it wakes.
  EXPECT_EQ(clock.waiters(), 1u);
  EXPECT_FALSE(woke.load());
  clock.Advance(absl::Seconds(1));
  sleeper.join();
  EXPECT_TRUE(woke.load());
  EXPECT_EQ(clock.waiters(), 0u);
}

TEST(FakeClockTest, WaitUntilReturnsOnTheConditionOrTheDeadline) {
  FakeClock clock;
  absl::Mutex mu;
  bool flag = false;
  auto set = [&] { return flag; };

  // The deadline passes first.
  bool result = true;
  std::thread timed([&] {
    absl::MutexLock lock(&mu);
    result = clock.WaitUntil(&mu, absl::Condition(&set), clock.Now() + absl::Seconds(1));
  });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  clock.Advance(absl::Seconds(2));
  timed.join();
  EXPECT_FALSE(result);

  // The condition comes true first, with no time passing.
  std::thread signalled([&] {
    absl::MutexLock lock(&mu);
    result = clock.WaitUntil(&mu, absl::Condition(&set), clock.Now() + absl::Hours(1));
  });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  {
    absl::MutexLock lock(&mu);
    flag = true;
  }
  signalled.join();
  EXPECT_TRUE(result);
  EXPECT_EQ(clock.waiters(), 0u);
}

TEST(FakeClockTest, APastDeadlineDoesNotWait) {
  FakeClock clock;
  absl::Mutex mu;
  const bool never = false;
  absl::MutexLock lock(&mu);
  EXPECT_FALSE(clock.WaitUntil(&mu, absl::Condition(&never), clock.Now()));
}

TEST(RealClockTest, WaitsForRealTime) {
  Clock* clock = RealClock();
  absl::Mutex mu;
  const bool never = false;
  const absl::Time start = clock->Now();
  absl::MutexLock lock(&mu);
  EXPECT_FALSE(clock->WaitUntil(&mu, absl::Condition(&never), start + absl::Milliseconds(20)));
  EXPECT_GE(clock->Now() - start, absl::Milliseconds(20));
}

}  // namespace
}  // namespace dossier
