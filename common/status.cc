#include "common/status.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace dossier {
namespace {

google::rpc::ErrorInfo MakeErrorInfo(absl::string_view reason) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(std::string(kErrorDomain));
  return info;
}

}  // namespace

absl::Status InvalidFieldError(absl::string_view field, absl::string_view reason,
                               absl::string_view message) {
  absl::Status status(absl::StatusCode::kInvalidArgument, message);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(MakeErrorInfo(reason).SerializeAsString()));
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(std::string(message));
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(bad_request.SerializeAsString()));
  return status;
}

absl::Status CheckEnum(bool valid, absl::string_view field) {
  if (valid) return absl::OkStatus();
  return InvalidFieldError(field, "INVALID_ENUM", absl::StrCat(field, " is not one of the API's"));
}

absl::Status ErrorWithReason(absl::StatusCode code, absl::string_view reason,
                             absl::string_view message) {
  absl::Status status(code, message);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(MakeErrorInfo(reason).SerializeAsString()));
  return status;
}

absl::Status RetryableError(absl::StatusCode code, absl::string_view reason,
                            absl::string_view message, absl::Duration retry_after) {
  absl::Status status(code, message);
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(MakeErrorInfo(reason).SerializeAsString()));
  google::rpc::RetryInfo retry;
  const int64_t nanos = absl::ToInt64Nanoseconds(retry_after);
  retry.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  status.SetPayload(kRetryInfoTypeUrl, absl::Cord(retry.SerializeAsString()));
  return status;
}

absl::Status ShuttingDownError() {
  return RetryableError(absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
                        "the server is shutting down; send again (to another replica, or "
                        "here once it is back)",
                        absl::Seconds(1));
}

std::string ErrorReason(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoTypeUrl);
  if (!payload.has_value()) return "";
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return "";
  return info.reason();
}

std::optional<absl::Duration> RetryDelay(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryInfoTypeUrl);
  if (!payload.has_value()) return std::nullopt;
  google::rpc::RetryInfo retry;
  if (!retry.ParseFromString(std::string(*payload))) return std::nullopt;
  return absl::Seconds(retry.retry_delay().seconds()) +
         absl::Nanoseconds(retry.retry_delay().nanos());
}

}  // namespace dossier
