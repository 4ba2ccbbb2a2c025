// Server wiring shared by the three services: bind (port 0 allowed), health
// (grpc.health.v1) and reflection, the port file, and the drain on SIGTERM or
// SIGINT.
//
// A main() does:
//   BlockTerminationSignals();            // first, before any thread starts
//   ... open stores, build core objects and service adapters ...
//   auto server = Server::BuildAndStart(
//       options, {{&service, dossier::v1::QueryService::service_full_name()}});
//   WaitForTerminationSignal();
//   server->Drain();                      // NOT_SERVING, grace, finish, stop
//
// The drain, in phases (DrainPhase):
//   kDraining  health answers NOT_SERVING to every check (and tells open
//              health watches); services refuse new work with UNAVAILABLE
//              and a RetryInfo (ShuttingDownError) but answer what they
//              took, and keep serving reads. This lasts the grace window,
//              so that readiness probes and load balancers see the drain
//              while the port still answers; a second SIGTERM or SIGINT
//              ends the window early.
//   kEnding    long-lived streams (health watches, WatchDocuments, ingest
//              streams) end once what they took is answered; the server
//              stops taking calls (a new one is refused, UNAVAILABLE
//              SHUTTING_DOWN) and waits for those in flight, at most the
//              drain timeout; then it tells its clients to go and stops: at
//              once when none is left.
#ifndef DOSSIER_COMMON_SERVER_H_
#define DOSSIER_COMMON_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/metrics_http.h"

namespace dossier {

class HealthService;
class ReflectionV1;

// The calls in flight on a server's listeners, in the order they started:
// an interceptor begins each when gRPC makes the call and ends it when gRPC
// is done with it. A drain waits for the calls that started before it
// stopped taking calls, and not for those refused after.
class CallLedger {
 public:
  // A call starts; its ticket, for End.
  uint64_t Begin();
  void End(uint64_t ticket);
  int64_t InFlight() const;
  // The ticket the next call will get.
  uint64_t Next() const;
  // Waits until no call with a ticket below `ticket` is in flight, or until
  // `deadline`; whether none is.
  bool AwaitEndOfCallsBefore(uint64_t ticket, absl::Time deadline) const;

 private:
  mutable absl::Mutex mu_;
  uint64_t next_ ABSL_GUARDED_BY(mu_) = 0;
  absl::btree_set<uint64_t> open_ ABSL_GUARDED_BY(mu_);
};

struct ServerOptions {
  // HOST:PORT to listen on; port 0 picks a free port.
  // Default: 127.0.0.1:0.
  std::string listen = "127.0.0.1:0";
  // When set, "HOST:PORT" of the bound address is written here (atomically,
  // by rename) once the server serves.
  // Default: none.
  std::string port_file;
  // Largest request or response message.
  // Default: 64 MiB.
  int max_message_bytes = 64 << 20;
  // How long Drain() keeps serving with health NOT_SERVING before the
  // server stops taking calls. A Kubernetes readiness probe sees the drain
  // when its period is shorter (periodSeconds: 1 or 2 for these services).
  // Default: 3 s.
  absl::Duration drain_grace = absl::Seconds(3);
  // After the grace window, how long calls in flight may go on before they
  // are cancelled. The server stops as soon as none is left.
  // Default: 10 s.
  absl::Duration drain_timeout = absl::Seconds(10);
  // Where the internal services (ServiceEntry.internal) listen, with their
  // own health; nothing else is served there, and they are not served on
  // `listen`. Empty: they are served on `listen` with the rest.
  // Default: none.
  std::string internal_listen;
  std::string internal_port_file;
  // Bearer tokens with scopes (common/auth.h); every call but health and
  // reflection is checked. Null: no checks.
  // Default: none.
  std::shared_ptr<const TokenTable> tokens;
  // TLS on every listener when set.
  // Default: none (plaintext).
  ServerTls tls;
  // Where every call is counted, by method and status code, and timed
  // (dossier_rpc_calls_total, dossier_rpc_duration_seconds); the service's
  // own collectors go in the same registry. Null: calls are not counted.
  // Default: none.
  std::shared_ptr<metrics::Registry> metrics;
  // HOST:PORT where `metrics` is served for Prometheus (GET /metrics);
  // port 0 picks a free port. Empty: not served.
  // Default: none.
  std::string metrics_listen;
  // When set, "HOST:PORT" of the metrics endpoint is written here.
  // Default: none.
  std::string metrics_port_file;
  // The level of the one log line each call gets (method, request id,
  // code, duration); health and reflection calls are logged at debug.
  // Default: info.
  log::Level rpc_log_level = log::Level::kInfo;
};

// The request id of a call: the caller's `x-request-id` (cleaned), or the
// one the server made for it (common/request_id.h). Empty only for a call
// the server's interceptors did not see.
std::string RequestIdOf(const grpc::ServerContextBase& context);

enum class DrainPhase {
  kServing,
  // Refuse new work, answer what was taken (the grace window).
  kDraining,
  // End long-lived streams; the server stops.
  kEnding,
};

// A long-lived call that a drain must reach: a stream reactor. It is
// registered in an OpenCalls while open. It owns its lifetime: it is
// deleted once gRPC is done with it (the reactor's OnDone calls
// DoneUnlessHeld) and no hold is left, by whichever of the two comes last.
class DrainableCall {
 public:
  // Keeps the call from being deleted until Release(); OpenCalls holds a
  // call while it tells it of a phase, a reactor for work in flight.
  void Hold();
  // Drops a hold. True when that deleted the call (it was done and this
  // was the last hold): the caller must not touch it any more.
  bool Release();
  // The server entered `phase` (kDraining, then kEnding). Never blocks;
  // called without any lock of OpenCalls held.
  virtual void OnDrainPhase(DrainPhase phase) = 0;

