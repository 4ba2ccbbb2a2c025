// Document-at-a-time iterators over posting lists: what a query tree
// becomes when it is evaluated. Each iterator stands on one document (or
// kEnd) and moves forward only. Scores are BM25 (k1 = 1.2, b = 0.75, the
// Lucene and Elasticsearch defaults) over the collection statistics the
// search pinned.
#ifndef DOSSIER_SERVICES_QUERY_ITERATORS_H_
#define DOSSIER_SERVICES_QUERY_ITERATORS_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "services/query/doc_table.h"
#include "services/query/postings.h"

namespace dossier::query {

inline constexpr uint32_t kEndDoc = std::numeric_limits<uint32_t>::max();

// BM25 with the statistics of one search.
struct Bm25 {
  static constexpr float kK1 = 1.2f;
  static constexpr float kB = 0.75f;

  Bm25(uint64_t documents, uint64_t words);
  // Lucene's idf: ln(1 + (N - df + 0.5) / (df + 0.5)).
  float Idf(uint64_t df) const;
  float Score(float idf, uint32_t tf, uint32_t length) const {
    return Score(idf, static_cast<float>(tf), length);
  }
  float Score(float idf, float tf, uint32_t length) const {
    return idf * tf * (kK1 + 1) /
           (tf + kK1 * (1 - kB + kB * static_cast<float>(length) / average_));
  }

  uint64_t documents;
  float average_;
};

class DocIterator {
 public:
  virtual ~DocIterator() = default;
  DocIterator(const DocIterator&) = delete;
  DocIterator& operator=(const DocIterator&) = delete;

  // The current document, kEndDoc when exhausted.
  uint32_t doc() const { return doc_; }
  // To the next matching document.
  virtual void Next() = 0;
  // To the first matching document >= target (stays when already there).
  virtual void SkipTo(uint32_t target) = 0;
  // The score of the current document: BM25 for words, a weight (such as
  // mentions) for the lists that carry one, 0 for filters.
  virtual float Score() = 0;
  // About how many documents it matches (to lead an AND by the rarest).
  virtual uint64_t Cost() const = 0;
  // False when a list did not decode: the store is corrupt.
  virtual bool ok() const { return true; }

 protected:
  DocIterator() = default;
  uint32_t doc_ = kEndDoc;
};

// One posting list. `idf` 0 with `weight_is_tf` makes Score() the tf (the
// mentions of an entity list); with neither it is a filter. Deleted
// documents (DocTable::deleted) are skipped: their postings stay in the
// lists, and this is where every read leaves them out; but a row replaced
// by one at `limit` or above, which this reader does not read, is read in
// its place (DocTable::skipped).
class TermIterator : public DocIterator {
 public:
  // `list` and `table` must outlive it.
  TermIterator(PostingSegments list, uint64_t count, const DocTable* table, uint32_t limit,
               const Bm25* bm25, float idf, bool weight_is_tf);
  void Next() override;
  void SkipTo(uint32_t target) override;
  float Score() override;
  uint64_t Cost() const override { return count_; }
  bool ok() const override { return cursor_.ok(); }

  PostingCursor& cursor() { return cursor_; }
  uint32_t tf() const { return cursor_.tf(); }

 private:
  void Sync() {
    while (cursor_.valid() && table_->skipped(cursor_.doc(), limit_)) cursor_.Next();
    doc_ = cursor_.valid() ? cursor_.doc() : kEndDoc;
  }

  PostingCursor cursor_;
  const uint64_t count_;
  const DocTable* const table_;
  const uint32_t limit_;
  const Bm25* const bm25_;
  const float idf_;
  const bool weight_is_tf_;
};

// Documents that every `required` iterator matches and no `excluded` one.
class AndIterator : public DocIterator {
 public:
  AndIterator(std::vector<std::unique_ptr<DocIterator>> required,
              std::vector<std::unique_ptr<DocIterator>> excluded);
  void Next() override;
  void SkipTo(uint32_t target) override;
  float Score() override;
  uint64_t Cost() const override { return required_.empty() ? 0 : required_[0]->Cost(); }
  bool ok() const override;

 private:
  // From the lead's document on, finds the next one all agree on.
  void Align();

