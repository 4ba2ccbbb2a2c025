#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/security_flags.h"
#include "common/status.h"

ABSL_FLAG(std::string, auth_tokens, "",
          "token table (lines of NAME SCOPE[,SCOPE] TOKEN; scopes ingest, query, admin, "
          "internal): every call but health and reflection needs a token of it with the "
          "method's scope. Empty: no checks (loopback only, unless --allow_unauthenticated)");
ABSL_FLAG(bool, allow_unauthenticated, false,
          "serve a non-loopback address without --auth_tokens (behind a mesh that "
          "authenticates callers, say)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain: serve TLS on every listener (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA: require client certificates it signed (mutual TLS)");

namespace dossier {

absl::Status ApplyServerSecurityFlags(ServerOptions* options) {
  options->tls.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options->tls.key_file = absl::GetFlag(FLAGS_tls_key);
  options->tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  if (!options->tls.client_ca_file.empty() && !options->tls.enabled()) {
    return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
  }
  const std::string path = absl::GetFlag(FLAGS_auth_tokens);
  if (!path.empty()) {
    DOSSIER_ASSIGN_OR_RETURN(TokenTable table, TokenTable::Load(path));
    options->tokens = std::make_shared<const TokenTable>(std::move(table));
    return absl::OkStatus();
  }
  if (absl::GetFlag(FLAGS_allow_unauthenticated)) return absl::OkStatus();
  for (const std::string* listen : {&options->listen, &options->internal_listen}) {
    if (!listen->empty() && !IsLoopback(*listen)) {
      return absl::FailedPreconditionError(
          absl::StrCat("refusing to serve ", *listen,
                       " without authentication: give --auth_tokens, or --allow_unauthenticated if "
                       "something in front of this service authenticates its callers"));
    }
  }
  return absl::OkStatus();
}

}  // namespace dossier
