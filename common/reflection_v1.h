// grpc.reflection.v1.ServerReflection, served beside the v1alpha service
// that gRPC's own library brings (Debian's gRPC 1.51 has only v1alpha).
// Reflection clients (grpcurl, buf curl, Postman) ask v1 first. Answers
// come from the descriptors linked into the binary, as v1alpha's do.
#ifndef DOSSIER_COMMON_REFLECTION_V1_H_
#define DOSSIER_COMMON_REFLECTION_V1_H_

#include <string>
#include <vector>

#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace dossier {

class ReflectionV1 final : public grpc::reflection::v1::ServerReflection::CallbackService {
 public:
  // `services`: the full names list_services answers.
  explicit ReflectionV1(std::vector<std::string> services) : services_(std::move(services)) {}

  grpc::ServerBidiReactor<grpc::reflection::v1::ServerReflectionRequest,
                          grpc::reflection::v1::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

  // One answer; also what the stream writes.
  void Answer(const grpc::reflection::v1::ServerReflectionRequest& request,
              grpc::reflection::v1::ServerReflectionResponse* response,
              std::vector<std::string>* files_sent) const;

 private:
  const std::vector<std::string> services_;
};

}  // namespace dossier

#endif  // DOSSIER_COMMON_REFLECTION_V1_H_
