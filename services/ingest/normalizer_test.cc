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

TEST(NormalizerTest, WhitespaceOnlyBecomesEmpty) {
  EXPECT_EQ(NormalizeText(" \n\xc2\xa0\n\t"), "");
}

}  // namespace
}  // namespace dossier::ingest
