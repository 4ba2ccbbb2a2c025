// The search index through the DocumentStore, on a real RocksDB in a temp
// dir, with documents and annotations made here.
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/ids.h"
#include "common/keys.h"
#include "common/status.h"
#include "common/time_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/query/document_store.h"
#include "services/query/index_writer.h"
#include "services/query/paging.h"
#include "services/query/postings.h"
#include "services/query/query_parser.h"
#include "services/query/specs.h"
#include "services/query/store_layout.h"
#include "services/query/stored_document.h"
#include "services/query/text_match.h"
#include "services/query/watch.h"
#include "tests/support/temp_dir.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// A day as specs hold it.
uint32_t Day(int year, int month, int day) { return DayNumber(absl::CivilDay(year, month, day)); }

// The spec of a search for `query` (valid).
SearchDocumentsSpec SearchFor(const std::string& query) {
  SearchDocumentsSpec spec;
  spec.query = *ParseQuery(query);
  return spec;
}

struct EntitySpec {
  v1::EntityType type;
  std::string name;
  // Spellings in the text, each mentioned where it first occurs after the
  // previous one.
  std::vector<std::string> mentions;
};

struct QuoteSpec {
  std::string text;  // found in the document text
  int speaker = -1;  // entity index
  std::string cue;
  v1::QuoteKind kind = v1::QUOTE_KIND_DIRECT;
};

v1::Document MakeDocument(const std::string& text, const std::string& date,
                          const std::string& outlet = "",
                          const std::vector<EntitySpec>& entities = {},
                          const std::vector<QuoteSpec>& quotes = {}) {
  v1::Document d;
  d.set_id(DocumentIdForText(text));
  d.set_text(text);
  if (!date.empty()) *d.mutable_metadata()->mutable_publish_date() = *ParseDate(date, "date");
  d.mutable_metadata()->set_outlet(outlet);
  *d.mutable_accept_time() = ToProtoTimestamp(absl::FromUnixSeconds(1700000000));
  v1::Annotations* a = d.mutable_annotations();
  a->add_sentences()->mutable_span()->set_end(static_cast<int>(text.size()));
  for (size_t e = 0; e < entities.size(); ++e) {
    v1::Entity* entity = a->add_entities();
    entity->set_type(entities[e].type);
    entity->set_name(entities[e].name);
    entity->set_key(text::FoldName(entities[e].name));
    size_t from = 0;
    for (const std::string& m : entities[e].mentions) {
      const size_t at = text.find(m, from);
      EXPECT_NE(at, std::string::npos) << m;
      from = at + m.size();
      v1::Mention* mention = a->add_mentions();
      mention->mutable_span()->set_begin(static_cast<int>(at));
      mention->mutable_span()->set_end(static_cast<int>(at + m.size()));
      mention->set_text(m);
      mention->set_type(entities[e].type);
      mention->set_entity_index(static_cast<int>(e));
      entity->add_mention_indices(a->mentions_size() - 1);
    }
  }
  for (const QuoteSpec& q : quotes) {
    const size_t at = text.find(q.text);
    EXPECT_NE(at, std::string::npos) << q.text;
    v1::Quote* quote = a->add_quotes();
    quote->mutable_span()->set_begin(static_cast<int>(at));
    quote->mutable_span()->set_end(static_cast<int>(at + q.text.size()));
    quote->set_text(q.text);
    quote->set_kind(q.kind);
    quote->set_cue(q.cue);
    if (q.speaker >= 0) quote->set_speaker_entity_index(q.speaker);
  }
  return d;
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto idf = IdfTable::Load(testing::SourceDir() + "/models/idf/idf.bin");
    ASSERT_TRUE(idf.ok()) << idf.status();
    idf_ = std::move(*idf);
    Reopen();
  }
  void Reopen(SearchOptions search = {}) {
    store_.reset();
    DocumentStoreOptions options;
    options.path = dir_.Sub("db");
    options.idf = idf_.get();
    options.search = search;
    auto store = DocumentStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void Index(const std::vector<v1::Document>& documents) {
    std::vector<const v1::Document*> ptrs;
    for (const auto& d : documents) ptrs.push_back(&d);
    auto outcomes = store_->Index(ptrs, absl::Now());
    ASSERT_TRUE(outcomes.ok()) << outcomes.status();
  }
  v1::SearchDocumentsResponse Search(const std::string& query, const FilterSpec& filter = {},
                                     size_t page_size = SearchDocumentsSpec::kPageSize) {
    SearchDocumentsSpec spec = SearchFor(query);
    spec.filter = filter;
    spec.page.size = page_size;
    v1::SearchDocumentsResponse response;
    const absl::Status s = store_->searcher().Search(spec, &response);
    EXPECT_TRUE(s.ok()) << query << ": " << s;
    return response;
  }
  // The texts of the hits, in order.
  std::vector<std::string> Texts(const v1::SearchDocumentsResponse& response) {
    std::vector<std::string> out;
    for (const auto& hit : response.hits()) {
      out.push_back(text_of_[hit.document().id()]);
    }
    return out;
  }
  void Remember(const std::vector<v1::Document>& documents) {
    for (const auto& d : documents) text_of_[d.id()] = d.text();
  }
  // The corpus most tests use.
  void IndexCorpus() {
    corpus_ = {
        MakeDocument("Foreign Ministry spokeswoman Maria Zakharova said the sanctions regime "
                     "will not work. Zakharova repeated it.",
                     "2023-02-13", "RIA Novosti",
                     {{v1::ENTITY_TYPE_PERSON, "Maria Zakharova", {"Maria Zakharova", "Zakharova"}},
                      {v1::ENTITY_TYPE_ORGANIZATION, "Foreign Ministry", {"Foreign Ministry"}}}),
        MakeDocument("Aleksandar Vu\xc4\x8di\xc4\x87 spoke of sanctions and of Kosovo.",
                     "2023-02-10", "N1",
                     {{v1::ENTITY_TYPE_PERSON,
                       "Aleksandar Vu\xc4\x8di\xc4\x87",
                       {"Aleksandar Vu\xc4\x8di\xc4\x87"}},
                      {v1::ENTITY_TYPE_LOCATION, "Kosovo", {"Kosovo"}}}),
        MakeDocument("Russia's ambassador to Serbia, Alexander Botsan-Kharchenko, spoke of "
                     "Kosovo and Republika Srpska. Kosovo again.",
                     "2022-08-01", "TASS",
                     {{v1::ENTITY_TYPE_PERSON,
                       "Alexander Botsan-Kharchenko",
                       {"Alexander Botsan-Kharchenko"}},
                      {v1::ENTITY_TYPE_LOCATION, "Kosovo", {"Kosovo", "Kosovo"}},
                      {v1::ENTITY_TYPE_LOCATION, "Republika Srpska", {"Republika Srpska"}}}),
        MakeDocument("The ambassador Alexander Botsan Kharchenko said pressure on Serbia will "
                     "increase.",
                     "", "Vecernje novosti",
                     {{v1::ENTITY_TYPE_PERSON,
                       "Alexander Botsan Kharchenko",
                       {"Alexander Botsan Kharchenko"}}}),
        MakeDocument("Sergey Lavrov met the Serbian minister; Lavrov spoke of sanctions.",
                     "2023-01-20", "TASS",
                     {{v1::ENTITY_TYPE_PERSON, "Sergey Lavrov", {"Sergey Lavrov", "Lavrov"}},
                      {v1::ENTITY_TYPE_MISC, "Serbian", {"Serbian"}}}),
    };
    Index(corpus_);
    Remember(corpus_);
  }

  testing::TempDir dir_;
  std::unique_ptr<IdfTable> idf_;
  std::unique_ptr<DocumentStore> store_;
  std::vector<v1::Document> corpus_;
  std::map<std::string, std::string> text_of_;
};

std::string Parsed(const std::string& query) {
  auto node = ParseQuery(query);
  if (!node.ok()) return std::string(node.status().message());
  return DebugString(*node);
}

TEST(QueryParserTest, ParsesTheLanguage) {
  EXPECT_EQ(Parsed("sanctions regime"), "(AND sanctions regime)");
  EXPECT_EQ(Parsed("sanctions AND regime"), "(AND sanctions regime)");
  EXPECT_EQ(Parsed("kosovo OR metohija OR serbia"), "(OR kosovo metohija serbia)");
  EXPECT_EQ(Parsed("a b OR c"), "(OR (AND a b) c)");
  EXPECT_EQ(Parsed("kosovo NOT serbia -nato"), "(AND kosovo (NOT serbia) (NOT nato))");
  EXPECT_EQ(Parsed("\"sanctions regime\" sanction*"), "(AND =\"sanctions regime\" sanction*)");
  EXPECT_EQ(Parsed("(kosovo OR serbia) nato"), "(AND (OR kosovo serbia) nato)");
  EXPECT_EQ(Parsed("Botsan-Kharchenko"), "\"botsan kharchenko\"");
  EXPECT_EQ(Parsed("\xe2\x80\x9cVu\xc4\x8di\xc4\x87 said\xe2\x80\x9d"), "=\"vucic said\"");
  EXPECT_EQ(Parsed("and or not"), "(AND and or not)");
  EXPECT_EQ(Parsed(""), "(AND )");
  EXPECT_EQ(Parsed(" \t "), "(AND )");
  EXPECT_EQ(Parsed("\xc2\xa0 \xc2\xa0"), "(AND )");  // no-break spaces are spaces
  // An umlaut matches its vowel and "e" too ("Deutsche Boerse"), outside
  // quotes.
  EXPECT_EQ(Parsed("Deutsche B\xc3\xb6rse"), "(AND deutsche (OR borse boerse))");
  EXPECT_EQ(Parsed("M\xc3\xbcller-Wohlfahrt"), "(OR \"muller wohlfahrt\" \"mueller wohlfahrt\")");
  EXPECT_EQ(Parsed("\"B\xc3\xb6rse\""), "=borse");
}

