#include "services/tagger/quotes.h"

namespace dossier::tagger {

void FindQuotes(absl::string_view text, const TokenizedText& tokens,
                v1::Annotations* annotations) {}

}  // namespace dossier::tagger
