#include "services/tagger/tagger.h"

#include <algorithm>
#include <optional>

#include "absl/container/fixed_array.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/types/span.h"
#include "services/tagger/coref.h"
#include "services/tagger/org_names.h"
#include "services/tagger/quote_lexicon.h"
#include "services/tagger/quotes.h"
#include "services/tagger/roles.h"
#include "services/tagger/temporal.h"
#include "text/fold.h"
#include "text/given_names.h"
// kTaggerRulesId, generated from the tagger's sources (CMakeLists.txt).
#include "rules_id.h"

namespace dossier::tagger {

using text::Sentence;
using text::Tokenize;
using text::TokenizedText;

namespace {

// Whether every token of [begin, end) starts with a capital (ASCII, or a
// letter beyond it, which names in other alphabets start with).
bool AllCapitalised(const TokenizedText& tokens, int begin, int end) {
  for (int t = begin; t < end; ++t) {
    const unsigned char c = static_cast<unsigned char>(tokens.tokens[t].text[0]);
    if (!absl::ascii_isupper(c) && c < 0x80) return false;
  }
  return true;
}

// Token t follows token t - 1 with no space between them.
bool Joined(const TokenizedText& tokens, int t) {
  return t > 0 && t < static_cast<int>(tokens.tokens.size()) &&
         tokens.tokens[t].begin == tokens.tokens[t - 1].end;
}

// The parties British and American news writes before a person's name,
// as tokens.
const std::vector<std::vector<absl::string_view>>& Parties() {
  static const auto* const parties =
      new std::vector<std::vector<absl::string_view>>{{"Liberal", "Democrats"},
                                                      {"Liberal", "Democrat"},
                                                      {"Lib", "Dems"},
                                                      {"Lib", "Dem"},
                                                      {"Plaid", "Cymru"},
                                                      {"Tory"},
                                                      {"Tories"},
                                                      {"Labour"},
                                                      {"Conservative"},
                                                      {"SNP"},
                                                      {"UKIP"},
                                                      {"Republican"},
                                                      {"Democrat"}};
  return *parties;
}

// How many tokens of a party's name start at token `begin` and end by
// `end` (0 for none).
int PartyAt(const TokenizedText& tokens, int begin, int end) {
  for (const auto& words : Parties()) {
    const int n = static_cast<int>(words.size());
    if (begin < 0 || begin + n > end) continue;
    bool match = true;
    for (int k = 0; k < n && match; ++k) match = tokens.tokens[begin + k].text == words[k];
    if (match) return n;
  }
  return 0;
}

// Whether a party's name of tokens from `begin` on ends at token `end`.
bool PartyEndsAt(const TokenizedText& tokens, int begin, int end) {
  for (int from = std::max(begin, end - 2); from < end; ++from) {
    if (PartyAt(tokens, from, end) == end - from) return true;
  }
  return false;
}

// Whether `word` is one of `words`, case aside.
template <size_t N>
bool IsOneOf(absl::string_view word, const absl::string_view (&words)[N]) {
  return std::any_of(std::begin(words), std::end(words),
                     [&](absl::string_view w) { return absl::EqualsIgnoreCase(word, w); });
}

// Whether the word before token `t` is "the" ("the Admiral Nakhimov").
bool AfterThe(const TokenizedText& tokens, int t) {
  return t > 0 && absl::EqualsIgnoreCase(tokens.tokens[t - 1].text, "the");
}

// Token `t`'s text; empty outside the text.
absl::string_view WordAt(const TokenizedText& tokens, int t) {
  return t >= 0 && t < static_cast<int>(tokens.tokens.size())
             ? absl::string_view(tokens.tokens[t].text)
             : absl::string_view();
}

// The folded words of the people `spans` name in full, of two words or
// more ("Kennedy" of Charles Kennedy): a lone word among them is that
// person's, not another name.
absl::flat_hash_set<std::string> WordsOfPeopleNamedInFull(const TokenizedText& tokens,
                                                          const std::vector<MentionSpan>& spans) {
  absl::flat_hash_set<std::string> words;
  for (const MentionSpan& s : spans) {
    if (s.type != v1::ENTITY_TYPE_PERSON || s.end - s.begin < 2) continue;
    for (int t = s.begin; t < s.end; ++t) words.insert(text::FoldName(tokens.tokens[t].text));
  }
  return words;
}

// The words of tokens [begin, end) in lower case, one space between.
std::string LowerWords(const TokenizedText& tokens, int begin, int end) {
  std::string out;
  for (int t = begin; t < end; ++t) {
    absl::StrAppend(&out, t > begin ? " " : "", absl::AsciiStrToLower(tokens.tokens[t].text));
  }
  return out;
}

// Drops the spans a rule emptied (begin == end) and puts the rest back in
// token order.
void DropEmptiedAndSort(std::vector<MentionSpan>* spans) {
  spans->erase(std::remove_if(spans->begin(), spans->end(),
                              [](const MentionSpan& span) { return span.begin >= span.end; }),
               spans->end());
  std::sort(spans->begin(), spans->end(),
            [](const MentionSpan& a, const MentionSpan& b) { return a.begin < b.begin; });
}

bool IsRank(absl::string_view word) {
  return absl::EqualsIgnoreCase(word, "lord") || absl::EqualsIgnoreCase(word, "lady") ||
         absl::EqualsIgnoreCase(word, "baroness");
}

// The word after a rank that makes the two an office, not a peer: "Lord
// Chancellor", "Lord Chief Justice", "Lord Justices Clarke and Rix",
// "Lord Mayor", "Lord Privy Seal" ("Lord Judge" and "Lord Marshall" are
// peers).
bool IsRankOffice(absl::string_view word) {
  static constexpr absl::string_view kWords[] = {
      "chancellor", "chief",   "justice",      "justices", "mayor",      "president",
      "speaker",    "privy",   "advocate",     "provost",  "lieutenant", "chamberlain",
      "high",       "steward", "commissioner", "bishop",   "mayoress"};
  return IsOneOf(word, kWords);
}

// Whether the word before the rank at token `rank`, in a span from
// `begin`, is a word of a title ("General", "Treasurer", "Chancellor"),
// and the word after it is none ("Shadow Lord Chancellor Bill Cash" is
// Bill Cash).
bool TitleBeforeRank(const TokenizedText& tokens, int begin, int rank) {
  return rank > begin && rank + 1 < static_cast<int>(tokens.tokens.size()) &&
         IsTitleWord(tokens.tokens[rank - 1].text) && !IsTitleWord(tokens.tokens[rank + 1].text);
}

// A word that joins the words of a title ("Secretary of State for
// Health").
bool JoinsTitleWords(absl::string_view word) {
  return word == "of" || word == "for" || word == "and" || word == "the" || word == "to";
}

// A courtesy title says the capitalised words after it are a person ("Mr
// Cable", which the model read as an organisation or missed): a span that
// starts with the title or right after it becomes a person, and words no
// span holds become one (up to three capitalised words). A rank that
// stands for the person ("Lord Hattersley", read as a place) makes its
// span a person too, and inside a span after a title ("Attorney General
// Lord Goldsmith") starts the person's name. Names the tagger knows keep
// their type.
void PeopleAfterCourtesyTitles(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  const int n = static_cast<int>(tokens.tokens.size());
  auto capitalised = [&](int t) { return AllCapitalised(tokens, t, t + 1); };
  std::vector<int> span_at(n, -1);
  for (size_t i = 0; i < spans->size(); ++i) {
    for (int t = (*spans)[i].begin; t < (*spans)[i].end; ++t) span_at[t] = static_cast<int>(i);
  }
  std::vector<MentionSpan> added;
  for (int t = 0; t + 1 < n; ++t) {
    const std::string& title = tokens.tokens[t].text;
    const bool rank = IsRank(title);
    if (!capitalised(t) || !(IsCourtesyTitle(title) || rank)) continue;
    int next = t + 1;
    if (next < n && tokens.tokens[next].text == "." && !rank) ++next;
    if (next >= n || !capitalised(next)) continue;
    const int at = span_at[next];
    if (at >= 0 && rank && span_at[t] == at && (*spans)[at].begin < t && !(*spans)[at].known &&
        TitleBeforeRank(tokens, (*spans)[at].begin, t)) {
      // "Attorney General Lord Goldsmith", "Tory Treasurer Lord Ashcroft"
      // read as one name: the person is from the rank on, and a name
      // before the title stays a name of its own type ("Tory").
      MentionSpan& span = (*spans)[at];
      int title = t;
      // Not past a party's name ("Labour Treasurer Lord Triesman").
      while (title > span.begin && !PartyEndsAt(tokens, span.begin, title) &&
             (IsTitleWord(tokens.tokens[title - 1].text) || IsRank(tokens.tokens[title - 1].text) ||
              JoinsTitleWords(tokens.tokens[title - 1].text))) {
        --title;
      }
      if (title > span.begin) {
        MentionSpan before = span;
        before.end = title;
        added.push_back(before);
      }
      span.begin = t;
      span.type = v1::ENTITY_TYPE_PERSON;
      continue;
    }
    // "Lord Chancellor Bill Cash": the rank is the title's, and the person
    // is the name after it. An office alone ("The Lord Chief Justice,
    // Lord Woolf,") is no name; the roles read it as a title, and the
    // quotes as a description of its holder. Nor is a person the
    // complement of its title ("Lord Mayor of London"), which keeps its
    // own type, or no name when the model read the whole as a person; nor
    // a possessive after it ("the Lord Chancellor's Department", as the
    // model read it). A title alone that is no office is read as below
    // ("Lord Judge").
    const bool office = rank && IsRankOffice(tokens.tokens[next].text);
    if (at >= 0 && rank && (*spans)[at].begin == t && !(*spans)[at].known &&
        (office || IsTitleWord(tokens.tokens[next].text))) {
      MentionSpan& span = (*spans)[at];
      int name = next;
      while (name < span.end &&
             (IsTitleWord(tokens.tokens[name].text) || IsRankOffice(tokens.tokens[name].text) ||
              JoinsTitleWords(tokens.tokens[name].text))) {
        ++name;
      }
      const bool complement = name < span.end && JoinsTitleWords(tokens.tokens[name - 1].text);
      if (name < span.end && capitalised(name) && !complement) {
        span.begin = name;
        span.type = v1::ENTITY_TYPE_PERSON;
        continue;
      }
      // "the Lord Chancellor's Department": the model's reading stands.
      if (name < span.end && !complement) continue;
      if (office || complement) {
        span.begin = complement && span.type != v1::ENTITY_TYPE_PERSON ? name : span.end;
        continue;
      }
    }
    if (at >= 0) {
      MentionSpan& span = (*spans)[at];
      // A rank counts only inside the span it starts ("Lord Hattersley").
      const bool starts_here = span.begin == t || (span.begin == next && !rank);
      if (starts_here && !span.known && span.type != v1::ENTITY_TYPE_PERSON) {
        span.type = v1::ENTITY_TYPE_PERSON;
      }
      continue;
    }
    if (rank || span_at[t] >= 0) continue;
    int end = next + 1;
    while (end < n && end < next + 3 && span_at[end] < 0 && capitalised(end) &&
           absl::ascii_isalpha(static_cast<unsigned char>(tokens.tokens[end].text[0]))) {
      ++end;
    }
    MentionSpan person;
    person.begin = next;
    person.end = end;
    person.type = v1::ENTITY_TYPE_PERSON;
    person.confidence = 0.5f;
    added.push_back(person);
  }
  // The offices read above are no names.
  spans->insert(spans->end(), added.begin(), added.end());
  DropEmptiedAndSort(spans);
}

// "Nintendo president Satoru Iwata", "Chelsea striker Didier Drogba": a
// name of two or three capitalised words after a noun for a person's post
// (the quote lexicon's: "president", "spokesman", "striker"), written in
// lower case, that starts with a given name the lexicon knows or ends
// with a word the document names a person by ("Mr Iwata"), is a person
// where the model was unsure of another type (it read the company's
// president as part of the company: an organisation at 0.52, BBC
// tech/084), but for an organisation's name by its head word ("host
// Chelsea Football Club"). Known names keep their type.
void PeopleAfterPostNouns(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  absl::flat_hash_set<absl::string_view> surnames;  // last words of people's names
  for (const MentionSpan& span : *spans) {
    if (span.type == v1::ENTITY_TYPE_PERSON) surnames.insert(tokens.tokens[span.end - 1].text);
  }
  for (MentionSpan& span : *spans) {
    const int words = span.end - span.begin;
    // Only where the model was unsure, and not an organisation's name
    // ("Arsenal will host Chelsea Football Club").
    if (span.known || span.type == v1::ENTITY_TYPE_PERSON || words < 2 || words > 3 ||
        span.begin == 0 || span.confidence >= kRetypeBelow ||
        !AllCapitalised(tokens, span.begin, span.end) ||
        IsOrganizationHeadWord(tokens.tokens[span.end - 1].text)) {
      continue;
    }
    const std::string& post = tokens.tokens[span.begin - 1].text;
    if (!absl::ascii_islower(static_cast<unsigned char>(post[0])) ||
        !(quotes::WordClasses(post) & quotes::kPersonNoun)) {
      continue;
    }
    if (!quotes::IsGivenName(tokens.tokens[span.begin].text) &&
        !surnames.contains(tokens.tokens[span.end - 1].text)) {
      continue;
    }
    span.type = v1::ENTITY_TYPE_PERSON;
  }
}

// "Mr Blunkett", "Dr. Fox": a courtesy title is no part of a person's name
// (CoNLL's convention too, which the model follows for "Mr." but, in a
// document that writes it often, not always for the British "Mr"), so the
// person is keyed "blunkett" and joins "David Blunkett"; one inside a span
// starts the name. "Sir" and "Dame" go only before a full name: the BBC
// calls Sir Alan Budd "Sir Alan", and "Alan" alone would be someone else.
// Titles of rank that stand for the person ("Lord Falconer") stay.
void DropCourtesyTitles(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  auto word_at = [&](int t) {
    absl::string_view word = tokens.tokens[t].text;
    absl::ConsumeSuffix(&word, ".");
    return word;
  };
  for (MentionSpan& span : *spans) {
    if (span.type != v1::ENTITY_TYPE_PERSON) continue;
    // Inside the span, a courtesy title with a word after it starts the
    // name: "Speaking in Harrogate Mr Kennedy" ran the place into it.
    for (int t = span.end - 2; t > span.begin; --t) {
      if (IsCourtesyTitle(tokens.tokens[t].text)) {
        span.begin = t;
        break;
      }
    }
    while (span.end - span.begin >= 2) {
      const absl::string_view word = word_at(span.begin);
      int next = span.begin + 1;
      if (tokens.tokens[next].text == ".") ++next;
      const int left = span.end - next;
      if (!(IsCourtesyTitle(word) && left >= 1) && !(text::IsHonourTitle(word) && left >= 2)) break;
      span.begin = next;
    }
  }
}

// The last word of a building's, a street's or a prize's name ("the
// Ambassador Theatre", "Chancellor Road", "Governor Phillip Tower"): no
// word of a person's name.
// The last word of a prize's name ("the President's Cup", "the Governor
// General's Award").
bool IsHonourWord(absl::string_view word) {
  static constexpr absl::string_view kWords[] = {"prize", "award",  "awards",
                                                 "cup",   "trophy", "lecture"};
  return IsOneOf(word, kWords);
}

bool IsPlaceWord(absl::string_view word) {
  static constexpr absl::string_view kWords[] = {
      "theatre", "theater",  "bridge",  "road",   "street",  "avenue",   "lane",
      "square",  "tower",    "hotel",   "hall",   "house",   "building", "centre",
      "center",  "park",     "stadium", "arena",  "airport", "station",  "college",
      "school",  "hospital", "gallery", "museum", "palace"};
  return IsOneOf(word, kWords) || IsHonourWord(word);
}

// "Senator Cruz", "Justice Antonin Scalia", "Mayor Bill de Blasio": a
// public office's title that the model ran into a person's name, which
// CoNLL-2003 leaves out of it ("Senator Bob Dole" is "Bob Dole") and news
// writes mostly outside it; inside, it splits the person ("justice scalia"
// is not "antonin scalia"). A person's span that opens with words of a
// title, one of them the head of an office of state, a court or the
// military ("Senator", "Sen.", "Chief Justice", "Vice President"), and has
// a name after them, starts at the name; the roles read the title. Titles
// that are the way a person is named stay ("Pope Francis", "King
// Abdullah"), and so do names the tagger knows. After "the" the title is
// part of a thing's name ("the Admiral Nakhimov", a ship; "the Judge
// Dredd film"), and a title's word alone after "the" or a courtesy title
// is no name ("the Mayor said", "Mr. President": the span is dropped).
// Nor is a title before a building's, a street's or a
// prize's word a person's name: "Chancellor Road" is a place, "Governor
// Phillip Tower" a building, "the President's Cup" a prize.
bool IsOfficeOfState(absl::string_view word) {
  static constexpr absl::string_view kOffices[] = {
      "senator",    "senators",     "representative", "congressman", "congresswoman",
      "justice",    "judge",        "mayor",          "governor",    "chairman",
      "chairwoman", "speaker",      "secretary",      "president",   "minister",
      "chancellor", "commissioner", "ambassador",     "general",     "admiral",
      "colonel",    "lieutenant",   "sergeant",       "commander",   "prosecutor"};
  return IsOneOf(word, kOffices);
}

void DropOfficeTitles(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  // Whether a person the document names in full has `word` for a surname
  // ("Jim Justice", whom the NYT calls "Mr. Justice"); asked only of a
  // lone office's word after a courtesy title.
  const auto surname = [&](absl::string_view word) {
    return std::any_of(spans->begin(), spans->end(), [&](const MentionSpan& other) {
      return other.type == v1::ENTITY_TYPE_PERSON && other.end - other.begin >= 2 &&
             absl::EqualsIgnoreCase(tokens.tokens[other.end - 1].text, word);
    });
  };
  for (MentionSpan& span : *spans) {
    if (span.type != v1::ENTITY_TYPE_PERSON || span.known) continue;
    // "Mr. President", "Madam Speaker": an office's word addressed so is
    // no one's name either, unless it is a surname of the document ("Mr.
    // Justice"); a lone office's word with neither before it may be one
    // ("Hanley; Mayor, Payne", a team's list).
    int before = span.begin - 1;
    if (before >= 1 && tokens.tokens[before].text == "." && Joined(tokens, before)) --before;
    const bool addressed =
        before >= 0 && (IsCourtesyTitle(tokens.tokens[before].text) ||
                        absl::EqualsIgnoreCase(tokens.tokens[before].text, "madam"));
    const bool after_the = AfterThe(tokens, span.begin);
    if (span.end - span.begin == 1 && IsOfficeOfState(tokens.tokens[span.begin].text) &&
        (after_the || (addressed && !surname(tokens.tokens[span.begin].text)))) {
      span.end = span.begin;
      continue;
    }
    if (after_the) continue;
    bool office = false;
    int t = span.begin;
    while (t + 1 < span.end) {
      const absl::string_view word = tokens.tokens[t].text;
      if (word == "." && t > span.begin && Joined(tokens, t)) {
        ++t;
        continue;
      }
      if (!AllCapitalised(tokens, t, t + 1) || !IsTitleWord(word)) break;
      absl::string_view bare = word;
      absl::ConsumeSuffix(&bare, ".");
      office = office || IsOfficeOfState(bare) || absl::EndsWith(word, ".");
      ++t;
    }
    if (!office || t == span.begin || t >= span.end) continue;
    if (const absl::string_view last = tokens.tokens[span.end - 1].text; IsPlaceWord(last)) {
      span.type = IsHonourWord(last) ? v1::ENTITY_TYPE_MISC : v1::ENTITY_TYPE_LOCATION;
      continue;
    }
    const absl::string_view name = tokens.tokens[t].text;
    if (!AllCapitalised(tokens, t, t + 1) ||
        !absl::ascii_isalpha(static_cast<unsigned char>(name[0]))) {
      continue;
    }
    span.begin = t;
  }
  DropEmptiedAndSort(spans);
}

// The title written just before token `begin` ("Mr", "Mr.", "Sir"), which
// DropCourtesyTitles left out of a person's name.
// The capitalised word just before token `begin`, without its full stop
// ("Mr" of "Mr." or "Mr"); empty for none ("..., sir. Smith").
absl::string_view WordOfTitleBefore(const TokenizedText& tokens, int begin) {
  int t = begin - 1;
  // "Mr." may be two tokens.
  if (t >= 1 && tokens.tokens[t].text == "." && Joined(tokens, t)) --t;
  if (t < 0) return {};
  absl::string_view word = tokens.tokens[t].text;
  absl::ConsumeSuffix(&word, ".");
  if (word.empty() || !absl::ascii_isupper(static_cast<unsigned char>(word[0]))) return {};
  return word;
}

NameTitle TitleBefore(const TokenizedText& tokens, int begin);

// The sex the title just before token `begin` says ("Mrs", "Mr", "Lady",
// "Sister"), or kUnknown: of the titles TitleBefore knows, those the
// quote lexicon gives a sex.
quotes::Gender GenderOfTitleBefore(const TokenizedText& tokens, int begin) {
  if (TitleBefore(tokens, begin) == NameTitle::kNone) return quotes::Gender::kUnknown;
  const uint32_t classes =
      quotes::WordClasses(absl::AsciiStrToLower(WordOfTitleBefore(tokens, begin)));
  if (classes & quotes::kMale) return quotes::Gender::kMale;
  if (classes & quotes::kFemale) return quotes::Gender::kFemale;
  return quotes::Gender::kUnknown;
}

NameTitle TitleBefore(const TokenizedText& tokens, int begin) {
  const absl::string_view word = WordOfTitleBefore(tokens, begin);
  if (word.empty()) return NameTitle::kNone;
  if (text::IsHonourTitle(word)) return NameTitle::kHonour;
  if (IsCourtesyTitle(word)) return NameTitle::kCourtesy;
  for (absl::string_view title :
       {"prince",    "princess",   "queen",    "king",      "pope",     "emperor",
        "empress",   "duke",       "duchess",  "sheikh",    "saint",    "st",
        "president", "chancellor", "minister", "secretary", "judge",    "coach",
        "manager",   "captain",    "general",  "senator",   "governor", "mayor",
        "bishop",    "archbishop", "cardinal", "father",    "brother",  "sister",
        "uncle",     "aunt",       "lord",     "lady",      "baroness", "baron"}) {
    if (absl::EqualsIgnoreCase(word, title)) return NameTitle::kOther;
  }
  return NameTitle::kNone;
}

// Whether tokens [begin, end) hold a letter or a digit.
bool HasLetterOrDigit(const TokenizedText& tokens, int begin, int end) {
  for (int t = begin; t < end; ++t) {
    for (const char c : tokens.tokens[t].text) {
      if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || (c & 0x80) != 0) return true;
    }
  }
  return false;
}

// Which bracket a token is: +1..+4 opens one of ( [ { <, -1..-4 closes it,
// 0 is none.
int Bracket(absl::string_view token) {
  static constexpr absl::string_view kOpen = "([{<";
  static constexpr absl::string_view kClose = ")]}>";
  if (token.size() != 1) return 0;
  if (const size_t at = kOpen.find(token[0]); at != absl::string_view::npos) return 1 + at;
  if (const size_t at = kClose.find(token[0]); at != absl::string_view::npos) return -1 - at;
  return 0;
}

// No name runs across a semicolon or a bracket it does not close: in a team
// sheet ("Hatley, van der Walt, Hardwick; Kennedy, Casey") the model may
// join the last of one line and the first of the next, and in "owned by
// Primerica Corp <PA>" run the company into its ticker. The parts on either
// side are names of the span's type; the spans stay in token order. A
// bracketed part the span closes stays ("Mladost (L)", as CoNLL writes
// teams).
//
// Nor an organisation's or a place's name across "and the": "the Liberal
// Democrats and the Conservatives" are two parties, which the model may
// read as one (of CoNLL-2003's 29,000 gold names, one has "and the"
// inside, a film's: "Butch Cassidy and the Sundance Kid").
//
// Nor does a name hold the title of a member of a parliament, outside
// brackets: "Labour MP" is the party, "Frank Field MP" the man, and in
// "Labour MP Louise Ellman", which the model reads as one organisation,
// the part after the title of one member, when it is two capitalised
// words or more, is a person's name. The title itself is no name: a span
// of it alone goes, and so does a part with no letter or digit.
//
// A known name (MentionSpan::known) is cut only at a semicolon or an
// unclosed bracket.
void SplitAtSeparators(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  std::vector<MentionSpan> out;
  out.reserve(spans->size());
  std::vector<bool> cut;
  std::vector<int> open;
  for (const MentionSpan& span : *spans) {
    cut.assign(span.end - span.begin, false);
    open.clear();
    const bool cuttable = !span.known;
    const bool two_names = cuttable && (span.type == v1::ENTITY_TYPE_ORGANIZATION ||
                                        span.type == v1::ENTITY_TYPE_LOCATION);
    for (int t = span.begin; t < span.end; ++t) {
      const absl::string_view text = tokens.tokens[t].text;
      const int bracket = Bracket(text);
      if (text == ";" || (cuttable && open.empty() && IsMemberTitle(text))) {
        cut[t - span.begin] = true;
      } else if (two_names && text == "and" && t + 1 < span.end &&
                 tokens.tokens[t + 1].text == "the") {
        cut[t - span.begin] = cut[t + 1 - span.begin] = true;
      } else if (bracket > 0) {
        open.push_back(t);
      } else if (bracket < 0) {
        if (!open.empty() && Bracket(tokens.tokens[open.back()].text) == -bracket) {
          open.pop_back();
        } else {
          cut[t - span.begin] = true;
        }
      }
    }
    for (const int t : open) cut[t - span.begin] = true;
    int begin = span.begin;
    for (int t = span.begin; t <= span.end; ++t) {
      if (t < span.end && !cut[t - span.begin]) continue;
      if (t > begin && HasLetterOrDigit(tokens, begin, t)) {
        MentionSpan part = span;
        part.begin = begin;
        part.end = t;
        if (begin > span.begin && IsMemberTitle(tokens.tokens[begin - 1].text) &&
            !absl::EndsWith(tokens.tokens[begin - 1].text, "s") && t - begin >= 2 &&
            AllCapitalised(tokens, begin, t)) {
          part.type = v1::ENTITY_TYPE_PERSON;
        }
        out.push_back(part);
      }
      begin = t + 1;
    }
  }
  *spans = std::move(out);
}

// British news puts a person's party before the name ("Tory Liam Fox",
// "Liberal Democrat Sarah Teather", "Lib Dems David Laws"), which
// CoNLL-2003 does not, and the model reads the whole as one organisation,
// so the person's quotes went to an organisation of that name (or, for
// "Tories Ken Clarke", one person of that name). A span of the model's
// (of any type) that opens with a party's name and goes on with two or
// three capitalised words, the first a given name the
// quote lexicon knows (quotes::GivenNameGender: "Tory Reform Group",
// "Labour North West" stay), none of them an organisation's head word or
// a word of a role ("Tory Treasurer Lord Ashcroft"), is the party (an
// organisation, where the model read a person) and a person.
void SplitPartyFromPerson(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  std::vector<MentionSpan> out;
  out.reserve(spans->size());
  for (const MentionSpan& span : *spans) {
    const bool candidate = !span.known;
    int party = candidate ? PartyAt(tokens, span.begin, span.end) : 0;
    if (span.end - span.begin < party + 2) party = 0;
    const int first = span.begin + party;
    // A person's name: it opens with a given name ("Reform Group", "North
    // West", "Youth Wing" are the party's bodies and regions).
    bool person = party > 0 && span.end - first <= 3 && span.end - first >= 2 &&
                  AllCapitalised(tokens, first, span.end) &&
                  quotes::IsGivenName(tokens.tokens[first].text);
    for (int t = first; person && t < span.end; ++t) {
      const absl::string_view word = tokens.tokens[t].text;
      person = !IsOrganizationHeadWord(word) && !IsMemberTitle(word) && !IsTitleWord(word) &&
               !(quotes::WordClasses(absl::AsciiStrToLower(word)) & quotes::kPersonNoun);
    }
    if (!person) {
      out.push_back(span);
      continue;
    }
    MentionSpan name = span;
    name.end = first;
    if (name.type == v1::ENTITY_TYPE_PERSON) name.type = v1::ENTITY_TYPE_ORGANIZATION;
    out.push_back(name);
    name.begin = first;
    name.end = span.end;
    name.type = v1::ENTITY_TYPE_PERSON;
    out.push_back(name);
  }
  *spans = std::move(out);
}

// "US Secretary of Energy Spencer Abraham", "US President Bush": a title
// and a person's name, which CoNLL-2003 rarely writes so, read by the
// model as one organisation. In a span of the model's (organisation or
// MISC) with the head of an office's title inside ("President",
// "Secretary", "Minister"; not the "General" of "General Motors", the
// "Premier" of "Premier League"), the name after the head (and
// after its complement: "of Energy") is a person: from the first given
// name the quote lexicon knows, two or three capitalised words, or the
// one or two words right after the head. The names before the title stay
// a name of the span's type ("US"); the title's words are no name, and
// the roles read them. None of the person's words may be a word of a
// title, an organisation's head or a building's, street's or prize's
// ("President Hotel", "the Ambassador Theatre", "Secretary of State for
// Health" stay).
bool IsOfficeHead(absl::string_view word) {
  static constexpr absl::string_view kHeads[] = {
      "president",  "secretary",  "minister",          "chancellor", "senator",    "governor",
      "ambassador", "spokesman",  "spokeswoman",       "chairman",   "chairwoman", "commissioner",
      "mayor",      "prosecutor", "secretary-general", "justice",    "judge"};
  return IsOneOf(word, kHeads);
}

// "Justice" before "Sonia Sotomayor", "Supreme Court Justice" before
// "Antonin Scalia": a title the model read as a name of its own (an
// organisation, after a corpus that wrote "Justice Scalia" often) right
// before a person's name. Its last words, a title's words with an office's
// head among them, are no name: the span ends at the organisation's head
// before them ("Supreme Court"), or is dropped ("Chief Justice", read as
// an organisation or a person). The roles read the title.
void DropTitlesBeforePeople(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  for (size_t i = 0; i + 1 < spans->size(); ++i) {
    MentionSpan& span = (*spans)[i];
    const MentionSpan& next = (*spans)[i + 1];
    if (span.known || next.type != v1::ENTITY_TYPE_PERSON || next.begin != span.end) continue;
    int end = span.end;
    bool office = false;
    while (end > span.begin) {
      const absl::string_view word = tokens.tokens[end - 1].text;
      if (!IsTitleWord(word) || IsOrganizationHeadWord(word)) break;
      office = office || IsOfficeHead(word) || absl::EndsWith(word, ".");
      --end;
    }
    // A person's span only when it is the title alone ("Chief Justice"
    // read as a person before "John Roberts").
    if (office && end < span.end && (span.type != v1::ENTITY_TYPE_PERSON || end == span.begin)) {
      span.end = end;
    }
  }
  DropEmptiedAndSort(spans);
}

void SplitTitleFromPerson(const TokenizedText& tokens, const Recognizer& recognizer,
                          std::vector<MentionSpan>* spans) {
  std::vector<MentionSpan> out;
  out.reserve(spans->size());
  auto name_word = [&](int t) {
    const absl::string_view word = tokens.tokens[t].text;
    return AllCapitalised(tokens, t, t + 1) &&
           absl::ascii_isalpha(static_cast<unsigned char>(word[0])) && !IsTitleWord(word) &&
           !IsOrganizationHeadWord(word) && !IsMemberTitle(word) && !IsRank(word) &&
           !IsCourtesyTitle(word) && !IsPlaceWord(word);
  };
  for (const MentionSpan& span : *spans) {
    int head = -1;
    if (!span.known &&
        (span.type == v1::ENTITY_TYPE_ORGANIZATION || span.type == v1::ENTITY_TYPE_MISC)) {
      for (int t = span.end - 2; t >= span.begin && head < 0; --t) {
        if (AllCapitalised(tokens, t, t + 1) && IsOfficeHead(tokens.tokens[t].text)) head = t;
      }
    }
    // "Justice" and "Judge" head a title only where it starts the span or
    // follows a title's word ("Justice Scalia", "Supreme Court Justice
    // Antonin Scalia"), not in a name ("Criminal Justice Bill", "Family
    // Justice Division", "Equal Justice Under Law"), not in capitals
    // ("JUSTICE LEAGUE", a film), not after "the" ("the Judge Dredd
    // film"), and only before a name the text gives a person elsewhere, by
    // its last word, or one of no word news writes in lower case ("Justice
    // League" and "Justice Action Network" are no people).
    if (head >= 0 && (absl::EqualsIgnoreCase(tokens.tokens[head].text, "justice") ||
                      absl::EqualsIgnoreCase(tokens.tokens[head].text, "judge"))) {
      const bool capitals = text::InCapitals(tokens.tokens[head].text);
      const absl::string_view last = tokens.tokens[span.end - 1].text;
      const bool person_elsewhere =
          std::any_of(spans->begin(), spans->end(), [&](const MentionSpan& other) {
            return &other != &span && other.type == v1::ENTITY_TYPE_PERSON &&
                   absl::EqualsIgnoreCase(tokens.tokens[other.end - 1].text, last);
          });
      const bool after_the = head == span.begin && AfterThe(tokens, span.begin);
      bool common_word = false;
      for (int t = head + 1; t < span.end; ++t) {
        common_word =
            common_word || WrittenInLowerCase(recognizer.HowNewsWrites(tokens.tokens[t].text));
      }
      if (capitals || after_the || (!person_elsewhere && common_word) ||
          (head > span.begin && !IsTitleWord(tokens.tokens[head - 1].text))) {
        head = -1;
      }
    }
    // The office's head may stand before the span, whose words are then
    // the portfolio and the person: "Minister of [Mining and Energy
    // Zorana Mihajlovic]", read as one organisation. Only a person named
    // by a given name and a surname is taken from such a span, and the
    // portfolio's words are no name of their own.
    bool head_before = false;
    if (head < 0 && !span.known &&
        (span.type == v1::ENTITY_TYPE_ORGANIZATION || span.type == v1::ENTITY_TYPE_MISC) &&
        span.begin >= 2 &&
        (tokens.tokens[span.begin - 1].text == "of" ||
         tokens.tokens[span.begin - 1].text == "for") &&
        AllCapitalised(tokens, span.begin - 2, span.begin - 1) &&
        IsOfficeHead(tokens.tokens[span.begin - 2].text)) {
      head = span.begin - 1;
      head_before = true;
    }
    int person = -1;
    if (head >= 0) {
      // Past the complement: "of"/"for"/"to" and capitalised words.
      for (int k = head + 1; k < span.end && person < 0; ++k) {
        const bool given = quotes::IsGivenName(tokens.tokens[k].text);
        // After a head before the span, the person is the span's last two
        // words ("Secretary of State George Shultz China", a run-on, is
        // left as it is).
        if (given && span.end - k >= 2 && span.end - k <= (head_before ? 2 : 3)) {
          bool all = true;
          for (int j = k; j < span.end && all; ++j) all = name_word(j);
          if (all) person = k;
        }
        if (k == head + 1 || AllCapitalised(tokens, k, k + 1)) continue;
        if (!JoinsTitleWords(tokens.tokens[k].text)) break;
      }
      if (person < 0 && !head_before && span.end - (head + 1) >= 1 && span.end - (head + 1) <= 2) {
        bool all = true;
        for (int j = head + 1; j < span.end && all; ++j) all = name_word(j);
        if (all) person = head + 1;
      }
    }
    if (person < 0) {
      out.push_back(span);
      continue;
    }
    int title = head;
    while (title > span.begin && IsTitleWord(tokens.tokens[title - 1].text)) --title;
    if (!head_before && title > span.begin) {
      // The name before the title goes on to the organisation's head
      // among the title's words ("U.S. Supreme Court" of "U.S. Supreme
      // Court Justice Antonin Scalia", not "U.S. Supreme").
      MentionSpan before = span;
      before.end = title;
      for (int t = title; t < head; ++t) {
        if (IsOrganizationHeadWord(tokens.tokens[t].text)) before.end = t + 1;
      }
      out.push_back(before);
    }
    MentionSpan name = span;
    name.begin = person;
    name.type = v1::ENTITY_TYPE_PERSON;
    out.push_back(name);
  }
  *spans = std::move(out);
}

// "Marks & Spencer", "Procter & Gamble": capitalised words joined by "&"
// are a firm's name, which the model, having seen few, cuts at the "&"
// ("Spencer", a person). Where a span ends right before such an "&" or
// starts right after it, and the word on the other side is in none ("Marks
// & Spencer", "David Rubin & Partners"), the words on both sides (with
// the span they are in) are one organisation. A span that holds the "&"
// already stays ("Ant & Dec"), and so does a known name; words the model
// read as no name stay none ("Terms & Conditions").
void JoinAmpersandNames(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  const int n = static_cast<int>(tokens.tokens.size());
  std::vector<int> span_at(n, -1);
  for (size_t i = 0; i < spans->size(); ++i) {
    for (int t = (*spans)[i].begin; t < (*spans)[i].end; ++t) span_at[t] = static_cast<int>(i);
  }
  auto word = [&](int t) {
    return t >= 0 && t < n && AllCapitalised(tokens, t, t + 1) &&
           absl::ascii_isalpha(static_cast<unsigned char>(tokens.tokens[t].text[0]));
  };
  bool changed = false;
  for (int t = 1; t + 1 < n; ++t) {
    // The model's span may start on the "&" ("& Spencer").
    const bool opens_span = span_at[t] >= 0 && (*spans)[span_at[t]].begin == t;
    if (tokens.tokens[t].text != "&" || (span_at[t] != -1 && !opens_span) || !word(t - 1) ||
        !word(t + 1)) {
      continue;
    }
    const int left = span_at[t - 1];
    // A span the model started on the "&" ("& Spencer") is the right one.
    const int right = opens_span ? span_at[t] : span_at[t + 1];
    // Two names the model read on both sides are two ("Matt Lucas & David
    // Walliams", "Serbia & Montenegro"); single letters are no firm ("R &
    // B").
    // Nor are words the model read as no name at all ("Terms &
    // Conditions").
    if (left == -2 || right == -2 || (left >= 0 && right >= 0) || (left < 0 && right < 0) ||
        tokens.tokens[t - 1].text.size() < 2 || tokens.tokens[t + 1].text.size() < 2) {
      continue;
    }
    if ((left >= 0 && (*spans)[left].known) || (right >= 0 && (*spans)[right].known)) continue;
    MentionSpan joined;
    joined.begin = left >= 0 ? (*spans)[left].begin : t - 1;
    joined.end = right >= 0 ? std::max((*spans)[right].end, t + 2) : t + 2;
    joined.type = v1::ENTITY_TYPE_ORGANIZATION;
    joined.confidence = std::max(left >= 0 ? (*spans)[left].confidence : 0.f,
                                 right >= 0 ? (*spans)[right].confidence : 0.f);
    if (joined.confidence == 0) joined.confidence = kKnownNameConfidence;
    for (const int i : {left, right}) {
      if (i >= 0) (*spans)[i].end = (*spans)[i].begin;  // gone
    }
    spans->push_back(joined);
    for (int k = joined.begin; k < joined.end; ++k) span_at[k] = -2;  // taken
    changed = true;
  }
  if (changed) DropEmptiedAndSort(spans);
}

// Token `at` is a "." joined to the tokens on both sides, and the one
// after it starts with a letter or a digit: the dot inside an address.
bool AddressDot(const TokenizedText& tokens, int at) {
  return Joined(tokens, at) && Joined(tokens, at + 1) && tokens.tokens[at].text == "." &&
         absl::ascii_isalnum(static_cast<unsigned char>(tokens.tokens[at + 1].text[0]));
}

// The end of a web address written without "www." ("Amazon.com",
// "Jolt.co.uk"), which the tokenizer cuts at its dots: the tokens after the
// name, "." "com" or "." "co" "." "uk" (IsWebAddressEnding), counted from
// token `at` (a "."), or 0.
int WebAddressEndAt(const TokenizedText& tokens, int at) {
  auto lower = [&](int t) {
    const std::string& word = tokens.tokens[t].text;
    return std::all_of(word.begin(), word.end(),
                       [](char c) { return absl::ascii_islower(static_cast<unsigned char>(c)); });
  };
  if (!AddressDot(tokens, at) || !lower(at + 1)) return 0;
  const std::string& label = tokens.tokens[at + 1].text;
  // "co" "." "uk": a country's second level. The address must end there
  // ("Amazon.community" has no ending at "com").
  auto goes_on = [&](int t) {  // a word joined after token t
    return Joined(tokens, t + 1) &&
           absl::ascii_isalnum(static_cast<unsigned char>(tokens.tokens[t + 1].text[0]));
  };
  if (AddressDot(tokens, at + 2) && lower(at + 3) && !goes_on(at + 3) &&
      IsWebAddressEnding(absl::StrCat(label, ".", tokens.tokens[at + 3].text))) {
    return 4;
  }
  return IsWebAddressEnding(label) && !goes_on(at + 1) ? 2 : 0;
}

// "Online retailer Amazon.com said": the model read "Amazon" as the river
// and "Lastminute" (of "Lastminute.com") as a place, and "uk" of
// "bbc.co.uk" as one. A web address written as a name (SiteName: its
// site's name capitalised, or with a capital inside, "eBay.com") is the
// organisation that runs the site, whole; one all in lower case
// ("bbc.co.uk") is an address and no name, and no word of it is one; nor
// is "Dot.com", the word for such firms, at a sentence's start. A name of
// a knowledge base or a curated list that is the whole address stays as
// it is. `news` (may be null) says which names are places too.
void NameWebsites(const TokenizedText& tokens, std::vector<MentionSpan>* spans,
                  const Recognizer* news) {
  const int n = static_cast<int>(tokens.tokens.size());
  bool changed = false;
  // The names of the sites named ("Amazon").
  absl::flat_hash_set<std::string> sites;
  for (int t = 0; t + 2 < n; ++t) {
    const std::string& first = tokens.tokens[t].text;
    if (first.empty() || !absl::ascii_isalnum(static_cast<unsigned char>(first[0]))) continue;
    // Inside something longer: "sales@amazon.com", "e.g.Amazon".
    if (Joined(tokens, t)) {
      const std::string& before = tokens.tokens[t - 1].text;
      if (before == "." || before == "@" ||
          absl::ascii_isalnum(static_cast<unsigned char>(before.back()))) {
        continue;
      }
    }
    // The site's own name may have dots of its own ("news.bbc" of
    // "news.bbc.co.uk"): the address ends at the first ending found.
    int end = t + 1;
    int suffix = 0;
    while (end + 1 < n && (suffix = WebAddressEndAt(tokens, end)) == 0 && AddressDot(tokens, end)) {
      end += 2;
    }
    if (suffix == 0) continue;
    end += suffix;
    std::string address;
    for (int k = t; k < end; ++k) address += tokens.tokens[k].text;
    const bool named = !SiteName(address).empty() && !absl::EqualsIgnoreCase(first, "dot");
    bool whole = false;
    for (MentionSpan& span : *spans) {
      if (span.end <= t || span.begin >= end) continue;
      // A name of which the address is all or the start ("Amazon.com
      // Inc") stays, if it is the organisation's.
      if (span.begin <= t && span.end >= end &&
          (span.type == v1::ENTITY_TYPE_ORGANIZATION ||
           (span.known && span.begin == t && span.end == end))) {
        whole = true;
        continue;
      }
      span.end = span.begin;  // gone
      changed = true;
    }
    if (named && end == t + 1 + suffix) sites.insert(first);
    if (named && !whole) {
      MentionSpan site;
      site.begin = t;
      site.end = end;
      site.type = v1::ENTITY_TYPE_ORGANIZATION;
      site.confidence = kKnownNameConfidence;
      site.known = true;  // no rule cuts it at its dots
      spans->push_back(site);
      changed = true;
    }
    t = end - 1;
  }
  // "Amazon.com", then "Amazon said": news names the firm by its site's
  // name without the ending, which the model read as the river. A name of
  // the model that is that word, as the address writes it, is the firm;
  // not a person ("Dell.com", then "Michael Dell" and "Dell said"), a name
  // the tagger knows, or a place ("Boston.com reported that Boston ...").
  for (MentionSpan& span : *spans) {
    if (sites.empty()) break;
    if (span.end - span.begin != 1 || span.known || span.type == v1::ENTITY_TYPE_ORGANIZATION ||
        span.type == v1::ENTITY_TYPE_PERSON || !sites.contains(tokens.tokens[span.begin].text)) {
      continue;
    }
    if (news != nullptr && news->ListsAsPlace({tokens.tokens[span.begin].text})) continue;
    span.type = v1::ENTITY_TYPE_ORGANIZATION;
  }
  if (changed) DropEmptiedAndSort(spans);
}

// The legal form that ends a company's name after a comma ("Inc", "Ltd").
bool IsCompanyForm(absl::string_view word) {
  static constexpr absl::string_view kForms[] = {
      "Inc", "Ltd",         "LLC",     "LLP",          "Plc",  "Corp",   "Co",
      "AG",  "SA",          "NV",      "NA",           "GmbH", "LP",     "SpA",
      "BV",  "Corporation", "Limited", "Incorporated", "AB",   "Company"};
  // "S.A.", "N.V.", "Inc.": the form without its dots.
  return IsOneOf(absl::StrReplaceAll(word, {{".", ""}}), kForms);
}

// Whether `word` ends an organisation's whole name: its head ("Ministry",
// "Bank"), a company's form ("Corp"), or a word of the kind that ends the
// names of international bodies ("World Health Organization", "European
// Union").
bool EndsAnOrganisationsName(absl::string_view word) {
  static constexpr absl::string_view kEnds[] = {
      "Organization", "Organisation", "Association", "Federation", "Union", "Foundation", "Group"};
  return IsOrganizationHeadWord(word) || IsCompanyForm(word) || IsOneOf(word, kEnds);
}

// Whether token `t` is a company's form or a word firms name themselves
// with after "and" ("Co", "Inc", "Sons", "Brothers", "Partners", "Investors
// Bank and Trust").
bool IsFirmEnding(const TokenizedText& tokens, int t) {
  const std::string& word = tokens.tokens[t].text;
  return IsCompanyForm(word) || word == "Sons" || word == "Son" || word == "Brothers" ||
         word == "Bros" || word == "Partners" || word == "Associates" || word == "Trust";
}

// "Merck and Co Inc", "Mitsui and Co Ltd", "Brown and Sons Inc": the model
// reads the name and the form after "and" (or "&") as two names, the form
// an organisation "Co Inc" of its own (159 Reuters-21578 documents shared
// one, and took the tickers after it: "<MRK>"). A span of such words only,
// right after "and" or "&" and a name, goes with that name, one
// organisation.
void JoinFirmForms(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  std::vector<MentionSpan> out;
  out.reserve(spans->size());
  for (const MentionSpan& span : *spans) {
    bool forms = span.end > span.begin;
    for (int t = span.begin; t < span.end && forms; ++t) forms = IsFirmEnding(tokens, t);
    const int joint = span.begin - 1;
    if (forms && !out.empty() && joint >= 1 && out.back().end == joint &&
        (tokens.tokens[joint].text == "and" || tokens.tokens[joint].text == "&") &&
        !out.back().known) {
      out.back().end = span.end;
      out.back().type = v1::ENTITY_TYPE_ORGANIZATION;
      continue;
    }
    out.push_back(span);
  }
  *spans = std::move(out);
}

// "Rivals including Apple and Microsoft", "Google, MSN and Yahoo": the
// model reads a list of names as one organisation (or MISC), and a search
// for Google missed the story. A span cut at "and", "or" or a comma is
// those names, each of the type it has alone, when each part is written
// alone as a name elsewhere in the document or is an organisation the
// tagger knows (curation, a knowledge base: "Google and Microsoft"), or
// when each ends with an organisation's head word ("Citizens Bank and
// Canal Bank") or is a firm's name with "&" ("Procter & Gamble and
// Johnson & Johnson"), or, for two names joined by "and", when one is
// written alone and the other alone too or in two words or more (below),
// or when the first ends on an organisation's head and the second is
// words news writes only capitalised ("North Atlantic Treaty Organization
// and Gazprom").
// "Securities and Exchange Commission" and
// "Department of Trade and Industry" stay. A list with a comma is its
// names when each part is capitalised words ("Creative, Sony and Philips",
// "Google, MSN", "Stop & Shop, and Giant Food"): a name whose own words
// hold a comma has a small word before it ("Department for Culture, Media
// and Sport"), ends in a company's form ("Warner Bros, Inc"), repeats a
// word ("Location, Location, Location") or ends on two words joined by
// "&" ("Earth, Wind & Fire"). A last part the model stopped short of its
// number or next word ("Radio" of "BBC1, Radio 4") is dropped. Only an
// organisation's or MISC span: a place's may be one country of two names
// ("Trinidad and Tobago", though the story writes "Trinidad" and "Tobago"
// too), or a place and its region ("Paris, Texas"). A part is of the type
// the story gives it alone, but a person's ("Jessops, Boots": the model
// read Jessops alone as a person).
void SplitListsOfNames(const TokenizedText& tokens, const Recognizer& recognizer,
                       const KnownNames* known, std::vector<MentionSpan>* spans) {
  auto text_of = [&](int begin, int end) {
    std::string text;
    for (int t = begin; t < end; ++t) {
      if (t > begin) text += ' ';
      text += tokens.tokens[t].text;
    }
    return text;
  };
  auto separates = [&](int t) {
    return tokens.tokens[t].text == "and" || tokens.tokens[t].text == "or" ||
           tokens.tokens[t].text == ",";
  };
  absl::flat_hash_map<std::string, v1::EntityType> alone;
  for (const MentionSpan& span : *spans) {
    bool list = false;
    for (int t = span.begin; t < span.end && !list; ++t) list = separates(t);
    if (!list) alone.emplace(text_of(span.begin, span.end), span.type);
  }
  std::vector<MentionSpan> out;
  out.reserve(spans->size());
  std::vector<std::pair<int, int>> parts;
  const int n = static_cast<int>(tokens.tokens.size());
  for (size_t i = 0; i < spans->size(); ++i) {
    const MentionSpan& span = (*spans)[i];
    parts.clear();
    bool comma = false;
    if (!span.known &&
        (span.type == v1::ENTITY_TYPE_ORGANIZATION || span.type == v1::ENTITY_TYPE_MISC)) {
      int begin = span.begin;
      for (int t = span.begin; t <= span.end; ++t) {
        if (t < span.end && !separates(t)) continue;
        // ", and" is one separator.
        if (t > begin || t == span.begin || tokens.tokens[t - 1].text != ",") {
          parts.emplace_back(begin, t);
        }
        comma = comma || (t < span.end && tokens.tokens[t].text == ",");
        begin = t + 1;
      }
    }
    // "Merrill Lynch and Co Inc", "Alex. Brown and Sons Inc", "Mitsui and
    // Co Ltd": a part that opens on a company's form or "Sons" is the
    // firm's own name going on, no name of its own; the rest of the list
    // is still a list ("Morgan Stanley and Co, Goldman Sachs and Co and
    // Salomon Brothers Inc").
    for (size_t p = 1; p < parts.size();) {
      if (parts[p].first < parts[p].second && IsFirmEnding(tokens, parts[p].first)) {
        parts[p - 1].second = parts[p].second;
        parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(p));
        continue;
      }
      ++p;
    }
    // A last part the model stopped short of a known name's last words
    // ("Radio" of "BBC One and Radio 4") goes on to them, where no other
    // name holds them.
    bool extended = false;
    if (parts.size() >= 2 && known != nullptr) {
      const int limit =
          std::min({n, span.end + 2, i + 1 < spans->size() ? (*spans)[i + 1].begin : n});
      for (int end = limit; end > span.end && !extended; --end) {
        if (known->TypeOf(tokens, parts.back().first, end) != v1::ENTITY_TYPE_UNSPECIFIED) {
          parts.back().second = end;
          extended = true;
        }
      }
    }
    bool named = parts.size() >= 2, headed = parts.size() >= 2;
    // A comma list is no name's own words when the last part is no
    // company's form ("Warner Bros, Inc"), no part repeats ("Location,
    // Location, Location") and the last is not two words joined by "&"
    // ("Earth, Wind & Fire", "Crosby, Stills & Nash": a list of names
    // ends on "and").
    bool listed = comma && parts.size() >= 2;
    if (listed) {
      const auto [last_begin, last_end] = parts.back();
      listed = !(last_end - last_begin == 1 && IsCompanyForm(tokens.tokens[last_begin].text)) &&
               !(last_end - last_begin == 3 && tokens.tokens[last_begin + 1].text == "&");
    }
    std::vector<std::string> texts;
    absl::flat_hash_set<std::string> distinct;
    std::vector<v1::EntityType> known_types;
    for (const auto& [begin, end] : parts) {
      texts.push_back(text_of(begin, end));
      listed = listed && distinct.insert(texts.back()).second;
      known_types.push_back(known != nullptr ? known->TypeOf(tokens, begin, end)
                                             : v1::ENTITY_TYPE_UNSPECIFIED);
      bool word = end > begin, firm = false;
      for (int t = begin; t < end && word; ++t) {
        // "Procter & Gamble and Johnson & Johnson", "Goldman Sachs and Co"
        const bool amp = t > begin && t + 1 < end &&
                         (tokens.tokens[t].text == "&" ||
                          (tokens.tokens[t].text == "and" && IsFirmEnding(tokens, t + 1)));
        firm = firm || amp;
        // A number after a name's first word ("Radio 4").
        const bool number =
            t > begin && absl::ascii_isdigit(static_cast<unsigned char>(tokens.tokens[t].text[0]));
        word = amp || number || AllCapitalised(tokens, t, t + 1);
      }
      const auto it = alone.find(texts.back());
      named = named && word &&
              ((it != alone.end() && it->second != v1::ENTITY_TYPE_PERSON) ||
               known_types.back() == v1::ENTITY_TYPE_ORGANIZATION);
      headed = headed && word && end - begin >= 2 &&
               (firm || IsOrganizationHeadWord(tokens.tokens[end - 1].text));
      listed = listed && word;
    }
    // Two names joined by "and", one of which the document writes alone
    // and the other alone too or in two words or more ("The Aviator and
    // Sideways", "Google and Ask Jeeves", "House of Fraser and
    // Woolworths"): not "Marks and Spencer", whose parts are nowhere alone,
    // nor "Johnson and Johnson".
    // Two names joined by "and" alone.
    const bool two = parts.size() == 2 && !comma && tokens.tokens[parts[0].second].text == "and";
    bool paired = two && !named && texts[0] != texts[1];
    if (paired) {
      // Alone as an organisation or MISC, not a place: "Bosnia" elsewhere
      // does not cut "Bosnia and Herzegovina Football Federation".
      bool by_itself[2];
      for (int p = 0; p < 2; ++p) {
        const auto it = alone.find(texts[p]);
        by_itself[p] = it != alone.end() && (it->second == v1::ENTITY_TYPE_ORGANIZATION ||
                                             it->second == v1::ENTITY_TYPE_MISC);
        paired = paired && parts[p].second > parts[p].first &&
                 AllCapitalised(tokens, parts[p].first, parts[p].first + 1) &&
                 AllCapitalised(tokens, parts[p].second - 1, parts[p].second);
      }
      for (int p = 0; p < 2 && paired; ++p) {
        const int other = 1 - p;
        paired = by_itself[p] || (by_itself[other] && parts[p].second - parts[p].first >= 2);
      }
    }
    // An organisation's whole name, ended by its head, and a name of no
    // word news writes in lower case ("North Atlantic Treaty Organization
    // and Gazprom"): not "Department of Trade and Industry", whose first
    // part ends on no head, nor "Birmingham Museum and Art Gallery".
    bool after_head = two && parts[0].second - parts[0].first >= 2 &&
                      EndsAnOrganisationsName(tokens.tokens[parts[0].second - 1].text) &&
                      parts[1].second > parts[1].first;
    if (after_head) {
      for (int t = parts[1].first; after_head && t < parts[1].second; ++t) {
        after_head = AllCapitalised(tokens, t, t + 1) &&
                     !WrittenInLowerCase(recognizer.HowNewsWrites(tokens.tokens[t].text));
      }
    }
    if (!named && !headed && !listed && !paired && !after_head) {
      out.push_back(span);
      continue;
    }
    // The model may stop a list's last name short of its number or next
    // word ("BBC1, Radio" of "BBC1, Radio 4 LW"): that part is no name.
    const bool cut = !extended && span.end < n &&
                     (absl::ascii_isdigit(tokens.tokens[span.end].text[0]) ||
                      AllCapitalised(tokens, span.end, span.end + 1));
    const size_t kept =
        cut && !named && !headed && !paired && !after_head ? parts.size() - 1 : parts.size();
    for (size_t p = 0; p < kept; ++p) {
      MentionSpan part = span;
      part.begin = parts[p].first;
      part.end = parts[p].second;
      if (const auto it = alone.find(texts[p]);
          it != alone.end() && it->second != v1::ENTITY_TYPE_PERSON) {
        part.type = it->second;
      } else if (known_types[p] != v1::ENTITY_TYPE_UNSPECIFIED) {
        part.type = known_types[p];
      }
      out.push_back(part);
    }
  }
  *spans = std::move(out);
}