TEST(QueryParserTest, SaysWhereAQueryIsWrong) {
  EXPECT_THAT(Parsed("kosovo \"sanctions regime"), HasSubstr("never closed (at character 7)"));
  EXPECT_THAT(Parsed("(kosovo OR serbia"),
              HasSubstr("parenthesis that is never closed (at character 0)"));
  EXPECT_THAT(Parsed("kosovo)"), HasSubstr("never opened (at character 6)"));
  EXPECT_THAT(Parsed("kosovo AND"), HasSubstr("AND with nothing after it (at character 7)"));
  EXPECT_THAT(Parsed("NOT NOT tax"), HasSubstr("has NOT followed by another NOT or '-'"));
  EXPECT_THAT(Parsed("OR kosovo"), HasSubstr("OR with nothing before it (at character 0)"));
  EXPECT_THAT(Parsed("(OR kosovo)"), HasSubstr("OR with nothing before it (at character 1)"));
  EXPECT_THAT(Parsed("NOT kosovo"), HasSubstr("only excludes"));
  EXPECT_THAT(Parsed("kosovo OR -serbia"), HasSubstr("NOT outside AND"));
  EXPECT_THAT(Parsed("s*"), HasSubstr("shorter than 2"));
  EXPECT_THAT(Parsed("()"), HasSubstr("empty parentheses"));
  EXPECT_THAT(Parsed("kosovo \"sanction* regime\""),
              HasSubstr("has a prefix 'sanction*' inside a phrase, which matches whole words only "
                        "(at character 7)"));
  EXPECT_THAT(Parsed("\"the sanction*, regime\""), HasSubstr("prefix 'sanction*' inside"));
  // A star of its own in a phrase is no prefix; neither is one inside a word.
  EXPECT_EQ(Parsed("\"5 * 3\""), "=\"5 3\"");
  EXPECT_EQ(Parsed("\"m*a*s*h\""), Parsed("\"m a s h\""));
  // Symbols alone are no query for every document.
  for (const char* symbols : {" - ", "\xc2\xa3", "!!!", "\"\""}) {
    EXPECT_THAT(Parsed(symbols), HasSubstr("has no word to search for")) << symbols;
  }
  EXPECT_THAT(Parsed(std::string(2000, 'a')), HasSubstr("at most 1024"));
  // Other engines' operators, which would read as words ("chelsea^2" as
  // the phrase "chelsea 2", matching nothing): named, with what there is.
  EXPECT_THAT(Parsed("chelsea^2"), HasSubstr("has '^' (a boost), which dossier's queries do not "
                                             "have: words, \"phrases\", prefix*, AND, OR, NOT, "
                                             "-word and parentheses (at character 7)"));
  EXPECT_THAT(Parsed("blair~"), HasSubstr("'~'"));
  EXPECT_THAT(Parsed("kosovo chel?ea"), HasSubstr("'?' inside a word (one character of any)"));
  EXPECT_THAT(Parsed("kosovo chel?ea"), HasSubstr("(at character 11)"));
  EXPECT_THAT(Parsed("title:chelsea"), HasSubstr("'field:' (a search in one field)"));
  // Not a question, a time or a quoted symbol.
  EXPECT_EQ(Parsed("who won?"), Parsed("who won"));
  EXPECT_EQ(Parsed("10:30"), "\"10 30\"");
  EXPECT_EQ(Parsed("\"chelsea^2\""), "=\"chelsea 2\"");
  EXPECT_EQ(ParseQuery("kosovo)").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TextMatchTest, MatchesAsTheIndexWould) {
  const TextTerms terms("Russia's ambassador to Serbia, Alexander Botsan-Kharchenko.");
  EXPECT_TRUE(terms.Matches(*ParseQuery("russia ambassador")));
  EXPECT_TRUE(terms.Matches(*ParseQuery("\"botsan kharchenko\"")));
  EXPECT_TRUE(terms.Matches(*ParseQuery("amb*")));
  EXPECT_TRUE(terms.Matches(*ParseQuery("nato OR serbia")));
  EXPECT_FALSE(terms.Matches(*ParseQuery("serbia -russia")));
  EXPECT_FALSE(terms.Matches(*ParseQuery("\"serbia ambassador\"")));
}

TEST_F(SearchTest, FindsWordsWhateverTheirCaseAndAccents) {
  IndexCorpus();
  EXPECT_THAT(Texts(Search("Vucic")), ElementsAre(HasSubstr("Aleksandar")));
  EXPECT_THAT(Texts(Search("VU\xc4\x8cI\xc4\x86")), ElementsAre(HasSubstr("Aleksandar")));
  EXPECT_THAT(Texts(Search("zakharova")), ElementsAre(HasSubstr("Zakharova")));
  EXPECT_EQ(Search("nothinglikethis").total_size(), 0);
}

// "Deutsche Börse" finds the news that writes "Deutsche Boerse" too (9
// BBC texts do), and the snippets mark either spelling.
TEST_F(SearchTest, AnUmlautFindsItsVowelAndEToo) {
  Index({MakeDocument("Deutsche Boerse made a bid for the London Stock Exchange.", "2005-01-10", "",
                      {}),
         MakeDocument("Deutsche B\xc3\xb6rse shareholders objected.", "2005-01-11", "", {}),
         MakeDocument("Deutsche Bank reported profits.", "2005-01-12", "", {})});
  const v1::SearchDocumentsResponse both = Search("Deutsche B\xc3\xb6rse");
  EXPECT_EQ(both.total_size(), 2);
  for (const auto& hit : both.hits()) {
    ASSERT_GT(hit.snippets_size(), 0);
    EXPECT_EQ(hit.snippets(0).highlights_size(), 2) << hit.snippets(0).text();
  }
  // As written, in quotes; and the spelling with "e" finds only itself.
  EXPECT_EQ(Search("\"Deutsche B\xc3\xb6rse\"").total_size(), 1);
  EXPECT_EQ(Search("Boerse").total_size(), 1);
}

TEST_F(SearchTest, BooleanPhrasePrefix) {
  IndexCorpus();
  EXPECT_EQ(Search("\"sanctions regime\"").total_size(), 1);
  EXPECT_EQ(Search("sanctions").total_size(), 3);
  EXPECT_EQ(Search("sanctions kosovo").total_size(), 1);
  EXPECT_EQ(Search("sanctions OR kosovo").total_size(), 4);
  EXPECT_EQ(Search("kosovo -sanctions").total_size(), 1);
  EXPECT_EQ(Search("kosovo NOT (sanctions OR serbia)").total_size(), 0);
  EXPECT_EQ(Search("sanction*").total_size(), 3);
  EXPECT_EQ(Search("amb*").total_size(), 2);
  // Both spellings, one phrase.
  EXPECT_EQ(Search("Botsan-Kharchenko").total_size(), 2);
  EXPECT_EQ(Search("\"kharchenko botsan\"").total_size(), 0);
  // The possessive is the word.
  EXPECT_EQ(Search("russia ambassador").total_size(), 1);
}

// A word outside quotes finds the other forms of it (its stem's words);
// in quotes, only itself.
TEST_F(SearchTest, AWordFindsItsOtherFormsUnlessQuoted) {
  Index({MakeDocument("The e-mails were sent before the sanctioned banks closed.", "2005-01-10"),
         MakeDocument("One e-mail said a sanction was coming.", "2005-01-11"),
         MakeDocument("The university opened a new library.", "2005-01-12")});
  EXPECT_EQ(Search("sanctions").total_size(), 2);
  EXPECT_EQ(Search("sanctioning").total_size(), 2);
  EXPECT_EQ(Search("\"sanction\"").total_size(), 1);
  EXPECT_EQ(Search("\"sanctions\"").total_size(), 0);
  // A hyphenated word is a phrase of its parts, which find their forms too.
  EXPECT_EQ(Search("e-mail").total_size(), 2);
  EXPECT_EQ(Search("e-mails").total_size(), 2);
  EXPECT_EQ(Search("\"e-mails\"").total_size(), 1);
  EXPECT_EQ(Search("\"e mail\"").total_size(), 1);
  EXPECT_EQ(Search("\"bank closed\"").total_size(), 0);
  EXPECT_EQ(Search("bank closing").total_size(), 1);
  // A phrase written without quotes is still a phrase of forms.
  EXPECT_EQ(Search("sanctioned-bank").total_size(), 1);
  EXPECT_EQ(Search("sanction-banks").total_size(), 1);
  EXPECT_EQ(Search("libraries -universities").total_size(), 0);
  EXPECT_EQ(Search("libraries").total_size(), 1);
  // Prefixes are as written.
  EXPECT_EQ(Search("sanctione*").total_size(), 1);
  // The form found is marked in the snippet.
  SearchDocumentsSpec spec = SearchFor("sanctions e-mail");
  spec.view = v1::SEARCH_VIEW_SNIPPETS;
  v1::SearchDocumentsResponse response;
  ASSERT_TRUE(store_->searcher().Search(spec, &response).ok());
  std::set<std::string> marked;
  for (const auto& hit : response.hits()) {
    for (const auto& snippet : hit.snippets()) {
      for (const auto& h : snippet.highlights()) {
        marked.insert(snippet.text().substr(h.begin(), h.end() - h.begin()));
      }
    }
  }
  EXPECT_THAT(marked, UnorderedElementsAre("e", "mails", "sanctioned", "mail", "sanction"));
  // What a watch or a quote search matches in memory agrees.
  const TextTerms terms("The e-mails were sent before the sanctioned banks closed.");
  EXPECT_TRUE(terms.Matches(*ParseQuery("sanction e-mail")));
  EXPECT_TRUE(terms.Matches(*ParseQuery("\"sanctioned banks\" bank-closing")));
  EXPECT_FALSE(terms.Matches(*ParseQuery("\"sanction\"")));
  EXPECT_FALSE(terms.Matches(*ParseQuery("\"e-mail\"")));
  EXPECT_FALSE(terms.Matches(*ParseQuery("sanction -bank")));
}

// A word's forms count as one word: a rare form ("governs") does not
// outrank the word as written, which counts more than its other forms.
TEST_F(SearchTest, AWordsFormsScoreAsOneWord) {
  const std::vector<v1::Document> documents = {
      MakeDocument("Lifestyle governs mobile choice, a survey says.", "2005-01-10"),
      MakeDocument("The government said the government would act, and government sources "
                   "agreed with the plan for the railways.",
                   "2005-01-11"),
      MakeDocument("Ministers governed by decree while the government of the day waited.",
                   "2005-01-12"),
      MakeDocument("A survey of mobile phones and railways.", "2005-01-13")};
  Index(documents);
  Remember(documents);
  const v1::SearchDocumentsResponse response = Search("government");
  ASSERT_EQ(response.total_size(), 3);
  EXPECT_THAT(Texts(response)[0], HasSubstr("government sources"));
  EXPECT_THAT(Texts(response)[2], HasSubstr("Lifestyle governs"));
  // A long phrase of words in other forms matches, in search and in memory
  // alike: each word reads the positions of all its forms.
  Index({MakeDocument("They operated presenting consulted respected promoted originated indicated.",
                      "2005-01-14")});
  const std::string phrase = "operates-presents-consults-respects-promotes-originates-indicates";
  EXPECT_EQ(Search(phrase).total_size(), 1);
  EXPECT_TRUE(
      TextTerms("They operated presenting consulted respected promoted originated indicated.")
          .Matches(*ParseQuery(phrase)));
}

// A word whose stem has more indexed forms than a search reads lists for
// (SearchOptions::max_prefix_terms) matches as written.
TEST_F(SearchTest, AWordOfTooManyFormsMatchesAsWritten) {
  SearchOptions options;
  options.max_prefix_terms = 3;
  Reopen(options);
  Index({MakeDocument("Banks bank banked banking on it.", "2005-01-10"),
         MakeDocument("The bank closed.", "2005-01-11"),
         MakeDocument("Banks closed.", "2005-01-12")});
  EXPECT_EQ(Search("bank").total_size(), 2);
  EXPECT_EQ(Search("banks").total_size(), 2);
  options.max_prefix_terms = 4;
  Reopen(options);
  EXPECT_EQ(Search("bank").total_size(), 3);
}

// A word's stem key is written by the first batch that has the word; a
// batch rolled back leaves its words to the next.
TEST(StemmedWordsTest, RecordedOnceAndForgottenOnRollback) {
  Dictionaries dictionaries;
  EXPECT_TRUE(dictionaries.AddStemmedWord("sanctions"));
  EXPECT_FALSE(dictionaries.AddStemmedWord("sanctions"));
  dictionaries.Commit();
  EXPECT_FALSE(dictionaries.AddStemmedWord("sanctions"));
  EXPECT_TRUE(dictionaries.AddStemmedWord("sanctioned"));
  dictionaries.Rollback();
  EXPECT_TRUE(dictionaries.AddStemmedWord("sanctioned"));
  EXPECT_FALSE(dictionaries.AddStemmedWord("sanctions"));
}

// A store written before the dictionary kept stems gets them at its next
// start, and its words find their forms from then on.
TEST_F(SearchTest, AStoreFromBeforeStemsGetsThemAtStart) {
  Index({MakeDocument("The sanctioned banks closed.", "2005-01-10")});
  EXPECT_EQ(Search("sanction").total_size(), 1);
  store_.reset();
  auto count_stems = [&](Store* raw) {
    int stems = 0;
    auto it = raw->NewIterator(raw->cf(kDictionary));
    for (it->Seek(std::string(1, kStemKey)); it->Valid(); it->Next()) ++stems;
    return stems;
  };
  {
    StoreOptions options;
    options.path = dir_.Sub("db");
    auto raw = Store::Open(options, SpecsOf(kColumnFamilies));
    ASSERT_TRUE(raw.ok()) << raw.status();
    EXPECT_EQ(count_stems(raw->get()), 4);  // the, sanctioned, banks, closed
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch
                    .DeleteRange((*raw)->cf(kDictionary), std::string(1, kStemKey),
                                 std::string(1, kStemKey + 1))
                    .ok());
    ASSERT_TRUE(batch.Delete((*raw)->cf(kCounters), ToSlice(kStemsCounter)).ok());
    ASSERT_TRUE((*raw)->Write(&batch, /*sync=*/true).ok());
    EXPECT_EQ(count_stems(raw->get()), 0);
  }
  Reopen();
  EXPECT_EQ(Search("sanction").total_size(), 1);
  EXPECT_EQ(Search("\"sanctioned bank\"").total_size(), 0);
  EXPECT_EQ(Search("sanctioned-bank").total_size(), 1);
  // Words known from the store are not written again; new ones are.
  Index({MakeDocument("The sanctioning banks closed.", "2005-01-11")});
  EXPECT_EQ(Search("sanction").total_size(), 2);
  EXPECT_EQ(Search("\"sanctioning\"").total_size(), 1);
  store_.reset();
  StoreOptions options;
  options.path = dir_.Sub("db");
  auto raw = Store::Open(options, SpecsOf(kColumnFamilies));
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_EQ(count_stems(raw->get()), 5);
}

