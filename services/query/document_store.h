// The query service's store of tagged documents (layout: store_layout.h).
// Thread-safe: reads run concurrently; writes are serialised so that the
// "already stored?" check and the commit are one atomic step.
#ifndef DOSSIER_SERVICES_QUERY_DOCUMENT_STORE_H_
#define DOSSIER_SERVICES_QUERY_DOCUMENT_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/store.h"
#include "dossier/internal/v1/index_service.pb.h"
#include "dossier/v1/document.pb.h"
#include "dossier/v1/query_service.pb.h"
#include "dossier/v1/registry_service.pb.h"
#include "services/query/doc_table.h"
#include "services/query/entity_index.h"
#include "services/query/purge.h"
#include "services/query/registry.h"
#include "services/query/searcher.h"
#include "services/query/specs.h"
#include "services/query/stories.h"
#include "services/query/terms.h"

namespace dossier::query {

struct DocumentStoreOptions {
  // Where the database lives.
  // Default: none (required).
  std::string path;
  // RocksDB tuning shared by every store.
  StoreOptions rocks;
  // Most stories a ListStories page holds, and most documents GetStory
  // returns.
  // Default: 1000.
  int max_page_size = 1000;
  // Stories a ListStories page holds when the request says 0.
  // Default: 50.
  int default_page_size = 50;
  // Word weights for story matching; must outlive the store.
  // Default: none (required).
  const IdfTable* idf = nullptr;
  StoryOptions stories;
  SearchOptions search;
  // Given-name classes the registry links persons by; must outlive the
  // store. Default: none (names link only as spelled).
  const text::GivenNames* given_names = nullptr;
  // Places new locations resolve to (GeoNames ids and coordinates); must
  // outlive the store. Default: none.
  const Gazetteer* places = nullptr;
  // After this long without a commit, the memtables are flushed (once per
  // quiet spell): posting lists then read as one merged segment instead of
  // an operand per index batch (a few times faster for common words right
  // after a bulk import). Zero: never.
  // Default: 5 s.
  absl::Duration flush_when_idle = absl::Seconds(5);
};

// Told about documents once they are committed and searchable, in commit
// order, under the store's write mutex: keep it quick.
using IndexListener = std::function<void(const std::vector<const v1::Document*>& documents)>;

class DocumentStore {
 public:
  static absl::StatusOr<std::unique_ptr<DocumentStore>> Open(const DocumentStoreOptions& options);

  // Validates every document first (INVALID_ARGUMENT naming the first bad
  // one, nothing stored), then commits the new ones with all their index
  // entries in one synced batch. Returns an outcome per document, in
  // order. `now` stamps index_time.
  absl::StatusOr<std::vector<internal::v1::IndexOutcome>> Index(
      const std::vector<const v1::Document*>& documents, absl::Time now);

  // Takes a document out of everything: the stored document, its document
  // row (marked deleted: the number stays taken, every read skips it), the
  // counters, its quotes, its entities' statistics, its story; in one
  // synced batch. Its postings stay in the lists, skipped by every
  // iterator (iterators.h), costing their bytes until the lists are
  // rewritten (not built yet). True when it was stored; false when there
  // is no such document (never indexed, or already deleted): idempotent.
  // `now` stamps the story's update_time. Finding its number scans the
  // document table (about 1 ms per 100,000 documents).
  absl::StatusOr<bool> Delete(absl::string_view id, absl::Time now);
  // Gives a stored document new annotations (a re-tag, IndexService.
  // ReplaceAnnotations): `tagged` has its id, content_hash and the new
  // annotations. In one synced batch, the document's old number is taken
  // out as Delete takes it out (row marked deleted, quotes, counters,
  // entity statistics) and the document, its text, metadata, times, story
  // and links as stored, is indexed with the new annotations under the
  // next number as Index indexes it, each person named by one word keeping
  // the sense the registry gave it; its story keeps it and is recounted
  // (Stories::Replace). The old row stays readable to readers that began
  // before the new one (DocTable::MarkReplaced). Live watches are not
  // told. NOT_STORED when no document is stored under the id, TEXT_CHANGED
  // when its content hash is not `tagged`'s; nothing is written then.
  absl::StatusOr<internal::v1::ReplaceOutcome> Replace(const v1::Document& tagged, absl::Time now);
  // Rewrites the posting lists now, so that the deleted documents'
  // postings leave the disk at once (compaction drops them anyway within a
  // day, purge.h) and document frequencies count only what is stored.
  absl::Status CompactPostings();

