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

TEST(KnownNamesTest, AKnownNameTypesTheModelsUnsureSpan) {
  const KnownNames names(
      {{"NATO", v1::ENTITY_TYPE_ORGANIZATION}, {"Jordan", v1::ENTITY_TYPE_LOCATION}});
  const std::string original = "Under the auspices of NATO, Jordan and NATO officials met.";
  const TokenizedText text = Tokenize(original);
  // The model: NATO a place, unsure (0.69); Jordan a person, sure (0.95);
  // the second NATO a place, sure.
  std::vector<MentionSpan> spans = {{4, 5, v1::ENTITY_TYPE_LOCATION, 0.69f},
                                    {6, 7, v1::ENTITY_TYPE_PERSON, 0.95f},
                                    {8, 9, v1::ENTITY_TYPE_LOCATION, 0.8f}};
  names.AddTo(text, &spans);
  EXPECT_THAT(Texts(original, text, spans),
              ::testing::ElementsAre("NATO/ENTITY_TYPE_ORGANIZATION", "Jordan/ENTITY_TYPE_PERSON",
                                     "NATO/ENTITY_TYPE_LOCATION"));
  EXPECT_FLOAT_EQ(spans[0].confidence, 0.69f);
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

TEST(KnownNamesTest, NamesWithoutTypeOrWordsAreSkipped) {
  const KnownNames names(
      {{"Nobody", v1::ENTITY_TYPE_UNSPECIFIED}, {"  ,  ", v1::ENTITY_TYPE_PERSON}});
  EXPECT_EQ(names.size(), 0u);
  const TokenizedText text = Tokenize("Nobody came.");
  std::vector<MentionSpan> spans;
  names.AddTo(text, &spans);
  EXPECT_TRUE(spans.empty());
}

}  // namespace
}  // namespace dossier::tagger
