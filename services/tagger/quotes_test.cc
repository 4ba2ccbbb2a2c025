// Quote attribution: each construction on small texts written here (with
// the names marked by hand, so that the rules are tested apart from the
// NER model), then every quotation in the five seed articles (read from
// ../shared/seeds and tagged with the committed model), and the PolNeAR
// reader of dossier-eval-quotes.
#include "services/tagger/quotes.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/tagger/coref.h"
#include "services/tagger/eval/polnear.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/quote_lexicon.h"
#include "services/tagger/tagger.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::tagger {

using text::Sentence;
using text::Tokenize;
using text::TokenizedText;

namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Name {
  std::string text;
  v1::EntityType type;
};

// Annotations of `text` with every whole occurrence of each name as a
// mention, entities resolved, then quotes found.
// The text tagged with `names` as its mentions, its quotes found: quoted
// and reported speech.
v1::Annotations AnnotateAll(const std::string& text, const std::vector<Name>& names) {
  const TokenizedText tokens = Tokenize(text);
  v1::Annotations a;
  std::vector<int> sentence_of(tokens.tokens.size());
  for (size_t s = 0; s < tokens.sentences.size(); ++s) {
    const Sentence& sentence = tokens.sentences[s];
    auto* span = a.add_sentences()->mutable_span();
    span->set_begin(tokens.tokens[sentence.begin].begin);
    span->set_end(tokens.tokens[sentence.end - 1].end);
    for (int t = sentence.begin; t < sentence.end; ++t) sentence_of[t] = static_cast<int>(s);
  }
  struct Found {
    size_t at;
    const Name* name;
  };
  std::vector<Found> found;
  for (const Name& name : names) {
    for (size_t at = text.find(name.text); at != std::string::npos;
         at = text.find(name.text, at + 1)) {
      const size_t end = at + name.text.size();
      const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
      const bool ends = end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
      if (starts && ends) found.push_back({at, &name});
    }
  }
  std::sort(found.begin(), found.end(), [](const Found& x, const Found& y) { return x.at < y.at; });
  for (const Found& f : found) {
    int first = -1;
    for (size_t t = 0; t < tokens.tokens.size(); ++t) {
      if (static_cast<size_t>(tokens.tokens[t].begin) == f.at) first = static_cast<int>(t);
    }
    if (first < 0) continue;  // inside a longer word
    v1::Mention* m = a.add_mentions();
    m->mutable_span()->set_begin(static_cast<int32_t>(f.at));
    m->mutable_span()->set_end(static_cast<int32_t>(f.at + f.name->text.size()));
    m->set_text(f.name->text);
    m->set_type(f.name->type);
    m->set_confidence(1);
    m->set_sentence_index(sentence_of[first]);
  }
  ResolveEntities(&a);
  FindQuotes(text, tokens, &a);
  return a;
}

// `a` without its reported speech.
v1::Annotations QuotedOnly(v1::Annotations a) {
  auto* quotes = a.mutable_quotes();
  quotes->erase(
      std::remove_if(quotes->begin(), quotes->end(),
                     [](const v1::Quote& q) { return q.kind() == v1::QUOTE_KIND_INDIRECT; }),
      quotes->end());
  return a;
}

// The same, its quotes those in marks: the tests of quoted speech, whose
// texts report speech too ("A Bayern spokesman said on Monday that ...").
v1::Annotations Annotate(const std::string& text, const std::vector<Name>& names) {
  v1::Annotations a = AnnotateAll(text, names);
  return QuotedOnly(std::move(a));
}

std::string Speaker(const v1::Annotations& a, const v1::Quote& q) {
  return q.has_speaker_entity_index() ? a.entities(q.speaker_entity_index()).name() : "";
}

const Name kZakharova{"Maria Zakharova", v1::ENTITY_TYPE_PERSON};
const Name kZakharovaSurname{"Zakharova", v1::ENTITY_TYPE_PERSON};

TEST(QuoteLexiconTest, HasTheCuesNewsUses) {
  std::set<std::string> phrases;
  for (const quotes::Cue& cue : quotes::Cues()) phrases.insert(std::string(cue.phrase));
  for (const char* cue : {"said", "stressed", "added", "noted", "told", "explained", "continued",
                          "answered", "summed up", "according to"}) {
    EXPECT_TRUE(phrases.count(cue)) << cue;
  }
  // Several words: the rest of the phrase after its first word.
  const auto* summed = quotes::CuesStartingWith("summed");
  ASSERT_NE(summed, nullptr);
  EXPECT_EQ(summed->front().rest, std::vector<std::string>{"up"});
  EXPECT_EQ(quotes::CuesStartingWith("table"), nullptr);
  EXPECT_TRUE(quotes::WordClasses("spokeswoman") & quotes::kFemale);
  EXPECT_EQ(quotes::GivenNameGender("maria"), quotes::Gender::kFemale);
}