  // What GetQueryStats reports.
  absl::Status Stats(v1::GetQueryStatsResponse* response) const;

  // NOT_FOUND when there is no document with this id. As the API answers
  // it: its entities' registry ids filled in, with curated types, and rows
  // of one registry entity made one (EntityIndex::FillIds).
  absl::StatusOr<v1::Document> Get(absl::string_view id) const;

  absl::StatusOr<uint64_t> Count() const;

  // Search, listing, quotes, timelines, co-occurrence.
  const Searcher& searcher() const { return searcher_; }
  const EntityIndex& entities() const { return entities_; }
  const Dictionaries& dictionaries() const { return dictionaries_; }

  // Called after every commit that stored new documents.
  void SetListener(IndexListener listener);

  // Registry curation (registry_service.proto), from specs made by
  // requests.h: durable before they return; NOT_FOUND, or INVALID_ARGUMENT
  // (an ambiguous reference, entities that cannot merge), naming the field
  // at fault.
  absl::Status MergeEntities(const MergeEntitiesSpec& spec, v1::MergeEntitiesResponse* response);
  absl::Status AddEntityAlias(const AddEntityAliasSpec& spec, v1::AddEntityAliasResponse* response);
  absl::Status SplitEntityAlias(const SplitEntityAliasSpec& spec,
                                v1::SplitEntityAliasResponse* response);
  absl::Status RemoveEntityAlias(const SplitEntityAliasSpec& spec,
                                 v1::RemoveEntityAliasResponse* response);
  absl::Status SetEntityType(const SetEntityTypeSpec& spec, v1::SetEntityTypeResponse* response);
  absl::Status ImportKnowledgeBase(const ImportKnowledgeBaseSpec& spec,
                                   v1::ImportKnowledgeBaseResponse* response);
  absl::Status ListKnownNames(const ListKnownNamesSpec& spec,
                              v1::ListKnownNamesResponse* response) const;

  // The document with every entity's entity_id as the registry has it now.
  void FillEntityIds(v1::Document* document) const;
  // The document as indexed, its entities as the tagger wrote them: what
  // deleting it, indexing it again and reading its entities' titles must
  // see (their keys and types are the ones the statistics and postings
  // were kept under, whatever the registry has made of them since).
  absl::StatusOr<v1::Document> GetStored(absl::string_view id) const;

  // RocksDB's statistics of the store, for metrics.
  StoreStats StoreStatistics() const { return store_->Stats(); }
  // Documents stored and searchable: not those deleted (the two counts are
  // read apart, so a delete between them is clamped, not underflowed).
  uint32_t DocumentCount() const {
    const uint32_t deleted = table_.deleted_count();
    const uint32_t rows = table_.size();
    return rows > deleted ? rows - deleted : 0;
  }

  ~DocumentStore();

  // A story with up to `max_documents` of its documents (BASIC view).
  absl::Status GetStory(const GetStorySpec& spec, v1::GetStoryResponse* response) const;
  absl::Status ListStories(const ListStoriesSpec& spec, v1::ListStoriesResponse* response) const;

 private:
  DocumentStore(const DocumentStoreOptions& options, std::unique_ptr<Store> store,
                std::shared_ptr<PurgeTarget> purge);

