#include "services/tagger/ner/evaluate.h"

#include <cmath>

namespace dossier::ner {

Scores EvaluateModel(const NerModel& model, const std::vector<LabeledDocument>& documents) {
  Scores scores;
  constexpr int kBins = 10;
  std::vector<long> count(kBins, 0), correct(kBins, 0);
  std::vector<double> confidence(kBins, 0);
  for (const LabeledDocument& document : documents) {
    DocumentWords words;
    for (const auto& s : document.sentences) words.emplace_back(s.words.begin(), s.words.end());
    const auto tagged = model.TagDocument(words);
    for (size_t s = 0; s < document.sentences.size(); ++s) {
      const auto& gold = document.sentences[s].spans;
      std::vector<Span> predicted;
      for (const TaggedSpan& t : tagged[s]) {
        predicted.push_back(t.span);
        const int bin = std::min(kBins - 1, static_cast<int>(t.confidence * kBins));
        ++count[bin];
        confidence[bin] += t.confidence;
        for (const Span& g : gold) {
          if (g == t.span) {
            ++correct[bin];
            break;
          }
        }
      }
      scores.evaluation.Add(gold, predicted);
    }
  }
  long total = 0;
  for (int b = 0; b < kBins; ++b) total += count[b];
  for (int b = 0; b < kBins; ++b) {
    Scores::Bin bin;
    bin.count = count[b];
    if (count[b] > 0) {
      bin.confidence = confidence[b] / count[b];
      bin.accuracy = static_cast<double>(correct[b]) / count[b];
      scores.calibration_error +=
          std::fabs(bin.accuracy - bin.confidence) * count[b] / std::max(1L, total);
    }
    scores.bins.push_back(bin);
  }
  return scores;
}

}  // namespace dossier::ner
