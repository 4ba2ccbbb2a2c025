#include "services/tagger/roles.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/time_util.h"
#include "text/fold.h"

// A role is a title phrase next to a PERSON mention, in one of three forms:
//   A. before the name: "Foreign Ministry spokeswoman Maria Zakharova",
//      "the Russian ambassador to Serbia Alexander Botsan Kharchenko";
//   B. before it in apposition: "Russia's ambassador to Serbia, Alexander
//      Botsan-Kharchenko," and "the official representative of the Russian
//      Foreign Ministry, Maria Zakharova.";
//   C. after it in apposition: "Maria Zakharova, the ministry's
//      spokeswoman,".
// A title phrase is premodifiers (capitalised words, names of places and
// organisations, a possessive, modifier words such as "deputy" or
// "presidential"), then a head word from kTitleWords, then optionally a
// complement starting with "of", "to" or "for" ("ambassador to Serbia",
// "Minister of Mining and Energy"). "A and B" with B starting a new title
// ("Deputy Prime Minister and Minister of Mining and Energy") gives two
// roles. A leading "the", "a" or "an" is left out of the title.
//
// The organisation a role is of, when the title names one: an organisation
// named in it ("Foreign Ministry"), else a place named in it that is not
// the host after "to" or "in" ("Russia's ambassador to Serbia" is Russia's,
// the country the ambassador represents), else the place a nationality
// adjective stands for when the document names that place ("Serbian
// Interior Minister" → Serbia). A second coordinated title without one of
// its own shares the first's ("Serbian Deputy Prime Minister and Minister
// of Mining and Energy": both Serbia's).
namespace dossier::tagger {

using text::Sentence;
using text::Token;
using text::TokenizedText;

namespace {

enum class WordKind {
  kHead,          // the person is one: "minister", "spokeswoman"
  kNewTitle,      // a modifier that starts a coordinated title: "deputy"
  kModifier,      // a modifier of a title: "foreign", "presidential"
  kOrganization,  // an organisation's noun inside a title: "ministry"
};

struct TitleWord {
  const char* word;
  WordKind kind;
};

// The title vocabulary, lower case. Heads may stand as modifiers too
// ("official representative"); plural forms are not titles of one person.
constexpr TitleWord kTitleWords[] = {
    // Government and diplomacy.
    {"minister", WordKind::kHead},
    {"premier", WordKind::kHead},
    {"president", WordKind::kHead},
    {"vice-president", WordKind::kHead},
    {"president-elect", WordKind::kHead},
    {"chancellor", WordKind::kHead},
    {"spokesman", WordKind::kHead},
    {"spokeswoman", WordKind::kHead},
    {"spokesperson", WordKind::kHead},
    {"ambassador", WordKind::kHead},
    {"envoy", WordKind::kHead},
    {"consul", WordKind::kHead},
    {"diplomat", WordKind::kHead},
    {"representative", WordKind::kHead},
    {"secretary", WordKind::kHead},
    {"secretary-general", WordKind::kHead},
    {"undersecretary", WordKind::kHead},
    {"under-secretary", WordKind::kHead},
    {"commissioner", WordKind::kHead},
    {"governor", WordKind::kHead},
    {"mayor", WordKind::kHead},
    {"senator", WordKind::kHead},
    {"congressman", WordKind::kHead},
    {"congresswoman", WordKind::kHead},
    {"lawmaker", WordKind::kHead},
    {"legislator", WordKind::kHead},
    {"mp", WordKind::kHead},
    {"mep", WordKind::kHead},
    {"msp", WordKind::kHead},
    {"mla", WordKind::kHead},
    {"speaker", WordKind::kHead},
    {"adviser", WordKind::kHead},
    {"advisor", WordKind::kHead},
    {"aide", WordKind::kHead},
    {"assistant", WordKind::kHead},
    {"official", WordKind::kHead},
    {"negotiator", WordKind::kHead},
    {"mediator", WordKind::kHead},
    {"ombudsman", WordKind::kHead},
    {"rapporteur", WordKind::kHead},
    {"candidate", WordKind::kHead},
    {"member", WordKind::kHead},
    // Organisations.
    {"chairman", WordKind::kHead},
    {"chairwoman", WordKind::kHead},
    {"chairperson", WordKind::kHead},
    {"chair", WordKind::kHead},
    {"director", WordKind::kHead},
    {"director-general", WordKind::kHead},
    {"head", WordKind::kHead},
    {"chief", WordKind::kHead},
    {"leader", WordKind::kHead},
    {"founder", WordKind::kHead},
    {"co-founder", WordKind::kHead},
    {"executive", WordKind::kHead},
    {"ceo", WordKind::kHead},
    {"manager", WordKind::kHead},
    {"boss", WordKind::kHead},
    {"coordinator", WordKind::kHead},
    {"administrator", WordKind::kHead},
    {"treasurer", WordKind::kHead},
    {"coach", WordKind::kHead},
    // Law, forces, church, crown.
    {"prosecutor", WordKind::kHead},
    {"judge", WordKind::kHead},
    {"attorney", WordKind::kHead},
    {"lawyer", WordKind::kHead},
    {"commander", WordKind::kHead},
    {"commander-in-chief", WordKind::kHead},
    {"general", WordKind::kHead},
    {"admiral", WordKind::kHead},
    {"colonel", WordKind::kHead},
    {"lieutenant", WordKind::kHead},
    {"captain", WordKind::kHead},
    {"marshal", WordKind::kHead},
    {"officer", WordKind::kHead},
    {"king", WordKind::kHead},
    {"queen", WordKind::kHead},
    {"prince", WordKind::kHead},
    {"princess", WordKind::kHead},
    {"pope", WordKind::kHead},
    {"patriarch", WordKind::kHead},
    {"archbishop", WordKind::kHead},
    {"bishop", WordKind::kHead},
    // The press and experts.
    {"editor", WordKind::kHead},
    {"editor-in-chief", WordKind::kHead},
    {"correspondent", WordKind::kHead},
    {"journalist", WordKind::kHead},
    {"columnist", WordKind::kHead},
    {"analyst", WordKind::kHead},
    {"expert", WordKind::kHead},
    {"economist", WordKind::kHead},
    {"historian", WordKind::kHead},
    {"professor", WordKind::kHead},
    {"researcher", WordKind::kHead},
    // Modifiers that begin a second title after "and".
    {"deputy", WordKind::kNewTitle},
    {"vice", WordKind::kNewTitle},
    {"first", WordKind::kNewTitle},
    {"acting", WordKind::kNewTitle},
    {"former", WordKind::kNewTitle},
    {"interim", WordKind::kNewTitle},
    // Other modifiers.
    {"prime", WordKind::kModifier},
    {"second", WordKind::kModifier},
    {"outgoing", WordKind::kModifier},
    {"incoming", WordKind::kModifier},
    {"senior", WordKind::kModifier},
    {"junior", WordKind::kModifier},
    {"top", WordKind::kModifier},
    {"special", WordKind::kModifier},
    {"permanent", WordKind::kModifier},
    {"presidential", WordKind::kModifier},
    {"ministerial", WordKind::kModifier},
    {"parliamentary", WordKind::kModifier},
    {"foreign", WordKind::kModifier},
    {"interior", WordKind::kModifier},
    {"defence", WordKind::kModifier},
    {"defense", WordKind::kModifier},
    {"finance", WordKind::kModifier},
    {"economy", WordKind::kModifier},
    {"economic", WordKind::kModifier},
    {"trade", WordKind::kModifier},
    {"justice", WordKind::kHead},  // "Lord Chief Justice", "Justice Minister"
    {"health", WordKind::kModifier},
    {"education", WordKind::kModifier},
    {"energy", WordKind::kModifier},
    {"mining", WordKind::kModifier},
    {"culture", WordKind::kModifier},
    {"agriculture", WordKind::kModifier},
    {"environment", WordKind::kModifier},
    {"transport", WordKind::kModifier},
    {"labour", WordKind::kModifier},
    {"labor", WordKind::kModifier},
    {"security", WordKind::kModifier},
    {"intelligence", WordKind::kModifier},
    {"military", WordKind::kModifier},
    {"press", WordKind::kModifier},
    {"state", WordKind::kModifier},
    {"national", WordKind::kModifier},
    {"federal", WordKind::kModifier},
    {"regional", WordKind::kModifier},
    {"local", WordKind::kModifier},
    {"managing", WordKind::kModifier},
    {"associate", WordKind::kModifier},
    {"opposition", WordKind::kModifier},
    {"ruling", WordKind::kModifier},
    {"longtime", WordKind::kModifier},
    {"veteran", WordKind::kModifier},
    {"current", WordKind::kModifier},
    {"new", WordKind::kModifier},
    {"shadow", WordKind::kModifier},
    {"home", WordKind::kModifier},
    {"communications", WordKind::kModifier},
    {"campaign", WordKind::kModifier},
    {"policy", WordKind::kModifier},
    {"election", WordKind::kModifier},
    {"social", WordKind::kModifier},
    {"public", WordKind::kModifier},
    {"business", WordKind::kModifier},
    {"international", WordKind::kModifier},
    {"development", WordKind::kModifier},
    {"technology", WordKind::kModifier},
    {"science", WordKind::kModifier},
    {"media", WordKind::kModifier},
    {"constitutional", WordKind::kModifier},
    {"legal", WordKind::kModifier},
    {"political", WordKind::kModifier},
    {"financial", WordKind::kModifier},
    // Organisations' nouns.
    {"ministry", WordKind::kOrganization},
    {"office", WordKind::kOrganization},
    {"service", WordKind::kOrganization},
    {"department", WordKind::kOrganization},
    {"committee", WordKind::kOrganization},
    {"council", WordKind::kOrganization},
    {"government", WordKind::kOrganization},
    {"cabinet", WordKind::kOrganization},
    {"administration", WordKind::kOrganization},
    {"parliament", WordKind::kOrganization},
    {"assembly", WordKind::kOrganization},
    {"party", WordKind::kOrganization},
    {"embassy", WordKind::kOrganization},
    {"mission", WordKind::kOrganization},
    {"delegation", WordKind::kOrganization},
    {"agency", WordKind::kOrganization},
    {"bank", WordKind::kOrganization},
    {"company", WordKind::kOrganization},
    {"board", WordKind::kOrganization},
    {"commission", WordKind::kOrganization},
    {"bureau", WordKind::kOrganization},
    {"directorate", WordKind::kOrganization},
    {"institute", WordKind::kOrganization},
    {"university", WordKind::kOrganization},
    {"foundation", WordKind::kOrganization},
    {"union", WordKind::kOrganization},
    {"court", WordKind::kOrganization},
    {"army", WordKind::kOrganization},
    {"staff", WordKind::kOrganization},
    {"affairs", WordKind::kOrganization},
    {"relations", WordKind::kOrganization},
};

// A title abbreviated before a name, as written (capital and period), and
// the title it stands for: "Sen. Tim Kaine", "Lt. Gov. Dan Patrick". The
// plural ("Sens. Ted Cruz and Marco Rubio") is the title of each person
// coordinated after it. A role's title writes the abbreviation out.
struct Abbreviation {
  absl::string_view written;
  absl::string_view title;
  bool plural;
};
constexpr Abbreviation kAbbreviations[] = {
    {"Sen.", "Senator", false},        {"Sens.", "Senator", true},
    {"Rep.", "Representative", false}, {"Reps.", "Representative", true},
    {"Gov.", "Governor", false},       {"Govs.", "Governor", true},
    {"Gen.", "General", false},        {"Gens.", "General", true},
    {"Lt.", "Lieutenant", false},      {"Adm.", "Admiral", false},
    {"Col.", "Colonel", false},        {"Maj.", "Major", false},
    {"Capt.", "Captain", false},       {"Sgt.", "Sergeant", false},
    {"Cmdr.", "Commander", false},
};

const Abbreviation* AbbreviationOf(absl::string_view token) {
  if (token.size() < 3 || token.back() != '.') return nullptr;
  for (const Abbreviation& a : kAbbreviations) {
    if (token == a.written) return &a;
  }
  return nullptr;
}

std::optional<WordKind> KindOf(absl::string_view token) {
  if (AbbreviationOf(token) != nullptr) return WordKind::kHead;
  static const auto* const kWords = [] {
    auto* words = new absl::flat_hash_map<std::string, WordKind>();
    for (const TitleWord& w : kTitleWords) words->emplace(w.word, w.kind);
    return words;
  }();
  if (token.empty() || token.size() > 20) return std::nullopt;
  const auto it = kWords->find(absl::AsciiStrToLower(token));
  if (it == kWords->end()) return std::nullopt;
  return it->second;
}

bool IsHead(absl::string_view token) {
  if (KindOf(token) == WordKind::kHead) return true;
  // "Secretary-General" heads by its last part too ("Deputy-Minister").
  const size_t hyphen = token.rfind('-');
  return hyphen != absl::string_view::npos && KindOf(token.substr(hyphen + 1)) == WordKind::kHead;
}

bool StartsUpper(absl::string_view token) {
  return !token.empty() && absl::ascii_isupper(static_cast<unsigned char>(token[0]));
}

// Words capitalised in headlines ("Obama Is President ...") that belong to
// no title.
bool IsCapitalisedFunctionWord(absl::string_view token) {
  static constexpr absl::string_view kWords[] = {
      "A", "An", "Are", "As", "At", "Be", "But", "By", "Can", "From", "Has", "Have", "He", "Her",
      "His", "I", "If", "In", "Is", "It", "Its", "Not", "On", "Or", "Over", "Says", "She", "That",
      "The", "Their", "They", "This", "Us", "Was", "Were", "Who", "Why", "Will", "With", "We",
      "What", "When",
      // Adverbs and conjunctions that open a clause in a headline or after
      // a quotation mark ("Well Senator Sanders, ...", "While Senator ...").
      "Also", "After", "Although", "And", "Because", "Before", "Both", "Either", "Even", "Finally",
      "How", "However", "Meanwhile", "Neither", "Nor", "Now", "Only", "Since", "So", "Still",
      "Then", "Though", "Well", "Where", "While", "Yet"};
  for (absl::string_view w : kWords) {
    if (token == w) return true;
  }
  return false;
}

// The short words a headline in title case may write in lower case.
bool IsHeadlineLowerCase(absl::string_view token) {
  static constexpr absl::string_view kWords[] = {"a",   "an",   "and", "as", "at",  "by",
                                                 "for", "from", "if",  "in", "of",  "on",
                                                 "or",  "the",  "to",  "vs", "with"};
  return std::find(std::begin(kWords), std::end(kWords), token) != std::end(kWords);
}

// An opening quotation mark, bracket or dash.
bool IsOpening(absl::string_view token) {
  static constexpr absl::string_view kMarks[] = {"\"",
                                                 "'",
                                                 "(",
                                                 "[",
                                                 "``",
                                                 "-",
                                                 "--",
                                                 "\xe2\x80\x9c",
                                                 "\xe2\x80\x98",
                                                 "\xc2\xab",
                                                 "\xe2\x80\x94",
                                                 "\xe2\x80\x93"};
  return std::find(std::begin(kMarks), std::end(kMarks), token) != std::end(kMarks);
}

bool IsPreposition(absl::string_view token) {
  return token == "of" || token == "to" || token == "for";
}

bool IsDeterminer(absl::string_view token) {
  return absl::EqualsIgnoreCase(token, "the") || absl::EqualsIgnoreCase(token, "a") ||
         absl::EqualsIgnoreCase(token, "an");
}

// Ends an appositive: a comma, a full stop, a closing bracket, a dash.
bool IsAppositiveEnd(absl::string_view token) {
  return token == "," || token == "." || token == ";" || token == ")" || token == "-" ||
         token == "--";
}

// Tokens, sentences and mentions of one document, by token.
class Document {
 public:
  Document(const TokenizedText& tokens, const v1::Annotations& annotations)
      : tokens_(tokens.tokens),
        annotations_(annotations),
        mention_at_(tokens.tokens.size(), -1),
        opens_sentence_(tokens.tokens.size(), false),
        headline_(tokens.tokens.size(), false) {
    for (int m = 0; m < annotations.mentions_size(); ++m) {
      const v1::Span& span = annotations.mentions(m).span();
      auto it = std::lower_bound(tokens_.begin(), tokens_.end(), span.begin(),
                                 [](const Token& t, int32_t at) { return t.begin < at; });
      for (; it != tokens_.end() && it->end <= span.end(); ++it) {
        mention_at_[it - tokens_.begin()] = m;
      }
    }
    const int n = static_cast<int>(tokens_.size());
    for (const Sentence& sentence : tokens.sentences) {
      // The first word of a sentence, past opening quotation marks and
      // brackets ("âWell Senator Sanders, ...").
      int t = sentence.begin;
      while (t < sentence.end && t < n && IsOpening(tokens_[t].text)) ++t;
      if (t < sentence.end && t < n) opens_sentence_[t] = true;
      // A headline in title case ("Trump Finally Endorses House Speaker
      // Paul Ryan"): its words outside names are capitalised, three of them
      // at least, but for the short words headlines write in lower case
      // ("for", "of").
      int words = 0, capitalised = 0;
      for (int u = sentence.begin; u < sentence.end && u < n; ++u) {
        const std::string& w = tokens_[u].text;
        if (mention_at_[u] >= 0 || w.empty() ||
            !absl::ascii_isalpha(static_cast<unsigned char>(w[0])) || IsHeadlineLowerCase(w)) {
          continue;
        }
        ++words;
        capitalised += StartsUpper(w) ? 1 : 0;
      }
      if (words >= 3 && capitalised == words) {
        for (int u = sentence.begin; u < sentence.end && u < n; ++u) headline_[u] = true;
      }
    }
  }

