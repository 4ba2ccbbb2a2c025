// Story clusters on real articles: the seeds go through ingest's
// preparation, the committed tagger model and the document store, as in
// the running suite. Seeds 000 and 001 report one statement; 003 and 004
// are different events with the same person.
//
// These pairs set StoryOptions: measured with the committed models, the
// two reports of one statement have a cosine of 0.27 between their words
// outside names and 0.60 between their entities (blend 0.36); the two
// events with the same ambassador 0.07 and 0.53 (blend 0.18), and seeds 002
// and 004, two Russia-Serbia items of the same day, 0.10 and 0.69 (0.25).
// The threshold, 0.3, sits between.
#include "services/query/stories.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/ingest/prepare.h"
#include "services/query/document_store.h"
#include "services/query/paging.h"
#include "services/query/query_parser.h"
#include "services/query/requests.h"
#include "services/query/store_layout.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

class StoriesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto recognizer = tagger::NerRecognizer::Load(testing::SourceDir() + "/models/ner/model.bin");
    ASSERT_TRUE(recognizer.ok()) << recognizer.status();
    tagger_ = new tagger::Tagger(std::shared_ptr<const tagger::Recognizer>(std::move(*recognizer)));
    auto idf = IdfTable::Load(testing::SourceDir() + "/models/idf/idf.bin");
    ASSERT_TRUE(idf.ok()) << idf.status();
    idf_ = idf->release();
  }

  void SetUp() override { Open(); }

  void Open(size_t response_bytes = SearchOptions().response_bytes) {
    store_.reset();
    DocumentStoreOptions options;
    options.path = dir_.Sub("db");
    options.idf = idf_;
    options.search.response_bytes = response_bytes;
    auto store = DocumentStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Prepares, tags and indexes the seed whose file name starts with
  // `prefix`; returns the stored document.
  v1::Document Index(const std::string& prefix, const std::string& publish_date = "") {
    std::string path;
    for (const auto& e : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
      if (absl::StartsWith(e.path().filename().string(), prefix)) path = e.path().string();
    }
    return IndexText(testing::ReadFile(path), publish_date, prefix);
  }

  // The same for a text of Reuters-21578, by its NEWID, with its title and
  // day.
  v1::Document IndexReuters(int newid) {
    static const auto* const articles = [] {
      auto* by_id = new std::map<int, std::string>;
      std::ifstream in(testing::SharedDir() + "/data/reuters21578/articles.jsonl");
      std::string line;
      while (std::getline(in, line)) {
        const std::string kField = "\"newid\": ";
        const size_t at = line.find(kField);
        if (at != std::string::npos) (*by_id)[std::atoi(line.c_str() + at + kField.size())] = line;
      }
      return by_id;
    }();
    auto it = articles->find(newid);
    EXPECT_NE(it, articles->end()) << newid;
    if (it == articles->end()) return {};
    google::protobuf::Struct article;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(it->second, &article).ok());
    const auto& fields = article.fields();
    return IndexText(fields.at("body").string_value(), "1987-10-20", absl::StrCat(newid),
                     fields.at("title").string_value());
  }

  v1::Document IndexText(const std::string& text, const std::string& publish_date,
                         const std::string& label, const std::string& title = "") {
    v1::DocumentInput input;
    input.set_text(text);
    input.set_title(title);
    if (!publish_date.empty()) *input.mutable_publish_date() = *ParseDate(publish_date, "date");
    const absl::Time now =
        absl::FromCivil(absl::CivilSecond(2026, 11, 23, 12, 0, 0), absl::UTCTimeZone());
    auto document = ingest::PrepareDocument(input, {}, now);
    EXPECT_TRUE(document.ok()) << document.status();
    *document->mutable_accept_time() = ToProtoTimestamp(now);
    tagger::TagOptions options;
    options.document_date = FromProtoDate(document->metadata().publish_date());
    *document->mutable_annotations() = tagger_->Tag(document->text(), options);
    EXPECT_TRUE(store_->Index({&*document}, now).ok());
    auto stored = store_->Get(document->id());
    EXPECT_TRUE(stored.ok()) << stored.status();
    // What was stored reads back exactly: the compact form loses nothing of
    // real tagger output.
    v1::Document expected = *document;
    expected.set_name(DocumentName(expected.id()));
    *expected.mutable_index_time() = stored->index_time();
    expected.set_story_id(stored->story_id());
    if (stored->annotations().entities_size() == expected.annotations().entities_size()) {
      for (int e = 0; e < expected.annotations().entities_size(); ++e) {
        expected.mutable_annotations()->mutable_entities(e)->set_entity_id(
            stored->annotations().entities(e).entity_id());
      }
      EXPECT_EQ(stored->SerializeAsString(), expected.SerializeAsString()) << label;
    } else {
      // Rows the registry made one entity of one type read as one row
      // ("Ministry of Foreign Affairs" and "Foreign Ministry" in seed 000):
      // fewer rows, every mention and the rest as tagged.
      EXPECT_LT(stored->annotations().entities_size(), expected.annotations().entities_size())
          << label;
      EXPECT_EQ(stored->annotations().mentions_size(), expected.annotations().mentions_size())
          << label;
      v1::Document bare = *stored;
      bare.clear_annotations();
      expected.clear_annotations();
      EXPECT_EQ(bare.SerializeAsString(), expected.SerializeAsString()) << label;
    }
    if (!stored->annotations().entities().empty()) {
      EXPECT_FALSE(stored->annotations().entities(0).entity_id().empty());
    }
    return *stored;
  }

  static inline tagger::Tagger* tagger_ = nullptr;
  static inline IdfTable* idf_ = nullptr;
  testing::TempDir dir_;
  std::unique_ptr<DocumentStore> store_;
};

