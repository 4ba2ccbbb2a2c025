#include "services/tagger/ner/crf_train.h"

#include <cmath>
#include <deque>
#include <thread>

#include "services/tagger/ner/crf.h"

namespace dossier::ner {
namespace {

constexpr int kT = kNumTags;

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

void CrfTrainer::AddSentence(const SentenceFeatures& features, std::vector<int> gold) {
  raw_.push_back(features);
  raw_gold_.push_back(std::move(gold));
}

void CrfTrainer::Prepare(int min_feature_count) {
  absl::flat_hash_map<uint64_t, uint32_t> counts;
  for (const auto& s : raw_) {
    for (uint64_t h : s.hashes) ++counts[h];
  }
  keys_.clear();
  for (const auto& [h, c] : counts) {
    if (static_cast<int>(c) >= min_feature_count) keys_.push_back(h);
  }
  // A fixed order, whatever the hash map's iteration order.
  std::sort(keys_.begin(), keys_.end());
  index_.clear();
  index_.reserve(keys_.size());
  for (size_t i = 0; i < keys_.size(); ++i) index_[keys_[i]] = static_cast<uint32_t>(i);
  examples_.clear();
  token_offsets_.assign(1, 0);
  ids_.clear();
  for (size_t s = 0; s < raw_.size(); ++s) {
    const SentenceFeatures& f = raw_[s];
    Example e;
    e.begin = static_cast<uint32_t>(token_offsets_.size() - 1);
    e.length = f.size();
    e.gold = std::move(raw_gold_[s]);
    for (int k = 0; k < f.size(); ++k) {
      for (uint32_t j = f.offsets[k]; j < f.offsets[k + 1]; ++j) {
        auto it = index_.find(f.hashes[j]);
        if (it != index_.end()) ids_.push_back(it->second);
      }
      token_offsets_.push_back(static_cast<uint32_t>(ids_.size()));
    }
    examples_.push_back(std::move(e));
  }
  raw_.clear();
  raw_.shrink_to_fit();
  raw_gold_.clear();
  weights_.assign(keys_.size() * kT + kT * kT, 0.0);
}

double CrfTrainer::EvaluateRange(const std::vector<double>& x, size_t from, size_t to,
                                 std::vector<double>* g) const {
  const size_t trans_base = keys_.size() * kT;
  const double* trans = &x[trans_base];
  const Transitions transitions(trans);
  double loss = 0;
  std::vector<double> emissions;
  ForwardBackward fb;
  for (size_t e = from; e < to; ++e) {
    const Example& ex = examples_[e];
    const int n = ex.length;
    emissions.assign(static_cast<size_t>(n) * kT, 0);
    for (int k = 0; k < n; ++k) {
      double* row = &emissions[k * kT];
      for (uint32_t j = token_offsets_[ex.begin + k]; j < token_offsets_[ex.begin + k + 1]; ++j) {
        const double* w = &x[static_cast<size_t>(ids_[j]) * kT];
        for (int s = 0; s < kT; ++s) row[s] += w[s];
      }
    }
    const double log_z = fb.Run(emissions.data(), n, transitions);
    double gold = 0;
    for (int k = 0; k < n; ++k) {
      gold += emissions[k * kT + ex.gold[k]];
      if (k > 0) gold += trans[ex.gold[k - 1] * kT + ex.gold[k]];
    }
    loss += log_z - gold;
    double* gt = &(*g)[trans_base];
    double marginal[kT];
    for (int k = 0; k < n; ++k) {
      for (int s = 0; s < kT; ++s) marginal[s] = fb.Node(k, s);
      marginal[ex.gold[k]] -= 1.0;
      for (uint32_t j = token_offsets_[ex.begin + k]; j < token_offsets_[ex.begin + k + 1]; ++j) {
        double* gw = &(*g)[static_cast<size_t>(ids_[j]) * kT];
        for (int s = 0; s < kT; ++s) gw[s] += marginal[s];
      }
      if (k > 0) {
        for (int p = 0; p < kT; ++p) {
          for (int s = 0; s < kT; ++s) {
            if (AllowedTransition(p, s)) gt[p * kT + s] += fb.Edge(k, p, s);
          }
        }
        gt[ex.gold[k - 1] * kT + ex.gold[k]] -= 1.0;
      }
    }
  }
  return loss;
}

double CrfTrainer::Evaluate(const std::vector<double>& x, std::vector<double>* gradient,
                            int threads) const {
  threads = std::max(1, threads);
  std::vector<std::vector<double>> partial(threads, std::vector<double>(x.size(), 0.0));
  std::vector<double> losses(threads, 0.0);
  std::vector<std::thread> workers;
  const size_t n = examples_.size();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      losses[t] = EvaluateRange(x, n * t / threads, n * (t + 1) / threads, &partial[t]);
    });
  }
  for (auto& w : workers) w.join();
  double loss = 0;
  gradient->assign(x.size(), 0.0);
  for (int t = 0; t < threads; ++t) {
    loss += losses[t];
    for (size_t i = 0; i < x.size(); ++i) (*gradient)[i] += partial[t][i];
  }
  return loss;
}

