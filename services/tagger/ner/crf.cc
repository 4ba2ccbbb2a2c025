#include "services/tagger/ner/crf.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dossier::ner {

Transitions::Transitions(const double* scores) {
  for (int i = 0; i < kNumTags * kNumTags; ++i) scores_[i] = scores != nullptr ? scores[i] : 0;
  for (int cur = 0; cur < kNumTags; ++cur) {
    Incoming& in = incoming_[cur];
    for (int prev = 0; prev < kNumTags; ++prev) {
      const double s = scores_[prev * kNumTags + cur];
      const bool allowed = AllowedTransition(prev, cur);
      exp_[prev * kNumTags + cur] = allowed ? std::exp(s) : 0;
      if (!allowed) continue;
      in.from[in.count] = prev;
      in.score[in.count] = s;
      in.exp_score[in.count] = std::exp(s);
      ++in.count;
    }
  }
}

std::vector<int> Viterbi(const double* emissions, int n, const Transitions& transitions) {
  std::vector<int> tags(n, kOutside);
  if (n == 0) return tags;
  // The lattice has two kinds of step. A tag that opens or stands alone (O,
  // B-X, U-X) follows any tag that closes (O, L-X, U-X): a dense 9 × 9
  // block, looped without indirection. I-X and L-X follow B-X or I-X only.
  // Ties go to the lower predecessor, as a loop over incoming() has it.
  constexpr int kEdge = 1 + 2 * kNumTypes;
  int closes[kEdge], opens[kEdge];
  closes[0] = opens[0] = kOutside;
  for (int t = 0; t < kNumTypes; ++t) {
    closes[1 + 2 * t] = MakeTag(t, kLast);
    closes[2 + 2 * t] = MakeTag(t, kUnit);
    opens[1 + 2 * t] = MakeTag(t, kBegin);
    opens[2 + 2 * t] = MakeTag(t, kUnit);
  }
  double block[kEdge][kEdge];  // [closing predecessor][opening tag]
  for (int i = 0; i < kEdge; ++i) {
    for (int j = 0; j < kEdge; ++j) block[i][j] = transitions.score(closes[i], opens[j]);
  }
  thread_local std::vector<uint8_t> back;
  back.resize(static_cast<size_t>(n) * kNumTags);
  double prev[kNumTags], cur[kNumTags];
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  for (int s = 0; s < kNumTags; ++s) prev[s] = AllowedStart(s) ? emissions[s] : kNone;
  for (int k = 1; k < n; ++k) {
    uint8_t* bp = &back[static_cast<size_t>(k) * kNumTags];
    const double* e = emissions + static_cast<size_t>(k) * kNumTags;
    double best[kEdge];
    int arg[kEdge];
    const double first = prev[closes[0]];
    for (int j = 0; j < kEdge; ++j) {
      best[j] = first + block[0][j];
      arg[j] = closes[0];
    }
    for (int i = 1; i < kEdge; ++i) {
      const double p = prev[closes[i]];
      for (int j = 0; j < kEdge; ++j) {
        const double v = p + block[i][j];
        if (v > best[j]) {
          best[j] = v;
          arg[j] = closes[i];
        }
      }
    }
    for (int j = 0; j < kEdge; ++j) {
      cur[opens[j]] = best[j] + e[opens[j]];
      bp[opens[j]] = static_cast<uint8_t>(arg[j]);
    }
    for (int t = 0; t < kNumTypes; ++t) {
      const int b = MakeTag(t, kBegin), in = MakeTag(t, kInside);
      for (const int s : {in, MakeTag(t, kLast)}) {
        const double from_b = prev[b] + transitions.score(b, s);
        const double from_i = prev[in] + transitions.score(in, s);
        const bool inside = from_i > from_b;
        cur[s] = (inside ? from_i : from_b) + e[s];
        bp[s] = static_cast<uint8_t>(inside ? in : b);
      }
    }
    std::copy(cur, cur + kNumTags, prev);
  }
  double best = kNone;
  int arg = kOutside;
  for (int s = 0; s < kNumTags; ++s) {
    if (AllowedEnd(s) && prev[s] > best) {
      best = prev[s];
      arg = s;
    }
  }
  tags[n - 1] = arg;
  for (int k = n - 1; k > 0; --k) tags[k - 1] = back[static_cast<size_t>(k) * kNumTags + tags[k]];
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
  // Forward, normalised at each position.
  for (int k = 0; k < n; ++k) {
    Real* a = &alpha_[k * kNumTags];
    const Real* psi = &psi_[k * kNumTags];
    if (k == 0) {
      for (int s = 0; s < kNumTags; ++s) a[s] = AllowedStart(s) ? psi[s] : Real{0};
    } else {
      const Real* prev = &alpha_[(k - 1) * kNumTags];
      for (int s = 0; s < kNumTags; ++s) {
        const Transitions::Incoming& in = transitions.incoming(s);
        Real sum = 0;
        for (int j = 0; j < in.count; ++j) {
          sum += prev[in.from[j]] * static_cast<Real>(in.exp_score[j]);
        }
        a[s] = sum * psi[s];
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
    for (int p = 0; p < kNumTags; ++p) b[p] = 0;
    for (int s = 0; s < kNumTags; ++s) {
      const Transitions::Incoming& in = transitions.incoming(s);
      for (int j = 0; j < in.count; ++j) {
        b[in.from[j]] += static_cast<Real>(in.exp_score[j]) * weighted[s];
      }
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
