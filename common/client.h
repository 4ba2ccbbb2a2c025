// Client side of the services: channels and readiness. What to do about a
// failed call (Classify, Backoff) is in common/retry.h, which has no gRPC
// and is included here for the callers that need both.
#ifndef DOSSIER_COMMON_CLIENT_H_
#define DOSSIER_COMMON_CLIENT_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/retry.h"

namespace dossier {

// An insecure channel to "HOST:PORT" that sends and receives messages of up
// to kMaxMessageBytes.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

// Polls grpc.health.v1 until `service` ("" for the server as a whole)
// reports SERVING. DEADLINE_EXCEEDED when it does not before `timeout`.
absl::Status WaitForServing(const std::shared_ptr<grpc::Channel>& channel,
                            const std::string& service, absl::Duration timeout);

// Sets the deadline of `context` to now + `timeout`.
void SetDeadline(grpc::ClientContext* context, absl::Duration timeout);

}  // namespace dossier

#endif  // DOSSIER_COMMON_CLIENT_H_
