#include "services/tagger/quotes.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/tagger/quote_lexicon.h"
#include "services/tagger/roles.h"
#include "text/fold.h"

namespace dossier::tagger {

using text::Sentence;
using text::Token;
using text::TokenizedText;

namespace {

using quotes::CueForm;
using quotes::Gender;

// ---------------------------------------------------------------------------
// Quotation marks.

enum class Glyph : uint8_t {
  kNone,
  kDoubleOpen,      // “ „ «
  kDoubleClose,     // ” »
  kDoubleStraight,  // "
  kSingleOpen,      // ‘
  kSingleClose,     // ’
  kSingleStraight,  // '
  kBacktick,        // ` (two make an opening double mark)
};

bool IsDouble(Glyph g) {
  return g == Glyph::kDoubleOpen || g == Glyph::kDoubleClose || g == Glyph::kDoubleStraight;
}

// What a mark does where it stands.
enum class Role : uint8_t { kNone, kOpen, kClose, kEither };

// Where a quote's attribution was found.
enum class Rule : uint8_t {
  kNone,
  kColon,             // he answered: “...”
  kLeadingCue,        // he said, “...”
  kTrailing,          // “...,” she said / “...,” said Caddell
  kMixedBefore,       // said that Lavrov “abuses ...”
  kMixedAfter,        // the “arm-twisting” style is wrong, she said.
  kContinuation,      // “...,” said Caddell. “Yesterday ...”
  kPreviousSentence,  // Vučić said ... . “We will ...”
  kClauseSubject,     // Weaver dismissed it as a sign of “disarray.”
  kReported,          // The pressure will increase, said the ambassador.
};

// A quotation mark: one token, or two (an opening ``, a '' pair).
struct Mark {
  Glyph glyph = Glyph::kNone;
  int first = -1;
  int last = -1;
};

// A quote's content between its marks, as tokens.
struct Region {
  int open = 0;    // the first token of the opening mark
  int first = 0;   // the first token of the content
  int close = -1;  // the first token of the closing mark; -1 when the
                   // paragraph ended first
  int after = 0;   // the first token after the quote (and its mark)
  int last = 0;    // the last token of the content
  bool is_double = true;
  // A long quote is cut at each paragraph that reopens it: its pieces
  // share `group` (the index of the first piece), and a piece that ends
  // where the next reopens has `reopened` set.
  int group = -1;
  bool reopened = false;
};

struct CueMatch {
  int begin = -1;  // tokens [begin, end)
  int end = -1;
  CueForm form = CueForm::kFinite;
  bool weak = false;
  // "quoted Mr Khodorkovsky as saying": the speaker is the object, in
  // tokens (begin, object_end); -1 for every other cue.
  int object_end = -1;
};

// The gender a word's classes give it ("he", "she", "chairwoman").
Gender GenderOf(uint32_t classes) {
  return (classes & quotes::kMale)     ? Gender::kMale
         : (classes & quotes::kFemale) ? Gender::kFemale
                                       : Gender::kUnknown;
}

struct SpeakerRef {
  bool found = false;  // a subject was found, resolved or not
  int mention = -1;
  int entity = -1;
  float certainty = 0.f;
};

struct Attribution {
  Rule rule = Rule::kNone;
  CueMatch cue;
  SpeakerRef speaker;
  int end_token = -1;  // the last token of the attribution clause
};

bool IsWordStart(const std::string& s) {
  const unsigned char c = static_cast<unsigned char>(s[0]);
  return absl::ascii_isalnum(c) || c >= 0x80;
}

// An emoji, a flag or another pictograph ("🇷🇸" after a name): no word and
// no punctuation, so that it stands between nothing.
bool IsPictograph(const std::string& s) {
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
  if (c < 0x80) return false;
  const int8_t type = u_charType(c);
  return type == U_OTHER_SYMBOL || type == U_MODIFIER_SYMBOL || type == U_FORMAT_CHAR;
}

bool IsTerminal(const std::string& s) { return s == "." || s == "?" || s == "!" || s == "..."; }

// Punctuation after which a mark with no space before it still opens.
bool OpensAfter(const std::string& s) {
  return s == "(" || s == "[" || s == "{" || s == "-" || s == "--" || s == ":" || s == "/";
}

// Punctuation before which a mark with no space after it still closes.
bool ClosesBefore(const std::string& s) {
  return s == "," || s == "." || s == ";" || s == ":" || s == "!" || s == "?" || s == ")" ||
         s == "]" || s == "}" || s == "..." || s == "-" || s == "--";
}

// How many points (mentions, and two for a fresh one) the most named person
// must lead the next by to be the holder of an office no one is titled
// with. With 2, BBC politics/099's and 387's "the chancellor" (Gordon Brown,
// one point ahead of Tony Blair) would go to whoever was named last.
constexpr int kSalienceLead = 1;

class QuoteFinder {
 public:
  QuoteFinder(absl::string_view text, const TokenizedText& tokens, v1::Annotations* annotations)
      : text_(text),
        tok_(tokens.tokens),
        sentences_(tokens.sentences),
        n_(static_cast<int>(tokens.tokens.size())),
        a_(annotations) {}

  void Run() {
    // Most texts have no quotation marks at all; they cost one pass.
    bool any = false;
    for (const Token& t : tok_) {
      if (IsMarkText(t.text)) {
        any = true;
        break;
      }
    }
    if (any) FindRegions();
    Index();
    if (!regions_.empty()) FindQuoted();
    FindReported();
  }

 private:
  void FindQuoted() {
    const int count = static_cast<int>(regions_.size());
    std::vector<Decision> decisions;
    decisions.reserve(count);
    for (int i = 0; i < count; ++i) decisions.push_back(Decide(i));
    // The pieces of a long quote (consecutive regions with one group)
    // share one attribution: the first that a cue gives with a speaker,
    // else the first with a speaker.
    auto explicit_cue = [](const Attribution& a) {
      return a.cue.begin >= 0 && a.speaker.entity >= 0;
    };
    std::vector<int> best(count, -1);  // by group
    for (int i = 0; i < count; ++i) {
      const Attribution& a = decisions[i].attribution;
      int& b = best[regions_[i].group];
      if (a.speaker.entity < 0) continue;
      if (b < 0 || (explicit_cue(a) && !explicit_cue(decisions[b].attribution))) b = i;
    }
    for (int i = 0; i < count; ++i) {
      const int from = best[regions_[i].group];
      if (from < 0 || from == i || explicit_cue(decisions[i].attribution)) continue;
      decisions[i].attribution = decisions[from].attribution;
      decisions[i].attribution.rule = Rule::kContinuation;
      decisions[i].direct = true;
      decisions[i].keep = true;
    }
    for (int i = 0; i < count; ++i) {
      if (!decisions[i].keep) continue;
      Emit(regions_[i], decisions[i]);
      const Attribution& a = decisions[i].attribution;
      if (a.speaker.entity >= 0) {
        spoken_.push_back({std::max(a.end_token, regions_[i].after - 1), a.speaker});
      }
    }
    std::sort(spoken_.begin(), spoken_.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
  }
  static bool IsMarkText(const std::string& s) {
    return s.size() == 1 && (s[0] == '"' || s[0] == '\'');
  }

  bool IsMark(int t) const { return t >= 0 && t < n_ && IsMarkText(tok_[t].text); }

  // An article, a possessive or a conjunction ("the", "their", "and"): no
  // quotation ends with one. A preposition may ("put up with", "signed
  // off on").
  static bool EndsNoQuotation(const std::string& word) {
    const uint32_t c = quotes::WordClasses(absl::AsciiStrToLower(word));
    return (c & quotes::kFunctionWord) && !(c & quotes::kPreposition);
  }

  Glyph RawGlyph(int t) const {
    if (!IsMark(t)) return Glyph::kNone;
    const auto* s = reinterpret_cast<const uint8_t*>(text_.data());
    int32_t i = tok_[t].begin;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, static_cast<int32_t>(text_.size()), c);
    switch (c) {
      case '"':
        return Glyph::kDoubleStraight;
      case 0x201C:
      case 0x201E:
      case 0x201F:
      case 0x00AB:
        return Glyph::kDoubleOpen;
      case 0x201D:
      case 0x00BB:
        return Glyph::kDoubleClose;
      case '\'':
        return Glyph::kSingleStraight;
      case 0x2018:
      case 0x201B:
        return Glyph::kSingleOpen;
      case 0x2019:
        return Glyph::kSingleClose;
      case '`':
        return Glyph::kBacktick;
      default:
        return Glyph::kNone;  // primes, modifier apostrophes
    }
  }

  // The mark whose first token is `t` (kNone when there is none). Two
  // apostrophes or backticks typed together are a double mark (''Good
  // news,'' in older wire copy).
  Mark MarkAt(int t) const {
    const Glyph g = RawGlyph(t);
    if ((g == Glyph::kSingleStraight || g == Glyph::kBacktick) && t + 1 < n_ &&
        RawGlyph(t + 1) == g && tok_[t + 1].begin == tok_[t].end) {
      return {g == Glyph::kBacktick ? Glyph::kDoubleOpen : Glyph::kDoubleStraight, t, t + 1};
    }
    if (g == Glyph::kBacktick) return {Glyph::kNone, t, t};
    return {g, t, t};
  }

  bool SpaceBefore(int t) const { return t == 0 || tok_[t].begin > tok_[t - 1].end; }
  bool SpaceAfter(int t) const { return t + 1 >= n_ || tok_[t + 1].begin > tok_[t].end; }

  // A mark is left-flanking when it leans on the word after it, and
  // right-flanking when it leans on the one before it.
  bool LeftFlanking(const Mark& m) const {
    if (SpaceAfter(m.last) || ClosesBefore(tok_[m.last + 1].text)) return false;
    return SpaceBefore(m.first) || OpensAfter(tok_[m.first - 1].text) || IsMark(m.first - 1);
  }
  bool RightFlanking(const Mark& m) const {
    if (SpaceBefore(m.first)) return false;
    const std::string& prev = tok_[m.first - 1].text;
    if (prev == "(" || prev == "[" || prev == "{") return false;
    return SpaceAfter(m.last) || ClosesBefore(tok_[m.last + 1].text) || IsMark(m.last + 1);
  }

  Role DoubleRole(const Mark& m) const {
    const bool left = LeftFlanking(m), right = RightFlanking(m);
    if (left && !right) return Role::kOpen;
    if (right && !left) return Role::kClose;
    if (left && right) {
      if (m.glyph == Glyph::kDoubleOpen) return Role::kOpen;
      if (m.glyph == Glyph::kDoubleClose) return Role::kClose;
    }
    return Role::kEither;
  }

  // Single marks are mostly apostrophes; only a mark that faces one way
  // and is not an elision ('90s, 'em, rock 'n' roll) counts.
  Role SingleRole(const Mark& m) const {
    const bool left = LeftFlanking(m), right = RightFlanking(m);
    if (left && !right && m.glyph != Glyph::kSingleClose) {
      const std::string& next = tok_[m.last + 1].text;
      if (absl::ascii_isdigit(static_cast<unsigned char>(next[0]))) {
        return Role::kNone;
      }
      if (quotes::WordClasses(absl::AsciiStrToLower(next)) & quotes::kElision) {
        return Role::kNone;
      }
      return Role::kOpen;
    }
    if (right && !left && m.glyph != Glyph::kSingleOpen) return Role::kClose;
    return Role::kNone;
  }

  // Whether lines were broken by the writer (a paragraph each) rather
  // than folded at a width, as the tokenizer decides it.
  bool LinesAreParagraphs() {
    if (!lines_are_paragraphs_.has_value()) {
      size_t widest = 0, start = 0;
      for (size_t i = 0; i <= text_.size(); ++i) {
        if (i == text_.size() || text_[i] == '\n') {
          widest = std::max(widest, i - start);
          start = i + 1;
        }
      }
      lines_are_paragraphs_ = widest > 100;
    }
    return *lines_are_paragraphs_;
  }

  bool ParagraphBreakBefore(int t) {
    const int newlines = tok_[t].newlines_before;
    return newlines >= 2 || (newlines == 1 && LinesAreParagraphs());
  }

  // ---------------------------------------------------------------------
  // Pairing the marks: one pass with a stack of open marks.

  void FindRegions() {
    struct Open {
      Mark mark;
      bool is_double;
      bool straight;
    };
    std::vector<Open> stack;
    int group = -1;  // the first piece of the long quote being read
    // Pops the innermost mark; a top-level quote closed by `close` (or by
    // the end of its paragraph at `last`, with close.first = -1) becomes a
    // region.
    auto pop = [&](const Mark& close, int last) {
      const Open open = stack.back();
      stack.pop_back();
      if (stack.empty() && last > open.mark.last) {
        const int index = static_cast<int>(regions_.size());
        regions_.push_back({open.mark.first, open.mark.last + 1, close.first,
                            close.first >= 0 ? close.last + 1 : last + 1, last, open.is_double,
                            group >= 0 ? group : index, false});
      }
      if (stack.empty()) group = -1;
    };
    auto end_paragraph = [&](int last) {
      stack.resize(1);
      pop({Glyph::kNone, -1, -1}, last);
    };
    // The quote goes on at mark `m`: the piece so far ends before it.
    auto reopen = [&](const Mark& m) {
      Open top = stack[0];
      stack.resize(1);
      const int index = static_cast<int>(regions_.size());
      if (m.first - 1 > top.mark.last) {
        if (group < 0) group = index;
        regions_.push_back({top.mark.first, top.mark.last + 1, -1, m.first, m.first - 1,
                            top.is_double, group, true});
      }
      stack[0] = {m, top.is_double,
                  m.glyph == Glyph::kDoubleStraight || m.glyph == Glyph::kSingleStraight};
    };
    for (int t = 0; t < n_; ++t) {
      const Mark m = MarkAt(t);
      const Glyph g = m.glyph;
      if (!stack.empty() && t > stack[0].mark.last && ParagraphBreakBefore(t)) {
        // A long quote reopens each paragraph and closes only at its end.
        const bool reopens =
            stack[0].is_double ? IsDouble(g) && DoubleRole(m) != Role::kClose
                               : g != Glyph::kNone && !IsDouble(g) && SingleRole(m) == Role::kOpen;
        if (reopens) {
          reopen(m);
          t = m.last;
          continue;
        }
        end_paragraph(t - 1);
      }
      if (g == Glyph::kNone) continue;
      t = m.last;
      const bool straight = g == Glyph::kDoubleStraight || g == Glyph::kSingleStraight;
      if (IsDouble(g)) {
        const Role role = DoubleRole(m);
        if (stack.empty()) {
          if (role != Role::kClose) stack.push_back({m, true, straight});
          continue;
        }
        if (!stack.back().is_double) {
          if (role == Role::kOpen) {
            stack.push_back({m, true, straight});
            continue;
          }
          // Single marks still open were apostrophes after all; a top-level
          // single quote does not end at a double mark.
          while (stack.size() > 1 && !stack.back().is_double) stack.pop_back();
          if (!stack.back().is_double) continue;
        }
        if (stack.size() >= 2 && straight && stack.back().straight) {
          // Straight marks inside a straight quote alternate.
          pop(m, m.first - 1);
          continue;
        }
        if (role == Role::kOpen) {
          // A mark opening a sentence inside an open quote reopens a
          // paragraph whose break the text lost; anywhere else it nests.
          if (stack.size() == 1 && SpaceBefore(m.first) && IsTerminal(tok_[m.first - 1].text)) {
            reopen(m);
            continue;
          }
          stack.push_back({m, true, straight});
          continue;
        }
        if (role == Role::kClose && stack.size() == 1 && straight && SpaceAfter(m.last) &&
            EndsNoQuotation(tok_[m.first - 1].text)) {
          // No quotation ends with "the": the mark opens an inner quote
          // with its space on the wrong side (`the" either-or "logic`).
          stack.push_back({m, true, straight});
          continue;
        }
        pop(m, m.first - 1);
        continue;
      }
      const Role role = SingleRole(m);
      if (role == Role::kNone) continue;
      if (stack.empty() || stack.back().is_double) {
        // A closing single mark inside a double quote is an apostrophe.
        if (role == Role::kOpen) stack.push_back({m, false, straight});
        continue;
      }
      if (role == Role::kClose) pop(m, m.first - 1);
    }
    if (!stack.empty()) end_paragraph(n_ - 1);
  }

  // ---------------------------------------------------------------------
  // What the attribution rules read: the sentence, the mention and the
  // quote of each token.

  void Index() {
    sentence_of_.assign(n_, 0);
    for (size_t s = 0; s < sentences_.size(); ++s) {
      for (int t = sentences_[s].begin; t < sentences_[s].end; ++t) {
        sentence_of_[t] = static_cast<int>(s);
      }
    }
    region_of_.assign(n_, -1);
    for (size_t r = 0; r < regions_.size(); ++r) {
      for (int t = regions_[r].open; t < regions_[r].after; ++t) {
        region_of_[t] = static_cast<int>(r);
      }
    }
    mention_at_.assign(n_, -1);
    const int m_count = a_->mentions_size();
    mention_first_.assign(m_count, -1);
    mention_last_.assign(m_count, -1);
    for (int m = 0; m < m_count; ++m) {
      const v1::Span& span = a_->mentions(m).span();
      const auto first =
          std::lower_bound(tok_.begin(), tok_.end(), span.begin(),
                           [](const Token& t, int32_t offset) { return t.begin < offset; });
      int t = static_cast<int>(first - tok_.begin());
      if (t >= n_ || tok_[t].begin != span.begin()) continue;
      mention_first_[m] = t;
      for (; t < n_ && tok_[t].end <= span.end(); ++t) {
        mention_at_[t] = m;
        mention_last_[m] = t;
      }
    }
    by_position_.clear();
    for (int m = 0; m < m_count; ++m) {
      if (mention_first_[m] >= 0) by_position_.push_back(m);
    }
    std::sort(by_position_.begin(), by_position_.end(),
              [&](int x, int y) { return mention_first_[x] < mention_first_[y]; });
  }

  std::string Lower(int t) const { return absl::AsciiStrToLower(tok_[t].text); }
  uint32_t Classes(int t) const { return quotes::WordClasses(Lower(t)); }
  bool Is(int t, absl::string_view s) const { return tok_[t].text == s; }
  // Whether token `t` is a possessive mark ("'s", or "'" after a plural).
  bool IsPossessive(int t) const { return t >= 0 && t < n_ && (Is(t, "'s") || Is(t, "'")); }
  // Whether the lower-cased token `t` is one of `words`.
  bool LowerIsAnyOf(int t, std::initializer_list<absl::string_view> words) const {
    const std::string lower = Lower(t);
    return std::find(words.begin(), words.end(), lower) != words.end();
  }
  // Whether token `t` is in a line of its own that no stop ends, past its
  // quotation marks: a headline ("Jones medals 'must go if guilty'"),
  // whose words are no clause.
  bool InHeadline(int t) const {
    const Sentence& s = sentences_[sentence_of_[t]];
    if (s.begin > 0 && tok_[s.begin].newlines_before == 0) return false;
    if (s.end < n_ && tok_[s.end].newlines_before == 0) return false;
    int last = s.end - 1;
    while (last > s.begin && IsMark(last)) --last;
    return !IsTerminal(tok_[last].text) && tok_[last].text != ":";
  }
  // "dubbed", "branded": a participle of naming, which before the words
  // with no object between is passive ("Baywatch dubbed 'worst TV
  // import'").
  bool NamesWhatWasCalled(int t) const {
    return LowerIsAnyOf(t, {"dubbed", "branded", "labelled", "labeled", "called", "named", "hailed",
                            "deemed", "voted"});
  }
  // A headline's participle that the words follow, past "of", "as" or
  // "for" at most, says what others called its subject ("Labour accused of
  // 'EU propaganda'", "Blair branded as 'out of touch'"), not what the
  // subject said.
  bool PassiveInHeadline(int t, const Region& r) const {
    if (!NamesWhatWasCalled(t) &&
        !LowerIsAnyOf(t, {"accused", "described", "criticised", "criticized", "condemned",
                          "attacked", "blamed"})) {
      return false;
    }
    for (int k = t + 1; k < r.open; ++k) {
      if (!LowerIsAnyOf(k, {"of", "as", "for"})) return false;
    }
    return InHeadline(r.open);
  }
  int SentenceStart(int t) const { return sentences_[sentence_of_[t]].begin; }
  int SentenceEnd(int t) const { return sentences_[sentence_of_[t]].end; }
  v1::EntityType TypeOf(int mention) const { return a_->mentions(mention).type(); }
  int EntityOf(int mention) const { return a_->mentions(mention).entity_index(); }

  // The cue that starts at token `t`, if one does (outside quotes and
  // names: "United States" has no cue).
  std::optional<CueMatch> CueAt(int t) const {
    if (t < 0 || t >= n_ || region_of_[t] >= 0 || mention_at_[t] >= 0) return std::nullopt;
    if (!absl::ascii_isalpha(static_cast<unsigned char>(tok_[t].text[0]))) {
      return std::nullopt;
    }
    const auto* list = quotes::CuesStartingWith(Lower(t));
    if (list == nullptr) return std::nullopt;
    // After an article or a possessive a cue is a noun: "one of the states
    // suing the EPA", "his claims", "the reports".
    // (Not after "her", which is as often an object: "heard her say".)
    if (t > 0 && LowerIsAnyOf(t - 1, {"the", "a", "an", "these", "those", "his", "its", "their",
                                      "our", "my", "your"})) {
      return std::nullopt;
    }
    // "..., the two write.", "critics add:": the plural's present after
    // the words, or before a colon; not an infinitive ("planning to write
    // a book by tweeting"), nor after a modal ("can add a new title"), nor
    // with an object, quoted or not ("Children write "thank you" on the
    // cards").
    if (LowerIsAnyOf(t, {"write", "add"}) &&
        ((t > 0 &&
          LowerIsAnyOf(t - 1, {"to", "can", "could", "will", "would", "should", "may", "might",
                               "must", "not", "n't", "did", "does", "do", "also"})) ||
         (t + 1 < n_ && (region_of_[t + 1] >= 0 || IsWordStart(tok_[t + 1].text) ||
                         RawGlyph(t + 1) != Glyph::kNone)))) {
      return std::nullopt;
    }
    for (const quotes::CueContinuation& cue : *list) {
      const int end = t + 1 + static_cast<int>(cue.rest.size());
      if (end > n_) continue;
      bool match = true;
      for (size_t i = 0; i < cue.rest.size() && match; ++i) {
        match = Lower(t + 1 + static_cast<int>(i)) == cue.rest[i];
      }
      if (match && cue.before_punctuation && end < n_ && RawGlyph(end) == Glyph::kNone &&
          IsWordStart(tok_[end].text)) {
        continue;
      }
      if (match) return CueMatch{t, end, cue.form, cue.weak};
    }
    // "the Interfax news agency quoted Mr Khodorkovsky as saying": a verb
    // of reporting whose object said the words.
    // In the passive ("Gordon Brown was quoted in the Guardian as
    // saying"), the subject said them: a cue like any other.
    if (Lower(t) == "quoted" && t + 1 < n_ &&
        (LowerIsAnyOf(t + 1, {"by", "in"}) ||
         (t > 0 && LowerIsAnyOf(t - 1, {"was", "were", "is", "are", "been", "being", "be"})))) {
      for (int k = t + 1; k + 1 < n_ && k <= t + 8; ++k) {
        if (region_of_[k] >= 0 || (!IsWordStart(tok_[k].text) && !Is(k, "'s"))) break;
        if (Lower(k) == "as" && LowerIsAnyOf(k + 1, {"saying", "telling", "adding"})) {
          return CueMatch{t, k + 2, CueForm::kFinite, false};
        }
      }
      return std::nullopt;
    }
    if (Lower(t) == "quoted") {
      for (int k = t + 2; k + 1 < n_ && k <= t + 8; ++k) {
        if (region_of_[k] >= 0 || (!IsWordStart(tok_[k].text) && !Is(k, "'s"))) break;
        if (Lower(k) == "as" && LowerIsAnyOf(k + 1, {"saying", "telling", "adding"})) {
          return CueMatch{t, k + 2, CueForm::kFinite, false, k};
        }
      }
    }
    return std::nullopt;
  }

