#include "services/ingest/downstream.h"

#include "absl/strings/str_cat.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/time_util.h"
#include "dossier/internal/v1/index_service.grpc.pb.h"
#include "dossier/v1/tagger_service.grpc.pb.h"

namespace dossier::ingest {
namespace {

absl::Status Annotate(absl::Status status, absl::string_view what) {
  if (status.ok()) return status;
  absl::Status annotated(status.code(), absl::StrCat(what, ": ", status.message()));
  status.ForEachPayload(
      [&](absl::string_view url, const absl::Cord& value) { annotated.SetPayload(url, value); });
  return annotated;
}

class GrpcTaggerClient final : public TaggerClient {
 public:
  GrpcTaggerClient(const std::string& address, absl::Duration timeout)
      : stub_(v1::TaggerService::NewStub(MakeChannel(address))), timeout_(timeout) {}

  // Relative dates in the text resolve against the publish date, else the
  // day the document was received, else accepted (fresh news says "on
  // Monday" of the week it arrives).
  static void Fill(const v1::Document& document, v1::TagTextRequest* request) {
    request->set_text(document.text());
    // Its name in the text is an organisation.
    request->set_outlet(document.metadata().outlet());
    if (IsFullDate(document.metadata().publish_date()) || document.has_receive_time() ||
        document.has_accept_time()) {
      *request->mutable_document_date() = ToProtoDate(DocumentDate(document));
    }
  }

  absl::StatusOr<std::vector<v1::Annotations>> TagBatch(
      const std::vector<const v1::Document*>& documents) override {
    v1::BatchTagTextsRequest request;
    for (const v1::Document* d : documents) Fill(*d, request.add_requests());
    // The channel receives up to kMaxMessageBytes (MakeChannel).
    request.set_max_response_bytes(static_cast<int64_t>(kMaxMessageBytes));
    v1::BatchTagTextsResponse response;
    grpc::ClientContext context;
    // A batch takes as long as its documents together.
    SetDeadline(&context, timeout_ * std::max<size_t>(1, documents.size() / 8));
    absl::Status s = FromGrpcStatus(stub_->BatchTagTexts(&context, request, &response));
    if (!s.ok()) return Annotate(s, "tagger");
    if (response.responses_size() != static_cast<int>(documents.size())) {
      return absl::InternalError("tagger: answered a different number of texts");
    }
    std::vector<v1::Annotations> out;
    for (auto& r : *response.mutable_responses())
      out.push_back(std::move(*r.mutable_annotations()));
    return out;
  }

 private:
  std::unique_ptr<v1::TaggerService::Stub> stub_;
  const absl::Duration timeout_;
};

class GrpcIndexClient final : public IndexClient {
 public:
  GrpcIndexClient(const std::string& address, absl::Duration timeout)
      : stub_(internal::v1::IndexService::NewStub(MakeChannel(address))), timeout_(timeout) {}

  absl::StatusOr<std::vector<internal::v1::IndexOutcome>> Index(
      const std::vector<const v1::Document*>& documents) override {
    internal::v1::IndexDocumentsRequest request;
    for (const v1::Document* d : documents) *request.add_documents() = *d;
    internal::v1::IndexDocumentsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, timeout_);
    absl::Status s = FromGrpcStatus(stub_->IndexDocuments(&context, request, &response));
    if (!s.ok()) return Annotate(s, "query");
    if (response.results_size() != static_cast<int>(documents.size())) {
      return absl::InternalError("query: answered a different number of documents");
    }
    std::vector<internal::v1::IndexOutcome> outcomes;
    for (const auto& r : response.results()) outcomes.push_back(r.outcome());
    return outcomes;
  }

  absl::StatusOr<Read> ReadStored(absl::Span<const std::string> ids) override {
    internal::v1::ReadDocumentsRequest request;
    for (const std::string& id : ids) request.add_document_ids(id);
    internal::v1::ReadDocumentsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, timeout_);
    absl::Status s = FromGrpcStatus(stub_->ReadDocuments(&context, request, &response));
    if (!s.ok()) return Annotate(s, "query");
    if (response.answered() <= 0 || response.answered() > static_cast<int>(ids.size())) {
      return absl::InternalError("query: answered no document, or more than were asked");
    }
    Read read;
    read.answered = static_cast<size_t>(response.answered());
    for (auto& d : *response.mutable_documents()) read.documents.push_back(std::move(d));
    for (const auto& f : response.failures())
      read.failures.emplace_back(f.document_id(), f.error());
    return read;
  }

  absl::StatusOr<std::vector<internal::v1::ReplaceAnnotationsResult>> Replace(
      const std::vector<const v1::Document*>& documents) override {
    internal::v1::ReplaceAnnotationsRequest request;
    for (const v1::Document* d : documents) *request.add_documents() = *d;
    internal::v1::ReplaceAnnotationsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, timeout_);
    absl::Status s = FromGrpcStatus(stub_->ReplaceAnnotations(&context, request, &response));
    if (!s.ok()) return Annotate(s, "query");
    if (response.results_size() != static_cast<int>(documents.size())) {
      return absl::InternalError("query: answered a different number of documents");
    }
    return std::vector<internal::v1::ReplaceAnnotationsResult>(response.results().begin(),
                                                               response.results().end());
  }

  absl::StatusOr<bool> Delete(absl::string_view id) override {
    internal::v1::DeleteDocumentsRequest request;
    request.add_document_ids(std::string(id));
    internal::v1::DeleteDocumentsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, timeout_);
    absl::Status s = FromGrpcStatus(stub_->DeleteDocuments(&context, request, &response));
    if (!s.ok()) return Annotate(s, "query");
    if (response.results_size() != 1) {
      return absl::InternalError("query: answered a different number of documents");
    }
    return response.results(0).deleted();
  }

 private:
  std::unique_ptr<internal::v1::IndexService::Stub> stub_;
  const absl::Duration timeout_;
};

}  // namespace

std::unique_ptr<TaggerClient> NewGrpcTaggerClient(const std::string& address,
                                                  absl::Duration timeout) {
  return std::make_unique<GrpcTaggerClient>(address, timeout);
}

std::unique_ptr<IndexClient> NewGrpcIndexClient(const std::string& address,
                                                absl::Duration timeout) {
  return std::make_unique<GrpcIndexClient>(address, timeout);
}

}  // namespace dossier::ingest
