#include "services/query/terms.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/binary_file.h"
#include "common/paths.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

constexpr char kMagic[8] = {'D', 'S', 'I', 'D', 'F', '0', '0', '1'};

}  // namespace

std::vector<uint64_t> Terms(absl::string_view text) {
  // Words: runs of letters, digits and inner apostrophes; those with a
  // letter and two bytes or more count. ASCII is lower-cased in place;
  // a word with other bytes is folded by ICU.
  std::vector<uint64_t> out;
  out.reserve(text.size() / 6);
  std::string word;
  bool letter = false, ascii = true;
  auto flush = [&]() {
    while (!word.empty() && word.back() == '\'') word.pop_back();
    if (letter && word.size() >= 2) {
      if (ascii) {
        out.push_back(XXH3_64bits(word.data(), word.size()));
      } else {
        const std::string folded = text::FoldToAscii(word);
        out.push_back(XXH3_64bits(folded.data(), folded.size()));
      }
    }
    word.clear();
    letter = false;
    ascii = true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (absl::ascii_isalpha(c)) {
        word.push_back(absl::ascii_tolower(c));
        letter = true;
      } else if (absl::ascii_isdigit(c)) {
        word.push_back(static_cast<char>(c));
      } else if (c == '\'' && !word.empty()) {
        word.push_back('\'');
      } else {
        flush();
      }
    } else if (c == 0xE2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 2]) <= 0xBF) {
      // General punctuation (dashes, curly quotes, spaces): a break; a
      // right single quotation mark inside a word is an apostrophe.
      if (static_cast<unsigned char>(text[i + 2]) == 0x99 && !word.empty()) {
        word.push_back('\'');
      } else {
        flush();
      }
      i += 2;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      flush();  // no-break space
      ++i;
    } else {
      // Other non-ASCII: letters of other scripts and diacritics.
      word.push_back(static_cast<char>(c));
      letter = true;
      ascii = false;
    }
  }
  flush();
  return out;
}

std::unique_ptr<IdfTable> IdfTable::FromCounts(const absl::flat_hash_map<uint64_t, uint32_t>& df,
                                               uint64_t documents, uint32_t min_df) {
  auto table = std::make_unique<IdfTable>();
  table->documents_ = std::max<uint64_t>(documents, 1);
  table->unseen_ = static_cast<float>(std::log(static_cast<double>(table->documents_)));
  for (const auto& [term, count] : df) {
    if (count < min_df) continue;
    table->idf_[term] =
        static_cast<float>(std::log(static_cast<double>(table->documents_) / count));
  }
  return table;
}

absl::StatusOr<std::unique_ptr<IdfTable>> IdfTable::Load(const std::string& path) {
  const absl::StatusOr<std::string> bytes = ReadFileBytes(path);
  if (!bytes.ok()) return absl::NotFoundError(absl::StrCat("cannot read IDF table ", path));
  const std::string& data = *bytes;
  auto corrupt = absl::DataLossError(absl::StrCat("IDF table ", path, " is corrupt"));
  if (data.size() < 24 || std::memcmp(data.data(), kMagic, 8) != 0) return corrupt;
  auto table = std::make_unique<IdfTable>();
  size_t pos = 8;
  uint64_t n = 0;
  if (!ReadRaw(data, &pos, &table->documents_) || !ReadRaw(data, &pos, &n) ||
      data.size() != 24 + n * 12 || table->documents_ == 0) {
    return corrupt;
  }
  table->idf_.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t term = 0;
    float idf = 0;
    if (!ReadRaw(data, &pos, &term) || !ReadRaw(data, &pos, &idf)) return corrupt;
    table->idf_[term] = idf;
  }
  table->unseen_ = static_cast<float>(std::log(static_cast<double>(table->documents_)));
  return table;
}

absl::Status IdfTable::Save(const std::string& path) const {
  std::string out(kMagic, 8);
  AppendRaw(&out, documents_);
  AppendRaw(&out, static_cast<uint64_t>(idf_.size()));
  std::vector<std::pair<uint64_t, float>> entries(idf_.begin(), idf_.end());
  std::sort(entries.begin(), entries.end());
  for (const auto& [term, idf] : entries) {
    AppendRaw(&out, term);
    AppendRaw(&out, idf);
  }
  return WriteFileBytes(path, out);
}

TermVector Normalize(std::vector<std::pair<uint64_t, float>> weights) {
  std::sort(weights.begin(), weights.end());
  double norm = 0;
  for (const auto& [k, w] : weights) norm += static_cast<double>(w) * w;
  norm = std::sqrt(norm);
  if (norm > 0) {
    for (auto& [k, w] : weights) w = static_cast<float>(w / norm);
  }
  return weights;
}

TermVector TfIdf(absl::string_view text, const IdfTable& idf, size_t max_terms) {
  absl::flat_hash_map<uint64_t, int> tf;
  for (uint64_t t : Terms(text)) ++tf[t];
  std::vector<std::pair<uint64_t, float>> weights;
  weights.reserve(tf.size());
  for (const auto& [term, count] : tf) {
    const float w = (1.0f + std::log(static_cast<float>(count))) * idf.Idf(term);
    if (w > 0) weights.emplace_back(term, w);
  }
  if (weights.size() > max_terms) {
    std::nth_element(weights.begin(), weights.begin() + max_terms, weights.end(),
                     [](const auto& a, const auto& b) {
                       return a.second != b.second ? a.second > b.second : a.first < b.first;
                     });
    weights.resize(max_terms);
  }
  return Normalize(std::move(weights));
}

float Cosine(const TermVector& a, const TermVector& b) {
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first == b[j].first) {
      dot += static_cast<double>(a[i].second) * b[j].second;
      ++i;
      ++j;
    } else if (a[i].first < b[j].first) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<float>(dot);
}

std::string DefaultIdfPath() { return ResolveDataFile("DOSSIER_IDF", "models/idf/idf.bin"); }

}  // namespace dossier::query
