#include "services/tagger/known_names.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dossier::tagger {

using text::Tokenize;
using text::TokenizedText;

namespace {

// The spans' texts, "text/TYPE".
std::vector<std::string> Texts(const std::string& original, const TokenizedText& text,
                               const std::vector<MentionSpan>& spans) {
  std::vector<std::string> out;
  for (const MentionSpan& s : spans) {
    const int begin = text.tokens[s.begin].begin;
    const int end = text.tokens[s.end - 1].end;
    out.push_back(original.substr(begin, end - begin) + "/" + v1::EntityType_Name(s.type));
  }
  return out;
}

TEST(KnownNamesTest, FindsNamesTheModelMissedLongestFirstAndInTokenOrder) {
  const KnownNames names({{"Tiny Widget Co", v1::ENTITY_TYPE_ORGANIZATION},
                          {"Tiny", v1::ENTITY_TYPE_PERSON},
                          {"Ruritania", v1::ENTITY_TYPE_LOCATION},
                          {"Vu\xc4\x8di\xc4\x87", v1::ENTITY_TYPE_PERSON}});
  EXPECT_EQ(names.size(), 4u);
  const std::string original =
      "Shares of TINY WIDGET CO rose in Ruritania, said Vucic, and Tiny agreed.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans;
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("TINY WIDGET CO/ENTITY_TYPE_ORGANIZATION",
                                     "Ruritania/ENTITY_TYPE_LOCATION", "Vucic/ENTITY_TYPE_PERSON",
                                     "Tiny/ENTITY_TYPE_PERSON"));
  for (const MentionSpan& s : spans) EXPECT_FLOAT_EQ(s.confidence, kKnownNameConfidence);
}

// "БиГ" (Bosnia and Herzegovina in Serbian Cyrillic) folds to "big": a
// name matches only text in its own script, so "Big Brother" is no
// Bosnia, and "Србија" is still Serbia in a Cyrillic text.
TEST(KnownNamesTest, ANameMatchesOnlyTextInItsOwnScript) {
  const KnownNames names(
      {{"\xd0\x91\xd0\xb8\xd0\x93", v1::ENTITY_TYPE_LOCATION},
       {"\xd0\xa1\xd1\x80\xd0\xb1\xd0\xb8\xd1\x98\xd0\xb0", v1::ENTITY_TYPE_LOCATION},
       {"Big Issue", v1::ENTITY_TYPE_MISC}});
  const std::string original =
      "Fans of Big Brother read the Big Issue in \xd0\xa1\xd1\x80\xd0\xb1\xd0\xb8\xd1\x98"
      "\xd0\xb0 and the \xd0\x91\xd0\xb8\xd0\x93.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans;
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre(
                  "Big Issue/ENTITY_TYPE_MISC",
                  "\xd0\xa1\xd1\x80\xd0\xb1\xd0\xb8\xd1\x98\xd0\xb0/ENTITY_TYPE_LOCATION",
                  "\xd0\x91\xd0\xb8\xd0\x93/ENTITY_TYPE_LOCATION"));
}

