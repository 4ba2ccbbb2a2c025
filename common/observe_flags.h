// The command-line flags of logs and metrics, defined once for the three
// services (common/observe_flags.cc): --log_level, --rpc_log_level,
// --metrics_listen, --metrics_port_file.
#ifndef DOSSIER_COMMON_OBSERVE_FLAGS_H_
#define DOSSIER_COMMON_OBSERVE_FLAGS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/server.h"

namespace dossier {

// Starts the log (common/log.h) as `service` at --log_level (gRPC's own
// messages go there too), and fills
// `options` (metrics_listen, metrics_port_file, rpc_log_level, and a
// metrics registry when there is an endpoint).
// INVALID_ARGUMENT for an unknown level. Call first in main(), after the
// flags are parsed: what follows logs through it.
absl::Status ApplyObserveFlags(absl::string_view service, ServerOptions* options);

}  // namespace dossier

#endif  // DOSSIER_COMMON_OBSERVE_FLAGS_H_
