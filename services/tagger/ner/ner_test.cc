#include <cmath>
#include <fstream>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/tagger/ner/conll.h"
#include "services/tagger/ner/crf.h"
#include "services/tagger/ner/crf_train.h"
#include "services/tagger/ner/features.h"
#include "services/tagger/ner/model.h"
#include "services/tagger/ner/resource_builder.h"
#include "services/tagger/ner/resources.h"
#include "services/tagger/ner/tags.h"
#include "tests/support/temp_dir.h"

namespace dossier::ner {
namespace {

using ::testing::ElementsAre;

TEST(ConllTest, SpansFromIobFollowConlleval) {
  // IOB2, and IOB1 where I- after O starts an entity.
  EXPECT_THAT(SpansFromIob({"B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-ORG"}),
              ElementsAre(Span{0, 2, 0}, Span{3, 4, 2}, Span{4, 5, 2}, Span{5, 6, 1}));
  EXPECT_THAT(SpansFromIob({"I-MISC", "I-MISC", "I-PER"}),
              ElementsAre(Span{0, 2, 3}, Span{2, 3, 0}));
  EXPECT_TRUE(SpansFromIob({"O", "O"}).empty());
}

TEST(ConllTest, EvaluationCountsExactMatchesOnly) {
  Evaluation e;
  e.Add({{0, 2, 0}, {3, 4, 2}}, {{0, 2, 0}, {3, 4, 1}, {5, 6, 3}});
  EXPECT_EQ(e.overall().correct, 1);
  EXPECT_EQ(e.overall().predicted, 3);
  EXPECT_EQ(e.overall().gold, 2);
  EXPECT_NEAR(e.overall().F1(), 2 * (100.0 / 3) * 50 / (100.0 / 3 + 50), 1e-9);
  EXPECT_EQ(e.per_type(0).F1(), 100);
  EXPECT_THAT(e.ToJson(), ::testing::HasSubstr("\"per_type\": {\"PER\""));
}

TEST(ConllTest, ReadsCorpusDocumentsAndMapsGmb) {
  testing::TempDir dir;
  std::ofstream(dir.Sub("c.txt")) << "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ "
                                     "B-VP O\n\nPeter NNP B-NP B-PER\n\n-DOCSTART- -X- O O\n\n"
                                     "Bonn NNP B-NP B-LOC\n";
  auto docs = ReadCorpus(dir.Sub("c.txt"), CorpusFormat::kConll);
  ASSERT_TRUE(docs.ok()) << docs.status();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].sentences.size(), 2u);
  EXPECT_THAT((*docs)[0].sentences[0].spans, ElementsAre(Span{0, 1, 1}));
  std::ofstream(dir.Sub("g.tsv"))
      << "British\tJJ\tB-gpe\ntroops\tNNS\tO\nin\tIN\tO\nIraq\tNNP\tB-geo\n"
         "on\tIN\tO\nMonday\tNNP\tB-tim\n\n";
  auto gmb = ReadCorpus(dir.Sub("g.tsv"), CorpusFormat::kGmb);
  ASSERT_TRUE(gmb.ok());
  EXPECT_THAT((*gmb)[0].sentences[0].spans, ElementsAre(Span{0, 1, 2}, Span{3, 4, 2}));
}

TEST(TagsTest, BilouRoundTripsAndConstrains) {
  const std::vector<Span> spans = {{0, 1, 0}, {2, 5, 1}, {5, 7, 3}};
  const std::vector<int> tags = TagsFromSpans(8, spans);
  EXPECT_EQ(TagName(tags[0]), "U-PER");
  EXPECT_EQ(TagName(tags[3]), "I-ORG");
  EXPECT_EQ(SpansFromTags(tags), spans);
  EXPECT_FALSE(AllowedTransition(kOutside, MakeTag(0, kInside)));
  EXPECT_FALSE(AllowedTransition(MakeTag(0, kBegin), MakeTag(1, kLast)));
  EXPECT_TRUE(AllowedTransition(MakeTag(0, kBegin), MakeTag(0, kLast)));
  EXPECT_FALSE(AllowedStart(MakeTag(2, kLast)));
  EXPECT_FALSE(AllowedEnd(MakeTag(2, kBegin)));
}

// Every allowed tag sequence of a short sentence, for brute-force checks.
void Enumerate(int n, std::vector<int>* prefix, std::vector<std::vector<int>>* out) {
  if (static_cast<int>(prefix->size()) == n) {
    if (n == 0 || AllowedEnd(prefix->back())) out->push_back(*prefix);
    return;
  }
  for (int t = 0; t < kNumTags; ++t) {
    if (prefix->empty() ? !AllowedStart(t) : !AllowedTransition(prefix->back(), t)) continue;
    prefix->push_back(t);
    Enumerate(n, prefix, out);
    prefix->pop_back();
  }
}

