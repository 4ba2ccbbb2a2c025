// A model's scores on labelled documents: the CoNLL evaluation and how well
// its confidences are calibrated.
#ifndef DOSSIER_SERVICES_TAGGER_NER_EVALUATE_H_
#define DOSSIER_SERVICES_TAGGER_NER_EVALUATE_H_

#include <string>
#include <vector>

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
};

Scores EvaluateModel(const NerModel& model, const std::vector<LabeledDocument>& documents);

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_EVALUATE_H_
