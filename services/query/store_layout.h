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
//   story_candidates  day(4) entity(8) id(16)  -> ""
//               The salient entities of each document by its day (entity:
//               64-bit hash of "type:key"): where matching looks for
//               earlier documents about the same thing.
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

// Appends `v` big-endian.
inline void AppendBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

inline uint32_t ReadBigEndian32(absl::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

inline void AppendBigEndian64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

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
