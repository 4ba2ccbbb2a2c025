// The ingest core: accepts documents durably with group commit, and moves
// them downstream (tagger, then query) from worker threads, removing each
// from the outbox only once the query service has committed it.
//
//   Submit ──► prepare pool ──► committer ──(one synced batch)──► outbox
//                                   │ acknowledgements                │
//                                   ▼                                 ▼
//                                 client                 workers: Tag ► Index ► done
//
// Delivery, per document (the status GetStatus reports):
//
//   ACCEPTED ──tag──► TAGGED ──index──► INDEXED   (outbox entry removed)
//       │               │
//       └───────────────┴──► FAILED, with the reason   (entry removed)
//
// Every failure of a step is classified once (common/retry.h) and counted
// in the document's status (attempts, error) and in Stats():
//   outage     the same call again after a backoff, for as long as it
//              takes; never fails a document.
//   retry      after a backoff; a batch is split in halves (one document
//              may be at fault), a document alone fails after max_attempts.
//   permanent  a batch is split in halves at once, to find the document at
//              fault; a document alone fails with the reason.
// A batch whose request would not fit the message cap is split before it is
// sent; a document that alone would not fit fails with the sizes.
// Errors of the outbox itself (a read of an entry or a status, the write
// that records an outcome) are retried the same way; nothing is dropped
// until the next start.
#ifndef DOSSIER_SERVICES_INGEST_INGESTOR_H_
#define DOSSIER_SERVICES_INGEST_INGESTOR_H_

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/clock.h"
#include "common/retry.h"
#include "common/thread_pool.h"
#include "dossier/v1/ingest_service.pb.h"
#include "services/ingest/downstream.h"
#include "services/ingest/lsh_index.h"
#include "services/ingest/outbox.h"
#include "services/ingest/prepare.h"

