// Temporal expressions: each construction on small texts, resolved against
// chosen document dates, then the seeds with the real model.
#include "services/tagger/temporal.h"

#include <filesystem>
#include <map>
#include <string>

#include "absl/strings/match.h"
#include "common/time_util.h"
#include "gtest/gtest.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::tagger {

using text::Tokenize;

namespace {

constexpr auto kDay = v1::TEMPORAL_GRANULARITY_DAY;
constexpr auto kWeek = v1::TEMPORAL_GRANULARITY_WEEK;
constexpr auto kMonth = v1::TEMPORAL_GRANULARITY_MONTH;
constexpr auto kYear = v1::TEMPORAL_GRANULARITY_YEAR;
constexpr auto kQuarter = v1::TEMPORAL_GRANULARITY_QUARTER;
constexpr auto kDecade = v1::TEMPORAL_GRANULARITY_DECADE;
constexpr auto kSeason = v1::TEMPORAL_GRANULARITY_SEASON;
constexpr auto kCentury = v1::TEMPORAL_GRANULARITY_CENTURY;

v1::Annotations Dates(const std::string& text, std::optional<absl::CivilDay> document_date,
                      v1::Annotations annotations = {}) {
  FindTemporalExpressions(text, Tokenize(text), document_date, &annotations);
  return annotations;
}

std::string Describe(const v1::Annotations& a) {
  std::string out;
  for (const auto& t : a.temporal_expressions()) {
    out += "\n  \"" + t.text() + "\" " + v1::TemporalGranularity_Name(t.granularity()) + " " +
           (t.value().empty() ? "(unresolved)" : t.value());
  }
  return out.empty() ? " none" : out;
}

// Whether `a` has an expression whose text is `text`, of `granularity`,
// with `value` ("" for unresolved, and then no date).
::testing::AssertionResult Has(const v1::Annotations& a, const std::string& text,
                               v1::TemporalGranularity granularity, const std::string& value) {
  for (const auto& t : a.temporal_expressions()) {
    if (t.text() != text) continue;
    if (t.granularity() != granularity || t.value() != value || t.has_date() != !value.empty()) {
      return ::testing::AssertionFailure() << "\"" << text << "\" is" << Describe(a);
    }
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no \"" << text << "\"; found:" << Describe(a);
}

std::string SpanText(const std::string& text, const v1::TemporalExpression& t) {
  return text.substr(t.span().begin(), t.span().end() - t.span().begin());
}

TEST(TimeUtilTest, IsoWeeks) {
  EXPECT_EQ(FormatIsoWeek(absl::CivilDay(2023, 2, 13)), "2023-W07");
  EXPECT_EQ(FormatIsoWeek(absl::CivilDay(2023, 2, 19)), "2023-W07");
  EXPECT_EQ(FormatIsoWeek(absl::CivilDay(2021, 1, 3)), "2020-W53");
  EXPECT_EQ(FormatIsoWeek(absl::CivilDay(2024, 12, 30)), "2025-W01");
  EXPECT_EQ(IsoWeekStart(absl::CivilDay(2022, 8, 7)), absl::CivilDay(2022, 8, 1));
  EXPECT_EQ(WeekdayFromName("SUNDAY"), absl::Weekday::sunday);
  EXPECT_FALSE(WeekdayFromName("Sun").has_value());
}

TEST(TemporalTest, AbsoluteDatesNeedNoDocumentDate) {
  const std::string text =
      "The operation began on February 24, 2022. Talks were held on 24 "
      "February 2022 and on "
      "2022-08-01, in February 2022 and in 2014. Feb 26, 2021 too.";
  const v1::Annotations a = Dates(text, std::nullopt);
  EXPECT_TRUE(Has(a, "February 24, 2022", kDay, "2022-02-24"));
  EXPECT_TRUE(Has(a, "24 February 2022", kDay, "2022-02-24"));
  EXPECT_TRUE(Has(a, "2022-08-01", kDay, "2022-08-01"));
  EXPECT_TRUE(Has(a, "February 2022", kMonth, "2022-02"));
  EXPECT_TRUE(Has(a, "2014", kYear, "2014"));
  EXPECT_TRUE(Has(a, "Feb 26, 2021", kDay, "2021-02-26"));
  EXPECT_EQ(a.temporal_expressions_size(), 6) << Describe(a);
  for (const auto& t : a.temporal_expressions()) {
    EXPECT_EQ(SpanText(text, t), t.text());
    // The date is the period's first day.
    EXPECT_TRUE(IsFullDate(t.date())) << t.text();
  }
  EXPECT_EQ(FormatDate(a.temporal_expressions(3).date()), "2022-02-01");
  EXPECT_EQ(FormatDate(a.temporal_expressions(4).date()), "2014-01-01");
}

TEST(TemporalTest, ADayWithoutAYearIsTheNearestOnOrBeforeTheDocument) {
  EXPECT_TRUE(Has(Dates("Earlier, on February 10, he spoke.", absl::CivilDay(2023, 2, 13)),
                  "February 10", kDay, "2023-02-10"));
  EXPECT_TRUE(Has(Dates("It was signed on December 30.", absl::CivilDay(2023, 1, 5)), "December 30",
                  kDay, "2022-12-30"));
  EXPECT_TRUE(Has(Dates("It was signed on 13 February.", absl::CivilDay(2023, 2, 13)),
                  "13 February", kDay, "2023-02-13"));
  EXPECT_TRUE(Has(Dates("It was signed on September 1.", absl::CivilDay(2023, 2, 13)),
                  "September 1", kDay, "2022-09-01"));
  // ... unless that is almost a year back and the next one is weeks ahead.
  EXPECT_TRUE(Has(Dates("Before the March 15 primaries.", absl::CivilDay(2016, 3, 1)), "March 15",
                  kDay, "2016-03-15"));
  // ... or months ahead in the document's own year: news writes the year
  // of a day of the year before.
  EXPECT_TRUE(Has(Dates("Russians want to influence the Nov. 8 U.S. presidential election.",
                        absl::CivilDay(2016, 7, 31)),
                  "Nov. 8", kDay, "2016-11-08"));
  EXPECT_TRUE(Has(Dates("It was signed on December 20.", absl::CivilDay(2017, 1, 5)), "December 20",
                  kDay, "2016-12-20"));
  // Not a day that names what happened, nor an event months back.
  EXPECT_TRUE(
      Has(Dates("Since the Sept. 11 attacks, the city has changed.", absl::CivilDay(2002, 4, 1)),
          "Sept. 11", kDay, "2001-09-11"));
  EXPECT_TRUE(
      Has(Dates("Since the Oct. 7 attack, talks have stalled.", absl::CivilDay(2024, 4, 15)),
          "Oct. 7", kDay, "2023-10-07"));
  EXPECT_TRUE(Has(Dates("He lost the Nov. 8 election.", absl::CivilDay(2017, 6, 15)), "Nov. 8",
                  kDay, "2016-11-08"));
}

TEST(TemporalTest, FutureCuesTakeTheNextOccurrence) {
  EXPECT_TRUE(Has(Dates("Pristina postponed the ban till 1 September.", absl::CivilDay(2022, 8, 1)),
                  "1 September", kDay, "2022-09-01"));
  EXPECT_TRUE(Has(Dates("The ban stays until February 10.", absl::CivilDay(2023, 2, 13)),
                  "February 10", kDay, "2024-02-10"));
  EXPECT_TRUE(Has(Dates("The talks will resume on January 20.", absl::CivilDay(2023, 2, 13)),
                  "January 20", kDay, "2024-01-20"));
  EXPECT_TRUE(Has(Dates("He will travel on Friday.", absl::CivilDay(2023, 2, 14)), "Friday", kDay,
                  "2023-02-17"));
  EXPECT_TRUE(Has(Dates("The law applies until March.", absl::CivilDay(2023, 4, 14)), "March",
                  kMonth, "2024-03"));
  // "due" looks ahead; "due to" as a cause does not.
  const absl::CivilDay january(2005, 1, 5);
  EXPECT_TRUE(
      Has(Dates("The election due in May will be close.", january), "May", kMonth, "2005-05"));
  EXPECT_TRUE(Has(Dates("The report is due to be published on Friday.", january), "Friday", kDay,
                  "2005-01-07"));
  EXPECT_TRUE(Has(Dates("The match was called off due to rain on Saturday.", january), "Saturday",
                  kDay, "2005-01-01"));
}

// What did not happen until a month, told in the past, happened then
// (Reuters, 1987-03-17: "was not sealed until mid-February this year");
// a month before "this year", "last year" or "next year" is of that
// year, whatever its cue.
TEST(TemporalTest, NotUntilInThePastAndAMonthOfANamedYear) {
  const absl::CivilDay march(1987, 3, 17);
  EXPECT_TRUE(Has(Dates("The plans were not submitted by Manila until late February.", march),
                  "late February", kMonth, "1987-02"));
  EXPECT_TRUE(Has(Dates("It did not arrive until May.", march), "May", kMonth, "1986-05"));
  // A deferral, and a future negated, still look ahead.
  EXPECT_TRUE(
      Has(Dates("It will not be signed until February.", march), "February", kMonth, "1988-02"));
  EXPECT_TRUE(Has(Dates("It was delayed until February.", march), "February", kMonth, "1988-02"));
  // What was not expected, due or to happen until then is to come.
  EXPECT_TRUE(Has(Dates("The sale was not expected to close until June.", march), "June", kMonth,
                  "1987-06"));
  EXPECT_TRUE(Has(Dates("Payment was not due until June.", march), "June", kMonth, "1987-06"));
  EXPECT_TRUE(Has(Dates("The rescheduling was not sealed until mid-February this year.", march),
                  "mid-February", kMonth, "1987-02"));
  EXPECT_TRUE(Has(Dates("The deal will close in February this year.", march), "February", kMonth,
                  "1987-02"));
  EXPECT_TRUE(Has(Dates("Sales fell in April last year.", march), "April", kMonth, "1986-04"));
  EXPECT_TRUE(
      Has(Dates("Talks resume in January next year.", march), "January", kMonth, "1988-01"));
}

// "than expected" and "as expected" compare a result with what was
// expected: no future (BBC business/007, dated 2005-02-04).
TEST(TemporalTest, AComparisonWithExpectationsIsNoFutureCue) {
  const absl::CivilDay d(2005, 2, 4);
  EXPECT_TRUE(Has(Dates("The US created fewer jobs than expected in January.", d), "January",
                  kMonth, "2005-01"));
  EXPECT_TRUE(Has(Dates("Sales grew faster than analysts had expected in January.", d), "January",
                  kMonth, "2005-01"));
  EXPECT_TRUE(
      Has(Dates("The bank cut rates as expected on Tuesday.", d), "Tuesday", kDay, "2005-02-01"));
  // An expectation of what is to come still is one.
  EXPECT_TRUE(
      Has(Dates("The bank is expected to cut rates in March.", d), "March", kMonth, "2005-03"));
  EXPECT_TRUE(Has(Dates("More than 20,000 are expected in May.", d), "May", kMonth, "2005-05"));
  EXPECT_TRUE(Has(Dates("Retailers such as Tesco are expected to report in March.", d), "March",
                  kMonth, "2005-03"));
}

TEST(TemporalTest, WeekdaysAreTheLatestOnOrBeforeTheDocument) {
  const absl::CivilDay tuesday(2023, 2, 14);
  const v1::Annotations a = Dates(
      "It was said on Monday. On Tuesday he left. Wednesday was quiet. Last "
      "Monday it rained. "
      "Next Monday it will snow. On Sunday evening the roads closed.",
      tuesday);
  EXPECT_TRUE(Has(a, "Monday", kDay, "2023-02-13"));
  EXPECT_TRUE(Has(a, "Tuesday", kDay, "2023-02-14"));
  EXPECT_TRUE(Has(a, "Wednesday", kDay, "2023-02-08"));
  EXPECT_TRUE(Has(a, "Last Monday", kDay, "2023-02-13"));
  EXPECT_TRUE(Has(a, "Next Monday", kDay, "2023-02-20"));
  EXPECT_TRUE(Has(a, "Sunday evening", kDay, "2023-02-12"));
  // "last Monday" in a Monday article is a week back.
  EXPECT_TRUE(Has(Dates("It rained last Monday.", absl::CivilDay(2023, 2, 13)), "last Monday", kDay,
                  "2023-02-06"));
}

TEST(TemporalTest, AWeekdayLeadingADateIsOneExpression) {
  EXPECT_TRUE(
      Has(Dates("Such a statement on Monday, February 13, was made.", absl::CivilDay(2023, 2, 13)),
          "Monday, February 13", kDay, "2023-02-13"));
}

TEST(TemporalTest, WeekdaysInNamesAndGenericWeekdaysAreNotDates) {
  const absl::CivilDay day(2005, 3, 1);
  EXPECT_EQ(Dates("He wrote in the Sunday Telegraph about it.", day).temporal_expressions_size(),
            0);
  EXPECT_EQ(Dates("Come to Norwich on a Friday night.", day).temporal_expressions_size(), 0);
  EXPECT_EQ(
      Dates("A poll for the Independent on Sunday found it.", day).temporal_expressions_size(), 0);
  EXPECT_EQ(Dates("He told the Mail on Sunday so.", day).temporal_expressions_size(), 0);
  EXPECT_TRUE(
      Has(Dates("The Mail said on Sunday that it would.", day), "Sunday", kDay, "2005-02-27"));
  // Only Sunday's papers: "the Daily Mail on Tuesday" is a day.
  EXPECT_TRUE(Has(Dates("The Daily Mail on Tuesday published photographs.", day), "Tuesday", kDay,
                  "2005-03-01"));
  EXPECT_EQ(Dates("He read USA Today and Russia Today.", day).temporal_expressions_size(), 0);
  // A name the recogniser found is no date either.
  v1::Annotations named;
  v1::Mention* m = named.add_mentions();
  m->mutable_span()->set_begin(8);
  m->mutable_span()->set_end(25);
  m->set_type(v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(Dates("She saw Monday Night Club.", day, named).temporal_expressions_size(), 0);
}

TEST(TemporalTest, WordsRelativeToTheDocumentDate) {
  const v1::Annotations a = Dates(
      "Yesterday it rained; today it is dry and tomorrow it snows. They met "
      "last week and meet "
      "again this week. Next month the law changes; last year it did not, nor "
      "this year. Three "
      "days ago he left, and two years ago too.",
      absl::CivilDay(2023, 2, 13));
  EXPECT_TRUE(Has(a, "Yesterday", kDay, "2023-02-12"));
  EXPECT_TRUE(Has(a, "today", kDay, "2023-02-13"));
  EXPECT_TRUE(Has(a, "tomorrow", kDay, "2023-02-14"));
  EXPECT_TRUE(Has(a, "last week", kWeek, "2023-W06"));
  EXPECT_TRUE(Has(a, "this week", kWeek, "2023-W07"));
  EXPECT_TRUE(Has(a, "Next month", kMonth, "2023-03"));
  EXPECT_TRUE(Has(a, "last year", kYear, "2022"));
  EXPECT_TRUE(Has(a, "this year", kYear, "2023"));
  EXPECT_TRUE(Has(a, "Three days ago", kDay, "2023-02-10"));
  EXPECT_TRUE(Has(a, "two years ago", kYear, "2021"));
  // A week's date is its Monday.
  for (const auto& t : a.temporal_expressions()) {
    if (t.text() == "last week") {
      EXPECT_EQ(FormatDate(t.date()), "2023-02-06");
    }
  }
  // "the last week" is the seven days up to now, not a calendar week.
  EXPECT_EQ(
      Dates("It fell over the last week.", absl::CivilDay(2023, 2, 13)).temporal_expressions_size(),
      0);
  // Around New Year the week is the ISO year's.
  EXPECT_TRUE(Has(Dates("They met last week.", absl::CivilDay(2021, 1, 4)), "last week", kWeek,
                  "2020-W53"));
}

TEST(TemporalTest, TheDayBeforeCountsFromTheLastDateGiven) {
  const std::string text =
      "Earlier, on February 10, Vucic spoke.\n\nOn February 3, Peskov said so. "
      "He stressed it.\n\n"
      "The day before, Vucic said more. The next day he left.";
  const v1::Annotations a = Dates(text, absl::CivilDay(2023, 2, 13));
  EXPECT_TRUE(Has(a, "The day before", kDay, "2023-02-02"));
  EXPECT_TRUE(Has(a, "The next day", kDay, "2023-02-03"));
  // With no earlier date, from the document's.
  EXPECT_TRUE(Has(Dates("The day before, he said so.", absl::CivilDay(2023, 2, 13)),
                  "The day before", kDay, "2023-02-12"));
  // An absolute date anchors it without a document date; an unresolved one
  // leaves it unresolved.
  EXPECT_TRUE(Has(Dates("On 3 February 2023 he spoke. The day before, he wrote.", std::nullopt),
                  "The day before", kDay, "2023-02-02"));
  EXPECT_TRUE(Has(Dates("On February 3 he spoke. The day before, he wrote.", std::nullopt),
                  "The day before", kDay, ""));
  // "the day before the vote" counts from an event.
  EXPECT_EQ(Dates("He left the day before the vote.", absl::CivilDay(2023, 2, 13))
                .temporal_expressions_size(),
            0);
}

TEST(TemporalTest, PartsOfMonths) {
  const absl::CivilDay day(2023, 2, 13);
  EXPECT_TRUE(Has(Dates("At the end of January, Vucic said so.", day), "the end of January", kMonth,
                  "2023-01"));
  EXPECT_TRUE(Has(Dates("It was in early December.", day), "early December", kMonth, "2022-12"));
  EXPECT_TRUE(Has(Dates("It was in mid-March 2021.", day), "mid-March 2021", kMonth, "2021-03"));
  EXPECT_TRUE(
      Has(Dates("By the end of the year it ends.", day), "the end of the year", kYear, "2023"));
  EXPECT_TRUE(Has(Dates("Since the beginning of 2022 it grew.", day), "the beginning of 2022",
                  kYear, "2022"));
  EXPECT_TRUE(Has(Dates("It happened in January.", day), "January", kMonth, "2023-01"));
  // A month alone needs words that make it a date: "May" is a verb too.
  EXPECT_EQ(Dates("Talks May resume. March on.", day).temporal_expressions_size(), 0);
  EXPECT_TRUE(Has(Dates("It happened in May.", day), "May", kMonth, "2022-05"));
}

TEST(TemporalTest, RelativeExpressionsWithoutADocumentDateStayUnresolved) {
  const v1::Annotations a = Dates(
      "On Monday he left. Last week they met. On February 10 he spoke. "
      "Yesterday it rained.",
      std::nullopt);
  EXPECT_TRUE(Has(a, "Monday", kDay, ""));
  EXPECT_TRUE(Has(a, "Last week", kWeek, ""));
  EXPECT_TRUE(Has(a, "February 10", kDay, ""));
  EXPECT_TRUE(Has(a, "Yesterday", kDay, ""));
}

TEST(TemporalTest, DatelinesAreDates) {
  EXPECT_TRUE(Has(Dates("MOSCOW, February 13 \xe2\x80\x93 RIA Novosti. The goal is clear.",
                        absl::CivilDay(2023, 2, 13)),
                  "February 13", kDay, "2023-02-13"));
  EXPECT_TRUE(
      Has(Dates("MOSCOW, August 1. /TASS/. The West has the delusion.", absl::CivilDay(2022, 8, 1)),
          "August 1", kDay, "2022-08-01"));
}

// Whether `a` has the expression `text` for the days `first` to `last`.
::testing::AssertionResult HasRange(const v1::Annotations& a, const std::string& text,
                                    const std::string& first, const std::string& last) {
  for (const auto& t : a.temporal_expressions()) {
    if (t.text() != text) continue;
    if (t.granularity() != kDay || FormatDate(t.date()) != first || !t.has_end_date() ||
        FormatDate(t.end_date()) != last || t.value() != first) {
      return ::testing::AssertionFailure()
             << "\"" << text << "\" is" << Describe(a)
             << (t.has_end_date() ? " to " + FormatDate(t.end_date()) : " (no end)");
    }
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no \"" << text << "\"; found:" << Describe(a);
}

TEST(TemporalTest, RangesOfDaysAreOneExpressionFromTheFirstDayToTheLast) {
  const absl::CivilDay december(2004, 12, 1);
  // The hyphen inside the token, an en dash or hyphen between spaces, "to",
  // "between ... and"; the month before or after; with a year or not.
  const v1::Annotations a = Dates(
      "The summit is on 16-18 December in Brussels. The fair ran 2 \xe2\x80\x93 4 March. "
      "Talks run June 8-10, 2005. Polls are open from 6 to 9 January. It was held "
      "between 3 and 5 November. Prices for March 21 to 31 fell.",
      december);
  EXPECT_TRUE(HasRange(a, "16-18 December", "2004-12-16", "2004-12-18"));
  EXPECT_TRUE(HasRange(a, "2 \xe2\x80\x93 4 March", "2004-03-02", "2004-03-04"));
  EXPECT_TRUE(HasRange(a, "June 8-10, 2005", "2005-06-08", "2005-06-10"));
  // Resolved as a day is: "6 January" a month ahead is to come.
  EXPECT_TRUE(HasRange(a, "6 to 9 January", "2005-01-06", "2005-01-09"));
  EXPECT_TRUE(HasRange(a, "3 and 5 November", "2004-11-03", "2004-11-05"));
  EXPECT_TRUE(HasRange(a, "March 21 to 31", "2004-03-21", "2004-03-31"));
  EXPECT_EQ(a.temporal_expressions_size(), 6) << Describe(a);
  // Without the document's date: the days of a year written, the rest
  // unresolved, without an end.
  const v1::Annotations undated = Dates("It ran 16-18 December 2003 and on June 8-10.", {});
  EXPECT_TRUE(HasRange(undated, "16-18 December 2003", "2003-12-16", "2003-12-18"));
  EXPECT_TRUE(Has(undated, "June 8-10", kDay, ""));
  // "The day after" a range counts on from its last day, "the day before"
  // and "two days earlier" back from its first.
  EXPECT_TRUE(Has(Dates("It met on 16-18 December. The day after, it left.", december),
                  "The day after", kDay, "2004-12-19"));
  EXPECT_TRUE(Has(Dates("It met on 16-18 December. The day before, it came.", december),
                  "The day before", kDay, "2004-12-15"));
  EXPECT_TRUE(Has(Dates("It met on 16-18 December. Two days earlier it came.", december),
                  "Two days earlier", kDay, "2004-12-14"));
  // A range ends in its month, in a year that has its last day: 29
  // February is in a leap year.
  EXPECT_TRUE(HasRange(Dates("It runs 28-29 February.", absl::CivilDay(2005, 1, 5)),
                       "28-29 February", "2004-02-28", "2004-02-29"));
  EXPECT_TRUE(HasRange(Dates("It runs 27-28 February.", absl::CivilDay(2005, 1, 5)),
                       "27-28 February", "2005-02-27", "2005-02-28"));
  // No range: days in the wrong order, a day the month has not, a score,
  // a list.
  const v1::Annotations none =
      Dates("On 18-16 December and 30-31 February, they won 3-1. Reserves were 5-6 mln.", december);
  for (const auto& t : none.temporal_expressions()) {
    EXPECT_FALSE(t.has_end_date()) << t.text();
    EXPECT_FALSE(absl::StrContains(t.text(), "30-31")) << t.text();
  }
}

TEST(TemporalTest, TwoDaysJoinedByAndAreTwoDates) {
  const v1::Annotations a =
      Dates("Polls are on 9 and 10 July. Hearings on April 12 and 26, 2005 were cut.",
            absl::CivilDay(2005, 6, 1));
  EXPECT_TRUE(Has(a, "9", kDay, "2005-07-09"));
  EXPECT_TRUE(Has(a, "10 July", kDay, "2005-07-10"));
  EXPECT_TRUE(Has(a, "April 12", kDay, "2005-04-12"));
  EXPECT_TRUE(Has(a, "26", kDay, "2005-04-26"));
  EXPECT_EQ(a.temporal_expressions_size(), 4) << Describe(a);
  for (const auto& t : a.temporal_expressions()) EXPECT_FALSE(t.has_end_date()) << t.text();
  // The lone day takes the year of the other as it resolves: "6 April" is
  // 91 days after 5 January 2005, too far to be coming, so April 2004, and
  // "4" with it (89 days, alone, would be coming).
  const v1::Annotations april = Dates("It was on 4 and 6 April.", absl::CivilDay(2005, 1, 5));
  EXPECT_TRUE(Has(april, "4", kDay, "2004-04-04"));
  EXPECT_TRUE(Has(april, "6 April", kDay, "2004-04-06"));
  // A number after a date and "and" that goes on into a phrase is no day.
  const v1::Annotations people = Dates(
      "On January 12 and 14 people gave evidence; on March 5 "
      "and 6 more.",
      absl::CivilDay(2005, 6, 1));
  EXPECT_EQ(people.temporal_expressions_size(), 2) << Describe(people);
  // A verb may follow the day: "June 24 and 25 form part of the tour".
  EXPECT_TRUE(
      Has(Dates("Dates on June 24 and 25 form part of the tour.", absl::CivilDay(2005, 1, 5)), "25",
          kDay, "2004-06-25"));
  // Not two numbers of which one is a day: "between 3 and 5 July" is a
  // range, "3 and 5 mln" nothing.
  EXPECT_EQ(Dates("Output rose 3 and 5 mln tonnes.", absl::CivilDay(2005, 6, 1))
                .temporal_expressions_size(),
            0);
}

TEST(TemporalTest, RangesAcrossMonthsAreOneExpression) {
  const absl::CivilDay january(2005, 1, 5);
  // Two months, or one written twice; a dash, "to", "through", "until"
  // after "from", "and" after "between"; "15-July" is one token.
  const v1::Annotations a = Dates(
      "It ran 30 November - 2 December. The board meets March 30 to April 1. Shares were bought "
      "between Jan 19 and March 3. The plant is down from March 9 to March 16. Ships load June "
      "15-July 15. It is shut from May 23 until June 6. Sales for April 13 through May 2 fell.",
      january);
  EXPECT_TRUE(HasRange(a, "30 November - 2 December", "2004-11-30", "2004-12-02"));
  EXPECT_TRUE(HasRange(a, "March 30 to April 1", "2005-03-30", "2005-04-01"));
  EXPECT_TRUE(HasRange(a, "Jan 19 and March 3", "2005-01-19", "2005-03-03"));
  EXPECT_TRUE(HasRange(a, "March 9 to March 16", "2005-03-09", "2005-03-16"));
  EXPECT_TRUE(HasRange(a, "June 15-July 15", "2004-06-15", "2004-07-15"));
  EXPECT_TRUE(HasRange(a, "May 23 until June 6", "2004-05-23", "2004-06-06"));
  EXPECT_TRUE(HasRange(a, "April 13 through May 2", "2004-04-13", "2004-05-02"));
  EXPECT_EQ(a.temporal_expressions_size(), 7) << Describe(a);
  // Over a new year; with years written, after the last day or both days.
  const v1::Annotations years = Dates(
      "Polls ran 30 December - 2 January. It ran from 20 March to 27 March 2004. Bonds convert "
      "from December 30, 2004 - January 2, 2005. Interviews were between 15 November 2004 and 5 "
      "January 2005.",
      january);
  EXPECT_TRUE(HasRange(years, "30 December - 2 January", "2004-12-30", "2005-01-02"));
  EXPECT_TRUE(HasRange(years, "20 March to 27 March 2004", "2004-03-20", "2004-03-27"));
  EXPECT_TRUE(HasRange(years, "December 30, 2004 - January 2, 2005", "2004-12-30", "2005-01-02"));
  EXPECT_TRUE(HasRange(years, "15 November 2004 and 5 January 2005", "2004-11-15", "2005-01-05"));
  EXPECT_EQ(years.temporal_expressions_size(), 4) << Describe(years);
  // Resolved as its first day is: to come when that is, under way when it
  // has begun ...
  EXPECT_TRUE(
      HasRange(Dates("Bills maturing between March 25 and June 25.", absl::CivilDay(1987, 3, 9)),
               "March 25 and June 25", "1987-03-25", "1987-06-25"));
  EXPECT_TRUE(HasRange(Dates("The offer runs from December 1 to June 30.", january),
                       "December 1 to June 30", "2004-12-01", "2005-06-30"));
  // ... unless the range of its last day ended lately: a report on 1 April.
  EXPECT_TRUE(
      HasRange(Dates("The total from April 1 through March 13 rose.", absl::CivilDay(1987, 4, 1)),
               "April 1 through March 13", "1986-04-01", "1987-03-13"));
  // A date changed is two dates: "from" after a verb of change, "to ...
  // from"; so are one month's days out of order and years out of order.
  const v1::Annotations changes = Dates(
      "The vote was moved from March 12 to March 16. It pays on June 26 to May 8 from May 29. "
      "They met March 16 to March 12. It ran from April 3, 2005 to March 1, 2004.",
      january);
  for (const auto& t : changes.temporal_expressions()) {
    EXPECT_FALSE(t.has_end_date()) << t.text();
  }
  EXPECT_TRUE(Has(changes, "March 12", kDay, "2005-03-12"));
  EXPECT_TRUE(Has(changes, "March 16", kDay, "2005-03-16"));
  EXPECT_TRUE(Has(changes, "May 8", kDay, "2004-05-08"));
  EXPECT_TRUE(Has(changes, "April 3, 2005", kDay, "2005-04-03"));
  EXPECT_TRUE(Has(changes, "March 1, 2004", kDay, "2004-03-01"));
  // Without the document's date and a year: a range, unresolved.
  EXPECT_TRUE(
      Has(Dates("It ran 30 November - 2 December.", {}), "30 November - 2 December", kDay, ""));
}

// What a first review of ranges found.
TEST(TemporalTest, RangesWithYearsUnitsChangesAndOtherSeparators) {
  const absl::CivilDay january(2005, 1, 5);
  // Years written decide the order of one month's days.
  const v1::Annotations years = Dates(
      "Warrants are exercisable from May 6, 1987 until May 6, 1990, and bonds between April 15, "
      "1987 and April 3, 1992.",
      january);
  EXPECT_TRUE(HasRange(years, "May 6, 1987 until May 6, 1990", "1987-05-06", "1990-05-06"));
  EXPECT_TRUE(HasRange(years, "April 15, 1987 and April 3, 1992", "1987-04-15", "1992-04-03"));
  // "from" after a range is a date changed only before a date.
  const v1::Annotations from = Dates(
      "Ships load March 20 to 30 from the Gulf. The festival runs 16 to 18 December from 9am.",
      january);
  EXPECT_TRUE(HasRange(from, "March 20 to 30", "2005-03-20", "2005-03-30"));
  EXPECT_TRUE(HasRange(from, "16 to 18 December", "2004-12-16", "2004-12-18"));
  // A date of one month changed is two days, each a date; a verb of
  // change counts in its own clause only, and "advanced" or "brought in"
  // change no date.
  const v1::Annotations changed = Dates(
      "The vote was postponed from 6 to 9 January. The meeting was put back from March 12 to 19. "
      "The show moved to a larger hall and runs from 3 to 9 January. Shares advanced 10 pct from "
      "March 3 to March 10. Imports brought in from January 1 to March 31 rose.",
      january);
  EXPECT_TRUE(Has(changed, "6", kDay, "2005-01-06"));
  EXPECT_TRUE(Has(changed, "9 January", kDay, "2005-01-09"));
  EXPECT_TRUE(Has(changed, "March 12", kDay, "2005-03-12"));
  EXPECT_TRUE(Has(changed, "19", kDay, "2005-03-19"));
  EXPECT_TRUE(HasRange(changed, "3 to 9 January", "2005-01-03", "2005-01-09"));
  EXPECT_TRUE(HasRange(changed, "March 3 to March 10", "2005-03-03", "2005-03-10"));
  EXPECT_TRUE(HasRange(changed, "January 1 to March 31", "2005-01-01", "2005-03-31"));
  EXPECT_EQ(changed.temporal_expressions_size(), 7) << Describe(changed);
  // A number that counts ends no range.
  const v1::Annotations counts =
      Dates("The tax rate falls on April 1 to 15 pct. Between March 1 and 5 pct of shares fell.",
            january);
  EXPECT_EQ(counts.temporal_expressions_size(), 2) << Describe(counts);
  EXPECT_TRUE(Has(counts, "April 1", kDay, "2005-04-01"));
  EXPECT_TRUE(Has(counts, "March 1", kDay, "2005-03-01"));
  // A dash inside a token, "through to", an em dash without spaces.
  const v1::Annotations dashes = Dates(
      "It ran 30 November-2 December. It runs from 1 April through to 3 May, 1 April\xe2\x80\x94"
      "3 May and 16\xe2\x80\x94"
      "18 December.",
      january);
  EXPECT_TRUE(HasRange(dashes, "30 November-2 December", "2004-11-30", "2004-12-02"));
  EXPECT_TRUE(HasRange(dashes, "1 April through to 3 May", "2005-04-01", "2005-05-03"));
  EXPECT_TRUE(HasRange(dashes,
                       "1 April\xe2\x80\x94"
                       "3 May",
                       "2005-04-01", "2005-05-03"));
  EXPECT_TRUE(HasRange(dashes,
                       "16\xe2\x80\x94"
                       "18 December",
                       "2004-12-16", "2004-12-18"));
  // A date moved earlier is two dates too; "29 February - 2 March 2005"
  // has no first day (no range a year long); "marks" is a verb after days.
  const v1::Annotations earlier =
      Dates("It was brought forward from 9 to 6 January. June 24 and 25 marks the day.", january);
  EXPECT_TRUE(Has(earlier, "9", kDay, "2005-01-09"));
  EXPECT_TRUE(Has(earlier, "6 January", kDay, "2005-01-06"));
  EXPECT_TRUE(Has(earlier, "25", kDay, "2004-06-25"));
  const v1::Annotations leap = Dates("It ran 29 February - 2 March 2005.", january);
  for (const auto& t : leap.temporal_expressions()) EXPECT_FALSE(t.has_end_date()) << t.text();
  // A range that ended in the last month is the one meant, though its
  // first day would be to come: a total reported on 20 March.
  EXPECT_TRUE(
      HasRange(Dates("The total from April 1 through March 13 is 5.", absl::CivilDay(1987, 3, 20)),
               "April 1 through March 13", "1986-04-01", "1987-03-13"));
}

TEST(TemporalTest, QuartersAndDecades) {
  const absl::CivilDay january(2005, 1, 5);
  const v1::Annotations a = Dates(
      "Profits rose in the fourth quarter of 2004. Sales in the third quarter fell 5%. Growth "
      "slowed last quarter. Fourth-quarter earnings beat forecasts. Q1 2005 results are due. GDP "
      "for the first quarter of last year grew. Sales fell in last year's second quarter.",
      january);
  EXPECT_TRUE(Has(a, "the fourth quarter of 2004", kQuarter, "2004-Q4"));
  EXPECT_TRUE(Has(a, "the third quarter", kQuarter, "2004-Q3"));
  EXPECT_TRUE(Has(a, "last quarter", kQuarter, "2004-Q4"));
  EXPECT_TRUE(Has(a, "Fourth-quarter", kQuarter, "2004-Q4"));
  EXPECT_TRUE(Has(a, "Q1 2005", kQuarter, "2005-Q1"));
  EXPECT_TRUE(Has(a, "the first quarter of last year", kQuarter, "2004-Q1"));
  EXPECT_TRUE(Has(a, "last year's second quarter", kQuarter, "2004-Q2"));
  EXPECT_EQ(a.temporal_expressions_size(), 7) << Describe(a);
  // The latest quarter begun by the document's date: a loss expected in
  // June is this second quarter's.
  EXPECT_TRUE(Has(Dates("It expects a second quarter loss.", absl::CivilDay(1987, 6, 29)),
                  "second quarter", kQuarter, "1987-Q2"));
  // Not a quarter of a game, a fiscal quarter, a car, or a quarter of a
  // city.
  const v1::Annotations none = Dates(
      "The game entered the final quarter. Its fiscal third quarter profit rose. Profit for the "
      "second quarter ended January 31 rose. Audi's Q3 sold well. Prices in the Latin quarter "
      "rose. He hit 45% of his shots in the fourth quarter. Profit in the fourth quarter of "
      "fiscal 2004 rose. Its fiscal Q4 2004 sales fell.",
      january);
  for (const auto& t : none.temporal_expressions()) {
    EXPECT_NE(t.granularity(), kQuarter) << t.text();
  }
  // Decades: "1990s" anywhere, "80s" after "the".
  const v1::Annotations decades = Dates(
      "In the 1990s, the late 80s and the mid-1990s, songs of the '60s sold; in the early 1980s "
      "he was in his 30s.",
      january);
  EXPECT_TRUE(Has(decades, "1990s", kDecade, "199"));
  EXPECT_TRUE(Has(decades, "late 80s", kDecade, "198"));
  EXPECT_TRUE(Has(decades, "mid-1990s", kDecade, "199"));
  EXPECT_TRUE(Has(decades, "early 1980s", kDecade, "198"));
  EXPECT_EQ(decades.temporal_expressions_size(), 5) << Describe(decades);
  EXPECT_TRUE(Has(Dates("Music of the 00s.", january), "00s", kDecade, "200"));
  EXPECT_EQ(Dates("1000s of fans came.", january).temporal_expressions_size(), 0);
  EXPECT_EQ(Dates("Audiences are in the 10s, 100s or 1000s.", january).temporal_expressions_size(),
            0);
  EXPECT_TRUE(Has(Dates("Music of the 60s and 70s.", january), "60s", kDecade, "196"));
}

// "would" tells the future of what was said, unless a clause of its own
// holds the date; "until" after what lasted in the past is past, a
// deferral is to come.
TEST(TemporalTest, WouldLooksAheadAndUntilAfterAPastTenseBack) {
  const absl::CivilDay march(1987, 3, 17);
  EXPECT_TRUE(
      Has(Dates("He said he would arrive in early May.", march), "early May", kMonth, "1987-05"));
  EXPECT_TRUE(Has(Dates("It would be available in April.", march), "April", kMonth, "1987-04"));
  EXPECT_TRUE(Has(Dates("It was delayed until February.", march), "February", kMonth, "1988-02"));
  EXPECT_TRUE(Has(Dates("Talks had run until February.", march), "February", kMonth, "1987-02"));
  EXPECT_TRUE(
      Has(Dates("The strike lasted until February.", march), "February", kMonth, "1987-02"));
  // Wednesday 11 March 1987: postponed until the next Thursday.
  EXPECT_TRUE(Has(Dates("Talks were postponed until Thursday.", absl::CivilDay(1987, 3, 11)),
                  "Thursday", kDay, "1987-03-12"));
  EXPECT_TRUE(Has(Dates("It would hurt results for the year ended January 31.", march),
                  "January 31", kDay, "1987-01-31"));
  EXPECT_TRUE(Has(Dates("It would end a lockout that started December 14.", march), "December 14",
                  kDay, "1986-12-14"));
  EXPECT_TRUE(
      Has(Dates("Sales would be weaker than they were in May.", march), "May", kMonth, "1986-05"));
  EXPECT_TRUE(
      Has(Dates("It would not have happened in February.", march), "February", kMonth, "1987-02"));
  EXPECT_TRUE(Has(Dates("The work would be completed in June.", march), "June", kMonth, "1987-06"));
  EXPECT_TRUE(Has(Dates("They would need to appeal before Friday.", absl::CivilDay(2005, 1, 5)),
                  "Friday", kDay, "2005-01-07"));
  EXPECT_TRUE(
      Has(Dates("Talks will continue until February.", march), "February", kMonth, "1988-02"));
  EXPECT_TRUE(
      Has(Dates("The plant is closed until February.", march), "February", kMonth, "1988-02"));
  EXPECT_TRUE(
      Has(Dates("He would have sold it in February.", march), "February", kMonth, "1987-02"));
  EXPECT_TRUE(Has(Dates("You would think it would have come in February.", march), "February",
                  kMonth, "1987-02"));
  EXPECT_TRUE(
      Has(Dates("It would be the fifth deal since October.", march), "October", kMonth, "1986-10"));
  EXPECT_TRUE(
      Has(Dates("They were giving Japan until April to act.", march), "April", kMonth, "1987-04"));
  // A trade for shipment then is to come; past deliveries are past.
  const v1::Annotations trade = Dates(
      "Egypt bought 20,000 tonnes for shipment between July 10 and August 10. It bought wheat for "
      "June delivery. Deliveries in January rose.",
      march);
  EXPECT_TRUE(Has(trade, "July 10 and August 10", kDay, "1987-07-10")) << Describe(trade);
  EXPECT_TRUE(Has(trade, "June", kMonth, "1987-06")) << Describe(trade);
  EXPECT_TRUE(Has(trade, "January", kMonth, "1987-01")) << Describe(trade);
}

// BBC's "this weekend", "over Christmas", "on Boxing Day" (an audit found
// 109 weekends and 280 holidays it never read): weekends are their
// Saturday and Sunday; holidays are days of their year, Easter's moving.
TEST(TemporalTest, WeekendsAndHolidays) {
  const absl::CivilDay wednesday(2005, 3, 2);
  const v1::Annotations a =
      Dates("Talks resume this weekend. Fans celebrated last weekend and will again next weekend.",
            wednesday);
  EXPECT_TRUE(HasRange(a, "this weekend", "2005-03-05", "2005-03-06"));
  EXPECT_TRUE(HasRange(a, "last weekend", "2005-02-26", "2005-02-27"));
  EXPECT_TRUE(HasRange(a, "next weekend", "2005-03-12", "2005-03-13"));
  const v1::Annotations sunday =
      Dates("The match this weekend was a draw.", absl::CivilDay(2005, 3, 6));
  EXPECT_TRUE(HasRange(sunday, "this weekend", "2005-03-05", "2005-03-06"));

  const v1::Annotations b = Dates(
      "Sales rose over Christmas. The shops reopen on Boxing Day. He resigned on Christmas Eve "
      "and left before New Year's Day. Trading halted over Easter and on Good Friday. Fans "
      "queued on Valentine's Day. The Christmas tree on Christmas Island stood until Christmas "
      "2003.",
      absl::CivilDay(2005, 3, 1));
  EXPECT_TRUE(Has(b, "Christmas", kDay, "2004-12-25"));
  EXPECT_TRUE(Has(b, "Boxing Day", kDay, "2004-12-26"));
  EXPECT_TRUE(Has(b, "Christmas Eve", kDay, "2004-12-24"));
  EXPECT_TRUE(Has(b, "New Year's Day", kDay, "2005-01-01"));
  // Easter 2005 was 27 March, four weeks ahead: to come, as a day without
  // its year would be.
  EXPECT_TRUE(Has(b, "Easter", kDay, "2005-03-27"));
  EXPECT_TRUE(Has(b, "Good Friday", kDay, "2005-03-25"));
  EXPECT_TRUE(Has(b, "Valentine's Day", kDay, "2005-02-14"));
  EXPECT_TRUE(Has(b, "Christmas 2003", kDay, "2003-12-25"));
  int christmases = 0;
  for (const auto& t : b.temporal_expressions()) christmases += t.text() == "Christmas";
  EXPECT_EQ(christmases, 1) << "the tree and the island are no day:" << Describe(b);
  // "last Christmas", "next Easter".
  const v1::Annotations c =
      Dates("Sales fell last Christmas; next Easter is late.", absl::CivilDay(2005, 3, 1));
  EXPECT_TRUE(Has(c, "last Christmas", kDay, "2004-12-25"));
  EXPECT_TRUE(Has(c, "next Easter", kDay, "2005-03-27"));
  EXPECT_TRUE(Has(Dates("Shops open over Christmas.", std::nullopt), "Christmas", kDay, ""));
  // No day: a name, another calendar's holiday, a title, a noun's
  // modifier, a word in small letters.
  for (const std::string& text :
       {std::string("Northern Ireland's Good Friday Agreement was signed in 1998."),
        std::string("Shoppers spent a lot on Christmas presents last year."),
        std::string("The race for Christmas number one is on."),
        std::string("Wham's Last Christmas was re-released."),
        std::string("Markets closed on Chinese New Year's Day."),
        std::string("Russians celebrate Orthodox Christmas Day in January."),
        std::string("It was a good friday for shares.")}) {
    const v1::Annotations none = Dates(text, absl::CivilDay(2005, 3, 1));
    for (const auto& t : none.temporal_expressions()) {
      EXPECT_EQ(t.text().find_first_of("CEFGN"), std::string::npos)
          << text << ":" << Describe(none);
    }
  }
  // The model's name inside a holiday ("Easter" read as a place) is no
  // reason to miss the day.
  v1::Annotations tagged;
  const std::string easter = "The shops open on Easter Monday.";
  v1::Mention* m = tagged.add_mentions();
  m->set_type(v1::ENTITY_TYPE_LOCATION);
  m->mutable_span()->set_begin(static_cast<int>(easter.find("Easter")));
  m->mutable_span()->set_end(static_cast<int>(easter.find("Easter") + 6));
  EXPECT_TRUE(
      Has(Dates(easter, absl::CivilDay(2005, 3, 5), tagged), "Easter Monday", kDay, "2005-03-28"));
}

TEST(TemporalTest, SeasonsAndCenturies) {
  const absl::CivilDay january(2005, 1, 5);
  const v1::Annotations a = Dates(
      "Last summer he left; this autumn he returns, and next winter too. This winter is cold. "
      "The summer of 2003 was hot, and in spring 2006 prices will fall next year. Talks began "
      "in late summer 2004. Sales this fall rose.",
      january);
  EXPECT_TRUE(Has(a, "Last summer", kSeason, "2004-22"));
  EXPECT_TRUE(Has(a, "this autumn", kSeason, "2005-23"));
  EXPECT_TRUE(Has(a, "next winter", kSeason, "2005-24"));
  // The winter under way in January began the December before.
  EXPECT_TRUE(Has(a, "This winter", kSeason, "2004-24"));
  EXPECT_TRUE(Has(a, "The summer of 2003", kSeason, "2003-22"));
  EXPECT_TRUE(Has(a, "spring 2006", kSeason, "2006-21"));
  EXPECT_TRUE(Has(a, "next year", v1::TEMPORAL_GRANULARITY_YEAR, "2006"));
  EXPECT_TRUE(Has(a, "late summer 2004", kSeason, "2004-22"));
  EXPECT_TRUE(Has(a, "this fall", kSeason, "2005-23"));
  EXPECT_EQ(a.temporal_expressions_size(), 9) << Describe(a);
  // From April, "this winter" is the one to come.
  EXPECT_TRUE(Has(Dates("Gas will be tight this winter.", absl::CivilDay(2005, 5, 20)),
                  "this winter", kSeason, "2005-24"));
  // "Last summer" in September is the summer just ended; "next summer" in
  // July the one of next year.
  EXPECT_TRUE(Has(Dates("Last summer was wet.", absl::CivilDay(2004, 9, 10)), "Last summer",
                  kSeason, "2004-22"));
  EXPECT_TRUE(Has(Dates("He leaves next summer.", absl::CivilDay(2004, 7, 10)), "next summer",
                  kSeason, "2005-22"));
  // A fall that is a drop, a season with a determiner or without a year.
  const v1::Annotations none = Dates(
      "The next fall in prices came. The fall of 1989 changed Europe. In the summer they play. "
      "Its last summer was wet. Winter sports grew. Rigg starred in Suddenly Last Summer.\n"
      "HARD RED WINTER         1639    1635",
      january);
  for (const auto& t : none.temporal_expressions()) {
    EXPECT_NE(t.granularity(), kSeason) << t.text();
  }
  const v1::Annotations centuries = Dates(
      "Art of the 21st century and the late 20th century hangs beside an 18th-century portrait "
      "and a 19th Century map. A 5th century BC vase came on the 21st. The 20th Century Fox "
      "studio made it. Kallis scored his 20th century.",
      january);
  EXPECT_TRUE(Has(centuries, "21st century", kCentury, "20"));
  EXPECT_TRUE(Has(centuries, "late 20th century", kCentury, "19"));
  EXPECT_TRUE(Has(centuries, "18th-century", kCentury, "17"));
  EXPECT_TRUE(Has(centuries, "19th Century", kCentury, "18"));
  EXPECT_EQ(centuries.temporal_expressions_size(), 4) << Describe(centuries);
}

TEST(TemporalTest, ListsOfDaysAreADateEach) {
  const v1::Annotations a = Dates(
      "Previews are on 14, 20 and 27 April. Bills were bought on April 1, 2 and 3, 2005. Strikes "
      "are set for May 2, 7, 21, and 22.",
      absl::CivilDay(2005, 1, 5));
  EXPECT_TRUE(Has(a, "14", kDay, "2004-04-14"));
  EXPECT_TRUE(Has(a, "20", kDay, "2004-04-20"));
  EXPECT_TRUE(Has(a, "27 April", kDay, "2004-04-27"));
  // The year after the list is its first day's too.
  EXPECT_TRUE(Has(a, "April 1", kDay, "2005-04-01"));
  EXPECT_TRUE(Has(a, "2", kDay, "2005-04-02"));
  EXPECT_TRUE(Has(a, "3", kDay, "2005-04-03"));
  EXPECT_TRUE(Has(a, "May 2", kDay, "2004-05-02"));
  EXPECT_TRUE(Has(a, "7", kDay, "2004-05-07"));
  EXPECT_TRUE(Has(a, "21", kDay, "2004-05-21"));
  EXPECT_TRUE(Has(a, "22", kDay, "2004-05-22"));
  EXPECT_EQ(a.temporal_expressions_size(), 10) << Describe(a);
  // No list: numbers that count, a list without "and", a day the month
  // lacks.
  const v1::Annotations none = Dates(
      "On March 3, 4 people died. On May 1, 2 and 3 percent fell. Scores were 1, 2, 3 June. It "
      "is on 29, 30 and 31 February.",
      absl::CivilDay(2005, 1, 5));
  EXPECT_EQ(none.temporal_expressions_size(), 3) << Describe(none);
  EXPECT_TRUE(Has(none, "March 3", kDay, "2005-03-03"));
  EXPECT_TRUE(Has(none, "May 1", kDay, "2004-05-01"));
  EXPECT_TRUE(Has(none, "3 June", kDay, "2004-06-03"));
}

TEST(TemporalTest, NumbersThatAreNotDates) {
  const v1::Annotations a = Dates(
      "See resolution 1244 and page 1 of 18; 2,000 people and 1990 votes came. "
      "The T-72MS "
      "tanks cost 2023 dollars.",
      absl::CivilDay(2023, 2, 13));
  EXPECT_EQ(a.temporal_expressions_size(), 0) << Describe(a);
}

// The seeds, tagged by the real model with the dates ingest gives them.
class SeedDatesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto recognizer = NerRecognizer::Load(testing::SourceDir() + "/models/ner/model.bin");
    ASSERT_TRUE(recognizer.ok()) << recognizer.status();
    tagger_ = new Tagger(std::shared_ptr<const Recognizer>(std::move(*recognizer)));
  }

  static v1::Annotations TagSeed(const std::string& number, absl::CivilDay document_date) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
      if (absl::StartsWith(entry.path().filename().string(), number + "_")) {
        TagOptions options;
        options.document_date = document_date;
        return tagger_->Tag(testing::ReadFile(entry.path().string()), options);
      }
    }
    ADD_FAILURE() << "no seed " << number;
    return {};
  }

