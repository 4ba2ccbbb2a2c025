#include "tests/support/cluster.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "tests/support/exactly_once.h"
#include "tests/support/temp_dir.h"

namespace dossier::testing {

std::string Cluster::Name(Service service) const {
  switch (service) {
    case Service::kQuery:
      return "query";
    case Service::kTagger:
      return "tagger";
    case Service::kIngest:
      return "ingest";
  }
  return "";
}

std::string Cluster::address(Service service) const {
  auto it = addresses_.find(service);
  return it == addresses_.end() ? "" : it->second;
}

std::string Cluster::metrics_address(Service service) const {
  auto it = metrics_addresses_.find(service);
  return it == metrics_addresses_.end() ? "" : it->second;
}

pid_t Cluster::pid(Service service) const {
  auto it = processes_.find(service);
  return it == processes_.end() || !it->second.has_value() ? -1 : it->second->pid();
}

std::string Cluster::log(Service service) const { return root_ + "/" + Name(service) + ".log"; }

absl::Status Cluster::StartAll() {
  for (Service s : {Service::kQuery, Service::kTagger, Service::kIngest}) {
    absl::Status status = Start(s);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status Cluster::Start(Service service) {
  const std::string name = Name(service);
  const std::string port_file = root_ + "/" + name + ".port";
  std::filesystem::remove(port_file);
  const std::string listen = addresses_.count(service) ? addresses_[service] : "127.0.0.1:0";
  std::vector<std::string> argv = {BinDir() + "/dossier-" + name, "--listen=" + listen,
                                   "--port_file=" + port_file};
  if (service != Service::kTagger) {
    argv.push_back("--data_dir=" + root_ + "/" + name + "-data");
  }
  const std::string internal_port_file = root_ + "/query-internal.port";
  if (service == Service::kQuery) {
    std::filesystem::remove(internal_port_file);
    argv.push_back("--internal_listen=" +
                   (internal_address_.empty() ? "127.0.0.1:0" : internal_address_));
    argv.push_back("--internal_port_file=" + internal_port_file);
  }
  if (service == Service::kTagger && !address(Service::kQuery).empty()) {
    argv.push_back("--registry=" + address(Service::kQuery));
  }
  if (service == Service::kIngest) {
    argv.push_back("--tagger=" + address(Service::kTagger));
    argv.push_back("--index=" + internal_address_);
  }
  // Every service serves its metrics, on a port of its own each start.
  const std::string metrics_port_file = root_ + "/" + name + ".metrics.port";
  std::filesystem::remove(metrics_port_file);
  argv.push_back("--metrics_listen=127.0.0.1:0");
  argv.push_back("--metrics_port_file=" + metrics_port_file);
  for (const auto& f : flags_[service]) argv.push_back(f);
  auto process = Process::Start(argv, log(service));
  if (!process.ok()) return process.status();
  processes_[service].emplace(std::move(*process));
  auto address = WaitForFile(port_file, absl::Seconds(60));
  if (!address.ok()) {
    return absl::UnavailableError(absl::StrCat(name, " did not start: ", ReadFile(log(service))));
  }
  addresses_[service] = *address;
  auto metrics = WaitForFile(metrics_port_file, absl::Seconds(10));
  if (!metrics.ok()) return metrics.status();
  metrics_addresses_[service] = *metrics;
  if (service == Service::kQuery) {
    auto internal = WaitForFile(internal_port_file, absl::Seconds(10));
    if (!internal.ok()) return internal.status();
    internal_address_ = *internal;
  }
  return WaitForServing(MakeChannel(*address), "", absl::Seconds(30));
}

int64_t Cluster::DocumentCount() const { return testing::DocumentCount(address(Service::kQuery)); }

absl::Status Cluster::Stop(Service service, int sig) {
  auto& process = processes_[service];
  if (!process.has_value() || !process->running()) return absl::OkStatus();
  process->Signal(sig);
  auto code = process->Wait(absl::Seconds(60));
  process.reset();
  return code.ok() ? absl::OkStatus() : code.status();
}

std::vector<std::string> Cluster::CliFlags() const {
  return {"--ingest=" + address(Service::kIngest), "--tagger=" + address(Service::kTagger),
          "--query=" + address(Service::kQuery)};
}

std::vector<std::string> Cluster::WithCliFlags(std::vector<std::string> args) const {
  for (auto& f : CliFlags()) args.push_back(std::move(f));
  return args;
}

absl::StatusOr<v1::Document> Cluster::GetDocument(const std::string& id) const {
  auto stub = v1::QueryService::NewStub(MakeChannel(address(Service::kQuery)));
  v1::GetDocumentRequest request;
  request.set_name("documents/" + id);
  v1::GetDocumentResponse response;
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(10));
  absl::Status s = FromGrpcStatus(stub->GetDocument(&context, request, &response));
  if (!s.ok()) return s;
  return response.document();
}

}  // namespace dossier::testing
