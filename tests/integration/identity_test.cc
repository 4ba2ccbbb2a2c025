// One identity per real entity, and who said what, through the running
// suite: the seeds ingested with the real CLI, then read back over gRPC as
// an analyst's client would.
#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "dossier/v1/registry_service.grpc.pb.h"
#include "dossier/v1/tagger_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/cli_run.h"
#include "tests/support/cluster.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using testing::Cluster;
using ::testing::Contains;
using ::testing::HasSubstr;
using testing::RunCli;
using testing::Service;
using testing::WaitUntil;

class IdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Known names are fetched often, so that a test sees an import soon.
    cluster_.SetFlags(Service::kTagger, {"--known_names_refresh=200ms"});
    cluster_.SetFlags(Service::kQuery, {"--geonames=" + testing::SharedDir() + "/data/geonames"});
    const absl::Status started = cluster_.StartAll();
    ASSERT_TRUE(started.ok()) << started;
  }

  std::vector<std::string> Cli(std::vector<std::string> args) {
    return cluster_.WithCliFlags(std::move(args));
  }

  std::unique_ptr<v1::QueryService::Stub> Query() {
    return v1::QueryService::NewStub(MakeChannel(cluster_.address(Service::kQuery)));
  }
  std::unique_ptr<v1::RegistryService::Stub> Registry() {
    return v1::RegistryService::NewStub(MakeChannel(cluster_.address(Service::kQuery)));
  }

  int64_t Total() { return cluster_.DocumentCount(); }

  // Ingests the seeds and `extra` files (name -> text) with the CLI and
  // waits until the query service holds them all.
  void IngestSeeds(const std::map<std::string, std::string>& extra = {}) {
    const std::string seeds = dir_.Sub("articles");
    std::filesystem::create_directories(seeds);
    for (const auto& entry : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
      std::filesystem::copy_file(entry.path(), seeds + "/" + entry.path().filename().string());
    }
    for (const auto& [name, text] : extra) std::ofstream(seeds + "/" + name) << text;
    const testing::CliRun run = RunCli(dir_, Cli({"ingest", seeds}));
    ASSERT_EQ(run.exit_code, 0) << run.log;
    ids_ = testing::IdsBySource(run);
    const int64_t n = static_cast<int64_t>(5 + extra.size());
    ASSERT_EQ(static_cast<int64_t>(ids_.size()), n);
    ASSERT_TRUE(WaitUntil([&] { return Total() == n; }, absl::Seconds(60)));
  }

  absl::StatusOr<v1::GetEntityResponse> Entity(const std::string& name,
                                               v1::EntityType type = v1::ENTITY_TYPE_PERSON) {
    v1::GetEntityRequest request;
    request.set_name(name);
    request.set_type(type);
    v1::GetEntityResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    absl::Status s = FromGrpcStatus(Query()->GetEntity(&context, request, &response));
    if (!s.ok()) return s;
    return response;
  }

  // The registry id a name resolves to; "" when none.
  std::string IdOf(const std::string& name, v1::EntityType type = v1::ENTITY_TYPE_PERSON) {
    auto e = Entity(name, type);
    return e.ok() ? e->entity().id() : "";
  }

  // The role titles of the person `name` names, lower-cased.
  std::vector<std::string> Roles(const std::string& name) {
    std::vector<std::string> out;
    auto e = Entity(name);
    if (!e.ok()) return out;
    for (const auto& r : e->entity().roles()) out.push_back(absl::AsciiStrToLower(r.title()));
    return out;
  }

  v1::Document Get(const std::string& id) {
    v1::GetDocumentRequest request;
    request.set_name("documents/" + id);
    v1::GetDocumentResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    EXPECT_TRUE(Query()->GetDocument(&context, request, &response).ok());
    return response.document();
  }

  // Every quote `speaker` said, by document id.
  std::map<std::string, std::vector<v1::QuoteHit>> QuotesBy(const std::string& speaker) {
    std::map<std::string, std::vector<v1::QuoteHit>> out;
    v1::SearchQuotesRequest request;
    request.set_speaker(speaker);
    request.set_page_size(200);
    v1::SearchQuotesResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    const grpc::Status s = Query()->SearchQuotes(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    for (const auto& hit : response.quotes()) out[hit.document().id()].push_back(hit);
    return out;
  }

  testing::TempDir dir_;
  Cluster cluster_{dir_.path()};
  std::map<std::string, std::string> ids_;  // "003" -> document id
};

