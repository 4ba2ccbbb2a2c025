#include "services/ingest/prepare.h"

#include <functional>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dossier::ingest {
namespace {

using ::testing::HasSubstr;

TEST(PrepareTest, IdDerivesFromNormalisedTextOrClientKey) {
  v1::DocumentInput a;
  a.set_text("Hello   world");
  v1::DocumentInput b;
  b.set_text("Hello world\n");
  auto da = PrepareDocument(a, {}, absl::Now());
  auto db = PrepareDocument(b, {}, absl::Now());
  ASSERT_TRUE(da.ok() && db.ok());
  EXPECT_EQ(da->id(), db->id());
  EXPECT_EQ(da->id(), DocumentIdForText("Hello world"));
  EXPECT_EQ(da->original_text(), "Hello   world");
  EXPECT_EQ(da->content_hash(), db->content_hash());

  a.set_client_key("https://example.com/a");
  auto keyed = PrepareDocument(a, {}, absl::Now());
  EXPECT_EQ(keyed->id(), DocumentIdForClientKey("https://example.com/a"));
  EXPECT_EQ(keyed->name(), "documents/" + keyed->id());
}

TEST(PrepareTest, ClientMetadataIsMarkedClient) {
  v1::DocumentInput in;
  in.set_text("Body.");
  in.set_title("A title");
  in.set_outlet("TASS");
  in.mutable_publish_date()->set_year(2022);
  in.mutable_publish_date()->set_month(8);
  in.mutable_publish_date()->set_day(1);
  (*in.mutable_labels())["feed"] = "tass-en";
  auto d = PrepareDocument(in, {}, absl::Now());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->metadata().title(), "A title");
  EXPECT_EQ(d->metadata().title_provenance(), v1::PROVENANCE_CLIENT);
  EXPECT_EQ(d->metadata().outlet_provenance(), v1::PROVENANCE_CLIENT);
  EXPECT_EQ(d->metadata().publish_date().day(), 1);
  EXPECT_EQ(d->metadata().dateline_provenance(), v1::PROVENANCE_UNSPECIFIED);
  EXPECT_EQ(d->labels().at("feed"), "tass-en");
}

// A date the text gives whole is EXTRACTED; a dateline's day and month,
// whose year is worked out, INFERRED: a caller can tell a guessed year.
TEST(PrepareTest, AYearTheTextDoesNotGiveIsMarkedInferred) {
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 12, 2, 12, 0, 0), absl::UTCTimeZone());
  v1::DocumentInput dated;
  dated.set_text("date 2023-02-13\n\nMOSCOW, February 13 - RIA Novosti. The talks went on.");
  auto d = PrepareDocument(dated, {}, now);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->metadata().publish_date().year(), 2023);
  EXPECT_EQ(d->metadata().publish_date_provenance(), v1::PROVENANCE_EXTRACTED);
  v1::DocumentInput yearless;
  yearless.set_text("MOSCOW, February 10. /TASS/. Russian officials said on Sunday they agreed.");
  d = PrepareDocument(yearless, {}, now);
  ASSERT_TRUE(d.ok()) << d.status();
  // The latest February 10 that was a Sunday.
  EXPECT_EQ(d->metadata().publish_date().year(), 2019);
  EXPECT_EQ(d->metadata().publish_date_provenance(), v1::PROVENANCE_INFERRED);
}

TEST(PrepareTest, RejectsBadInputNamingFieldAndReason) {
  PrepareOptions small;
  small.max_document_bytes = 10;
  v1::DocumentInput in;
  absl::Status s = PrepareDocument(in, {}, absl::Now()).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "EMPTY_TEXT");
  // Empty bytes are named as the field they came in.
  in.set_text_bytes("");
  s = PrepareDocument(in, {}, absl::Now()).status();
  EXPECT_EQ(ErrorReason(s), "EMPTY_TEXT");
  EXPECT_EQ(std::string(s.message()), "document.text_bytes must not be empty");

  in.set_text("this text is longer than ten bytes");
  s = PrepareDocument(in, small, absl::Now()).status();
  EXPECT_EQ(ErrorReason(s), "TEXT_TOO_LARGE");
  EXPECT_THAT(std::string(s.message()), HasSubstr("limit is 10"));

  in.set_text_bytes("caf\xe9 au lait");  // Latin-1
  s = PrepareDocument(in, {}, absl::Now()).status();
  EXPECT_EQ(ErrorReason(s), "TEXT_NOT_UTF8");
  EXPECT_THAT(std::string(s.message()), HasSubstr("document.text_bytes"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("0xe9 at offset 3"));

  // Spaces alone are no visible text; boilerplate alone is text that
  // leaves nothing once it is removed.
  in.set_text(" \xc2\xa0 ");
  EXPECT_EQ(ErrorReason(PrepareDocument(in, {}, absl::Now()).status()), "NO_VISIBLE_TEXT");

  in.set_text("ok");
  in.mutable_publish_date()->set_year(2023);
  in.mutable_publish_date()->set_month(13);
  in.mutable_publish_date()->set_day(45);
  const absl::Status bad_date = PrepareDocument(in, {}, absl::Now()).status();
  EXPECT_EQ(ErrorReason(bad_date), "INVALID_DATE");
  EXPECT_THAT(bad_date.message(), HasSubstr("2023-13-45"));
}

