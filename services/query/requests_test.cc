// The boundary alone (requests.h): each wire request to its spec, and each
// refusal a client can meet before the core runs, with its field, reason
// and message as clients see them. No store: what needs one is tested with
// the core (search_test.cc, registry_test.cc, document_store_test.cc).
#include "services/query/requests.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace dossier::query {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

struct Refusal {
  std::string field;
  std::string reason;
  std::string message;
};

// What a client reads of an INVALID_ARGUMENT: the BadRequest field, the
// ErrorInfo reason, the message.
template <typename T>
Refusal RefusalOf(const absl::StatusOr<T>& result) {
  if (result.ok()) return {"(accepted)", "", ""};
  const absl::Status& status = result.status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  Refusal refusal;
  google::rpc::BadRequest bad;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (payload.has_value() && bad.ParseFromString(std::string(*payload)) &&
      bad.field_violations_size() > 0) {
    refusal.field = bad.field_violations(0).field();
  }
  refusal.reason = ErrorReason(status);
  refusal.message = std::string(status.message());
  return refusal;
}

MATCHER_P3(Refused, field, reason, message, "") {
  *result_listener << "field " << arg.field << ", reason " << arg.reason << ", message \""
                   << arg.message << "\"";
  return arg.field == field && arg.reason == reason && arg.message == message;
}
MATCHER_P2(RefusedFor, field, reason, "") {
  *result_listener << "field " << arg.field << ", reason " << arg.reason << ", message \""
                   << arg.message << "\"";
  return arg.field == field && arg.reason == reason;
}

uint32_t Day(int year, int month, int day) { return DayNumber(absl::CivilDay(year, month, day)); }

const std::string kId(32, 'a');

// ---------------------------------------------------------------------------
// Filters.

TEST(FilterSpecTest, PartialDatesCoverTheirWholeMonthOrYear) {
  v1::DocumentFilter filter;
  filter.mutable_from_date()->set_year(2022);
  filter.mutable_from_date()->set_month(8);
  filter.mutable_to_date()->set_year(2023);
  auto spec = ToFilterSpec(filter, "filter");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->from_day, Day(2022, 8, 1));
  EXPECT_EQ(spec->to_day, Day(2023, 12, 31));
  filter.mutable_to_date()->set_month(2);
  EXPECT_EQ(ToFilterSpec(filter, "filter")->to_day, Day(2023, 2, 28));
  filter.mutable_to_date()->set_day(13);
  EXPECT_EQ(ToFilterSpec(filter, "filter")->to_day, Day(2023, 2, 13));
  // No date: none, not day 0.
  auto open = ToFilterSpec(v1::DocumentFilter(), "filter");
  EXPECT_FALSE(open->from_day.has_value());
  EXPECT_FALSE(open->to_day.has_value());
}

TEST(FilterSpecTest, KeepsOutletsEntitiesAndTypes) {
  v1::DocumentFilter filter;
  filter.add_outlets("TASS");
  filter.add_entities("Vucic");
  filter.add_entities("ent_0123456789abcdef");
  filter.add_entity_types(v1::ENTITY_TYPE_MISC);
  auto spec = ToFilterSpec(filter, "filter");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_THAT(spec->outlets, ElementsAre("TASS"));
  EXPECT_THAT(spec->entities, ElementsAre("Vucic", "ent_0123456789abcdef"));
  EXPECT_THAT(spec->entity_types, ElementsAre(v1::ENTITY_TYPE_MISC));
}

