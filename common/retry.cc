#include "common/retry.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/status.h"

namespace dossier {

bool IsMessageTooLarge(const absl::Status& status) {
  // gRPC core's wording on both sides of the call ("Sent message larger
  // than max (N vs. M)", "Received message larger than max (N vs. M)");
  // grpc-js says the same. The message may be prefixed by the caller
  // ("tagger: ...").
  return status.code() == absl::StatusCode::kResourceExhausted &&
         absl::StrContains(absl::AsciiStrToLower(status.message()), "message larger than max");
}

FailureClass Classify(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kCancelled:
      return FailureClass::kOutage;
    case absl::StatusCode::kResourceExhausted:
      if (RetryDelay(status).has_value()) return FailureClass::kOutage;
      if (IsMessageTooLarge(status)) return FailureClass::kPermanent;
      return FailureClass::kOutage;
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
      return FailureClass::kRetry;
    case absl::StatusCode::kOk:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kUnimplemented:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kDataLoss:
      return FailureClass::kPermanent;
    default:
      // A code outside the canonical set (a peer newer than us): the same
      // as UNKNOWN.
      return FailureClass::kRetry;
  }
}

absl::string_view FailureClassName(FailureClass c) {
  switch (c) {
    case FailureClass::kOutage:
      return "outage";
    case FailureClass::kRetry:
      return "retry";
    case FailureClass::kPermanent:
      return "permanent";
  }
  return "?";
}

Backoff::Backoff(absl::Duration initial, absl::Duration max, uint64_t seed)
    : initial_(initial),
      max_(max),
      ceiling_(initial),
      rng_(seed != 0 ? seed : std::random_device{}()) {}

absl::Duration Backoff::Next() {
  const absl::Duration ceiling = ceiling_;
  ceiling_ = std::min(ceiling_ * 2, max_);
  std::uniform_real_distribution<double> dist(0.5, 1.0);
  return ceiling * dist(rng_);
}

void Backoff::Reset() { ceiling_ = initial_; }

absl::Duration NextRetryDelay(const absl::Status& status, Backoff* backoff) {
  const absl::Duration delay = backoff->Next();
  const auto asked = RetryDelay(status);
  return asked.has_value() ? std::max(*asked, delay) : delay;
}

}  // namespace dossier
