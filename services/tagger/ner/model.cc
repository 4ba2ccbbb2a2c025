#include "services/tagger/ner/model.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/binary_file.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/tagger/ner/crf.h"

namespace dossier::ner {
namespace {

constexpr char kMagic[8] = {'D', 'S', 'N', 'E', 'R', '0', '0', '4'};
// Earlier formats: no corpus history; no vector clusters either.
constexpr char kMagic3[8] = {'D', 'S', 'N', 'E', 'R', '0', '0', '3'};
constexpr char kMagic2[8] = {'D', 'S', 'N', 'E', 'R', '0', '0', '2'};

uint64_t Mix(uint64_t key) {
  // The keys are hashes already; fold the halves for the slot index.
  return key ^ (key >> 29);
}

}  // namespace

void WeightTable::Set(std::vector<uint64_t> keys, const std::vector<float>& rows,
                      const std::vector<float>& transitions) {
  double t[kNumTags * kNumTags];
  for (int i = 0; i < kNumTags * kNumTags; ++i) t[i] = transitions[i];
  transitions_ = Transitions(t);
  float max_abs = 0;
  for (size_t i = 0; i < keys.size() * kNumTags; ++i)
    max_abs = std::max(max_abs, std::fabs(rows[i]));
  const float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  std::vector<int16_t> quantized(keys.size() * kNumTags);
  for (size_t i = 0; i < quantized.size(); ++i) {
    quantized[i] = static_cast<int16_t>(std::lround(rows[i] / scale));
  }
  Build(keys, reinterpret_cast<const char*>(quantized.data()), scale);
}

void WeightTable::Build(const std::vector<uint64_t>& keys, const char* quantized, float scale) {
  // At most two thirds full: a probe, mostly one or two steps, reads the
  // byte tags (one cache line) and a slot only where a tag matches. At most
  // half full doubled the table for some sizes, the committed model's
  // among them (32 MB of its 140 MB), for no measurable speed.
  size_t capacity = 16;
  while (capacity * 2 < keys.size() * 3) capacity <<= 1;
  mask_ = capacity - 1;
  slots_.assign(capacity, Slot());
  // A group's worth past the end repeats the start, so that a group read
  // at any slot needs no wrap.
  tags_.assign(capacity + kGroup, 0);
  size_ = 0;
  scale_ = scale;
  for (size_t r = 0; r < keys.size(); ++r) {
    const uint64_t key = StoredKey(keys[r]);
    uint64_t slot = Mix(key) & mask_;
    while (slots_[slot].key != 0 && slots_[slot].key != key) slot = (slot + 1) & mask_;
    if (slots_[slot].key == 0) ++size_;
    slots_[slot].key = key;
    tags_[slot] = Tag(key);
    if (slot < kGroup) tags_[capacity + slot] = Tag(key);
    std::memcpy(slots_[slot].weights, quantized + r * sizeof(slots_[slot].weights),
                sizeof(slots_[slot].weights));
  }
}

const WeightTable::Slot* WeightTable::Find(uint64_t key) const {
  const uint8_t tag = Tag(key);
  uint64_t slot = Mix(key) & mask_;
#if defined(__SSE2__)
  // Sixteen tags at a time: the slots whose tags match, before the first
  // empty one, are the only candidates.
  const __m128i want = _mm_set1_epi8(static_cast<char>(tag));
  const __m128i empty = _mm_setzero_si128();
  while (true) {
    const __m128i group = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&tags_[slot]));
    uint32_t match = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(group, want)));
    const uint32_t end = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(group, empty)));
    if (end != 0) match &= (end & (~end + 1)) - 1;
    while (match != 0) {
      const uint64_t at = (slot + static_cast<uint64_t>(__builtin_ctz(match))) & mask_;
      if (slots_[at].key == key) return &slots_[at];
      match &= match - 1;
    }
    if (end != 0) return nullptr;
    slot = (slot + kGroup) & mask_;
  }
#else
  while (true) {
    const uint8_t t = tags_[slot];
    if (t == 0) return nullptr;
    if (t == tag && slots_[slot].key == key) return &slots_[slot];
    slot = (slot + 1) & mask_;
  }
