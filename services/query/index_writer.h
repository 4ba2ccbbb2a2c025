// What indexing one batch of documents adds to the search index: document
// rows, posting lists, entity statistics and names, quotes. Used by
// DocumentStore::Index under its write mutex, so that a document and every
// index entry of it go into the same synced WriteBatch.
//
//   IndexWriter writer(store, &table, &dictionaries);
//   for (each new document) writer.Add(&document, day);
//   writer.Write(&batch);
//   if (store->Write(&batch).ok()) writer.Publish();  // else it abandons
#ifndef DOSSIER_SERVICES_QUERY_INDEX_WRITER_H_
#define DOSSIER_SERVICES_QUERY_INDEX_WRITER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "common/store.h"
#include "dossier/store/v1/store.pb.h"
#include "dossier/v1/document.pb.h"
#include "rocksdb/write_batch.h"
#include "services/query/doc_table.h"
#include "services/query/postings.h"
#include "services/query/registry.h"

namespace dossier::query {

// Positions of two quotes of a document are this far apart in the quote
// word index, so that a phrase never spans two quotes.
inline constexpr uint32_t kQuotePositionGap = 64;

// The day a document is listed, filtered and counted by (days from
// 0001-01-01): DocumentDate (common/time_util.h), its publish date, else the
// day it was received, else the day ingest accepted it.
uint32_t DocumentDay(const v1::Document& document);

// Puts what the registry changed into `batch` (family registry).
absl::Status WriteRegistry(const RegistryWrites& writes, Store* store, rocksdb::WriteBatch* batch);

// Puts the dictionary key of the word index's `term` under its stem into
// `batch` (store_layout.h), unless `dictionaries` has it already
// (Dictionaries::AddStemmedWord, reserved until Commit).
absl::Status WriteStem(absl::string_view term, Store* store, Dictionaries* dictionaries,
                       rocksdb::WriteBatch* batch);

// What IndexWriter::Add counted of `document` in entity statistics
// (documents, mentions, spellings, titles), negated, by entity ordinal:
// merged into entity_stats, it takes a deleted document back out. Entities
// the dictionaries do not know are left out.
absl::flat_hash_map<uint32_t, store::v1::EntityStats> NegatedEntityStats(
    const v1::Document& document, const Dictionaries& dictionaries);

// The titles a document's annotations give entity `ordinal`, read as
// IndexWriter::Add and NegatedEntityStats read them.
std::vector<std::string> TitlesGiven(const v1::Annotations& annotations, uint32_t ordinal,
                                     const Dictionaries& dictionaries);

class IndexWriter {
 public:
  // All must outlive the writer; one writer at a time per store.
  IndexWriter(Store* store, DocTable* table, Dictionaries* dictionaries, Registry* registry)
      : store_(store), table_(table), dictionaries_(dictionaries), registry_(registry) {}
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;
  // Abandons what was not published.
  ~IndexWriter();

  // Gives `document` (id, text and annotations set) the next document
  // number, links its entities to the registry (keys first seen now) and
  // sets their entity_id, and collects its entries. `day` is its date in
  // days from 0001-01-01. Returns the document number. With `replacing`,
  // the same document as indexed before (a re-tag), each person it names by
  // one word keeps the key the registry gave it then, the word or a
  // numbered sense ("brown#2"), instead of Registry::SenseOf deciding
  // again, and its entities are not counted again in the registry's usual
  // company (they were, when it was first indexed).
  uint32_t Add(v1::Document* document, uint32_t day, const v1::Document* replacing = nullptr);
  // The story (StoryKey) of document `doc`, added by this writer.
  void SetStory(uint32_t doc, uint64_t story);

  // Puts everything collected into `batch`.
  absl::Status Write(rocksdb::WriteBatch* batch);

  // After `batch` is durable: the documents become searchable, the
  // dictionaries keep what the batch added.
  void Publish();
  // After `batch` failed (or on destruction without Publish): everything
  // reserved is forgotten.
  void Abandon();

  // Summed lengths of the documents added.
  uint64_t words() const { return words_; }

 private:
  PostingsBuilder& Postings(std::string key);

  Store* const store_;
  DocTable* const table_;
  Dictionaries* const dictionaries_;
  Registry* const registry_;

  // Postings by key, in the order first touched.
  absl::flat_hash_map<std::string, size_t> postings_at_;
  std::vector<std::pair<std::string, PostingsBuilder>> postings_;
  std::vector<std::pair<uint32_t, store::v1::DocumentRow>> rows_;
  std::vector<std::pair<uint32_t, store::v1::StoredQuotes>> quotes_;
  absl::flat_hash_map<uint32_t, store::v1::EntityStats> stats_;
  // Dictionary keys new in this batch.
  std::vector<std::pair<std::string, std::string>> dictionary_puts_;
  RegistryWrites registry_writes_;
  // Each document's registry entities, for their usual company.
  BatchCompany companies_;
  uint64_t words_ = 0;
  bool done_ = false;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_INDEX_WRITER_H_