namespace dossier::ingest {

struct IngestorOptions {
  // Where the outbox lives.
  // Default: none (required).
  std::string data_dir;
  PrepareOptions prepare;
  StoreOptions rocks;
  // Most documents waiting downstream; past it, Submit answers
  // RESOURCE_EXHAUSTED with a retry delay instead of growing.
  // Default: 100000.
  size_t max_outbox_documents = 100000;
  // Most documents in one synced commit.
  // Default: 1024.
  size_t max_commit_batch = 1024;
  // Threads that prepare (validate, normalise) submitted documents.
  // Default: 2.
  int prepare_threads = 2;
  // Threads moving documents downstream, each with one batch in flight.
  // Default: 4.
  int workers = 4;
  // Documents per BatchTagTexts and IndexDocuments call: larger batches
  // spread each call's fixed cost, the query service's fsync and its
  // per-word index writes thinner (512 rather than 128: query CPU per
  // document -17 %, tools/bench-ingest --copies=2).
  // Default: 512.
  size_t index_batch = 512;
  // And at most this many bytes of text (original and normalised) per
  // call, so that a batch of long articles stays well under the message
  // caps once tagged (annotations add about twice the text); a document
  // longer than this goes alone.
  // Default: 8 MiB.
  size_t index_batch_bytes = size_t{8} << 20;
  // The message cap of the downstream channels and servers: a batch whose
  // request (texts to tag, tagged documents to index) would be larger is
  // split before it is sent, and a document that alone would be larger is
  // FAILED. (Answers are bounded by the tagger, which refuses a batch whose
  // answer would not fit; the batch is then split.)
  // Default: kMaxMessageBytes (64 MiB), as MakeChannel and ServerOptions.
  size_t max_message_bytes = kMaxMessageBytes;
  // Backoff between attempts after a failure that is not permanent
  // (downstream or in the outbox); at least the RetryInfo delay a server
  // asks for.
  // Default: 100 ms doubling to 10 s.
  absl::Duration backoff_initial = absl::Milliseconds(100);
  absl::Duration backoff_max = absl::Seconds(10);
  // A document whose downstream calls fail this many times with errors
  // Classify calls kRetry (INTERNAL, UNKNOWN, ABORTED) is FAILED. Outages
  // never count; permanent errors fail a document at once. Also bounds the
  // retries of an outbox read that fails so.
  // Default: 8.
  int max_attempts = 8;
  // The retry delay RESOURCE_EXHAUSTED suggests.
  // Default: 1 s.
  absl::Duration full_retry_after = absl::Seconds(1);
  // Estimated Jaccard similarity of word 5-shingles from which an earlier
  // document is linked as a near duplicate. On the BBC corpus, pairs at 0.5
  // and above were revisions of one article (same headline, paragraphs
  // added or cut); pairs at 0.3-0.45 were different write-ups of one story,
  // which story clustering, not deduplication, should group.
  // Default: 0.5.
  float near_duplicate_threshold = 0.5f;
  // Most near-duplicate links per document.
  // Default: 5.
  int max_near_duplicates = 5;
  // How far back near duplicates are looked for (by accept time), and
  // among how many of the latest documents at most. The index of that
  // window is kept in memory, about 1 KB a document (lsh_index.h).
  // Default: 7 days, 500,000 documents (about 500 MB at most).
  absl::Duration near_duplicate_window = absl::Hours(24 * 7);
  size_t near_duplicate_max_documents = 500000;
  // Where the time comes from (accept times, statuses, backoff waits).
  // Not owned; must outlive the Ingestor. Tests pass a FakeClock.
  // Default: RealClock().
  Clock* clock = RealClock();
  // Called with each status once it is stored (accepted, retrying, tagged,
  // indexed, failed), on the thread that stored it: several threads may
  // call it at once, though never two for one document. Must not block or
  // call the Ingestor. For tests and metrics.
  // Default: none.
  std::function<void(const v1::DocumentStatus&)> on_status;
};

// What delivery has met since the start: failures by class, and what came
// of them.
struct DeliveryStats {
  // Downstream calls that failed, by Classify's class.
  uint64_t outages = 0;
  uint64_t retries = 0;
  uint64_t permanent_failures = 0;
  // Batches split in halves: refused for good, failing with kRetry, or too
  // large for a message.
  uint64_t splits = 0;
  uint64_t indexed = 0;
  uint64_t failed = 0;
  // Documents by what Submit answered, and those the tagger tagged (a
  // document tagged again after an outage counts again).
  uint64_t accepted = 0;
  uint64_t duplicates = 0;
  uint64_t rejected = 0;
  uint64_t tagged = 0;
  // Outbox reads and writes that failed and were tried again.
  uint64_t store_errors = 0;
  // Outbox entries that cannot be read (corrupt), left in the outbox for
  // an operator and skipped until the next start.
  uint64_t unreadable_entries = 0;
};

class Ingestor {
 public:
  using Done = std::function<void(v1::IngestResult)>;

  // Opens the outbox in options.data_dir, re-queues what it holds and starts
  // the threads.
  static absl::StatusOr<std::unique_ptr<Ingestor>> Start(const IngestorOptions& options,
                                                         std::unique_ptr<TaggerClient> tagger,
                                                         std::unique_ptr<IndexClient> index);
  // The same over an outbox already open (options.data_dir is not used).
  static absl::StatusOr<std::unique_ptr<Ingestor>> Start(const IngestorOptions& options,
                                                         std::unique_ptr<Outbox> outbox,
                                                         std::unique_ptr<TaggerClient> tagger,
                                                         std::unique_ptr<IndexClient> index);

  // Stops accepting, answers what is queued, stops the workers. What is in
  // the outbox stays there for the next start.
  ~Ingestor();

  // Validates, normalises and durably accepts `input`. `done` runs exactly
  // once, on an internal thread, with ACCEPTED or DUPLICATE once the
  // document is synced to disk, or REJECTED with the error (INVALID_ARGUMENT
  // for bad input, RESOURCE_EXHAUSTED when the outbox is full, UNAVAILABLE
  // when stopping or the disk fails).
  //
  // `request_id` names the request that brought the document
  // (common/request_id.h): the calls that deliver it carry it, in this
  // process's run (after a restart its delivery gets the server's own id).
  // Shared, since a stream's documents share one.
  void Submit(v1::DocumentInput input, Done done,
              std::shared_ptr<const std::string> request_id = nullptr);

  absl::StatusOr<v1::DocumentStatus> GetStatus(absl::string_view id) const;

