#include "common/store.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "common/status.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/write_buffer_manager.h"

namespace dossier {

absl::Status FromRocksStatus(const rocksdb::Status& status, absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message =
      context.empty() ? status.ToString() : absl::StrCat(context, ": ", status.ToString());
  switch (status.code()) {
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(message);
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(message);
    case rocksdb::Status::kIOError:
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTimedOut:
    case rocksdb::Status::kTryAgain:
    case rocksdb::Status::kShutdownInProgress:
      return absl::UnavailableError(message);
    case rocksdb::Status::kInvalidArgument:
      return absl::InvalidArgumentError(message);
    case rocksdb::Status::kNotSupported:
      return absl::UnimplementedError(message);
    default:
      return absl::InternalError(message);
  }
}

ColumnFamilySpec FamilyNamed(std::string name,
                             std::shared_ptr<rocksdb::MergeOperator> merge_operator,
                             size_t prefix_length) {
  ColumnFamilySpec spec;
  spec.name = std::move(name);
  spec.merge_operator = std::move(merge_operator);
  spec.prefix_length = prefix_length;
  return spec;
}

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator() {
  std::shared_ptr<rocksdb::MergeOperator> add;
  // A built-in of every RocksDB build: cannot fail.
  rocksdb::MergeOperator::CreateFromString(rocksdb::ConfigOptions(), "uint64add", &add)
      .PermitUncheckedError();
  return add;
}

namespace {

rocksdb::ColumnFamilyOptions MakeCfOptions(const StoreOptions& options,
                                           const std::shared_ptr<rocksdb::Cache>& cache,
                                           const ColumnFamilySpec* spec) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = options.write_buffer_bytes > 0
                             ? options.write_buffer_bytes
                             : std::min(options.memory_bytes / 4, size_t{64} << 20);
  // Zstandard at its default level: on the query store's families it
  // takes about a tenth off the size of LZ4 for no measurable CPU
  // (Reuters-21578 through the suite), since keys and small values dominate.
  cf.compression = rocksdb::kZSTD;
  cf.bottommost_compression = rocksdb::kZSTD;
  cf.level_compaction_dynamic_level_bytes = true;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // Index and filter blocks live in the cache, so the memory of table
  // readers is bounded by it instead of growing with the files on disk;
  // level 0's stay pinned (every read consults them) and all of them are
  // evicted after the data blocks.
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.format_version = 5;
  // Most point reads ask for keys that are not there yet (is this id or
  // text known?): a bloom filter over the memtable answers them without
  // walking the skip list.
  cf.memtable_prefix_bloom_size_ratio = 0.05;
  cf.memtable_whole_key_filtering = true;
  if (spec != nullptr) {
    cf.merge_operator = spec->merge_operator;
    if (spec->compaction_filter_factory != nullptr) {
      cf.compaction_filter_factory = spec->compaction_filter_factory;
      cf.periodic_compaction_seconds = 24 * 60 * 60;
    }
    if (spec->sorted_insert_prefix > 0) {
      cf.memtable_insert_with_hint_prefix_extractor.reset(
          rocksdb::NewFixedPrefixTransform(spec->sorted_insert_prefix));
    }
    switch (spec->values) {
      case ColumnFamilySpec::Values::kSmall:
        break;
      case ColumnFamilySpec::Values::kTransient:
        cf.enable_blob_files = true;
        cf.min_blob_size = 1024;
        cf.blob_compression_type = rocksdb::kLZ4Compression;
        // Every compaction relocates or drops blobs of any age, and files
        // mostly garbage are compacted for it: the values are deleted soon
        // after they are written.
        cf.enable_blob_garbage_collection = true;
        cf.blob_garbage_collection_age_cutoff = 1.0;
        cf.blob_garbage_collection_force_threshold = 0.5;
        break;
      case ColumnFamilySpec::Values::kArchive:
        // Dictionary and level measured on Reuters-21578 bodies: 64 KiB
        // and 9 store documents in 86 % of the bytes of 16 KiB and 3, at
        // the same CPU (documents are compressed once or twice).
        cf.compression_opts.max_dict_bytes = 64 << 10;
        cf.compression_opts.zstd_max_train_bytes = 100 * cf.compression_opts.max_dict_bytes;
        cf.compression_opts.level = 9;
        cf.bottommost_compression_opts = cf.compression_opts;
        cf.bottommost_compression_opts.enabled = true;
        table.block_size = 16 << 10;
        break;
    }
    if (spec->prefix_length > 0) {
      cf.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(spec->prefix_length));
      table.whole_key_filtering = false;
      // Read only within one prefix: the memtable is a hash of skip lists,
      // one a prefix, so an insert or seek walks a short list. Tall lists:
      // a common prefix (a frequent entity) may gather thousands of keys.
      // A bucket for every 256 bytes the memtable may hold (262,144 for
      // 64 MiB, as many as it holds documents' keys at the least).
      cf.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(
          /*bucket_count=*/std::max<size_t>(cf.write_buffer_size / 256, 4096),
          /*skiplist_height=*/12, /*skiplist_branching_factor=*/4));
    }
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

// RocksDB's warnings and errors go to the service's own log (stderr), not
// to a LOG file in the data directory: on a full disk that file's writer
// fails, and RocksDB 7.8 aborts on the next line it logs there.
class StderrLogger : public rocksdb::Logger {
 public:
  explicit StderrLogger(std::string path)
      : rocksdb::Logger(rocksdb::WARN_LEVEL), path_(std::move(path)) {}

