// Delivery as a state machine: the ingestor over a real outbox (RocksDB in a
// temp dir, wrapped to inject storage faults), scripted fake downstreams and
// a FakeClock, so that every wait is a step the test takes, not a sleep.
#include <future>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/clock.h"
#include "common/ids.h"
#include "common/rpc_status.h"
#include "common/status.h"
#include "common/time_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/ingestor.h"
#include "services/ingest/status_log_for_test.h"
#include "tests/support/temp_dir.h"

namespace dossier::ingest {
namespace {

using ::testing::HasSubstr;

using Documents = std::vector<const v1::Document*>;
// Decides a call: OK to answer it, or the error to fail it with.
using Script = std::function<absl::Status(const Documents&)>;

bool Contains(const Documents& documents, absl::string_view word) {
  for (const v1::Document* d : documents) {
    if (absl::StrContains(d->text(), word)) return true;
  }
  return false;
}

// What a downstream fake saw: each call's documents (by text), in order.
class CallLog {
 public:
  void Add(const Documents& documents) {
    std::vector<std::string> texts;
    for (const v1::Document* d : documents) texts.push_back(d->text());
    absl::MutexLock lock(&mu_);
    calls_.push_back(std::move(texts));
  }
  std::vector<std::vector<std::string>> calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<std::vector<std::string>> calls_ ABSL_GUARDED_BY(mu_);
};

class FakeTagger final : public TaggerClient {
 public:
  FakeTagger(Script script, CallLog* log) : script_(std::move(script)), log_(log) {}
  absl::StatusOr<std::vector<v1::Annotations>> TagBatch(const Documents& documents) override {
    log_->Add(documents);
    DOSSIER_RETURN_IF_ERROR(script_(documents));
    std::vector<v1::Annotations> out(documents.size());
    for (size_t i = 0; i < documents.size(); ++i) {
      // Something to recognise a tagged document by.
      out[i].set_tagger_version("fake");
    }
    return out;
  }

 private:
  const Script script_;
  CallLog* const log_;
};

class FakeIndex final : public IndexClient {
 public:
  FakeIndex(Script script, CallLog* log) : script_(std::move(script)), log_(log) {}
  absl::StatusOr<std::vector<internal::v1::IndexOutcome>> Index(
      const Documents& documents) override {
    log_->Add(documents);
    DOSSIER_RETURN_IF_ERROR(script_(documents));
    for (const v1::Document* d : documents) {
      EXPECT_EQ(d->annotations().tagger_version(), "fake") << "indexed before it was tagged";
    }
    return std::vector<internal::v1::IndexOutcome>(documents.size(),
                                                   internal::v1::INDEX_OUTCOME_INDEXED);
  }

 private:
  const Script script_;
  CallLog* const log_;
};

// Fails the first `n` calls with `status`, then answers.
Script FailFirst(int n, absl::Status status) {
  auto left = std::make_shared<std::atomic<int>>(n);
  return [left, status](const Documents&) {
    return left->fetch_sub(1) > 0 ? status : absl::OkStatus();
  };
}

absl::Status Ok(const Documents&) { return absl::OkStatus(); }

// The real outbox with faults on demand: the next `times` calls of a method
// (for one sequence or id, where it takes one) fail with a status.
class FaultyOutbox final : public Outbox {
 public:
  explicit FaultyOutbox(std::unique_ptr<Outbox> inner) : inner_(std::move(inner)) {}

  void FailLoad(uint64_t sequence, absl::Status s, int times) {
    absl::MutexLock lock(&mu_);
    load_faults_[sequence] = {std::move(s), times};
  }
  void FailGetStatus(const std::string& id, absl::Status s, int times) {
    absl::MutexLock lock(&mu_);
    status_faults_[id] = {std::move(s), times};
  }
  // Updates that remove entries (the recording of outcomes).
  void FailFinishes(absl::Status s, int times) {
    absl::MutexLock lock(&mu_);
    finish_fault_ = {std::move(s), times};
  }

