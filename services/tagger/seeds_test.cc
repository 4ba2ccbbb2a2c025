// The tagger on the five seed articles (read from ../shared/seeds): every
// occurrence of every person they name is a PERSON mention with the right
// span, the places are LOCATIONs, and each person's spellings are one
// entity.
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/tagger/known_names.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/recognizer.h"
#include "services/tagger/roles.h"
#include "services/tagger/tagger.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "text/tokenizer.h"

namespace dossier::tagger {
namespace {

// The titles of the roles the document gives the entity named `name`.
std::vector<std::string> RolesOf(const v1::Annotations& a, absl::string_view name) {
  std::vector<std::string> titles;
  for (const v1::Role& r : a.roles()) {
    if (a.entities(r.entity_index()).name() == name) titles.push_back(r.title());
  }
  return titles;
}

// Whether a mention of the document is `text`, of type `type`.
bool HasMention(const v1::Annotations& a, absl::string_view text, v1::EntityType type) {
  for (const auto& m : a.mentions()) {
    if (m.text() == text && m.type() == type) return true;
  }
  return false;
}

// How many mentions are `text` of `type`.
int CountMentions(const v1::Annotations& a, absl::string_view text, v1::EntityType type) {
  int found = 0;
  for (const auto& m : a.mentions()) found += m.text() == text && m.type() == type;
  return found;
}

// The type of the first mention that is `text`; UNSPECIFIED for none.
v1::EntityType MentionType(const v1::Annotations& a, absl::string_view text) {
  for (const auto& m : a.mentions()) {
    if (m.text() == text) return m.type();
  }
  return v1::ENTITY_TYPE_UNSPECIFIED;
}

// The type of the mention that begins at byte `begin`; UNSPECIFIED for
// none.
v1::EntityType TypeAt(const v1::Annotations& a, size_t begin) {
  for (const auto& m : a.mentions()) {
    if (static_cast<size_t>(m.span().begin()) == begin) return m.type();
  }
  return v1::ENTITY_TYPE_UNSPECIFIED;
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

// Byte offsets of every whole-word occurrence of `name` in `text`.
std::vector<size_t> Occurrences(const std::string& text, const std::string& name) {
  std::vector<size_t> out;
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const size_t end = at + name.size();
    const bool starts = at == 0 || (!IsWordChar(text[at - 1]) && text[at - 1] != '-');
    const bool ends = end == text.size() || (!IsWordChar(text[end]) && text[end] != '-');
    if (starts && ends) out.push_back(at);
  }
  return out;
}

class SeedsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto recognizer = NerRecognizer::Load(testing::SourceDir() + "/models/ner/model.bin");
    ASSERT_TRUE(recognizer.ok()) << recognizer.status();
    recognizer_ = std::shared_ptr<const Recognizer>(std::move(*recognizer));
    tagger_ = new Tagger(recognizer_);
    for (const auto& entry : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
      const std::string text = testing::ReadFile(entry.path().string());
      seeds_[entry.path().filename().string()] = {text, tagger_->Tag(text, {})};
    }
  }

  // Every occurrence of `name` in every seed lies in a mention of `type`
  // (exactly, or inside a longer one).
  static void ExpectCovered(const std::string& name, v1::EntityType type, int* found) {
    for (const auto& [file, seed] : seeds_) {
      for (size_t at : Occurrences(seed.text, name)) {
        ++*found;
        bool covered = false;
        for (const auto& m : seed.annotations.mentions()) {
          if (m.type() == type && static_cast<size_t>(m.span().begin()) <= at &&
              static_cast<size_t>(m.span().end()) >= at + name.size()) {
            covered = true;
          }
        }
        EXPECT_TRUE(covered) << name << " at byte " << at << " of " << file << " is not a "
                             << v1::EntityType_Name(type);
      }
    }
  }

  // A BBC article ("politics/028.txt"); empty when it cannot be read.
  static std::string ReadBbc(const std::string& article) {
    return testing::ReadFile(testing::SharedDir() + "/data/bbc/" + article);
  }

  struct Seed {
    std::string text;
    v1::Annotations annotations;
  };
  static inline std::shared_ptr<const Recognizer> recognizer_;
  static inline Tagger* tagger_ = nullptr;
  static inline std::map<std::string, Seed> seeds_;
};

TEST_F(SeedsTest, EveryPersonIsFoundWithTheRightSpan) {
  ASSERT_EQ(seeds_.size(), 5u);
  // Full names must be mentions exactly; surnames alone at least PERSON.
  for (const std::string name :
       {"Maria Zakharova", "Aleksandar Vu\xc4\x8di\xc4\x87", "Alexander Vu\xc4\x8di\xc4\x87",
        "Dmitry Peskov", "Zorana Mihajlovic", "Sergei Lavrov", "Sergey Lavrov", "Alexander Volin",
        "Alexander Botsan-Kharchenko", "Alexander Botsan Kharchenko"}) {
    int found = 0;
    for (const auto& [file, seed] : seeds_) {
      for (size_t at : Occurrences(seed.text, name)) {
        ++found;
        bool exact = false;
        for (const auto& m : seed.annotations.mentions()) {
          exact = exact || (m.type() == v1::ENTITY_TYPE_PERSON &&
                            static_cast<size_t>(m.span().begin()) == at &&
                            static_cast<size_t>(m.span().end()) == at + name.size());
        }
        EXPECT_TRUE(exact) << name << " in " << file;
      }
    }
    EXPECT_GT(found, 0) << name << " occurs in no seed";
  }
  for (const std::string name :
       {"Zakharova", "Vu\xc4\x8di\xc4\x87", "Botsan-Kharchenko", "Botsan Kharchenko", "Lavrov"}) {
    int found = 0;
    ExpectCovered(name, v1::ENTITY_TYPE_PERSON, &found);
    EXPECT_GT(found, 0) << name;
  }
}

TEST_F(SeedsTest, PlacesAreLocations) {
  for (const std::string name : {"Kosovo", "Metohija", "Republika Srpska", "Kosovska-Mitrovica",
                                 "Belgrade", "Serbia", "Moscow"}) {
    int found = 0;
    ExpectCovered(name, v1::ENTITY_TYPE_LOCATION, &found);
    EXPECT_GT(found, 0) << name;
  }
}

// Organisations: seed 003's KFOR ("the international security force in
// Kosovo KFOR, operating under the auspices of NATO").
TEST_F(SeedsTest, KforIsAnOrganisation) {
  int found = 0;
  ExpectCovered("KFOR", v1::ENTITY_TYPE_ORGANIZATION, &found);
  EXPECT_GE(found, 1);
}

// "under the auspices of NATO," reads like a place ("the capital of
// Bosnia,"); the models before the corpus history read it as one,
// although CoNLL's training data has NATO as an organisation 30 times.
// What the first stage tags NATO as across the unlabelled news tips it.
TEST_F(SeedsTest, NatoIsAnOrganisation) {
  int found = 0;
  ExpectCovered("NATO", v1::ENTITY_TYPE_ORGANIZATION, &found);
  EXPECT_GE(found, 1);
}

// And it is the corpus history that reads it so: the same model without
// its history reads NATO there as a place (MODEL_CARD.md, "Corpus
// history: what it buys").
TEST_F(SeedsTest, WithoutItsCorpusHistoryTheModelReadsNatoAsAPlace) {
  auto model = ner::NerModel::Load(testing::SourceDir() + "/models/ner/model.bin");
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_FALSE((*model)->history().empty());
  (*model)->mutable_history()->Clear();
  Tagger without(std::make_shared<const NerRecognizer>(std::move(*model)));
  const v1::Annotations a = without.Tag(seeds_.at("003_a218f07db88514ac.txt").text, {});
  int natos = 0;
  for (const auto& m : a.mentions()) {
    if (m.text() != "NATO") continue;
    ++natos;
    EXPECT_EQ(m.type(), v1::ENTITY_TYPE_LOCATION);
  }
  EXPECT_EQ(natos, 1);
}

// The outlets ingest finds in the seeds, as it passes them to the tagger:
// seed 000's dateline agency ("MOSCOW, February 13 – RIA Novosti."),
// which the model alone reads as a person, and "Novosti" of seed 004
// ("an interview with "Novosti"", its source "Vecernje novosti"), which
// models before ner-crf-20261201b read as a MISC name, are organisations.
TEST_F(SeedsTest, TheOutletANameIsFromIsAnOrganisationThere) {
  const struct {
    const char* file;
    const char* outlet;
    const char* name;
  } cases[] = {{"000_ec0e7a28ba9fb3fb.txt", "RIA Novosti", "RIA Novosti"},
               {"004_990b1c81334da6c7.txt", "Vecernje novosti", "Novosti"}};
  int mistakes = 0;
  for (const auto& c : cases) {
    const Seed& seed = seeds_.at(c.file);
    auto type_of = [&](const v1::Annotations& a) {
      for (const auto& m : a.mentions()) {
        if (m.text() == c.name) return m.type();
      }
      return v1::ENTITY_TYPE_UNSPECIFIED;
    };
    EXPECT_NE(type_of(seed.annotations), v1::ENTITY_TYPE_UNSPECIFIED) << c.name;
    if (type_of(seed.annotations) != v1::ENTITY_TYPE_ORGANIZATION) ++mistakes;
    TagOptions options;
    options.outlet = c.outlet;
    EXPECT_EQ(type_of(tagger_->Tag(seed.text, options)), v1::ENTITY_TYPE_ORGANIZATION) << c.name;
  }
  // Without the outlet, the model's mistake in one of them at least, or
  // this tests nothing.
  EXPECT_GE(mistakes, 1);
}

// Where the model is unsure, curation decides: a curated name (a known
// name of the registry) of another type types each of the model's unsure
// spans in the seeds (confidence below kRetypeBelow, 0.75) as curated.
// Spans the tagger changes after the model (a name cut at a separator, an
// organisation its head found) are not the model's and are left out.
TEST_F(SeedsTest, ACuratedNameTypesTheModelsUnsureSpans) {
  int unsure = 0;
  for (const auto& [file, seed] : seeds_) {
    const text::TokenizedText tokens = text::Tokenize(seed.text);
    for (const MentionSpan& span : recognizer_->Recognize(tokens)) {
      if (span.confidence >= kRetypeBelow) continue;
      const int begin = tokens.tokens[span.begin].begin, end = tokens.tokens[span.end - 1].end;
      auto at_span = [&](const v1::Annotations& a) -> const v1::Mention* {
        for (const auto& m : a.mentions()) {
          if (m.span().begin() == begin && m.span().end() == end) return &m;
        }
        return nullptr;
      };
      const v1::Mention* tagged = at_span(seed.annotations);
      if (tagged == nullptr || tagged->type() != span.type) continue;
      const v1::EntityType other = span.type == v1::ENTITY_TYPE_ORGANIZATION
                                       ? v1::ENTITY_TYPE_LOCATION
                                       : v1::ENTITY_TYPE_ORGANIZATION;
      Tagger curated(recognizer_);
      curated.SetKnownNames(std::make_shared<const KnownNames>(
          std::vector<KnownNames::Name>{{tagged->text(), other}}));
      const v1::Annotations a = curated.Tag(seed.text, {});
      const v1::Mention* retyped = at_span(a);
      ASSERT_NE(retyped, nullptr) << tagged->text() << " in " << file;
      EXPECT_EQ(retyped->type(), other) << tagged->text() << " in " << file;
      ++unsure;
    }
  }
  EXPECT_GE(unsure, 3);  // or this test tests little
}