  void Logv(const char* format, va_list ap) override { Logv(rocksdb::WARN_LEVEL, format, ap); }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel()) return;
    char line[2048];
    std::vsnprintf(line, sizeof(line), format, ap);
    log::Write(level >= rocksdb::ERROR_LEVEL ? log::Level::kError : log::Level::kWarn,
               absl::StrCat("rocksdb: ", line), log::Fields().Str("store", path_));
  }

 private:
  const std::string path_;
};

// A directory with RocksDB's data files (tables, write-ahead logs) but no
// CURRENT lost the file that says which manifest holds them, or was copied
// in part. Opening it would create a new, empty database there, and the
// next open would delete the old tables as obsolete: it is refused before
// RocksDB writes anything. (A manifest alone is left by a creation cut
// short, before any data: that directory opens.)
absl::Status CheckNotOrphaned(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec)) {
    return absl::OkStatus();
  }
  // RocksDB's own names only: a number, then .sst, .log or .blob
  // ("000012.log"); the operator's "query.log" is none of its business.
  auto rocksdb_data = [](absl::string_view name) {
    const size_t dot = name.rfind('.');
    if (dot == absl::string_view::npos || dot == 0) return false;
    const absl::string_view suffix = name.substr(dot);
    if (suffix != ".sst" && suffix != ".log" && suffix != ".blob") return false;
    return std::all_of(name.begin(), name.begin() + dot,
                       [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
  };
  std::vector<std::string> found;
  std::filesystem::directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (rocksdb_data(name)) found.push_back(name);
  }
  if (found.empty()) return absl::OkStatus();
  std::sort(found.begin(), found.end());
  const bool more = found.size() > 3;
  if (more) found.resize(3);
  return absl::DataLossError(absl::StrCat(
      "the store ", path, " has data files (", absl::StrJoin(found, ", "), more ? ", ..." : "",
      ") but no CURRENT file: it lost its manifest or was copied in part. Refusing to "
      "start an empty store over it; restore the directory from a backup, or move it aside to "
      "start empty"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options,
                                                   const std::vector<ColumnFamilySpec>& specs) {
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) {
    return absl::UnavailableError(absl::StrCat("cannot create ", options.path, ": ", ec.message()));
  }
  DOSSIER_RETURN_IF_ERROR(CheckNotOrphaned(options.path));
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = options.background_jobs;
  // RocksDB's own log: warnings and errors, not its routine chatter.
  db_options.info_log_level = rocksdb::WARN_LEVEL;
  db_options.info_log = std::make_shared<StderrLogger>(options.path);
  // Tickers only (stall time, compaction bytes: Store::Stats): counters
  // without the timers and histograms whose clock reads cost on every
  // operation.
  db_options.statistics = rocksdb::CreateDBStatistics();
  db_options.statistics->set_stats_level(rocksdb::StatsLevel::kExceptHistogramOrTimers);
  db_options.max_total_wal_size = 256 << 20;
  // Durability does not rest on this: writes that must survive are synced.
  db_options.manual_wal_flush = false;
  // Prefix-hashed memtables take one writer at a time.
  db_options.allow_concurrent_memtable_write = false;

  rocksdb::LRUCacheOptions cache_options;
  cache_options.capacity = options.memory_bytes;
  // Room for the index and filter blocks ahead of data blocks.
  cache_options.high_pri_pool_ratio = 0.25;
  auto cache = rocksdb::NewLRUCache(cache_options);
  // Memtables of all families are charged to the same cache and flushed,
  // largest first, when together they pass half of the budget.
  db_options.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(
      options.memory_bytes / 2, cache, /*allow_stall=*/false);

  std::vector<std::string> existing;
  // Fails on a new database; then only the listed families exist.
  rocksdb::DB::ListColumnFamilies(db_options, options.path, &existing).PermitUncheckedError();

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName,
                           MakeCfOptions(options, cache, nullptr));
  for (const auto& spec : specs) {
    descriptors.emplace_back(spec.name, MakeCfOptions(options, cache, &spec));
  }
  for (const auto& name : existing) {
    const bool listed = name == rocksdb::kDefaultColumnFamilyName ||
                        std::any_of(specs.begin(), specs.end(),
                                    [&name](const ColumnFamilySpec& s) { return s.name == name; });
    if (!listed) {
      descriptors.emplace_back(name, MakeCfOptions(options, cache, nullptr));
    }
  }

  std::unique_ptr<Store> store(new Store());
  rocksdb::DB* db = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(db_options, options.path, descriptors, &store->handles_, &db);
  if (!s.ok()) return FromRocksStatus(s, absl::StrCat("open ", options.path));
  store->db_.reset(db);
  store->path_ = options.path;
  store->listed_ = specs.size() + 1;
  return store;
}