// A story's row for a person counts the documents that name him by any of
// his keys ("Donald Trump" here, "Trump" there): PolNeAR's story of
// three documents, all about Trump, had listed him as "Donald J. Trump, 2
// documents", below people more of them named.
TEST_F(StoriesTest, APersonNamedSeveralWaysIsOneRowWithAllHisDocuments) {
  const std::string rest =
      " told supporters in Columbus, Ohio, on Monday that the trade deal with Mexico was a "
      "disaster for American workers and promised to tear it up, saying that factories had "
      "closed across the Midwest and that Hillary Clinton had backed the deal.";
  const v1::Document a = IndexText("Donald Trump" + rest, "2016-08-01", "a");
  const v1::Document b = IndexText("Mr. Trump" + rest + " The crowd cheered.", "2016-08-01", "b");
  const v1::Document c =
      IndexText("Donald Trump" + rest + " He spoke for an hour.", "2016-08-02", "c");
  ASSERT_EQ(b.story_id(), a.story_id());
  ASSERT_EQ(c.story_id(), a.story_id());
  GetStorySpec spec;
  spec.id = a.story_id();
  v1::GetStoryResponse response;
  ASSERT_TRUE(store_->GetStory(spec, &response).ok());
  ASSERT_EQ(response.story().document_count(), 3);
  int rows = 0;
  for (const auto& e : response.story().entities()) {
    if (!absl::StrContains(e.name(), "Trump")) continue;
    ++rows;
    EXPECT_EQ(e.document_count(), 3) << e.name();
  }
  EXPECT_EQ(rows, 1);
}

TEST_F(StoriesTest, TheSameStatementFromTwoOutletsIsOneStory) {
  const v1::Document a = Index("000");
  const v1::Document b = Index("001");
  EXPECT_EQ(a.story_id(), a.id());
  EXPECT_EQ(b.story_id(), a.id());
  GetStorySpec spec;
  spec.id = a.id();
  v1::GetStoryResponse response;
  ASSERT_TRUE(store_->GetStory(spec, &response).ok());
  EXPECT_EQ(response.story().document_count(), 2);
  EXPECT_EQ(response.documents_size(), 2);
  EXPECT_EQ(FormatDate(response.story().first_date()), "2023-02-13");
  // 000 has no headline: its first sentence past the dateline stands in.
  EXPECT_TRUE(absl::StartsWith(response.story().title(),
                               "The goal of Washington and Brussels in relation to Belgrade"))
      << response.story().title();
  ASSERT_GT(response.story().entities_size(), 0);
  // Zakharova is named by both.
  bool zakharova = false;
  for (const auto& e : response.story().entities()) {
    if (absl::StrContains(e.name(), "Zakharova")) zakharova = e.document_count() == 2;
  }
  EXPECT_TRUE(zakharova);
  EXPECT_EQ(response.story().outlets(0), "RIA Novosti");
}

// Every read of a document carries what a list shows for it: the title
// the client gave, else the first sentence past the dateline, in the
// BASIC view (which has no text to take it from) as in the FULL one.
TEST_F(StoriesTest, EveryReadOfADocumentHasItsHeadline) {
  const v1::Document untitled = Index("000");
  const v1::Document titled = IndexReuters(20215);
  ASSERT_FALSE(titled.metadata().title().empty());
  EXPECT_TRUE(untitled.metadata().title().empty());
  const std::string kFirstSentence = "The goal of Washington and Brussels in relation to Belgrade";
  for (const v1::DocumentView view : {v1::DOCUMENT_VIEW_BASIC, v1::DOCUMENT_VIEW_FULL}) {
    ListDocumentsSpec spec;
    spec.view = view;
    v1::ListDocumentsResponse listed;
    ASSERT_TRUE(store_->searcher().List(spec, &listed).ok());
    ASSERT_EQ(listed.documents_size(), 2);
    for (const v1::Document& d : listed.documents()) {
      EXPECT_EQ(d.text().empty(), view == v1::DOCUMENT_VIEW_BASIC);
      if (d.id() == titled.id()) {
        EXPECT_EQ(d.headline(), titled.metadata().title());
      } else {
        // Past "MOSCOW, February 13 - RIA Novosti.", a sentence of its own.
        EXPECT_TRUE(absl::StartsWith(d.headline(), kFirstSentence)) << d.headline();
        // Cut at 200 bytes, and marked so.
        EXPECT_EQ(d.headline().size(), 203u);
        EXPECT_TRUE(absl::EndsWith(d.headline(), "...")) << d.headline();
      }
    }
  }
  // The story's title is its first document's headline, and the story's
  // documents carry theirs.
  GetStorySpec story;
  story.id = untitled.story_id();
  v1::GetStoryResponse response;
  ASSERT_TRUE(store_->GetStory(story, &response).ok());
  ASSERT_EQ(response.documents_size(), 1);
  EXPECT_EQ(response.documents(0).headline(), response.story().title());
  // A search hit's document too.
  SearchDocumentsSpec search;
  search.query = *ParseQuery("Belgrade");
  v1::SearchDocumentsResponse found;
  ASSERT_TRUE(store_->searcher().Search(search, &found).ok());
  ASSERT_EQ(found.hits_size(), 1);
  EXPECT_TRUE(absl::StartsWith(found.hits(0).document().headline(), kFirstSentence));
}

