#include "services/tagger/org_names.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <optional>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"

namespace dossier::tagger {

using text::Sentence;
using text::Token;
using text::TokenizedText;

namespace {

// The head words, as a name writes them. Each heads an ORG span in
// CoNLL-2003's training data far more often than anything else once it
// ends a run of capitalised words ("Finance Ministry", "Security Council",
// "Kurdistan Democratic Party", "U.S. District Court"). Left out although
// organisations use them: "Government" (O in ten of CoNLL's twelve),
// "League" (competitions, MISC), "Union" and "Federation" ("Soviet Union",
// "Russian Federation": places), "Church", "Centre" and "Hospital" (places
// there), "Group", "Company" and "Club" (as often ordinary capitalised
// words in tables and headlines). Add a word here to teach the rule.
// clang-format off
constexpr absl::string_view kHeadWords[] = {
    "Agency", "Army", "Assembly", "Bank", "Cabinet", "Commission",
    "Committee", "Council", "Court", "Department", "Embassy", "Institute",
    "Ministry", "Office", "Parliament", "Party", "Police", "University",
};
// clang-format on

// Capitalised words that are never part of a name: what opens a sentence
// with a capital for grammar's sake (determiners, pronouns, prepositions,
// conjunctions, sentence adverbs), and dates ("Monday", "January"), which
// follow a name as often as they precede one ("the Party on Monday", "DJ
// Rob Da Bank on Thursdays"). Lower case.
// clang-format off
constexpr absl::string_view kNeverInName[] = {
    "a", "about", "according", "after", "against", "all", "also", "an",
    "and", "another", "any", "as", "at", "because", "before", "both", "but",
    "by", "dr", "during", "each", "either", "even", "every", "ex", "few",
    "for", "former", "from", "he", "her", "his", "how", "however", "i", "if",
    "in", "into", "it", "its", "last", "many", "meanwhile", "most", "mr",
    "mrs", "ms", "much", "my", "neither", "next", "no", "nor", "now", "of",
    "on", "only", "or", "other", "our", "over", "several", "she", "since",
    "sir", "so", "some", "such", "that", "the", "their", "then", "these",
    "they", "this", "those", "to", "today", "tomorrow", "tonight", "under",
    "until", "we", "what", "when", "where", "whether", "which", "while",
    "who", "whose", "why", "with", "yesterday", "yet", "you", "your",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "mondays", "tuesdays", "wednesdays", "thursdays", "fridays",
    "saturdays", "sundays", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december",
};
// clang-format on

// Titles of people. A title after a head word is the person's, not a word
// the head modifies ("Metropolitan Police Commissioner John Stevens",
// "Foreign Ministry Spokesman"), and one closing a complement before a name
// is the named person's ("the Ministry of Defence Secretary Geoff Hoon"),
// while one closing the complement is part of it ("the Office of the
// Deputy Prime Minister"). Lower case.
constexpr absl::string_view kTitles[] = {
    "chairman",  "chairwoman", "chief",       "commissioner", "director",
    "head",      "minister",   "official",    "officials",    "president",
    "secretary", "spokesman",  "spokeswoman", "spokesperson", "spokesmen",
};

// Words a title-case headline keeps in lower case.
constexpr absl::string_view kSmallWords[] = {
    "a",  "an", "and", "as", "at",  "but", "by", "for", "from",
    "in", "of", "on",  "or", "the", "to",  "vs", "via", "with",
};

// The words after a head that open its complement.
bool OpensComplement(const std::string& word) {
  return word == "of" || word == "for" || word == "on";
}

template <size_t N>
bool Listed(const absl::string_view (&list)[N], absl::string_view lower) {
  return std::find(std::begin(list), std::end(list), lower) != std::end(list);
}

// Whether the first letter of `word` is a capital (in any script).
bool Capitalised(const std::string& word) {
  if (word.empty()) return false;
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT_OR_FFFD(s, i, static_cast<int32_t>(word.size()), c);
  return u_isupper(c) || u_istitle(c);
}

bool StartsWithLowerAscii(const std::string& word) {
  return !word.empty() && absl::ascii_islower(static_cast<unsigned char>(word[0]));
}

// Marks what covers a token: a span of `found` (its index), nothing, or a
// name added here.
constexpr int kFree = -1;
constexpr int kAdded = -2;

class OrgFinder {
 public:
  OrgFinder(const TokenizedText& text, std::vector<MentionSpan>* found)
      : tok_(text.tokens),
        sentences_(text.sentences),
        found_(found),
        n_(static_cast<int>(text.tokens.size())),
        cover_(n_, kFree),
        sentence_of_(n_, 0),
        replaced_(found->size(), false) {
    for (size_t i = 0; i < found->size(); ++i) {
      const MentionSpan& s = (*found)[i];
      for (int t = s.begin; t < s.end && t < n_; ++t) {
        cover_[t] = static_cast<int>(i);
      }
    }
    for (size_t s = 0; s < sentences_.size(); ++s) {
      for (int t = sentences_[s].begin; t < sentences_[s].end; ++t) {
        sentence_of_[t] = static_cast<int>(s);
      }
    }
  }

