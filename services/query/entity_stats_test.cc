// The merge of entity statistics: days widen, and a delete's operand that
// recomputed them (replace_days, on the entity or on a role) replaces them,
// whether it meets the stored value directly or through a partial merge.
#include "services/query/entity_stats.h"

#include <deque>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/merge_operator.h"

namespace dossier::query {
namespace {

store::v1::EntityStats WithRole(const std::string& title, int count, uint32_t first, uint32_t last,
                                bool replace = false) {
  store::v1::EntityStats stats;
  store::v1::EntityRole* role = stats.add_roles();
  role->set_title(title);
  role->set_count(count);
  role->set_first_day(first);
  role->set_last_day(last);
  role->set_replace_days(replace);
  return stats;
}

TEST(EntityStatsTest, RoleDaysWidenAndADeletesOperandReplacesThem) {
  store::v1::EntityStats stored = WithRole("spokeswoman", 1, 100, 100);
  MergeEntityStats(WithRole("spokeswoman", 1, 300, 300), &stored);
  MergeEntityStats(WithRole("spokeswoman", 1, 200, 200), &stored);
  ASSERT_EQ(stored.roles_size(), 1);
  EXPECT_EQ(stored.roles(0).count(), 3);
  EXPECT_EQ(stored.roles(0).first_day(), 100u);
  EXPECT_EQ(stored.roles(0).last_day(), 300u);

  // The delete of day 100's document: the role now runs 200..300.
  MergeEntityStats(WithRole("spokeswoman", -1, 200, 300, /*replace=*/true), &stored);
  EXPECT_EQ(stored.roles(0).count(), 2);
  EXPECT_EQ(stored.roles(0).first_day(), 200u);
  EXPECT_EQ(stored.roles(0).last_day(), 300u);
}

// A role's undated marks follow its days: a document that moves a day
// brings its mark; one of the same day keeps it undated only if it is
// undated too; a delete's operand replaces them with the days.
TEST(EntityStatsTest, RoleUndatedMarksFollowTheirDays) {
  auto undated = [](store::v1::EntityStats stats, bool first, bool last) {
    stats.mutable_roles(0)->set_first_undated(first);
    stats.mutable_roles(0)->set_last_undated(last);
    return stats;
  };
  store::v1::EntityStats stored = undated(WithRole("envoy", 1, 200, 200), true, true);
  MergeEntityStats(undated(WithRole("envoy", 1, 200, 200), false, false), &stored);
  EXPECT_FALSE(stored.roles(0).first_undated());
  EXPECT_FALSE(stored.roles(0).last_undated());
  MergeEntityStats(undated(WithRole("envoy", 1, 300, 300), true, true), &stored);
  EXPECT_FALSE(stored.roles(0).first_undated());
  EXPECT_TRUE(stored.roles(0).last_undated());
  MergeEntityStats(undated(WithRole("envoy", 1, 300, 300), true, true), &stored);
  EXPECT_TRUE(stored.roles(0).last_undated());
  MergeEntityStats(undated(WithRole("envoy", 1, 100, 100), true, true), &stored);
  EXPECT_TRUE(stored.roles(0).first_undated());
  MergeEntityStats(undated(WithRole("envoy", -1, 200, 300, /*replace=*/true), false, true),
                   &stored);
  EXPECT_EQ(stored.roles(0).first_day(), 200u);
  EXPECT_FALSE(stored.roles(0).first_undated());
  EXPECT_TRUE(stored.roles(0).last_undated());
}

TEST(EntityStatsTest, APartialMergeKeepsTheReplacementAndWidensWhatFollows) {
  // A delete's operand, then a new document's, merged with each other
  // before they meet the stored value.
  store::v1::EntityStats operand;
  MergeEntityStats(WithRole("envoy", -1, 200, 200, /*replace=*/true), &operand);
  MergeEntityStats(WithRole("envoy", 1, 400, 400), &operand);
  ASSERT_EQ(operand.roles_size(), 1);
  EXPECT_TRUE(operand.roles(0).replace_days());

  store::v1::EntityStats stored = WithRole("envoy", 2, 100, 200);
  MergeEntityStats(operand, &stored);
  EXPECT_EQ(stored.roles(0).count(), 2);
  EXPECT_EQ(stored.roles(0).first_day(), 200u);
  EXPECT_EQ(stored.roles(0).last_day(), 400u);
}

// The other order: a new document's operand, then a delete's, merged with
// each other first. The delete's days were computed with the new document
// in the store, so they stand, and the merged operand still replaces.
TEST(EntityStatsTest, AnAddThenADeleteMergeToAnOperandThatReplaces) {
  store::v1::EntityStats operand;
  MergeEntityStats(WithRole("envoy", 1, 400, 400), &operand);
  MergeEntityStats(WithRole("envoy", -1, 200, 400, /*replace=*/true), &operand);
  ASSERT_EQ(operand.roles_size(), 1);
  EXPECT_TRUE(operand.roles(0).replace_days());
  EXPECT_EQ(operand.roles(0).first_day(), 200u);

  store::v1::EntityStats stored = WithRole("envoy", 2, 100, 200);
  MergeEntityStats(operand, &stored);
  EXPECT_EQ(stored.roles(0).count(), 2);
  EXPECT_EQ(stored.roles(0).first_day(), 200u);
  EXPECT_EQ(stored.roles(0).last_day(), 400u);
}

// Through RocksDB's operator: a partial merge keeps the flag, the full
// merge applies it and stores none.
TEST(EntityStatsTest, TheOperatorStoresNoReplaceFlag) {
  const auto op = NewEntityStatsMergeOperator();
  const std::string add = WithRole("envoy", 1, 400, 400).SerializeAsString();
  const std::string remove = WithRole("envoy", -1, 200, 400, /*replace=*/true).SerializeAsString();
  std::string partial;
  ASSERT_TRUE(
      op->PartialMergeMulti("k", std::deque<rocksdb::Slice>{add, remove}, &partial, nullptr));
  store::v1::EntityStats merged;
  ASSERT_TRUE(merged.ParseFromString(partial));
  EXPECT_TRUE(merged.roles(0).replace_days());

  const std::string existing = WithRole("envoy", 2, 100, 200).SerializeAsString();
  const rocksdb::Slice existing_slice(existing);
  const std::vector<rocksdb::Slice> operands = {partial};
  std::string value;
  rocksdb::Slice existing_operand;
  rocksdb::MergeOperator::MergeOperationOutput out(value, existing_operand);
  ASSERT_TRUE(op->FullMergeV2(
      rocksdb::MergeOperator::MergeOperationInput("k", &existing_slice, operands, nullptr), &out));
  store::v1::EntityStats stored;
  ASSERT_TRUE(stored.ParseFromString(value));
  ASSERT_EQ(stored.roles_size(), 1);
  EXPECT_FALSE(stored.roles(0).replace_days());
  EXPECT_EQ(stored.roles(0).count(), 2);
  EXPECT_EQ(stored.roles(0).first_day(), 200u);
  EXPECT_EQ(stored.roles(0).last_day(), 400u);
}

}  // namespace
}  // namespace dossier::query
