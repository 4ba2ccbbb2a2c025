// The NER feature templates, shared by training and tagging. Each feature
// is a 64-bit hash of its template and value; the model maps the hashes it
// kept to weights. Every word of a document is analysed once (its forms,
// shapes, affixes, cluster and the hashes of each); the per-token templates
// then only combine integers.
#ifndef DOSSIER_SERVICES_TAGGER_NER_FEATURES_H_
#define DOSSIER_SERVICES_TAGGER_NER_FEATURES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "services/tagger/ner/resources.h"
#include "services/tagger/ner/tags.h"

namespace dossier::ner {

// Which groups of templates are on; all by default. The ablation turns
// groups off to measure what each buys.
struct FeatureConfig {
  bool clusters = true;
  bool gazetteers = true;
  bool document = true;
  bool affixes = true;
  bool context = true;
  // Clusters of pretrained word vectors (the model's second cluster table).
  bool vectors = true;
  // Evidence for organisations and the like beyond the word: the first and
  // last words of the run of capitalised words a token is in ("Ministry of
  // Defence", "Lada Togliatti FC"), the document's topic from a
  // "SOCCER - ..." headline with the token's gazetteer matches, and rows of
  // results tables. The trainer's --names; the committed recipe has them
  // (with every word of the pretrained vectors: CoNLL dev F1 94.28 against
  // 94.08 with neither, ORG 90.45 against 89.95, for 3% of the tagging
  // speed).
  bool names = false;
  // Context aggregation: for a capitalised word, the words just before
  // and after its other capitalised occurrences in the document, and
  // those words' pretrained-vector clusters ("Comelf said it", "Comelf 's
  // six-month output" where a headline has COMELF). The trainer's
  // --elsewhere; the committed recipe has it.
  bool elsewhere = false;
};

// What one distinct word contributes to features, computed once per
// document.
struct WordInfo {
  uint64_t lower = 0;  // hash of the lower-cased word, digits as 0
  uint64_t exact = 0;  // hash of the word as written
  uint64_t shape = 0;  // hash of the short shape ("Xx", "X.X.", "d")
  uint64_t long_shape = 0;
  uint64_t folded = 0;       // HashWord(FoldWord(word)): clusters, gazetteers, context
  uint64_t affixes[8] = {};  // prefixes then suffixes of 1-4 characters
  int num_affixes = 0;       // of each kind
  uint64_t hyphen_first = 0, hyphen_last = 0;  // 0 when not hyphenated
  int length = 0;
  bool capitalised = false;
  bool all_upper = false;
  bool has_letter = false;
  const WordClusters::Ids* clusters = nullptr;
  const WordClusters::Ids* vectors = nullptr;  // pretrained-vector clusters
};

// The words of a document, sentence by sentence; the strings live
// elsewhere (the tokenizer's tokens, a corpus file's lines).
using Words = std::vector<absl::string_view>;
using DocumentWords = std::vector<Words>;

// Views of owned sentences.
DocumentWords ViewsOf(const std::vector<std::vector<std::string>>& sentences);

// A document ready for featurising: every token's word analysis and how
// the document writes each word elsewhere.
class AnalyzedDocument {
 public:
  // `clusters` and `vectors` may be null. The words must outlive this.
  // `cache_key`, when not 0, names the resources for a per-thread cache of
  // word analyses across documents (a tagger passes its model's id; the
  // resources must not change under one key).
  // `contexts`: record where capitalised words occur (Contexts).
  AnalyzedDocument(const DocumentWords& sentences, const WordClusters* clusters,
                   const WordClusters* vectors = nullptr, uint64_t cache_key = 0,
                   bool contexts = false);

  int num_sentences() const { return static_cast<int>(tokens_.size()); }
  // The analysis of token i of sentence s.
  const WordInfo& info(int s, int i) const { return infos_[tokens_[s][i]]; }
  int size(int s) const { return static_cast<int>(tokens_[s].size()); }
  // The folded-word hashes of sentence s.
  std::vector<uint64_t> Folded(int s) const;
  const Words& words(int s) const { return (*sentences_)[s]; }
  bool all_caps(int s) const { return all_caps_[s]; }

  struct WordCase {
    int lower = 0;
    int capitalised = 0;
  };
  // The document's folded words numbered densely (0 .. num_folded()-1):
  // token i of sentence s is folded word folded_id(s, i). What is kept per
  // folded word is kept in vectors by that number, not in hash maps.
  int folded_id(int s, int i) const { return folded_ids_[tokens_[s][i]]; }
  int num_folded() const { return num_folded_; }

