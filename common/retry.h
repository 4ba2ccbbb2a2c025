// The one retry policy of dossier: what a caller does about a failed call.
// Ingest's delivery workers, the `dossier ingest` command and the example
// clients (clients/python, clients/node, which copy the table) all decide
// by `Classify`; nothing else lists status codes to retry.
//
// Classify says what kind of failure a status is, not how long to keep
// trying: an outage is waited out for as long as the caller can wait
// (ingest's workers: forever, since their documents are durable in the
// outbox; an interactive command: a bounded time, then it says so).
//
//   code                 class       why
//   -------------------  ----------  -------------------------------------
//   UNAVAILABLE          kOutage     The service is down, restarting,
//                                    draining, or its disk is full
//                                    (common/store.h maps IOError here).
//                                    Nothing is wrong with the request.
//   DEADLINE_EXCEEDED    kOutage     The service is slow or gone. Callers
//                                    scale deadlines with the work sent
//                                    (a tag batch gets more time), so a
//                                    miss says the service is overloaded,
//                                    not that the request is bad.
//   CANCELLED            kOutage     A server that drains cancels the calls
//                                    in flight. (A caller that cancels its
//                                    own call does not ask what to do.)
//   RESOURCE_EXHAUSTED   kOutage     With a RetryInfo payload (OUTBOX_FULL,
//     with RetryInfo                 common/status.h RetryableError): the
//                                    server sheds load and says when to
//                                    come back; wait at least that long
//                                    (NextRetryDelay).
//   RESOURCE_EXHAUSTED   kPermanent  gRPC's "Sent/Received message larger
//     "larger than max"              than max": this request, or its
//                                    answer, does not fit the message cap
//                                    and never will. A batch is split in
//                                    halves; a single item that alone does
//                                    not fit has failed, with that reason.
//                                    Waiting (the policy before) only
//                                    wedged the worker for good.
//   RESOURCE_EXHAUSTED   kOutage     Any other exhaustion (a server's
//     otherwise                      memory quota, stream limits) is load
//                                    that passes: back off.
//   ABORTED              kRetry      A conflict with concurrent work; the
//                                    same call may well go through next.
//   INTERNAL             kRetry      A broken invariant, or a transport
//                                    fault such as a stream reset while a
//                                    peer dies. Repeat a few times; if it
//                                    persists it is the request's doing
//                                    (a batch is split to find which item),
//                                    and the item fails with the reason.
//   UNKNOWN              kRetry      An error no one mapped (an exception,
//                                    a proxy): the same as INTERNAL.
//   INVALID_ARGUMENT     kPermanent  The request is at fault: repeating it
//                                    unchanged cannot succeed. For a batch
//                                    the culprit is found by splitting; the
//                                    tagger also answers this (reason
//                                    RESPONSE_TOO_LARGE) when a batch's
//                                    answer would not fit the message cap,
//                                    before tagging it.
//   FAILED_PRECONDITION  kPermanent  The system is not in a state to do
//                                    this; it takes an operator, not time.
//   OUT_OF_RANGE,        kPermanent  The request names what is not there,
//   NOT_FOUND,                       or conflicts with what is.
//   ALREADY_EXISTS
//   UNIMPLEMENTED        kPermanent  The peer does not have the method (a
//                                    wrong address or version).
//   PERMISSION_DENIED,   kPermanent  dossier has no credentials to renew;
//   UNAUTHENTICATED                  a refusal repeats.
//   DATA_LOSS            kPermanent  Stored bytes are corrupt (RocksDB
//                                    Corruption, an entry that does not
//                                    parse); reading them again reads the
//                                    same bytes.
//
// Why one ingest document that failed for good is not lost: it is marked
// FAILED with the reason and stays readable through GetDocumentStatus, and
// the same text submitted again is accepted anew.
//
// No gRPC here: the ingest core includes this, not common/client.h.
#ifndef DOSSIER_COMMON_RETRY_H_
#define DOSSIER_COMMON_RETRY_H_

#include <cstddef>
#include <cstdint>
#include <random>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace dossier {

// The largest message any dossier channel (MakeChannel) or server
// (ServerOptions.max_message_bytes) sends or receives.
inline constexpr size_t kMaxMessageBytes = size_t{64} << 20;

enum class FailureClass {
  // The service is out or shedding load: wait (with backoff, and at least
  // the RetryInfo delay) and repeat the same call; it counts against no
  // budget.
  kOutage,
  // May be a fluke: repeat after a backoff a bounded number of times.
  kRetry,
  // The call as made can never succeed: a batch is split, a single item
  // has failed.
  kPermanent,
};

// The class of a failed call's status (the table above). An OK status is
// not a failure: kPermanent, since there is nothing to repeat.
FailureClass Classify(const absl::Status& status);

// "outage", "retry", "permanent": for logs.
absl::string_view FailureClassName(FailureClass c);

// Whether `status` is gRPC's refusal of a message over the size cap
// ("Sent message larger than max", "Received message larger than max").
bool IsMessageTooLarge(const absl::Status& status);

// Exponential backoff with full jitter: each failure doubles the ceiling
// (from `initial` up to `max`); each delay is uniform in [ceiling/2, ceiling].
// Not thread-safe: one per retry loop.
class Backoff {
 public:
  // `seed` 0 seeds from std::random_device.
  Backoff(absl::Duration initial, absl::Duration max, uint64_t seed = 0);
  absl::Duration Next();
  // After a success: the next failure waits `initial` again.
  void Reset();

 private:
  absl::Duration initial_;
  absl::Duration max_;
  absl::Duration ceiling_;
  std::mt19937_64 rng_;
};

// How long to wait before repeating a call that failed with `status`: the
// backoff's next delay, or the server's RetryInfo delay when that is
// longer (a server shedding load knows best; the jittered backoff on top
// keeps many waiting callers from returning at one instant).
absl::Duration NextRetryDelay(const absl::Status& status, Backoff* backoff);

}  // namespace dossier

#endif  // DOSSIER_COMMON_RETRY_H_