TEST(KnownNamesTest, LeavesTheModelsSpansAndLowercaseWordsAlone) {
  const KnownNames names(
      {{"Turkey", v1::ENTITY_TYPE_LOCATION}, {"Widget Co", v1::ENTITY_TYPE_ORGANIZATION}});
  const std::string original = "The turkey from Big Widget Co reached Turkey.";
  const TokenizedText text = Tokenize(original);
  // The model found "Big Widget Co" (tokens 3-5).
  std::vector<MentionSpan> spans = {{3, 6, v1::ENTITY_TYPE_ORGANIZATION, 0.9f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("Big Widget Co/ENTITY_TYPE_ORGANIZATION",
                                     "Turkey/ENTITY_TYPE_LOCATION"));
  EXPECT_FLOAT_EQ(spans[0].confidence, 0.9f);
}

// "Yugansk", the oil company (BBC business/083), which the model reads as
// a place however sure: a known organisation is no place. A known place
// the model reads surely as an organisation stays the model's.
TEST(KnownNamesTest, AKnownOrganisationReadAsAPlaceIsTheOrganisation) {
  const KnownNames names(
      {{"Yugansk", v1::ENTITY_TYPE_ORGANIZATION}, {"Jordan", v1::ENTITY_TYPE_LOCATION}});
  const std::string original = "Yugansk was sold and Jordan signed.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans = {{0, 1, v1::ENTITY_TYPE_LOCATION, 0.99f},
                                    {4, 5, v1::ENTITY_TYPE_ORGANIZATION, 0.99f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("Yugansk/ENTITY_TYPE_ORGANIZATION",
                                     "Jordan/ENTITY_TYPE_ORGANIZATION"));
}

TEST(KnownNamesTest, AKnownNameTypesTheModelsUnsureSpan) {
  const KnownNames names(
      {{"NATO", v1::ENTITY_TYPE_ORGANIZATION}, {"Jordan", v1::ENTITY_TYPE_LOCATION}});
  const std::string original = "Under the auspices of NATO, Jordan and NATO officials met.";
  const TokenizedText text = Tokenize(original);
  // The model: NATO a place, unsure (0.69); Jordan a person, sure (0.95);
  // the second NATO a place, sure, which a known organisation is not (below).
  std::vector<MentionSpan> spans = {{4, 5, v1::ENTITY_TYPE_LOCATION, 0.69f},
                                    {6, 7, v1::ENTITY_TYPE_PERSON, 0.95f},
                                    {8, 9, v1::ENTITY_TYPE_LOCATION, 0.8f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("NATO/ENTITY_TYPE_ORGANIZATION", "Jordan/ENTITY_TYPE_PERSON",
                                     "NATO/ENTITY_TYPE_ORGANIZATION"));
  EXPECT_FLOAT_EQ(spans[0].confidence, 0.69f);
}

// BBC politics/001: "Tories" an organisation, "Conservatives" a MISC name.
// A known organisation read as MISC, however sure, is the organisation
// where it stands as a noun; before one, as an adjective, it stays MISC.
TEST(KnownNamesTest, AKnownOrganisationReadAsMiscIsTheOrganisationAsANoun) {
  const KnownNames names({{"Conservatives", v1::ENTITY_TYPE_ORGANIZATION},
                          {"Conservative", v1::ENTITY_TYPE_ORGANIZATION},
                          {"Liberal Democrats", v1::ENTITY_TYPE_ORGANIZATION}});
  const std::string original =
      "The Conservatives and the Liberal Democrats said a Conservative MP had quit.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans = {{1, 2, v1::ENTITY_TYPE_MISC, 0.95f},
                                    {4, 6, v1::ENTITY_TYPE_MISC, 0.9f},
                                    {8, 9, v1::ENTITY_TYPE_MISC, 0.99f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("Conservatives/ENTITY_TYPE_ORGANIZATION",
                                     "Liberal Democrats/ENTITY_TYPE_ORGANIZATION",
                                     "Conservative/ENTITY_TYPE_MISC"));
  // Another country's party, and a name of several words as an adjective.
  const KnownNames parties({{"Republicans", v1::ENTITY_TYPE_ORGANIZATION},
                            {"Democrats", v1::ENTITY_TYPE_ORGANIZATION},
                            {"Liberal Democrat", v1::ENTITY_TYPE_ORGANIZATION}});
  const std::string other =
      "Irish Republicans marched. The Democrats of Serbia won. A Liberal Democrat spokesman spoke.";
  const TokenizedText text2 = Tokenize(other);
  std::vector<MentionSpan> spans2 = {{0, 1, v1::ENTITY_TYPE_MISC, 0.9f},
                                     {1, 2, v1::ENTITY_TYPE_MISC, 0.9f},
                                     {5, 6, v1::ENTITY_TYPE_MISC, 0.9f},
                                     {11, 13, v1::ENTITY_TYPE_MISC, 0.9f}};
  parties.AddTo(text2, &spans2);
  EXPECT_THAT(
      Texts(other, text2, spans2),
      ::testing::ElementsAre("Irish/ENTITY_TYPE_MISC", "Republicans/ENTITY_TYPE_MISC",
                             "Democrats/ENTITY_TYPE_MISC", "Liberal Democrat/ENTITY_TYPE_MISC"));
}

// A known product read as an organisation or a place, however sure, is
// the product (MISC): the model reads "Xbox" as its maker.
TEST(KnownNamesTest, AKnownProductReadAsAnOrganisationIsTheProduct) {
  const KnownNames names({{"Xbox", v1::ENTITY_TYPE_MISC}, {"Firefox", v1::ENTITY_TYPE_MISC}});
  const std::string original = "Sales of the Xbox rose, and of Firefox.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans = {{3, 4, v1::ENTITY_TYPE_ORGANIZATION, 0.95f},
                                    {8, 9, v1::ENTITY_TYPE_LOCATION, 0.9f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("Xbox/ENTITY_TYPE_MISC", "Firefox/ENTITY_TYPE_MISC"));
}

// BBC entertainment: "an Oscar" read as a person 104 times. A known MISC
// name read as a person is that name, but where the document names a
// person with it as the given name.
TEST(KnownNamesTest, AKnownAwardReadAsAPersonIsTheAward) {
  const KnownNames names({{"Oscar", v1::ENTITY_TYPE_MISC}, {"Oscars", v1::ENTITY_TYPE_MISC}});
  const std::string award = "She won an Oscar last year.";
  const TokenizedText text = Tokenize(award);
  std::vector<MentionSpan> spans = {{3, 4, v1::ENTITY_TYPE_PERSON, 0.97f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(award, text, spans), ::testing::ElementsAre("Oscar/ENTITY_TYPE_MISC"));
  const std::string runner = "Oscar Pistorius ran. Oscar said he was happy.";
  const TokenizedText text2 = Tokenize(runner);
  std::vector<MentionSpan> spans2 = {{0, 2, v1::ENTITY_TYPE_PERSON, 0.99f},
                                     {4, 5, v1::ENTITY_TYPE_PERSON, 0.9f}};
  names.AddTo(text2, &spans2);
  EXPECT_THAT(
      Texts(runner, text2, spans2),
      ::testing::ElementsAre("Oscar Pistorius/ENTITY_TYPE_PERSON", "Oscar/ENTITY_TYPE_PERSON"));
}

// A name whose curated spelling starts or ends in a small letter ("eBay",
// "de Gaulle") matches where the text writes that word just so; written
// otherwise, or a name with no capital at all, it must still look like a
// name.
TEST(KnownNamesTest, ANameSpelledWithASmallLetterMatchesAsItIsSpelled) {
  const KnownNames names({{"eBay", v1::ENTITY_TYPE_ORGANIZATION},
                          {"de Gaulle", v1::ENTITY_TYPE_PERSON},
                          {"iPhone", v1::ENTITY_TYPE_MISC},
                          {"turkey", v1::ENTITY_TYPE_LOCATION}});
  const std::string original =
      "eBay said de Gaulle liked the iPhone. Shares in ebay and the turkey fell; eBay "
      "rose.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans;
  names.AddTo(text, &spans);
  EXPECT_THAT(
      Texts(original, text, spans),
      ::testing::ElementsAre("eBay/ENTITY_TYPE_ORGANIZATION", "de Gaulle/ENTITY_TYPE_PERSON",
                             "iPhone/ENTITY_TYPE_MISC", "eBay/ENTITY_TYPE_ORGANIZATION"));
}

TEST(KnownNamesTest, NamesThatAreAlsoWordsMustLookLikeNames) {
  const KnownNames names({{"IT", v1::ENTITY_TYPE_LOCATION},
                          {"Male", v1::ENTITY_TYPE_LOCATION},
                          {"NASA", v1::ENTITY_TYPE_ORGANIZATION}});
  EXPECT_EQ(names.size(), 2u);  // two letters are too few to tell
  const std::string original =
      "Male voters met NASA staff. \"Male voters,\" Nasa said, \"like IT.\" It ended in Male.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans;
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("NASA/ENTITY_TYPE_ORGANIZATION", "Male/ENTITY_TYPE_LOCATION"));
  EXPECT_EQ(text.tokens[spans[1].begin].begin, static_cast<int>(original.rfind("Male")));
}

TEST(KnownNamesTest, ANameOfSeveralWordsTakesTheModelsSpansInsideIt) {
  const KnownNames names({{"Russian ambassador to Serbia", v1::ENTITY_TYPE_PERSON},
                          {"Big Widget", v1::ENTITY_TYPE_ORGANIZATION},
                          {"Serbia", v1::ENTITY_TYPE_PERSON}});
  const std::string original =
      "The Russian ambassador to Serbia told Big Widget Co and Serbia's Big Widget.";
  const TokenizedText text = Tokenize(original);
  // The model: "Russian" MISC and "Serbia" a place, sure of both; "Big
  // Widget Co" an organisation (tokens 6-8); "Serbia" a place (10); "Big
  // Widget" an organisation, sure (12-13).
  std::vector<MentionSpan> spans = {{1, 2, v1::ENTITY_TYPE_MISC, 0.99f},
                                    {4, 5, v1::ENTITY_TYPE_LOCATION, 0.99f},
                                    {6, 9, v1::ENTITY_TYPE_ORGANIZATION, 0.9f},
                                    {10, 11, v1::ENTITY_TYPE_LOCATION, 0.99f},
                                    {12, 14, v1::ENTITY_TYPE_ORGANIZATION, 0.95f}};
  names.AddTo(text, &spans);
  // The curated name replaces the spans inside it; a known name inside a
  // longer span of the model, or one word alone, or the model's own span,
  // changes nothing.
  EXPECT_THAT(
      Texts(original, text, spans),
      ::testing::ElementsAre("Russian ambassador to Serbia/ENTITY_TYPE_PERSON",
                             "Big Widget Co/ENTITY_TYPE_ORGANIZATION",
                             "Serbia/ENTITY_TYPE_LOCATION", "Big Widget/ENTITY_TYPE_ORGANIZATION"));
  EXPECT_FLOAT_EQ(spans[0].confidence, kKnownNameConfidence);
  EXPECT_FLOAT_EQ(spans[3].confidence, 0.95f);
}

// One name of the model inside a known name is the model's to keep: a
// knowledge base's "The Republic of Ireland" or "Denmark proper" does not
// take "The" or "proper" into the names the model found.
TEST(KnownNamesTest, OneNameOfTheModelInsideAKnownNameStays) {
  const KnownNames names({{"The Republic of Ireland", v1::ENTITY_TYPE_LOCATION},
                          {"Denmark Proper", v1::ENTITY_TYPE_LOCATION}});
  const std::string original = "The Republic of Ireland and Denmark Proper voted.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans = {{1, 4, v1::ENTITY_TYPE_LOCATION, 0.99f},
                                    {5, 6, v1::ENTITY_TYPE_LOCATION, 0.99f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("Republic of Ireland/ENTITY_TYPE_LOCATION",
                                     "Denmark/ENTITY_TYPE_LOCATION"));
}

// But one the known name goes on from with a number gives way: the model
// reads "Channel" of "Channel 4" and "BBC" of "BBC One".
TEST(KnownNamesTest, OneNameOfTheModelThatAKnownNameNumbersGivesWay) {
  const KnownNames names(
      {{"Channel 4", v1::ENTITY_TYPE_ORGANIZATION}, {"BBC One", v1::ENTITY_TYPE_ORGANIZATION}});
  const std::string original = "Channel 4 and BBC One filmed it.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans = {{0, 1, v1::ENTITY_TYPE_ORGANIZATION, 0.99f},
                                    {3, 4, v1::ENTITY_TYPE_ORGANIZATION, 0.99f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("Channel 4/ENTITY_TYPE_ORGANIZATION",
                                     "BBC One/ENTITY_TYPE_ORGANIZATION"));
}

// A letter and a digit are a name ("G8", "U2"), where two letters are too
// few to tell from a word; at a sentence's start too, whose capital is no
// digit's, where an acronym is not (a headline's "CAR SALES ROSE" names
// no Central African Republic).
TEST(KnownNamesTest, ALetterAndADigitAreAName) {
  const KnownNames names({{"G8", v1::ENTITY_TYPE_ORGANIZATION},
                          {"U2", v1::ENTITY_TYPE_ORGANIZATION},
                          {"Go", v1::ENTITY_TYPE_ORGANIZATION},
                          {"8", v1::ENTITY_TYPE_ORGANIZATION},
                          {"CAR", v1::ENTITY_TYPE_LOCATION}});
  EXPECT_EQ(names.size(), 3u);
  const std::string original =
      "CAR SALES ROSE. G8 leaders saw U2 play. Go to the g8 and 8 u2 shows.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans;
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("G8/ENTITY_TYPE_ORGANIZATION", "U2/ENTITY_TYPE_ORGANIZATION"));
}

// One name of another type inside a known name gives way to it: a curated
// person's "Deputy Prime Minister of Serbia" names no place, and a known
// organisation's "Bank of England" no country.
TEST(KnownNamesTest, OneNameOfAnotherTypeInsideAKnownNameGivesWay) {
  const KnownNames names({{"Deputy Prime Minister of Serbia", v1::ENTITY_TYPE_PERSON},
                          {"Bank of England", v1::ENTITY_TYPE_ORGANIZATION}});
  const std::string original = "The Deputy Prime Minister of Serbia met the Bank of England.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans = {{5, 6, v1::ENTITY_TYPE_LOCATION, 0.99f},
                                    {10, 11, v1::ENTITY_TYPE_LOCATION, 0.99f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("Deputy Prime Minister of Serbia/ENTITY_TYPE_PERSON",
                                     "Bank of England/ENTITY_TYPE_ORGANIZATION"));
}

TEST(KnownNamesTest, NamesWithoutTypeOrWordsAreSkipped) {
  const KnownNames names(
      {{"Nobody", v1::ENTITY_TYPE_UNSPECIFIED}, {"  ,  ", v1::ENTITY_TYPE_PERSON}});
  EXPECT_EQ(names.size(), 0u);
  const TokenizedText text = Tokenize("Nobody came.");
  std::vector<MentionSpan> spans;
  names.AddTo(text, &spans);
  EXPECT_TRUE(spans.empty());
}

// Token indices of `word`'s occurrences in `text`.
std::vector<int> TokensOf(const TokenizedText& text, const std::string& word) {
  std::vector<int> out;
  for (int t = 0; t < static_cast<int>(text.tokens.size()); ++t) {
    if (text.tokens[t].text == word) out.push_back(t);
  }
  return out;
}

TEST(MarkOutletTest, TheOutletsNameIsAnOrganisationWhateverTheModelRead) {
  const std::string original =
      "MOSCOW, February 13 - RIA Novosti. Officials told ria novosti that RIA Novosti and "
      "Novosti agreed; RIA Novosti Chief Editor Smith, and RIA spoke.";
  const TokenizedText text = Tokenize(original);
  const std::vector<int> ria = TokensOf(text, "RIA");
  ASSERT_EQ(ria.size(), 4u);
  const int novosti = TokensOf(text, "Novosti")[2];
  // The model: the dateline's agency a person, sure (0.75); the second
  // "RIA Novosti" split in two; "RIA Novosti Chief Editor Smith" one name
  // that runs out of the outlet's; the last "RIA" a place.
  std::vector<MentionSpan> spans = {{0, 1, v1::ENTITY_TYPE_LOCATION, 0.99f},
                                    {ria[0], ria[0] + 2, v1::ENTITY_TYPE_PERSON, 0.75f},
                                    {ria[1], ria[1] + 1, v1::ENTITY_TYPE_LOCATION, 0.6f},
                                    {ria[1] + 1, ria[1] + 2, v1::ENTITY_TYPE_MISC, 0.6f},
                                    {ria[2], ria[2] + 5, v1::ENTITY_TYPE_PERSON, 0.8f},
                                    {ria[3], ria[3] + 1, v1::ENTITY_TYPE_LOCATION, 0.6f}};
  MarkOutlet(text, "RIA Novosti", &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre(
                  "MOSCOW/ENTITY_TYPE_LOCATION", "RIA Novosti/ENTITY_TYPE_ORGANIZATION",
                  "RIA Novosti/ENTITY_TYPE_ORGANIZATION",
                  "RIA Novosti Chief Editor Smith/ENTITY_TYPE_PERSON", "RIA/ENTITY_TYPE_LOCATION"));
  // The model's own span keeps its confidence; one made of parts takes a
  // known name's. Lower-case "ria novosti" is no name, and "Novosti"
  // alone the model did not find: neither is added.
  EXPECT_FLOAT_EQ(spans[1].confidence, 0.75f);
  EXPECT_FLOAT_EQ(spans[2].confidence, kKnownNameConfidence);
  EXPECT_EQ(spans[2].begin, ria[1]);
  for (const MentionSpan& s : spans) EXPECT_NE(s.begin, novosti);
}

TEST(MarkOutletTest, AddsTheNameWhereTheModelFoundNothingAndDropsALeadingThe) {
  const std::string original = "The Daily Courier said, as the Daily Courier reported.";
  const TokenizedText text = Tokenize(original);
  std::vector<MentionSpan> spans;
  MarkOutlet(text, "The Daily Courier", &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("Daily Courier/ENTITY_TYPE_ORGANIZATION",
                                     "Daily Courier/ENTITY_TYPE_ORGANIZATION"));
  for (const MentionSpan& s : spans) EXPECT_FLOAT_EQ(s.confidence, kKnownNameConfidence);
  // A name of one word is a sentence's first word only as a word.
  const std::string independent =
      "Independent experts agreed. They told the Independent so. Independent it is.";
  const TokenizedText words = Tokenize(independent);
  std::vector<MentionSpan> found;
  MarkOutlet(words, "The Independent", &found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(words.tokens[found[0].begin].begin, independent.find("Independent so"));
}

TEST(MarkOutletTest, TheLastWordOfItsNameTypesTheModelsUnsureSpanOnly) {
  const std::string original =
      "In an interview with \"Novosti\", he said Novosti and Novosti were wrong; News too.";
  const TokenizedText text = Tokenize(original);
  const std::vector<int> novosti = TokensOf(text, "Novosti");
  ASSERT_EQ(novosti.size(), 3u);
  // Unsure (0.36), sure (0.9), unsure; "News" unsure.
  std::vector<MentionSpan> spans = {{novosti[0], novosti[0] + 1, v1::ENTITY_TYPE_MISC, 0.36f},
                                    {novosti[1], novosti[1] + 1, v1::ENTITY_TYPE_PERSON, 0.9f},
                                    {novosti[2], novosti[2] + 1, v1::ENTITY_TYPE_LOCATION, 0.5f}};
  std::vector<MentionSpan> vecernje = spans;
  MarkOutlet(text, "Vecernje novosti", &vecernje);
  EXPECT_THAT(
      Texts(original, text, vecernje),
      ::testing::ElementsAre("Novosti/ENTITY_TYPE_ORGANIZATION", "Novosti/ENTITY_TYPE_PERSON",
                             "Novosti/ENTITY_TYPE_ORGANIZATION"));
  // A name of one word has no short form, and a short form of three
  // letters or fewer is too often a word.
  for (const char* outlet : {"Novosti", "Fox News", "Vecernje nov"}) {
    std::vector<MentionSpan> other = spans;
    MarkOutlet(text, outlet, &other);
    const std::vector<std::string> expected =
        std::string(outlet) == "Novosti"
            ? std::vector<std::string>{"Novosti/ENTITY_TYPE_ORGANIZATION",
                                       "Novosti/ENTITY_TYPE_ORGANIZATION",
                                       "Novosti/ENTITY_TYPE_ORGANIZATION"}
            : Texts(original, text, spans);
    EXPECT_EQ(Texts(original, text, other), expected) << outlet;
  }
}

TEST(MarkOutletTest, NoOutletOrAShortOneChangesNothing) {
  const std::string original = "AP and Novosti met.";
  const TokenizedText text = Tokenize(original);
  const std::vector<MentionSpan> spans = {{0, 1, v1::ENTITY_TYPE_PERSON, 0.4f}};
  for (const char* outlet : {"", "AP", "the", " . "}) {
    std::vector<MentionSpan> marked = spans;
    MarkOutlet(text, outlet, &marked);
    EXPECT_EQ(Texts(original, text, marked), Texts(original, text, spans)) << outlet;
  }
}

// TypeOf: the known name tokens spell exactly, with a capital, an
// acronym in capitals; none for a word in lower case or a longer run.
TEST(KnownNamesTest, TypeOfIsTheKnownNameTheTokensSpell) {
  const KnownNames names({{"Google", v1::ENTITY_TYPE_ORGANIZATION},
                          {"BBC", v1::ENTITY_TYPE_ORGANIZATION},
                          {"Sinn Féin", v1::ENTITY_TYPE_ORGANIZATION}});
  const text::TokenizedText t = text::Tokenize("google Google BBC Bbc Sinn Fein Google News");
  EXPECT_EQ(names.TypeOf(t, 0, 1), v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_EQ(names.TypeOf(t, 1, 2), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(names.TypeOf(t, 2, 3), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(names.TypeOf(t, 3, 4), v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_EQ(names.TypeOf(t, 4, 6), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(names.TypeOf(t, 6, 8), v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_EQ(names.TypeOf(t, 8, 9), v1::ENTITY_TYPE_UNSPECIFIED);
}

}  // namespace
}  // namespace dossier::tagger
