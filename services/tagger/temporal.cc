#include "services/tagger/temporal.h"

namespace dossier::tagger {

void FindTemporalExpressions(absl::string_view text, const TokenizedText& tokens,
                             std::optional<absl::CivilDay> document_date,
                             v1::Annotations* annotations) {}

}  // namespace dossier::tagger
