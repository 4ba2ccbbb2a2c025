#include "services/query/query_service.h"

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/reactor.h"
#include "common/status.h"
#include "common/utf8.h"

namespace dossier::query {
namespace {

constexpr int kMaxIndexBatch = 1000;

void ApplyEncoding(v1::EncodingType encoding, v1::Document* document) {
  if (document->has_annotations()) {
    ConvertAnnotationOffsets(document->text(), encoding,
                             document->mutable_annotations());
  }
}

}  // namespace

grpc::ServerUnaryReactor* QueryServiceImpl::GetDocument(
    grpc::CallbackServerContext* context, const v1::GetDocumentRequest* request,
    v1::GetDocumentResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::string id,
                             ParseDocumentName(request->name()));
    DOSSIER_ASSIGN_OR_RETURN(*response->mutable_document(), store_->Get(id));
    v1::Document* document = response->mutable_document();
    ApplyView(request->view() == v1::DOCUMENT_VIEW_UNSPECIFIED
                  ? v1::DOCUMENT_VIEW_FULL
                  : request->view(),
              document);
    ApplyEncoding(request->encoding_type(), document);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListDocuments(
    grpc::CallbackServerContext* context,
    const v1::ListDocumentsRequest* request,
    v1::ListDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_RETURN_IF_ERROR(store_->List(*request, response));
    for (auto& document : *response->mutable_documents()) {
      ApplyEncoding(request->encoding_type(), &document);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetStory(grpc::CallbackServerContext* context,
                                                     const v1::GetStoryRequest* request,
                                                     v1::GetStoryResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return store_->GetStory(*request, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListStories(grpc::CallbackServerContext* context,
                                                        const v1::ListStoriesRequest* request,
                                                        v1::ListStoriesResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return store_->ListStories(*request, response);
  });
}

grpc::ServerUnaryReactor* IndexServiceImpl::IndexDocuments(
    grpc::CallbackServerContext* context,
    const v1::IndexDocumentsRequest* request,
    v1::IndexDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    if (request->documents_size() > kMaxIndexBatch) {
      return InvalidFieldError(
          "documents", "BATCH_TOO_LARGE",
          absl::StrCat("at most ", kMaxIndexBatch, " documents per call; got ",
                       request->documents_size()));
    }
    std::vector<const v1::Document*> documents;
    documents.reserve(request->documents_size());
    for (const auto& d : request->documents()) documents.push_back(&d);
    DOSSIER_ASSIGN_OR_RETURN(auto outcomes,
                             store_->Index(documents, absl::Now()));
    for (size_t i = 0; i < outcomes.size(); ++i) {
      auto* result = response->add_results();
      result->set_document_id(documents[i]->id());
      result->set_outcome(outcomes[i]);
    }
    return absl::OkStatus();
  });
}

}  // namespace dossier::query
