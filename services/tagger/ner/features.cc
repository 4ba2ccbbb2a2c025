#include "services/tagger/ner/features.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <iterator>

#include "absl/strings/ascii.h"
#include "common/binary_file.h"

namespace dossier::ner {
namespace {

// Template ids: each feature is CombineHashes(template, value hash).
enum Template : uint64_t {
  kBias = 1,
  kWord,
  kWordExact,
  kWordMinus1,
  kWordPlus1,
  kWordMinus2,
  kWordPlus2,
  kPrefix,
  kSuffix,
  kShort,
  kLong,
  kShortMinus1,
  kShortPlus1,
  kShortPair1,
  kShortPair2,
  kBigram1,
  kBigram2,
  kInitial,
  kAllCapsSentence,
  kAllCapsWord,
  kCluster,
  kClusterMinus1,
  kClusterPlus1,
  kGazetteer,
  kGazetteerMinus1,
  kGazetteerPlus1,
  kDocCase,
  kLength,
  kHyphenFirst,
  kHyphenLast,
  kFirstCapitalised,
  kCaseProfile,
  kCaseProfileMinus1,
  kCaseProfilePlus1,
  kAggregateTypes,
  kAggregateMajority,
  kAggregateShare,
  kAggregateLast,
  kAggregateFirst,
  kCoordinatedLeft,
  kCoordinatedRight,
  kVector,
  kVectorMinus1,
  kVectorPlus1,
  kVectorCapitalised,
  kRunFirst,
  kRunLast,
  kTopic,
  kTableRow,
  kCorpusMajority,
  kCorpusTypes,
  kCorpusValue,
  kElsewhereBefore,
  kElsewhereAfter,
  kElsewhereClusterBefore,
  kElsewhereClusterAfter,
};

inline uint64_t F(Template t, uint64_t value) { return CombineHashes(t, value); }
inline uint64_t F(Template t, uint64_t a, uint64_t b) {
  return CombineHashes(CombineHashes(t, a), b);
}
inline uint64_t HashString(absl::string_view s) { return XXH3_64bits(s.data(), s.size()); }

// Where the templates put their features: hashes for tagging and
// training, hashes with their templates' names for Explain. One code path
// fills both, so an explanation shows the very features the model reads.
struct HashSink {
  std::vector<uint64_t>* out;
  void Add(Template t, uint64_t value) { out->push_back(F(t, value)); }
  void Add(Template t, uint64_t a, uint64_t b) { out->push_back(F(t, a, b)); }
};

// Names of the templates, in the enum's order from kBias.
constexpr const char* kTemplateNames[] = {
    "bias",
    "word",
    "word as written",
    "word -1",
    "word +1",
    "word -2",
    "word +2",
    "prefix",
    "suffix",
    "shape",
    "long shape",
    "shape -1",
    "shape +1",
    "shapes -1,0",
    "shapes 0,+1",
    "words -1,0",
    "words 0,+1",
    "sentence start",
    "all-capitals sentence",
    "word in all-capitals sentence",
    "word cluster",
    "word cluster -1",
    "word cluster +1",
    "gazetteer",
    "gazetteer -1",
    "gazetteer +1",
    "document case",
    "length",
    "hyphen first part",
    "hyphen last part",
    "capitalised first word, document case",
    "case profile",
    "case profile -1",
    "case profile +1",
    "first stage elsewhere: classes",
    "first stage elsewhere: majority",
    "first stage elsewhere: share in names",
    "first stage elsewhere: ended a name",
    "first stage elsewhere: began a name",
    "coordinated with a name before",
    "coordinated with a name after",
    "vector cluster",
    "vector cluster -1",
    "vector cluster +1",
    "vector cluster, capitalised",
    "name run: first word",
    "name run: last word",
    "headline topic",
    "results-table row",
    "corpus: majority, share in names",
    "corpus: classes",
    "corpus: all",
    "elsewhere: word before",
    "elsewhere: word after",
    "elsewhere: vector cluster before",
    "elsewhere: vector cluster after",
};
static_assert(std::size(kTemplateNames) == kElsewhereClusterAfter - kBias + 1,
              "a template without a name");

struct NamingSink {
  std::vector<NamedFeature>* out;
  void Add(Template t, uint64_t value) { out->push_back({kTemplateNames[t - kBias], F(t, value)}); }
  void Add(Template t, uint64_t a, uint64_t b) {
    out->push_back({kTemplateNames[t - kBias], F(t, a, b)});
  }
};

// Values that stand for "no word here".
const uint64_t kBefore = HashString("<s>");
const uint64_t kAfter = HashString("</s>");
constexpr uint64_t kNone = 0x6e6f6e65;  // "none"

WordInfo AnalyzeWord(absl::string_view word, const WordClusters* clusters,
                     const WordClusters* vectors) {
  WordInfo info;
  // Scratch reused across calls on a thread: no allocation per word.
  thread_local std::string lower, shape_short, shape_long;
  thread_local std::vector<int32_t> starts;  // code point starts in `lower`
  lower.clear();
  shape_short.clear();
  shape_long.clear();
  starts.clear();
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const int32_t n = static_cast<int32_t>(word.size());
  int32_t i = 0;
  char last_short = 0, last_long = 0;
  int run = 0;
  bool first = true, any_lower = false;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    char cls;
    if (c < 0x80) {
      const unsigned char a = static_cast<unsigned char>(c);
      cls = absl::ascii_isupper(a)   ? 'X'
            : absl::ascii_islower(a) ? 'x'
            : absl::ascii_isdigit(a) ? 'd'
                                     : static_cast<char>(c);
    } else if (u_isupper(c) || u_istitle(c)) {
      cls = 'X';
    } else if (u_isalpha(c)) {
      cls = 'x';
    } else if (u_isdigit(c)) {
      cls = 'd';
    } else {
      cls = '*';
    }
    if (first) info.capitalised = cls == 'X';
    first = false;
    if (cls == 'x') any_lower = true;
    if (cls == 'X' || cls == 'x') info.has_letter = true;
    starts.push_back(static_cast<int32_t>(lower.size()));
    if (cls == 'd') {
      lower.push_back('0');
    } else if (c < 0x80) {
      lower.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else {
      const UChar32 l = u_tolower(c);
      char buf[4];
      int32_t len = 0;
      UBool err = false;
      U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, l, err);
      if (err) {
        lower.append(word.data() + start, i - start);
      } else {
        lower.append(buf, len);
      }
    }
    if (cls != last_short) shape_short.push_back(cls);
    last_short = cls;
    run = cls == last_long ? run + 1 : 1;
    if (run <= 4) shape_long.push_back(cls);
    last_long = cls;
    ++info.length;
  }
  starts.push_back(static_cast<int32_t>(lower.size()));
  info.all_upper = info.has_letter && !any_lower;
  info.lower = HashString(lower);
  info.exact = HashString(word);
  info.shape = HashString(shape_short);
  info.long_shape = HashString(shape_long);
  // Folding is lower-casing for ASCII, which `lower` already is but for
  // its digits.
  bool ascii = true;
  for (char c : word) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  info.folded = ascii ? HashWord(lower) : HashWord(FoldWord(word));
  const int cps = info.length;
  for (int k = 1; k <= 4 && k < cps; ++k) {
    info.affixes[info.num_affixes] = HashString(absl::string_view(lower).substr(0, starts[k]));
    info.affixes[4 + info.num_affixes] =
        HashString(absl::string_view(lower).substr(starts[cps - k]));
    ++info.num_affixes;
  }
  const size_t dash = lower.find('-');
  if (dash != std::string::npos && dash > 0 && dash + 1 < lower.size()) {
    info.hyphen_first = HashString(absl::string_view(lower).substr(0, dash));
    info.hyphen_last = HashString(absl::string_view(lower).substr(lower.rfind('-') + 1));
  }
  if (clusters != nullptr) info.clusters = clusters->Find(info.folded);
  if (vectors != nullptr) info.vectors = vectors->Find(info.folded);
  return info;
}

bool IsAllCapsSentence(const std::vector<const WordInfo*>& infos) {
  int letters = 0, upper = 0;
  for (const WordInfo* w : infos) {
    if (!w->has_letter) continue;
    ++letters;
    if (w->all_upper) ++upper;
  }
  return letters >= 3 && upper * 10 >= letters * 8;
}

}  // namespace

