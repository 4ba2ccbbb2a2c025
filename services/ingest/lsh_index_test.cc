#include "services/ingest/lsh_index.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace dossier::ingest {
namespace {

// `n` words, word`from` onwards.
std::string Words(int from, int n) {
  std::string out;
  for (int i = from; i < from + n; ++i) absl::StrAppend(&out, "word", i, " ");
  return out;
}

std::vector<std::string> Ids(const std::vector<std::pair<std::string, const Signature*>>& found) {
  std::vector<std::string> ids;
  for (const auto& [id, signature] : found) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

const absl::Time kStart = absl::FromUnixSeconds(1704067200);

TEST(LshIndexTest, FindsNearDuplicatesAndNotUnrelatedTexts) {
  LshIndex index(absl::Hours(24), 100000);
  index.Add("a", MinHash(Words(0, 300)), kStart);
  index.Add("b", MinHash(Words(5000, 300)), kStart);
  EXPECT_EQ(index.size(), 2u);
  // A revision: the same 300 words and a few more (Jaccard about 0.95).
  const Signature revision = MinHash(Words(0, 300) + "and an update at the end");
  auto found = index.Candidates(revision);
  EXPECT_EQ(Ids(found), std::vector<std::string>{"a"});
  // The candidate's own signature comes with it, for the estimate.
  ASSERT_EQ(found.size(), 1u);
  EXPECT_GT(EstimatedJaccard(revision, *found[0].second), 0.8f);
  EXPECT_TRUE(index.Candidates(MinHash(Words(90000, 300))).empty());
}

TEST(LshIndexTest, EachCandidateComesOnceHoweverManyBandsItShares) {
  LshIndex index(absl::Hours(24), 100000);
  const Signature s = MinHash(Words(0, 100));
  index.Add("same", s, kStart);
  // Identical signatures share all 20 bands.
  EXPECT_EQ(Ids(index.Candidates(s)), std::vector<std::string>{"same"});
}

TEST(LshIndexTest, ForgetsDocumentsOlderThanTheWindowBeforeTheNewest) {
  LshIndex index(absl::Hours(24), 100000);
  const Signature old_text = MinHash(Words(0, 200));
  index.Add("old", old_text, kStart);
  index.Add("kept", MinHash(Words(1000, 200)), kStart + absl::Hours(20));
  EXPECT_EQ(Ids(index.Candidates(old_text)), std::vector<std::string>{"old"});
  // A day and a bit after "old": it goes, with every bucket entry of it.
  index.Add("new", MinHash(Words(2000, 200)), kStart + absl::Hours(25));
  EXPECT_EQ(index.size(), 2u);
  EXPECT_TRUE(index.Candidates(old_text).empty());
  EXPECT_EQ(Ids(index.Candidates(MinHash(Words(1000, 200)))), std::vector<std::string>{"kept"});
  // Entries keep working after the ordinals have shifted.
  index.Add("newer", MinHash(Words(1000, 200) + "revised"), kStart + absl::Hours(30));
  EXPECT_EQ(Ids(index.Candidates(MinHash(Words(1000, 200)))),
            (std::vector<std::string>{"kept", "newer"}));
}

TEST(LshIndexTest, ASimilarTextInTheWindowIsFoundAmongMany) {
  LshIndex index(absl::Hours(24 * 7), 100000);
  for (int i = 0; i < 500; ++i) {
    index.Add(absl::StrCat("doc", i), MinHash(Words(i * 1000, 150)), kStart + absl::Minutes(i));
  }
  // doc250's text with a tenth of it changed.
  const Signature probe = MinHash(Words(250 * 1000, 135) + Words(777777, 15));
  auto ids = Ids(index.Candidates(probe));
  EXPECT_NE(std::find(ids.begin(), ids.end(), "doc250"), ids.end());
  EXPECT_LT(ids.size(), 5u);
}

TEST(LshIndexTest, ARemovedDocumentIsNoLongerACandidate) {
  LshIndex index(absl::Hours(24), 100);
  const Signature text = MinHash(Words(0, 200));
  index.Add("older", text, kStart);
  index.Add("taken-down", text, kStart + absl::Minutes(1));
  index.Add("kept", MinHash(Words(0, 200) + "with an update"), kStart + absl::Minutes(2));
  EXPECT_EQ(Ids(index.Candidates(text)), (std::vector<std::string>{"kept", "older", "taken-down"}));
  EXPECT_TRUE(index.Remove("taken-down"));
  EXPECT_FALSE(index.Remove("taken-down"));
  EXPECT_FALSE(index.Remove("never-added"));
  // The chains still lead past it to the older document.
  EXPECT_EQ(Ids(index.Candidates(text)), (std::vector<std::string>{"kept", "older"}));
}

TEST(LshIndexTest, KeepsAtMostItsCountOfTheLatestDocuments) {
  LshIndex index(absl::Hours(24 * 7), 100);
  const Signature first = MinHash(Words(0, 150));
  index.Add("doc0", first, kStart);
  for (int i = 1; i < 250; ++i) {
    index.Add(absl::StrCat("doc", i), MinHash(Words(i * 1000, 150)), kStart + absl::Seconds(i));
  }
  EXPECT_EQ(index.size(), 100u);
  EXPECT_TRUE(index.Candidates(first).empty());
  EXPECT_EQ(Ids(index.Candidates(MinHash(Words(249 * 1000, 150)))),
            std::vector<std::string>{"doc249"});
  EXPECT_EQ(Ids(index.Candidates(MinHash(Words(150 * 1000, 150)))),
            std::vector<std::string>{"doc150"});
}

TEST(LshIndexTest, ADocumentCostsAboutAKilobyte) {
  LshIndex index(absl::Hours(24 * 7), 1000000);
  constexpr int kDocuments = 20000;
  for (int i = 0; i < kDocuments; ++i) {
    // Ids as the ingest service makes them: 32 hex digits.
    index.Add(absl::StrFormat("%032x", i), MinHash(Words(i * 100, 60)), kStart + absl::Seconds(i));
  }
  const double per_document = static_cast<double>(index.bytes()) / kDocuments;
  EXPECT_LT(per_document, 1200) << per_document;
  EXPECT_GT(per_document, 300) << per_document;
}

}  // namespace
}  // namespace dossier::ingest
