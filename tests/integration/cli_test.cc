// The command line as a user meets it, on the real binaries: help of every
// binary and command, usage errors (exit code 64), what a command says
// when a service is down and how long it takes to say it, the address
// variables, health, tables, the JSON of every command, and what
// `dossier ingest` makes of JSON Lines of the wrong types and of files in
// other encodings.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "tests/support/cli_run.h"
#include "tests/support/cluster.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using testing::BinaryRun;
using testing::CliRun;
using testing::Field;
using ::testing::HasSubstr;
using testing::Items;
using ::testing::Not;
using testing::RunBinary;
using testing::Service;

BinaryRun Dossier(const testing::TempDir& dir, const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {}) {
  return RunBinary(dir, "dossier", args, env);
}

// Nothing listens on port 1 of loopback.
constexpr char kNowhere[] = "127.0.0.1:1";
// A well-formed document id that no store holds.
constexpr char kSomeId[] = "0123456789abcdef0123456789abcdef";

// --- Without services ---------------------------------------------------

TEST(CliHelpTest, EveryBinaryListsItsOwnFlagsWithDefaults) {
  testing::TempDir dir;
  // Each binary and a flag of its own that --help must show.
  const std::map<std::string, std::string> binaries = {{"dossier-ingest", "--max_outbox_documents"},
                                                       {"dossier-tagger", "--model"},
                                                       {"dossier-query", "--data_dir"},
                                                       {"dossier-train-ner", "--train"},
                                                       {"dossier-eval-ner", "--data"},
                                                       {"dossier-eval-quotes", "--annotators"},
                                                       {"dossier-eval-linking", "--kb"},
                                                       {"dossier-build-kb", "--wikidata"},
                                                       {"dossier-build-idf", "--min_df"},
                                                       {"dossier-bench-ner", "--corpus"},
                                                       {"dossier-bench-ingest", "--copies"},
                                                       {"dossier-bench-search", "--skip_xapian"},
                                                       {"dossier-drill", "--drill"}};
  for (const auto& [binary, flag] : binaries) {
    const BinaryRun run = RunBinary(dir, binary, {"--help"});
    const std::string help = run.out + run.err;
    EXPECT_EQ(run.exit_code, 0) << binary;
    EXPECT_THAT(help, HasSubstr(flag)) << binary;
    EXPECT_THAT(help, HasSubstr("default: ")) << binary;
    EXPECT_THAT(help, Not(HasSubstr("No flags matched"))) << binary;
    // Files are named from the source tree, never by where it was built.
    EXPECT_THAT(help, Not(HasSubstr(DOSSIER_SOURCE_TREE))) << binary;
    // Abseil's own flags are for --helpfull.
    EXPECT_THAT(help, Not(HasSubstr("--flagfile"))) << binary;
    EXPECT_THAT(RunBinary(dir, binary, {"--helpfull"}).out, Not(HasSubstr(DOSSIER_SOURCE_TREE)))
        << binary;
  }
}

TEST(CliHelpTest, EveryCommandHasHelpOfItsOwn) {
  testing::TempDir dir;
  const BinaryRun general = Dossier(dir, {"--help"});
  EXPECT_EQ(general.exit_code, 0);
  // Each command, the flags it must list, and one it must not.
  const std::map<std::string, std::vector<std::string>> commands = {
      {"ingest", {"--encoding", "--text_field", "--wait", "--ingest=HOST:PORT"}},
      {"get", {"--query=HOST:PORT"}},
      {"list", {"--page_size", "--from", "--all"}},
      {"status", {"--ingest=HOST:PORT"}},
      {"stories", {"--min_documents"}},
      {"story", {"--json"}},
      {"tag", {"--date", "--outlet", "--encoding", "--tagger=HOST:PORT"}},
      {"health", {"--wait", "--ingest=HOST:PORT", "--tagger=HOST:PORT", "--query=HOST:PORT"}},
      {"search", {"--order", "--facets", "--entity"}},
      {"entity", {"--type"}},
      {"entities", {"--type", "--page_size"}},
      {"timeline", {"--granularity"}},
      {"cooccur", {"--order"}},
      {"quotes", {"--speaker", "--about"}},
      {"watch", {"--watch_for"}},
      {"merge", {"--timeout"}},
      {"alias", {"--timeout"}},
      {"split", {"--timeout"}},
      {"unalias", {"--timeout"}},
      {"retype", {"--timeout"}},
      {"import-kb", {"--batch_size"}},
      {"delete", {"--ingest=HOST:PORT"}},
      {"export", {"--format", "--out", "--outlet", "--query=HOST:PORT"}},
      {"stats", {"--ingest=HOST:PORT", "--query=HOST:PORT"}}};
  for (const auto& [command, flags] : commands) {
    EXPECT_THAT(general.out, HasSubstr("\n  " + command + " ")) << command;
    const BinaryRun run = Dossier(dir, {command, "--help"});
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_THAT(run.out, HasSubstr("usage: dossier " + command)) << command;
    for (const std::string& flag : flags) {
      EXPECT_THAT(run.out, HasSubstr("  " + flag)) << command;
    }
    EXPECT_THAT(run.out, HasSubstr("default: ")) << command;
    EXPECT_EQ(Dossier(dir, {"help", command}).out, run.out) << command;
    // Each flag says what it means to this command, not which commands
    // share it.
    EXPECT_THAT(run.out, Not(HasSubstr("list, search"))) << command;
    EXPECT_THAT(run.out, Not(HasSubstr("ingest:"))) << command;
  }
  EXPECT_THAT(Dossier(dir, {"get", "--help"}).out, Not(HasSubstr("--facets")));
  // A flag several commands share says, in a command's help, what it means
  // there, without the other commands' meanings or names.
  const std::string cooccur = Dossier(dir, {"cooccur", "--help"}).out;
  EXPECT_THAT(cooccur, HasSubstr("count or npmi"));
  EXPECT_THAT(cooccur, Not(HasSubstr("relevance")));
  EXPECT_THAT(cooccur, HasSubstr("the co-occurring entities' types"));
  EXPECT_THAT(cooccur, Not(HasSubstr("the entity's type")));
  // A command that takes one type shows one; cooccur takes a list.
  EXPECT_THAT(Dossier(dir, {"entities", "--help"}).out, HasSubstr("--type=TYPE\n"));
  EXPECT_THAT(cooccur, HasSubstr("--type=A,B,...\n"));
  const std::string search = Dossier(dir, {"search", "--help"}).out;
  EXPECT_THAT(search, HasSubstr("relevance, newest or oldest"));
  EXPECT_THAT(search, Not(HasSubstr("npmi")));
  EXPECT_THAT(search, Not(HasSubstr("co-occurring")));
  EXPECT_THAT(Dossier(dir, {"health", "--help"}).out, HasSubstr("as long as it takes"));
  // The general help keeps every meaning.
  const std::string general_help = Dossier(dir, {"--help"}).out;
  EXPECT_THAT(general_help, HasSubstr("ingest: print JSON Lines"));
  EXPECT_THAT(general_help, HasSubstr("each call; ingest: the"));
}