// The longest name CoNLL-2003's training data tags has 10 tokens; a span
// of more than this many is the model running on through text that
// repeats a name without a break ("Angela Merkel Angela Merkel ..."), and
// no name.
constexpr int kMaxNameTokens = 24;

void DropOverlongSpans(std::vector<MentionSpan>* spans) {
  spans->erase(
      std::remove_if(spans->begin(), spans->end(),
                     [](const MentionSpan& s) { return s.end - s.begin > kMaxNameTokens; }),
      spans->end());
}

// Per token, whether its sentence is a headline's line: four words or
// more, at least four in five of them capitalised.
std::vector<bool> HeadlineLines(const TokenizedText& tokens) {
  const int n = static_cast<int>(tokens.tokens.size());
  std::vector<bool> in_headline(n, false);
  for (const text::Sentence& sentence : tokens.sentences) {
    int words = 0, capitalised = 0;
    for (int t = sentence.begin; t < sentence.end && t < n; ++t) {
      const absl::string_view w = tokens.tokens[t].text;
      if (w.empty() || !absl::ascii_isalpha(static_cast<unsigned char>(w[0]))) continue;
      ++words;
      if (absl::ascii_isupper(static_cast<unsigned char>(w[0]))) ++capitalised;
    }
    if (words >= 4 && capitalised * 10 >= words * 8) {
      for (int t = sentence.begin; t < sentence.end && t < n; ++t) in_headline[t] = true;
    }
  }
  return in_headline;
}

