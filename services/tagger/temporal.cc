#include "services/tagger/temporal.h"

#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/time_util.h"

// How expressions resolve (the document date is D):
//   - Absolute: "2022-08-01", "February 24, 2022", "24 February 2022",
//     "February 2022", "in 2022": as written, with or without D.
//   - A range of days ("16-18 December", "June 8-10", "from 6 to 9
//     January", "between 3 and 5 March", "30 November - 2 December",
//     "March 30 to April 1", "from May 6, 1987 until May 6, 1990"): from
//     its first day, resolved as a day is, to the first such last day
//     after it (Expression::end_day); but the range whose last day, as a
//     day is resolved, fell in the last month, or in the last
//     kUpcomingDays when the other range has begun, is the one meant
//     ("from April 1 through March 13" in a report of 20 March). Not a
//     date changed ("moved from March 12 to March 16", "postponed from 6
//     to 9 January", "on June 26 to May 8 from May 29"): two days. Not a
//     count ("on April 1 to 15 pct").
//   - A list of days of one month ("9 and 10 July", "on 14, 20 and 27
//     April", "April 1, 2 and 3"): a day each, in the month and year of
//     the one written beside the month.
//   - A day of a month without a year ("February 10", "1 September"): the
//     year that puts it nearest on or before D, unless that falls in the
//     next kUpcomingDays after D (or, for a day after "the" before a
//     scheduled event's noun, "the Nov. 8 election", in the rest of D's
//     year up to kUpcomingEventDays after it): news names the days of
//     coming events
//     ("the March 15 primaries" on March 1) far more often than a day
//     almost a year back without its year (in 150 PolNeAR articles, every
//     date that the plain rule put more than 300 days back was an event
//     a few weeks ahead).
//     After a future cue ("until" or "till" just before it, or "will",
//     "shall", "'ll", "won't", "scheduled", "expected", "ahead", "due"
//     earlier in its clause; not the comparison "than expected", "as
//     expected", nor "due to" before a cause rather than a verb ("due to
//     rain"), nor what "was due") the
//     nearest on or after D.
//   - A quarter of a year ("the fourth quarter of 2004", "Q4 2004",
//     "last year's second quarter"; "the third quarter" only in a sentence
//     about money: not a game's): without a year, the latest begun by D,
//     or with a future cue the first not ended before it; "last quarter"
//     the one before D's. Not a fiscal quarter.
//   - A decade ("the 1990s", "the late 80s", "mid-1990s"): as written;
//     "the 80s" is the latest begun by D.
//   - A month without a year ("in January", "at the end of January"): the
//     latest such month starting on or before D, or with a future cue the
//     first ending on or after it; "this January" is D's year, "last" and
//     "next" the one strictly before or after D's month.
//   - A weekday ("Monday", "on Sunday evening"): the latest such day on or
//     before D (D itself when it is that weekday), or with a future cue the
//     first on or after D; "last Monday" and "next Monday" strictly before
//     and after.
//   - "today", "yesterday", "tomorrow", "tonight", "last night"; "last",
//     "this", "next" week, month or year; "three days ago": from D.
//   - "this weekend": the Saturday and Sunday of D's week (on a weekday,
//     the coming ones); "last" and "next weekend" the ones before and
//     after.
//   - Holidays ("Christmas Day", "Christmas Eve", "Boxing Day", "New
//     Year's Day" and "Eve", "Good Friday", "Easter Sunday" and "Monday",
//     "Valentine's Day"; a bare "Christmas", "Easter", "New Year" or
//     "Halloween" only after a preposition of time, "last", "this" or
//     "next", or before a year: "at Christmas", "Christmas 2004", not a
//     "Christmas tree" or "Christmas Island"): a day of its year, nearest D
//     as a day without its year is; Easter by the Gregorian computus.
//   - "the day before" (after, the previous day, the next day, the same
//     day), "a day earlier", "two weeks later": from the day of the last
//     day-granular expression before it, else D.
// Without D only absolute expressions, and the day-relative ones that
// follow an absolute day, get a date; the rest keep their span and
// granularity.
namespace dossier::tagger {

using text::Sentence;
using text::Token;
using text::TokenizedText;

namespace {

// Where a relative day, month or weekday falls from the document date.
enum class Direction {
  kOnOrBefore,  // the default of news: what happened
  kOnOrAfter,   // a future cue: what will happen
  kBefore,      // "last"
  kAfter,       // "next"
  kSame,        // "this" (months and years)
};

// An expression found: tokens [first, last) and the period it denotes.
struct Expression {
  int first = 0;
  int last = 0;
  v1::TemporalGranularity granularity = v1::TEMPORAL_GRANULARITY_UNSPECIFIED;
  std::optional<absl::CivilDay> day;  // the first day of the period
  // The last day of a range of days ("16-18 December"), with `day` known.
  std::optional<absl::CivilDay> end_day;
  // A date changed ("postponed from 6 to 9 January") is two expressions:
  // `day` over tokens [first, split_last), `second_day` over [split_first,
  // last). 0 when one.
  int split_last = 0;
  int split_first = 0;
  std::optional<absl::CivilDay> second_day;
  // A holiday: a name the model found inside it ("Easter" read as a place)
  // is no name, and does not keep it from being a date.
  bool holiday = false;
};

// What earlier expressions and the document tell a relative one.
struct Context {
  std::optional<absl::CivilDay> document_date;
  // The day of the last day-granular expression so far ("On February 3,
  // ... The day before" counts from February 3); unset when that one could
  // not be resolved, and then what counts from it cannot be either.
  std::optional<absl::CivilDay> last_day;
  // The last day of that expression when it was a range ("16-18 December").
  std::optional<absl::CivilDay> last_end;
  bool seen_day = false;

