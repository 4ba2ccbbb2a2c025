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
}

TEST(NormalizerTest, WhitespaceOnlyBecomesEmpty) {
  EXPECT_EQ(NormalizeText(" \n\xc2\xa0\n\t"), "");
}

}  // namespace
}  // namespace dossier::ingest
