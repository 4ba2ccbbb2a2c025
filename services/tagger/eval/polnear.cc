#include "services/tagger/eval/polnear.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/utf8.h"

namespace dossier::tagger::eval {
namespace {

// ---------------------------------------------------------------------------
// Brat standoff.

struct TextBound {
  std::string type;
  std::vector<ByteSpan> fragments;
};

// "89 106;110 120" in code points -> byte spans.
bool ParseFragments(absl::string_view ranges, const OffsetConverter& conv, int32_t length,
                    std::vector<ByteSpan>* out) {
  for (absl::string_view range : absl::StrSplit(ranges, ';')) {
    std::vector<absl::string_view> ends = absl::StrSplit(range, ' ', absl::SkipEmpty());
    int begin = 0, end = 0;
    if (ends.size() != 2 || !absl::SimpleAtoi(ends[0], &begin) ||
        !absl::SimpleAtoi(ends[1], &end) || begin < 0 || end < begin) {
      return false;
    }
    const int b = conv.ToUtf8(begin), e = conv.ToUtf8(end);
    if (b > length || e > length) return false;
    out->push_back({b, e});
  }
  return true;
}

// ---------------------------------------------------------------------------
// Gold quotes.

struct Cp {
  UChar32 c;
  int begin;
  int end;
};

std::vector<Cp> Decode(absl::string_view text) {
  std::vector<Cp> out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, length, c);
    out.push_back({c, start, i});
  }
  return out;
}

bool IsSpace(UChar32 c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || u_isUWhiteSpace(c);
}
bool IsOpenGlyph(UChar32 c) { return c == 0x201C || c == 0x201E || c == 0x00AB; }
bool IsCloseGlyph(UChar32 c) { return c == 0x201D || c == 0x00BB; }
bool IsDoubleMark(UChar32 c) { return c == '"' || IsOpenGlyph(c) || IsCloseGlyph(c); }
bool IsWordChar(UChar32 c) { return u_isalnum(c); }

class GoldFinder {
 public:
  explicit GoldFinder(absl::string_view text) : text_(text), cps_(Decode(text)) {
    // Two apostrophes (or backticks) typed together are a double mark.
    std::vector<Cp> merged;
    for (size_t i = 0; i < cps_.size(); ++i) {
      const UChar32 c = cps_[i].c;
      if ((c == '\'' || c == '`') && i + 1 < cps_.size() && cps_[i + 1].c == c) {
        merged.push_back({c == '`' ? 0x201C : '"', cps_[i].begin, cps_[i + 1].end});
        ++i;
        continue;
      }
      merged.push_back(cps_[i]);
    }
    cps_ = std::move(merged);
  }

  // Index of the code point that starts at byte `b` (or the next one).
  int At(int b) const {
    return static_cast<int>(
        std::lower_bound(cps_.begin(), cps_.end(), b,
                         [](const Cp& cp, int offset) { return cp.begin < offset; }) -
        cps_.begin());
  }
  UChar32 CharAt(int i) const {
    return i >= 0 && i < static_cast<int>(cps_.size()) ? cps_[i].c : ' ';
  }
  bool OpensLine(int i) const {
    for (int k = i - 1; k >= 0; --k) {
      if (cps_[k].c == '\n') return true;
      if (!IsSpace(cps_[k].c)) return false;
    }
    return true;
  }

  enum class Role { kOpen, kClose };

  Role RoleOf(int i, int depth) const {
    const UChar32 c = cps_[i].c, prev = CharAt(i - 1), next = CharAt(i + 1);
    const bool next_is_word = !IsSpace(next) && !u_ispunct(next);
    if (IsOpenGlyph(c)) {
      return depth > 0 && !next_is_word ? Role::kClose : Role::kOpen;
    }
    if (IsCloseGlyph(c)) {
      return depth == 0 && IsSpace(prev) && next_is_word ? Role::kOpen : Role::kClose;
    }
    const bool left =
        !IsSpace(next) && (IsSpace(prev) || prev == '(' || prev == '[' || prev == '-' ||
                           prev == 0x2014 || prev == ':' || IsDoubleMark(prev) || i == 0);
    const bool right = !IsSpace(prev) && i > 0 && prev != '(' && prev != '[';
    if (left && !right) return Role::kOpen;
    if (right && !left) return Role::kClose;
    return depth > 0 ? Role::kClose : Role::kOpen;
  }