TEST(FilterSpecTest, RefusesWhatNamesNoDayNoEntityOrTooMuch) {
  const std::string kDate =
      " is not a date (year 1-9999, month 0-12, day 0-31, a day only with a month)";
  v1::DocumentFilter filter;
  filter.mutable_from_date()->set_year(2023);
  filter.mutable_from_date()->set_month(13);
  EXPECT_THAT(RefusalOf(ToFilterSpec(filter, "filter")),
              Refused("filter.from_date", "INVALID_DATE", "filter.from_date" + kDate));
  filter.mutable_from_date()->set_month(0);
  filter.mutable_from_date()->set_day(4);
  EXPECT_THAT(RefusalOf(ToFilterSpec(filter, "filter")),
              Refused("filter.from_date", "INVALID_DATE", "filter.from_date" + kDate));
  filter.mutable_from_date()->set_month(2);
  filter.mutable_from_date()->set_day(30);
  // A day the month has not: said so, with the date.
  EXPECT_THAT(RefusalOf(ToFilterSpec(filter, "filter")),
              Refused("filter.from_date", "INVALID_DATE",
                      "filter.from_date is not a calendar date: 2023-02-30"));
  filter.mutable_from_date()->set_day(0);
  filter.mutable_to_date()->set_year(10000);
  EXPECT_THAT(RefusalOf(ToFilterSpec(filter, "filter")),
              Refused("filter.to_date", "INVALID_DATE", "filter.to_date" + kDate));
  filter.mutable_to_date()->set_year(2022);
  EXPECT_THAT(
      RefusalOf(ToFilterSpec(filter, "filter")),
      Refused("filter.to_date", "INVALID_DATE_RANGE", "filter.to_date is before filter.from_date"));
  filter.clear_to_date();

  v1::DocumentFilter outlets;
  for (int i = 0; i < 33; ++i) outlets.add_outlets(absl::StrCat("outlet ", i));
  EXPECT_THAT(RefusalOf(ToFilterSpec(outlets, "filter")),
              Refused("filter.outlets", "TOO_MANY_VALUES", "at most 32 outlets"));
  outlets.mutable_outlets()->RemoveLast();
  EXPECT_TRUE(ToFilterSpec(outlets, "filter").ok());

  v1::DocumentFilter entities;
  for (int i = 0; i < 17; ++i) entities.add_entities(absl::StrCat("entity ", i));
  EXPECT_THAT(RefusalOf(ToFilterSpec(entities, "filter")),
              Refused("filter.entities", "TOO_MANY_VALUES", "at most 16 entities"));
  entities.mutable_entities()->RemoveLast();
  EXPECT_TRUE(ToFilterSpec(entities, "filter").ok());
  entities.set_entities(1, " - ");
  EXPECT_THAT(RefusalOf(ToFilterSpec(entities, "filter")),
              Refused("filter.entities[1]", "EMPTY_REFERENCE", "filter.entities[1] names nothing"));
  // A reference is short, so that an answer or error repeating it is too.
  entities.set_entities(1, std::string(1025, 'x'));
  EXPECT_THAT(RefusalOf(ToFilterSpec(entities, "filter")),
              Refused("filter.entities[1]", "REFERENCE_TOO_LONG",
                      "filter.entities[1] is 1025 bytes; an entity reference has at most 1024"));
  entities.set_entities(1, std::string(1024, 'x'));
  EXPECT_TRUE(ToFilterSpec(entities, "filter").ok());
  // A resource name must be an id's.
  entities.set_entities(1, "entities/xyz");
  EXPECT_THAT(RefusalOf(ToFilterSpec(entities, "filter")),
              Refused("filter.entities[1]", "INVALID_ENTITY_ID",
                      "filter.entities[1] is no entity's name: \"entities/ent_\" and 16 "
                      "hexadecimal digits"));
  entities.set_entities(1, " entities/xyz ");
  EXPECT_THAT(RefusalOf(ToFilterSpec(entities, "filter")),
              RefusedFor("filter.entities[1]", "INVALID_ENTITY_ID"));
  entities.set_entities(1, "entities/ent_0123456789abcdef");
  EXPECT_TRUE(ToFilterSpec(entities, "filter").ok());

  v1::DocumentFilter types;
  types.add_entity_types(v1::ENTITY_TYPE_PERSON);
  types.add_entity_types(v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_THAT(RefusalOf(ToFilterSpec(types, "filter")),
              Refused("filter.entity_types[1]", "INVALID_ENUM",
                      "filter.entity_types[1] must be an entity type (1-4)"));
  types.set_entity_types(1, static_cast<v1::EntityType>(5));
  EXPECT_THAT(RefusalOf(ToFilterSpec(types, "filter")),
              RefusedFor("filter.entity_types[1]", "INVALID_ENUM"));
}

// ---------------------------------------------------------------------------
// Documents.

TEST(RequestsTest, GetDocument) {
  v1::GetDocumentRequest request;
  request.set_name("documents/" + std::string(32, 'A'));
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->id, std::string(32, 'a'));
  EXPECT_EQ(spec->view, v1::DOCUMENT_VIEW_FULL) << "GetDocument's default";
  EXPECT_EQ(spec->encoding, v1::ENCODING_TYPE_UTF8);

  request.set_name("documents/nope");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("name", "INVALID_NAME"));
  request.set_name(kId);
  request.set_view(static_cast<v1::DocumentView>(99));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("view", "INVALID_ENUM", "view 99 is not one of the API's"));
  request.set_view(v1::DOCUMENT_VIEW_BASIC);
  request.set_encoding_type(static_cast<v1::EncodingType>(99));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("encoding_type", "INVALID_ENUM", "encoding_type 99 is not one of the API's"));
}

TEST(RequestsTest, ListDocuments) {
  v1::ListDocumentsRequest request;
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->page.size, 50u);
  EXPECT_EQ(spec->view, v1::DOCUMENT_VIEW_BASIC) << "ListDocuments' default";
  EXPECT_FALSE(spec->page.cursor.has_value());
  request.set_page_size(5000);
  EXPECT_EQ(ToSpec(request)->page.size, 1000u);

  request.set_page_size(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("page_size", "INVALID_PAGE_SIZE", "page_size must not be negative"));
  request.set_page_size(0);
  request.set_encoding_type(static_cast<v1::EncodingType>(7));
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("encoding_type", "INVALID_ENUM"));
  request.clear_encoding_type();
  request.set_view(static_cast<v1::DocumentView>(99));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("view", "INVALID_ENUM", "view is not one of the API's"));
  request.clear_view();
  request.set_page_token("garbage!");
  EXPECT_THAT(RefusalOf(ToSpec(request)), Refused("page_token", "INVALID_PAGE_TOKEN",
                                                  "page_token is not one this service issued"));
  request.clear_page_token();
  request.mutable_filter()->mutable_from_date()->set_year(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("filter.from_date", "INVALID_DATE"));
}

