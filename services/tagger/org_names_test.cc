// Organisation names by their head word, on small texts whose model spans
// are marked by hand, so that the rule is tested apart from the model.
#include "services/tagger/org_names.h"

#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dossier::tagger {

using text::Tokenize;
using text::TokenizedText;

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr auto PER = v1::ENTITY_TYPE_PERSON;
constexpr auto ORG = v1::ENTITY_TYPE_ORGANIZATION;
constexpr auto LOC = v1::ENTITY_TYPE_LOCATION;
constexpr auto MISC = v1::ENTITY_TYPE_MISC;

// `original` tagged: the model's spans are every whole-token occurrence of
// the given names, then the rule runs. Returns "text/TYPE" per span.
class Tagged {
 public:
  Tagged(std::string original, const std::vector<std::pair<std::string, v1::EntityType>>& model)
      : original_(std::move(original)), text_(Tokenize(original_)) {
    for (const auto& [name, type] : model) {
      const int words = static_cast<int>(Tokenize(name).tokens.size());
      for (int t = 0; t + words <= static_cast<int>(text_.tokens.size()); ++t) {
        if (Text(t, t + words) == name) spans_.push_back({t, t + words, type, 0.9f});
      }
    }
    std::sort(spans_.begin(), spans_.end(),
              [](const MentionSpan& a, const MentionSpan& b) { return a.begin < b.begin; });
    AddOrganizationNames(text_, &spans_);
  }

  std::vector<std::string> Spans() const {
    std::vector<std::string> out;
    for (const MentionSpan& s : spans_) {
      out.push_back(Text(s.begin, s.end) + "/" + v1::EntityType_Name(s.type).substr(12));
    }
    return out;
  }
  const std::vector<MentionSpan>& spans() const { return spans_; }

 private:
  std::string Text(int begin, int end) const {
    const int b = text_.tokens[begin].begin, e = text_.tokens[end - 1].end;
    return original_.substr(b, e - b);
  }

  std::string original_;
  TokenizedText text_;
  std::vector<MentionSpan> spans_;
};

TEST(OrgNamesTest, TheMinistryAfterANationalityThatStaysMisc) {
  // Seed 002: the model finds "Russian" and "Russia", not the ministry.
  const Tagged t(
      "The Russian Foreign Ministry said that Russia is not trying to abuse "
      "friendly relations with Serbia.",
      {{"Russian", MISC}, {"Russia", LOC}, {"Serbia", LOC}});
  EXPECT_THAT(t.Spans(), ElementsAre("Russian/MISC", "Foreign Ministry/ORGANIZATION",
                                     "Russia/LOCATION", "Serbia/LOCATION"));
  EXPECT_FLOAT_EQ(t.spans()[1].confidence, kOrgNameConfidence);
}

TEST(OrgNamesTest, ComplementsAfterOfWithAndBetweenCapitalisedWords) {
  const Tagged t(
      "Officials of the Ministry of Foreign Affairs met the Ministry of Mining "
      "and Energy in Belgrade, and the Commission on Presidential Debates met "
      "the Ministry of Defence Secretary Geoff Hoon and the Office of the Deputy "
      "Prime Minister.",
      {{"Belgrade", LOC}, {"Geoff Hoon", PER}});
  // A title before a name is the person's; one ending the name is its own.
  EXPECT_THAT(t.Spans(),
              ElementsAre("Ministry of Foreign Affairs/ORGANIZATION",
                          "Ministry of Mining and Energy/ORGANIZATION", "Belgrade/LOCATION",
                          "Commission on Presidential Debates/ORGANIZATION",
                          "Ministry of Defence/ORGANIZATION", "Geoff Hoon/PERSON",
                          "Office of the Deputy Prime Minister/ORGANIZATION"));
}

TEST(OrgNamesTest, DatesAreNoComplement) {
  const Tagged t("The Labour Party on Monday and the Court on Thursdays met.", {{"Labour", ORG}});
  EXPECT_THAT(t.Spans(), ElementsAre("Labour Party/ORGANIZATION"));
}

