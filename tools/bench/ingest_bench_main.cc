// dossier-bench-ingest: articles through all three services against the
// same texts bulk-inserted into SQLite FTS5, in one run.
//
//   dossier-bench-ingest --ingest=HOST:PORT --query=HOST:PORT \
//       --data_dir=../shared/data --copies=5 --fts_db=/tmp/fts.db
//
// The corpus: Reuters-21578, BBC and PolNeAR articles, each `copies` times
// with a line that makes every copy a different document. dossier's side
// streams them over gRPC (--streams concurrent streams) and measures
// acknowledgement latency (durable in the outbox) and throughput until the
// query service holds every one, tagged and indexed. FTS5's side inserts
// the same texts with the durability of a synced WAL, committing every
// --fts_batch documents, and measures per-document latency to the commit
// that covers it. Prints docs/s and p50/p99 for both and the ratio.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "common/reference_corpus.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"

ABSL_FLAG(std::string, ingest, "127.0.0.1:50051", "the ingest service");
ABSL_FLAG(std::string, query, "127.0.0.1:50053", "the query service");
ABSL_FLAG(std::string, data_dir, "../shared/data", "the reference data");
ABSL_FLAG(int, copies, 5, "copies of each article (each made unique)");
ABSL_FLAG(int, streams, 4, "concurrent ingest streams");
ABSL_FLAG(std::string, fts_db, "/tmp/dossier-bench-fts.db", "the SQLite file for FTS5");
ABSL_FLAG(int, fts_batch, 1000, "documents per FTS5 transaction");
ABSL_FLAG(bool, skip_fts, false, "measure dossier only");
ABSL_FLAG(bool, skip_dossier, false, "measure FTS5 only");