TEST_F(SearchTest, RanksByBm25) {
  IndexCorpus();
  // Kosovo twice in a document of similar length ranks first.
  const auto response = Search("kosovo");
  ASSERT_EQ(response.hits_size(), 2);
  EXPECT_THAT(response.hits(0).document().metadata().outlet(), "TASS");
  EXPECT_GT(response.hits(0).score(), response.hits(1).score());
  EXPECT_GT(response.hits(1).score(), 0);
  // Hits carry metadata, not text.
  EXPECT_TRUE(response.hits(0).document().text().empty());
  EXPECT_FALSE(response.hits(0).document().name().empty());
}

TEST_F(SearchTest, FiltersByDateOutletEntityAndType) {
  IndexCorpus();
  FilterSpec august;
  august.from_day = Day(2022, 8, 1);
  august.to_day = Day(2022, 8, 31);
  EXPECT_THAT(Texts(Search("kosovo", august)), ElementsAre(HasSubstr("Republika")));

  FilterSpec tass;
  tass.outlets = {"tass"};
  EXPECT_EQ(Search("", tass).total_size(), 2);
  tass.outlets.push_back("Unknown Gazette");
  EXPECT_EQ(Search("", tass).total_size(), 2);
  FilterSpec unknown;
  unknown.outlets = {"Unknown Gazette"};
  EXPECT_EQ(Search("", unknown).total_size(), 0);
  // A leading "the" aside, when no outlet is named exactly so.
  FilterSpec the_tass;
  the_tass.outlets = {"The TASS"};
  EXPECT_EQ(Search("", the_tass).total_size(), 2);
  // A watch too, for an outlet no document has yet.
  WatchDocumentsSpec post;
  post.filter.outlets = {"Washington Post"};
  auto watch = MakeWatchSpec(post, store_->searcher());
  ASSERT_TRUE(watch.ok()) << watch.status();
  v1::Document posted = MakeDocument("Kosovo talks resumed.", "2023-03-01");
  posted.mutable_metadata()->set_outlet("The Washington Post");
  EXPECT_TRUE(WatchMatches(*watch, posted, TextTerms(posted.text(), SearchableTitle(posted))));
  posted.mutable_metadata()->set_outlet("The Washington Times");
  EXPECT_FALSE(WatchMatches(*watch, posted, TextTerms(posted.text(), SearchableTitle(posted))));

  // An entity by a folded spelling, by surname, by id.
  FilterSpec vucic;
  vucic.entities = {"Vucic"};
  auto response = Search("", vucic);
  EXPECT_EQ(response.total_size(), 1);
  ASSERT_EQ(response.resolved_entities_size(), 1);
  ASSERT_EQ(response.resolved_entities(0).entities_size(), 1);
  EXPECT_EQ(response.resolved_entities(0).entities(0).display_name(),
            "Aleksandar Vu\xc4\x8di\xc4\x87");
  const std::string id = response.resolved_entities(0).entities(0).id();
  FilterSpec by_id;
  by_id.entities = {id};
  EXPECT_EQ(Search("sanctions", by_id).total_size(), 1);
  FilterSpec kharchenko;
  kharchenko.entities = {"Kharchenko"};
  response = Search("", kharchenko);
  EXPECT_EQ(response.total_size(), 2) << "two spellings, one surname";
  FilterSpec both;
  both.entities = {"Kosovo", "Botsan-Kharchenko"};
  EXPECT_EQ(Search("", both).total_size(), 1);
  FilterSpec nobody;
  nobody.entities = {"Nobody Atall"};
  response = Search("", nobody);
  EXPECT_EQ(response.total_size(), 0);
  EXPECT_EQ(response.resolved_entities(0).entities_size(), 0);

  FilterSpec misc;
  misc.entity_types = {v1::ENTITY_TYPE_MISC};
  EXPECT_THAT(Texts(Search("", misc)), ElementsAre(HasSubstr("Lavrov")));
}

TEST_F(SearchTest, RefusesACursorBeyondTheDocumentsStored) {
  IndexCorpus();
  // Checked here, not at the boundary (requests_test.cc): it needs the
  // store. A token of another store, or of this one before it lost
  // documents.
  SearchDocumentsSpec spec = SearchFor("kosovo");
  spec.page.cursor = PageCursor{};
  spec.page.cursor->document_limit = 1000;
  v1::SearchDocumentsResponse response;
  const absl::Status s = store_->searcher().Search(spec, &response);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(s), "INVALID_PAGE_TOKEN");
  spec.page.cursor->document_limit = static_cast<uint32_t>(corpus_.size());
  EXPECT_TRUE(store_->searcher().Search(spec, &response).ok());
}

TEST_F(SearchTest, PagesAreCompleteDisjointAndPinned) {
  std::vector<v1::Document> documents;
  for (int i = 0; i < 57; ++i) {
    std::string text = absl::StrCat("Report ", i, " on the sanctions");
    for (int k = 0; k < i % 5; ++k) text += " and sanctions again";
    documents.push_back(MakeDocument(text, absl::StrFormat("2023-03-%02d", 1 + i % 28)));
  }
  Index(documents);
  for (const auto& [query, expected] : {std::make_pair("sanctions", 57), std::make_pair("", 58)}) {
    std::vector<std::string> all;
    std::string token;
    int pages = 0;
    float last_score = 1e9;
    do {
      SearchDocumentsSpec spec = SearchFor(query);
      spec.page.size = 10;
      spec.page.fingerprint = 7;
      // The token the previous page gave, as the boundary reads it.
      auto cursor = ParsePageToken(token, spec.page.fingerprint);
      ASSERT_TRUE(cursor.ok()) << cursor.status();
      spec.page.cursor = *cursor;
      spec.view = v1::SEARCH_VIEW_IDS;
      v1::SearchDocumentsResponse response;
      ASSERT_TRUE(store_->searcher().Search(spec, &response).ok());
      EXPECT_EQ(response.total_size(), expected);
      for (const auto& hit : response.hits()) {
        all.push_back(hit.document().id());
        if (*query != '\0') {
          EXPECT_LE(hit.score(), last_score);
          last_score = hit.score();
        }
      }
      token = response.next_page_token();
      if (++pages == 2) {
        // A new match between pages does not join them. (That a token
        // serves only its own query is the boundary's: requests_test.cc.)
        Index({MakeDocument("late sanctions sanctions sanctions sanctions", "2023-03-05")});
      }
    } while (!token.empty() && pages < 20);
    EXPECT_EQ(pages, 6) << query;
    EXPECT_EQ(all.size(), static_cast<size_t>(expected));
    EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), static_cast<size_t>(expected));
  }
}

TEST_F(SearchTest, PagesStopAtTheByteBudget) {
  SearchOptions small;
  small.response_bytes = 2000;
  Reopen(small);
  std::vector<v1::Document> documents;
  for (int i = 0; i < 30; ++i) {
    v1::Document d = MakeDocument(absl::StrCat("Sanctions story ", i), "2023-03-01");
    d.mutable_metadata()->set_title(std::string(300, 'T'));
    documents.push_back(std::move(d));
  }
  Index(documents);
  v1::SearchDocumentsResponse response = Search("sanctions", {}, 30);
  EXPECT_GT(response.hits_size(), 0);
  EXPECT_LT(response.hits_size(), 30);
  EXPECT_LE(response.ByteSizeLong(), 2000u);
  EXPECT_FALSE(response.next_page_token().empty());
  ListDocumentsSpec list;
  list.page.size = 30;
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(store_->searcher().List(list, &listed).ok());
  EXPECT_LT(listed.documents_size(), 30);
  EXPECT_LE(listed.ByteSizeLong(), 2000u);
  EXPECT_FALSE(listed.next_page_token().empty());
}

TEST_F(SearchTest, ATitleTheClientGaveIsSearchedWithTheText) {
  v1::Document given = MakeDocument("The board raised the payout by ten cents.", "2023-03-01");
  given.mutable_metadata()->set_title("Acme sets quarterly dividend");
  given.mutable_metadata()->set_title_provenance(v1::PROVENANCE_CLIENT);
  v1::Document read = MakeDocument("Dividend news\n\nAcme pays a dividend.", "2023-03-01");
  read.mutable_metadata()->set_title("Dividend news");
  read.mutable_metadata()->set_title_provenance(v1::PROVENANCE_EXTRACTED);
  Index({given, read});
  EXPECT_EQ(Search("dividend").total_size(), 2);
  EXPECT_EQ(Search("\"quarterly dividend\"").total_size(), 1);
  EXPECT_EQ(Search("news").total_size(), 1);
  // No phrase runs from the end of the text into the title.
  EXPECT_EQ(Search("\"cents acme\"").total_size(), 0);
  EXPECT_EQ(Search("payout quarterly").total_size(), 1);
  // A watch reads the document as the index does.
  for (const auto& [query, matches] : std::vector<std::pair<std::string, bool>>{
           {"\"quarterly dividend\"", true}, {"\"cents acme\"", false}}) {
    WatchDocumentsSpec watch;
    watch.query = *ParseQuery(query);
    auto spec = MakeWatchSpec(watch, store_->searcher());
    ASSERT_TRUE(spec.ok()) << spec.status();
    EXPECT_EQ(WatchMatches(*spec, given, TextTerms(given.text(), SearchableTitle(given))), matches)
        << query;
  }
}