TEST(OrgNamesTest, AndBeforeAnotherOrganisationStartsIt) {
  const Tagged t("Staff of the Ministry of Defence and Foreign Office met.", {});
  EXPECT_THAT(t.Spans(),
              ElementsAre("Ministry of Defence/ORGANIZATION", "Foreign Office/ORGANIZATION"));
}

TEST(OrgNamesTest, APlaceOrAPossessiveBeforeTheNameStaysOutOfIt) {
  const Tagged t(
      "Russia's Foreign Ministry wrote to the US State Department and the Bank of "
      "England.",
      {{"Russia", LOC}, {"US", LOC}, {"England", LOC}});
  // "Bank of England" is CoNLL's ORG, but "England" is the model's LOC and a
  // lone "Bank" is no name.
  EXPECT_THAT(t.Spans(),
              ElementsAre("Russia/LOCATION", "Foreign Ministry/ORGANIZATION", "US/LOCATION",
                          "State Department/ORGANIZATION", "England/LOCATION"));
}

TEST(OrgNamesTest, TheModelsOrganisationGrowsByTheNameItRunsInto) {
  const Tagged t(
      "The UN Security Council and the Labour Party heard the Ministry of "
      "Foreign Affairs.",
      {{"UN", ORG}, {"Labour", ORG}, {"Ministry", ORG}});
  EXPECT_THAT(t.Spans(),
              ElementsAre("UN Security Council/ORGANIZATION", "Labour Party/ORGANIZATION",
                          "Ministry of Foreign Affairs/ORGANIZATION"));
  for (const MentionSpan& s : t.spans()) EXPECT_FLOAT_EQ(s.confidence, kOrgNameConfidence);
}

TEST(OrgNamesTest, TheModelsOtherSpansAreNeverChanged) {
  const Tagged t(
      "Troops left the West Bank as the Olympic Committee and Tony Blair Institute "
      "met the European Commission.",
      {{"West Bank", LOC},
       {"Olympic Committee", MISC},
       {"Tony Blair", PER},
       {"European Commission", ORG}});
  EXPECT_THAT(t.Spans(), ElementsAre("West Bank/LOCATION", "Olympic Committee/MISC",
                                     "Tony Blair/PERSON", "European Commission/ORGANIZATION"));
  EXPECT_FLOAT_EQ(t.spans().back().confidence, 0.9f);
}

TEST(OrgNamesTest, AHeadWordAloneIsNoName) {
  const Tagged t(
      "Parliament voted. The Ministry said so. Police arrived, and the "
      "ministry said the Russian Parliament agreed with the Party.",
      {{"Russian", MISC}});
  EXPECT_THAT(t.Spans(), ElementsAre("Russian/MISC"));
}

TEST(OrgNamesTest, TitlesAndWordsTheHeadModifiesAreNoNames) {
  // "Minister" is a title, not a ministry; a capitalised word after the head
  // is what the head modifies, unless it is a title.
  const Tagged t(
      "Foreign Minister Sergei Lavrov spoke. Party time is over. The Spring Bank "
      "Holiday came, and Metropolitan Police Commissioner Ivan Petrov left.",
      {{"Sergei Lavrov", PER}, {"Ivan Petrov", PER}});
  EXPECT_THAT(t.Spans(), ElementsAre("Sergei Lavrov/PERSON", "Metropolitan Police/ORGANIZATION",
                                     "Ivan Petrov/PERSON"));
}

TEST(OrgNamesTest, HeadlinesInTitleCaseAreLeftAlone) {
  const Tagged t(
      "Washington Post Assembles 'A Sizable Army' Of Reporters To Take Down "
      "Trump\n\nThe Sizable Army of reporters came.",
      {{"Washington Post", ORG}, {"Trump", PER}});
  EXPECT_THAT(t.Spans(), ElementsAre("Washington Post/ORGANIZATION", "Trump/PERSON",
                                     "Sizable Army/ORGANIZATION"));
}

