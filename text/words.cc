#include "text/words.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "absl/strings/ascii.h"
#include "text/fold.h"

namespace dossier::text {
namespace {

// The code point at `i` (advancing `i` past it); U+FFFD for an ill-formed
// sequence, which is no word character.
UChar32 NextCodePoint(absl::string_view s, size_t* i) {
  const unsigned char c = static_cast<unsigned char>(s[*i]);
  if (c < 0x80) {
    ++*i;
    return c;
  }
  int32_t at = static_cast<int32_t>(*i);
  UChar32 cp;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), at, static_cast<int32_t>(s.size()), cp);
  *i = static_cast<size_t>(at);
  return cp < 0 ? 0xFFFD : cp;
}

UChar32 PeekCodePoint(absl::string_view s, size_t i) {
  if (i >= s.size()) return -1;
  return NextCodePoint(s, &i);
}

bool IsWordChar(UChar32 cp) {
  if (cp < 0x80) return absl::ascii_isalnum(static_cast<unsigned char>(cp));
  return u_isalnum(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
}

bool IsLetter(UChar32 cp) {
  if (cp < 0) return false;
  if (cp < 0x80) return absl::ascii_isalpha(static_cast<unsigned char>(cp));
  return u_isalpha(cp);
}

bool IsApostrophe(UChar32 cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

}  // namespace

bool WordReader::Next(Word* word) {
  while (at_ < text_.size()) {
    // Skip to a word character.
    size_t start = at_;
    UChar32 cp = NextCodePoint(text_, &at_);
    if (!IsWordChar(cp)) continue;

    raw_.clear();
    bool ascii = true;
    size_t end = at_;
    // Letters of the current dot-joined segment ("U" of "U.S.").
    int segment_letters = 0;
    bool segment_other = false;
    auto take = [&](size_t from, size_t to, UChar32 c) {
      if (c < 0x80) {
        raw_.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
      } else {
        raw_.append(text_.data() + from, to - from);
        ascii = false;
      }
      if (IsLetter(c)) {
        ++segment_letters;
      } else {
        segment_other = true;
      }
      end = to;
    };
    take(start, at_, cp);
    while (at_ < text_.size()) {
      const size_t here = at_;
      size_t next_at = at_;
      const UChar32 c = NextCodePoint(text_, &next_at);
      if (IsWordChar(c)) {
        take(here, next_at, c);
        at_ = next_at;
        continue;
      }
      if (IsApostrophe(c)) {
        size_t after = next_at;
        const UChar32 n = PeekCodePoint(text_, after);
        if (n < 0 || !IsWordChar(n)) break;
        if (n == 's' || n == 'S') {
          size_t past_s = after;
          NextCodePoint(text_, &past_s);
          const UChar32 n2 = PeekCodePoint(text_, past_s);
          if (n2 < 0 || !IsWordChar(n2)) {
            // A possessive: the word ends before it, and the "'s" goes.
            at_ = past_s;
            break;
          }
        }
        at_ = next_at;  // an inner apostrophe joins
        continue;
      }
      if (c == '.' && segment_letters == 1 && !segment_other) {
        size_t after = next_at;
        const UChar32 n = PeekCodePoint(text_, after);
        if (IsLetter(n)) {
          size_t past = after;
          NextCodePoint(text_, &past);
          const UChar32 n2 = PeekCodePoint(text_, past);
          if (n2 < 0 || n2 == '.' || !IsWordChar(n2)) {
            // "U.S.": single letters joined by dots.
            at_ = next_at;
            segment_letters = 0;
            segment_other = false;
            continue;
          }
        }
      }
      break;
    }

    std::string& term = word->term;
    if (ascii) {
      term.swap(raw_);
    } else {
      const std::string folded = FoldToAscii(raw_);
      term.clear();
      for (const char ch : folded) {
        if (absl::ascii_isalnum(static_cast<unsigned char>(ch))) {
          term.push_back(absl::ascii_tolower(static_cast<unsigned char>(ch)));
        }
      }
      if (term.empty()) continue;  // nothing Latin came of it
    }
    if (term.size() > kMaxTermBytes) term.resize(kMaxTermBytes);
    word->begin = static_cast<int32_t>(start);
    word->end = static_cast<int32_t>(end);
    word->position = position_++;
    return true;
  }
  return false;
}

std::vector<Word> Words(absl::string_view text) {
  std::vector<Word> out;
  WordReader reader(text);
  Word w;
  while (reader.Next(&w)) out.push_back(w);
  return out;
}

std::vector<std::string> Terms(absl::string_view text) {
  std::vector<std::string> out;
  WordReader reader(text);
  Word w;
  while (reader.Next(&w)) out.push_back(w.term);
  return out;
}

}  // namespace dossier::text