  // A cue in the passive ("she was told:", "he was asked,"): its subject
  // heard the words; who said them the clause does not say.
  bool HeardNotSaid(const CueMatch& cue) const {
    if (cue.begin < 1 || cue.end - cue.begin != 1) return false;
    const std::string verb = Lower(cue.begin);
    if (verb != "told" && verb != "asked" && verb != "warned" && verb != "criticised" &&
        verb != "criticized") {
      return false;
    }
    // "His sentence, criticised by Reporters Without Borders, comes ...".
    if (cue.end < n_ && Lower(cue.end) == "by") return true;
    int before = cue.begin - 1;  // past an adverb: "she was also told"
    static const absl::flat_hash_set<std::string>* const kAdverbs =
        new absl::flat_hash_set<std::string>{"also",       "later", "then",
                                             "reportedly", "once",  "repeatedly"};
    if (before > 0 && (kAdverbs->contains(Lower(before)) ||
                       (absl::EndsWith(tok_[before].text, "ly") &&
                        absl::ascii_islower(static_cast<unsigned char>(tok_[before].text[0]))))) {
      --before;  // "was formally warned"
    }
    const std::string aux = Lower(before);
    return aux == "was" || aux == "were" || aux == "been" || aux == "being" || aux == "is" ||
           aux == "are" || aux == "be" || aux == "got" || aux == "get";
  }

  SpeakerRef Named(int mention, float certainty = 1.f) const {
    return {true, mention, EntityOf(mention), certainty};
  }
  SpeakerRef OfEntity(int entity, float certainty) const { return {true, -1, entity, certainty}; }
  static SpeakerRef Unresolved() { return {true, -1, -1, 0.5f}; }

  // The one person whose role, found before the quotes, is the words
  // [from, to] ("Prime Minister Tony Blair" for "the prime minister"; not
  // a "Deputy Prime Minister"); -1 when none or several have it.
  // The person mention the document gives `noun` (lower case) in
  // apposition before token `before` ("the moderator, Lester Holt,",
  // "moderator Lester Holt", "Lester Holt, the moderator,"), the last such;
  // -1 when none.
  int PersonIntroducedAs(absl::string_view noun, int before) const {
    const auto person = [&](int k) {
      return k >= 0 && k < before && mention_at_[k] >= 0 &&
             TypeOf(mention_at_[k]) == v1::ENTITY_TYPE_PERSON;
    };
    for (int k = std::min(before, n_) - 1; k >= 0; --k) {
      if (mention_at_[k] >= 0 || Lower(k) != noun) continue;
      int next = k + 1;
      if (next < n_ && Is(next, ",")) ++next;
      if (person(next)) return mention_at_[next];
      // "NAME, the moderator": back past "the" and the comma.
      int prev = k - 1;
      if (prev >= 0 && LowerIsAnyOf(prev, {"the"})) --prev;
      if (prev >= 0 && Is(prev, ",") && person(prev - 1)) return mention_at_[prev - 1];
    }
    return -1;
  }

  int TitleHolder(int from, int to) const {
    if (from > to || from < 0 || to >= n_) return -1;
    std::vector<std::string> words;
    for (int k = from; k <= to; ++k) words.push_back(Lower(k));
    int holder = -1;
    for (const v1::Role& role : a_->roles()) {
      const std::vector<std::string> title =
          absl::StrSplit(absl::AsciiStrToLower(role.title()), ' ', absl::SkipEmpty());
      if (title != words) continue;
      if (role.entity_index() < 0 || role.entity_index() >= a_->entities_size() ||
          a_->entities(role.entity_index()).type() != v1::ENTITY_TYPE_PERSON) {
        continue;
      }
      if (holder >= 0 && holder != role.entity_index()) return -1;
      holder = role.entity_index();
    }
    return holder;
  }

  // "the prime minister" of a document that never gives anyone that very
  // title, for an office one person holds at a time. The one person titled
  // with it and a modifier ("Israeli Prime Minister Ariel Sharon", "Tesco
  // chief executive Terry Leahy"); else (BBC politics/218: Tony Blair,
  // named nine times, never "Prime Minister Tony Blair") the person the
  // document names most often before `before`, at least twice and by a
  // lead of `kSalienceLead` or more. Not a person titled with the office
  // and a word that makes it another ("Deputy Prime Minister John
  // Prescott", "shadow chancellor Oliver Letwin"), with another office of
  // the same noun ("foreign minister") or another office one person holds
  // ("Chancellor Gordon Brown"), nor one the speaker's sentence cites
  // ("According to Mr Peston the prime minister said"). -1 when none.
  int SalientOfficeHolder(int from, int to, int before) const {
    if (from > to || from < 0 || to >= n_ || before <= 0 || before >= n_) return -1;
    std::vector<std::string> words;
    for (int k = from; k <= to; ++k) words.push_back(Lower(k));
    if (!quotes::IsSingleHolderOffice(absl::StrJoin(words, " "))) return -1;
    absl::flat_hash_set<int> holders, excluded;
    for (const v1::Role& role : a_->roles()) {
      const int e = role.entity_index();
      if (e < 0 || e >= a_->entities_size() || a_->entities(e).type() != v1::ENTITY_TYPE_PERSON) {
        continue;
      }
      const std::vector<std::string> title =
          absl::StrSplit(absl::AsciiStrToLower(role.title()), ' ', absl::SkipEmpty());
      if (title.empty()) continue;
      const size_t n = words.size();
      if (title.size() >= n && std::equal(words.begin(), words.end(), title.end() - n)) {
        bool other = false;  // "deputy prime minister", "former president"
        for (size_t k = 0; k + n < title.size(); ++k) {
          other = other || quotes::IsOfficeModifier(title[k]);
        }
        (other ? excluded : holders).insert(e);
        continue;
      }
      const std::string last_two =
          title.size() >= 2 ? absl::StrCat(title[title.size() - 2], " ", title.back()) : "";
      if (title.back() == words.back() || quotes::IsSingleHolderOffice(title.back()) ||
          quotes::IsSingleHolderOffice(last_two)) {
        excluded.insert(e);
      }
    }
    if (holders.size() > 1) return -1;
    const int sentence = sentence_of_[before];
    absl::flat_hash_map<int, int> mentions, score;
    absl::flat_hash_set<int> fresh;
    for (const int m : by_position_) {
      const int first = mention_first_[m];
      if (first >= before) break;
      if (TypeOf(m) != v1::ENTITY_TYPE_PERSON || region_of_[first] >= 0) continue;
      const int e = EntityOf(m);
      if (e < 0) continue;
      const int begin = sentences_[sentence_of_[first]].begin;
      // "According to (BBC business editor) (Mr) Robert Peston".
      const int governor = BeforeTitle(BeforeCourtesyTitle(m, begin) + 1, begin);
      if (sentence_of_[first] == sentence && governor > begin && Is(governor, "to") &&
          Lower(governor - 1) == "according") {
        excluded.insert(e);
      }
      ++mentions[e];
      ++score[e];
      // A person whose name opens the sentence before or this one is
      // fresher in the reader's mind: two mentions more, once ("Mr Blair's
      // was asked last Wednesday ... The prime minister told MPs:" in BBC
      // politics/147, whose Charles Clarke is named once more before).
      if (sentence - sentence_of_[first] <= 1 && BeforeCourtesyTitle(m, begin) < begin &&
          fresh.insert(e).second) {
        score[e] += 2;
      }
    }
    int best = -1, best_score = 0, second = 0;
    for (const auto& [e, c] : score) {
      if (excluded.contains(e)) continue;
      if (c > best_score) {
        second = best_score;
        best = e;
        best_score = c;
      } else {
        second = std::max(second, c);
      }
    }
    const bool leads = best >= 0 && mentions[best] >= 2 && best_score - second >= kSalienceLead;
    if (holders.size() == 1) {
      // The one titled with a modifier, unless another person leads him by
      // two points or more ("Tony Blair flew to meet Israeli Prime
      // Minister Ariel Sharon. Mr Blair ... Mr Blair ... The prime minister
      // told reporters" is Blair's).
      const int holder = *holders.begin();
      const auto it = score.find(holder);
      const int holder_score = it == score.end() ? 0 : it->second;
      return leads && best != holder && best_score - holder_score >= 2 ? best : holder;
    }
    return leads ? best : -1;
  }

  // -------------------------------------------------------------------
  // Genders, for pronouns: from given names, titles and roles next to a
  // name, Slavic surname endings, and the pronouns that follow a name in
  // its sentence. Computed once per document, when a pronoun needs it.

  Gender EntityGender(int entity) {
    if (entity_gender_.empty()) ComputeGenders();
    if (entity < 0 || entity >= static_cast<int>(entity_gender_.size())) {
      return Gender::kUnknown;
    }
    return entity_gender_[entity];
  }

  void ComputeGenders() {
    std::vector<int> score(a_->entities_size(), 0);  // > 0 male, < 0 female
    auto vote = [&](int entity, uint32_t classes, int weight) {
      if (classes & quotes::kMale) score[entity] += weight;
      if (classes & quotes::kFemale) score[entity] -= weight;
    };
    for (size_t i = 0; i < by_position_.size(); ++i) {
      const int m = by_position_[i];
      if (TypeOf(m) != v1::ENTITY_TYPE_PERSON) continue;
      const int e = EntityOf(m);
      if (e < 0 || e >= a_->entities_size()) continue;
      const int first = mention_first_[m], last = mention_last_[m];
      const std::string given = Lower(first);
      if (last > first) {
        const Gender g = quotes::GivenNameGender(given);
        if (g == Gender::kMale) score[e] += 3;
        if (g == Gender::kFemale) score[e] -= 3;
      }
      const std::string surname = Lower(last);
      for (absl::string_view ending : {"ova", "eva", "skaya", "kaya"}) {
        if (surname.size() > ending.size() + 2 && absl::EndsWith(surname, ending)) {
          score[e] -= 2;
        }
      }
      // The words right before the name ("Mr", "the spokeswoman"), not
      // past a verb of saying ("A ... spokeswoman said Lord Woolf and Lord
      // Falconer agreed" in BBC politics/211 says nothing of Lord Woolf).
      for (int k = first - 1; k >= 0 && k >= first - 2; --k) {
        if (CueAt(k).has_value()) break;
        vote(e, Classes(k), 3);
      }
      // The first personal pronoun after the name in its sentence, before
      // another person is named.
      const int next_person_at =
          i + 1 < by_position_.size() ? mention_first_[by_position_[i + 1]] : n_;
      const int end = std::min(SentenceEnd(last), next_person_at);
      for (int k = last + 1; k < end; ++k) {
        if (region_of_[k] >= 0) continue;
        const uint32_t c = Classes(k);
        if (c & (quotes::kPersonalPronoun | quotes::kPossessivePronoun)) {
          vote(e, c, 1);
          if (c & (quotes::kMale | quotes::kFemale)) break;
        }
      }
    }
    entity_gender_.assign(score.size(), Gender::kUnknown);
    for (size_t e = 0; e < score.size(); ++e) {
      if (score[e] > 0) entity_gender_[e] = Gender::kMale;
      if (score[e] < 0) entity_gender_[e] = Gender::kFemale;
    }
  }

  // -------------------------------------------------------------------
  // Speakers.

  // The person a pronoun at token `before` most likely means. In the last
  // sentence before it (outside quotes) that names a person of a gender
  // that does not contradict `gender`: the subject of a reporting verb
  // ("Cuban said he ..."), else the first such person who is not the
  // object of a preposition or inside a subordinate clause ("Trump almost
  // seemed to agree."), else the person who spoke last if recent and
  // fitting ("in the event that Clinton faces Trump, she replied" after
  // Sarandon's quotes), else the first such person. A name past its title
  // counts as the object of the preposition before the title ("hosted by
  // UK finance minister Gordon Brown"); a name with a relative clause of
  // its own ("for Staunton, 49, who told") is that clause's subject. When
  // no name of the sentence is its subject and a "he" or "she" opening
  // its main clause after a comma is ("At a conference hosted by ... Gordon
  // Brown, he said"), that pronoun means the person of one of the two
  // sentences before. None when the last fitting person is in a sentence
  // before `earliest_sentence`. `for_pronoun` says a personal pronoun is
  // being resolved (at `before` or after it in its sentence), not a
  // description ("the ambassador"): only a pronoun is bound by a
  // description reporting in the sentences before it.
  SpeakerRef RecentPerson(int before, Gender gender, float certainty, int depth = 0,
                          int earliest_sentence = -1, bool for_pronoun = false) {
    auto it = std::lower_bound(by_position_.begin(), by_position_.end(), before,
                               [&](int m, int t) { return mention_first_[m] < t; });
    auto fits_entity = [&](int e) {
      if (e < 0 || a_->entities(e).type() != v1::ENTITY_TYPE_PERSON) return false;
      const Gender g = EntityGender(e);
      return gender == Gender::kUnknown || g == Gender::kUnknown || g == gender;
    };
    auto fits = [&](int m) {
      return TypeOf(m) == v1::ENTITY_TYPE_PERSON && region_of_[mention_first_[m]] < 0 &&
             fits_entity(EntityOf(m));
    };
    int looked = 0, last = -1;
    while (it != by_position_.begin() && looked < 400) {
      --it;
      ++looked;
      if (fits(*it)) {
        last = static_cast<int>(it - by_position_.begin());
        break;
      }
    }
    if (last < 0) return {};
    const int sentence = sentence_of_[mention_first_[by_position_[last]]];
    if (sentence < earliest_sentence) return {};
    // A sentence after that one, before the pronoun's, names no one but
    // opens with a description of a person ("The Tory leader countered
    // that ... He declared:" in BBC politics/262): the pronoun goes on
    // about that person, if the description says who it is.
    if (depth == 0 && for_pronoun) {
      for (int s = sentence_of_[before] - 1; s > sentence; --s) {
        const int head = DescriptionOpening(s);
        if (head < 0) continue;
        const SpeakerRef described = NounPhrase(head, sentences_[s].begin);
        if (described.entity >= 0 && fits_entity(described.entity)) {
          return OfEntity(described.entity, certainty);
        }
        break;
      }
    }
    // A pronoun of the same gender as that sentence's subject, before any
    // name ("He lambasted the deal negotiated by President Obama."), means
    // whom it means: follow the chain. A description of no gender ("said
    // the 23-year-old") follows a "he" or "she" ("She will now meet Venus
    // Williams.") as that pronoun.
    if (depth < 4) {
      const int start = sentences_[sentence].begin;
      for (int k = start; k < mention_first_[by_position_[last]] && k < before; ++k) {
        // Quotes are passed over ("“...,” he said, explaining why he
        // disagrees with Mr. Trump").
        if (region_of_[k] >= 0) continue;
        if (mention_at_[k] >= 0) break;
        const uint32_t c = Classes(k);
        if (c & (quotes::kPreposition | quotes::kSubordinator)) break;
        if (!(c & quotes::kPersonalPronoun)) continue;
        const Gender pronoun = GenderOf(c);
        if (pronoun != Gender::kUnknown && (gender == Gender::kUnknown || gender == pronoun)) {
          bool earlier_person = false;
          for (int i = last; i >= 0; --i) {
            const int m = by_position_[i];
            if (sentence_of_[mention_first_[m]] != sentence) break;
            earlier_person = earlier_person || (fits(m) && mention_first_[m] < k);
          }
          if (!earlier_person) return RecentPerson(k, pronoun, certainty, depth + 1, -1, true);
          break;
        }
      }
    }
    // That sentence's names are in the words a pronoun after them reports
    // ("Mr Blair had failed the country, he said. Mr Brown had failed too,
    // he added"): the pronoun means whom that one means. Each step looks
    // further back; a chain of reported sentences may be long.
    if (for_pronoun && depth < 64) {
      const int after_names = mention_last_[by_position_[last]] + 1;
      for (int k = after_names; k < sentences_[sentence].end && k < before; ++k) {
        const uint32_t c = Classes(k);
        if (region_of_[k] >= 0 || !(c & quotes::kPersonalPronoun)) continue;
        const Gender reporter_gender = GenderOf(c);
        if (reporter_gender == Gender::kUnknown ||
            (gender != Gender::kUnknown && gender != reporter_gender) ||
            !ReportsTheClauseBefore(k)) {
          continue;
        }
        const SpeakerRef r = RecentPerson(sentences_[sentence].begin, reporter_gender, certainty,
                                          depth + 1, -1, true);
        if (r.found) return r;
        break;
      }
    }
    int first_fit = by_position_[last], subject = -1, reporter = -1, last_fit_end = -1;
    const int begin = sentences_[sentence].begin;
    for (int i = last; i >= 0; --i) {
      const int m = by_position_[i];
      if (sentence_of_[mention_first_[m]] != sentence) break;
      if (!fits(m)) continue;
      first_fit = m;
      last_fit_end = std::max(last_fit_end, mention_last_[m]);
      // The subject of a finite reporting verb, past an aside between
      // commas ("Humphrey, for example, said he ..."; not "results in
      // John Kasich claiming the nomination").
      const int prev = mention_first_[m] - 1;  // the token before the name
      int after = mention_last_[m] + 1;
      const bool opens_clause = prev < sentences_[sentence].begin || Is(prev, ",") ||
                                region_of_[prev] >= 0 || RawGlyph(prev) != Glyph::kNone;
      if (opens_clause && after < n_ && Is(after, ",")) {
        int close = after + 1;
        while (close < n_ && close < after + 6 && !Is(close, ",") && region_of_[close] < 0) {
          ++close;
        }
        if (close < n_ && Is(close, ",")) after = close + 1;
      }
      if (after < n_ && SkipsBeforeCue(after)) ++after;
      const std::optional<CueMatch> cue = after < n_ ? CueAt(after) : std::nullopt;
      if (cue && cue->form == CueForm::kFinite) reporter = m;
      // The name of an inverted verb of saying after a comma or a quote,
      // the name ending its clause ("..., says Tim Dams, the news editor.";
      // not "..., said Ivanka Trump's statement didn't").
      const int next = mention_last_[m] + 1;
      if (next >= sentences_[sentence].end || Is(next, ",") || Is(next, ".")) {
        const int cue_at = BeforeCourtesyTitle(m, begin);
        if (cue_at - 1 >= begin && (Is(cue_at - 1, ",") || region_of_[cue_at - 1] >= 0)) {
          const std::optional<CueMatch> inverted = CueAt(cue_at);
          if (inverted && inverted->form == CueForm::kFinite &&
              quotes::InvertsBeforeItsSubject(Lower(cue_at))) {
            reporter = m;
          }
        }
      }
      // Not the object of a preposition, not in a subordinate clause, not a
      // name used as a modifier ("the James S. Brady Briefing Room"), not
      // an owner ("Wenger's Bayern counterpart Felix Magath").
      const bool owner = IsPossessive(next);
      const int governor = BeforeTitle(mention_first_[m], begin);
      // Whose view a sentence gives ("For Jupiter analyst Olivier
      // Beauvillain, Yahoo's decision was an error", "But for Allen
      // Weiner, ...", "According to Mr Wood, ..."): the name after "for"
      // or "according to" opening the sentence, past a conjunction, is
      // whom its pronouns after go on about, as a subject's.
      // The phrase's first word: "for", or "according" of "according to".
      const int opener =
          governor < 0               ? -1
          : Lower(governor) == "for" ? governor
          : Lower(governor) == "to" && governor >= 1 && Lower(governor - 1) == "according"
              ? governor - 1
              : -1;
      const bool viewpoint =
          opener >= 0 && (opener == begin || (opener == begin + 1 &&
                                              LowerIsAnyOf(begin, {"but", "and", "yet", "so"})));
      const bool governed = !viewpoint && governor >= 0 &&
                            (Classes(governor) & (quotes::kPreposition | quotes::kSubordinator));
      if ((!owner && !governed && (prev < 0 || Lower(prev) != "the")) || HasRelativeClause(m)) {
        subject = m;
      }
    }
    if (reporter >= 0) return OfEntity(EntityOf(reporter), certainty);
    // No name reports in that sentence, a description closing it does
    // ("Mr Brown liked to rattle off ..., the Tory leader said." before
    // "... he said" in BBC politics/364): the person it describes, who
    // reported what the names of the sentence did.
    // Only for a pronoun: "the minister" after it is still the minister.
    if (const SpeakerRef described =
            for_pronoun ? ClosingDescribedReporter(sentence) : SpeakerRef{};
        described.entity >= 0 && fits_entity(described.entity)) {
      return OfEntity(described.entity, certainty);
    }
    // The owner of the noun phrase that opens the sentence, after a
    // courtesy title at most ("Mr Campbell's e-mail ... suggested they
    // should get Trevor Beattie ..."): that phrase is the subject, and the
    // person named after it is an object.
    const int opening_owner =
        IsPossessive(mention_last_[first_fit] + 1) && BeforeCourtesyTitle(first_fit, begin) < begin
            ? first_fit
            : -1;
    // The opening owner of a sentence before the pronoun's ("Mr Blair's
    // government was a \"bossy ... government,\" he added" is not Blair's),
    // unless the subject found is the person the owner's phrase describes,
    // right after it ("Edwards' sister Rachel"), past a title after the
    // possessive or in apposition ("Cosby's lawyer, Walter M Phillips Jr,
    // said"), or opens a clause of its own ("..., and Keegan sympathised",
    // "means Mourinho, who reportedly wants").
    if (opening_owner >= 0 && subject != opening_owner && before < n_ &&
        sentence < sentence_of_[before]) {
      const int first = subject >= 0 ? mention_first_[subject] : -1;
      const int governor = subject >= 0 ? BeforeTitle(first, begin) : -1;
      // Only words of a noun phrase between the possessive and the name
      // ("Wenger's French compatriot Thierry Henry", "Mr Blair's close
      // friend Peter Mandelson"): no comma, function word, pronoun or
      // word of a verb's past.
      bool described_by_owner = subject >= 0 && first - mention_last_[opening_owner] <= 6;
      for (int k = mention_last_[opening_owner] + 1; described_by_owner && k < first; ++k) {
        if (IsPossessive(k)) continue;
        const std::string word = Lower(k);
        described_by_owner = IsWordStart(tok_[k].text) && mention_at_[k] < 0 &&
                             !(Classes(k) & (quotes::kPreposition | quotes::kSubordinator |
                                             quotes::kDefinite | quotes::kIndefinite |
                                             quotes::kPersonalPronoun | quotes::kPossessivePronoun |
                                             quotes::kRelativePronoun | quotes::kSkipBeforeCue)) &&
                             !(word.size() > 3 && absl::EndsWith(word, "ed")) &&
                             !CueAt(k).has_value();
      }
      const bool own_clause =
          subject >= 0 &&
          (described_by_owner || HasRelativeClause(subject) ||
           (governor >= 0 && LowerIsAnyOf(governor, {",", "'s", "'", "and", "but", "while"})));
      // Nor when a description reports in that sentence ("Mr Brown's
      // Budget was ..., the Tory leader said").
      bool described_reporter = false;
      for (int k = begin + 1; k < sentences_[sentence].end; ++k) {
        if (region_of_[k] >= 0 || mention_at_[k - 1] >= 0) continue;
        if (!(Classes(k - 1) & quotes::kPersonNoun)) continue;
        const std::optional<CueMatch> cue = CueAt(k);
        if (cue && cue->form == CueForm::kFinite) described_reporter = true;
      }
      if (!own_clause && !described_reporter) {
        return OfEntity(EntityOf(opening_owner), certainty);
      }
    }
    if (subject >= 0) return OfEntity(EntityOf(subject), certainty);
    // No name is that sentence's subject, a spokesman the text does not
    // name is ("A Labour Party spokesman criticised Michael Howard's
    // record ... He said:"): whom that noun phrase speaks for.
    if (const int head = IndefiniteSpokespersonOpening(sentence, gender); head >= 0) {
      return NounPhrase(head, sentences_[sentence].begin);
    }
    // No name is that sentence's subject, a description of a person is ("The
    // Spaniard believed he was talking to Real Madrid sporting director
    // Emilio Butragueno"): it goes on about the person of a sentence before,
    // and so does a description after it.
    if (depth < 4 && sentence > 0 && OpensWithDescription(sentence)) {
      SpeakerRef r = RecentPerson(sentences_[sentence].begin, gender, certainty, depth + 1,
                                  sentence - 2, for_pronoun);
      if (r.found) return r;
    }
    // No name is that sentence's subject: a "he" or "she" opening its main
    // clause after the names is ("At a conference hosted by UK finance
    // minister Gordon Brown, he said"), the pronoun being resolved or one
    // before it, and means the person of a sentence before.
    if (depth < 4 && gender != Gender::kUnknown && sentence > 0 &&
        ClauseOpeningPronoun(last_fit_end + 1, before, sentence, gender)) {
      SpeakerRef r = RecentPerson(sentences_[sentence].begin, gender, certainty, depth + 1,
                                  sentence - 2, for_pronoun);
      if (r.found) return r;
    }
    if (last_speaker_end_ >= 0 && fits_entity(last_speaker_.entity) &&
        sentence_of_[before] - sentence_of_[last_speaker_end_] <= 3) {
      return OfEntity(last_speaker_.entity, certainty);
    }
    return OfEntity(EntityOf(first_fit), certainty);
  }

