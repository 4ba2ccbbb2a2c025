// The three real binaries, started on 127.0.0.1 with temp data dirs, as an
// integration test needs them: started, stopped by any signal, restarted on
// the same port.
#ifndef DOSSIER_TESTS_SUPPORT_CLUSTER_H_
#define DOSSIER_TESTS_SUPPORT_CLUSTER_H_

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "dossier/v1/document.pb.h"
#include "tests/support/process.h"

namespace dossier::testing {

enum class Service { kQuery, kTagger, kIngest };

class Cluster {
 public:
  // Data and logs go under `root`.
  explicit Cluster(std::string root) : root_(std::move(root)) {}

  // Extra flags for a service's next starts.
  void SetFlags(Service service, std::vector<std::string> flags) {
    flags_[service] = std::move(flags);
  }

  // Query, tagger, then ingest; each waits until SERVING.
  absl::Status StartAll();
  // Starts a service; after the first start, on the same port as before.
  absl::Status Start(Service service);
  // Sends `sig` and waits for the process to end.
  absl::Status Stop(Service service, int sig);

  std::string address(Service service) const;
  // HOST:PORT of a service's metrics endpoint (GET /metrics), as of its
  // last start.
  std::string metrics_address(Service service) const;
  // The query service's internal listener (IndexService), for ingest.
  std::string internal_address() const { return internal_address_; }
  // The process id of a running service; -1 when it is not running.
  pid_t pid(Service service) const;
  std::string log(Service service) const;
  // How many documents the query service holds; -1 when it does not answer.
  int64_t DocumentCount() const;
  // --ingest=... --tagger=... --query=... for the CLI.
  std::vector<std::string> CliFlags() const;
  // `args` of a CLI run with CliFlags() after them.
  std::vector<std::string> WithCliFlags(std::vector<std::string> args) const;
  // A document by id from the query service (NOT_FOUND when it has none).
  absl::StatusOr<v1::Document> GetDocument(const std::string& id) const;

 private:
  std::string Name(Service service) const;

  std::string root_;
  std::map<Service, std::vector<std::string>> flags_;
  std::map<Service, std::string> addresses_;
  std::map<Service, std::string> metrics_addresses_;
  std::string internal_address_;
  std::map<Service, std::optional<Process>> processes_;
};

}  // namespace dossier::testing

#endif  // DOSSIER_TESTS_SUPPORT_CLUSTER_H_
