// The entity registry through the DocumentStore, on a real RocksDB in a
// temp dir: linking across documents, curation, knowledge bases, places.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/query/document_store.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

struct Named {
  v1::EntityType type;
  // As the tagger's coreference leaves it: the most complete name, and the
  // spellings of its mentions, each found in the text.
  std::string name;
  std::vector<std::string> mentions;
  std::string key;  // default: the folded name
};

v1::Document MakeDocument(const std::string& text, const std::vector<Named>& entities,
                          const std::string& date = "2023-02-13") {
  v1::Document d;
  d.set_id(DocumentIdForText(text));
  d.set_text(text);
  *d.mutable_metadata()->mutable_publish_date() = *ParseDate(date, "date");
  *d.mutable_accept_time() = ToProtoTimestamp(absl::FromUnixSeconds(1700000000));
  v1::Annotations* a = d.mutable_annotations();
  a->add_sentences()->mutable_span()->set_end(static_cast<int>(text.size()));
  for (size_t e = 0; e < entities.size(); ++e) {
    v1::Entity* entity = a->add_entities();
    entity->set_type(entities[e].type);
    entity->set_name(entities[e].name);
    entity->set_key(entities[e].key.empty() ? text::FoldName(entities[e].name) : entities[e].key);
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
  return d;
}

Named Person(const std::string& name, std::vector<std::string> mentions = {}) {
  if (mentions.empty()) mentions = {name};
  return {v1::ENTITY_TYPE_PERSON, name, std::move(mentions), ""};
}

Named Org(const std::string& name) { return {v1::ENTITY_TYPE_ORGANIZATION, name, {name}, ""}; }
Named Place(const std::string& name) { return {v1::ENTITY_TYPE_LOCATION, name, {name}, ""}; }
Named Misc(const std::string& name) { return {v1::ENTITY_TYPE_MISC, name, {name}, ""}; }

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto idf = IdfTable::Load(testing::SourceDir() + "/models/idf/idf.bin");
    ASSERT_TRUE(idf.ok()) << idf.status();
    idf_ = std::move(*idf);
    auto names = text::GivenNames::Load(testing::SourceDir() + "/models/registry/given_names.txt");
    ASSERT_TRUE(names.ok()) << names.status();
    names_ = std::make_unique<text::GivenNames>(*std::move(names));
    Reopen();
  }
  void Reopen(const Gazetteer* places = nullptr) {
    store_.reset();
    DocumentStoreOptions options;
    options.path = dir_.Sub("db");
    options.idf = idf_.get();
    options.given_names = names_.get();
    options.places = places;
    auto store = DocumentStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void Index(const std::vector<v1::Document>& documents) {
    std::vector<const v1::Document*> ptrs;
    for (const auto& d : documents) ptrs.push_back(&d);
    ASSERT_TRUE(store_->Index(ptrs, absl::Now()).ok());
  }
  // The registry id of the document's entity named `name`, or with a
  // mention `name` (rows of one registry entity read as one row: "Brown"
  // is then a mention of the row "Gordon Brown").
  std::string IdIn(const v1::Document& d, const std::string& name) {
    auto stored = store_->Get(d.id());
    EXPECT_TRUE(stored.ok()) << stored.status();
    const v1::Annotations& a = stored->annotations();
    for (const auto& e : a.entities()) {
      if (e.name() == name) return e.entity_id();
    }
    for (const auto& m : a.mentions()) {
      if (m.text() == name && m.entity_index() >= 0 && m.entity_index() < a.entities_size()) {
        return a.entities(m.entity_index()).entity_id();
      }
    }
    ADD_FAILURE() << "no entity " << name;
    return "";
  }
  // Adds `alias` to the entity `entity` names.
  // Merges `from` into `into` (references as the API takes them).
  absl::Status Merge(const std::string& from, const std::string& into) {
    MergeEntitiesSpec spec;
    spec.entity = from;
    spec.into = into;
    v1::MergeEntitiesResponse response;
    return store_->MergeEntities(spec, &response);
  }
  // SplitEntityAlias or RemoveEntityAlias of `alias` on `entity`.
  template <typename Response>
  absl::StatusOr<Response> ByAlias(
      absl::Status (DocumentStore::*method)(const SplitEntityAliasSpec&, Response*),
      const std::string& entity, const std::string& alias) {
    SplitEntityAliasSpec spec;
    spec.entity = entity;
    spec.alias = alias;
    Response response;
    const absl::Status status = (store_.get()->*method)(spec, &response);
    if (!status.ok()) return status;
    return response;
  }
  absl::StatusOr<v1::SplitEntityAliasResponse> Split(const std::string& entity,
                                                     const std::string& alias) {
    return ByAlias(&DocumentStore::SplitEntityAlias, entity, alias);
  }
  absl::StatusOr<v1::RemoveEntityAliasResponse> RemoveAlias(const std::string& entity,
                                                            const std::string& alias) {
    return ByAlias(&DocumentStore::RemoveEntityAlias, entity, alias);
  }
  // Michael Jordan, with the keys "michael jordan" and (the registry joins
  // the bare surname by the company it keeps) "jordan"; Scottie Pippen.
  void IndexJordanAndPippen() {
    Index({MakeDocument("Michael Jordan of the Chicago Bulls scored.",
                        {Person("Michael Jordan"), Org("Chicago Bulls")})});
    Index({MakeDocument("Jordan and the Chicago Bulls won.",
                        {Person("Jordan"), Org("Chicago Bulls")})});
    Index({MakeDocument("Scottie Pippen passed.", {Person("Scottie Pippen")})});
  }
  absl::Status Alias(const std::string& entity, const std::string& alias) {
    AddEntityAliasSpec spec;
    spec.entity = entity;
    spec.alias = alias;
    v1::AddEntityAliasResponse response;
    return store_->AddEntityAlias(spec, &response);
  }
  // ImportKnowledgeBase of one entity.
  absl::StatusOr<v1::ImportKnowledgeBaseResponse> Import(
      const std::string& name, std::vector<std::string> aliases, v1::EntityType type,
      std::vector<std::pair<std::string, std::string>> external_ids) {
    ImportKnowledgeBaseSpec spec;
    KnowledgeBaseEntry& entry = spec.entities.emplace_back();
    entry.name = name;
    entry.aliases = std::move(aliases);
    entry.type = type;
    entry.external_ids = std::move(external_ids);
    v1::ImportKnowledgeBaseResponse response;
    DOSSIER_RETURN_IF_ERROR(store_->ImportKnowledgeBase(spec, &response));
    return response;
  }
  // SetEntityType: the entity as it is after.
  absl::StatusOr<v1::EntityProfile> Retype(const std::string& entity, v1::EntityType type) {
    SetEntityTypeSpec spec;
    spec.entity = entity;
    spec.type = type;
    v1::SetEntityTypeResponse response;
    DOSSIER_RETURN_IF_ERROR(store_->SetEntityType(spec, &response));
    return response.entity();
  }
  v1::EntityProfile Profile(const std::string& reference) {
    GetEntitySpec spec;
    spec.entity.reference = reference;
    v1::GetEntityResponse response;
    const absl::Status s = store_->searcher().GetEntity(spec, &response);
    EXPECT_TRUE(s.ok()) << reference << ": " << s;
    return response.entity();
  }
  // The ids of what else `reference` may mean (GetEntityResponse.alternatives).
  std::vector<std::string> Alternatives(const std::string& reference) {
    GetEntitySpec spec;
    spec.entity.reference = reference;
    v1::GetEntityResponse response;
    const absl::Status s = store_->searcher().GetEntity(spec, &response);
    EXPECT_TRUE(s.ok()) << reference << ": " << s;
    std::vector<std::string> out;
    for (const auto& a : response.alternatives()) out.push_back(a.id());
    return out;
  }
  int64_t Count(const std::string& entity) {
    SearchDocumentsSpec spec;
    spec.filter.entities = {entity};
    v1::SearchDocumentsResponse response;
    EXPECT_TRUE(store_->searcher().Search(spec, &response).ok());
    return response.total_size();
  }

  testing::TempDir dir_;
  std::unique_ptr<IdfTable> idf_;
  std::unique_ptr<text::GivenNames> names_;
  std::unique_ptr<DocumentStore> store_;
};

TEST_F(RegistryTest, OnePersonHoweverTheNameIsSpelled) {
  const v1::Document a = MakeDocument("Aleksandar Vu\xc4\x8di\xc4\x87 spoke.",
                                      {Person("Aleksandar Vu\xc4\x8di\xc4\x87")});
  const v1::Document b = MakeDocument("Alexander Vu\xc4\x8di\xc4\x87 answered.",
                                      {Person("Alexander Vu\xc4\x8di\xc4\x87")});
  const v1::Document c = MakeDocument("Vucic said no.", {Person("Vucic")});
  // Cyrillic: the tagger's key folds it to Latin.
  const v1::Document d = MakeDocument(
      "\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b \xd1\x98\xd0\xb5 "
      "\xd1\x80\xd0\xb5\xd0\xba\xd0\xb0\xd0\xbe.",
      {Person("\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b")});
  Index({a});
  Index({b, c});
  Index({d});
  const std::string id = IdIn(a, "Aleksandar Vu\xc4\x8di\xc4\x87");
  EXPECT_EQ(IdIn(b, "Alexander Vu\xc4\x8di\xc4\x87"), id);
  EXPECT_EQ(IdIn(c, "Vucic"), id);
  EXPECT_EQ(IdIn(d, "\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b"), id);
  EXPECT_EQ(Count("Vucic"), 4);
  EXPECT_EQ(Count("\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b"), 4);
  const v1::EntityProfile profile = Profile("Alexander Vucic");
  EXPECT_EQ(profile.id(), id);
  EXPECT_EQ(profile.document_count(), 4);
  EXPECT_THAT(profile.keys(), UnorderedElementsAre("aleksandar vucic", "alexander vucic", "vucic"));
  // Sergei/Sergey, and a surname met before the full name.
  const v1::Document e = MakeDocument("Lavrov arrived.", {Person("Lavrov")});
  const v1::Document f = MakeDocument("Sergei Lavrov spoke.", {Person("Sergei Lavrov")});
  const v1::Document g = MakeDocument("Sergey Lavrov spoke.", {Person("Sergey Lavrov")});
  Index({e});
  Index({f});
  Index({g});
  EXPECT_EQ(IdIn(f, "Sergei Lavrov"), IdIn(e, "Lavrov"));
  EXPECT_EQ(IdIn(g, "Sergey Lavrov"), IdIn(e, "Lavrov"));
  EXPECT_EQ(Count("Lavrov"), 3);
  // A different person stays apart.
  const v1::Document h = MakeDocument("Maria Zakharova spoke.", {Person("Maria Zakharova")});
  Index({h});
  EXPECT_NE(IdIn(h, "Maria Zakharova"), id);
}

TEST_F(RegistryTest, ASurnameGoesToThePersonWhoseCompanyItKeeps) {
  Index({MakeDocument("Michael Jordan of the Chicago Bulls scored.",
                      {Person("Michael Jordan"), Org("Chicago Bulls")})});
  Index({MakeDocument("Eddie Jordan of Formula One spoke.",
                      {Person("Eddie Jordan"), Org("Formula One")})});
  const v1::Document basketball =
      MakeDocument("Jordan and the Chicago Bulls won.", {Person("Jordan"), Org("Chicago Bulls")});
  const v1::Document racing =
      MakeDocument("Formula One and Jordan agreed.", {Org("Formula One"), Person("Jordan")});
  Index({basketball});
  EXPECT_EQ(IdIn(basketball, "Jordan"), Profile("Michael Jordan").id());
  // Once linked, "jordan" stays with its entity in a document that names
  // too few others to tell (below); the other person keeps his own name.
  EXPECT_NE(Profile("Eddie Jordan").id(), Profile("Michael Jordan").id());
}

// A full name joins the person a surname alone named first only when its
// document keeps that person's company, or names too few entities to
// tell: the "Jackson" of a football report is not Robert Jackson, the MP
// of a later politics report, whose "Jackson" stays with him; "Brown" of a
// Treasury report is Gordon Brown.
TEST_F(RegistryTest, AFullNameJoinsASurnameFirstSeenAloneOnlyInItsCompany) {
  const v1::Document football =
      MakeDocument("Jackson and Mills scored as Hereford beat Doncaster at Edgar Street.",
                   {Person("Jackson"), Person("Mills"), Org("Hereford"), Org("Doncaster"),
                    Place("Edgar Street")});
  Index({football});
  const v1::Document defection = MakeDocument(
      "Robert Jackson left the Tories for Labour; Michael Howard was angry in Westminster.",
      {Person("Robert Jackson"), Org("Tories"), Org("Labour"), Person("Michael Howard"),
       Place("Westminster")});
  Index({defection});
  EXPECT_NE(IdIn(defection, "Robert Jackson"), IdIn(football, "Jackson"));
  EXPECT_EQ(Profile(IdIn(football, "Jackson")).document_count(), 1);

  const v1::Document treasury =
      MakeDocument("Brown told the Treasury, Labour and Tony Blair about the Budget.",
                   {Person("Brown"), Org("Treasury"), Org("Labour"), Person("Tony Blair")});
  Index({treasury});
  const v1::Document budget =
      MakeDocument("Gordon Brown, the Treasury and Labour agreed with Tony Blair.",
                   {Person("Gordon Brown"), Org("Treasury"), Org("Labour"), Person("Tony Blair")});
  Index({budget});
  EXPECT_EQ(IdIn(budget, "Gordon Brown"), IdIn(treasury, "Brown"));
  // A document of too few entities to tell joins as before.
  const v1::Document short_one = MakeDocument("Mills spoke.", {Person("Mills")});
  Index({short_one});
  const v1::Document full = MakeDocument("John Mills spoke.", {Person("John Mills")});
  Index({full});
  EXPECT_EQ(IdIn(full, "John Mills"), IdIn(short_one, "Mills"));
}

