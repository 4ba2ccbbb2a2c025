// Client side of the services: channels, readiness and retry backoff.
#ifndef DOSSIER_COMMON_CLIENT_H_
#define DOSSIER_COMMON_CLIENT_H_

#include <memory>
#include <random>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace dossier {

// An insecure channel to "HOST:PORT" that allows dossier's large messages.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

// Polls grpc.health.v1 until `service` ("" for the server as a whole)
// reports SERVING. DEADLINE_EXCEEDED when it does not before `timeout`.
absl::Status WaitForServing(const std::shared_ptr<grpc::Channel>& channel,
                            const std::string& service, absl::Duration timeout);

// Sets the deadline of `context` to now + `timeout`.
void SetDeadline(grpc::ClientContext* context, absl::Duration timeout);

// Exponential backoff with full jitter: each failure doubles the ceiling
// (from `initial` up to `max`); each delay is uniform in [ceiling/2, ceiling].
class Backoff {
 public:
  Backoff(absl::Duration initial, absl::Duration max, uint64_t seed = 0);
  absl::Duration Next();
  void Reset();

 private:
  absl::Duration initial_;
  absl::Duration max_;
  absl::Duration ceiling_;
  std::mt19937_64 rng_;
};

// Whether a failed call may succeed when repeated unchanged.
bool IsTransient(const absl::Status& status);

}  // namespace dossier

#endif  // DOSSIER_COMMON_CLIENT_H_
