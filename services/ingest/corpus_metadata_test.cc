// Metadata extraction measured on real corpora (read from ../shared/data):
//  - Reuters-21578: each article as the wire printed it (headline line,
//    then the body led by its dateline), with no metadata from the client
//    except the receive time (the wire timestamp). The extracted dateline
//    place and date must match the corpus's dateline field.
//  - BBC: the title is the first line.
#include <filesystem>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/ingest/normalizer.h"
#include "services/ingest/prepare.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::ingest {
namespace {

std::string Field(const google::protobuf::Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  return it == s.fields().end() ? "" : it->second.string_value();
}

TEST(CorpusMetadataTest, ReutersDatelinePlaceAndDate) {
  std::ifstream in(testing::SharedDir() + "/data/reuters21578/articles.jsonl");
  ASSERT_TRUE(in) << "no Reuters-21578 under " << testing::SharedDir();
  std::string line;
  int articles = 0, place_right = 0, date_right = 0, with_date = 0;
  std::vector<std::string> examples;
  while (std::getline(in, line)) {
    google::protobuf::Struct a;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &a).ok());
    const std::string body = Field(a, "body");
    const std::string dateline = std::string(absl::StripAsciiWhitespace(Field(a, "dateline")));
    if (body.empty() || dateline.empty()) continue;
    // The wire timestamp: "26-FEB-1987 15:01:01.79".
    const std::vector<std::string> stamp = absl::StrSplit(Field(a, "date"), absl::ByAnyChar("- "));
    int day = 0, year = 0;
    ASSERT_GE(stamp.size(), 3u);
    ASSERT_TRUE(absl::SimpleAtoi(stamp[0], &day) && absl::SimpleAtoi(stamp[2], &year));
    const absl::CivilDay received(year, MonthFromName(stamp[1]), day);

    v1::DocumentInput input;
    input.set_text(absl::StrCat(Field(a, "title"), "\n    ", dateline, " ", body));
    *input.mutable_receive_time() =
        ToProtoTimestamp(absl::FromCivil(received, absl::UTCTimeZone()));
    auto document = PrepareDocument(input, {}, absl::Now());
    ASSERT_TRUE(document.ok()) << document.status();
    ++articles;

    // Expected: the place (the city before the first comma; a region after
    // it may follow in the extracted value); the dateline's month and day,
    // in the year of the timestamp (the year before for a late December
    // dateline filed in January).
    const std::string place =
        std::string(absl::StripAsciiWhitespace(dateline.substr(0, dateline.find(','))));
    const std::string got = document->metadata().dateline();
    const bool place_ok =
        absl::AsciiStrToLower(got.substr(0, got.find(','))) == absl::AsciiStrToLower(place);
    place_right += place_ok;
    const std::vector<std::string> parts =
        absl::StrSplit(dateline.substr(dateline.rfind(',') + 1), ' ', absl::SkipEmpty());
    int dateline_day = 0;
    if (parts.size() >= 2 && MonthFromName(parts[0]) > 0 &&
        absl::SimpleAtoi(parts[1], &dateline_day)) {
      ++with_date;
      absl::CivilDay expected(year, MonthFromName(parts[0]), dateline_day);
      if (expected > received + 1)
        expected = absl::CivilDay(year - 1, MonthFromName(parts[0]), dateline_day);
      const bool date_ok =
          FormatDate(document->metadata().publish_date()) == FormatDate(ToProtoDate(expected));
      date_right += date_ok;
      if ((!place_ok || !date_ok) && examples.size() < 10) {
        examples.push_back(absl::StrCat(dateline, " -> ", document->metadata().dateline(), " | ",
                                        document->text().substr(0, 70), " | ",
                                        FormatDate(document->metadata().publish_date())));
      }
    }
  }
  const double place_accuracy = 100.0 * place_right / articles;
  const double date_accuracy = 100.0 * date_right / with_date;
  std::cout << "Reuters-21578: " << articles << " articles; dateline place " << place_accuracy
            << "% right; date " << date_accuracy << "% right (of " << with_date
            << " datelines with a date)\n";
  for (const auto& e : examples) std::cout << "  missed: " << e << "\n";
  EXPECT_GT(articles, 18000);
  EXPECT_GE(place_accuracy, 98.0);
  EXPECT_GE(date_accuracy, 98.0);
}

TEST(CorpusMetadataTest, BbcTitleIsTheFirstLine) {
  int articles = 0, right = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::SharedDir() + "/data/bbc")) {
    if (entry.path().extension() != ".txt" || entry.path().filename() == "README.TXT") continue;
    const std::string text = testing::ReadFile(entry.path().string());
    if (FirstInvalidUtf8(text) >= 0) continue;
    v1::DocumentInput input;
    input.set_text(text);
    auto document = PrepareDocument(input, {}, absl::Now());
    ASSERT_TRUE(document.ok()) << entry.path() << ": " << document.status();
    ++articles;
    // The first line, normalised: runs of spaces folded, character
    // references decoded ("Tottenham bid &#163;8m" is "... £8m").
    const std::string first_line = NormalizeText(text.substr(0, text.find('\n')));
    if (document->metadata().title() == first_line &&
        document->metadata().title_provenance() == v1::PROVENANCE_EXTRACTED) {
      ++right;
    } else {
      ADD_FAILURE() << entry.path() << ": title \"" << document->metadata().title() << "\"";
    }
  }
  EXPECT_EQ(articles, 2224);
  EXPECT_EQ(right, articles);
}

}  // namespace
}  // namespace dossier::ingest