// A lone surname whose key a person with a full name holds is that person
// only in documents that keep his company: the BBC's "Brown" of a football
// report is not the Chancellor. A document that names enough entities and
// none of his company gives the word a sense of its own (a numbered key),
// which later documents of that company share, in one batch too; one that
// keeps the company of another person of the surname means that person.
TEST_F(RegistryTest, ALoneSurnameMeansThePersonWhoseCompanyTheDocumentKeeps) {
  Index({MakeDocument(
      "Gordon Brown of the Treasury met Tony Blair of Labour.",
      {Person("Gordon Brown"), Org("Treasury"), Person("Tony Blair"), Org("Labour")})});
  const v1::Document chancellor =
      MakeDocument("Brown, the Treasury, Tony Blair and Labour agreed.",
                   {Person("Brown"), Org("Treasury"), Person("Tony Blair"), Org("Labour")});
  Index({chancellor});
  const std::string gordon = Profile("Gordon Brown").id();
  EXPECT_EQ(IdIn(chancellor, "Brown"), gordon);
  // A document that names enough to tell, and keeps his company, is his.
  const v1::Document budget =
      MakeDocument("Brown told the Treasury and Labour that the Bank of England agreed.",
                   {Person("Brown"), Org("Treasury"), Org("Labour"), Org("Bank of England")});
  Index({budget});
  EXPECT_EQ(IdIn(budget, "Brown"), gordon);

  const v1::Document football = MakeDocument(
      "Brown scored for Manchester United at Old Trafford for Alex Ferguson.",
      {Person("Brown"), Org("Manchester United"), Place("Old Trafford"), Person("Alex Ferguson")});
  const v1::Document again = MakeDocument(
      "Alex Ferguson picked Brown as Manchester United beat Arsenal.",
      {Person("Alex Ferguson"), Person("Brown"), Org("Manchester United"), Org("Arsenal")});
  Index({football, again});
  const std::string defender = IdIn(football, "Brown");
  EXPECT_NE(defender, gordon);
  EXPECT_EQ(IdIn(again, "Brown"), defender);
  auto stored = store_->Get(football.id());
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->annotations().entities(0).key(), "brown#2");
  EXPECT_EQ(Profile(defender).display_name(), "Brown");
  EXPECT_EQ(Profile(defender).document_count(), 2);
  EXPECT_EQ(Profile("Gordon Brown").document_count(), 3);

  // A later batch finds the sense by its committed company, and so does
  // the store reopened.
  const v1::Document later = MakeDocument(
      "Brown missed as Manchester United lost; Alex Ferguson was angry at Anfield.",
      {Person("Brown"), Org("Manchester United"), Person("Alex Ferguson"), Place("Anfield")});
  Index({later});
  EXPECT_EQ(IdIn(later, "Brown"), defender);
  Reopen();
  const v1::Document reopened = MakeDocument(
      "Alex Ferguson said Brown and Manchester United would recover at Old Trafford.",
      {Person("Alex Ferguson"), Person("Brown"), Org("Manchester United"), Place("Old Trafford")});
  Index({reopened});
  EXPECT_EQ(IdIn(reopened, "Brown"), defender);
  EXPECT_EQ(Profile(defender).document_count(), 4);
  // "Brown" names, of the word's own key's person and its senses, the one
  // most documents mean by it, in a filter as in a profile: the footballer
  // now (4 documents against Gordon Brown's 3), whom Gordon Brown's full
  // name and id still find. Not another person a document calls "Brown"
  // after his full name.
  Index({MakeDocument("Wes Brown signed; Brown is a defender.",
                      {Person("Wes Brown", {"Wes Brown", "Brown"})})});
  EXPECT_EQ(Profile("Brown").id(), defender);
  // Gordon Brown is what else it may mean.
  EXPECT_THAT(Alternatives("Brown"), ::testing::Contains(gordon));
  EXPECT_EQ(Count("Brown"), Profile("Brown").document_count());
  EXPECT_EQ(Count("Brown"), 4);
  EXPECT_EQ(Count(gordon), 3);
  EXPECT_EQ(Count("Gordon Brown"), 3);

  // A document that names him in full too (coreference left the surname
  // apart) means him, whatever else it names.
  const v1::Document both = MakeDocument(
      "Gordon Brown went to Old Trafford with Alex Ferguson; Brown cheered Manchester United.",
      {Person("Gordon Brown"), Place("Old Trafford"), Person("Alex Ferguson"), Person("Brown"),
       Org("Manchester United")});
  Index({both});
  EXPECT_EQ(IdIn(both, "Brown"), gordon);

  // An alias a curator gives says who the word is.
  ASSERT_TRUE(Alias("Gordon Brown", "Brown").ok());
  const v1::Document curated = MakeDocument(
      "Brown watched Manchester United and Arsenal with Alex Ferguson.",
      {Person("Brown"), Org("Manchester United"), Org("Arsenal"), Person("Alex Ferguson")});
  Index({curated});
  EXPECT_EQ(IdIn(curated, "Brown"), gordon);
  ASSERT_TRUE(RemoveAlias("Gordon Brown", "Brown").ok());

  // Too few entities to tell: the key's person.
  const v1::Document short_one =
      MakeDocument("Brown spoke to Labour.", {Person("Brown"), Org("Labour")});
  Index({short_one});
  EXPECT_EQ(IdIn(short_one, "Brown"), gordon);

  // Another person of the surname whose company the document keeps.
  Index({MakeDocument("Michael Jordan of the Chicago Bulls scored.",
                      {Person("Michael Jordan"), Org("Chicago Bulls")})});
  Index({MakeDocument("Jordan and the Chicago Bulls won.",
                      {Person("Jordan"), Org("Chicago Bulls")})});
  Index({MakeDocument(
      "Eddie Jordan of Formula One spoke at Silverstone with Damon Hill.",
      {Person("Eddie Jordan"), Org("Formula One"), Place("Silverstone"), Person("Damon Hill")})});
  const v1::Document racing = MakeDocument(
      "Jordan told Formula One at Silverstone that Damon Hill would drive.",
      {Person("Jordan"), Org("Formula One"), Place("Silverstone"), Person("Damon Hill")});
  Index({racing});
  EXPECT_EQ(IdIn(racing, "Jordan"), Profile("Eddie Jordan").id());
  EXPECT_NE(Profile("Eddie Jordan").id(), Profile("Michael Jordan").id());
  EXPECT_EQ(Profile("Michael Jordan").document_count(), 2);
}

// Gives the document's entity `index` the role `title`.
v1::Document Titled(v1::Document d, int index, const std::string& title) {
  v1::Role* role = d.mutable_annotations()->add_roles();
  role->set_entity_index(index);
  role->set_title(title);
  return d;
}

// A title the document gives a lone surname says who it is when one person
// of that surname holds it in other documents: Reuters-21578's "Treasury
// Secretary Baker" is James Baker, though the bare "Baker" went first to
// Howard Baker, the White House chief of staff.
TEST_F(RegistryTest, ALoneSurnameIsThePersonWhoHoldsTheTitleItIsGiven) {
  Index({Titled(MakeDocument("White House chief of staff Howard Baker met Ronald Reagan.",
                             {Person("Howard Baker"), Person("Ronald Reagan"), Org("White House")}),
                0, "White House chief of staff")});
  const v1::Document first =
      MakeDocument("Baker told Ronald Reagan at the White House that the Senate would agree.",
                   {Person("Baker"), Person("Ronald Reagan"), Org("White House"), Org("Senate")});
  Index({first});
  const std::string howard = Profile("Howard Baker").id();
  ASSERT_EQ(IdIn(first, "Baker"), howard);
  Index({Titled(MakeDocument("U.S. Treasury Secretary James Baker met Paul Volcker in Paris.",
                             {Person("James Baker"), Person("Paul Volcker"), Place("Paris")}),
                0, "U.S. Treasury Secretary")});
  const std::string james = Profile("James Baker").id();
  ASSERT_NE(james, howard);
  // No company of his kept, but his title.
  const v1::Document titled = Titled(
      MakeDocument(
          "Treasury Secretary Baker said the dollar would hold in Tokyo and Bonn, as Japanese "
          "officials hoped.",
          {Person("Baker"), Place("Tokyo"), Place("Bonn"), Misc("Japanese")}),
      0, "Treasury Secretary");
  Index({titled});
  EXPECT_EQ(IdIn(titled, "Baker"), james);
  // "Baker" names the one of its people most documents mean by it: James
  // Baker once a third report gives him the title, though the bare key
  // went first to Howard Baker.
  const v1::Document again =
      Titled(MakeDocument("Treasury Secretary Baker said in Tokyo that the yen was too weak.",
                          {Person("Baker"), Place("Tokyo")}),
             0, "Treasury Secretary");
  Index({again});
  EXPECT_EQ(IdIn(again, "Baker"), james);
  EXPECT_EQ(Profile("Baker").id(), james);
  EXPECT_EQ(Count("Baker"), 3);
  // Not a lesser office of the same name.
  const v1::Document deputy =
      Titled(MakeDocument("Deputy Treasury Secretary Baker spoke in Lima and Quito and Rome.",
                          {Person("Baker"), Place("Lima"), Place("Quito"), Place("Rome")}),
             0, "Deputy Treasury Secretary");
  Index({deputy});
  EXPECT_NE(IdIn(deputy, "Baker"), james);
}

// A word names the person documents call so most often: "Clinton" of
// 2016's news is Hillary Clinton, whom most reports call so after her full
// name, not the entity the registry gave the reports that name "Clinton"
// alone in other company; that one is what else the word may mean.
TEST_F(RegistryTest, AWordNamesThePersonDocumentsCallSoMostOften) {
  std::vector<v1::Document> campaign;
  for (const char* place : {"Ohio", "Iowa", "Nevada"}) {
    const std::string text = absl::StrCat("Hillary Clinton spoke in ", place,
                                          ". Clinton said the race was close, and Clinton won.");
    campaign.push_back(MakeDocument(
        text,
        {Person("Hillary Clinton", {"Hillary Clinton", "Clinton", "Clinton"}), Place(place)}));
  }
  Index(campaign);
  const std::string hillary = Profile("Hillary Clinton").id();
  const v1::Document moscow =
      MakeDocument("Clinton met Boris Yeltsin in Moscow with Helmut Kohl and NATO.",
                   {Person("Clinton"), Person("Boris Yeltsin"), Place("Moscow"),
                    Person("Helmut Kohl"), Org("NATO")});
  const v1::Document bonn =
      MakeDocument("Clinton, Boris Yeltsin and Helmut Kohl met in Bonn with NATO.",
                   {Person("Clinton"), Person("Boris Yeltsin"), Person("Helmut Kohl"),
                    Place("Bonn"), Org("NATO")});
  Index({moscow, bonn});
  const std::string alone = IdIn(moscow, "Clinton");
  ASSERT_NE(alone, hillary);
  ASSERT_EQ(IdIn(bonn, "Clinton"), alone);

  EXPECT_EQ(Profile("Clinton").id(), hillary);
  EXPECT_EQ(Count("Clinton"), 3);
  EXPECT_THAT(Alternatives("Clinton"), ::testing::Contains(alone));
  // Her full name and the other's id still name each.
  EXPECT_EQ(Count("Hillary Clinton"), 3);
  EXPECT_EQ(Count(alone), 2);
}

// A word that names entities of several types names the one documents
// call so most often: "DNC" is the Democratic National Committee, so
// called three times in each report of it, not the convention that as many
// documents name and one calls "D.N.C." (under a tenth as often).
TEST_F(RegistryTest, AnAcronymNamesWhatDocumentsCallSoMostOften) {
  std::vector<v1::Document> convention;
  for (const char* city : {"Philadelphia", "Denver", "Boston"}) {
    convention.push_back(
        MakeDocument(absl::StrCat("The Democratic National Convention opened in ", city, "."),
                     {Misc("Democratic National Convention"), Place(city)}));
  }
  convention.push_back(
      MakeDocument("The Democratic National Convention, the D.N.C., opened in Charlotte.",
                   {{v1::ENTITY_TYPE_MISC,
                     "Democratic National Convention",
                     {"Democratic National Convention", "D.N.C."},
                     ""},
                    Place("Charlotte")}));
  std::vector<v1::Document> committee;
  for (const char* chair :
       {"Debbie Wasserman Schultz", "Donna Brazile", "Tom Perez", "Howard Dean"}) {
    committee.push_back(
        MakeDocument(absl::StrCat("The Democratic National Committee named ", chair,
                                  ". The DNC said the DNC would pay what the DNC owed."),
                     {{v1::ENTITY_TYPE_ORGANIZATION,
                       "Democratic National Committee",
                       {"Democratic National Committee", "DNC", "DNC", "DNC"},
                       ""},
                      Person(chair)}));
  }
  Index(convention);
  Index(committee);
  const std::string committee_id = Profile("Democratic National Committee").id();
  const std::string convention_id = Profile("Democratic National Convention").id();
  ASSERT_NE(committee_id, convention_id);
  EXPECT_EQ(Profile("DNC").id(), committee_id);
  EXPECT_EQ(Count("DNC"), 4);
  EXPECT_THAT(Alternatives("DNC"), ::testing::Contains(convention_id));
}

// A person most reports name by the surname alone ("President Obama")
// shows the full name documents give, if a tenth of them give it.
TEST_F(RegistryTest, APersonNamedMostlyBySurnameShowsTheFullName) {
  Index({MakeDocument("Barack Obama spoke in Chicago. Obama said so.",
                      {Person("Barack Obama", {"Barack Obama", "Obama"}), Place("Chicago")})});
  std::vector<v1::Document> reports;
  for (const char* place : {"Ohio", "Iowa", "Nevada"}) {
    reports.push_back(MakeDocument(absl::StrCat("President Obama spoke in ", place, "."),
                                   {Person("Obama"), Place(place)}));
  }
  Index(reports);
  const v1::EntityProfile profile = Profile("Obama");
  EXPECT_EQ(profile.document_count(), 4);
  EXPECT_EQ(profile.display_name(), "Barack Obama");
  // Not one a document gave in fewer than a tenth as many.
  std::vector<v1::Document> more;
  for (int i = 0; i < 8; ++i) {
    more.push_back(MakeDocument(absl::StrCat("President Obama spoke again, ", i, " times."),
                                {Person("Obama")}));
  }
  Index(more);
  ASSERT_EQ(Profile("Obama").document_count(), 12);
  EXPECT_EQ(Profile("Obama").display_name(), "Obama");
}

// Tagged again with the same annotations, documents keep the entities
// they had: a lone surname keeps the sense the registry gave it (a new
// numbered sense each time would leave the old one without documents and
// make the entity ids of the documents change), and no entity is added.
TEST_F(RegistryTest, ARetagKeepsTheSensesOfLoneSurnames) {
  Index({MakeDocument(
      "Gordon Brown of the Treasury met Tony Blair of Labour.",
      {Person("Gordon Brown"), Org("Treasury"), Person("Tony Blair"), Org("Labour")})});
  const v1::Document chancellor =
      MakeDocument("Brown, the Treasury, Tony Blair and Labour agreed.",
                   {Person("Brown"), Org("Treasury"), Person("Tony Blair"), Org("Labour")});
  const v1::Document football = MakeDocument(
      "Brown scored for Manchester United at Old Trafford for Alex Ferguson.",
      {Person("Brown"), Org("Manchester United"), Place("Old Trafford"), Person("Alex Ferguson")});
  // A team sheet: the other people are named by one word too, so they are
  // no evidence, and too little company is left to find a sense by.
  const v1::Document sheet = MakeDocument(
      "Leinster: Brown, Stewart, Dempsey, Horgan.",
      {Org("Leinster"), Person("Brown"), Person("Stewart"), Person("Dempsey"), Person("Horgan")});
  Index({chancellor});
  Index({football});
  Index({sheet});
  const std::string player = IdIn(sheet, "Brown");
  const std::string gordon = IdIn(chancellor, "Brown");
  const std::string defender = IdIn(football, "Brown");
  ASSERT_NE(defender, gordon);
  auto entities = [&] {
    v1::GetQueryStatsResponse stats;
    EXPECT_TRUE(store_->Stats(&stats).ok());
    return stats.entities();
  };
  const int64_t before = entities();
  for (int round = 0; round < 3; ++round) {
    for (const v1::Document* d : {&chancellor, &football, &sheet}) {
      // As the tagger writes them: the surname's key is the word.
      auto replaced = store_->Replace(*d, absl::Now());
      ASSERT_TRUE(replaced.ok()) << replaced.status();
      ASSERT_EQ(*replaced, internal::v1::REPLACE_OUTCOME_REPLACED);
    }
    EXPECT_EQ(IdIn(chancellor, "Brown"), gordon) << round;
    EXPECT_EQ(IdIn(football, "Brown"), defender) << round;
    EXPECT_EQ(IdIn(sheet, "Brown"), player) << round;
    EXPECT_EQ(store_->Get(football.id())->annotations().entities(0).key(), "brown#2");
    EXPECT_EQ(entities(), before) << round;
  }
  EXPECT_EQ(Profile(defender).document_count(), 1);
  EXPECT_EQ(Profile("Gordon Brown").document_count(), 2);
  Reopen();
  EXPECT_EQ(IdIn(football, "Brown"), defender);
  EXPECT_EQ(entities(), before);
}

