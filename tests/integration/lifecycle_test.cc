// The lifecycle of documents on the real binaries, through the CLI:
// `dossier ingest --wait`, `dossier delete` (everywhere, idempotent,
// through SIGKILLs of the query service, and a re-submission afterwards),
// `dossier stats` and `dossier export`.
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/time_util.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/cli_run.h"
#include "tests/support/cluster.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using testing::CliRun;
using testing::Cluster;
using testing::Field;
using ::testing::HasSubstr;
using testing::Int;
using testing::Items;
using testing::RunCli;
using testing::Service;

// A CSV file as records of fields (RFC 4180: quoted fields may hold commas,
// doubled quotes and line breaks).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      records.back().push_back(std::move(field));
      field.clear();
      records.emplace_back();
    } else {
      field += c;
    }
  }
  if (records.back().empty()) records.pop_back();
  return records;
}

class LifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(cluster_.StartAll().ok()); }

  std::vector<std::string> Cli(std::vector<std::string> args) {
    return cluster_.WithCliFlags(std::move(args));
  }

  std::unique_ptr<v1::QueryService::Stub> Query() {
    return v1::QueryService::NewStub(MakeChannel(cluster_.address(Service::kQuery)));
  }

  absl::StatusOr<v1::Document> Get(const std::string& id) { return cluster_.GetDocument(id); }

  // Every id listed, and the total ListDocuments reports.
  std::set<std::string> ListAll(int64_t* total) {
    v1::ListDocumentsRequest request;
    request.set_page_size(1000);
    v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    EXPECT_TRUE(Query()->ListDocuments(&context, request, &response).ok());
    std::set<std::string> ids;
    for (const auto& d : response.documents()) ids.insert(d.id());
    *total = response.total_size();
    return ids;
  }

  // Ids of the documents naming `entity` (an ent_ id), by search.
  std::set<std::string> Naming(const std::string& entity) {
    v1::SearchDocumentsRequest request;
    request.mutable_filter()->add_entities(entity);
    request.set_page_size(100);
    v1::SearchDocumentsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    EXPECT_TRUE(Query()->SearchDocuments(&context, request, &response).ok());
    std::set<std::string> ids;
    for (const auto& hit : response.hits()) ids.insert(hit.document().id());
    return ids;
  }

  int64_t EntityDocuments(const std::string& entity) {
    v1::GetEntityRequest request;
    request.set_name(entity);
    v1::GetEntityResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    const grpc::Status s = Query()->GetEntity(&context, request, &response);
    return s.ok() ? response.entity().document_count() : -1;
  }

  absl::StatusOr<v1::GetStoryResponse> Story(const std::string& id) {
    v1::GetStoryRequest request;
    request.set_name("stories/" + id);
    v1::GetStoryResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    absl::Status s = FromGrpcStatus(Query()->GetStory(&context, request, &response));
    if (!s.ok()) return s;
    return response;
  }

  std::set<std::string> StoryIds() {
    v1::ListStoriesRequest request;
    request.set_page_size(1000);
    v1::ListStoriesResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    EXPECT_TRUE(Query()->ListStories(&context, request, &response).ok());
    std::set<std::string> ids;
    for (const auto& s : response.stories()) ids.insert(s.id());
    return ids;
  }

  // `dossier stats --json`: the query part's document count.
  int64_t StatsDocuments() {
    const CliRun stats = RunCli(dir_, Cli({"stats"}));
    EXPECT_EQ(stats.exit_code, 0) << stats.log;
    if (!Field(stats.json, "query").has_struct_value()) return -1;
    return Int(Field(stats.json, "query").struct_value(), "documents");
  }

  testing::TempDir dir_;
  Cluster cluster_{dir_.path()};
};