  // The speaker a description reporting at the end of sentence `sentence`
  // stands for: ", the Tory leader said." after a comma or a quote, its
  // verb the sentence's last word. Not found when there is none, or while
  // one is being resolved (a description may look back at this sentence).
  SpeakerRef ClosingDescribedReporter(int sentence) {
    if (resolving_closing_description_) return {};
    const int begin = sentences_[sentence].begin;
    int cue = sentences_[sentence].end - 1;
    if (cue > begin && (Is(cue, ".") || Is(cue, "!"))) --cue;
    if (cue - 2 < begin || region_of_[cue] >= 0 || mention_at_[cue - 1] >= 0 ||
        !(Classes(cue - 1) & quotes::kPersonNoun)) {
      return {};
    }
    const std::optional<CueMatch> match = CueAt(cue);
    if (!match || match->form != CueForm::kFinite) return {};
    // The description follows a comma or a quote, and starts with a
    // determiner or a capital ("the Tory leader", "Labour's spokesman";
    // not "..., rejected what the Tory leader said.").
    int k = cue - 2;
    while (k > begin && cue - k < 8 && region_of_[k] < 0 && !Is(k, ",") &&
           IsWordStart(tok_[k].text)) {
      --k;
    }
    if (!(Is(k, ",") || region_of_[k] >= 0)) return {};
    const std::string& first = tok_[k + 1].text;
    if (!(Classes(k + 1) &
          (quotes::kDefinite | quotes::kIndefinite | quotes::kPossessivePronoun)) &&
        !absl::ascii_isupper(static_cast<unsigned char>(first[0]))) {
      return {};
    }
    resolving_closing_description_ = true;
    const SpeakerRef r = NounPhrase(cue - 1, k + 1);
    resolving_closing_description_ = false;
    return r;
  }

  // Whether the main clause of sentence `sentence` opens, after a comma
  // in [from, to] (`to` itself being the pronoun resolved, when it is in
  // that sentence), with a subject pronoun of `gender`, no subordinate or
  // relative clause between ("after he finished", "who told reporters she").
  bool ClauseOpeningPronoun(int from, int to, int sentence, Gender gender) const {
    for (int k = std::max(from, 1); k <= to && k < n_ && sentence_of_[k] == sentence; ++k) {
      if (region_of_[k] >= 0) continue;
      const std::string word = Lower(k);
      if (Classes(k) & (quotes::kRelativePronoun | quotes::kSubordinator)) return false;
      const bool subject =
          (gender == Gender::kMale && word == "he") || (gender == Gender::kFemale && word == "she");
      if (subject) return Is(k - 1, ",");
    }
    return false;
  }

  // The head of the indefinite description of a spokesperson that opens
  // sentence `sentence` as its subject ("A Labour Party spokesman", "A
  // spokeswoman for the ministry"): "a" or "an", at most four words
  // (names of organisations or places, modifiers), then a spokesperson
  // noun of a gender `gender` does not contradict, not a possessive. -1
  // when it does not open so.
  int IndefiniteSpokespersonOpening(int sentence, Gender gender) const {
    const int begin = sentences_[sentence].begin;
    if (begin >= n_ || region_of_[begin] >= 0 || !(Classes(begin) & quotes::kIndefinite)) {
      return -1;
    }
    for (int k = begin + 1; k < n_ && k <= begin + 5 && sentence_of_[k] == sentence; ++k) {
      if (region_of_[k] >= 0) return -1;
      const int m = mention_at_[k];
      if (m >= 0) {
        if (TypeOf(m) == v1::ENTITY_TYPE_PERSON) return -1;
        continue;
      }
      const uint32_t c = Classes(k);
      if (c & quotes::kSpokespersonNoun) {
        if ((gender == Gender::kMale && (c & quotes::kFemale)) ||
            (gender == Gender::kFemale && (c & quotes::kMale))) {
          return -1;
        }
        return IsPossessive(k + 1) ? -1 : k;
      }
      if (c & (quotes::kPreposition | quotes::kSubordinator | quotes::kRelativePronoun |
               quotes::kPersonalPronoun | quotes::kPersonNoun)) {
        return -1;
      }
    }
    return -1;
  }

  // Whether sentence `sentence` opens with a definite description of one
  // person as its subject: "the", at most three words, a person noun or a
  // nationality ("The Spaniard", "The 21-year-old striker", "The former
  // minister"), a party or other organisation's one-word name before a
  // person noun ("The Tory leader"), then no name, possessive or other
  // person noun. Its head's token, else -1.
  int DescriptionOpening(int sentence) const {
    const int begin = sentences_[sentence].begin;
    if (begin >= n_ || region_of_[begin] >= 0 || Lower(begin) != "the") return -1;
    for (int k = begin + 1; k < n_ && k <= begin + 4 && sentence_of_[k] == sentence; ++k) {
      if (region_of_[k] >= 0) return -1;
      const int m = mention_at_[k];
      const uint32_t c = Classes(k);
      const bool single = m >= 0 && mention_first_[m] == k && mention_last_[m] == k;
      const bool nationality = single && TypeOf(m) == v1::ENTITY_TYPE_MISC;
      const bool party = single && TypeOf(m) == v1::ENTITY_TYPE_ORGANIZATION && k + 1 < n_ &&
                         (Classes(k + 1) & (quotes::kPersonNoun | quotes::kRoleAfterDeterminer));
      if (m >= 0 && !nationality && !party) return -1;
      if (nationality || party || (c & (quotes::kPersonNoun | quotes::kRoleAfterDeterminer))) {
        if (c & quotes::kPlural) return -1;
        const int next = k + 1;
        if (next >= n_ || sentence_of_[next] != sentence || region_of_[next] >= 0) return -1;
        if (Is(next, "'s") || Is(next, "'") || Is(next, ",") || mention_at_[next] >= 0) {
          return -1;
        }
        const uint32_t nc = Classes(next);
        if (nc & (quotes::kPersonNoun | quotes::kRoleAfterDeterminer | quotes::kOrganizationNoun)) {
          continue;  // "the Spanish striker" is read to its head
        }
        return (nc & quotes::kPreposition) ? -1 : k;
      }
      if (c & (quotes::kPreposition | quotes::kSubordinator | quotes::kRelativePronoun |
               quotes::kPersonalPronoun)) {
        return -1;
      }
    }
    return -1;
  }
  bool OpensWithDescription(int sentence) const { return DescriptionOpening(sentence) >= 0; }

  // Whether mention `m` is followed by a relative clause of its own, past
  // an aside ("Staunton, 49, who told ...", "tycoon Steve Morgan, who got
  // frustrated"): whatever governs it, the name is that clause's subject.
  bool HasRelativeClause(int m) const {
    // "who" of one person: not "members of Korn, who are".
    auto who = [&](int k) {
      if (k + 1 >= n_ || Lower(k) != "who") return false;
      const std::string verb = Lower(k + 1);
      return verb != "are" && verb != "were" && verb != "have";
    };
    const int comma = mention_last_[m] + 1;
    if (comma + 1 >= n_ || !Is(comma, ",")) return false;
    if (who(comma + 1)) return true;
    // An aside without a name: the clause after "the Lord Chief Justice,
    // Lord Woolf, who" is the name in apposition's.
    for (int k = comma + 1; k < n_ && k < comma + 6; ++k) {
      if (region_of_[k] >= 0 || mention_at_[k] >= 0) return false;
      if (Is(k, ",")) return who(k + 1);
    }
    return false;
  }

  // The token that governs a name starting at token `first`: the token
  // before it, or, past a title ("by UK finance minister Gordon Brown",
  // "with President Obama"), the token before the title. A title is title
  // words ("minister", "President"), capitalised words and one name of a
  // place or organisation before them ("UK", "Prime Minister"), and
  // lower-case words right before a title word ("finance minister"). A
  // preposition opening the sentence is a fronted phrase's ("On Monday
  // Prime Minister Theresa May met ..."): it governs nothing, nor does
  // anything when the title runs on for more than five words. -1 for
  // none.
  int BeforeTitle(int first, int begin) const {
    int k = first - 1;
    if (k < begin) return -1;
    if (region_of_[k] >= 0 || !(Classes(k) & quotes::kPersonNoun)) return k;
    bool named = false;
    for (int steps = 0; --k >= begin; ++steps) {
      if (steps >= 5) return -1;
      if (region_of_[k] >= 0 || !IsWordStart(tok_[k].text)) return k;
      const int m = mention_at_[k];
      if (m >= 0) {
        if (named || TypeOf(m) == v1::ENTITY_TYPE_PERSON) return k;
        named = true;
        k = mention_first_[m];
        continue;
      }
      const uint32_t c = Classes(k);
      if (c & quotes::kPersonNoun) continue;
      const bool capitalised = absl::ascii_isupper(static_cast<unsigned char>(tok_[k].text[0]));
      if (c == 0 && capitalised && !named) continue;
      if (c == 0 && !capitalised && (Classes(k + 1) & quotes::kPersonNoun)) continue;
      return k == begin && (c & quotes::kPreposition) ? -1 : k;
    }
    return -1;
  }

  // The token before mention `m`, past a courtesy title ("said Mr
  // Thomas") that starts no earlier than `begin`.
  int BeforeCourtesyTitle(int m, int begin) const {
    int k = mention_first_[m] - 1;
    if (k >= begin && mention_at_[k] < 0 && IsCourtesyTitle(tok_[k].text)) --k;
    return k;
  }

  // The person whose name, followed by a comma, ends just before token
  // `start` ("Peter Dobrow, a T-Mobile spokesperson said") when that name
  // opens the clause that begins at `limit`: after a courtesy title at most
  // ("Mr"), or one word and a comma ("However,"). Not a name the
  // clause's verb or a phrase before it governs ("After meeting Tony
  // Blair, a Labour spokesman said", "Tesco has hired John Smith, its
  // spokesman said"). -1 when there is none.
  int PersonOpeningClauseBefore(int start, int limit) const {
    if (start - 2 < limit || !Is(start - 1, ",") || region_of_[start - 2] >= 0) return -1;
    const int named = mention_at_[start - 2];
    if (named < 0 || TypeOf(named) != v1::ENTITY_TYPE_PERSON) return -1;
    int before = BeforeCourtesyTitle(named, limit);
    if (before == limit + 1 && Is(before, ",")) before = limit - 1;
    return before < limit ? named : -1;
  }

  // The last organisation named in tokens [start, end) (a noun's
  // modifier: "a BBC spokesman"); -1 when there is none.
  int OrganizationIn(int start, int end) const {
    for (int k = end - 1; k >= start; --k) {
      const int m = mention_at_[k];
      if (m >= 0 && TypeOf(m) == v1::ENTITY_TYPE_ORGANIZATION) return m;
    }
    return -1;
  }

  // Whom the last spokesman or spokeswoman the document introduced before
  // token `before` is, or speaks for: the person the noun stands before
  // or in apposition with ("White House spokesman Josh Earnest", "Josh
  // Earnest, a spokesman"), else the organisation that modifies it or
  // follows "for" ("a Home Office spokesman", "a spokesman for the CRE").
  // A mention index, -1 when there is none.
  int LastSpokesperson(int before) const {
    for (int k = before - 1; k >= 0; --k) {
      if (region_of_[k] >= 0 || mention_at_[k] >= 0 || !(Classes(k) & quotes::kSpokespersonNoun)) {
        continue;
      }
      const int named = SpokespersonAt(k);
      if (named >= 0) return named;
    }
    return -1;
  }

  // Whom the spokesperson noun at token `k` is, or speaks for, as
  // LastSpokesperson reads it; -1 when the text does not say.
  int SpokespersonAt(int k) const {
    auto person = [&](int t) {
      const int m = t >= 0 && t < n_ ? mention_at_[t] : -1;
      return m >= 0 && TypeOf(m) == v1::ENTITY_TYPE_PERSON ? m : -1;
    };
    auto org = [&](int t) {
      const int m = t >= 0 && t < n_ ? mention_at_[t] : -1;
      return m >= 0 && TypeOf(m) == v1::ENTITY_TYPE_ORGANIZATION ? m : -1;
    };
    // "a Home Office spokesman", "a CRE spokesman".
    if (org(k - 1) >= 0) return org(k - 1);
    // "spokesman Josh Earnest", "spokesman, Josh Earnest", "spokesman for
    // the BBC John Smith" (not "the spokesman's remarks, Tony Blair").
    for (int j = k + 1; j <= k + 5 && j < n_ && region_of_[j] < 0; ++j) {
      if (person(j) < 0) continue;
      if (j == k + 1 || (j == k + 2 && Is(k + 1, ",")) || org(j - 1) >= 0) return person(j);
      break;
    }
    // "Josh Earnest, a spokesman", "Josh Earnest, the company's
    // spokesman": the name that opens the clause (not "After meeting
    // Tony Blair, a Labour spokesman").
    for (int j = k - 1; j >= 1 && j >= k - 4 && region_of_[j] < 0; --j) {
      if (!Is(j, ",")) continue;
      const int named = PersonOpeningClauseBefore(j + 1, SentenceStart(k));
      if (named >= 0) return named;
      break;
    }
    // "a spokesman for the CRE", "a spokesman for Michael Howard".
    if (k + 2 < n_ && Lower(k + 1) == "for") {
      const int j = Is(k + 2, "the") ? k + 3 : k + 2;
      if (org(j) >= 0) return org(j);
      if (person(j) >= 0) return person(j);
    }
    return -1;
  }

  // The last organisation named before token `before` within a few
  // sentences, outside quotes.
  SpeakerRef RecentOrganization(int before, float certainty) {
    auto it = std::lower_bound(by_position_.begin(), by_position_.end(), before,
                               [&](int m, int t) { return mention_first_[m] < t; });
    while (it != by_position_.begin()) {
      --it;
      const int m = *it;
      if (sentence_of_[before] - sentence_of_[mention_first_[m]] > 3) break;
      if (TypeOf(m) == v1::ENTITY_TYPE_ORGANIZATION && region_of_[mention_first_[m]] < 0) {
        return OfEntity(EntityOf(m), certainty);
      }
    }
    return {};
  }

  // The organisation a recent sentence is about, for "the company" that
  // names none: the first one named in it as a subject or its owner ("Kraft
  // said", "Kraft's new policy"; not after a preposition or a determiner,
  // not modifying a noun: BeforeVerb),
  // in the sentence of token `before` (before it) or one of the three
  // before. -1 when there is none.
  int TopicOrganization(int before) const {
    auto it = std::lower_bound(by_position_.begin(), by_position_.end(), before,
                               [&](int m, int t) { return mention_first_[m] < t; });
    int subject = -1, sentence = -1;
    while (it != by_position_.begin()) {
      --it;
      const int m = *it;
      const int at = mention_first_[m];
      if (sentence >= 0 && sentence_of_[at] != sentence) {
        if (subject >= 0) break;
      }
      sentence = sentence_of_[at];
      if (sentence_of_[before] - sentence > 3) break;
      if (TypeOf(m) != v1::ENTITY_TYPE_ORGANIZATION || region_of_[at] >= 0 || EntityOf(m) < 0) {
        continue;
      }
      const int governor = BeforeTitle(at, sentences_[sentence].begin);
      if ((governor < 0 ||
           !(Classes(governor) & (quotes::kPreposition | quotes::kSubordinator | quotes::kDefinite |
                                  quotes::kIndefinite | quotes::kPossessivePronoun))) &&
          BeforeVerb(mention_last_[m] + 1)) {
        subject = EntityOf(m);  // the first of the sentence wins
      }
    }
    return subject;
  }

  // Whether token `t` is a word that may stand between a subject and its
  // cue ("also", "meanwhile"): not one capitalised inside its sentence,
  // a name's word ("USA Today said").
  bool SkipsBeforeCue(int t) const {
    const std::string& text = tok_[t].text;
    if (!(Classes(t) & quotes::kSkipBeforeCue)) return MannerAdverb(text);
    return text.empty() || !absl::ascii_isupper(static_cast<unsigned char>(text[0])) ||
           SentenceStart(t) == t;
  }

  // A lower-case adverb in -ly of six letters or more ("forcefully",
  // "gingerly", "quickly", "sharply"); not a noun in -ly of the news
  // ("family", "assembly", "supply", "monopoly"); not "-ally", as in
  // "occasionally", which is as often another verb's.
  static bool MannerAdverb(absl::string_view text) {
    if (text.size() < 6 || !absl::ascii_islower(static_cast<unsigned char>(text[0])) ||
        !absl::EndsWith(text, "ly") || absl::EndsWith(text, "ally")) {
      return false;
    }
    for (const absl::string_view noun : {"family", "assembly", "supply", "monopoly", "anomaly",
                                         "butterfly", "homily", "melancholy", "oligopoly"}) {
      if (text == noun) return false;
    }
    return true;
  }

  // Whether token `t`, after a name, shows the name is a subject or an
  // owner: a possessive, a reporting verb, an adverb before one ("also"),
  // an auxiliary or a past tense ("Kraft's", "Novartis said", "Valve also
  // said", "Microsoft is seeking", "Umbro announced"); not a noun the name
  // modifies ("Goldman Sachs analysts").
  bool BeforeVerb(int t) const {
    if (t >= n_ || region_of_[t] >= 0) return false;
    if (IsPossessive(t)) return true;
    if (SkipsBeforeCue(t) || CueAt(t)) return true;
    const std::string word = Lower(t);
    static const absl::flat_hash_set<std::string>* const kAuxiliaries =
        new absl::flat_hash_set<std::string>{"is",    "was",   "has",    "had",   "have",
                                             "will",  "would", "can",    "could", "may",
                                             "might", "must",  "should", "does",  "did"};
    if (kAuxiliaries->contains(word)) return true;
    return word.size() > 4 && absl::EndsWith(word, "ed") && tok_[t].text[0] == word[0];
  }