  void Run(int first_head) {
    for (int h = first_head; h < n_; ++h) {
      if (!IsOrganizationHeadWord(tok_[h].text)) continue;
      const std::optional<MentionSpan> name = NameAt(h);
      if (!name.has_value()) continue;
      for (int t = name->begin; t < name->end; ++t) {
        if (cover_[t] >= 0) replaced_[cover_[t]] = true;
        cover_[t] = kAdded;
      }
      added_.push_back(*name);
      h = name->end - 1;
    }
    if (added_.empty()) return;
    std::vector<MentionSpan> out;
    out.reserve(found_->size() + added_.size());
    for (size_t i = 0; i < found_->size(); ++i) {
      if (!replaced_[i]) out.push_back((*found_)[i]);
    }
    out.insert(out.end(), added_.begin(), added_.end());
    std::sort(out.begin(), out.end(),
              [](const MentionSpan& a, const MentionSpan& b) { return a.begin < b.begin; });
    *found_ = std::move(out);
  }

 private:
  // The name headed by the head word at `h`, if there is one.
  std::optional<MentionSpan> NameAt(int h) {
    const Sentence& sentence = sentences_[sentence_of_[h]];
    const int end = Complement(h + 1, sentence.end);
    const bool complement = end > h + 1;
    if (cover_[h] != kFree) {
      // The model's ORG ending in the head grows by its complement
      // ("Ministry" + "of Foreign Affairs"); any other span stays.
      const int s = cover_[h];
      if (s < 0 || !complement || (*found_)[s].type != v1::ENTITY_TYPE_ORGANIZATION ||
          (*found_)[s].end != h + 1) {
        return std::nullopt;
      }
      return MentionSpan{(*found_)[s].begin, end, v1::ENTITY_TYPE_ORGANIZATION, kOrgNameConfidence};
    }
    // A capitalised word right after the head is what the head modifies
    // ("Bank Holiday", "Party Conference"), unless it is a title.
    if (!complement && end < sentence.end && cover_[end] == kFree && Capitalised(tok_[end].text) &&
        !IsTitle(end)) {
      return std::nullopt;
    }
    if (InTitleCase(sentence)) return std::nullopt;
    int begin = h;
    while (begin - 1 >= sentence.begin && h - (begin - 1) <= kMaxWordsBefore &&
           cover_[begin - 1] == kFree && NameWord(begin - 1)) {
      --begin;
    }
    if (begin < h && FirstWordOfSentence(begin, sentence.begin) && WrittenInLowerCase(begin)) {
      ++begin;
    }
    // The model's ORG that the name runs into ("UN" + "Security Council",
    // "Labour" + "Party").
    if (begin - 1 >= sentence.begin && cover_[begin - 1] >= 0) {
      const MentionSpan& before = (*found_)[cover_[begin - 1]];
      if (before.type == v1::ENTITY_TYPE_ORGANIZATION && before.end == begin) {
        return MentionSpan{before.begin, end, v1::ENTITY_TYPE_ORGANIZATION, kOrgNameConfidence};
      }
    }
    // A head word alone is no name.
    if (begin == h && !complement) return std::nullopt;
    return MentionSpan{begin, end, v1::ENTITY_TYPE_ORGANIZATION, kOrgNameConfidence};
  }

