// Request ids: what ties a client's call to the log lines of every service
// it reaches. A call carries one in the `x-request-id` metadata; a server
// takes the caller's (cleaned: CleanRequestId) or makes one (NewRequestId),
// logs it with the call, and answers it in its initial metadata.
//
// Outgoing calls carry the id of the thread that makes them: code acting
// for a request sets it with a ScopedRequestId, and the channels of
// common/client.h add it to every call started on that thread. Ingest's
// delivery does so for each batch with the ids of the requests that
// brought its documents (services/ingest/ingestor.h).
//
// No gRPC here, so that cores can set an id.
#ifndef DOSSIER_COMMON_REQUEST_ID_H_
#define DOSSIER_COMMON_REQUEST_ID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dossier {

inline constexpr absl::string_view kRequestIdKey = "x-request-id";

// The longest id kept; longer ones are cut.
inline constexpr size_t kMaxRequestIdLength = 256;

// 16 random bytes as 32 lower-case hex digits.
std::string NewRequestId();

// `given` with only the characters an id may hold (letters, digits and
// `-_.:,+/=`), at most kMaxRequestIdLength of them: what a caller sends
// reaches a log line and other services, so it must not forge a field or
// grow without bound. Empty when nothing is left.
std::string CleanRequestId(absl::string_view given);

// The id outgoing calls of this thread carry; empty: none.
const std::string& CurrentRequestId();

// Sets the thread's id for its lifetime, then restores the one before.
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string previous_;
};

}  // namespace dossier

#endif  // DOSSIER_COMMON_REQUEST_ID_H_