  const std::string& Text(int t) const { return tokens_[t].text; }
  int MentionAt(int t) const { return mention_at_[t]; }
  const v1::Mention& Mention(int m) const { return annotations_.mentions(m); }
  bool IsPerson(int t) const {
    return mention_at_[t] >= 0 && Mention(mention_at_[t]).type() == v1::ENTITY_TYPE_PERSON;
  }
  // Tokens [first, last) of mention `m`.
  std::pair<int, int> TokensOf(int m) const {
    const v1::Span& span = Mention(m).span();
    auto first = std::lower_bound(tokens_.begin(), tokens_.end(), span.begin(),
                                  [](const Token& t, int32_t at) { return t.begin < at; });
    auto last = first;
    while (last != tokens_.end() && last->end <= span.end()) ++last;
    return {static_cast<int>(first - tokens_.begin()), static_cast<int>(last - tokens_.begin())};
  }

  // Whether token `t` can be part of a title phrase; `sentence_begin` is
  // where its sentence starts.
  bool InTitle(int t, int sentence_begin) const {
    const std::string& w = tokens_[t].text;
    if (mention_at_[t] >= 0) {
      if (!IsPerson(t)) return true;
      // Another person only as a possessor ("Putin's spokesman").
      int after = t + 1;
      while (after < static_cast<int>(tokens_.size()) && mention_at_[after] == mention_at_[t]) {
        ++after;
      }
      return after < static_cast<int>(tokens_.size()) && tokens_[after].text == "'s";
    }
    if (w == "'s" || w == "and" || IsPreposition(w)) return true;
    if (KindOf(w).has_value() || IsHead(w)) return true;
    // "Ex-Home Secretary David Blunkett", at a sentence's start too.
    if (w.size() > 3 && absl::StartsWithIgnoreCase(w, "ex-")) return true;
    if (IsCapitalisedFunctionWord(w)) return false;
    // A capitalised word is a name's or a title's ("Foreign Ministry"),
    // except at the start of a sentence (past its opening quotation marks)
    // and in a headline in title case, where any word is capitalised, and
    // a date's ("On Monday President ...").
    return StartsUpper(w) && t != sentence_begin && !(sentence_begin >= 0 && opens_sentence_[t]) &&
           !headline_[t] && (absl::ascii_isalpha(w.back()) || text::IsInitials(w)) &&
           !WeekdayFromName(w).has_value() && MonthFromName(w) == 0;
  }

