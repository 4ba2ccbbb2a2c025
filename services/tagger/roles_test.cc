// Roles and titles: each construction on small texts whose names are given
// (so that the rules, not the model, are under test), then the seeds with
// the real model.
#include "services/tagger/roles.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/tagger/coref.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::tagger {

using text::Tokenize;
using text::TokenizedText;

namespace {

using Names = std::vector<std::pair<std::string, v1::EntityType>>;

bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// Annotations of `text` with `names` as its mentions (every whole-word
// occurrence), entities resolved, then roles found.
v1::Annotations Roles(const std::string& text, const Names& names) {
  const TokenizedText tokens = Tokenize(text);
  std::vector<std::pair<size_t, size_t>> spans;  // begin, index into names
  for (size_t n = 0; n < names.size(); ++n) {
    const std::string& name = names[n].first;
    for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
      const size_t end = at + name.size();
      if ((at > 0 && IsWordByte(text[at - 1])) || (end < text.size() && IsWordByte(text[end]))) {
        continue;
      }
      spans.emplace_back(at, n);
    }
  }
  std::sort(spans.begin(), spans.end());
  v1::Annotations annotations;
  for (const auto& [at, n] : spans) {
    v1::Mention* m = annotations.add_mentions();
    m->mutable_span()->set_begin(static_cast<int32_t>(at));
    m->mutable_span()->set_end(static_cast<int32_t>(at + names[n].first.size()));
    m->set_text(names[n].first);
    m->set_type(names[n].second);
    for (size_t s = 0; s < tokens.sentences.size(); ++s) {
      if (tokens.tokens[tokens.sentences[s].begin].begin <= static_cast<int32_t>(at)) {
        m->set_sentence_index(static_cast<int32_t>(s));
      }
    }
  }
  ResolveEntities(&annotations);
  FindRoles(text, tokens, &annotations);
  return annotations;
}

std::string EntityName(const v1::Annotations& a, int index) {
  return index >= 0 && index < a.entities_size() ? a.entities(index).name() : "";
}

// "name — title [organisation]" for every role, for readable failures.
std::vector<std::string> Describe(const v1::Annotations& a) {
  std::vector<std::string> out;
  for (const v1::Role& r : a.roles()) {
    std::string line = EntityName(a, r.entity_index()) + " — " + r.title();
    if (r.has_organization_entity_index()) {
      line += " [" + EntityName(a, r.organization_entity_index()) + "]";
    }
    out.push_back(line);
  }
  return out;
}

MATCHER_P(HasRoles, expected, "") {
  const std::vector<std::string> got = Describe(arg);
  *result_listener << "roles: ";
  for (const auto& g : got) *result_listener << "\n  " << g;
  return got == std::vector<std::string>(expected);
}

using Lines = std::vector<std::string>;

TEST(RolesTest, TitleBeforeTheName) {
  const std::string text =
      "The goal is to break the will of Belgrade, said Foreign Ministry "
      "spokeswoman Maria "
      "Zakharova.";
  const v1::Annotations a = Roles(text, {{"Belgrade", v1::ENTITY_TYPE_LOCATION},
                                         {"Foreign Ministry", v1::ENTITY_TYPE_ORGANIZATION},
                                         {"Maria Zakharova", v1::ENTITY_TYPE_PERSON}});
  EXPECT_THAT(a, HasRoles(Lines{"Maria Zakharova — Foreign Ministry "
                                "spokeswoman [Foreign Ministry]"}));
  ASSERT_EQ(a.roles_size(), 1);
  const v1::Role& role = a.roles(0);
  EXPECT_EQ(text.substr(role.span().begin(), role.span().end() - role.span().begin()),
            "Foreign Ministry spokeswoman");
}

