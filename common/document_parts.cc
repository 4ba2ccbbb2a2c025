#include "common/document_parts.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace dossier {

grpc::Status CompleteDocument(const GetDocumentCall& get, v1::Document* document) {
  const google::protobuf::Reflection* reflection = document->GetReflection();
  const std::vector<std::string> omitted(document->omitted_fields().begin(),
                                         document->omitted_fields().end());
  for (const std::string& field_name : omitted) {
    const google::protobuf::FieldDescriptor* field =
        document->GetDescriptor()->FindFieldByName(field_name);
    if (field == nullptr) continue;  // a field of a later API version
    v1::GetDocumentRequest request;
    request.set_name(document->name().empty() ? document->id() : document->name());
    request.set_view(v1::DOCUMENT_VIEW_FULL);
    request.mutable_read_mask()->add_paths(field_name);
    v1::GetDocumentResponse response;
    const grpc::Status s = get(request, &response);
    if (!s.ok()) return s;
    if (!response.document().omitted_fields().empty()) {
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          absl::StrCat("documents/", document->id(), ": the service left out ",
                                       field_name, " again when asked for it alone"));
    }
    reflection->SwapFields(document, response.mutable_document(), {field});
  }
  document->clear_omitted_fields();
  return grpc::Status::OK;
}

}  // namespace dossier
