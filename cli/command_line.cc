#include "cli/command_line.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "absl/algorithm/container.h"
#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "text/fold.h"

namespace dossier::cli {
namespace {

const std::vector<std::string> kFilterFlags = {"from", "to", "outlet", "entity", "type"};
// Flags whose value names what a command keeps: never empty.
const std::vector<std::string> kNamingFlags = {"outlet", "entity", "type", "speaker", "about"};

std::vector<std::string> Join(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The flags of every command, and the variables that set them.
// The token (or DOSSIER_TOKEN) and TLS flags are common/security_flags.h's.
const std::vector<std::string> kCommonFlags = {
    "json",           "timeout",        "token_file", "tls_ca", "tls_client_cert",
    "tls_client_key", "tls_server_name"};
const std::vector<std::string> kAddressFlags = {"ingest", "tagger", "query"};
const std::map<std::string, std::string> kEnvironment = {
    {"ingest", "DOSSIER_INGEST"}, {"tagger", "DOSSIER_TAGGER"}, {"query", "DOSSIER_QUERY"}};

// The flags the environment set (for help to say so).
std::vector<std::string>& FromEnvironment() {
  static auto* names = new std::vector<std::string>();
  return *names;
}

// The closest of `candidates` to `word`, when it is close enough to be a
// typing slip; "" otherwise.
std::string Nearest(absl::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    const size_t d = static_cast<size_t>(text::EditDistance(word, c));
    if (d < best_distance || (absl::StartsWith(c, word) && word.size() >= 3 && best.empty())) {
      best = c;
      best_distance = std::min(d, best_distance);
    }
  }
  return best;
}

std::string HelpHint(const CommandSpec* command) {
  return command == nullptr ? "`dossier --help` lists the commands"
                            : absl::StrCat("see `dossier ", command->name, " --help`");
}

absl::Status Usage(const CommandSpec* command, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("dossier", command == nullptr ? "" : " ",
                                                 command == nullptr ? "" : command->name, ": ",
                                                 problem, " (", HelpHint(command), ")"));
}

// Every flag a command takes.
std::vector<std::string> FlagsOf(const CommandSpec& command) {
  return Join(Join(command.flags, kCommonFlags), kAddressFlags);
}

std::vector<std::string> AllFlags() {
  std::vector<std::string> all = Join(kCommonFlags, kAddressFlags);
  for (const CommandSpec& c : Commands()) all = Join(all, c.flags);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

bool IsBool(const absl::CommandLineFlag& flag) { return flag.IsOfType<bool>(); }

// What a flag's value looks like, for a parse error's hint.
std::string ValueHint(const absl::CommandLineFlag& flag) {
  if (flag.IsOfType<absl::Duration>()) return "a duration such as 500ms, 3s, 2m or 1h";
  if (flag.IsOfType<int>()) return "a whole number up to 2147483647";
  if (flag.IsOfType<int64_t>()) return "a whole number";
  if (flag.IsOfType<double>()) return "a number";
  if (IsBool(flag)) return "true or false";
  return "";
}

// The default as help shows it.
std::string ShowValue(const absl::CommandLineFlag& flag, const std::string& value) {
  if (flag.IsOfType<std::string>() || flag.IsOfType<std::vector<std::string>>()) {
    return value.empty() ? "none" : absl::StrCat("\"", value, "\"");
  }
  return value;
}

// "list, search, quotes: the page to start at" reads, in one command's
// help, as "the page to start at".
// A flag's help as `command` shows it. A flag several commands share says
// what it means to each, in parts "list, search: ...; cooccur: ..."; a
// command shows its own part without the names, else the first part when
// that names no commands (what the flag means elsewhere). A part whose
// names are not all commands continues the one before. The general help
// (no command) shows it whole.
std::string HelpFor(const absl::CommandLineFlag& flag, const CommandSpec* command) {
  const std::string help = flag.Help();
  struct Part {
    std::vector<std::string> commands;
    std::string text;
  };
  std::vector<Part> parts;
  for (absl::string_view piece : absl::StrSplit(help, "; ")) {
    Part part;
    const size_t colon = piece.find(": ");
    if (colon != absl::string_view::npos) {
      for (absl::string_view word : absl::StrSplit(piece.substr(0, colon), ',')) {
        word = absl::StripAsciiWhitespace(word);
        if (FindCommand(word) == nullptr) {
          part.commands.clear();
          break;
        }
        part.commands.emplace_back(word);
      }
    }
    if (!part.commands.empty()) {
      part.text = std::string(piece.substr(colon + 2));
      parts.push_back(std::move(part));
    } else if (!parts.empty()) {
      absl::StrAppend(&parts.back().text, "; ", piece);
    } else {
      parts.push_back({{}, std::string(piece)});
    }
  }
  if (command == nullptr || (parts.size() < 2 && parts[0].commands.empty())) return help;
  for (const Part& part : parts) {
    if (std::find(part.commands.begin(), part.commands.end(), command->name) !=
        part.commands.end()) {
      return part.text;
    }
  }
  return parts[0].commands.empty() ? parts[0].text : help;
}

// Whether `command` takes one outlet (a name that may hold a comma) rather
// than a list of them.
bool TakesOneOutlet(const CommandSpec* command) {
  return command != nullptr && (command->name == "tag" || command->name == "ingest");
}

// What a flag's value is, in its usage line (`command`'s, or none).
std::string Placeholder(const absl::CommandLineFlag& flag, const std::string& name,
                        const CommandSpec* command) {
  if (kEnvironment.count(name) > 0) return "HOST:PORT";
  if (flag.IsOfType<absl::Duration>()) return "DURATION";
  if (flag.IsOfType<int>() || flag.IsOfType<int64_t>()) return "N";
  if (name == "outlet" && TakesOneOutlet(command)) return "NAME";
  // The commands about one entity take one type (ParseOneEntityType).
  if (name == "type" && command != nullptr &&
      (command->name == "entity" || command->name == "entities" || command->name == "timeline")) {
    return "TYPE";
  }
  if (flag.IsOfType<std::vector<std::string>>()) return "A,B,...";
  if (absl::StrContains(name, "field")) return "FIELD";
  return "VALUE";
}

// `text` in lines of at most `width` columns, each after a newline and
// `indent`.
std::string Wrap(absl::string_view text, absl::string_view indent, size_t width) {
  std::string out;
  size_t column = width;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (column + 1 + word.size() > width) {
      absl::StrAppend(&out, "\n", indent, word);
      column = indent.size() + word.size();
    } else {
      absl::StrAppend(&out, " ", word);
      column += 1 + word.size();
    }
  }
  return out;
}

std::string FlagLines(const std::vector<std::string>& names, const CommandSpec* command) {
  std::string out;
  for (const std::string& name : names) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) continue;
    std::string line = absl::StrCat("  --", name);
    if (!IsBool(*flag)) absl::StrAppend(&line, "=", Placeholder(*flag, name, command));
    absl::StrAppend(&line, Wrap(HelpFor(*flag, command), "      ", 78),
                    "\n      default: ", ShowValue(*flag, flag->DefaultValue()));
    if (auto env = kEnvironment.find(name); env != kEnvironment.end()) {
      const bool set = std::find(FromEnvironment().begin(), FromEnvironment().end(), name) !=
                       FromEnvironment().end();
      absl::StrAppend(
          &line, "; $", env->second,
          set ? absl::StrCat(" sets it: ", ShowValue(*flag, flag->CurrentValue())) : " sets it");
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

}  // namespace

const std::vector<CommandSpec>& Commands() {
  static const auto* commands = new std::vector<CommandSpec>{
      {"ingest",
       "PATH...",
       "ingest files, folders of .txt files, JSON Lines",
       "A folder stands for its .txt, .jsonl, .ndjson and .json files (recursively),\n"
       "leaving out hidden files and folders and a corpus's notes (README, LICENSE,\n"
       "COPYING, NOTICE, CHANGELOG, AUTHORS, ...; a file named here is read); - reads\n"
       "standard input to its end (JSON Lines when it starts with {, else one article); a\n"
       "JSON Lines file (.jsonl, .ndjson) for its lines, each an object with the text and\n"
       "metadata (fields named by the --*_field flags); a .json file for its one object\n"
       "or its array of them (numbered from 1, as lines are). A UTF-8 byte-order mark\n"
       "before the first line is no part of it. A file's encoding is UTF-8 unless\n"
       "--encoding names another (any ICU converter: latin1, windows-1252, ...) or\n"
       "is auto (guessed per file). With --json: one line per document, as it is\n"
       "answered (JSON Lines of {\"source\", \"result\"}, the result an IngestResult),\n"
       "and the summary on stderr. Exit code 2 when some were rejected. --wait follows\n"
       "the accepted documents until they are searchable (INDEXED), with a progress\n"
       "bar on a terminal, and exits 2 if any FAILED (--wait=DURATION: at most so long).",
       1,
       -1,
       {"ingest"},
       {"text_field", "title_field", "date_field", "outlet_field", "dateline_field", "url_field",
        "key_field", "key_from_path", "encoding", "received", "received_field", "outlet",
        "progress", "wait"}},
      {"get",
       "ID",
       "print a document: text, metadata and entities",
       "ID is a document id or documents/ID.",
       1,
       1,
       {"query"},
       {}},
      {"list",
       "",
       "list documents, newest first",
       "A document's DATE is its publication date; an undated one shows the day it\n"
       "was received (`dossier ingest --received`), else accepted, marked *, which is\n"
       "where the date filters, facets and timelines count it (search, quotes, watch,\n"
       "stories and story show it so too: a story's FIRST or LAST is marked when only\n"
       "undated documents fall on that day).",
       0,
       0,
       {"query"},
       Join({"page_size", "page_token", "all"}, kFilterFlags)},
      {"status",
       "ID",
       "where a document is in the pipeline",
       "ACCEPTED (waiting for the tagger), TAGGED, INDEXED (searchable), FAILED or\n"
       "DELETED (taken down); with the failed attempts to tag or index it and the\n"
       "last error, when there were some.",
       1,
       1,
       {"ingest"},
       {}},
      {"stories",
       "",
       "story clusters, most recent first",
       "With --entity, --outlet, --type, --from or --to: the stories with a document\n"
       "that passes them (the stories that name Gordon Brown, those of a week), each\n"
       "listed whole.",
       0,
       0,
       {"query"},
       Join({"page_size", "page_token", "min_documents", "all"}, kFilterFlags)},
      {"story",
       "ID",
       "one story and its documents",
       "Lists the first 100 documents (--max_documents up to 1000) and says when\n"
       "the story has more.",
       1,
       1,
       {"query"},
       {"max_documents"}},
      {"tag",
       "TEXT|-",
       "tag a text without storing it",
       "Prints entities, roles, dates (resolved against --date, else the text's\n"
       "\"date YYYY-MM-DD\" header) and quotes. - reads the text from stdin.\n"
       "--outlet names the publication the text comes from, as ingest passes it:\n"
       "where the text writes that name it is an organisation.",
       1,
       1,
       {"tagger"},
       {"date", "outlet", "encoding"}},
      {"health",
       "",
       "check that ingest, tagger and query are SERVING",
       "Exit code 0 when all three are; 69 when one cannot be reached or answers\n"
       "UNAVAILABLE (shutting down); 1 when one answers NOT_SERVING (draining after\n"
       "SIGTERM) or fails otherwise.",
       0,
       0,
       {"ingest", "tagger", "query"},
       {"wait"}},
      {"search",
       "[QUERY]",
       "full-text search with snippets and facets",
       "Words (AND), \"phrases\", OR, NOT or -word, prefix*, parentheses; accents and\n"
       "case are ignored, and a German umlaut finds its vowel and e too (Börse: Boerse).\n"
       "A word finds its other forms (sanction: sanctions, sanctioned); in quotes, only\n"
       "itself. Other engines' operators (chelsea^2, title:x) are refused. Without a\n"
       "QUERY, every document the filters let through; with --from/--to and no match,\n"
       "how many match at other dates.",
       0,
       -1,
       {"query"},
       Join({"order", "facets", "collapse", "page_size", "page_token", "all"}, kFilterFlags)},
      {"entity",
       "NAME",
       "one entity's profile",
       "NAME may be any spelling, an alias, the last words of a name, or an ent_ id.",
       1,
       -1,
       {"query"},
       {"type"}},
      {"entities",
       "PREFIX",
       "entities whose name, or a word of it, starts so",
       "Names the documents write first, then those only an alias completes (a\n"
       "country's names in other languages); each by documents, most first.",
       1,
       -1,
       {"query"},
       {"type", "page_size"}},
      {"timeline",
       "NAME",
       "an entity's documents and mentions per day, week or month",
       "The range is --from to --to, else the entity's first to last day seen. It\n"
       "holds at most 5,000 buckets: without --from the newest are kept, from it\n"
       "the first; stderr says where it was cut (--granularity=week or month fits\n"
       "longer ranges).",
       1,
       -1,
       {"query"},
       Join({"granularity"}, kFilterFlags)},
      {"cooccur",
       "NAME",
       "entities named in the same documents",
       "",
       1,
       -1,
       {"query"},
       Join({"order", "page_size"}, kFilterFlags)},
      {"quotes",
       "[QUERY]",
       "quotes: by a speaker, about an entity, with words",
       "QUERY is words the quote contains. When none does and QUERY names an entity, the\n"
       "answer says how to ask for its quotes (--speaker) or quotes naming it (--about).",
       0,
       -1,
       {"query"},
       Join({"speaker", "about", "kind", "page_size", "page_token"}, kFilterFlags)},
      {"watch",
       "[QUERY]",
       "new matching documents as they are indexed",
       "Runs until Ctrl-C or --watch_for.",
       0,
       -1,
       {"query"},
       Join({"watch_for"}, kFilterFlags)},
      {"merge",
       "A B",
       "entity A (id or name) becomes part of entity B",
       "Quote names of several words.",
       2,
       2,
       {"query"},
       {}},
      {"alias",
       "E NAME",
       "NAME names entity E too, in queries and new documents",
       "Quote names of several words.",
       2,
       2,
       {"query"},
       {}},
      {"split",
       "E NAME",
       "the keys of entity E spelled NAME become an entity of their own",
       "E keeps its id. Keys that name most of E's documents are not split off (unless\n"
       "they came with a merge): split E's other spellings instead. NAME may be a key\n"
       "as `dossier entity` lists it (\"blair#2\") or the id of an entity merged into E,\n"
       "which undoes that merge. Quote names of several words.",
       2,
       2,
       {"query"},
       {}},
      {"unalias",
       "E NAME",
       "take back alias NAME of entity E",
       "Documents that linked by the alias go to an entity of their own; a key E had\n"
       "without it stays (split takes that). Quote names of several words.",
       2,
       2,
       {"query"},
       {}},
      {"retype",
       "E TYPE",
       "entity E is of TYPE (person, org, location or misc) where the tagger misread it",
       "Its profile, entity searches and co-occurrences by type, stories and its\n"
       "documents' annotations show TYPE; it merges with entities of TYPE only. Its\n"
       "name becomes its curated name and an alias, so that new documents that give\n"
       "the name TYPE link to it. The --type filter of search reads the types the\n"
       "tagger gave documents' mentions, and is unchanged. Quote names of several\n"
       "words.",
       2,
       2,
       {"query"},
       {}},
      {"import-kb",
       "FILE",
       "import a knowledge base into the entity registry",
       "FILE holds JSON Lines of {\"name\", \"aliases\", \"type\", \"externalIds\",\n"
       "\"coordinates\"}; - reads stdin. Every line is checked before anything is\n"
       "imported. An entity that documents made, named by an imported entity's\n"
       "names, joins it and goes by its id (made of its first external id, else\n"
       "its type and name); the old id still finds it. Importing again joins\n"
       "nothing more.",
       1,
       1,
       {"query"},
       {"batch_size", "progress"}},
      {"delete",
       "ID...",
       "take documents down everywhere (takedown, privacy requests)",
       "Removes each document from the store, listings, search, entity counts, quotes\n"
       "and its story, and makes ingest forget it (the same text sent again is a new\n"
       "document). Needs a token with the admin scope when tokens are on. Deleting a\n"
       "document that is gone succeeds. One still on its way to the index is deleted\n"
       "once it is there (within --timeout).",
       1,
       -1,
       {"ingest"},
       {}},
      {"retag",
       "[ID...]",
       "tag stored documents again with the running tagger",
       "Tags each document again with the tagger as it runs now (a new model, names\n"
       "a knowledge base taught it) and replaces its entities, quotes, roles, dates,\n"
       "registry links, entity counts and timelines and search entries; its text,\n"
       "metadata and story stay. Each document is replaced in one synced write, so a\n"
       "re-tag stopped half way leaves every document whole, old or new. --all\n"
       "re-tags every stored document (list's filters narrow it); --stale leaves\n"
       "alone those the running tagger's version (its model, its rules and the names\n"
       "curation and knowledge bases taught it) tagged, so a re-tag run again after an\n"
       "interruption skips what it did, and one after an import-kb or an alias re-tags\n"
       "everything once the tagger has the new names. A document the tagger refuses\n"
       "fails alone and keeps what it had (exit 2). Needs a token with the admin scope\n"
       "when tokens are on.",
       0,
       -1,
       {"ingest", "query"},
       Join({"all", "stale", "progress"}, kFilterFlags)},
      {"export",
       "",
       "write documents with metadata and entities: JSON Lines or CSV",
       "JSON Lines: each document in the protobuf JSON mapping (text, metadata,\n"
       "annotations). CSV: a header row, then id, publish_date, outlet, title,\n"
       "dateline, url, story_id, client_key, entities (\"Name (TYPE, id)\" joined by\n"
       "\"; \") and text, quoted as RFC 4180 says. Newest first; the filters are\n"
       "list's. To stdout, or --out. --json changes nothing: JSON Lines are the\n"
       "default, and --format=csv writes CSV with it too (scripts pass --json to\n"
       "every command).",
       0,
       0,
       {"query"},
       Join({"format", "out"}, kFilterFlags)},
      {"stats",
       "",
       "documents per stage, outbox backlog, stories, entities, bytes on disk",
       "Asks ingest (documents by state, the outbox backlog and its oldest entry,\n"
       "bytes) and query (documents, deleted documents, stories, entities, bytes).",
       0,
       0,
       {"ingest", "query"},
       {}},
      {"help", "[COMMAND]", "help for a command", "", 0, 1, {}, {}},
  };
  return *commands;
}

const CommandSpec* FindCommand(absl::string_view name) {
  for (const CommandSpec& c : Commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void ApplyEnvironment() {
  for (const auto& [name, variable] : kEnvironment) {
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr || *value == '\0') continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    std::string error;
    if (flag != nullptr && flag->ParseFrom(value, &error)) FromEnvironment().push_back(name);
  }
}

std::string AddressSource(const std::string& flag) {
  const auto env = kEnvironment.find(flag);
  const absl::CommandLineFlag* f = absl::FindCommandLineFlag(flag);
  if (env != kEnvironment.end() && f != nullptr) {
    const char* value = std::getenv(env->second.c_str());
    if (value != nullptr && *value != '\0' && f->CurrentValue() == value) {
      return absl::StrCat("$", env->second);
    }
  }
  return absl::StrCat("--", flag);
}

absl::StatusOr<CommandLine> ParseCommandLine(const std::vector<std::string>& argv) {
  CommandLine out;
  std::vector<std::string> words;
  // Flags as given, applied once the command is known (to check that it
  // takes them): name, value, whether a value was given, and how it was
  // written.
  struct Given {
    std::string name;
    std::string value;
    bool has_value;
    std::string as_written;
  };
  std::vector<Given> given;
  bool flags_ended = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (flags_ended || arg.size() < 2 || arg[0] != '-') {
      words.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    const bool two_dashes = absl::StartsWith(arg, "--");
    absl::string_view body = absl::string_view(arg).substr(two_dashes ? 2 : 1);
    const size_t eq = body.find('=');
    std::string name(body.substr(0, eq));
    if (name == "help" || name == "h" || name == "helpfull" || name == "helpshort") {
      out.help = true;
      continue;
    }
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    bool negated = false;
    if (flag == nullptr && absl::StartsWith(name, "no") && eq == absl::string_view::npos) {
      const absl::CommandLineFlag* positive = absl::FindCommandLineFlag(name.substr(2));
      if (positive != nullptr && IsBool(*positive)) {
        flag = positive;
        negated = true;
        name = name.substr(2);
      }
    }
    const std::vector<std::string> all = AllFlags();
    if (flag == nullptr || std::find(all.begin(), all.end(), name) == all.end()) {
      // "-word" is a query's exclusion, not a flag.
      if (!two_dashes) {
        words.push_back(arg);
        continue;
      }
      // Suggest from the command's own flags once it is named ("search
      // --form": --from, not export's --format), and point at its help.
      const CommandSpec* command = words.empty() ? nullptr : FindCommand(words[0]);
      if (command != nullptr && command->name == "help") command = nullptr;
      const std::string nearest = Nearest(name, command != nullptr ? FlagsOf(*command) : all);
      return Usage(
          command,
          absl::StrCat("unknown flag --", name,
                       nearest.empty() ? "" : absl::StrCat("; did you mean --", nearest, "?")));
    }
    Given g{name, "", false, std::string(arg)};
    if (eq != absl::string_view::npos) {
      g.value = std::string(body.substr(eq + 1));
      g.has_value = true;
    } else if (IsBool(*flag)) {
      g.value = negated ? "false" : "true";
      g.has_value = true;
    } else if (name == "wait") {
      // Bare --wait waits as long as it takes; a duration may follow.
      absl::Duration d;
      if (i + 1 < argv.size() && absl::ParseDuration(argv[i + 1], &d)) {
        g.value = argv[++i];
      } else {
        g.value = "inf";
      }
      g.has_value = true;
    } else if (i + 1 < argv.size()) {
      g.value = argv[++i];
      g.has_value = true;
    }
    given.push_back(std::move(g));
  }

  if (!words.empty()) {
    out.command = FindCommand(words[0]);
    if (out.command == nullptr) {
      std::vector<std::string> names;
      for (const CommandSpec& c : Commands()) names.push_back(c.name);
      const std::string nearest = Nearest(words[0], names);
      return Usage(
          nullptr,
          absl::StrCat("unknown command \"", words[0], "\"",
                       nearest.empty() ? "" : absl::StrCat("; did you mean \"", nearest, "\"?")));
    }
    out.args.assign(words.begin() + 1, words.end());
  }
  // `dossier help COMMAND` is `dossier COMMAND --help`.
  if (out.command != nullptr && out.command->name == "help") {
    out.help = true;
    out.command = nullptr;
    if (!out.args.empty()) {
      out.command = FindCommand(out.args[0]);
      if (out.command == nullptr) {
        return Usage(nullptr, absl::StrCat("no command \"", out.args[0], "\" to help with"));
      }
      out.args.clear();
    }
  }
  if (out.help) return out;

  // A list flag (and --kind) given more than once is the list of every
  // value, as with commas ("--entity Blair --entity Brown" is "--entity
  // Blair,Brown"; not `tag`'s one --outlet): read flag by flag, the last
  // would silently have been the only one. A switch's last word wins; any
  // other flag given twice with two values is refused.
  std::vector<Given> merged;
  for (Given& g : given) {
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const Given& m) { return m.name == g.name; });
    if (same == merged.end()) {
      merged.push_back(std::move(g));
      continue;
    }
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(g.name);
    if (!same->has_value || !g.has_value || IsBool(*flag)) {
      // A value missing is refused below; a switch's last word wins
      // ("--json ... --nojson").
      *same = std::move(g);
      continue;
    }
    // `tag` and `ingest` take one outlet, whose name may hold a comma.
    const bool one_outlet = g.name == "outlet" && TakesOneOutlet(out.command);
    if ((flag->IsOfType<std::vector<std::string>>() && !one_outlet) || g.name == "kind") {
      absl::StrAppend(&same->value, ",", g.value);
    } else if (same->value != g.value) {
      return Usage(out.command, absl::StrCat("--", g.name, " is given twice (\"", same->value,
                                             "\" and \"", g.value, "\"): give it once"));
    }
  }
  given = std::move(merged);