// A story's first and last dates say when only undated documents give
// them (the day they were accepted), as a document's date does.
TEST_F(StoriesTest, AStorysAndAnEntitysDatesSayWhenOnlyUndatedDocumentsGiveThem) {
  const v1::Document undated = Index("004");  // no date in its text
  ASSERT_FALSE(undated.metadata().has_publish_date());
  auto story = [&] {
    GetStorySpec spec;
    spec.id = undated.story_id();
    v1::GetStoryResponse response;
    EXPECT_TRUE(store_->GetStory(spec, &response).ok());
    return response.story();
  };
  // A person the report names: their first and last seen days are marked
  // as the story's are.
  std::string person;
  for (const auto& e : undated.annotations().entities()) {
    if (e.type() == v1::ENTITY_TYPE_PERSON && person.empty()) person = e.name();
  }
  ASSERT_FALSE(person.empty());
  auto profile = [&] {
    GetEntitySpec spec;
    spec.entity.reference = person;
    v1::GetEntityResponse response;
    const absl::Status status = store_->searcher().GetEntity(spec, &response);
    EXPECT_TRUE(status.ok()) << person << ": " << status;
    return response.entity();
  };
  v1::Story s = story();
  EXPECT_EQ(FormatDate(s.first_date()), "2026-11-23");  // accepted
  EXPECT_TRUE(s.first_date_undated());
  EXPECT_TRUE(s.last_date_undated());
  v1::EntityProfile p = profile();
  EXPECT_EQ(FormatDate(p.first_seen()), "2026-11-23");
  EXPECT_TRUE(p.first_seen_undated()) << person;
  EXPECT_TRUE(p.last_seen_undated());
  // The same report from another outlet, published that day: the day is
  // now a publish date.
  std::string text;
  for (const auto& e : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
    if (absl::StartsWith(e.path().filename().string(), "004")) {
      text = testing::ReadFile(e.path().string());
    }
  }
  const v1::Document same_day =
      IndexText(text + "\n\nThe report was carried by other papers.", "2026-11-23", "004 again");
  ASSERT_EQ(same_day.story_id(), undated.id());
  s = story();
  EXPECT_EQ(s.document_count(), 2);
  EXPECT_FALSE(s.first_date_undated());
  EXPECT_FALSE(s.last_date_undated());
  p = profile();
  EXPECT_FALSE(p.first_seen_undated());
  EXPECT_FALSE(p.last_seen_undated());
  // One published the day before (within the stories' window of two days)
  // moves the first date; the last stays dated.
  const v1::Document earlier =
      IndexText(text + "\n\nIt was first reported on Sunday.", "2026-11-22", "004 earlier");
  ASSERT_EQ(earlier.story_id(), undated.id());
  s = story();
  EXPECT_EQ(FormatDate(s.first_date()), "2026-11-22");
  EXPECT_FALSE(s.first_date_undated());
  EXPECT_EQ(FormatDate(s.last_date()), "2026-11-23");
  EXPECT_FALSE(s.last_date_undated());
  // Removing the dated one of that day leaves the undated one to give it.
  auto deleted = store_->Delete(same_day.id(), absl::Now());
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_TRUE(*deleted);
  s = story();
  EXPECT_EQ(s.document_count(), 2);
  EXPECT_FALSE(s.first_date_undated());
  EXPECT_TRUE(s.last_date_undated());
  p = profile();
  EXPECT_EQ(FormatDate(p.first_seen()), "2026-11-22");
  EXPECT_FALSE(p.first_seen_undated());
  EXPECT_EQ(FormatDate(p.last_seen()), "2026-11-23");
  EXPECT_TRUE(p.last_seen_undated());
  EXPECT_EQ(p.document_count(), 2);
}

// A role's first and last days are marked undated as an entity's are:
// while only undated documents give the role on that day. A dated
// document of the day clears the mark; deleting it, the recomputed day is
// undated again.
TEST_F(StoriesTest, ARolesDaysSayWhenOnlyUndatedDocumentsGiveThem) {
  auto role = [&]() -> v1::EntityRole {
    GetEntitySpec spec;
    spec.entity.reference = "Maria Zakharova";
    v1::GetEntityResponse response;
    const absl::Status status = store_->searcher().GetEntity(spec, &response);
    EXPECT_TRUE(status.ok()) << status;
    for (const auto& r : response.entity().roles()) {
      if (absl::StrContains(absl::AsciiStrToLower(r.title()), "spokeswoman")) return r;
    }
    ADD_FAILURE() << "no spokeswoman role: " << response.entity().ShortDebugString();
    return {};
  };
  IndexText(
      "Foreign Ministry spokeswoman Maria Zakharova said the talks in Geneva would go on "
      "until the spring.",
      "", "undated");
  v1::EntityRole r = role();
  EXPECT_EQ(FormatDate(r.first_seen()), "2026-11-23");  // accepted
  EXPECT_TRUE(r.first_seen_undated());
  EXPECT_TRUE(r.last_seen_undated());
  const v1::Document same_day = IndexText(
      "Foreign Ministry spokeswoman Maria Zakharova told reporters in Moscow that the embassy "
      "would reopen.",
      "2026-11-23", "same day");
  r = role();
  EXPECT_FALSE(r.first_seen_undated());
  EXPECT_FALSE(r.last_seen_undated());
  IndexText(
      "Foreign Ministry spokeswoman Maria Zakharova accused the envoys of spreading rumours "
      "about the harvest.",
      "2026-11-20", "earlier");
  r = role();
  EXPECT_EQ(FormatDate(r.first_seen()), "2026-11-20");
  EXPECT_FALSE(r.first_seen_undated());
  EXPECT_EQ(FormatDate(r.last_seen()), "2026-11-23");
  EXPECT_FALSE(r.last_seen_undated());
  ASSERT_TRUE(store_->Delete(same_day.id(), absl::Now()).ok());
  r = role();
  EXPECT_EQ(r.document_count(), 2);
  EXPECT_EQ(FormatDate(r.last_seen()), "2026-11-23");
  EXPECT_TRUE(r.last_seen_undated());
  EXPECT_FALSE(r.first_seen_undated());
}