  // Fills the document table, dictionaries and registry from the store.
  absl::Status LoadIndex();
  absl::Status LoadRegistry();
  // Indexes stored documents that have no index entries yet (a store
  // written before the search index existed).
  absl::Status Backfill();
  // Records the stem of every term of the word index, once (a store written
  // before the dictionary kept stems).
  absl::Status BackfillStems();
  using NegatedStats = absl::flat_hash_map<uint32_t, store::v1::EntityStats>;
  // The number of stored document `id`: its newest row not deleted.
  absl::StatusOr<uint32_t> NumberOf(absl::string_view id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Row `doc` is document number_of's now (after Index and Replace).
  void Numbered(uint32_t doc) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  static uint64_t NumberKey(const char* id_bytes);
  // The stored document as written (GetStored leaves out links to deleted
  // documents).
  absl::StatusOr<v1::Document> ReadStored(absl::string_view id) const;
  // Puts into `batch` what takes document number `number` (`document` as
  // stored) out of the index: its row marked deleted, its quotes, the
  // counters, its entities' statistics negated (first and last days
  // recomputed from the documents that remain where it held them), which
  // `negated` keeps for TakenOut.
  // `replaced_by`: the row that replaces it (a re-tag), 0 for a delete.
  absl::Status TakeOut(const v1::Document& document, uint32_t number, uint32_t replaced_by,
                       rocksdb::WriteBatch* batch, NegatedStats* negated) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // After TakeOut's batch is durable: the number is deleted (or replaced)
  // in memory and the entities' counts and days follow.
  void TakenOut(uint32_t number, uint32_t replaced_by, const NegatedStats& negated)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // The documents other than `except` that still name entity `ordinal`
  // (its posting list less the deleted ones).
  absl::StatusOr<std::vector<uint32_t>> DocumentsNaming(uint32_t ordinal, uint32_t except) const;
  // Sets each of `roles` (titles of entity `ordinal`) to the first and
  // last days (+1) of the `documents` that give it, 0 and 0 when none does,
  // as a replacing operand (replace_days). Reads documents in day order
  // from each end, each once, until every role has found its day there.
  absl::Status RoleDays(uint32_t ordinal, std::vector<uint32_t> documents,
                        std::vector<store::v1::EntityRole*>* roles) const;

  const DocumentStoreOptions options_;
  const std::unique_ptr<Store> store_;
  // What the postings family's compactions drop (purge.h): attached to
  // table_ once loaded, detached before it goes.
  const std::shared_ptr<PurgeTarget> purge_;
  const Stories stories_;
  // The one entity a curation request names (`field`): an id, or a name
  // that names exactly one.
  absl::StatusOr<uint64_t> OneEntity(absl::string_view reference, absl::string_view field) const;
  // Writes what curation changed, synced; rolls the registry back on
  // failure.
  absl::Status CommitRegistry(const RegistryWrites& writes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);

  DocTable table_;
  Dictionaries dictionaries_;
  Registry registry_;
  const EntityIndex entities_;
  const Searcher searcher_;
  // Flushes when idle (options_.flush_when_idle).
  void Maintain();

  absl::Mutex write_mu_;
  IndexListener listener_ ABSL_GUARDED_BY(write_mu_);
  absl::Time last_commit_ ABSL_GUARDED_BY(write_mu_);
  bool unflushed_ ABSL_GUARDED_BY(write_mu_) = false;
  // Stored documents' numbers by the first 64 bits of their ids (NumberOf),
  // once a delete or a re-tag first asks; about 20 bytes a document.
  absl::flat_hash_map<uint64_t, uint32_t> numbers_ ABSL_GUARDED_BY(write_mu_);
  bool numbers_built_ ABSL_GUARDED_BY(write_mu_) = false;

  absl::Mutex maintenance_mu_;
  bool stopping_ ABSL_GUARDED_BY(maintenance_mu_) = false;
  std::thread maintenance_;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_DOCUMENT_STORE_H_
