// Entities across documents, as the registry (registry.h) defines them: how
// a reference in a request (an id, any spelling, the last words of a name,
// a curated alias) becomes registry entities, which identity keys (key
// ordinals, what posting lists are kept by) each holds, and what the store
// knows of each (summaries, profiles, autocomplete), summed over its keys.
#ifndef DOSSIER_SERVICES_QUERY_ENTITY_INDEX_H_
#define DOSSIER_SERVICES_QUERY_ENTITY_INDEX_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/store.h"
#include "dossier/v1/annotations.pb.h"
#include "dossier/v1/entity.pb.h"
#include "dossier/v1/story.pb.h"
#include "services/query/doc_table.h"
#include "services/query/registry.h"

namespace dossier::query {

// Most entities one reference may stand for.
inline constexpr size_t kMaxResolvedEntities = 256;

// The stored documents that name any of an entity's keys, each once: how
// many, and their first and last days (days + 1, as EntityStats keeps
// them).
struct EntityDocuments {
  int64_t documents = 0;
  DaySpan<uint32_t> days;
};
// What Searcher::DocumentsNaming reads from the posting lists of keys
// (ordinals).
using DocumentScan =
    std::function<absl::StatusOr<EntityDocuments>(const std::vector<uint32_t>& ordinals)>;

// "1 document", "12 documents": an entity's documents as messages count
// them.
std::string DocumentCountText(int64_t documents);

class EntityIndex {
 public:
  // All must outlive it. Without `scan_documents`, an entity's documents
  // are the sum of its keys' (a document naming two keys counts twice), and
  // a profile's days are never marked undated.
  EntityIndex(const Store* store, const Dictionaries* dictionaries, const Registry* registry,
              DocumentScan scan_documents = nullptr)
      : store_(store),
        dictionaries_(dictionaries),
        registry_(registry),
        scan_documents_(std::move(scan_documents)) {}

  // The registry entities `reference` names: an id ("ent_..." or
  // "entities/ent_...", merged ids included); else every entity with a
  // curated alias or a spelling a document used that folds the same (case,
  // accents, hyphens ignored), most documents first; then every person
  // whose name ends with those words ("Lavrov", "Vucic"), most documents
  // first, unless the first tier settles who is meant (entity_index.cc
  // says when). `type` 0 for any type. Empty when nothing matches.
  // `whole_count`, when given, is set to how many of the first ids the
  // reference names by an alias or a whole spelling (an id counts as one).
  // `also_named`, when given, gets the people whose names end with the
  // reference that the first tier left out because it settled who is
  // meant ("Campbell", joined to Sol Campbell: Alastair and Menzies
  // Campbell), most documents first: what else a reader may have meant,
  // never part of a filter.
  absl::StatusOr<std::vector<uint64_t>> Resolve(absl::string_view reference, int type,
                                                size_t* whole_count = nullptr,
                                                std::vector<uint64_t>* also_named = nullptr) const;

  // The identity keys of entities (what their posting lists are kept by).
  std::vector<uint32_t> Ordinals(const std::vector<uint64_t>& ids) const;

  // Entities whose name, or a word of it onwards, starts with `prefix`
  // (folded), most documents first.
  absl::StatusOr<std::vector<uint64_t>> Complete(absl::string_view prefix,
                                                 const std::vector<int>& types, size_t limit) const;

  absl::StatusOr<std::vector<v1::EntitySummary>> Summaries(const std::vector<uint64_t>& ids) const;
  absl::StatusOr<v1::EntityProfile> Profile(uint64_t id) const;

  // The entities of key ordinals, distinct, in order; and every key's
  // entity at once (index = ordinal).
  std::vector<uint64_t> IdsOf(absl::Span<const uint32_t> ordinals) const {
    return registry_->Ids(ordinals);
  }
  std::vector<uint64_t> Snapshot() const { return registry_->Snapshot(); }

  // Sets every entity's entity_id to its registry entity now (ids stored
  // with a document would be stale after a merge), and the type curation
  // gave that entity, if any, to it and its mentions. Rows that are then
  // one registry entity of one type become one row (its mentions, quotes
  // and roles renumbered): "Tories" and "Conservative Party" once merged,
  // or a name read as two types one of which curation retyped.
  void FillIds(v1::Annotations* annotations) const;
  // The same for a story's entities, where rows whose keys are one entity
  // now become one (StoryEntity.entity_id); the first `max_rows` rows so
  // made are kept (the stored rows are most named first).
  void FillIds(v1::Story* story, int max_rows) const;

  // The type of an entity (0 when unknown) and the documents naming it.
  int Type(uint64_t id) const;
  int64_t Documents(uint64_t id) const;
  // Of key `ordinals`, those some document (not deleted) names.
  std::vector<uint32_t> DocumentsName(std::vector<uint32_t> ordinals) const;
  // Whether documents gave `reference` as a name and all of them were
  // deleted (Resolve then finds nothing by it).
  bool OnlyDeletedDocumentsName(absl::string_view reference) const;
  // Whether an entity that only documents made (not imported, named, given
  // aliases or external ids) has no document left: it went with them.
  bool Gone(uint64_t id) const;
  static bool OnlyDocumentsMade(const store::v1::RegistryEntity& record);

 private:
  // Resolve for a reference as written (`folded` is its FoldName).
  // The one of the people `name` may mean whom documents most often give
  // a role of the office `head` heads (a role with a word of it:
  // text::OfficeTitleHead), the others going to `also_named`; all the name
  // names when no one holds it.
  absl::StatusOr<std::vector<uint64_t>> ResolveHolder(absl::string_view name,
                                                      absl::string_view head, size_t* whole_count,
                                                      std::vector<uint64_t>* also_named) const;
  absl::StatusOr<std::vector<uint64_t>> ResolveWhole(absl::string_view reference,
                                                     const std::string& folded, int type,
                                                     size_t* whole_count,
                                                     std::vector<uint64_t>* also_named) const;
  // The statistics of every key of `ids`, by key ordinal.
  absl::StatusOr<absl::flat_hash_map<uint32_t, store::v1::EntityStats>> Stats(
      const std::vector<uint32_t>& ordinals) const;

  const Store* const store_;
  const Dictionaries* const dictionaries_;
  // Sets an entity's (summary's or profile's) document count by
  // scan_documents_ when it has several keys.
  template <typename Message>
  absl::Status CountDocumentsOnce(const std::vector<uint32_t>& ordinals, Message* entity) const;

  const Registry* const registry_;
  const DocumentScan scan_documents_;
};

// The id string of a registry id ("ent_" and 16 hex digits).
inline std::string RegistryIdString(uint64_t id) { return EntityIdString(id); }

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_ENTITY_INDEX_H_