// A profile counts one title however its documents write its case and
// spacing, and shows names and titles on one line: a wire story folded at
// a width breaks them over lines ("Shadow" / "Chancellor", "Oliver" /
// "Letwin").
TEST_F(StoriesTest, ATitleIsOneRoleWhateverItsCaseAndLineBreaks) {
  IndexText("Shadow chancellor Oliver Letwin said the plans would not add to borrowing.",
            "2005-01-10", "sentence start");
  IndexText(
      "The Tories said shadow Chancellor Oliver Letwin had found savings of 35bn pounds. Later "
      "Shadow Chancellor Oliver Letwin said they were real.",
      "2005-01-11", "lower case, and again");
  IndexText(
      "The Conservatives said on Monday that their plans for tax cuts\n"
      "would be paid for by savings, and that Shadow\n"
      "Chancellor Oliver Letwin would set them out in\n"
      "full next week, when Oliver\n"
      "Letwin goes to Leeds.\n",
      "2005-01-12", "folded");
  GetEntitySpec spec;
  spec.entity.reference = "Oliver Letwin";
  v1::GetEntityResponse response;
  ASSERT_TRUE(store_->searcher().GetEntity(spec, &response).ok());
  std::vector<std::string> titles;
  for (const auto& r : response.entity().roles()) {
    titles.push_back(absl::StrCat(r.title(), " ", r.document_count()));
  }
  ASSERT_EQ(titles.size(), 1u) << ::testing::PrintToString(titles);
  EXPECT_EQ(absl::AsciiStrToLower(titles[0]), "shadow chancellor 3");
  EXPECT_EQ(FormatDate(response.entity().roles(0).first_seen()), "2005-01-10");
  EXPECT_EQ(FormatDate(response.entity().roles(0).last_seen()), "2005-01-12");
  for (const auto& form : response.entity().surface_forms()) {
    EXPECT_FALSE(absl::StrContains(form.text(), "\n")) << form.text();
  }
  EXPECT_FALSE(absl::StrContains(response.entity().display_name(), "\n"));
}

// A re-tag keeps a document in its story: the story keeps its members and
// dates, is recounted with the new annotations, and a later report of the
// event still finds it (its story features moved to the new number); a
// story of the document alone stays listed.
TEST_F(StoriesTest, ARetaggedDocumentStaysInItsStory) {
  std::string text;
  for (const auto& e : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
    if (absl::StartsWith(e.path().filename().string(), "004")) {
      text = testing::ReadFile(e.path().string());
    }
  }
  // Two reports of the same day, the second's id sorting after the first's:
  // the members of one day are read in the order of their ids.
  auto id_of = [](const std::string& candidate) {
    v1::DocumentInput input;
    input.set_text(candidate);
    auto prepared = ingest::PrepareDocument(input, {}, absl::Now());
    EXPECT_TRUE(prepared.ok()) << prepared.status();
    return prepared.ok() ? prepared->id() : std::string();
  };
  std::string opening, again;
  for (int k = 0; k < 64 && again.empty(); ++k) {
    const std::string candidate =
        absl::StrCat(text, "\n\nThe report was carried by other papers (", k, ").");
    if (opening.empty() && id_of(candidate) < "8") {
      opening = candidate;
    } else if (!opening.empty() && id_of(candidate) > id_of(opening)) {
      again = candidate;
    }
  }
  ASSERT_FALSE(again.empty());
  const v1::Document first = IndexText(opening, "2026-11-23", "004", "The first report");
  const v1::Document second = IndexText(again, "2026-11-23", "004 again", "The second report");
  ASSERT_EQ(second.story_id(), first.story_id());
  const v1::Document alone = Index("003", "2022-08-01");
  ASSERT_NE(alone.story_id(), first.story_id());
  auto story = [&](const std::string& id) {
    GetStorySpec spec;
    spec.id = id;
    v1::GetStoryResponse response;
    EXPECT_TRUE(store_->GetStory(spec, &response).ok());
    return response;
  };
  auto stories = [&] {
    ListStoriesSpec spec;
    spec.min_documents = 1;
    v1::ListStoriesResponse response;
    EXPECT_TRUE(store_->ListStories(spec, &response).ok());
    std::vector<std::string> ids;
    for (const auto& s : response.stories()) ids.push_back(s.id());
    return ids;
  };
  const v1::GetStoryResponse before = story(first.story_id());
  ASSERT_EQ(before.story().document_count(), 2);
  ASSERT_THAT(stories(), ::testing::UnorderedElementsAre(first.story_id(), alone.story_id()));

  // Tagged again with its people left out: the story counts them from the
  // other member only.
  auto retag = [&](const v1::Document& stored, bool people) {
    v1::Document tagged;
    tagged.set_id(stored.id());
    tagged.set_content_hash(stored.content_hash());
    *tagged.mutable_annotations() = stored.annotations();
    if (!people) {
      v1::Annotations* a = tagged.mutable_annotations();
      a->clear_quotes();
      a->clear_roles();
      for (auto& m : *a->mutable_mentions()) {
        if (m.type() == v1::ENTITY_TYPE_PERSON) m.set_type(v1::ENTITY_TYPE_MISC);
      }
      for (auto& e : *a->mutable_entities()) {
        if (e.type() == v1::ENTITY_TYPE_PERSON) e.set_type(v1::ENTITY_TYPE_MISC);
        e.clear_entity_id();
      }
    }
    auto replaced = store_->Replace(tagged, absl::Now());
    ASSERT_TRUE(replaced.ok()) << replaced.status();
    EXPECT_EQ(*replaced, internal::v1::REPLACE_OUTCOME_REPLACED);
  };
  auto people = [](const v1::Story& s) {
    int n = 0;
    for (const auto& e : s.entities()) n += e.type() == v1::ENTITY_TYPE_PERSON;
    return n;
  };
  ASSERT_GT(people(before.story()), 0);
  ASSERT_EQ(before.story().title(), "The first report");
  // Re-tagged, the first document has the newest number: the story is still
  // titled by it, its first document.
  retag(first, false);
  EXPECT_EQ(story(first.story_id()).story().title(), "The first report");
  retag(second, false);
  retag(alone, true);
  const v1::GetStoryResponse after = story(first.story_id());
  EXPECT_EQ(after.story().document_count(), 2);
  EXPECT_EQ(after.story().first_date().SerializeAsString(),
            before.story().first_date().SerializeAsString());
  EXPECT_EQ(people(after.story()), 0);
  EXPECT_THAT(stories(), ::testing::UnorderedElementsAre(first.story_id(), alone.story_id()));
  EXPECT_EQ(store_->Get(first.id())->story_id(), first.story_id());

  // Another paper's report of it joins the story.
  const v1::Document third =
      IndexText(text + "\n\nA third paper had it too.", "2026-11-24", "004 third");
  EXPECT_EQ(third.story_id(), first.story_id());
  EXPECT_EQ(story(first.story_id()).story().document_count(), 3);
}

