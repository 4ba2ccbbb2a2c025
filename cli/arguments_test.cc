#include "cli/arguments.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "common/time_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dossier::cli {
namespace {

TEST(ArgumentsTest, DatesMayBeADayAMonthOrAYear) {
  auto day = ParseDateArgument("--from", "2022-08-01");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(FormatDate(*day), "2022-08-01");
  auto month = ParseDateArgument("--from", "2022-08");
  ASSERT_TRUE(month.ok()) << month.status();
  EXPECT_EQ(month->day(), 0);
  EXPECT_EQ(month->month(), 8);
  auto year = ParseDateArgument("--from", "2022");
  ASSERT_TRUE(year.ok()) << year.status();
  EXPECT_EQ(year->month(), 0);
  EXPECT_EQ(ParseDateArgument("--to", "2024-02-29")->day(), 29);

  for (const char* bad : {"", "22", "2022-13", "2022-00", "2023-02-29", "2022-08-32", "2022-8-1-1",
                          "2022-", "+022", "2022-+8", "0000", "yesterday"}) {
    auto date = ParseDateArgument("--to", bad);
    EXPECT_FALSE(date.ok()) << bad;
    EXPECT_THAT(date.status().message(), ::testing::HasSubstr("--to")) << bad;
  }
}

// dossier quotes --kind: quoted speech is direct and mixed quotes.
TEST(ArgumentsTest, QuoteKindsAreWords) {
  EXPECT_THAT(*ParseQuoteKinds(""), ::testing::IsEmpty());
  EXPECT_THAT(*ParseQuoteKinds("quoted"),
              ::testing::ElementsAre(v1::QUOTE_KIND_DIRECT, v1::QUOTE_KIND_MIXED));
  EXPECT_THAT(*ParseQuoteKinds("reported, direct"),
              ::testing::ElementsAre(v1::QUOTE_KIND_INDIRECT, v1::QUOTE_KIND_DIRECT));
  EXPECT_EQ(ParseQuoteKinds("verbatim").status().message(),
            "--kind=verbatim: not quoted, reported, direct or mixed");
}

TEST(ArgumentsTest, TypesAndOrdersAreWordsInAnyCase) {
  EXPECT_EQ(*ParseEntityType("--type", "Person"), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(*ParseEntityType("--type", "ORG"), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(*ParseEntityType("--type", "location"), v1::ENTITY_TYPE_LOCATION);
  EXPECT_EQ(*ParseEntityType("--type", "misc"), v1::ENTITY_TYPE_MISC);
  // The words the README's prose uses too.
  EXPECT_EQ(*ParseEntityType("--type", "place"), v1::ENTITY_TYPE_LOCATION);
  EXPECT_EQ(*ParseEntityType("--type", "organisation"), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_FALSE(ParseEntityType("--type", "planet").ok());
  EXPECT_EQ(*ParseOneEntityType("--type", {}), v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_FALSE(ParseOneEntityType("--type", {"person", "org"}).ok());
  EXPECT_EQ(*ParseSearchOrder(""), v1::SEARCH_ORDER_UNSPECIFIED);
  EXPECT_EQ(*ParseSearchOrder("Newest"), v1::SEARCH_ORDER_NEWEST);
  EXPECT_FALSE(ParseSearchOrder("best").ok());
  EXPECT_EQ(*ParseGranularity("week"), v1::TIMELINE_GRANULARITY_WEEK);
  EXPECT_FALSE(ParseGranularity("").ok());
  EXPECT_EQ(*ParseCooccurrenceOrder("npmi"), v1::COOCCURRENCE_ORDER_NPMI);
}

TEST(ArgumentsTest, FilterFlagsMakeADocumentFilter) {
  FilterFlags flags;
  flags.from = "2022-08";
  flags.to = "2022-08-31";
  flags.outlets = {"TASS", ""};
  flags.entities = {"Vucic", "Zakharova"};
  flags.types = {"person", "org"};
  auto filter = ParseFilter(flags);
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_EQ(FormatDate(filter->from_date()), "2022-08");
  EXPECT_EQ(FormatDate(filter->to_date()), "2022-08-31");
  EXPECT_THAT(filter->outlets(), ::testing::ElementsAre("TASS"));
  EXPECT_THAT(filter->entities(), ::testing::ElementsAre("Vucic", "Zakharova"));
  EXPECT_THAT(filter->entity_types(),
              ::testing::ElementsAre(v1::ENTITY_TYPE_PERSON, v1::ENTITY_TYPE_ORGANIZATION));

  EXPECT_TRUE(ParseFilter({}).ok());
  auto range = [](const char* from, const char* to) {
    FilterFlags flags;
    flags.from = from;
    flags.to = to;
    return ParseFilter(flags).ok();
  };
  // A month and the year it is in overlap; a range that ends first does not.
  EXPECT_TRUE(range("2022-08", "2022"));
  EXPECT_TRUE(range("2022-08-31", "2022-08"));
  EXPECT_FALSE(range("2022-09", "2022-08-31"));
  FilterFlags planet;
  planet.types = {"planet"};
  EXPECT_FALSE(ParseFilter(planet).ok());
}

TEST(ArgumentsTest, AddressesAreHostAndPortOrAGrpcTarget) {
  for (const char* good :
       {"127.0.0.1:50051", "localhost:1", "query.dossier.svc:65535", "[::1]:50053",
        "dns:///query:50053", "unix:/run/dossier/query.sock", "ipv4:10.0.0.1:80",
        "unix:///tmp/x.sock", "ipv6:[::1]:50053", "xds:///query", "[fe80::1%eth0]:50053",
        "query.dossier.svc.cluster.local:50053"}) {
    EXPECT_TRUE(CheckAddress("--query", good, "127.0.0.1:50053").ok())
        << good << ": " << CheckAddress("--query", good, "127.0.0.1:50053");
  }
  const std::vector<std::pair<const char*, const char*>> bad = {
      {"nonsense", "no port"},
      {"nonsense:abc", "\"abc\" is not a port"},
      {"localhost:0", "\"0\" is not a port"},
      {"localhost:65536", "\"65536\" is not a port"},
      {"localhost:+80", "\"+80\" is not a port"},
      {":50051", "no host"},
      {"::1:50051", "in brackets"},
      {"[::1:50051", "in brackets"},
      {"my host:50051", "the host has a space"},
      {"unix:", "nothing follows \"unix:\""},
      {"", "empty"},
      {"[::1]", "no port"},
      {"[]:50053", "no host"},
      {"http://localhost:50053", "\"http:\" is not a gRPC scheme"},
      {"h\xc3\xb6st:50053", "a character outside ASCII"}};
  for (const auto& [address, says] : bad) {
    const absl::Status status = CheckAddress("--query", address, "127.0.0.1:50053");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << address;
    EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr(says)) << address;
    EXPECT_THAT(std::string(status.message()),
                ::testing::StartsWith(absl::StrCat("--query=", address, ": ")));
    EXPECT_THAT(std::string(status.message()),
                ::testing::EndsWith("(expected HOST:PORT, as 127.0.0.1:50053)"));
  }
}

}  // namespace
}  // namespace dossier::cli
