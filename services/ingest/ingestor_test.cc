// The ingestor against real tagger and query gRPC servers on port 0, with
// real RocksDB stores in temp dirs.
#include "services/ingest/ingestor.h"

#include <future>

#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/server.h"
#include "common/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/query/document_store.h"
#include "services/query/query_service.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger_service.h"
#include "tests/support/temp_dir.h"

namespace dossier::ingest {
namespace {

// A query server on a fixed address that can be stopped and restarted.
class QueryServer {
 public:
  explicit QueryServer(std::string data_dir) : data_dir_(std::move(data_dir)) {}
  ~QueryServer() { Stop(); }

  void Start(const std::string& listen) {
    if (idf_ == nullptr) {
      auto idf = query::IdfTable::Load(testing::SourceDir() + "/models/idf/idf.bin");
      ASSERT_TRUE(idf.ok()) << idf.status();
      idf_ = std::move(*idf);
    }
    query::DocumentStoreOptions options;
    options.path = data_dir_;
    options.idf = idf_.get();
    auto store = query::DocumentStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    index_ = std::make_unique<query::IndexServiceImpl>(store_.get(), &pool_);
    ServerOptions server_options;
    server_options.listen = listen;
    server_options.drain_timeout = absl::Milliseconds(100);
    auto server = Server::BuildAndStart(
        server_options, {{index_.get(), v1::IndexService::service_full_name()}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }
  void Stop() {
    server_.reset();
    index_.reset();
    store_.reset();
  }
  query::DocumentStore* store() { return store_.get(); }
  std::string address() const { return server_->address(); }

 private:
  std::string data_dir_;
  ThreadPool pool_{2};
  std::unique_ptr<query::IdfTable> idf_;
  std::unique_ptr<query::DocumentStore> store_;
  std::unique_ptr<query::IndexServiceImpl> index_;
  std::unique_ptr<Server> server_;
};

class IngestorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tagger_service_ = std::make_unique<tagger::TaggerServiceImpl>(&tagger_, &pool_);
    auto server = Server::BuildAndStart(
        {}, {{tagger_service_.get(), v1::TaggerService::service_full_name()}});
    ASSERT_TRUE(server.ok());
    tagger_server_ = std::move(*server);
    tagger_address_ = tagger_server_->address();
    query_.Start("127.0.0.1:0");
    query_address_ = query_.address();
  }

  std::unique_ptr<Ingestor> StartIngestor(size_t max_outbox = 1000) {
    IngestorOptions options;
    options.data_dir = dir_.Sub("outbox");
    options.max_outbox_documents = max_outbox;
    options.backoff_initial = absl::Milliseconds(20);
    options.backoff_max = absl::Milliseconds(200);
    auto ingestor = Ingestor::Start(
        options, NewGrpcTaggerClient(tagger_address_, absl::Seconds(10)),
        NewGrpcIndexClient(query_address_, absl::Seconds(10)));
    EXPECT_TRUE(ingestor.ok()) << ingestor.status();
    return ingestor.ok() ? std::move(*ingestor) : nullptr;
  }

  static v1::IngestResult SubmitAndWait(Ingestor* ingestor, const std::string& text,
                                        const std::string& key = "") {
    v1::DocumentInput input;
    input.set_text(text);
    input.set_client_key(key);
    std::promise<v1::IngestResult> promise;
    ingestor->Submit(input, [&promise](v1::IngestResult r) {
      promise.set_value(std::move(r));
    });
    return promise.get_future().get();
  }

