// What the query core is asked: one spec per method of QueryService and
// RegistryService that takes more than an id. The boundary (requests.h)
// makes each from its wire request and has made every check of the
// request's shape, so a spec holds only values the core accepts:
//
// - A string that must name something (an entity reference, an alias, a
//   completion prefix) folds to something (text/fold.h) and is within its
//   byte cap; lists are within their caps.
// - Dates are days from 0001-01-01 (common/time_util.h DayNumber), a
//   partial date ("2022-08") already widened to the first or last day it
//   covers.
// - Queries are parsed (query_parser.h).
// - Page sizes are decided: the method's default for 0, capped at its
//   most (each spec's kPageSize and kMaxPageSize). Where the store's
//   options give the default or the cap (DocumentStoreOptions: GetStory,
//   ListStories), the spec says so and the store applies them.
// - Page tokens are read (paging.h): a cursor, key or position, and a
//   cursor is bound to its request (the fingerprint the next token
//   carries). Whether a cursor's documents are in the store is the
//   store's to check.
// - Enums keep the API's generated types (plain C++ enums, which the
//   responses the core writes use too): always a value the API has, with
//   *_UNSPECIFIED replaced by the default the API documents, except for an
//   entity type, where UNSPECIFIED means any type, and a search's order,
//   none when the request gives none: that default depends on the query,
//   and SearchOrderOf says it for every spec, made here or by hand.
//
// A spec's defaults are the API's defaults, so a test can set only what it
// means. The core keeps the checks that need its data: a reference that
// names no entity (NOT_FOUND) or several where one is needed
// (AMBIGUOUS_ENTITY), a cursor beyond the documents stored, a prefix that
// expands too far.
#ifndef DOSSIER_SERVICES_QUERY_SPECS_H_
#define DOSSIER_SERVICES_QUERY_SPECS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dossier/v1/annotations.pb.h"
#include "dossier/v1/document.pb.h"
// For the enums of its methods (SearchOrder, SearchView, ...) only.
#include "dossier/v1/query_service.pb.h"
#include "dossier/v1/search.pb.h"
#include "services/query/paging.h"
#include "services/query/query_parser.h"

namespace dossier::query {

// A DocumentFilter: every condition given must hold.
struct FilterSpec {
  static constexpr int kMaxOutlets = 32;
  static constexpr int kMaxEntities = 16;

  // Days, inclusive; none when the filter gives no such date. from_day is
  // not after to_day.
  std::optional<uint32_t> from_day;
  std::optional<uint32_t> to_day;
  // Outlet names as written; any of them matches. Empty: any outlet. At
  // most kMaxOutlets.
  std::vector<std::string> outlets;
  // Entity references (ids or names); each must match. At most
  // kMaxEntities.
  std::vector<std::string> entities;
  // Any of these types matches (none UNSPECIFIED). Empty: any.
  std::vector<v1::EntityType> entity_types;

  // Whether it gives any condition.
  bool any() const {
    return from_day.has_value() || to_day.has_value() || !outlets.empty() || !entities.empty() ||
           !entity_types.empty();
  }
};

// A page of a search, listing or quote search, pinned to the documents and
// statistics of its first page.
struct PinnedPageSpec {
  size_t size = 0;
  // Of the request's fields that decide the results; the next page's
  // token carries it (paging.h RequestFingerprint).
  uint64_t fingerprint = 0;
  // Where the previous page ended; none for a first page.
  std::optional<PageCursor> cursor;
};

// The entity a request is about.
struct EntityReferenceSpec {
  // An id ("ent_...", "entities/ent_...") or a name.
  std::string reference;
  // UNSPECIFIED: any type.
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
};

// SearchDocuments.
struct SearchDocumentsSpec {
  static constexpr int32_t kPageSize = 10, kMaxPageSize = 100;
  static constexpr int32_t kFacetSize = 10, kMaxFacetSize = 100;

  QueryNode query = EveryDocument();
  FilterSpec filter;
  // The order asked for (not UNSPECIFIED); none: by the query
  // (SearchOrderOf).
  std::optional<v1::SearchOrder> order;
  v1::SearchView view = v1::SEARCH_VIEW_SNIPPETS;
  // Facets to count (none UNSPECIFIED).
  std::vector<v1::Facet> facets;
  size_t facet_size = kFacetSize;
  v1::EncodingType encoding = v1::ENCODING_TYPE_UTF8;
  // One hit per story (SearchDocumentsRequest.collapse_stories).
  bool collapse_stories = false;
  PinnedPageSpec page = {kPageSize, 0, std::nullopt};
};

// The order a search is made in: the spec's, else the API's default for a
// request without one, NEWEST for a query without words (as the default
// query), else RELEVANCE.
inline v1::SearchOrder SearchOrderOf(const SearchDocumentsSpec& spec) {
  if (spec.order.has_value()) return *spec.order;
  return MatchesAll(spec.query) ? v1::SEARCH_ORDER_NEWEST : v1::SEARCH_ORDER_RELEVANCE;
}

// ListDocuments.
struct ListDocumentsSpec {
  static constexpr int32_t kPageSize = 50, kMaxPageSize = 1000;

  FilterSpec filter;
  // BASIC or FULL.
  v1::DocumentView view = v1::DOCUMENT_VIEW_BASIC;
  v1::EncodingType encoding = v1::ENCODING_TYPE_UTF8;
  PinnedPageSpec page = {kPageSize, 0, std::nullopt};
};

// SearchQuotes.
struct SearchQuotesSpec {
  static constexpr int32_t kPageSize = 20, kMaxPageSize = 200;

