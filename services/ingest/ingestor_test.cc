// The ingestor against real tagger and query gRPC servers on port 0, with
// real RocksDB stores in temp dirs. Waits are on the statuses the ingestor
// reports (StatusLog), not polls.
#include "services/ingest/ingestor.h"

#include <future>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/rpc_status.h"
#include "common/server.h"
#include "common/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/status_log_for_test.h"
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

  void Start(const std::string& listen, int max_message_bytes = ServerOptions().max_message_bytes) {
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
    server_options.max_message_bytes = max_message_bytes;
    server_options.drain_timeout = absl::Milliseconds(100);
    auto server = Server::BuildAndStart(
        server_options, {{index_.get(), internal::v1::IndexService::service_full_name()}});
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
    StartTagger("127.0.0.1:0");
    tagger_address_ = tagger_server_->address();
    query_.Start("127.0.0.1:0");
    query_address_ = query_.address();
  }

  // (Re)starts the tagger server with these limits.
  void StartTagger(const std::string& listen, tagger::TaggerServiceOptions service_options = {},
                   int max_message_bytes = ServerOptions().max_message_bytes) {
    tagger_server_.reset();
    tagger_service_ =
        std::make_unique<tagger::TaggerServiceImpl>(&tagger_, &pool_, service_options);
    ServerOptions options;
    options.listen = listen;
    options.max_message_bytes = max_message_bytes;
    auto server = Server::BuildAndStart(
        options, {{tagger_service_.get(), v1::TaggerService::service_full_name()}});
    ASSERT_TRUE(server.ok()) << server.status();
    tagger_server_ = std::move(*server);
  }

  std::unique_ptr<Ingestor> StartIngestor(size_t max_outbox = 1000,
                                          std::function<void(IngestorOptions*)> tweak = {}) {
    IngestorOptions options;
    options.data_dir = dir_.Sub("outbox");
    options.max_outbox_documents = max_outbox;
    options.backoff_initial = absl::Milliseconds(20);
    options.backoff_max = absl::Milliseconds(200);
    options.on_status = statuses_.Listener();
    if (tweak) tweak(&options);
    auto ingestor =
        Ingestor::Start(options, NewGrpcTaggerClient(tagger_address_, absl::Seconds(10)),
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
    ingestor->Submit(input, [&promise](v1::IngestResult r) { promise.set_value(std::move(r)); });
    return promise.get_future().get();
  }

  v1::DocumentState WaitForState(Ingestor* ingestor, const std::string& id,
                                 v1::DocumentState want) {
    statuses_.Await(id, want);
    // What GetDocumentStatus reads agrees.
    auto stored = ingestor->GetStatus(id);
    return stored.ok() ? stored->state() : v1::DOCUMENT_STATE_UNSPECIFIED;
  }

  // The first status of `id` that shows a failed attempt.
  v1::DocumentStatus WaitForAttempt(const std::string& id) {
    return statuses_.AwaitMatch(
        id, [](const v1::DocumentStatus& s) { return s.attempts() > 0; }, "failed an attempt");
  }

  testing::TempDir dir_;
  StatusLog statuses_;
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
  std::string text =
      "Officials in Belgrade said on Tuesday that talks with the mission would "
      "resume next week after a pause of several months.";
  for (int i = 0; i < 12; ++i) {
    absl::StrAppend(&text, "\n\nParagraph ", i,
                    " explains one more detail of the dispute over "
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
  const v1::DocumentStatus status = WaitForAttempt(ids[0]);
  EXPECT_GT(status.attempts(), 0);
  EXPECT_THAT(status.error(), ::testing::HasSubstr("UNAVAILABLE: query"));

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
  const v1::DocumentStatus status = WaitForAttempt(r.document_id());
  EXPECT_EQ(status.state(), v1::DOCUMENT_STATE_ACCEPTED);
  EXPECT_THAT(status.error(), ::testing::HasSubstr("tagger"));
  // Back at the address the ingestor knows (a test beside this one taking
  // the port meanwhile would fail this, not pass it).
  ASSERT_NO_FATAL_FAILURE(StartTagger(tagger_address_));
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

// About `bytes` of plain prose (few names, so that tagging it answers
// little), different for each `n`.
std::string LongText(int n, size_t bytes) {
  std::string text = absl::StrCat("Report number ", n, ".\n\n");
  int sentence = 0;
  while (text.size() < bytes) {
    absl::StrAppend(&text, "the talks went on for hours in the city hall and nothing was agreed ",
                    "by the end of meeting ", n, "-", sentence++, ".\n");
  }
  return text;
}

TEST_F(IngestorTest, ABatchOverTheTaggersMessageCapIsSplitAndADocumentOverItFails) {
  // Issue 12: gRPC's "Received message larger than max" (RESOURCE_EXHAUSTED)
  // was taken for an outage and retried forever; those documents never
  // reached the store and the worker was lost to delivery.
  auto one_worker = [](IngestorOptions* o) {
    o->workers = 1;
    o->index_batch_bytes = size_t{64} << 20;
  };
  tagger_server_.reset();
  std::vector<std::string> ids;
  std::string too_large;
  {
    // Accepted while the tagger is away, so that they go out as one batch
    // when the next ingestor starts.
    auto ingestor = StartIngestor(1000, one_worker);
    for (int i = 0; i < 6; ++i) {
      v1::IngestResult r = SubmitAndWait(ingestor.get(), LongText(i, 300 << 10));
      ASSERT_EQ(r.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
      ids.push_back(r.document_id());
    }
    v1::IngestResult r = SubmitAndWait(ingestor.get(), LongText(99, 1536 << 10));
    ASSERT_EQ(r.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
    too_large = r.document_id();
  }
  // The tagger comes back taking messages of 1 MiB at most: three of the
  // texts fit one call, the last text fits none. On a port of its own: the
  // one it had may meanwhile serve another test run beside this one.
  ASSERT_NO_FATAL_FAILURE(StartTagger("127.0.0.1:0", {}, /*max_message_bytes=*/1 << 20));
  tagger_address_ = tagger_server_->address();
  auto ingestor = StartIngestor(1000, one_worker);
  for (const std::string& id : ids) {
    EXPECT_EQ(WaitForState(ingestor.get(), id, v1::DOCUMENT_STATE_INDEXED),
              v1::DOCUMENT_STATE_INDEXED);
  }
  const v1::DocumentStatus failed = statuses_.Await(too_large, v1::DOCUMENT_STATE_FAILED);
  EXPECT_THAT(failed.error(), ::testing::HasSubstr("RESOURCE_EXHAUSTED"));
  EXPECT_THAT(failed.error(), ::testing::HasSubstr("larger than max"));
  EXPECT_GE(ingestor->Stats().splits, 3u);
  EXPECT_EQ(ingestor->Stats().outages, 0u);
  EXPECT_EQ(*query_.store()->Count(), 6u);
  EXPECT_EQ(ingestor->OutboxSize(), 0u);
}

TEST_F(IngestorTest, ABatchWhoseAnswerTheTaggerCannotSendIsRefusedAndSplit) {
  // The tagger bounds its answers (here to 200 KB): a batch whose answer
  // would not fit is refused before it is tagged, and ingest splits it; a
  // text whose answer alone would not fit fails with the reason.
  tagger::TaggerServiceOptions limits;
  limits.max_response_bytes = 200 << 10;
  auto one_worker = [](IngestorOptions* o) { o->workers = 1; };
  tagger_server_.reset();
  std::vector<std::string> ids;
  std::string too_large;
  {
    auto ingestor = StartIngestor(1000, one_worker);
    for (int i = 0; i < 4; ++i) {
      v1::IngestResult r = SubmitAndWait(ingestor.get(), LongText(i, 30 << 10));
      ASSERT_EQ(r.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
      ids.push_back(r.document_id());
    }
    too_large = SubmitAndWait(ingestor.get(), LongText(9, 100 << 10)).document_id();
  }
  ASSERT_NO_FATAL_FAILURE(StartTagger("127.0.0.1:0", limits));
  tagger_address_ = tagger_server_->address();
  auto ingestor = StartIngestor(1000, one_worker);
  for (const std::string& id : ids) {
    EXPECT_EQ(WaitForState(ingestor.get(), id, v1::DOCUMENT_STATE_INDEXED),
              v1::DOCUMENT_STATE_INDEXED);
  }
  const v1::DocumentStatus failed = statuses_.Await(too_large, v1::DOCUMENT_STATE_FAILED);
  EXPECT_THAT(failed.error(),
              ::testing::HasSubstr("INVALID_ARGUMENT: tagger: the answer would be"));
  EXPECT_THAT(failed.error(),
              ::testing::HasSubstr("this call's answer may be at most 204800 bytes"));
  EXPECT_EQ(*query_.store()->Count(), 4u);
}

TEST_F(IngestorTest, TheTaggerRefusesABatchWhoseAnswerCannotFitBeforeTaggingIt) {
  // Issue 12: 1,000 texts of 60 KB were tagged for 12 s, and then the
  // 166 MB answer could not be sent. (Here: tagger_service.cc's budget,
  // through its core function.)
  v1::BatchTagTextsRequest request;
  const std::string text = LongText(0, 60 << 10);
  for (int i = 0; i < 1000; ++i) request.add_requests()->set_text(text);
  v1::BatchTagTextsResponse response;
  const absl::Time start = absl::Now();
  const absl::Status s = tagger::BatchTagTexts(tagger_, {}, request, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "RESPONSE_TOO_LARGE");
  EXPECT_THAT(s.message(), ::testing::HasSubstr("would be about"));
  EXPECT_EQ(Classify(s), FailureClass::kPermanent);  // the caller splits
  EXPECT_EQ(response.responses_size(), 0);
  // Refused unread: far less than the seconds tagging would take.
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  // A part of it is answered in full, to a caller that receives what
  // ingest does.
  request.mutable_requests()->DeleteSubrange(50, 950);
  request.set_max_response_bytes(static_cast<int64_t>(kMaxMessageBytes));
  ASSERT_TRUE(tagger::BatchTagTexts(tagger_, {}, request, &response).ok());
  EXPECT_EQ(response.responses_size(), 50);
}

}  // namespace
}  // namespace dossier::ingest