TEST(RequestsTest, APageTokenServesOnlyTheRequestItWasIssuedFor) {
  v1::SearchDocumentsRequest first;
  first.set_query("sanctions");
  first.set_page_size(10);
  auto spec = ToSpec(first);
  ASSERT_TRUE(spec.ok()) << spec.status();
  PageCursor cursor;
  cursor.document_limit = 3;
  cursor.id = std::string(16, 'x');
  const std::string token = PageToken(spec->page.fingerprint, cursor);

  // The same search, another page size: the next page.
  v1::SearchDocumentsRequest next = first;
  next.set_page_size(20);
  next.set_page_token(token);
  auto later = ToSpec(next);
  ASSERT_TRUE(later.ok()) << later.status();
  ASSERT_TRUE(later->page.cursor.has_value());
  EXPECT_EQ(later->page.cursor->document_limit, 3u);
  EXPECT_EQ(later->page.cursor->id, cursor.id);
  EXPECT_EQ(later->page.fingerprint, spec->page.fingerprint);
  // Naming the order the first page was made in (a query with words: by
  // relevance) is the same request.
  v1::SearchDocumentsRequest named = next;
  named.set_order(v1::SEARCH_ORDER_RELEVANCE);
  auto same = ToSpec(named);
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(same->page.fingerprint, spec->page.fingerprint);

  // Another query, filter or order: refused.
  const std::string kMismatch =
      "page_token was issued for a different request; send the same query, filter and order as "
      "the first page, or start again without a token";
  for (auto change : std::vector<void (*)(v1::SearchDocumentsRequest*)>{
           [](v1::SearchDocumentsRequest* r) { r->set_query("other"); },
           [](v1::SearchDocumentsRequest* r) { r->mutable_filter()->add_outlets("TASS"); },
           [](v1::SearchDocumentsRequest* r) { r->set_order(v1::SEARCH_ORDER_OLDEST); }}) {
    v1::SearchDocumentsRequest other = next;
    change(&other);
    EXPECT_THAT(RefusalOf(ToSpec(other)), Refused("page_token", "PAGE_TOKEN_MISMATCH", kMismatch));
  }
  // Whatever documents it was issued over: that the store still holds them
  // is checked later, by the searcher (a token both for another request
  // and beyond the store is PAGE_TOKEN_MISMATCH).
  cursor.document_limit = UINT32_MAX;
  v1::SearchDocumentsRequest beyond = next;
  beyond.set_query("other");
  beyond.set_page_token(PageToken(spec->page.fingerprint, cursor));
  EXPECT_THAT(RefusalOf(ToSpec(beyond)), Refused("page_token", "PAGE_TOKEN_MISMATCH", kMismatch));
  // Nor a listing or a quote search.
  v1::ListDocumentsRequest list;
  list.set_page_token(token);
  EXPECT_THAT(RefusalOf(ToSpec(list)), RefusedFor("page_token", "PAGE_TOKEN_MISMATCH"));
  v1::SearchQuotesRequest quotes;
  quotes.set_query("sanctions");
  quotes.set_page_token(token);
  EXPECT_THAT(RefusalOf(ToSpec(quotes)), RefusedFor("page_token", "PAGE_TOKEN_MISMATCH"));
}

// Tokens clients hold: those below are what the code before the boundary
// (036c3df, the last commit before specs; main's query service is the same)
// issued for these requests and pages, made there by searcher.cc's
// Fingerprint and PageTokenFor, stories.cc's and document_store.cc's own
// encodings. Each must still read to the cursor it was issued with, and the
// same page must still be issued the same token: a change to a token's
// encoding, to the hash, or to the fields a fingerprint covers fails here.
// Do not regenerate them: a token that no longer reads is a break of the
// API's promise that a next_page_token serves the next page.
PageCursor Cursor(uint32_t document_limit, uint64_t documents, uint64_t words, float score,
                  uint32_t day, const std::string& id, int32_t quote) {
  PageCursor cursor;
  cursor.document_limit = document_limit;
  cursor.documents = documents;
  cursor.words = words;
  cursor.score = score;
  cursor.day = day;
  cursor.id = id;
  cursor.quote = quote;
  return cursor;
}

void ExpectCursor(const std::optional<PageCursor>& got, const PageCursor& want) {
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->document_limit, want.document_limit);
  EXPECT_EQ(got->documents, want.documents);
  EXPECT_EQ(got->words, want.words);
  EXPECT_EQ(got->score, want.score);
  EXPECT_EQ(got->day, want.day);
  EXPECT_EQ(got->id, want.id);
  EXPECT_EQ(got->quote, want.quote);
}

void SetDate(v1::Date* date, int year, int month, int day) {
  date->set_year(year);
  date->set_month(month);
  date->set_day(day);
}

const std::string kId1 = IdToKey("0123456789abcdef0123456789abcdef");
const std::string kId2 = IdToKey("00112233445566778899aabbccddeeff");

TEST(GoldenPageTokenTest, SearchTokensIssuedBeforeStillRead) {
  {
    // The default order; page size, view and encoding are not pinned.
    const std::string kToken = "CTzCEaiuaduEEiUQsAkYowkgzowVLQAA8UAwzIgtOhABI0VniavN7wEjRWeJq83v";
    v1::SearchDocumentsRequest request;
    request.set_query("sanctions regime");
    request.mutable_filter()->add_outlets("TASS");
    request.mutable_filter()->add_outlets("RIA Novosti");
    SetDate(request.mutable_filter()->mutable_from_date(), 2022, 8, 0);
    request.mutable_filter()->add_entities("Lavrov");
    request.set_page_size(5);
    request.set_view(v1::SEARCH_VIEW_IDS);
    request.set_encoding_type(v1::ENCODING_TYPE_UTF16);
    request.set_page_token(kToken);
    auto spec = ToSpec(request);
    ASSERT_TRUE(spec.ok()) << spec.status();
    EXPECT_EQ(spec->page.fingerprint, 0x84db69aea811c23cu);
    // Last hit: 2022-08-14 (day 738380).
    const PageCursor cursor = Cursor(1200, 1187, 345678, 7.53125f, 738380, kId1, 0);
    ExpectCursor(spec->page.cursor, cursor);
    EXPECT_EQ(PageToken(spec->page.fingerprint, cursor), kToken);
  }
  {
    // An order given, no query.
    const std::string kToken = "CRYGXtlmwKRsEh0QKBgoIKhGMLmELToQABEiM0RVZneImaq7zN3u_w";
    v1::SearchDocumentsRequest request;
    request.set_order(v1::SEARCH_ORDER_OLDEST);
    request.mutable_filter()->add_entity_types(v1::ENTITY_TYPE_PERSON);
    request.mutable_filter()->add_entity_types(v1::ENTITY_TYPE_LOCATION);
    SetDate(request.mutable_filter()->mutable_to_date(), 2023, 0, 0);
    request.set_page_token(kToken);
    auto spec = ToSpec(request);
    ASSERT_TRUE(spec.ok()) << spec.status();
    EXPECT_EQ(spec->page.fingerprint, 0x6ca4c066d95e0616u);
    // Last hit: 2021-03-01 (day 737849).
    const PageCursor cursor = Cursor(40, 40, 9000, 0, 737849, kId2, 0);
    ExpectCursor(spec->page.cursor, cursor);
    EXPECT_EQ(PageToken(spec->page.fingerprint, cursor), kToken);
  }
}

