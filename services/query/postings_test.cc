#include "services/query/postings.h"

#include <random>
#include <set>

#include "common/store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace dossier::query {
namespace {

using ::testing::ElementsAre;

struct Entry {
  uint32_t doc;
  std::vector<uint32_t> positions;
};

std::vector<Entry> RandomEntries(int n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Entry> out;
  uint32_t doc = rng() % 5;
  for (int i = 0; i < n; ++i) {
    doc += 1 + rng() % (i % 7 == 0 ? 70000 : 9);
    Entry e{doc, {}};
    uint32_t pos = rng() % 3;
    const int tf = 1 + (rng() % 10 == 0 ? rng() % 300 : rng() % 3);
    for (int k = 0; k < tf; ++k) {
      e.positions.push_back(pos);
      pos += 1 + rng() % 100;
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string Encode(const std::vector<Entry>& entries, size_t from, size_t to) {
  PostingsBuilder builder;
  for (size_t i = from; i < to; ++i) {
    builder.Add(entries[i].doc, 100 + i, entries[i].positions);
  }
  std::string out;
  builder.Finish(&out);
  return out;
}

TEST(PostingsTest, RoundTripsAcrossChunksAndConcatenations) {
  const std::vector<Entry> entries = RandomEntries(1000, 7);
  // Three appends, as three index batches would write them.
  const std::string list =
      Encode(entries, 0, 1) + Encode(entries, 1, 300) + Encode(entries, 300, 1000);
  EXPECT_EQ(PostingCursor::Count(list), 1000u);
  PostingCursor cursor(list);
  for (const Entry& e : entries) {
    ASSERT_TRUE(cursor.valid());
    ASSERT_EQ(cursor.doc(), e.doc);
    ASSERT_EQ(cursor.tf(), e.positions.size());
    const auto positions = cursor.positions();
    ASSERT_EQ(std::vector<uint32_t>(positions.begin(), positions.end()), e.positions);
    cursor.Next();
  }
  EXPECT_FALSE(cursor.valid());
  EXPECT_TRUE(cursor.ok());
}

TEST(PostingsTest, SkipToLandsOnTheFirstDocumentAtOrAfterTheTarget) {
  const std::vector<Entry> entries = RandomEntries(5000, 11);
  const std::string list = Encode(entries, 0, 5000);
  std::mt19937 rng(3);
  PostingCursor cursor(list);
  size_t i = 0;
  while (true) {
    const uint32_t target = cursor.doc() + 1 + rng() % 20000;
    cursor.SkipTo(target);
    while (i < entries.size() && entries[i].doc < target) ++i;
    if (i == entries.size()) {
      EXPECT_FALSE(cursor.valid());
      break;
    }
    ASSERT_TRUE(cursor.valid());
    ASSERT_EQ(cursor.doc(), entries[i].doc);
    ASSERT_EQ(cursor.tf(), entries[i].positions.size());
    const auto positions = cursor.positions();
    ASSERT_EQ(std::vector<uint32_t>(positions.begin(), positions.end()), entries[i].positions);
  }
}

TEST(PostingsTest, ChunkBoundsCoverTheirPostings) {
  PostingsBuilder builder;
  for (uint32_t d = 0; d < 300; ++d) builder.Add(d * 2, 50 + d, d % 5 + 1);
  std::string list;
  builder.Finish(&list);
  PostingCursor cursor(list);
  EXPECT_EQ(cursor.chunk_last(), 2 * (kChunkPostings - 1));
  EXPECT_EQ(cursor.chunk_max_tf(), 5u);
  EXPECT_EQ(cursor.chunk_min_length(), 50u);
  EXPECT_TRUE(cursor.positions().empty());
  cursor.NextChunk();
  EXPECT_EQ(cursor.doc(), 2 * kChunkPostings);
  EXPECT_EQ(cursor.chunk_min_length(), 50u + kChunkPostings);
  cursor.SkipChunksTo(598);
  EXPECT_EQ(cursor.doc(), 2 * 2 * kChunkPostings);
  cursor.SkipChunksTo(599);
  EXPECT_FALSE(cursor.valid());
}

TEST(PostingsTest, CoalescingJoinsSmallChunksAndKeepsEveryPosting) {
  const std::vector<Entry> entries = RandomEntries(700, 13);
  // One or two postings per append, as a rare term gets from each batch,
  // then a large run.
  std::string list;
  size_t at = 0;
  for (int step = 1; at + step <= 300; step = 3 - step) {
    list += Encode(entries, at, at + step);
    at += step;
  }
  list += Encode(entries, at, 700);
  std::string joined;
  ASSERT_TRUE(CoalesceChunks(list, &joined));
  EXPECT_LT(joined.size(), list.size());
  int chunks = 0;
  for (PostingCursor c(joined); c.valid(); c.NextChunk()) ++chunks;
  EXPECT_LE(chunks, 8);
  PostingCursor cursor(joined);
  for (size_t i = 0; i < entries.size(); ++i) {
    ASSERT_TRUE(cursor.valid()) << i;
    ASSERT_EQ(cursor.doc(), entries[i].doc);
    const auto positions = cursor.positions();
    ASSERT_EQ(std::vector<uint32_t>(positions.begin(), positions.end()), entries[i].positions);
    // Bounds still bound: lengths were 100 + i.
    ASSERT_LE(cursor.chunk_min_length(), 100 + i);
    ASSERT_GE(cursor.chunk_max_tf(), cursor.tf());
    cursor.Next();
  }
  EXPECT_FALSE(cursor.valid());
  EXPECT_TRUE(cursor.ok());
}

// Drops every third document, as deletes would.
class EveryThird : public PostingDrop {
 public:
  explicit EveryThird(const std::vector<Entry>& entries) {
    for (size_t i = 0; i < entries.size(); i += 3) docs_.insert(entries[i].doc);
  }
  bool AnyIn(uint32_t first, uint32_t last) const override {
    auto it = docs_.lower_bound(first);
    return it != docs_.end() && *it <= last;
  }
  bool Drops(uint32_t doc) const override { return docs_.count(doc) > 0; }

 private:
  std::set<uint32_t> docs_;
};

TEST(PostingsTest, DroppingKeepsEveryOtherPostingWithItsPositions) {
  const std::vector<Entry> entries = RandomEntries(900, 21);
  // Large chunks and a run of small ones, as the merge operator leaves them.
  std::string list = Encode(entries, 0, 600);
  for (size_t at = 600; at < 900; at += 2) list += Encode(entries, at, at + 2);
  const EveryThird drop(entries);
  std::string kept;
  uint64_t dropped = 0;
  ASSERT_TRUE(DropPostings(list, drop, &kept, &dropped));
  EXPECT_EQ(dropped, 300u);
  EXPECT_EQ(PostingCursor::Count(kept), 600u);
  PostingCursor cursor(kept);
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i % 3 == 0) continue;
    ASSERT_TRUE(cursor.valid()) << i;
    ASSERT_EQ(cursor.doc(), entries[i].doc);
    const auto positions = cursor.positions();
    ASSERT_EQ(std::vector<uint32_t>(positions.begin(), positions.end()), entries[i].positions);
    ASSERT_LE(cursor.chunk_min_length(), 100 + i);
    ASSERT_GE(cursor.chunk_max_tf(), cursor.tf());
    cursor.Next();
  }
  EXPECT_FALSE(cursor.valid());
  EXPECT_TRUE(cursor.ok());

  // Nothing to drop: the list is left as it is.
  std::string untouched = "unchanged";
  ASSERT_TRUE(DropPostings(kept, drop, &untouched, &dropped));
  EXPECT_EQ(dropped, 0u);
  EXPECT_EQ(untouched, "unchanged");
  // All dropped: an empty list.
  class All : public PostingDrop {
    bool AnyIn(uint32_t, uint32_t) const override { return true; }
    bool Drops(uint32_t) const override { return true; }
  };
  std::string none = "x";
  ASSERT_TRUE(DropPostings(list, All(), &none, &dropped));
  EXPECT_EQ(dropped, 900u);
  EXPECT_TRUE(none.empty());
}

TEST(PostingsTest, CorruptListsFailCleanly) {
  const std::vector<Entry> entries = RandomEntries(200, 5);
  std::string list = Encode(entries, 0, 200);
  for (size_t cut : {size_t{1}, size_t{5}, list.size() / 2, list.size() - 1}) {
    PostingCursor cursor(absl::string_view(list).substr(0, cut));
    int steps = 0;
    while (cursor.valid() && steps < 1000) {
      cursor.positions();
      cursor.Next();
      ++steps;
    }
    EXPECT_FALSE(cursor.ok()) << "cut at " << cut;
  }
}

TEST(PostingsTest, MergeOperatorAppendsInRocksDb) {
  testing::TempDir dir;
  StoreOptions options;
  options.path = dir.Sub("db");
  auto store = Store::Open(options, {FamilyNamed("postings", NewConcatenateMergeOperator())});
  ASSERT_TRUE(store.ok()) << store.status();
  const std::vector<Entry> entries = RandomEntries(900, 9);
  for (size_t from = 0; from < entries.size(); from += 100) {
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.Merge((*store)->cf(0), "term", Encode(entries, from, from + 100)).ok());
    ASSERT_TRUE((*store)->Write(&batch, false).ok());
    if (from == 400) {
      ASSERT_TRUE((*store)->db()->Flush(rocksdb::FlushOptions(), (*store)->cf(0)).ok());
    }
  }
  ASSERT_TRUE((*store)
                  ->db()
                  ->CompactRange(rocksdb::CompactRangeOptions(), (*store)->cf(0), nullptr, nullptr)
                  .ok());
  auto value = (*store)->Get((*store)->cf(0), "term");
  ASSERT_TRUE(value.ok());
  PostingCursor cursor(*value);
  for (const Entry& e : entries) {
    ASSERT_TRUE(cursor.valid());
    ASSERT_EQ(cursor.doc(), e.doc);
    cursor.Next();
  }
  EXPECT_FALSE(cursor.valid());
}

}  // namespace
}  // namespace dossier::query
