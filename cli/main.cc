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
//   dossier search QUERY      full-text search, with snippets and facets
//   dossier entity NAME       one entity's profile
//   dossier entities PREFIX   entities by the start of a name
//   dossier timeline NAME     an entity's documents and mentions over time
//   dossier cooccur NAME      entities named in the same documents
//   dossier quotes [QUERY]    quotes by speaker, about an entity, by words
//   dossier watch [QUERY]     new matching documents as they are indexed
//   dossier merge A B         entity A becomes part of entity B
//   dossier alias E NAME      NAME names entity E too
//   dossier split E NAME      the keys of E spelled NAME become an entity
//   dossier unalias E NAME    take back alias NAME of E
//   dossier retype E TYPE     E is of TYPE, where the tagger misread it
//   dossier import-kb FILE    a JSON Lines knowledge base into the registry
//   dossier delete ID...      take documents down everywhere
//   dossier export            documents as JSON Lines or CSV
//   dossier stats             what ingest and query hold
//
// Flags are defined here only; which command takes which, the arguments,
// help and usage errors are cli/command_line.h's. The commands take API
// values, which the parsers of cli/arguments.h make from the flags' words.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/arguments.h"
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/ingest_command.h"
#include "cli/lifecycle_commands.h"
#include "cli/output.h"
#include "cli/registry_commands.h"
#include "common/client.h"
#include "common/ids.h"
#include "common/security_flags.h"
#include "common/time_util.h"

ABSL_FLAG(std::string, ingest, "127.0.0.1:50051",
          "the ingest service, HOST:PORT (or a gRPC target: dns:///HOST:PORT, unix:PATH)");
ABSL_FLAG(std::string, tagger, "127.0.0.1:50052",
          "the tagger, HOST:PORT (or a gRPC target: dns:///HOST:PORT, unix:PATH)");
ABSL_FLAG(std::string, query, "127.0.0.1:50053",
          "the query service, HOST:PORT (or a gRPC target: dns:///HOST:PORT, unix:PATH)");
ABSL_FLAG(bool, json, false,
          "print the protobuf JSON mapping of the answer; ingest: print JSON Lines, a "
          "line per document, and the summary on stderr");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30),
          "how long to wait for an answer, the deadline of each call; ingest: the "
          "deadline of each call, and how long it goes on with nothing answered before "
          "it gives up");
ABSL_FLAG(int, page_size, 20,
          "list, search, quotes, stories: results per page (0: the "
          "service's default for the call; each call has its most, in its proto); entities: "
          "the completions listed, at most 100 (no further pages: it says when more start "
          "so); cooccur: the top entities listed, at most 100 (it has no further pages)");
ABSL_FLAG(std::string, page_token, "", "list, search, quotes, stories: the page to start at");
ABSL_FLAG(bool, all, false, "list, search, stories: every page; retag: every stored document");
ABSL_FLAG(bool, stale, false,
          "retag: leave alone documents the running tagger's version (model, rules and "
          "known names) tagged");
ABSL_FLAG(int, min_documents, 2, "stories: only stories with this many documents");
ABSL_FLAG(int, max_documents, 0, "story: most documents listed (0: 100; at most 1000)");
ABSL_FLAG(absl::Duration, wait, absl::Seconds(0),
          "health: wait up to this long for each service to be SERVING (0: ask once; "
          "bare --wait: as long as it takes); ingest: follow the accepted documents, and "
          "those its duplicates repeat, until they are indexed, at most this long (bare "
          "--wait: as long as it takes)");
ABSL_FLAG(std::string, format, "jsonl", "export: jsonl or csv");
ABSL_FLAG(std::string, out, "", "export: the file to write (default: stdout)");
ABSL_FLAG(std::string, text_field, "text", "ingest: JSON Lines field with the text");
ABSL_FLAG(std::string, title_field, "title", "ingest: JSON Lines title field");
ABSL_FLAG(std::string, date_field, "date",
          "ingest: JSON Lines date field (2005-03-01[T...], Tue, 01 Mar 2005 10:00:00 GMT, "
          "1 March 2005, Mar 1, 2005, 01-MAR-2005)");
ABSL_FLAG(std::string, outlet_field, "outlet", "ingest: JSON Lines outlet field");
ABSL_FLAG(std::string, dateline_field, "dateline", "ingest: JSON Lines dateline field");
ABSL_FLAG(std::string, url_field, "url", "ingest: JSON Lines URL field");
ABSL_FLAG(std::string, key_field, "", "ingest: JSON Lines field to use as the client key");
ABSL_FLAG(bool, key_from_path, false,
          "ingest: use each text file's path as its client key (a path that is not UTF-8 "
          "is refused)");
