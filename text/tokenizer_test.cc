#include "text/tokenizer.h"

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dossier::text {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Texts(absl::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(text).tokens) out.push_back(t.text);
  return out;
}

std::vector<std::string> Sentences(absl::string_view text) {
  TokenizedText t = Tokenize(text);
  std::vector<std::string> out;
  for (const Sentence& s : t.sentences) {
    out.push_back(std::string(
        text.substr(t.tokens[s.begin].begin, t.tokens[s.end - 1].end - t.tokens[s.begin].begin)));
  }
  return out;
}

TEST(TokenizerTest, SplitsPossessivesAndNegationsLikeConll) {
  EXPECT_THAT(Texts("Russia's ambassador"), ElementsAre("Russia", "'s", "ambassador"));
  EXPECT_THAT(Texts("Russia\xe2\x80\x99s ambassador"),  // curly apostrophe
              ElementsAre("Russia", "'s", "ambassador"));
  EXPECT_THAT(Texts("don't"), ElementsAre("do", "n't"));
  EXPECT_THAT(Texts("countries' leaders"), ElementsAre("countries", "'", "leaders"));
  EXPECT_THAT(Texts("O'Brien said"), ElementsAre("O'Brien", "said"));
}

TEST(TokenizerTest, KeepsHyphenatedNamesAbbreviationsAndNumbersWhole) {
  EXPECT_THAT(Texts("Alexander Botsan-Kharchenko on Rossiya-24"),
              ElementsAre("Alexander", "Botsan-Kharchenko", "on", "Rossiya-24"));
  EXPECT_THAT(Texts("the U.S. and J. Smith"), ElementsAre("the", "U.S.", "and", "J.", "Smith"));
  EXPECT_THAT(Texts("Mr. Lavrov"), ElementsAre("Mr.", "Lavrov"));
  EXPECT_THAT(Texts("155,221 bags of 5.93 mln on 1996-08-22."),
              ElementsAre("155,221", "bags", "of", "5.93", "mln", "on", "1996-08-22", "."));
  EXPECT_THAT(Texts("BRDM-2MS and T-72MS tanks"),
              ElementsAre("BRDM-2MS", "and", "T-72MS", "tanks"));
  EXPECT_THAT(Texts("AT&T rose"), ElementsAre("AT&T", "rose"));
}

TEST(TokenizerTest, FoldsQuotesAndDashesAndSplitsOnEveryUnicodeSpace) {
  EXPECT_THAT(Texts("\xe2\x80\x9cgoing out\xe2\x80\x9d"), ElementsAre("\"", "going", "out", "\""));
  EXPECT_THAT(Texts("Sanctions \xe2\x80\x94 Russian ambassador"),
              ElementsAre("Sanctions", "--", "Russian", "ambassador"));
  EXPECT_THAT(Texts("February 13 \xe2\x80\x93 RIA"), ElementsAre("February", "13", "-", "RIA"));
  EXPECT_THAT(Texts("Source:\xc2\xa0Vecernje"),  // NBSP
              ElementsAre("Source", ":", "Vecernje"));
  EXPECT_THAT(Texts("\xe2\x80\x98stabilize\xe2\x80\x99 the"),
              ElementsAre("'", "stabilize", "'", "the"));
}

TEST(TokenizerTest, OffsetsPointAtTheBytes) {
  const std::string text = "Vu\xc4\x8di\xc4\x87 said \xe2\x80\x9cno\xe2\x80\x9d.";
  TokenizedText t = Tokenize(text);
  ASSERT_EQ(t.tokens.size(), 6u);
  EXPECT_EQ(text.substr(t.tokens[0].begin, t.tokens[0].end - t.tokens[0].begin),
            "Vu\xc4\x8di\xc4\x87");
  EXPECT_EQ(t.tokens[2].text, "\"");
  EXPECT_EQ(t.tokens[2].end - t.tokens[2].begin, 3);
  EXPECT_EQ(t.tokens[5].end, static_cast<int32_t>(text.size()));
}

TEST(TokenizerTest, SplitsSentencesButNotAfterTitlesOrInitials) {
  EXPECT_THAT(Sentences("He left. She stayed. Mr. Smith and J. Doe came."),
              ElementsAre("He left.", "She stayed.", "Mr. Smith and J. Doe came."));
  EXPECT_THAT(Sentences("\xe2\x80\x9cWe lend a shoulder.\xe2\x80\x9d Zakharova said."),
              ElementsAre("\xe2\x80\x9cWe lend a shoulder.\xe2\x80\x9d", "Zakharova said."));
  EXPECT_THAT(Sentences("A headline\n\nThe body starts here. It goes on"),
              ElementsAre("A headline", "The body starts here.", "It goes on"));
  EXPECT_THAT(Sentences("the U.S. Congress voted. The end"),
              ElementsAre("the U.S. Congress voted.", "The end"));
  EXPECT_THAT(Sentences("prices fell 5.2 pct in the U.S. The dollar rose."),
              ElementsAre("prices fell 5.2 pct in the U.S.", "The dollar rose."));
  EXPECT_THAT(Sentences("wrapped line\nstill the same sentence."),
              ElementsAre("wrapped line\nstill the same sentence."));
}

