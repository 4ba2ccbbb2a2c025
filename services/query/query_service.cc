#include "services/query/query_service.h"

#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/reactor.h"
#include "common/status.h"
#include "common/utf8.h"

namespace dossier::query {
namespace {

constexpr int kMaxIndexBatch = 1000;

void ApplyEncoding(v1::EncodingType encoding, v1::Document* document) {
  if (document->has_annotations()) {
    ConvertAnnotationOffsets(document->text(), encoding, document->mutable_annotations());
  }
}

}  // namespace

grpc::ServerUnaryReactor* QueryServiceImpl::GetDocument(grpc::CallbackServerContext* context,
                                                        const v1::GetDocumentRequest* request,
                                                        v1::GetDocumentResponse* response) {
  return RunInline(context, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::string id, ParseDocumentName(request->name()));
    // As ListDocuments and SearchDocuments answer an enum value the API does
    // not have (searcher.cc).
    if (!v1::DocumentView_IsValid(request->view())) {
      return InvalidFieldError("view", "INVALID_ENUM",
                               absl::StrCat("view ", request->view(), " is not one of the API's"));
    }
    if (!v1::EncodingType_IsValid(request->encoding_type())) {
      return InvalidFieldError(
          "encoding_type", "INVALID_ENUM",
          absl::StrCat("encoding_type ", request->encoding_type(), " is not one of the API's"));
    }
    DOSSIER_ASSIGN_OR_RETURN(*response->mutable_document(), store_->Get(id));
    v1::Document* document = response->mutable_document();
    ApplyView(
        request->view() == v1::DOCUMENT_VIEW_UNSPECIFIED ? v1::DOCUMENT_VIEW_FULL : request->view(),
        document);
    ApplyEncoding(request->encoding_type(), document);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListDocuments(grpc::CallbackServerContext* context,
                                                          const v1::ListDocumentsRequest* request,
                                                          v1::ListDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return store_->searcher().List(*request, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchDocuments(
    grpc::CallbackServerContext* context, const v1::SearchDocumentsRequest* request,
    v1::SearchDocumentsResponse* response) {
  return RunInline(
      context, [this, request, response] { return store_->searcher().Search(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetEntity(grpc::CallbackServerContext* context,
                                                      const v1::GetEntityRequest* request,
                                                      v1::GetEntityResponse* response) {
  return RunInline(context, [this, request, response] {
    return store_->searcher().GetEntity(*request, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchEntities(grpc::CallbackServerContext* context,
                                                           const v1::SearchEntitiesRequest* request,
                                                           v1::SearchEntitiesResponse* response) {
  return RunInline(context, [this, request, response] {
    return store_->searcher().SearchEntities(*request, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetEntityTimeline(
    grpc::CallbackServerContext* context, const v1::GetEntityTimelineRequest* request,
    v1::GetEntityTimelineResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return store_->searcher().Timeline(*request, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListCooccurringEntities(
    grpc::CallbackServerContext* context, const v1::ListCooccurringEntitiesRequest* request,
    v1::ListCooccurringEntitiesResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return store_->searcher().Cooccurring(*request, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchQuotes(grpc::CallbackServerContext* context,
                                                         const v1::SearchQuotesRequest* request,
                                                         v1::SearchQuotesResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return store_->searcher().SearchQuotes(*request, response);
  });
}

namespace {

// One WatchDocuments stream: the consumer of a Watch (watch.h), acting on
// what Watch::Next() decides, outside its lock.
class WatchReactor final : public grpc::ServerWriteReactor<v1::WatchDocumentsResponse> {
 public:
  WatchReactor(WatchHub* hub, absl::StatusOr<WatchSpec> spec) : hub_(hub) {
    if (!spec.ok()) {
      Finish(ToGrpcStatus(spec.status()));
      return;
    }
    auto watch = hub_->Subscribe(*std::move(spec), [this] { Pump(); });
    if (!watch.ok()) {
      Finish(ToGrpcStatus(watch.status()));
      return;
    }
    // It holds the watch's first turn.
    watch_ = *std::move(watch);
    // Headers now: the client knows the watch is open before any match.
    StartSendInitialMetadata();
  }

  void OnSendInitialMetadataDone(bool ok) override { Pump(); }
  void OnWriteDone(bool ok) override {
    if (!ok) watch_->Cancel();
    Pump();
  }
  void OnCancel() override {
    if (watch_ != nullptr && watch_->Cancel()) Pump();
  }
  void OnDone() override {
    if (watch_ != nullptr) hub_->Unsubscribe(watch_.get());
    delete this;
  }

 private:
  // Only ever run by the holder of the watch's turn.
  void Pump() {
    switch (watch_->Next(response_.mutable_document())) {
      case Watch::Action::kWrite:
        StartWrite(&response_);
        return;
      case Watch::Action::kIdle:
        return;
      case Watch::Action::kFinishOverflow:
        Finish(ToGrpcStatus(RetryableError(
            absl::StatusCode::kResourceExhausted, "WATCH_OVERFLOW",
            "the watch fell too far behind the documents it matches and was closed; read "
            "faster or narrow the query, and watch again",
            absl::Seconds(1))));
        return;
      case Watch::Action::kFinishClosed:
        Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the query service is shutting down"));
        return;
      case Watch::Action::kFinishCancelled:
        Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the watch was cancelled"));
        return;
    }
  }

  WatchHub* const hub_;
  std::shared_ptr<Watch> watch_;
  v1::WatchDocumentsResponse response_;
};

}  // namespace

grpc::ServerWriteReactor<v1::WatchDocumentsResponse>* QueryServiceImpl::WatchDocuments(
    grpc::CallbackServerContext* context, const v1::WatchDocumentsRequest* request) {
  if (absl::Status auth = CheckAuthorized(*context); !auth.ok()) {
    return new RefusedWriteStream<v1::WatchDocumentsResponse>(auth);
  }
  return new WatchReactor(watches_, MakeWatchSpec(*request, store_->searcher()));
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetStory(grpc::CallbackServerContext* context,
                                                     const v1::GetStoryRequest* request,
                                                     v1::GetStoryResponse* response) {
  return RunUnary(context, pool_,
                  [this, request, response] { return store_->GetStory(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListStories(grpc::CallbackServerContext* context,
                                                        const v1::ListStoriesRequest* request,
                                                        v1::ListStoriesResponse* response) {
  return RunUnary(context, pool_,
                  [this, request, response] { return store_->ListStories(*request, response); });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::MergeEntities(
    grpc::CallbackServerContext* context, const v1::MergeEntitiesRequest* request,
    v1::MergeEntitiesResponse* response) {
  return RunUnary(context, pool_,
                  [this, request, response] { return store_->MergeEntities(*request, response); });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::AddEntityAlias(
    grpc::CallbackServerContext* context, const v1::AddEntityAliasRequest* request,
    v1::AddEntityAliasResponse* response) {
  return RunUnary(context, pool_,
                  [this, request, response] { return store_->AddEntityAlias(*request, response); });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::SplitEntityAlias(
    grpc::CallbackServerContext* context, const v1::SplitEntityAliasRequest* request,
    v1::SplitEntityAliasResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return store_->SplitEntityAlias(*request, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ImportKnowledgeBase(
    grpc::CallbackServerContext* context, const v1::ImportKnowledgeBaseRequest* request,
    v1::ImportKnowledgeBaseResponse* response) {
  return RunUnary(context, pool_, [this, request, response] {
    return store_->ImportKnowledgeBase(*request, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListKnownNames(
    grpc::CallbackServerContext* context, const v1::ListKnownNamesRequest* request,
    v1::ListKnownNamesResponse* response) {
  return RunUnary(context, pool_,
                  [this, request, response] { return store_->ListKnownNames(*request, response); });
}

grpc::ServerUnaryReactor* IndexServiceImpl::IndexDocuments(
    grpc::CallbackServerContext* context, const internal::v1::IndexDocumentsRequest* request,
    internal::v1::IndexDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    if (request->documents_size() > kMaxIndexBatch) {
      return InvalidFieldError("documents", "BATCH_TOO_LARGE",
                               absl::StrCat("at most ", kMaxIndexBatch, " documents per call; got ",
                                            request->documents_size()));
    }
    std::vector<const v1::Document*> documents;
    documents.reserve(request->documents_size());
    for (const auto& d : request->documents()) documents.push_back(&d);
    DOSSIER_ASSIGN_OR_RETURN(auto outcomes, store_->Index(documents, absl::Now()));
    for (size_t i = 0; i < outcomes.size(); ++i) {
      auto* result = response->add_results();
      result->set_document_id(documents[i]->id());
      result->set_outcome(outcomes[i]);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndexServiceImpl::DeleteDocuments(
    grpc::CallbackServerContext* context, const internal::v1::DeleteDocumentsRequest* request,
    internal::v1::DeleteDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    if (request->document_ids_size() > kMaxIndexBatch) {
      return InvalidFieldError("document_ids", "BATCH_TOO_LARGE",
                               absl::StrCat("at most ", kMaxIndexBatch, " ids per call; got ",
                                            request->document_ids_size()));
    }
    std::vector<std::string> ids;
    for (int i = 0; i < request->document_ids_size(); ++i) {
      DOSSIER_ASSIGN_OR_RETURN(
          std::string id,
          ParseDocumentName(request->document_ids(i), absl::StrCat("document_ids[", i, "]")));
      ids.push_back(std::move(id));
    }
    for (const std::string& id : ids) {
      DOSSIER_ASSIGN_OR_RETURN(const bool deleted, store_->Delete(id, absl::Now()));
      auto* result = response->add_results();
      result->set_document_id(id);
      result->set_deleted(deleted);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetQueryStats(grpc::CallbackServerContext* context,
                                                          const v1::GetQueryStatsRequest* request,
                                                          v1::GetQueryStatsResponse* response) {
  return RunUnary(context, pool_, [this, response] { return store_->Stats(response); });
}

}  // namespace dossier::query