ABSL_FLAG(std::string, received, "",
          "ingest: when the articles were received, for an archive (YYYY-MM-DD, or an RFC "
          "3339 time): it dates the articles without a publish date, and gives a dateline "
          "without a year its year (default: when ingest accepts them)");
ABSL_FLAG(std::string, received_field, "",
          "ingest: JSON Lines field with each article's receive time (YYYY-MM-DD or RFC "
          "3339), which wins over --received");
ABSL_FLAG(bool, progress, true, "ingest, import-kb, retag: progress on a terminal");
ABSL_FLAG(std::string, encoding, "utf-8",
          "ingest, tag: the encoding of the input (any ICU converter name: utf-8, latin1, "
          "windows-1252, ...), or auto to guess it (a valid UTF-8 input is read as UTF-8; for "
          "ingest, file by file)");
ABSL_FLAG(std::string, from, "",
          "list, search, quotes, watch, timeline, cooccur, export, retag, stories: documents "
          "dated on or after this day, month or year (YYYY-MM-DD, YYYY-MM, YYYY)");
ABSL_FLAG(std::string, to, "",
          "list, search, quotes, watch, timeline, cooccur, export, retag, stories: documents "
          "dated on or before this day, month or year");
ABSL_FLAG(std::vector<std::string>, outlet, {},
          "list, search, quotes, watch, timeline, cooccur, export, retag, stories: documents "
          "from any of these outlets (comma-separated, or the flag again); tag: the outlet the "
          "text comes "
          "from, whose "
          "name there is an organisation; ingest: the outlet of every document whose JSON "
          "Lines line names none (a folder of one publication's articles), rather than one its "
          "text names");
ABSL_FLAG(
    std::vector<std::string>, entity, {},
    "list, search, quotes, watch, timeline, cooccur, export, retag, stories: documents "
    "that mention every one of these entities, by name or id (comma-separated, or the flag again)");
ABSL_FLAG(std::vector<std::string>, type, {},
          "list, search, quotes, watch, export, retag, stories: documents naming an entity of "
          "any of "
          "these "
          "types (person, org, location or misc; comma-separated, or the flag again); entity, "
          "entities, "
          "timeline: the entity's type (person, org, location or misc); cooccur: the "
          "co-occurring entities' types (person, org, location or misc; "
          "comma-separated, or the flag again)");
ABSL_FLAG(std::string, order, "",
          "search: relevance, newest or oldest (unset: relevance when the query has words, "
          "else newest); cooccur: count or npmi (unset: count)");
ABSL_FLAG(bool, facets, false, "search: count outlets, entity types, entities and dates");
ABSL_FLAG(bool, collapse, false,
          "search: one hit per story (the same event from several outlets), the others "
          "counted");
ABSL_FLAG(std::string, granularity, "day", "timeline: day, week or month");
ABSL_FLAG(std::string, speaker, "", "quotes: said by this entity");
ABSL_FLAG(std::string, about, "", "quotes: naming this entity");
ABSL_FLAG(std::string, kind, "",
          "quotes: only these kinds, comma-separated or the flag again: quoted (in quotation "
          "marks: direct and "
          "mixed), reported (without them), direct, mixed; left out: every kind");
ABSL_FLAG(std::string, date, "",
          "tag: the document's date (YYYY-MM-DD) that \"Monday\" or \"last week\" "
          "resolve against (default: the text's \"date YYYY-MM-DD\" header)");
ABSL_FLAG(int, batch_size, 500, "import-kb: entities per call (at most 1000)");
ABSL_FLAG(absl::Duration, watch_for, absl::InfiniteDuration(),
          "watch: stop after this long (default: run until Ctrl-C)");

namespace {

// The filter flags; with `types`, --type narrows the documents too (the
// entity commands read it as an entity's type instead).
dossier::cli::FilterFlags GetFilterFlags(bool types) {
  dossier::cli::FilterFlags flags;
  flags.from = absl::GetFlag(FLAGS_from);
  flags.to = absl::GetFlag(FLAGS_to);
  flags.outlets = absl::GetFlag(FLAGS_outlet);
  flags.entities = absl::GetFlag(FLAGS_entity);
  if (types) flags.types = absl::GetFlag(FLAGS_type);
  return flags;
}

// A usage error found after parsing (a flag's value that only the
// command can judge).
int Usage(const std::string& command, absl::string_view problem) {
  return dossier::cli::UsageError(command, problem);
}

}  // namespace

