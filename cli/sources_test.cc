#include "cli/sources.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/status.h"
#include "common/time_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::cli {
namespace {

TEST(SourcesTest, ExpandsFoldersAndJsonLinesAndMapsFields) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("a/b"));
  std::ofstream(dir.Sub("a/one.txt")) << "First article.";
  std::ofstream(dir.Sub("a/b/two.txt")) << "Second article.";
  std::ofstream(dir.Sub("a/skip.md")) << "not news";
  // A corpus's notes and hidden files are no articles (the BBC folder's
  // README.TXT), unless named.
  std::ofstream(dir.Sub("a/README.TXT")) << "Consists of 2225 documents";
  std::ofstream(dir.Sub("a/LICENSE.txt")) << "research use";
  std::ofstream(dir.Sub("a/.notes.txt")) << "hidden";
  std::filesystem::create_directories(dir.Sub("a/.cache"));
  std::ofstream(dir.Sub("a/.cache/old.txt")) << "hidden folder";
  std::ofstream(dir.Sub("feed.jsonl")) << "{\"body\": \"Third.\", \"headline\": \"T\", \"date\": "
                                          "\"26-FEB-1987 15:01:01.79\", \"id\": \"x1\"}\n"
                                       << "\n"
                                       << "{\"headline\": \"no body\"}\n"
                                       << "not json\n"
                                       << "{\"body\": null, \"headline\": \"T\"}\n"
                                       << "{\"body\": \"\"}\n";
  auto sources = EnumerateSources({dir.Sub("a"), dir.Sub("feed.jsonl")});
  ASSERT_TRUE(sources.ok()) << sources.status();
  ASSERT_EQ(sources->size(), 7u);
  EXPECT_EQ((*sources)[0].path, dir.Sub("a/b/two.txt"));
  auto named = EnumerateSources({dir.Sub("a/README.TXT")});
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_EQ(named->size(), 1u);
  EXPECT_EQ((*sources)[3].line, 3);

  SourceOptions options;
  options.text_field = "body";
  options.title_field = "headline";
  options.key_field = "id";
  auto file = LoadSource((*sources)[1], options);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->text_bytes(), "First article.");
  auto line = LoadSource((*sources)[2], options);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->text(), "Third.");
  EXPECT_EQ(line->title(), "T");
  EXPECT_EQ(line->client_key(), "x1");
  EXPECT_EQ(FormatDate(line->publish_date()), "1987-02-26");
  const absl::Status no_body = LoadSource((*sources)[3], options).status();
  EXPECT_EQ(no_body.code(), absl::StatusCode::kInvalidArgument);
  // It names the fields the line has, one of which may be the text.
  EXPECT_THAT(std::string(no_body.message()),
              ::testing::HasSubstr("no \"body\" field with text (its fields: headline;"));
  const absl::Status not_json = LoadSource((*sources)[4], options).status();
  EXPECT_EQ(not_json.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(not_json.message()), ::testing::HasSubstr("not a JSON object: "));
  EXPECT_THAT(std::string(not_json.message()), ::testing::Not(::testing::HasSubstr("\n")));
  // A text field that is there, but null or empty, is said to be so.
  EXPECT_EQ(LoadSource((*sources)[5], options).status().message(),
            "field \"body\" is null: no text to ingest");
  EXPECT_EQ(LoadSource((*sources)[6], options).status().message(),
            "field \"body\" is empty: no text to ingest");
  EXPECT_EQ(EnumerateSources({dir.Sub("missing")}).status().code(), absl::StatusCode::kNotFound);
}

// --key_from_path sends the path as the client key, which the API takes
// as UTF-8 text: a file name of other bytes is refused with the reason,
// and read as any file without the flag.
TEST(SourcesTest, AKeyFromAPathThatIsNotUtf8IsRefused) {
  testing::TempDir dir;
  const std::string latin1 = dir.Sub("Belgrad\xe9.txt");
  std::ofstream(latin1) << "An article.";
  auto sources = EnumerateSources({latin1});
  ASSERT_TRUE(sources.ok()) << sources.status();
  ASSERT_EQ(sources->size(), 1u);
  SourceOptions options;
  options.key_from_path = true;
  const auto keyed = LoadSource((*sources)[0], options);
  EXPECT_EQ(keyed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(keyed.status()), "NOT_UTF8");
  EXPECT_THAT(std::string(keyed.status().message()), ::testing::HasSubstr("--key_from_path"));
  options.key_from_path = false;
  const auto plain = LoadSource((*sources)[0], options);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->text_bytes(), "An article.");
  // A UTF-8 name is the key.
  const std::string serbian = dir.Sub("Beograd \xc4\x8dlanak.txt");
  std::ofstream(serbian) << "Another.";
  options.key_from_path = true;
  const auto named = LoadSource(Source{serbian, -1, 0, nullptr}, options);
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_EQ(named->client_key(), serbian);
}