  // "The company said it ...": the organisation that a definite
  // organisation noun opening the sentence of token `t` (before it) names.
  SpeakerRef SubjectOrganizationNoun(int t) {
    const int begin = sentences_[sentence_of_[t]].begin;
    if (begin + 1 >= t || region_of_[begin] >= 0 || !(Classes(begin) & quotes::kDefinite)) {
      return {};
    }
    const int noun = begin + 1;
    if (mention_at_[noun] >= 0 || region_of_[noun] >= 0 ||
        !(Classes(noun) & quotes::kOrganizationNoun)) {
      return {};
    }
    const std::string word = Lower(noun);
    int e = OrganizationNamed(word, begin);
    if (e < 0 && (Classes(noun) & quotes::kCompanyNoun)) e = TopicOrganization(begin);
    return e >= 0 ? OfEntity(e, 0.7f) : SpeakerRef{};
  }

  // An organisation of the document whose name has the word `noun`
  // ("ministry" for "the Russian Foreign Ministry"), the one named last
  // before token `before` (else the first named after it).
  int OrganizationNamed(const std::string& noun, int before) const {
    int last_before = -1, first_after = -1;
    for (int m : by_position_) {
      if (TypeOf(m) != v1::ENTITY_TYPE_ORGANIZATION) continue;
      const std::string name = absl::AsciiStrToLower(a_->mentions(m).text());
      bool has = false;
      for (size_t at = name.find(noun); at != std::string::npos && !has;
           at = name.find(noun, at + 1)) {
        const size_t end = at + noun.size();
        has = (at == 0 || !absl::ascii_isalpha(static_cast<unsigned char>(name[at - 1]))) &&
              (end == name.size() || !absl::ascii_isalpha(static_cast<unsigned char>(name[end])));
      }
      if (!has) continue;
      if (mention_first_[m] < before) {
        last_before = EntityOf(m);
      } else {
        first_after = EntityOf(m);
        break;
      }
    }
    return last_before >= 0 ? last_before : first_after;
  }

  // In the noun phrase [start, end] whose head is the document noun at
  // `head`, the organisation noun that names who issued it: before the
  // head as its owner or modifier ("the ministry's statement", "the
  // ministry statement"), or after it as the object of "of", "from" or "by"
  // that ends the phrase ("the statement of the ministry"). An addressee
  // ("a letter to the committee") or a modifier of another noun ("a letter
  // from committee members") is not one. -1 when there is none.
  int IssuerNoun(int start, int head, int end) const {
    auto org_noun = [&](int k) {
      return mention_at_[k] < 0 && (Classes(k) & quotes::kOrganizationNoun);
    };
    for (int k = start; k < head; ++k) {
      if (!org_noun(k)) continue;
      if (k + 1 == head || IsPossessive(k + 1)) return k;
    }
    if (head + 1 > end) return -1;
    const std::string by = Lower(head + 1);
    if (by != "of" && by != "from" && by != "by") return -1;
    for (int k = head + 2; k <= end; ++k) {
      if (Classes(k) & quotes::kPreposition) return -1;
      if (org_noun(k) && k == end) return k;
    }
    return -1;
  }

  // Whether token `k` is a present participle with an object inside a noun
  // phrase ("a statement from Chelsea explaining the decision"): a lower-case
  // word ending in "ing" before a determiner.
  bool ParticipleWithObject(int k) const {
    if (k + 1 >= n_ || mention_at_[k] >= 0) return false;
    const std::string& s = tok_[k].text;
    if (s.size() < 5 || !absl::EndsWith(s, "ing") || !absl::ascii_islower(s[0])) return false;
    return Classes(k + 1) & (quotes::kDefinite | quotes::kIndefinite | quotes::kPossessivePronoun);
  }

  // A pronoun at token `t`: he/she to the last fitting person, else the
  // previous speaker unless a place; it/they to the organisation last
  // speaking or named.
  SpeakerRef Pronoun(int t, uint32_t classes) {
    const std::string word = Lower(t);
    if (word == "i" || word == "my") return Unresolved();
    if ((classes & quotes::kPlural) || word == "it" || word == "its") {
      if (last_speaker_.entity >= 0 &&
          a_->entities(last_speaker_.entity).type() != v1::ENTITY_TYPE_PERSON) {
        return OfEntity(last_speaker_.entity, 0.7f);
      }
      if (!(classes & quotes::kPlural)) {
        SpeakerRef subject = SubjectOrganizationNoun(t);
        if (subject.found) return subject;
      }
      SpeakerRef org = RecentOrganization(t, 0.6f);
      return org.found ? org : Unresolved();
    }
    const Gender gender = GenderOf(classes);
    // "“...,” he added." after the last speaker's quote, in the sentence
    // after it at most, with no other person named outside the quotes
    // since: the last speaker goes on, whoever the quotes name ("said a
    // Juventus official ... “Then he [Mutu] will meet ...,” he added" in
    // BBC sport/203; "A US Embassy spokesman said: ..." in
    // entertainment/289).
    if (ContinuesTheLastSpeaker(t, gender)) {
      SpeakerRef last = last_speaker_;
      last.mention = -1;
      last.certainty *= 0.85f;
      return last;
    }
    // "Mr Blair has failed, he claimed, saying ...": the "he" of a
    // reporting clause set off after the words it reports is not a person
    // they name (BBC politics/110, Michael Howard's words): whom it means
    // is found before the sentence.
    SpeakerRef person;
    if (ReportsTheClauseBefore(t)) {
      person = RecentPerson(sentences_[sentence_of_[t]].begin, gender, 0.85f, 0, -1, true);
    }
    if (!person.found) person = RecentPerson(t, gender, 0.85f, 0, -1, true);
    if (person.found) return person;
    // No person named of its gender: a spokesperson the text does not name,
    // of a sentence opened by one in the last three, or whom that one
    // speaks for ("A Department for Constitutional Affairs spokeswoman said
    // Lord Woolf and Lord Falconer agreed ... \"...,\" she said." in BBC
    // politics/211).
    if (gender != Gender::kUnknown) {
      for (int s = sentence_of_[t]; s >= 0 && s >= sentence_of_[t] - 3; --s) {
        const int head = IndefiniteSpokespersonOpening(s, gender);
        if (head < 0) continue;
        // Whom it speaks for ("A spokesman for the BPI"), if the text says;
        // not an earlier spokesperson's.
        // Else the spokesperson, whom the text does not name ("A
        // Conservative spokeswoman said ... She said:" is not the Labour
        // man who spoke before, BBC politics/088).
        const int named = SpokespersonAt(head);
        return named >= 0 ? Named(named, 0.7f) : Unresolved();
      }
    }
    // Else the last speaker, but "he" or "she" is no place ("The Kremlin
    // said ... he said", where the model missed the person). An
    // organisation may be a person the model mistyped (PolNeAR's "Ava
    // DuVernay ... she said").
    if (last_speaker_.entity >= 0 &&
        a_->entities(last_speaker_.entity).type() != v1::ENTITY_TYPE_LOCATION) {
      return OfEntity(last_speaker_.entity, 0.6f);
    }
    return Unresolved();
  }

  // Whether the pronoun at token `t`, the subject of "added", "continued"
  // or "went on" after a quote, means the last speaker (see Pronoun).
  bool ContinuesTheLastSpeaker(int t, Gender gender) {
    if (last_speaker_end_ < 0 || last_speaker_end_ >= t || last_speaker_.entity < 0 || t < 1 ||
        region_of_[t - 1] < 0 || sentence_of_[t] - sentence_of_[last_speaker_end_] > 1) {
      return false;
    }
    const std::optional<CueMatch> cue = CueAt(t + 1);
    if (!cue || !LowerIsAnyOf(t + 1, {"added", "adds", "continued", "continues", "went", "goes"})) {
      return false;
    }
    const v1::Entity& e = a_->entities(last_speaker_.entity);
    if (e.type() == v1::ENTITY_TYPE_PERSON) {
      const Gender g = EntityGender(last_speaker_.entity);
      if (gender != Gender::kUnknown && g != Gender::kUnknown && g != gender) return false;
    }
    // An organisation went on only if its attribution named no person
    // ("Eva Lichtenberg, a ... member of the European Parliament said"
    // is hers, tech/258).
    int from = last_speaker_end_ + 1;
    if (e.type() != v1::ENTITY_TYPE_PERSON) {
      from = std::min(from, sentences_[sentence_of_[last_speaker_end_]].begin);
    }
    for (int k = from; k < t; ++k) {
      const int m = mention_at_[k];
      if (m >= 0 && region_of_[k] < 0 && TypeOf(m) == v1::ENTITY_TYPE_PERSON &&
          EntityOf(m) != last_speaker_.entity) {
        return false;
      }
    }
    return true;
  }

  // Whether the pronoun at token `t` is the subject of a reporting clause
  // between commas, or closing its sentence, after words that name someone
  // outside quote marks, whatever they quote ("Mr Blair has failed, he
  // claimed, saying"; "Mr Blair has “the same passion”, he said."; "..., he
  // told the BBC, ..."); not one
  // set into a clause after its first word ("the prime minister who, he
  // claims, is ramming").
  bool ReportsTheClauseBefore(int t) const {
    const int begin = sentences_[sentence_of_[t]].begin;
    if (t - 2 < begin || t + 1 >= n_ || !Is(t - 1, ",")) return false;
    if ((Classes(t - 2) &
         (quotes::kRelativePronoun | quotes::kSubordinator | quotes::kPreposition)) ||
        LowerIsAnyOf(t - 2, {"that", "and", "but", "or"})) {
      return false;
    }
    // The clause may hold a quote ("Mr Blair has "the same passion ..." as
    // when Labour came to power, he said": BBC politics/350, Alan
    // Milburn's words), but must name someone outside it: a quote alone
    // before the comma is the pronoun's own.
    bool named_outside = false;
    for (int k = begin; k < t - 1; ++k) {
      named_outside = named_outside || (region_of_[k] < 0 && mention_at_[k] >= 0);
    }
    if (!named_outside) return false;
    const std::optional<CueMatch> cue = CueAt(t + 1);
    if (!cue || cue->form != CueForm::kFinite) return false;
    // Past a short phrase of determiners, prepositions and capitalised
    // words ("he told the BBC,", "he said on Monday.").
    const int end = sentences_[sentence_of_[t]].end;
    int k = cue->end;
    while (k < end && k < cue->end + 4 && region_of_[k] < 0 &&
           ((Classes(k) & (quotes::kDefinite | quotes::kIndefinite | quotes::kPreposition)) ||
            mention_at_[k] >= 0 ||
            absl::ascii_isupper(static_cast<unsigned char>(tok_[k].text[0])))) {
      ++k;
    }
    return k >= end || Is(k, ",") || Is(k, ".");
  }

  // The speaker named by the noun phrase that ends at token `end` (and
  // starts no earlier than `limit`).
  SpeakerRef NounPhrase(int end, int limit) {
    if (end < limit || end < 0) return {};
    const int end_mention = mention_at_[end];
    if (end_mention >= 0 && TypeOf(end_mention) == v1::ENTITY_TYPE_PERSON) {
      return Named(end_mention);
    }
    // Back to the phrase's first word, across "of"/"on" into the phrase it
    // modifies ("the message posted on the website of the Ministry").
    int start = end, det = -1;
    for (int k = end; k >= limit && end - k < 16; --k) {
      const std::string& s = tok_[k].text;
      if (region_of_[k] >= 0) break;
      if (!IsWordStart(s) && s != "'s" && s != "'" && s != "&") break;
      if (k != end && mention_at_[k] < 0 && !ParticipleWithObject(k) && CueAt(k)) break;
      const uint32_t c = Classes(k);
      if (c & (quotes::kPersonalPronoun | quotes::kRelativePronoun)) break;
      if (Lower(k) == "that" && k != end) break;
      start = k;
      if (c & (quotes::kDefinite | quotes::kIndefinite | quotes::kPossessivePronoun)) {
        det = k;
        if (k - 1 >= limit &&
            ((Classes(k - 1) & quotes::kPreposition) || ParticipleWithObject(k - 1))) {
          continue;
        }
        break;
      }
    }
    // The head: the last word before the first preposition or participle
    // that follows a word.
    int head = end;
    bool seen_word = false;
    for (int k = start; k <= end; ++k) {
      const uint32_t c = Classes(k);
      if (seen_word && mention_at_[k] < 0 &&
          ((c & (quotes::kPreposition | quotes::kNpParticiple)) || ParticipleWithObject(k))) {
        head = k - 1;
        break;
      }
      if (!(c & (quotes::kDefinite | quotes::kIndefinite | quotes::kPossessivePronoun |
                 quotes::kPreposition))) {
        seen_word = true;
      }
    }
    int person = -1, org = -1, any = -1;
    for (int k = start; k <= end; ++k) {
      const int m = mention_at_[k];
      if (m < 0 || k < head) continue;
      if (any < 0) any = m;
      if (person < 0 && TypeOf(m) == v1::ENTITY_TYPE_PERSON) person = m;
      if (org < 0 && TypeOf(m) == v1::ENTITY_TYPE_ORGANIZATION) org = m;
    }
    const int head_mention = mention_at_[head];
    const uint32_t dc = det >= 0 ? Classes(det) : 0;
    // "one senior Democrat", "some Republicans": somebody the document
    // does not name, not the party or the nationality.
    if (head_mention >= 0 && TypeOf(head_mention) == v1::ENTITY_TYPE_MISC &&
        (dc & quotes::kIndefinite)) {
      return Unresolved();
    }
    // "the Wisconsin Republican said", "the Texan said": a person of the
    // party or the place, the one the document has been about, as "said
    // the American" (SubjectAfterPhrase); several ("the Republicans")
    // are no one it names, and a people ("the Chinese") is its country.
    if (head_mention >= 0 && TypeOf(head_mention) == v1::ENTITY_TYPE_MISC &&
        (dc & quotes::kDefinite) && mention_first_[head_mention] == head &&
        mention_last_[head_mention] == head) {
      const std::string& word = tok_[head].text;
      if (absl::EndsWith(word, "s")) return Unresolved();
      // One person of a nation, not a people: "the Texan", "the
      // Republican", "the Briton", not "the Chinese", "the British", "the
      // Swiss", who speak for their country.
      if (word == "Democrat" || (IsNationalityNoun(word) && !absl::EndsWith(word, "ese") &&
                                 !absl::EndsWith(word, "ish") && word != "Swiss")) {
        const SpeakerRef r = RecentPerson(start, Gender::kUnknown, 0.7f);
        return r.found ? r : Unresolved();
      }
    }
    if (head_mention >= 0) {
      // "Colin Asplin, Blackpool Hotel Association said": the person an
      // organisation's name in apposition places, as above.
      // Not a parenthesis ("Mr Blair, Downing Street said, was ...").
      if (det < 0 && TypeOf(head_mention) == v1::ENTITY_TYPE_ORGANIZATION &&
          mention_first_[head_mention] == start && !(end + 2 < n_ && Is(end + 2, ","))) {
        const int named = PersonOpeningClauseBefore(start, limit);
        if (named >= 0) return Named(named, 0.9f);
      }
      return Named(head_mention);
    }
    std::string head_word = Lower(head);
    uint32_t hc = quotes::WordClasses(head_word);
    if (hc == 0 && head_word.size() > 3 && head_word.back() == 's') {
      head_word.pop_back();  // "officials"
      hc = quotes::WordClasses(head_word);
      if (hc != 0) hc |= quotes::kPlural;
    }
    if ((hc & quotes::kRoleAfterDeterminer) && det >= 0) hc |= quotes::kPersonNoun;
    if (hc & quotes::kPersonNoun) {
      // "Paul Boateng MP, Labour's Chief Secretary to the Treasury, said":
      // the person a title written after names follows, with no
      // determiner ("a Jackson lawyer", "Federer coach" are somebody
      // else).
      if (det < 0 && head - 1 >= start && (hc & quotes::kPostNominalTitle)) {
        const int named = mention_at_[head - 1];
        if (named >= 0 && TypeOf(named) == v1::ENTITY_TYPE_PERSON) return Named(named, 0.9f);
      }
      // "Mr Howard's spokesman said", "Mr Blair's official spokesman": the
      // owner named before the noun speaks, as "his spokesman" speaks for
      // him; not a name in apposition after it ("Mr Blair's spokesman,
      // Tom Kelly," below).
      // Only words that keep him the owner's between ("official", "chief");
      // not "former", nor a brief ("Mr Howard's health spokesman" is a
      // shadow minister speaking).
      if ((hc & quotes::kSpokespersonNoun) && !(hc & quotes::kPlural) &&
          !(end + 2 < n_ && Is(end + 1, ","))) {
        bool keeps_owner = true;
        for (int k = head - 1; k > start; --k) {
          if (!IsPossessive(k)) {
            keeps_owner = keeps_owner && LowerIsAnyOf(k, {"official", "chief", "press", "personal",
                                                          "own", "senior", "deputy", "new"});
            if (mention_at_[k] >= 0 || region_of_[k] >= 0) break;
            continue;
          }
          const int owner = mention_at_[k - 1];
          if (owner >= 0 && (TypeOf(owner) == v1::ENTITY_TYPE_PERSON ||
                             TypeOf(owner) == v1::ENTITY_TYPE_ORGANIZATION)) {
            if (keeps_owner) return Named(owner, 0.7f);
            // Someone else speaks: the person whose name opens the clause
            // ("Andrew Lansley, Mr Howard's health spokesman said"), else
            // one the text does not name.
            const int named = PersonOpeningClauseBefore(start, limit);
            return named >= 0 ? Named(named, 0.9f) : Unresolved();
          }
          break;
        }
      }
      // "Peter Dobrow, a T-Mobile spokesperson said", "Alois Rhiel, its
      // minister for economic affairs added": the person an indefinite or
      // possessive description, in apposition without its closing comma,
      // describes, when that person's name opens the clause (after a
      // courtesy title at most, "Mr", or one word and a comma,
      // "However,"); not a name the clause's verb or a
      // phrase before it governs ("After meeting Tony Blair, a Labour
      // spokesman said", "Tesco has hired John Smith, its spokesman said").
      if (dc & (quotes::kIndefinite | quotes::kPossessivePronoun)) {
        const int named = PersonOpeningClauseBefore(start, limit);
        if (named >= 0) return Named(named, 0.9f);
      }
      // "said the Prime Minister, Tony Blair": the person in apposition,
      // after a title or a party at most ("the committee chairman, MP
      // Edward Leigh", "its leader, Labour MP Jane Smith").
      if (end + 2 < n_ && Is(end + 1, ",")) {
        for (int k = end + 2; k < n_ && k <= end + 5 && region_of_[k] < 0; ++k) {
          const int named = mention_at_[k];
          if (named >= 0 && TypeOf(named) == v1::ENTITY_TYPE_PERSON) return Named(named, 0.9f);
          const std::string& s = tok_[k].text;
          if (s.empty() || !absl::ascii_isupper(static_cast<unsigned char>(s[0])) || CueAt(k)) {
            break;
          }
          if (named >= 0) k = mention_last_[named];
        }
      }
      if ((hc & quotes::kSpokespersonNoun) && !(dc & quotes::kDefinite)) {
        // "A BBC spokesman said": the organisation the noun's modifier
        // names speaks, as in "said a BBC spokesman" and "a spokesman for
        // the BBC" (below).
        const int modifier = OrganizationIn(start, head);
        if (modifier >= 0) return Named(modifier, 0.8f);
      }
      if ((hc & quotes::kSpokespersonNoun) && (dc & quotes::kDefinite) && !(hc & quotes::kPlural) &&
          person < 0) {
        // "the spokesman said": whom the phrase says he speaks for ("the
        // Downing Street spokesman", "the spokesman for the BBC"); else the
        // spokesman the document introduced last, or whom that one speaks
        // for; else the organisation that spoke last, or that recent
        // sentences are about ("Downing Street said ..."); else no one. Not
        // the person the document is about: BBC politics/009's is the
        // prime minister's spokesman, speaking of Alastair Campbell;
        // sport/136's a club's, of its player.
        if (const int modifier = OrganizationIn(start, head); modifier >= 0) {
          return Named(modifier, 0.8f);
        }
        if (org >= 0) return Named(org, 0.7f);
        const int named = LastSpokesperson(start);
        if (named >= 0) return Named(named, 0.7f);
        if (last_speaker_.entity >= 0 &&
            a_->entities(last_speaker_.entity).type() == v1::ENTITY_TYPE_ORGANIZATION) {
          return OfEntity(last_speaker_.entity, 0.6f);
        }
        const int topic = TopicOrganization(start);
        return topic >= 0 ? OfEntity(topic, 0.5f) : Unresolved();
      }
      if (dc & quotes::kPossessivePronoun) {
        // "his spokesman" speaks for him.
        SpeakerRef owner = Pronoun(det, dc);
        owner.certainty *= 0.8f;
        return owner;
      }
      if ((dc & quotes::kDefinite) && !(hc & quotes::kPlural)) {
        // "the prime minister": the one person the document gives that
        // very title ("Prime Minister Tony Blair"), however long ago it
        // named him.
        // The whole phrase first: "the official representative of the
        // Russian Foreign Ministry", a title seed 001 gave Zakharova.
        int holder = end > head ? TitleHolder(det + 1, end) : -1;
        if (holder < 0) holder = TitleHolder(det + 1, head);
        if (holder >= 0) return OfEntity(holder, 0.75f);
        const int salient = SalientOfficeHolder(det + 1, head, start);
        if (salient >= 0) return OfEntity(salient, 0.7f);
      }
      // "the moderator said" after a debate's exchange: the one who puts
      // the questions, the person the document introduced so ("the
      // moderator, Lester Holt,"), else one it does not name; not the
      // person it has been about. (A host or an anchor may be the one the
      // document is about, "Angela Merkel, the host of the summit": below.)
      const bool asks = LowerIsAnyOf(head, {"moderator", "interviewer", "questioner"});
      if (asks && (dc & quotes::kDefinite) && !(hc & quotes::kPlural)) {
        const int introduced = PersonIntroducedAs(head_word, start);
        return introduced >= 0 ? Named(introduced, 0.7f) : Unresolved();
      }
      if (!(dc & quotes::kIndefinite) && !(hc & quotes::kPlural) && !asks) {
        // "the ambassador": the person the document has been about.
        const Gender g = GenderOf(hc);
        SpeakerRef r = RecentPerson(start, g, 0.7f);
        if (r.found) return r;
      }
      if (person >= 0) return Named(person, 0.8f);
      if (org >= 0) return Named(org, 0.6f);
      return Unresolved();
    }
    if (hc & quotes::kOrganizationNoun) {
      const int e = OrganizationNamed(head_word, start);
      if (e >= 0) return OfEntity(e, 0.8f);
      if (org >= 0) return Named(org, 0.8f);
      if (last_speaker_.entity >= 0 &&
          a_->entities(last_speaker_.entity).type() == v1::ENTITY_TYPE_ORGANIZATION) {
        return OfEntity(last_speaker_.entity, 0.6f);
      }
      if ((hc & quotes::kCompanyNoun) && !(dc & quotes::kIndefinite) && !(hc & quotes::kPlural)) {
        const int salient = TopicOrganization(start);
        if (salient >= 0) return OfEntity(salient, 0.6f);
      }
      return Unresolved();
    }
    if (hc & quotes::kDocumentNoun) {
      // A statement speaks for whoever the phrase says issued it, by name
      // ("Chelsea's statement") or by an organisation's noun ("the
      // statement of the ministry", "the ministry's statement"; not "a
      // letter to the committee"), else for
      // the one who spoke last ("The statement added: ...").
      if (org >= 0) return Named(org, 0.8f);
      if (person >= 0) return Named(person, 0.8f);
      // "Chelsea's statement": its owner, named.
      if (head - 2 >= start && (Is(head - 1, "'s") || Is(head - 1, "'"))) {
        const int owner = mention_at_[head - 2];
        if (owner >= 0 && (TypeOf(owner) == v1::ENTITY_TYPE_ORGANIZATION ||
                           TypeOf(owner) == v1::ENTITY_TYPE_PERSON)) {
          return Named(owner, 0.8f);
        }
      }
      const int issuer = IssuerNoun(start, head, end);
      if (issuer >= 0) {
        const int e = OrganizationNamed(Lower(issuer), start);
        if (e >= 0) return OfEntity(e, 0.8f);
      }
      if (dc & quotes::kPossessivePronoun) return Pronoun(det, dc);
      if (last_speaker_.entity >= 0) return OfEntity(last_speaker_.entity, 0.7f);
      return Unresolved();
    }
    if (person >= 0) return Named(person, 0.9f);
    if (org >= 0) return Named(org, 0.8f);
    if (any >= 0) return Named(any, 0.7f);
    if (end_mention >= 0) return Named(end_mention, 0.7f);
    return det >= 0 ? Unresolved() : SpeakerRef{};
  }