TEST(CliUsageTest, MistakesSayWhatIsWrongInOneLineAndExit64) {
  testing::TempDir dir;
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"serch", "kosovo"}, "unknown command \"serch\"; did you mean \"search\"?"},
      {{}, "which command?"},
      {{"get"}, "dossier get: ID is missing"},
      {{"merge", "A"}, "dossier merge: B is missing"},
      {{"retype", "A", "planet"},
       "dossier retype: TYPE: \"planet\" is not an entity type (person, org or organisation, "
       "location or place, or misc)"},
      {{"ingest"}, "dossier ingest: PATH is missing"},
      {{"get", "a", "b"}, "unexpected argument \"b\""},
      {{"list", "--page_size=abc"}, "--page_size=abc is not valid: it takes a whole number"},
      {{"list", "--timeout=3"}, "it takes a duration such as"},
      {{"list", "--pagesize=3"}, "unknown flag --pagesize; did you mean --page_size?"},
      {{"entities", ""}, "dossier entities: the name needs a letter or digit"},
      // From the command's own flags (not export's --format), with its help.
      {{"search", "kosovo", "--form", "2022-01-01"},
       "dossier search: unknown flag --form; did you mean --from? (see `dossier search --help`)"},
      {{"stories", "--page_token"}, "--page_token needs a value"},
      {{"get", "x", "--facets"}, "--facets is not a flag of `dossier get`"},
      {{"search", "--entity="}, "--entity names nothing: give a value or leave the flag out"},
      {{"search", "x", "--from=2004", "--from", "2005"},
       "--from is given twice (\"2004\" and \"2005\"): give it once"},
      {{"search", "x", "--from=2004", "--from"}, "--from needs a value"},
      {{"tag", "x", "--outlet=A", "--outlet=B"}, "--outlet is given twice"},
      {{"watch", "--outlet", ""}, "--outlet names nothing"},
      {{"list", "--type= , "}, "--type names nothing"},
      {{"quotes", "--speaker="}, "--speaker names nothing"},
      {{"list", "--page_token"}, "--page_token needs a value"},
      {{"search", "x", "--from=2022-13"}, "dossier search: --from"},
      {{"timeline", "x", "--granularity=year"}, "dossier timeline: "},
      {{"list", "--timeout=0s"}, "--timeout must be longer than 0"},
      {{"ingest", "x", "--encoding=klingon"}, "--encoding=klingon: no such encoding"},
      {{"ingest", "x", "--received=yesterday"}, "not a day (YYYY-MM-DD) or an RFC 3339 time"},
      {{"ingest", "x", "--received=9999-12-31"}, "--received=9999-12-31 is in the future"},
      {{"help", "nothing"}, "no command \"nothing\""},
      {{"get", "nope"}, "ID must be \"documents/{id}\" or an id of 32 hex digits"},
      {{"delete", std::string(32, 'a'), "x"}, "ID must be"},
      {{"search", "x", "--query=nonsense"}, "--query=nonsense: no port (expected HOST:PORT"},
      {{"search", "x", "--query=nonsense:abc"}, "\"abc\" is not a port (1 to 65535)"},
      {{"list", "--query=localhost:70000"}, "\"70000\" is not a port"},
      {{"tag", "x", "--tagger=::1:50052"}, "an IPv6 address goes in brackets"}};
  for (const Case& c : cases) {
    const BinaryRun run = Dossier(dir, c.args);
    const std::string what = absl::StrJoin(c.args, " ");
    EXPECT_EQ(run.exit_code, 64) << what << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr(c.says)) << what;
    // One line, with the hint of where help is.
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << what << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr("--help")) << what;
    EXPECT_EQ(run.out, "") << what;
  }
}

// A credentials file the flags name that cannot be read is said so, by
// its flag, with exit 66 (an input that cannot be read), not later as a
// service that cannot be reached; one that holds no PEM is a usage error.
TEST(CliUsageTest, ACredentialsFileThatCannotBeReadIsNamedByItsFlag) {
  testing::TempDir dir;
  for (const std::string flag : {"--tls_ca", "--token_file"}) {
    const BinaryRun run =
        Dossier(dir, {"list", flag + "=" + dir.Sub("missing"), "--query", kNowhere});
    EXPECT_EQ(run.exit_code, 66) << flag << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr(flag + ": ")) << run.err;
    EXPECT_THAT(run.err, ::testing::Not(HasSubstr("cannot reach"))) << run.err;
  }
  const std::string not_pem = dir.Sub("not.pem");
  std::ofstream(not_pem) << "hello\n";
  const BinaryRun run = Dossier(dir, {"list", "--tls_ca=" + not_pem, "--query", kNowhere});
  EXPECT_EQ(run.exit_code, 64) << run.err;
  EXPECT_THAT(run.err, HasSubstr("holds no PEM block")) << run.err;
}

// The knowledge base's organisations and places: each line of a committed
// list is an organisation (or place) with its other names, and a name two
// lines give is refused, as it would join two organisations into one.
// A switch given twice is its last word, as in most tools: a script's
// "--json" can be overridden by "--nojson" after it.
TEST(CliUsageTest, ASwitchGivenTwiceIsItsLastWord) {
  testing::TempDir dir;
  const BinaryRun run = Dossier(dir, {"get", kSomeId, "--json", "--nojson", "--query", kNowhere});
  EXPECT_EQ(run.exit_code, 69) << run.err;
  EXPECT_THAT(run.err, HasSubstr("cannot reach the query service")) << run.err;
}