TEST_F(IdentityTest, SeedPeopleHaveOneRegistryIdHoweverTheyAreSpelled) {
  IngestSeeds({{"005_lavrov.txt",
                "date 2023-03-01 Russian Foreign Minister Sergey Lavrov met Aleksandar Vucic "
                "in Belgrade on Wednesday.\n\nLavrov praised the talks."}});

  // Botsan-Kharchenko (003) and Botsan Kharchenko (004).
  auto ambassador = Entity("Botsan-Kharchenko");
  ASSERT_TRUE(ambassador.ok()) << ambassador.status();
  const std::string ambassador_id = ambassador->entity().id();
  EXPECT_THAT(ambassador_id, ::testing::StartsWith("ent_"));
  EXPECT_EQ(ambassador->entity().document_count(), 2);
  EXPECT_EQ(IdOf("Alexander Botsan Kharchenko"), ambassador_id);
  for (const std::string seed : {"003", "004"}) {
    const v1::Document d = Get(ids_[seed]);
    bool linked = false;
    for (const auto& e : d.annotations().entities()) {
      if (absl::StrContains(e.name(), "Kharchenko")) {
        EXPECT_EQ(e.entity_id(), ambassador_id) << seed << " " << e.name();
        linked = true;
      }
    }
    EXPECT_TRUE(linked) << seed;
  }

  // Alexander Vučić, Aleksandar Vučić and Vučić (001), Aleksandar Vucic
  // (005); an ASCII or Cyrillic query finds the same entity.
  const std::string vucic = IdOf("Aleksandar Vu\xc4\x8di\xc4\x87");
  ASSERT_FALSE(vucic.empty());
  EXPECT_EQ(IdOf("Alexander Vu\xc4\x8di\xc4\x87"), vucic);
  EXPECT_EQ(IdOf("Vucic"), vucic);
  EXPECT_EQ(IdOf("\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b"), vucic);  // Вучић
  EXPECT_EQ(Entity(vucic)->entity().document_count(), 2);

  // Sergei Lavrov (002) and Sergey Lavrov (005).
  const std::string lavrov = IdOf("Sergei Lavrov");
  ASSERT_FALSE(lavrov.empty());
  EXPECT_EQ(IdOf("Sergey Lavrov"), lavrov);
  EXPECT_EQ(IdOf("\xd0\x9b\xd0\xb0\xd0\xb2\xd1\x80\xd0\xbe\xd0\xb2"), lavrov);  // Лавров
  EXPECT_EQ(Entity(lavrov)->entity().document_count(), 2);

  // Places get their GeoNames ids and coordinates.
  auto belgrade = Entity("Belgrade", v1::ENTITY_TYPE_LOCATION);
  ASSERT_TRUE(belgrade.ok()) << belgrade.status();
  EXPECT_EQ(belgrade->entity().external_ids().at("geonames"), "792680");
  EXPECT_NEAR(belgrade->entity().coordinates().latitude(), 44.80, 0.05);
  EXPECT_NEAR(belgrade->entity().coordinates().longitude(), 20.47, 0.05);
  auto serbia = Entity("Serbia", v1::ENTITY_TYPE_LOCATION);
  ASSERT_TRUE(serbia.ok());
  EXPECT_EQ(serbia->entity().external_ids().at("geonames"), "6290252");

  // Different people stay apart.
  EXPECT_NE(IdOf("Maria Zakharova"), IdOf("Dmitry Peskov"));
  EXPECT_NE(lavrov, vucic);
}

