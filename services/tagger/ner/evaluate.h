// A model's scores on labelled documents: the CoNLL evaluation and how well
// its confidences are calibrated.
#ifndef DOSSIER_SERVICES_TAGGER_NER_EVALUATE_H_
#define DOSSIER_SERVICES_TAGGER_NER_EVALUATE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "services/tagger/ner/conll.h"
#include "services/tagger/ner/model.h"

namespace dossier::ner {

struct Scores {
  Evaluation evaluation;
  // Expected calibration error of the entity confidences: over 10 equal-width
  // bins, the mean |accuracy - confidence| weighted by the bin's share.
  double calibration_error = 0;
  // Per bin: entities, mean confidence, share correct.
  struct Bin {
    long count = 0;
    double confidence = 0;
    double accuracy = 0;
  };
  std::vector<Bin> bins;

  // As the model card gives them: a Markdown table of the scores per
  // class, then the calibration, `whose` starting its sentence ("The
  // held-out model's").
  std::string ToMarkdown(absl::string_view whose) const;
};

Scores EvaluateModel(const NerModel& model, const std::vector<LabeledDocument>& documents);

// The scores split by whether an entity's words were seen as a name in
// training: a gold entity counts in `seen` when `names` (the names of the
// training files, any class; NamesOf) holds its words, a predicted one when
// it holds the predicted words. How a model tags names it never saw in
// training is the part of its dev score that carries over to text of
// another time, where more of the names are new (CoNLL-2003's test split is
// four months after its training text).
struct SeenSplit {
  Evaluation seen, unseen;
};
SeenSplit EvaluateBySeen(const NerModel& model, const std::vector<LabeledDocument>& documents,
                         const absl::flat_hash_set<std::string>& names);

// The words of every entity of `documents`, joined by spaces.
absl::flat_hash_set<std::string> NamesOf(const std::vector<LabeledDocument>& documents);

// What a model gets wrong, by kind. Every gold entity the model does not
// find exactly is one error, and so is every predicted entity that overlaps
// no gold one:
//   missed    no predicted entity overlaps it
//   type      a predicted entity has its boundaries but another class
//   boundary  an overlapping predicted entity of its class, other boundaries
//   both      overlapping, with other boundaries and another class
//   spurious  a predicted entity overlapping no gold one (by predicted class)
struct ErrorAnalysis {
  struct Kinds {
    long missed = 0, type = 0, boundary = 0, both = 0, spurious = 0;
  };
  Kinds per_type[kNumTypes];
  // "gold → predicted" ("ORG → LOC", "MISC → O", "O → PER", "ORG → ORG
  // (boundary)") with how often and a few examples.
  struct Confusion {
    std::string key;
    long count = 0;
    std::vector<std::string> examples;
  };
  std::vector<Confusion> confusions;  // most frequent first
  Evaluation evaluation;

  // The per-class table and the `top` most frequent confusions with up to
  // `examples` examples each.
  std::string ToText(int top, int examples) const;
};

ErrorAnalysis AnalyzeErrors(const NerModel& model, const std::vector<LabeledDocument>& documents);
// The same of another tagger: `tag` gives a document's spans, sentence by
// sentence.
ErrorAnalysis AnalyzeErrors(
    const std::vector<LabeledDocument>& documents,
    const std::function<std::vector<std::vector<Span>>(const LabeledDocument&)>& tag);

// Why the model tags the first `max` occurrences of `word` in `documents`
// as it does. Per stage: the tag it chose and, against the gold tag (or,
// when it chose the gold tag, against the runner-up), the `top` templates
// whose features weigh most between the two, in emission weights (the
// transitions between tags aside). The second stage's features of what the
// first found elsewhere in the document count as one group.
std::string ExplainWord(const NerModel& model, const std::vector<LabeledDocument>& documents,
                        absl::string_view word, int max, int top);

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_EVALUATE_H_