  // The first person named (or pronoun) in [start, end), outside quotes;
  // else a description of one that opens the clause ("The Florida senator
  // ... , saying").
  SpeakerRef SentenceSubject(int start, int end) {
    // Past a clause that opens the sentence before a comma ("Asked whether
    // Mr. Clinton would hold a cabinet position, Mrs. Clinton shook her
    // head and said"; "When he left, she said"; "In an interview with
    // Mr. Trump, she said"), where the main clause after it names someone.
    if (start < end && OpensASubordinateClause(start)) {
      for (int k = start + 1; k + 1 < end; ++k) {
        if (region_of_[k] >= 0 || !Is(k, ",")) continue;
        const SpeakerRef main = SentenceSubject(k + 1, end);
        if (main.found) return main;
        break;
      }
    }
    for (int k = start; k < end; ++k) {
      if (region_of_[k] >= 0) continue;
      const int m = mention_at_[k];
      if (m >= 0 && TypeOf(m) == v1::ENTITY_TYPE_PERSON) return Named(m, 0.8f);
      const uint32_t c = Classes(k);
      if (c & quotes::kPersonalPronoun) return Pronoun(k, c);
    }
    for (int k = start; k < end && k < start + 6 && IsWordStart(tok_[k].text); ++k) {
      if (Classes(k) & quotes::kPersonNoun) {
        SpeakerRef s = NounPhrase(k, start);
        if (s.entity >= 0) return s;
      }
    }
    return {};
  }

  // Whether the word at `t` opens a clause that is not the sentence's main
  // one: a subordinator ("When", "Although"), a preposition ("In an
  // interview"), or a participle in capitals ("Asked", "Speaking").
  bool OpensASubordinateClause(int t) const {
    if (Classes(t) & (quotes::kSubordinator | quotes::kPreposition)) return true;
    const std::string& text = tok_[t].text;
    const std::string lower = Lower(t);
    return !text.empty() && absl::ascii_isupper(static_cast<unsigned char>(text[0])) &&
           mention_at_[t] < 0 && lower.size() >= 5 &&
           (absl::EndsWith(lower, "ed") || absl::EndsWith(lower, "ing"));
  }

  // The token before an aside that ends at `k`: brackets ("Rep. Paul Ryan
  // (R-WI) said") or a pair of dashes ("Dickey, the chief of Ora Media --
  // the company that owns the show -- told"); `k` when there is none.
  // `dashes` tells which.
  int BeforeAside(int k, int limit, bool* dashes = nullptr) const {
    if (dashes != nullptr) *dashes = false;
    if (k < limit) return k;
    const bool bracket = Is(k, ")");
    if (!bracket && !Is(k, "--")) return k;
    const char* opening = bracket ? "(" : "--";
    int open = k - 1;
    while (open >= limit && open > k - (bracket ? 10 : 20) && !Is(open, opening) &&
           region_of_[open] < 0) {
      --open;
    }
    if (open < limit || !Is(open, opening)) return k;
    if (dashes != nullptr) *dashes = !bracket;
    return open - 1;
  }

  // The person named just before a comma in (lowest, from], the nearest
  // such comma first (a cue after it ends nothing): the one an appositive
  // describes. -1 when there is none.
  int PersonBeforeComma(int from, int lowest, int limit) const {
    for (int o = from; o >= limit && o > lowest && region_of_[o] < 0; --o) {
      if (!Is(o, ",") || CueAt(o + 1)) continue;
      const int b = BeforeAside(o - 1, limit);
      const int m = b >= limit ? mention_at_[b] : -1;
      if (m < 0 || TypeOf(m) != v1::ENTITY_TYPE_PERSON) continue;
      // Not the object of a preposition ("a lawyer for Bill Smith, his
      // wife, and their company, said").
      const int prev = mention_first_[m] - 1;
      if (prev >= limit && (Classes(prev) & quotes::kPreposition)) return -1;
      return m;
    }
    return -1;
  }

  // Token `t`, or the token before an age written between commas that ends
  // at `t` ("Woodrow Benford, 58"), searched back to `limit`.
  int PastAge(int t, int limit) const {
    if (t - 2 >= limit && Is(t - 1, ",") && tok_[t].text.size() <= 3 &&
        absl::ascii_isdigit(static_cast<unsigned char>(tok_[t].text[0]))) {
      return t - 2;
    }
    return t;
  }

  // The person whose home place ends at `k` ("Donna Sampson Rawlings, 59,
  // of Ashton, Md."): back past the places and their commas, "of", and an
  // age between commas, to a person's name; -1 when the words are not so.
  int PersonBeforeHome(int k, int limit) const {
    int t = k;
    for (int steps = 0; t >= limit && steps < 6; ++steps) {
      const int m = mention_at_[t];
      if (m >= 0 && TypeOf(m) == v1::ENTITY_TYPE_LOCATION && mention_last_[m] == t) {
        t = mention_first_[m] - 1;
      } else if (Is(t, ",") && t != k) {
        --t;
      } else {
        break;
      }
    }
    if (t == k || t < limit || Lower(t) != "of") return -1;
    --t;
    if (t >= limit && Is(t, ",")) --t;
    t = PastAge(t, limit);
    if (t < limit) return -1;
    const int m = mention_at_[t];
    if (m < 0 || TypeOf(m) != v1::ENTITY_TYPE_PERSON || mention_last_[m] != t) return -1;
    // Not the object of a preposition ("a lawyer for Jane Doe, of Ashton,
    // Md., said"), as PersonBeforeComma.
    const int prev = mention_first_[m] - 1;
    if (prev >= limit && (Classes(prev) & quotes::kPreposition)) return -1;
    return m;
  }

  // The subject of the cue that starts at `cue`, searched back to `limit`.
  SpeakerRef SubjectBefore(int cue, int limit) {
    int k = cue - 1;
    while (k >= limit && (SkipsBeforeCue(k) || IsPictograph(tok_[k].text))) {
      --k;
    }
    bool dashes = false;
    k = BeforeAside(k, limit, &dashes);
    if (k < limit) return {};
    if (dashes && !Is(k, ",") &&
        !(mention_at_[k] >= 0 && TypeOf(mention_at_[k]) == v1::ENTITY_TYPE_PERSON)) {
      // The aside closes an appositive begun with a comma after the name:
      // "John Dickey, the chief of Ora Media -- ... -- told" (not "John
      // Dickey -- the chief -- told", whose name is right before it).
      const int m = PersonBeforeComma(k, k - 24, limit);
      if (m >= 0) return Named(m);
    }
    if (Is(k, ",")) {
      // An appositive or a relative clause between commas: "Trent Lott,
      // who was leader under George W. Bush, told", "Smith, a Republican
      // from Texas, said" (the name before it), or "the ministry's
      // spokeswoman, Maria Zakharova, said" (the name in it).
      // A few words in quotes may stand in it ("Barbara Follet, one of
      // the so-called "Blair Babes" elected in 1997, told"); a quotation
      // ends it.
      int open = k - 1;
      while (open >= limit && open > k - 32 && !Is(open, ",")) {
        if (region_of_[open] < 0) {
          --open;
          continue;
        }
        const Region& inner = regions_[region_of_[open]];
        if (inner.close < 0 || inner.after - inner.open > 8) break;
        open = inner.open - 1;
      }
      if (open < limit || !Is(open, ",")) return {};
      // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said".
      const int before = BeforeAside(open - 1, limit);
      const bool relative = Classes(open + 1) & quotes::kRelativePronoun;
      const bool named_before = before >= limit && mention_at_[before] >= 0 &&
                                TypeOf(mention_at_[before]) == v1::ENTITY_TYPE_PERSON;
      if (!relative && !named_before) {
        for (int i = k - 1; i > open; --i) {
          const int m = mention_at_[i];
          if (m >= 0 && TypeOf(m) == v1::ENTITY_TYPE_PERSON) return Named(m);
        }
        // An appositive with commas of its own: "Anne Richards, assistant
        // secretary of state for population, refugees, and migration, said".
        const int m = PersonBeforeComma(open - 1, k - 32, limit);
        if (m >= 0) return Named(m);
      }
      k = before;
      if (k < limit) return {};
    }
    const std::string word = Lower(k);
    if (word == "and" || word == "but" || word == "or" || word == "then") {
      // "She greeted supporters ... and told them": the clause's subject.
      return SentenceSubject(limit, k);
    }
    // "the two write", "both said", "the pair added": people together,
    // whom a quote's one speaker cannot name (nor one of them).
    if (LowerIsAnyOf(k, {"both", "two", "three", "four", "pair", "duo", "trio"}) &&
        (word == "both" || (k - 1 >= limit && (Classes(k - 1) & quotes::kDefinite)))) {
      return Unresolved();
    }
    const uint32_t c = Classes(k);
    if (c & quotes::kFunctionWord) return {};
    if (c & quotes::kRelativePronoun) {
      // "Trump, who said ..."
      int antecedent = k - 1;
      if (antecedent >= limit && Is(antecedent, ",")) --antecedent;
      return NounPhrase(antecedent, limit);
    }
    if (c & quotes::kPersonalPronoun) return Pronoun(k, c);
    // A person's home, not a place, spoke: "Donna Sampson Rawlings, 59, of
    // Ashton, Md., who watched the ceremony, said".
    if (const int home = PersonBeforeHome(k, limit); home >= 0) return Named(home);
    // "92% said", "61 percent said": a share of people a poll counts, no
    // one the text names (not the poll's organisation, nor whoever spoke
    // last).
    if (Is(k, "%") || LowerIsAnyOf(k, {"percent", "pct"}) ||
        (Is(k, "cent") && k - 1 >= limit && Is(k - 1, "per"))) {
      return Unresolved();
    }
    return NounPhrase(k, limit);
  }

  // The speaker after a cue ("said Foreign Ministry spokeswoman Maria
  // Zakharova", "according to her", "said the ministry"), before `stop`.
  SpeakerRef SubjectAfter(int from, int stop) {
    stop = std::min(stop, n_);
    if (from >= stop) return {};
    // "said his spokesman" is read as a phrase (NounPhrase speaks for its
    // owner, or for the name in apposition: "said its leader, Jane Smith");
    // when that names nobody, the owner is the one meant ("said his
    // party was facing up to ...", the subject missed before the cue).
    const uint32_t first = Classes(from);
    if (first & quotes::kPersonalPronoun) return Pronoun(from, first);
    if (first & quotes::kPossessivePronoun) {
      SpeakerRef phrase = SubjectAfterPhrase(from, stop);
      return phrase.entity >= 0 ? phrase : Pronoun(from, first);
    }
    return SubjectAfterPhrase(from, stop);
  }

  // SubjectAfter past its pronouns: the speaker the words from `from` name.
  SpeakerRef SubjectAfterPhrase(int from, int stop) {
    int fallback = -1, np_end = -1;
    // A name inside a phrase an indefinite determiner opens, not its last
    // word, only describes someone it does not name ("said a Trump
    // supporter", "one unaligned Florida Republican strategist", "a former
    // U.S. law enforcement official"); so does a place or MISC name that
    // ends it ("said an Iowa Democrat"), and an organisation's unless
    // the noun after it is one who speaks for it: "said a Juventus
    // official" speaks for the club, "said one district GOP leader" does
    // not; any name before its spokesman speaks ("said a Cairo
    // spokesman").
    int described_by = -1;  // the first name that only describes
    const bool indefinite = (Classes(from) & quotes::kIndefinite) != 0;
    for (int k = from; k < stop && k < from + 10; ++k) {
      const std::string& s = tok_[k].text;
      // A slash joins ("said 9/11 widow Terry Strada").
      const bool joins = s == "/" && k > from && k + 1 < stop && IsWordStart(tok_[k + 1].text);
      if (region_of_[k] >= 0 || !(IsWordStart(s) || s == "'s" || s == "&" || joins)) break;
      const int m = mention_at_[k];
      if (m >= 0) {
        const int after = mention_last_[m] + 1;
        const bool possessive = IsPossessive(after);
        const bool noun_after = after < stop && region_of_[after] < 0 &&
                                IsWordStart(tok_[after].text) &&
                                !(Classes(after) & quotes::kPreposition);
        if (indefinite && k > from && !possessive &&
            (TypeOf(m) != v1::ENTITY_TYPE_PERSON || noun_after)) {
          if (described_by < 0) described_by = m;
          k = mention_last_[m];
          np_end = k;
          continue;
        }
        if (TypeOf(m) == v1::ENTITY_TYPE_PERSON && !possessive) return Named(m);
        if (fallback < 0) fallback = m;
        k = mention_last_[m];
        np_end = k;
        continue;
      }
      if (k > from && (Classes(k) & quotes::kPreposition) && np_end >= 0) break;
      np_end = k;
    }
    // A MISC name, or a place, before the phrase's noun for a person
    // describes it ("said the Newport-based athlete", "the Uruguayan-born
    // researcher", "a Texas senator"): the noun is who spoke. Not before a
    // spokesperson ("a White House spokesman") or a time ("said Israel
    // yesterday"); a place before another noun only made an adjective
    // ("Newport-based").
    if (described_by >= 0 && fallback < 0) {
      // The phrase's noun: one who speaks for the name, or a paper it put
      // out ("a Juventus official", "a Trump campaign spokesman", "a CNN
      // exit poll"), and the name speaks.
      if (np_end >= 0 && mention_at_[np_end] < 0 && SpeaksFor(np_end, TypeOf(described_by))) {
        return Named(described_by, 0.9f);
      }
      if (np_end >= 0 && mention_at_[np_end] < 0) return NounPhrase(np_end, from);
      return Unresolved();
    }
    if (fallback >= 0) {
      const int after = mention_last_[fallback] + 1;
      const bool noun = np_end > mention_last_[fallback] && after < n_ &&
                        absl::ascii_islower(static_cast<unsigned char>(tok_[after].text[0])) &&
                        !(Classes(after) & quotes::kSpokespersonNoun) && !TimeWord(Lower(after));
      // A club between "the" and a player's noun says whom the player is
      // with ("said the Chelsea star", "the Tottenham striker"): the
      // player spoke, not the club. ("said a Juventus official", who is
      // not named, speaks for the club, and so does "the BBC reporter".)
      const int first = mention_first_[fallback];
      const bool definite = first - 1 >= from && (Classes(first - 1) & quotes::kDefinite);
      const bool describes = noun && (TypeOf(fallback) == v1::ENTITY_TYPE_MISC ||
                                      (TypeOf(fallback) == v1::ENTITY_TYPE_LOCATION &&
                                       (absl::StrContains(a_->mentions(fallback).text(), "-") ||
                                        (Classes(after) & quotes::kPersonNoun))) ||
                                      (TypeOf(fallback) == v1::ENTITY_TYPE_ORGANIZATION &&
                                       definite && IsPlayerNoun(Lower(after))));
      // "said the American", "said the Briton": a nationality as the noun
      // of a definite phrase is a person of it, the one the text has been
      // about ("Roddick ... said the American"), not the country; "the
      // Americans" are several, whom the text does not name.
      if (TypeOf(fallback) == v1::ENTITY_TYPE_MISC && np_end == mention_last_[fallback] &&
          mention_last_[fallback] == first && definite) {
        const std::string& word = tok_[first].text;
        if (absl::EndsWith(word, "s") && word != "Swiss") return Unresolved();
        if (IsNationalityNoun(word)) {
          const SpeakerRef r = RecentPerson(first - 1, Gender::kUnknown, 0.7f);
          return r.found ? r : Unresolved();
        }
      }
      if (!describes) return Named(fallback, 0.9f);
    }
    if (np_end >= 0) return NounPhrase(np_end, from);
    return {};
  }

  // Whether the noun at `t`, the head of an indefinite phrase a name of
  // `type` is in, is one who speaks for what the name names: a
  // spokesperson or a paper of anyone's ("a Trump campaign spokesman",
  // "according to a Pentagon readout", "a Quinnipiac poll"); an official,
  // a source or a representative of an organisation's or a place's ("a
  // Juventus official").
  bool SpeaksFor(int t, v1::EntityType type) const {
    if (Classes(t) & quotes::kSpokespersonNoun) return true;
    // A paper anyone's ("a Trump campaign statement", "a Kremlin readout").
    if (LowerIsAnyOf(t, {"statement", "readout", "poll", "survey", "report", "memo", "release",
                         "filing", "letter", "email", "ad", "study", "analysis", "editorial",
                         "document", "website"})) {
      return true;
    }
    // Who speaks for an organisation or a place taken for one (the
    // Kremlin, read as a place).
    return (type == v1::ENTITY_TYPE_ORGANIZATION || type == v1::ENTITY_TYPE_LOCATION) &&
           LowerIsAnyOf(t, {"official", "officials", "source", "sources", "representative",
                            "representatives", "spokespeople"});
  }

  // A noun for a player of a team ("striker", "star", "skipper"), after
  // whose club's name the player is meant.
  static bool IsPlayerNoun(const std::string& lower) {
    static const auto* const kNouns = new absl::flat_hash_set<std::string>{
        "star",      "striker",       "midfielder", "defender", "winger",    "goalkeeper",
        "keeper",    "forward",       "captain",    "skipper",  "full-back", "centre-back",
        "playmaker", "player",        "youngster",  "veteran",  "prop",      "flanker",
        "fly-half",  "scrum-half",    "number",     "batsman",  "bowler",    "all-rounder",
        "spinner",   "opener",        "rider",      "driver",   "guard",     "quarterback",
        "pitcher",   "international", "debutant",   "newcomer", "signing",   "loanee"};
    return kNouns->contains(lower);
  }

  // A word for a person of a nation ("American", "Briton", "Spaniard",
  // "Scot"; not "Bible"): the endings of most, and the rest by name.
  static bool IsNationalityNoun(const std::string& word) {
    static const auto* const kWords = new absl::flat_hash_set<std::string>{
        "Briton",     "Brit",     "Scot",     "Dane",        "Swede",    "Spaniard",  "Frenchman",
        "Englishman", "Welshman", "Irishman", "Scotsman",    "Dutchman", "Argentine", "Kiwi",
        "Aussie",     "Pole",     "Finn",     "Turk",        "Greek",    "Czech",     "Thai",
        "Swiss",      "Croat",    "Serb",     "Slovak",      "Israeli",  "Pakistani", "Iraqi",
        "Saudi",      "Somali",   "Kuwaiti",  "Bangladeshi", "Yemeni",   "Omani"};
    if (kWords->contains(word)) return true;
    for (absl::string_view ending : {"an", "ese", "ish"}) {
      if (word.size() > ending.size() + 2 && absl::EndsWith(word, ending)) return true;
    }
    return false;
  }

  // Whether `cue` is a verb whose object is whom it addresses ("told",
  // "warned"): what follows it is never the speaker.
  bool Addresses(const CueMatch& cue) const {
    return cue.end - cue.begin == 1 &&
           LowerIsAnyOf(cue.begin, {"told", "tells", "tell", "asked", "warned", "warn", "urged",
                                    "reminded", "assured"});
  }

  // The speaker of a verb that addresses someone ("Mr Brown is alleged to
  // have told the prime minister:") when a verb group stands between it
  // and the subject: the person named right before the group, who opens
  // the clause or follows a phrase (not the object of a preposition past
  // a title, "a letter to Chancellor Gordon Brown", not a name in a
  // relative clause, "MPs who backed Gordon Brown are said to have told",
  // not an owner, "In Mr Peston's book"). Not in the passive ("Tony Blair
  // was warned:"), which names who heard the words.
  SpeakerRef AddresserBefore(const CueMatch& cue, int clause_start) {
    if (!Addresses(cue) || cue.begin - 1 < clause_start) return {};
    if (LowerIsAnyOf(cue.begin - 1,
                     {"is", "was", "are", "were", "be", "been", "being", "got", "get"})) {
      return {};
    }
    int k = cue.begin - 1;
    while (k >= clause_start && region_of_[k] < 0 && mention_at_[k] < 0 &&
           LowerIsAnyOf(
               k, {"is",         "was",       "are",      "were",     "has",        "have",
                   "had",        "been",      "be",       "to",       "alleged",    "said",
                   "understood", "thought",   "believed", "reported", "reportedly", "known",
                   "expected",   "likely",    "will",     "would",    "could",      "may",
                   "might",      "should",    "must",     "also",     "already",    "then",
                   "later",      "not",       "never",    "once",     "apparently", "allegedly",
                   "privately",  "personally"})) {
      --k;
    }
    if (k == cue.begin - 1 || k < clause_start) return {};
    if (Is(k, ",")) {
      // An aside after the name: "Gordon Brown, the chancellor, is
      // alleged to have told".
      const int named = PersonBeforeComma(k - 1, k - 24, clause_start);
      if (named < 0) return {};
      k = mention_last_[named];
    }
    const int m = mention_at_[k];
    if (m < 0) {
      // "He is alleged to have told", "The chancellor is said to have told".
      const uint32_t c = Classes(k);
      if (c & quotes::kPersonalPronoun) return Pronoun(k, c);
      if (c & quotes::kPersonNoun) return NounPhrase(k, clause_start);
      return {};
    }
    if (TypeOf(m) != v1::ENTITY_TYPE_PERSON || mention_last_[m] != k) return {};
    const int governor = BeforeTitle(BeforeCourtesyTitle(m, clause_start) + 1, clause_start);
    if (governor >= clause_start &&
        ((Classes(governor) & quotes::kPreposition) || Is(governor, "the"))) {
      return {};
    }
    // Not in a relative clause that no comma has closed ("MPs who backed
    // Gordon Brown are said to have told"; not "In his book, which is
    // out today, Robert Peston says Gordon Brown is said to have told").
    for (int j = mention_first_[m] - 1; j >= clause_start && !Is(j, ","); --j) {
      if (region_of_[j] < 0 && (Classes(j) & quotes::kRelativePronoun)) return {};
    }
    return Named(m, 0.8f);
  }