TEST(CliKnowledgeBaseTest, OrganisationsComeWithTheirOtherNamesAndNoNameTwice) {
  testing::TempDir dir;
  const std::string out = dir.Sub("kb.jsonl");
  BinaryRun run = RunBinary(dir, "dossier-build-kb", {"--out=" + out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("0 countries, "));
  const std::string kb = testing::ReadFile(out);
  EXPECT_THAT(kb, HasSubstr(R"({"name":"Conservative Party","aliases":["Conservatives",)"));
  EXPECT_THAT(kb, HasSubstr(R"("Tories")"));
  EXPECT_THAT(kb, HasSubstr(R"("type":"ENTITY_TYPE_ORGANIZATION")"));
  // The places of the committed list: the seeds' "Kosovo and Metohija" is
  // Kosovo.
  EXPECT_THAT(kb, HasSubstr(R"({"name":"Kosovo","aliases":["Kosovo and Metohija",)"));
  EXPECT_THAT(kb, HasSubstr(R"("type":"ENTITY_TYPE_LOCATION")"));
  // The states of the United States, but Georgia, the country's name too.
  EXPECT_THAT(kb, HasSubstr(R"({"name":"Virginia","aliases":["Commonwealth of Virginia"],)"));
  EXPECT_THAT(kb, HasSubstr(R"({"name":"Ohio","aliases":["State of Ohio"],)"));
  EXPECT_THAT(kb, Not(HasSubstr(R"("State of Georgia")")));
  // Places no country list gives, with the words for their people.
  EXPECT_THAT(kb, HasSubstr(R"({"name":"England","aliases":["English",)"));
  EXPECT_THAT(kb, HasSubstr(R"({"name":"Europe","aliases":["European","Europeans"],)"));
  // And the awards of the committed list of other names.
  EXPECT_THAT(kb, HasSubstr(R"({"name":"Oscars","aliases":["Oscar",)"));
  EXPECT_THAT(kb, HasSubstr(R"("type":"ENTITY_TYPE_MISC")"));
  run = RunBinary(dir, "dossier-build-kb", {"--places=off", "--misc=off", "--out=" + out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr(", 0 places and 0 other names written"));
  EXPECT_THAT(testing::ReadFile(out), Not(HasSubstr("Metohija")));
  EXPECT_THAT(testing::ReadFile(out), Not(HasSubstr("Oscars")));

  const std::string list = dir.Sub("orgs.txt");
  std::ofstream(list) << "# two parties\nLabour Party: Labour\n\nLabor Party: LABOUR\n";
  run = RunBinary(dir, "dossier-build-kb", {"--organisations=" + list, "--out=" + out});
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_THAT(run.err, HasSubstr("\"LABOUR\" names both Labour Party and Labor Party"));
  // A line whose other names are its own teaches nothing, and one that is
  // no "Name: others" line is said with its number; one with none gives
  // the tagger a name's type ("U2:").
  std::ofstream(list) << "FIFA: Fifa\n";
  run = RunBinary(dir, "dossier-build-kb", {"--organisations=" + list, "--out=" + out});
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_THAT(run.err, HasSubstr("FIFA has no other name"));
  std::ofstream(list) << "U2:\nGroup of Eight: G8\n";
  run = RunBinary(dir, "dossier-build-kb", {"--organisations=" + list, "--out=" + out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(testing::ReadFile(out),
              HasSubstr(R"({"name":"U2","type":"ENTITY_TYPE_ORGANIZATION"})"));
  std::ofstream(list) << "Labour Party: Labour\r\n  # a comment: indented\nLabour\n";
  run = RunBinary(dir, "dossier-build-kb", {"--organisations=" + list, "--out=" + out});
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_THAT(run.err, HasSubstr("orgs.txt:3: expected \"Name: other, other\""));
  // The countries from the shared data: Brazil is "Brasil", never its
  // capital "Brasilia" (Brazil's name in Finnish and Latin), and Colombia
  // is never "Columbia" (a city of the United States). One word of another
  // language in the Latin script is no name either: "Take" (Turkey in
  // Samoan), "Celts" (Ireland in Zulu); several words are ("Palestinian
  // territories", in Tagalog), and so are names in other scripts ("БиГ").
  run = RunBinary(dir, "dossier-build-kb",
                  {"--wikidata=" + testing::SharedDir() + "/data/wikidata/country_aliases.csv",
                   "--geonames=" + testing::SharedDir() + "/data/geonames", "--out=" + out});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("left out: the names of cities"));
  const std::string countries = testing::ReadFile(out);
  // The list of aliases of an entity's line, without its ids.
  const auto aliases_of = [](absl::string_view line) {
    const size_t begin = line.find(R"("aliases":[)");
    return begin == absl::string_view::npos ? absl::string_view()
                                            : line.substr(begin, line.find(']', begin) - begin + 1);
  };
  int seen = 0;
  for (const absl::string_view line : absl::StrSplit(countries, '\n')) {
    if (absl::StartsWith(line, R"({"name":"Brazil")")) {
      ++seen;
      EXPECT_THAT(line, HasSubstr(R"("Brasil")"));
      EXPECT_THAT(line, Not(HasSubstr(R"("Brasilia")")));
    }
    if (absl::StartsWith(line, R"({"name":"Colombia")")) {
      ++seen;
      EXPECT_THAT(line, Not(HasSubstr(R"("Columbia")")));
    }
    if (absl::StartsWith(line, R"({"name":"Turkey")")) {
      ++seen;
      EXPECT_THAT(line, Not(HasSubstr(R"("Take")")));
      EXPECT_THAT(line, HasSubstr(R"("Turks")"));
    }
    if (absl::StartsWith(line, R"({"name":"Ireland")")) {
      ++seen;
      EXPECT_THAT(line, Not(HasSubstr(R"("Celts")")));
      // Two letters are a code or a word ("IE", the browser), but for
      // "US" and "UK".
      EXPECT_THAT(aliases_of(line), Not(HasSubstr(R"("IE")")));
    }
    if (absl::StartsWith(line, R"({"name":"India")")) {
      ++seen;
      EXPECT_THAT(aliases_of(line), Not(HasSubstr(R"("IN")")));
    }
    if (absl::StartsWith(line, R"({"name":"United States")")) {
      ++seen;
      EXPECT_THAT(aliases_of(line), HasSubstr(R"("US")"));
    }
    // Words in small letters are a description ("metropolis of
    // antiquity", in Czech), not a name.
    if (absl::StartsWith(line, R"({"name":"Syria")")) {
      ++seen;
      EXPECT_THAT(line, Not(HasSubstr("metropole")));
    }
    if (absl::StartsWith(line, R"({"name":"Palestinian Territory")")) {
      ++seen;
      EXPECT_THAT(line, HasSubstr(R"("Palestinian territories")"));
    }
    if (absl::StartsWith(line, R"({"name":"Bosnia and Herzegovina")")) {
      ++seen;
      EXPECT_THAT(line, HasSubstr("\"\xd0\x91\xd0\xb8\xd0\x93\""));  // "БиГ"
    }
    // A listed place that GeoNames has as a country Wikidata gives no
    // names has its ids: Kosovo, XK.
    if (absl::StartsWith(line, R"({"name":"Kosovo")")) {
      ++seen;
      EXPECT_THAT(line, HasSubstr(R"("iso3166":"XK")"));
      EXPECT_THAT(line, HasSubstr(R"("geonames":"831053")"));
    }
  }
  EXPECT_EQ(seen, 10);
  EXPECT_THAT(run.err, HasSubstr("aliases of two letters left out"));
  EXPECT_THAT(run.err, HasSubstr("aliases of one word in other languages than English left out"));
  EXPECT_THAT(run.err, HasSubstr("aliases in small letters of the Latin script left out"));
  // Countries need both of their sources.
  run = RunBinary(dir, "dossier-build-kb", {"--wikidata=x.csv", "--out=" + out});
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_THAT(run.err, HasSubstr("--wikidata and --geonames go together"));
}

TEST(CliUnreachableTest, ADownServiceIsNamedWithItsAddressAndWhatStartsIt) {
  testing::TempDir dir;
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"get", kSomeId, "--query", kNowhere}, "the query service"},
      {{"search", "kosovo", "--query", kNowhere}, "the query service"},
      {{"status", kSomeId, "--ingest", kNowhere}, "the ingest service"},
      {{"tag", "Sergei Lavrov", "--tagger", kNowhere}, "the tagger"},
      {{"merge", "A", "B", "--query", kNowhere}, "the query service"},
      {{"watch", "--query", kNowhere}, "the query service"}};
  for (const auto& [args, service] : cases) {
    const BinaryRun run = Dossier(dir, args);
    EXPECT_EQ(run.exit_code, 69) << args[0] << "\n" << run.err;
    EXPECT_THAT(run.err, HasSubstr(absl::StrCat("cannot reach ", service, " at ", kNowhere,
                                                " — is `tools/up` running?")))
        << args[0];
    EXPECT_THAT(run.err, Not(HasSubstr("connections to all backends"))) << args[0];
  }
}

TEST(CliUnreachableTest, IngestGivesUpAfterTimeout) {
  testing::TempDir dir;
  const BinaryRun run = Dossier(
      dir, {"ingest", testing::SharedDir() + "/seeds", "--timeout=3s", "--ingest", kNowhere});
  EXPECT_EQ(run.exit_code, 69) << run.err;
  EXPECT_THAT(run.err, HasSubstr("cannot reach the ingest service at 127.0.0.1:1"));
  // What went in before it gave up, and that sending again is safe.
  EXPECT_THAT(run.err, HasSubstr("before it stopped, of 5 sources: 0 accepted, 0 duplicates, 0 "
                                 "rejected; 5 without an answer"));
  EXPECT_THAT(run.err, HasSubstr("again is safe"));
  EXPECT_GE(run.took, absl::Seconds(2)) << "an outage is waited out for --timeout";
  EXPECT_LT(run.took, absl::Seconds(8));
}

TEST(CliUnreachableTest, EnvironmentGivesAddressesAndFlagsOverrideIt) {
  testing::TempDir dir;
  BinaryRun run = Dossier(dir, {"get", kSomeId}, {{"DOSSIER_QUERY", "127.0.0.1:2"}});
  EXPECT_THAT(run.err, HasSubstr("at 127.0.0.1:2 "));
  run = Dossier(dir, {"get", kSomeId, "--query=127.0.0.1:3"}, {{"DOSSIER_QUERY", "127.0.0.1:2"}});
  EXPECT_THAT(run.err, HasSubstr("at 127.0.0.1:3 "));
  run = Dossier(dir, {"status", kSomeId}, {{"DOSSIER_INGEST", "127.0.0.1:4"}});
  EXPECT_THAT(run.err, HasSubstr("at 127.0.0.1:4 "));
  run = Dossier(dir, {"tag", "x"}, {{"DOSSIER_TAGGER", "127.0.0.1:5"}});
  EXPECT_THAT(run.err, HasSubstr("at 127.0.0.1:5 "));
  // Help says what the variable set.
  run = Dossier(dir, {"get", "--help"}, {{"DOSSIER_QUERY", "127.0.0.1:2"}});
  EXPECT_THAT(run.out, HasSubstr("$DOSSIER_QUERY sets it: \"127.0.0.1:2\""));
  // A mistyped address from the environment is named as the variable's; a
  // command is not refused for the address of a service it does not call.
  run = Dossier(dir, {"get", kSomeId}, {{"DOSSIER_QUERY", "query:abc"}});
  EXPECT_EQ(run.exit_code, 64) << run.err;
  EXPECT_THAT(run.err, HasSubstr("$DOSSIER_QUERY=query:abc: \"abc\" is not a port (1 to 65535) "
                                 "(expected HOST:PORT, as 127.0.0.1:50053)"));
  run = Dossier(dir, {"get", kSomeId, "--query=127.0.0.1:3"},
                {{"DOSSIER_INGEST", "ingest"}, {"DOSSIER_TAGGER", "http://tagger:50052"}});
  EXPECT_EQ(run.exit_code, 69) << run.err;
  EXPECT_THAT(run.err, HasSubstr("at 127.0.0.1:3 "));
}

