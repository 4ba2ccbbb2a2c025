#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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

TEST(WeightTableTest, FindsEveryStoredRowAndNoOtherAtAnyFill) {
  // Small tables two thirds full, many of them, so that runs of full slots
  // wrap round the end, and large ones, where runs cross many groups of
  // sixteen tags.
  std::vector<std::pair<int, int>> fills;  // (keys, seed)
  for (int seed = 0; seed < 100; ++seed) {
    for (const int count : {1, 10, 21, 42}) fills.emplace_back(count, seed);
  }
  fills.emplace_back(700, 1);
  fills.emplace_back(5000, 1);
  for (const auto& [count, seed] : fills) {
    std::mt19937_64 rng(count * 1000 + seed);
    std::vector<uint64_t> keys;
    for (int k = 0; k < count; ++k) keys.push_back(rng());
    keys[0] = 0;  // a feature hashed to 0 is stored as 1
    std::vector<float> rows(keys.size() * kNumTags);
    for (size_t r = 0; r < keys.size(); ++r) {
      for (int t = 0; t < kNumTags; ++t) rows[r * kNumTags + t] = static_cast<float>(r % 97) - t;
    }
    WeightTable table;
    table.Set(keys, rows, std::vector<float>(kNumTags * kNumTags, 0));
    ASSERT_EQ(table.size(), keys.size());
    for (size_t r = 0; r < keys.size(); ++r) {
      WeightTable::Acc sum[WeightTable::kAccStride] = {};
      table.AddRows(&keys[r], 1, sum);
      for (int t = 0; t < kNumTags; ++t) {
        ASSERT_NEAR(sum[t] * table.scale(), rows[r * kNumTags + t], table.scale())
            << "row " << r << " of " << count << ", tag " << t;
      }
    }
    for (int k = 0; k < 200; ++k) {
      const uint64_t absent = rng();
      WeightTable::Acc sum[WeightTable::kAccStride] = {};
      table.AddRows(&absent, 1, sum);
      for (int t = 0; t < WeightTable::kAccStride; ++t) ASSERT_EQ(sum[t], 0) << count;
    }
  }
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

// The gazetteer lists the trainer builds from a small reference folder: a
// city's alternate name that GMB tags as something else stays out of
// loc.city, and so does a name GMB tags as a time at least as often as a
// place or an event.
TEST(ResourcesTest, GazetteerLeavesOutNamesGmbContradicts) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("wikidata"));
  std::filesystem::create_directories(dir.Sub("geonames"));
  std::filesystem::create_directories(dir.Sub("gmb"));
  std::ofstream(dir.Sub("wikidata/country_aliases.csv"))
      << "iso3c,iso2c,language,is_official_language,label,label_type\n"
         "USA,US,en,true,United States,official\n";
  std::ofstream(dir.Sub("geonames/countryInfo.txt"))
      << "#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\n"
         "US\tUSA\t840\tUS\tUnited States\tWashington\n";
  std::ofstream(dir.Sub("geonames/cities15000.txt")) << "4280539\tTopeka\tTopeka\tGoogle,Topika\n"
                                                        "1\tSplit\tSplit\tSpalato\n";
  std::string gmb;
  auto name = [&](const std::string& words, const std::string& cls, int times) {
    for (int i = 0; i < times; ++i) {
      std::string tag = "B-" + cls;
      for (absl::string_view w : absl::StrSplit(words, ' ')) {
        absl::StrAppend(&gmb, w, "\tNNP\t", tag, "\n");
        tag = "I-" + cls;
      }
      absl::StrAppend(&gmb, "said\tVBD\tO\n\n");
    }
  };
  name("Google", "org", 3);
  name("Christmas", "tim", 3);
  name("Christmas", "geo", 3);
  name("Darfur", "geo", 3);
  name("Darfur", "tim", 2);
  name("split", "O", 3);  // lower case, but a city's own name
  std::ofstream(dir.Sub("gmb/gmb_ner.tsv")) << gmb;

  ResourceOptions options;
  options.data_dir = dir.path();
  Gazetteer g;
  ASSERT_TRUE(BuildGazetteer(options, &g).ok());
  auto lists_of = [&](const std::vector<absl::string_view>& folded) {
    std::set<std::string> out;
    const uint32_t mask = g.Lookup(HashSequence(folded));
    for (size_t i = 0; i < g.lists().size(); ++i) {
      if (mask & (1u << i)) out.insert(g.lists()[i]);
    }
    return out;
  };
  EXPECT_THAT(lists_of({"topeka"}), ElementsAre("loc.city"));
  EXPECT_THAT(lists_of({"topika"}), ElementsAre("loc.city"));
  EXPECT_THAT(lists_of({"split"}), ElementsAre("loc.city"));
  EXPECT_THAT(lists_of({"united", "states"}), ElementsAre("loc.country"));
  // Topeka's one-month name is GMB's organisation, not a city.
  EXPECT_THAT(lists_of({"google"}), ElementsAre("gmb.org"));
  // A holiday GMB tags as a time as often as a place is no place.
  EXPECT_THAT(lists_of({"christmas"}), ::testing::IsEmpty());
  // A place GMB now and then tags as a time stays a place.
  EXPECT_THAT(lists_of({"darfur"}), ElementsAre("gmb.geo"));
}

