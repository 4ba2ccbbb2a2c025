// The near-duplicate index: MinHash LSH buckets of the documents accepted
// in a recent window, held in memory (every band of every document would
// otherwise be a store write and a store seek per document). Rebuilt from
// the outbox's stored signatures at start. Not thread-safe: the committer
// alone uses it.
//
// Memory: each bucket is a chain through the documents, newest first, so
// a document costs its entry (id, signature, accept time, one link per
// band) and its share of one hash map from bucket to newest document:
// about 1 KB in all (bytes()). The window is bounded by time and by a
// count, whichever is reached first, so memory stays bounded however fast
// documents arrive.
#ifndef DOSSIER_SERVICES_INGEST_LSH_INDEX_H_
#define DOSSIER_SERVICES_INGEST_LSH_INDEX_H_

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/ingest/minhash.h"

namespace dossier::ingest {

class LshIndex {
 public:
  // Documents accepted more than `window` before the newest are forgotten,
  // and the oldest ones past `max_documents`.
  LshIndex(absl::Duration window, size_t max_documents);

  void Add(const std::string& id, const Signature& signature, absl::Time accepted);

  // Documents sharing at least one band with `signature`: id and signature.
  std::vector<std::pair<std::string, const Signature*>> Candidates(
      const Signature& signature) const;

  // Takes a document out (a delete): it is no longer a candidate. False
  // when it is not in the window. Scans the window: for takedowns, not
  // for every document.
  bool Remove(absl::string_view id);

  size_t size() const { return entries_.size(); }
  // What the index holds in memory, estimated from its containers.
  size_t bytes() const;

 private:
  struct Entry {
    std::string id;
    Signature signature;
    absl::Time accepted;
    bool removed = false;
    // Per band: how many ordinals back the next older document of the
    // same bucket is; 0 when there is none.
    std::array<uint32_t, kBands> older;
  };
  void Expire(absl::Time newest);

  const absl::Duration window_;
  const size_t max_documents_;
  // Oldest first; entry i has ordinal first_ordinal_ + i.
  std::deque<Entry> entries_;
  uint64_t first_ordinal_ = 0;
  // Band hash -> ordinal of the newest document in that bucket.
  absl::flat_hash_map<uint64_t, uint64_t> newest_;
};

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_LSH_INDEX_H_