TEST(CrfTest, ViterbiAndForwardBackwardMatchBruteForce) {
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0, 2);
  const int n = 4;
  std::vector<double> emissions(n * kNumTags), transitions(kNumTags * kNumTags);
  for (double& e : emissions) e = normal(rng);
  for (double& t : transitions) t = normal(rng);
  std::vector<std::vector<int>> paths;
  std::vector<int> prefix;
  Enumerate(n, &prefix, &paths);
  auto score = [&](const std::vector<int>& p) {
    double s = 0;
    for (int k = 0; k < n; ++k) {
      s += emissions[k * kNumTags + p[k]];
      if (k > 0) s += transitions[p[k - 1] * kNumTags + p[k]];
    }
    return s;
  };
  double z = 0, best = -1e300;
  std::vector<int> argmax;
  double node = 0;  // P(y_1 = B-ORG)
  double path = 0;  // P(y_1..y_2 = B-LOC L-LOC)
  for (const auto& p : paths) {
    const double s = score(p);
    z += std::exp(s);
    if (s > best) {
      best = s;
      argmax = p;
    }
    if (p[1] == MakeTag(1, kBegin)) node += std::exp(s);
    if (p[1] == MakeTag(2, kBegin) && p[2] == MakeTag(2, kLast)) path += std::exp(s);
  }
  const Transitions compiled(transitions.data());
  EXPECT_EQ(Viterbi(emissions.data(), n, compiled), argmax);
  ForwardBackward fb;
  EXPECT_NEAR(fb.Run(emissions.data(), n, compiled), std::log(z), 1e-9);
  EXPECT_NEAR(fb.Node(1, MakeTag(1, kBegin)), node / z, 1e-9);
  const int span[] = {MakeTag(2, kBegin), MakeTag(2, kLast)};
  EXPECT_NEAR(fb.Path(1, span, 2), path / z, 1e-9);
  double total = 0;
  for (int s = 0; s < kNumTags; ++s) total += fb.Node(2, s);
  EXPECT_NEAR(total, 1.0, 1e-9);
}

TEST(ResourcesTest, FoldsWordsAndMatchesTheLongestGazetteerEntry) {
  EXPECT_EQ(FoldWord("Vu\xc4\x8di\xc4\x87"), "vucic");
  EXPECT_EQ(FoldWord("Rossiya-24"), "rossiya-00");
  Gazetteer g;
  const int city = g.AddList("loc.city");
  g.AddEntry(city, {"new", "york"});
  g.AddEntry(city, {"york"});
  const std::vector<uint64_t> words = {HashWord("in"), HashWord("new"), HashWord("york"),
                                       HashWord("today")};
  const auto m = g.Match(words, {false, true, true, true});
  EXPECT_EQ(m[1], 'B');
  EXPECT_EQ(m[2], 'L');
  EXPECT_EQ(m[0], 0);
  // Lower-case running text is no match.
  const auto lower = g.Match(words, {false, false, false, false});
  EXPECT_EQ(lower[2], 0);
}