  // Takes a document down (IngestService.DeleteDocument): the query
  // service deletes it, then its status here becomes DELETED and its
  // near-duplicate signature goes, so that the same text or key is
  // accepted again as new. True when the query service held it. Refused
  // with UNAVAILABLE (STILL_DELIVERING, RetryInfo) while it is in the
  // outbox, so that a delete never races its delivery. Idempotent.
  absl::StatusOr<bool> Delete(absl::string_view id);

  // Tags stored documents again and replaces their annotations in the
  // query service (IngestService.RetagDocuments), each id once: reads them
  // from the query service in pieces of at most 3 MiB, tags each piece in
  // one BatchTagTexts call (split where the tagger refuses it, until the
  // refused document alone is FAILED with the reason), replaces it in
  // ReplaceAnnotations calls of at most half the message cap. An outcome
  // per id, in order. With `only_stale`, the tagger is asked its version
  // first, and documents whose annotations carry it are left alone
  // (UP_TO_DATE). A service that cannot be reached ends the call with
  // UNAVAILABLE (TAGGER_UNAVAILABLE, QUERY_UNAVAILABLE; RetryInfo), and
  // `cancelled` returning true (the caller went away) with CANCELLED,
  // between pieces; pieces replaced before stay replaced.
  absl::StatusOr<v1::RetagDocumentsResponse> Retag(const std::vector<std::string>& ids,
                                                   bool only_stale,
                                                   const std::function<bool()>& cancelled = {});

  // IngestService.GetIngestStats.
  absl::Status Stats(v1::GetIngestStatsResponse* response) const;

  // Documents accepted but not yet committed downstream.
  size_t OutboxSize() const;
  // Documents submitted and not yet answered (being prepared or committed).
  size_t InFlight() const { return in_flight_.load(); }
  // How long ago the oldest document in the outbox was accepted; zero when
  // the outbox is empty. May read that entry (once) when it was accepted
  // before this start.
  absl::Duration OldestOutboxAge() const;

  // RocksDB's statistics of the outbox.
  StoreStats OutboxStoreStats() const { return outbox_->Stats(); }

  DeliveryStats Stats() const;

 private:
  struct Pending {
    v1::Document document;
    Signature signature;
    Done done;
    std::shared_ptr<const std::string> request_id;
  };
  struct Work {
    uint64_t sequence;
    v1::Document document;
    v1::DocumentStatus status;
    // Failures Classify called kRetry, in this process.
    int retries = 0;
    // The request that brought it, in this run; null after a restart.
    std::shared_ptr<const std::string> request_id;
  };
  // What is kept in memory of an outbox entry, by sequence.
  struct Entry {
    // InfinitePast: accepted before this start, not read yet.
    absl::Time accepted = absl::InfinitePast();
    std::shared_ptr<const std::string> request_id;
  };
  enum class Step { kTag, kIndex };

  Ingestor(const IngestorOptions& options, std::unique_ptr<Outbox> outbox,
           std::unique_ptr<TaggerClient> tagger, std::unique_ptr<IndexClient> index);

