#include "services/ingest/article.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/time_util.h"

namespace dossier::ingest {
namespace {

using Lines = std::vector<std::string>;

// Lower case with trailing punctuation and spaces removed.
std::string Key(absl::string_view line) {
  std::string k = absl::AsciiStrToLower(absl::StripAsciiWhitespace(line));
  while (!k.empty() && (k.back() == ':' || k.back() == '.' || k.back() == '!' || k.back() == '>' ||
                        k.back() == '|')) {
    k.pop_back();
  }
  return std::string(absl::StripAsciiWhitespace(k));
}

// The agency of a wire's sign-off line ("Reuter", "REUTER", "Reuters",
// "REUTER..."), as its outlet is named.
std::optional<std::string> SignOff(absl::string_view line) {
  std::string word = absl::AsciiStrToLower(absl::StripAsciiWhitespace(line));
  // "REUTER^M": a carriage return written out.
  if (absl::EndsWith(word, "^m")) word.resize(word.size() - 2);
  while (!word.empty() && word.back() == '.') word.pop_back();
  if (word == "reuter" || word == "reuters") return std::string("Reuters");
  return std::nullopt;
}

// Scraper residue: navigation, sharing and comment widgets.
bool IsBoilerplate(absl::string_view line) {
  static const auto* exact = new absl::flat_hash_set<std::string>{"all news",
                                                                  "latest news",
                                                                  "more news",
                                                                  "news",
                                                                  "related stories",
                                                                  "related articles",
                                                                  "related news",
                                                                  "related",
                                                                  "leave a reply",
                                                                  "leave a comment",
                                                                  "comments",
                                                                  "comment",
                                                                  "share",
                                                                  "share this",
                                                                  "share this article",
                                                                  "share this story",
                                                                  "share on facebook",
                                                                  "share on twitter",
                                                                  "tweet",
                                                                  "print",
                                                                  "email",
                                                                  "e-mail",
                                                                  "advertisement",
                                                                  "advertising",
                                                                  "sponsored",
                                                                  "sponsored content",
                                                                  "read more",
                                                                  "read also",
                                                                  "see also",
                                                                  "also read",
                                                                  "follow us",
                                                                  "subscribe",
                                                                  "sign up",
                                                                  "top stories",
                                                                  "most read",
                                                                  "most popular",
                                                                  "popular",
                                                                  "recommended",
                                                                  "you may also like",
                                                                  "tags",
                                                                  "home",
                                                                  "menu",
                                                                  "skip to content",
                                                                  "back to top",
                                                                  "loading",
                                                                  "click here",
                                                                  "go to page",
                                                                  "next page",
                                                                  "previous page",
                                                                  "show comments",
                                                                  "hide comments",
                                                                  "all rights reserved",
                                                                  "cookie policy",
                                                                  "privacy policy",
                                                                  "terms of use",
                                                                  "contact us",
                                                                  "about us",
                                                                  "newsletter"};
  if (line.size() > 80) return false;
  const std::string k = Key(line);
  if (k.empty()) return false;
  if (exact->contains(k)) return true;
  // "page 1 of 18 go to page", "page 2 of 5"
  std::vector<std::string> words = absl::StrSplit(k, ' ', absl::SkipEmpty());
  if (words.size() >= 4 && words[0] == "page" && words[2] == "of") {
    int a = 0, b = 0;
    if (absl::SimpleAtoi(words[1], &a) && absl::SimpleAtoi(words[3], &b)) return true;
  }
  // Captions and credits of pictures: "Screenshot TV Prva", "Photo: Reuters",
  // "(Photo: AFP)", "© 2023 Example". A headline may start with "Video", so
  // those words need their colon.
  if (words.size() <= 8) {
    for (const char* prefix :
         {"screenshot", "photo:", "foto:", "image:", "picture:", "video:", "illustration:",
          "(photo", "(image", "photo credit", "copyright", "\xc2\xa9"}) {
      if (absl::StartsWith(k, prefix)) return true;
    }
  }
  return false;
}

// "X Y X Y": a caption printed twice on one line (short, and no sentence:
// "He agreed. He agreed." is text).
bool IsDoubledPhrase(absl::string_view line) {
  const std::vector<absl::string_view> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
  if (words.size() < 2 || words.size() % 2 != 0 || words.size() > 24) return false;
  const size_t half = words.size() / 2;
  const absl::string_view last = words[half - 1];
  if (absl::EndsWith(last, ".") || absl::EndsWith(last, "!") || absl::EndsWith(last, "?")) {
    return false;
  }
  for (size_t i = 0; i < half; ++i) {
    if (words[i] != words[half + i]) return false;
  }
  return true;
}

// "Source: RIA Novosti" -> "RIA Novosti".
std::optional<std::string> SourceLine(absl::string_view line) {
  if (line.size() > 100) return std::nullopt;
  absl::string_view rest = absl::StripAsciiWhitespace(line);
  for (const char* prefix : {"Source:", "SOURCE:", "source:", "Source :", "Izvor:"}) {
    if (absl::ConsumePrefix(&rest, prefix)) {
      rest = absl::StripAsciiWhitespace(rest);
      while (!rest.empty() && rest.back() == '.') rest.remove_suffix(1);
      if (rest.empty()) return std::nullopt;
      return std::string(rest);
    }
  }
  return std::nullopt;
}

int WeekdayOf(absl::string_view word) {
  static const char* kNames[] = {"monday", "tuesday",  "wednesday", "thursday",
                                 "friday", "saturday", "sunday"};
  const std::string w = absl::AsciiStrToLower(word);
  for (int d = 0; d < 7; ++d) {
    if (w == kNames[d]) return d;
  }
  return -1;
}

absl::Weekday ToWeekday(int d) {
  static const absl::Weekday kDays[] = {absl::Weekday::monday,    absl::Weekday::tuesday,
                                        absl::Weekday::wednesday, absl::Weekday::thursday,
                                        absl::Weekday::friday,    absl::Weekday::saturday,
                                        absl::Weekday::sunday};
  return kDays[d];
}

// A cursor over a paragraph for the dateline grammar.
class Scanner {
 public:
  explicit Scanner(absl::string_view s) : s_(s) {}
  void SkipSpaces() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  bool Consume(absl::string_view prefix) {
    if (s_.substr(pos_, prefix.size()) != prefix) return false;
    pos_ += prefix.size();
    return true;
  }
  // A run of non-space bytes.
  absl::string_view Word() {
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != ' ' && s_[pos_] != '\n') ++pos_;
    return s_.substr(start, pos_ - start);
  }
  // The text up to `close` ("TASS" of "TASS/", "Reuters" of "Reuters)"),
  // then past `close`; false when `close` is not within 30 bytes.
  bool Enclosed(char close, std::string* out) {
    const size_t end = rest().find(close);
    if (end == absl::string_view::npos || end > 30) return false;
    *out = std::string(rest().substr(0, end));
    pos_ += end + 1;
    return true;
  }
  size_t pos() const { return pos_; }
  void set_pos(size_t p) { pos_ = p; }
  absl::string_view rest() const { return s_.substr(pos_); }
  bool done() const { return pos_ >= s_.size(); }

