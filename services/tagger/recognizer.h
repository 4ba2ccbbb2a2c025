// The entity recognizer interface: tokens in, typed token spans out.
#ifndef DOSSIER_SERVICES_TAGGER_RECOGNIZER_H_
#define DOSSIER_SERVICES_TAGGER_RECOGNIZER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"
#include "text/tokenizer.h"

namespace dossier::tagger {

struct MentionSpan {
  int begin = 0;  // first token
  int end = 0;    // one past the last token
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  float confidence = 0;
  // A name the tagger knows (curation, a knowledge base, the outlet): the
  // span rules that cut names leave it whole.
  bool known = false;
};

// How running news writes a word away from a sentence's start, where a
// capital says nothing: what a capital at a sentence's start may mean.
// (The NER model counts it, in the text its word clusters were learned
// from, for words whose first letter is ASCII.)
enum class NewsCase {
  kUnread,             // the recognizer read no news
  kRare,               // seen too seldom to tell, or never
  kLower,              // almost always in lower case ("male", "reading")
  kMostlyLower,        // more often in lower case than not
  kMostlyCapitalised,  // more often capitalised than not
  kCapitalised,        // almost always capitalised ("Grokster", "Chad")
};

// Whether a word at a sentence's start may be a name of one word that
// the tagger knows: where news writes the word capitalised, or too seldom
// to have a lower-case use ("Grokster was sued"), not where it is mostly a
// common word ("Male voters", though the Maldives' capital is Male).
inline bool MayOpenSentenceAsName(NewsCase c) {
  return c == NewsCase::kRare || c == NewsCase::kMostlyCapitalised || c == NewsCase::kCapitalised;
}

// Whether news writes the word mostly in lower case: a common word ("new",
// "time"), which a name may open on ("New Labour", "Time Warner") as a
// person's name does not.
inline bool WrittenInLowerCase(NewsCase c) {
  return c == NewsCase::kLower || c == NewsCase::kMostlyLower;
}

class Recognizer {
 public:
  virtual ~Recognizer() = default;
  // Non-overlapping spans in token order. Thread-safe.
  virtual std::vector<MentionSpan> Recognize(const text::TokenizedText& text) const = 0;
  // Names the model, for Annotations.tagger_version.
  virtual std::string Version() const = 0;
  // How the news the recognizer learned from writes `word` (case and
  // accents aside).
  virtual NewsCase HowNewsWrites(absl::string_view word) const {
    (void)word;
    return NewsCase::kUnread;
  }
  // Whether the recognizer's gazetteers list `words` (tokens as written)
  // as a place: a country or a city ("Boston", "Liverpool"). A name that
  // is a place too is not retyped by rules that know it as a firm's.
  virtual bool ListsAsPlace(const std::vector<std::string>& words) const {
    (void)words;
    return false;
  }
};

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_RECOGNIZER_H_
