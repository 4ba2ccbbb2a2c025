// Server wiring shared by the three services: bind (port 0 allowed), health
// (grpc.health.v1) and reflection, the port file, and a graceful drain on
// SIGTERM or SIGINT.
//
// A main() does:
//   BlockTerminationSignals();            // first, before any thread starts
//   ... open stores, build core objects and service adapters ...
//   auto server = Server::BuildAndStart(
//       options, {{&service, dossier::v1::QueryService::service_full_name()}});
//   WaitForTerminationSignal();
//   server->Shutdown();                   // NOT_SERVING, drain, stop
#ifndef DOSSIER_COMMON_SERVER_H_
#define DOSSIER_COMMON_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dossier {

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
  // How long Shutdown() lets in-flight calls finish before cancelling them.
  // Default: 10 s.
  absl::Duration drain_timeout = absl::Seconds(10);
};

class Server {
 public:
  struct ServiceEntry {
    grpc::Service* service;
    // The full name health reports it under ("dossier.v1.QueryService").
    std::string name;
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

  // Sets NOT_SERVING, lets in-flight calls finish for the drain timeout,
  // cancels the rest and stops. Idempotent.
  void Shutdown();

 private:
  Server() = default;

  std::unique_ptr<grpc::Server> server_;
  absl::Duration drain_timeout_;
  int port_ = 0;
  std::string address_;
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
