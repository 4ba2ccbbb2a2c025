// What the benchmarks that feed the suite share: the reference news as a
// benchmark corpus (each article `copies` times, every copy a different
// document) and the streaming of a corpus into the running services until
// the query service holds every accepted article, tagged and indexed.
// Used by dossier-bench-ingest and dossier-bench-search.
#ifndef DOSSIER_TOOLS_BENCH_BENCH_CORPUS_H_
#define DOSSIER_TOOLS_BENCH_BENCH_CORPUS_H_

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "common/reference_corpus.h"
#include "common/time_util.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"

namespace dossier::bench {

struct BenchArticle {
  // The reference article's name ("reuters21578:123", "bbc/tech/001.txt").
  std::string name;
  std::string title;
  std::string text;
  // The date the corpus gives the article, when it gives one: Reuters'
  // date field, PolNeAR's date in the file name. BBC has none.
  std::optional<absl::CivilDay> day;
  // Which reference article this is (0-based, in corpus order) and which
  // copy of it (0 is the article as the corpus has it).
  int original = 0;
  int copy = 0;
};

// "26-FEB-1987 15:01:01.79" (Reuters) or "..._2016-03-11_..." (a PolNeAR
// file name); nullopt when neither is there.
inline std::optional<absl::CivilDay> ReferenceDay(const ReferenceArticle& a) {
  if (!a.date.empty()) {
    std::vector<absl::string_view> parts = absl::StrSplit(a.date.substr(0, a.date.find(' ')), '-');
    int day = 0, year = 0;
    if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &day) &&
        absl::SimpleAtoi(parts[2], &year)) {
      const int month = MonthFromName(parts[1]);
      if (month > 0) return absl::CivilDay(year, month, day);
    }
  }
  // PolNeAR: publisher_YYYY-MM-DD_slug.txt
  const std::string base = a.name.substr(a.name.rfind('/') + 1);
  for (size_t at = base.find('_'); at != std::string::npos && at + 11 < base.size();
       at = base.find('_', at + 1)) {
    int y = 0, m = 0, d = 0;
    if (base[at + 11] == '_' && base[at + 5] == '-' && base[at + 8] == '-' &&
        absl::SimpleAtoi(base.substr(at + 1, 4), &y) &&
        absl::SimpleAtoi(base.substr(at + 6, 2), &m) &&
        absl::SimpleAtoi(base.substr(at + 9, 2), &d) && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
      return absl::CivilDay(y, m, d);
    }
  }
  return std::nullopt;
}

// Reuters-21578, BBC and PolNeAR, each article `copies` times; copy c > 0
// ends with a line that names it, so that every copy is a different text.
// Reuters' dateline leads its body, as the wire printed it.
inline std::vector<BenchArticle> LoadBenchCorpus(const std::string& data_dir, int copies,
                                                 size_t* originals_out = nullptr) {
  std::vector<BenchArticle> originals;
  ForEachReferenceArticle(data_dir, [&](const ReferenceArticle& a) {
    BenchArticle article;
    article.name = a.name;
    article.title = a.title;
    article.text = a.dateline.empty() ? a.text : absl::StrCat(a.dateline, " ", a.text);
    article.day = ReferenceDay(a);
    article.original = static_cast<int>(originals.size());
    originals.push_back(std::move(article));
  });
  std::vector<BenchArticle> articles;
  copies = std::max(1, copies);
  articles.reserve(originals.size() * copies);
  for (int c = 0; c < copies; ++c) {
    for (size_t i = 0; i < originals.size(); ++i) {
      BenchArticle a = originals[i];
      a.copy = c;
      if (c > 0) a.text = absl::StrCat(a.text, "\n\n(Benchmark copy ", c, " of article ", i, ".)");
      articles.push_back(std::move(a));
    }
  }
  if (originals_out != nullptr) *originals_out = originals.size();
  return articles;
}

// The p-quantile (0..1) by rank; 0 for no samples.
inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

// How many documents the query service holds; -1 when it does not answer.
inline int64_t QueryTotal(v1::QueryService::Stub* stub) {
  v1::ListDocumentsRequest request;
  request.set_page_size(1);
  v1::ListDocumentsResponse response;
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(10));
  if (!stub->ListDocuments(&context, request, &response).ok()) return -1;
  return response.total_size();
}

struct StreamResult {
  long accepted = 0;
  long duplicates = 0;
  long refused = 0;
  // From the first send until the last acknowledgement, and until the
  // query service held every accepted document.
  double ack_seconds = 0;
  double seconds = 0;
  // Per acknowledgement, from its send (ms).
  std::vector<double> latency_ms;
  // Per document of the corpus: the outcome ingest gave it last.
  std::vector<v1::IngestOutcome> outcomes;
  // False when the query service never reached the accepted count.
  bool complete = true;
};