#endif
}

void WeightTable::Prefetch(const uint64_t* hashes, size_t n) const {
  if (slots_.empty()) return;
  for (size_t f = 0; f < n; ++f) {
    const uint64_t slot = Mix(StoredKey(hashes[f])) & mask_;
    __builtin_prefetch(&tags_[slot]);
    __builtin_prefetch(&slots_[slot]);
  }
}

void WeightTable::AddRows(const uint64_t* hashes, size_t n, Acc* sum) const {
  if (slots_.empty()) return;
  for (size_t f = 0; f < n; ++f) {
    const Slot* slot = Find(StoredKey(hashes[f]));
    if (slot == nullptr) continue;
    for (int s = 0; s < kNumTags; ++s) sum[s] += slot->weights[s];
  }
}

void WeightTable::Write(std::string* out) const {
  for (int i = 0; i < kNumTags * kNumTags; ++i) {
    AppendRaw(out, static_cast<float>(transitions_.scores()[i]));
  }
  // Sorted by key, so that the same weights are the same file.
  std::vector<const Slot*> used;
  for (const Slot& s : slots_) {
    if (s.key != 0) used.push_back(&s);
  }
  std::sort(used.begin(), used.end(), [](const Slot* a, const Slot* b) { return a->key < b->key; });
  AppendRaw(out, static_cast<uint64_t>(used.size()));
  for (const Slot* s : used) AppendRaw(out, s->key);
  for (const Slot* s : used) {
    for (int t = 0; t < kNumTags; ++t) AppendRaw(out, s->weights[t]);
  }
  AppendRaw(out, scale_);
}

bool WeightTable::Read(absl::string_view data, size_t* pos) {
  double transitions[kNumTags * kNumTags];
  for (int i = 0; i < kNumTags * kNumTags; ++i) {
    float t;
    if (!ReadRaw(data, pos, &t)) return false;
    transitions[i] = t;
  }
  transitions_ = Transitions(transitions);
  uint64_t features = 0;
  if (!ReadRaw(data, pos, &features) || features > (data.size() - *pos) / 8) return false;
  std::vector<uint64_t> keys(features);
  for (auto& k : keys) {
    if (!ReadRaw(data, pos, &k)) return false;
  }
  const size_t weights = features * kNumTags;
  if (*pos + weights * sizeof(int16_t) + sizeof(float) > data.size()) return false;
  // The rows are read where they lie in the file's bytes, not copied first.
  const char* quantized = data.data() + *pos;
  *pos += weights * sizeof(int16_t);
  float scale = 1;
  if (!ReadRaw(data, pos, &scale)) return false;
  Build(keys, quantized, scale);
  return true;
}

std::vector<int> Decode(const std::vector<double>& emissions, const Transitions& transitions,
                        std::vector<TaggedSpan>* spans) {
  const int n = static_cast<int>(emissions.size() / kNumTags);
  if (n == 0) return {};
  thread_local ForwardBackwardT<float> fb;
  std::vector<int> tags = Viterbi(emissions.data(), n, transitions);
  if (spans == nullptr) return tags;
  spans->clear();
  const std::vector<Span> found = SpansFromTags(tags);
  if (found.empty()) return tags;
  fb.Run(emissions.data(), n, transitions);
  std::vector<int> candidate, best_tags;
  for (const Span& span : found) {
    TaggedSpan best{
        span, static_cast<float>(fb.Path(span.begin, &tags[span.begin], span.end - span.begin))};
    // A name the best path is unsure of gives way to a part of it the
    // model finds more probable as a name of its own ("Minister of Mining
    // and Energy Zorana Mihajlovic": the person, not the whole run as an
    // organisation at 0.25). The path's best is not each span's best.
    if (best.confidence < kReconsiderBelow && span.end - span.begin >= 2) {
      for (int b = span.begin; b < span.end; ++b) {
        for (int e = b + 1; e <= span.end; ++e) {
          for (int type = 0; type < kNumTypes; ++type) {
            candidate = TagsFromSpans(e - b, {Span{0, e - b, type}});
            const auto p = static_cast<float>(fb.Path(b, candidate.data(), e - b));
            if (p > best.confidence) {
              best = {Span{b, e, type}, p};
              best_tags.swap(candidate);
            }
          }
        }
      }
      if (!(best.span == span)) {
        std::fill(tags.begin() + span.begin, tags.begin() + span.end, kOutside);
        std::copy(best_tags.begin(), best_tags.end(), tags.begin() + best.span.begin);
      }
    }
    spans->push_back(best);
  }
  return tags;
}

