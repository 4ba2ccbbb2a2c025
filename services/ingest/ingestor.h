// The ingest core: accepts documents durably with group commit, and moves
// them downstream (tagger, then query) from worker threads, with deadlines,
// retries and backoff, removing each from the outbox only once the query
// service has committed it.
//
//   Submit ──► prepare pool ──► committer ──(one synced batch)──► outbox
//                                   │ acknowledgements                │
//                                   ▼                                 ▼
//                                 client                 workers: Tag ► Index ► done
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
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/client.h"
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
  // Backoff between downstream attempts after a transient failure.
  // Default: 100 ms doubling to 10 s.
  absl::Duration backoff_initial = absl::Milliseconds(100);
  absl::Duration backoff_max = absl::Seconds(10);
  // A document whose downstream calls fail this many times with errors
  // that are not outages (UNAVAILABLE and DEADLINE_EXCEEDED never count) is
  // marked FAILED.
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
  // How far back near duplicates are looked for (by accept time); the
  // index of that window is kept in memory, about 400 bytes a document.
  // Default: 7 days.
  absl::Duration near_duplicate_window = absl::Hours(24 * 7);
};

class Ingestor {
 public:
  using Done = std::function<void(v1::IngestResult)>;

  // Opens the outbox, re-queues what it holds and starts the threads.
  static absl::StatusOr<std::unique_ptr<Ingestor>> Start(
      const IngestorOptions& options, std::unique_ptr<TaggerClient> tagger,
      std::unique_ptr<IndexClient> index);

  // Stops accepting, answers what is queued, stops the workers. What is in
  // the outbox stays there for the next start.
  ~Ingestor();

  // Validates, normalises and durably accepts `input`. `done` runs exactly
  // once, on an internal thread, with ACCEPTED or DUPLICATE once the
  // document is synced to disk, or REJECTED with the error (INVALID_ARGUMENT
  // for bad input, RESOURCE_EXHAUSTED when the outbox is full, UNAVAILABLE
  // when stopping or the disk fails).
  void Submit(v1::DocumentInput input, Done done);

  absl::StatusOr<v1::DocumentStatus> GetStatus(absl::string_view id) const;

  // Documents accepted but not yet committed downstream.
  size_t OutboxSize() const;

 private:
  struct Pending {
    v1::Document document;
    Signature signature;
    Done done;
  };
  struct Work {
    uint64_t sequence;
    v1::Document document;
    v1::DocumentStatus status;
  };

  Ingestor(const IngestorOptions& options, std::unique_ptr<Outbox> outbox,
           std::unique_ptr<TaggerClient> tagger,
           std::unique_ptr<IndexClient> index);

  void Enqueue(Pending pending);
  void CommitLoop();
  void Commit(std::vector<Pending> batch);
  // Links `pending` to earlier documents it nearly repeats: those accepted
  // before, and `earlier` ones of its own batch.
  void LinkNearDuplicates(Pending* pending, const std::vector<const Pending*>& earlier);
  void WorkLoop(int worker);
  // Tags every document of `batch` that needs it; drops (marks FAILED) the
  // ones the tagger refuses for good. False when stopping.
  bool TagAll(std::vector<Work>* batch, Backoff* backoff);
  // Commits `batch` downstream, isolating documents the query service
  // refuses. False when stopping.
  bool IndexAll(std::vector<Work>* batch, Backoff* backoff);
  void Finish(std::vector<Work>* finished);
  // Sleeps for `d` unless stopping first; false when stopping.
  bool SleepUnlessStopping(absl::Duration d);
  // Logs `status` and sleeps for the backoff's next delay; false when
  // stopping.
  bool WaitToRetry(const absl::Status& status, Backoff* backoff);
  // Whether a document that failed with `status` after `attempts` stops
  // being retried: at once when the failure is not transient, after
  // max_attempts unless the service is out (outages are waited out).
  bool GivesUp(const absl::Status& status, int attempts) const;
  // Counts an attempt that failed with `status` and stores the statuses.
  void RecordFailures(absl::Span<Work> works, const absl::Status& status);
  // Stores statuses; a failure is logged (the outbox keeps the work).
  void WriteStatuses(const std::vector<const v1::DocumentStatus*>& statuses);
  static v1::IngestResult Rejected(const std::string& id, const absl::Status& s);

  const IngestorOptions options_;
  const std::unique_ptr<Outbox> outbox_;
  const std::unique_ptr<TaggerClient> tagger_;
  const std::unique_ptr<IndexClient> index_;

  // Documents between Submit and commit, counted against the capacity.
  std::atomic<size_t> in_flight_{0};
  // Entries in the outbox.
  std::atomic<size_t> outbox_size_{0};
  // When the drained outbox was last compacted.
  absl::Mutex compact_mu_;
  absl::Time last_compaction_ ABSL_GUARDED_BY(compact_mu_) = absl::InfinitePast();

  // False once shutdown begins: Submit rejects from then on.
  std::atomic<bool> accepting_{true};
  // Touched by the committer thread only.
  uint64_t next_sequence_ = 0;
  std::unique_ptr<LshIndex> near_duplicates_;

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<Pending> commit_queue_ ABSL_GUARDED_BY(mu_);
  std::deque<uint64_t> work_queue_ ABSL_GUARDED_BY(mu_);

  std::unique_ptr<ThreadPool> prepare_pool_;
  std::thread committer_;
  std::vector<std::thread> workers_;
};

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_INGESTOR_H_
