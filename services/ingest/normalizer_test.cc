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

TEST(NormalizerTest, ControlCharactersGo) {
  EXPECT_EQ(NormalizeText(std::string("Hello\0 world\x07!\x7f", 15)), "Hello world!");
  EXPECT_EQ(NormalizeText("a\xc2\x80"
                          "b\tc"),
            "ab c");  // a C1 control goes, a tab is a space
}

TEST(NormalizerTest, WhitespaceOnlyBecomesEmpty) {
  EXPECT_EQ(NormalizeText(" \n\xc2\xa0\n\t"), "");
}

}  // namespace
}  // namespace dossier::ingest