// The BBC writes "Mr Blair"; the tagger keeps the courtesy title out of
// the name, and it is no part of a role either: the words before it are
// read as before the name ("a spokesman for Mr Blair" is the spokesman's
// title, not Blair's).
TEST(RolesTest, ACourtesyTitleIsReadAsTheNames) {
  const Names names = {{"Blair", v1::ENTITY_TYPE_PERSON},
                       {"Brown", v1::ENTITY_TYPE_PERSON},
                       {"Gordon Brown", v1::ENTITY_TYPE_PERSON}};
  EXPECT_THAT(Roles("A spokesman for Mr Blair said the Prime Minister expected it.", names),
              HasRoles(Lines{}));
  EXPECT_THAT(Roles("The deal went over the head of Mr Brown in the end.", names),
              HasRoles(Lines{}));
  EXPECT_THAT(Roles("He met Prime Minister Mr. Blair on Friday.", names),
              HasRoles(Lines{"Blair — Prime Minister"}));
  // "And" opens a sentence, not a title.
  EXPECT_THAT(Roles("And Chancellor Gordon Brown said so.", names),
              HasRoles(Lines{"Gordon Brown — Chancellor"}));
}

// So is a knight's "Sir" ("manager Sir Alex Ferguson", 13 times in BBC's
// texts); and a club's "boss" is its manager's title.
TEST(RolesTest, AnHonourIsReadAsTheNamesAndABossHasATitle) {
  const Names names = {{"Manchester United", v1::ENTITY_TYPE_ORGANIZATION},
                       {"Alex Ferguson", v1::ENTITY_TYPE_PERSON},
                       {"Chelsea", v1::ENTITY_TYPE_ORGANIZATION},
                       {"Jose Mourinho", v1::ENTITY_TYPE_PERSON}};
  EXPECT_THAT(Roles("Manchester United manager Sir Alex Ferguson was fined.", names),
              HasRoles(Lines{"Alex Ferguson — Manchester United manager [Manchester United]"}));
  EXPECT_THAT(Roles("Chelsea boss Jose Mourinho was angry.", names),
              HasRoles(Lines{"Jose Mourinho — Chelsea boss [Chelsea]"}));
  // Whose boss someone is is no title.
  EXPECT_THAT(Roles("Alex Ferguson praised his boss Jose Mourinho.", names), HasRoles(Lines{}));
}

// Members of the European, Scottish and Northern Irish parliaments are
// titled as MPs are; the plural and other spellings are no title.
TEST(RolesTest, MembersOfEveryParliament) {
  const Names names = {{"Lib Dem", v1::ENTITY_TYPE_ORGANIZATION},
                       {"SNP", v1::ENTITY_TYPE_ORGANIZATION},
                       {"Chris Davies", v1::ENTITY_TYPE_PERSON},
                       {"Alex Salmond", v1::ENTITY_TYPE_PERSON}};
  EXPECT_THAT(Roles("Lib Dem MEP Chris Davies said so.", names),
              HasRoles(Lines{"Chris Davies — Lib Dem MEP [Lib Dem]"}));
  EXPECT_THAT(Roles("SNP MSP Alex Salmond said so.", names),
              HasRoles(Lines{"Alex Salmond — SNP MSP [SNP]"}));
  EXPECT_TRUE(IsMemberTitle("MP"));
  EXPECT_TRUE(IsMemberTitle("MEPs"));
  EXPECT_TRUE(IsMemberTitle("MLA"));
  EXPECT_FALSE(IsMemberTitle("MPS"));  // Monte dei Paschi
  EXPECT_FALSE(IsMemberTitle("mp"));
  EXPECT_FALSE(IsMemberTitle("MPss"));
  EXPECT_FALSE(IsMemberTitle("AMP"));
}

TEST(RolesTest, NationalityAdjectiveNamesThePlaceTheDocumentNames) {
  const Names names = {{"Russian", v1::ENTITY_TYPE_MISC},
                       {"Sergei Lavrov", v1::ENTITY_TYPE_PERSON},
                       {"Dmitry Peskov", v1::ENTITY_TYPE_PERSON},
                       {"Russia", v1::ENTITY_TYPE_LOCATION}};
  EXPECT_THAT(Roles("She said that Russian Foreign Minister Sergei Lavrov abuses it. "
                    "Russia "
                    "denies it. Russian presidential spokesman Dmitry Peskov agreed.",
                    names),
              HasRoles(Lines{"Sergei Lavrov — Russian Foreign Minister [Russia]",
                             "Dmitry Peskov — Russian presidential spokesman [Russia]"}));
  // Without Russia in the document there is no entity to point to.
  EXPECT_THAT(Roles("She said that Russian Foreign Minister Sergei Lavrov abuses it.", names),
              HasRoles(Lines{"Sergei Lavrov — Russian Foreign Minister"}));
}

