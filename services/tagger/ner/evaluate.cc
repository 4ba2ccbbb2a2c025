#include "services/tagger/ner/evaluate.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace dossier::ner {

std::string Scores::ToMarkdown(absl::string_view whose) const {
  const Evaluation& e = evaluation;
  std::string out = "| class | precision | recall | F1 |\n|---|---|---|---|\n";
  for (int t = 0; t < kNumTypes; ++t) {
    const auto& c = e.per_type(t);
    absl::StrAppend(&out, absl::StrFormat("| %s | %.2f | %.2f | %.2f |\n", kTypeNames[t],
                                          c.Precision(), c.Recall(), c.F1()));
  }
  absl::StrAppend(
      &out, absl::StrFormat("| **all** | %.2f | %.2f | **%.2f** |\n\n", e.overall().Precision(),
                            e.overall().Recall(), e.overall().F1()));
  absl::StrAppend(&out, absl::StrFormat("%s confidence (the CRF's marginal probability of each "
                                        "predicted entity) is calibrated to an expected "
                                        "calibration error of %.4f:\n\n",
                                        whose, calibration_error));
  absl::StrAppend(&out,
                  "| confidence | entities | mean confidence | share correct |\n"
                  "|---|---|---|---|\n");
  for (size_t b = 0; b < bins.size(); ++b) {
    const Bin& bin = bins[b];
    if (bin.count == 0) continue;
    absl::StrAppend(&out, absl::StrFormat("| %.1f–%.1f | %d | %.3f | %.3f |\n", b / 10.0,
                                          (b + 1) / 10.0, bin.count, bin.confidence, bin.accuracy));
  }
  absl::StrAppend(&out, "\n");
  return out;
}

