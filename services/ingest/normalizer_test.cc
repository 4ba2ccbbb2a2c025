#include "services/ingest/normalizer.h"

#include "gtest/gtest.h"

namespace dossier::ingest {
namespace {

TEST(NormalizerTest, FoldsSpacesAndKeepsParagraphs) {
  EXPECT_EQ(NormalizeText("  Hello\xc2\xa0\xc2\xa0world  \r\n\r\n\r\n\r\nNext\tpara  "),
            "Hello world\n\nNext para");
  EXPECT_EQ(NormalizeText("a\xe2\x80\x8b"
                          "b\xc2\xad"
                          "c"),
            "abc");  // ZWSP, soft hyphen
  EXPECT_EQ(NormalizeText("line one\nline two"), "line one\nline two");
}

TEST(NormalizerTest, AnIndentedLineStartsAParagraph) {
  EXPECT_EQ(NormalizeText("Showers continued\nin the zone.\n    The dry period"),
            "Showers continued\nin the zone.\n\nThe dry period");
}

TEST(NormalizerTest, ComposesToNfc) {
  // "c" + combining caron -> "č".
  EXPECT_EQ(NormalizeText("Vuc\xcc\x8ci\xc4\x87"), "Vu\xc4\x8di\xc4\x87");
}

TEST(NormalizerTest, ControlCharactersAreSpacesAndC1IsWindows1252) {
  EXPECT_EQ(NormalizeText(std::string("Hello\0 world\x07!\x7f", 15)), "Hello world !");
  EXPECT_EQ(NormalizeText("a\x1f"
                          "b\tc"),
            "a b c");
  // "Blair\x92s" of a Windows-1252 text read as Latin-1.
  EXPECT_EQ(NormalizeText("Blair\xc2\x92s \xc2\x93plan\xc2\x94 \xc2\x80"
                          "5\xc2\x81"),
            "Blair\xe2\x80\x99s \xe2\x80\x9cplan\xe2\x80\x9d \xe2\x82\xac"
            "5");
  // Its letters too: "\x8akoda" is "Škoda".
  EXPECT_EQ(NormalizeText("\xc2\x8akoda \xc2\x9cuvre"), "\xc5\xa0koda \xc5\x93uvre");
}

// BBC tech/048 writes "Jos&#233; Manuel Barroso": a page's character
// references are the characters, decoded once; a "&" of no reference stays.
TEST(NormalizerTest, CharacterReferencesAreTheirCharacters) {
  EXPECT_EQ(NormalizeText("Jos&#233; Manuel Barroso paid &#163;5 &amp; &#xE9;t&eacute;"),
            "Jos\xc3\xa9 Manuel Barroso paid \xc2\xa3"
            "5 & \xc3\xa9t\xc3\xa9");
  EXPECT_EQ(NormalizeText("&amp;lt; is not &lt;"), "&lt; is not <");
  EXPECT_EQ(NormalizeText("AT&T and R&D; &bogus; &#; &#xZZ; &#1114112; &#55296; & end &"),
            "AT&T and R&D; &bogus; &#; &#xZZ; &#1114112; &#55296; & end &");
  // A reference to a space or a control character is a space like them.
  EXPECT_EQ(NormalizeText("a&nbsp;&nbsp;b&#3;c"), "a b c");
  // "&#128;" to "&#159;" are Windows-1252's, as HTML reads them; the
  // undefined ones stay as written. Names of other letters, in capitals too.
  EXPECT_EQ(NormalizeText("Wait&#133; &#138;koda &#140;uvre &#129;"),
            "Wait\xe2\x80\xa6 \xc5\xa0koda \xc5\x92uvre &#129;");
  EXPECT_EQ(NormalizeText("Bj&oslash;rn &Aring;se &AMP; &Ccedil;a"),
            "Bj\xc3\xb8rn \xc3\x85se & \xc3\x87"
            "a");
  // A reference is read within ten bytes of its "&": a long text of lone
  // "&"s is read once through, and a ";" far off ends none.
  std::string ampersands;
  for (int i = 0; i < 200000; ++i) ampersands += "& ";
  EXPECT_EQ(NormalizeText(ampersands + "x;"), ampersands + "x;");
  EXPECT_EQ(NormalizeText("&amp12345678901;"), "&amp12345678901;");
}

TEST(NormalizerTest, WhitespaceOnlyBecomesEmpty) {
  EXPECT_EQ(NormalizeText(" \n\xc2\xa0\n\t"), "");
}

}  // namespace
}  // namespace dossier::ingest
