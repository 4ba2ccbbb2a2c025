// A trained NER model: two stages of feature weights and transitions, and
// the resources its features read (word clusters, gazetteers). The first
// stage tags each sentence; the second tags it again knowing what the first
// found across the whole document. Immutable once loaded and safe to share
// between threads.
//
// File format (little-endian), written by the trainer and read by the
// tagger:
//   "DSNER004" (or "DSNER003", which lacks the corpus history, or
//   "DSNER002", which lacks the vector clusters too)
//   u32 n, n bytes    metadata, JSON (version, feature config)
//   u8 stages         1 or 2; then per stage:
//     f32[17*17]        transition weights
//     u64 F, u64[F]     feature hashes, then i16[F*17] weights, f32 scale
//   u64 C             word clusters: C × (u64 word hash, u16[4] ids, u8 case)
//   u64 G             gazetteer: G × (u64 sequence hash, u32 list mask)
//   u64 V             clusters of pretrained word vectors, as word clusters
//                     (their levels in the metadata; case unused)
//   u64 H             corpus history (CorpusHistory::Write): H × (u64 word
//                     hash, u16 value)
#ifndef DOSSIER_SERVICES_TAGGER_NER_MODEL_H_
#define DOSSIER_SERVICES_TAGGER_NER_MODEL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/huge_pages.h"
#include "services/tagger/ner/crf.h"
#include "services/tagger/ner/features.h"
#include "services/tagger/ner/resources.h"
#include "services/tagger/ner/tags.h"

namespace dossier::ner {

struct TaggedSpan {
  Span span;
  // P(exactly this span with this class), from forward-backward.
  float confidence = 0;
};

// Feature weights of one stage: hash -> row of kNumTags, and transitions.
// Rows are kept quantised (int16, one scale per stage) inside an open-
// addressing table whose every slot is one cache line holding the key and
// its row, so that a lookup costs one memory access; sums are exact int32.
class WeightTable {
 public:
  // Accumulator width: kNumTags used, the rest stays zero (vectorises).
  static constexpr int kAccStride = 20;
  using Acc = int32_t;

  void Set(std::vector<uint64_t> keys, const std::vector<float>& rows,
           const std::vector<float>& transitions);
  // Asks the memory for the slots of `n` feature hashes, so that the reads
  // of many features overlap; AddRows then finds them in the cache.
  void Prefetch(const uint64_t* hashes, size_t n) const;
  // Adds the rows of `n` feature hashes to `sum` (kAccStride ints).
  void AddRows(const uint64_t* hashes, size_t n, Acc* sum) const;
  // The weight a sum stands for.
  float scale() const { return scale_; }
  const Transitions& transitions() const { return transitions_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void Write(std::string* out) const;
  // Reads what Write wrote at `*pos`; false when the bytes run out.
  bool Read(absl::string_view data, size_t* pos);

 private:
  struct alignas(64) Slot {
    uint64_t key = 0;  // 0: empty (a feature hashed to 0 is stored as 1)
    int16_t weights[kNumTags] = {};
  };
  // Tags Find compares at once.
  static constexpr uint64_t kGroup = 16;
  static uint64_t StoredKey(uint64_t hash) { return hash == 0 ? 1 : hash; }
  static uint8_t Tag(uint64_t key) { return static_cast<uint8_t>(1 + (key >> 56) % 255); }
  // Fills the table from keys and the bytes of their quantised rows
  // [F × kNumTags int16], which need not be aligned.
  void Build(const std::vector<uint64_t>& keys, const char* quantized, float scale);
  const Slot* Find(uint64_t key) const;

  Transitions transitions_;
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  // A byte of each slot's key (0: empty), a 64th of the slots' size and
  // mostly in cache: a feature the model lacks (a quarter of lookups) is
  // then known missing without reading slots, and a probe past the home
  // slot reads only the slot it matches.
  std::vector<uint8_t, HugePageAllocator<uint8_t>> tags_;
  uint64_t mask_ = 0;
  size_t size_ = 0;
  float scale_ = 1;
};

class NerModel {
 public:
  static absl::StatusOr<std::unique_ptr<NerModel>> Load(const std::string& path);
  absl::Status Save(const std::string& path) const;

  NerModel() = default;

  // --- Building (the trainer) ---
  WordClusters* mutable_clusters() { return &clusters_; }
  Gazetteer* mutable_gazetteer() { return &gazetteer_; }
  WordClusters* mutable_vectors() { return &vectors_; }
  CorpusHistory* mutable_history() {
    id_ = NextId();
    return &history_;
  }
  WeightTable* mutable_stage(int stage) {
    id_ = NextId();
    return stage == 1 ? &stage1_ : &stage2_;
  }
  void set_config(const FeatureConfig& config) {
    id_ = NextId();  // per-word caches hold what the old config computed
    config_ = config;
  }
  void set_version(const std::string& version) { version_ = version; }

  // --- Tagging ---
  FeatureExtractor Extractor() const {
    return FeatureExtractor(&clusters_, &gazetteer_, config_, &vectors_);
  }
  // Entities of every sentence of one document; with `first_stage`, also
  // the first stage's tags of every sentence (error analysis).
  std::vector<std::vector<TaggedSpan>> TagDocument(
      const DocumentWords& sentences, std::vector<std::vector<int>>* first_stage = nullptr) const;

  bool two_stage() const { return !stage2_.empty(); }
  // The weights of stage 1 or 2 (error analysis).
  const WeightTable& stage(int stage) const { return stage == 1 ? stage1_ : stage2_; }
  // Distinguishes this model's weights from every other's, and from its own
  // before the last change (tagging caches per-word sums under it).
  uint64_t id() const { return id_; }
  const std::string& version() const { return version_; }
  const FeatureConfig& config() const { return config_; }
  size_t num_features() const { return stage1_.size() + stage2_.size(); }
  const WordClusters& clusters() const { return clusters_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }
  const WordClusters& vectors() const { return vectors_; }
  const CorpusHistory& history() const { return history_; }
  // What the second stage's features read of the corpus history: null
  // for a model trained without it.
  const CorpusHistory* history_or_null() const { return history_.empty() ? nullptr : &history_; }

 private:
  static uint64_t NextId();

  uint64_t id_ = NextId();
  std::string version_ = "untrained";
  FeatureConfig config_;
  WeightTable stage1_, stage2_;
  WordClusters clusters_;
  Gazetteer gazetteer_;
  WordClusters vectors_;
  CorpusHistory history_;
};

// A name of the best path below this confidence is reconsidered (Decode).
inline constexpr float kReconsiderBelow = 0.5f;

// The best tags of a sentence given its emission scores [n × kNumTags]
// and, when `spans` is given, its entities with their confidences; there,
// a name of two words or more that the best path is unsure of (below
// kReconsiderBelow) gives way to the part of it, of any class, that is
// likelier a name on its own.
std::vector<int> Decode(const std::vector<double>& emissions, const Transitions& transitions,
                        std::vector<TaggedSpan>* spans);

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_MODEL_H_
