// RocksDB, opened the way every dossier store wants it: named column
// families, Zstandard compression, errors as absl::Status. Each store (the ingest
// outbox, the query store) documents its own column families and key layout
// in its own header and passes them here.
#ifndef DOSSIER_COMMON_STORE_H_
#define DOSSIER_COMMON_STORE_H_

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/convenience.h"
#include "rocksdb/db.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/transaction_log.h"
#include "rocksdb/write_batch.h"

namespace dossier {

// The one mapping from RocksDB's status to absl's: NotFound → NOT_FOUND,
// Corruption → DATA_LOSS, IOError/Busy/TimedOut/TryAgain → UNAVAILABLE,
// InvalidArgument → INVALID_ARGUMENT, anything else → INTERNAL. The message
// keeps RocksDB's text, prefixed with `context` when given.
absl::Status FromRocksStatus(const rocksdb::Status& status, absl::string_view context = "");

struct ColumnFamilySpec {
  std::string name;
  // For column families of counters (a RocksDB built-in such as
  // "uint64add"); null for plain key-values.
  std::shared_ptr<rocksdb::MergeOperator> merge_operator;
  // For column families read only within one key prefix of this length
  // (by point lookups when it is the whole key, as for ids): bloom filters
  // per prefix, and a memtable hashed by prefix, each bucket a small skip
  // list, so that inserts and seeks of random keys stay cheap however full
  // the memtable is. Such a family cannot be iterated across prefixes.
  // 0: whole-key filters, one ordered memtable.
  size_t prefix_length = 0;
  // How values are kept.
  enum class Values {
    // Small values in Zstandard-compressed tables.
    kSmall,
    // Values of a kilobyte and more that come and go (the ingest outbox):
    // in LZ4 blob files, collected as they go, so that compaction moves
    // keys rather than whole documents.
    kTransient,
    // Values kept for good and read one at a time (stored documents): in
    // Zstandard tables of 16 KiB blocks with a dictionary trained per
    // file, where neighbouring documents share their compression.
    kArchive,
  };
  Values values = Values::kSmall;
  // For families written in sorted runs (a batch's posting lists): inserts
  // into the memtable start from where the last one of the same first
  // `sorted_insert_prefix` bytes went, instead of from the top of the skip
  // list. 0: off.
  size_t sorted_insert_prefix = 0;
  // Rewrites values and merge operands as flushes and compactions write
  // them (the query store drops deleted documents' postings with one);
  // files are then also compacted at least once a day, so that what the
  // filter drops goes from files nothing else would rewrite. Null: none.
  std::shared_ptr<rocksdb::CompactionFilterFactory> compaction_filter_factory;
};

// A family of small values with the given merge operator and key prefix
// (tests, and stores of few families).
ColumnFamilySpec FamilyNamed(std::string name,
                             std::shared_ptr<rocksdb::MergeOperator> merge_operator = nullptr,
                             size_t prefix_length = 0);

// RocksDB's built-in "uint64add" merge operator, for families of counters.
std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator();

// One row of a store's table of column families. A store declares its
// families in one constexpr array of these beside the enum that names them
// in code (services/query/store_layout.h, services/ingest/outbox.cc), row i
// for the enum's value i: the table gives Store::Open its specs and
// Store::cf its positions, and a static_assert(InEnumOrder(table)) keeps
// the two from drifting apart. The fields are ColumnFamilySpec's.
template <typename Family>
struct ColumnFamilyRow {
  Family family;
  const char* name;
  // Makes the merge operator; null for plain key-values.
  std::shared_ptr<rocksdb::MergeOperator> (*merge_operator)() = nullptr;
  size_t prefix_length = 0;
  ColumnFamilySpec::Values values = ColumnFamilySpec::Values::kSmall;
  size_t sorted_insert_prefix = 0;
};

// Whether row i of `rows` is the family of enum value i, for every i.
template <typename Family, size_t N>
constexpr bool InEnumOrder(const ColumnFamilyRow<Family> (&rows)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (static_cast<size_t>(rows[i].family) != i) return false;
  }
  return true;
}

// The specs of `rows`, in order, as Store::Open takes them.
template <typename Family, size_t N>
std::vector<ColumnFamilySpec> SpecsOf(const ColumnFamilyRow<Family> (&rows)[N]) {
  std::vector<ColumnFamilySpec> specs;
  specs.reserve(N);
  for (const ColumnFamilyRow<Family>& row : rows) {
    specs.push_back({row.name, row.merge_operator ? row.merge_operator() : nullptr,
                     row.prefix_length, row.values, row.sorted_insert_prefix,
                     /*compaction_filter_factory=*/nullptr});
  }
  return specs;
}

