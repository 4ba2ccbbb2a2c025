#include <cstdlib>
#include <string>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/auth.h"
#include "common/binary_file.h"
#include "common/security_flags.h"
#include "common/status.h"

ABSL_FLAG(std::string, token_file, "",
          "file holding the bearer token this process sends to dossier services "
          "(default: the DOSSIER_TOKEN environment variable)");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA: call dossier services over TLS, trusting servers it signed");
ABSL_FLAG(std::string, tls_client_cert, "",
          "PEM certificate chain this process presents (mutual TLS; with --tls_ca)");
ABSL_FLAG(std::string, tls_client_key, "", "PEM private key of --tls_client_cert");
ABSL_FLAG(std::string, tls_server_name, "",
          "name to check the servers' certificates against, when not the address's host");

namespace dossier {

absl::StatusOr<ClientSecurity> ClientSecurityFromFlags() {
  ClientSecurity security;
  const std::string path = absl::GetFlag(FLAGS_token_file);
  if (!path.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(path);
    if (!token.ok()) {
      return absl::Status(token.status().code(),
                          absl::StrCat("--token_file: ", token.status().message()));
    }
    security.token = *std::move(token);
  } else if (const char* env = std::getenv("DOSSIER_TOKEN"); env != nullptr) {
    security.token = env;
  }
  security.tls_ca_file = absl::GetFlag(FLAGS_tls_ca);
  security.tls_cert_file = absl::GetFlag(FLAGS_tls_client_cert);
  security.tls_key_file = absl::GetFlag(FLAGS_tls_client_key);
  security.tls_server_name = absl::GetFlag(FLAGS_tls_server_name);
  if (security.tls_ca_file.empty() &&
      !(security.tls_cert_file.empty() && security.tls_key_file.empty())) {
    return absl::InvalidArgumentError("--tls_client_cert and --tls_client_key need --tls_ca");
  }
  if (security.tls_cert_file.empty() != security.tls_key_file.empty()) {
    return absl::InvalidArgumentError("--tls_client_cert and --tls_client_key go together");
  }
  // A file that is missing or holds no PEM is said so now, by its flag, not
  // later as a service that cannot be reached.
  for (const auto& [flag, file] :
       {std::pair<const char*, const std::string*>{"tls_ca", &security.tls_ca_file},
        {"tls_client_cert", &security.tls_cert_file},
        {"tls_client_key", &security.tls_key_file}}) {
    if (file->empty()) continue;
    absl::StatusOr<std::string> bytes = ReadFileBytes(*file);
    if (!bytes.ok()) {
      return absl::Status(bytes.status().code(),
                          absl::StrCat("--", flag, ": ", bytes.status().message()));
    }
    if (bytes->find("-----BEGIN ") == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag, "=", *file, " holds no PEM block (\"-----BEGIN ...\")"));
    }
  }
  return security;
}

}  // namespace dossier