  absl::StatusOr<std::vector<uint64_t>> PendingSequences() const override {
    return inner_->PendingSequences();
  }
  absl::StatusOr<uint64_t> NextSequence() const override { return inner_->NextSequence(); }
  absl::Status Accept(const std::vector<Accepted>& accepted) override {
    return inner_->Accept(accepted);
  }
  absl::StatusOr<std::optional<std::string>> FindContent(
      absl::string_view content_hash) const override {
    return inner_->FindContent(content_hash);
  }
  absl::Status ForEachSignature(absl::Time since,
                                const std::function<void(const std::string&, const Signature&,
                                                         absl::Time)>& fn) const override {
    return inner_->ForEachSignature(since, fn);
  }
  absl::StatusOr<v1::Document> Load(uint64_t sequence) const override {
    if (absl::Status s = Take(&load_faults_, sequence); !s.ok()) return s;
    return inner_->Load(sequence);
  }
  absl::StatusOr<v1::DocumentStatus> GetStatus(absl::string_view id) const override {
    if (absl::Status s = Take(&status_faults_, std::string(id)); !s.ok()) return s;
    return inner_->GetStatus(id);
  }
  absl::Status CompactEntries() override { return inner_->CompactEntries(); }
  absl::Status Update(const std::vector<const v1::DocumentStatus*>& statuses,
                      const std::vector<uint64_t>& done) override {
    if (!done.empty()) {
      absl::MutexLock lock(&mu_);
      if (finish_fault_.times > 0) {
        --finish_fault_.times;
        return finish_fault_.status;
      }
    }
    return inner_->Update(statuses, done);
  }

 private:
  struct Fault {
    absl::Status status;
    int times = 0;
  };
  template <typename Key>
  absl::Status Take(std::map<Key, Fault>* faults, const Key& key) const {
    absl::MutexLock lock(&mu_);
    auto it = faults->find(key);
    if (it == faults->end() || it->second.times <= 0) return absl::OkStatus();
    --it->second.times;
    return it->second.status;
  }

  const std::unique_ptr<Outbox> inner_;
  mutable absl::Mutex mu_;
  mutable std::map<uint64_t, Fault> load_faults_ ABSL_GUARDED_BY(mu_);
  mutable std::map<std::string, Fault> status_faults_ ABSL_GUARDED_BY(mu_);
  Fault finish_fault_ ABSL_GUARDED_BY(mu_);
};

class DeliveryTest : public ::testing::Test {
 protected:
  DeliveryTest() {
    options_.data_dir = dir_.Sub("outbox");
    options_.clock = &clock_;
    options_.workers = 1;
    options_.prepare_threads = 1;
    options_.backoff_initial = absl::Seconds(1);
    options_.backoff_max = absl::Seconds(8);
    options_.max_attempts = 3;
    options_.on_status = [this](const v1::DocumentStatus& s) { statuses_.Add(s); };
  }

  // Puts documents in the outbox as an earlier run would have left them
  // (so that the first batch holds them all); returns their ids.
  std::vector<std::string> Preload(const std::vector<std::string>& texts) {
    if (outbox_ == nullptr) {
      auto outbox = Outbox::Open(options_.data_dir, {});
      EXPECT_TRUE(outbox.ok()) << outbox.status();
      outbox_ = std::move(*outbox);
    }
    std::vector<v1::Document> documents(texts.size());
    std::vector<v1::DocumentStatus> statuses(texts.size());
    std::vector<Outbox::Accepted> accepted;
    std::vector<std::string> ids;
    uint64_t next = *outbox_->NextSequence();
    for (size_t i = 0; i < texts.size(); ++i) {
      documents[i].set_id(DocumentIdForText(texts[i]));
      documents[i].set_content_hash(Hash128Hex(texts[i]));
      documents[i].set_text(texts[i]);
      *documents[i].mutable_accept_time() = ToProtoTimestamp(clock_.Now());
      statuses[i].set_document_id(documents[i].id());
      statuses[i].set_state(v1::DOCUMENT_STATE_ACCEPTED);
      *statuses[i].mutable_accept_time() = documents[i].accept_time();
      accepted.push_back({next++, &documents[i], &statuses[i], nullptr});
      ids.push_back(documents[i].id());
    }
    EXPECT_TRUE(outbox_->Accept(accepted).ok());
    return ids;
  }

  // Starts the ingestor over the (preloaded) outbox, wrapped for faults.
  void Start(Script tag, Script index) {
    if (outbox_ == nullptr) Preload({});
    auto faulty = std::make_unique<FaultyOutbox>(std::move(outbox_));
    faults_ = faulty.get();
    auto ingestor =
        Ingestor::Start(options_, std::move(faulty), std::make_unique<FakeTagger>(tag, &tagged_),
                        std::make_unique<FakeIndex>(index, &indexed_));
    ASSERT_TRUE(ingestor.ok()) << ingestor.status();
    ingestor_ = std::move(*ingestor);
  }