  void Enqueue(Pending pending);
  void CommitLoop();
  void Commit(std::vector<Pending> batch);
  // Whether the document with this id counts as accepted: it has a status
  // that is not FAILED or DELETED. An error other than NOT_FOUND is returned, never
  // taken for "no".
  absl::StatusOr<bool> Alive(absl::string_view id) const;
  // Links `pending` to earlier documents it nearly repeats: those accepted
  // before, and `earlier` ones of its own batch.
  void LinkNearDuplicates(Pending* pending, const std::vector<const Pending*>& earlier);
  void WorkLoop(int worker);
  // Reads the entries of `sequences` and their statuses into `batch`, up to
  // index_batch_bytes of text (the rest go back to the queue). Entries whose
  // reads failed and are worth trying again go to `deferred`, with the last
  // such error in `cause`.
  void Load(const std::vector<uint64_t>& sequences, std::vector<Work>* batch,
            std::vector<uint64_t>* deferred, absl::Status* cause);
  // Whether an entry whose read failed with `status` is given up for this
  // run (it is corrupt, or failed max_attempts times); counts it.
  bool GiveUpEntry(uint64_t sequence, const absl::Status& status);
  // Tags, then indexes, `batch`, and records every outcome. False when
  // stopping.
  bool Deliver(std::vector<Work>* batch, Backoff* backoff);
  // Runs `step` for `works` until each has reached the step's state or is
  // FAILED: repeats through outages, splits on permanent failures and
  // repeated ones, fails a document alone. False when stopping.
  bool RunStep(Step step, absl::Span<Work* const> works, Backoff* backoff);
  // The bytes of the request `step` sends for `works`.
  size_t RequestBytes(Step step, absl::Span<Work* const> works) const;
  // One call of `step`; on success the works have reached its state.
  absl::Status Call(Step step, absl::Span<Work* const> works);
  // Records the outcomes of `finished` (INDEXED or FAILED) and removes
  // their entries, retrying the write until it is done. False when
  // stopping.
  bool Finish(const std::vector<Work*>& finished, Backoff* backoff);
  // Sleeps for `d` unless stopping first; false when stopping.
  bool SleepUnlessStopping(absl::Duration d);
  // Logs `status` and sleeps for the next retry delay; false when
  // stopping.
  bool WaitToRetry(absl::string_view what, const absl::Status& status, Backoff* backoff);
  // Counts an attempt that failed with `status` on each of `works` and
  // stores their statuses.
  void RecordFailures(absl::Span<Work* const> works, const absl::Status& status);
  // Marks `work` FAILED with `reason`.
  void Fail(Work* work, const std::string& reason);
  // Stores progress (TAGGED, attempts): best effort, since the outcome is
  // stored by Finish with the entry's removal; a failure is logged and
  // counted.
  void WriteStatuses(absl::Span<Work* const> works);
  void Notify(const v1::DocumentStatus& status) const;
  static std::string BatchRequestId(absl::Span<Work* const> works);
  static v1::IngestResult Rejected(const std::string& id, const absl::Status& s);

  const IngestorOptions options_;
  Clock* const clock_;
  const std::unique_ptr<Outbox> outbox_;
  const std::unique_ptr<TaggerClient> tagger_;
  const std::unique_ptr<IndexClient> index_;

  // Documents between Submit and commit, counted against the capacity.
  std::atomic<size_t> in_flight_{0};
  // Entries in the outbox.
  std::atomic<size_t> outbox_size_{0};
  // The entries in the outbox, oldest first.
  mutable absl::Mutex entries_mu_;
  mutable absl::btree_map<uint64_t, Entry> entries_ ABSL_GUARDED_BY(entries_mu_);
  // When the drained outbox was last compacted.
  absl::Mutex compact_mu_;
  absl::Time last_compaction_ ABSL_GUARDED_BY(compact_mu_) = absl::InfinitePast();

  // False once shutdown begins: Submit rejects from then on.
  std::atomic<bool> accepting_{true};
  // Touched by the committer thread only.
  uint64_t next_sequence_ = 0;
  // The committer reads and adds; a delete takes its document out.
  absl::Mutex lsh_mu_;
  std::unique_ptr<LshIndex> near_duplicates_ ABSL_PT_GUARDED_BY(lsh_mu_);

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<Pending> commit_queue_ ABSL_GUARDED_BY(mu_);
  std::deque<uint64_t> work_queue_ ABSL_GUARDED_BY(mu_);
  // Entries whose reads failed with kRetry errors: how often, by sequence.
  absl::flat_hash_map<uint64_t, int> entry_failures_ ABSL_GUARDED_BY(mu_);

  // DeliveryStats, as counted.
  std::atomic<uint64_t> outages_{0};
  std::atomic<uint64_t> retries_{0};
  std::atomic<uint64_t> permanent_failures_{0};
  std::atomic<uint64_t> splits_{0};
  std::atomic<uint64_t> indexed_{0};
  std::atomic<uint64_t> failed_{0};
  std::atomic<uint64_t> store_errors_{0};
  std::atomic<uint64_t> unreadable_entries_{0};
  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> duplicates_{0};
  std::atomic<uint64_t> rejected_{0};
  std::atomic<uint64_t> tagged_{0};

  std::unique_ptr<ThreadPool> prepare_pool_;
  std::thread committer_;
  std::vector<std::thread> workers_;
};

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_INGESTOR_H_