TEST_F(IdentityTest, RolesAttachToThePeopleTheyDescribe) {
  IngestSeeds();
  EXPECT_THAT(Roles("Maria Zakharova"), Contains(HasSubstr("spokeswoman")));
  EXPECT_THAT(Roles("Botsan-Kharchenko"), Contains(HasSubstr("ambassador")));
  EXPECT_THAT(Roles("Zorana Mihajlovic"), Contains(HasSubstr("deputy prime minister")));
  EXPECT_THAT(Roles("Zorana Mihajlovic"), Contains(HasSubstr("minister of mining and energy")));
  EXPECT_THAT(Roles("Sergei Lavrov"), Contains(HasSubstr("foreign minister")));
  EXPECT_THAT(Roles("Dmitry Peskov"), Contains(HasSubstr("spokesman")));
  auto zakharova = Entity("Zakharova");
  ASSERT_TRUE(zakharova.ok());
  for (const auto& role : zakharova->entity().roles()) {
    // The seeds are dated 2023-02-13.
    EXPECT_EQ(role.first_seen().year(), 2023) << role.title();
  }
}

TEST_F(IdentityTest, EveryDirectQuoteInTheSeedsHasItsSpeaker) {
  IngestSeeds();
  const auto zakharova = QuotesBy("Maria Zakharova");
  EXPECT_EQ(zakharova.size(), 2u);
  EXPECT_EQ(zakharova.count(ids_["000"]), 1u);
  EXPECT_EQ(zakharova.count(ids_["001"]), 1u);
  if (zakharova.count(ids_["000"])) {
    // "If in some areas ...," she stressed; "We lend a shoulder ...,"
    // Zakharova summed up.
    std::vector<std::string> cues;
    for (const auto& hit : zakharova.at(ids_["000"])) cues.push_back(hit.quote().cue());
    EXPECT_THAT(cues, Contains("stressed"));
    EXPECT_THAT(cues, Contains(HasSubstr("summed")));
  }

  const auto ambassador = QuotesBy("Botsan-Kharchenko");
  EXPECT_EQ(ambassador.size(), 2u);
  ASSERT_EQ(ambassador.count(ids_["003"]), 1u);
  ASSERT_EQ(ambassador.count(ids_["004"]), 1u);
  EXPECT_GE(ambassador.at(ids_["003"]).size(), 2u);
  EXPECT_GE(ambassador.at(ids_["004"]).size(), 3u);
  for (const auto& hit : ambassador.at(ids_["004"])) {
    EXPECT_EQ(hit.speaker().id(), IdOf("Botsan-Kharchenko"));
  }

  // 002: the ministry's statement, including the colon-led one.
  const v1::Document statement = Get(ids_["002"]);
  int ministry_quotes = 0;
  for (const auto& quote : statement.annotations().quotes()) {
    if (!quote.has_speaker_entity_index()) continue;
    const auto& speaker = statement.annotations().entities(quote.speaker_entity_index());
    if (speaker.type() == v1::ENTITY_TYPE_ORGANIZATION &&
        absl::StrContains(absl::AsciiStrToLower(speaker.name()), "ministry")) {
      ++ministry_quotes;
    }
  }
  EXPECT_GE(ministry_quotes, 2);
}