  // The end of the complement that starts at `from` ("of Foreign Affairs",
  // "of Mining and Energy"), or `from` when none does.
  int Complement(int from, int sentence_end) const {
    int k = from;
    if (k >= sentence_end || cover_[k] != kFree || !OpensComplement(tok_[k].text)) {
      return from;
    }
    ++k;
    if (k < sentence_end && cover_[k] == kFree && tok_[k].text == "the") ++k;
    int end = CapitalisedRun(k, sentence_end);
    // Titles that end the run before a name are that person's.
    if (end < sentence_end && (cover_[end] >= 0 || Capitalised(tok_[end].text))) {
      while (end > k && IsTitle(end - 1)) --end;
    }
    if (end == k) return from;
    // "and" joins capitalised words, not a second organisation ("the
    // Ministry of Defence and Foreign Office").
    while (end + 1 < sentence_end && cover_[end] == kFree &&
           (tok_[end].text == "and" || tok_[end].text == "&")) {
      const int next = CapitalisedRun(end + 1, sentence_end);
      bool another = false;
      for (int t = end + 1; t < next; ++t) {
        another = another || IsOrganizationHeadWord(tok_[t].text);
      }
      if (next == end + 1 || another) break;
      end = next;
    }
    return end;
  }

  // The end of the run of free name words from `from`.
  int CapitalisedRun(int from, int sentence_end) const {
    int t = from;
    while (t < sentence_end && cover_[t] == kFree && NameWord(t)) ++t;
    return t;
  }

  bool IsTitle(int t) const { return Listed(kTitles, absl::AsciiStrToLower(tok_[t].text)); }

  // A headline in title case ("Washington Post Assembles 'A Sizable Army'
  // Of Reporters") capitalises every word, so capitals say nothing about
  // names there: a sentence of four capitalised words or more and no
  // lower-case word but the small ones a title keeps lower case.
  bool InTitleCase(const Sentence& sentence) const {
    int capitalised = 0;
    for (int t = sentence.begin; t < sentence.end; ++t) {
      const std::string& word = tok_[t].text;
      if (Capitalised(word)) {
        ++capitalised;
      } else if (StartsWithLowerAscii(word) && !Listed(kSmallWords, word)) {
        return false;
      }
    }
    return capitalised >= 4;
  }

  bool NameWord(int t) const {
    const std::string& word = tok_[t].text;
    return Capitalised(word) && !Listed(kNeverInName, absl::AsciiStrToLower(word));
  }

  // Whether token `t` is its sentence's first word (after any opening
  // quotes, brackets or dashes).
  bool FirstWordOfSentence(int t, int sentence_begin) const {
    for (int k = sentence_begin; k < t; ++k) {
      const unsigned char c = static_cast<unsigned char>(tok_[k].text[0]);
      if (absl::ascii_isalnum(c) || c >= 0x80) return false;
    }
    return true;
  }

  // Whether the document writes the word at `t` in lower case and never
  // capitalised inside a sentence: then a capital at a sentence's start is
  // grammar's, not a name's ("Local Police said" beside "local
  // councils"). Read from the whole text the first time it is asked.
  bool WrittenInLowerCase(int t) {
    if (!case_read_) {
      case_read_ = true;
      for (int k = 0; k < n_; ++k) {
        const std::string& word = tok_[k].text;
        if (StartsWithLowerAscii(word)) {
          lower_.insert(word);
        } else if (Capitalised(word) &&
                   !FirstWordOfSentence(k, sentences_[sentence_of_[k]].begin)) {
          capitalised_inside_.insert(absl::AsciiStrToLower(word));
        }
      }
    }
    const std::string lower = absl::AsciiStrToLower(tok_[t].text);
    return lower_.contains(lower) && !capitalised_inside_.contains(lower);
  }

  // CoNLL's longest run before a head is four words ("Jordanian Arab
  // Socialist Baath Party"); longer runs are headlines and lists more often
  // than names.
  static constexpr int kMaxWordsBefore = 4;

