// dossier: the command line of dossier.
//
//   dossier ingest PATH...    files, folders of .txt, JSON Lines
//   dossier get ID            one document with its annotations
//   dossier list              documents, newest first
//   dossier status ID         where a document is in the pipeline
//   dossier stories           story clusters, most recent first
//   dossier story ID          one story and its documents
//   dossier tag TEXT|-        tag a text without storing it
//   dossier health            are the three services SERVING?
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "cli/commands.h"
#include "cli/ingest_command.h"

ABSL_FLAG(std::string, ingest, "127.0.0.1:50051", "the ingest service");
ABSL_FLAG(std::string, tagger, "127.0.0.1:50052", "the tagger service");
ABSL_FLAG(std::string, query, "127.0.0.1:50053", "the query service");
ABSL_FLAG(bool, json, false, "print the protobuf JSON mapping");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30), "deadline of each call");
ABSL_FLAG(int, page_size, 20, "list: documents per page");
ABSL_FLAG(std::string, page_token, "", "list: the page to start at");
ABSL_FLAG(bool, all, false, "list: every page");
ABSL_FLAG(int, min_documents, 2, "stories: only stories with this many documents");
ABSL_FLAG(absl::Duration, wait, absl::Seconds(0),
          "health: wait this long for SERVING");
ABSL_FLAG(std::string, text_field, "text", "ingest: JSON Lines field with the text");
ABSL_FLAG(std::string, title_field, "title", "ingest: JSON Lines title field");
ABSL_FLAG(std::string, date_field, "date", "ingest: JSON Lines date field");
ABSL_FLAG(std::string, outlet_field, "outlet", "ingest: JSON Lines outlet field");
ABSL_FLAG(std::string, dateline_field, "dateline",
          "ingest: JSON Lines dateline field");
ABSL_FLAG(std::string, url_field, "url", "ingest: JSON Lines URL field");
ABSL_FLAG(std::string, key_field, "",
          "ingest: JSON Lines field to use as the client key");
ABSL_FLAG(bool, key_from_path, false,
          "ingest: use each text file's path as its client key");
ABSL_FLAG(bool, progress, true, "ingest: progress bar on a terminal");

namespace {

constexpr char kUsage[] =
    "dossier COMMAND [ARGS] [FLAGS]\n"
    "  ingest PATH...   ingest files, folders of .txt files, JSON Lines\n"
    "  get ID           print a document (ID or documents/ID)\n"
    "  list             list documents, newest first\n"
    "  status ID        where a document is in the pipeline\n"
    "  stories          story clusters (--min_documents), most recent first\n"
    "  story ID         one story and its documents\n"
    "  tag TEXT|-       tag a text (- reads stdin) without storing it\n"
    "  health           check that ingest, tagger and query are SERVING\n"
    "Flags: --ingest --tagger --query (HOST:PORT), --json, --timeout;\n"
    "see --helpfull for the rest.";

int Usage() {
  std::fprintf(stderr, "%s\n", kUsage);
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) return Usage();
  const std::string command = args[1];
  std::vector<std::string> rest(args.begin() + 2, args.end());

  dossier::cli::Endpoints endpoints;
  endpoints.ingest = absl::GetFlag(FLAGS_ingest);
  endpoints.tagger = absl::GetFlag(FLAGS_tagger);
  endpoints.query = absl::GetFlag(FLAGS_query);
  endpoints.json = absl::GetFlag(FLAGS_json);
  endpoints.timeout = absl::GetFlag(FLAGS_timeout);

  if (command == "ingest") {
    if (rest.empty()) return Usage();
    dossier::cli::IngestCommandOptions options;
    options.address = endpoints.ingest;
    options.json = endpoints.json;
    options.progress = absl::GetFlag(FLAGS_progress);
    options.sources.text_field = absl::GetFlag(FLAGS_text_field);
    options.sources.title_field = absl::GetFlag(FLAGS_title_field);
    options.sources.date_field = absl::GetFlag(FLAGS_date_field);
    options.sources.outlet_field = absl::GetFlag(FLAGS_outlet_field);
    options.sources.dateline_field = absl::GetFlag(FLAGS_dateline_field);
    options.sources.url_field = absl::GetFlag(FLAGS_url_field);
    options.sources.key_field = absl::GetFlag(FLAGS_key_field);
    options.sources.key_from_path = absl::GetFlag(FLAGS_key_from_path);
    return dossier::cli::RunIngest(rest, options);
  }
  if (command == "get" && rest.size() == 1) {
    return dossier::cli::RunGet(rest[0], endpoints);
  }
  if (command == "list" && rest.empty()) {
    return dossier::cli::RunList(absl::GetFlag(FLAGS_page_size),
                                 absl::GetFlag(FLAGS_page_token),
                                 absl::GetFlag(FLAGS_all), endpoints);
  }
  if (command == "status" && rest.size() == 1) {
    return dossier::cli::RunStatus(rest[0], endpoints);
  }
  if (command == "stories" && rest.empty()) {
    return dossier::cli::RunStories(absl::GetFlag(FLAGS_page_size),
                                    absl::GetFlag(FLAGS_min_documents), endpoints);
  }
  if (command == "story" && rest.size() == 1) {
    return dossier::cli::RunStory(rest[0], endpoints);
  }
  if (command == "tag" && rest.size() == 1) {
    return dossier::cli::RunTag(rest[0], endpoints);
  }
  if (command == "health" && rest.empty()) {
    return dossier::cli::RunHealth(absl::GetFlag(FLAGS_wait), endpoints);
  }
  return Usage();
}
