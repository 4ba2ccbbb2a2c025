#include "services/tagger/ner/crf.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dossier::ner {
namespace {

// The tags that close an entity or stand outside it (O, L-X, U-X) and those
// that open one or stand outside (O, B-X, U-X), each in ascending tag order.
// Any of the first may precede any of the second: there the lattice is a
// dense kEdge × kEdge block.
constexpr int kEdge = 1 + 2 * kNumTypes;
struct Edges {
  int closes[kEdge], opens[kEdge];
  int open_index[kNumTags];  // tag -> its index in opens, -1 for I-X and L-X
  Edges() {
    closes[0] = opens[0] = kOutside;
    for (int t = 0; t < kNumTypes; ++t) {
      closes[1 + 2 * t] = MakeTag(t, kLast);
      closes[2 + 2 * t] = MakeTag(t, kUnit);
      opens[1 + 2 * t] = MakeTag(t, kBegin);
      opens[2 + 2 * t] = MakeTag(t, kUnit);
    }
    for (int& i : open_index) i = -1;
    for (int j = 0; j < kEdge; ++j) open_index[opens[j]] = j;
  }
};
const Edges& EdgeTags() {
  static const Edges edges;
  return edges;
}

// block[i][j] = value(closes[i], opens[j]).
template <typename Real, typename Value>
void FillBlock(Value value, Real (&block)[kEdge][kEdge]) {
  const Edges& e = EdgeTags();
  for (int i = 0; i < kEdge; ++i) {
    for (int j = 0; j < kEdge; ++j) block[i][j] = value(e.closes[i], e.opens[j]);
  }
}

}  // namespace

Transitions::Transitions(const double* scores) {
  for (int i = 0; i < kNumTags * kNumTags; ++i) {
    scores_[i] = scores != nullptr ? scores[i] : 0;
    exp_[i] = AllowedTransition(i / kNumTags, i % kNumTags) ? std::exp(scores_[i]) : 0;
  }
}

std::vector<int> Viterbi(const double* emissions, int n, const Transitions& transitions) {
  std::vector<int> tags(n, kOutside);
  if (n == 0) return tags;
  // The lattice has two kinds of step. A tag that opens or stands alone (O,
  // B-X, U-X) follows any tag that closes (O, L-X, U-X): a dense 9 × 9
  // block of maxima, which the compiler vectorises when no argument is
  // tracked. I-X and L-X follow B-X or I-X only. The best scores of every
  // position are kept; the way back is found again from them along the
  // best path alone, ties to the lower predecessor, as a loop over each
  // tag's allowed predecessors in ascending order has it.
  const int* closes = EdgeTags().closes;
  const int* opens = EdgeTags().opens;
  double block[kEdge][kEdge];  // [closing predecessor][opening tag]
  FillBlock([&](int from, int to) { return transitions.score(from, to); }, block);
  thread_local std::vector<double> lattice;
  lattice.resize(static_cast<size_t>(n) * kNumTags);
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  double* prev = lattice.data();
  for (int s = 0; s < kNumTags; ++s) prev[s] = AllowedStart(s) ? emissions[s] : kNone;
  for (int k = 1; k < n; ++k) {
    double* cur = prev + kNumTags;
    const double* e = emissions + static_cast<size_t>(k) * kNumTags;
    double closing[kEdge], best[kEdge];
    for (int i = 0; i < kEdge; ++i) closing[i] = prev[closes[i]];
    for (int j = 0; j < kEdge; ++j) best[j] = closing[0] + block[0][j];
    for (int i = 1; i < kEdge; ++i) {
      for (int j = 0; j < kEdge; ++j) best[j] = std::max(best[j], closing[i] + block[i][j]);
    }
    for (int j = 0; j < kEdge; ++j) cur[opens[j]] = best[j] + e[opens[j]];
    for (int t = 0; t < kNumTypes; ++t) {
      const int b = MakeTag(t, kBegin), in = MakeTag(t, kInside);
      for (const int s : {in, MakeTag(t, kLast)}) {
        cur[s] =
            std::max(prev[b] + transitions.score(b, s), prev[in] + transitions.score(in, s)) + e[s];
      }
    }
    prev = cur;
  }
  double top = kNone;
  int arg = kOutside;
  for (int s = 0; s < kNumTags; ++s) {
    if (AllowedEnd(s) && prev[s] > top) {
      top = prev[s];
      arg = s;
    }
  }
  tags[n - 1] = arg;
  for (int k = n - 1; k > 0; --k) {
    const double* before = &lattice[static_cast<size_t>(k - 1) * kNumTags];
    const int s = tags[k];
    const int j = EdgeTags().open_index[s];
    if (j < 0) {  // I-X or L-X: after B-X or I-X
      const int b = MakeTag(TagType(s), kBegin), in = MakeTag(TagType(s), kInside);
      tags[k - 1] =
          before[in] + transitions.score(in, s) > before[b] + transitions.score(b, s) ? in : b;
      continue;
    }
    double way = before[closes[0]] + block[0][j];
    int from = closes[0];
    for (int i = 1; i < kEdge; ++i) {
      const double v = before[closes[i]] + block[i][j];
      if (v > way) {
        way = v;
        from = closes[i];
      }
    }
    tags[k - 1] = from;
  }
  return tags;
}