 private:
  const std::vector<Token>& tokens_;
  const v1::Annotations& annotations_;
  std::vector<int> mention_at_;
  // Per token: the first word of its sentence; in a headline in title case.
  std::vector<bool> opens_sentence_;
  std::vector<bool> headline_;
};

// A head word outside any name.
bool IsHeadAt(const Document& doc, int t) { return doc.MentionAt(t) < 0 && IsHead(doc.Text(t)); }

// The title phrase that ends at token `last` (inclusive), scanning back no
// further than `sentence_begin`: its first token, or last + 1 when none.
int ScanBack(const Document& doc, int last, int sentence_begin) {
  int first = last + 1;
  for (int t = last; t >= sentence_begin && last - t < 24; --t) {
    const std::string& w = doc.Text(t);
    if (absl::EqualsIgnoreCase(w, "the")) {
      // "the" inside a complement ("representative of the Russian Foreign
      // Ministry"); otherwise it opens the phrase and stays out of it.
      if (t > sentence_begin && IsPreposition(doc.Text(t - 1))) {
        first = t;
        continue;
      }
      break;
    }
    if (!doc.InTitle(t, sentence_begin)) break;
    first = t;
  }
  // A phrase starts with neither a connective nor a possessive ending.
  while (first <= last) {
    const std::string& w = doc.Text(first);
    if (w != "'s" && !absl::EqualsIgnoreCase(w, "and") && !IsPreposition(w) &&
        !absl::EqualsIgnoreCase(w, "the")) {
      break;
    }
    ++first;
  }
  return first;
}

// The title phrase that starts at token `first`, scanning on no further
// than `sentence_end`: one past its last token (== first when none).
int ScanForward(const Document& doc, int first, int sentence_end) {
  int end = first;
  for (int t = first; t < sentence_end && t - first < 24; ++t) {
    const std::string& w = doc.Text(t);
    if (absl::EqualsIgnoreCase(w, "the")) {
      if (t > first && IsPreposition(doc.Text(t - 1))) continue;
      break;
    }
    if (!doc.InTitle(t, /*sentence_begin=*/-1)) break;
    end = t + 1;
  }
  // Nor does it end with one.
  while (end > first) {
    const std::string& w = doc.Text(end - 1);
    if (w != "and" && !IsPreposition(w) && !absl::EqualsIgnoreCase(w, "the")) {
      break;
    }
    --end;
  }
  return end;
}

// The organisation or place the title in tokens [first, last) is of, as
// an entity index.
std::optional<int> OrganizationOf(const Document& doc, const v1::Annotations& annotations,
                                  int first, int last) {
  std::optional<int> place;
  for (int t = first; t < last; ++t) {
    const int m = doc.MentionAt(t);
    if (m < 0 || (t > first && doc.MentionAt(t - 1) == m)) continue;
    const v1::Mention& mention = doc.Mention(m);
    // The host of an ambassador or envoy is not whose they are.
    if (t > first && (doc.Text(t - 1) == "to" || doc.Text(t - 1) == "in")) {
      continue;
    }
    if (mention.type() == v1::ENTITY_TYPE_ORGANIZATION) {
      return mention.entity_index();
    }
    if (mention.type() == v1::ENTITY_TYPE_LOCATION && !place.has_value()) {
      place = mention.entity_index();
    }
  }
  if (place.has_value()) return place;
  for (int t = first; t < last; ++t) {
    const std::string& w = doc.Text(t);
    if (!StartsUpper(w) || (t > first && doc.Text(t - 1) == "to")) continue;
    for (int e = 0; e < annotations.entities_size(); ++e) {
      const v1::Entity& entity = annotations.entities(e);
      if (entity.type() == v1::ENTITY_TYPE_LOCATION && text::IsDemonymOf(w, entity.key())) return e;
    }
  }
  return std::nullopt;
}

// The title of tokens [first, last) as written, on one line, its
// abbreviations written out ("Texas Sen." is "Texas Senator").
std::string TitleText(absl::string_view text, const TokenizedText& tokens, int first, int last) {
  std::string title;
  int32_t at = tokens.tokens[first].begin;
  for (int t = first; t < last; ++t) {
    const Token& token = tokens.tokens[t];
    absl::StrAppend(&title, text.substr(at, token.begin - at));
    const Abbreviation* abbreviation = AbbreviationOf(token.text);
    if (abbreviation != nullptr) {
      absl::StrAppend(&title, abbreviation->title);
    } else {
      absl::StrAppend(&title, text.substr(token.begin, token.end - token.begin));
    }
    at = token.end;
  }
  // On one line: a title folded over a line break ("Treasury\nSecretary").
  return text::SingleSpaced(title);
}

// A party and state after a US politician's name, as the news writes them
// between commas or brackets ("R-Wis.", "D-Calif", "I-Vt."), starting at
// token `t`: one past its last token, or `t` when there is none.
int PastPartyTag(const Document& doc, int t, int end) {
  if (t >= end) return t;
  const std::string& w = doc.Text(t);
  if (w.size() < 3 || (w[0] != 'R' && w[0] != 'D' && w[0] != 'I') || w[1] != '-' ||
      !absl::ascii_isupper(static_cast<unsigned char>(w[2]))) {
    return t;
  }
  for (size_t i = 3; i < w.size(); ++i) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(w[i])) && w[i] != '.') return t;
  }
  ++t;
  // "R-Wis" "." when the tokenizer kept the period apart.
  if (t < end && doc.Text(t) == "." && w.back() != '.') ++t;
  return t;
}