TEST(GoldenPageTokenTest, ListAndQuoteTokensIssuedBeforeStillRead) {
  {
    // Page size and view are not pinned.
    const std::string kToken = "CVUFDkz-qXEwEh0QTRhLILlgMLiJLToQASNFZ4mrze8BI0VniavN7w";
    v1::ListDocumentsRequest request;
    request.mutable_filter()->add_outlets("TASS");
    SetDate(request.mutable_filter()->mutable_to_date(), 2022, 12, 31);
    request.set_view(v1::DOCUMENT_VIEW_FULL);
    request.set_page_size(2);
    request.set_page_token(kToken);
    auto spec = ToSpec(request);
    ASSERT_TRUE(spec.ok()) << spec.status();
    EXPECT_EQ(spec->page.fingerprint, 0x3071a9fe4c0e0555u);
    // Last document: 2022-11-30 (day 738488).
    const PageCursor cursor = Cursor(77, 75, 12345, 0, 738488, kId1, 0);
    ExpectCursor(spec->page.cursor, cursor);
    EXPECT_EQ(PageToken(spec->page.fingerprint, cursor), kToken);
  }
  {
    // Page size and encoding are not pinned.
    const std::string kToken = "CQxiAjeTPaYCEiIQ9AMY8gMgoI0GMIqILToQABEiM0RVZneImaq7zN3u_0AD";
    v1::SearchQuotesRequest request;
    request.set_speaker("Zakharova");
    request.set_about("Kosovo");
    request.set_query("sanctions");
    SetDate(request.mutable_filter()->mutable_from_date(), 2022, 1, 1);
    request.set_page_size(3);
    request.set_encoding_type(v1::ENCODING_TYPE_UTF16);
    request.set_page_token(kToken);
    auto spec = ToSpec(request);
    ASSERT_TRUE(spec.ok()) << spec.status();
    EXPECT_EQ(spec->page.fingerprint, 0x02a63d933702620cu);
    // Last quote: the fourth of a document of 2022-06-09 (day 738314).
    const PageCursor cursor = Cursor(500, 498, 100000, 0, 738314, kId2, 3);
    ExpectCursor(spec->page.cursor, cursor);
    EXPECT_EQ(PageToken(spec->page.fingerprint, cursor), kToken);
  }
}

TEST(GoldenPageTokenTest, StoryAndKnownNameTokensIssuedBeforeStillRead) {
  // The stories_by_date key of a story last dated 2022-08-14:
  // ~738380, big-endian, then the story id.
  const std::string kStoriesToken = "__S7s_7cuph2VDIQ_ty6mHZUMhA";
  const std::string key =
      std::string("\xff\xf4\xbb\xb3", 4) + IdToKey("fedcba9876543210fedcba9876543210");
  v1::ListStoriesRequest stories;
  stories.set_page_token(kStoriesToken);
  auto stories_spec = ToSpec(stories);
  ASSERT_TRUE(stories_spec.ok()) << stories_spec.status();
  EXPECT_EQ(stories_spec->after, key);
  EXPECT_EQ(KeyPageToken(key), kStoriesToken);

  // The position of the next name.
  v1::ListKnownNamesRequest names;
  names.set_page_token("1000");
  auto names_spec = ToSpec(names);
  ASSERT_TRUE(names_spec.ok()) << names_spec.status();
  EXPECT_EQ(names_spec->from, 1000u);
  EXPECT_EQ(PositionPageToken(1000), "1000");
}