  // Every expression whose text is `text` has `value`, and there is one.
  static ::testing::AssertionResult All(const v1::Annotations& a, const std::string& text,
                                        v1::TemporalGranularity granularity,
                                        const std::string& value) {
    int found = 0;
    for (const auto& t : a.temporal_expressions()) {
      if (t.text() != text) continue;
      ++found;
      if (t.granularity() != granularity || t.value() != value) {
        return ::testing::AssertionFailure() << "\"" << text << "\":" << Describe(a);
      }
    }
    if (found == 0) {
      return ::testing::AssertionFailure() << "no \"" << text << "\":" << Describe(a);
    }
    return ::testing::AssertionSuccess();
  }

  static inline Tagger* tagger_ = nullptr;
};

TEST_F(SeedDatesTest, Seed001) {
  const v1::Annotations a = TagSeed("001", absl::CivilDay(2023, 2, 13));
  EXPECT_TRUE(All(a, "Monday, February 13", kDay, "2023-02-13"));
  EXPECT_TRUE(All(a, "February 10", kDay, "2023-02-10"));
  EXPECT_TRUE(All(a, "February 3", kDay, "2023-02-03"));
  EXPECT_TRUE(All(a, "The day before", kDay, "2023-02-02"));
  EXPECT_TRUE(All(a, "the end of January", kMonth, "2023-01"));
  EXPECT_TRUE(All(a, "February 24, 2022", kDay, "2022-02-24"));
}

