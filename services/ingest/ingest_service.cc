#include "services/ingest/ingest_service.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/reactor.h"
#include "common/server.h"
#include "common/status.h"
#include "common/utf8.h"

namespace dossier::ingest {
namespace {

// The ids of a request's `names` (document names or bare ids), at most
// `most`; INVALID_ARGUMENT naming the field otherwise.
absl::StatusOr<std::vector<std::string>> ParseNames(
    const google::protobuf::RepeatedPtrField<std::string>& names, int most) {
  if (names.size() > most) {
    return InvalidFieldError("names", "TOO_MANY_NAMES",
                             absl::StrCat("at most ", most, " names a call; got ", names.size()));
  }
  std::vector<std::string> ids;
  for (int i = 0; i < names.size(); ++i) {
    DOSSIER_ASSIGN_OR_RETURN(std::string id,
                             ParseDocumentName(names[i], absl::StrCat("names[", i, "]")));
    ids.push_back(std::move(id));
  }
  return ids;
}

using StreamRequest = v1::StreamIngestDocumentsRequest;
using StreamResponse = v1::StreamIngestDocumentsResponse;

// The longest request_id a stream takes, in bytes (ingest_service.proto).
constexpr size_t kMaxRequestIdBytes = 256;

v1::IngestResult RejectedResult(const absl::Status& status) {
  v1::IngestResult result;
  result.set_outcome(v1::INGEST_OUTCOME_REJECTED);
  *result.mutable_error() = ToRpcStatusProto(status);
  return result;
}

// One StreamIngestDocuments call. Reads documents, submits each, and writes
// the results back in request order. At most `window` documents are between
// read and written answer; reading pauses until answers drain.
//
// The drain (common/server.h): a document read from kDraining on is answered
// ShuttingDownError() and not submitted, while those submitted before get
// their results; at kEnding reading stops, and the stream ends UNAVAILABLE
// once every document it read has its answer written. A document the client
// sent that was never read has no answer: the client sends it again.
//
// Lifetime: the reactor deletes itself once gRPC has called OnDone and no
// hold is left: a hold for each document the ingestor has yet to answer,
// and one while a drain tells the stream of a phase.
class StreamReactor final : public grpc::ServerBidiReactor<StreamRequest, StreamResponse>,
                            public DrainableCall {
 public:
  StreamReactor(Ingestor* ingestor, OpenCalls* calls, int window,
                std::shared_ptr<const std::string> call_id)
      : ingestor_(ingestor), calls_(calls), window_(window), call_id_(std::move(call_id)) {
    calls_->Add(this);
    // The first read, or the end at once when the drain is ending.
    Step();
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      {
        absl::MutexLock lock(&mu_);
        reads_done_ = true;
      }
      Step();
      return;
    }
    std::string request_id = std::move(*request_.mutable_request_id());
    v1::DocumentInput input = std::move(*request_.mutable_document());
    absl::Status refused;
    if (calls_->phase() != DrainPhase::kServing) {
      refused = ShuttingDownError();
    } else if (request_id.size() > kMaxRequestIdBytes) {
      refused = InvalidFieldError("request_id", "REQUEST_ID_TOO_LONG",
                                  absl::StrCat("request_id is ", request_id.size(),
                                               " bytes; the limit is ", kMaxRequestIdBytes));
    }
    uint64_t position;
    {
      absl::MutexLock lock(&mu_);
      // The drain ended the stream while this was being read.
      if (finished_) return;
      position = next_read_++;
      ++outstanding_;
      read_paused_ = true;  // Step() reads on when the window allows
      if (!refused.ok()) {
        StreamResponse& response = ready_[position];
        *response.mutable_result() = RejectedResult(refused);
        // An id past the limit comes back cut to it, so that its answer
        // stays small.
        response.set_request_id(request_id.size() > kMaxRequestIdBytes
                                    ? Ellipsize(request_id, kMaxRequestIdBytes)
                                    : std::move(request_id));
      }
    }
    if (refused.ok()) {
      Hold();  // until the ingestor answers (OnResult)
      ingestor_->Submit(
          std::move(input),
          [this, position, request_id](v1::IngestResult result) {
            OnResult(position, request_id, std::move(result));
          },
          call_id_);
    }
    Step();
  }

  void OnWriteDone(bool ok) override {
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      --outstanding_;
      if (!ok) write_failed_ = true;
    }
    Step();
  }

  void OnDone() override {
    calls_->Remove(this);
    DoneUnlessHeld();
  }

  // kDraining needs nothing here (reads refuse by the phase); kEnding may
  // end an idle stream now.
  void OnDrainPhase(DrainPhase phase) override { Step(); }

 private:
  void OnResult(uint64_t position, const std::string& request_id, v1::IngestResult result) {
    {
      absl::MutexLock lock(&mu_);
      // (After the stream finished nothing writes it; it goes with the call.)
      StreamResponse& response = ready_[position];
      *response.mutable_result() = std::move(result);
      response.set_request_id(request_id);
    }
    if (Release()) return;  // the call was done and this was its last hold
    Step();
  }

