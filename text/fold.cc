#include "text/fold.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"

namespace dossier::text {
namespace {

// ICU transliterators are not safe to share between threads: one per thread,
// cloned from a prototype built once.
const icu::Transliterator* Prototype() {
  static const icu::Transliterator* proto = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::Transliterator* t = icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower",
                                                                 UTRANS_FORWARD, status);
    return U_SUCCESS(status) ? t : nullptr;
  }();
  return proto;
}

icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> t(Prototype() != nullptr ? Prototype()->clone()
                                                                             : nullptr);
  return t.get();
}

}  // namespace

std::string FoldToAscii(absl::string_view text) {
  bool plain = true;
  for (char c : text) plain = plain && static_cast<unsigned char>(c) < 0x80;
  if (plain) return absl::AsciiStrToLower(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (auto* t = ThreadTransliterator()) t->transliterate(u);
  std::string ascii;
  u.toUTF8String(ascii);
  return absl::AsciiStrToLower(ascii);
}

std::string FoldName(absl::string_view name) {
  const std::string ascii = FoldToAscii(name);
  // Letters and digits kept; everything else collapses to one space.
  std::string out;
  out.reserve(ascii.size());
  for (char c : ascii) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      out.push_back(c);
    } else if (c == '\'' || c == '.') {
      // "O'Brien" -> "obrien", "U.S." -> "us".
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

LetterCase CaseOf(absl::string_view name) {
  bool upper = false, lower = false;
  const int32_t n = static_cast<int32_t>(name.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(name.data(), i, n, c);
    if (c < 0) continue;
    lower = lower || u_islower(c);
    upper = upper || u_isupper(c) || u_istitle(c);
  }
  if (upper) return lower ? LetterCase::kMixed : LetterCase::kCapitals;
  return lower ? LetterCase::kSmall : LetterCase::kNone;
}

bool IsLatinScript(absl::string_view text) {
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0 || !u_isalpha(c)) continue;
    // Letters of every script ("ʻ" of "Hawaiʻi", a modifier letter) say
    // nothing.
    UErrorCode error = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &error);
    if (script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
      return false;
    }
  }
  return true;
}

bool AnyWordStartsWith(absl::string_view name, absl::string_view prefix) {
  if (absl::StartsWith(name, prefix)) return true;
  for (size_t at = name.find(' '); at != absl::string_view::npos; at = name.find(' ', at + 1)) {
    if (absl::StartsWith(name.substr(at + 1), prefix)) return true;
  }
  return false;
}

std::string UmlautsAsVowelAndE(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"\xc3\xa4", "ae"},
                                    {"\xc3\xb6", "oe"},
                                    {"\xc3\xbc", "ue"},
                                    {"\xc3\x84", "Ae"},
                                    {"\xc3\x96", "Oe"},
                                    {"\xc3\x9c", "Ue"}});
}

int EditDistance(absl::string_view a, absl::string_view b) {
  // One row of the table, updated in place; `diagonal` is the cell above
  // and to the left.
  std::vector<int> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int up = row[j];
      row[j] = std::min({up + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool IsDemonymOf(absl::string_view adjective, absl::string_view place_key) {
  const std::string a = absl::AsciiStrToLower(adjective);
  if (place_key.size() < 4 || a.size() < place_key.size() - 1 || a.size() > place_key.size() + 3) {
    return false;
  }
  size_t common = 0;
  while (common < a.size() && common < place_key.size() && a[common] == place_key[common]) {
    ++common;
  }
  if (common + 1 < place_key.size()) return false;
  const absl::string_view rest = absl::string_view(a).substr(common);
  for (absl::string_view suffix : {"", "n", "an", "ian", "ese", "i", "ish", "ic"}) {
    if (rest == suffix) return true;
  }
  return false;
}

absl::string_view WithoutLeadingThe(absl::string_view folded) {
  return absl::StartsWith(folded, "the ") ? folded.substr(4) : folded;
}

int AcronymLetters(absl::string_view text, bool* dotted) {
  int letters = 0;
  bool dots = false;
  for (const char c : text) {
    if (c == '.') {
      dots = true;
    } else if (absl::ascii_isupper(static_cast<unsigned char>(c))) {
      ++letters;
    } else {
      return 0;
    }
  }
  if (dotted != nullptr) *dotted = dots;
  return letters;
}

std::string SingleSpaced(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace dossier::text
