// Reads over the search index: full-text search, filtered listing, quotes,
// entity timelines and co-occurrence. Pure reads; thread-safe.
//
// Every read evaluates over the documents published when it starts (or,
// for a later page, when its first page started: the page token pins the
// document limit and the BM25 statistics), so pages neither shift nor
// repeat under concurrent indexing.
//
// Ready for shards: the order of hits (score, then day, then id) is the
// same in every shard; counts and facets add up across shards (but a
// search collapsed by story counts, and keeps a hit of, each story per
// shard: a coordinator keeps one hit per story_id); a page
// token holds one cursor per shard; and Statistics() gives what a
// coordinator merges for global BM25.
#ifndef DOSSIER_SERVICES_QUERY_SEARCHER_H_
#define DOSSIER_SERVICES_QUERY_SEARCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "common/store.h"
#include "dossier/v1/query_service.pb.h"
#include "services/query/doc_table.h"
#include "services/query/entity_index.h"
#include "services/query/iterators.h"
#include "services/query/query_parser.h"
#include "services/query/specs.h"

namespace dossier::query {

struct SearchOptions {
  // Every response stays under this many bytes, below the 4 MiB a default
  // gRPC client accepts: pages end early rather than overflow.
  // Default: 3 MiB.
  size_t response_bytes = size_t{3} << 20;
  // Most terms a prefix may expand to ("sanction*"); more is refused as
  // too broad.
  // Default: 1000.
  size_t max_prefix_terms = 1000;
  // Documents per day facet, most recent days kept.
  // Default: 5000.
  size_t max_date_buckets = 5000;
  // Most quotes a quote search reads to count its matches exactly.
  // Default: 100000.
  size_t max_quote_documents = 100000;
};

// A filter (FilterSpec) with its names resolved.
struct ResolvedFilter {
  // Days from 0001-01-01, inclusive.
  uint32_t from_day = 0;
  uint32_t to_day = UINT32_MAX;
  // Outlet ordinals (any); `outlets_set` when the filter named outlets.
  bool outlets_set = false;
  std::vector<uint32_t> outlets;
  // Every group must match; a group matches with any of its key ordinals
  // (the keys of the registry entities in entity_ids).
  std::vector<std::vector<uint32_t>> entity_groups;
  std::vector<std::vector<uint64_t>> entity_ids;
  std::vector<int> entity_types;
};

// Fills the headline and the day, which every view has, and drops what the
// view leaves out (BASIC: text, original text, annotations).
void ApplyView(v1::DocumentView view, v1::Document* document);

// Drops the document's links to near duplicates that were deleted since
// (a takedown is gone from every document that names it), by a point read
// of each linked id.
absl::Status DropLinksToDeleted(const Store& store, v1::Document* document);

// Keeps of a document only the top-level `fields` (names of Document's
// fields; name and id always), when there are any.
void KeepFields(const std::vector<std::string>& fields, v1::Document* document);

// Leaves out of a document whose page element would pass `bytes` its
// original text, then its annotations, then its text, until it fits,
// naming each in omitted_fields (a field alone larger than `bytes` is left
// out too).
void FitDocument(size_t bytes, v1::Document* document);

// What BM25 needs from a shard, merged by a coordinator for global scores.
struct CollectionStatistics {
  uint64_t documents = 0;
  uint64_t words = 0;
  // Document frequency per term, in the order asked.
  std::vector<uint64_t> document_frequencies;
};

class Searcher {
 public:
  // All must outlive it.
  Searcher(const Store* store, const DocTable* table, const Dictionaries* dictionaries,
           const EntityIndex* entities, SearchOptions options = {})
      : store_(store),
        table_(table),
        dictionaries_(dictionaries),
        entities_(entities),
        options_(options) {}

  // Each read takes its spec (specs.h: made and checked by requests.h) and
  // writes its response; NOT_FOUND when the entity it is about names none.
  absl::Status Search(const SearchDocumentsSpec& spec, v1::SearchDocumentsResponse* response) const;
  // Filtered listing, newest first.
  absl::Status List(const ListDocumentsSpec& spec, v1::ListDocumentsResponse* response) const;
  // The most bytes a response holds (SearchOptions::response_bytes).
  size_t response_bytes() const { return options_.response_bytes; }
  absl::Status SearchQuotes(const SearchQuotesSpec& spec, v1::SearchQuotesResponse* response) const;
  absl::Status GetEntity(const GetEntitySpec& spec, v1::GetEntityResponse* response) const;
  absl::Status SearchEntities(const SearchEntitiesSpec& spec,
                              v1::SearchEntitiesResponse* response) const;
  absl::Status Timeline(const EntityTimelineSpec& spec,
                        v1::GetEntityTimelineResponse* response) const;
  absl::Status Cooccurring(const CooccurringEntitiesSpec& spec,
                           v1::ListCooccurringEntitiesResponse* response) const;

  // Resolves a filter's outlets and entity names. Each entity reference's
  // matches go to `resolved`.
  absl::Status ResolveFilter(
      const FilterSpec& filter, ResolvedFilter* out,
      google::protobuf::RepeatedPtrField<v1::ResolvedEntity>* resolved) const;

  // The stories (StoryKey of their ids) of the stored documents that pass
  // `filter`, as a listing reads them; each entity reference's matches go
  // to `resolved`.
  absl::Status StoriesPassing(
      const FilterSpec& filter, absl::flat_hash_set<uint64_t>* stories,
      google::protobuf::RepeatedPtrField<v1::ResolvedEntity>* resolved) const;

  CollectionStatistics Statistics(const std::vector<std::string>& terms) const;

  // The stored documents that name any of `ordinals` (one entity's keys),
  // each once: the EntityIndex's DocumentScan.
  absl::StatusOr<EntityDocuments> DocumentsNaming(const std::vector<uint32_t>& ordinals) const;

 private:
  // `also_named`: as EntityIndex::Resolve's, without entities gone.
  absl::StatusOr<std::vector<uint64_t>> ResolveSubject(
      const EntityReferenceSpec& entity,
      google::protobuf::RepeatedPtrField<v1::EntitySummary>* summaries,
      std::vector<uint64_t>* also_named = nullptr) const;
  std::string OtherTypesNamed(const EntityReferenceSpec& entity) const;
  void DropGone(std::vector<uint64_t>* ids) const;

  const Store* const store_;
  const DocTable* const table_;
  const Dictionaries* const dictionaries_;
  const EntityIndex* const entities_;
  const SearchOptions options_;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_SEARCHER_H_
