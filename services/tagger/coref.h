// In-document coreference of names: groups mentions into entities so that
// "Aleksandar Vučić", "Alexander Vučić" and "Vučić" are one person, and
// "Botsan-Kharchenko" one with "Alexander Botsan Kharchenko".
#ifndef DOSSIER_SERVICES_TAGGER_COREF_H_
#define DOSSIER_SERVICES_TAGGER_COREF_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "dossier/v1/annotations.pb.h"
#include "services/tagger/quote_lexicon.h"

namespace dossier::tagger {

// Whether two folded given names are spellings of one name across
// transliterations ("aleksandar" / "alexander", "sergei" / "sergey"), or
// one is the initial of the other ("j" / "john").
bool CompatibleGivenNames(absl::string_view a, absl::string_view b);

// Whether a folded acronym spells the initials of folded words: "un" for
// "united nations", "eu" for "european union" ("of", "the", "and", "for"
// skipped; two letters at least).
bool IsAcronymOf(absl::string_view acronym, const std::vector<std::string>& words);

// The first part of the hyphenated last word of a person's name as
// written, folded ("kilroy" of "Robert Kilroy-Silk"), which names the
// person alone too; empty when the name has no given name before it or
// its last word no hyphen.
std::string SurnameFirstPart(absl::string_view name);

// The title a text writes just before a person's name, which the tagger
// leaves out of the mention: "Mr Blair" (courtesy), "Sir Ian Blair"
// (honour).
// kOther: any other title a person's name follows ("Prince Charles",
// "Queen Elizabeth", "President Bush"), after which a lone word is no
// given name of someone else.
enum class NameTitle { kNone, kCourtesy, kHonour, kOther };

// Fills annotations->entities from annotations->mentions (which must have
// span, text, type and sentence_index set), sets each mention's
// entity_index, and may retype a lone surname to PERSON when the document
// names that person in full. Entities come in order of first mention.
// `titles`, if not empty, holds each mention's title: "Mr Blair" names a
// person of that surname who is no knight when the document has one (a
// knight is never "Mr").
// `opens_on_common_word`, if not empty, tells for each mention whether its
// first word is one news writes in lower case ("New Labour", "Spread
// Firefox"): such a name qualifies no organisation its last word names
// alone, where "Manchester United" is the document's "United".
// `title_genders`, if not empty, holds for each mention the sex its title
// says ("Mr", "Mrs", "Ms", "Lady", "Sir": a title the lexicon gives a sex;
// kUnknown for none): "Mrs. Clinton" is not Bill Clinton, nor "Mr.
// Clinton" Hillary Clinton. A titled surname joins no person of the other
// sex, as a title or a given name the lexicon knows says it (not one given
// to both sexes: "Ms. Vonn" is Lindsey Vonn); such a surname is then a
// person of its own (Entity.apart_from_namesakes), which a later surname
// without a title does not join.
// `same_as`, if not empty, holds for each mention an earlier mention it
// names (a firm's stock ticker in brackets after its name: "Boeing Co
// <BA>"), or -1: it joins that mention's entity, whose type it takes.
// `offices`, if not empty, holds for each mention the offices (bits of
// OfficeBit) whose titles the words just before it give ("President",
// "Secretary of State"): of two people of the document a surname may
// name, "Secretary Clinton" is the one named in full after that title
// ("Secretary of State Hillary Clinton"), not the one named first.
void ResolveEntities(v1::Annotations* annotations, absl::Span<const NameTitle> titles = {},
                     absl::Span<const bool> opens_on_common_word = {},
                     absl::Span<const quotes::Gender> title_genders = {},
                     absl::Span<const int> same_as = {}, absl::Span<const uint32_t> offices = {});

// Whether `text` is written as an acronym: capitals with full stops
// ("U.N."), or two or three capitals ("UN", "IBM").
bool LooksLikeAcronym(absl::string_view text);

// Whether `word` is a particle of names ("de", "van", "bin"), case aside.
bool IsNameParticle(absl::string_view word);

// The bit of an office whose title `word` is (lower case, without a full
// stop: "president", "secretary", "sen"), 0 for none.
uint32_t OfficeBit(absl::string_view word);

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_COREF_H_