// A surname alone links where its first document says ("Howard" of a film
// review, the director); a later report of a Tory speech, which keeps the
// Tory leader's company and none of the director's, means the leader.
TEST_F(RegistryTest, ALoneSurnameFirstLinkedToAnotherFindsItsPersonLater) {
  Index({MakeDocument("Ron Howard directed the film for Universal in Hollywood.",
                      {Person("Ron Howard"), Org("Universal"), Place("Hollywood")})});
  const v1::Document review =
      MakeDocument("Howard shot it in Hollywood for Universal with Tom Hanks.",
                   {Person("Howard"), Place("Hollywood"), Org("Universal"), Person("Tom Hanks")});
  Index({review});
  const std::string ron = Profile("Ron Howard").id();
  EXPECT_EQ(IdIn(review, "Howard"), ron);
  Index({MakeDocument(
      "Michael Howard led the Tories in Blackpool against Tony Blair.",
      {Person("Michael Howard"), Org("Tories"), Place("Blackpool"), Person("Tony Blair")})});
  const std::string michael = Profile("Michael Howard").id();
  EXPECT_NE(michael, ron);
  const v1::Document speech =
      MakeDocument("Howard mocked Tony Blair in Blackpool, and the Tories cheered.",
                   {Person("Howard"), Person("Tony Blair"), Place("Blackpool"), Org("Tories")});
  Index({speech});
  EXPECT_EQ(IdIn(speech, "Howard"), michael);
  EXPECT_EQ(Profile("Ron Howard").document_count(), 2);
  EXPECT_EQ(Profile("Michael Howard").document_count(), 2);

  // The first document to name a surname alone beside the full name joins
  // them, whatever else it names.
  const v1::Document first =
      MakeDocument("Gordon Brown told the Treasury, the Bank of England and the IMF; Brown smiled.",
                   {Person("Gordon Brown"), Org("Treasury"), Org("Bank of England"), Org("IMF"),
                    Person("Brown")});
  Index({first});
  EXPECT_EQ(IdIn(first, "Brown"), IdIn(first, "Gordon Brown"));
}

// US news names one person in full several ways: with a middle initial or
// name, or by the short form of a given name (the committed classes of
// models/registry/given_names.txt). Each is the one person; Bill and
// Hillary Clinton stay two, and so do the two George Bushes.
TEST_F(RegistryTest, AShortFormOrAMiddleNameIsThePersonNamedInFull) {
  const v1::Document a = MakeDocument(
      "Joe Biden, Tim Kaine, Jim Comey, Hillary Clinton, Bill Clinton and George W. Bush spoke.",
      {Person("Joe Biden"), Person("Tim Kaine"), Person("Jim Comey"), Person("Hillary Clinton"),
       Person("Bill Clinton"), Person("George W. Bush")});
  Index({a});
  const v1::Document b = MakeDocument(
      "Joseph R. Biden, Timothy M. Kaine, James Comey, Hillary Rodham Clinton, William "
      "Jefferson Clinton and George H. W. Bush spoke.",
      {Person("Joseph R. Biden"), Person("Timothy M. Kaine"), Person("James Comey"),
       Person("Hillary Rodham Clinton"), Person("William Jefferson Clinton"),
       Person("George H. W. Bush")});
  Index({b});
  EXPECT_EQ(IdIn(b, "Joseph R. Biden"), IdIn(a, "Joe Biden"));
  EXPECT_EQ(IdIn(b, "Timothy M. Kaine"), IdIn(a, "Tim Kaine"));
  EXPECT_EQ(IdIn(b, "James Comey"), IdIn(a, "Jim Comey"));
  EXPECT_EQ(IdIn(b, "Hillary Rodham Clinton"), IdIn(a, "Hillary Clinton"));
  EXPECT_EQ(IdIn(b, "William Jefferson Clinton"), IdIn(a, "Bill Clinton"));
  EXPECT_NE(IdIn(a, "Bill Clinton"), IdIn(a, "Hillary Clinton"));
  EXPECT_NE(IdIn(b, "George H. W. Bush"), IdIn(a, "George W. Bush"));
  // Other middle initials are other men, however written; a middle name
  // its initial begins is the same man.
  const v1::Document c = MakeDocument(
      "George H.W. Bush, George P. Bush, Barack Obama and Joseph Robinette Biden spoke.",
      {Person("George H.W. Bush"), Person("George P. Bush"), Person("Barack Obama"),
       Person("Joseph Robinette Biden")});
  Index({c});
  EXPECT_NE(IdIn(c, "George H.W. Bush"), IdIn(a, "George W. Bush"));
  EXPECT_NE(IdIn(c, "George P. Bush"), IdIn(a, "George W. Bush"));
  EXPECT_NE(IdIn(c, "George P. Bush"), IdIn(c, "George H.W. Bush"));
  EXPECT_EQ(IdIn(c, "Joseph Robinette Biden"), IdIn(a, "Joe Biden"));
  const v1::Document d = MakeDocument("Barack H. Obama spoke.", {Person("Barack H. Obama")});
  Index({d});
  EXPECT_EQ(IdIn(d, "Barack H. Obama"), IdIn(c, "Barack Obama"));
}

// A surname the tagger kept apart from a person of the document named in
// full with it ("Mrs Howard" beside Michael Howard, BBC politics/011) is
// not that person, whether the registry knew him before or meets him in
// this document; the key of the surname alone stays free for him, so a
// later "Howard" in his company is still Michael Howard.
TEST_F(RegistryTest, ASurnameTheTaggerKeptApartIsNotThePersonOfTheDocumentNamedInFull) {
  v1::Document wife = MakeDocument(
      "Mrs Howard will campaign beside Michael Howard, Liam Fox of the Conservative Party said.",
      {Person("Howard"), Person("Michael Howard"), Person("Liam Fox"), Org("Conservative Party")});
  wife.mutable_annotations()->mutable_entities(0)->set_apart_from_namesakes(true);
  Index({wife});
  const std::string michael = IdIn(wife, "Michael Howard");
  EXPECT_NE(IdIn(wife, "Howard"), michael);
  const v1::Document later =
      MakeDocument("Howard told the Conservative Party and Liam Fox to fight on.",
                   {Person("Howard"), Org("Conservative Party"), Person("Liam Fox")});
  Index({later});
  EXPECT_EQ(IdIn(later, "Howard"), michael);
  // Known before, and kept apart in a later document: still not him.
  v1::Document again = MakeDocument(
      "Michael Howard and Mrs Howard met Liam Fox at the Conservative Party office.",
      {Person("Michael Howard"), Person("Howard"), Person("Liam Fox"), Org("Conservative Party")});
  again.mutable_annotations()->mutable_entities(1)->set_apart_from_namesakes(true);
  Index({again});
  EXPECT_EQ(IdIn(again, "Michael Howard"), michael);
  auto stored = store_->Get(again.id());
  ASSERT_TRUE(stored.ok());
  int senses = 0;
  for (const v1::Entity& e : stored->annotations().entities()) {
    if (e.key().rfind("howard#", 0) != 0) continue;
    ++senses;
    EXPECT_NE(e.entity_id(), michael) << e.key();
  }
  EXPECT_EQ(senses, 1);
  int rows_of_michael = 0;
  for (const v1::Entity& e : stored->annotations().entities()) {
    rows_of_michael += e.entity_id() == michael ? 1 : 0;
  }
  EXPECT_EQ(rows_of_michael, 1);
  EXPECT_EQ(stored->annotations().entities_size(), 4);
}

// The first document to name a surname alone joins the person of that
// surname only when it keeps that person's company or names too few
// entities to tell: the "Robinson" of a Wales squad list is not Tony
// Robinson, the actor of an earlier entertainment report; the "Mills" of a
// short note is John Mills.
TEST_F(RegistryTest, AFirstSurnameAloneJoinsThePersonOfItOnlyInItsCompany) {
  Index(
      {MakeDocument("Tony Robinson told ITV1 that Rowan Atkinson and the BBC were keen.",
                    {Person("Tony Robinson"), Org("ITV1"), Person("Rowan Atkinson"), Org("BBC")})});
  Index({MakeDocument("Wales named Giggs of Manchester United and Savage of Blackburn.",
                      {Place("Wales"), Person("Giggs"), Org("Manchester United"), Person("Savage"),
                       Org("Blackburn")})});
  const v1::Document squad =
      MakeDocument("Wales: Giggs (Manchester United), Savage (Blackburn), Robinson (Sunderland).",
                   {Place("Wales"), Person("Giggs"), Org("Manchester United"), Person("Savage"),
                    Org("Blackburn"), Person("Robinson"), Org("Sunderland")});
  Index({squad});
  EXPECT_NE(IdIn(squad, "Robinson"), Profile("Tony Robinson").id());
  EXPECT_EQ(Profile("Tony Robinson").document_count(), 1);
  // In the actor's company, the word is the actor, though the squad's
  // Robinson holds it now.
  const v1::Document sitcom =
      MakeDocument("Robinson said the BBC, ITV1 and Rowan Atkinson would talk.",
                   {Person("Robinson"), Org("BBC"), Org("ITV1"), Person("Rowan Atkinson")});
  Index({sitcom});
  EXPECT_EQ(IdIn(sitcom, "Robinson"), Profile("Tony Robinson").id());
}

// A document that names another person of the surname in full means him
// by the word too, however few entities it names.
TEST_F(RegistryTest, ASurnameIsThePersonOfItNamedInFullHoweverShortTheDocument) {
  Index({MakeDocument(
      "Gordon Brown of the Treasury met Tony Blair of Labour.",
      {Person("Gordon Brown"), Org("Treasury"), Person("Tony Blair"), Org("Labour")})});
  Index({MakeDocument("Brown, the Treasury, Tony Blair and Labour agreed.",
                      {Person("Brown"), Org("Treasury"), Person("Tony Blair"), Org("Labour")})});
  Index({MakeDocument("Wes Brown played for Manchester United.",
                      {Person("Wes Brown"), Org("Manchester United")})});
  const std::string wes = Profile("Wes Brown").id();
  ASSERT_NE(wes, Profile("Gordon Brown").id());
  const v1::Document injured = MakeDocument("Wes Brown is hurt; Brown will miss Arsenal.",
                                            {Person("Wes Brown"), Person("Brown"), Org("Arsenal")});
  Index({injured});
  EXPECT_EQ(IdIn(injured, "Brown"), wes);
  EXPECT_EQ(Profile("Wes Brown").document_count(), 2);
  EXPECT_EQ(Profile("Gordon Brown").document_count(), 2);
}

// An organisation named in the other number ("Tory" of the Tories) joins it
// when the document keeps its company; a name of other company ("Rover",
// the carmaker, beside Blackburn "Rovers") stays apart.
TEST_F(RegistryTest, AnOrganisationInTheOtherNumberJoinsItWhereItsCompanyIs) {
  for (int i = 0; i < 3; ++i) {
    Index({MakeDocument(absl::StrCat("The Tories and Labour argued over Michael Howard, day ", i),
                        {Org("Tories"), Org("Labour"), Person("Michael Howard")})});
    Index({MakeDocument(absl::StrCat("Rovers beat Arsenal at Ewood Park, day ", i),
                        {Org("Rovers"), Org("Arsenal"), Place("Ewood Park")})});
  }
  const v1::Document promises =
      MakeDocument("Labour mocked Tory promises, and Michael Howard replied.",
                   {Org("Labour"), Org("Tory"), Person("Michael Howard")});
  Index({promises});
  EXPECT_EQ(IdIn(promises, "Tory"), Profile("Tories").id());
  EXPECT_EQ(Profile("Tories").document_count(), 4);
  const v1::Document cars = MakeDocument("Rover cut jobs at Longbridge as MG sales fell.",
                                         {Org("Rover"), Place("Longbridge"), Org("MG")});
  Index({cars});
  EXPECT_NE(IdIn(cars, "Rover"), Profile("Rovers").id());
  EXPECT_EQ(Profile("Rovers").document_count(), 3);
}

// A ministry is one entity by its field written either way: seed 000's
// "Ministry of Foreign Affairs" is the seeds' "Foreign Ministry" where the
// document keeps its company; the "Interior Ministry" is another.
TEST_F(RegistryTest, AMinistryIsOneEntityByItsFieldWrittenEitherWay) {
  for (int i = 0; i < 3; ++i) {
    Index({MakeDocument(absl::StrCat("The Foreign Ministry in Moscow spoke of Serbia, day ", i),
                        {Org("Foreign Ministry"), Place("Moscow"), Place("Serbia")})});
  }
  const v1::Document affairs =
      MakeDocument("The Ministry of Foreign Affairs in Moscow warned Serbia.",
                   {Org("Ministry of Foreign Affairs"), Place("Moscow"), Place("Serbia")});
  Index({affairs});
  EXPECT_EQ(IdIn(affairs, "Ministry of Foreign Affairs"), Profile("Foreign Ministry").id());
  EXPECT_EQ(Profile("Foreign Ministry").document_count(), 4);
  // Another field is another ministry, joined by its own spellings.
  const v1::Document interior =
      MakeDocument("The Interior Ministry in Moscow spoke of Serbia.",
                   {Org("Interior Ministry"), Place("Moscow"), Place("Serbia")});
  Index({interior});
  const v1::Document the_interior =
      MakeDocument("The Ministry of the Interior in Moscow spoke of Serbia.",
                   {Org("Ministry of the Interior"), Place("Moscow"), Place("Serbia")});
  Index({the_interior});
  EXPECT_NE(IdIn(interior, "Interior Ministry"), Profile("Foreign Ministry").id());
  EXPECT_EQ(IdIn(the_interior, "Ministry of the Interior"), IdIn(interior, "Interior Ministry"));
}