// Streams documents 0..count-1 (`fill` writes document i's input) into the
// ingest service over `streams` concurrent StreamIngestDocuments calls.
// Documents refused because the outbox is full (RESOURCE_EXHAUSTED) are
// sent again after a second. Returns once the query service's total has
// grown by the number accepted.
inline StreamResult StreamIntoDossier(const std::string& ingest_address,
                                      const std::string& query_address, size_t count, int streams,
                                      const std::function<void(size_t, v1::DocumentInput*)>& fill) {
  StreamResult result;
  result.outcomes.assign(count, v1::INGEST_OUTCOME_UNSPECIFIED);
  auto ingest = v1::IngestService::NewStub(MakeChannel(ingest_address));
  auto query = v1::QueryService::NewStub(MakeChannel(query_address));
  const int64_t before = QueryTotal(query.get());
  streams = std::max(1, streams);
  std::atomic<long> accepted{0}, duplicates{0}, refused{0};
  absl::Mutex mu;
  std::vector<double> latencies;
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int s = 0; s < streams; ++s) {
    threads.emplace_back([&, s] {
      std::vector<size_t> mine;
      for (size_t i = s; i < count; i += streams) mine.push_back(i);
      size_t next = 0;
      while (next < mine.size()) {
        grpc::ClientContext context;
        SetDeadline(&context, absl::Hours(1));
        auto stream = ingest->StreamIngestDocuments(&context);
        std::vector<absl::Time> sent(mine.size());
        const size_t first = next;
        std::thread writer([&] {
          for (size_t k = first; k < mine.size(); ++k) {
            v1::StreamIngestDocumentsRequest request;
            fill(mine[k], request.mutable_document());
            request.set_request_id(absl::StrCat(k));
            sent[k] = absl::Now();
            if (!stream->Write(request)) break;
          }
          stream->WritesDone();
        });
        std::vector<double> local;
        v1::StreamIngestDocumentsResponse response;
        std::vector<size_t> retry;
        while (stream->Read(&response)) {
          size_t k = 0;
          if (!absl::SimpleAtoi(response.request_id(), &k) || k >= mine.size()) continue;
          local.push_back(absl::ToDoubleMilliseconds(absl::Now() - sent[k]));
          const v1::IngestOutcome outcome = response.result().outcome();
          result.outcomes[mine[k]] = outcome;
          if (outcome == v1::INGEST_OUTCOME_ACCEPTED) {
            ++accepted;
          } else if (outcome == v1::INGEST_OUTCOME_REJECTED &&
                     response.result().error().code() ==
                         static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED)) {
            retry.push_back(mine[k]);
          } else if (outcome == v1::INGEST_OUTCOME_DUPLICATE) {
            ++duplicates;
          } else {
            ++refused;
          }
        }
        writer.join();
        stream->Finish();
        {
          absl::MutexLock lock(&mu);
          latencies.insert(latencies.end(), local.begin(), local.end());
        }
        // The outbox was full for these: wait as asked, then send them again.
        next = mine.size();
        if (!retry.empty()) {
          absl::SleepFor(absl::Seconds(1));
          mine = retry;
          next = 0;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  result.ack_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  // Until the query service holds them all, tagged and indexed.
  // A total that stops growing for five minutes means the suite is stuck
  // (or the query service is gone): say so rather than wait for ever.
  const int64_t want = before + accepted.load();
  int64_t seen = QueryTotal(query.get());
  absl::Time progress = absl::Now();
  while (seen < want) {
    absl::SleepFor(absl::Milliseconds(200));
    const int64_t now_total = QueryTotal(query.get());
    if (now_total != seen) progress = absl::Now();
    seen = now_total;
    if (absl::Now() - progress > absl::Minutes(5)) {
      std::fprintf(stderr,
                   "dossier: the query service holds %lld of %lld documents and has "
                   "not moved for 5 minutes; going on\n",
                   static_cast<long long>(seen), static_cast<long long>(want));
      result.complete = false;
      break;
    }
  }
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  result.accepted = accepted.load();
  result.duplicates = duplicates.load();
  result.refused = refused.load();
  result.latency_ms = std::move(latencies);
  std::fprintf(stderr,
               "dossier: %ld accepted, %ld exact duplicates, %ld rejected in %.1f s; "
               "acknowledged in %.1f s\n",
               result.accepted, result.duplicates, result.refused, result.seconds,
               result.ack_seconds);
  return result;
}

}  // namespace dossier::bench

#endif  // DOSSIER_TOOLS_BENCH_BENCH_CORPUS_H_