  std::vector<std::unique_ptr<DocIterator>> required_;  // rarest first
  std::vector<std::unique_ptr<DocIterator>> excluded_;
};

// Documents that any child matches; the score sums the children on it.
class OrIterator : public DocIterator {
 public:
  explicit OrIterator(std::vector<std::unique_ptr<DocIterator>> children);
  void Next() override;
  void SkipTo(uint32_t target) override;
  float Score() override;
  uint64_t Cost() const override { return cost_; }
  bool ok() const override;

 private:
  void Settle();

  std::vector<std::unique_ptr<DocIterator>> children_;
  uint64_t cost_ = 0;
};

// The forms of one query word (the indexed words of its stem, or the word
// alone): the documents any of them is in, scored as one term whose idf the
// caller gives (that of the commonest form, as Lucene scores synonyms) and
// whose tf counts the word as written once and its other forms half
// (kOtherFormWeight), so that neither a rare form ("governs") nor a
// story's other forms outrank the word itself. A phrase reads the
// positions of them all.
class FormsIterator : public DocIterator {
 public:
  static constexpr float kOtherFormWeight = 0.5f;
  // `forms` as filters (idf 0); forms[0] is the word as written when
  // `first_is_word`. `table` and `bm25` must outlive it.
  FormsIterator(std::vector<std::unique_ptr<TermIterator>> forms, bool first_is_word,
                const DocTable* table, const Bm25* bm25, float idf);
  void Next() override;
  void SkipTo(uint32_t target) override;
  float Score() override;
  uint64_t Cost() const override { return cost_; }
  bool ok() const override;

  // On the current document: the forms' occurrences, and their positions
  // in order (valid until the iterator moves).
  uint32_t tf() const;
  absl::Span<const uint32_t> positions();
  float idf() const { return idf_; }

 private:
  void Settle();

  std::vector<std::unique_ptr<TermIterator>> forms_;
  const bool first_is_word_;
  const DocTable* const table_;
  const Bm25* const bm25_;
  const float idf_;
  uint64_t cost_ = 0;
  std::vector<uint32_t> merged_;
};

// Documents where the words stand next to each other in order, each in any
// of its forms. Scored as one term whose tf is the phrase's frequency and
// whose idf is the sum of the words'.
class PhraseIterator : public DocIterator {
 public:
  // `terms` in phrase order (a word may repeat).
  PhraseIterator(std::vector<std::unique_ptr<FormsIterator>> terms, const DocTable* table,
                 const Bm25* bm25, float idf);
  void Next() override;
  void SkipTo(uint32_t target) override;
  float Score() override;
  uint64_t Cost() const override { return cost_; }
  bool ok() const override;

 private:
  void Align();
  // Occurrences of the phrase in the current document of all terms.
  uint32_t Frequency();

  std::vector<std::unique_ptr<FormsIterator>> terms_;
  std::vector<size_t> by_rarity_;
  const DocTable* const table_;
  const Bm25* const bm25_;
  const float idf_;
  uint64_t cost_ = 0;
  uint32_t frequency_ = 0;
  // Scratch of Frequency(), kept between documents.
  std::vector<absl::Span<const uint32_t>> rest_;
  std::vector<size_t> at_;
};

// Every document below `limit` but the deleted ones. `table` must outlive
// it.
class AllIterator : public DocIterator {
 public:
  AllIterator(uint32_t limit, const DocTable* table) : limit_(limit), table_(table) { Settle(0); }
  void Next() override {
    if (doc_ != kEndDoc) Settle(doc_ + 1);
  }
  void SkipTo(uint32_t target) override {
    if (doc_ != kEndDoc && target > doc_) Settle(target);
  }
  float Score() override { return 0; }
  uint64_t Cost() const override { return limit_; }

 private:
  void Settle(uint32_t from) {
    while (from < limit_ && table_->skipped(from, limit_)) ++from;
    doc_ = from >= limit_ ? kEndDoc : from;
  }

  const uint32_t limit_;
  const DocTable* const table_;
};

class EmptyIterator : public DocIterator {
 public:
  void Next() override {}
  void SkipTo(uint32_t) override {}
  float Score() override { return 0; }
  uint64_t Cost() const override { return 0; }
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_ITERATORS_H_