// A party is one entity under the names news gives it: "the Conservative
// Party", "the Conservatives" (which the model reads as a group, MISC, or
// an organisation), "Conservative"; "the Labour Party" and "Labour". Where
// the document keeps other company, the name stays apart.
TEST_F(RegistryTest, APartyIsOneEntityWithOrWithoutPartyAndOfEitherType) {
  for (int i = 0; i < 3; ++i) {
    Index({MakeDocument(
        absl::StrCat("The Conservatives and Labour argued with Michael Howard, day ", i),
        {Misc("Conservatives"), Org("Labour"), Person("Michael Howard")})});
  }
  const v1::Document party =
      MakeDocument("The Conservative Party said Michael Howard would beat the Labour Party.",
                   {Org("Conservative Party"), Person("Michael Howard"), Org("Labour Party")});
  const v1::Document group = MakeDocument(
      "Michael Howard told the Conservatives that Labour would lose. The Labour Party disagreed.",
      {Person("Michael Howard"), Org("Conservatives"), Org("Labour"), Org("The Labour Party")});
  const v1::Document adjective =
      MakeDocument("Conservative leader Michael Howard attacked Labour.",
                   {Org("Conservative"), Person("Michael Howard"), Org("Labour")});
  Index({party});
  Index({group});
  Index({adjective});
  const v1::Document first =
      MakeDocument("The Conservatives and Labour met Michael Howard.",
                   {Misc("Conservatives"), Org("Labour"), Person("Michael Howard")});
  Index({first});
  const std::string tories = IdIn(first, "Conservatives");
  EXPECT_EQ(IdIn(party, "Conservative Party"), tories);
  // The party is an organisation, however the model first read it.
  {
    GetEntitySpec spec;
    spec.entity.reference = "Conservatives";
    spec.entity.type = v1::ENTITY_TYPE_ORGANIZATION;
    v1::GetEntityResponse response;
    ASSERT_TRUE(store_->searcher().GetEntity(spec, &response).ok());
    EXPECT_EQ(response.entity().id(), tories);
    EXPECT_EQ(response.entity().type(), v1::ENTITY_TYPE_ORGANIZATION);
  }
  // A type the name has no entity of: the answer says which it has.
  {
    GetEntitySpec spec;
    spec.entity.reference = "Michael Howard";
    spec.entity.type = v1::ENTITY_TYPE_MISC;
    v1::GetEntityResponse response;
    const absl::Status status = store_->searcher().GetEntity(spec, &response);
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(std::string(status.message()),
                ::testing::HasSubstr(
                    "no misc entity matches 'Michael Howard'; it names person Michael Howard"));
    spec.entity.reference = "Nobody At All";
    const absl::Status none = store_->searcher().GetEntity(spec, &response);
    EXPECT_EQ(none.code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(std::string(none.message()), "no misc entity matches 'Nobody At All'");
  }
  EXPECT_EQ(IdIn(group, "Conservatives"), tories);
  EXPECT_EQ(IdIn(adjective, "Conservative"), tories);
  // Its keys, each once though "conservatives" is linked as MISC and as an
  // organisation.
  EXPECT_THAT(Profile("Conservatives").keys(),
              UnorderedElementsAre("conservatives", "conservative party", "conservative"));
  const std::string labour = IdIn(first, "Labour");
  EXPECT_EQ(IdIn(party, "Labour Party"), labour);
  EXPECT_EQ(IdIn(group, "The Labour Party"), labour);
  EXPECT_NE(labour, tories);
  // The same name read as MISC in other company (an album) is not the
  // party.
  const v1::Document album = MakeDocument("Coldplay played Labour at Glastonbury.",
                                          {Org("Coldplay"), Misc("Labour"), Place("Glastonbury")});
  Index({album});
  EXPECT_NE(IdIn(album, "Labour"), labour);
}

// A store's first batch has no usual company yet: a surname of that batch
// goes to the person of its name whom the batch's documents show in its
// company. Two surnames, each of two people, so that neither order of the
// candidates' ids makes the test pass by chance.
TEST_F(RegistryTest, ASurnameOfTheFirstBatchGoesToThePersonItsDocumentsKeep) {
  std::vector<v1::Document> batch;
  for (int i = 0; i < 2; ++i) {
    batch.push_back(MakeDocument(absl::StrCat("Michael Howard led the Tories, day ", i),
                                 {Person("Michael Howard"), Org("Tories")}));
    batch.push_back(MakeDocument(absl::StrCat("Ron Howard filmed in Hollywood, day ", i),
                                 {Person("Ron Howard"), Place("Hollywood")}));
    batch.push_back(MakeDocument(absl::StrCat("Roy Keane captained Manchester United, day ", i),
                                 {Person("Roy Keane"), Org("Manchester United")}));
    batch.push_back(MakeDocument(absl::StrCat("Robbie Keane scored for Tottenham, day ", i),
                                 {Person("Robbie Keane"), Org("Tottenham")}));
  }
  const v1::Document howard =
      MakeDocument("Howard told the Tories to fight.", {Person("Howard"), Org("Tories")});
  const v1::Document keane =
      MakeDocument("Keane scored twice for Tottenham.", {Person("Keane"), Org("Tottenham")});
  batch.push_back(howard);
  batch.push_back(keane);
  Index(batch);
  EXPECT_EQ(IdIn(howard, "Howard"), Profile("Michael Howard").id());
  EXPECT_EQ(IdIn(keane, "Keane"), Profile("Robbie Keane").id());
}

// An acronym a document gave an organisation names it in other documents
// that keep its company: "EU" alone is the European Union. The same
// letters a document gives another full name are another organisation,
// whatever company it keeps ("WTO", the World Tourism Organisation, in
// economic news).
TEST_F(RegistryTest, AnAcronymADocumentGaveAnOrganisationNamesItInItsCompany) {
  const Named union_and_acronym = {
      v1::ENTITY_TYPE_ORGANIZATION, "European Union", {"European Union", "EU"}, ""};
  const Named trade = {v1::ENTITY_TYPE_ORGANIZATION,
                       "World Trade Organisation",
                       {"World Trade Organisation", "WTO"},
                       ""};
  for (int i = 0; i < 3; ++i) {
    Index({MakeDocument(absl::StrCat("The European Union (EU) and France met the World Trade "
                                     "Organisation (WTO) in Brussels, day ",
                                     i),
                        {union_and_acronym, Place("France"), trade, Place("Brussels")})});
  }
  const v1::Document alone = MakeDocument("The EU told France to wait in Brussels.",
                                          {Org("EU"), Place("France"), Place("Brussels")});
  Index({alone});
  EXPECT_EQ(IdIn(alone, "EU"), Profile("European Union").id());
  EXPECT_EQ(Count("EU"), 4);
  const Named tourism = {v1::ENTITY_TYPE_ORGANIZATION,
                         "World Tourism Organisation",
                         {"World Tourism Organisation", "WTO"},
                         ""};
  const v1::Document travel =
      MakeDocument("The World Tourism Organisation (WTO) said France and Brussels drew visitors.",
                   {tourism, Place("France"), Place("Brussels")});
  Index({travel});
  EXPECT_NE(IdIn(travel, "World Tourism Organisation"), Profile("World Trade Organisation").id());
}

// An acronym that documents named alone before any document gave it its
// full name, where the full name was an entity already (PolNeAR: "DNC"
// in 16 articles, "Democratic National Committee" in others): the first
// document that gives the name its acronym, and keeps the acronym's
// company, joins the two, as a curator's merge would. Not in another
// company (the acronym of a programme, named in Norwegian business news).
TEST_F(RegistryTest, AnAcronymADocumentGivesANameLaterJoinsTheAcronymsEntity) {
  const Named committee = {v1::ENTITY_TYPE_ORGANIZATION,
                           "Democratic National Committee",
                           {"Democratic National Committee", "DNC"},
                           ""};
  for (int i = 0; i < 2; ++i) {
    Index({MakeDocument(
        absl::StrCat("The Democratic National Committee met Bernie Sanders in Iowa, day ", i),
        {Org("Democratic National Committee"), Person("Bernie Sanders"), Place("Iowa")})});
  }
  std::vector<v1::Document> alone;
  for (int i = 0; i < 3; ++i) {
    alone.push_back(
        MakeDocument(absl::StrCat("The DNC told Bernie Sanders to wait in Iowa, day ", i),
                     {Org("DNC"), Person("Bernie Sanders"), Place("Iowa")}));
    Index({alone.back()});
  }
  ASSERT_NE(IdIn(alone[0], "DNC"), Profile("Democratic National Committee").id());
  const v1::Document full =
      MakeDocument("The Democratic National Committee (DNC) apologised to Bernie Sanders in Iowa.",
                   {committee, Person("Bernie Sanders"), Place("Iowa")});
  Index({full});
  const std::string id = Profile("Democratic National Committee").id();
  EXPECT_EQ(IdIn(full, "Democratic National Committee"), id);
  for (const v1::Document& d : alone) EXPECT_EQ(IdIn(d, "DNC"), id);
  EXPECT_EQ(Profile("DNC").id(), id);
  EXPECT_EQ(Profile("DNC").document_count(), 6);
  // A restart reads the merge back.
  Reopen();
  EXPECT_EQ(Profile("DNC").id(), id);

  // In another company the acronym's entity stays apart: the bank's
  // documents do not join a fund a Norwegian story names so.
  std::vector<v1::Document> banks;
  for (int i = 0; i < 2; ++i) {
    banks.push_back(MakeDocument(absl::StrCat("The UNDP lent money to Statoil in Oslo, day ", i),
                                 {Org("UNDP"), Org("Statoil"), Place("Oslo")}));
    Index({banks.back()});
  }
  const Named program = {v1::ENTITY_TYPE_ORGANIZATION,
                         "United Nations Development Programme",
                         {"United Nations Development Programme", "UNDP"},
                         ""};
  Index(
      {MakeDocument("The United Nations Development Programme (UNDP) met Bernie Sanders in "
                    "Iowa.",
                    {program, Person("Bernie Sanders"), Place("Iowa")})});
  EXPECT_NE(IdIn(banks[0], "UNDP"), Profile("United Nations Development Programme").id());

  // A re-tag that now spells the acronym joins nothing: a document indexed
  // again changes no entity its first indexing did not.
  const v1::Document agency =
      MakeDocument("The Food and Drug Administration warned Pfizer in Boston.",
                   {Org("Food and Drug Administration"), Org("Pfizer"), Place("Boston")});
  Index({agency});
  std::vector<v1::Document> fda;
  for (int i = 0; i < 2; ++i) {
    fda.push_back(MakeDocument(absl::StrCat("The FDA warned Pfizer in Boston, day ", i),
                               {Org("FDA"), Org("Pfizer"), Place("Boston")}));
    Index({fda.back()});
  }
  ASSERT_NE(IdIn(fda[0], "FDA"), IdIn(agency, "Food and Drug Administration"));
  const Named spelled = {v1::ENTITY_TYPE_ORGANIZATION,
                         "Food and Drug Administration",
                         {"Food and Drug Administration", "FDA"},
                         ""};
  v1::Document retagged =
      MakeDocument("The Food and Drug Administration (FDA) warned Pfizer in Boston.",
                   {spelled, Org("Pfizer"), Place("Boston")});
  retagged.set_id(agency.id());
  auto replaced = store_->Replace(retagged, absl::Now());
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_NE(IdIn(fda[0], "FDA"), IdIn(retagged, "Food and Drug Administration"));
}

// A name that holds the word ("EU-US", which coreference once spelled
// "EU"; "North Korea", spelled "Korea") is neither that word's entity nor
// keeps another name of it away: the European Union still joins the "EU"
// known before it, and South Korea, spelled "Korea" beside North Korea,
// stays apart from it.
TEST_F(RegistryTest, ANameHoldingAnAcronymDoesNotKeepItsFullNameAway) {
  std::vector<v1::Document> known;
  for (int i = 0; i < 3; ++i) {
    known.push_back(MakeDocument(absl::StrCat("The EU met France in Brussels, day ", i),
                                 {Org("EU"), Place("France"), Place("Brussels")}));
    Index({known.back()});
  }
  const Named pact = {v1::ENTITY_TYPE_ORGANIZATION, "EU-US", {"EU-US", "EU"}, ""};
  const v1::Document holding =
      MakeDocument("The EU-US pact was signed in Brussels, and France said the EU agreed.",
                   {pact, Place("Brussels"), Place("France")});
  Index({holding});
  const std::string eu = IdIn(known[0], "EU");
  EXPECT_NE(IdIn(holding, "EU-US"), eu);
  const Named named = {
      v1::ENTITY_TYPE_ORGANIZATION, "European Union", {"European Union", "EU"}, ""};
  const v1::Document full = MakeDocument("The European Union (EU) told France to wait in Brussels.",
                                         {named, Place("France"), Place("Brussels")});
  Index({full});
  EXPECT_EQ(IdIn(full, "European Union"), eu);

  const Named north = {v1::ENTITY_TYPE_LOCATION, "North Korea", {"North Korea", "Korea"}, ""};
  for (int i = 0; i < 3; ++i) {
    Index({MakeDocument(absl::StrCat("North Korea tested a missile; Korea is isolated, day ", i),
                        {north})});
  }
  const Named south = {v1::ENTITY_TYPE_LOCATION, "South Korea", {"South Korea", "Korea"}, ""};
  const v1::Document both =
      MakeDocument("South Korea protested; North Korea replied and Korea waited.",
                   {south, Place("North Korea")});
  Index({both});
  EXPECT_NE(IdIn(both, "South Korea"), IdIn(both, "North Korea"));
}

// A name only a deleted document gave names nothing once it is deleted,
// before a restart as after: the "London" one document read as a person,
// and the registry joined to Michael London, leaves "London" the city's.
TEST_F(RegistryTest, ANameOnlyADeletedDocumentGaveNamesNothing) {
  for (int i = 0; i < 3; ++i) {
    Index({MakeDocument(absl::StrCat("Rain fell in London, day ", i), {Place("London")})});
  }
  Index({MakeDocument("Michael London wrote a play.", {Person("Michael London")})});
  const v1::Document misread = MakeDocument("London said no.", {Person("London")});
  Index({misread});
  const std::string michael = Profile("Michael London").id();
  ASSERT_EQ(IdIn(misread, "London"), michael);
  auto resolved = [&] {
    std::vector<std::string> out;
    const auto ids = store_->entities().Resolve("London", 0);
    const auto summaries = store_->entities().Summaries(*ids);
    for (const auto& summary : *summaries) out.push_back(summary.display_name());
    return out;
  };
  EXPECT_THAT(resolved(), ::testing::Contains("Michael London"));
  ASSERT_TRUE(store_->Delete(misread.id(), absl::Now()).ok());
  EXPECT_THAT(resolved(), ::testing::ElementsAre("London"));
  EXPECT_EQ(Count("London"), 3);
}

// A person's documents are counted once each, however many of his keys a
// document names: four documents that each name "Gordon Brown" and
// "Brown" with Labour are four, so Labour is in all of them, and a fifth
// that names "Brown" and Labour keeps his company.
TEST_F(RegistryTest, ADocumentNamingTwoOfAPersonsKeysCountsOnceInHisCompany) {
  for (int i = 0; i < 4; ++i) {
    Index({MakeDocument(absl::StrCat("Gordon Brown spoke to Labour, day ", i, "; Brown left."),
                        {Person("Gordon Brown"), Org("Labour"), Person("Brown")})});
  }
  const std::string gordon = Profile("Gordon Brown").id();
  const v1::Document speech =
      MakeDocument("Brown told Labour about Acme Widgets and Zenith Pumps.",
                   {Person("Brown"), Org("Labour"), Org("Acme Widgets"), Org("Zenith Pumps")});
  Index({speech});
  EXPECT_EQ(IdIn(speech, "Brown"), gordon);
  EXPECT_EQ(Profile("Gordon Brown").document_count(), 5);
}

// A full name joins the person known by its surname alone only if that
// person has no other given name, the full names of the same batch
// counted: two new Jacksons written in one batch are two people.
TEST_F(RegistryTest, TwoFullNamesOfOneBatchDoNotBothJoinASurname) {
  Index({MakeDocument("Jackson sang.", {Person("Jackson")})});
  const v1::Document janet = MakeDocument("Janet Jackson sang.", {Person("Janet Jackson")});
  const v1::Document peter = MakeDocument("Peter Jackson filmed.", {Person("Peter Jackson")});
  Index({janet, peter});
  EXPECT_NE(IdIn(janet, "Janet Jackson"), IdIn(peter, "Peter Jackson"));
}

// Once the registry joined "Jordan" to Michael Jordan, the name names him
// in queries, not every Jordan (Eddie, of the racing team): a profile and a
// timeline or filter by "Jordan" count the same documents. And the last
// words of a name are a surname only of people: "UK" is not "AOL UK".
TEST_F(RegistryTest, ASurnameJoinedToAPersonNamesThatPersonAlone) {
  Index({MakeDocument("Michael Jordan of the Chicago Bulls scored.",
                      {Person("Michael Jordan"), Org("Chicago Bulls")})});
  Index({MakeDocument("Eddie Jordan of Formula One spoke.",
                      {Person("Eddie Jordan"), Org("Formula One")})});
  const EntityIndex& entities = store_->entities();
  auto names = [&](const std::string& reference) {
    std::vector<std::string> out;
    const auto ids = entities.Resolve(reference, 0);
    const auto summaries = entities.Summaries(*ids);
    for (const auto& s : *summaries) out.push_back(s.display_name());
    std::sort(out.begin(), out.end());
    return out;
  };
  // Nobody is "Jordan" alone yet: the surname names both.
  EXPECT_THAT(names("Jordan"), ::testing::ElementsAre("Eddie Jordan", "Michael Jordan"));
  Index({MakeDocument("Jordan and the Chicago Bulls won.",
                      {Person("Jordan"), Org("Chicago Bulls")})});
  EXPECT_THAT(names("Jordan"), ::testing::ElementsAre("Michael Jordan"));
  EXPECT_EQ(Count("Jordan"), 2);
  EXPECT_EQ(Profile("Jordan").document_count(), 2);
  // The profile still says who else the surname could mean, as an
  // alternative that no filter counts.
  {
    GetEntitySpec spec;
    spec.entity.reference = "Jordan";
    v1::GetEntityResponse response;
    ASSERT_TRUE(store_->searcher().GetEntity(spec, &response).ok());
    EXPECT_EQ(response.entity().display_name(), "Michael Jordan");
    ASSERT_EQ(response.alternatives_size(), 1);
    EXPECT_EQ(response.alternatives(0).display_name(), "Eddie Jordan");
    std::vector<uint64_t> also;
    ASSERT_TRUE(entities.Resolve("Jordan", 0, nullptr, &also).ok());
    EXPECT_EQ(also.size(), 1u);
    ASSERT_TRUE(entities.Resolve("Michael Jordan", 0, nullptr, &also).ok());
    EXPECT_TRUE(also.empty());
  }

  Index({MakeDocument("AOL UK sells in the UK.", {Org("AOL UK"), Place("UK")}),
         MakeDocument("The New York Times wrote.", {Org("New York Times")})});
  EXPECT_THAT(names("UK"), ::testing::ElementsAre("UK"));
  EXPECT_THAT(names("Times"), ::testing::IsEmpty());
}

// An office's title before a name in a reference ("Senator Cruz", "Sen.
// Cruz", "Vice President Biden") names the person the name does, and of
// the people the name may mean, those documents give a role of that
// office: "Secretary Clinton" is Hillary, "President Clinton" Bill.
TEST_F(RegistryTest, AReferenceWithAnOfficesTitleNamesTheHolder) {
  Index({Titled(MakeDocument("Former President Bill Clinton spoke in Little Rock.",
                             {Person("Bill Clinton"), Place("Little Rock")}),
                0, "Former President")});
  Index({Titled(MakeDocument("Secretary of State Hillary Clinton flew to Beijing.",
                             {Person("Hillary Clinton"), Place("Beijing")}),
                0, "Secretary of State")});
  Index({Titled(
      MakeDocument("Texas Sen. Ted Cruz spoke in Iowa.", {Person("Ted Cruz"), Place("Iowa")}), 0,
      "Texas Senator")});
  Index({MakeDocument("The President Hotel opened in Kiev.", {Org("President Hotel")})});
  const EntityIndex& entities = store_->entities();
  const auto names = [&](const std::string& reference, std::vector<uint64_t>* also = nullptr) {
    std::vector<std::string> out;
    const absl::StatusOr<std::vector<uint64_t>> ids = entities.Resolve(reference, 0, nullptr, also);
    EXPECT_TRUE(ids.ok()) << reference << ": " << ids.status();
    if (!ids.ok()) return out;
    for (const uint64_t id : *ids) {
      const auto profile = entities.Profile(id);
      out.push_back(profile.ok() ? profile->display_name() : "?");
    }
    return out;
  };
  std::vector<uint64_t> also;
  EXPECT_THAT(names("Secretary Clinton", &also), ::testing::ElementsAre("Hillary Clinton"));
  ASSERT_EQ(also.size(), 1u);
  EXPECT_EQ(entities.Profile(also[0])->display_name(), "Bill Clinton");
  EXPECT_THAT(names("President Clinton"), ::testing::ElementsAre("Bill Clinton"));
  EXPECT_THAT(names("former President Clinton"), ::testing::ElementsAre("Bill Clinton"));
  EXPECT_THAT(names("Senator Cruz"), ::testing::ElementsAre("Ted Cruz"));
  EXPECT_THAT(names("Sen. Ted Cruz"), ::testing::ElementsAre("Ted Cruz"));
  // No one of the name holds the office: the name alone decides.
  EXPECT_EQ(names("Governor Cruz"), names("Cruz"));
  EXPECT_THAT(names("Senator Nobody"), ::testing::IsEmpty());
  // A name with the title's word in it is that name.
  EXPECT_THAT(names("President Hotel"), ::testing::ElementsAre("President Hotel"));
  // A filter by the titled name counts the holder's documents.
  EXPECT_EQ(Count("Secretary Clinton"), 1);
  EXPECT_EQ(Count("Senator Cruz"), 1);
  // Words that qualify the title before it, and its complement after.
  EXPECT_THAT(names("Texas Senator Ted Cruz"), ::testing::ElementsAre("Ted Cruz"));
  EXPECT_THAT(names("U.S. Secretary of State Clinton"), ::testing::ElementsAre("Hillary Clinton"));
  // A party's or a place's tag in brackets after the name.
  EXPECT_THAT(names("Sen. Ted Cruz (R-Texas)"), ::testing::ElementsAre("Ted Cruz"));
  EXPECT_THAT(names("Senator Cruz (R-Texas)"), ::testing::ElementsAre("Ted Cruz"));
  // The one documents give the office most often, not every namesake a
  // document once gave it ("President Clinton, her husband" misread as
  // Hillary's title): a filter by the titled name counts the holder's
  // documents only.
  Index({Titled(MakeDocument("Hillary Clinton and President Clinton, her husband, campaigned.",
                             {Person("Hillary Clinton")}),
                0, "President")});
  Index({Titled(MakeDocument("President Bill Clinton signed the bill in Washington.",
                             {Person("Bill Clinton"), Place("Washington")}),
                0, "President")});
  EXPECT_THAT(names("President Clinton", &also), ::testing::ElementsAre("Bill Clinton"));
  ASSERT_EQ(also.size(), 1u);
  EXPECT_EQ(entities.Profile(also[0])->display_name(), "Hillary Clinton");
  EXPECT_EQ(Count("President Clinton"), 2);
  EXPECT_THAT(names("Secretary Clinton"), ::testing::ElementsAre("Hillary Clinton"));
}

// The BBC writes "Williams" for Matt Williams in one story and for Serena
// in another: a full name joins the person known by its surname alone only
// when that person has no other given name.
TEST_F(RegistryTest, AFullNameDoesNotJoinASurnameThatIsSomeoneElse) {
  const v1::Document surname = MakeDocument("Williams kicked the goal.", {Person("Williams")});
  const v1::Document matt =
      MakeDocument("Matt Williams coached Scotland.", {Person("Matt Williams")});
  const v1::Document serena =
      MakeDocument("Serena Williams won in Melbourne.", {Person("Serena Williams")});
  const v1::Document initial = MakeDocument("M Williams named the side.", {Person("M Williams")});
  Index({surname});
  Index({matt});
  Index({serena});
  Index({initial});
  EXPECT_EQ(IdIn(matt, "Matt Williams"), IdIn(surname, "Williams"));
  EXPECT_NE(IdIn(serena, "Serena Williams"), IdIn(matt, "Matt Williams"));
  // An initial agrees with the name it begins.
  EXPECT_EQ(IdIn(initial, "M Williams"), IdIn(matt, "Matt Williams"));
  EXPECT_EQ(Count("Serena Williams"), 1);
}

// An entity's documents are counted once each, however many of its keys a
// document names (a tagger that left "Brown" apart from "Gordon Brown" in
// one article).
TEST_F(RegistryTest, AnEntityCountsEachDocumentOnce) {
  Index({MakeDocument("Gordon Brown spoke.", {Person("Gordon Brown")})});
  Index({MakeDocument("Gordon Brown met the unions, and Brown left.",
                      {Person("Gordon Brown"), Person("Brown")})});
  EXPECT_THAT(Profile("Gordon Brown").keys(), UnorderedElementsAre("gordon brown", "brown"));
  EXPECT_EQ(Profile("Gordon Brown").document_count(), 2);
  EXPECT_EQ(Count("Gordon Brown"), 2);
  SearchEntitiesSpec complete;
  complete.prefix = "gordon";
  v1::SearchEntitiesResponse completed;
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  ASSERT_EQ(completed.entities_size(), 1);
  EXPECT_EQ(completed.entities(0).document_count(), 2);
}

// Completion puts the entities a document's name completes before those
// only an alias completes: the United Kingdom, in two documents, has
// "Samveldet" among the names a knowledge base gave it, and Samsung is
// named in one.
TEST_F(RegistryTest, CompletionPutsNamesTheDocumentsWriteBeforeAliases) {
  ASSERT_TRUE(
      Import("United Kingdom", {"Samveldet", "UK"}, v1::ENTITY_TYPE_LOCATION, {{"iso3166", "GB"}})
          .ok());
  Index({MakeDocument("The United Kingdom voted.", {Place("United Kingdom")})});
  Index({MakeDocument("The United Kingdom voted again.", {Place("United Kingdom")})});
  Index({MakeDocument("Samsung sold phones.", {Org("Samsung")})});
  SearchEntitiesSpec complete;
  complete.prefix = "sam";
  v1::SearchEntitiesResponse completed;
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  ASSERT_EQ(completed.entities_size(), 2);
  EXPECT_EQ(completed.entities(0).display_name(), "Samsung");
  EXPECT_EQ(completed.entities(1).display_name(), "United Kingdom");
  // By documents within each: "uni" is the United Kingdom's own name.
  complete.prefix = "uni";
  ASSERT_TRUE(store_->searcher().SearchEntities(complete, &completed).ok());
  ASSERT_GE(completed.entities_size(), 1);
  EXPECT_EQ(completed.entities(0).display_name(), "United Kingdom");
}

// An alias completes in its own script: "hp" typed in Latin letters is no
// start of Finland's Burmese name, which folds to "hpang lan ...", while
// "fin" completes its English one and "\u0444\u0438\u043d" its Russian one.
TEST_F(RegistryTest, AnAliasCompletesInItsOwnScript) {
  ASSERT_TRUE(Import("Finland",
                     {"\xe1\x80\x96\xe1\x80\x84\xe1\x80\xba\xe1\x80\x9c\xe1\x80\x94"
                      "\xe1\x80\xba",
                      "Republic of Finland",
                      "\xd0\xa4\xd0\xb8\xd0\xbd\xd0\xbb\xd1\x8f\xd0\xbd"
                      "\xd0\xb4\xd0\xb8\xd1\x8f"},
                     v1::ENTITY_TYPE_LOCATION, {{"iso3166", "FI"}})
                  .ok());
  Index({MakeDocument("HP sold printers.", {Org("HP")})});
  const auto completed = [&](const std::string& prefix) {
    SearchEntitiesSpec complete;
    complete.prefix = prefix;
    v1::SearchEntitiesResponse response;
    EXPECT_TRUE(store_->searcher().SearchEntities(complete, &response).ok());
    std::vector<std::string> names;
    for (const auto& e : response.entities()) names.push_back(e.display_name());
    return names;
  };
  // However this ICU transliterates the Burmese name, what it starts with
  // completes no Finland ("hp" with the ICU of Debian 12, as "HP" does).
  const std::string burmese = text::FoldName("\xe1\x80\x96\xe1\x80\x84\xe1\x80\xba").substr(0, 2);
  ASSERT_FALSE(burmese.empty());
  ASSERT_NE(burmese, "fi");
  ASSERT_NE(burmese, "re");
  EXPECT_THAT(completed(burmese), ::testing::Not(::testing::Contains("Finland")));
  EXPECT_THAT(completed("hp"), ::testing::ElementsAre("HP"));
  EXPECT_THAT(completed("fin"), ::testing::ElementsAre("Finland"));
  EXPECT_THAT(completed("\xd0\xa4\xd0\xb8\xd0\xbd"), ::testing::ElementsAre("Finland"));
}

TEST_F(RegistryTest, CurationMergesAliasesAndSplits) {
  const v1::Document a = MakeDocument("NATO met.", {Org("NATO")});
  const v1::Document b = MakeDocument("The North Atlantic Treaty Organization met.",
                                      {Org("North Atlantic Treaty Organization")});
  Index({a, b});
  const std::string nato = IdIn(a, "NATO");
  const std::string long_name = IdIn(b, "North Atlantic Treaty Organization");
  ASSERT_NE(nato, long_name);
  EXPECT_EQ(Count("NATO"), 1);

  MergeEntitiesSpec merge;
  merge.entity = long_name;
  merge.into = "NATO";
  v1::MergeEntitiesResponse merged;
  ASSERT_TRUE(store_->MergeEntities(merge, &merged).ok());
  EXPECT_EQ(merged.entity().id(), nato);
  EXPECT_EQ(merged.entity().document_count(), 2);
  EXPECT_THAT(merged.entity().merged_ids(), ::testing::ElementsAre(long_name));
  EXPECT_EQ(Count("NATO"), 2);
  EXPECT_EQ(Count(long_name), 2) << "a merged id finds the survivor";
  EXPECT_EQ(IdIn(b, "North Atlantic Treaty Organization"), nato) << "stored ids follow";

  AddEntityAliasSpec alias;
  alias.entity = "NATO";
  alias.alias = "The Alliance";
  v1::AddEntityAliasResponse aliased;
  ASSERT_TRUE(store_->AddEntityAlias(alias, &aliased).ok());
  EXPECT_THAT(aliased.entity().aliases(), ::testing::Contains("The Alliance"));
  EXPECT_EQ(Profile("the alliance").id(), nato);
  // A new document naming the alias links by it.
  const v1::Document c = MakeDocument("The Alliance met again.", {Org("The Alliance")});
  Index({c});
  EXPECT_EQ(IdIn(c, "The Alliance"), nato);

  // Curation survives a restart.
  Reopen();
  EXPECT_EQ(Count("NATO"), 3);
  EXPECT_EQ(Profile(long_name).id(), nato);

  SplitEntityAliasSpec split;
  split.entity = nato;
  split.alias = "North Atlantic Treaty Organization";
  v1::SplitEntityAliasResponse parts;
  ASSERT_TRUE(store_->SplitEntityAlias(split, &parts).ok());
  EXPECT_EQ(parts.entity().document_count(), 2);
  EXPECT_EQ(parts.split().document_count(), 1);
  EXPECT_EQ(IdIn(b, "North Atlantic Treaty Organization"), parts.split().id());
  // An undo: the merged entity is back under its own id, which finds it
  // (not NATO) again, and NATO no longer lists it as merged.
  EXPECT_EQ(parts.split().id(), long_name);
  EXPECT_EQ(Profile(long_name).display_name(), "North Atlantic Treaty Organization");
  EXPECT_THAT(parts.entity().merged_ids(), ::testing::IsEmpty());

  // A merge done already (a retry of one that landed) answers as it did.
  ASSERT_TRUE(Merge(long_name, nato).ok());
  ASSERT_TRUE(Merge("North Atlantic Treaty Organization", "NATO").ok());

  // What the registry refuses says what is wrong (what the boundary
  // refuses: requests_test.cc).
  merge.entity = nato;
  merge.into = "entities/" + nato;
  EXPECT_THAT(std::string(store_->MergeEntities(merge, &merged).message()),
              HasSubstr("same entity"));
  merge.into = "Nobody Atall";
  EXPECT_EQ(store_->MergeEntities(merge, &merged).code(), absl::StatusCode::kNotFound);
  Index({MakeDocument("Belgrade was quiet.", {Place("Belgrade")})});
  merge.into = "Belgrade";
  EXPECT_THAT(std::string(store_->MergeEntities(merge, &merged).message()),
              HasSubstr("different types"));
  split.alias = "Nothing Like It";
  EXPECT_EQ(store_->SplitEntityAlias(split, &parts).code(), absl::StatusCode::kNotFound);
}

// Curation takes a name where the one entity spelled so is meant, as
// GetEntity shows it first, although other names end with it ("UK" is not
// "AOL UK"); a name two entities are spelled by is refused, naming them.
TEST_F(RegistryTest, CurationByNameTakesTheOneEntitySpelledSo) {
  const v1::Document a = MakeDocument("The UK and AOL UK.", {Place("UK"), Org("AOL UK")});
  const v1::Document b = MakeDocument("Britain voted.", {Place("Britain")});
  Index({a, b});
  const std::string uk = IdIn(a, "UK");
  MergeEntitiesSpec merge;
  merge.entity = "Britain";
  merge.into = "UK";
  v1::MergeEntitiesResponse merged;
  const absl::Status status = store_->MergeEntities(merge, &merged);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(merged.entity().id(), uk);
  EXPECT_EQ(Profile("Britain").id(), uk);
  EXPECT_NE(IdIn(a, "AOL UK"), uk);

  // Two entities spelled "Jordan": a person and a place.
  Index({MakeDocument("Jordan scored.", {Person("Jordan")}),
         MakeDocument("Jordan, the country.", {Place("Jordan")})});
  merge.entity = "Jordan";
  merge.into = "UK";
  const absl::Status ambiguous = store_->MergeEntities(merge, &merged);
  EXPECT_EQ(ambiguous.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ambiguous.message()), HasSubstr("entity 'Jordan' names 2 entities: "));
  EXPECT_THAT(std::string(ambiguous.message()), HasSubstr("; give an id"));
  // Each with its type, which is what tells them apart.
  EXPECT_THAT(std::string(ambiguous.message()), HasSubstr("(Jordan, PERSON, 1 document)"));
  EXPECT_THAT(std::string(ambiguous.message()), HasSubstr("(Jordan, LOCATION, 1 document)"));
  // Entities of two types do not merge, and the refusal says which.
  Index({MakeDocument("Sergei Lavrov met NATO.", {Person("Sergei Lavrov"), Org("NATO")})});
  merge.entity = "Sergei Lavrov";
  merge.into = "NATO";
  const absl::Status types = store_->MergeEntities(merge, &merged);
  EXPECT_EQ(types.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(types.message()),
              HasSubstr("different types ('Sergei Lavrov' PERSON, 'NATO' ORGANIZATION)"));
}