  static v1::DocumentState WaitForState(Ingestor* ingestor, const std::string& id,
                                        v1::DocumentState want) {
    v1::DocumentState last = v1::DOCUMENT_STATE_UNSPECIFIED;
    for (int i = 0; i < 500; ++i) {
      auto status = ingestor->GetStatus(id);
      if (status.ok()) last = status->state();
      if (last == want) return last;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return last;
  }

  testing::TempDir dir_;
  ThreadPool pool_{2};
  tagger::Tagger tagger_{std::shared_ptr<const tagger::Recognizer>(
      *tagger::NerRecognizer::Load(testing::SourceDir() + "/models/ner/model.bin"))};
  std::unique_ptr<tagger::TaggerServiceImpl> tagger_service_;
  std::unique_ptr<Server> tagger_server_;
  std::string tagger_address_;
  QueryServer query_{dir_.Sub("query")};
  std::string query_address_;
};

TEST_F(IngestorTest, AcceptedDocumentsReachTheQueryStoreTaggedAndOnce) {
  auto ingestor = StartIngestor();
  v1::IngestResult r = SubmitAndWait(ingestor.get(), "Sergei Lavrov met Dmitry Peskov.");
  ASSERT_EQ(r.outcome(), v1::INGEST_OUTCOME_ACCEPTED) << r.ShortDebugString();
  EXPECT_EQ(WaitForState(ingestor.get(), r.document_id(), v1::DOCUMENT_STATE_INDEXED),
            v1::DOCUMENT_STATE_INDEXED);
  auto stored = query_.store()->Get(r.document_id());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_GE(stored->annotations().mentions_size(), 2);
  EXPECT_TRUE(stored->has_accept_time());

  v1::IngestResult again = SubmitAndWait(ingestor.get(), "Sergei  Lavrov met Dmitry Peskov.");
  EXPECT_EQ(again.outcome(), v1::INGEST_OUTCOME_DUPLICATE);
  EXPECT_EQ(again.duplicate_of(), r.document_id());
  EXPECT_EQ(*query_.store()->Count(), 1u);
  EXPECT_EQ(ingestor->OutboxSize(), 0u);
}

std::string Article(int variant) {
  std::string text = "Officials in Belgrade said on Tuesday that talks with the mission would "
                     "resume next week after a pause of several months.";
  for (int i = 0; i < 12; ++i) {
    absl::StrAppend(&text, "\n\nParagraph ", i, " explains one more detail of the dispute over "
                    "the border crossings and the documents that drivers must carry.");
  }
  if (variant == 1) absl::StrAppend(&text, "\n\nAn update adds that the talks were confirmed.");
  return text;
}

TEST_F(IngestorTest, SameTextUnderAnotherKeyIsADuplicateAndARevisionIsLinked) {
  auto ingestor = StartIngestor();
  v1::IngestResult first = SubmitAndWait(ingestor.get(), Article(0), "feed-a/1");
  ASSERT_EQ(first.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  // The same words, spaced differently, from another feed: not stored twice.
  std::string respaced = Article(0);
  respaced.insert(0, "  ");
  v1::IngestResult copy = SubmitAndWait(ingestor.get(), respaced, "feed-b/77");
  EXPECT_EQ(copy.outcome(), v1::INGEST_OUTCOME_DUPLICATE);
  EXPECT_EQ(copy.duplicate_of(), first.document_id());
  // A revised version is stored and linked to the original.
  v1::IngestResult revision = SubmitAndWait(ingestor.get(), Article(1), "feed-a/1-update");
  ASSERT_EQ(revision.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  ASSERT_EQ(revision.near_duplicates_size(), 1);
  EXPECT_EQ(revision.near_duplicates(0).document_id(), first.document_id());
  EXPECT_GT(revision.near_duplicates(0).similarity(), 0.8);
  // Delivery workers run side by side: the first may land after the
  // revision.
  for (const std::string& id : {first.document_id(), revision.document_id()}) {
    EXPECT_EQ(WaitForState(ingestor.get(), id, v1::DOCUMENT_STATE_INDEXED),
              v1::DOCUMENT_STATE_INDEXED);
  }
  auto stored = query_.store()->Get(revision.document_id());
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->near_duplicates_size(), 1);
  EXPECT_EQ(*query_.store()->Count(), 2u);
}

TEST_F(IngestorTest, BadInputIsRejectedAndNothingIsStored) {
  auto ingestor = StartIngestor();
  v1::DocumentInput input;
  input.set_text_bytes("\xff\xfe");
  std::promise<v1::IngestResult> promise;
  ingestor->Submit(input, [&](v1::IngestResult r) { promise.set_value(r); });
  v1::IngestResult r = promise.get_future().get();
  EXPECT_EQ(r.outcome(), v1::INGEST_OUTCOME_REJECTED);
  absl::Status s = FromRpcStatusProto(r.error());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "TEXT_NOT_UTF8");
  EXPECT_EQ(ingestor->OutboxSize(), 0u);
}

TEST_F(IngestorTest, DocumentsWaitWhileQueryIsDownAndFlowWhenItReturns) {
  query_.Stop();
  auto ingestor = StartIngestor(/*max_outbox=*/3);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    v1::IngestResult r = SubmitAndWait(ingestor.get(), absl::StrCat("Story ", i, "."));
    ASSERT_EQ(r.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
    ids.push_back(r.document_id());
  }
  EXPECT_EQ(WaitForState(ingestor.get(), ids[0], v1::DOCUMENT_STATE_TAGGED),
            v1::DOCUMENT_STATE_TAGGED);
  // Full: the fourth is refused with a retry hint, not queued.
  v1::IngestResult full = SubmitAndWait(ingestor.get(), "One too many.");
  EXPECT_EQ(full.outcome(), v1::INGEST_OUTCOME_REJECTED);
  absl::Status s = FromRpcStatusProto(full.error());
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(RetryDelay(s).has_value());
  // The failed attempts show in the status.
  absl::StatusOr<v1::DocumentStatus> status;
  for (int i = 0; i < 250; ++i) {
    status = ingestor->GetStatus(ids[0]);
    if (status.ok() && status->attempts() > 0) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(status.ok());
  EXPECT_GT(status->attempts(), 0);
  EXPECT_THAT(status->error(), ::testing::HasSubstr("query"));

  query_.Start(query_address_);
  for (const auto& id : ids) {
    EXPECT_EQ(WaitForState(ingestor.get(), id, v1::DOCUMENT_STATE_INDEXED),
              v1::DOCUMENT_STATE_INDEXED);
  }
  EXPECT_EQ(*query_.store()->Count(), 3u);
}

TEST_F(IngestorTest, DocumentsWaitWhileTheTaggerIsDownAndFlowWhenItReturns) {
  tagger_server_.reset();
  auto ingestor = StartIngestor();
  v1::IngestResult r = SubmitAndWait(ingestor.get(), "Waiting for the tagger in Belgrade.");
  ASSERT_EQ(r.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  absl::StatusOr<v1::DocumentStatus> status;
  for (int i = 0; i < 250; ++i) {
    status = ingestor->GetStatus(r.document_id());
    if (status.ok() && status->attempts() > 0) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->state(), v1::DOCUMENT_STATE_ACCEPTED);
  EXPECT_THAT(status->error(), ::testing::HasSubstr("tagger"));
  ServerOptions options;
  options.listen = tagger_address_;
  auto server = Server::BuildAndStart(
      options, {{tagger_service_.get(), v1::TaggerService::service_full_name()}});
  ASSERT_TRUE(server.ok()) << server.status();
  tagger_server_ = std::move(*server);
  EXPECT_EQ(WaitForState(ingestor.get(), r.document_id(), v1::DOCUMENT_STATE_INDEXED),
            v1::DOCUMENT_STATE_INDEXED);
  auto stored = query_.store()->Get(r.document_id());
  ASSERT_TRUE(stored.ok());
  EXPECT_GT(stored->annotations().mentions_size(), 0);
}

TEST_F(IngestorTest, NearDuplicatesAreFoundAfterARestart) {
  std::string first_id;
  {
    auto ingestor = StartIngestor();
    first_id = SubmitAndWait(ingestor.get(), Article(0)).document_id();
  }
  auto ingestor = StartIngestor();
  v1::IngestResult revision = SubmitAndWait(ingestor.get(), Article(1));
  ASSERT_EQ(revision.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  ASSERT_EQ(revision.near_duplicates_size(), 1);
  EXPECT_EQ(revision.near_duplicates(0).document_id(), first_id);
}

TEST_F(IngestorTest, TheOutboxSurvivesARestart) {
  query_.Stop();
  std::string id;
  {
    auto ingestor = StartIngestor();
    v1::IngestResult r = SubmitAndWait(ingestor.get(), "Kept across restarts.");
    ASSERT_EQ(r.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
    id = r.document_id();
    EXPECT_EQ(ingestor->OutboxSize(), 1u);
  }
  query_.Start(query_address_);
  auto ingestor = StartIngestor();
  EXPECT_EQ(WaitForState(ingestor.get(), id, v1::DOCUMENT_STATE_INDEXED),
            v1::DOCUMENT_STATE_INDEXED);
  EXPECT_TRUE(query_.store()->Get(id).ok());
}

}  // namespace
}  // namespace dossier::ingest
