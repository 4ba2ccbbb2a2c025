// A query evaluated against one text in memory, without the index: what a
// watch does with each new document and what picks the matching quotes of
// a document. Matches exactly what the index would (the same words, the
// same phrase and prefix rules).
#ifndef DOSSIER_SERVICES_QUERY_TEXT_MATCH_H_
#define DOSSIER_SERVICES_QUERY_TEXT_MATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "dossier/v1/document.pb.h"
#include "services/query/query_parser.h"

namespace dossier::query {

// Words between a document's text and the title searched after it, so
// that no phrase runs from one into the other.
inline constexpr uint32_t kTitlePositionGap = 16;

// The title searched besides the text, after it: the client's, or the
// headline read from the text. A headline is what the article is about, so
// its words count again though the text has them: "Chelsea sack Mutu"
// finds the article of that title before one that names Chelsea and Mutu
// more often in passing (BM25 over text and title, the title weighing
// double, as engines weigh a title field).
absl::string_view SearchableTitle(const v1::Document& document);

// What a list shows for a document (Document.headline) and a story for its
// first document (Story.title): the title; else the first sentence that
// says what happened, past a dateline ("MOSCOW, February 13 - RIA
// Novosti." on its own, or "SALVADOR, Feb 26 - " before the news), cut
// to its first 200 bytes and "..." when longer. Reads the text and its
// sentences, so it is taken before a view drops them.
std::string Headline(const v1::Document& document);

// The words of a text by term, with their positions; those of `title`
// after them, kTitlePositionGap further on, as the index numbers them.
// Not thread-safe (the words' stems are found when a query first asks).
class TextTerms {
 public:
  explicit TextTerms(absl::string_view text, absl::string_view title = "");
  bool Matches(const QueryNode& query) const;

 private:
  // The positions of `term`, or of every word of its stem unless `exact`.
  const std::vector<uint32_t>* Find(const std::string& term, bool exact) const;

  // Ordered, so that a prefix is a range.
  absl::btree_map<std::string, std::vector<uint32_t>> positions_;
  // By stem (text/stem.h): the positions of its words, in order; filled
  // by the first Find of a stem.
  mutable bool stemmed_ = false;
  mutable absl::flat_hash_map<std::string, std::vector<uint32_t>> by_stem_;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_TEXT_MATCH_H_