// A merge undone by a split gives back every key the merged entity brought,
// not only those of the name split by: Michael Jordan's bare "Jordan" too.
TEST_F(RegistryTest, ASplitUndoesAWholeMerge) {
  IndexJordanAndPippen();
  const std::string jordan = Profile("Michael Jordan").id();
  ASSERT_THAT(Profile("Michael Jordan").keys(),
              ::testing::UnorderedElementsAre("michael jordan", "jordan"));
  const std::string pippen = Profile("Scottie Pippen").id();

  ASSERT_TRUE(Merge(jordan, pippen).ok());
  EXPECT_EQ(Profile("Scottie Pippen").document_count(), 3);

  const auto parts = Split(pippen, "Michael Jordan");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->split().id(), jordan);
  EXPECT_THAT(parts->split().keys(), ::testing::UnorderedElementsAre("michael jordan", "jordan"));
  EXPECT_EQ(parts->split().document_count(), 2);
  EXPECT_THAT(parts->entity().keys(), ::testing::ElementsAre("scottie pippen"));
  EXPECT_EQ(parts->entity().document_count(), 1);
  // And after a restart.
  Reopen();
  EXPECT_EQ(Profile("Jordan").id(), jordan);
  EXPECT_EQ(Profile("Scottie Pippen").document_count(), 1);
}