template <typename Real>
double ForwardBackwardT<Real>::Run(const double* emissions, int n, const Transitions& transitions) {
  n_ = n;
  transitions_ = &transitions;
  const size_t cells = static_cast<size_t>(n) * kNumTags;
  alpha_.resize(cells);
  beta_.resize(cells);
  psi_.resize(cells);
  scale_.resize(n);
  if (n == 0) return 0;
  // exp(emission - max) per position; the shifts add back into log Z.
  double log_z = 0;
  for (int k = 0; k < n; ++k) {
    const double* e = emissions + static_cast<size_t>(k) * kNumTags;
    const double top = *std::max_element(e, e + kNumTags);
    log_z += top;
    Real* psi = &psi_[k * kNumTags];
    // Tags 30 below the best carry less than 1e-13 of the mass.
    for (int s = 0; s < kNumTags; ++s) {
      const Real d = static_cast<Real>(e[s] - top);
      psi[s] = d < -30 ? Real{0} : std::exp(d);
    }
  }
  // The lattice as Viterbi sees it: a dense block from the tags that close
  // (O, L-X, U-X) to those that open (O, B-X, U-X), whose sums vectorise,
  // and I-X, L-X after B-X or I-X. Both lists are in ascending tag order, so
  // each sum adds its terms in the order of a loop over each tag's allowed
  // predecessors (or successors) in ascending order, to the bit.
  const int* closes = EdgeTags().closes;
  const int* opens = EdgeTags().opens;
  Real block[kEdge][kEdge];  // [closing predecessor][opening tag]
  FillBlock([&](int from, int to) { return static_cast<Real>(transitions.exp_score(from, to)); },
            block);
  // exp of B-X -> I-X, I-X -> I-X, B-X -> L-X, I-X -> L-X per class.
  Real inner[kNumTypes][4];
  for (int t = 0; t < kNumTypes; ++t) {
    const int b = MakeTag(t, kBegin), in = MakeTag(t, kInside), l = MakeTag(t, kLast);
    inner[t][0] = static_cast<Real>(transitions.exp_score(b, in));
    inner[t][1] = static_cast<Real>(transitions.exp_score(in, in));
    inner[t][2] = static_cast<Real>(transitions.exp_score(b, l));
    inner[t][3] = static_cast<Real>(transitions.exp_score(in, l));
  }
  // Forward, normalised at each position.
  for (int k = 0; k < n; ++k) {
    Real* a = &alpha_[k * kNumTags];
    const Real* psi = &psi_[k * kNumTags];
    if (k == 0) {
      for (int s = 0; s < kNumTags; ++s) a[s] = AllowedStart(s) ? psi[s] : Real{0};
    } else {
      const Real* prev = &alpha_[(k - 1) * kNumTags];
      Real closing[kEdge], sum[kEdge] = {};
      for (int i = 0; i < kEdge; ++i) closing[i] = prev[closes[i]];
      for (int i = 0; i < kEdge; ++i) {
        for (int j = 0; j < kEdge; ++j) sum[j] += closing[i] * block[i][j];
      }
      for (int j = 0; j < kEdge; ++j) a[opens[j]] = sum[j] * psi[opens[j]];
      for (int t = 0; t < kNumTypes; ++t) {
        const int b = MakeTag(t, kBegin), in = MakeTag(t, kInside), l = MakeTag(t, kLast);
        a[in] = (Real{0} + prev[b] * inner[t][0] + prev[in] * inner[t][1]) * psi[in];
        a[l] = (Real{0} + prev[b] * inner[t][2] + prev[in] * inner[t][3]) * psi[l];
      }
    }
    Real c = 0;
    for (int s = 0; s < kNumTags; ++s) c += a[s];
    if (c <= 0) c = std::numeric_limits<Real>::min();
    const Real inverse = Real{1} / c;
    for (int s = 0; s < kNumTags; ++s) a[s] *= inverse;
    scale_[k] = c;
    log_z += std::log(static_cast<double>(c));
  }
  Real z_end = 0;
  for (int s = 0; s < kNumTags; ++s) {
    if (AllowedEnd(s)) z_end += alpha_[(n - 1) * kNumTags + s];
  }
  if (z_end <= 0) z_end = std::numeric_limits<Real>::min();
  log_z += std::log(static_cast<double>(z_end));
  // Backward, scaled by the forward constants.
  for (int s = 0; s < kNumTags; ++s) {
    beta_[(n - 1) * kNumTags + s] = AllowedEnd(s) ? Real{1} / z_end : Real{0};
  }
  for (int k = n - 2; k >= 0; --k) {
    const Real* next = &beta_[(k + 1) * kNumTags];
    const Real* psi = &psi_[(k + 1) * kNumTags];
    Real* b = &beta_[k * kNumTags];
    const Real inverse = Real{1} / scale_[k + 1];
    Real weighted[kNumTags];
    for (int s = 0; s < kNumTags; ++s) weighted[s] = psi[s] * next[s] * inverse;
    Real opening[kEdge];
    for (int j = 0; j < kEdge; ++j) opening[j] = weighted[opens[j]];
    for (int i = 0; i < kEdge; ++i) {
      Real sum = 0;
      for (int j = 0; j < kEdge; ++j) sum += block[i][j] * opening[j];
      b[closes[i]] = sum;
    }
    for (int t = 0; t < kNumTypes; ++t) {
      const int bt = MakeTag(t, kBegin), in = MakeTag(t, kInside), l = MakeTag(t, kLast);
      b[bt] = Real{0} + inner[t][0] * weighted[in] + inner[t][2] * weighted[l];
      b[in] = Real{0} + inner[t][1] * weighted[in] + inner[t][3] * weighted[l];
    }
  }
  return log_z;
}

template <typename Real>
double ForwardBackwardT<Real>::Path(int begin, const int* tags, int length) const {
  double p = alpha_[begin * kNumTags + tags[0]];
  for (int i = 1; i < length; ++i) {
    const int k = begin + i;
    p *= transitions_->exp_score(tags[i - 1], tags[i]) * psi_[k * kNumTags + tags[i]] / scale_[k];
  }
  return p * beta_[(begin + length - 1) * kNumTags + tags[length - 1]];
}

template class ForwardBackwardT<double>;
template class ForwardBackwardT<float>;

}  // namespace dossier::ner