TEST(PrepareTest, TextWithoutAVisibleCharacterIsRefused) {
  const std::string nuls(64, '\0');
  using std::string_literals::operator""s;
  for (const std::string& text :
       {nuls, "\x01\x02\x1b\x07\x7f\t\x01"s, "\0 \n\0\r\n\0"s,
        // C1 controls (a line break, one Windows-1252 leaves undefined), a
        // zero-width space, a word joiner, a BOM, an interlinear
        // annotation anchor (format), NULs between.
        "\xc2\x85\xc2\x9d\0\xe2\x80\x8b\xe2\x81\xa0\0\xef\xbb\xbf\xef\xbf\xb9"s}) {
    v1::DocumentInput in;
    in.set_text(text);
    absl::Status s = PrepareDocument(in, {}, absl::Now()).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << testing::PrintToString(text);
    EXPECT_THAT(ErrorReason(s), ::testing::AnyOf("NO_VISIBLE_TEXT", "EMPTY_TEXT"))
        << testing::PrintToString(text);
  }
  v1::DocumentInput in;
  in.set_text_bytes(nuls);
  absl::Status s = PrepareDocument(in, {}, absl::Now()).status();
  EXPECT_EQ(ErrorReason(s), "NO_VISIBLE_TEXT");
  EXPECT_THAT(std::string(s.message()), HasSubstr("document.text_bytes has no visible character"));

  // One visible character among them is a text (odd, but not empty).
  in.set_text(nuls + "x" + nuls);
  EXPECT_TRUE(PrepareDocument(in, {}, absl::Now()).ok());
  in.set_text("\xe2\x80\x8b\xd0\x96");  // a zero-width space, then Ж
  EXPECT_TRUE(PrepareDocument(in, {}, absl::Now()).ok());
}

// A field `size` bytes long of 'a'.
std::string Bytes(size_t size) { return std::string(size, 'a'); }

TEST(PrepareTest, EveryStringAndMapFieldHasACap) {
  const PrepareOptions caps;
  struct Case {
    std::function<void(v1::DocumentInput*, size_t)> set;
    size_t cap;
    std::string field;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {[](v1::DocumentInput* in, size_t n) { in->set_client_key(Bytes(n)); },
       caps.max_client_key_bytes, "document.client_key", "CLIENT_KEY_TOO_LONG"},
      {[](v1::DocumentInput* in, size_t n) { in->set_title(Bytes(n)); }, caps.max_title_bytes,
       "document.title", "TITLE_TOO_LONG"},
      {[](v1::DocumentInput* in, size_t n) { in->set_outlet(Bytes(n)); }, caps.max_outlet_bytes,
       "document.outlet", "OUTLET_TOO_LONG"},
      {[](v1::DocumentInput* in, size_t n) { in->set_dateline(Bytes(n)); }, caps.max_dateline_bytes,
       "document.dateline", "DATELINE_TOO_LONG"},
      {[](v1::DocumentInput* in, size_t n) { in->set_url(Bytes(n)); }, caps.max_url_bytes,
       "document.url", "URL_TOO_LONG"},
      {[](v1::DocumentInput* in, size_t n) { (*in->mutable_labels())[Bytes(n)] = "v"; },
       caps.max_label_key_bytes, "document.labels", "LABEL_KEY_TOO_LONG"},
      {[](v1::DocumentInput* in, size_t n) { (*in->mutable_labels())["feed"] = Bytes(n); },
       caps.max_label_value_bytes, "document.labels[\"feed\"]", "LABEL_VALUE_TOO_LONG"},
  };
  for (const Case& c : cases) {
    v1::DocumentInput at_cap;
    at_cap.set_text("Body.");
    c.set(&at_cap, c.cap);
    EXPECT_TRUE(PrepareDocument(at_cap, caps, absl::Now()).ok()) << c.field;

    v1::DocumentInput over;
    over.set_text("Body.");
    c.set(&over, c.cap + 1);
    absl::Status s = PrepareDocument(over, caps, absl::Now()).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_EQ(ErrorReason(s), c.reason) << c.field;
    EXPECT_THAT(std::string(s.message()),
                HasSubstr(absl::StrCat(c.field, " is ", c.cap + 1, " bytes; the limit is ", c.cap)))
        << c.field;
  }

  v1::DocumentInput labels;
  labels.set_text("Body.");
  for (int i = 0; i <= caps.max_labels; ++i) {
    (*labels.mutable_labels())[absl::StrCat("k", i)] = "v";
  }
  EXPECT_EQ(ErrorReason(PrepareDocument(labels, caps, absl::Now()).status()), "TOO_MANY_LABELS");
  labels.mutable_labels()->erase("k0");
  EXPECT_TRUE(PrepareDocument(labels, caps, absl::Now()).ok());
  (*labels.mutable_labels()).erase("k1");
  (*labels.mutable_labels())[""] = "v";
  EXPECT_EQ(ErrorReason(PrepareDocument(labels, caps, absl::Now()).status()), "EMPTY_LABEL_KEY");
}