  // Lower-case and capitalised occurrences of token i's folded word away
  // from sentence starts and outside all-capitals headlines; null when
  // none.
  const WordCase* Case(int s, int i) const {
    const WordCase& c = cases_[folded_id(s, i)];
    return c.lower + c.capitalised > 0 ? &c : nullptr;
  }
  // The lower-cased first word of a "SOCCER - ..." headline opening the
  // document, 0 when there is none.
  uint64_t topic() const { return topic_; }
  // Whether sentence s reads like a row of a results table ("Lotte 6
  // Hyundai 2"): numbers and no lower-case word.
  bool table_row(int s) const { return table_rows_[s]; }

  // One capitalised occurrence of a word outside all-capitals sentences:
  // where it is, the lower-cased words beside it and their clusters of
  // pretrained vectors (the middle level), markers at the sentence's ends.
  struct Context {
    int s = 0, i = 0;
    uint64_t before = 0, after = 0;
    uint64_t before_cluster = 0, after_cluster = 0;
  };
  // The capitalised occurrences of token i's folded word (when the
  // document was analysed with `contexts`); null when none.
  const std::vector<Context>* Contexts(int s, int i) const {
    if (contexts_.empty()) return nullptr;
    const std::vector<Context>& c = contexts_[folded_id(s, i)];
    return c.empty() ? nullptr : &c;
  }

 private:
  const DocumentWords* sentences_;
  std::vector<WordInfo> infos_;
  std::vector<std::vector<uint32_t>> tokens_;  // per sentence: index into infos_
  std::vector<uint32_t> folded_ids_;           // per entry of infos_
  int num_folded_ = 0;
  std::vector<bool> all_caps_;
  std::vector<bool> table_rows_;
  uint64_t topic_ = 0;
  std::vector<WordCase> cases_;                 // by folded id
  std::vector<std::vector<Context>> contexts_;  // by folded id; empty without contexts
};

// One sentence's features: for token i, hashes [offsets[i], offsets[i+1]).
struct SentenceFeatures {
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> offsets;
  int size() const { return static_cast<int>(offsets.size()) - 1; }
};

// A feature and the name of the template it comes from ("word",
// "gazetteer -1", ...), for error analysis.
struct NamedFeature {
  const char* template_name;
  uint64_t hash;
};

class FeatureExtractor {
 public:
  // The resources must outlive this; any may be null. `vectors` are the
  // clusters of pretrained word vectors.
  FeatureExtractor(const WordClusters* clusters, const Gazetteer* gazetteer,
                   FeatureConfig config = {}, const WordClusters* vectors = nullptr)
      : clusters_(clusters), gazetteer_(gazetteer), vectors_(vectors), config_(config) {}

  // Analyses a document for Extract.
  AnalyzedDocument Analyze(const DocumentWords& sentences) const {
    return AnalyzedDocument(sentences, config_.clusters ? clusters_ : nullptr,
                            UseVectors() ? vectors_ : nullptr, cache_key_, config_.elsewhere);
  }
  // Lets Analyze reuse word analyses across documents on a thread, under
  // `key` (unique to these resources, which must then stay unchanged).
  void set_cache_key(uint64_t key) { cache_key_ = key; }

  // Features of sentence `s` of `document`: for each token, the word
  // features of the token and its neighbours (WordFeatures) and its token
  // features.
  void Extract(const AnalyzedDocument& document, int s, SentenceFeatures* out) const;

  // The features a word brings to a token `offset` (-2..2) words from it;
  // `word` null for a position beyond the sentence. They depend on the word
  // alone, so a tagger may sum their weights once per word.
  void WordFeatures(const WordInfo* word, int offset, std::vector<uint64_t>* out) const;

  // Gazetteer matches of sentence `s`, as TokenFeatures reads them.
  std::vector<char> MatchGazetteer(const AnalyzedDocument& document, int s) const;

  // The rest of token `i`'s features: neighbour pairs, sentence position,
  // headline case, gazetteer matches, document case.
  void TokenFeatures(const AnalyzedDocument& document, int s, int i,
                     const std::vector<char>& gazetteer, std::vector<uint64_t>* out) const;

  // Token i's features as Extract makes them, each with its template's
  // name (error analysis; not for tagging).
  std::vector<NamedFeature> Explain(const AnalyzedDocument& document, int s, int i) const;

 private:
  // Token i's word features (offsets -2..2) and token features into a
  // sink of hashes (Extract) or named hashes (Explain).
  template <class Sink>
  void FeaturesOfTo(const AnalyzedDocument& document, int s, int i,
                    const std::vector<char>& gazetteer, Sink& sink) const;
  // WordFeatures and TokenFeatures into a sink of hashes or named hashes.
  template <class Sink>
  void WordFeaturesTo(const WordInfo* word, int offset, Sink& sink) const;
  template <class Sink>
  void TokenFeaturesTo(const AnalyzedDocument& document, int s, int i,
                       const std::vector<char>& gazetteer, Sink& sink) const;