// BBC sport's "Chelsea sack Mutu" came second to an article that names
// Chelsea and Mutu more often in passing: a headline's words count again.
TEST_F(SearchTest, AnArticlesHeadlineWeighsMoreThanWordsInPassing) {
  v1::Document titled = MakeDocument(
      "Chelsea sack Mutu\n\nChelsea have sacked Adrian Mutu after he failed a drugs test. The "
      "striker tested positive for a banned substance, the club said on Friday, and the "
      "decision was taken by the board after a review of the case.",
      "2004-10-29");
  titled.mutable_metadata()->set_title("Chelsea sack Mutu");
  titled.mutable_metadata()->set_title_provenance(v1::PROVENANCE_EXTRACTED);
  v1::Document passing = MakeDocument(
      "Wenger offers Mutu hope\n\nArsenal boss Arsene Wenger would consider signing Mutu. Mutu "
      "was sacked by Chelsea on Friday; Chelsea said the sack was right. Mutu, Chelsea and "
      "Mutu again: Wenger said Mutu could train with Arsenal once the ban is served.",
      "2004-10-30");
  passing.mutable_metadata()->set_title("Wenger offers Mutu hope");
  passing.mutable_metadata()->set_title_provenance(v1::PROVENANCE_EXTRACTED);
  Index({titled, passing});
  const v1::SearchDocumentsResponse response = Search("Chelsea sack Mutu");
  ASSERT_EQ(response.hits_size(), 2);
  EXPECT_EQ(response.hits(0).document().id(), titled.id());
}

TEST_F(SearchTest, SnippetsMarkTheMatchedWords) {
  IndexCorpus();
  SearchDocumentsSpec spec = SearchFor("\"sanctions regime\" zakharova");
  v1::SearchDocumentsResponse response;
  ASSERT_TRUE(store_->searcher().Search(spec, &response).ok());
  ASSERT_EQ(response.hits_size(), 1);
  ASSERT_GE(response.hits(0).snippets_size(), 1);
  std::set<std::string> marked;
  for (const auto& snippet : response.hits(0).snippets()) {
    for (const auto& h : snippet.highlights()) {
      marked.insert(snippet.text().substr(h.begin(), h.end() - h.begin()));
    }
    const std::string& text = text_of_[response.hits(0).document().id()];
    EXPECT_EQ(text.substr(snippet.span().begin(), snippet.span().end() - snippet.span().begin()),
              snippet.text());
  }
  EXPECT_THAT(marked, UnorderedElementsAre("sanctions", "regime", "Zakharova"));
  // Offsets in code points for Python.
  spec = SearchFor("vucic kosovo");
  spec.encoding = v1::ENCODING_TYPE_UTF32;
  ASSERT_TRUE(store_->searcher().Search(spec, &response).ok());
  const auto& snippet = response.hits(0).snippets(0);
  ASSERT_EQ(snippet.highlights_size(), 2);
  EXPECT_EQ(snippet.highlights(1).end() - snippet.highlights(1).begin(), 6);  // "Kosovo"
  EXPECT_EQ(snippet.highlights(0).end() - snippet.highlights(0).begin(), 5);  // "Vučić"
}

// A phrase's words are marked where the phrase matches, not alone: "prime
// minister" marks both words of "the Prime Minister", not the "minister"
// of "the welfare minister".
TEST_F(SearchTest, SnippetsMarkAPhrasesWordsOnlyTogether) {
  Index({MakeDocument(
      "The Prime Minister met the welfare minister and then the prime suspect in the case.",
      "2005-01-10")});
  const v1::SearchDocumentsResponse response = Search("\"prime minister\"");
  ASSERT_EQ(response.hits_size(), 1);
  std::vector<std::string> marked;
  for (const auto& snippet : response.hits(0).snippets()) {
    for (const auto& h : snippet.highlights()) {
      marked.push_back(snippet.text().substr(h.begin(), h.end() - h.begin()));
    }
  }
  EXPECT_THAT(marked, ::testing::ElementsAre("Prime", "Minister"));
}

TEST_F(SearchTest, FacetsCountEveryMatch) {
  IndexCorpus();
  SearchDocumentsSpec spec = SearchFor("");
  spec.page.size = 1;
  spec.facets = {v1::FACET_OUTLETS, v1::FACET_ENTITY_TYPES, v1::FACET_ENTITIES, v1::FACET_DATES};
  v1::SearchDocumentsResponse response;
  ASSERT_TRUE(store_->searcher().Search(spec, &response).ok());
  EXPECT_EQ(response.hits_size(), 1);
  const v1::Facets& facets = response.facets();
  ASSERT_GE(facets.outlets_size(), 1);
  EXPECT_EQ(facets.outlets(0).outlet(), "TASS");
  EXPECT_EQ(facets.outlets(0).document_count(), 2);
  int64_t persons = 0;
  for (const auto& t : facets.entity_types()) {
    if (t.type() == v1::ENTITY_TYPE_PERSON) persons = t.document_count();
  }
  EXPECT_EQ(persons, 5);
  ASSERT_GE(facets.entities_size(), 2);
  // Kosovo and the ambassador are each in two documents, the most.
  std::set<std::string> top;
  for (const auto& e : facets.entities()) {
    if (e.document_count() == 2) top.insert(e.entity().display_name());
  }
  EXPECT_EQ(facets.entities(0).document_count(), 2);
  EXPECT_THAT(top, ::testing::Contains("Kosovo"));
  int64_t days = 0;
  for (const auto& d : facets.dates()) days += d.document_count();
  EXPECT_EQ(days, 5);

  // In one matching document every entity counts once: those named in more
  // documents in all come first, and the cut keeps them.
  spec = SearchFor("srpska");
  spec.facets = {v1::FACET_ENTITIES};
  spec.facet_size = 2;
  ASSERT_TRUE(store_->searcher().Search(spec, &response).ok());
  ASSERT_EQ(response.total_size(), 1);
  std::set<std::string> kept;
  for (const auto& e : response.facets().entities()) {
    EXPECT_EQ(e.document_count(), 1);
    kept.insert(e.entity().display_name());
  }
  EXPECT_THAT(kept, ::testing::Contains("Kosovo"));
  EXPECT_EQ(kept.count("Republika Srpska"), 0u);
  spec.facet_size = 3;
  ASSERT_TRUE(store_->searcher().Search(spec, &response).ok());
  ASSERT_EQ(response.facets().entities_size(), 3);
  EXPECT_EQ(response.facets().entities(2).entity().display_name(), "Republika Srpska");
}

TEST_F(SearchTest, ListsWithFilters) {
  IndexCorpus();
  ListDocumentsSpec spec;
  spec.filter.outlets = {"TASS"};
  spec.filter.from_day = Day(2022, 8, 1);
  spec.filter.to_day = Day(2022, 8, 31);
  v1::ListDocumentsResponse response;
  ASSERT_TRUE(store_->searcher().List(spec, &response).ok());
  ASSERT_EQ(response.documents_size(), 1);
  EXPECT_EQ(response.total_size(), 1);
  EXPECT_EQ(response.documents(0).metadata().outlet(), "TASS");
  spec.filter = {};
  spec.view = v1::DOCUMENT_VIEW_FULL;
  ASSERT_TRUE(store_->searcher().List(spec, &response).ok());
  EXPECT_EQ(response.total_size(), 5);
  EXPECT_FALSE(response.documents(0).text().empty());
}

TEST_F(SearchTest, SurvivesReopenAndStoresEntityIds) {
  IndexCorpus();
  Reopen();
  EXPECT_EQ(Search("kosovo").total_size(), 2);
  EXPECT_EQ(Search("\"sanctions regime\"").total_size(), 1);
  auto stored = store_->Get(corpus_[1].id());
  ASSERT_TRUE(stored.ok());
  EXPECT_THAT(stored->annotations().entities(0).entity_id(), HasSubstr("ent_"));
  // New documents after a reopen get new numbers and are found.
  Index({MakeDocument("Kosovo once more", "2023-04-01")});
  EXPECT_EQ(Search("kosovo").total_size(), 3);
  GetEntitySpec spec;
  spec.entity.reference = "Kosovo";
  v1::GetEntityResponse response;
  ASSERT_TRUE(store_->searcher().GetEntity(spec, &response).ok());
  EXPECT_EQ(response.entity().document_count(), 2);
  EXPECT_EQ(response.entity().mention_count(), 3);
}

TEST_F(SearchTest, BackfillsAStoreFromBeforeTheIndex) {
  IndexCorpus();
  store_.reset();
  // Make it the store the previous version left: no index families, no
  // registry (which came later, and links the index's key numbers), and a
  // by_date entry per document.
  const std::string path = dir_.Sub("db");
  {
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const std::string& name : names) {
      rocksdb::ColumnFamilyOptions options;
      if (name == "postings" || name == "entity_stats" || name == "counters") {
        // Reading is not needed; a merge operator must be named for the
        // families that have merges.
        std::shared_ptr<rocksdb::MergeOperator> add;
        rocksdb::MergeOperator::CreateFromString(rocksdb::ConfigOptions(), "uint64add", &add)
            .PermitUncheckedError();
        options.merge_operator = name == "counters" ? add : NewConcatenateMergeOperator();
      }
      descriptors.emplace_back(name, options);
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descriptors, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string& name = names[i];
      if (name == "doc_rows" || name == "postings" || name == "dictionary" ||
          name == "entity_stats" || name == "quotes" || name == "registry") {
        ASSERT_TRUE(db->DropColumnFamily(handles[i]).ok());
      }
      if (name == "by_date") {
        for (const v1::Document& d : corpus_) {
          std::string key;
          AppendBigEndian32(&key, 0xFFFFFFFFu - DocumentDay(d));
          key += IdToKey(d.id());
          ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[i], key, "").ok());
        }
      }
    }
    for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
    ASSERT_TRUE(db->Close().ok());
  }
  Reopen();
  EXPECT_EQ(Search("kosovo").total_size(), 2);
  EXPECT_EQ(Search("\"sanctions regime\"").total_size(), 1);
  FilterSpec vucic;
  vucic.entities = {"Vucic"};
  EXPECT_EQ(Search("", vucic).total_size(), 1);
  // Once only: a second open indexes nothing again.
  Reopen();
  EXPECT_EQ(Search("kosovo").total_size(), 2);
  Index({MakeDocument("Kosovo once more", "2023-04-01")});
  EXPECT_EQ(Search("kosovo").total_size(), 3);
}

