// The outbox on a real RocksDB in a temp dir.
#include "services/ingest/outbox.h"

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/keys.h"
#include "common/time_util.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace dossier::ingest {
namespace {

struct Accepting {
  v1::Document document;
  v1::DocumentStatus status;
  Signature signature;
};

Accepting MakeDocument(const std::string& text, absl::Time accepted) {
  Accepting a;
  a.document.set_id(DocumentIdForText(text));
  a.document.set_content_hash(Hash128Hex(text));
  a.document.set_text(text);
  *a.document.mutable_accept_time() = ToProtoTimestamp(accepted);
  a.status.set_document_id(a.document.id());
  a.status.set_state(v1::DOCUMENT_STATE_ACCEPTED);
  *a.status.mutable_accept_time() = a.document.accept_time();
  a.signature = MinHash(text);
  return a;
}

class OutboxTest : public ::testing::Test {
 protected:
  std::unique_ptr<Outbox> Open() {
    auto outbox = Outbox::Open(dir_.Sub("outbox"), {});
    EXPECT_TRUE(outbox.ok()) << outbox.status();
    return outbox.ok() ? std::move(*outbox) : nullptr;
  }

  // Accepts `docs` at sequences first, first + 1, ...
  static void Accept(Outbox* outbox, std::vector<Accepting>* docs, uint64_t first) {
    std::vector<Outbox::Accepted> accepted;
    for (size_t i = 0; i < docs->size(); ++i) {
      Accepting& a = (*docs)[i];
      accepted.push_back({first + i, &a.document, &a.status, &a.signature});
    }
    ASSERT_TRUE(outbox->Accept(accepted).ok());
  }

