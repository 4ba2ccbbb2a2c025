#include "services/ingest/prepare.h"

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

TEST(PrepareTest, RejectsBadInputNamingFieldAndReason) {
  PrepareOptions small;
  small.max_document_bytes = 10;
  v1::DocumentInput in;
  absl::Status s = PrepareDocument(in, {}, absl::Now()).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "EMPTY_TEXT");

  in.set_text("this text is longer than ten bytes");
  s = PrepareDocument(in, small, absl::Now()).status();
  EXPECT_EQ(ErrorReason(s), "TEXT_TOO_LARGE");
  EXPECT_THAT(std::string(s.message()), HasSubstr("limit is 10"));

  in.set_text_bytes("caf\xe9 au lait");  // Latin-1
  s = PrepareDocument(in, {}, absl::Now()).status();
  EXPECT_EQ(ErrorReason(s), "TEXT_NOT_UTF8");
  EXPECT_THAT(std::string(s.message()), HasSubstr("document.text_bytes"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("0xe9 at offset 3"));

  in.set_text(" \xc2\xa0 ");
  EXPECT_EQ(ErrorReason(PrepareDocument(in, {}, absl::Now()).status()), "EMPTY_TEXT");

  in.set_text("ok");
  in.mutable_publish_date()->set_year(2023);
  in.mutable_publish_date()->set_month(13);
  EXPECT_EQ(ErrorReason(PrepareDocument(in, {}, absl::Now()).status()), "INVALID_DATE");
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
