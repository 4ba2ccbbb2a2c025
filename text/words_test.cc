#include "text/words.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/fold.h"

namespace dossier::text {
namespace {

using ::testing::ElementsAre;

TEST(WordsTest, FoldsCaseDiacriticsAndScripts) {
  EXPECT_THAT(Terms("Aleksandar Vu\xc4\x8di\xc4\x87 VUCIC"),
              ElementsAre("aleksandar", "vucic", "vucic"));
  // Cyrillic: "Вучић".
  EXPECT_THAT(Terms("\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b"), ElementsAre("vucic"));
  EXPECT_THAT(Terms("Zakharova ZAKHAROVA zakharova"),
              ElementsAre("zakharova", "zakharova", "zakharova"));
}

TEST(WordsTest, PossessivesApostrophesAndAcronyms) {
  EXPECT_THAT(Terms("Russia's ambassador"), ElementsAre("russia", "ambassador"));
  // A typographic apostrophe too.
  EXPECT_THAT(Terms("Serbia\xe2\x80\x99s refusal"), ElementsAre("serbia", "refusal"));
  EXPECT_THAT(Terms("O'Brien don't"), ElementsAre("obrien", "dont"));
  EXPECT_THAT(Terms("the U.S. and e.g. J. Smith"),
              ElementsAre("the", "us", "and", "eg", "j", "smith"));
  EXPECT_THAT(Terms("'quoted' words'"), ElementsAre("quoted", "words"));
}

TEST(WordsTest, PunctuationSeparatesAtConsecutivePositions) {
  const std::vector<Word> words = Words("Botsan-Kharchenko, T-72MS (1244).");
  ASSERT_EQ(words.size(), 5u);
  EXPECT_EQ(words[0].term, "botsan");
  EXPECT_EQ(words[1].term, "kharchenko");
  EXPECT_EQ(words[1].position, 1u);
  EXPECT_EQ(words[2].term, "t");
  EXPECT_EQ(words[3].term, "72ms");
  EXPECT_EQ(words[4].term, "1244");
  EXPECT_EQ(words[4].position, 4u);
}

TEST(WordsTest, OffsetsAreBytesOfTheOriginal) {
  const std::string text = "\xe2\x80\x9cVu\xc4\x8di\xc4\x87\xe2\x80\x9d said\xc2\xa0it";
  const std::vector<Word> words = Words(text);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(text.substr(words[0].begin, words[0].end - words[0].begin), "Vu\xc4\x8di\xc4\x87");
  EXPECT_EQ(words[1].term, "said");
  EXPECT_EQ(words[2].term, "it");
  EXPECT_EQ(text.substr(words[2].begin, words[2].end - words[2].begin), "it");
}

TEST(WordsTest, IllFormedBytesSeparateWords) {
  EXPECT_THAT(Terms(std::string("ab\xff"
                                "cd")),
              ElementsAre("ab", "cd"));
  EXPECT_THAT(Terms(""), ElementsAre());
  EXPECT_THAT(Terms(" \n\t--- "), ElementsAre());
}

TEST(WordsTest, LongWordsAreCut) {
  const std::vector<std::string> terms = Terms(std::string(200, 'a'));
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].size(), kMaxTermBytes);
}

TEST(FoldTest, NamesFoldAsKeys) {
  EXPECT_EQ(FoldName("Aleksandar Vu\xc4\x8di\xc4\x87"), "aleksandar vucic");
  EXPECT_EQ(FoldName("Botsan-Kharchenko"), "botsan kharchenko");
  EXPECT_EQ(FoldToAscii("Vu\xc4\x8di\xc4\x87"), "vucic");
}

TEST(FoldTest, CaseOfANameInAnyScript) {
  EXPECT_EQ(CaseOf("MOSCOW"), LetterCase::kCapitals);
  EXPECT_EQ(CaseOf("VU\xc4\x8c\xc4\x86"), LetterCase::kCapitals);  // VUČIĆ
  EXPECT_EQ(CaseOf("U.S."), LetterCase::kCapitals);
  EXPECT_EQ(CaseOf("Moscow"), LetterCase::kMixed);
  EXPECT_EQ(CaseOf("\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b"), LetterCase::kMixed);  // Вучић
  EXPECT_EQ(CaseOf("iPhone"), LetterCase::kMixed);
  EXPECT_EQ(CaseOf("pristina"), LetterCase::kSmall);
  EXPECT_EQ(CaseOf("\xe5\x8c\x97\xe4\xba\xac"), LetterCase::kNone);  // 北京
  EXPECT_EQ(CaseOf("1244"), LetterCase::kNone);
  EXPECT_EQ(CaseOf(""), LetterCase::kNone);
  EXPECT_TRUE(InCapitals("NATO"));
  EXPECT_FALSE(InCapitals("Nato"));
}

