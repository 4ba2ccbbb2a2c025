#include "services/tagger/roles.h"

namespace dossier::tagger {

void FindRoles(absl::string_view text, const TokenizedText& tokens,
               v1::Annotations* annotations) {}

}  // namespace dossier::tagger