// Adds the roles of the title phrase in tokens [first, last) for `mention`:
// one per coordinated title. `adjacent` when the phrase runs into the name
// (form A).
void AddRoles(const Document& doc, absl::string_view text, const TokenizedText& tokens, int first,
              int last, bool adjacent, const v1::Mention& mention, v1::Annotations* annotations) {
  if (first >= last) return;
  // "a spokesman for Vladimir Putin": the name is the complement's, not
  // the title's holder.
  const std::string& before_name = doc.Text(last - 1);
  if (absl::EqualsIgnoreCase(before_name, "and") || before_name == "'s" ||
      IsPreposition(before_name) || absl::EqualsIgnoreCase(before_name, "the")) {
    return;
  }
  // A title inside a complement belongs to the name it runs into ("a
  // veteran of President Bill Clinton's administration": Clinton is
  // President, not a veteran); in apposition only when nothing before the
  // preposition is a title ("the party of Ukraine's then-president,
  // Viktor Yanukovych", but "adviser to the President, Susan Rice").
  for (int p = last - 1; p > first; --p) {
    if (!IsPreposition(doc.Text(p))) continue;
    bool head_after = false, head_before = false;
    for (int t = p + 1; t < last; ++t) {
      head_after = head_after || IsHeadAt(doc, t);
    }
    for (int t = first; t < p; ++t) {
      head_before = head_before || IsHeadAt(doc, t);
    }
    if (head_after && (adjacent || !head_before)) {
      first = p + 1;
      if (absl::EqualsIgnoreCase(doc.Text(first), "the")) ++first;
      break;
    }
  }
  // A title after "a" or "an" that runs into the name says what the person
  // may be, not what he is: "how good a prime minister Gordon Brown will
  // make".
  if (adjacent && first > 0 &&
      (absl::EqualsIgnoreCase(doc.Text(first - 1), "a") ||
       absl::EqualsIgnoreCase(doc.Text(first - 1), "an"))) {
    return;
  }
  // Coordinated titles: "and" before a head or a modifier such as
  // "deputy" starts another; a part without a head is no title ("Senator
  // Sanders of Vermont and former Maryland governor Martin O'Malley").
  std::vector<std::pair<int, int>> parts;
  int part_begin = first;
  for (int t = first; t + 1 < last; ++t) {
    const std::string& next = doc.Text(t + 1);
    // After words with no head, a head right before another modifies it
    // ("home affairs and justice spokesman" is one title; "chairman and
    // chief executive" two).
    bool head_before = false;
    for (int k = part_begin; k < t && !head_before; ++k) head_before = IsHeadAt(doc, k);
    const bool head =
        IsHeadAt(doc, t + 1) && (head_before || !(t + 2 < last && IsHeadAt(doc, t + 2)));
    if (doc.Text(t) == "and" && (head || KindOf(next) == WordKind::kNewTitle)) {
      parts.emplace_back(part_begin, t);
      part_begin = t + 1;
    }
  }
  parts.emplace_back(part_begin, last);
  // "Both the prime minister and Chancellor Gordon Brown": the titles are
  // of two people, and only the last is the name's.
  int opener = first - 1;
  if (opener >= 0 && absl::EqualsIgnoreCase(doc.Text(opener), "the")) --opener;
  if (adjacent && parts.size() > 1 && opener >= 0 &&
      (absl::EqualsIgnoreCase(doc.Text(opener), "both") ||
       absl::EqualsIgnoreCase(doc.Text(opener), "between") ||
       absl::EqualsIgnoreCase(doc.Text(opener), "either") ||
       absl::EqualsIgnoreCase(doc.Text(opener), "neither"))) {
    parts.erase(parts.begin(), parts.end() - 1);
  }

  std::optional<int> shared_organization;
  for (size_t p = 0; p < parts.size(); ++p) {
    const auto [begin, end] = parts[p];
    // The last head, with nothing after it but a complement.
    int head = -1;
    for (int t = end - 1; t >= begin && head < 0; --t) {
      if (IsHeadAt(doc, t)) head = t;
    }
    if (head < 0) continue;
    if (head + 1 < end && !IsPreposition(doc.Text(head + 1))) continue;
    std::optional<int> organization = OrganizationOf(doc, *annotations, begin, end);
    if (p == 0) shared_organization = organization;
    if (!organization.has_value()) organization = shared_organization;
    v1::Role* role = annotations->add_roles();
    role->set_entity_index(mention.entity_index());
    const int32_t span_begin = tokens.tokens[begin].begin;
    const int32_t span_end = tokens.tokens[end - 1].end;
    role->mutable_span()->set_begin(span_begin);
    role->mutable_span()->set_end(span_end);
    role->set_title(TitleText(text, tokens, begin, end));
    if (organization.has_value()) {
      role->set_organization_entity_index(*organization);
    }
  }
}

}  // namespace

