// A fixed set of worker threads running queued closures in FIFO order. gRPC
// callback handlers hand CPU or disk work here so that gRPC's own threads
// never block.
#ifndef DOSSIER_COMMON_THREAD_POOL_H_
#define DOSSIER_COMMON_THREAD_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace dossier {

class ThreadPool {
 public:
  // Starts `threads` workers (at least one).
  explicit ThreadPool(int threads);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  // Runs every closure already scheduled, then joins the workers.
  ~ThreadPool();

  void Schedule(std::function<void()> fn);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace dossier

#endif  // DOSSIER_COMMON_THREAD_POOL_H_