// The word clusters' cache follows the unlabelled text as read: the same
// words cut into other sentences (as a tokenizer that ends sentences
// elsewhere cuts them) train new clusters instead of reading the cache.
TEST(ResourcesTest, ClusterCacheFollowsWhereSentencesEnd) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("gmb"));
  const auto write_news = [&](bool cut) {
    std::string gmb;
    for (int i = 0; i < 12; ++i) {
      int n = 0;
      for (absl::string_view w : {"Talks", "in", "Geneva", "resumed", "on", "Monday", "."}) {
        if (cut && n++ == 3) gmb += "\n";
        absl::StrAppend(&gmb, w, "\tNN\tO\n");
      }
      gmb += "\n";
    }
    std::ofstream(dir.Sub("gmb/gmb_ner.tsv"), std::ios::trunc) << gmb;
  };
  const auto cached = [&] {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.Sub("cache"))) {
      files += entry.is_regular_file() ? 1 : 0;
    }
    return files;
  };
  ResourceOptions options;
  options.data_dir = dir.path();
  options.cache_dir = dir.Sub("cache");
  options.dimensions = 8;
  options.epochs = 1;
  options.levels = {2};
  options.threads = 1;
  write_news(false);
  WordClusters first, again, cut;
  ASSERT_TRUE(BuildClusters(options, &first).ok());
  EXPECT_EQ(cached(), 1);
  ASSERT_TRUE(BuildClusters(options, &again).ok());
  EXPECT_EQ(cached(), 1);
  write_news(true);
  ASSERT_TRUE(BuildClusters(options, &cut).ok());
  EXPECT_EQ(cached(), 2);
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
  // The format before the corpus history (DSNER003) still loads: the same
  // bytes without the history's (empty) count.
  ASSERT_EQ(bytes.substr(0, 8), "DSNER004");
  ASSERT_EQ(bytes.substr(bytes.size() - 8), std::string(8, '\0'));
  std::ofstream(dir.Sub("v3.bin"), std::ios::binary)
      << "DSNER003" << bytes.substr(8, bytes.size() - 16);
  auto old = NerModel::Load(dir.Sub("v3.bin"));
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_TRUE((*old)->history().empty());
  EXPECT_EQ((*old)->vectors().levels(), 2);
  // A corpus history goes with the model.
  for (int k = 0; k < 3; ++k)
    model.mutable_history()->Count({HashWord("belgrade")}, {MakeTag(2, kUnit)});
  model.mutable_history()->Finish(3);
  ASSERT_TRUE(model.Save(dir.Sub("h.bin")).ok());
  auto with_history = NerModel::Load(dir.Sub("h.bin"));
  ASSERT_TRUE(with_history.ok()) << with_history.status();
  EXPECT_EQ((*with_history)->history().size(), 1u);
  ASSERT_NE((*with_history)->history_or_null(), nullptr);
  std::ofstream(dir.Sub("cut.bin"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_EQ(NerModel::Load(dir.Sub("cut.bin")).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(NerModel::Load(dir.Sub("missing.bin")).status().code(), absl::StatusCode::kNotFound);
}

// Context aggregation: a capitalised word gets the words beside its other
// capitalised occurrences in the document (and their vector clusters), as
// a headline's COMELF gets the "said" of "Comelf said it"; a word written
// once gets none, nor does a model without --elsewhere, and the choice
// goes with the model file.
TEST(ContextAggregationTest, AWordGetsTheContextsOfItsOtherOccurrences) {
  const std::vector<std::vector<std::string>> sentences = {
      {"COMELF", "PROFIT", "RISES", "."},
      {"Comelf", "said", "it", "did", "well", "."},
      {"Shares", "of", "Bistrita", "rose", "."},
  };
  const DocumentWords views = ViewsOf(sentences);
  auto templates_of = [&](const NerModel& model, int s, int i) {
    const FeatureExtractor extractor = model.Extractor();
    const AnalyzedDocument doc = extractor.Analyze(views);
    std::multiset<std::string> names;
    for (const NamedFeature& f : extractor.Explain(doc, s, i)) names.insert(f.template_name);
    return names;
  };
  NerModel model;
  FeatureConfig config;
  config.elsewhere = true;
  model.set_config(config);
  EXPECT_EQ(templates_of(model, 0, 0).count("elsewhere: word after"), 1u);
  // The neighbours' vector clusters only when the model has vectors.
  EXPECT_EQ(templates_of(model, 0, 0).count("elsewhere: vector cluster after"), 0u);
  model.mutable_vectors()->set_levels(2);
  model.mutable_vectors()->Add(HashWord("said"), {{3, 7}, 0});
  const auto headline = templates_of(model, 0, 0);
  EXPECT_EQ(headline.count("elsewhere: word before"), 1u);
  EXPECT_EQ(headline.count("elsewhere: word after"), 1u);
  EXPECT_EQ(headline.count("elsewhere: vector cluster after"), 1u);
  // Its own occurrence is no evidence: the story's Comelf has only the
  // headline's, which is no capitalised occurrence in running text.
  EXPECT_EQ(templates_of(model, 1, 0).count("elsewhere: word after"), 0u);
  EXPECT_EQ(templates_of(model, 2, 2).count("elsewhere: word before"), 0u);
  testing::TempDir dir;
  model.set_version("aggregating");
  ASSERT_TRUE(model.Save(dir.Sub("m.bin")).ok());
  auto loaded = NerModel::Load(dir.Sub("m.bin"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE((*loaded)->config().elsewhere);
  EXPECT_EQ(templates_of(**loaded, 0, 0), headline);
  NerModel plain;
  EXPECT_FALSE(plain.config().elsewhere);
  EXPECT_EQ(templates_of(plain, 0, 0).count("elsewhere: word after"), 0u);
  ASSERT_TRUE(plain.Save(dir.Sub("p.bin")).ok());
  auto plain_loaded = NerModel::Load(dir.Sub("p.bin"));
  ASSERT_TRUE(plain_loaded.ok()) << plain_loaded.status();
  EXPECT_FALSE((*plain_loaded)->config().elsewhere);
}

// The corpus history: what the first stage tagged a word as across news,
// as second-stage features that tell an organisation from a word never in
// names, and the same whether counted in one pass or two, or saved and
// read back.
TEST(CorpusHistoryTest, TellsWordsByWhatTheFirstStageTaggedThemAs) {
  const uint64_t nato = HashWord("nato"), said = HashWord("said"), rare = HashWord("rare");
  const int org = MakeTag(1, kUnit), loc = MakeTag(2, kUnit);
  CorpusHistory whole, first_half, second_half;
  for (int k = 0; k < 10; ++k) {
    CorpusHistory& half = k < 5 ? first_half : second_half;
    const std::vector<uint64_t> words = {nato, said};
    const std::vector<int> tags = {k == 0 ? loc : org, kOutside};
    whole.Count(words, tags);
    half.Count(words, tags);
  }
  whole.Count({rare}, {org});
  whole.Count({rare}, {org});
  first_half.Count({rare}, {org});
  second_half.Count({rare}, {org});
  first_half.Merge(second_half);
  whole.Finish(3);
  first_half.Finish(3);
  auto features = [](const CorpusHistory& h, uint64_t word) {
    std::vector<uint64_t> out;
    h.AppendFeatures(word, &out);
    return out;
  };
  EXPECT_EQ(whole.size(), 2u);  // "rare", twice, is left out
  EXPECT_NE(features(whole, nato), features(whole, said));
  EXPECT_EQ(features(whole, rare), features(whole, HashWord("unseen")));
  EXPECT_NE(features(whole, nato), features(whole, rare));
  EXPECT_EQ(features(first_half, nato), features(whole, nato));
  EXPECT_EQ(features(first_half, said), features(whole, said));
  // A word only ever tagged a place is not one mostly tagged an
  // organisation.
  CorpusHistory place;
  for (int k = 0; k < 10; ++k) place.Count({nato}, {loc});
  place.Finish(3);
  EXPECT_NE(features(place, nato), features(whole, nato));
  std::string bytes;
  whole.Write(&bytes);
  CorpusHistory read;
  size_t pos = 0;
  ASSERT_TRUE(read.Read(bytes, &pos));
  EXPECT_EQ(pos, bytes.size());
  EXPECT_EQ(features(read, nato), features(whole, nato));
  EXPECT_EQ(features(read, said), features(whole, said));
  pos = 0;
  EXPECT_FALSE(CorpusHistory().Read(bytes.substr(0, bytes.size() - 1), &pos));
}

// Decode: the best path's name, when the model is unsure of it, gives way
// to a part of it that is likelier a name on its own. Three words: the path
// "Acme Zorana Mihajlovic" as one organisation scores 4.5; the person
// "Zorana Mihajlovic" scores 4, after any of five tags of the first word
// (O or a one-word name), so it is the likelier span (5 e^4 against e^4.5).
TEST(DecodeTest, AnUnsureNameGivesWayToALikelierPartOfIt) {
  const Transitions transitions;
  auto emissions = [](double org, double person) {
    std::vector<double> e(3 * kNumTags, 0.0);
    e[0 * kNumTags + MakeTag(1, kBegin)] = org;
    e[1 * kNumTags + MakeTag(1, kInside)] = org;
    e[2 * kNumTags + MakeTag(1, kLast)] = org;
    e[1 * kNumTags + MakeTag(0, kBegin)] = person;
    e[2 * kNumTags + MakeTag(0, kLast)] = person;
    return e;
  };
  EXPECT_EQ(SpansFromTags(Viterbi(emissions(1.5, 2).data(), 3, transitions)),
            (std::vector<Span>{{0, 3, 1}}));
  std::vector<TaggedSpan> spans;
  const std::vector<int> tags = Decode(emissions(1.5, 2), transitions, &spans);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].span, (Span{1, 3, 0}));
  EXPECT_GT(spans[0].confidence, 0.4f);
  EXPECT_EQ(SpansFromTags(tags), (std::vector<Span>{{1, 3, 0}}));
  // A name the model is sure of stays whole.
  Decode(emissions(5, 2), transitions, &spans);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].span, (Span{0, 3, 1}));
  EXPECT_GT(spans[0].confidence, 0.99f);
}