struct StoreOptions {
  // Directory of the database; created when missing.
  std::string path;
  // What RocksDB may hold in memory, all column families together: one
  // LRU cache of this capacity holds the data blocks read, the index and
  // filter blocks of every table file, and is charged for the memtables
  // (whose total is kept under half of it by flushing the largest).
  // Memory then stays bounded however large the store grows.
  // Default: 256 MiB.
  size_t memory_bytes = size_t{256} << 20;
  // Memtable size per column family before a flush (the budget above
  // flushes earlier when all of them together reach half of it). A
  // memtable's bloom filter and hash buckets are sized from it up front,
  // so it scales with the budget: 0 is a quarter of memory_bytes, at most
  // 64 MiB (smaller memtables cost CPU: at 32 MiB the query service spent
  // about 15 % more while indexing, tools/bench-ingest).
  // Default: 0 (64 MiB for the default budget).
  size_t write_buffer_bytes = 0;
  // Background flush and compaction threads.
  // Default: 2.
  int background_jobs = 2;
};

// What RocksDB reports of a store (Store::Stats), for metrics.
struct StoreStats {
  // Tickers since the store opened.
  uint64_t stall_micros = 0;
  uint64_t compaction_read_bytes = 0;
  uint64_t compaction_write_bytes = 0;
  uint64_t flush_write_bytes = 0;
  // rocksdb.actual-delayed-write-rate: bytes/s while writes are delayed, else 0.
  uint64_t delayed_write_rate = 0;
  bool write_stopped = false;
  // The memory budget (StoreOptions::memory_bytes) and what is charged to
  // it now: cached blocks, pinned index and filter blocks, memtables.
  uint64_t memory_budget_bytes = 0;
  uint64_t memory_used_bytes = 0;
  // Each listed column family ("default" included), in order.
  struct Family {
    std::string name;
    uint64_t sst_bytes = 0;
    uint64_t blob_bytes = 0;
    uint64_t memtable_bytes = 0;
    uint64_t pending_compaction_bytes = 0;
  };
  std::vector<Family> families;
};

class Store {
 public:
  // Opens (creating when missing) the database with exactly these column
  // families ("default" is implied and need not be listed). Column families
  // found on disk but not listed are opened too and left alone.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options,
                                                     const std::vector<ColumnFamilySpec>& specs);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  // Flushes the memtables, so that the next open replays no log and the
  // files on disk hold what the store holds. Durability does not rest on
  // it: everything acknowledged is already in the synced WAL.
  ~Store();

  rocksdb::DB* db() const { return db_.get(); }
  // The handle of a listed column family, by its position in `specs`.
  rocksdb::ColumnFamilyHandle* cf(size_t index) const { return handles_[index + 1]; }

  // Commits `batch` atomically; with `sync` the WAL is fsynced before this
  // returns (RocksDB's write group commit lets concurrent syncs share one).
  // After a write fails on I/O (a full disk), writes answer UNAVAILABLE
  // until the store recovers: at most once a second a write first asks
  // RocksDB to resume, which succeeds once there is room again. No write
  // reaches the failed log in between: RocksDB 7.8 aborts on an append to
  // a log that failed (an assertion in its WAL writer, fixed upstream in
  // facebook/rocksdb#12448).
  absl::Status Write(rocksdb::WriteBatch* batch, bool sync);

  // The value at `key`, NOT_FOUND when there is none.
  absl::StatusOr<std::string> Get(rocksdb::ColumnFamilyHandle* cf, absl::string_view key) const;

  // Writes every memtable to table files and waits for it: the next open
  // replays no log, and reads meet merged lists instead of a memtable's
  // run of operands.
  absl::Status Flush();

  // Compacts a whole column family, down to its last level: what deletes
  // left behind (tombstones, blob files of deleted values) goes.
  absl::Status Compact(rocksdb::ColumnFamilyHandle* cf);

  // Drops a column family found on disk that the specs did not list (what
  // an older layout left); OK when there is none of that name.
  absl::Status DropUnlisted(absl::string_view name);

  // RocksDB's statistics and properties now; reads no data.
  StoreStats Stats() const;

  // Bytes of the store's files: the SST and blob files of each listed
  // column family, in order ("default" first), and the live write-ahead
  // logs (what a store just written holds before its first flush).
  struct DiskUsage {
    std::vector<std::pair<std::string, uint64_t>> families;
    uint64_t log_bytes = 0;
    uint64_t total = 0;
  };
  DiskUsage Disk() const;

  std::unique_ptr<rocksdb::Iterator> NewIterator(
      rocksdb::ColumnFamilyHandle* cf, const rocksdb::ReadOptions& read_options = {}) const;

 private:
  Store() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::string path_;
  // Writes share the lock; recovery after a failed write holds it alone.
  absl::Mutex write_mu_;
  std::atomic<bool> failed_{false};
  absl::Time next_resume_ ABSL_GUARDED_BY(write_mu_);
  // [0] is "default", then the specs in order, then unlisted ones.
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  size_t listed_ = 0;
};

// `stats` as Prometheus families dossier_rocksdb_*, labelled store=`store`
// (and column_family= for sizes).
void WriteStoreMetrics(const StoreStats& stats, absl::string_view store, metrics::Exposition* out);

inline rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
inline absl::string_view ToView(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace dossier

#endif  // DOSSIER_COMMON_STORE_H_