// A merge of a surname's numbered sense is undone by that key as a
// profile lists it ("brown#2"), or by the merged entity's id; an id that
// was not merged into the entity is refused.
TEST_F(RegistryTest, ASplitNamesASenseKeyOrTheMergedId) {
  Index(
      {MakeDocument("Gordon Brown of the Treasury met Tony Blair of Labour.",
                    {Person("Gordon Brown"), Org("Treasury"), Person("Tony Blair"), Org("Labour")}),
       MakeDocument("Brown, the Treasury, Tony Blair and Labour agreed.",
                    {Person("Brown"), Org("Treasury"), Person("Tony Blair"), Org("Labour")})});
  const v1::Document football = MakeDocument(
      "Brown scored for Manchester United at Old Trafford for Alex Ferguson.",
      {Person("Brown"), Org("Manchester United"), Place("Old Trafford"), Person("Alex Ferguson")});
  Index({football});
  const std::string gordon = Profile("Gordon Brown").id();
  const std::string defender = IdIn(football, "Brown");
  ASSERT_NE(defender, gordon);
  ASSERT_TRUE(Merge(defender, gordon).ok());
  ASSERT_THAT(Profile(gordon).keys(), ::testing::Contains("brown#2"));

  auto parts = Split(gordon, "Brown#2");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->split().id(), defender);
  EXPECT_THAT(Profile(gordon).keys(), ::testing::Not(::testing::Contains("brown#2")));

  ASSERT_TRUE(Merge(defender, gordon).ok());
  parts = Split(gordon, defender);
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->split().id(), defender);
  EXPECT_EQ(Profile(defender).document_count(), 1);

  const std::string blair = Profile("Tony Blair").id();
  const auto refused = Split(gordon, blair);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("was not merged into"));
}

// Taking back an alias moves only the keys documents linked by it: one
// the entity had already ("Jordan" of Michael Jordan), or one a merge
// brought, stays, so an alias given and taken back changes nothing.
TEST_F(RegistryTest, TakingBackAnAliasLeavesTheKeysItDidNotLink) {
  IndexJordanAndPippen();
  const std::string jordan = Profile("Michael Jordan").id();
  const std::string pippen = Profile("Scottie Pippen").id();
  ASSERT_THAT(Profile(jordan).keys(), ::testing::UnorderedElementsAre("michael jordan", "jordan"));
  ASSERT_TRUE(Alias(jordan, "Jordan").ok());
  auto removed = RemoveAlias(jordan, "Jordan");
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_FALSE(removed->has_split());
  EXPECT_EQ(removed->entity().id(), jordan);
  EXPECT_THAT(removed->entity().keys(),
              ::testing::UnorderedElementsAre("michael jordan", "jordan"));
  EXPECT_EQ(removed->entity().document_count(), 2);

  // Given before a merge and taken back after it.
  ASSERT_TRUE(Alias(jordan, "Michael Jordan").ok());
  ASSERT_TRUE(Merge(jordan, pippen).ok());
  removed = RemoveAlias(pippen, "Michael Jordan");
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_FALSE(removed->has_split());
  EXPECT_THAT(removed->entity().keys(),
              ::testing::UnorderedElementsAre("scottie pippen", "michael jordan", "jordan"));
  EXPECT_THAT(removed->entity().aliases(), ::testing::IsEmpty());
  // A split is what takes such a key away.
  const auto parts = Split(pippen, "Michael Jordan");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->split().id(), jordan);
}

// A split takes a curated alias of the split name with it: references by
// the alias find the entity split off, at once and after a restart.
TEST_F(RegistryTest, ASplitAliasNamesTheEntitySplitOff) {
  const v1::Document a = MakeDocument("NATO met.", {Org("NATO")});
  Index({a});
  const std::string nato = IdIn(a, "NATO");
  ASSERT_TRUE(Alias(nato, "The Alliance").ok());
  const v1::Document b = MakeDocument("The Alliance met again.", {Org("The Alliance")});
  Index({b});
  ASSERT_EQ(IdIn(b, "The Alliance"), nato);

  SplitEntityAliasSpec split;
  split.entity = nato;
  split.alias = "the alliance";
  v1::SplitEntityAliasResponse parts;
  ASSERT_TRUE(store_->SplitEntityAlias(split, &parts).ok());
  const std::string alliance = parts.split().id();
  ASSERT_NE(alliance, nato);
  EXPECT_THAT(parts.split().aliases(), ::testing::Contains("The Alliance"));
  EXPECT_THAT(parts.entity().aliases(), ::testing::IsEmpty());
  EXPECT_EQ(Profile("The Alliance").id(), alliance);
  EXPECT_EQ(Count("The Alliance"), 1);
  Reopen();
  EXPECT_EQ(Profile("The Alliance").id(), alliance);
  EXPECT_EQ(Count("The Alliance"), 1);
}

