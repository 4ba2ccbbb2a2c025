// The two services ingest hands documents to, behind small interfaces so that
// the pipeline's logic reads without RPC plumbing. The implementations here
// are the real gRPC clients, with per-call deadlines. Errors are the
// services' statuses (prefixed "tagger: " or "query: "), for Classify
// (common/retry.h) to judge.
#ifndef DOSSIER_SERVICES_INGEST_DOWNSTREAM_H_
#define DOSSIER_SERVICES_INGEST_DOWNSTREAM_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "dossier/internal/v1/index_service.pb.h"
#include "dossier/v1/document.pb.h"

namespace dossier::ingest {

class TaggerClient {
 public:
  virtual ~TaggerClient() = default;
  // The annotations of each document's text, resolved against its date,
  // in order, from one call. One bad document fails the call
  // (INVALID_ARGUMENT naming it), as does an answer that would not fit a
  // message (INVALID_ARGUMENT, reason RESPONSE_TOO_LARGE, before tagging;
  // or gRPC's RESOURCE_EXHAUSTED "larger than max").
  virtual absl::StatusOr<std::vector<v1::Annotations>> TagBatch(
      const std::vector<const v1::Document*>& documents) = 0;
};

class IndexClient {
 public:
  virtual ~IndexClient() = default;
  // Commits the documents; an outcome per document, in order. One bad
  // document fails the call.
  virtual absl::StatusOr<std::vector<internal::v1::IndexOutcome>> Index(
      const std::vector<const v1::Document*>& documents) = 0;
  // Takes a document out of the query service (IndexService.
  // DeleteDocuments); true when it was there. Idempotent.
  virtual absl::StatusOr<bool> Delete(absl::string_view id) {
    return absl::UnimplementedError("this index client cannot delete");
  }
  // Reads stored documents to tag them again (IndexService.ReadDocuments):
  // those of the first `answered` ids (each with text, metadata, times,
  // content hash and its annotations' tagger_version only), in order.
  struct Read {
    std::vector<v1::Document> documents;
    size_t answered = 0;
    // Ids whose stored entries do not decode, with the reason.
    std::vector<std::pair<std::string, std::string>> failures;
  };
  virtual absl::StatusOr<Read> ReadStored(absl::Span<const std::string> ids) {
    return absl::UnimplementedError("this index client cannot read");
  }
  // Gives stored documents new annotations (IndexService.
  // ReplaceAnnotations): a result per document, in order.
  virtual absl::StatusOr<std::vector<internal::v1::ReplaceAnnotationsResult>> Replace(
      const std::vector<const v1::Document*>& documents) {
    return absl::UnimplementedError("this index client cannot replace");
  }
};

std::unique_ptr<TaggerClient> NewGrpcTaggerClient(const std::string& address,
                                                  absl::Duration timeout);
std::unique_ptr<IndexClient> NewGrpcIndexClient(const std::string& address, absl::Duration timeout);

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_DOWNSTREAM_H_
