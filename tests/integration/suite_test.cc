// The suite end to end: the three real binaries on port 0 with temp data
// dirs, driven by the real `dossier` CLI and read back over gRPC.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/status.h"
#include "common/time_util.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/cli_run.h"
#include "tests/support/cluster.h"
#include "tests/support/exactly_once.h"
#include "tests/support/temp_dir.h"
#include "text/words.h"

namespace dossier {
namespace {

using testing::AcknowledgedIds;
using testing::CliRun;
using testing::Cluster;
using testing::Field;
using testing::IdsBySource;
using testing::Int;
using testing::Items;
using testing::RunCli;
using testing::Service;
using testing::WaitUntil;

class SuiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A small outbox makes the stream outpace downstream, so that the
    // RESOURCE_EXHAUSTED path and the CLI's retries run too.
    cluster_.SetFlags(Service::kIngest, {"--backoff_max=500ms", "--max_outbox_documents=500"});
    ASSERT_TRUE(cluster_.StartAll().ok());
  }

  std::vector<std::string> Cli(std::vector<std::string> args) {
    return cluster_.WithCliFlags(std::move(args));
  }

  std::unique_ptr<v1::QueryService::Stub> Query() {
    return v1::QueryService::NewStub(MakeChannel(cluster_.address(Service::kQuery)));
  }

  absl::StatusOr<v1::Document> Get(const std::string& id) { return cluster_.GetDocument(id); }

  // Every id the query service lists, page by page, and its total.
  std::vector<std::string> ListAll(int64_t* total) {
    std::vector<std::string> ids;
    std::string token;
    auto stub = Query();
    do {
      v1::ListDocumentsRequest request;
      request.set_page_size(1000);
      request.set_page_token(token);
      v1::ListDocumentsResponse response;
      grpc::ClientContext context;
      SetDeadline(&context, absl::Seconds(30));
      grpc::Status s = stub->ListDocuments(&context, request, &response);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& d : response.documents()) ids.push_back(d.id());
      *total = response.total_size();
      token = response.next_page_token();
    } while (!token.empty());
    return ids;
  }

  int64_t Total() { return cluster_.DocumentCount(); }

  // Waits until the query service holds `n` documents.
  bool WaitForTotal(int64_t n, absl::Duration timeout) {
    return testing::WaitForDocumentCount(cluster_.address(Service::kQuery), n, timeout);
  }

  // Streams the BBC corpus in; while it streams, kills `victim` with SIGKILL
  // and restarts it. Every acknowledged article must then be readable
  // exactly once.
  void KillDuringBbcStream(Service victim) {
    const std::string bbc = testing::SharedDir() + "/data/bbc";
    ASSERT_TRUE(std::filesystem::exists(bbc)) << bbc;
    const std::string out = dir_.Sub("bbc.json");
    std::vector<std::string> argv = {testing::BinDir() + "/dossier", "ingest", bbc, "--json"};
    for (const auto& f : cluster_.CliFlags()) argv.push_back(f);
    const absl::Time start = absl::Now();
    auto cli = testing::Process::Start(argv, dir_.Sub("bbc.log"), out);
    ASSERT_TRUE(cli.ok());
    // Let a few hundred through, then kill.
    const absl::Time wait_until = absl::Now() + absl::Seconds(60);
    while (Total() < 300 && absl::Now() < wait_until) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    ASSERT_GE(Total(), 300) << testing::ReadFile(dir_.Sub("bbc.log"));
    // The outbox limit holds the stream back, so it is still going.
    ASSERT_FALSE(cli->Finished()) << "the stream ended before the kill";
    ASSERT_TRUE(cluster_.Stop(victim, SIGKILL).ok());
    absl::SleepFor(absl::Milliseconds(300));
    ASSERT_TRUE(cluster_.Start(victim).ok()) << testing::ReadFile(cluster_.log(victim));
    auto code = cli->Wait(absl::Minutes(10));
    ASSERT_TRUE(code.ok());
    CliRun run;
    run.exit_code = *code;
    testing::ParseCliOutput(testing::ReadFile(out), &run);
    // sport/199.txt is Latin-1: rejected as not UTF-8, and only it.
    EXPECT_EQ(run.exit_code, 2) << testing::ReadFile(dir_.Sub("bbc.log"));
    std::vector<google::protobuf::Struct> rejections;
    for (const auto& line : run.lines) {
      const auto& result = Field(line, "result").struct_value();
      if (Field(result, "outcome").string_value() == "INGEST_OUTCOME_REJECTED") {
        rejections.push_back(line);
      }
    }
    ASSERT_EQ(rejections.size(), 1u);
    EXPECT_THAT(Field(rejections[0], "source").string_value(),
                ::testing::HasSubstr("sport/199.txt"));
    // The error's ErrorInfo, in the protobuf JSON mapping of google.rpc.Status.
    const auto error = Field(Field(rejections[0], "result").struct_value(), "error").struct_value();
    std::string reason;
    for (const auto& detail : Items(error, "details")) {
      if (absl::EndsWith(Field(detail, "@type").string_value(), "google.rpc.ErrorInfo")) {
        reason = Field(detail, "reason").string_value();
      }
    }
    EXPECT_EQ(reason, "TEXT_NOT_UTF8") << testing::ReadFile(out).substr(0, 3000);

    const std::set<std::string> acknowledged = AcknowledgedIds(run);
    EXPECT_GT(acknowledged.size(), 2100u);
    ASSERT_TRUE(WaitForTotal(static_cast<int64_t>(acknowledged.size()), absl::Minutes(3)))
        << "query holds " << Total() << " of " << acknowledged.size();
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    const testing::ExactlyOnceReport report =
        testing::CheckExactlyOnce(cluster_.address(Service::kQuery), acknowledged);
    EXPECT_TRUE(report.ok()) << report.ToString();
    std::cout << "BBC with " << (victim == Service::kQuery ? "query" : "ingest")
              << " killed: " << acknowledged.size()
              << " documents acknowledged, tagged and indexed in " << seconds << " s ("
              << acknowledged.size() / seconds << " docs/s)\n";
  }

  testing::TempDir dir_;
  Cluster cluster_{dir_.path()};
};