// An alias taken back names the entity no more: not in references, not in
// new documents; documents that linked by it go to an entity of their own.
TEST_F(RegistryTest, AnAliasTakenBackNamesTheEntityNoMore) {
  const v1::Document a = MakeDocument("NATO met.", {Org("NATO")});
  const v1::Document z = MakeDocument("Zagreb Allied Group met.", {Org("Zagreb Allied Group")});
  Index({a, z});
  const std::string nato = IdIn(a, "NATO");
  AddEntityAliasSpec alias;
  alias.entity = nato;
  v1::AddEntityAliasResponse aliased;
  alias.alias = "The Alliance";
  ASSERT_TRUE(store_->AddEntityAlias(alias, &aliased).ok());
  alias.alias = "Atlantic Alliance";
  ASSERT_TRUE(store_->AddEntityAlias(alias, &aliased).ok());
  // An alias that came with a merge is taken back the same way.
  alias.entity = "Zagreb Allied Group";
  alias.alias = "ZAG";
  ASSERT_TRUE(store_->AddEntityAlias(alias, &aliased).ok());
  MergeEntitiesSpec merge;
  merge.entity = "Zagreb Allied Group";
  merge.into = nato;
  v1::MergeEntitiesResponse merged;
  ASSERT_TRUE(store_->MergeEntities(merge, &merged).ok());
  const v1::Document b = MakeDocument("The Alliance met again.", {Org("The Alliance")});
  Index({b});
  ASSERT_EQ(IdIn(b, "The Alliance"), nato);
  ASSERT_EQ(Profile("ZAG").id(), nato);

  SplitEntityAliasSpec remove;
  remove.entity = "NATO";
  remove.alias = "the ALLIANCE";
  v1::RemoveEntityAliasResponse removed;
  ASSERT_TRUE(store_->RemoveEntityAlias(remove, &removed).ok());
  EXPECT_EQ(removed.entity().id(), nato);
  EXPECT_THAT(removed.entity().aliases(),
              ::testing::UnorderedElementsAre("Atlantic Alliance", "ZAG"));
  // The document that linked by it went with its spelling, aliasless.
  const std::string split = removed.split().id();
  ASSERT_FALSE(split.empty());
  EXPECT_NE(split, nato);
  EXPECT_THAT(removed.split().aliases(), ::testing::IsEmpty());
  EXPECT_EQ(IdIn(b, "The Alliance"), split);
  EXPECT_EQ(Count(nato), 2);
  remove.alias = "zag";
  ASSERT_TRUE(store_->RemoveEntityAlias(remove, &removed).ok());
  EXPECT_FALSE(removed.has_split()) << "no document linked by it";
  EXPECT_THAT(removed.entity().aliases(), ::testing::ElementsAre("Atlantic Alliance"));

  for (const bool restarted : {false, true}) {
    if (restarted) Reopen();
    SCOPED_TRACE(restarted ? "after a restart" : "at once");
    GetEntitySpec get;
    get.entity.reference = "ZAG";
    v1::GetEntityResponse response;
    EXPECT_EQ(store_->searcher().GetEntity(get, &response).code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(Profile("The Alliance").id(), split);
    EXPECT_EQ(Profile("Atlantic Alliance").id(), nato);
    EXPECT_EQ(Count("The Alliance"), 1);
  }
  // A new document naming it links to NATO no more.
  const v1::Document c = MakeDocument("ZAG met.", {Org("ZAG")});
  Index({c});
  EXPECT_NE(IdIn(c, "ZAG"), nato);
  // Taken back twice, or never given: NOT_FOUND, and nothing changes.
  EXPECT_EQ(store_->RemoveEntityAlias(remove, &removed).code(), absl::StatusCode::kNotFound);
  remove.alias = "NATO";
  EXPECT_EQ(store_->RemoveEntityAlias(remove, &removed).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Profile("NATO").id(), nato);
}

// An alias spelled as the entity's own name brought it no documents:
// taking it back leaves them where they are.
TEST_F(RegistryTest, TakingBackAnAliasOfTheEntitysOwnNameKeepsItsDocuments) {
  const v1::Document a = MakeDocument("Maria Zakharova spoke.", {Person("Maria Zakharova")});
  const v1::Document b = MakeDocument("Maria Zakharova spoke again.", {Person("Maria Zakharova")});
  Index({a, b});
  const v1::Document c = MakeDocument("Zakharova spoke later.", {Person("Zakharova")});
  Index({c});
  const std::string id = IdIn(a, "Maria Zakharova");
  ASSERT_EQ(IdIn(c, "Zakharova"), id);
  ASSERT_TRUE(Alias(id, "Maria Zakharova").ok());
  SplitEntityAliasSpec remove;
  remove.entity = id;
  remove.alias = "maria zakharova";
  v1::RemoveEntityAliasResponse removed;
  const absl::Status s = store_->RemoveEntityAlias(remove, &removed);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_FALSE(removed.has_split());
  EXPECT_EQ(removed.entity().id(), id);
  EXPECT_EQ(removed.entity().document_count(), 3);
  EXPECT_EQ(IdIn(b, "Maria Zakharova"), id);
}

// Taking back an alias splits off the documents that linked by it, even
// when they are most of the entity's and its name is now the alias's
// spelling: the entity's own name is the one it began with.
TEST_F(RegistryTest, TakingBackAnAliasTheDocumentsNowNameTheEntityByStillSplitsThem) {
  const v1::Document a =
      MakeDocument("Alexander Botsan-Kharchenko spoke.", {Person("Alexander Botsan-Kharchenko")});
  Index({a});
  const std::string id = IdIn(a, "Alexander Botsan-Kharchenko");
  ASSERT_TRUE(Alias(id, "Russian ambassador to Serbia").ok());
  const v1::Document b = MakeDocument("The Russian ambassador to Serbia spoke.",
                                      {Person("Russian ambassador to Serbia")});
  const v1::Document c = MakeDocument("The Russian ambassador to Serbia spoke again.",
                                      {Person("Russian ambassador to Serbia")});
  Index({b, c});
  ASSERT_EQ(IdIn(b, "Russian ambassador to Serbia"), id);
  ASSERT_EQ(Profile(id).display_name(), "Russian ambassador to Serbia");
  Reopen();  // which keys linked by the alias is stored
  const auto removed = RemoveAlias(id, "Russian ambassador to Serbia");
  ASSERT_TRUE(removed.ok()) << removed.status();
  ASSERT_TRUE(removed->has_split());
  EXPECT_EQ(removed->split().document_count(), 2);
  EXPECT_EQ(removed->entity().id(), id);
  EXPECT_EQ(removed->entity().document_count(), 1);
  EXPECT_EQ(removed->entity().display_name(), "Alexander Botsan-Kharchenko");
  EXPECT_NE(IdIn(c, "Russian ambassador to Serbia"), id);
}

// An entity first known by a surname, whose full name came later: an
// alias spelled as that full name, taken back, leaves its documents too.
TEST_F(RegistryTest, TakingBackAnAliasOfAFullNameThatCameLaterKeepsItsDocuments) {
  const v1::Document a = MakeDocument("Zakharova spoke.", {Person("Zakharova")});
  Index({a});
  const v1::Document b = MakeDocument("Maria Zakharova spoke.", {Person("Maria Zakharova")});
  const v1::Document c = MakeDocument("Maria Zakharova spoke again.", {Person("Maria Zakharova")});
  Index({b, c});
  const std::string id = IdIn(a, "Zakharova");
  ASSERT_EQ(IdIn(b, "Maria Zakharova"), id);
  ASSERT_TRUE(Alias(id, "Maria Zakharova").ok());
  const auto removed = RemoveAlias(id, "Maria Zakharova");
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_FALSE(removed->has_split());
  EXPECT_EQ(removed->entity().document_count(), 3);
  EXPECT_EQ(IdIn(c, "Maria Zakharova"), id);
}

// An alias a merge brought goes on naming the entity merged into, and no
// other, after a split brings the merged entity back; taken back, it names
// neither, at once as after a restart.
TEST_F(RegistryTest, AnAliasAMergeMovedStaysMovedThroughASplit) {
  const v1::Document a = MakeDocument("Olaf Scholz spoke.", {Person("Olaf Scholz")});
  const v1::Document b = MakeDocument("Angela Merkel spoke.", {Person("Angela Merkel")});
  Index({a, b});
  const std::string scholz = IdIn(a, "Olaf Scholz");
  const std::string merkel = IdIn(b, "Angela Merkel");
  ASSERT_TRUE(Alias(scholz, "The Chancellor").ok());
  ASSERT_TRUE(Merge(scholz, merkel).ok());
  const auto parts = Split(merkel, "Olaf Scholz");
  ASSERT_TRUE(parts.ok()) << parts.status();
  ASSERT_EQ(parts->split().id(), scholz);
  EXPECT_EQ(Count("The Chancellor"), 1);
  EXPECT_EQ(Profile("The Chancellor").id(), merkel);

  SplitEntityAliasSpec remove;
  remove.entity = merkel;
  remove.alias = "The Chancellor";
  v1::RemoveEntityAliasResponse removed;
  ASSERT_TRUE(store_->RemoveEntityAlias(remove, &removed).ok());
  for (const bool restarted : {false, true}) {
    if (restarted) Reopen();
    SCOPED_TRACE(restarted ? "after a restart" : "at once");
    GetEntitySpec get;
    get.entity.reference = "The Chancellor";
    v1::GetEntityResponse response;
    EXPECT_EQ(store_->searcher().GetEntity(get, &response).code(), absl::StatusCode::kNotFound);
  }
}

// Taking an alias out of the index is undone when its change is not
// committed, as adding one is.
TEST(RegistryUndoTest, ARollbackPutsBackAnAliasTakenOut) {
  Dictionaries dictionaries;
  Registry registry(&dictionaries, nullptr, nullptr);
  store::v1::RegistryEntity nato;
  nato.set_id(42);
  nato.set_type(static_cast<int>(v1::ENTITY_TYPE_ORGANIZATION));
  nato.add_aliases("The Alliance");
  registry.LoadEntity(nato);
  registry.Commit();
  ASSERT_THAT(registry.ByAlias("the alliance"), ::testing::ElementsAre(42));
  RegistryWrites writes;
  ASSERT_TRUE(registry.RemoveAlias(42, "the alliance", &writes));
  EXPECT_THAT(registry.ByAlias("the alliance"), ::testing::IsEmpty());
  registry.Rollback();
  EXPECT_THAT(registry.ByAlias("the alliance"), ::testing::ElementsAre(42));
  store::v1::RegistryEntity record;
  ASSERT_TRUE(registry.Record(42, &record));
  EXPECT_THAT(record.aliases(), ::testing::ElementsAre("The Alliance"));
}

// "A becomes part of B": B keeps its name even when A's spelling is in more
// documents (merging "Baroness Kennedy" into "Helena Kennedy" showed the
// former).
TEST_F(RegistryTest, AMergeKeepsTheNameOfTheEntityMergedInto) {
  const v1::Document a = MakeDocument("Helena Kennedy spoke.", {Person("Helena Kennedy")});
  const v1::Document b = MakeDocument("Baroness Kennedy spoke.", {Person("Baroness Kennedy")});
  const v1::Document c =
      MakeDocument("Baroness Kennedy spoke again.", {Person("Baroness Kennedy")});
  Index({a, b, c});
  const std::string helena = IdIn(a, "Helena Kennedy");
  ASSERT_NE(helena, IdIn(b, "Baroness Kennedy"));
  MergeEntitiesSpec merge;
  merge.entity = "Baroness Kennedy";
  merge.into = helena;
  v1::MergeEntitiesResponse merged;
  ASSERT_TRUE(store_->MergeEntities(merge, &merged).ok());
  EXPECT_EQ(merged.entity().id(), helena);
  EXPECT_EQ(merged.entity().document_count(), 3);
  EXPECT_EQ(merged.entity().display_name(), "Helena Kennedy");
  // And after a restart, and for documents indexed later.
  Reopen();
  Index({MakeDocument("Baroness Kennedy spoke once more.", {Person("Baroness Kennedy")})});
  EXPECT_EQ(Profile(helena).display_name(), "Helena Kennedy");
  EXPECT_EQ(Profile(helena).document_count(), 4);
  // Split off by that spelling, the name goes with it: what is left is
  // shown by its own.
  SplitEntityAliasSpec split;
  split.entity = helena;
  split.alias = "Helena Kennedy";
  v1::SplitEntityAliasResponse parts;
  ASSERT_TRUE(store_->SplitEntityAlias(split, &parts).ok());
  EXPECT_EQ(parts.entity().display_name(), "Baroness Kennedy");
  EXPECT_EQ(parts.split().display_name(), "Helena Kennedy");
}

// The id stays with the keys a split does not name: splitting off the
// keys of most of an entity's documents (its display name) is refused, as
// it would leave the id scripts keep with the few. Their other spellings
// are what to split.
TEST_F(RegistryTest, ASplitOfMostOfAnEntitysDocumentsIsRefused) {
  const v1::Document a = MakeDocument("Howard spoke.", {Person("Howard")});
  Index({a});
  const v1::Document b = MakeDocument("Michael Howard spoke.", {Person("Michael Howard")});
  const v1::Document c = MakeDocument("Michael Howard spoke again.", {Person("Michael Howard")});
  Index({b, c});
  const std::string id = IdIn(a, "Howard");
  ASSERT_EQ(IdIn(b, "Michael Howard"), id);
  ASSERT_EQ(Profile(id).display_name(), "Michael Howard");
  const auto refused = Split(id, "Michael Howard");
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(dossier::ErrorReason(refused.status()), "SPLIT_OWN_NAME");
  EXPECT_THAT(refused.status().message(),
              ::testing::HasSubstr("'Michael Howard' names 2 of the 3 documents of"));
  EXPECT_THAT(refused.status().message(), ::testing::HasSubstr("spellings ('howard') instead"));
  EXPECT_EQ(IdIn(b, "Michael Howard"), id) << "nothing moved";
  const auto parts = Split(id, "Howard");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->entity().id(), id);
  EXPECT_EQ(parts->entity().display_name(), "Michael Howard");
  EXPECT_EQ(parts->split().document_count(), 1);
  EXPECT_EQ(IdIn(c, "Michael Howard"), id);
  // Left with one spelling, it has nothing to split from.
  const auto alone = Split(id, "Michael Howard");
  EXPECT_EQ(alone.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(alone.status().message(), ::testing::HasSubstr("nothing to split it from"));
}

TEST_F(RegistryTest, AKnowledgeBaseJoinsWhatItsNamesName) {
  const v1::Document a = MakeDocument("The U.S. objected.", {Place("U.S.")});
  const v1::Document b = MakeDocument("The United States objected.", {Place("United States")});
  Index({a, b});
  ASSERT_NE(IdIn(a, "U.S."), IdIn(b, "United States"));
  ImportKnowledgeBaseSpec kb_import;
  KnowledgeBaseEntry us;
  us.name = "United States of America";
  us.aliases = {"U.S.", "United States", "America"};
  us.type = v1::ENTITY_TYPE_LOCATION;
  us.external_ids = {{"wikidata", "Q30"}};
  kb_import.entities.push_back(us);
  v1::ImportKnowledgeBaseResponse response;
  ASSERT_TRUE(store_->ImportKnowledgeBase(kb_import, &response).ok());
  EXPECT_EQ(response.created_count(), 0);  // the documents named it
  ASSERT_EQ(response.entities_size(), 1);
  const std::string id = response.entities(0).id();
  EXPECT_EQ(response.entities(0).display_name(), "United States of America");
  EXPECT_EQ(IdIn(a, "U.S."), id);
  EXPECT_EQ(IdIn(b, "United States"), id);
  EXPECT_EQ(Count("America"), 2);
  const v1::EntityProfile profile = Profile(id);
  EXPECT_EQ(profile.external_ids().at("wikidata"), "Q30");
  // Later documents link by any of its names; importing again changes
  // nothing.
  const v1::Document c = MakeDocument("America objected.", {Place("America")});
  Index({c});
  EXPECT_EQ(IdIn(c, "America"), id);
  ASSERT_TRUE(store_->ImportKnowledgeBase(kb_import, &response).ok());
  EXPECT_EQ(response.created_count(), 0);
  EXPECT_EQ(response.entities(0).id(), id);
  // An entity no document named is new.
  KnowledgeBaseEntry tuvalu;
  tuvalu.name = "Tuvalu";
  tuvalu.type = v1::ENTITY_TYPE_LOCATION;
  tuvalu.external_ids = {{"wikidata", "Q672"}};
  kb_import.entities.push_back(tuvalu);
  ASSERT_TRUE(store_->ImportKnowledgeBase(kb_import, &response).ok());
  EXPECT_EQ(response.created_count(), 1);
  EXPECT_EQ(Count("Tuvalu"), 0);
  // It has a profile and a timeline, with no documents: an imported entity
  // is no entity whose documents were deleted.
  EXPECT_EQ(Profile("Tuvalu").document_count(), 0);
  EntityTimelineSpec timeline;
  timeline.entity.reference = "Tuvalu";
  v1::GetEntityTimelineResponse buckets;
  EXPECT_TRUE(store_->searcher().Timeline(timeline, &buckets).ok());
}

TEST_F(RegistryTest, PlacesResolveToGeoNames) {
  auto places = Gazetteer::Load(testing::SharedDir() + "/data/geonames");
  ASSERT_TRUE(places.ok()) << places.status();
  Reopen(places->get());
  const v1::Document a = MakeDocument("Belgrade and Serbia.", {Place("Belgrade"), Place("Serbia")});
  Index({a});
  const v1::EntityProfile belgrade = Profile("Belgrade");
  EXPECT_EQ(belgrade.external_ids().at("geonames"), "792680");
  EXPECT_NEAR(belgrade.coordinates().latitude(), 44.8, 0.1);
  EXPECT_NEAR(belgrade.coordinates().longitude(), 20.5, 0.1);
  const v1::EntityProfile serbia = Profile("Serbia");
  EXPECT_EQ(serbia.external_ids().at("iso3166"), "RS");
  // A city's other spellings name it, and its other names when it is one
  // the world knows; an alternate name that is another name (GeoNames
  // gives Topeka "Google", Huntsville "Twickenham", Mahdia "Africa",
  // Dayton "Venice") names nothing, and the place of that name comes
  // first.
  Index({MakeDocument("Seville, Bombay, Venice, Twickenham, Google and Africa.",
                      {Place("Seville"), Place("Bombay"), Place("Venice"), Place("Twickenham"),
                       Place("Google"), Place("Africa")})});
  EXPECT_EQ(Profile("Seville").external_ids().at("geonames"), "2510911");
  EXPECT_EQ(Profile("Bombay").external_ids().at("geonames"), "1275339");
  EXPECT_EQ(Profile("Venice").external_ids().at("iso3166"), "IT");
  // Two-letter codes but "US" and "UK" name no place: the model's place
  // "BT" is the firm, "IE" the browser.
  Index({MakeDocument("BT, IE, US and UK.", {Place("BT"), Place("IE"), Place("US"), Place("UK")})});
  EXPECT_EQ(Profile("US").external_ids().at("iso3166"), "US");
  EXPECT_EQ(Profile("UK").external_ids().at("iso3166"), "GB");
  for (const char* name : {"Twickenham", "Google", "Africa", "BT", "IE"}) {
    const v1::EntityProfile nowhere = Profile(name);
    EXPECT_FALSE(nowhere.external_ids().contains("geonames")) << name;
    EXPECT_FALSE(nowhere.has_coordinates()) << name;
  }
  // Of the places of a name, the one in the country of the document's
  // other places: Newcastle upon Tyne beside London, not the larger
  // Newcastle of New South Wales; without such company, the largest.
  Index({MakeDocument("Chelsea won in London.", {Org("Chelsea"), Place("London")})});
  EXPECT_EQ(Profile("London").external_ids().at("iso3166"), "GB");
  Index({MakeDocument("Newcastle beat Chelsea in London.",
                      {Place("Newcastle"), Org("Chelsea"), Place("London")})});
  EXPECT_EQ(Profile("Newcastle").external_ids().at("geonames"), "2641673");
  // Not for a town a tenth the size (Perth Amboy, New Jersey).
  Index(
      {MakeDocument("The United States lost in Perth.", {Place("United States"), Place("Perth")})});
  EXPECT_EQ(Profile("Perth").external_ids().at("geonames"), "2063523");
  // A knowledge base still joins a place documents made, GeoNames id and
  // all.
  auto response =
      Import("Republic of Serbia", {"Serbia"}, v1::ENTITY_TYPE_LOCATION, {{"wikidata", "Q403"}});
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->created_count(), 0);
  const v1::EntityProfile joined = Profile("Republic of Serbia");
  EXPECT_EQ(joined.document_count(), 1);
  EXPECT_EQ(joined.external_ids().at("wikidata"), "Q403");
  EXPECT_EQ(joined.external_ids().at("iso3166"), "RS");
  // A US state the knowledge base gives (models/registry/places.txt) is
  // that state, not the city of another country GeoNames names so
  // (Virginia, Free State). Without it, GeoNames' city is all there is:
  // Florida, Cuba, which this registry imported no state for.
  Index({MakeDocument("Clinton lost Florida.", {Person("Clinton"), Place("Florida")})});
  EXPECT_EQ(Profile("Florida").external_ids().at("iso3166"), "CU");
  ASSERT_TRUE(Import("Virginia", {"Commonwealth of Virginia"}, v1::ENTITY_TYPE_LOCATION, {}).ok());
  Index({MakeDocument("Clinton carried Virginia.", {Person("Clinton"), Place("Virginia")})});
  const v1::EntityProfile virginia = Profile("Virginia");
  EXPECT_EQ(virginia.document_count(), 1);
  EXPECT_FALSE(virginia.external_ids().contains("geonames"));
}

