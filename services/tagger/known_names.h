// Names the entity registry knows from curation and knowledge bases
// (RegistryService.ListKnownNames), recognised where the model found
// nothing, and typing the names the model found but was unsure of: an
// import or an alias teaches the tagger new names, and fixes its types,
// without retraining or a restart. Pure; thread-safe once built.
#ifndef DOSSIER_SERVICES_TAGGER_KNOWN_NAMES_H_
#define DOSSIER_SERVICES_TAGGER_KNOWN_NAMES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"
#include "services/tagger/recognizer.h"
#include "text/tokenizer.h"

namespace dossier::tagger {

// The confidence given to a mention found only by name.
inline constexpr float kKnownNameConfidence = 0.5f;
// A span of the model that is exactly a known name of another type takes
// the known type when the model's confidence is below this (its
// confidences are calibrated: below it, about a third of them are wrong).
// A name read as a place at 0.69 becomes the organisation curated so.
inline constexpr float kRetypeBelow = 0.75f;

class KnownNames {
 public:
  struct Name {
    std::string text;
    v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  };
  explicit KnownNames(const std::vector<Name>& names);

  // The known names in `text` that no span of `found` crosses, longest
  // first. Added to `found`, which stays in token order. Where the model
  // read a known name as two names or more, they give way to it (a
  // curated "Russian ambassador to Serbia" over the model's "Russian" and
  // "Serbia": there, no place is named); one name of the model inside a
  // known name stays as it is when of the known name's type (the model's
  // "Republic of Ireland" in a knowledge base's "The Republic of
  // Ireland"), and gives way to it when of another ("England" in a known
  // organisation's "Bank of England") or when the known name goes on from
  // it with a number ("Channel" of "Channel 4", "BBC" of "BBC One").
  // Knowledge bases hold names that are words
  // too, so a match must look like a name: it starts and ends on a
  // capitalised token ("turkey" in a recipe is no country); a name written
  // in capitals (an acronym) matches only capitals ("It" is not Italy's
  // "IT"); and a name of one word does not match the first word of a
  // sentence, where every word is capitalised, unless it has a digit ("G8
  // leaders met") or `news` (may be null) says news writes the word
  // capitalised more often than not, or too seldom to tell
  // (MayOpenSentenceAsName: "Grokster was sued", not "Male voters"). A name with a capital whose
  // first or last word starts with a small letter ("eBay", "de Gaulle")
  // may start or end on that word where the text writes it exactly so, at
  // a sentence's start too; a name with no capital never matches.
  // A name matches only text in its own script, Latin or not ("БиГ" is
  // no "Big"). Names of one or two characters are never matched, but for a letter
  // and a digit ("G8", "U2"). A span of `found`
  // that is exactly a known name, of another type, with a confidence below
  // kRetypeBelow, takes the known name's type. One the model reads as a
  // person that is exactly a known organisation's name is the organisation
  // however sure the model is (a model trained on 1996 news reads "at
  // Google" as a person's), but for a one-word name that the document
  // writes after a given name elsewhere ("Fiona Apple", then "Apple"),
  // whatever type the model gave the full name. So is a known MISC name
  // the model reads as an organisation or a place ("the Xbox", a product,
  // which the model reads as its maker; "Firefox") however sure it is,
  // and a known organisation the model reads as a place ("Yugansk", the
  // oil company; "Man City"), unless `news` lists the name as a place too.
  void AddTo(const text::TokenizedText& text, std::vector<MentionSpan>* found,
             const Recognizer* news = nullptr) const;

  // The type of the known name that tokens [begin, end) of `text` spell
  // exactly (case and accents aside, an acronym in capitals), written
  // with a capital; UNSPECIFIED when they spell none.
  v1::EntityType TypeOf(const text::TokenizedText& text, int begin, int end) const;

  size_t size() const { return size_; }
  // The names and types given, whatever their order: a tagger's version
  // names it, so that what tagged a document with other names is stale.
  uint64_t fingerprint() const { return fingerprint_; }

 private:
  struct Entry {
    std::vector<std::string> tokens;  // folded; the first is the map's key
    std::vector<bool> capitals;       // per token: written in capitals
    v1::EntityType type;
    // The first and last words as the name writes them, when the name has
    // a capital and they start with a small letter ("eBay", the "de" of
    // "de Gaulle"); else empty.
    std::string small_first, small_last;
    // Per token: written in the Latin script. A name matches only text in
    // its own script ("БиГ", Bosnia and Herzegovina in Serbian Cyrillic,
    // folds to "big" but is no "Big Brother").
    std::vector<bool> latin;
  };
  // Whether tokens [t, t + entry.tokens.size()) of `text` spell `entry`;
  // `fold(u)` is token u folded (text::FoldName).
  template <typename Fold>
  static bool Spells(const Entry& entry, const text::TokenizedText& text, int t, Fold& fold);
  // The entry that tokens [begin, end) spell exactly, or null.
  template <typename Fold>
  const Entry* SpelledBy(const text::TokenizedText& text, int begin, int end, Fold& fold) const;

  // By folded first token; longest first.
  absl::flat_hash_map<std::string, std::vector<Entry>> by_first_;
  // Every entry's small_first: a token that is not capitalised is looked
  // up only when it is one of these, as written.
  absl::flat_hash_set<std::string> small_firsts_;
  size_t size_ = 0;
  uint64_t fingerprint_ = 0;
};

// The outlet a text comes from (TagTextRequest.outlet): its name, where the
// text writes it, is an organisation. Where `found` has exactly that span,
// it becomes an organisation whatever its type and confidence ("MOSCOW,
// February 13 - RIA Novosti.", which the model reads as a person); spans
// inside it give way to it; where no span crosses it, it is added with
// kKnownNameConfidence. A match starts and ends on a capitalised token,
// case and accents aside; a leading "The" of the outlet is dropped (news
// writes "the Guardian"); a name of one word does not match the first word
// of a sentence ("Independent experts said") unless `news` (may be null)
// says news writes it capitalised more often than not, or too seldom to
// tell ("Ananova said"; MayOpenSentenceAsName), and one of two characters or
// fewer ("AP") is not matched at all. And news calls a paper by the last word of its
// name ("Novosti" for "Vecernje novosti", "the Times"): a span of `found`
// that is exactly that word, of four letters or more, with a confidence
// below kRetypeBelow, becomes an organisation; it is not added where the
// model found nothing, as the word alone is often a common one ("News").
// `found` stays in token order.
void MarkOutlet(const text::TokenizedText& text, absl::string_view outlet,
                std::vector<MentionSpan>* found, const Recognizer* news = nullptr);

// The names of a knowledge base file (read as `dossier import-kb` reads
// it: ReadKnowledgeBaseFile, common/knowledge_base.h), each name and alias
// with its entity's type: what a tagger following a registry that imported
// it knows, for the tools that tag without one. A bad line is an error
// naming its number.
absl::StatusOr<std::shared_ptr<const KnownNames>> ReadKnowledgeBase(const std::string& path);

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_KNOWN_NAMES_H_
