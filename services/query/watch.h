// Live watches: each newly committed document is matched against every
// open watch (its query and filter, evaluated in memory), and a match is
// queued for that watch's consumer, the WatchDocuments stream.
//
// Bounded: a watch holds at most `buffer` documents; when its consumer
// falls further behind, the watch ends with "overflow" rather than grow.
//
// The consumer side is a small state machine with one turn: whoever holds
// the turn (a woken consumer, or one whose write completed) calls Next()
// and acts on the answer outside any lock; while it holds the turn nobody
// else acts, and after Next() answers a finish, the turn is never given
// again. So a consumer object (the gRPC reactor) is never touched after it
// finished.
#ifndef DOSSIER_SERVICES_QUERY_WATCH_H_
#define DOSSIER_SERVICES_QUERY_WATCH_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "dossier/v1/document.pb.h"
#include "services/query/query_parser.h"
#include "services/query/searcher.h"
#include "services/query/specs.h"

namespace dossier::query {

class TextTerms;

// What a watch matches: a query and a resolved filter, plus the names its
// entity references had, so that entities first seen after the watch
// began still match by name.
struct WatchSpec {
  QueryNode query;
  ResolvedFilter filter;
  // Per entity group: the registry ids it resolved to, and the folded
  // reference (empty for an id reference).
  std::vector<absl::flat_hash_set<uint64_t>> entity_ids;
  std::vector<std::string> entity_names;
  // Folded outlet names.
  absl::flat_hash_set<std::string> outlets;
};

class Watch {
 public:
  enum class Action {
    kWrite,            // write the document Next() filled in, then call Next() again
    kIdle,             // nothing to do; the turn is released
    kFinishOverflow,   // the consumer fell behind: end with RESOURCE_EXHAUSTED
    kFinishClosed,     // the server is shutting down: end with UNAVAILABLE
    kFinishCancelled,  // the client went away: end with CANCELLED
  };

  Watch(WatchSpec spec, size_t buffer) : spec_(std::move(spec)), buffer_(buffer) {}

  // Whether a committed document matches (WatchMatches). An entity a name
  // of the filter matched by name has its registry id learned for that
  // name, so that later documents naming it another way ("Blair" for a
  // watched "Tony Blair", linked to him by the registry) match too.
  bool Matches(const v1::Document& document, const TextTerms& terms);

  // The consumer's step, only while it holds the turn.
  Action Next(v1::Document* out);
  // The client went away; true when the caller took the turn and must
  // call Next().
  bool Cancel();

  // Producer side (the hub): true when the caller took the turn and must
  // wake the consumer.
  bool Offer(const v1::Document& document);
  bool Close();

 private:
  bool TakeTurnLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex match_mu_;
  WatchSpec spec_ ABSL_GUARDED_BY(match_mu_);
  const size_t buffer_;
  absl::Mutex mu_;
  std::deque<v1::Document> queue_ ABSL_GUARDED_BY(mu_);
  bool overflow_ ABSL_GUARDED_BY(mu_) = false;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  // The consumer holds the first turn: it starts the stream, then calls
  // Next().
  bool turn_taken_ ABSL_GUARDED_BY(mu_) = true;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

struct WatchOptions {
  // Documents a watch may hold for a slow consumer before it is cut off.
  // Default: 1000.
  size_t buffer = 1000;
  // Open watches at most; more are refused with RESOURCE_EXHAUSTED.
  // Default: 1000.
  size_t max_watches = 1000;
};

class WatchHub {
 public:
  explicit WatchHub(WatchOptions options = {}) : options_(options) {}

  // A new watch; `wake` is called (outside any lock of the hub's) when the
  // hub gives its consumer the turn. RESOURCE_EXHAUSTED when too many are
  // open, UNAVAILABLE after Close().
  absl::StatusOr<std::shared_ptr<Watch>> Subscribe(WatchSpec spec, std::function<void()> wake);
  void Unsubscribe(const Watch* watch);

  // Matches committed documents (stored form, with entity ids) against
  // every watch.
  void Publish(const std::vector<const v1::Document*>& documents);
  // Ends every watch (shutdown); later subscriptions are refused.
  void Close();

  size_t size() const;

 private:
  struct Entry {
    std::shared_ptr<Watch> watch;
    std::function<void()> wake;
  };
  const WatchOptions options_;
  mutable absl::Mutex mu_;
  std::vector<Entry> watches_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

// What `watch` (made by requests.h) matches: its filter
// resolved as it stands now.
absl::StatusOr<WatchSpec> MakeWatchSpec(const WatchDocumentsSpec& watch, const Searcher& searcher);

// Whether a committed document matches a watch (exposed for tests). With
// `learned`, the (entity group, registry id) of each entity that a name of
// the filter matched by name.
bool WatchMatches(const WatchSpec& spec, const v1::Document& document, const TextTerms& terms,
                  std::vector<std::pair<size_t, uint64_t>>* learned = nullptr);

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_WATCH_H_