Store::~Store() {
  if (!db_) return;
  Flush().IgnoreError();
  for (auto* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

absl::Status Store::Flush() {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  return FromRocksStatus(db_->Flush(flush, handles_), "flush");
}

absl::Status Store::Compact(rocksdb::ColumnFamilyHandle* cf) {
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocksStatus(db_->CompactRange(options, cf, nullptr, nullptr), "compact");
}

absl::Status Store::DropUnlisted(absl::string_view name) {
  for (size_t i = listed_; i < handles_.size(); ++i) {
    if (handles_[i]->GetName() != name) continue;
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(db_->DropColumnFamily(handles_[i]), absl::StrCat("drop ", name)));
    db_->DestroyColumnFamilyHandle(handles_[i]).PermitUncheckedError();
    handles_.erase(handles_.begin() + static_cast<ptrdiff_t>(i));
    return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::Status Store::Write(rocksdb::WriteBatch* batch, bool sync) {
  if (failed_.load()) {
    absl::MutexLock lock(&write_mu_);
    if (failed_.load()) {
      if (absl::Now() < next_resume_) {
        return absl::UnavailableError(
            absl::StrCat("store ", path_, ": recovering from a failed write"));
      }
      const rocksdb::Status resumed = db_->Resume();
      if (!resumed.ok()) {
        next_resume_ = absl::Now() + absl::Seconds(1);
        return FromRocksStatus(resumed, "resume after a failed write");
      }
      failed_ = false;
      log::Warn("store recovered; writes go on", log::Fields().Str("store", path_));
    }
  }
  absl::ReaderMutexLock lock(&write_mu_);
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;
  const rocksdb::Status s = db_->Write(write_options, batch);
  if (s.IsIOError() && !failed_.exchange(true)) {
    // Said once per failure, not per refused write.
    log::Error("store write failed; writes wait until it recovers",
               log::Fields().Str("store", path_).Str("error", s.ToString()));
  }
  return FromRocksStatus(s, "write");
}

absl::StatusOr<std::string> Store::Get(rocksdb::ColumnFamilyHandle* cf,
                                       absl::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf, ToSlice(key), &value);
  if (!s.ok()) return FromRocksStatus(s);
  return value;
}

std::unique_ptr<rocksdb::Iterator> Store::NewIterator(
    rocksdb::ColumnFamilyHandle* cf, const rocksdb::ReadOptions& read_options) const {
  return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(read_options, cf));
}

}  // namespace dossier

namespace dossier {

StoreStats Store::Stats() const {
  StoreStats stats;
  const rocksdb::DBOptions options = db_->GetDBOptions();
  if (options.statistics != nullptr) {
    stats.stall_micros = options.statistics->getTickerCount(rocksdb::STALL_MICROS);
    stats.compaction_read_bytes = options.statistics->getTickerCount(rocksdb::COMPACT_READ_BYTES);
    stats.compaction_write_bytes = options.statistics->getTickerCount(rocksdb::COMPACT_WRITE_BYTES);
    stats.flush_write_bytes = options.statistics->getTickerCount(rocksdb::FLUSH_WRITE_BYTES);
  }
  uint64_t value = 0;
  if (db_->GetIntProperty(rocksdb::DB::Properties::kActualDelayedWriteRate, &value)) {
    stats.delayed_write_rate = value;
  }
  if (db_->GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &value)) {
    stats.write_stopped = value != 0;
  }
  if (db_->GetIntProperty(rocksdb::DB::Properties::kBlockCacheCapacity, &value)) {
    stats.memory_budget_bytes = value;
  }
  if (db_->GetIntProperty(rocksdb::DB::Properties::kBlockCacheUsage, &value)) {
    stats.memory_used_bytes = value;
  }
  for (size_t i = 0; i < listed_ && i < handles_.size(); ++i) {
    rocksdb::ColumnFamilyHandle* cf = handles_[i];
    StoreStats::Family family;
    family.name = cf->GetName();
    db_->GetIntProperty(cf, rocksdb::DB::Properties::kTotalSstFilesSize, &family.sst_bytes);
    db_->GetIntProperty(cf, rocksdb::DB::Properties::kTotalBlobFileSize, &family.blob_bytes);
    db_->GetIntProperty(cf, rocksdb::DB::Properties::kCurSizeAllMemTables, &family.memtable_bytes);
    db_->GetIntProperty(cf, rocksdb::DB::Properties::kEstimatePendingCompactionBytes,
                        &family.pending_compaction_bytes);
    stats.families.push_back(std::move(family));
  }
  return stats;
}