TEST_F(StoriesTest, DifferentEventsWithTheSamePersonAreDifferentStories) {
  // Even on the same day: 004 is given 003's date.
  const v1::Document a = Index("003");
  const v1::Document b = Index("004", "2022-08-01");
  EXPECT_EQ(a.story_id(), a.id());
  EXPECT_EQ(b.story_id(), b.id());
  ListStoriesSpec spec;
  v1::ListStoriesResponse response;
  ASSERT_TRUE(store_->ListStories(spec, &response).ok());
  EXPECT_EQ(response.stories_size(), 2);
}

TEST_F(StoriesTest, AllFiveSeedsMakeFourStories) {
  std::map<std::string, int> stories;
  for (const std::string prefix : {"000", "001", "002", "003", "004"}) {
    ++stories[Index(prefix).story_id()];
  }
  EXPECT_EQ(stories.size(), 4u);
  ListStoriesSpec spec;
  spec.min_documents = 2;
  v1::ListStoriesResponse response;
  ASSERT_TRUE(store_->ListStories(spec, &response).ok());
  ASSERT_EQ(response.stories_size(), 1);
  EXPECT_EQ(response.stories(0).document_count(), 2);
}

// A listing filtered as documents are lists the stories with a document
// that passes the filter, each whole, and pages through them.
TEST_F(StoriesTest, AListingFilteredByAnEntityHasTheStoriesThatNameIt) {
  std::map<std::string, std::string> story_of;  // seed -> story id
  for (const std::string prefix : {"000", "001", "002", "003", "004"}) {
    story_of[prefix] = Index(prefix).story_id();
  }
  ASSERT_EQ(story_of["000"], story_of["001"]);
  auto list = [&](const FilterSpec& filter, size_t page_size = 0, const std::string& after = "") {
    ListStoriesSpec spec;
    spec.filter = filter;
    spec.page_size = page_size;
    spec.after = after;
    v1::ListStoriesResponse response;
    const absl::Status status = store_->ListStories(spec, &response);
    EXPECT_TRUE(status.ok()) << status;
    return response;
  };
  FilterSpec zakharova;
  zakharova.entities = {"Maria Zakharova"};
  v1::ListStoriesResponse response = list(zakharova);
  ASSERT_EQ(response.stories_size(), 1);
  EXPECT_EQ(response.stories(0).id(), story_of["000"]);
  EXPECT_EQ(response.stories(0).document_count(), 2);  // whole
  ASSERT_EQ(response.resolved_entities_size(), 1);
  EXPECT_GT(response.resolved_entities(0).entities_size(), 0);
  // Two stories name him: a page each, then none.
  FilterSpec envoy;
  envoy.entities = {"Botsan-Kharchenko"};
  response = list(envoy, 1);
  ASSERT_EQ(response.stories_size(), 1);
  ASSERT_FALSE(response.next_page_token().empty());
  std::set<std::string> seen = {response.stories(0).id()};
  auto after = ParseKeyPageToken(response.next_page_token(), kStoriesByDateKeyBytes);
  ASSERT_TRUE(after.ok()) << after.status();
  response = list(envoy, 1, *after);
  ASSERT_EQ(response.stories_size(), 1);
  seen.insert(response.stories(0).id());
  EXPECT_EQ(seen, (std::set<std::string>{story_of["003"], story_of["004"]}));
  if (!response.next_page_token().empty()) {
    after = ParseKeyPageToken(response.next_page_token(), kStoriesByDateKeyBytes);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(list(envoy, 1, *after).stories_size(), 0);
  }
  // An outlet no document has: none; no filter: all four.
  FilterSpec nowhere;
  nowhere.outlets = {"The Nowhere Gazette"};
  EXPECT_EQ(list(nowhere).stories_size(), 0);
  EXPECT_EQ(list(FilterSpec()).stories_size(), 4);
}