  v1::IngestResult Submit(const std::string& text, const std::string& key = "") {
    v1::DocumentInput input;
    input.set_text(text);
    input.set_client_key(key);
    std::promise<v1::IngestResult> promise;
    ingestor_->Submit(input, [&](v1::IngestResult r) { promise.set_value(std::move(r)); });
    return promise.get_future().get();
  }

  // Lets `n` backoff waits of the worker pass, one at a time.
  void PassWaits(int n, absl::Duration each) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(clock_.AwaitWaiters(1)) << "wait " << i << " never began";
      clock_.Advance(each);
    }
  }

  testing::TempDir dir_;
  FakeClock clock_;
  IngestorOptions options_;
  StatusLog statuses_;
  CallLog tagged_;
  CallLog indexed_;
  std::unique_ptr<Outbox> outbox_;
  FaultyOutbox* faults_ = nullptr;
  std::unique_ptr<Ingestor> ingestor_;
};

TEST_F(DeliveryTest, ABatchTheTaggerRefusesIsSplitToFindTheDocumentAtFault) {
  const std::vector<std::string> ids =
      Preload({"one", "two", "three", "four poison", "five", "six", "seven", "eight"});
  Start(
      [](const Documents& d) {
        return Contains(d, "poison")
                   ? InvalidFieldError("requests[0].text", "EMPTY_TEXT", "tagger: refused")
                   : absl::OkStatus();
      },
      Ok);
  const v1::DocumentStatus failed = statuses_.Await(ids[3], v1::DOCUMENT_STATE_FAILED);
  EXPECT_THAT(failed.error(), HasSubstr("INVALID_ARGUMENT: tagger: refused"));
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i != 3) statuses_.Await(ids[i], v1::DOCUMENT_STATE_INDEXED);
  }
  // 8 → 4 + 4 → (2 + 2) → (1 + 1): the refused halves only.
  const auto calls = tagged_.calls();
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls[0].size(), 8u);
  EXPECT_EQ(calls.size(), 7u);
  EXPECT_EQ(ingestor_->Stats().splits, 3u);
  EXPECT_EQ(ingestor_->Stats().failed, 1u);
  EXPECT_EQ(ingestor_->Stats().indexed, 7u);
  // Not a wait: nothing was an outage.
  EXPECT_EQ(ingestor_->Stats().outages, 0u);
  EXPECT_EQ(ingestor_->OutboxSize(), 0u);
}

TEST_F(DeliveryTest, ABatchTheQueryServiceRefusesIsSplitToo) {
  const std::vector<std::string> ids = Preload({"alpha", "beta", "gamma unindexable", "delta"});
  Start(Ok, [](const Documents& d) {
    return Contains(d, "unindexable") ? absl::InvalidArgumentError("query: bad document")
                                      : absl::OkStatus();
  });
  EXPECT_THAT(statuses_.Await(ids[2], v1::DOCUMENT_STATE_FAILED).error(),
              HasSubstr("query: bad document"));
  for (size_t i : {0, 1, 3}) statuses_.Await(ids[i], v1::DOCUMENT_STATE_INDEXED);
  // Tagged once, in one call: the split is the query service's.
  EXPECT_EQ(tagged_.calls().size(), 1u);
}

TEST_F(DeliveryTest, AMessageOverTheCapIsPermanentForThatBatchWhichIsSplit) {
  // The peer's cap is lower than ours: gRPC refuses the call. Before, this
  // RESOURCE_EXHAUSTED counted as an outage and was retried forever (the
  // wedge of issue 12).
  std::vector<std::string> texts;
  for (int i = 0; i < 8; ++i) texts.push_back(absl::StrCat("document ", i, std::string(1000, 'x')));
  const std::vector<std::string> ids = Preload(texts);
  Start(
      [](const Documents& d) {
        return d.size() > 2 ? absl::ResourceExhaustedError(
                                  "tagger: Received message larger than max (8100 vs. 4000)")
                            : absl::OkStatus();
      },
      Ok);
  for (const std::string& id : ids) statuses_.Await(id, v1::DOCUMENT_STATE_INDEXED);
  EXPECT_EQ(ingestor_->Stats().outages, 0u);
  EXPECT_EQ(ingestor_->Stats().permanent_failures, 3u);  // 8, 4, 4
}

