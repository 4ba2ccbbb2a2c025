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

#include <utility>

#include <grpcpp/grpcpp.h>

#include "common/grpc_status.h"
#include "common/thread_pool.h"

namespace dossier {

template <typename Fn>
grpc::ServerUnaryReactor* RunUnary(grpc::CallbackServerContext* context,
                                   ThreadPool* pool, Fn&& fn) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
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
  reactor->Finish(context->IsCancelled() ? grpc::Status(grpc::StatusCode::CANCELLED, "cancelled")
                                         : ToGrpcStatus(fn()));
  return reactor;
}

}  // namespace dossier

#endif  // DOSSIER_COMMON_REACTOR_H_