TEST_F(SeedDatesTest, Seed003) {
  const v1::Annotations a = TagSeed("003", absl::CivilDay(2022, 8, 1));
  EXPECT_TRUE(All(a, "August 1", kDay, "2022-08-01"));  // the dateline
  // "on Monday" and "as of Monday".
  EXPECT_TRUE(All(a, "Monday", kDay, "2022-08-01"));
  EXPECT_TRUE(All(a, "Sunday evening", kDay, "2022-07-31"));
  EXPECT_TRUE(All(a, "1 September", kDay, "2022-09-01"));
  EXPECT_EQ(a.temporal_expressions_size(), 5) << Describe(a);
}

TEST_F(SeedDatesTest, Seed002) {
  // Seed 002 carries no date; a Tuesday's.
  const v1::Annotations a = TagSeed("002", absl::CivilDay(2023, 2, 14));
  EXPECT_TRUE(All(a, "last week", kWeek, "2023-W06"));
  EXPECT_EQ(a.temporal_expressions_size(), 1) << Describe(a);
}

TEST_F(SeedDatesTest, Seed000) {
  const v1::Annotations a = TagSeed("000", absl::CivilDay(2023, 2, 13));
  EXPECT_TRUE(All(a, "February 13", kDay, "2023-02-13"));  // the dateline
}

}  // namespace
}  // namespace dossier::tagger
