#include "services/ingest/normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace dossier::ingest {
namespace {

std::string Nfc(absl::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  if (nfc->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) {
    return std::string(text);
  }
  status = U_ZERO_ERROR;
  std::string out;
  out.reserve(text.size());
  icu::StringByteSink<std::string> sink(&out);
  nfc->normalizeUTF8(0, piece, sink, nullptr, status);
  return U_SUCCESS(status) ? out : std::string(text);
}

bool IsDroppable(UChar32 c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

// A C0 control character (NUL, BEL, ...) or DEL, other than the tabs and
// line breaks read before it: a space between what it separates.
bool IsControl(UChar32 c) { return c < 0x20 || c == 0x7F; }

// The C1 range (U+0080 to U+009F) is what a Windows-1252 text read as
// Latin-1 holds for its quotation marks, dashes, the euro and a few
// letters ("Škoda", "œuvre"): those are the characters Windows-1252 has
// there; 0 for the five it leaves undefined, which go as other invisible
// characters do. (U+0085 is a line break, read before this.)
UChar32 FromWindows1252(UChar32 c) {
  switch (c) {
    case 0x80:
      return 0x20AC;  // €
    case 0x82:
      return 0x201A;  // ‚
    case 0x83:
      return 0x0192;  // ƒ
    case 0x84:
      return 0x201E;  // „
    case 0x86:
      return 0x2020;  // †
    case 0x87:
      return 0x2021;  // ‡
    case 0x88:
      return 0x02C6;  // ˆ
    case 0x89:
      return 0x2030;  // ‰
    case 0x8A:
      return 0x0160;  // Š
    case 0x8B:
      return 0x2039;  // ‹
    case 0x8C:
      return 0x0152;  // Œ
    case 0x8E:
      return 0x017D;  // Ž
    case 0x91:
      return 0x2018;  // ‘
    case 0x92:
      return 0x2019;  // ’
    case 0x93:
      return 0x201C;  // “
    case 0x94:
      return 0x201D;  // ”
    case 0x95:
      return 0x2022;  // •
    case 0x96:
      return 0x2013;  // –
    case 0x97:
      return 0x2014;  // —
    case 0x98:
      return 0x02DC;  // ˜
    case 0x99:
      return 0x2122;  // ™
    case 0x9A:
      return 0x0161;  // š
    case 0x9B:
      return 0x203A;  // ›
    case 0x9C:
      return 0x0153;  // œ
    case 0x9E:
      return 0x017E;  // ž
    case 0x9F:
      return 0x0178;  // Ÿ
    default:
      return 0;
  }
}

// The named character references news scraped from HTML keeps most often:
// XML's five, the space that does not break, and the punctuation and
// letters of Latin-1 and Windows-1252 that pages name.
UChar32 NamedReference(absl::string_view name) {
  static constexpr struct {
    absl::string_view name;
    UChar32 c;
  } kNames[] = {{"amp", '&'},      {"lt", '<'},        {"gt", '>'},       {"quot", '"'},
                {"apos", '\''},    {"nbsp", 0xA0},     {"pound", 0xA3},   {"euro", 0x20AC},
                {"yen", 0xA5},     {"copy", 0xA9},     {"reg", 0xAE},     {"trade", 0x2122},
                {"deg", 0xB0},     {"hellip", 0x2026}, {"ndash", 0x2013}, {"mdash", 0x2014},
                {"lsquo", 0x2018}, {"rsquo", 0x2019},  {"ldquo", 0x201C}, {"rdquo", 0x201D},
                {"laquo", 0xAB},   {"raquo", 0xBB},    {"eacute", 0xE9},  {"egrave", 0xE8},
                {"aacute", 0xE1},  {"agrave", 0xE0},   {"iacute", 0xED},  {"oacute", 0xF3},
                {"uacute", 0xFA},  {"ntilde", 0xF1},   {"ccedil", 0xE7},  {"auml", 0xE4},
                {"ouml", 0xF6},    {"uuml", 0xFC},     {"szlig", 0xDF},   {"Eacute", 0xC9},
                {"Auml", 0xC4},    {"Ouml", 0xD6},     {"Uuml", 0xDC},    {"ecirc", 0xEA},
                {"ocirc", 0xF4},   {"atilde", 0xE3},   {"otilde", 0xF5},  {"iexcl", 0xA1},
                {"iquest", 0xBF},  {"frac12", 0xBD},   {"middot", 0xB7},  {"times", 0xD7},
                {"AMP", '&'},      {"LT", '<'},        {"GT", '>'},       {"QUOT", '"'},
                {"Aacute", 0xC1},  {"Agrave", 0xC0},   {"Acirc", 0xC2},   {"Atilde", 0xC3},
                {"Aring", 0xC5},   {"aring", 0xE5},    {"AElig", 0xC6},   {"aelig", 0xE6},
                {"Ccedil", 0xC7},  {"Egrave", 0xC8},   {"Ecirc", 0xCA},   {"Euml", 0xCB},
                {"euml", 0xEB},    {"Iacute", 0xCD},   {"Igrave", 0xCC},  {"igrave", 0xEC},
                {"icirc", 0xEE},   {"iuml", 0xEF},     {"Ntilde", 0xD1},  {"Oacute", 0xD3},
                {"Ograve", 0xD2},  {"ograve", 0xF2},   {"Ocirc", 0xD4},   {"Otilde", 0xD5},
                {"Oslash", 0xD8},  {"oslash", 0xF8},   {"Uacute", 0xDA},  {"Ugrave", 0xD9},
                {"ugrave", 0xF9},  {"ucirc", 0xFB},    {"acirc", 0xE2},   {"yacute", 0xFD},
                {"yuml", 0xFF},    {"Scaron", 0x160},  {"scaron", 0x161}, {"Zcaron", 0x17D},
                {"zcaron", 0x17E}, {"OElig", 0x152},   {"oelig", 0x153},  {"thorn", 0xFE},
                {"eth", 0xF0},     {"cent", 0xA2},     {"sect", 0xA7},    {"para", 0xB6},
                {"bull", 0x2022},  {"prime", 0x2032},  {"shy", 0xAD},     {"ordm", 0xBA}};
  for (const auto& entry : kNames) {
    if (entry.name == name) return entry.c;
  }
  return -1;
}

// The character a reference at `text[at]` ("&#233;", "&#xE9;", "&eacute;")
// stands for, with the reference's length; -1 when there is none there.
UChar32 CharacterReference(absl::string_view text, size_t at, size_t* length) {
  // The longest reference read is ten bytes before its ";" ("&#1114111;"):
  // no search past them, however long the text.
  const size_t found = text.substr(at + 1, 11).find(';');
  if (found == absl::string_view::npos || found == 0) return -1;
  const size_t semicolon = at + 1 + found;
  const absl::string_view body = text.substr(at + 1, semicolon - at - 1);
  *length = semicolon - at + 1;
  if (body[0] != '#') {
    for (const char c : body) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return -1;
    }
    return NamedReference(body);
  }
  const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
  const absl::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 7) return -1;
  UChar32 value = 0;
  for (const char c : digits) {
    const int digit = absl::ascii_isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : hex && absl::ascii_isxdigit(static_cast<unsigned char>(c))
                          ? absl::ascii_tolower(static_cast<unsigned char>(c)) - 'a' + 10
                          : -1;
    if (digit < 0) return -1;
    value = value * (hex ? 16 : 10) + digit;
  }
  // Not a surrogate, not beyond Unicode, not NUL. "&#128;" to "&#159;"
  // are Windows-1252's characters, as HTML reads them ("&#133;" is "…",
  // "&#138;koda" "Škoda"); the five it leaves undefined stay as written.
  if (value == 0 || value > 0x10FFFF || U_IS_SURROGATE(value)) return -1;
  if (value >= 0x80 && value <= 0x9F) {
    const UChar32 mapped = value == 0x85 ? 0x2026 : FromWindows1252(value);
    return mapped == 0 ? -1 : mapped;
  }
  return value;
}