Store::DiskUsage Store::Disk() const {
  DiskUsage usage;
  for (size_t i = 0; i < listed_ && i < handles_.size(); ++i) {
    uint64_t sst = 0, blob = 0;
    db_->GetIntProperty(handles_[i], rocksdb::DB::Properties::kTotalSstFilesSize, &sst);
    db_->GetIntProperty(handles_[i], rocksdb::DB::Properties::kTotalBlobFileSize, &blob);
    usage.families.emplace_back(handles_[i]->GetName(), sst + blob);
    usage.total += sst + blob;
  }
  rocksdb::VectorLogPtr logs;
  if (db_->GetSortedWalFiles(logs).ok()) {
    for (const auto& log : logs) {
      if (log->Type() == rocksdb::kAliveLogFile) usage.log_bytes += log->SizeFileBytes();
    }
  }
  usage.total += usage.log_bytes;
  return usage;
}

void WriteStoreMetrics(const StoreStats& stats, absl::string_view store, metrics::Exposition* out) {
  const metrics::Labels labels = {{"store", std::string(store)}};
  out->Family("dossier_rocksdb_stall_seconds_total", "counter",
              "Time writes were delayed or stopped by RocksDB (write stalls).");
  out->Sample("dossier_rocksdb_stall_seconds_total", labels, stats.stall_micros / 1e6);
  out->Family("dossier_rocksdb_compaction_read_bytes_total", "counter",
              "Bytes read by RocksDB compactions.");
  out->Sample("dossier_rocksdb_compaction_read_bytes_total", labels,
              static_cast<double>(stats.compaction_read_bytes));
  out->Family("dossier_rocksdb_compaction_write_bytes_total", "counter",
              "Bytes written by RocksDB compactions.");
  out->Sample("dossier_rocksdb_compaction_write_bytes_total", labels,
              static_cast<double>(stats.compaction_write_bytes));
  out->Family("dossier_rocksdb_flush_write_bytes_total", "counter",
              "Bytes written by RocksDB memtable flushes.");
  out->Sample("dossier_rocksdb_flush_write_bytes_total", labels,
              static_cast<double>(stats.flush_write_bytes));
  out->Family("dossier_rocksdb_delayed_write_rate_bytes", "gauge",
              "The rate RocksDB delays writes to while stalling, in bytes/s (0: not delayed).");
  out->Sample("dossier_rocksdb_delayed_write_rate_bytes", labels,
              static_cast<double>(stats.delayed_write_rate));
  out->Family("dossier_rocksdb_write_stopped", "gauge", "1 while RocksDB stops writes.");
  out->Sample("dossier_rocksdb_write_stopped", labels, stats.write_stopped ? 1 : 0);
  out->Family("dossier_rocksdb_memory_budget_bytes", "gauge",
              "What the store may hold in memory (--store_memory_mb).");
  out->Sample("dossier_rocksdb_memory_budget_bytes", labels,
              static_cast<double>(stats.memory_budget_bytes));
  out->Family("dossier_rocksdb_memory_used_bytes", "gauge",
              "What is charged to the budget now: cached blocks, index and filter blocks, "
              "memtables.");
  out->Sample("dossier_rocksdb_memory_used_bytes", labels,
              static_cast<double>(stats.memory_used_bytes));
  const struct {
    const char* name;
    const char* help;
    uint64_t StoreStats::Family::*field;
  } kPerFamily[] = {
      {"dossier_rocksdb_sst_bytes", "Size of the SST files of a column family.",
       &StoreStats::Family::sst_bytes},
      {"dossier_rocksdb_blob_bytes", "Size of the blob files of a column family.",
       &StoreStats::Family::blob_bytes},
      {"dossier_rocksdb_memtable_bytes", "Size of the memtables of a column family.",
       &StoreStats::Family::memtable_bytes},
      {"dossier_rocksdb_pending_compaction_bytes",
       "Bytes RocksDB estimates compaction has to rewrite in a column family.",
       &StoreStats::Family::pending_compaction_bytes},
  };
  for (const auto& metric : kPerFamily) {
    out->Family(metric.name, "gauge", metric.help);
    for (const StoreStats::Family& family : stats.families) {
      out->Sample(metric.name, {{"store", std::string(store)}, {"column_family", family.name}},
                  static_cast<double>(family.*metric.field));
    }
  }
}

}  // namespace dossier
