#include "services/query/terms.h"

#include <xxhash.h>

#include <cmath>
#include <fstream>

#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace dossier::query {
namespace {

uint64_t H(absl::string_view word) { return XXH3_64bits(word.data(), word.size()); }

float Norm(const TermVector& v) {
  double sum = 0;
  for (const auto& [term, weight] : v) sum += static_cast<double>(weight) * weight;
  return static_cast<float>(std::sqrt(sum));
}

TEST(TermsTest, WordsAreFoldedHashedAndFiltered) {
  // Lower case; one letter, or digits alone, do not count; a possessive's
  // apostrophe stays inside, a trailing one goes.
  EXPECT_EQ(Terms("The PRESIDENT's 2024 plan, a U2 tour; players'"),
            (std::vector<uint64_t>{H("the"), H("president's"), H("plan"), H("u2"), H("tour"),
                                   H("players")}));
  // Diacritics and other scripts fold to ASCII, as names do elsewhere.
  EXPECT_EQ(Terms("Vučić"), Terms("vucic"));
  EXPECT_EQ(Terms("Вучић"), Terms("vucic"));
}

TEST(TermsTest, TypographicPunctuationBreaksWordsAndCurlyApostrophesJoin) {
  // An en dash and a no-break space separate; a right single quotation
  // mark inside a word is an apostrophe.
  EXPECT_EQ(Terms("Paris\u2013Berlin"), (std::vector<uint64_t>{H("paris"), H("berlin")}));
  EXPECT_EQ(Terms("Paris\u00a0Berlin"), (std::vector<uint64_t>{H("paris"), H("berlin")}));
  EXPECT_EQ(Terms("Putin\u2019s"), Terms("Putin's"));
  EXPECT_TRUE(Terms("").empty());
  EXPECT_TRUE(Terms("1 2 3 - !").empty());
}

TEST(IdfTableTest, IdfIsLogOfDocumentsOverFrequencyAndUnseenTermsAreRare) {
  absl::flat_hash_map<uint64_t, uint32_t> df = {{H("the"), 100}, {H("summit"), 4}, {H("zyx"), 1}};
  auto table = IdfTable::FromCounts(df, 100, /*min_df=*/2);
  EXPECT_EQ(table->documents(), 100u);
  EXPECT_EQ(table->size(), 2u);  // "zyx" is under min_df
  EXPECT_FLOAT_EQ(table->Idf(H("the")), 0.0f);
  EXPECT_FLOAT_EQ(table->Idf(H("summit")), std::log(25.0f));
  EXPECT_FLOAT_EQ(table->Idf(H("zyx")), std::log(100.0f));
  EXPECT_FLOAT_EQ(table->Idf(H("never-seen")), std::log(100.0f));
}

TEST(IdfTableTest, SavedTablesLoadBackAndDamagedOnesAreRefused) {
  testing::TempDir dir;
  auto table = IdfTable::FromCounts({{H("talks"), 3}, {H("border"), 9}}, 30, 1);
  ASSERT_TRUE(table->Save(dir.Sub("idf.bin")).ok());
  auto loaded = IdfTable::Load(dir.Sub("idf.bin"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->documents(), 30u);
  EXPECT_EQ((*loaded)->size(), 2u);
  EXPECT_FLOAT_EQ((*loaded)->Idf(H("talks")), table->Idf(H("talks")));
  EXPECT_FLOAT_EQ((*loaded)->Idf(H("unknown")), std::log(30.0f));

  EXPECT_EQ(IdfTable::Load(dir.Sub("missing.bin")).status().code(), absl::StatusCode::kNotFound);
  std::ofstream(dir.Sub("bad.bin")) << "DSIDF001 and then not a table";
  EXPECT_EQ(IdfTable::Load(dir.Sub("bad.bin")).status().code(), absl::StatusCode::kDataLoss);
  std::ofstream(dir.Sub("magic.bin")) << "NOTANIDFTABLE-----------------";
  EXPECT_EQ(IdfTable::Load(dir.Sub("magic.bin")).status().code(), absl::StatusCode::kDataLoss);
}

TEST(TfIdfTest, WeightsAreSublinearInCountTimesIdfAndUnitLength) {
  // "the" has idf 0 and drops out; "talks" (idf log 10) appears three
  // times, "border" (idf log 10) once.
  auto table = IdfTable::FromCounts({{H("the"), 10}, {H("talks"), 1}, {H("border"), 1}}, 10, 1);
  const TermVector v = TfIdf("the talks the talks the talks border", *table);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_NEAR(Norm(v), 1.0f, 1e-6);
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
  float talks = 0, border = 0;
  for (const auto& [term, weight] : v) (term == H("talks") ? talks : border) = weight;
  EXPECT_NEAR(talks / border, 1.0f + std::log(3.0f), 1e-5);
}

TEST(TfIdfTest, KeepsTheHeaviestTerms) {
  auto table =
      IdfTable::FromCounts({{H("common"), 50}, {H("rare"), 1}, {H("middling"), 10}}, 100, 1);
  const TermVector v = TfIdf("common rare middling", *table, /*max_terms=*/2);
  ASSERT_EQ(v.size(), 2u);
  for (const auto& [term, weight] : v) EXPECT_NE(term, H("common"));
  EXPECT_TRUE(TfIdf("", *table).empty());
}

TEST(CosineTest, OfUnitVectors) {
  const TermVector a = Normalize({{1, 3.0f}, {2, 4.0f}});
  EXPECT_FLOAT_EQ(a[0].second, 0.6f);
  EXPECT_FLOAT_EQ(a[1].second, 0.8f);
  EXPECT_NEAR(Cosine(a, a), 1.0f, 1e-6);
  EXPECT_FLOAT_EQ(Cosine(a, Normalize({{3, 1.0f}})), 0.0f);
  // Shares term 2 only.
  EXPECT_NEAR(Cosine(a, Normalize({{2, 1.0f}, {5, 1.0f}})), 0.8f / std::sqrt(2.0f), 1e-6);
  EXPECT_FLOAT_EQ(Cosine({}, a), 0.0f);
  // Normalize sorts by key and leaves a zero vector alone.
  const TermVector unsorted = Normalize({{9, 1.0f}, {4, 1.0f}});
  EXPECT_EQ(unsorted[0].first, 4u);
  EXPECT_TRUE(Normalize({{1, 0.0f}})[0].second == 0.0f);
}

}  // namespace
}  // namespace dossier::query