TEST(RequestsTest, SearchDocuments) {
  v1::SearchDocumentsRequest request;
  request.set_query("sanctions regime");
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(DebugString(spec->query), "(AND sanctions regime)");
  EXPECT_FALSE(spec->order.has_value()) << "no order asked: by the query";
  EXPECT_EQ(SearchOrderOf(*spec), v1::SEARCH_ORDER_RELEVANCE) << "words: by relevance";
  EXPECT_EQ(spec->view, v1::SEARCH_VIEW_SNIPPETS);
  EXPECT_EQ(spec->page.size, 10u);
  EXPECT_EQ(spec->facet_size, 10u);
  request.set_query("");
  EXPECT_EQ(SearchOrderOf(*ToSpec(request)), v1::SEARCH_ORDER_NEWEST) << "no words: newest first";
  request.set_order(v1::SEARCH_ORDER_OLDEST);
  request.set_page_size(500);
  request.set_facet_size(7);
  request.add_facets(v1::FACET_DATES);
  request.set_encoding_type(v1::ENCODING_TYPE_UTF16);
  spec = ToSpec(request);
  EXPECT_EQ(SearchOrderOf(*spec), v1::SEARCH_ORDER_OLDEST);
  EXPECT_EQ(spec->page.size, 100u);
  EXPECT_EQ(spec->facet_size, 7u);
  EXPECT_THAT(spec->facets, ElementsAre(v1::FACET_DATES));
  EXPECT_EQ(spec->encoding, v1::ENCODING_TYPE_UTF16);

  request = v1::SearchDocumentsRequest();
  request.set_page_size(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_size", "INVALID_PAGE_SIZE"));
  request.clear_page_size();
  request.set_facet_size(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("facet_size", "INVALID_PAGE_SIZE", "facet_size must not be negative"));
  request.clear_facet_size();
  request.set_encoding_type(static_cast<v1::EncodingType>(4));
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("encoding_type", "INVALID_ENUM"));
  request.clear_encoding_type();
  request.set_order(static_cast<v1::SearchOrder>(4));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("order", "INVALID_ENUM", "order is not one of the API's"));
  request.clear_order();
  request.set_view(static_cast<v1::SearchView>(99));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("view", "INVALID_ENUM", "view is not one of the API's"));
  request.clear_view();
  request.add_facets(v1::FACET_OUTLETS);
  request.add_facets(static_cast<v1::Facet>(9));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("facets[1]", "INVALID_ENUM", "facets[1] is not one of the API's facets"));
  request.set_facets(1, v1::FACET_UNSPECIFIED);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("facets[1]", "INVALID_ENUM"));
  request.clear_facets();
  request.set_query("kosovo)");
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("query", "INVALID_QUERY",
                      "query has a closing parenthesis that was never opened (at character 6)"));
  request.set_query("kosovo");
  request.set_page_token("not a token");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_token", "INVALID_PAGE_TOKEN"));
  request.clear_page_token();
  request.mutable_filter()->add_entity_types(static_cast<v1::EntityType>(0));
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("filter.entity_types[0]", "INVALID_ENUM"));
}

TEST(RequestsTest, WatchDocuments) {
  v1::WatchDocumentsRequest request;
  request.set_query("kosovo");
  request.mutable_filter()->add_entities("NATO");
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(DebugString(spec->query), "kosovo");
  EXPECT_THAT(spec->filter.entities, ElementsAre("NATO"));
  request.set_query("NOT kosovo");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("query", "INVALID_QUERY"));
  request.set_query("kosovo");
  request.mutable_filter()->add_entities("");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("filter.entities[1]", "EMPTY_REFERENCE"));
}

TEST(RequestsTest, SearchQuotes) {
  v1::SearchQuotesRequest request;
  request.set_speaker("Zakharova");
  request.set_about("Kosovo");
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->speaker, "Zakharova");
  EXPECT_EQ(spec->about, "Kosovo");
  EXPECT_EQ(spec->page.size, 20u);
  EXPECT_TRUE(MatchesAll(spec->query));
  request.set_page_size(1000);
  EXPECT_EQ(ToSpec(request)->page.size, 200u);
  // The page and the offsets' unit may change between pages; the rest may
  // not.
  v1::SearchQuotesRequest other = request;
  other.set_page_size(3);
  other.set_encoding_type(v1::ENCODING_TYPE_UTF32);
  EXPECT_EQ(ToSpec(other)->page.fingerprint, spec->page.fingerprint);
  other.set_speaker("Lavrov");
  EXPECT_NE(ToSpec(other)->page.fingerprint, spec->page.fingerprint);
  // Kinds: a page of reported speech is no page of every kind's.
  other = request;
  other.add_kinds(v1::QUOTE_KIND_INDIRECT);
  ASSERT_TRUE(ToSpec(other).ok());
  EXPECT_THAT(ToSpec(other)->kinds, ::testing::ElementsAre(v1::QUOTE_KIND_INDIRECT));
  EXPECT_NE(ToSpec(other)->page.fingerprint, spec->page.fingerprint);
  // As a set: order and repeats aside.
  v1::SearchQuotesRequest two = request, swapped = request;
  two.add_kinds(v1::QUOTE_KIND_DIRECT);
  two.add_kinds(v1::QUOTE_KIND_MIXED);
  swapped.add_kinds(v1::QUOTE_KIND_MIXED);
  swapped.add_kinds(v1::QUOTE_KIND_DIRECT);
  swapped.add_kinds(v1::QUOTE_KIND_MIXED);
  EXPECT_EQ(ToSpec(two)->page.fingerprint, ToSpec(swapped)->page.fingerprint);
  other.add_kinds(v1::QUOTE_KIND_UNSPECIFIED);
  EXPECT_THAT(RefusalOf(ToSpec(other)), RefusedFor("kinds[1]", "INVALID_ENUM"));
  other.set_kinds(1, static_cast<v1::QuoteKind>(9));
  EXPECT_THAT(RefusalOf(ToSpec(other)), RefusedFor("kinds[1]", "INVALID_ENUM"));

  request.set_page_size(-2);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_size", "INVALID_PAGE_SIZE"));
  request.set_page_size(0);
  request.set_encoding_type(static_cast<v1::EncodingType>(-1));
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("encoding_type", "INVALID_ENUM"));
  request.clear_encoding_type();
  request.set_query("\"never closed");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("query", "INVALID_QUERY"));
  request.clear_query();
  request.set_page_token("%%%");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_token", "INVALID_PAGE_TOKEN"));
  request.clear_page_token();
  request.mutable_filter()->mutable_to_date()->set_year(2023);
  request.mutable_filter()->mutable_to_date()->set_day(2);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("filter.to_date", "INVALID_DATE"));
}

