// The query store's column families and key layout: the one place that says
// what is where. One RocksDB per query instance (per shard); nothing in a key
// names the shard, so re-sharding moves keys without rewriting them.
//
// Integers in keys are big-endian so that RocksDB's bytewise order is numeric
// order. A document id in a key is its 16 raw bytes (common/ids.h IdToKey).
//
//   documents   id(16)                         -> v1::Document, serialized
//               The full document: text, metadata, annotations.
//   by_date     ~day(4) id(16)                 -> ""
//               Listing order: newest first. `day` counts days from
//               0001-01-01 of the publish date (the accept date when there is
//               none); stored inverted (0xFFFFFFFF - day).
//   counters    name                           -> uint64, little-endian
//               Merged with RocksDB's built-in "uint64add" operator.
//               "documents": how many documents are stored.
//   doc_features  id(16)                       -> story id(16) day(4)
//               u32 n, n bytes of the TF-IDF vector, then the entity
//               vector (terms.h EncodeVector): what story matching
//               compares.
//   story_candidates  key(8) day(4) id(16)     -> ""
//               The salient entities (hash of "type:key", low bit 1) and
//               heaviest terms (term hash, low bit 0) of each document by
//               its day: where matching looks for earlier documents about
//               the same thing.
//   stories     story id(16)                   -> v1::Story
//   story_members  story id(16) ~day(4) id(16) -> ""
//               A story's documents, newest first.
//   stories_by_date  ~last day(4) story id(16) -> ""
//               Stories, most recently dated first.
//
// A document and all of its entries are written in one WriteBatch, synced,
// so a crash leaves either all of them or none.
#ifndef DOSSIER_SERVICES_QUERY_STORE_LAYOUT_H_
#define DOSSIER_SERVICES_QUERY_STORE_LAYOUT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/keys.h"

namespace dossier::query {

enum ColumnFamily : size_t {
  kDocuments = 0,
  kByDate = 1,
  kCounters = 2,
  kDocFeatures = 3,
  kStoryCandidates = 4,
  kStories = 5,
  kStoryMembers = 6,
  kStoriesByDate = 7,
};

// Day numbers in keys: days from 0001-01-01.
inline constexpr size_t kDayBytes = 4;

inline constexpr absl::string_view kDocumentsCounter = "documents";


// uint64add operands: 8 bytes little-endian.
inline std::string EncodeCounter(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  return out;
}

inline uint64_t DecodeCounter(absl::string_view in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0 && static_cast<size_t>(i) < in.size(); --i) {
    v = (v << 8) | static_cast<uint8_t>(in[i]);
  }
  return v;
}

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_STORE_LAYOUT_H_