TEST_F(DeliveryTest, ABatchOverOurOwnCapIsSplitBeforeItIsSent) {
  options_.max_message_bytes = 10000;
  std::vector<std::string> texts;
  for (int i = 0; i < 8; ++i) texts.push_back(absl::StrCat("document ", i, std::string(3000, 'y')));
  const std::vector<std::string> ids = Preload(texts);
  Start(Ok, Ok);
  for (const std::string& id : ids) statuses_.Await(id, v1::DOCUMENT_STATE_INDEXED);
  // Never more than three texts (9 KB) in one call: the 24 KB batch was
  // halved twice before anything went out.
  for (const auto& call : tagged_.calls()) EXPECT_LE(call.size(), 3u);
  for (const auto& call : indexed_.calls()) EXPECT_LE(call.size(), 3u);
  EXPECT_GE(ingestor_->Stats().splits, 3u);
}

TEST_F(DeliveryTest, ADocumentThatAloneExceedsTheCapFailsWithTheReason) {
  options_.max_message_bytes = 10000;
  const std::vector<std::string> ids = Preload({"small one", std::string(20000, 'z'), "small two"});
  Start(Ok, Ok);
  const v1::DocumentStatus failed = statuses_.Await(ids[1], v1::DOCUMENT_STATE_FAILED);
  EXPECT_THAT(failed.error(), HasSubstr("too large to tag"));
  EXPECT_THAT(failed.error(), HasSubstr("at most 10000"));
  statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
  statuses_.Await(ids[2], v1::DOCUMENT_STATE_INDEXED);
  // It was never sent.
  for (const auto& call : tagged_.calls()) {
    for (const auto& text : call) EXPECT_LT(text.size(), 20000u);
  }
  EXPECT_EQ(ingestor_->OutboxSize(), 0u);
  // And the same text sent again is accepted anew (FAILED is not alive).
  EXPECT_EQ(Submit(std::string(20000, 'z')).outcome(), v1::INGEST_OUTCOME_ACCEPTED);
}

TEST_F(DeliveryTest, ADocumentWhoseAnswerCannotFitFailsWithGrpcsReason) {
  const std::vector<std::string> ids = Preload({"a huge answer"});
  Start(FailFirst(1000, absl::ResourceExhaustedError(
                            "tagger: Received message larger than max (99999999 vs. 67108864)")),
        Ok);
  EXPECT_THAT(statuses_.Await(ids[0], v1::DOCUMENT_STATE_FAILED).error(),
              HasSubstr("larger than max"));
  EXPECT_EQ(tagged_.calls().size(), 1u);
}

TEST_F(DeliveryTest, AnOutageIsWaitedOutForeverAndDeliveryResumes) {
  const std::vector<std::string> ids = Preload({"patient document"});
  // Far more failures than max_attempts (3): outages never count.
  constexpr int kFailures = 20;
  Start(FailFirst(kFailures, absl::UnavailableError("tagger: connection refused")), Ok);
  PassWaits(kFailures, options_.backoff_max);
  const v1::DocumentStatus done = statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
  EXPECT_EQ(done.attempts(), kFailures);
  EXPECT_EQ(done.error(), "");
  EXPECT_EQ(ingestor_->Stats().outages, static_cast<uint64_t>(kFailures));
  EXPECT_EQ(ingestor_->Stats().failed, 0u);
}

TEST_F(DeliveryTest, WhileTheOutageLastsTheStatusShowsItsCause) {
  const std::vector<std::string> ids = Preload({"waiting"});
  Start(FailFirst(1, absl::DeadlineExceededError("tagger: deadline")), Ok);
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  const v1::DocumentStatus waiting = statuses_.Latest(ids[0]);
  EXPECT_EQ(waiting.state(), v1::DOCUMENT_STATE_ACCEPTED);
  EXPECT_EQ(waiting.attempts(), 1);
  EXPECT_EQ(waiting.error(), "DEADLINE_EXCEEDED: tagger: deadline");
  clock_.Advance(options_.backoff_max);
  statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
}

TEST_F(DeliveryTest, LoadSheddingIsWaitedOutForAtLeastTheDelayAsked) {
  const std::vector<std::string> ids = Preload({"shed"});
  Start(Ok, FailFirst(1, RetryableError(absl::StatusCode::kResourceExhausted, "BUSY", "query: busy",
                                        absl::Seconds(30))));
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  clock_.Advance(absl::Seconds(29));
  // Still waiting: the backoff alone (at most 1 s now) would have retried.
  EXPECT_EQ(clock_.waiters(), 1u);
  EXPECT_EQ(indexed_.calls().size(), 1u);
  clock_.Advance(absl::Seconds(1));
  statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
  EXPECT_EQ(indexed_.calls().size(), 2u);
}

