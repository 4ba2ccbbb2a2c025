// dossier-bench-ingest: articles through all three services against the
// same texts bulk-inserted into SQLite FTS5, in one run.
//
//   dossier-bench-ingest --ingest=HOST:PORT --query=HOST:PORT
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
#include <cstdio>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "common/flags.h"
#include "common/security_flags.h"
#include "tools/bench/bench_corpus.h"

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

using dossier::bench::BenchArticle;
using dossier::bench::Percentile;

struct Result {
  long documents = 0;
  double seconds = 0;
  std::vector<double> latency_ms;
};

Result RunDossier(const std::vector<BenchArticle>& articles) {
  dossier::bench::StreamResult streamed = dossier::bench::StreamIntoDossier(
      absl::GetFlag(FLAGS_ingest), absl::GetFlag(FLAGS_query), articles.size(),
      absl::GetFlag(FLAGS_streams), [&](size_t i, dossier::v1::DocumentInput* input) {
        input->set_text(articles[i].text);
        input->set_title(articles[i].title);
      });
  Result result;
  result.seconds = streamed.seconds;
  result.documents = streamed.accepted;
  result.latency_ms = std::move(streamed.latency_ms);
  return result;
}

Result RunFts(const std::vector<BenchArticle>& articles) {
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
    sqlite3_bind_text(insert, 1, articles[i].title.data(),
                      static_cast<int>(articles[i].title.size()), SQLITE_STATIC);
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
  dossier::ParseFlags(argc, argv,
                      "dossier-bench-ingest --ingest=HOST:PORT --query=HOST:PORT --data_dir=DIR "
                      "--copies=N --fts_db=FILE: articles through all three services against the "
                      "same texts bulk-inserted into SQLite FTS5");
  // The token (--token_file or DOSSIER_TOKEN) and TLS of a suite with auth.
  auto security = dossier::ClientSecurityFromFlags();
  if (!security.ok()) {
    std::fprintf(stderr, "dossier-bench-ingest: %s\n", security.status().ToString().c_str());
    return 64;
  }
  dossier::SetDefaultClientSecurity(*std::move(security));
  size_t originals = 0;
  const int copies = std::max(1, absl::GetFlag(FLAGS_copies));
  const std::vector<BenchArticle> articles =
      dossier::bench::LoadBenchCorpus(absl::GetFlag(FLAGS_data_dir), copies, &originals);
  long bytes = 0;
  for (const auto& a : articles) bytes += static_cast<long>(a.text.size());
  std::printf("corpus: %zu articles (%zu originals x %d), %.0f MB\n", articles.size(), originals,
              copies, bytes / 1e6);
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
