#include "services/query/query_service.h"

#include "common/api_limits.h"
#include "common/grpc_status.h"
#include "common/reactor.h"
#include "common/status.h"
#include "common/utf8.h"
#include "services/query/requests.h"

namespace dossier::query {
namespace {

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
    DOSSIER_ASSIGN_OR_RETURN(const GetDocumentSpec spec, ToSpec(*request));
    DOSSIER_ASSIGN_OR_RETURN(*response->mutable_document(), store_->Get(spec.id));
    v1::Document* document = response->mutable_document();
    ApplyView(spec.view, document);
    ApplyEncoding(spec.encoding, document);
    KeepFields(spec.fields, document);
    // Nothing else is in the response. A read_mask asks for the fields it
    // names whatever their size (Document.omitted_fields).
    if (spec.fields.empty()) FitDocument(store_->searcher().response_bytes(), document);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListDocuments(grpc::CallbackServerContext* context,
                                                          const v1::ListDocumentsRequest* request,
                                                          v1::ListDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const ListDocumentsSpec spec, ToSpec(*request));
    return store_->searcher().List(spec, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchDocuments(
    grpc::CallbackServerContext* context, const v1::SearchDocumentsRequest* request,
    v1::SearchDocumentsResponse* response) {
  return RunInline(context, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const SearchDocumentsSpec spec, ToSpec(*request));
    return store_->searcher().Search(spec, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetEntity(grpc::CallbackServerContext* context,
                                                      const v1::GetEntityRequest* request,
                                                      v1::GetEntityResponse* response) {
  return RunInline(context, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const GetEntitySpec spec, ToSpec(*request));
    return store_->searcher().GetEntity(spec, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchEntities(grpc::CallbackServerContext* context,
                                                           const v1::SearchEntitiesRequest* request,
                                                           v1::SearchEntitiesResponse* response) {
  return RunInline(context, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const SearchEntitiesSpec spec, ToSpec(*request));
    return store_->searcher().SearchEntities(spec, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetEntityTimeline(
    grpc::CallbackServerContext* context, const v1::GetEntityTimelineRequest* request,
    v1::GetEntityTimelineResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const EntityTimelineSpec spec, ToSpec(*request));
    return store_->searcher().Timeline(spec, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListCooccurringEntities(
    grpc::CallbackServerContext* context, const v1::ListCooccurringEntitiesRequest* request,
    v1::ListCooccurringEntitiesResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const CooccurringEntitiesSpec spec, ToSpec(*request));
    return store_->searcher().Cooccurring(spec, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchQuotes(grpc::CallbackServerContext* context,
                                                         const v1::SearchQuotesRequest* request,
                                                         v1::SearchQuotesResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const SearchQuotesSpec spec, ToSpec(*request));
    return store_->searcher().SearchQuotes(spec, response);
  });
}

namespace {

// One WatchDocuments stream: the consumer of a Watch (watch.h), acting on
// what Watch::Next() decides, outside its lock.
class WatchReactor final : public grpc::ServerWriteReactor<v1::WatchDocumentsResponse> {
 public:
  WatchReactor(grpc::CallbackServerContext* context, WatchHub* hub, absl::StatusOr<WatchSpec> spec)
      : hub_(hub) {
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
    // Headers now: the client knows the watch is open before any match
    // (a refused call may send headers too, without this one).
    context->AddInitialMetadata(std::string(kWatchOpenHeader), "1");
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
  absl::StatusOr<WatchDocumentsSpec> spec = ToSpec(*request);
  return new WatchReactor(context, watches_,
                          spec.ok() ? MakeWatchSpec(*spec, store_->searcher())
                                    : absl::StatusOr<WatchSpec>(spec.status()));
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetStory(grpc::CallbackServerContext* context,
                                                     const v1::GetStoryRequest* request,
                                                     v1::GetStoryResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const GetStorySpec spec, ToSpec(*request));
    return store_->GetStory(spec, response);
  });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListStories(grpc::CallbackServerContext* context,
                                                        const v1::ListStoriesRequest* request,
                                                        v1::ListStoriesResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const ListStoriesSpec spec, ToSpec(*request));
    return store_->ListStories(spec, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::MergeEntities(
    grpc::CallbackServerContext* context, const v1::MergeEntitiesRequest* request,
    v1::MergeEntitiesResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const MergeEntitiesSpec spec, ToSpec(*request));
    return store_->MergeEntities(spec, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::AddEntityAlias(
    grpc::CallbackServerContext* context, const v1::AddEntityAliasRequest* request,
    v1::AddEntityAliasResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const AddEntityAliasSpec spec, ToSpec(*request));
    return store_->AddEntityAlias(spec, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::SplitEntityAlias(
    grpc::CallbackServerContext* context, const v1::SplitEntityAliasRequest* request,
    v1::SplitEntityAliasResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const SplitEntityAliasSpec spec, ToSpec(*request));
    return store_->SplitEntityAlias(spec, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::RemoveEntityAlias(
    grpc::CallbackServerContext* context, const v1::RemoveEntityAliasRequest* request,
    v1::RemoveEntityAliasResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const SplitEntityAliasSpec spec, ToSpec(*request));
    return store_->RemoveEntityAlias(spec, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::SetEntityType(
    grpc::CallbackServerContext* context, const v1::SetEntityTypeRequest* request,
    v1::SetEntityTypeResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const SetEntityTypeSpec spec, ToSpec(*request));
    return store_->SetEntityType(spec, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ImportKnowledgeBase(
    grpc::CallbackServerContext* context, const v1::ImportKnowledgeBaseRequest* request,
    v1::ImportKnowledgeBaseResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const ImportKnowledgeBaseSpec spec, ToSpec(*request));
    return store_->ImportKnowledgeBase(spec, response);
  });
}

grpc::ServerUnaryReactor* RegistryServiceImpl::ListKnownNames(
    grpc::CallbackServerContext* context, const v1::ListKnownNamesRequest* request,
    v1::ListKnownNamesResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const ListKnownNamesSpec spec, ToSpec(*request));
    return store_->ListKnownNames(spec, response);
  });
}

grpc::ServerUnaryReactor* IndexServiceImpl::IndexDocuments(
    grpc::CallbackServerContext* context, const internal::v1::IndexDocumentsRequest* request,
    internal::v1::IndexDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::vector<const v1::Document*> documents,
                             ToDocuments(*request));
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
    DOSSIER_ASSIGN_OR_RETURN(const std::vector<std::string> ids, ToDocumentIds(*request));
    for (const std::string& id : ids) {
      DOSSIER_ASSIGN_OR_RETURN(const bool deleted, store_->Delete(id, absl::Now()));
      auto* result = response->add_results();
      result->set_document_id(id);
      result->set_deleted(deleted);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndexServiceImpl::ReadDocuments(
    grpc::CallbackServerContext* context, const internal::v1::ReadDocumentsRequest* request,
    internal::v1::ReadDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::vector<std::string> ids, ToDocumentIds(*request));
    const size_t budget = store_->searcher().response_bytes();
    size_t bytes = 0;
    int answered = 0;
    for (const std::string& id : ids) {
      auto document = store_->GetStored(id);
      if (!document.ok()) {
        if (document.status().code() == absl::StatusCode::kNotFound) {
          response->add_missing_ids(id);
        } else if (document.status().code() == absl::StatusCode::kDataLoss) {
          internal::v1::ReadFailure* failure = response->add_failures();
          failure->set_document_id(id);
          failure->set_error(std::string(document.status().message()));
        } else {
          return document.status();
        }
        bytes += id.size() + 64;
        ++answered;
        continue;
      }
      // What tagging needs, and which tagger tagged it.
      const std::string version = document->annotations().tagger_version();
      document->clear_annotations();
      document->mutable_annotations()->set_tagger_version(version);
      document->clear_original_text();
      const size_t size = document->ByteSizeLong() + 8;
      if (answered > 0 && bytes + size > budget) break;
      bytes += size;
      *response->add_documents() = std::move(*document);
      ++answered;
    }
    response->set_answered(answered);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndexServiceImpl::ReplaceAnnotations(
    grpc::CallbackServerContext* context, const internal::v1::ReplaceAnnotationsRequest* request,
    internal::v1::ReplaceAnnotationsResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::vector<const v1::Document*> documents,
                             ToDocuments(*request));
    for (const v1::Document* document : documents) {
      auto outcome = store_->Replace(*document, absl::Now());
      auto* result = response->add_results();
      result->set_document_id(document->id());
      if (outcome.ok()) {
        result->set_outcome(*outcome);
      } else if (outcome.status().code() == absl::StatusCode::kDataLoss) {
        // This document's entries, not the store: the others go on.
        result->set_outcome(internal::v1::REPLACE_OUTCOME_FAILED);
        result->set_error(std::string(outcome.status().message()));
      } else {
        return outcome.status();
      }
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
