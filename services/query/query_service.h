// gRPC adapters of the query binary: QueryService (public reads) and
// IndexService (internal writes from ingest). Each unary method calls the
// core (DocumentStore, Searcher) on the work pool and converts the status;
// WatchDocuments is a server stream fed by the WatchHub.
#ifndef DOSSIER_SERVICES_QUERY_QUERY_SERVICE_H_
#define DOSSIER_SERVICES_QUERY_QUERY_SERVICE_H_

#include "common/thread_pool.h"
#include "dossier/internal/v1/index_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "dossier/v1/registry_service.grpc.pb.h"
#include "services/query/document_store.h"
#include "services/query/watch.h"

namespace dossier::query {

class QueryServiceImpl final : public v1::QueryService::CallbackService {
 public:
  // `store`, `watches` and `pool` must outlive this.
  QueryServiceImpl(DocumentStore* store, WatchHub* watches, ThreadPool* pool)
      : store_(store), watches_(watches), pool_(pool) {}

  grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* context,
                                        const v1::GetDocumentRequest* request,
                                        v1::GetDocumentResponse* response) override;
  grpc::ServerUnaryReactor* ListDocuments(grpc::CallbackServerContext* context,
                                          const v1::ListDocumentsRequest* request,
                                          v1::ListDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* SearchDocuments(grpc::CallbackServerContext* context,
                                            const v1::SearchDocumentsRequest* request,
                                            v1::SearchDocumentsResponse* response) override;
  grpc::ServerWriteReactor<v1::WatchDocumentsResponse>* WatchDocuments(
      grpc::CallbackServerContext* context, const v1::WatchDocumentsRequest* request) override;
  grpc::ServerUnaryReactor* GetEntity(grpc::CallbackServerContext* context,
                                      const v1::GetEntityRequest* request,
                                      v1::GetEntityResponse* response) override;
  grpc::ServerUnaryReactor* SearchEntities(grpc::CallbackServerContext* context,
                                           const v1::SearchEntitiesRequest* request,
                                           v1::SearchEntitiesResponse* response) override;
  grpc::ServerUnaryReactor* GetEntityTimeline(grpc::CallbackServerContext* context,
                                              const v1::GetEntityTimelineRequest* request,
                                              v1::GetEntityTimelineResponse* response) override;
  grpc::ServerUnaryReactor* ListCooccurringEntities(
      grpc::CallbackServerContext* context, const v1::ListCooccurringEntitiesRequest* request,
      v1::ListCooccurringEntitiesResponse* response) override;
  grpc::ServerUnaryReactor* SearchQuotes(grpc::CallbackServerContext* context,
                                         const v1::SearchQuotesRequest* request,
                                         v1::SearchQuotesResponse* response) override;
  grpc::ServerUnaryReactor* GetStory(grpc::CallbackServerContext* context,
                                     const v1::GetStoryRequest* request,
                                     v1::GetStoryResponse* response) override;
  grpc::ServerUnaryReactor* ListStories(grpc::CallbackServerContext* context,
                                        const v1::ListStoriesRequest* request,
                                        v1::ListStoriesResponse* response) override;
  grpc::ServerUnaryReactor* GetQueryStats(grpc::CallbackServerContext* context,
                                          const v1::GetQueryStatsRequest* request,
                                          v1::GetQueryStatsResponse* response) override;

 private:
  DocumentStore* const store_;
  WatchHub* const watches_;
  ThreadPool* const pool_;
};

// Registry curation: merges, aliases, splits, knowledge-base imports.
class RegistryServiceImpl final : public v1::RegistryService::CallbackService {
 public:
  RegistryServiceImpl(DocumentStore* store, ThreadPool* pool) : store_(store), pool_(pool) {}

  grpc::ServerUnaryReactor* MergeEntities(grpc::CallbackServerContext* context,
                                          const v1::MergeEntitiesRequest* request,
                                          v1::MergeEntitiesResponse* response) override;
  grpc::ServerUnaryReactor* AddEntityAlias(grpc::CallbackServerContext* context,
                                           const v1::AddEntityAliasRequest* request,
                                           v1::AddEntityAliasResponse* response) override;
  grpc::ServerUnaryReactor* SplitEntityAlias(grpc::CallbackServerContext* context,
                                             const v1::SplitEntityAliasRequest* request,
                                             v1::SplitEntityAliasResponse* response) override;
  grpc::ServerUnaryReactor* RemoveEntityAlias(grpc::CallbackServerContext* context,
                                              const v1::RemoveEntityAliasRequest* request,
                                              v1::RemoveEntityAliasResponse* response) override;
  grpc::ServerUnaryReactor* SetEntityType(grpc::CallbackServerContext* context,
                                          const v1::SetEntityTypeRequest* request,
                                          v1::SetEntityTypeResponse* response) override;
  grpc::ServerUnaryReactor* ImportKnowledgeBase(grpc::CallbackServerContext* context,
                                                const v1::ImportKnowledgeBaseRequest* request,
                                                v1::ImportKnowledgeBaseResponse* response) override;
  grpc::ServerUnaryReactor* ListKnownNames(grpc::CallbackServerContext* context,
                                           const v1::ListKnownNamesRequest* request,
                                           v1::ListKnownNamesResponse* response) override;

 private:
  DocumentStore* const store_;
  ThreadPool* const pool_;
};

class IndexServiceImpl final : public internal::v1::IndexService::CallbackService {
 public:
  IndexServiceImpl(DocumentStore* store, ThreadPool* pool) : store_(store), pool_(pool) {}

  grpc::ServerUnaryReactor* IndexDocuments(grpc::CallbackServerContext* context,
                                           const internal::v1::IndexDocumentsRequest* request,
                                           internal::v1::IndexDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteDocuments(
      grpc::CallbackServerContext* context, const internal::v1::DeleteDocumentsRequest* request,
      internal::v1::DeleteDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* ReadDocuments(grpc::CallbackServerContext* context,
                                          const internal::v1::ReadDocumentsRequest* request,
                                          internal::v1::ReadDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* ReplaceAnnotations(
      grpc::CallbackServerContext* context, const internal::v1::ReplaceAnnotationsRequest* request,
      internal::v1::ReplaceAnnotationsResponse* response) override;

 private:
  DocumentStore* const store_;
  ThreadPool* const pool_;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_QUERY_SERVICE_H_
