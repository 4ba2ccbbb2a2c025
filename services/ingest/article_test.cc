#include "services/ingest/article.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/normalizer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const absl::CivilDay kToday(2026, 11, 23);

ParsedArticle Parse(const std::string& raw, absl::CivilDay reference = kToday) {
  return ParseArticle(NormalizeText(raw), reference);
}

TEST(ArticleTest, DateHeaderGluedToTheText) {
  ParsedArticle a =
      Parse(" date 2023-02-13 BELGRADE, February 13 - Tanjug. The talks went on.\n\nMore.");
  ASSERT_TRUE(a.date.has_value());
  EXPECT_EQ(*a.date, absl::CivilDay(2023, 2, 13));
  EXPECT_EQ(a.date_source, "header");
  EXPECT_EQ(a.dateline, "BELGRADE");
  EXPECT_EQ(a.outlet, "Tanjug");
  EXPECT_TRUE(absl::StartsWith(a.text, "BELGRADE, February 13 - Tanjug."));
}

// After a headline, a date header is read as at the start: glued to the
// body's first paragraph or a paragraph of its own, and it leaves the text.
TEST(ArticleTest, DateHeaderAfterTheHeadline) {
  for (const char* between : {"\n\n", "\n\n date: 2023-03-01\n\n"}) {
    SCOPED_TRACE(between);
    const std::string header = std::string(between) == "\n\n" ? "date 2023-03-01 " : "";
    ParsedArticle a = Parse(std::string("EU ministers meet on Kosovo") + between + header +
                            "BRUSSELS, March 1 (Reuters) - The talks went on.\n\nMore.");
    ASSERT_TRUE(a.date.has_value());
    EXPECT_EQ(*a.date, absl::CivilDay(2023, 3, 1));
    EXPECT_EQ(a.date_source, "header");
    EXPECT_EQ(a.title, "EU ministers meet on Kosovo");
    EXPECT_EQ(a.dateline, "BRUSSELS");
    EXPECT_EQ(a.text,
              "EU ministers meet on Kosovo\n\nBRUSSELS, March 1 (Reuters) - The talks went "
              "on.\n\nMore.");
  }
  // A paragraph that only begins with the word is no header.
  ParsedArticle words = Parse("EU ministers meet on Kosovo\n\nDate palms grew.\n\nMore.");
  EXPECT_FALSE(words.date.has_value());
  EXPECT_THAT(words.text, HasSubstr("Date palms grew."));
}

// Reuters-21578's bodies end "... on February 27.\n Reuter\n": the sign-off
// goes (as a person it named 903 of 913 wire stories and glued them into
// one story), and says who the outlet is when nothing else does.
TEST(ArticleTest, AWiresSignOffGoesAndNamesTheOutlet) {
  for (const char* sign_off : {"Reuter", "REUTER", "reuter", "REUTER^M", "REUTER...", "Reuters"}) {
    SCOPED_TRACE(sign_off);
    ParsedArticle a = Parse(std::string("SALVADOR, Feb 26 - Cocoa rains continued.\nThe crop "
                                        "looked good.\n ") +
                            sign_off + "\n");
    EXPECT_EQ(a.text, "SALVADOR, Feb 26 - Cocoa rains continued.\nThe crop looked good.");
    EXPECT_EQ(a.outlet, "Reuters");
    EXPECT_EQ(a.removed_lines, 1);
  }
  // Its own paragraph goes whole; an outlet the text names stays.
  ParsedArticle tass = Parse("MOSCOW, August 1. /TASS/. Talks went on.\n\nReuter");
  EXPECT_EQ(tass.text, "MOSCOW, August 1. /TASS/. Talks went on.");
  EXPECT_EQ(tass.outlet, "TASS");
  // A Reuter inside the story is the story's.
  ParsedArticle inside = Parse("Paul Reuter founded the agency.\n\nHe died in 1899.");
  EXPECT_THAT(inside.text, HasSubstr("Paul Reuter"));
  EXPECT_EQ(inside.outlet, "");
}

