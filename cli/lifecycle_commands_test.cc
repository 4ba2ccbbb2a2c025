#include "cli/lifecycle_commands.h"

#include "gtest/gtest.h"

namespace dossier::cli {
namespace {

TEST(CsvFieldTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvField("TASS"), "TASS");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("Moscow, Russia"), "\"Moscow, Russia\"");
  EXPECT_EQ(CsvField("\"No,\" she said"), "\"\"\"No,\"\" she said\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
}

}  // namespace
}  // namespace dossier::cli
