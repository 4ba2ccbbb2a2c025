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
#include "absl/strings/string_view.h"
#include "services/query/query_parser.h"

namespace dossier::query {

// The words of a text by term, with their positions.
class TextTerms {
 public:
  explicit TextTerms(absl::string_view text);
  bool Matches(const QueryNode& query) const;

 private:
  const std::vector<uint32_t>* Find(const std::string& term) const;

  // Ordered, so that a prefix is a range.
  absl::btree_map<std::string, std::vector<uint32_t>> positions_;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_TEXT_MATCH_H_
