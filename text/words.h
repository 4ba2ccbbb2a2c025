// The words of a text as the search index sees them: what a document is
// indexed by and what a query word is looked up as, so that both fold the
// same way.
//
//   - A word is a run of letters, digits and combining marks (any script).
//   - It is folded to lower-case ASCII: case and diacritics go, other scripts
//     are transliterated ("Vučić", "VUCIC" and "Вучић" are all "vucic").
//   - A possessive goes ("Russia's" -> "russia"); other apostrophes join
//     ("O'Brien" -> "obrien", "don't" -> "dont"); dots join single letters
//     ("U.S." -> "us").
//   - Everything else (spaces, hyphens, other punctuation) separates words;
//     the parts of "Botsan-Kharchenko" are two words at consecutive
//     positions, so the phrase "botsan kharchenko" finds both spellings.
//   - Terms are cut to kMaxTermBytes.
#ifndef DOSSIER_TEXT_WORDS_H_
#define DOSSIER_TEXT_WORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dossier::text {

inline constexpr size_t kMaxTermBytes = 64;

struct Word {
  // The folded term.
  std::string term;
  // Byte offsets of the word in the text: [begin, end).
  int32_t begin = 0;
  int32_t end = 0;
  // 0, 1, 2, ... in text order.
  uint32_t position = 0;
};

// Reads the words of `text` one at a time, reusing one Word.
//
//   WordReader reader(text);
//   Word w;
//   while (reader.Next(&w)) ...
//
// `text` must outlive the reader and be valid UTF-8 (ill-formed bytes
// separate words). Not thread-safe; cheap to construct.
class WordReader {
 public:
  explicit WordReader(absl::string_view text) : text_(text) {}
  bool Next(Word* word);

 private:
  absl::string_view text_;
  size_t at_ = 0;
  uint32_t position_ = 0;
  std::string raw_;
};

// Every word of `text`.
std::vector<Word> Words(absl::string_view text);

// The terms of `text`, in order (a query word may hold several:
// "Botsan-Kharchenko" -> {"botsan", "kharchenko"}).
std::vector<std::string> Terms(absl::string_view text);

}  // namespace dossier::text

#endif  // DOSSIER_TEXT_WORDS_H_