 protected:
  virtual ~DrainableCall() = default;
  // From the reactor's OnDone: deletes the call now unless it is held.
  void DoneUnlessHeld();

 private:
  absl::Mutex hold_mu_;
  int holds_ ABSL_GUARDED_BY(hold_mu_) = 0;
  bool done_ ABSL_GUARDED_BY(hold_mu_) = false;
};

// The open long-lived calls of one kind, and the drain phase they are in.
// A call Add()s itself when it starts and Remove()s itself in OnDone before
// it decides to delete itself; the phase Add() returns is the one it must
// act on (a call may start during a drain), later phases are told by
// OnDrainPhase.
class OpenCalls {
 public:
  DrainPhase Add(DrainableCall* call);
  void Remove(DrainableCall* call);
  // Lock-free: for a reactor deciding under its own lock.
  DrainPhase phase() const { return phase_.load(std::memory_order_acquire); }
  // Moves to `phase` (never back) and tells every open call.
  void Enter(DrainPhase phase);

 private:
  absl::Mutex mu_;
  absl::flat_hash_set<DrainableCall*> calls_ ABSL_GUARDED_BY(mu_);
  // Written under mu_, so that an Add() either sees a phase or is told it.
  std::atomic<DrainPhase> phase_{DrainPhase::kServing};
};

class Server {
 public:
  struct ServiceEntry {
    grpc::Service* service;
    // The full name health reports it under ("dossier.v1.QueryService").
    std::string name;
    // Told of each phase of the drain, on the draining thread; must not
    // block (a service asks its calls to finish, and they do on their own).
    // Default: none.
    std::function<void(DrainPhase)> on_drain = nullptr;
    // The scopes of which a caller's token needs one (ServerOptions.tokens).
    // Default: none said, which asks for `admin`.
    Scopes scopes = 0;
    // Methods that need other scopes than the service's: full method name
    // ("/dossier.v1.RegistryService/ListKnownNames") and scopes.
    std::vector<std::pair<std::string, Scopes>> method_scopes = {};
    // Served on ServerOptions.internal_listen when there is one.
    bool internal = false;
  };

  // Builds and starts a server with `services`, health (each service by
  // name, and the overall "" status, SERVING) and reflection.
  static absl::StatusOr<std::unique_ptr<Server>> BuildAndStart(
      const ServerOptions& options, const std::vector<ServiceEntry>& services);

  ~Server();

  // The bound port.
  int port() const { return port_; }
  // "HOST:PORT" of the bound address.
  const std::string& address() const { return address_; }
  // The same of the internal listener; empty without one.
  const std::string& internal_address() const { return internal_address_; }
  // "HOST:PORT" of the metrics endpoint; empty without one.
  std::string metrics_address() const {
    return metrics_server_ != nullptr ? metrics_server_->address() : std::string();
  }

  // The whole drain a termination signal asks for (see the top of this
  // file): kDraining, the grace window (ended early by SIGTERM or SIGINT,
  // which the calling thread must have blocked: BlockTerminationSignals),
  // then Shutdown(). Returns once the server has stopped.
  void Drain();

  // The drain without the grace window: kDraining and kEnding, then calls
  // in flight finish (at most the drain timeout; the rest are cancelled)
  // and the server stops. Idempotent; the destructor calls it.
  void Shutdown();

 private:
  Server() = default;
  void EnterPhase(DrainPhase phase);

  ServerOptions options_;
  std::vector<std::function<void(DrainPhase)>> drain_hooks_;
  std::unique_ptr<HealthService> health_;
  std::unique_ptr<HealthService> internal_health_;
  // grpc.reflection.v1, one per listener (v1alpha comes from gRPC's plugin).
  std::vector<std::unique_ptr<ReflectionV1>> reflections_;
  // Calls started and not yet done (an interceptor counts them).
  std::shared_ptr<CallLedger> calls_ = std::make_shared<CallLedger>();
  // Set when the drain stops taking calls: the auth interceptor then
  // refuses each new one (UNAVAILABLE SHUTTING_DOWN).
  std::shared_ptr<std::atomic<bool>> closed_ = std::make_shared<std::atomic<bool>>(false);
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> internal_server_;
  std::unique_ptr<metrics::MetricsServer> metrics_server_;
  int port_ = 0;
  std::string address_;
  std::string internal_address_;
  DrainPhase phase_ = DrainPhase::kServing;
  bool shut_down_ = false;
};

// Blocks SIGTERM, SIGINT and SIGHUP (and ignores SIGPIPE) in the calling
// thread and in every thread started after it, so that they wait for
// WaitForSignal. Call first in main().
void BlockTerminationSignals();

// Waits until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForTerminationSignal();

// Waits until SIGTERM, SIGINT or SIGHUP arrives; returns the signal number.
int WaitForSignal();

}  // namespace dossier

#endif  // DOSSIER_COMMON_SERVER_H_