// A search with collapse_stories gives each story one hit, the first of
// its matches in the order asked for, counting the others; pages agree,
// a restart keeps it, and a token of one kind serves no search of the
// other.
TEST_F(StoriesTest, ASearchCollapsedByStoryGivesEachStoryOneHit) {
  std::map<std::string, std::string> story_of;  // document id -> story id
  std::string pair;                             // the story of 000 and 001
  for (const std::string prefix : {"000", "001", "002", "003", "004"}) {
    const v1::Document d = Index(prefix);
    story_of[d.id()] = d.story_id();
    if (prefix == "001") pair = d.story_id();
  }
  auto search = [&](const std::string& query, bool collapse, int page_size,
                    const std::string& token = "") -> absl::StatusOr<v1::SearchDocumentsResponse> {
    v1::SearchDocumentsRequest request;
    request.set_query(query);
    request.set_collapse_stories(collapse);
    request.set_page_size(page_size);
    request.set_page_token(token);
    request.set_view(v1::SEARCH_VIEW_IDS);
    DOSSIER_ASSIGN_OR_RETURN(const SearchDocumentsSpec spec, ToSpec(request));
    v1::SearchDocumentsResponse response;
    DOSSIER_RETURN_IF_ERROR(store_->searcher().Search(spec, &response));
    return response;
  };
  // Every document: five, of four stories (000 and 001 are one).
  auto all = search("", false, 10);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->total_size(), 5);
  auto check_collapsed = [&]() {
    auto collapsed = search("", true, 10);
    ASSERT_TRUE(collapsed.ok()) << collapsed.status();
    EXPECT_EQ(collapsed->total_size(), 4);
    ASSERT_EQ(collapsed->hits_size(), 4);
    std::set<std::string> stories;
    int documents = 0;
    for (const auto& hit : collapsed->hits()) {
      stories.insert(story_of.at(hit.document().id()));
      documents += 1 + hit.story_matches();
      EXPECT_EQ(hit.story_matches(), story_of.at(hit.document().id()) == pair ? 1 : 0);
    }
    EXPECT_EQ(stories.size(), 4u);
    EXPECT_EQ(documents, 5);
    // Page by page: the same hits in the same order.
    std::vector<std::string> paged;
    std::string token;
    do {
      auto page = search("", true, 1, token);
      ASSERT_TRUE(page.ok()) << page.status();
      EXPECT_EQ(page->total_size(), 4);
      for (const auto& hit : page->hits()) paged.push_back(hit.document().id());
      token = page->next_page_token();
    } while (!token.empty() && paged.size() < 10);
    ASSERT_EQ(paged.size(), 4u);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(paged[i], collapsed->hits(i).document().id());
  };
  check_collapsed();
  // Words that both documents of the story hold: one hit that counts the
  // other.
  auto zakharova = search("Zakharova", false, 10);
  ASSERT_TRUE(zakharova.ok()) << zakharova.status();
  auto one = search("Zakharova", true, 10);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->total_size(), zakharova->total_size() - 1) << "000 and 001 both name her";
  EXPECT_EQ(one->hits(0).document().id(), zakharova->hits(0).document().id())
      << "the story's best match stands for it";
  EXPECT_EQ(one->hits(0).story_matches(), 1);
  // A restart reads the stories back with the rows.
  Open();
  check_collapsed();
  // Rows written before rows kept their story get it from their documents
  // at the next start, once.
  store_.reset();
  {
    StoreOptions options;
    options.path = dir_.Sub("db");
    auto raw = Store::Open(options, SpecsOf(kColumnFamilies));
    ASSERT_TRUE(raw.ok()) << raw.status();
    rocksdb::WriteBatch batch;
    auto it = (*raw)->NewIterator((*raw)->cf(kDocRows));
    int rows = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++rows) {
      store::v1::DocumentRow row;
      ASSERT_TRUE(row.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())));
      ASSERT_NE(row.story(), 0u);
      row.clear_story();
      ASSERT_TRUE(batch.Put((*raw)->cf(kDocRows), it->key(), row.SerializeAsString()).ok());
    }
    EXPECT_EQ(rows, 5);
    ASSERT_TRUE((*raw)->Write(&batch, /*sync=*/true).ok());
  }
  Open();
  check_collapsed();
  // A token pins whether the search collapses.
  auto first = search("", true, 1);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_FALSE(first->next_page_token().empty());
  auto mixed = search("", false, 1, first->next_page_token());
  EXPECT_EQ(mixed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(mixed.status().message()), ::testing::HasSubstr("page_token"));
}

TEST_F(StoriesTest, TemplatedBriefsOfDifferentCompaniesAreDifferentStories) {
  // Reuters' earnings briefs are one template ("Shr ... vs ... Net ...
  // Revs"): their words outside names are nearly the same and their
  // numbers are no terms. Sundstrand's and Coleman's share no entity;
  // Musicland's two reports of the same results both name Primerica.
  const v1::Document sundstrand = IndexReuters(20215);
  const v1::Document musicland = IndexReuters(20105);
  const v1::Document coleman = IndexReuters(20395);
  const v1::Document musicland_again = IndexReuters(20228);
  EXPECT_EQ(sundstrand.story_id(), sundstrand.id());
  EXPECT_EQ(musicland.story_id(), musicland.id());
  EXPECT_EQ(coleman.story_id(), coleman.id());
  EXPECT_EQ(musicland_again.story_id(), musicland.id());
}

// Sharing an entity means sharing the registry's entity, however each
// spells it: one report says "Sergei Lavrov", the other "Lavrov".
// One sentence that three texts say of different names: alike enough in
// words to be one story.
const std::string kSaid =
    " said on Monday that the talks on gas supplies would resume next week after the two "
    "sides failed to agree on prices for the coming winter.";

TEST_F(StoriesTest, TwoSpellingsOfOnePersonAreASharedEntity) {
  const v1::Document a = IndexText("Sergei Lavrov" + kSaid, "2022-10-03", "a");
  const v1::Document b = IndexText("Lavrov" + kSaid, "2022-10-03", "b");
  ASSERT_EQ(a.annotations().entities_size(), 1);
  ASSERT_EQ(b.annotations().entities_size(), 1);
  ASSERT_NE(a.annotations().entities(0).key(), b.annotations().entities(0).key());
  ASSERT_EQ(a.annotations().entities(0).entity_id(), b.annotations().entities(0).entity_id());
  EXPECT_EQ(b.story_id(), a.id());
}