// Scraped articles keep one paragraph or caption a line; newswire bodies
// are folded at a fixed width. A name must not run across a line break in
// the first and must in the second.
TEST(TokenizerTest, LineBreaksEndSentencesUnlessTheTextIsHardWrapped) {
  EXPECT_THAT(Sentences("Source: Vecernje novosti\nScreenshot TV Prva Screenshot TV Prva\n"
                        "In an interview with Novosti, he said so."),
              ElementsAre("Source: Vecernje novosti", "Screenshot TV Prva Screenshot TV Prva",
                          "In an interview with Novosti, he said so."));
  // Folded at 50 columns: "Bank of" / "England" and "in" / "London" are
  // where lines ran out; the indented line starts a paragraph.
  const std::string wrapped =
      "The central bank said on Tuesday that the Bank of\n"
      "England would keep its rates unchanged for a month\n"
      "after the pound fell sharply against the dollar in\n"
      "London and New York trading\n"
      "    Dealers said the move was expected by most of\n"
      "the market, which had priced in no change.\n";
  EXPECT_THAT(Sentences(wrapped), ElementsAre("The central bank said on Tuesday that the Bank of\n"
                                              "England would keep its rates unchanged for a month\n"
                                              "after the pound fell sharply against the dollar in\n"
                                              "London and New York trading",
                                              "Dealers said the move was expected by most of\n"
                                              "the market, which had priced in no change."));
  // Reuters folds with room to spare: a line of running text goes on after
  // the break, a heading's does not.
  const std::string reuters =
      "Dealers said sterling would stay firm against the dollar and the yen\n"
      "through the week, and that Federal Reserve Board Chairman Paul\n"
      "Volcker would speak on Friday. Agriculture Secretary Richard\n"
      "Lyng said the program would continue for a year and the\n"
      "department would not extend it.\n"
      "MONEY MARKET RATES\n"
      "Dealers quoted the rates at noon.\n";
  EXPECT_THAT(Sentences(reuters),
              ElementsAre("Dealers said sterling would stay firm against the dollar and the yen\n"
                          "through the week, and that Federal Reserve Board Chairman Paul\n"
                          "Volcker would speak on Friday.",
                          "Agriculture Secretary Richard\n"
                          "Lyng said the program would continue for a year and the\n"
                          "department would not extend it.",
                          "MONEY MARKET RATES", "Dealers quoted the rates at noon."));
  // A byline or a caption after a finished sentence ends its line, a table
  // row of figures too.
  const std::string credits =
      "The company said on Monday that profits would rise this year as\n"
      "sales recovered, and that costs would fall as planned.\n"
      "Reporting by Jane Doe\n"
      "Editing by Mark Heinrich\n"
      "1987 1986\n"
      "Boeing said its orders rose in the first quarter of the year.\n";
  EXPECT_THAT(Sentences(credits),
              ElementsAre("The company said on Monday that profits would rise this year as\n"
                          "sales recovered, and that costs would fall as planned.",
                          "Reporting by Jane Doe", "Editing by Mark Heinrich", "1987 1986",
                          "Boeing said its orders rose in the first quarter of the year."));
  // A line of names and short words goes on from a line that did not end
  // its sentence.
  const std::string names =
      "The dollar firmed in late trading after dealers said that U.S.\n"
      "Treasury Secretary James Baker and Fed Chairman Paul\n"
      "Volcker had met in Washington on the currency accords and\n"
      "agreed that the dollar had fallen far enough, and that the\n"
      "talks would go on for another week.\n";
  EXPECT_THAT(Sentences(names),
              ElementsAre("The dollar firmed in late trading after dealers said that U.S.\n"
                          "Treasury Secretary James Baker and Fed Chairman Paul\n"
                          "Volcker had met in Washington on the currency accords and\n"
                          "agreed that the dollar had fallen far enough, and that the\n"
                          "talks would go on for another week."));
  // Not wrapped, but going on in lower case: the same sentence.
  EXPECT_THAT(Sentences("A long first line that is not wrapped at any width at all, as a scraper "
                        "left it, running well past a hundred characters\nand then on."),
              ElementsAre("A long first line that is not wrapped at any width at all, as a "
                          "scraper left it, running well past a hundred characters\nand then on."));
}

TEST(TokenizerTest, SurvivesEmptyAndIllFormedInput) {
  EXPECT_TRUE(Tokenize("").tokens.empty());
  EXPECT_TRUE(Tokenize(" \n\t ").sentences.empty());
  TokenizedText t = Tokenize("ab\xff\xfe cd");
  EXPECT_GE(t.tokens.size(), 2u);
  EXPECT_EQ(t.sentences.size(), 1u);
}

}  // namespace
}  // namespace dossier::text
