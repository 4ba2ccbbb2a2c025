#include "services/tagger/ner/model.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/tagger/ner/crf.h"

namespace dossier::ner {
namespace {

constexpr char kMagic[8] = {'D', 'S', 'N', 'E', 'R', '0', '0', '2'};

template <typename T>
void Put(std::string* out, const T& v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
bool Get(const std::string& data, size_t* pos, T* v) {
  if (*pos + sizeof(T) > data.size()) return false;
  std::memcpy(v, data.data() + *pos, sizeof(T));
  *pos += sizeof(T);
  return true;
}

uint64_t Mix(uint64_t key) {
  // The keys are hashes already; fold the halves for the slot index.
  return key ^ (key >> 29);
}

}  // namespace

void WeightTable::Set(std::vector<uint64_t> keys, const std::vector<float>& rows,
                      const std::vector<float>& transitions) {
  keys_ = std::move(keys);
  rows_.assign(keys_.size() * kRowStride, 0.0f);
  for (size_t f = 0; f < keys_.size(); ++f) {
    for (int s = 0; s < kNumTags; ++s) rows_[f * kRowStride + s] = rows[f * kNumTags + s];
  }
  double t[kNumTags * kNumTags];
  for (int i = 0; i < kNumTags * kNumTags; ++i) t[i] = transitions[i];
  transitions_ = Transitions(t);
  BuildIndex();
}

void WeightTable::BuildIndex() {
  size_t capacity = 16;
  while (capacity < keys_.size() * 2) capacity <<= 1;
  mask_ = capacity - 1;
  slots_.assign(capacity, Slot());
  for (size_t r = 0; r < keys_.size(); ++r) {
    uint64_t slot = Mix(keys_[r]) & mask_;
    while (slots_[slot].row != 0) slot = (slot + 1) & mask_;
    slots_[slot] = {keys_[r], static_cast<uint32_t>(r + 1)};
  }
}

int64_t WeightTable::Find(uint64_t key) const {
  if (slots_.empty()) return -1;
  uint64_t slot = Mix(key) & mask_;
  while (slots_[slot].row != 0) {
    if (slots_[slot].key == key) return slots_[slot].row - 1;
    slot = (slot + 1) & mask_;
  }
  return -1;
}

void WeightTable::Emissions(const SentenceFeatures& features, std::vector<double>* out) const {
  const int n = features.size();
  out->resize(static_cast<size_t>(n) * kNumTags);
  for (int k = 0; k < n; ++k) {
    float sum[kRowStride] = {};
    for (uint32_t f = features.offsets[k]; f < features.offsets[k + 1]; ++f) {
      const int64_t row = Find(features.hashes[f]);
      if (row < 0) continue;
      const float* w = &rows_[row * kRowStride];
      for (int s = 0; s < kRowStride; ++s) sum[s] += w[s];
    }
    double* e = out->data() + static_cast<size_t>(k) * kNumTags;
    for (int s = 0; s < kNumTags; ++s) e[s] = sum[s];
  }
}

void WeightTable::Write(std::string* out) const {
  for (int i = 0; i < kNumTags * kNumTags; ++i) {
    Put(out, static_cast<float>(transitions_.scores()[i]));
  }
  Put(out, static_cast<uint64_t>(keys_.size()));
  for (uint64_t k : keys_) Put(out, k);
  float max_abs = 0;
  for (float w : rows_) max_abs = std::max(max_abs, std::fabs(w));
  const float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  for (size_t f = 0; f < keys_.size(); ++f) {
    for (int s = 0; s < kNumTags; ++s) {
      Put(out, static_cast<int16_t>(std::lround(rows_[f * kRowStride + s] / scale)));
    }
  }
  Put(out, scale);
}

bool WeightTable::Read(const std::string& data, size_t* pos) {
  double transitions[kNumTags * kNumTags];
  for (int i = 0; i < kNumTags * kNumTags; ++i) {
    float t;
    if (!Get(data, pos, &t)) return false;
    transitions[i] = t;
  }
  transitions_ = Transitions(transitions);
  uint64_t features = 0;
  if (!Get(data, pos, &features) || features > (data.size() - *pos) / 8) return false;
  keys_.resize(features);
  for (auto& k : keys_) {
    if (!Get(data, pos, &k)) return false;
  }
  const size_t weights = features * kNumTags;
  if (*pos + weights * sizeof(int16_t) + sizeof(float) > data.size()) return false;
  std::vector<int16_t> quantized(weights);
  std::memcpy(quantized.data(), data.data() + *pos, weights * sizeof(int16_t));
  *pos += weights * sizeof(int16_t);
  float scale = 1;
  if (!Get(data, pos, &scale)) return false;
  rows_.assign(features * kRowStride, 0.0f);
  for (size_t f = 0; f < features; ++f) {
    for (int s = 0; s < kNumTags; ++s) {
      rows_[f * kRowStride + s] = quantized[f * kNumTags + s] * scale;
    }
  }
  BuildIndex();
  return true;
}

std::vector<int> Decode(const WeightTable& weights, const SentenceFeatures& features,
                        std::vector<TaggedSpan>* spans) {
  const int n = features.size();
  if (n == 0) return {};
  // Reused across calls on a thread: no allocation or clearing per sentence.
  thread_local std::vector<double> emissions;
  thread_local ForwardBackward fb;
  weights.Emissions(features, &emissions);
  std::vector<int> tags = Viterbi(emissions.data(), n, weights.transitions());
  if (spans == nullptr) return tags;
  spans->clear();
  const std::vector<Span> found = SpansFromTags(tags);
  if (found.empty()) return tags;
  fb.Run(emissions.data(), n, weights.transitions());
  for (const Span& span : found) {
    spans->push_back({span, static_cast<float>(fb.Path(span.begin, &tags[span.begin],
                                                       span.end - span.begin))});
  }
  return tags;
}

std::vector<std::vector<TaggedSpan>> NerModel::TagDocument(
    const DocumentWords& sentences) const {
  const FeatureExtractor extractor = Extractor();
  const AnalyzedDocument document = extractor.Analyze(sentences);
  const size_t n = sentences.size();
  std::vector<SentenceFeatures> features(n);
  std::vector<std::vector<TaggedSpan>> out(n);
  std::vector<std::vector<int>> first(n);
  for (size_t s = 0; s < n; ++s) {
    extractor.Extract(document, static_cast<int>(s), &features[s]);
    first[s] = Decode(stage1_, features[s], two_stage() ? nullptr : &out[s]);
  }
  if (!two_stage()) return out;
  std::vector<std::vector<uint64_t>> folded(n);
  for (size_t s = 0; s < n; ++s) folded[s] = document.Folded(static_cast<int>(s));
  const PredictionContext predictions = PredictionContext::Build(folded, first);
  for (size_t s = 0; s < n; ++s) {
    AddPredictionFeatures(folded[s], first[s], predictions, &features[s]);
    Decode(stage2_, features[s], &out[s]);
  }
  return out;
}

absl::Status NerModel::Save(const std::string& path) const {
  std::string out(kMagic, sizeof(kMagic));
  // Keys in a fixed order, so that the same model is the same file.
  auto quoted = [](const std::string& text) {
    google::protobuf::Value value;
    value.set_string_value(text);
    std::string out;
    (void)google::protobuf::util::MessageToJsonString(value, &out);
    return out;
  };
  auto flag = [](bool b) { return b ? "true" : "false"; };
  std::string lists;
  for (const auto& l : gazetteer_.lists()) {
    absl::StrAppend(&lists, lists.empty() ? "" : ",", quoted(l));
  }
  const std::string json = absl::StrCat(
      "{\"version\":", quoted(version_), ",\"clusters\":", flag(config_.clusters),
      ",\"gazetteers\":", flag(config_.gazetteers), ",\"document\":", flag(config_.document),
      ",\"affixes\":", flag(config_.affixes), ",\"context\":", flag(config_.context),
      ",\"cluster_levels\":", clusters_.levels(), ",\"gazetteer_lists\":[", lists, "]}");
  Put(&out, static_cast<uint32_t>(json.size()));
  out += json;
  Put(&out, static_cast<uint8_t>(two_stage() ? 2 : 1));
  stage1_.Write(&out);
  if (two_stage()) stage2_.Write(&out);
  // Sorted, so that the same model is the same file.
  std::vector<std::pair<uint64_t, WordClusters::Ids>> clusters(clusters_.table().begin(),
                                                               clusters_.table().end());
  std::sort(clusters.begin(), clusters.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Put(&out, static_cast<uint64_t>(clusters.size()));
  for (const auto& [hash, ids] : clusters) {
    Put(&out, hash);
    for (int l = 0; l < WordClusters::kMaxLevels; ++l) Put(&out, ids.id[l]);
    Put(&out, ids.case_profile);
  }
  std::vector<std::pair<uint64_t, uint32_t>> entries(gazetteer_.entries().begin(),
                                                     gazetteer_.entries().end());
  std::sort(entries.begin(), entries.end());
  Put(&out, static_cast<uint64_t>(entries.size()));
  for (const auto& [hash, mask] : entries) {
    Put(&out, hash);
    Put(&out, mask);
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  file.close();
  if (!file) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<NerModel>> NerModel::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read model ", path));
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string data = buffer.str();
  auto corrupt = [&](const char* what) {
    return absl::DataLossError(absl::StrCat("model ", path, " is corrupt: ", what));
  };
  if (data.size() < sizeof(kMagic) || std::memcmp(data.data(), kMagic, sizeof(kMagic)) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a dossier NER model of this version"));
  }
  size_t pos = sizeof(kMagic);
  auto model = std::make_unique<NerModel>();
  uint32_t json_size = 0;
  std::string json;
  if (!Get(data, &pos, &json_size) || pos + json_size > data.size()) return corrupt("metadata");
  json.assign(data, pos, json_size);
  pos += json_size;
  google::protobuf::Struct meta;
  if (!google::protobuf::util::JsonStringToMessage(json, &meta).ok()) {
    return corrupt("metadata JSON");
  }
  const auto& f = meta.fields();
  auto flag = [&](const char* name) {
    auto it = f.find(name);
    return it == f.end() || it->second.bool_value();
  };
  model->version_ = f.count("version") ? f.at("version").string_value() : "";
  model->config_.clusters = flag("clusters");
  model->config_.gazetteers = flag("gazetteers");
  model->config_.document = flag("document");
  model->config_.affixes = flag("affixes");
  model->config_.context = flag("context");
  if (f.count("cluster_levels")) {
    model->clusters_.set_levels(static_cast<int>(f.at("cluster_levels").number_value()));
  }
  if (f.count("gazetteer_lists")) {
    for (const auto& v : f.at("gazetteer_lists").list_value().values()) {
      model->gazetteer_.AddList(v.string_value());
    }
  }
  uint8_t stages = 0;
  if (!Get(data, &pos, &stages) || stages < 1 || stages > 2) return corrupt("stages");
  if (!model->stage1_.Read(data, &pos)) return corrupt("first-stage weights");
  if (stages == 2 && !model->stage2_.Read(data, &pos)) return corrupt("second-stage weights");
  uint64_t clusters = 0;
  if (!Get(data, &pos, &clusters)) return corrupt("cluster count");
  for (uint64_t i = 0; i < clusters; ++i) {
    uint64_t hash;
    WordClusters::Ids ids;
    if (!Get(data, &pos, &hash)) return corrupt("clusters");
    for (int l = 0; l < WordClusters::kMaxLevels; ++l) {
      if (!Get(data, &pos, &ids.id[l])) return corrupt("clusters");
    }
    if (!Get(data, &pos, &ids.case_profile)) return corrupt("clusters");
    model->clusters_.Add(hash, ids);
  }
  uint64_t entries = 0;
  if (!Get(data, &pos, &entries)) return corrupt("gazetteer count");
  for (uint64_t i = 0; i < entries; ++i) {
    uint64_t hash;
    uint32_t mask;
    if (!Get(data, &pos, &hash) || !Get(data, &pos, &mask)) return corrupt("gazetteer");
    model->gazetteer_.AddHash(hash, mask);
  }
  if (pos != data.size()) return corrupt("trailing bytes");
  return model;
}

}  // namespace dossier::ner
