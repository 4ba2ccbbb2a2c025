// The search index's memory: a row per document by local document number
// (its id, date, length, outlet and entities), and the dictionaries that
// number outlets and entities. All of it is derived from the store
// (store_layout.h: doc_rows, dictionary, entity_stats) and loaded at start;
// it is what lets a search filter, rank and count without a read per
// document.
//
// One writer at a time (the store's commit, under its write mutex) appends
// and then publishes; readers see a consistent prefix: everything below
// size() at the moment they asked. A row is never removed: a deleted
// document keeps its number, and a bit says it is gone (deleted()), which
// every iterator over documents checks (iterators.h).
#ifndef DOSSIER_SERVICES_QUERY_DOC_TABLE_H_
#define DOSSIER_SERVICES_QUERY_DOC_TABLE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"

namespace dossier::query {

// The first and last days of some documents, each undated while only
// undated documents (counted on the day they were received or accepted)
// fall on it: what a story's and an entity's dates say. `Day` is any
// ordered day type (absl::CivilDay, a day number).
template <typename Day>
struct DaySpan {
  std::optional<Day> first, last;
  bool first_undated = false, last_undated = false;

  void Add(Day day, bool undated) {
    if (!first.has_value() || day < *first) {
      first = day;
      first_undated = undated;
    } else if (day == *first) {
      first_undated = first_undated && undated;
    }
    if (!last.has_value() || day > *last) {
      last = day;
      last_undated = undated;
    } else if (day == *last) {
      last_undated = last_undated && undated;
    }
  }
};

// What a search needs of a document without reading it.
struct DocRow {
  // The 16 bytes of the id.
  char id[16];
  // Days from 0001-01-01 of its date (publish date, else receipt, else
  // acceptance: common/time_util.h DocumentDate).
  uint32_t day = 0;
  // It has no publish date.
  bool undated = false;
  // Words in the search index (BM25 length).
  uint32_t length = 0;
  // Outlet ordinal + 1; 0 when none.
  uint32_t outlet = 0;
  // Its entity ordinals: entities(row) below.
  uint32_t entities_at = 0;
  uint32_t entity_count = 0;
  // Its story (StoryKey of its story id); 0: not known, a story of its own.
  uint64_t story = 0;
};

// The 64 bits a search collapses a story id ("{32 hex}") by: its first 16
// hex digits; 0 for an id that is not hex.
uint64_t StoryKey(absl::string_view story_id);

// Append-only rows. Readers need no lock; the one writer appends rows and
// then publishes them together.
class DocTable {
 public:
  DocTable();

  // Rows below this are complete and will never change.
  uint32_t size() const { return published_.load(std::memory_order_acquire); }
  // The summed lengths of the published rows.
  uint64_t total_length() const { return total_length_.load(std::memory_order_acquire); }

  // `doc` < size().
  const DocRow& row(uint32_t doc) const {
    return segments_[doc >> kSegmentBits].load(std::memory_order_relaxed)[doc & kSegmentMask];
  }
  absl::Span<const uint32_t> entities(const DocRow& row) const;
  // Whether the document was deleted; `doc` < next().
  bool deleted(uint32_t doc) const {
    return (deleted_[doc >> kSegmentBits]
                .load(std::memory_order_acquire)[(doc & kSegmentMask) >> 6]
                .load(std::memory_order_acquire) >>
            (doc & 63)) &
           1;
  }
  // The row that replaced `doc` (a re-tag, MarkReplaced); 0 when none did.
  uint32_t replaced_by(uint32_t doc) const {
    const std::atomic<uint32_t>* segment =
        replaced_[doc >> kSegmentBits].load(std::memory_order_acquire);
    return segment == nullptr ? 0 : segment[doc & kSegmentMask].load(std::memory_order_acquire);
  }
  // The row that holds `doc`'s document now: `doc`, or the row that
  // replaced it, followed (what is stored by number, quotes, is read
  // there).
  uint32_t Current(uint32_t doc) const {
    for (uint32_t by = replaced_by(doc); by != 0; by = replaced_by(doc)) doc = by;
    return doc;
  }
  // Whether a reader of the rows below `limit` leaves `doc` out: a deleted
  // row, unless a row at `limit` or above replaced it. Such a reader began
  // before the replacement existed (a page token keeps the limit of its
  // first page), so it reads the document at its old row rather than miss
  // it.
  bool skipped(uint32_t doc, uint32_t limit) const {
    if (!deleted(doc)) return false;
    const uint32_t by = replaced_by(doc);
    return by == 0 || by < limit;
  }
  // Rows deleted so far (replaced ones included).
  uint32_t deleted_count() const { return deleted_count_.load(std::memory_order_acquire); }

