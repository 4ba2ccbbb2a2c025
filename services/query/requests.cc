#include "services/query/requests.h"

#include <algorithm>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/query/doc_table.h"
#include "services/query/store_layout.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

absl::Status CheckEncoding(v1::EncodingType encoding) {
  if (!v1::EncodingType_IsValid(encoding)) {
    return InvalidFieldError("encoding_type", "INVALID_ENUM",
                             absl::StrCat("encoding_type ", encoding, " is not one of the API's"));
  }
  return absl::OkStatus();
}

// A valid encoding, UNSPECIFIED read as the UTF-8 it stands for.
v1::EncodingType Encoding(v1::EncodingType encoding) {
  return encoding == v1::ENCODING_TYPE_UNSPECIFIED ? v1::ENCODING_TYPE_UTF8 : encoding;
}

bool HasDate(const v1::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

// The first (or last) day a possibly partial date covers: "2022" is
// 2022-01-01 to 2022-12-31, "2022-08" the month.
absl::StatusOr<uint32_t> FilterDay(const v1::Date& date, bool last, absl::string_view field) {
  auto bad = [&]() {
    return InvalidFieldError(field, "INVALID_DATE",
                             absl::StrCat(field,
                                          " is not a date (year 1-9999, month 0-12, day "
                                          "0-31, a day only with a month)"));
  };
  if (date.year() < 1 || date.year() > 9999 || date.month() < 0 || date.month() > 12 ||
      date.day() < 0 || date.day() > 31 || (date.month() == 0 && date.day() != 0)) {
    return bad();
  }
  if (date.month() == 0) {
    return DayNumber(last ? absl::CivilDay(date.year(), 12, 31)
                          : absl::CivilDay(date.year(), 1, 1));
  }
  if (date.day() == 0) {
    const absl::CivilMonth month(date.year(), date.month());
    return DayNumber(last ? absl::CivilDay(month + 1) - 1 : absl::CivilDay(month));
  }
  const auto day = FromProtoDate(date);
  if (!day.has_value()) {
    return InvalidFieldError(field, "INVALID_DATE",
                             absl::StrFormat("%s is not a calendar date: %04d-%02d-%02d", field,
                                             date.year(), date.month(), date.day()));
  }
  return DayNumber(*day);
}

absl::Status CheckType(int type, absl::string_view field) {
  if (type < 1 || type > 4) {
    return InvalidFieldError(field, "INVALID_ENUM",
                             absl::StrCat(field, " must be an entity type (1-4)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::EntityType>> ToTypes(
    const google::protobuf::RepeatedField<int>& types, absl::string_view field) {
  std::vector<v1::EntityType> out;
  for (int i = 0; i < types.size(); ++i) {
    DOSSIER_RETURN_IF_ERROR(CheckType(types[i], absl::StrCat(field, "[", i, "]")));
    out.push_back(static_cast<v1::EntityType>(types[i]));
  }
  return out;
}

// Longer than any name the registry holds by far; and an error that
// repeats a reference stays small.
constexpr size_t kMaxReferenceBytes = 1024;

// A reference's length, and the form of one written as a resource name;
// an empty one passes (a filter's optional speaker).
absl::Status CheckReferenceForm(absl::string_view reference, absl::string_view field) {
  if (reference.size() > kMaxReferenceBytes) {
    return InvalidFieldError(
        field, "REFERENCE_TOO_LONG",
        absl::StrCat(field, " is ", reference.size(), " bytes; an entity reference has at most ",
                     kMaxReferenceBytes));
  }
  // One written as a resource name is an id ("entities/ent_" and 16
  // hexadecimal digits), never a name.
  const absl::string_view trimmed = absl::StripAsciiWhitespace(reference);
  if (uint64_t id = 0; absl::StartsWith(trimmed, "entities/") && !ParseEntityId(trimmed, &id)) {
    return InvalidFieldError(
        field, "INVALID_ENTITY_ID",
        absl::StrCat(field, " is no entity's name: \"entities/ent_\" and 16 hexadecimal digits"));
  }
  return absl::OkStatus();
}

// A reference (`field`) that must name something.
absl::Status CheckReference(absl::string_view reference, absl::string_view field) {
  if (text::FoldName(reference).empty()) {
    return InvalidFieldError(field, "EMPTY_REFERENCE", absl::StrCat(field, " is required"));
  }
  return CheckReferenceForm(reference, field);
}

// The entity a read is about: `reference` in `field`, of `type` (0: any).
absl::StatusOr<EntityReferenceSpec> ToEntityReference(const std::string& reference, int type,
                                                      absl::string_view field) {
  DOSSIER_RETURN_IF_ERROR(CheckReference(reference, field));
  if (type != 0) DOSSIER_RETURN_IF_ERROR(CheckType(type, "type"));
  return EntityReferenceSpec{reference, static_cast<v1::EntityType>(type)};
}

}  // namespace

absl::StatusOr<FilterSpec> ToFilterSpec(const v1::DocumentFilter& filter, absl::string_view field) {
  FilterSpec spec;
  if (HasDate(filter.from_date())) {
    DOSSIER_ASSIGN_OR_RETURN(
        spec.from_day, FilterDay(filter.from_date(), false, absl::StrCat(field, ".from_date")));
  }
  if (HasDate(filter.to_date())) {
    DOSSIER_ASSIGN_OR_RETURN(spec.to_day,
                             FilterDay(filter.to_date(), true, absl::StrCat(field, ".to_date")));
  }
  if (spec.from_day.value_or(0) > spec.to_day.value_or(UINT32_MAX)) {
    return InvalidFieldError(absl::StrCat(field, ".to_date"), "INVALID_DATE_RANGE",
                             absl::StrCat(field, ".to_date is before ", field, ".from_date"));
  }
  if (filter.outlets_size() > FilterSpec::kMaxOutlets) {
    return InvalidFieldError(absl::StrCat(field, ".outlets"), "TOO_MANY_VALUES",
                             absl::StrCat("at most ", FilterSpec::kMaxOutlets, " outlets"));
  }
  spec.outlets.assign(filter.outlets().begin(), filter.outlets().end());
  if (filter.entities_size() > FilterSpec::kMaxEntities) {
    return InvalidFieldError(absl::StrCat(field, ".entities"), "TOO_MANY_VALUES",
                             absl::StrCat("at most ", FilterSpec::kMaxEntities, " entities"));
  }
  for (int i = 0; i < filter.entities_size(); ++i) {
    const std::string& reference = filter.entities(i);
    if (text::FoldName(reference).empty()) {
      return InvalidFieldError(absl::StrCat(field, ".entities[", i, "]"), "EMPTY_REFERENCE",
                               absl::StrCat(field, ".entities[", i, "] names nothing"));
    }
    DOSSIER_RETURN_IF_ERROR(
        CheckReferenceForm(reference, absl::StrCat(field, ".entities[", i, "]")));
    spec.entities.push_back(reference);
  }
  DOSSIER_ASSIGN_OR_RETURN(spec.entity_types,
                           ToTypes(filter.entity_types(), absl::StrCat(field, ".entity_types")));
  return spec;
}

absl::StatusOr<GetDocumentSpec> ToSpec(const v1::GetDocumentRequest& request) {
  GetDocumentSpec spec;
  DOSSIER_ASSIGN_OR_RETURN(spec.id, ParseDocumentName(request.name()));
  // As ListDocuments and SearchDocuments answer an enum value the API does
  // not have.
  if (!v1::DocumentView_IsValid(request.view())) {
    return InvalidFieldError("view", "INVALID_ENUM",
                             absl::StrCat("view ", request.view(), " is not one of the API's"));
  }
  DOSSIER_RETURN_IF_ERROR(CheckEncoding(request.encoding_type()));
  spec.view =
      request.view() == v1::DOCUMENT_VIEW_UNSPECIFIED ? v1::DOCUMENT_VIEW_FULL : request.view();
  spec.encoding = Encoding(request.encoding_type());
  const google::protobuf::Descriptor* document = v1::Document::descriptor();
  for (const std::string& path : request.read_mask().paths()) {
    if (document->FindFieldByName(path) == nullptr) {
      return InvalidFieldError(
          "read_mask", "INVALID_READ_MASK",
          absl::StrCat("read_mask path \"", absl::CHexEscape(absl::string_view(path).substr(0, 64)),
                       "\" is not a field of Document (a top-level field name: \"text\", "
                       "\"annotations\", \"metadata\", ...)"));
    }
    spec.fields.push_back(path);
  }
  return spec;
}

absl::StatusOr<ListDocumentsSpec> ToSpec(const v1::ListDocumentsRequest& request) {
  ListDocumentsSpec spec;
  DOSSIER_ASSIGN_OR_RETURN(
      spec.page.size,
      PageSize(request.page_size(), ListDocumentsSpec::kPageSize, ListDocumentsSpec::kMaxPageSize));
  DOSSIER_RETURN_IF_ERROR(CheckEncoding(request.encoding_type()));
  DOSSIER_RETURN_IF_ERROR(CheckEnum(v1::DocumentView_IsValid(request.view()), "view"));
  spec.page.fingerprint = RequestFingerprint("list", request.filter());
  DOSSIER_ASSIGN_OR_RETURN(spec.page.cursor,
                           ParsePageToken(request.page_token(), spec.page.fingerprint));
  DOSSIER_ASSIGN_OR_RETURN(spec.filter, ToFilterSpec(request.filter(), "filter"));
  spec.view =
      request.view() == v1::DOCUMENT_VIEW_FULL ? v1::DOCUMENT_VIEW_FULL : v1::DOCUMENT_VIEW_BASIC;
  spec.encoding = Encoding(request.encoding_type());
  return spec;
}

absl::StatusOr<SearchDocumentsSpec> ToSpec(const v1::SearchDocumentsRequest& request) {
  SearchDocumentsSpec spec;
  DOSSIER_ASSIGN_OR_RETURN(spec.page.size,
                           PageSize(request.page_size(), SearchDocumentsSpec::kPageSize,
                                    SearchDocumentsSpec::kMaxPageSize));
  DOSSIER_ASSIGN_OR_RETURN(spec.facet_size,
                           PageSize(request.facet_size(), SearchDocumentsSpec::kFacetSize,
                                    SearchDocumentsSpec::kMaxFacetSize, "facet_size"));
  DOSSIER_RETURN_IF_ERROR(CheckEncoding(request.encoding_type()));
  DOSSIER_RETURN_IF_ERROR(CheckEnum(v1::SearchOrder_IsValid(request.order()), "order"));
  DOSSIER_RETURN_IF_ERROR(CheckEnum(v1::SearchView_IsValid(request.view()), "view"));
  for (int i = 0; i < request.facets_size(); ++i) {
    const int f = request.facets(i);
    if (f < 1 || f > 4) {
      return InvalidFieldError(absl::StrCat("facets[", i, "]"), "INVALID_ENUM",
                               absl::StrCat("facets[", i, "] is not one of the API's facets"));
    }
    spec.facets.push_back(static_cast<v1::Facet>(f));
  }
  DOSSIER_ASSIGN_OR_RETURN(spec.query, ParseQuery(request.query()));
  // A later page is bound to what decides the hits and their order.
  v1::SearchDocumentsRequest pinned;
  pinned.set_query(request.query());
  *pinned.mutable_filter() = request.filter();
  pinned.set_collapse_stories(request.collapse_stories());
  // A request that names the order its query is made in by default pins
  // it as one that leaves it to the query does, so that they share their
  // pages; a token that pinned it by name (as tokens did before) still
  // reads.
  uint64_t named_default = 0;
  if (request.order() != v1::SEARCH_ORDER_UNSPECIFIED) {
    const bool by_default = request.order() == SearchOrderOf(spec);  // spec.order unset yet
    pinned.set_order(request.order());
    if (by_default) {
      named_default = RequestFingerprint("search", pinned);
      pinned.clear_order();
    }
    spec.order = request.order();
  }
  spec.page.fingerprint = RequestFingerprint("search", pinned);
  DOSSIER_ASSIGN_OR_RETURN(
      spec.page.cursor, ParsePageToken(request.page_token(), spec.page.fingerprint, named_default));
  DOSSIER_ASSIGN_OR_RETURN(spec.filter, ToFilterSpec(request.filter(), "filter"));
  spec.view =
      request.view() == v1::SEARCH_VIEW_UNSPECIFIED ? v1::SEARCH_VIEW_SNIPPETS : request.view();
  spec.encoding = Encoding(request.encoding_type());
  spec.collapse_stories = request.collapse_stories();
  return spec;
}

absl::StatusOr<WatchDocumentsSpec> ToSpec(const v1::WatchDocumentsRequest& request) {
  WatchDocumentsSpec spec;
  DOSSIER_ASSIGN_OR_RETURN(spec.query, ParseQuery(request.query()));
  DOSSIER_ASSIGN_OR_RETURN(spec.filter, ToFilterSpec(request.filter(), "filter"));
  return spec;
}

absl::StatusOr<SearchQuotesSpec> ToSpec(const v1::SearchQuotesRequest& request) {
  SearchQuotesSpec spec;
  DOSSIER_ASSIGN_OR_RETURN(
      spec.page.size,
      PageSize(request.page_size(), SearchQuotesSpec::kPageSize, SearchQuotesSpec::kMaxPageSize));
  DOSSIER_RETURN_IF_ERROR(CheckEncoding(request.encoding_type()));
  DOSSIER_ASSIGN_OR_RETURN(spec.query, ParseQuery(request.query()));
  // Bound to everything but the page and the offsets' unit.
  v1::SearchQuotesRequest pinned = request;
  pinned.clear_page_size();
  pinned.clear_page_token();
  pinned.clear_encoding_type();
  // Kinds as a set: [DIRECT, MIXED] pages on as [MIXED, DIRECT, MIXED].
  std::vector<int> kinds(request.kinds().begin(), request.kinds().end());
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  pinned.clear_kinds();
  for (const int kind : kinds) pinned.add_kinds(static_cast<v1::QuoteKind>(kind));
  spec.page.fingerprint = RequestFingerprint("quotes", pinned);
  DOSSIER_ASSIGN_OR_RETURN(spec.page.cursor,
                           ParsePageToken(request.page_token(), spec.page.fingerprint));
  DOSSIER_ASSIGN_OR_RETURN(spec.filter, ToFilterSpec(request.filter(), "filter"));
  DOSSIER_RETURN_IF_ERROR(CheckReferenceForm(request.speaker(), "speaker"));
  DOSSIER_RETURN_IF_ERROR(CheckReferenceForm(request.about(), "about"));
  spec.speaker = request.speaker();
  spec.about = request.about();
  for (int i = 0; i < request.kinds_size(); ++i) {
    const int kind = request.kinds(i);
    if (kind == v1::QUOTE_KIND_UNSPECIFIED || !v1::QuoteKind_IsValid(kind)) {
      const std::string field = absl::StrCat("kinds[", i, "]");
      return InvalidFieldError(field, "INVALID_ENUM",
                               absl::StrCat(field, " is ", kind,
                                            ": not a quote kind (QUOTE_KIND_DIRECT, "
                                            "QUOTE_KIND_INDIRECT or QUOTE_KIND_MIXED)"));
    }
    spec.kinds.push_back(kind);
  }
  spec.encoding = Encoding(request.encoding_type());
  return spec;
}

absl::StatusOr<GetEntitySpec> ToSpec(const v1::GetEntityRequest& request) {
  GetEntitySpec spec;
  DOSSIER_ASSIGN_OR_RETURN(spec.entity, ToEntityReference(request.name(), request.type(), "name"));
  return spec;
}

absl::StatusOr<SearchEntitiesSpec> ToSpec(const v1::SearchEntitiesRequest& request) {
  SearchEntitiesSpec spec;
  DOSSIER_ASSIGN_OR_RETURN(spec.page_size,
                           PageSize(request.page_size(), SearchEntitiesSpec::kPageSize,
                                    SearchEntitiesSpec::kMaxPageSize));
  if (request.query().size() > SearchEntitiesSpec::kMaxPrefixBytes) {
    return InvalidFieldError(
        "query", "QUERY_TOO_LONG",
        absl::StrCat("query is longer than ", SearchEntitiesSpec::kMaxPrefixBytes, " bytes"));
  }
  if (text::FoldName(request.query()).empty()) {
    return InvalidFieldError("query", "EMPTY_QUERY", "query needs a letter or digit to complete");
  }
  spec.prefix = request.query();
  DOSSIER_ASSIGN_OR_RETURN(spec.types, ToTypes(request.types(), "types"));
  return spec;
}

absl::StatusOr<EntityTimelineSpec> ToSpec(const v1::GetEntityTimelineRequest& request) {
  EntityTimelineSpec spec;
  DOSSIER_RETURN_IF_ERROR(
      CheckEnum(v1::TimelineGranularity_IsValid(request.granularity()), "granularity"));
  DOSSIER_ASSIGN_OR_RETURN(spec.entity,
                           ToEntityReference(request.entity(), request.type(), "entity"));
  DOSSIER_ASSIGN_OR_RETURN(spec.filter, ToFilterSpec(request.filter(), "filter"));
  spec.granularity = request.granularity() == v1::TIMELINE_GRANULARITY_UNSPECIFIED
                         ? v1::TIMELINE_GRANULARITY_DAY
                         : request.granularity();
  return spec;
}

absl::StatusOr<CooccurringEntitiesSpec> ToSpec(const v1::ListCooccurringEntitiesRequest& request) {
  CooccurringEntitiesSpec spec;
  DOSSIER_ASSIGN_OR_RETURN(spec.page_size,
                           PageSize(request.page_size(), CooccurringEntitiesSpec::kPageSize,
                                    CooccurringEntitiesSpec::kMaxPageSize));
  DOSSIER_ASSIGN_OR_RETURN(spec.types, ToTypes(request.types(), "types"));
  DOSSIER_RETURN_IF_ERROR(CheckEnum(v1::CooccurrenceOrder_IsValid(request.order()), "order"));
  if (request.min_document_count() < 0) {
    return InvalidFieldError("min_document_count", "INVALID_COUNT",
                             "min_document_count must not be negative");
  }
  DOSSIER_ASSIGN_OR_RETURN(spec.entity,
                           ToEntityReference(request.entity(), request.type(), "entity"));
  DOSSIER_ASSIGN_OR_RETURN(spec.filter, ToFilterSpec(request.filter(), "filter"));
  spec.order = request.order() == v1::COOCCURRENCE_ORDER_UNSPECIFIED ? v1::COOCCURRENCE_ORDER_COUNT
                                                                     : request.order();
  spec.min_document_count =
      request.min_document_count() == 0 ? 2 : static_cast<uint64_t>(request.min_document_count());
  return spec;
}

absl::StatusOr<GetStorySpec> ToSpec(const v1::GetStoryRequest& request) {
  GetStorySpec spec;
  DOSSIER_ASSIGN_OR_RETURN(spec.id, ParseResourceName(request.name(), "stories"));
  // The store caps it (DocumentStoreOptions.max_page_size).
  DOSSIER_ASSIGN_OR_RETURN(spec.max_documents,
                           PageSize(request.max_documents(), GetStorySpec::kMaxDocuments,
                                    std::numeric_limits<int32_t>::max(), "max_documents"));
  return spec;
}

absl::StatusOr<ListStoriesSpec> ToSpec(const v1::ListStoriesRequest& request) {
  ListStoriesSpec spec;
  // 0 stays 0: the store's default (DocumentStoreOptions), as is its cap.
  DOSSIER_ASSIGN_OR_RETURN(spec.page_size,
                           PageSize(request.page_size(), 0, std::numeric_limits<int32_t>::max()));
  DOSSIER_ASSIGN_OR_RETURN(spec.after,
                           ParseKeyPageToken(request.page_token(), kStoriesByDateKeyBytes));
  if (request.min_documents() < 0) {
    return InvalidFieldError("min_documents", "INVALID_COUNT",
                             "min_documents must not be negative");
  }
  spec.min_documents = request.min_documents();
  DOSSIER_ASSIGN_OR_RETURN(spec.filter, ToFilterSpec(request.filter(), "filter"));
  return spec;
}

absl::StatusOr<MergeEntitiesSpec> ToSpec(const v1::MergeEntitiesRequest& request) {
  DOSSIER_RETURN_IF_ERROR(CheckReference(request.entity(), "entity"));
  DOSSIER_RETURN_IF_ERROR(CheckReference(request.into(), "into"));
  return MergeEntitiesSpec{request.entity(), request.into()};
}

absl::StatusOr<AddEntityAliasSpec> ToSpec(const v1::AddEntityAliasRequest& request) {
  DOSSIER_RETURN_IF_ERROR(CheckReference(request.entity(), "entity"));
  if (text::FoldName(request.alias()).empty() ||
      request.alias().size() > AddEntityAliasSpec::kMaxAliasBytes) {
    return InvalidFieldError("alias", "INVALID_ALIAS",
                             absl::StrCat("alias needs a letter or digit, and at most ",
                                          AddEntityAliasSpec::kMaxAliasBytes, " bytes"));
  }
  return AddEntityAliasSpec{request.entity(), request.alias()};
}

absl::StatusOr<SetEntityTypeSpec> ToSpec(const v1::SetEntityTypeRequest& request) {
  DOSSIER_RETURN_IF_ERROR(CheckReference(request.entity(), "entity"));
  DOSSIER_RETURN_IF_ERROR(CheckType(request.type(), "type"));
  return SetEntityTypeSpec{request.entity(), request.type()};
}

namespace {

template <typename Request>
absl::StatusOr<SplitEntityAliasSpec> AliasOf(const Request& request) {
  DOSSIER_RETURN_IF_ERROR(CheckReference(request.entity(), "entity"));
  if (text::FoldName(request.alias()).empty()) {
    return InvalidFieldError("alias", "INVALID_ALIAS", "alias needs a letter or digit");
  }
  return SplitEntityAliasSpec{request.entity(), request.alias()};
}

}  // namespace

absl::StatusOr<SplitEntityAliasSpec> ToSpec(const v1::SplitEntityAliasRequest& request) {
  return AliasOf(request);
}

absl::StatusOr<SplitEntityAliasSpec> ToSpec(const v1::RemoveEntityAliasRequest& request) {
  return AliasOf(request);
}

absl::StatusOr<ImportKnowledgeBaseSpec> ToSpec(const v1::ImportKnowledgeBaseRequest& request) {
  if (request.entities_size() > ImportKnowledgeBaseSpec::kMaxEntities) {
    return InvalidFieldError(
        "entities", "BATCH_TOO_LARGE",
        absl::StrCat("at most ", ImportKnowledgeBaseSpec::kMaxEntities, " entities a call"));
  }
  ImportKnowledgeBaseSpec spec;
  for (int i = 0; i < request.entities_size(); ++i) {
    const v1::KnowledgeBaseEntity& e = request.entities(i);
    const std::string field = absl::StrCat("entities[", i, "]");
    if (text::FoldName(e.name()).empty()) {
      return InvalidFieldError(field + ".name", "EMPTY_NAME", field + ".name is required");
    }
    constexpr size_t kMaxName = ImportKnowledgeBaseSpec::kMaxNameBytes;
    if (e.name().size() > kMaxName) {
      return InvalidFieldError(
          field + ".name", "NAME_TOO_LONG",
          absl::StrCat(field, ".name is ", e.name().size(), " bytes; the limit is ", kMaxName));
    }
    DOSSIER_RETURN_IF_ERROR(CheckType(e.type(), field + ".type"));
    if (e.aliases_size() > ImportKnowledgeBaseSpec::kMaxAliases) {
      return InvalidFieldError(field + ".aliases", "TOO_MANY_ALIASES",
                               absl::StrCat(field, " has ", e.aliases_size(), " aliases; at most ",
                                            ImportKnowledgeBaseSpec::kMaxAliases));
    }
    KnowledgeBaseEntry entry;
    entry.name = e.name();
    entry.type = e.type();
    for (int a = 0; a < e.aliases_size(); ++a) {
      const std::string& alias = e.aliases(a);
      if (alias.size() > kMaxName) {
        const std::string at = absl::StrCat(field, ".aliases[", a, "]");
        return InvalidFieldError(
            at, "INVALID_ALIAS",
            absl::StrCat(at, " is ", alias.size(), " bytes; the limit is ", kMaxName));
      }
      if (!text::FoldName(alias).empty()) entry.aliases.push_back(alias);
    }
    if (e.external_ids_size() > ImportKnowledgeBaseSpec::kMaxExternalIds) {
      return InvalidFieldError(
          field + ".external_ids", "TOO_MANY_EXTERNAL_IDS",
          absl::StrCat(field, " has ", e.external_ids_size(), " external ids; at most ",
                       ImportKnowledgeBaseSpec::kMaxExternalIds));
    }
    for (const auto& [kb, value] : e.external_ids()) {
      if (kb.empty() || value.empty() || kb.size() > ImportKnowledgeBaseSpec::kMaxExternalIdBytes ||
          value.size() > ImportKnowledgeBaseSpec::kMaxExternalIdBytes) {
        return InvalidFieldError(
            field + ".external_ids", "INVALID_EXTERNAL_ID",
            absl::StrCat(field, ": an external id's knowledge base and value must each have 1 to ",
                         ImportKnowledgeBaseSpec::kMaxExternalIdBytes, " bytes"));
      }
    }
    entry.external_ids.assign(e.external_ids().begin(), e.external_ids().end());
    std::sort(entry.external_ids.begin(), entry.external_ids.end());
    if (e.has_coordinates()) {
      const double lat = e.coordinates().latitude(), lon = e.coordinates().longitude();
      // Also false for NaN.
      if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
        return InvalidFieldError(
            field + ".coordinates", "INVALID_COORDINATES",
            absl::StrCat(field,
                         ".coordinates: latitude must be in [-90, 90] and longitude in "
                         "[-180, 180]; got ",
                         lat, ", ", lon));
      }
      entry.has_coordinates = true;
      entry.latitude = e.coordinates().latitude();
      entry.longitude = e.coordinates().longitude();
    }
    spec.entities.push_back(std::move(entry));
  }
  return spec;
}

absl::StatusOr<ListKnownNamesSpec> ToSpec(const v1::ListKnownNamesRequest& request) {
  ListKnownNamesSpec spec;
  DOSSIER_ASSIGN_OR_RETURN(spec.page_size,
                           PageSize(request.page_size(), ListKnownNamesSpec::kPageSize,
                                    ListKnownNamesSpec::kMaxPageSize));
  DOSSIER_ASSIGN_OR_RETURN(spec.from, ParsePositionPageToken(request.page_token()));
  return spec;
}

namespace {

absl::Status CheckBatch(int documents) {
  if (documents <= kMaxIndexBatch) return absl::OkStatus();
  return InvalidFieldError(
      "documents", "BATCH_TOO_LARGE",
      absl::StrCat("at most ", kMaxIndexBatch, " documents per call; got ", documents));
}

}  // namespace

absl::StatusOr<std::vector<const v1::Document*>> ToDocuments(
    const internal::v1::IndexDocumentsRequest& request) {
  DOSSIER_RETURN_IF_ERROR(CheckBatch(request.documents_size()));
  std::vector<const v1::Document*> documents;
  documents.reserve(request.documents_size());
  for (const v1::Document& d : request.documents()) documents.push_back(&d);
  return documents;
}

namespace {

absl::StatusOr<std::vector<std::string>> ParseIds(
    const google::protobuf::RepeatedPtrField<std::string>& names) {
  if (names.size() > kMaxIndexBatch) {
    return InvalidFieldError(
        "document_ids", "BATCH_TOO_LARGE",
        absl::StrCat("at most ", kMaxIndexBatch, " ids per call; got ", names.size()));
  }
  std::vector<std::string> ids;
  for (int i = 0; i < names.size(); ++i) {
    DOSSIER_ASSIGN_OR_RETURN(std::string id,
                             ParseDocumentName(names[i], absl::StrCat("document_ids[", i, "]")));
    ids.push_back(std::move(id));
  }
  return ids;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ToDocumentIds(
    const internal::v1::DeleteDocumentsRequest& request) {
  return ParseIds(request.document_ids());
}

absl::StatusOr<std::vector<std::string>> ToDocumentIds(
    const internal::v1::ReadDocumentsRequest& request) {
  return ParseIds(request.document_ids());
}

absl::StatusOr<std::vector<const v1::Document*>> ToDocuments(
    const internal::v1::ReplaceAnnotationsRequest& request) {
  DOSSIER_RETURN_IF_ERROR(CheckBatch(request.documents_size()));
  std::vector<const v1::Document*> documents;
  for (int i = 0; i < request.documents_size(); ++i) {
    const v1::Document& d = request.documents(i);
    const std::string field = absl::StrCat("documents[", i, "]");
    DOSSIER_ASSIGN_OR_RETURN(const std::string id, ParseDocumentName(d.id(), field + ".id"));
    if (id != d.id()) {
      return InvalidFieldError(field + ".id", "INVALID_DOCUMENT_ID",
                               absl::StrCat(field, ".id must be 32 lower-case hex digits"));
    }
    if (d.content_hash().empty()) {
      return InvalidFieldError(
          field + ".content_hash", "MISSING_CONTENT_HASH",
          absl::StrCat(field, ".content_hash is empty: it says which text was tagged"));
    }
    documents.push_back(&d);
  }
  return documents;
}

}  // namespace dossier::query
