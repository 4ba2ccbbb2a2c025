// Labelled NER data (CoNLL-2003, GMB) and the CoNLL-2003 evaluation.
#ifndef DOSSIER_SERVICES_TAGGER_NER_CONLL_H_
#define DOSSIER_SERVICES_TAGGER_NER_CONLL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/tagger/ner/features.h"
#include "services/tagger/ner/tags.h"

namespace dossier::ner {

struct LabeledSentence {
  std::vector<std::string> words;
  std::vector<Span> spans;
};

struct LabeledDocument {
  std::vector<LabeledSentence> sentences;
};

// Views of a labelled document's words, sentence by sentence, for the
// feature extractor and the model; the document must outlive them.
inline DocumentWords WordsOf(const LabeledDocument& document) {
  DocumentWords words;
  for (const auto& s : document.sentences) words.emplace_back(s.words.begin(), s.words.end());
  return words;
}

enum class CorpusFormat {
  // "word POS chunk IOB2-tag" per line, blank lines between sentences,
  // -DOCSTART- lines between documents.
  kConll,
  // GMB: "word<TAB>POS<TAB>tag" with tags geo/gpe/org/per/art/eve/nat/tim,
  // mapped to CoNLL's classes (per→PER, org→ORG, geo and gpe→LOC,
  // art/eve/nat→MISC, tim→none). No document boundaries: every
  // `gmb_sentences_per_document` sentences make one.
  kGmb,
};

absl::StatusOr<std::vector<LabeledDocument>> ReadCorpus(const std::string& path,
                                                        CorpusFormat format,
                                                        int gmb_sentences_per_document = 1);

// The documents of several files of one format, in order.
absl::StatusOr<std::vector<LabeledDocument>> ReadCorpora(const std::vector<std::string>& paths,
                                                         CorpusFormat format);

// Entities of an IOB1/IOB2 tag sequence the way conlleval reads them: an
// entity starts at B-X, or at I-X after O or another class.
std::vector<Span> SpansFromIob(const std::vector<std::string>& tags);

// Entity-level precision, recall and F1 (conlleval's definition: a
// predicted entity counts when its boundaries and class both match).
class Evaluation {
 public:
  void Add(const std::vector<Span>& gold, const std::vector<Span>& predicted);

  struct Counts {
    long correct = 0;
    long predicted = 0;
    long gold = 0;
    double Precision() const { return predicted ? 100.0 * correct / predicted : 0; }
    double Recall() const { return gold ? 100.0 * correct / gold : 0; }
    double F1() const {
      const double p = Precision(), r = Recall();
      return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
  };
  const Counts& overall() const { return overall_; }
  const Counts& per_type(int type) const { return per_type_[type]; }

  // {"f1": .., "precision": .., "recall": .., "per_type": {"PER": {...}}}
  std::string ToJson() const;
  // A conlleval-like table.
  std::string ToText() const;

 private:
  Counts overall_;
  Counts per_type_[kNumTypes];
};

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_CONLL_H_
