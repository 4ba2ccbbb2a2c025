// Linear-chain CRF inference over BILOU tags: Viterbi decoding and
// forward-backward marginals, on emission scores [n × kNumTags] and
// transition scores. Disallowed transitions (tags.h) are excluded
// structurally, whatever their scores.
#ifndef DOSSIER_SERVICES_TAGGER_NER_CRF_H_
#define DOSSIER_SERVICES_TAGGER_NER_CRF_H_

#include <vector>

#include "services/tagger/ner/tags.h"

namespace dossier::ner {

// Transition scores [prev * kNumTags + cur] and their exponentials, 0
// where the transition is not allowed.
class Transitions {
 public:
  Transitions() : Transitions(nullptr) {}
  // `scores` may be null for all zeros.
  explicit Transitions(const double* scores);

  double score(int prev, int cur) const { return scores_[prev * kNumTags + cur]; }
  // exp(score), 0 where the transition is not allowed.
  double exp_score(int prev, int cur) const { return exp_[prev * kNumTags + cur]; }
  const double* scores() const { return scores_; }

 private:
  double scores_[kNumTags * kNumTags];
  double exp_[kNumTags * kNumTags];
};

// The best tag sequence.
std::vector<int> Viterbi(const double* emissions, int n, const Transitions& transitions);

// Scaled forward-backward. After Run, marginals are exact probabilities.
// Training sums gradients in double; tagging needs only the confidences of
// the spans it found, for which float is ample and about twice as fast.
template <typename Real>
class ForwardBackwardT {
 public:
  // Returns log Z.
  double Run(const double* emissions, int n, const Transitions& transitions);

  // P(y_k = s).
  double Node(int k, int s) const {
    return static_cast<double>(alpha_[k * kNumTags + s]) * beta_[k * kNumTags + s];
  }
  // P(y_{k-1} = prev, y_k = cur), k >= 1.
  double Edge(int k, int prev, int cur) const {
    return static_cast<double>(alpha_[(k - 1) * kNumTags + prev]) *
           transitions_->exp_score(prev, cur) * psi_[k * kNumTags + cur] *
           beta_[k * kNumTags + cur] / scale_[k];
  }
  // P(y_begin..y_{begin+length-1} = tags).
  double Path(int begin, const int* tags, int length) const;

 private:
  int n_ = 0;
  const Transitions* transitions_ = nullptr;
  std::vector<Real> alpha_, beta_, psi_, scale_;
};

using ForwardBackward = ForwardBackwardT<double>;

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_CRF_H_