// Whether a word has a verb's form as a headline writes one ("Says",
// "Rebuking", "Reassured"): four letters or more ending in "-s", "-ing" or
// "-ed".
bool HasVerbForm(absl::string_view word) {
  return word.size() >= 4 &&
         (absl::EndsWith(word, "s") || absl::EndsWith(word, "ing") || absl::EndsWith(word, "ed"));
}

// A capitalised verb's form ("-s", "-ing", "-ed") inside a person's name of
// three words or more, where the name is a headline's (quoted whole, or in
// a sentence of capitalised words), that news writes in lower case or
// seldom, and that is no given name, is no part of it: the model ran a
// quoted headline's verb into one person ("Francesco Excommunicates
// Trump", "Hillary Clinton Reassures House Democrats"), who then took
// every "Mr. Trump" of the story. The name is cut there: the words before
// it stay a person, and after it one word ("Trump") too, while more words
// there ("House Democrats") are no person's name and go. Not the first or
// last word, which a name of common words may be ("Bill Gates", "Gordon
// Brown").
void SplitPeopleAtCommonWords(const TokenizedText& tokens, const Recognizer& recognizer,
                              const std::vector<bool>& in_headline,
                              std::vector<MentionSpan>* spans) {
  auto quote_mark = [&](int t) {
    if (t < 0 || t >= static_cast<int>(tokens.tokens.size())) return false;
    const absl::string_view w = tokens.tokens[t].text;
    return w == "\"" || w == "''" || w == "``" || w == "'" || w == "\xe2\x80\x9c" ||
           w == "\xe2\x80\x9d" || w == "\xe2\x80\x98" || w == "\xe2\x80\x99";
  };
  // Whether the span is a headline's words: quoted whole ("''Francesco
  // Excommunicates Trump,'' declared La Stampa"), or in a headline's line.
  auto headline = [&](const MentionSpan& span) {
    int after = span.end;
    if (after < static_cast<int>(tokens.tokens.size()) &&
        (tokens.tokens[after].text == "," || tokens.tokens[after].text == ".")) {
      ++after;
    }
    if (quote_mark(span.begin - 1) && quote_mark(after)) return true;
    return static_cast<size_t>(span.begin) < in_headline.size() && in_headline[span.begin];
  };
  std::vector<MentionSpan> out;
  out.reserve(spans->size());
  for (const MentionSpan& span : *spans) {
    if (span.type != v1::ENTITY_TYPE_PERSON || span.known || span.end - span.begin < 3) {
      out.push_back(span);
      continue;
    }
    int from = span.begin;
    for (int t = span.begin + 1; t + 1 < span.end; ++t) {
      const absl::string_view word = tokens.tokens[t].text;
      // A verb's form: "Excommunicates", "Reassures", "Says" (not "Won" of
      // Sung Won Sohn, "Bin" of Osama Bin Laden, "Ten" of Henk Ten Cate).
      if (!HasVerbForm(word) || !absl::ascii_isupper(static_cast<unsigned char>(word[0])) ||
          text::InCapitals(word) || recognizer.HowNewsWrites(word) == NewsCase::kCapitalised ||
          recognizer.HowNewsWrites(word) == NewsCase::kMostlyCapitalised || !headline(span) ||
          quotes::IsGivenName(word)) {
        continue;
      }
      if (t > from) out.push_back({from, t, span.type, span.confidence, false});
      from = t + 1;
    }
    if (from == span.begin) {
      out.push_back(span);
    } else if (span.end - from == 1) {
      out.push_back({from, span.end, span.type, span.confidence, false});
    }
  }
  *spans = std::move(out);
}