TEST(SourcesTest, ReadsStandardInputAsOneArticleOrJsonLines) {
  std::istringstream article("BELGRADE, July 31 - Serbia said ...\n\nMore.\n");
  auto one = EnumerateSources({"-"}, &article);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].Describe(), "stdin");
  auto input = LoadSource((*one)[0], SourceOptions());
  ASSERT_TRUE(input.ok()) << input.status();
  EXPECT_EQ(input->text_bytes(), "BELGRADE, July 31 - Serbia said ...\n\nMore.\n");

  std::istringstream feed(
      "  {\"text\": \"First.\"}\n\n{\"text\": \"Second.\", \"title\": \"T\"}\n");
  auto lines = EnumerateSources({"-"}, &feed);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[1].Describe(), "stdin:3");
  auto second = LoadSource((*lines)[1], SourceOptions());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->text(), "Second.");
  EXPECT_EQ(second->title(), "T");

  std::istringstream twice("x");
  EXPECT_EQ(EnumerateSources({"-", "-"}, &twice).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Editors on Windows begin a file with UTF-8's byte-order mark: standard
// input that begins so is still JSON Lines, and a file's first line is
// still read.
TEST(SourcesTest, AByteOrderMarkBeforeJsonIsNoPartOfIt) {
  std::istringstream feed("\xEF\xBB\xBF{\"text\": \"First.\"}\n");
  auto lines = EnumerateSources({"-"}, &feed);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 1u);
  ASSERT_EQ((*lines)[0].offset, 0) << "read as JSON Lines";
  auto first = LoadSource((*lines)[0], SourceOptions());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->text(), "First.");

  testing::TempDir dir;
  std::ofstream(dir.Sub("a.jsonl"))
      << "\xEF\xBB\xBF{\"text\": \"One.\"}\r\n{\"text\": \"Two.\"}\r\n";
  auto file = EnumerateSources({dir.Sub("a.jsonl")});
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->size(), 2u);
  auto one = LoadSource((*file)[0], SourceOptions());
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->text(), "One.");
}

// A .json file is one JSON value: a document's object over several lines,
// or an array of them; a line of JSON Lines that is no object says so.
TEST(SourcesTest, AJsonFileIsAnObjectOrAnArrayOfThem) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("d"));
  std::ofstream(dir.Sub("d/b.json"))
      << "[{\"text\": \"one\"},\n {\"text\": \"two\", \"title\": \"T\"}]";
  std::ofstream(dir.Sub("d/c.json")) << "\xEF\xBB\xBF{\n  \"text\": \"pretty\"\n}\n";
  std::ofstream(dir.Sub("d/e.json")) << "{\"text\": \"cut";
  auto sources = EnumerateSources({dir.Sub("d")});
  ASSERT_TRUE(sources.ok()) << sources.status();
  ASSERT_EQ(sources->size(), 4u);
  std::vector<std::string> texts;
  for (int i = 0; i < 3; ++i) {
    auto input = LoadSource((*sources)[i], SourceOptions());
    ASSERT_TRUE(input.ok()) << (*sources)[i].Describe() << ": " << input.status();
    texts.push_back(input->text());
  }
  EXPECT_THAT(texts, ::testing::ElementsAre("one", "two", "pretty"));
  EXPECT_EQ((*sources)[1].Describe(), dir.Sub("d/b.json") + ":2");
  const absl::Status cut = LoadSource((*sources)[3], SourceOptions()).status();
  EXPECT_EQ(cut.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(cut.message()), ::testing::HasSubstr("not a JSON object: "));

  // A .json file in another encoding is read in it, each document once.
  std::ofstream(dir.Sub("latin.json"))
      << "[{\"text\": \"Caf\xe9 one\"}, {\"text\": \"Caf\xe9 two\"}]";
  auto latin = EnumerateSources({dir.Sub("latin.json")}, nullptr, "latin1");
  ASSERT_TRUE(latin.ok()) << latin.status();
  ASSERT_EQ(latin->size(), 2u);
  SourceOptions latin1;
  latin1.encoding = "latin1";
  auto second = LoadSource((*latin)[1], latin1);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->text(), "Caf\xc3\xa9 two");

  std::ofstream(dir.Sub("f.jsonl")) << "[1, 2, 3]\n";
  auto array = EnumerateSources({dir.Sub("f.jsonl")});
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_EQ(LoadSource((*array)[0], SourceOptions()).status().message(),
            "not a JSON object: a document is one object, {\"text\": ...}; this begins with \"[\"");
}

