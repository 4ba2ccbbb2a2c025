#include "tests/support/certificates.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace dossier::testing {

absl::StatusOr<Certificates> MakeCertificates(const TempDir& dir) {
  const std::string d = dir.path();
  // EC keys: quick to make. Valid for two days.
  const std::string script = absl::StrCat(
      "set -e; cd '", d, "';",
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
      "-subj /CN=dossier-test-ca -keyout ca.key -out ca.pem 2>/dev/null;",
      "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > san.ext;",
      "for who in server client; do "
      "openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
      "-subj /CN=dossier-$who -keyout $who.key -out $who.csr 2>/dev/null;"
      "openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
      "-extfile san.ext -out $who.pem 2>/dev/null; done");
  if (std::system(script.c_str()) != 0) {
    return absl::UnavailableError("openssl could not make the test certificates");
  }
  return Certificates{d + "/ca.pem", d + "/server.pem", d + "/server.key", d + "/client.pem",
                      d + "/client.key"};
}

}  // namespace dossier::testing
