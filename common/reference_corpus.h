// The reference news under ../shared/data, article by article, for the
// tools that learn from it or measure on it (word clusters, IDF, the
// ingest benchmark). Read by path; nothing is copied.
#ifndef DOSSIER_COMMON_REFERENCE_CORPUS_H_
#define DOSSIER_COMMON_REFERENCE_CORPUS_H_

#include <functional>
#include <string>

#include "absl/strings/string_view.h"

namespace dossier {

struct ReferenceArticle {
  // "reuters21578", "bbc" or "polnear".
  std::string corpus;
  // A stable name within the corpus: "reuters21578:123", "bbc/tech/001.txt".
  std::string name;
  std::string title;     // when the corpus has it apart from the text
  std::string dateline;  // Reuters' dateline field
  std::string date;      // the corpus's date, as it writes it
  // The article's text as the corpus stores it (for Reuters, the body).
  std::string text;
};

// Calls `fn` for every article with text, corpus by corpus (Reuters-21578,
// BBC, PolNeAR train and dev) in a fixed order. Articles that are not UTF-8
// are skipped. Returns how many were visited.
long ForEachReferenceArticle(const std::string& data_dir,
                             const std::function<void(const ReferenceArticle&)>& fn);

}  // namespace dossier

#endif  // DOSSIER_COMMON_REFERENCE_CORPUS_H_
