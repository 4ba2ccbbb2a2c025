// The stem of a search term: what lets a query word find the other forms of
// it ("sanction" finds "sanctions", "sanctioned" and "sanctioning";
// "e-mails" finds "e-mail"). Snowball's English stemmer (libstemmer), the
// stemmer Xapian and many Elasticsearch analyzers use, run over the folded
// terms of text/words.h. Like every such stemmer it conflates some words
// that differ in meaning ("university" and "universe" are both "univers"):
// a search that must match a word as written quotes it.
#ifndef DOSSIER_TEXT_STEM_H_
#define DOSSIER_TEXT_STEM_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dossier::text {

// The English stem of a folded term (text/words.h Terms: lower-case ASCII
// letters and digits). A term of one or two bytes is its own stem, and so is
// one that holds a digit ("1990s", "g8"). A stem starts with its term's
// first letter ("lying" is "lie"), so a word of another first letter need
// not be stemmed to know it has another stem. Thread-safe.
std::string Stem(absl::string_view term);

}  // namespace dossier::text

#endif  // DOSSIER_TEXT_STEM_H_