  const std::vector<Token>& tok_;
  const std::vector<Sentence>& sentences_;
  std::vector<MentionSpan>* found_;
  const int n_;
  std::vector<int> cover_;  // token -> span of found_, kFree or kAdded
  std::vector<int> sentence_of_;
  std::vector<bool> replaced_;  // by span of found_
  std::vector<MentionSpan> added_;
  bool case_read_ = false;
  absl::flat_hash_set<std::string> lower_;
  absl::flat_hash_set<std::string> capitalised_inside_;
};

}  // namespace

bool IsOrganizationHeadWord(absl::string_view word) {
  // Every head word is 4 to 10 letters and capitalised: most tokens are
  // rejected before the table is read.
  if (word.size() < 4 || word.size() > 10 ||
      !absl::ascii_isupper(static_cast<unsigned char>(word[0])) ||
      !absl::ascii_islower(static_cast<unsigned char>(word[1]))) {
    return false;
  }
  return Listed(kHeadWords, word);
}

void AddOrganizationNames(const TokenizedText& text, std::vector<MentionSpan>* found) {
  // Most texts have no head word; they cost one pass.
  const int n = static_cast<int>(text.tokens.size());
  int first = 0;
  while (first < n && !IsOrganizationHeadWord(text.tokens[first].text)) ++first;
  if (first == n) return;
  OrgFinder(text, found).Run(first);
}

bool IsWebAddressEnding(absl::string_view ending) {
  static constexpr absl::string_view kGeneric[] = {"com", "net", "org", "info", "biz"};
  static constexpr absl::string_view kSecondLevel[] = {"co", "com", "org", "ac", "gov", "net"};
  if (std::find(std::begin(kGeneric), std::end(kGeneric), ending) != std::end(kGeneric)) {
    return true;
  }
  const size_t dot = ending.find('.');
  if (dot == absl::string_view::npos) return false;
  const absl::string_view country = ending.substr(dot + 1);
  return std::find(std::begin(kSecondLevel), std::end(kSecondLevel), ending.substr(0, dot)) !=
             std::end(kSecondLevel) &&
         country.size() == 2 && absl::ascii_islower(static_cast<unsigned char>(country[0])) &&
         absl::ascii_islower(static_cast<unsigned char>(country[1]));
}

absl::string_view SiteName(absl::string_view text) {
  const size_t first_dot = text.find('.');
  if (first_dot == 0 || first_dot == absl::string_view::npos) return {};
  const absl::string_view site = text.substr(0, first_dot);
  bool capital = false;
  for (const char c : site) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') return {};
    capital = capital || absl::ascii_isupper(static_cast<unsigned char>(c));
  }
  if (!capital) return {};
  // The ending: the last label, or the last two ("co.uk").
  const size_t last_dot = text.rfind('.');
  if (IsWebAddressEnding(text.substr(last_dot + 1))) return site;
  if (last_dot > first_dot) {
    const size_t before = text.rfind('.', last_dot - 1);
    if (IsWebAddressEnding(text.substr(before + 1))) return site;
  }
  return {};
}

std::string WithoutLegalForm(absl::string_view key) {
  static constexpr absl::string_view kForms[] = {
      "inc", "incorporated", "corp", "corporation", "co",  "cos", "ltd", "limited",
      "plc", "llc",          "llp",  "lp",          "ag",  "sa",  "nv",  "gmbh",
      "spa", "bv",           "pty",  "bhd",         "pte", "oyj", "asa", "kk"};
  absl::string_view rest = key;
  for (int stripped = 0; stripped < 2; ++stripped) {
    const size_t space = rest.rfind(' ');
    if (space == absl::string_view::npos) break;
    const absl::string_view last = rest.substr(space + 1);
    if (std::find(std::begin(kForms), std::end(kForms), last) == std::end(kForms)) break;
    const absl::string_view before = rest.substr(0, space);
    if (before.empty() || before == "the") break;
    rest = before;
  }
  // "Merrill Lynch and Co Inc", "Mitsui and Co Ltd": the "and" before the
  // form goes with it.
  if (rest.size() < key.size() && absl::ConsumeSuffix(&rest, " and") && rest.empty()) {
    return std::string(key);
  }
  return std::string(rest);
}

}  // namespace dossier::tagger
