#include "cli/registry_commands.h"

#include <fstream>

#include "cli/output.h"
#include "common/knowledge_base.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace dossier::cli {
namespace {

// Reuters' bodies are wrapped at 70 characters, names with them
// ("Liebert\nReuter"): printed names and table cells are one line.
TEST(OutputTest, NamesArePrintedOnOneLine) {
  EXPECT_EQ(SingleLine("Gordon\nBrown"), "Gordon Brown");
  EXPECT_EQ(SingleLine("Gordon\r\nBrown\tMP"), "Gordon Brown MP");
  v1::EntitySummary e;
  e.set_display_name("Liebert\nCorp");
  e.set_type(v1::ENTITY_TYPE_ORGANIZATION);
  e.set_document_count(2);
  EXPECT_EQ(EntityLine(e).find('\n'), std::string::npos) << EntityLine(e);
  EXPECT_EQ(Column("Liebert\nCorp", 12), "Liebert Corp");
}

TEST(KnowledgeBaseLineTest, ReadsTheJsonMappingWithShortTypeNames) {
  auto e = ParseKnowledgeBaseLine(
      R"({"name": "Serbia", "aliases": ["Srbija", "Србија"], "type": "location",)"
      R"( "externalIds": {"wikidata": "Q403"}, "coordinates": {"latitude": 44, "longitude": 21}})");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->name(), "Serbia");
  EXPECT_THAT(e->aliases(), ::testing::ElementsAre("Srbija", "Србија"));
  EXPECT_EQ(e->type(), v1::ENTITY_TYPE_LOCATION);
  EXPECT_EQ(e->external_ids().at("wikidata"), "Q403");
  EXPECT_DOUBLE_EQ(e->coordinates().longitude(), 21);

  // The enum's own names and the proto field names are read too.
  e = ParseKnowledgeBaseLine(
      R"({"name": "NATO", "type": "ENTITY_TYPE_ORGANIZATION", "external_ids": {"wikidata": "Q7184"}})");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->type(), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(e->external_ids().at("wikidata"), "Q7184");
  EXPECT_EQ(ParseKnowledgeBaseLine(R"({"name": "Tito", "type": "PERSON"})")->type(),
            v1::ENTITY_TYPE_PERSON);
}

TEST(KnowledgeBaseLineTest, SaysWhatIsWrong) {
  EXPECT_THAT(ParseKnowledgeBaseLine("{\"name\": ").status().message(),
              ::testing::HasSubstr("not a JSON object"));
  EXPECT_THAT(ParseKnowledgeBaseLine(R"({"type": "person"})").status().message(),
              ::testing::HasSubstr("\"name\" is required"));
  EXPECT_THAT(ParseKnowledgeBaseLine(R"({"name": "X"})").status().message(),
              ::testing::HasSubstr("\"type\" is required"));
  EXPECT_THAT(ParseKnowledgeBaseLine(R"({"name": "X", "type": "planet"})").status().message(),
              ::testing::HasSubstr("entity type"));
  EXPECT_THAT(
      ParseKnowledgeBaseLine(R"({"name": "X", "type": "misc", "alias": ["Y"]})").status().message(),
      ::testing::HasSubstr("alias"));
}

// A file is read line by line as the CLI reads it; a bad line is named by
// its number.
TEST(KnowledgeBaseLineTest, AFileNamesItsBadLine) {
  testing::TempDir dir;
  std::ofstream(dir.Sub("kb.jsonl")) << R"({"name": "Serbia", "type": "location"})"
                                     << "\n\n"
                                     << R"({"name": "NATO", "type": "ORGANIZATION"})"
                                     << "\n";
  auto read = ReadKnowledgeBaseFile(dir.Sub("kb.jsonl"));
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[1].type(), v1::ENTITY_TYPE_ORGANIZATION);
  std::ofstream(dir.Sub("bad.jsonl")) << R"({"name": "Serbia", "type": "location"})"
                                      << "\n"
                                      << R"({"name": "NATO", "typ": "org"})"
                                      << "\n";
  EXPECT_THAT(ReadKnowledgeBaseFile(dir.Sub("bad.jsonl")).status().message(),
              ::testing::HasSubstr("bad.jsonl:2: "));
  EXPECT_EQ(ReadKnowledgeBaseFile(dir.Sub("none.jsonl")).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace dossier::cli