DocumentWords ViewsOf(const std::vector<std::vector<std::string>>& sentences) {
  DocumentWords out(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    out[s].assign(sentences[s].begin(), sentences[s].end());
  }
  return out;
}

namespace {

// Word analyses of earlier documents on this thread, by the hash of the
// word as written (WordInfo::exact): most words of news come back, and
// looking one up costs a fraction of analysing it again.
struct WordInfoCache {
  static constexpr size_t kMaxWords = 1 << 16;  // about 10 MB
  uint64_t key = 0;
  absl::flat_hash_map<uint64_t, WordInfo> infos;
};

}  // namespace

AnalyzedDocument::AnalyzedDocument(const DocumentWords& sentences, const WordClusters* clusters,
                                   const WordClusters* vectors, uint64_t cache_key, bool contexts)
    : sentences_(&sentences) {
  thread_local WordInfoCache cache;
  if (cache_key != 0 && cache.key != cache_key) {
    cache.infos.clear();
    cache.key = cache_key;
  }
  auto analyze = [&](absl::string_view word, uint64_t exact) {
    if (cache_key == 0) return AnalyzeWord(word, clusters, vectors);
    auto it = cache.infos.find(exact);
    if (it != cache.infos.end()) return it->second;
    // Full: start over (the words that matter come back at once).
    if (cache.infos.size() >= WordInfoCache::kMaxWords) cache.infos.clear();
    const WordInfo info = AnalyzeWord(word, clusters, vectors);
    cache.infos.emplace(exact, info);
    return info;
  };
  size_t total = 0;
  for (const Words& words : sentences) total += words.size();
  // The words by the hash of their bytes, as the cache has them.
  absl::flat_hash_map<uint64_t, uint32_t> seen;
  seen.reserve(total);
  tokens_.resize(sentences.size());
  all_caps_.resize(sentences.size());
  table_rows_.resize(sentences.size());
  // The document's distinct words first, then their analyses: the cache's
  // entries are asked of the memory all together, so that their reads
  // overlap instead of waiting one by one.
  std::vector<std::pair<absl::string_view, uint64_t>> distinct;
  for (size_t s = 0; s < sentences.size(); ++s) {
    tokens_[s].reserve(sentences[s].size());
    for (absl::string_view word : sentences[s]) {
      const uint64_t exact = HashString(word);
      auto [it, inserted] = seen.try_emplace(exact, static_cast<uint32_t>(distinct.size()));
      if (inserted) {
        distinct.emplace_back(word, exact);
        if (cache_key != 0) cache.infos.prefetch(exact);
      }
      tokens_[s].push_back(it->second);
    }
  }
  infos_.reserve(distinct.size());
  folded_ids_.reserve(distinct.size());
  absl::flat_hash_map<uint64_t, uint32_t> folded_ids;
  folded_ids.reserve(distinct.size());
  for (const auto& [word, exact] : distinct) {
    infos_.push_back(analyze(word, exact));
    const auto [it, inserted] = folded_ids.try_emplace(infos_.back().folded, num_folded_);
    if (inserted) ++num_folded_;
    folded_ids_.push_back(it->second);
  }
  cases_.resize(num_folded_);
  if (contexts) contexts_.resize(num_folded_);
  std::vector<const WordInfo*> row;
  if (!sentences.empty() && sentences[0].size() >= 3 && sentences[0][1] == "-" &&
      infos_[tokens_[0][0]].all_upper) {
    topic_ = infos_[tokens_[0][0]].lower;
  }
  for (size_t s = 0; s < sentences.size(); ++s) {
    row.clear();
    for (uint32_t t : tokens_[s]) row.push_back(&infos_[t]);
    int numbers = 0, lower = 0;
    for (size_t i = 0; i < row.size(); ++i) {
      const absl::string_view w = sentences[s][i];
      if (!w.empty() && absl::ascii_isdigit(static_cast<unsigned char>(w[0]))) ++numbers;
      if (row[i]->has_letter && !row[i]->capitalised) ++lower;
    }
    table_rows_[s] = numbers >= 1 && lower == 0 && row.size() >= 2;
    all_caps_[s] = IsAllCapsSentence(row);
    if (all_caps_[s]) continue;
    const auto& words = sentences[s];
    if (contexts) {
      const int n = static_cast<int>(row.size());
      const int vector_mid = vectors != nullptr ? vectors->levels() / 2 : 0;
      // The neighbours' pretrained-vector clusters at the middle level
      // generalise the words ("said", "told").
      auto cluster = [&](int j) -> uint64_t {
        if (j < 0) return kBefore;
        if (j >= n) return kAfter;
        return row[j]->vectors != nullptr ? row[j]->vectors->id[vector_mid] + 1 : kNone;
      };
      for (int i = 0; i < n; ++i) {
        if (!row[i]->has_letter || !row[i]->capitalised) continue;
        contexts_[folded_ids_[tokens_[s][i]]].push_back(
            {static_cast<int>(s), i, i > 0 ? row[i - 1]->lower : kBefore,
             i + 1 < n ? row[i + 1]->lower : kAfter, cluster(i - 1), cluster(i + 1)});
      }
    }
    for (size_t i = 1; i < row.size(); ++i) {
      const WordInfo& w = *row[i];
      if (!w.has_letter) continue;
      // After an opening quote or a colon a capital says little.
      const absl::string_view prev = words[i - 1];
      if (prev == "\"" || prev == ":" || prev == "'") continue;
      WordCase& c = cases_[folded_ids_[tokens_[s][i]]];
      if (w.capitalised) {
        ++c.capitalised;
      } else {
        ++c.lower;
      }
    }
  }
}

