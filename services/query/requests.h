// The boundary of the query service: each wire request of QueryService,
// RegistryService and IndexService becomes what the core takes (specs.h)
// here, or INVALID_ARGUMENT naming the field at fault, with the reason and
// message clients rely on. Every check of a request's shape is made here,
// in the order the fields are listed below each function; the core checks
// only what needs its data (specs.h says which). query_service.cc calls
// these before the core. Pure: no I/O; no gRPC (a core library's include
// rules, cmake/NoGrpc.cmake).
#ifndef DOSSIER_SERVICES_QUERY_REQUESTS_H_
#define DOSSIER_SERVICES_QUERY_REQUESTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dossier/internal/v1/index_service.pb.h"
#include "dossier/v1/query_service.pb.h"
#include "dossier/v1/registry_service.pb.h"
#include "services/query/specs.h"

namespace dossier::query {

// Documents (or ids) an IndexService call may carry.
inline constexpr int kMaxIndexBatch = 1000;

// A DocumentFilter (`field` names it in errors): from_date, to_date (and
// their order), outlets, entities, entity_types.
absl::StatusOr<FilterSpec> ToFilterSpec(const v1::DocumentFilter& filter, absl::string_view field);

// name, view, encoding_type.
absl::StatusOr<GetDocumentSpec> ToSpec(const v1::GetDocumentRequest& request);
// page_size, encoding_type, view, page_token, filter.
absl::StatusOr<ListDocumentsSpec> ToSpec(const v1::ListDocumentsRequest& request);
// page_size, facet_size, encoding_type, order, view, facets, query,
// page_token, filter.
absl::StatusOr<SearchDocumentsSpec> ToSpec(const v1::SearchDocumentsRequest& request);
// query, filter.
absl::StatusOr<WatchDocumentsSpec> ToSpec(const v1::WatchDocumentsRequest& request);
// page_size, encoding_type, query, page_token, filter.
absl::StatusOr<SearchQuotesSpec> ToSpec(const v1::SearchQuotesRequest& request);
// name, type.
absl::StatusOr<GetEntitySpec> ToSpec(const v1::GetEntityRequest& request);
// page_size, query, types.
absl::StatusOr<SearchEntitiesSpec> ToSpec(const v1::SearchEntitiesRequest& request);
// granularity, entity, type, filter.
absl::StatusOr<EntityTimelineSpec> ToSpec(const v1::GetEntityTimelineRequest& request);
// page_size, types, order, min_document_count, entity, type, filter.
absl::StatusOr<CooccurringEntitiesSpec> ToSpec(const v1::ListCooccurringEntitiesRequest& request);
// name, max_documents.
absl::StatusOr<GetStorySpec> ToSpec(const v1::GetStoryRequest& request);
// page_size, page_token.
absl::StatusOr<ListStoriesSpec> ToSpec(const v1::ListStoriesRequest& request);

// entity, into.
absl::StatusOr<MergeEntitiesSpec> ToSpec(const v1::MergeEntitiesRequest& request);
// entity, alias.
absl::StatusOr<AddEntityAliasSpec> ToSpec(const v1::AddEntityAliasRequest& request);
// entity, alias.
absl::StatusOr<SplitEntityAliasSpec> ToSpec(const v1::SplitEntityAliasRequest& request);
// RemoveEntityAlias names an entity and an alias as SplitEntityAlias does.
absl::StatusOr<SplitEntityAliasSpec> ToSpec(const v1::RemoveEntityAliasRequest& request);
// entity, type.
absl::StatusOr<SetEntityTypeSpec> ToSpec(const v1::SetEntityTypeRequest& request);
// entities (their count), then each entity's name and type.
absl::StatusOr<ImportKnowledgeBaseSpec> ToSpec(const v1::ImportKnowledgeBaseRequest& request);
// page_size, page_token.
absl::StatusOr<ListKnownNamesSpec> ToSpec(const v1::ListKnownNamesRequest& request);

// IndexDocuments: the documents (pointers into `request`), at most
// kMaxIndexBatch. The store validates each document (DocumentStore::Index).
absl::StatusOr<std::vector<const v1::Document*>> ToDocuments(
    const internal::v1::IndexDocumentsRequest& request);
// DeleteDocuments: the ids, at most kMaxIndexBatch, each a document name or
// id.
absl::StatusOr<std::vector<std::string>> ToDocumentIds(
    const internal::v1::DeleteDocumentsRequest& request);

// ReadDocuments: the ids, as ToDocumentIds reads them.
absl::StatusOr<std::vector<std::string>> ToDocumentIds(
    const internal::v1::ReadDocumentsRequest& request);
// ReplaceAnnotations: the documents, at most kMaxIndexBatch, each with an
// id of 32 hex digits and a content hash.
absl::StatusOr<std::vector<const v1::Document*>> ToDocuments(
    const internal::v1::ReplaceAnnotationsRequest& request);

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_REQUESTS_H_
