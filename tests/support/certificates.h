// Certificates for TLS tests, made at test time by tests/make_certificates.sh
// (openssl): a CA, and a server and a client certificate it signed (for
// 127.0.0.1 and localhost).
#ifndef DOSSIER_TESTS_SUPPORT_CERTIFICATES_H_
#define DOSSIER_TESTS_SUPPORT_CERTIFICATES_H_

#include <string>

#include "absl/status/statusor.h"
#include "tests/support/temp_dir.h"

namespace dossier::testing {

struct Certificates {
  std::string ca;  // PEM files
  std::string server_cert, server_key;
  std::string client_cert, client_key;
};

// Writes them into `dir`; UNAVAILABLE when openssl fails.
absl::StatusOr<Certificates> MakeCertificates(const TempDir& dir);

}  // namespace dossier::testing

#endif  // DOSSIER_TESTS_SUPPORT_CERTIFICATES_H_