// A place or a MISC name before the noun of the phrase after the cue
// describes the speaker, and is none: "said the Newport-based athlete" is
// the athlete's, here the one person named.
TEST(QuotesTest, ANameDescribingTheSpeakerIsNoSpeaker) {
  const std::string text =
      "Jack Law won the race in Cardiff. \"I am very happy,\" said the Newport-based athlete. "
      "\"It was hard,\" added the Welsh runner.";
  const v1::Annotations a = Annotate(text, {{"Jack Law", v1::ENTITY_TYPE_PERSON},
                                            {"Cardiff", v1::ENTITY_TYPE_LOCATION},
                                            {"Newport-based", v1::ENTITY_TYPE_LOCATION},
                                            {"Welsh", v1::ENTITY_TYPE_MISC}});
  ASSERT_EQ(a.quotes_size(), 2);
  for (const v1::Quote& q : a.quotes()) {
    EXPECT_NE(Speaker(a, q), "Newport-based") << q.text();
    EXPECT_NE(Speaker(a, q), "Welsh") << q.text();
  }
  // A club before a noun for a person, and a nationality as the noun,
  // describe the speaker too: the person the text is about spoke (BBC
  // sport/217's "said the Chelsea star", sport/469's "said the American").
  const std::string club =
      "Damien Duff was unlucky. \"I lost it in the lights,\" said the Chelsea star. Andy "
      "Roddick lost twice. \"It's just tough,\" said the American. Robbie Keane scored. \"It "
      "was great,\" said the Tottenham striker.";
  const v1::Annotations c = Annotate(club, {{"Damien Duff", v1::ENTITY_TYPE_PERSON},
                                            {"Chelsea", v1::ENTITY_TYPE_ORGANIZATION},
                                            {"Andy Roddick", v1::ENTITY_TYPE_PERSON},
                                            {"American", v1::ENTITY_TYPE_MISC},
                                            {"Robbie Keane", v1::ENTITY_TYPE_PERSON},
                                            {"Tottenham", v1::ENTITY_TYPE_ORGANIZATION}});
  ASSERT_EQ(c.quotes_size(), 3);
  EXPECT_EQ(Speaker(c, c.quotes(0)), "Damien Duff");
  EXPECT_EQ(Speaker(c, c.quotes(1)), "Andy Roddick");
  EXPECT_EQ(Speaker(c, c.quotes(2)), "Robbie Keane");
  // Not a club's reporter, several of a nation, or a book.
  const std::string others =
      "Michael Howard attacked the plan. \"Security was tight,\" said the BBC reporter. \"We "
      "will not back down,\" said the Americans. \"An eye for an eye,\" said the Bible.";
  const v1::Annotations o = Annotate(others, {{"Michael Howard", v1::ENTITY_TYPE_PERSON},
                                              {"BBC", v1::ENTITY_TYPE_ORGANIZATION},
                                              {"Americans", v1::ENTITY_TYPE_MISC},
                                              {"Bible", v1::ENTITY_TYPE_MISC}});
  ASSERT_EQ(o.quotes_size(), 3);
  for (const v1::Quote& q : o.quotes()) EXPECT_NE(Speaker(o, q), "Michael Howard") << q.text();
  // A place before a time, or before its spokesman, still speaks.
  const std::string israel =
      "\"We are ready,\" said Israel yesterday. \"We are not,\" said a Cairo spokesman.";
  const v1::Annotations b =
      Annotate(israel, {{"Israel", v1::ENTITY_TYPE_LOCATION}, {"Cairo", v1::ENTITY_TYPE_LOCATION}});
  ASSERT_EQ(b.quotes_size(), 2);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Israel");
  EXPECT_EQ(Speaker(b, b.quotes(1)), "Cairo");
  // After "a", "one" or "another" a name that the phrase goes on past, or
  // a place or nationality that ends it, describes someone it does not
  // name (PolNeAR: "said a New Hampshire Republican", "said an Iowa
  // Democrat", "one Trump confidant said"), not before a spokesman.
  const std::string unnamed =
      "Donald Trump won in Iowa. \"He will win,\" said a New Hampshire Republican. \"She is "
      "behind,\" said an Iowa Democrat. \"He is bigger than the party,\" said one Trump "
      "confidant. \"We are ready,\" said a Trump spokesman.";
  const v1::Annotations u = Annotate(unnamed, {{"Donald Trump", v1::ENTITY_TYPE_PERSON},
                                               {"Iowa", v1::ENTITY_TYPE_LOCATION},
                                               {"New Hampshire", v1::ENTITY_TYPE_LOCATION},
                                               {"Republican", v1::ENTITY_TYPE_MISC},
                                               {"Iowa Democrat", v1::ENTITY_TYPE_MISC},
                                               {"Trump", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(u.quotes_size(), 4);
  EXPECT_EQ(Speaker(u, u.quotes(0)), "");
  EXPECT_EQ(Speaker(u, u.quotes(1)), "");
  EXPECT_EQ(Speaker(u, u.quotes(2)), "");
  EXPECT_EQ(Speaker(u, u.quotes(3)), "Donald Trump");
  // An organisation's name too, unless an official of it, or a paper it
  // put out, speaks; a person in apposition after the phrase is who spoke.
  const std::string party =
      "Donald Trump won in Iowa. \"It is over,\" said one district GOP leader. \"She is "
      "behind,\" said another New Hampshire Democrat. \"We are ready,\" said a GOP official. "
      "\"The talks went on,\" according to a Pentagon readout. \"The odds are good,\" said "
      "another leading Supreme Court advocate, Andrew Pincus.";
  const v1::Annotations p =
      Annotate(party, {{"Donald Trump", v1::ENTITY_TYPE_PERSON},
                       {"Iowa", v1::ENTITY_TYPE_LOCATION},
                       {"GOP", v1::ENTITY_TYPE_ORGANIZATION},
                       {"New Hampshire Democrat", v1::ENTITY_TYPE_ORGANIZATION},
                       {"GOP", v1::ENTITY_TYPE_ORGANIZATION},
                       {"Pentagon", v1::ENTITY_TYPE_ORGANIZATION},
                       {"Supreme Court", v1::ENTITY_TYPE_ORGANIZATION},
                       {"Andrew Pincus", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(p.quotes_size(), 5);
  EXPECT_EQ(Speaker(p, p.quotes(0)), "");
  EXPECT_EQ(Speaker(p, p.quotes(1)), "");
  EXPECT_EQ(Speaker(p, p.quotes(2)), "GOP");
  EXPECT_EQ(Speaker(p, p.quotes(3)), "Pentagon");
  EXPECT_EQ(Speaker(p, p.quotes(4)), "Andrew Pincus");
  // Before the cue, a definite phrase whose noun is a party's or a place's
  // person is the person the text has been about, as "said the American";
  // several are no one it names.
  const std::string before =
      "Paul Ryan spoke in Madison. \"We are still in the game,\" the Wisconsin Republican said. "
      "Rick Perry spoke in Austin. \"We will win,\" the Texan said. \"We will not,\" the "
      "Democrats said.";
  const v1::Annotations b2 = Annotate(before, {{"Paul Ryan", v1::ENTITY_TYPE_PERSON},
                                               {"Madison", v1::ENTITY_TYPE_LOCATION},
                                               {"Wisconsin", v1::ENTITY_TYPE_LOCATION},
                                               {"Republican", v1::ENTITY_TYPE_MISC},
                                               {"Rick Perry", v1::ENTITY_TYPE_PERSON},
                                               {"Austin", v1::ENTITY_TYPE_LOCATION},
                                               {"Texan", v1::ENTITY_TYPE_MISC},
                                               {"Democrats", v1::ENTITY_TYPE_MISC}});
  ASSERT_EQ(b2.quotes_size(), 3);
  EXPECT_EQ(Speaker(b2, b2.quotes(0)), "Paul Ryan");
  EXPECT_EQ(Speaker(b2, b2.quotes(1)), "Rick Perry");
  EXPECT_EQ(Speaker(b2, b2.quotes(2)), "");
  // A people speaks for its country; a name's spokesman or paper, however
  // many words stand between, for the name.
  const std::string speak =
      "Xi Jinping met Barack Obama. \"We object,\" the Chinese said. \"We are ready,\" said a "
      "Trump campaign spokesman. \"Trump leads,\" according to a CNN exit poll. \"Talks went "
      "well,\" according to a Kremlin readout.";
  const v1::Annotations sp = Annotate(speak, {{"Xi Jinping", v1::ENTITY_TYPE_PERSON},
                                              {"Barack Obama", v1::ENTITY_TYPE_PERSON},
                                              {"Chinese", v1::ENTITY_TYPE_MISC},
                                              {"Trump", v1::ENTITY_TYPE_PERSON},
                                              {"Trump", v1::ENTITY_TYPE_PERSON},
                                              {"CNN", v1::ENTITY_TYPE_ORGANIZATION},
                                              {"Kremlin", v1::ENTITY_TYPE_LOCATION}});
  ASSERT_EQ(sp.quotes_size(), 4);
  EXPECT_EQ(Speaker(sp, sp.quotes(0)), "Chinese");
  EXPECT_EQ(Speaker(sp, sp.quotes(1)), "Trump");
  EXPECT_EQ(Speaker(sp, sp.quotes(2)), "CNN");
  EXPECT_EQ(Speaker(sp, sp.quotes(3)), "Kremlin");
}

// "X did something and said": the subject of the sentence's main clause,
// not a name in a clause that opens it before a comma (PolNeAR, NYT:
// "Asked on Monday whether Mr. Clinton would hold a cabinet position, Mrs.
// Clinton shook her head and said, ''No.''").
TEST(QuotesTest, AndSaidIsTheMainClausesSubjects) {
  const std::string text =
      "Hillary Clinton spoke. Bill Clinton listened. Asked on Monday whether Bill Clinton would "
      "hold a cabinet position, Hillary Clinton shook her head and said, \"No.\" When he left, "
      "she smiled and added, \"He will help.\" Bill Clinton waved and said, \"Thank you.\"";
  const v1::Annotations a = Annotate(text, {{"Hillary Clinton", v1::ENTITY_TYPE_PERSON},
                                            {"Bill Clinton", v1::ENTITY_TYPE_PERSON},
                                            {"Bill Clinton", v1::ENTITY_TYPE_PERSON},
                                            {"Hillary Clinton", v1::ENTITY_TYPE_PERSON},
                                            {"Bill Clinton", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(a.quotes_size(), 3);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Hillary Clinton");
  EXPECT_EQ(Speaker(a, a.quotes(1)), "Hillary Clinton");
  EXPECT_EQ(Speaker(a, a.quotes(2)), "Bill Clinton");
}

TEST(QuotesTest, NoMarksNoQuotedSpeech) {
  EXPECT_EQ(AnnotateAll("", {}).quotes_size(), 0);
  EXPECT_EQ(Annotate("Maria Zakharova said that talks will go on.", {kZakharova}).quotes_size(), 0);
}

// Reported speech: what a named speaker said, without quotation marks, as
// an INDIRECT quote of the words said, its cue and speaker.
TEST(QuotesTest, ReportedSpeechIsAnIndirectQuote) {
  const Name ambassador{"Alexander Botsan-Kharchenko", v1::ENTITY_TYPE_PERSON};
  const Name peskov{"Dmitry Peskov", v1::ENTITY_TYPE_PERSON};
  const Name ministry{"Foreign Ministry", v1::ENTITY_TYPE_ORGANIZATION};
  const Name post{"National Post", v1::ENTITY_TYPE_ORGANIZATION};
  const Name calabrese{"Calabrese", v1::ENTITY_TYPE_PERSON};
  struct Case {
    std::string text;
    std::string said, cue, speaker;
  };
  for (const Case& c : std::vector<Case>{
           {"The pressure on Serbia will increase, said the Russian ambassador to Serbia "
            "Alexander Botsan-Kharchenko.",
            "The pressure on Serbia will increase", "said", "Alexander Botsan-Kharchenko"},
           {"Dmitry Peskov said that Moscow understands the pressure on Belgrade.",
            "Moscow understands the pressure on Belgrade", "said", "Dmitry Peskov"},
           {"Maria Zakharova said on Monday that talks will go on.", "talks will go on", "said",
            "Maria Zakharova"},
           {"Talks with Pristina will go on, the Foreign Ministry said on Monday.",
            "Talks with Pristina will go on", "said", "Foreign Ministry"},
           {"Calabrese told the National Post he has received hundreds of emails.",
            "he has received hundreds of emails", "told", "Calabrese"},
           // BBC politics/067: after a programme of whom "told" addresses.
           {"Calabrese told the National Post's Morning Show he has received emails.",
            "he has received emails", "told", "Calabrese"},
           {"The talks failed, according to Maria Zakharova.", "The talks failed", "according to",
            "Maria Zakharova"},
           // An organisation's title before the inverted subject.
           {"The pressure on Serbia will increase, said Foreign Ministry spokeswoman Maria "
            "Zakharova.",
            "The pressure on Serbia will increase", "said", "Maria Zakharova"},
           {"The talks will go on this year, said Deutsche Bank chief executive Dmitry Peskov.",
            "The talks will go on this year", "said", "Dmitry Peskov"},
           {"BELGRADE, March 3 - The talks failed in Minsk, Dmitry Peskov said.",
            "The talks failed in Minsk", "said", "Dmitry Peskov"},
           {"Dmitry Peskov was in Minsk. He said the talks had gone well.",
            "the talks had gone well", "said", "Dmitry Peskov"},
           // A plural noun before its verb opens the clause; a clause
           // after when and where needs no "that".
           {"Dmitry Peskov said taxes would not rise.", "taxes would not rise", "said",
            "Dmitry Peskov"},
           {"The Foreign Ministry said sales rose by a fifth in the south.",
            "sales rose by a fifth in the south", "said", "Foreign Ministry"},
           {"Sales rose by a fifth in the south, the Foreign Ministry said.",
            "Sales rose by a fifth in the south", "said", "Foreign Ministry"},
           {"The Foreign Ministry said on Monday it would cut prices.", "it would cut prices",
            "said", "Foreign Ministry"},
           {"The Foreign Ministry said earlier this month sales rose by a fifth.",
            "sales rose by a fifth", "said", "Foreign Ministry"},
           // A name in apposition, a person's relative clause, an age.
           {"The Kremlin's spokesman, Dmitry Peskov, said the talks had gone well.",
            "the talks had gone well", "said", "Dmitry Peskov"},
           {"Dmitry Peskov, who runs the Kremlin's press office, said the talks had gone well.",
            "the talks had gone well", "said", "Dmitry Peskov"},
           {"Dmitry Peskov, 58, who runs the press office, said the talks had gone well.",
            "the talks had gone well", "said", "Dmitry Peskov"},
           // A subject of more than twelve words.
           {"Maria Zakharova, the spokeswoman of the ministry since 2015 and a diplomat of long "
            "standing, said the talks will go on.",
            "the talks will go on", "said", "Maria Zakharova"},
           // An organisation's spokeswoman speaks for it.
           {"A spokeswoman for the Foreign Ministry said the talks will go on.",
            "the talks will go on", "said", "Foreign Ministry"},
           // But the spokeswoman named before her title speaks herself.
           {"Maria Zakharova, spokeswoman for the Foreign Ministry said the talks will go on.",
            "the talks will go on", "said", "Maria Zakharova"},
           {"That is why the talks failed, says Maria Zakharova, a diplomat in Minsk.",
            "That is why the talks failed", "says", "Maria Zakharova"},
           // The report between commas inside the sentence.
           {"The talks were on many topics, the Foreign Ministry said, including trade and energy.",
            "The talks were on many topics", "said", "Foreign Ministry"}}) {
    const v1::Annotations a =
        AnnotateAll(c.text, {ambassador,
                             peskov,
                             kZakharova,
                             ministry,
                             post,
                             calabrese,
                             {"Deutsche Bank", v1::ENTITY_TYPE_ORGANIZATION}});
    ASSERT_EQ(a.quotes_size(), 1) << c.text;
    const v1::Quote& q = a.quotes(0);
    EXPECT_EQ(q.kind(), v1::QUOTE_KIND_INDIRECT) << c.text;
    EXPECT_EQ(q.text(), c.said) << c.text;
    EXPECT_EQ(c.text.substr(q.span().begin(), q.span().end() - q.span().begin()), q.text());
    EXPECT_EQ(q.cue(), c.cue) << c.text;
    EXPECT_EQ(Speaker(a, q), c.speaker) << c.text;
    EXPECT_GT(q.confidence(), 0.5f) << c.text;
  }
  // Where the words end and start: before a semicolon, after when.
  const Name merkel{"Angela Merkel", v1::ENTITY_TYPE_PERSON};
  const Name macron{"Emmanuel Macron", v1::ENTITY_TYPE_PERSON};
  const Name bank{"Deutsche Bank", v1::ENTITY_TYPE_ORGANIZATION};
  const Name cnn{"CNN", v1::ENTITY_TYPE_ORGANIZATION};
  const Name clinton{"Hillary Clinton", v1::ENTITY_TYPE_PERSON};
  const Name sanders{"Bernie Sanders", v1::ENTITY_TYPE_PERSON};
  const Name law{"Jack Law", v1::ENTITY_TYPE_PERSON};
  const Name minsk{"Minsk", v1::ENTITY_TYPE_LOCATION};
  const std::vector<Name> names = {merkel, macron, bank, cnn, clinton, sanders, law, peskov, minsk};
  for (const auto& [text, said] : std::vector<std::pair<std::string, std::string>>{
           {"Angela Merkel said the economy was weak; Emmanuel Macron disagreed strongly with her.",
            "the economy was weak"},
           {"Angela Merkel said yesterday the economy was weak in the south.",
            "the economy was weak in the south"},
           {"Jack Law spoke in Edinburgh. He said it was wrong that young people drank so much.",
            "it was wrong that young people drank so much"},
           // What a report between commas says, however the sentence goes on.
           {"Hillary Clinton took the primary in New York, according to CNN, and Bernie Sanders "
            "conceded.",
            "Hillary Clinton took the primary in New York"}}) {
    const v1::Annotations a = AnnotateAll(text, names);
    ASSERT_EQ(a.quotes_size(), 1) << text;
    EXPECT_EQ(a.quotes(0).text(), said) << text;
  }
  // Not reported speech: what was denied or might be said, a relative or
  // subordinate clause, a noun phrase; nor a speaker named inside the
  // subject, or after a title that is not hers.
  for (const std::string& text :
       {std::string("Angela Merkel announced her resignation on Monday in a speech in Berlin."),
        std::string("Critics of Angela Merkel said she had ruined the economy of the south."),
        std::string("The economy was weak in the south, a spokesman for Angela Merkel said."),
        std::string("Taxes would rise, said a lawyer for the family of Angela Merkel."),
        std::string("Taxes would rise, said the minister who met Angela Merkel."),
        std::string("Dmitry Peskov did not say that Moscow understands the concerns of Serbia."),
        std::string("If Dmitry Peskov said that Moscow understands the concerns, the war "
                    "would end."),
        std::string("Angela Merkel, who said the economy was weak, resigned on Monday after a "
                    "vote."),
        std::string("The bank notes were printed by Deutsche Bank in Frankfurt last year."),
        std::string("Angela Merkel said a prayer for the victims of the flood in the south."),
        std::string("Angela Merkel said prayers for the victims of the flood in the south."),
        std::string("Angela Merkel said goodbye to the staff of the bank in the south."),
        std::string("Angela Merkel has recalled the players who had been dropped in May."),
        // Nor a pronoun in a clause of its own after "to", or an object
        // pronoun; nor a participle or a relative clause's verb.
        std::string("Deutsche Bank has pledged to oppose the bill when it is debated next "
                    "Monday."),
        std::string("Angela Merkel said in an interview with him the plans were dead."),
        std::string("Deutsche Bank announced plans made last year in the south."),
        std::string("Angela Merkel said a few words to the fans who came to the ground."),
        std::string("A quarter of those polled for the Deutsche Bank said the taxes would rise."),
        // A name in apposition to another noun than the subject, or with
        // a "who" clause after a participle, is not the subject.
        std::string("Relatives of the pilot, Dmitry Peskov, said the talks had gone well."),
        std::string("Lawyers representing Dmitry Peskov, who denies the charges, said the talks "
                    "had gone well."),
        // A subject inside a clause of its own, far into the sentence, or a
        // place there.
        std::string("And the reporter Angela Merkel, with the bank in the centre of the old "
                    "city, Minsk said the talks had gone well."),
        std::string("The talks went on for hours in the cold and when Bernie Sanders conceded a "
                    "point close to the end, the others agreed to go home."),
        // Words before a report between commas that are no clause.
        std::string("Asked whether he would quit, Dmitry Peskov said, with a smile, that he "
                    "would not."),
        std::string("Earlier this month, Deutsche Bank said, sales of the bonds rose sharply."),
        std::string("He joined the campaigners including, Dmitry Peskov claims, Angela Merkel."),
        std::string("But if measured at home instead, Deutsche Bank said, taxes would rise "
                    "by a third.")}) {
    EXPECT_EQ(AnnotateAll(text, names).quotes_size(), 0) << text;
  }
  // "According to her, ...": what follows the comma, hers (seed 000).
  {
    const v1::Annotations a = AnnotateAll(
        "Maria Zakharova spoke in Moscow. According to her, Moscow supports Belgrade in the "
        "situation with Kosovo. According to Foreign Ministry spokeswoman Maria Zakharova, the "
        "talks will go on.",
        {kZakharova, ministry});
    ASSERT_EQ(a.quotes_size(), 2);
    EXPECT_EQ(a.quotes(0).text(), "Moscow supports Belgrade in the situation with Kosovo");
    EXPECT_EQ(Speaker(a, a.quotes(0)), "Maria Zakharova");
    EXPECT_EQ(a.quotes(1).text(), "the talks will go on");
    EXPECT_EQ(Speaker(a, a.quotes(1)), "Maria Zakharova");
    EXPECT_EQ(a.quotes(1).cue(), "According to");
  }
  // Not past a clause of its own, and not whom several names give.
  {
    const std::vector<Name> names = {kZakharova,
                                     {"Tony Blair", v1::ENTITY_TYPE_PERSON},
                                     {"Gordon Brown", v1::ENTITY_TYPE_PERSON}};
    v1::Annotations a = AnnotateAll(
        "According to Maria Zakharova, Moscow supports Belgrade, which defends its sovereignty; "
        "the EU disagrees.",
        names);
    ASSERT_EQ(a.quotes_size(), 1);
    EXPECT_EQ(a.quotes(0).text(), "Moscow supports Belgrade, which defends its sovereignty");
    a = AnnotateAll(
        "According to Maria Zakharova, Moscow supports Belgrade, but Washington backs the talks.",
        names);
    ASSERT_EQ(a.quotes_size(), 1);
    EXPECT_EQ(a.quotes(0).text(), "Moscow supports Belgrade");
    EXPECT_EQ(AnnotateAll("According to Tony Blair and Gordon Brown, the tax will rise.", names)
                  .quotes_size(),
              0);
  }
  // A pronoun resolved to no one gives no reported speech.
  EXPECT_EQ(AnnotateAll("Prices in London will rise sharply next year, he said.", {}).quotes_size(),
            0);
  // An unnamed source's words are reported speech without a speaker;
  // words of a subject that is neither a name nor a source are not.
  for (const std::string& text : {std::string("Officials said that the talks will go on."),
                                  std::string("Some experts say the talks will go on."),
                                  std::string("The talks will go on, analysts said.")}) {
    const v1::Annotations a = AnnotateAll(text, {kZakharova});
    ASSERT_EQ(a.quotes_size(), 1) << text;
    EXPECT_EQ(absl::AsciiStrToLower(a.quotes(0).text()), "the talks will go on") << text;
    EXPECT_FALSE(a.quotes(0).has_speaker_entity_index()) << text;
  }
  EXPECT_EQ(AnnotateAll("The weather said that the talks will go on.", {}).quotes_size(), 0);
  EXPECT_EQ(
      AnnotateAll("Officials in the town of Minsk said the talks will go on.", {}).quotes_size(),
      0);
  // Nor what is not said: a question, a list, whom a verb of saying
  // addresses, what was only heard.
  for (const std::string& text :
       {std::string("Did Maria Zakharova say that the talks will go on?"),
        std::string("Maria Zakharova said in a statement on Monday."),
        std::string("Maria Zakharova was told that the talks will go on."),
        std::string("Prices rose, said Maria Zakharova, who spoke in Minsk to reporters after "
                    "the talks that failed."),
        std::string("Maria Zakharova, Dmitry Peskov and the Foreign Ministry, said nothing.")}) {
    EXPECT_EQ(AnnotateAll(text, {kZakharova, peskov, ministry}).quotes_size(), 0) << text;
  }
  // Reported and quoted speech in one text come in text order; a sentence
  // with marks is quoted speech's.
  const v1::Annotations both = AnnotateAll(
      "Maria Zakharova said that talks will go on. \"We are ready,\" she added. Dmitry Peskov "
      "said that \"nothing\" was agreed.",
      {kZakharova, peskov});
  ASSERT_EQ(both.quotes_size(), 3);
  EXPECT_EQ(both.quotes(0).kind(), v1::QUOTE_KIND_INDIRECT);
  EXPECT_EQ(both.quotes(1).text(), "We are ready,");
  EXPECT_EQ(both.quotes(2).kind(), v1::QUOTE_KIND_MIXED);
}

TEST(QuotesTest, CurlyQuoteBeforeItsAttribution) {
  const std::string text = "\xe2\x80\x9cWe will not give in,\xe2\x80\x9d said Maria Zakharova.";
  const v1::Annotations a = Annotate(text, {kZakharova});
  ASSERT_EQ(a.quotes_size(), 1);
  const v1::Quote& q = a.quotes(0);
  EXPECT_EQ(q.text(), "We will not give in,");
  EXPECT_EQ(text.substr(q.span().begin(), q.span().end() - q.span().begin()), q.text());
  EXPECT_EQ(q.kind(), v1::QUOTE_KIND_DIRECT);
  EXPECT_EQ(q.cue(), "said");
  EXPECT_EQ(text.substr(q.cue_span().begin(), 4), "said");
  ASSERT_TRUE(q.has_speaker_mention_index());
  EXPECT_EQ(a.mentions(q.speaker_mention_index()).text(), "Maria Zakharova");
  EXPECT_EQ(Speaker(a, q), "Maria Zakharova");
  EXPECT_GT(q.confidence(), 0.8f);
  EXPECT_LE(q.confidence(), 1.f);
}

// A role after the cue with the person in apposition: the person, even
// where the document named another before ("said the Prime Minister, Tony
// Blair", a common British form).
TEST(QuotesTest, ARoleAfterTheCueIsThePersonInApposition) {
  const Name blair{"Tony Blair", v1::ENTITY_TYPE_PERSON};
  const Name brown{"Gordon Brown", v1::ENTITY_TYPE_PERSON};
  v1::Annotations a = Annotate("\"We will win,\" said the Prime Minister, Tony Blair.", {blair});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Tony Blair");
  a = Annotate("Gordon Brown spoke first. \"We will win,\" said the Prime Minister, Tony Blair.",
               {blair, brown});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Tony Blair");
}

// An emoji between the name and its cue stands between nothing.
TEST(QuotesTest, APictographBetweenTheSpeakerAndTheCueIsSkipped) {
  const Name vucic{"Aleksandar Vu\xc4\x8di\xc4\x87", v1::ENTITY_TYPE_PERSON};
  for (const char* text :
       {"President Aleksandar Vu\xc4\x8di\xc4\x87 \xf0\x9f\x87\xb7\xf0\x9f\x87\xb8 said: "
        "\"Serbia will not impose sanctions.\"",
        "\"Serbia will not impose sanctions,\" Aleksandar Vu\xc4\x8di\xc4\x87 "
        "\xf0\x9f\x98\x80 said."}) {
    const v1::Annotations a = Annotate(text, {vucic});
    ASSERT_EQ(a.quotes_size(), 1) << text;
    EXPECT_EQ(Speaker(a, a.quotes(0)), "Aleksandar Vu\xc4\x8di\xc4\x87") << text;
  }
}

TEST(QuotesTest, StraightQuoteAndPronoun) {
  const v1::Annotations a =
      Annotate("Maria Zakharova spoke on Monday. \"We will not give in,\" she said.", {kZakharova});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).text(), "We will not give in,");
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Maria Zakharova");
  // A pronoun names no mention; the entity is resolved.
  EXPECT_FALSE(a.quotes(0).has_speaker_mention_index());
}

TEST(QuotesTest, PronounsFollowGender) {
  const std::vector<Name> names = {{"Hillary Clinton", v1::ENTITY_TYPE_PERSON},
                                   {"Donald Trump", v1::ENTITY_TYPE_PERSON}};
  const v1::Annotations she =
      Annotate("Hillary Clinton met Donald Trump. \"It went well,\" she said.", names);
  ASSERT_EQ(she.quotes_size(), 1);
  EXPECT_EQ(Speaker(she, she.quotes(0)), "Hillary Clinton");
  const v1::Annotations he =
      Annotate("Hillary Clinton met Donald Trump. \"It went well,\" he said.", names);
  ASSERT_EQ(he.quotes_size(), 1);
  EXPECT_EQ(Speaker(he, he.quotes(0)), "Donald Trump");
}

TEST(QuotesTest, NestedQuotesArePartOfTheQuote) {
  const v1::Annotations a = Annotate(
      "\xe2\x80\x9cTheir goal is not to \xe2\x80\x98stabilize\xe2\x80\x99 the "
      "region but to "
      "\xe2\x80\x9c"
      "abuse\xe2\x80\x9d our ties,\xe2\x80\x9d Zakharova said.",
      {kZakharovaSurname});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_THAT(a.quotes(0).text(), StartsWith("Their goal"));
  EXPECT_THAT(a.quotes(0).text(), HasSubstr("stabilize"));
  EXPECT_THAT(a.quotes(0).text(), HasSubstr("our ties,"));
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Zakharova");
}

TEST(QuotesTest, ApostrophesNeverOpenOrClose) {
  const v1::Annotations a = Annotate(
      "The Clintons\xe2\x80\x99 house is near Serbia\xe2\x80\x99s embassy. "
      "\xe2\x80\x9cSerbia"
      "\xe2\x80\x99s choice is Russia's concern,\xe2\x80\x9d Zakharova said of "
      "the '90s. "
      "Rock 'n' roll.",
      {kZakharovaSurname});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).text(), "Serbia\xe2\x80\x99s choice is Russia's concern,");
}

TEST(QuotesTest, MultiParagraphQuoteIsOneQuoteAParagraph) {
  // Each paragraph reopens the quote; only the last closes it.
  const v1::Annotations a = Annotate(
      "Maria Zakharova said:\n\n\xe2\x80\x9cThe first paragraph ends here.\n\n"
      "\xe2\x80\x9cThe second one goes on.\n\n"
      "\xe2\x80\x9cThe third one closes the quote.\xe2\x80\x9d\n\nThen the "
      "news went on.",
      {kZakharova});
  ASSERT_EQ(a.quotes_size(), 3);
  EXPECT_EQ(a.quotes(0).text(), "The first paragraph ends here.");
  EXPECT_EQ(a.quotes(1).text(), "The second one goes on.");
  EXPECT_EQ(a.quotes(2).text(), "The third one closes the quote.");
  for (const v1::Quote& q : a.quotes()) {
    EXPECT_EQ(q.cue(), "said");
    EXPECT_EQ(Speaker(a, q), "Maria Zakharova");
    EXPECT_EQ(q.kind(), v1::QUOTE_KIND_DIRECT);
  }
  // The speaker may come at the end: “...\n\n“...,” she said.
  const v1::Annotations b = Annotate(
      "Maria Zakharova spoke.\n\n\"We will not give in.\n\n\"We will stay,\" "
      "she said.",
      {kZakharova});
  ASSERT_EQ(b.quotes_size(), 2);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Maria Zakharova");
  EXPECT_EQ(Speaker(b, b.quotes(1)), "Maria Zakharova");
  // A paragraph break lost in the text (". “" inside an open quote) too.
  const v1::Annotations c = Annotate(
      "\"Of course we will stay. \"But we want more,\" said Maria Zakharova.", {kZakharova});
  ASSERT_EQ(c.quotes_size(), 2);
  EXPECT_EQ(c.quotes(0).text(), "Of course we will stay.");
  EXPECT_EQ(Speaker(c, c.quotes(0)), "Maria Zakharova");
}

// A question that ends its quote may be attributed right after it
// (“...?” asked Trump), but not by a cue in another clause of the next
// sentence (BBC politics/417: Kennedy's question went to Tony Blair).
TEST(QuotesTest, ACueInAnotherClauseAfterAQuestionIsNotItsAttribution) {
  const Name kennedy{"Mr Kennedy", v1::ENTITY_TYPE_PERSON};
  const Name blair{"Tony Blair", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations a = Annotate(
      "Mr Kennedy said: \"Britain is the fourth-largest economy in the world.\n\n"
      "\"So why are two million of our pensioners living below the poverty line?\" All the "
      "parties are campaigning hard for an expected election in May, although Prime Minister "
      "Tony Blair has not confirmed any timing.",
      {kennedy, blair});
  ASSERT_EQ(a.quotes_size(), 2);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Mr Kennedy");
  EXPECT_EQ(Speaker(a, a.quotes(1)), "Mr Kennedy") << "the quote goes on from the paragraph before";
  // Who a question says once declared something does not answer it (BBC
  // politics/267).
  const Name kilroy{"Robert Kilroy-Silk", v1::ENTITY_TYPE_PERSON};
  for (const char* text :
       {"So is UKIP's job to destroy the Tories, as former member Robert Kilroy-Silk once "
        "notoriously declared? \"No. The aim of UKIP is to withdraw from the EU.\"",
        "So did Robert Kilroy-Silk really say UKIP would destroy the Tories? \"No. The aim of UKIP "
        "is to withdraw from the EU.\""}) {
    const v1::Annotations answer = Annotate(text, {kilroy});
    ASSERT_EQ(answer.quotes_size(), 1) << text;
    EXPECT_NE(Speaker(answer, answer.quotes(0)), "Robert Kilroy-Silk") << text;
  }
  // A verb that addresses someone, inverted between two parts of a quote,
  // has its subject after it.
  const Name howard{"Michael Howard", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations split =
      Annotate("\"We will win,\" warned Michael Howard, \"but only if we fight.\"", {howard});
  ASSERT_EQ(split.quotes_size(), 2);
  EXPECT_EQ(Speaker(split, split.quotes(0)), "Michael Howard");
  EXPECT_EQ(Speaker(split, split.quotes(1)), "Michael Howard");
  const v1::Annotations b =
      Annotate("\"Why would we stop now?\" asked Tony Blair, who had said so before.", {blair});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Tony Blair");
  // After the speaker's name, a description with "since", "while" or
  // "though" leaves the cue the quote's.
  const Name vucic{"Aleksandar Vucic", v1::ENTITY_TYPE_PERSON};
  for (const char* between : {", who has been president since 2017,", ", president since 2017,",
                              ", while visiting Brussels,", ", though tired,"}) {
    SCOPED_TRACE(between);
    const v1::Annotations c = Annotate(
        std::string("\"We are ready to talk,\" Aleksandar Vucic") + between + " told reporters.",
        {vucic});
    ASSERT_EQ(c.quotes_size(), 1);
    EXPECT_EQ(Speaker(c, c.quotes(0)), "Aleksandar Vucic");
  }
}

TEST(QuotesTest, DescriptionsAroundTheSpeakerInTheClauseAfterTheQuote) {
  // American party-and-state tags, parentheses, dashes and descriptions
  // that open on a number stand between the quote's cue and its speaker.
  const Name mcconnell{"Mitch McConnell", v1::ENTITY_TYPE_PERSON};
  const Name jordan{"Jim Jordan", v1::ENTITY_TYPE_PERSON};
  const Name strada{"Terry Strada", v1::ENTITY_TYPE_PERSON};
  const Name dickey{"John Dickey", v1::ENTITY_TYPE_PERSON};
  const Name ora{"Ora Media", v1::ENTITY_TYPE_ORGANIZATION};
  const Name richards{"Anne Richards", v1::ENTITY_TYPE_PERSON};
  const struct {
    std::string text;
    std::string speaker;
  } cases[] = {
      {"\"The veto will be overridden,\" Senate Majority Leader Mitch McConnell, R-Ky., said "
       "Tuesday.",
       "Mitch McConnell"},
      {"\"They would just go get them,\" Rep. Jim Jordan (R-Ohio), an oversight panel member, "
       "said in a phone interview.",
       "Jim Jordan"},
      {"\"They are 100 percent wrong,\" said 9/11 widow Terry Strada.", "Terry Strada"},
      {"\"We're a content provider,\" John Dickey, the chief executive of Ora Media -- the "
       "production company that owns the show -- told reporters.",
       "John Dickey"},
      {"\"These are steps in the right direction,\" Anne Richards, assistant secretary of state "
       "for population, refugees, and migration, said on the same call.",
       "Anne Richards"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const v1::Annotations a = Annotate(c.text, {mcconnell, jordan, strada, dickey, ora, richards});
    ASSERT_EQ(a.quotes_size(), 1);
    EXPECT_EQ(Speaker(a, a.quotes(0)), c.speaker);
    EXPECT_EQ(a.quotes(0).kind(), v1::QUOTE_KIND_DIRECT);
  }
}

TEST(QuotesTest, PronounsFollowTheSpeakerOfTheSentenceBefore) {
  const Name weddle{"Mark Weddle", v1::ENTITY_TYPE_PERSON};
  const Name trump{"Trump", v1::ENTITY_TYPE_PERSON};
  // The sentence before opens on a quote whose "he" is Weddle: Trump,
  // named later in it, is not who "he" is next.
  const v1::Annotations a = Annotate(
      "Mark Weddle, 55, started work at Carrier 24 years ago. \"I have two brothers-in-law from "
      "Mexico,\" he said, explaining why he disagrees with Mr. Trump's stance.\n\n"
      "But when it comes to Carrier, \"we've all worked our butts off,\" he said.",
      {weddle, trump});
  ASSERT_EQ(a.quotes_size(), 2);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Mark Weddle");
  EXPECT_EQ(Speaker(a, a.quotes(1)), "Mark Weddle");
  // The subject of "said" past an aside is who "he" is; a name before a
  // participle ("results in John Kasich claiming") is no reporter.
  const Name humphrey{"Humphrey", v1::ENTITY_TYPE_PERSON};
  const Name kasich{"John Kasich", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations b = Annotate(
      "Humphrey, for example, said he's hopeful that the effort results in John Kasich claiming "
      "the nomination.\n\n\"The first thing is to stop Trump on the first ballot,\" he said.",
      {humphrey, kasich, trump});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Humphrey");
}

// "For X, ..." and "According to X, ..." opening a sentence give X's view:
// X is whom its pronouns after go on about, not the speaker before (BBC
// tech/337, Allen Weiner's quotes given to Olivier Beauvillain).
TEST(QuotesTest, TheNameWhoseViewASentenceGivesIsWhomTheNextPronounMeans) {
  const Name beauvillain{"Olivier Beauvillain", v1::ENTITY_TYPE_PERSON};
  const Name weiner{"Allen Weiner", v1::ENTITY_TYPE_PERSON};
  const Name wood{"Ben Wood", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations a = Annotate(
      "For analyst Olivier Beauvillain, the decision was an error. \"It was a big mistake,\" he "
      "said. But for Allen Weiner, a research director and someone who has followed the firm, "
      "the future is not about technology. \"Search is valuable,\" he said. According to Ben "
      "Wood, sales will grow. \"It is hard to tell,\" he said.",
      {beauvillain, weiner, wood});
  ASSERT_EQ(a.quotes_size(), 3);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Olivier Beauvillain");
  EXPECT_EQ(Speaker(a, a.quotes(1)), "Allen Weiner");
  EXPECT_EQ(Speaker(a, a.quotes(2)), "Ben Wood");
}

// Texts of one quote each, and the speaker each quote should have ("" for
// none), the names given as the model's.
struct SpeakerCase {
  const char* text;
  const char* speaker;
};
void ExpectSpeakers(const std::vector<Name>& names, const std::vector<SpeakerCase>& cases) {
  for (const SpeakerCase& c : cases) {
    const v1::Annotations a = Annotate(c.text, names);
    ASSERT_EQ(a.quotes_size(), 1) << c.text;
    EXPECT_EQ(Speaker(a, a.quotes(0)), c.speaker) << c.text;
  }
}

TEST(QuotesTest, APersonNamedOnlyAsAnObjectIsNotWhomTheNextPronounMeans) {
  const Name chidambaram{"Palaniappan Chidambaram", v1::ENTITY_TYPE_PERSON};
  const Name brown{"Gordon Brown", v1::ENTITY_TYPE_PERSON};
  const Name uk{"UK", v1::ENTITY_TYPE_LOCATION};
  // Brown is named in an opening phrase, past his title, as the object of
  // "by": the "he" after the phrase, and the next "he", are Chidambaram.
  const v1::Annotations a = Annotate(
      "Palaniappan Chidambaram argued that the lenders must change. At a conference hosted by UK "
      "finance minister Gordon Brown on Friday, he said that rates should float. \"A flexible "
      "exchange rate is one more channel for absorbing shocks,\" he told the conference.",
      {chidambaram, brown, uk});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Palaniappan Chidambaram");
  // A name that is the subject after its title still is.
  const v1::Annotations b = Annotate(
      "Palaniappan Chidambaram argued that the lenders must change. Then UK finance minister "
      "Gordon Brown spoke. \"Rates should float,\" he said.",
      {chidambaram, brown, uk});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Gordon Brown");
  // A name with a relative clause of its own is that clause's subject,
  // whatever governs it: "she" is Staunton, not the actress before.
  const Name okonedo{"Sophie Okonedo", v1::ENTITY_TYPE_PERSON};
  const Name staunton{"Imelda Staunton", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations d = Annotate(
      "It is the first nomination for Sophie Okonedo. It is also a debut nomination for Imelda "
      "Staunton, 49, who told reporters she had not expected it. \"It was an extraordinary "
      "time,\" she said.",
      {okonedo, staunton});
  ASSERT_EQ(d.quotes_size(), 1);
  EXPECT_EQ(Speaker(d, d.quotes(0)), "Imelda Staunton");
  // The relative clause makes Staunton its subject; Dench, named after
  // her, is not whom "she" means.
  const Name dench{"Judi Dench", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations e = Annotate(
      "It is also a debut nomination for Imelda Staunton, 49, who beat Judi Dench to the award. "
      "\"It was an extraordinary time,\" she said.",
      {staunton, dench});
  ASSERT_EQ(e.quotes_size(), 1);
  EXPECT_EQ(Speaker(e, e.quotes(0)), "Imelda Staunton");
  // A phrase opening the sentence governs no name after it; a pronoun that
  // does not open the main clause after a comma (after "and", in a
  // subordinate clause) keeps the object it follows.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"In Washington President Obama met Vladimir Putin on Friday. \"We had a good talk,\" he "
       "said.",
       "Obama"},
      {"On Monday Prime Minister Theresa May met Angela Merkel in Berlin. \"It was a productive "
       "meeting,\" she said.",
       "Theresa May"},
      {"John Smith resigned on Friday. The award went to Tom Hanks, and he told reporters: \"It "
       "is a dream.\"",
       "Tom Hanks"},
      {"Tony Blair spoke first. The prize was then presented to Gordon Brown after he finished "
       "his speech. \"I am honoured,\" he said.",
       "Gordon Brown"},
  };
  for (const auto& [text, speaker] : cases) {
    const v1::Annotations x = Annotate(text, {{"Obama", v1::ENTITY_TYPE_PERSON},
                                              {"Vladimir Putin", v1::ENTITY_TYPE_PERSON},
                                              {"Washington", v1::ENTITY_TYPE_LOCATION},
                                              {"Theresa May", v1::ENTITY_TYPE_PERSON},
                                              {"Angela Merkel", v1::ENTITY_TYPE_PERSON},
                                              {"Berlin", v1::ENTITY_TYPE_LOCATION},
                                              {"John Smith", v1::ENTITY_TYPE_PERSON},
                                              {"Tom Hanks", v1::ENTITY_TYPE_PERSON},
                                              {"Tony Blair", v1::ENTITY_TYPE_PERSON},
                                              brown});
    ASSERT_EQ(x.quotes_size(), 1) << text;
    EXPECT_EQ(Speaker(x, x.quotes(0)), speaker) << text;
  }
  // With nobody before, the object is all there is.
  const v1::Annotations c = Annotate(
      "At a conference hosted by UK finance minister Gordon Brown, \"rates should float,\" he "
      "said.",
      {brown, uk});
  ASSERT_EQ(c.quotes_size(), 1);
  EXPECT_EQ(Speaker(c, c.quotes(0)), "Gordon Brown");
}

// The owner of the phrase that opens the sentence before is its subject's
// owner, whom its pronoun means; a person named after it is an object
// (BBC politics/009). Not when that sentence names the person the phrase
// describes, right after it or in apposition, the reporter of an inverted
// cue, a person opening a clause of their own (BBC entertainment/244,
// 204, 326, sport/176, 111), or a description that reports (politics/364);
// nor an owner later in the sentence or in the pronoun's own (110).
TEST(QuotesTest, TheOwnerOpeningTheSentenceBeforeIsWhomAPronounMeans) {
  const std::vector<Name> names = {{"Campbell", v1::ENTITY_TYPE_PERSON},
                                   {"Trevor Beattie", v1::ENTITY_TYPE_PERSON},
                                   {"TBWA", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Richey Edwards", v1::ENTITY_TYPE_PERSON},
                                   {"Rachel", v1::ENTITY_TYPE_PERSON},
                                   {"Bill Cosby", v1::ENTITY_TYPE_PERSON},
                                   {"Walter M Phillips Jr", v1::ENTITY_TYPE_PERSON},
                                   {"Michael Moore", v1::ENTITY_TYPE_PERSON},
                                   {"Tim Dams", v1::ENTITY_TYPE_PERSON}};
  ExpectSpeakers(
      names,
      {{"Mr Campbell's e-mail, which was apparently intended for a party official, suggested they "
        "should get Trevor Beattie, TBWA's boss, to issue a statement. In it, he said: \"Just "
        "spoke to trev.\"",
        "Campbell"},
       {"Trevor Beattie read Mr Campbell's e-mail twice. In it, he said: \"Just spoke to trev.\"",
        "Trevor Beattie"},
       {"Richey Edwards vanished. Edwards' sister Rachel makes an emotional TV appeal five years "
        "later. \"We do love him very much,\" she said.",
        "Rachel"},
       {"Bill Cosby was cleared. Cosby's lawyer, Walter M Phillips Jr, said the comedian was "
        "pleased. \"He looks forward to moving on,\" he said.",
        "Walter M Phillips Jr"},
       {"Michael Moore's documentary may have been hurt by that decision, says Tim Dams, the news "
        "editor. But he also believes its viewpoint does not sit well with the Academy. \"Voters "
        "tend to go for epic pictures,\" he said.",
        "Tim Dams"},
       {"Richey Edwards's double strike helped City come back and Tim Dams sympathised with the "
        "losers afterwards. \"I feel a bit for them,\" he said.",
        "Tim Dams"},
       {"Richey Edwards's injury also means Tim Dams, who reportedly wants a new player, will have "
        "no left-back. \"He has no chance of playing,\" he said.",
        "Tim Dams"},
       // A person the owner's phrase describes, past words of a noun
       // phrase; the object of a verb past an "-ed" word is no such one.
       {"Richey Edwards's French compatriot Tim Dams scored twice on Saturday. He said: \"It was "
        "a great night.\"",
        "Tim Dams"},
       {"Mr Campbell's close friend Tim Dams spoke in Brussels. He said: \"It was a great "
        "night.\"",
        "Tim Dams"},
       {"Mr Campbell's plan angered Tim Dams in Brussels. He said: \"It was a great night.\"",
        "Campbell"},
       // An inverted verb whose object is a person does not make that
       // person the reporter.
       {"The chancellor, Trevor Beattie, told Tim Dams, the prime minister, that the deal was "
        "fair. He said it was \"a good result\".",
        "Trevor Beattie"}});
  // The last of several quotes.
  for (const auto& [text, quotes] : std::vector<std::pair<const char*, int>>{
           {"\"Taxes will rise,\" Tim Dams said. Bill Cosby's Budget was \"all about the party,\" "
            "the Tory leader said. He urged the chancellor to admit he had dragged \"millions of "
            "people\" into the net.",
            3},
           {"\"Britain is heading in the wrong direction,\" Tim Dams said. Bill Cosby's government "
            "was a \"bossy government,\" he added.",
            2}}) {
    const v1::Annotations a = Annotate(text, names);
    ASSERT_EQ(a.quotes_size(), quotes) << text;
    EXPECT_EQ(Speaker(a, a.quotes(quotes - 1)), "Tim Dams") << text;
  }
}

TEST(QuotesTest, DescriptionsLeadOnlyToTheNameTheyDescribe) {
  const Name smith{"Bill Smith", v1::ENTITY_TYPE_PERSON};
  const Name dickey{"John Dickey", v1::ENTITY_TYPE_PERSON};
  const Name brown{"Tom Brown", v1::ENTITY_TYPE_PERSON};
  // The name right before a dash aside is its subject, not one before an
  // earlier comma.
  const v1::Annotations a = Annotate(
      "After meeting Bill Smith, John Dickey -- the chief of Ora Media -- told reporters that "
      "the show \"will go on.\"",
      {smith, dickey});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "John Dickey");
  // The object of a preposition is not the one an appositive describes
  // (Bill Smith is not named as the subject; "his wife" may still mean
  // him, as a pronoun does).
  const v1::Annotations b = Annotate(
      "\"We will appeal the ruling,\" a lawyer for Bill Smith, his wife, and their company, said.",
      {smith});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_FALSE(b.quotes(0).has_speaker_mention_index());
  // Nor is an object with an appositive the reporter "he" goes back to.
  const v1::Annotations c = Annotate(
      "President Tom Brown will meet Bill Smith, the new mayor, said a spokesman. \"We look "
      "forward to it,\" he said.",
      {brown, smith});
  ASSERT_EQ(c.quotes_size(), 1);
  EXPECT_EQ(Speaker(c, c.quotes(0)), "Tom Brown");
}

// "the moderator said" in a debate's report is the one putting the
// questions, whom the document does not name, not the candidate it is
// about (PolNeAR, HuffPost: "As you know, Mr. Trump, ..." was Trump's);
// unless the document gave someone that title.
TEST(QuotesTest, TheModeratorIsNotThePersonTheDocumentIsAbout) {
  const Name trump{"Donald Trump", v1::ENTITY_TYPE_PERSON};
  const Name holt{"Lester Holt", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations a = Annotate(
      "Donald Trump spoke in Ohio on Monday. \"As you know, Mr. Trump, the FBI director said "
      "that,\" the moderator said.",
      {trump});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_FALSE(a.quotes(0).has_speaker_mention_index()) << Speaker(a, a.quotes(0));
  const v1::Annotations b = Annotate(
      "Donald Trump faced the moderator, Lester Holt, on Monday. \"Your taxes are late,\" the "
      "moderator said.",
      {trump, holt});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Lester Holt");
  const v1::Annotations c = Annotate(
      "Lester Holt, the moderator, pressed Donald Trump. \"Your taxes are late,\" the moderator "
      "said.",
      {trump, holt});
  ASSERT_EQ(c.quotes_size(), 1);
  EXPECT_EQ(Speaker(c, c.quotes(0)), "Lester Holt");
  // A summit's host is often the one the text is about.
  const Name merkel{"Angela Merkel", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations d = Annotate(
      "German Chancellor Angela Merkel, the host of the summit, welcomed the leaders. \"We agreed "
      "on everything,\" the host said.",
      {merkel});
  ASSERT_EQ(d.quotes_size(), 1);
  EXPECT_EQ(Speaker(d, d.quotes(0)), "Angela Merkel");
}

// "the two write": the words of two people together, not of one of them
// nor of the person the document has been about (PolNeAR, Politico: a
// letter of Jason Chaffetz and Bob Goodlatte was James Comey's).
TEST(QuotesTest, TheTwoAreNoOnePerson) {
  const Name comey{"James Comey", v1::ENTITY_TYPE_PERSON};
  const Name chaffetz{"Jason Chaffetz", v1::ENTITY_TYPE_PERSON};
  const Name goodlatte{"Bob Goodlatte", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations a = Annotate(
      "James Comey testified on Monday. Jason Chaffetz and Bob Goodlatte wrote to him on Tuesday. "
      "\"You seem to have picked a new standard out of thin air,\" the two write.",
      {comey, chaffetz, goodlatte});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_FALSE(a.quotes(0).has_speaker_mention_index()) << Speaker(a, a.quotes(0));
  // Not a verb after "to" or a modal: the subject writes nothing quoted.
  const v1::Annotations b = Annotate(
      "Jason Chaffetz denied he was planning to write a book by tweeting that \"I am under a "
      "strict agreement.\"",
      {chaffetz});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Jason Chaffetz");
  // Nor a verb with an object, quoted or not: what children write on a
  // card is no quote.
  const v1::Annotations c = Annotate(
      "Jason Chaffetz visited a school. Children write \"thank you\" on the cards every year.",
      {chaffetz});
  EXPECT_EQ(c.quotes_size(), 0) << (c.quotes_size() > 0 ? c.quotes(0).text() : "");
}

TEST(QuotesTest, AnAdverbBeforeTheCueIsPassedOver) {
  const Name massie{"Thomas Massie", v1::ENTITY_TYPE_PERSON};
  const Name paul{"Rand Paul", v1::ENTITY_TYPE_PERSON};
  const Name trump{"Trump", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations a = Annotate(
      "Thomas Massie used to support Rand Paul, but now said Trump had \"the opportunity and the "
      "obligation to bring us together.\"",
      {massie, paul, trump});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Thomas Massie");
  // A sentence adverb between the subject and "told" (BBC politics):
  // whoever was told is not the speaker.
  const Name hockney{"Damian Hockney", v1::ENTITY_TYPE_PERSON};
  const Name bbc{"BBC", v1::ENTITY_TYPE_ORGANIZATION};
  for (const char* adverb :
       {"meanwhile", "however", "immediately", "yesterday", "forcefully", "furiously",
        // Any adverb in -ly (PolNeAR: "Cruz gingerly said that was ...").
        "gingerly", "quickly", "sharply", "bluntly", "simply"}) {
    const v1::Annotations told =
        Annotate(absl::StrCat("Damian Hockney ", adverb,
                              " told the BBC: \"I believe he can deliver better.\""),
                 {hockney, bbc});
    ASSERT_EQ(told.quotes_size(), 1) << adverb;
    EXPECT_EQ(Speaker(told, told.quotes(0)), "Damian Hockney") << adverb;
  }
  // A noun of those endings is no adverb: "his family" said it, not he.
  const Name smith{"John Smith", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations family = Annotate(
      "John Smith died on Monday. His family told the BBC: \"He was a kind man.\"", {smith, bbc});
  ASSERT_EQ(family.quotes_size(), 1);
  EXPECT_EQ(Speaker(family, family.quotes(0)), "");
  const Name clinton{"Clinton", v1::ENTITY_TYPE_PERSON};
  for (const char* noun : {"family", "assembly", "supply"}) {
    const v1::Annotations named = Annotate(
        absl::StrCat("The Clinton ", noun, " told the BBC: \"It was a mistake.\""), {clinton, bbc});
    ASSERT_EQ(named.quotes_size(), 1) << noun;
    EXPECT_NE(Speaker(named, named.quotes(0)), "Clinton") << noun;
  }
  // Not a word of a name: where a model read only "USA" of "USA Today",
  // the newspaper said it, not the country.
  const Name usa{"USA", v1::ENTITY_TYPE_LOCATION};
  const v1::Annotations paper =
      Annotate("The deal collapsed. USA Today said: \"The deal is off.\"", {usa});
  ASSERT_EQ(paper.quotes_size(), 1);
  EXPECT_NE(Speaker(paper, paper.quotes(0)), "USA");
}

// The tagger with the committed model, loaded once, for the tests that need
// what only it finds (roles); nullptr when the model cannot be read.
const Tagger* ModelTagger() {
  static const Tagger* const tagger = []() -> const Tagger* {
    auto recognizer = NerRecognizer::Load(testing::SourceDir() + "/models/ner/model.bin");
    if (!recognizer.ok()) return nullptr;
    return new Tagger(std::shared_ptr<const Recognizer>(std::move(*recognizer)));
  }();
  return tagger;
}

// `text` tagged by the committed model; a failure and nothing when the
// model cannot be read.
v1::Annotations ModelTag(const std::string& text) {
  const Tagger* tagger = ModelTagger();
  if (tagger == nullptr) {
    ADD_FAILURE() << "cannot read models/ner/model.bin";
    return {};
  }
  v1::Annotations a = tagger->Tag(text, {});
  // Quoted speech: reported speech is tested apart.
  return QuotedOnly(std::move(a));
}

// Texts of one quote each, tagged by the committed model (for what only
// it finds, such as roles), and the speaker each quote should have.
void ExpectModelSpeakers(const std::vector<SpeakerCase>& cases) {
  for (const SpeakerCase& c : cases) {
    const v1::Annotations a = ModelTag(c.text);
    ASSERT_EQ(a.quotes_size(), 1) << c.text;
    EXPECT_EQ(Speaker(a, a.quotes(0)), c.speaker) << c.text;
  }
}

// "The home secretary said": the one person the document gave that very
// title, not whoever it named last (BBC politics/100); not the holder of a
// longer title ("Deputy Prime Minister John Prescott" is no "prime
// minister").
TEST(QuotesTest, ADefiniteTitleIsItsHolders) {
  const v1::Annotations a = ModelTag(
      "Home Secretary Charles Clarke met Prime Minister Tony Blair. Mr Mubanga, 32, from "
      "Wembley, said he was interrogated. The home secretary said the reports were not \"well "
      "informed\". Deputy Prime Minister John Prescott spoke too. Then the prime minister "
      "called it a \"load of nonsense\".");
  std::map<std::string, std::string> by_quote;
  for (const auto& q : a.quotes()) by_quote[q.text()] = Speaker(a, q);
  EXPECT_EQ(by_quote["well informed"], "Charles Clarke");
  EXPECT_EQ(by_quote["load of nonsense"], "Tony Blair");
}

// "The prime minister" of a story that never gives anyone that title (BBC
// politics/218 never writes "Prime Minister Tony Blair"): for an office one
// person holds at a time, the person the story names most, not whoever it
// named last; not one the sentence cites as its source ("According to Mr
// Peston"); a person whose name opens the sentence before counts two
// mentions more (politics/147).
TEST(QuotesTest, AnOfficeNoOneIsTitledWithIsTheMostNamedPersons) {
  const Name blair{"Tony Blair", v1::ENTITY_TYPE_PERSON};
  const Name blair_surname{"Blair", v1::ENTITY_TYPE_PERSON};
  const Name brown{"Gordon Brown", v1::ENTITY_TYPE_PERSON};
  const Name brown_surname{"Brown", v1::ENTITY_TYPE_PERSON};
  const Name peston{"Robert Peston", v1::ENTITY_TYPE_PERSON};
  const Name peston_surname{"Peston", v1::ENTITY_TYPE_PERSON};
  const Name clarke{"Charles Clarke", v1::ENTITY_TYPE_PERSON};
  const Name clarke_surname{"Clarke", v1::ENTITY_TYPE_PERSON};
  const std::string opening =
      "Tony Blair has dismissed reports he told Gordon Brown he would quit. Mr Blair said the "
      "claims were old, and Mr Blair denied them again. A book by Robert Peston makes them. ";
  ExpectSpeakers(
      {blair, blair_surname, brown, brown_surname, peston, peston_surname, clarke, clarke_surname},
      {
          {(opening + "According to Mr Peston the prime minister said: \"Help me to get through "
                      "the year.\"")
               .c_str(),
           "Tony Blair"},
          {(opening + "The rumours were fuelled by a speech by Mr Brown. But the prime minister "
                      "said he had discussed these claims and dismissed them as a \"load of "
                      "nonsense\".")
               .c_str(),
           "Tony Blair"},
          // An office many hold is still whoever was named last.
          {(opening + "The rumours were fuelled by a speech by Mr Brown. But the minister said "
                      "it was a \"load of nonsense\".")
               .c_str(),
           "Gordon Brown"},
          {"Charles Clarke set out the plans. Mr Clarke said they were fair, and Mr Clarke "
           "defended them. Tony Blair backed him. Mr Blair was asked if they would work. The "
           "prime minister told MPs: \"The abusers will be weeded out.\"",
           "Tony Blair"},
      });
}

// The speaker of each quote, in order ("none" for a quote without one).
std::vector<std::string> SpeakerNames(const v1::Annotations& a) {
  std::vector<std::string> out;
  for (const v1::Quote& q : a.quotes()) {
    out.push_back(q.has_speaker_entity_index() ? a.entities(q.speaker_entity_index()).name()
                                               : "none");
  }
  return out;
}

// Words quoted inside reported speech are the reporter's, not the subject
// of a clause after them: "Brad Holm said in the letter that the
// advertisement “unmistakably and wrongfully” suggests that Phoenix ..."
// (PolNeAR had given them to Phoenix).
TEST(QuotesTest, AVerbWhoseSubjectIsTheWordsNamesNoSpeakerAfterThat) {
  const v1::Annotations a = ModelTag(
      "Phoenix City Attorney Brad Holm said in the letter that the advertisement "
      "\xe2\x80\x9cunmistakably and wrongfully\xe2\x80\x9d suggests that Phoenix and its "
      "officers support Trump\xe2\x80\x99s campaign.");
  EXPECT_THAT(SpeakerNames(a), ::testing::ElementsAre("Brad Holm"));
}

// A title after a preposition or an owner names a show or a work; nobody
// said it (PolNeAR: "Fox News Sunday" and "State of the Union" were Mike
// Pence's words).
TEST(QuotesTest, AShowsNameAfterAPrepositionIsNoQuote) {
  const v1::Annotations a = ModelTag(
      "On this weekend\xe2\x80\x99s broadcast of \xe2\x80\x9c"
      "Fox News Sunday,\xe2\x80\x9d "
      "Republican vice-presidential nominee Gov. Mike Pence said the tweet was only "
      "\xe2\x80\x9cto mock\xe2\x80\x9d Hillary Clinton. Bernie Sanders spoke on CNN\xe2\x80\x99s "
      "\xe2\x80\x9cState of the Union\xe2\x80\x9d on Sunday.");
  for (const v1::Quote& q : a.quotes()) {
    EXPECT_FALSE(absl::StrContains(q.text(), "Fox News Sunday")) << q.text();
    EXPECT_FALSE(absl::StrContains(q.text(), "State of the Union")) << q.text();
  }
  EXPECT_THAT(SpeakerNames(a), ::testing::ElementsAre("Mike Pence"));
}

// A transcript's turns are their speakers' (PolNeAR's Breitbart report of
// a Fox News interview): "WALLACE: ..." is Chris Wallace's question, not
// the words of Mike Pence, whose turns open on "PENCE:".
TEST(QuotesTest, ATranscriptsTurnIsItsSpeakers) {
  const v1::Annotations a = ModelTag(
      "Republican vice presidential nominee Mike Pence spoke to Chris Wallace on Fox News "
      "Sunday.\n\n\"WALLACE: If I may, sir, because we've got limited time. I want to ask you, "
      "will Gennifer Flowers be there?\n\n\"PENCE: Gennifer Flowers will not be attending the "
      "debate tomorrow night.\n\n\"WALLACE: But, Governor Pence, I've got to ask you about "
      "his language.\n");
  EXPECT_THAT(SpeakerNames(a),
              ::testing::ElementsAre("Chris Wallace", "Mike Pence", "Chris Wallace"));
}

// A person described at length spoke, not a place of the description
// (PolNeAR): "Donna Sampson Rawlings, 59, of Ashton, Md., who watched the
// ceremony, said" is hers, not Maryland's; "Scott Pruitt, the Republican
// attorney general of Oklahoma, one of the states suing the EPA, said at a
// Washington event" is his, not Washington's.
TEST(QuotesTest, APersonDescribedAtLengthSpeaksNotAPlaceOfTheDescription) {
  auto speaker = [](const v1::Annotations& a) {
    const std::vector<std::string> names = SpeakerNames(a);
    return names.empty() ? std::string("no quote") : names[0];
  };
  EXPECT_EQ(speaker(ModelTag(
                "Donna Sampson Rawlings, 59, of Ashton, Md., who watched the ceremony on a "
                "screen on the Mall, said the event brought back memories of her father, and of "
                "''all the people who weren't here who did things to get us here.''")),
            "Donna Sampson Rawlings");
  EXPECT_EQ(speaker(ModelTag("\xe2\x80\x9cIt\xe2\x80\x99s an invasion, in our estimation, of the "
                             "state regulatory domain,\xe2\x80\x9d Scott Pruitt, the Republican "
                             "attorney general of Oklahoma, one of the states suing the EPA, said "
                             "at a Washington event this month.")),
            "Scott Pruitt");
}

// A sentence closed by a description that reports (", the Tory leader
// said.") is that person's words: a "he said" after it is theirs, not the
// person the sentence reported on (BBC politics/364).
TEST(QuotesTest, ADescriptionClosingTheSentenceBeforeIsWhomAPronounMeans) {
  const v1::Annotations a = ModelTag(
      "Tory leader Michael Howard spoke in Leeds. Chancellor Gordon Brown spoke in Hull. Mr "
      "Brown liked to rattle off \"magical balances\" to convince people there was no \"black "
      "hole\" in the finances, the Tory leader said. \"This dodgy government is publishing a "
      "dodgy Budget,\" he said.");
  ASSERT_GE(a.quotes_size(), 2);
  const v1::Quote& last = a.quotes(a.quotes_size() - 1);
  EXPECT_THAT(last.text(), ::testing::StartsWith("This dodgy"));
  EXPECT_EQ(Speaker(a, last), "Michael Howard");
}

// The "he" of a reporting clause set off after the words it reports is not
// a person those words name (BBC politics/110, 331); a "he claims" set
// into a clause after its relative pronoun is the sentence's subject's
// (politics/326).
TEST(QuotesTest, APronounReportingTheClauseBeforeIsNoPersonItNames) {
  ExpectModelSpeakers({
      {"Tory leader Michael Howard spoke in Leeds. Mr Blair has failed to tackle these problems, "
       "he claimed, saying he has the \"wrong solution\" to them.",
       "Michael Howard"},
      {"Labour spokesman Fraser Kemp said the poster had been misunderstood. The image simply "
       "portrayed Mr Howard as a hypnotist, he argued. \"We have to take those views on "
       "board.\"",
       "Fraser Kemp"},
      {"Michael Howard has no doubt it is Tony Blair who, he claims, is \"ramming\" the "
       "measures through.",
       "Michael Howard"},
      // ... past a short object or time ...
      {"Tory leader Michael Howard spoke in Leeds. Mr Blair has failed to tackle these problems, "
       "he told the BBC, saying he has the \"wrong solution\" to them.",
       "Michael Howard"},
      // ... past a few words quoted in the clause (BBC politics/350) ...
      {"Labour's enthusiasm remains undimmed, Alan Milburn told Radio 4 on Saturday. Mr Blair has "
       "\"the same passion for the job\" as in 1997, he said.",
       "Alan Milburn"},
      // ... nor the next "he" after such a sentence.
      {"Michael Howard spoke in Leeds on Monday. Mr Blair had failed the country, he said. Mr "
       "Brown had failed too, he added, calling the Budget \"a mess\".",
       "Michael Howard"},
      // ... however long the chain of such sentences ...
      {"Michael Howard spoke in Leeds on Monday. Mr Blair had failed the country, he said. Mr "
       "Brown had failed too, he added. Mr Prescott had failed, he said. Mr Straw had failed, he "
       "said. Mr Reid had failed, he said. Mr Hoon had failed, he said. He added: \"It is a "
       "mess.\"",
       "Michael Howard"},
      // ... but a description after it is still whom it describes.
      {"Michael Howard spoke in Leeds on Monday. Mr Jones had failed the country, he said. \"We "
       "will fight on,\" the businessman said.",
       "Jones"},
      // ... and it is bound by a description reporting the sentence before.
      {"Tory leader Michael Howard spoke in Leeds. Mr Brown liked to rattle off statistics, the "
       "Tory leader said. The Budget was a con, he said, calling it \"a gimmick\".",
       "Michael Howard"},
  });
}

// A sentence that names no one but opens with a description of a person
// ("The Tory leader countered ...", "The home secretary said ...") is
// whom the next "he" means, not the person named before it (BBC
// politics/262, 013, 220, sport/200).
TEST(QuotesTest, APronounAfterASentenceOpenedByADescriptionIsThatPersons) {
  ExpectModelSpeakers({
      {"Tory leader Michael Howard spoke in Leeds. Mr Blair dismissed the talk of splits. The "
       "Tory leader countered that such deals had been struck at dinners with the chancellor. "
       "He declared: \"He is the deals on meals prime minister.\"",
       "Michael Howard"},
      {"Manchester United manager Alex Ferguson was angry. The United boss said it was worse "
       "than Ruud van Nistelrooy's foul on Ashley Cole. \"The tackle was terrible,\" he said.",
       "Alex Ferguson"},
  });
}

// "A ... spokeswoman said Lord Woolf ... agreed": the spokeswoman says
// nothing of Lord Woolf's gender, so "he" after it is still he (BBC
// politics/211); and "she", with no woman named, is the spokeswoman, for
// whom she speaks.
TEST(QuotesTest, ASpokespersonBeforeAVerbOfSayingGivesNoNameAGender) {
  ExpectModelSpeakers({
      {"A Department for Constitutional Affairs spokeswoman said Lord Woolf and Lord Falconer "
       "agreed. Judges should think carefully, Lord Woolf said. He argued: \"It is wrong.\"",
       "Lord Woolf"},
  });
  const v1::Annotations a = ModelTag(
      "Tony Blair spoke first. A spokeswoman for Human Rights Watch said it was wrong. She "
      "added: \"Having a judge do it does not sanitise it.\"");
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Human Rights Watch");
  // Not whom an earlier spokesman spoke for.
  const v1::Annotations b = ModelTag(
      "A Labour Party spokesman said the party was careful. A spokeswoman said the firm stuck "
      "to the rules. She said: \"We do apply the rules.\"");
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "");
}

// "..., the Interfax news agency quoted Mr Khodorkovsky as saying": the
// words are the object's, not the agency's (BBC business/318, 460,
// tech/132); an insider the text does not name is nobody it names
// (business/409).
TEST(QuotesTest, WhomAnAgencyQuotesAsSayingSaidIt) {
  ExpectModelSpeakers({
      {"Yukos lost its unit. \"We will appeal,\" the Interfax news agency quoted Mikhail "
       "Khodorkovsky as saying.",
       "Mikhail Khodorkovsky"},
      {"Jeremy Jaynes was convicted. \"He's been successful ripping people off,\" AP quoted "
       "prosecutor Russell McGuire as saying.",
       "Russell McGuire"},
      {"Peter Chernin runs News Corp. Video games are \"big business\", the paper quoted Mr "
       "Chernin as saying.",
       "Peter Chernin"},
      {"Standard Chartered won the bid. \"They were able to move so quickly,\" the Financial "
       "Times quoted an insider in the talks as saying.",
       ""},
      // In the passive, the subject said them.
      {"\"We will fight this all the way,\" Gordon Brown was quoted in the Guardian as saying.",
       "Gordon Brown"},
  });
}

// A person named right after the words ("..., said David Bloom") speaks
// them, not the one a cue before them was resolved to without a name of
// its own ("The report adds", BBC business/482: the report's last
// speaker).
TEST(QuotesTest, ANameAfterTheWordsOutweighsACueBeforeThemWithoutOne) {
  const v1::Annotations a = ModelTag(
      "\"Action is good business,\" said Brian Brink, of Anglo American. The report adds \"an "
      "important building block to our understanding of the epidemic,\" said David Bloom, "
      "professor of economics at Harvard.");
  ASSERT_EQ(a.quotes_size(), 2);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Brian Brink");
  EXPECT_EQ(Speaker(a, a.quotes(1)), "David Bloom");
  // Not a name of the next sentence: the minister asked.
  const v1::Annotations q = ModelTag(
      "John Prescott spoke first. The minister asked, \"Who will pay for it?\" Tony Blair said "
      "the taxpayer would.");
  ASSERT_GE(q.quotes_size(), 1);
  EXPECT_NE(Speaker(q, q.quotes(0)), "Tony Blair");
}

// "“...,” he added" right after a spokesman's quote is the spokesman's,
// whoever the quotes name (BBC sport/203, entertainment/289); not when the
// attribution named a person of the pronoun's gender (tech/258).
TEST(QuotesTest, HeAddedAfterASpokesmansQuoteIsTheSpokesmans) {
  const std::vector<SpeakerCase> cases = {
      {"Adrian Mutu is to begin talks with Juventus. \"Mutu will be in our club's main stand,\" "
       "said a Juventus official, who declined to be named. \"Then he will meet some important "
       "people of the club,\" he added.",
       "Juventus"},
      {"Critics claim the law is little more than a law on ideas. \"Patent rights, it is "
       "claimed, protect inventors but in this case it is exclusively the interests of the big "
       "companies that are protected,\" Eva Lichtenberg, a Austrian Green member of the "
       "European Parliament said in a statement. \"Smaller, innovative firms cannot afford the "
       "patenting and legal costs that the directive would inflict on them,\" she added.",
       "Eva Lichtenberg"},
  };
  for (const SpeakerCase& c : cases) {
    const v1::Annotations a = ModelTag(c.text);
    ASSERT_EQ(a.quotes_size(), 2) << c.text;
    EXPECT_EQ(Speaker(a, a.quotes(1)), c.speaker) << c.text;
  }
}

// A deputy prime minister is no prime minister, however often the story
// names him.
TEST(QuotesTest, AnotherOfficeOfTheSameNounIsNotTheOffice) {
  ExpectModelSpeakers({
      {"Deputy Prime Minister John Prescott hosted a dinner for Tony Blair. Mr Prescott spoke "
       "first, and Mr Blair spoke after him. Mr Prescott left early. The prime minister later "
       "called the reports a \"load of nonsense\".",
       "Tony Blair"},
      // The one person titled with the office and a modifier holds it.
      {"Israeli Prime Minister Ariel Sharon met Palestinian leader Mahmoud Abbas. Mr Abbas spoke "
       "first. Mr Abbas spoke again. Mr Sharon listened. The prime minister said it was a \"good "
       "start\".",
       "Ariel Sharon"},
      // ... unless another leads him clearly: the story's own prime minister.
      {"Tony Blair flew to Jerusalem to meet Israeli Prime Minister Ariel Sharon. Mr Blair "
       "spoke first. Mr Blair spoke again. Mr Blair left. The prime minister told reporters: "
       "\"It was a good start.\"",
       "Tony Blair"},
      // The holder of another office one person holds is not this one,
      // however often he is named.
      {"Chancellor Gordon Brown unveiled his budget. Mr Brown spoke for an hour, and Mr Brown "
       "took questions. Mr Brown left. Tony Blair praised it. The prime minister said it was "
       "\"a good budget\".",
       "Tony Blair"},
  });
}

// "Mr Brown is alleged to have told the prime minister:": the one who told,
// not the one told (BBC politics/225), named or not; not an owner before
// him ("In Mr Peston's book"); and a passive "were told" tells no one's
// words (politics/268).
TEST(QuotesTest, WhoToldNotWhomHeTold) {
  const Name blair{"Tony Blair", v1::ENTITY_TYPE_PERSON};
  const Name brown{"Brown", v1::ENTITY_TYPE_PERSON};
  const Name peston{"Peston", v1::ENTITY_TYPE_PERSON};
  const Name hughes{"Simon Hughes", v1::ENTITY_TYPE_PERSON};
  const Name gordon_brown{"Gordon Brown", v1::ENTITY_TYPE_PERSON};
  ExpectSpeakers(
      {blair, gordon_brown, brown, peston, hughes},
      {
          {"Tony Blair changed his mind. In Mr Peston's book Mr Brown is alleged to have told the "
           "prime minister: \"There is nothing you could ever say to me now.\"",
           "Brown"},
          {"In Mr Peston's book Mr Brown is alleged to have told Tony Blair: \"There is nothing "
           "you could ever say to me now.\"",
           "Brown"},
          {"For the Lib Dems, Simon Hughes said students who were told there would be no fees "
           "\"have been given exactly the opposite\".",
           "Simon Hughes"},
          // No one the clause names is who told.
          {"Labour MPs who backed Brown are understood to have told the whips: \"We will not "
           "wait.\"",
           ""},
          {"In a letter to Chancellor Brown, union leaders are said to have told ministers: \"We "
           "will not wait.\"",
           ""},
          {"Senior aides are understood to have told Tony Blair: \"We will not wait.\"", ""},
          {"Tony Blair was last night warned: \"We will not wait.\"", ""},
          {"Tony Blair was formally warned: \"We will not wait.\"", ""},
          // Past an aside, and a pronoun.
          {"Gordon Brown, who has been chancellor since 1997, is said to have told Tony Blair: "
           "\"We will not wait.\"",
           "Gordon Brown"},
          {"Tony Blair changed his mind. The book claims that Gordon Brown is alleged to have told "
           "him: \"We will not wait.\"",
           "Gordon Brown"},
      });
}

// A share of a poll's respondents is no one the text names: not the
// poll's organisation (BBC politics/403).
TEST(QuotesTest, ASharePollsCountIsNoNamedSpeaker) {
  const Name bbc{"BBC", v1::ENTITY_TYPE_ORGANIZATION};
  for (const char* share : {"92%", "92 percent", "92 per cent"}) {
    const v1::Annotations a =
        Annotate(absl::StrCat("According to the BBC poll, 61% said trust made no difference. Some ",
                              share, " said politicians never gave \"a straight answer\"."),
                 {bbc});
    ASSERT_EQ(a.quotes_size(), 1) << share;
    EXPECT_FALSE(a.quotes(0).has_speaker_entity_index())
        << share << ": " << Speaker(a, a.quotes(0));
  }
}

// A quote in a clause of its own after "while" or "but" is that clause's
// (BBC politics/347), though a plain "said" comes before its weak cue.
TEST(QuotesTest, AQuoteInAClauseOfItsOwnIsThatClauses) {
  ExpectSpeakers(
      {{"Lib Dems", v1::ENTITY_TYPE_ORGANIZATION},
       {"Labour", v1::ENTITY_TYPE_ORGANIZATION},
       {"Tory", v1::ENTITY_TYPE_MISC}},
      {{"The Lib Dems said the plan could let extreme groups run policing, while Labour "
        "criticised \"extravagant\" Tory promises on policing.",
        "Labour"},
       {"The Lib Dems said the plan could let extreme groups run policing, but Labour "
        "criticised \"extravagant\" Tory promises on policing.",
        "Labour"},
       // A contrasting clause with no cue of its own is the cue
       // before's.
       {"Labour said the army was stretched, but the troops were \"coping well\".", "Labour"},
       // A clause of reason, and "but that", go on with the cue before.
       {"This would be wrong, Labour said, because the Lib Dems' advice should be an "
        "\"independent legal opinion\".",
        "Labour"},
       {"Last week Labour said not only was the bid undervalued, but that it had \"been "
        "advised that there can be no assurance\".",
        "Labour"},
       // "criticised" reports words of its subject, unless passive.
       {"Labour criticised \"extravagant\" Tory promises on policing.", "Labour"},
       {"Labour has been criticised for \"incessant sleaze\" by campaigners.", ""},
       {"Its plan, criticised by the Lib Dems, comes a day after an online \"day of "
        "action\" by Labour.",
        ""}});
}

// A pronoun after a sentence whose subject is a spokesman the text does
// not name is that spokesman's, who speaks for the organisation (BBC
// politics/347), not the person who spoke before.
TEST(QuotesTest, APronounAfterAnUnnamedSpokesmanIsHis) {
  ExpectSpeakers(
      {{"Mark Oaten", v1::ENTITY_TYPE_PERSON},
       {"Labour Party", v1::ENTITY_TYPE_ORGANIZATION},
       {"Michael Howard", v1::ENTITY_TYPE_PERSON},
       {"Jan Berry", v1::ENTITY_TYPE_PERSON}},
      {{"Mark Oaten said the plan was dangerous. A Labour Party spokesman criticised Michael "
        "Howard's record, saying police numbers had fallen. He said: \"The Tories are making "
        "more extravagant promises.\"",
        "Labour Party"},
       // A spokeswoman is no "he".
       {"Mark Oaten said the plan was dangerous. A Labour Party spokeswoman criticised the plan. "
        "He said: \"The Tories are making more extravagant promises.\"",
        "Mark Oaten"},
       // A named subject still is whom the pronoun means.
       {"Mark Oaten said the plan was dangerous. A day later Jan Berry criticised the plan. She "
        "said: \"It is a service.\"",
        "Jan Berry"}});
}

TEST(QuotesTest, ASpokesmanOfAnOrganisationSpeaksForIt) {
  const std::vector<Name> names = {{"BBC", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Scottish Labour Party", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"McLetchie", v1::ENTITY_TYPE_PERSON},
                                   {"T-Mobile", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Peter Dobrow", v1::ENTITY_TYPE_PERSON},
                                   {"Tony Blair", v1::ENTITY_TYPE_PERSON},
                                   {"Labour", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"John Smith", v1::ENTITY_TYPE_PERSON},
                                   {"Tesco", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Matt Williams", v1::ENTITY_TYPE_PERSON},
                                   {"Perpetual Trustees", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Colin Asplin", v1::ENTITY_TYPE_PERSON},
                                   {"Blackpool Hotel Association", v1::ENTITY_TYPE_ORGANIZATION}};
  ExpectSpeakers(
      names,
      {
          // Named before the noun, as after the cue ("said a BBC spokesman").
          {"A BBC spokesman said: \"He took his seat as the show began.\"", "BBC"},
          // Not a person named in a phrase before the subject.
          {"Commenting on Mr McLetchie's decision to stand down, a Scottish Labour Party "
           "spokesman said: \"This should mean he does not breach the rules in future.\"",
           "Scottish Labour Party"},
          {"After meeting Tony Blair, a Labour spokesman said: \"The talks went well.\"", "Labour"},
          // A spokesman the text names speaks as that person, though the
          // appositive's closing comma is missing, when the name opens the
          // clause (after a courtesy title, or one word and a comma).
          {"\"We were able to take corrective action immediately,\" Peter Dobrow, a T-Mobile "
           "spokesperson said.",
           "Peter Dobrow"},
          {"\"They went well,\" Mr John Smith, a Tesco spokesman said.", "John Smith"},
          {"However, Matt Williams, a fund manager at Perpetual Trustees said taking the stake "
           "\"is definitely a precursor to a takeover\".",
           "Matt Williams"},
          // A person placed by an organisation's name in apposition (BBC
          // politics/004) speaks as that person.
          {"Colin Asplin, Blackpool Hotel Association said: \"We have tried very hard.\"",
           "Colin Asplin"},
          {"Colin Asplin, Blackpool Hotel Association, said: \"We have tried very hard.\"",
           "Colin Asplin"},
          // Not a name the clause's verb governs.
          {"Tesco has hired John Smith, its spokesman said: \"He starts on Monday.\"", "Tesco"},
          {"Tesco has hired Colin Asplin, Blackpool Hotel Association said: \"He starts on "
           "Monday.\"",
           "Blackpool Hotel Association"},
          {"Unlike Colin Asplin, Blackpool Hotel Association said: \"We will stay.\"",
           "Blackpool Hotel Association"},
          {"Tesco has hired John Smith, a spokesman said: \"He starts on Monday.\"", ""},
          {"Tesco has been in talks with Mr John Smith, a spokesman said: \"They went well.\"", ""},
      });
}

// "Mr Howard's spokesman said": the owner named before the noun is whom
// the spokesman speaks for, as "his spokesman" is his; not a person named
// in a sentence before (BBC: Tony Blair had Michael Howard's spokesman's
// words).
TEST(QuotesTest, AnOwnersSpokesmanSpeaksForTheOwner) {
  const std::vector<Name> names = {
      {"Tony Blair", v1::ENTITY_TYPE_PERSON},     {"Gordon Brown", v1::ENTITY_TYPE_PERSON},
      {"Andrew Lansley", v1::ENTITY_TYPE_PERSON}, {"Howard", v1::ENTITY_TYPE_PERSON},
      {"Tories", v1::ENTITY_TYPE_ORGANIZATION},   {"Labour", v1::ENTITY_TYPE_ORGANIZATION}};
  ExpectSpeakers(
      names,
      {
          {"Tony Blair met Gordon Brown. Later, Mr Howard's spokesman said the Tories were "
           "\"rattled\".",
           "Howard"},
          {"Tony Blair met Gordon Brown. Mr Howard's official spokesman said: \"We expected "
           "it.\"",
           "Howard"},
          {"Tony Blair met Gordon Brown. Labour's spokesman said: \"We will win.\"", "Labour"},
          // Not a former spokesman, nor one of a brief.
          {"Tony Blair met Gordon Brown. Mr Howard's former spokesman said: \"It will fail.\"", ""},
          {"Tony Blair met Gordon Brown. Mr Howard's health spokesman said: \"It will fail.\"", ""},
          // But the person whose name opens the clause.
          {"Tony Blair met Gordon Brown. Andrew Lansley, Mr Howard's health spokesman said: \"It "
           "will fail.\"",
           "Andrew Lansley"},
      });
}

// "the spokesman" is the spokesman the story introduced, or whom that one
// speaks for; not the person the story is about, of whom he speaks (BBC
// sport/136, politics/009, politics/208).
TEST(QuotesTest, TheSpokesmanIsTheOneIntroducedNotThePersonTheStoryIsAbout) {
  const std::vector<Name> names = {{"Vahid Hashemian", v1::ENTITY_TYPE_PERSON},
                                   {"Bayern", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Alastair Campbell", v1::ENTITY_TYPE_PERSON},
                                   {"Downing Street", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Indonesia", v1::ENTITY_TYPE_LOCATION},
                                   {"Josh Earnest", v1::ENTITY_TYPE_PERSON},
                                   {"Barack Obama", v1::ENTITY_TYPE_PERSON},
                                   {"CRE", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Ashok Vishwanathan", v1::ENTITY_TYPE_PERSON}};
  ExpectSpeakers(
      names,
      {
          {"Vahid Hashemian will not travel. A Bayern spokesman said on Monday that his "
           "condition decided it. \"He's got back pain,\" the spokesman said.",
           "Bayern"},
          {"Alastair Campbell used abusive language. The spokesman said: \"He no longer works "
           "in government.\"",
           ""},
          {"Downing Street said Britain would help Indonesia. However a spokesman pointed out "
           "the difficulties. The spokesman said: \"We will help.\"",
           "Downing Street"},
          {"Barack Obama met the press. Josh Earnest, a spokesman, said little. \"It went "
           "well,\" the spokesman said.",
           "Josh Earnest"},
          {"Ashok Vishwanathan said shortlists help. A spokesman for the CRE said it had "
           "nothing to add. \"We will raise it,\" the spokesman said.",
           "CRE"},
          // The organisation before the noun names it.
          {"Downing Street said Britain would help Indonesia. The Bayern spokesman said: "
           "\"We will help.\"",
           "Bayern"},
          // Not the object of a phrase before the spokesman, nor a name
          // after his remarks.
          {"After meeting Barack Obama, a spokesman said the talks went well. \"They were "
           "fine,\" the spokesman said.",
           ""},
          {"Asked about the spokesman's remarks, Barack Obama smiled. \"They were fine,\" the "
           "spokesman said.",
           ""},
      });
}

// A quote that opens a paragraph after reported speech is the reporter's
// subject's, inverted too (BBC politics/002).
TEST(QuotesTest, AQuoteAfterReportedSpeechIsItsSpeakers) {
  const v1::Annotations a = Annotate(
      "Alan Beith spoke first. All e-mails are subject to the law, but the content matters, said "
      "Richard Thomas.\n\n\"If in doubt retain, that has been the principle of the civil "
      "service.\"",
      {{"Alan Beith", v1::ENTITY_TYPE_PERSON}, {"Richard Thomas", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Richard Thomas");
  // The name before an appositive is the subject; a name after "said"
  // that goes on is the reported clause's.
  const v1::Annotations b = Annotate(
      "Tony Blair, the prime minister, said Gordon Brown would stay.\n\n\"He is the best "
      "chancellor.\"",
      {{"Tony Blair", v1::ENTITY_TYPE_PERSON}, {"Gordon Brown", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Tony Blair");
  const v1::Annotations c =
      Annotate("The content matters, said Mr Richard Thomas.\n\n\"If in doubt retain.\"",
               {{"Richard Thomas", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(c.quotes_size(), 1);
  EXPECT_EQ(Speaker(c, c.quotes(0)), "Richard Thomas");
}

// A phrase in quotes inside an appositive does not hide the name before it
// (BBC politics/008).
TEST(QuotesTest, AnAppositiveMayHoldAPhraseInQuotes) {
  const v1::Annotations a = Annotate(
      "Barbara Follet, one of the so-called \"Blair Babes\" elected in 1997, told researchers: "
      "\"I remember some Conservatives jeering.\"",
      {{"Barbara Follet", v1::ENTITY_TYPE_PERSON}, {"Blair Babes", v1::ENTITY_TYPE_MISC}});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).text(), "I remember some Conservatives jeering.");
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Barbara Follet");
}

// "She was told:", "he was asked:": the subject heard the words, and the
// clause does not say who said them (BBC politics/008, politics/259).
TEST(QuotesTest, APassiveCueNamesWhoHeardNotWhoSaid) {
  const std::vector<Name> names = {{"Harriet Harman", v1::ENTITY_TYPE_PERSON},
                                   {"Kevin Donnellon", v1::ENTITY_TYPE_PERSON},
                                   {"Birkbeck College", v1::ENTITY_TYPE_ORGANIZATION}};
  ExpectSpeakers(
      names,
      {
          {"Harriet Harman spoke first. Another member says she was told: \"Who have you been "
           "sleeping with?\"",
           ""},
          {"Wheelchair user Kevin Donnellon was asked: \"Why do you want them to be "
           "disabled?\"",
           ""},
          {"Harriet Harman was asked, \"Will you stand again?\"", ""},
          {"Harriet Harman was also told: \"Stand again.\"", ""},
          {"Male MPs jeered \"melons\" as women spoke, researchers from Birkbeck College were "
           "told.",
           ""},
          // The active voice names the speaker.
          {"Harriet Harman told the BBC: \"I will stand again.\"", "Harriet Harman"},
      });
}

// Sport's and business's news name speakers by role and age, as politics
// does by office: "the giant winger" is the person the story is about, "the
// airline" its company, and a title may stand between a description and
// the name in apposition to it.
TEST(QuotesTest, RolesOfSportAndBusinessNameTheSpeaker) {
  const std::vector<Name> names = {{"Mirco Bergamasco", v1::ENTITY_TYPE_PERSON},
                                   {"Italy", v1::ENTITY_TYPE_LOCATION},
                                   {"Alicia Molik", v1::ENTITY_TYPE_PERSON},
                                   {"Qantas", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Sydney", v1::ENTITY_TYPE_LOCATION},
                                   {"Public Accounts Committee", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Edward Leigh", v1::ENTITY_TYPE_PERSON},
                                   {"Labour", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Jane Smith", v1::ENTITY_TYPE_PERSON},
                                   {"Venus Williams", v1::ENTITY_TYPE_PERSON},
                                   {"Phil Vickery", v1::ENTITY_TYPE_PERSON},
                                   {"Michael Jackson", v1::ENTITY_TYPE_PERSON},
                                   {"Jackson", v1::ENTITY_TYPE_PERSON},
                                   {"Tony Blair", v1::ENTITY_TYPE_PERSON},
                                   {"France", v1::ENTITY_TYPE_LOCATION},
                                   {"Jose Antonio Reyes", v1::ENTITY_TYPE_PERSON},
                                   {"Emilio Butragueno", v1::ENTITY_TYPE_PERSON},
                                   {"Spaniard", v1::ENTITY_TYPE_MISC},
                                   {"Michael Johnson", v1::ENTITY_TYPE_PERSON},
                                   {"Darren Campbell", v1::ENTITY_TYPE_PERSON}};
  ExpectSpeakers(
      names,
      {
          {"Mirco Bergamasco will start for Italy. \"It will not be a pretty game,\" said the "
           "giant winger.",
           "Mirco Bergamasco"},
          {"Alicia Molik won in 56 minutes. \"I played pretty well,\" said the 23-year-old.",
           "Alicia Molik"},
          {"Qantas has cut its forecast in Sydney. \"Fuel costs rose,\" the airline said.",
           "Qantas"},
          {"The Public Accounts Committee met. \"Our aim is not to rewrite the storyline,\" said "
           "the committee chairman, MP Edward Leigh.",
           "Edward Leigh"},
          {"\"We will win,\" said its leader, Labour MP Jane Smith.", "Jane Smith"},
          {"Phil Vickery will start against France. The prop said: \"We will see how good "
           "France are.\"",
           "Phil Vickery"},
          // A "she" before the last name means whom it means.
          {"Alicia Molik won. She will now meet Venus Williams. \"Bring it on,\" said the "
           "23-year-old.",
           "Alicia Molik"},
          // A name before the role noun is the person.
          {"\"The sums don't add up,\" Edward Leigh MP, chairman of the Public Accounts "
           "Committee, said.",
           "Edward Leigh"},
          // A name before a role noun is the person only when the noun is a
          // title written after names ("Paul Boateng MP").
          {"Michael Jackson was in court. \"The boy lied,\" a Jackson lawyer said.", ""},
          // A role that is an ordinary word too is a person only after a
          // determiner: "Looking forward" is no description of Tony Blair.
          {"Tony Blair spoke on Monday. Looking forward to the poll, Labour published its "
           "manifesto, adding: \"We will win.\"",
           ""},
          // A sentence whose subject is a description goes on about the
          // person before it, not the one it names as an object.
          {"Jose Antonio Reyes has added to speculation. The Spaniard believed he was talking to "
           "sporting director Emilio Butragueno. \"I wish I was playing for Real,\" the "
           "21-year-old told a radio station.",
           "Jose Antonio Reyes"},
          {"Michael Johnson spoke on Monday. The former champion had cast doubt on Darren "
           "Campbell's claims. \"It is easy to criticise,\" he said.",
           "Michael Johnson"},
          // Not when the description is an object itself, or owns a noun.
          {"Jose Antonio Reyes has added to speculation. The winger's agent called Emilio "
           "Butragueno. \"I wish I was playing for Real,\" he said.",
           "Emilio Butragueno"},
          // An indefinite role the text does not name is nobody's.
          {"Alicia Molik won. \"She was brilliant,\" said a player.", ""},
          // A lower-case word after the comma ends the apposition.
          {"\"We will win,\" said the chairman, who has Labour MP Jane Smith behind him.", ""},
      });
}

TEST(QuotesTest, SomeoneOfAPartyIsNotThePartyItself) {
  const Name democrat{"Democrat", v1::ENTITY_TYPE_MISC};
  const v1::Annotations a =
      Annotate("\"The campaign has been really reluctant to jump in,\" one senior Democrat said.",
               {democrat});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_FALSE(a.quotes(0).has_speaker_entity_index()) << Speaker(a, a.quotes(0));
}

TEST(QuotesTest, TheNextParagraphIsNoAttribution) {
  const Name weddle{"Mark Weddle", v1::ENTITY_TYPE_PERSON};
  const Name humphrey{"Humphrey", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations a = Annotate(
      "\"We've all worked our butts off,\" Mark Weddle said. \"And now they're going to throw us "
      "under the bus?\"\n\nHumphrey said he's hopeful.",
      {weddle, humphrey});
  ASSERT_EQ(a.quotes_size(), 2);
  EXPECT_EQ(Speaker(a, a.quotes(1)), "Mark Weddle") << "the quote goes on, not Humphrey's";
  // After a comma the sentence goes on in the next paragraph.
  const Name doe{"Jane Doe", v1::ENTITY_TYPE_PERSON};
  const Name smith{"Bill Smith", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations b = Annotate(
      "Jane Doe spoke.\n\n\"We will appeal this in the end,\"\n\nBill Smith said on Monday.",
      {doe, smith});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Bill Smith");
}

TEST(QuotesTest, AsSomeonePutIt) {
  const Name rosenthal{"Steven M. Rosenthal", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations a = Annotate(
      "As Steven M. Rosenthal, a tax lawyer, recently put it, \"Did he lower his taxes through "
      "legal tax avoidance, or illegal tax evasion?\"",
      {rosenthal});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Steven M. Rosenthal");
  EXPECT_EQ(a.quotes(0).cue(), "put it");
  // Not the verb "put it" of "put it on the table".
  const Name doe{"Jane Doe", v1::ENTITY_TYPE_PERSON};
  const v1::Annotations b = Annotate("Jane Doe put it on the table, \"right there.\"", {doe});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_NE(b.quotes(0).cue(), "put it");
}

TEST(QuotesTest, ColonLedQuotes) {
  const v1::Annotations a = Annotate(
      "Maria Zakharova was asked about sanctions. She answered: \"It is "
      "unfair. We will not "
      "accept it.\"",
      {kZakharova});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).kind(), v1::QUOTE_KIND_DIRECT);
  EXPECT_EQ(a.quotes(0).cue(), "answered");
  EXPECT_EQ(a.quotes(0).text(), "It is unfair. We will not accept it.");
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Maria Zakharova");
}

TEST(QuotesTest, OrganisationsStatementsAndTheirPronouns) {
  // "the Russian ministry" is the organisation whose name has "ministry";
  // "The statement" and "He" (no person named before) go on with it.
  const v1::Annotations a = Annotate(
      "The Russian Foreign Ministry spoke on Monday.\n\n"
      "\xe2\x80\x9cWe are friends,\xe2\x80\x9d the Russian ministry said in a "
      "statement. "
      "The statement added: \xe2\x80\x9cWe respect Belgrade.\xe2\x80\x9d\n\n"
      "He continued: \xe2\x80\x9cOf course, this is a sovereign "
      "choice.\xe2\x80\x9d",
      {{"Russian Foreign Ministry", v1::ENTITY_TYPE_ORGANIZATION}});
  ASSERT_EQ(a.quotes_size(), 3);
  const std::vector<std::string> cues = {"said", "added", "continued"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(a.quotes(i).cue(), cues[i]);
    EXPECT_EQ(Speaker(a, a.quotes(i)), "Russian Foreign Ministry") << a.quotes(i).text();
  }
}

TEST(QuotesTest, TheCompanyIsTheOneTheReportIsAbout) {
  const Name ibm{"IBM", v1::ENTITY_TYPE_ORGANIZATION};
  const Name microsoft{"Microsoft", v1::ENTITY_TYPE_ORGANIZATION};
  // "The company", which no organisation of the text has in its name, is
  // the one a recent sentence is about; "it" after it in its sentence is
  // that company, not the organisation named last (Microsoft).
  const v1::Annotations a = Annotate(
      "IBM says 500 of its patents will be released. IBM was granted 3,248 patents in 2004. In "
      "the past, IBM has supported Linux, which critics said was done to undermine Microsoft.\n\n"
      "The company said it wanted other firms to put patents into what it called a \"patent "
      "commons\". \"We believe this will speed innovation,\" the company said.",
      {ibm, microsoft});
  ASSERT_EQ(a.quotes_size(), 2);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "IBM") << a.quotes(0).text();
  EXPECT_EQ(Speaker(a, a.quotes(1)), "IBM") << a.quotes(1).text();
  // "the firm" is the organisation the sentence before is about, not one
  // named later in it.
  const Name macrovision{"Macrovision", v1::ENTITY_TYPE_ORGANIZATION};
  const Name dvd{"DVD", v1::ENTITY_TYPE_ORGANIZATION};
  const v1::Annotations c = Annotate(
      "The DVD market is enormous. Macrovision says its new technology will thwart most DVD "
      "ripping programs. \"RipGuard is designed to reduce ripping,\" said the firm.",
      {macrovision, dvd});
  ASSERT_EQ(c.quotes_size(), 1);
  EXPECT_EQ(Speaker(c, c.quotes(0)), "Macrovision");
  // Not an organisation that modifies a noun, nor one after a
  // preposition.
  const Name kraft{"Kraft Foods", v1::ENTITY_TYPE_ORGANIZATION};
  const Name goldman{"Goldman Sachs", v1::ENTITY_TYPE_ORGANIZATION};
  for (const char* between :
       {"Goldman Sachs analysts said the cuts were overdue.", "Shares in Goldman Sachs rose."}) {
    const v1::Annotations k =
        Annotate(absl::StrCat("Kraft Foods will close six plants. ", between,
                              " \"This is a difficult decision,\" the company said."),
                 {kraft, goldman});
    ASSERT_EQ(k.quotes_size(), 1) << between;
    EXPECT_EQ(Speaker(k, k.quotes(0)), "Kraft Foods") << between;
  }
  // "it" after "The firm" opening its sentence is the firm, though the
  // organisation named last is another.
  const v1::Annotations f = Annotate(
      "Kraft Foods will close six plants, its rival Nestle said on Monday.\n\n"
      "The firm believes it has what it calls a \"winning formula\".",
      {kraft, {"Nestle", v1::ENTITY_TYPE_ORGANIZATION}});
  ASSERT_EQ(f.quotes_size(), 1);
  EXPECT_EQ(Speaker(f, f.quotes(0)), "Kraft Foods");
  // A company some organisation is named after is that organisation.
  const v1::Annotations b = Annotate(
      "IBM and Microsoft met. IBM left early. The Ford Motor Company was there too.\n\n"
      "\"We will build cars,\" the company said.",
      {ibm, microsoft, {"Ford Motor Company", v1::ENTITY_TYPE_ORGANIZATION}});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(Speaker(b, b.quotes(0)), "Ford Motor Company");
}

// But "he" is no place: where the model read the Kremlin as one and
// missed the person who spoke next, the quote has no speaker rather than
// the Kremlin.
TEST(QuotesTest, HeOrSheIsNoPlace) {
  const std::string text =
      "The Kremlin said: \xe2\x80\x9cWe deny everything.\xe2\x80\x9d Peskov added that "
      "talks would go on. \xe2\x80\x9cIt is complicated,\xe2\x80\x9d he said.";
  const v1::Annotations place = Annotate(text, {{"Kremlin", v1::ENTITY_TYPE_LOCATION}});
  ASSERT_EQ(place.quotes_size(), 2);
  EXPECT_EQ(Speaker(place, place.quotes(0)), "Kremlin");
  EXPECT_EQ(Speaker(place, place.quotes(1)), "");
  // Read as an organisation, it goes on speaking (as above); with Peskov
  // found, he does.
  const v1::Annotations org = Annotate(text, {{"Kremlin", v1::ENTITY_TYPE_ORGANIZATION}});
  EXPECT_EQ(Speaker(org, org.quotes(1)), "Kremlin");
  const v1::Annotations both =
      Annotate(text, {{"Kremlin", v1::ENTITY_TYPE_LOCATION}, {"Peskov", v1::ENTITY_TYPE_PERSON}});
  EXPECT_EQ(Speaker(both, both.quotes(1)), "Peskov");
}

TEST(QuotesTest, AStatementOfAnOrganisationNounIsThatOrganisations) {
  // No one has spoken before: "the statement of the ministry" and "the
  // ministry's statement" speak for the organisation whose name has
  // "ministry", not for the last speaker (there is none) or no one.
  const std::vector<std::string> subjects = {"The statement of the ministry",
                                             "The ministry's statement"};
  for (const std::string& subject : subjects) {
    const v1::Annotations a =
        Annotate("Maria Zakharova met the Foreign Ministry and the Serbian Army.\n\n" + subject +
                     " said: \xe2\x80\x9cWe respect Belgrade.\xe2\x80\x9d",
                 {kZakharova,
                  {"Foreign Ministry", v1::ENTITY_TYPE_ORGANIZATION},
                  {"Serbian Army", v1::ENTITY_TYPE_ORGANIZATION}});
    ASSERT_EQ(a.quotes_size(), 1) << subject;
    EXPECT_EQ(a.quotes(0).cue(), "said") << subject;
    EXPECT_EQ(Speaker(a, a.quotes(0)), "Foreign Ministry") << subject;
  }
  // The ministry a letter is sent to did not write it.
  const v1::Annotations to = Annotate(
      "Maria Zakharova met the Foreign Ministry.\n\nA letter to the ministry "
      "said: \xe2\x80\x9cWe respect Belgrade.\xe2\x80\x9d",
      {kZakharova, {"Foreign Ministry", v1::ENTITY_TYPE_ORGANIZATION}});
  ASSERT_EQ(to.quotes_size(), 1);
  EXPECT_EQ(Speaker(to, to.quotes(0)), "");
  // With no such organisation, a statement still goes on with whoever
  // spoke last.
  const v1::Annotations b = Annotate(
      "\xe2\x80\x9cWe are friends,\xe2\x80\x9d Maria Zakharova said. The "
      "ministry's statement added: \xe2\x80\x9cWe respect Belgrade.\xe2\x80\x9d",
      {kZakharova});
  ASSERT_EQ(b.quotes_size(), 2);
  EXPECT_EQ(Speaker(b, b.quotes(1)), "Maria Zakharova");
  // A statement its owner's name opens is that owner's (BBC sport/199).
  const v1::Annotations named = Annotate(
      "\"We are friends,\" Maria Zakharova said. Chelsea's statement added: \"This applies to "
      "all drugs.\"",
      {kZakharova, {"Chelsea", v1::ENTITY_TYPE_ORGANIZATION}});
  ASSERT_EQ(named.quotes_size(), 2);
  EXPECT_EQ(Speaker(named, named.quotes(1)), "Chelsea");
  // A participle with its object inside the phrase ("explaining the
  // decision") leaves the statement its issuer (BBC sport/199).
  const v1::Annotations participle = Annotate(
      "Chelsea have sacked Adrian Mutu. A statement from Chelsea explaining the decision read: "
      "\"Chelsea has a zero tolerance policy towards drugs.\"",
      {{"Chelsea", v1::ENTITY_TYPE_ORGANIZATION}, {"Adrian Mutu", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(participle.quotes_size(), 1);
  EXPECT_EQ(Speaker(participle, participle.quotes(0)), "Chelsea");
}

TEST(QuotesTest, OrganisationNamedInTheReportingPhrase) {
  const v1::Annotations a = Annotate(
      "\xe2\x80\x9cTheir real goal is to break Serbia,\xe2\x80\x9d the message "
      "posted on the "
      "website of the Ministry of Foreign Affairs says.",
      {{"Ministry of Foreign Affairs", v1::ENTITY_TYPE_ORGANIZATION}});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).cue(), "says");
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Ministry of Foreign Affairs");
}

TEST(QuotesTest, TitleBeforeTheNameIsNotTheSpeaker) {
  const v1::Annotations a = Annotate(
      "\xe2\x80\x9cIt is wrong,\xe2\x80\x9d said Foreign Ministry spokeswoman "
      "Maria Zakharova.",
      {{"Foreign Ministry", v1::ENTITY_TYPE_ORGANIZATION}, kZakharova});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Maria Zakharova");
}

TEST(QuotesTest, SplitQuoteIsTwoQuotesWithOneSpeaker) {
  const v1::Annotations a = Annotate(
      "Maria Zakharova spoke. \xe2\x80\x9cWe will win,\xe2\x80\x9d she said, "
      "\xe2\x80\x9c"
      "and we will stay.\xe2\x80\x9d",
      {kZakharova});
  ASSERT_EQ(a.quotes_size(), 2);
  EXPECT_EQ(a.quotes(0).text(), "We will win,");
  EXPECT_EQ(a.quotes(1).text(), "and we will stay.");
  for (const v1::Quote& q : a.quotes()) {
    EXPECT_EQ(Speaker(a, q), "Maria Zakharova");
    EXPECT_EQ(q.cue(), "said");
  }
  EXPECT_EQ(a.quotes(0).cue_span().begin(), a.quotes(1).cue_span().begin());
}

TEST(QuotesTest, QuoteAfterItsAttributionGoesOn) {
  const v1::Annotations a = Annotate(
      "\xe2\x80\x9cOne thing surprised me,\xe2\x80\x9d said Pat Caddell. "
      "\xe2\x80\x9cYesterday, "
      "there were two polls.\xe2\x80\x9d",
      {{"Pat Caddell", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(a.quotes_size(), 2);
  EXPECT_EQ(Speaker(a, a.quotes(1)), "Pat Caddell");
  EXPECT_EQ(a.quotes(1).kind(), v1::QUOTE_KIND_DIRECT);
}

TEST(QuotesTest, PartialQuoteInReportedSpeechIsMixed) {
  const v1::Annotations a = Annotate(
      "Zorana Mihajlovic said earlier that Sergei Lavrov \xe2\x80\x9c"
      "abuses Belgrade"
      "\xe2\x80\x99s refusal\xe2\x80\x9d and presents it as support.",
      {{"Zorana Mihajlovic", v1::ENTITY_TYPE_PERSON}, {"Sergei Lavrov", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(a.quotes_size(), 1);
  const v1::Quote& q = a.quotes(0);
  EXPECT_EQ(q.kind(), v1::QUOTE_KIND_MIXED);
  EXPECT_EQ(q.text(), "abuses Belgrade\xe2\x80\x99s refusal");
  EXPECT_EQ(q.cue(), "said");
  EXPECT_EQ(Speaker(a, q), "Zorana Mihajlovic");
}

TEST(QuotesTest, ScareQuotesOnlyWhenAttributable) {
  // Nobody is reported as saying it: not a quote.
  EXPECT_EQ(Annotate("The so-called \xe2\x80\x9c"
                     "arm-twisting\xe2\x80\x9d style is old.",
                     {})
                .quotes_size(),
            0);
  // Inside her reported speech: her words.
  const v1::Annotations a = Annotate(
      "Maria Zakharova spoke. She stressed that the West uses its \xe2\x80\x9c"
      "arm-twisting"
      "\xe2\x80\x9d style.",
      {kZakharova});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).kind(), v1::QUOTE_KIND_MIXED);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Maria Zakharova");
}

// A reporting verb after a conjunction reports its own clause (BBC
// politics/001): the Liberal Democrats did not say "desperate"; "she
// said" after a plain comma says the quote.
TEST(QuotesTest, AVerbInAClauseOfItsOwnDoesNotSayTheQuote) {
  const std::vector<Name> parties = {{"Tories", v1::ENTITY_TYPE_ORGANIZATION},
                                     {"Liberal Democrats", v1::ENTITY_TYPE_ORGANIZATION},
                                     {"Theresa May", v1::ENTITY_TYPE_PERSON}};
  v1::Annotations a = Annotate(
      "The Tories dismissed the maternity pay plan as \"desperate\", while the Liberal "
      "Democrats said it was misdirected.",
      parties);
  for (const v1::Quote& q : a.quotes()) EXPECT_NE(Speaker(a, q), "Liberal Democrats");
  // The clause's own commas do not bring the verb back.
  a = Annotate(
      "The Tories dismissed the plan as \"desperate\", while the Liberal Democrats, the third "
      "party, said it was misdirected.",
      parties);
  for (const v1::Quote& q : a.quotes()) EXPECT_NE(Speaker(a, q), "Liberal Democrats");
  a = Annotate("The plan is \"desperate\", Theresa May said.", parties);
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Theresa May");
  // "As" brings no clause of its own here: she said it.
  a = Annotate("The plan is \"a disgrace\", as Theresa May said.", parties);
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Theresa May");
}

// A fragment in a headline is about the name before it, not its words
// (BBC sport/345: "Wilkinson return 'unlikely'", which Rob Andrew's words
// say), nor is one a headline says the subject was called ("Baywatch
// dubbed 'worst TV import'"); in a sentence of the story, its subject's as
// before.
TEST(QuotesTest, AHeadlinesNameIsNotTheSpeakerOfItsFragment) {
  const std::vector<Name> names = {{"Jonny Wilkinson", v1::ENTITY_TYPE_PERSON},
                                   {"Wilkinson", v1::ENTITY_TYPE_PERSON},
                                   {"Rob Andrew", v1::ENTITY_TYPE_PERSON},
                                   {"Baywatch", v1::ENTITY_TYPE_PERSON}};
  v1::Annotations a = Annotate(
      "Wilkinson return 'unlikely'\n\nRob Andrew says Jonny Wilkinson will miss the Six "
      "Nations.",
      names);
  for (const v1::Quote& q : a.quotes()) EXPECT_NE(Speaker(a, q), "Jonny Wilkinson");
  a = Annotate("Baywatch dubbed 'worst TV import'\n\nThe show was a flop, viewers said.", names);
  for (const v1::Quote& q : a.quotes()) EXPECT_NE(Speaker(a, q), "Baywatch");
  a = Annotate(
      "Labour accused of 'EU propaganda'\n\nThe Tories said the leaflets were "
      "propaganda.",
      {{"Labour", v1::ENTITY_TYPE_ORGANIZATION}, {"Tories", v1::ENTITY_TYPE_ORGANIZATION}});
  for (const v1::Quote& q : a.quotes()) EXPECT_NE(Speaker(a, q), "Labour");
  a = Annotate("Rob Andrew ruled it out. Jonny Wilkinson dismissed the plan as \"unlikely\".",
               names);
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Jonny Wilkinson");
}

// A subject inverted after "So" speaks ("So said Tony Blair: ..."); in a
// headline, the name before a verb of attack and a fragment.
TEST(QuotesTest, AnInvertedSubjectAfterSoSpeaks) {
  const std::vector<Name> names = {{"Tony Blair", v1::ENTITY_TYPE_PERSON},
                                   {"Michael Howard", v1::ENTITY_TYPE_PERSON},
                                   {"Iraq", v1::ENTITY_TYPE_LOCATION}};
  const v1::Annotations so = Annotate("So said Tony Blair: \"We will win.\"", names);
  ASSERT_EQ(so.quotes_size(), 1);
  EXPECT_EQ(Speaker(so, so.quotes(0)), "Tony Blair");
  // In a headline, after a verb of attack, the name is the speaker's.
  const v1::Annotations headline =
      Annotate("Howard attacks Labour 'lies'\n\nMichael Howard spoke in Leeds.",
               {{"Howard", v1::ENTITY_TYPE_PERSON},
                {"Michael Howard", v1::ENTITY_TYPE_PERSON},
                {"Labour", v1::ENTITY_TYPE_ORGANIZATION},
                {"Leeds", v1::ENTITY_TYPE_LOCATION}});
  ASSERT_GE(headline.quotes_size(), 1);
  EXPECT_EQ(Speaker(headline, headline.quotes(0)), "Michael Howard");
}

// The name after a reporting verb is its clause's subject, not the
// speaker, where words before the verb are its subject (BBC politics/111:
// UKIP's officials said Kilroy-Silk had not been "straightforward").
TEST(QuotesTest, TheNameOfTheReportedClauseIsNotTheSpeaker) {
  const std::vector<Name> names = {{"UKIP", v1::ENTITY_TYPE_ORGANIZATION},
                                   {"Kilroy-Silk", v1::ENTITY_TYPE_PERSON}};
  v1::Annotations a = Annotate(
      "UKIP officials also argue Mr Kilroy-Silk has not been \"straightforward\" with them.",
      names);
  for (const v1::Quote& q : a.quotes()) EXPECT_NE(Speaker(a, q), "Kilroy-Silk");
  // Inverted after a comma, the name is the speaker.
  a = Annotate("The party was \"straightforward\" with them, argued Kilroy-Silk.", names);
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Kilroy-Silk");
}

TEST(QuotesTest, TitlesInMarksAreNotQuotes) {
  EXPECT_EQ(Annotate("In an interview with \"Novosti\", he said that not everyone agrees.", {})
                .quotes_size(),
            0);
}

TEST(QuotesTest, MarksTypedTheWrongWay) {
  // An opening curly mark used to close (seed 002).
  const v1::Annotations a = Annotate(
      "Sergey Lavrov indicated that all are committed to security "
      "\xe2\x80\x9cin the Balkans "
      "and in Ukraine \xe2\x80\x9c.",
      {{"Sergey Lavrov", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).text(), "in the Balkans and in Ukraine");
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Sergey Lavrov");
  // An inner straight quote with its spaces on the wrong side (seed 004).
  const v1::Annotations b = Annotate(
      "\"We consider the\" either-or \"logic counterproductive,\" Botsan "
      "Kharchenko said.",
      {{"Botsan Kharchenko", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(b.quotes_size(), 1);
  EXPECT_EQ(b.quotes(0).text(), "We consider the\" either-or \"logic counterproductive,");
  // A preposition may end a quotation (BBC politics/008): the quote that
  // follows is one of its own.
  const v1::Annotations c = Annotate(
      "They would not \"put up with\" the attitudes, Joni Lovenduski said. But she added: "
      "\"Some women received extraordinary treatment.\"",
      {{"Joni Lovenduski", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(c.quotes_size(), 2);
  EXPECT_EQ(c.quotes(0).text(), "put up with");
  EXPECT_EQ(c.quotes(1).text(), "Some women received extraordinary treatment.");
  EXPECT_EQ(Speaker(c, c.quotes(1)), "Joni Lovenduski");
}

TEST(QuotesTest, DoubledApostrophesAreDoubleMarks) {
  const v1::Annotations a = Annotate(
      "''Good economic news is bad political news for them,'' said Geoff "
      "Garin.",
      {{"Geoff Garin", v1::ENTITY_TYPE_PERSON}});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).text(), "Good economic news is bad political news for them,");
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Geoff Garin");
}

TEST(QuotesTest, AccordingTo) {
  const v1::Annotations a = Annotate(
      "\xe2\x80\x9cThe talks failed,\xe2\x80\x9d according to Maria Zakharova.", {kZakharova});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).cue(), "according to");
  EXPECT_EQ(Speaker(a, a.quotes(0)), "Maria Zakharova");
}

TEST(QuotesTest, UnclosedQuoteEndsWithItsParagraph) {
  const v1::Annotations a = Annotate(
      "Maria Zakharova said: \"We will never accept this.\n\nThe meeting "
      "ended.",
      {kZakharova});
  ASSERT_EQ(a.quotes_size(), 1);
  EXPECT_EQ(a.quotes(0).text(), "We will never accept this.");
  EXPECT_LT(a.quotes(0).confidence(), 0.9f);
}

// ---------------------------------------------------------------------------
// The seeds.

class SeedQuotesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto recognizer = NerRecognizer::Load(testing::SourceDir() + "/models/ner/model.bin");
    ASSERT_TRUE(recognizer.ok()) << recognizer.status();
    const Tagger tagger(std::shared_ptr<const Recognizer>(std::move(*recognizer)));
    for (const auto& entry : std::filesystem::directory_iterator(testing::SharedDir() + "/seeds")) {
      const std::string text = testing::ReadFile(entry.path().string());
      seeds_[entry.path().filename().string().substr(0, 3)] = {text, tagger.Tag(text, {})};
    }
  }

  struct Seed {
    std::string text;
    v1::Annotations annotations;
  };

  static const Seed& Get(const std::string& number) { return seeds_.at(number); }

  // The quote of seed `number` whose text starts with `start`.
  static const v1::Quote* Find(const std::string& number, const std::string& start) {
    for (const v1::Quote& q : Get(number).annotations.quotes()) {
      if (absl::StartsWith(q.text(), start)) return &q;
    }
    return nullptr;
  }

  // Checks the quote starting with `start`: its speaker's name contains
  // `speaker`, and its cue and kind are as given.
  static void Expect(const std::string& number, const std::string& start,
                     const std::string& speaker, const std::string& cue, v1::QuoteKind kind) {
    const v1::Quote* q = Find(number, start);
    ASSERT_NE(q, nullptr) << "no quote \"" << start << "\" in seed " << number;
    EXPECT_THAT(Speaker(Get(number).annotations, *q), HasSubstr(speaker)) << start;
    EXPECT_EQ(q->cue(), cue) << start;
    EXPECT_EQ(q->kind(), kind) << start;
    EXPECT_GT(q->confidence(), 0.f);
    EXPECT_LE(q->confidence(), 1.f);
  }

  static inline std::map<std::string, Seed> seeds_;
};

TEST_F(SeedQuotesTest, EveryQuotationIsFoundOnce) {
  ASSERT_EQ(seeds_.size(), 5u);
  // Counted by hand: every quotation of speech (004's "Novosti" is the
  // newspaper's name).
  const std::map<std::string, int> expected = {
      {"000", 7}, {"001", 2}, {"002", 6}, {"003", 2}, {"004", 3}};
  for (const auto& [number, count] : expected) {
    int quoted = 0;
    for (const v1::Quote& q : Get(number).annotations.quotes()) {
      quoted += q.kind() != v1::QUOTE_KIND_INDIRECT;
    }
    EXPECT_EQ(quoted, count) << "seed " << number;
  }
}

TEST_F(SeedQuotesTest, SpansAreTheContentBetweenMarks) {
  for (const auto& [number, seed] : seeds_) {
    for (const v1::Quote& q : seed.annotations.quotes()) {
      const int32_t b = q.span().begin(), e = q.span().end();
      if (q.kind() == v1::QUOTE_KIND_INDIRECT) {
        EXPECT_EQ(seed.text.substr(b, e - b), q.text());
        continue;
      }
      EXPECT_EQ(seed.text.substr(b, e - b), q.text());
      // Right before the content (spaces aside) is a quotation mark, never a
      // letter with an apostrophe.
      size_t k = b;
      while (k > 0 && seed.text[k - 1] == ' ') --k;
      const std::string before = seed.text.substr(k >= 3 ? k - 3 : 0, k >= 3 ? 3 : k);
      EXPECT_TRUE(absl::EndsWith(before, "\"") || before == "\xe2\x80\x9c" ||
                  before == "\xe2\x80\x98")
          << "seed " << number << ": " << q.text();
    }
  }
}

TEST_F(SeedQuotesTest, Zakharova000) {
  Expect("000", "going out of their way", "Zakharova", "noted", v1::QUOTE_KIND_MIXED);
  Expect("000", "anti-Russian front", "Zakharova", "noted", v1::QUOTE_KIND_MIXED);
  Expect("000", "arm-twisting", "Zakharova", "stressed", v1::QUOTE_KIND_MIXED);
  Expect("000", "If in some areas", "Zakharova", "stressed", v1::QUOTE_KIND_DIRECT);
  // "The official representative of the Foreign Ministry recalled": the
  // role names the spokeswoman the article is about, not the ministry.
  Expect("000", "is not subject to corrosion", "Zakharova", "recalled", v1::QUOTE_KIND_MIXED);
  Expect("000", "We lend a shoulder", "Zakharova", "summed up", v1::QUOTE_KIND_DIRECT);
  // The article attributes this one to "the message posted on the website
  // of the Ministry of Foreign Affairs", not to Zakharova: the speaker is
  // the organisation the reporting clause names. That the ministry's
  // message is its spokeswoman's statement is an inference the text does
  // not make here, so a reader asking what Zakharova said gets her quotes
  // and this one under the ministry.
  Expect("000", "Their real goal", "Ministry of Foreign Affairs", "says", v1::QUOTE_KIND_DIRECT);
  EXPECT_THAT(Find("000", "Their real goal")->text(), HasSubstr("stabilize"));
}

TEST_F(SeedQuotesTest, Zakharova001) {
  Expect("001", "Obviously, the West", "Zakharova", "added", v1::QUOTE_KIND_DIRECT);
  // The inner “who is not with us ...” is part of it.
  EXPECT_THAT(Find("001", "Obviously")->text(), HasSubstr("against us,"));
  EXPECT_THAT(Find("001", "Obviously")->text(), HasSubstr("aggravate the situation,"));
  // "In her opinion, ... calling this style ... “hand-twisting”".
  Expect("001", "hand-twisting", "Zakharova", "In her opinion", v1::QUOTE_KIND_MIXED);
}

TEST_F(SeedQuotesTest, Ministry002) {
  // The ministry's statement: "the Russian ministry said in a statement",
  // "The statement added:", "He explained that", "He continued:". All four
  // are the ministry's: the model tags only "Russian" (MISC) in "The
  // Russian Foreign Ministry said", and the tagger finds "Foreign Ministry"
  // by its head word (org_names.h), the organisation whose name has
  // "ministry"; the statement and "He" (no person named before) go on with
  // it.
  const v1::Annotations& a = Get("002").annotations;
  const std::vector<std::pair<std::string, std::string>> quotes = {
      {"The assessments", "said"},
      {"We and Serbia", "added"},
      {"such a balanced position", "explained"},
      {"Of course, this is", "continued"}};
  std::set<int> speakers;
  for (const auto& [start, cue] : quotes) {
    const v1::Quote* q = Find("002", start);
    ASSERT_NE(q, nullptr) << start;
    EXPECT_EQ(q->cue(), cue);
    ASSERT_TRUE(q->has_speaker_entity_index()) << start;
    EXPECT_EQ(Speaker(a, *q), "Foreign Ministry") << start;
    EXPECT_EQ(a.entities(q->speaker_entity_index()).type(), v1::ENTITY_TYPE_ORGANIZATION) << start;
    speakers.insert(q->speaker_entity_index());
  }
  EXPECT_EQ(speakers.size(), 1u);
  EXPECT_THAT(Find("002", "The assessments")->text(), HasSubstr("abuse"));
  EXPECT_EQ(Find("002", "The assessments")->kind(), v1::QUOTE_KIND_DIRECT);
  EXPECT_EQ(Find("002", "We and Serbia")->kind(), v1::QUOTE_KIND_DIRECT);
  EXPECT_THAT(Find("002", "We and Serbia")->text(), HasSubstr("difficult conditions."));
  Expect("002", "abuses Belgrade", "Mihajlovic", "said", v1::QUOTE_KIND_MIXED);
  Expect("002", "in the Balkans", "Lavrov", "indicated", v1::QUOTE_KIND_MIXED);
}

TEST_F(SeedQuotesTest, Ambassador003And004) {
  Expect("003", "The collective West", "Botsan-Kharchenko", "said", v1::QUOTE_KIND_DIRECT);
  Expect("003", "The aim in the current", "Botsan-Kharchenko", "said", v1::QUOTE_KIND_DIRECT);
  Expect("004", "Russia has its own agenda", "Botsan Kharchenko", "said", v1::QUOTE_KIND_DIRECT);
  EXPECT_THAT(Find("004", "Russia has")->text(), HasSubstr("either-or"));
  // "he answered:" at the end of the paragraph before.
  Expect("004", "It is one of the examples", "Botsan Kharchenko", "answered",
         v1::QUOTE_KIND_DIRECT);
  Expect("004", "We are sure", "Botsan Kharchenko", "added", v1::QUOTE_KIND_DIRECT);
  EXPECT_EQ(Find("004", "Novosti"), nullptr);
}

// What the seeds report without quotation marks: the design's "Russia's
// ambassador said pressure on Serbia will increase" (004), Peskov's words
// in 001, the ministry's in 002.
TEST_F(SeedQuotesTest, ReportedSpeech) {
  Expect("004", "The pressure on Serbia will increase", "Botsan Kharchenko", "said",
         v1::QUOTE_KIND_INDIRECT);
  EXPECT_EQ(Find("004", "The pressure on Serbia")->text(), "The pressure on Serbia will increase");
  Expect("001", "Moscow understands the pressure", "Peskov", "said", v1::QUOTE_KIND_INDIRECT);
  Expect("001", "Serbia\xe2\x80\x99s refusal to impose sanctions", "Vu", "said",
         v1::QUOTE_KIND_INDIRECT);
  Expect("002", "Russia is not trying to abuse", "Foreign Ministry", "said",
         v1::QUOTE_KIND_INDIRECT);
  Expect("003", "Kosovo and Republika Srpska were", "Botsan-Kharchenko", "stressed",
         v1::QUOTE_KIND_INDIRECT);
}

// ---------------------------------------------------------------------------
// The PolNeAR reader.

TEST(PolnearTest, OffsetsCountCharactersAndFragmentsJoin) {
  // "Ž" and "“" are 2 and 3 bytes but one character each.
  const std::string text =
      "\xc5\xbd"
      "arko said: \xe2\x80\x9cWe won. We stay.\xe2\x80\x9d Then \xe2\x80\x9c"
      "A,"
      "\xe2\x80\x9d he said, \xe2\x80\x9c"
      "B.\xe2\x80\x9d";
  // Characters: Žarko(0-5) said:(6-11) “(12) We won.(13-20) We stay.(21-29)
  // ”(29)...
  const std::string ann =
      "T1\tSource 0 5\t\xc5\xbd"
      "arko\n"
      "T2\tCue 6 10\tsaid\n"
      "T3\tContent 12 20;21 30\t\xe2\x80\x9cWe won. We stay.\xe2\x80\x9d\n"
      "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
      "#1\tAnnotatorNotes T3\ta note\n";
  int mismatches = 0;
  auto gold = eval::ParseBrat(ann, text, &mismatches);
  ASSERT_TRUE(gold.ok()) << gold.status();
  ASSERT_EQ(gold->size(), 1u);
  EXPECT_EQ(mismatches, 0);
  const eval::ByteSpan source = (*gold)[0].source[0];
  EXPECT_EQ(text.substr(source.begin, source.end - source.begin),
            "\xc5\xbd"
            "arko");
  // The two fragments, cut at a space, are one quotation.
  const std::vector<eval::GoldQuote> quotes = eval::GoldQuotes(text, *gold);
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(text.substr(quotes[0].span.begin, quotes[0].span.end - quotes[0].span.begin),
            "We won. We stay.");
  EXPECT_EQ(quotes[0].construction, eval::Construction::kColon);
}

TEST(PolnearTest, SplitAndPartialQuotes) {
  const std::string text =
      "\"We won,\" he said, \"and we stay.\" She said Bob \"lies a lot\" "
      "daily.";
  const std::string ann =
      "T1\tSource 10 12\the\n"
      "T2\tContent 0 9;19 34\tx\n"
      "E1\tAttribution:T9 Content:T2 Source:T1\n"
      "T3\tSource 35 38\tShe\n"
      "T4\tContent 44 67\tBob \"lies a lot\" daily\n"
      "E2\tAttribution:T8 Content:T4 Source:T3\n";
  auto gold = eval::ParseBrat(ann, text);
  ASSERT_TRUE(gold.ok()) << gold.status();
  const std::vector<eval::GoldQuote> quotes = eval::GoldQuotes(text, *gold);
  ASSERT_EQ(quotes.size(), 3u);
  auto slice = [&](const eval::GoldQuote& q) {
    return text.substr(q.span.begin, q.span.end - q.span.begin);
  };
  EXPECT_EQ(slice(quotes[0]), "We won,");
  EXPECT_EQ(quotes[0].construction, eval::Construction::kSplit);
  EXPECT_EQ(slice(quotes[1]), "and we stay.");
  EXPECT_EQ(slice(quotes[2]), "lies a lot");
  EXPECT_EQ(quotes[2].construction, eval::Construction::kPartial);
}

TEST(PolnearTest, ScoresMatchByHalfTheUnion) {
  const std::string text = "\"We won the vote today,\" Ann Lee said.";
  const std::string ann =
      "T1\tSource 25 32\tAnn Lee\n"
      "T2\tContent 0 24\tx\n"
      "E1\tAttribution:T9 Content:T2 Source:T1\n";
  auto gold = eval::ParseBrat(ann, text);
  ASSERT_TRUE(gold.ok());
  const v1::Annotations predicted = Annotate(text, {{"Ann Lee", v1::ENTITY_TYPE_PERSON}});
  eval::Scores scores;
  eval::ScoreText("t", text, *gold, predicted, &scores);
  EXPECT_EQ(scores.gold, 1);
  EXPECT_EQ(scores.predicted, 1);
  EXPECT_EQ(scores.matched, 1);
  EXPECT_EQ(scores.exact, 1);
  EXPECT_EQ(scores.speaker_right, 1);
  EXPECT_DOUBLE_EQ(scores.F1(), 100.0);
  EXPECT_THAT(scores.ToJson(), HasSubstr("\"span_f1\": 100.00"));
}

// A place the gold source goes on past ("a Texas senator") names no
// source, as a MISC name does not: the source is indefinite, and the
// right speaker is none, not the place.
TEST(PolnearTest, APlaceBeforeTheSourcesNounNamesNoSource) {
  const std::string text = "\"We won the vote today,\" said a Texas senator.";
  const std::string ann =
      "T1\tSource 30 45\ta Texas senator\n"
      "T2\tContent 0 24\tx\n"
      "E1\tAttribution:T9 Content:T2 Source:T1\n";
  auto gold = eval::ParseBrat(ann, text);
  ASSERT_TRUE(gold.ok());
  const v1::Annotations predicted = Annotate(text, {{"Texas", v1::ENTITY_TYPE_LOCATION}});
  ASSERT_EQ(predicted.quotes_size(), 1);
  eval::Scores scores;
  eval::ScoreText("t", text, *gold, predicted, &scores);
  EXPECT_EQ(scores.matched, 1);
  EXPECT_EQ(scores.unnamed_judged, 1);
  EXPECT_EQ(scores.speaker_right, 1)
      << "the tagger named " << Speaker(predicted, predicted.quotes(0));
}

}  // namespace
}  // namespace dossier::tagger
