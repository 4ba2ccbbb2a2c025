// absl::Status ⇄ google.rpc.Status, the error model's message. Protobuf
// messages only, no gRPC: cores use it for the per-item errors their
// responses carry, and common/grpc_status.h builds the grpc::Status
// conversion on it.
#ifndef DOSSIER_COMMON_RPC_STATUS_H_
#define DOSSIER_COMMON_RPC_STATUS_H_

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"

namespace dossier {

// The google.rpc.Status form of `status` (code, message, details), as
// per-item errors in streaming responses carry it.
google::rpc::Status ToRpcStatusProto(const absl::Status& status);
absl::Status FromRpcStatusProto(const google::rpc::Status& proto);

}  // namespace dossier

#endif  // DOSSIER_COMMON_RPC_STATUS_H_
