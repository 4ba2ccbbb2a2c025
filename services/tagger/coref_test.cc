#include "services/tagger/coref.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "text/fold.h"

namespace dossier::tagger {
namespace {

void Add(v1::Annotations* a, const std::string& text, v1::EntityType type, int sentence = 0) {
  v1::Mention* m = a->add_mentions();
  m->set_text(text);
  m->set_type(type);
  m->set_sentence_index(sentence);
}

TEST(EntityKeyTest, FoldsDiacriticsPunctuationAndCase) {
  EXPECT_EQ(text::FoldName("Aleksandar Vu\xc4\x8di\xc4\x87"), "aleksandar vucic");
  EXPECT_EQ(text::FoldName("Botsan-Kharchenko"), "botsan kharchenko");
  EXPECT_EQ(text::FoldName("U.S."), "us");
  EXPECT_EQ(text::FoldName("  Kosovska-Mitrovica "), "kosovska mitrovica");
  EXPECT_EQ(text::FoldName("\xd0\x9b\xd0\xb0\xd0\xb2\xd1\x80\xd0\xbe\xd0\xb2"), "lavrov");
}

TEST(CorefTest, GivenNameVariants) {
  EXPECT_TRUE(CompatibleGivenNames("aleksandar", "alexander"));
  EXPECT_TRUE(CompatibleGivenNames("sergei", "sergey"));
  EXPECT_TRUE(CompatibleGivenNames("j", "john"));
  EXPECT_FALSE(CompatibleGivenNames("maria", "mark"));
  EXPECT_FALSE(CompatibleGivenNames("dmitry", "sergei"));
}

TEST(CorefTest, MergesSurnamesVariantsAndHyphenation) {
  v1::Annotations a;
  Add(&a, "Alexander Vu\xc4\x8di\xc4\x87", v1::ENTITY_TYPE_PERSON, 1);
  Add(&a, "Aleksandar Vu\xc4\x8di\xc4\x87", v1::ENTITY_TYPE_PERSON, 3);
  Add(&a, "Vu\xc4\x8di\xc4\x87", v1::ENTITY_TYPE_LOCATION, 4);  // mistyped
  Add(&a, "Alexander Botsan-Kharchenko", v1::ENTITY_TYPE_PERSON, 5);
  Add(&a, "Botsan Kharchenko", v1::ENTITY_TYPE_PERSON, 6);
  Add(&a, "Serbia", v1::ENTITY_TYPE_LOCATION, 6);
  Add(&a, "European Union", v1::ENTITY_TYPE_ORGANIZATION, 7);
  Add(&a, "EU", v1::ENTITY_TYPE_ORGANIZATION, 8);
  ResolveEntities(&a);
  ASSERT_EQ(a.entities_size(), 4);
  EXPECT_EQ(a.entities(0).name(), "Alexander Vu\xc4\x8di\xc4\x87");
  EXPECT_THAT(a.entities(0).mention_indices(), ::testing::ElementsAre(0, 1, 2));
  EXPECT_EQ(a.mentions(2).type(), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(a.entities(1).key(), "alexander botsan kharchenko");
  EXPECT_EQ(a.mentions(4).entity_index(), 1);
  EXPECT_EQ(a.entities(2).key(), "serbia");
  EXPECT_EQ(a.mentions(7).entity_index(), 3);
  float total = 0;
  for (const auto& e : a.entities()) total += e.salience();
  EXPECT_NEAR(total, 1.0, 1e-5);
  EXPECT_GT(a.entities(0).salience(), a.entities(3).salience());
}

// A lone word the model typed otherwise joins a person whose surname it
// is, but not a person named by a title a curator gave as an alias: its
// last word is no surname. Particles of names are no title.
TEST(CorefTest, ATitleEndsOnNoSurname) {
  v1::Annotations a;
  Add(&a, "Russian ambassador to Serbia", v1::ENTITY_TYPE_PERSON, 0);
  Add(&a, "Charles de Gaulle", v1::ENTITY_TYPE_PERSON, 0);
  // "The Russian ambassador to Serbia", in Cyrillic: "в" is in small letters.
  Add(&a,
      "\xd0\x9f\xd0\xbe\xd1\x81\xd0\xbe\xd0\xbb \xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd0\xb8 "
      "\xd0\xb2 \xd0\xa1\xd0\xb5\xd1\x80\xd0\xb1\xd0\xb8\xd0\xb8",
      v1::ENTITY_TYPE_PERSON, 0);
  Add(&a, "Karl-Theodor zu Guttenberg", v1::ENTITY_TYPE_PERSON, 0);
  Add(&a, "Serbia", v1::ENTITY_TYPE_LOCATION, 1);
  Add(&a, "Gaulle", v1::ENTITY_TYPE_LOCATION, 2);
  Add(&a, "\xd0\xa1\xd0\xb5\xd1\x80\xd0\xb1\xd0\xb8\xd0\xb8", v1::ENTITY_TYPE_LOCATION, 3);
  Add(&a, "Guttenberg", v1::ENTITY_TYPE_LOCATION, 3);
  ResolveEntities(&a);
  EXPECT_EQ(a.mentions(4).type(), v1::ENTITY_TYPE_LOCATION);
  EXPECT_NE(a.mentions(4).entity_index(), a.mentions(0).entity_index());
  EXPECT_EQ(a.mentions(5).type(), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(a.mentions(5).entity_index(), a.mentions(1).entity_index());
  EXPECT_EQ(a.mentions(6).type(), v1::ENTITY_TYPE_LOCATION);
  EXPECT_EQ(a.mentions(7).type(), v1::ENTITY_TYPE_PERSON);
  EXPECT_EQ(a.mentions(7).entity_index(), a.mentions(3).entity_index());
}

// A dateline's capitals do not name the entity when the text writes it in
// mixed case; a name only ever in capitals keeps them; and capitals do not
// displace an earlier mixed-case form in another script (Вучић, then
// VUČIĆ).
TEST(CorefTest, NamesAnEntityByAFormInMixedCase) {
  v1::Annotations a;
  Add(&a, "MOSCOW", v1::ENTITY_TYPE_LOCATION, 0);
  Add(&a, "NATO", v1::ENTITY_TYPE_ORGANIZATION, 1);
  Add(&a, "\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b", v1::ENTITY_TYPE_PERSON, 1);  // Вучић
  Add(&a, "Moscow", v1::ENTITY_TYPE_LOCATION, 2);
  Add(&a, "VU\xc4\x8cI\xc4\x86", v1::ENTITY_TYPE_PERSON, 3);  // VUČIĆ
  Add(&a, "Moscow", v1::ENTITY_TYPE_LOCATION, 4);
  ResolveEntities(&a);
  ASSERT_EQ(a.entities_size(), 3);
  EXPECT_EQ(a.entities(0).name(), "Moscow");
  EXPECT_THAT(a.entities(0).mention_indices(), ::testing::ElementsAre(0, 3, 5));
  EXPECT_EQ(a.entities(1).name(), "NATO");
  EXPECT_EQ(a.entities(2).name(), "\xd0\x92\xd1\x83\xd1\x87\xd0\xb8\xd1\x9b");
}

// A name that runs across a line break is named on one line.
TEST(CorefTest, AnEntitysNameIsOnOneLine) {
  v1::Annotations a;
  Add(&a, "GFT-Gruppo\nFinanziario  Tessile", v1::ENTITY_TYPE_ORGANIZATION, 0);
  ResolveEntities(&a);
  ASSERT_EQ(a.entities_size(), 1);
  EXPECT_EQ(a.entities(0).name(), "GFT-Gruppo Finanziario Tessile");
  EXPECT_EQ(a.mentions(0).text(), "GFT-Gruppo\nFinanziario  Tessile");
}

// A knight or dame is "Sir Digby" once named in full, whichever comes
// first; with two people of that given name, neither.
// Wire stories name a firm with its legal form first and without it
// after ("Texaco Inc said ... Texaco had"): one entity, whose key leaves
// the form out, so that other documents' "Texaco" and "Texaco Inc" share
// it; its name is the fuller form, and the acronym reads the form's
// initial ("AMC").
TEST(CorefTest, AFirmWithAndWithoutItsLegalFormIsOneEntity) {
  v1::Annotations a;
  Add(&a, "Texaco Inc", v1::ENTITY_TYPE_ORGANIZATION, 0);
  Add(&a, "Texaco", v1::ENTITY_TYPE_ORGANIZATION, 1);
  Add(&a, "American Motors Corp", v1::ENTITY_TYPE_ORGANIZATION, 2);
  Add(&a, "AMC", v1::ENTITY_TYPE_ORGANIZATION, 3);
  Add(&a, "Ford Motor Credit Co", v1::ENTITY_TYPE_ORGANIZATION, 4);
  Add(&a, "Ford Motor Co", v1::ENTITY_TYPE_ORGANIZATION, 5);
  ResolveEntities(&a);
  ASSERT_EQ(a.entities_size(), 4);
  EXPECT_EQ(a.entities(a.mentions(0).entity_index()).key(), "texaco");
  EXPECT_EQ(a.entities(a.mentions(0).entity_index()).name(), "Texaco Inc");
  EXPECT_EQ(a.mentions(1).entity_index(), a.mentions(0).entity_index());
  EXPECT_EQ(a.entities(a.mentions(2).entity_index()).key(), "american motors");
  EXPECT_EQ(a.mentions(3).entity_index(), a.mentions(2).entity_index());
  // A firm's unit is another firm.
  EXPECT_NE(a.mentions(4).entity_index(), a.mentions(5).entity_index());
  EXPECT_EQ(a.entities(a.mentions(5).entity_index()).key(), "ford motor");
  // Only an organisation's key loses it.
  v1::Annotations place;
  Add(&place, "Co", v1::ENTITY_TYPE_LOCATION, 0);
  Add(&place, "Bray Co", v1::ENTITY_TYPE_LOCATION, 0);
  ResolveEntities(&place);
  EXPECT_EQ(place.entities(place.mentions(1).entity_index()).key(), "bray co");
}

// "Kilroy" is Robert Kilroy-Silk, as BBC politics/293 calls him; not a
// first part of a name that is no person's, nor a word read as a place.
TEST(CorefTest, TheFirstPartOfADoubleBarrelledSurnameIsThePerson) {
  v1::Annotations a;
  Add(&a, "Robert Kilroy-Silk", v1::ENTITY_TYPE_PERSON, 0);
  Add(&a, "Jackson", v1::ENTITY_TYPE_LOCATION, 1);
  Add(&a, "Kilroy", v1::ENTITY_TYPE_PERSON, 2);
  Add(&a, "Kilroy-Silk", v1::ENTITY_TYPE_PERSON, 3);
  Add(&a, "Bosnia-Herzegovina", v1::ENTITY_TYPE_LOCATION, 4);
  Add(&a, "Bosnia", v1::ENTITY_TYPE_LOCATION, 5);
  Add(&a, "Carl Jackson-Smith", v1::ENTITY_TYPE_PERSON, 6);
  Add(&a, "Kilroy", v1::ENTITY_TYPE_LOCATION, 7);  // read as a person above
  ResolveEntities(&a);
  EXPECT_EQ(a.mentions(7).entity_index(), a.mentions(0).entity_index());
  EXPECT_EQ(a.mentions(7).type(), v1::ENTITY_TYPE_PERSON);
  // A place the model read stays a place ("Jackson, Mississippi").
  EXPECT_NE(a.mentions(1).entity_index(), a.mentions(6).entity_index());
  EXPECT_EQ(a.mentions(1).type(), v1::ENTITY_TYPE_LOCATION);
  EXPECT_EQ(a.mentions(2).entity_index(), a.mentions(0).entity_index());
  EXPECT_EQ(a.mentions(3).entity_index(), a.mentions(0).entity_index());
  EXPECT_NE(a.mentions(5).entity_index(), a.mentions(4).entity_index());
  // Not where someone has the word as surname (BBC sport/066).
  v1::Annotations two;
  Add(&two, "Mark Lewis-Francis", v1::ENTITY_TYPE_PERSON, 0);
  Add(&two, "Denise Lewis", v1::ENTITY_TYPE_PERSON, 1);
  Add(&two, "Lewis", v1::ENTITY_TYPE_PERSON, 2);
  ResolveEntities(&two);
  EXPECT_EQ(two.mentions(2).entity_index(), two.mentions(1).entity_index());
  EXPECT_EQ(SurnameFirstPart("Andrew Lloyd-Webber"), "lloyd");
  EXPECT_EQ(SurnameFirstPart("Kilroy-Silk"), "");
  EXPECT_EQ(SurnameFirstPart("Jean-Marie Le Pen"), "");
}

TEST(CorefTest, ATitleAndAGivenNameAreTheKnightOfTheDocument) {
  v1::Annotations a;
  Add(&a, "Sir Digby", v1::ENTITY_TYPE_PERSON, 0);
  Add(&a, "Digby Jones", v1::ENTITY_TYPE_PERSON, 1);
  Add(&a, "Gordon Brown", v1::ENTITY_TYPE_PERSON, 1);
  Add(&a, "Sir Digby", v1::ENTITY_TYPE_PERSON, 2);
  Add(&a, "Dame Judi", v1::ENTITY_TYPE_PERSON, 3);
  Add(&a, "Judi Dench", v1::ENTITY_TYPE_PERSON, 4);  // the tagger drops "Dame" here
  ResolveEntities(&a);
  ASSERT_EQ(a.entities_size(), 3);
  EXPECT_EQ(a.entities(0).name(), "Digby Jones");
  EXPECT_THAT(a.entities(0).mention_indices(), ::testing::ElementsAre(0, 1, 3));
  EXPECT_EQ(a.entities(1).name(), "Gordon Brown");
  EXPECT_EQ(a.entities(2).name(), "Judi Dench");
  EXPECT_THAT(a.entities(2).mention_indices(), ::testing::ElementsAre(4, 5));

  v1::Annotations two;
  Add(&two, "Digby Jones", v1::ENTITY_TYPE_PERSON);
  Add(&two, "Digby Smith", v1::ENTITY_TYPE_PERSON);
  Add(&two, "Sir Digby", v1::ENTITY_TYPE_PERSON);
  ResolveEntities(&two);
  EXPECT_EQ(two.entities_size(), 3);
}

// BBC politics/379: Sir Ian Blair is named first, then Tony Blair; "Mr
// Blair" is the one who is no knight, and "Sir Ian" stays the knight. A
// lone "Blair" is the first named, as sport names a knight ("Sir Bobby
// Robson ... Robson said"). With no other Blair, "Mr Blair" is the knight.
TEST(CorefTest, MrIsNoKnightWhenAnotherPersonHasTheSurname) {
  v1::Annotations a;
  std::vector<NameTitle> titles;
  auto add = [&](const std::string& text, int sentence, NameTitle title) {
    Add(&a, text, v1::ENTITY_TYPE_PERSON, sentence);
    titles.push_back(title);
  };
  add("Ian Blair", 0, NameTitle::kHonour);
  add("Tony Blair", 3, NameTitle::kNone);
  add("Sir Ian", 4, NameTitle::kNone);
  add("Blair", 9, NameTitle::kCourtesy);
  add("Blair", 12, NameTitle::kNone);
  ResolveEntities(&a, titles);
  ASSERT_EQ(a.entities_size(), 2);
  EXPECT_EQ(a.entities(0).name(), "Ian Blair");
  EXPECT_THAT(a.entities(0).mention_indices(), ::testing::ElementsAre(0, 2, 4));
  EXPECT_EQ(a.entities(1).name(), "Tony Blair");
  EXPECT_THAT(a.entities(1).mention_indices(), ::testing::ElementsAre(1, 3));

  v1::Annotations knight;
  Add(&knight, "Ian Blair", v1::ENTITY_TYPE_PERSON, 0);
  Add(&knight, "Blair", v1::ENTITY_TYPE_PERSON, 1);
  const NameTitle knight_titles[] = {NameTitle::kHonour, NameTitle::kCourtesy};
  ResolveEntities(&knight, knight_titles);
  ASSERT_EQ(knight.entities_size(), 1);
  EXPECT_THAT(knight.entities(0).mention_indices(), ::testing::ElementsAre(0, 1));
}

// An acronym the model typed otherwise is no person's surname: "U.N."
// beside Kim Jong Un (PolNeAR, Washington Post), "QC" after Philippe Sands
// QC (BBC), "PAC" beside "Hillary PAC".
TEST(CorefTest, AnAcronymIsNoSurname) {
  v1::Annotations a;
  Add(&a, "Kim Jong Un", v1::ENTITY_TYPE_PERSON, 0);
  Add(&a, "U.N.", v1::ENTITY_TYPE_ORGANIZATION, 1);
  Add(&a, "UN", v1::ENTITY_TYPE_ORGANIZATION, 2);
  Add(&a, "Un", v1::ENTITY_TYPE_LOCATION, 3);
  ResolveEntities(&a);
  EXPECT_EQ(a.mentions(1).type(), v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_NE(a.mentions(1).entity_index(), a.mentions(0).entity_index());
  EXPECT_NE(a.mentions(2).entity_index(), a.mentions(0).entity_index());
  // A surname typed otherwise still joins its person.
  EXPECT_EQ(a.mentions(3).entity_index(), a.mentions(0).entity_index());
  EXPECT_TRUE(LooksLikeAcronym("U.N."));
  EXPECT_TRUE(LooksLikeAcronym("IBM"));
  EXPECT_FALSE(LooksLikeAcronym("OBAMA"));
  EXPECT_FALSE(LooksLikeAcronym("Un"));
}

// Of two people of one surname, a surname after an office's title is the
// one named in full with that title ("former President Bill Clinton", or
// "Bill Clinton, the former president"), though the other was named first
// (PolNeAR, Washington Post: "the investigation of President Clinton by
// independent counsel Ken Starr"); with no such title, the first named.
TEST(CorefTest, ATitledSurnameIsThePersonOfThatTitle) {
  v1::Annotations a;
  std::vector<uint32_t> offices;
  auto add = [&](const std::string& text, int sentence, uint32_t office) {
    Add(&a, text, v1::ENTITY_TYPE_PERSON, sentence);
    offices.push_back(office);
  };
  const uint32_t president = OfficeBit("president");
  const uint32_t secretary = OfficeBit("secretary");
  ASSERT_NE(president, 0u);
  ASSERT_NE(secretary, 0u);
  ASSERT_NE(president, secretary);
  EXPECT_EQ(OfficeBit("sen"), OfficeBit("senator"));
  EXPECT_EQ(OfficeBit("hotel"), 0u);
  add("Hillary Clinton", 0, secretary);
  add("Bill Clinton", 1, president);
  add("Clinton", 2, president);
  add("Clinton", 3, secretary);
  add("Clinton", 4, 0);
  add("Clinton", 5, OfficeBit("mayor"));
  ResolveEntities(&a, {}, {}, {}, {}, offices);
  ASSERT_EQ(a.entities_size(), 2);
  EXPECT_THAT(a.entities(0).mention_indices(), ::testing::ElementsAre(0, 3, 4, 5));
  EXPECT_THAT(a.entities(1).mention_indices(), ::testing::ElementsAre(1, 2));
  // A title no one of the surname holds leaves the other rules to choose:
  // "Mr Blair" is no knight.
  v1::Annotations knights;
  Add(&knights, "Ian Blair", v1::ENTITY_TYPE_PERSON, 0);
  Add(&knights, "Tony Blair", v1::ENTITY_TYPE_PERSON, 1);
  Add(&knights, "Blair", v1::ENTITY_TYPE_PERSON, 2);
  const NameTitle knight_titles[] = {NameTitle::kHonour, NameTitle::kNone, NameTitle::kCourtesy};
  const uint32_t knight_offices[] = {0, 0, secretary};
  ResolveEntities(&knights, knight_titles, {}, {}, {}, knight_offices);
  ASSERT_EQ(knights.entities_size(), 2);
  EXPECT_EQ(knights.mentions(2).entity_index(), knights.mentions(1).entity_index());
  // A first lady holds no office: "President Obama", where only "first
  // lady Michelle Obama" is named in full, is someone else.
  v1::Annotations obamas;
  Add(&obamas, "Michelle Obama", v1::ENTITY_TYPE_PERSON, 0);
  Add(&obamas, "Obama", v1::ENTITY_TYPE_PERSON, 1);
  Add(&obamas, "Obama", v1::ENTITY_TYPE_PERSON, 2);
  const uint32_t obama_offices[] = {OfficeBit("lady"), president, 0};
  ResolveEntities(&obamas, {}, {}, {}, {}, obama_offices);
  ASSERT_EQ(obamas.entities_size(), 2);
  EXPECT_NE(obamas.mentions(1).entity_index(), obamas.mentions(0).entity_index());
  EXPECT_EQ(obamas.mentions(2).entity_index(), obamas.mentions(0).entity_index());
}

// BBC entertainment/141: "Ozzy" and "Sharon" are Ozzy and Sharon Osbourne;
// politics/027: "Lord Butler" is Robin Butler. A given name or a peer's
// surname two people of the document share names neither; a lone word
// read as a place is no person's given name.
TEST(CorefTest, AGivenNameOrAPeersTitleIsTheOnePersonNamedInFull) {
  v1::Annotations a;
  Add(&a, "Ozzy Osbourne", v1::ENTITY_TYPE_PERSON, 0);
  Add(&a, "Sharon Osbourne", v1::ENTITY_TYPE_PERSON, 1);
  Add(&a, "Sharon", v1::ENTITY_TYPE_PERSON, 2);
  Add(&a, "Ozzy", v1::ENTITY_TYPE_PERSON, 3);
  Add(&a, "Robin Butler", v1::ENTITY_TYPE_PERSON, 4);
  Add(&a, "Lord Butler", v1::ENTITY_TYPE_PERSON, 5);
  Add(&a, "Betty Boothroyd", v1::ENTITY_TYPE_PERSON, 6);
  Add(&a, "Baroness Boothroyd", v1::ENTITY_TYPE_PERSON, 7);
  ResolveEntities(&a);
  ASSERT_EQ(a.entities_size(), 4);
  EXPECT_EQ(a.entities(0).name(), "Ozzy Osbourne");
  EXPECT_THAT(a.entities(0).mention_indices(), ::testing::ElementsAre(0, 3));
  EXPECT_EQ(a.entities(1).name(), "Sharon Osbourne");
  EXPECT_THAT(a.entities(1).mention_indices(), ::testing::ElementsAre(1, 2));
  EXPECT_THAT(a.entities(2).mention_indices(), ::testing::ElementsAre(4, 5));
  EXPECT_THAT(a.entities(3).mention_indices(), ::testing::ElementsAre(6, 7));

  v1::Annotations two;
  Add(&two, "Tony Blair", v1::ENTITY_TYPE_PERSON);
  Add(&two, "Tony Adams", v1::ENTITY_TYPE_PERSON);
  Add(&two, "Tony", v1::ENTITY_TYPE_PERSON);
  Add(&two, "Jordan Henderson", v1::ENTITY_TYPE_PERSON);
  Add(&two, "Jordan", v1::ENTITY_TYPE_LOCATION);
  Add(&two, "Ian Butler", v1::ENTITY_TYPE_PERSON);
  Add(&two, "Robin Butler", v1::ENTITY_TYPE_PERSON);
  Add(&two, "Lord Butler", v1::ENTITY_TYPE_PERSON);
  ResolveEntities(&two);
  EXPECT_EQ(two.entities_size(), 8);

  // After a title a lone word is no one else's given name: "Prince
  // Charles" is not Charles Kennedy (BBC politics/104), "Mr Howard" not
  // Howard Flight (politics/399); and a peer is of the title's sex:
  // "Baroness Thatcher" is not Sir Mark Thatcher.
  v1::Annotations titled;
  std::vector<NameTitle> titles;
  auto add = [&](const std::string& text, NameTitle title) {
    Add(&titled, text, v1::ENTITY_TYPE_PERSON);
    titles.push_back(title);
  };
  add("Charles Kennedy", NameTitle::kNone);
  add("Charles", NameTitle::kOther);
  add("Howard Flight", NameTitle::kNone);
  add("Howard", NameTitle::kCourtesy);
  add("Mark Thatcher", NameTitle::kHonour);
  add("Baroness Thatcher", NameTitle::kNone);
  ResolveEntities(&titled, titles);
  EXPECT_EQ(titled.entities_size(), 6);
  // But "Mr Wang" is Wang Yan: a family name written first, no given name.
  v1::Annotations family;
  Add(&family, "Wang Yan", v1::ENTITY_TYPE_PERSON);
  Add(&family, "Wang", v1::ENTITY_TYPE_PERSON);
  const NameTitle family_titles[] = {NameTitle::kNone, NameTitle::kCourtesy};
  ResolveEntities(&family, family_titles);
  EXPECT_EQ(family.entities_size(), 1);
}

// "United" is the document's one Manchester United; a lone word that ends
// two such names, or one of two firms, or a name on a common word, stays
// apart.
TEST(CorefTest, AClubByItsLastWord) {
  const auto entity_of = [](const v1::Annotations& a, int mention) {
    return a.entities(a.mentions(mention).entity_index()).key();
  };
  v1::Annotations club;
  Add(&club, "Manchester United", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&club, "Chelsea", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&club, "United", v1::ENTITY_TYPE_ORGANIZATION, 1);
  Add(&club, "European Commission", v1::ENTITY_TYPE_ORGANIZATION, 2);
  Add(&club, "Commission", v1::ENTITY_TYPE_ORGANIZATION, 3);
  ResolveEntities(&club);
  EXPECT_EQ(club.entities_size(), 3);
  EXPECT_EQ(entity_of(club, 2), "manchester united");
  EXPECT_EQ(entity_of(club, 4), "european commission");
  EXPECT_EQ(club.entities(0).name(), "Manchester United");

  v1::Annotations two;
  Add(&two, "Leeds United", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&two, "Manchester United", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&two, "United", v1::ENTITY_TYPE_ORGANIZATION, 1);
  ResolveEntities(&two);
  EXPECT_EQ(entity_of(two, 2), "united");

  v1::Annotations apart;
  Add(&apart, "BBC Radio", v1::ENTITY_TYPE_ORGANIZATION);  // an acronym first
  Add(&apart, "Radio", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "Sega ESPN", v1::ENTITY_TYPE_ORGANIZATION);  // a firm of the document first
  Add(&apart, "Sega", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "ESPN", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "ex-Boeing", v1::ENTITY_TYPE_ORGANIZATION);  // in small letters
  Add(&apart, "Boeing", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "Sony's PlayStation", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "PlayStation", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "New Labour", v1::ENTITY_TYPE_ORGANIZATION);  // a common word first
  Add(&apart, "Labour", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "Rolls-Royce", v1::ENTITY_TYPE_ORGANIZATION);  // one word with a hyphen
  Add(&apart, "Royce", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "World Bank", v1::ENTITY_TYPE_ORGANIZATION);  // a longer name holds it too
  Add(&apart, "Bank of England", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&apart, "Bank", v1::ENTITY_TYPE_ORGANIZATION);
  const bool common[] = {false, false, false, false, false, false, false, false,
                         false, true,  false, false, false, false, false, false};
  ResolveEntities(&apart, {}, common);
  EXPECT_EQ(apart.entities_size(), 16);
  // Told nothing of common words, "New Labour" names Labour.
  v1::Annotations told_nothing;
  Add(&told_nothing, "New Labour", v1::ENTITY_TYPE_ORGANIZATION);
  Add(&told_nothing, "Labour", v1::ENTITY_TYPE_ORGANIZATION);
  ResolveEntities(&told_nothing);
  EXPECT_EQ(told_nothing.entities_size(), 1);
}

TEST(CorefTest, KeepsDifferentPeopleApart) {
  v1::Annotations a;
  Add(&a, "Sergei Lavrov", v1::ENTITY_TYPE_PERSON);
  Add(&a, "Dmitry Peskov", v1::ENTITY_TYPE_PERSON);
  Add(&a, "Maria Zakharova", v1::ENTITY_TYPE_PERSON);
  Add(&a, "Mark Zakharov", v1::ENTITY_TYPE_PERSON);
  ResolveEntities(&a);
  EXPECT_EQ(a.entities_size(), 4);
}

}  // namespace
}  // namespace dossier::tagger