  // Decides, under the lock, the next write, read or finish; does them
  // outside it. A read being started keeps the stream from finishing, so
  // that no operation follows Finish().
  void Step() {
    bool write = false, read = false, finish = false;
    grpc::Status status;
    {
      absl::MutexLock lock(&mu_);
      if (finished_) return;
      if (write_failed_) {
        // The client is gone: answers have nowhere to go.
        outstanding_ -= ready_.size();
        ready_.clear();
      }
      if (!writing_ && !write_failed_) {
        auto it = ready_.find(next_write_);
        if (it != ready_.end()) {
          response_ = std::move(it->second);
          ready_.erase(it);
          ++next_write_;
          writing_ = true;
          write = true;
        }
      }
      const bool ending = calls_->phase() == DrainPhase::kEnding;
      if (read_paused_ && !reads_done_ && !ending && outstanding_ < window_) {
        read_paused_ = false;
        starting_read_ = true;
        read = true;
      }
      if ((reads_done_ || ending) && outstanding_ == 0 && !writing_ && !starting_read_) {
        finished_ = true;
        finish = true;
        status = reads_done_ ? grpc::Status::OK : ToGrpcStatus(ShuttingDownError());
      }
    }
    if (write) StartWrite(&response_);
    if (read) {
      StartRead(&request_);
      {
        absl::MutexLock lock(&mu_);
        starting_read_ = false;
      }
      Step();  // a finish may have waited for the read to start
    }
    if (finish) Finish(status);
  }

  Ingestor* const ingestor_;
  OpenCalls* const calls_;
  const int window_;
  // The request id of the stream, which its documents carry downstream.
  const std::shared_ptr<const std::string> call_id_;
  StreamRequest request_;    // owned by the pending read
  StreamResponse response_;  // owned by the pending write

  absl::Mutex mu_;
  uint64_t next_read_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t next_write_ ABSL_GUARDED_BY(mu_) = 0;
  // Read but not yet answered on the wire.
  int outstanding_ ABSL_GUARDED_BY(mu_) = 0;
  // Documents submitted but not yet answered by the ingestor, plus drains
  // telling the stream of a phase.
  std::map<uint64_t, StreamResponse> ready_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool write_failed_ ABSL_GUARDED_BY(mu_) = false;
  // No read is pending; the first one starts from the constructor.
  bool read_paused_ ABSL_GUARDED_BY(mu_) = true;
  bool starting_read_ ABSL_GUARDED_BY(mu_) = false;
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

grpc::ServerUnaryReactor* IngestServiceImpl::IngestDocument(
    grpc::CallbackServerContext* context, const v1::IngestDocumentRequest* request,
    v1::IngestDocumentResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status auth = CheckAuthorized(*context); !auth.ok()) {
    reactor->Finish(ToGrpcStatus(auth));
    return reactor;
  }
  if (streams_.phase() != DrainPhase::kServing) {
    reactor->Finish(ToGrpcStatus(ShuttingDownError()));
    return reactor;
  }
  ingestor_->Submit(
      request->document(),
      [reactor, response](v1::IngestResult r) {
        if (r.outcome() == v1::INGEST_OUTCOME_REJECTED) {
          reactor->Finish(ToGrpcStatus(FromRpcStatusProto(r.error())));
          return;
        }
        *response->mutable_result() = std::move(r);
        reactor->Finish(grpc::Status::OK);
      },
      std::make_shared<const std::string>(RequestIdOf(*context)));
  return reactor;
}

grpc::ServerBidiReactor<StreamRequest, StreamResponse>* IngestServiceImpl::StreamIngestDocuments(
    grpc::CallbackServerContext* context) {
  if (absl::Status auth = CheckAuthorized(*context); !auth.ok()) {
    return new RefusedBidiStream<StreamRequest, StreamResponse>(auth);
  }
  return new StreamReactor(ingestor_, &streams_, stream_window_,
                           std::make_shared<const std::string>(RequestIdOf(*context)));
}

grpc::ServerUnaryReactor* IngestServiceImpl::GetDocumentStatus(
    grpc::CallbackServerContext* context, const v1::GetDocumentStatusRequest* request,
    v1::GetDocumentStatusResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::string id, ParseDocumentName(request->name()));
    DOSSIER_ASSIGN_OR_RETURN(*response->mutable_status(), ingestor_->GetStatus(id));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IngestServiceImpl::BatchGetDocumentStatuses(
    grpc::CallbackServerContext* context, const v1::BatchGetDocumentStatusesRequest* request,
    v1::BatchGetDocumentStatusesResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::vector<std::string> ids,
                             ParseNames(request->names(), /*most=*/1000));
    for (const std::string& id : ids) {
      auto status = ingestor_->GetStatus(id);
      if (status.ok()) {
        *response->add_statuses() = std::move(*status);
      } else if (status.status().code() == absl::StatusCode::kNotFound) {
        response->add_missing(id);
      } else {
        return status.status();
      }
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IngestServiceImpl::DeleteDocument(
    grpc::CallbackServerContext* context, const v1::DeleteDocumentRequest* request,
    v1::DeleteDocumentResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::string id, ParseDocumentName(request->name()));
    DOSSIER_ASSIGN_OR_RETURN(const bool deleted, ingestor_->Delete(id));
    response->set_document_id(id);
    response->set_deleted(deleted);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IngestServiceImpl::RetagDocuments(
    grpc::CallbackServerContext* context, const v1::RetagDocumentsRequest* request,
    v1::RetagDocumentsResponse* response) {
  return RunUnary(context, pool_, [this, context, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::vector<std::string> ids,
                             ParseNames(request->names(), /*most=*/100));
    DOSSIER_ASSIGN_OR_RETURN(*response, ingestor_->Retag(ids, request->only_stale(), [context] {
      return context->IsCancelled();
    }));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IngestServiceImpl::GetIngestStats(
    grpc::CallbackServerContext* context, const v1::GetIngestStatsRequest* request,
    v1::GetIngestStatsResponse* response) {
  return RunUnary(context, pool_, [this, response] { return ingestor_->Stats(response); });
}

}  // namespace dossier::ingest
