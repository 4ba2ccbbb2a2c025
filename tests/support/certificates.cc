#include "tests/support/certificates.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace dossier::testing {

absl::StatusOr<Certificates> MakeCertificates(const TempDir& dir) {
  const std::string d = dir.path();
  // The same script tests/up_secure_test.sh uses.
  const std::string script =
      absl::StrCat("bash '", SourceDir(), "/tests/make_certificates.sh' '", d, "'");
  if (std::system(script.c_str()) != 0) {
    return absl::UnavailableError("openssl could not make the test certificates");
  }
  return Certificates{d + "/ca.pem", d + "/server.pem", d + "/server.key", d + "/client.pem",
                      d + "/client.key"};
}

}  // namespace dossier::testing
