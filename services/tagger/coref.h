// In-document coreference of names: groups mentions into entities so that
// "Aleksandar Vučić", "Alexander Vučić" and "Vučić" are one person, and
// "Botsan-Kharchenko" one with "Alexander Botsan Kharchenko".
#ifndef DOSSIER_SERVICES_TAGGER_COREF_H_
#define DOSSIER_SERVICES_TAGGER_COREF_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"

namespace dossier::tagger {

// Whether two folded given names are spellings of one name across
// transliterations ("aleksandar" / "alexander", "sergei" / "sergey"), or
// one is the initial of the other ("j" / "john").
bool CompatibleGivenNames(absl::string_view a, absl::string_view b);

// Fills annotations->entities from annotations->mentions (which must have
// span, text, type and sentence_index set), sets each mention's
// entity_index, and may retype a lone surname to PERSON when the document
// names that person in full. Entities come in order of first mention.
void ResolveEntities(v1::Annotations* annotations);

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_COREF_H_