 private:
  absl::string_view s_;
  size_t pos_ = 0;
};

struct Dateline {
  std::string place;
  std::string agency;
  int month = 0;
  int day = 0;
  int year = 0;
};

// A word of a dateline place: in capitals ("SAO PAULO"), or, when
// `mixed_case` allows, in any case ("Toronto", "La paz": the date that must
// follow then makes it a dateline).
bool IsPlaceWord(absl::string_view w, bool mixed_case) {
  int letters = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    const unsigned char u = static_cast<unsigned char>(w[i]);
    if (absl::ascii_islower(u)) {
      if (!mixed_case) return false;
      ++letters;
    } else if (absl::ascii_isupper(u) || u >= 0x80) {
      ++letters;
    } else if (u != '.' && u != '\'' && u != '-') {
      return false;
    }
  }
  return letters > 0;
}

bool IsKnownAgency(absl::string_view name) {
  static const auto* agencies = new absl::flat_hash_set<std::string>{"reuters",
                                                                     "ap",
                                                                     "afp",
                                                                     "tass",
                                                                     "ria novosti",
                                                                     "ria",
                                                                     "xinhua",
                                                                     "tanjug",
                                                                     "interfax",
                                                                     "bloomberg",
                                                                     "dpa",
                                                                     "ansa",
                                                                     "efe",
                                                                     "kyodo",
                                                                     "yonhap",
                                                                     "upi",
                                                                     "sputnik",
                                                                     "beta",
                                                                     "fena",
                                                                     "anadolu",
                                                                     "bta",
                                                                     "mina",
                                                                     "srna",
                                                                     "itar-tass",
                                                                     "associated press",
                                                                     "agence france-presse",
                                                                     "bne",
                                                                     "pti",
                                                                     "ians"};
  return agencies->contains(absl::AsciiStrToLower(name));
}