  for (const Given& g : given) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(g.name);
    if (out.command != nullptr) {
      const std::vector<std::string> own = FlagsOf(*out.command);
      if (std::find(own.begin(), own.end(), g.name) == own.end()) {
        return Usage(out.command, absl::StrCat("--", g.name, " is not a flag of `dossier ",
                                               out.command->name, "`"));
      }
    }
    if (!g.has_value) {
      return Usage(out.command,
                   absl::StrCat("--", g.name, " needs a value (--", g.name, "=VALUE)"));
    }
    // A flag that names what to keep, given empty ("--entity=" from an
    // empty shell variable): refused, as the API refuses an empty value;
    // read as no filter it would ask for everything.
    if (absl::c_linear_search(kNamingFlags, g.name) &&
        absl::StripAsciiWhitespace(absl::StrReplaceAll(g.value, {{",", ""}})).empty()) {
      return Usage(out.command, absl::StrCat("--", g.name,
                                             " names nothing: give a value or leave the flag out"));
    }
    std::string error;
    if (!flag->ParseFrom(g.value, &error)) {
      const std::string hint = ValueHint(*flag);
      return Usage(out.command,
                   absl::StrCat("--", g.name, "=", g.value, " is not valid",
                                hint.empty() ? "" : absl::StrCat(": it takes ", hint)));
    }
  }
  if (out.command == nullptr) return Usage(nullptr, "which command?");
  const CommandSpec& c = *out.command;
  const int n = static_cast<int>(out.args.size());
  if (n < c.min_args) {
    // The first missing argument, by name.
    std::vector<std::string> names = absl::StrSplit(c.synopsis, ' ', absl::SkipEmpty());
    absl::string_view missing = n < static_cast<int>(names.size()) ? names[n] : c.synopsis;
    absl::ConsumeSuffix(&missing, "...");
    return Usage(out.command,
                 absl::StrCat(missing, " is missing: dossier ", c.name, " ", c.synopsis));
  }
  if (c.max_args >= 0 && n > c.max_args) {
    return Usage(out.command,
                 absl::StrCat("unexpected argument \"", out.args[c.max_args], "\": dossier ",
                              c.name, c.synopsis.empty() ? "" : " ", c.synopsis,
                              c.max_args > 0 ? " (quote words that go together)" : ""));
  }
  return out;
}