TEST_F(LifecycleTest, DeleteTakesADocumentOutOfEverythingAndSurvivesSigkill) {
  const std::string seeds = testing::SharedDir() + "/seeds";
  CliRun run = RunCli(dir_, Cli({"ingest", seeds, "--wait"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  // --wait's summary goes beside the JSON Lines, on stderr.
  EXPECT_THAT(run.log, HasSubstr("indexed 5 of 5 accepted"));
  // Sent again, the duplicates' stored documents are what --wait waits for.
  const CliRun resent = RunCli(dir_, Cli({"ingest", seeds, "--wait"}));
  ASSERT_EQ(resent.exit_code, 0) << resent.log;
  EXPECT_THAT(resent.log, HasSubstr("indexed 5 of 5 (0 accepted now, 5 stored before"));
  const std::map<std::string, std::string> by_seed = testing::IdsBySource(run);
  ASSERT_EQ(by_seed.size(), 5u);
  // --wait returned only once all five were searchable.
  int64_t total = 0;
  EXPECT_EQ(ListAll(&total).size(), 5u);
  EXPECT_EQ(total, 5);

  // Seed 000 starts the story 001 joins; it names entities the others do.
  const std::string gone = by_seed.at("000");
  auto document = Get(gone);
  ASSERT_TRUE(document.ok()) << document.status();
  const std::string story = document->story_id();
  ASSERT_EQ(Get(by_seed.at("001"))->story_id(), story);
  std::string entity;
  int64_t entity_documents = 0;
  for (const auto& e : document->annotations().entities()) {
    const int64_t n = EntityDocuments(e.entity_id());
    if (n > entity_documents) {
      entity = e.entity_id();
      entity_documents = n;
    }
  }
  ASSERT_FALSE(entity.empty());
  ASSERT_TRUE(Naming(entity).count(gone));

  CliRun deleted = RunCli(dir_, Cli({"delete", gone}));
  ASSERT_EQ(deleted.exit_code, 0) << deleted.log;
  EXPECT_EQ(Field(deleted.json, "deleted").bool_value(), true) << deleted.output;

  auto check_gone = [&](const std::string& when) {
    SCOPED_TRACE(when);
    EXPECT_EQ(Get(gone).status().code(), absl::StatusCode::kNotFound);
    int64_t listed = 0;
    const std::set<std::string> ids = ListAll(&listed);
    EXPECT_EQ(ids.size(), 4u);
    EXPECT_FALSE(ids.count(gone));
    EXPECT_EQ(listed, 4);
    EXPECT_FALSE(Naming(entity).count(gone));
    EXPECT_EQ(EntityDocuments(entity), entity_documents - 1);
    // The story lives on with 001 alone, recounted.
    auto s = Story(story);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_EQ(s->story().document_count(), 1);
    ASSERT_EQ(s->documents_size(), 1);
    EXPECT_EQ(s->documents(0).id(), by_seed.at("001"));
    EXPECT_EQ(StatsDocuments(), 4);
  };
  check_gone("after the delete");
  const CliRun status = RunCli(dir_, Cli({"status", gone}));
  EXPECT_EQ(Field(status.json, "state").string_value(), "DOCUMENT_STATE_DELETED") << status.output;

  // Again: nothing to do, and nothing changes.
  CliRun again = RunCli(dir_, Cli({"delete", gone}));
  ASSERT_EQ(again.exit_code, 0) << again.log;
  EXPECT_FALSE(Field(again.json, "deleted").bool_value());
  check_gone("after deleting again");

  // The query service killed right after a delete answered: it stays done.
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  check_gone("after a SIGKILL and restart");

  // A delete while the query service is down fails and changes nothing;
  // sent again once it is back, it is done, and survives another SIGKILL.
  const std::string second = by_seed.at("001");
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  CliRun down = RunCli(dir_, Cli({"delete", second, "--timeout=3s"}));
  EXPECT_NE(down.exit_code, 0) << down.log;
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  EXPECT_TRUE(Get(second).ok());
  CliRun retried = RunCli(dir_, Cli({"delete", second}));
  ASSERT_EQ(retried.exit_code, 0) << retried.log;
  EXPECT_TRUE(Field(retried.json, "deleted").bool_value());
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  EXPECT_EQ(Get(second).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Story(story).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(StoryIds().count(story));
  EXPECT_EQ(EntityDocuments(entity), entity_documents - 2);
  EXPECT_EQ(StatsDocuments(), 3);

  // Sent again after the takedown, the same text is a new document (ingest
  // forgot it), indexed and searchable again.
  CliRun back = RunCli(dir_, Cli({"ingest", seeds + "/000_ec0e7a28ba9fb3fb.txt", "--wait=60s"}));
  ASSERT_EQ(back.exit_code, 0) << back.log;
  EXPECT_EQ(testing::CountOutcome(back, "ACCEPTED"), 1) << back.output;
  EXPECT_TRUE(Get(gone).ok());
  EXPECT_TRUE(Naming(entity).count(gone));
  EXPECT_EQ(EntityDocuments(entity), entity_documents - 1);
  EXPECT_EQ(StatsDocuments(), 4);
  // And the restarted store agrees.
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  EXPECT_TRUE(Get(gone).ok());
  EXPECT_EQ(EntityDocuments(entity), entity_documents - 1);
  EXPECT_EQ(StatsDocuments(), 4);
}

// A re-tag with the tagger that tagged the documents changes nothing a
// reader sees, even with the query service killed (SIGKILL) in the middle
// of it: every document is there once, with the same entities, quotes and
// story, and every entity counts the same documents.
TEST_F(LifecycleTest, ARetagSurvivesSigkillAndTheSameTaggerChangesNothing) {
  const std::string business = testing::SharedDir() + "/data/bbc/business";
  ASSERT_TRUE(std::filesystem::exists(business)) << business;
  CliRun run = RunCli(dir_, Cli({"ingest", business, "--wait=300s"}), absl::Minutes(6));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  int64_t total = 0;
  const std::set<std::string> ids = ListAll(&total);
  ASSERT_GT(total, 400);
  ASSERT_EQ(static_cast<int64_t>(ids.size()), total);

  // What a reader sees: per document its story, entities (type, key,
  // registry id) and quotes; per entity of the first 60 documents, its
  // document count.
  auto snapshot = [&] {
    std::map<std::string, std::string> seen;
    std::set<std::string> entities;
    int n = 0;
    for (const std::string& id : ids) {
      auto d = Get(id);
      if (!d.ok()) {
        seen[id] = d.status().ToString();
        continue;
      }
      std::string line =
          absl::StrCat("story ", d->story_id(), "; quotes ", d->annotations().quotes_size(), ";");
      for (const auto& e : d->annotations().entities()) {
        absl::StrAppend(&line, " ", v1::EntityType_Name(e.type()), ":", e.key(), "=",
                        e.entity_id());
        if (n < 60) entities.insert(e.entity_id());
      }
      seen[id] = line;
      ++n;
    }
    for (const std::string& e : entities) {
      seen[e] = absl::StrCat(EntityDocuments(e), " documents");
    }
    int64_t listed = 0;
    seen["listed"] = absl::StrCat(ListAll(&listed).size(), " of ", listed);
    seen["stored"] = absl::StrCat(StatsDocuments());
    return seen;
  };
  const std::map<std::string, std::string> before = snapshot();

  // Killed while the re-tag runs; the CLI waits for it to come back.
  auto retag =
      testing::Process::Start({testing::BinDir() + "/dossier", "retag", "--all", "--timeout=60s",
                               "--progress=false", "--ingest=" + cluster_.address(Service::kIngest),
                               "--query=" + cluster_.address(Service::kQuery)},
                              dir_.Sub("retag.log"), dir_.Sub("retag.out"));
  ASSERT_TRUE(retag.ok()) << retag.status();
  auto retagged = [&] {
    const CliRun stats = RunCli(dir_, Cli({"stats"}));
    if (!Field(stats.json, "query").has_struct_value()) return int64_t{-1};
    return Int(Field(stats.json, "query").struct_value(), "retaggedDocuments");
  };
  ASSERT_TRUE(testing::WaitUntil([&] { return retagged() >= 20; }, absl::Seconds(60)));
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  // Killed in the middle, not after the end.
  ASSERT_FALSE(retag->Finished()) << testing::ReadFile(dir_.Sub("retag.out"));
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  auto code = retag->Wait(absl::Minutes(5));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << testing::ReadFile(dir_.Sub("retag.log"));
  // Each document once, whatever was re-tagged twice around the kill.
  EXPECT_THAT(testing::ReadFile(dir_.Sub("retag.out")),
              ::testing::StartsWith(absl::StrCat("re-tagged ", total, " documents (tagger ")));
  EXPECT_GE(retagged(), total);

  const std::map<std::string, std::string> after = snapshot();
  for (const auto& [key, value] : before) {
    auto it = after.find(key);
    ASSERT_NE(it, after.end()) << key;
    EXPECT_EQ(it->second, value) << key;
  }
  EXPECT_EQ(after.size(), before.size());
  // And after another SIGKILL, read from disk alone.
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  EXPECT_EQ(snapshot(), before);
}

// A document the tagger refuses fails alone: the others of the call are
// re-tagged, the command says which failed and why, and exits 2; the
// failed one keeps what it had.
TEST_F(LifecycleTest, ARetagTheTaggerRefusesFailsThatDocumentAlone) {
  const std::string dir = dir_.Sub("short");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/a.txt") << "Maria Zakharova spoke in Moscow on Monday.";
  std::ofstream(dir + "/b.txt") << "Aleksandar Vucic met envoys in Belgrade.";
  std::string long_text = "Sergey Lavrov arrived in Geneva.";
  for (int round = 1; long_text.size() < 3000; ++round) {
    absl::StrAppend(&long_text, " Round ", round, " of the talks went on for ", round + 2,
                    " hours.");
  }
  std::ofstream(dir + "/c.txt") << long_text;
  CliRun run = RunCli(dir_, Cli({"ingest", dir, "--wait=60s"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  const std::string long_id = testing::IdsBySource(run).at("c.t");
  const auto before = Get(long_id);
  ASSERT_TRUE(before.ok());
  ASSERT_GT(before->text().size(), 2000u);

  // The tagger restarted with a smaller cap than the long text.
  ASSERT_TRUE(cluster_.Stop(Service::kTagger, SIGTERM).ok());
  cluster_.SetFlags(Service::kTagger, {"--max_text_bytes=2000"});
  ASSERT_TRUE(cluster_.Start(Service::kTagger).ok());
  std::vector<std::string> args;
  for (const std::string& a : Cli({"retag", "--all"})) {
    if (a != "--json") args.push_back(a);
  }
  const testing::BinaryRun plain = testing::RunBinary(dir_, "dossier", args);
  EXPECT_EQ(plain.exit_code, 2) << plain.err;
  EXPECT_THAT(plain.out, ::testing::StartsWith("re-tagged 2 documents (tagger "));
  EXPECT_THAT(plain.out, HasSubstr(", 1 failed (said above)\n"));
  EXPECT_THAT(plain.err, HasSubstr("documents/" + long_id + " failed, it keeps what it had: "));
  EXPECT_THAT(plain.err, HasSubstr("bytes; the limit is 2000"));
  const auto after = Get(long_id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->annotations().SerializeAsString(), before->annotations().SerializeAsString());
}

TEST_F(LifecycleTest, DeleteRecomputesFirstAndLastSeenAndDropsEntitiesLeftWithoutDocuments) {
  CliRun run = RunCli(dir_, Cli({"ingest", testing::SharedDir() + "/seeds", "--wait"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  // The TASS seed is the oldest (2022-08-01); the others are later.
  std::string tass;
  for (const std::string& id : testing::AcknowledgedIds(run)) {
    auto d = Get(id);
    ASSERT_TRUE(d.ok());
    if (d->metadata().outlet() == "TASS") tass = id;
  }
  ASSERT_FALSE(tass.empty());
  auto document = Get(tass);
  ASSERT_TRUE(document.ok());
  auto profile = [&](const std::string& entity) -> absl::StatusOr<v1::EntityProfile> {
    v1::GetEntityRequest request;
    request.set_name(entity);
    v1::GetEntityResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    absl::Status s = FromGrpcStatus(Query()->GetEntity(&context, request, &response));
    if (!s.ok()) return s;
    return response.entity();
  };
  auto day = [](const v1::Date& d) { return d.year() * 10000 + d.month() * 100 + d.day(); };
  // Entities first seen in it: some named elsewhere too, some only there.
  std::vector<std::string> shared, only_here;
  for (const auto& e : document->annotations().entities()) {
    auto p = profile(e.entity_id());
    ASSERT_TRUE(p.ok()) << p.status();
    if (day(p->first_seen()) != 20220801) continue;
    (p->document_count() > 1 ? shared : only_here).push_back(e.entity_id());
  }
  ASSERT_FALSE(shared.empty());
  ASSERT_FALSE(only_here.empty());

  CliRun deleted = RunCli(dir_, Cli({"delete", tass}));
  ASSERT_EQ(deleted.exit_code, 0) << deleted.log;
  auto check = [&](const std::string& when) {
    SCOPED_TRACE(when);
    for (const std::string& entity : shared) {
      auto p = profile(entity);
      ASSERT_TRUE(p.ok()) << p.status();
      EXPECT_GT(day(p->first_seen()), 20220801) << entity;
      EXPECT_GE(day(p->last_seen()), day(p->first_seen()));
    }
    for (const std::string& entity : only_here) {
      EXPECT_EQ(profile(entity).status().code(), absl::StatusCode::kNotFound) << entity;
    }
  };
  check("after the delete");
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  check("after a SIGKILL of the query service");
}

// A role's first and last seen follow the documents that still give it:
// deleting the first and the last document that call Zakharova the
// spokeswoman moves both days to the one in between, while a later
// document naming her without the title keeps the entity's last day; also
// across a SIGKILL of the query service.
TEST_F(LifecycleTest, DeleteRecomputesARolesFirstAndLastSeen) {
  const std::string file = dir_.Sub("roles.jsonl");
  {
    std::ofstream out(file);
    out << R"({"date": "2020-01-10", "text": "Foreign Ministry spokeswoman Maria Zakharova )"
        << R"(said on Friday that the talks in Geneva would go on until the spring."})"
        << "\n"
        << R"({"date": "2021-05-05", "text": "Foreign Ministry spokeswoman Maria Zakharova )"
        << R"(told reporters in Moscow on Wednesday that the embassy would reopen."})"
        << "\n"
        << R"({"date": "2022-03-03", "text": "Foreign Ministry spokeswoman Maria Zakharova )"
        << R"(accused the envoys of spreading rumours about the harvest on Thursday."})"
        << "\n"
        // Names her without the title: the entity's days run on, the role's
        // do not.
        << R"({"date": "2023-06-06", "text": "Maria Zakharova was seen at the opera in )"
        << R"(Vienna, where the orchestra played Mahler all evening."})"
        << "\n";
  }
  CliRun run = RunCli(dir_, Cli({"ingest", file, "--date_field=date", "--wait"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  // The ids in date order.
  std::map<std::string, std::string> by_date;
  for (const std::string& id : testing::AcknowledgedIds(run)) {
    auto d = Get(id);
    ASSERT_TRUE(d.ok()) << d.status();
    by_date[FormatDate(d->metadata().publish_date())] = id;
  }
  ASSERT_EQ(by_date.size(), 4u) << run.output;
  std::vector<std::string> ids;
  for (const auto& [date, id] : by_date) ids.push_back(id);
  std::string zakharova;
  const auto middle = Get(ids[1]);
  ASSERT_TRUE(middle.ok()) << middle.status();
  for (const auto& e : middle->annotations().entities()) {
    if (e.name() == "Maria Zakharova") zakharova = e.entity_id();
  }
  ASSERT_FALSE(zakharova.empty());
  // The role's days, as "first..last", and how many documents give it.
  auto role = [&](int64_t* documents) -> std::string {
    v1::GetEntityRequest request;
    request.set_name(zakharova);
    v1::GetEntityResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    EXPECT_TRUE(Query()->GetEntity(&context, request, &response).ok());
    for (const auto& r : response.entity().roles()) {
      if (absl::AsciiStrToLower(r.title()).find("spokeswoman") == std::string::npos) continue;
      *documents = r.document_count();
      return FormatDate(r.first_seen()) + ".." + FormatDate(r.last_seen());
    }
    return "no role";
  };
  int64_t documents = 0;
  EXPECT_EQ(role(&documents), "2020-01-10..2022-03-03");
  EXPECT_EQ(documents, 3);
  ASSERT_EQ(RunCli(dir_, Cli({"delete", ids[0]})).exit_code, 0);
  EXPECT_EQ(role(&documents), "2021-05-05..2022-03-03");
  ASSERT_EQ(RunCli(dir_, Cli({"delete", ids[2]})).exit_code, 0);
  EXPECT_EQ(role(&documents), "2021-05-05..2021-05-05");
  EXPECT_EQ(documents, 1);
  // The entity's own days are its documents', the title-less one's too.
  {
    v1::GetEntityRequest request;
    request.set_name(zakharova);
    v1::GetEntityResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    ASSERT_TRUE(Query()->GetEntity(&context, request, &response).ok());
    EXPECT_EQ(FormatDate(response.entity().first_seen()), "2021-05-05");
    EXPECT_EQ(FormatDate(response.entity().last_seen()), "2023-06-06");
  }
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  EXPECT_EQ(role(&documents), "2021-05-05..2021-05-05");
}

TEST_F(LifecycleTest, ADeletedDocumentIsNoLongerLinkedAsANearDuplicate) {
  std::ifstream in(testing::SharedDir() + "/seeds/000_ec0e7a28ba9fb3fb.txt");
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_GT(text.str().size(), 500u);
  // The article, then two revisions of it, each with a line added.
  auto ingest = [&](const std::string& name, const std::string& body) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path) << body;
    CliRun run = RunCli(dir_, Cli({"ingest", path, "--wait"}));
    EXPECT_EQ(run.exit_code, 0) << run.log;
    EXPECT_EQ(run.lines.size(), 1u) << run.output;
    std::pair<std::string, std::set<std::string>> out;
    if (run.lines.empty()) return out;
    const auto& result = Field(run.lines[0], "result").struct_value();
    out.first = Field(result, "documentId").string_value();
    for (const auto& link : Items(result, "nearDuplicates")) {
      out.second.insert(Field(link, "documentId").string_value());
    }
    return out;
  };
  const auto original = ingest("original.txt", text.str());
  ASSERT_FALSE(original.first.empty());
  // Before the delete, a revision is linked to it.
  const auto first = ingest("first.txt", text.str() + "\nUpdated with a first correction.\n");
  EXPECT_TRUE(first.second.count(original.first)) << "the control: not linked before the delete";
  for (const std::string& id : {original.first, first.first}) {
    CliRun deleted = RunCli(dir_, Cli({"delete", id}));
    ASSERT_EQ(deleted.exit_code, 0) << deleted.log;
  }
  // After it, a revision is linked to neither (and ingest was not restarted).
  const auto second = ingest("second.txt", text.str() + "\nUpdated with a second correction.\n");
  EXPECT_FALSE(second.second.count(original.first));
  EXPECT_FALSE(second.second.count(first.first));
}

