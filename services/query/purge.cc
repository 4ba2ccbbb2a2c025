#include "services/query/purge.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "services/query/postings.h"

namespace dossier::query {

void PurgeTarget::Attach(const DocTable* table) {
  absl::MutexLock lock(&mu_);
  table_ = table;
}

void PurgeTarget::Detach() {
  absl::MutexLock lock(&mu_);
  table_ = nullptr;
}

namespace {

// The documents deleted when a compaction starts, in order (the ones
// deleted during it wait for the next).
class DeletedDocs : public PostingDrop {
 public:
  explicit DeletedDocs(std::vector<uint32_t> docs) : docs_(std::move(docs)) {}

  bool empty() const { return docs_.empty(); }
  bool AnyIn(uint32_t first, uint32_t last) const override {
    auto it = std::lower_bound(docs_.begin(), docs_.end(), first);
    return it != docs_.end() && *it <= last;
  }
  bool Drops(uint32_t doc) const override {
    return std::binary_search(docs_.begin(), docs_.end(), doc);
  }

 private:
  const std::vector<uint32_t> docs_;
};

class PurgeDeletedFilter : public rocksdb::CompactionFilter {
 public:
  PurgeDeletedFilter(DeletedDocs deleted, std::shared_ptr<PurgeTarget> target)
      : deleted_(std::move(deleted)), target_(std::move(target)) {}

  Decision FilterV2(int /*level*/, const rocksdb::Slice& /*key*/, ValueType value_type,
                    const rocksdb::Slice& existing_value, std::string* new_value,
                    std::string* /*skip_until*/) const override {
    if (deleted_.empty()) return Decision::kKeep;
    if (value_type != ValueType::kValue && value_type != ValueType::kMergeOperand) {
      return Decision::kKeep;
    }
    uint64_t dropped = 0;
    // A list that does not decode is kept, for its reader to report.
    if (!DropPostings(absl::string_view(existing_value.data(), existing_value.size()), deleted_,
                      new_value, &dropped) ||
        dropped == 0) {
      return Decision::kKeep;
    }
    target_->CountDropped(dropped);
    return new_value->empty() ? Decision::kRemove : Decision::kChangeValue;
  }

  const char* Name() const override { return "dossier.PurgeDeleted"; }

 private:
  const DeletedDocs deleted_;
  const std::shared_ptr<PurgeTarget> target_;
};

class PurgeDeletedFactory : public rocksdb::CompactionFilterFactory {
 public:
  explicit PurgeDeletedFactory(std::shared_ptr<PurgeTarget> target) : target_(std::move(target)) {}

  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context& /*context*/) override {
    return std::make_unique<PurgeDeletedFilter>(DeletedDocs(target_->Deleted()), target_);
  }
  // Flushes too: a document deleted while its postings are still in a
  // memtable loses them on the way to disk.
  bool ShouldFilterTableFileCreation(rocksdb::TableFileCreationReason /*reason*/) const override {
    return true;
  }
  const char* Name() const override { return "dossier.PurgeDeletedFactory"; }

 private:
  const std::shared_ptr<PurgeTarget> target_;
};

}  // namespace

std::vector<uint32_t> PurgeTarget::Deleted() const {
  absl::MutexLock lock(&mu_);
  std::vector<uint32_t> docs;
  if (table_ == nullptr) return docs;
  const uint32_t count = table_->deleted_count();
  const absl::Time since = absl::Now() - kGrace;
  absl::erase_if(recent_, [&](const auto& entry) { return entry.second < since; });
  // Rows past the published ones (committed, not yet published) cannot
  // have been deleted.
  const uint32_t size = table_->size();
  size_t seen = 0;
  for (uint32_t doc = 0; doc < size && seen < count; ++doc) {
    if (!table_->deleted(doc)) continue;
    ++seen;
    if (!recent_.contains(doc)) docs.push_back(doc);
  }
  return docs;
}

void PurgeTarget::Replaced(uint32_t doc, absl::Time now) {
  absl::MutexLock lock(&mu_);
  recent_[doc] = now;
}

std::shared_ptr<rocksdb::CompactionFilterFactory> NewPurgeDeletedFactory(
    std::shared_ptr<PurgeTarget> target) {
  return std::make_shared<PurgeDeletedFactory>(std::move(target));
}

}  // namespace dossier::query