bool IsTitleWord(absl::string_view token) { return KindOf(token).has_value() || IsHead(token); }

bool IsMemberTitle(absl::string_view token) {
  // Exactly so: "MPS" is also a bank, and "mp" a unit.
  static constexpr absl::string_view kTitles[] = {"MP", "MEP", "MSP", "MLA"};
  absl::ConsumeSuffix(&token, "s");
  for (absl::string_view title : kTitles) {
    if (token == title) return true;
  }
  return false;
}

void FindRoles(absl::string_view text, const TokenizedText& tokens, v1::Annotations* annotations) {
  bool any_person = false;
  for (const v1::Mention& m : annotations->mentions()) {
    any_person = any_person || m.type() == v1::ENTITY_TYPE_PERSON;
  }
  if (!any_person) return;
  const Document doc(tokens, *annotations);
  const int mentions = annotations->mentions_size();
  // Per mention, the role a plural title before it gave ("Sens. Ted
  // Cruz"), which the people coordinated after it hold too; -1 when none.
  std::vector<int> plural_role(mentions, -1);
  for (int m = 0; m < mentions; ++m) {
    // Roles are added, mentions are not: the reference stays good.
    const v1::Mention& mention = annotations->mentions(m);
    if (mention.type() != v1::ENTITY_TYPE_PERSON) continue;
    auto [first, last] = doc.TokensOf(m);
    if (first >= last || mention.sentence_index() < 0 ||
        mention.sentence_index() >= static_cast<int>(tokens.sentences.size())) {
      continue;
    }
    // "Sens. Ted Cruz and Marco Rubio", "Reps. Jim Jordan, Trey Gowdy and
    // Devin Nunes", "Sens. Ted Cruz, R-Texas, and Marco Rubio, R-Fla.":
    // each is one, to the name after "and", which ends the list.
    if (m > 0 && plural_role[m - 1] >= 0) {
      int before = doc.TokensOf(m - 1).second;
      if (before < first && doc.Text(before) == ",") {
        const int tag_end = PastPartyTag(doc, before + 1, first);
        if (tag_end > before + 1 && tag_end < first && doc.Text(tag_end) == ",") before = tag_end;
      }
      const int gap = first - before;
      const bool last_one = (gap == 1 && doc.Text(before) == "and") ||
                            (gap == 2 && doc.Text(before) == "," && doc.Text(before + 1) == "and");
      if (last_one || (gap == 1 && doc.Text(before) == ",")) {
        v1::Role role = annotations->roles(plural_role[m - 1]);
        role.set_entity_index(mention.entity_index());
        if (!last_one) plural_role[m] = annotations->roles_size();
        *annotations->add_roles() = std::move(role);
      }
    }
    const Sentence& sentence = tokens.sentences[mention.sentence_index()];
    // "a spokesman for Mr Blair", "manager Sir Alex Ferguson": the courtesy
    // title or honour before a name (no part of the person's span) counts
    // as the name's here, so that the words before it are read as they are
    // before a name.
    while (first > sentence.begin &&
           (IsCourtesyTitle(doc.Text(first - 1)) || text::IsHonourTitle(doc.Text(first - 1)) ||
            (doc.Text(first - 1) == "." && first - 1 > sentence.begin &&
             IsCourtesyTitle(doc.Text(first - 2))))) {
      first -= doc.Text(first - 1) == "." ? 2 : 1;
    }
    if (first > sentence.begin && doc.Text(first - 1) != ",") {
      // A: "Foreign Ministry spokeswoman Maria Zakharova". "Boss" alone
      // is whose boss someone is ("his boss Tony Blair"), not a title:
      // "Chelsea boss Jose Mourinho" is.
      const int begin = ScanBack(doc, first - 1, sentence.begin);
      if (!(first - begin == 1 && absl::EqualsIgnoreCase(doc.Text(begin), "boss"))) {
        const int before = annotations->roles_size();
        AddRoles(doc, text, tokens, begin, first, /*adjacent=*/true, mention, annotations);
        const Abbreviation* abbreviation = AbbreviationOf(doc.Text(first - 1));
        if (annotations->roles_size() > before && abbreviation != nullptr && abbreviation->plural) {
          plural_role[m] = annotations->roles_size() - 1;
        }
      }
    } else if (first > sentence.begin + 1 &&
               (last == sentence.end || IsAppositiveEnd(doc.Text(last)))) {
      // B: "Russia's ambassador to Serbia, Alexander Botsan-Kharchenko,".
      AddRoles(doc, text, tokens, ScanBack(doc, first - 2, sentence.begin), first - 1,
               /*adjacent=*/false, mention, annotations);
    }
    // Past a party and state: "Paul Ryan, R-Wis., the House speaker," and
    // "Dianne Feinstein (D-Calif.), the committee's vice chairwoman,".
    if (last + 1 < sentence.end && (doc.Text(last) == "," || doc.Text(last) == "(")) {
      const int tag_end = PastPartyTag(doc, last + 1, sentence.end);
      if (tag_end > last + 1 && tag_end < sentence.end) {
        if (doc.Text(last) == "," && doc.Text(tag_end) == ",") {
          last = tag_end;
        } else if (doc.Text(last) == "(" && doc.Text(tag_end) == ")" &&
                   tag_end + 1 < sentence.end && doc.Text(tag_end + 1) == ",") {
          last = tag_end + 1;
        }
      }
    }
    if (last + 1 < sentence.end && doc.Text(last) == ",") {
      // C: "Maria Zakharova, the ministry's spokeswoman,".
      int begin = last + 1;
      if (IsDeterminer(doc.Text(begin))) ++begin;
      const int end = ScanForward(doc, begin, sentence.end);
      if (end > begin && (end == sentence.end || IsAppositiveEnd(doc.Text(end)))) {
        AddRoles(doc, text, tokens, begin, end, /*adjacent=*/false, mention, annotations);
      }
    }
  }
}

}  // namespace dossier::tagger
