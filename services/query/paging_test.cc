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
