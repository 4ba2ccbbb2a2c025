// Tokens and sentences of raw news text, cut the way CoNLL-2003 cuts them so
// that a model trained on CoNLL sees the same units in real articles:
//   - "Russia's" -> "Russia" "'s";  "don't" -> "do" "n't";
//   - hyphenated words stay whole ("Botsan-Kharchenko", "T-72MS",
//     "1996-08-22"), and so do "U.S.", "e.g.", initials ("J."), known
//     abbreviations ("Mr.", "Inc."), decimals ("5.93") and grouped numbers
//     ("155,221");
//   - curly quotes, primes and dashes are separate tokens whose text is
//     folded to ASCII (" ' - --), and every Unicode space (NBSP, thin space)
//     separates tokens.
// Offsets are UTF-8 byte offsets into the input.
#ifndef DOSSIER_TEXT_TOKENIZER_H_
#define DOSSIER_TEXT_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dossier::text {

struct Token {
  int32_t begin = 0;  // byte offset of the first byte
  int32_t end = 0;    // one past the last byte
  // The token as a model should see it: the input bytes, with typographic
  // quotes, apostrophes and dashes folded to ASCII.
  std::string text;
  // Newlines between the previous token and this one (2+ = new paragraph).
  int newlines_before = 0;
};

struct Sentence {
  int begin = 0;  // index of the first token
  int end = 0;    // one past the last token
};

struct TokenizedText {
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
};

// Splits `text` (UTF-8; ill-formed bytes are treated as symbols) into tokens
// and sentences. Sentences end at . ! ? (with any closing quotes or
// brackets) before a capitalised word, a digit or an opening quote, and at
// every blank line.
TokenizedText Tokenize(absl::string_view text);

// "U.S.", "U.K.": capital letters each followed by a period, two or more;
// the period ends no sentence in running text.
bool IsInitials(absl::string_view token);

}  // namespace dossier::text

#endif  // DOSSIER_TEXT_TOKENIZER_H_