// A story's entities carry their registry ids as they are read: after a
// merge, the rows of the two keys are one, in GetStory and ListStories.
TEST_F(StoriesTest, AStorysEntitiesFollowCuration) {
  const v1::Document a = IndexText("NATO and Gazprom" + kSaid, "2022-10-03", "a");
  const v1::Document b =
      IndexText("The North Atlantic Treaty Organization and Gazprom" + kSaid, "2022-10-03", "b");
  ASSERT_EQ(b.story_id(), a.id());
  auto rows = [&] {
    GetStorySpec spec;
    spec.id = a.id();
    v1::GetStoryResponse got;
    EXPECT_TRUE(store_->GetStory(spec, &got).ok());
    ListStoriesSpec list;
    v1::ListStoriesResponse listed;
    EXPECT_TRUE(store_->ListStories(list, &listed).ok());
    EXPECT_EQ(listed.stories_size(), 1);
    if (listed.stories_size() == 1) {
      EXPECT_EQ(listed.stories(0).entities_size(), got.story().entities_size());
    }
    std::map<std::string, std::string> id_of;
    for (const auto& e : got.story().entities()) id_of[e.name()] = e.entity_id();
    return id_of;
  };
  auto before = rows();
  ASSERT_EQ(before.size(), 3u);
  const std::string nato = before["NATO"];
  ASSERT_FALSE(nato.empty());
  ASSERT_NE(before["North Atlantic Treaty Organization"], nato);

  MergeEntitiesSpec merge;
  merge.entity = before["North Atlantic Treaty Organization"];
  merge.into = nato;
  v1::MergeEntitiesResponse merged;
  ASSERT_TRUE(store_->MergeEntities(merge, &merged).ok());
  const auto after = rows();
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after.at("NATO"), nato);
  EXPECT_EQ(after.at("Gazprom"), before["Gazprom"]);

  // A name a knowledge base gives it names its row.
  ImportKnowledgeBaseSpec kb_import;
  kb_import.entities.push_back(KnowledgeBaseEntry{
      "PJSC Gazprom", v1::ENTITY_TYPE_ORGANIZATION, {"Gazprom"}, {{"wikidata", "Q102673"}}});
  v1::ImportKnowledgeBaseResponse imported;
  ASSERT_TRUE(store_->ImportKnowledgeBase(kb_import, &imported).ok());
  ASSERT_EQ(imported.entities_size(), 1);
  const auto named = rows();
  ASSERT_EQ(named.size(), 2u);
  EXPECT_EQ(named.at("PJSC Gazprom"), imported.entities(0).id());
  EXPECT_EQ(named.at("NATO"), nato);
}

// An entity whose every document was deleted is no subject: its profile,
// timeline and co-occurrences are all NOT_FOUND, saying why.
TEST_F(StoriesTest, AnEntityAllOfWhoseDocumentsWereDeletedIsNotFound) {
  const v1::Document a = IndexText("Gazprom and NATO" + kSaid, "2022-10-03", "a");
  const v1::Document b = IndexText("NATO" + kSaid, "2022-10-04", "b");
  EntityReferenceSpec gazprom{"Gazprom", v1::ENTITY_TYPE_UNSPECIFIED};
  GetEntitySpec get{gazprom};
  v1::GetEntityResponse profile;
  ASSERT_TRUE(store_->searcher().GetEntity(get, &profile).ok());
  ASSERT_TRUE(store_->Delete(a.id(), absl::Now()).ok());

  const absl::Status got = store_->searcher().GetEntity(get, &profile);
  EXPECT_EQ(got.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(got.message()), ::testing::HasSubstr("were deleted")) << got;
  EntityTimelineSpec timeline;
  timeline.entity = gazprom;
  v1::GetEntityTimelineResponse buckets;
  EXPECT_EQ(store_->searcher().Timeline(timeline, &buckets).code(), absl::StatusCode::kNotFound);
  CooccurringEntitiesSpec cooccur;
  cooccur.entity = gazprom;
  v1::ListCooccurringEntitiesResponse together;
  EXPECT_EQ(store_->searcher().Cooccurring(cooccur, &together).code(), absl::StatusCode::kNotFound);
  // NATO, still in b, is found.
  get.entity.reference = "NATO";
  EXPECT_TRUE(store_->searcher().GetEntity(get, &profile).ok());
  EXPECT_EQ(profile.entity().document_count(), 1);
}

}  // namespace
}  // namespace dossier::query