uint64_t NerModel::NextId() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

namespace {

// The weight sums of a word's word features (FeatureExtractor::WordFeatures)
// per stage and offset, cached per thread: most tokens of news are words
// seen before, and their ~30 word features then cost one lookup instead of
// thirty.
class WordSumCache {
 public:
  using Acc = WeightTable::Acc;
  struct Entry {
    Acc sums[2][5][WeightTable::kAccStride];
  };

  // The entries of the words of sentence `s` of `document` into `out`,
  // with the edge (beyond the sentence) at both ends: out[j + 2] is word j.
  // They stay valid until the next call.
  void Resolve(const NerModel& model, const FeatureExtractor& extractor, const WeightTable& stage1,
               const WeightTable& stage2, const AnalyzedDocument& document, int s,
               std::vector<const Entry*>* out) {
    const int n = document.size(s);
    if (model_id_ != model.id()) {
      index_.clear();
      entries_.clear();
      model_id_ = model.id();
      Fill(extractor, stage1, stage2, nullptr, nullptr, &edge_);
    }
    // Full: start over (the words that matter come back at once). Never in
    // the middle of a sentence, whose entries must stay put.
    if (entries_.size() + static_cast<size_t>(n) > kMaxWords) {
      index_.clear();
      entries_.clear();
    }
    if (entries_.capacity() < kMaxWords) entries_.reserve(kMaxWords);
    out->assign(static_cast<size_t>(n) + 4, &edge_);
    for (int j = 0; j < n; ++j) {
      const WordInfo& word = document.info(s, j);
      auto [it, inserted] = index_.try_emplace(word.exact, static_cast<uint32_t>(entries_.size()));
      if (inserted) {
        entries_.emplace_back();
        Fill(extractor, stage1, stage2, model.history_or_null(), &word, &entries_.back());
      }
      (*out)[j + 2] = &entries_[it->second];
    }
  }

 private:
  // 32,768 words of 800 bytes: 26 MB a thread.
  static constexpr size_t kMaxWords = 32768;
  // The second stage's sum of the word itself also holds the word's corpus
  // history features (`history`, null for none): they depend on the word
  // alone.
  static void Fill(const FeatureExtractor& extractor, const WeightTable& stage1,
                   const WeightTable& stage2, const CorpusHistory* history, const WordInfo* word,
                   Entry* entry) {
    std::vector<uint64_t> hashes;
    for (int offset = -2; offset <= 2; ++offset) {
      hashes.clear();
      // Beyond the sentence there is no word itself.
      if (word != nullptr || offset != 0) extractor.WordFeatures(word, offset, &hashes);
      for (int stage = 0; stage < 2; ++stage) {
        if (stage == 1 && offset == 0 && word != nullptr && history != nullptr) {
          history->AppendFeatures(word->folded, &hashes);
        }
        Acc* sum = entry->sums[stage][offset + 2];
        std::fill(sum, sum + WeightTable::kAccStride, 0);
        const WeightTable& table = stage == 0 ? stage1 : stage2;
        table.Prefetch(hashes.data(), hashes.size());
        table.AddRows(hashes.data(), hashes.size(), sum);
      }
    }
  }

  uint64_t model_id_ = 0;
  absl::flat_hash_map<uint64_t, uint32_t> index_;
  std::vector<Entry, HugePageAllocator<Entry>> entries_;
  Entry edge_;
};

}  // namespace

