#include "services/query/document_store.h"

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace dossier::query {
namespace {

v1::Document MakeDocument(const std::string& text, const std::string& date) {
  v1::Document d;
  d.set_id(DocumentIdForText(text));
  d.set_text(text);
  if (!date.empty()) {
    *d.mutable_metadata()->mutable_publish_date() = *ParseDate(date, "date");
  }
  *d.mutable_accept_time() = ToProtoTimestamp(absl::FromUnixSeconds(1700000000));
  d.mutable_annotations()->add_sentences()->mutable_span()->set_end(3);
  return d;
}

class DocumentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto idf = IdfTable::Load(testing::SourceDir() + "/models/idf/idf.bin");
    ASSERT_TRUE(idf.ok()) << idf.status();
    idf_ = std::move(*idf);
    Reopen();
  }
  void Reopen() {
    store_.reset();
    DocumentStoreOptions options;
    options.path = dir_.Sub("db");
    options.idf = idf_.get();
    auto store = DocumentStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  testing::TempDir dir_;
  std::unique_ptr<IdfTable> idf_;
  std::unique_ptr<DocumentStore> store_;
};

TEST_F(DocumentStoreTest, IndexIsIdempotentAndSurvivesReopen) {
  v1::Document a = MakeDocument("alpha", "2023-02-13");
  v1::Document b = MakeDocument("beta", "2022-08-01");
  auto outcomes = store_->Index({&a, &b, &a}, absl::Now());
  ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  EXPECT_THAT(*outcomes, ::testing::ElementsAre(internal::v1::INDEX_OUTCOME_INDEXED,
                                                internal::v1::INDEX_OUTCOME_INDEXED,
                                                internal::v1::INDEX_OUTCOME_ALREADY_INDEXED));
  auto again = store_->Index({&a}, absl::Now());
  EXPECT_THAT(*again, ::testing::ElementsAre(internal::v1::INDEX_OUTCOME_ALREADY_INDEXED));
  EXPECT_EQ(*store_->Count(), 2u);

  Reopen();
  EXPECT_EQ(*store_->Count(), 2u);
  auto got = store_->Get(a.id());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->text(), "alpha");
  EXPECT_EQ(got->name(), DocumentName(a.id()));
  EXPECT_TRUE(got->has_index_time());
  EXPECT_EQ(got->annotations().sentences_size(), 1);
}

// Every document read says the day it is dated by, and whether that is a
// publish date: a caller need not work it out.
TEST_F(DocumentStoreTest, EveryDocumentReadSaysTheDayItIsDatedBy) {
  v1::Document dated = MakeDocument("dated", "2023-02-13");
  v1::Document undated = MakeDocument("undated", "");
  ASSERT_TRUE(store_->Index({&dated, &undated}, absl::Now()).ok());
  ListDocumentsSpec spec;
  v1::ListDocumentsResponse response;
  ASSERT_TRUE(store_->searcher().List(spec, &response).ok());
  ASSERT_EQ(response.documents_size(), 2);
  for (const v1::Document& d : response.documents()) {
    if (d.id() == dated.id()) {
      EXPECT_EQ(FormatDate(d.day()), "2023-02-13");
      EXPECT_FALSE(d.day_undated());
    } else {
      // The day (UTC) it was accepted: 2023-11-14T22:13:20Z.
      EXPECT_EQ(FormatDate(d.day()), "2023-11-14");
      EXPECT_TRUE(d.day_undated());
    }
  }
}

