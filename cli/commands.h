// The read-side commands of the `dossier` CLI. Each returns the process
// exit code and prints either readable text or, with `json`, the protobuf
// JSON mapping of the response.
#ifndef DOSSIER_CLI_COMMANDS_H_
#define DOSSIER_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace dossier::cli {

struct Endpoints {
  std::string ingest = "127.0.0.1:50051";
  std::string tagger = "127.0.0.1:50052";
  std::string query = "127.0.0.1:50053";
  // Deadline of each call.
  absl::Duration timeout = absl::Seconds(30);
  bool json = false;
};

int RunGet(const std::string& name, const Endpoints& endpoints);
// Lists one page, or every page with `all`.
int RunList(int page_size, const std::string& page_token, bool all,
            const Endpoints& endpoints);
int RunStatus(const std::string& name, const Endpoints& endpoints);
// Tags `text` ("-" reads stdin).
int RunTag(const std::string& text, const Endpoints& endpoints);
// Stories with at least `min_documents` documents, most recent first.
int RunStories(int page_size, int min_documents, const Endpoints& endpoints);
// One story and its documents.
int RunStory(const std::string& name, const Endpoints& endpoints);
// Waits up to `wait` for the three services to report SERVING.
int RunHealth(absl::Duration wait, const Endpoints& endpoints);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_COMMANDS_H_
