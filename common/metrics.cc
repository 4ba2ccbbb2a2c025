#include "common/metrics.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace dossier::metrics {
namespace {

// A label value as the exposition format quotes it.
void AppendEscaped(absl::string_view value, std::string* out) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out->append("\\\\");
        break;
      case '"':
        out->append("\\\"");
        break;
      case '\n':
        out->append("\\n");
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string FormatValue(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  // Integers (most counters) print without an exponent or a fraction.
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  return absl::StrCat(value);
}

Labels Zip(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  Labels labels;
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    labels.emplace_back(names[i], values[i]);
  }
  return labels;
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
  const size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  double sum = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(sum, sum + value, std::memory_order_relaxed)) {
  }
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

void Exposition::Family(absl::string_view name, absl::string_view type, absl::string_view help) {
  absl::StrAppend(&text_, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n");
}

void Exposition::Sample(absl::string_view name, const Labels& labels, double value) {
  text_.append(name.data(), name.size());
  if (!labels.empty()) {
    text_.push_back('{');
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) text_.push_back(',');
      absl::StrAppend(&text_, labels[i].first, "=\"");
      AppendEscaped(labels[i].second, &text_);
      text_.push_back('"');
    }
    text_.push_back('}');
  }
  absl::StrAppend(&text_, " ", FormatValue(value), "\n");
}

void Exposition::HistogramSamples(absl::string_view name, const Labels& labels,
                                  const Histogram& histogram) {
  const std::string bucket = absl::StrCat(name, "_bucket");
  uint64_t cumulative = 0;
  Labels with_le = labels;
  with_le.emplace_back("le", "");
  for (size_t i = 0; i <= histogram.bounds().size(); ++i) {
    cumulative += histogram.bucket(i);
    // Bounds print as Prometheus clients print them: 0.0005, 1, 2.5.
    with_le.back().second =
        i < histogram.bounds().size() ? absl::StrCat(histogram.bounds()[i]) : "+Inf";
    Sample(bucket, with_le, static_cast<double>(cumulative));
  }
  Sample(absl::StrCat(name, "_sum"), labels, histogram.sum());
  Sample(absl::StrCat(name, "_count"), labels, static_cast<double>(cumulative));
}

Counter* Registry::CounterFamily::Get(const std::vector<std::string>& values) {
  const std::string key = absl::StrJoin(values, std::string(1, '\0'));
  absl::MutexLock lock(&mu_);
  auto& slot = counters_[key];
  if (slot == nullptr) {
    slot = std::make_unique<Counter>();
    order_.emplace_back(values, slot.get());
  }
  return slot.get();
}

void Registry::CounterFamily::Write(Exposition* out) const {
  out->Family(name_, "counter", help_);
  absl::MutexLock lock(&mu_);
  for (const auto& [values, counter] : order_) {
    out->Sample(name_, Zip(labels_, values), static_cast<double>(counter->value()));
  }
}

Histogram* Registry::HistogramFamily::Get(const std::vector<std::string>& values) {
  const std::string key = absl::StrJoin(values, std::string(1, '\0'));
  absl::MutexLock lock(&mu_);
  auto& slot = histograms_[key];
  if (slot == nullptr) {
    slot = std::make_unique<Histogram>(bounds_);
    order_.emplace_back(values, slot.get());
  }
  return slot.get();
}

void Registry::HistogramFamily::Write(Exposition* out) const {
  out->Family(name_, "histogram", help_);
  absl::MutexLock lock(&mu_);
  for (const auto& [values, histogram] : order_) {
    out->HistogramSamples(name_, Zip(labels_, values), *histogram);
  }
}

Registry::CounterFamily* Registry::AddCounterFamily(std::string name, std::string help,
                                                    std::vector<std::string> labels) {
  absl::MutexLock lock(&mu_);
  counters_.emplace_back(new CounterFamily(std::move(name), std::move(help), std::move(labels)));
  return counters_.back().get();
}

Registry::HistogramFamily* Registry::AddHistogramFamily(std::string name, std::string help,
                                                        std::vector<std::string> labels,
                                                        std::vector<double> bounds) {
  absl::MutexLock lock(&mu_);
  histograms_.emplace_back(
      new HistogramFamily(std::move(name), std::move(help), std::move(labels), std::move(bounds)));
  return histograms_.back().get();
}

void Registry::AddCollector(Collector collector) {
  absl::MutexLock lock(&mu_);
  collectors_.push_back(std::move(collector));
}

std::string Registry::Render() const {
  Exposition out;
  absl::MutexLock lock(&mu_);
  for (const auto& family : counters_) family->Write(&out);
  for (const auto& family : histograms_) family->Write(&out);
  for (const auto& collector : collectors_) collector(&out);
  return out.text();
}

}  // namespace dossier::metrics