namespace {

struct Article {
  std::string title;
  std::string text;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

struct Result {
  long documents = 0;
  double seconds = 0;
  std::vector<double> latency_ms;
};

int64_t QueryTotal(dossier::v1::QueryService::Stub* stub) {
  dossier::v1::ListDocumentsRequest request;
  request.set_page_size(1);
  dossier::v1::ListDocumentsResponse response;
  grpc::ClientContext context;
  dossier::SetDeadline(&context, absl::Seconds(10));
  if (!stub->ListDocuments(&context, request, &response).ok()) return -1;
  return response.total_size();
}

Result RunDossier(const std::vector<Article>& articles) {
  Result result;
  auto ingest = dossier::v1::IngestService::NewStub(dossier::MakeChannel(absl::GetFlag(FLAGS_ingest)));
  auto query = dossier::v1::QueryService::NewStub(dossier::MakeChannel(absl::GetFlag(FLAGS_query)));
  const int64_t before = QueryTotal(query.get());
  const int streams = std::max(1, absl::GetFlag(FLAGS_streams));
  std::atomic<long> accepted{0}, duplicates{0}, refused{0};
  absl::Mutex mu;
  std::vector<double> latencies;
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int s = 0; s < streams; ++s) {
    threads.emplace_back([&, s] {
      std::vector<size_t> mine;
      for (size_t i = s; i < articles.size(); i += streams) mine.push_back(i);
      size_t next = 0;
      while (next < mine.size()) {
        grpc::ClientContext context;
        dossier::SetDeadline(&context, absl::Hours(1));
        auto stream = ingest->StreamIngestDocuments(&context);
        std::vector<absl::Time> sent(mine.size());
        const size_t first = next;
        std::thread writer([&] {
          for (size_t k = first; k < mine.size(); ++k) {
            dossier::v1::StreamIngestDocumentsRequest request;
            request.mutable_document()->set_text(articles[mine[k]].text);
            request.mutable_document()->set_title(articles[mine[k]].title);
            request.set_request_id(absl::StrCat(k));
            sent[k] = absl::Now();
            if (!stream->Write(request)) break;
          }
          stream->WritesDone();
        });
        std::vector<double> local;
        dossier::v1::StreamIngestDocumentsResponse response;
        std::vector<size_t> retry;
        while (stream->Read(&response)) {
          size_t k = 0;
          if (!absl::SimpleAtoi(response.request_id(), &k)) continue;
          local.push_back(absl::ToDoubleMilliseconds(absl::Now() - sent[k]));
          if (response.result().outcome() == dossier::v1::INGEST_OUTCOME_ACCEPTED) {
            ++accepted;
          } else if (response.result().outcome() == dossier::v1::INGEST_OUTCOME_REJECTED &&
                     response.result().error().code() ==
                         static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED)) {
            retry.push_back(mine[k]);
          } else if (response.result().outcome() == dossier::v1::INGEST_OUTCOME_DUPLICATE) {
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
  const double ack_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  // Until the query service holds them all, tagged and indexed.
  const int64_t want = before + accepted.load();
  while (QueryTotal(query.get()) < want) absl::SleepFor(absl::Milliseconds(200));
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  result.documents = accepted.load();
  result.latency_ms = std::move(latencies);
  std::fprintf(stderr,
               "dossier: %ld accepted, %ld exact duplicates, %ld rejected in %.1f s; "
               "acknowledged in %.1f s\n",
               accepted.load(), duplicates.load(), refused.load(), result.seconds, ack_seconds);
  return result;
}

Result RunFts(const std::vector<Article>& articles) {
  Result result;
  const std::string path = absl::GetFlag(FLAGS_fts_db);
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: cannot open %s\n", path.c_str());
    return result;
  }
  // Durable like dossier's acknowledgement: a synced write-ahead log.
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
  sqlite3_exec(db, "CREATE VIRTUAL TABLE articles USING fts5(title, body)", nullptr, nullptr,
               nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO articles(title, body) VALUES (?, ?)", -1, &insert, nullptr);
  const int batch = std::max(1, absl::GetFlag(FLAGS_fts_batch));
  const absl::Time start = absl::Now();
  std::vector<absl::Time> queued;
  for (size_t i = 0; i < articles.size(); ++i) {
    if (i % batch == 0) sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    queued.push_back(absl::Now());
    sqlite3_bind_text(insert, 1, articles[i].title.data(), static_cast<int>(articles[i].title.size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, articles[i].text.data(), static_cast<int>(articles[i].text.size()),
                      SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
    if ((i + 1) % batch == 0 || i + 1 == articles.size()) {
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      const absl::Time committed = absl::Now();
      for (const absl::Time& t : queued) {
        result.latency_ms.push_back(absl::ToDoubleMilliseconds(committed - t));
      }
      queued.clear();
    }
  }
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  result.documents = static_cast<long>(articles.size());
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::vector<Article> originals;
  dossier::ForEachReferenceArticle(absl::GetFlag(FLAGS_data_dir),
                                   [&](const dossier::ReferenceArticle& a) {
                                     Article article;
                                     article.title = a.title;
                                     // Reuters as the wire printed it:
                                     // the dateline leads the body.
                                     article.text = a.dateline.empty()
                                                        ? a.text
                                                        : absl::StrCat(a.dateline, " ", a.text);
                                     originals.push_back(std::move(article));
                                   });
  std::vector<Article> articles;
  const int copies = std::max(1, absl::GetFlag(FLAGS_copies));
  for (int c = 0; c < copies; ++c) {
    for (size_t i = 0; i < originals.size(); ++i) {
      Article a = originals[i];
      if (c > 0) a.text = absl::StrCat(a.text, "\n\n(Benchmark copy ", c, " of article ", i, ".)");
      articles.push_back(std::move(a));
    }
  }
  long bytes = 0;
  for (const auto& a : articles) bytes += static_cast<long>(a.text.size());
  std::printf("corpus: %zu articles (%zu originals x %d), %.0f MB\n", articles.size(),
              originals.size(), copies, bytes / 1e6);
  Result ours, fts;
  if (!absl::GetFlag(FLAGS_skip_dossier)) ours = RunDossier(articles);
  if (!absl::GetFlag(FLAGS_skip_fts)) fts = RunFts(articles);
  auto line = [](const char* name, const Result& r, const char* what) {
    if (r.documents == 0) return;
    std::printf("%-8s %8.0f docs/s  ack p50 %8.1f ms  p99 %8.1f ms  (%ld documents, %.1f s; %s)\n",
                name, r.documents / r.seconds, Percentile(r.latency_ms, 0.5),
                Percentile(r.latency_ms, 0.99), r.documents, r.seconds, what);
  };
  line("dossier", ours, "durable, tagged and indexed");
  line("FTS5", fts, "synced WAL, batched commits");
  if (ours.documents > 0 && fts.documents > 0) {
    std::printf("ratio    %.2fx of FTS5's docs/s\n",
                (ours.documents / ours.seconds) / (fts.documents / fts.seconds));
  }
  return 0;
}