  // Writer: the next document number to append.
  uint32_t next() const { return appended_; }
  // Writer: appends a row (numbered next()); not visible until Publish().
  void Append(const DocRow& row, absl::Span<const uint32_t> entities);
  // Writer: the story of a row appended since the last Publish, or, while
  // loading (no reader yet), of any row.
  void SetStory(uint32_t doc, uint64_t story);
  // Writer: forgets rows appended since the last Publish (a failed commit).
  void Rollback();
  // Writer: makes every appended row visible.
  void Publish();
  // Writer (while loading, or with rows appended since the last Publish
  // that the next Publish makes visible): marks a row deleted, at once
  // visible to readers, and takes its length out of total_length(). Marking
  // it twice does nothing.
  void MarkDeleted(uint32_t doc);
  // Writer: marks row `doc` deleted as replaced by row `by` (> doc), which
  // readers whose limit is `by` or below read in its place (skipped()).
  void MarkReplaced(uint32_t doc, uint32_t by);

 private:
  static constexpr int kSegmentBits = 16;
  static constexpr uint32_t kSegmentMask = (1u << kSegmentBits) - 1;
  static constexpr size_t kMaxSegments = size_t{1} << 16;
  static constexpr int kArenaBits = 20;
  static constexpr uint32_t kArenaMask = (1u << kArenaBits) - 1;

  std::unique_ptr<std::atomic<DocRow*>[]> segments_;
  std::unique_ptr<std::atomic<uint32_t*>[]> arenas_;
  std::atomic<uint32_t> published_{0};
  std::atomic<uint64_t> total_length_{0};
  // A bit per row, by segment as the rows.
  std::unique_ptr<std::atomic<std::atomic<uint64_t>*>[]> deleted_;
  std::atomic<uint32_t> deleted_count_{0};
  std::vector<std::unique_ptr<std::atomic<uint64_t>[]>> owned_deleted_;
  // Per segment, the row that replaced each row; a segment is allocated
  // when a row of it is first replaced.
  std::unique_ptr<std::atomic<std::atomic<uint32_t>*>[]> replaced_;
  std::vector<std::unique_ptr<std::atomic<uint32_t>[]>> owned_replaced_;
  // Writer-only state.
  uint32_t appended_ = 0;
  uint64_t appended_length_ = 0;
  uint64_t arena_used_ = 0;  // next free entity slot
  uint64_t published_arena_used_ = 0;
  std::vector<std::unique_ptr<DocRow[]>> owned_segments_;
  std::vector<std::unique_ptr<uint32_t[]>> owned_arenas_;
};

// What the index keeps in memory of an entity.
struct EntityInfo {
  // dossier.v1.EntityType.
  int type = 0;
  // The tagger's identity key.
  std::string key;
  // The 64-bit hash its id is made of (EntityIdOf).
  uint64_t id_hash = 0;
  int64_t documents = 0;
  int64_t mentions = 0;
  // Days + 1 (0: unset).
  uint32_t first_day = 0;
  uint32_t last_day = 0;
};

// The id of the entity with this type and key: "ent_" and 16 hex digits of
// a hash of them, the same in every shard.
uint64_t EntityIdHash(int type, absl::string_view key);
std::string EntityIdString(uint64_t id_hash);
// The hash an id stands for; false unless `id` is "ent_" and 16 hex digits.
bool ParseEntityId(absl::string_view id, uint64_t* id_hash);

// Entities and outlets by ordinal. Thread-safe: readers share a lock;
// the writer reserves ordinals for a batch, then commits or rolls back.
class Dictionaries {
 public:
  // Loading (before serving).
  void LoadEntity(uint32_t ordinal, EntityInfo info);
  void LoadOutlet(uint32_t ordinal, std::string folded, std::string display);