// A knowledge base that gives ids to an entity an earlier one imported by
// name alone updates it: Kosovo, from the places list, then with GeoNames'
// ids. One entity, its id kept.
TEST_F(RegistryTest, IdsAKnowledgeBaseGivesLaterUpdateTheEntityItImportedByName) {
  auto first = Import("Kosovo", {"Kosovo and Metohija"}, v1::ENTITY_TYPE_LOCATION, {});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->entities_size(), 1);
  auto again = Import("Kosovo", {"Kosovo and Metohija"}, v1::ENTITY_TYPE_LOCATION,
                      {{"iso3166", "XK"}, {"geonames", "831053"}});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->created_count(), 0);
  ASSERT_EQ(again->entities_size(), 1);
  EXPECT_EQ(again->entities(0).id(), first->entities(0).id());
  const v1::EntityProfile kosovo = Profile("Kosovo");
  EXPECT_EQ(kosovo.id(), first->entities(0).id());
  EXPECT_EQ(kosovo.external_ids().at("iso3166"), "XK");
  GetEntitySpec get;
  get.entity.reference = "Kosovo";
  v1::GetEntityResponse response;
  ASSERT_TRUE(store_->searcher().GetEntity(get, &response).ok());
  EXPECT_EQ(response.alternatives_size(), 0);
}

// A curator fixes the type the tagger gave an entity: every answer of the
// Completions come most documents first by the count they show: an entity
// of two keys that the same documents name is counted once per document,
// not once per key.
TEST_F(RegistryTest, CompletionsRankByTheDocumentsTheyCount) {
  Index({MakeDocument("Blackwell Labs, or Blackwell Laboratories, grew.",
                      {Org("Blackwell Labs"), Org("Blackwell Laboratories")}),
         MakeDocument("Blackwell Labs (Blackwell Laboratories) hired.",
                      {Org("Blackwell Labs"), Org("Blackwell Laboratories")}),
         MakeDocument("Blackpool won at home.", {Org("Blackpool")}),
         MakeDocument("Blackpool lost away.", {Org("Blackpool")}),
         MakeDocument("Blackpool drew.", {Org("Blackpool")})});
  ASSERT_TRUE(Merge("Blackwell Laboratories", "Blackwell Labs").ok());
  SearchEntitiesSpec spec;
  spec.prefix = "black";
  v1::SearchEntitiesResponse response;
  ASSERT_TRUE(store_->searcher().SearchEntities(spec, &response).ok());
  std::vector<std::pair<std::string, int64_t>> ranked;
  for (const auto& e : response.entities())
    ranked.emplace_back(e.display_name(), e.document_count());
  EXPECT_THAT(ranked, ::testing::ElementsAre(::testing::Pair("Blackpool", 3),
                                             ::testing::Pair("Blackwell Labs", 2)));
}

// registry, the entity in its documents, merges and new documents' links
// read the new type, and it survives a restart.
TEST_F(RegistryTest, CurationRetypesAnEntityTheTaggerMisread) {
  auto places = Gazetteer::Load(testing::SharedDir() + "/data/geonames");
  ASSERT_TRUE(places.ok()) << places.status();
  Reopen(places->get());
  const v1::Document a = MakeDocument("The Police Federation met in London.",
                                      {Place("Police Federation"), Place("London")});
  const v1::Document b = MakeDocument("Jordan scored for the Chicago Bulls in Paris.",
                                      {Place("Jordan"), Org("Chicago Bulls"), Org("Paris")});
  Index({a, b});
  const std::string federation = IdIn(a, "Police Federation");
  EXPECT_EQ(Profile("Police Federation").type(), v1::ENTITY_TYPE_LOCATION);
  EXPECT_TRUE(Profile("Jordan").external_ids().contains("geonames"));
  auto entities_of = [&](v1::EntityType type) {
    SearchEntitiesSpec spec;
    spec.prefix = "police";
    spec.types = {type};
    v1::SearchEntitiesResponse response;
    EXPECT_TRUE(store_->searcher().SearchEntities(spec, &response).ok());
    std::vector<std::string> ids;
    for (const auto& e : response.entities()) ids.push_back(e.id());
    return ids;
  };
  ASSERT_THAT(entities_of(v1::ENTITY_TYPE_LOCATION), ::testing::ElementsAre(federation));

  auto retyped = Retype("Police Federation", v1::ENTITY_TYPE_ORGANIZATION);
  ASSERT_TRUE(retyped.ok()) << retyped.status();
  EXPECT_EQ(retyped->id(), federation);
  EXPECT_EQ(retyped->type(), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_THAT(retyped->aliases(), ::testing::Contains("Police Federation"));
  EXPECT_THAT(entities_of(v1::ENTITY_TYPE_ORGANIZATION), ::testing::ElementsAre(federation));
  EXPECT_THAT(entities_of(v1::ENTITY_TYPE_LOCATION), ::testing::IsEmpty());
  // Its documents show the type, on the entity and its mentions; London
  // stays a place.
  auto stored = store_->Get(a.id());
  ASSERT_TRUE(stored.ok()) << stored.status();
  for (const v1::Entity& e : stored->annotations().entities()) {
    const v1::EntityType want =
        e.name() == "London" ? v1::ENTITY_TYPE_LOCATION : v1::ENTITY_TYPE_ORGANIZATION;
    EXPECT_EQ(e.type(), want) << e.name();
    for (const int m : e.mention_indices()) {
      EXPECT_EQ(stored->annotations().mentions(m).type(), want) << e.name();
    }
  }
  // A new document that reads it as an organisation links to it, by one
  // word too; it merges with organisations and not with places.
  const v1::Document c =
      MakeDocument("The Police Federation protested.", {Org("Police Federation")});
  Index({c});
  EXPECT_EQ(IdIn(c, "Police Federation"), federation);
  Index({MakeDocument("The Federation of Police Officers met.",
                      {Org("Federation of Police Officers")})});
  EXPECT_TRUE(Merge("Federation of Police Officers", federation).ok());
  EXPECT_THAT(std::string(Merge("London", federation).message()), HasSubstr("different types"));
  EXPECT_EQ(Count(federation), 3);

  // Away from places, the place of its name goes; to places, it comes.
  auto jordan = Retype("Jordan", v1::ENTITY_TYPE_PERSON);
  ASSERT_TRUE(jordan.ok()) << jordan.status();
  EXPECT_FALSE(jordan->external_ids().contains("geonames"));
  EXPECT_FALSE(jordan->external_ids().contains("iso3166"));
  EXPECT_FALSE(jordan->has_coordinates());
  auto paris = Retype("Paris", v1::ENTITY_TYPE_LOCATION);
  ASSERT_TRUE(paris.ok()) << paris.status();
  EXPECT_EQ(paris->external_ids().at("iso3166"), "FR");
  EXPECT_TRUE(paris->has_coordinates());

  // Again: the same answer, nothing changed.
  auto again = Retype(federation, v1::ENTITY_TYPE_ORGANIZATION);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->document_count(), 3);
  EXPECT_EQ(Retype("Nobody Atall", v1::ENTITY_TYPE_PERSON).status().code(),
            absl::StatusCode::kNotFound);

  // Durable.
  Reopen(places->get());
  EXPECT_EQ(Profile(federation).type(), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(Profile("Jordan").type(), v1::ENTITY_TYPE_PERSON);
  stored = store_->Get(a.id());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->annotations().entities(0).type(), v1::ENTITY_TYPE_ORGANIZATION);
}

// Rows of a document that are one registry entity of one type read as one
// row: two names merged, and a name the tagger read as two types of which
// curation retyped one to the other.
TEST_F(RegistryTest, RowsOfOneEntityInADocumentReadAsOne) {
  v1::Document both =
      MakeDocument("The Tories met Nick Clegg; the Conservative Party said no.",
                   {Org("Tories"), Person("Nick Clegg"), Org("Conservative Party")}, "2023-01-10");
  // Clegg's role is of the third row, whose quote it is.
  v1::Role* role = both.mutable_annotations()->add_roles();
  role->set_entity_index(1);
  role->set_organization_entity_index(2);
  role->set_title("guest");
  v1::Quote* quote = both.mutable_annotations()->add_quotes();
  quote->set_text("no");
  quote->mutable_span()->set_begin(55);
  quote->mutable_span()->set_end(57);
  quote->set_speaker_mention_index(2);
  quote->set_speaker_entity_index(2);
  Index({both, MakeDocument("The Tories won.", {Org("Tories")}, "2023-03-01")});
  auto stored = store_->Get(both.id());
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->annotations().entities_size(), 3);

  ASSERT_TRUE(Merge("Tories", "Conservative Party").ok());
  stored = store_->Get(both.id());
  ASSERT_TRUE(stored.ok()) << stored.status();
  const v1::Annotations& a = stored->annotations();
  ASSERT_EQ(a.entities_size(), 2);
  // The most complete name of the two.
  EXPECT_EQ(a.entities(0).name(), "Conservative Party");
  EXPECT_THAT(a.entities(0).mention_indices(), ::testing::ElementsAre(0, 2));
  EXPECT_EQ(a.entities(1).name(), "Nick Clegg");
  EXPECT_EQ(a.mentions(2).entity_index(), 0);
  EXPECT_EQ(a.mentions(1).entity_index(), 1);
  EXPECT_EQ(a.roles(0).entity_index(), 1);
  EXPECT_EQ(a.roles(0).organization_entity_index(), 0);
  EXPECT_EQ(a.quotes(0).speaker_entity_index(), 0);
  EXPECT_EQ(a.quotes(0).speaker_mention_index(), 2);

  // "Veritas" a person, retyped a party; then a document that reads it as
  // both has one Veritas, a party, with both mentions.
  Index({MakeDocument("Veritas launched.", {Person("Veritas")})});
  ASSERT_TRUE(Retype("Veritas", v1::ENTITY_TYPE_ORGANIZATION).ok());
  v1::Document mixed =
      MakeDocument("Veritas said Veritas would stand.", {Person("Veritas"), Org("Veritas")});
  mixed.mutable_annotations()->mutable_mentions(1)->mutable_span()->set_begin(13);
  mixed.mutable_annotations()->mutable_mentions(1)->mutable_span()->set_end(20);
  Index({mixed});
  stored = store_->Get(mixed.id());
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->annotations().entities_size(), 1);
  EXPECT_EQ(stored->annotations().entities(0).type(), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_THAT(stored->annotations().entities(0).mention_indices(), ::testing::ElementsAre(0, 1));
  for (const v1::Mention& m : stored->annotations().mentions()) {
    EXPECT_EQ(m.type(), v1::ENTITY_TYPE_ORGANIZATION);
    EXPECT_EQ(m.entity_index(), 0);
  }

  // Deleting takes back what each row gave, as it was indexed: the merged
  // party keeps one document and one mention, Veritas its first document.
  const v1::EntityProfile party = Profile("Conservative Party");
  EXPECT_EQ(party.document_count(), 2);
  EXPECT_EQ(party.mention_count(), 3);
  ASSERT_TRUE(store_->Delete(both.id(), absl::Now()).ok());
  EXPECT_EQ(Profile("Tories").id(), party.id());
  EXPECT_EQ(Profile("Tories").document_count(), 1);
  EXPECT_EQ(Profile("Tories").mention_count(), 1);
  EXPECT_EQ(FormatDate(Profile("Tories").first_seen()), "2023-03-01");
  EXPECT_THAT(Profile("Tories").surface_forms(), ::testing::SizeIs(1));
  // The counts of each key: split apart again, "Tories" has what the
  // document left names.
  ASSERT_TRUE(Split(party.id(), "Tories").ok());
  SearchEntitiesSpec names;
  names.prefix = "tor";
  v1::SearchEntitiesResponse found;
  ASSERT_TRUE(store_->searcher().SearchEntities(names, &found).ok());
  ASSERT_EQ(found.entities_size(), 1);
  EXPECT_EQ(found.entities(0).document_count(), 1);
  EXPECT_EQ(found.entities(0).mention_count(), 1);
  EXPECT_EQ(Count("Tories"), 1);
  ASSERT_TRUE(store_->Delete(mixed.id(), absl::Now()).ok());
  EXPECT_EQ(Profile("Veritas").document_count(), 1);
  EXPECT_EQ(Profile("Veritas").mention_count(), 1);
  EXPECT_EQ(Count("Veritas"), 1);
}

// A curated type holds through merges and splits, and a knowledge base
// imported again does not join entities of its type to an entity curation
// gave another.
TEST_F(RegistryTest, ACuratedTypeHoldsThroughMergesSplitsAndImports) {
  auto retype = [&](const std::string& entity, v1::EntityType type) {
    auto profile = Retype(entity, type);
    EXPECT_TRUE(profile.ok()) << entity << ": " << profile.status();
    return profile.ok() ? profile->id() : "";
  };
  const v1::Document misread =
      MakeDocument("The Police Federation met.", {Place("Police Federation")});
  const v1::Document read = MakeDocument("The Police Federation of England and Wales met.",
                                         {Org("Police Federation of England and Wales")});
  Index({misread, read});
  const std::string federation = retype("Police Federation", v1::ENTITY_TYPE_ORGANIZATION);
  const std::string full = IdIn(read, "Police Federation of England and Wales");
  // Merged into an organisation never retyped: its documents still show
  // the curated type.
  ASSERT_TRUE(Merge(federation, full).ok());
  auto shown = [&](const v1::Document& d) {
    auto stored = store_->Get(d.id());
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? stored->annotations().entities(0).type() : v1::ENTITY_TYPE_UNSPECIFIED;
  };
  EXPECT_EQ(shown(misread), v1::ENTITY_TYPE_ORGANIZATION);
  // Split off again: it comes back under its id, of its curated type.
  auto parts = Split(full, "Police Federation");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->split().id(), federation);
  EXPECT_EQ(parts->split().type(), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(shown(misread), v1::ENTITY_TYPE_ORGANIZATION);

  // A knowledge base's country that documents' "Jordan" (a player) joined,
  // retyped a person; imported again, the places it names stay places.
  auto import_jordan = [&] {
    return Import("Jordan", {"Kingdom of Jordan"}, v1::ENTITY_TYPE_LOCATION,
                  {{"wikidata", "Q810"}});
  };
  ASSERT_TRUE(import_jordan().ok());
  Index({MakeDocument("Jordan scored twice.", {Place("Jordan")})});
  const std::string jordan = retype("Jordan", v1::ENTITY_TYPE_PERSON);
  const v1::Document kingdom =
      MakeDocument("The Kingdom of Jordan signed.", {Place("Kingdom of Jordan")});
  Index({kingdom});
  auto again = import_jordan();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->joined_count(), 0);
  EXPECT_NE(IdIn(kingdom, "Kingdom of Jordan"), jordan);
  EXPECT_EQ(Profile(jordan).type(), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(shown(kingdom), v1::ENTITY_TYPE_LOCATION);
}

// An organisation's key no longer turns a MISC entity into an
// organisation once curation said it is MISC (APartyIsOneEntity... shows
// what it does without).
TEST_F(RegistryTest, ACuratedTypeStaysWhenAKeyOfTheOtherTypeJoins) {
  for (int i = 0; i < 3; ++i) {
    Index({MakeDocument(
        absl::StrCat("The Conservatives and Labour argued with Michael Howard, day ", i),
        {Misc("Conservatives"), Org("Labour"), Person("Michael Howard")})});
  }
  auto tories = Retype("Conservatives", v1::ENTITY_TYPE_MISC);
  ASSERT_TRUE(tories.ok()) << tories.status();
  EXPECT_EQ(tories->type(), v1::ENTITY_TYPE_MISC);
  EXPECT_THAT(tories->aliases(), ::testing::ElementsAre("Conservatives"));
  const v1::Document d =
      MakeDocument("Michael Howard told the Conservatives that Labour would lose.",
                   {Person("Michael Howard"), Org("Conservatives"), Org("Labour")});
  Index({d});
  EXPECT_EQ(IdIn(d, "Conservatives"), tories->id());
  EXPECT_EQ(Profile(tories->id()).type(), v1::ENTITY_TYPE_MISC);
}

}  // namespace
}  // namespace dossier::query
