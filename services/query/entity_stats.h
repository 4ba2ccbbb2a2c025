// Entity statistics as the store keeps them (store::v1::EntityStats), and
// the merge operator that adds an index batch's counts to them without a
// read: counts add, first and last days widen, spellings merge.
#ifndef DOSSIER_SERVICES_QUERY_ENTITY_STATS_H_
#define DOSSIER_SERVICES_QUERY_ENTITY_STATS_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "dossier/store/v1/store.pb.h"
#include "rocksdb/merge_operator.h"

namespace dossier::query {

// Spellings kept per entity, most frequent first.
inline constexpr int kMaxEntityForms = 32;
inline constexpr int kMaxEntityNames = 8;
inline constexpr int kMaxEntityRoles = 16;

// Adds `delta` to `stats` (type and key are taken from `delta` when
// `stats` has none).
void MergeEntityStats(const store::v1::EntityStats& delta, store::v1::EntityStats* stats);

// A role's title as titles are compared: lower case, on one line
// ("Shadow\nChancellor" and "shadow chancellor" are one title).
std::string FoldedTitle(absl::string_view title);

// Adds role `from`'s documents and days to `into`, as MergeEntityStats
// does for two counts of one title (a profile joins titles written two
// ways with it).
void MergeRole(const store::v1::EntityRole& from, store::v1::EntityRole* into);

// Sorts forms and names, most frequent first (ties: shorter, then
// alphabetical), and cuts them to their limits.
void NormalizeEntityStats(store::v1::EntityStats* stats);

// The RocksDB merge operator of the entity_stats family. Its name is
// stored with the database, so it never changes.
std::shared_ptr<rocksdb::MergeOperator> NewEntityStatsMergeOperator();

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_ENTITY_STATS_H_