void CrfTrainer::Train(const CrfTrainOptions& options) {
  std::vector<double>& x = weights_;
  auto objective = [&](const std::vector<double>& w, std::vector<double>* g) {
    double f = Evaluate(w, g, options.threads);
    f += 0.5 * options.l2 * Dot(w, w);
    for (size_t i = 0; i < w.size(); ++i) (*g)[i] += options.l2 * w[i];
    return f;
  };
  std::vector<double> g;
  double f = objective(x, &g);
  std::deque<std::vector<double>> s_hist, y_hist;
  std::deque<double> rho_hist;
  std::deque<double> recent_losses;
  std::vector<double> d(x.size()), x_new(x.size()), g_new;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    // Two-loop recursion: d = -H g.
    d = g;
    std::vector<double> alpha(s_hist.size());
    for (int i = static_cast<int>(s_hist.size()) - 1; i >= 0; --i) {
      alpha[i] = rho_hist[i] * Dot(s_hist[i], d);
      for (size_t j = 0; j < d.size(); ++j) d[j] -= alpha[i] * y_hist[i][j];
    }
    if (!s_hist.empty()) {
      const double gamma = Dot(s_hist.back(), y_hist.back()) / Dot(y_hist.back(), y_hist.back());
      for (double& v : d) v *= gamma;
    }
    for (size_t i = 0; i < s_hist.size(); ++i) {
      const double beta = rho_hist[i] * Dot(y_hist[i], d);
      for (size_t j = 0; j < d.size(); ++j) d[j] += s_hist[i][j] * (alpha[i] - beta);
    }
    for (double& v : d) v = -v;
    double slope = Dot(g, d);
    if (slope >= 0) {  // not a descent direction: restart from the gradient
      s_hist.clear();
      y_hist.clear();
      rho_hist.clear();
      d = g;
      for (double& v : d) v = -v;
      slope = Dot(g, d);
    }
    // Backtracking line search (Armijo).
    double step = s_hist.empty() ? 1.0 / std::sqrt(Dot(g, g)) : 1.0;
    double f_new = 0;
    bool accepted = false;
    for (int tries = 0; tries < 30; ++tries) {
      for (size_t j = 0; j < x.size(); ++j) x_new[j] = x[j] + step * d[j];
      f_new = objective(x_new, &g_new);
      if (f_new <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    std::vector<double> s(x.size()), y(x.size());
    for (size_t j = 0; j < x.size(); ++j) {
      s[j] = x_new[j] - x[j];
      y[j] = g_new[j] - g[j];
    }
    const double sy = Dot(s, y);
    if (sy > 1e-10) {
      s_hist.push_back(std::move(s));
      y_hist.push_back(std::move(y));
      rho_hist.push_back(1.0 / sy);
      if (static_cast<int>(s_hist.size()) > options.memory) {
        s_hist.pop_front();
        y_hist.pop_front();
        rho_hist.pop_front();
      }
    }
    x.swap(x_new);
    g.swap(g_new);
    f = f_new;
    if (options.progress && !options.progress(iteration, f)) break;
    recent_losses.push_back(f);
    if (recent_losses.size() > 5) {
      const double old = recent_losses.front();
      recent_losses.pop_front();
      if ((old - f) / std::max(1.0, std::fabs(f)) < options.epsilon) break;
    }
  }
}

std::vector<int> CrfTrainer::Decode(const SentenceFeatures& features) const {
  const int n = features.size();
  std::vector<double> emissions(static_cast<size_t>(n) * kT, 0);
  for (int k = 0; k < n; ++k) {
    for (uint32_t j = features.offsets[k]; j < features.offsets[k + 1]; ++j) {
      auto it = index_.find(features.hashes[j]);
      if (it == index_.end()) continue;
      const double* w = &weights_[static_cast<size_t>(it->second) * kT];
      for (int s = 0; s < kT; ++s) emissions[k * kT + s] += w[s];
    }
  }
  return Viterbi(emissions.data(), n, Transitions(&weights_[keys_.size() * kT]));
}

void CrfTrainer::Export(double prune, std::vector<uint64_t>* keys, std::vector<float>* rows,
                        std::vector<float>* transitions) const {
  keys->clear();
  rows->clear();
  for (size_t f = 0; f < keys_.size(); ++f) {
    const double* w = &weights_[f * kT];
    double top = 0;
    for (int s = 0; s < kT; ++s) top = std::max(top, std::fabs(w[s]));
    if (top <= prune) continue;
    keys->push_back(keys_[f]);
    for (int s = 0; s < kT; ++s) rows->push_back(static_cast<float>(w[s]));
  }
  transitions->assign(weights_.begin() + keys_.size() * kT, weights_.end());
}

}  // namespace dossier::ner
