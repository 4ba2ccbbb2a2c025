// A rule-of-thumb recognizer: runs of capitalised words, typed by cue words.
// It stands until a trained model is loaded; it is what the tagger serves
// when started without --model.
#ifndef DOSSIER_SERVICES_TAGGER_HEURISTIC_RECOGNIZER_H_
#define DOSSIER_SERVICES_TAGGER_HEURISTIC_RECOGNIZER_H_

#include "services/tagger/recognizer.h"

namespace dossier::tagger {

class HeuristicRecognizer final : public Recognizer {
 public:
  std::vector<MentionSpan> Recognize(const TokenizedText& text) const override;
  std::string Version() const override { return "heuristic-1"; }
};

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_HEURISTIC_RECOGNIZER_H_