TEST_F(LifecycleTest, DeleteOfAnUnknownIdSucceedsAndABadIdIsAUsageError) {
  CliRun unknown = RunCli(dir_, Cli({"delete", std::string(32, 'a')}));
  EXPECT_EQ(unknown.exit_code, 0) << unknown.log;
  // Said, not left out as the protobuf mapping leaves a false out.
  ASSERT_TRUE(unknown.json.fields().contains("deleted")) << unknown.output;
  EXPECT_EQ(Field(unknown.json, "deleted").kind_case(), google::protobuf::Value::kBoolValue);
  EXPECT_FALSE(Field(unknown.json, "deleted").bool_value());
  CliRun bad = RunCli(dir_, Cli({"delete", "not-an-id"}));
  EXPECT_EQ(bad.exit_code, 64) << bad.log;
}

TEST_F(LifecycleTest, StatsShowStagesBacklogAndStoreSizes) {
  CliRun run = RunCli(dir_, Cli({"ingest", testing::SharedDir() + "/seeds", "--wait"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  const CliRun stats = RunCli(dir_, Cli({"stats"}));
  ASSERT_EQ(stats.exit_code, 0) << stats.log;
  const auto& ingest = Field(stats.json, "ingest").struct_value();
  const auto& query = Field(stats.json, "query").struct_value();
  std::map<std::string, int64_t> states;
  for (const auto& s : Items(ingest, "states")) {
    states[Field(s, "state").string_value()] = Int(s, "documents");
    // A count of zero is said, not left out.
    EXPECT_TRUE(s.fields().contains("documents")) << stats.output;
  }
  EXPECT_TRUE(ingest.fields().contains("outboxDocuments")) << stats.output;
  EXPECT_EQ(states["DOCUMENT_STATE_INDEXED"], 5) << stats.output;
  EXPECT_EQ(states["DOCUMENT_STATE_ACCEPTED"], 0);
  EXPECT_TRUE(states.count("DOCUMENT_STATE_FAILED"));
  EXPECT_EQ(Int(ingest, "outboxDocuments"), 0);
  EXPECT_EQ(Field(ingest, "oldestOutboxAcceptTime").kind_case(),
            google::protobuf::Value::KIND_NOT_SET);
  EXPECT_EQ(Int(query, "documents"), 5);
  EXPECT_GE(Int(query, "stories"), 3);
  EXPECT_LE(Int(query, "stories"), 5);
  EXPECT_GT(Int(query, "entities"), 5);
  EXPECT_GE(Int(query, "entityKeys"), Int(query, "entities") / 2);
  // Before any flush the documents are in the write-ahead logs, which count.
  EXPECT_GT(Int(ingest, "bytesOnDisk"), 0) << stats.output;
  EXPECT_GT(Int(query, "bytesOnDisk"), 0) << stats.output;
}

TEST_F(LifecycleTest, ExportWritesJsonLinesAndCsv) {
  CliRun run = RunCli(dir_, Cli({"ingest", testing::SharedDir() + "/seeds", "--wait"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  const std::set<std::string> ids = testing::AcknowledgedIds(run);

  // JSON Lines on stdout: one document a line, with metadata and entities.
  CliRun jsonl = RunCli(dir_, Cli({"export", "--format=jsonl"}));
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.log;
  ASSERT_EQ(jsonl.lines.size(), 5u) << jsonl.output;
  std::set<std::string> exported;
  for (const auto& line : jsonl.lines) {
    exported.insert(Field(line, "id").string_value());
    EXPECT_FALSE(Field(line, "text").string_value().empty());
    EXPECT_TRUE(Field(line, "metadata").has_struct_value());
    EXPECT_FALSE(Items(Field(line, "annotations").struct_value(), "entities").empty());
  }
  EXPECT_EQ(exported, ids);

  // Filters are list's.
  CliRun tass = RunCli(dir_, Cli({"export", "--outlet=TASS"}));
  ASSERT_EQ(tass.exit_code, 0) << tass.log;
  EXPECT_EQ(tass.lines.size(), 1u);

  // CSV to a file: a header, then one record a document, quoted where needed
  // (texts hold commas, quotes and line breaks).
  const std::string path = dir_.Sub("export.csv");
  CliRun csv = RunCli(dir_, Cli({"export", "--format=csv", "--out=" + path}));
  ASSERT_EQ(csv.exit_code, 0) << csv.log;
  EXPECT_THAT(csv.log, HasSubstr("exported 5 documents"));
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const auto records = ParseCsv(text.str());
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[0][0], "id");
  EXPECT_EQ(records[0].size(), 10u);
  std::set<std::string> csv_ids;
  for (size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), 10u) << i;
    csv_ids.insert(records[i][0]);
    EXPECT_FALSE(records[i][9].empty());
  }
  EXPECT_EQ(csv_ids, ids);
  const auto& tass_record = *std::find_if(records.begin() + 1, records.end(),
                                          [](const auto& r) { return r[2] == "TASS"; });
  EXPECT_EQ(tass_record[1], "2022-08-01");
  EXPECT_THAT(tass_record[8], HasSubstr("("));
  // Items split by "; " are whole: "Name (TYPE, ent_...)".
  for (const absl::string_view item : absl::StrSplit(tass_record[8], "; ")) {
    EXPECT_TRUE(absl::EndsWith(item, ")")) << item;
    EXPECT_THAT(std::string(item),
                ::testing::ContainsRegex(" \\((PERSON|ORG|LOCATION|MISC)(, ent_[0-9a-f]+)?\\)$"))
        << item;
  }

  CliRun bad = RunCli(dir_, Cli({"export", "--format=xml"}));
  EXPECT_EQ(bad.exit_code, 64);
  // An entity that is none is said, as list says it, and nothing is
  // written: a typo is no empty export.
  const std::string nobody = dir_.Sub("nobody.jsonl");
  CliRun unknown = RunCli(dir_, Cli({"export", "--entity=Nobodyxyz", "--out=" + nobody}));
  EXPECT_EQ(unknown.exit_code, 3) << unknown.log;
  EXPECT_THAT(unknown.log, HasSubstr("Nobodyxyz → no entity of that name"));
  EXPECT_FALSE(std::ifstream(nobody).good());
  EXPECT_FALSE(std::ifstream(nobody + ".partial").good());
  // A file that cannot be written is named (not the one written first
  // beside it), with the reason.
  const std::string nowhere = dir_.Sub("no-such-folder/export.csv");
  CliRun unwritable = RunCli(dir_, Cli({"export", "--format=csv", "--out=" + nowhere}));
  EXPECT_EQ(unwritable.exit_code, 73);
  EXPECT_THAT(unwritable.log,
              HasSubstr(absl::StrCat("cannot write ", nowhere, ": No such file or directory\n")));

  // An export that fails leaves the file it would have replaced as it was.
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGKILL).ok());
  CliRun failed = RunCli(dir_, Cli({"export", "--format=csv", "--out=" + path}));
  EXPECT_EQ(failed.exit_code, 69) << failed.log;
  std::ifstream again(path);
  std::stringstream kept;
  kept << again.rdbuf();
  EXPECT_EQ(kept.str(), text.str());
  EXPECT_FALSE(std::ifstream(path + ".partial").good());
}

}  // namespace
}  // namespace dossier