template <class Sink>
void FeatureExtractor::WordFeaturesTo(const WordInfo* w, int offset, Sink& h) const {
  const bool use_clusters = config_.clusters && clusters_ != nullptr;
  const auto profile = [](const WordInfo& x) -> uint64_t {
    return x.clusters != nullptr ? x.clusters->case_profile : 0;
  };
  const int mid = use_clusters ? clusters_->levels() / 2 : 0;
  const bool use_vectors = UseVectors();
  const int vector_mid = use_vectors ? vectors_->levels() / 2 : 0;
  switch (offset) {
    case 0: {
      const WordInfo& x = *w;
      h.Add(kBias, 0);
      h.Add(kWord, x.lower);
      h.Add(kWordExact, x.exact);
      h.Add(kShort, x.shape);
      h.Add(kLong, x.long_shape);
      h.Add(kLength, std::min(x.length, 10));
      if (config_.affixes) {
        for (int k = 0; k < x.num_affixes; ++k) {
          h.Add(kPrefix, x.affixes[k]);
          h.Add(kSuffix, x.affixes[4 + k]);
        }
        if (x.hyphen_first != 0) {
          h.Add(kHyphenFirst, x.hyphen_first);
          h.Add(kHyphenLast, x.hyphen_last);
        }
      }
      if (use_clusters) {
        for (int l = 0; l < clusters_->levels(); ++l) {
          h.Add(kCluster, x.clusters != nullptr ? x.clusters->id[l] + 1 : kNone, l);
        }
        h.Add(kCaseProfile, profile(x), x.shape);
      }
      if (use_vectors) {
        for (int l = 0; l < vectors_->levels(); ++l) {
          h.Add(kVector, x.vectors != nullptr ? x.vectors->id[l] + 1 : kNone, l);
        }
        // GloVe's words are lower case: "May" the month and "may" share a
        // vector; the cluster with the capital tells them apart.
        h.Add(kVectorCapitalised, x.vectors != nullptr ? x.vectors->id[vector_mid] + 1 : kNone,
              x.capitalised);
      }
      return;
    }
    case -1:
    case 1: {
      const bool before = offset < 0;
      if (config_.context) {
        h.Add(before ? kWordMinus1 : kWordPlus1,
              w == nullptr ? (before ? kBefore : kAfter) : w->lower);
        h.Add(before ? kShortMinus1 : kShortPlus1,
              w == nullptr ? (before ? kBefore : kAfter) : w->shape);
      }
      if (use_clusters && w != nullptr) {
        h.Add(before ? kCaseProfileMinus1 : kCaseProfilePlus1, profile(*w));
        if (w->clusters != nullptr) {
          h.Add(before ? kClusterMinus1 : kClusterPlus1, w->clusters->id[mid]);
        }
      }
      if (use_vectors && w != nullptr && w->vectors != nullptr) {
        h.Add(before ? kVectorMinus1 : kVectorPlus1, w->vectors->id[vector_mid]);
      }
      return;
    }
    case -2:
    case 2:
      if (config_.context) {
        const bool before = offset < 0;
        h.Add(before ? kWordMinus2 : kWordPlus2,
              w == nullptr ? (before ? kBefore : kAfter) : w->lower);
      }
      return;
    default:
      return;
  }
}

