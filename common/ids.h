// Document identity. An id is 32 lower-case hex digits, a 128-bit XXH3 hash
// of "key:" + the client key, or of "text:" + the normalised text when there
// is none. Because it is a hash, ids spread evenly over shards, and the same
// article always gets the same id on every replica without coordination.
#ifndef DOSSIER_COMMON_IDS_H_
#define DOSSIER_COMMON_IDS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace dossier {

// 32 hex digits of the 128-bit XXH3 hash of `data`.
std::string Hash128Hex(absl::string_view data);
// The 64-bit XXH3 hash of `data` (stable across processes and machines).
uint64_t Hash64(absl::string_view data);
// Hash64 of `prefix` followed by `message` serialised deterministically (map
// entries in key order): the same message, the same hash, in any process.
uint64_t MessageHash64(absl::string_view prefix, const google::protobuf::Message& message);

std::string DocumentIdForClientKey(absl::string_view client_key);
std::string DocumentIdForText(absl::string_view normalised_text);

// "documents/{id}".
std::string DocumentName(absl::string_view id);

// Accepts "{collection}/{id}" or a bare id; INVALID_ARGUMENT naming `field`
// unless the id is 32 hex digits. Returns the id in lower case.
absl::StatusOr<std::string> ParseResourceName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field = "name");

// ParseResourceName for "documents/{id}".
inline absl::StatusOr<std::string> ParseDocumentName(absl::string_view name,
                                                     absl::string_view field = "name") {
  return ParseResourceName(name, "documents", field);
}

// The 16 bytes an id stands for (store keys use these), and back. `id` must
// be valid (from ParseDocumentName or DocumentIdFor*).
std::string IdToKey(absl::string_view id);
std::string KeyToId(absl::string_view key);

// The shard in [0, shards) that owns a document: a function of the id alone,
// so routing needs no lookup.
int ShardOf(absl::string_view id, int shards);

}  // namespace dossier

#endif  // DOSSIER_COMMON_IDS_H_
