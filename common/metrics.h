// Metrics in Prometheus's text exposition format (version 0.0.4): counters
// and histograms a hot path adds to without a lock, and collectors that read
// a value when it is scraped (an outbox's depth, RocksDB's properties). No
// gRPC and no HTTP here: common/metrics_http.h serves a Registry, and
// common/server.h counts every RPC into one.
//
// A service's main() makes one Registry, hands it to the server
// (ServerOptions.metrics) and adds collectors over its core's counters, so
// the cores themselves keep plain atomic counters and know nothing of
// Prometheus.
#ifndef DOSSIER_COMMON_METRICS_H_
#define DOSSIER_COMMON_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace dossier::metrics {

// Label name and value pairs, in the order they are printed.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A monotonic count. Lock-free.
class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Observations counted into buckets by upper bound (plus +Inf), with their
// sum. Lock-free.
class Histogram {
 public:
  // `bounds` ascending.
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);

  const std::vector<double>& bounds() const { return bounds_; }
  // Count of observations <= bounds()[i] (not cumulative); the last is +Inf.
  uint64_t bucket(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds, from 0.5 ms to 60 s: a TagText of one line
// takes well under a millisecond, an IndexDocuments of 512 articles seconds.
std::vector<double> LatencyBuckets();

// What a collector writes into: families of samples. Family() starts one
// (its # HELP and # TYPE lines); the samples that follow belong to it.
class Exposition {
 public:
  // `type`: "counter", "gauge" or "histogram".
  void Family(absl::string_view name, absl::string_view type, absl::string_view help);
  // `name`{labels} value, for the family started last (`name` may add a
  // suffix to it: _bucket, _sum, _count).
  void Sample(absl::string_view name, const Labels& labels, double value);
  // The samples of a histogram named `name` (after Family(name, "histogram")).
  void HistogramSamples(absl::string_view name, const Labels& labels, const Histogram& histogram);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// The metrics of one process. Thread-safe; families live as long as it.
class Registry {
 public:
  using Collector = std::function<void(Exposition*)>;

  // A counter family with labels; Get() returns the counter of these label
  // values, made on first use (the pointer stays valid: keep it, and a hot
  // path pays no lookup).
  class CounterFamily {
   public:
    Counter* Get(const std::vector<std::string>& values);

   private:
    friend class Registry;
    CounterFamily(std::string name, std::string help, std::vector<std::string> labels)
        : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)) {}
    void Write(Exposition* out) const;

    const std::string name_, help_;
    const std::vector<std::string> labels_;
    mutable absl::Mutex mu_;
    // Label values joined by '\0' -> counter, and the values in order made.
    absl::flat_hash_map<std::string, std::unique_ptr<Counter>> counters_ ABSL_GUARDED_BY(mu_);
    std::vector<std::pair<std::vector<std::string>, Counter*>> order_ ABSL_GUARDED_BY(mu_);
  };

  class HistogramFamily {
   public:
    Histogram* Get(const std::vector<std::string>& values);

   private:
    friend class Registry;
    HistogramFamily(std::string name, std::string help, std::vector<std::string> labels,
                    std::vector<double> bounds)
        : name_(std::move(name)),
          help_(std::move(help)),
          labels_(std::move(labels)),
          bounds_(std::move(bounds)) {}
    void Write(Exposition* out) const;

    const std::string name_, help_;
    const std::vector<std::string> labels_;
    const std::vector<double> bounds_;
    mutable absl::Mutex mu_;
    absl::flat_hash_map<std::string, std::unique_ptr<Histogram>> histograms_ ABSL_GUARDED_BY(mu_);
    std::vector<std::pair<std::vector<std::string>, Histogram*>> order_ ABSL_GUARDED_BY(mu_);
  };

  CounterFamily* AddCounterFamily(std::string name, std::string help,
                                  std::vector<std::string> labels);
  HistogramFamily* AddHistogramFamily(std::string name, std::string help,
                                      std::vector<std::string> labels, std::vector<double> bounds);
  // Runs at every scrape, after the families, in the order added. Must not
  // block for long (a scrape waits for it) nor call the Registry.
  void AddCollector(Collector collector);

  // The whole exposition.
  std::string Render() const;

 private:
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<CounterFamily>> counters_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<HistogramFamily>> histograms_ ABSL_GUARDED_BY(mu_);
  std::vector<Collector> collectors_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dossier::metrics

#endif  // DOSSIER_COMMON_METRICS_H_