// A knight named with his honour is the person the documents name without
// it ("Sir Alex Ferguson"), and a German name with its umlaut is the one
// the documents write with the vowel and "e" ("Gerhard Schr\u00f6der").
TEST_F(SearchTest, AnHonourOrAnUmlautStillNamesThePerson) {
  Index({MakeDocument("Sir Alex Ferguson praised Gerhard Schroeder.", "2005-01-10", "",
                      {{v1::ENTITY_TYPE_PERSON, "Alex Ferguson", {"Alex Ferguson"}},
                       {v1::ENTITY_TYPE_PERSON, "Gerhard Schroeder", {"Gerhard Schroeder"}}})});
  const EntityIndex& entities = store_->entities();
  const auto ferguson = entities.Resolve("Alex Ferguson", 0);
  ASSERT_TRUE(ferguson.ok());
  ASSERT_EQ(ferguson->size(), 1u);
  const auto resolved = [&](const std::string& name, int type) {
    const absl::StatusOr<std::vector<uint64_t>> ids = entities.Resolve(name, type);
    EXPECT_TRUE(ids.ok()) << name << ": " << ids.status();
    return ids.ok() ? *ids : std::vector<uint64_t>{};
  };
  EXPECT_EQ(resolved("Sir Alex Ferguson", 0), *ferguson);
  EXPECT_EQ(resolved("Dame Alex Ferguson", 0), *ferguson);
  const auto schroeder = entities.Resolve("Gerhard Schroeder", 0);
  ASSERT_TRUE(schroeder.ok());
  ASSERT_EQ(schroeder->size(), 1u);
  EXPECT_EQ(*entities.Resolve("Gerhard Schr\xc3\xb6"
                              "der",
                              0),
            *schroeder);
  EXPECT_EQ(*entities.Resolve("SCHR\xc3\x96"
                              "DER",
                              0),
            *schroeder);
  // A search filtered by the name so written finds the document.
  FilterSpec filter;
  filter.entities = {
      "Gerhard Schr\xc3\xb6"
      "der",
      "Sir Alex Ferguson"};
  EXPECT_EQ(Search("", filter).total_size(), 1);
  EXPECT_TRUE(entities.Resolve("Sir", 0)->empty());
  EXPECT_TRUE(entities
                  .Resolve("Gerhard Schr\xc3\xb6"
                           "der",
                           v1::ENTITY_TYPE_LOCATION)
                  ->empty());
}

