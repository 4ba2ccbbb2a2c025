#include "services/tagger/ner/resources.h"

#include <xxhash.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "common/binary_file.h"
#include "text/fold.h"

namespace dossier::ner {

std::string FoldWord(absl::string_view word) {
  std::string folded = text::FoldToAscii(word);
  for (char& c : folded) {
    if (c >= '0' && c <= '9') c = '0';
  }
  return folded;
}

uint64_t HashWord(absl::string_view folded) { return XXH3_64bits(folded.data(), folded.size()); }

uint64_t HashSequence(const std::vector<absl::string_view>& folded) {
  uint64_t h = 0;
  for (absl::string_view w : folded) h = CombineHashes(h, HashWord(w));
  return h;
}

void WordClusters::Write(std::string* out) const {
  std::vector<std::pair<uint64_t, Ids>> entries(table_.begin(), table_.end());
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  AppendRaw(out, static_cast<uint64_t>(entries.size()));
  for (const auto& [hash, ids] : entries) {
    AppendRaw(out, hash);
    AppendRaw(out, ids.id);
    AppendRaw(out, ids.case_profile);
  }
}

bool WordClusters::Read(absl::string_view data, size_t* pos) {
  uint64_t count = 0;
  // 17 bytes a record: a count the bytes cannot hold is corruption. The
  // table is sized once rather than rehashed as it fills.
  constexpr size_t kRecord = sizeof(uint64_t) + sizeof(Ids::id) + sizeof(Ids::case_profile);
  if (!ReadRaw(data, pos, &count) || count > (data.size() - *pos) / kRecord) return false;
  table_.reserve(table_.size() + count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t hash;
    Ids ids;
    if (!ReadRaw(data, pos, &hash) || !ReadRaw(data, pos, &ids.id) ||
        !ReadRaw(data, pos, &ids.case_profile)) {
      return false;
    }
    Add(hash, ids);
  }
  return true;
}

int Gazetteer::AddList(const std::string& name) {
  for (size_t i = 0; i < lists_.size(); ++i) {
    if (lists_[i] == name) return static_cast<int>(i);
  }
  lists_.push_back(name);
  return static_cast<int>(lists_.size()) - 1;
}

void Gazetteer::AddEntry(int list, const std::vector<absl::string_view>& folded) {
  if (folded.empty() || folded.size() > kMaxTokens) return;
  AddHash(HashSequence(folded), 1u << list);
}

std::vector<char> Gazetteer::Match(const std::vector<uint64_t>& words,
                                   const std::vector<bool>& name_like) const {
  const int n = static_cast<int>(words.size());
  const int lists = static_cast<int>(lists_.size());
  std::vector<char> out(static_cast<size_t>(n) * lists, 0);
  if (lists == 0) return out;
  // Every window that starts and ends name-like, longest first; a token
  // keeps the position of the longest match of each list covering it.
  struct Match {
    int begin, length;
    uint32_t mask;
  };
  std::vector<Match> matches;
  for (int i = 0; i < n; ++i) {
    if (!name_like[i]) continue;
    uint64_t h = 0;
    for (int len = 1; len <= kMaxTokens && i + len <= n; ++len) {
      h = CombineHashes(h, words[i + len - 1]);
      if (!name_like[i + len - 1]) continue;
      if (const uint32_t mask = Lookup(h)) matches.push_back({i, len, mask});
    }
  }
  std::stable_sort(matches.begin(), matches.end(),
                   [](const Match& a, const Match& b) { return a.length > b.length; });
  for (const Match& m : matches) {
    for (int l = 0; l < lists; ++l) {
      if (!(m.mask & (1u << l))) continue;
      bool free = true;
      for (int k = m.begin; k < m.begin + m.length && free; ++k) free = out[k * lists + l] == 0;
      if (!free) continue;
      for (int k = m.begin; k < m.begin + m.length; ++k) {
        out[k * lists + l] = m.length == 1                 ? 'U'
                             : k == m.begin                ? 'B'
                             : k == m.begin + m.length - 1 ? 'L'
                                                           : 'I';
      }
    }
  }
  return out;
}

}  // namespace dossier::ner