// --- With the services ---------------------------------------------------

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    cluster_ = new testing::Cluster(dir_->path());
    ASSERT_TRUE(cluster_->StartAll().ok());
    // The seeds, once for every test here.
    const CliRun run = testing::RunCli(*dir_, Cli({"ingest", testing::SharedDir() + "/seeds"}));
    ASSERT_EQ(run.exit_code, 0) << run.log;
    seeds_ = new std::map<std::string, std::string>(testing::IdsBySource(run));
    ASSERT_TRUE(
        testing::WaitUntil([] { return cluster_->DocumentCount() >= 5; }, absl::Seconds(60)));
  }
  static void TearDownTestSuite() {
    delete seeds_;
    delete cluster_;
    delete dir_;
  }

  static std::vector<std::string> Cli(std::vector<std::string> args) {
    return cluster_->WithCliFlags(std::move(args));
  }

  // The story of the seed whose file name starts with `prefix`, as `get`
  // says it.
  static std::string StoryOfSeed(const std::string& prefix) {
    const CliRun run = testing::RunCli(*dir_, Cli({"get", seeds_->at(prefix)}));
    return Field(Field(run.json, "document").struct_value(), "storyId").string_value();
  }

  static testing::TempDir* dir_;
  static testing::Cluster* cluster_;
  static std::map<std::string, std::string>* seeds_;
};

testing::TempDir* CliTest::dir_ = nullptr;
testing::Cluster* CliTest::cluster_ = nullptr;
std::map<std::string, std::string>* CliTest::seeds_ = nullptr;

TEST_F(CliTest, HealthAnswersWithoutWaitingAndInJson) {
  BinaryRun run = Dossier(*dir_, Cli({"health"}));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::vector<std::string> lines = absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u) << run.out;
  EXPECT_THAT(lines[0], HasSubstr("SERVICE"));
  for (int i = 1; i < 4; ++i) EXPECT_THAT(lines[i], HasSubstr("SERVING")) << lines[i];

  const CliRun json = testing::RunCli(*dir_, Cli({"health"}));
  EXPECT_EQ(json.exit_code, 0);
  const auto services = Items(json.json, "services");
  ASSERT_EQ(services.size(), 3u) << json.output;
  for (const auto& s : services) {
    EXPECT_EQ(Field(s, "status").string_value(), "SERVING") << json.output;
  }

  // The addresses from the environment alone.
  run = Dossier(*dir_, {"health"},
                {{"DOSSIER_INGEST", cluster_->address(Service::kIngest)},
                 {"DOSSIER_TAGGER", cluster_->address(Service::kTagger)},
                 {"DOSSIER_QUERY", cluster_->address(Service::kQuery)}});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;

  // One service down: it is named, and health fails as unreachable (69),
  // with --wait too once the wait is over.
  for (const char* wait : {"--wait=0s", "--wait=1s"}) {
    run = Dossier(*dir_, {"health", wait, "--query", kNowhere, "--ingest",
                          cluster_->address(Service::kIngest), "--tagger",
                          cluster_->address(Service::kTagger)});
    EXPECT_EQ(run.exit_code, 69) << wait;
    EXPECT_THAT(run.out, HasSubstr("cannot reach the query service at 127.0.0.1:1")) << wait;
  }
}

