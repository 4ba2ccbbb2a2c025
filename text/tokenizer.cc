#include "text/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"

namespace dossier::text {
namespace {

bool IsSpace(UChar32 c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || u_isUWhiteSpace(c) || c == 0x200B ||
         c == 0xFEFF || c == 0x2060;
}
bool IsApostrophe(UChar32 c) {
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x2032 || c == '`';
}
bool IsHyphen(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011; }
bool IsDoubleQuote(UChar32 c) {
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x201F || c == 0x00AB ||
         c == 0x00BB || c == 0x2033;
}
bool IsDash(UChar32 c) {
  return c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2015 || c == 0x2212;
}
bool IsWordChar(UChar32 c) {
  if (c < 0x80) return absl::ascii_isalnum(static_cast<unsigned char>(c));
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}
bool IsLetter(UChar32 c) {
  return c < 0x80 ? absl::ascii_isalpha(static_cast<unsigned char>(c)) : u_isalpha(c);
}
bool IsDigit(UChar32 c) {
  return c < 0x80 ? absl::ascii_isdigit(static_cast<unsigned char>(c)) : u_isdigit(c);
}
bool IsUpper(UChar32 c) {
  return c < 0x80 ? absl::ascii_isupper(static_cast<unsigned char>(c))
                  : (u_isupper(c) || u_istitle(c));
}

// Words that keep their final period (case-sensitive).
const absl::flat_hash_set<std::string>& Abbreviations() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "Mr",   "Mrs",  "Ms",   "Dr",   "Prof",  "Gen",    "Col",   "Lt",   "Sgt",    "Capt", "Cpt",
      "Maj",  "Adm",  "Cmdr", "Gov",  "Sen",   "Rep",    "Rev",   "Hon",  "St",     "Jr",   "Sr",
      "Inc",  "Corp", "Co",   "Ltd",  "Bros",  "Messrs", "Mme",   "Mlle", "vs",     "etc",  "Jan",
      "Feb",  "Mar",  "Apr",  "Jun",  "Jul",   "Aug",    "Sep",   "Sept", "Oct",    "Nov",  "Dec",
      "No",   "Nos",  "Mt",   "Ft",   "Ave",   "Blvd",   "Dept",  "Univ", "approx", "cf",   "al",
      "Pty",  "Plc",  "Cie",  "Ph",   "Gov't", "Fla",    "Calif", "Ariz", "Mass",   "Penn", "Wash",
      "Ore",  "Tex",  "Ill",  "Mich", "Wis",   "Minn",   "Conn",  "Va",   "Ga",     "Ala",  "Ky",
      "Tenn", "Md",   "Mo",   "Okla", "Ark",   "Kan",    "Neb",   "Nev",  "Colo",   "Del",  "Pa",
      "Op",   "Sens", "Reps", "Govs", "Gens"};
  return *set;
}

// Tokens after which a period does not end a sentence.
const absl::flat_hash_set<std::string>& NonFinalAbbreviations() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "Mr.",   "Mrs.", "Ms.",   "Dr.",   "Prof.",   "Gen.", "Col.", "Lt.",   "Sgt.",
      "Capt.", "Maj.", "Adm.",  "Gov.",  "Sen.",    "Rep.", "Rev.", "Hon.",  "St.",
      "No.",   "Mt.",  "Ft.",   "vs.",   "Messrs.", "Mme.", "cf.",  "Op.",   "Jan.",
      "Feb.",  "Mar.", "Apr.",  "Jun.",  "Jul.",    "Aug.", "Sep.", "Sept.", "Oct.",
      "Nov.",  "Dec.", "Sens.", "Reps.", "Govs.",   "Gens."};
  return *set;
}

class Scanner {
 public:
  explicit Scanner(absl::string_view text) : text_(text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = static_cast<int32_t>(text.size());
    cps_.reserve(text.size());
    starts_.reserve(text.size() + 1);
    int32_t i = 0;
    while (i < length) {
      starts_.push_back(i);
      UChar32 c;
      U8_NEXT_OR_FFFD(s, i, length, c);
      cps_.push_back(c);
    }
    starts_.push_back(length);
  }

