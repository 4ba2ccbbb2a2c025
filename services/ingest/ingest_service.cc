#include "services/ingest/ingest_service.h"

#include <map>

#include "absl/synchronization/mutex.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/reactor.h"
#include "common/status.h"

namespace dossier::ingest {
namespace {

using StreamRequest = v1::StreamIngestDocumentsRequest;
using StreamResponse = v1::StreamIngestDocumentsResponse;

// One StreamIngestDocuments call. Reads documents, submits each, and writes
// the results back in request order. At most `window` documents are between
// read and written answer; reading pauses until answers drain.
//
// Lifetime: the reactor deletes itself once gRPC has called OnDone and every
// submitted document has been answered by the ingestor.
class StreamReactor final
    : public grpc::ServerBidiReactor<StreamRequest, StreamResponse> {
 public:
  StreamReactor(Ingestor* ingestor, int window)
      : ingestor_(ingestor), window_(window) {
    StartRead(&request_);
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
    uint64_t position;
    {
      absl::MutexLock lock(&mu_);
      position = next_read_++;
      ++outstanding_;
      ++callbacks_pending_;
    }
    std::string request_id = std::move(*request_.mutable_request_id());
    v1::DocumentInput input = std::move(*request_.mutable_document());
    ingestor_->Submit(std::move(input),
                      [this, position, request_id](v1::IngestResult result) {
                        OnResult(position, request_id, std::move(result));
                      });
    bool read_more;
    {
      absl::MutexLock lock(&mu_);
      read_more = outstanding_ < window_;
      read_paused_ = !read_more;
    }
    if (read_more) StartRead(&request_);
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
    bool destroy;
    {
      absl::MutexLock lock(&mu_);
      done_ = true;
      destroy = callbacks_pending_ == 0;
    }
    if (destroy) delete this;
  }

 private:
  void OnResult(uint64_t position, const std::string& request_id,
                v1::IngestResult result) {
    bool destroy = false;
    {
      absl::MutexLock lock(&mu_);
      --callbacks_pending_;
      if (done_) {
        destroy = callbacks_pending_ == 0;
      } else {
        StreamResponse& response = ready_[position];
        *response.mutable_result() = std::move(result);
        response.set_request_id(request_id);
      }
    }
    if (destroy) {
      delete this;
      return;
    }
    Step();
  }

  // Decides, under the lock, the next write, read or finish; does them
  // outside it.
  void Step() {
    bool write = false, read = false, finish = false;
    {
      absl::MutexLock lock(&mu_);
      if (done_) return;
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
      if (read_paused_ && !reads_done_ && outstanding_ < window_) {
        read_paused_ = false;
        read = true;
      }
      if (reads_done_ && outstanding_ == 0 && !writing_ && !finished_) {
        finished_ = true;
        finish = true;
      }
    }
    if (write) StartWrite(&response_);
    if (read) StartRead(&request_);
    if (finish) Finish(grpc::Status::OK);
  }

  Ingestor* const ingestor_;
  const int window_;
  StreamRequest request_;    // owned by the pending read
  StreamResponse response_;  // owned by the pending write

  absl::Mutex mu_;
  uint64_t next_read_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t next_write_ ABSL_GUARDED_BY(mu_) = 0;
  // Read but not yet answered on the wire.
  int outstanding_ ABSL_GUARDED_BY(mu_) = 0;
  // Submitted but not yet answered by the ingestor.
  int callbacks_pending_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<uint64_t, StreamResponse> ready_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool write_failed_ ABSL_GUARDED_BY(mu_) = false;
  bool read_paused_ ABSL_GUARDED_BY(mu_) = false;
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

grpc::ServerUnaryReactor* IngestServiceImpl::IngestDocument(
    grpc::CallbackServerContext* context,
    const v1::IngestDocumentRequest* request,
    v1::IngestDocumentResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ingestor_->Submit(request->document(), [reactor, response](v1::IngestResult r) {
    if (r.outcome() == v1::INGEST_OUTCOME_REJECTED) {
      reactor->Finish(ToGrpcStatus(FromRpcStatusProto(r.error())));
      return;
    }
    *response->mutable_result() = std::move(r);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerBidiReactor<StreamRequest, StreamResponse>*
IngestServiceImpl::StreamIngestDocuments(grpc::CallbackServerContext* context) {
  return new StreamReactor(ingestor_, stream_window_);
}

grpc::ServerUnaryReactor* IngestServiceImpl::GetDocumentStatus(
    grpc::CallbackServerContext* context,
    const v1::GetDocumentStatusRequest* request,
    v1::GetDocumentStatusResponse* response) {
  return RunUnary(context, pool_, [this, request, response]() -> absl::Status {
    DOSSIER_ASSIGN_OR_RETURN(const std::string id,
                             ParseDocumentName(request->name()));
    DOSSIER_ASSIGN_OR_RETURN(*response->mutable_status(),
                             ingestor_->GetStatus(id));
    return absl::OkStatus();
  });
}

}  // namespace dossier::ingest