// An agency name after the dateline: "RIA Novosti." — a few capitalised
// words ending at a period, or a known agency.
std::optional<std::string> AgencyBeforePeriod(absl::string_view rest) {
  const size_t period = rest.find(". ");
  const absl::string_view candidate =
      period == absl::string_view::npos ? rest : rest.substr(0, period);
  if (candidate.empty() || candidate.size() > 40) return std::nullopt;
  const std::vector<absl::string_view> words = absl::StrSplit(candidate, ' ', absl::SkipEmpty());
  if (words.empty() || words.size() > 4) return std::nullopt;
  if (IsKnownAgency(candidate)) return std::string(candidate);
  for (absl::string_view w : words) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(w[0]))) return std::nullopt;
  }
  // Capitalised words that end in a period, followed by more text: a name
  // only if the next sentence starts right after.
  if (period == absl::string_view::npos) return std::nullopt;
  return std::string(candidate);
}

bool StartsWithDash(absl::string_view rest) {
  for (const char* dash : {"-", "\xe2\x80\x93", "\xe2\x80\x94"}) {
    if (absl::StartsWith(rest, dash)) return true;
  }
  return false;
}

// A word in capitals that opens a story but names no place: "BREAKING -".
bool IsKicker(absl::string_view word) {
  static constexpr absl::string_view kKickers[] = {
      "ALERT",     "ANALYSIS",  "BREAKING", "BRIEF",   "COMMENT", "CORRECTED", "CORRECTION",
      "EDITORIAL", "EXCLUSIVE", "FACTBOX",  "FEATURE", "FLASH",   "INSIGHT",   "INTERVIEW",
      "LIVE",      "NEWS",      "OPINION",  "PHOTOS",  "REFILE",  "REVIEW",    "UPDATE",
      "UPDATED",   "URGENT",    "VIDEO",    "WATCH",   "WRAPUP"};
  for (absl::string_view kicker : kKickers) {
    if (word == kicker) return true;
  }
  return false;
}

// Parses a dateline at the start of `p`:
//   MOSCOW, February 13 – RIA Novosti.     MOSCOW, August 1. /TASS/.
//   SALVADOR, Feb 26 -                     LONDON, March 3 (Reuters) -
//   LONDON (Reuters) -                     BELGRADE, 13 February (Tanjug) -
std::optional<Dateline> ParseDateline(absl::string_view p, bool mixed_case);

std::optional<Dateline> ParseDateline(absl::string_view p) {
  // Capitals first; a capitalised place counts only with a date after it.
  if (auto d = ParseDateline(p, /*mixed_case=*/false)) return d;
  auto d = ParseDateline(p, /*mixed_case=*/true);
  if (d.has_value() && d->month > 0) return d;
  return std::nullopt;
}

