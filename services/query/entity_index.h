// Entities across documents: how a reference in a request (an id, any
// spelling, the last words of a name) becomes entity ordinals, and what the
// store knows of each (summaries, profiles, autocomplete). Entities are
// the tagger's identity keys (type + key) until the registry gives them
// ids of their own: then a reference resolves to the ordinals of the
// registry entity's keys, and nothing else here changes.
#ifndef DOSSIER_SERVICES_QUERY_ENTITY_INDEX_H_
#define DOSSIER_SERVICES_QUERY_ENTITY_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/store.h"
#include "dossier/v1/entity.pb.h"
#include "services/query/doc_table.h"

namespace dossier::query {

// Most entities one reference may stand for.
inline constexpr size_t kMaxResolvedEntities = 256;

class EntityIndex {
 public:
  // Both must outlive it.
  EntityIndex(const Store* store, const Dictionaries* dictionaries)
      : store_(store), dictionaries_(dictionaries) {}

  // The entities `reference` names: an id ("ent_..." or
  // "entities/ent_..."); else every entity a document spelled that way
  // (case, accents, hyphens ignored), most documents first, then every
  // entity whose name ends with those words ("Lavrov", "Vucic"), most
  // documents first. `type` 0 for any type. Empty when nothing matches.
  absl::StatusOr<std::vector<uint32_t>> Resolve(absl::string_view reference, int type) const;

  // Entities whose name, or a word of it onwards, starts with `prefix`
  // (folded), most documents first.
  absl::StatusOr<std::vector<uint32_t>> Complete(absl::string_view prefix,
                                                 const std::vector<int>& types,
                                                 size_t limit) const;

  absl::StatusOr<std::vector<v1::EntitySummary>> Summaries(
      const std::vector<uint32_t>& ordinals) const;
  absl::StatusOr<v1::EntityProfile> Profile(uint32_t ordinal) const;

 private:
  const Store* const store_;
  const Dictionaries* const dictionaries_;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_ENTITY_INDEX_H_
