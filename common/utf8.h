// UTF-8 validation and the offset units of dossier.v1.EncodingType.
#ifndef DOSSIER_COMMON_UTF8_H_
#define DOSSIER_COMMON_UTF8_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"

namespace dossier {

// The byte offset of the first ill-formed UTF-8 sequence in `text`, or -1
// when it is all well-formed (no overlongs, surrogates or values past
// U+10FFFF).
int64_t FirstInvalidUtf8(absl::string_view text);

// `text` when it has at most `max_bytes` bytes; else its first `max_bytes`
// bytes, less a character they would cut in two, followed by "...".
std::string Ellipsize(absl::string_view text, size_t max_bytes);

// Maps UTF-8 byte offsets of one text to the unit an EncodingType names.
class OffsetConverter {
 public:
  OffsetConverter(absl::string_view text, v1::EncodingType encoding);
  // `byte_offset` in [0, text.size()], on a character boundary.
  int32_t FromUtf8(int32_t byte_offset) const;
  // The inverse; offsets past the end map to text.size().
  int32_t ToUtf8(int32_t offset) const;

 private:
  bool identity_;
  // units_before_[i]: units before byte i (only at character starts).
  std::vector<int32_t> units_before_;
  // byte_of_unit_[u]: byte at which unit u starts.
  std::vector<int32_t> byte_of_unit_;
};

// Rewrites every span in `annotations` (byte offsets of `text`) into the
// unit `encoding` names. Nothing changes for UTF8/UNSPECIFIED.
void ConvertAnnotationOffsets(absl::string_view text, v1::EncodingType encoding,
                              v1::Annotations* annotations);
// Same for a list of tokens.
void ConvertTokenOffsets(absl::string_view text, v1::EncodingType encoding,
                         google::protobuf::RepeatedPtrField<v1::Token>* tokens);

}  // namespace dossier

#endif  // DOSSIER_COMMON_UTF8_H_
