// The lifecycle commands of the `dossier` CLI: taking documents down,
// exporting them, following ingested documents until they are searchable,
// and what the services hold. Each returns the process exit code.
#ifndef DOSSIER_CLI_LIFECYCLE_COMMANDS_H_
#define DOSSIER_CLI_LIFECYCLE_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "cli/output.h"
#include "dossier/v1/search.pb.h"

namespace dossier::cli {

// `dossier delete ID...`: IngestService.DeleteDocument for each id (the
// admin scope). A document still on its way to the index
// (STILL_DELIVERING), or a query service that is down (QUERY_UNAVAILABLE),
// is tried again, within --timeout.
// 0 when every id is gone (deleted now or before), else Fail's code.
int RunDelete(const std::vector<std::string>& names, const Endpoints& endpoints);

struct RetagOptions {
  // Every stored document `filter` lets through, instead of named ones.
  bool all = false;
  v1::DocumentFilter filter;
  // Leave alone documents the running tagger's version tagged
  // (RetagDocumentsRequest.only_stale).
  bool only_stale = false;
  // A running count on a terminal.
  bool progress = true;
};

// `dossier retag ID...` or `dossier retag --all [filters]`: IngestService.
// RetagDocuments (the admin scope) in calls of 50 ids; with --all, the ids
// of each ListDocuments page (BASIC view, newest first: the page token
// keeps to the documents stored when the listing began, so a document
// re-tagged, which takes a new number, is not listed again). A service
// that is down (ingest, or TAGGER_UNAVAILABLE, QUERY_UNAVAILABLE behind
// it) is waited for, within --timeout per call. Prints each id's outcome
// (with --json, one RetagDocumentsResponse of them all), or with --all the
// counts (with --json, {"retagged", "upToDate", "deletedMeanwhile",
// "changedMeanwhile", "failed", "taggerVersion"}) and each failure on
// stderr. 0 when every document was re-tagged, up to date or gone since
// it was listed; 2 when some failed; 3 (kNotFoundExitCode) when some named
// id has no stored document; else Fail's code.
int RunRetag(const std::vector<std::string>& names, const RetagOptions& options,
             const Endpoints& endpoints);

// `dossier stats`: GetIngestStats and GetQueryStats as two tables, or with
// --json one object {"ingest": ..., "query": ...} of their JSON mappings.
int RunStats(const Endpoints& endpoints);

enum class ExportFormat { kJsonLines, kCsv };

struct ExportOptions {
  v1::DocumentFilter filter;
  ExportFormat format = ExportFormat::kJsonLines;
  // A file to write; empty: stdout.
  std::string out;
  // Documents per ListDocuments page (the server also cuts pages at its
  // byte budget, 3 MiB).
  int page_size = 100;
};

// `dossier export`: pages through ListDocuments (FULL view) and writes
// each document as it comes: JSON Lines of the protobuf JSON mapping of
// Document, or CSV with a header row (RFC 4180 quoting). 0 when done; 66
// when --out cannot be written; else Fail's code.
int RunExport(const ExportOptions& options, const Endpoints& endpoints);

// `dossier ingest --wait`: polls BatchGetDocumentStatuses for `ids` until
// each is INDEXED, FAILED or DELETED, or `wait` has passed; a progress bar
// on a terminal (`progress`), else a line when the count changes (at most
// every 2 s); then a summary. 0 when all are indexed, 2 when some failed,
// 1 when `wait` ran out, else Fail's code. The last `stored_before` of
// `ids` are documents stored before that this ingest's duplicates repeat.
int WaitForIndexed(const std::vector<std::string>& ids, absl::Duration wait, bool progress,
                   const Endpoints& endpoints, size_t stored_before = 0);

// A CSV field: as is, or in double quotes (inner quotes doubled) when it
// holds a comma, a quote or a line break.
std::string CsvField(const std::string& value);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_LIFECYCLE_COMMANDS_H_
