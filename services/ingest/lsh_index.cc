#include "services/ingest/lsh_index.h"

#include <algorithm>

namespace dossier::ingest {

uint64_t LshIndex::Bucket(const Signature& signature, int band) {
  return BandHash(signature, band);
}

void LshIndex::Add(const std::string& id, const Signature& signature, absl::Time accepted) {
  Entry entry{id, signature, accepted, {}};
  const uint64_t ordinal = first_ordinal_ + entries_.size();
  for (int band = 0; band < kBands; ++band) {
    entry.buckets[band] = Bucket(signature, band);
    buckets_[entry.buckets[band]].push_back(ordinal);
  }
  entries_.push_back(std::move(entry));
  Expire(accepted);
}

void LshIndex::Expire(absl::Time newest) {
  while (!entries_.empty() && newest - entries_.front().accepted > window_) {
    const Entry& old = entries_.front();
    for (uint64_t bucket : old.buckets) {
      auto it = buckets_.find(bucket);
      if (it == buckets_.end()) continue;
      // Ordinals are appended in order, so the oldest is first.
      auto& list = it->second;
      list.erase(std::remove(list.begin(), list.end(), first_ordinal_), list.end());
      if (list.empty()) buckets_.erase(it);
    }
    entries_.pop_front();
    ++first_ordinal_;
  }
}

std::vector<std::pair<std::string, const Signature*>> LshIndex::Candidates(
    const Signature& signature) const {
  std::vector<uint64_t> ordinals;
  for (int band = 0; band < kBands; ++band) {
    auto it = buckets_.find(Bucket(signature, band));
    if (it != buckets_.end()) ordinals.insert(ordinals.end(), it->second.begin(), it->second.end());
  }
  std::sort(ordinals.begin(), ordinals.end());
  ordinals.erase(std::unique(ordinals.begin(), ordinals.end()), ordinals.end());
  std::vector<std::pair<std::string, const Signature*>> out;
  for (uint64_t ordinal : ordinals) {
    const Entry& e = entries_[ordinal - first_ordinal_];
    out.emplace_back(e.id, &e.signature);
  }
  return out;
}

}  // namespace dossier::ingest