int main(int argc, char** argv) {
  // gRPC's own log lines ("Handshake failed with fatal error ...") would
  // come before the one line that says what went wrong and what fixes it.
  // GRPC_VERBOSITY set by the user wins.
  setenv("GRPC_VERBOSITY", "NONE", /*overwrite=*/0);
  dossier::cli::ApplyEnvironment();
  const std::vector<std::string> argv_words(argv, argv + argc);
  absl::StatusOr<dossier::cli::CommandLine> line = dossier::cli::ParseCommandLine(argv_words);
  if (!line.ok()) {
    std::fprintf(stderr, "%s\n", std::string(line.status().message()).c_str());
    return dossier::cli::kUsageExitCode;
  }
  if (line->help) {
    const std::string help = line->command == nullptr ? dossier::cli::GeneralHelp()
                                                      : dossier::cli::CommandHelp(*line->command);
    std::fputs(help.c_str(), stdout);
    return 0;
  }
  // --token_file (or DOSSIER_TOKEN) and the TLS flags, for every call.
  auto security = dossier::ClientSecurityFromFlags();
  if (!security.ok()) {
    std::fprintf(stderr, "dossier: %s\n", std::string(security.status().message()).c_str());
    // A file the flags name that cannot be read is an input that cannot
    // be (66, EX_NOINPUT); the rest is usage.
    return absl::IsInvalidArgument(security.status()) ? dossier::cli::kUsageExitCode : 66;
  }
  dossier::SetDefaultClientSecurity(*std::move(security));
  const std::string command = line->command->name;
  const std::vector<std::string>& rest = line->args;

  dossier::cli::Endpoints endpoints;
  endpoints.ingest = absl::GetFlag(FLAGS_ingest);
  endpoints.tagger = absl::GetFlag(FLAGS_tagger);
  endpoints.query = absl::GetFlag(FLAGS_query);
  endpoints.json = absl::GetFlag(FLAGS_json);
  endpoints.timeout = absl::GetFlag(FLAGS_timeout);
  if (endpoints.timeout <= absl::ZeroDuration()) {
    return Usage(command, "--timeout must be longer than 0");
  }
  if (absl::GetFlag(FLAGS_page_size) < 0) return Usage(command, "--page_size must be 0 or more");
  // The addresses of the services the command calls (a variable set for
  // another service is not its business).
  for (const dossier::cli::Service service :
       {dossier::cli::Service::kIngest, dossier::cli::Service::kTagger,
        dossier::cli::Service::kQuery}) {
    const std::string name = dossier::cli::AddressFlag(service);
    const std::vector<std::string>& calls = line->command->services;
    if (std::find(calls.begin(), calls.end(), name) == calls.end()) continue;
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (absl::Status s = dossier::cli::CheckAddress(dossier::cli::AddressSource(name),
                                                    endpoints.address(service),
                                                    flag != nullptr ? flag->DefaultValue() : "");
        !s.ok()) {
      return Usage(command, s.message());
    }
  }
  // Document ids are checked here: a mistyped one is a usage error, not a
  // call the service refuses.
  if (command == "get" || command == "status" || command == "delete" || command == "retag") {
    for (const std::string& id : rest) {
      if (auto parsed = dossier::ParseDocumentName(id, "ID"); !parsed.ok()) {
        return Usage(command, parsed.status().message());
      }
    }
  }

  if (command == "ingest") {
    dossier::cli::IngestCommandOptions options;
    options.address = endpoints.ingest;
    options.json = endpoints.json;
    options.timeout = endpoints.timeout;
    options.sources.encoding = absl::GetFlag(FLAGS_encoding);
    options.progress = absl::GetFlag(FLAGS_progress);
    options.sources.text_field = absl::GetFlag(FLAGS_text_field);
    options.sources.title_field = absl::GetFlag(FLAGS_title_field);
    options.sources.date_field = absl::GetFlag(FLAGS_date_field);
    options.sources.outlet_field = absl::GetFlag(FLAGS_outlet_field);
    options.sources.dateline_field = absl::GetFlag(FLAGS_dateline_field);
    options.sources.url_field = absl::GetFlag(FLAGS_url_field);
    options.sources.key_field = absl::GetFlag(FLAGS_key_field);
    options.sources.key_from_path = absl::GetFlag(FLAGS_key_from_path);
    options.sources.received_field = absl::GetFlag(FLAGS_received_field);
    options.sources.outlet = absl::StrJoin(absl::GetFlag(FLAGS_outlet), ",");
    if (options.sources.outlet.size() > 256) {
      return Usage(command, "--outlet is longer than the 256 bytes ingest takes");
    }
    if (const std::string received = absl::GetFlag(FLAGS_received); !received.empty()) {
      auto time = dossier::cli::ParseReceived(received);
      if (!time.ok()) return Usage(command, time.status().message());
      // Ingest refuses it for every document otherwise (its window: up to a
      // day ahead).
      if (dossier::FromProtoTimestamp(*time) > absl::Now() + absl::Hours(24)) {
        return Usage(command, absl::StrCat("--received=", received,
                                           " is in the future (at most a day ahead)"));
      }
      options.sources.receive_time = *time;
    }
    options.wait = absl::GetFlag(FLAGS_wait);
    if (options.wait < absl::ZeroDuration()) return Usage(command, "--wait must be 0 or more");
    return dossier::cli::RunIngest(rest, options);
  }
  if (command == "get") {
    return dossier::cli::RunGet(rest[0], endpoints);
  }
  if (command == "list") {
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(true));
    if (!filter.ok()) return Usage(command, filter.status().message());
    return dossier::cli::RunList(absl::GetFlag(FLAGS_page_size), absl::GetFlag(FLAGS_page_token),
                                 absl::GetFlag(FLAGS_all), *filter, endpoints);
  }
  if (command == "status") {
    return dossier::cli::RunStatus(rest[0], endpoints);
  }
  if (command == "stories") {
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(true));
    if (!filter.ok()) return Usage(command, filter.status().message());
    return dossier::cli::RunStories(absl::GetFlag(FLAGS_page_size), absl::GetFlag(FLAGS_page_token),
                                    absl::GetFlag(FLAGS_min_documents), absl::GetFlag(FLAGS_all),
                                    *filter, endpoints);
  }
  if (command == "story") {
    return dossier::cli::RunStory(rest[0], absl::GetFlag(FLAGS_max_documents), endpoints);
  }
  if (command == "tag") {
    // One name, commas and all.
    return dossier::cli::RunTag(rest[0], absl::GetFlag(FLAGS_date),
                                absl::StrJoin(absl::GetFlag(FLAGS_outlet), ","),
                                absl::GetFlag(FLAGS_encoding), endpoints);
  }
  if (command == "merge") return dossier::cli::RunMerge(rest[0], rest[1], endpoints);
  if (command == "alias") return dossier::cli::RunAlias(rest[0], rest[1], endpoints);
  if (command == "split") return dossier::cli::RunSplit(rest[0], rest[1], endpoints);
  if (command == "unalias") return dossier::cli::RunUnalias(rest[0], rest[1], endpoints);
  if (command == "retype") {
    auto type = dossier::cli::ParseEntityType("TYPE", rest[1]);
    if (!type.ok()) return Usage(command, type.status().message());
    return dossier::cli::RunRetype(rest[0], *type, endpoints);
  }
  if (command == "import-kb") {
    dossier::cli::ImportOptions options;
    options.batch_size = absl::GetFlag(FLAGS_batch_size);
    options.progress = absl::GetFlag(FLAGS_progress);
    return dossier::cli::RunImportKb(rest[0], options, endpoints);
  }
  if (command == "delete") return dossier::cli::RunDelete(rest, endpoints);
  if (command == "stats") return dossier::cli::RunStats(endpoints);
  if (command == "retag") {
    dossier::cli::RetagOptions options;
    options.all = absl::GetFlag(FLAGS_all);
    options.only_stale = absl::GetFlag(FLAGS_stale);
    options.progress = absl::GetFlag(FLAGS_progress);
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(true));
    if (!filter.ok()) return Usage(command, filter.status().message());
    options.filter = *std::move(filter);
    const bool filtered = options.filter.ByteSizeLong() > 0;
    if (!rest.empty() && (options.all || filtered)) {
      return Usage(command, "either IDs or --all (with filters), not both");
    }
    if (rest.empty() && !options.all) {
      return Usage(command, filtered ? "filters narrow --all: add --all"
                                     : "name the documents to re-tag, or --all for every "
                                       "stored document");
    }
    return dossier::cli::RunRetag(rest, options, endpoints);
  }

  if (command == "export") {
    dossier::cli::ExportOptions options;
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(true));
    if (!filter.ok()) return Usage(command, filter.status().message());
    options.filter = *std::move(filter);
    const std::string format = absl::GetFlag(FLAGS_format);
    if (format == "jsonl" || format == "json") {
      options.format = dossier::cli::ExportFormat::kJsonLines;
    } else if (format == "csv") {
      options.format = dossier::cli::ExportFormat::kCsv;
    } else {
      return Usage(command, "--format must be jsonl or csv");
    }
    options.out = absl::GetFlag(FLAGS_out);
    return dossier::cli::RunExport(options, endpoints);
  }
  if (command == "health") {
    return dossier::cli::RunHealth(absl::GetFlag(FLAGS_wait), endpoints);
  }

  // The commands below take a query or a name that may be several words:
  // unquoted, they are read as one ("dossier entity Sergei Lavrov").
  const std::string words = absl::StrJoin(rest, " ");
  if ((command == "entity" || command == "entities" || command == "timeline" ||
       command == "cooccur") &&
      std::none_of(words.begin(), words.end(), [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) || (c & 0x80);
      })) {
    return Usage(command, "the name needs a letter or digit");
  }
  if (command == "search") {
    dossier::cli::SearchOptions options;
    options.query = words;
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(true));
    if (!filter.ok()) return Usage(command, filter.status().message());
    options.filter = *std::move(filter);
    auto order = dossier::cli::ParseSearchOrder(absl::GetFlag(FLAGS_order));
    if (!order.ok()) return Usage(command, order.status().message());
    options.order = *order;
    options.page_size = absl::GetFlag(FLAGS_page_size);
    options.page_token = absl::GetFlag(FLAGS_page_token);
    options.facets = absl::GetFlag(FLAGS_facets);
    options.collapse = absl::GetFlag(FLAGS_collapse);
    options.all = absl::GetFlag(FLAGS_all);
    return dossier::cli::RunSearch(options, endpoints);
  }
  if (command == "entity" || command == "entities") {
    auto type = dossier::cli::ParseOneEntityType("--type", absl::GetFlag(FLAGS_type));
    if (!type.ok()) return Usage(command, type.status().message());
    if (command == "entity") return dossier::cli::RunEntity(words, *type, endpoints);
    return dossier::cli::RunEntities(words, *type, absl::GetFlag(FLAGS_page_size), endpoints);
  }
  if (command == "timeline") {
    dossier::cli::TimelineOptions options;
    options.entity = words;
    auto type = dossier::cli::ParseOneEntityType("--type", absl::GetFlag(FLAGS_type));
    if (!type.ok()) return Usage(command, type.status().message());
    options.type = *type;
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(false));
    if (!filter.ok()) return Usage(command, filter.status().message());
    options.filter = *std::move(filter);
    auto granularity = dossier::cli::ParseGranularity(absl::GetFlag(FLAGS_granularity));
    if (!granularity.ok()) return Usage(command, granularity.status().message());
    options.granularity = *granularity;
    return dossier::cli::RunTimeline(options, endpoints);
  }
  if (command == "cooccur") {
    dossier::cli::CooccurOptions options;
    options.entity = words;
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(false));
    if (!filter.ok()) return Usage(command, filter.status().message());
    options.filter = *std::move(filter);
    for (const std::string& text : absl::GetFlag(FLAGS_type)) {
      if (text.empty()) continue;
      auto type = dossier::cli::ParseEntityType("--type", text);
      if (!type.ok()) return Usage(command, type.status().message());
      options.types.push_back(*type);
    }
    auto order = dossier::cli::ParseCooccurrenceOrder(absl::GetFlag(FLAGS_order));
    if (!order.ok()) return Usage(command, order.status().message());
    options.order = *order;
    options.page_size = absl::GetFlag(FLAGS_page_size);
    return dossier::cli::RunCooccur(options, endpoints);
  }
  if (command == "quotes") {
    dossier::cli::QuotesOptions options;
    options.query = words;
    options.speaker = absl::GetFlag(FLAGS_speaker);
    options.about = absl::GetFlag(FLAGS_about);
    auto kinds = dossier::cli::ParseQuoteKinds(absl::GetFlag(FLAGS_kind));
    if (!kinds.ok()) return Usage(command, kinds.status().message());
    options.kinds = *std::move(kinds);
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(true));
    if (!filter.ok()) return Usage(command, filter.status().message());
    options.filter = *std::move(filter);
    options.page_size = absl::GetFlag(FLAGS_page_size);
    options.page_token = absl::GetFlag(FLAGS_page_token);
    return dossier::cli::RunQuotes(options, endpoints);
  }
  if (command == "watch") {
    dossier::cli::WatchOptions options;
    options.query = words;
    auto filter = dossier::cli::ParseFilter(GetFilterFlags(true));
    if (!filter.ok()) return Usage(command, filter.status().message());
    options.filter = *std::move(filter);
    options.watch_for = absl::GetFlag(FLAGS_watch_for);
    if (options.watch_for <= absl::ZeroDuration()) {
      return Usage(command, "--watch_for must be longer than 0");
    }
    return dossier::cli::RunWatch(options, endpoints);
  }
  // Every command of Commands() is handled above.
  return Usage(command, "not implemented");
}