std::optional<Dateline> ParseDateline(absl::string_view p, bool mixed_case) {
  // Wire copy sometimes carries junk before the place ("****LONDON").
  size_t skip = 0;
  while (skip < p.size() && p[skip] == '*') ++skip;
  // "PARIS,March 16": a comma without its space.
  std::string fixed(p.substr(skip));
  const size_t comma = fixed.find(',');
  if (comma != std::string::npos && comma + 1 < fixed.size() && fixed[comma + 1] != ' ' &&
      comma < 40) {
    fixed.insert(comma + 1, " ");
  }
  p = fixed;
  Scanner sc(p);
  Dateline d;
  // The place: one to five words in capitals, then a comma.
  std::vector<std::string> place;
  bool closed = false;
  while (place.size() < 5) {
    const size_t save = sc.pos();
    absl::string_view w = sc.Word();
    if (w == ",") {  // "NEW YORK , March 5"
      closed = !place.empty();
      sc.SkipSpaces();
      break;
    }
    const bool comma_after = absl::EndsWith(w, ",");
    if (comma_after) w.remove_suffix(1);
    if (w.empty() || StartsWithDash(w) || !IsPlaceWord(w, mixed_case)) {
      sc.set_pos(save);
      break;
    }
    place.emplace_back(w);
    sc.SkipSpaces();
    if (comma_after) {
      closed = true;
      break;
    }
    // "LONDON (Reuters) -": a place without a date.
    if (sc.rest().substr(0, 1) == "(") break;
  }
  if (place.empty()) return std::nullopt;
  d.place = absl::StrJoin(place, " ");
  if (d.place.size() < 3) return std::nullopt;
  // Without its comma, a place needs "(Agency)" next, "LONDON (Reuters) -",
  // or in capitals a dash, "PRISTINA – Kosovo officials said" ("ROTTERDAM
  // PORT SUBSIDY TO END JULY 1 - MINISTER" is a headline).
  if (!closed && sc.rest().substr(0, 1) != "(" && (mixed_case || !StartsWithDash(sc.rest()))) {
    return std::nullopt;
  }
  // A region after the city: "SAN MATEO, Calif., March 2", "TAUPO, New
  // Zealand, March 23". One to three words and a comma, not a month.
  if (closed) {
    const size_t save = sc.pos();
    std::vector<std::string> region;
    while (region.size() < 3) {
      absl::string_view w = sc.Word();
      const bool comma_after = absl::EndsWith(w, ",");
      if (comma_after) w.remove_suffix(1);
      if (w.empty() || MonthFromName(w) > 0 ||
          !absl::ascii_isupper(static_cast<unsigned char>(w[0]))) {
        region.clear();
        break;
      }
      region.emplace_back(w);
      sc.SkipSpaces();
      // "PRISTINA, Kosovo — ": a region before the dash of a dateline
      // without a date (in capitals).
      if (comma_after || (!mixed_case && StartsWithDash(sc.rest()))) break;
      if (region.size() == 3) region.clear();
    }
    if (region.empty()) {
      sc.set_pos(save);
    } else {
      absl::StrAppend(&d.place, ", ", absl::StrJoin(region, " "));
    }
  }
  // The date: "February 13", "Feb 26", "13 February", optional ", 2023".
  const size_t date_start = sc.pos();
  absl::string_view a = sc.Word();
  sc.SkipSpaces();
  absl::string_view b = sc.Word();
  auto strip = [](absl::string_view w) {
    while (!w.empty() && (w.back() == ',' || w.back() == '.')) w.remove_suffix(1);
    return w;
  };
  int day = 0;
  if (MonthFromName(a) > 0 && absl::SimpleAtoi(strip(b), &day)) {
    d.month = MonthFromName(a);
  } else if (absl::SimpleAtoi(strip(a), &day) && MonthFromName(strip(b)) > 0) {
    d.month = MonthFromName(strip(b));
  } else {
    sc.set_pos(date_start);
    day = 0;
  }
  if (d.month > 0) {
    if (day < 1 || day > 31) return std::nullopt;
    d.day = day;
    const size_t save = sc.pos();
    sc.SkipSpaces();
    int year = 0;
    absl::string_view y = sc.Word();
    if (absl::SimpleAtoi(strip(y), &year) && year >= 1900 && year <= 2100) {
      d.year = year;
    } else {
      sc.set_pos(save);
    }
    // "February 13." — the period that TASS puts after the date.
    absl::string_view last = p.substr(0, sc.pos());
    if (absl::EndsWith(last, ".")) {
      sc.SkipSpaces();
      if (sc.Consume("/") && !sc.Enclosed('/', &d.agency)) return std::nullopt;
      return d;
    }
  }
  sc.SkipSpaces();
  // "(Reuters)".
  if (sc.Consume("(")) {
    if (!sc.Enclosed(')', &d.agency)) return std::nullopt;
    sc.SkipSpaces();
  }
  // The separator: a dash, or "/TASS/".
  bool separated = false;
  for (const char* dash : {"-", "\xe2\x80\x93", "\xe2\x80\x94", "--"}) {
    if (sc.Consume(dash)) {
      separated = true;
      break;
    }
  }
  if (sc.Consume("/")) {
    if (!sc.Enclosed('/', &d.agency)) return std::nullopt;
    return d;
  }
  if (!separated) return std::nullopt;
  // Without a date or an agency, only a place of one or two words in
  // capitals that is no kicker ("BREAKING - ", "EXCLUSIVE - "), before a
  // sentence in a paragraph of the body: not a headline in capitals
  // ("ECONOMIC SPOTLIGHT - ITALIAN BOOM", "ARGENTINA COULD SUSPEND DEBT
  // PAYMENTS - DEPUTY").
  if (d.month == 0 && d.agency.empty()) {
    if (mixed_case || place.size() > 2 || IsKicker(place[0]) || p.size() < 40) {
      return std::nullopt;
    }
    const absl::string_view after = sc.rest().substr(0, 40);
    if (std::none_of(after.begin(), after.end(),
                     [](char c) { return absl::ascii_islower(static_cast<unsigned char>(c)); })) {
      return std::nullopt;
    }
  }
  sc.SkipSpaces();
  if (d.agency.empty()) {
    if (auto agency = AgencyBeforePeriod(sc.rest())) d.agency = *agency;
  }
  return d;
}