std::vector<char> FeatureExtractor::MatchGazetteer(const AnalyzedDocument& document, int s) const {
  if (!config_.gazetteers || gazetteer_ == nullptr || gazetteer_->lists().empty()) return {};
  const int n = document.size(s);
  std::vector<bool> name_like(n);
  for (int i = 0; i < n; ++i) name_like[i] = document.info(s, i).has_letter;
  return gazetteer_->Match(document.Folded(s), name_like);
}

template <class Sink>
void FeatureExtractor::TokenFeaturesTo(const AnalyzedDocument& document, int s, int i,
                                       const std::vector<char>& gaz, Sink& h) const {
  const int n = document.size(s);
  const WordInfo& x = document.info(s, i);
  const bool all_caps = document.all_caps(s);
  auto lower_at = [&](int j) {
    return j < 0 ? kBefore : j >= n ? kAfter : document.info(s, j).lower;
  };
  auto shape_at = [&](int j) {
    return j < 0 ? kBefore : j >= n ? kAfter : document.info(s, j).shape;
  };
  if (config_.context) {
    h.Add(kShortPair1, shape_at(i - 1), x.shape);
    h.Add(kShortPair2, x.shape, shape_at(i + 1));
    h.Add(kBigram1, lower_at(i - 1), x.lower);
    h.Add(kBigram2, x.lower, lower_at(i + 1));
  }
  if (i == 0) h.Add(kInitial, x.shape);
  if (all_caps) {
    h.Add(kAllCapsSentence, 0);
    h.Add(kAllCapsWord, x.lower);
  }
  const int lists = gaz.empty() ? 0 : static_cast<int>(gazetteer_->lists().size());
  for (int l = 0; l < lists; ++l) {
    if (const char p = gaz[i * lists + l]) h.Add(kGazetteer, l, p);
    if (i > 0) {
      if (const char p = gaz[(i - 1) * lists + l]) h.Add(kGazetteerMinus1, l, p);
    }
    if (i + 1 < n) {
      if (const char p = gaz[(i + 1) * lists + l]) h.Add(kGazetteerPlus1, l, p);
    }
  }
  if (config_.names && x.capitalised && !all_caps) {
    // The run of capitalised words around i, "of", "for", "de", "and" and
    // "&" joining two of them.
    static const uint64_t kJoiners[] = {HashString("of"), HashString("for"), HashString("de"),
                                        HashString("and"), HashString("&")};
    auto capitalised = [&](int j) {
      return j >= 0 && j < n && document.info(s, j).capitalised && document.info(s, j).has_letter;
    };
    auto joins = [&](int j) {
      if (!capitalised(j - 1) || !capitalised(j + 1)) return false;
      const uint64_t w = document.info(s, j).lower;
      for (uint64_t k : kJoiners) {
        if (w == k) return true;
      }
      return false;
    };
    int first = i, last = i;
    while (first > 0 && i - first < 8 && (capitalised(first - 1) || joins(first - 1))) --first;
    while (last + 1 < n && last - i < 8 && (capitalised(last + 1) || joins(last + 1))) ++last;
    if (last > first) {
      const uint64_t position = i == first ? 'B' : i == last ? 'L' : 'I';
      h.Add(kRunFirst, document.info(s, first).lower, position);
      h.Add(kRunLast, document.info(s, last).lower, position);
    }
  }
  if (config_.names && x.capitalised) {
    if (document.topic() != 0) {
      uint64_t mask = 0;
      for (int l = 0; l < lists && l < 64; ++l) {
        if (gaz[i * lists + l] != 0) mask |= uint64_t{1} << l;
      }
      h.Add(kTopic, document.topic(), mask);
    }
    if (document.table_row(s)) h.Add(kTableRow, x.shape, i == 0);
  }
  if (config_.elsewhere && x.has_letter && (x.capitalised || all_caps)) {
    if (const auto* contexts = document.Contexts(s, i)) {
      // Each distinct neighbour once, from at most kOccurrences other
      // occurrences; its vector cluster too when the model has vectors.
      constexpr int kOccurrences = 16;
      const bool clusters = UseVectors();
      uint64_t seen[4 * kOccurrences];
      int num_seen = 0, used = 0;
      auto add_once = [&](Template t, uint64_t word) {
        const uint64_t f = F(t, word);
        for (int k = 0; k < num_seen; ++k) {
          if (seen[k] == f) return;
        }
        seen[num_seen++] = f;
        h.Add(t, word);
      };
      for (const AnalyzedDocument::Context& c : *contexts) {
        if (c.s == s && c.i == i) continue;
        if (++used > kOccurrences) break;
        add_once(kElsewhereBefore, c.before);
        add_once(kElsewhereAfter, c.after);
        if (clusters) {
          add_once(kElsewhereClusterBefore, c.before_cluster);
          add_once(kElsewhereClusterAfter, c.after_cluster);
        }
      }
    }
  }
  if (config_.document && x.has_letter) {
    const AnalyzedDocument::WordCase* c = document.Case(s, i);
    const uint64_t dc = c == nullptr                         ? 'n'
                        : c->lower > 0 && c->capitalised > 0 ? 'b'
                        : c->lower > 0                       ? 'l'
                                                             : 'c';
    h.Add(kDocCase, dc, x.shape);
    if (x.capitalised && (i == 0 || all_caps)) h.Add(kFirstCapitalised, dc);
  }
}

