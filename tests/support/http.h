// A real HTTP client (libcurl) for tests of the metrics endpoints.
#ifndef DOSSIER_TESTS_SUPPORT_HTTP_H_
#define DOSSIER_TESTS_SUPPORT_HTTP_H_

#include <string>

#include "absl/status/statusor.h"

namespace dossier::testing {

struct HttpResponse {
  long code = 0;
  std::string content_type;
  std::string body;
};

// GET `url`; UNAVAILABLE when no answer comes (within 10 s).
absl::StatusOr<HttpResponse> HttpGet(const std::string& url);

}  // namespace dossier::testing

#endif  // DOSSIER_TESTS_SUPPORT_HTTP_H_
