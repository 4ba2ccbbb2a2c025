// Term statistics for comparing documents: an inverse document frequency
// table (built by dossier-build-idf from reference news, shipped in
// models/idf/), and TF-IDF vectors of a text's words.
#ifndef DOSSIER_SERVICES_QUERY_TERMS_H_
#define DOSSIER_SERVICES_QUERY_TERMS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dossier::query {

// The terms of a text: its words (runs of letters and digits, with inner
// apostrophes) that have a letter, folded to lower-case ASCII, as 64-bit
// hashes.
std::vector<uint64_t> Terms(absl::string_view text);

class IdfTable {
 public:
  // File: "DSIDF001", u64 documents, u64 n, then n × (u64 term hash, f32 idf).
  static absl::StatusOr<std::unique_ptr<IdfTable>> Load(const std::string& path);
  absl::Status Save(const std::string& path) const;

  // From document frequencies over `documents` documents; terms seen in
  // fewer than `min_df` are left out (they get the unseen weight).
  static std::unique_ptr<IdfTable> FromCounts(const absl::flat_hash_map<uint64_t, uint32_t>& df,
                                              uint64_t documents, uint32_t min_df);

  // log(N / df); terms not in the table count as rare: log(N / 1).
  float Idf(uint64_t term) const {
    auto it = idf_.find(term);
    return it == idf_.end() ? unseen_ : it->second;
  }
  size_t size() const { return idf_.size(); }
  uint64_t documents() const { return documents_; }

 private:
  uint64_t documents_ = 1;
  float unseen_ = 0;
  absl::flat_hash_map<uint64_t, float> idf_;
};

// A sparse unit vector: (term, weight) sorted by term.
using TermVector = std::vector<std::pair<uint64_t, float>>;

// TF-IDF ((1 + log tf) × idf) of the text's `max_terms` heaviest terms,
// scaled to unit length.
TermVector TfIdf(absl::string_view text, const IdfTable& idf, size_t max_terms = 64);

// Unit vector of arbitrary (key, weight) pairs.
TermVector Normalize(std::vector<std::pair<uint64_t, float>> weights);

// Dot product of two sorted unit vectors: their cosine.
float Cosine(const TermVector& a, const TermVector& b);

// The committed table: $DOSSIER_IDF, else models/idf/idf.bin of the source
// tree the binary was built in, else /usr/share/dossier/models/idf/idf.bin.
std::string DefaultIdfPath();

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_TERMS_H_
