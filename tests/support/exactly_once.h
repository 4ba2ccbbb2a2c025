// The guarantee dossier makes about every acknowledged document, checked
// against a running query service: each is stored once, with its
// annotations, and is in the search index once. Shared by the integration
// suite and the fire drills (tools/drill).
#ifndef DOSSIER_TESTS_SUPPORT_EXACTLY_ONCE_H_
#define DOSSIER_TESTS_SUPPORT_EXACTLY_ONCE_H_

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace dossier::testing {

struct ExactlyOnceReport {
  int64_t acknowledged = 0;
  // What ListDocuments returned, page by page, and the total it reported.
  int64_t listed = 0;
  int64_t total_size = 0;
  int64_t missing = 0;     // acknowledged, not listed
  int64_t unexpected = 0;  // listed, never acknowledged
  int64_t duplicated = 0;  // listed more than once
  // Documents without sentences (never tagged).
  int64_t without_annotations = 0;
  // Words whose hit count is not the number of documents holding them,
  // and titles whose phrase does not find their document exactly once.
  int64_t search_mismatches = 0;
  int64_t searches = 0;
  // The first problems, readable.
  std::vector<std::string> problems;

  bool ok() const {
    return missing == 0 && unexpected == 0 && duplicated == 0 && without_annotations == 0 &&
           search_mismatches == 0 && total_size == acknowledged && problems.empty();
  }
  std::string ToString() const;
};

// How many documents the query service holds; -1 when it does not answer.
int64_t DocumentCount(const std::string& query_address);

// Waits up to `timeout` until the query service at `query_address` holds
// as many documents as `acknowledged` (false if it never does).
bool WaitForDocumentCount(const std::string& query_address, int64_t count, absl::Duration timeout);

// Lists every document (FULL view) and searches: each acknowledged id is
// listed once and tagged; a few words' hit counts equal the number of
// documents whose text holds them; up to `phrase_checks` documents are
// found, once, by a phrase of their title.
ExactlyOnceReport CheckExactlyOnce(const std::string& query_address,
                                   const std::set<std::string>& acknowledged,
                                   int phrase_checks = 100);

}  // namespace dossier::testing

#endif  // DOSSIER_TESTS_SUPPORT_EXACTLY_ONCE_H_
