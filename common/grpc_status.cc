#include "common/grpc_status.h"

#include <string>

#include "absl/strings/cord.h"

namespace dossier {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // The codes share their numbering (both are google.rpc.Code).
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string details;
  bool has_payload = false;
  status.ForEachPayload(
      [&has_payload](absl::string_view, const absl::Cord&) { has_payload = true; });
  if (has_payload) details = ToRpcStatusProto(status).SerializeAsString();
  return grpc::Status(code, std::string(status.message()), details);
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  if (!status.error_details().empty()) {
    google::rpc::Status proto;
    if (proto.ParseFromString(status.error_details())) {
      return FromRpcStatusProto(proto);
    }
  }
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace dossier