TEST(FoldTest, TheLatinScriptIsToldFromOthers) {
  EXPECT_TRUE(IsLatinScript("Vu\xc4\x8di\xc4\x87"));  // Vučić
  EXPECT_TRUE(IsLatinScript("G8"));
  EXPECT_TRUE(IsLatinScript("1244"));
  EXPECT_TRUE(IsLatinScript("Hawai\xca\xbbi"));  // Hawaiʻi: a modifier letter of every script
  EXPECT_TRUE(IsLatinScript("C\xc3\xb4te d'Ivoire"));       // Côte d'Ivoire
  EXPECT_FALSE(IsLatinScript("\xd0\x91\xd0\xb8\xd0\x93"));  // БиГ, folded "big"
  EXPECT_EQ(FoldName("\xd0\x91\xd0\xb8\xd0\x93"), "big");
  EXPECT_FALSE(IsLatinScript("\xe5\x8c\x97\xe4\xba\xac"));  // 北京
  EXPECT_FALSE(IsLatinScript("Big\xd0\x91"));               // a letter of each
}

}  // namespace
}  // namespace dossier::text

#include "text/given_names.h"

namespace dossier::text {
namespace {

// An office's title before a name: to its last office word and the
// complement after it, abbreviations written out; none without a name.
TEST(OfficeTitleTest, ATitleRunsToItsLastOfficeWord) {
  const auto title = [](absl::string_view reference) {
    const std::optional<OfficeTitle> t = LeadingOfficeTitle(reference);
    return t.has_value() ? t->head + " | " + t->name : std::string("none");
  };
  EXPECT_EQ(title("Senator Cruz"), "senator | Cruz");
  EXPECT_EQ(title("Sen. Ted Cruz"), "senator | Ted Cruz");
  EXPECT_EQ(title("Texas Senator Ted Cruz"), "senator | Ted Cruz");
  EXPECT_EQ(title("U.S. Secretary of State John Kerry"), "secretary | John Kerry");
  EXPECT_EQ(title("Vice President Biden"), "president | Biden");
  EXPECT_EQ(title("Attorney General Loretta Lynch"), "general | Loretta Lynch");
  EXPECT_EQ(title("Gov. Christie"), "governor | Christie");
  EXPECT_EQ(title("President"), "none");
  EXPECT_EQ(title("Secretary of State"), "none");
  EXPECT_EQ(title("Tony Blair"), "none");
}

TEST(GivenNamesTest, SpellingsOfOneNameShareACanonicalForm) {
  const GivenNames names =
      GivenNames::FromText("# comment\nalexander aleksandar alexandr\nsergei sergey  # trailing\n");
  EXPECT_EQ(names.Canonical("aleksandar vucic"), "alexander vucic");
  EXPECT_EQ(names.Canonical("alexander vucic"), "alexander vucic");
  EXPECT_EQ(names.Canonical("sergey lavrov"), "sergei lavrov");
  EXPECT_EQ(names.Canonical("lavrov"), "lavrov");
  EXPECT_EQ(names.Canonical("maria zakharova"), "maria zakharova");
  // A lone middle initial goes; two stay, as does a one-letter first or
  // last word.
  EXPECT_EQ(names.Canonical("george w bush"), "george bush");
  EXPECT_EQ(names.Canonical("george h w bush"), "george h w bush");
  EXPECT_EQ(names.Canonical("sergey v lavrov"), "sergei lavrov");
  EXPECT_EQ(names.Canonical("m williams"), "m williams");
  EXPECT_EQ(names.Canonical("malcolm x"), "malcolm x");
  // A lone middle name goes too; of two, both stay.
  EXPECT_EQ(names.Canonical("hillary rodham clinton"), "hillary clinton");
  EXPECT_EQ(names.Canonical("george herbert walker bush"), "george herbert walker bush");
  // Not before a suffix, nor of a longer name.
  EXPECT_EQ(names.Canonical("robert downey jr"), "robert downey jr");
  EXPECT_EQ(names.Canonical("robert f kennedy jr"), "robert kennedy jr");
  EXPECT_EQ(names.size(), 5u);
}

}  // namespace
}  // namespace dossier::text
