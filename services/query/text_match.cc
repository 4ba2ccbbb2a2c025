#include "services/query/text_match.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "common/utf8.h"
#include "text/stem.h"
#include "text/words.h"

namespace dossier::query {

absl::string_view SearchableTitle(const v1::Document& document) {
  return document.metadata().title();
}

std::string Headline(const v1::Document& d) {
  if (!d.metadata().title().empty()) return d.metadata().title();
  const auto& sentences = d.annotations().sentences();
  const std::string& dateline = d.metadata().dateline();
  absl::string_view text = d.text();
  for (int i = 0; i < sentences.size(); ++i) {
    const auto& span = sentences.Get(i).span();
    absl::string_view sentence =
        absl::string_view(d.text()).substr(span.begin(), span.end() - span.begin());
    if (!dateline.empty() && absl::StartsWith(sentence, dateline)) {
      constexpr size_t kDatelineBytes = 80;
      if (sentence.size() < kDatelineBytes && i + 1 < sentences.size()) continue;
      for (const absl::string_view dash : {" - ", " \xe2\x80\x93 ", " \xe2\x80\x94 "}) {
        const size_t at = sentence.find(dash);
        if (at != absl::string_view::npos && at < kDatelineBytes) {
          sentence.remove_prefix(at + dash.size());
          break;
        }
      }
    }
    text = sentence;
    break;
  }
  return Ellipsize(text, 200);
}

TextTerms::TextTerms(absl::string_view text, absl::string_view title) {
  uint32_t next = 0;
  for (const absl::string_view part : {text, title}) {
    text::WordReader reader(part);
    text::Word word;
    const uint32_t base = next;
    while (reader.Next(&word)) {
      positions_[word.term].push_back(base + word.position);
      next = base + word.position + 1;
    }
    next += kTitlePositionGap;
  }
}

const std::vector<uint32_t>* TextTerms::Find(const std::string& term, bool exact) const {
  if (!exact) {
    if (!stemmed_) {
      stemmed_ = true;
      for (const auto& [word, positions] : positions_) {
        std::vector<uint32_t>& all = by_stem_[text::Stem(word)];
        const size_t before = all.size();
        all.insert(all.end(), positions.begin(), positions.end());
        std::inplace_merge(all.begin(), all.begin() + before, all.end());
      }
    }
    auto it = by_stem_.find(text::Stem(term));
    return it == by_stem_.end() ? nullptr : &it->second;
  }
  auto it = positions_.find(term);
  return it == positions_.end() ? nullptr : &it->second;
}

bool TextTerms::Matches(const QueryNode& node) const {
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
      return Find(node.terms[0], node.exact) != nullptr;
    case QueryNode::Kind::kPrefix: {
      auto it = positions_.lower_bound(node.terms[0]);
      return it != positions_.end() && absl::StartsWith(it->first, node.terms[0]);
    }
    case QueryNode::Kind::kPhrase: {
      std::vector<const std::vector<uint32_t>*> lists;
      for (const std::string& term : node.terms) {
        const std::vector<uint32_t>* list = Find(term, node.exact);
        if (list == nullptr) return false;
        lists.push_back(list);
      }
      for (const uint32_t p : *lists[0]) {
        bool all = true;
        for (size_t i = 1; i < lists.size() && all; ++i) {
          all =
              std::binary_search(lists[i]->begin(), lists[i]->end(), p + static_cast<uint32_t>(i));
        }
        if (all) return true;
      }
      return false;
    }
    case QueryNode::Kind::kAnd:
      for (const QueryNode& child : node.children) {
        const bool excluded = child.kind == QueryNode::Kind::kNot;
        if (Matches(excluded ? child.children[0] : child) == excluded) return false;
      }
      return true;
    case QueryNode::Kind::kOr:
      for (const QueryNode& child : node.children) {
        if (Matches(child)) return true;
      }
      return false;
    case QueryNode::Kind::kNot:
      return !Matches(node.children[0]);
  }
  return false;
}

}  // namespace dossier::query
