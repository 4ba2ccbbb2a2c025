// Training of the linear-chain CRF: L2-regularised conditional
// log-likelihood, minimised with L-BFGS. Deterministic: the gradient is a
// sum over a fixed partition of the sentences, added in a fixed order.
#ifndef DOSSIER_SERVICES_TAGGER_NER_CRF_TRAIN_H_
#define DOSSIER_SERVICES_TAGGER_NER_CRF_TRAIN_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/tagger/ner/features.h"
#include "services/tagger/ner/tags.h"

namespace dossier::ner {

struct CrfTrainOptions {
  // Weight of the L2 penalty (0.5 * l2 * |w|^2).
  double l2 = 1.0;
  int max_iterations = 300;
  // Stop when the relative loss decrease over 5 iterations falls below this.
  double epsilon = 1e-5;
  // L-BFGS history.
  int memory = 8;
  int threads = 2;
  // Features seen fewer times in training are dropped.
  int min_feature_count = 1;
  // Called after every iteration with its number and loss; returning false
  // stops training.
  std::function<bool(int iteration, double loss)> progress;
};

class CrfTrainer {
 public:
  void AddSentence(const SentenceFeatures& features, std::vector<int> gold);

  // Builds the feature index; call once after the last AddSentence.
  void Prepare(int min_feature_count);
  size_t num_features() const { return keys_.size(); }

  // Runs L-BFGS.
  void Train(const CrfTrainOptions& options);

  // Tags with the current weights (for progress reports on dev data).
  std::vector<int> Decode(const SentenceFeatures& features) const;

  // The trained weights: features with any weight above `prune` in
  // magnitude, their rows, and the transitions.
  void Export(double prune, std::vector<uint64_t>* keys, std::vector<float>* rows,
              std::vector<float>* transitions) const;

 private:
  struct Example {
    uint32_t begin;  // into ids_/offsets
    int length;
    std::vector<int> gold;
  };
  double Evaluate(const std::vector<double>& x, std::vector<double>* gradient, int threads) const;
  double EvaluateRange(const std::vector<double>& x, size_t from, size_t to,
                       std::vector<double>* gradient) const;

  // Raw sentences until Prepare.
  std::vector<SentenceFeatures> raw_;
  std::vector<std::vector<int>> raw_gold_;

  std::vector<uint64_t> keys_;
  absl::flat_hash_map<uint64_t, uint32_t> index_;
  std::vector<Example> examples_;
  std::vector<uint32_t> token_offsets_;  // per token, into ids_
  std::vector<uint32_t> ids_;
  std::vector<double> weights_;  // keys_.size() * kNumTags, then transitions
};

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_CRF_TRAIN_H_