  bool UseVectors() const {
    return config_.vectors && vectors_ != nullptr && vectors_->levels() > 0;
  }

  const WordClusters* clusters_;
  const Gazetteer* gazetteer_;
  const WordClusters* vectors_;
  FeatureConfig config_;
  uint64_t cache_key_ = 0;
};

// What the first stage tags a word as across a large unlabelled news
// corpus (Reuters-21578, BBC, PolNeAR, GMB: millions of words the labelled
// data lacks), per folded word: in what share of its occurrences it is in
// a name, and of which classes. The second stage reads it, so that a name
// news writes often as an organisation ("NATO") keeps that evidence where
// one sentence's context says otherwise. Built by the trainer; the model
// stores it.
class CorpusHistory {
 public:
  // Counts the first-stage tags of one sentence's folded words.
  void Count(const std::vector<uint64_t>& folded, const std::vector<int>& tags);
  void Merge(const CorpusHistory& other);
  // Turns the counts into what the features read; words seen fewer than
  // `min_occurrences` times are left out.
  void Finish(int min_occurrences);

  // Appends the features of a token whose folded word is `folded`.
  void AppendFeatures(uint64_t folded, std::vector<uint64_t>* out) const;

  size_t size() const { return values_.size(); }
  bool empty() const { return values_.empty(); }
  void Clear() {
    counts_.clear();
    values_.clear();
  }
  void Write(std::string* out) const;
  bool Read(absl::string_view data, size_t* pos);

 private:
  struct Counts {
    uint32_t occurrences = 0;
    uint32_t by_type[kNumTypes] = {};
  };
  absl::flat_hash_map<uint64_t, Counts> counts_;
  // Per word: bits 0-3 the classes with a quarter or more of its name
  // occurrences, 4-5 the most frequent class, 6-7 the share of its
  // occurrences in names (<10%, <50%, <90%, more), 8-9 how often it
  // occurs (<10, <100, <1000, more).
  HashTable<uint16_t> values_;
};

// What the first-stage model predicted across a document, per folded word:
// how often the word occurs and with which tags. The second stage reads it
// so that a name tagged confidently in one place informs its other
// occurrences ("Vučić" after "Aleksandar Vučić").
class PredictionContext {
 public:
  // `folded[s]`: the folded-word hashes of sentence s (WordInfo::folded);
  // `tags[s]`: its first-stage tags.
  // `history`, when not null, adds what the first stage tags each word as
  // across the unlabelled corpus.
  static PredictionContext Build(const std::vector<std::vector<uint64_t>>& folded,
                                 const std::vector<std::vector<int>>& tags,
                                 const CorpusHistory* history = nullptr);
  // The same over a document's dense folded-word numbers
  // (AnalyzedDocument::folded_id), without a corpus history; read it with
  // the numbers (AddPredictionFeatures' `ids`).
  static PredictionContext Build(const AnalyzedDocument& document,
                                 const std::vector<std::vector<int>>& tags);

  // Appends the aggregation features of a token whose folded word is
  // `folded` and whose own first-stage tag is `own` (left out of the
  // counts). `id`, when not negative, is the word's number in a context
  // built from a document, which spares looking the word up.
  void AppendFeatures(uint64_t folded, int own, std::vector<uint64_t>* out, int id = -1) const;

 private:
  struct Counts {
    int occurrences = 0;
    int tags[kNumTags] = {};
  };
  std::vector<Counts> counts_;                   // by folded-word number
  absl::flat_hash_map<uint64_t, uint32_t> ids_;  // folded hash -> number (Build from hashes)
  const CorpusHistory* history_ = nullptr;
};

// Adds the second-stage features of a sentence (its folded-word hashes and
// first-stage tags) to its first-stage ones. `ids`, when not null, are the
// words' numbers in a context built from their document.
void AddPredictionFeatures(const std::vector<uint64_t>& folded,
                           const std::vector<int>& first_stage_tags,
                           const PredictionContext& context, SentenceFeatures* features,
                           const std::vector<int>* ids = nullptr);

// The second stage's own features of every sentence of `document` (what
// the first stage, whose tags are `first`, found for each word elsewhere,
// and coordination), apart from the first stage's and the corpus
// history's (which the tagger sums once per word).
std::vector<SentenceFeatures> PredictionFeatures(const AnalyzedDocument& document,
                                                 const std::vector<std::vector<int>>& first);

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_FEATURES_H_