std::vector<std::vector<TaggedSpan>> NerModel::TagDocument(
    const DocumentWords& sentences, std::vector<std::vector<int>>* first_stage) const {
  thread_local WordSumCache cache;
  thread_local std::vector<const WordSumCache::Entry*> words;
  FeatureExtractor extractor = Extractor();
  extractor.set_cache_key(id_);
  const AnalyzedDocument document = extractor.Analyze(sentences);
  const int sentence_count = static_cast<int>(sentences.size());
  std::vector<std::vector<TaggedSpan>> out(sentence_count);
  std::vector<std::vector<int>> first(sentence_count);
  // Token features of each sentence (both stages), and the second stage's
  // own: what the first predicted.
  std::vector<SentenceFeatures> token_features(sentence_count), extra(sentence_count);
  for (int s = 0; s < sentence_count; ++s) {
    const std::vector<char> gaz = extractor.MatchGazetteer(document, s);
    SentenceFeatures& f = token_features[s];
    f.offsets.assign(1, 0);
    for (int i = 0; i < document.size(s); ++i) {
      extractor.TokenFeatures(document, s, i, gaz, &f.hashes);
      f.offsets.push_back(static_cast<uint32_t>(f.hashes.size()));
    }
  }
  std::vector<double> emissions;
  // The emissions of sentence s at `stage`. The weights it reads are far
  // apart in memory: the next sentence's are asked for while this one is
  // summed, so that the reads overlap the work.
  auto emit = [&](int s, int stage) {
    const int n = document.size(s);
    const WeightTable& table = stage == 0 ? stage1_ : stage2_;
    auto prefetch = [&](int t) {
      table.Prefetch(token_features[t].hashes.data(), token_features[t].hashes.size());
      table.Prefetch(extra[t].hashes.data(), extra[t].hashes.size());
    };
    if (s == 0) prefetch(0);
    if (s + 1 < sentence_count) prefetch(s + 1);
    cache.Resolve(*this, extractor, stage1_, stage2_, document, s, &words);
    for (const WordSumCache::Entry* word : words) {
      const char* p = reinterpret_cast<const char*>(word->sums[stage]);
      for (size_t b = 0; b < sizeof(word->sums[stage]); b += 64) __builtin_prefetch(p + b);
    }
    emissions.resize(static_cast<size_t>(n) * kNumTags);
    const SentenceFeatures& f = token_features[s];
    const SentenceFeatures& x = extra[s];
    const double scale = table.scale();
    for (int i = 0; i < n; ++i) {
      WeightTable::Acc sum[WeightTable::kAccStride] = {};
      for (int offset = -2; offset <= 2; ++offset) {
        const WeightTable::Acc* part = words[i + 2 + offset]->sums[stage][offset + 2];
        for (int t = 0; t < WeightTable::kAccStride; ++t) sum[t] += part[t];
      }
      table.AddRows(f.hashes.data() + f.offsets[i], f.offsets[i + 1] - f.offsets[i], sum);
      if (x.size() > 0) {
        table.AddRows(x.hashes.data() + x.offsets[i], x.offsets[i + 1] - x.offsets[i], sum);
      }
      for (int t = 0; t < kNumTags; ++t) emissions[i * kNumTags + t] = sum[t] * scale;
    }
  };
  for (int s = 0; s < sentence_count; ++s) {
    emit(s, 0);
    first[s] = Decode(emissions, stage1_.transitions(), two_stage() ? nullptr : &out[s]);
  }
  if (first_stage != nullptr) *first_stage = first;
  if (!two_stage()) return out;
  // The corpus history is in the words' cached sums.
  extra = PredictionFeatures(document, first);
  for (int s = 0; s < sentence_count; ++s) {
    emit(s, 1);
    Decode(emissions, stage2_.transitions(), &out[s]);
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
      ",\"cluster_levels\":", clusters_.levels(), ",\"gazetteer_lists\":[", lists,
      "],\"vectors\":", flag(config_.vectors), ",\"names\":", flag(config_.names),
      ",\"vector_levels\":", vectors_.levels(), config_.elsewhere ? ",\"elsewhere\":true" : "",
      "}");
  AppendRaw(&out, static_cast<uint32_t>(json.size()));
  out += json;
  AppendRaw(&out, static_cast<uint8_t>(two_stage() ? 2 : 1));
  stage1_.Write(&out);
  if (two_stage()) stage2_.Write(&out);
  clusters_.Write(&out);
  std::vector<std::pair<uint64_t, uint32_t>> entries(gazetteer_.entries().begin(),
                                                     gazetteer_.entries().end());
  std::sort(entries.begin(), entries.end());
  AppendRaw(&out, static_cast<uint64_t>(entries.size()));
  for (const auto& [hash, mask] : entries) {
    AppendRaw(&out, hash);
    AppendRaw(&out, mask);
  }
  vectors_.Write(&out);
  history_.Write(&out);
  return WriteFileBytes(path, out);
}

