#include "common/clock.h"

#include <algorithm>

namespace dossier {
namespace {

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
  void SleepFor(absl::Duration d) override { absl::SleepFor(d); }
  bool WaitUntil(absl::Mutex* mu, const absl::Condition& condition, absl::Time deadline) override
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return mu->AwaitWithDeadline(condition, deadline);
  }
};

int64_t ToNanos(absl::Time t) { return absl::ToUnixNanos(t); }

}  // namespace

Clock* RealClock() {
  static SystemClock* const clock = new SystemClock;
  return clock;
}

FakeClock::FakeClock(absl::Time start) : now_ns_(ToNanos(start)) {}

absl::Time FakeClock::Now() const { return absl::FromUnixNanos(now_ns_.load()); }

bool FakeClock::WaitUntil(absl::Mutex* mu, const absl::Condition& condition, absl::Time deadline) {
  if (condition.Eval()) return true;
  const int64_t deadline_ns = ToNanos(deadline);
  if (now_ns_.load() >= deadline_ns) return false;
  {
    // Lock order: the caller's mutex, then mu_ (Advance never holds mu_
    // while it takes a caller's).
    absl::MutexLock lock(&mu_);
    waiting_.push_back({mu, deadline_ns});
  }
  struct Wait {
    const absl::Condition* condition;
    const std::atomic<int64_t>* now_ns;
    int64_t deadline_ns;
    bool Done() const { return condition->Eval() || now_ns->load() >= deadline_ns; }
  } wait{&condition, &now_ns_, deadline_ns};
  mu->Await(absl::Condition(&wait, &Wait::Done));
  {
    absl::MutexLock lock(&mu_);
    auto it = std::find_if(waiting_.begin(), waiting_.end(), [&](const Waiter& w) {
      return w.mu == mu && w.deadline_ns == deadline_ns;
    });
    waiting_.erase(it);
  }
  return condition.Eval();
}

void FakeClock::SleepFor(absl::Duration d) {
  const int64_t deadline_ns = ToNanos(Now() + d);
  absl::MutexLock lock(&mu_);
  waiting_.push_back({&mu_, deadline_ns});
  auto due = [this, deadline_ns] { return now_ns_.load() >= deadline_ns; };
  mu_.Await(absl::Condition(&due));
  auto it = std::find_if(waiting_.begin(), waiting_.end(), [&](const Waiter& w) {
    return w.mu == &mu_ && w.deadline_ns == deadline_ns;
  });
  waiting_.erase(it);
}

void FakeClock::Advance(absl::Duration d) {
  if (d > absl::ZeroDuration()) now_ns_ += absl::ToInt64Nanoseconds(d);
  const int64_t now_ns = now_ns_.load();
  std::vector<absl::Mutex*> pokes;
  {
    absl::MutexLock lock(&mu_);
    for (const Waiter& w : waiting_) {
      if (w.mu != &mu_) pokes.push_back(w.mu);
    }
  }
  std::sort(pokes.begin(), pokes.end());
  pokes.erase(std::unique(pokes.begin(), pokes.end()), pokes.end());
  for (absl::Mutex* mu : pokes) {
    // Releasing a mutex re-evaluates the conditions of its waiters.
    mu->Lock();
    mu->Unlock();
  }
  // Waits for the waiters now due to leave (sleepers wake as this releases
  // mu_ to wait).
  absl::MutexLock lock(&mu_);
  auto settled = [this, now_ns]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return std::none_of(waiting_.begin(), waiting_.end(),
                        [now_ns](const Waiter& w) { return w.deadline_ns <= now_ns; });
  };
  mu_.Await(absl::Condition(&settled));
}

bool FakeClock::AwaitWaiters(size_t n, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto enough = [this, n]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return waiting_.size() >= n; };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

size_t FakeClock::waiters() const {
  absl::MutexLock lock(&mu_);
  return waiting_.size();
}

}  // namespace dossier