  // What "the day before" and "a day earlier" count back from, and (with
  // `forward`) "the day after" and "a day later" on from: a range's first
  // day back, its last day on.
  std::optional<absl::CivilDay> Anchor(bool forward) const {
    if (!seen_day) return document_date;
    return forward && last_end.has_value() ? last_end : last_day;
  }
};

constexpr size_t kMonthNameLength[] = {7, 8, 5, 5, 3, 4, 4, 6, 9, 7, 8, 8};

// Auxiliaries of the future ("wo" of "won't").
const std::initializer_list<absl::string_view> kFutureAuxiliaries = {"will", "shall", "'ll", "wo"};

// What a trade is "for" at a date to come ("for shipment in July", "for
// May delivery").
const std::initializer_list<absl::string_view> kTradeFor = {
    "shipment", "shipments", "delivery", "deliveries", "loading", "arrival", "shipping"};

// Verbs news puts after "due to" for what is to come ("due to appear in
// court on Friday"); any other word after it is a cause ("due to rain").
const std::initializer_list<absl::string_view> kVerbsAfterDueTo = {
    "be",     "appear",  "start",   "begin",   "meet",    "take",     "make",     "hold",
    "visit",  "go",      "come",    "give",    "face",    "return",   "announce", "publish",
    "report", "release", "open",    "close",   "end",     "finish",   "sign",     "vote",
    "decide", "arrive",  "leave",   "launch",  "hear",    "stand",    "play",     "fly",
    "travel", "speak",   "deliver", "present", "unveil",  "complete", "resume",   "expire",
    "retire", "become",  "receive", "attend",  "join",    "run",      "reach",    "rule",
    "debate", "discuss", "testify", "outline", "address", "host",     "sit"};

// Words a number counts ("14 people", "6 more", "5 of them"): before one,
// a number is no day of the month.
const std::initializer_list<absl::string_view> kCounted = {
    "people",  "more",    "others",  "other",  "of",       "per",     "percent", "%",
    "million", "mln",     "billion", "bn",     "thousand", "hundred", "years",   "year",
    "days",    "weeks",   "months",  "hours",  "minutes",  "times",   "members", "cases",
    "points",  "goals",   "votes",   "seats",  "children", "men",     "women",   "pounds",
    "dollars", "euros",   "cents",   "pence",  "games",    "matches", "pct",     "dlrs",
    "cts",     "tonnes",  "tons",    "shares", "stg",      "barrels", "yen",     "francs",
    "bales",   "bushels", "lbs"};

bool Is(const Token& token, absl::string_view word) {
  return absl::EqualsIgnoreCase(token.text, word);
}

bool IsAnyOf(const Token& token, std::initializer_list<absl::string_view> words) {
  for (absl::string_view w : words) {
    if (absl::EqualsIgnoreCase(token.text, w)) return true;
  }
  return false;
}

bool StartsUpper(const Token& token) {
  return !token.text.empty() && absl::ascii_isupper(static_cast<unsigned char>(token.text[0]));
}

bool StartsDigit(const Token& token) {
  return !token.text.empty() && absl::ascii_isdigit(static_cast<unsigned char>(token.text[0]));
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The month a capitalised token names: its full name, or with
// `abbreviations` a three-letter form or "Sept" (with or without a period),
// which stand only beside a day or a year ("Feb 26"). 0 otherwise.
int MonthOf(const Token& token, bool abbreviations) {
  absl::string_view w = token.text;
  if (w.size() < 3 || w.size() > 10 || !StartsUpper(token)) return 0;
  // Most capitalised words are names: three letters turn them away.
  static constexpr char kPrefixes[] = "janfebmaraprmayjunjulaugsepoctnovdec";
  const char prefix[3] = {absl::ascii_tolower(w[0]), absl::ascii_tolower(w[1]),
                          absl::ascii_tolower(w[2])};
  bool known = false;
  for (int m = 0; m < 12 && !known; ++m) {
    known = std::memcmp(prefix, kPrefixes + 3 * m, 3) == 0;
  }
  if (!known) return 0;
  absl::ConsumeSuffix(&w, ".");
  const int month = MonthFromName(w);
  if (month == 0) return 0;
  if (w.size() == kMonthNameLength[month - 1]) return month;
  if (!abbreviations) return 0;
  if (w.size() == 3 || (month == 9 && absl::EqualsIgnoreCase(w, "sept"))) {
    return month;
  }
  return 0;
}

// A day of the month: "3", "03", "3rd", "24th". 0 otherwise.
int DayOf(const Token& token) {
  absl::string_view w = token.text;
  if (w.size() > 4 || !StartsDigit(token)) return 0;
  if (w.size() > 2) {
    for (absl::string_view suffix : {"st", "nd", "rd", "th"}) {
      if (absl::ConsumeSuffix(&w, suffix)) break;
    }
  }
  if (w.size() > 2 || !AllDigits(w)) return 0;
  const int day = w.size() == 1 ? w[0] - '0' : (w[0] - '0') * 10 + (w[1] - '0');
  return day >= 1 && day <= 31 ? day : 0;
}

// A year of four digits within [lo, hi]; 0 otherwise.
int YearOf(absl::string_view w, int lo = 1000, int hi = 2999) {
  if (w.size() != 4 || !AllDigits(w)) return 0;
  const int year = (w[0] - '0') * 1000 + (w[1] - '0') * 100 + (w[2] - '0') * 10 + (w[3] - '0');
  return year >= lo && year <= hi ? year : 0;
}

std::optional<absl::CivilDay> ValidDay(int year, int month, int day) {
  const absl::CivilDay d(year, month, day);
  if (d.year() != year || d.month() != month || d.day() != day) {
    return std::nullopt;
  }
  return d;
}

// "2022-08-01".
std::optional<absl::CivilDay> IsoDateOf(const Token& token) {
  const absl::string_view w = token.text;
  if (w.size() != 10 || w[4] != '-' || w[7] != '-') return std::nullopt;
  const int year = YearOf(w.substr(0, 4));
  if (year == 0 || !AllDigits(w.substr(5, 2)) || !AllDigits(w.substr(8, 2))) {
    return std::nullopt;
  }
  return ValidDay(year, (w[5] - '0') * 10 + (w[6] - '0'), (w[8] - '0') * 10 + (w[9] - '0'));
}

// How far ahead a day named without its year is taken as coming rather
// than past.
constexpr int kUpcomingDays = 90;
// How far ahead, within the document's own year, a day that names a
// scheduled event ("the Nov. 8 election", "the March 15 primaries") is
// taken as coming: US news leaves out the year of a day of the current
// year, so "the Nov. 8 election" of July 31 is that November's (PolNeAR:
// six articles of the summer of 2016 had put it in 2015). Not a day that
// names what happened ("the Sept. 11 attacks").
constexpr int kUpcomingEventDays = 120;

// The day of a yearly date nearest `reference` in `direction`, of the
// years around it; `day_of(year)` gives that year's (none: the year has
// none, as for February 29). With kOnOrBefore, a day up to kUpcomingDays
// ahead is taken as coming.
template <typename DayOf>
std::optional<absl::CivilDay> ResolveAnnual(const DayOf& day_of, absl::CivilDay reference,
                                            Direction direction) {
  if (direction == Direction::kOnOrBefore) {
    const auto upcoming = ResolveAnnual(day_of, reference, Direction::kAfter);
    if (upcoming.has_value() && *upcoming - reference <= kUpcomingDays) {
      return upcoming;
    }
  }
  std::optional<absl::CivilDay> best;
  for (int64_t year = reference.year() - 1; year <= reference.year() + 1; ++year) {
    const std::optional<absl::CivilDay> candidate = day_of(year);
    if (!candidate.has_value()) continue;
    const bool after = direction == Direction::kOnOrAfter || direction == Direction::kAfter;
    if (after) {
      const bool ok =
          direction == Direction::kAfter ? *candidate > reference : *candidate >= reference;
      if (ok && !best.has_value()) best = candidate;
    } else {
      const bool ok =
          direction == Direction::kBefore ? *candidate < reference : *candidate <= reference;
      if (ok) best = candidate;
    }
  }
  return best;
}

// The `month`/`day` nearest `reference` in `direction`.
std::optional<absl::CivilDay> ResolveMonthDay(int month, int day, absl::CivilDay reference,
                                              Direction direction) {
  return ResolveAnnual([&](int64_t year) { return ValidDay(static_cast<int>(year), month, day); },
                       reference, direction);
}

absl::CivilDay ResolveMonth(int month, absl::CivilDay reference, Direction direction) {
  const int64_t year = reference.year();
  const int now = reference.month();
  switch (direction) {
    case Direction::kOnOrBefore:
      return absl::CivilDay(month <= now ? year : year - 1, month, 1);
    case Direction::kOnOrAfter:
      return absl::CivilDay(month >= now ? year : year + 1, month, 1);
    case Direction::kBefore:
      return absl::CivilDay(month < now ? year : year - 1, month, 1);
    case Direction::kAfter:
      return absl::CivilDay(month > now ? year : year + 1, month, 1);
    case Direction::kSame:
      break;
  }
  return absl::CivilDay(year, month, 1);
}

// The month a season of the northern hemisphere begins in (spring 3,
// summer 6, autumn 9, winter 12), 0 for any other word. "fall" only where
// `fall` says so: it is more often a verb or a drop ("a fall in prices").
int SeasonOf(const Token& token, bool fall) {
  if (Is(token, "spring")) return 3;
  if (Is(token, "summer")) return 6;
  if (Is(token, "autumn") || (fall && Is(token, "fall"))) return 9;
  if (Is(token, "winter")) return 12;
  return 0;
}

// The first day of the season beginning in `month` that "this" (kSame),
// "last" (kBefore) or "next" (kAfter) names at `reference`: this one is
// the reference year's, or for a winter named by March the one begun the
// December before (from April, "this winter" is the one to come); the last one has ended by the
// reference's month ("last summer" in September is the summer just
// ended); the next one has not begun.
absl::CivilDay ResolveSeason(int month, absl::CivilDay reference, Direction direction) {
  const absl::CivilMonth now(reference);
  absl::CivilMonth start(now.year(), month);
  if (month == 12 && now.month() <= 3) start -= 12;
  if (direction == Direction::kBefore) {
    while (start + 3 > now) start -= 12;
  } else if (direction == Direction::kAfter) {
    while (start <= now) start += 12;
  }
  return absl::CivilDay(start);
}

absl::CivilDay ResolveWeekday(absl::Weekday weekday, absl::CivilDay reference,
                              Direction direction) {
  switch (direction) {
    case Direction::kOnOrAfter:
      return absl::NextWeekday(reference - 1, weekday);
    case Direction::kAfter:
      return absl::NextWeekday(reference, weekday);
    case Direction::kBefore:
      return absl::PrevWeekday(reference, weekday);
    default:
      return absl::PrevWeekday(reference + 1, weekday);
  }
}

// The sentence's tokens, with bounds checks.
class Window {
 public:
  Window(const std::vector<Token>& tokens, const Sentence& sentence)
      : tokens_(tokens), begin_(sentence.begin), end_(sentence.end) {}

  bool Has(int i) const { return i >= begin_ && i < end_; }
  const Token& operator[](int i) const { return tokens_[i]; }
  bool Is(int i, absl::string_view word) const { return Has(i) && tagger::Is(tokens_[i], word); }
  bool IsAnyOf(int i, std::initializer_list<absl::string_view> words) const {
    return Has(i) && tagger::IsAnyOf(tokens_[i], words);
  }
  int begin() const { return begin_; }

  // "than expected", "than analysts had expected", "as expected": what
  // happened, measured against expectations, at token `expected`. Not an
  // expectation of what is to come: "expected to ...", "more than 20,000
  // are expected", "such as Tesco are expected".
  bool ComparedWithExpectations(int expected) const {
    if (Is(expected + 1, "to")) return false;
    for (int j = expected - 1; j >= begin_ && j >= expected - 3; --j) {
      if (IsAnyOf(j, {"than", "as"})) return true;
      if (IsAnyOf(j, {"is", "are", "be", "'s", "'re", "am"}) ||
          absl::ascii_isdigit(static_cast<unsigned char>(tokens_[j].text[0]))) {
        return false;
      }
    }
    return false;
  }

  // Whether the clause before token `i` speaks of the future: "until" or
  // "till" just before, or a future auxiliary a few words back with no
  // clause break between.
  bool FutureCue(int i) const {
    if (Is(i - 1, "since")) return false;  // "would be the fifth deal since October"
    if (Is(i - 1, "for") && IsAnyOf(i + 1, kTradeFor)) return true;  // "for May delivery"
    if (IsAnyOf(i - 1, {"until", "till", "'til", "til"})) {
      // What lasted until then, told in the past ("talks had run until
      // May", "the strike lasted until Friday"), is past; a deferral or a
      // deadline ("was postponed until Thursday", "was given until March",
      // "closed until May") is to come.
      // Nor is what did not happen until then, told in the past ("was not
      // sealed until mid-February", "did not arrive until May").
      // But what was not to happen, or not expected or due, until then is
      // to come ("was not expected to close until March", "was not due
      // until June").
      bool negated = false, ahead = false;
      for (int j = i - 2; j >= begin_ && j >= i - 8; --j) {
        if (ClauseBreak(j)) break;
        if (Is(j, "would") || tagger::IsAnyOf(tokens_[j], kFutureAuxiliaries)) return true;
        if (tagger::IsAnyOf(tokens_[j],
                            {"had", "lasted", "remained", "stayed", "continued", "ran"})) {
          return false;
        }
        if (tagger::IsAnyOf(tokens_[j], {"to", "expected", "due", "scheduled"})) ahead = true;
        if (tagger::IsAnyOf(tokens_[j], {"not", "n't", "never"})) negated = true;
        if (negated && tagger::IsAnyOf(tokens_[j], {"was", "were", "did"})) return ahead;
      }
      return true;
    }
    // A clause or a verb in the past between a "would" and the date: the
    // date is that clause's ("would hurt results for the year ended January
    // 31", "would end a lockout that started December 14").
    bool clause_between = false;
    for (int j = i - 1; j >= begin_ && j >= i - 8; --j) {
      if (ClauseBreak(j)) return false;
      // "would": the future of what was said ("said it would be available
      // in April"); not "would have", "would not have", "would've".
      if (Is(j, "would")) {
        if (!clause_between && !WouldHave(j)) return true;
        clause_between = true;  // "would think it would have come in May"
        continue;
      }
      const std::string lower = absl::AsciiStrToLower(tokens_[j].text);
      if (IsAnyOf(j, {"that", "which", "when", "than", "who", "where", "while", "because", "if"}) ||
          (lower.size() > 3 && absl::EndsWith(lower, "ed") && !absl::EndsWith(lower, "eed") &&
           !IsAnyOf(j - 1, {"be", "been", "being", "get"}))) {  // not "would be completed"
        clause_between = true;
      }
      // What is sold or bought "for shipment" (delivery, loading, arrival)
      // then: a trade's date to come, not the figures of past deliveries.
      if (IsAnyOf(j, kTradeFor) && Is(j - 1, "for")) return true;
      if (tagger::IsAnyOf(tokens_[j], kFutureAuxiliaries) ||
          tagger::IsAnyOf(tokens_[j], {"scheduled", "ahead", "upcoming"})) {
        return true;
      }
      if (tagger::IsAnyOf(tokens_[j], {"expected"}) && !ComparedWithExpectations(j)) return true;
      // "the election due in May", "due to appear on Friday"; not the
      // cause in "due to rain on Monday", nor what "was due" to happen.
      if (Is(j, "due") && !IsAnyOf(j - 1, {"was", "were"}) &&
          (!Is(j + 1, "to") || IsAnyOf(j + 2, kVerbsAfterDueTo))) {
        return true;
      }
    }
    return false;
  }

 private:
  // Punctuation that ends the clause a cue must be in.
  bool ClauseBreak(int j) const {
    const std::string& w = tokens_[j].text;
    return w == "," || w == ";" || w == ":" || w == "\"" || w == "(" || w == ")";
  }

  // Whether the "would" at `j` is one of the past ("would have", "would
  // not have", "would normally have", "would've").
  bool WouldHave(int j) const {
    for (int k = j + 1; k <= j + 3 && Has(k); ++k) {
      if (IsAnyOf(k, {"have", "'ve"})) return true;
      if (!IsAnyOf(k, {"not", "n't", "normally", "never", "also", "probably", "still", "surely",
                       "certainly", "usually"})) {
        return false;
      }
    }
    return false;
  }

  const std::vector<Token>& tokens_;
  int begin_;
  int end_;
};

// Whether a noun of a scheduled event follows the day ending before token
// `next`, within four words ("the Nov. 8 U.S. presidential election").
bool EventNounAfter(const Window& w, int next) {
  for (int k = next; k < next + 4 && w.Has(k); ++k) {
    if (w.IsAnyOf(k, {"election", "elections", "vote", "primary", "primaries", "caucus", "caucuses",
                      "debate", "referendum", "deadline", "summit", "runoff", "ballot",
                      "convention", "hearing", "inauguration"})) {
      return true;
    }
  }
  return false;
}

Direction Default(const Window& w, int i) {
  return w.FutureCue(i) ? Direction::kOnOrAfter : Direction::kOnOrBefore;
}

// The year written at token `*at` after a day ("2022" or ", 2022"), 0 when
// none; `*at` moves past it.
int YearAfter(const Window& w, int* at) {
  int year = 0;
  if (w.Has(*at) && (year = YearOf(w[*at].text)) != 0) {
    *at += 1;
  } else if (w.Is(*at, ",") && w.Has(*at + 1) && (year = YearOf(w[*at + 1].text)) != 0) {
    *at += 2;
  }
  return year;
}

// The days of a list of days of one month whose days are joined by
// commas, the last by "and" (or ", and"): "9 and 10 July", "on 14, 20 and
// 27 April", "April 12 and 26", "April 1, 2 and 3". `partner` is the day
// written beside the month.
struct DayList {
  int first = 0;  // the first day's token
  int last = 0;   // the last day's token
  int partner = 0;
  int month = 0;
  int year = 0;    // written after the list, else 0
  int cue_at = 0;  // where the partner's calendar date starts
};

// The list token `i`, a day, is an item of.
std::optional<DayList> DayListAt(const Window& w, int i) {
  constexpr int kMaxDays = 12;
  if (DayOf(w[i]) == 0) return std::nullopt;
  // The tokens of the separator that ends at `k` (1 for "," or "and", 2
  // for ", and"), 0 when none.
  auto before = [&](int k) {
    return w.Is(k - 1, "and") ? (w.Is(k - 2, ",") ? 2 : 1) : w.Is(k - 1, ",") ? 1 : 0;
  };
  auto after = [&](int k) {
    return w.Is(k + 1, ",") ? (w.Is(k + 2, "and") ? 2 : 1) : w.Is(k + 1, "and") ? 1 : 0;
  };
  DayList list;
  list.first = list.last = i;
  int days = 1;
  for (int s; days < kMaxDays && (s = before(list.first)) != 0 && w.Has(list.first - s - 1) &&
              DayOf(w[list.first - s - 1]) != 0;
       ++days) {
    list.first -= s + 1;
  }
  for (int s; days < kMaxDays && (s = after(list.last)) != 0 && w.Has(list.last + s + 1) &&
              DayOf(w[list.last + s + 1]) != 0;
       ++days) {
    list.last += s + 1;
  }
  if (days < 2 || !w.Is(list.last - 1, "and")) return std::nullopt;  // ends "and D"
  // Commas between the others.
  for (int k = list.first + 1; k < list.last - 1; k += 2) {
    if (!w.Is(k, ",")) return std::nullopt;
  }
  const int before_month = w.Has(list.first - 1) ? MonthOf(w[list.first - 1], true) : 0;
  const int after_month = w.Has(list.last + 1) ? MonthOf(w[list.last + 1], true) : 0;
  int year_at = 0;
  if (after_month != 0 && before_month == 0) {
    list.month = after_month;
    list.partner = list.last;  // "9 and 10 July 2005"
    list.cue_at = list.last;
    year_at = list.last + 2;
  } else if (before_month != 0 && after_month == 0) {
    // "April 12 and 26, 2005", "June 24 and 25 form part of"; not
    // "January 12 and 14 people": a count goes on with what it counts.
    if (w.IsAnyOf(list.last + 1, kCounted)) return std::nullopt;
    list.month = before_month;
    list.partner = list.first;
    list.cue_at = list.first - 1;
    year_at = list.last + 1;
  } else {
    return std::nullopt;
  }
  list.year = YearAfter(w, &year_at);
  return list;
}

// "February 13", "Feb 26", "February 24, 2022", "24 February 2022",
// starting at `i`; fills `out` (first, last, granularity, day). The clause
// before token `cue_at` tells whether a day without a year is to come.
bool MatchCalendarDate(const Window& w, int i, const Context& context, int cue_at,
                       Expression* out) {
  int month = 0, day = 0, next = 0;
  if (w.Has(i + 1) && (month = MonthOf(w[i], /*abbreviations=*/true)) != 0 &&
      (day = DayOf(w[i + 1])) != 0) {
    next = i + 2;
  } else if (w.Has(i + 1) && (day = DayOf(w[i])) != 0 &&
             (month = MonthOf(w[i + 1], /*abbreviations=*/true)) != 0) {
    next = i + 2;
  } else {
    return false;
  }
  int year = YearAfter(w, &next);
  if (year == 0 && next == i + 2 && MonthOf(w[i], true) != 0) {
    // "April 1, 2 and 3, 2005": the year after a list is its first day's.
    const std::optional<DayList> list = DayListAt(w, i + 1);
    if (list.has_value() && list->partner == i + 1) year = list->year;
  }
  out->first = i;
  out->last = next;
  out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
  if (year != 0) {
    out->day = ValidDay(year, month, day);
    return out->day.has_value();
  }
  if (!ValidDay(2000, month, day).has_value()) return false;  // "February 31"
  if (context.document_date.has_value()) {
    const absl::CivilDay d = *context.document_date;
    Direction direction = Default(w, cue_at);
    if (direction == Direction::kOnOrBefore && w.Is(i - 1, "the") && EventNounAfter(w, next)) {
      const std::optional<absl::CivilDay> upcoming =
          ResolveMonthDay(month, day, d, Direction::kOnOrAfter);
      if (upcoming.has_value() && upcoming->year() == d.year() &&
          *upcoming - d <= kUpcomingEventDays) {
        direction = Direction::kOnOrAfter;
      }
    }
    out->day = ResolveMonthDay(month, day, d, direction);
  }
  return true;
}

// The parts of a token before and after its first (or `last`) hyphen,
// both non-empty ("16-18", "15-July", "November-2").
bool SplitAtDash(const Token& token, bool last, Token* left, Token* right) {
  const size_t dash = last ? token.text.rfind('-') : token.text.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == token.text.size()) return false;
  left->text = token.text.substr(0, dash);
  right->text = token.text.substr(dash + 1);
  return true;
}

// Two days of one month in one token, the first before the second
// ("16-18"; an en dash between them is a token of its own).
bool DayPairOf(const Token& token, int* from, int* to) {
  Token left, right;
  if (!SplitAtDash(token, /*last=*/false, &left, &right) || left.text.size() > 2 ||
      right.text.size() > 2) {
    return false;
  }
  *from = DayOf(left);
  *to = DayOf(right);
  return *from != 0 && *to != 0 && *from < *to;
}

// The tokens at `at` that join two days into a range, the first day at
// `first` (0 when none): a dash, "to", "through" or "through to", "and"
// after "between" ("between 3 and 5 March"), "until" after "from", an em
// dash without spaces ("16—18 December"; with spaces it sets off an
// aside).
int JoinerAt(const Window& w, int at, int first) {
  if (w.Is(at, "through")) return w.Is(at + 1, "to") ? 2 : 1;
  if (w.IsAnyOf(at, {"-", "to"})) return 1;
  if (w.Is(at, "and") && w.Is(first - 1, "between")) return 1;
  if (w.IsAnyOf(at, {"until", "till"}) && w.Is(first - 1, "from")) return 1;
  if (w.Is(at, "--") && w.Has(at - 1) && w.Has(at + 1) && w[at - 1].end == w[at].begin &&
      w[at].end == w[at + 1].begin) {
    return 1;
  }
  return 0;
}

// Whether the words before "from" at token `from` change a date
// ("postponed from 6 to 9 January", "the record date has been changed
// from March 12 to March 16", "put back from"): the two days are then the
// old date and the new, not a range. Only in the same clause, a few words
// back ("moved to a larger hall and runs from 3 to 9 January" is a range).
bool ChangesADate(const Window& w, int from) {
  for (int j = from - 1; j >= w.begin() && j >= from - 6; --j) {
    const std::string& t = w[j].text;
    if (t == "," || t == ";" || t == ":" || t == "\"" || t == "(" || t == ")" ||
        w.IsAnyOf(j, {"and", "but", "or", "while", "which", "that"})) {
      return false;
    }
    if (w.IsAnyOf(j, {"changed", "moved", "postponed", "delayed", "pushed", "shifted",
                      "rescheduled", "deferred"}) ||
        (w.Is(j, "back") && w.IsAnyOf(j - 1, {"put", "set"})) ||
        (w.Is(j, "forward") && w.IsAnyOf(j - 1, {"brought", "pulled"}))) {
      return true;
    }
  }
  return false;
}

// A day and a month written "March 30" or "30 March" at `at`; `*next` is
// the token after them.
bool MonthDayAt(const Window& w, int at, int* month, int* day, int* next) {
  if (!w.Has(at + 1)) return false;
  if ((*month = MonthOf(w[at], /*abbreviations=*/true)) != 0 && (*day = DayOf(w[at + 1])) != 0) {
    *next = at + 2;
    return true;
  }
  if ((*day = DayOf(w[at])) != 0 && (*month = MonthOf(w[at + 1], /*abbreviations=*/true)) != 0) {
    *next = at + 2;
    return true;
  }
  return false;
}

// A day and the next month's name in one token: "15-July" in "June
// 15-July 15".
bool DayDashMonthOf(const Token& token, int* day, int* month) {
  Token left, right;
  if (!SplitAtDash(token, /*last=*/false, &left, &right) || left.text.size() > 2) return false;
  *day = DayOf(left);
  *month = MonthOf(right, /*abbreviations=*/true);
  return *day != 0 && *month != 0;
}

// A month and a day of it in one token: "November-2" in "30 November-2
// December".
bool MonthDashDayOf(const Token& token, int* month, int* day) {
  Token left, right;
  if (!SplitAtDash(token, /*last=*/true, &left, &right)) return false;
  *month = MonthOf(left, /*abbreviations=*/true);
  *day = DayOf(right);
  return *month != 0 && *day != 0;
}

// The first day of a range that ends on `end`: `month`/`day` in `end`'s
// year, or the year before when its month comes after `end`'s.
std::optional<absl::CivilDay> RangeStart(int month, int day, absl::CivilDay end) {
  // The year before only over a new year ("30 December - 2 January"): "29
  // February - 2 March 2005" has no first day, not one a year back.
  const int64_t year = month > end.month() ? end.year() - 1 : end.year();
  const auto start = ValidDay(static_cast<int>(year), month, day);
  if (start.has_value() && *start < end) return start;
  return std::nullopt;
}

// A range of days of one month written once ("16-18 December", "2 - 4
// March", "June 8-10", "March 21 to 31", "from 6 to 9 January", "between
// 3 and 5 March") or of two months, or one written twice ("30 November -
// 2 December", "March 30 to April 1", "June 15-July 15", "between Jan 19
// and March 3", "from 20 March to 27 March 2004", "December 30, 2004 -
// January 2, 2005"), with a year after or not. One expression from the
// first day to the last (Expression::end_day). "9 and 10 July" without
// "between" is two days, not a range: it is left to MatchDayOfList; so is
// a date changed "from" one day "to" another.
bool MatchDayRange(const Window& w, int i, const Context& context, Expression* out) {
  int month = 0, from = 0, to = 0, next = 0, j = 0;
  int from_month = 0, from_year = 0;  // the first day's own, if written
  // With a joiner between the days of one month: where the first day's
  // tokens end and the second's begin, for a date changed.
  int first_end = 0, second_begin = 0, joiner = -1;
  if ((month = MonthOf(w[i], /*abbreviations=*/true)) != 0) {
    if (w.Has(i + 1) && DayPairOf(w[i + 1], &from, &to)) {
      next = i + 2;
    } else if (w.Has(i + 2) && (from = DayOf(w[i + 1])) != 0 && (j = JoinerAt(w, i + 2, i)) != 0 &&
               w.Has(i + 2 + j) && (to = DayOf(w[i + 2 + j])) != 0) {
      joiner = i + 2;
      first_end = i + 2;  // "March 21"
      second_begin = i + 2 + j;
      next = i + 3 + j;
    }
  } else if (w.Has(i + 1) && DayPairOf(w[i], &from, &to) &&
             (month = MonthOf(w[i + 1], /*abbreviations=*/true)) != 0) {
    next = i + 2;
  } else if (w.Has(i + 1) && (from = DayOf(w[i])) != 0 && (j = JoinerAt(w, i + 1, i)) != 0 &&
             w.Has(i + 2 + j) && (to = DayOf(w[i + 1 + j])) != 0 &&
             (month = MonthOf(w[i + 2 + j], true)) != 0) {
    joiner = i + 1;
    first_end = i + 1;  // "6"
    second_begin = i + 1 + j;
    next = i + 3 + j;
  }
  if (next != 0) {
    from_month = month;
  } else {
    // Two months, or one written twice.
    int at = 0;
    if ((from_month = MonthOf(w[i], /*abbreviations=*/true)) != 0 && w.Has(i + 2) &&
        DayDashMonthOf(w[i + 1], &from, &month) && (to = DayOf(w[i + 2])) != 0) {
      next = i + 3;  // "June 15-July 15"
    } else if ((from = DayOf(w[i])) != 0 && w.Has(i + 2) &&
               MonthDashDayOf(w[i + 1], &from_month, &to) &&
               (month = MonthOf(w[i + 2], /*abbreviations=*/true)) != 0) {
      next = i + 3;  // "30 November-2 December"
    } else if (MonthDayAt(w, i, &from_month, &from, &at)) {
      from_year = YearAfter(w, &at);
      if ((j = JoinerAt(w, at, i)) == 0 || !MonthDayAt(w, at + j, &month, &to, &next)) {
        return false;
      }
      joiner = at;
    } else {
      return false;
    }
  }
  if (!ValidDay(2000, from_month, from).has_value() || !ValidDay(2000, month, to).has_value()) {
    return false;
  }
  // "on April 1 to 15 pct": a count, not a day.
  const bool ends_in_day = DayOf(w[next - 1]) != 0;
  const int year = YearAfter(w, &next);
  if (ends_in_day && year == 0 && w.IsAnyOf(next, kCounted)) return false;
  // A date changed: "postponed from 6 to 9 January", "brought forward
  // from 9 to 6 January", "on June 26 to May 8 from May 29".
  const bool changed =
      joiner >= 0 && ((w.Is(i - 1, "from") && ChangesADate(w, i - 1)) ||
                      (w.Is(joiner, "to") && w.Is(next, "from") && w.Has(next + 1) &&
                       (MonthOf(w[next + 1], true) != 0 || DayOf(w[next + 1]) != 0)));
  // One month's days in order, unless years written say otherwise ("from
  // May 6, 1987 until May 6, 1990") or a date changed; two months are taken
  // in the order written, over a new year if need be.
  if (from_month == month && from >= to && !(from_year != 0 && year != 0 && from_year < year) &&
      !(changed && first_end != 0)) {
    return false;
  }
  out->first = i;
  out->last = next;
  out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
  out->day.reset();
  out->end_day.reset();
  out->split_last = out->split_first = 0;
  out->second_day.reset();
  if (changed) {
    // Two months name each day in full: two calendar dates.
    if (first_end == 0) return false;
    // One month's two days: each a day of that month.
    out->split_last = first_end;
    out->split_first = second_begin;
    if (year != 0) {
      out->day = ValidDay(year, month, from);
      out->second_day = ValidDay(year, month, to);
    } else if (context.document_date.has_value()) {
      const Direction direction = Default(w, i);
      out->day = ResolveMonthDay(month, from, *context.document_date, direction);
      out->second_day = ResolveMonthDay(month, to, *context.document_date, direction);
    }
    return true;
  }
  // The range's last day: the first such day after `start`, in its year
  // for a range of one month.
  auto end_after = [&](absl::CivilDay start) -> std::optional<absl::CivilDay> {
    const int64_t last_year = start.year() + (from_month == month ? 0 : 1);
    for (int64_t y = start.year(); y <= last_year; ++y) {
      const auto end = ValidDay(static_cast<int>(y), month, to);
      if (end.has_value() && *end > start) return end;
    }
    return std::nullopt;
  };
  std::optional<absl::CivilDay> start, end;
  if (year != 0) {
    end = ValidDay(year, month, to);
    if (end.has_value()) {
      start = from_year != 0 ? ValidDay(from_year, from_month, from)
                             : RangeStart(from_month, from, *end);
    }
  } else if (from_year != 0) {
    // "30 December 2004 to 2 January".
    start = ValidDay(from_year, from_month, from);
    if (start.has_value()) end = end_after(*start);
  } else if (context.document_date.has_value()) {
    // As its first day is resolved ("between March 25 and June 25" in
    // early March is to come; "from December 1 to June 30" in January is
    // under way), unless the range of its last day, as a day is resolved,
    // ended in the last month, or in the last kUpcomingDays with the range
    // of its first day begun: a total "from April 1 through March 13" on
    // 20 March or 1 April is of the year just ended. A last day that the
    // first one's year lacks ("28-29 February") decides too.
    const absl::CivilDay date = *context.document_date;
    const Direction direction = Default(w, i);
    start = ResolveMonthDay(from_month, from, date, direction);
    if (start.has_value()) end = end_after(*start);
    const std::optional<absl::CivilDay> by_end = ResolveMonthDay(month, to, date, direction);
    const std::optional<absl::CivilDay> by_end_start =
        by_end.has_value() ? RangeStart(from_month, from, *by_end) : std::nullopt;
    const bool just_ended = by_end.has_value() && *by_end <= date &&
                            (date - *by_end <= 31 || (start.has_value() && *start <= date &&
                                                      date - *by_end <= kUpcomingDays));
    if (by_end_start.has_value() && (!end.has_value() || just_ended)) {
      start = by_end_start;
      end = by_end;
    }
  } else {
    return true;  // a range, of days unknown
  }
  if (!start.has_value() || !end.has_value() || *start >= *end) {
    // Years written that make no range make two dates.
    return year == 0 && from_year == 0;
  }
  out->day = start;
  out->end_day = end;
  return true;
}

// A day of a list of days of one month (DayList) that is not written
// beside the month: a day of its own, of the month and year of the day
// that is. That day is a calendar date.
bool MatchDayOfList(const Window& w, int i, const Context& context, Expression* out) {
  const std::optional<DayList> list = DayListAt(w, i);
  if (!list.has_value() || list->partner == i) return false;
  const int day = DayOf(w[i]);
  // Its partner must be a date too: not "29, 30 and 31 February".
  if (!ValidDay(2000, list->month, day).has_value() ||
      !ValidDay(2000, list->month, DayOf(w[list->partner])).has_value()) {
    return false;
  }
  out->first = i;
  out->last = i + 1;
  out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
  out->day.reset();
  out->end_day.reset();
  if (list->year != 0) {
    out->day = ValidDay(list->year, list->month, day);
    return out->day.has_value();
  }
  if (context.document_date.has_value()) {
    // In the year of the partner, as it resolves.
    const std::optional<absl::CivilDay> partner = ResolveMonthDay(
        list->month, DayOf(w[list->partner]), *context.document_date, Default(w, list->cue_at));
    if (partner.has_value()) {
      out->day = ValidDay(static_cast<int>(partner->year()), list->month, day);
    }
  }
  return true;
}

// How many periods "last" (-1), "this" (0) or "next" (+1) moves from the
// document's; none for another word.
std::optional<int> DeicticShift(const Token& token) {
  if (Is(token, "last")) return -1;
  if (Is(token, "this")) return 0;
  if (Is(token, "next")) return 1;
  return std::nullopt;
}

// The first day of `month` a month's name at token `at - 1` names for a
// document of `date`'s: of the year a "this year", "last year" or "next
// year" at `at` names ("February last year"), else the one `direction`
// finds.
absl::CivilDay MonthAt(const Window& w, int at, int month, const absl::CivilDay& date,
                       Direction direction) {
  const std::optional<int> shift = w.Has(at) ? DeicticShift(w[at]) : std::nullopt;
  if (shift.has_value() && w.Is(at + 1, "year")) {
    return absl::CivilDay(date.year() + *shift, month, 1);
  }
  return ResolveMonth(month, date, direction);
}

// A month with its year ("February 2022"), or a full month name alone
// where the words around make it a date ("in January", "until March"),
// of the year a "this year", "last year" or "next year" after it names.
bool MatchMonth(const Window& w, int i, const Context& context, int cue_at, bool introduced,
                Expression* out) {
  const int month = MonthOf(w[i], /*abbreviations=*/true);
  if (month == 0) return false;
  out->first = i;
  out->granularity = v1::TEMPORAL_GRANULARITY_MONTH;
  if (w.Has(i + 1)) {
    if (const int year = YearOf(w[i + 1].text)) {
      out->last = i + 2;
      out->day = absl::CivilDay(year, month, 1);
      return true;
    }
  }
  if (MonthOf(w[i], /*abbreviations=*/false) == 0) return false;
  if (!introduced &&
      !w.IsAnyOf(i - 1, {"in", "since", "until", "till", "from", "by", "during", "before", "after",
                         "through", "throughout", "early", "late", "mid", "of"}) &&
      !(w.Is(i - 1, "for") && w.IsAnyOf(i + 1, kTradeFor))) {  // "for June delivery"
    return false;
  }
  out->last = i + 1;
  if (context.document_date.has_value()) {
    out->day = MonthAt(w, i + 1, month, *context.document_date, Default(w, cue_at));
  }
  return true;
}

// A weekday, with "morning", "evening" and the like after it; or a weekday
// that leads a calendar date ("Monday, February 13"), which then decides.
bool MatchWeekday(const Window& w, int i, const Context& context, Expression* out) {
  const std::string& word = w[i].text;
  if (word.size() < 6 || word.size() > 9) return false;
  switch (word[0]) {
    case 'M':
    case 'T':
    case 'W':
    case 'F':
    case 'S':
      break;
    default:
      return false;
  }
  const std::optional<absl::Weekday> weekday = WeekdayFromName(word);
  if (!weekday.has_value()) return false;
  const int date_at = w.Is(i + 1, ",") ? i + 2 : i + 1;
  if (w.Has(date_at) && MatchCalendarDate(w, date_at, context, /*cue_at=*/i, out)) {
    out->first = i;
    return true;
  }
  // "on a Friday or Saturday night" is any Friday.
  if (w.IsAnyOf(i - 1, {"a", "every", "each", "any"})) return false;
  // "the Independent on Sunday", "the Mail on Sunday": newspapers.
  if (word == "Sunday" && w.Is(i - 1, "on") && w.Has(i - 2) &&
      (w[i - 2].text == "Independent" || w[i - 2].text == "Mail")) {
    return false;
  }
  // "the Sunday Telegraph", "by Sunday Times journalist ...": a name,
  // unless a preposition or "last" makes it a day ("On Monday Mr Blair").
  if (w.Has(i + 1) && StartsUpper(w[i + 1]) && MonthOf(w[i + 1], true) == 0 &&
      !w.IsAnyOf(i - 1, {"on", "since", "until", "till", "before", "after", "from", "of", "that",
                         "early", "late"})) {
    return false;
  }
  out->first = i;
  out->last = i + 1;
  if (w.IsAnyOf(i + 1, {"morning", "afternoon", "evening", "night"})) {
    out->last = i + 2;
  }
  out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
  out->day.reset();
  if (context.document_date.has_value()) {
    out->day = ResolveWeekday(*weekday, *context.document_date, Default(w, i));
  }
  return true;
}

std::optional<absl::CivilDay> ShiftUnit(absl::CivilDay reference, v1::TemporalGranularity unit,
                                        int count) {
  switch (unit) {
    case v1::TEMPORAL_GRANULARITY_DAY:
      return reference + count;
    case v1::TEMPORAL_GRANULARITY_WEEK:
      return IsoWeekStart(reference) + 7 * count;
    case v1::TEMPORAL_GRANULARITY_MONTH:
      return absl::CivilDay(absl::CivilMonth(reference) + count);
    case v1::TEMPORAL_GRANULARITY_YEAR:
      return absl::CivilDay(absl::CivilYear(reference) + count);
    default:
      return std::nullopt;
  }
}

v1::TemporalGranularity UnitOf(const Token& token) {
  if (IsAnyOf(token, {"day", "days"})) return v1::TEMPORAL_GRANULARITY_DAY;
  if (IsAnyOf(token, {"week", "weeks"})) return v1::TEMPORAL_GRANULARITY_WEEK;
  if (IsAnyOf(token, {"month", "months"})) {
    return v1::TEMPORAL_GRANULARITY_MONTH;
  }
  if (IsAnyOf(token, {"year", "years"})) return v1::TEMPORAL_GRANULARITY_YEAR;
  return v1::TEMPORAL_GRANULARITY_UNSPECIFIED;
}

// Easter Sunday of `year` (the Gregorian computus).
absl::CivilDay EasterSunday(int64_t year) {
  const int64_t a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int64_t f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int64_t i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int64_t m = (a + 11 * h + 22 * l) / 451;
  const int64_t month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return absl::CivilDay(year, static_cast<int>(month), static_cast<int>(day));
}

// The holiday named at token `i` ("Christmas", "Christmas Day", "Christmas
// Eve", "New Year's Day", "New Year's Eve", "Boxing Day", "Easter",
// "Easter Sunday", "Easter Monday", "Good Friday", "Valentine's Day",
// "Halloween"): how many tokens it takes, 0 when none. A bare "Christmas"
// or "Easter" counts only where the caller knows it is a time ("at
// Christmas", "last Easter"); "Christmas tree" and "Christmas Island" are
// no day.
int HolidayAt(const Window& w, int i) {
  if (!w.Has(i) || !StartsUpper(w[i])) return 0;  // "a good Friday for shares"
  const Token& t = w[i];
  int length = 0;
  if (Is(t, "Christmas") || Is(t, "Easter")) {
    length = w.IsAnyOf(i + 1, {"Day", "Eve", "Sunday", "Monday"}) ? 2 : 1;
  } else if (Is(t, "New") && w.Is(i + 1, "Year") && w.Is(i + 2, "'s") &&
             w.IsAnyOf(i + 3, {"Day", "Eve"})) {
    length = 4;
  } else if (Is(t, "New") && w.Is(i + 1, "Year")) {
    length = 2;
  } else if ((Is(t, "Boxing") && w.Is(i + 1, "Day")) || (Is(t, "Good") && w.Is(i + 1, "Friday"))) {
    length = 2;
  } else if (Is(t, "Valentine") && w.Is(i + 1, "'s") && w.Is(i + 2, "Day")) {
    length = 3;
  } else if (Is(t, "Halloween")) {
    length = 1;
  }
  // "Christmas Island", "the Good Friday Agreement", "Easter Rising": a
  // name; "Chinese New Year", "Orthodox Christmas": another calendar's.
  if (length > 0 && w.Has(i + length) && StartsUpper(w[i + length]) &&
      YearOf(w[i + length].text) == 0) {
    return 0;
  }
  if (length > 0 && i > w.begin() && StartsUpper(w[i - 1]) &&
      !IsAnyOf(w[i - 1], {"On", "At", "Over", "Before", "After", "Since", "Until", "By", "For",
                          "During", "From", "Last", "This", "Next"})) {
    return 0;
  }
  return length;
}

// The day of the holiday at token `i` (HolidayAt), the one nearest
// `reference` in `direction`, as for a day of a month.
std::optional<absl::CivilDay> ResolveHoliday(const Window& w, int i, absl::CivilDay reference,
                                             Direction direction) {
  const Token& t = w[i];
  if (Is(t, "Easter") || Is(t, "Good")) {
    // Easter moves: each year's own.
    const int offset = Is(t, "Good") ? -2 : w.Is(i + 1, "Monday") ? 1 : 0;
    return ResolveAnnual(
        [&](int64_t year) { return std::optional<absl::CivilDay>(EasterSunday(year) + offset); },
        reference, direction);
  }
  int month = 12, day = 25;
  if (Is(t, "Christmas") && w.Is(i + 1, "Eve")) day = 24;
  if (Is(t, "Boxing")) day = 26;
  if (Is(t, "New")) {
    month = w.Is(i + 3, "Eve") ? 12 : 1;
    day = w.Is(i + 3, "Eve") ? 31 : 1;
  }
  if (Is(t, "Valentine")) month = 2, day = 14;
  if (Is(t, "Halloween")) month = 10, day = 31;
  return ResolveMonthDay(month, day, reference, direction);
}

// "at Christmas", "over Easter", "on Christmas Day", "by New Year's Eve",
// "Christmas 2004": a holiday after a preposition of time, or with its
// year; "Christmas Day", "Boxing Day" and the others of two words or more
// stand alone.
bool MatchHoliday(const Window& w, int i, const Context& context, Expression* out) {
  const int length = HolidayAt(w, i);
  if (length == 0) return false;
  const bool alone = length >= 2 && !(w.Is(i, "New") && length == 2) && !w.Is(i + 1, "Sunday");
  const bool timed = w.IsAnyOf(i - 1, {"at", "over", "before", "after", "since", "until", "till",
                                       "by", "on", "for", "during", "around", "from", "to"});
  int at = i + length;
  const int year = YearAfter(w, &at);
  if (!alone && !timed && year == 0) return false;
  // A bare "Christmas" before a noun is no day: "Christmas presents",
  // "for Christmas number one", "Christmas shoppers".
  if (!alone && year == 0 && w.Has(at) &&
      absl::ascii_islower(static_cast<unsigned char>(w[at].text[0])) &&
      !IsAnyOf(w[at],
               {"and",     "or",    "but",  "when", "as",   "with",  "in",     "on",    "at",
                "to",      "for",   "of",   "this", "last", "next",  "before", "after", "since",
                "until",   "while", "is",   "was",  "will", "would", "had",    "has",   "have",
                "because", "so",    "than", "then", "if",   "that",  "which",  "where", "he",
                "she",     "they",  "we",   "i",    "it",   "you"})) {
    return false;
  }
  out->first = i;
  out->last = at;
  out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
  out->holiday = true;
  out->day.reset();
  if (year != 0) {
    // "Christmas 2004": that year's.
    const absl::CivilDay start(year, 1, 1);
    out->day = ResolveHoliday(w, i, start - 1, Direction::kAfter);
  } else if (context.document_date.has_value()) {
    out->day = ResolveHoliday(w, i, *context.document_date, Default(w, i));
  }
  return true;
}

// "last week", "this month", "next year", "last Monday", "next March",
// "last night", "this morning".
bool MatchDeictic(const Window& w, int i, const Context& context, Expression* out) {
  const std::optional<int> shifted = DeicticShift(w[i]);
  if (!shifted.has_value()) return false;
  const int shift = *shifted;
  const Direction direction = shift < 0   ? Direction::kBefore
                              : shift > 0 ? Direction::kAfter
                                          : Direction::kSame;
  // "the last week" is the seven days up to now, "the next year" a span
  // ahead: no calendar period.
  if (w.IsAnyOf(i - 1, {"the", "a", "its", "his", "her", "their", "our"})) {
    return false;
  }
  if (!w.Has(i + 1)) return false;
  const Token& next = w[i + 1];
  const std::optional<absl::CivilDay> doc = context.document_date;
  out->first = i;
  out->last = i + 2;
  out->day.reset();
  if (IsAnyOf(next, {"week", "month", "year"})) {
    const v1::TemporalGranularity unit = UnitOf(next);
    out->granularity = unit;
    if (doc.has_value()) out->day = ShiftUnit(*doc, unit, shift);
    return true;
  }
  // "this weekend": the Saturday and Sunday of the document's week (on a
  // weekday, the coming ones); "last weekend" the one before, "next
  // weekend" the one after.
  if (Is(next, "weekend")) {
    out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
    if (doc.has_value()) {
      absl::CivilDay saturday = absl::GetWeekday(*doc) == absl::Weekday::sunday
                                    ? *doc - 1
                                    : absl::NextWeekday(*doc - 1, absl::Weekday::saturday);
      saturday += 7 * shift;
      out->day = saturday;
      out->end_day = saturday + 1;
    }
    return true;
  }
  // "last Christmas", "this Easter", "next New Year's Day"; not a title
  // of two capitalised words inside a sentence ("Wham's Last Christmas").
  if (const int length = HolidayAt(w, i + 1); length > 0 && !(i > w.begin() && StartsUpper(w[i]))) {
    out->last = i + 1 + length;
    out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
    out->holiday = true;
    if (doc.has_value()) {
      out->day =
          ResolveHoliday(w, i + 1, *doc, direction == Direction::kSame ? Default(w, i) : direction);
    }
    return true;
  }
  if (const std::optional<absl::Weekday> weekday =
          StartsUpper(next) ? WeekdayFromName(next.text) : std::nullopt) {
    out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
    if (w.IsAnyOf(i + 2, {"morning", "afternoon", "evening", "night"})) {
      out->last = i + 3;
    }
    if (doc.has_value()) {
      out->day =
          ResolveWeekday(*weekday, *doc, direction == Direction::kSame ? Default(w, i) : direction);
    }
    return true;
  }
  if (const int month = MonthOf(next, /*abbreviations=*/false)) {
    out->granularity = v1::TEMPORAL_GRANULARITY_MONTH;
    if (doc.has_value()) out->day = ResolveMonth(month, *doc, direction);
    return true;
  }
  // "last summer", "this autumn", "next winter"; "this fall" but not "the
  // next fall in prices".
  const bool fall = !w.IsAnyOf(
      i + 2, {"in", "of", "to", "from", "below", "back", "by", "since", "on", "for", "at"});
  if (const int season = SeasonOf(next, fall)) {
    // Both words capitalised inside a sentence are a title ("Suddenly Last
    // Summer").
    if (i > w.begin() && StartsUpper(w[i]) && StartsUpper(next)) return false;
    out->granularity = v1::TEMPORAL_GRANULARITY_SEASON;
    if (doc.has_value()) out->day = ResolveSeason(season, *doc, direction);
    return true;
  }
  if (IsAnyOf(next, {"morning", "afternoon", "evening", "night"})) {
    // "last night" is the evening before; "this morning" today.
    if (direction == Direction::kAfter || (direction == Direction::kBefore && !Is(next, "night"))) {
      return false;
    }
    out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
    if (doc.has_value()) {
      out->day = *doc + (direction == Direction::kBefore ? -1 : 0);
    }
    return true;
  }
  return false;
}

// "today", "yesterday", "tomorrow", "tonight". Capitalised only at the
// start of a sentence: mid-sentence "Today" is mostly a name ("USA Today").
bool MatchDayWord(const Window& w, int i, const Context& context, Expression* out) {
  const Token& t = w[i];
  int offset;
  if (Is(t, "today") || Is(t, "tonight")) {
    offset = 0;
  } else if (Is(t, "yesterday")) {
    offset = -1;
  } else if (Is(t, "tomorrow")) {
    offset = 1;
  } else {
    return false;
  }
  if (StartsUpper(t) && i != w.begin() && !w.IsAnyOf(i - 1, {"\"", "'", "(", "-", "--"})) {
    return false;
  }
  out->first = i;
  out->last = i + 1;
  out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
  out->day.reset();
  if (context.document_date.has_value()) {
    out->day = *context.document_date + offset;
  }
  return true;
}

// A year where the words before make it one ("in 2022", "since 2014",
// "by 2030"), or wherever `introduced` says so ("the end of 2022").
bool MatchYear(const Window& w, int i, bool introduced, Expression* out) {
  const int year = YearOf(w[i].text, 1900, 2100);
  if (year == 0) return false;
  if (!introduced && !w.IsAnyOf(i - 1, {"in", "since", "until", "till", "by", "from", "during",
                                        "before", "after", "through", "throughout", "around"})) {
    return false;
  }
  out->first = i;
  out->last = i + 1;
  out->granularity = v1::TEMPORAL_GRANULARITY_YEAR;
  out->day = absl::CivilDay(year, 1, 1);
  return true;
}

// A decade: "1990s" (any word before it), or "90s" after "the" ("the
// 90s", "the '90s", "the late 80s"), the latest such decade that starts by
// the document's date (else in the 1900s). Not "his 30s", an age.
bool MatchDecade(const Window& w, int i, const Context& context, Expression* out) {
  absl::string_view t = w[i].text;
  const bool apostrophe = absl::ConsumePrefix(&t, "'");
  if (!absl::ConsumeSuffix(&t, "s") || !AllDigits(t) || t.back() != '0') return false;
  if (apostrophe && t.size() != 2) return false;
  int start = 0;
  if (t.size() == 4) {
    start = YearOf(t, 1100, 2990);  // not "1000s of fans"
  } else if (t.size() == 2) {
    int before = i - 1;
    if (w.Is(before, "'")) --before;
    if (w.IsAnyOf(before, {"early", "late", "mid"})) --before;
    if (!w.Is(before, "the")) return false;
    // Counts in a row ("audiences in the 10s, 100s"), not decades.
    for (int k = i + 1; k <= i + 2; ++k) {
      absl::string_view next = w.Has(k) ? absl::string_view(w[k].text) : "";
      if (absl::ConsumeSuffix(&next, "s") && AllDigits(next) && next.size() > 2) return false;
      if (!w.IsAnyOf(k, {",", "or", "and", "to"})) break;
    }
    const int decade = (t[0] - '0') * 10;
    start = 1900 + decade;
    if (context.document_date.has_value() && 2000 + decade <= context.document_date->year()) {
      start = 2000 + decade;
    }
  }
  if (start == 0) return false;
  out->first = i;
  out->last = i + 1;
  out->granularity = v1::TEMPORAL_GRANULARITY_DECADE;
  out->day = absl::CivilDay(start, 1, 1);
  out->end_day.reset();
  return true;
}

// A season of a year written after it: "summer 2004", "summer of 2004",
// "winter of 2004" (from December 2004, as ISO 8601-2's 2004-24); the
// caller takes a "the" or "early", "late", "mid" before it. Not "fall of
// 1989", as often the fall of a wall as an autumn.
bool MatchSeasonOfYear(const Window& w, int i, Expression* out) {
  const int season = SeasonOf(w[i], /*fall=*/false);
  if (season == 0) return false;
  const int year_at = w.Is(i + 1, "of") ? i + 2 : i + 1;
  const int year = w.Has(year_at) ? YearOf(w[year_at].text) : 0;
  // Written as words are, one space apart: not a row of a table ("HARD
  // RED WINTER         1639").
  if (year == 0 || w[year_at].begin - w[year_at - 1].end > 1) return false;
  out->first = i;
  out->last = year_at + 1;
  out->granularity = v1::TEMPORAL_GRANULARITY_SEASON;
  out->day = absl::CivilDay(year, season, 1);
  out->end_day.reset();
  return true;
}

// A century by its ordinal: "19th century", "21st-century", "18th
// Century", the 2nd to the 21st; value "18" for the 19th (ISO 8601-2: the
// years 1800 to 1899). Not one before Christ ("5th century BC").
bool MatchCentury(const Window& w, int i, Expression* out) {
  absl::string_view ordinal = w[i].text;
  int next = i + 1;
  if (absl::EndsWithIgnoreCase(ordinal, "-century")) {
    ordinal.remove_suffix(8);
  } else if (w.Is(i + 1, "century")) {
    next = i + 2;
  } else {
    return false;
  }
  // An ordinal ("19th"): its number read as a day's is.
  if (ordinal.size() < 3 || absl::ascii_isdigit(static_cast<unsigned char>(ordinal.back()))) {
    return false;
  }
  Token number;
  number.text = std::string(ordinal);
  const int n = DayOf(number);
  if (n < 2 || n > 21 || w.IsAnyOf(next, {"BC", "B.C.", "BCE", "B.C.E."})) return false;
  // Not a name ("20th Century Fox") nor a batsman's hundred ("his 20th
  // century", "Kallis's 3rd century").
  if (next == i + 2 && StartsUpper(w[i + 1]) && w.Has(next) && StartsUpper(w[next])) return false;
  if (w.IsAnyOf(i - 1, {"his", "her", "their", "its", "'s", "'"})) return false;
  out->first = i;
  out->last = next;
  out->granularity = v1::TEMPORAL_GRANULARITY_CENTURY;
  out->day = absl::CivilDay(100 * (n - 1), 1, 1);
  out->end_day.reset();
  return true;
}

// Words of a sentence about money or the economy, where "the fourth
// quarter" is a quarter of a year, not of a game ("the game entered the
// final quarter").
const std::initializer_list<absl::string_view> kBusinessWords = {
    "profit",       "profits",    "sales",    "earnings", "revenue",   "revenues", "growth",
    "gdp",          "economy",    "economic", "output",   "results",   "figures",  "turnover",
    "loss",         "losses",     "income",   "shares",   "inflation", "deficit",  "quarterly",
    "spending",     "investment", "orders",   "prices",   "demand",    "exports",  "imports",
    "unemployment", "jobs",       "%",        "cent",     "percent",   "sold",     "shipments",
    "dividend",     "margin",     "margins",  "forecast", "forecasts", "expanded", "contracted"};

// Words of a game, where a quarter is a game's.
const std::initializer_list<absl::string_view> kGameWords = {
    "game",     "games",       "match",      "shots",     "scored",
    "scoring",  "touchdown",   "touchdowns", "basket",    "baskets",
    "rebounds", "quarterback", "innings",    "half-time", "halftime"};

// A quarter of a year, from token `i` (the caller takes a "the" before
// it): "fourth quarter of 2004", "first quarter of last year", "third
// quarter" and "third-quarter" (in a sentence about money or the economy:
// "sales in the third quarter", not "the game entered the final quarter"),
// "last quarter", "last year's third quarter", "Q4 2004". Without a year,
// the latest such quarter that has begun by the document's date, or after
// a future cue the first that has not ended; "last", "this" and "next
// quarter" count from the document's own. Not a fiscal quarter.
bool MatchQuarter(const Window& w, int i, const Context& context, Expression* out) {
  static constexpr absl::string_view kOrdinals[] = {"first", "second", "third", "fourth"};
  absl::string_view word = w[i].text;
  if (w.Is(i - 1, "fiscal")) return false;  // "fiscal Q4 2004"
  if (word.size() == 2 && (word[0] == 'Q' || word[0] == 'q') && word[1] >= '1' && word[1] <= '4') {
    // "Q4 2004", "Q4 of 2004"; "Q3" alone is as often a car.
    const int year_at = w.Is(i + 1, "of") ? i + 2 : i + 1;
    const int year = w.Has(year_at) ? YearOf(w[year_at].text) : 0;
    if (year == 0) return false;
    out->first = i;
    out->last = year_at + 1;
    out->granularity = v1::TEMPORAL_GRANULARITY_QUARTER;
    out->day = absl::CivilDay(year, 3 * (word[1] - '0') - 2, 1);
    out->end_day.reset();
    return true;
  }
  int after = 0;  // the token after "quarter"
  if (absl::ConsumeSuffix(&word, "-quarter") || absl::ConsumeSuffix(&word, "-Quarter")) {
    after = i + 1;
  } else if (w.Is(i + 1, "quarter")) {
    after = i + 2;
  } else {
    return false;
  }
  int quarter = 0, shift = 0;
  bool deictic = false;
  for (int q = 0; q < 4; ++q) {
    if (absl::EqualsIgnoreCase(word, kOrdinals[q])) quarter = q + 1;
  }
  if (absl::EqualsIgnoreCase(word, "final")) quarter = 4;
  const bool of = w.Is(after, "of");
  if (quarter == 0) {
    if (absl::EqualsIgnoreCase(word, "last") && of) {
      quarter = 4;  // "the last quarter of 2004"
    } else if (absl::EqualsIgnoreCase(word, "last") || absl::EqualsIgnoreCase(word, "this") ||
               absl::EqualsIgnoreCase(word, "next")) {
      deictic = true;  // "last quarter": the one before the document's
      shift = absl::EqualsIgnoreCase(word, "last")   ? -1
              : absl::EqualsIgnoreCase(word, "next") ? 1
                                                     : 0;
    } else {
      return false;
    }
  }
  // A fiscal quarter ("fiscal third quarter", "the second quarter ended
  // January 31") is no quarter of the calendar: its date, if written, is
  // one of its own.
  for (int k = i - 1; k >= w.begin() && k >= i - 3; --k) {
    if (w.Is(k, "fiscal")) return false;
  }
  if (w.Is(after, "of") && w.Is(after + 1, "fiscal")) return false;  // "of fiscal 2004"
  if (w.IsAnyOf(after, {"ended", "ending", "ends", "to"}) && w.Has(after + 1) &&
      (MonthOf(w[after + 1], true) != 0 || DayOf(w[after + 1]) != 0)) {
    return false;
  }
  // Its year: "of 2004", "of last year", "of this year", "of the year",
  // or "last year's" before it.
  int next = after;
  std::optional<int64_t> year;
  if (!deictic && w.Is(i - 1, "'s") && w.Is(i - 2, "year") &&
      w.IsAnyOf(i - 3, {"last", "this", "next"}) && context.document_date.has_value()) {
    year = context.document_date->year() + (w.Is(i - 3, "last") ? -1 : w.Is(i - 3, "next") ? 1 : 0);
  }
  if (!deictic && of && !year.has_value()) {
    if (w.Has(after + 1) && YearOf(w[after + 1].text) != 0) {
      year = YearOf(w[after + 1].text);
      next = after + 2;
    } else if (context.document_date.has_value() &&
               ((w.IsAnyOf(after + 1, {"last", "this", "next"}) && w.Is(after + 2, "year")) ||
                (w.Is(after + 1, "the") && w.Is(after + 2, "year")))) {
      year = context.document_date->year() + (w.Is(after + 1, "last")   ? -1
                                              : w.Is(after + 1, "next") ? 1
                                                                        : 0);
      next = after + 3;
    }
  }
  if (!year.has_value()) {
    // Without a year: only where the sentence speaks of money, and not of
    // a game ("45% of his shots in the fourth quarter").
    bool business = false, game = false;
    for (int k = w.begin(); w.Has(k) && !game; ++k) {
      business = business || w.IsAnyOf(k, kBusinessWords);
      game = w.IsAnyOf(k, kGameWords);
    }
    if (!business || game) return false;
  }
  out->first = i;
  out->last = next;
  out->granularity = v1::TEMPORAL_GRANULARITY_QUARTER;
  out->day.reset();
  out->end_day.reset();
  if (year.has_value()) {
    out->day = absl::CivilDay(*year, 3 * quarter - 2, 1);
    return true;
  }
  if (!context.document_date.has_value()) return true;
  const absl::CivilMonth now(*context.document_date);
  const absl::CivilMonth own(now.year(), 3 * ((now.month() - 1) / 3) + 1);
  if (deictic) {
    out->day = absl::CivilDay(own + 3 * shift);
    return true;
  }
  // The latest that has begun by the document's month ("expects a second
  // quarter loss" in June); after a future cue, the first that has not
  // ended before it.
  absl::CivilMonth candidate(now.year(), 3 * quarter - 2);
  if (Default(w, i) == Direction::kOnOrAfter) {
    if (candidate + 3 <= now) candidate += 12;
  } else if (candidate > now) {
    candidate -= 12;
  }
  out->day = absl::CivilDay(candidate);
  return true;
}

// "early February", "late 2022", "mid-March", "mid-2022": the month or
// year, at its own granularity.
bool MatchPartOfPeriod(const Window& w, int i, const Context& context, Expression* out) {
  const Token& t = w[i];
  if (IsAnyOf(t, {"early", "late", "mid"}) && w.Has(i + 1)) {
    if (MatchMonth(w, i + 1, context, /*cue_at=*/i, /*introduced=*/true, out) ||
        MatchDecade(w, i + 1, context, out) || MatchSeasonOfYear(w, i + 1, out) ||
        MatchCentury(w, i + 1, out) || MatchYear(w, i + 1, /*introduced=*/true, out)) {
      out->first = i;
      return true;
    }
    return false;
  }
  absl::string_view rest = t.text;
  if (rest.size() < 8 || !absl::StartsWithIgnoreCase(rest, "mid-")) {
    return false;
  }
  rest.remove_prefix(4);
  out->first = i;
  out->last = i + 1;
  if (rest.size() == 5 && rest.back() == 's' && rest[3] == '0' && YearOf(rest.substr(0, 4))) {
    out->granularity = v1::TEMPORAL_GRANULARITY_DECADE;  // "mid-1990s"
    out->day = absl::CivilDay(YearOf(rest.substr(0, 4)), 1, 1);
    return true;
  }
  if (const int year = YearOf(rest, 1900, 2100)) {
    out->granularity = v1::TEMPORAL_GRANULARITY_YEAR;
    out->day = absl::CivilDay(year, 1, 1);
    return true;
  }
  const int month = MonthFromName(rest);
  if (month == 0 || rest.size() != kMonthNameLength[month - 1] ||
      !absl::ascii_isupper(static_cast<unsigned char>(rest[0]))) {
    return false;
  }
  out->granularity = v1::TEMPORAL_GRANULARITY_MONTH;
  out->day.reset();
  if (w.Has(i + 1)) {
    if (const int year = YearOf(w[i + 1].text)) {
      out->last = i + 2;
      out->day = absl::CivilDay(year, month, 1);
      return true;
    }
  }
  if (context.document_date.has_value()) {
    out->day = MonthAt(w, i + 1, month, *context.document_date, Default(w, i));
  }
  return true;
}

// "three days ago", "a week ago", "2 years ago" count back from the
// document date; "a day earlier", "two weeks later" from the anchor day.
// "Two years later" is left alone: it counts from a year or an event this
// does not follow.
bool MatchAgo(const Window& w, int i, const Context& context, Expression* out) {
  static constexpr absl::string_view kNumbers[] = {"one", "two",   "three", "four", "five",
                                                   "six", "seven", "eight", "nine", "ten"};
  int count = 0;
  if (IsAnyOf(w[i], {"a", "an"})) {
    count = 1;
  } else if (AllDigits(w[i].text) && w[i].text.size() <= 2) {
    count = std::stoi(w[i].text);
  } else {
    for (int n = 0; n < 10 && count == 0; ++n) {
      if (Is(w[i], kNumbers[n])) count = n + 1;
    }
  }
  if (count == 0 || !w.Has(i + 1)) return false;
  const v1::TemporalGranularity unit = UnitOf(w[i + 1]);
  if (unit == v1::TEMPORAL_GRANULARITY_UNSPECIFIED) return false;
  out->first = i;
  out->last = i + 3;
  out->day.reset();
  if (w.Is(i + 2, "ago")) {
    out->granularity = unit;
    if (context.document_date.has_value()) {
      out->day = ShiftUnit(*context.document_date, unit, -count);
    }
    return true;
  }
  if (unit != v1::TEMPORAL_GRANULARITY_DAY && unit != v1::TEMPORAL_GRANULARITY_WEEK) return false;
  const int sign = w.Is(i + 2, "later") ? 1 : -1;
  const std::optional<absl::CivilDay> anchor = context.Anchor(/*forward=*/sign > 0);
  // A week from a day is a day ("a week earlier").
  out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
  if (anchor.has_value()) {
    out->day = *anchor + sign * count * (unit == v1::TEMPORAL_GRANULARITY_WEEK ? 7 : 1);
  }
  return true;
}

// "the day before", "the previous day", "the day after", "the next day",
// "the following day", "the same day"; "the day before yesterday".
// "the end of January", "the beginning of 2022", "the middle of next
// month" — the period named (a month at month granularity).
bool MatchThe(const Window& w, int i, const Context& context, Expression* out) {
  if (!Is(w[i], "the") || !w.Has(i + 2)) return false;
  std::optional<absl::CivilDay> anchor = context.Anchor(/*forward=*/false);
  int offset = 0;
  int last = 0;
  if (w.Is(i + 1, "day") && w.IsAnyOf(i + 2, {"before", "after"})) {
    offset = w.Is(i + 2, "before") ? -1 : 1;
    anchor = context.Anchor(/*forward=*/offset > 0);
    last = i + 3;
    if (w.IsAnyOf(last, {"yesterday", "tomorrow"}) &&
        w.Is(last, offset < 0 ? "yesterday" : "tomorrow")) {
      anchor = context.document_date;
      offset *= 2;
      ++last;
    } else if (w.Has(last)) {
      // "the day before the vote", "the day after Peter Mandelson
      // resigned" count from an event this does not know: only a bare
      // "the day before" is taken, ended by punctuation.
      const unsigned char after = w[last].text[0];
      if (absl::ascii_isalnum(after) || after >= 0x80) return false;
    }
  } else if (w.IsAnyOf(i + 1, {"previous", "next", "following", "same"}) && w.Is(i + 2, "day")) {
    offset = w.Is(i + 1, "previous") ? -1 : w.Is(i + 1, "same") ? 0 : 1;
    anchor = context.Anchor(/*forward=*/offset > 0);
    last = i + 3;
  } else if (w.IsAnyOf(i + 1, {"end", "beginning", "start", "middle"}) && w.Is(i + 2, "of") &&
             w.Has(i + 3)) {
    Expression period;
    if (w.Is(i + 3, "the") && w.IsAnyOf(i + 4, {"week", "month", "year"})) {
      // "the end of the year": this one.
      out->first = i;
      out->last = i + 5;
      out->granularity = UnitOf(w[i + 4]);
      out->day.reset();
      if (context.document_date.has_value()) {
        out->day = ShiftUnit(*context.document_date, out->granularity, 0);
      }
      return true;
    }
    if (MatchMonth(w, i + 3, context, /*cue_at=*/i, /*introduced=*/true, &period) ||
        MatchYear(w, i + 3, /*introduced=*/true, &period) ||
        MatchDeictic(w, i + 3, context, &period)) {
      if (period.granularity == v1::TEMPORAL_GRANULARITY_DAY) return false;
      *out = period;
      out->first = i;
      return true;
    }
    return false;
  } else {
    return false;
  }
  out->first = i;
  out->last = last;
  out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
  out->day.reset();
  if (anchor.has_value()) out->day = *anchor + offset;
  return true;
}

// An expression starting at token `i`. Most tokens are turned away by
// their first byte.
bool Match(const Window& w, int i, const Context& context, Expression* out) {
  const Token& t = w[i];
  if (t.text.empty()) return false;
  const unsigned char c = t.text[0];
  const char lower = absl::ascii_tolower(c);
  // A count: a digit, "a", "an", "one" to "ten".
  const bool count = absl::ascii_isdigit(c) || lower == 'a' || lower == 'e' || lower == 'f' ||
                     lower == 'n' || lower == 'o' || lower == 's' || lower == 't';
  if (count && w.IsAnyOf(i + 2, {"ago", "earlier", "later"}) && MatchAgo(w, i, context, out)) {
    return true;
  }
  if (absl::ascii_isdigit(c)) {
    if (const std::optional<absl::CivilDay> day = IsoDateOf(t)) {
      out->first = i;
      out->last = i + 1;
      out->granularity = v1::TEMPORAL_GRANULARITY_DAY;
      out->day = day;
      return true;
    }
    return MatchCentury(w, i, out) || MatchDayRange(w, i, context, out) ||
           MatchCalendarDate(w, i, context, /*cue_at=*/i, out) ||
           MatchDayOfList(w, i, context, out) || MatchDecade(w, i, context, out) ||
           MatchYear(w, i, /*introduced=*/false, out);
  }
  if (c == '\'' && MatchDecade(w, i, context, out)) return true;  // "'90s"
  switch (lower) {
    case 'f':  // first, fourth, final (quarter)
    case 's':  // second
    case 't':  // third, this
    case 'l':  // last
    case 'n':  // next
    case 'q':  // Q4
      if (MatchQuarter(w, i, context, out)) return true;
      if (Is(t, "the") && w.Has(i + 1) && MatchQuarter(w, i + 1, context, out)) {
        out->first = i;
        return true;
      }
      // "last year's second quarter".
      if (w.Is(i + 1, "year") && w.Is(i + 2, "'s") && w.Has(i + 3) &&
          MatchQuarter(w, i + 3, context, out)) {
        out->first = i;
        return true;
      }
      break;
    default:
      break;
  }
  switch (lower) {
    case 's':  // spring, summer
    case 'a':  // autumn
    case 'w':  // winter
      if (MatchSeasonOfYear(w, i, out)) return true;
      break;
    case 't':  // the, this, today, tomorrow, tonight
      if (Is(t, "the") && w.Has(i + 1) && MatchSeasonOfYear(w, i + 1, out)) {
        out->first = i;  // "the summer of 2004"
        return true;
      }
      if (MatchThe(w, i, context, out) || MatchDeictic(w, i, context, out) ||
          MatchDayWord(w, i, context, out)) {
        return true;
      }
      break;
    case 'l':  // last, late
      if (MatchDeictic(w, i, context, out) || MatchPartOfPeriod(w, i, context, out)) {
        return true;
      }
      break;
    case 'n':  // next
      if (MatchDeictic(w, i, context, out)) return true;
      break;
    case 'y':  // yesterday
      if (MatchDayWord(w, i, context, out)) return true;
      break;
    case 'e':  // early
    case 'm':  // mid, mid-March
      if (MatchPartOfPeriod(w, i, context, out)) return true;
      break;
    default:
      break;
  }
  if (!absl::ascii_isupper(c)) return false;
  return MatchHoliday(w, i, context, out) || MatchWeekday(w, i, context, out) ||
         MatchDayRange(w, i, context, out) || MatchCalendarDate(w, i, context, /*cue_at=*/i, out) ||
         MatchMonth(w, i, context, /*cue_at=*/i, /*introduced=*/false, out);
}

std::string Value(v1::TemporalGranularity granularity, absl::CivilDay day) {
  switch (granularity) {
    case v1::TEMPORAL_GRANULARITY_WEEK:
      return FormatIsoWeek(day);
    case v1::TEMPORAL_GRANULARITY_MONTH:
      return absl::StrFormat("%04d-%02d", day.year(), day.month());
    case v1::TEMPORAL_GRANULARITY_YEAR:
      return absl::StrFormat("%04d", day.year());
    case v1::TEMPORAL_GRANULARITY_QUARTER:
      return absl::StrFormat("%04d-Q%d", day.year(), (day.month() - 1) / 3 + 1);
    case v1::TEMPORAL_GRANULARITY_DECADE:
      return absl::StrFormat("%03d", day.year() / 10);  // ISO 8601-2: "199", the 1990s
    case v1::TEMPORAL_GRANULARITY_SEASON:               // ISO 8601-2: 21 spring to 24 winter
      return absl::StrFormat("%04d-%02d", day.year(), 21 + (day.month() - 3) / 3);
    case v1::TEMPORAL_GRANULARITY_CENTURY:
      return absl::StrFormat("%02d", day.year() / 100);  // ISO 8601-2: "18", the 1800s
    default:
      return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
  }
}

}  // namespace

void FindTemporalExpressions(absl::string_view text, const TokenizedText& tokens,
                             std::optional<absl::CivilDay> document_date,
                             v1::Annotations* annotations) {
  Context context;
  context.document_date = document_date;
  // Names an expression must not overlap ("Russia Today", a person called
  // May). A text has few expressions: each looks through the mentions.
  auto inside_name = [&](int32_t begin, int32_t end, bool holiday) {
    for (const v1::Mention& m : annotations->mentions()) {
      if (m.type() != v1::ENTITY_TYPE_MISC && m.span().begin() < end && m.span().end() > begin &&
          !(holiday && m.span().begin() >= begin && m.span().end() <= end)) {
        return true;
      }
    }
    return false;
  };
  for (const Sentence& sentence : tokens.sentences) {
    const Window w(tokens.tokens, sentence);
    for (int i = sentence.begin; i < sentence.end;) {
      Expression e;
      if (!Match(w, i, context, &e)) {
        ++i;
        continue;
      }
      const int32_t begin = tokens.tokens[e.first].begin;
      const int32_t end = tokens.tokens[e.last - 1].end;
      if (inside_name(begin, end, e.holiday)) {
        ++i;
        continue;
      }
      auto emit = [&](int32_t b, int32_t en, v1::TemporalGranularity granularity,
                      const std::optional<absl::CivilDay>& day,
                      const std::optional<absl::CivilDay>& end_day) {
        v1::TemporalExpression* out = annotations->add_temporal_expressions();
        out->mutable_span()->set_begin(b);
        out->mutable_span()->set_end(en);
        out->set_text(std::string(text.substr(b, en - b)));
        out->set_granularity(granularity);
        if (!day.has_value()) return;
        *out->mutable_date() = ToProtoDate(*day);
        out->set_value(Value(granularity, *day));
        if (end_day.has_value()) *out->mutable_end_date() = ToProtoDate(*end_day);
      };
      if (e.split_first > 0) {
        // A date changed: the old day and the new.
        emit(begin, tokens.tokens[e.split_last - 1].end, e.granularity, e.day, std::nullopt);
        emit(tokens.tokens[e.split_first].begin, end, e.granularity, e.second_day, std::nullopt);
        e.day = e.second_day;
      } else {
        emit(begin, end, e.granularity, e.day, e.end_day);
      }
      if (e.granularity == v1::TEMPORAL_GRANULARITY_DAY) {
        context.seen_day = true;
        context.last_day = e.day;
        context.last_end = e.end_day;
      }
      i = e.last;
    }
  }
}

}  // namespace dossier::tagger
