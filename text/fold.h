// Identity keys for names: the same person however the text spells them
// must get the same key. Keys are lower-case ASCII with diacritics folded
// ("Vučić" -> "vucic"), punctuation and hyphens as single spaces
// ("Botsan-Kharchenko" and "Botsan Kharchenko" -> "botsan kharchenko").
#ifndef DOSSIER_TEXT_FOLD_H_
#define DOSSIER_TEXT_FOLD_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dossier::text {

// Thread-safe.
std::string FoldName(absl::string_view name);

// Lower-case ASCII transliteration ("Vučić" -> "vucic", "Лавров" ->
// "lavrov"), punctuation kept. ASCII input takes a fast path. Thread-safe.
std::string FoldToAscii(absl::string_view text);

// How a name uses case: capitals only ("MOSCOW" of a dateline, "VUČIĆ"),
// capitals and small letters ("Moscow", "Вучић", "iPhone"), small letters
// only ("moscow"), or neither (digits, a script without case).
enum class LetterCase { kNone, kCapitals, kMixed, kSmall };
LetterCase CaseOf(absl::string_view name);

// CaseOf(name) == kCapitals.
inline bool InCapitals(absl::string_view name) { return CaseOf(name) == LetterCase::kCapitals; }

// Whether every letter of `text` is of the Latin script ("Vučić", "G8",
// "123"); false for "Вучић" or "БиГ", which FoldName folds to the English
// word "big". Thread-safe.
bool IsLatinScript(absl::string_view text);
// Whether `name` (words separated by single spaces, as FoldName gives
// them) or a word of it onwards starts with `prefix`: "botsan kharchenko"
// for "khar". Autocomplete's match.
bool AnyWordStartsWith(absl::string_view name, absl::string_view prefix);

// `text` with its German umlauts written as the vowel and "e" ("Börse" ->
// "Boerse", "Schröder" -> "Schroeder"), as news in English often writes
// them; `text` itself when it has none.
std::string UmlautsAsVowelAndE(absl::string_view text);

// Whether `adjective` is the nationality adjective of the place whose
// folded name is `place_key`: "Russian" for "russia", "Serbian" for
// "serbia", "Ukrainian" for "ukraine" (the name, give or take its last
// letter, and an ending: "n", "an", "ian", "ese", "i", "ish", "ic").
bool IsDemonymOf(absl::string_view adjective, absl::string_view place_key);

// `text` on one line, as a display name or a title is shown: each run of
// spaces, tabs and line breaks one space, none at either end ("Paul\nVolcker"
// of a folded wire story is "Paul Volcker").
std::string SingleSpaced(absl::string_view text);

// `folded` (a name as FoldName gives it) without a leading "the": "the
// washington post" -> "washington post".
absl::string_view WithoutLeadingThe(absl::string_view folded);

// The letters of an acronym as written, capitals each perhaps followed by
// a full stop ("DNC", "D.N.C.", "U.N."): how many capitals, 0 when the text
// has anything else; `dotted`, when given, says whether it has a full stop.
int AcronymLetters(absl::string_view text, bool* dotted = nullptr);

// Levenshtein distance between two byte strings (folded names: "kiev" and
// "kyiv" are 2 apart): insertions, deletions and substitutions of a byte.
int EditDistance(absl::string_view a, absl::string_view b);

}  // namespace dossier::text

#endif  // DOSSIER_TEXT_FOLD_H_
