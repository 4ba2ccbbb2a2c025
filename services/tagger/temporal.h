// Dates and periods in a text ("on February 3", "Monday", "the day before",
// "at the end of January", "February 24, 2022", "last week", "16-18
// December", "March 30 to April 1", "on 14, 20 and 27 April", "the fourth
// quarter", "the 1990s", "this weekend", "on Boxing Day"), resolved
// against the document's date when they are relative. Pure; no I/O.
#ifndef DOSSIER_SERVICES_TAGGER_TEMPORAL_H_
#define DOSSIER_SERVICES_TAGGER_TEMPORAL_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "dossier/v1/annotations.pb.h"
#include "text/tokenizer.h"

namespace dossier::tagger {

// Adds annotations->temporal_expressions for `text`, whose tokens are
// `tokens`. Relative expressions resolve against `document_date` when it
// is known, and are left without a date otherwise.
void FindTemporalExpressions(absl::string_view text, const text::TokenizedText& tokens,
                             std::optional<absl::CivilDay> document_date,
                             v1::Annotations* annotations);

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_TEMPORAL_H_