namespace dossier::query {
namespace {

// A story lists the entities most of its documents name, though its
// first document named more than the list holds: one named by every later
// document climbs to the list, and stays there when one of them goes.
TEST_F(StoriesTest, AnEntityLaterDocumentsNameClimbsToTheStorysList) {
  const std::string base =
      "The city council of Springfield approved the new budget on Tuesday after a long debate "
      "about road repairs, school funding and the future of the public library, which had "
      "faced closure since the spring. The budget raises spending on roads by a tenth. ";
  const v1::Document first = IndexText(
      base +
          "Present were Alan Smith, Brian Jones, Carol White, David Brown, Edward Green, Fiona "
          "Black, George Hill, Helen Young, Ian King, Julia Scott, Kevin Wood and Laura Hall.",
      "2005-03-01", "first");
  std::vector<v1::Document> later;
  for (const char* verb : {"praised", "welcomed", "backed"}) {
    later.push_back(
        IndexText(absl::StrCat(base, "Kofi Annan ", verb, " the plan."), "2005-03-01", verb));
    ASSERT_EQ(later.back().story_id(), first.id()) << verb;
  }
  auto annan_count = [&]() {
    GetStorySpec spec;
    spec.id = first.id();
    v1::GetStoryResponse response;
    EXPECT_TRUE(store_->GetStory(spec, &response).ok());
    EXPECT_LE(response.story().entities_size(), kStoryEntities);
    int count = 0;
    for (const auto& e : response.story().entities()) {
      if (e.name() == "Kofi Annan") count = e.document_count();
    }
    // Listed the same way in a page of stories.
    ListStoriesSpec list;
    v1::ListStoriesResponse page;
    EXPECT_TRUE(store_->ListStories(list, &page).ok());
    for (const auto& story : page.stories()) {
      if (story.id() != first.id()) continue;
      EXPECT_EQ(story.entities_size(), response.story().entities_size());
      for (int i = 0; i < story.entities_size(); ++i) {
        EXPECT_EQ(story.entities(i).key(), response.story().entities(i).key());
      }
    }
    return count;
  };
  EXPECT_EQ(annan_count(), 3);
  ASSERT_TRUE(store_->Delete(later[1].id(), absl::Now()).ok());
  EXPECT_EQ(annan_count(), 2);
}

// Past the entities a story counts, the oldest of the least named make
// way: an entity the latest documents name still climbs to the list after
// 180 others were named once each.
TEST(StoryEntitiesTest, ANewcomerPastTheCountedEntitiesStillClimbs) {
  auto document = [](int number, bool annan) {
    v1::Document d;
    d.set_id(absl::StrCat("doc", number));
    *d.mutable_metadata()->mutable_publish_date() = *ParseDate("2005-03-01", "date");
    v1::Annotations* a = d.mutable_annotations();
    auto add = [a](v1::EntityType type, const std::string& name) {
      v1::Entity* e = a->add_entities();
      e->set_type(type);
      e->set_name(name);
      e->set_key(text::FoldName(name));
    };
    add(v1::ENTITY_TYPE_LOCATION, "Springfield");
    if (annan) add(v1::ENTITY_TYPE_PERSON, "Kofi Annan");
    for (int k = 0; k < 30; ++k)
      add(v1::ENTITY_TYPE_PERSON, absl::StrCat("Person ", number, "x", k));
    return d;
  };
  v1::Story story;
  for (int i = 0; i < 6; ++i) CountStoryDocument(document(i, false), &story);
  EXPECT_EQ(story.entities_size(), kStoryEntityCandidates);
  for (int i = 6; i < 9; ++i) CountStoryDocument(document(i, true), &story);
  EXPECT_EQ(story.document_count(), 9);
  ASSERT_GE(story.entities_size(), 2);
  EXPECT_EQ(story.entities(0).name(), "Springfield");
  EXPECT_EQ(story.entities(0).document_count(), 9);
  EXPECT_EQ(story.entities(1).name(), "Kofi Annan");
  EXPECT_EQ(story.entities(1).document_count(), 3);
}

// A story every outlet ran keeps the first 100 outlets; its documents and a
// page of stories are cut by bytes as well as by count.
TEST_F(StoriesTest, StoriesAndTheirDocumentsFitTheResponseBudget) {
  const std::string text = testing::ReadFile(testing::SharedDir() + "/seeds/" + [] {
    for (const auto& e : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
      if (absl::StartsWith(e.path().filename().string(), "000")) {
        return e.path().filename().string();
      }
    }
    return std::string();
  }());
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2026, 11, 23, 12, 0, 0), absl::UTCTimeZone());
  constexpr int kCopies = 150;
  std::string story;
  for (int i = 0; i < kCopies; ++i) {
    v1::DocumentInput input;
    input.set_text(text);
    input.set_client_key(absl::StrCat("copy-", i));
    input.set_outlet(absl::StrCat("Outlet number ", i));
    (*input.mutable_labels())["note"] = std::string(900, 'x');
    auto document = ingest::PrepareDocument(input, {}, now);
    ASSERT_TRUE(document.ok()) << document.status();
    *document->mutable_accept_time() = ToProtoTimestamp(now);
    *document->mutable_annotations() = tagger_->Tag(document->text(), {});
    ASSERT_TRUE(store_->Index({&*document}, now).ok());
    if (i == 0) story = store_->Get(document->id())->story_id();
  }
  Index("003");
  Index("004");

  GetStorySpec get;
  get.id = story;
  get.max_documents = kCopies;
  v1::GetStoryResponse whole;
  ASSERT_TRUE(store_->GetStory(get, &whole).ok());
  EXPECT_EQ(whole.story().document_count(), kCopies);
  EXPECT_EQ(whole.story().outlets_size(), kMaxStoryOutlets);
  EXPECT_EQ(whole.documents_size(), kCopies);

  constexpr size_t kBudget = 40'000;
  Open(kBudget);
  v1::GetStoryResponse cut;
  ASSERT_TRUE(store_->GetStory(get, &cut).ok());
  EXPECT_GT(cut.documents_size(), 0);
  EXPECT_LT(cut.documents_size(), kCopies);
  EXPECT_LE(cut.ByteSizeLong(), kBudget);
  EXPECT_EQ(cut.documents(0).id(), whole.documents(0).id());

  // Pages of one large story by bytes: every story once, each page
  // within the budget.
  const size_t story_bytes = whole.story().ByteSizeLong();
  Open(story_bytes + 100);
  std::set<std::string> listed;
  ListStoriesSpec list;
  list.page_size = 1000;
  int pages = 0;
  do {
    v1::ListStoriesResponse page;
    ASSERT_TRUE(store_->ListStories(list, &page).ok());
    ASSERT_GT(page.stories_size(), 0);
    EXPECT_LE(page.ByteSizeLong(), story_bytes + 100);
    for (const auto& s : page.stories()) EXPECT_TRUE(listed.insert(s.id()).second) << s.id();
    if (page.next_page_token().empty()) break;
    auto after = ParseKeyPageToken(page.next_page_token(), kStoriesByDateKeyBytes);
    ASSERT_TRUE(after.ok()) << after.status();
    list.after = *after;
    ++pages;
    ASSERT_LT(pages, 10);
  } while (true);
  EXPECT_EQ(listed.size(), 3u);
  EXPECT_GE(pages, 1) << "the budget cut the listing into pages";
}

}  // namespace
}  // namespace dossier::query