  TokenizedText Run() {
    TokenizedText out;
    int newlines = 0;
    const int n = static_cast<int>(cps_.size());
    int i = 0;
    while (i < n) {
      const UChar32 c = cps_[i];
      if (IsSpace(c)) {
        if (c == '\n' || c == 0x2028 || c == 0x2029) ++newlines;
        ++i;
        continue;
      }
      const int start = i;
      std::string folded;
      i = ScanToken(i, &folded);
      Token token;
      token.begin = starts_[start];
      token.end = starts_[i];
      token.text =
          folded.empty() ? std::string(text_.substr(token.begin, token.end - token.begin)) : folded;
      token.newlines_before = newlines;
      newlines = 0;
      out.tokens.push_back(std::move(token));
    }
    SplitSentences(&out);
    return out;
  }

 private:
  UChar32 At(int i) const { return i >= 0 && i < static_cast<int>(cps_.size()) ? cps_[i] : 0; }

  // Scans the token that starts at `i`; returns the index one past its end.
  // Sets `*folded` when the token's model text differs from its bytes.
  int ScanToken(int i, std::string* folded) {
    const UChar32 c = cps_[i];
    if (IsWordChar(c)) return ScanWord(i, folded);
    if (IsApostrophe(c)) {
      // Clitics: 's 'S 're 've 'll 'd 'm after a word.
      const bool after_word = i > 0 && IsWordChar(At(i - 1));
      if (after_word) {
        int j = i + 1;
        while (IsLetter(At(j)) && j - i <= 3) ++j;
        const std::string clitic = absl::AsciiStrToLower(Slice(i + 1, j));
        if (!IsWordChar(At(j)) && (clitic == "s" || clitic == "re" || clitic == "ve" ||
                                   clitic == "ll" || clitic == "d" || clitic == "m")) {
          *folded = "'" + Slice(i + 1, j);
          return j;
        }
      }
      *folded = "'";
      return i + 1;
    }
    if (IsDoubleQuote(c)) {
      *folded = "\"";
      return i + 1;
    }
    if (IsDash(c)) {
      *folded = c == 0x2014 || c == 0x2015 ? "--" : "-";
      return i + 1;
    }
    if (c == '.' && At(i + 1) == '.') {
      int j = i;
      while (At(j) == '.') ++j;
      return j;
    }
    if (c == 0x2026) {
      *folded = "...";
      return i + 1;
    }
    if (IsHyphen(c) && IsHyphen(At(i + 1))) {
      int j = i;
      while (IsHyphen(At(j))) ++j;
      *folded = "--";
      return j;
    }
    if (IsHyphen(c) && c != '-') {
      *folded = "-";
      return i + 1;
    }
    return i + 1;
  }

