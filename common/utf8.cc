#include "common/utf8.h"

#include <unicode/utf8.h>

#include "absl/strings/str_cat.h"

namespace dossier {

int64_t FirstInvalidUtf8(absl::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    // ASCII fast path.
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return start;
  }
  return -1;
}

std::string Ellipsize(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  // Less a character the cut leaves incomplete; a whole one it ends on
  // stays.
  int32_t length = static_cast<int32_t>(max_bytes);
  U8_TRUNCATE_IF_INCOMPLETE(reinterpret_cast<const uint8_t*>(text.data()), 0, length);
  return absl::StrCat(text.substr(0, static_cast<size_t>(length)), "...");
}

OffsetConverter::OffsetConverter(absl::string_view text, v1::EncodingType encoding)
    : identity_(encoding != v1::ENCODING_TYPE_UTF16 && encoding != v1::ENCODING_TYPE_UTF32) {
  if (identity_) return;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  units_before_.assign(length + 1, 0);
  byte_of_unit_.reserve(length + 1);
  int32_t units = 0;
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, length, c);
    const int32_t width = encoding == v1::ENCODING_TYPE_UTF16 && c > 0xFFFF ? 2 : 1;
    for (int32_t b = start; b < i; ++b) units_before_[b] = units;
    for (int32_t w = 0; w < width; ++w) byte_of_unit_.push_back(start);
    units += width;
  }
  units_before_[length] = units;
  byte_of_unit_.push_back(length);
}

int32_t OffsetConverter::FromUtf8(int32_t byte_offset) const {
  if (identity_) return byte_offset;
  if (byte_offset < 0) return 0;
  if (byte_offset >= static_cast<int32_t>(units_before_.size())) {
    return units_before_.back();
  }
  return units_before_[byte_offset];
}

int32_t OffsetConverter::ToUtf8(int32_t offset) const {
  if (identity_) return offset;
  if (offset < 0) return 0;
  if (offset >= static_cast<int32_t>(byte_of_unit_.size())) {
    return byte_of_unit_.back();
  }
  return byte_of_unit_[offset];
}

namespace {

void ConvertSpan(const OffsetConverter& conv, v1::Span* span) {
  span->set_begin(conv.FromUtf8(span->begin()));
  span->set_end(conv.FromUtf8(span->end()));
}

}  // namespace

void ConvertAnnotationOffsets(absl::string_view text, v1::EncodingType encoding,
                              v1::Annotations* annotations) {
  if (encoding != v1::ENCODING_TYPE_UTF16 && encoding != v1::ENCODING_TYPE_UTF32) {
    return;
  }
  const OffsetConverter conv(text, encoding);
  for (auto& s : *annotations->mutable_sentences()) {
    ConvertSpan(conv, s.mutable_span());
  }
  for (auto& m : *annotations->mutable_mentions()) {
    ConvertSpan(conv, m.mutable_span());
  }
  for (auto& q : *annotations->mutable_quotes()) {
    ConvertSpan(conv, q.mutable_span());
    if (q.has_cue_span()) ConvertSpan(conv, q.mutable_cue_span());
  }
  for (auto& r : *annotations->mutable_roles()) {
    ConvertSpan(conv, r.mutable_span());
  }
  for (auto& t : *annotations->mutable_temporal_expressions()) {
    ConvertSpan(conv, t.mutable_span());
  }
}

void ConvertTokenOffsets(absl::string_view text, v1::EncodingType encoding,
                         google::protobuf::RepeatedPtrField<v1::Token>* tokens) {
  if (encoding != v1::ENCODING_TYPE_UTF16 && encoding != v1::ENCODING_TYPE_UTF32) {
    return;
  }
  const OffsetConverter conv(text, encoding);
  for (auto& t : *tokens) ConvertSpan(conv, t.mutable_span());
}

}  // namespace dossier
