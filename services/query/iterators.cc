#include "services/query/iterators.h"

#include <algorithm>
#include <cmath>

namespace dossier::query {
namespace {

// A union's moves, shared by OrIterator and FormsIterator: `children` are
// unique_ptrs to iterators.
template <typename Children>
uint32_t LowestDoc(const Children& children) {
  uint32_t d = kEndDoc;
  for (const auto& c : children) d = std::min(d, c->doc());
  return d;
}

// Moves the children on `here` past it.
template <typename Children>
void NextPast(Children& children, uint32_t here) {
  for (const auto& c : children) {
    if (c->doc() == here) c->Next();
  }
}

template <typename Children>
bool AllOk(const Children& children) {
  for (const auto& c : children) {
    if (!c->ok()) return false;
  }
  return true;
}

}  // namespace

Bm25::Bm25(uint64_t n, uint64_t words) : documents(std::max<uint64_t>(n, 1)) {
  average_ = std::max(1.0f, static_cast<float>(static_cast<double>(words) / documents));
}

float Bm25::Idf(uint64_t df) const {
  const double n = static_cast<double>(documents);
  const double d = static_cast<double>(std::min<uint64_t>(df, documents));
  return static_cast<float>(std::log(1.0 + (n - d + 0.5) / (d + 0.5)));
}

TermIterator::TermIterator(PostingSegments list, uint64_t count, const DocTable* table,
                           uint32_t limit, const Bm25* bm25, float idf, bool weight_is_tf)
    : cursor_(std::move(list)),
      count_(count),
      table_(table),
      limit_(limit),
      bm25_(bm25),
      idf_(idf),
      weight_is_tf_(weight_is_tf) {
  Sync();
}

void TermIterator::Next() {
  cursor_.Next();
  Sync();
}

void TermIterator::SkipTo(uint32_t target) {
  if (doc_ != kEndDoc && target > doc_) {
    cursor_.SkipTo(target);
    Sync();
  }
}

float TermIterator::Score() {
  if (weight_is_tf_) return static_cast<float>(cursor_.tf());
  if (idf_ == 0) return 0;
  return bm25_->Score(idf_, cursor_.tf(), table_->row(doc_).length);
}

AndIterator::AndIterator(std::vector<std::unique_ptr<DocIterator>> required,
                         std::vector<std::unique_ptr<DocIterator>> excluded)
    : required_(std::move(required)), excluded_(std::move(excluded)) {
  std::stable_sort(required_.begin(), required_.end(),
                   [](const auto& a, const auto& b) { return a->Cost() < b->Cost(); });
  if (required_.empty()) {
    doc_ = kEndDoc;
    return;
  }
  Align();
}

bool AndIterator::ok() const { return AllOk(required_) && AllOk(excluded_); }

void AndIterator::Align() {
  DocIterator& lead = *required_[0];
  while (true) {
    uint32_t d = lead.doc();
    if (d == kEndDoc) {
      doc_ = kEndDoc;
      return;
    }
    bool agreed = true;
    for (size_t i = 1; i < required_.size(); ++i) {
      required_[i]->SkipTo(d);
      const uint32_t other = required_[i]->doc();
      if (other != d) {
        agreed = false;
        if (other == kEndDoc) {
          doc_ = kEndDoc;
          return;
        }
        lead.SkipTo(other);
        break;
      }
    }
    if (!agreed) continue;
    bool excluded = false;
    for (const auto& e : excluded_) {
      e->SkipTo(d);
      if (e->doc() == d) {
        excluded = true;
        break;
      }
    }
    if (excluded) {
      lead.Next();
      continue;
    }
    doc_ = d;
    return;
  }
}

void AndIterator::Next() {
  if (doc_ == kEndDoc) return;
  required_[0]->Next();
  Align();
}

void AndIterator::SkipTo(uint32_t target) {
  if (doc_ == kEndDoc || target <= doc_) return;
  required_[0]->SkipTo(target);
  Align();
}

float AndIterator::Score() {
  float score = 0;
  for (const auto& c : required_) score += c->Score();
  return score;
}

OrIterator::OrIterator(std::vector<std::unique_ptr<DocIterator>> children)
    : children_(std::move(children)) {
  for (const auto& c : children_) cost_ += c->Cost();
  Settle();
}

bool OrIterator::ok() const { return AllOk(children_); }

void OrIterator::Settle() { doc_ = LowestDoc(children_); }

void OrIterator::Next() {
  if (doc_ == kEndDoc) return;
  NextPast(children_, doc_);
  Settle();
}

void OrIterator::SkipTo(uint32_t target) {
  if (doc_ == kEndDoc || target <= doc_) return;
  for (const auto& c : children_) c->SkipTo(target);
  Settle();
}

float OrIterator::Score() {
  float score = 0;
  for (const auto& c : children_) {
    if (c->doc() == doc_) score += c->Score();
  }
  return score;
}

FormsIterator::FormsIterator(std::vector<std::unique_ptr<TermIterator>> forms, bool first_is_word,
                             const DocTable* table, const Bm25* bm25, float idf)
    : forms_(std::move(forms)),
      first_is_word_(first_is_word),
      table_(table),
      bm25_(bm25),
      idf_(idf) {
  for (const auto& f : forms_) cost_ += f->Cost();
  Settle();
}

void FormsIterator::Settle() { doc_ = LowestDoc(forms_); }

void FormsIterator::Next() {
  if (doc_ == kEndDoc) return;
  NextPast(forms_, doc_);
  Settle();
}

void FormsIterator::SkipTo(uint32_t target) {
  if (doc_ == kEndDoc || target <= doc_) return;
  for (const auto& f : forms_) f->SkipTo(target);
  Settle();
}

bool FormsIterator::ok() const { return AllOk(forms_); }

uint32_t FormsIterator::tf() const {
  uint32_t tf = 0;
  for (const auto& f : forms_) {
    if (f->doc() == doc_) tf += f->tf();
  }
  return tf;
}

absl::Span<const uint32_t> FormsIterator::positions() {
  TermIterator* only = nullptr;
  int here = 0;
  for (const auto& f : forms_) {
    if (f->doc() == doc_) {
      only = f.get();
      ++here;
    }
  }
  if (here == 1) return only->cursor().positions();
  merged_.clear();
  for (const auto& f : forms_) {
    if (f->doc() != doc_) continue;
    const absl::Span<const uint32_t> p = f->cursor().positions();
    merged_.insert(merged_.end(), p.begin(), p.end());
  }
  std::sort(merged_.begin(), merged_.end());
  return merged_;
}

float FormsIterator::Score() {
  if (idf_ == 0 || doc_ == kEndDoc) return 0;
  float tf = 0;
  for (size_t i = 0; i < forms_.size(); ++i) {
    if (forms_[i]->doc() != doc_) continue;
    const float weight = i == 0 && first_is_word_ ? 1.0f : kOtherFormWeight;
    tf += weight * static_cast<float>(forms_[i]->tf());
  }
  return bm25_->Score(idf_, tf, table_->row(doc_).length);
}

PhraseIterator::PhraseIterator(std::vector<std::unique_ptr<FormsIterator>> terms,
                               const DocTable* table, const Bm25* bm25, float idf)
    : terms_(std::move(terms)), table_(table), bm25_(bm25), idf_(idf) {
  by_rarity_.resize(terms_.size());
  for (size_t i = 0; i < terms_.size(); ++i) by_rarity_[i] = i;
  std::stable_sort(by_rarity_.begin(), by_rarity_.end(),
                   [this](size_t a, size_t b) { return terms_[a]->Cost() < terms_[b]->Cost(); });
  cost_ = terms_.empty() ? 0 : terms_[by_rarity_[0]]->Cost();
  if (terms_.empty()) {
    doc_ = kEndDoc;
    return;
  }
  Align();
}

bool PhraseIterator::ok() const { return AllOk(terms_); }

uint32_t PhraseIterator::Frequency() {
  // Positions of term 0 at p such that term i stands at p + i.
  absl::Span<const uint32_t> first = terms_[0]->positions();
  std::vector<absl::Span<const uint32_t>>& rest = rest_;
  std::vector<size_t>& at = at_;
  rest.clear();
  for (size_t i = 1; i < terms_.size(); ++i) rest.push_back(terms_[i]->positions());
  at.assign(rest.size(), 0);
  uint32_t frequency = 0;
  for (const uint32_t p : first) {
    bool all = true;
    for (size_t i = 0; i < rest.size(); ++i) {
      const uint32_t want = p + static_cast<uint32_t>(i) + 1;
      absl::Span<const uint32_t> s = rest[i];
      while (at[i] < s.size() && s[at[i]] < want) ++at[i];
      if (at[i] >= s.size()) return frequency;
      if (s[at[i]] != want) {
        all = false;
        break;
      }
    }
    if (all) ++frequency;
  }
  return frequency;
}

void PhraseIterator::Align() {
  FormsIterator& lead = *terms_[by_rarity_[0]];
  while (true) {
    const uint32_t d = lead.doc();
    if (d == kEndDoc) {
      doc_ = kEndDoc;
      return;
    }
    bool agreed = true;
    for (size_t k = 1; k < by_rarity_.size(); ++k) {
      FormsIterator& t = *terms_[by_rarity_[k]];
      t.SkipTo(d);
      if (t.doc() != d) {
        agreed = false;
        if (t.doc() == kEndDoc) {
          doc_ = kEndDoc;
          return;
        }
        lead.SkipTo(t.doc());
        break;
      }
    }
    if (!agreed) continue;
    frequency_ = Frequency();
    if (frequency_ > 0) {
      doc_ = d;
      return;
    }
    lead.Next();
  }
}

void PhraseIterator::Next() {
  if (doc_ == kEndDoc) return;
  terms_[by_rarity_[0]]->Next();
  Align();
}

void PhraseIterator::SkipTo(uint32_t target) {
  if (doc_ == kEndDoc || target <= doc_) return;
  terms_[by_rarity_[0]]->SkipTo(target);
  Align();
}

float PhraseIterator::Score() {
  if (idf_ == 0) return 0;
  return bm25_->Score(idf_, frequency_, table_->row(doc_).length);
}

}  // namespace dossier::query