  // Whether the single curly mark at `i` opens (left-flanking at the top
  // level) or closes (right-flanking, not inside a word) a quote.
  bool OpensSingle(int i) const {
    const UChar32 prev = CharAt(i - 1), next = CharAt(i + 1);
    return cps_[i].c == 0x2018 && !IsSpace(next) &&
           (IsSpace(prev) || prev == ':' || prev == '(' || i == 0);
  }
  bool ClosesSingle(int i) const {
    const UChar32 next = CharAt(i + 1);
    return cps_[i].c == 0x2019 && !IsWordChar(next);
  }

  // The top-level quoted stretches of the fragment [b, e), and whether
  // the fragment has words outside them.
  std::vector<ByteSpan> Regions(ByteSpan fragment, bool* words_outside) const {
    std::vector<ByteSpan> out;
    const int first = At(fragment.begin), stop = At(fragment.end);
    int depth = 0, start = -1;
    bool single = false;  // the top-level quote is in single marks
    bool any_mark = false;
    for (int i = first; i < stop; ++i) {
      if (depth == 0 && OpensSingle(i)) {
        any_mark = true;
        depth = 1;
        single = true;
        start = cps_[i].end;
        continue;
      }
      if (single) {
        if (ClosesSingle(i)) {
          Add(start, cps_[i].begin, &out);
          depth = 0;
          single = false;
        }
        continue;
      }
      if (!IsDoubleMark(cps_[i].c)) continue;
      any_mark = true;
      const Role role = RoleOf(i, depth);
      if (role == Role::kOpen) {
        if (depth == 0) {
          depth = 1;
          start = cps_[i].end;
        } else if (!OpensLine(i)) {
          ++depth;
        }
        continue;
      }
      if (depth == 0) {
        // The fragment starts inside a quote.
        if (out.empty()) Add(fragment.begin, cps_[i].begin, &out);
      } else if (--depth == 0) {
        Add(start, cps_[i].begin, &out);
      }
    }
    if (depth > 0) Add(start, fragment.end, &out);
    if (!any_mark) {
      // Marks just outside the fragment: “fragment”.
      int before = first - 1, after = stop;
      while (before >= 0 && IsSpace(cps_[before].c)) --before;
      while (after < static_cast<int>(cps_.size()) &&
             (IsSpace(cps_[after].c) || cps_[after].c == '.' || cps_[after].c == ',')) {
        ++after;
      }
      if (before >= 0 && after < static_cast<int>(cps_.size()) &&
          (IsOpenGlyph(cps_[before].c) || cps_[before].c == '"') &&
          (IsCloseGlyph(cps_[after].c) || cps_[after].c == '"')) {
        Add(fragment.begin, fragment.end, &out);
      }
    }
    *words_outside = false;
    int at = first;
    for (const ByteSpan& r : out) {
      for (int i = at; i < stop && cps_[i].begin < r.begin; ++i) {
        *words_outside = *words_outside || IsWordChar(cps_[i].c);
      }
      at = At(r.end);
    }
    for (int i = at; i < stop; ++i) {
      *words_outside = *words_outside || IsWordChar(cps_[i].c);
    }
    return out;
  }

  // The last non-space character before byte `b`, skipping one mark.
  UChar32 CharBeforeMark(int b) const {
    int i = At(b) - 1;
    while (i >= 0 && IsSpace(cps_[i].c)) --i;
    if (i >= 0 && IsDoubleMark(cps_[i].c)) --i;
    while (i >= 0 && IsSpace(cps_[i].c)) --i;
    return i >= 0 ? cps_[i].c : 0;
  }

 private:
  void Add(int b, int e, std::vector<ByteSpan>* out) const {
    int i = At(b), j = At(e);
    while (i < j && IsSpace(cps_[i].c)) ++i;
    while (j > i && IsSpace(cps_[j - 1].c)) --j;
    bool words = false;
    for (int k = i; k < j && !words; ++k) words = IsWordChar(cps_[k].c);
    if (!words) return;
    out->push_back({cps_[i].begin, cps_[j - 1].end});
  }

  absl::string_view text_;
  std::vector<Cp> cps_;
};

int Overlap(ByteSpan a, int b_begin, int b_end) {
  return std::max(0, std::min(a.end, b_end) - std::max(a.begin, b_begin));
}

