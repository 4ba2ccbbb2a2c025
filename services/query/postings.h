// Posting lists of the search index: for one term (or entity, outlet,
// speaker...), the local numbers of the documents that hold it, how often,
// and optionally where.
//
// A list is a sequence of chunks, each of up to kChunkPostings postings in
// ascending document order; a later chunk starts after the earlier one
// ends. An index batch appends one or more chunks to each list it touches,
// with RocksDB's Merge and ConcatenateMergeOperator, so adding documents
// never reads or rewrites a list. Document numbers only grow, so
// concatenation keeps the order.
//
// Chunk layout (varints are LEB128):
//   varint n                   postings in the chunk, 1..kChunkPostings
//   varint first               the first document number
//   varint last - first
//   varint max_tf              the largest tf in the chunk
//   varint min_length          the shortest document's length (in words)
//   varint doc_bytes, varint position_bytes
//   doc section:      StreamVByte delta-coded documents 2..n (from first),
//                     then StreamVByte 0124-coded tf - 1 for all n
//   position section: StreamVByte of each posting's positions, the first
//                     absolute and the rest as gaps, posting after posting
//                     (empty for lists without positions)
// max_tf and min_length bound the BM25 score of any posting in the chunk,
// so a search skips chunks that cannot reach the top hits.
#ifndef DOSSIER_SERVICES_QUERY_POSTINGS_H_
#define DOSSIER_SERVICES_QUERY_POSTINGS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "rocksdb/merge_operator.h"

namespace dossier::query {

inline constexpr uint32_t kChunkPostings = 128;

// Collects postings in ascending document order and encodes them as chunks.
class PostingsBuilder {
 public:
  // `positions` ascending (tf = their count, at least 1); or none with
  // `tf` for lists without positions.
  void Add(uint32_t doc, uint32_t doc_length, absl::Span<const uint32_t> positions);
  void Add(uint32_t doc, uint32_t doc_length, uint32_t tf);

  bool empty() const { return docs_.empty(); }
  size_t size() const { return docs_.size(); }

  // Appends the encoded chunks to `out` and clears the builder.
  void Finish(std::string* out);

 private:
  void EncodeChunk(size_t from, size_t to, std::string* out);

  std::vector<uint32_t> docs_;
  std::vector<uint32_t> tfs_;
  std::vector<uint32_t> lengths_;
  // Positions of all postings, back to back; offsets_[i] is where posting
  // i's start (offsets_.size() == docs_.size() + 1 when positions are kept).
  std::vector<uint32_t> positions_;
  std::vector<uint32_t> position_offsets_;
  bool with_positions_ = false;
};

// A list as RocksDB holds it before merging: its segments in order (the
// merged value, then the operands appended since), each whole chunks.
// Reading segments where they lie spares a read the copy a merge makes.
using PostingSegments = std::vector<absl::string_view>;

// Reads a list (any concatenation of chunks, in one or more segments).
// Cheap to construct; the bytes must outlive it.
class PostingCursor {
 public:
  explicit PostingCursor(absl::string_view list) : PostingCursor(PostingSegments{list}) {}
  explicit PostingCursor(PostingSegments segments);

  // How many postings the list holds (walks the chunk headers only).
  static uint64_t Count(absl::string_view list);
  // How many of its postings name documents below `limit` (decodes at most
  // the one chunk that straddles it).
  static uint64_t CountBelow(const PostingSegments& list, uint32_t limit);

  bool valid() const { return valid_; }
  // The current posting.
  uint32_t doc() const { return docs_[index_]; }
  uint32_t tf() const { return tfs_[index_]; }
  // Its positions (empty for lists without them).
  absl::Span<const uint32_t> positions();

  void Next();
  // Moves to the first posting whose document is >= `target` (never back).
  void SkipTo(uint32_t target);

  // The current chunk: its last document and the bounds of its postings.
  uint32_t chunk_last() const { return chunk_.last; }
  uint32_t chunk_max_tf() const { return chunk_.max_tf; }
  uint32_t chunk_min_length() const { return chunk_.min_length; }
  // Moves to the first posting of the next chunk.
  void NextChunk();
  // Moves to the first chunk that ends at or after `target` without
  // decoding the ones skipped; the cursor then stands on that chunk's first
  // posting (which may be below `target`).
  void SkipChunksTo(uint32_t target);

  // False when the list's bytes did not decode (a corrupt store).
  bool ok() const { return ok_; }

  // The current chunk's postings and its encoded bytes (header included).
  uint32_t chunk_size() const { return chunk_.n; }
  absl::string_view chunk_bytes() const { return chunk_bytes_; }

 private:
  struct Chunk {
    uint32_t n = 0;
    uint32_t first = 0;
    uint32_t last = 0;
    uint32_t max_tf = 0;
    uint32_t min_length = 0;
    const uint8_t* docs = nullptr;
    size_t doc_bytes = 0;
    const uint8_t* positions = nullptr;
    size_t position_bytes = 0;
  };
  // Reads the header at at_ (of the current segment, or the next one
  // with bytes) into chunk_; false at the end.
  bool ReadHeader();
  void DecodeDocs();
  void Fail();

  PostingSegments segments_;
  size_t segment_ = 0;
  absl::string_view list_;  // segments_[segment_]
  size_t at_ = 0;           // where the chunk after chunk_ starts in list_
  Chunk chunk_;
  absl::string_view chunk_bytes_;
  bool valid_ = false;
  bool ok_ = true;
  bool docs_decoded_ = false;
  bool positions_decoded_ = false;
  uint32_t index_ = 0;
  std::vector<uint32_t> docs_;
  std::vector<uint32_t> tfs_;
  std::vector<uint32_t> positions_;
  std::vector<uint32_t> position_starts_;
};

// `list` with runs of small chunks joined into chunks of up to
// kChunkPostings (a term in a few documents of each batch would otherwise
// pay a chunk header per batch). Large chunks are copied as they are.
// False when the list does not decode.
bool CoalesceChunks(absl::string_view list, std::string* out);

// Which documents a rewrite of posting lists drops (deleted ones).
class PostingDrop {
 public:
  virtual ~PostingDrop() = default;
  // Whether any document in [first, last] may be dropped: a cheap test
  // that spares decoding chunks with nothing to drop.
  virtual bool AnyIn(uint32_t first, uint32_t last) const = 0;
  virtual bool Drops(uint32_t doc) const = 0;
};

// `list` without the postings `drop` drops, small chunks joined as by
// CoalesceChunks; `*dropped` is how many went (0: `out` is not set, the
// list stays as it is). False when the list does not decode.
bool DropPostings(absl::string_view list, const PostingDrop& drop, std::string* out,
                  uint64_t* dropped);

// RocksDB merge operator that appends operands to the value, joining small
// chunks (CoalesceChunks): how index batches add chunks to posting lists.
// Its name is stored with the database, so it never changes.
std::shared_ptr<rocksdb::MergeOperator> NewConcatenateMergeOperator();

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_POSTINGS_H_