TEST_F(SuiteTest, SeedsRoundTripAndSurviveRestartsOfEveryService) {
  const std::string seeds = testing::SharedDir() + "/seeds";
  CliRun run = RunCli(dir_, Cli({"ingest", seeds}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_EQ(testing::CountOutcome(run, "ACCEPTED"), 5);
  const std::set<std::string> ids = AcknowledgedIds(run);
  ASSERT_EQ(ids.size(), 5u);
  ASSERT_TRUE(WaitForTotal(5, absl::Seconds(60)));

  std::map<std::string, v1::Document> before;
  for (const auto& id : ids) {
    auto d = Get(id);
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_FALSE(d->text().empty());
    EXPECT_FALSE(d->original_text().empty());
    EXPECT_GT(d->annotations().sentences_size(), 3);
    EXPECT_GT(d->annotations().mentions_size(), 3);
    EXPECT_GT(d->annotations().entities_size(), 0);
    for (const auto& m : d->annotations().mentions()) {
      EXPECT_EQ(d->text().substr(m.span().begin(), m.span().end() - m.span().begin()), m.text());
    }
    before[id] = *d;
  }

  // What the text says about each seed, found through the real services.
  const std::map<std::string, std::string> by_seed = IdsBySource(run);
  ASSERT_EQ(by_seed.size(), 5u);
  struct Expected {
    std::string outlet, date, dateline;
    bool titled;
  };
  const std::map<std::string, Expected> expected = {
      {"000", {"RIA Novosti", "2023-02-13", "MOSCOW", false}},
      {"001", {"", "2023-02-13", "", false}},
      {"002", {"RIA Novosti", "", "", true}},
      {"003", {"TASS", "2022-08-01", "MOSCOW", true}},
      {"004", {"Vecernje novosti", "", "", true}}};
  for (const auto& [seed, want] : expected) {
    const v1::DocumentMetadata& m = before[by_seed.at(seed)].metadata();
    EXPECT_EQ(m.outlet(), want.outlet) << seed;
    if (!want.date.empty()) {
      EXPECT_EQ(FormatDate(m.publish_date()), want.date) << seed;
      // TASS's dateline has no year.
      EXPECT_EQ(m.publish_date_provenance(),
                seed == "003" ? v1::PROVENANCE_INFERRED : v1::PROVENANCE_EXTRACTED)
          << seed;
    }
    EXPECT_EQ(m.dateline(), want.dateline) << seed;
    EXPECT_EQ(!m.title().empty(), want.titled) << seed;
    if (want.titled) {
      EXPECT_EQ(m.title_provenance(), v1::PROVENANCE_EXTRACTED) << seed;
    }
  }
  // Seeds 000 and 001 report one statement: one story.
  EXPECT_EQ(before[by_seed.at("001")].story_id(), before[by_seed.at("000")].story_id());
  EXPECT_NE(before[by_seed.at("004")].story_id(), before[by_seed.at("003")].story_id());
  {
    v1::GetStoryRequest request;
    request.set_name("stories/" + before[by_seed.at("000")].story_id());
    v1::GetStoryResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    ASSERT_TRUE(Query()->GetStory(&context, request, &response).ok());
    EXPECT_EQ(response.story().document_count(), 2);
    EXPECT_EQ(response.documents_size(), 2);
  }

  // Sending them again changes nothing.
  CliRun again = RunCli(dir_, Cli({"ingest", seeds}));
  EXPECT_EQ(testing::CountOutcome(again, "DUPLICATE"), 5);
  EXPECT_EQ(testing::CountOutcome(again, "ACCEPTED"), 0);

  for (Service s : {Service::kQuery, Service::kTagger, Service::kIngest}) {
    ASSERT_TRUE(cluster_.Stop(s, SIGTERM).ok());
    ASSERT_TRUE(cluster_.Start(s).ok()) << testing::ReadFile(cluster_.log(s));
  }
  int64_t total = 0;
  EXPECT_EQ(ListAll(&total).size(), 5u);
  EXPECT_EQ(total, 5);
  for (const auto& [id, d] : before) {
    auto after = Get(id);
    ASSERT_TRUE(after.ok()) << after.status();
    EXPECT_EQ(after->SerializeAsString(), d.SerializeAsString());
  }
  // The ingest ledger remembers them as indexed.
  auto ingest = v1::IngestService::NewStub(MakeChannel(cluster_.address(Service::kIngest)));
  for (const auto& id : ids) {
    v1::GetDocumentStatusRequest request;
    request.set_name(id);
    v1::GetDocumentStatusResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(5));
    ASSERT_TRUE(ingest->GetDocumentStatus(&context, request, &response).ok());
    EXPECT_EQ(response.status().state(), v1::DOCUMENT_STATE_INDEXED);
  }
}

TEST_F(SuiteTest, CliSearchesTheSeedsAndProfilesTheirEntities) {
  CliRun ingest = RunCli(dir_, Cli({"ingest", testing::SharedDir() + "/seeds"}));
  ASSERT_EQ(ingest.exit_code, 0) << ingest.log;
  const std::map<std::string, std::string> seed = IdsBySource(ingest);
  ASSERT_EQ(seed.size(), 5u);
  ASSERT_TRUE(WaitForTotal(5, absl::Seconds(60)));
  auto ids = [&](std::initializer_list<const char*> seeds) {
    std::set<std::string> out;
    for (const char* s : seeds) out.insert(seed.at(s));
    return out;
  };
  // `dossier ARGS... --json`, which must succeed.
  auto cli = [&](std::vector<std::string> args) {
    CliRun run = RunCli(dir_, Cli(args));
    EXPECT_EQ(run.exit_code, 0) << absl::StrJoin(args, " ") << "\n" << run.log;
    return run;
  };
  // The ids of the documents a search or a listing returned.
  auto found = [&](std::vector<std::string> args) {
    const CliRun run = cli(args);
    std::set<std::string> out;
    for (const auto& hit : Items(run.json, "hits")) {
      out.insert(Field(Field(hit, "document").struct_value(), "id").string_value());
    }
    for (const auto& document : Items(run.json, "documents")) {
      out.insert(Field(document, "id").string_value());
    }
    return out;
  };

  EXPECT_EQ(found({"search", "Vucic"}), ids({"001"}));
  EXPECT_EQ(found({"search", "\"sanctions regime\""}), ids({"000"}));
  EXPECT_EQ(found({"search", "kosovo", "--from", "2022-08-01", "--to", "2022-08-31"}),
            ids({"003"}));
  EXPECT_EQ(found({"search", "kosovo", "--from", "2022-08", "--to", "2022"}), ids({"003"}));
  EXPECT_EQ(found({"search", "zakharova"}), ids({"000", "001"}));
  EXPECT_EQ(found({"list", "--outlet", "TASS"}), ids({"003"}));
  EXPECT_EQ(found({"list", "--outlet", "tass,Vecernje novosti"}), ids({"003", "004"}));

  // What an entity filter's name stood for, and a name that stands for none.
  {
    const CliRun run = cli({"search", "--entity", "Zakharova"});
    EXPECT_EQ(Int(run.json, "totalSize"), 2);
    const auto resolved = Items(run.json, "resolvedEntities");
    ASSERT_EQ(resolved.size(), 1u);
    EXPECT_EQ(Field(resolved[0], "reference").string_value(), "Zakharova");
    EXPECT_FALSE(Items(resolved[0], "entities").empty());
    // A name no entity has: the JSON says so, and the exit code is 3, as
    // for `entity`.
    const CliRun none = RunCli(dir_, Cli({"search", "--entity", "Nobody Atall"}));
    EXPECT_EQ(none.exit_code, 3) << none.log;
    EXPECT_EQ(Int(none.json, "totalSize"), 0);
    ASSERT_EQ(Items(none.json, "resolvedEntities").size(), 1u);
    EXPECT_TRUE(Items(Items(none.json, "resolvedEntities")[0], "entities").empty());
  }
  {
    const CliRun run = cli({"search", "sanctions", "--facets"});
    const auto& facets = Field(run.json, "facets").struct_value();
    for (const char* facet : {"outlets", "entityTypes", "entities", "dates"}) {
      EXPECT_FALSE(Items(facets, facet).empty()) << facet;
    }
  }

  {
    const CliRun run = cli({"entity", "Lavrov"});
    const auto& entity = Field(run.json, "entity").struct_value();
    EXPECT_EQ(Field(entity, "type").string_value(), "ENTITY_TYPE_PERSON");
    std::set<std::string> forms;
    for (const auto& form : Items(entity, "surfaceForms")) {
      forms.insert(Field(form, "text").string_value());
    }
    EXPECT_TRUE(forms.count("Sergei Lavrov") + forms.count("Sergey Lavrov") > 0)
        << absl::StrJoin(forms, ", ");
  }
  {
    const CliRun run = cli({"entities", "bots"});
    bool botsan = false;
    for (const auto& e : Items(run.json, "entities")) {
      const std::string name = Field(e, "displayName").string_value();
      if (Field(e, "type").string_value() == "ENTITY_TYPE_PERSON" &&
          (name.find("Botsan-Kharchenko") != std::string::npos ||
           name.find("Botsan Kharchenko") != std::string::npos)) {
        botsan = true;
        EXPECT_EQ(Int(e, "documentCount"), 2) << name;
      }
    }
    EXPECT_TRUE(botsan) << run.output;
  }
  {
    const CliRun run = cli({"timeline", "Zakharova", "--granularity", "month"});
    bool february = false;
    for (const auto& bucket : Items(run.json, "buckets")) {
      const auto& start = Field(bucket, "startDate").struct_value();
      if (Field(start, "year").number_value() == 2023 &&
          Field(start, "month").number_value() == 2) {
        february = true;
        EXPECT_EQ(Int(bucket, "documentCount"), 2);
      }
    }
    EXPECT_TRUE(february) << run.output;
  }
  {
    const CliRun run = cli({"cooccur", "Zakharova"});
    EXPECT_EQ(Int(run.json, "documentCount"), 2);
    EXPECT_FALSE(Items(run.json, "entitiesTogether").empty()) << run.output;
  }
  // An article of an archive, undated, is dated by the day it was received
  // and marked so in the timeline.
  {
    CliRun archive =
        RunCli(dir_, Cli({"ingest", testing::SharedDir() + "/data/bbc/politics/001.txt",
                          "--received=2005-02-14"}));
    ASSERT_EQ(archive.exit_code, 0) << archive.log;
    const std::string id = IdsBySource(archive).begin()->second;
    ASSERT_TRUE(WaitForTotal(6, absl::Seconds(60)));
    EXPECT_EQ(found({"list", "--from", "2005-02-14", "--to", "2005-02-14"}),
              std::set<std::string>{id});
    const CliRun run = cli({"timeline", "Labour", "--granularity", "month"});
    int64_t undated = 0;
    for (const auto& bucket : Items(run.json, "buckets")) {
      const auto& start = Field(bucket, "startDate").struct_value();
      if (Field(start, "year").number_value() == 2005 &&
          Field(start, "month").number_value() == 2) {
        EXPECT_EQ(Int(bucket, "documentCount"), 1) << run.output;
        undated = Int(bucket, "undatedDocumentCount");
      }
    }
    EXPECT_EQ(undated, 1) << run.output;
  }

  // Usage errors: nothing is asked of the services.
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"entity"},
           {"timeline"},
           {"timeline", ""},
           {"cooccur", "  "},
           {"entity", "!!"},
           {"search", "kosovo", "--from", "2022-13"},
           {"search", "kosovo", "--to", "2023-02-30"},
           {"list", "--type", "planet"},
           {"timeline", "Zakharova", "--granularity", "year"},
           {"search", "kosovo", "--from", "2023", "--to", "2022"}}) {
    const CliRun run = RunCli(dir_, Cli(args));
    EXPECT_EQ(run.exit_code, 64) << absl::StrJoin(args, " ") << "\n" << run.log;
    EXPECT_FALSE(run.log.empty()) << absl::StrJoin(args, " ");
  }
  // An entity nobody mentioned is NOT_FOUND (exit 3), not a usage error.
  EXPECT_EQ(RunCli(dir_, Cli({"entity", "Nobody Atall"})).exit_code, 3);
}