bool Overlaps(const std::vector<ByteSpan>& spans, const v1::Span& s) {
  for (const ByteSpan& f : spans) {
    if (Overlap(f, s.begin(), s.end()) > 0) return true;
  }
  return false;
}

std::string Snippet(absl::string_view text, int begin, int end) {
  std::string s(text.substr(begin, std::max(0, end - begin)));
  for (char& c : s) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return Ellipsize(s, 90);
}

std::string SpansText(absl::string_view text, const std::vector<ByteSpan>& spans) {
  std::vector<std::string> parts;
  for (const ByteSpan& s : spans) parts.push_back(Snippet(text, s.begin, s.end));
  return absl::StrJoin(parts, " ... ");
}

// Words that open a noun phrase about someone the text does not name.
bool IsIndefinite(absl::string_view word) {
  static const auto* words = new std::set<std::string>{
      "a",    "an",     "one",      "some",      "another", "several", "many",  "most",
      "few",  "about",  "other",    "others",    "any",     "two",     "three", "four",
      "five", "dozens", "hundreds", "thousands", "no",      "none",    "half",  "more"};
  return words->count(std::string(word)) > 0 ||
         (!word.empty() && absl::ascii_isdigit(static_cast<unsigned char>(word[0])));
}

bool IsPronoun(absl::string_view word) {
  static const auto* pronouns =
      new std::set<std::string>{"he",  "she",  "they", "it",    "we",   "i",   "you",   "him",
                                "her", "them", "who",  "which", "that", "his", "their", "its"};
  return pronouns->count(absl::AsciiStrToLower(word)) > 0;
}

void Note(Scores* scores, const std::string& cls, std::string example) {
  if (scores->max_examples <= 0) return;
  auto& list = scores->examples[cls];
  if (static_cast<int>(list.size()) < scores->max_examples) list.push_back(std::move(example));
}

double Percent(int num, int den) { return den == 0 ? 0 : 100.0 * num / den; }

std::string JsonMap(const std::map<std::string, int>& m) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : m) parts.push_back(absl::StrFormat("\"%s\": %d", k, v));
  return "{" + absl::StrJoin(parts, ", ") + "}";
}

}  // namespace

absl::StatusOr<std::vector<GoldAttribution>> ParseBrat(absl::string_view ann,
                                                       absl::string_view text,
                                                       int* offset_mismatches) {
  const OffsetConverter conv(text, v1::ENCODING_TYPE_UTF32);
  const int32_t length = static_cast<int32_t>(text.size());
  absl::flat_hash_map<std::string, TextBound> bounds;
  std::vector<std::vector<std::pair<std::string, std::string>>> events;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(ann, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 2 || (line[0] != 'T' && line[0] != 'E') ||
        !absl::ascii_isdigit(static_cast<unsigned char>(line[1]))) {
      continue;  // notes, relations, and the continuation of a span's text
    }
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::MaxSplits('\t', 2));
    if (fields.size() < 2) continue;
    if (line[0] == 'T') {
      const size_t space = fields[1].find(' ');
      if (space == absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": no offsets"));
      }
      TextBound tb;
      tb.type = std::string(fields[1].substr(0, space));
      if (!ParseFragments(fields[1].substr(space + 1), conv, length, &tb.fragments)) {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", line_number, ": bad offsets \"", fields[1], "\""));
      }
      if (offset_mismatches != nullptr && tb.fragments.size() == 1 && fields.size() == 3) {
        const ByteSpan f = tb.fragments[0];
        if (text.substr(f.begin, f.end - f.begin) != fields[2] &&
            text.substr(f.begin, f.end - f.begin).find('\n') == absl::string_view::npos) {
          ++*offset_mismatches;
        }
      }
      bounds[fields[0]] = std::move(tb);
      continue;
    }
    std::vector<std::pair<std::string, std::string>> args;
    for (absl::string_view arg : absl::StrSplit(fields[1], ' ', absl::SkipEmpty())) {
      const size_t colon = arg.find(':');
      if (colon == absl::string_view::npos) continue;
      args.emplace_back(std::string(arg.substr(0, colon)), std::string(arg.substr(colon + 1)));
    }
    events.push_back(std::move(args));
  }
  std::vector<GoldAttribution> out;
  for (const auto& args : events) {
    if (args.empty() || args[0].first.rfind("Attribution", 0) != 0) continue;
    GoldAttribution a;
    for (const auto& [role, id] : args) {
      const auto it = bounds.find(id);
      if (it == bounds.end()) continue;
      const auto& f = it->second.fragments;
      if (role == "Content" || role == "Content2") {
        a.content.insert(a.content.end(), f.begin(), f.end());
      } else if (role == "Source") {
        a.source.insert(a.source.end(), f.begin(), f.end());
      } else if (role == "Cue") {
        a.cue.insert(a.cue.end(), f.begin(), f.end());
      }
    }
    if (!a.content.empty()) out.push_back(std::move(a));
  }
  return out;
}

