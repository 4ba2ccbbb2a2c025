// Error handling shared by every dossier library: the status macros Abseil
// 20220623 lacks, and constructors for the errors that carry Google's
// standard details (ErrorInfo reason, BadRequest field, RetryInfo delay) as
// absl::Status payloads. Conversion to grpc::Status happens once, at the
// service edge (common/grpc_status.h); to and from RocksDB in common/store.h.
#ifndef DOSSIER_COMMON_STATUS_H_
#define DOSSIER_COMMON_STATUS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

#define DOSSIER_STATUS_CONCAT_INNER_(a, b) a##b
#define DOSSIER_STATUS_CONCAT_(a, b) DOSSIER_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define DOSSIER_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::absl::Status dossier_status_ = (expr);           \
    if (!dossier_status_.ok()) return dossier_status_; \
  } while (false)

// `lhs = value of expr` (an absl::StatusOr<T>), or returns its error.
#define DOSSIER_ASSIGN_OR_RETURN(lhs, expr) \
  DOSSIER_ASSIGN_OR_RETURN_IMPL_(DOSSIER_STATUS_CONCAT_(dossier_statusor_, __LINE__), lhs, expr)
#define DOSSIER_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();  \
  lhs = std::move(statusor).value()

namespace dossier {

// The ErrorInfo domain of every dossier error.
inline constexpr absl::string_view kErrorDomain = "dossier.v1";

// INVALID_ARGUMENT naming the request field at fault, with a machine-readable
// reason ("TEXT_NOT_UTF8") carried as an ErrorInfo payload.
absl::Status InvalidFieldError(absl::string_view field, absl::string_view reason,
                               absl::string_view message);

// OK when `valid`; else INVALID_ENUM on `field`, an enum field whose value
// the API does not have.
absl::Status CheckEnum(bool valid, absl::string_view field);

// `code` with a machine-readable reason ("TOKEN_INVALID") as ErrorInfo.
absl::Status ErrorWithReason(absl::StatusCode code, absl::string_view reason,
                             absl::string_view message);

// `code` with a RetryInfo payload that tells the client how long to wait.
absl::Status RetryableError(absl::StatusCode code, absl::string_view reason,
                            absl::string_view message, absl::Duration retry_after);

// UNAVAILABLE with reason SHUTTING_DOWN and a RetryInfo: what a draining
// server answers to new work. The client retries (another replica, or this
// one once restarted) after the delay.
absl::Status ShuttingDownError();

// The ErrorInfo reason of a status made above, or "" when it has none.
std::string ErrorReason(const absl::Status& status);

// The RetryInfo delay of a status, when it carries one.
std::optional<absl::Duration> RetryDelay(const absl::Status& status);

// Payload type URLs: the ones gRPC clients look for in google.rpc.Status.
inline constexpr absl::string_view kErrorInfoTypeUrl = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr absl::string_view kRetryInfoTypeUrl = "type.googleapis.com/google.rpc.RetryInfo";
inline constexpr absl::string_view kBadRequestTypeUrl = "type.googleapis.com/google.rpc.BadRequest";

}  // namespace dossier

#endif  // DOSSIER_COMMON_STATUS_H_