// `dossier tag` reads out what a decade's, a century's or a season's
// ISO 8601-2 value would leave a reader to decode ("199", "18", "2004-22").
TEST_F(SuiteTest, CliTagReadsOutDecadesCenturiesAndSeasons) {
  std::vector<std::string> argv = {testing::BinDir() + "/dossier", "tag", "--date", "2005-03-01",
                                   "In the 1990s and last summer, as in the 19th century, prices "
                                   "rose."};
  for (std::string& flag : Cli({})) argv.push_back(std::move(flag));
  auto process = testing::Process::Start(argv, dir_.Sub("tag.log"), dir_.Sub("tag.out"));
  ASSERT_TRUE(process.ok()) << process.status();
  auto code = process->Wait(absl::Seconds(60));
  ASSERT_TRUE(code.ok());
  ASSERT_EQ(*code, 0) << testing::ReadFile(dir_.Sub("tag.log"));
  const std::string out = testing::ReadFile(dir_.Sub("tag.out"));
  EXPECT_THAT(out, ::testing::HasSubstr("1990s \xe2\x86\x92 199 (the 1990s)")) << out;
  EXPECT_THAT(out, ::testing::HasSubstr("last summer \xe2\x86\x92 2004-22 (summer 2004)")) << out;
  EXPECT_THAT(out, ::testing::HasSubstr("19th century \xe2\x86\x92 18 (1800 to 1899)")) << out;
}

