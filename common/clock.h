// Time as a dependency: code that reads the time or waits takes a Clock, so
// that tests drive it with a FakeClock instead of sleeping (Abseil has no
// clock to substitute). RealClock() is absl::Now() and absl::Mutex's own
// timed waits.
#ifndef DOSSIER_COMMON_CLOCK_H_
#define DOSSIER_COMMON_CLOCK_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace dossier {

class Clock {
 public:
  virtual ~Clock() = default;

  virtual absl::Time Now() const = 0;

  // Blocks the calling thread until this clock has moved on by `d`.
  virtual void SleepFor(absl::Duration d) = 0;

  // With `mu` held: waits until `condition` holds or this clock reaches
  // `deadline`, whichever comes first, releasing `mu` while it waits (as
  // absl::Mutex::AwaitWithDeadline). Returns with `mu` held, and whether
  // `condition` holds. `condition` must read only state guarded by `mu`.
  virtual bool WaitUntil(absl::Mutex* mu, const absl::Condition& condition, absl::Time deadline)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) = 0;
};

// The system clock. Never null; not to be deleted.
Clock* RealClock();

// A clock that moves only when told to. Threads waiting on it (SleepFor,
// WaitUntil) wake when Advance passes their deadline, or, for WaitUntil,
// when their condition comes true. Thread-safe.
class FakeClock final : public Clock {
 public:
  // Starts at `start`; by default 2024-01-01 00:00 UTC, so that dates
  // derived from it are fixed.
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1704067200));

  absl::Time Now() const override;
  void SleepFor(absl::Duration d) override;
  bool WaitUntil(absl::Mutex* mu, const absl::Condition& condition, absl::Time deadline) override
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);

  // Moves the time on by `d` (not backwards) and wakes the waiters whose
  // deadline it passes; returns once they have stopped waiting, so that a
  // following AwaitWaiters sees only waits begun since. A mutex given to
  // WaitUntil must not be destroyed while an Advance runs.
  void Advance(absl::Duration d);

  // Blocks, for at most `timeout` of real time, until at least `n` threads
  // wait on this clock: how a test knows that a retry loop has reached its
  // backoff. True when they do.
  bool AwaitWaiters(size_t n, absl::Duration timeout = absl::Seconds(60));

  // Threads waiting on this clock now.
  size_t waiters() const;

 private:
  // Nanoseconds since the Unix epoch; atomic because waiters' conditions
  // read it under their own mutex, not under mu_.
  std::atomic<int64_t> now_ns_;

  mutable absl::Mutex mu_;
  struct Waiter {
    // The mutex the thread waits on: the caller's for WaitUntil (Advance
    // locks and unlocks it, which makes absl re-evaluate the condition
    // against the new time), mu_ itself for SleepFor.
    absl::Mutex* mu;
    int64_t deadline_ns;
  };
  // One entry per waiting thread.
  std::vector<Waiter> waiting_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dossier

#endif  // DOSSIER_COMMON_CLOCK_H_
