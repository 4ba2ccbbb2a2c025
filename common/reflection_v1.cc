#include "common/reflection_v1.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"

namespace dossier {
namespace {

namespace v1 = grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

// `file` and the files it imports, each once per stream (a client caches
// what it was sent): dependencies before the file that needs them.
void AddFile(const FileDescriptor* file, std::vector<std::string>* sent,
             v1::FileDescriptorResponse* out) {
  if (std::find(sent->begin(), sent->end(), file->name()) != sent->end()) return;
  sent->push_back(file->name());
  for (int i = 0; i < file->dependency_count(); ++i) AddFile(file->dependency(i), sent, out);
  google::protobuf::FileDescriptorProto proto;
  file->CopyTo(&proto);
  proto.SerializeToString(out->add_file_descriptor_proto());
}

void Error(grpc::StatusCode code, const std::string& message, v1::ServerReflectionResponse* out) {
  out->mutable_error_response()->set_error_code(code);
  out->mutable_error_response()->set_error_message(message);
}

// Requests are answered one at a time, in order: read, answer, write.
class Stream final
    : public grpc::ServerBidiReactor<v1::ServerReflectionRequest, v1::ServerReflectionResponse> {
 public:
  explicit Stream(const ReflectionV1* service) : service_(service) { StartRead(&request_); }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status::OK);
      return;
    }
    response_.Clear();
    service_->Answer(request_, &response_, &files_sent_);
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  const ReflectionV1* const service_;
  v1::ServerReflectionRequest request_;
  v1::ServerReflectionResponse response_;
  std::vector<std::string> files_sent_;
};

}  // namespace

void ReflectionV1::Answer(const v1::ServerReflectionRequest& request,
                          v1::ServerReflectionResponse* response,
                          std::vector<std::string>* files_sent) const {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  response->set_valid_host(request.host());
  *response->mutable_original_request() = request;
  switch (request.message_request_case()) {
    case v1::ServerReflectionRequest::kListServices:
      for (const std::string& name : services_) {
        response->mutable_list_services_response()->add_service()->set_name(name);
      }
      return;
    case v1::ServerReflectionRequest::kFileByFilename: {
      const FileDescriptor* file = pool->FindFileByName(request.file_by_filename());
      if (file == nullptr) {
        return Error(grpc::StatusCode::NOT_FOUND,
                     absl::StrCat("no file ", request.file_by_filename()), response);
      }
      return AddFile(file, files_sent, response->mutable_file_descriptor_response());
    }
    case v1::ServerReflectionRequest::kFileContainingSymbol: {
      const FileDescriptor* file = pool->FindFileContainingSymbol(request.file_containing_symbol());
      if (file == nullptr) {
        return Error(grpc::StatusCode::NOT_FOUND,
                     absl::StrCat("no symbol ", request.file_containing_symbol()), response);
      }
      return AddFile(file, files_sent, response->mutable_file_descriptor_response());
    }
    case v1::ServerReflectionRequest::kFileContainingExtension: {
      const auto& e = request.file_containing_extension();
      const auto* type = pool->FindMessageTypeByName(e.containing_type());
      const auto* extension =
          type == nullptr ? nullptr : pool->FindExtensionByNumber(type, e.extension_number());
      if (extension == nullptr) {
        return Error(
            grpc::StatusCode::NOT_FOUND,
            absl::StrCat("no extension ", e.extension_number(), " of ", e.containing_type()),
            response);
      }
      return AddFile(extension->file(), files_sent, response->mutable_file_descriptor_response());
    }
    case v1::ServerReflectionRequest::kAllExtensionNumbersOfType: {
      const auto* type = pool->FindMessageTypeByName(request.all_extension_numbers_of_type());
      if (type == nullptr) {
        return Error(grpc::StatusCode::NOT_FOUND,
                     absl::StrCat("no type ", request.all_extension_numbers_of_type()), response);
      }
      std::vector<const google::protobuf::FieldDescriptor*> extensions;
      pool->FindAllExtensions(type, &extensions);
      auto* out = response->mutable_all_extension_numbers_response();
      out->set_base_type_name(type->full_name());
      for (const auto* f : extensions) out->add_extension_number(f->number());
      return;
    }
    default:
      return Error(grpc::StatusCode::INVALID_ARGUMENT, "an empty reflection request", response);
  }
}

grpc::ServerBidiReactor<v1::ServerReflectionRequest, v1::ServerReflectionResponse>*
ReflectionV1::ServerReflectionInfo(grpc::CallbackServerContext* context) {
  return new Stream(this);
}

}  // namespace dossier
