// The read-side commands of the `dossier` CLI. Each returns the process
// exit code and prints either readable text or, with `json`, the protobuf
// JSON mapping of the response.
#ifndef DOSSIER_CLI_COMMANDS_H_
#define DOSSIER_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cli/output.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "dossier/v1/search.pb.h"

namespace dossier::cli {

int RunGet(const std::string& name, const Endpoints& endpoints);
// Reads the fields a large document's copy left out (omitted_fields), one
// GetDocument each, into `document`, whose omitted_fields it then clears.
grpc::Status CompleteDocument(v1::QueryService::Stub& stub, const Endpoints& endpoints,
                              v1::Document* document);
// Lists one page, or every page with `all`, of the documents `filter` lets
// through.
// The names of a request's filter that named no entity ("Nobody Atall"),
// which nothing can match: suggests on stderr what each may have meant and
// gives kNotFoundExitCode, or 0 when every name named one.
int UnknownNames(v1::QueryService::Stub& stub,
                 const google::protobuf::RepeatedPtrField<v1::ResolvedEntity>& resolved,
                 const Endpoints& endpoints);

// The outlets of `filter` that no document has ("Washington Posts"), said
// on stderr by `command` with the outlets the index knows that share a
// word with each, else some it knows; kNotFoundExitCode when there is
// one, else 0. Called when a filter let nothing through.
int UnknownOutlets(v1::QueryService::Stub& stub, const v1::DocumentFilter& filter,
                   const char* command, const Endpoints& endpoints);
// UnknownNames, then, when none and nothing `passed` the filter,
// UnknownOutlets.
int UnknownFilterNames(v1::QueryService::Stub& stub,
                       const google::protobuf::RepeatedPtrField<v1::ResolvedEntity>& resolved,
                       const v1::DocumentFilter& filter, bool passed, const char* command,
                       const Endpoints& endpoints);

int RunList(int page_size, const std::string& page_token, bool all,
            const v1::DocumentFilter& filter, const Endpoints& endpoints);
int RunStatus(const std::string& name, const Endpoints& endpoints);
// Tags `text` ("-" reads stdin). Relative dates resolve against `date`
// (YYYY-MM-DD), else the text's "date YYYY-MM-DD" header, else not at all.
// `encoding` is the text's, as ingest's --encoding ("auto" guesses).
int RunTag(const std::string& text, const std::string& date, const std::string& outlet,
           const std::string& encoding, const Endpoints& endpoints);
// Stories with at least `min_documents` documents, most recent first; with
// `filter`, those with a document that passes it.
int RunStories(int page_size, const std::string& page_token, int min_documents, bool all,
               const v1::DocumentFilter& filter, const Endpoints& endpoints);
// One story and its documents.
// The story and at most `max_documents` of its documents (0: the server's
// default), saying when it has more.
int RunStory(const std::string& name, int max_documents, const Endpoints& endpoints);
// Waits up to `wait` for the three services to report SERVING.
int RunHealth(absl::Duration wait, const Endpoints& endpoints);

struct SearchOptions {
  // The query syntax of SearchDocumentsRequest.query; empty for every
  // document the filter lets through.
  std::string query;
  v1::DocumentFilter filter;
  v1::SearchOrder order = v1::SEARCH_ORDER_UNSPECIFIED;
  // 0: the server's default.
  int page_size = 0;
  std::string page_token;
  // Count and print every facet.
  bool facets = false;
  // Every page from page_token on.
  bool all = false;
  // One hit per story (SearchDocumentsRequest.collapse_stories).
  bool collapse = false;
};
// One page of hits, or with `all` every page, with matched words marked
// (bold on a terminal).
int RunSearch(const SearchOptions& options, const Endpoints& endpoints);

// One entity's profile; `type` narrows which entities a name matches.
int RunEntity(const std::string& name, v1::EntityType type, const Endpoints& endpoints);
// Entities whose name, or a word of it, starts with `prefix`.
int RunEntities(const std::string& prefix, v1::EntityType type, int page_size,
                const Endpoints& endpoints);

struct TimelineOptions {
  std::string entity;
  // Narrows a name to entities of this type.
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  v1::DocumentFilter filter;
  v1::TimelineGranularity granularity = v1::TIMELINE_GRANULARITY_DAY;
};
// Per bucket: a sparkline on a terminal, and a table of the non-empty ones.
int RunTimeline(const TimelineOptions& options, const Endpoints& endpoints);

struct CooccurOptions {
  std::string entity;
  v1::DocumentFilter filter;
  // Only co-occurring entities of these types.
  std::vector<v1::EntityType> types;
  v1::CooccurrenceOrder order = v1::COOCCURRENCE_ORDER_UNSPECIFIED;
  int page_size = 0;
};
// The entities most often named in the same documents as `entity`.
int RunCooccur(const CooccurOptions& options, const Endpoints& endpoints);

struct QuotesOptions {
  // Words in the quote (search syntax); may be empty.
  std::string query;
  // Entity references: who spoke, whom the quote names.
  std::string speaker;
  std::string about;
  // Quote kinds to list; empty: every kind.
  std::vector<v1::QuoteKind> kinds;
  v1::DocumentFilter filter;
  int page_size = 0;
  std::string page_token;
};
int RunQuotes(const QuotesOptions& options, const Endpoints& endpoints);

// --kind: "quoted" (direct and mixed), "reported", "direct", "mixed",
// comma-separated; INVALID_ARGUMENT naming the word it does not know.
absl::StatusOr<std::vector<v1::QuoteKind>> ParseQuoteKinds(const std::string& text);

struct WatchOptions {
  std::string query;
  v1::DocumentFilter filter;
  // Stop cleanly after this long; InfiniteDuration to run until Ctrl-C or
  // until the server ends the stream.
  absl::Duration watch_for = absl::InfiniteDuration();
};
// Prints each newly indexed document that matches as it arrives (with
// `json`, one JSON object a line). 0 when stopped by Ctrl-C, SIGTERM or
// `watch_for`; 1 when the stream ends otherwise.
int RunWatch(const WatchOptions& options, const Endpoints& endpoints);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_COMMANDS_H_
