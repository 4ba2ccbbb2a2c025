// Organisation names the NER model missed, recognised by their head noun.
// The CRF model learned from Reuters 1996 and misses names it rarely saw
// there: in seed 002 it finds only "Russian" in "The Russian Foreign
// Ministry said", so the ministry's statement had no speaker. A head noun
// such as "Ministry", "Council" or "Party" written with a capital, closing
// a run of capitalised words, is about as sure a sign of an organisation as
// English gives, and it needs no training. Pure; no I/O; thread-safe.
//
// What is recognised (the head words are one table, kHeadWords in
// org_names.cc):
//   - capitalised words ending in a head word: "Foreign Ministry",
//     "Security Council", "Labour Party", "Cabinet Office";
//   - a head word with a complement of capitalised words after "of", "for"
//     or "on" ("Ministry of Foreign Affairs", "Ministry of Mining and
//     Energy", "Department for Education"), "and" only between capitalised
//     words and never before another organisation ("the Ministry of Defence
//     and Foreign Office" is two);
//   - both together ("Court of Appeal", "Royal Bank of Scotland" up to
//     where the model's LOC "Scotland" begins).
// The conventions are CoNLL-2003's, the model's own:
//   - A nationality or other MISC span before the name stays MISC and the
//     organisation is what follows ("Turkish/MISC Foreign Ministry/ORG"),
//     and so does a place ("Russia's Foreign Ministry", "US State
//     Department").
//   - A head word alone is no name ("Parliament", "Police", "the Ministry",
//     "Russian Parliament"): CoNLL leaves those O, and they are as often a
//     back-reference or a generic use as a name.
//   - A head word followed by another capitalised word modifies it ("Bank
//     Holiday", "Party Conference"): no name ends there, unless the word is
//     a person's title ("Metropolitan Police Commissioner John Stevens").
// The model's PER, LOC and MISC spans are never changed and no word of
// them is taken. An ORG span of the model's grows only by the name it runs
// into: "UN" + "Security Council", "Labour" + "Party", "Ministry" + "of
// Foreign Affairs".
// A sentence's first word is capitalised whatever it is, so it is not
// taken when the document writes it in lower case and never capitalised
// inside a sentence ("Local Police said" is not a name beside "local
// councils"); words that open sentences but never names ("The",
// "Yesterday", "Monday") are never taken; and a headline in title case,
// where every word has its capital, is left alone.
#ifndef DOSSIER_SERVICES_TAGGER_ORG_NAMES_H_
#define DOSSIER_SERVICES_TAGGER_ORG_NAMES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/tagger/recognizer.h"
#include "text/tokenizer.h"

namespace dossier::tagger {

// The confidence of a name found by its head word rather than by the
// model (as for known names: right more often than not, but unscored).
inline constexpr float kOrgNameConfidence = 0.5f;

// Adds the organisation names of `text` that `found` (non-overlapping
// spans in token order: the model's and the known names') lacks, and grows
// its ORG spans as above. `found` stays non-overlapping and in token order.
void AddOrganizationNames(const text::TokenizedText& text, std::vector<MentionSpan>* found);

// Whether `word`, as written, is an organisation head word ("Ministry";
// not "ministry" or "MINISTRY").
bool IsOrganizationHeadWord(absl::string_view word);

// Whether `ending` ends a web address that news writes as a firm's name:
// a generic one ("com", "net", "org", "info", "biz") or a country's second
// level ("co.uk", "com.au"), never a country's two letters alone
// ("Spiegel.de"), which are too often a word run into the next ("in").
bool IsWebAddressEnding(absl::string_view ending);

// The site's name of a web address written as a name, without "www."
// ("Amazon" of "Amazon.com", "Jolt" of "Jolt.co.uk", "AppleInsider" of
// "AppleInsider.com"): how news also calls the firm that runs it. Empty
// when `text` is no such address (no capital, a space, another ending).
absl::string_view SiteName(absl::string_view text);

// A firm's folded name without the legal form that ends it ("texaco" of
// "texaco inc", "american motors" of "american motors corp", "deutsche
// bank" of "deutsche bank ag", "samsung electronics" of "samsung
// electronics co ltd"): the firm news names with it and without it, one
// identity key. Up to two forms go; a name that would be left with nothing
// but "the" keeps them ("the limited inc"). A short form is taken for one
// however the name uses it: "Cricket SA" (Cricket South Africa) is
// "cricket". `key` as it is when it ends on none.
std::string WithoutLegalForm(absl::string_view key);

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_ORG_NAMES_H_