TEST_F(SuiteTest, CliWatchPrintsNewMatchingDocumentsAsJsonLines) {
  const std::string out = dir_.Sub("watch.jsonl");
  const std::string log = dir_.Sub("watch.log");
  std::vector<std::string> argv = {testing::BinDir() + "/dossier", "watch", "kosovo",
                                   "--watch_for=20s", "--json"};
  for (const auto& f : cluster_.CliFlags()) argv.push_back(f);
  auto watch = testing::Process::Start(argv, log, out);
  ASSERT_TRUE(watch.ok()) << watch.status();
  // It says so once the server has registered the watch: a document
  // indexed from then on is seen.
  ASSERT_TRUE(
      WaitUntil([&] { return testing::ReadFile(log).find("watching") != std::string::npos; },
                absl::Seconds(10)))
      << testing::ReadFile(log);

  std::filesystem::create_directories(dir_.Sub("new"));
  std::ofstream(dir_.Sub("new/100_kosovo.txt"))
      << "Tensions rise in northern Kosovo\n\n"
         "BELGRADE, March 3 (Reuters) - Serbia said on Friday that tensions in northern "
         "Kosovo were rising and asked NATO peacekeepers to protect the Serbs there.\n";
  std::ofstream(dir_.Sub("new/101_other.txt"))
      << "Harvest forecast raised\n\n"
         "PARIS, March 3 (Reuters) - France raised its wheat harvest forecast on Friday "
         "after a mild and wet winter across the northern plains.\n";
  CliRun ingest = RunCli(dir_, Cli({"ingest", dir_.Sub("new")}));
  ASSERT_EQ(ingest.exit_code, 0) << ingest.log;
  const std::map<std::string, std::string> ids = IdsBySource(ingest);
  ASSERT_EQ(ids.size(), 2u);
  const std::string kosovo = ids.at("100");

  EXPECT_TRUE(WaitUntil([&] { return testing::ReadFile(out).find(kosovo) != std::string::npos; },
                        absl::Seconds(60)))
      << testing::ReadFile(log);
  // Both are indexed: the other one had its chance to be (wrongly) sent.
  ASSERT_TRUE(WaitForTotal(2, absl::Seconds(60)));
  // Ctrl-C ends a watch cleanly.
  watch->Signal(SIGINT);
  auto code = watch->Wait(absl::Seconds(10));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << testing::ReadFile(log);

  // JSON Lines: one WatchDocumentsResponse a line, and only the match.
  std::vector<std::string> seen;
  for (absl::string_view line : absl::StrSplit(testing::ReadFile(out), '\n', absl::SkipEmpty())) {
    v1::WatchDocumentsResponse response;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &response).ok())
        << line;
    seen.push_back(response.document().id());
    // What a list shows for it: the headline read from its first line.
    EXPECT_EQ(response.document().headline(), "Tensions rise in northern Kosovo") << line;
  }
  EXPECT_EQ(seen, std::vector<std::string>{kosovo});

  // --watch_for ends a watch by itself, cleanly.
  const absl::Time start = absl::Now();
  CliRun timed = RunCli(dir_, Cli({"watch", "--watch_for=1s"}), absl::Seconds(30));
  EXPECT_EQ(timed.exit_code, 0) << timed.log;
  EXPECT_GE(absl::Now() - start, absl::Seconds(1));
  EXPECT_EQ(timed.output, "");
  // The date filter is part of what it says it watches.
  CliRun dated = RunCli(dir_, Cli({"watch", "--watch_for=1s", "--from=2023-03-01"}));
  EXPECT_EQ(dated.exit_code, 0) << dated.log;
  EXPECT_THAT(dated.log, ::testing::HasSubstr("watching for new documents dated from 2023-03-01"));

  // A refused watch never says it is watching.
  CliRun refused = RunCli(dir_, Cli({"watch", "foo AND (", "--watch_for=5s"}), absl::Seconds(30));
  EXPECT_EQ(refused.exit_code, 64) << refused.log;  // refused arguments
  EXPECT_THAT(refused.log, ::testing::HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(refused.log, ::testing::Not(::testing::HasSubstr("watching")));

  // A watch the service ends as it shuts down exits 69, the service not
  // serving, for whatever supervises it to start it again.
  const std::string ended_log = dir_.Sub("ended.log");
  argv = {testing::BinDir() + "/dossier", "watch", "--watch_for=60s"};
  for (const auto& f : cluster_.CliFlags()) argv.push_back(f);
  auto ended = testing::Process::Start(argv, ended_log, dir_.Sub("ended.out"));
  ASSERT_TRUE(ended.ok()) << ended.status();
  ASSERT_TRUE(
      WaitUntil([&] { return testing::ReadFile(ended_log).find("watching") != std::string::npos; },
                absl::Seconds(10)));
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGTERM).ok());
  code = ended->Wait(absl::Seconds(30));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 69) << testing::ReadFile(ended_log);
  EXPECT_THAT(testing::ReadFile(ended_log), ::testing::HasSubstr("shutting down"));
}

