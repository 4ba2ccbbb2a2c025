// Roles and titles held by the people a text names ("Foreign Ministry
// spokeswoman Maria Zakharova", "Russia's ambassador to Serbia, Alexander
// Botsan-Kharchenko"). Pure; no I/O.
#ifndef DOSSIER_SERVICES_TAGGER_ROLES_H_
#define DOSSIER_SERVICES_TAGGER_ROLES_H_

#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"
#include "text/given_names.h"
#include "text/tokenizer.h"

namespace dossier::tagger {

// "Mr", "Mrs.", "Dr": a courtesy title, no part of a person's name (the
// tagger drops it from people's spans) and no role.
using text::IsCourtesyTitle;

// "MP", "MEPs": the title of a member of a parliament or assembly, as
// written, in the singular or plural. British news puts it next to names
// ("Labour MP", "Frank Field MP", "SNP MSPs"), never inside one, and the
// model, which never saw it in CoNLL-2003, runs it into them.
bool IsMemberTitle(absl::string_view token);

// "Secretary", "foreign", "Affairs": a word of the role vocabulary (a
// title's head, a modifier of one, an organisation's noun inside one), in
// any case.
bool IsTitleWord(absl::string_view token);

// Adds annotations->roles for `text`, whose tokens are `tokens` and whose
// mentions and entities are already in `annotations`.
void FindRoles(absl::string_view text, const text::TokenizedText& tokens,
               v1::Annotations* annotations);

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_ROLES_H_