TEST_F(SearchTest, EntitiesResolveCompleteAndProfile) {
  IndexCorpus();
  const EntityIndex& entities = store_->entities();
  auto lavrov = entities.Resolve("Lavrov", 0);
  ASSERT_TRUE(lavrov.ok());
  ASSERT_EQ(lavrov->size(), 1u);
  auto folded = entities.Resolve("VUCIC", 0);
  ASSERT_EQ(folded->size(), 1u);
  // A courtesy title is no part of a name: "Mr Lavrov" is Lavrov, as the
  // tagger kept him; it names no place, and a title alone names no one.
  for (const char* titled : {"Mr Lavrov", "Mr. Lavrov", "DR lavrov"}) {
    auto with_title = entities.Resolve(titled, 0);
    ASSERT_TRUE(with_title.ok());
    EXPECT_EQ(*with_title, *lavrov) << titled;
  }
  EXPECT_TRUE(entities.Resolve("Mr Lavrov", v1::ENTITY_TYPE_LOCATION)->empty());
  // A possessive names what the name before it does.
  for (const char* owner : {"Lavrov's", "Lavrov\xe2\x80\x99s", "Mr Lavrov's"}) {
    auto owned = entities.Resolve(owner, 0);
    ASSERT_TRUE(owned.ok());
    EXPECT_EQ(*owned, *lavrov) << owner;
  }
  EXPECT_TRUE(entities.Resolve("'s", 0)->empty());
  EXPECT_TRUE(entities.Resolve("Mr", 0)->empty());
  EXPECT_TRUE(entities.Resolve("Vucic", v1::ENTITY_TYPE_LOCATION)->empty());
  // A whole spelling wins over last words: "Kosovo" is a whole name.
  EXPECT_EQ(entities.Resolve("Kosovo", 0)->size(), 1u);
  EXPECT_TRUE(entities.Resolve("ent_0000000000000000", 0)->empty());

  SearchEntitiesSpec complete;
  complete.prefix = "bots";
  v1::SearchEntitiesResponse completed;
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  // "Botsan-Kharchenko" and "Botsan Kharchenko" fold to one key.
  ASSERT_EQ(completed.entities_size(), 1);
  EXPECT_EQ(completed.entities(0).document_count(), 2);
  complete.prefix = "khar";
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  EXPECT_EQ(completed.entities_size(), 1) << "a word of the name onwards";
  complete.prefix = "serg";
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  EXPECT_EQ(completed.entities_size(), 1);
  EXPECT_EQ(completed.entities(0).display_name(), "Sergey Lavrov");
  EXPECT_FALSE(completed.more());
  // A call cut at its page size says there are more.
  complete.prefix = "s";
  complete.page_size = 1;
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  ASSERT_EQ(completed.entities_size(), 1);
  EXPECT_TRUE(completed.more());
  complete.page_size = 20;
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  EXPECT_GT(completed.entities_size(), 1);
  EXPECT_FALSE(completed.more());
  complete.prefix = "kos";
  complete.types = {v1::ENTITY_TYPE_PERSON};
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  EXPECT_EQ(completed.entities_size(), 0);

  GetEntitySpec get;
  get.entity.reference = "Zakharova";
  v1::GetEntityResponse profile;
  ASSERT_TRUE(store_->searcher().GetEntity(get, &profile).ok());
  EXPECT_EQ(profile.entity().display_name(), "Maria Zakharova");
  EXPECT_EQ(profile.entity().type(), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(profile.entity().mention_count(), 2);
  EXPECT_EQ(profile.entity().document_count(), 1);
  EXPECT_EQ(FormatDate(profile.entity().first_seen()), "2023-02-13");
  ASSERT_EQ(profile.entity().surface_forms_size(), 2);
  get.entity.reference = "entities/" + profile.entity().id();
  ASSERT_TRUE(store_->searcher().GetEntity(get, &profile).ok());
  EXPECT_EQ(profile.entity().display_name(), "Maria Zakharova");
  get.entity.reference = "Nobody";
  EXPECT_EQ(store_->searcher().GetEntity(get, &profile).code(), absl::StatusCode::kNotFound);
}

// A name written in capitals, as datelines and headlines write places,
// gives way in display to the same name in mixed case written at least a
// quarter as often; an acronym most write in capitals keeps them.
TEST_F(SearchTest, ANameInCapitalsShowsAsTheTextWritesIt) {
  std::vector<v1::Document> documents;
  auto add = [&](const std::string& text, v1::EntityType type, const std::string& name) {
    documents.push_back(MakeDocument(text, "2023-03-01", "", {{type, name, {name}}}));
  };
  // At the bounds: "Pristina" is written exactly a quarter as often as
  // "PRISTINA", "Nato" less; "pristina" (an address, a tag) is more
  // frequent than "Pristina" and no display name.
  for (int i = 0; i < 4; ++i) {
    add(absl::StrCat("PRISTINA, March ", i + 1), v1::ENTITY_TYPE_LOCATION, "PRISTINA");
  }
  for (int i = 0; i < 2; ++i) {
    add(absl::StrCat("Photos tagged pristina, set ", i + 1), v1::ENTITY_TYPE_LOCATION, "pristina");
  }
  add("Talks in Pristina resumed", v1::ENTITY_TYPE_LOCATION, "Pristina");
  for (int i = 0; i < 5; ++i) {
    add(absl::StrCat("NATO troops, patrol ", i + 1), v1::ENTITY_TYPE_ORGANIZATION, "NATO");
  }
  add("Nato troops again", v1::ENTITY_TYPE_ORGANIZATION, "Nato");
  Index(documents);
  GetEntitySpec get;
  v1::GetEntityResponse profile;
  get.entity.reference = "pristina";
  ASSERT_TRUE(store_->searcher().GetEntity(get, &profile).ok());
  EXPECT_EQ(profile.entity().display_name(), "Pristina");
  EXPECT_EQ(profile.entity().document_count(), 7);
  // The spellings keep their counts and order.
  ASSERT_GE(profile.entity().surface_forms_size(), 2);
  EXPECT_EQ(profile.entity().surface_forms(0).text(), "PRISTINA");
  get.entity.reference = "nato";
  ASSERT_TRUE(store_->searcher().GetEntity(get, &profile).ok());
  EXPECT_EQ(profile.entity().display_name(), "NATO");
  // Summaries (completion, facets) name them so too.
  SearchEntitiesSpec complete;
  complete.prefix = "prist";
  v1::SearchEntitiesResponse completed;
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  ASSERT_EQ(completed.entities_size(), 1);
  EXPECT_EQ(completed.entities(0).display_name(), "Pristina");
}

// A reference of several words that is an entity's whole name names that
// entity alone; a single word still names every entity it ends.
TEST_F(SearchTest, AWholeNameOfSeveralWordsIsNoSurname) {
  Index({MakeDocument("Charles Kennedy spoke in Harrogate.", "2005-03-01", "",
                      {{v1::ENTITY_TYPE_PERSON, "Charles Kennedy", {"Charles Kennedy"}}}),
         MakeDocument("Liberal Democrat Charles Kennedy spoke again.", "2005-03-02", "",
                      {{v1::ENTITY_TYPE_PERSON,
                        "Liberal Democrat Charles Kennedy",
                        {"Liberal Democrat Charles Kennedy"}}}),
         MakeDocument("Jane Kennedy answered.", "2005-03-03", "",
                      {{v1::ENTITY_TYPE_PERSON, "Jane Kennedy", {"Jane Kennedy"}}})});
  const EntityIndex& entities = store_->entities();
  EXPECT_EQ(entities.Resolve("Charles Kennedy", 0)->size(), 1u);
  EXPECT_EQ(entities.Resolve("Kennedy", 0)->size(), 3u);
  // With no whole name of the words, the names they end still answer.
  EXPECT_EQ(entities.Resolve("Democrat Charles Kennedy", 0)->size(), 1u);
  FilterSpec filter;
  filter.entities = {"Charles Kennedy"};
  EXPECT_EQ(Search("", filter).total_size(), 1);
}

// A word that names entities of several types whole names those of the
// type most documents name, and of another type only those in a tenth as
// many documents or more: "Ireland" is the country, not also a rugby
// player the word names in one report, whom the profile lists as another
// meaning and a person's type finds.
TEST_F(SearchTest, AWordOfSeveralTypesNamesTheMostNamed) {
  std::vector<v1::Document> docs;
  for (int i = 0; i < 12; ++i) {
    docs.push_back(MakeDocument(absl::StrCat("Ireland voted, day ", i), "2005-03-01", "",
                                {{v1::ENTITY_TYPE_LOCATION, "Ireland", {"Ireland"}}}));
  }
  docs.push_back(MakeDocument("Ireland scored a try.", "2005-03-02", "",
                              {{v1::ENTITY_TYPE_PERSON, "Ireland", {"Ireland"}}}));
  Index(docs);
  const EntityIndex& entities = store_->entities();
  std::vector<uint64_t> also;
  const auto country = entities.Resolve("Ireland", 0, nullptr, &also);
  ASSERT_TRUE(country.ok()) << country.status();
  ASSERT_EQ(country->size(), 1u);
  EXPECT_EQ(entities.Type((*country)[0]), v1::ENTITY_TYPE_LOCATION);
  ASSERT_EQ(also.size(), 1u);
  EXPECT_EQ(entities.Type(also[0]), v1::ENTITY_TYPE_PERSON);
  const auto player = entities.Resolve("Ireland", v1::ENTITY_TYPE_PERSON);
  ASSERT_TRUE(player.ok()) << player.status();
  ASSERT_EQ(player->size(), 1u);
  EXPECT_EQ(entities.Type((*player)[0]), v1::ENTITY_TYPE_PERSON);
  FilterSpec filter;
  filter.entities = {"Ireland"};
  EXPECT_EQ(Search("", filter).total_size(), 12);
  // Of a type named in as many documents as a tenth or more, both.
  std::vector<v1::Document> more;
  for (int i = 0; i < 2; ++i) {
    more.push_back(MakeDocument(absl::StrCat("Ireland ran, day ", i), "2005-03-03", "",
                                {{v1::ENTITY_TYPE_PERSON, "Ireland", {"Ireland"}}}));
  }
  Index(more);
  EXPECT_EQ(Search("", filter).total_size(), 15);
}

// The whole name of a place names the place, not also the people whose
// surname it is; asked for people, the people.
TEST_F(SearchTest, APlaceNameIsNoSurname) {
  Index({MakeDocument("London wins the vote.", "2005-03-01", "",
                      {{v1::ENTITY_TYPE_LOCATION, "London", {"London"}}}),
         MakeDocument("Michael London spoke.", "2005-03-02", "",
                      {{v1::ENTITY_TYPE_PERSON, "Michael London", {"Michael London"}}})});
  const EntityIndex& entities = store_->entities();
  const auto city = entities.Resolve("London", 0);
  ASSERT_TRUE(city.ok()) << city.status();
  ASSERT_EQ(city->size(), 1u);
  EXPECT_EQ(entities.Type((*city)[0]), v1::ENTITY_TYPE_LOCATION);
  const auto people = entities.Resolve("London", v1::ENTITY_TYPE_PERSON);
  ASSERT_TRUE(people.ok()) << people.status();
  ASSERT_EQ(people->size(), 1u);
  EXPECT_EQ(entities.Type((*people)[0]), v1::ENTITY_TYPE_PERSON);
  FilterSpec filter;
  filter.entities = {"London"};
  EXPECT_EQ(Search("", filter).total_size(), 1);
  // A rare one does not hide a person named more: a surname the tagger
  // once read as something else still names the person.
  Index({MakeDocument("Merkel said no.", "2005-03-03", "",
                      {{v1::ENTITY_TYPE_MISC, "Merkel", {"Merkel"}}}),
         MakeDocument("Angela Merkel spoke.", "2005-03-04", "",
                      {{v1::ENTITY_TYPE_PERSON, "Angela Merkel", {"Angela Merkel"}}}),
         MakeDocument("Angela Merkel spoke again.", "2005-03-05", "",
                      {{v1::ENTITY_TYPE_PERSON, "Angela Merkel", {"Angela Merkel"}}})});
  const auto merkel = entities.Resolve("Merkel", 0);
  ASSERT_TRUE(merkel.ok()) << merkel.status();
  ASSERT_EQ(merkel->size(), 2u);
  EXPECT_EQ(entities.Type((*merkel)[1]), v1::ENTITY_TYPE_PERSON);
}

TEST_F(SearchTest, TimelinesCountMentionsAndDocuments) {
  std::vector<v1::Document> documents;
  for (int i = 0; i < 6; ++i) {
    documents.push_back(
        MakeDocument(absl::StrCat("Kosovo report ", i, ": Kosovo and Kosovo."),
                     absl::StrFormat("2023-%02d-1%d", 1 + i / 3, i), "TASS",
                     {{v1::ENTITY_TYPE_LOCATION, "Kosovo", {"Kosovo", "Kosovo", "Kosovo"}}}));
  }
  Index(documents);
  EntityTimelineSpec spec;
  spec.entity.reference = "kosovo";
  spec.granularity = v1::TIMELINE_GRANULARITY_MONTH;
  v1::GetEntityTimelineResponse response;
  // The timeline `spec` asks for, and the documents its buckets count.
  auto timeline = [&] { return store_->searcher().Timeline(spec, &response); };
  auto counted = [&] {
    int64_t documents = 0;
    for (const auto& b : response.buckets()) documents += b.document_count();
    return documents;
  };
  ASSERT_TRUE(timeline().ok());
  ASSERT_EQ(response.buckets_size(), 2);
  EXPECT_EQ(FormatDate(response.buckets(0).start_date()), "2023-01-01");
  EXPECT_EQ(response.buckets(0).document_count(), 3);
  EXPECT_EQ(response.buckets(0).mention_count(), 9);
  EXPECT_EQ(response.buckets(1).document_count(), 3);
  // Days, with the empty ones, in a range of the filter.
  spec.granularity = v1::TIMELINE_GRANULARITY_DAY;
  spec.filter.from_day = Day(2023, 1, 1);
  spec.filter.to_day = Day(2023, 1, 31);
  ASSERT_TRUE(timeline().ok());
  ASSERT_EQ(response.buckets_size(), 31);
  EXPECT_EQ(counted(), 3);                             // in January
  EXPECT_EQ(response.buckets(9).document_count(), 1);  // 2023-01-10
  spec.granularity = v1::TIMELINE_GRANULARITY_WEEK;
  ASSERT_TRUE(timeline().ok());
  EXPECT_EQ(FormatDate(response.buckets(0).start_date()), "2022-12-26");  // a Monday
  EXPECT_FALSE(response.truncated());
  // More than 5,000 days: cut at the 5,000th, and the documents after it
  // (all six, in 2023) are not counted into its last bucket.
  spec.granularity = v1::TIMELINE_GRANULARITY_DAY;
  spec.filter.from_day = Day(1990, 1, 1);
  spec.filter.to_day.reset();
  ASSERT_TRUE(timeline().ok());
  ASSERT_EQ(response.buckets_size(), 5000);
  EXPECT_TRUE(response.truncated());
  EXPECT_EQ(FormatDate(response.buckets(4999).start_date()), "2003-09-09");
  EXPECT_EQ(counted(), 0);
  // With no start date asked for, a range too long keeps its newest days:
  // a report of 1999 puts the first day seen 8,600 days back, and the
  // 5,000 days up to the last one seen count the six of 2023, not it.
  Index({MakeDocument("Kosovo in 1999.", "1999-06-10", "TASS",
                      {{v1::ENTITY_TYPE_LOCATION, "Kosovo", {"Kosovo"}}})});
  spec.filter.from_day.reset();
  ASSERT_TRUE(timeline().ok());
  ASSERT_EQ(response.buckets_size(), 5000);
  EXPECT_TRUE(response.truncated());
  EXPECT_EQ(FormatDate(response.buckets(4999).start_date()), "2023-02-15");
  EXPECT_EQ(FormatDate(response.buckets(0).start_date()), "2009-06-09");
  EXPECT_EQ(counted(), 6);
  // A --to far ahead without a --from: the newest buckets are those up to
  // the last day seen, not empty days to come.
  spec.filter.to_day = Day(9999, 12, 31);
  ASSERT_TRUE(timeline().ok());
  ASSERT_EQ(response.buckets_size(), 5000);
  EXPECT_EQ(FormatDate(response.buckets(4999).start_date()), "2023-02-15");
  spec.filter.to_day.reset();
  // By weeks the range fits: 1999's report counts, in its week.
  spec.granularity = v1::TIMELINE_GRANULARITY_WEEK;
  ASSERT_TRUE(timeline().ok());
  EXPECT_FALSE(response.truncated());
  EXPECT_EQ(FormatDate(response.buckets(0).start_date()), "1999-06-07");  // a Monday
  EXPECT_EQ(response.buckets(0).document_count(), 1);
  // By month the whole range fits.
  spec.granularity = v1::TIMELINE_GRANULARITY_MONTH;
  ASSERT_TRUE(timeline().ok());
  EXPECT_FALSE(response.truncated());
  EXPECT_EQ(FormatDate(response.buckets(0).start_date()), "1999-06-01");
  EXPECT_EQ(counted(), 7);
  spec.entity.reference = "Nobody";
  EXPECT_EQ(timeline().code(), absl::StatusCode::kNotFound);
}

// A document without a publish date is dated by the day the client received
// it, else the day ingest accepted it, and the timeline says how many of a
// bucket's documents were dated so.
TEST_F(SearchTest, UndatedDocumentsCountOnTheirReceivedDayAndAreMarked) {
  const EntitySpec kosovo{v1::ENTITY_TYPE_LOCATION, "Kosovo", {"Kosovo"}};
  v1::Document dated = MakeDocument("Kosovo, dated.", "2019-05-06", "", {kosovo});
  v1::Document received = MakeDocument("Kosovo, from the archive.", "", "", {kosovo});
  *received.mutable_receive_time() = ToProtoTimestamp(
      absl::FromCivil(absl::CivilSecond(2019, 5, 6, 23, 30, 0), absl::UTCTimeZone()));
  // Accepted 2023-11-14 (MakeDocument's accept time), received unknown.
  v1::Document accepted = MakeDocument("Kosovo, as it came.", "", "", {kosovo});
  Index({dated, received, accepted});
  auto check = [&] {
    EntityTimelineSpec spec;
    spec.entity.reference = "Kosovo";
    spec.granularity = v1::TIMELINE_GRANULARITY_MONTH;
    v1::GetEntityTimelineResponse response;
    ASSERT_TRUE(store_->searcher().Timeline(spec, &response).ok());
    ASSERT_GE(response.buckets_size(), 2);
    const v1::TimelineBucket& may = response.buckets(0);
    EXPECT_EQ(FormatDate(may.start_date()), "2019-05-01");
    EXPECT_EQ(may.document_count(), 2);
    EXPECT_EQ(may.undated_document_count(), 1);
    const v1::TimelineBucket& last = response.buckets(response.buckets_size() - 1);
    EXPECT_EQ(FormatDate(last.start_date()), "2023-11-01");
    EXPECT_EQ(last.document_count(), 1);
    EXPECT_EQ(last.undated_document_count(), 1);
    // The date filter goes by the same day.
    FilterSpec may_2019;
    may_2019.from_day = Day(2019, 5, 6);
    may_2019.to_day = Day(2019, 5, 6);
    EXPECT_EQ(Search("kosovo", may_2019).total_size(), 2);
  };
  check();
  Reopen();  // the mark is stored with the document's row
  check();
}

TEST_F(SearchTest, CooccurrenceCountsAndNpmi) {
  // Serbia with Kosovo in 4 of 8 documents; Serbia with NATO in 1; NATO
  // in 3; Kosovo in 4.
  std::vector<v1::Document> documents;
  auto doc = [&](int i, std::vector<std::string> names) {
    std::string text = absl::StrCat("Item ", i, ":");
    std::vector<EntitySpec> entities;
    for (const std::string& n : names) {
      text += " " + n;
      entities.push_back({v1::ENTITY_TYPE_LOCATION, n, {n}});
    }
    documents.push_back(MakeDocument(text, "2023-05-01", "", entities));
  };
  doc(0, {"Serbia", "Kosovo"});
  doc(1, {"Serbia", "Kosovo"});
  doc(2, {"Serbia", "Kosovo"});
  doc(3, {"Serbia", "Kosovo", "NATO"});
  doc(4, {"NATO"});
  doc(5, {"NATO"});
  doc(6, {"Serbia"});
  doc(7, {"Belgrade"});
  Index(documents);
  CooccurringEntitiesSpec spec;
  spec.entity.reference = "Serbia";
  v1::ListCooccurringEntitiesResponse response;
  ASSERT_TRUE(store_->searcher().Cooccurring(spec, &response).ok());
  EXPECT_EQ(response.document_count(), 5);
  EXPECT_EQ(response.total_document_count(), 8);
  ASSERT_EQ(response.entities_together_size(), 2);
  EXPECT_EQ(response.entities_together(0).entity().display_name(), "Kosovo");
  EXPECT_EQ(response.entities_together(0).document_count(), 4);
  EXPECT_EQ(response.entities_together(0).entity_document_count(), 4);
  EXPECT_EQ(response.entities_together(1).entity().display_name(), "NATO");
  // npmi(Serbia, Kosovo) = ln((4/8) / ((5/8)(4/8))) / -ln(4/8)
  EXPECT_NEAR(response.entities_together(0).npmi(), std::log(1.6) / std::log(2.0), 1e-4);
  EXPECT_LT(response.entities_together(1).npmi(), 0);
  spec.order = v1::COOCCURRENCE_ORDER_NPMI;
  spec.min_document_count = 1;
  ASSERT_TRUE(store_->searcher().Cooccurring(spec, &response).ok());
  EXPECT_EQ(response.entities_together(0).entity().display_name(), "Kosovo");
}

TEST_F(SearchTest, QuotesBySpeakerAboutWordsAndDate) {
  std::vector<v1::Document> documents = {
      MakeDocument("Zakharova said: \"We will not recognise Kosovo.\" She also said \"Belgrade "
                   "decides\".",
                   "2023-02-13", "RIA Novosti",
                   {{v1::ENTITY_TYPE_PERSON, "Maria Zakharova", {"Zakharova"}},
                    {v1::ENTITY_TYPE_LOCATION, "Kosovo", {"Kosovo"}},
                    {v1::ENTITY_TYPE_LOCATION, "Belgrade", {"Belgrade"}}},
                   {{"We will not recognise Kosovo.", 0, "said"}, {"Belgrade decides", 0, "said"}}),
      MakeDocument("Pressure on Serbia will increase, Botsan-Kharchenko said.", "2022-08-01",
                   "TASS",
                   {{v1::ENTITY_TYPE_PERSON, "Botsan-Kharchenko", {"Botsan-Kharchenko"}},
                    {v1::ENTITY_TYPE_LOCATION, "Serbia", {"Serbia"}}},
                   {{"Pressure on Serbia will increase", 0, "said", v1::QUOTE_KIND_INDIRECT}}),
      MakeDocument("Zakharova said nothing today about Kosovo.", "2023-03-01", "TASS",
                   {{v1::ENTITY_TYPE_PERSON, "Maria Zakharova", {"Zakharova"}}}),
  };
  Index(documents);
  auto quotes = [&](const std::string& speaker, const std::string& about, const std::string& query,
                    size_t page_size = SearchQuotesSpec::kPageSize, const std::string& token = "",
                    std::vector<int> kinds = {}) {
    SearchQuotesSpec spec;
    spec.kinds = std::move(kinds);
    spec.speaker = speaker;
    spec.about = about;
    spec.query = *ParseQuery(query);
    spec.page.size = page_size;
    spec.page.fingerprint = 7;
    spec.page.cursor = *ParsePageToken(token, spec.page.fingerprint);
    v1::SearchQuotesResponse response;
    const absl::Status s = store_->searcher().SearchQuotes(spec, &response);
    EXPECT_TRUE(s.ok()) << s;
    return response;
  };
  auto response = quotes("Zakharova", "", "");
  ASSERT_EQ(response.total_size(), 2);
  EXPECT_EQ(response.quotes(0).quote().text(), "We will not recognise Kosovo.");
  EXPECT_EQ(response.quotes(0).speaker().display_name(), "Maria Zakharova");
  EXPECT_EQ(response.quotes(0).document().metadata().outlet(), "RIA Novosti");
  ASSERT_EQ(response.quotes(0).targets_size(), 1);
  EXPECT_EQ(response.quotes(0).targets(0).display_name(), "Kosovo");
  EXPECT_EQ(quotes("", "Kosovo", "").total_size(), 1);
  EXPECT_EQ(quotes("", "", "belgrade").total_size(), 1);
  EXPECT_EQ(quotes("", "", "\"pressure on serbia\"").total_size(), 1);
  // Forms, as in documents: "recognised" finds "recognise", "decide" "decides".
  EXPECT_EQ(quotes("", "", "recognised").total_size(), 1);
  EXPECT_EQ(quotes("", "", "\"belgrade decide\"").total_size(), 0);
  EXPECT_EQ(quotes("", "", "belgrade-decide").total_size(), 1);
  EXPECT_EQ(quotes("", "", "").total_size(), 3);
  EXPECT_EQ(quotes("Kharchenko", "Kosovo", "").total_size(), 0);
  // By kind: words in quotation marks, or reported speech.
  EXPECT_EQ(quotes("", "", "", 20, "", {v1::QUOTE_KIND_DIRECT, v1::QUOTE_KIND_MIXED}).total_size(),
            2);
  const auto reported = quotes("", "", "serbia", 20, "", {v1::QUOTE_KIND_INDIRECT});
  ASSERT_EQ(reported.total_size(), 1);
  EXPECT_EQ(reported.quotes(0).quote().kind(), v1::QUOTE_KIND_INDIRECT);
  EXPECT_EQ(quotes("Zakharova", "", "", 20, "", {v1::QUOTE_KIND_INDIRECT}).total_size(), 0);
  // Pages, newest first, then in text order.
  auto first = quotes("", "", "", 2);
  ASSERT_EQ(first.quotes_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  auto second = quotes("", "", "", 2, first.next_page_token());
  ASSERT_EQ(second.quotes_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ(first.quotes(0).quote().text(), "We will not recognise Kosovo.");
  EXPECT_EQ(first.quotes(1).quote().text(), "Belgrade decides");
  EXPECT_EQ(second.quotes(0).document().metadata().outlet(), "TASS");
}

// A watch by an id no entity has would wait for ever: NOT_FOUND. A name
// no document has given yet waits for its first document.
TEST_F(SearchTest, AWatchByAnUnknownIdIsNotFound) {
  Index({MakeDocument("Acme pays a dividend.", "2023-03-01")});
  WatchDocumentsSpec by_id;
  by_id.filter.entities = {"ent_0000000000000001"};
  const auto unknown = MakeWatchSpec(by_id, store_->searcher());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("watch its name"));
  WatchDocumentsSpec by_name;
  by_name.filter.entities = {"Nobody Yet"};
  EXPECT_TRUE(MakeWatchSpec(by_name, store_->searcher()).ok());
}

// A watch by a name no document had given yet learns the registry entity
// the name was linked to, so that it delivers what a search by that name
// finds: the documents naming the person by surname alone too. A place's
// name at the end of an organisation's is not the place.
TEST_F(SearchTest, AWatchByANameFollowsTheEntityItWasLinkedTo) {
  WatchHub hub;
  store_->SetListener(
      [&hub](const std::vector<const v1::Document*>& documents) { hub.Publish(documents); });
  auto subscribe = [&](const std::string& entity) {
    WatchDocumentsSpec asked;
    asked.filter.entities = {entity};
    auto spec = MakeWatchSpec(asked, store_->searcher());
    EXPECT_TRUE(spec.ok()) << spec.status();
    auto watch = hub.Subscribe(*std::move(spec), [] {});
    EXPECT_TRUE(watch.ok());
    return *watch;
  };
  auto delivered = [](Watch& watch) {
    std::set<std::string> ids;
    v1::Document out;
    while (watch.Next(&out) == Watch::Action::kWrite) ids.insert(out.id());
    return ids;
  };
  std::shared_ptr<Watch> blair = subscribe("Tony Blair");
  std::shared_ptr<Watch> japan = subscribe("Japan");
  Index({MakeDocument("Tony Blair spoke in London. Blair said more.", "2005-01-10", "",
                      {{v1::ENTITY_TYPE_PERSON, "Tony Blair", {"Tony Blair", "Blair"}},
                       {v1::ENTITY_TYPE_LOCATION, "London", {"London"}}})});
  Index({MakeDocument("Blair met the unions.", "2005-01-11", "",
                      {{v1::ENTITY_TYPE_PERSON, "Blair", {"Blair"}}})});
  Index({MakeDocument("The Export-Import Bank of Japan lent more.", "2005-01-11", "",
                      {{v1::ENTITY_TYPE_ORGANIZATION,
                        "Export-Import Bank of Japan",
                        {"Export-Import Bank of Japan"}}})});
  Index({MakeDocument("Japan exported more cars.", "2005-01-12", "",
                      {{v1::ENTITY_TYPE_LOCATION, "Japan", {"Japan"}}})});
  auto searched = [&](const std::string& entity) {
    SearchDocumentsSpec spec = SearchFor("");
    spec.filter.entities = {entity};
    v1::SearchDocumentsResponse response;
    EXPECT_TRUE(store_->searcher().Search(spec, &response).ok());
    std::set<std::string> ids;
    for (const auto& hit : response.hits()) ids.insert(hit.document().id());
    return ids;
  };
  const std::set<std::string> by_search = searched("Tony Blair");
  EXPECT_EQ(by_search.size(), 2u);
  EXPECT_EQ(delivered(*blair), by_search);
  EXPECT_EQ(delivered(*japan),
            std::set<std::string>{DocumentIdForText("Japan exported more cars.")});
  EXPECT_EQ(searched("Japan"),
            std::set<std::string>{DocumentIdForText("Japan exported more cars.")});
  hub.Close();
}

TEST_F(SearchTest, WatchesMatchNewDocumentsAndCutOffSlowConsumers) {
  IndexCorpus();
  WatchHub hub(WatchOptions{/*buffer=*/2, /*max_watches=*/10});
  store_->SetListener(
      [&hub](const std::vector<const v1::Document*>& documents) { hub.Publish(documents); });
  WatchDocumentsSpec asked;
  asked.query = *ParseQuery("kosovo");
  asked.filter.entities = {"NATO"};  // not seen yet: matched by name
  auto spec = MakeWatchSpec(asked, store_->searcher());
  ASSERT_TRUE(spec.ok()) << spec.status();
  int wakes = 0;
  auto watch = hub.Subscribe(*std::move(spec), [&wakes] { ++wakes; });
  ASSERT_TRUE(watch.ok());
  v1::Document out;
  // The consumer holds the first turn; nothing yet.
  EXPECT_EQ((*watch)->Next(&out), Watch::Action::kIdle);
  Index({MakeDocument("NATO troops in Kosovo.", "2023-05-01", "",
                      {{v1::ENTITY_TYPE_ORGANIZATION, "NATO", {"NATO"}},
                       {v1::ENTITY_TYPE_LOCATION, "Kosovo", {"Kosovo"}}}),
         MakeDocument("NATO elsewhere.", "2023-05-01", "",
                      {{v1::ENTITY_TYPE_ORGANIZATION, "NATO", {"NATO"}}}),
         MakeDocument("Kosovo without the alliance.", "2023-05-01")});
  EXPECT_EQ(wakes, 1);
  ASSERT_EQ((*watch)->Next(&out), Watch::Action::kWrite);
  EXPECT_EQ(out.text(), "") << "BASIC view";
  EXPECT_EQ(out.id(), DocumentIdForText("NATO troops in Kosovo."));
  EXPECT_EQ((*watch)->Next(&out), Watch::Action::kIdle);
  // A consumer that stops reading is cut off past its buffer.
  for (int i = 0; i < 4; ++i) {
    Index({MakeDocument(absl::StrCat("NATO in Kosovo, day ", i), "2023-05-02", "",
                        {{v1::ENTITY_TYPE_ORGANIZATION, "NATO", {"NATO"}}})});
  }
  EXPECT_EQ((*watch)->Next(&out), Watch::Action::kFinishOverflow);
  // Shutdown ends the others.
  auto other = hub.Subscribe(WatchSpec{}, [] {});
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)->Next(&out), Watch::Action::kIdle);
  hub.Close();
  EXPECT_EQ((*other)->Next(&out), Watch::Action::kFinishClosed);
  EXPECT_EQ(hub.Subscribe(WatchSpec{}, [] {}).status().code(), absl::StatusCode::kUnavailable);
  store_->SetListener(nullptr);
}

}  // namespace
}  // namespace dossier::query