// A document near the 2 MiB ingest cap is some 6 MB with its original
// text and annotations: more than a default gRPC client (4 MiB) takes. It
// comes without the fields that do not fit, named in omitted_fields, each
// of which read_mask then reads alone; the CLI puts it back together.
TEST_F(SuiteTest, ADocumentLargerThanAResponseComesWithoutWhatDoesNotFit) {
  // Distinct articles (repeated paragraphs would be dropped), all UTF-8.
  std::vector<std::string> files;
  for (const char* folder : {"business", "politics", "tech"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(testing::SharedDir() + "/data/bbc/" + folder)) {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::string text;
  for (const std::string& path : files) {
    const std::string article = testing::ReadFile(path);
    if (text.size() + article.size() + 2 > (size_t{15} << 17)) break;  // 1.9 MiB
    absl::StrAppend(&text, article, "\n\n");
  }
  ASSERT_GT(text.size(), size_t{1} << 20);
  const std::string file = dir_.Sub("large.txt");
  std::ofstream(file) << text;
  CliRun ingest = RunCli(dir_, Cli({"ingest", file, "--wait"}));
  ASSERT_EQ(ingest.exit_code, 0) << ingest.log;
  const std::string id = IdsBySource(ingest).begin()->second;
  CliRun small = RunCli(
      dir_, Cli({"ingest", testing::SharedDir() + "/seeds/000_ec0e7a28ba9fb3fb.txt", "--wait"}));
  ASSERT_EQ(small.exit_code, 0) << small.log;

  // A client with gRPC's default limits.
  auto stub = v1::QueryService::NewStub(
      grpc::CreateChannel(cluster_.address(Service::kQuery), grpc::InsecureChannelCredentials()));
  v1::GetDocumentRequest get;
  get.set_name(id);
  v1::GetDocumentResponse got;
  {
    grpc::ClientContext context;
    const grpc::Status s = stub->GetDocument(&context, get, &got);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_LE(got.ByteSizeLong(), size_t{3} << 20);
  ASSERT_GE(got.document().omitted_fields_size(), 1);
  EXPECT_EQ(got.document().omitted_fields(0), "original_text");
  EXPECT_TRUE(got.document().original_text().empty());
  EXPECT_FALSE(got.document().metadata().title().empty());
  // Each omitted field alone, as read_mask asks.
  for (const std::string& field : got.document().omitted_fields()) {
    v1::GetDocumentRequest part = get;
    part.mutable_read_mask()->add_paths(field);
    v1::GetDocumentResponse response;
    grpc::ClientContext context;
    const grpc::Status s = stub->GetDocument(&context, part, &response);
    ASSERT_TRUE(s.ok()) << field << ": " << s.error_message();
    EXPECT_EQ(response.document().id(), id);
    EXPECT_FALSE(response.document().has_metadata()) << field;
    EXPECT_TRUE(response.document().omitted_fields().empty()) << field;
    if (field == "original_text") EXPECT_EQ(response.document().original_text(), text);
    if (field == "annotations") EXPECT_GT(response.document().annotations().mentions_size(), 1000);
  }
  // Pages of full documents, each under the budget.
  {
    v1::ListDocumentsRequest list;
    list.set_view(v1::DOCUMENT_VIEW_FULL);
    list.set_page_size(10);
    int documents = 0;
    do {
      v1::ListDocumentsResponse response;
      grpc::ClientContext context;
      const grpc::Status s = stub->ListDocuments(&context, list, &response);
      ASSERT_TRUE(s.ok()) << s.error_message();
      EXPECT_LE(response.ByteSizeLong(), size_t{3} << 20);
      for (const v1::Document& d : response.documents()) {
        ++documents;
        EXPECT_EQ(d.omitted_fields().empty(), d.id() != id) << d.id();
      }
      list.set_page_token(response.next_page_token());
    } while (!list.page_token().empty());
    EXPECT_EQ(documents, 2);
  }
  // A path that is no field of Document.
  {
    v1::GetDocumentRequest bad = get;
    bad.mutable_read_mask()->add_paths("annotations.mentions");
    v1::GetDocumentResponse response;
    grpc::ClientContext context;
    const absl::Status s = FromGrpcStatus(stub->GetDocument(&context, bad, &response));
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_EQ(ErrorReason(s), "INVALID_READ_MASK") << s;
  }
  // The CLI reads the whole document, and exports it whole.
  const CliRun whole = RunCli(dir_, Cli({"get", id}));
  ASSERT_EQ(whole.exit_code, 0) << whole.log;
  const google::protobuf::Struct document = Field(whole.json, "document").struct_value();
  EXPECT_EQ(Field(document, "originalText").string_value(), text);
  EXPECT_TRUE(Items(document, "omittedFields").empty());
  EXPECT_GT(Items(Field(document, "annotations").struct_value(), "mentions").size(), 1000u);
  const std::string exported = dir_.Sub("export.jsonl");
  const CliRun export_run = RunCli(dir_, Cli({"export", "--out", exported}));
  ASSERT_EQ(export_run.exit_code, 0) << export_run.log;
  size_t whole_lines = 0;
  std::ifstream in(exported);
  for (std::string line; std::getline(in, line);) {
    google::protobuf::Struct document;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &document).ok());
    if (Field(document, "id").string_value() != id) continue;
    EXPECT_EQ(Field(document, "originalText").string_value(), text);
    EXPECT_TRUE(Items(document, "omittedFields").empty());
    ++whole_lines;
  }
  EXPECT_EQ(whole_lines, 1u);
}

TEST_F(SuiteTest, BadInputGetsInvalidArgumentFromTheRealService) {
  auto ingest = v1::IngestService::NewStub(MakeChannel(cluster_.address(Service::kIngest)));
  v1::IngestDocumentRequest request;
  request.mutable_document()->set_text_bytes("Latin-1 caf\xe9");
  v1::IngestDocumentResponse response;
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(5));
  grpc::Status s = ingest->IngestDocument(&context, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), ::testing::HasSubstr("not valid UTF-8"));
  EXPECT_EQ(Total(), 0);
}

TEST_F(SuiteTest, EveryAcknowledgedBbcArticleSurvivesAKilledQueryService) {
  KillDuringBbcStream(Service::kQuery);
}

TEST_F(SuiteTest, EveryAcknowledgedBbcArticleSurvivesAKilledIngestService) {
  KillDuringBbcStream(Service::kIngest);
}

}  // namespace
}  // namespace dossier