std::string GeneralHelp() {
  std::string out =
      "dossier: the command line of dossier, a news-intelligence backend\n\n"
      "usage: dossier COMMAND [ARGS] [FLAGS]\n\n"
      "commands:\n";
  for (const CommandSpec& c : Commands()) {
    const std::string call = absl::StrCat(c.name, c.synopsis.empty() ? "" : " ", c.synopsis);
    absl::StrAppend(&out, "  ", call, std::string(call.size() < 18 ? 18 - call.size() : 1, ' '),
                    c.summary, "\n");
  }
  absl::StrAppend(&out, "\nflags of every command:\n",
                  FlagLines(Join(kCommonFlags, kAddressFlags), nullptr),
                  "\n`dossier COMMAND --help` lists a command's own flags. Exit codes: 0 done,\n"
                  "1 failed, 2 some documents rejected, 3 not found, 64 bad command line\n"
                  "(or arguments the service refused), 65 bad input data, 66 input not\n"
                  "readable, 69 a service not reachable or answering UNAVAILABLE (retry\n"
                  "later), 73 an output file not writable.\n");
  return out;
}

std::string CommandHelp(const CommandSpec& c) {
  std::string out = absl::StrCat("usage: dossier ", c.name, c.synopsis.empty() ? "" : " ",
                                 c.synopsis, " [FLAGS]\n\n", c.summary, "\n");
  if (!c.details.empty()) absl::StrAppend(&out, "\n", c.details, "\n");
  if (!c.flags.empty()) absl::StrAppend(&out, "\nflags:\n", FlagLines(c.flags, &c));
  absl::StrAppend(&out, "\ncommon flags:\n", FlagLines(Join(kCommonFlags, c.services), &c));
  return out;
}

int UsageError(absl::string_view command, absl::string_view problem) {
  const CommandSpec* spec = FindCommand(command);
  std::fprintf(stderr, "%s\n", std::string(Usage(spec, problem).message()).c_str());
  return kUsageExitCode;
}

}  // namespace dossier::cli