TEST(ArticleTest, DatelineFormsOfTheWires) {
  ParsedArticle tass = Parse("KYIV, August 1. /TASS/. The minister spoke on Monday.");
  EXPECT_EQ(tass.dateline, "KYIV");
  EXPECT_EQ(tass.outlet, "TASS");
  ASSERT_TRUE(tass.date.has_value());
  EXPECT_EQ(*tass.date, absl::CivilDay(2022, 8, 1));  // the last August 1 on a Monday
  EXPECT_EQ(tass.date_source, "dateline");

  ParsedArticle reuters = Parse("SAO PAULO, Feb 26 - Coffee prices rose sharply this week.",
                                absl::CivilDay(1987, 2, 26));
  EXPECT_EQ(reuters.dateline, "SAO PAULO");
  EXPECT_EQ(reuters.outlet, "");
  EXPECT_EQ(*reuters.date, absl::CivilDay(1987, 2, 26));

  ParsedArticle parens =
      Parse("LONDON, March 3 (Reuters) - Shares fell.", absl::CivilDay(1987, 3, 4));
  EXPECT_EQ(parens.outlet, "Reuters");
  EXPECT_EQ(*parens.date, absl::CivilDay(1987, 3, 3));

  ParsedArticle no_date = Parse("WASHINGTON (AP) - The vote was close.");
  EXPECT_EQ(no_date.dateline, "WASHINGTON");
  EXPECT_EQ(no_date.outlet, "AP");
  EXPECT_FALSE(no_date.date.has_value());

  ParsedArticle day_first = Parse("SARAJEVO, 13 February 2023 - Fena. Talks resumed.");
  EXPECT_EQ(*day_first.date, absl::CivilDay(2023, 2, 13));
  EXPECT_EQ(day_first.outlet, "Fena");

  // A place in capitals and a dash, without date or agency; with its region.
  for (const char* text : {"PRISTINA \xe2\x80\x93 Kosovo officials said on Monday they agreed.",
                           "PRISTINA - Kosovo officials said on Monday they agreed.",
                           "PRISTINA, Kosovo \xe2\x80\x94 Officials said on Monday they agreed."}) {
    ParsedArticle bare = Parse(text);
    EXPECT_EQ(bare.dateline.substr(0, 8), "PRISTINA") << text;
    EXPECT_FALSE(bare.date.has_value()) << text;
    EXPECT_TRUE(absl::StartsWith(bare.text, "PRISTINA")) << text;
  }
  // A kicker is no place, nor is a headline in capitals, which stays the
  // title, and the dateline after it is read.
  EXPECT_EQ(Parse("BREAKING - Officials said on Monday they agreed.").dateline, "");
  ParsedArticle headline = Parse(
      "ECONOMIC SPOTLIGHT - ITALIAN BOOM\n\nROME, March 1 - Italy's economy grew faster than "
      "expected in the last quarter, officials said.",
      absl::CivilDay(1987, 3, 2));
  EXPECT_EQ(headline.title, "ECONOMIC SPOTLIGHT - ITALIAN BOOM");
  EXPECT_EQ(headline.dateline, "ROME");
  ASSERT_TRUE(headline.date.has_value());
  EXPECT_EQ(*headline.date, absl::CivilDay(1987, 3, 1));
  EXPECT_EQ(Parse("ARGENTINA COULD SUSPEND DEBT PAYMENTS - DEPUTY\n\nThe deputy spoke at "
                  "length about the debt and the banks on Monday.")
                .title,
            "ARGENTINA COULD SUSPEND DEBT PAYMENTS - DEPUTY");
  EXPECT_EQ(Parse("Pristina - officials said on Monday they agreed.").dateline, "");

  // A date later than the reference belongs to the year before.
  ParsedArticle december = Parse("OSLO, Dec 30 - Snow fell.", absl::CivilDay(1987, 1, 2));
  EXPECT_EQ(*december.date, absl::CivilDay(1986, 12, 30));
}

TEST(ArticleTest, OrdinarySentencesAreNoDatelines) {
  EXPECT_EQ(Parse("NATO said on Monday it would meet.").dateline, "");
  EXPECT_EQ(Parse("US officials, March 3 was the day - no.").dateline, "");
  EXPECT_EQ(Parse("The goal of the talks is peace.").dateline, "");
}

TEST(ArticleTest, HeadlinesSourceLinesAndResidue) {
  ParsedArticle a = Parse(
      "All news\n\nMinister resigns over scandal\n\nThe minister resigned on Friday.\n\n"
      "Source:\xc2\xa0"
      "Example Daily\nPhoto Agency Photo Agency\nPhoto Agency Photo Agency\n\n"
      "He denied wrongdoing.\n\nRelated Stories\n\nLeave a Reply\n\npage 1 of 18 go to page");
  EXPECT_EQ(a.title, "Minister resigns over scandal");
  EXPECT_EQ(a.outlet, "Example Daily");
  EXPECT_EQ(a.text,
            "Minister resigns over scandal\n\nThe minister resigned on Friday.\n\n"
            "He denied wrongdoing.");
  EXPECT_GE(a.removed_lines, 6);
  // A long first paragraph ending in a period is no headline.
  EXPECT_EQ(Parse("The minister resigned on Friday after a week of pressure.\n\nMore.").title, "");
  // Nor is the only paragraph.
  EXPECT_EQ(Parse("Minister resigns").title, "");
}

