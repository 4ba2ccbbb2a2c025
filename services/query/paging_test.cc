#include "services/query/paging.h"

#include <string>

#include "common/status.h"
#include "dossier/v1/query_service.pb.h"
#include "gtest/gtest.h"

namespace dossier::query {
namespace {

TEST(PagingTest, PageSizeFallsBackForZeroAndIsCappedAtTheMost) {
  EXPECT_EQ(*PageSize(0, 10, 100), 10u);
  EXPECT_EQ(*PageSize(7, 10, 100), 7u);
  EXPECT_EQ(*PageSize(100, 10, 100), 100u);
  EXPECT_EQ(*PageSize(5000, 10, 100), 100u);
}

TEST(PagingTest, ANegativePageSizeIsRefusedNamingItsField) {
  const absl::Status status = PageSize(-1, 10, 100, "max_documents").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), "INVALID_PAGE_SIZE");
  EXPECT_EQ(status.message(), "max_documents must not be negative");
  EXPECT_EQ(ErrorReason(PageSize(-3, 10, 100).status()), "INVALID_PAGE_SIZE");
}

TEST(PagingTest, AForeignTokenIsInvalidArgument) {
  const absl::Status status = InvalidPageTokenError();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), "INVALID_PAGE_TOKEN");
}

TEST(PagingTest, APageTokenGivesBackItsCursorForItsOwnRequestOnly) {
  PageCursor cursor;
  cursor.document_limit = 57;
  cursor.documents = 55;
  cursor.words = 1234;
  cursor.score = 1.5f;
  cursor.day = 738000;
  cursor.id = std::string(16, '\x07');
  cursor.quote = 3;
  const std::string token = PageToken(42, cursor);
  auto back = ParsePageToken(token, 42);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ((*back)->document_limit, 57u);
  EXPECT_EQ((*back)->documents, 55u);
  EXPECT_EQ((*back)->words, 1234u);
  EXPECT_EQ((*back)->score, 1.5f);
  EXPECT_EQ((*back)->day, 738000u);
  EXPECT_EQ((*back)->id, cursor.id);
  EXPECT_EQ((*back)->quote, 3);
  EXPECT_EQ(ErrorReason(ParsePageToken(token, 43).status()), "PAGE_TOKEN_MISMATCH");
  EXPECT_EQ(ErrorReason(ParsePageToken("not a token", 42).status()), "INVALID_PAGE_TOKEN");
  auto none = ParsePageToken("", 42);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(PagingTest, PositionAndKeyTokensRoundTrip) {
  EXPECT_EQ(*ParsePositionPageToken(PositionPageToken(1234)), 1234u);
  EXPECT_EQ(*ParsePositionPageToken(""), 0u);
  EXPECT_EQ(ErrorReason(ParsePositionPageToken("12x").status()), "INVALID_PAGE_TOKEN");
  const std::string key = std::string("\0\x01\xff", 3);
  EXPECT_EQ(*ParseKeyPageToken(KeyPageToken(key), 3), key);
  EXPECT_EQ(*ParseKeyPageToken("", 3), "");
  EXPECT_EQ(ErrorReason(ParseKeyPageToken(KeyPageToken(key), 4).status()), "INVALID_PAGE_TOKEN");
  EXPECT_EQ(ErrorReason(ParseKeyPageToken("!!", 3).status()), "INVALID_PAGE_TOKEN");
}

TEST(PagingTest, ABudgetEndsThePageBeforeTheItemThatWouldOverflowIt) {
  // 100 bytes, 10 used by the response already, 20 kept for the token:
  // 70 for items.
  PageBudget budget(100, 10, 20);
  EXPECT_TRUE(budget.Take(40));
  EXPECT_TRUE(budget.Take(30));
  EXPECT_FALSE(budget.Take(1));
  EXPECT_EQ(budget.taken(), 2u);
}

TEST(PagingTest, TheFirstItemAlwaysGoesIn) {
  PageBudget budget(100, 90, 20);
  EXPECT_TRUE(budget.Take(1000));
  EXPECT_FALSE(budget.Take(0));
  EXPECT_EQ(budget.taken(), 1u);
}

TEST(PagingTest, ElementBytesIsWhatARepeatedFieldGrowsBy) {
  v1::EntitySummary item;
  item.set_name(std::string(300, 'x'));  // a two-byte length
  v1::SearchEntitiesResponse response;
  const size_t before = response.ByteSizeLong();
  *response.add_entities() = item;
  EXPECT_EQ(response.ByteSizeLong() - before, ElementBytes(item));
}

}  // namespace
}  // namespace dossier::query