// ---------------------------------------------------------------------------
// Entities.

TEST(RequestsTest, GetEntity) {
  v1::GetEntityRequest request;
  request.set_name("Zakharova");
  request.set_type(v1::ENTITY_TYPE_PERSON);
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->entity.reference, "Zakharova");
  EXPECT_EQ(spec->entity.type, v1::ENTITY_TYPE_PERSON);
  request.clear_type();
  EXPECT_EQ(ToSpec(request)->entity.type, v1::ENTITY_TYPE_UNSPECIFIED) << "any type";

  request.set_name("  ");
  EXPECT_THAT(RefusalOf(ToSpec(request)), Refused("name", "EMPTY_REFERENCE", "name is required"));
  request.set_name(std::string(4000, 'Z'));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("name", "REFERENCE_TOO_LONG",
                      "name is 4000 bytes; an entity reference has at most 1024"));
  request.set_name("Zakharova");
  request.set_type(static_cast<v1::EntityType>(5));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("type", "INVALID_ENUM", "type must be an entity type (1-4)"));
}

TEST(RequestsTest, SearchEntities) {
  v1::SearchEntitiesRequest request;
  request.set_query("bots");
  request.add_types(v1::ENTITY_TYPE_PERSON);
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->prefix, "bots");
  EXPECT_THAT(spec->types, ElementsAre(v1::ENTITY_TYPE_PERSON));
  EXPECT_EQ(spec->page_size, 10u);
  request.set_page_size(101);
  EXPECT_EQ(ToSpec(request)->page_size, 100u);

  request.set_page_size(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_size", "INVALID_PAGE_SIZE"));
  request.clear_page_size();
  request.set_query(std::string(256, 'a'));
  EXPECT_TRUE(ToSpec(request).ok());
  request.set_query(std::string(257, 'a'));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("query", "QUERY_TOO_LONG", "query is longer than 256 bytes"));
  request.set_query("--");
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("query", "EMPTY_QUERY", "query needs a letter or digit to complete"));
  request.set_query("bots");
  request.add_types(v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("types[1]", "INVALID_ENUM", "types[1] must be an entity type (1-4)"));
}

TEST(RequestsTest, GetEntityTimeline) {
  v1::GetEntityTimelineRequest request;
  request.set_entity("Kosovo");
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->granularity, v1::TIMELINE_GRANULARITY_DAY);
  request.set_granularity(v1::TIMELINE_GRANULARITY_WEEK);
  EXPECT_EQ(ToSpec(request)->granularity, v1::TIMELINE_GRANULARITY_WEEK);

  request.set_granularity(static_cast<v1::TimelineGranularity>(9));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("granularity", "INVALID_ENUM", "granularity is not one of the API's"));
  request.clear_granularity();
  request.set_entity("");
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entity", "EMPTY_REFERENCE", "entity is required"));
  request.set_entity("Kosovo");
  request.set_type(static_cast<v1::EntityType>(-3));
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("type", "INVALID_ENUM"));
  request.clear_type();
  request.mutable_filter()->mutable_from_date()->set_year(2023);
  request.mutable_filter()->mutable_to_date()->set_year(2022);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("filter.to_date", "INVALID_DATE_RANGE"));
}

TEST(RequestsTest, ListCooccurringEntities) {
  v1::ListCooccurringEntitiesRequest request;
  request.set_entity("Serbia");
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->order, v1::COOCCURRENCE_ORDER_COUNT);
  EXPECT_EQ(spec->min_document_count, 2u) << "the API's default";
  EXPECT_EQ(spec->page_size, 20u);
  request.set_min_document_count(1);
  request.set_order(v1::COOCCURRENCE_ORDER_NPMI);
  request.set_page_size(1000);
  spec = ToSpec(request);
  EXPECT_EQ(spec->min_document_count, 1u);
  EXPECT_EQ(spec->order, v1::COOCCURRENCE_ORDER_NPMI);
  EXPECT_EQ(spec->page_size, 100u);

  request = v1::ListCooccurringEntitiesRequest();
  request.set_entity("Serbia");
  request.set_page_size(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_size", "INVALID_PAGE_SIZE"));
  request.clear_page_size();
  request.add_types(static_cast<v1::EntityType>(6));
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("types[0]", "INVALID_ENUM"));
  request.clear_types();
  request.set_order(static_cast<v1::CooccurrenceOrder>(3));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("order", "INVALID_ENUM", "order is not one of the API's"));
  request.clear_order();
  request.set_min_document_count(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)), Refused("min_document_count", "INVALID_COUNT",
                                                  "min_document_count must not be negative"));
  request.clear_min_document_count();
  request.set_entity("!");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("entity", "EMPTY_REFERENCE"));
  request.set_entity("Serbia");
  request.set_type(static_cast<v1::EntityType>(5));
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("type", "INVALID_ENUM"));
  request.clear_type();
  request.mutable_filter()->add_entities("?");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("filter.entities[0]", "EMPTY_REFERENCE"));
}

// ---------------------------------------------------------------------------
// Stories.

TEST(RequestsTest, GetStory) {
  v1::GetStoryRequest request;
  request.set_name("stories/" + kId);
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->id, kId);
  EXPECT_EQ(spec->max_documents, 100u);
  request.set_max_documents(5000);
  EXPECT_EQ(ToSpec(request)->max_documents, 5000u) << "the store caps it";

  request.set_max_documents(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("max_documents", "INVALID_PAGE_SIZE", "max_documents must not be negative"));
  request.clear_max_documents();
  request.set_name("documents/" + kId);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("name", "INVALID_NAME"));
}

