// The command-line flags of authentication and TLS, defined once for every
// binary: the server side (the token table, certificates) in
// server_security_flags.cc, the client side (this process's token and the
// TLS of its channels) in client_security_flags.cc. A binary gets a side's
// flags by calling its function.
#ifndef DOSSIER_COMMON_SECURITY_FLAGS_H_
#define DOSSIER_COMMON_SECURITY_FLAGS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth.h"
#include "common/server.h"

namespace dossier {

// Fills `options` (tokens, tls) from --auth_tokens, --tls_cert, --tls_key
// and --tls_client_ca. Refuses (FAILED_PRECONDITION, saying why) to serve
// a non-loopback address without tokens unless --allow_unauthenticated.
absl::Status ApplyServerSecurityFlags(ServerOptions* options);

// From --token_file (or the DOSSIER_TOKEN environment variable),
// --tls_ca, --tls_client_cert, --tls_client_key and --tls_server_name.
absl::StatusOr<ClientSecurity> ClientSecurityFromFlags();

}  // namespace dossier

#endif  // DOSSIER_COMMON_SECURITY_FLAGS_H_
