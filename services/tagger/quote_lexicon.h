// The words quote attribution looks for: reporting cues ("said", "summed
// up", "according to") and the small closed classes around them (pronouns,
// determiners, nouns that name a speaker by role or by organisation, given
// names with a known gender). Data only; quotes.cc holds the rules.
#ifndef DOSSIER_SERVICES_TAGGER_QUOTE_LEXICON_H_
#define DOSSIER_SERVICES_TAGGER_QUOTE_LEXICON_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace dossier::tagger::quotes {

// Where a cue's speaker is found.
enum class CueForm : uint8_t {
  // A finite reporting verb: the speaker is its subject ("she said"), or
  // follows it in an inversion ("said Caddell").
  kFinite,
  // A participle ("adding", "calling"): the speaker is the subject of the
  // clause it hangs on.
  kParticiple,
  // "according to X": the speaker follows.
  kAccordingTo,
  // "in her opinion": the speaker is the possessive.
  kPossessive,
};

struct Cue {
  // Lower-case words separated by single spaces ("summed up").
  absl::string_view phrase;
  CueForm form;
  // A verb that reports speech only sometimes ("called", "described",
  // "asked"): a quote prefers a plain reporting verb when its sentence has
  // both.
  bool weak = false;
  // A phrase that is a cue only where punctuation or a quotation mark
  // follows it: "as Rosenthal put it, “...”", not "put it on the table".
  bool before_punctuation = false;
};

// Every cue, one table.
absl::Span<const Cue> Cues();

// A cue that starts with `first_word` (lower case): the words after the
// first, split, and the form. Longest phrases first.
struct CueContinuation {
  std::vector<std::string> rest;
  CueForm form;
  bool weak;
  bool before_punctuation;
};
const std::vector<CueContinuation>* CuesStartingWith(absl::string_view first_word);

enum class Gender : int8_t { kUnknown = 0, kMale = 1, kFemale = 2 };

// Word classes, as bits; a word can be in several.
enum WordClass : uint32_t {
  kPersonalPronoun = 1u << 0,    // he, she, they, it, i, we (subjects)
  kPossessivePronoun = 1u << 1,  // his, her, their, its
  kRelativePronoun = 1u << 2,    // who, which
  kDefinite = 1u << 3,           // the, this, that
  kIndefinite = 1u << 4,         // a, an, one
  kPreposition = 1u << 5,        // of, for, at, on, ... (inside a speaker NP)
  kNpParticiple = 1u << 6,       // posted, published (inside a speaker NP)
  kSkipBeforeCue = 1u << 7,      // also, has, later, reportedly ...
  kPersonNoun = 1u << 8,         // spokeswoman, ambassador, official
  kOrganizationNoun = 1u << 9,   // ministry, campaign, committee
  kDocumentNoun = 1u << 10,      // statement, message, release
  kFunctionWord = 1u << 11,      // words a quotation never ends with
  kTitleWord = 1u << 12,         // words of titles kept lower case (of, the)
  kElision = 1u << 13,           // 'em, 'til, 'n' after an apostrophe
  kPlural = 1u << 14,            // they, their
  kMale = 1u << 15,
  kFemale = 1u << 16,
  kSubordinator = 1u << 17,  // that, if, whether, when, because
  // Words that open an adverbial clause: a cue after them is that
  // clause's (although, because, while, since).
  kAdverbial = 1u << 18,
  // Roles that are ordinary words too (forward, lock, seed, partner): a
  // person only as the head of a phrase with a determiner ("the lock
  // forward", "The prop said"), never a title before a name or a subject
  // on their own ("Looking forward, ...").
  kRoleAfterDeterminer = 1u << 19,
  // Organisation nouns of a business that news writes for the one its
  // story is about ("the company said", "The airline said", "the club").
  kCompanyNoun = 1u << 20,
  // Titles written after a name ("Paul Boateng MP", "John Smith QC").
  kPostNominalTitle = 1u << 21,
  // People who speak for an organisation by office (spokesman).
  kSpokespersonNoun = 1u << 22,
};

// The classes of a lower-case word (0 when it is in none).
uint32_t WordClasses(absl::string_view lower_word);

// The gender usually given to a lower-case given name, or kUnknown.
Gender GivenNameGender(absl::string_view lower_name);

// Whether `word`, case aside, is a given name the lexicon knows.
bool IsGivenName(absl::string_view word);

// Whether a lower-case cue is a verb of saying that goes before its subject
// after a quote or a comma ("..., says Tim Dams, the news editor"); not one
// whose object is a person ("..., told Tony Blair, the prime minister,
// that").
bool InvertsBeforeItsSubject(absl::string_view lower_cue);

// Whether the lower-case words of a title (without its article) name an
// office one person of a country or body holds at a time ("prime
// minister", "chancellor", "home secretary"), not one many hold
// ("minister", "spokesman").
bool IsSingleHolderOffice(absl::string_view lower_title);

// Whether a lower-case word before an office's title makes it another
// office ("deputy", "shadow", "former", "vice", "ex-Conservative").
bool IsOfficeModifier(absl::string_view lower_word);

}  // namespace dossier::tagger::quotes

#endif  // DOSSIER_SERVICES_TAGGER_QUOTE_LEXICON_H_