template <class Sink>
void FeatureExtractor::FeaturesOfTo(const AnalyzedDocument& document, int s, int i,
                                    const std::vector<char>& gazetteer, Sink& sink) const {
  const int n = document.size(s);
  for (int offset = -2; offset <= 2; ++offset) {
    const int j = i + offset;
    WordFeaturesTo(j >= 0 && j < n ? &document.info(s, j) : nullptr, offset, sink);
  }
  TokenFeaturesTo(document, s, i, gazetteer, sink);
}

void FeatureExtractor::WordFeatures(const WordInfo* word, int offset,
                                    std::vector<uint64_t>* out) const {
  HashSink sink{out};
  WordFeaturesTo(word, offset, sink);
}

void FeatureExtractor::TokenFeatures(const AnalyzedDocument& document, int s, int i,
                                     const std::vector<char>& gazetteer,
                                     std::vector<uint64_t>* out) const {
  HashSink sink{out};
  TokenFeaturesTo(document, s, i, gazetteer, sink);
}

std::vector<NamedFeature> FeatureExtractor::Explain(const AnalyzedDocument& document, int s,
                                                    int i) const {
  std::vector<NamedFeature> out;
  NamingSink sink{&out};
  FeaturesOfTo(document, s, i, MatchGazetteer(document, s), sink);
  return out;
}