TEST(RequestsTest, ListStories) {
  v1::ListStoriesRequest request;
  request.set_min_documents(2);
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->page_size, 0u) << "the store's default";
  EXPECT_EQ(spec->min_documents, 2);
  EXPECT_TRUE(spec->after.empty());
  const std::string key(20, '\x01');
  request.set_page_token(KeyPageToken(key));
  EXPECT_EQ(ToSpec(request)->after, key);

  request.set_page_token(KeyPageToken(std::string(19, '\x01')));
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_token", "INVALID_PAGE_TOKEN"));
  request.clear_page_token();
  request.set_page_size(-5);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_size", "INVALID_PAGE_SIZE"));
  request.clear_page_size();
  request.set_min_documents(-3);
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("min_documents", "INVALID_COUNT", "min_documents must not be negative"));
  request.clear_min_documents();
  // A filter as ListDocuments takes it.
  request.mutable_filter()->add_entities("Gordon Brown");
  spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_THAT(spec->filter.entities, ::testing::ElementsAre("Gordon Brown"));
  EXPECT_TRUE(spec->filter.any());
  request.mutable_filter()->mutable_from_date()->set_year(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("filter.from_date", "INVALID_DATE"));
}

// ---------------------------------------------------------------------------
// Registry curation.

TEST(RequestsTest, MergeEntities) {
  v1::MergeEntitiesRequest request;
  request.set_entity("North Atlantic Treaty Organization");
  request.set_into("NATO");
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->entity, "North Atlantic Treaty Organization");
  EXPECT_EQ(spec->into, "NATO");
  request.set_into("");
  EXPECT_THAT(RefusalOf(ToSpec(request)), Refused("into", "EMPTY_REFERENCE", "into is required"));
  request.set_entity(".");
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entity", "EMPTY_REFERENCE", "entity is required"));
}

TEST(RequestsTest, SetEntityType) {
  v1::SetEntityTypeRequest request;
  request.set_entity("Police Federation");
  request.set_type(v1::ENTITY_TYPE_ORGANIZATION);
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->entity, "Police Federation");
  EXPECT_EQ(spec->type, v1::ENTITY_TYPE_ORGANIZATION);
  request.set_type(v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("type", "INVALID_ENUM", "type must be an entity type (1-4)"));
  request.set_type(static_cast<v1::EntityType>(9));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("type", "INVALID_ENUM", "type must be an entity type (1-4)"));
  request.set_entity("");
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entity", "EMPTY_REFERENCE", "entity is required"));
}

TEST(RequestsTest, AddEntityAlias) {
  v1::AddEntityAliasRequest request;
  request.set_entity("NATO");
  request.set_alias("The Alliance");
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->alias, "The Alliance");
  const std::string kAlias = "alias needs a letter or digit, and at most 256 bytes";
  request.set_alias(std::string(256, 'a'));
  EXPECT_TRUE(ToSpec(request).ok());
  request.set_alias(std::string(257, 'a'));
  EXPECT_THAT(RefusalOf(ToSpec(request)), Refused("alias", "INVALID_ALIAS", kAlias));
  request.set_alias("---");
  EXPECT_THAT(RefusalOf(ToSpec(request)), Refused("alias", "INVALID_ALIAS", kAlias));
  request.set_entity("");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("entity", "EMPTY_REFERENCE"));
}

// SplitEntityAlias and RemoveEntityAlias name an entity and a spelling of
// it alike.
template <typename Request>
void ExpectAnEntityAndASpelling(const std::string& entity, const std::string& alias,
                                const std::string& no_alias) {
  Request request;
  request.set_entity(entity);
  request.set_alias(alias);
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->entity, entity);
  EXPECT_EQ(spec->alias, alias);
  request.set_alias(no_alias);
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("alias", "INVALID_ALIAS", "alias needs a letter or digit"));
  request.set_entity("");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("entity", "EMPTY_REFERENCE"));
}

TEST(RequestsTest, SplitEntityAlias) {
  ExpectAnEntityAndASpelling<v1::SplitEntityAliasRequest>("ent_0123456789abcdef",
                                                          "North Atlantic Treaty Organization", "");
}

TEST(RequestsTest, RemoveEntityAlias) {
  ExpectAnEntityAndASpelling<v1::RemoveEntityAliasRequest>("NATO", "The Alliance", "...");
}