// An executable or an image is no article, whatever the encoding: with
// --encoding=auto it would decode as some single-byte encoding's letters.
// UTF-16 text has NUL bytes too, and is text.
TEST(SourcesTest, ABinaryFileIsNoArticle) {
  auto load = [](const std::string& bytes, const std::string& encoding) {
    auto source = std::make_shared<const std::string>(bytes);
    SourceOptions options;
    options.encoding = encoding;
    return LoadSource(Source{"file", -1, 0, source}, options);
  };
  const std::string elf(
      "\x7f"
      "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0Rtd Ptd Std",
      27);
  for (const char* encoding : {"utf-8", "auto", "latin1"}) {
    const auto binary = load(elf, encoding);
    EXPECT_EQ(binary.status().code(), absl::StatusCode::kInvalidArgument) << encoding;
    EXPECT_EQ(ErrorReason(binary.status()), "NOT_TEXT") << encoding;
    EXPECT_THAT(std::string(binary.status().message()), ::testing::HasSubstr("binary file"));
  }
  const std::string utf16("\xff\xfeS\0e\0r\0b\0i\0a\0.\0", 16);
  const auto text = load(utf16, "auto");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(text->text(), "Serbia.");
  EXPECT_TRUE(load(std::string("S\0e\0", 4), "utf-16le").ok());
  // Bytes behind a byte-order mark that decode to control characters.
  const std::string marked("\xff\xfe\0\0garbage\0\x01\x02", 14);
  const auto junk = load(marked, "auto");
  EXPECT_EQ(ErrorReason(junk.status()), "NOT_TEXT") << junk.status();
  EXPECT_THAT(std::string(junk.status().message()), ::testing::HasSubstr("control character"));
  // A few, as wire framing or an end-of-file mark leave, are text still.
  const std::string framed = "\x01" + std::string(200, 'a') + " Serbia.\x1a";
  const auto wire = load(framed, "latin1");
  EXPECT_TRUE(wire.ok()) << wire.status();
  // A single-byte encoding whose name has a 16 in it is no UTF-16.
  EXPECT_EQ(ErrorReason(load(elf, "iso-8859-16").status()), "NOT_TEXT");
}

// --encoding=auto reads valid UTF-8 as UTF-8: ICU's detector guesses
// ISO-8859-1 for BBC business/328, an English text with a few "£", which
// stored "Â£28.7m". Text that is not UTF-8 is still guessed.
TEST(SourcesTest, AutoReadsValidUtf8AsUtf8) {
  const std::string article =
      testing::ReadFile(testing::SharedDir() + "/data/bbc/business/328.txt");
  ASSERT_NE(article.find("\xc2\xa3"), std::string::npos);
  auto utf8 = ToUtf8(article, "auto");
  ASSERT_TRUE(utf8.ok()) << utf8.status();
  EXPECT_EQ(*utf8, article);
  std::string latin1;
  for (size_t i = 0; i < article.size(); ++i) {
    if (article.compare(i, 2, "\xc2\xa3") == 0) {
      latin1 += '\xa3';
      ++i;
    } else {
      latin1 += article[i];
    }
  }
  auto guessed = ToUtf8(latin1, "auto");
  ASSERT_TRUE(guessed.ok()) << guessed.status();
  EXPECT_NE(guessed->find("\xc2\xa3"), std::string::npos);
  EXPECT_EQ(guessed->find("\xc3\x82"), std::string::npos);  // no "Â"
  // ISO-2022-JP is 7-bit, valid UTF-8 byte by byte; its escapes say what
  // it is.
  const std::string jis = "\x1b$BF|K\\8l$N5-;v$G$9!#\x1b(B";
  auto japanese = ToUtf8(jis, "iso-2022-jp");
  ASSERT_TRUE(japanese.ok()) << japanese.status();
  EXPECT_EQ(japanese->find('\x1b'), std::string::npos);
  auto detected = ToUtf8(jis, "auto");
  ASSERT_TRUE(detected.ok()) << detected.status();
  EXPECT_NE(*detected, jis);
}