void FeatureExtractor::Extract(const AnalyzedDocument& document, int s,
                               SentenceFeatures* out) const {
  const int n = document.size(s);
  const std::vector<char> gaz = MatchGazetteer(document, s);
  out->hashes.clear();
  out->offsets.assign(1, 0);
  HashSink sink{&out->hashes};
  for (int i = 0; i < n; ++i) {
    FeaturesOfTo(document, s, i, gaz, sink);
    out->offsets.push_back(static_cast<uint32_t>(out->hashes.size()));
  }
}

std::vector<uint64_t> AnalyzedDocument::Folded(int s) const {
  std::vector<uint64_t> out;
  out.reserve(tokens_[s].size());
  for (uint32_t t : tokens_[s]) out.push_back(infos_[t].folded);
  return out;
}

void CorpusHistory::Count(const std::vector<uint64_t>& folded, const std::vector<int>& tags) {
  for (size_t i = 0; i < folded.size() && i < tags.size(); ++i) {
    Counts& c = counts_[folded[i]];
    ++c.occurrences;
    if (tags[i] != kOutside) ++c.by_type[TagType(tags[i])];
  }
}

void CorpusHistory::Merge(const CorpusHistory& other) {
  for (const auto& [word, theirs] : other.counts_) {
    Counts& c = counts_[word];
    c.occurrences += theirs.occurrences;
    for (int t = 0; t < kNumTypes; ++t) c.by_type[t] += theirs.by_type[t];
  }
}

