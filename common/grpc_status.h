// The one conversion between absl::Status and grpc::Status. Payloads of the
// absl::Status (ErrorInfo, RetryInfo, BadRequest; see common/status.h) travel
// as the details of a google.rpc.Status in the grpc-status-details-bin
// trailer, where every gRPC client library's rich-error helpers find them.
// The google.rpc.Status message alone, without gRPC, is common/rpc_status.h.
#ifndef DOSSIER_COMMON_GRPC_STATUS_H_
#define DOSSIER_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "common/rpc_status.h"

namespace dossier {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace dossier

#endif  // DOSSIER_COMMON_GRPC_STATUS_H_
