#include "common/server.h"

#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"

namespace dossier {
namespace {

absl::Status WritePortFile(const std::string& path, const std::string& address) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << address << "\n";
    out.flush();
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", tmp));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot rename ", tmp, ": ", ec.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::BuildAndStart(
    const ServerOptions& options, const std::vector<ServiceEntry>& services) {
  // Linking the descriptor makes reflection able to describe the health
  // service too.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::unique_ptr<Server> server(new Server());
  server->drain_timeout_ = options.drain_timeout;

  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  for (const auto& entry : services) builder.RegisterService(entry.service);
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen));
  }
  // The host as given ("0.0.0.0", "127.0.0.1", "[::]") with the real port.
  const size_t colon = options.listen.rfind(':');
  std::string host =
      colon == std::string::npos ? options.listen : options.listen.substr(0, colon);
  if (host.empty() || host == "0.0.0.0" || host == "[::]") host = "127.0.0.1";
  server->address_ = absl::StrCat(host, ":", server->port_);

  auto* health = server->server_->GetHealthCheckService();
  health->SetServingStatus("", true);
  for (const auto& entry : services) health->SetServingStatus(entry.name, true);
  if (!options.port_file.empty()) {
    absl::Status s = WritePortFile(options.port_file, server->address_);
    if (!s.ok()) return s;
  }
  return server;
}

Server::~Server() { Shutdown(); }

void Server::Shutdown() {
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(drain_timeout_));
  server_->Wait();
}

void BlockTerminationSignals() {
  // A shell starts background jobs with SIGINT ignored, and an ignored
  // signal is discarded rather than left for sigwait: restore the default.
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer closing a socket must not kill the process.
  signal(SIGPIPE, SIG_IGN);
}

namespace {
int Wait(bool hangup) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  while (true) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig != SIGHUP || hangup) return sig;
  }
}
}  // namespace

int WaitForTerminationSignal() { return Wait(/*hangup=*/false); }

int WaitForSignal() { return Wait(/*hangup=*/true); }

}  // namespace dossier