void CorpusHistory::Finish(int min_occurrences) {
  values_.clear();
  for (const auto& [word, c] : counts_) {
    if (c.occurrences < static_cast<uint32_t>(min_occurrences)) continue;
    uint32_t in_names = 0;
    int majority = 0;
    for (int t = 0; t < kNumTypes; ++t) {
      in_names += c.by_type[t];
      if (c.by_type[t] > c.by_type[majority]) majority = t;
    }
    uint16_t mask = 0;
    for (int t = 0; t < kNumTypes; ++t) {
      if (in_names > 0 && c.by_type[t] * 4 >= in_names) mask |= 1u << t;
    }
    const uint16_t share = in_names * 10 < c.occurrences       ? 0
                           : in_names * 2 < c.occurrences      ? 1
                           : in_names * 10 < c.occurrences * 9 ? 2
                                                               : 3;
    const uint16_t often = c.occurrences < 10     ? 0
                           : c.occurrences < 100  ? 1
                           : c.occurrences < 1000 ? 2
                                                  : 3;
    values_[word] = static_cast<uint16_t>(mask | majority << 4 | share << 6 | often << 8);
  }
  counts_.clear();
}

void CorpusHistory::AppendFeatures(uint64_t folded, std::vector<uint64_t>* out) const {
  auto it = values_.find(folded);
  if (it == values_.end()) {
    out->push_back(F(kCorpusMajority, kNone));
    return;
  }
  const uint16_t v = it->second;
  const uint16_t share = (v >> 6) & 3;
  out->push_back(F(kCorpusMajority, share == 0 ? 4 : (v >> 4) & 3, share));
  out->push_back(F(kCorpusTypes, v & 15));
  out->push_back(F(kCorpusValue, v));
}

void CorpusHistory::Write(std::string* out) const {
  std::vector<std::pair<uint64_t, uint16_t>> entries(values_.begin(), values_.end());
  std::sort(entries.begin(), entries.end());
  AppendRaw(out, static_cast<uint64_t>(entries.size()));
  for (const auto& [word, value] : entries) {
    AppendRaw(out, word);
    AppendRaw(out, value);
  }
}

bool CorpusHistory::Read(absl::string_view data, size_t* pos) {
  uint64_t count = 0;
  // Ten bytes an entry: a count the bytes cannot hold is corruption.
  if (!ReadRaw(data, pos, &count) || count > (data.size() - *pos) / 10) return false;
  values_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t word;
    uint16_t value;
    if (!ReadRaw(data, pos, &word) || !ReadRaw(data, pos, &value)) return false;
    values_[word] = value;
  }
  return true;
}

PredictionContext PredictionContext::Build(const std::vector<std::vector<uint64_t>>& folded,
                                           const std::vector<std::vector<int>>& tags,
                                           const CorpusHistory* history) {
  PredictionContext context;
  context.history_ = history;
  for (size_t s = 0; s < folded.size(); ++s) {
    for (size_t i = 0; i < folded[s].size(); ++i) {
      const auto [it, inserted] =
          context.ids_.try_emplace(folded[s][i], static_cast<uint32_t>(context.counts_.size()));
      if (inserted) context.counts_.emplace_back();
      Counts& c = context.counts_[it->second];
      ++c.occurrences;
      ++c.tags[tags[s][i]];
    }
  }
  return context;
}

PredictionContext PredictionContext::Build(const AnalyzedDocument& document,
                                           const std::vector<std::vector<int>>& tags) {
  PredictionContext context;
  context.counts_.resize(document.num_folded());
  for (int s = 0; s < document.num_sentences(); ++s) {
    for (int i = 0; i < document.size(s); ++i) {
      Counts& c = context.counts_[document.folded_id(s, i)];
      ++c.occurrences;
      ++c.tags[tags[s][i]];
    }
  }
  return context;
}