// The weekday the paragraph's news happened on: the first "on <weekday>".
int WeekdayHint(absl::string_view paragraph) {
  const std::vector<absl::string_view> words =
      absl::StrSplit(paragraph, absl::ByAnyChar(" ,.;:\n"), absl::SkipEmpty());
  for (size_t i = 1; i < words.size(); ++i) {
    const int d = WeekdayOf(words[i]);
    if (d >= 0 && absl::AsciiStrToLower(words[i - 1]) == "on") return d;
  }
  return -1;
}

// The year of a dateline without one. News is received soon after it is
// written: a date in the week before `reference` is taken as it is. An
// older date (an archive, a late import) takes the weekday its paragraph
// names, when it names one: the latest year in which the date fell on it.
std::optional<absl::CivilDay> InferYear(int month, int day, int weekday, absl::CivilDay reference) {
  std::optional<absl::CivilDay> latest;
  for (int y = static_cast<int>(reference.year()); y >= reference.year() - 30; --y) {
    const absl::CivilDay candidate(y, month, day);
    if (candidate.month() != month || candidate.day() != day) continue;  // Feb 29
    if (candidate > reference + 1) continue;                             // not in the future
    if (!latest.has_value()) {
      latest = candidate;
      if (weekday < 0 || reference - candidate <= 7) return latest;
    }
    if (absl::GetWeekday(candidate) == ToWeekday(weekday)) return candidate;
  }
  return latest;
}