TEST(ArticleTest, RepeatedSentencesAndParagraphsGo) {
  const std::string lead = "The committee decided to postpone the vote until the end of the month.";
  ParsedArticle a = Parse("ROME, May 2 - ANSA. " + lead + " " + lead +
                          "\n\nSecond paragraph here.\n\nSecond paragraph here.");
  EXPECT_EQ(a.text, "ROME, May 2 - ANSA. " + lead + "\n\nSecond paragraph here.");
  EXPECT_EQ(a.removed_repeats, 2);
  // Short repeated sentences stay: "He agreed." twice may be real.
  EXPECT_EQ(Parse("He agreed. He agreed.").text, "He agreed. He agreed.");
}

// The seeds: every date, outlet, dateline and title they carry.
class SeedArticleTest : public ::testing::Test {
 protected:
  static std::string File(const std::string& prefix) {
    for (const auto& e : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
      if (absl::StartsWith(e.path().filename().string(), prefix)) return e.path().string();
    }
    return "";
  }
  // Line `n` (1-based) of a seed file, trimmed.
  static std::string Line(const std::string& prefix, int n) {
    std::ifstream in(File(prefix));
    std::string line;
    for (int i = 0; i < n; ++i) std::getline(in, line);
    return std::string(absl::StripAsciiWhitespace(line));
  }
  static ParsedArticle Seed(const std::string& prefix) {
    return ParseArticle(NormalizeText(testing::ReadFile(File(prefix))), kToday);
  }
};

TEST_F(SeedArticleTest, Seed000) {
  const ParsedArticle a = Seed("000");
  EXPECT_EQ(*a.date, absl::CivilDay(2023, 2, 13));
  EXPECT_EQ(a.dateline, "MOSCOW");
  EXPECT_EQ(a.outlet, "RIA Novosti");
  EXPECT_EQ(a.title, "");
  // The lead sentence printed twice appears once.
  const std::string first_paragraph = a.text.substr(0, a.text.find("\n\n"));
  const std::vector<std::string> sentences = absl::StrSplit(first_paragraph, ". ");
  std::map<std::string, int> counts;
  for (const auto& s : sentences) ++counts[s];
  for (const auto& [s, n] : counts) EXPECT_EQ(n, 1) << s;
  EXPECT_EQ(a.removed_repeats, 1);
  EXPECT_THAT(a.text, Not(HasSubstr("date 2023")));
}

TEST_F(SeedArticleTest, Seed001) {
  const ParsedArticle a = Seed("001");
  EXPECT_EQ(*a.date, absl::CivilDay(2023, 2, 13));
  EXPECT_EQ(a.dateline, "");
  EXPECT_EQ(a.outlet, "");
  EXPECT_EQ(a.title, "");
}

TEST_F(SeedArticleTest, Seed002) {
  const ParsedArticle a = Seed("002");
  EXPECT_EQ(a.title, Line("002", 1));
  EXPECT_EQ(a.outlet, "RIA Novosti");
  EXPECT_FALSE(a.date.has_value());
  EXPECT_THAT(a.text, Not(HasSubstr("Related Stories")));
  EXPECT_THAT(a.text, Not(HasSubstr("Leave a Reply")));
  EXPECT_THAT(a.text, Not(HasSubstr("Source:")));
}

TEST_F(SeedArticleTest, Seed003) {
  const ParsedArticle a = Seed("003");
  EXPECT_EQ(a.title, Line("003", 3));
  EXPECT_EQ(a.dateline, "MOSCOW");
  EXPECT_EQ(a.outlet, "TASS");
  ASSERT_TRUE(a.date.has_value());
  EXPECT_EQ(*a.date, absl::CivilDay(2022, 8, 1));
  EXPECT_THAT(a.text, Not(HasSubstr("All news")));
}

TEST_F(SeedArticleTest, Seed004) {
  const ParsedArticle a = Seed("004");
  EXPECT_EQ(a.title, Line("004", 1));
  EXPECT_EQ(a.outlet, "Vecernje novosti");
  EXPECT_THAT(a.text, Not(HasSubstr("Screenshot")));
  EXPECT_THAT(a.text, Not(HasSubstr("page 1 of")));
  EXPECT_THAT(a.text, Not(HasSubstr("Source")));
  EXPECT_THAT(a.text, Not(HasSubstr("\xc2\xa0")));
}

}  // namespace
}  // namespace dossier::ingest