TEST_F(IdentityTest, CurationAndKnowledgeBaseImportsTakeEffectWithoutARestart) {
  IngestSeeds();
  auto registry = Registry();

  // An alias resolves at once.
  {
    v1::AddEntityAliasRequest request;
    request.set_entity("Botsan-Kharchenko");
    request.set_alias("Ambassador Alexander");
    v1::AddEntityAliasResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    ASSERT_TRUE(registry->AddEntityAlias(&context, request, &response).ok());
    EXPECT_THAT(response.entity().aliases(), Contains("Ambassador Alexander"));
  }
  EXPECT_EQ(IdOf("Ambassador Alexander"), IdOf("Botsan-Kharchenko"));

  // A knowledge base teaches the tagger a name its model does not know.
  const std::string text = "Shares of Zorblat Quantics rose on Tuesday.";
  auto tagged_as = [&]() -> v1::EntityType {
    auto tagger = v1::TaggerService::NewStub(MakeChannel(cluster_.address(Service::kTagger)));
    v1::TagTextRequest request;
    request.set_text(text);
    v1::TagTextResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    if (!tagger->TagText(&context, request, &response).ok()) return v1::ENTITY_TYPE_UNSPECIFIED;
    for (const auto& m : response.annotations().mentions()) {
      if (m.text() == "Zorblat Quantics") return m.type();
    }
    return v1::ENTITY_TYPE_UNSPECIFIED;
  };
  {
    v1::ImportKnowledgeBaseRequest request;
    v1::KnowledgeBaseEntity* e = request.add_entities();
    e->set_name("Zorblat Quantics");
    e->add_aliases("ZQ Holdings");
    e->set_type(v1::ENTITY_TYPE_ORGANIZATION);
    (*e->mutable_external_ids())["wikidata"] = "Q999999999";
    v1::ImportKnowledgeBaseResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    const grpc::Status s = registry->ImportKnowledgeBase(&context, request, &response);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(response.created_count(), 1);
  }
  EXPECT_TRUE(
      WaitUntil([&] { return tagged_as() == v1::ENTITY_TYPE_ORGANIZATION; }, absl::Seconds(20)))
      << testing::ReadFile(cluster_.log(Service::kTagger));

  // A document ingested now links to the imported entity by its alias.
  const std::string file = dir_.Sub("zq.txt");
  std::ofstream(file) << "date 2023-03-02 ZQ Holdings opened a laboratory in Novi Sad.";
  ASSERT_EQ(RunCli(dir_, Cli({"ingest", file})).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] { return Total() == 6; }, absl::Seconds(30)));
  auto imported = Entity("Zorblat Quantics", v1::ENTITY_TYPE_ORGANIZATION);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->entity().document_count(), 1);
  EXPECT_EQ(imported->entity().external_ids().at("wikidata"), "Q999999999");
}