// "date 2023-02-13", "Date: 2023-02-13", "Published: 2023-02-13" at the start.
std::optional<absl::CivilDay> DateHeader(absl::string_view* text) {
  absl::string_view t = absl::StripLeadingAsciiWhitespace(*text);
  absl::string_view rest = t;
  bool labelled = false;
  for (const char* label : {"date", "Date", "DATE", "Published", "published", "Posted", "posted",
                            "Updated", "updated"}) {
    if (absl::ConsumePrefix(&rest, label)) {
      labelled = true;
      break;
    }
  }
  if (!labelled) return std::nullopt;
  absl::ConsumePrefix(&rest, ":");
  rest = absl::StripLeadingAsciiWhitespace(rest);
  if (rest.size() < 10 || rest[4] != '-' || rest[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(rest.substr(0, 4), &y) || !absl::SimpleAtoi(rest.substr(5, 2), &m) ||
      !absl::SimpleAtoi(rest.substr(8, 2), &d)) {
    return std::nullopt;
  }
  const absl::CivilDay day(y, m, d);
  if (day.month() != m || day.day() != d) return std::nullopt;
  rest.remove_prefix(10);
  // A time may follow ("T08:00:00Z", " 08:00").
  if (!rest.empty() &&
      (rest[0] == 'T' ||
       (rest.size() > 3 && rest[0] == ' ' &&
        absl::ascii_isdigit(static_cast<unsigned char>(rest[1])) && rest[3] == ':'))) {
    const size_t space = rest.find_first_of(" \n", 1);
    rest.remove_prefix(space == absl::string_view::npos ? rest.size() : space);
  }
  *text = absl::StripLeadingAsciiWhitespace(rest);
  return day;
}

bool LooksLikeHeadline(absl::string_view line) {
  if (line.empty() || line.size() > 200 || line.find('\n') != absl::string_view::npos) {
    return false;
  }
  const std::vector<absl::string_view> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
  if (words.size() < 2 || words.size() > 30) return false;
  bool upper = true;
  for (char c : line) upper = upper && !absl::ascii_islower(static_cast<unsigned char>(c));
  return upper || line.back() != '.' || absl::EndsWith(line, "...");
}

// Sentence spans of a paragraph, cut where ". ", "! " or "? " (with any
// closing quote) is followed by a capital, a digit or an opening quote.
// Enough to find a repeated sentence; no tokenizer needed.
std::vector<std::pair<size_t, size_t>> SentenceSpans(absl::string_view p) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  for (size_t i = 0; i + 1 < p.size(); ++i) {
    const char c = p[i];
    if (c != '.' && c != '!' && c != '?') continue;
    size_t end = i + 1;
    // Closing quotes: " and the UTF-8 right quotation marks.
    while (true) {
      if (end < p.size() && p[end] == '"') {
        ++end;
      } else if (end + 2 < p.size() && p.substr(end, 2) == "\xe2\x80" &&
                 (static_cast<unsigned char>(p[end + 2]) == 0x9d ||
                  static_cast<unsigned char>(p[end + 2]) == 0x99)) {
        end += 3;
      } else {
        break;
      }
    }
    if (end + 1 >= p.size() || (p[end] != ' ' && p[end] != '\n')) continue;
    const unsigned char next = static_cast<unsigned char>(p[end + 1]);
    if (!absl::ascii_isupper(next) && !absl::ascii_isdigit(next) && next != '"' && next != 0xe2) {
      continue;
    }
    out.emplace_back(start, end);
    start = end + 1;
    i = end;
  }
  if (start < p.size()) out.emplace_back(start, p.size());
  return out;
}

// Drops sentences of `paragraph` (eight words or more) already in `seen`.
std::string DropRepeatedSentences(const std::string& paragraph,
                                  absl::flat_hash_set<std::string>* seen, int* removed) {
  std::vector<absl::string_view> kept;
  bool dropped = false;
  for (const auto& [begin, end] : SentenceSpans(paragraph)) {
    const absl::string_view sentence = absl::string_view(paragraph).substr(begin, end - begin);
    const size_t words = std::count(sentence.begin(), sentence.end(), ' ') + 1;
    if (words >= 8 && !seen->insert(std::string(sentence)).second) {
      ++*removed;
      dropped = true;
      continue;
    }
    kept.push_back(sentence);
  }
  return dropped ? absl::StrJoin(kept, " ") : paragraph;
}

}  // namespace