  testing::TempDir dir_;
  const absl::Time t0_ = absl::FromUnixSeconds(1704067200);
};

TEST_F(OutboxTest, AnEmptyOutboxHasNothingPendingAndStartsAtZero) {
  auto outbox = Open();
  EXPECT_TRUE(outbox->PendingSequences()->empty());
  EXPECT_EQ(*outbox->NextSequence(), 0u);
  EXPECT_EQ(outbox->Load(0).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(outbox->GetStatus(std::string(32, 'a')).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(outbox->FindContent(std::string(32, 'b'))->has_value());
}

TEST_F(OutboxTest, AcceptedDocumentsAreLoadedFoundAndPendingInOrder) {
  auto outbox = Open();
  std::vector<Accepting> docs = {MakeDocument("first text", t0_),
                                 MakeDocument("second text", t0_ + absl::Seconds(1))};
  Accept(outbox.get(), &docs, 7);
  EXPECT_EQ(*outbox->PendingSequences(), (std::vector<uint64_t>{7, 8}));
  EXPECT_EQ(*outbox->NextSequence(), 9u);
  auto loaded = outbox->Load(8);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->text(), "second text");
  EXPECT_EQ(loaded->id(), docs[1].document.id());
  auto status = outbox->GetStatus(docs[0].document.id());
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->state(), v1::DOCUMENT_STATE_ACCEPTED);
  auto content = outbox->FindContent(docs[1].document.content_hash());
  ASSERT_TRUE(content.ok() && content->has_value());
  EXPECT_EQ(**content, docs[1].document.id());
}

TEST_F(OutboxTest, UpdateWritesStatusesAndRemovesOnlyTheDoneEntries) {
  auto outbox = Open();
  std::vector<Accepting> docs = {MakeDocument("one", t0_), MakeDocument("two", t0_),
                                 MakeDocument("three", t0_)};
  Accept(outbox.get(), &docs, 0);
  docs[1].status.set_state(v1::DOCUMENT_STATE_INDEXED);
  docs[2].status.set_attempts(3);
  docs[2].status.set_error("UNAVAILABLE: query: down");
  ASSERT_TRUE(outbox->Update({&docs[1].status, &docs[2].status}, {1}).ok());
  EXPECT_EQ(*outbox->PendingSequences(), (std::vector<uint64_t>{0, 2}));
  EXPECT_EQ(outbox->Load(1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(outbox->GetStatus(docs[1].document.id())->state(), v1::DOCUMENT_STATE_INDEXED);
  auto kept = outbox->GetStatus(docs[2].document.id());
  EXPECT_EQ(kept->attempts(), 3);
  EXPECT_EQ(kept->error(), "UNAVAILABLE: query: down");
  // The next sequence never goes back below one in use.
  EXPECT_EQ(*outbox->NextSequence(), 3u);
  // Drained and compacted: the statuses are kept for good.
  ASSERT_TRUE(outbox->Update({}, {0, 2}).ok());
  ASSERT_TRUE(outbox->CompactEntries().ok());
  EXPECT_TRUE(outbox->PendingSequences()->empty());
  EXPECT_TRUE(outbox->GetStatus(docs[0].document.id()).ok());
}

TEST_F(OutboxTest, EverythingSurvivesAReopen) {
  std::vector<Accepting> docs = {MakeDocument("kept across restarts", t0_)};
  {
    auto outbox = Open();
    Accept(outbox.get(), &docs, 41);
    docs[0].status.set_attempts(2);
    ASSERT_TRUE(outbox->Update({&docs[0].status}, {}).ok());
  }
  auto outbox = Open();
  EXPECT_EQ(*outbox->PendingSequences(), (std::vector<uint64_t>{41}));
  EXPECT_EQ(*outbox->NextSequence(), 42u);
  EXPECT_EQ(outbox->Load(41)->text(), "kept across restarts");
  EXPECT_EQ(outbox->GetStatus(docs[0].document.id())->attempts(), 2);
  EXPECT_EQ(**outbox->FindContent(docs[0].document.content_hash()), docs[0].document.id());
}

TEST_F(OutboxTest, SignaturesAreReadFromTheWindowInAcceptanceOrder) {
  auto outbox = Open();
  std::vector<Accepting> docs = {MakeDocument("old news", t0_),
                                 MakeDocument("recent news", t0_ + absl::Hours(48)),
                                 MakeDocument("latest news", t0_ + absl::Hours(72))};
  // Accepted out of time order: read back in time order.
  std::vector<Accepting> late = {docs[2]};
  std::vector<Accepting> early = {docs[0], docs[1]};
  Accept(outbox.get(), &late, 0);
  Accept(outbox.get(), &early, 1);
  std::vector<std::string> ids;
  std::vector<absl::Time> times;
  ASSERT_TRUE(outbox
                  ->ForEachSignature(
                      t0_ + absl::Hours(24),
                      [&](const std::string& id, const Signature& signature, absl::Time accepted) {
                        ids.push_back(id);
                        times.push_back(accepted);
                        EXPECT_EQ(signature, MinHash(id == docs[1].document.id() ? "recent news"
                                                                                 : "latest news"));
                      })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{docs[1].document.id(), docs[2].document.id()}));
  EXPECT_EQ(times, (std::vector<absl::Time>{t0_ + absl::Hours(48), t0_ + absl::Hours(72)}));
}

TEST_F(OutboxTest, ACorruptEntryOrStatusIsDataLossNotNotFound) {
  std::vector<Accepting> docs = {MakeDocument("about to be damaged", t0_)};
  {
    auto outbox = Open();
    Accept(outbox.get(), &docs, 5);
  }
  {
    // Bytes that are no Document or DocumentStatus, written under their
    // keys as a damaged disk would leave them.
    StoreOptions options;
    options.path = dir_.Sub("outbox");
    auto store = Store::Open(options, {FamilyNamed("outbox"), FamilyNamed("status"),
                                       FamilyNamed("content"), FamilyNamed("recent_signatures")});
    ASSERT_TRUE(store.ok()) << store.status();
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.Put((*store)->cf(0), BigEndian64(5), "\xff\xff\xff").ok());
    ASSERT_TRUE(batch.Put((*store)->cf(1), IdToKey(docs[0].document.id()), "\xff\xff\xff").ok());
    ASSERT_TRUE((*store)->Write(&batch, /*sync=*/true).ok());
  }
  auto outbox = Open();
  EXPECT_EQ(outbox->Load(5).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(outbox->GetStatus(docs[0].document.id()).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace dossier::ingest
