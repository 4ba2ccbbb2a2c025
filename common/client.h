// Client side of the services: channels and readiness. What to do about a
// failed call (Classify, Backoff) is in common/retry.h, which has no gRPC
// and is included here for the callers that need both.
#ifndef DOSSIER_COMMON_CLIENT_H_
#define DOSSIER_COMMON_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "common/retry.h"

namespace dossier {

// A channel to "HOST:PORT" that sends and receives messages of up to
// kMaxMessageBytes, with `security`'s TLS and token (every call carries the
// token), and the request id of the thread that starts a call
// (common/request_id.h). A TLS file that cannot be read makes a channel whose calls fail
// UNAVAILABLE with the reason, rather than one that silently goes plaintext.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address,
                                           const ClientSecurity& security);
// The same with the process's default security (SetDefaultClientSecurity;
// plaintext without a token until set).
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);

// Sets what MakeChannel(address) uses; call once in main(), before any
// channel is made.
void SetDefaultClientSecurity(ClientSecurity security);
const ClientSecurity& DefaultClientSecurity();

// Polls grpc.health.v1 until `service` ("" for the server as a whole)
// reports SERVING. DEADLINE_EXCEEDED when it does not before `timeout`.
absl::Status WaitForServing(const std::shared_ptr<grpc::Channel>& channel,
                            const std::string& service, absl::Duration timeout);

// Sets the deadline of `context` to now + `timeout`.
void SetDeadline(grpc::ClientContext* context, absl::Duration timeout);

}  // namespace dossier

#endif  // DOSSIER_COMMON_CLIENT_H_