  int ScanWord(int i, std::string* folded) {
    const int start = i;
    const int n = static_cast<int>(cps_.size());
    // URLs and e-mail addresses run to the next space.
    if (LooksLikeUrl(i)) {
      while (i < n && !IsSpace(cps_[i])) ++i;
      while (i > start + 1 && (cps_[i - 1] == '.' || cps_[i - 1] == ',' || cps_[i - 1] == ')' ||
                               IsDoubleQuote(cps_[i - 1]))) {
        --i;
      }
      return i;
    }
    // The "n't" that a word before it left behind.
    if ((cps_[i] == 'n' || cps_[i] == 'N') && IsApostrophe(At(i + 1)) &&
        (At(i + 2) == 't' || At(i + 2) == 'T') && !IsWordChar(At(i + 3))) {
      *folded = Slice(i, i + 1) + "'" + Slice(i + 2, i + 3);
      return i + 3;
    }
    bool folded_any = false;
    bool internal_period = false;
    while (i < n) {
      const UChar32 c = cps_[i];
      if (IsWordChar(c)) {
        // "n't": the word ends before the n.
        if ((c == 'n' || c == 'N') && i > start && IsApostrophe(At(i + 1)) &&
            (At(i + 2) == 't' || At(i + 2) == 'T') && !IsWordChar(At(i + 3))) {
          break;
        }
        ++i;
        continue;
      }
      const UChar32 next = At(i + 1);
      if (IsHyphen(c) && IsWordChar(next) && i > start) {
        if (c != '-') folded_any = true;
        ++i;
        continue;
      }
      if (c == '.' && i > start) {
        // Decimals ("5.93") and dotted abbreviations ("U.S", "e.g").
        if (IsDigit(At(i - 1)) && IsDigit(next)) {
          ++i;
          continue;
        }
        if (IsLetter(next) && !IsWordChar(At(i + 2)) && IsSingleLetterRun(start, i)) {
          internal_period = true;
          ++i;
          continue;
        }
        break;
      }
      if (c == ',' && IsDigit(At(i - 1)) && IsDigit(next) && IsDigit(At(i + 2)) &&
          IsDigit(At(i + 3)) && !IsDigit(At(i + 4))) {
        i += 1;
        continue;
      }
      if (c == '&' && IsUpper(At(i - 1)) && IsUpper(next) && i > start) {
        ++i;
        continue;
      }
      if (IsApostrophe(c) && IsLetter(next) && i > start) {
        // Keep "O'Brien", "d'Alema"; split clitics ("'s", "'re").
        int j = i + 1;
        while (IsLetter(At(j))) ++j;
        const std::string rest = absl::AsciiStrToLower(Slice(i + 1, j));
        if (rest == "s" || rest == "re" || rest == "ve" || rest == "ll" || rest == "d" ||
            rest == "m" || rest == "t") {
          break;
        }
        if (c != '\'') folded_any = true;
        ++i;
        continue;
      }
      break;
    }
    // A final period that belongs to the word: "U.S.", "J.", "Mr.", "Inc.".
    if (At(i) == '.') {
      const std::string word = Slice(start, i);
      const bool initial = i - start == 1 && IsUpper(cps_[start]);
      if (internal_period || initial || Abbreviations().contains(word)) {
        ++i;
      }
    }
    if (folded_any) {
      std::string out;
      for (int k = start; k < i; ++k) {
        const UChar32 c = cps_[k];
        if (IsHyphen(c)) {
          out += '-';
        } else if (IsApostrophe(c)) {
          out += '\'';
        } else {
          out.append(text_.data() + starts_[k], starts_[k + 1] - starts_[k]);
        }
      }
      *folded = std::move(out);
    }
    return i;
  }

  // "U.S" / "e.g": one letter, then (period, one letter)* up to `end`.
  bool IsSingleLetterRun(int start, int end) const {
    for (int k = start; k < end; ++k) {
      const bool letter_pos = (k - start) % 2 == 0;
      if (letter_pos ? !IsLetter(cps_[k]) : cps_[k] != '.') return false;
    }
    return true;
  }

  bool LooksLikeUrl(int i) const {
    auto starts_with = [&](absl::string_view prefix) {
      const int32_t b = starts_[i];
      return text_.substr(b, prefix.size()) == prefix;
    };
    return starts_with("http://") || starts_with("https://") || starts_with("www.");
  }

  std::string Slice(int from, int to) const {
    if (to <= from) return "";
    return std::string(text_.substr(starts_[from], starts_[to] - starts_[from]));
  }

  static bool IsClosing(const std::string& t) {
    return t == "\"" || t == "'" || t == ")" || t == "]" || t == "}";
  }

  static bool IsNewline(UChar32 c) { return c == '\n' || c == 0x2028 || c == 0x2029; }

  // The widest line, in code points.
  int Width() const {
    int widest = 0, length = 0;
    for (const UChar32 c : cps_) {
      length = IsNewline(c) ? 0 : length + 1;
      widest = std::max(widest, length);
    }
    return widest;
  }

  // Whether the writer broke the line before `next` (which starts a line)
  // rather than running out of it: the word would have fitted on the line
  // before within the text's width. A text of lines wider than a terminal
  // is not folded at a width at all, and all its breaks are the writer's.
  // The line that ends before `next` (which starts a line), as code point
  // indices [*begin, *end); returns the index of `next`'s first code point.
  int LineBefore(const Token& next, int* begin, int* end) const {
    const int k = static_cast<int>(std::lower_bound(starts_.begin(), starts_.end(), next.begin) -
                                   starts_.begin());
    int e = k - 1;
    while (e >= 0 && !IsNewline(cps_[e])) --e;
    int b = e - 1;
    while (b >= 0 && !IsNewline(cps_[b])) --b;
    *begin = b + 1;
    *end = e;
    return k;
  }