TEST(RequestsTest, ImportKnowledgeBase) {
  v1::ImportKnowledgeBaseRequest request;
  v1::KnowledgeBaseEntity* us = request.add_entities();
  us->set_name("United States of America");
  us->add_aliases("U.S.");
  us->add_aliases(" ");
  us->add_aliases("America");
  us->set_type(v1::ENTITY_TYPE_LOCATION);
  (*us->mutable_external_ids())["wikidata"] = "Q30";
  (*us->mutable_external_ids())["geonames"] = "6252001";
  us->mutable_coordinates()->set_latitude(39.76);
  us->mutable_coordinates()->set_longitude(-98.5);
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  ASSERT_EQ(spec->entities.size(), 1u);
  const KnowledgeBaseEntry& entry = spec->entities[0];
  EXPECT_EQ(entry.name, "United States of America");
  EXPECT_EQ(entry.type, v1::ENTITY_TYPE_LOCATION);
  EXPECT_THAT(entry.aliases, ElementsAre("U.S.", "America")) << "what names nothing goes";
  EXPECT_THAT(entry.external_ids,
              ElementsAre(Pair("geonames", "6252001"), Pair("wikidata", "Q30")));
  EXPECT_TRUE(entry.has_coordinates);
  EXPECT_EQ(entry.latitude, 39.76);
  EXPECT_EQ(entry.longitude, -98.5);

  v1::KnowledgeBaseEntity* tuvalu = request.add_entities();
  tuvalu->set_name("Tuvalu");
  tuvalu->set_type(v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_THAT(RefusalOf(ToSpec(request)), Refused("entities[1].type", "INVALID_ENUM",
                                                  "entities[1].type must be an entity type (1-4)"));
  tuvalu->set_type(v1::ENTITY_TYPE_LOCATION);
  tuvalu->set_name("");
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entities[1].name", "EMPTY_NAME", "entities[1].name is required"));
  tuvalu->set_name("Tuvalu");
  tuvalu->mutable_coordinates()->set_latitude(500);
  tuvalu->mutable_coordinates()->set_longitude(900);
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entities[1].coordinates", "INVALID_COORDINATES",
                      "entities[1].coordinates: latitude must be in [-90, 90] and longitude in "
                      "[-180, 180]; got 500, 900"));
  tuvalu->mutable_coordinates()->set_latitude(-8.5);
  tuvalu->mutable_coordinates()->set_longitude(179.2);
  // Every answer that names an entity stays small: its name, aliases and
  // ids are bounded.
  tuvalu->set_name(std::string(257, 'T'));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entities[1].name", "NAME_TOO_LONG",
                      "entities[1].name is 257 bytes; the limit is 256"));
  tuvalu->set_name(std::string(256, 'T'));
  EXPECT_TRUE(ToSpec(request).ok());
  tuvalu->set_name("Tuvalu");
  tuvalu->add_aliases("Ellice Islands");
  tuvalu->add_aliases(std::string(257, 'e'));
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entities[1].aliases[1]", "INVALID_ALIAS",
                      "entities[1].aliases[1] is 257 bytes; the limit is 256"));
  tuvalu->clear_aliases();
  for (int i = 0; i <= 1000; ++i) tuvalu->add_aliases(absl::StrCat("Tuvalu ", i));
  EXPECT_THAT(RefusalOf(ToSpec(request)), Refused("entities[1].aliases", "TOO_MANY_ALIASES",
                                                  "entities[1] has 1001 aliases; at most 1000"));
  tuvalu->mutable_aliases()->RemoveLast();
  EXPECT_TRUE(ToSpec(request).ok());
  tuvalu->clear_aliases();
  (*tuvalu->mutable_external_ids())["wikidata"] = std::string(257, '9');
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entities[1].external_ids", "INVALID_EXTERNAL_ID",
                      "entities[1]: an external id's knowledge base and value must each have 1 "
                      "to 256 bytes"));
  tuvalu->clear_external_ids();
  for (int i = 0; i < 17; ++i) (*tuvalu->mutable_external_ids())[absl::StrCat("kb", i)] = "1";
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entities[1].external_ids", "TOO_MANY_EXTERNAL_IDS",
                      "entities[1] has 17 external ids; at most 16"));
  tuvalu->clear_external_ids();
  while (request.entities_size() < 1000) *request.add_entities() = *tuvalu;
  EXPECT_TRUE(ToSpec(request).ok());
  *request.add_entities() = *tuvalu;
  EXPECT_THAT(RefusalOf(ToSpec(request)),
              Refused("entities", "BATCH_TOO_LARGE", "at most 1000 entities a call"));
}

TEST(RequestsTest, ListKnownNames) {
  v1::ListKnownNamesRequest request;
  auto spec = ToSpec(request);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->page_size, 1000u);
  EXPECT_EQ(spec->from, 0u);
  request.set_page_size(20000);
  request.set_page_token(PositionPageToken(2000));
  spec = ToSpec(request);
  EXPECT_EQ(spec->page_size, 10000u);
  EXPECT_EQ(spec->from, 2000u);

  request.set_page_token("next");
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_token", "INVALID_PAGE_TOKEN"));
  request.set_page_size(-1);
  EXPECT_THAT(RefusalOf(ToSpec(request)), RefusedFor("page_size", "INVALID_PAGE_SIZE"));
}

// ---------------------------------------------------------------------------
// IndexService.

TEST(RequestsTest, IndexAndDeleteBatchesAreCapped) {
  internal::v1::IndexDocumentsRequest index;
  for (int i = 0; i < 1000; ++i) index.add_documents()->set_id(absl::StrCat(i));
  auto documents = ToDocuments(index);
  ASSERT_TRUE(documents.ok());
  ASSERT_EQ(documents->size(), 1000u);
  EXPECT_EQ((*documents)[7], &index.documents(7)) << "the request's own documents";
  index.add_documents();
  EXPECT_THAT(RefusalOf(ToDocuments(index)),
              Refused("documents", "BATCH_TOO_LARGE", "at most 1000 documents per call; got 1001"));

  internal::v1::DeleteDocumentsRequest remove;
  remove.add_document_ids(kId);
  remove.add_document_ids("documents/" + std::string(32, 'B'));
  auto ids = ToDocumentIds(remove);
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_THAT(*ids, ElementsAre(kId, std::string(32, 'b')));
  remove.add_document_ids("nope");
  EXPECT_THAT(RefusalOf(ToDocumentIds(remove)), RefusedFor("document_ids[2]", "INVALID_NAME"));
  remove.clear_document_ids();
  for (int i = 0; i < 1001; ++i) remove.add_document_ids(kId);
  EXPECT_THAT(RefusalOf(ToDocumentIds(remove)),
              Refused("document_ids", "BATCH_TOO_LARGE", "at most 1000 ids per call; got 1001"));
}

}  // namespace
}  // namespace dossier::query