  // The speaker of `cue` in the clause [clause_start, clause_end).
  SpeakerRef SpeakerOf(const CueMatch& cue, int clause_start, int clause_end, int depth = 0) {
    switch (cue.form) {
      case CueForm::kFinite: {
        if (cue.object_end >= 0) return SubjectAfter(cue.begin + 1, cue.object_end);
        SpeakerRef s = SubjectBefore(cue.begin, clause_start);
        if (!s.found) s = AddresserBefore(cue, clause_start);
        // Whom "told" addresses is not who spoke; nor is the name after a
        // verb that words before it are the subject of ("UKIP officials
        // also argue Mr Kilroy-Silk has not been ..."): the subject comes
        // after the verb only where nothing but a comma, a quote or the
        // clause's start is before it ("..., said Trump").
        const int before = cue.begin - 1;
        const bool inverted =
            cue.begin <= clause_start || IsMark(before) || region_of_[before] >= 0 ||
            LowerIsAnyOf(before, {",", "-", "--", "(", "\xe2\x80\x93", "\xe2\x80\x94", "so"});
        if (!s.found && !Addresses(cue) && inverted) s = SubjectAfter(cue.end, clause_end);
        return s;
      }
      case CueForm::kAccordingTo:
        return SubjectAfter(cue.end, clause_end);
      case CueForm::kPossessive:
        return Pronoun(cue.begin + 1, Classes(cue.begin + 1));
      case CueForm::kParticiple:
        break;
    }
    // A participle hangs on the clause before it: its cue's speaker, else
    // the first person (or pronoun) of the sentence.
    for (int k = cue.begin - 1; k >= clause_start && depth < 2; --k) {
      const std::optional<CueMatch> earlier = CueAt(k);
      if (earlier && earlier->end <= cue.begin) {
        return SpeakerOf(*earlier, clause_start, cue.begin, depth + 1);
      }
    }
    return SentenceSubject(clause_start, cue.begin);
  }

  // -------------------------------------------------------------------
  // The attribution rules, in the order they are tried.

  bool StartsSentence(int t) {
    if (t == SentenceStart(t) || t == 0 || ParagraphBreakBefore(t)) return true;
    const std::string& prev = tok_[t - 1].text;
    return prev == "--" || prev == "-" || (prev == "(" && t - 1 == SentenceStart(t));
  }

  // he answered: “...” / The statement added: “...”
  Attribution Colon(const Region& r) {
    const int p = r.open - 1;
    if (p < 0 || !Is(p, ":")) return {};
    const int start = SentenceStart(p);
    for (int k = p - 1; k >= start && k >= p - 30; --k) {
      if (region_of_[k] >= 0) break;
      const std::optional<CueMatch> cue = CueAt(k);
      if (!cue) continue;
      return {Rule::kColon, *cue, SpeakerOf(*cue, start, p), p};
    }
    // No cue ("Trump on Twitter:"): a named speaker right before the colon.
    SpeakerRef s = SubjectBefore(p, std::max(start, p - 6));
    if (s.mention >= 0 || s.entity >= 0) {
      s.certainty *= 0.7f;
      return {Rule::kColon, {}, s, p};
    }
    return {};
  }

  // he said, “...” / said Trump, “...”
  Attribution LeadingCue(const Region& r) {
    int p = r.open - 1;
    if (p < 0) return {};
    const bool comma = Is(p, ",");
    if (comma) --p;
    if (p < 0 || region_of_[p] >= 0) return {};
    const int start = SentenceStart(p);
    for (int k = p; k >= start && k >= p - (comma ? 8 : 3); --k) {
      const std::optional<CueMatch> cue = CueAt(k);
      if (!cue || cue->end > p + 1) continue;
      // In a headline, a verb of naming right before the words is passive
      // ("Baywatch dubbed 'worst TV import'"); in a story's sentence the
      // object comes before it ("what Trump called \"a disgrace\"").
      if (!comma && cue->end == k + 1 && PassiveInHeadline(k, r)) continue;
      if (cue->end - 1 != p) {
        // Words between the cue and the comma: the inverted subject
        // ("said Trump,") or an object ("told reporters,").
        if (!comma || cue->form != CueForm::kFinite) continue;
        bool words = true;
        for (int i = cue->end; i <= p && words; ++i) words = IsWordStart(tok_[i].text);
        if (!words) continue;
      }
      SpeakerRef s;
      if (cue->form == CueForm::kFinite) {
        // The subject after the cue is inverted when the quote goes on
        // after the comma ("“We will win,” warned Michael Howard, “but
        // ...”").
        s = cue->object_end >= 0 ? SubjectAfter(cue->begin + 1, cue->object_end)
                                 : SubjectBefore(cue->begin, start);
        if (!s.found) s = AddresserBefore(*cue, start);
        if (!s.found) s = SubjectAfter(cue->end, p + 1);
      } else {
        s = SpeakerOf(*cue, start, r.open);
      }
      return {Rule::kLeadingCue, *cue, s, p};
    }
    return {};
  }

  // “...,” she said / “...,” said Caddell / “...”, he added.
  Attribution Trailing(const Region& r, bool short_or_title) {
    if (r.close < 0) return {};
    int j = r.after;
    if (j >= n_) return {};
    const std::string& inside = tok_[r.close - 1].text;
    const bool punct_inside = inside == "," || inside == "?" || inside == "!" || inside == "--" ||
                              inside == "-" || inside == "...";
    bool punct_outside = false;
    if (Is(j, ",") || Is(j, "--")) {
      punct_outside = true;
      ++j;
    }
    if (j >= n_ || region_of_[j] >= 0) return {};
    // The next paragraph is not the attribution of a quote that ends its
    // sentence ("...?” ¶ Humphrey said he's hopeful"); after a comma the
    // sentence goes on.
    const bool goes_on = inside == "," || inside == "--" || punct_outside;
    if (ParagraphBreakBefore(j) && !goes_on) return {};
    if (!punct_inside && !punct_outside && sentence_of_[j] != sentence_of_[r.close]) {
      return {};
    }
    if (short_or_title && !punct_inside) return {};
    if (!punct_inside && !punct_outside && !CanStartAttribution(j)) return {};
    int sentence = sentence_of_[j];
    const bool subject_first = CanStartAttribution(j);
    for (int k = j; k < n_ && k < j + 24; ++k) {
      const std::string& s = tok_[k].text;
      if (s == "(") {
        // "Sen. Chuck Schumer (D-N.Y.) said": the tokenizer may end a
        // sentence inside the brackets.
        int close = k + 1;
        while (close < n_ && close < k + 12 && !Is(close, ")")) ++close;
        if (close + 1 < n_ && Is(close, ")")) {
          k = close;
          sentence = sentence_of_[close + 1];
          continue;
        }
      }
      if (sentence_of_[k] != sentence || region_of_[k] >= 0) break;
      // The period of an abbreviation the tokenizer split off ("Mitch
      // McConnell, R-Ky., said") ends nothing.
      if (s == "." && k + 1 < n_ && Is(k + 1, ",") && sentence_of_[k + 1] == sentence) continue;
      if (s == "." || s == ";" || s == "!" || s == "?" || s == ":") break;
      // After a clause that does not open on its subject, a cue past
      // "although", "because", "while" ... is another clause's ("“...?” All
      // the parties are campaigning, although Tony Blair has not
      // confirmed"), not the quote's. After a subject it may be the
      // quote's ("Vucic, while visiting Brussels, told reporters").
      if (k > j && !subject_first && (Classes(k) & quotes::kAdverbial)) break;
      const std::optional<CueMatch> cue = CueAt(k);
      if (!cue) continue;
      if (cue->form == CueForm::kParticiple) break;
      const int clause_end = SentenceEnd(k);
      SpeakerRef speaker;
      if (cue->form != CueForm::kFinite || cue->object_end >= 0) {
        speaker = SpeakerOf(*cue, j, clause_end);
      } else if (k == j) {
        // "“...” suggests that Phoenix ...": the words are the verb's
        // subject, and what follows "that" is no speaker.
        if (cue->end < n_ && Lower(cue->end) == "that") return {};
        speaker = SubjectAfter(cue->end, clause_end);
      } else {
        // Between the quote and the cue there must be its subject ("“...,”
        // the Russian ministry said"), not another clause ("” but argues").
        speaker = SubjectBefore(k, j);
        if (!speaker.found) return {};
      }
      return {Rule::kTrailing, *cue, speaker, std::max(k, cue->end - 1)};
    }
    // A verb the cue table lacks, in the place of one: “...,” she
    // elaborated / “...,” Trump assured Jones / “...,” agrees Michelle
    // Stevens.
    if (!punct_inside) return {};
    if (IsVerbLike(tok_[j].text) && j + 1 < n_ && mention_at_[j + 1] >= 0 &&
        mention_first_[mention_at_[j + 1]] == j + 1 &&
        TypeOf(mention_at_[j + 1]) == v1::ENTITY_TYPE_PERSON) {
      return {Rule::kTrailing,
              {j, j + 1, CueForm::kFinite, true},
              Named(mention_at_[j + 1], 0.8f),
              mention_last_[mention_at_[j + 1]]};
    }
    int np_end = -1;
    if (Classes(j) & quotes::kPersonalPronoun) np_end = j;
    if (mention_at_[j] >= 0 && TypeOf(mention_at_[j]) == v1::ENTITY_TYPE_PERSON) {
      np_end = mention_last_[mention_at_[j]];
    }
    const int verb = np_end + 1;
    if (np_end < 0 || verb >= n_ || !IsVerbLike(tok_[verb].text)) return {};
    const int next = verb + 1;
    const bool clause_ends = next >= n_ || ClosesBefore(tok_[next].text) ||
                             (next + 1 < n_ && ClosesBefore(tok_[next + 1].text));
    if (!clause_ends) return {};
    SpeakerRef speaker = SubjectBefore(verb, j);
    if (!speaker.found) return {};
    speaker.certainty *= 0.8f;
    return {Rule::kTrailing, {verb, verb + 1, CueForm::kFinite, true}, speaker, verb};
  }

  // A lower-case word that looks like a verb in the past or present tense.
  static bool IsVerbLike(const std::string& w) {
    if (w.size() < 4 || !absl::ascii_islower(static_cast<unsigned char>(w[0]))) return false;
    for (char c : w) {
      if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) return false;
    }
    return absl::EndsWith(w, "ed") || (w.back() == 's' && !absl::EndsWith(w, "ss"));
  }

  // Whether token `t` can open an attribution that follows a quote with no
  // comma: a cue, a name, a pronoun or a determiner ("” she said", "” said
  // Trump"), not a conjunction ("” and said").
  bool CanStartAttribution(int t) const {
    if (mention_at_[t] >= 0 || CueAt(t)) return true;
    return (Classes(t) & (quotes::kPersonalPronoun | quotes::kDefinite | quotes::kIndefinite |
                          quotes::kPossessivePronoun)) != 0;
  }

  // A quote signed with a dash and a name that ends the line (“...” ―
  // Sonya Herridge), as in collected reactions.
  Attribution DashSignature(const Region& r) {
    if (r.close < 0) return {};
    const int j = r.after;
    if (j + 1 >= n_ || !(Is(j, "--") || Is(j, "-")) || tok_[j].newlines_before > 0) return {};
    const int m = mention_at_[j + 1];
    if (m < 0 || mention_first_[m] != j + 1 || TypeOf(m) != v1::ENTITY_TYPE_PERSON) return {};
    int end = mention_last_[m] + 1;
    if (end < n_ && Is(end, ".")) ++end;
    if (end < n_ && tok_[end].newlines_before == 0) return {};
    return {Rule::kTrailing, {}, Named(m, 0.9f), end - 1};
  }

  // Zorana Mihajlovic said earlier that Sergei Lavrov “abuses ...”
  Attribution MixedBefore(const Region& r) {
    const int start = SentenceStart(r.open);
    if (r.open == start) return {};
    // The nearest reporting verb whose speaker can be named, a plain one
    // ("said") before a weak one ("called", "described"); a verb inside
    // the reported clause ("said the world lost a voice that said “...”")
    // gives way to the one that reports it.
    Attribution best;
    int rank = 0;  // 1 weak, unnamed; 2 plain, unnamed; 3 weak, named; 4 plain, named
    // A clause of its own after a comma and "while", "but" ... ('The Lib
    // Dems said the plan was risky, while Labour criticised "extravagant"
    // promises'): a cue before it is not the quote's; the clause's own
    // cue, with its subject, is. Not an aside ("said the plan, while
    // costly, was \"extravagant\""): only the last comma before the
    // quote counts.
    int clause = start;
    for (int k = r.open - 2; k > start; --k) {
      if (region_of_[k] >= 0) break;
      if (!Is(k, ",")) continue;
      // A contrast ("while", "whereas", "but"), not a clause of reason or
      // concession ("Mr Cook said, because the attorney general's advice
      // should be an \"independent legal opinion\"", which the verb before
      // may report), with a subject of its own: a name, a pronoun or a
      // determiner after the conjunction, not "that" ("but now said", "but
      // that it had" go on with the subject before).
      const bool subject =
          k + 2 < r.open && Lower(k + 2) != "that" &&
          (mention_at_[k + 2] >= 0 ||
           (Classes(k + 2) & (quotes::kDefinite | quotes::kIndefinite | quotes::kPersonalPronoun |
                              quotes::kPossessivePronoun)));
      if (subject && LowerIsAnyOf(k + 1, {"while", "whereas", "but"})) clause = k + 2;
      break;
    }
    // A contrasting clause with no cue of its own ("Mr Blair said the army
    // was stretched, but the troops were \"coping well\"") is reported by
    // the cue before it.
    for (const int from : {clause, start}) {
      for (int k = r.open - 1; k >= from && rank < 4; --k) {
        if (region_of_[k] >= 0) continue;
        const std::optional<CueMatch> cue = CueAt(k);
        if (!cue || cue->end > r.open) continue;
        // A verb of naming right before the words, with no object between,
        // is passive: "Baywatch dubbed 'worst TV import'" says what the show
        // was called, by others.
        if (cue->end == r.open && cue->end == k + 1 && NamesWhatWasCalled(k)) continue;
        if (PassiveInHeadline(k, r)) continue;
        const SpeakerRef speaker = SpeakerOf(*cue, from, r.open);
        const int this_rank = (speaker.entity >= 0 ? 3 : 1) + (cue->weak ? 0 : 1);
        if (this_rank > rank) {
          rank = this_rank;
          best = {Rule::kMixedBefore, *cue, speaker, cue->end - 1};
        }
      }
      if (rank > 0 || from == start) break;
    }
    return best;
  }

  // its “arm-twisting” style is wrong, she said.
  Attribution MixedAfter(const Region& r) {
    if (r.close < 0) return {};
    const int end = SentenceEnd(r.close);
    // A conjunction after a comma opens a clause of its own, whose verb
    // reports something else, and the rest of the sentence is that clause:
    // in 'the Tories dismissed the plan as "desperate", while the Liberal
    // Democrats said it was misdirected', the Liberal Democrats did not say
    // "desperate".
    for (int k = r.after; k < end; ++k) {
      if (region_of_[k] >= 0) return {};
      if (!Is(k, ",")) continue;
      if (k + 1 < end && ((Classes(k + 1) & quotes::kAdverbial) || Lower(k + 1) == "but" ||
                          Lower(k + 1) == "and")) {
        return {};
      }
      for (int c = k + 1; c < end && c < k + 10; ++c) {
        if (region_of_[c] >= 0) return {};
        const std::optional<CueMatch> cue = CueAt(c);
        if (!cue) continue;
        // Only the subject may follow an inverted cue ("..., said Steve
        // Elmendorf, deputy campaign manager for ..."); else a few words.
        if (cue->form != CueForm::kFinite || end - cue->end > (c == k + 1 ? 24 : 7)) break;
        bool closes = true;
        for (int i = cue->end; i < end && closes; ++i) {
          closes = region_of_[i] < 0 && Lower(i) != "that";
        }
        if (!closes) break;
        SpeakerRef s = cue->object_end >= 0 ? SubjectAfter(cue->begin + 1, cue->object_end)
                       : c == k + 1         ? SubjectAfter(cue->end, end)
                                            : SubjectBefore(c, k + 1);
        return {Rule::kMixedAfter, *cue, s, cue->end - 1};
      }
    }
    return {};
  }

  // A quote opening a sentence soon after an attributed quote, with nobody
  // else named in the sentences between (names in the attribution's own
  // sentence, "said Dino Spencer, who runs the gym named for Ali", do not
  // count), goes on with the same speaker.
  Attribution Continuation(const Region& r) {
    if (last_speaker_end_ < 0 || !last_speaker_.found) return {};
    const int attribution_sentence = sentence_of_[last_speaker_end_];
    if (sentence_of_[r.open] - attribution_sentence > 2) return {};
    for (int t = last_speaker_end_ + 1; t < r.open; ++t) {
      const int m = mention_at_[t];
      if (m >= 0 && region_of_[t] < 0 && TypeOf(m) == v1::ENTITY_TYPE_PERSON &&
          EntityOf(m) != last_speaker_.entity && sentence_of_[t] != attribution_sentence) {
        return {};
      }
    }
    SpeakerRef s = last_speaker_;
    s.mention = -1;
    s.certainty *= 0.8f;
    return {Rule::kContinuation, {}, s, -1};
  }

  // A quote opening the sentence after reported speech ("Vučić said on
  // Tuesday that ... . “We will ...”"), or after a sentence about someone
  // ("Valastro praised Christie's leadership ... . “We need ...”"), is
  // that person's: the reporting verb's subject, else the sentence's.
  Attribution PreviousSentence(const Region& r) {
    const int s = sentence_of_[r.open];
    if (s == 0) return {};
    const Sentence& prev = sentences_[s - 1];
    // A question's reporting verb is not who answers it ("..., as former
    // member Robert Kilroy-Silk once notoriously declared? “No. The aim of
    // UKIP is ...”", BBC politics/267).
    const bool question = prev.end > prev.begin && Is(prev.end - 1, "?");
    for (int k = prev.begin; k < prev.end && !question; ++k) {
      if (region_of_[k] >= 0) return {};
      const std::optional<CueMatch> cue = CueAt(k);
      if (!cue || cue->form != CueForm::kFinite) continue;
      // Who heard the words ("she was told") did not say the next ones.
      if (HeardNotSaid(*cue)) break;
      SpeakerRef speaker = SpeakerOf(*cue, prev.begin, prev.end);
      if (speaker.entity < 0 && k > prev.begin && Is(k - 1, ",")) {
        // "..., said Mr Thomas.": the subject after the cue, inverted,
        // ending the sentence (not "..., said Gordon Brown would stay").
        int at = cue->end;
        if (at + 1 < prev.end && mention_at_[at] < 0 && IsCourtesyTitle(tok_[at].text)) ++at;
        const int m = at < prev.end ? mention_at_[at] : -1;
        const int next = m >= 0 ? mention_last_[m] + 1 : -1;
        if (m >= 0 && TypeOf(m) == v1::ENTITY_TYPE_PERSON && next < prev.end &&
            IsTerminal(tok_[next].text)) {
          speaker = Named(m);
        }
      }
      if (speaker.entity < 0) break;
      speaker.certainty *= 0.6f;
      return {Rule::kPreviousSentence, {}, speaker, -1};
    }
    if (question) return {};
    for (int k = prev.begin; k < prev.end && k < prev.begin + 8; ++k) {
      const int m = mention_at_[k];
      if (m < 0 || TypeOf(m) != v1::ENTITY_TYPE_PERSON) continue;
      if (k > 0 && (Classes(k - 1) & quotes::kPreposition)) continue;
      return {Rule::kPreviousSentence, {}, Named(m, 0.4f), -1};
    }
    return {};
  }

  // A quoted fragment in a clause whose subject is a person, with a verb
  // the cue table lacks ("Weaver dismissed that suggestion as a sign of a
  // campaign in “disarray.”"): the subject's, with little confidence.
  // Not in a headline but after a verb of attack or saying, since a
  // headline's name before a quote is mostly whom the words are about
  // ("Wilkinson return 'unlikely'", "Jackson film 'absolute disaster'"),
  // nor where the words are what the subject was called ("Baywatch dubbed
  // 'worst TV import'").
  Attribution ClauseSubject(const Region& r) {
    const bool headline = InHeadline(r.open);
    const int start = SentenceStart(r.open);
    for (int k = start; k < r.open; ++k) {
      if (region_of_[k] >= 0) continue;
      const int m = mention_at_[k];
      const uint32_t c = Classes(k);
      const bool pronoun = (c & quotes::kPersonalPronoun) && Lower(k) != "it" && Lower(k) != "i";
      if (!pronoun && (m < 0 || TypeOf(m) != v1::ENTITY_TYPE_PERSON)) continue;
      if (k > start && (Classes(k - 1) & (quotes::kPreposition | quotes::kSubordinator))) continue;
      const int after = pronoun ? k + 1 : mention_last_[m] + 1;
      if (after >= r.open ||
          !absl::ascii_islower(static_cast<unsigned char>(tok_[after].text[0]))) {
        return {};
      }
      if (after + 1 == r.open && NamesWhatWasCalled(after)) return {};
      // In a headline, only a verb of attack or saying makes the name
      // before it the speaker ("Howard attacks Labour 'lies'"); a noun does
      // not ("Wilkinson return 'unlikely'", "Jackson film 'absolute
      // disaster'").
      if (headline && !CueAt(after) &&
          !LowerIsAnyOf(
              after, {"attacks", "slams", "blasts", "hits", "backs", "rejects", "dismisses",
                      "denies", "defends", "praises", "condemns", "attacked", "slammed", "rejected",
                      "dismissed", "denied", "defended", "praised", "condemned"})) {
        return {};
      }
      SpeakerRef s = pronoun ? Pronoun(k, c) : Named(m);
      s.certainty *= 0.7f;
      if (s.entity < 0) return {};
      return {Rule::kClauseSubject, {}, s, after};
    }
    return {};
  }

