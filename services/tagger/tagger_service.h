// gRPC adapter of TaggerService over the tagger core.
#ifndef DOSSIER_SERVICES_TAGGER_TAGGER_SERVICE_H_
#define DOSSIER_SERVICES_TAGGER_TAGGER_SERVICE_H_

#include <cstddef>

#include "absl/status/status.h"
#include "common/retry.h"
#include "common/thread_pool.h"
#include "dossier/v1/tagger_service.grpc.pb.h"
#include "services/tagger/tagger.h"

namespace dossier::tagger {

struct TaggerServiceOptions {
  // Largest text TagText accepts, in bytes.
  // Default: 4 MiB.
  size_t max_text_bytes = size_t{4} << 20;
  // Most texts in one BatchTagTexts call.
  // Default: 1000.
  int max_batch = 1000;
  // Largest answer, in bytes: the server's message cap
  // (ServerOptions.max_message_bytes), which gRPC would otherwise enforce
  // only after the work is done, dropping it. A request whose answer is
  // estimated to pass it is refused before tagging, and one that passes it
  // while tagging is refused at that point: INVALID_ARGUMENT with the
  // reason RESPONSE_TOO_LARGE, which the caller meets by splitting the
  // batch (common/retry.h).
  // Default: kMaxMessageBytes (64 MiB).
  size_t max_response_bytes = kMaxMessageBytes;
  // The answer's budget for a request that names none
  // (TagTextRequest.max_response_bytes 0): what a default gRPC client
  // receives (4 MiB), less a margin.
  // Default: 3 MiB.
  size_t default_response_bytes = size_t{3} << 20;
};

// Validates and tags one request; the whole of TagText but the transport.
absl::Status TagText(const Tagger& tagger, const TaggerServiceOptions& options,
                     const v1::TagTextRequest& request, v1::TagTextResponse* response);

// The same for a batch: every request is validated, and the answer's size
// estimated, before any is tagged.
absl::Status BatchTagTexts(const Tagger& tagger, const TaggerServiceOptions& options,
                           const v1::BatchTagTextsRequest& request,
                           v1::BatchTagTextsResponse* response);

class TaggerServiceImpl final : public v1::TaggerService::CallbackService {
 public:
  // `tagger` and `pool` must outlive this.
  TaggerServiceImpl(const Tagger* tagger, ThreadPool* pool, TaggerServiceOptions options = {})
      : tagger_(tagger), pool_(pool), options_(options) {}

  grpc::ServerUnaryReactor* TagText(grpc::CallbackServerContext* context,
                                    const v1::TagTextRequest* request,
                                    v1::TagTextResponse* response) override;
  grpc::ServerUnaryReactor* BatchTagTexts(grpc::CallbackServerContext* context,
                                          const v1::BatchTagTextsRequest* request,
                                          v1::BatchTagTextsResponse* response) override;

 private:
  const Tagger* const tagger_;
  ThreadPool* const pool_;
  const TaggerServiceOptions options_;
};

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_TAGGER_SERVICE_H_