// A headline's word that is no name's: a function word; a verb's form
// that news writes in lower case, or seldom writes at all if it ends in
// "-ing" or "-ed", or in "-s" right after a name the text gives whole
// ("Donald Trump Stuns"; "Chris Pappas" is a name), and is no given name;
// in a name of three words or more, any word news writes in lower case
// ("Man City" and "BBC Two" are names of two words whose second news
// writes in lower case). Capitalised, as a headline writes it ("van der
// Walt" keeps its particles).
bool HeadlinesOwnWord(absl::string_view word, const Recognizer& recognizer, bool two_words,
                      bool after_full_name) {
  const std::string lower = absl::AsciiStrToLower(word);
  static constexpr absl::string_view kFunctionWords[] = {
      "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "to", "vs", "with"};
  if (std::find(std::begin(kFunctionWords), std::end(kFunctionWords), lower) !=
      std::end(kFunctionWords)) {
    return true;
  }
  const NewsCase news = recognizer.HowNewsWrites(word);
  const bool verb_form = HasVerbForm(word) && !text::InCapitals(word) &&
                         quotes::GivenNameGender(lower) == quotes::Gender::kUnknown;
  if (verb_form && WrittenInLowerCase(news)) return true;
  // One news seldom writes: "-ing" or "-ed", or "-s" right after a name
  // the text gives whole ("Donald Trump Stuns"; "Chris Pappas" is a name).
  if (verb_form && news == NewsCase::kRare && (!absl::EndsWith(word, "s") || after_full_name)) {
    return true;
  }
  return !two_words && WrittenInLowerCase(news);
}

// A name in a headline in title case that runs into the headline's other
// words ("Donald Trump Stuns", "Rebuking Trump", "Hillary And Obama Campaign
// In Ohio", read as one organisation) is cut into the names the document
// gives in its running text: the longest such name at each word, or a word
// of a person's name so given ("Hillary", "Obama") as a person; the other
// words are left out. Only where the span holds a headline's own word
// (HeadlinesOwnWord) and a person's name so given, and no noun that makes
// a place or an organisation of a person's name ("Carter Center", "Ronald
// Reagan Washington National Airport", "Trump International Hotel"): a
// wire's line of firms ("Nippon Light Metal Co Ltd") is left to the rules
// for firms, and a name the running text writes so ("Gordon Brown",
// though news writes "brown" in lower case) is kept whole.
void CutHeadlineNamesToTheTextsNames(const TokenizedText& tokens, const Recognizer& recognizer,
                                     const std::vector<bool>& in_headline,
                                     std::vector<MentionSpan>* spans) {
  static constexpr absl::string_view kNamedAfterPeople[] = {
      "academy",   "administration", "airport",       "arena",   "avenue",
      "bridge",    "center",         "centre",        "college", "company",
      "corp",      "corporation",    "foundation",    "fund",    "global",
      "group",     "hospital",       "hotel",         "inc",     "initiative",
      "institute", "institution",    "international", "library", "memorial",
      "museum",    "organization",   "organisation",  "park",    "school",
      "stadium",   "street",         "tower",         "towers",  "trust",
      "university"};
  const auto named_after_people = [&](const MentionSpan& span) {
    for (int t = span.begin; t < span.end; ++t) {
      const std::string lower = absl::AsciiStrToLower(tokens.tokens[t].text);
      if (std::find(std::begin(kNamedAfterPeople), std::end(kNamedAfterPeople), lower) !=
          std::end(kNamedAfterPeople)) {
        return true;
      }
    }
    return false;
  };
  const int n = static_cast<int>(tokens.tokens.size());
  // Most texts have no name of two words or more in such a headline.
  if (std::none_of(spans->begin(), spans->end(), [&](const MentionSpan& span) {
        return !span.known && span.end - span.begin >= 2 && span.begin >= 0 && span.end <= n &&
               in_headline[span.begin];
      })) {
    return;
  }
  const auto folded = [&](int t) { return absl::AsciiStrToLower(tokens.tokens[t].text); };
  // The names of the running text, by their words, and the words of its
  // people's names.
  absl::flat_hash_map<std::string, v1::EntityType> names;
  absl::flat_hash_set<std::string> person_words;
  size_t longest = 0;
  for (const MentionSpan& span : *spans) {
    if (span.begin < 0 || span.end > n || in_headline[span.begin]) continue;
    for (int t = span.begin; t < span.end; ++t) {
      if (span.type == v1::ENTITY_TYPE_PERSON && span.end - span.begin > 1) {
        person_words.insert(folded(t));
      }
    }
    names.try_emplace(LowerWords(tokens, span.begin, span.end), span.type);
    longest = std::max(longest, static_cast<size_t>(span.end - span.begin));
  }
  if (names.empty()) return;
  std::vector<MentionSpan> out;
  out.reserve(spans->size());
  for (const MentionSpan& span : *spans) {
    if (span.known || span.end - span.begin < 2 || span.begin < 0 || span.end > n ||
        !in_headline[span.begin] || named_after_people(span)) {
      out.push_back(span);
      continue;
    }
    std::vector<MentionSpan> parts;
    bool named = false, cut = false;  // a person's name found; a word left out
    bool full_name_before = false;    // the word before ends a name the text gives
    for (int t = span.begin; t < span.end;) {
      // The longest name of the running text starting here.
      int match = 0;
      v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
      std::string key;
      for (int e = t; e < span.end && static_cast<size_t>(e - t) < longest; ++e) {
        absl::StrAppend(&key, e > t ? " " : "", folded(e));
        auto it = names.find(key);
        if (it != names.end()) {
          match = e + 1 - t;
          type = it->second;
        }
      }
      if (match == span.end - span.begin) break;  // the whole span is one
      const bool whole = match > 0;               // a name the text gives, not one word of it
      if (match == 0 && person_words.contains(folded(t)) &&
          !WrittenInLowerCase(recognizer.HowNewsWrites(tokens.tokens[t].text))) {
        match = 1;
        type = v1::ENTITY_TYPE_PERSON;
      }
      if (match > 0) {
        parts.push_back({t, t + match, type, span.confidence, false});
        named = named || type == v1::ENTITY_TYPE_PERSON;
        full_name_before = whole;
        t += match;
        continue;
      }
      // Any other word is left out; the headline's own words say the span
      // ran on.
      const absl::string_view word = tokens.tokens[t].text;
      if (!word.empty() && absl::ascii_isupper(static_cast<unsigned char>(word[0])) &&
          HeadlinesOwnWord(word, recognizer, span.end - span.begin == 2, full_name_before)) {
        cut = true;
      }
      full_name_before = false;
      ++t;
    }
    if (!named || !cut) {
      out.push_back(span);
      continue;
    }
    for (const MentionSpan& part : parts) out.push_back(part);
  }
  *spans = std::move(out);
}

// "Derelict Obama and Clinton;": an opinion piece's headline, where the
// model ran a word of the headline into the name of a person the text
// names otherwise ("President Obama"; BBC's "Rapper Jay-Z", "Singer
// Knight"). The headline is the text's first block, before its first
// blank line, of 25 words at most. A person's span of two words or more
// in it whose first word news writes in lower case and is no given name
// the lexicon knows nor a particle of a name ("De Niro"), whose other
// words the text names as a person elsewhere, and which the text writes
// nowhere else whole, is cut to those words.
void CutHeadlineWordsOffPeople(absl::string_view text, const TokenizedText& tokens,
                               const Recognizer& recognizer, std::vector<MentionSpan>* spans) {
  // The first blank line: two line breaks with spaces at most between.
  size_t block_end = absl::string_view::npos;
  for (size_t at = text.find('\n'); at != absl::string_view::npos; at = text.find('\n', at + 1)) {
    size_t next = at + 1;
    while (next < text.size() && (text[next] == ' ' || text[next] == '\t' || text[next] == '\r')) {
      ++next;
    }
    if (next < text.size() && text[next] == '\n') {
      block_end = at;
      break;
    }
  }
  if (block_end == absl::string_view::npos) return;
  int headline_tokens = 0, words = 0;
  while (headline_tokens < static_cast<int>(tokens.tokens.size()) &&
         tokens.tokens[headline_tokens].begin < static_cast<int>(block_end)) {
    const absl::string_view w = tokens.tokens[headline_tokens].text;
    if (!w.empty() && absl::ascii_isalpha(static_cast<unsigned char>(w[0]))) ++words;
    ++headline_tokens;
  }
  if (words == 0 || words > 25) return;
  for (MentionSpan& span : *spans) {
    if (span.type != v1::ENTITY_TYPE_PERSON || span.known || span.end - span.begin < 2 ||
        span.end > headline_tokens) {
      continue;
    }
    const absl::string_view first = tokens.tokens[span.begin].text;
    if (first.size() < 3 || IsNameParticle(first) ||
        !WrittenInLowerCase(recognizer.HowNewsWrites(first)) || quotes::IsGivenName(first)) {
      continue;
    }
    const std::string whole = LowerWords(tokens, span.begin, span.end);
    const std::string rest = LowerWords(tokens, span.begin + 1, span.end);
    bool rest_elsewhere = false, whole_elsewhere = false;
    for (const MentionSpan& other : *spans) {
      if (&other == &span || other.type != v1::ENTITY_TYPE_PERSON) continue;
      const std::string w = LowerWords(tokens, other.begin, other.end);
      whole_elsewhere = whole_elsewhere || w == whole;
      rest_elsewhere = rest_elsewhere || w == rest || absl::EndsWith(w, absl::StrCat(" ", rest));
    }
    if (rest_elsewhere && !whole_elsewhere) span.begin += 1;
  }
}

// A lower-case word of hyphenated parts ("round-the-clock", "state-run")
// is a modifier, and no name ends on one: "Rossiya-24 round-the-clock
// television" in seed 003 names the channel Rossiya-24. (Of CoNLL-2003's
// 31,000 gold names, none ends so but a tokenizer's "Hafez al-".) Trimmed
// off the end of a name of several words.
void TrimTrailingModifiers(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  auto modifier = [&](int t) {
    const std::string& w = tokens.tokens[t].text;
    const size_t hyphen = w.find('-');
    if (hyphen == std::string::npos || hyphen == 0 || hyphen + 1 == w.size()) return false;
    for (const char c : w) {
      if (c != '-' && !absl::ascii_islower(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  for (MentionSpan& s : *spans) {
    while (s.end - s.begin > 1 && modifier(s.end - 1)) --s.end;
  }
}

// Acronyms of things, not names: "PC", "DVD", "SMS", "3G". CoNLL-2003,
// news of 1996, writes few of them, and the model reads the capitals of
// the technology news as names (BBC's 2,225 texts: "PC" a name 121
// times, "DVD" 78); in CoNLL's convention they are none. Case counts:
// "Pc" is not one. ("GMT", "HIV" and "AIDS" are MISC in CoNLL, and are
// not here.)
bool IsCommonAcronym(absl::string_view word) {
  static const auto* const kAcronyms = new absl::flat_hash_set<absl::string_view>{
      "3G",   "ASBO", "ASBOs", "ATM",  "ATMs", "CCTV", "CD",  "CDs",  "CD-ROM", "CEO",  "CEOs",
      "CPU",  "CSOs", "DJ",    "DJs",  "DNA",  "DRM",  "DTT", "DVD",  "DVDs",   "GDP",  "GPS",
      "HD",   "HDTV", "HSDPA", "HTML", "ICT",  "ID",   "IDs", "IPTV", "ISP",    "ISPs", "IVF",
      "LCD",  "MMS",  "MP3",   "MP3s", "MRI",  "PC",   "PCs", "PDA",  "PDAs",   "PIN",  "PVR",
      "PVRs", "RFID", "RSS",   "SIM",  "SMS",  "SSL",  "SUV", "SUVs", "TV",     "URL",  "USB",
      "UWB",  "VAT",  "VHS",   "VoIP", "WiFi", "Wi-Fi"};
  return kAcronyms->contains(word);
}

// The abbreviated titles of several people before their names ("Sens. Ted
// Cruz and Marco Rubio", "Reps. Jim Jordan and Trey Gowdy"), which the
// model read as an organisation (PolNeAR: "Sens" in 16 documents). The
// tokenizer keeps the period of the first four ("Sens."), and the roles
// give each person coordinated after one of those four its title.
bool IsPluralTitleAbbreviation(const TokenizedText& tokens, int t) {
  static constexpr absl::string_view kTitles[] = {"Sens", "Reps", "Govs", "Gens", "Drs", "Profs"};
  absl::string_view word = tokens.tokens[t].text;
  const bool period =
      absl::ConsumeSuffix(&word, ".") ||
      (t + 1 < static_cast<int>(tokens.tokens.size()) && tokens.tokens[t + 1].text == ".");
  return period && std::find(std::begin(kTitles), std::end(kTitles), word) != std::end(kTitles);
}

// A holiday's name is no place, organisation or person: a span that is
// one, whole ("Christmas", "Easter Monday", "New Year's Eve"), is MISC,
// as an event's name is. The model, which never read "Christmas" in
// CoNLL-2003's August news, reads it as any class; a name it is part of
// ("Christmas Island", "Easter Road") is not one.
void HolidaysAreMisc(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  // clang-format off
  static constexpr absl::string_view kHolidays[] = {
      "christmas", "christmas day", "christmas eve", "easter", "easter sunday",
      "easter monday", "good friday", "ash wednesday", "palm sunday",
      "shrove tuesday", "pentecost", "boxing day", "new year", "new year 's day",
      "new year 's eve", "lunar new year", "chinese new year", "hogmanay",
      "bonfire night", "halloween", "thanksgiving", "thanksgiving day",
      "memorial day", "labor day", "labour day", "veterans day", "presidents day",
      "independence day", "mother 's day", "father 's day", "valentine 's day",
      "st patrick 's day", "hanukkah", "kwanzaa", "passover", "yom kippur",
      "rosh hashanah", "ramadan", "eid", "eid al-fitr", "eid al-adha",
      "eid-al-fitr", "eid-al-adha", "diwali"};
  // clang-format on
  // Their first words, so that a span that opens on none is passed by
  // without writing its words out.
  static const auto* const kFirstWords = [] {
    auto* first = new absl::flat_hash_set<std::string>();
    for (const absl::string_view h : kHolidays)
      first->insert(std::string(h.substr(0, h.find(' '))));
    return first;
  }();
  for (MentionSpan& span : *spans) {
    if (span.known || span.type == v1::ENTITY_TYPE_MISC || span.end - span.begin > 4) continue;
    if (!kFirstWords->contains(absl::AsciiStrToLower(tokens.tokens[span.begin].text))) continue;
    if (IsOneOf(LowerWords(tokens, span.begin, span.end), kHolidays)) {
      span.type = v1::ENTITY_TYPE_MISC;
    }
  }
}

// A name of one word that is such an acronym, or a plural title's
// abbreviation, is none, unless a knowledge base names it.
void DropCommonAcronyms(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  spans->erase(std::remove_if(spans->begin(), spans->end(),
                              [&](const MentionSpan& s) {
                                return !s.known && s.end - s.begin == 1 &&
                                       (IsCommonAcronym(tokens.tokens[s.begin].text) ||
                                        IsPluralTitleAbbreviation(tokens, s.begin));
                              }),
               spans->end());
}

// "Theresa May", "Brian May": a month that is a surname too. The model,
// which saw "May" in CoNLL-2003 as a month only, ends the person before
// it ("Theresa" of "Theresa May, said"). A person named by one word right
// before "May" or "March", in the same sentence and on the same line,
// takes it in, unless a number follows (a date: "Theresa May 5") or a
// capitalised word (a headline's "Blair May Quit").
void ExtendByMonthSurnames(const TokenizedText& tokens, const std::vector<int>& sentence_of,
                           std::vector<MentionSpan>* spans) {
  for (size_t i = 0; i < spans->size(); ++i) {
    MentionSpan& span = (*spans)[i];
    if (span.type != v1::ENTITY_TYPE_PERSON || span.end - span.begin != 1) continue;
    const int sentence_end = tokens.sentences[sentence_of[span.begin]].end;
    if (span.end >= sentence_end) continue;
    const text::Token& month = tokens.tokens[span.end];
    if ((month.text != "May" && month.text != "March") || month.newlines_before > 0) continue;
    if (span.end + 1 < sentence_end) {
      const unsigned char after = static_cast<unsigned char>(tokens.tokens[span.end + 1].text[0]);
      if (absl::ascii_isdigit(after) || absl::ascii_isupper(after)) continue;
    }
    // Not into a name of its own.
    if (i + 1 < spans->size() && (*spans)[i + 1].begin <= span.end) continue;
    ++span.end;
  }
}

// A lone word read as a person that is an award ("Oscar", "Bafta",
// "Grammy") in a text about awards or films (a nomination, a ceremony, an
// actor: "Oscar" is a footballer too), or that the text writes after "a" or
// "an" as a noun (that mention: "won a Cesar.", "an Englishman in"), is no
// person but the thing itself, MISC as CoNLL-2003 has awards and works:
// the model, which met "Oscar" as a given name, read it as a person 104
// times in BBC's texts. A name after "a" that qualifies a noun is still a
// person's ("an Obama appointee", "a Trump supporter"). Not where a title
// comes before it, it is a known name, or it is a word of a person's full
// name in the document ("Oscar Wilde", then "Oscar"). An award read as a
// place is no place either ("Bafta", 19 times a place in BBC's texts).
void AwardsReadAsPeople(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  static constexpr absl::string_view kAwards[] = {"bafta",  "booker", "cesar",    "emmy",
                                                  "grammy", "nobel",  "pulitzer", "oscar"};
  // Words of a text about awards: "Oscar" is a footballer's name too.
  static constexpr absl::string_view kAwardWords[] = {
      "academy", "actor", "actress",   "award",      "awards",      "ceremony", "film",
      "films",   "movie", "nominated", "nomination", "nominations", "nominee",  "nominees"};
  const auto award = [&](int t) {
    return std::find(std::begin(kAwards), std::end(kAwards),
                     text::FoldName(tokens.tokens[t].text)) != std::end(kAwards);
  };
  // Whether the text is about awards: read once, and only for a text that
  // names one (most do not).
  std::optional<bool> about_awards;
  const auto is_about_awards = [&] {
    if (!about_awards.has_value()) {
      about_awards =
          std::any_of(tokens.tokens.begin(), tokens.tokens.end(), [](const text::Token& token) {
            return std::find(std::begin(kAwardWords), std::end(kAwardWords), token.text) !=
                   std::end(kAwardWords);
          });
    }
    return *about_awards;
  };
  const absl::flat_hash_set<std::string> words_of_people = WordsOfPeopleNamedInFull(tokens, *spans);
  for (MentionSpan& s : *spans) {
    if (s.known || s.end - s.begin != 1) continue;
    // An award is never a place.
    if (s.type == v1::ENTITY_TYPE_LOCATION && award(s.begin)) {
      s.type = v1::ENTITY_TYPE_MISC;
      continue;
    }
    if (s.type != v1::ENTITY_TYPE_PERSON || TitleBefore(tokens, s.begin) != NameTitle::kNone ||
        words_of_people.contains(text::FoldName(tokens.tokens[s.begin].text))) {
      continue;
    }
    const absl::string_view before = WordAt(tokens, s.begin - 1);
    const absl::string_view after = WordAt(tokens, s.end);
    static constexpr absl::string_view kAfterANoun[] = {"",    "and",   "as", "at",   "but",
                                                        "for", "from",  "in", "last", "on",
                                                        "or",  "since", "to", "with"};
    // "a" a word of its own, not the end of one ("PeÃ±a Nieto" as
    // mis-decoded text splits it).
    const bool a_noun = (before == "a" || before == "an") && !Joined(tokens, s.begin - 1) &&
                        (std::find(std::begin(kAfterANoun), std::end(kAfterANoun), after) !=
                             std::end(kAfterANoun) ||
                         !absl::ascii_isalnum(static_cast<unsigned char>(after.front())));
    if (a_noun || (award(s.begin) && is_about_awards())) s.type = v1::ENTITY_TYPE_MISC;
  }
}

// A name right after a noun for a firm ("online retailer Amazon",
// "accountancy firm Grant Thornton", "search engine Google", "pop band
// Busted", "UK magazine Mac Format", "independent label Domino") is the
// firm (not after a noun that is a person's job too: "broadcaster Cyril
// Fletcher", "publisher Kimberly Quinn", "developer Mel Sembler"),
// whatever type the model gave it: it read Amazon as the river, Grant
// Thornton as a person. Not a person opening on a given name the quote
// lexicon knows ("the company Steve Jobs founded"), nor a country's
// capitals ("insurer US").
void FirmsAfterTheirNoun(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  static constexpr absl::string_view kFirmNouns[] = {
      "airline",     "brewer", "carmaker", "chipmaker",    "company",   "conglomerate",
      "distributor", "firm",   "insurer",  "operator",     "retailer",  "supermarket",
      "band",        "label",  "magazine", "manufacturer", "newspaper", "studio"};
  auto word = [&](int t) { return WordAt(tokens, t); };
  // The words of the people the document names in full ("Kennedy" of
  // Charles Kennedy), read once a noun is found.
  std::optional<absl::flat_hash_set<std::string>> words_of_people;
  auto word_of_a_person = [&](const MentionSpan& s) {
    if (!words_of_people.has_value()) words_of_people = WordsOfPeopleNamedInFull(tokens, *spans);
    return s.end - s.begin == 1 && words_of_people->contains(text::FoldName(word(s.begin)));
  };
  absl::flat_hash_set<std::string> firms;
  for (MentionSpan& s : *spans) {
    if (s.known || s.type == v1::ENTITY_TYPE_ORGANIZATION || s.begin < 1) continue;
    const absl::string_view noun = word(s.begin - 1);
    const bool firm =
        std::find(std::begin(kFirmNouns), std::end(kFirmNouns), noun) != std::end(kFirmNouns) ||
        (noun == "engine" && absl::EndsWith(word(s.begin - 2), "search"));
    if (!firm) continue;
    // Not a noun told something, whose news follows ("told the newspaper
    // Kennedy had misled voters"), nor "label" a verb ("critics label
    // Brown a liar").
    static constexpr absl::string_view kTelling[] = {"told", "tell", "tells", "telling"};
    static constexpr absl::string_view kBeforeALabel[] = {
        "record", "independent", "indie", "music", "the", "a", "own", "his", "her", "their", "its"};
    const absl::string_view before = word(s.begin - 2);
    if ((before == "the" || before == "a") && IsOneOf(word(s.begin - 3), kTelling)) continue;
    if (noun == "label" && !IsOneOf(before, kBeforeALabel)) continue;
    const std::string& first = tokens.tokens[s.begin].text;
    if (s.type == v1::ENTITY_TYPE_PERSON && (quotes::IsGivenName(first) || word_of_a_person(s))) {
      continue;
    }
    if (s.type == v1::ENTITY_TYPE_LOCATION && s.end - s.begin == 1 && first.size() <= 3 &&
        text::InCapitals(first)) {
      continue;
    }
    s.type = v1::ENTITY_TYPE_ORGANIZATION;
    firms.insert(LowerWords(tokens, s.begin, s.end));
  }
  // The firm at its other mentions too, written the same, but after a
  // title ("Scottish band Franz Ferdinand" and then "Franz Ferdinand").
  if (firms.empty()) return;
  for (MentionSpan& s : *spans) {
    if (!s.known && s.type != v1::ENTITY_TYPE_ORGANIZATION &&
        TitleBefore(tokens, s.begin) == NameTitle::kNone &&
        !(s.type == v1::ENTITY_TYPE_PERSON && word_of_a_person(s)) &&
        firms.contains(LowerWords(tokens, s.begin, s.end))) {
      s.type = v1::ENTITY_TYPE_ORGANIZATION;
    }
  }
}

// A name the document also gives as an organisation, read as a person
// where nothing says it is one, is the organisation. The model, which
// learned from 1996's news, reads firms it never saw as people now and
// then: "Time Warner" twice and once a firm in BBC business/001, "Nintendo"
// 33 times in BBC's texts that call it a firm too. Something says a name is
// a person's when:
//   - a title comes before it ("Mr Gartner"), or it is a known name;
//   - it opens on a given name the quote lexicon knows ("Steve Jobs") or on
//     an initial or two ("D Garland", "JM Barrie");
//   - of one word, it is a word of a full name of a person of the document
//     ("Stone" of Joss Stone), or the document reads it as a person with
//     more confidence in all than as an organisation ("Trump", a firm once
//     in a text that names him throughout);
//   - of more words, its last word is a person of the document alone
//     ("Joss Stone" where "Stone" is), or its first word is not one news
//     writes in lower case ("Morgan Freeman", while "Time Warner", "Iron
//     Maiden" and "Hard Rock" open on common words).
// A possessive before a person named in full gives a name as an
// organisation too ("Iron Maiden's Bruce Dickinson"; below).
void OrganisationsReadAsPeople(const TokenizedText& tokens, const Recognizer& recognizer,
                               std::vector<MentionSpan>* spans) {
  const auto words_of = [&](const MentionSpan& s) {
    std::vector<std::string> words;
    for (int t = s.begin; t < s.end; ++t) words.push_back(text::FoldName(tokens.tokens[t].text));
    return words;
  };
  // A name before a possessive and a person named in full is the person's
  // band, firm or team ("Iron Maiden's Bruce Dickinson"), where it opens
  // on a word news writes in lower case and on no given name, as a
  // person's name does not ("Tony Blair's Gordon Brown"), and the person's
  // opens on a word news writes capitalised.
  for (size_t i = 0; i + 1 < spans->size(); ++i) {
    MentionSpan& s = (*spans)[i];
    const MentionSpan& next = (*spans)[i + 1];
    if (s.type != v1::ENTITY_TYPE_PERSON || s.known || s.end - s.begin < 2 ||
        next.type != v1::ENTITY_TYPE_PERSON || next.begin != s.end + 1 ||
        next.end - next.begin < 2) {
      continue;
    }
    const absl::string_view mark = tokens.tokens[s.end].text;
    if ((mark == "'s" || mark == "\xe2\x80\x99s" || mark == "'") &&
        !quotes::IsGivenName(tokens.tokens[s.begin].text) &&
        WrittenInLowerCase(recognizer.HowNewsWrites(tokens.tokens[s.begin].text)) &&
        !WrittenInLowerCase(recognizer.HowNewsWrites(tokens.tokens[next.begin].text))) {
      s.type = v1::ENTITY_TYPE_ORGANIZATION;
    }
  }
  // Folded words and key of each person and organisation.
  std::vector<std::vector<std::string>> words_at(spans->size());
  std::vector<std::string> keys(spans->size());
  absl::flat_hash_map<std::string, float> organisations;  // key -> summed confidence
  absl::flat_hash_map<std::string, float> people;
  absl::flat_hash_set<std::string> words_of_people;
  for (size_t i = 0; i < spans->size(); ++i) {
    const MentionSpan& s = (*spans)[i];
    if (s.type != v1::ENTITY_TYPE_PERSON && s.type != v1::ENTITY_TYPE_ORGANIZATION) continue;
    const std::vector<std::string>& words = words_at[i] = words_of(s);
    keys[i] = absl::StrJoin(words, " ");
    if (s.type == v1::ENTITY_TYPE_ORGANIZATION) {
      organisations[keys[i]] += s.confidence;
      continue;
    }
    people[keys[i]] += s.confidence;
    if (words.size() >= 2) words_of_people.insert(words.begin(), words.end());
  }
  if (organisations.empty()) return;
  for (size_t i = 0; i < spans->size(); ++i) {
    MentionSpan& s = (*spans)[i];
    if (s.type != v1::ENTITY_TYPE_PERSON || s.known) continue;
    const auto org = organisations.find(keys[i]);
    if (org == organisations.end() || TitleBefore(tokens, s.begin) != NameTitle::kNone) continue;
    const std::vector<std::string>& words = words_at[i];
    if (words.empty() || words[0].size() <= 2 ||
        quotes::GivenNameGender(words[0]) != quotes::Gender::kUnknown) {
      continue;
    }
    if (words.size() == 1) {
      if (words_of_people.contains(words[0]) || people[keys[i]] > org->second) continue;
    } else {
      if (people.contains(words.back()) ||
          !WrittenInLowerCase(recognizer.HowNewsWrites(tokens.tokens[s.begin].text))) {
        continue;
      }
    }
    s.type = v1::ENTITY_TYPE_ORGANIZATION;
  }
}

// A lone name read as a person or a place that the document speaks of as
// a firm is the firm: the model, which learned from 1996's news, reads
// firms it never saw as people ("Google" in 67 of BBC's 110, "Qantas",
// "Opera") or places ("Nokia", a town in Finland, in 24 of 42). What says
// so, at any of its mentions:
//   - a firm's word after it, or after its possessive: "Opera
//     spokeswoman", "Twitter's chief executive", "Yahoo's shares",
//     "Gartner analyst Carolina Milanesi";
//   - a trade's plural noun before it ("analysts Gartner"), or "search
//     giant" or "search site";
//   - someone's job at it ("head of market development at Nokia", "a
//     senior project manager at Nokia");
//   - "shares in" before it, or a list of firms it is in ("companies such
//     as Google", "portals such as Google, Yahoo, Ebay and Amazon",
//     "Google, AOL, Yahoo and many smaller firms"), or a list of three
//     names or more whose others are all organisations ("Sony, Microsoft
//     and Nintendo");
//   - of a name read as a person, also "which" or "itself" after it
//     ("Google which relies on adverts", "Varig, which operates in 18
//     countries"), or "said it" or "says it" ("Qantas said it was
//     looking").
// A place's are fewer: a chief executive (not after its possessive),
// someone's job at it, and a list of firms it is in. "UK shares", "a Kremlin spokesman", "the
// London subsidiary", "firms such as France's Dassault" and "Paris, Lille, Lyon and Toulouse"
// (clubs, to the model) are the place's. The name is then an organisation at all its mentions of
// the one word: the model's other readings of it too (a work's noun then makes it a work:
// WorksAfterTheirNoun). Not where something says it is a person: a title before one of its mentions
// ("Mr Howard said it", "Sen. Rubio") or a relative's noun ("widow Deborah which"), a given name
// the quote lexicon knows ("Emily said it"), a word of a person the document names in full ("Blair"
// of Tony Blair); nor where "in" comes before one of its mentions, as before a place's ("a plant in
// Nokia"), but for "shares in" and "stake in"; nor a known name.
void FirmsReadAsPeopleOrPlaces(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  auto word = [&](int t) { return WordAt(tokens, t); };
  auto possessive = [](absl::string_view w) { return w == "'s" || w == "\xe2\x80\x99s"; };
  static constexpr absl::string_view kFirmsWords[] = {
      "spokesman", "spokeswoman", "spokesperson", "shares",   "shareholders", "profits",
      "revenues",  "revenue",     "headquarters", "stock",    "subsidiary",   "subsidiaries",
      "analyst",   "analysts",    "executives",   "employees"};
  // What a firm has and a person does not, after its possessive ("Yahoo's
  // software").
  static constexpr absl::string_view kFirmsThings[] = {"software",  "browser",     "products",
                                                       "customers", "subscribers", "users"};
  static constexpr absl::string_view kFirms[] = {
      "airlines",      "banks",    "brands",    "broadcasters", "carriers",  "chains",
      "companies",     "firms",    "giants",    "groups",       "insurers",  "makers",
      "manufacturers", "networks", "operators", "portals",      "providers", "publishers",
      "retailers",     "sites",    "websites",  "competitors",  "analysts"};
  // People's plural nouns that a firm's name follows ("analysts Gartner",
  // "pollsters Mori"): one person is named after the noun in the
  // singular. Not "rivals", which sport writes before a player too.
  static constexpr absl::string_view kFirmsTrades[] = {"accountants", "analysts",    "auditors",
                                                       "brokers",     "consultants", "pollsters"};
  // Jobs held at a firm ("a senior project manager at Nokia").
  static constexpr absl::string_view kJobs[] = {
      "analyst", "chairman",  "director",   "economist",  "engineer",  "executive", "head",
      "manager", "president", "researcher", "strategist", "scientist", "spokesman", "spokeswoman"};
  // The first token from `t` on, one `step` at a time, that is no part of
  // a list of names: capitalised words, commas, "&", and "and" where
  // `over_and`; at most 16 tokens on.
  auto past_list = [&](int t, int step, bool over_and) {
    for (int steps = 0; steps < 16; ++steps, t += step) {
      const absl::string_view w = word(t);
      if (!(w == "," || w == "&" || (over_and && w == "and") ||
            (!w.empty() && absl::ascii_isupper(static_cast<unsigned char>(w[0]))))) {
        break;
      }
    }
    return t;
  };
  // Whether the name at [begin, end) stands in a list of names after a
  // plural noun for firms and "such as", "like" or "including".
  auto listed_among_firms = [&](int begin) {
    int t = past_list(begin - 1, -1, /*over_and=*/true);
    if (word(t) == "as" && word(t - 1) == "such") {
      t -= 1;
    } else if (word(t) != "like" && word(t) != "including") {
      return false;
    }
    return IsOneOf(word(t - 1), kFirms);
  };
  // Whether the name ending at `end` stands in a list of names that ends
  // on "and" and firms ("Google, AOL, Yahoo and many smaller firms").
  static constexpr absl::string_view kOthers[] = {"other",  "many",   "several", "smaller",
                                                  "larger", "bigger", "rival"};
  auto listed_before_firms = [&](int end) {
    int t = past_list(end, 1, /*over_and=*/false);
    if (word(t) != "and") return false;
    for (++t; IsOneOf(word(t), kOthers); ++t) {
    }
    return IsOneOf(word(t), kFirms);
  };
  // Whether a job's noun comes before "at" right before the name at
  // [begin, end), within five words in small letters ("head of market
  // development at"), and the name ends the phrase ("head of music at
  // London rock radio station Xfm" is no job at London).
  auto job_at = [&](int begin, int end) {
    const absl::string_view next = word(end);
    if (word(begin - 1) != "at" ||
        !(next.empty() || next == "and" || next == "in" ||
          (next.size() == 1 && absl::ascii_ispunct(static_cast<unsigned char>(next[0]))))) {
      return false;
    }
    for (int t = begin - 2; t >= 0 && t >= begin - 6; --t) {
      const absl::string_view w = word(t);
      if (w.empty() || !absl::ascii_islower(static_cast<unsigned char>(w[0]))) return false;
      if (IsOneOf(w, kJobs)) return true;
    }
    return false;
  };
  auto says_a_firm = [&](const MentionSpan& s, bool place) {
    const int owned = possessive(word(s.end)) ? s.end + 1 : s.end;
    // A place before a possessive owns the firm ("firms such as France's
    // Dassault Aviation", "NHS Scotland's chief executive").
    if (place && owned > s.end) return false;
    if (word(owned) == "chief" && word(owned + 1) == "executive") return true;
    if (!place && IsOneOf(word(owned), kFirmsWords)) return true;
    if (job_at(s.begin, s.end) || listed_among_firms(s.begin) || listed_before_firms(s.end)) {
      return true;
    }
    if (place) return false;
    if (owned > s.end && IsOneOf(word(owned), kFirmsThings)) return true;
    if ((word(s.begin - 1) == "in" || word(s.begin - 1) == "of") && word(s.begin - 2) == "shares") {
      return true;
    }
    if (IsOneOf(word(s.begin - 1), kFirmsTrades)) return true;
    // "search giant Google", "search site Google".
    return (word(s.begin - 1) == "giant" || word(s.begin - 1) == "site") &&
           absl::EndsWith(word(s.begin - 2), "search");
  };
  auto says_no_person = [&](const MentionSpan& s) {
    const absl::string_view next = word(s.end), after = word(s.end + 1);
    if (next == "which" || next == "itself" || (next == "," && after == "which")) return true;
    return (next == "said" || next == "says") && after == "it";
  };
  // Per span, whether it is the one name not read as an organisation in a
  // list of three names or more ("Sony, Microsoft and Nintendo"), joined
  // by commas and "and".
  std::vector<bool> among_firms(spans->size());
  auto joined = [&](const MentionSpan& a, const MentionSpan& b) {
    const int gap = b.begin - a.end;
    return (gap == 1 && (word(a.end) == "," || word(a.end) == "and")) ||
           (gap == 2 && word(a.end) == "," && word(a.end + 1) == "and");
  };
  for (size_t first = 0; first < spans->size();) {
    size_t last = first;
    while (last + 1 < spans->size() && joined((*spans)[last], (*spans)[last + 1])) ++last;
    int organisations = 0;
    for (size_t i = first; i <= last; ++i) {
      organisations += (*spans)[i].type == v1::ENTITY_TYPE_ORGANIZATION;
    }
    if (last - first >= 2 && organisations == static_cast<int>(last - first)) {
      for (size_t i = first; i <= last; ++i) {
        among_firms[i] = (*spans)[i].type != v1::ENTITY_TYPE_ORGANIZATION;
      }
    }
    first = last + 1;
  }
  // A relative's noun before a name says a person ("widow Deborah").
  static constexpr absl::string_view kRelatives[] = {
      "aunt",    "boyfriend",  "brother", "cousin", "daughter", "father", "fiance",
      "fiancee", "girlfriend", "husband", "mother", "nephew",   "niece",  "partner",
      "sister",  "son",        "uncle",   "widow",  "widower",  "wife"};
  // What is held in a firm, where "in" before its name is no place's
  // ("shares in Jarvis").
  static constexpr absl::string_view kHoldings[] = {"interest",   "invest", "invested",
                                                    "investment", "shares", "stake"};
  // The names something calls a firm, first: most documents have none.
  absl::flat_hash_set<std::string> firms;
  for (size_t i = 0; i < spans->size(); ++i) {
    const MentionSpan& s = (*spans)[i];
    if (s.end - s.begin != 1 || s.known) continue;
    const bool person = s.type == v1::ENTITY_TYPE_PERSON;
    const bool place = s.type == v1::ENTITY_TYPE_LOCATION;
    // Not a place in a list of clubs, which the model read as
    // organisations ("Paris, Lille, Lyon and Toulouse").
    if ((person || place) &&
        ((person && among_firms[i]) || says_a_firm(s, place) || (person && says_no_person(s)))) {
      firms.insert(text::FoldName(word(s.begin)));
    }
  }
  if (firms.empty()) return;
  const absl::flat_hash_set<std::string> words_of_people = WordsOfPeopleNamedInFull(tokens, *spans);
  absl::flat_hash_set<std::string> not_firms;
  std::vector<std::string> keys(spans->size());
  for (size_t i = 0; i < spans->size(); ++i) {
    const MentionSpan& s = (*spans)[i];
    if (s.end - s.begin != 1) continue;
    keys[i] = text::FoldName(word(s.begin));
    if (!firms.contains(keys[i])) continue;
    const std::string& key = keys[i];
    if (s.known || key.size() <= 2 ||
        (word(s.begin - 1) == "in" && !IsOneOf(word(s.begin - 2), kHoldings))) {
      not_firms.insert(key);
      continue;
    }
    if (s.type == v1::ENTITY_TYPE_PERSON &&
        (quotes::IsGivenName(key) || TitleBefore(tokens, s.begin) != NameTitle::kNone ||
         IsOneOf(word(s.begin - 1), kRelatives) ||
         !text::OfficeTitleHead(WordOfTitleBefore(tokens, s.begin)).empty())) {
      not_firms.insert(key);
    }
  }
  for (size_t i = 0; i < spans->size(); ++i) {
    MentionSpan& s = (*spans)[i];
    if (s.known || keys[i].empty() || !firms.contains(keys[i]) || not_firms.contains(keys[i]) ||
        words_of_people.contains(keys[i])) {
      continue;
    }
    s.type = v1::ENTITY_TYPE_ORGANIZATION;
  }
}

// A work's noun right before a name ("the biopic Ray", "the movie The
// Aviator", "comedy Sideways") or "starring" right after it ("Vera Drake,
// starring Imelda Staunton") says the name is a film's, a show's or an
// album's: MISC, as CoNLL-2003 has works, at all its mentions in the
// document, whatever the model read there. It read films it never saw as
// organisations ("Sideways", "Million Dollar Baby") or people ("Ray",
// "Vera Drake"). Not the nouns news also writes as adjectives before names
// ("a novel Philippine proposal", "blockbuster West End musicals", "an
// epic Arsenal win"). The noun in small letters ("Film Four" is no cue) and in
// the name's sentence (not a headline's last word: "... anti-Bush film" and
// then "Michael Moore's"), nor one before a verb of making ("the film
// Michael Moore made"); not "starring in" ("director Spike Lee, starring
// in seven Lee films"), nor a name after "by" before "starring" ("directed
// by Clint Eastwood, starring Hilary Swank"); not a name after a title,
// nor one the tagger knows.
void WorksAfterTheirNoun(const TokenizedText& tokens, const std::vector<int>& sentence_of,
                         std::vector<MentionSpan>* spans) {
  static constexpr absl::string_view kWorks[] = {"album",       "biopic",  "cartoon", "comedy",
                                                 "documentary", "drama",   "film",    "flick",
                                                 "movie",       "musical", "sitcom",  "thriller"};
  auto word = [&](int t) { return WordAt(tokens, t); };
  // The name's words in small letters, without a "the" it opens on.
  auto key_of = [&](const MentionSpan& s) {
    const int begin = s.end - s.begin >= 2 && absl::EqualsIgnoreCase(word(s.begin), "the")
                          ? s.begin + 1
                          : s.begin;
    return LowerWords(tokens, begin, s.end);
  };
  // Who made the work, after its noun: "the film Michael Moore made".
  static constexpr absl::string_view kMaking[] = {"made",     "wrote",    "released", "directed",
                                                  "produced", "recorded", "shot",     "filmed",
                                                  "created",  "sang",     "penned"};
  absl::flat_hash_set<std::string> works;
  for (const MentionSpan& s : *spans) {
    if (s.known) continue;
    const int before = word(s.begin - 1) == "The" ? s.begin - 2 : s.begin - 1;
    const absl::string_view noun = word(before);
    const bool after_noun =
        before >= 0 && sentence_of[before] == sentence_of[s.begin] &&
        std::find(std::begin(kWorks), std::end(kWorks), noun) != std::end(kWorks) &&
        !IsOneOf(word(s.end), kMaking);
    // Not "starring in", which a player of films does, nor the director
    // before it ("directed by Clint Eastwood, starring Hilary Swank").
    const int star = word(s.end) == "," ? s.end + 1 : s.end;
    const bool starring =
        word(star) == "starring" && word(star + 1) != "in" && word(s.begin - 1) != "by";
    // The title last: most spans have no cue.
    if ((after_noun || starring) && TitleBefore(tokens, s.begin) == NameTitle::kNone) {
      works.insert(key_of(s));
    }
  }
  if (works.empty()) return;
  for (MentionSpan& s : *spans) {
    if (!s.known && TitleBefore(tokens, s.begin) == NameTitle::kNone && works.contains(key_of(s))) {
      s.type = v1::ENTITY_TYPE_MISC;
    }
  }
}

// An acronym the text defines, in brackets right after a name of two
// words or more whose initials it spells ("Microsoft's Internet Explorer
// (IE)", "the Confederation of British Industry (CBI)"; "of", "the",
// "and", "for" skipped), is a name of that name's type wherever the text
// writes it: the model read "IE" as a place 16 times in BBC's tech texts,
// 10 of them defined so, and the registry linked it to Ireland by its
// country code. A known name keeps its type unless the
// name defining it is known too. A name read as a person that the text
// gives an acronym is the organisation or thing the model read the
// acronym as.
void AcronymsTheTextDefines(const TokenizedText& tokens, std::vector<MentionSpan>* spans) {
  // The acronym's type, and whether the name it stands for is a known one.
  absl::flat_hash_map<absl::string_view, std::pair<v1::EntityType, bool>> defined;
  const int n = static_cast<int>(tokens.tokens.size());
  for (size_t i = 0; i + 1 < spans->size(); ++i) {
    const MentionSpan& name = (*spans)[i];
    const MentionSpan& acronym = (*spans)[i + 1];
    if (name.end - name.begin < 2 || acronym.end - acronym.begin != 1 ||
        acronym.begin != name.end + 1 || acronym.end >= n || tokens.tokens[name.end].text != "(" ||
        tokens.tokens[acronym.end].text != ")") {
      continue;
    }
    const absl::string_view letters = tokens.tokens[acronym.begin].text;
    if (letters.size() < 2 || !text::InCapitals(letters)) continue;
    std::vector<std::string> words;
    for (int t = name.begin; t < name.end; ++t) {
      words.push_back(absl::AsciiStrToLower(tokens.tokens[t].text));
    }
    if (!IsAcronymOf(absl::AsciiStrToLower(letters), words)) continue;
    // A name with an acronym is no person's: "Hewlett Packard (HP)", which
    // the model read as a person, is the firm it read "HP" as.
    if (name.type == v1::ENTITY_TYPE_PERSON) {
      if (acronym.type != v1::ENTITY_TYPE_ORGANIZATION && acronym.type != v1::ENTITY_TYPE_MISC) {
        continue;
      }
      if (!name.known) (*spans)[i].type = acronym.type;
    }
    defined.try_emplace(letters, std::make_pair((*spans)[i].type, name.known));
  }
  if (defined.empty()) return;
  for (MentionSpan& span : *spans) {
    if (span.end - span.begin != 1) continue;
    auto it = defined.find(tokens.tokens[span.begin].text);
    // A known name keeps its type, but to a known name's definition.
    if (it == defined.end() || (span.known && !it->second.second)) continue;
    span.type = it->second.first;
  }
}

// A firm's stock ticker in brackets right after its name, as wire stories
// write it ("Boeing Co <BA>", "Apple Inc (AAPL.O)", "International
// Business Machines Corp (NYSE: IBM)"), or the capitals an organisation's
// name is given so ("the Bank's Monetary Policy Committee (MPC)"): for
// each span, the span of the organisation it names, or -1. It is that
// organisation (coref's `same_as`), not one of its own: Reuters-21578's
// "PZL" had been one beside Pennzoil in 28 documents, and "BA" had joined
// a Boeing aircraft.
std::vector<int> TickersOfFirms(const TokenizedText& tokens,
                                const std::vector<MentionSpan>& spans) {
  std::vector<int> same_as(spans.size(), -1);
  const int n = static_cast<int>(tokens.tokens.size());
  auto is_ticker = [](absl::string_view t) {
    if (t.empty() || t.size() > 6) return false;
    for (const char c : t) {
      if (!absl::ascii_isupper(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  // Where shares trade, which a bracket after a firm names as often.
  static constexpr absl::string_view kExchanges[] = {"NYSE", "NASDAQ", "AMEX", "LSE",
                                                     "TSE",  "TSX",    "ASX",  "SGX"};
  for (size_t i = 1; i < spans.size(); ++i) {
    const MentionSpan& ticker = spans[i];
    if (ticker.end - ticker.begin != 1 || !is_ticker(tokens.tokens[ticker.begin].text) ||
        ticker.type == v1::ENTITY_TYPE_PERSON ||
        std::find(std::begin(kExchanges), std::end(kExchanges), tokens.tokens[ticker.begin].text) !=
            std::end(kExchanges)) {
      continue;
    }
    int open = ticker.begin - 1;
    // "(NYSE: IBM)": past the exchange and its colon.
    if (open >= 2 && tokens.tokens[open].text == ":") open -= 2;
    if (open < 0) continue;
    const std::string& bracket = tokens.tokens[open].text;
    if (bracket != "<" && bracket != "(") continue;
    // In round brackets, an organisation or thing the model read, not a
    // place ("Boeing (US)"); angle brackets hold tickers only, whatever
    // the model read ("Union Carbide Corp <UK>", "Primerica Corp <PA>").
    if (bracket == "(" && ticker.type != v1::ENTITY_TYPE_ORGANIZATION &&
        ticker.type != v1::ENTITY_TYPE_MISC) {
      continue;
    }
    int close = ticker.end;
    // The market after the letters, written on: "AAPL" "." "O".
    if (close + 1 < n && tokens.tokens[close].text == "." &&
        tokens.tokens[close].begin == tokens.tokens[close - 1].end &&
        tokens.tokens[close + 1].begin == tokens.tokens[close].end &&
        tokens.tokens[close + 1].text.size() <= 2 && is_ticker(tokens.tokens[close + 1].text)) {
      close += 2;
    }
    if (close >= n || tokens.tokens[close].text != (bracket == "<" ? ">" : ")")) continue;
    for (size_t j = i; j-- > 0;) {
      if (spans[j].end < open) break;
      if (spans[j].end == open) {
        if (spans[j].type == v1::ENTITY_TYPE_ORGANIZATION) same_as[i] = static_cast<int>(j);
        break;
      }
    }
  }
  return same_as;
}

// Per span, the offices (coref.h's OfficeBit) whose titles the words just
// before a person's name give ("former Secretary of State Hillary
// Clinton"), back to the name before it, a mark or the sentence's start,
// and those of a description in apposition after it ("Bill Clinton, the
// former president,"): coreference reads which of two people a titled
// surname names.
std::vector<uint32_t> OfficesOfPeople(const TokenizedText& tokens,
                                      const std::vector<int>& sentence_of,
                                      const std::vector<MentionSpan>& spans) {
  std::vector<uint32_t> offices(spans.size(), 0);
  const int n = static_cast<int>(tokens.tokens.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    if (spans[i].type != v1::ENTITY_TYPE_PERSON) continue;
    const int from = std::max(i > 0 ? spans[i - 1].end : 0, spans[i].begin - 5);
    const int sentence = sentence_of[spans[i].begin];
    for (int t = spans[i].begin - 1; t >= from && sentence_of[t] == sentence; --t) {
      absl::string_view word = tokens.tokens[t].text;
      if (word == "." && t > 0 && Joined(tokens, t)) continue;
      if (word.empty() || !absl::ascii_isalpha(static_cast<unsigned char>(word[0]))) break;
      absl::ConsumeSuffix(&word, ".");
      if (const size_t dash = word.rfind('-'); dash != absl::string_view::npos) {
        word = word.substr(dash + 1);  // "then-Secretary"
      }
      const std::string lower = absl::AsciiStrToLower(word);
      const uint32_t bit = OfficeBit(lower);
      // Only the title's own words right before the name: its capitalised
      // words, an office's in any case, "of", "former", "the" ("the former
      // Secretary of State"), not a clause's ("the president's talk with").
      if (bit == 0 && !absl::ascii_isupper(static_cast<unsigned char>(word[0])) && lower != "of" &&
          lower != "former" && lower != "the" && lower != "then") {
        break;
      }
      offices[i] |= bit;
    }
    // And those of a description in apposition after it ("Bill Clinton,
    // the former president,"; "a", "the" or "former" opens it), up to the
    // next mark, name or "of".
    const int after = spans[i].end;
    const int to = std::min(i + 1 < spans.size() ? spans[i + 1].begin : n, after + 7);
    if (after + 1 < to && tokens.tokens[after].text == "," &&
        (absl::EqualsIgnoreCase(tokens.tokens[after + 1].text, "the") ||
         absl::EqualsIgnoreCase(tokens.tokens[after + 1].text, "a") ||
         absl::EqualsIgnoreCase(tokens.tokens[after + 1].text, "former"))) {
      for (int t = after + 1; t < to && sentence_of[t] == sentence; ++t) {
        const absl::string_view word = tokens.tokens[t].text;
        if (word.empty() || !absl::ascii_isalpha(static_cast<unsigned char>(word[0]))) break;
        // "the former secretary of state", not "the wife of the former
        // president": no office's words after "of".
        if (absl::EqualsIgnoreCase(word, "of")) break;
        offices[i] |= OfficeBit(absl::AsciiStrToLower(word));
      }
    }
  }
  return offices;
}

}  // namespace

Tagger::Tagger(std::shared_ptr<const Recognizer> recognizer) : recognizer_(std::move(recognizer)) {}

void Tagger::SetRecognizer(std::shared_ptr<const Recognizer> recognizer) {
  absl::MutexLock lock(&mu_);
  recognizer_ = std::move(recognizer);
}

void Tagger::SetKnownNames(std::shared_ptr<const KnownNames> names) {
  absl::MutexLock lock(&mu_);
  known_names_ = std::move(names);
}

std::shared_ptr<const Recognizer> Tagger::Current() const {
  absl::MutexLock lock(&mu_);
  return recognizer_;
}

Tagger::Counts Tagger::counts() const {
  return {texts_.load(std::memory_order_relaxed), tokens_.load(std::memory_order_relaxed),
          absl::Nanoseconds(busy_ns_.load(std::memory_order_relaxed))};
}

v1::Annotations Tagger::Tag(absl::string_view text, const TagOptions& options,
                            TokenizedText* tokens_out) const {
  const absl::Time start = absl::Now();
  const std::shared_ptr<const Recognizer> recognizer = Current();
  std::shared_ptr<const KnownNames> known_names;
  {
    absl::MutexLock lock(&mu_);
    known_names = known_names_;
  }
  TokenizedText tokens = Tokenize(text);
  // Counted when Tag returns, whichever way it does.
  struct Count {
    const Tagger* tagger;
    absl::Time start;
    size_t tokens;
    ~Count() {
      tagger->texts_.fetch_add(1, std::memory_order_relaxed);
      tagger->tokens_.fetch_add(tokens, std::memory_order_relaxed);
      tagger->busy_ns_.fetch_add(absl::ToInt64Nanoseconds(absl::Now() - start),
                                 std::memory_order_relaxed);
    }
  } count{this, start, tokens.tokens.size()};
  v1::Annotations annotations;
  // The model, the rules, and the names known besides (a knowledge base's,
  // curation's): what tagged the text, so that `retag --stale` re-tags
  // what other names tagged.
  annotations.set_tagger_version(absl::StrCat(
      recognizer->Version(), "+", kTaggerRulesId,
      known_names != nullptr && known_names->size() > 0
          ? absl::StrCat("+names.", absl::Hex(known_names->fingerprint() >> 32, absl::kZeroPad8))
          : ""));
  std::vector<int> sentence_of(tokens.tokens.size(), 0);
  for (size_t s = 0; s < tokens.sentences.size(); ++s) {
    const Sentence& sentence = tokens.sentences[s];
    auto* span = annotations.add_sentences()->mutable_span();
    span->set_begin(tokens.tokens[sentence.begin].begin);
    span->set_end(tokens.tokens[sentence.end - 1].end);
    for (int t = sentence.begin; t < sentence.end; ++t) {
      sentence_of[t] = static_cast<int>(s);
    }
  }
  std::vector<MentionSpan> spans = recognizer->Recognize(tokens);
  if (known_names != nullptr) known_names->AddTo(tokens, &spans, recognizer.get());
  // The outlet is surer than a curated name: it is where the text is from.
  if (!options.outlet.empty()) MarkOutlet(tokens, options.outlet, &spans, recognizer.get());
  // Organisation names the model missed, by their head word ("Foreign
  // Ministry"): after the known names, which are surer.
  AddOrganizationNames(tokens, &spans);
  // After the names above, which may have read a word of an address.
  NameWebsites(tokens, &spans, recognizer.get());
  SplitAtSeparators(tokens, &spans);
  SplitPartyFromPerson(tokens, &spans);
  SplitTitleFromPerson(tokens, *recognizer, &spans);
  JoinAmpersandNames(tokens, &spans);
  JoinFirmForms(tokens, &spans);
  SplitListsOfNames(tokens, *recognizer, known_names.get(), &spans);
  DropOverlongSpans(&spans);
  DropCommonAcronyms(tokens, &spans);
  HolidaysAreMisc(tokens, &spans);
  TrimTrailingModifiers(tokens, &spans);
  const std::vector<bool> in_headline = HeadlineLines(tokens);
  SplitPeopleAtCommonWords(tokens, *recognizer, in_headline, &spans);
  CutHeadlineNamesToTheTextsNames(tokens, *recognizer, in_headline, &spans);
  CutHeadlineWordsOffPeople(text, tokens, *recognizer, &spans);
  PeopleAfterCourtesyTitles(tokens, &spans);
  PeopleAfterPostNouns(tokens, &spans);
  DropCourtesyTitles(tokens, &spans);
  DropOfficeTitles(tokens, &spans);
  DropTitlesBeforePeople(tokens, &spans);
  ExtendByMonthSurnames(tokens, sentence_of, &spans);
  FirmsAfterTheirNoun(tokens, &spans);
  OrganisationsReadAsPeople(tokens, *recognizer, &spans);
  FirmsReadAsPeopleOrPlaces(tokens, &spans);
  WorksAfterTheirNoun(tokens, sentence_of, &spans);
  AwardsReadAsPeople(tokens, &spans);
  AcronymsTheTextDefines(tokens, &spans);
  const std::vector<uint32_t> offices = OfficesOfPeople(tokens, sentence_of, spans);
  std::vector<NameTitle> titles;
  titles.reserve(spans.size());
  std::vector<quotes::Gender> title_genders;
  title_genders.reserve(spans.size());
  absl::FixedArray<bool> common_first(spans.size());
  for (const MentionSpan& found : spans) {
    titles.push_back(found.type == v1::ENTITY_TYPE_PERSON ? TitleBefore(tokens, found.begin)
                                                          : NameTitle::kNone);
    title_genders.push_back(found.type == v1::ENTITY_TYPE_PERSON
                                ? GenderOfTitleBefore(tokens, found.begin)
                                : quotes::Gender::kUnknown);
    common_first[titles.size() - 1] =
        WrittenInLowerCase(recognizer->HowNewsWrites(tokens.tokens[found.begin].text));
    v1::Mention* mention = annotations.add_mentions();
    const int32_t begin = tokens.tokens[found.begin].begin;
    const int32_t end = tokens.tokens[found.end - 1].end;
    mention->mutable_span()->set_begin(begin);
    mention->mutable_span()->set_end(end);
    mention->set_text(std::string(text.substr(begin, end - begin)));
    mention->set_type(found.type);
    mention->set_confidence(found.confidence);
    mention->set_sentence_index(sentence_of[found.begin]);
  }
  ResolveEntities(&annotations, titles, common_first, title_genders, TickersOfFirms(tokens, spans),
                  offices);
  // Roles first: a quote's speaker may be named by a title the document
  // gave someone ("the prime minister said").
  FindRoles(text, tokens, &annotations);
  FindQuotes(text, tokens, &annotations);
  FindTemporalExpressions(text, tokens, options.document_date, &annotations);
  if (tokens_out != nullptr) *tokens_out = std::move(tokens);
  return annotations;
}

}  // namespace dossier::tagger
