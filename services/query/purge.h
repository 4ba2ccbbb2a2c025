// Deleted documents' postings, dropped as RocksDB compacts the posting
// lists. Deleting a document (DocumentStore::Delete) marks it in the
// document table at once, and every reader skips it from then on; what it
// left in the lists of its words, entities, outlet and quotes goes the
// next time compaction rewrites the files that hold them, and at the
// latest after a day (the postings family's periodic compaction). Until
// then its words still count in their document frequencies.
#ifndef DOSSIER_SERVICES_QUERY_PURGE_H_
#define DOSSIER_SERVICES_QUERY_PURGE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "rocksdb/compaction_filter.h"
#include "services/query/doc_table.h"

namespace dossier::query {

// The document table a compaction consults. The store opens (and may
// compact) before the table is loaded, and the table goes before the store
// closes: it is attached once loaded and detached before it goes, and a
// compaction that finds none keeps every posting.
class PurgeTarget {
 public:
  void Attach(const DocTable* table) ABSL_LOCKS_EXCLUDED(mu_);
  // Once this returns no compaction reads the table (each copies the
  // deleted numbers when it starts).
  void Detach() ABSL_LOCKS_EXCLUDED(mu_);

  // The deleted documents' numbers, in order; none while detached. Rows a
  // re-tag replaced less than an hour ago (kGrace) are left out: readers and page
  // tokens that began before their replacement still read them (DocTable::
  // skipped), by their postings.
  std::vector<uint32_t> Deleted() const ABSL_LOCKS_EXCLUDED(mu_);
  // Row `doc` was replaced now (DocumentStore::Replace). Kept in memory
  // only: after a restart such rows are purged as deleted ones are.
  void Replaced(uint32_t doc, absl::Time now) ABSL_LOCKS_EXCLUDED(mu_);

  // Postings dropped by compactions so far.
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  void CountDropped(uint64_t n) { dropped_.fetch_add(n, std::memory_order_relaxed); }

 private:
  mutable absl::Mutex mu_;
  const DocTable* table_ ABSL_GUARDED_BY(mu_) = nullptr;
  static constexpr absl::Duration kGrace = absl::Hours(1);
  // Rows replaced within the grace, and when.
  mutable absl::flat_hash_map<uint32_t, absl::Time> recent_ ABSL_GUARDED_BY(mu_);
  std::atomic<uint64_t> dropped_{0};
};

// The compaction filter of the postings family: each list (a value or a
// merge operand) loses the postings of deleted documents; a list left
// empty goes.
std::shared_ptr<rocksdb::CompactionFilterFactory> NewPurgeDeletedFactory(
    std::shared_ptr<PurgeTarget> target);

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_PURGE_H_
