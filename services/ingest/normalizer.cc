#include "services/ingest/normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <vector>

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
// Latin-1 holds for its quotation marks, dashes and the euro: those are
// the punctuation Windows-1252 has there; 0 for the rest, which go as
// other invisible characters do. (U+0085 is a line break, read before
// this.)
UChar32 FromWindows1252(UChar32 c) {
  switch (c) {
    case 0x80:
      return 0x20AC;  // €
    case 0x82:
      return 0x201A;  // ‚
    case 0x84:
      return 0x201E;  // „
    case 0x86:
      return 0x2020;  // †
    case 0x87:
      return 0x2021;  // ‡
    case 0x89:
      return 0x2030;  // ‰
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
    case 0x99:
      return 0x2122;  // ™
    default:
      return 0;
  }
}

bool IsLineBreak(UChar32 c) {
  return c == '\n' || c == 0x2028 || c == 0x2029 || c == 0x85 || c == 0x0B || c == 0x0C;
}

}  // namespace

std::string NormalizeText(absl::string_view input) {
  const std::string text = Nfc(input);
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