// A known organisation is no person, however sure the model is: BBC
// tech/257 is read as a story about a person Google, where nothing else
// says it is a firm (tech/236, "director of product management at
// Google", was, until FirmsReadAsPeopleOrPlaces). A person the document names
// in full keeps the organisation's name as a surname.
TEST_F(SeedsTest, AKnownOrganisationIsNoPersonHoweverSureTheModel) {
  const std::string text = ReadBbc("tech/257.txt");
  ASSERT_FALSE(text.empty()) << "tech/257.txt";
  auto google = [](const v1::Annotations& a, v1::EntityType type) {
    int n = 0;
    for (const auto& m : a.mentions()) n += m.text() == "Google" && m.type() == type;
    return n;
  };
  const v1::Annotations model = tagger_->Tag(text, {});
  ASSERT_GE(google(model, v1::ENTITY_TYPE_PERSON), 3) << "the model reads Google right now";
  Tagger known(recognizer_);
  known.SetKnownNames(std::make_shared<const KnownNames>(
      std::vector<KnownNames::Name>{{"Google", v1::ENTITY_TYPE_ORGANIZATION}}));
  const v1::Annotations a = known.Tag(text, {});
  EXPECT_EQ(google(a, v1::ENTITY_TYPE_PERSON), 0);
  EXPECT_GE(google(a, v1::ENTITY_TYPE_ORGANIZATION), google(model, v1::ENTITY_TYPE_PERSON));
  // A person of that surname stays one.
  const std::string singer =
      "Fiona Apple has a new album out. Apple said she wrote the songs at home, and Ms Apple "
      "will tour in May.";
  auto apple = [&](const v1::Annotations& b) {
    std::vector<v1::EntityType> types;
    for (const auto& m : b.mentions()) {
      if (m.text() == "Apple") types.push_back(m.type());
    }
    return types;
  };
  Tagger known_apple(recognizer_);
  known_apple.SetKnownNames(std::make_shared<const KnownNames>(
      std::vector<KnownNames::Name>{{"Apple", v1::ENTITY_TYPE_ORGANIZATION}}));
  EXPECT_EQ(apple(known_apple.Tag(singer, {})), apple(tagger_->Tag(singer, {})));
  // Where the model reads the full name as an organisation too, the given
  // name still says whose surname it is.
  const std::string misread =
      "Grammy winner Fiona Apple cancelled the show. Apple, who has a throat infection, said: "
      "\"I am heartbroken.\"";
  EXPECT_EQ(apple(known_apple.Tag(misread, {})), apple(tagger_->Tag(misread, {})));
}

// A known name of one word at a sentence's start, where every word is
// capitalised, is read where the news the model learned from writes the
// word capitalised or too seldom to tell ("Grokster", "Kazaa"), and not
// where it is a common word ("Male" voters, though Male is a capital). The
// same holds for an outlet's name of one word.
TEST_F(SeedsTest, AKnownNameOpensASentenceWhereNewsWritesItAsAName) {
  EXPECT_EQ(recognizer_->HowNewsWrites("Male"), NewsCase::kLower);
  EXPECT_EQ(recognizer_->HowNewsWrites("REUTERS"), NewsCase::kCapitalised);
  EXPECT_EQ(recognizer_->HowNewsWrites("Ananova"), NewsCase::kRare);
  // A model without word clusters read no news, and says so.
  EXPECT_EQ(NerRecognizer(std::make_unique<ner::NerModel>()).HowNewsWrites("Male"),
            NewsCase::kUnread);
  const std::string text =
      "Grokster was sued by the film studios. Kazaa is next. Male voters backed the "
      "plan, the newspaper said. Ananova said the minister resigned. Independent experts doubt "
      "it.";
  Tagger known(recognizer_);
  known.SetKnownNames(std::make_shared<const KnownNames>(
      std::vector<KnownNames::Name>{{"Grokster", v1::ENTITY_TYPE_ORGANIZATION},
                                    {"Kazaa", v1::ENTITY_TYPE_MISC},
                                    {"Male", v1::ENTITY_TYPE_LOCATION}}));
  auto names = [&](const v1::Annotations& a) {
    std::vector<std::string> out;
    for (const auto& m : a.mentions()) {
      out.push_back(absl::StrCat(m.text(), "/", v1::EntityType_Name(m.type())));
    }
    return out;
  };
  TagOptions ananova;
  ananova.outlet = "Ananova";
  const std::vector<std::string> with = names(known.Tag(text, ananova));
  EXPECT_THAT(
      with, ::testing::IsSupersetOf({"Grokster/ENTITY_TYPE_ORGANIZATION", "Kazaa/ENTITY_TYPE_MISC",
                                     "Ananova/ENTITY_TYPE_ORGANIZATION"}));
  EXPECT_THAT(with, ::testing::Not(::testing::Contains(::testing::StartsWith("Male"))));
  TagOptions independent;
  independent.outlet = "The Independent";
  EXPECT_THAT(names(known.Tag(text, independent)),
              ::testing::Not(::testing::Contains(::testing::StartsWith("Independent"))));
  // The model alone misses Grokster and reads Ananova as a person, or
  // this tests nothing.
  const std::vector<std::string> model = names(tagger_->Tag(text, {}));
  EXPECT_THAT(model, ::testing::Not(::testing::Contains("Grokster/ENTITY_TYPE_ORGANIZATION")));
  EXPECT_THAT(model, ::testing::Contains("Ananova/ENTITY_TYPE_PERSON"));
}

// BBC style: "Mr Blunkett", no full stop, which the model takes into the
// name in an article that writes it often. The title is no part of the
// name, so he is one entity with "David Blunkett"; "Sir" goes only before
// a full name.
TEST_F(SeedsTest, CourtesyTitlesAreNoPartOfTheName) {
  const std::string text = ReadBbc("politics/028.txt");
  ASSERT_FALSE(text.empty()) << "politics/028.txt";
  const v1::Annotations a = tagger_->Tag(text, {});
  std::map<std::string, std::set<int>> entities_by_text;
  for (int e = 0; e < a.entities_size(); ++e) {
    for (int m : a.entities(e).mention_indices()) entities_by_text[a.mentions(m).text()].insert(e);
  }
  for (const auto& m : a.mentions()) {
    if (m.type() != v1::ENTITY_TYPE_PERSON) continue;
    EXPECT_FALSE(absl::StartsWith(m.text(), "Mr ")) << m.text();
  }
  ASSERT_EQ(entities_by_text["Blunkett"].size(), 1u);
  EXPECT_EQ(entities_by_text["Blunkett"], entities_by_text["David Blunkett"]);
  ASSERT_EQ(entities_by_text["Oaten"].size(), 1u);
  EXPECT_EQ(entities_by_text["Oaten"], entities_by_text["Mark Oaten"]);
}

// A title's sex keeps two people of one surname apart: "Mrs. Clinton" is
// Hillary Clinton and "Mr. Clinton" Bill Clinton, whoever the story named
// first (PolNeAR's US news); BBC politics/011's "Mrs Howard" is Michael
// Howard's wife, not him, and "Mr Howard" is still him.
TEST_F(SeedsTest, ATitlesSexKeepsTwoPeopleOfOneSurnameApart) {
  const v1::Annotations a = tagger_->Tag(
      "Bill Clinton campaigned for his wife, Hillary Clinton, in Ohio on Monday. Mrs. Clinton "
      "said the economy came first. Mr. Clinton spoke after her, and Mrs. Clinton thanked him.",
      {});
  std::map<std::string, std::set<std::string>> named;  // mention text -> entity names
  for (const v1::Entity& e : a.entities()) {
    for (int m : e.mention_indices()) named[a.mentions(m).text()].insert(e.name());
  }
  EXPECT_EQ(named["Clinton"], (std::set<std::string>{"Bill Clinton", "Hillary Clinton"}));
  for (const v1::Entity& e : a.entities()) {
    if (e.name() != "Hillary Clinton") continue;
    std::vector<int> begins;
    for (int m : e.mention_indices()) begins.push_back(a.mentions(m).span().begin());
    // Hillary Clinton and both "Mrs. Clinton"s: three mentions.
    EXPECT_EQ(begins.size(), 3u);
  }

  const std::string text = ReadBbc("politics/011.txt");
  ASSERT_FALSE(text.empty()) << "politics/011.txt";
  const v1::Annotations howard = tagger_->Tag(text, {});
  std::map<int, int> entity_of;  // mention begin -> entity
  for (int e = 0; e < howard.entities_size(); ++e) {
    for (int m : howard.entities(e).mention_indices()) {
      entity_of[howard.mentions(m).span().begin()] = e;
    }
  }
  auto entity_at = [&](const std::string& before) {
    const size_t at = text.find(before);
    return at == std::string::npos                   ? -1
           : entity_of.count(at + before.size()) > 0 ? entity_of[at + before.size()]
                                                     : -2;
  };
  const int wife = entity_at("Mrs ");
  const int husband = entity_at("Mr ");
  ASSERT_GE(wife, 0);
  ASSERT_GE(husband, 0);
  EXPECT_NE(wife, husband);
  EXPECT_EQ(howard.entities(husband).name(), "Michael Howard");
  // The registry is told: she is none of the document's Howards.
  EXPECT_TRUE(howard.entities(wife).apart_from_namesakes());
  EXPECT_FALSE(howard.entities(husband).apart_from_namesakes());

  // "Mr. Clinton" where only Hillary Clinton is named in full is a person
  // of his own.
  const v1::Annotations husband_alone = tagger_->Tag(
      "Hillary Clinton spoke in Iowa. Mr. Clinton said she would win, and Mrs. Clinton smiled.",
      {});
  int apart = 0;
  for (const v1::Entity& e : husband_alone.entities()) {
    if (e.type() != v1::ENTITY_TYPE_PERSON) continue;
    if (e.name() == "Hillary Clinton") {
      EXPECT_EQ(e.mention_indices_size(), 2);
    }
    if (e.name() == "Clinton") {
      EXPECT_EQ(e.mention_indices_size(), 1);
      EXPECT_TRUE(e.apart_from_namesakes());
      ++apart;
    }
  }
  EXPECT_EQ(apart, 1);

  // A given name of both sexes says nothing ("Ms. Vonn" is Lindsey Vonn),
  // and a surname without a title after a namesake kept apart is the
  // person named in full first, not her.
  for (const char* text : {"Lindsey Vonn won the downhill. Ms. Vonn said it was her best run.",
                           "Chris Evert won in Paris. Ms. Evert said she was tired."}) {
    const v1::Annotations one = tagger_->Tag(text, {});
    int people = 0;
    for (const v1::Entity& e : one.entities()) {
      if (e.type() != v1::ENTITY_TYPE_PERSON) continue;
      ++people;
      EXPECT_FALSE(e.apart_from_namesakes()) << text;
    }
    EXPECT_EQ(people, 1) << text;
  }
  const v1::Annotations later = tagger_->Tag(
      "Former President Bill Clinton campaigned in Ohio on Monday. Mrs. Clinton was in Iowa. "
      "Clinton told voters in Toledo that jobs would come back.",
      {});
  for (const v1::Entity& e : later.entities()) {
    if (e.name() == "Bill Clinton") {
      EXPECT_EQ(e.mention_indices_size(), 2);
    }
    if (e.apart_from_namesakes()) {
      EXPECT_EQ(e.mention_indices_size(), 1);
    }
  }
}

// A quoted headline's verb is no part of a person's name: PolNeAR's NYT
// "(''Francesco Excommunicates Trump,'' declared La Stampa in Italy)" had
// made a person "Francesco Excommunicates Trump", whom the registry then
// gave the "Mr. Trump" of other stories.
TEST_F(SeedsTest, AHeadlinesVerbIsNoPartOfAPersonsName) {
  const v1::Annotations a = tagger_->Tag(
      "The pope served up red meat for global headline writers (''Francesco Excommunicates "
      "Trump,'' declared La Stampa in Italy), and Mr. Trump answered him.",
      {});
  std::set<std::string> people;
  bool headline_trump = false;  // the headline's own "Trump", not the later one
  for (const v1::Mention& m : a.mentions()) {
    if (m.type() != v1::ENTITY_TYPE_PERSON) continue;
    people.insert(m.text());
    headline_trump = headline_trump || (m.text() == "Trump" && m.span().begin() < 100);
  }
  for (const std::string& p : people) EXPECT_EQ(p.find("Excommunicates"), std::string::npos) << p;
  EXPECT_TRUE(headline_trump) << ::testing::PrintToString(people);
  // More words after the verb are no person's name; a name of three words
  // in running text stays whole.
  const v1::Annotations title = tagger_->Tag(
      "Hillary Clinton Reassures House Democrats\n\nSharon Powers Geyer said the meeting went "
      "well.",
      {});
  std::set<std::string> names;
  for (const v1::Mention& m : title.mentions()) {
    if (m.type() == v1::ENTITY_TYPE_PERSON) names.insert(m.text());
  }
  EXPECT_TRUE(names.count("Hillary Clinton")) << ::testing::PrintToString(names);
  EXPECT_FALSE(names.count("House Democrats")) << ::testing::PrintToString(names);
  EXPECT_TRUE(names.count("Sharon Powers Geyer")) << ::testing::PrintToString(names);
}

// A stock ticker in brackets after a firm's name is that firm, not an
// organisation of its own; and an acronym reads a firm's initials with or
// without its legal form.
// Each mention's text and its entity's key.
std::map<std::string, std::string> KeysByMention(const v1::Annotations& a) {
  std::map<std::string, std::string> out;
  for (const v1::Mention& m : a.mentions()) {
    if (m.entity_index() >= 0) out[m.text()] = a.entities(m.entity_index()).key();
  }
  return out;
}

