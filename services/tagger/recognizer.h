// The entity recognizer interface: tokens in, typed token spans out.
#ifndef DOSSIER_SERVICES_TAGGER_RECOGNIZER_H_
#define DOSSIER_SERVICES_TAGGER_RECOGNIZER_H_

#include <string>
#include <vector>

#include "dossier/v1/annotations.pb.h"
#include "text/tokenizer.h"

namespace dossier::tagger {

struct MentionSpan {
  int begin = 0;  // first token
  int end = 0;    // one past the last token
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  float confidence = 0;
  // A name the tagger knows (curation, a knowledge base, the outlet): the
  // span rules that cut names leave it whole.
  bool known = false;
};

class Recognizer {
 public:
  virtual ~Recognizer() = default;
  // Non-overlapping spans in token order. Thread-safe.
  virtual std::vector<MentionSpan> Recognize(const text::TokenizedText& text) const = 0;
  // Names the model, for Annotations.tagger_version.
  virtual std::string Version() const = 0;
};

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_RECOGNIZER_H_