TEST(RolesTest, CoordinatedTitlesAreTwoRolesOfOneCountry) {
  EXPECT_THAT(Roles("Serbian Deputy Prime Minister and Minister of Mining and Energy "
                    "Zorana Mihajlovic "
                    "said earlier that Serbia would not.",
                    {{"Serbian", v1::ENTITY_TYPE_MISC},
                     {"Zorana Mihajlovic", v1::ENTITY_TYPE_PERSON},
                     {"Serbia", v1::ENTITY_TYPE_LOCATION}}),
              HasRoles(Lines{"Zorana Mihajlovic — Serbian Deputy Prime Minister [Serbia]",
                             "Zorana Mihajlovic — Minister of Mining and Energy [Serbia]"}));
  // A part without a title word is not a role.
  EXPECT_THAT(Roles("It was Senator Bernie Sanders of Vermont and former Maryland "
                    "governor Martin "
                    "O'Malley.",
                    {{"Bernie Sanders", v1::ENTITY_TYPE_PERSON},
                     {"Vermont", v1::ENTITY_TYPE_LOCATION},
                     {"Maryland", v1::ENTITY_TYPE_LOCATION},
                     {"Martin O'Malley", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Bernie Sanders — Senator",
                             "Martin O'Malley — former Maryland governor [Maryland]"}));
}

TEST(RolesTest, AppositiveBeforeTheName) {
  // The ambassador is Russia's; Serbia is where he serves.
  EXPECT_THAT(Roles("Belgrade will not give in, Russia's ambassador to Serbia, Alexander "
                    "Botsan-Kharchenko, said on Monday.",
                    {{"Belgrade", v1::ENTITY_TYPE_LOCATION},
                     {"Russia", v1::ENTITY_TYPE_LOCATION},
                     {"Serbia", v1::ENTITY_TYPE_LOCATION},
                     {"Alexander Botsan-Kharchenko", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Alexander Botsan-Kharchenko — Russia's ambassador to "
                             "Serbia [Russia]"}));
  // Curly apostrophes stay as written.
  EXPECT_THAT(Roles("Then Russia\xe2\x80\x99s ambassador to Serbia, Alexander "
                    "Botsan-Kharchenko, "
                    "spoke.",
                    {{"Russia", v1::ENTITY_TYPE_LOCATION},
                     {"Serbia", v1::ENTITY_TYPE_LOCATION},
                     {"Alexander Botsan-Kharchenko", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Alexander Botsan-Kharchenko — Russia\xe2\x80\x99s ambassador to "
                             "Serbia [Russia]"}));
  // A leading "the" is not part of the title; the "the" inside is.
  EXPECT_THAT(
      Roles("The statement was made by the official representative of the "
            "Russian "
            "Foreign Ministry, Maria Zakharova.",
            {{"Russian", v1::ENTITY_TYPE_MISC}, {"Maria Zakharova", v1::ENTITY_TYPE_PERSON}}),
      HasRoles(Lines{"Maria Zakharova — official representative of the Russian Foreign "
                     "Ministry"}));
}

TEST(RolesTest, DeterminerBeforeATitleRunningIntoTheName) {
  EXPECT_THAT(Roles("The pressure will increase, said the Russian ambassador "
                    "to Serbia Alexander "
                    "Botsan Kharchenko. Russia agrees.",
                    {{"Russian", v1::ENTITY_TYPE_MISC},
                     {"Serbia", v1::ENTITY_TYPE_LOCATION},
                     {"Alexander Botsan Kharchenko", v1::ENTITY_TYPE_PERSON},
                     {"Russia", v1::ENTITY_TYPE_LOCATION}}),
              HasRoles(Lines{"Alexander Botsan Kharchenko — Russian ambassador "
                             "to Serbia [Russia]"}));
}

TEST(RolesTest, AppositiveAfterTheName) {
  EXPECT_THAT(Roles("Maria Zakharova, the spokeswoman of the Foreign Ministry, said so.",
                    {{"Maria Zakharova", v1::ENTITY_TYPE_PERSON},
                     {"Foreign Ministry", v1::ENTITY_TYPE_ORGANIZATION}}),
              HasRoles(Lines{"Maria Zakharova — spokeswoman of the Foreign Ministry [Foreign "
                             "Ministry]"}));
  EXPECT_THAT(Roles("Alexander Botsan-Kharchenko, the ambassador, said so.",
                    {{"Alexander Botsan-Kharchenko", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Alexander Botsan-Kharchenko — ambassador"}));
  EXPECT_THAT(
      Roles("He met Aleksandar Vucic, Serbia's president.",
            {{"Aleksandar Vucic", v1::ENTITY_TYPE_PERSON}, {"Serbia", v1::ENTITY_TYPE_LOCATION}}),
      HasRoles(Lines{"Aleksandar Vucic — Serbia's president [Serbia]"}));
}

TEST(RolesTest, EverySpellingGivesItsRoleToTheEntity) {
  const v1::Annotations a =
      Roles("Maria Zakharova spoke first. Later spokeswoman Zakharova added more.",
            {{"Maria Zakharova", v1::ENTITY_TYPE_PERSON}, {"Zakharova", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(a.roles_size(), 1);
  EXPECT_EQ(EntityName(a, a.roles(0).entity_index()), "Maria Zakharova");
  EXPECT_EQ(a.roles(0).title(), "spokeswoman");
}

TEST(RolesTest, PossessivesAndInitialsInTitles) {
  EXPECT_THAT(Roles("Putin's spokesman Dmitry Peskov declined.",
                    {{"Putin", v1::ENTITY_TYPE_PERSON}, {"Dmitry Peskov", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Dmitry Peskov — Putin's spokesman"}));
  EXPECT_THAT(Roles("UN Secretary-General Antonio Guterres and former U.S. "
                    "congressman Mark "
                    "Siljander spoke.",
                    {{"UN", v1::ENTITY_TYPE_ORGANIZATION},
                     {"Antonio Guterres", v1::ENTITY_TYPE_PERSON},
                     {"Mark Siljander", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Antonio Guterres — UN Secretary-General [UN]",
                             "Mark Siljander — former U.S. congressman"}));
}

// Fields of British titles (BBC politics): a committee's, a media chief's.
TEST(RolesTest, TitlesOfCommitteesAndPress) {
  EXPECT_THAT(
      Roles("Lib Dem constitutional affairs committee chairman Alan Beith said more.",
            {{"Lib Dem", v1::ENTITY_TYPE_ORGANIZATION}, {"Alan Beith", v1::ENTITY_TYPE_PERSON}}),
      HasRoles(Lines{"Alan Beith — Lib Dem constitutional affairs committee chairman "
                     "[Lib Dem]"}));
  EXPECT_THAT(Roles("Labour's former media chief Alastair Campbell agreed.",
                    {{"Labour", v1::ENTITY_TYPE_ORGANIZATION},
                     {"Alastair Campbell", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Alastair Campbell — Labour's former media chief [Labour]"}));
}

TEST(RolesTest, NoRoleWithoutATitleNextToThePerson) {
  const Names names = {{"Vladimir Putin", v1::ENTITY_TYPE_PERSON},
                       {"Vucic", v1::ENTITY_TYPE_PERSON},
                       {"Serbia", v1::ENTITY_TYPE_LOCATION},
                       {"Montenegro", v1::ENTITY_TYPE_LOCATION}};
  // The person is the complement's, not the title's holder.
  EXPECT_THAT(Roles("A spokesman for Vladimir Putin said so.", names), HasRoles(Lines{}));
  // The title is another noun phrase's.
  EXPECT_THAT(Roles("The minister met Vucic in Serbia.", names), HasRoles(Lines{}));
  EXPECT_THAT(Roles("According to the ambassador, Vucic has agreed.", names), HasRoles(Lines{}));
  // Names and places alone are no titles.
  EXPECT_THAT(Roles("Serbia, Montenegro and Vucic agreed.", names), HasRoles(Lines{}));
  EXPECT_THAT(Roles("In Serbia Vucic agreed.", names), HasRoles(Lines{}));
  // A weekday or a headline's verb before a title is not part of it.
  EXPECT_THAT(Roles("It happened when on Monday President Vucic spoke.", names),
              HasRoles(Lines{"Vucic — President"}));
  EXPECT_THAT(Roles("Why Obama Is President Vucic's Friend.",
                    {{"Obama", v1::ENTITY_TYPE_PERSON}, {"Vucic", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Vucic — President"}));
  // "Both ... and": the titles are of two people.
  EXPECT_THAT(Roles("Both the prime minister and Chancellor Gordon Brown have called for calm.",
                    {{"Gordon Brown", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Gordon Brown — Chancellor"}));
  // A title after "a" or "an" is what the person may be, not what he is.
  EXPECT_THAT(Roles("Nobody knows how good a prime minister Gordon Brown will make.",
                    {{"Gordon Brown", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{}));
  EXPECT_THAT(Roles("It takes an ambassador Vucic trusts.", names), HasRoles(Lines{}));
  EXPECT_THAT(Roles("A year later prime minister Gordon Brown spoke.",
                    {{"Gordon Brown", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Gordon Brown — prime minister"}));
  // In a complement the title belongs to the name it runs into.
  EXPECT_THAT(Roles("He is a former official and veteran of President Bill Clinton's "
                    "administration.",
                    {{"Bill Clinton", v1::ENTITY_TYPE_PERSON}}),
              HasRoles(Lines{"Bill Clinton — President"}));
}

// A word capitalised because it opens a sentence, after a quotation mark
// too, or because a headline capitalises every word, is no part of a title
// (PolNeAR: "Well Senator", "Finally Endorses House Speaker").
TEST(RolesTest, AHeadlinesOrAClausesCapitalIsNoPartOfATitle) {
  const Names names = {{"Sanders", v1::ENTITY_TYPE_PERSON},
                       {"Paul Ryan", v1::ENTITY_TYPE_PERSON},
                       {"Trump", v1::ENTITY_TYPE_PERSON}};
  EXPECT_THAT(
      Roles("\xe2\x80\x9cWell Senator Sanders, we had been busy too,\xe2\x80\x9d she said.", names),
      HasRoles(Lines{"Sanders — Senator"}));
  EXPECT_THAT(Roles("It rained. While Senator Sanders spoke, nobody left.", names),
              HasRoles(Lines{"Sanders — Senator"}));
  EXPECT_THAT(Roles("Trump Finally Endorses House Speaker Paul Ryan", names),
              HasRoles(Lines{"Paul Ryan — Speaker"}));
  EXPECT_THAT(Roles("Why Trump Is Angry at Speaker Paul Ryan", names),
              HasRoles(Lines{"Paul Ryan — Speaker"}));
  EXPECT_THAT(Roles("Neither Speaker Paul Ryan nor Trump came.", names),
              HasRoles(Lines{"Paul Ryan — Speaker"}));
  // In running text a capitalised word before the title is still the
  // title's.
  EXPECT_THAT(Roles("He met House Budget Committee Chairman Paul Ryan on Monday.", names),
              HasRoles(Lines{"Paul Ryan — House Budget Committee Chairman"}));
}

// US news abbreviates the title before a name; the role writes it out, and
// a party and state between commas or brackets does not hide the
// apposition after them.
TEST(RolesTest, AbbreviatedTitlesAreWrittenOut) {
  const Names names = {
      {"Tim Kaine", v1::ENTITY_TYPE_PERSON},   {"Virginia", v1::ENTITY_TYPE_LOCATION},
      {"Ted Cruz", v1::ENTITY_TYPE_PERSON},    {"Texas", v1::ENTITY_TYPE_LOCATION},
      {"Dan Patrick", v1::ENTITY_TYPE_PERSON}, {"Paul Ryan", v1::ENTITY_TYPE_PERSON},
      {"House", v1::ENTITY_TYPE_ORGANIZATION}, {"Dianne Feinstein", v1::ENTITY_TYPE_PERSON}};
  const std::string text = "Sen. Tim Kaine of Virginia said it would pass.";
  const v1::Annotations kaine = Roles(text, names);
  EXPECT_THAT(kaine, HasRoles(Lines{"Tim Kaine — Senator"}));
  ASSERT_EQ(kaine.roles_size(), 1);
  // The span is the title as written.
  EXPECT_EQ(text.substr(kaine.roles(0).span().begin(),
                        kaine.roles(0).span().end() - kaine.roles(0).span().begin()),
            "Sen.");
  EXPECT_THAT(Roles("Texas Sen. Ted Cruz said so.", names),
              HasRoles(Lines{"Ted Cruz — Texas Senator [Texas]"}));
  EXPECT_THAT(Roles("On Monday Lt. Gov. Dan Patrick agreed.", names),
              HasRoles(Lines{"Dan Patrick — Lieutenant Governor"}));
  EXPECT_THAT(Roles("Rep. Paul Ryan, R-Wis., the House speaker, said nothing.", names),
              HasRoles(Lines{"Paul Ryan — Representative", "Paul Ryan — House speaker [House]"}));
  EXPECT_THAT(Roles("Dianne Feinstein (D-Calif.), the committee chairwoman, said so.", names),
              HasRoles(Lines{"Dianne Feinstein — committee chairwoman"}));
  // A courtesy title is still none.
  EXPECT_THAT(Roles("Dr. Tim Kaine said so.", names), HasRoles(Lines{}));
}

// "Sens. Ted Cruz and Marco Rubio": the plural title is each person's
// coordinated after it, and the sentence goes on past it.
TEST(RolesTest, APluralTitleIsEveryCoordinatedPersons) {
  const Names names = {
      {"Ted Cruz", v1::ENTITY_TYPE_PERSON},    {"Marco Rubio", v1::ENTITY_TYPE_PERSON},
      {"Jim Jordan", v1::ENTITY_TYPE_PERSON},  {"Trey Gowdy", v1::ENTITY_TYPE_PERSON},
      {"Devin Nunes", v1::ENTITY_TYPE_PERSON}, {"Heidi Cruz", v1::ENTITY_TYPE_PERSON}};
  const std::string text = "Sens. Ted Cruz and Marco Rubio attacked the plan.";
  EXPECT_EQ(Tokenize(text).sentences.size(), 1u);
  EXPECT_THAT(Roles(text, names), HasRoles(Lines{"Ted Cruz — Senator", "Marco Rubio — Senator"}));
  EXPECT_THAT(Roles("Reps. Jim Jordan, Trey Gowdy, and Devin Nunes wrote to him.", names),
              HasRoles(Lines{"Jim Jordan — Representative", "Trey Gowdy — Representative",
                             "Devin Nunes — Representative"}));
  // Past a party and state after each name.
  EXPECT_THAT(Roles("Sens. Ted Cruz, R-Texas, and Marco Rubio, R-Fla., said so.", names),
              HasRoles(Lines{"Ted Cruz — Senator", "Marco Rubio — Senator"}));
  // Not past the name after "and", which ends the list.
  EXPECT_THAT(Roles("Along with Sens. Ted Cruz and Marco Rubio, Jim Jordan attacked it.", names),
              HasRoles(Lines{"Ted Cruz — Senator", "Marco Rubio — Senator"}));
  // Not past words between the names, nor to the singular's.
  EXPECT_THAT(Roles("Sens. Ted Cruz and his wife Heidi Cruz came.", names),
              HasRoles(Lines{"Ted Cruz — Senator"}));
  EXPECT_THAT(Roles("Sen. Ted Cruz and Marco Rubio came.", names),
              HasRoles(Lines{"Ted Cruz — Senator"}));
}

// The seeds, tagged by the real model.
class SeedRolesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto recognizer = NerRecognizer::Load(testing::SourceDir() + "/models/ner/model.bin");
    ASSERT_TRUE(recognizer.ok()) << recognizer.status();
    const Tagger tagger(std::shared_ptr<const Recognizer>(std::move(*recognizer)));
    for (const auto& entry : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
      const std::string name = entry.path().filename().string();
      seeds_->emplace(name.substr(0, 3), tagger.Tag(testing::ReadFile(entry.path().string()), {}));
    }
  }

  // Whether seed `number` ("000") gives the person whose name contains
  // `person` the role `title`, of an entity named one of `organizations`
  // when there are any.
  static ::testing::AssertionResult HasRole(const std::string& number, const std::string& person,
                                            const std::string& title,
                                            const std::vector<std::string>& organizations = {}) {
    const auto it = seeds_->find(number);
    if (it == seeds_->end()) {
      return ::testing::AssertionFailure() << "no seed " << number;
    }
    const v1::Annotations& a = it->second;
    for (const v1::Role& r : a.roles()) {
      if (!absl::StrContains(EntityName(a, r.entity_index()), person) || r.title() != title) {
        continue;
      }
      const std::string organization =
          r.has_organization_entity_index() ? EntityName(a, r.organization_entity_index()) : "";
      if (!organizations.empty() && std::find(organizations.begin(), organizations.end(),
                                              organization) == organizations.end()) {
        return ::testing::AssertionFailure()
               << title << " of " << person << " names "
               << (organization.empty() ? "no organisation" : organization);
      }
      return ::testing::AssertionSuccess();
    }
    ::testing::AssertionResult failure = ::testing::AssertionFailure();
    failure << "seed " << number << " has no \"" << title << "\" for " << person << "; it has:";
    for (const auto& line : Describe(a)) failure << "\n  " << line;
    return failure;
  }

  static inline auto* seeds_ = new std::map<std::string, v1::Annotations>();
};

TEST_F(SeedRolesTest, TheRolesTheSeedsGive) {
  ASSERT_EQ(seeds_->size(), 5u);
  EXPECT_TRUE(HasRole("000", "Zakharova", "Foreign Ministry spokeswoman", {"Foreign Ministry"}));
  // The ministry when the tagger finds it as an organisation, else the
  // country its adjective names.
  EXPECT_TRUE(HasRole("001", "Zakharova", "official representative of the Russian Foreign Ministry",
                      {"Foreign Ministry", "Russian Foreign Ministry", "Russia"}));
  EXPECT_TRUE(HasRole("001", "Peskov", "Russian presidential spokesman", {"Russia"}));
  EXPECT_TRUE(HasRole("002", "Mihajlovic", "Serbian Deputy Prime Minister", {"Serbia"}));
  EXPECT_TRUE(HasRole("002", "Mihajlovic", "Minister of Mining and Energy", {"Serbia"}));
  EXPECT_TRUE(HasRole("002", "Lavrov", "Russian Foreign Minister", {"Russia"}));
  EXPECT_TRUE(HasRole("002", "Volin", "Serbian Interior Minister", {"Serbia"}));
  EXPECT_TRUE(
      HasRole("003", "Botsan-Kharchenko", "Russia\xe2\x80\x99s ambassador to Serbia", {"Russia"}));
  EXPECT_TRUE(HasRole("004", "Botsan Kharchenko", "Russian ambassador to Serbia", {"Russia"}));
}

TEST_F(SeedRolesTest, EveryRoleIsAPersonsAndNothingElseIsTaken) {
  // The seeds hold the nine roles above and no others.
  int roles = 0;
  for (const auto& [number, a] : *seeds_) {
    for (const v1::Role& r : a.roles()) {
      ++roles;
      ASSERT_GE(r.entity_index(), 0);
      ASSERT_LT(r.entity_index(), a.entities_size());
      EXPECT_EQ(a.entities(r.entity_index()).type(), v1::ENTITY_TYPE_PERSON) << r.title();
    }
  }
  // Seed 000 prints its lead twice, and with it the spokeswoman.
  EXPECT_EQ(roles, 10);
}

}  // namespace
}  // namespace dossier::tagger