absl::StatusOr<std::unique_ptr<NerModel>> NerModel::Load(const std::string& path) {
  const absl::StatusOr<LargeFileBytes> file = ReadLargeFile(path);
  if (!file.ok()) return absl::NotFoundError(absl::StrCat("cannot read model ", path));
  const absl::string_view data(file->data(), file->size());
  auto corrupt = [&](const char* what) {
    return absl::DataLossError(absl::StrCat("model ", path, " is corrupt: ", what));
  };
  auto is = [&](const char(&magic)[8]) {
    return data.size() >= sizeof(magic) && std::memcmp(data.data(), magic, sizeof(magic)) == 0;
  };
  const bool with_history = is(kMagic);
  // Vector clusters and name features came with format 3.
  const bool current = with_history || is(kMagic3);
  if (!current && !is(kMagic2)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a dossier NER model of this version"));
  }
  size_t pos = sizeof(kMagic);
  auto model = std::make_unique<NerModel>();
  uint32_t json_size = 0;
  std::string json;
  if (!ReadRaw(data, &pos, &json_size) || pos + json_size > data.size()) return corrupt("metadata");
  json = std::string(data.substr(pos, json_size));
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
  model->config_.vectors = current && flag("vectors");
  model->config_.names = current && flag("names");
  // Absent from the models before it: off.
  model->config_.elsewhere = f.count("elsewhere") > 0 && f.at("elsewhere").bool_value();
  if (f.count("vector_levels")) {
    model->vectors_.set_levels(static_cast<int>(f.at("vector_levels").number_value()));
  }
  if (f.count("cluster_levels")) {
    model->clusters_.set_levels(static_cast<int>(f.at("cluster_levels").number_value()));
  }
  if (f.count("gazetteer_lists")) {
    for (const auto& v : f.at("gazetteer_lists").list_value().values()) {
      model->gazetteer_.AddList(v.string_value());
    }
  }
  uint8_t stages = 0;
  if (!ReadRaw(data, &pos, &stages) || stages < 1 || stages > 2) return corrupt("stages");
  if (!model->stage1_.Read(data, &pos)) return corrupt("first-stage weights");
  if (stages == 2 && !model->stage2_.Read(data, &pos)) return corrupt("second-stage weights");
  if (!model->clusters_.Read(data, &pos)) return corrupt("clusters");
  uint64_t entries = 0;
  // Twelve bytes an entry.
  if (!ReadRaw(data, &pos, &entries) || entries > (data.size() - pos) / 12) {
    return corrupt("gazetteer count");
  }
  model->gazetteer_.Reserve(entries);
  for (uint64_t i = 0; i < entries; ++i) {
    uint64_t hash;
    uint32_t mask;
    if (!ReadRaw(data, &pos, &hash) || !ReadRaw(data, &pos, &mask)) return corrupt("gazetteer");
    model->gazetteer_.AddHash(hash, mask);
  }
  if (current && !model->vectors_.Read(data, &pos)) return corrupt("vector clusters");
  if (with_history && !model->history_.Read(data, &pos)) return corrupt("corpus history");
  if (pos != data.size()) return corrupt("trailing bytes");
  return model;
}

}  // namespace dossier::ner
