// gRPC adapters of the query binary: QueryService (public reads) and
// IndexService (internal writes from ingest). Each method validates the
// request, calls DocumentStore on the work pool and converts the status.
#ifndef DOSSIER_SERVICES_QUERY_QUERY_SERVICE_H_
#define DOSSIER_SERVICES_QUERY_QUERY_SERVICE_H_

#include "common/thread_pool.h"
#include "dossier/v1/index_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "services/query/document_store.h"

namespace dossier::query {

class QueryServiceImpl final : public v1::QueryService::CallbackService {
 public:
  // `store` and `pool` must outlive this.
  QueryServiceImpl(DocumentStore* store, ThreadPool* pool)
      : store_(store), pool_(pool) {}

  grpc::ServerUnaryReactor* GetDocument(
      grpc::CallbackServerContext* context,
      const v1::GetDocumentRequest* request,
      v1::GetDocumentResponse* response) override;
  grpc::ServerUnaryReactor* ListDocuments(
      grpc::CallbackServerContext* context,
      const v1::ListDocumentsRequest* request,
      v1::ListDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* GetStory(grpc::CallbackServerContext* context,
                                     const v1::GetStoryRequest* request,
                                     v1::GetStoryResponse* response) override;
  grpc::ServerUnaryReactor* ListStories(grpc::CallbackServerContext* context,
                                        const v1::ListStoriesRequest* request,
                                        v1::ListStoriesResponse* response) override;

 private:
  DocumentStore* const store_;
  ThreadPool* const pool_;
};

class IndexServiceImpl final : public v1::IndexService::CallbackService {
 public:
  IndexServiceImpl(DocumentStore* store, ThreadPool* pool)
      : store_(store), pool_(pool) {}

  grpc::ServerUnaryReactor* IndexDocuments(
      grpc::CallbackServerContext* context,
      const v1::IndexDocumentsRequest* request,
      v1::IndexDocumentsResponse* response) override;

 private:
  DocumentStore* const store_;
  ThreadPool* const pool_;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_QUERY_SERVICE_H_
