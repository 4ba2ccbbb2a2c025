#include "services/ingest/minhash.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace dossier::ingest {
namespace {

std::string Words(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) absl::StrAppend(&out, "word", i, " ");
  return out;
}

TEST(MinHashTest, EstimatesJaccardOfShingles) {
  const Signature a = MinHash(Words(0, 300));
  EXPECT_EQ(EstimatedJaccard(a, MinHash(Words(0, 300))), 1.0f);
  // Case and punctuation do not matter.
  EXPECT_EQ(EstimatedJaccard(MinHash("The Cat, sat on the MAT today."),
                             MinHash("the cat sat on the mat today")),
            1.0f);
  // 296 shingles each, 196 shared: Jaccard 196/396 = 0.49.
  const float half = EstimatedJaccard(a, MinHash(Words(100, 400)));
  EXPECT_NEAR(half, 0.49, 0.2);
  EXPECT_LT(EstimatedJaccard(a, MinHash(Words(1000, 1300))), 0.05);
}

TEST(MinHashTest, SimilarTextsShareABandAndSignaturesRoundTrip) {
  const Signature a = MinHash(Words(0, 300));
  const Signature b = MinHash(Words(0, 280) + "changed ending here");
  int shared = 0;
  for (int band = 0; band < kBands; ++band) shared += BandHash(a, band) == BandHash(b, band);
  EXPECT_GT(shared, 0);
  Signature decoded;
  ASSERT_TRUE(DecodeSignature(EncodeSignature(a), &decoded));
  EXPECT_EQ(decoded, a);
  EXPECT_FALSE(DecodeSignature("short", &decoded));
}

}  // namespace
}  // namespace dossier::ingest