TEST_F(CliTest, TablesHaveHeadersAndCountsTheirPlurals) {
  BinaryRun run = Dossier(*dir_, Cli({"list"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(absl::StartsWith(run.out, "ID ")) << run.out;
  EXPECT_THAT(run.out, HasSubstr("TITLE"));
  EXPECT_THAT(run.out, HasSubstr("(5 of 5 documents)"));
  run = Dossier(*dir_, Cli({"list", "--outlet", "TASS"}));
  EXPECT_THAT(run.out, HasSubstr("(1 of 1 document)")) << run.out;
  // Seed 000 has no title: its first sentence past the dateline stands in,
  // in a list as in its story.
  const std::string kFirstWords = "  The goal of Washington and Brussels in relation to";
  run = Dossier(*dir_, Cli({"list"}));
  EXPECT_THAT(run.out, ::testing::ContainsRegex(seeds_->at("000") + " .*" + kFirstWords))
      << run.out;
  const CliRun got = testing::RunCli(*dir_, Cli({"get", seeds_->at("000")}));
  ASSERT_EQ(got.exit_code, 0) << got.log;
  // --json prints the response: the document is its field.
  const google::protobuf::Struct document = Field(got.json, "document").struct_value();
  EXPECT_TRUE(absl::StartsWith(Field(document, "headline").string_value(), kFirstWords.substr(2)))
      << got.output;
  // Its story is named by whichever of 000 and 001 was indexed first.
  const std::string story = Field(document, "storyId").string_value();
  ASSERT_FALSE(story.empty()) << got.output;
  run = Dossier(*dir_, Cli({"story", story}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ::testing::ContainsRegex("\n  " + seeds_->at("000") + " .*" + kFirstWords))
      << run.out;

  run = Dossier(*dir_, Cli({"stories", "--min_documents=1"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(absl::StartsWith(run.out, "ID ")) << run.out;
  EXPECT_THAT(run.out, HasSubstr("DOCUMENTS"));
  EXPECT_THAT(run.out, Not(HasSubstr("docs")));
  // --all pages through every story: one page of one, then the rest.
  run = Dossier(*dir_, Cli({"stories", "--min_documents=1", "--page_size=1"}));
  EXPECT_THAT(run.out, HasSubstr("next page: the same command with --page_token=")) << run.out;
  const BinaryRun all =
      Dossier(*dir_, Cli({"stories", "--min_documents=1", "--page_size=1", "--all"}));
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, Not(HasSubstr("next page"))) << all.out;
  const std::vector<std::string> rows = absl::StrSplit(all.out, '\n', absl::SkipEmpty());
  // The header, a row per story, the count, and the footnote of the dates
  // marked undated: seed 004's story has only the day it was accepted.
  ASSERT_GE(rows.size(), 5u) << all.out;
  EXPECT_EQ(rows[rows.size() - 2], absl::StrCat("(", rows.size() - 3, " stories)")) << all.out;
  EXPECT_THAT(rows.back(), HasSubstr("* undated")) << all.out;
  EXPECT_THAT(all.out, ::testing::ContainsRegex(seeds_->at("004") +
                                                "  [0-9]{4}-[0-9]{2}-[0-9]{2}\\* +[0-9-]+\\* "))
      << all.out;
  EXPECT_THAT(all.out, ::testing::ContainsRegex(seeds_->at("003") + "  2022-08-01  +2022-08-01  "))
      << all.out;

  run = Dossier(*dir_, Cli({"health"}));
  EXPECT_TRUE(absl::StartsWith(run.out, "SERVICE ")) << run.out;
  run = Dossier(*dir_, Cli({"entities", "Zak"}));
  EXPECT_TRUE(absl::StartsWith(run.out, "NAME ")) << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("more entities"))) << run.out;
  // A list cut at its page size says so.
  run = Dossier(*dir_, Cli({"entities", "s", "--page_size=1"}));
  EXPECT_THAT(run.out, HasSubstr("more entities start with \"s\" than these 1: a longer prefix "
                                 "or --type narrows them"))
      << run.out;
  // With a type, an empty answer names the type it was narrowed to.
  run = Dossier(*dir_, Cli({"entities", "Zak", "--type=location"}));
  EXPECT_EQ(run.out, "no LOCATION entity's name starts with \"Zak\" (--type=location)\n");
  run = Dossier(*dir_, Cli({"search", "Vucic"}));
  EXPECT_THAT(run.out, HasSubstr("1 document matches")) << run.out;
  // Words of quotes that are a speaker's name: how to ask for the speaker.
  run = Dossier(*dir_, Cli({"quotes", "Zorana Mihajlovic"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("0 quotes\n\"Zorana Mihajlovic\" is an entity (PERSON); its "
                                 "quotes: dossier quotes --speaker \"Zorana Mihajlovic\""))
      << run.out;
  run = Dossier(*dir_, Cli({"quotes", "--speaker", "Zorana Mihajlovic"}));
  EXPECT_THAT(run.out, HasSubstr("1 quote\n")) << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("is an entity"))) << run.out;
  // `get` prints reported speech as reported, not in quotation marks.
  run = Dossier(*dir_, Cli({"get", seeds_->at("004")}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ::testing::ContainsRegex(
                           "quote +Alexander Botsan[- ]Kharchenko said \\(reported\\): The "
                           "pressure on Serbia will increase"))
      << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("\"The pressure on Serbia"))) << run.out;
  // A facet with no value says so: seed 001, the one dated seed that
  // writes "backdrop", names no outlet.
  run = Dossier(*dir_, Cli({"search", "backdrop", "--facets", "--to=2023-12-31"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("1 document matches")) << run.out;
  EXPECT_THAT(run.out, HasSubstr("outlets\n  (none: no matching document has an outlet)\n"))
      << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("dates\n  (none"))) << run.out;
  // Nothing in the dates asked for: where the words match instead, and why
  // an archive may sit at the day it was ingested.
  run = Dossier(*dir_, Cli({"search", "backdrop", "--from=2030-01-01"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // (Seed 001, dated, and an undated one, dated the day it was accepted.)
  EXPECT_THAT(run.out, ::testing::ContainsRegex("0 documents match\n\\(2 documents match at "
                                                "other dates, from 2023-02-13 to "
                                                "[0-9]{4}-[0-9]{2}-[0-9]{2}\\*\\)\n"))
      << run.out;
  EXPECT_THAT(run.out, HasSubstr("* undated: the day it was received")) << run.out;
  run = Dossier(*dir_, Cli({"search", "zzyzx", "--from=2030-01-01"}));
  EXPECT_EQ(run.out, "0 documents match\n") << run.out;
  run = Dossier(*dir_,
                Cli({"timeline", "Zorana Mihajlovic", "--from=2030-01-01", "--to=2030-01-02"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("none of its 1 document is dated in this range")) << run.err;
  // Symbols alone are no query for every document; an empty text is a
  // usage error. So is what the service refuses: the same exit code and
  // hint whichever side checked.
  run = Dossier(*dir_, Cli({"search", "\xc2\xa3"}));
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_THAT(run.err, HasSubstr("has no word to search for")) << run.err;
  EXPECT_THAT(run.err, HasSubstr("(INVALID_ARGUMENT; see `dossier search --help`)\n")) << run.err;
  run = Dossier(*dir_, Cli({"stories", "--min_documents=-1"}));
  EXPECT_EQ(run.exit_code, 64) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
  EXPECT_THAT(run.err, HasSubstr("see `dossier stories --help`")) << run.err;
  // Not a page token the service issued, or not a story's name: what was
  // typed, so a usage error too.
  run = Dossier(*dir_, Cli({"list", "--page_token=garbage"}));
  EXPECT_EQ(run.exit_code, 64) << run.err;
  EXPECT_THAT(run.err, HasSubstr("(INVALID_ARGUMENT; see `dossier list --help`)\n")) << run.err;
  run = Dossier(*dir_, Cli({"story", "nonsense"}));
  EXPECT_EQ(run.exit_code, 64) << run.err;
  EXPECT_THAT(run.err, HasSubstr("(INVALID_ARGUMENT; see `dossier story --help`)\n")) << run.err;
  run = Dossier(*dir_, Cli({"tag", ""}));
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_THAT(run.err, HasSubstr("the text is empty")) << run.err;
  // A text with no name says so.
  run = Dossier(*dir_, Cli({"tag", "the cat sat on the mat."}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "(no names found)\n") << run.err;
  // Latin-1 (one BBC article is): not sent, which protobuf would refuse,
  // but said, with the flag that converts it.
  const std::string latin1 = "Sergei Lavrov met Aleksandar Vu\xe8i\xe6 at the Caf\xe9 Royal.";
  run = Dossier(*dir_, Cli({"tag", latin1}));
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_THAT(run.err, HasSubstr("the text is not UTF-8 (byte 31): --encoding=auto")) << run.err;
  run = Dossier(*dir_, Cli({"tag", latin1, "--encoding=windows-1250"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Aleksandar Vu\xc4\x8di\xc4\x87")) << run.out;
  // Any other argument that is not UTF-8 (a Latin-1 terminal) is a usage
  // error naming the field, however deep, not a request protobuf refuses.
  run = Dossier(*dir_, Cli({"entity", "Vu\xe8i\xe6"}));
  EXPECT_EQ(run.exit_code, 64) << run.err;
  EXPECT_THAT(run.err, HasSubstr("dossier entity: name is not UTF-8 (byte 2)")) << run.err;
  run = Dossier(*dir_, Cli({"search", "Kosovo", "--entity=Vu\xe8i\xe6"}));
  EXPECT_EQ(run.exit_code, 64) << run.err;
  EXPECT_THAT(run.err, HasSubstr("filter.entities is not UTF-8 (byte 2)")) << run.err;
  // A seed without a publish date says which day it counts on, and why;
  // a dated one says when it was published. Seeds 000 and 001 carry a
  // date line; 004 has none.
  run = Dossier(*dir_, Cli({"get", seeds_->at("000")}));
  EXPECT_THAT(run.out, HasSubstr("\n  published  2023-02-13")) << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("  dated "))) << run.out;
  run = Dossier(*dir_, Cli({"get", seeds_->at("004")}));
  EXPECT_THAT(run.out, Not(HasSubstr("  published "))) << run.out;
  EXPECT_THAT(run.out, ::testing::ContainsRegex(
                           "\n  dated      [0-9]{4}-[0-9]{2}-[0-9]{2}  \\(no publish date: "
                           "the UTC day it was accepted\\)\n"))
      << run.out;
  // Its dates without a year were reckoned from that day, and say so;
  // a dated seed's are not marked.
  run = Dossier(*dir_, Cli({"get", seeds_->at("002")}));
  EXPECT_THAT(run.out, ::testing::ContainsRegex("\n  date       \"last week\" = [0-9W-]+\\*\n"))
      << run.out;
  EXPECT_THAT(run.out, HasSubstr("\n  * reckoned from the day it was accepted: the document gives "
                                 "no date of its own\n"))
      << run.out;
  run = Dossier(*dir_, Cli({"get", seeds_->at("000")}));
  EXPECT_THAT(run.out, Not(HasSubstr("reckoned from"))) << run.out;
  // A document that went through at the first try: no "attempts 0".
  run = Dossier(*dir_, Cli({"status", seeds_->at("000")}));
  EXPECT_EQ(run.out, "documents/" + seeds_->at("000") + "  INDEXED\n") << run.err;
  // The ambassador's last day is seed 004's, which has no date: marked.
  run = Dossier(*dir_, Cli({"entity", "Botsan Kharchenko"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ::testing::ContainsRegex("\n  last seen   [0-9]{4}-[0-9]{2}-[0-9]{2}\\*\n"))
      << run.out;
  EXPECT_THAT(run.out, HasSubstr("\n  * undated: the day its documents were received")) << run.out;
  // A title picks the person who holds the office, and the answer says how
  // it read the name; a title no document gives the person is said so.
  run = Dossier(*dir_, Cli({"entity", "Foreign Minister Lavrov"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out,
              ::testing::StartsWith("Foreign Minister Lavrov \xe2\x86\x92 Sergei Lavrov\n"))
      << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("read by the name alone"))) << run.out;
  run = Dossier(*dir_, Cli({"entity", "Senator Lavrov"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Senator Lavrov \xe2\x86\x92 Sergei Lavrov\n  (no document gives "
                                 "Sergei Lavrov a role of senator: read by the name alone)\n"))
      << run.out;
  // A name that names nothing: the entities it may have meant.
  run = Dossier(*dir_, Cli({"entity", "Zakharovva"}));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.err, HasSubstr("did you mean: Maria Zakharova (PERSON")) << run.err;
  // And so do the other commands about one entity.
  for (const char* command : {"timeline", "cooccur"}) {
    run = Dossier(*dir_, Cli({command, "Zakharovva"}));
    EXPECT_EQ(run.exit_code, 3) << command;
    EXPECT_THAT(run.err, HasSubstr("did you mean: Maria Zakharova (PERSON")) << command << run.err;
  }
  // So does a filter's name: nothing can match it, and the command says
  // so, suggests, and exits 3 as `entity` does; a known name exits 0.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"search", "--entity", "Zakharovva"},
        std::vector<std::string>{"list", "--entity", "Zakharovva"},
        std::vector<std::string>{"quotes", "--speaker", "Zakharovva"},
        std::vector<std::string>{"quotes", "--speaker", "Zakharovva", "--json"}}) {
    run = Dossier(*dir_, Cli(args));
    EXPECT_EQ(run.exit_code, 3) << args[0] << "\n" << run.out << run.err;
    if (args.back() != "--json") {
      EXPECT_THAT(run.out, HasSubstr("Zakharovva → no entity of that name")) << run.out;
      EXPECT_THAT(run.err, HasSubstr("did you mean: Maria Zakharova (PERSON")) << run.err;
    }
  }
  // An outlet no document has lets nothing through either: said, with
  // the outlets that share a word with it, exit 3; a leading "the" is no
  // mistake.
  for (const char* command : {"list", "search", "export", "quotes", "stories"}) {
    run = Dossier(*dir_, Cli({command, "--outlet", "RIA Novosty"}));
    EXPECT_EQ(run.exit_code, 3) << command << "\n" << run.out << run.err;
    EXPECT_THAT(run.err, HasSubstr("no document is from an outlet named \"RIA Novosty\"; did you "
                                   "mean \"RIA Novosti\""))
        << command << "\n"
        << run.err;
  }
  // So do the commands about one entity, which then counted nothing.
  for (const char* command : {"timeline", "cooccur"}) {
    run = Dossier(*dir_, Cli({command, "Maria Zakharova", "--outlet", "RIA Novosty"}));
    EXPECT_EQ(run.exit_code, 3) << command << "\n" << run.out << run.err;
    EXPECT_THAT(run.err, HasSubstr("no document is from an outlet named \"RIA Novosty\""))
        << command << "\n"
        << run.err;
  }
  run = Dossier(*dir_, Cli({"list", "--outlet", "The RIA Novosti"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("(2 of 2 documents)")) << run.out;
  run = Dossier(*dir_, Cli({"quotes", "--speaker", "Maria Zakharova"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  // The design's first question: what Zakharova said about Kosovo in
  // February 2023, which seed 000 reports "according to her".
  run = Dossier(*dir_, Cli({"quotes", "--speaker", "Zakharova", "--about", "Kosovo", "--from",
                            "2023-02-01", "--to", "2023-02-28"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("according to Maria Zakharova (reported): Moscow supports "
                                 "Belgrade, which defends independence"))
      << run.out;
  // One role under its two spellings: "Russia's ambassador to Serbia"
  // (seed 003) and "Russian ambassador to Serbia" (seed 004).
  run = Dossier(*dir_, Cli({"entity", "Botsan-Kharchenko"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("ambassador to Serbia (2 documents")) << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("\xe2\x80\x99s ambassador"))) << run.out;
  // A filter given twice is both, as with a comma: Zakharova and Kosovo are
  // in one seed together, Kosovo in three.
  const BinaryRun repeated =
      Dossier(*dir_, Cli({"search", "--entity", "Maria Zakharova", "--entity", "Kosovo"}));
  const BinaryRun comma = Dossier(*dir_, Cli({"search", "--entity", "Maria Zakharova,Kosovo"}));
  const BinaryRun last = Dossier(*dir_, Cli({"search", "--entity", "Kosovo"}));
  EXPECT_EQ(repeated.exit_code, 0) << repeated.err;
  EXPECT_EQ(repeated.out, comma.out);
  EXPECT_THAT(repeated.out, HasSubstr("1 document")) << repeated.out;
  EXPECT_THAT(last.out, HasSubstr("3 documents match")) << last.out;
  // An entity found by an alias that its name does not show (a knowledge
  // base's name in another language) is no suggestion: it would read as
  // nonsense.
  run = Dossier(*dir_, Cli({"alias", "Maria Zakharova", "Qwertyville"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Dossier(*dir_, Cli({"entity", "Qwertyz"}));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.err, Not(HasSubstr("did you mean"))) << run.err;
  run = Dossier(*dir_, Cli({"unalias", "Maria Zakharova", "Qwertyville"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

// Ingest passes each document's outlet to the tagger, so the outlet's name
// in the text is an organisation: seed 000's dateline agency ("MOSCOW,
// February 13 – RIA Novosti."), which the model alone reads as a person,
// and "Novosti" in seed 004, whose source line is "Vecernje novosti".
// `dossier tag --outlet` passes it as ingest does.
TEST_F(CliTest, AnOutletNamedInItsOwnTextIsAnOrganisation) {
  for (const char* name : {"RIA Novosti", "Novosti"}) {
    const CliRun run = testing::RunCli(*dir_, Cli({"entity", name}));
    ASSERT_EQ(run.exit_code, 0) << name << "\n" << run.log;
    EXPECT_EQ(Field(Field(run.json, "entity").struct_value(), "type").string_value(),
              "ENTITY_TYPE_ORGANIZATION")
        << name;
  }
  const std::string dateline = "MOSCOW, February 13 \xe2\x80\x93 RIA Novosti. The goal is clear.";
  BinaryRun run = Dossier(*dir_, Cli({"tag", dateline}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, Not(HasSubstr("ORG       RIA Novosti"))) << run.out;
  run = Dossier(*dir_, Cli({"tag", dateline, "--outlet", "RIA Novosti"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("ORG       RIA Novosti")) << run.out;
}

// Keys of the protobuf JSON mapping are lowerCamelCase.
void ExpectCamelCase(const google::protobuf::Struct& object, const std::string& what) {
  for (const auto& [key, value] : object.fields()) {
    EXPECT_FALSE(absl::StrContains(key, "_")) << what << ": " << key;
    if (value.has_struct_value() && !absl::StartsWith(key, "@")) {
      ExpectCamelCase(value.struct_value(), what);
    }
  }
}

TEST_F(CliTest, JsonIsTheProtobufMappingOnEveryCommand) {
  const std::string id = seeds_->at("000");
  const std::string story = [&] {
    const CliRun get = testing::RunCli(*dir_, Cli({"get", id}));
    return Field(Field(get.json, "document").struct_value(), "storyId").string_value();
  }();
  ASSERT_FALSE(story.empty());
  // Each command and a field its response must have.
  const std::vector<std::pair<std::vector<std::string>, std::string>> commands = {
      {{"get", id}, "document"},
      {{"list"}, "totalSize"},
      {{"list", "--all", "--page_size=2"}, "documents"},
      {{"status", id}, "documentId"},
      {{"stories", "--min_documents=1"}, "stories"},
      {{"story", story}, "documents"},
      {{"tag", "Sergei Lavrov met Aleksandar Vucic in Belgrade."}, "annotations"},
      {{"health"}, "services"},
      {{"search", "kosovo", "--facets"}, "totalSize"},
      {{"entity", "Zakharova"}, "entity"},
      {{"entities", "Zak"}, "entities"},
      {{"timeline", "Zakharova"}, "buckets"},
      {{"cooccur", "Zakharova"}, "entitiesTogether"},
      {{"quotes", "--speaker", "Zakharova"}, "quotes"},
  };
  for (const auto& [args, field] : commands) {
    const CliRun run = testing::RunCli(*dir_, Cli(args));
    const std::string what = absl::StrJoin(args, " ");
    EXPECT_EQ(run.exit_code, 0) << what << "\n" << run.log;
    EXPECT_TRUE(run.lines.empty()) << what << ": one JSON object";
    EXPECT_TRUE(run.json.fields().contains(field)) << what << "\n" << run.output.substr(0, 500);
    ExpectCamelCase(run.json, what);
  }
  // --all gives every page as one response.
  const CliRun all = testing::RunCli(*dir_, Cli({"list", "--all", "--page_size=2"}));
  EXPECT_EQ(Items(all.json, "documents").size(), 5u);
}

// A search pages as a listing does: a page and the token of the next, or
// with --all every match once; in JSON, one response holding them all.
TEST_F(CliTest, SearchAllPrintsEveryMatchOnce) {
  // "Kosovo": seeds 000, 003 and 004 write it, 001 and 002 do not.
  BinaryRun page = Dossier(*dir_, Cli({"search", "Kosovo", "--page_size=1"}));
  ASSERT_EQ(page.exit_code, 0) << page.err;
  EXPECT_THAT(page.out, HasSubstr("3 documents match")) << page.out;
  EXPECT_THAT(page.out, HasSubstr("next page: the same command with --page_token=")) << page.out;
  BinaryRun all = Dossier(*dir_, Cli({"search", "Kosovo", "--page_size=1", "--all", "--facets"}));
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, Not(HasSubstr("next page"))) << all.out;
  EXPECT_THAT(all.out, HasSubstr("\n(3 of 3 documents)\n")) << all.out;
  // The facets, counted over every match, once.
  ASSERT_NE(all.out.find("top entities"), std::string::npos) << all.out;
  EXPECT_EQ(all.out.find("top entities"), all.out.rfind("top entities")) << all.out;
  EXPECT_THAT(all.out, ::testing::ContainsRegex("\n  LOCATION +3\n")) << all.out;
  for (const char* seed : {"000", "003", "004"}) {
    const std::string& id = seeds_->at(seed);
    EXPECT_NE(all.out.find("  " + id + "  score "), std::string::npos) << seed << all.out;
    EXPECT_EQ(all.out.find(id), all.out.rfind(id)) << seed << " twice\n" << all.out;
  }
  for (const char* seed : {"001", "002"}) {
    EXPECT_EQ(all.out.find(seeds_->at(seed)), std::string::npos) << seed << all.out;
  }

  const CliRun json =
      testing::RunCli(*dir_, Cli({"search", "Kosovo", "--page_size=1", "--all", "--facets"}));
  ASSERT_EQ(json.exit_code, 0) << json.log;
  EXPECT_EQ(Items(json.json, "hits").size(), 3u) << json.output;
  // The first page's facets, which count every match, survive the merge.
  const auto outlets = Items(Field(json.json, "facets").struct_value(), "outlets");
  EXPECT_EQ(outlets.size(), 3u) << json.output;
  // Every field is printed, a default too: the merged pages have no next.
  ASSERT_TRUE(json.json.fields().contains("nextPageToken")) << json.output;
  EXPECT_EQ(Field(json.json, "nextPageToken").string_value(), "") << json.output;
  // A search that matches nothing says so with a count, not by leaving it
  // out (int64 is a string in the mapping).
  const CliRun none = testing::RunCli(*dir_, Cli({"search", "zzyzxnothing"}));
  ASSERT_EQ(none.exit_code, 0) << none.log;
  EXPECT_EQ(Field(none.json, "totalSize").string_value(), "0") << none.output;
  EXPECT_EQ(Items(none.json, "hits").size(), 0u) << none.output;
}

// `stories` takes list's filter: the stories with a document that passes
// it, each whole; a name that matches nothing is said, as list says it.
TEST_F(CliTest, StoriesOfAnEntity) {
  const std::string story = StoryOfSeed("000");
  ASSERT_FALSE(story.empty());
  const CliRun run =
      testing::RunCli(*dir_, Cli({"stories", "--entity", "Maria Zakharova", "--min_documents=1"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  const auto& stories = Field(run.json, "stories").list_value().values();
  ASSERT_EQ(stories.size(), 1) << run.output;
  EXPECT_EQ(Field(stories[0].struct_value(), "id").string_value(), story);
  EXPECT_EQ(
      Field(Field(run.json, "resolvedEntities").list_value().values(0).struct_value(), "reference")
          .string_value(),
      "Maria Zakharova")
      << run.output;
  const BinaryRun nobody =
      Dossier(*dir_, Cli({"stories", "--entity", "Quentin Nobodyson", "--min_documents=1"}));
  EXPECT_EQ(nobody.exit_code, 3) << nobody.err;
  EXPECT_THAT(nobody.out, HasSubstr("no story of 1 document or more has a document that passes "
                                    "the filter"))
      << nobody.out;
}

// A story lists its first documents and says when it has more.
TEST_F(CliTest, StorySaysWhenItListsOnlySomeOfItsDocuments) {
  const std::string story = StoryOfSeed("000");
  ASSERT_FALSE(story.empty());
  const CliRun json = testing::RunCli(*dir_, Cli({"story", story}));
  const double documents =
      Field(Field(json.json, "story").struct_value(), "documentCount").number_value();
  ASSERT_GE(documents, 2) << json.output;
  BinaryRun run = Dossier(*dir_, Cli({"story", story, "--max_documents=1"}));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(absl::StrCat("1 of ", documents,
                                              " documents shown; "
                                              "--max_documents shows more")))
      << run.out;
  run = Dossier(*dir_, Cli({"story", story}));
  EXPECT_THAT(run.out, Not(HasSubstr("documents shown"))) << run.out;
}

TEST_F(CliTest, IngestJsonIsALinePerDocument) {
  // Again: every seed is now a duplicate, one line each.
  const CliRun run = testing::RunCli(*dir_, Cli({"ingest", testing::SharedDir() + "/seeds"}));
  EXPECT_EQ(run.exit_code, 0) << run.log;
  ASSERT_EQ(run.lines.size(), 5u) << run.output;
  for (const auto& line : run.lines) {
    EXPECT_THAT(Field(line, "source").string_value(), HasSubstr("/seeds/"));
    const auto& result = Field(line, "result").struct_value();
    EXPECT_EQ(Field(result, "outcome").string_value(), "INGEST_OUTCOME_DUPLICATE");
    EXPECT_EQ(Field(result, "documentId").string_value().size(), 32u);
    ExpectCamelCase(line, "ingest");
  }
  // The summary is on stderr, for the person watching.
  EXPECT_THAT(run.log, HasSubstr("duplicates  5"));
  EXPECT_THAT(run.log, HasSubstr("a duplicate keeps the copy stored first, with its metadata"));
}

// A folder of one publication's articles names its outlet once: every
// document whose line names none takes it, over what the text names; a
// line's own outlet field wins.
// A firm's name that opens on an office's word ("General Motors") is no
// title before a name: no note that no document gives it the office.
TEST_F(CliTest, AFirmsNameIsNoTitledReference) {
  const std::string folder = dir_->Sub("firm-general");
  std::filesystem::create_directories(folder);
  std::ofstream(folder + "/gm.txt") << "General Motors Corp said its car sales rose 5 pct in "
                                       "March. General Motors will build a plant in Ohio.\n";
  const CliRun ingested = testing::RunCli(*dir_, Cli({"ingest", folder, "--wait=60s"}));
  ASSERT_EQ(ingested.exit_code, 0) << ingested.log;
  const BinaryRun run = Dossier(*dir_, Cli({"entity", "General Motors"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("General Motors Corp")) << run.out;
  EXPECT_THAT(run.out, Not(HasSubstr("read by the name alone"))) << run.out;
}

TEST_F(CliTest, IngestOutletNamesTheOutletOfDocumentsThatNameNone) {
  const std::string folder = dir_->Sub("one-outlet");
  std::filesystem::create_directories(folder);
  std::ofstream(folder + "/a.txt") << "Kelly Holmes won the 800 metres in Birmingham on a wet "
                                      "evening, her first race of the indoor season.\n";
  std::ofstream(folder + "/b.jsonl")
      << R"({"text": "The Bank of England kept its rates unchanged for a third month, it said."})"
      << "\n"
      << R"({"text": "Yukos asked a Houston court to halt the auction of its main unit.", )"
      << R"("outlet": "Reuters"})"
      << "\n";
  const CliRun run =
      testing::RunCli(*dir_, Cli({"ingest", folder, "--outlet", "BBC News, Sport", "--wait=60s"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  ASSERT_EQ(run.lines.size(), 3u) << run.output;
  std::map<std::string, std::string> outlet_of;  // source -> outlet
  for (const auto& line : run.lines) {
    const std::string id = Field(Field(line, "result").struct_value(), "documentId").string_value();
    const CliRun got = testing::RunCli(*dir_, Cli({"get", id}));
    ASSERT_EQ(got.exit_code, 0) << got.log;
    const google::protobuf::Struct document = Field(got.json, "document").struct_value();
    outlet_of[Field(line, "source").string_value()] =
        Field(Field(document, "metadata").struct_value(), "outlet").string_value();
  }
  EXPECT_EQ(outlet_of[folder + "/a.txt"], "BBC News, Sport");
  EXPECT_EQ(outlet_of[folder + "/b.jsonl:1"], "BBC News, Sport");
  EXPECT_EQ(outlet_of[folder + "/b.jsonl:2"], "Reuters");
  // One that ingest would refuse for every document is refused at once.
  const BinaryRun long_outlet =
      Dossier(*dir_, Cli({"ingest", folder, "--outlet", std::string(300, 'x')}));
  EXPECT_EQ(long_outlet.exit_code, 64);
  EXPECT_THAT(long_outlet.err, HasSubstr("--outlet is longer than the 256 bytes"));
}

TEST_F(CliTest, JsonLinesOfTheWrongTypeAreRejectedByLine) {
  const std::string file = dir_->Sub("typed.jsonl");
  std::ofstream(file) << R"({"text": "Maria Zakharova spoke in Moscow on the typed line one."})"
                      << "\n"
                      << R"({"text": 5})"
                      << "\n"
                      << R"({"text": "A title of the wrong type.", "title": ["a", "list"]})"
                      << "\n"
                      << R"({"text": "Keys may be numbers, as feeds number items.", "id": 7,)"
                      << R"( "src": "Feeds"})"
                      << "\n"
                      << "{}\n"
                      << R"({"text": 6})"
                      << "\n";
  const CliRun run =
      testing::RunCli(*dir_, Cli({"ingest", file, "--key_field=id", "--received_field=fetchd",
                                  "--outlet_field=src", "--date_field=published"}));
  EXPECT_EQ(run.exit_code, 2) << run.log;
  ASSERT_EQ(run.lines.size(), 6u) << run.output;
  std::map<std::string, google::protobuf::Struct> by_source;
  for (const auto& line : run.lines) by_source[Field(line, "source").string_value()] = line;
  auto outcome = [&](int line) {
    const auto& l = by_source[absl::StrCat(file, ":", line)];
    return Field(Field(l, "result").struct_value(), "outcome").string_value();
  };
  auto message = [&](int line) {
    const auto& l = by_source[absl::StrCat(file, ":", line)];
    return Field(Field(Field(l, "result").struct_value(), "error").struct_value(), "message")
        .string_value();
  };
  EXPECT_EQ(outcome(1), "INGEST_OUTCOME_ACCEPTED");
  EXPECT_EQ(outcome(2), "INGEST_OUTCOME_REJECTED");
  EXPECT_THAT(message(2), HasSubstr("field \"text\" is a number; it must be a string"));
  EXPECT_EQ(outcome(3), "INGEST_OUTCOME_REJECTED");
  EXPECT_THAT(message(3), HasSubstr("field \"title\" is a list"));
  EXPECT_EQ(outcome(4), "INGEST_OUTCOME_ACCEPTED");
  EXPECT_THAT(message(5), HasSubstr("(the object has no field at all)"));
  // The summary names the first three lines of a reason, and counts the
  // rest, which --json (given here) printed each.
  EXPECT_THAT(run.log, HasSubstr("4 x INVALID_ARGUMENT"));
  EXPECT_THAT(run.log, HasSubstr("typed.jsonl:2: field \"text\""));
  EXPECT_THAT(run.log, HasSubstr("... and 1 more (each is a line of the output)"));
  // And the fields it was told to read that no line has (a mistyped name),
  // but not those some line has (the key, the outlet), nor the default
  // names (no line has a "url").
  EXPECT_THAT(run.log,
              HasSubstr("note: no line has the field \"fetchd\" that --received_field names"));
  EXPECT_THAT(run.log, HasSubstr("note: no line has the field \"published\" that --date_field"));
  EXPECT_THAT(run.log, Not(HasSubstr("--key_field names")));
  EXPECT_THAT(run.log, Not(HasSubstr("--outlet_field names")));
  EXPECT_THAT(run.log, Not(HasSubstr("--url_field names")));
}

TEST_F(CliTest, EncodingConvertsLatin1) {
  // "Zürich" and "Genève" in Latin-1: not UTF-8.
  const std::string file = dir_->Sub("latin1.txt");
  std::ofstream(file, std::ios::binary)
      << "Bankers in Z\xfcrich and Gen\xe8ve said on Monday that the franc would stay "
         "strong. The central bank in Z\xfcrich declined to comment on the r\xe9gime of "
         "rates, and officials in Gen\xe8ve were not available.\n";
  CliRun run = testing::RunCli(*dir_, Cli({"ingest", file}));
  EXPECT_EQ(run.exit_code, 2) << "not UTF-8 without --encoding";

  run = testing::RunCli(*dir_, Cli({"ingest", file, "--encoding=latin1"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  ASSERT_EQ(run.lines.size(), 1u);
  const std::string id =
      Field(Field(run.lines[0], "result").struct_value(), "documentId").string_value();
  ASSERT_TRUE(testing::WaitUntil(
      [&] {
        return testing::RunCli(*dir_, Cli({"get", id})).exit_code == 0;
      },
      absl::Seconds(60)));
  const CliRun got = testing::RunCli(*dir_, Cli({"get", id}));
  EXPECT_THAT(Field(Field(got.json, "document").struct_value(), "text").string_value(),
              HasSubstr("Z\xc3\xbcrich and Gen\xc3\xa8ve"));

  // Guessed: the same text, so a duplicate of the same id.
  run = testing::RunCli(*dir_, Cli({"ingest", file, "--encoding=auto"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  ASSERT_EQ(run.lines.size(), 1u);
  EXPECT_EQ(Field(Field(run.lines[0], "result").struct_value(), "documentId").string_value(), id);
}

}  // namespace
}  // namespace dossier
