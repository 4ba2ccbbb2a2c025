// gRPC adapter of IngestService over the Ingestor.
#ifndef DOSSIER_SERVICES_INGEST_INGEST_SERVICE_H_
#define DOSSIER_SERVICES_INGEST_INGEST_SERVICE_H_

#include "common/server.h"
#include "common/thread_pool.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "services/ingest/ingestor.h"

namespace dossier::ingest {

class IngestServiceImpl final : public v1::IngestService::CallbackService {
 public:
  // `ingestor` and `pool` must outlive this. A stream keeps at most
  // `stream_window` documents between read and answer, so a fast client
  // is held back by flow control rather than by memory.
  IngestServiceImpl(Ingestor* ingestor, ThreadPool* pool, int stream_window = 512)
      : ingestor_(ingestor), pool_(pool), stream_window_(stream_window) {}

  grpc::ServerUnaryReactor* IngestDocument(grpc::CallbackServerContext* context,
                                           const v1::IngestDocumentRequest* request,
                                           v1::IngestDocumentResponse* response) override;

  grpc::ServerBidiReactor<v1::StreamIngestDocumentsRequest, v1::StreamIngestDocumentsResponse>*
  StreamIngestDocuments(grpc::CallbackServerContext* context) override;

  grpc::ServerUnaryReactor* GetDocumentStatus(grpc::CallbackServerContext* context,
                                              const v1::GetDocumentStatusRequest* request,
                                              v1::GetDocumentStatusResponse* response) override;
  grpc::ServerUnaryReactor* BatchGetDocumentStatuses(
      grpc::CallbackServerContext* context, const v1::BatchGetDocumentStatusesRequest* request,
      v1::BatchGetDocumentStatusesResponse* response) override;
  grpc::ServerUnaryReactor* DeleteDocument(grpc::CallbackServerContext* context,
                                           const v1::DeleteDocumentRequest* request,
                                           v1::DeleteDocumentResponse* response) override;
  grpc::ServerUnaryReactor* RetagDocuments(grpc::CallbackServerContext* context,
                                           const v1::RetagDocumentsRequest* request,
                                           v1::RetagDocumentsResponse* response) override;
  grpc::ServerUnaryReactor* GetIngestStats(grpc::CallbackServerContext* context,
                                           const v1::GetIngestStatsRequest* request,
                                           v1::GetIngestStatsResponse* response) override;

  // The server's drain (Server::ServiceEntry::on_drain). From kDraining on,
  // a new document, alone or read from a stream, is answered
  // ShuttingDownError() and not submitted; documents submitted before are
  // answered as usual. At kEnding each open stream ends (UNAVAILABLE) once
  // it has written every answer it owes.
  void Drain(DrainPhase phase) { streams_.Enter(phase); }

 private:
  Ingestor* const ingestor_;
  ThreadPool* const pool_;
  const int stream_window_;
  // Open StreamIngestDocuments calls, and the drain phase.
  OpenCalls streams_;
};

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_INGEST_SERVICE_H_