  // Writer: the ordinal of an entity, reserving a new one when unknown
  // (`*created` says so). Reserved ordinals become visible on Commit.
  uint32_t EntityOrdinal(int type, absl::string_view key, bool* created);
  uint32_t OutletOrdinal(absl::string_view folded, absl::string_view display, bool* created);
  // Writer (and loading): records a spelling of an entity (folded with
  // text::FoldName), for resolving references and for autocomplete; true
  // when it was new. Reserved like an ordinal until Commit.
  bool AddName(uint32_t ordinal, absl::string_view folded);
  // Writer: adds a committed batch's counts to an entity.
  void AddEntityCounts(uint32_t ordinal, int64_t documents, int64_t mentions, uint32_t first_day,
                       uint32_t last_day);
  // Sets the days an entity was first and last seen (a delete that took
  // the document of either away recomputes them); 0: none left.
  void SetEntityDays(uint32_t ordinal, uint32_t first_day, uint32_t last_day);
  // Writer (and loading): records that the word index's `term` has its key
  // under its stem in the store's dictionary (store_layout.h); true when it
  // was not recorded before, so that a batch writes the key of a word the
  // first time only. Reserved until Commit: a batch rolled back writes its
  // words again in the next. Kept as 64-bit hashes.
  bool AddStemmedWord(absl::string_view term);
  void Commit();
  void Rollback();

  // Readers.
  size_t entity_count() const;
  bool Entity(uint32_t ordinal, EntityInfo* out) const;
  // Writer: as Entity, the writer's batch's reserved ones included.
  bool EntityOfBatch(uint32_t ordinal, EntityInfo* out) const;
  // Writer: the ordinal of an entity already numbered (reserved ones of the
  // writer's batch included); false when it has none.
  bool FindEntity(int type, absl::string_view key, uint32_t* ordinal) const;
  // Ordinal of an id hash; false when unknown.
  bool EntityByIdHash(uint64_t id_hash, uint32_t* ordinal) const;
  // Copies of many entities' infos at once (one lock).
  std::vector<EntityInfo> Entities(absl::Span<const uint32_t> ordinals) const;
  int EntityType(uint32_t ordinal) const;
  int64_t EntityDocuments(uint32_t ordinal) const;
  // Entities a folded name names: whole spellings (`suffix` false) or the
  // last words of a spelling ("lavrov" of "sergei lavrov"; `suffix` true),
  // at most `limit` of each.
  void NamedBy(absl::string_view folded, size_t limit, std::vector<uint32_t>* whole,
               std::vector<uint32_t>* suffix) const;
  // Entities with a spelling, or a word of one onwards, that starts with
  // `prefix`; at most `limit` entries are read.
  std::vector<uint32_t> NamesStartingWith(absl::string_view prefix, size_t limit) const;

  size_t outlet_count() const;
  // The outlet whose folded name is `folded`, a leading "the" aside ("washington
  // post" finds "The Washington Post", "the guardian" "Guardian") when no
  // outlet is named exactly so.
  bool OutletByFolded(absl::string_view folded, uint32_t* ordinal) const;
  std::string OutletName(uint32_t ordinal) const;

 private:
  mutable absl::Mutex mu_;
  std::vector<EntityInfo> entities_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, uint32_t> entity_by_handle_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<uint64_t, uint32_t> entity_by_id_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> outlets_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, uint32_t> outlet_by_folded_ ABSL_GUARDED_BY(mu_);
  // Spellings, ordered so that a prefix is a range: folded name, 0,
  // ordinal(4, big-endian), then 0 for a whole spelling or 1 for the last
  // words of one.
  absl::btree_set<std::string> names_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> pending_names_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<uint64_t> stemmed_words_ ABSL_GUARDED_BY(mu_);
  std::vector<uint64_t> pending_stemmed_words_ ABSL_GUARDED_BY(mu_);
  // Reserved by the writer, not yet committed.
  size_t committed_entities_ ABSL_GUARDED_BY(mu_) = 0;
  size_t committed_outlets_ ABSL_GUARDED_BY(mu_) = 0;
};

// "{type}:{key}": how an entity is named in the dictionary.
std::string EntityHandle(int type, absl::string_view key);

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_DOC_TABLE_H_