TEST_F(DeliveryTest, RepeatedFlukesGiveUpAfterMaxAttempts) {
  const std::vector<std::string> ids = Preload({"always breaks the tagger"});
  Start(FailFirst(1000, absl::InternalError("tagger: stream reset")), Ok);
  PassWaits(options_.max_attempts - 1, options_.backoff_max);
  const v1::DocumentStatus failed = statuses_.Await(ids[0], v1::DOCUMENT_STATE_FAILED);
  EXPECT_THAT(failed.error(),
              HasSubstr("gave up after 3 attempts: INTERNAL: tagger: stream reset"));
  EXPECT_EQ(failed.attempts(), 3);
  EXPECT_EQ(tagged_.calls().size(), 3u);
  EXPECT_EQ(ingestor_->OutboxSize(), 0u);
}

TEST_F(DeliveryTest, OutagesDoNotUseUpTheAttemptsOfFlukes) {
  // Before: every failure counted in `attempts`, and max_attempts was
  // checked against it, so one INTERNAL after a long outage failed the
  // document at once.
  const std::vector<std::string> ids = Preload({"survivor"});
  auto calls = std::make_shared<std::atomic<int>>(0);
  Start(
      [calls](const Documents&) {
        const int n = (*calls)++;
        if (n < 10) return absl::UnavailableError("tagger: down");
        if (n == 10) return absl::InternalError("tagger: hiccup");
        return absl::OkStatus();
      },
      Ok);
  PassWaits(11, options_.backoff_max);
  const v1::DocumentStatus done = statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
  EXPECT_EQ(done.attempts(), 11);
}

TEST_F(DeliveryTest, AFlukeOnABatchSplitsItAfterAWait) {
  const std::vector<std::string> ids = Preload({"p", "q", "r crashes the handler", "s"});
  Start(
      [](const Documents& d) {
        return Contains(d, "crashes") ? absl::UnknownError("tagger: exception") : absl::OkStatus();
      },
      Ok);
  // 4 fails, wait; 2 (with r) fails, wait; r alone fails (3rd attempt):
  // FAILED. The innocent halves go through.
  PassWaits(2, options_.backoff_max);
  EXPECT_THAT(statuses_.Await(ids[2], v1::DOCUMENT_STATE_FAILED).error(),
              HasSubstr("gave up after 3 attempts"));
  for (size_t i : {0, 1, 3}) statuses_.Await(ids[i], v1::DOCUMENT_STATE_INDEXED);
}

TEST_F(DeliveryTest, AnOutboxEntryThatCannotBeReadNowIsReadAgainNotStalled) {
  // Before: the entry was dropped from the work queue and waited for the
  // next start.
  const std::vector<std::string> ids = Preload({"read me later"});
  outbox_ = nullptr;
  auto outbox = Outbox::Open(options_.data_dir, {});
  ASSERT_TRUE(outbox.ok());
  auto faulty = std::make_unique<FaultyOutbox>(std::move(*outbox));
  faulty->FailLoad(0, absl::UnavailableError("IO error: disk"), 2);
  faults_ = faulty.get();
  auto ingestor =
      Ingestor::Start(options_, std::move(faulty), std::make_unique<FakeTagger>(Ok, &tagged_),
                      std::make_unique<FakeIndex>(Ok, &indexed_));
  ASSERT_TRUE(ingestor.ok());
  ingestor_ = std::move(*ingestor);
  PassWaits(2, options_.backoff_max);
  statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
  EXPECT_EQ(ingestor_->Stats().store_errors, 2u);
  EXPECT_EQ(ingestor_->OutboxSize(), 0u);
}

TEST_F(DeliveryTest, ACorruptEntryIsCountedAndTheOthersFlow) {
  const std::vector<std::string> ids = Preload({"fine", "damaged", "also fine"});
  outbox_ = nullptr;
  auto outbox = Outbox::Open(options_.data_dir, {});
  ASSERT_TRUE(outbox.ok());
  auto faulty = std::make_unique<FaultyOutbox>(std::move(*outbox));
  faulty->FailLoad(1, absl::DataLossError("outbox entry 1 does not parse"), 1000);
  auto ingestor =
      Ingestor::Start(options_, std::move(faulty), std::make_unique<FakeTagger>(Ok, &tagged_),
                      std::make_unique<FakeIndex>(Ok, &indexed_));
  ASSERT_TRUE(ingestor.ok());
  ingestor_ = std::move(*ingestor);
  statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
  statuses_.Await(ids[2], v1::DOCUMENT_STATE_INDEXED);
  EXPECT_EQ(ingestor_->Stats().unreadable_entries, 1u);
  // Kept for an operator, not deleted.
  EXPECT_EQ(ingestor_->OutboxSize(), 1u);
}