TEST_F(SeedsTest, ATickerAfterAFirmIsTheFirm) {
  const v1::Annotations a = tagger_->Tag(
      "Boeing Co <BA> said it won an order. Pennzoil Co <PZL> said Texaco Inc should pay. "
      "Shares of Apple Inc (AAPL.O) rose, and International Business Machines Corp (NYSE: IBM) "
      "fell. IBM said it would cut prices.",
      {});
  std::map<std::string, std::string> key_of = KeysByMention(a);
  ASSERT_TRUE(key_of.count("BA")) << ::testing::PrintToString(key_of);
  ASSERT_TRUE(key_of.count("PZL")) << ::testing::PrintToString(key_of);
  EXPECT_EQ(key_of["BA"], "boeing");
  EXPECT_EQ(key_of["PZL"], "pennzoil");
  if (key_of.count("AAPL")) {
    EXPECT_EQ(key_of["AAPL"], "apple");
  }
  ASSERT_TRUE(key_of.count("IBM")) << ::testing::PrintToString(key_of);
  EXPECT_EQ(key_of["IBM"], "international business machines");
  // A ticker in angle brackets is one whatever the model read it as.
  const v1::Annotations codes = tagger_->Tag(
      "Shares of Union Carbide Corp <UK> rose. Primerica Corp <PA> said it would buy. "
      "Merrill Lynch and Co Inc managed the offering with Mitsui and Co Ltd <MITS.T>.",
      {});
  std::map<std::string, std::string> code_key = KeysByMention(codes);
  ASSERT_TRUE(code_key.count("UK")) << ::testing::PrintToString(code_key);
  ASSERT_TRUE(code_key.count("PA")) << ::testing::PrintToString(code_key);
  EXPECT_EQ(code_key["UK"], "union carbide");
  EXPECT_EQ(code_key["PA"], "primerica");
  // "and Co" goes on with the firm's name.
  EXPECT_TRUE(code_key.count("Merrill Lynch and Co Inc")) << ::testing::PrintToString(code_key);
  EXPECT_FALSE(code_key.count("Co Inc")) << ::testing::PrintToString(code_key);
  // Even where the model read the form as a name of its own, and its
  // ticker goes with the firm.
  const v1::Annotations merck =
      tagger_->Tag("Merck and Co Inc <MRK> said it would buy. Mitsui and Co Ltd paid.", {});
  std::map<std::string, std::string> merck_key = KeysByMention(merck);
  EXPECT_EQ(merck_key["Merck and Co Inc"], "merck") << ::testing::PrintToString(merck_key);
  EXPECT_EQ(merck_key["Mitsui and Co Ltd"], "mitsui") << ::testing::PrintToString(merck_key);
  if (merck_key.count("MRK")) {
    EXPECT_EQ(merck_key["MRK"], "merck");
  }
  EXPECT_FALSE(merck_key.count("Co Inc")) << ::testing::PrintToString(merck_key);
  // A list of firms with their forms is still a list.
  const v1::Annotations managers = tagger_->Tag(
      "The issue was managed by Morgan Stanley and Co, Goldman Sachs and Co and Salomon "
      "Brothers Inc. Morgan Stanley said so, and Goldman Sachs agreed.",
      {});
  std::set<std::string> keys;
  for (const v1::Entity& e : managers.entities()) keys.insert(e.key());
  EXPECT_TRUE(keys.count("goldman sachs")) << ::testing::PrintToString(keys);
  EXPECT_TRUE(keys.count("morgan stanley")) << ::testing::PrintToString(keys);
  // The exchange stays itself, and so does a place in brackets.
  if (key_of.count("NYSE")) {
    EXPECT_EQ(key_of["NYSE"], "nyse");
  }
  const v1::Annotations places = tagger_->Tag("Boeing Co (US) and Airbus (France) bid.", {});
  for (const v1::Mention& m : places.mentions()) {
    if (m.text() == "US") {
      EXPECT_NE(places.entities(m.entity_index()).key(), "boeing");
    }
  }
}

// "Sens." and "Reps." title the people after them; they name no
// organisation (PolNeAR: "Sens" was one in 16 documents), and end no
// sentence.
TEST_F(SeedsTest, APluralTitlesAbbreviationIsNoName) {
  const v1::Annotations a = tagger_->Tag(
      "Sens. Ted Cruz and Marco Rubio attacked Trump. Reps. Jim Jordan and Trey Gowdy wrote.", {});
  std::set<std::string> names;
  for (const v1::Mention& m : a.mentions()) names.insert(m.text());
  EXPECT_FALSE(names.count("Sens")) << ::testing::PrintToString(names);
  EXPECT_FALSE(names.count("Reps")) << ::testing::PrintToString(names);
  EXPECT_FALSE(names.count("Sens.")) << ::testing::PrintToString(names);
  EXPECT_FALSE(names.count("Reps.")) << ::testing::PrintToString(names);
  EXPECT_TRUE(names.count("Ted Cruz"));
  EXPECT_TRUE(names.count("Trey Gowdy"));
  // Each person after them holds the title.
  std::set<std::string> roles;
  for (const v1::Role& r : a.roles()) {
    roles.insert(a.entities(r.entity_index()).name() + ": " + r.title());
  }
  EXPECT_EQ(roles,
            (std::set<std::string>{"Ted Cruz: Senator", "Marco Rubio: Senator",
                                   "Jim Jordan: Representative", "Trey Gowdy: Representative"}));
}

// The speaker of a quote, by the start of its text ("" when none or no
// such quote).
std::string SpeakerOf(const v1::Annotations& a, absl::string_view opening) {
  for (const v1::Quote& q : a.quotes()) {
    if (!absl::StartsWith(q.text(), opening)) continue;
    return q.has_speaker_entity_index() ? a.entities(q.speaker_entity_index()).name() : "";
  }
  return "no such quote";
}

// "According to her, ..." is reported speech: the seeds' way of giving
// Zakharova's and Vučić's words (000, 001, 004); "The official
// representative of the Russian Foreign Ministry also stressed" is
// Zakharova, whom 001 gave that title.
TEST_F(SeedsTest, WhatAccordingToSomeoneFollowsIsTheirs) {
  const v1::Annotations& zakharova = seeds_.at("000_ec0e7a28ba9fb3fb.txt").annotations;
  EXPECT_THAT(SpeakerOf(zakharova, "Belgrade continues to cooperate with Moscow"),
              ::testing::HasSubstr("Zakharova"));
  // Its relative clauses too: what she said about Kosovo.
  EXPECT_THAT(SpeakerOf(zakharova, "Moscow supports Belgrade"), ::testing::HasSubstr("Zakharova"));
  bool kosovo = false;
  for (const v1::Quote& q : zakharova.quotes()) {
    kosovo = kosovo || (absl::StartsWith(q.text(), "Moscow supports Belgrade") &&
                        absl::EndsWith(q.text(), "Kosovo and Metohija"));
  }
  EXPECT_TRUE(kosovo);
  const v1::Annotations& vucic = seeds_.at("001_abb1fc2280914c64.txt").annotations;
  EXPECT_THAT(SpeakerOf(vucic, "Serbia will soon expect the West"), ::testing::HasSubstr("Vu"));
  // A title the text gave someone, written whole as the subject, is hers.
  EXPECT_EQ(SpeakerOf(vucic, "allegations of Moscow"), "Maria Zakharova");
  const v1::Annotations quoted = tagger_->Tag(
      "The official representative of the Russian Foreign Ministry, Maria Zakharova, spoke in "
      "Moscow. Sergei Lavrov met Aleksandar Vucic in Belgrade. \"We will answer,\" the official "
      "representative of the Russian Foreign Ministry said.",
      {});
  EXPECT_EQ(SpeakerOf(quoted, "We will answer"), "Maria Zakharova");
}

// A courtesy title says a person follows: BBC politics/355's "Mr Cable",
// which the model reads as an organisation, is a person, so "he said"
// after him is his, not Gordon Brown's, whom the report named before; and
// politics/400's "Lord Hattersley", read as a place, is the person whose
// tribute it quotes. In sport/157, "Wenger's Bayern counterpart Felix
// Magath ... He said" is Magath's: an owner is no sentence's subject.
TEST_F(SeedsTest, ACourtesyTitleMakesAPersonAndAnOwnerIsNoSubject) {
  const v1::Annotations cable = tagger_->Tag(ReadBbc("politics/355.txt"), {});
  EXPECT_THAT(SpeakerOf(cable, "There is an issue of credibility"), ::testing::HasSubstr("Cable"));
  EXPECT_THAT(SpeakerOf(cable, "We cannot have a continuation"), ::testing::HasSubstr("Cable"));
  const v1::Annotations tribute = tagger_->Tag(ReadBbc("politics/400.txt"), {});
  bool hattersley = false;
  for (const auto& m : tribute.mentions()) {
    if (m.text() == "Lord Hattersley") {
      hattersley = true;
      EXPECT_EQ(m.type(), v1::ENTITY_TYPE_PERSON);
    }
  }
  EXPECT_TRUE(hattersley);
  const v1::Annotations match = tagger_->Tag(ReadBbc("sport/157.txt"), {});
  EXPECT_EQ(SpeakerOf(match, "I am far from happy"), "Felix Magath");
}

