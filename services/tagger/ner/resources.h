// The lexical resources the NER features read: word clusters learned from
// unlabelled news, and gazetteers of names. Both are keyed by hashes of
// folded words (lower-case ASCII, diacritics removed), so a model file holds
// no name lists in the clear and lookups cost one probe.
#ifndef DOSSIER_SERVICES_TAGGER_NER_RESOURCES_H_
#define DOSSIER_SERVICES_TAGGER_NER_RESOURCES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"
#include "common/huge_pages.h"

namespace dossier::ner {

// The key of a word in clusters and gazetteers: lower-case ASCII with
// diacritics folded ("Vučić" -> "vucic") and digits as 0 ("Rossiya-24" ->
// "rossiya-00"). Thread-safe.
std::string FoldWord(absl::string_view word);

uint64_t HashWord(absl::string_view folded);

// A table keyed by word or feature hashes that the tagger reads at random
// for every token: its large blocks sit on huge pages (HugePageAllocator),
// so that loading faults a few 2 MiB pages rather than thousands of 4 KiB
// ones, and a lookup misses the TLB less.
template <typename V>
using HashTable = absl::flat_hash_map<uint64_t, V, absl::Hash<uint64_t>, std::equal_to<uint64_t>,
                                      HugePageAllocator<std::pair<const uint64_t, V>>>;
// Mixes two 64-bit hashes into one (order matters).
inline uint64_t CombineHashes(uint64_t a, uint64_t b) {
  uint64_t x = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}
// The hash of a sequence of folded words (a gazetteer entry): the word
// hashes combined in order.
uint64_t HashSequence(const std::vector<absl::string_view>& folded);

// Cluster ids of words at several granularities (coarse to fine).
class WordClusters {
 public:
  static constexpr int kMaxLevels = 4;
  struct Ids {
    uint16_t id[kMaxLevels];
    // How running text writes the word away from sentence starts: 0 rarely
    // seen, 1 almost always lower case, 2 mostly lower, 3 mostly
    // capitalised, 4 almost always capitalised.
    uint8_t case_profile;
  };

  void set_levels(int levels) { levels_ = levels; }
  int levels() const { return levels_; }
  void Add(uint64_t word_hash, const Ids& ids) { table_[word_hash] = ids; }
  // nullptr when the word has no cluster.
  const Ids* Find(uint64_t word_hash) const {
    auto it = table_.find(word_hash);
    return it == table_.end() ? nullptr : &it->second;
  }
  size_t size() const { return table_.size(); }
  const HashTable<Ids>& table() const { return table_; }

  // The table as u64 count, then (u64 word hash, u16 ids[kMaxLevels], u8
  // case profile) records sorted by hash, so that the same clusters are the
  // same bytes. Read adds what Write wrote at `*pos`; false when the bytes
  // run out. The levels in use are the caller's to keep.
  void Write(std::string* out) const;
  bool Read(absl::string_view data, size_t* pos);

 private:
  int levels_ = 0;
  HashTable<Ids> table_;
};

// Named lists of names ("loc.city", "per.first", ...), each entry a
// sequence of up to kMaxTokens folded words.
class Gazetteer {
 public:
  static constexpr int kMaxTokens = 6;

  // The list's index (a bit in Lookup's mask); at most 32 lists.
  int AddList(const std::string& name);
  void AddEntry(int list, const std::vector<absl::string_view>& folded);
  void AddHash(uint64_t sequence_hash, uint32_t mask) {
    entries_[sequence_hash] |= mask;
    bloom_[BloomWord(sequence_hash)] |= BloomBits(sequence_hash);
  }

  // Room for `n` more sequences, so that loading does not rehash.
  void Reserve(size_t n) { entries_.reserve(entries_.size() + n); }
  const std::vector<std::string>& lists() const { return lists_; }
  // Bit i set when list i holds the sequence.
  uint32_t Lookup(uint64_t sequence_hash) const {
    const uint64_t bits = BloomBits(sequence_hash);
    if ((bloom_[BloomWord(sequence_hash)] & bits) != bits) return 0;
    auto it = entries_.find(sequence_hash);
    return it == entries_.end() ? 0 : it->second;
  }
  size_t size() const { return entries_.size(); }
  const HashTable<uint32_t>& entries() const { return entries_; }

  // For each token of a sentence and each list: the position of the token
  // in the longest entry of that list covering it, as one of 'B' 'I' 'L'
  // 'U', or 0. Result: [token * lists + list]. `words` are HashWord of the
  // folded tokens; entries are only looked for where `name_like` holds for
  // their first and last token (the extractor passes words with a letter:
  // the model weighs lower-case matches itself, which measured better on
  // CoNLL dev than matching capitalised windows only).
  std::vector<char> Match(const std::vector<uint64_t>& words,
                          const std::vector<bool>& name_like) const;

 private:
  // A bloom filter over the entries, three bits in one word a sequence:
  // 256 KiB that stay in cache, where the table does not. Nearly every
  // window Match asks about is no name, and most are then answered here.
  static constexpr size_t kBloomWords = size_t{1} << 15;
  static size_t BloomWord(uint64_t h) { return h & (kBloomWords - 1); }
  static uint64_t BloomBits(uint64_t h) {
    return (uint64_t{1} << ((h >> 40) & 63)) | (uint64_t{1} << ((h >> 46) & 63)) |
           (uint64_t{1} << ((h >> 52) & 63));
  }

  std::vector<std::string> lists_;
  HashTable<uint32_t> entries_;
  std::vector<uint64_t> bloom_ = std::vector<uint64_t>(kBloomWords);
};

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_RESOURCES_H_
