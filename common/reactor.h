// The shape of every unary handler of dossier's callback services:
//
//   grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* ctx,
//                                         const Req* req, Resp* resp) override {
//     return RunUnary(ctx, pool_, [=] { return core_->Get(*req, resp); });
//   }
//
// The work (which may touch disk or burn CPU) runs on `pool`, not on a
// gRPC thread (RunInline, below, is the exception for reads of a few
// microseconds); its absl::Status is converted once, here.
#ifndef DOSSIER_COMMON_REACTOR_H_
#define DOSSIER_COMMON_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <utility>

#include "common/auth.h"
#include "common/grpc_status.h"
#include "common/thread_pool.h"

namespace dossier {

template <typename Fn>
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* context, ThreadPool* pool,
                                   Fn&& fn) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status auth = CheckAuthorized(*context); !auth.ok()) {
    reactor->Finish(ToGrpcStatus(auth));
    return reactor;
  }
  pool->Schedule([reactor, context, fn = std::forward<Fn>(fn)]() mutable {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
      return;
    }
    reactor->Finish(ToGrpcStatus(fn()));
  });
  return reactor;
}

// For reads that take microseconds (a search, a document by id): the work
// runs on gRPC's own thread, since handing it to a pool costs more than
// the work (about 40 µs a call on two cores, tools/bench-search). Only for
// work that is CPU over the block cache, never for work that may wait.
template <typename Fn>
grpc::ServerUnaryReactor* RunInline(grpc::CallbackServerContext* context, Fn&& fn) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status auth = CheckAuthorized(*context); !auth.ok()) {
    reactor->Finish(ToGrpcStatus(auth));
    return reactor;
  }
  reactor->Finish(context->IsCancelled() ? grpc::Status(grpc::StatusCode::CANCELLED, "cancelled")
                                         : ToGrpcStatus(fn()));
  return reactor;
}

// A stream refused before it starts (its caller may not make it): finishes
// at once with `status`, and deletes itself when gRPC is done with it.
//
//   if (absl::Status s = CheckAuthorized(*context); !s.ok())
//     return new RefusedBidiStream<Req, Resp>(s);
template <typename Request, typename Response>
class RefusedBidiStream final : public grpc::ServerBidiReactor<Request, Response> {
 public:
  explicit RefusedBidiStream(const absl::Status& status) { this->Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

template <typename Response>
class RefusedWriteStream final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedWriteStream(const absl::Status& status) { this->Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace dossier

#endif  // DOSSIER_COMMON_REACTOR_H_
