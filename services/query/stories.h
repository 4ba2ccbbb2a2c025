// Story clusters: each newly indexed document joins the story of the most
// similar earlier document within a few days, or starts its own.
// Similarity blends the TF-IDF cosine of the two texts' words outside names
// (what is said) with the cosine of their entities weighted by salience (who
// and where); two documents that share no entity are never one story.
// Candidates are the documents that share a salient entity or a heavy word
// within the date window. Assignment runs inside the
// document's index batch, so a document and its story change commit
// together (layout: store_layout.h).
#ifndef DOSSIER_SERVICES_QUERY_STORIES_H_
#define DOSSIER_SERVICES_QUERY_STORIES_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/store.h"
#include "dossier/v1/document.pb.h"
#include "dossier/v1/query_service.pb.h"
#include "dossier/v1/story.pb.h"
#include "rocksdb/write_batch.h"
#include "services/query/specs.h"
#include "services/query/terms.h"

namespace dossier::query {

// A story keeps the first this many outlets that ran it (Story.outlets).
inline constexpr int kMaxStoryOutlets = 100;
// Entities a story lists when read, most named first.
inline constexpr int kStoryEntities = 10;
// Entities a stored story counts: more than it lists, so that one its
// first documents did not name can still climb to the list as later ones
// do. Past this, the least named (of those named equally, the last to
// come) are dropped and would count again from nothing.
inline constexpr int kStoryEntityCandidates = 128;

// Counts `document` into `story`: its documents, days, outlets and
// entities, as a document joining it does (exposed for tests).
void CountStoryDocument(const v1::Document& document, v1::Story* story);

struct StoryOptions {
  // Days either side of a document's date in which it may join a story.
  // Default: 2.
  int window_days = 2;
  // Similarity from which a document joins the most similar earlier
  // document's story.
  // Default: 0.3.
  float threshold = 0.3f;
  // Share of text similarity in the blend (the rest: shared entities).
  // Entities find the candidates but say little within a topic: every
  // article on Serbia and Russia names both. See stories_test.cc for the
  // seed pairs this is set by.
  // Default: 0.75.
  float text_weight = 0.75f;
  // Most salient entities, and heaviest TF-IDF terms, of a document indexed
  // for finding candidates: earlier documents that share one of them in the
  // window. Rare terms keep the lists short where entities ("U.S.") would
  // make them long.
  // Default: 4 entities, 8 terms.
  int candidate_entities = 4;
  int candidate_terms = 8;
  // Most documents read per key (from the start of the window), and most
  // compared: those sharing the most keys.
  // Default: 30 and 10.
  int candidates_per_key = 30;
  int max_candidates = 10;
};

// What the documents of one index batch have done to stories so far: read
// before the store (a document sees the ones before it in its batch), then
// written with the batch.
struct StoryBatch {
  struct Candidate {
    uint32_t key;
    uint32_t day;
    uint32_t number;  // document number
  };
  std::vector<Candidate> candidates;
  absl::flat_hash_map<uint32_t, std::string> features;  // document number -> encoded
  absl::flat_hash_map<std::string, v1::Story> stories;  // story key -> story
  // stories_by_date keys of the stories as the store had them.
  std::vector<std::string> stale_dates;
  std::vector<std::string> members;
};

// How a document was matched: kept for tests and tuning.
struct StoryMatch {
  std::string story_id;
  // The number of the most similar earlier document and the similarity
  // (0 when none).
  uint32_t nearest_document = 0;
  float similarity = 0;
};

class Stories {
 public:
  // `store` and `idf` must outlive this.
  Stories(Store* store, const IdfTable* idf, StoryOptions options)
      : store_(store), idf_(idf), options_(options) {}

  // Assigns `document` (with id, text, annotations; `day` is its sort day,
  // days from 0001-01-01; `number` its document number) to a story and sets
  // its story_id, recording the changes in `batch` (which earlier documents
  // of the batch have filled).
  absl::StatusOr<StoryMatch> Assign(v1::Document* document, uint32_t day, uint32_t number,
                                    StoryBatch* batch, absl::Time now) const;

  // Records what finds and compares a document already in a story (one
  // stored before these entries existed), without changing any story.
  void Remember(const v1::Document& document, uint32_t day, uint32_t number,
                StoryBatch* batch) const;

  // Takes a stored document (number `number`) out of its story, into
  // `out`: its story keys and features go; a story of it alone goes; a
  // larger story loses its member entry and is recounted from the
  // documents that remain (dates, outlets, entities; the title from the
  // oldest of them), or goes when none remain. Reads the other members'
  // documents, so costs a read per member.
  absl::Status Remove(const v1::Document& document, uint32_t number, absl::Time now,
                      rocksdb::WriteBatch* out) const;

  // Moves a stored document that was given new annotations (a re-tag) from
  // number `old_number` to `number` in its story, into `out`: its story
  // keys and features are made again from `document`, under the new
  // number; it stays in its story (same story_id, same member entry), which
  // is recounted with `document` in place of `old_document`.
  absl::Status Replace(const v1::Document& old_document, uint32_t old_number,
                       const v1::Document& document, uint32_t number, absl::Time now,
                       rocksdb::WriteBatch* out) const;

  // Adds the batch's story entries to `out`.
  absl::Status Write(const StoryBatch& batch, rocksdb::WriteBatch* out) const;

  // A story; one of a single document is made from that document.
  absl::StatusOr<v1::Story> Get(absl::string_view id) const;
  // Member documents' ids, newest first.
  absl::StatusOr<std::vector<std::string>> Members(absl::string_view id, int limit) const;
  // A page of stories, newest first; `spec.page_size` 0 asks for
  // `default_page_size`, and no page holds more than `max_page_size`
  // stories or `response_bytes` bytes (but always one story).
  // `fill` completes each story before its bytes are counted (the
  // registry's entity ids). `keep`, when set, says which stories (by
  // StoryKey of their id) are listed; spec.filter is the caller's.
  absl::Status List(const ListStoriesSpec& spec, v1::ListStoriesResponse* response,
                    int default_page_size, int max_page_size, size_t response_bytes,
                    const std::function<void(v1::Story*)>& fill,
                    const std::function<bool(uint64_t)>& keep = nullptr) const;

 private:
  // Takes `document`'s story keys and features (number `number`) out.
  absl::Status Forget(const v1::Document& document, uint32_t number,
                      rocksdb::WriteBatch* out) const;
  // Recounts `document`'s story without it, or with `replacement` in its
  // place; a story of it alone goes, or is `replacement`'s.
  absl::Status Recount(const v1::Document& document, const v1::Document* replacement,
                       absl::Time now, rocksdb::WriteBatch* out) const;
  absl::StatusOr<v1::Document> StoredDocument(absl::string_view id) const;

  Store* const store_;
  const IdfTable* const idf_;
  const StoryOptions options_;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_STORIES_H_
