// A trained NER model: two stages of feature weights and transitions, and
// the resources its features read (word clusters, gazetteers). The first
// stage tags each sentence; the second tags it again knowing what the first
// found across the whole document. Immutable once loaded and safe to share
// between threads.
//
// File format (little-endian), written by the trainer and read by the
// tagger:
//   "DSNER002"
//   u32 n, n bytes    metadata, JSON (version, feature config)
//   u8 stages         1 or 2; then per stage:
//     f32[17*17]        transition weights
//     u64 F, u64[F]     feature hashes, then i16[F*17] weights, f32 scale
//   u64 C             word clusters: C × (u64 word hash, u16[4] ids, u8 case)
//   u64 G             gazetteer: G × (u64 sequence hash, u32 list mask)
#ifndef DOSSIER_SERVICES_TAGGER_NER_MODEL_H_
#define DOSSIER_SERVICES_TAGGER_NER_MODEL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/tagger/ner/conll.h"
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
class WeightTable {
 public:
  static constexpr int kRowStride = 20;

  void Set(std::vector<uint64_t> keys, const std::vector<float>& rows,
           const std::vector<float>& transitions);
  // Adds the rows of `n` feature hashes to `sum` (kRowStride floats).
  void AddRows(const uint64_t* hashes, size_t n, float* sum) const;
  const Transitions& transitions() const { return transitions_; }
  size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }

  void Write(std::string* out) const;
  // Reads what Write wrote at `*pos`; false when the bytes run out.
  bool Read(const std::string& data, size_t* pos);

 private:
  int64_t Find(uint64_t key) const;
  void BuildIndex();

  std::vector<uint64_t> keys_;
  // kRowStride floats per feature (kNumTags used, the rest zero), so that
  // the sums vectorise.
  std::vector<float> rows_;
  Transitions transitions_;
  struct Slot {
    uint64_t key = 0;
    uint32_t row = 0;  // row + 1; 0 empty
  };
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
};

class NerModel {
 public:
  static absl::StatusOr<std::unique_ptr<NerModel>> Load(const std::string& path);
  absl::Status Save(const std::string& path) const;

  NerModel() = default;

  // --- Building (the trainer) ---
  WordClusters* mutable_clusters() { return &clusters_; }
  Gazetteer* mutable_gazetteer() { return &gazetteer_; }
  WeightTable* mutable_stage(int stage) {
    id_ = NextId();
    return stage == 1 ? &stage1_ : &stage2_;
  }
  void set_config(const FeatureConfig& config) { config_ = config; }
  void set_version(const std::string& version) { version_ = version; }

  // --- Tagging ---
  FeatureExtractor Extractor() const {
    return FeatureExtractor(&clusters_, &gazetteer_, config_);
  }
  // Entities of every sentence of one document.
  std::vector<std::vector<TaggedSpan>> TagDocument(const DocumentWords& sentences) const;

  bool two_stage() const { return !stage2_.empty(); }
  // Distinguishes this model's weights from every other's, and from its own
  // before the last change (tagging caches per-word sums under it).
  uint64_t id() const { return id_; }
  const std::string& version() const { return version_; }
  const FeatureConfig& config() const { return config_; }
  size_t num_features() const { return stage1_.size() + stage2_.size(); }
  const WordClusters& clusters() const { return clusters_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }

 private:
  static uint64_t NextId();

  uint64_t id_ = NextId();
  std::string version_ = "untrained";
  FeatureConfig config_;
  WeightTable stage1_, stage2_;
  WordClusters clusters_;
  Gazetteer gazetteer_;
};

// The best tags of a sentence given its emission scores [n × kNumTags]
// and, when `spans` is given, its entities with their confidences.
std::vector<int> Decode(const std::vector<double>& emissions, const Transitions& transitions,
                        std::vector<TaggedSpan>* spans);

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_MODEL_H_