// What the tagger learns after documents were stored reaches them when
// they are re-tagged: `dossier retag` on the real binaries replaces a
// document's annotations and what the query service made of them, and
// says which documents it did.
TEST_F(IdentityTest, RetagBringsWhatTheTaggerLearnedToStoredDocuments) {
  IngestSeeds({{"zzz.txt", "date 2023-03-02 Shares of Zorblat Quantics rose on Tuesday."}});
  const std::string zq = ids_.at("zzz");
  auto type_in = [&](const std::string& id) {
    const v1::Document document = Get(id);
    for (const auto& m : document.annotations().mentions()) {
      if (m.text() == "Zorblat Quantics") return m.type();
    }
    return v1::ENTITY_TYPE_UNSPECIFIED;
  };
  ASSERT_NE(type_in(zq), v1::ENTITY_TYPE_ORGANIZATION)
      << "the model reads the name as an organisation unaided: this test needs another name";
  const v1::Document seed_before = Get(ids_.at("003"));

  // The knowledge base teaches the tagger the name; the stored document
  // still has what it was tagged with.
  const std::string kb = dir_.Sub("zq.jsonl");
  std::ofstream(kb) << R"({"name": "Zorblat Quantics", "type": "ORGANIZATION", )"
                    << R"("externalIds": {"wikidata": "Q999999998"}})"
                    << "\n";
  ASSERT_EQ(RunCli(dir_, Cli({"import-kb", kb})).exit_code, 0);
  auto tagger = v1::TaggerService::NewStub(MakeChannel(cluster_.address(Service::kTagger)));
  ASSERT_TRUE(WaitUntil(
      [&] {
        v1::TagTextRequest request;
        request.set_text("Shares of Zorblat Quantics rose on Tuesday.");
        v1::TagTextResponse response;
        grpc::ClientContext context;
        SetDeadline(&context, absl::Seconds(10));
        if (!tagger->TagText(&context, request, &response).ok()) return false;
        for (const auto& m : response.annotations().mentions()) {
          if (m.text() == "Zorblat Quantics") return m.type() == v1::ENTITY_TYPE_ORGANIZATION;
        }
        return false;
      },
      absl::Seconds(20)));
  EXPECT_NE(type_in(zq), v1::ENTITY_TYPE_ORGANIZATION);

  // The CLI as people run it (no --json).
  auto plain = [&](const std::vector<std::string>& args) {
    std::vector<std::string> without_json;
    for (const std::string& a : Cli(args)) {
      if (a != "--json") without_json.push_back(a);
    }
    return testing::RunBinary(dir_, "dossier", without_json);
  };
  // The names the tagger knows are part of its version: after the import,
  // every document is stale, though the model and the rules are the same.
  testing::BinaryRun run = plain({"retag", "--all", "--stale"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ::testing::StartsWith("re-tagged 6 documents (tagger ner-crf-"));
  EXPECT_THAT(run.out, ::testing::ContainsRegex("\\+[0-9a-f]{8}\\+names\\.[0-9a-f]{8}\\)"))
      << run.out;
  EXPECT_THAT(run.out, HasSubstr("; 0 up to date, 0 deleted meanwhile\n"));
  EXPECT_EQ(type_in(zq), v1::ENTITY_TYPE_ORGANIZATION);
  auto imported = Entity("Zorblat Quantics", v1::ENTITY_TYPE_ORGANIZATION);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->entity().document_count(), 1);
  EXPECT_EQ(imported->entity().external_ids().at("wikidata"), "Q999999998");
  // The seeds read as before: same text, same entities, same story.
  const v1::Document seed_after = Get(ids_.at("003"));
  EXPECT_EQ(seed_after.text(), seed_before.text());
  EXPECT_EQ(seed_after.story_id(), seed_before.story_id());
  EXPECT_EQ(seed_after.annotations().mentions_size(), seed_before.annotations().mentions_size());
  EXPECT_EQ(Total(), 6);
  EXPECT_EQ(IdOf("Maria Zakharova"), IdOf("Zakharova"));

  // Run again with --stale: nothing left to do.
  run = plain({"retag", "--all", "--stale"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ::testing::StartsWith("re-tagged 0 documents (tagger ner-crf-"));
  EXPECT_THAT(run.out, HasSubstr("; 6 up to date, 0 deleted meanwhile\n"));
  // By id; one that names nothing stored says so, and the exit code too.
  run = plain({"retag", zq, std::string(32, 'f')});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_EQ(run.out, "documents/" + zq + "  re-tagged\ndocuments/" + std::string(32, 'f') +
                         "  not found: no stored document has this id (deleted, never indexed, "
                         "or still on its way to the index)\n");
  // Narrowed by list's filters, answered as JSON.
  testing::CliRun json = RunCli(dir_, Cli({"retag", "--all", "--outlet=nobody"}));
  EXPECT_EQ(json.exit_code, 0) << json.log;
  EXPECT_EQ(testing::Field(json.json, "retagged").number_value(), 0) << json.output;
  EXPECT_EQ(testing::Field(json.json, "upToDate").number_value(), 0) << json.output;
  // A name given twice is answered twice and re-tagged once.
  json = RunCli(dir_, Cli({"retag", zq, "documents/" + zq}));
  EXPECT_EQ(json.exit_code, 0) << json.log;
  ASSERT_EQ(testing::Field(json.json, "results").list_value().values_size(), 2) << json.output;
  for (const auto& result : testing::Field(json.json, "results").list_value().values()) {
    EXPECT_EQ(testing::Field(result.struct_value(), "outcome").string_value(),
              "RETAG_OUTCOME_RETAGGED");
  }
  run = plain({"retag"});
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_THAT(run.err, HasSubstr("name the documents to re-tag, or --all"));
  const testing::CliRun stats = RunCli(dir_, Cli({"stats"}));
  ASSERT_EQ(stats.exit_code, 0) << stats.log;
  EXPECT_EQ(testing::Field(testing::Field(stats.json, "query").struct_value(), "retaggedDocuments")
                .string_value(),
            "8");
  EXPECT_EQ(testing::Field(testing::Field(stats.json, "query").struct_value(), "deletedDocuments")
                .string_value(),
            "0");
}

TEST_F(IdentityTest, CliMergesSplitsAliasesAndImportsAKnowledgeBase) {
  IngestSeeds();
  // The registry joins the two spellings of the ministry by itself.
  const std::string ministry = IdOf("Foreign Ministry", v1::ENTITY_TYPE_ORGANIZATION);
  ASSERT_FALSE(ministry.empty());
  ASSERT_EQ(IdOf("Ministry of Foreign Affairs", v1::ENTITY_TYPE_ORGANIZATION), ministry);
  const int64_t both = Entity(ministry, v1::ENTITY_TYPE_ORGANIZATION)->entity().mention_count();

  // Split one off: an entity of its own, the ministry's mentions fewer.
  testing::CliRun run =
      RunCli(dir_, Cli({"split", "Foreign Ministry", "Ministry of Foreign Affairs"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  const std::string mfa = IdOf("Ministry of Foreign Affairs", v1::ENTITY_TYPE_ORGANIZATION);
  ASSERT_FALSE(mfa.empty());
  EXPECT_NE(mfa, ministry);
  EXPECT_LT(Entity(ministry, v1::ENTITY_TYPE_ORGANIZATION)->entity().mention_count(), both);

  // Merged back: one entity again, the other's id kept as merged.
  run = RunCli(dir_, Cli({"merge", "Ministry of Foreign Affairs", "Foreign Ministry"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_EQ(testing::Field(testing::Field(run.json, "entity").struct_value(), "id").string_value(),
            ministry);
  EXPECT_EQ(IdOf("Ministry of Foreign Affairs", v1::ENTITY_TYPE_ORGANIZATION), ministry);
  EXPECT_EQ(Entity(ministry, v1::ENTITY_TYPE_ORGANIZATION)->entity().mention_count(), both);
  EXPECT_THAT(Entity(ministry, v1::ENTITY_TYPE_ORGANIZATION)->entity().merged_ids(), Contains(mfa));

  // Merging a person into an organisation is refused with the reason.
  run = RunCli(dir_, Cli({"merge", "Maria Zakharova", "Foreign Ministry"}));
  EXPECT_EQ(run.exit_code, 64);  // refused arguments, as the command line's own
  EXPECT_THAT(run.log, HasSubstr("INVALID_ARGUMENT"));

  run = RunCli(dir_, Cli({"alias", "Maria Zakharova", "Mariya Zakharova"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_EQ(IdOf("Mariya Zakharova"), IdOf("Maria Zakharova"));
  // Taken back, the alias names nobody; again, NOT_FOUND.
  run = RunCli(dir_, Cli({"unalias", "Maria Zakharova", "Mariya Zakharova"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  EXPECT_THAT(testing::Field(testing::Field(run.json, "entity").struct_value(), "aliases")
                  .list_value()
                  .values(),
              ::testing::IsEmpty());
  EXPECT_EQ(IdOf("Mariya Zakharova"), "");
  run = RunCli(dir_, Cli({"unalias", "Maria Zakharova", "Mariya Zakharova"}));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.log, HasSubstr("NOT_FOUND"));
  run = RunCli(dir_, Cli({"alias", "Maria Zakharova", "Mariya Zakharova"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  // A name of another person is no alias: references by it would stand
  // for both. Refused with the reason, and nothing changes.
  run = RunCli(dir_, Cli({"alias", "Maria Zakharova", "Sergei Lavrov"}));
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_THAT(run.log, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(run.log, HasSubstr("already names"));
  EXPECT_NE(IdOf("Sergei Lavrov"), IdOf("Maria Zakharova"));

  // A knowledge base: a bad line imports nothing and says where it is.
  const std::string bad = dir_.Sub("bad.jsonl");
  std::ofstream(bad) << R"({"name": "Serbia", "type": "location"})"
                     << "\n"
                     << R"({"name": "Kosovo", "type": "province"})"
                     << "\n";
  run = RunCli(dir_, Cli({"import-kb", bad}));
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_THAT(run.log, HasSubstr("bad.jsonl:2:"));
  EXPECT_THAT(run.log, HasSubstr("nothing imported"));
  EXPECT_FALSE(
      Entity("Serbia", v1::ENTITY_TYPE_LOCATION)->entity().external_ids().contains("wikidata"));

  const std::string kb = dir_.Sub("kb.jsonl");
  std::ofstream(kb) << R"({"name": "Serbia", "aliases": ["Srbija", "Republic of Serbia"],)"
                    << R"( "type": "location", "externalIds": {"wikidata": "Q403"}})"
                    << "\n\n"
                    << R"({"name": "Zorana Mihajlovic", "aliases": ["Zorana Mihajlović"],)"
                    << R"( "type": "person", "externalIds": {"wikidata": "Q8074823"}})"
                    << "\n";
  run = RunCli(dir_, Cli({"import-kb", kb}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  // The JSON mapping of one ImportKnowledgeBaseResponse.
  EXPECT_EQ(testing::Items(run.json, "entities").size(), 2u);
  EXPECT_EQ(testing::Int(run.json, "createdCount"), 0);  // both were in the seeds
  // The seeds' Serbia and Zorana Mihajlovic joined them, under new ids.
  EXPECT_EQ(testing::Int(run.json, "joinedCount"), 2);
  auto serbia = Entity("Srbija", v1::ENTITY_TYPE_LOCATION);
  ASSERT_TRUE(serbia.ok()) << serbia.status();
  // Its name is not among its other names.
  EXPECT_THAT(serbia->entity().aliases(),
              ::testing::UnorderedElementsAre("Srbija", "Republic of Serbia"));
  EXPECT_EQ(serbia->entity().external_ids().at("wikidata"), "Q403");
  EXPECT_EQ(serbia->entity().external_ids().at("geonames"), "6290252");
  EXPECT_GE(serbia->entity().document_count(), 5);
  EXPECT_EQ(IdOf("Zorana Mihajlovi\xc4\x87"), IdOf("Zorana Mihajlovic"));
  // Without --json: what joined says so, as the ids change; again,
  // nothing new and nothing joins.
  const std::string vucic = dir_.Sub("vucic.jsonl");
  std::ofstream(vucic) << R"({"name": "Aleksandar Vu\u010di\u0107", "type": "person",)"
                       << R"( "externalIds": {"wikidata": "Q1052"}})"
                       << "\n";
  const std::string vucic_before = IdOf("Vucic");
  // The CLI as people run it (no --json).
  auto plain = [&](const std::vector<std::string>& args) {
    std::vector<std::string> without_json;
    for (const std::string& a : Cli(args)) {
      if (a != "--json") without_json.push_back(a);
    }
    return testing::RunBinary(dir_, "dossier", without_json);
  };
  auto printed_by = [&](const std::string& file) {
    const testing::BinaryRun run = plain({"import-kb", file});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  };
  EXPECT_EQ(printed_by(vucic),
            "imported 1 entity (0 new to the registry)\n"
            "1 entity that documents had made joined the imported ones and go by their ids now "
            "(the old ids still find them)\n");
  EXPECT_NE(IdOf("Vucic"), vucic_before);
  EXPECT_EQ(IdOf(vucic_before), IdOf("Vucic"));
  EXPECT_EQ(printed_by(vucic), "imported 1 entity (0 new to the registry)\n");
  // A name that names nothing: "did you mean" offers the entities
  // documents name, not a knowledge base's that none does.
  const std::string village = dir_.Sub("village.jsonl");
  std::ofstream(village) << R"({"name": "Zakharovo", "type": "location",)"
                         << R"( "externalIds": {"geonames": "123456789"}})"
                         << "\n";
  EXPECT_EQ(printed_by(village), "imported 1 entity (1 new to the registry)\n");
  EXPECT_THAT(plain({"entities", "Zakharov"}).out, HasSubstr("Zakharovo"));
  const testing::BinaryRun misspelt = plain({"entity", "Zakharovva"});
  EXPECT_EQ(misspelt.exit_code, 3);
  EXPECT_THAT(misspelt.err, HasSubstr("did you mean: Maria Zakharova (PERSON")) << misspelt.err;
  EXPECT_THAT(misspelt.err, ::testing::Not(HasSubstr("Zakharovo"))) << misspelt.err;

  // What `dossier entity` prints for a person.
  std::vector<std::string> args = Cli({"entity", "Zakharova"});
  std::vector<std::string> argv = {testing::BinDir() + "/dossier"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto process = testing::Process::Start(argv, dir_.Sub("entity.log"), dir_.Sub("entity.out"));
  ASSERT_TRUE(process.ok());
  ASSERT_EQ(*process->Wait(absl::Seconds(30)), 0);
  const std::string printed = testing::ReadFile(dir_.Sub("entity.out"));
  EXPECT_THAT(printed, HasSubstr("Maria Zakharova  PERSON"));
  // How the name was read, as a filter's names say.
  EXPECT_TRUE(absl::StartsWith(printed, "Zakharova \xe2\x86\x92 Maria Zakharova\n")) << printed;
  EXPECT_THAT(printed, HasSubstr("aliases     Mariya Zakharova"));
  EXPECT_THAT(printed, HasSubstr("roles"));
  EXPECT_THAT(printed, HasSubstr("spokeswoman"));
}

// `dossier retype` gives an entity the type the tagger missed, in every
// answer and in its documents, and the tagger hears of the name.
TEST_F(IdentityTest, CliRetypesAnEntityEverywhereItIsRead) {
  IngestSeeds({{"veritas.txt",
                "date 2005-01-20 Veritas, the party Robert Kilroy-Silk set up this month, "
                "said it would fight the Erewash seat. Veritas members met in Derby."}});
  auto party = Entity("Veritas", v1::ENTITY_TYPE_UNSPECIFIED);
  ASSERT_TRUE(party.ok()) << party.status();
  const std::string id = party->entity().id();

  testing::CliRun run = RunCli(dir_, Cli({"retype", "Veritas", "org"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  const auto entity = testing::Field(run.json, "entity").struct_value();
  EXPECT_EQ(testing::Field(entity, "id").string_value(), id);
  EXPECT_EQ(testing::Field(entity, "type").string_value(), "ENTITY_TYPE_ORGANIZATION");
  EXPECT_EQ(IdOf("Veritas", v1::ENTITY_TYPE_ORGANIZATION), id);
  // In its document, on the entity and its mentions.
  const v1::Document document = Get(ids_.at("ver"));
  int seen = 0;
  for (const v1::Entity& e : document.annotations().entities()) {
    if (e.entity_id() != id) continue;
    ++seen;
    EXPECT_EQ(e.type(), v1::ENTITY_TYPE_ORGANIZATION);
    for (const int m : e.mention_indices()) {
      EXPECT_EQ(document.annotations().mentions(m).type(), v1::ENTITY_TYPE_ORGANIZATION);
    }
  }
  EXPECT_GE(seen, 1);
  // The tagger's known names have it, as an organisation.
  {
    v1::ListKnownNamesRequest request;
    v1::ListKnownNamesResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    ASSERT_TRUE(Registry()->ListKnownNames(&context, request, &response).ok());
    bool known = false;
    for (const v1::KnownName& name : response.names()) {
      known |= name.name() == "Veritas" && name.type() == v1::ENTITY_TYPE_ORGANIZATION &&
               name.entity_id() == id;
    }
    EXPECT_TRUE(known);
  }
  // Again: the same answer.
  run = RunCli(dir_, Cli({"retype", id, "organization"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  // Mistakes: a type the API has not (the command line's own refusal), an
  // entity no document names.
  run = RunCli(dir_, Cli({"retype", "Veritas", "party"}));
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_THAT(run.log, HasSubstr("is not an entity type"));
  run = RunCli(dir_, Cli({"retype", "Nobody Atall", "person"}));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.log, HasSubstr("NOT_FOUND"));
}

}  // namespace
}  // namespace dossier
