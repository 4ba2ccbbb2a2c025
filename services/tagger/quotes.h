// Who said what: direct quotes (and partial quotes inside reported speech)
// with their cue ("said", "stressed") and speaker, found in tagged text.
// Pure; no I/O.
#ifndef DOSSIER_SERVICES_TAGGER_QUOTES_H_
#define DOSSIER_SERVICES_TAGGER_QUOTES_H_

#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"
#include "services/tagger/tokenizer.h"

namespace dossier::tagger {

// Adds annotations->quotes for `text`, whose tokens are `tokens` and whose
// sentences, mentions and entities are already in `annotations` (UTF-8 byte
// offsets).
void FindQuotes(absl::string_view text, const TokenizedText& tokens,
                v1::Annotations* annotations);

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_QUOTES_H_