TEST(OrgNamesTest, ASentencesFirstWordCountsOnlyWhenTheTextWritesItCapitalised) {
  // "Local" is capitalised only for opening its sentence: the text writes
  // it in lower case elsewhere. "Metropolitan" never is; "Yesterday" and
  // "Monday" never begin a name.
  const Tagged t(
      "Local Police said the local council met. Metropolitan Police agreed. "
      "Yesterday Parliament voted. The Party on Monday Council voted.",
      {});
  EXPECT_THAT(t.Spans(), ElementsAre("Metropolitan Police/ORGANIZATION"));
  // A word the text also capitalises inside a sentence is a name's word.
  const Tagged u("Foreign Ministry officials met. Its foreign policy and the Foreign Ministry.",
                 {});
  EXPECT_THAT(u.Spans(),
              ElementsAre("Foreign Ministry/ORGANIZATION", "Foreign Ministry/ORGANIZATION"));
}

TEST(OrgNamesTest, HeadWordsAreCapitalisedAsWritten) {
  EXPECT_TRUE(IsOrganizationHeadWord("Ministry"));
  EXPECT_TRUE(IsOrganizationHeadWord("Party"));
  EXPECT_FALSE(IsOrganizationHeadWord("ministry"));
  EXPECT_FALSE(IsOrganizationHeadWord("MINISTRY"));
  EXPECT_FALSE(IsOrganizationHeadWord("Minister"));
  EXPECT_FALSE(IsOrganizationHeadWord("Ministries"));
  EXPECT_FALSE(IsOrganizationHeadWord(""));
  const Tagged t("THE FOREIGN MINISTRY SAID NOTHING.", {});
  EXPECT_THAT(t.Spans(), IsEmpty());
  const Tagged empty("", {});
  EXPECT_THAT(empty.Spans(), IsEmpty());
}

}  // namespace
TEST(SiteNameTest, AWebAddressWrittenAsANameNamesItsSite) {
  EXPECT_EQ(SiteName("Amazon.com"), "Amazon");
  EXPECT_EQ(SiteName("eBay.com"), "eBay");
  EXPECT_EQ(SiteName("Jolt.co.uk"), "Jolt");
  EXPECT_EQ(SiteName("Lastminute.com.au"), "Lastminute");
  EXPECT_EQ(SiteName("Plus.net"), "Plus");
  EXPECT_EQ(SiteName("bbc.co.uk"), "");   // no capital: an address, no name
  EXPECT_EQ(SiteName("Spiegel.de"), "");  // a country's two letters alone
  EXPECT_EQ(SiteName("Amazon"), "");
  EXPECT_EQ(SiteName("U.S."), "");
  EXPECT_EQ(SiteName("St.Louis"), "");
  EXPECT_EQ(SiteName("Amazon com.com"), "");  // a space
  EXPECT_TRUE(IsWebAddressEnding("com"));
  EXPECT_TRUE(IsWebAddressEnding("co.uk"));
  EXPECT_FALSE(IsWebAddressEnding("uk"));
  EXPECT_FALSE(IsWebAddressEnding("co.UK"));
  EXPECT_FALSE(IsWebAddressEnding("in"));
}

TEST(LegalFormTest, AFirmsKeyEndsOnNoLegalForm) {
  EXPECT_EQ(WithoutLegalForm("texaco inc"), "texaco");
  EXPECT_EQ(WithoutLegalForm("samsung electronics co ltd"), "samsung electronics");
  EXPECT_EQ(WithoutLegalForm("deutsche bank ag"), "deutsche bank");
  EXPECT_EQ(WithoutLegalForm("siemens ag"), "siemens");
  EXPECT_EQ(WithoutLegalForm("banco santander sa"), "banco santander");
  EXPECT_EQ(WithoutLegalForm("williams cos"), "williams");
  EXPECT_EQ(WithoutLegalForm("merrill lynch and co inc"), "merrill lynch");
  EXPECT_EQ(WithoutLegalForm("mitsui and co ltd"), "mitsui");
  EXPECT_EQ(WithoutLegalForm("brown and sons inc"), "brown and sons");
  // Not the name itself, nor a form inside it, nor all but "the".
  EXPECT_EQ(WithoutLegalForm("inc"), "inc");
  EXPECT_EQ(WithoutLegalForm("corp of america"), "corp of america");
  EXPECT_EQ(WithoutLegalForm("the limited inc"), "the limited");
  EXPECT_EQ(WithoutLegalForm("bank of england"), "bank of england");
}

}  // namespace dossier::tagger