const char* ConstructionName(Construction c) {
  switch (c) {
    case Construction::kDirect:
      return "direct";
    case Construction::kColon:
      return "colon-led";
    case Construction::kSplit:
      return "split";
    case Construction::kMultiParagraph:
      return "multi-paragraph";
    case Construction::kPartial:
      return "partial";
    case Construction::kReportedSaid:
      return "reported, said or told";
    case Construction::kReported:
      return "reported, other cue";
  }
  return "?";
}

namespace {

// An attribution's content as stretches of text. Annotators often cut a
// content into one fragment per sentence: the fragments that only spaces
// separate are one stretch of text.
std::vector<ByteSpan> MergedContent(absl::string_view text, const GoldAttribution& attribution) {
  std::vector<ByteSpan> fragments = attribution.content;
  std::sort(fragments.begin(), fragments.end(),
            [](const ByteSpan& x, const ByteSpan& y) { return x.begin < y.begin; });
  std::vector<ByteSpan> merged;
  for (const ByteSpan& f : fragments) {
    if (!merged.empty() && f.begin >= merged.back().end &&
        absl::StripAsciiWhitespace(text.substr(merged.back().end, f.begin - merged.back().end))
            .empty()) {
      merged.back().end = std::max(merged.back().end, f.end);
    } else if (!merged.empty() && f.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, f.end);
    } else {
      merged.push_back(f);
    }
  }
  return merged;
}

bool HasDoubleMark(absl::string_view s) {
  for (absl::string_view mark : {"\"", "\u201C", "\u201D", "\u201E", "\u00AB", "\u00BB"}) {
    if (absl::StrContains(s, mark)) return true;
  }
  return false;
}

struct Candidate {
  GoldQuote quote;
  int content_size;
};

// Nested attributions share quotes: the innermost (smallest content)
// attribution keeps one. In text order.
std::vector<GoldQuote> Innermost(std::vector<Candidate> candidates) {
  std::stable_sort(
      candidates.begin(), candidates.end(),
      [](const Candidate& x, const Candidate& y) { return x.content_size < y.content_size; });
  std::vector<GoldQuote> out;
  for (const Candidate& c : candidates) {
    bool duplicate = false;
    for (const GoldQuote& kept : out) {
      const int inter = Overlap(c.quote.span, kept.span.begin, kept.span.end);
      const int uni =
          std::max(c.quote.span.end, kept.span.end) - std::min(c.quote.span.begin, kept.span.begin);
      duplicate = duplicate || (uni > 0 && 2 * inter >= uni);
    }
    if (!duplicate) out.push_back(c.quote);
  }
  std::sort(out.begin(), out.end(), [](const GoldQuote& x, const GoldQuote& y) {
    return std::tie(x.span.begin, x.span.end) < std::tie(y.span.begin, y.span.end);
  });
  return out;
}

}  // namespace

std::vector<GoldQuote> GoldQuotes(absl::string_view text,
                                  const std::vector<GoldAttribution>& gold) {
  const GoldFinder finder(text);
  std::vector<Candidate> candidates;
  for (size_t a = 0; a < gold.size(); ++a) {
    int content_size = 0;
    for (const ByteSpan& f : gold[a].content) content_size += f.end - f.begin;
    const std::vector<ByteSpan> merged = MergedContent(text, gold[a]);
    std::vector<std::pair<ByteSpan, bool>> regions;  // span, partial
    for (const ByteSpan& f : merged) {
      bool words_outside = false;
      for (const ByteSpan& r : finder.Regions(f, &words_outside)) {
        regions.push_back({r, words_outside});
      }
    }
    for (const auto& [span, partial] : regions) {
      Construction c = Construction::kDirect;
      if (partial) {
        c = Construction::kPartial;
      } else if (finder.CharBeforeMark(span.begin) == ':') {
        c = Construction::kColon;
      } else if (regions.size() > 1) {
        c = Construction::kSplit;
      } else if (text.substr(span.begin, span.end - span.begin).find('\n') !=
                 absl::string_view::npos) {
        c = Construction::kMultiParagraph;
      }
      candidates.push_back({{span, static_cast<int>(a), c}, content_size});
    }
  }
  return Innermost(std::move(candidates));
}