// A word's corpus history weighs in the second stage exactly once whether
// the tagger reads it (from its per-word sums) or the trainer and the
// error analysis do (PredictionContext): a model whose only weight is 1.0
// for U-ORG on the history feature of "acme" tags "Acme" an organisation
// with the probability that one weight gives, e^1 / (e^1 + 4) against O
// and the three other single-word classes.
TEST(CorpusHistoryTest, WeighsOnceInTaggingAsInTraining) {
  NerModel model;
  for (int k = 0; k < 3; ++k) {
    model.mutable_history()->Count({HashWord("acme")}, {MakeTag(1, kUnit)});
  }
  model.mutable_history()->Finish(3);
  std::vector<uint64_t> history_features;
  model.history().AppendFeatures(HashWord("acme"), &history_features);
  ASSERT_FALSE(history_features.empty());
  const std::vector<float> no_transitions(kNumTags * kNumTags, 0.0f);
  std::vector<float> row(kNumTags, 0.0f);
  model.mutable_stage(1)->Set({HashWord("unused")}, std::vector<float>(kNumTags, 0.0f),
                              no_transitions);
  row[MakeTag(1, kUnit)] = 1.0f;
  model.mutable_stage(2)->Set({history_features[0]}, row, no_transitions);
  const std::vector<std::vector<std::string>> sentences = {{"Acme"}};
  const DocumentWords views = ViewsOf(sentences);
  const auto tagged = model.TagDocument(views);
  ASSERT_EQ(tagged[0].size(), 1u);
  EXPECT_EQ(tagged[0][0].span, (Span{0, 1, 1}));
  const double expected = std::exp(1.0) / (std::exp(1.0) + 4);
  EXPECT_NEAR(tagged[0][0].confidence, expected, 1e-3);
  // The trainer's path (PredictionContext with the history, as
  // dossier-train-ner builds it): the second stage's own features of "Acme"
  // hold the history's, once.
  auto second_stage = [&](const CorpusHistory* history) {
    const std::vector<uint64_t> folded = {HashWord("acme")};
    SentenceFeatures features;
    features.offsets.assign(2, 0);
    AddPredictionFeatures(folded, {kOutside},
                          PredictionContext::Build({folded}, {{kOutside}}, history), &features);
    return features;
  };
  const SentenceFeatures extra = second_stage(&model.history());
  EXPECT_EQ(std::count(extra.hashes.begin(), extra.hashes.end(), history_features[0]), 1);
  const SentenceFeatures without = second_stage(nullptr);
  EXPECT_EQ(std::count(without.hashes.begin(), without.hashes.end(), history_features[0]), 0);
  // Without the history the word is nothing.
  model.mutable_history()->Clear();
  EXPECT_TRUE(model.TagDocument(views)[0].empty());
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
