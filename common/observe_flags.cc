#include "common/observe_flags.h"

#include <grpc/support/log.h>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status.h"

ABSL_FLAG(std::string, log_level, "info",
          "lowest level of the JSON log lines written to stderr: debug, info, warn, error, off");
ABSL_FLAG(std::string, rpc_log_level, "info",
          "level of the one line each call gets (method, request id, status code, duration); "
          "health and reflection calls are logged at debug");
ABSL_FLAG(std::string, metrics_listen, "",
          "HOST:PORT to serve Prometheus metrics on, at /metrics (port 0 picks a free port; "
          "empty: not served)");
ABSL_FLAG(std::string, metrics_port_file, "",
          "write the metrics endpoint's HOST:PORT here once serving");

namespace dossier {
namespace {

// gRPC's own messages (errors, by default) as JSON lines of the same log.
void GrpcLog(gpr_log_func_args* args) {
  const log::Level level = args->severity == GPR_LOG_SEVERITY_ERROR  ? log::Level::kError
                           : args->severity == GPR_LOG_SEVERITY_INFO ? log::Level::kInfo
                                                                     : log::Level::kDebug;
  log::Write(level, absl::StrCat("grpc: ", args->message),
             log::Fields().Str("source", absl::StrCat(args->file, ":", args->line)));
}

}  // namespace

absl::Status ApplyObserveFlags(absl::string_view service, ServerOptions* options) {
  DOSSIER_ASSIGN_OR_RETURN(const log::Level level, log::ParseLevel(absl::GetFlag(FLAGS_log_level)));
  DOSSIER_ASSIGN_OR_RETURN(options->rpc_log_level,
                           log::ParseLevel(absl::GetFlag(FLAGS_rpc_log_level)));
  log::Init(service, level);
  gpr_set_log_function(&GrpcLog);
  options->metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options->metrics_port_file = absl::GetFlag(FLAGS_metrics_port_file);
  // Without an endpoint nothing is counted (the cost is then nil).
  if (!options->metrics_listen.empty() && options->metrics == nullptr) {
    options->metrics = std::make_shared<metrics::Registry>();
  }
  return absl::OkStatus();
}

}  // namespace dossier