// --received: a day is its midnight UTC, a time keeps its offset; every
// document of the run carries it, a text file and a JSON line alike.
TEST(SourcesTest, ReceivedDatesEveryDocumentOfTheRun) {
  EXPECT_EQ(ParseReceived("2005-02-14")->seconds(), 1108339200);
  EXPECT_EQ(ParseReceived("2005-02-14T09:30:00+01:00")->seconds(), 1108339200 + 8 * 3600 + 1800);
  for (const char* bad : {"yesterday", "2005-02", "2005", "2005-02-30", "14.02.2005", ""}) {
    const auto parsed = ParseReceived(bad);
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(parsed.status().message()), ::testing::HasSubstr("--received")) << bad;
  }
  SourceOptions options;
  options.receive_time = *ParseReceived("2005-02-14");
  auto load = [&](const std::string& bytes, int64_t offset) {
    return LoadSource(Source{"file", offset, 0, std::make_shared<const std::string>(bytes)},
                      options);
  };
  const auto file = load("Labour chooses Manchester.", -1);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->receive_time().seconds(), 1108339200);
  const auto line = load(R"({"text": "Labour chooses Manchester."})", 0);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->receive_time().seconds(), 1108339200);
  // A line's own field wins; a bad one rejects the line, naming the field.
  options.received_field = "fetched";
  const auto own = load(R"({"text": "Labour chooses Manchester.", "fetched": "2004-12-01"})", 0);
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->receive_time().seconds(), 1101859200);
  EXPECT_EQ(load(R"({"text": "Labour chooses Manchester."})", 0)->receive_time().seconds(),
            1108339200);
  const auto bad = load(R"({"text": "Labour chooses Manchester.", "fetched": "last week"})", 0);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), ::testing::HasSubstr("field \"fetched\""));
  options.receive_time.reset();
  options.received_field.clear();
  EXPECT_FALSE(load("Labour chooses Manchester.", -1)->has_receive_time());
}

TEST(SourcesTest, ParsesTheDatesFeedsWrite) {
  EXPECT_EQ(FormatDate(*ParseFeedDate("2023-02-13")), "2023-02-13");
  EXPECT_EQ(FormatDate(*ParseFeedDate("2023-02-13T08:00:00Z")), "2023-02-13");
  EXPECT_EQ(FormatDate(*ParseFeedDate("26-FEB-1987 15:01:01.79")), "1987-02-26");
  EXPECT_EQ(FormatDate(*ParseFeedDate("Feb 26, 1987")), "1987-02-26");
  // RSS's RFC 822 dates, and a day before its month.
  EXPECT_EQ(FormatDate(*ParseFeedDate("Tue, 01 Mar 2005 10:00:00 GMT")), "2005-03-01");
  EXPECT_EQ(FormatDate(*ParseFeedDate("Sat, 5 Dec 2026 23:59:59 -0500")), "2026-12-05");
  EXPECT_EQ(FormatDate(*ParseFeedDate("1 March 2005")), "2005-03-01");
  EXPECT_FALSE(ParseFeedDate("Tue, 31 Feb 2005 10:00:00 GMT").ok());
  EXPECT_FALSE(ParseFeedDate("Tue, 01 Mar 05").ok());
  EXPECT_THAT(ParseFeedDate("yesterday").status().message(), ::testing::HasSubstr("1 March 2005"));
  EXPECT_FALSE(ParseFeedDate("31-FEB-1987").ok());
  EXPECT_FALSE(ParseFeedDate("yesterday").ok());
  // An ISO date that is no day is said so, not as an unknown format.
  EXPECT_THAT(ParseFeedDate("2005-02-30").status().message(),
              ::testing::HasSubstr("\"2005-02-30\" is no day of the calendar"));
  // A real day in a form dossier does not read is not called no day.
  EXPECT_THAT(ParseFeedDate("2005-03-01Q").status().message(),
              ::testing::Not(::testing::HasSubstr("no day of the calendar")));
}

}  // namespace
}  // namespace dossier::cli