  // Entity references; empty: anyone, about anything.
  std::string speaker;
  std::string about;
  QueryNode query = EveryDocument();
  FilterSpec filter;
  // Quote kinds to keep; empty: every kind.
  std::vector<int> kinds;
  v1::EncodingType encoding = v1::ENCODING_TYPE_UTF8;
  PinnedPageSpec page = {kPageSize, 0, std::nullopt};
};

// WatchDocuments.
struct WatchDocumentsSpec {
  QueryNode query = EveryDocument();
  FilterSpec filter;
};

// GetDocument.
struct GetDocumentSpec {
  std::string id;
  // BASIC or FULL.
  v1::DocumentView view = v1::DOCUMENT_VIEW_FULL;
  v1::EncodingType encoding = v1::ENCODING_TYPE_UTF8;
  // Top-level Document fields to return (empty: all of the view).
  std::vector<std::string> fields;
};

// GetEntity.
struct GetEntitySpec {
  EntityReferenceSpec entity;
};

// SearchEntities (completion).
struct SearchEntitiesSpec {
  static constexpr int32_t kPageSize = 10, kMaxPageSize = 100;
  static constexpr size_t kMaxPrefixBytes = 256;

  // At most kMaxPrefixBytes.
  std::string prefix;
  // Any of these types (none UNSPECIFIED). Empty: any.
  std::vector<v1::EntityType> types;
  size_t page_size = kPageSize;
};

// GetEntityTimeline.
struct EntityTimelineSpec {
  EntityReferenceSpec entity;
  FilterSpec filter;
  v1::TimelineGranularity granularity = v1::TIMELINE_GRANULARITY_DAY;
};

// ListCooccurringEntities.
struct CooccurringEntitiesSpec {
  static constexpr int32_t kPageSize = 20, kMaxPageSize = 100;

  EntityReferenceSpec entity;
  FilterSpec filter;
  // Any of these types (none UNSPECIFIED). Empty: any.
  std::vector<v1::EntityType> types;
  size_t page_size = kPageSize;
  v1::CooccurrenceOrder order = v1::COOCCURRENCE_ORDER_COUNT;
  // Fewest documents together that NPMI order ranks.
  uint64_t min_document_count = 2;
};

// GetStory.
struct GetStorySpec {
  static constexpr int32_t kMaxDocuments = 100;

  std::string id;
  // Member documents to return (kMaxDocuments for max_documents 0); the
  // store caps it at its DocumentStoreOptions.max_page_size.
  size_t max_documents = kMaxDocuments;
};

// ListStories.
struct ListStoriesSpec {
  // Stories a page holds as asked: 0 for the store's
  // DocumentStoreOptions.default_page_size; the store caps it at its
  // max_page_size.
  size_t page_size = 0;
  // The stories_by_date key the previous page ended at (store_layout.h);
  // empty: from the first.
  std::string after;
  // Stories of fewer documents are left out.
  int64_t min_documents = 0;
  // Only stories with a document that passes it (ListStoriesRequest.filter).
  FilterSpec filter;
};

// MergeEntities: two references, each to resolve to one entity.
struct MergeEntitiesSpec {
  std::string entity;
  std::string into;
};

// AddEntityAlias.
struct AddEntityAliasSpec {
  static constexpr size_t kMaxAliasBytes = 256;

  std::string entity;
  // At most kMaxAliasBytes.
  std::string alias;
};

// SplitEntityAlias and RemoveEntityAlias.
struct SplitEntityAliasSpec {
  std::string entity;
  // The spelling whose identity keys leave the entity.
  std::string alias;
};

// SetEntityType.
struct SetEntityTypeSpec {
  std::string entity;
  // Never UNSPECIFIED.
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
};

// One entity of a knowledge base (KnowledgeBaseEntity).
struct KnowledgeBaseEntry {
  std::string name;
  // Never UNSPECIFIED.
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  // Each names something once folded (those that did not are left out).
  std::vector<std::string> aliases;
  // Knowledge base -> id ("wikidata" -> "Q30"), sorted by knowledge base.
  std::vector<std::pair<std::string, std::string>> external_ids;
  bool has_coordinates = false;
  double latitude = 0;
  double longitude = 0;
};

// ImportKnowledgeBase.
struct ImportKnowledgeBaseSpec {
  static constexpr int kMaxEntities = 1000;
  // Per entity: a name or alias as long as AddEntityAlias takes, at most
  // kMaxAliases aliases (Wikidata gives a country up to 315), and at most
  // kMaxExternalIds ids of at most kMaxExternalIdBytes each (key and
  // value), so that every answer naming the entity stays small.
  static constexpr size_t kMaxNameBytes = AddEntityAliasSpec::kMaxAliasBytes;
  static constexpr int kMaxAliases = 1000;
  static constexpr int kMaxExternalIds = 16;
  static constexpr size_t kMaxExternalIdBytes = 256;

  // At most kMaxEntities.
  std::vector<KnowledgeBaseEntry> entities;
};

// ListKnownNames.
struct ListKnownNamesSpec {
  static constexpr int32_t kPageSize = 1000, kMaxPageSize = 10000;

  size_t page_size = kPageSize;
  // The position of the first name of the page.
  size_t from = 0;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_SPECS_H_