  int WordCount(const Region& r) const {
    int words = 0;
    for (int t = r.first; t <= r.last; ++t) words += IsWordStart(tok_[t].text);
    return words;
  }

  // A name in quotation marks ("Novosti", “Hannity”, “All Right Now”): a
  // few words, each capitalised but for small ones, no final punctuation.
  bool LooksLikeTitle(const Region& r, int words) const {
    if (words > 5 || words == 0) return false;
    for (int t = r.first; t <= r.last; ++t) {
      const std::string& s = tok_[t].text;
      if (!IsWordStart(s)) {
        if (s == "," && t == r.last) continue;
        if (s == "-" || s == "&" || s == "'s" || s == ":") continue;
        return false;
      }
      const unsigned char c = static_cast<unsigned char>(s[0]);
      if (absl::ascii_isupper(c) || absl::ascii_isdigit(c) || c >= 0x80) continue;
      if (quotes::WordClasses(absl::AsciiStrToLower(s)) & quotes::kTitleWord) continue;
      return false;
    }
    return true;
  }

  struct Decision {
    Attribution attribution;
    bool keep = false;
    bool direct = true;
  };

  // A transcript's turn: the words open on the speaker's surname in
  // capitals and a colon ("\"WALLACE: If I may, sir ..." of a Fox News
  // interview in PolNeAR, whose "\"PENCE: Well, look, ..." turns are the
  // guest's): the person of the document with that surname, or none when
  // the document names no such person. Not an interviewer's "Q:".
  Attribution TranscriptTurn(const Region& r) const {
    if (r.first + 1 > r.last || !Is(r.first + 1, ":")) return {};
    const std::string& label = tok_[r.first].text;
    if (label.size() < 2 || !text::InCapitals(label)) return {};
    for (const char c : label) {
      if (!absl::ascii_isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '\'') return {};
    }
    const std::string lower = absl::AsciiStrToLower(label);
    for (int e = 0; e < a_->entities_size(); ++e) {
      const v1::Entity& entity = a_->entities(e);
      if (entity.type() != v1::ENTITY_TYPE_PERSON) continue;
      const std::string name = absl::AsciiStrToLower(entity.name());
      const size_t space = name.rfind(' ');
      if ((space == std::string::npos ? name : name.substr(space + 1)) == lower) {
        // The label is the turn's cue: the long quote it is a piece of
        // keeps its own speaker for it.
        return {Rule::kColon,
                {r.first, r.first + 2, CueForm::kFinite, false},
                OfEntity(e, 0.9f),
                r.first + 1};
      }
    }
    return {};
  }

  Decision Decide(int index) {
    const Region& r = regions_[index];
    Decision d;
    // A single mark left open was an apostrophe.
    if (!r.is_double && r.close < 0 && !r.reopened) return d;
    const int words = WordCount(r);
    if (words == 0) return d;
    const bool title = LooksLikeTitle(r, words) && !StartsSentence(r.open);
    // A title after a preposition or an owner names a work or a show, and
    // nobody said it: "On this weekend's broadcast of “Fox News Sunday,”
    // Gov. Mike Pence said", "on CNN's “State of the Union”".
    if (title && r.open > 0 &&
        ((Classes(r.open - 1) & quotes::kPreposition) || Is(r.open - 1, "'s") ||
         Is(r.open - 1, "\xe2\x80\x99s"))) {
      return d;
    }
    const bool small = words <= 2 || title;
    const bool opens = StartsSentence(r.open);
    Attribution a = TranscriptTurn(r);
    if (a.rule == Rule::kNone) a = Colon(r);
    if (a.rule == Rule::kNone) a = LeadingCue(r);
    // "The report adds “...,” said David Bloom": a person named right
    // after the words speaks them, not what a cue before them was resolved
    // to without a name of its own (the report's last speaker, BBC
    // business/482).
    if (a.rule == Rule::kLeadingCue && a.speaker.mention < 0) {
      // Only a cue right after the quote, before its subject ("," said
      // David Bloom"): not one of the next sentence ("Who will pay?" Tony
      // Blair said ...).
      const Attribution trailing = Trailing(r, small);
      if (trailing.rule != Rule::kNone && trailing.speaker.mention >= 0 &&
          TypeOf(trailing.speaker.mention) == v1::ENTITY_TYPE_PERSON &&
          trailing.cue.begin >= r.after && trailing.cue.begin <= r.after + 1 &&
          mention_first_[trailing.speaker.mention] > trailing.cue.begin) {
        a = trailing;
      }
    }
    if (a.rule == Rule::kNone) a = Trailing(r, small);
    if (a.rule == Rule::kNone && opens) a = DashSignature(r);
    if (a.rule == Rule::kNone && !title) a = MixedBefore(r);
    if (a.rule == Rule::kNone && !title) a = MixedAfter(r);
    if (a.rule == Rule::kNone && !small && opens) a = Continuation(r);
    if (a.rule == Rule::kNone && !small && opens) a = PreviousSentence(r);
    if (a.rule == Rule::kNone && !title && !opens) a = ClauseSubject(r);
    if (a.cue.begin >= 0 && HeardNotSaid(a.cue)) a.speaker = Unresolved();
    const bool in_long_quote = r.reopened || r.group != index;
    d.keep = a.rule != Rule::kNone || (!small && opens) || in_long_quote;
    d.direct = a.rule == Rule::kColon || a.rule == Rule::kLeadingCue ||
               a.rule == Rule::kContinuation || a.rule == Rule::kNone ||
               a.rule == Rule::kPreviousSentence || (a.rule == Rule::kTrailing && opens);
    d.attribution = a;
    if (a.speaker.entity >= 0) {
      last_speaker_ = a.speaker;
      last_speaker_end_ = std::max(a.end_token, r.after - 1);
    }
    return d;
  }

  // -------------------------------------------------------------------
  // Reported speech: what someone said, without quotation marks.

  // Whether the cue at `cue` reports a clause ("said", "told ... that",
  // "warned"), not a manner or a reply alone ("shouted", "answered").
  bool ReportsAClause(const CueMatch& cue) const {
    if (cue.weak || cue.object_end >= 0 || cue.end - cue.begin != 1) return false;
    return LowerIsAnyOf(
        cue.begin,
        {"said",       "says",       "say",       "told",      "tells",        "added",
         "adds",       "stated",     "states",    "claimed",   "claims",       "insisted",
         "insists",    "argued",     "argues",    "noted",     "notes",        "stressed",
         "stresses",   "warned",     "warns",     "announced", "announces",    "confirmed",
         "explained",  "explains",   "admitted",  "admits",    "acknowledged", "acknowledges",
         "declared",   "declares",   "asserted",  "asserts",   "contended",    "contends",
         "alleged",    "alleges",    "conceded",  "concedes",  "emphasised",   "emphasized",
         "emphasises", "emphasizes", "suggested", "suggests",  "pledged",      "pledges",
         "reiterated", "predicted",  "predicts",  "wrote",     "writes",       "assured",
         "assures",    "reminded",   "indicated", "indicates", "concluded",    "concludes",
         "recalled",   "recalls"});
  }

  // Whether the sentence's words from `first` to `last` can be what was
  // said: a clause, three words or more with a verb of tense among its
  // first twelve (an auxiliary or modal, a word in -ed, or one in -s right
  // after a name or "he", "she", "it", an adverb between): "Moscow
  // understands ...", "the pressure will increase", not "her resignation
  // on Monday" or "the award-winning musical Spend Spend Spend".
  bool IsClause(int first, int last, bool after_that = false) const {
    // After "that" a clause may open on any noun ("that talks will go on").
    const bool opens = after_that
                           ? IsWordStart(tok_[first].text) &&
                                 !(Classes(first) & (quotes::kPreposition | quotes::kSubordinator))
                           : OpensAClause(first);
    if (last - first < 2 || !opens) return false;
    int words = 0;
    bool verb = false;
    for (int t = first; t <= last; ++t) {
      const std::string& text = tok_[t].text;
      const std::string w = Lower(t);
      const bool lower = absl::ascii_islower(static_cast<unsigned char>(text[0]));
      if (t < first + 12) {
        // "'s" is as often an owner's as "is": not counted.
        verb = verb || LowerIsAnyOf(
                           t, {"is",     "was",  "are",   "were", "be",    "been",  "being",  "am",
                               "has",    "have", "had",   "will", "would", "could", "should", "can",
                               "cannot", "may",  "might", "must", "shall", "do",    "does",   "did",
                               "'re",    "'ve",  "'ll",   "'d",   "n't"});
        // A verb's common irregular past ("sales rose"), not a relative
        // clause's ("the fans who came").
        verb = verb || (lower && IsIrregularPast(w) && t > first &&
                        !(Classes(t - 1) & quotes::kRelativePronoun));
        // A word in -ed after no determiner or preposition ("into advanced
        // age" has none).
        verb = verb || (w.size() >= 4 && lower && absl::EndsWith(w, "ed") && t > first &&
                        !(Classes(t - 1) & (quotes::kDefinite | quotes::kIndefinite |
                                            quotes::kPreposition | quotes::kPossessivePronoun)));
        if (t > first && w.size() >= 3 && lower && absl::EndsWith(w, "s") &&
            !absl::EndsWith(w, "ss")) {
          int p = t - 1;
          if (p > first && MannerAdverb(tok_[p].text)) --p;
          verb = verb || mention_at_[p] >= 0 || LowerIsAnyOf(p, {"he", "she", "it"}) ||
                 absl::ascii_isupper(static_cast<unsigned char>(tok_[p].text[0]));
        }
      }
      if (IsWordStart(text)) ++words;
    }
    return words >= 3 && verb;
  }

  // Common irregular pasts that are no other word's form, participles
  // included ("rose", "fell", "grew"; not "cut" or "set", nor "made" or
  // "lost", participles too: "plans made last year").
  static bool IsIrregularPast(absl::string_view lower) {
    for (absl::string_view w :
         {"rose", "fell", "grew", "went", "came", "took", "gave", "began", "became", "ran", "knew",
          "drove", "broke", "sank", "shrank", "wrote", "spoke", "chose"}) {
      if (lower == w) return true;
    }
    return false;
  }

  // Whether a clause can open at `t`: a name or a capitalised word, a
  // pronoun, a determiner, a number, a word such as "there", "none" or
  // "most", or a plural noun before its verb ("said taxes would not rise",
  // "said sales rose"); not a preposition or a subordinator ("as he
  // launched").
  bool OpensAClause(int t) const {
    const std::string& text = tok_[t].text;
    if (!IsWordStart(text)) return false;
    const unsigned char c0 = static_cast<unsigned char>(text[0]);
    if (absl::ascii_isupper(c0) || absl::ascii_isdigit(c0) || mention_at_[t] >= 0) return true;
    const std::string lower = Lower(t);
    if (lower.size() >= 4 && absl::EndsWith(lower, "s") && !absl::EndsWith(lower, "ss") &&
        t + 1 < n_ && !(Classes(t) & (quotes::kPreposition | quotes::kSubordinator)) &&
        (LowerIsAnyOf(t + 1, {"were", "are", "had", "have", "will", "would", "could", "should",
                              "may", "might", "must", "can", "cannot"}) ||
         IsIrregularPast(Lower(t + 1)))) {
      return true;
    }
    if (Classes(t) & (quotes::kPersonalPronoun | quotes::kDefinite | quotes::kIndefinite |
                      quotes::kPossessivePronoun)) {
      return Lower(t) != "that";
    }
    return LowerIsAnyOf(
        t, {"there",     "no",      "all",      "most",  "some", "none",    "many",   "few",
            "several",   "both",    "each",     "every", "any",  "nothing", "nobody", "everyone",
            "everybody", "someone", "somebody", "it",    "this", "these",   "those",  "such",
            "more",      "less",    "only",     "even",  "its",  "their",   "his",    "her",
            "our",       "my",      "your",     "we",    "they", "you"});
  }

  // Whether "not", "never" or a modal comes before the cue ("did not say",
  // "could say", "refused to say"): nothing was said.
  bool NotSaid(int cue, int begin) const {
    for (int k = cue - 1; k >= begin && k >= cue - 3; --k) {
      if (LowerIsAnyOf(k, {"not", "n't", "never", "could", "would", "will", "may", "might", "can",
                           "cannot", "should", "must", "did", "does", "do", "to", "wo", "ca"})) {
        return true;
      }
      if (!SkipsBeforeCue(k)) break;
    }
    return false;
  }

  // Whether organisation or place mention `m` opens the title of a person
  // named by `last` ("BP chief executive John Browne", "Foreign Ministry
  // spokeswoman Maria Zakharova"): title words, then the person.
  bool PersonAfterTitle(int m, int last) const {
    const v1::EntityType type = TypeOf(m);
    if (type != v1::ENTITY_TYPE_ORGANIZATION && type != v1::ENTITY_TYPE_LOCATION) return false;
    const int from = mention_last_[m] + 1;
    int t = from;
    while (t <= last && t < from + 6 && mention_at_[t] < 0) ++t;
    if (t == from || t > last || mention_at_[t] < 0 ||
        TypeOf(mention_at_[t]) != v1::ENTITY_TYPE_PERSON) {
      return false;
    }
    // At least one word of a title or office between them.
    bool titled = false;
    for (int k = from; k < t; ++k) {
      titled = titled || (Classes(k) & (quotes::kPersonNoun | quotes::kSpokespersonNoun |
                                        quotes::kTitleWord)) != 0;
    }
    return titled && TitleBefore(from, t);
  }

  // Whether the words from `from` to `to` can stand before a speaker's name
  // after the cue: a title and what it is of ("said the Russian ambassador
  // to Serbia Alexander ..."), no clause ("the minister who met ...").
  bool TitleBefore(int from, int to) const {
    for (int k = from; k < to; ++k) {
      if (mention_at_[k] >= 0) continue;
      const std::string& text = tok_[k].text;
      if (absl::ascii_isupper(static_cast<unsigned char>(text[0]))) continue;
      const uint32_t c = Classes(k);
      if ((c & (quotes::kPersonNoun | quotes::kSpokespersonNoun | quotes::kTitleWord |
                quotes::kDefinite | quotes::kIndefinite)) &&
          !(c & quotes::kRelativePronoun)) {
        continue;
      }
      if (LowerIsAnyOf(k, {"to", "of", "for", "-", "'s"})) continue;
      return false;
    }
    return true;
  }

  // The name that the reporting verb at `cue` has for its subject: a name
  // right before it (past "also", "has"), or before a description set off
  // by commas ("Joyce, an attorney in Illinois, told"), that no preposition
  // or owner comes before ("Critics of Angela Merkel said", "a spokesman
  // for Merkel said", "Chepkemei's company said" are not hers); a pronoun
  // resolved as for quotes. Unset when the subject is a description.
  // Whether tokens [from, to) are a plain noun phrase ("The Kremlin's
  // spokesman", "One Republican presidential hopeful"): no preposition,
  // relative or subordinating word, no participle ("representing").
  bool PlainDescription(int from, int to) const {
    for (int t = from; t < to; ++t) {
      if ((Classes(t) &
           (quotes::kPreposition | quotes::kRelativePronoun | quotes::kSubordinator)) ||
          LowerIsAnyOf(t, {"of", "for", "to", "with", "by", "from", "about", "against"})) {
        return false;
      }
      const std::string& w = tok_[t].text;
      if (w.size() > 4 && absl::ascii_islower(static_cast<unsigned char>(w[0])) &&
          (absl::EndsWith(w, "ing") || absl::EndsWith(w, "ed"))) {
        return false;
      }
    }
    return true;
  }

  SpeakerRef SubjectName(int cue, int begin) {
    int k = cue - 1;
    while (k >= begin && SkipsBeforeCue(k)) --k;
    if (k < begin) return {};
    const uint32_t c = Classes(k);
    if (c & quotes::kPersonalPronoun) {
      // "he said", not "who said" and not after a name ("Merkel she said").
      if (k > begin && (Classes(k - 1) & quotes::kRelativePronoun)) return {};
      SpeakerRef s = Pronoun(k, c);
      s.mention = -1;
      return s;
    }
    int m = -1;
    if (Is(k, ",") || Is(k, ")")) {
      int open = k - 1;
      while (open > begin && open > k - 24 && !Is(open, ",") && !Is(open, "(")) --open;
      if (open < begin || (!Is(open, ",") && !Is(open, "("))) return {};
      // A name between the commas is the subject's, in apposition ("One
      // hopeful, Carly Fiorina, said"; "Carter's press secretary, Peter
      // Cook, said").
      // Not where the description holds another noun the name may be
      // ("Relatives of the pilot, John Smith, said").
      const int inside = mention_at_[open + 1];
      if (Is(open, ",") && Is(k, ",") && inside >= 0 && mention_first_[inside] == open + 1 &&
          mention_last_[inside] == k - 1 && TypeOf(inside) == v1::ENTITY_TYPE_PERSON) {
        return PlainDescription(begin, open) ? Named(inside) : SpeakerRef{};
      }
      if (open <= begin) return {};
      // A person's relative clause ("Chris Cox, who runs the NRA's
      // lobbying arm, said"): hers; a cue inside one ends the search
      // before this one is reached.
      // Past an age ("Woodrow Benford, 58, who lives ..., says").
      const int owner = PastAge(open - 1, begin);
      m = mention_at_[owner];
      if (m >= 0 && mention_last_[m] != owner) m = -1;
      // A person's home ("Jane Doe, of Ashton, Md., who ..."), or a
      // description with commas of its own after the name ("Scott Pruitt,
      // the attorney general of Oklahoma, one of the states suing the EPA,
      // said"): the person.
      if (m < 0 || TypeOf(m) != v1::ENTITY_TYPE_PERSON) {
        int person = PersonBeforeHome(owner, begin);
        if (person < 0 && Is(open, ",") && !(Classes(open + 1) & quotes::kRelativePronoun)) {
          person = PersonBeforeComma(open - 1, k - 32, begin);
        }
        if (person >= 0) return Named(person);
      }
      // The person must be the subject ("Lawyers representing John Smith,
      // who denies it, said" are not his).
      if ((Classes(open + 1) & quotes::kRelativePronoun) &&
          !(Lower(open + 1) == "who" && m >= 0 && TypeOf(m) == v1::ENTITY_TYPE_PERSON &&
            PlainDescription(begin, mention_first_[m]))) {
        return {};
      }
    } else {
      m = mention_at_[k];
      if (m >= 0 && mention_last_[m] != k) m = -1;
    }
    if (m < 0 || TypeOf(m) == v1::ENTITY_TYPE_MISC) return {};
    // A title the document gave a person, written whole with its
    // organisation as the subject: "The official representative of the
    // Russian Foreign Ministry also stressed" (seed 001, which titled
    // Zakharova so).
    if (TypeOf(m) == v1::ENTITY_TYPE_ORGANIZATION) {
      for (int t = begin; t < mention_first_[m]; ++t) {
        if (Lower(t) != "the") continue;
        const int holder = TitleHolder(t + 1, mention_last_[m]);
        if (holder >= 0) return OfEntity(holder, 0.9f);
      }
    }
    int before = mention_first_[m] - 1;
    // Past an article: "those polled for the Sunday Times said".
    if (before > begin && LowerIsAnyOf(before, {"the", "a", "an"})) --before;
    // An organisation's spokesperson speaks for it ("A spokesperson for
    // the San Francisco Police Department said").
    // But the person the spokesperson is, named before ("Patricia
    // Sanders, spokeswoman for the Disaster Emergency Committee said").
    if (before > begin && TypeOf(m) == v1::ENTITY_TYPE_ORGANIZATION &&
        LowerIsAnyOf(before, {"for", "of", "at"}) &&
        (Classes(before - 1) & quotes::kSpokespersonNoun)) {
      int comma = before - 2;
      if (comma > begin && LowerIsAnyOf(comma, {"a", "the"})) --comma;
      if (comma > begin && Is(comma, ",")) {
        const int person = mention_at_[comma - 1];
        if (person >= 0 && mention_last_[person] == comma - 1 &&
            TypeOf(person) == v1::ENTITY_TYPE_PERSON) {
          return Named(person);
        }
      }
      return Named(m);
    }
    // Nor the subject of a clause inside ("when Ireland conceded").
    if (before >= begin &&
        ((Classes(before) &
          (quotes::kPreposition | quotes::kRelativePronoun | quotes::kSubordinator)) ||
         IsPossessive(before) || LowerIsAnyOf(before, {"of", "for", "by", "with", "from"}))) {
      return {};
    }
    return Named(m);
  }

  // Whether reported speech can be given to `speaker`: an entity that is
  // no MISC name ("half of GOP primary voters said" is no one's), named
  // in the clause or resolved surely (a pronoun given to whoever spoke
  // last was right a quarter of the time on PolNeAR's training articles).
  bool Speaks(const SpeakerRef& speaker) const {
    return speaker.entity >= 0 && a_->entities(speaker.entity).type() != v1::ENTITY_TYPE_MISC &&
           (speaker.mention >= 0 || speaker.certainty >= 0.8f);
  }

  // The end of what was said from `first`: before a semicolon, colon, dash
  // or bracket, which start another clause or an aside.
  int ContentEnd(int first, int last) const {
    for (int t = first; t <= last; ++t) {
      if (Is(t, ";") || Is(t, ":") || Is(t, "--") || Is(t, "-") || Is(t, "(") ||
          tok_[t].text == "\xe2\x80\x94") {
        return t - 1;
      }
      // A comma before another clause: ", and the downgrade ...", ", but
      // offered no proof", ", which ...", ", arguing that ...".
      if (Is(t, ",") && t + 1 <= last &&
          (LowerIsAnyOf(t + 1, {"and", "but", "although", "though", "while", "whereas", "which",
                                "who", "because", "so", "yet"}) ||
           (absl::ascii_islower(static_cast<unsigned char>(tok_[t + 1].text[0])) &&
            absl::EndsWith(tok_[t + 1].text, "ing")))) {
        return t - 1;
      }
    }
    return last;
  }