// HTML's character references become the characters they stand for, once
// ("&amp;lt;" is "&lt;"): a page scraped as text keeps them ("Jos&#233;
// Manuel Barroso" in BBC tech/048), and a name written so is no name the
// tagger or a search would know. A "&" that starts no reference stays
// ("AT&T", "R&D;").
std::string DecodeCharacterReferences(absl::string_view text) {
  if (text.find('&') == absl::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t amp = text.find('&', i);
    if (amp == absl::string_view::npos) {
      out.append(text.data() + i, text.size() - i);
      break;
    }
    out.append(text.data() + i, amp - i);
    size_t length = 0;
    const UChar32 c = CharacterReference(text, amp, &length);
    if (c < 0) {
      out.push_back('&');
      i = amp + 1;
      continue;
    }
    char utf8[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(utf8, n, c);
    out.append(utf8, n);
    i = amp + length;
  }
  return out;
}

bool IsLineBreak(UChar32 c) {
  return c == '\n' || c == 0x2028 || c == 0x2029 || c == 0x85 || c == 0x0B || c == 0x0C;
}

}  // namespace

std::string NormalizeText(absl::string_view input) {
  const std::string text = Nfc(DecodeCharacterReferences(input));
  // Lines, each with its indentation noted, spaces folded.
  struct Line {
    std::string text;
    bool indented = false;
  };
  std::vector<Line> lines(1);
  bool at_line_start = true;
  int leading_spaces = 0;
  bool pending_space = false;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, length, c);
    if (c == '\r') {
      if (i < length && s[i] == '\n') continue;  // CR LF: the LF breaks
      c = '\n';
    }
    if (IsLineBreak(c)) {
      lines.emplace_back();
      at_line_start = true;
      leading_spaces = 0;
      pending_space = false;
      continue;
    }
    if (IsDroppable(c)) continue;
    UChar32 mapped = -1;  // a C1 character's Windows-1252 one
    if (c >= 0x80 && c <= 0x9F) {
      mapped = FromWindows1252(c);
      if (mapped == 0) continue;
    }
    if (c == '\t' || IsControl(c) || u_isUWhiteSpace(c)) {
      if (at_line_start) {
        leading_spaces += c == '\t' ? 4 : 1;
      } else {
        pending_space = true;
      }
      continue;
    }
    Line& line = lines.back();
    if (at_line_start) {
      line.indented = leading_spaces >= 2;
      at_line_start = false;
    } else if (pending_space) {
      line.text.push_back(' ');
    }
    pending_space = false;
    if (mapped > 0) {
      char utf8[U8_MAX_LENGTH];
      int32_t n = 0;
      U8_APPEND_UNSAFE(utf8, n, mapped);
      line.text.append(utf8, n);
    } else {
      line.text.append(text, start, i - start);
    }
  }
  // Paragraphs: runs of non-blank lines; an indented line opens a new one.
  std::vector<std::string> paragraphs;
  std::vector<absl::string_view> current;
  auto flush = [&]() {
    if (!current.empty()) paragraphs.push_back(absl::StrJoin(current, "\n"));
    current.clear();
  };
  for (const Line& line : lines) {
    if (line.text.empty()) {
      flush();
      continue;
    }
    if (line.indented) flush();
    current.push_back(line.text);
  }
  flush();
  return absl::StrJoin(paragraphs, "\n\n");
}

}  // namespace dossier::ingest