std::vector<GoldQuote> GoldReported(absl::string_view text,
                                    const std::vector<GoldAttribution>& gold) {
  const GoldFinder finder(text);
  std::vector<Candidate> candidates;
  for (size_t a = 0; a < gold.size(); ++a) {
    const std::vector<ByteSpan> merged = MergedContent(text, gold[a]);
    bool marked = false;
    int content_size = 0;
    for (const ByteSpan& f : merged) {
      bool words_outside = false;
      marked = marked || !finder.Regions(f, &words_outside).empty() ||
               HasDoubleMark(text.substr(f.begin, f.end - f.begin));
      content_size += f.end - f.begin;
    }
    if (marked) continue;
    // Reports by "say" or "tell" apart from the rest (beliefs, findings,
    // "according to", nouns such as "criticism of").
    bool said = false;
    for (const ByteSpan& cue : gold[a].cue) {
      for (absl::string_view word : absl::StrSplit(text.substr(cue.begin, cue.end - cue.begin),
                                                   absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
        said = said || absl::EqualsIgnoreCase(word, "said") ||
               absl::EqualsIgnoreCase(word, "says") || absl::EqualsIgnoreCase(word, "say") ||
               absl::EqualsIgnoreCase(word, "told") || absl::EqualsIgnoreCase(word, "tells") ||
               absl::EqualsIgnoreCase(word, "tell");
      }
    }
    const Construction construction = said ? Construction::kReportedSaid : Construction::kReported;
    for (ByteSpan f : merged) {
      // The words, without the spaces and the stop around them.
      while (f.end > f.begin && (absl::ascii_isspace(static_cast<unsigned char>(text[f.end - 1])) ||
                                 text[f.end - 1] == '.' || text[f.end - 1] == ',')) {
        --f.end;
      }
      while (f.begin < f.end && absl::ascii_isspace(static_cast<unsigned char>(text[f.begin]))) {
        ++f.begin;
      }
      if (f.end > f.begin) {
        candidates.push_back({{f, static_cast<int>(a), construction}, content_size});
      }
    }
  }
  return Innermost(std::move(candidates));
}

namespace {

// Scores the quotes `preds` of `predicted` against the gold quotes `golds`
// of the attributions `gold`.
void ScoreQuotes(absl::string_view name, absl::string_view text,
                 const std::vector<GoldAttribution>& gold, const std::vector<GoldQuote>& golds,
                 const v1::Annotations& predicted, const std::vector<const v1::Quote*>& preds,
                 bool same_cue, Scores* scores) {
  ++scores->texts;
  scores->gold += static_cast<int>(golds.size());
  scores->predicted += static_cast<int>(preds.size());
  for (const GoldQuote& g : golds) ++scores->gold_by[ConstructionName(g.construction)];

  // Greedy one-to-one matching by overlap.
  struct Pair {
    double ratio;
    int g;
    int p;
  };
  std::vector<Pair> pairs;
  for (size_t g = 0; g < golds.size(); ++g) {
    for (int p = 0; p < static_cast<int>(preds.size()); ++p) {
      const v1::Span& s = preds[p]->span();
      const int inter = Overlap(golds[g].span, s.begin(), s.end());
      const int uni =
          std::max(golds[g].span.end, s.end()) - std::min(golds[g].span.begin, s.begin());
      // With `same_cue`, the predicted cue must be the gold attribution's
      // too (where it has one): a report is matched to what its verb
      // reports, not to any content it overlaps.
      const auto& cues = gold[golds[g].attribution].cue;
      if (same_cue && !cues.empty() && !Overlaps(cues, preds[p]->cue_span())) {
        continue;
      }
      if (inter > 0 && 2 * inter >= uni) {
        pairs.push_back({static_cast<double>(inter) / uni, static_cast<int>(g), p});
      }
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
    return std::tie(y.ratio, x.g, x.p) < std::tie(x.ratio, y.g, y.p);
  });
  std::vector<int> pred_of(golds.size(), -1), gold_of(preds.size(), -1);
  for (const Pair& pair : pairs) {
    if (pred_of[pair.g] >= 0 || gold_of[pair.p] >= 0) continue;
    pred_of[pair.g] = pair.p;
    gold_of[pair.p] = pair.g;
  }

  // The entities whose mentions overlap some spans (persons only, persons
  // and organisations, or any).
  enum class Kinds { kPersons, kNamed, kNotMisc };
  // A place the span it is in goes on past with a word ("a New Hampshire
  // Republican"): a modifier, as a MISC name is.
  auto place_modifier = [&](const std::vector<ByteSpan>& spans, const v1::Mention& m) {
    if (m.type() != v1::ENTITY_TYPE_LOCATION) return false;
    for (const ByteSpan& span : spans) {
      if (m.span().end() <= span.begin || m.span().begin() >= span.end) continue;
      for (int i = m.span().end(); i < span.end && i < static_cast<int>(text.size()); ++i) {
        if (absl::ascii_isalnum(static_cast<unsigned char>(text[i]))) return true;
      }
    }
    return false;
  };
  auto entities_at = [&](const std::vector<ByteSpan>& spans, Kinds kinds) {
    std::set<int> out;
    for (const v1::Mention& m : predicted.mentions()) {
      const bool person = m.type() == v1::ENTITY_TYPE_PERSON;
      if ((kinds == Kinds::kPersons && !person) ||
          (kinds == Kinds::kNamed && !person && m.type() != v1::ENTITY_TYPE_ORGANIZATION) ||
          (kinds == Kinds::kNotMisc &&
           (m.type() == v1::ENTITY_TYPE_MISC || place_modifier(spans, m)))) {
        continue;
      }
      if (Overlaps(spans, m.span())) out.insert(m.entity_index());
    }
    return out;
  };
  auto where = [&](int begin, int end) {
    return absl::StrCat(name, "@", begin, ": \"", Snippet(text, begin, end), "\"");
  };

  for (size_t gi = 0; gi < golds.size(); ++gi) {
    const GoldQuote& g = golds[gi];
    const GoldAttribution& attribution = gold[g.attribution];
    const int p = pred_of[gi];
    if (p < 0) {
      const std::string cls = ConstructionName(g.construction);
      ++scores->missed[cls];
      Note(scores, "missed " + cls,
           absl::StrCat(where(g.span.begin, g.span.end),
                        "  [source: ", SpansText(text, attribution.source), "]"));
      continue;
    }
    ++scores->matched;
    const v1::Quote& q = *preds[p];
    if (q.span().begin() == g.span.begin && q.span().end() == g.span.end) {
      ++scores->exact;
    } else {
      Note(scores, "boundary",
           absl::StrCat(where(g.span.begin, g.span.end), "  predicted \"",
                        Snippet(text, q.span().begin(), q.span().end()), "\""));
    }
    if (attribution.source.empty()) {
      ++scores->no_gold_source;
      continue;
    }
    // Who the gold source is, as entities of the tagged text.
    // Names in the source; a MISC mention ("The Republican presidential
    // nominee") or a place before a noun ("a New Hampshire Republican") is
    // a modifier, not the speaker.
    std::set<int> right = entities_at(attribution.source, Kinds::kNotMisc);
    const bool named = !right.empty();
    std::string source_text = SpansText(text, attribution.source);
    bool unnamed = false;
    if (!named) {
      const ByteSpan src = attribution.source.front();
      const std::string word = absl::AsciiStrToLower(source_text);
      const std::string first_word = word.substr(0, word.find(' '));
      if (word == "i" || word == "we" || word == "you" || word == "me" || word == "us") {
        // The writer, or whoever they address: no antecedent to judge by.
      } else if (IsIndefinite(first_word)) {
        // "one user", "some protesters", "a person close to the Clintons":
        // nobody the document names; right is no speaker.
        unnamed = true;
      } else if (word == "who" || word == "which" || word == "that") {
        const v1::Mention* before = nullptr;
        for (const v1::Mention& m : predicted.mentions()) {
          if (m.span().end() <= src.begin && src.begin - m.span().end() <= 40) before = &m;
        }
        if (before != nullptr) right.insert(before->entity_index());
      } else if (IsPronoun(word)) {
        // He and she mean a person; they and it may mean an organisation.
        const Kinds kinds =
            word == "he" || word == "she" || word == "him" || word == "her" || word == "his"
                ? Kinds::kPersons
                : Kinds::kNamed;
        int best = -1;
        for (size_t a = 0; a < gold.size(); ++a) {
          const auto& s = gold[a].source;
          if (s.empty() || s.front().begin >= src.begin) continue;
          if (best >= 0 && gold[best].source.front().begin >= s.front().begin) continue;
          if (entities_at(s, kinds).empty()) continue;
          best = static_cast<int>(a);
        }
        if (best >= 0) {
          right = entities_at(gold[best].source, kinds);
          source_text += " -> " + SpansText(text, gold[best].source);
        }
      }
      // Else a description ("the former Florida governor", "the
      // statement"): who it means is not in the gold.
      if (right.empty() && !unnamed) {
        ++scores->unjudgeable;
        continue;
      }
      if (unnamed) {
        ++scores->unnamed_judged;
      } else {
        ++scores->by_antecedent;
      }
    }
    ++scores->speaker_judged;
    if (named) ++scores->named_judged;
    const int bin = std::clamp(static_cast<int>(q.confidence() * 10), 0, 9);
    ++scores->by_confidence[bin][0];
    bool ok = false;
    if (q.has_speaker_mention_index() && q.speaker_mention_index() < predicted.mentions_size() &&
        Overlaps(attribution.source, predicted.mentions(q.speaker_mention_index()).span())) {
      ok = true;
    }
    if (q.has_speaker_entity_index() && right.count(q.speaker_entity_index()) > 0) ok = true;
    if (unnamed) ok = !q.has_speaker_entity_index();
    if (ok) {
      ++scores->by_confidence[bin][1];
      ++scores->speaker_right;
      if (named) ++scores->named_right;
      continue;
    }
    std::string cls;
    const bool has_speaker =
        q.has_speaker_entity_index() && q.speaker_entity_index() < predicted.entities_size();
    bool gold_org = false;
    for (const v1::Mention& m : predicted.mentions()) {
      if (m.type() == v1::ENTITY_TYPE_ORGANIZATION && Overlaps(attribution.source, m.span())) {
        gold_org = true;
      }
    }
    if (!has_speaker) {
      cls = "none found";
    } else if (IsPronoun(source_text.substr(0, source_text.find(" -> ")))) {
      cls = "pronoun";
    } else if (gold_org || predicted.entities(q.speaker_entity_index()).type() ==
                               v1::ENTITY_TYPE_ORGANIZATION) {
      cls = "organisation";
    } else {
      cls = "wrong person";
    }
    ++scores->speaker_errors[cls];
    Note(scores, "speaker " + cls,
         absl::StrCat(where(g.span.begin, g.span.end), "  gold \"", source_text, "\", predicted \"",
                      has_speaker ? predicted.entities(q.speaker_entity_index()).name() : "",
                      "\" (cue \"", q.cue(), "\", ", absl::StrFormat("%.2f", q.confidence()), ")"));
  }
  for (int p = 0; p < static_cast<int>(preds.size()); ++p) {
    if (gold_of[p] >= 0) continue;
    const v1::Quote& q = *preds[p];
    bool in_content = false;
    for (const GoldAttribution& a : gold) {
      for (const ByteSpan& f : a.content) {
        in_content = in_content || Overlap(f, q.span().begin(), q.span().end()) > 0;
      }
    }
    const std::string cls =
        absl::StrCat(q.kind() == v1::QUOTE_KIND_MIXED      ? "mixed"
                     : q.kind() == v1::QUOTE_KIND_INDIRECT ? "reported"
                                                           : "direct",
                     q.has_speaker_entity_index() ? ", with speaker" : ", no speaker",
                     in_content ? ", in a gold content" : ", outside gold contents");
    ++scores->spurious[cls];
    Note(scores, "spurious " + cls,
         absl::StrCat(where(q.span().begin(), q.span().end()), " (cue \"", q.cue(), "\")"));
  }
}

}  // namespace

void ScoreText(absl::string_view name, absl::string_view text,
               const std::vector<GoldAttribution>& gold, const v1::Annotations& predicted,
               Scores* scores, Scores* reported) {
  std::vector<const v1::Quote*> quoted, indirect;
  for (const v1::Quote& q : predicted.quotes()) {
    (q.kind() == v1::QUOTE_KIND_INDIRECT ? indirect : quoted).push_back(&q);
  }
  ScoreQuotes(name, text, gold, GoldQuotes(text, gold), predicted, quoted, false, scores);
  if (reported != nullptr) {
    ScoreQuotes(name, text, gold, GoldReported(text, gold), predicted, indirect, true, reported);
  }
}

double Scores::Precision() const { return Percent(matched, predicted); }
double Scores::Recall() const { return Percent(matched, gold); }
double Scores::F1() const {
  return predicted + gold == 0 ? 0 : 200.0 * matched / (predicted + gold);
}
double Scores::ExactF1() const {
  return predicted + gold == 0 ? 0 : 200.0 * exact / (predicted + gold);
}
double Scores::SpeakerAccuracy() const { return Percent(speaker_right, speaker_judged); }

std::string Scores::ToJson() const {
  return absl::StrFormat(
      "{\"span_f1\": %.2f, \"span_precision\": %.2f, \"span_recall\": %.2f, "
      "\"exact_span_f1\": %.2f, \"speaker_accuracy\": %.2f, "
      "\"speaker_accuracy_named_sources\": %.2f, \"texts\": %d, \"gold\": %d, "
      "\"predicted\": %d, \"matched\": %d, \"exact\": %d, \"speaker_judged\": "
      "%d, "
      "\"speaker_right\": %d, \"speaker_by_antecedent\": %d, "
      "\"speaker_unnamed\": %d, "
      "\"speaker_unjudgeable\": %d, \"no_gold_source\": %d, "
      "\"gold_by_construction\": %s, \"missed\": %s, \"spurious\": %s, "
      "\"speaker_errors\": %s, \"annotators\": \"%s\"}",
      F1(), Precision(), Recall(), ExactF1(), SpeakerAccuracy(), Percent(named_right, named_judged),
      texts, gold, predicted, matched, exact, speaker_judged, speaker_right, by_antecedent,
      unnamed_judged, unjudgeable, no_gold_source, JsonMap(gold_by), JsonMap(missed),
      JsonMap(spurious), JsonMap(speaker_errors), annotators);
}

std::string Scores::ToText() const {
  std::string out = absl::StrFormat(
      "texts %d: %d gold quotes, %d predicted, %d matched (%d exact)\n"
      "span       precision %6.2f  recall %6.2f  F1 %6.2f\n"
      "exact span F1 %6.2f\n"
      "speaker    accuracy %6.2f over %d matched quotes (named sources %6.2f "
      "over "
      "%d; %d judged through an antecedent, %d unnamed; %d without gold "
      "source, "
      "%d unjudgeable left out)\n",
      texts, gold, predicted, matched, exact, Precision(), Recall(), F1(), ExactF1(),
      SpeakerAccuracy(), speaker_judged, Percent(named_right, named_judged), named_judged,
      by_antecedent, unnamed_judged, no_gold_source, unjudgeable);
  absl::StrAppend(&out, "missed, by construction (of gold):\n");
  for (const auto& [cls, n] : gold_by) {
    const auto it = missed.find(cls);
    const int m = it == missed.end() ? 0 : it->second;
    absl::StrAppendFormat(&out, "  %-16s %4d of %4d (recall %6.2f)\n", cls, m, n,
                          Percent(n - m, n));
  }
  absl::StrAppend(&out, "spurious:\n");
  for (const auto& [cls, n] : spurious) absl::StrAppendFormat(&out, "  %-50s %4d\n", cls, n);
  absl::StrAppend(&out, "speaker accuracy by quote confidence:\n");
  for (int b = 0; b < 10; ++b) {
    if (by_confidence[b][0] == 0) continue;
    absl::StrAppendFormat(&out, "  %.1f-%.1f  %5d quotes  %6.2f\n", b / 10.0, (b + 1) / 10.0,
                          by_confidence[b][0], Percent(by_confidence[b][1], by_confidence[b][0]));
  }
  absl::StrAppend(&out, "speaker errors:\n");
  for (const auto& [cls, n] : speaker_errors) absl::StrAppendFormat(&out, "  %-16s %4d\n", cls, n);
  for (const auto& [cls, list] : examples) {
    absl::StrAppend(&out, "examples, ", cls, ":\n");
    for (const std::string& e : list) absl::StrAppend(&out, "  ", e, "\n");
  }
  return out;
}

}  // namespace dossier::tagger::eval