  bool BreakWasChosen(const Token& next, int width) const {
    if (width > 100) return true;
    int begin = 0, end = 0;
    const int k = LineBefore(next, &begin, &end);
    int length = end - begin;
    while (length > 0 && IsSpace(cps_[begin + length - 1])) --length;
    int word = 0;
    for (int m = k; m < static_cast<int>(cps_.size()) && !IsSpace(cps_[m]); ++m) ++word;
    return length + 1 + word <= width;
  }

  // How the line [begin, end) is written: no letter at all (a table's row
  // of figures), capitals only (a wire headline), every word of four
  // letters or more capitalised ("Reporting by Jane Doe", "Photo: Gordon
  // Brown"), or running text.
  enum class LineKind { kNoLetters, kCapitals, kTitle, kText };
  LineKind KindOfLine(int begin, int end) const {
    bool letters = false, small = false;
    for (int m = begin; m < end;) {
      while (m < end && IsSpace(cps_[m])) ++m;
      const int word = m;
      int count = 0;
      while (m < end && !IsSpace(cps_[m])) {
        if (IsLetter(cps_[m])) {
          ++count;
          small = small || u_islower(cps_[m]);
        }
        ++m;
      }
      letters = letters || count > 0;
      if (word < end && u_islower(cps_[word]) && count >= 4) return LineKind::kText;
    }
    return !letters ? LineKind::kNoLetters : !small ? LineKind::kCapitals : LineKind::kTitle;
  }

  // Whether the line that ends before `next` (which starts a line) is a
  // heading, a caption, a byline or a table's row, after which a folded
  // text's break ends a sentence: figures or capitals only; or every long
  // word capitalised where the line before it is blank, ends a sentence
  // ("." but not "U.S.") or is such a line too. Not the first line of a
  // body whose dateline was cut off ("Standard Oil Co and BP North
  // America" / "Inc said"), nor a line going on from one that did not end
  // its sentence ("said that U.S." / "Treasury Secretary James Baker and
  // Fed Chairman Paul" / "Volcker").
  bool LineBeforeIsHeading(const Token& next) const {
    int begin = 0, end = 0;
    LineBefore(next, &begin, &end);
    const LineKind kind = KindOfLine(begin, end);
    if (kind != LineKind::kTitle) return kind != LineKind::kText;
    // The line before this one.
    int last = begin - 2;        // past the newline that ends it
    if (last < 0) return false;  // the text's first line
    int first = last;
    while (first > 0 && !IsNewline(cps_[first - 1])) --first;
    while (last >= first && IsSpace(cps_[last])) --last;
    if (last < first) return true;  // blank: a new paragraph
    const LineKind before = KindOfLine(first, last + 1);
    if (before != LineKind::kText) return true;
    const UChar32 c = cps_[last];
    if (c == '!' || c == '?' || c == ':' || c == '"' || c == 0x201D) return true;
    if (c != '.') return false;
    // Not initials or a title, whose period ends no sentence.
    int word = last;
    while (word > first && !IsSpace(cps_[word - 1])) --word;
    const std::string written = Slice(word, last + 1);
    return !IsInitials(written) && !NonFinalAbbreviations().contains(written);
  }

