#include "services/query/postings.h"

#include <streamvbyte.h>
#include <streamvbytedelta.h>

#include <algorithm>
#include <cstring>

#include "common/keys.h"

namespace dossier::query {
namespace {

// StreamVByte's SIMD decoder may read up to this many bytes past a
// section; sections that end closer than this to the end of the list are
// decoded from a padded copy.
constexpr size_t kDecodePadding = 16;

}  // namespace

void PostingsBuilder::Add(uint32_t doc, uint32_t doc_length, absl::Span<const uint32_t> positions) {
  if (docs_.empty()) {
    with_positions_ = true;
    position_offsets_.assign(1, 0);
  }
  docs_.push_back(doc);
  tfs_.push_back(static_cast<uint32_t>(std::max<size_t>(positions.size(), 1)));
  lengths_.push_back(doc_length);
  positions_.insert(positions_.end(), positions.begin(), positions.end());
  position_offsets_.push_back(static_cast<uint32_t>(positions_.size()));
}

void PostingsBuilder::Add(uint32_t doc, uint32_t doc_length, uint32_t tf) {
  if (docs_.empty()) with_positions_ = false;
  docs_.push_back(doc);
  tfs_.push_back(std::max<uint32_t>(tf, 1));
  lengths_.push_back(doc_length);
}

void PostingsBuilder::Finish(std::string* out) {
  for (size_t from = 0; from < docs_.size(); from += kChunkPostings) {
    EncodeChunk(from, std::min<size_t>(docs_.size(), from + kChunkPostings), out);
  }
  docs_.clear();
  tfs_.clear();
  lengths_.clear();
  positions_.clear();
  position_offsets_.clear();
}

void PostingsBuilder::EncodeChunk(size_t from, size_t to, std::string* out) {
  const uint32_t n = static_cast<uint32_t>(to - from);
  uint32_t max_tf = 0, min_length = UINT32_MAX;
  for (size_t i = from; i < to; ++i) {
    max_tf = std::max(max_tf, tfs_[i]);
    min_length = std::min(min_length, lengths_[i]);
  }
  // The doc section.
  std::string docs;
  docs.resize(streamvbyte_max_compressedbytes(n) * 2 + 8);
  uint8_t* p = reinterpret_cast<uint8_t*>(docs.data());
  size_t used = 0;
  if (n > 1) {
    used += streamvbyte_delta_encode(docs_.data() + from + 1, n - 1, p, docs_[from]);
  }
  std::vector<uint32_t> tf_minus_one(n);
  for (uint32_t i = 0; i < n; ++i) tf_minus_one[i] = tfs_[from + i] - 1;
  used += streamvbyte_encode_0124(tf_minus_one.data(), n, p + used);
  docs.resize(used);
  // The position section: each posting's first position absolute, then gaps.
  std::string positions;
  if (with_positions_) {
    std::vector<uint32_t> gaps;
    gaps.reserve(position_offsets_[to] - position_offsets_[from]);
    for (size_t i = from; i < to; ++i) {
      uint32_t previous = 0;
      for (uint32_t k = position_offsets_[i]; k < position_offsets_[i + 1]; ++k) {
        gaps.push_back(positions_[k] - previous);
        previous = positions_[k];
      }
    }
    positions.resize(streamvbyte_max_compressedbytes(static_cast<uint32_t>(gaps.size())));
    positions.resize(streamvbyte_encode(gaps.data(), static_cast<uint32_t>(gaps.size()),
                                        reinterpret_cast<uint8_t*>(positions.data())));
  }
  AppendVarint32(out, n);
  AppendVarint32(out, docs_[from]);
  AppendVarint32(out, docs_[to - 1] - docs_[from]);
  AppendVarint32(out, max_tf);
  AppendVarint32(out, min_length);
  AppendVarint32(out, static_cast<uint32_t>(docs.size()));
  AppendVarint32(out, static_cast<uint32_t>(positions.size()));
  out->append(docs);
  out->append(positions);
}

PostingCursor::PostingCursor(PostingSegments segments) : segments_(std::move(segments)) {
  if (!segments_.empty()) list_ = segments_[0];
  valid_ = ReadHeader();
  if (valid_) DecodeDocs();
}

uint64_t PostingCursor::Count(absl::string_view list) {
  uint64_t count = 0;
  size_t at = 0;
  while (at < list.size()) {
    uint32_t n, first, span, max_tf, min_length, doc_bytes, position_bytes;
    if (!ReadVarint32(list, &at, &n) || !ReadVarint32(list, &at, &first) ||
        !ReadVarint32(list, &at, &span) || !ReadVarint32(list, &at, &max_tf) ||
        !ReadVarint32(list, &at, &min_length) || !ReadVarint32(list, &at, &doc_bytes) ||
        !ReadVarint32(list, &at, &position_bytes)) {
      break;
    }
    count += n;
    at += static_cast<size_t>(doc_bytes) + position_bytes;
  }
  return count;
}

uint64_t PostingCursor::CountBelow(const PostingSegments& list, uint32_t limit) {
  uint64_t count = 0;
  PostingCursor cursor(list);
  while (cursor.valid() && cursor.chunk_.last < limit) {
    count += cursor.chunk_.n;
    cursor.valid_ = cursor.ReadHeader();
  }
  if (!cursor.valid() || cursor.chunk_.first >= limit) return count;
  cursor.index_ = 0;
  cursor.DecodeDocs();
  if (!cursor.ok()) return count;
  return count +
         static_cast<uint64_t>(
             std::lower_bound(cursor.docs_.begin(), cursor.docs_.begin() + cursor.chunk_.n, limit) -
             cursor.docs_.begin());
}

void PostingCursor::Fail() {
  ok_ = false;
  valid_ = false;
}

bool PostingCursor::ReadHeader() {
  docs_decoded_ = false;
  positions_decoded_ = false;
  while (at_ >= list_.size()) {
    if (segment_ + 1 >= segments_.size()) return false;
    list_ = segments_[++segment_];
    at_ = 0;
  }
  const size_t header_at = at_;
  uint32_t span = 0, doc_bytes = 0, position_bytes = 0;
  Chunk c;
  if (!ReadVarint32(list_, &at_, &c.n) || !ReadVarint32(list_, &at_, &c.first) ||
      !ReadVarint32(list_, &at_, &span) || !ReadVarint32(list_, &at_, &c.max_tf) ||
      !ReadVarint32(list_, &at_, &c.min_length) || !ReadVarint32(list_, &at_, &doc_bytes) ||
      !ReadVarint32(list_, &at_, &position_bytes) || c.n == 0 || c.n > kChunkPostings ||
      list_.size() - at_ < static_cast<size_t>(doc_bytes) + position_bytes) {
    Fail();
    return false;
  }
  c.last = c.first + span;
  c.docs = reinterpret_cast<const uint8_t*>(list_.data() + at_);
  c.doc_bytes = doc_bytes;
  c.positions = c.docs + doc_bytes;
  c.position_bytes = position_bytes;
  at_ += static_cast<size_t>(doc_bytes) + position_bytes;
  chunk_ = c;
  chunk_bytes_ = list_.substr(header_at, at_ - header_at);
  return true;
}

void PostingCursor::DecodeDocs() {
  if (docs_decoded_) return;
  const uint32_t n = chunk_.n;
  docs_.resize(n);
  tfs_.resize(n);
  const uint8_t* in = chunk_.docs;
  std::string padded;
  const uint8_t* end = reinterpret_cast<const uint8_t*>(list_.data() + list_.size());
  if (end - (chunk_.docs + chunk_.doc_bytes) < static_cast<ptrdiff_t>(kDecodePadding)) {
    padded.assign(reinterpret_cast<const char*>(chunk_.docs), chunk_.doc_bytes);
    padded.append(kDecodePadding, '\0');
    in = reinterpret_cast<const uint8_t*>(padded.data());
  }
  docs_[0] = chunk_.first;
  size_t used = 0;
  if (n > 1) used = streamvbyte_delta_decode(in, docs_.data() + 1, n - 1, chunk_.first);
  used += streamvbyte_decode_0124(in + used, tfs_.data(), n);
  if (used != chunk_.doc_bytes || docs_[n - 1] != chunk_.last) {
    Fail();
    return;
  }
  for (uint32_t i = 0; i < n; ++i) ++tfs_[i];
  docs_decoded_ = true;
}

absl::Span<const uint32_t> PostingCursor::positions() {
  if (!valid_ || chunk_.position_bytes == 0) return {};
  if (!positions_decoded_) {
    DecodeDocs();
    if (!ok_) return {};
    position_starts_.resize(chunk_.n + 1);
    position_starts_[0] = 0;
    for (uint32_t i = 0; i < chunk_.n; ++i) position_starts_[i + 1] = position_starts_[i] + tfs_[i];
    const uint32_t total = position_starts_[chunk_.n];
    positions_.resize(total);
    const uint8_t* in = chunk_.positions;
    std::string padded;
    const uint8_t* end = reinterpret_cast<const uint8_t*>(list_.data() + list_.size());
    if (end - (chunk_.positions + chunk_.position_bytes) < static_cast<ptrdiff_t>(kDecodePadding)) {
      padded.assign(reinterpret_cast<const char*>(chunk_.positions), chunk_.position_bytes);
      padded.append(kDecodePadding, '\0');
      in = reinterpret_cast<const uint8_t*>(padded.data());
    }
    if (streamvbyte_decode(in, positions_.data(), total) != chunk_.position_bytes) {
      Fail();
      return {};
    }
    for (uint32_t i = 0; i < chunk_.n; ++i) {
      for (uint32_t k = position_starts_[i] + 1; k < position_starts_[i + 1]; ++k) {
        positions_[k] += positions_[k - 1];
      }
    }
    positions_decoded_ = true;
  }
  return absl::Span<const uint32_t>(positions_.data() + position_starts_[index_],
                                    position_starts_[index_ + 1] - position_starts_[index_]);
}

void PostingCursor::Next() {
  if (!valid_) return;
  DecodeDocs();
  if (!ok_) return;
  if (++index_ < chunk_.n) return;
  NextChunk();
}

void PostingCursor::NextChunk() {
  index_ = 0;
  valid_ = ReadHeader();
  if (valid_) DecodeDocs();
}

void PostingCursor::SkipChunksTo(uint32_t target) {
  if (!valid_ || chunk_.last >= target) return;
  do {
    valid_ = ReadHeader();
  } while (valid_ && chunk_.last < target);
  index_ = 0;
  if (valid_) DecodeDocs();
}

void PostingCursor::SkipTo(uint32_t target) {
  if (!valid_) return;
  if (chunk_.last < target) {
    SkipChunksTo(target);
    if (!valid_) return;
  }
  DecodeDocs();
  if (!ok_) return;
  if (docs_[index_] >= target) return;
  // chunk_.last >= target: the target is in this chunk.
  const uint32_t* begin = docs_.data() + index_;
  const uint32_t* end = docs_.data() + chunk_.n;
  index_ = static_cast<uint32_t>(std::lower_bound(begin, end, target) - docs_.data());
}

namespace {

// Whether a posting of `chunk` (one chunk's bytes) is one `drop` drops.
bool ChunkHasDropped(absl::string_view chunk, const PostingDrop& drop) {
  for (PostingCursor cursor(chunk); cursor.valid(); cursor.Next()) {
    if (drop.Drops(cursor.doc())) return true;
  }
  return false;
}

// CoalesceChunks, and without the postings `drop` drops when there is one.
bool RewriteChunks(absl::string_view list, const PostingDrop* drop, std::string* out,
                   uint64_t* dropped) {
  // A chunk this full is copied as it is.
  constexpr uint32_t kLarge = kChunkPostings / 2;
  out->clear();
  out->reserve(list.size());
  PostingsBuilder pending;
  PostingCursor cursor(list);
  while (cursor.valid()) {
    const bool may_drop = drop != nullptr && drop->AnyIn(cursor.doc(), cursor.chunk_last()) &&
                          ChunkHasDropped(cursor.chunk_bytes(), *drop);
    if (cursor.chunk_size() >= kLarge && !may_drop) {
      pending.Finish(out);
      out->append(cursor.chunk_bytes().data(), cursor.chunk_bytes().size());
      cursor.NextChunk();
      continue;
    }
    // Each posting's length is not kept, but its chunk's least length
    // bounds it: the joined chunk's bound stays a bound.
    const uint32_t length = cursor.chunk_min_length();
    for (uint32_t i = cursor.chunk_size(); i > 0 && cursor.valid(); --i) {
      if (may_drop && drop->Drops(cursor.doc())) {
        ++*dropped;
      } else {
        const absl::Span<const uint32_t> positions = cursor.positions();
        if (positions.empty()) {
          pending.Add(cursor.doc(), length, cursor.tf());
        } else {
          pending.Add(cursor.doc(), length, positions);
        }
        if (pending.size() >= kChunkPostings) pending.Finish(out);
      }
      cursor.Next();
    }
  }
  pending.Finish(out);
  return cursor.ok();
}

}  // namespace

bool CoalesceChunks(absl::string_view list, std::string* out) {
  uint64_t dropped = 0;
  return RewriteChunks(list, nullptr, out, &dropped);
}

bool DropPostings(absl::string_view list, const PostingDrop& drop, std::string* out,
                  uint64_t* dropped) {
  *dropped = 0;
  std::string rewritten;
  if (!RewriteChunks(list, &drop, &rewritten, dropped)) return false;
  if (*dropped > 0) *out = std::move(rewritten);
  return true;
}

namespace {

// Concatenates `parts` and joins their small chunks; on a list that does
// not decode, keeps the plain concatenation (the reader reports it).
void Merge(const std::vector<absl::string_view>& parts, std::string* out) {
  size_t size = 0;
  for (const auto& part : parts) size += part.size();
  std::string joined;
  joined.reserve(size);
  for (const auto& part : parts) joined.append(part.data(), part.size());
  if (!CoalesceChunks(joined, out)) out->swap(joined);
}

class ConcatenateMergeOperator : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    std::vector<absl::string_view> parts;
    if (in.existing_value != nullptr) {
      parts.emplace_back(in.existing_value->data(), in.existing_value->size());
    }
    for (const auto& operand : in.operand_list) parts.emplace_back(operand.data(), operand.size());
    Merge(parts, &out->new_value);
    return true;
  }

  bool PartialMergeMulti(const rocksdb::Slice& key, const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value, rocksdb::Logger* logger) const override {
    std::vector<absl::string_view> parts;
    for (const auto& operand : operands) parts.emplace_back(operand.data(), operand.size());
    Merge(parts, new_value);
    return true;
  }

  const char* Name() const override { return "dossier.ConcatenateMergeOperator"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewConcatenateMergeOperator() {
  return std::make_shared<ConcatenateMergeOperator>();
}

}  // namespace dossier::query