// A rank inside a name after a title starts the person's name: BBC
// politics/160's "Attorney General Lord Goldsmith", read as one
// organisation, is Lord Goldsmith, who holds that title; politics/007's
// "Tory Treasurer Lord Ashcroft" is the party and the person.
TEST_F(SeedsTest, ARankAfterATitleStartsThePersonsName) {
  const v1::Annotations goldsmith = tagger_->Tag(ReadBbc("politics/160.txt"), {});
  EXPECT_TRUE(HasMention(goldsmith, "Lord Goldsmith", v1::ENTITY_TYPE_PERSON));
  EXPECT_FALSE(
      HasMention(goldsmith, "Attorney General Lord Goldsmith", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_THAT(RolesOf(goldsmith, "Lord Goldsmith"), ::testing::Contains("Attorney General"));
  const v1::Annotations ashcroft = tagger_->Tag(ReadBbc("politics/007.txt"), {});
  EXPECT_TRUE(HasMention(ashcroft, "Lord Ashcroft", v1::ENTITY_TYPE_PERSON));
  EXPECT_TRUE(HasMention(ashcroft, "Tory", v1::ENTITY_TYPE_ORGANIZATION));
  // A party is no word of the title, though "Labour" is a word of roles.
  const v1::Annotations triesman =
      tagger_->Tag("Labour Treasurer Lord Triesman said the plans were flawed.", {});
  EXPECT_TRUE(HasMention(triesman, "Labour", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(triesman, "Lord Triesman", v1::ENTITY_TYPE_PERSON));
  // A title's words, joined by "of" and "for", are no name of their own;
  // a rank that starts a title ("Lord Chancellor") is the title's.
  const v1::Annotations warner =
      tagger_->Tag("Secretary of State for Health Lord Warner said the plans were flawed.", {});
  EXPECT_TRUE(HasMention(warner, "Lord Warner", v1::ENTITY_TYPE_PERSON));
  EXPECT_EQ(warner.mentions_size(), 1);
  const v1::Annotations cash = tagger_->Tag(
      "Shadow Lord Chancellor Bill Cash said the plans were flawed. \"It is a mess,\" he said.",
      {});
  EXPECT_TRUE(HasMention(cash, "Bill Cash", v1::ENTITY_TYPE_PERSON));
  EXPECT_THAT(RolesOf(cash, "Bill Cash"), ::testing::Contains("Shadow Lord Chancellor"));
}

// A rank with an office's word after it is the office, not a peer: "The
// Lord Chief Justice, Lord Woolf," (BBC politics/119) gives Lord Woolf a
// role, and the office alone is no person, nor the place of its
// complement ("Lord Mayor of London"). "Lord Judge" is a peer.
TEST_F(SeedsTest, ARankBeforeAnOfficeIsNoPerson) {
  const v1::Annotations woolf = tagger_->Tag(ReadBbc("politics/119.txt"), {});
  EXPECT_EQ(MentionType(woolf, "Lord Chief Justice"), v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_EQ(MentionType(woolf, "Lord Woolf"), v1::ENTITY_TYPE_PERSON);
  EXPECT_THAT(RolesOf(woolf, "Lord Woolf"), ::testing::Contains("Lord Chief Justice"));
  const v1::Annotations falconer = tagger_->Tag(ReadBbc("politics/211.txt"), {});
  EXPECT_EQ(MentionType(falconer, "Lord Chancellor"), v1::ENTITY_TYPE_UNSPECIFIED);
  EXPECT_THAT(RolesOf(falconer, "Lord Falconer"), ::testing::Contains("Lord Chancellor"));
  const v1::Annotations others = tagger_->Tag(
      "The Lord Mayor of London opened the hall. The Lord Chancellor's Department said it "
      "agreed. Lord Judge and Lord Marshall were there.",
      {});
  EXPECT_NE(MentionType(others, "London"), v1::ENTITY_TYPE_PERSON);
  EXPECT_NE(MentionType(others, "'s Department"), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(MentionType(others, "Lord Judge"), v1::ENTITY_TYPE_PERSON);
  for (const auto& m : others.mentions()) {
    EXPECT_FALSE(m.type() == v1::ENTITY_TYPE_PERSON && absl::StrContains(m.text(), "Mayor"))
        << m.text();
  }
}

// A list with a comma whose parts are capitalised words is its names,
// though the story never writes them alone ("Creative, Sony and Philips" in
// BBC tech/127, "Google, MSN" in tech/065); a name with a comma inside an
// "of" or "for" phrase stays whole.
TEST_F(SeedsTest, AListWithACommaIsItsNames) {
  auto texts = [&](const std::string& text) {
    std::set<std::string> out;
    const v1::Annotations a = tagger_->Tag(text, {});
    for (const auto& m : a.mentions()) out.insert(m.text());
    return out;
  };
  const std::set<std::string> players = texts(ReadBbc("tech/127.txt"));
  EXPECT_FALSE(players.count("Creative, Sony and Philips"));
  EXPECT_TRUE(players.count("Creative") && players.count("Sony") && players.count("Philips"));
  const std::set<std::string> search = texts(ReadBbc("tech/065.txt"));
  EXPECT_FALSE(search.count("Google, MSN"));
  EXPECT_TRUE(search.count("MSN"));
  const std::set<std::string> culture = texts(ReadBbc("entertainment/211.txt"));
  EXPECT_TRUE(culture.count("Department for Culture, Media and Sport"));
  const std::set<std::string> firm =
      texts("Shares of Warner Bros, Inc rose. Rivals Stop & Shop, and Giant Food fell.");
  EXPECT_FALSE(firm.count("Warner Bros")) << "the company form is part of the name";
  EXPECT_FALSE(firm.count("Stop & Shop, and Giant Food"));
  // Names with commas of their own stay whole, and a part the model cut
  // short is no name.
  for (const auto& [text, junk] : std::vector<std::pair<std::string, std::string>>{
           {"Earth, Wind & Fire played two nights at Wembley Arena.", "Earth"},
           {"Channel 4's Location, Location, Location drew six million viewers on Wednesday.",
            "Location"},
           {"Coverage: BBC One, Radio 5 Live and the BBC Sport website.", "Radio"},
           {"Banco Santander, S.A. bought Abbey National.", "S.A."},
           {"The claim was filed against Coca-Cola Enterprises, Corporation in Atlanta.",
            "Corporation"}}) {
    EXPECT_FALSE(texts(text).count(junk)) << text;
  }
}

// BBC writes "US" where the model's Reuters text writes "U.S.": "any US court
// decisions", "US rulings" and "a US subsidiary" (business/192) were read as
// an organisation, an entity apart from the United States.
TEST_F(SeedsTest, UsIsThePlaceInAnyHouseStyle) {
  EXPECT_EQ(ModelSpelling("US"), "U.S.");
  EXPECT_EQ(ModelSpelling("us"), "us");
  EXPECT_EQ(ModelSpelling("UN"), "UN");
  const std::string text = ReadBbc("business/192.txt");
  ASSERT_FALSE(text.empty()) << "business/192.txt";
  const v1::Annotations a = tagger_->Tag(text, {});
  int places = 0;
  for (const auto& m : a.mentions()) {
    if (m.text() != "US") continue;
    EXPECT_EQ(m.type(), v1::ENTITY_TYPE_LOCATION) << "at byte " << m.span().begin();
    ++places;
  }
  EXPECT_GE(places, 8);
  // In a sentence in capitals "US" may be the pronoun: read as written.
  const v1::Annotations capitals = tagger_->Tag("LET US PRAY FOR PEACE, SAID THE BISHOP.", {});
  for (const auto& m : capitals.mentions()) {
    EXPECT_FALSE(m.text() == "US" && m.type() == v1::ENTITY_TYPE_LOCATION);
  }
}

// "Apple and Microsoft" (BBC tech/285), read by the model as one
// organisation, are two where the story names each alone too; a name with
// "and" inside that the story never splits stays one.
TEST_F(SeedsTest, AListOfNamesTheStoryWritesAloneIsThoseNames) {
  const v1::Annotations a = tagger_->Tag(ReadBbc("tech/285.txt"), {});
  int apple = 0, microsoft = 0;
  for (const auto& m : a.mentions()) {
    EXPECT_NE(m.text(), "Apple and Microsoft");
    apple += m.text() == "Apple" && m.type() == v1::ENTITY_TYPE_ORGANIZATION;
    microsoft += m.text() == "Microsoft" && m.type() == v1::ENTITY_TYPE_ORGANIZATION;
  }
  EXPECT_GE(apple, 2);
  EXPECT_GE(microsoft, 2);
  // Organisations the tagger knows (a knowledge base) are two names where
  // the story names neither alone (BBC tech/078's "Google and Microsoft").
  const std::string rivals = "Rivals such as Google and Microsoft have launched their own blogs.";
  bool one = false;
  const v1::Annotations unknown = tagger_->Tag(rivals, {});
  for (const auto& m : unknown.mentions()) one = one || m.text() == "Google and Microsoft";
  ASSERT_TRUE(one) << "the model reads the list as two names now: this case tests nothing";
  Tagger knowing(recognizer_);
  knowing.SetKnownNames(std::make_shared<const KnownNames>(std::vector<KnownNames::Name>{
      {"Google", v1::ENTITY_TYPE_ORGANIZATION}, {"Microsoft", v1::ENTITY_TYPE_ORGANIZATION}}));
  const v1::Annotations known = knowing.Tag(rivals, {});
  EXPECT_TRUE(HasMention(known, "Google", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(known, "Microsoft", v1::ENTITY_TYPE_ORGANIZATION));
  // A place of two names stays one, though the story writes each alone.
  const v1::Annotations trinidad =
      tagger_->Tag("Trinidad and Tobago beat Mexico. Trinidad is bigger than Tobago.", {});
  EXPECT_TRUE(HasMention(trinidad, "Trinidad and Tobago", v1::ENTITY_TYPE_LOCATION));
  const v1::Annotations sec = tagger_->Tag(
      "The Securities and Exchange Commission said on Monday that it would look at the deal.", {});
  bool whole = false;
  for (const auto& m : sec.mentions()) {
    whole = whole || m.text() == "Securities and Exchange Commission";
  }
  EXPECT_TRUE(whole);
}

// Names with numbers, which CoNLL-2003's news of 1996 writes few of: the
// model reads "Channel" of "Channel 4", "BBC One and Radio" as one name,
// and misses "G8". Known names give them whole.
TEST_F(SeedsTest, NamesWithNumbersAreWholeWhereTheyAreKnown) {
  const std::string text =
      "The G8 summit was shown on Channel 4, while BBC One and Radio 4 covered the talks. "
      "G8 leaders met in Gleneagles.";
  const v1::Annotations alone = tagger_->Tag(text, {});
  ASSERT_FALSE(HasMention(alone, "Channel 4", v1::ENTITY_TYPE_ORGANIZATION) &&
               HasMention(alone, "Radio 4", v1::ENTITY_TYPE_ORGANIZATION))
      << "the model reads these names whole now: this case tests less";
  Tagger knowing(recognizer_);
  knowing.SetKnownNames(std::make_shared<const KnownNames>(
      std::vector<KnownNames::Name>{{"G8", v1::ENTITY_TYPE_ORGANIZATION},
                                    {"Channel 4", v1::ENTITY_TYPE_ORGANIZATION},
                                    {"BBC One", v1::ENTITY_TYPE_ORGANIZATION},
                                    {"Radio 4", v1::ENTITY_TYPE_ORGANIZATION}}));
  const v1::Annotations known = knowing.Tag(text, {});
  int g8 = 0;
  for (const auto& m : known.mentions()) {
    g8 += m.text() == "G8" && m.type() == v1::ENTITY_TYPE_ORGANIZATION;
    EXPECT_NE(m.text(), "Channel");
    EXPECT_NE(m.text(), "Radio");
  }
  EXPECT_EQ(g8, 2);  // at a sentence's start too
  EXPECT_TRUE(HasMention(known, "Channel 4", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(known, "BBC One", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(known, "Radio 4", v1::ENTITY_TYPE_ORGANIZATION));
}

// "Nintendo president Satoru Iwata" (BBC tech/084), which the model reads
// as an organisation: a name after a noun for a post is a person when the
// document names a person by its last word ("Mr Iwata"), and then one
// person with him.
TEST_F(SeedsTest, ANameAfterANounForAPostIsAPerson) {
  const std::string text = ReadBbc("tech/084.txt");
  ASSERT_FALSE(text.empty());
  const v1::Annotations a = tagger_->Tag(text, {});
  EXPECT_TRUE(HasMention(a, "Satoru Iwata", v1::ENTITY_TYPE_PERSON));
  EXPECT_FALSE(HasMention(a, "Satoru Iwata", v1::ENTITY_TYPE_ORGANIZATION));
  int entity = -1;
  for (const auto& m : a.mentions()) {
    if (m.text() == "Iwata" || m.text() == "Satoru Iwata") {
      if (entity < 0) entity = m.entity_index();
      EXPECT_EQ(m.entity_index(), entity) << m.text();
    }
  }
  EXPECT_GE(entity, 0);
  // A sure organisation, or one named by its head word, stays one.
  const v1::Annotations club =
      tagger_->Tag("Arsenal will host Chelsea Football Club on Sunday.", {});
  EXPECT_FALSE(HasMention(club, "Chelsea Football Club", v1::ENTITY_TYPE_PERSON));
}

// "PC", "DVD": acronyms of things, which the model reads as names in the
// technology news; none in CoNLL's convention, unless a knowledge base
// names one.
TEST_F(SeedsTest, AcronymsOfThingsAreNoNames) {
  const std::string text =
      "Sales of the PC and the DVD fell, and PCs were cheaper, said PC World and Dell.";
  const v1::Annotations a = tagger_->Tag(text, {});
  for (const auto& m : a.mentions()) {
    EXPECT_NE(m.text(), "PC");
    EXPECT_NE(m.text(), "DVD");
    EXPECT_NE(m.text(), "PCs");
  }
  EXPECT_TRUE(HasMention(a, "Dell", v1::ENTITY_TYPE_ORGANIZATION));
  Tagger knowing(recognizer_);
  knowing.SetKnownNames(std::make_shared<const KnownNames>(
      std::vector<KnownNames::Name>{{"DVD", v1::ENTITY_TYPE_MISC}}));
  EXPECT_TRUE(HasMention(knowing.Tag(text, {}), "DVD", v1::ENTITY_TYPE_MISC));
}

// "Marks & Spencer" (BBC business/306, 184), which the model cut at the
// "&" into a person "Spencer", is one organisation; two names the model
// read on both sides of an "&" stay two ("Serbia & Montenegro", sport/117).
TEST_F(SeedsTest, WordsJoinedByAnAmpersandAreAFirm) {
  for (const char* file : {"business/306.txt", "business/184.txt"}) {
    const v1::Annotations a = tagger_->Tag(ReadBbc(file), {});
    bool firm = false;
    for (const auto& m : a.mentions()) {
      EXPECT_FALSE(absl::StrContains(m.text(), "Spencer") && m.type() == v1::ENTITY_TYPE_PERSON)
          << file << ": " << m.text();
      firm = firm || (m.text() == "Marks & Spencer" && m.type() == v1::ENTITY_TYPE_ORGANIZATION);
    }
    EXPECT_TRUE(firm) << file;
  }
  const v1::Annotations teams = tagger_->Tag(ReadBbc("sport/117.txt"), {});
  for (const auto& m : teams.mentions()) EXPECT_NE(m.text(), "Serbia & Montenegro");
  // Words the model read as no name stay none.
  const v1::Annotations terms = tagger_->Tag("Read our Terms & Conditions first.", {});
  for (const auto& m : terms.mentions()) EXPECT_NE(m.text(), "Terms & Conditions");
}

// "the US-based Amazon.com holds a patent" (BBC tech/342): the model read
// "Amazon" as the river. A web address written as a name is the firm that
// runs the site, whole, and so is the site's name alone in the same text;
// one in lower case is no name, nor any word of it.
TEST_F(SeedsTest, AWebAddressWrittenAsANameIsTheFirm) {
  const v1::Annotations patent = tagger_->Tag(ReadBbc("tech/342.txt"), {});
  EXPECT_TRUE(HasMention(patent, "Amazon.com", v1::ENTITY_TYPE_ORGANIZATION));
  for (const auto& m : patent.mentions()) {
    EXPECT_FALSE(m.text() == "Amazon" && m.type() == v1::ENTITY_TYPE_LOCATION);
  }
  // "Amazon.com", then "Amazon": the firm, one entity.
  const v1::Annotations retail = tagger_->Tag(ReadBbc("tech/010.txt"), {});
  int amazon = -1, named = 0;
  for (const auto& m : retail.mentions()) {
    if (m.text() != "Amazon" && m.text() != "Amazon.com") continue;
    ++named;
    EXPECT_EQ(m.type(), v1::ENTITY_TYPE_ORGANIZATION) << m.text();
    if (amazon < 0) amazon = m.entity_index();
    EXPECT_EQ(m.entity_index(), amazon) << m.text();
  }
  EXPECT_EQ(named, 4);
  const v1::Annotations sites = tagger_->Tag(
      "Shares in Lastminute.com rose, and eBay.com fell. Fans can sign up via Jolt.co.uk or "
      "news.bbc.co.uk. The BBC's website, bbc.co.uk, was also mentioned. Write to "
      "sales@Amazon.com. The firm is in Spain.It said so.",
      {});
  EXPECT_TRUE(HasMention(sites, "Lastminute.com", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(sites, "eBay.com", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(sites, "Jolt.co.uk", v1::ENTITY_TYPE_ORGANIZATION));
  for (const auto& m : sites.mentions()) {
    EXPECT_FALSE(absl::StrContains(m.text(), "bbc") || m.text() == "uk" ||
                 m.text() == "Lastminute" || m.text() == "Amazon.com")
        << m.text();
  }
  EXPECT_TRUE(HasMention(sites, "Spain", v1::ENTITY_TYPE_LOCATION));
  // The site's name alone stays a place where it is one, and "Dot.com",
  // the word for such firms, is no firm.
  const v1::Annotations city =
      tagger_->Tag("Boston.com reported that Boston was snowed in. Dot.com firms fell.", {});
  EXPECT_TRUE(HasMention(city, "Boston.com", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_FALSE(HasMention(city, "Boston", v1::ENTITY_TYPE_ORGANIZATION));
  for (const auto& m : city.mentions()) EXPECT_NE(m.text(), "Dot.com");
}

// A headline in title case whose words the model ran into a name ("Donald
// Trump Stuns", "Rebuking Trump", "Hillary And Obama Campaign In Ohio" as
// one organisation) gives the names the story's text gives, and no name of
// its other words; a name the text writes whole stays whole.
TEST_F(SeedsTest, AHeadlinesNamesAreTheNamesItsStoryGives) {
  const auto spans = [&](const std::string& text) {
    std::vector<std::string> out;
    const v1::Annotations a = tagger_->Tag(text, {});
    for (const auto& m : a.mentions()) {
      if (m.span().begin() < static_cast<int>(text.find('\n'))) out.push_back(m.text());
    }
    return out;
  };
  EXPECT_THAT(spans("Donald Trump Stuns Rivals In Iowa Debate\n\nDonald Trump stunned his rivals "
                    "on Thursday. Trump said he would win."),
              ::testing::Contains("Donald Trump"));
  EXPECT_THAT(spans("Donald Trump Stuns Rivals In Iowa Debate\n\nDonald Trump stunned his rivals "
                    "on Thursday. Trump said he would win."),
              ::testing::Not(::testing::Contains("Donald Trump Stuns")));
  EXPECT_THAT(spans("Rebuking Trump, Ryan Says He Will Not Defend Him\n\nPaul Ryan rebuked "
                    "Donald Trump on Monday."),
              ::testing::Contains("Trump"));
  const std::vector<std::string> both = spans(
      "Hillary And Obama Campaign In Ohio\n\nHillary Clinton and Barack Obama campaigned in "
      "Ohio on Monday.");
  EXPECT_THAT(both, ::testing::IsSupersetOf({"Hillary", "Obama", "Ohio"}));
  for (const std::string& s : both) EXPECT_FALSE(absl::StrContains(s, "Campaign")) << s;
  const v1::Annotations people = tagger_->Tag(
      "Hillary And Obama Campaign In Ohio\n\nHillary Clinton and Barack Obama campaigned in "
      "Ohio on Monday.",
      {});
  for (const auto& m : people.mentions()) {
    if (m.text() == "Hillary" || m.text() == "Obama") {
      EXPECT_EQ(m.type(), v1::ENTITY_TYPE_PERSON) << m.text();
    }
  }
  // Nor is a place or an organisation named after a person, though the
  // story names the person.
  for (const std::string& s :
       spans("Protesters Rally Outside Trump International Hotel In Washington\n\nDonald Trump "
             "spoke in Washington on Monday.")) {
    EXPECT_NE(s, "Trump") << s;
    EXPECT_NE(s, "International") << s;
  }
  // A name the story writes whole is no headline's run-on.
  EXPECT_THAT(spans("Gordon Brown Wins The Vote In London\n\nGordon Brown won the vote in "
                    "London on Monday."),
              ::testing::Contains("Gordon Brown"));
}

// A name the document also gives as an organisation, read as a person
// where nothing says it is one, is the organisation, one entity.
TEST_F(SeedsTest, AFirmTheModelReadsAsAPersonToo) {
  const auto all_organisation = [](const v1::Annotations& a, absl::string_view name) {
    int found = 0, entity = -1;
    for (const auto& m : a.mentions()) {
      if (m.text() != name) continue;
      ++found;
      EXPECT_EQ(m.type(), v1::ENTITY_TYPE_ORGANIZATION) << name << " at " << m.span().begin();
      if (entity < 0) entity = m.entity_index();
      EXPECT_EQ(m.entity_index(), entity) << name << " at " << m.span().begin();
    }
    return found;
  };
  // The model: "Time Warner" a person twice and a firm once; "Iron Maiden"
  // a person all five times, but "Iron Maiden's Bruce Dickinson" says it
  // is his band.
  EXPECT_EQ(all_organisation(tagger_->Tag(ReadBbc("business/001.txt"), {}), "Time Warner"), 3);
  EXPECT_EQ(all_organisation(tagger_->Tag(ReadBbc("entertainment/322.txt"), {}), "Iron Maiden"), 5);
  // A person's name before a possessive stays a person's.
  const v1::Annotations cabinet =
      tagger_->Tag("Tony Blair's Gordon Brown said the budget was ready.", {});
  EXPECT_TRUE(HasMention(cabinet, "Tony Blair", v1::ENTITY_TYPE_PERSON));
  EXPECT_TRUE(HasMention(cabinet, "Gordon Brown", v1::ENTITY_TYPE_PERSON));
  // A person named by a given name stays one where the model also reads
  // the name as a firm: "Morgan Freeman", a firm once in this text.
  const v1::Annotations oscars = tagger_->Tag(ReadBbc("entertainment/372.txt"), {});
  EXPECT_TRUE(HasMention(oscars, "Morgan Freeman", v1::ENTITY_TYPE_PERSON));
  // A lone name the document reads as a person with more confidence than
  // as a firm stays a person: "Trump", a firm once in a text about him.
  const v1::Annotations coulter = tagger_->Tag(
      testing::ReadFile(
          testing::SharedDir() +
          "/data/polnear/train/text/breitbart_2016-05-04_ann-coulter-and-then-there-was-t.txt"),
      {});
  int trump = 0;
  for (const auto& m : coulter.mentions()) {
    if (m.text() == "Trump" && m.type() == v1::ENTITY_TYPE_PERSON) ++trump;
  }
  EXPECT_GE(trump, 5);
  // A title says a person: the firm and its founder stay apart.
  const std::string founder =
      "Shares in the research firm Gartner rose. Gartner Inc said sales grew. Mr Gartner, its "
      "founder, said he was pleased.";
  const v1::Annotations titled = tagger_->Tag(founder, {});
  ASSERT_TRUE(HasMention(titled, "Gartner", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_EQ(TypeAt(titled, founder.find("Mr Gartner") + 3), v1::ENTITY_TYPE_PERSON);
}

// A lone name the document speaks of as a firm ("which", "said it", "Opera
// spokeswoman", "companies such as Google", "a manager at Nokia") is the
// firm, or a work after a work's noun, where the model read a person or a
// place; a title, a relative's noun or a person named in full keeps it a
// person, and a possessive a place.
TEST_F(SeedsTest, AFirmTheModelReadsAsAPersonOrAPlace) {
  // The model reads Google as a person at all six mentions ("For companies
  // such as Google which relies on revenue from adverts").
  const v1::Annotations search = tagger_->Tag(ReadBbc("tech/108.txt"), {});
  EXPECT_EQ(CountMentions(search, "Google", v1::ENTITY_TYPE_ORGANIZATION), 6);
  EXPECT_EQ(CountMentions(search, "Google", v1::ENTITY_TYPE_PERSON), 0);
  // "In a statement, Qantas said it was looking to ...".
  const v1::Annotations airline = tagger_->Tag(ReadBbc("business/455.txt"), {});
  EXPECT_EQ(CountMentions(airline, "Qantas", v1::ENTITY_TYPE_PERSON), 0);
  EXPECT_GT(CountMentions(airline, "Qantas", v1::ENTITY_TYPE_ORGANIZATION), 0);
  // "according to research from technology analysts Gartner": the model
  // reads a person at all five mentions.
  const v1::Annotations mobiles = tagger_->Tag(ReadBbc("tech/064.txt"), {});
  EXPECT_EQ(CountMentions(mobiles, "Gartner", v1::ENTITY_TYPE_ORGANIZATION), 5);
  // "Sony, Microsoft and Nintendo are all expected to release ...".
  const v1::Annotations consoles = tagger_->Tag(ReadBbc("tech/052.txt"), {});
  EXPECT_EQ(CountMentions(consoles, "Nintendo", v1::ENTITY_TYPE_PERSON), 0);
  EXPECT_EQ(CountMentions(consoles, "Nintendo", v1::ENTITY_TYPE_ORGANIZATION), 3);
  // A place to the model, the firm to the text: "Reidar Wasenius, a senior
  // project manager at Nokia, was adamant".
  const v1::Annotations radio = tagger_->Tag(ReadBbc("tech/305.txt"), {});
  EXPECT_EQ(CountMentions(radio, "Nokia", v1::ENTITY_TYPE_LOCATION), 0);
  EXPECT_EQ(CountMentions(radio, "Nokia", v1::ENTITY_TYPE_ORGANIZATION), 4);
  // Not a place that owns the firm ("Germany's TUI"), nor a place in a
  // list the model read as clubs.
  const std::string travel =
      "Shares dropped, with companies such as Germany's TUI and Lufthansa sliding. The "
      "area will include Paris, Lille, Lyon and Toulouse.";
  const v1::Annotations shares = tagger_->Tag(travel, {});
  EXPECT_EQ(TypeAt(shares, travel.find("Germany")), v1::ENTITY_TYPE_LOCATION);
  EXPECT_EQ(TypeAt(shares, travel.find("Paris")), v1::ENTITY_TYPE_LOCATION);
  // "the biopic Kinsey, which features Liam Neeson": a work.
  EXPECT_EQ(MentionType(tagger_->Tag(ReadBbc("entertainment/096.txt"), {}), "Kinsey"),
            v1::ENTITY_TYPE_MISC);
  // "a book by Curtis's widow Deborah which forms the basis for the film".
  EXPECT_EQ(MentionType(tagger_->Tag(ReadBbc("entertainment/228.txt"), {}), "Deborah"),
            v1::ENTITY_TYPE_PERSON);
  // A title before one of its mentions says a person, wherever "said it"
  // comes.
  const std::string commons =
      "In the Commons, Mr Blunkett said it would be far better to wait. "
      "Blunkett said it again on Friday.";
  const v1::Annotations blunkett = tagger_->Tag(commons, {});
  EXPECT_EQ(TypeAt(blunkett, commons.find("Mr Blunkett") + 3), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(TypeAt(blunkett, commons.rfind("Blunkett said")), v1::ENTITY_TYPE_PERSON);
}

// A work's noun before a name ("wine comedy Sideways", "Ray Charles biopic
// Ray") makes it a work (MISC) at all its mentions; not a headline's last
// word before the text's first name, nor "starring in" after a person.
TEST_F(SeedsTest, AWorksNounMakesAWork) {
  // The model reads Sideways and Million Dollar Baby as organisations, Ray
  // and Vera Drake as people, at every mention.
  const v1::Annotations oscars = tagger_->Tag(ReadBbc("entertainment/368.txt"), {});
  EXPECT_EQ(CountMentions(oscars, "Sideways", v1::ENTITY_TYPE_MISC), 8);
  EXPECT_EQ(CountMentions(oscars, "Million Dollar Baby", v1::ENTITY_TYPE_MISC), 5);
  EXPECT_EQ(CountMentions(oscars, "Ray", v1::ENTITY_TYPE_MISC), 3);
  EXPECT_EQ(CountMentions(oscars, "Vera Drake", v1::ENTITY_TYPE_MISC), 2);
  EXPECT_TRUE(HasMention(oscars, "Ray Charles", v1::ENTITY_TYPE_PERSON));
  // "Surprise win for anti-Bush film" and then "Michael Moore's anti-Bush
  // documentary"; "director Spike Lee, starring in seven Lee films".
  EXPECT_EQ(CountMentions(tagger_->Tag(ReadBbc("entertainment/097.txt"), {}), "Michael Moore",
                          v1::ENTITY_TYPE_PERSON),
            2);
  EXPECT_EQ(CountMentions(tagger_->Tag(ReadBbc("entertainment/043.txt"), {}), "Spike Lee",
                          v1::ENTITY_TYPE_PERSON),
            2);
}

// What a review of these rules found them to get wrong: a noun told
// something, "label" a verb, a work's maker, a director before
// "starring", a place's possessive, an officer at an airport.
TEST_F(SeedsTest, NounsBeforeNamesThatSayNothingOfThem) {
  const auto type_of = [&](const std::string& text, absl::string_view name) {
    const v1::Annotations a = tagger_->Tag(text, {});
    const size_t at = text.find(std::string(name));
    return TypeAt(a, at);
  };
  const std::string told = "Mr Howard told the newspaper Blunkett had misled voters.";
  EXPECT_EQ(type_of(told, "Blunkett had"), v1::ENTITY_TYPE_PERSON);
  const std::string made = "He praised the film Michael Moore made about the war.";
  EXPECT_EQ(type_of(made, "Michael Moore"), v1::ENTITY_TYPE_PERSON);
  const std::string directed =
      "Million Dollar Baby, directed by Clint Eastwood, starring Hilary Swank, won.";
  EXPECT_EQ(type_of(directed, "Clint Eastwood"), v1::ENTITY_TYPE_PERSON);
  const std::string council = "Glasgow's chief executive said the city would bid for the games.";
  EXPECT_EQ(type_of(council, "Glasgow"), v1::ENTITY_TYPE_LOCATION);
}

// A name right after a noun for a firm is the firm: "Online retailer
// Amazon" (the model's river), "accountancy firm Grant Thornton" (its
// person); not a person named by a known given name.
TEST_F(SeedsTest, ANameAfterANounForAFirmIsTheFirm) {
  const std::string aid_text = ReadBbc("tech/097.txt");
  const v1::Annotations aid = tagger_->Tag(aid_text, {});
  const size_t retailer = aid_text.find("retailer Amazon");
  ASSERT_NE(retailer, std::string::npos);
  EXPECT_EQ(TypeAt(aid, retailer + 9), v1::ENTITY_TYPE_ORGANIZATION);
  const v1::Annotations audit = tagger_->Tag(ReadBbc("business/242.txt"), {});
  EXPECT_TRUE(HasMention(audit, "Grant Thornton", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_FALSE(HasMention(audit, "Grant Thornton", v1::ENTITY_TYPE_PERSON));
  const v1::Annotations founder =
      tagger_->Tag("He ran the company Steve Jobs founded in a garage.", {});
  EXPECT_TRUE(HasMention(founder, "Steve Jobs", v1::ENTITY_TYPE_PERSON));
  // A band's name, at the mention after its noun and at every other one
  // written the same ("Scottish band Franz Ferdinand"; "Fightstar", nine
  // times a person to the model); not a person after a noun that is a
  // job too ("broadcaster Cyril Fletcher").
  const auto all_organisation = [](const v1::Annotations& a, absl::string_view name) {
    int organisation = 0, other = 0;
    for (const auto& m : a.mentions()) {
      if (m.text() == name) ++(m.type() == v1::ENTITY_TYPE_ORGANIZATION ? organisation : other);
    }
    return other == 0 ? organisation : -other;
  };
  EXPECT_EQ(all_organisation(tagger_->Tag(ReadBbc("entertainment/236.txt"), {}), "Franz Ferdinand"),
            5);
  EXPECT_EQ(all_organisation(tagger_->Tag(ReadBbc("entertainment/239.txt"), {}), "Fightstar"), 9);
  EXPECT_TRUE(HasMention(tagger_->Tag(ReadBbc("entertainment/190.txt"), {}), "Cyril Fletcher",
                         v1::ENTITY_TYPE_PERSON));
}

// An acronym the text defines in brackets after a name is that name,
// wherever the text writes it: "Internet Explorer (IE)" is no Ireland. An
// acronym the text does not define keeps the model's type; a name read as
// a person that has an acronym is the organisation.
TEST_F(SeedsTest, AnAcronymTheTextDefinesIsTheNameItStandsFor) {
  const v1::Annotations browser = tagger_->Tag(ReadBbc("tech/007.txt"), {});
  int ies = 0;
  for (const auto& m : browser.mentions()) {
    if (m.text() != "IE") continue;
    ++ies;
    EXPECT_NE(m.type(), v1::ENTITY_TYPE_LOCATION) << m.span().begin();
    const v1::Entity& e = browser.entities(m.entity_index());
    EXPECT_EQ(e.key(), "internet explorer") << m.span().begin();
  }
  EXPECT_GE(ies, 2);
  const std::string text =
      "The Confederation of British Industry (CBI) met in London. The CBI said prices rose. "
      "Firms in the UK agreed.";
  const v1::Annotations cbi = tagger_->Tag(text, {});
  EXPECT_EQ(TypeAt(cbi, text.find("CBI said")), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(TypeAt(cbi, text.find("UK")), v1::ENTITY_TYPE_LOCATION);
  // A name with an acronym is no person ("Hewlett Packard (HP)").
  const v1::Annotations firm = tagger_->Tag(ReadBbc("tech/037.txt"), {});
  EXPECT_TRUE(HasMention(firm, "Hewlett Packard", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_FALSE(HasMention(firm, "Hewlett Packard", v1::ENTITY_TYPE_PERSON));
}

// Two names joined by "and" that the model read as one are two where the
// document writes one of them alone.
TEST_F(SeedsTest, TwoNamesJoinedByAndAreTwo) {
  const v1::Annotations search = tagger_->Tag(ReadBbc("tech/269.txt"), {});
  EXPECT_TRUE(HasMention(search, "Google", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(search, "Ask Jeeves", v1::ENTITY_TYPE_ORGANIZATION));
  const v1::Annotations banks = tagger_->Tag(ReadBbc("business/297.txt"), {});
  EXPECT_TRUE(HasMention(banks, "Deutsche Bank", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(banks, "Credit Suisse Group", v1::ENTITY_TYPE_ORGANIZATION));
  for (const v1::Annotations* a : {&search, &banks}) {
    for (const auto& m : a->mentions()) {
      EXPECT_FALSE(m.text() == "Google and Ask Jeeves" ||
                   m.text() == "Deutsche Bank and Credit Suisse Group")
          << m.text();
    }
  }
  // An organisation's whole name, ended by its head, and a name news
  // writes only capitalised, though neither is alone in the document:
  // "Deutsche Bank and Citigroup" (business/312), "the Licensed Taxi
  // Drivers Association and Pointsec" (tech/375), "The North Atlantic
  // Treaty Organization and Gazprom".
  const v1::Annotations parmalat = tagger_->Tag(ReadBbc("business/312.txt"), {});
  EXPECT_TRUE(HasMention(parmalat, "Citigroup", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(parmalat, "Deutsche Bank", v1::ENTITY_TYPE_ORGANIZATION));
  const v1::Annotations cabs = tagger_->Tag(ReadBbc("tech/375.txt"), {});
  EXPECT_TRUE(HasMention(cabs, "Pointsec", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_TRUE(HasMention(cabs, "Licensed Taxi Drivers Association", v1::ENTITY_TYPE_ORGANIZATION));
  const v1::Annotations gas = tagger_->Tag(
      "The North Atlantic Treaty Organization and Gazprom said on Monday that the talks would "
      "resume.",
      {});
  EXPECT_TRUE(HasMention(gas, "Gazprom", v1::ENTITY_TYPE_ORGANIZATION));
  // A firm's own name goes on after "and" ("Investors Bank and Trust"),
  // and a second part with a word news writes in lower case is no name of
  // its own ("Department of Trade and Industry").
  const v1::Annotations trust = tagger_->Tag(
      "Shares of Investors Bank and Trust rose. The Department of Trade and Industry said so.", {});
  for (const auto& m : trust.mentions()) {
    EXPECT_NE(m.text(), "Trust");
    EXPECT_NE(m.text(), "Industry");
  }
}

// A holiday's name is MISC, whatever class the model gives it: BBC
// business/317's six "Christmas" (read as an organisation), not a name it
// is part of.
TEST_F(SeedsTest, AHolidayIsNoPlaceFirmOrPerson) {
  const v1::Annotations sales = tagger_->Tag(ReadBbc("business/317.txt"), {});
  int christmas = 0;
  for (const auto& m : sales.mentions()) {
    if (m.text() != "Christmas") continue;
    ++christmas;
    EXPECT_EQ(m.type(), v1::ENTITY_TYPE_MISC) << m.span().begin();
  }
  EXPECT_GE(christmas, 6);
  const v1::Annotations island =
      tagger_->Tag("Flights to Christmas Island resume on Easter Monday, officials said.", {});
  EXPECT_FALSE(HasMention(island, "Christmas", v1::ENTITY_TYPE_MISC));
  // Nor a feast of another faith ("Eid-al-Adha", read as an organisation
  // in a PolNeAR dev story).
  const v1::Annotations eid = tagger_->Tag(
      testing::ReadFile(
          testing::SharedDir() +
          "/data/polnear/dev/text/west-journal_2016-09-12_obama-seeks-more-muslim-refugees.txt"),
      {});
  EXPECT_TRUE(HasMention(eid, "Eid-al-Adha", v1::ENTITY_TYPE_MISC));
  for (const auto& m : island.mentions()) {
    if (m.text() == "Easter Monday") {
      EXPECT_EQ(m.type(), v1::ENTITY_TYPE_MISC);
    }
  }
}

// An award the model reads as a person is no person ("the best film
// Oscar", "awarded an Oscar"), nor is what the text writes after "an"; a
// person of that given name stays one.
TEST_F(SeedsTest, AnAwardIsNoPerson) {
  const v1::Annotations awards = tagger_->Tag(ReadBbc("entertainment/035.txt"), {});
  int oscars = 0;
  for (const auto& m : awards.mentions()) {
    if (m.text() != "Oscar") continue;
    ++oscars;
    EXPECT_EQ(m.type(), v1::ENTITY_TYPE_MISC) << m.span().begin();
  }
  EXPECT_GE(oscars, 4);
  // Nor is it a place.
  int baftas = 0;
  const v1::Annotations ceremony = tagger_->Tag(ReadBbc("entertainment/038.txt"), {});
  for (const auto& m : ceremony.mentions()) {
    if (m.text() != "Bafta") continue;
    ++baftas;
    EXPECT_NE(m.type(), v1::ENTITY_TYPE_LOCATION);
  }
  EXPECT_GE(baftas, 1);
  const v1::Annotations wilde =
      tagger_->Tag("Oscar Wilde wrote plays in London. Oscar was famous for his wit.", {});
  EXPECT_TRUE(HasMention(wilde, "Oscar Wilde", v1::ENTITY_TYPE_PERSON));
  for (const auto& m : wilde.mentions()) EXPECT_NE(m.type(), v1::ENTITY_TYPE_MISC) << m.text();
  // Outside a text about awards or films, "Oscar" may be a footballer.
  const v1::Annotations footballer =
      tagger_->Tag("Oscar scored twice as Chelsea beat Everton. Oscar said he was happy.", {});
  EXPECT_FALSE(HasMention(footballer, "Oscar", v1::ENTITY_TYPE_MISC));
  // A name after "an" that qualifies a noun is still the person's.
  const v1::Annotations appointee =
      tagger_->Tag("The judge, an Obama appointee, ruled on Monday. Obama praised him.", {});
  EXPECT_TRUE(HasMention(appointee, "Obama", v1::ENTITY_TYPE_PERSON));
  EXPECT_FALSE(HasMention(appointee, "Obama", v1::ENTITY_TYPE_MISC));
}

// A known organisation the model reads as a place is the organisation
// ("Yugansk", the oil company of BBC business/083), but not where the
// name is a place's too: a club a knowledge base calls "Barcelona" leaves
// the city alone.
TEST_F(SeedsTest, AKnownOrganisationIsNoPlaceUnlessTheNameIsAPlacesToo) {
  Tagger knowing(recognizer_);
  knowing.SetKnownNames(std::make_shared<const KnownNames>(std::vector<KnownNames::Name>{
      {"Yugansk", v1::ENTITY_TYPE_ORGANIZATION}, {"Barcelona", v1::ENTITY_TYPE_ORGANIZATION}}));
  const std::string text = ReadBbc("business/083.txt");
  const v1::Annotations alone = tagger_->Tag(text, {});
  EXPECT_TRUE(HasMention(alone, "Yugansk", v1::ENTITY_TYPE_LOCATION));
  const v1::Annotations known = knowing.Tag(text, {});
  EXPECT_TRUE(HasMention(known, "Yugansk", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_FALSE(HasMention(known, "Yugansk", v1::ENTITY_TYPE_LOCATION));
  const std::string trip = "Fans flew to Barcelona and Madrid.";
  ASSERT_TRUE(HasMention(tagger_->Tag(trip, {}), "Barcelona", v1::ENTITY_TYPE_LOCATION));
  EXPECT_TRUE(HasMention(knowing.Tag(trip, {}), "Barcelona", v1::ENTITY_TYPE_LOCATION));
}

// "US Secretary of State Condoleezza Rice" (BBC politics/209), read by the
// model as one organisation, is the country, a title and the person, who
// has the role; "General Motors" (business/026) is no general's title.
// "Ex-Home Secretary" keeps its "ex-" (politics/397).
TEST_F(SeedsTest, AnOfficeInsideAnOrganisationsSpanStartsAPerson) {
  const v1::Annotations rice = tagger_->Tag(ReadBbc("politics/209.txt"), {});
  EXPECT_TRUE(HasMention(rice, "Condoleezza Rice", v1::ENTITY_TYPE_PERSON));
  EXPECT_THAT(RolesOf(rice, "Condoleezza Rice"), ::testing::Contains("US Secretary of State"));
  const v1::Annotations gm = tagger_->Tag(ReadBbc("business/026.txt"), {});
  EXPECT_TRUE(HasMention(gm, "General Motors", v1::ENTITY_TYPE_ORGANIZATION));
  const v1::Annotations blunkett = tagger_->Tag(ReadBbc("politics/397.txt"), {});
  EXPECT_THAT(RolesOf(blunkett, "David Blunkett"), ::testing::Contains("Ex-Home Secretary"));
  // A building or a street named after an office is no person.
  const v1::Annotations places = tagger_->Tag(
      "Fans queued outside the Ambassador Theatre in London. He drove down Chancellor Road to "
      "the Governor Phillip Tower in Sydney.",
      {});
  for (const auto& m : places.mentions()) {
    EXPECT_NE(m.type(), v1::ENTITY_TYPE_PERSON) << m.text();
  }
  // A head before another is its modifier: one title.
  const v1::Annotations oaten =
      tagger_->Tag("Lib Dem home affairs and justice spokesman Mark Oaten said it was wrong.", {});
  EXPECT_THAT(RolesOf(oaten, "Mark Oaten"),
              ::testing::Contains("Lib Dem home affairs and justice spokesman"));
}

// "Tories Ken Clarke and Sir George Young" (BBC politics/319): the model
// reads the party and the man as one person; he is Ken Clarke, and his
// words are his.
TEST_F(SeedsTest, APartyBeforeAPersonsNameIsNoPartOfIt) {
  const v1::Annotations a = tagger_->Tag(ReadBbc("politics/319.txt"), {});
  bool clarke = false;
  for (const auto& m : a.mentions()) {
    EXPECT_FALSE(absl::StartsWith(m.text(), "Tories ") && m.type() == v1::ENTITY_TYPE_PERSON)
        << m.text();
    clarke = clarke || (m.text() == "Ken Clarke" && m.type() == v1::ENTITY_TYPE_PERSON);
  }
  EXPECT_TRUE(clarke);
  int quoted = 0;
  for (const auto& q : a.quotes()) {
    if (q.has_speaker_entity_index() &&
        a.entities(q.speaker_entity_index()).name() == "Ken Clarke") {
      ++quoted;
    }
  }
  EXPECT_GE(quoted, 1);
}

// "Speaking in Harrogate Mr Kennedy said": the model runs the place into
// the name; a courtesy title inside a person's span starts the name, so the
// person is Kennedy (BBC politics/417).
TEST_F(SeedsTest, ACourtesyTitleInsideASpanStartsTheName) {
  const std::string text = ReadBbc("politics/417.txt");
  ASSERT_FALSE(text.empty()) << "politics/417.txt";
  const v1::Annotations a = tagger_->Tag(text, {});
  int kennedys = 0;
  for (const auto& m : a.mentions()) {
    if (m.type() != v1::ENTITY_TYPE_PERSON) continue;
    EXPECT_EQ(m.text().find(" Mr "), std::string::npos) << m.text();
    EXPECT_EQ(m.text().find("Harrogate"), std::string::npos) << m.text();
    if (m.text() == "Kennedy") ++kennedys;
  }
  EXPECT_GE(kennedys, 1);
}

// An office's title the model ran into a person's name is no part of it:
// BBC business/299's "Judge Letitia Clark" is Letitia Clark, whom four
// other business stories name so, and she holds the title; politics/302's
// "Mr Justice Eady" is Eady. After "the" a title is a thing's name
// (entertainment/244's "the Judge Dredd film"); and "the Mayor said" is no
// name at all.
TEST_F(SeedsTest, AnOfficesTitleIsNoPartOfAPersonsName) {
  const v1::Annotations clark = tagger_->Tag(ReadBbc("business/299.txt"), {});
  EXPECT_TRUE(HasMention(clark, "Letitia Clark", v1::ENTITY_TYPE_PERSON));
  EXPECT_FALSE(HasMention(clark, "Judge Letitia Clark", v1::ENTITY_TYPE_PERSON));
  EXPECT_THAT(RolesOf(clark, "Letitia Clark"), ::testing::Contains("Judge"));
  const v1::Annotations eady = tagger_->Tag(ReadBbc("politics/302.txt"), {});
  EXPECT_TRUE(HasMention(eady, "Eady", v1::ENTITY_TYPE_PERSON));
  EXPECT_FALSE(HasMention(eady, "Justice Eady", v1::ENTITY_TYPE_PERSON));
  const v1::Annotations dredd = tagger_->Tag(ReadBbc("entertainment/244.txt"), {});
  EXPECT_FALSE(HasMention(dredd, "Dredd", v1::ENTITY_TYPE_PERSON));
  const v1::Annotations mayor = tagger_->Tag(
      "Mayor Bill de Blasio spoke on Monday. Asked about Mr. Trump, the Mayor said he would "
      "not do business with him.",
      {});
  for (const auto& m : mayor.mentions()) {
    EXPECT_NE(m.text(), "Mayor");
    EXPECT_EQ(m.text().find("Mayor "), std::string::npos) << m.text();
  }
  // Nor is "Mr. President" (a PolNeAR train speech the model read so three
  // times), but "Mr. Justice" is Jim Justice where the text names him so,
  // and "Mayor" a player in BBC sport/325's team list.
  const auto polnear = [](const std::string& file) {
    return testing::ReadFile(testing::SharedDir() + "/data/polnear/train/text/" + file);
  };
  const v1::Annotations speech =
      tagger_->Tag(polnear("breitbart_2016-01-18_trump-i-m-the-worst-thing-that-e.txt"), {});
  EXPECT_FALSE(HasMention(speech, "President", v1::ENTITY_TYPE_PERSON));
  const v1::Annotations justice = tagger_->Tag(
      testing::ReadFile(
          testing::SharedDir() +
          "/data/polnear/dev/text/nyt_2016-10-02_a-curious-plan-to-fight-climate-.txt"),
      {});
  EXPECT_TRUE(HasMention(justice, "Justice", v1::ENTITY_TYPE_PERSON));
  const v1::Annotations team = tagger_->Tag(ReadBbc("sport/325.txt"), {});
  EXPECT_TRUE(HasMention(team, "Mayor", v1::ENTITY_TYPE_PERSON));
}

// The model reads "Justice Scalia" in a long NYT opinion piece (PolNeAR
// train) as an organisation 18 times: the office's title starts the
// person there too, and he is one person with "Antonin Scalia"; the
// court before a justice's title is the court ("Supreme Court", not
// "Supreme"). Not in a name that holds the word ("Criminal Justice
// Bill").
TEST_F(SeedsTest, AJusticesTitleInAnOrganisationsSpanStartsThePerson) {
  const v1::Annotations a = tagger_->Tag(
      testing::ReadFile(
          testing::SharedDir() +
          "/data/polnear/train/text/nyt_2016-06-29_the-perfect-term-for-conservativ.txt"),
      {});
  int scalia = 0;
  for (const auto& m : a.mentions()) {
    EXPECT_FALSE(absl::StrContains(m.text(), "Justice Scalia")) << m.text();
    if (m.text() == "Scalia" && m.type() == v1::ENTITY_TYPE_PERSON) ++scalia;
  }
  EXPECT_GE(scalia, 15);
  const v1::Annotations court = tagger_->Tag(
      testing::ReadFile(
          testing::SharedDir() +
          "/data/polnear/dev/text/breitbart_2016-10-02_washington-post-hit-piece-exploi.txt"),
      {});
  EXPECT_TRUE(HasMention(court, "Antonin Scalia", v1::ENTITY_TYPE_PERSON));
  EXPECT_FALSE(HasMention(court, "U.S. Supreme", v1::ENTITY_TYPE_ORGANIZATION));
  // A title the model read as a name of its own right before a person's
  // is none: "Supreme Court Justice" before "Ruth Bader Ginsburg" is the
  // court; "Chief Justice" before "John Roberts" nothing ("the Chief
  // Justice's opinion" alone stays a name).
  const v1::Annotations ginsburg = tagger_->Tag(
      testing::ReadFile(
          testing::SharedDir() +
          "/data/polnear/train/text/breitbart_2016-07-13_trump-demands-ginsburg-resign-fo.txt"),
      {});
  EXPECT_TRUE(HasMention(ginsburg, "Ruth Bader Ginsburg", v1::ENTITY_TYPE_PERSON));
  EXPECT_TRUE(HasMention(ginsburg, "Supreme Court", v1::ENTITY_TYPE_ORGANIZATION));
  EXPECT_FALSE(HasMention(ginsburg, "Supreme Court Justice", v1::ENTITY_TYPE_ORGANIZATION));
  const v1::Annotations roberts = tagger_->Tag(
      testing::ReadFile(
          testing::SharedDir() +
          "/data/polnear/train/text/huff-post_2016-05-07_no-chief-justice-john-roberts-di.txt"),
      {});
  // (The headline: "No, Chief Justice John Roberts Did Not ...".)
  ASSERT_GE(roberts.mentions_size(), 1);
  EXPECT_EQ(roberts.mentions(0).text(), "John Roberts");
  const v1::Annotations bill = tagger_->Tag(ReadBbc("politics/168.txt"), {});
  for (const auto& m : bill.mentions()) {
    EXPECT_NE(m.text(), "Bill") << "politics/168.txt";
  }
}

// A headline's word the model ran into the name of a person its story
// names otherwise is no part of the name: BBC entertainment/117's "Rapper
// Jay-Z", 155's "Disputed Nirvana", 237's "Singer Knight" (Beverley
// Knight). Not below the headline, and not a name's particle ("De Niro").
TEST_F(SeedsTest, AHeadlinesWordIsNoPartOfTheNameItsStoryGives) {
  const struct {
    const char* file;
    const char* junk;
    const char* name;
  } cases[] = {{"entertainment/117.txt", "Rapper Jay-Z", "Jay-Z"},
               {"entertainment/155.txt", "Disputed Nirvana", "Nirvana"},
               {"entertainment/237.txt", "Singer Knight", "Knight"}};
  for (const auto& c : cases) {
    const v1::Annotations a = tagger_->Tag(ReadBbc(c.file), {});
    EXPECT_FALSE(HasMention(a, c.junk, v1::ENTITY_TYPE_PERSON)) << c.file;
    ASSERT_GE(a.mentions_size(), 1) << c.file;
    EXPECT_EQ(a.mentions(0).text(), c.name) << c.file;
  }
  const v1::Annotations niro = tagger_->Tag(
      "De Niro film tops box office\n\nRobert De Niro's new film led the chart. De Niro said he "
      "was pleased.",
      {});
  EXPECT_FALSE(HasMention(niro, "Niro", v1::ENTITY_TYPE_PERSON));
}

// A team sheet (BBC sport/294): "..., Hardwick; Kennedy, Casey; ...". No
// name runs across a semicolon.
TEST_F(SeedsTest, NoNameRunsAcrossASemicolon) {
  const std::string text = ReadBbc("sport/294.txt");
  ASSERT_FALSE(text.empty()) << "sport/294.txt";
  const v1::Annotations a = tagger_->Tag(text, {});
  // The team sheet's two, each a name of its own where the model reads
  // it as one (ner-crf-20261201b misses "Hardwick" there): none ends past
  // the semicolon, and Kennedy starts a name after it.
  const size_t sheet = text.find("Hardwick; Kennedy,");
  ASSERT_NE(sheet, std::string::npos);
  bool kennedy = false;
  for (const auto& m : a.mentions()) {
    EXPECT_EQ(m.text().find(';'), std::string::npos) << m.text();
    const auto begin = static_cast<size_t>(m.span().begin());
    if (begin >= sheet - 20 && begin <= sheet) {
      EXPECT_LE(static_cast<size_t>(m.span().end()), sheet + 8) << m.text();
    }
    if (m.text() == "Kennedy" && begin == sheet + 10) kennedy = true;
  }
  EXPECT_TRUE(kennedy);
}

// "The Liberal Democrats and the Conservatives" (BBC politics 007), "the
// Scottish National Party and the Tories" (010): two parties each, which
// the model reads as one organisation.
TEST_F(SeedsTest, NoNameRunsAcrossAndThe) {
  std::set<std::string> names;
  for (const char* file : {"007", "010"}) {
    const std::string text = ReadBbc(absl::StrCat("politics/", file, ".txt"));
    ASSERT_FALSE(text.empty()) << file;
    const v1::Annotations a = tagger_->Tag(text, {});
    for (const auto& m : a.mentions()) {
      EXPECT_EQ(m.text().find(" and the "), std::string::npos) << m.text() << " in " << file;
      names.insert(m.text());
    }
  }
  EXPECT_TRUE(names.count("Conservatives"));
  EXPECT_TRUE(names.count("Scottish National Party"));
  EXPECT_TRUE(names.count("Tories"));
}

// "The Shadow Secretary of State for the Family, Theresa May, said"
// (BBC politics/001): the model ends the person at "Theresa", "May" being
// a month to it. A person's name goes on into "May", and the quote is hers.
TEST_F(SeedsTest, AMonthAfterAGivenNameIsASurname) {
  const std::string text = ReadBbc("politics/001.txt");
  ASSERT_FALSE(text.empty()) << "politics/001.txt";
  const v1::Annotations a = tagger_->Tag(text, {});
  bool may = false;
  for (const auto& m : a.mentions()) {
    EXPECT_NE(m.text(), "Theresa");
    may = may || (m.text() == "Theresa May" && m.type() == v1::ENTITY_TYPE_PERSON);
  }
  EXPECT_TRUE(may);
  // A date stays a date.
  const v1::Annotations d = tagger_->Tag("Tony Blair met him. Blair May 5 talks went on.", {});
  for (const auto& m : d.mentions()) EXPECT_EQ(m.text().find("May"), std::string::npos) << m.text();
}

// The cutting rules leave a known name whole ("MP Materials", "Echo and
// the Bunnymen"), a title in brackets where it is ("Member of Parliament
// (MP)" gives no part of a bracket alone), and "May" to a headline.
TEST_F(SeedsTest, TheCuttingRulesKeepWhatTheyShould) {
  Tagger curated(recognizer_);
  curated.SetKnownNames(std::make_shared<const KnownNames>(
      std::vector<KnownNames::Name>{{"MP Materials", v1::ENTITY_TYPE_ORGANIZATION},
                                    {"Echo and the Bunnymen", v1::ENTITY_TYPE_ORGANIZATION}}));
  std::set<std::string> names;
  const v1::Annotations known =
      curated.Tag("Shares of MP Materials rose. Echo and the Bunnymen played.", {});
  for (const auto& m : known.mentions()) names.insert(m.text());
  EXPECT_TRUE(names.count("MP Materials"));
  EXPECT_TRUE(names.count("Echo and the Bunnymen"));
  const v1::Annotations bracketed =
      tagger_->Tag("He was elected Member of Parliament (MP) for Salford in 1997.", {});
  for (const auto& m : bracketed.mentions()) {
    EXPECT_NE(m.text(), ")");
    EXPECT_NE(m.text(), "(");
  }
  // The model reads "Blair" alone here.
  const v1::Annotations headline =
      tagger_->Tag("Blair May Quit Over Iraq\n\nTony Blair said so.", {});
  for (const auto& m : headline.mentions()) {
    EXPECT_EQ(m.text().find("May"), std::string::npos) << m.text();
  }
}

// British news titles members of parliaments next to their names and
// parties ("Labour MP Louise Ellman", "Frank Field MP", "SNP MSPs"), which
// CoNLL-2003 never does; the model runs the title into the name, or takes
// it alone for an organisation. The title is no part of any name, and a
// name after a member's title is a person's (BBC politics).
TEST_F(SeedsTest, AMembersTitleIsNoPartOfAName) {
  std::map<std::string, std::string> type_of;  // mention text -> type
  for (const char* file : {"008", "045", "218", "302", "307", "331"}) {
    const std::string text = ReadBbc(absl::StrCat("politics/", file, ".txt"));
    ASSERT_FALSE(text.empty()) << file;
    const v1::Annotations a = tagger_->Tag(text, {});
    for (const auto& m : a.mentions()) {
      for (const absl::string_view word : absl::StrSplit(m.text(), ' ')) {
        EXPECT_FALSE(IsMemberTitle(word)) << m.text() << " in " << file;
      }
      type_of[m.text()] = v1::EntityType_Name(m.type());
    }
  }
  // "Labour MP Louise Ellman", one organisation to the model (331).
  EXPECT_EQ(type_of["Louise Ellman"], "ENTITY_TYPE_PERSON");
  EXPECT_EQ(type_of["Labour"], "ENTITY_TYPE_ORGANIZATION");
  // "Liberal Democrat MP" (008), "Frank Field MP" (218).
  EXPECT_EQ(type_of["Liberal Democrat"], "ENTITY_TYPE_ORGANIZATION");
  EXPECT_EQ(type_of["Frank Field"], "ENTITY_TYPE_PERSON");
}

// Nor does a party that British news puts before a name ("Tory Liam Fox")
// make the person an organisation (BBC politics).
TEST_F(SeedsTest, APartyBeforeANameIsNoPartOfIt) {
  std::map<std::string, std::string> type_of;  // mention text -> type
  for (const char* file : {"004", "008", "220", "361", "389"}) {
    const std::string text = ReadBbc(absl::StrCat("politics/", file, ".txt"));
    ASSERT_FALSE(text.empty()) << file;
    const v1::Annotations a = tagger_->Tag(text, {});
    for (const auto& m : a.mentions()) type_of[m.text()] = v1::EntityType_Name(m.type());
    for (const auto& q : a.quotes()) {
      if (!q.has_speaker_entity_index()) continue;
      EXPECT_NE(a.entities(q.speaker_entity_index()).name().rfind("Tory ", 0), 0u) << file;
    }
  }
  EXPECT_EQ(type_of["Liam Fox"], "ENTITY_TYPE_PERSON");
  EXPECT_EQ(type_of["Sarah Teather"], "ENTITY_TYPE_PERSON");
  EXPECT_EQ(type_of["David Laws"], "ENTITY_TYPE_PERSON");
  EXPECT_EQ(type_of["David Heathcoat-Amory"], "ENTITY_TYPE_PERSON");
  EXPECT_EQ(type_of.count("Tory Liam Fox"), 0u);
  EXPECT_EQ(type_of.count("Liberal Democrat Sarah Teather"), 0u);
  // A party's own names stay whole, and so do its bodies and regions.
  EXPECT_EQ(type_of["Labour Party"], "ENTITY_TYPE_ORGANIZATION");
  const v1::Annotations bodies = tagger_->Tag(
      "The Tory Reform Group said so. The SNP Westminster Group met in Labour North West.", {});
  for (const auto& m : bodies.mentions()) {
    EXPECT_NE(m.type(), v1::ENTITY_TYPE_PERSON) << m.text();
  }
}

// Nor across a bracket it does not close: Reuters writes a company's ticker
// after its name ("Primerica Corp <PA>"), and the model may run one into
// the other. A bracketed part the name closes stays, as CoNLL writes teams.
TEST_F(SeedsTest, NoNameRunsAcrossABracketItDoesNotClose) {
  const std::string text =
      "NOTE: Effective September 25, 1987, Primerica Corp <PA>\nowned 81.4 pct of Musicland's "
      "common shares.";
  const v1::Annotations a = tagger_->Tag(text, {});
  bool primerica = false;
  for (const auto& m : a.mentions()) {
    EXPECT_EQ(m.text().find('<'), std::string::npos) << m.text();
    EXPECT_EQ(m.text().find('>'), std::string::npos) << m.text();
    if (m.text() == "Primerica Corp") primerica = m.type() == v1::ENTITY_TYPE_ORGANIZATION;
  }
  EXPECT_TRUE(primerica);
  const v1::Annotations team = tagger_->Tag("Mladost (L) 1 Buducnost (P) 2", {});
  bool bracketed = false;
  for (const auto& m : team.mentions()) bracketed |= m.text() == "Mladost (L)";
  EXPECT_TRUE(bracketed);
}

// A name repeated without a break is no 200-word name: the model runs a
// span through all of it, which the tagger drops (more than 24 tokens).
TEST_F(SeedsTest, NoNameIsLongerThanTwentyFourTokens) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "Angela Merkel ";
  const v1::Annotations a = tagger_->Tag(text, {});
  for (const auto& m : a.mentions()) {
    EXPECT_LE(std::count(m.text().begin(), m.text().end(), ' '), 23) << m.text().substr(0, 80);
  }
  // Names of several words stay.
  const v1::Annotations ministry = tagger_->Tag(
      "Officials of the Ministry of Mining and Energy of the Republic of Serbia said so.", {});
  bool long_name = false;
  for (const auto& m : ministry.mentions())
    long_name = long_name || m.text() == "Republic of Serbia";
  EXPECT_TRUE(long_name);
}

// "on the Rossiya-24 round-the-clock television news channel" (seed 003):
// the channel is Rossiya-24; the model runs the name on into the modifier.
TEST_F(SeedsTest, NoNameEndsOnALowerCaseCompound) {
  const Seed& seed = seeds_.at("003_a218f07db88514ac.txt");
  bool channel = false;
  for (const auto& m : seed.annotations.mentions()) {
    EXPECT_EQ(m.text().find("round-the-clock"), std::string::npos) << m.text();
    channel = channel || m.text() == "Rossiya-24";
  }
  EXPECT_TRUE(channel);
}

TEST_F(SeedsTest, EachPersonsSpellingsAreOneEntity) {
  // Seed 001 writes Vučić three ways; seeds 003 and 004 Botsan-Kharchenko two.
  for (const auto& [file, seed] : seeds_) {
    std::map<std::string, std::set<int>> entities_by_surname;
    for (const auto& m : seed.annotations.mentions()) {
      if (m.type() != v1::ENTITY_TYPE_PERSON) continue;
      for (const std::string surname :
           {"Vu\xc4\x8di\xc4\x87", "Kharchenko", "Lavrov", "Zakharova"}) {
        if (m.text().find(surname) != std::string::npos) {
          entities_by_surname[surname].insert(m.entity_index());
        }
      }
    }
    for (const auto& [surname, entities] : entities_by_surname) {
      EXPECT_EQ(entities.size(), 1u) << surname << " is split over entities in " << file;
    }
  }
}

}  // namespace
}  // namespace dossier::tagger