  static bool TimeWord(absl::string_view lower) {
    for (absl::string_view w :
         {"yesterday", "today", "tonight", "recently", "earlier", "later", "last", "this", "monday",
          "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}) {
      if (lower == w) return true;
    }
    return false;
  }

  // CueAt for a word in lower case, as every cue starts; the others are
  // passed without a lookup.
  std::optional<CueMatch> LowerCueAt(int t) const {
    if (!absl::ascii_islower(static_cast<unsigned char>(tok_[t].text[0]))) return std::nullopt;
    return CueAt(t);
  }

  struct Reported {
    int first = -1, last = -1;  // the content, as tokens
    Attribution attribution;
  };

  // Whether token `t` opens a subordinate clause ("If", "Although",
  // "While", ...).
  bool OpensSubordinate(int t) const {
    return (Classes(t) & quotes::kSubordinator) ||
           LowerIsAnyOf(t, {"although", "though", "while", "if", "unless", "because", "after",
                            "before", "since", "once", "whereas", "as", "when"});
  }

  // "The pressure on Serbia will increase, said the Russian ambassador." /
  // "..., the ministry said on Monday." / "..., according to Reuters.":
  // the words before the last comma, reported by a short clause after it
  // that ends the sentence: a verb of saying and the speaker's name,
  // either way round, and when or where at most. Or such a clause between
  // commas inside the sentence ("The emails were on many topics, the
  // Times said, including ..."): the words before it.
  Reported TrailingReport(int begin, int last) {
    int c = last - 1;
    while (c >= begin + 3 && c >= last - 14 && !Is(c, ",")) --c;
    if (c >= begin + 3 && c >= last - 14 && Is(c, ",")) {
      if (Reported r = ReportAfterComma(begin, c, last); r.first >= 0) return r;
    }
    // Not after a subordinate clause alone ("But if measured at 65
    // instead, the PPI said, a worker will live to 81"): what was said
    // goes on after the report.
    const int opener = LowerIsAnyOf(begin, {"but", "and", "yet", "so"}) ? begin + 1 : begin;
    if (OpensSubordinate(opener) && Lower(opener) != "that") return {};  // "That is ..."
    // Nor where the words before it are no clause of their own: opened by
    // a participle, a time or a question word ("Asked whether he would
    // quit, Blair said, ..."; "Earlier this month, Microsoft said, ...";
    // "What this means, said Jolna, is ...").
    const std::string opening = Lower(opener);
    if ((TimeWord(opening) && opening != "this" && opening != "today" && opening != "tonight") ||
        LowerIsAnyOf(opener, {"what", "how", "why", "where", "whether", "which", "who"}) ||
        (mention_at_[opener] < 0 && opening.size() > 4 &&
         (absl::EndsWith(opening, "ing") || absl::EndsWith(opening, "ed")))) {
      return {};
    }
    for (c = begin + 3; c + 3 < last; ++c) {
      if (!Is(c, ",")) continue;
      // Nor where they stop on a word that goes on ("including, he claims,
      // Michael Howard", "because", "and").
      if ((Classes(c - 1) & (quotes::kPreposition | quotes::kSubordinator)) ||
          LowerIsAnyOf(c - 1, {"and", "or", "but", "including", "as", "than", "which", "who",
                               "because", "while", "if", "the", "a", "an"})) {
        continue;
      }
      int d = c + 1;  // the comma that closes the clause
      while (d < last && d <= c + 9 && !Is(d, ",")) ++d;
      if (d >= last || !Is(d, ",")) continue;
      if (Reported r = ReportAfterComma(begin, c, d - 1); r.first >= 0) return r;
    }
    return {};
  }

  // The report of the words from `begin` to the comma at `c` by the clause
  // from `c` + 1 to `last`, as TrailingReport reads it.
  Reported ReportAfterComma(int begin, int c, int last) {
    if (LowerIsAnyOf(c + 1, {"and", "but", "or", "while", "as", "which", "who"})) return {};
    for (int k = c + 1; k <= last && k <= c + 8; ++k) {
      const std::optional<CueMatch> cue = LowerCueAt(k);
      if (!cue) continue;
      SpeakerRef speaker;
      bool unnamed = false;  // an unnamed source's words ("..., experts say")
      int end = -1;          // the attribution's last token before when and where
      if ((cue->form == CueForm::kAccordingTo ||
           (cue->form == CueForm::kFinite && ReportsAClause(*cue) && !Addresses(*cue))) &&
          k == c + 1) {
        // The inverted subject, or whom "according to" names: the name
        // that ends the phrase after a title at most.
        for (int t = cue->end; t <= last && t < cue->end + 10; ++t) {
          const int m = mention_at_[t];
          if (m < 0) continue;
          const int next = mention_last_[m] + 1;
          if (TypeOf(m) == v1::ENTITY_TYPE_MISC || (next <= last && mention_at_[next] >= 0) ||
              PersonAfterTitle(m, last)) {
            // "Russian", "Serbia" before the ambassador's name; "BP" of
            // "said BP chief executive John Browne".
            t = mention_last_[m];
            continue;
          }
          if (TypeOf(m) != v1::ENTITY_TYPE_MISC && TitleBefore(cue->end, mention_first_[m])) {
            speaker = Named(m);
            end = mention_last_[m];
          }
          break;
        }
      } else if (cue->form == CueForm::kFinite && ReportsAClause(*cue) && !Addresses(*cue) &&
                 !NotSaid(k, c + 1)) {
        speaker = SubjectName(k, c + 1);
        end = cue->end - 1;
        // "..., experts say.": an unnamed source.
        if (!Speaks(speaker) && UnnamedSource(c + 1, k)) {
          speaker = {};
          unnamed = true;
        }
      } else {
        return {};
      }
      if (end < 0 || !(Speaks(speaker) || unnamed)) return {};
      // Nothing of a clause of its own after it: when or where ("said on
      // Monday", "said in a statement") at most.
      if (end < last && (last - end > 6 || (!(Classes(end + 1) & quotes::kPreposition) &&
                                            !TimeWord(Lower(end + 1))))) {
        return {};
      }
      // What was said starts past a dateline or a heading before a dash
      // or a colon ("BELGRADE, March 3 - The pressure ...").
      int first = begin;
      for (int t = begin; t < c; ++t) {
        if (Is(t, "-") || Is(t, "--") || Is(t, ":") || tok_[t].text == "\xe2\x80\x94") {
          first = t + 1;
        }
      }
      if (first >= c || ContentEnd(first, c - 1) != c - 1 || !IsClause(first, c - 1)) return {};
      return {first, c - 1, {Rule::kReported, *cue, speaker, last}};
    }
    return {};
  }

  // "Dmitry Peskov said that Moscow understands ...", "Vucic told
  // reporters on Monday that ...", "The ministry said it would ...": a
  // named subject, a reporting verb near the sentence's start, and what
  // was said after it.

  // Whether tokens [begin, cue) are an unnamed source, the subject of the
  // verb of saying at `cue`: a plain phrase of at most six words that ends
  // on a noun for people who are not named ("experts", "some analysts",
  // "many Democrats", "a source", "officials"), naming no person. What
  // they said is reported speech without a speaker, which a search of
  // what was said about someone still finds.
  bool UnnamedSource(int begin, int cue) const {
    int k = cue - 1;
    while (k >= begin && SkipsBeforeCue(k)) --k;
    if (k < begin || k - begin >= 6 || !PlainDescription(begin, k + 1)) return false;
    for (int t = begin; t <= k; ++t) {
      if (mention_at_[t] >= 0 && TypeOf(mention_at_[t]) == v1::ENTITY_TYPE_PERSON) return false;
      if (Is(t, ",") || IsMark(t)) return false;
    }
    // A bare noun only of the commonest sources ("Officials said").
    if (k == begin &&
        !LowerIsAnyOf(k, {"sources", "officials", "experts", "analysts", "critics"})) {
      return false;
    }
    return LowerIsAnyOf(
        k, {"sources",     "source",     "experts",     "analysts",   "officials",  "critics",
            "observers",   "economists", "aides",       "advisers",   "advisors",   "strategists",
            "pollsters",   "scientists", "researchers", "residents",  "witnesses",  "investigators",
            "prosecutors", "diplomats",  "activists",   "opponents",  "supporters", "insiders",
            "campaigners", "lawmakers",  "legislators", "historians", "democrats",  "republicans",
            "economist",   "analyst"});
  }

  // "According to her, Moscow supports Belgrade ...", "According to
  // Foreign Ministry spokeswoman Maria Zakharova, ...": the words after the
  // comma that closes whom "according to" names, a person or an
  // organisation named (after a title at most) or a pronoun.
  Reported AccordingToReport(int begin, int last) {
    if (Lower(begin) != "according") return {};  // (cheaply, before the cue table)
    const std::optional<CueMatch> cue = CueAt(begin);
    if (!cue || cue->form != CueForm::kAccordingTo) return {};
    int comma = cue->end;
    while (comma <= last && comma < cue->end + 12 && !Is(comma, ",")) ++comma;
    if (comma > last || !Is(comma, ",") || comma == cue->end) return {};
    SpeakerRef speaker;
    if (comma == cue->end + 1 && LowerIsAnyOf(cue->end, {"her", "him"})) {
      speaker = Pronoun(cue->end, Classes(cue->end) | quotes::kPersonalPronoun);
      speaker.mention = -1;
    } else {
      // One name, after a title at most: not several ("According to Tony
      // Blair and Gordon Brown, ...").
      const int m = mention_at_[comma - 1];
      if (m < 0 || TypeOf(m) == v1::ENTITY_TYPE_MISC || TypeOf(m) == v1::ENTITY_TYPE_LOCATION ||
          !TitleBefore(cue->end, mention_first_[m])) {
        return {};
      }
      for (int t = cue->end; t < mention_first_[m]; ++t) {
        if (Lower(t) == "and" ||
            (mention_at_[t] >= 0 && TypeOf(mention_at_[t]) == v1::ENTITY_TYPE_PERSON)) {
          return {};
        }
      }
      speaker = Named(m);
    }
    if (!Speaks(speaker)) return {};
    const int first = comma + 1;
    if (first > last) return {};
    // What it reports runs to a semicolon, a colon, a dash or a bracket,
    // its relative clauses included ("Moscow supports Belgrade, which
    // defends ... in the situation with Kosovo and Metohija"), not another
    // clause (", but ...", ", and ...").
    int end = ContentEnd(first, last);
    while (end < last && Is(end + 1, ",") && end + 2 <= last &&
           LowerIsAnyOf(end + 2, {"which", "who", "whose", "where"})) {
      end = ContentEnd(end + 3, last);
    }
    if (end < first || !IsClause(first, end)) return {};
    return {first, end, {Rule::kReported, *cue, speaker, comma - 1}};
  }

  // How far into the sentence the verb of saying may be: twenty words
  // ("Sanders, a senator from the state of Vermont and self-described
  // democratic socialist, said"; "... after producers' cartel Opec said";
  // with twelve, recall of PolNeAR's training reports by "say" and "tell"
  // was 2.7 points lower, at the same precision).
  static constexpr int kReportCueReach = 20;
  Reported LeadingReport(int begin, int last) {
    // A sentence opened by "If", "Although", "While" ...: the verb of
    // saying must come after the subordinate clause's comma.
    const bool subordinate = OpensSubordinate(begin);
    for (int k = begin + 1; k <= last - 3 && k <= begin + kReportCueReach; ++k) {
      if (Is(k, ";") || Is(k, ":")) return {};
      const std::optional<CueMatch> cue = LowerCueAt(k);
      if (!cue) continue;
      // "When asked about it, Cruz said ...": a cue that reports no
      // clause, or whose subject heard the words, is passed.
      if (cue->form != CueForm::kFinite || !ReportsAClause(*cue) || HeardNotSaid(*cue)) continue;
      if (NotSaid(k, begin)) return {};
      SpeakerRef speaker = SubjectName(k, begin);
      if (!Speaks(speaker)) {
        if (!UnnamedSource(begin, k)) return {};
        speaker = {};
      }
      // Past twelve words, no place speaks: there it is more often the end
      // of an aside than the subject ("the BBC's Sarah Mukherjee, with the
      // Hunt in Badminton, Gloucestershire said").
      if (k > begin + 12 && speaker.entity >= 0 &&
          a_->entities(speaker.entity).type() == v1::ENTITY_TYPE_LOCATION) {
        return {};
      }
      if (subordinate) {
        bool comma = false;
        for (int t = begin; t < k && !comma; ++t) comma = Is(t, ",");
        if (!comma) return {};
      }
      // What was said: after whom "told" addresses ("told the National
      // Post he has ..."); after "that", right after the verb or after
      // when and where ("said on Monday that", "said in a statement
      // that"); else right after the verb, past "yesterday".
      int first = cue->end;
      bool after_that = false;
      if (Addresses(*cue) && first <= last) {
        // Whom: a name, or a word for people ("reporters", "him").
        if (Lower(first) == "the" && first + 1 <= last && mention_at_[first + 1] >= 0) ++first;
        if (mention_at_[first] >= 0) {
          first = mention_last_[mention_at_[first]] + 1;
          // "told BBC Radio 4's Today programme": the name of one of its
          // programmes.
          if (first < last && IsPossessive(first)) {
            int t = first + 1;
            while (t <= last && t < first + 6 &&
                   absl::ascii_isupper(static_cast<unsigned char>(tok_[t].text[0]))) {
              ++t;
            }
            if (t > first + 1) first = t;
          }
          // "told BBC News website", "told the Today programme".
          if (first <= last && LowerIsAnyOf(first, {"website", "programme", "program", "newspaper",
                                                    "radio", "television", "tv"})) {
            ++first;
          }
        } else if (LowerIsAnyOf(first, {"reporters", "journalists", "me", "us", "him", "her",
                                        "them", "supporters", "voters", "viewers", "listeners",
                                        "lawmakers", "delegates", "parliament", "mps"})) {
          ++first;
        } else {
          return {};
        }
      }
      if (first <= last && ((Classes(first) & quotes::kPreposition) || TimeWord(Lower(first)))) {
        // When and where: up to "that", through a phrase of no clause.
        int t = first;
        bool subordinate = false;  // a subordinate word on the way ("when")
        while (t <= last && t < first + 7 && Lower(t) != "that" && !Is(t, ",") &&
               !(Classes(t) & (quotes::kPersonalPronoun | quotes::kRelativePronoun))) {
          subordinate = subordinate || (Classes(t) & quotes::kSubordinator);
          ++t;
        }
        if (t <= last && Lower(t) == "that") {
          first = t + 1;
          after_that = true;
        } else if (t <= last && t >= first + 2 && Lower(first) != "to" && !subordinate &&
                   LowerIsAnyOf(t, {"he", "she", "it", "they", "we", "i", "you"})) {
          // "said on Monday it would ...", "said in a statement it ...";
          // not "pledged to oppose the bill when it is debated".
          first = t;
        } else if (TimeWord(Lower(first)) && first == cue->end) {
          // "said yesterday ...", "said last week ...", "said Tuesday ...",
          // "said earlier this month ...".
          first += Lower(first) == "last" || Lower(first) == "this" ? 2 : 1;
          if (first + 2 <= last && LowerIsAnyOf(first, {"this", "last", "next"}) &&
              LowerIsAnyOf(first + 1, {"week", "month", "year", "weekend", "morning", "afternoon",
                                       "evening"}) &&
              !IsPossessive(first + 2)) {
            first += 2;
          }
        } else {
          return {};
        }
      } else if (first <= last && Lower(first) == "that") {
        ++first;
        after_that = true;
      }
      if (first > last) return {};
      // "recalled" reports only with "that": a side recalls a player.
      if (!after_that && LowerIsAnyOf(cue->begin, {"recalled", "recalls"})) return {};
      const int end = ContentEnd(first, last);
      if (!IsClause(first, end, after_that)) return {};
      return {first, end, {Rule::kReported, *cue, speaker, cue->end - 1}};
    }
    return {};
  }

  // Reported speech in sentences with no quotation marks, in text order;
  // a pronoun's antecedent is looked for as for quotes, the last speaker
  // being whoever spoke last before the sentence, quoted or reported.
  void FindReported() {
    size_t next_spoken = 0;
    last_speaker_ = {};
    last_speaker_end_ = -1;
    for (const Sentence& sentence : sentences_) {
      const int begin = sentence.begin;
      int last = sentence.end - 1;
      while (next_spoken < spoken_.size() && spoken_[next_spoken].first < begin) {
        if (spoken_[next_spoken].first > last_speaker_end_) {
          last_speaker_end_ = spoken_[next_spoken].first;
          last_speaker_ = spoken_[next_spoken].second;
        }
        ++next_spoken;
      }
      if (last - begin < 5 || Is(last, "?")) continue;
      // A sentence with a quotation, or a question, is left to the quotes.
      bool skip = false;
      for (int t = begin; t <= last && !skip; ++t) {
        skip = region_of_[t] >= 0 || Is(t, "\"") || Is(t, "?") || IsDouble(RawGlyph(t));
      }
      if (skip) continue;
      while (last > begin && (IsTerminal(tok_[last].text) || Is(last, ","))) --last;
      Reported r = TrailingReport(begin, last);
      if (r.first < 0) r = AccordingToReport(begin, last);
      if (r.first < 0) r = LeadingReport(begin, last);
      if (r.first < 0) continue;
      EmitReported(r);
      last_speaker_ = r.attribution.speaker;
      last_speaker_end_ = last;
    }
  }

  void EmitReported(const Reported& r) {
    const SpeakerRef& s = r.attribution.speaker;
    // How often a speaker named so, or resolved so, was right on PolNeAR's
    // training articles.
    // An unnamed source's words are as surely words: what is not known is
    // who said them.
    const float sure =
        s.entity < 0 ? 0.85f : (s.mention >= 0 ? 0.95f : 0.85f) * std::min(1.f, s.certainty);
    AddQuote(r.first, r.last, v1::QUOTE_KIND_INDIRECT, r.attribution, std::clamp(sure, 0.f, 1.f));
  }

  void Emit(const Region& r, const Decision& d) {
    AddQuote(r.first, r.last, d.direct ? v1::QUOTE_KIND_DIRECT : v1::QUOTE_KIND_MIXED,
             d.attribution, Confidence(r, d.attribution));
  }

  // The quote of tokens [first, last], with its cue and speaker.
  void AddQuote(int first, int last, v1::QuoteKind kind, const Attribution& a, float confidence) {
    v1::Quote* q = a_->add_quotes();
    const int32_t begin = tok_[first].begin, end = tok_[last].end;
    q->mutable_span()->set_begin(begin);
    q->mutable_span()->set_end(end);
    q->set_text(std::string(text_.substr(begin, end - begin)));
    q->set_kind(kind);
    if (a.cue.begin >= 0) {
      const int32_t cb = tok_[a.cue.begin].begin, ce = tok_[a.cue.end - 1].end;
      q->mutable_cue_span()->set_begin(cb);
      q->mutable_cue_span()->set_end(ce);
      q->set_cue(std::string(text_.substr(cb, ce - cb)));
    }
    const SpeakerRef& s = a.speaker;
    if (s.mention >= 0) q->set_speaker_mention_index(s.mention);
    if (s.entity >= 0) q->set_speaker_entity_index(s.entity);
    q->set_confidence(confidence);
  }

  // How likely the quote and its speaker are right, from how often each
  // rule was right on PolNeAR's training articles (dossier-eval-quotes
  // prints the table): a speaker the reporting clause names, by rule; one
  // resolved from a pronoun or a description, lower; none, lower still.
  static float Confidence(const Region& r, const Attribution& a) {
    struct Rates {
      float named;
      float resolved;
    };
    Rates rates{0.2f, 0.2f};
    switch (a.rule) {
      case Rule::kTrailing:
        rates = {0.97f, 0.76f};
        break;
      case Rule::kLeadingCue:
        rates = {0.92f, 0.76f};
        break;
      case Rule::kMixedBefore:
      case Rule::kMixedAfter:
        rates = {0.92f, 0.7f};
        break;
      case Rule::kContinuation:
        rates = {0.9f, 0.75f};
        break;
      case Rule::kColon:
        rates = {0.85f, 0.65f};
        break;
      case Rule::kPreviousSentence:
        rates = {0.7f, 0.65f};
        break;
      case Rule::kClauseSubject:
        rates = {0.8f, 0.55f};
        break;
      case Rule::kReported:
      case Rule::kNone:
        break;
    }
    const SpeakerRef& s = a.speaker;
    float confidence = 0.3f;
    if (a.rule == Rule::kNone) {
      confidence = 0.2f;
    } else if (s.mention >= 0) {
      confidence = rates.named * std::min(1.f, s.certainty);
    } else if (s.entity >= 0) {
      confidence = rates.resolved * std::min(1.f, s.certainty / 0.85f);
    }
    if (r.close < 0 && !r.reopened) confidence *= 0.8f;
    return std::clamp(confidence, 0.f, 1.f);
  }

  std::vector<int> sentence_of_;
  std::vector<int> region_of_;   // token -> region (marks included), or -1
  std::vector<int> mention_at_;  // token -> mention, or -1
  std::vector<int> mention_first_, mention_last_;
  std::vector<int> by_position_;  // mentions in text order
  std::vector<Gender> entity_gender_;
  SpeakerRef last_speaker_;
  int last_speaker_end_ = -1;
  // The quotes' speakers by the last token of quote or attribution, in
  // text order.
  std::vector<std::pair<int, SpeakerRef>> spoken_;
  bool resolving_closing_description_ = false;

  absl::string_view text_;
  const std::vector<Token>& tok_;
  const std::vector<Sentence>& sentences_;
  const int n_;
  v1::Annotations* a_;
  std::vector<Region> regions_;
  std::optional<bool> lines_are_paragraphs_;
};

}  // namespace

void FindQuotes(absl::string_view text, const TokenizedText& tokens, v1::Annotations* annotations) {
  QuoteFinder(text, tokens, annotations).Run();
  // Quoted and reported speech, found apart, in text order.
  auto* quotes = annotations->mutable_quotes();
  std::stable_sort(quotes->begin(), quotes->end(), [](const v1::Quote& x, const v1::Quote& y) {
    return x.span().begin() < y.span().begin();
  });
}

}  // namespace dossier::tagger