ParsedArticle ParseArticle(absl::string_view input, absl::CivilDay reference) {
  ParsedArticle out;
  absl::string_view text = input;
  if (auto date = DateHeader(&text)) {
    out.date = date;
    out.date_source = "header";
  }
  // Paragraphs of lines, residue dropped line by line.
  std::vector<std::string> paragraphs;
  for (absl::string_view para : absl::StrSplit(text, "\n\n", absl::SkipEmpty())) {
    Lines lines;
    for (absl::string_view line : absl::StrSplit(para, '\n', absl::SkipEmpty())) {
      if (auto source = SourceLine(line)) {
        if (out.outlet.empty()) out.outlet = *source;
        ++out.removed_lines;
        continue;
      }
      if (IsBoilerplate(line) || IsDoubledPhrase(line) ||
          (!lines.empty() && lines.back() == line)) {
        ++out.removed_lines;
        continue;
      }
      lines.emplace_back(line);
    }
    if (!lines.empty()) paragraphs.push_back(absl::StrJoin(lines, "\n"));
  }
  // A wire's sign-off on the last line ("Reuter"): no part of the story
  // (taken for a person, it would name every story of the wire), but it
  // names the agency.
  std::string signed_by;
  if (!paragraphs.empty()) {
    std::string& last = paragraphs.back();
    const size_t newline = last.rfind('\n');
    const absl::string_view line = newline == std::string::npos
                                       ? absl::string_view(last)
                                       : absl::string_view(last).substr(newline + 1);
    if (auto agency = SignOff(line)) {
      signed_by = *agency;
      ++out.removed_lines;
      if (newline == std::string::npos) {
        paragraphs.pop_back();
      } else {
        last.resize(newline);
      }
    }
  }
  // Repeated paragraphs, then repeated sentences.
  absl::flat_hash_set<std::string> seen_paragraphs, seen_sentences;
  std::vector<std::string> kept;
  for (std::string& p : paragraphs) {
    if (!seen_paragraphs.insert(p).second) {
      ++out.removed_repeats;
      continue;
    }
    kept.push_back(DropRepeatedSentences(p, &seen_sentences, &out.removed_repeats));
  }
  // The headline: a first short line with more after it.
  size_t first_body = 0;
  if (kept.size() >= 2 && LooksLikeHeadline(kept[0]) && !ParseDateline(kept[0])) {
    out.title = kept[0];
    first_body = 1;
  }
  // A date header after the headline ("Talks resume\n\ndate 2023-03-01
  // BRUSSELS, March 1 - ..."), as its own paragraph or glued to the body's
  // first, as it is glued at the start.
  if (!out.date.has_value() && first_body < kept.size()) {
    absl::string_view rest = kept[first_body];
    if (auto date = DateHeader(&rest)) {
      out.date = date;
      out.date_source = "header";
      if (rest.empty()) {
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(first_body));
      } else {
        kept[first_body] = std::string(rest);
      }
    }
  }
  // The dateline: at the start of one of the first paragraphs of the body.
  for (size_t i = first_body; i < kept.size() && i < first_body + 4; ++i) {
    if (auto d = ParseDateline(kept[i])) {
      out.dateline = d->place;
      if (out.outlet.empty() && !d->agency.empty()) out.outlet = d->agency;
      if (!out.date.has_value() && d->month > 0) {
        if (d->year > 0) {
          const absl::CivilDay day(d->year, d->month, d->day);
          if (day.day() == d->day) out.date = day;
        } else {
          out.date = InferYear(d->month, d->day, WeekdayHint(kept[i]), reference);
          out.date_year_inferred = out.date.has_value();
        }
        if (out.date.has_value()) out.date_source = "dateline";
      }
      break;
    }
  }
  if (out.outlet.empty()) out.outlet = signed_by;
  out.text = absl::StrJoin(kept, "\n\n");
  return out;
}

}  // namespace dossier::ingest