// A tiny model trained here: it must learn its training data, and survive
// a save and load with the same predictions.
TEST(ModelTest, TrainsSavesAndLoads) {
  std::vector<std::vector<std::string>> sentences = {
      {"Maria", "Zakharova", "visited", "Belgrade", "."},
      {"Sergei", "Lavrov", "met", "officials", "in", "Moscow", "."},
      {"The", "ministry", "in", "Belgrade", "said", "."},
  };
  std::vector<std::vector<Span>> gold = {
      {{0, 2, 0}, {3, 4, 2}}, {{0, 2, 0}, {5, 6, 2}}, {{3, 4, 2}}};
  NerModel model;
  // Clusters of pretrained vectors for two of the words.
  model.mutable_vectors()->set_levels(2);
  model.mutable_vectors()->Add(HashWord("belgrade"), {{3, 7}, 0});
  model.mutable_vectors()->Add(HashWord("moscow"), {{3, 8}, 0});
  const FeatureExtractor extractor = model.Extractor();
  const DocumentWords views = ViewsOf(sentences);
  const AnalyzedDocument doc = extractor.Analyze(views);
  CrfTrainer trainer;
  std::vector<SentenceFeatures> features(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    extractor.Extract(doc, static_cast<int>(s), &features[s]);
    trainer.AddSentence(features[s], TagsFromSpans(static_cast<int>(sentences[s].size()), gold[s]));
  }
  trainer.Prepare(1);
  CrfTrainOptions options;
  options.l2 = 0.1;
  options.max_iterations = 100;
  options.threads = 1;
  trainer.Train(options);
  for (size_t s = 0; s < sentences.size(); ++s) {
    EXPECT_EQ(SpansFromTags(trainer.Decode(features[s])), gold[s]);
  }
  std::vector<uint64_t> keys;
  std::vector<float> rows, transitions;
  trainer.Export(0, &keys, &rows, &transitions);
  model.mutable_stage(1)->Set(keys, rows, transitions);
  model.set_version("test-1");
  testing::TempDir dir;
  ASSERT_TRUE(model.Save(dir.Sub("m.bin")).ok());
  auto loaded = NerModel::Load(dir.Sub("m.bin"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->version(), "test-1");
  EXPECT_TRUE((*loaded)->config().vectors);
  EXPECT_EQ((*loaded)->vectors().levels(), 2);
  ASSERT_NE((*loaded)->vectors().Find(HashWord("moscow")), nullptr);
  EXPECT_EQ((*loaded)->vectors().Find(HashWord("moscow"))->id[1], 8);
  const auto tagged = (*loaded)->TagDocument(views);
  for (size_t s = 0; s < sentences.size(); ++s) {
    std::vector<Span> spans;
    for (const auto& t : tagged[s]) {
      spans.push_back(t.span);
      EXPECT_GT(t.confidence, 0.5);
      EXPECT_LE(t.confidence, 1.0001);
    }
    EXPECT_EQ(spans, gold[s]);
  }
  // A truncated file is refused with a reason, never half-loaded.
  std::string bytes;
  {
    std::ifstream in(dir.Sub("m.bin"), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ofstream(dir.Sub("cut.bin"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_EQ(NerModel::Load(dir.Sub("cut.bin")).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(NerModel::Load(dir.Sub("missing.bin")).status().code(), absl::StatusCode::kNotFound);
}

// Pretrained vectors in wink-embeddings' JSON layout: word -> [dims...,
// norm, rank]. Words that point alike share clusters, the least frequent
// past vector_words are left out, and words that fold alike keep the more
// frequent one's vector.
TEST(VectorsTest, ClustersPretrainedVectors) {
  testing::TempDir dir;
  std::ofstream(dir.Sub("package.json")) << R"({"name": "vecs", "version": "1.2.3"})";
  std::ofstream(dir.Sub("v.json"))
      << R"({"precision":8,"dimensions":3,"words":["paris","rome","red","blue","café","cafe","x"],)"
      << R"("vectors":{"paris":[1,0.1,0,1,0],"rome":[0.9,0.2,0,1,1],)"
      << R"("red":[0,0,1,1,2],"blue":[0.1,0,0.9,1,3],"caf\u00e9":[1,0,0,1,4],)"
      << R"("cafe":[0,0,1,1,5],"x":[0,1,0,1,6]},"unkVector":[0,0,0,0,-1]})";
  ResourceOptions options;
  options.vectors_path = dir.Sub("v.json");
  options.vector_words = 6;
  options.vector_fit = 6;
  options.vector_levels = {2};
  options.threads = 2;
  WordClusters clusters;
  VectorFacts facts;
  ASSERT_TRUE(BuildVectorClusters(options, &clusters, &facts).ok());
  EXPECT_EQ(facts.package, "vecs@1.2.3");
  EXPECT_EQ(facts.words, 7u);
  EXPECT_EQ(facts.sha256.size(), 64u);
  EXPECT_EQ(clusters.levels(), 1);
  EXPECT_EQ(clusters.size(), 5u);  // "café" and "cafe" fold alike; "x" is past 6
  auto id = [&](const char* w) { return clusters.Find(HashWord(w))->id[0]; };
  EXPECT_EQ(clusters.Find(HashWord("x")), nullptr);
  EXPECT_EQ(id("paris"), id("rome"));
  EXPECT_EQ(id("red"), id("blue"));
  EXPECT_NE(id("paris"), id("red"));
  EXPECT_EQ(id("cafe"), id("paris"));  // café's vector, the more frequent
  WordClusters again;
  ASSERT_TRUE(BuildVectorClusters(options, &again, &facts).ok());
  EXPECT_EQ(again.Find(HashWord("rome"))->id[0], id("rome"));

  std::ofstream(dir.Sub("bad.json")) << R"({"dimensions":3,"vectors":{"a":[1,2]}})";
  options.vectors_path = dir.Sub("bad.json");
  EXPECT_FALSE(BuildVectorClusters(options, &again, &facts).ok());
}

}  // namespace
}  // namespace dossier::ner