TEST_F(DeliveryTest, AStatusReadErrorDoesNotResetTheAttemptCount) {
  // Before: a failed status read started the document over from a blank
  // status (attempts 0).
  const std::vector<std::string> ids = Preload({"counted"});
  {
    v1::DocumentStatus status = *outbox_->GetStatus(ids[0]);
    status.set_attempts(5);
    ASSERT_TRUE(outbox_->Update({&status}, {}).ok());
  }
  auto outbox = std::move(outbox_);
  auto faulty = std::make_unique<FaultyOutbox>(std::move(outbox));
  faulty->FailGetStatus(ids[0], absl::UnavailableError("IO error: status"), 1);
  auto ingestor = Ingestor::Start(
      options_, std::move(faulty),
      std::make_unique<FakeTagger>(FailFirst(1, absl::UnavailableError("tagger: down")), &tagged_),
      std::make_unique<FakeIndex>(Ok, &indexed_));
  ASSERT_TRUE(ingestor.ok());
  ingestor_ = std::move(*ingestor);
  PassWaits(2, options_.backoff_max);  // the status read, then the tagger
  EXPECT_EQ(statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED).attempts(), 6);
  EXPECT_EQ(ingestor_->Stats().store_errors, 1u);
}

TEST_F(DeliveryTest, AStatusLookupErrorIsNotTakenForANewDocument) {
  // Before: the failed lookup of the earlier document with the same text
  // counted as "not alive", and the text was accepted (and stored) again.
  Start(Ok, Ok);
  const v1::IngestResult first = Submit("the same words twice", "feed-a/1");
  ASSERT_EQ(first.outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  statuses_.Await(first.document_id(), v1::DOCUMENT_STATE_INDEXED);
  faults_->FailGetStatus(first.document_id(), absl::UnavailableError("IO error: status"), 1);
  const v1::IngestResult again = Submit("the same words twice", "feed-b/9");
  EXPECT_EQ(again.outcome(), v1::INGEST_OUTCOME_REJECTED);
  const absl::Status error = FromRpcStatusProto(again.error());
  EXPECT_EQ(error.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Classify(error), FailureClass::kOutage);
  // Sent again once the disk answers: the duplicate it is.
  const v1::IngestResult retried = Submit("the same words twice", "feed-b/9");
  EXPECT_EQ(retried.outcome(), v1::INGEST_OUTCOME_DUPLICATE);
  EXPECT_EQ(retried.duplicate_of(), first.document_id());
  EXPECT_EQ(indexed_.calls().size(), 1u);
}

TEST_F(DeliveryTest, AFailedWriteOfTheOutcomeIsRetriedNotLeftForARestart) {
  // Before: the entries stayed in the outbox, out of the work queue, until
  // the next start.
  const std::vector<std::string> ids = Preload({"record me"});
  outbox_ = nullptr;
  auto outbox = Outbox::Open(options_.data_dir, {});
  ASSERT_TRUE(outbox.ok());
  auto faulty = std::make_unique<FaultyOutbox>(std::move(*outbox));
  faulty->FailFinishes(absl::UnavailableError("IO error: No space left on device"), 1);
  auto ingestor =
      Ingestor::Start(options_, std::move(faulty), std::make_unique<FakeTagger>(Ok, &tagged_),
                      std::make_unique<FakeIndex>(Ok, &indexed_));
  ASSERT_TRUE(ingestor.ok());
  ingestor_ = std::move(*ingestor);
  PassWaits(1, options_.backoff_max);
  statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
  EXPECT_EQ(ingestor_->OutboxSize(), 0u);
  EXPECT_EQ(indexed_.calls().size(), 1u);
}

TEST_F(DeliveryTest, StoppingDuringAnOutageLeavesTheDocumentForTheNextStart) {
  const std::vector<std::string> ids = Preload({"left for later"});
  Start(FailFirst(1000, absl::UnavailableError("tagger: down")), Ok);
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  ingestor_.reset();  // wakes the waiting worker, which stops
  Start(Ok, Ok);
  statuses_.Await(ids[0], v1::DOCUMENT_STATE_INDEXED);
}

}  // namespace
}  // namespace dossier::ingest