Scores EvaluateModel(const NerModel& model, const std::vector<LabeledDocument>& documents) {
  Scores scores;
  constexpr int kBins = 10;
  std::vector<long> count(kBins, 0), correct(kBins, 0);
  std::vector<double> confidence(kBins, 0);
  for (const LabeledDocument& document : documents) {
    const DocumentWords words = WordsOf(document);
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

namespace {

std::string NameAt(const LabeledSentence& sentence, const Span& span) {
  return absl::StrJoin(sentence.words.begin() + span.begin, sentence.words.begin() + span.end, " ");
}

}  // namespace

absl::flat_hash_set<std::string> NamesOf(const std::vector<LabeledDocument>& documents) {
  absl::flat_hash_set<std::string> names;
  for (const LabeledDocument& document : documents) {
    for (const LabeledSentence& sentence : document.sentences) {
      for (const Span& span : sentence.spans) names.insert(NameAt(sentence, span));
    }
  }
  return names;
}

SeenSplit EvaluateBySeen(const NerModel& model, const std::vector<LabeledDocument>& documents,
                         const absl::flat_hash_set<std::string>& names) {
  SeenSplit out;
  for (const LabeledDocument& document : documents) {
    const auto tagged = model.TagDocument(WordsOf(document));
    for (size_t s = 0; s < document.sentences.size(); ++s) {
      const LabeledSentence& sentence = document.sentences[s];
      std::vector<Span> gold[2], predicted[2];
      for (const Span& g : sentence.spans) gold[names.contains(NameAt(sentence, g))].push_back(g);
      for (const TaggedSpan& t : tagged[s]) {
        predicted[names.contains(NameAt(sentence, t.span))].push_back(t.span);
      }
      out.unseen.Add(gold[0], predicted[0]);
      out.seen.Add(gold[1], predicted[1]);
    }
  }
  return out;
}

namespace {

// The sentence around `begin..end` with gold entities in [brackets] and
// the predicted ones in {braces}, five words either side.
std::string Example(const LabeledSentence& sentence, const std::vector<Span>& predicted, int begin,
                    int end) {
  const int n = static_cast<int>(sentence.words.size());
  const int from = std::max(0, begin - 5), to = std::min(n, end + 5);
  std::string out = from > 0 ? "... " : "";
  for (int i = from; i < to; ++i) {
    std::string word = sentence.words[i];
    for (const Span& g : sentence.spans) {
      if (g.begin == i) word = "[" + word;
      if (g.end == i + 1) absl::StrAppend(&word, "]", kTypeNames[g.type]);
    }
    for (const Span& p : predicted) {
      if (p.begin == i) word = "{" + word;
      if (p.end == i + 1) absl::StrAppend(&word, "}", kTypeNames[p.type]);
    }
    absl::StrAppend(&out, i > from ? " " : "", word);
  }
  if (to < n) absl::StrAppend(&out, " ...");
  return out;
}

}  // namespace

ErrorAnalysis AnalyzeErrors(const NerModel& model, const std::vector<LabeledDocument>& documents) {
  return AnalyzeErrors(documents, [&model](const LabeledDocument& document) {
    std::vector<std::vector<Span>> spans;
    for (const auto& sentence : model.TagDocument(WordsOf(document))) {
      std::vector<Span>& out = spans.emplace_back();
      for (const TaggedSpan& t : sentence) out.push_back(t.span);
    }
    return spans;
  });
}

ErrorAnalysis AnalyzeErrors(
    const std::vector<LabeledDocument>& documents,
    const std::function<std::vector<std::vector<Span>>(const LabeledDocument&)>& tag) {
  ErrorAnalysis out;
  absl::flat_hash_map<std::string, ErrorAnalysis::Confusion> confusions;
  auto note = [&](const std::string& key, std::string example) {
    ErrorAnalysis::Confusion& c = confusions[key];
    c.key = key;
    ++c.count;
    // Keep the first few, in corpus order, so that runs compare.
    if (c.examples.size() < 10) c.examples.push_back(std::move(example));
  };
  auto overlaps = [](const Span& a, const Span& b) { return a.begin < b.end && b.begin < a.end; };
  for (const LabeledDocument& document : documents) {
    const std::vector<std::vector<Span>> tagged = tag(document);
    for (size_t s = 0; s < document.sentences.size(); ++s) {
      const LabeledSentence& sentence = document.sentences[s];
      const std::vector<Span>& predicted = tagged[s];
      out.evaluation.Add(sentence.spans, predicted);
      for (const Span& g : sentence.spans) {
        if (std::find(predicted.begin(), predicted.end(), g) != predicted.end()) continue;
        const Span* same = nullptr;
        const Span* overlap = nullptr;
        for (const Span& p : predicted) {
          if (p.begin == g.begin && p.end == g.end) same = &p;
          if (overlap == nullptr && overlaps(p, g)) overlap = &p;
        }
        const std::string example = Example(sentence, predicted, g.begin, g.end);
        ErrorAnalysis::Kinds& kinds = out.per_type[g.type];
        if (same != nullptr) {
          ++kinds.type;
          note(absl::StrCat(kTypeNames[g.type], " → ", kTypeNames[same->type]), example);
        } else if (overlap == nullptr) {
          ++kinds.missed;
          note(absl::StrCat(kTypeNames[g.type], " → O"), example);
        } else if (overlap->type == g.type) {
          ++kinds.boundary;
          note(absl::StrCat(kTypeNames[g.type], " → ", kTypeNames[g.type], " (boundary)"), example);
        } else {
          ++kinds.both;
          note(absl::StrCat(kTypeNames[g.type], " → ", kTypeNames[overlap->type], " (boundary)"),
               example);
        }
      }
      for (const Span& p : predicted) {
        bool any = false;
        for (const Span& g : sentence.spans) any = any || overlaps(p, g);
        if (any) continue;
        ++out.per_type[p.type].spurious;
        note(absl::StrCat("O → ", kTypeNames[p.type]),
             Example(sentence, predicted, p.begin, p.end));
      }
    }
  }
  for (auto& [key, c] : confusions) out.confusions.push_back(std::move(c));
  std::sort(out.confusions.begin(), out.confusions.end(),
            [](const ErrorAnalysis::Confusion& a, const ErrorAnalysis::Confusion& b) {
              return a.count != b.count ? a.count > b.count : a.key < b.key;
            });
  return out;
}

std::string ErrorAnalysis::ToText(int top, int examples) const {
  std::string out = evaluation.ToText();
  absl::StrAppend(&out,
                  "\nerrors by gold class (spurious: by predicted class)\n"
                  "class    missed   type  boundary  both  spurious  total\n");
  Kinds all;
  for (int t = 0; t < kNumTypes; ++t) {
    const Kinds& k = per_type[t];
    absl::StrAppend(&out, absl::StrFormat("%-7s %7ld %6ld %9ld %5ld %9ld %6ld\n", kTypeNames[t],
                                          k.missed, k.type, k.boundary, k.both, k.spurious,
                                          k.missed + k.type + k.boundary + k.both + k.spurious));
    all.missed += k.missed;
    all.type += k.type;
    all.boundary += k.boundary;
    all.both += k.both;
    all.spurious += k.spurious;
  }
  absl::StrAppend(
      &out, absl::StrFormat("%-7s %7ld %6ld %9ld %5ld %9ld %6ld\n", "all", all.missed, all.type,
                            all.boundary, all.both, all.spurious,
                            all.missed + all.type + all.boundary + all.both + all.spurious));
  absl::StrAppend(&out, "\nmost frequent confusions (gold → predicted; [gold] {predicted})\n");
  for (int i = 0; i < top && i < static_cast<int>(confusions.size()); ++i) {
    const Confusion& c = confusions[i];
    absl::StrAppend(&out, absl::StrFormat("%5ld  %s\n", c.count, c.key));
    for (int e = 0; e < examples && e < static_cast<int>(c.examples.size()); ++e) {
      absl::StrAppend(&out, "         ", c.examples[e], "\n");
    }
  }
  return out;
}

std::string ExplainWord(const NerModel& model, const std::vector<LabeledDocument>& documents,
                        absl::string_view word, int max, int top) {
  std::string out;
  int shown = 0;
  const FeatureExtractor extractor = model.Extractor();
  for (size_t d = 0; d < documents.size() && shown < max; ++d) {
    const LabeledDocument& document = documents[d];
    const DocumentWords words = WordsOf(document);
    std::vector<std::vector<int>> first;
    const auto tagged = model.TagDocument(words, &first);
    const AnalyzedDocument analyzed = extractor.Analyze(words);
    // The second stage's own features as the tagger reads them: what the
    // first found in the document here, the corpus history with each word.
    const std::vector<SentenceFeatures> second_stage = PredictionFeatures(analyzed, first);
    for (size_t s = 0; s < words.size() && shown < max; ++s) {
      const int n = static_cast<int>(words[s].size());
      const std::vector<int> gold = TagsFromSpans(n, document.sentences[s].spans);
      std::vector<Span> spans;
      for (const TaggedSpan& t : tagged[s]) spans.push_back(t.span);
      const std::vector<int> final_tags = TagsFromSpans(n, spans);
      const SentenceFeatures& extra = second_stage[s];
      for (int i = 0; i < n && shown < max; ++i) {
        if (words[s][i] != word) continue;
        ++shown;
        const int from = std::max(0, i - 6), to = std::min(n, i + 7);
        std::vector<absl::string_view> window(words[s].begin() + from, words[s].begin() + to);
        absl::StrAppendFormat(&out, "%s in document %d, sentence %d: %s%s%s\n  gold %s\n", word,
                              d + 1, s + 1, from > 0 ? "... " : "", absl::StrJoin(window, " "),
                              to < n ? " ..." : "", TagName(gold[i]));
        std::vector<NamedFeature> features = extractor.Explain(analyzed, static_cast<int>(s), i);
        for (int stage = 1; stage <= (model.two_stage() ? 2 : 1); ++stage) {
          if (stage == 2) {
            for (uint32_t k = extra.offsets[i]; k < extra.offsets[i + 1]; ++k) {
              features.push_back({"second stage: the first stage's tags", extra.hashes[k]});
            }
            if (const CorpusHistory* history = model.history_or_null()) {
              std::vector<uint64_t> corpus;
              history->AppendFeatures(analyzed.Folded(static_cast<int>(s))[i], &corpus);
              for (uint64_t h : corpus) {
                features.push_back({"second stage: the first stage's tags in the news", h});
              }
            }
          }
          const WeightTable& table = model.stage(stage);
          absl::flat_hash_map<std::string, std::vector<double>> by_template;
          std::vector<double> total(kNumTags, 0);
          for (const NamedFeature& f : features) {
            WeightTable::Acc sum[WeightTable::kAccStride] = {};
            table.AddRows(&f.hash, 1, sum);
            std::vector<double>& weights = by_template[f.template_name];
            weights.resize(kNumTags);
            for (int t = 0; t < kNumTags; ++t) {
              weights[t] += sum[t] * table.scale();
              total[t] += sum[t] * table.scale();
            }
          }
          std::vector<std::pair<std::string, std::vector<double>>> groups(by_template.begin(),
                                                                          by_template.end());
          const std::vector<int>& path = stage == 1 && model.two_stage() ? first[s] : final_tags;
          const int chosen = path[i];
          // The runner-up: the heaviest other tag the path allows here.
          auto fits = [&](int t) {
            return (i == 0 ? AllowedStart(t) : AllowedTransition(path[i - 1], t)) &&
                   (i + 1 == n ? AllowedEnd(t) : AllowedTransition(t, path[i + 1]));
          };
          int other = gold[i];
          if (other == chosen) {
            other = -1;
            for (int t = 0; t < kNumTags; ++t) {
              if (t != chosen && fits(t) && (other < 0 || total[t] > total[other])) other = t;
            }
            // Inside a name no other tag fits alone: the same position in
            // another class (the name read as another class).
            const bool inside_a_name = other < 0 && chosen != kOutside;
            for (int t = 1; inside_a_name && t < kNumTags; ++t) {
              if (t != chosen && TagPosition(t) == TagPosition(chosen) &&
                  (other < 0 || total[t] > total[other])) {
                other = t;
              }
            }
            if (other < 0) {
              absl::StrAppendFormat(&out, "  stage %d: %s; no other tag to weigh it against\n",
                                    stage, TagName(chosen));
              continue;
            }
          }
          absl::StrAppendFormat(&out,
                                "  stage %d: %s; its features weigh %+.2f for it against %s %s\n",
                                stage, TagName(chosen), total[chosen] - total[other],
                                other == gold[i] ? "the gold" : "the runner-up", TagName(other));
          // Heaviest first; ties by name, so that the output is the same
          // on every run.
          std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
            const double x = std::abs(a.second[chosen] - a.second[other]);
            const double y = std::abs(b.second[chosen] - b.second[other]);
            return x != y ? x > y : a.first < b.first;
          });
          for (int g = 0; g < top && g < static_cast<int>(groups.size()); ++g) {
            absl::StrAppendFormat(&out, "    %+6.2f  %s\n",
                                  groups[g].second[chosen] - groups[g].second[other],
                                  groups[g].first);
          }
        }
      }
    }
  }
  if (shown == 0 && max > 0) absl::StrAppendFormat(&out, "%s does not occur in the data\n", word);
  return out;
}

}  // namespace dossier::ner