TEST_F(DocumentStoreTest, ABadDocumentStoresNothingOfTheCall) {
  v1::Document good = MakeDocument("good", "2023-01-01");
  v1::Document bad = MakeDocument("bad", "2023-01-01");
  bad.set_id("nothex");
  auto outcomes = store_->Index({&good, &bad}, absl::Now());
  EXPECT_EQ(outcomes.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(outcomes.status().message()), ::testing::HasSubstr("documents[1].id"));
  EXPECT_EQ(store_->Get(good.id()).status().code(), absl::StatusCode::kNotFound);
  v1::Document empty = MakeDocument("x", "");
  empty.clear_text();
  EXPECT_EQ(store_->Index({&empty}, absl::Now()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*store_->Count(), 0u);
}

TEST_F(DocumentStoreTest, ListsNewestFirstInStablePages) {
  std::vector<v1::Document> docs;
  for (int i = 0; i < 25; ++i) {
    docs.push_back(MakeDocument(absl::StrCat("doc ", i), absl::StrCat("2023-01-", 10 + i % 20)));
  }
  std::vector<const v1::Document*> ptrs;
  for (auto& d : docs) ptrs.push_back(&d);
  ASSERT_TRUE(store_->Index(ptrs, absl::Now()).ok());

  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    ListDocumentsSpec spec;
    spec.page.size = 10;
    spec.page.fingerprint = 7;
    // The token the previous page gave, as the boundary reads it.
    spec.page.cursor = *ParsePageToken(token, spec.page.fingerprint);
    v1::ListDocumentsResponse response;
    ASSERT_TRUE(store_->searcher().List(spec, &response).ok());
    // The token pins the documents the first page saw.
    EXPECT_EQ(response.total_size(), 25);
    for (const auto& d : response.documents()) {
      seen.push_back(FormatDate(d.metadata().publish_date()));
      EXPECT_TRUE(d.text().empty()) << "BASIC view carries no text";
    }
    token = response.next_page_token();
    ++pages;
    if (pages == 1) {
      // A document arriving between pages (older than all of them) neither
      // shifts later pages nor joins them.
      v1::Document late = MakeDocument("late", "2020-01-01");
      ASSERT_TRUE(store_->Index({&late}, absl::Now()).ok());
    }
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(seen.back(), "2023-01-10");
  // A new listing sees it.
  ListDocumentsSpec spec;
  spec.page.size = 100;
  v1::ListDocumentsResponse response;
  ASSERT_TRUE(store_->searcher().List(spec, &response).ok());
  EXPECT_EQ(response.total_size(), 26);
  EXPECT_EQ(FormatDate(response.documents(25).metadata().publish_date()), "2020-01-01");
}

TEST_F(DocumentStoreTest, RejectsACursorBeyondItsDocuments) {
  // A token this store could not have issued: it names more documents
  // than it has. (Tokens that do not parse, and sizes out of range, are
  // the boundary's: requests_test.cc.)
  v1::Document a = MakeDocument("alpha", "2023-02-13");
  ASSERT_TRUE(store_->Index({&a}, absl::Now()).ok());
  ListDocumentsSpec spec;
  spec.page.cursor = PageCursor{};
  spec.page.cursor->document_limit = 2;
  v1::ListDocumentsResponse response;
  const absl::Status s = store_->searcher().List(spec, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "INVALID_PAGE_TOKEN");
}

// A document that nearly repeated a deleted one no longer names it, read
// one at a time or in a page of hits.
TEST_F(DocumentStoreTest, ADeletedDocumentIsNoNearDuplicateOfAnother) {
  v1::Document a = MakeDocument("alpha kosovo talks", "2023-02-13");
  v1::Document b = MakeDocument("alpha kosovo talks again", "2023-02-13");
  v1::Document c = MakeDocument("alpha kosovo talks once more", "2023-02-13");
  auto* link = b.add_near_duplicates();
  link->set_document_id(a.id());
  link->set_similarity(0.9f);
  link = b.add_near_duplicates();
  link->set_document_id(c.id());
  link->set_similarity(0.8f);
  ASSERT_TRUE(store_->Index({&a, &c, &b}, absl::Now()).ok());
  auto linked = [&] {
    std::vector<std::string> ids;
    const auto got = store_->Get(b.id());
    EXPECT_TRUE(got.ok()) << got.status();
    if (!got.ok()) return ids;
    for (const auto& l : got->near_duplicates()) ids.push_back(l.document_id());
    return ids;
  };
  auto hit_linked = [&] {
    SearchDocumentsSpec spec;
    spec.query = *ParseQuery("again");
    v1::SearchDocumentsResponse response;
    EXPECT_TRUE(store_->searcher().Search(spec, &response).ok());
    std::vector<std::string> ids;
    for (const auto& hit : response.hits()) {
      for (const auto& l : hit.document().near_duplicates()) ids.push_back(l.document_id());
    }
    return ids;
  };
  ASSERT_THAT(linked(), ::testing::ElementsAre(a.id(), c.id()));
  ASSERT_THAT(hit_linked(), ::testing::ElementsAre(a.id(), c.id()));
  ASSERT_TRUE(store_->Delete(a.id(), absl::Now()).ok());
  EXPECT_THAT(linked(), ::testing::ElementsAre(c.id()));
  EXPECT_THAT(hit_linked(), ::testing::ElementsAre(c.id()));
}

TEST_F(DocumentStoreTest, DeleteTakesADocumentOutOfEveryReadAndIsIdempotent) {
  v1::Document a = MakeDocument("alpha kosovo", "2023-02-13");
  v1::Document b = MakeDocument("beta kosovo", "2022-08-01");
  ASSERT_TRUE(store_->Index({&a, &b}, absl::Now()).ok());
  const auto search = [&](const std::string& query) {
    SearchDocumentsSpec spec;
    spec.query = *ParseQuery(query);
    v1::SearchDocumentsResponse response;
    EXPECT_TRUE(store_->searcher().Search(spec, &response).ok());
    std::vector<std::string> ids;
    for (const auto& hit : response.hits()) ids.push_back(hit.document().id());
    return ids;
  };
  ASSERT_THAT(search("kosovo"), ::testing::UnorderedElementsAre(a.id(), b.id()));

  auto deleted = store_->Delete(a.id(), absl::Now());
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_TRUE(*deleted);
  EXPECT_EQ(store_->Get(a.id()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(*store_->Count(), 1u);
  EXPECT_THAT(search("kosovo"), ::testing::ElementsAre(b.id()));
  EXPECT_THAT(search("alpha"), ::testing::IsEmpty());

  // Again: nothing to do, and nothing else changes.
  auto again = store_->Delete(a.id(), absl::Now());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_EQ(*store_->Count(), 1u);
  EXPECT_FALSE(*store_->Delete(DocumentIdForText("never stored"), absl::Now()));

  // Its postings stay until compaction drops them; then its words no
  // longer count in their document frequencies.
  EXPECT_THAT(store_->searcher().Statistics({"kosovo", "alpha"}).document_frequencies,
              ::testing::ElementsAre(2, 1));
  ASSERT_TRUE(store_->CompactPostings().ok());
  EXPECT_THAT(store_->searcher().Statistics({"kosovo", "alpha", "beta"}).document_frequencies,
              ::testing::ElementsAre(1, 0, 1));
  v1::GetQueryStatsResponse stats;
  ASSERT_TRUE(store_->Stats(&stats).ok());
  EXPECT_EQ(stats.deleted_documents(), 1);
  // "alpha" and "kosovo" at least, besides its outlet's and entities'.
  EXPECT_GE(stats.purged_postings(), 2);
  EXPECT_THAT(search("kosovo"), ::testing::ElementsAre(b.id()));

  // It stays gone after a reopen, and the other one stays.
  Reopen();
  EXPECT_THAT(store_->searcher().Statistics({"kosovo", "alpha"}).document_frequencies,
              ::testing::ElementsAre(1, 0));
  EXPECT_EQ(store_->Get(a.id()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->Get(b.id()).ok());
  EXPECT_EQ(*store_->Count(), 1u);
  EXPECT_THAT(search("kosovo"), ::testing::ElementsAre(b.id()));
}

// A search paged before a re-tag finds the re-tagged document on a later
// page, at its old row, even after compaction ran in between (the old
// row's postings are kept for a while), and not twice.
TEST_F(DocumentStoreTest, APagePinnedBeforeARetagFindsTheDocumentAfterAPurge) {
  v1::Document a = MakeDocument("alpha kosovo", "2023-02-13");
  v1::Document b = MakeDocument("beta kosovo", "2022-08-01");
  a.set_content_hash("a");
  b.set_content_hash("b");
  ASSERT_TRUE(store_->Index({&a, &b}, absl::Now()).ok());
  auto page = [&](const std::string& token, std::string* next) {
    SearchDocumentsSpec spec;
    spec.query = *ParseQuery("kosovo");
    spec.order = v1::SEARCH_ORDER_NEWEST;
    spec.page.size = 1;
    spec.page.fingerprint = 7;
    spec.page.cursor = *ParsePageToken(token, spec.page.fingerprint);
    v1::SearchDocumentsResponse response;
    EXPECT_TRUE(store_->searcher().Search(spec, &response).ok());
    *next = response.next_page_token();
    std::vector<std::string> ids;
    for (const auto& hit : response.hits()) ids.push_back(hit.document().id());
    return ids;
  };
  std::string token;
  EXPECT_THAT(page("", &token), ::testing::ElementsAre(a.id()));
  for (const v1::Document* d : {&a, &b}) {
    auto replaced = store_->Replace(*d, absl::Now());
    ASSERT_TRUE(replaced.ok()) << replaced.status();
    EXPECT_EQ(*replaced, internal::v1::REPLACE_OUTCOME_REPLACED);
  }
  ASSERT_TRUE(store_->CompactPostings().ok());
  EXPECT_THAT(page(token, &token), ::testing::ElementsAre(b.id()));
  EXPECT_TRUE(token.empty());
  // A search begun now reads the new rows.
  EXPECT_THAT(page("", &token), ::testing::ElementsAre(a.id()));
  EXPECT_THAT(page(token, &token), ::testing::ElementsAre(b.id()));
}

}  // namespace
}  // namespace dossier::query
