// For ingest tests: the statuses an Ingestor reports (IngestorOptions
// on_status), awaited instead of polled.
#ifndef DOSSIER_SERVICES_INGEST_STATUS_LOG_FOR_TEST_H_
#define DOSSIER_SERVICES_INGEST_STATUS_LOG_FOR_TEST_H_

#include <functional>
#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "dossier/v1/ingest_service.pb.h"
#include "gtest/gtest.h"

namespace dossier::ingest {

class StatusLog {
 public:
  // For IngestorOptions::on_status; the log must outlive the Ingestor.
  std::function<void(const v1::DocumentStatus&)> Listener() {
    return [this](const v1::DocumentStatus& status) { Add(status); };
  }

  void Add(const v1::DocumentStatus& status) {
    absl::MutexLock lock(&mu_);
    latest_[status.document_id()] = status;
  }

  // Blocks until the latest status of `id` satisfies `test` (at most a
  // minute of real time: a safety net, not a pace); returns it.
  v1::DocumentStatus AwaitMatch(const std::string& id,
                                const std::function<bool(const v1::DocumentStatus&)>& test,
                                const std::string& what) {
    absl::MutexLock lock(&mu_);
    auto matched = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      auto it = latest_.find(id);
      return it != latest_.end() && test(it->second);
    };
    EXPECT_TRUE(mu_.AwaitWithTimeout(absl::Condition(&matched), absl::Minutes(1)))
        << id << " never " << what << "; last " << latest_[id].ShortDebugString();
    return latest_[id];
  }

  v1::DocumentStatus Await(const std::string& id, v1::DocumentState state) {
    return AwaitMatch(
        id, [state](const v1::DocumentStatus& s) { return s.state() == state; },
        "reached " + v1::DocumentState_Name(state));
  }

  v1::DocumentStatus Latest(const std::string& id) {
    absl::MutexLock lock(&mu_);
    return latest_[id];
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, v1::DocumentStatus> latest_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_STATUS_LOG_FOR_TEST_H_