namespace dossier::query {
namespace {

TEST(StoredDocumentTest, RoundTripsExactlyAndSmaller) {
  const std::string text =
      "Foreign Ministry spokeswoman Maria Zakharova said \"we will not\" today. Zakharova again.";
  v1::Document d =
      MakeDocument(text, "2023-02-13", "RIA Novosti",
                   {{v1::ENTITY_TYPE_PERSON, "Maria Zakharova", {"Maria Zakharova", "Zakharova"}}},
                   {{"we will not", 0, "said"}});
  d.set_name(DocumentName(d.id()));
  d.mutable_annotations()->mutable_entities(0)->set_entity_id(
      EntityIdString(EntityIdHash(v1::ENTITY_TYPE_PERSON, "maria zakharova")));
  d.mutable_annotations()->mutable_quotes(0)->mutable_cue_span()->set_begin(
      static_cast<int>(text.find("said")));
  d.mutable_annotations()->mutable_quotes(0)->mutable_cue_span()->set_end(
      static_cast<int>(text.find("said") + 4));
  for (const std::string& original :
       {std::string(""), text, "date 2023-02-13 " + text + "\n\nLeave a Reply"}) {
    d.set_original_text(original);
    const std::string stored = EncodeStoredDocument(d);
    v1::Document back;
    ASSERT_TRUE(DecodeStoredDocument(d.id(), stored, &back).ok());
    EXPECT_EQ(back.SerializeAsString(), d.SerializeAsString()) << original;
    EXPECT_LT(stored.size(), d.ByteSizeLong() - original.size() + 40);
  }
  // Values of older stores are plain documents.
  v1::Document back;
  ASSERT_TRUE(DecodeStoredDocument(d.id(), d.SerializeAsString(), &back).ok());
  EXPECT_EQ(back.text(), text);
  EXPECT_EQ(DecodeStoredDocument(d.id(), std::string("\0\x0a\xff", 3), &back).code(),
            absl::StatusCode::kDataLoss);
}

// A name that only a re-tag took out of the documents names nothing, and
// the answer says they may have been re-tagged.
TEST_F(SearchTest, ANameARetagTookOutNamesNothing) {
  v1::Document before = MakeDocument("Kosovo and Metohija is in the news.", "2023-02-13", "TASS",
                                     {{v1::ENTITY_TYPE_LOCATION, "Kosovo", {"Kosovo"}},
                                      {v1::ENTITY_TYPE_LOCATION, "Metohija", {"Metohija"}}});
  before.set_content_hash("hash0");
  Index({before});
  v1::Document after =
      MakeDocument(before.text(), "2023-02-13", "TASS",
                   {{v1::ENTITY_TYPE_LOCATION, "Kosovo and Metohija", {"Kosovo and Metohija"}}});
  after.set_content_hash("hash0");
  auto replaced = store_->Replace(after, absl::Now());
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  GetEntitySpec get;
  get.entity.reference = "Metohija";
  v1::GetEntityResponse profile;
  const absl::Status s = store_->searcher().GetEntity(get, &profile);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("re-tagged without it")) << s;
}

// A re-tag gives a stored document new annotations and takes back what the
// old ones gave: entity counts and days, quotes, search by entity; the
// text, metadata, times and story stay, and the document is listed and
// found once. Nothing changes for a document that is gone or whose text
// is not the one tagged.
TEST_F(SearchTest, ARetagReplacesWhatTheAnnotationsGaveAndKeepsTheRest) {
  const v1::EntityType kPerson = v1::ENTITY_TYPE_PERSON, kOrg = v1::ENTITY_TYPE_ORGANIZATION;
  std::vector<v1::Document> documents = {
      MakeDocument("Zorblat Quantics said the plant in Novi Sad will open.", "2023-02-13", "TASS",
                   {{kPerson, "Zorblat Quantics", {"Zorblat Quantics"}}},
                   {{"the plant in Novi Sad will open", 0, "said", v1::QUOTE_KIND_INDIRECT}}),
      MakeDocument("Zorblat Quantics opened a laboratory.", "2023-03-01", "TASS",
                   {{kOrg, "Zorblat Quantics", {"Zorblat Quantics"}}}),
      MakeDocument("Shares of Zorblat Quantics rose.", "2023-01-05", "N1",
                   {{kPerson, "Zorblat Quantics", {"Zorblat Quantics"}}}),
  };
  for (size_t i = 0; i < documents.size(); ++i) {
    documents[i].set_content_hash(absl::StrCat("hash", i));
  }
  Index(documents);
  // Documents per type of "Zorblat Quantics", and the first day of each.
  auto counts = [&] {
    SearchEntitiesSpec spec;
    spec.prefix = "zorb";
    v1::SearchEntitiesResponse response;
    EXPECT_TRUE(store_->searcher().SearchEntities(spec, &response).ok());
    std::map<std::string, std::string> out;
    for (const auto& e : response.entities()) {
      GetEntitySpec get;
      get.entity.reference = "entities/" + e.id();
      v1::GetEntityResponse profile;
      EXPECT_TRUE(store_->searcher().GetEntity(get, &profile).ok());
      out[v1::EntityType_Name(e.type())] = absl::StrCat(profile.entity().document_count(), " from ",
                                                        FormatDate(profile.entity().first_seen()));
    }
    return out;
  };
  auto quotes = [&] {
    SearchQuotesSpec spec;
    spec.query = *ParseQuery("");
    v1::SearchQuotesResponse response;
    EXPECT_TRUE(store_->searcher().SearchQuotes(spec, &response).ok());
    return response.total_size();
  };
  auto listed = [&] {
    ListDocumentsSpec spec;
    v1::ListDocumentsResponse response;
    EXPECT_TRUE(store_->searcher().List(spec, &response).ok());
    std::vector<std::string> ids;
    for (const auto& d : response.documents()) ids.push_back(d.id());
    return ids;
  };
  auto by_type = [&](v1::EntityType type) {
    FilterSpec filter;
    filter.entity_types = {type};
    std::vector<std::string> ids;
    const v1::SearchDocumentsResponse response = Search("zorblat", filter);
    for (const auto& hit : response.hits()) ids.push_back(hit.document().id());
    return ids;
  };
  ASSERT_THAT(counts(), ::testing::UnorderedElementsAre(
                            ::testing::Pair("ENTITY_TYPE_PERSON", "2 from 2023-01-05"),
                            ::testing::Pair("ENTITY_TYPE_ORGANIZATION", "1 from 2023-03-01")));
  ASSERT_EQ(quotes(), 1);
  auto before = store_->Get(documents[2].id());
  ASSERT_TRUE(before.ok()) << before.status();
  // A listing of one document a page, begun before the re-tag and read on
  // after it (and after a reopen): each document once, at its place.
  auto page = [&](const std::string& token, std::string* next) {
    ListDocumentsSpec spec;
    spec.page.size = 1;
    spec.page.fingerprint = 7;
    spec.page.cursor = *ParsePageToken(token, spec.page.fingerprint);
    v1::ListDocumentsResponse response;
    EXPECT_TRUE(store_->searcher().List(spec, &response).ok());
    *next = response.next_page_token();
    EXPECT_EQ(response.total_size(), 3);
    return response.documents_size() == 1 ? response.documents(0).id() : "";
  };
  std::string token;
  std::vector<std::string> paged = {page("", &token)};
  // Newest first: the one dated 2023-03-01, then the plant, then the shares.
  ASSERT_EQ(paged[0], documents[1].id());

  // The shares are an organisation's, and the first document's quote was
  // misread.
  v1::Document shares = MakeDocument(documents[2].text(), "2023-01-05", "N1",
                                     {{kOrg, "Zorblat Quantics", {"Zorblat Quantics"}}});
  shares.set_content_hash("hash2");
  v1::Document plant = MakeDocument(documents[0].text(), "2023-02-13", "TASS",
                                    {{kPerson, "Zorblat Quantics", {"Zorblat Quantics"}}});
  plant.set_content_hash("hash0");
  for (const v1::Document* d : {&shares, &plant}) {
    auto replaced = store_->Replace(*d, absl::Now());
    ASSERT_TRUE(replaced.ok()) << replaced.status();
    EXPECT_EQ(*replaced, internal::v1::REPLACE_OUTCOME_REPLACED);
  }
  auto check = [&](const std::string& when) {
    SCOPED_TRACE(when);
    // The person keeps the first document only, from its day; the
    // organisation gains the shares, and their earlier day.
    EXPECT_THAT(counts(), ::testing::UnorderedElementsAre(
                              ::testing::Pair("ENTITY_TYPE_PERSON", "1 from 2023-02-13"),
                              ::testing::Pair("ENTITY_TYPE_ORGANIZATION", "2 from 2023-01-05")));
    EXPECT_EQ(quotes(), 0);
    EXPECT_THAT(listed(), ::testing::UnorderedElementsAre(documents[0].id(), documents[1].id(),
                                                          documents[2].id()));
    EXPECT_THAT(by_type(kOrg),
                ::testing::UnorderedElementsAre(documents[1].id(), documents[2].id()));
    EXPECT_THAT(by_type(kPerson), ::testing::ElementsAre(documents[0].id()));
    EXPECT_EQ(*store_->Count(), 3u);
    v1::GetQueryStatsResponse stats;
    ASSERT_TRUE(store_->Stats(&stats).ok());
    EXPECT_EQ(stats.documents(), 3);
    EXPECT_EQ(stats.deleted_documents(), 0);
    EXPECT_EQ(stats.retagged_documents(), 2);
    auto after = store_->Get(documents[2].id());
    ASSERT_TRUE(after.ok()) << after.status();
    EXPECT_EQ(after->annotations().entities(0).type(), kOrg);
    EXPECT_EQ(after->text(), before->text());
    EXPECT_EQ(after->metadata().outlet(), "N1");
    EXPECT_EQ(after->story_id(), before->story_id());
    EXPECT_EQ(FromProtoTimestamp(after->index_time()), FromProtoTimestamp(before->index_time()));
  };
  check("after the re-tag");
  paged.push_back(page(token, &token));
  Reopen();
  paged.push_back(page(token, &token));
  EXPECT_TRUE(token.empty());
  EXPECT_THAT(paged,
              ::testing::ElementsAre(documents[1].id(), documents[0].id(), documents[2].id()));

  // Gone, or another text under the id: nothing changes.
  v1::Document other = shares;
  other.set_content_hash("another text");
  EXPECT_EQ(*store_->Replace(other, absl::Now()), internal::v1::REPLACE_OUTCOME_TEXT_CHANGED);
  other =
      MakeDocument("Nobody stored this.", "2023-01-05", "N1", {{kPerson, "Nobody", {"Nobody"}}});
  other.set_content_hash("hash9");
  EXPECT_EQ(*store_->Replace(other, absl::Now()), internal::v1::REPLACE_OUTCOME_NOT_STORED);
  check("after re-tags that replaced nothing");

  Reopen();
  check("after a reopen");
  ASSERT_TRUE(store_->CompactPostings().ok());
  check("after the old postings are purged");
}

}  // namespace
}  // namespace dossier::query
