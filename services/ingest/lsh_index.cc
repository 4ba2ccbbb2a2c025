#include "services/ingest/lsh_index.h"

#include <algorithm>
#include <limits>

namespace dossier::ingest {

LshIndex::LshIndex(absl::Duration window, size_t max_documents)
    : window_(window), max_documents_(std::max<size_t>(max_documents, 1)) {}

void LshIndex::Add(const std::string& id, const Signature& signature, absl::Time accepted) {
  Entry entry{id, signature, accepted, false, {}};
  const uint64_t ordinal = first_ordinal_ + entries_.size();
  for (int band = 0; band < kBands; ++band) {
    auto [it, inserted] = newest_.try_emplace(BandHash(signature, band), ordinal);
    if (!inserted) {
      const uint64_t back = ordinal - it->second;
      // Two bands of one document in one bucket (a hash collision) would
      // link the document to itself; a link too long to store is dropped.
      // Either way the chain ends there: a candidate may be missed, never
      // a wrong one given.
      entry.older[band] = back > 0 && back <= std::numeric_limits<uint32_t>::max()
                              ? static_cast<uint32_t>(back)
                              : 0;
      it->second = ordinal;
    }
  }
  entries_.push_back(std::move(entry));
  Expire(accepted);
}

void LshIndex::Expire(absl::Time newest) {
  while (!entries_.empty() &&
         (entries_.size() > max_documents_ || newest - entries_.front().accepted > window_)) {
    const Entry& old = entries_.front();
    for (int band = 0; band < kBands; ++band) {
      // The bucket goes when this was its newest (then its only) document;
      // otherwise the chain just ends before it.
      auto it = newest_.find(BandHash(old.signature, band));
      if (it != newest_.end() && it->second == first_ordinal_) newest_.erase(it);
    }
    entries_.pop_front();
    ++first_ordinal_;
  }
}

std::vector<std::pair<std::string, const Signature*>> LshIndex::Candidates(
    const Signature& signature) const {
  std::vector<uint64_t> ordinals;
  for (int band = 0; band < kBands; ++band) {
    auto it = newest_.find(BandHash(signature, band));
    if (it == newest_.end()) continue;
    for (uint64_t ordinal = it->second; ordinal >= first_ordinal_;) {
      ordinals.push_back(ordinal);
      const uint32_t back = entries_[ordinal - first_ordinal_].older[band];
      if (back == 0 || back > ordinal) break;
      ordinal -= back;
    }
  }
  std::sort(ordinals.begin(), ordinals.end());
  ordinals.erase(std::unique(ordinals.begin(), ordinals.end()), ordinals.end());
  std::vector<std::pair<std::string, const Signature*>> out;
  for (uint64_t ordinal : ordinals) {
    const Entry& e = entries_[ordinal - first_ordinal_];
    if (!e.removed) out.emplace_back(e.id, &e.signature);
  }
  return out;
}

bool LshIndex::Remove(absl::string_view id) {
  bool found = false;
  // It stays a link of its buckets' chains, which lead on past it.
  for (Entry& e : entries_) {
    if (e.id == id && !e.removed) {
      e.removed = true;
      found = true;
    }
  }
  return found;
}

size_t LshIndex::bytes() const {
  size_t total = entries_.size() * sizeof(Entry);
  for (const Entry& e : entries_) {
    if (e.id.capacity() > 15) total += e.id.capacity() + 1;
  }
  // A slot and a control byte per bucket of the table's capacity.
  total += newest_.capacity() * (sizeof(std::pair<uint64_t, uint64_t>) + 1);
  return total;
}

}  // namespace dossier::ingest
