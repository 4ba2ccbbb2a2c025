// The near-duplicate index: MinHash LSH buckets of the documents accepted
// in a recent window, held in memory (every band of every document would
// otherwise be a store write and a store seek per document). Rebuilt from
// the outbox's stored signatures at start. Not thread-safe: the committer
// alone uses it.
#ifndef DOSSIER_SERVICES_INGEST_LSH_INDEX_H_
#define DOSSIER_SERVICES_INGEST_LSH_INDEX_H_

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "services/ingest/minhash.h"

namespace dossier::ingest {

class LshIndex {
 public:
  // Documents accepted more than `window` before the newest are forgotten.
  explicit LshIndex(absl::Duration window) : window_(window) {}

  void Add(const std::string& id, const Signature& signature, absl::Time accepted);

  // Documents sharing at least one band with `signature`: id and signature.
  std::vector<std::pair<std::string, const Signature*>> Candidates(
      const Signature& signature) const;

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string id;
    Signature signature;
    absl::Time accepted;
    std::array<uint64_t, kBands> buckets;
  };
  static uint64_t Bucket(const Signature& signature, int band);
  void Expire(absl::Time newest);

  const absl::Duration window_;
  // Oldest first; entry i has ordinal first_ordinal_ + i.
  std::deque<Entry> entries_;
  uint64_t first_ordinal_ = 0;
  absl::flat_hash_map<uint64_t, std::vector<uint64_t>> buckets_;
};

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_LSH_INDEX_H_