  bool StartsLowerCase(const Token& t) const {
    const auto* s = reinterpret_cast<const uint8_t*>(text_.data());
    int32_t i = t.begin;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, static_cast<int32_t>(text_.size()), c);
    return u_islower(c);
  }

  // Whether `t` starts a line indented by two spaces or a tab or more.
  bool Indented(const Token& t) const {
    int spaces = 0;
    for (int32_t b = t.begin - 1; b >= 0 && (text_[b] == ' ' || text_[b] == '\t'); --b) {
      spaces += text_[b] == '\t' ? 2 : 1;
    }
    return spaces >= 2;
  }

  void SplitSentences(TokenizedText* out) const {
    const auto& tokens = out->tokens;
    const int n = static_cast<int>(tokens.size());
    // A line break the writer chose ends a sentence unless the next line
    // goes on in lower case; one where a hard-wrapped line (newswire folded
    // at 65 columns) ran out does not, unless the next line is indented
    // (a new paragraph). Otherwise a headline, a "Source:" line or a
    // caption would run into what follows and a name could span them.
    // Newswire does not always fold where a line runs out (Reuters breaks
    // "Federal Reserve Board Chairman Paul" / "Volcker" with room for the
    // name): in a text folded at a width, as at least two of its lines
    // going on in lower case after a break show, a break only ends a
    // sentence after a line that reads as a heading.
    const int width = Width();
    int continued = 0;
    for (int i = 1; i < n && width <= 100; ++i) {
      if (tokens[i].newlines_before == 1 && !Indented(tokens[i]) && StartsLowerCase(tokens[i])) {
        ++continued;
      }
    }
    const bool folded = width <= 100 && continued >= 2;
    int begin = 0;
    for (int i = 0; i < n; ++i) {
      const bool last = i + 1 == n;
      bool split = last;
      if (!last && tokens[i + 1].newlines_before >= 2) split = true;
      if (!last && tokens[i + 1].newlines_before == 1 &&
          (Indented(tokens[i + 1]) ||
           (!StartsLowerCase(tokens[i + 1]) && BreakWasChosen(tokens[i + 1], width) &&
            (!folded || LineBeforeIsHeading(tokens[i + 1]))))) {
        split = true;
      }
      const Terminal kind = TerminalKind(tokens[i].text);
      if (!split && kind != Terminal::kNo) {
        // Closing quotes and brackets stay with the sentence they close.
        int j = i + 1;
        while (j < n && IsClosing(tokens[j].text) && tokens[j].begin == tokens[j - 1].end) {
          ++j;
        }
        if (j >= n) {
          i = n - 1;
          split = true;
        } else if (kind == Terminal::kYes ? StartsSentence(tokens[j])
                                          : CommonSentenceStart(tokens[j], folded)) {
          i = j - 1;
          split = true;
        }
      }
      if (split) {
        out->sentences.push_back({begin, i + 1});
        begin = i + 1;
      }
    }
  }

  enum class Terminal { kNo, kYes, kAbbreviation };

  // "." "!" "?" end a sentence before a likely start; an abbreviation that
  // can end one ("U.S.", "Inc.") only before a word that usually starts
  // one; titles and initials never do.
  static Terminal TerminalKind(const std::string& t) {
    if (t == "." || t == "!" || t == "?" || t == "...") return Terminal::kYes;
    if (t.size() > 1 && t.back() == '.' && !NonFinalAbbreviations().contains(t) &&
        !(t.size() == 2 && absl::ascii_isupper(static_cast<unsigned char>(t[0])))) {
      return Terminal::kAbbreviation;
    }
    return Terminal::kNo;
  }

  // In a text folded at a width (`folded`), a line break the line ran out
  // at is no sign of a new sentence ("U.S." / "Treasury Secretary").
  bool CommonSentenceStart(const Token& t, bool folded) const {
    static const auto* starts = new absl::flat_hash_set<std::string>{
        "The", "A",       "An",    "He",    "She",    "It",    "They",  "We",   "I",
        "You", "This",    "That",  "These", "Those",  "In",    "On",    "At",   "But",
        "And", "However", "Its",   "His",   "Her",    "Their", "There", "As",   "For",
        "If",  "When",    "While", "After", "Before", "Some",  "Many",  "Most", "According"};
    const bool new_line =
        t.newlines_before > 1 || (t.newlines_before == 1 && (!folded || Indented(t)));
    return new_line || t.text == "\"" || starts->contains(t.text);
  }

  bool StartsSentence(const Token& t) const {
    if (t.newlines_before > 0) return true;
    if (t.text == "\"" || t.text == "'" || t.text == "(" || t.text == "[") {
      return true;
    }
    const auto* s = reinterpret_cast<const uint8_t*>(text_.data());
    int32_t i = t.begin;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, static_cast<int32_t>(text_.size()), c);
    return IsUpper(c) || IsDigit(c);
  }

  absl::string_view text_;
  std::vector<UChar32> cps_;
  std::vector<int32_t> starts_;
};

}  // namespace

TokenizedText Tokenize(absl::string_view text) { return Scanner(text).Run(); }

bool IsInitials(absl::string_view token) {
  if (token.size() < 4 || token.back() != '.') return false;
  for (size_t i = 0; i < token.size(); ++i) {
    const bool letter = i % 2 == 0;
    if (letter ? !absl::ascii_isupper(static_cast<unsigned char>(token[i])) : token[i] != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace dossier::text
