// Serves a metrics::Registry over HTTP for Prometheus to scrape: GET
// /metrics answers the text exposition (version 0.0.4) rendered at that
// moment; anything else is 404 (405 for a method other than GET or HEAD).
// The server is GNU libmicrohttpd with its own polling thread, so a slow
// scraper holds up neither gRPC nor the service's pools.
//
// No gRPC here.
#ifndef DOSSIER_COMMON_METRICS_HTTP_H_
#define DOSSIER_COMMON_METRICS_HTTP_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/metrics.h"

struct MHD_Daemon;

namespace dossier::metrics {

class MetricsServer {
 public:
  // Listens on `listen` ("HOST:PORT", an IPv4 or bracketed IPv6 address or
  // a host name; port 0 picks a free port) and serves `registry`.
  // UNAVAILABLE when it cannot bind.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      const std::string& listen, std::shared_ptr<const Registry> registry);

  // Stops serving; a scrape in progress finishes first.
  ~MetricsServer();

  // "HOST:PORT" of the bound address (0.0.0.0 and [::] given as 127.0.0.1).
  const std::string& address() const { return address_; }

 private:
  MetricsServer() = default;

  std::shared_ptr<const Registry> registry_;
  MHD_Daemon* daemon_ = nullptr;
  std::string address_;
};

}  // namespace dossier::metrics

#endif  // DOSSIER_COMMON_METRICS_HTTP_H_