google::protobuf::Timestamp Seconds(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(nanos);
  return ts;
}

TEST(PrepareTest, TimesOutsideTheWindowAreRefused) {
  const absl::Time now = absl::FromUnixSeconds(1700000000);  // 2023-11-14T22:13:20Z
  const int64_t now_s = 1700000000;
  const int64_t floor_s = absl::ToUnixSeconds(PrepareOptions().earliest_time);
  v1::DocumentInput in;
  in.set_text("MOSCOW, August 1. /TASS/. The talks went on.");
  auto reason = [&](const google::protobuf::Timestamp& ts) {
    *in.mutable_receive_time() = ts;
    return ErrorReason(PrepareDocument(in, {}, now).status());
  };
  // Inside: an archive of 1987, a clock a minute fast, the edges.
  EXPECT_EQ(reason(Seconds(541728000)), "");
  EXPECT_EQ(reason(Seconds(now_s + 60)), "");
  EXPECT_EQ(reason(Seconds(floor_s)), "");
  EXPECT_EQ(reason(Seconds(now_s + 24 * 3600)), "");
  // Outside: before the floor, a day and a second ahead, milliseconds sent
  // as seconds, the extremes of a Timestamp and past them.
  EXPECT_EQ(reason(Seconds(floor_s - 1)), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(reason(Seconds(now_s + 24 * 3600 + 1)), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(reason(Seconds(now_s * 1000)), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(reason(Seconds(-62135596800)), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(reason(Seconds(253402300799)), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(reason(Seconds(std::numeric_limits<int64_t>::min())), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(reason(Seconds(std::numeric_limits<int64_t>::max())), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(reason(Seconds(now_s, -1)), "INVALID_TIMESTAMP");
  EXPECT_EQ(reason(Seconds(now_s, 1000000000)), "INVALID_TIMESTAMP");
  *in.mutable_receive_time() = Seconds(now_s * 1000);
  absl::Status s = PrepareDocument(in, {}, now).status();
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("between 1700-01-01T00:00:00Z and 2023-11-15T22:13:20Z"));

  in.clear_receive_time();
  auto date_reason = [&](int year, int month, int day) {
    in.mutable_publish_date()->set_year(year);
    in.mutable_publish_date()->set_month(month);
    in.mutable_publish_date()->set_day(day);
    return ErrorReason(PrepareDocument(in, {}, now).status());
  };
  EXPECT_EQ(date_reason(1987, 2, 26), "");
  EXPECT_EQ(date_reason(2023, 11, 15),
            "");  // tomorrow in UTC, today in Auckland
  EXPECT_EQ(date_reason(1700, 1, 1), "");
  EXPECT_EQ(date_reason(2023, 11, 16), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(date_reason(9999, 12, 31), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(date_reason(1, 1, 1), "TIME_OUT_OF_RANGE");
  EXPECT_EQ(date_reason(1699, 12, 31), "TIME_OUT_OF_RANGE");
}

TEST(PrepareTest, TextBytesThatAreUtf8AreAccepted) {
  v1::DocumentInput in;
  in.set_text_bytes("Vu\xc4\x8di\xc4\x87 said");
  auto d = PrepareDocument(in, {}, absl::Now());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->text(), "Vu\xc4\x8di\xc4\x87 said");
}

}  // namespace
}  // namespace dossier::ingest
