// `dossier ingest PATH...`: streams articles to IngestService with a
// progress bar on a terminal and a summary at the end. What is sent again
// is decided by common/retry.h's Classify: documents refused by an outage
// (a full outbox, a draining server) or left unanswered by a broken stream
// are sent again after the delay the server asks for, or a backoff; a
// fluke (INTERNAL, UNKNOWN, ABORTED) is sent again a few times; anything
// permanent is reported as rejected.
#ifndef DOSSIER_CLI_INGEST_COMMAND_H_
#define DOSSIER_CLI_INGEST_COMMAND_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cli/sources.h"

namespace dossier::cli {

struct IngestCommandOptions {
  // The ingest service, HOST:PORT.
  std::string address = "127.0.0.1:50051";
  SourceOptions sources;
  // Print each document's result as it is answered, one JSON object a
  // line ({"source": PATH[:LINE], "result": IngestResult in the protobuf
  // JSON mapping}), on stdout; the summary goes to stderr.
  bool json = false;
  // Show a progress bar when stderr is a terminal.
  bool progress = true;
  // Give up when the service has answered nothing for this long: it cannot
  // be reached, or it hangs. A service that answers, even to refuse
  // documents while its outbox is full, is waited for.
  absl::Duration timeout = absl::Seconds(30);
  // After the summary, follow the accepted documents until each is
  // INDEXED or FAILED, for at most this long (InfiniteDuration: until they
  // are); zero: do not wait.
  absl::Duration wait = absl::ZeroDuration();
  // Deadline of one stream (of up to 5000 documents).
  absl::Duration stream_timeout = absl::Minutes(10);
};

// Returns the process exit code: 0 when every document was accepted or was
// a duplicate (and, with `wait`, every accepted one indexed), 2 when some
// were rejected (or, with `wait`, FAILED), 1 when `wait` ran out, 64 for a bad --encoding, 69 when
// the service could not be reached, 1 when ingest could not be done.
int RunIngest(const std::vector<std::string>& paths, const IngestCommandOptions& options);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_INGEST_COMMAND_H_