void PredictionContext::AppendFeatures(uint64_t folded, int own, std::vector<uint64_t>* out,
                                       int id) const {
  if (history_ != nullptr) history_->AppendFeatures(folded, out);
  if (id < 0) {
    auto it = ids_.find(folded);
    id = it == ids_.end() ? -1 : static_cast<int>(it->second);
  }
  if (id < 0 || counts_[id].occurrences <= 1) {
    out->push_back(F(kAggregateTypes, kNone));
    return;
  }
  Counts c = counts_[id];
  --c.occurrences;
  --c.tags[own];
  int by_type[kNumTypes] = {};
  int in_entities = 0;
  uint64_t last = 0, first = 0;
  for (int tag = 1; tag < kNumTags; ++tag) {
    if (c.tags[tag] == 0) continue;
    by_type[TagType(tag)] += c.tags[tag];
    in_entities += c.tags[tag];
    if (TagPosition(tag) == kLast) last |= 1u << TagType(tag);
    if (TagPosition(tag) == kBegin) first |= 1u << TagType(tag);
  }
  uint64_t types = 0;
  int majority = -1;
  for (int t = 0; t < kNumTypes; ++t) {
    if (by_type[t] == 0) continue;
    types |= 1u << t;
    if (majority < 0 || by_type[t] > by_type[majority]) majority = t;
  }
  out->push_back(F(kAggregateTypes, types + 1));
  if (majority >= 0) out->push_back(F(kAggregateMajority, majority));
  const int share = in_entities == 0                   ? 0
                    : in_entities == c.occurrences     ? 3
                    : 2 * in_entities >= c.occurrences ? 2
                                                       : 1;
  out->push_back(F(kAggregateShare, share));
  if (last != 0) out->push_back(F(kAggregateLast, last));
  if (first != 0) out->push_back(F(kAggregateFirst, first));
}

void AddPredictionFeatures(const std::vector<uint64_t>& folded,
                           const std::vector<int>& first_stage_tags,
                           const PredictionContext& context, SentenceFeatures* features,
                           const std::vector<int>* ids) {
  // Coordination: in "Kosovo and Metohija" the second name is likely of the
  // first's class.
  static const uint64_t kAnd = HashWord("and"), kOr = HashWord("or"), kAmp = HashWord("&");
  auto is_conjunction = [&](uint64_t h) { return h == kAnd || h == kOr || h == kAmp; };
  const int n = features->size();
  SentenceFeatures merged;
  merged.offsets.assign(1, 0);
  merged.hashes.reserve(features->hashes.size() + static_cast<size_t>(features->size()) * 5);
  for (int k = 0; k < features->size(); ++k) {
    merged.hashes.insert(merged.hashes.end(), features->hashes.begin() + features->offsets[k],
                         features->hashes.begin() + features->offsets[k + 1]);
    context.AppendFeatures(folded[k], first_stage_tags[k], &merged.hashes,
                           ids != nullptr ? (*ids)[k] : -1);
    if (k >= 2 && is_conjunction(folded[k - 1])) {
      const int t = first_stage_tags[k - 2];
      if (t != kOutside && (TagPosition(t) == kLast || TagPosition(t) == kUnit)) {
        merged.hashes.push_back(F(kCoordinatedLeft, TagType(t)));
      }
    }
    if (k + 2 < n && is_conjunction(folded[k + 1])) {
      const int t = first_stage_tags[k + 2];
      if (t != kOutside && (TagPosition(t) == kBegin || TagPosition(t) == kUnit)) {
        merged.hashes.push_back(F(kCoordinatedRight, TagType(t)));
      }
    }
    merged.offsets.push_back(static_cast<uint32_t>(merged.hashes.size()));
  }
  *features = std::move(merged);
}

std::vector<SentenceFeatures> PredictionFeatures(const AnalyzedDocument& document,
                                                 const std::vector<std::vector<int>>& first) {
  const int sentences = document.num_sentences();
  const PredictionContext context = PredictionContext::Build(document, first);
  std::vector<SentenceFeatures> out(sentences);
  std::vector<int> ids;
  for (int s = 0; s < sentences; ++s) {
    ids.clear();
    for (int i = 0; i < document.size(s); ++i) ids.push_back(document.folded_id(s, i));
    out[s].offsets.assign(static_cast<size_t>(document.size(s)) + 1, 0);
    AddPredictionFeatures(document.Folded(s), first[s], context, &out[s], &ids);
  }
  return out;
}

}  // namespace dossier::ner
